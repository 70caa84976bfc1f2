//! The code that emit builds: Rust tokens as one text buffer and one flat
//! list of tokens, written by the [`code!`] quasi-quoter.
//!
//! Emit used to build `proc_macro2` token trees with `quote!`. Each
//! identifier and literal of those is a string of its own and each group a
//! shared vector, and making, walking and freeing them was most of a
//! generation's time. Here a template's fixed tokens are `&'static str`s
//! (`stringify!`ed at compile time) appended to one buffer, a group is an
//! `Open` and a `Close` token, and splicing one piece of code into another
//! copies two vectors. The printer (`print.rs`) lays out this list as it is,
//! and the macro hands [`Code`]'s text to the compiler's lexer.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;

/// The delimiters of a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Delimiter {
    Parenthesis,
    Brace,
    Bracket,
}

impl Delimiter {
    pub(crate) fn text(self) -> (&'static str, &'static str) {
        match self {
            Delimiter::Parenthesis => ("(", ")"),
            Delimiter::Brace => ("{", "}"),
            Delimiter::Bracket => ("[", "]"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    Ident,
    Literal,
    /// One character of an operator; `joint` when the next character is
    /// part of the same operator (`::`), or of a lifetime (`'a`).
    Punct {
        ch: char,
        joint: bool,
    },
    Open(Delimiter),
    Close(Delimiter),
}

/// One token. A group is an `Open` and a `Close` token, so that the printer
/// can look ahead and measure by index. A token's text runs from its
/// `start` to the next token's.
///
/// The offsets are `u32`, which keeps a token at 16 bytes: the token list
/// is most of the memory that emit writes and the printer reads.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Token {
    pub(crate) kind: TokenKind,
    start: u32,
    close: u32,
}

impl Token {
    /// Where the token's text starts in [`Code::text`] (delimiters have
    /// none).
    pub(crate) fn start(&self) -> usize {
        self.start as usize
    }

    /// For `Open`: the index of its `Close`.
    pub(crate) fn close(&self) -> usize {
        self.close as usize
    }
}

/// The most text, and the most tokens, that fit the `u32` offsets.
const MAX_LENGTH: usize = u32::MAX as usize;

/// Rust tokens: what emit produces and the printer prints.
#[derive(Debug, Clone, Default)]
pub struct Code {
    pub(crate) tokens: Vec<Token>,
    pub(crate) text: String,
    /// Code beyond [`MAX_LENGTH`] (no spec comes near: it is 4 GiB) was
    /// left out; `generate` reports it rather than give what is left.
    too_large: bool,
}

impl Code {
    pub(crate) const fn new() -> Self {
        Self { tokens: Vec::new(), text: String::new(), too_large: false }
    }

    /// Room for a template of `template_length` characters (about a token
    /// for every four), in the buffers of a `Code` dropped before if there
    /// is one: see [`SPARE_BUFFERS`].
    pub(crate) fn for_template(template_length: usize) -> Self {
        let spare = SPARE_BUFFERS.try_with(|spare| spare.try_borrow_mut().ok()?.pop()).ok().flatten();
        let (mut tokens, mut text) = spare.unwrap_or_default();
        tokens.reserve(template_length / 4 + 1);
        text.reserve(template_length);
        Self { tokens, text, too_large: false }
    }

    /// Whether code was left out for being over 4 GiB.
    pub(crate) fn too_large(&self) -> bool {
        self.too_large
    }

    /// Adds a token whose text was written to `text` from `start` on.
    fn end_token(&mut self, kind: TokenKind, start: usize) {
        if self.text.len() > MAX_LENGTH || self.tokens.len() >= MAX_LENGTH {
            self.text.truncate(start);
            self.too_large = true;
            return;
        }
        #[expect(clippy::cast_possible_truncation, reason = "both are at most `MAX_LENGTH`, checked above")]
        let (start, index) = (start as u32, self.tokens.len() as u32);
        self.tokens.push(Token { kind, start, close: index });
    }

    fn push(&mut self, kind: TokenKind, text: &str) {
        let start = self.text.len();
        self.text.push_str(text);
        self.end_token(kind, start);
    }

    pub(crate) fn ident(&mut self, text: &str) {
        self.push(TokenKind::Ident, text);
    }

    pub(crate) fn literal(&mut self, text: &str) {
        self.push(TokenKind::Literal, text);
    }

    /// An operator, one token per character, as `quote!` splits them: all
    /// but the last joint.
    pub(crate) fn punct(&mut self, operator: &str) {
        debug_assert!(operator.is_ascii(), "Rust's operators are ASCII");
        let last = operator.len().saturating_sub(1);
        for (index, byte) in operator.bytes().enumerate() {
            let start = self.text.len();
            self.text.push(char::from(byte));
            self.end_token(TokenKind::Punct { ch: char::from(byte), joint: index < last }, start);
        }
    }

    /// `'a`: a joint `'` and the identifier.
    pub(crate) fn lifetime(&mut self, text: &str) {
        self.push(TokenKind::Punct { ch: '\'', joint: true }, "'");
        self.ident(&text[1..]);
    }

    /// Opens a group; returns what [`Code::close`] takes.
    pub(crate) fn open(&mut self, delimiter: Delimiter) -> usize {
        let index = self.tokens.len();
        self.end_token(TokenKind::Open(delimiter), self.text.len());
        index
    }

    pub(crate) fn close(&mut self, open: usize) {
        let index = self.tokens.len();
        let Some(Token { kind: TokenKind::Open(delimiter), close, .. }) = self.tokens.get_mut(open) else {
            // The group was not opened: the code is too large.
            return;
        };
        let delimiter = *delimiter;
        #[expect(clippy::cast_possible_truncation, reason = "`end_token` checks it, and drops the close if not")]
        {
            *close = index as u32;
        }
        self.end_token(TokenKind::Close(delimiter), self.text.len());
    }

    /// A string literal whose value is `value`, escaped as proc-macro2
    /// escapes it.
    pub(crate) fn string(&mut self, value: &str) {
        self.string_of(&[value]);
    }

    /// A string literal whose value is `parts` one after the other.
    pub(crate) fn string_of(&mut self, parts: &[&str]) {
        let start = self.text.len();
        self.text.push('"');
        let mut parts = parts.iter().peekable();
        while let Some(part) = parts.next() {
            let next_starts_with_digit =
                parts.peek().is_some_and(|next| next.starts_with(|c: char| c.is_ascii_digit()));
            self.escape(part, next_starts_with_digit);
        }
        self.text.push('"');
        self.end_token(TokenKind::Literal, start);
    }

    fn escape(&mut self, value: &str, digit_follows: bool) {
        self.text.reserve(value.len());
        let mut rest = value;
        // Most text needs no escapes: copied in runs, up to the next
        // character that may.
        while let Some(at) =
            rest.bytes().position(|byte| !(b' '..=b'~').contains(&byte) || matches!(byte, b'"' | b'\\'))
        {
            self.text.push_str(&rest[..at]);
            rest = &rest[at..];
            let mut chars = rest.chars();
            let Some(ch) = chars.next() else { break };
            let before_digit = if chars.as_str().is_empty() {
                digit_follows
            } else {
                chars.as_str().starts_with(|next: char| next.is_ascii_digit())
            };
            match ch {
                // `\0` before a digit would read as an octal escape to
                // clippy's `octal_escapes`.
                '\0' if before_digit => self.text.push_str("\\x00"),
                _ => self.text.extend(ch.escape_debug()),
            }
            rest = chars.as_str();
        }
        self.text.push_str(rest);
    }

    /// Appends a value as `#value` in a template does (a method, so that
    /// templates can write into a `Code` and a `&mut Code` alike).
    pub(crate) fn splice<T: ToCode + ?Sized>(&mut self, value: &T) {
        value.to_code(self);
    }

    /// Appends `other`'s tokens.
    pub(crate) fn append(&mut self, other: &Code) {
        let (text_offset, token_offset) = (self.text.len(), self.tokens.len());
        if other.too_large
            || text_offset + other.text.len() > MAX_LENGTH
            || token_offset + other.tokens.len() > MAX_LENGTH
        {
            self.too_large = true;
            return;
        }
        #[expect(clippy::cast_possible_truncation, reason = "the sums are at most `MAX_LENGTH`, checked above")]
        let (text_offset, token_offset) = (text_offset as u32, token_offset as u32);
        self.text.push_str(&other.text);
        self.tokens.extend(other.tokens.iter().map(|token| Token {
            kind: token.kind,
            start: token.start + text_offset,
            close: token.close + token_offset,
        }));
    }

    /// The code of a path, such as `::endpointgen` or
    /// `crate::vendored::endpointgen`, which `check_runtime_path` accepted.
    pub(crate) fn path(path: &str) -> Self {
        let mut code = Self::new();
        let relative = match path.strip_prefix("::") {
            Some(relative) => {
                code.punct("::");
                relative
            }
            None => path,
        };
        for (index, segment) in relative.split("::").enumerate() {
            if index > 0 {
                code.punct("::");
            }
            code.ident(segment);
        }
        code
    }

    /// The text of the token at `index`.
    pub(crate) fn text_of(&self, index: usize) -> &str {
        self.text_of_run(index, index)
    }

    /// The text of the tokens from `first` to `last`, both included (an
    /// operator, a lifetime): a token's text ends where the next one's
    /// starts.
    pub(crate) fn text_of_run(&self, first: usize, last: usize) -> &str {
        let end = self.tokens.get(last + 1).map_or(self.text.len(), Token::start);
        &self.text[self.tokens[first].start()..end]
    }
}

thread_local! {
    /// The emptied buffers of dropped `Code`s, for the next template.
    /// Emit makes a `Code` for each template and drops it once it is
    /// spliced into the next: with fresh buffers, allocating them, growing
    /// them and freeing them took more time than writing the tokens.
    static SPARE_BUFFERS: RefCell<Vec<(Vec<Token>, String)>> = const { RefCell::new(Vec::new()) };
}

/// At most this many spare buffers are kept…
const MAX_SPARE_BUFFERS: usize = 64;
/// …of at most this many tokens: what a thread keeps is a few hundred
/// kilobytes.
const MAX_SPARE_TOKENS: usize = 1 << 12;

impl Drop for Code {
    fn drop(&mut self) {
        if self.tokens.capacity() == 0 || self.tokens.capacity() > MAX_SPARE_TOKENS {
            return;
        }
        let (mut tokens, mut text) = (std::mem::take(&mut self.tokens), std::mem::take(&mut self.text));
        tokens.clear();
        text.clear();
        // A thread that is ending has no spares any more.
        let _ = SPARE_BUFFERS.try_with(|spare| {
            if let Ok(mut spare) = spare.try_borrow_mut()
                && spare.len() < MAX_SPARE_BUFFERS
            {
                spare.push((tokens, text));
            }
        });
    }
}

/// The tokens as the compiler's lexer reads them back: one space between
/// tokens, none after a joint character.
impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut space = false;
        for (index, token) in self.tokens.iter().enumerate() {
            if space {
                f.write_str(" ")?;
            }
            space = true;
            match token.kind {
                TokenKind::Open(delimiter) => f.write_str(delimiter.text().0)?,
                TokenKind::Close(delimiter) => f.write_str(delimiter.text().1)?,
                TokenKind::Punct { joint, .. } => {
                    space = !joint;
                    f.write_str(self.text_of(index))?;
                }
                TokenKind::Ident | TokenKind::Literal => f.write_str(self.text_of(index))?,
            }
        }
        Ok(())
    }
}

