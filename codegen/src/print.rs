//! Code (see `code.rs`) → Rust source text: the last stage of build.rs and
//! CLI output.
//!
//! A general formatter (syn + prettyplease, or rustfmt) parses the tokens
//! into a syntax tree first, and that took most of the time of a
//! generation. The code endpointgen emits has few shapes (items, attributes,
//! paths, generics, calls, method chains, match arms, struct literals,
//! closures), so this printer lays the tokens out directly, in one pass,
//! from what the tokens around each one say:
//!
//! - a brace group is a block (its statements, items, fields, variants or
//!   arms each on their own line), except a `use` tree, and a struct literal
//!   that fits on its line;
//! - a parenthesized or bracketed group stays on its line when it fits in
//!   [`MAX_WIDTH`] columns, and otherwise gets one element per line;
//! - `#[doc = "…"]` becomes `///` lines.
//!
//! It reads emit's flat token list as it is, with each group's end at hand
//! for looking ahead. Whatever the layout, the text parses back into the
//! same tokens: spacing only ever changes whitespace, and a doc string that
//! a `///` comment cannot hold exactly stays an attribute. Tokens of a shape
//! the printer does not know still print correctly, only less nicely.

use std::borrow::Cow;

use crate::code::{Code, Delimiter, TokenKind};

use crate::code::string_literal_value;

/// Lines longer than this get their argument lists broken, as rustfmt's
/// default `max_width`.
const MAX_WIDTH: usize = 100;
const INDENT: &str = "    ";

/// Prints code as Rust source (the items of a file) after `header`.
pub(crate) fn print(code: &Code, header: &str) -> String {
    let mut out = String::with_capacity(header.len() + code.text.len() * 2);
    out.push_str(header);
    let mut printer = Printer::new(code, out, None);
    printer.list(0, code.tokens.len(), Layout::Lines);
    let mut out = printer.out;
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// What a printed piece is, for the spacing between it and the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    /// Nothing yet on this line.
    LineStart,
    /// An identifier, literal or lifetime: an operand.
    Word,
    /// A keyword that a path, group or operand follows with a space
    /// (`impl ::x::Y`, `match (a, b)`, `return &x`).
    Keyword,
    /// `pub`: spaced like a keyword, but for `pub(crate)`.
    Pub,
    /// An opening delimiter; `true` when a space follows it (`Foo { a }`).
    Open(Delimiter, bool),
    /// A closing delimiter; `true` when a space precedes it.
    Close(Delimiter, bool),
    /// A binary operator, `=`, `=>`, `->`: spaced on both sides.
    Binary,
    /// A prefix operator: `&`, `*`, `-`, `!`, `?Sized`'s `?`.
    Prefix,
    /// `?` after an expression.
    Postfix,
    PathSep,
    /// `.`, `..`, `..=`.
    Dot,
    Comma,
    Semi,
    Colon,
    GenericOpen,
    GenericClose,
    /// `#` of an attribute.
    Pound,
    /// `!` of a macro call or an inner attribute.
    Bang,
    /// The `|` that opens closure parameters.
    ClosureOpen,
    /// The `|` that closes them (and `||`).
    ClosureClose,
}

/// Whether a space goes between two pieces.
fn space_between(previous: Piece, next: Piece) -> bool {
    use Piece::{
        Bang, Binary, Close, ClosureClose, ClosureOpen, Colon, Comma, Dot, GenericClose, GenericOpen, Keyword,
        LineStart, Open, PathSep, Postfix, Pound, Prefix, Pub, Semi,
    };
    match (previous, next) {
        (LineStart, _) | (_, Comma | Semi | Colon | Postfix | ClosureClose) | (Open(..), Close(..)) => false,
        (Open(_, spaced), _) | (_, Close(_, spaced)) => spaced,
        (Comma | Semi | Colon | Binary, _) | (_, Binary) => true,
        (_, Dot | GenericOpen | GenericClose | Bang)
        | (Dot | PathSep | Prefix | GenericOpen | Pound | Bang | ClosureOpen, _) => false,
        (_, PathSep) => matches!(previous, Keyword | Pub | ClosureClose),
        (_, Open(Delimiter::Parenthesis | Delimiter::Bracket, _)) => matches!(previous, Keyword | ClosureClose),
        _ => true,
    }
}

/// Keywords after which a path, a group or an operand is spaced off, and
/// that make an operator after them a prefix one.
fn is_spaced_keyword(word: &str) -> bool {
    matches!(
        word,
        "as" | "async"
            | "break"
            | "const"
            | "continue"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "ref"
            | "return"
            | "static"
            | "struct"
            | "trait"
            | "type"
            | "union"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "yield"
    )
}

/// Keywords after which a brace group is a block, not a struct literal.
fn starts_block(word: &str) -> bool {
    matches!(
        word,
        "async"
            | "else"
            | "enum"
            | "extern"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "loop"
            | "match"
            | "mod"
            | "struct"
            | "trait"
            | "union"
            | "unsafe"
            | "where"
            | "while"
    )
}

