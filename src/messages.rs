//! Every error the app can show, mapped to plain bilingual text — in one place,
//! so wording stays consistent and nothing reaches the citizen as a raw error.

use tokhai_core::catalog::CatalogError;
use tokhai_core::i18n::Text;

use crate::crypto::CryptoError;
use crate::net::NetError;
use crate::storage::StorageError;

pub fn storage(e: &StorageError) -> Text {
    match e {
        StorageError::Unavailable(_) => Text::new(
            "Trình duyệt không cho lưu dữ liệu trên máy (có thể do chế độ ẩn danh). Bạn vẫn xem được thủ tục, nhưng hồ sơ sẽ không được lưu lại.",
            "This browser does not allow saving data on the device (private mode?). You can still browse procedures, but forms will not be saved.",
        ),
        StorageError::Quota => Text::new(
            format!("Bộ nhớ của máy đã đầy nên chưa lưu được. Những gì đã lưu trước đó vẫn còn nguyên. {FREE_SPACE_VI}"),
            format!("The device storage is full, so this was not saved. Everything saved before is intact. {FREE_SPACE_EN}"),
        ),
        StorageError::TooNew { .. } => Text::new(
            "Dữ liệu trên máy do phiên bản mới hơn của ứng dụng tạo ra. Hãy tải lại trang để dùng phiên bản mới nhất.",
            "The data on this device was written by a newer version of the app. Reload the page to get the latest version.",
        ),
        StorageError::UnknownStore(_) => Text::new(
            "Dữ liệu trên máy có phần ứng dụng không nhận ra. Để không làm mất dữ liệu, ứng dụng sẽ không thay đổi nó. Hãy tải lại trang để dùng phiên bản mới nhất.",
            "The data on this device contains parts this app does not recognise. To avoid losing anything, it will not be changed. Reload to get the latest version.",
        ),
        StorageError::Locked(_) => Text::new(
            "Hồ sơ này đã được khoá bằng mã PIN của công dân. Hãy mở bằng mã PIN trong mục Hồ sơ đang khai.",
            "This dossier is locked with the citizen's PIN. Open it with the PIN under My drafts.",
        ),
        StorageError::Aborted(_) | StorageError::Corrupt(_) | StorageError::Other(_) => Text::new(
            "Không đọc hoặc ghi được dữ liệu trên máy. Hãy thử lại; dữ liệu đã lưu trước đó không bị xoá.",
            "Could not read or write data on this device. Please try again; data saved before has not been deleted.",
        ),
    }
}

/// What a citizen can do when the phone is full.
const FREE_SPACE_VI: &str = "Hãy giải phóng dung lượng trên điện thoại (xoá ảnh, video hoặc ứng dụng không dùng), xoá bản sao các hồ sơ đã gửi trong Hộp thư đi, hoặc lưu hồ sơ thành tệp.";
const FREE_SPACE_EN: &str = "Free up space on the phone (photos, videos or apps you do not use), remove the copies of delivered dossiers in the Outbox, or save the dossier as a file.";

/// The latest changes to a draft are not saved (autosave failed). They stay
/// on screen and are saved by themselves as soon as storage allows.
pub fn unsaved_changes(e: &StorageError) -> Text {
    match e {
        StorageError::Quota => Text::new(
            format!("Chưa lưu được thay đổi mới nhất: bộ nhớ của máy đã đầy. Thay đổi vẫn còn trên màn hình và sẽ tự được lưu ngay khi máy có chỗ; bản đã lưu trước đó vẫn nguyên vẹn. {FREE_SPACE_VI}"),
            format!("Your latest changes are not saved: the device storage is full. They are still on screen and will be saved by themselves as soon as there is room; what was saved before is intact. {FREE_SPACE_EN}"),
        ),
        StorageError::Locked(_) | StorageError::Unavailable(_) | StorageError::TooNew { .. } | StorageError::UnknownStore(_) => {
            let why = storage(e);
            Text::new(format!("Chưa lưu được thay đổi mới nhất. {}", why.vi), format!("Your latest changes are not saved. {}", why.get(tokhai_core::i18n::Lang::En)))
        }
        StorageError::Aborted(_) | StorageError::Corrupt(_) | StorageError::Other(_) => Text::new(
            "Chưa lưu được thay đổi mới nhất. Thay đổi vẫn còn trên màn hình và ứng dụng sẽ tự thử lưu lại; bản đã lưu trước đó vẫn nguyên vẹn.",
            "Your latest changes are not saved. They are still on screen and the app will try again by itself; what was saved before is intact.",
        ),
    }
}

