//! JSON Pointers (RFC 6901) and same-document `$ref` fragments.
//!
//! Pointers are how every error names a place, in the schema (`schema_path`,
//! `SchemaError::pointer`) and in the data (`instance_path`), so the UI and the
//! catalog tooling can find the exact field or keyword without guessing.

use serde_json::Value;
use std::borrow::Cow;

/// Escapes one reference token: `~` → `~0`, `/` → `~1`.
pub(crate) fn escape(token: &str) -> Cow<'_, str> {
    if token.contains(['~', '/']) {
        Cow::Owned(token.replace('~', "~0").replace('/', "~1"))
    } else {
        Cow::Borrowed(token)
    }
}

/// `base` with one more token appended.
pub(crate) fn push(base: &str, token: &str) -> String {
    let token = escape(token);
    let mut out = String::with_capacity(base.len() + 1 + token.len());
    out.push_str(base);
    out.push('/');
    out.push_str(&token);
    out
}

/// The canonical pointer for a list of (unescaped) tokens.
pub(crate) fn from_tokens(tokens: &[String]) -> String {
    tokens.iter().fold(String::new(), |acc, t| push(&acc, t))
}

/// Splits a JSON Pointer into unescaped tokens; `None` if it is malformed
/// (not starting with `/`, or a `~` not followed by `0` or `1`).
pub(crate) fn parse(pointer: &str) -> Option<Vec<String>> {
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
pub(crate) fn parse_local_ref(reference: &str) -> Option<Vec<String>> {
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
pub(crate) fn resolve<'d>(doc: &'d Value, tokens: &[String]) -> Option<&'d Value> {
    tokens.iter().try_fold(doc, |v, t| match v {
        Value::Object(map) => map.get(t),
        Value::Array(items) => {
            let valid = !t.is_empty()
                && t.bytes().all(|b| b.is_ascii_digit())
                && (t == "0" || !t.starts_with('0'));
            if valid {
                items.get(t.parse::<usize>().ok()?)
            } else {
                None
            }
        }
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