/// The operators of Rust that are more than one character, longest first
/// where one begins another.
const OPERATORS: &[&str] = &[
    "<<=", ">>=", "...", "..=", "::", "->", "=>", "==", "!=", "<=", ">=", "&&", "||", "+=", "-=", "*=", "/=", "%=",
    "^=", "&=", "|=", "<<", ">>", "..",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// Everything on the current line.
    Flat,
    /// Each element (statement, item, field, variant, arm, argument) on its
    /// own line.
    Lines,
}

struct Printer<'a> {
    code: &'a Code,
    out: String,
    /// When measuring: the width of what would have been written (nothing
    /// is).
    width: usize,
    indent: usize,
    /// Where the current line starts in `out`.
    line_start: usize,
    /// The indentation of the current line is not written yet: it is, with
    /// the line's first piece (so that a closing `}` gets the outer one).
    indent_pending: bool,
    last: Piece,
    /// When measuring: the width beyond which the text does not fit.
    budget: Option<usize>,
    /// When measuring: the text went past the budget, or needs a line break.
    overflowed: bool,
    /// Inside a group printed flat because it fits: groups within it fit too.
    flat_depth: usize,
}

impl<'a> Printer<'a> {
    fn new(code: &'a Code, out: String, budget: Option<usize>) -> Self {
        Printer {
            code,
            line_start: out.len(),
            out,
            width: 0,
            indent: 0,
            indent_pending: true,
            last: Piece::LineStart,
            budget,
            overflowed: false,
            flat_depth: 0,
        }
    }

    fn measuring(&self) -> bool {
        self.budget.is_some()
    }

