//! YAML text → a tree of nodes that each know their place in the file.
//!
//! The spec is read into this untyped tree first, not straight into typed
//! structs: serde's derives stop at the first unknown key or wrong type, and
//! lose locations inside untagged enums, while a spec author wants every
//! problem at once, each at its line and column.
//!
//! Two fast paths build the same tree for the common cases: `json` reads
//! JSON documents and `plain` plain YAML; `write` writes scalars that YAML
//! reads back as they were (for the spec and OpenAPI writers).

pub(crate) mod differential;
mod json;
mod plain;
pub(crate) mod write;

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Location, Spanned};

use crate::diagnostic::{Diagnostic, SourceId, Span};

/// One YAML node and where it is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub(crate) span: Span,
    pub(crate) value: Value,
}

/// The node's content. Scalars keep the type YAML 1.2's core schema gives
/// them; the spec reader decides what it accepts where.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// An empty list or map (`[]`, `{}`), which a list or map of members
    /// must not be.
    pub(crate) fn is_empty_collection(&self) -> bool {
        match &self.value {
            Value::Seq(items) => items.is_empty(),
            Value::Map(entries) => entries.is_empty(),
            _ => false,
        }
    }

    /// What kind of value this is, for messages ("expected a map, found a
    /// list").
    pub(crate) fn kind(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a number",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a map",
        }
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(text) => Some(text),
            _ => None,
        }
    }
}

/// Limits that keep a hostile spec (an alias bomb, 100 000 nested lists)
/// from taking the machine's memory, stack or time. 500 000 nodes (after
/// alias expansion) is several times what a 5 000-endpoint spec needs.
pub(crate) const MAX_NODES: usize = 500_000;
/// An alias bomb nests anchors of anchors; the events recorded for them grow
/// geometrically and hit this limit long before the node limit (in a tenth
/// of the time). Real specs record a few hundred events for their anchors.
pub(crate) const MAX_RECORDED_ANCHOR_EVENTS: usize = 100_000;
/// Spec nesting is shallow (groups of groups, types in types); 128 levels
/// are far more than needed and far less than the stack can take.
pub(crate) const MAX_DEPTH: usize = 128;

/// The fast readers' limits (`json.rs`, `plain.rs`): half the YAML
/// reader's budgets, so that a document near a limit is left to
/// serde-saphyr, and the readers never disagree on one.
pub(crate) const FAST_MAX_DEPTH: usize = MAX_DEPTH / 2;
pub(crate) const FAST_MAX_NODES: usize = MAX_NODES / 2;
/// serde-saphyr's budget of scalar text is 64 MiB; larger documents are left
/// to it.
pub(crate) const FAST_MAX_TEXT: usize = 32 * 1024 * 1024;

/// Whether two of a map's `keys` are the same text: the fast readers give
/// such a map to serde-saphyr, which reports it. Small maps compare each key
/// with those before it; above this many keys they are sorted instead.
pub(crate) fn has_duplicate<'k>(keys: impl Iterator<Item = &'k str> + Clone) -> bool {
    const LINEAR_SCAN: usize = 16;
    if keys.clone().count() <= LINEAR_SCAN {
        return keys.clone().enumerate().any(|(index, key)| keys.clone().take(index).any(|other| other == key));
    }
    let mut sorted: Vec<&str> = keys.collect();
    sorted.sort_unstable();
    sorted.windows(2).any(|pair| pair[0] == pair[1])
}

fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        // YAML 1.2: only `true` and `false` are booleans. An endpoint named
        // `on` or a value `no` must stay a string (the "Norway problem").
        strict_booleans: true,
        // A key written twice is reported by `drop_duplicate_keys`, with
        // the other problems, rather than stop the reading.
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::PassThrough,
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            max_nodes: MAX_NODES,
            max_recorded_anchor_events: MAX_RECORDED_ANCHOR_EVENTS,
        },
    }
}

/// The stack the parser runs on. In a debug build (proc-macros are built
/// in debug mode by default) serde-saphyr takes some 35 KB of stack per
/// level of nesting, so `MAX_DEPTH` levels need more than the 2 MiB a test
/// or worker thread gets; a thread of its own makes that independent of the
/// caller. Only touched pages are backed by memory.
const PARSER_STACK: usize = 16 * 1024 * 1024;

