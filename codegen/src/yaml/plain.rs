//! A fast path for plain YAML (what specs are: no anchors, aliases, tags or
//! merge keys): the node tree built straight from the events of
//! serde-saphyr's own parser (granit-parser), the same tree with the same
//! spans that serde-saphyr's deserializer builds, in less than half its time.
//!
//! serde-saphyr stays the reference: this reader takes only documents that
//! it reads exactly as serde-saphyr does and gives up (`None`) on anything
//! else: a parse error, an anchor, an alias, a tag, a merge key, a duplicate
//! key, a plain scalar whose type is not plainly a string or a decimal
//! number, a document near a budget. The caller then reads the text with
//! serde-saphyr, which reports every problem in its own words, as before.

use std::borrow::Cow;

use granit_parser::{Event, Parser, ScalarStyle};

use super::{FAST_MAX_DEPTH, FAST_MAX_NODES, FAST_MAX_TEXT, MAX_DEPTH, Node, Value, has_duplicate};
use crate::diagnostic::{SourceId, Span};

/// Events this reader follows, besides the shared limits; beyond,
/// serde-saphyr decides.
const FAST_MAX_EVENTS: usize = 500_000;

/// The parser options serde-saphyr uses with endpointgen's options
/// (`yaml::options`): its default budget's key look-ahead and flow nesting,
/// and block nesting one past the depth budget.
fn parser_options() -> granit_parser::Options {
    let mut options = granit_parser::Options::default();
    options.simple_key_max_lookahead = 1024;
    options.flow_nesting_limit = 255;
    options.block_nesting_limit = options.block_nesting_limit.max(MAX_DEPTH + 1);
    options.emit_comments = false;
    options.strict_indentation = false;
    options.bom_inside_document_as_content = false;
    options
}

/// The node tree of `text` when it is plain YAML that this reader reads as
/// serde-saphyr would; `None` when serde-saphyr must decide.
pub(crate) fn parse(text: &str, source: SourceId) -> Option<Node> {
    if text.len() > FAST_MAX_TEXT {
        return None;
    }
    let mut reader = Reader {
        events: Parser::new_from_str_with_options(text, parser_options()),
        text,
        source,
        nodes: 0,
        events_read: 0,
    };
    match reader.next()? {
        (Event::StreamStart, _) => {}
        _ => return None,
    }
    match reader.next()? {
        (Event::DocumentStart(..), _) => {}
        _ => return None,
    }
    let (event, span) = reader.next()?;
    let root = reader.node(event, span, 0)?;
    // One document, and nothing after it.
    matches!(reader.next()?, (Event::DocumentEnd, _)).then_some(())?;
    matches!(reader.next()?, (Event::StreamEnd, _)).then_some(())?;
    Some(root)
}

struct Reader<'t> {
    events: Parser<'t, granit_parser::StrInput<'t>>,
    text: &'t str,
    source: SourceId,
    nodes: usize,
    events_read: usize,
}

impl<'t> Reader<'t> {
    fn next(&mut self) -> Option<(Event<'t>, Span)> {
        self.events_read += 1;
        if self.events_read > FAST_MAX_EVENTS {
            return None;
        }
        let (event, span) = self.events.next()?.ok()?;
        // serde-saphyr's span: the event's bytes, clamped to the text.
        let start = span.start.byte_offset()?.min(self.text.len());
        let end = span.end.byte_offset()?.max(start).min(self.text.len());
        Some((event, Span { source: self.source, start, end }))
    }

    fn node(&mut self, event: Event<'t>, span: Span, depth: usize) -> Option<Node> {
        self.nodes += 1;
        if self.nodes > FAST_MAX_NODES || depth > FAST_MAX_DEPTH {
            return None;
        }
        let value = match event {
            Event::Scalar(text, style, 0, None) => scalar(text, style)?,
            Event::SequenceStart(_, 0, None) => {
                let mut items = Vec::new();
                loop {
                    match self.next()? {
                        (Event::SequenceEnd, _) => break,
                        (event, span) => items.push(self.node(event, span, depth + 1)?),
                    }
                }
                Value::Seq(items)
            }
            Event::MappingStart(_, 0, None) => {
                let mut entries = Vec::new();
                loop {
                    let key = match self.next()? {
                        (Event::MappingEnd, _) => break,
                        // Only scalar keys; a merge key (`<<`) is serde-saphyr's.
                        (Event::Scalar(text, _, _, _), _) if text == "<<" => return None,
                        (event @ Event::Scalar(..), span) => self.node(event, span, depth + 1)?,
                        _ => return None,
                    };
                    let (event, span) = self.next()?;
                    let value = self.node(event, span, depth + 1)?;
                    entries.push((key, value));
                }
                if has_duplicate_key(&entries) {
                    return None;
                }
                Value::Map(entries)
            }
            // Anchors, aliases, tags and anything else.
            _ => return None,
        };
        Some(Node { span, value })
    }
}