/// An identifier that `ident.rs` made (a valid one: raw for keywords).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Ident(String);

impl Ident {
    /// `name` must be an identifier: `ident::ident` makes one of any name.
    pub(crate) fn new_unchecked(name: String) -> Self {
        Self(name)
    }
}

impl fmt::Display for Ident {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A number literal without a suffix (`200`, `-1`, `0.5`).
#[derive(Debug, Clone)]
pub(crate) struct Number(String);

impl Number {
    pub(crate) fn integer(value: impl Into<i128>) -> Self {
        Self(value.into().to_string())
    }

    /// Always with a `.`, so that it is a float literal. Validation lets
    /// through only floats that have one: finite, and within `f32` for an
    /// `f32`.
    pub(crate) fn float(value: f64) -> Self {
        let mut text = value.to_string();
        if !text.contains('.') {
            text.push_str(".0");
        }
        Self(text)
    }
}

/// What `#value` in a [`code!`] template appends.
pub(crate) trait ToCode {
    fn to_code(&self, code: &mut Code);
}

impl ToCode for Code {
    fn to_code(&self, code: &mut Code) {
        code.append(self);
    }
}

impl ToCode for Ident {
    fn to_code(&self, code: &mut Code) {
        code.ident(&self.0);
    }
}

impl ToCode for Number {
    fn to_code(&self, code: &mut Code) {
        code.literal(&self.0);
    }
}

/// `true` or `false`.
impl ToCode for bool {
    fn to_code(&self, code: &mut Code) {
        code.ident(if *self { "true" } else { "false" });
    }
}

/// A string literal.
impl ToCode for str {
    fn to_code(&self, code: &mut Code) {
        code.string(self);
    }
}

impl ToCode for String {
    fn to_code(&self, code: &mut Code) {
        code.string(self);
    }
}

impl<T: ToCode + ?Sized> ToCode for &T {
    fn to_code(&self, code: &mut Code) {
        (**self).to_code(code);
    }
}

/// Nothing for `None`.
impl<T: ToCode> ToCode for Option<T> {
    fn to_code(&self, code: &mut Code) {
        if let Some(value) = self {
            value.to_code(code);
        }
    }
}

/// The items a `#(…)*` repetition goes through: an iterator by value, a
/// vector or slice by reference, as with `quote!`. Two traits, so that
/// method-call autoref picks the one that applies.
pub(crate) trait RepeatIterator: Iterator + Sized {
    fn code_items(self) -> Self {
        self
    }
}

impl<I: Iterator> RepeatIterator for I {}

pub(crate) trait RepeatSlice<T> {
    fn code_items(&self) -> std::slice::Iter<'_, T>;
}

impl<T> RepeatSlice<T> for [T] {
    fn code_items(&self) -> std::slice::Iter<'_, T> {
        self.iter()
    }
}

