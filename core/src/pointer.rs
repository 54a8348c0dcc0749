//! JSON Pointers (RFC 6901) and same-document `$ref` fragments.
//!
//! Pointers are how every error names a place, in the schema (`schema_path`,
//! `SchemaError::pointer`) and in the data (`instance_path`), and how the
//! catalog's `ui` names the field each widget edits (`scope`), so the UI, the
//! validator and the catalog tooling all speak of places the same way.

use serde_json::Value;
use std::borrow::Cow;

/// Escapes one reference token: `~` → `~0`, `/` → `~1`.
pub fn escape(token: &str) -> Cow<'_, str> {
    if token.contains(['~', '/']) {
        Cow::Owned(token.replace('~', "~0").replace('/', "~1"))
    } else {
        Cow::Borrowed(token)
    }
}

/// `base` with one more token appended.
pub fn push(base: &str, token: &str) -> String {
    let token = escape(token);
    let mut out = String::with_capacity(base.len() + 1 + token.len());
    out.push_str(base);
    out.push('/');
    out.push_str(&token);
    out
}

/// The canonical pointer for a list of (unescaped) tokens.
pub fn from_tokens(tokens: &[String]) -> String {
    tokens.iter().fold(String::new(), |acc, t| push(&acc, t))
}

/// Splits a JSON Pointer into unescaped tokens; `None` if it is malformed
/// (not starting with `/`, or a `~` not followed by `0` or `1`).
pub fn parse(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    rest.split('/').map(unescape).collect()
}

fn unescape(token: &str) -> Option<String> {
    let mut out = String::with_capacity(token.len());
    let mut chars = token.chars();
    while let Some(c) = chars.next() {
        if c == '~' {
            match chars.next() {
                Some('0') => out.push('~'),
                Some('1') => out.push('/'),
                _ => return None,
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// The tokens of a same-document reference (`#`, `#/a/b`, or the empty reference).
/// `None` for anything else: other documents, anchors (`#name`), bad escapes.
pub fn parse_local_ref(reference: &str) -> Option<Vec<String>> {
    if reference.is_empty() {
        return Some(Vec::new());
    }
    let fragment = reference.strip_prefix('#')?;
    parse(&percent_decode(fragment)?)
}

/// Decodes `%XX` escapes (the fragment is a URI component); `None` if malformed
/// or not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    if !s.contains('%') {
        return Some(s.to_owned());
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The value the tokens lead to inside `doc`, if any. Array indices follow
/// RFC 6901: decimal, no leading zeros.
pub fn resolve<'d>(doc: &'d Value, tokens: &[String]) -> Option<&'d Value> {
    tokens.iter().try_fold(doc, |v, t| match v {
        Value::Object(map) => map.get(t),
        Value::Array(items) => items.get(index(t)?),
        _ => None,
    })
}

/// The value at `pointer` in `doc` (`None` if absent or the pointer is malformed).
pub fn get<'d>(doc: &'d Value, pointer: &str) -> Option<&'d Value> {
    resolve(doc, &parse(pointer)?)
}

/// Sets the value at `pointer`, creating missing objects on the way (and
/// growing an array by one where a token equals its length). Returns false,
/// changing nothing, when the path runs through a scalar or past an array's end.
pub fn set(doc: &mut Value, pointer: &str, value: Value) -> bool {
    let Some(tokens) = parse(pointer) else { return false };
    let Some((last, parents)) = tokens.split_last() else {
        *doc = value;
        return true;
    };
    // Check the whole path first so a failed set leaves `doc` untouched.
    if !settable(doc, &tokens) {
        return false;
    }
    let mut at = doc;
    for t in parents {
        at = child_or_create(at, t);
    }
    if at.is_null() {
        *at = Value::Object(Default::default());
    }
    match at {
        Value::Object(map) => {
            map.insert(last.clone(), value);
        }
        Value::Array(items) => {
            let i = index(last).expect("checked by settable");
            if i == items.len() {
                items.push(value);
            } else {
                items[i] = value;
            }
        }
        _ => unreachable!("checked by settable"),
    }
    true
}

/// Removes the value at `pointer`; for an array element the later items move
/// down. Returns the removed value.
pub fn remove(doc: &mut Value, pointer: &str) -> Option<Value> {
    let tokens = parse(pointer)?;
    let (last, parents) = tokens.split_last()?;
    let mut at = doc;
    for t in parents {
        at = match at {
            Value::Object(map) => map.get_mut(t)?,
            Value::Array(items) => items.get_mut(index(t)?)?,
            _ => return None,
        };
    }
    match at {
        Value::Object(map) => map.remove(last),
        Value::Array(items) => {
            let i = index(last)?;
            (i < items.len()).then(|| items.remove(i))
        }
        _ => None,
    }
}

/// Joins a base pointer and a relative one (`"/a/0"` + `"/b"` → `"/a/0/b"`).
pub fn join(base: &str, relative: &str) -> String {
    let mut out = String::with_capacity(base.len() + relative.len());
    out.push_str(base);
    out.push_str(relative);
    out
}

/// The parent pointer and the last (unescaped) token, if any.
pub fn split_last(pointer: &str) -> Option<(&str, String)> {
    let cut = pointer.rfind('/')?;
    let token = unescape(&pointer[cut + 1..])?;
    Some((&pointer[..cut], token))
}

