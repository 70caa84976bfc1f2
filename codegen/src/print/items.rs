//! Items (modules, structs, enums, impls, functions, type aliases,
//! constants) and their attributes, laid out as rustfmt's `items.rs`,
//! `attr.rs` and `visitor.rs` lay them out.

use super::lists::{ListFormat, ListTactic, Separator, Tactic, Trailing, definitive_tactic, write_list};
use super::overflow::{self, Item as ListItem};
use super::shape::{
    ATTR_FN_LIKE_WIDTH, FN_CALL_WIDTH, Indent, MAX_WIDTH, Shape, budget, cat, first_line_width, last_line_used_width,
    last_line_width, str_width, trimmed_last_line_width,
};
use super::syntax::{Attr, FieldDef, FnItem, GenericParam, Item, ItemKind, Meta, Param, Span, StructBody, Ty, Variant};
use super::{Printer, flat};

impl Printer<'_> {
    /// Writes `item`, whose first line starts where `out` ends (already
    /// indented), at `indent`.
    pub(super) fn item(&self, item: &Item<'_>, indent: Indent, out: &mut String) {
        if let ItemKind::Verbatim(span) = &item.kind {
            out.push_str(&self.verbatim(span.start, span.end));
            return;
        }
        let shape = Shape::indented(indent);
        if !item.attrs.is_empty() {
            self.attrs(item.attrs, shape, out);
            out.push_str(&indent.newline());
        }
        // rustfmt leaves an item it cannot lay out as it was written: here,
        // token by token. Its attributes, a function's body and an enum's
        // header are laid out on their own.
        let as_written = || self.verbatim(item.after_attrs, item.span.end);
        let vis = item.vis;
        let text = match &item.kind {
            ItemKind::Mod { name, body } => {
                out.push_str(vis);
                out.push_str("mod ");
                out.push_str(name);
                self.item_body(*body, indent, out);
                return;
            }
            ItemKind::Fn(function) => {
                self.fn_item(vis, function, item, indent, out);
                return;
            }
            ItemKind::Enum { name, generics, variants, body } => {
                let mut header = cat(&[vis, "enum ", name]);
                match self.generics_and_brace(generics, variants.is_empty(), indent, last_line_width(&header)) {
                    Some(generics) => header.push_str(&generics),
                    None => {
                        out.push_str(&as_written());
                        return;
                    }
                }
                out.push_str(&header);
                if variants.is_empty() {
                    out.push('}');
                } else {
                    match self.variants(variants, indent) {
                        Some(variants) => out.push_str(&variants),
                        // As written, from the next line on.
                        None => {
                            out.push_str(&indent.block_indent().newline());
                            out.push_str(&self.verbatim(body.start + 1, body.end));
                        }
                    }
                }
                return;
            }
            ItemKind::Impl { generics, trait_, self_ty, body } => {
                match self.impl_header(vis, generics, trait_.as_ref(), self_ty, indent) {
                    Some(header) => self.impl_body(&header, *body, indent, out),
                    None => out.push_str(&as_written()),
                }
                return;
            }
            ItemKind::Struct { name, generics, body } => self.struct_item(vis, name, generics, body, indent),
            ItemKind::TypeAlias { name, generics, ty } => self.type_alias(vis, name, generics, ty, indent),
            ItemKind::Const { keyword, name, ty, value } => {
                self.const_item(vis, keyword, name, ty, value.as_ref(), indent)
            }
            ItemKind::Verbatim(_) => None,
        };
        out.push_str(&text.unwrap_or_else(as_written));
    }

    /// After an impl's `header`: ` {`, the items one level deeper, `}`.
    fn impl_body(&self, header: &str, body: Span, indent: Indent, out: &mut String) {
        out.push_str(header);
        if body.start == body.end && !header.contains('\n') && header.len() <= MAX_WIDTH {
            out.push_str(" {}");
            return;
        }
        if header.contains('\n') {
            out.push_str(&indent.newline());
            out.push('{');
        } else {
            out.push_str(" {");
        }
        self.items_in_braces(body, indent, out);
    }

    /// ` {}`, or ` {`, the items one level deeper, `}`.
    fn item_body(&self, body: Span, indent: Indent, out: &mut String) {
        if body.start == body.end {
            out.push_str(" {}");
        } else {
            out.push_str(" {");
            self.items_in_braces(body, indent, out);
        }
    }

    /// The items of a block whose braces are at `indent`, and the closing
    /// brace.
    fn items_in_braces(&self, body: Span, indent: Indent, out: &mut String) {
        let inner = indent.block_indent();
        self.each_item(body, |item| {
            out.push_str(&inner.newline());
            self.item(item, inner, out);
        });
        out.push_str(&indent.newline());
        out.push('}');
    }

    // Attributes.

    /// Attributes on lines of their own: doc comments, `#[derive(…)]` and
    /// the others; written after `result`.
    pub(super) fn attrs(&self, attrs: &[Attr<'_>], shape: Shape, result: &mut String) {
        for (index, attr) in attrs.iter().enumerate() {
            if index > 0 {
                result.push_str(&shape.indent.newline());
            }
            match attr {
                Attr::Doc { inner, text } => {
                    let prefix = if *inner { "//!" } else { "///" };
                    for (line_index, line) in text.split('\n').enumerate() {
                        if line_index > 0 {
                            result.push_str(&shape.indent.newline());
                        }
                        result.push_str(prefix);
                        // rustfmt trims a comment line's trailing whitespace,
                        // but for two spaces (Markdown's line break).
                        result.push_str(if line.ends_with("  ") { line } else { line.trim_end() });
                    }
                }
                Attr::Meta { inner, meta: Meta::List(name, items) } if *name == "derive" && !*inner => {
                    derive(items, shape, result);
                }
                Attr::Meta { inner, meta } => {
                    let prefix = if *inner { "#!" } else { "#" };
                    // 1 = `[`
                    let text = shape.offset_left(prefix.len() + 1).and_then(|shape| self.meta(meta, shape));
                    match text {
                        Some(text) => {
                            result.push_str(prefix);
                            result.push('[');
                            result.push_str(&text);
                            result.push(']');
                        }
                        // rustfmt leaves an attribute it cannot lay out as
                        // it was written.
                        None => {
                            result.push_str(prefix);
                            result.push('[');
                            meta_flat(meta, result);
                            result.push(']');
                        }
                    }
                }
            }
        }
    }
}

