//! Delimited lists after a name: call arguments, tuple fields, generic
//! arguments and parameters, attribute arguments. rustfmt's `overflow.rs`:
//! one line when they fit (and within a width heuristic), else the last
//! item may "overflow" (a closure, a block, a call with one argument) onto
//! lines of its own while the others stay on the first, else one per line.

use super::Printer;
use super::lists::{ListFormat, ListTactic, Separator, Tactic, Trailing, definitive_tactic, item_width, write_list};
use super::shape::{
    ARRAY_WIDTH, MAX_WIDTH, SHORT_ARRAY_ELEMENT_WIDTH_THRESHOLD, Shape, TAB_SPACES, count_newlines, extra_offset,
    first_line_width, last_line_width,
};
use super::syntax::{Expr, ExprKind, FieldDef, GenericArg, GenericParam, Meta, Pat, PatKind, Ty, TyKind};

/// A list item that may overflow.
#[derive(Clone, Copy)]
pub(super) enum Item<'b, 'a> {
    Expr(&'b Expr<'a>),
    Ty(&'b Ty<'a>),
    GenericArg(&'b GenericArg<'a>),
    GenericParam(&'b GenericParam<'a>),
    Meta(&'b Meta<'a>),
    Pat(&'b Pat<'a>),
    Field(&'b FieldDef<'a>),
}

impl Item<'_, '_> {
    fn rewrite(self, printer: &Printer<'_>, shape: Shape) -> Option<String> {
        match self {
            Item::Expr(expr) => printer.expr(expr, shape),
            Item::Ty(ty) => printer.ty(ty, shape),
            Item::GenericArg(arg) => printer.generic_arg(arg, shape),
            Item::GenericParam(param) => printer.generic_param(param, shape),
            Item::Meta(meta) => printer.meta(meta, shape),
            Item::Pat(pat) => printer.pat(pat, shape),
            Item::Field(field) => printer.field_def(field, shape),
        }
    }

    fn is_expr(self) -> bool {
        matches!(self, Item::Expr(_))
    }

    fn has_attrs(self) -> bool {
        matches!(self, Item::Field(field) if !field.attrs.is_empty())
    }

    fn is_nested_call(self) -> bool {
        matches!(self, Item::Expr(expr) if is_nested_call(expr))
    }

    fn is_simple(self) -> bool {
        match self {
            Item::Expr(expr) => is_simple_expr(expr),
            Item::Meta(meta) => matches!(meta, Meta::Lit(_) | Meta::Word(_)),
            _ => false,
        }
    }

    fn can_be_overflowed(self, len: usize) -> bool {
        match self {
            Item::Expr(expr) => can_be_overflowed_expr(expr, len),
            Item::Ty(ty) | Item::GenericArg(GenericArg::Type(ty)) => can_be_overflowed_type(ty, len),
            Item::Meta(meta) => len == 1 && !matches!(meta, Meta::Lit(_)),
            Item::Pat(pat) => can_be_overflowed_pat(pat, len),
            _ => false,
        }
    }
}

pub(super) fn is_simple_expr(expr: &Expr<'_>) -> bool {
    match &expr.kind {
        ExprKind::Lit(_) => true,
        ExprKind::Path(path) => path.segment_count <= 1 && path.text.is_some(),
        ExprKind::AddrOf { expr, .. }
        | ExprKind::Cast(expr, _)
        | ExprKind::Field(expr, _)
        | ExprKind::Try(expr)
        | ExprKind::Unary(_, expr) => is_simple_expr(expr),
        _ => false,
    }
}

pub(super) fn can_be_overflowed_expr(expr: &Expr<'_>, len: usize) -> bool {
    match &expr.kind {
        ExprKind::Block(_) | ExprKind::Closure { .. } => true,
        ExprKind::Match(..)
        | ExprKind::If { .. }
        | ExprKind::Array(_)
        | ExprKind::Struct { .. }
        | ExprKind::Call(..)
        | ExprKind::MethodCall { .. }
        | ExprKind::Tuple(_) => len == 1,
        ExprKind::AddrOf { expr, .. } | ExprKind::Try(expr) | ExprKind::Unary(_, expr) | ExprKind::Cast(expr, _) => {
            can_be_overflowed_expr(expr, len)
        }
        _ => false,
    }
}

fn can_be_overflowed_type(ty: &Ty<'_>, len: usize) -> bool {
    match &ty.kind {
        TyKind::Tuple(_) => len == 1,
        TyKind::Ref { ty, .. } => can_be_overflowed_type(ty, len),
        _ => false,
    }
}

fn can_be_overflowed_pat(pat: &Pat<'_>, len: usize) -> bool {
    match &pat.kind {
        PatKind::Path(_) | PatKind::Tuple(_) | PatKind::TupleStruct(..) => len == 1,
        PatKind::Ref { pat, .. } => can_be_overflowed_pat(pat, len),
        _ => false,
    }
}

pub(super) fn is_nested_call(expr: &Expr<'_>) -> bool {
    match &expr.kind {
        ExprKind::Call(..) => true,
        ExprKind::AddrOf { expr, .. } | ExprKind::Try(expr) | ExprKind::Unary(_, expr) | ExprKind::Cast(expr, _) => {
            is_nested_call(expr)
        }
        _ => false,
    }
}

