//! The form engine on the real sample catalog: every procedure compiles, every
//! example passes the full check, and rules, repeat groups, cross-checks and
//! pruning behave as a citizen filling the form would expect.
#![cfg(all(feature = "native", feature = "embedded-address"))]


use serde_json::{json, Value};
use tokhai_core::form::{Env, Form};
use tokhai_core::pointer;
use tokhai_core::schema::NativePatterns;

mod support;
use support::*;

fn messages(form: &Form, data: &Value, env: &Env<'_>) -> Vec<(String, String)> {
    form.check(data, env).iter().map(|e| (e.path.clone(), e.message.vi.clone())).collect()
}

#[test]
fn every_sample_procedure_compiles() {
    let cat = catalog();
    let broken: Vec<_> = cat.broken().map(|e| e.to_string()).collect();
    assert!(broken.is_empty(), "{broken:#?}");
    assert!(cat.forms().count() >= 8);
}

#[test]
fn every_example_passes_the_full_check_and_is_complete() {
    let patterns = NativePatterns::new();
    let env = env(&patterns);
    for form in catalog().forms() {
        let data = example(&form.code);
        let errors = messages(form, &data, &env);
        assert!(errors.is_empty(), "{}: {errors:#?}", form.code);
        assert_eq!(form.prune(&data, &env), data, "{}: the example holds no hidden or blank values", form.code);
        let progress = form.progress(&data, &form.check(&data, &env), &|_| 9, &env);
        assert_eq!(progress.percent(), 100, "{}: {progress:?}", form.code);
    }
}

#[test]
fn an_empty_form_reports_errors_on_the_first_fields_of_each_step() {
    let patterns = NativePatterns::new();
    let env = env(&patterns);
    let f = form("1.001193");
    let errors = f.check(&json!({}), &env);
    let first = errors.iter().next().unwrap();
    assert_eq!(first.step, Some(0));
    assert_eq!(first.path, "/nguoiDuocKhaiSinh/hoTen");
    assert_eq!(first.message.vi, "Bắt buộc nhập");
    // A section skipped entirely lists every required field in it, not one line.
    let step0: Vec<_> = errors.in_step(0).map(|e| e.path.as_str()).collect();
    for p in ["/nguoiDuocKhaiSinh/gioiTinh", "/nguoiDuocKhaiSinh/ngaySinh", "/nguoiDuocKhaiSinh/noiSinh"] {
        assert!(step0.contains(&p), "{p} missing from {step0:?}");
    }
    assert!(!step0.contains(&"/nguoiDuocKhaiSinh"), "no separate line for the object itself");
    assert!(errors.in_step(1).any(|e| e.path == "/me/hoTen"));
    let progress = f.progress(&json!({}), &errors, &|_| 0, &env);
    assert_eq!(progress.done, 0);
    assert!(progress.total > 5);
}

#[test]
fn unknown_father_hides_and_drops_his_details() {
    let patterns = NativePatterns::new();
    let env = env(&patterns);
    let f = form("1.001193");
    let mut data = example("1.001193");
    data["chaBiet"] = json!(false);
    let pruned = f.prune(&data, &env);
    assert!(pruned.get("cha").is_none(), "hidden answers are not filed");
    assert!(data.get("cha").is_some(), "but the draft keeps them, in case the box is ticked again");
    assert!(messages(&f, &data, &env).is_empty());
    let mut cha_visible = None;
    f.walk(&data, &env, |inst| {
        if inst.path.as_deref() == Some("/cha/hoTen") {
            cha_visible = Some(inst.state.visible);
        }
    });
    assert_eq!(cha_visible, Some(false));
    // Ticked again with no details: now they are required.
    data["chaBiet"] = json!(true);
    data.as_object_mut().unwrap().remove("cha");
    assert!(messages(&f, &data, &env).iter().any(|(p, _)| p == "/cha/hoTen"));
}

#[test]
fn cccd_is_cross_checked_against_the_same_persons_birth_date() {
    let patterns = NativePatterns::new();
    let env = env(&patterns);
    let f = form("1.001193");
    let mut data = example("1.001193");
    data["me"]["ngaySinh"] = json!("1993-03-12");
    let errors = messages(&f, &data, &env);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].0, "/me/soDinhDanh");
    assert!(errors[0].1.contains("Năm sinh"), "{}", errors[0].1);
}

/// Inside a repeat, `links` name fields of the same item: each household
/// member's number is checked against that member, not another.
#[test]
fn a_household_members_number_is_checked_against_that_member() {
    let patterns = NativePatterns::new();
    let env = env(&patterns);
    let f = form("1.004222");
    let data = example("1.004222");
    assert!(messages(&f, &data, &env).is_empty());
    let mut swapped = data.clone();
    swapped["thanhVien"][1]["gioiTinh"] = json!("nam");
    let errors = messages(&f, &swapped, &env);
    assert_eq!(errors, [("/thanhVien/1/soDinhDanh".to_owned(), "Giới tính không khớp với số định danh cá nhân".to_owned())]);
    let mut older = data.clone();
    older["thanhVien"][0]["ngaySinh"] = json!("2019-04-11");
    let errors = messages(&f, &older, &env);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].0, "/thanhVien/0/soDinhDanh");
    assert!(errors[0].1.contains("Năm sinh"), "{}", errors[0].1);
}