impl<T> RepeatSlice<T> for Vec<T> {
    fn code_items(&self) -> std::slice::Iter<'_, T> {
        self.iter()
    }
}

/// Rust code from a template, as `quote!` writes it: `#name` appends a
/// [`ToCode`] value, `#(…)*` and `#(…),*` repeat for each item of every
/// `#name` inside, in step.
///
/// It is a token-tree muncher, one step per token tree, so a long template
/// needs the crate's raised `recursion_limit`.
macro_rules! code {
    () => {
        $crate::code::Code::new()
    };
    ($($template:tt)+) => {{
        let mut code = $crate::code::Code::for_template(stringify!($($template)+).len());
        $crate::code::code_into!(code; $($template)+);
        code
    }};
}

/// [`code!`] appending to `$code`, a `Code` or `&mut Code`.
macro_rules! code_into {
    ($code:ident;) => {};
    ($code:ident; # $value:ident $($rest:tt)*) => {
        $code.splice(&$value);
        $crate::code::code_into!($code; $($rest)*);
    };
    ($code:ident; # ( $($body:tt)* ) * $($rest:tt)*) => {
        $crate::code::code_repeat!($code [] [$($body)*] [$($body)*] []);
        $crate::code::code_into!($code; $($rest)*);
    };
    ($code:ident; # ( $($body:tt)* ) $separator:tt * $($rest:tt)*) => {
        $crate::code::code_repeat!($code [] [$($body)*] [$($body)*] [$separator]);
        $crate::code::code_into!($code; $($rest)*);
    };
    ($code:ident; ( $($inner:tt)* ) $($rest:tt)*) => {
        $crate::code::code_group!($code Parenthesis [$($inner)*]);
        $crate::code::code_into!($code; $($rest)*);
    };
    ($code:ident; [ $($inner:tt)* ] $($rest:tt)*) => {
        $crate::code::code_group!($code Bracket [$($inner)*]);
        $crate::code::code_into!($code; $($rest)*);
    };
    ($code:ident; { $($inner:tt)* } $($rest:tt)*) => {
        $crate::code::code_group!($code Brace [$($inner)*]);
        $crate::code::code_into!($code; $($rest)*);
    };
    // `_` is an identifier to proc-macro2, but no `ident` fragment.
    ($code:ident; _ $($rest:tt)*) => {
        $code.ident("_");
        $crate::code::code_into!($code; $($rest)*);
    };
    ($code:ident; $ident:ident $($rest:tt)*) => {
        $code.ident(stringify!($ident));
        $crate::code::code_into!($code; $($rest)*);
    };
    ($code:ident; $lifetime:lifetime $($rest:tt)*) => {
        $code.lifetime(stringify!($lifetime));
        $crate::code::code_into!($code; $($rest)*);
    };
    ($code:ident; $literal:literal $($rest:tt)*) => {
        $code.literal(stringify!($literal));
        $crate::code::code_into!($code; $($rest)*);
    };
    ($code:ident; $punct:tt $($rest:tt)*) => {
        $code.punct(stringify!($punct));
        $crate::code::code_into!($code; $($rest)*);
    };
}

