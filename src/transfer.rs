//! Moving dossiers between states and devices: sealing a draft into a signed
//! bundle (checked before it is queued), saving a bundle as a file and
//! importing one, and copying a refused bundle back into a new draft.

use std::sync::Arc;

use js_sys::{Array, Uint8Array};
use tokhai_core::bundle::{self, AttachmentInput, SealContext, SealInput};
use tokhai_core::catalog::Catalog;
use tokhai_core::draft::{self, Draft, Filing};
use tokhai_core::draft_file;
use tokhai_core::form::{Env, Form};
use tokhai_core::i18n::Text;
use tokhai_core::jose::jwk::EcPublicJwk;
use tokhai_core::outbox::Entry;
use tokhai_core::time::Instant;
use leptos::prelude::GetUntracked;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag};

use crate::crypto::{self, DeviceKey, PublicPoint};
use crate::messages;
use crate::patterns::patterns;
use crate::storage::attachments::AttachmentMeta;
use crate::storage::outbox::{BundleInfo, Outboxed};
use crate::storage;

/// The media type of a bundle file.
pub const BUNDLE_TYPE: &str = "application/vnd.tokhai.bundle+zip";

fn now() -> Instant {
    Instant(js_sys::Date::now() as i64)
}

fn env<'a>(book: Option<&'a tokhai_core::vn::AddressBook>) -> Env<'a> {
    let e = Env::new(patterns(), now().vietnam_date());
    match book {
        Some(b) => e.with_addresses(b),
        None => e,
    }
}

fn jwk(p: &PublicPoint) -> EcPublicJwk {
    EcPublicJwk { kty: "EC".into(), crv: "P-256".into(), x: p.x.clone(), y: p.y.clone() }
}

fn point(j: &EcPublicJwk) -> PublicPoint {
    PublicPoint { x: j.x.clone(), y: j.y.clone() }
}

pub async fn blob_bytes(b: &Blob) -> Result<Vec<u8>, Text> {
    let buf = JsFuture::from(b.array_buffer()).await.map_err(|_| messages::storage(&storage::StorageError::Corrupt("unreadable file".into())))?;
    Ok(Uint8Array::new(&buf).to_vec())
}

pub fn bytes_blob(bytes: &[u8], media_type: &str) -> Blob {
    let parts = Array::of1(&Uint8Array::from(bytes).into());
    let opts = BlobPropertyBag::new();
    opts.set_type(media_type);
    Blob::new_with_u8_array_sequence_and_options(&parts, &opts).expect("a Blob from bytes")
}

