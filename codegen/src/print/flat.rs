//! The fast path: most pieces of generated code end up on one line, as
//! they would be written flat. Rewriting each through rustfmt's layout
//! rules (`expr.rs`, `overflow.rs`) costs many allocations per node, so a
//! piece whose rules would keep it on one line is written flat directly.
//!
//! Whether they would is decided here from the pieces' widths (measured
//! once, by the parser), following the same rules along the path rustfmt
//! takes when everything fits: the widths of the shapes each part is
//! rewritten in, and the heuristic limits (60 columns of call arguments, 18
//! of struct literal fields, 60 of a method chain). The answer may be "no"
//! where the full rewrite would give one line after all (the full rewrite
//! then runs), but a "yes" must be right: compiled for the tests, the
//! printer checks every "yes" against the full rewrite, and the tests print
//! every spec and document of the repository that way. (Not in debug
//! builds at large: a user's build script, built without optimizations,
//! would pay for it.)

use super::Printer;
use super::overflow::{can_be_overflowed_expr, is_nested_call};
use super::shape::{CHAIN_WIDTH, FN_CALL_WIDTH, Indent, MAX_WIDTH, STRUCT_LIT_WIDTH, Shape, TAB_SPACES, budget};
use super::syntax::{Expr, ExprKind, FieldInit, GenericArg, GenericArgs, Pat, PatKind, Path, Ty, TyKind};

/// The width of a node, as `usize`.
pub(super) fn width_of(width: u32) -> usize {
    usize::try_from(width).unwrap_or(usize::MAX)
}

/// The shape a list's items are rewritten in (`overflow.rs`'s nested
/// shape): a block indentation deeper, to the end of the line but for a
/// `,`.
fn nested_shape(shape: Shape) -> Shape {
    shape.block().block_indent(TAB_SPACES).with_max_width().saturating_sub_width(1)
}