pub(super) fn is_method_call(expr: &Expr<'_>) -> bool {
    match &expr.kind {
        ExprKind::MethodCall { .. } => true,
        ExprKind::AddrOf { expr, .. } | ExprKind::Cast(expr, _) | ExprKind::Try(expr) | ExprKind::Unary(_, expr) => {
            is_method_call(expr)
        }
        _ => false,
    }
}

/// `ident(items)`.
pub(super) fn with_parens(
    printer: &Printer<'_>,
    ident: &str,
    items: &[Item<'_, '_>],
    shape: Shape,
    item_max_width: usize,
    force_trailing: Option<Trailing>,
) -> Option<String> {
    Context::new(printer, ident, items, shape, ("(", ")"), item_max_width, force_trailing).rewrite(shape)
}

/// `ident<items>`.
pub(super) fn with_angle_brackets(
    printer: &Printer<'_>,
    ident: &str,
    items: &[Item<'_, '_>],
    shape: Shape,
) -> Option<String> {
    Context::new(printer, ident, items, shape, ("<", ">"), MAX_WIDTH, None).rewrite(shape)
}

/// `name[items]`.
pub(super) fn with_square_brackets(
    printer: &Printer<'_>,
    name: &str,
    items: &[Item<'_, '_>],
    shape: Shape,
) -> Option<String> {
    Context::new(printer, name, items, shape, ("[", "]"), ARRAY_WIDTH, None).rewrite(shape)
}

struct Context<'p, 'i, 'b, 'a> {
    printer: &'p Printer<'p>,
    items: &'i [Item<'b, 'a>],
    ident: &'i str,
    delimiters: (&'static str, &'static str),
    one_line_shape: Shape,
    nested_shape: Shape,
    item_max_width: usize,
    one_line_width: usize,
    force_trailing: Option<Trailing>,
}

impl<'p, 'i, 'b, 'a> Context<'p, 'i, 'b, 'a> {
    fn new(
        printer: &'p Printer<'p>,
        ident: &'i str,
        items: &'i [Item<'b, 'a>],
        shape: Shape,
        delimiters: (&'static str, &'static str),
        item_max_width: usize,
        force_trailing: Option<Trailing>,
    ) -> Self {
        let used_width = extra_offset(ident, shape);
        // 2 = `()`
        let one_line_width = shape.width.saturating_sub(used_width + 2);
        let one_line_shape = shape
            .offset_left(last_line_width(ident) + 1)
            .and_then(|shape| shape.sub_width(1))
            .unwrap_or(Shape { width: 0, ..shape });
        // Block indentation; 1 = `,`.
        let nested_shape = shape.block().block_indent(TAB_SPACES).with_max_width().saturating_sub_width(1);
        Self {
            printer,
            items,
            ident,
            delimiters,
            one_line_shape,
            nested_shape,
            item_max_width,
            one_line_width,
            force_trailing,
        }
    }

    fn rewrite_last_item_with_overflow(&self, last: &mut Option<String>, shape: Shape) -> Option<String> {
        let item = *self.items.last()?;
        let rewrite = match item {
            Item::Expr(expr) if matches!(expr.kind, ExprKind::Closure { .. }) => {
                let closures = self
                    .items
                    .iter()
                    .filter(|item| matches!(item, Item::Expr(expr) if matches!(expr.kind, ExprKind::Closure { .. })))
                    .count();
                if closures > 1 { None } else { self.printer.rewrite_last_closure(expr, shape) }
            }
            Item::Expr(expr) if matches!(expr.kind, ExprKind::If { .. } | ExprKind::Match(..)) => {
                let multi_line = self.printer.rewrite_cond(expr, shape).is_some_and(|cond| cond.contains('\n'));
                if multi_line { None } else { self.printer.expr(expr, shape) }
            }
            item => item.rewrite(self.printer, shape),
        }?;
        *last = Some(rewrite.split('\n').next().unwrap_or("").to_owned());
        Some(rewrite)
    }