/// Seals `draft` into a signed bundle, checks the bundle as the portal will,
/// and moves it to the outbox (the draft and its attachments go, in the same
/// transaction). Returns the bundle id. On any failure nothing changes.
pub async fn seal_and_queue(
    draft: &Draft,
    form: &Arc<Form>,
    catalog_id: &str,
    operator: Option<tokhai_core::bundle::OperatorBlock>,
) -> Result<String, Text> {
    let db = storage::db().await.map_err(|e| messages::storage(&e))?;
    let key = DeviceKey::load_or_create(&db).await.map_err(|e| messages::crypto(&e))?;
    let mut attachments = Vec::new();
    for a in db.attachments_of(&draft.id).await.map_err(|e| messages::storage(&e))? {
        let blob = db.attachment_blob(&a.id).await.map_err(|e| messages::storage(&e))?.ok_or_else(messages::attachment_missing)?;
        attachments.push(AttachmentInput { name: a.name, slot: a.slot, media_type: a.media_type, bytes: blob_bytes(&blob).await? });
    }
    let book = crate::addresses::book().get_untracked();
    let env = env(book.as_deref());
    crate::perf::mark("tokhai:seal:start");
    let input = SealInput::from_draft(
        draft,
        form,
        &env,
        SealContext {
            id: crate::ids::new_id(),
            catalog_id: catalog_id.to_owned(),
            sealed_at: now(),
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
            device_jwk: jwk(key.public_point()),
            attachments,
            operator: operator.clone(),
        },
    )
    .map_err(|e| e.message())?;
    // Never seal what the portal would refuse: its published intake limit (in
    // the catalog it serves) decides, the same function the portal opens under.
    let published = crate::catalog_state::use_catalog_untracked().and_then(|c| c.header.intake).map(|i| i.max_bundle_bytes);
    let unsigned = bundle::prepare_with(input, &bundle::Limits::published(published)).map_err(|e| e.message())?;
    let signature = key.sign(unsigned.signing_input()).await.map_err(|e| messages::crypto(&e))?;
    let sealed = unsigned.assemble(&signature).map_err(|e| e.message())?;
    crate::perf::measure_now("tokhai:seal", "tokhai:seal:start");

    // The self-check: exactly what the portal will do, before anything is queued.
    let opened = bundle::open(sealed.bytes()).map_err(|e| e.message())?;
    let signed = crypto::verify_es256(&point(opened.jwk()), opened.signing_input(), opened.signature()).await.map_err(|e| messages::crypto(&e))?;
    if !signed {
        return Err(messages::self_check_failed());
    }
    opened.assume_verified().check_data(form, &env).map_err(|e| e.message())?;

    let id = sealed.id().to_owned();
    let manifest = sealed.manifest();
    // In a session, the outbox entry names no one: the citizen's name is
    // sealed under the session key (the bundle itself must stay readable to be sent).
    let vault = crate::session::vault();
    let citizen_enc = match (&vault, &draft.summary.citizen) {
        (Some(v), Some(c)) => crate::session::cipher::seal(&v.key, c.as_bytes()).await.ok(),
        _ => None,
    };
    let info = BundleInfo {
        procedure: manifest.procedure.code.clone(),
        citizen: if vault.is_some() { None } else { draft.summary.citizen.clone() },
        sealed_at: now().millis(),
        size: sealed.bytes().len() as u64,
        agency: tokhai_core::filing::agency_code(&manifest.agency),
        local: true,
        session: vault.map(|v| v.session),
        citizen_enc,
        operator: operator.map(|o| o.name),
        wiped_at: None,
    };
    let blob = bytes_blob(sealed.bytes(), BUNDLE_TYPE);
    let item = Outboxed { entry: Entry::new(id.clone(), now().millis()), info };
    // One transaction: the bundle is queued and the draft removed together,
    // or (a full phone) neither, and the draft stays as it was.
    db.file_draft(&draft.id, &item, &blob).await.map_err(|e| messages::not_filed(&e))?;
    crate::delivery::kick();
    Ok(id)
}

/// Imports a file into the outbox: one bundle, or a batch of many (from
/// "Xuất hồ sơ chờ gửi"). Every bundle is checked on its own — signature,
/// digests, and its data when this device has the same version of the form —
/// and one bad bundle does not stop the others. Returns a short report.
pub async fn import_file(file: &web_sys::File) -> Text {
    let name = file.name();
    let bytes = match blob_bytes(file).await {
        Ok(b) => b,
        Err(e) => return could_not(&name, &e),
    };
    if !bundle::is_batch(&bytes) {
        return match import_bundle(&bytes, None, file).await {
            Ok(true) => Text::new(format!("Đã nhập “{name}” vào hộp thư đi."), format!("Imported “{name}” into the outbox.")),
            Ok(false) => Text::new(format!("“{name}” đã có trong hộp thư đi."), format!("“{name}” is already in the outbox.")),
            Err(e) => could_not(&name, &e),
        };
    }
    let ranges = match bundle::read_batch_ranges(&bytes) {
        Ok(r) => r,
        Err(e) => return could_not(&name, &e.message()),
    };
    let (mut added, mut present, mut failed) = (0, 0, Vec::new());
    for (id, range) in ranges {
        // The stored bundle is a slice of the file: no second copy in memory.
        let Ok(blob) = file.slice_with_f64_and_f64(range.start as f64, range.end as f64) else {
            failed.push((id, messages::storage(&storage::StorageError::Corrupt("unreadable file".into()))));
            continue;
        };
        match import_bundle(&bytes[range], Some(&id), &blob).await {
            Ok(true) => added += 1,
            Ok(false) => present += 1,
            Err(e) => failed.push((id, e)),
        }
    }
    let mut vi = format!("“{name}”: đã nhập {added} hồ sơ vào hộp thư đi");
    let mut en = format!("“{name}”: imported {added} dossiers into the outbox");
    if present > 0 {
        vi += &format!(", {present} hồ sơ đã có sẵn");
        en += &format!(", {present} were already there");
    }
    if !failed.is_empty() {
        vi += &format!(", {} hồ sơ không nhập được", failed.len());
        en += &format!(", {} could not be imported", failed.len());
    }
    vi.push('.');
    en.push('.');
    for (id, e) in failed {
        let short = &id[..8.min(id.len())];
        vi += &format!(" Hồ sơ {short}…: {}", e.vi);
        en += &format!(" Dossier {short}…: {}", e.get(tokhai_core::i18n::Lang::En));
    }
    Text::new(vi, en)
}

