//! Closures, laid out as rustfmt lays them out: when the body gets a block
//! and when it loses one, and a closure as a call's last argument, which
//! may overflow. The functions follow rustfmt's of the same names in its
//! `closures.rs`.

use super::Printer;
use super::expr::ExprType;
use super::lists::{ListFormat, ListTactic, Separator, Tactic, definitive_tactic, write_list};
use super::shape::{Shape, cat, last_line_width};
use super::syntax::{Expr, ExprKind, Pat, Span, Stmt};

impl Printer<'_> {
    pub(super) fn closure(
        &self,
        is_move: bool,
        params: &[Pat<'_>],
        body: &Expr<'_>,
        body_span: Span,
        shape: Shape,
    ) -> Option<String> {
        let (prefix, extra) = self.closure_fn_decl(is_move, params, shape)?;
        // 1 = the space between `|…|` and the body.
        let body_shape = shape.offset_left(extra);
        if let ExprKind::Block(block) = &body.kind {
            if block.stmts.is_empty() {
                return Some(cat(&[&prefix, " ", &self.expr(body, shape)?]));
            }
            return self
                .closure_without_block(body, body_span, &prefix, shape, body_shape?)
                .or_else(|| Some(cat(&[&prefix, " ", &self.expr(body, body_shape?)?])));
        }
        let body_shape = body_shape?;
        self.closure_expr(body, &prefix, body_shape)
            .or_else(|| self.closure_with_block(body, body_span, &prefix, body_shape))
    }

    fn closure_without_block(
        &self,
        body: &Expr<'_>,
        body_span: Span,
        prefix: &str,
        shape: Shape,
        body_shape: Shape,
    ) -> Option<String> {
        let inner = inner_closure_expr(body, prefix);
        if is_block_closure_forced(inner) {
            self.closure_with_block(inner, body_span, prefix, shape)
        } else {
            self.closure_expr(inner, prefix, body_shape)
        }
    }

    /// `|a, b|` and the width it takes with the space after it.
    fn closure_fn_decl(&self, is_move: bool, params: &[Pat<'_>], shape: Shape) -> Option<(String, usize)> {
        let capture = if is_move { "move " } else { "" };
        // 4 = `|| {`
        let nested = shape.shrink_left(capture.len())?.sub_width(4)?;
        let param_shape = nested.offset_left(1)?.visual_indent(0);
        let items: Vec<Option<String>> = params.iter().map(|param| self.pat(param, param_shape)).collect();
        // 1 = the space before a return type.
        let horizontal_budget = nested.width.saturating_sub(1);
        let tactic = definitive_tactic(&items, ListTactic::HorizontalVertical, Separator::Comma, horizontal_budget);
        let param_shape = if tactic == Tactic::Horizontal { param_shape.sub_width(1)? } else { param_shape };
        let list = write_list(&items, &ListFormat::new(param_shape).tactic(tactic))?;
        let prefix = cat(&[capture, "|", &list, "|"]);
        let extra = last_line_width(&prefix) + 1;
        Some((prefix, extra))
    }

    fn closure_expr(&self, body: &Expr<'_>, prefix: &str, shape: Shape) -> Option<String> {
        let text = self.expr(body, shape)?;
        // Without a block, only a block-like body may take several lines.
        if !allow_multi_line(body) && text.contains('\n') {
            return None;
        }
        Some(cat(&[prefix, " ", &text]))
    }

    /// `prefix {` and the body on lines of its own: as a block's statement,
    /// which stays as it was written (`body_span`) when it cannot be laid
    /// out.
    fn closure_with_block(&self, body: &Expr<'_>, body_span: Span, prefix: &str, shape: Shape) -> Option<String> {
        if veto_block(body) && !expr_requires_semi_to_be_stmt(left_most_sub_expr(body)) {
            return None;
        }
        let mut result = cat(&[prefix, " {"]);
        let inner = shape.indent.block_indent();
        result.push_str(&inner.newline());
        let text = self
            .format_expr(body, ExprType::SubExpression, Shape::indented(inner))
            .unwrap_or_else(|| self.verbatim(body_span.start, body_span.end));
        result.push_str(&text);
        result.push_str(&shape.indent.newline());
        result.push('}');
        Some(result)
    }

    /// A closure as a call's last argument, which may overflow.
    pub(super) fn rewrite_last_closure(&self, expr: &Expr<'_>, shape: Shape) -> Option<String> {
        let ExprKind::Closure { is_move, params, body, body_span } = &expr.kind else { return None };
        let body: &Expr<'_> = match &body.kind {
            ExprKind::Block(block) => match block.stmts {
                [Stmt::Expr(inner)] => inner,
                _ => body,
            },
            _ => body,
        };
        let (prefix, extra) = self.closure_fn_decl(*is_move, params, shape)?;
        if prefix.contains('\n') {
            return None;
        }
        let body_shape = shape.offset_left(extra)?;
        if is_block_closure_forced(body) {
            let with_block = self.closure_with_block(body, *body_span, &prefix, body_shape)?;
            if with_block.split('\n').count() <= 7
                && let Some(single) = self.closure_expr(body, &prefix, shape)
                && !single.contains('\n')
            {
                return Some(single);
            }
            return Some(with_block);
        }
        // A control-flow body whose condition would break gets a block.
        let multi_line_cond = self
            .rewrite_cond(body, body_shape)
            .is_some_and(|cond| cond.contains('\n') || cond.len() > body_shape.width);
        if multi_line_cond {
            return self.closure_with_block(body, *body_span, &prefix, body_shape);
        }
        self.expr(expr, shape)
    }
}

