//! The reader's parser, and what it reads of items: the cursor over emit's
//! tokens and its steps (identifiers, operators, groups, lists), then items,
//! attributes, fields, variants, parameters and generic parameters. Types,
//! paths, patterns, expressions, blocks and statements are in
//! `parse_exprs.rs`.

use std::borrow::Cow;

use bumpalo::Bump;
use bumpalo::collections::Vec as ArenaVec;

use crate::code::string_literal_value;
use crate::code::{Code, Delimiter, TokenKind};

use super::{Attr, FieldDef, FnItem, GenericParam, Item, ItemKind, Meta, Param, Span, StructBody, Variant};

/// Something the reader does not know: the caller prints the item as it is.
#[derive(Debug)]
pub(super) struct Unknown;

pub(super) type Parsed<T> = Result<T, Unknown>;

/// Reads the item that starts at `tokens[*cursor]` and ends before `end`
/// into `arena`, and moves the cursor past it. A module's or an impl's
/// items are read one at a time as they are printed (see
/// `Printer::each_item`), so that one item's tree at a time is in memory
/// (and in the cache), not the whole file's.
pub(in crate::print) fn item<'a>(code: &'a Code, arena: &'a Bump, cursor: &mut usize, end: usize) -> Item<'a> {
    let start = *cursor;
    let mut parser = Parser { code, arena, index: start, end };
    let item = parser.item().unwrap_or_else(|Unknown| {
        // The item runs to its `;` or its last brace group.
        parser.index = start;
        parser.skip_item();
        Item {
            span: Span { start, end: parser.index },
            after_attrs: start,
            attrs: &[],
            vis: "",
            kind: ItemKind::Verbatim(Span { start, end: parser.index }),
        }
    });
    *cursor = parser.index;
    item
}

pub(super) struct Parser<'a> {
    pub(super) code: &'a Code,
    /// Where the tree's nodes and lists go: freed all at once when the item
    /// has been printed.
    pub(super) arena: &'a Bump,
    pub(super) index: usize,
    /// Where the tokens being read end (a group's `Close`, or the file's end).
    pub(super) end: usize,
}

/// How many tokens the operator that starts with the punctuation token
/// `(ch, joint)` at `index` takes (`::` 2, `..=` 3): joint punctuation that
/// spells one of Rust's operators, or one character.
fn operator_length(code: &Code, index: usize, ch: char, joint: bool) -> usize {
    let punct = |index: usize| match code.tokens.get(index)?.kind {
        TokenKind::Punct { ch, joint } if ch != '\'' && ch != '#' => Some((ch, joint)),
        _ => None,
    };
    if !joint || ch == '\'' || ch == '#' {
        return 1;
    }
    let Some((second, second_joint)) = punct(index + 1) else { return 1 };
    let third = if second_joint { punct(index + 2).map(|(ch, _)| ch) } else { None };
    match (ch, second, third) {
        ('<', '<', Some('=')) | ('>', '>', Some('=')) | ('.', '.', Some('.' | '=')) => 3,
        (':', ':', _)
        | ('-' | '=' | '>', '>', _)
        | ('=' | '!' | '<' | '>' | '+' | '-' | '*' | '/' | '%' | '^' | '&' | '|', '=', _)
        | ('&', '&', _)
        | ('|', '|', _)
        | ('<', '<', _)
        | ('.', '.', _) => 2,
        _ => 1,
    }
}

