//! OpenAPI 3.0 and 3.1: documents read into the spec model (`import`), and
//! the IR written out as an OpenAPI 3.1 document (`export`).
//!
//! An OpenAPI document is read through the same YAML node tree as a spec
//! (JSON is YAML), so that every place in it has a line and a column, and
//! the imported model goes through the same checks and code generation as a
//! spec written by hand. A problem in the document is a diagnostic at its
//! place, whose message ends with the JSON pointer of the place (see
//! [`annotate`]). See docs/openapi.md for what maps to what.

pub(crate) mod export;
pub(crate) mod import;

use std::borrow::Cow;

use crate::diagnostic::{Diagnostic, Span};
use crate::yaml::{Node, Value};

/// The value of `key` in a map node.
pub(crate) fn get<'n>(node: &'n Node, key: &str) -> Option<&'n Node> {
    entries(node).iter().find(|(name, _)| name.as_str() == Some(key)).map(|(_, value)| value)
}

/// The entries of a map node; none for any other node.
pub(crate) fn entries(node: &Node) -> &[(Node, Node)] {
    match &node.value {
        Value::Map(entries) => entries,
        _ => &[],
    }
}

/// The string at `key` of a map node.
pub(crate) fn get_str<'n>(node: &'n Node, key: &str) -> Option<&'n str> {
    get(node, key).and_then(Node::as_str)
}

