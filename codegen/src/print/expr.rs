//! Expressions, statements and blocks, laid out as rustfmt lays them out:
//! each piece is rewritten for a `Shape`, and gives up (`None`) when it
//! cannot fit, so that the piece around it tries another layout. The
//! functions follow rustfmt's of the same names (`expr.rs`, `pairs.rs`);
//! the comments say where its rules are not obvious. Paths and types are
//! in `types.rs`, patterns in `patterns.rs`, matches in `matches.rs`,
//! closures in `closures.rs` and method chains in `chains.rs`.

use std::borrow::Cow;

#[cfg(test)]
use super::check_flat;
use super::lists::{ListFormat, ListTactic, Separator, Tactic, Trailing, definitive_tactic, write_list};
use super::overflow::{self, Item};
use super::shape::{
    FN_CALL_WIDTH, Indent, MAX_WIDTH, SINGLE_LINE_IF_ELSE_MAX_WIDTH, STRUCT_LIT_WIDTH, Shape, TAB_SPACES, budget, cat,
    count_newlines, first_line_ends_with, first_line_width, is_single_line, last_line_extendable, last_line_width,
    str_fits, str_width, trimmed_last_line_width, wrap_str,
};
use super::syntax::{Block, Expr, ExprKind, FieldInit, Pat, Path, Stmt, Ty};
use super::types::PathContext;
use super::{Printer, flat};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ExprType {
    Statement,
    SubExpression,
}