impl<'a> Parser<'a> {
    pub(super) fn list<T>(&self) -> ArenaVec<'a, T> {
        ArenaVec::new_in(self.arena)
    }

    pub(super) fn kind(&self, index: usize) -> Option<TokenKind> {
        (index < self.end).then(|| self.code.tokens[index].kind)
    }

    pub(super) fn text(&self, index: usize) -> &'a str {
        self.code.text_of(index)
    }

    /// The error for what cannot be read at the cursor.
    #[expect(clippy::unused_self, reason = "a place to set a breakpoint on, or to log the cursor from")]
    pub(super) fn fail(&self) -> Unknown {
        Unknown
    }

    pub(super) fn at_end(&self) -> bool {
        self.index >= self.end
    }

    /// The identifier at the cursor.
    pub(super) fn peek_ident(&self) -> Option<&'a str> {
        match self.kind(self.index)? {
            TokenKind::Ident => Some(self.text(self.index)),
            _ => None,
        }
    }

    fn is_ident(&self, word: &str) -> bool {
        self.peek_ident() == Some(word)
    }

    pub(super) fn eat_ident(&mut self, word: &str) -> bool {
        let found = self.is_ident(word);
        self.index += usize::from(found);
        found
    }

    pub(super) fn ident(&mut self) -> Parsed<&'a str> {
        let ident = self.peek_ident().ok_or_else(|| self.fail())?;
        self.index += 1;
        Ok(ident)
    }

    /// The operator at `index`: joint punctuation that spells one, or a
    /// single character; with its length in tokens.
    pub(super) fn operator_at(&self, index: usize) -> Option<(&'a str, usize)> {
        let TokenKind::Punct { ch, joint } = self.kind(index)? else { return None };
        let length = operator_length(self.code, index, ch, joint);
        Some((self.code.text_of_run(index, index + length - 1), length))
    }

    /// Whether the operator at `index` is `op`, told from its tokens'
    /// characters without slicing its text (the reader asks this of most
    /// tokens, several times).
    pub(super) fn is_op_at(&self, index: usize, op: &str) -> bool {
        let Some(TokenKind::Punct { ch, joint }) = self.kind(index) else { return false };
        let bytes = op.as_bytes();
        if u32::from(bytes[0]) != u32::from(ch) || operator_length(self.code, index, ch, joint) != bytes.len() {
            return false;
        }
        bytes[1..].iter().enumerate().all(|(offset, byte)| {
            matches!(self.code.tokens[index + 1 + offset].kind, TokenKind::Punct { ch, .. } if u32::from(*byte) == u32::from(ch))
        })
    }

    pub(super) fn is_op(&self, op: &str) -> bool {
        self.is_op_at(self.index, op)
    }

    pub(super) fn peek_op(&self) -> Option<&'a str> {
        self.operator_at(self.index).map(|(op, _)| op)
    }

    /// A single punctuation character at the cursor, whatever follows it
    /// (the `>` of `>>` that closes two generic lists, say).
    pub(super) fn peek_char(&self) -> Option<char> {
        match self.kind(self.index)? {
            TokenKind::Punct { ch, .. } => Some(ch),
            _ => None,
        }
    }

    pub(super) fn eat_char(&mut self, ch: char) -> bool {
        let found = self.peek_char() == Some(ch);
        self.index += usize::from(found);
        found
    }

    pub(super) fn eat_op(&mut self, op: &str) -> bool {
        let found = self.is_op(op);
        if found {
            self.index += op.len();
        }
        found
    }

    pub(super) fn expect_op(&mut self, op: &str) -> Parsed<()> {
        if self.eat_op(op) { Ok(()) } else { Err(self.fail()) }
    }

    pub(super) fn peek_group(&self) -> Option<Delimiter> {
        match self.kind(self.index)? {
            TokenKind::Open(delimiter) => Some(delimiter),
            _ => None,
        }
    }

    /// Reads the group at the cursor with `read`, which must use it up.
    pub(super) fn group<T>(&mut self, delimiter: Delimiter, read: impl FnOnce(&mut Self) -> Parsed<T>) -> Parsed<T> {
        if self.peek_group() != Some(delimiter) {
            return Err(self.fail());
        }
        let close = self.code.tokens[self.index].close();
        let outer_end = self.end;
        self.index += 1;
        self.end = close;
        let result = read(self);
        let stopped = self.index;
        self.end = outer_end;
        self.index = close + 1;
        match result {
            Ok(value) if stopped == close => Ok(value),
            Ok(_) => Err(self.fail()),
            Err(unknown) => Err(unknown),
        }
    }

    /// A comma-separated list up to the end of the group.
    pub(super) fn comma_list<T>(&mut self, mut read: impl FnMut(&mut Self) -> Parsed<T>) -> Parsed<&'a [T]> {
        let mut list = self.list();
        while !self.at_end() {
            list.push(read(self)?);
            if !self.eat_char(',') {
                break;
            }
        }
        Ok(list.into_bump_slice())
    }

    pub(super) fn lifetime(&mut self) -> Option<&'a str> {
        if self.peek_char() == Some('\'') && matches!(self.kind(self.index + 1), Some(TokenKind::Ident)) {
            let text = self.code.text_of_run(self.index, self.index + 1);
            self.index += 2;
            Some(text)
        } else {
            None
        }
    }

    /// Past the item at the cursor, whatever it is: to its `;` or the brace
    /// group that ends it.
    fn skip_item(&mut self) {
        while self.index < self.end {
            match self.code.tokens[self.index].kind {
                TokenKind::Punct { ch: ';', .. } => {
                    self.index += 1;
                    return;
                }
                TokenKind::Open(delimiter) => {
                    self.index = self.code.tokens[self.index].close() + 1;
                    if delimiter == Delimiter::Brace && self.peek_char() != Some(';') {
                        return;
                    }
                }
                _ => self.index += 1,
            }
        }
    }

    // Items.

    fn attrs(&mut self) -> Parsed<&'a [Attr<'a>]> {
        if self.peek_char() != Some('#') {
            return Ok(&[]);
        }
        let mut attrs = self.list();
        while self.peek_char() == Some('#') {
            self.index += 1;
            let inner = self.eat_char('!');
            let attr = self.group(Delimiter::Bracket, |parser| {
                let meta = parser.meta()?;
                Ok(match meta {
                    Meta::NameValue(name, value) if name == "doc" => match doc_text(value, parser.arena) {
                        Some(text) => Attr::Doc { inner, text },
                        None => Attr::Meta { inner, meta: Meta::NameValue(name, value) },
                    },
                    meta => Attr::Meta { inner, meta },
                })
            })?;
            attrs.push(attr);
        }
        Ok(attrs.into_bump_slice())
    }

    fn meta(&mut self) -> Parsed<Meta<'a>> {
        if let Some(TokenKind::Literal) = self.kind(self.index) {
            self.index += 1;
            return Ok(Meta::Lit(self.text(self.index - 1)));
        }
        let path = self.meta_path()?;
        if self.eat_char('=') {
            let Some(TokenKind::Literal) = self.kind(self.index) else { return Err(self.fail()) };
            self.index += 1;
            return Ok(Meta::NameValue(path, self.text(self.index - 1)));
        }
        if self.peek_group() == Some(Delimiter::Parenthesis) {
            let list = self.group(Delimiter::Parenthesis, |parser| parser.comma_list(Self::meta))?;
            return Ok(Meta::List(path, list));
        }
        Ok(Meta::Word(path))
    }

    /// An attribute's path, as text: `serde`, `clippy::too_many_arguments`.
    fn meta_path(&mut self) -> Parsed<&'a str> {
        let start = self.index;
        self.eat_op("::");
        self.ident()?;
        while self.eat_op("::") {
            self.ident()?;
        }
        Ok(self.code.text_of_run(start, self.index - 1))
    }

    fn vis(&mut self) -> Parsed<&'a str> {
        if !self.eat_ident("pub") {
            return Ok("");
        }
        if self.peek_group() != Some(Delimiter::Parenthesis) {
            return Ok("pub ");
        }
        let scope = self.group(Delimiter::Parenthesis, |parser| {
            let mut scope = String::new();
            while !parser.at_end() {
                let (text, length) = parser.operator_at(parser.index).unwrap_or((parser.text(parser.index), 1));
                if !scope.is_empty() && text != "::" && !scope.ends_with("::") {
                    scope.push(' ');
                }
                scope.push_str(text);
                parser.index += length;
            }
            Ok(scope)
        })?;
        Ok(self.arena.alloc_str(&format!("pub({scope}) ")))
    }

    pub(super) fn item(&mut self) -> Parsed<Item<'a>> {
        let start = self.index;
        let attrs = self.attrs()?;
        let after_attrs = self.index;
        let vis = self.vis()?;
        let keyword = self.ident()?;
        let kind = match keyword {
            "mod" => {
                let name = self.ident()?;
                let body = self.item_group()?;
                ItemKind::Mod { name, body }
            }
            "struct" => {
                let name = self.ident()?;
                let generics = self.generic_params()?;
                let body = match self.peek_group() {
                    Some(Delimiter::Brace) => {
                        StructBody::Named(self.group(Delimiter::Brace, |parser| parser.comma_list(Self::named_field))?)
                    }
                    Some(Delimiter::Parenthesis) => {
                        let fields =
                            self.group(Delimiter::Parenthesis, |parser| parser.comma_list(Self::tuple_field))?;
                        self.expect_op(";")?;
                        StructBody::Tuple(fields)
                    }
                    _ => {
                        self.expect_op(";")?;
                        StructBody::Unit
                    }
                };
                ItemKind::Struct { name, generics, body }
            }
            "enum" => {
                let name = self.ident()?;
                let generics = self.generic_params()?;
                let body_start = self.index;
                let variants = self.group(Delimiter::Brace, |parser| parser.comma_list(Self::variant))?;
                ItemKind::Enum { name, generics, variants, body: Span { start: body_start, end: self.index } }
            }
            "impl" => {
                let generics = self.generic_params()?;
                let first = self.ty()?;
                let (trait_, self_ty) = if self.eat_ident("for") { (Some(first), self.ty()?) } else { (None, first) };
                let body = self.item_group()?;
                ItemKind::Impl { generics, trait_, self_ty, body }
            }
            "fn" => {
                let name = self.ident()?;
                let generics = self.generic_params()?;
                let (params, param_spans) = self.group(Delimiter::Parenthesis, |parser| {
                    let (mut params, mut spans) = (parser.list(), parser.list());
                    parser.comma_list(|parser| {
                        let start = parser.index;
                        params.push(parser.param()?);
                        spans.push(Span { start, end: parser.index });
                        Ok(())
                    })?;
                    Ok((params.into_bump_slice(), spans.into_bump_slice()))
                })?;
                let ret = if self.eat_op("->") { Some(self.ty()?) } else { None };
                let body_open = self.index;
                let body = self.block()?;
                ItemKind::Fn(alloc(self.arena, FnItem { name, generics, params, param_spans, body_open, ret, body }))
            }
            "type" => {
                let name = self.ident()?;
                let generics = self.generic_params()?;
                self.expect_op("=")?;
                let ty = self.ty()?;
                self.expect_op(";")?;
                ItemKind::TypeAlias { name, generics, ty }
            }
            "const" | "static" => {
                let name = self.ident()?;
                self.expect_op(":")?;
                let ty = self.ty()?;
                let value = if self.eat_op("=") { Some(self.expr()?) } else { None };
                self.expect_op(";")?;
                ItemKind::Const { keyword, name, ty, value }
            }
            _ => return Err(self.fail()),
        };
        Ok(Item { span: Span { start, end: self.index }, after_attrs, attrs, vis, kind })
    }

    /// The tokens inside the brace group at the cursor, whose items are
    /// read when they are printed.
    fn item_group(&mut self) -> Parsed<Span> {
        if self.peek_group() != Some(Delimiter::Brace) {
            return Err(self.fail());
        }
        let close = self.code.tokens[self.index].close();
        let body = Span { start: self.index + 1, end: close };
        self.index = close + 1;
        Ok(body)
    }

    fn named_field(&mut self) -> Parsed<FieldDef<'a>> {
        let attrs = self.attrs()?;
        let vis = self.vis()?;
        let name = self.ident()?;
        self.expect_op(":")?;
        let ty = self.ty()?;
        Ok(FieldDef { attrs, vis, name: Some(name), ty })
    }

    fn tuple_field(&mut self) -> Parsed<FieldDef<'a>> {
        let attrs = self.attrs()?;
        let vis = self.vis()?;
        let ty = self.ty()?;
        Ok(FieldDef { attrs, vis, name: None, ty })
    }

    fn variant(&mut self) -> Parsed<Variant<'a>> {
        let attrs = self.attrs()?;
        let name = self.ident()?;
        let body = match self.peek_group() {
            Some(Delimiter::Parenthesis) => {
                StructBody::Tuple(self.group(Delimiter::Parenthesis, |parser| parser.comma_list(Self::tuple_field))?)
            }
            Some(Delimiter::Brace) => {
                StructBody::Named(self.group(Delimiter::Brace, |parser| parser.comma_list(Self::named_field))?)
            }
            _ => StructBody::Unit,
        };
        Ok(Variant { attrs, name, body })
    }

    fn param(&mut self) -> Parsed<Param<'a>> {
        let start = self.index;
        let reference = self.eat_char('&');
        let lifetime = if reference { self.lifetime() } else { None };
        let mutable = self.eat_ident("mut");
        if self.eat_ident("self") && self.peek_char() != Some(':') {
            let written = match (reference, lifetime, mutable) {
                (false, _, false) => "self",
                (false, _, true) => "mut self",
                (true, None, false) => "&self",
                (true, None, true) => "&mut self",
                (true, Some(lifetime), mutable) => {
                    let mutable = if mutable { "mut " } else { "" };
                    self.arena.alloc_str(&format!("&{lifetime} {mutable}self"))
                }
            };
            return Ok(Param::SelfParam(written));
        }
        self.index = start;
        let pat = self.pat_no_or()?;
        self.expect_op(":")?;
        let ty = self.ty()?;
        Ok(Param::Typed { pat, ty })
    }

    /// `<'de, T: Bound>` after an item's name, or nothing.
    fn generic_params(&mut self) -> Parsed<&'a [GenericParam<'a>]> {
        if !self.eat_char('<') {
            return Ok(&[]);
        }
        let mut params = self.list();
        while !self.eat_char('>') {
            let name = match self.lifetime() {
                Some(lifetime) => lifetime,
                None => self.ident()?,
            };
            let bounds = if self.eat_op(":") { self.bounds()? } else { &[] };
            params.push(GenericParam { name, bounds });
            if !self.eat_char(',') {
                if self.eat_char('>') {
                    break;
                }
                return Err(self.fail());
            }
        }
        Ok(params.into_bump_slice())
    }
}

/// `value` in `arena` (its first argument a copy of the parser's reference,
/// so that the second may read on with the parser).
pub(super) fn alloc<T>(arena: &Bump, value: T) -> &T {
    arena.alloc(value)
}

/// The text of a `#[doc = "…"]` value when `///` lines say exactly the
/// same: a doc comment ends at a line feed, a carriage return is not allowed
/// in one, and `////` is an ordinary comment (so is `//!/` for inner ones).
fn doc_text<'a>(literal: &'a str, arena: &'a Bump) -> Option<&'a str> {
    let value = string_literal_value(literal)?;
    let representable = !value.contains('\r') && value.split('\n').all(|line| !line.starts_with('/'));
    representable.then(|| match value {
        Cow::Borrowed(value) => value,
        Cow::Owned(value) => &*arena.alloc_str(&value),
    })
}
