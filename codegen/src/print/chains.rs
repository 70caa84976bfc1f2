//! Method chains (`a.b()?.c(x)`), laid out as rustfmt lays them out: on
//! one line, or one link per line below the root, the last of which may
//! overflow. The functions follow rustfmt's of the same names in its
//! `chains.rs`.

use std::borrow::Cow;

use super::Printer;
use super::shape::{
    CHAIN_WIDTH, Shape, TAB_SPACES, cat, first_line_width, last_line_extendable, last_line_width, str_width,
    trimmed_last_line_width, wrap_str,
};
use super::syntax::{Expr, ExprKind, GenericArg};

/// One link of a method chain, with the `?`s after it.
struct ChainItem<'b, 'a> {
    kind: ChainKind<'b, 'a>,
    tries: usize,
}

enum ChainKind<'b, 'a> {
    Parent(&'b Expr<'a>),
    MethodCall { name: &'a str, turbofish: &'b [GenericArg<'a>], args: &'b [Expr<'a>] },
    Field(&'a str),
}

impl Printer<'_> {
    pub(super) fn chain(&self, expr: &Expr<'_>, shape: Shape) -> Option<String> {
        let mut items: Vec<ChainItem<'_, '_>> = Vec::new();
        let mut tries = 0;
        let mut node = expr;
        loop {
            match &node.kind {
                ExprKind::Try(inner) => {
                    tries += 1;
                    node = inner;
                }
                ExprKind::MethodCall { receiver, name, turbofish, args } => {
                    items.push(ChainItem { kind: ChainKind::MethodCall { name, turbofish, args }, tries });
                    tries = 0;
                    node = receiver;
                }
                ExprKind::Field(base, name) => {
                    items.push(ChainItem { kind: ChainKind::Field(name), tries });
                    tries = 0;
                    node = base;
                }
                _ => {
                    items.push(ChainItem { kind: ChainKind::Parent(node), tries });
                    break;
                }
            }
        }
        items.reverse();
        let (parent, children) = items.split_first()?;
        let child_count = children.len();
        if children.is_empty() {
            return self.chain_item(parent, shape);
        }
        // The root: the parent, and the children that follow it on its line
        // so that it does not float alone (`self.x` before `.y()`).
        let mut root = self.chain_item(parent, shape)?;
        let mut root_ends_with_block = match &parent.kind {
            ChainKind::Parent(expr) => is_block_expr(expr, &root),
            _ => false,
        };
        let tab_width = TAB_SPACES.saturating_sub(shape.offset);
        let mut children = children;
        while root.len() <= tab_width && !root.contains('\n') {
            let Some(item_shape) = shape.offset_left(root.len()) else { break };
            match self.chain_item(&children[0], item_shape) {
                Some(text) => root.push_str(&text),
                None => break,
            }
            root_ends_with_block = last_line_extendable(&root);
            children = &children[1..];
            if children.is_empty() {
                break;
            }
        }
        if children.is_empty() {
            return wrap_str(root, shape);
        }
        let child_shape =
            if root_ends_with_block { shape.block_indent(0) } else { shape.block_indent(TAB_SPACES) }.with_max_width();
        let mut rewrites = vec![root];
        for child in &children[..children.len() - 1] {
            rewrites.push(self.chain_item(child, child_shape)?);
        }
        let (last_text, fits_single_line) =
            self.chain_last_child(&rewrites, children.last()?, child_count, shape, child_shape)?;
        rewrites.push(last_text);
        let connector = if fits_single_line {
            Cow::Borrowed("")
        } else {
            if self.force_one_line_chain.get() {
                return None;
            }
            child_shape.newline()
        };
        let mut result = String::new();
        for (index, rewrite) in rewrites.iter().enumerate() {
            if index > 0 {
                result.push_str(&connector);
            }
            result.push_str(rewrite);
        }
        wrap_str(result, shape)
    }

    /// The last child of a chain, which may overflow (its arguments on lines
    /// of their own) when the rest fits on one line; and whether the whole
    /// chain is on one line.
    fn chain_last_child(
        &self,
        rewrites: &[String],
        last: &ChainItem<'_, '_>,
        child_count: usize,
        shape: Shape,
        child_shape: Shape,
    ) -> Option<(String, bool)> {
        let extendable = last_line_extendable(&rewrites[0]);
        let almost_total = if extendable {
            last_line_width(&rewrites[0])
        } else {
            rewrites.iter().map(|rewrite| str_width(rewrite)).sum()
        } + last.tries;
        let one_line_budget =
            if child_count == 1 { shape.width } else { shape.width.min(CHAIN_WIDTH) }.saturating_sub(almost_total);
        let all_in_one_line = rewrites.iter().all(|rewrite| !rewrite.contains('\n')) && one_line_budget > 0;
        let last_shape = if all_in_one_line {
            shape.sub_width(last.tries)?
        } else if extendable {
            child_shape.sub_width(last.tries)?
        } else {
            child_shape.sub_width(shape.rhs_overhead() + last.tries)?
        };
        let mut fits_single_line = false;
        let mut last_text = None;
        if (all_in_one_line || extendable)
            && let Some(one_line_shape) = last_shape.offset_left(almost_total)
            && let Some(text) = self.chain_item(last, one_line_shape)
        {
            let line_count = text.split('\n').count();
            let could_fit_single_line = first_line_width(&text) <= one_line_budget;
            if could_fit_single_line && line_count >= 5 {
                fits_single_line = all_in_one_line;
                last_text = Some(text);
            } else {
                // Overflowing or not: whichever takes fewer lines.
                let next_shape = child_shape.sub_width(shape.rhs_overhead() + last.tries)?;
                match self.chain_item(last, next_shape) {
                    Some(new) if !could_fit_single_line => last_text = Some(new),
                    Some(new) if new.split('\n').count() >= line_count => {
                        fits_single_line = could_fit_single_line && all_in_one_line;
                        last_text = Some(text);
                    }
                    Some(new) => last_text = Some(new),
                    None => {
                        fits_single_line = could_fit_single_line && all_in_one_line;
                        last_text = Some(text);
                    }
                }
            }
        }
        let last_text = match last_text {
            Some(text) => text,
            None => self.chain_item(last, last_shape)?,
        };
        Some((last_text, fits_single_line))
    }

    fn chain_item(&self, item: &ChainItem<'_, '_>, shape: Shape) -> Option<String> {
        let shape = shape.sub_width(item.tries)?;
        let mut text = match &item.kind {
            ChainKind::Parent(expr) => self.expr(expr, shape)?,
            ChainKind::MethodCall { name, turbofish, args } => {
                let mut callee = cat(&[".", name]);
                if !turbofish.is_empty() {
                    let types: Option<Vec<String>> = turbofish.iter().map(|arg| self.generic_arg(arg, shape)).collect();
                    callee.push_str("::<");
                    callee.push_str(&types?.join(", "));
                    callee.push('>');
                }
                self.call(&callee, args, shape)?
            }
            ChainKind::Field(name) => cat(&[".", name]),
        };
        for _ in 0..item.tries {
            text.push('?');
        }
        Some(text)
    }
}

/// Whether an expression ends in a block, for a chain whose parent it is.
fn is_block_expr(expr: &Expr<'_>, text: &str) -> bool {
    match &expr.kind {
        ExprKind::Call(..)
        | ExprKind::MethodCall { .. }
        | ExprKind::Array(_)
        | ExprKind::Struct { .. }
        | ExprKind::If { .. }
        | ExprKind::Block(_)
        | ExprKind::Match(..) => text.contains('\n'),
        ExprKind::Paren(inner) | ExprKind::Binary(_, _, inner) | ExprKind::Unary(_, inner) | ExprKind::Try(inner) => {
            is_block_expr(inner, text)
        }
        ExprKind::Closure { body, .. } => is_block_expr(body, text),
        ExprKind::Lit(_) => text.contains('\n') && trimmed_last_line_width(text) <= TAB_SPACES,
        _ => false,
    }
}
