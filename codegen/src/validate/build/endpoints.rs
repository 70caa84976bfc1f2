//! The IR of each endpoint, in the tree of its groups: its method, path,
//! parameters, body, response, paging, errors and auth; each endpoint's
//! own rules are checked as it is built, and an endpoint with a problem is
//! left out.

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Span, did_you_mean};
use crate::ident;
use crate::ir::{
    Auth, AuthChoice, Body, BodyContent, Endpoint, ErrorCase, ErrorStatus, FieldEncoding, Group, Method, Param, Part,
    PartKind, PathPart, Response, Shape, StatusResponse, Streamed, Style, Ty, TypeKind,
};
use crate::spec::{
    self, Deprecation, EndpointDef, ErrorDef, ErrorRef, Located, ParamDef, SpecFile, StatusDef, StyleDef,
};
use crate::validate::Checker;
use crate::validate::resolve::Case;
use crate::vocabulary::{
    Builtin, ENDPOINT_METHODS, EVENT_STREAM_MEDIA_TYPE, NDJSON, NDJSON_MEDIA_TYPE, StreamContent, is_json_media_type,
    media_type_essence, stream_content, success_variant,
};

/// The most schemes a choice may have: the runtime's `AnyOf` takes tuples of
/// up to eight (with `Public`, for an optional choice, as one more).
const MAX_CHOICES: usize = 7;

/// The most schemes an endpoint takes at once: the runtime's `AllOf`
/// tuples.
const MAX_ALL: usize = 4;

/// How to declare the path parameter `name`: with the type its declared
/// siblings have the most (`{owner}/{repo}` are both strings on GitHub), or
/// without siblings `i64` for a name that reads as a numeric id (`id`,
/// `bookingId`, `user_id`) and `string` for any other (`owner`, `slug`).
fn undeclared_path_param_hint(name: &str, declared: &[ParamDef]) -> String {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for param in declared {
        let ty = param.ty.to_string();
        match counts.iter_mut().find(|(known, _)| *known == ty) {
            Some((_, count)) => *count += 1,
            None => counts.push((ty, 1)),
        }
    }
    // The first written among the most used.
    let most_used = counts.iter().rev().max_by_key(|(_, count)| *count).map(|(ty, _)| ty.clone());
    match most_used {
        Some(ty) => format!("declare it next to the others: `{name}: {ty}` under `path_params`"),
        None => {
            let lower = name.to_ascii_lowercase();
            let id = lower == "id" || ["_id", "-id", "Id", "ID"].iter().any(|end| name.ends_with(end));
            let numeric = (id && !lower.ends_with("uuid") && !lower.ends_with("guid"))
                || ["number", "index"].iter().any(|word| lower.ends_with(word));
            let ty = if numeric { "i64" } else { "string" };
            format!("declare it: `path_params: {{ {name}: {ty} }}`")
        }
    }
}

impl<'d> Checker<'d> {
    /// The endpoints in the tree of their groups: each group a module
    /// whose endpoint names, and the Rust names they take, are unique.
    pub(in crate::validate) fn endpoint_tree(
        &mut self,
        files: &'d [SpecFile],
        schemes: &HashMap<String, usize>,
        errors: &HashMap<String, &'d ErrorDef>,
    ) -> Group {
        let mut root = Group::default();
        // Per module: the endpoint names seen, and the Rust names taken in
        // each namespace (constructor functions; structs and error enums).
        let mut modules: HashMap<Vec<String>, ModuleNames> = HashMap::new();
        // (parent group path, module name) → the group's spec name, where.
        let mut group_modules: HashMap<(Vec<String>, String), (String, Span)> = HashMap::new();
        for file in files {
            for def in &file.endpoints {
                if !self.check_group_names(&def.groups, &mut group_modules) {
                    continue;
                }
                let module = modules.entry(def.groups.iter().map(|group| group.value.clone()).collect()).or_default();
                if let Some(&first) = module.endpoints.get(&def.name.value) {
                    self.error(
                        Diagnostic::new(def.name.span, format!("endpoint `{}` is defined twice", path_of(def)))
                            .label("defined again here")
                            .related(first, "first defined here")
                            .hint("rename one of them, or remove the copy"),
                    );
                    continue;
                }
                module.endpoints.insert(def.name.value.clone(), def.name.span);
                let before = self.diagnostics.len();
                let Some(endpoint) = self.endpoint(def, schemes, errors, file.imported) else {
                    if file.imported {
                        self.leave_out(before, def);
                    }
                    continue;
                };
                let module = modules.entry(def.groups.iter().map(|group| group.value.clone()).collect()).or_default();
                let mut clashes = Vec::new();
                if let Some(first) = module.functions.insert(endpoint.fn_name.clone(), def.name.span) {
                    clashes.push((endpoint.fn_name.clone(), first));
                }
                // The enum of answers by status is a type of the module too.
                let answers = matches!(endpoint.response, Response::ByStatus(_))
                    .then(|| format!("{}Response", endpoint.struct_name));
                for name in
                    [Some(&endpoint.struct_name), endpoint.error_name.as_ref(), answers.as_ref()].into_iter().flatten()
                {
                    if let Some(first) = module.types.insert(name.clone(), def.name.span) {
                        clashes.push((name.clone(), first));
                    }
                }
                // One report per endpoint, for the first name that clashes: the
                // struct and error names follow from the function's.
                if let Some((name, first)) = clashes.into_iter().next() {
                    self.error(
                        Diagnostic::new(
                            def.name.span,
                            format!(
                                "endpoint `{}` needs the Rust name `{name}`, which another endpoint of this group has",
                                def.name.value
                            ),
                        )
                        .related(first, "the other endpoint")
                        .hint("give one of them a `rust_name`"),
                    );
                }
                group_for(&mut root, &def.groups).endpoints.push(endpoint);
            }
        }
        root
    }