impl Printer<'_> {
    // Deciding.

    pub(super) fn expr_stays_flat(&self, expr: &Expr<'_>, shape: Shape) -> bool {
        if width_of(expr.width) > shape.width {
            return false;
        }
        match &expr.kind {
            ExprKind::Lit(_) | ExprKind::Return(None) => true,
            ExprKind::Path(path) => self.path_stays_flat(path, true, shape),
            ExprKind::Call(callee, args) => {
                matches!(callee.kind, ExprKind::Path(_))
                    && self.expr_stays_flat(callee, shape)
                    && self.args_stay_flat(width_of(callee.width), args, shape)
            }
            ExprKind::MethodCall { .. } | ExprKind::Field(..) | ExprKind::Try(_) => self.chain_stays_flat(expr, shape),
            ExprKind::Unary(_, inner) => shape.offset_left(1).is_some_and(|shape| self.expr_stays_flat(inner, shape)),
            ExprKind::AddrOf { mutable, expr } => {
                let prefix = if *mutable { 5 } else { 1 };
                shape.offset_left(prefix).is_some_and(|shape| self.expr_stays_flat(expr, shape))
            }
            ExprKind::Return(Some(value)) => {
                shape.offset_left(7).is_some_and(|shape| self.expr_stays_flat(value, shape))
            }
            ExprKind::Paren(inner) => shape
                .offset_left(1)
                .and_then(|shape| shape.sub_width(1))
                .is_some_and(|shape| self.expr_stays_flat(inner, shape)),
            ExprKind::Struct { path, fields, rest: None } => self.struct_stays_flat(path, fields, shape),
            ExprKind::Tuple(items) => items.is_empty(),
            ExprKind::Block(block) => block.stmts.is_empty(),
            ExprKind::Assign(op, lhs, rhs) => {
                // `lhs op rhs`, the right-hand side after `lhs op `.
                shape.sub_width(op.len() + 1).is_some_and(|shape| self.expr_stays_flat(lhs, shape))
                    && shape
                        .offset_left(width_of(lhs.width) + op.len() + 2)
                        .is_some_and(|shape| self.expr_stays_flat(rhs, shape))
            }
            ExprKind::Struct { .. }
            | ExprKind::Binary(..)
            | ExprKind::Cast(..)
            | ExprKind::Closure { .. }
            | ExprKind::Match(..)
            | ExprKind::If { .. }
            | ExprKind::Let(..)
            | ExprKind::Array(_) => false,
        }
    }

    /// The arguments of a call whose callee takes `callee_width` columns:
    /// `overflow.rs`'s horizontal layout.
    fn args_stay_flat(&self, callee_width: usize, args: &[Expr<'_>], shape: Shape) -> bool {
        let Some(last) = args.last() else { return true };
        let count = args.len();
        let one_line_width = shape.width.saturating_sub(callee_width + 2);
        let nested = nested_shape(shape);
        let total = width_of(args.iter().map(|arg| arg.width).fold(0, u32::saturating_add)) + 2 * (count - 1);
        if !args[..count - 1].iter().all(|arg| self.expr_stays_flat(arg, nested)) {
            return false;
        }
        let combine_with_callee = count == 1 && callee_width < TAB_SPACES;
        if combine_with_callee || can_be_overflowed_expr(last, count) {
            if matches!(last.kind, ExprKind::Closure { .. }) {
                return false;
            }
            // The last argument as the overflow tries it.
            let one_line_shape = shape
                .offset_left(callee_width + 1)
                .and_then(|shape| shape.sub_width(1))
                .unwrap_or(Shape { width: 0, ..shape });
            let last_shape = if count == 1 && !is_nested_call(last) {
                Some(one_line_shape)
            } else {
                let before: usize = args[..count - 1].iter().map(|arg| 2 + width_of(arg.width)).sum();
                Shape { width: FN_CALL_WIDTH.min(one_line_shape.width), ..one_line_shape }.offset_left(before)
            };
            let overflowed_flat = last_shape.is_some_and(|last_shape| self.expr_stays_flat(last, last_shape));
            if total <= one_line_width.min(FN_CALL_WIDTH) {
                overflowed_flat
            } else {
                count == 1 && total <= one_line_width && overflowed_flat && self.expr_stays_flat(last, nested)
            }
        } else {
            self.expr_stays_flat(last, nested)
                && (total <= one_line_width.min(FN_CALL_WIDTH) || (count == 1 && total <= one_line_width))
        }
    }

    /// A method chain on one line: `chain` in `chains.rs`, when every part
    /// fits.
    fn chain_stays_flat(&self, expr: &Expr<'_>, shape: Shape) -> bool {
        // The links from the last, as (expression, `?`s after it).
        let mut links: Vec<(&Expr<'_>, usize)> = Vec::new();
        let mut tries = 0;
        let mut node = expr;
        loop {
            match &node.kind {
                ExprKind::Try(inner) => {
                    tries += 1;
                    node = inner;
                }
                ExprKind::MethodCall { receiver, .. } => {
                    links.push((node, tries));
                    tries = 0;
                    node = receiver;
                }
                ExprKind::Field(base, _) => {
                    links.push((node, tries));
                    tries = 0;
                    node = base;
                }
                _ => {
                    links.push((node, tries));
                    break;
                }
            }
        }
        links.reverse();
        let ((parent, parent_tries), children) = (links[0], &links[1..]);
        let parent_fits =
            shape.sub_width(parent_tries).is_some_and(|parent_shape| self.expr_stays_flat(parent, parent_shape));
        if !parent_fits {
            return false;
        }
        if children.is_empty() {
            return true;
        }
        let child_count = children.len();
        let link_width = |link: (&Expr<'_>, usize)| link_width(link.0) + link.1;
        let mut root = width_of(parent.width) + parent_tries;
        let mut children = children;
        let tab_width = TAB_SPACES.saturating_sub(shape.offset);
        while root <= tab_width {
            let Some(link_shape) = shape.offset_left(root) else { break };
            if !self.link_stays_flat(children[0], link_shape) {
                return false;
            }
            root += link_width(children[0]);
            children = &children[1..];
            if children.is_empty() {
                return true;
            }
        }
        let child_shape = shape.block_indent(TAB_SPACES).with_max_width();
        let (middle, last) = children.split_at(children.len() - 1);
        if !middle.iter().all(|link| self.link_stays_flat(*link, child_shape)) {
            return false;
        }
        let last = last[0];
        let almost_total = root + middle.iter().map(|link| link_width(*link)).sum::<usize>() + last.1;
        let limit = if child_count == 1 { shape.width } else { shape.width.min(CHAIN_WIDTH) };
        let one_line_budget = limit.saturating_sub(almost_total);
        if one_line_budget == 0 || child_shape.width < shape.rhs_overhead() + last.1 {
            return false;
        }
        let last_fits = shape
            .sub_width(last.1)
            .and_then(|shape| shape.offset_left(almost_total))
            .is_some_and(|last_shape| self.link_stays_flat(last, last_shape));
        last_fits && link_width(last) <= one_line_budget
    }

    /// A method call or field of a chain, with its `?`s, in `shape`.
    fn link_stays_flat(&self, (link, tries): (&Expr<'_>, usize), shape: Shape) -> bool {
        let Some(shape) = shape.sub_width(tries) else { return false };
        match &link.kind {
            ExprKind::MethodCall { name, turbofish, args, .. } => {
                let callee = 1 + name.len() + if turbofish.is_empty() { 0 } else { generic_args_width(turbofish) + 4 };
                let width = link_width(link);
                width <= shape.width
                    && turbofish.iter().all(|arg| self.generic_arg_stays_flat(arg, shape))
                    && self.args_stay_flat(callee, args, shape)
            }
            ExprKind::Field(_, name) => name.len() < shape.width,
            _ => false,
        }
    }

    fn struct_stays_flat(&self, path: &Path<'_>, fields: &[FieldInit<'_>], shape: Shape) -> bool {
        let path_width = width_of(path.width(true));
        if !shape.sub_width(2).is_some_and(|path_shape| self.path_stays_flat(path, true, path_shape)) {
            return false;
        }
        if fields.is_empty() {
            return true;
        }
        // `Foo { a: Foo }`: the fields on one line only within 18 columns.
        let Some(one_line) = shape.width.checked_sub(path_width + 5) else { return false };
        let fields_width = width_of(fields.iter().map(|field| field_width(field)).fold(0, u32::saturating_add))
            + 2 * (fields.len() - 1);
        if fields_width > one_line.min(STRUCT_LIT_WIDTH) {
            return false;
        }
        let v_shape = shape.block_indent(TAB_SPACES);
        let v_shape = Shape { width: budget(v_shape.indent.width()), ..v_shape }.saturating_sub_width(1);
        fields.iter().all(|field| match &field.value {
            None => true,
            Some(value) => {
                v_shape.offset_left(field.name.len() + 2).is_some_and(|shape| self.expr_stays_flat(value, shape))
            }
        })
    }

    pub(super) fn path_stays_flat(&self, path: &Path<'_>, in_expr: bool, shape: Shape) -> bool {
        if width_of(path.width(in_expr)) > shape.width {
            return false;
        }
        let nested = nested_shape(shape);
        path.segments.iter().all(|segment| match &segment.args {
            None => true,
            Some(GenericArgs::Angle(args)) => args.iter().all(|arg| self.generic_arg_stays_flat(arg, nested)),
            Some(GenericArgs::Paren { inputs, output: None }) => {
                let list_shape = Shape::indented(Indent::new(shape.indent.block + TAB_SPACES, 0));
                inputs.iter().all(|ty| self.ty_stays_flat(ty, list_shape))
            }
            Some(GenericArgs::Paren { output: Some(_), .. }) => false,
        })
    }

    fn generic_arg_stays_flat(&self, arg: &GenericArg<'_>, shape: Shape) -> bool {
        match arg {
            GenericArg::Lifetime(_) => true,
            GenericArg::Type(ty) => {
                !matches!(ty.kind, TyKind::Tuple(_) | TyKind::Ref { .. }) && self.ty_stays_flat(ty, shape)
            }
            GenericArg::Binding(..) => false,
        }
    }

    /// Whether `let pat: ty = init;` stays on one line, as
    /// [`Printer::stmt`] lays it out.
    pub(super) fn let_stays_flat(&self, pat: &Pat<'_>, ty: Option<&Ty<'_>>, init: &Expr<'_>, shape: Shape) -> bool {
        // 4 = `let `, 1 = `;`
        let Some(pat_shape) = shape.offset_left(4).and_then(|shape| shape.sub_width(1)) else { return false };
        if !self.pat_stays_flat(pat, pat_shape) {
            return false;
        }
        let mut lhs_width = 4 + width_of(pat.width);
        if let Some(ty) = ty {
            // 2 = `: ` before the type, ` =` after it
            let Some(ty_shape) = shape.offset_left(lhs_width + 2).and_then(|shape| shape.sub_width(2)) else {
                return false;
            };
            if !self.ty_stays_flat(ty, ty_shape) {
                return false;
            }
            lhs_width += 2 + width_of(ty.width);
        }
        // 3 = ` = `
        shape
            .sub_width(1)
            .and_then(|shape| shape.offset_left(lhs_width + 3))
            .is_some_and(|shape| self.expr_stays_flat(init, shape))
    }

    pub(super) fn ty_stays_flat(&self, ty: &Ty<'_>, shape: Shape) -> bool {
        if width_of(ty.width) > shape.width {
            return false;
        }
        match &ty.kind {
            TyKind::Path(path) => self.path_stays_flat(path, false, shape),
            TyKind::Ref { ty: inner, .. } => {
                let used = width_of(ty.width - inner.width);
                self.ty_stays_flat(inner, Shape::legacy(shape.width - used, shape.indent.plus(used)))
            }
            TyKind::Tuple(items) => items.is_empty(),
            TyKind::Slice(inner) => shape
                .width
                .checked_sub(4)
                .is_some_and(|width| self.ty_stays_flat(inner, Shape::legacy(width, shape.indent.plus(1)))),
            // The bounds are measured from where `impl` starts (rustfmt's).
            TyKind::ImplTrait(bounds) => bounds.len() == 1 && self.ty_stays_flat(&bounds[0], shape),
            TyKind::DynTrait(bounds) => {
                bounds.len() == 1 && shape.offset_left(4).is_some_and(|shape| self.ty_stays_flat(&bounds[0], shape))
            }
            TyKind::Lifetime(_) | TyKind::Infer | TyKind::Never => true,
            TyKind::Maybe(inner) => shape.offset_left(1).is_some_and(|shape| self.ty_stays_flat(inner, shape)),
        }
    }

    pub(super) fn pat_stays_flat(&self, pat: &Pat<'_>, shape: Shape) -> bool {
        if width_of(pat.width) > shape.width {
            return false;
        }
        match &pat.kind {
            PatKind::Wild | PatKind::Rest | PatKind::Ident { .. } | PatKind::Lit(_) => true,
            PatKind::Path(path) => self.path_stays_flat(path, true, shape),
            PatKind::TupleStruct(path, fields) => {
                let nested = nested_shape(shape);
                self.path_stays_flat(path, true, shape)
                    && fields.iter().all(|field| {
                        !matches!(
                            field.kind,
                            PatKind::Path(_) | PatKind::Tuple(_) | PatKind::TupleStruct(..) | PatKind::Ref { .. }
                        ) && self.pat_stays_flat(field, nested)
                    })
            }
            PatKind::Ref { mutable, pat } => {
                shape.offset_left(if *mutable { 5 } else { 1 }).is_some_and(|shape| self.pat_stays_flat(pat, shape))
            }
            PatKind::Tuple(_) | PatKind::Range { .. } | PatKind::Or(_) => false,
        }
    }
}

fn field_width(field: &FieldInit<'_>) -> u32 {
    match &field.value {
        Some(value) => u32::try_from(field.name.len() + 2).unwrap_or(u32::MAX).saturating_add(value.width),
        None => u32::try_from(field.name.len()).unwrap_or(u32::MAX),
    }
}

fn generic_args_width(args: &[GenericArg<'_>]) -> usize {
    args.iter().map(|arg| width_of(arg.width())).sum::<usize>() + 2 * args.len().saturating_sub(1)
}

/// A chain link's width without its receiver: `.name(args)`, `.field`.
fn link_width(link: &Expr<'_>) -> usize {
    match &link.kind {
        ExprKind::MethodCall { receiver, .. } | ExprKind::Field(receiver, _) => {
            width_of(link.width) - width_of(receiver.width)
        }
        _ => width_of(link.width),
    }
}

// Writing.

pub(super) fn write_expr(expr: &Expr<'_>, out: &mut String) {
    match &expr.kind {
        ExprKind::Lit(text) => out.push_str(text),
        ExprKind::Path(path) => write_path(path, true, out),
        ExprKind::Call(callee, args) => {
            write_expr(callee, out);
            write_list(args, out, write_expr);
        }
        ExprKind::MethodCall { receiver, name, turbofish, args } => {
            write_expr(receiver, out);
            out.push('.');
            out.push_str(name);
            if !turbofish.is_empty() {
                out.push_str("::");
                write_generic_args(turbofish, out);
            }
            write_list(args, out, write_expr);
        }
        ExprKind::Field(base, name) => {
            write_expr(base, out);
            out.push('.');
            out.push_str(name);
        }
        ExprKind::Try(inner) => {
            write_expr(inner, out);
            out.push('?');
        }
        ExprKind::Unary(op, inner) => {
            out.push_str(op);
            write_expr(inner, out);
        }
        ExprKind::AddrOf { mutable, expr } => {
            out.push_str(if *mutable { "&mut " } else { "&" });
            write_expr(expr, out);
        }
        ExprKind::Binary(op, lhs, rhs) | ExprKind::Assign(op, lhs, rhs) => {
            write_expr(lhs, out);
            out.push(' ');
            out.push_str(op);
            out.push(' ');
            write_expr(rhs, out);
        }
        ExprKind::Cast(inner, ty) => {
            write_expr(inner, out);
            out.push_str(" as ");
            write_ty(ty, out);
        }
        ExprKind::Closure { is_move, params, body, .. } => {
            if *is_move {
                out.push_str("move ");
            }
            out.push('|');
            for (index, param) in params.iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                write_pat(param, out);
            }
            out.push_str("| ");
            write_expr(body, out);
        }
        ExprKind::Struct { path, fields, rest } => {
            write_path(path, true, out);
            if fields.is_empty() && rest.is_none() {
                out.push_str(" {}");
                return;
            }
            out.push_str(" { ");
            for (index, field) in fields.iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                out.push_str(field.name);
                if let Some(value) = &field.value {
                    out.push_str(": ");
                    write_expr(value, out);
                }
            }
            if let Some(rest) = rest {
                if !fields.is_empty() {
                    out.push_str(", ");
                }
                out.push_str("..");
                write_expr(rest, out);
            }
            out.push_str(" }");
        }
        ExprKind::Tuple(items) if items.len() == 1 => {
            out.push('(');
            write_expr(&items[0], out);
            out.push_str(",)");
        }
        ExprKind::Tuple(items) => write_list(items, out, write_expr),
        ExprKind::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                write_expr(item, out);
            }
            out.push(']');
        }
        ExprKind::Paren(inner) => {
            out.push('(');
            write_expr(inner, out);
            out.push(')');
        }
        ExprKind::Return(value) => {
            out.push_str("return");
            if let Some(value) = value {
                out.push(' ');
                write_expr(value, out);
            }
        }
        ExprKind::Block(_) => out.push_str("{}"),
        // Never flat.
        ExprKind::Match(..) | ExprKind::If { .. } | ExprKind::Let(..) => {}
    }
}