/// A picked file could not be stored, so it is not attached (the slot
/// shows this after the file's name).
pub fn attachment_not_stored(e: &StorageError) -> Text {
    let why = storage(e);
    Text::new(
        format!("chưa được đính kèm vì không lưu được trên máy. {}", why.vi),
        format!("not attached: it could not be stored on this device. {}", why.get(tokhai_core::i18n::Lang::En)),
    )
}

/// Filing stopped before the sealed bundle reached the outbox.
pub fn not_filed(e: &StorageError) -> Text {
    let why = storage(e);
    Text::new(
        format!("Chưa nộp được: không lưu được hồ sơ đã ký vào Hộp thư đi. Bản nháp vẫn còn nguyên. {}", why.vi),
        format!("Not filed: the signed dossier could not be stored in the Outbox. The draft is unchanged. {}", why.get(tokhai_core::i18n::Lang::En)),
    )
}

/// A new catalog arrived but could not be saved; the saved one is kept.
pub fn catalog_not_saved(e: &StorageError) -> Text {
    let why = storage(e);
    Text::new(
        format!("Chưa lưu được danh mục thủ tục mới trên máy; khi không có mạng, máy dùng danh mục đã lưu trước đó. {}", why.vi),
        format!("The new procedure catalog could not be saved on this device; offline, the catalog saved before is used. {}", why.get(tokhai_core::i18n::Lang::En)),
    )
}

pub fn network(e: &NetError) -> Text {
    match e {
        NetError::Unreachable(_) => Text::new(
            "Không kết nối được với cổng dịch vụ công. Kiểm tra mạng rồi thử lại.",
            "Cannot reach the public service portal. Check the connection and try again.",
        ),
        NetError::Status { status, .. } if *status >= 500 => Text::new(
            format!("Cổng dịch vụ công đang gặp sự cố (mã {status}). Ứng dụng sẽ thử lại sau."),
            format!("The portal is having problems (code {status}). The app will try again later."),
        ),
        NetError::Status { status, .. } => Text::new(
            format!("Cổng dịch vụ công từ chối yêu cầu (mã {status})."),
            format!("The portal refused the request (code {status})."),
        ),
    }
}

/// The portal could not be reached, but a saved catalog is on screen.
pub fn using_saved_catalog() -> Text {
    Text::new(
        "Không kết nối được cổng dịch vụ công. Đang dùng danh mục thủ tục đã lưu trên máy.",
        "Cannot reach the portal. Showing the procedure catalog saved on this device.",
    )
}

pub fn catalog(_e: &CatalogError) -> Text {
    Text::new(
        "Danh mục thủ tục nhận được bị lỗi nên không dùng được. Ứng dụng tiếp tục dùng danh mục đã lưu (nếu có).",
        "The procedure catalog received is faulty and cannot be used. The app keeps using the saved catalog, if any.",
    )
}

pub fn unreadable_photo() -> Text {
    Text::new(
        "Không đọc được ảnh này. Hãy chụp lại, hoặc chọn ảnh JPG hay tệp PDF.",
        "This photo cannot be read. Take it again, or choose a JPG photo or a PDF.",
    )
}

