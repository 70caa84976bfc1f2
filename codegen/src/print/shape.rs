//! Where a piece of code may go, and how wide text is: rustfmt's `Shape`
//! and the measures it takes of rewritten text, with its default settings.
//!
//! The printer makes rustfmt's decisions, so it measures as rustfmt does:
//! some measures count characters' display width, others bytes, and the
//! two differ only for non-ASCII text (a description in a string literal).

use std::borrow::Cow;

use unicode_width::UnicodeWidthStr;

/// A line feed and spaces, sliced for the indentations (as rustfmt does).
const INDENT_BUFFER: &str = concat!(
    "\n",
    "                                                                                                    ",
    "                                                                                                    ",
    "                                                        "
);

/// rustfmt's defaults (`max_width`, `tab_spaces`, and the widths that
/// `use_small_heuristics = "Default"` derives from `max_width`).
pub(super) const MAX_WIDTH: usize = 100;
pub(super) const TAB_SPACES: usize = 4;
pub(super) const FN_CALL_WIDTH: usize = 60;
pub(super) const ATTR_FN_LIKE_WIDTH: usize = 70;
pub(super) const STRUCT_LIT_WIDTH: usize = 18;
pub(super) const ARRAY_WIDTH: usize = 60;
pub(super) const CHAIN_WIDTH: usize = 60;
pub(super) const SINGLE_LINE_IF_ELSE_MAX_WIDTH: usize = 50;
pub(super) const SHORT_ARRAY_ELEMENT_WIDTH_THRESHOLD: usize = 10;

/// An indentation: block indentation (a multiple of `TAB_SPACES`) plus an
/// alignment under something on the line above.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Indent {
    pub(super) block: usize,
    pub(super) alignment: usize,
}

impl Indent {
    pub(super) const fn new(block: usize, alignment: usize) -> Self {
        Self { block, alignment }
    }

    pub(super) fn width(self) -> usize {
        self.block + self.alignment
    }

    pub(super) fn block_only(self) -> Self {
        Self { block: self.block, alignment: 0 }
    }

    pub(super) fn block_indent(self) -> Self {
        Self { block: self.block + TAB_SPACES, alignment: self.alignment }
    }

    /// The indentation's spaces.
    pub(super) fn spaces(self) -> Cow<'static, str> {
        match INDENT_BUFFER.get(1..=self.width()) {
            Some(spaces) => Cow::Borrowed(spaces),
            None => Cow::Owned(" ".repeat(self.width())),
        }
    }

    /// A line feed and the indentation's spaces.
    pub(super) fn newline(self) -> Cow<'static, str> {
        match INDENT_BUFFER.get(..=self.width()) {
            Some(text) => Cow::Borrowed(text),
            None => Cow::Owned(format!("\n{}", " ".repeat(self.width()))),
        }
    }

    pub(super) fn plus(self, alignment: usize) -> Self {
        Self { block: self.block, alignment: self.alignment + alignment }
    }
}

/// Where a rewrite goes: `width` columns from `offset` on the first line,
/// later lines indented by `indent`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Shape {
    pub(super) width: usize,
    pub(super) indent: Indent,
    /// The indentation plus what is already written on the first line.
    pub(super) offset: usize,
}

impl Shape {
    pub(super) fn legacy(width: usize, indent: Indent) -> Self {
        Self { width, indent, offset: indent.alignment }
    }

    pub(super) fn indented(indent: Indent) -> Self {
        Self { width: MAX_WIDTH.saturating_sub(indent.width()), indent, offset: indent.alignment }
    }

    pub(super) fn with_max_width(self) -> Self {
        Self { width: MAX_WIDTH.saturating_sub(self.indent.width()), ..self }
    }

    pub(super) fn visual_indent(self, delta: usize) -> Self {
        let alignment = self.offset + delta;
        Self { width: self.width, indent: Indent::new(self.indent.block, alignment), offset: alignment }
    }

    pub(super) fn block_indent(self, delta: usize) -> Self {
        if self.indent.alignment == 0 {
            Self { width: self.width, indent: Indent::new(self.indent.block + delta, 0), offset: 0 }
        } else {
            Self { width: self.width, indent: self.indent.plus(delta), offset: self.indent.alignment + delta }
        }
    }