/// `(items)`
fn write_list<T>(items: &[T], out: &mut String, write: fn(&T, &mut String)) {
    out.push('(');
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        write(item, out);
    }
    out.push(')');
}

pub(super) fn write_path(path: &Path<'_>, in_expr: bool, out: &mut String) {
    if let Some(text) = path.text {
        out.push_str(text);
        return;
    }
    if path.global {
        out.push_str("::");
    }
    for (index, segment) in path.segments.iter().enumerate() {
        if index > 0 {
            out.push_str("::");
        }
        out.push_str(segment.ident);
        match &segment.args {
            None | Some(GenericArgs::Angle([])) => {}
            Some(GenericArgs::Angle(args)) => {
                if in_expr {
                    out.push_str("::");
                }
                write_generic_args(args, out);
            }
            Some(GenericArgs::Paren { inputs, output }) => {
                write_list(inputs, out, write_ty);
                if let Some(output) = output {
                    out.push_str(" -> ");
                    write_ty(output, out);
                }
            }
        }
    }
}

/// `<args>`
fn write_generic_args(args: &[GenericArg<'_>], out: &mut String) {
    out.push('<');
    for (index, arg) in args.iter().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        match arg {
            GenericArg::Lifetime(lifetime) => out.push_str(lifetime),
            GenericArg::Type(ty) => write_ty(ty, out),
            GenericArg::Binding(name, ty) => {
                out.push_str(name);
                out.push_str(" = ");
                write_ty(ty, out);
            }
        }
    }
    out.push('>');
}

