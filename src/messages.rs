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
            "Bộ nhớ của máy đã đầy nên không lưu thêm được. Những gì đã lưu trước đó vẫn còn nguyên. Hãy xoá bớt hồ sơ đã nộp hoặc tệp không cần thiết.",
            "The device storage is full, so nothing more can be saved. Everything saved before is intact. Delete filed dossiers or unneeded files.",
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
        StorageError::Corrupt(_) | StorageError::Other(_) => Text::new(
            "Không đọc hoặc ghi được dữ liệu trên máy. Hãy thử lại; dữ liệu đã lưu trước đó không bị xoá.",
            "Could not read or write data on this device. Please try again; data saved before has not been deleted.",
        ),
    }
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