macro_rules! code_group {
    ($code:ident $delimiter:ident [$($inner:tt)*]) => {{
        let open = $code.open($crate::code::Delimiter::$delimiter);
        $crate::code::code_into!($code; $($inner)*);
        $code.close(open);
    }};
}

/// A repetition: first finds the `#name`s in the body (`[$($found)*]`, from
/// the tokens still to scan), then loops over them in step.
macro_rules! code_repeat {
    ($code:ident [$($found:ident)*] [# $value:ident $($scan:tt)*] $body:tt $separator:tt) => {
        $crate::code::code_repeat!($code [$($found)* $value] [$($scan)*] $body $separator)
    };
    ($code:ident $found:tt [( $($inner:tt)* ) $($scan:tt)*] $body:tt $separator:tt) => {
        $crate::code::code_repeat!($code $found [$($inner)* $($scan)*] $body $separator)
    };
    ($code:ident $found:tt [[ $($inner:tt)* ] $($scan:tt)*] $body:tt $separator:tt) => {
        $crate::code::code_repeat!($code $found [$($inner)* $($scan)*] $body $separator)
    };
    ($code:ident $found:tt [{ $($inner:tt)* } $($scan:tt)*] $body:tt $separator:tt) => {
        $crate::code::code_repeat!($code $found [$($inner)* $($scan)*] $body $separator)
    };
    ($code:ident $found:tt [$other:tt $($scan:tt)*] $body:tt $separator:tt) => {
        $crate::code::code_repeat!($code $found [$($scan)*] $body $separator)
    };
    ($code:ident [$($found:ident)+] [] [$($body:tt)*] []) => {{
        #[allow(unused_imports)]
        use $crate::code::{RepeatIterator as _, RepeatSlice as _};
        $(let mut $found = $found.code_items();)+
        loop {
            $(let ::core::option::Option::Some($found) = ::core::iter::Iterator::next(&mut $found) else { break };)+
            $crate::code::code_into!($code; $($body)*);
        }
    }};
    ($code:ident [$($found:ident)+] [] [$($body:tt)*] [$separator:tt]) => {{
        #[allow(unused_imports)]
        use $crate::code::{RepeatIterator as _, RepeatSlice as _};
        $(let mut $found = $found.code_items();)+
        let mut first = true;
        loop {
            $(let ::core::option::Option::Some($found) = ::core::iter::Iterator::next(&mut $found) else { break };)+
            if !first {
                $code.punct(stringify!($separator));
            }
            first = false;
            $crate::code::code_into!($code; $($body)*);
        }
    }};
}

pub(crate) use {code, code_group, code_into, code_repeat};

/// The value of a string literal as Rust writes it (`"…"` with escapes, or
/// raw), or `None` for any other literal or an escape it does not know: the
/// inverse of `Code::string`, which the printer uses to read back the doc
/// strings it lays out as `///` comments.
pub(crate) fn string_literal_value(literal: &str) -> Option<Cow<'_, str>> {
    if let Some(raw) = literal.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        let body = raw[hashes..].strip_prefix('"')?;
        let body = body.strip_suffix(&raw[..hashes])?.strip_suffix('"')?;
        return Some(Cow::Borrowed(body));
    }
    let body = literal.strip_prefix('"')?.strip_suffix('"')?;
    if !body.contains('\\') {
        return Some(Cow::Borrowed(body));
    }
    let mut value = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(ch) = chars.next() {
        if ch != '\\' {
            value.push(ch);
            continue;
        }
        match chars.next()? {
            'n' => value.push('\n'),
            'r' => value.push('\r'),
            't' => value.push('\t'),
            '0' => value.push('\0'),
            '\\' => value.push('\\'),
            '\'' => value.push('\''),
            '"' => value.push('"'),
            'x' => {
                let digits: String = chars.by_ref().take(2).collect();
                value.push(char::from(u8::from_str_radix(&digits, 16).ok().filter(u8::is_ascii)?));
            }
            'u' => {
                let rest = chars.as_str().strip_prefix('{')?;
                let (digits, after) = rest.split_once('}')?;
                value.push(char::from_u32(u32::from_str_radix(&digits.replace('_', ""), 16).ok()?)?);
                chars = after.chars();
            }
            '\n' => {
                // A line continuation skips the line break and the
                // whitespace that follows it.
                let rest = chars.as_str().trim_start_matches([' ', '\t', '\n', '\r']);
                chars = rest.chars();
            }
            _ => return None,
        }
    }
    Some(Cow::Owned(value))
}