/// A scalar's value by YAML 1.2's core schema with strict booleans, as
/// serde-saphyr resolves it; `None` for plain scalars that could be a null,
/// a boolean or a number in some spelling other than plain decimal.
fn scalar(text: Cow<'_, str>, style: ScalarStyle) -> Option<Value> {
    if style != ScalarStyle::Plain {
        return Some(Value::Str(text.into_owned()));
    }
    let bytes = text.as_bytes();
    match bytes.first()? {
        b'0'..=b'9' | b'-' => decimal(&text),
        // Nulls, booleans, `.inf`, `+1`, `~`, and anything Rust's float
        // parser takes (`inf`, `NaN`, `infinity`) are left to serde-saphyr.
        b'.' | b'+' | b'~' => None,
        _ if is_special_word(&text) => None,
        _ => Some(Value::Str(text.into_owned())),
    }
}

fn is_special_word(text: &str) -> bool {
    // `yes`, `no`, `on` and `off` are strings: booleans are strict.
    const WORDS: &[&str] = &["null", "true", "false", "inf", "infinity", "nan"];
    text.len() <= 8 && WORDS.iter().any(|word| word.eq_ignore_ascii_case(text))
}

/// `42`, `-7` (an integer) or `2.5` (a float); `None` for other spellings
/// (`0x1F`, `007`, `1e3`, `-0`, `1_000`) and for text that only starts with
/// digits, which serde-saphyr decides.
fn decimal(text: &str) -> Option<Value> {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|byte| byte.is_ascii_digit());
    if !digits(whole) || (whole.len() > 1 && whole.starts_with('0')) || whole.len() > 18 {
        return None;
    }
    match fraction {
        None if unsigned == "0" && text.starts_with('-') => None,
        None => text.parse::<i64>().ok().map(|number| Value::Int(number.into())),
        Some(fraction) if digits(fraction) && fraction.len() <= 17 => text.parse::<f64>().ok().map(Value::Float),
        Some(_) => None,
    }
}

/// Whether two keys of a map read the same as text (`1` and `"1"` too, which
/// serde-saphyr may or may not take as one key: it decides).
fn has_duplicate_key(entries: &[(Node, Node)]) -> bool {
    let texts: Vec<Cow<'_, str>> = entries
        .iter()
        .map(|(key, _)| match &key.value {
            Value::Str(text) => Cow::Borrowed(text.as_str()),
            Value::Int(number) => Cow::Owned(number.to_string()),
            Value::Float(number) => Cow::Owned(number.to_string()),
            other => Cow::Owned(format!("{other:?}")),
        })
        .collect();
    has_duplicate(texts.iter().map(AsRef::as_ref))
}

#[cfg(test)]
mod tests {
    use super::parse;
    use crate::diagnostic::SourceId;

    fn saphyr_tree(text: &str) -> Option<crate::yaml::Node> {
        crate::yaml::parse_as_yaml(text, SourceId(0)).ok()
    }

    #[test]
    fn reads_plain_yaml_as_serde_saphyr_does() {
        let texts = [
            "spec: 1\nname: portal\ntypes:\n  Booking:\n    fields:\n      id: i64\n      at: datetime?\n",
            "a: [1, -2, 3.25, x, \"q\", 'single']\nb: {c: d, 200: ok}\nc: |\n  literal\n  text\nd: >\n  folded\n  text\n",
            "- a\n- - b\n  - c\n- {d: e}\n",
            "key: value with spaces   \nother: multi\n  line plain\n",
            "x: 12345678901234567\ny: 0\nz: 10.5\n",
            "on: yes\nno: off\ny: n\n",
        ];
        for text in texts {
            let fast = parse(text, SourceId(0)).unwrap_or_else(|| panic!("not read: {text}"));
            assert_eq!(Some(fast), saphyr_tree(text), "{text}");
        }
    }

    #[test]
    fn leaves_what_it_does_not_read_exactly_to_serde_saphyr() {
        for text in [
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "<<: {a: 1}\n",
            "a: 1\na: 2\n",
            "a: 1\n'1': 2\n1: 3\n",
            "a: null\n",
            "a: ~\n",
            "a:\n",
            "a: True\n",
            "a: NULL\n",
            "a: 0x1F\n",
            "a: 007\n",
            "a: 1e3\n",
            "a: -0\n",
            "a: .inf\n",
            "a: +1\n",
            "a: nan\n",
            "a: 12abc\n",
            "a: 1\n---\nb: 2\n",
            "a: [1, 2\n",
            "? [a]\n: b\n",
        ] {
            assert!(parse(text, SourceId(0)).is_none(), "{text}");
        }
    }

    #[test]
    fn reads_every_yaml_file_of_the_repository_as_serde_saphyr_does() {
        let mut read = 0;
        for (path, text) in crate::yaml::repository_files(&["yaml", "json"]) {
            if let Some(fast) = parse(&text, SourceId(0)) {
                assert_eq!(Some(fast), saphyr_tree(&text), "{}", path.display());
                read += 1;
            }
        }
        assert!(read >= 100, "only {read} files read");
    }
}
