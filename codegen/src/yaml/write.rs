//! YAML scalars written so that YAML reads them back as the same values:
//! plain when YAML 1.2 (and, conservatively, YAML 1.1 tools) read the text
//! as the same string, as a literal block (`|`) when it has several lines,
//! and double-quoted otherwise. The spec writer and the OpenAPI export
//! write YAML with them.

use std::fmt::Write as _;

/// A float that YAML reads back as the same float: with a point or an
/// exponent, and YAML's names for infinities and NaN.
pub(crate) fn float_text(value: f64) -> String {
    if value.is_nan() {
        ".nan".to_owned()
    } else if value.is_infinite() {
        if value > 0.0 { ".inf".to_owned() } else { "-.inf".to_owned() }
    } else {
        let text = format!("{value:?}");
        if text.contains(['.', 'e', 'E']) { text } else { format!("{text}.0") }
    }
}

/// A one-line scalar: plain when that reads back as the same string, else
/// double-quoted.
pub(crate) fn scalar(text: &str) -> String {
    if is_plain_safe(text, false) { text.to_owned() } else { double_quoted(text) }
}

/// A scalar inside `[…]` or `{…}`, where commas and brackets end plain
/// text.
pub(crate) fn flow_scalar(text: &str) -> String {
    if is_plain_safe(text, true) { text.to_owned() } else { double_quoted(text) }
}

/// Whether YAML 1.2 (and, conservatively, YAML 1.1 tools) read `text`
/// written plain as this string.
fn is_plain_safe(text: &str, flow: bool) -> bool {
    let Some(first) = text.chars().next() else { return false };
    if text.trim() != text || text.chars().any(|c| c.is_control() || c == '\u{feff}') {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return false;
    }
    if text.contains(": ") || text.contains(" #") || text.ends_with(':') {
        return false;
    }
    if flow && text.contains([',', '[', ']', '{', '}']) {
        return false;
    }
    !looks_like_another_type(text)
}

/// Scalars that YAML reads as null, booleans or numbers (1.2's core schema,
/// and 1.1's booleans, which other tools still read).
fn looks_like_another_type(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "null", "Null", "NULL", "~", "true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes", "YES", "no",
        "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N", ".inf", ".Inf", ".INF", "-.inf",
        "+.inf", "-.Inf", "+.Inf", "-.INF", "+.INF", ".nan", ".NaN", ".NAN",
    ];
    if WORDS.contains(&text) {
        return true;
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    let starts_numeric = digits.starts_with(|c: char| c.is_ascii_digit() || c == '.');
    starts_numeric
        && (text.parse::<f64>().is_ok()
            || digits.starts_with("0x")
            || digits.starts_with("0o")
            || digits.starts_with("0b")
            || digits.chars().all(|c| c.is_ascii_digit() || "_:.eE+-".contains(c)))
}

pub(crate) fn double_quoted(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            '\r' => quoted.push_str("\\r"),
            c if c.is_control() || c == '\u{feff}' => {
                write!(quoted, "\\u{:04x}", u32::from(c)).ok();
            }
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// A literal block scalar after `key:`: its indicator, a line break, and
/// its lines at `indent`; `None` for text that fits on one line.
pub(crate) fn block_literal_text(text: &str, indent: usize) -> Option<String> {
    block_literal(text, indent).map(|block| format!("{}\n{}", block.indicator, block.body))
}

/// A literal block scalar: its indicator (`|`, `|-`, `|+`, with an
/// indentation digit when the text starts with a space) and its lines.
pub(crate) struct Block {
    pub(crate) indicator: String,
    pub(crate) body: String,
}

/// The text as a literal block at `indent`, when it has several lines and
/// nothing a block cannot hold.
pub(crate) fn block_literal(text: &str, indent: usize) -> Option<Block> {
    let content = text.trim_end_matches('\n');
    if !content.contains('\n')
        || content.is_empty()
        || text.chars().any(|c| (c.is_control() && c != '\n') || c == '\u{feff}')
    {
        return None;
    }
    let trailing = text.len() - content.len();
    let chomping = match trailing {
        0 => "-",
        1 => "",
        _ => "+",
    };
    let first_line = content.lines().find(|line| !line.is_empty()).unwrap_or_default();
    let indentation_indicator = if first_line.starts_with(' ') { "2" } else { "" };
    let mut body = String::new();
    for line in text.strip_suffix('\n').unwrap_or(text).split('\n') {
        if !line.is_empty() {
            for _ in 0..indent {
                body.push_str("  ");
            }
            body.push_str(line);
        }
        body.push('\n');
    }
    Some(Block { indicator: format!("|{indentation_indicator}{chomping}"), body })
}

#[cfg(test)]
mod tests {
    use super::{block_literal, double_quoted, float_text, scalar};
    use crate::diagnostic::SourceId;
    use crate::yaml::{Value, parse};

    /// What YAML reads back for `value:` followed by `written` (and a line
    /// break, unless it ends with one).
    fn read_back(written: &str) -> Value {
        let mut text = format!("value: {written}");
        if !text.ends_with('\n') {
            text.push('\n');
        }
        let root = parse(&text, SourceId(0)).unwrap_or_else(|error| panic!("{written:?}: {}", error.message));
        let Value::Map(entries) = root.value else { panic!("not a map") };
        entries.into_iter().next().unwrap().1.value
    }

    #[test]
    fn scalars_read_back_as_the_same_strings() {
        for text in [
            "plain",
            "list<Booking>?",
            "T?",
            "a, b",
            "true",
            "null",
            "~",
            "12",
            "1.5",
            "0x1F",
            ".inf",
            "-",
            "- item",
            "key: value",
            "a #comment",
            "#hash",
            "'quoted'",
            "\"double\"",
            "tab\there",
            " leading",
            "trailing ",
            "é ü ✓",
            "{}",
            "[x]",
            "*star",
            "&anchor",
            "!tag",
            "%",
            "@at",
            "`tick`",
            "yes",
            "1_000",
            "12:30",
            "?",
            "a:b",
        ] {
            assert_eq!(read_back(&scalar(text)), Value::Str(text.to_owned()), "{text:?} written {}", scalar(text));
        }
    }

    #[test]
    fn multi_line_text_reads_back_from_a_block() {
        for text in ["a\nb", "a\nb\n", "a\n\nb\n\n", "  indented\nnext", "first\n  second\n", "a\n\n\nb"] {
            let block = block_literal(text, 1).unwrap();
            let written = format!("{}\n{}", block.indicator, block.body);
            assert_eq!(read_back(&written), Value::Str(text.to_owned()), "{text:?} written {written}");
        }
        assert!(block_literal("one line", 1).is_none());
        assert!(block_literal("\n\n", 1).is_none());
        assert_eq!(read_back(&double_quoted("\n\n")), Value::Str("\n\n".to_owned()));
    }

    #[test]
    fn floats_read_back_as_floats() {
        for value in [1.0, 2.5, -0.25, 1e300, 3e-5] {
            assert_eq!(read_back(&float_text(value)), Value::Float(value));
        }
    }
}