#[test]
fn repeat_items_have_their_own_errors_and_rules() {
    let patterns = NativePatterns::new();
    let env = env(&patterns);
    let f = form("1.004222");
    let mut data = example("1.004222");
    pointer::remove(&mut data, "/thanhVien/1/hoTen");
    let errors = f.check(&data, &env);
    let e = errors.iter().find(|e| e.path == "/thanhVien/1/hoTen").expect("error on the second member's name");
    assert_eq!(e.step, Some(3));

    // Residence history: "still living here" hides (and drops) the end month, per item.
    let f = form("3.000333");
    let mut data = example("3.000333");
    data["quaTrinhCuTru"][0]["denNay"] = json!(true);
    let pruned = f.prune(&data, &env);
    assert!(pruned["quaTrinhCuTru"][0].get("denThang").is_none());
    assert!(pruned["quaTrinhCuTru"][1].get("denThang").is_some(), "other items keep theirs");
}

#[test]
fn an_address_must_name_a_ward_of_its_province() {
    let patterns = NativePatterns::new();
    let env = env(&patterns);
    let f = form("1.004222");
    let mut data = example("1.004222");
    data["noiDangKy"]["province"] = json!("01");
    let errors = messages(&f, &data, &env);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].0, "/noiDangKy", "shown on the address element");
    // Without the address book (not loaded yet in the app) only shapes are checked.
    let shape_only = Env::new(&patterns, today());
    assert!(messages(&f, &data, &shape_only).is_empty());
}

#[test]
fn typed_but_invalid_values_are_explained() {
    let patterns = NativePatterns::new();
    let env = env(&patterns);
    let f = form("1.001193");
    let mut data = example("1.001193");
    data["nguoiYeuCau"]["dienThoai"] = json!("0112345678");
    data["nguoiDuocKhaiSinh"]["ngaySinh"] = json!("2027-01-01");
    data["soBanSao"] = json!("hai");
    let errors = messages(&f, &data, &env);
    let at = |p: &str| errors.iter().find(|(q, _)| q == p).map(|(_, m)| m.clone()).unwrap_or_else(|| panic!("no error at {p}: {errors:?}"));
    assert!(!at("/nguoiYeuCau/dienThoai").is_empty());
    assert!(at("/nguoiDuocKhaiSinh/ngaySinh").contains("tương lai") || at("/nguoiDuocKhaiSinh/ngaySinh").contains("sau"));
    assert!(at("/soBanSao").contains("số"));
}

#[test]
fn an_unticked_consent_box_asks_to_be_ticked() {
    let patterns = NativePatterns::new();
    let env = env(&patterns);
    let f = form("1.001193");
    let mut data = example("1.001193");
    data["camDoan"] = json!(false);
    let errors = messages(&f, &data, &env);
    assert_eq!(errors, vec![("/camDoan".to_owned(), "Bạn cần đánh dấu vào ô này".to_owned())]);
}

#[test]
fn drafts_summarize_and_survive_a_catalog_change() {
    use tokhai_core::draft::Draft;
    use tokhai_core::time::Instant;

    let patterns = NativePatterns::new();
    let env = env(&patterns);
    let f = form("1.001193");
    let mut draft = Draft::new("d1".into(), &f, "2026.11.1", Instant(1_795_000_000_000));
    assert!(draft.filing.delivery.is_none(), "three delivery options: the citizen chooses");
    draft.summarize(&f, &|_| 0, &env);
    assert!(!draft.summary.started);
    draft.data = example("1.001193");
    draft.summarize(&f, &|_| 1, &env);
    assert_eq!(draft.summary.citizen.as_deref(), Some("Nguyễn Minh Khang"));
    assert_eq!(draft.summary.percent, 100);
    assert_eq!(draft.summary.attachments, 3);

    // The catalog changes: the birth place field becomes a short code, and a field is dropped.
    let mut procedure = f.procedure.clone();
    procedure.schema_version = "2.0.0".into();
    procedure.schema["$defs"] = procedure.schema.get("$defs").cloned().unwrap_or(json!({}));
    let child = &mut procedure.schema["properties"]["nguoiDuocKhaiSinh"];
    child["properties"]["noiSinh"] = json!({"type": "string", "maxLength": 10});
    child["properties"].as_object_mut().unwrap().remove("queQuan");
    let steps = &mut procedure.ui.steps[0].elements;
    steps.retain(|e| e.scope.as_deref() != Some("/nguoiDuocKhaiSinh/queQuan"));
    let newer = Form::compile(procedure, &patterns).unwrap();
    let old_place = draft.data["nguoiDuocKhaiSinh"]["noiSinh"].clone();
    let opened = draft.clone().adopt(&newer, "2026.12.1", &env);
    assert_eq!(opened.schema_version, "2.0.0");
    assert_eq!(opened.catalog_version, "2026.12.1");
    assert!(opened.data["nguoiDuocKhaiSinh"].get("noiSinh").is_none());
    assert_eq!(opened.data["nguoiDuocKhaiSinh"]["hoTen"], json!("Nguyễn Minh Khang"), "what fits is kept");
    let aside: Vec<_> = opened.set_aside.iter().map(|a| (a.path.as_str(), &a.value)).collect();
    assert!(aside.contains(&("/nguoiDuocKhaiSinh/noiSinh", &old_place)), "{aside:?}");
    assert!(aside.iter().any(|(p, _)| *p == "/nguoiDuocKhaiSinh/queQuan"), "{aside:?}");
    // Same version: untouched.
    assert_eq!(draft.clone().adopt(&f, "2026.11.2", &env).data, draft.data);
}
