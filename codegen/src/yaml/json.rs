//! A fast path for JSON documents (OpenAPI documents are mostly JSON): the
//! same node tree, with the same spans, that the YAML parser builds for
//! them, in a fraction of its time.
//!
//! JSON is YAML, and the YAML path stays the reference: this reader only
//! takes documents it reads exactly as serde-saphyr does, and gives up
//! (`None`) on anything else: a syntax error, a duplicate key, a tab, a
//! character YAML does not print, a document near a budget of the YAML
//! reader. The caller then reads the text as YAML, which reports every
//! problem in its own words, as before.

use super::{FAST_MAX_DEPTH, FAST_MAX_NODES, FAST_MAX_TEXT, Node, Value, has_duplicate};
use crate::diagnostic::{SourceId, Span};

/// serde-saphyr looks this far (in characters) for the `:` after a key and
/// refuses longer keys; longer keys are left to it.
const FAST_MAX_KEY_LENGTH: usize = 1000;

/// The node tree of `text` when it is a JSON object or array that this
/// reader reads as the YAML reader would; `None` when the YAML reader must
/// decide.
pub(crate) fn parse(text: &str, source: SourceId) -> Option<Node> {
    if text.len() > FAST_MAX_TEXT {
        return None;
    }
    let mut reader = Reader { text, bytes: text.as_bytes(), at: 0, source, nodes: 0 };
    reader.skip_whitespace()?;
    if !matches!(reader.peek(), Some(b'{' | b'[')) {
        return None;
    }
    let root = reader.value(0)?;
    reader.skip_whitespace()?;
    (reader.at == reader.bytes.len()).then_some(root)
}

