//! Type expressions: `i64`, `string?`, `list<Booking>`, `ActionConfirmation<string?>`.
//!
//! ```text
//! expr := name ('<' expr (',' expr)* '>')? '?'?
//! ```

use std::fmt;

use super::Located;
use crate::diagnostic::{Diagnostic, Span};
use crate::ident;

/// A parsed type expression; names are resolved later, by `validate`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TypeExpr {
    pub(crate) name: String,
    /// Where the name is.
    pub(crate) name_span: Span,
    /// Where the whole expression is.
    pub(crate) span: Span,
    pub(crate) args: Vec<TypeExpr>,
    pub(crate) optional: bool,
}

impl TypeExpr {
    /// Parses the scalar `text`.
    pub(crate) fn parse(text: &Located<String>) -> Result<Self, Diagnostic> {
        let mut parser = Parser { text: &text.value, position: 0, located: text };
        parser.skip_spaces();
        let expr = parser.expr(0)?;
        parser.skip_spaces();
        if parser.position < text.value.len() {
            return Err(
                parser.error_here("unexpected text after the type", "remove this, or write the type as `Name<Arg>?`")
            );
        }
        Ok(expr)
    }

    /// The expression as one name, in camel case: `list<Booking>` →
    /// `ListBooking`. A union member without a name of its own is named so,
    /// and an imported error that shares its status with another.
    pub(crate) fn words(&self) -> String {
        let mut words = ident::camel(&self.name);
        for arg in &self.args {
            words.push_str(&arg.words());
        }
        words
    }
}

/// As the spec format writes it: `list<Booking>?`, `Page<map<string>>`.
impl fmt::Display for TypeExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)?;
        if let Some((first, rest)) = self.args.split_first() {
            write!(f, "<{first}")?;
            for arg in rest {
                write!(f, ", {arg}")?;
            }
            f.write_str(">")?;
        }
        if self.optional {
            f.write_str("?")?;
        }
        Ok(())
    }
}

/// Deeper nesting than this is surely a mistake, and the parser recurses.
const MAX_DEPTH: usize = 32;

struct Parser<'t> {
    text: &'t str,
    position: usize,
    located: &'t Located<String>,
}

impl Parser<'_> {
    fn span_at(&self, start: usize, end: usize) -> Span {
        self.located.text_span(start, end.saturating_sub(start))
    }

    fn error_here(&self, message: &str, hint: &str) -> Diagnostic {
        let len = self.text[self.position..].chars().next().map_or(0, char::len_utf8);
        Diagnostic::new(self.span_at(self.position, self.position + len), message).hint(hint)
    }

    fn skip_spaces(&mut self) {
        while self.text[self.position..].starts_with(' ') {
            self.position += 1;
        }
    }

    fn eat(&mut self, token: char) -> bool {
        self.skip_spaces();
        if self.text[self.position..].starts_with(token) {
            self.position += token.len_utf8();
            true
        } else {
            false
        }
    }

    fn expr(&mut self, depth: usize) -> Result<TypeExpr, Diagnostic> {
        if depth > MAX_DEPTH {
            return Err(self.error_here("this type is nested too deeply", "name the inner types in `types:`"));
        }
        self.skip_spaces();
        let start = self.position;
        let name_len = self.text[start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(self.text.len() - start);
        if name_len == 0 {
            let message = if start == self.text.len() { "a type name is missing here" } else { "expected a type name" };
            return Err(self.error_here(message, "type names are like `string`, `i64`, `list<Booking>` or `Booking?`"));
        }
        self.position += name_len;
        let name = self.text[start..self.position].to_owned();
        let name_span = self.span_at(start, self.position);
        let mut args = Vec::new();
        if self.eat('<') {
            loop {
                args.push(self.expr(depth + 1)?);
                if self.eat(',') {
                    continue;
                }
                if self.eat('>') {
                    break;
                }
                return Err(self.error_here("expected `,` or `>`", "close the argument list with `>`"));
            }
        }
        self.skip_spaces();
        if self.text[self.position..].starts_with('[') {
            return Err(self.square_brackets(start, &name));
        }
        let optional = self.eat('?');
        self.skip_spaces();
        if optional && self.text[self.position..].starts_with('?') {
            return Err(self.error_here("a type can be optional only once", "write a single `?`"));
        }
        Ok(TypeExpr { name, name_span, span: self.span_at(start, self.position), args, optional })
    }

    /// `string[]`, `Issue[]?` or `list[string]`: a list as other languages
    /// write it, at the `[` after the type that starts at `start` (whose
    /// name is `name`). The spec writes `list<string>`.
    fn square_brackets(&self, start: usize, name: &str) -> Diagnostic {
        let open = self.position;
        let close = self.text[open..].find(']').map_or(self.text.len(), |at| open + at + 1);
        let inside = self.text[open + 1..close].trim_end_matches(']').trim();
        let optional = if self.text[close..].trim_start().starts_with('?') { "?" } else { "" };
        let (message, written) = if inside.is_empty() {
            let item = self.text[start..open].trim_end();
            (format!("`{item}[]` is not a type of the spec format"), format!("list<{item}>{optional}"))
        } else {
            ("type arguments are written in angle brackets".to_owned(), format!("{name}<{inside}>{optional}"))
        };
        Diagnostic::new(self.span_at(start, close), message).label("not a type").hint(format!("write `{written}`"))
    }
}