/// A JSON pointer's escaping of one reference token: `~` → `~0`, `/` → `~1`.
pub(crate) fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// The node at a local reference such as `#/components/schemas/Pet`
/// (percent-encoded as URI fragments may be), or `None` when there is none.
pub(crate) fn resolve<'n>(root: &'n Node, reference: &str) -> Option<&'n Node> {
    let pointer = reference.strip_prefix('#')?;
    if pointer.is_empty() {
        return Some(root);
    }
    let mut node = root;
    for token in pointer.strip_prefix('/')?.split('/') {
        // References are resolved many times over; most tokens are plain.
        let token = if token.contains(['%', '~']) {
            Cow::Owned(percent_decode(token)?.replace("~1", "/").replace("~0", "~"))
        } else {
            Cow::Borrowed(token)
        };
        node = match &node.value {
            Value::Map(entries) => &entries.iter().find(|(key, _)| key_is(key, &token))?.1,
            Value::Seq(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// The reference that `reference`, which points nowhere, was likely meant
/// to be: each token that names no key of its map replaced by the closest
/// key (`#/components/schemas/Pett` → `#/components/schemas/Pet`,
/// `#/component/schemas/Pet` → `#/components/schemas/Pet`), when the
/// result points somewhere. For the did-you-mean of a misspelled `$ref`,
/// as a spec's unknown type gets one.
pub(crate) fn closest_reference(root: &Node, reference: &str) -> Option<String> {
    let pointer = reference.strip_prefix("#/")?;
    let mut node = root;
    let mut corrected = String::from("#");
    for token in pointer.split('/') {
        let decoded = percent_decode(token)?.replace("~1", "/").replace("~0", "~");
        if let Value::Seq(items) = &node.value {
            node = items.get(decoded.parse::<usize>().ok()?)?;
            corrected.push('/');
            corrected.push_str(token);
            continue;
        }
        let keys: Vec<(String, &Node)> =
            entries(node).iter().filter_map(|(key, value)| Some((key_text(key)?, value))).collect();
        let (key, value) = match keys.iter().find(|(key, _)| *key == decoded) {
            Some(found) => found,
            None => {
                let closest = crate::diagnostic::did_you_mean(&decoded, keys.iter().map(|(key, _)| key.as_str()))?;
                keys.iter().find(|(key, _)| key == closest)?
            }
        };
        corrected.push('/');
        corrected.push_str(&escape_token(key));
        node = value;
    }
    (corrected != reference).then_some(corrected)
}

/// A map key as text: YAML documents may write status codes unquoted.
pub(crate) fn key_text(key: &Node) -> Option<String> {
    match &key.value {
        Value::Str(text) => Some(text.clone()),
        Value::Int(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// Whether a map key reads as `text` (as [`key_text`] gives it), without
/// building the key's text.
fn key_is(key: &Node, text: &str) -> bool {
    match &key.value {
        Value::Str(key) => key == text,
        Value::Int(_) | Value::Bool(_) => key_text(key).is_some_and(|key| key == text),
        _ => false,
    }
}

fn percent_decode(text: &str) -> Option<String> {
    if !text.contains('%') {
        return Some(text.to_owned());
    }
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = text.get(index + 1..index + 3)?;
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            decoded.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(decoded).ok()
}

/// Ends the message of every diagnostic that points into the OpenAPI
/// document `root` with the JSON pointer of its place:
/// `… (at #/paths/~1pets/get/parameters/0)`. Problems found by the checks
/// that every spec goes through are worded for the spec format; the pointer
/// says where they are in the document's own terms.
pub(crate) fn annotate(root: &Node, diagnostics: &mut [Diagnostic]) {
    for diagnostic in diagnostics {
        let Some(span) = diagnostic.span.filter(|span| span.source == root.span.source) else { continue };
        let mut found = None;
        pointer_at(root, span, &mut String::from("#"), &mut found);
        if let Some(pointer) = found {
            diagnostic.message = format!("{} (at {pointer})", diagnostic.message);
        }
    }
}

/// The pointer of the deepest node at `span`: one that starts where it
/// starts, or holds it. Nodes are in the order of the text, so only the
/// last entry (or item) that starts at or before `span` can hold it, and
/// only that one is walked into: a document with many diagnostics is not
/// walked whole for each. (A collection's own span is its opening bracket,
/// not its extent, so it cannot tell.)
fn pointer_at(node: &Node, span: Span, path: &mut String, found: &mut Option<String>) {
    if touches(node.span, span) {
        *found = Some(path.clone());
    }
    let length = path.len();
    match &node.value {
        Value::Map(entries) => {
            let before = entries.partition_point(|(key, _)| key.span.start <= span.start);
            if let Some((key, value)) = before.checked_sub(1).map(|index| &entries[index]) {
                path.push('/');
                path.push_str(&escape_token(&key_text(key).unwrap_or_default()));
                // A place in a key (`{id}` in `/items/{id}:`) is the entry's.
                if touches(key.span, span) {
                    *found = Some(path.clone());
                }
                pointer_at(value, span, path, found);
                path.truncate(length);
            }
        }
        Value::Seq(items) => {
            let before = items.partition_point(|item| item.span.start <= span.start);
            if let Some(index) = before.checked_sub(1) {
                path.push('/');
                path.push_str(&index.to_string());
                pointer_at(&items[index], span, path, found);
                path.truncate(length);
            }
        }
        _ => {}
    }
}

/// Whether a node at `node` starts where `span` starts, or holds its start.
fn touches(node: Span, span: Span) -> bool {
    node.start == span.start || (node.start < span.start && span.start < node.end)
}

#[cfg(test)]
mod tests {
    use super::{closest_reference, escape_token, resolve};
    use crate::diagnostic::SourceId;
    use crate::yaml::parse;

    #[test]
    fn resolves_escaped_and_encoded_pointers() {
        let root = parse(r#"{"paths": {"/a/{id}": {"get": [1, {"x~y": 2}]}}}"#, SourceId(0)).unwrap();
        let found = resolve(&root, "#/paths/~1a~1%7Bid%7D/get/1/x~0y").unwrap();
        assert_eq!(found.value, crate::yaml::Value::Int(2));
        assert!(resolve(&root, "#/paths/nope").is_none());
        assert!(resolve(&root, "other.json#/a").is_none());
        assert_eq!(escape_token("/a~b"), "~1a~0b");
    }

    #[test]
    fn a_misspelled_reference_is_mended_token_by_token() {
        let root = parse(
            r#"{"components": {"schemas": {"Pet": {}, "Owner": {}}}, "paths": {"/a/{id}": {"get": [{"x": 1}]}}}"#,
            SourceId(0),
        )
        .unwrap();
        let closest = |reference: &str| closest_reference(&root, reference);
        assert_eq!(closest("#/components/schemas/Pett").as_deref(), Some("#/components/schemas/Pet"));
        assert_eq!(closest("#/component/schemas/Ownr").as_deref(), Some("#/components/schemas/Owner"));
        assert_eq!(closest("#/paths/~1a~1%7Bid%7D/get/0/y").as_deref(), Some("#/paths/~1a~1{id}/get/0/x"));
        assert_eq!(closest("#/components/schemas/Pet"), None);
        assert_eq!(closest("#/components/schemas/Elephant"), None);
        assert_eq!(closest("#/paths/~1a~1{id}/get/3/x"), None);
    }
}
