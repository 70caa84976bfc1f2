//! Match expressions and their arms, laid out as rustfmt lays them out:
//! where an arm's pattern and guard break, and whether its body stays on
//! the arm's line or moves into a block on the next lines. The functions
//! follow rustfmt's of the same names in its `matches.rs`.

use std::borrow::Cow;

#[cfg(test)]
use super::check_flat;
use super::expr::{ExprType, prefer_next_line, semicolon_for_expr};
use super::lists::{ListFormat, Separator, write_list};
use super::shape::{
    Shape, TAB_SPACES, budget, cat, extra_offset, first_line_width, last_line_extendable, str_width,
    trimmed_last_line_width,
};
use super::syntax::{Arm, Expr, ExprKind, Stmt};
use super::{Printer, flat};

impl Printer<'_> {
    pub(super) fn match_expr(&self, scrutinee: &Expr<'_>, arms: &[Arm<'_>], shape: Shape) -> Option<String> {
        // 6 = `match `
        let cond_shape = Shape { width: budget(shape.used_width()), ..shape }.offset_left(6)?;
        let cond = self.expr(scrutinee, cond_shape)?;
        let block_separator = if last_line_extendable(&cond) {
            Cow::Borrowed(" ")
        } else if cond.contains('\n') || cond.len() + 2 > cond_shape.width {
            shape.indent.newline()
        } else {
            Cow::Borrowed(" ")
        };
        if arms.is_empty() {
            return Some(cat(&["match ", &cond, " {}"]));
        }
        let arm_shape = shape.block_indent(TAB_SPACES).with_max_width();
        let arms: Vec<Option<String>> = arms.iter().map(|arm| self.match_arm(arm, arm_shape)).collect();
        let arms = write_list(&arms, &ListFormat::new(arm_shape).separator(Separator::Nothing))?;
        Some(format!(
            "match {cond}{block_separator}{{\n{}{arms}\n{}}}",
            shape.indent.block_indent().spaces(),
            shape.indent.spaces()
        ))
    }

    fn match_arm(&self, arm: &Arm<'_>, shape: Shape) -> Option<String> {
        // The fast path: `pat => body,` on one line, written in one buffer.
        // 5 = ` => {`
        if arm.guard.is_none()
            && !matches!(arm.body.kind, ExprKind::Block(_) | ExprKind::Return(_))
            && shape.sub_width(5).is_some_and(|pat_shape| self.pat_stays_flat(&arm.pat, pat_shape))
        {
            let mut result = String::with_capacity(shape.width);
            flat::write_pat(&arm.pat, &mut result);
            // 4 = ` => `, 1 = `,`
            let body_shape = shape.offset_left(result.len() + 4).and_then(|shape| shape.sub_width(1));
            // A flat string literal may run past the line: then the body
            // moves.
            if let Some(body_shape) = body_shape
                && self.expr_stays_flat(&arm.body, body_shape)
                && flat::width_of(arm.body.width) <= body_shape.width
            {
                result.push_str(" => ");
                flat::write_expr(&arm.body, &mut result);
                result.push(',');
                #[cfg(test)]
                check_flat(&result, self.match_arm_full(arm, shape));
                return Some(result);
            }
        }
        self.match_arm_full(arm, shape)
    }

    /// [`Printer::match_arm`] by rustfmt's rules.
    fn match_arm_full(&self, arm: &Arm<'_>, shape: Shape) -> Option<String> {
        // 5 = ` => {`
        let pat = self.pat(&arm.pat, shape.sub_width(5)?)?;
        let guard = match &arm.guard {
            Some(guard) => self.guard(
                guard,
                shape,
                trimmed_last_line_width(&pat),
                pat.contains('\n') && trimmed_last_line_width(&pat) > TAB_SPACES,
            )?,
            None => String::new(),
        };
        let has_guard = !guard.is_empty();
        let pats = if guard.is_empty() { pat } else { cat(&[&pat, &guard]) };
        self.match_body(&arm.body, &pats, shape, has_guard && guard.contains('\n'))
    }

    fn guard(&self, guard: &Expr<'_>, shape: Shape, pattern_width: usize, multiline_pattern: bool) -> Option<String> {
        // 4 = ` if `, 5 = ` => {`
        if !multiline_pattern
            && let Some(cond_shape) = shape.offset_left(pattern_width + 4).and_then(|shape| shape.sub_width(5))
            && let Some(cond) = self.expr(guard, cond_shape)
            && (!cond.contains('\n') || pattern_width <= TAB_SPACES)
        {
            return Some(cat(&[" if ", &cond]));
        }
        // 3 = `if `
        let cond_shape = Shape::indented(shape.indent.block_indent()).offset_left(3)?.sub_width(5)?;
        let cond = self.expr(guard, cond_shape)?;
        Some(cat(&[&cond_shape.indent.newline(), "if ", &cond]))
    }

    fn match_body(&self, body: &Expr<'_>, pats: &str, shape: Shape, has_guard: bool) -> Option<String> {
        let (extend, body) = self.flatten_arm_body(body, shape.offset_left(extra_offset(pats, shape) + 4));
        let (is_block, is_empty_block) = match &body.kind {
            ExprKind::Block(block) => (true, block.stmts.is_empty()),
            _ => (false, false),
        };
        // A block arm has no comma (rustfmt's `match_block_trailing_comma`).
        let comma = if is_block { "" } else { "," };
        let combine_orig = |body: &str| cat(&[pats, " => ", body, comma]);
        let next_line_indent = if !is_block || is_empty_block { shape.indent.block_indent() } else { shape.indent };
        let forbid_same_line = has_guard && pats.contains('\n') && !is_empty_block;
        let next_line_block = |text: &str| {
            if is_block {
                return cat(&[pats, " =>", &next_line_indent.newline(), text, comma]);
            }
            let semicolon = if semicolon_for_expr(body) { ";" } else { "" };
            let separator = if forbid_same_line { shape.indent.newline() + "{" } else { Cow::Borrowed(" {") };
            cat(&[pats, " =>", &separator, &next_line_indent.newline(), text, semicolon, &shape.indent.newline(), "}"])
        };
        // 4 = ` => `
        let orig_shape =
            shape.offset_left(extra_offset(pats, shape) + 4).and_then(|shape| shape.sub_width(comma.len()));
        let orig = if forbid_same_line {
            None
        } else if let Some(body_shape) = orig_shape {
            let rewrite = self
                .format_expr(body, ExprType::Statement, body_shape)
                .map(|text| nop_block_collapse(text, body_shape.width));
            match rewrite {
                Some(text) if is_block || (!text.contains('\n') && str_width(&text) <= body_shape.width) => {
                    return Some(combine_orig(&text));
                }
                other => other,
            }
        } else {
            None
        };
        let orig_budget = orig_shape.map_or(0, |shape| shape.width);
        let next_shape = Shape::indented(next_line_indent);
        let next = self
            .format_expr(body, ExprType::Statement, next_shape)
            .map(|text| nop_block_collapse(text, next_shape.width));
        match (orig, next) {
            (Some(orig), Some(next)) if prefer_next_line(&orig, &next) => Some(next_line_block(&next)),
            (Some(orig), _) if extend && first_line_width(&orig) <= orig_budget => Some(combine_orig(&orig)),
            (Some(orig), Some(next)) if orig.contains('\n') => Some(next_line_block(&next)),
            (None, Some(next)) => Some(next_line_block(&next)),
            (None, None) => None,
            (Some(orig), _) => Some(combine_orig(&orig)),
        }
    }

    /// The body an arm is written with: a block of one expression is
    /// written as that expression. And whether it may start on the arm's
    /// line.
    fn flatten_arm_body<'b, 'a>(&self, body: &'b Expr<'a>, shape: Option<Shape>) -> (bool, &'b Expr<'a>) {
        if let ExprKind::Block(block) = &body.kind
            && let [Stmt::Expr(inner)] = block.stmts
        {
            if let ExprKind::Block(_) = inner.kind {
                return self.flatten_arm_body(inner, None);
            }
            let cond_multiline =
                shape.and_then(|shape| self.rewrite_cond(inner, shape)).is_some_and(|cond| cond.contains('\n'));
            if cond_multiline {
                return (false, body);
            }
            return (can_flatten_block_around_this(inner), inner);
        }
        (can_flatten_block_around_this(body), body)
    }
}

/// Whether a match arm's body may start on the arm's line.
fn can_flatten_block_around_this(body: &Expr<'_>) -> bool {
    // Not an `if`: `pat => if cond { … }` reads too much like a guard.
    match &body.kind {
        ExprKind::Match(..)
        | ExprKind::Block(_)
        | ExprKind::Closure { .. }
        | ExprKind::Array(_)
        | ExprKind::Call(..)
        | ExprKind::MethodCall { .. }
        | ExprKind::Struct { .. }
        | ExprKind::Tuple(_) => true,
        ExprKind::AddrOf { expr, .. } | ExprKind::Try(expr) | ExprKind::Unary(_, expr) | ExprKind::Cast(expr, _) => {
            can_flatten_block_around_this(expr)
        }
        _ => false,
    }
}

/// `{}` for a block of whitespace.
fn nop_block_collapse(text: String, budget: usize) -> String {
    if text.starts_with('{') && budget >= 2 && text[1..].find(|ch: char| !ch.is_whitespace()) == Some(text.len() - 2) {
        "{}".to_owned()
    } else {
        text
    }
}