/// Parses `text` (the file `source`) into a node tree, as
/// [`parse_keeping_going`] does; a key written twice is the error.
#[cfg(test)]
pub(crate) fn parse(text: &str, source: SourceId) -> Result<Node, Diagnostic> {
    let mut duplicates = Vec::new();
    let node = parse_keeping_going(text, source, &mut duplicates)?;
    duplicates.into_iter().next().map_or(Ok(node), Err)
}

/// Parses `text` (the file `source`) into a node tree: by one of the fast
/// paths when the text is JSON or plain YAML they read exactly as
/// serde-saphyr does, else by serde-saphyr. A key written twice in a map
/// goes to `problems` and is read once, as first written, so that the
/// spec's other problems are found too; text that is no YAML is the error.
pub(crate) fn parse_keeping_going(
    text: &str,
    source: SourceId,
    problems: &mut Vec<Diagnostic>,
) -> Result<Node, Diagnostic> {
    let empty = || {
        Diagnostic::new(Span { source, start: 0, end: 0 }, "the spec file is empty")
            .hint("a spec starts with `spec: 1` and `name: …`; see docs/spec-format.md")
    };
    if text.trim().is_empty() {
        return Err(empty());
    }
    if let Some(node) = json::parse(text, source).or_else(|| plain::parse(text, source)) {
        return Ok(node);
    }
    let mut node = parse_as_yaml(text, source)?;
    // The fast readers give up on a key written twice, so only
    // serde-saphyr's tree can have one.
    drop_duplicate_keys(&mut node, problems);
    // A file of comments only is a null document.
    if node.value == Value::Null { Err(empty()) } else { Ok(node) }
}

/// A map key as far as telling keys apart goes: `11` and `0xB` are the
/// same integer, as serde-saphyr's own check has them.
#[derive(PartialEq, Eq, Hash)]
enum KeyIdentity<'n> {
    Null,
    Bool(bool),
    Int(i128),
    Float(u64),
    Str(&'n str),
}

impl<'n> KeyIdentity<'n> {
    /// `None` for a list or a map as a key, which no spec or OpenAPI
    /// document has (the readers refuse it).
    fn of(key: &'n Node) -> Option<Self> {
        Some(match &key.value {
            Value::Null => Self::Null,
            Value::Bool(flag) => Self::Bool(*flag),
            Value::Int(number) => Self::Int(*number),
            Value::Float(number) => Self::Float(number.to_bits()),
            Value::Str(text) => Self::Str(text),
            Value::Seq(_) | Value::Map(_) => return None,
        })
    }
}

/// Reports each key that a map of the tree has twice, at the second time
/// with the first pointed at, and leaves only the first in the tree, which
/// the readers then read as if the second was not there.
fn drop_duplicate_keys(node: &mut Node, problems: &mut Vec<Diagnostic>) {
    match &mut node.value {
        Value::Seq(items) => {
            for item in items {
                drop_duplicate_keys(item, problems);
            }
        }
        Value::Map(entries) => {
            let mut first_at: std::collections::HashMap<KeyIdentity<'_>, Span> =
                std::collections::HashMap::with_capacity(entries.len());
            let mut again = Vec::new();
            for (index, (key, _)) in entries.iter().enumerate() {
                let Some(identity) = KeyIdentity::of(key) else { continue };
                if let Some(&first) = first_at.get(&identity) {
                    let shown = match &key.value {
                        Value::Str(text) => format!(" `{text}`"),
                        Value::Int(number) => format!(" `{number}`"),
                        _ => String::new(),
                    };
                    problems.push(
                        Diagnostic::new(key.span, format!("the key{shown} appears twice in this map"))
                            .label("written again here")
                            .related(first, "first written here")
                            .hint("each key of a map is written once; remove or rename one"),
                    );
                    again.push(index);
                } else {
                    first_at.insert(identity, key.span);
                }
            }
            drop(first_at);
            for index in again.into_iter().rev() {
                entries.remove(index);
            }
            for (_, value) in entries {
                drop_duplicate_keys(value, problems);
            }
        }
        _ => {}
    }
}

/// Parses `text` with serde-saphyr: what [`parse`] does with any text that
/// neither fast reader takes (JSON, plain YAML).
pub(crate) fn parse_as_yaml(text: &str, source: SourceId) -> Result<Node, Diagnostic> {
    let parsed = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("endpointgen-yaml".to_owned())
            .stack_size(PARSER_STACK)
            .spawn_scoped(scope, || parse_here(text, source))
            .map(std::thread::ScopedJoinHandle::join)
    });
    match parsed {
        Ok(Ok(result)) => result,
        Ok(Err(panic)) => std::panic::resume_unwind(panic),
        Err(error) => Err(Diagnostic::new(
            Span { source, start: 0, end: 0 },
            format!("cannot start a thread to read the spec: {error}"),
        )),
    }
}