pub fn crypto(e: &CryptoError) -> Text {
    match e {
        CryptoError::Storage(s) => storage(s),
        CryptoError::Unavailable => Text::new(
            "Trình duyệt này không hỗ trợ ký số nên chưa nộp được hồ sơ. Hãy dùng Chrome, Safari hoặc Firefox bản mới.",
            "This browser cannot sign, so the dossier cannot be filed yet. Use a recent Chrome, Safari or Firefox.",
        ),
        CryptoError::Failed(_) => Text::new(
            "Không ký được hồ sơ trên máy này. Hồ sơ vẫn được giữ nguyên; hãy thử lại.",
            "The dossier could not be signed on this device. It is kept as it was; please try again.",
        ),
    }
}

pub fn attachment_missing() -> Text {
    Text::new(
        "Một tệp đính kèm không còn trên máy. Hãy đính kèm lại rồi nộp.",
        "An attachment is no longer on this device. Attach it again, then file.",
    )
}

pub fn self_check_failed() -> Text {
    Text::new(
        "Hồ sơ vừa tạo không qua được bước tự kiểm tra nên chưa được gửi. Bản nháp vẫn còn nguyên.",
        "The dossier just made did not pass its self-check, so it was not queued. The draft is unchanged.",
    )
}

pub fn session_missing() -> Text {
    Text::new("Không tìm thấy phiên này trên máy.", "This session is not on this device.")
}

pub fn wrong_pin() -> Text {
    Text::new("Mã PIN không đúng.", "Wrong PIN.")
}

/// A catalog (from the portal or a file) that is not used, and why.
pub fn catalog_trust(e: &tokhai_core::catalog::trust::TrustError) -> Text {
    use tokhai_core::catalog::trust::TrustError;
    const KEEP_VI: &str = "Ứng dụng giữ danh mục đã lưu (nếu có).";
    const KEEP_EN: &str = "The app keeps the saved catalog, if any.";
    let (vi, en) = match e {
        TrustError::Unsigned => (
            "Danh mục nhận được không có chữ ký của cổng dịch vụ công nên không được dùng.".to_owned(),
            "The catalog received is not signed by the portal, so it is not used.".to_owned(),
        ),
        TrustError::BadSignature => (
            "Chữ ký của danh mục nhận được không hợp lệ nên danh mục không được dùng.".to_owned(),
            "The catalog's signature is not valid, so it is not used.".to_owned(),
        ),
        TrustError::UnknownKey(_) | TrustError::RetiredKey(_) => (
            "Danh mục nhận được được ký bằng khoá khác với khoá của cổng dịch vụ công mà ứng dụng này tin cậy, nên không được dùng. Có thể kết nối mạng đang bị can thiệp: hãy dùng mạng khác hoặc nạp danh mục từ tệp của cơ quan.".to_owned(),
            "The catalog received was signed with a key other than the portal key this app trusts, so it is not used. The connection may be tampered with: use another network or load the catalog from the office's file.".to_owned(),
        ),
        TrustError::NoAnchor => (
            "Bản ứng dụng này không được cấu hình khoá của cổng dịch vụ công nên không kiểm tra được danh mục.".to_owned(),
            "This build of the app has no portal key configured, so it cannot check the catalog.".to_owned(),
        ),
        TrustError::BadRotation(_) => (
            "Thông báo đổi khoá của cổng dịch vụ công không hợp lệ nên danh mục không được dùng.".to_owned(),
            "The portal's key change statement is not valid, so the catalog is not used.".to_owned(),
        ),
        TrustError::Older { found, saved, .. } => (
            format!("Danh mục nhận được (phiên bản {found}) cũ hơn danh mục đã có trên máy (phiên bản {saved}) nên không được dùng."),
            format!("The catalog received (version {found}) is older than the one on this device (version {saved}), so it is not used."),
        ),
    };
    Text::new(format!("{vi} {KEEP_VI}"), format!("{en} {KEEP_EN}"))
}

pub fn not_a_catalog_file() -> Text {
    Text::new("Tệp này không phải là tệp danh mục thủ tục có chữ ký.", "This file is not a signed procedure catalog.")
}