    fn endpoint(
        &mut self,
        def: &EndpointDef,
        schemes: &HashMap<String, usize>,
        errors: &HashMap<String, &ErrorDef>,
        imported: bool,
    ) -> Option<Endpoint> {
        let before = self.diagnostics.len();
        let type_errors = self.type_errors;
        let fn_name = match &def.rust_name {
            Some(rust_name) => self.checked_rust_name(rust_name, Case::Snake),
            None => ident::snake(&def.name.value),
        };
        if !ident::is_valid(&fn_name) {
            self.error(
                Diagnostic::new(
                    def.name.span,
                    format!("no Rust name can be derived from endpoint `{}`", def.name.value),
                )
                .hint("give it a `rust_name`"),
            );
        }
        let struct_name = ident::camel(&fn_name);
        let method = self.method(&def.method);

        // path: /api/public/bookings/{id}
        let mut params_taken = HashMap::new();
        let path_params: Vec<Param> =
            def.path_params.iter().map(|param| self.param(param, &mut params_taken, Place::Path)).collect();
        let (path, fixed_query) = self.path(&def.path, &def.path_params);
        let query: Vec<Param> =
            def.query.iter().map(|param| self.param(param, &mut params_taken, Place::Query)).collect();
        let headers: Vec<Param> =
            def.headers.iter().map(|param| self.param(param, &mut params_taken, Place::Header)).collect();
        let cookies: Vec<Param> =
            def.cookies.iter().map(|param| self.param(param, &mut params_taken, Place::Cookie)).collect();

        let body = def.body.as_ref().map(|body| {
            match (method, body.allow_get) {
                (Some(Method::Get), None) => self.error(
                    Diagnostic::new(body.span, "a GET request cannot have a body")
                        .hint("many servers and proxies drop it; send the values as query parameters, or add `allow_get: true` to the body if the server reads one"),
                ),
                (Some(Method::Head), _) => self.error(
                    Diagnostic::new(body.span, "a HEAD request cannot have a body")
                        .hint("many servers and proxies drop it; send the values as query parameters"),
                ),
                (Some(Method::Get), Some(_)) | (_, None) => {}
                (_, Some(allow_get)) => self.error(
                    Diagnostic::new(allow_get, format!("`allow_get` is for GET requests, and this is a {}", def.method.value.to_uppercase()))
                        .hint("remove it: only GET needs leave to carry a body"),
                ),
            }
            if let Some(&first) = params_taken.get("body") {
                self.error(
                    Diagnostic::new(body.span, "the body argument is named `body`, like a parameter of this endpoint")
                        .related(first, "this parameter")
                        .hint("give the parameter a `rust_name`"),
                );
            }
            self.body(body)
        });
        let (response, accept) = match &def.responses {
            None => self.response(def.response.as_ref()),
            Some(several) => {
                if let Some(single) = &def.response {
                    self.error(
                        Diagnostic::new(several.span, "an endpoint has `response` or `responses`, not both")
                            .related(single.span, "the `response`")
                            .hint("list every success status under `responses`, the one of `response` too"),
                    );
                }
                self.responses(several)
            }
        };
        let paging_start = self.diagnostics.len();
        let mut paging = def.paging.as_ref().and_then(|paging| self.paging(paging, &query, &response));
        if imported && self.diagnostics.len() > paging_start {
            // Another tool's paging extension that does not fit the
            // response: the operation is kept, unpaged.
            self.leave_out_paging(paging_start, def);
            paging = None;
        }
        let error_cases = self.error_cases(def, errors);
        let auth = def.auth.as_ref().map_or(Auth::Public, |auth| self.auth(auth, schemes));

        let server = def.server.as_ref().and_then(|name| {
            let found = self.servers.get(&name.value).copied();
            if found.is_none() {
                let known: Vec<&str> = self.servers.keys().map(String::as_str).collect();
                let diagnostic = Diagnostic::new(name.span, format!("unknown server `{}`", name.value))
                    .label("not under `servers:`");
                self.error(match did_you_mean(&name.value, known) {
                    Some(suggestion) => diagnostic.hint(format!("did you mean `{suggestion}`?")),
                    None => diagnostic
                        .hint("declare it under `servers:`, such as `servers: { upload: https://upload.example.com }`"),
                });
            }
            found
        });

        // An endpoint with a problem is left out, but for one whose only
        // problems are broken types (read as `any`, or `string` in a
        // parameter): it is kept, in the macro's stub, so that the code
        // that calls it does not fail for want of it too.
        let errors = self.diagnostics[before..].iter().filter(|diagnostic| diagnostic.is_error()).count();
        if errors > self.type_errors - type_errors || (imported && errors > 0) {
            return None;
        }
        Some(Endpoint {
            error_name: (!error_cases.is_empty()).then(|| format!("{struct_name}Error")),
            fn_name,
            struct_name,
            summary: def.summary.clone(),
            description: def.description.clone(),
            method: method?,
            path_template: def.path.value.clone(),
            path,
            fixed_query,
            path_params,
            query,
            headers,
            cookies,
            body,
            response,
            errors: error_cases,
            server,
            auth,
            accept,
            paging,
            deprecated: def.deprecated.as_ref().map(|deprecated| match &deprecated.value {
                Deprecation::Yes => None,
                Deprecation::Because(reason) => Some(reason.clone()),
            }),
            tags: def.tags.clone(),
            docs_url: def.docs_url.clone(),
        })
    }