    /// The layout of the items (`list_items`: each item rewritten in the
    /// nested shape, but the last, which is `None` until it is needed).
    fn try_overflow_last_item(&self, list_items: &mut [Option<String>]) -> Tactic {
        let count = self.items.len();
        if count == 0 {
            return definitive_tactic(
                list_items,
                ListTactic::LimitedHorizontalVertical(self.item_max_width),
                Separator::Comma,
                self.one_line_width,
            );
        }
        // The last item in the nested shape: rustfmt rewrites it there
        // first, but uses that only when it does not overflow; a rewrite
        // depends on nothing but the item and the shape, so it is made
        // once, when needed.
        let mut nested_last: Option<Option<String>> = None;
        let mut last_in_nested = || {
            nested_last.get_or_insert_with(|| self.items[count - 1].rewrite(self.printer, self.nested_shape)).clone()
        };
        let combine_arg_with_callee =
            count == 1 && self.items[0].is_expr() && !self.items[0].has_attrs() && self.ident.len() < TAB_SPACES;
        let overflow_last =
            combine_arg_with_callee || self.items.last().is_some_and(|last| last.can_be_overflowed(count));
        let placeholder = if overflow_last {
            let old = self.printer.force_one_line_chain.get();
            if let Some(Item::Expr(expr)) = self.items.last()
                && !combine_arg_with_callee
                && is_method_call(expr)
            {
                self.printer.force_one_line_chain.set(true);
            }
            let result = self
                .last_item_shape(list_items)
                .and_then(|shape| self.rewrite_last_item_with_overflow(&mut list_items[count - 1], shape));
            self.printer.force_one_line_chain.set(old);
            result
        } else {
            None
        };
        if placeholder.is_none() {
            list_items[count - 1] = last_in_nested();
        }
        let mut tactic = definitive_tactic(
            list_items,
            ListTactic::LimitedHorizontalVertical(self.item_max_width),
            Separator::Comma,
            self.one_line_width,
        );
        match (overflow_last, tactic, placeholder) {
            (true, Tactic::Horizontal, Some(overflowed)) if count == 1 => {
                // A nested call with one argument gets less room than the
                // line has; when the overflowed form takes two lines, the
                // argument may fit as it is.
                if count_newlines(&overflowed) == 1 {
                    let rewrite = last_in_nested();
                    let no_newline = rewrite.as_deref().is_some_and(|text| !text.contains('\n'));
                    list_items[0] = if no_newline { rewrite } else { Some(overflowed) };
                } else {
                    list_items[0] = Some(overflowed);
                }
            }
            (true, Tactic::Horizontal, Some(overflowed)) => list_items[count - 1] = Some(overflowed),
            _ => {
                list_items[count - 1] = last_in_nested();
                // One argument stays on the line whenever it fits.
                if count == 1
                    && self.one_line_width != 0
                    && !list_items[0].as_deref().is_some_and(|text| text.contains('\n'))
                    && item_width(list_items[0].as_ref()) <= self.one_line_width
                {
                    tactic = Tactic::Horizontal;
                } else {
                    tactic = definitive_tactic(
                        list_items,
                        ListTactic::LimitedHorizontalVertical(self.item_max_width),
                        Separator::Comma,
                        self.one_line_width,
                    );
                    if tactic == Tactic::Vertical
                        && self.items.iter().all(|item| item.is_simple())
                        // In bytes, not columns, as rustfmt's `no_long_items`
                        // measures: `"Ünïcode"` is 9 columns but not short.
                        && list_items.iter().all(|item| {
                            item.as_ref().map_or(0, String::len) <= SHORT_ARRAY_ELEMENT_WIDTH_THRESHOLD
                        })
                    {
                        tactic = Tactic::Mixed;
                    }
                }
            }
        }
        tactic
    }

    /// The shape of the overflowing last item: what is left of the line
    /// after the others.
    fn last_item_shape(&self, list_items: &[Option<String>]) -> Option<Shape> {
        if self.items.len() == 1 && !self.items[0].is_nested_call() {
            return Some(self.one_line_shape);
        }
        let offset: usize =
            list_items[..list_items.len() - 1].iter().map(|item| 2 + item.as_ref().map_or(0, String::len)).sum();
        Shape { width: self.item_max_width.min(self.one_line_shape.width), ..self.one_line_shape }.offset_left(offset)
    }

    fn rewrite_items(&self) -> Option<(bool, String)> {
        let count = self.items.len();
        let mut list_items: Vec<Option<String>> = self
            .items
            .iter()
            .take(count.saturating_sub(1))
            .map(|item| item.rewrite(self.printer, self.nested_shape))
            .chain((count > 0).then_some(None))
            .collect();
        let tactic = self.try_overflow_last_item(&mut list_items);
        let trailing = self.force_trailing.unwrap_or(Trailing::Vertical);
        let format = ListFormat::new(self.nested_shape)
            .tactic(tactic)
            .trailing(trailing)
            .ends_with_newline(matches!(tactic, Tactic::Vertical | Tactic::Mixed));
        let items = write_list(&list_items, &format)?;
        Some((tactic == Tactic::Horizontal, items))
    }

    fn wrap_items(&self, items: &str, shape: Shape, is_extendable: bool) -> String {
        let shape = Shape { width: shape.width.saturating_sub(last_line_width(self.ident)), ..shape };
        let (prefix, suffix) = self.delimiters;
        let extend_width = if items.is_empty() { 2 } else { first_line_width(items) + 1 };
        let mut result = String::with_capacity(self.ident.len() + items.len() + 2 * (shape.indent.width() + 8));
        result.push_str(self.ident);
        result.push_str(prefix);
        if is_extendable && extend_width <= shape.width {
            result.push_str(items);
        } else {
            if !items.is_empty() {
                result.push_str(&self.nested_shape.indent.newline());
                result.push_str(items);
            }
            result.push_str(&shape.block().indent.newline());
        }
        result.push_str(suffix);
        result
    }

    fn rewrite(&self, shape: Shape) -> Option<String> {
        let (extendable, items) = self.rewrite_items()?;
        Some(self.wrap_items(&items, shape, extendable))
    }
}