struct Reader<'t> {
    text: &'t str,
    bytes: &'t [u8],
    at: usize,
    source: SourceId,
    nodes: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn span(&self, start: usize) -> Span {
        Span { source: self.source, start, end: self.at }
    }

    /// Skips spaces and line breaks. `None` at a tab, which YAML takes in
    /// some places of a flow collection and not in others.
    fn skip_whitespace(&mut self) -> Option<()> {
        while let Some(byte) = self.peek() {
            match byte {
                b' ' | b'\n' | b'\r' => self.at += 1,
                b'\t' => return None,
                _ => break,
            }
        }
        Some(())
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.skip_whitespace()?;
        (self.peek() == Some(byte)).then(|| self.at += 1)
    }

    fn value(&mut self, depth: usize) -> Option<Node> {
        self.nodes += 1;
        if self.nodes > FAST_MAX_NODES || depth > FAST_MAX_DEPTH {
            return None;
        }
        self.skip_whitespace()?;
        let start = self.at;
        match self.peek()? {
            b'{' => {
                self.at += 1;
                // A collection's span is its opening bracket, as serde-saphyr
                // gives it.
                let span = self.span(start);
                Some(Node { span, value: Value::Map(self.entries(depth)?) })
            }
            b'[' => {
                self.at += 1;
                let span = self.span(start);
                Some(Node { span, value: Value::Seq(self.items(depth)?) })
            }
            b'"' => {
                let text = self.string()?;
                Some(Node { span: self.span(start), value: Value::Str(text) })
            }
            b't' => self.literal(start, "true", Value::Bool(true)),
            b'f' => self.literal(start, "false", Value::Bool(false)),
            b'n' => self.literal(start, "null", Value::Null),
            b'-' | b'0'..=b'9' => {
                let value = self.number()?;
                Some(Node { span: self.span(start), value })
            }
            _ => None,
        }
    }

    fn literal(&mut self, start: usize, word: &str, value: Value) -> Option<Node> {
        self.bytes[start..].starts_with(word.as_bytes()).then_some(())?;
        self.at += word.len();
        self.check_scalar_end()?;
        Some(Node { span: self.span(start), value })
    }

    /// A scalar of JSON ends at whitespace or punctuation; `truex` or `1a`
    /// are no JSON (YAML would read them as plain strings).
    fn check_scalar_end(&self) -> Option<()> {
        match self.peek() {
            None | Some(b' ' | b'\n' | b'\r' | b',' | b']' | b'}' | b':') => Some(()),
            _ => None,
        }
    }

    fn entries(&mut self, depth: usize) -> Option<Vec<(Node, Node)>> {
        let mut entries: Vec<(Node, Node)> = Vec::new();
        self.skip_whitespace()?;
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Some(entries);
        }
        loop {
            self.skip_whitespace()?;
            let start = self.at;
            if self.peek() != Some(b'"') {
                return None;
            }
            self.nodes += 1;
            let key = self.string()?;
            let key_span = self.span(start);
            self.expect(b':')?;
            if self.at - start > FAST_MAX_KEY_LENGTH {
                return None;
            }
            let value = self.value(depth + 1)?;
            entries.push((Node { span: key_span, value: Value::Str(key) }, value));
            self.skip_whitespace()?;
            match self.peek()? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    // A duplicate key is an error that the YAML reader words.
                    return (!has_duplicate(entries.iter().map(|(key, _)| key.as_str().unwrap_or_default())))
                        .then_some(entries);
                }
                _ => return None,
            }
        }
    }

    fn items(&mut self, depth: usize) -> Option<Vec<Node>> {
        let mut items = Vec::new();
        self.skip_whitespace()?;
        if self.peek() == Some(b']') {
            self.at += 1;
            return Some(items);
        }
        loop {
            items.push(self.value(depth + 1)?);
            self.skip_whitespace()?;
            match self.peek()? {
                b',' => self.at += 1,
                b']' => {
                    self.at += 1;
                    return Some(items);
                }
                _ => return None,
            }
        }
    }

    /// A string, from its opening quote to past its closing one.
    fn string(&mut self) -> Option<String> {
        self.at += 1;
        let start = self.at;
        // Most strings have no escapes and are plain ASCII: one slice.
        let plain = self.bytes[start..]
            .iter()
            .position(|&byte| byte == b'"' || byte == b'\\' || !(0x20..0x7f).contains(&byte))
            .unwrap_or(self.bytes.len() - start);
        self.at = start + plain;
        if self.peek() == Some(b'"') {
            self.at += 1;
            return Some(self.text[start..start + plain].to_owned());
        }
        let mut text = self.text[start..self.at].to_owned();
        loop {
            match self.peek()? {
                b'"' => {
                    self.at += 1;
                    return Some(text);
                }
                b'\\' => {
                    self.at += 1;
                    let escaped = match self.peek()? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hex = self.text.get(self.at + 1..self.at + 5)?;
                            if !hex.bytes().all(|byte| byte.is_ascii_hexdigit()) {
                                return None;
                            }
                            self.at += 4;
                            // A surrogate (half of a pair) is left to the
                            // YAML reader, whose escapes are code points.
                            char::from_u32(u32::from_str_radix(hex, 16).ok()?)?
                        }
                        _ => return None,
                    };
                    self.at += 1;
                    text.push(escaped);
                }
                ..0x20 | 0x7f => return None,
                0x80.. => {
                    let character = self.text[self.at..].chars().next()?;
                    if !is_plain_printable(character) {
                        return None;
                    }
                    text.push(character);
                    self.at += character.len_utf8();
                }
                byte => {
                    text.push(char::from(byte));
                    self.at += 1;
                }
            }
        }
    }

    /// A number: an integer is YAML's integer, anything with a fraction or
    /// an exponent its float.
    fn number(&mut self) -> Option<Value> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        let digits = self.digits();
        // JSON has no leading zeros (YAML would read `01` as an integer).
        if digits == 0 || (digits > 1 && self.bytes[self.at - digits] == b'0') {
            return None;
        }
        let mut integer = true;
        if self.peek() == Some(b'.') {
            self.at += 1;
            if self.digits() == 0 {
                return None;
            }
            integer = false;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            if self.digits() == 0 {
                return None;
            }
            integer = false;
        }
        self.check_scalar_end()?;
        let text = &self.text[start..self.at];
        if integer {
            // Integers beyond 64 bits are left to the YAML reader.
            if digits > 18 {
                return None;
            }
            text.parse::<i64>().ok().map(|number| Value::Int(number.into()))
        } else {
            text.parse::<f64>().ok().filter(|number| number.is_finite()).map(Value::Float)
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while self.peek().is_some_and(|byte| byte.is_ascii_digit()) {
            self.at += 1;
        }
        self.at - start
    }
}