fn parse_here(text: &str, source: SourceId) -> Result<Node, Diagnostic> {
    let raw: Spanned<RawNode> = serde_saphyr::from_str_with_options(text, options()).map_err(|error| {
        let span =
            error.location().map_or(Span { source, start: 0, end: 0 }, |location| span_of(location, source, text));
        yaml_diagnostic(&error, span)
    })?;
    Ok(convert(raw, source, text))
}

/// What serde-saphyr found, in the words of a spec author.
fn yaml_diagnostic(error: &serde_saphyr::Error, span: Span) -> Diagnostic {
    use serde_saphyr::budget::BudgetBreach;
    // An error met while replaying an alias comes wrapped; the cause is inside.
    let mut error = error.without_snippet();
    while let serde_saphyr::Error::AliasError { error: inner, .. } = error {
        error = inner.without_snippet();
    }
    // The parser's own guard against nested flow collections (`[[[[…`) only
    // says so in words.
    let too_deep = matches!(error, serde_saphyr::Error::Budget { breach: BudgetBreach::Depth { .. }, .. })
        || yaml_message(error) == "recursion limit exceeded";
    match error {
        _ if too_deep => {
            Diagnostic::new(span, format!("the spec nests more than {MAX_DEPTH} levels deep"))
                .hint("spec files nest a few levels; name inner types under `types:` instead of writing them inline")
        }
        serde_saphyr::Error::Budget {
            breach: BudgetBreach::Nodes { .. } | BudgetBreach::RecordedAnchorEvents { .. } | BudgetBreach::Events { .. },
            ..
        } => Diagnostic::new(span, "the spec expands to more YAML than endpointgen reads")
            .hint(format!(
                "a spec may have {} {:03} YAML nodes; anchors and aliases (`&a`, `*a`) that expand into each other count in full",
                MAX_NODES / 1000,
                MAX_NODES % 1000
            )),
        _ => Diagnostic::new(span, format!("this is not valid YAML: {}", yaml_message(error)))
            .hint("check the indentation (spaces, not tabs), and that every bracket and quote is closed"),
    }
}

/// serde-saphyr's message without its own location suffix, which the
/// diagnostic shows in its own way.
fn yaml_message(error: &serde_saphyr::Error) -> String {
    let message = error.without_snippet().to_string();
    let message = message.strip_prefix("error: ").unwrap_or(&message);
    match message.find(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message.to_owned(),
    }
}

fn span_of(location: Location, source: SourceId, text: &str) -> Span {
    let span = location.span();
    let start = span
        .byte_offset()
        .and_then(|offset| usize::try_from(offset).ok())
        .unwrap_or_else(|| byte_offset_of(text, location.line(), location.column()));
    let len = span.byte_len().and_then(|len| usize::try_from(len).ok()).unwrap_or(0);
    let start = start.min(text.len());
    Span { source, start, end: (start + len).min(text.len()) }
}

/// The byte offset of a 1-based line and character column.
fn byte_offset_of(text: &str, line: u64, column: u64) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(usize::try_from(line.saturating_sub(1)).unwrap_or(usize::MAX))
        .map(str::len)
        .sum();
    let column = usize::try_from(column.saturating_sub(1)).unwrap_or(0);
    line_start + text[line_start..].chars().take(column).map(char::len_utf8).sum::<usize>()
}

fn convert(raw: Spanned<RawNode>, source: SourceId, text: &str) -> Node {
    let span = span_of(raw.referenced, source, text);
    let value = match raw.value {
        RawNode::Null => Value::Null,
        RawNode::Bool(value) => Value::Bool(value),
        RawNode::Int(value) => Value::Int(value),
        RawNode::Float(value) => Value::Float(value),
        RawNode::Str(value) => Value::Str(value),
        RawNode::Seq(items) => Value::Seq(items.into_iter().map(|item| convert(item, source, text)).collect()),
        RawNode::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(key, value)| (convert(key, source, text), convert(value, source, text)))
                .collect(),
        ),
    };
    Node { span, value }
}

/// The tree as serde-saphyr delivers it, before spans are made ours.
enum RawNode {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<RawNode>>),
    Map(Vec<(Spanned<RawNode>, Spanned<RawNode>)>),
}

impl<'de> Deserialize<'de> for RawNode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawNodeVisitor)
    }
}

