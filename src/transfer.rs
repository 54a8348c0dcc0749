//! Moving dossiers between states and devices: sealing a draft into a signed
//! bundle (checked before it is queued), saving a bundle as a file and
//! importing one, and copying a refused bundle back into a new draft.

use std::sync::Arc;

use js_sys::{Array, Uint8Array};
use tokhai_core::bundle::{self, AttachmentInput, SealContext, SealInput};
use tokhai_core::catalog::Catalog;
use tokhai_core::draft::{self, Draft, Filing};
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
use crate::storage::{self, Db};

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
    let unsigned = bundle::prepare(input).map_err(|e| e.message())?;
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
        agency: manifest.agency.ward.clone().unwrap_or_else(|| manifest.agency.province.clone()),
        local: true,
        session: vault.map(|v| v.session),
        citizen_enc,
        operator: operator.map(|o| o.name),
    };
    let blob = bytes_blob(sealed.bytes(), BUNDLE_TYPE);
    let item = Outboxed { entry: Entry::new(id.clone(), now().millis()), info };
    db.file_draft(&draft.id, &item, &blob).await.map_err(|e| messages::storage(&e))?;
    crate::delivery::kick();
    Ok(id)
}

/// Imports one bundle file into the outbox, after checking its signature and
/// digests (and its data, when this device has the same version of the form).
/// Returns a one-line report for the citizen.
pub async fn import_file(file: &web_sys::File) -> Text {
    let name = file.name();
    match import(file).await {
        Ok(true) => Text::new(format!("Đã nhập “{name}” vào hộp thư đi."), format!("Imported “{name}” into the outbox.")),
        Ok(false) => Text::new(format!("“{name}” đã có trong hộp thư đi."), format!("“{name}” is already in the outbox.")),
        Err(e) => Text::new(format!("Không nhập được “{name}”: {}", e.vi), format!("Could not import “{name}”: {}", e.get(tokhai_core::i18n::Lang::En))),
    }
}

async fn import(file: &web_sys::File) -> Result<bool, Text> {
    let bytes = blob_bytes(file).await?;
    let opened = bundle::open(&bytes).map_err(|e| e.message())?;
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
        agency: manifest.agency.ward.clone().unwrap_or_else(|| manifest.agency.province.clone()),
        local: false,
        session: None,
        citizen_enc: None,
        operator: manifest.operator.as_ref().map(|o| o.name.clone()),
    };
    let db = storage::db().await.map_err(|e| messages::storage(&e))?;
    let item = Outboxed { entry: Entry::new(manifest.id.clone(), now().millis()), info };
    db.queue_bundle(&item, &bytes_blob(&bytes, BUNDLE_TYPE)).await.map_err(|e| messages::storage(&e))
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
        filing: Filing { province: Some(m.agency.province.clone()), ward: m.agency.ward.clone(), delivery: Some(m.delivery) },
        step: 0,
        created_at: now().millis(),
        updated_at: now().millis(),
        set_aside: Vec::new(),
        summary: draft::Summary { started: true, ..Default::default() },
    };
    copy_attachments(&db, &draft.id, &opened).await?;
    db.save_draft(&draft).await.map_err(|e| messages::storage(&e))?;
    Ok(draft.id)
}

async fn copy_attachments(db: &Db, draft_id: &str, opened: &bundle::OpenedBundle) -> Result<(), Text> {
    for (n, (entry, bytes)) in opened.attachments().enumerate() {
        let meta = AttachmentMeta {
            id: crate::ids::new_id(),
            draft_id: draft_id.to_owned(),
            slot: entry.slot.clone(),
            name: entry.name.clone(),
            media_type: entry.media_type.clone(),
            size: entry.size,
            created_at: js_sys::Date::now() + n as f64,
            width: None,
            height: None,
        };
        db.put_attachment(&meta, &bytes_blob(bytes, &entry.media_type)).await.map_err(|e| messages::storage(&e))?;
    }
    Ok(())
}