    /// `auth: customer`, `customer?`, a choice `[bot, oauth]`, several
    /// schemes at once `{ all: [app_id, api_key] }`, or a choice with such
    /// among them.
    fn auth(&mut self, auth: &spec::AuthRef, schemes: &HashMap<String, usize>) -> Auth {
        let mut choices: Vec<AuthChoice> = Vec::with_capacity(auth.choices.len());
        for choice in &auth.choices {
            let indices = self.scheme_indices(&choice.schemes, schemes);
            let built = if choice.all {
                self.all_of(choice, indices)
            } else {
                indices.first().map(|index| AuthChoice::One(*index))
            };
            let Some(built) = built else { continue };
            // The same schemes in another order are the same credentials.
            if choices.iter().any(|known| same_schemes(known, &built)) {
                let (what, hint) = match &built {
                    AuthChoice::One(_) => (
                        format!("`{}` is listed twice", choice.schemes[0].value),
                        "list each scheme of the choice once",
                    ),
                    AuthChoice::All(_) => {
                        ("these schemes at once are listed twice".to_owned(), "list each choice once")
                    }
                };
                self.error(Diagnostic::new(choice.span, what).hint(hint));
                continue;
            }
            choices.push(built);
        }
        if choices.len() > MAX_CHOICES {
            self.error(
                Diagnostic::new(
                    auth.span,
                    format!("a choice of {} schemes; the client takes at most {MAX_CHOICES}", choices.len()),
                )
                .hint("keep the schemes that clients use"),
            );
        }
        match (choices.as_slice(), auth.optional) {
            ([], _) => Auth::Public,
            ([AuthChoice::One(index)], false) => Auth::Required(*index),
            ([AuthChoice::One(index)], true) => Auth::Optional(*index),
            ([AuthChoice::All(indices)], false) => Auth::AllOf(indices.clone()),
            (_, optional) => Auth::AnyOf { choices, optional },
        }
    }

    /// The indices of `names` in `auth:`; an unknown name, or one listed
    /// twice, is an error and left out.
    fn scheme_indices(&mut self, names: &[Located<String>], schemes: &HashMap<String, usize>) -> Vec<usize> {
        let mut indices: Vec<usize> = Vec::with_capacity(names.len());
        for name in names {
            let Some(&index) = schemes.get(&name.value) else {
                let mut diagnostic = Diagnostic::new(name.span, format!("unknown auth scheme `{}`", name.value))
                    .label("not under `auth:`");
                diagnostic = match did_you_mean(&name.value, schemes.keys().map(String::as_str)) {
                    Some(suggestion) => diagnostic.hint(format!("did you mean `{suggestion}`?")),
                    None => diagnostic.hint("declare it under `auth:`, such as `auth: { customer: { bearer: {} } }`"),
                };
                self.error(diagnostic);
                continue;
            };
            if indices.contains(&index) {
                self.error(
                    Diagnostic::new(name.span, format!("`{}` is listed twice", name.value))
                        .hint("list each scheme of the choice once"),
                );
                continue;
            }
            indices.push(index);
        }
        indices
    }

    /// `{ all: [app_id, api_key] }`: two to four schemes, whose
    /// credentials a client holds as a tuple.
    fn all_of(&mut self, choice: &spec::AuthChoice, indices: Vec<usize>) -> Option<AuthChoice> {
        match indices.len() {
            0 => None,
            1 if choice.schemes.len() == 1 => {
                self.error(
                    Diagnostic::new(choice.span, "`all` lists one scheme")
                        .hint("one scheme is written `auth: app_id`; `all` is for several at once"),
                );
                Some(AuthChoice::One(indices[0]))
            }
            count if count > MAX_ALL => {
                self.error(
                    Diagnostic::new(
                        choice.span,
                        format!("{count} schemes at once; the client takes at most {MAX_ALL}"),
                    )
                    .hint("a client holds the credentials of at most four schemes at once"),
                );
                Some(AuthChoice::All(indices))
            }
            // One known scheme of several listed: the others are errors
            // already.
            1 => Some(AuthChoice::One(indices[0])),
            _ => Some(AuthChoice::All(indices)),
        }
    }

    fn method(&mut self, method: &Located<String>) -> Option<Method> {
        let found = Method::ALL.into_iter().find(|candidate| candidate.as_str().eq_ignore_ascii_case(&method.value));
        if found.is_none() {
            self.error(
                Diagnostic::new(method.span, format!("unknown HTTP method `{}`", method.value))
                    .hint("use GET, PUT, POST, DELETE, PATCH, HEAD or OPTIONS"),
            );
        }
        found
    }

    fn param(&mut self, def: &ParamDef, taken: &mut HashMap<String, Span>, place: Place) -> Param {
        let what = match place {
            Place::Path => "path parameter",
            Place::Query => "query parameter",
            Place::Header => "header",
            Place::Cookie => "cookie",
        };
        if place == Place::Header {
            self.check_header_name(&def.name);
        }
        let rust_name = self.member_name(&def.name, def.rust_name.as_ref(), taken, what);
        let type_errors = self.type_errors;
        let ty = self.ty(&def.ty, false);
        let (ty, optional) = match ty {
            Ty::Option(inner) => (*inner, true),
            ty => (ty, false),
        };
        // A broken type (`Owner` undefined) has its error. The parameter
        // is read as a string, not as the `any` a broken type is elsewhere:
        // `any` is no plain value, which would be a second error at the
        // same place, and no parameter of the macro's stub.
        let type_is_broken = self.type_errors > type_errors;
        let ty = if type_is_broken { Ty::Builtin(Builtin::String) } else { ty };
        if place == Place::Path && optional {
            self.error(
                Diagnostic::new(def.ty.span, "a path parameter cannot be optional")
                    .hint("every part of a path is needed; remove the `?`"),
            );
        }
        let (shape, style, explode) = match def.json {
            Some(json) => self.json_param(def, json, place, what),
            None => {
                let shape = match self.deep_shape(&def.style, &ty) {
                    Some(deep) if place == Place::Query => deep,
                    _ => self.plain_param_shape(&ty, place, what, def.ty.span),
                };
                let (style, explode) = self.param_style(&def.style, place, shape, what, def.ty.span);
                (shape, style, explode)
            }
        };
        // A default is checked against the type it was written for.
        let default = def.default.as_ref().filter(|_| !type_is_broken).and_then(|node| self.default_value(node, &ty));
        let required = !optional && if type_is_broken { def.default.is_none() } else { default.is_none() };
        if !required && ENDPOINT_METHODS.contains(&rust_name.as_str()) {
            self.error(
                Diagnostic::new(def.name.span, format!("the builder method `{rust_name}` would hide the method of the same name that every endpoint has"))
                    .hint("give the parameter another `rust_name`"),
            );
        }
        Param {
            wire_name: def.name.value.clone(),
            rust_name,
            ty,
            required,
            description: def.description.clone(),
            default,
            style,
            explode,
            shape,
        }
    }