impl Printer<'_> {
    pub(super) fn expr(&self, expr: &Expr<'_>, shape: Shape) -> Option<String> {
        self.format_expr(expr, ExprType::SubExpression, shape)
    }

    pub(super) fn format_expr(&self, expr: &Expr<'_>, expr_type: ExprType, shape: Shape) -> Option<String> {
        let shape =
            if expr_type == ExprType::Statement && semicolon_for_expr(expr) { shape.sub_width(1)? } else { shape };
        if self.expr_stays_flat(expr, shape) {
            let text = flat::flat(expr, expr.width, flat::write_expr);
            #[cfg(test)]
            check_flat(&text, self.format_expr_full(expr, expr_type, shape));
            return Some(text);
        }
        self.format_expr_full(expr, expr_type, shape)
    }

    /// [`Printer::format_expr`] without the fast path.
    fn format_expr_full(&self, expr: &Expr<'_>, expr_type: ExprType, shape: Shape) -> Option<String> {
        match &expr.kind {
            ExprKind::Array(items) => {
                let items: Vec<Item<'_, '_>> = items.iter().map(Item::Expr).collect();
                overflow::with_square_brackets(self, "", &items, shape)
            }
            ExprKind::Lit(text) => literal(text, shape),
            ExprKind::Call(callee, args) => {
                let callee = self.expr(callee, shape)?;
                self.call(&callee, args, shape)
            }
            ExprKind::Paren(inner) => {
                let inner = self.expr(inner, shape.offset_left(1)?.sub_width(1)?)?;
                Some(cat(&["(", &inner, ")"]))
            }
            ExprKind::Binary(op, lhs, rhs) => {
                self.all_pairs(expr, shape).or_else(|| self.pair(&**lhs, &**rhs, &cat(&[" ", op, " "]), shape, true))
            }
            ExprKind::Unary(op, inner) => self.unary_prefix(op, inner, shape),
            ExprKind::AddrOf { mutable, expr } => self.unary_prefix(if *mutable { "&mut " } else { "&" }, expr, shape),
            ExprKind::Struct { path, fields, rest } => self.struct_lit(path, fields, rest.as_deref(), shape),
            ExprKind::Tuple(items) => {
                let items: Vec<Item<'_, '_>> = items.iter().map(Item::Expr).collect();
                let force = (items.len() == 1).then_some(Trailing::Always);
                overflow::with_parens(self, "", &items, shape, FN_CALL_WIDTH, force)
            }
            ExprKind::If { .. } => self.control_flow(expr, expr_type == ExprType::SubExpression, false, shape),
            ExprKind::Let(pat, value) => {
                let pat = self.pat(pat, shape.offset_left(4)?)?;
                self.assign_rhs(&cat(&["let ", &pat, " ="]), &**value, shape)
            }
            ExprKind::Block(block) => match expr_type {
                ExprType::Statement if block.stmts.is_empty() && shape.width >= 2 => Some("{}".to_owned()),
                ExprType::Statement => Some(self.block_with_visitor("", block, shape)),
                ExprType::SubExpression => Some(self.block(block, shape)),
            },
            ExprKind::Match(scrutinee, arms) => self.match_expr(scrutinee, arms, shape),
            ExprKind::Path(path) => self.path(path, PathContext::Expr, shape),
            ExprKind::Assign(op, lhs, rhs) => {
                // 1 = the space before the operator.
                let lhs = self.expr(lhs, shape.sub_width(op.len() + 1)?)?;
                self.assign_rhs(&cat(&[&lhs, " ", op]), &**rhs, shape)
            }
            ExprKind::Closure { is_move, params, body, body_span } => {
                self.closure(*is_move, params, body, *body_span, shape)
            }
            ExprKind::Try(_) | ExprKind::Field(..) | ExprKind::MethodCall { .. } => self.chain(expr, shape),
            ExprKind::Return(None) => Some("return".to_owned()),
            ExprKind::Return(Some(value)) => self.unary_prefix("return ", value, shape),
            ExprKind::Cast(inner, ty) => self.pair(&**inner, ty, " as ", shape, true),
        }
    }

    pub(super) fn call(&self, callee: &str, args: &[Expr<'_>], shape: Shape) -> Option<String> {
        let items: Vec<Item<'_, '_>> = args.iter().map(Item::Expr).collect();
        overflow::with_parens(self, callee, &items, shape, FN_CALL_WIDTH, None)
    }

    fn unary_prefix(&self, prefix: &str, expr: &Expr<'_>, shape: Shape) -> Option<String> {
        let inner = self.expr(expr, shape.offset_left(prefix.len())?)?;
        Some(cat(&[prefix, &inner]))
    }

    // Pairs: binary operators, casts, ranges.

    /// A chain of the same binary operator: on one line, or one operand per
    /// line with the operator in front.
    fn all_pairs(&self, expr: &Expr<'_>, shape: Shape) -> Option<String> {
        let ExprKind::Binary(top, ..) = &expr.kind else { return None };
        // The operands in order, each rewritten where it would go on a line
        // of its own.
        let mut operands: Vec<(&Expr<'_>, Option<String>)> = Vec::new();
        let mut separators: Vec<&str> = Vec::new();
        let mut stack = Vec::new();
        let mut node = expr;
        loop {
            match &node.kind {
                ExprKind::Binary(op, lhs, _) if op == top => {
                    stack.push(node);
                    node = lhs;
                }
                _ => {
                    let rewrite = if operands.is_empty() {
                        self.expr(node, shape)
                    } else {
                        let separator = separators.last().map_or(0, |separator| separator.len());
                        shape
                            .block_indent(TAB_SPACES)
                            .with_max_width()
                            .sub_width(shape.rhs_overhead())
                            .and_then(|nested| nested.offset_left(separator + 1))
                            .and_then(|nested| self.expr(node, nested))
                    };
                    operands.push((node, rewrite));
                    match stack.pop().map(|node| &node.kind) {
                        Some(ExprKind::Binary(op, _, rhs)) => {
                            separators.push(op);
                            node = rhs;
                        }
                        _ => break,
                    }
                }
            }
        }
        self.pairs_one_line(&operands, &separators, shape)
            .or_else(|| self.pairs_multiline(&operands, &separators, shape))
    }

    fn pairs_one_line(
        &self,
        operands: &[(&Expr<'_>, Option<String>)],
        separators: &[&str],
        shape: Shape,
    ) -> Option<String> {
        let mut result = String::new();
        for ((_, rewrite), separator) in operands.iter().zip(separators) {
            let rewrite = rewrite.as_deref()?;
            if !is_single_line(rewrite) || result.len() > shape.width {
                return None;
            }
            result.push_str(rewrite);
            result.push(' ');
            result.push_str(separator);
            result.push(' ');
        }
        let prefix_len = result.len();
        let (last, _) = operands.last()?;
        let last = self.expr(last, shape.block().offset_left(last_line_width(&result))?)?;
        result.push_str(&last);
        if first_line_width(&result) > shape.width {
            return None;
        }
        // The last operand may take several lines, unless that looks odd.
        if !(is_single_line(&result) || last.starts_with('{')) && (last.starts_with('(') || prefix_len > TAB_SPACES) {
            return None;
        }
        wrap_str(result, shape)
    }

    fn pairs_multiline(
        &self,
        operands: &[(&Expr<'_>, Option<String>)],
        separators: &[&str],
        shape: Shape,
    ) -> Option<String> {
        let nested = shape.block_indent(TAB_SPACES).with_max_width().sub_width(shape.rhs_overhead())?;
        let indent = nested.indent.newline();
        let mut result = operands[0].1.clone()?;
        for ((operand, rewrite), separator) in operands[1..].iter().zip(separators) {
            // Keep the next operand on this line when the line would be an
            // orphan otherwise.
            let offset = if result.contains('\n') { 0 } else { shape.used_width() };
            if last_line_width(&result) + offset <= nested.used_width()
                && let Some(line_shape) = shape.offset_left(separator.len() + 2 + trimmed_last_line_width(&result))
                && let Some(rewrite) = self.expr(operand, line_shape)
            {
                result.push(' ');
                result.push_str(separator);
                result.push(' ');
                result.push_str(&rewrite);
                continue;
            }
            result.push_str(&indent);
            result.push_str(separator);
            result.push(' ');
            result.push_str(rewrite.as_deref()?);
        }
        Some(result)
    }

    /// `lhs infix rhs` (a cast, a range), on one line or broken before the
    /// infix.
    pub(super) fn pair<L: Pair + ?Sized, R: Pair + ?Sized>(
        &self,
        lhs: &L,
        rhs: &R,
        infix: &str,
        shape: Shape,
        separator_in_front: bool,
    ) -> Option<String> {
        let lhs_overhead =
            if separator_in_front { shape.used_width() } else { shape.used_width() + infix.trim_end().len() };
        let lhs = lhs.rewrite_pair(self, Shape { width: budget(lhs_overhead), ..shape })?;
        if let Some(rhs_shape) = shape.offset_left(last_line_width(&lhs) + infix.len())
            && let Some(rhs) = rhs.rewrite_pair(self, rhs_shape)
        {
            let allow_same_line =
                lhs.len() <= TAB_SPACES || rhs.split('\n').next().is_some_and(|line| line.ends_with('{'));
            if (!rhs.contains('\n') || allow_same_line)
                && last_line_width(&lhs) + infix.len() + first_line_width(&rhs) <= shape.width
            {
                return Some(cat(&[&lhs, infix, &rhs]));
            }
        }
        let mut rhs_shape = Shape::indented(shape.indent.block_indent()).sub_width(shape.rhs_overhead())?;
        let infix_trimmed = if separator_in_front { infix.trim_start() } else { infix.trim_end() };
        if separator_in_front {
            rhs_shape = rhs_shape.offset_left(infix_trimmed.len())?;
        }
        let rhs = rhs.rewrite_pair(self, rhs_shape)?;
        let indent = rhs_shape.indent.newline();
        if separator_in_front {
            let mut infix_with_separator = cat(&[&indent, infix_trimmed]);
            let new_line_width = infix_with_separator.len() - 1 + rhs.len();
            let rhs = if new_line_width > shape.width {
                infix_with_separator = infix_with_separator.trim_end().to_owned();
                cat(&[&indent, rhs.trim_start()])
            } else {
                rhs
            };
            Some(cat(&[&lhs, &infix_with_separator, &rhs]))
        } else {
            Some(cat(&[&lhs, infix_trimmed, &indent, &rhs]))
        }
    }

    // Assignments: `let x = …`, `x = …`, `type X = …`, `const X: T = …`.

    /// `lhs` (up to and with its `=`) and ` rhs`, the right-hand side on the
    /// same line or, when that looks better, on the next.
    pub(super) fn assign_rhs<R: Rhs + ?Sized>(&self, lhs: &str, rhs: &R, shape: Shape) -> Option<String> {
        let last = last_line_width(lhs).saturating_sub(if lhs.contains('\n') { shape.indent.width() } else { 0 });
        // 1 = the space after the operator.
        let orig_shape =
            shape.offset_left(last + 1).unwrap_or(Shape { width: 0, offset: shape.offset + last + 1, ..shape });
        let orig = rhs.rewrite_rhs(self, orig_shape);
        let rhs = self.choose_rhs(rhs, orig_shape, orig)?;
        Some(cat(&[lhs, &rhs]))
    }

    fn choose_rhs<R: Rhs + ?Sized>(&self, rhs: &R, shape: Shape, orig: Option<String>) -> Option<String> {
        match orig {
            Some(text) if text.is_empty() => return Some(String::new()),
            Some(text) if !text.contains('\n') && str_width(&text) <= shape.width => return Some(cat(&[" ", &text])),
            _ => {}
        }
        let new_shape = Shape::indented(shape.indent.block_indent()).sub_width(shape.rhs_overhead())?;
        let new = rhs.rewrite_rhs(self, new_shape);
        let new_indent = shape.indent.block_indent().newline();
        match (orig, new) {
            (Some(orig), Some(new)) if !str_fits(&new, new_shape) => Some(cat(&[" ", &orig])),
            (Some(orig), Some(new)) if prefer_next_line(&orig, &new) => Some(cat(&[&new_indent, &new])),
            (None, Some(new)) => Some(cat(&[&new_indent, &new])),
            (None, None) => None,
            (Some(orig), _) => Some(cat(&[" ", &orig])),
        }
    }

    // Struct literals.

    fn struct_lit(
        &self,
        path: &Path<'_>,
        fields: &[FieldInit<'_>],
        rest: Option<&Expr<'_>>,
        shape: Shape,
    ) -> Option<String> {
        // 2 = ` {`
        let path = self.path(path, PathContext::Expr, shape.sub_width(2)?)?;
        if fields.is_empty() && rest.is_none() {
            return Some(cat(&[&path, " {}"]));
        }
        // `Foo { a: Foo }`: 3 = ` { `, 2 = ` }`.
        let (h_shape, v_shape) = struct_lit_shape(shape, path.len() + 3, 2);
        let one_line_width = h_shape.map_or(0, |shape| shape.width);
        let mut items: Vec<Option<String>> =
            fields.iter().map(|field| self.field_init(field, v_shape.sub_width(1)?)).collect();
        if let Some(rest) = rest {
            items.push(v_shape.offset_left(2).and_then(|shape| self.expr(rest, shape)).map(|text| cat(&["..", &text])));
        }
        let tactic = match h_shape {
            Some(h_shape) => definitive_tactic(&items, ListTactic::HorizontalVertical, Separator::Comma, h_shape.width),
            None => Tactic::Vertical,
        };
        let nested_shape = if tactic == Tactic::Horizontal { h_shape? } else { v_shape };
        let trailing = if rest.is_some() { Trailing::Never } else { Trailing::Vertical };
        let format = ListFormat::new(nested_shape)
            .tactic(tactic)
            .trailing(trailing)
            .ends_with_newline(tactic == Tactic::Vertical);
        let fields = write_list(&items, &format)?;
        let fields = wrap_struct_field(&fields, shape, v_shape, one_line_width);
        Some(cat(&[&path, " {", &fields, "}"]))
    }

    fn field_init(&self, field: &FieldInit<'_>, shape: Shape) -> Option<String> {
        let Some(value) = &field.value else { return Some(field.name.to_owned()) };
        // 2 = `: `
        let overhead = field.name.len() + 2;
        // The fast path: a value that stays on the line, written in one
        // buffer.
        if shape.offset_left(overhead).is_some_and(|shape| self.expr_stays_flat(value, shape)) {
            let mut result = String::with_capacity(overhead + flat::width_of(value.width));
            result.push_str(field.name);
            result.push_str(": ");
            flat::write_expr(value, &mut result);
            return Some(result);
        }
        let rewrite = shape.offset_left(overhead).and_then(|shape| self.expr(value, shape));
        match rewrite {
            Some(text) => Some(cat(&[field.name, ": ", &text])),
            None => {
                let indent = shape.indent.block_indent();
                let text = self.expr(value, Shape::indented(indent))?;
                Some(cat(&[field.name, ":\n", &indent.spaces(), &text]))
            }
        }
    }

    // Blocks and statements.

    /// A block as an expression: `{ x }` on one line when it has a single
    /// expression that fits.
    pub(super) fn block(&self, block: &Block<'_>, shape: Shape) -> String {
        if block.stmts.is_empty() && shape.width >= 2 {
            return "{}".to_owned();
        }
        let result = self.block_with_visitor("", block, shape);
        if result.split('\n').count() <= 3
            && let Some(single) = self.single_line_block(block, shape)
        {
            return single;
        }
        result
    }

    fn single_line_block(&self, block: &Block<'_>, shape: Shape) -> Option<String> {
        let [stmt @ Stmt::Expr(_)] = block.stmts else { return None };
        let text = self.stmt(stmt, true, shape)?;
        let result = cat(&["{ ", &text, " }"]);
        (result.len() <= shape.width && !result.contains('\n')).then_some(result)
    }

    /// `{`, the statements one per line one level deeper, `}`.
    pub(super) fn block_with_visitor(&self, prefix: &str, block: &Block<'_>, shape: Shape) -> String {
        if block.stmts.is_empty() && shape.width >= 2 {
            return cat(&[prefix, "{}"]);
        }
        let mut result = String::from(prefix);
        result.push('{');
        self.stmts(block, shape.indent, &mut result);
        result.push_str(&shape.indent.newline());
        result.push('}');
        result
    }

    /// The statements of a block whose braces are at `indent`, each on a
    /// line of its own.
    pub(super) fn stmts(&self, block: &Block<'_>, indent: Indent, out: &mut String) {
        let (stmts, spans) = (&block.stmts, &block.spans);
        let inner = indent.block_indent();
        let shape = Shape::indented(inner);
        for (index, stmt) in stmts.iter().enumerate() {
            out.push_str(&inner.newline());
            if let Stmt::Item(item) = stmt {
                self.item(item, inner, out);
                continue;
            }
            let is_last = index + 1 == stmts.len();
            // A statement that stays on one line, written in place.
            if let Stmt::Semi(expr) = stmt
                && !matches!(expr.kind, ExprKind::Return(_))
                && let Some(shape) = shape.sub_width(1)
                && self.expr_stays_flat(expr, shape)
            {
                #[cfg(test)]
                let start = out.len();
                flat::write_expr(expr, out);
                out.push(';');
                #[cfg(test)]
                check_flat(&out[start..], self.stmt(stmt, is_last, Shape::indented(inner)));
                continue;
            }
            if let Stmt::Let { pat, ty, init: Some(init) } = stmt
                && self.let_stays_flat(pat, ty.as_ref(), init, shape)
            {
                #[cfg(test)]
                let start = out.len();
                out.push_str("let ");
                flat::write_pat(pat, out);
                if let Some(ty) = ty {
                    out.push_str(": ");
                    flat::write_ty(ty, out);
                }
                out.push_str(" = ");
                flat::write_expr(init, out);
                out.push(';');
                #[cfg(test)]
                check_flat(&out[start..], self.stmt(stmt, is_last, shape));
                continue;
            }
            match self.stmt(stmt, is_last, shape) {
                Some(text) => out.push_str(&text),
                // rustfmt leaves a statement it cannot format as it was
                // written.
                None => out.push_str(&self.verbatim(spans[index].start, spans[index].end)),
            }
        }
    }

    pub(super) fn stmt(&self, stmt: &Stmt<'_>, is_last: bool, shape: Shape) -> Option<String> {
        match stmt {
            Stmt::Let { pat, ty, init } => {
                // 4 = `let `, 1 = `;`
                let pat = self.pat(pat, shape.offset_left(4)?.sub_width(1)?)?;
                let mut result = cat(&["let ", &pat]);
                if let Some(ty) = ty {
                    let ty_shape = shape.offset_left(last_line_width(&result) + 2)?.sub_width(2)?;
                    result.push_str(": ");
                    result.push_str(&self.ty(ty, ty_shape)?);
                }
                if let Some(init) = init {
                    result.push_str(" =");
                    result = self.assign_rhs(&result, init, shape.sub_width(1)?)?;
                }
                result.push(';');
                Some(result)
            }
            Stmt::Expr(expr) | Stmt::Semi(expr) => {
                let is_last_expr =
                    is_last && matches!(stmt, Stmt::Expr(_)) && !matches!(expr.kind, ExprKind::Return(_));
                // Style edition 2024 formats a block's value as a
                // subexpression.
                let expr_type = if is_last_expr { ExprType::SubExpression } else { ExprType::Statement };
                let semicolon = matches!(stmt, Stmt::Semi(_));
                let shape = if semicolon { shape.sub_width(1)? } else { shape };
                let text = self.format_expr(expr, expr_type, shape)?;
                Some(if semicolon { text + ";" } else { text })
            }
            Stmt::Item(_) => None,
        }
    }

    // Control flow.

    /// An `if` (`allow_single_line`: as a value, where `if a { b } else {
    /// c }` may stay on one line; `nested`: after an `else`).
    fn control_flow(&self, expr: &Expr<'_>, allow_single_line: bool, nested: bool, shape: Shape) -> Option<String> {
        let ExprKind::If { cond, then, otherwise } = &expr.kind else { return None };
        let (cond_text, used_width) =
            self.if_cond(cond, then, otherwise.as_deref(), allow_single_line, nested, shape)?;
        if used_width == 0 {
            return Some(cond_text);
        }
        let block_width = shape.width.saturating_sub(used_width);
        let block_width = if otherwise.is_some() || nested { block_width.min(1) } else { block_width };
        let block = self.block_with_visitor("", then, Shape { width: block_width, ..shape });
        let mut result = cat(&[&cond_text, &block]);
        if let Some(otherwise) = otherwise {
            let shape = Shape::indented(shape.indent);
            let rewrite = match &otherwise.kind {
                ExprKind::If { .. } => self.control_flow(otherwise, false, true, shape),
                _ => self.format_expr(otherwise, ExprType::Statement, Shape { width: shape.width.min(1), ..shape }),
            };
            result.push_str(" else ");
            result.push_str(&rewrite?);
        }
        Some(result)
    }

    /// `if cond ` up to the block, and the width it takes (0 when the whole
    /// `if` fits on one line and is returned instead).
    fn if_cond(
        &self,
        cond: &Expr<'_>,
        then: &Block<'_>,
        otherwise: Option<&Expr<'_>>,
        allow_single_line: bool,
        nested: bool,
        shape: Shape,
    ) -> Option<(String, usize)> {
        let fresh = Shape { width: budget(shape.used_width()), ..shape };
        // 7 = `} else `
        let constrained = if nested { fresh.offset_left(7)? } else { fresh };
        // 3 = `if `
        let offset = 3;
        let cond_shape = constrained.offset_left(offset)?;
        let pat_expr = match &cond.kind {
            ExprKind::Let(pat, value) => {
                // 4 = `let `, 2 = ` =`
                let pat = self.pat(pat, cond_shape.offset_left(4)?.sub_width(2)?)?;
                self.assign_rhs(&cat(&["let ", &pat, " ="]), &**value, cond_shape)?
            }
            _ => self.expr(cond, cond_shape)?,
        };
        // 2 = ` {`
        let one_line_budget = MAX_WIDTH.saturating_sub(constrained.used_width() + offset + 2);
        let force_newline_brace = (pat_expr.contains('\n') || pat_expr.len() > one_line_budget)
            && (!last_line_extendable(&pat_expr) || last_line_offsetted(shape.used_width(), &pat_expr));
        if allow_single_line
            && let Some(single) = self.if_single_line(&pat_expr, then, otherwise, shape.width)
            && single.len() <= SINGLE_LINE_IF_ELSE_MAX_WIDTH
        {
            return Some((single, 0));
        }
        let block_separator = if force_newline_brace { shape.indent.newline() } else { Cow::Borrowed(" ") };
        let used_width =
            if pat_expr.contains('\n') { last_line_width(&pat_expr) } else { "if".len() + pat_expr.len() + 2 };
        Some((cat(&["if ", &pat_expr, &block_separator]), used_width))
    }

    fn if_single_line(
        &self,
        pat_expr: &str,
        then: &Block<'_>,
        otherwise: Option<&Expr<'_>>,
        width: usize,
    ) -> Option<String> {
        let Some(ExprKind::Block(otherwise)) = otherwise.map(|otherwise| &otherwise.kind) else { return None };
        let ([Stmt::Expr(if_expr)], [Stmt::Expr(else_expr)]) = (then.stmts, otherwise.stmts) else {
            return None;
        };
        if pat_expr.contains('\n') {
            return None;
        }
        // `if  {  } else {  }`
        let fixed_cost = "if".len() + "  {  } else {  }".len();
        let new_width = width.checked_sub(pat_expr.len() + fixed_cost)?;
        let if_text = self.expr(if_expr, Shape::legacy(new_width, Indent::new(0, 0)))?;
        let new_width = new_width.checked_sub(if_text.len())?;
        let else_text = self.expr(else_expr, Shape::legacy(new_width, Indent::new(0, 0)))?;
        if if_text.contains('\n') || else_text.contains('\n') {
            return None;
        }
        let result = cat(&["if ", pat_expr, " { ", &if_text, " } else { ", &else_text, " }"]);
        (result.len() <= width).then_some(result)
    }

    /// The condition of a control-flow expression as it would be written,
    /// for checking whether it would take several lines.
    pub(super) fn rewrite_cond(&self, expr: &Expr<'_>, shape: Shape) -> Option<String> {
        match &expr.kind {
            // 8 = `match ` and ` {`
            ExprKind::Match(scrutinee, _) => self.expr(scrutinee, shape.offset_left(8)?),
            ExprKind::If { cond, then, otherwise } => {
                self.if_cond(cond, then, otherwise.as_deref(), false, false, shape).map(|(text, _)| text)
            }
            _ => None,
        }
    }
}

/// Something that can be the right-hand side of an assignment.
pub(super) trait Rhs {
    fn rewrite_rhs(&self, printer: &Printer<'_>, shape: Shape) -> Option<String>;
}

impl Rhs for Expr<'_> {
    fn rewrite_rhs(&self, printer: &Printer<'_>, shape: Shape) -> Option<String> {
        printer.expr(self, shape)
    }
}

impl Rhs for Ty<'_> {
    fn rewrite_rhs(&self, printer: &Printer<'_>, shape: Shape) -> Option<String> {
        printer.ty(self, shape)
    }
}

/// Something on either side of a pair.
pub(super) trait Pair {
    fn rewrite_pair(&self, printer: &Printer<'_>, shape: Shape) -> Option<String>;
}

impl Pair for Expr<'_> {
    fn rewrite_pair(&self, printer: &Printer<'_>, shape: Shape) -> Option<String> {
        printer.expr(self, shape)
    }
}

impl Pair for Ty<'_> {
    fn rewrite_pair(&self, printer: &Printer<'_>, shape: Shape) -> Option<String> {
        printer.ty(self, shape)
    }
}

impl Pair for Pat<'_> {
    fn rewrite_pair(&self, printer: &Printer<'_>, shape: Shape) -> Option<String> {
        printer.pat(self, shape)
    }
}

/// A literal: strings are never too long (rustfmt leaves them as they are
/// and lets the line run over); anything else must fit.
pub(super) fn literal(text: &str, shape: Shape) -> Option<String> {
    let is_string = text.starts_with('"') || text.starts_with("r\"") || text.starts_with("r#");
    if is_string { Some(text.to_owned()) } else { wrap_str(text.to_owned(), shape) }
}

pub(super) fn semicolon_for_expr(expr: &Expr<'_>) -> bool {
    matches!(expr.kind, ExprKind::Return(_))
}

/// Whether the right-hand side reads better on the next line.
pub(super) fn prefer_next_line(orig: &str, next: &str) -> bool {
    !next.contains('\n')
        || count_newlines(orig) > count_newlines(next) + 1
        || first_line_ends_with(orig, '(') && !first_line_ends_with(next, '(')
        || first_line_ends_with(orig, '{') && !first_line_ends_with(next, '{')
        || first_line_ends_with(orig, '[') && !first_line_ends_with(next, '[')
}

/// The horizontal and vertical shapes of a struct literal's fields.
fn struct_lit_shape(shape: Shape, prefix_width: usize, suffix_width: usize) -> (Option<Shape>, Shape) {
    let v_shape = shape.block_indent(TAB_SPACES);
    let v_shape = Shape { width: budget(v_shape.indent.width()), ..v_shape };
    let h_shape = shape
        .width
        .checked_sub(prefix_width + suffix_width)
        .map(|width| Shape::legacy(width.min(STRUCT_LIT_WIDTH), shape.indent));
    (h_shape, v_shape)
}

fn wrap_struct_field(fields: &str, shape: Shape, v_shape: Shape, one_line_width: usize) -> String {
    if fields.contains('\n') || fields.len() > one_line_width {
        cat(&[&v_shape.indent.newline(), fields, &shape.indent.newline()])
    } else {
        cat(&[" ", fields, " "])
    }
}

/// Whether the last line of `text` is indented past `start_column`.
fn last_line_offsetted(start_column: usize, text: &str) -> bool {
    let mut leading = 0;
    for ch in text.chars().rev() {
        match ch {
            '\n' => break,
            _ if ch.is_whitespace() => leading += 1,
            _ => leading = 0,
        }
    }
    leading > start_column
}
