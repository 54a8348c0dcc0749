//! The catalog's data model: what `docs/catalog-format.md` describes, as types.
//!
//! Field names follow the JSON (camelCase). Unknown fields are rejected so that a
//! typo in a catalog is an error at load time, not a silently missing rule.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::i18n::Text;

/// The format tag every catalog must carry; bumped on incompatible changes.
pub const CATALOG_FORMAT: &str = "tokhai-catalog/1";

/// A catalog's header: everything but the procedures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CatalogHeader {
    pub format: String,
    pub id: String,
    /// Catalog version, e.g. `2026.11.1`; drafts remember it.
    pub version: String,
    /// True for demonstration data, which the app labels as such.
    #[serde(default)]
    pub sample: bool,
    pub title: Text,
    /// ISO date the catalog was published.
    pub published: String,
    /// What the portal serving the catalog accepts. Set by the portal when it
    /// serves the catalog (its `--max-bundle-mb`), inside the signed bytes, so
    /// the app knows the limit offline, before it seals a dossier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intake: Option<Intake>,
}

/// The portal's intake limits, as published in the catalog it serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Intake {
    /// Largest bundle `POST /api/bundles` accepts, in bytes.
    pub max_bundle_bytes: u64,
}

/// One administrative procedure (thủ tục hành chính) and its declaration form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Procedure {
    /// National procedure code from the national public service database, e.g. `1.001193`.
    pub code: String,
    pub name: Text,
    /// Field (lĩnh vực), e.g. Hộ tịch.
    pub field: FieldOfWork,
    pub level: Level,
    /// Implementing agency (cơ quan thực hiện).
    pub agency: Text,
    pub online: OnlineLevel,
    /// May be filed at any ward regardless of residence (phi địa giới hành chính).
    #[serde(default)]
    pub any_ward: bool,
    #[serde(default)]
    pub fees: Vec<Fee>,
    pub processing: Processing,
    /// Required documents (thành phần hồ sơ).
    #[serde(default)]
    pub documents: Vec<DocumentSlot>,
    /// How the result may be delivered; at least one.
    pub delivery: Vec<Delivery>,
    /// Version of `schema` + `ui`; drafts remember it.
    pub schema_version: String,
    /// Extra search words (common names, abbreviations) beyond the name.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// JSON Schema (draft 2020-12) of the form data.
    pub schema: Value,
    pub ui: Ui,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldOfWork {
    /// A short stable identifier, e.g. `ho-tich`.
    pub id: String,
    pub name: Text,
}

/// Implementing level (cấp thực hiện). Since 1 July 2025 there is no district level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Cấp xã (ward, commune, special zone).
    Commune,
    /// Cấp tỉnh.
    Province,
    /// Cấp bộ / trung ương.
    Central,
}

/// Online service level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OnlineLevel {
    /// Toàn trình: filed, processed and returned entirely online.
    Full,
    /// Một phần: some step (e.g. showing originals, collecting the result) is in person.
    Partial,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Fee {
    pub label: Text,
    /// Amount in VND when filed online.
    pub online: u64,
    /// Amount in VND when filed at the counter.
    pub offline: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Processing {
    /// Working days from receipt to result; 0 means the same day.
    pub working_days: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

/// A document slot (one line of thành phần hồ sơ).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DocumentSlot {
    /// Stable identifier, unique within the procedure.
    pub id: String,
    pub name: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Text>,
    pub required: bool,
    /// Accepted media types, e.g. `image/jpeg`, `application/pdf`.
    pub media_types: Vec<String>,
    /// Maximum size of one file, in bytes.
    pub max_bytes: u64,
    /// Minimum and maximum number of files in this slot.
    #[serde(default = "one")]
    pub min_files: u32,
    #[serde(default = "one")]
    pub max_files: u32,
}

fn one() -> u32 {
    1
}

/// Result delivery option (hình thức nhận kết quả).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Delivery {
    /// Electronic result (bản điện tử) in the citizen's account.
    Electronic,
    /// Postal delivery (dịch vụ bưu chính công ích).
    Postal,
    /// Pick-up at the receiving office.
    Pickup,
}

/// How the form is presented: steps of elements.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Ui {
    pub steps: Vec<Step>,
    /// JSON Pointer to the name of the person the dossier is for, shown in the
    /// drafts list ("Nguyễn Văn A — Đăng ký khai sinh"). Without it the app
    /// uses the first filled `hoTen` field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// JSON Pointer to the name of the person asking for the procedure (người
    /// yêu cầu), who is not always the subject: a parent registers a birth, a
    /// relative a death. When someone files for a citizen, the consent names
    /// this person. Without it the consent names the subject.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requester: Option<String>,
}

/// One page of the form on a phone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Step {
    pub id: String,
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Text>,
    pub elements: Vec<Element>,
}

/// One thing on a step: a field, a group of fields, a repeat group or a document slot.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Element {
    /// JSON Pointer to the value in the form data. Inside a repeat group it is
    /// relative to the item. Absent for `group` and `file`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    pub widget: Widget,
    #[serde(default)]
    pub label: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Text>,
    /// An example value shown inside the empty field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<Text>,
    /// Labels for the values of an `enum` (select, radio, multiselect).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<Choice>,
    /// Condition under which the element is shown, hidden, enabled or disabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<Rule>,
    /// Children of a `group`, or the per-item elements of a `repeat`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub elements: Vec<Element>,
    /// Label of one item of a `repeat`, numbered by the app ("Thành viên 2").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_label: Option<Text>,
    /// Document slot id, for `file`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// Pointers (absolute) to related fields for cross-checks, e.g. a `cccd`
    /// field's `birthDate` and `sex`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<Links>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Widget {
    Text,
    Textarea,
    Number,
    Select,
    Radio,
    Checkbox,
    Multiselect,
    /// dd/mm/yyyy input stored as ISO 8601.
    Date,
    /// 12-digit personal identification number (số định danh cá nhân / CCCD).
    Cccd,
    Phone,
    TaxCode,
    /// Province → ward picker plus street/house text, over an object with
    /// `province`, `ward` and `street`.
    Address,
    File,
    Group,
    Repeat,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub value: Value,
    pub label: Text,
}

/// A JSON Forms-style rule: `effect` applies while the value at `scope` matches `schema`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub effect: Effect,
    /// JSON Pointer to the value the condition looks at. Inside a repeat group
    /// it is relative to the item, like `Element::scope`.
    pub scope: String,
    /// JSON Schema fragment the value must match (validated like the form schema).
    pub schema: Value,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Effect {
    Show,
    Hide,
    Enable,
    Disable,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Links {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<String>,
}