    /// What a parameter that is not JSON holds, checked against its place:
    /// a plain value in a path, a plain value or a list in a cookie.
    fn plain_param_shape(&mut self, ty: &Ty, place: Place, what: &str, at: Span) -> Shape {
        let shape = self.param_shape(ty).filter(|shape| match place {
            Place::Path => *shape == Shape::Plain,
            Place::Cookie => *shape != Shape::Object,
            Place::Query | Place::Header => true,
        });
        if shape.is_none() {
            let hint = match place {
                Place::Path => "structured values cannot go in a path",
                Place::Query => {
                    "a list's elements and an object's properties must be plain values; send nested data in a JSON body"
                }
                Place::Header => {
                    "a list's elements and an object's properties must be plain values; they are sent comma-separated"
                }
                Place::Cookie => "a cookie holds a plain value, or a list of them, comma-separated",
            };
            let what_else = match place {
                Place::Path => "",
                Place::Cookie => ", or a list of them",
                Place::Query | Place::Header => ", or a list, struct or map of them",
            };
            self.error(
                Diagnostic::new(at, format!("a {what} must be a plain value (number, boolean, string, date, uuid), or a newtype or enum of one{what_else}"))
                    .hint(hint),
            );
        }
        shape.unwrap_or(Shape::Plain)
    }

    /// [`Shape::Deep`] for a value in the `deepObject` style that is not a
    /// plain value or a flat object (which it writes as before): a list, a
    /// nested struct, a union, `any`.
    fn deep_shape(&self, def: &StyleDef, ty: &Ty) -> Option<Shape> {
        let deep = def.style.as_ref().is_some_and(|style| style.value == Style::DeepObject.name());
        (deep && !matches!(self.param_shape(ty), Some(Shape::Plain | Shape::Object))).then_some(Shape::Deep)
    }

    /// A parameter sent as its JSON text (`content: json`): in the query or
    /// a header, of any type, with no `style` of its own.
    fn json_param(&mut self, def: &ParamDef, json: Span, place: Place, what: &str) -> (Shape, Style, bool) {
        if !matches!(place, Place::Query | Place::Header) {
            self.error(
                Diagnostic::new(json, format!("a {what} cannot be sent as JSON"))
                    .hint("`content: json` is for a query parameter or a header"),
            );
        }
        let written = def.style.style.as_ref().map(|style| style.span);
        if let Some(at) = written.or(def.style.explode.as_ref().map(|explode| explode.span)) {
            self.error(
                Diagnostic::new(at, "a parameter sent as JSON has no `style` or `explode`")
                    .hint("its JSON text is its one value; leave `style` and `explode` out"),
            );
        }
        let style = if place == Place::Header { Style::Simple } else { Style::Form };
        (Shape::Json, style, style.default_explode())
    }

    /// The `style` and `explode` of a parameter, checked against its place
    /// and shape: the styles OpenAPI gives each place, `deepObject` for
    /// objects only, no exploded list in a cookie.
    fn param_style(&mut self, def: &StyleDef, place: Place, shape: Shape, what: &str, at: Span) -> (Style, bool) {
        let (default, allowed): (Style, &[Style]) = match place {
            Place::Query => {
                (Style::Form, &[Style::Form, Style::SpaceDelimited, Style::PipeDelimited, Style::DeepObject])
            }
            Place::Path | Place::Header => (Style::Simple, &[Style::Simple]),
            Place::Cookie => (Style::Form, &[Style::Form]),
        };
        let style = match &def.style {
            None => default,
            Some(name) => match Style::ALL.into_iter().find(|style| style.name() == name.value) {
                Some(style) if allowed.contains(&style) => style,
                found => {
                    let names: Vec<String> = allowed.iter().map(|style| format!("`{}`", style.name())).collect();
                    let message = match found {
                        Some(_) => format!("a {what} cannot have the style `{}`", name.value),
                        None => format!("unknown style `{}`", name.value),
                    };
                    let mut diagnostic = Diagnostic::new(name.span, message);
                    diagnostic = match did_you_mean(&name.value, allowed.iter().map(|style| style.name())) {
                        Some(suggestion) if found.is_none() => diagnostic.hint(format!("did you mean `{suggestion}`?")),
                        _ => diagnostic.hint(format!("the styles of a {what} are {}", names.join(", "))),
                    };
                    self.error(diagnostic);
                    default
                }
            },
        };
        // A cookie's list is comma-separated: `form` with `explode: false`.
        let default_explode = place != Place::Cookie && style.default_explode();
        let explode = def.explode.as_ref().map_or(default_explode, |explode| explode.value);
        if style == Style::DeepObject && (!matches!(shape, Shape::Object | Shape::Deep) || !explode) {
            self.error(
                Diagnostic::new(
                    def.style.as_ref().map_or(at, |style| style.span),
                    "`deepObject` writes the properties of an object, `filter[color]=red`, or a list's elements by index, `ids[0]=7`",
                )
                .hint("give the parameter a struct, map or list type, and leave `explode` out (it must be true)"),
            );
        }
        if place == Place::Cookie
            && let Some(explode) = def.explode.as_ref().filter(|explode| explode.value && shape == Shape::List)
        {
            self.error(
                Diagnostic::new(explode.span, "a list in a cookie cannot be exploded")
                    .hint("a cookie's list is sent comma-separated, `ids=1,2`: remove `explode: true`"),
            );
        }
        (style, explode)
    }