struct RawNodeVisitor;

impl<'de> Visitor<'de> for RawNodeVisitor {
    type Value = RawNode;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a YAML value")
    }

    fn visit_unit<E>(self) -> Result<RawNode, E> {
        Ok(RawNode::Null)
    }

    fn visit_none<E>(self) -> Result<RawNode, E> {
        Ok(RawNode::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<RawNode, D::Error> {
        RawNode::deserialize(deserializer)
    }

    fn visit_bool<E>(self, value: bool) -> Result<RawNode, E> {
        Ok(RawNode::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<RawNode, E> {
        Ok(RawNode::Int(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<RawNode, E> {
        Ok(RawNode::Int(value.into()))
    }

    fn visit_i128<E>(self, value: i128) -> Result<RawNode, E> {
        Ok(RawNode::Int(value))
    }

    fn visit_u128<E: serde::de::Error>(self, value: u128) -> Result<RawNode, E> {
        i128::try_from(value).map(RawNode::Int).map_err(|_| E::custom("integer too large"))
    }

    fn visit_f64<E>(self, value: f64) -> Result<RawNode, E> {
        Ok(RawNode::Float(value))
    }

    fn visit_str<E>(self, value: &str) -> Result<RawNode, E> {
        Ok(RawNode::Str(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<RawNode, E> {
        Ok(RawNode::Str(value))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawNode, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(RawNode::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawNode, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key()? {
            let value = map.next_value()?;
            entries.push((key, value));
        }
        Ok(RawNode::Map(entries))
    }
}

/// Every file under `api-spec/` whose extension is one of `extensions`, with
/// its text (files that are not UTF-8, some invalid fixtures, are left
/// out): what the fast readers' tests compare against serde-saphyr.
#[cfg(test)]
pub(crate) fn repository_files(extensions: &[&str]) -> Vec<(std::path::PathBuf, String)> {
    let mut files = Vec::new();
    let mut folders = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-spec")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|extension| extensions.iter().any(|wanted| extension == *wanted))
                && let Ok(text) = std::fs::read_to_string(&path)
            {
                files.push((path, text));
            }
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::{Value, parse};
    use crate::diagnostic::SourceId;

    #[test]
    fn nodes_know_their_byte_range() {
        let text = "spec: 1\nname: \"portal\"\n";
        let node = parse(text, SourceId(0)).unwrap();
        let Value::Map(entries) = node.value else { panic!("not a map") };
        let (key, value) = &entries[1];
        assert_eq!(&text[key.span.start..key.span.end], "name");
        assert_eq!(value.as_str(), Some("portal"));
        assert!(text[value.span.start..].starts_with("\"portal\""));
    }

    #[test]
    fn a_key_written_twice_is_reported_and_read_once() {
        let text = "a: 1\nb: { c: 2, c: 3, 0xB: x, 11: y }\na: 4\n";
        let mut problems = Vec::new();
        let node = super::parse_keeping_going(text, SourceId(0), &mut problems).unwrap();
        let found: Vec<(&str, &str, usize)> = problems
            .iter()
            .map(|problem| {
                let span = problem.span.unwrap();
                (problem.message.as_str(), &text[span.start..span.end], problem.related[0].0.start)
            })
            .collect();
        assert_eq!(
            found,
            [
                ("the key `a` appears twice in this map", "a", 0),
                ("the key `c` appears twice in this map", "c", text.find('c').unwrap()),
                ("the key `11` appears twice in this map", "11", text.find("0xB").unwrap()),
            ]
        );
        let Value::Map(entries) = &node.value else { panic!("not a map") };
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].1.value, Value::Int(1));
        let Value::Map(inner) = &entries[1].1.value else { panic!("not a map") };
        assert_eq!(inner.len(), 2);
        assert_eq!(inner[0].1.value, Value::Int(2));
    }

    #[test]
    fn a_key_merged_in_and_written_again_is_no_duplicate() {
        let text = "base: &base { a: 1, b: 2 }\nmore: { <<: *base, a: 3 }\n";
        let mut problems = Vec::new();
        super::parse_keeping_going(text, SourceId(0), &mut problems).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn deep_nesting_is_refused_without_overflowing_the_stack() {
        let text = format!("a: {}{}", "[".repeat(100_000), "]".repeat(100_000));
        let error = parse(&text, SourceId(0)).unwrap_err();
        assert_eq!(error.message, "the spec nests more than 128 levels deep");
    }
}