/// A closure body of one block with one expression, read as the expression.
fn inner_closure_expr<'b, 'a>(body: &'b Expr<'a>, prefix: &str) -> &'b Expr<'a> {
    if let ExprKind::Block(block) = &body.kind
        && !prefix.contains('\n')
        && let [Stmt::Expr(inner)] = block.stmts
    {
        return inner_closure_expr(inner, prefix);
    }
    body
}

fn is_block_closure_forced(expr: &Expr<'_>) -> bool {
    match &expr.kind {
        ExprKind::If { .. } => true,
        ExprKind::AddrOf { expr, .. } | ExprKind::Try(expr) | ExprKind::Unary(_, expr) | ExprKind::Cast(expr, _) => {
            is_block_closure_forced(expr)
        }
        _ => false,
    }
}

/// Whether a closure body without a block may take several lines.
fn allow_multi_line(expr: &Expr<'_>) -> bool {
    match &expr.kind {
        ExprKind::Match(..) | ExprKind::Block(_) | ExprKind::Struct { .. } => true,
        ExprKind::AddrOf { expr, .. } | ExprKind::Try(expr) | ExprKind::Unary(_, expr) | ExprKind::Cast(expr, _) => {
            allow_multi_line(expr)
        }
        _ => false,
    }
}

fn veto_block(expr: &Expr<'_>) -> bool {
    matches!(
        expr.kind,
        ExprKind::Call(..)
            | ExprKind::Binary(..)
            | ExprKind::Cast(..)
            | ExprKind::Assign(..)
            | ExprKind::Field(..)
            | ExprKind::Try(_)
    )
}

fn left_most_sub_expr<'b, 'a>(expr: &'b Expr<'a>) -> &'b Expr<'a> {
    match &expr.kind {
        ExprKind::Call(inner, _)
        | ExprKind::Binary(_, inner, _)
        | ExprKind::Cast(inner, _)
        | ExprKind::Assign(_, inner, _)
        | ExprKind::Field(inner, _)
        | ExprKind::Try(inner) => left_most_sub_expr(inner),
        _ => expr,
    }
}

fn expr_requires_semi_to_be_stmt(expr: &Expr<'_>) -> bool {
    !matches!(expr.kind, ExprKind::If { .. } | ExprKind::Match(..) | ExprKind::Block(_))
}