    /// A form body's `encoding:`: the style of each field named.
    fn field_encodings(&mut self, body: &spec::BodyDef, ty: &Ty, form: bool) -> Vec<FieldEncoding> {
        if !form && let Some(first) = body.encoding.first() {
            self.error(
                Diagnostic::new(first.field.span, "`encoding` is for form and multipart bodies")
                    .hint("write `content: form` or `content: multipart`, or remove `encoding`"),
            );
            return Vec::new();
        }
        if let Some(content_type) = body.encoding.iter().find_map(|field| field.content_type.as_ref()) {
            self.error(
                Diagnostic::new(content_type.span, "`content_type` is for the parts of a multipart body")
                    .hint("a form field is text; write `content: multipart` to send parts of other media types"),
            );
        }
        body.encoding
            .iter()
            .map(|field| {
                if let Some(names) = self.struct_field_names(ty)
                    && !names.contains(&field.field.value)
                {
                    let mut diagnostic = Diagnostic::new(
                        field.field.span,
                        format!("`encoding` names `{}`, which is not a field of the body", field.field.value),
                    );
                    diagnostic = match did_you_mean(&field.field.value, names.iter().map(String::as_str)) {
                        Some(suggestion) => diagnostic.hint(format!("did you mean `{suggestion}`?")),
                        None => diagnostic.hint("`encoding` is keyed by the body's field names, as they are sent"),
                    };
                    self.error(diagnostic);
                }
                let shape = self.form_field_shape(ty, &field.field.value, &field.style);
                let (style, explode) =
                    self.param_style(&field.style, Place::Query, shape, "form field", field.field.span);
                FieldEncoding { field: field.field.value.clone(), style, explode }
            })
            .collect()
    }

    /// The names of the fields of a struct body, as they are sent; `None`
    /// for a body that is no struct (a tagged union's fields are its
    /// members').
    fn struct_field_names(&self, ty: &Ty) -> Option<Vec<String>> {
        let Ty::Named(index) = ty else { return None };
        let TypeKind::Struct(fields) = &self.ir_types[*index].kind else { return None };
        Some(fields.iter().map(|field| field.json_name.clone()).collect())
    }

    /// The shape of a form body's field; a field that the body's struct does
    /// not have (a member's, in a tagged union) is taken for a list, whose
    /// styles are checked at least.
    fn form_field_shape(&self, ty: &Ty, field: &str, style: &StyleDef) -> Shape {
        let Ty::Named(index) = ty else { return Shape::List };
        let TypeKind::Struct(fields) = &self.ir_types[*index].kind else { return Shape::List };
        let Some(field) = fields.iter().find(|candidate| candidate.json_name == field) else { return Shape::List };
        let ty = match &field.ty {
            Ty::Option(inner) => inner,
            ty => ty,
        };
        self.deep_shape(style, ty).or_else(|| self.param_shape(ty)).unwrap_or(Shape::List)
    }

    /// `body: NewBooking`, `body: { type: Login, content: form }`,
    /// `body: { type: bytes, content: application/pdf }`.
    fn body(&mut self, body: &spec::BodyDef) -> Body {
        let ty = self.ty(&body.ty, false);
        let multipart = body.content.as_ref().is_some_and(|content| content.value == "multipart");
        if !multipart {
            self.check_no_file(&ty, body.ty.span, "a body that is not `content: multipart`");
        }
        let (ty, required) = match ty {
            Ty::Option(inner) => (*inner, false),
            ty => (ty, true),
        };
        let content_is = |word: &str| {
            ty != Ty::Builtin(Builtin::Bytes) && body.content.as_ref().is_some_and(|content| content.value == word)
        };
        // A multipart body's `encoding` is in its parts.
        let encoding =
            if content_is("multipart") { Vec::new() } else { self.field_encodings(body, &ty, content_is("form")) };
        let deep: Vec<&str> = encoding
            .iter()
            .filter(|field| field.style == Style::DeepObject)
            .map(|field| field.field.as_str())
            .collect();
        let content = match (&ty, body.content.as_ref()) {
            (Ty::Builtin(Builtin::Bytes), None) => BodyContent::Raw("application/octet-stream".to_owned()),
            (Ty::Builtin(Builtin::Bytes), Some(content)) => {
                // A broken media type is reported; the body stays raw.
                self.is_media_type(content);
                BodyContent::Raw(content.value.clone())
            }
            (_, None) => BodyContent::Json,
            (_, Some(content)) if content.value == "json" => BodyContent::Json,
            (_, Some(content)) if content.value == "multipart" => BodyContent::Multipart(self.parts(body, &ty)),
            (_, Some(content)) if content.value == "form" => {
                if !self.is_form_type(&ty, &deep) {
                    self.error(
                        Diagnostic::new(body.ty.span, "a form body must be a struct whose fields are plain values, lists or objects of them, or a tagged union of such structs")
                            .hint("form encoding nests one level (`Filter[color]=red`), unless a field's `encoding` is `deepObject`, which writes any depth (`items[0][price]=p`); or use a JSON body"),
                    );
                }
                BodyContent::Form
            }
            // content: application/merge-patch+json
            (_, Some(content)) if is_json_media_type(&content.value) => {
                if self.is_media_type(content) {
                    BodyContent::JsonAs(content.value.clone())
                } else {
                    BodyContent::Json
                }
            }
            (_, Some(content)) => {
                self.error(
                    Diagnostic::new(content.span, format!("unknown body content `{}`", content.value))
                        .hint("write `content: json`, `content: form`, `content: multipart`, or a JSON media type such as `application/merge-patch+json`; a `bytes` body takes any media type"),
                );
                BodyContent::Json
            }
        };
        Body { ty, required, content, description: body.description.clone(), encoding }
    }