pub(super) fn write_ty(ty: &Ty<'_>, out: &mut String) {
    match &ty.kind {
        TyKind::Path(path) => write_path(path, false, out),
        TyKind::Ref { lifetime, mutable, ty } => {
            out.push('&');
            if let Some(lifetime) = lifetime {
                out.push_str(lifetime);
                out.push(' ');
            }
            if *mutable {
                out.push_str("mut ");
            }
            write_ty(ty, out);
        }
        TyKind::Tuple(items) if items.len() == 1 => {
            out.push('(');
            write_ty(&items[0], out);
            out.push_str(",)");
        }
        TyKind::Tuple(items) => write_list(items, out, write_ty),
        TyKind::Slice(inner) => {
            out.push('[');
            write_ty(inner, out);
            out.push(']');
        }
        TyKind::ImplTrait(bounds) | TyKind::DynTrait(bounds) => {
            out.push_str(if matches!(ty.kind, TyKind::ImplTrait(_)) { "impl " } else { "dyn " });
            for (index, bound) in bounds.iter().enumerate() {
                if index > 0 {
                    out.push_str(" + ");
                }
                write_ty(bound, out);
            }
        }
        TyKind::Lifetime(lifetime) => out.push_str(lifetime),
        TyKind::Maybe(inner) => {
            out.push('?');
            write_ty(inner, out);
        }
        TyKind::Infer => out.push('_'),
        TyKind::Never => out.push('!'),
    }
}