fn could_not(name: &str, e: &Text) -> Text {
    Text::new(format!("Không nhập được “{name}”: {}", e.vi), format!("Could not import “{name}”: {}", e.get(tokhai_core::i18n::Lang::En)))
}

/// Checks one bundle file (`bytes`, stored as `blob`) and queues it;
/// `expected_id` is the id a batch names it by. `Ok(false)`: already queued.
async fn import_bundle(bytes: &[u8], expected_id: Option<&str>, blob: &Blob) -> Result<bool, Text> {
    let opened = bundle::open(bytes).map_err(|e| e.message())?;
    if expected_id.is_some_and(|id| id != opened.manifest().id) {
        return Err(bundle::BundleError::BadContainer("the bundle's id is not the one the batch gives it".into()).message());
    }
    let signed = crypto::verify_es256(&point(opened.jwk()), opened.signing_input(), opened.signature()).await.map_err(|e| messages::crypto(&e))?;
    if !signed {
        return Err(bundle::BundleError::BadSignature("the signature does not match the bundle".into()).message());
    }
    let verified = opened.assume_verified();
    let catalog: Option<Arc<Catalog>> = crate::catalog_state::use_catalog_untracked();
    let manifest = verified.manifest().clone();
    let book = crate::addresses::book().get_untracked();
    let env = env(book.as_deref());
    let form = catalog.as_ref().and_then(|c| c.form(&manifest.procedure.code).cloned());
    let citizen = match &form {
        Some(f) if f.schema_version == manifest.procedure.schema_version => {
            verified.check_data(f, &env).map_err(|e| e.message())?;
            draft::subject(f, &manifest.data, &env)
        }
        // Another version of the form: the portal checks it against that version.
        _ => None,
    };
    let info = BundleInfo {
        procedure: manifest.procedure.code.clone(),
        citizen,
        sealed_at: manifest.sealed_at.millis(),
        size: bytes.len() as u64,
        agency: tokhai_core::filing::agency_code(&manifest.agency),
        local: false,
        session: None,
        citizen_enc: None,
        operator: manifest.operator.as_ref().map(|o| o.name.clone()),
        wiped_at: None,
    };
    let db = storage::db().await.map_err(|e| messages::storage(&e))?;
    let item = Outboxed { entry: Entry::new(manifest.id.clone(), now().millis()), info };
    db.queue_bundle(&item, blob).await.map_err(|e| messages::storage(&e))
}