    /// The parts of a `content: multipart` body: a struct's fields, each
    /// sent as text (plain values and lists of them), a file (`file`,
    /// `list<file>`) or JSON (anything else), with the media type its
    /// `encoding` gives it.
    fn parts(&mut self, body: &spec::BodyDef, ty: &Ty) -> Vec<Part> {
        let fields = match ty {
            Ty::Named(index) => match &self.ir_types[*index].kind {
                TypeKind::Struct(fields) => Some(fields.clone()),
                _ => None,
            },
            _ => None,
        };
        let Some(fields) = fields else {
            self.error(
                Diagnostic::new(body.ty.span, "a multipart body must be a struct, whose fields are its parts")
                    .hint("declare `UploadForm: { fields: { file: file, note: string? } }` and write `body: { type: UploadForm, content: multipart }`"),
            );
            return Vec::new();
        };
        for encoding in &body.encoding {
            if let Some(style) = encoding.style.style.as_ref().map(|style| style.span).or(encoding
                .style
                .explode
                .as_ref()
                .map(|explode| explode.span))
            {
                self.error(
                    Diagnostic::new(style, "a part of a multipart body has no `style` or `explode`").hint(
                        "a part's `encoding` gives its `content_type`; each element of a list is a part of its own",
                    ),
                );
            }
            if !fields.iter().any(|field| field.json_name == encoding.field.value) {
                let mut diagnostic = Diagnostic::new(
                    encoding.field.span,
                    format!("`encoding` names `{}`, which is not a field of the body", encoding.field.value),
                );
                diagnostic =
                    match did_you_mean(&encoding.field.value, fields.iter().map(|field| field.json_name.as_str())) {
                        Some(suggestion) => diagnostic.hint(format!("did you mean `{suggestion}`?")),
                        None => diagnostic.hint("`encoding` is keyed by the body's field names, as they are sent"),
                    };
                self.error(diagnostic);
            }
        }
        fields
            .iter()
            .enumerate()
            .map(|(index, field)| {
                let ty = match &field.ty {
                    Ty::Option(inner) => inner,
                    ty => ty,
                };
                let kind = if is_file_field(ty) {
                    PartKind::File
                } else if matches!(self.param_shape(ty), Some(Shape::Plain | Shape::List)) {
                    PartKind::Text
                } else {
                    PartKind::Json
                };
                let encoding = body.encoding.iter().find(|encoding| encoding.field.value == field.json_name);
                let content_type = encoding
                    .and_then(|encoding| encoding.content_type.as_ref())
                    .filter(|content_type| self.is_media_type(content_type))
                    .map(|content_type| content_type.value.clone());
                Part { field: index, kind, content_type }
            })
            .collect()
    }

    /// `response: Booking`, `response: bytes`,
    /// `response: { type: bytes, content: application/pdf }`, and the
    /// `Accept` header that goes with it.
    fn response(&mut self, response: Option<&spec::BodyDef>) -> (Response, Option<String>) {
        let Some(response) = response else { return (Response::Empty, None) };
        let ty = self.ty(&response.ty, false);
        if let Some(streamed) = self.streamed_response(response, &ty) {
            return streamed;
        }
        self.check_no_file(&ty, response.ty.span, "a response");
        let accept = match &response.content {
            // `content: json`, as bodies say it.
            Some(content) if content.value == "json" => Some("application/json".to_owned()),
            Some(content) if self.is_media_type(content) => Some(content.value.clone()),
            Some(_) => None,
            None if ty == Ty::Builtin(Builtin::Bytes) => Some("*/*".to_owned()),
            None => Some("application/json".to_owned()),
        };
        let checked = |index: usize| matches!(&self.ir_types[index].kind, TypeKind::Envelope { roles, .. } if roles.success.is_some());
        // `response: ActionConfirmation<any?>?`: empty, or an envelope.
        let envelope = match &ty {
            Ty::Option(inner) => &**inner,
            ty => ty,
        };
        let response = match envelope {
            Ty::Builtin(Builtin::Bytes) if ty == Ty::Builtin(Builtin::Bytes) => Response::Bytes,
            Ty::Envelope(index, _) | Ty::Named(index) if checked(*index) => Response::Enveloped(ty),
            _ => Response::Json(ty),
        };
        (response, accept)
    }

    /// A response read as it arrives: `{ type: bytes, stream: true }`,
    /// `{ type: Event, content: ndjson }`, `{ type: Event, content:
    /// event-stream }`; `None` for any other.
    fn streamed_response(&mut self, response: &spec::BodyDef, ty: &Ty) -> Option<(Response, Option<String>)> {
        // A streamed response that is wrong: reported once, not read again
        // as another kind of response (whose checks would report its
        // `content` too).
        const REPORTED: (Response, Option<String>) = (Response::Empty, None);
        let content = response.content.as_ref();
        let items = content.and_then(|content| Some((content, stream_content(&content.value)?)));
        if let Some(stream) = response.stream {
            if *ty != Ty::Builtin(Builtin::Bytes) {
                self.error(
                    Diagnostic::new(stream, "`stream: true` is for `bytes` answers")
                        .hint("a stream of JSON values is `content: ndjson`, Server-Sent Events are `content: event-stream`, without `stream`"),
                );
                return Some(REPORTED);
            }
            let accept = match content {
                Some(content) if self.is_media_type(content) => content.value.clone(),
                _ => "*/*".to_owned(),
            };
            return Some((Response::Stream(Streamed::Bytes), Some(accept)));
        }
        let (content, kind) = items?;
        let words = match kind {
            StreamContent::JsonLines => "JSON lines",
            StreamContent::EventStream => "an event stream",
        };
        if let Ty::Option(_) = ty {
            self.error(
                Diagnostic::new(response.ty.span, format!("the items of {words} cannot be optional"))
                    .hint("drop the `?`: a body without items is a stream that ends at once"),
            );
            return Some(REPORTED);
        }
        if *ty == Ty::Builtin(Builtin::Bytes) {
            self.error(
                Diagnostic::new(response.ty.span, format!("the items of {words} are JSON or text, not `bytes`"))
                    .hint("give the type of one item, or write `{ type: bytes, stream: true }` for the raw bytes as they come"),
            );
            return Some(REPORTED);
        }
        let essence = media_type_essence(&content.value);
        let (streamed, accept) = match kind {
            StreamContent::JsonLines => {
                let accept = if essence == NDJSON { NDJSON_MEDIA_TYPE.to_owned() } else { essence };
                (Streamed::JsonLines(ty.clone()), accept)
            }
            StreamContent::EventStream => {
                let text = *ty == Ty::Builtin(Builtin::String);
                (Streamed::Events { data: ty.clone(), text }, EVENT_STREAM_MEDIA_TYPE.to_owned())
            }
        };
        Some((Response::Stream(streamed), Some(accept)))
    }