/// Whether YAML prints `character` (no control character, no byte order
/// mark, no line or paragraph separator, no noncharacter), so that it takes
/// it in a string as it is.
fn is_plain_printable(character: char) -> bool {
    matches!(character, '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        && !matches!(character, '\u{2028}' | '\u{2029}' | '\u{feff}')
}

#[cfg(test)]
mod tests {
    use super::parse;
    use crate::diagnostic::SourceId;

    /// The YAML reader's tree, without the fast path.
    fn yaml_tree(text: &str) -> Option<crate::yaml::Node> {
        crate::yaml::parse_as_yaml(text, SourceId(0)).ok()
    }

    /// `"key0": 0, "key1": 1, …`, each with a comma after it.
    fn many_entries(count: usize) -> String {
        use std::fmt::Write;
        (0..count).fold(String::new(), |mut text, index| {
            let _ = write!(text, "\"key{index}\": {index}, ");
            text
        })
    }

    #[test]
    fn reads_json_as_the_yaml_reader_does() {
        let texts = [
            r#"{"a": {"b": [1, -2.5e3, "x\u00e9\"y\/\n\t", true, false, null, {}, []], "c": []},
 "d" : "", "e":0, "f": -0, "g": 1E+2, "h": 0.5, "i": 123456789012345678, "j": "é😀 ü"}"#,
            "[\r\n  1,\r\n  \"two\"\r\n]",
            "[[[[]]], {\"k\": {\"k\": {\"k\": 1}}}]",
            &format!("{{{}\"last\": 0}}", many_entries(40)),
        ];
        for text in texts {
            let fast = parse(text, SourceId(0)).unwrap_or_else(|| panic!("not read: {text}"));
            assert_eq!(Some(fast), yaml_tree(text), "{text}");
        }
    }

    #[test]
    fn leaves_what_it_does_not_read_exactly_to_the_yaml_reader() {
        let long_key = format!("{{\"{}\": 1}}", "k".repeat(2000));
        let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
        let many_keys = format!("{{{}\"key3\": 0}}", many_entries(40));
        for text in [
            "{\"a\": 1, \"a\": 2}",
            many_keys.as_str(),
            "{\"a\": 1,}",
            "{\t\"a\": 1}",
            "{\"a\": 01}",
            "{\"a\": 1} # comment",
            "{a: 1}",
            "{\"a\": \"\\ud83d\\ude00\"}",
            "{\"a\": \"\u{85}\"}",
            "{\"a\": 12345678901234567890}",
            "{\"a\": truex}",
            "spec: 1",
            "\"just a string\"",
            long_key.as_str(),
            deep.as_str(),
        ] {
            assert!(parse(text, SourceId(0)).is_none(), "{text}");
        }
    }

    #[test]
    fn reads_every_json_document_of_the_repository_as_the_yaml_reader_does() {
        let mut read = 0;
        for (path, text) in crate::yaml::repository_files(&["json"]) {
            if let Some(fast) = parse(&text, SourceId(0)) {
                assert_eq!(Some(fast), yaml_tree(&text), "{}", path.display());
                read += 1;
            }
        }
        assert!(read >= 5, "only {read} documents read");
    }
}