    fn text_of(&self, index: usize) -> &'a str {
        self.code.text_of(index)
    }

    fn punct_at(&self, index: usize) -> Option<char> {
        match self.code.tokens.get(index)?.kind {
            TokenKind::Punct { ch, .. } => Some(ch),
            _ => None,
        }
    }

    fn ident_at(&self, index: usize) -> Option<&'a str> {
        match self.code.tokens.get(index)?.kind {
            TokenKind::Ident => Some(self.text_of(index)),
            _ => None,
        }
    }

    /// The column the next piece starts at, with the space before it.
    fn column_before(&self, next: Piece) -> usize {
        let column = if self.indent_pending { self.indent * INDENT.len() } else { self.out.len() - self.line_start };
        column + usize::from(space_between(self.last, next))
    }

    /// Writes a piece: `before` decides the space in front of it, `after`
    /// what the next piece sees.
    fn write(&mut self, text: &str, before: Piece, after: Piece) {
        if let Some(budget) = self.budget {
            self.width += usize::from(space_between(self.last, before)) + text.len();
            self.overflowed |= self.width > budget;
            self.last = after;
            return;
        }
        if self.indent_pending {
            self.indent_pending = false;
            for _ in 0..self.indent {
                self.out.push_str(INDENT);
            }
        } else if space_between(self.last, before) {
            self.out.push(' ');
        }
        self.out.push_str(text);
        self.last = after;
    }

    fn newline(&mut self) {
        if self.measuring() {
            self.overflowed = true;
            return;
        }
        if self.last == Piece::LineStart {
            return;
        }
        self.out.push('\n');
        self.line_start = self.out.len();
        self.indent_pending = true;
        self.last = Piece::LineStart;
    }

    /// Prints `tokens[start..end]`, the contents of one group (or the file).
    fn list(&mut self, start: usize, end: usize, layout: Layout) {
        // The depth of `<…>` generics open at this level: a `,` within them
        // separates no elements, and a `>` closes them.
        let mut angle_depth = 0usize;
        let mut in_closure_params = false;
        // A keyword since the element started says that a brace group is a
        // block (`match x {`, `impl X for Y {`) rather than a struct literal.
        let mut block_keyword = false;
        // `if`, `while`, `match`, `for`: a brace group after their operand
        // is a block, even past the `=` of `if let`.
        let mut control_flow = false;
        // The depth of the generics of an `impl<…>`, whose `>` a space
        // follows (`impl<T> ::x::Trait for X<T>`).
        let mut impl_generics_depth = None;
        // A method chain too long for its line gets each call on a line of
        // its own, one level deeper, until the element ends.
        let mut chain_broken = false;
        let mut index = start;
        while index < end && !self.overflowed {
            let token = self.code.tokens[index];
            match token.kind {
                TokenKind::Open(_) => {
                    let brace_was_block = self.group(index, end, block_keyword || control_flow);
                    index = token.close() + 1;
                    if brace_was_block {
                        block_keyword = false;
                        control_flow = false;
                        let continues = match self.code.tokens.get(index).filter(|_| index < end).map(|next| next.kind)
                        {
                            Some(TokenKind::Punct { ch, .. }) => matches!(ch, '.' | '?' | ';' | ','),
                            Some(TokenKind::Ident) => matches!(self.text_of(index), "else" | "as"),
                            Some(TokenKind::Close(_)) | None => true,
                            Some(_) => false,
                        };
                        if layout == Layout::Lines && !continues {
                            self.end_chain(&mut chain_broken);
                            self.newline();
                        }
                    }
                }
                TokenKind::Close(_) => {
                    // Unreachable for a well-formed stream: `Open` skips to
                    // past its `Close`.
                    index += 1;
                }
                TokenKind::Ident => {
                    let word = self.text_of(index);
                    // Keywords are short and lowercase: most identifiers
                    // (paths, types, `__private`) are told apart at once.
                    let maybe_keyword = word.len() <= 8 && word.as_bytes().first().is_some_and(u8::is_ascii_lowercase);
                    if maybe_keyword {
                        block_keyword |= starts_block(word);
                        control_flow |= matches!(word, "if" | "while" | "match" | "for");
                    }
                    let piece = if !maybe_keyword {
                        Piece::Word
                    } else if word == "pub" {
                        Piece::Pub
                    } else if is_spaced_keyword(word) {
                        Piece::Keyword
                    } else {
                        Piece::Word
                    };
                    self.write(word, piece, piece);
                    index += 1;
                }
                TokenKind::Literal => {
                    let literal = self.text_of(index);
                    self.write(literal, Piece::Word, Piece::Word);
                    index += 1;
                    // `x.0.1` must not print as `x.0 .1`'s `0.1` float.
                    if literal.bytes().all(|byte| byte.is_ascii_digit())
                        && self.punct_at(index) == Some('.')
                        && index + 1 < end
                        && self.code.tokens[index + 1].kind == TokenKind::Literal
                    {
                        if self.measuring() {
                            self.width += 1;
                        } else {
                            self.out.push(' ');
                        }
                    }
                }
                TokenKind::Punct { ch, joint } => {
                    if ch == '#' && self.is_attribute(index, end) {
                        index = self.attribute(index, layout);
                        continue;
                    }
                    if ch == '\'' && joint && self.ident_at(index + 1).is_some() && index + 1 < end {
                        let lifetime = self.code.text_of_run(index, index + 1);
                        // Spaced off a path after it, unlike an identifier:
                        // `&'static ::x::Y`.
                        self.write(lifetime, Piece::Word, Piece::Keyword);
                        index += 2;
                        continue;
                    }
                    let operator_start = index;
                    let length = self.operator_length(index, end);
                    let operator = self.code.text_of_run(index, index + length - 1);
                    index += length;
                    let after_operand =
                        matches!(self.last, Piece::Word | Piece::Close(..) | Piece::GenericClose | Piece::Postfix);
                    match operator {
                        ";" => {
                            self.write(";", Piece::Semi, Piece::Semi);
                            block_keyword = false;
                            control_flow = false;
                            self.end_chain(&mut chain_broken);
                            if layout == Layout::Lines {
                                self.newline();
                            }
                        }
                        "," => {
                            self.write(",", Piece::Comma, Piece::Comma);
                            if angle_depth == 0 && !in_closure_params {
                                block_keyword = false;
                                control_flow = false;
                                self.end_chain(&mut chain_broken);
                                if layout == Layout::Lines {
                                    self.newline();
                                }
                            }
                        }
                        ":" => self.write(":", Piece::Colon, Piece::Colon),
                        "::" => self.write("::", Piece::PathSep, Piece::PathSep),
                        "." if !self.measuring()
                            && self.flat_depth == 0
                            && matches!(self.last, Piece::Close(Delimiter::Parenthesis, _))
                            && (chain_broken || !self.fits(operator_start, operator_start, end, Piece::Dot)) =>
                        {
                            if !chain_broken {
                                chain_broken = true;
                                self.indent += 1;
                            }
                            self.newline();
                            self.write(".", Piece::Dot, Piece::Dot);
                        }
                        "." | ".." | "..=" => self.write(operator, Piece::Dot, Piece::Dot),
                        "?" if after_operand => self.write("?", Piece::Postfix, Piece::Postfix),
                        "!" if self.last == Piece::Word => self.write("!", Piece::Bang, Piece::Bang),
                        "<" if !matches!(self.last, Piece::Close(..))
                            && !self.follows_literal(operator_start, start) =>
                        {
                            let after_keyword = self.last == Piece::Keyword;
                            if let Some(close) = self.generics_to_break(operator_start, end) {
                                // One parameter per line; the `>` ends
                                // them here, so `angle_depth` stays.
                                self.write("<", Piece::GenericOpen, Piece::GenericOpen);
                                self.indent += 1;
                                self.newline();
                                self.list(operator_start + 1, close, Layout::Lines);
                                self.newline();
                                self.indent -= 1;
                                let after = if after_keyword { Piece::Keyword } else { Piece::GenericClose };
                                self.write(">", Piece::GenericClose, after);
                                index = close + 1;
                                continue;
                            }
                            angle_depth += 1;
                            if after_keyword {
                                impl_generics_depth = impl_generics_depth.or(Some(angle_depth));
                            }
                            self.write("<", Piece::GenericOpen, Piece::GenericOpen);
                        }
                        ">" | ">>" if angle_depth > 0 => {
                            let closes_impl_generics = impl_generics_depth.is_some_and(|depth| angle_depth >= depth)
                                && angle_depth.saturating_sub(operator.len()) < impl_generics_depth.unwrap_or(0);
                            angle_depth = angle_depth.saturating_sub(operator.len());
                            let after = if closes_impl_generics {
                                impl_generics_depth = None;
                                Piece::Keyword
                            } else {
                                Piece::GenericClose
                            };
                            self.write(operator, Piece::GenericClose, after);
                        }
                        "|" if in_closure_params => {
                            in_closure_params = false;
                            self.write("|", Piece::ClosureClose, Piece::ClosureClose);
                        }
                        "|" if !after_operand => {
                            in_closure_params = true;
                            self.write("|", Piece::Binary, Piece::ClosureOpen);
                        }
                        "||" if !after_operand => self.write("||", Piece::Binary, Piece::ClosureClose),
                        "&" | "&&" | "*" | "-" | "!" | "?" if !after_operand => {
                            self.write(operator, Piece::Prefix, Piece::Prefix);
                        }
                        "=" | "=>" => {
                            block_keyword = false;
                            // A match guard's `if` is over at its `=>`.
                            control_flow &= operator == "=";
                            self.end_chain(&mut chain_broken);
                            self.write(operator, Piece::Binary, Piece::Binary);
                            // A match arm's body or an assigned value
                            // (`pub type X = long::path;`) that cannot start
                            // on the line continues on the next, deeper.
                            if !self.value_starts_in_line(index, end) {
                                chain_broken = true;
                                self.indent += 1;
                                self.newline();
                            }
                        }
                        _ => self.write(operator, Piece::Binary, Piece::Binary),
                    }
                }
            }
        }
        self.end_chain(&mut chain_broken);
    }

    /// Whether what follows a `=>` or `=`, from `start`, fits on the line up
    /// to where it can break (its first group) or ends.
    fn value_starts_in_line(&self, start: usize, end: usize) -> bool {
        if self.measuring() || self.flat_depth > 0 {
            return true;
        }
        let mut width = 1;
        let mut index = start;
        while index < end {
            match self.code.tokens[index].kind {
                TokenKind::Open(_) => {
                    width += 1;
                    break;
                }
                TokenKind::Punct { ch: ',' | ';', .. } => break,
                _ => width += self.text_of(index).len() + 1,
            }
            index += 1;
        }
        self.out.len() - self.line_start + width <= MAX_WIDTH
    }

    /// Back to the element's indentation after a broken method chain (or
    /// match arm).
    fn end_chain(&mut self, chain_broken: &mut bool) {
        if *chain_broken {
            *chain_broken = false;
            self.indent -= 1;
        }
    }

    /// The `>` that closes the generics opened at `open`, when they do not
    /// fit on the line and are to be printed one parameter per line.
    fn generics_to_break(&self, open: usize, end: usize) -> Option<usize> {
        if self.measuring() || self.flat_depth > 0 {
            return None;
        }
        let mut depth = 0usize;
        let mut index = open;
        while index < end {
            match self.code.tokens[index].kind {
                TokenKind::Punct { ch: '<', .. } => depth += 1,
                // Not the `>` of `->` or `=>`.
                TokenKind::Punct { ch: '>', .. }
                    if !matches!(self.code.tokens[index - 1].kind, TokenKind::Punct { ch: '-' | '=', joint: true }) =>
                {
                    depth -= 1;
                    if depth == 0 {
                        return (!self.fits(open, index, end, Piece::GenericOpen)).then_some(index);
                    }
                }
                TokenKind::Punct { ch: ';', .. } | TokenKind::Open(Delimiter::Brace) => return None,
                TokenKind::Open(_) => index = self.code.tokens[index].close(),
                _ => {}
            }
            index += 1;
        }
        None
    }

    /// Whether the token before `index` (in a list from `start`) is a
    /// literal: a `<` after one is a comparison, not generics.
    fn follows_literal(&self, index: usize, start: usize) -> bool {
        index > start && self.code.tokens[index - 1].kind == TokenKind::Literal
    }

    /// How many punctuation tokens from `index` make one operator: joint
    /// ones that spell a Rust operator.
    fn operator_length(&self, index: usize, end: usize) -> usize {
        let mut joint_run = 1;
        while index + joint_run < end
            && matches!(self.code.tokens[index + joint_run - 1].kind, TokenKind::Punct { joint: true, .. })
            && matches!(self.code.tokens[index + joint_run].kind, TokenKind::Punct { ch, .. } if ch != '\'' && ch != '#')
            && joint_run < 3
        {
            joint_run += 1;
        }
        for length in (2..=joint_run).rev() {
            let spelled = self.code.text_of_run(index, index + length - 1);
            if OPERATORS.contains(&spelled) {
                return length;
            }
        }
        1
    }

    /// Prints the group opened at `open`; true when it was a brace block
    /// (which ends its line).
    fn group(&mut self, open: usize, list_end: usize, block_keyword: bool) -> bool {
        let TokenKind::Open(delimiter) = self.code.tokens[open].kind else {
            return false;
        };
        let close = self.code.tokens[open].close();
        if close == open + 1 {
            let (opening, closing) = delimiter.text();
            self.write(opening, Piece::Open(delimiter, false), Piece::Open(delimiter, false));
            self.write(closing, Piece::Close(delimiter, false), Piece::Close(delimiter, false));
            // An empty block (`enum Never {}`, `impl Marker for X {}`) ends
            // its item as a full one does.
            return delimiter == Delimiter::Brace && (block_keyword || !self.last_was_operand_before(open));
        }
        match delimiter {
            Delimiter::Brace if self.last == Piece::PathSep => {
                self.list_group(open, list_end, false);
                false
            }
            Delimiter::Brace if !block_keyword && matches!(self.last, Piece::Word | Piece::GenericClose) => {
                // A struct literal (or pattern): on one line when it fits.
                !self.list_group(open, list_end, true)
            }
            Delimiter::Brace => {
                self.block(open);
                true
            }
            _ => {
                self.list_group(open, list_end, false);
                false
            }
        }
    }

    /// Whether the token before `open` ends an operand (a struct literal's
    /// path), so that a brace group after it is no block.
    fn last_was_operand_before(&self, open: usize) -> bool {
        open > 0
            && match self.code.tokens[open - 1].kind {
                TokenKind::Ident => !is_spaced_keyword(self.text_of(open - 1)),
                TokenKind::Punct { ch: '>', .. } => true,
                _ => false,
            }
    }

    /// A group whose contents are a list: flat when it fits on the line,
    /// else one element per line. True when printed flat.
    fn list_group(&mut self, open: usize, list_end: usize, spaced: bool) -> bool {
        let TokenKind::Open(delimiter) = self.code.tokens[open].kind else {
            return false;
        };
        let close = self.code.tokens[open].close();
        let (opening, closing) = delimiter.text();
        let flat = self.measuring()
            || self.flat_depth > 0
            || self.fits(open, self.code.tokens[open].close(), list_end, Piece::Open(delimiter, spaced));
        self.write(opening, Piece::Open(delimiter, spaced), Piece::Open(delimiter, spaced));
        if flat {
            self.flat_depth += 1;
            self.list(open + 1, close, Layout::Flat);
            self.flat_depth -= 1;
            self.write(closing, Piece::Close(delimiter, spaced), Piece::Close(delimiter, spaced));
        } else {
            self.indent += 1;
            self.newline();
            self.list(open + 1, close, Layout::Lines);
            self.newline();
            self.indent -= 1;
            self.write(closing, Piece::Close(delimiter, false), Piece::Close(delimiter, false));
        }
        flat
    }

    fn block(&mut self, open: usize) {
        let close = self.code.tokens[open].close();
        self.write("{", Piece::Open(Delimiter::Brace, true), Piece::Open(Delimiter::Brace, true));
        if self.measuring() {
            self.overflowed = true;
            return;
        }
        self.indent += 1;
        self.newline();
        self.list(open + 1, close, Layout::Lines);
        self.newline();
        self.indent -= 1;
        self.write("}", Piece::Close(Delimiter::Brace, false), Piece::Close(Delimiter::Brace, false));
    }

    /// Whether the piece `tokens[from..=through]` (a group, generics, or
    /// the `.` of a method call) and what follows it up to the next place a
    /// line can break (a `{`, `;`, `,`, `=`, `=>` or method call of the same
    /// list; a chain from a `.` is measured to its end; generics stop at a
    /// call's parentheses) fit within the width.
    fn fits(&self, from: usize, through: usize, list_end: usize, first: Piece) -> bool {
        let column = self.column_before(first);
        let Some(budget) = MAX_WIDTH.checked_sub(column) else {
            return false;
        };
        let mut tail_end = through + 1;
        let mut extra = 0;
        while tail_end < list_end {
            match self.code.tokens[tail_end].kind {
                TokenKind::Open(Delimiter::Parenthesis) if first == Piece::GenericOpen => {
                    extra = 1;
                    break;
                }
                TokenKind::Punct { ch: ';' | ',', .. } => {
                    extra = 1;
                    break;
                }
                TokenKind::Punct { ch: '=', .. } => {
                    extra = 3;
                    break;
                }
                // A method chain is measured whole, from its first call on.
                TokenKind::Punct { ch: '.', .. }
                    if first != Piece::Dot
                        && self.code.tokens[tail_end - 1].kind == TokenKind::Close(Delimiter::Parenthesis) =>
                {
                    break;
                }
                TokenKind::Open(Delimiter::Brace) => {
                    extra = 2;
                    break;
                }
                TokenKind::Open(_) => tail_end = self.code.tokens[tail_end].close() + 1,
                _ => tail_end += 1,
            }
        }
        let Some(budget) = budget.checked_sub(extra) else {
            return false;
        };
        let mut measure = Printer {
            code: self.code,
            out: String::new(),
            width: 0,
            indent: 0,
            line_start: 0,
            indent_pending: false,
            // The space before the first piece is counted in `column`.
            last: Piece::LineStart,
            budget: Some(budget),
            overflowed: false,
            flat_depth: 1,
        };
        match (self.code.tokens[from].kind, first) {
            // The group itself as `list_group` prints it (the measuring
            // printer has not seen what came before it).
            (TokenKind::Open(_), Piece::Open(_, spaced)) => {
                measure.list_group(from, tail_end, spaced);
                measure.list(self.code.tokens[from].close() + 1, tail_end, Layout::Flat);
            }
            _ => measure.list(from, tail_end, Layout::Flat),
        }
        !measure.overflowed
    }

    /// Whether `#` at `index` starts an attribute: `#[…]` or `#![…]`.
    fn is_attribute(&self, index: usize, end: usize) -> bool {
        let bracket_at = if self.punct_at(index + 1) == Some('!') { index + 2 } else { index + 1 };
        bracket_at < end && self.code.tokens[bracket_at].kind == TokenKind::Open(Delimiter::Bracket)
    }

    /// Prints the attribute at `index`, as `///` or `//!` lines when it is
    /// a doc string they can hold; returns the index past it.
    fn attribute(&mut self, index: usize, layout: Layout) -> usize {
        let inner = self.punct_at(index + 1) == Some('!');
        let open = if inner { index + 2 } else { index + 1 };
        let close = self.code.tokens[open].close();
        if let Some(doc) = self.doc_comment(open, close) {
            if self.measuring() {
                self.overflowed = true;
                return close + 1;
            }
            self.newline();
            let prefix = if inner { "//!" } else { "///" };
            for line in doc.split('\n') {
                self.write(prefix, Piece::Word, Piece::LineStart);
                self.out.push_str(line);
                self.last = Piece::Word;
                self.newline();
            }
            return close + 1;
        }
        self.write("#", Piece::Pound, Piece::Pound);
        if inner {
            self.write("!", Piece::Bang, Piece::Bang);
        }
        // An attribute's arguments stay on its line.
        self.write("[", Piece::Open(Delimiter::Bracket, false), Piece::Open(Delimiter::Bracket, false));
        self.flat_depth += 1;
        self.list(open + 1, close, Layout::Flat);
        self.flat_depth -= 1;
        self.write("]", Piece::Close(Delimiter::Bracket, false), Piece::Close(Delimiter::Bracket, false));
        if layout == Layout::Lines {
            self.newline();
        }
        close + 1
    }

    /// The text of `[doc = "…"]` (the brackets at `open` and `close`) when
    /// doc comments say exactly the same.
    fn doc_comment(&self, open: usize, close: usize) -> Option<Cow<'a, str>> {
        if close != open + 4
            || self.ident_at(open + 1) != Some("doc")
            || self.punct_at(open + 2) != Some('=')
            || self.code.tokens[open + 3].kind != TokenKind::Literal
        {
            return None;
        }
        let value = string_literal_value(self.text_of(open + 3))?;
        // A doc comment ends at a line feed; a carriage return is not
        // allowed in one; `////` is an ordinary comment, and so is `//!/`
        // by the same rule for inner ones.
        let representable = !value.contains('\r') && value.split('\n').all(|line| !line.starts_with('/'));
        representable.then_some(value)
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use proc_macro2::{Delimiter, TokenStream, TokenTree};

    use super::print;
    use crate::code::{Code, code, string_literal_value};
    use crate::{Input, Options, generate};

    /// A token for comparison: spans and spacing dropped, and a run of doc
    /// attributes as the one string rustdoc reads (a `///` line per line of
    /// a doc string parses back as an attribute per line).
    #[derive(Debug, PartialEq)]
    enum Compared {
        Open(char),
        Close(char),
        Ident(String),
        Punct(char),
        Literal(String),
        Doc { inner: bool, value: String },
    }

    fn compared(stream: TokenStream) -> Vec<Compared> {
        let mut out = Vec::new();
        flatten(stream, &mut out);
        out
    }

    fn flatten(stream: TokenStream, out: &mut Vec<Compared>) {
        let trees: Vec<TokenTree> = stream.into_iter().collect();
        let mut index = 0;
        while index < trees.len() {
            if let Some((inner, value, length)) = doc_attribute(&trees[index..]) {
                match out.last_mut() {
                    Some(Compared::Doc { inner: last_inner, value: last }) if *last_inner == inner => {
                        last.push('\n');
                        last.push_str(&value);
                    }
                    _ => out.push(Compared::Doc { inner, value }),
                }
                index += length;
                continue;
            }
            match &trees[index] {
                TokenTree::Group(group) => {
                    let (open, close) = match group.delimiter() {
                        Delimiter::Parenthesis => ('(', ')'),
                        Delimiter::Brace => ('{', '}'),
                        Delimiter::Bracket => ('[', ']'),
                        Delimiter::None => {
                            flatten(group.stream(), out);
                            index += 1;
                            continue;
                        }
                    };
                    out.push(Compared::Open(open));
                    flatten(group.stream(), out);
                    out.push(Compared::Close(close));
                }
                TokenTree::Ident(ident) => out.push(Compared::Ident(ident.to_string())),
                TokenTree::Punct(punct) => out.push(Compared::Punct(punct.as_char())),
                TokenTree::Literal(literal) => out.push(Compared::Literal(literal.to_string())),
            }
            index += 1;
        }
    }

    /// `#[doc = "…"]` or `#![doc = "…"]` at the start of `trees`: whether
    /// inner, the string's value, and how many trees it takes.
    fn doc_attribute(trees: &[TokenTree]) -> Option<(bool, String, usize)> {
        let TokenTree::Punct(pound) = trees.first()? else { return None };
        if pound.as_char() != '#' {
            return None;
        }
        let inner = matches!(trees.get(1), Some(TokenTree::Punct(bang)) if bang.as_char() == '!');
        let length = if inner { 3 } else { 2 };
        let TokenTree::Group(group) = trees.get(length - 1)? else { return None };
        if group.delimiter() != Delimiter::Bracket {
            return None;
        }
        let inside: Vec<TokenTree> = group.stream().into_iter().collect();
        match inside.as_slice() {
            [TokenTree::Ident(doc), TokenTree::Punct(equals), TokenTree::Literal(literal)]
                if doc == "doc" && equals.as_char() == '=' =>
            {
                Some((inner, string_literal_value(&literal.to_string())?.into_owned(), length))
            }
            _ => None,
        }
    }

    /// Prints `code`, parses the text back, and checks that the tokens are
    /// those of the code unformatted; returns the text.
    fn assert_round_trip(code: &Code, what: &str) -> String {
        let text = print(code, "");
        let parsed: TokenStream =
            text.parse().unwrap_or_else(|error| panic!("{what}: the printed code does not lex: {error:?}\n{text}"));
        let unformatted: TokenStream = code.to_string().parse().unwrap();
        let (expected, actual) = (compared(unformatted), compared(parsed));
        if let Some(at) = expected.iter().zip(&actual).position(|(expected, actual)| expected != actual) {
            let from = at.saturating_sub(8);
            panic!(
                "{what}: token {at} differs\nexpected: {:?}\nprinted:  {:?}",
                &expected[from..(at + 8).min(expected.len())],
                &actual[from..(at + 8).min(actual.len())]
            );
        }
        assert_eq!(expected.len(), actual.len(), "{what}: a different number of tokens");
        text
    }

    fn api_spec(path: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-spec").join(path)
    }

    /// A spec (or specs merged) to print.
    struct Case {
        name: String,
        inputs: Vec<Input>,
        /// Whether every line that can be broken must fit in 100 columns:
        /// not for the fixtures, which nest modules deeper than a line holds.
        fits_width: bool,
    }

    /// Every spec and document of the repository: the portal spec, the
    /// valid fixtures, and the OpenAPI documents through the import.
    fn every_spec() -> Vec<Case> {
        let mut cases = vec![Case {
            name: "portal".to_owned(),
            inputs: vec![Input::file(api_spec("portal.yaml")), Input::file(api_spec("portal-extras.yaml"))],
            fits_width: true,
        }];
        let valid: &[&[&str]] = &[
            &["keywords.yaml"],
            &["prelude_names.yaml"],
            &["deep_nesting.yaml"],
            &["recursive.yaml"],
            &["everything.yaml"],
            &["include_tree/root.yaml"],
            &["merged/vendor.yaml", "merged/ours.yaml"],
            &["unions.yaml"],
        ];
        // A fixture added to the folder must be added here too.
        let mut listed: Vec<String> = std::fs::read_dir(api_spec("fixtures/valid"))
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        listed.sort();
        let mut covered: Vec<String> =
            valid.iter().map(|files| files[0].split('/').next().unwrap_or_default().to_owned()).collect();
        covered.sort();
        assert_eq!(listed, covered, "every entry of fixtures/valid is printed by this test");
        for files in valid {
            let inputs = files.iter().map(|file| Input::file(api_spec(&format!("fixtures/valid/{file}")))).collect();
            cases.push(Case { name: files.join(" + "), inputs, fits_width: false });
        }
        let mut documents: Vec<PathBuf> =
            std::fs::read_dir(api_spec("openapi")).unwrap().map(|entry| entry.unwrap().path()).collect();
        documents.sort();
        assert!(documents.len() >= 6, "{documents:?}");
        for document in documents {
            cases.push(Case {
                name: document.display().to_string(),
                inputs: vec![Input::openapi(document)],
                fits_width: true,
            });
        }
        cases
    }

    #[test]
    fn every_generated_client_prints_as_the_same_tokens() {
        // The deeply nested fixture needs more stack than a test thread's.
        let check = || {
            for Case { name, inputs, fits_width } in every_spec() {
                let generated = generate(&inputs, &Options::default())
                    .unwrap_or_else(|error| panic!("{name} does not generate:\n{error}"));
                let text = assert_round_trip(&generated.code, &name);
                assert!(text.contains("\n/// ") || text.starts_with("/// "), "{name}: docs print as `///`");
                if fits_width {
                    let long: Vec<&str> = text.lines().filter(|line| line.len() > 100 && is_breakable(line)).collect();
                    assert!(long.is_empty(), "{name}: lines longer than 100 columns:\n{}", long.join("\n"));
                }
            }
        };
        std::thread::Builder::new().stack_size(64 << 20).spawn(check).unwrap().join().unwrap();
    }

    /// A line that a long string, doc comment or attribute does not make
    /// long, which the printer should have broken.
    fn is_breakable(line: &str) -> bool {
        let code = line.trim_start();
        !(code.starts_with("///") || code.starts_with("#[") || code.contains('"'))
    }

    #[test]
    fn doc_strings_print_as_doc_comments_when_they_can() {
        let tokens = code! {
            #![doc = " Inner."]
            #[doc = " One line."]
            #[doc = ""]
            #[doc = " Two\n lines, \"quoted\"."]
            #[doc = "no space"]
            pub struct A;
        };
        let text = assert_round_trip(&tokens, "docs");
        assert_eq!(
            text,
            "//! Inner.\n/// One line.\n///\n/// Two\n/// lines, \"quoted\".\n///no space\npub struct A;\n"
        );
        // A carriage return cannot be in a doc comment, and `////` is an
        // ordinary comment: these stay attributes.
        let tokens = code! {
            #[doc = "a\r\nb"]
            #[doc = "/ slash"]
            #[doc = "ok\n/ slash"]
            #[doc = r"raw \n"]
            pub struct B;
        };
        let text = assert_round_trip(&tokens, "odd docs");
        assert!(text.contains("#[doc = \"a\\r\\nb\"]"), "{text}");
        assert!(text.contains("#[doc = \"/ slash\"]"), "{text}");
        assert!(text.contains("#[doc = \"ok\\n/ slash\"]"), "{text}");
        assert!(text.contains("///raw \\n"), "{text}");
    }

    #[test]
    fn code_reads_like_rustfmt_output() {
        let tokens = code! {
            impl<T> ::x::Envelope for Wrapper<T> where T: ?Sized {
                const NAME: &'static str = "a";
                fn get(&self, other: &mut Vec<Vec<u8>>) -> ::core::option::Option<&T> {
                    let value = match self.inner.0.1 {
                        Some(x) if x > 1 => Foo { a, b: 2 },
                        _ => { return None; }
                    };
                    if let Some(y) = value.y { y.map(|a, b| a | b).unwrap_or(|| !done) } else { -1 }
                }
            }
            pub(crate) use super::{a, b::c};
            pub enum Never {}
            pub struct Unit;
        };
        let text = assert_round_trip(&tokens, "shapes");
        assert_eq!(
            text,
            r#"impl<T> ::x::Envelope for Wrapper<T> where T: ?Sized {
    const NAME: &'static str = "a";
    fn get(&self, other: &mut Vec<Vec<u8>>) -> ::core::option::Option<&T> {
        let value = match self.inner.0.1 {
            Some(x) if x > 1 => Foo { a, b: 2 },
            _ => {
                return None;
            }
        };
        if let Some(y) = value.y {
            y.map(|a, b| a | b).unwrap_or(|| !done)
        } else {
            -1
        }
    }
}
pub(crate) use super::{a, b::c};
pub enum Never {}
pub struct Unit;
"#
        );
    }

    #[test]
    fn long_lists_and_chains_get_a_line_per_element() {
        let tokens = code! {
            fn f() {
                let built = ::some::long::path::to::a_function(first_argument_value, second_argument_value, third);
                formatter.debug_struct("Name").field("first", &self.first).field("second", &self.second).finish()
            }
        };
        let text = assert_round_trip(&tokens, "long");
        assert_eq!(
            text,
            r#"fn f() {
    let built = ::some::long::path::to::a_function(
        first_argument_value,
        second_argument_value,
        third
    );
    formatter.debug_struct("Name")
        .field("first", &self.first)
        .field("second", &self.second)
        .finish()
}
"#
        );
    }
}