    /// `responses: { 200: Stats, 202: {} }`: a variant per success status,
    /// and the `Accept` header of them all.
    fn responses(&mut self, several: &Located<Vec<spec::SuccessDef>>) -> (Response, Option<String>) {
        if several.value.is_empty() {
            self.error(
                Diagnostic::new(several.span, "`responses` is empty")
                    .hint("list the success statuses, `responses: { 200: Stats, 202: {} }`, or remove it"),
            );
        }
        let mut cases = Vec::with_capacity(several.value.len());
        let mut accepts: Vec<String> = Vec::new();
        for success in &several.value {
            let Some(status) = u16::try_from(success.status.value).ok().filter(|status| (200..=299).contains(status))
            else {
                self.error(
                    Diagnostic::new(success.status.span, format!("`{}` is not a success status", success.status.value))
                        .hint("`responses` lists the statuses 200–299; other statuses are `errors`"),
                );
                continue;
            };
            let (body, accept) = self.response(success.body.as_ref());
            if let (Response::Stream(_), Some(def)) = (&body, &success.body) {
                self.error(
                    Diagnostic::new(def.span, "a streamed answer cannot be one of several answers by status")
                        .hint("give the endpoint one `response:` for a stream"),
                );
            }
            if let Some(accept) = &accept
                && !accepts.contains(accept)
            {
                accepts.push(accept.clone());
            }
            cases.push(StatusResponse {
                status,
                variant: success_variant(status),
                description: success.description.clone(),
                body,
                accept,
            });
        }
        (Response::ByStatus(cases), (!accepts.is_empty()).then(|| accepts.join(", ")))
    }

    /// Splits `/api/bookings/{id}` into literals and parameters, checking that
    /// the literals need no encoding and that the parameters match
    /// `path_params:` both ways; and the fixed query parameters after a `?`
    /// (`/responses?beta=true`).
    fn path(&mut self, path: &Located<String>, declared: &[ParamDef]) -> (Vec<PathPart>, Vec<(String, String)>) {
        let query_start = path.value.find('?');
        let fixed_query = query_start.map(|start| self.fixed_query(path, start + 1)).unwrap_or_default();
        let text = &path.value[..query_start.unwrap_or(path.value.len())];
        let at = |start: usize, len: usize| path.text_span(start, len);
        if !text.starts_with('/') {
            self.error(Diagnostic::new(at(0, 1), "a path must start with `/`").hint(format!("write `/{text}`")));
        }
        let mut parts = Vec::new();
        let mut used = vec![false; declared.len()];
        let mut rest = 0;
        while rest < text.len() {
            let Some(open) = text[rest..].find('{').map(|index| rest + index) else {
                self.path_literal(&text[rest..], at(rest, text.len() - rest), &mut parts);
                break;
            };
            if open > rest {
                self.path_literal(&text[rest..open], at(rest, open - rest), &mut parts);
            }
            let Some(close) = text[open..].find('}').map(|index| open + index) else {
                self.error(
                    Diagnostic::new(at(open, 1), "this `{` is never closed")
                        .hint("path parameters are written `{name}`"),
                );
                // The rest of the path is unread: say nothing of unused
                // parameters.
                return (parts, fixed_query);
            };
            let name = &text[open + 1..close];
            match declared.iter().position(|param| param.name.value == name) {
                Some(index) => {
                    if used[index] {
                        self.error(
                            Diagnostic::new(
                                at(open, close + 1 - open),
                                format!("`{{{name}}}` appears twice in the path"),
                            )
                            .hint("each path parameter has one place; declare another one for the second"),
                        );
                    }
                    used[index] = true;
                    parts.push(PathPart::Param(index));
                }
                None => {
                    let mut diagnostic =
                        Diagnostic::new(at(open, close + 1 - open), format!("path parameter `{name}` is not declared"))
                            .label("not in `path_params`");
                    diagnostic = match did_you_mean(name, declared.iter().map(|param| param.name.value.as_str())) {
                        Some(suggestion) => {
                            // The typo is the one problem: the declared name
                            // is not also "unused".
                            if let Some(index) = declared.iter().position(|param| param.name.value == suggestion) {
                                used[index] = true;
                            }
                            diagnostic.hint(format!("did you mean `{suggestion}`?"))
                        }
                        None => diagnostic.hint(undeclared_path_param_hint(name, declared)),
                    };
                    self.error(diagnostic);
                }
            }
            rest = close + 1;
        }
        for (param, used) in declared.iter().zip(used) {
            if !used {
                self.error(
                    Diagnostic::new(
                        param.name.span,
                        format!("path parameter `{}` is declared but not in the path", param.name.value),
                    )
                    .related(path.span, "the path")
                    .hint(format!("add `{{{}}}` to the path, or remove the declaration", param.name.value)),
                );
            }
        }
        // Parameters are put in path order, so that constructor arguments
        // follow the path.
        (parts, fixed_query)
    }

    /// `name=value&…` after the `?` of a path, from byte `start`: sent as
    /// written, so each name and value may only hold characters that a
    /// query carries without encoding, and `&` and `=` only between them.
    fn fixed_query(&mut self, path: &Located<String>, start: usize) -> Vec<(String, String)> {
        let allowed = |c: char| c.is_ascii_alphanumeric() || "-._~!$'()*,;:@/?".contains(c);
        let mut pairs = Vec::new();
        let mut at = start;
        for pair in path.value[start..].split('&') {
            let span = path.text_span(at, pair.len().max(1));
            at += pair.len() + 1;
            let Some((name, value)) = pair.split_once('=') else {
                self.error(
                    Diagnostic::new(span, format!("`{pair}` is not a fixed query parameter"))
                        .hint("a query written into the path is `name=value` pairs joined by `&`: `?beta=true`"),
                );
                continue;
            };
            if let Some((index, bad)) = pair.char_indices().find(|&(index, c)| !allowed(c) && index != name.len()) {
                self.error(
                    Diagnostic::new(
                        span.sub(index, bad.len_utf8()),
                        format!("`{bad}` cannot be written in a fixed query parameter as is"),
                    )
                    .hint("a value that needs encoding is a query parameter under `query:`, with a `default`"),
                );
                continue;
            }
            if name.is_empty() {
                self.error(
                    Diagnostic::new(span, "a fixed query parameter needs a name")
                        .hint("write `name=value`: `?beta=true`"),
                );
                continue;
            }
            pairs.push((name.to_owned(), value.to_owned()));
        }
        pairs
    }

