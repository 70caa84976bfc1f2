//! An endpoint's `paging:`: the parameters it names are query parameters
//! of the right types, the response fields it names exist (as dotted paths
//! of JSON names through the response's types) with the types the runtime
//! reads, and the response has a list of items.

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::ir::{FieldPath, FieldStep, Paging, PagingStyle, Param, Response, Ty, TypeKind};
use crate::spec::{Located, PagingDef, PagingStyleDef};
use crate::validate::Checker;
use crate::vocabulary::Builtin;

impl Checker<'_> {
    /// `paging: page`, or `paging: { cursor: … | next_url: … | link_header:
    /// true | offset: …, items: … }`.
    pub(super) fn paging(&mut self, def: &PagingDef, query: &[Param], response: &Response) -> Option<Paging> {
        let (Response::Json(response) | Response::Enveloped(response)) = response else {
            self.error(
                Diagnostic::new(def.span, "a paged endpoint's response must be a JSON page")
                    .hint("answer with a list, an envelope with an `items` role, or a type with a list field"),
            );
            return None;
        };
        if let PagingStyleDef::Page(page) = &def.style {
            return self.page_number_paging(page, query, response);
        }
        let items = self.items(def, response);
        let style = match &def.style {
            PagingStyleDef::Page(_) => return None,
            PagingStyleDef::Cursor { param, from } => {
                let index = self.query_param(param, query, "the cursor")?;
                let from_path = self.field_path(from, response);
                let (from_path, from_ty) = from_path?;
                let param_ty = &query[index].ty;
                let cursor_ty =
                    matches!(param_ty, Ty::Builtin(builtin) if *builtin == Builtin::String || builtin.is_integer());
                if !cursor_ty {
                    self.error(
                        Diagnostic::new(
                            param.span,
                            format!("the cursor parameter `{}` must be a string or an integer", param.value),
                        )
                        .hint("give it `type: string`"),
                    );
                } else if strip(&from_ty) != param_ty {
                    self.error(
                        Diagnostic::new(
                            from.span,
                            format!(
                                "the cursor field `{}` has another type than the parameter `{}`",
                                from.value, param.value
                            ),
                        )
                        .hint("the field's value is sent as the parameter: give both the same type, such as `string`"),
                    );
                }
                PagingStyle::Cursor { param: index, from: from_path }
            }
            PagingStyleDef::NextUrl(field) => {
                let (from, ty) = self.field_path(field, response)?;
                if strip(&ty) != &Ty::Builtin(Builtin::String) {
                    self.error(
                        Diagnostic::new(
                            field.span,
                            format!("the next page's URL field `{}` must be a string", field.value),
                        )
                        .hint("give the field `type: string?`: absent or empty, the page is the last"),
                    );
                }
                PagingStyle::NextUrl { from }
            }
            PagingStyleDef::LinkHeader => PagingStyle::LinkHeader,
            PagingStyleDef::Offset { param, limit, total } => {
                let index = self.query_param(param, query, "the offset")?;
                self.numbered(param, &query[index], "offset", "the next offset is the default's sum with the items received when the caller sets none: `{ type: i32, default: 0 }`");
                let limit = limit.as_ref().and_then(|limit| {
                    let index = self.query_param(limit, query, "the limit")?;
                    if !matches!(query[index].ty, Ty::Builtin(builtin) if builtin.is_integer()) {
                        self.error(
                            Diagnostic::new(
                                limit.span,
                                format!("the limit parameter `{}` must be an integer", limit.value),
                            )
                            .hint("give it `type: i32`"),
                        );
                    }
                    Some(index)
                });
                let total = total.as_ref().and_then(|total| {
                    let (path, ty) = self.field_path(total, response)?;
                    if !matches!(strip(&ty), Ty::Builtin(builtin) if builtin.is_integer()) {
                        self.error(
                            Diagnostic::new(
                                total.span,
                                format!("the total field `{}` must be an integer", total.value),
                            )
                            .hint("give the field `type: i64` or `i64?`"),
                        );
                    }
                    Some(path)
                });
                PagingStyle::Offset { param: index, limit, total }
            }
        };
        let (items, item) = items?;
        Some(Paging { style, items, item })
    }

    /// `paging: page`: the query parameter that selects the page, whose
    /// response is an envelope with `items` and `has_next` roles.
    fn page_number_paging(&mut self, page: &Located<String>, query: &[Param], response: &Ty) -> Option<Paging> {
        let param = self.query_param(page, query, "the page")?;
        self.numbered(
            page,
            &query[param],
            "page",
            "the next page is the default's successor when the caller sets none: `{ type: i32, default: 1 }`",
        );
        let page_of = match response {
            Ty::Envelope(index, item) => match &self.ir_types[*index].kind {
                TypeKind::Envelope { fields, roles } => roles.items.zip(roles.has_next).map(|(items, has_next)| {
                    (
                        step(&fields[items].rust_name, &fields[items].json_name, &fields[items].ty),
                        fields[has_next].clone(),
                        (**item).clone(),
                    )
                }),
                _ => None,
            },
            _ => None,
        };
        let Some((items, has_next, item)) = page_of else {
            self.error(
                Diagnostic::new(page.span, "a paged endpoint's response must be a page: an envelope with `items` and `has_next` roles")
                    .hint("declare a page envelope, such as `ApiListResult: { fields: { Records: { type: list<T>, role: items }, HasNextPage: { type: bool?, role: has_next } } }`, and answer with `ApiListResult<Booking>`"),
            );
            return None;
        };
        // The `has_next` field is read whole (`bool` or `bool?`), absent
        // meaning no: its step is not an optional one to unwrap.
        let has_next =
            vec![FieldStep { json_name: has_next.json_name, rust_name: has_next.rust_name, optional: false }];
        Some(Paging { style: PagingStyle::Page { param, has_next }, items: vec![items], item })
    }

    /// The query parameter that `name` names.
    fn query_param(&mut self, name: &Located<String>, query: &[Param], what: &str) -> Option<usize> {
        let found = query.iter().position(|param| param.wire_name == name.value);
        if found.is_none() {
            let mut diagnostic = Diagnostic::new(
                name.span,
                format!("`paging` names `{}` as {what} parameter, and it is not a query parameter", name.value),
            );
            diagnostic = match did_you_mean(&name.value, query.iter().map(|param| param.wire_name.as_str())) {
                Some(suggestion) => diagnostic.hint(format!("did you mean `{suggestion}`?")),
                None => diagnostic.hint(format!("declare {what} parameter under `query:`")),
            };
            self.error(diagnostic);
        }
        found
    }

    /// A page number or offset: an integer, with a default when optional.
    fn numbered(&mut self, name: &Located<String>, param: &Param, what: &str, default_hint: &str) {
        if !matches!(param.ty, Ty::Builtin(builtin) if builtin.is_integer()) {
            self.error(
                Diagnostic::new(name.span, format!("the {what} parameter `{}` must be an integer", name.value))
                    .hint(format!("{what}s are numbers: give it `type: i32`")),
            );
        }
        if !param.required && param.default.is_none() {
            self.error(
                Diagnostic::new(name.span, format!("the {what} parameter `{}` needs a `default`", name.value))
                    .hint(default_hint.to_owned()),
            );
        }
    }

    /// Where a page's items are: `items: <field>`, the envelope's `items`
    /// role, or the response itself when it is a list; and their type.
    fn items(&mut self, def: &PagingDef, response: &Ty) -> Option<(FieldPath, Ty)> {
        let (path, ty, span) = if let Some(items) = &def.items {
            let (path, ty) = self.field_path(items, response)?;
            (path, ty, items.span)
        } else if let Ty::Envelope(index, payload) = response
            && let TypeKind::Envelope { fields, roles } = &self.ir_types[*index].kind
            && let Some(items) = roles.items
        {
            let field = &fields[items];
            (vec![step(&field.rust_name, &field.json_name, &field.ty)], field.ty.substituted(payload), def.span)
        } else {
            (Vec::new(), response.clone(), def.span)
        };
        match strip(&ty) {
            Ty::List(item) => Some((path, (**item).clone())),
            _ => {
                self.error(
                    Diagnostic::new(span, "a paged endpoint's items must be a list")
                        .hint("answer with `list<Repo>`, an envelope with a `role: items` field, or name the list field with `items: data`"),
                );
                None
            }
        }
    }

    /// `meta.next_cursor`: the fields, from the response, and the last
    /// one's type.
    fn field_path(&mut self, path: &Located<String>, response: &Ty) -> Option<(FieldPath, Ty)> {
        let mut steps = Vec::new();
        let mut ty = response.clone();
        for name in path.value.split('.') {
            let fields = self.fields_of(strip(&ty));
            let Some((fields, payload)) = fields else {
                self.error(
                    Diagnostic::new(path.span, format!("`{}` names a field inside a value that has no fields", path.value))
                        .hint("name fields of the response's type, and of their types, by their JSON names, as `meta.next_cursor`"),
                );
                return None;
            };
            let Some(field) = fields.iter().find(|field| field.json_name == name) else {
                let mut diagnostic =
                    Diagnostic::new(path.span, format!("the response has no field `{name}` for `{}`", path.value));
                diagnostic = match did_you_mean(name, fields.iter().map(|field| field.json_name.as_str())) {
                    Some(suggestion) => diagnostic.hint(format!("did you mean `{suggestion}`?")),
                    None => diagnostic
                        .hint("name fields by their JSON names, through nested types with dots: `meta.next_cursor`"),
                };
                self.error(diagnostic);
                return None;
            };
            steps.push(step(&field.rust_name, &field.json_name, &field.ty));
            ty = match &payload {
                Some(payload) => field.ty.substituted(payload),
                None => field.ty.clone(),
            };
        }
        Some((steps, ty))
    }

    /// The fields of a struct or an envelope, and the envelope's payload.
    fn fields_of(&self, ty: &Ty) -> Option<(Vec<crate::ir::Field>, Option<Ty>)> {
        match ty {
            Ty::Named(index) => match &self.ir_types[*index].kind {
                TypeKind::Struct(fields) => Some((fields.clone(), None)),
                TypeKind::Alias(ty) => self.fields_of(strip(&ty.clone())),
                _ => None,
            },
            Ty::Envelope(index, payload) => match &self.ir_types[*index].kind {
                TypeKind::Envelope { fields, .. } => Some((fields.clone(), Some((**payload).clone()))),
                _ => None,
            },
            _ => None,
        }
    }
}

/// A field as a step of a path.
fn step(rust_name: &str, json_name: &str, ty: &Ty) -> FieldStep {
    FieldStep {
        json_name: json_name.to_owned(),
        rust_name: rust_name.to_owned(),
        optional: matches!(ty, Ty::Option(_)),
    }
}

/// The type inside options and boxes.
fn strip(ty: &Ty) -> &Ty {
    match ty {
        Ty::Option(inner) | Ty::Boxed(inner) => strip(inner),
        ty => ty,
    }
}