fn index(t: &str) -> Option<usize> {
    let valid = !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) && (t == "0" || !t.starts_with('0'));
    if valid {
        t.parse().ok()
    } else {
        None
    }
}

fn settable(doc: &Value, tokens: &[String]) -> bool {
    let mut at = Some(doc);
    for t in tokens {
        match at {
            // Missing values become objects.
            None | Some(Value::Null) => at = None,
            Some(Value::Object(map)) => at = map.get(t),
            Some(Value::Array(items)) => match index(t) {
                Some(i) if i < items.len() => at = items.get(i),
                Some(i) if i == items.len() => at = None,
                _ => return false,
            },
            Some(_) => return false,
        }
    }
    true
}

fn child_or_create<'v>(at: &'v mut Value, t: &str) -> &'v mut Value {
    if at.is_null() {
        *at = Value::Object(Default::default());
    }
    match at {
        Value::Object(map) => map.entry(t.to_owned()).or_insert(Value::Null),
        Value::Array(items) => {
            let i = index(t).expect("checked by settable");
            if i == items.len() {
                items.push(Value::Null);
            }
            &mut items[i]
        }
        _ => unreachable!("checked by settable"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn set_creates_objects_and_appends_to_arrays() {
        let mut doc = json!({});
        assert!(set(&mut doc, "/cha/hoTen", json!("Nguyễn Văn A")));
        assert_eq!(doc, json!({"cha": {"hoTen": "Nguyễn Văn A"}}));
        assert!(set(&mut doc, "/tv", json!([])));
        assert!(set(&mut doc, "/tv/0/hoTen", json!("B")));
        assert_eq!(doc["tv"], json!([{"hoTen": "B"}]));
        assert!(set(&mut doc, "/tv/0/hoTen", json!("C")));
        assert_eq!(doc["tv"], json!([{"hoTen": "C"}]));
        // Past the end of an array, or through a scalar: refused, nothing changed.
        let before = doc.clone();
        assert!(!set(&mut doc, "/tv/5/hoTen", json!("X")));
        assert!(!set(&mut doc, "/cha/hoTen/x", json!("X")));
        assert_eq!(doc, before);
    }

    #[test]
    fn get_and_remove() {
        let mut doc = json!({"a": [1, 2, 3], "b": {"c~/d": true}});
        assert_eq!(get(&doc, "/b/c~0~1d"), Some(&json!(true)));
        assert_eq!(remove(&mut doc, "/a/0"), Some(json!(1)));
        assert_eq!(doc["a"], json!([2, 3]));
        assert_eq!(remove(&mut doc, "/a/9"), None);
        assert_eq!(remove(&mut doc, "/b/c~0~1d"), Some(json!(true)));
        assert_eq!(remove(&mut doc, "/nope/x"), None);
        assert_eq!(split_last("/a/b~1c"), Some(("/a", "b/c".to_owned())));
        assert_eq!(join("/tv/2", "/hoTen"), "/tv/2/hoTen");
    }

    #[test]
    fn escapes_and_unescapes_round_trip() {
        assert_eq!(push("/a", "b/c~d"), "/a/b~1c~0d");
        assert_eq!(parse("/a/b~1c~0d").unwrap(), vec!["a", "b/c~d"]);
        assert_eq!(parse("").unwrap(), Vec::<String>::new());
        assert_eq!(parse("a"), None);
        assert_eq!(parse("/~2"), None);
        assert_eq!(from_tokens(&["$defs".into(), "x/y".into()]), "/$defs/x~1y");
    }

    #[test]
    fn local_refs_are_percent_decoded() {
        assert_eq!(parse_local_ref("#").unwrap(), Vec::<String>::new());
        assert_eq!(parse_local_ref("").unwrap(), Vec::<String>::new());
        assert_eq!(
            parse_local_ref("#/$defs/percent%25field").unwrap(),
            vec!["$defs", "percent%field"]
        );
        assert_eq!(
            parse_local_ref("#/$defs/foo%22bar").unwrap(),
            vec!["$defs", "foo\"bar"]
        );
        assert_eq!(parse_local_ref("#/%24defs/a").unwrap(), vec!["$defs", "a"]);
        assert_eq!(parse_local_ref("#/a%2"), None);
        assert_eq!(parse_local_ref("#anchor"), None);
        assert_eq!(parse_local_ref("other.json#/a"), None);
        assert_eq!(
            parse_local_ref("#/$defs//$defs/").unwrap(),
            vec!["$defs", "", "$defs", ""]
        );
    }

    #[test]
    fn resolves_objects_and_arrays() {
        let doc = json!({"a": [10, {"b": 2}], "": {"": 3}});
        let get = |p: &str| resolve(&doc, &parse(p).unwrap()).cloned();
        assert_eq!(get("/a/0"), Some(json!(10)));
        assert_eq!(get("/a/1/b"), Some(json!(2)));
        assert_eq!(get("/a/01"), None);
        assert_eq!(get("/a/-"), None);
        assert_eq!(get("/a/2"), None);
        assert_eq!(get("//"), Some(json!(3)));
        assert_eq!(get(""), Some(doc.clone()));
    }
}