/// Every bundle not yet accepted or refused, in one batch file to carry to a
/// computer with a network (the office imports it into its own outbox). The
/// bundles stay in this outbox: whichever device delivers first, the portal
/// makes one case (the bundle id is the idempotency key). The file is put
/// together from the stored Blobs; only one bundle at a time is read into
/// memory (for its CRC). Returns the file and how many bundles are in it.
pub async fn export_pending() -> Result<Option<(Blob, usize)>, Text> {
    let db = storage::db().await.map_err(|e| messages::storage(&e))?;
    let (items, _) = db.outbox().await.map_err(|e| messages::storage(&e))?;
    let mut pending: Vec<_> = items.into_iter().filter(|o| !o.entry.state.is_final()).collect();
    if pending.is_empty() {
        return Ok(None);
    }
    // Oldest first: the order they were filed in.
    pending.sort_by_key(|o| o.info.sealed_at);
    let mut writer = bundle::BatchWriter::new();
    let parts = Array::new();
    parts.push(&Uint8Array::from(&writer.start().map_err(|e| e.message())?[..]));
    for o in &pending {
        let blob = db.outbox_bundle(&o.entry.id).await.map_err(|e| messages::storage(&e))?.ok_or_else(messages::attachment_missing)?;
        let bytes = blob_bytes(&blob).await?;
        let header = writer.bundle(&o.entry.id, bytes.len() as u64, bundle::zip::crc32(&bytes), &bytes).map_err(|e| e.message())?;
        parts.push(&Uint8Array::from(&header[..]));
        parts.push(&blob);
    }
    parts.push(&Uint8Array::from(&writer.finish().map_err(|e| e.message())?[..]));
    let opts = BlobPropertyBag::new();
    opts.set_type(bundle::BATCH_MIMETYPE);
    let file = Blob::new_with_blob_sequence_and_options(&parts, &opts).map_err(|_| messages::storage(&storage::StorageError::Corrupt("cannot assemble the file".into())))?;
    Ok(Some((file, pending.len())))
}

/// The file name of a batch exported at `at`: `ho-so-cho-gui-20261122-1042-45.tokhai`.
pub fn batch_file_name(at: Instant, count: usize) -> String {
    let d = at.vietnam_date();
    let (h, m) = at.vietnam_hh_mm();
    format!("ho-so-cho-gui-{:04}{:02}{:02}-{h:02}{m:02}-{count}.tokhai", d.year, d.month, d.day)
}

/// Saves a bundle as a `.tokhai` file (or offers it to the phone's share
/// sheet: Zalo, Bluetooth, e-mail…), to carry to another device.
pub fn save_bundle_file(id: String) {
    leptos::task::spawn_local(async move {
        let Ok(db) = storage::db().await else { return };
        let Ok(Some(blob)) = db.outbox_bundle(&id).await else { return };
        let case = db.outboxed(&id).await.ok().flatten().and_then(|o| match o.entry.state {
            tokhai_core::outbox::State::Accepted { receipt } => Some(receipt.case_number),
            _ => None,
        });
        let name = format!("{}.tokhai", case.unwrap_or_else(|| format!("ho-so-{}", &id[..8.min(id.len())])));
        download(&blob, &name);
    });
}

/// Offers `blob` as a download named `name`.
pub fn download(blob: &Blob, name: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(blob) else { return };
    if let Ok(a) = doc.create_element("a") {
        let _ = a.set_attribute("href", &url);
        let _ = a.set_attribute("download", name);
        if let Some(a) = a.dyn_ref::<web_sys::HtmlElement>() {
            a.click();
        }
    }
    // Let the download start before the URL goes away.
    gloo_timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
}

/// A new draft with a refused bundle's answers, files and filing choices, to
/// fix and file again. The refused bundle stays in the outbox as it was.
pub async fn copy_back(id: &str) -> Result<String, Text> {
    let db = storage::db().await.map_err(|e| messages::storage(&e))?;
    let blob = db.outbox_bundle(id).await.map_err(|e| messages::storage(&e))?.ok_or_else(messages::attachment_missing)?;
    let bytes = blob_bytes(&blob).await?;
    let opened = bundle::open(&bytes).map_err(|e| e.message())?;
    let m = opened.manifest().clone();
    let draft = Draft {
        id: crate::ids::new_id(),
        procedure: m.procedure.code.clone(),
        catalog_version: m.procedure.catalog_version.clone(),
        schema_version: m.procedure.schema_version.clone(),
        data: m.data.clone(),
        filing: Filing { province: m.agency.province.clone(), ward: m.agency.ward.clone(), delivery: Some(m.delivery) },
        step: 0,
        created_at: now().millis(),
        updated_at: now().millis(),
        set_aside: Vec::new(),
        summary: draft::Summary { started: true, ..Default::default() },
    };
    let files: Vec<_> = opened
        .attachments()
        .enumerate()
        .map(|(n, (entry, bytes))| new_attachment(&draft.id, n, &entry.slot, &entry.name, &entry.media_type, entry.size, (None, None), bytes))
        .collect();
    db.create_draft(&draft, &files).await.map_err(|e| messages::storage(&e))?;
    Ok(draft.id)
}