#[cfg(test)]
mod tests {
    use super::{Code, Ident, Number, string_literal_value};

    #[test]
    fn templates_make_the_tokens_quote_makes() {
        let name = Ident::new_unchecked("r#type".to_owned());
        let fields = vec![code!(a: u8), code!(b: &'static str)];
        let docs = ["one", "two \"quoted\" \0 \u{7f}"];
        let number = Number::float(1e21);
        let nothing: Option<Code> = None;
        let code = code! {
            #(#[doc = #docs])*
            pub struct #name<'de> { #(#fields),* }
            impl #name<'_> { const N: f64 = #number; fn f(_: ::x::Y<Vec<u8>>) -> [u8; 2] { [1, -2] } #nothing }
        };
        let expected: proc_macro2::TokenStream = r#"
            #[doc = "one"] #[doc = "two \"quoted\" \0 \u{7f}"]
            pub struct r#type<'de> { a: u8, b: &'static str }
            impl r#type<'_> { const N: f64 = 1000000000000000000000.0; fn f(_: ::x::Y<Vec<u8>>) -> [u8; 2] { [1, -2] } }
        "#
        .parse()
        .unwrap();
        let actual: proc_macro2::TokenStream = code.to_string().parse().unwrap();
        assert_eq!(token_texts(actual), token_texts(expected));
    }

    /// The tokens' texts, without the spacing that `to_string` shows.
    fn token_texts(stream: proc_macro2::TokenStream) -> Vec<String> {
        let mut texts = Vec::new();
        for tree in stream {
            match tree {
                proc_macro2::TokenTree::Group(group) => {
                    texts.push(format!("{:?}", group.delimiter()));
                    texts.extend(token_texts(group.stream()));
                    texts.push("close".to_owned());
                }
                other => texts.push(other.to_string()),
            }
        }
        texts
    }

    #[test]
    fn string_values_are_unescaped() {
        assert_eq!(string_literal_value(r#""a\n\t\"\\\x41\u{e9}\0""#).as_deref(), Some("a\n\t\"\\A\u{e9}\0"));
        assert_eq!(string_literal_value(r##"r#"a "b" \n"#"##).as_deref(), Some(r#"a "b" \n"#));
        assert_eq!(string_literal_value("b\"x\""), None);
        assert_eq!(string_literal_value("1"), None);
        assert_eq!(string_literal_value(r#""bad \q""#), None);
    }
}
