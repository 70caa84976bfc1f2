//! Lists of rewritten pieces (arguments, fields, parameters, arms), laid
//! out as rustfmt's `lists.rs` lays them out: all on one line, one per
//! line, or as many as fit on each line. Generated code has no comments, so
//! a list item is its text alone.

use super::shape::{Shape, str_width};

/// What a list would like to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ListTactic {
    HorizontalVertical,
    /// Horizontal up to this many columns, else vertical.
    LimitedHorizontalVertical(usize),
    Mixed,
}

/// What a list is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tactic {
    Vertical,
    Horizontal,
    Mixed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Trailing {
    Always,
    Never,
    /// When the list is vertical (rustfmt's default `trailing_comma`).
    Vertical,
}

/// How items are separated: `,` after each, or `|` before each (patterns).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Separator {
    Comma,
    /// `|` at the front of every item but the first.
    Bar,
    /// No separator (match arms carry their own commas).
    Nothing,
}

impl Separator {
    /// The width the separator adds between two items on one line.
    fn width(self) -> usize {
        match self {
            Separator::Comma => 2,
            Separator::Bar => 3,
            Separator::Nothing => 0,
        }
    }
}

pub(super) struct ListFormat {
    pub(super) tactic: Tactic,
    pub(super) separator: Separator,
    pub(super) trailing: Trailing,
    pub(super) shape: Shape,
    pub(super) ends_with_newline: bool,
}

impl ListFormat {
    pub(super) fn new(shape: Shape) -> Self {
        Self {
            tactic: Tactic::Vertical,
            separator: Separator::Comma,
            trailing: Trailing::Never,
            shape,
            ends_with_newline: true,
        }
    }

    pub(super) fn tactic(self, tactic: Tactic) -> Self {
        Self { tactic, ..self }
    }

    pub(super) fn trailing(self, trailing: Trailing) -> Self {
        Self { trailing, ..self }
    }

    pub(super) fn separator(self, separator: Separator) -> Self {
        Self { separator, ..self }
    }

    pub(super) fn ends_with_newline(self, ends_with_newline: bool) -> Self {
        Self { ends_with_newline, ..self }
    }

    fn needs_trailing_separator(&self) -> bool {
        match self.trailing {
            Trailing::Always => true,
            Trailing::Vertical => self.tactic == Tactic::Vertical,
            Trailing::Never => self.tactic == Tactic::Vertical && self.separator == Separator::Bar,
        }
    }
}

pub(super) fn item_width(item: Option<&String>) -> usize {
    item.map_or(0, |text| str_width(text))
}

fn is_multiline(item: Option<&String>) -> bool {
    item.is_some_and(|text| text.contains('\n'))
}

/// Horizontal when the items fit in `width` (and the tactic's limit) and
/// none is on several lines.
pub(super) fn definitive_tactic(
    items: &[Option<String>],
    tactic: ListTactic,
    separator: Separator,
    width: usize,
) -> Tactic {
    let limit = match tactic {
        ListTactic::LimitedHorizontalVertical(limit) => width.min(limit),
        ListTactic::Mixed | ListTactic::HorizontalVertical => width,
    };
    let total: usize = items.iter().map(|item| item_width(item.as_ref())).sum::<usize>()
        + separator.width() * items.len().saturating_sub(1);
    if total <= limit && !items.iter().any(|item| is_multiline(item.as_ref())) {
        Tactic::Horizontal
    } else if tactic == ListTactic::Mixed {
        Tactic::Mixed
    } else {
        Tactic::Vertical
    }
}

/// The items laid out; `None` when one could not be rewritten.
pub(super) fn write_list(items: &[Option<String>], format: &ListFormat) -> Option<String> {
    let tactic = format.tactic;
    let mut trailing_separator = format.needs_trailing_separator();
    let mut result = String::with_capacity(items.iter().map(|item| item.as_ref().map_or(0, String::len) + 2).sum());
    let indent = format.shape.indent.spaces();
    let mut line_len = 0;
    let count = items.len();
    for (index, item) in items.iter().enumerate() {
        let inner = item.as_deref()?;
        let (first, last) = (index == 0, index + 1 == count);
        let mut separate = match format.separator {
            Separator::Comma => !last || trailing_separator,
            Separator::Bar => !first,
            Separator::Nothing => false,
        };
        if inner.is_empty() {
            continue;
        }
        match tactic {
            Tactic::Horizontal if !first => result.push(' '),
            Tactic::Vertical if !first && !result.is_empty() => {
                result.push('\n');
                result.push_str(&indent);
            }
            Tactic::Mixed => {
                let separator_len = match format.separator {
                    _ if !separate => 0,
                    Separator::Comma => 1,
                    Separator::Bar => 2,
                    Separator::Nothing => 0,
                };
                let total_width = str_width(inner) + separator_len;
                if line_len > 0 && line_len + 1 + total_width > format.shape.width {
                    result.push('\n');
                    result.push_str(&indent);
                    line_len = 0;
                    if format.ends_with_newline {
                        trailing_separator = true;
                    }
                } else if line_len > 0 {
                    result.push(' ');
                    line_len += 1;
                }
                if last && format.ends_with_newline {
                    separate = format.trailing != Trailing::Never;
                }
                line_len += total_width;
            }
            _ => {}
        }
        if separate && format.separator == Separator::Bar {
            result.push_str("| ");
        }
        result.push_str(inner);
        if separate && format.separator == Separator::Comma {
            result.push(',');
        }
    }
    Some(result)
}
