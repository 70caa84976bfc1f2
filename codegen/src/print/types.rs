//! Paths, generic arguments and parameters, trait bounds and types, laid
//! out as rustfmt lays them out. The functions follow rustfmt's of the same
//! names in its `types.rs`.

#[cfg(test)]
use super::check_flat;
use super::lists::{ListFormat, ListTactic, Separator, Tactic, Trailing, definitive_tactic, write_list};
use super::overflow::{self, Item};
use super::shape::{
    FN_CALL_WIDTH, Shape, TAB_SPACES, cat, extra_offset, first_line_width, last_line_extendable, last_line_width,
};
use super::syntax::{GenericArg, GenericArgs, GenericParam, Path, Ty, TyKind};
use super::{Printer, flat};

/// How a path's generic arguments are written: `Vec<u8>` in a type,
/// `Vec::<u8>` in an expression or pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PathContext {
    Expr,
    Type,
}

impl Printer<'_> {
    pub(super) fn path(&self, path: &Path<'_>, context: PathContext, shape: Shape) -> Option<String> {
        if let Some(text) = path.text {
            // Paths do not break: they fit, or the rewrite fails.
            return (text.len() <= shape.width).then(|| text.to_owned());
        }
        let mut result = String::with_capacity(32);
        if path.global {
            result.push_str("::");
        }
        let shape = shape.visual_indent(0);
        for (index, segment) in path.segments.iter().enumerate() {
            if index > 0 {
                result.push_str("::");
            }
            let shape = shape.shrink_left(extra_offset(&result, shape))?;
            result.push_str(segment.ident);
            let shape = shape.offset_left(segment.ident.len())?;
            if let Some(args) = &segment.args {
                let args_text = self.generic_args(args, shape)?;
                if context == PathContext::Expr && matches!(args, GenericArgs::Angle(args) if !args.is_empty()) {
                    result.push_str("::");
                }
                result.push_str(&args_text);
            }
        }
        Some(result)
    }

    fn generic_args(&self, args: &GenericArgs<'_>, shape: Shape) -> Option<String> {
        match args {
            GenericArgs::Angle([]) => Some(String::new()),
            GenericArgs::Angle(args) => {
                let items: Vec<Item<'_, '_>> = args.iter().map(Item::GenericArg).collect();
                overflow::with_angle_brackets(self, "", &items, shape)
            }
            GenericArgs::Paren { inputs, output } => self.function_type(inputs, output.as_deref(), shape),
        }
    }

    /// `(A, B) -> C` after `Fn`.
    fn function_type(&self, inputs: &[Ty<'_>], output: Option<&Ty<'_>>, shape: Shape) -> Option<String> {
        // 4 = ` -> `
        let output = match output {
            Some(ty) => cat(&[" -> ", &self.ty(ty, shape.offset_left(4)?)?]),
            None => String::new(),
        };
        let list_shape = Shape::indented(shape.block().indent.block_indent());
        let items: Vec<Option<String>> = inputs.iter().map(|ty| self.ty(ty, list_shape)).collect();
        let tactic = if output.contains('\n') {
            Tactic::Vertical
        } else {
            // 2 = `,\n`
            definitive_tactic(
                &items,
                ListTactic::HorizontalVertical,
                Separator::Comma,
                shape.width.saturating_sub(2 + output.len()),
            )
        };
        let list = write_list(
            &items,
            &ListFormat::new(list_shape)
                .tactic(tactic)
                .trailing(Trailing::Vertical)
                .ends_with_newline(tactic != Tactic::Horizontal),
        )?;
        let args = if tactic == Tactic::Horizontal || inputs.is_empty() {
            cat(&["(", &list, ")"])
        } else {
            cat(&["(", &list_shape.indent.newline(), &list, &shape.block().indent.newline(), ")"])
        };
        if output.is_empty() || last_line_width(&args) + first_line_width(&output) <= shape.width {
            Some(cat(&[&args, &output]))
        } else {
            Some(cat(&[&args, "\n", &list_shape.indent.spaces(), output.trim_start()]))
        }
    }

    pub(super) fn generic_arg(&self, arg: &GenericArg<'_>, shape: Shape) -> Option<String> {
        match arg {
            GenericArg::Lifetime(lifetime) => Some(lifetime.to_string()),
            GenericArg::Type(ty) => self.ty(ty, shape),
            GenericArg::Binding(name, ty) => {
                let budget = shape.width.checked_sub(name.len() + 3)?;
                let ty = self.ty(ty, Shape::legacy(budget, shape.indent.plus(name.len() + 3)))?;
                Some(cat(&[name, " = ", &ty]))
            }
        }
    }

    pub(super) fn generic_param(&self, param: &GenericParam<'_>, shape: Shape) -> Option<String> {
        let mut result = param.name.to_string();
        if !param.bounds.is_empty() {
            result.push_str(": ");
            result.push_str(&self.join_bounds(param.bounds, shape, true)?);
        }
        Some(result)
    }

    /// `A + B`: on one line, or one bound per line when that does not fit.
    fn join_bounds(&self, bounds: &[Ty<'_>], shape: Shape, need_indent: bool) -> Option<String> {
        let joined = self.join_bounds_inner(bounds, shape, need_indent, false)?;
        let retry = if !joined.contains('\n') && joined.len() <= shape.width {
            false
        } else if bounds.len() > 1 {
            true
        } else {
            // One bound with a list of several items inside.
            match &bounds[0].kind {
                TyKind::Path(path) => {
                    path.segment_count > 1
                        || path.segments.first().is_some_and(
                            |segment| matches!(&segment.args, Some(GenericArgs::Angle(args)) if args.len() > 1),
                        )
                }
                _ => false,
            }
        };
        if retry { self.join_bounds_inner(bounds, shape, need_indent, true) } else { Some(joined) }
    }

    fn join_bounds_inner(
        &self,
        bounds: &[Ty<'_>],
        shape: Shape,
        need_indent: bool,
        force_newline: bool,
    ) -> Option<String> {
        let shape = if need_indent && force_newline { shape.block_indent(TAB_SPACES).with_max_width() } else { shape };
        let mut result = String::new();
        let mut previous_extendable = false;
        for (index, bound) in bounds.iter().enumerate() {
            let text = self.ty(bound, shape)?;
            if index > 0 {
                if force_newline && !previous_extendable {
                    result.push_str(&shape.indent.newline());
                } else {
                    result.push(' ');
                }
                result.push_str("+ ");
            }
            previous_extendable = match &bound.kind {
                TyKind::Lifetime(_) => true,
                _ => last_line_extendable(&text),
            };
            result.push_str(&text);
        }
        Some(result)
    }

    pub(super) fn ty(&self, ty: &Ty<'_>, shape: Shape) -> Option<String> {
        if self.ty_stays_flat(ty, shape) {
            let text = flat::flat(ty, ty.width, flat::write_ty);
            #[cfg(test)]
            check_flat(&text, self.ty_full(ty, shape));
            return Some(text);
        }
        self.ty_full(ty, shape)
    }

    fn ty_full(&self, ty: &Ty<'_>, shape: Shape) -> Option<String> {
        match &ty.kind {
            TyKind::Path(path) => self.path(path, PathContext::Type, shape),
            TyKind::Ref { lifetime, mutable, ty } => {
                let mut result = String::from("&");
                if let Some(lifetime) = lifetime {
                    result.push_str(lifetime);
                    result.push(' ');
                }
                if *mutable {
                    result.push_str("mut ");
                }
                let used = last_line_width(&result);
                let inner = self.ty(ty, Shape::legacy(shape.width.checked_sub(used)?, shape.indent.plus(used)))?;
                result.push_str(&inner);
                Some(result)
            }
            TyKind::Tuple(items) => {
                let items: Vec<Item<'_, '_>> = items.iter().map(Item::Ty).collect();
                let force = (items.len() == 1).then_some(Trailing::Always);
                overflow::with_parens(self, "", &items, shape, FN_CALL_WIDTH, force)
            }
            TyKind::Slice(inner) => {
                let inner = self.ty(inner, Shape::legacy(shape.width.checked_sub(4)?, shape.indent.plus(1)))?;
                Some(cat(&["[", &inner, "]"]))
            }
            // The bounds are measured from where `impl` starts: rustfmt's.
            TyKind::ImplTrait(bounds) => Some(cat(&["impl ", &self.join_bounds(bounds, shape, false)?])),
            TyKind::DynTrait(bounds) => Some(cat(&["dyn ", &self.join_bounds(bounds, shape.offset_left(4)?, true)?])),
            TyKind::Lifetime(lifetime) => Some(lifetime.to_string()),
            TyKind::Maybe(inner) => Some(cat(&["?", &self.ty(inner, shape.offset_left(1)?)?])),
            TyKind::Infer => (shape.width >= 1).then(|| "_".to_owned()),
            TyKind::Never => Some("!".to_owned()),
        }
    }
}