/// `#[derive(A, B)]`, or one derive per line when they do not fit;
/// written after `out`.
fn derive(items: &[Meta<'_>], shape: Shape, out: &mut String) {
    // Most derive lists are paths that fit on the line: written as they
    // are, in place.
    let (argument_shape, one_line_budget) = derive_shapes(shape);
    let one_line_width = items
        .iter()
        .map(|item| if let Meta::Word(path) = item { path.len() + 2 } else { MAX_WIDTH })
        .sum::<usize>()
        .saturating_sub(2);
    if one_line_width <= one_line_budget && one_line_width <= argument_shape.width {
        #[cfg(test)]
        let start = out.len();
        out.push_str("#[derive(");
        for (index, item) in items.iter().enumerate() {
            if index > 0 {
                out.push_str(", ");
            }
            meta_flat(item, out);
        }
        out.push_str(")]");
        #[cfg(test)]
        super::check_flat(&out[start..], Some(derive_list(items, shape)));
        return;
    }
    out.push_str(&derive_list(items, shape));
}

/// Where a derive's paths go when they are one per line, and how wide they
/// may be on the attribute's line.
fn derive_shapes(shape: Shape) -> (Shape, usize) {
    let argument_shape = shape.block_indent(super::shape::TAB_SPACES).with_max_width();
    // 11 = `#[derive()]`, 3 = `()]`
    let one_line_budget = shape.offset_left(11).and_then(|shape| shape.sub_width(3)).map_or(0, |shape| shape.width);
    (argument_shape, one_line_budget)
}

/// [`derive`] by rustfmt's rules.
fn derive_list(items: &[Meta<'_>], shape: Shape) -> String {
    let texts: Vec<Option<String>> = items
        .iter()
        .map(|item| match item {
            Meta::Word(path) => Some((*path).to_owned()),
            other => {
                let mut text = String::new();
                meta_flat(other, &mut text);
                Some(text)
            }
        })
        .collect();
    let (argument_shape, one_line_budget) = derive_shapes(shape);
    let tactic = definitive_tactic(&texts, ListTactic::HorizontalVertical, Separator::Comma, argument_shape.width);
    let format = ListFormat::new(argument_shape).tactic(tactic).trailing(Trailing::Always).ends_with_newline(false);
    let items = write_list(&texts, &format).unwrap_or_default();
    let nested = items.contains('\n') || items.len() > one_line_budget;
    if nested {
        cat(&["#[derive(", &argument_shape.indent.newline(), &items, &shape.indent.newline(), ")]"])
    } else {
        cat(&["#[derive(", items.strip_suffix(',').unwrap_or(&items), ")]"])
    }
}

impl Printer<'_> {
    pub(super) fn meta(&self, meta: &Meta<'_>, shape: Shape) -> Option<String> {
        match meta {
            Meta::Word(path) => (path.len() <= shape.width).then(|| (*path).to_owned()),
            Meta::NameValue(path, value) => Some(cat(&[path, " = ", value])),
            Meta::List(path, items) => {
                let items: Vec<ListItem<'_, '_>> = items.iter().map(ListItem::Meta).collect();
                // 1 = `]`
                overflow::with_parens(
                    self,
                    path,
                    &items,
                    shape.sub_width(1)?,
                    ATTR_FN_LIKE_WIDTH,
                    Some(Trailing::Never),
                )
            }
            Meta::Lit(text) => Some((*text).to_owned()),
        }
    }

    // Functions.

    fn fn_item(&self, vis: &str, function: &FnItem<'_>, item: &Item<'_>, indent: Indent, out: &mut String) {
        match self.fn_signature(vis, function, indent) {
            Some((signature, force_newline_brace)) => {
                if function.body.stmts.is_empty()
                    && !signature.contains('\n')
                    && indent.width() + signature.len() + 3 <= MAX_WIDTH
                {
                    out.push_str(&signature);
                    out.push_str(" {}");
                    return;
                }
                // 2 = ` {`
                let next_line = force_newline_brace || last_line_width(&signature) + 2 > Shape::indented(indent).width;
                out.push_str(&signature);
                if next_line {
                    out.push_str(&indent.newline());
                    out.push('{');
                } else {
                    out.push_str(" {");
                }
            }
            // rustfmt leaves a signature it cannot lay out as it was
            // written, and lays out the body.
            None => {
                out.push_str(&self.verbatim(item.after_attrs, function.body_open));
                out.push('{');
            }
        }
        if function.body.stmts.is_empty() {
            out.push('}');
            return;
        }
        self.stmts(&function.body, indent, out);
        out.push_str(&indent.newline());
        out.push('}');
    }

    /// `pub fn name<G>(params) -> Ret`, and whether the `{` must go on the
    /// next line.
    fn fn_signature(&self, vis: &str, function: &FnItem<'_>, indent: Indent) -> Option<(String, bool)> {
        if let Some(signature) = self.flat_fn_signature(vis, function, indent) {
            #[cfg(test)]
            super::check_flat(&signature, self.fn_signature_full(vis, function, indent).map(|(full, _)| full));
            return Some((signature, false));
        }
        self.fn_signature_full(vis, function, indent)
    }

    /// The fast path of [`Printer::fn_signature`]: a signature without
    /// generic parameters whose parameters and return type stay on one line,
    /// written in one buffer from the widths the parser measured. `None`
    /// where rustfmt's rules would lay it out otherwise, or might.
    fn flat_fn_signature(&self, vis: &str, function: &FnItem<'_>, indent: Indent) -> Option<String> {
        if !function.generics.is_empty() {
            return None;
        }
        let mut result = String::with_capacity(MAX_WIDTH);
        result.push_str(vis);
        result.push_str("fn ");
        result.push_str(function.name);
        let ret_len = match &function.ret {
            // 3 = `-> `
            Some(ty) if self.ty_stays_flat(ty, Shape::indented(indent).offset_left(3)?) => 3 + flat::width_of(ty.width),
            Some(_) => return None,
            None => 0,
        };
        let (one_line_budget, multi_line_budget, param_indent) = params_budgets(&result, indent, ret_len, false);
        let param_shape = Shape::legacy(multi_line_budget, param_indent);
        let mut params_width = 2 * function.params.len().saturating_sub(1);
        for param in function.params {
            params_width += match param {
                Param::SelfParam(text) => text.len(),
                Param::Typed { pat, ty } => {
                    // 2 = `: `
                    let pat_width = flat::width_of(pat.width) + 2;
                    let ty_shape = Shape::legacy(multi_line_budget.checked_sub(pat_width)?, param_indent);
                    if !self.pat_stays_flat(pat, param_shape) || !self.ty_stays_flat(ty, ty_shape) {
                        return None;
                    }
                    pat_width + flat::width_of(ty.width)
                }
            };
        }
        // Past the budget, the parameters go one per line; without them, a
        // return type past the line goes on the next.
        if params_width > one_line_budget {
            return None;
        }
        // 2 = `()`
        let used = indent.width() + result.len() + 2 + params_width + ret_len;
        if function.params.is_empty() && used > MAX_WIDTH {
            return None;
        }
        // 2 = ` {`
        if !function.params.is_empty() && ret_len > 0 && used + 1 + 2 > MAX_WIDTH {
            return None;
        }
        let expected_len = result.len() + 2 + params_width + if ret_len > 0 { ret_len + 1 } else { 0 };
        result.push('(');
        for (index, param) in function.params.iter().enumerate() {
            if index > 0 {
                result.push_str(", ");
            }
            match param {
                Param::SelfParam(text) => result.push_str(text),
                Param::Typed { pat, ty } => {
                    flat::write_pat(pat, &mut result);
                    result.push_str(": ");
                    flat::write_ty(ty, &mut result);
                }
            }
        }
        result.push(')');
        if let Some(ty) = &function.ret {
            result.push_str(" -> ");
            flat::write_ty(ty, &mut result);
        }
        // The budgets above count bytes where rustfmt does, and display
        // widths where it does: they agree on ASCII text only.
        (result.len() == expected_len).then_some(result)
    }

    /// [`Printer::fn_signature`] by rustfmt's rules.
    fn fn_signature_full(&self, vis: &str, function: &FnItem<'_>, indent: Indent) -> Option<(String, bool)> {
        let mut force_newline_brace = false;
        let mut result = cat(&[vis, "fn "]);
        // 4 = `() {`
        let used_width = last_line_used_width(&result, indent.width());
        let shape = Shape { width: budget(used_width + 4), indent, offset: used_width };
        result.push_str(&self.generics(function.name, function.generics, shape)?);
        let ret = match &function.ret {
            Some(ty) => Some(self.ret_ty(ty, Shape::indented(indent))?),
            None => None,
        };
        let ret_text = ret.clone().unwrap_or_default();
        let multi_line_ret = ret_text.contains('\n');
        let ret_len = if multi_line_ret { 0 } else { ret_text.len() };
        let (one_line_budget, multi_line_budget, mut param_indent) =
            params_budgets(&result, indent, ret_len, multi_line_ret);
        result.push('(');
        let params = self.params(function, one_line_budget, multi_line_budget, indent, param_indent)?;
        let params_in_block = (params.contains('\n') || params.len() > one_line_budget) && !function.params.is_empty();
        if params_in_block {
            param_indent = indent.block_indent();
            result.push_str(&param_indent.newline());
            result.push_str(&params);
            result.push_str(&indent.newline());
            result.push(')');
        }
        // Without parameters, a return type that would overflow goes on the
        // next line, at the signature's indentation.
        let mut no_params_and_over_max_width = false;
        if !params_in_block {
            result.push_str(&params);
            let used = last_line_used_width(&result, indent.width()) + first_line_width(&ret_text);
            result.push(')');
            if function.params.is_empty() && used + 1 > MAX_WIDTH {
                result.push_str(&indent.newline());
                no_params_and_over_max_width = true;
            }
        }
        let _ = param_indent;
        if let Some(ty) = &function.ret {
            let ret_should_indent = if params_in_block || function.params.is_empty() {
                false
            } else if result.contains('\n') || multi_line_ret {
                true
            } else {
                // 1 = the space before `->`, 2 = ` {`
                result.len() + indent.width() + ret_len + 1 + 2 > MAX_WIDTH
            };
            let ret_shape = if ret_should_indent {
                let mut ret_shape = Shape::indented(indent);
                if params.is_empty() {
                    force_newline_brace = true;
                    ret_shape = ret_shape.offset_left(4).unwrap_or(ret_shape);
                }
                result.push_str(&ret_shape.indent.newline());
                ret_shape
            } else {
                if !no_params_and_over_max_width {
                    result.push(' ');
                }
                let ret_shape = Shape::indented(indent);
                ret_shape.offset_left(last_line_width(&result)).unwrap_or(ret_shape)
            };
            if multi_line_ret || ret_should_indent {
                result.push_str(&self.ret_ty(ty, ret_shape)?);
            } else {
                result.push_str(&ret_text);
            }
        }
        Some((result, force_newline_brace))
    }

    fn ret_ty(&self, ty: &Ty<'_>, shape: Shape) -> Option<String> {
        // 3 = `-> `
        Some(cat(&["-> ", &self.ty(ty, shape.offset_left(3)?)?]))
    }

    fn params(
        &self,
        function: &FnItem<'_>,
        one_line_budget: usize,
        multi_line_budget: usize,
        indent: Indent,
        param_indent: Indent,
    ) -> Option<String> {
        if function.params.is_empty() {
            return Some(String::new());
        }
        // A parameter that does not fit stays as it was written.
        let items: Vec<Option<String>> = function
            .params
            .iter()
            .zip(function.param_spans)
            .map(|(param, span)| {
                self.param(param, Shape::legacy(multi_line_budget, param_indent))
                    .or_else(|| Some(self.verbatim(span.start, span.end)))
            })
            .collect();
        let tactic = definitive_tactic(&items, ListTactic::HorizontalVertical, Separator::Comma, one_line_budget);
        let budget = if tactic == Tactic::Horizontal { one_line_budget } else { multi_line_budget };
        let format = ListFormat::new(Shape::legacy(budget, indent.block_indent()))
            .tactic(tactic)
            .trailing(Trailing::Vertical)
            .ends_with_newline(tactic != Tactic::Horizontal);
        write_list(&items, &format)
    }

    fn param(&self, param: &Param<'_>, shape: Shape) -> Option<String> {
        match param {
            Param::SelfParam(text) => Some((*text).to_owned()),
            Param::Typed { pat, ty } => {
                let mut result = self.pat(pat, Shape::legacy(shape.width, shape.indent))?;
                result.push_str(": ");
                let max_width = shape.width.checked_sub(last_line_width(&result))?;
                result.push_str(&self.ty(ty, Shape::legacy(max_width, shape.indent))?);
                Some(result)
            }
        }
    }

    /// `name<params>`, or `name` without them.
    fn generics(&self, name: &str, generics: &[GenericParam<'_>], shape: Shape) -> Option<String> {
        if generics.is_empty() {
            return Some(name.to_owned());
        }
        let items: Vec<ListItem<'_, '_>> = generics.iter().map(ListItem::GenericParam).collect();
        overflow::with_angle_brackets(self, name, &items, shape)
    }

    /// Generic parameters after a struct or enum name, and ` {`.
    fn generics_and_brace(
        &self,
        generics: &[GenericParam<'_>],
        empty_body: bool,
        indent: Indent,
        used_width: usize,
    ) -> Option<String> {
        let shape = Shape::legacy(budget(used_width + indent.width()), indent);
        let mut result = self.generics("", generics, shape)?;
        let total_used_width = last_line_used_width(&result, used_width);
        // 3 = ` {}`, 2 = ` {`
        let overhead = if empty_body { 3 } else { 2 };
        if overhead > budget(total_used_width) {
            result.push_str(&indent.block_only().newline());
        } else {
            result.push(' ');
        }
        result.push('{');
        Some(result)
    }

    // Impls.

    fn impl_header(
        &self,
        vis: &str,
        generics: &[GenericParam<'_>],
        trait_: Option<&Ty<'_>>,
        self_ty: &Ty<'_>,
        indent: Indent,
    ) -> Option<String> {
        let mut result = vis.to_owned();
        let shape = Shape::indented(indent.plus(last_line_width(&result)));
        result.push_str(&self.generics("impl", generics, shape)?);
        let trait_overhead = if let Some(trait_) = trait_ {
            // 1 = the space before the trait.
            let used = 1 + last_line_width(&result);
            match self.ty(trait_, Shape::indented(indent.plus(used))).filter(|text| !text.contains('\n')) {
                Some(text) => {
                    result.push(' ');
                    result.push_str(&text);
                }
                None => {
                    let offset = indent.block_indent();
                    let text = self.ty(trait_, Shape::indented(offset))?;
                    result.push_str(&offset.newline());
                    result.push_str(&text);
                }
            }
            // ` for`
            4
        } else {
            0
        };
        // 2 = ` {`, 1 = the space before the type.
        let used = last_line_width(&result) + trait_overhead + 2;
        let self_budget = budget(used + 1);
        if let Some(text) = self.ty(self_ty, Shape::legacy(self_budget, indent)).filter(|text| !text.contains('\n')) {
            result.push_str(if trait_.is_some() { " for " } else { " " });
            result.push_str(&text);
            return Some(result);
        }
        let offset = indent.block_indent();
        result.push_str(&offset.newline());
        if trait_.is_some() {
            result.push_str("for ");
        }
        let self_budget = budget(last_line_width(&result));
        result.push_str(&self.ty(self_ty, Shape::legacy(self_budget, offset))?);
        Some(result)
    }

    // Structs and enums.

    fn struct_item(
        &self,
        vis: &str,
        name: &str,
        generics: &[GenericParam<'_>],
        body: &StructBody<'_>,
        indent: Indent,
    ) -> Option<String> {
        let header = cat(&[vis, "struct ", name]);
        match body {
            StructBody::Unit => {
                let generics =
                    self.generics("", generics, Shape::legacy(budget(header.len() + indent.width()), indent))?;
                Some(cat(&[&header, &generics, ";"]))
            }
            StructBody::Tuple(fields) => Some(cat(&[&self.tuple_struct(header, generics, fields, indent)?, ";"])),
            StructBody::Named(fields) => {
                let mut result = header;
                let generics =
                    self.generics_and_brace(generics, fields.is_empty(), indent, last_line_width(&result))?;
                result.push_str(&generics);
                if fields.is_empty() {
                    result.push('}');
                    return Some(result);
                }
                let inner = indent.block_indent();
                let field_shape = Shape::indented(inner).sub_width(1)?;
                let items: Vec<Option<String>> =
                    fields.iter().map(|field| self.field_def(field, field_shape)).collect();
                let format = ListFormat::new(field_shape).tactic(Tactic::Vertical).trailing(Trailing::Always);
                let fields = write_list(&items, &format)?;
                result.push_str(&inner.newline());
                result.push_str(&fields);
                result.push_str(&indent.newline());
                result.push('}');
                Some(result)
            }
        }
    }

    /// `header(fields)`, for a tuple struct or an enum's tuple variant.
    fn tuple_struct(
        &self,
        mut header: String,
        generics: &[GenericParam<'_>],
        fields: &[FieldDef<'_>],
        indent: Indent,
    ) -> Option<String> {
        if !generics.is_empty() {
            let shape = Shape::legacy(budget(last_line_width(&header)), indent);
            header.push_str(&self.generics("", generics, shape)?);
        }
        if fields.is_empty() {
            return Some(cat(&[&header, "()"]));
        }
        let items: Vec<ListItem<'_, '_>> = fields.iter().map(ListItem::Field).collect();
        // 1 = `;`
        let shape = Shape::indented(indent).sub_width(1)?;
        overflow::with_parens(self, &header, &items, shape, FN_CALL_WIDTH, None)
    }

    /// A field of a struct or tuple: its attributes on lines of their own,
    /// then `pub name: Type`.
    pub(super) fn field_def(&self, field: &FieldDef<'_>, shape: Shape) -> Option<String> {
        // The fast path: a named field whose type stays on one line, written
        // in one buffer.
        if let Some(name) = field.name {
            // 2 = `: `
            let overhead = str_width(field.vis) + str_width(name) + 2;
            if let Some(ty_shape) = shape.offset_left(overhead)
                && self.ty_stays_flat(&field.ty, ty_shape)
            {
                let mut result = String::with_capacity(overhead + flat::width_of(field.ty.width));
                if !field.attrs.is_empty() {
                    self.attrs(field.attrs, shape, &mut result);
                    result.push_str(&shape.indent.newline());
                }
                result.push_str(field.vis);
                result.push_str(name);
                result.push_str(": ");
                flat::write_ty(&field.ty, &mut result);
                #[cfg(test)]
                super::check_flat(&result, self.field_def_full(field, shape));
                return Some(result);
            }
        }
        self.field_def_full(field, shape)
    }

    /// [`Printer::field_def`] by rustfmt's rules.
    fn field_def_full(&self, field: &FieldDef<'_>, shape: Shape) -> Option<String> {
        let prefix = match field.name {
            Some(name) => cat(&[field.vis, name, ":"]),
            None => field.vis.to_string(),
        };
        let mut attrs = String::new();
        self.attrs(field.attrs, shape, &mut attrs);
        let attr_prefix = if attrs.is_empty() {
            prefix.clone()
        } else if prefix.is_empty() {
            attrs.clone()
        } else {
            cat(&[&attrs, &shape.indent.newline(), &prefix])
        };
        let spacing = if field.name.is_some() { " " } else { "" };
        let overhead = trimmed_last_line_width(&attr_prefix);
        let ty = shape.offset_left(overhead + spacing.len()).and_then(|ty_shape| self.ty(&field.ty, ty_shape));
        if let Some(ty) = ty
            && !ty.contains('\n')
        {
            return Some(cat(&[&attr_prefix, spacing, &ty]));
        }
        let field_text = self.assign_rhs(&prefix, &field.ty, shape)?;
        let field_text = if prefix.is_empty() { field_text.trim_start().to_owned() } else { field_text };
        if attrs.is_empty() { Some(field_text) } else { Some(cat(&[&attrs, &shape.indent.newline(), &field_text])) }
    }

    /// An enum's variants one level deeper than `indent`, and its `}`.
    fn variants(&self, variants: &[Variant<'_>], indent: Indent) -> Option<String> {
        let inner = indent.block_indent();
        let items: Vec<Option<String>> = variants.iter().map(|variant| self.variant(variant, inner)).collect();
        let format = ListFormat::new(Shape::indented(inner).sub_width(2)?).trailing(Trailing::Vertical);
        let list = write_list(&items, &format)?;
        let mut result = inner.newline().into_owned();
        result.push_str(&list);
        result.push_str(&indent.newline());
        result.push('}');
        Some(result)
    }

    fn variant(&self, variant: &Variant<'_>, indent: Indent) -> Option<String> {
        let shape = Shape::indented(indent);
        let mut attrs = String::new();
        self.attrs(variant.attrs, shape, &mut attrs);
        let body = match &variant.body {
            StructBody::Unit => variant.name.to_owned(),
            StructBody::Tuple(fields) => self.tuple_struct(variant.name.to_owned(), &[], fields, indent)?,
            // Struct variants: not emitted.
            StructBody::Named(_) => return None,
        };
        if attrs.is_empty() { Some(body) } else { Some(cat(&[&attrs, &indent.newline(), &body])) }
    }

    // Type aliases and constants.

    fn type_alias(
        &self,
        vis: &str,
        name: &str,
        generics: &[GenericParam<'_>],
        ty: &Ty<'_>,
        indent: Indent,
    ) -> Option<String> {
        let mut result = cat(&[vis, "type "]);
        if generics.is_empty() {
            result.push_str(name);
            // The fast path: a type that stays on the line.
            // 3 = ` = `, 1 = `;`
            let rhs_shape =
                Shape::indented(indent).sub_width(1).and_then(|shape| shape.offset_left(str_width(&result) + 3));
            if rhs_shape.is_some_and(|shape| self.ty_stays_flat(ty, shape)) {
                result.push_str(" = ");
                flat::write_ty(ty, &mut result);
                result.push(';');
                #[cfg(test)]
                super::check_flat(&result, self.type_alias_full(vis, name, generics, ty, indent));
                return Some(result);
            }
        }
        self.type_alias_full(vis, name, generics, ty, indent)
    }

    /// [`Printer::type_alias`] by rustfmt's rules.
    fn type_alias_full(
        &self,
        vis: &str,
        name: &str,
        generics: &[GenericParam<'_>],
        ty: &Ty<'_>,
        indent: Indent,
    ) -> Option<String> {
        let mut result = cat(&[vis, "type "]);
        if generics.is_empty() {
            result.push_str(name);
        } else {
            // 2 = `= `
            let shape = Shape::indented(indent).offset_left(result.len())?.sub_width(2)?;
            result.push_str(&self.generics(name, generics, shape)?);
        }
        result.push_str(" =");
        // 1 = `;`
        let text = self.assign_rhs(&result, ty, Shape::indented(indent).sub_width(1)?)?;
        Some(text + ";")
    }

    fn const_item(
        &self,
        vis: &str,
        keyword: &str,
        name: &str,
        ty: &Ty<'_>,
        value: Option<&super::syntax::Expr<'_>>,
        indent: Indent,
    ) -> Option<String> {
        let mut prefix = cat(&[vis, keyword, " ", name, ": "]);
        // 2 = ` =`
        let ty_shape = Shape::indented(indent.block_only()).offset_left(prefix.len() + 2)?;
        let ty = match self.ty(ty, ty_shape) {
            Some(ty) => ty,
            // The type on the next line, one level deeper.
            None => {
                prefix.pop();
                let nested = indent.block_indent();
                cat(&[&nested.newline(), &self.ty(ty, Shape::indented(nested))?])
            }
        };
        let Some(value) = value else { return Some(cat(&[&prefix, &ty, ";"])) };
        let lhs = cat(&[&prefix, &ty, " ="]);
        // 1 = `;`
        let remaining = budget(indent.block + 1);
        let text = self.assign_rhs(&lhs, value, Shape::legacy(remaining, indent.block_only()))?;
        Some(if text.ends_with(';') { text } else { text + ";" })
    }
}

/// An attribute's contents on one line.
fn meta_flat(meta: &Meta<'_>, out: &mut String) {
    match meta {
        Meta::Word(path) => out.push_str(path),
        Meta::NameValue(path, value) => {
            out.push_str(path);
            out.push_str(" = ");
            out.push_str(value);
        }
        Meta::List(path, items) => {
            out.push_str(path);
            out.push('(');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                meta_flat(item, out);
            }
            out.push(')');
        }
        Meta::Lit(text) => out.push_str(text),
    }
}

/// The room for a function's parameters on the signature's line, on lines
/// of their own, and their indentation there.
fn params_budgets(result: &str, indent: Indent, ret_len: usize, force_vertical: bool) -> (usize, usize, Indent) {
    if !result.contains('\n') && !force_vertical {
        // 2 = `()`, 3 = `() `, 2 = `{}`
        let overhead = if ret_len == 0 { 2 } else { 3 };
        let used = indent.width() + result.len() + ret_len + overhead + 2;
        let one_line_budget = budget(used);
        if one_line_budget > 0 {
            let param_indent = indent.block_indent();
            return (one_line_budget, budget(param_indent.width() + 1), param_indent);
        }
    }
    let param_indent = indent.block_indent();
    (0, budget(param_indent.width() + 1), param_indent)
}