/// Saves a draft — as it is on screen, with its stored attachments — as a
/// file to keep or carry elsewhere (a full phone, another device). Returns
/// the file's name.
pub async fn save_draft_file(draft: &Draft) -> Result<String, Text> {
    let db = storage::db().await.map_err(|e| messages::storage(&e))?;
    let mut files = Vec::new();
    for a in db.attachments_of(&draft.id).await.map_err(|e| messages::storage(&e))? {
        let blob = db.attachment_blob(&a.id).await.map_err(|e| messages::storage(&e))?.ok_or_else(messages::attachment_missing)?;
        files.push(draft_file::FileInput {
            slot: a.slot,
            name: a.name,
            media_type: a.media_type,
            width: a.width,
            height: a.height,
            bytes: blob_bytes(&blob).await?,
        });
    }
    let (d, (h, m)) = (now().vietnam_date(), now().vietnam_hh_mm());
    let time = bundle::zip::DosTime::new(d.year, d.month, d.day, h, m, 0);
    let bytes = draft_file::write(draft, &files, time).map_err(|e| e.message())?;
    let name = draft_file::file_name(draft);
    download(&bytes_blob(&bytes, draft_file::DRAFT_MIMETYPE), &name);
    Ok(name)
}

/// Opens a saved draft file as a draft on this device (encrypted in the
/// open session, like any draft). A draft already here keeps its place: the
/// file then becomes a copy. Returns the draft's id.
pub async fn open_draft_file(file: &web_sys::File) -> Result<String, Text> {
    let bytes = blob_bytes(file).await?;
    if bundle::is_batch(&bytes) || bundle::open(&bytes).is_ok() {
        return Err(draft_file::DraftFileError::NotADraft.message());
    }
    let opened = draft_file::read(&bytes, &bundle::Limits::DEFAULT).map_err(|e| e.message())?;
    let mut draft = opened.draft;
    let catalog: Option<Arc<Catalog>> = crate::catalog_state::settled_catalog().await;
    if !catalog.as_ref().is_some_and(|c| c.form(&draft.procedure).is_some()) {
        return Err(unknown_procedure(&draft.procedure));
    }
    let db = storage::db().await.map_err(|e| messages::storage(&e))?;
    if db.draft_exists(&draft.id).await.map_err(|e| messages::storage(&e))? {
        draft.id = crate::ids::new_id();
    }
    let files: Vec<_> = opened
        .files
        .iter()
        .enumerate()
        .map(|(n, (entry, bytes))| {
            new_attachment(&draft.id, n, &entry.slot, &entry.name, &entry.media_type, entry.size, (entry.width, entry.height), bytes)
        })
        .collect();
    db.create_draft(&draft, &files).await.map_err(|e| messages::storage(&e))?;
    Ok(draft.id)
}

/// The `n`th attachment of a draft new to this device (a copy, a file opened):
/// a fresh id, in the carried order (`createdAt` orders a slot's files).
#[allow(clippy::too_many_arguments)]
fn new_attachment(
    draft_id: &str,
    n: usize,
    slot: &str,
    name: &str,
    media_type: &str,
    size: u64,
    (width, height): (Option<u32>, Option<u32>),
    bytes: &[u8],
) -> (AttachmentMeta, web_sys::Blob) {
    let meta = AttachmentMeta {
        id: crate::ids::new_id(),
        draft_id: draft_id.to_owned(),
        slot: slot.to_owned(),
        name: name.to_owned(),
        media_type: media_type.to_owned(),
        size,
        created_at: js_sys::Date::now() + n as f64,
        width,
        height,
    };
    (meta, bytes_blob(bytes, media_type))
}

/// A file for a procedure this device's catalog does not have.
fn unknown_procedure(code: &str) -> Text {
    Text::new(
        format!("Tệp này là hồ sơ của thủ tục mã {code}, nhưng danh mục thủ tục trên máy này không có thủ tục đó. Hãy kết nối mạng để cập nhật danh mục rồi thử lại."),
        format!("This file is a dossier for procedure {code}, which this device's procedure catalog does not have. Connect to the network to update the catalog, then try again."),
    )
}