    fn path_literal(&mut self, literal: &str, span: Span, parts: &mut Vec<PathPart>) {
        // Unreserved and sub-delimiter characters, `:`, `@` and `/`: what a
        // path may hold without encoding.
        let allowed = |c: char| c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/".contains(c);
        if let Some((index, bad)) = literal.char_indices().find(|(_, c)| !allowed(*c)) {
            self.error(
                Diagnostic::new(span.sub(index, bad.len_utf8()), format!("`{bad}` cannot be written in a path as is"))
                    .hint(if bad == '#' {
                        "a fragment is never sent; endpoints are told apart by their names"
                    } else {
                        "write the path without it, percent-encoded, or as a parameter"
                    }),
            );
        }
        parts.push(PathPart::Literal(literal.to_owned()));
    }

    fn error_cases(&mut self, def: &EndpointDef, errors: &HashMap<String, &ErrorDef>) -> Vec<ErrorCase> {
        let mut cases: Vec<ErrorCase> = Vec::new();
        let mut places: Vec<Span> = Vec::new();
        for error_ref in &def.errors {
            let (error_def, span) = match error_ref {
                ErrorRef::Named(name) => match errors.get(&name.value) {
                    Some(error_def) => (*error_def, name.span),
                    None => {
                        let mut diagnostic = Diagnostic::new(name.span, format!("unknown error `{}`", name.value))
                            .label("not under `errors:`");
                        diagnostic = match did_you_mean(&name.value, errors.keys().map(String::as_str)) {
                            Some(suggestion) => diagnostic.hint(format!("did you mean `{suggestion}`?")),
                            None => diagnostic.hint("declare it under the top-level `errors:`, or write it inline: `{ name: Conflict, status: 409 }`"),
                        };
                        self.error(diagnostic);
                        continue;
                    }
                },
                ErrorRef::Inline(inline) => (inline, inline.name.span),
            };
            let rust_name = ident::camel(&error_def.name.value);
            if !ident::is_valid(&rust_name) {
                self.error(
                    Diagnostic::new(
                        span,
                        format!("no Rust variant name can be derived from error `{}`", error_def.name.value),
                    )
                    .hint("name errors with ASCII letters, such as `NotFound`"),
                );
            }
            let status = match error_ref {
                // A named error's status was checked where it is defined.
                ErrorRef::Named(_) => status_of(error_def.status.value),
                ErrorRef::Inline(inline) => self.check_status(&inline.status),
            };
            if let Some(index) = cases.iter().position(|case| case.status == status) {
                self.error(
                    Diagnostic::new(
                        span,
                        format!(
                            "`{}` has status {}, like another error of this endpoint",
                            error_def.name.value, status
                        ),
                    )
                    .related(places[index], "this one")
                    .hint("a response status must map to one documented error; merge them into one"),
                );
                continue;
            }
            if let Some(index) = cases.iter().position(|case| case.rust_name == rust_name) {
                self.error(
                    Diagnostic::new(
                        span,
                        format!(
                            "`{}` becomes the variant `{rust_name}`, like another error of this endpoint",
                            error_def.name.value
                        ),
                    )
                    .related(places[index], "this one")
                    .hint("rename one of the errors"),
                );
                continue;
            }
            let body = error_def.body.as_ref().map(|body| {
                let ty = self.ty(body, false);
                self.check_no_file(&ty, body.span, "an error's body");
                ty
            });
            places.push(span);
            cases.push(ErrorCase {
                rust_name,
                spec_name: error_def.name.value.clone(),
                status,
                description: error_def.description.clone(),
                body,
            });
        }
        cases
    }
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Path,
    Query,
    Header,
    Cookie,
}

/// Names taken in one generated module of endpoints.
#[derive(Default)]
struct ModuleNames {
    endpoints: HashMap<String, Span>,
    functions: HashMap<String, Span>,
    types: HashMap<String, Span>,
}

fn path_of(def: &EndpointDef) -> String {
    def.groups.iter().map(|group| group.value.as_str()).chain([def.name.value.as_str()]).collect::<Vec<_>>().join(".")
}

/// The group for `path`, created on first use.
fn group_for<'g>(root: &'g mut Group, path: &[Located<String>]) -> &'g mut Group {
    let mut group = root;
    for name in path {
        let index = match group.groups.iter().position(|child| child.spec_name == name.value) {
            Some(index) => index,
            None => {
                group.groups.push(Group {
                    rust_name: ident::snake(&name.value),
                    spec_name: name.value.clone(),
                    groups: Vec::new(),
                    endpoints: Vec::new(),
                });
                group.groups.len() - 1
            }
        };
        group = &mut group.groups[index];
    }
    group
}

/// The statuses of a named error, whose `status` was checked where it is
/// defined.
fn status_of(status: StatusDef) -> ErrorStatus {
    match status {
        StatusDef::Code(code) => ErrorStatus::Code(u16::try_from(code).unwrap_or(0)),
        StatusDef::Class(class) => ErrorStatus::Class(class),
        StatusDef::Default => ErrorStatus::Default,
    }
}

/// Whether two choices take the same credentials: the same schemes, in any
/// order.
fn same_schemes(known: &AuthChoice, built: &AuthChoice) -> bool {
    match (known, built) {
        (AuthChoice::One(known), AuthChoice::One(built)) => known == built,
        (AuthChoice::All(known), AuthChoice::All(built)) => {
            known.len() == built.len() && built.iter().all(|scheme| known.contains(scheme))
        }
        _ => false,
    }
}

/// Whether a field's type (without its `?`) is a file part, or a list of
/// them: `file`, `list<file>`.
pub(in crate::validate) fn is_file_field(ty: &Ty) -> bool {
    match ty {
        Ty::Builtin(Builtin::File) => true,
        Ty::List(inner) => **inner == Ty::Builtin(Builtin::File),
        _ => false,
    }
}