#[cfg(test)]
mod tests {
    use super::{Located, TypeExpr};
    use crate::diagnostic::{SourceId, Span};

    fn parse(text: &str) -> Result<TypeExpr, String> {
        let span = Span { source: SourceId(0), start: 100, end: 100 + text.len() };
        TypeExpr::parse(&Located { value: text.to_owned(), span })
            .map_err(|error| format!("{}@{}", error.message, error.span.unwrap().start - 100))
    }

    #[test]
    fn parses_the_forms_of_the_spec_format() {
        for (text, shown) in [
            ("i64", "i64"),
            ("string?", "string?"),
            ("list<Booking>", "list<Booking>"),
            ("ActionConfirmation<string?>", "ActionConfirmation<string?>"),
            (" map< list<i32?> >? ", "map<list<i32?>>?"),
            ("Pair<a,b?>", "Pair<a, b?>"),
        ] {
            assert_eq!(parse(text).map(|expr| expr.to_string()), Ok(shown.to_owned()), "{text}");
        }
    }

    #[test]
    fn points_at_the_broken_character() {
        assert_eq!(parse("list<Booking"), Err("expected `,` or `>`@12".to_owned()));
        assert_eq!(parse("list<>"), Err("expected a type name@5".to_owned()));
        assert_eq!(parse("i64??"), Err("a type can be optional only once@4".to_owned()));
        assert_eq!(parse("i64 x"), Err("unexpected text after the type@4".to_owned()));
    }

    #[test]
    fn lists_written_with_square_brackets_get_the_spec_way() {
        let hint = |text: &str| {
            let span = Span { source: SourceId(0), start: 0, end: text.len() };
            let error = TypeExpr::parse(&Located { value: text.to_owned(), span }).unwrap_err();
            let span = error.span.unwrap();
            (error.hint.unwrap().into_string(), text[span.start..span.end].to_owned())
        };
        assert_eq!(hint("string[]"), ("write `list<string>`".to_owned(), "string[]".to_owned()));
        assert_eq!(hint("Issue[]?"), ("write `list<Issue>?`".to_owned(), "Issue[]".to_owned()));
        assert_eq!(hint("list[string]"), ("write `list<string>`".to_owned(), "list[string]".to_owned()));
        assert_eq!(hint("map<Label[]>"), ("write `list<Label>`".to_owned(), "Label[]".to_owned()));
        assert_eq!(hint("list[string"), ("write `list<string>`".to_owned(), "list[string".to_owned()));
    }

    #[test]
    fn words_name_a_type_in_camel_case() {
        assert_eq!(parse("list<booking_item?>?").unwrap().words(), "ListBookingItem");
    }

    #[test]
    fn spans_cover_the_name() {
        let expr = parse("list<Booking>").unwrap();
        assert_eq!((expr.args[0].name_span.start, expr.args[0].name_span.end), (105, 112));
    }
}