pub(super) fn write_pat(pat: &Pat<'_>, out: &mut String) {
    match &pat.kind {
        PatKind::Wild => out.push('_'),
        PatKind::Rest => out.push_str(".."),
        PatKind::Ident { prefix, name } => {
            out.push_str(prefix);
            out.push_str(name);
        }
        PatKind::Lit(text) => out.push_str(text),
        PatKind::Range { lo, hi, inclusive } => {
            write_pat(lo, out);
            out.push_str(if *inclusive { "..=" } else { ".." });
            write_pat(hi, out);
        }
        PatKind::Path(path) => write_path(path, true, out),
        PatKind::TupleStruct(path, fields) => {
            write_path(path, true, out);
            write_list(fields, out, write_pat);
        }
        PatKind::Tuple(fields) if fields.len() == 1 && !matches!(fields[0].kind, PatKind::Rest) => {
            out.push('(');
            write_pat(&fields[0], out);
            out.push_str(",)");
        }
        PatKind::Tuple(fields) => write_list(fields, out, write_pat),
        PatKind::Ref { mutable, pat } => {
            out.push_str(if *mutable { "&mut " } else { "&" });
            write_pat(pat, out);
        }
        PatKind::Or(alternatives) => {
            for (index, alternative) in alternatives.iter().enumerate() {
                if index > 0 {
                    out.push_str(" | ");
                }
                write_pat(alternative, out);
            }
        }
    }
}

/// The text a node is written as on one line.
pub(super) fn flat<T>(node: &T, width: u32, write: fn(&T, &mut String)) -> String {
    let mut out = String::with_capacity(width_of(width).min(MAX_WIDTH * 2));
    write(node, &mut out);
    out
}