    pub(super) fn add_offset(self, delta: usize) -> Self {
        Self { offset: self.offset + delta, ..self }
    }

    pub(super) fn block(self) -> Self {
        Self { indent: self.indent.block_only(), ..self }
    }

    pub(super) fn sub_width(self, delta: usize) -> Option<Self> {
        Some(Self { width: self.width.checked_sub(delta)?, ..self })
    }

    pub(super) fn saturating_sub_width(self, delta: usize) -> Self {
        Self { width: self.width.saturating_sub(delta), ..self }
    }

    pub(super) fn shrink_left(self, delta: usize) -> Option<Self> {
        Some(Self {
            width: self.width.checked_sub(delta)?,
            indent: self.indent.plus(delta),
            offset: self.offset + delta,
        })
    }

    pub(super) fn offset_left(self, delta: usize) -> Option<Self> {
        self.add_offset(delta).sub_width(delta)
    }

    pub(super) fn used_width(self) -> usize {
        self.indent.block + self.offset
    }

    pub(super) fn rhs_overhead(self) -> usize {
        MAX_WIDTH.saturating_sub(self.used_width() + self.width)
    }

    /// A line feed and the indentation of the shape's offset.
    pub(super) fn newline(self) -> Cow<'static, str> {
        Indent::new(self.indent.block, self.offset).newline()
    }
}

/// The pieces one after the other, in one allocation.
pub(super) fn cat(pieces: &[&str]) -> String {
    let mut text = String::with_capacity(pieces.iter().map(|piece| piece.len()).sum());
    for piece in pieces {
        text.push_str(piece);
    }
    text
}

/// What is left of the line after `used` columns.
pub(super) fn budget(used: usize) -> usize {
    MAX_WIDTH.saturating_sub(used)
}

pub(super) fn str_width(text: &str) -> usize {
    if text.is_ascii() { text.len() } else { text.width() }
}

pub(super) fn first_line_width(text: &str) -> usize {
    str_width(text.split('\n').next().unwrap_or(""))
}

pub(super) fn last_line_width(text: &str) -> usize {
    str_width(text.rsplit('\n').next().unwrap_or(""))
}

pub(super) fn trimmed_last_line_width(text: &str) -> usize {
    str_width(text.rsplit('\n').next().unwrap_or("").trim())
}

pub(super) fn is_single_line(text: &str) -> bool {
    !text.contains('\n')
}

pub(super) fn count_newlines(text: &str) -> usize {
    text.bytes().filter(|byte| *byte == b'\n').count()
}

pub(super) fn first_line_ends_with(text: &str, ch: char) -> bool {
    text.split('\n').next().is_some_and(|line| line.ends_with(ch))
}

/// The columns `text` takes on its last line past the shape's start.
pub(super) fn extra_offset(text: &str, shape: Shape) -> usize {
    match text.rfind('\n') {
        Some(index) => text.len().saturating_sub(index + 1 + shape.used_width()),
        None => text.len(),
    }
}

/// The width of the last line, counting `offset` when there is only one.
pub(super) fn last_line_used_width(text: &str, offset: usize) -> usize {
    if text.contains('\n') { last_line_width(text) } else { offset + text.len() }
}

/// Whether code can continue on the last line of `text`: it holds only
/// closing delimiters, `?` and `>`.
pub(super) fn last_line_extendable(text: &str) -> bool {
    if text.ends_with("\"#") {
        return true;
    }
    for ch in text.chars().rev() {
        match ch {
            '(' | ')' | ']' | '}' | '?' | '>' => {}
            '\n' => break,
            _ if ch.is_whitespace() => {}
            _ => return false,
        }
    }
    true
}

/// Whether `text` fits the shape: its first line in the width, the others
/// within the maximum width, and its last line where the shape ends.
pub(super) fn str_fits(text: &str, shape: Shape) -> bool {
    if text.is_empty() {
        return true;
    }
    if first_line_width(text) > shape.width {
        return false;
    }
    if is_single_line(text) {
        return true;
    }
    if text.split('\n').skip(1).any(|line| str_width(line) > MAX_WIDTH) {
        return false;
    }
    last_line_width(text) <= shape.used_width() + shape.width
}

pub(super) fn wrap_str(text: String, shape: Shape) -> Option<String> {
    str_fits(&text, shape).then_some(text)
}
