//! The IR of each endpoint, in the tree of its groups: its method, path,
//! parameters, body, response, paging, errors and auth; each endpoint's
//! own rules are checked as it is built, and an endpoint with a problem is
//! left out.

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Span, did_you_mean};
use crate::ident;
use crate::ir::{
    Auth, Body, BodyContent, Endpoint, ErrorCase, ErrorStatus, Group, Method, Paging, Param, PathPart, Response, Ty,
    TypeKind,
};
use crate::spec::{self, Deprecation, EndpointDef, ErrorDef, ErrorRef, Located, ParamDef, SpecFile, StatusDef};
use crate::validate::Checker;
use crate::vocabulary::{Builtin, ENDPOINT_METHODS, is_json_media_type};

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
                let Some(endpoint) = self.endpoint(def, schemes, errors) else { continue };
                let module = modules.entry(def.groups.iter().map(|group| group.value.clone()).collect()).or_default();
                let mut clashes = Vec::new();
                if let Some(first) = module.functions.insert(endpoint.fn_name.clone(), def.name.span) {
                    clashes.push((endpoint.fn_name.clone(), first));
                }
                for name in [Some(&endpoint.struct_name), endpoint.error_name.as_ref()].into_iter().flatten() {
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
    ) -> Option<Endpoint> {
        let before = self.diagnostics.len();
        let fn_name = match &def.rust_name {
            Some(rust_name) => self.checked_rust_name(rust_name),
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
        let path = self.path(&def.path, &def.path_params);
        let query: Vec<Param> =
            def.query.iter().map(|param| self.param(param, &mut params_taken, Place::Query)).collect();
        let headers: Vec<Param> =
            def.headers.iter().map(|param| self.param(param, &mut params_taken, Place::Header)).collect();

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
        let (response, accept) = self.response(def.response.as_ref());
        let paging = def.paging.as_ref().and_then(|page| self.paging(page, &query, &response));
        let error_cases = self.error_cases(def, errors);
        let auth = match &def.auth {
            None => Auth::Public,
            Some(name) => {
                // auth: customer   or   auth: customer?
                let (scheme, optional) = match name.value.strip_suffix('?') {
                    Some(scheme) => (scheme, true),
                    None => (name.value.as_str(), false),
                };
                match schemes.get(scheme) {
                    Some(&index) if optional => Auth::Optional(index),
                    Some(&index) => Auth::Required(index),
                    None => {
                        let mut diagnostic = Diagnostic::new(name.span, format!("unknown auth scheme `{scheme}`"))
                            .label("not under `auth:`");
                        diagnostic = match did_you_mean(scheme, schemes.keys().map(String::as_str)) {
                            Some(suggestion) => diagnostic.hint(format!("did you mean `{suggestion}`?")),
                            None => diagnostic
                                .hint("declare it under `auth:`, such as `auth: { customer: { bearer: {} } }`"),
                        };
                        self.error(diagnostic);
                        Auth::Public
                    }
                }
            }
        };

        if self.diagnostics.len() != before {
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
            path_params,
            query,
            headers,
            body,
            response,
            errors: error_cases,
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
        };
        if place == Place::Header {
            self.check_header_name(&def.name);
        }
        let rust_name = self.member_name(&def.name, def.rust_name.as_ref(), taken, what);
        let ty = self.ty(&def.ty, false);
        let (ty, optional) = match ty {
            Ty::Option(inner) => (*inner, true),
            ty => (ty, false),
        };
        if place == Place::Path && optional {
            self.error(
                Diagnostic::new(def.ty.span, "a path parameter cannot be optional")
                    .hint("every part of a path is needed; remove the `?`"),
            );
        }
        if !self.is_param_type(&ty, place == Place::Query, 0) {
            let hint = match place {
                Place::Path => "structured values cannot go in a path",
                Place::Query => "structured values cannot go in a query string; a `list<…>` of plain values can",
                Place::Header => "a header holds one plain value",
            };
            self.error(
                Diagnostic::new(def.ty.span, format!("a {what} must be a plain value (number, boolean, string, date, uuid), or a newtype or enum of one"))
                    .hint(hint),
            );
        }
        let default = def.default.as_ref().and_then(|node| self.default_value(node, &ty));
        let required = !optional && default.is_none();
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
        }
    }

    /// `paging: page`: the query parameter that selects the page, whose
    /// response is an envelope with `items` and `has_next` roles.
    fn paging(&mut self, page: &Located<String>, query: &[Param], response: &Response) -> Option<Paging> {
        let Some(param) = query.iter().position(|param| param.wire_name == page.value) else {
            let mut diagnostic =
                Diagnostic::new(page.span, format!("`paging` names `{}`, which is not a query parameter", page.value));
            diagnostic = match did_you_mean(&page.value, query.iter().map(|param| param.wire_name.as_str())) {
                Some(suggestion) => diagnostic.hint(format!("did you mean `{suggestion}`?")),
                None => diagnostic.hint("`paging` names the query parameter that selects the page, such as `page`"),
            };
            self.error(diagnostic);
            return None;
        };
        if !matches!(query[param].ty, Ty::Builtin(builtin) if builtin.is_integer()) {
            self.error(
                Diagnostic::new(page.span, format!("the page parameter `{}` must be an integer", page.value))
                    .hint("pages are numbered: give it `type: i32`"),
            );
        }
        if !query[param].required && query[param].default.is_none() {
            self.error(
                Diagnostic::new(page.span, format!("the page parameter `{}` needs a `default`", page.value)).hint(
                    "the next page is the default's successor when the caller sets none: `{ type: i32, default: 1 }`",
                ),
            );
        }
        let page_of = match response {
            Response::Json(Ty::Envelope(index, item)) | Response::Enveloped(Ty::Envelope(index, item)) => {
                match &self.ir_types[*index].kind {
                    TypeKind::Envelope { fields, roles } => roles.items.zip(roles.has_next).map(|(items, has_next)| {
                        (fields[items].rust_name.clone(), fields[has_next].rust_name.clone(), (**item).clone())
                    }),
                    _ => None,
                }
            }
            _ => None,
        };
        let Some((items, has_next, item)) = page_of else {
            self.error(
                Diagnostic::new(page.span, "a paged endpoint's response must be a page: an envelope with `items` and `has_next` roles")
                    .hint("declare a page envelope, such as `ApiListResult: { fields: { Records: { type: list<T>, role: items }, HasNextPage: { type: bool?, role: has_next } } }`, and answer with `ApiListResult<Booking>`"),
            );
            return None;
        };
        Some(Paging { param, items, has_next, item })
    }

    /// `body: NewBooking`, `body: { type: Login, content: form }`,
    /// `body: { type: bytes, content: application/pdf }`.
    fn body(&mut self, body: &spec::BodyDef) -> Body {
        let ty = self.ty(&body.ty, false);
        let (ty, required) = match ty {
            Ty::Option(inner) => (*inner, false),
            ty => (ty, true),
        };
        let content = match (&ty, body.content.as_ref()) {
            (Ty::Builtin(Builtin::Bytes), None) => BodyContent::Raw("application/octet-stream".to_owned()),
            (Ty::Builtin(Builtin::Bytes), Some(content)) => {
                // A broken media type is reported; the body stays raw.
                self.is_media_type(content);
                BodyContent::Raw(content.value.clone())
            }
            (_, None) => BodyContent::Json,
            (_, Some(content)) if content.value == "json" => BodyContent::Json,
            (_, Some(content)) if content.value == "form" => {
                if !self.is_form_type(&ty) {
                    self.error(
                        Diagnostic::new(body.ty.span, "a form body must be a struct whose fields are plain values, or a tagged union of such structs")
                            .hint("form encoding has no nesting; use a JSON body for nested data"),
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
                        .hint("write `content: json`, `content: form`, or a JSON media type such as `application/merge-patch+json`; a `bytes` body takes any media type"),
                );
                BodyContent::Json
            }
        };
        Body { ty, required, content, description: body.description.clone() }
    }

    /// `response: Booking`, `response: bytes`,
    /// `response: { type: bytes, content: application/pdf }`, and the
    /// `Accept` header that goes with it.
    fn response(&mut self, response: Option<&spec::BodyDef>) -> (Response, Option<String>) {
        let Some(response) = response else { return (Response::Empty, None) };
        let ty = self.ty(&response.ty, false);
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

    /// Splits `/api/bookings/{id}` into literals and parameters, checking that
    /// the literals need no encoding and that the parameters match
    /// `path_params:` both ways.
    fn path(&mut self, path: &Located<String>, declared: &[ParamDef]) -> Vec<PathPart> {
        let text = &path.value;
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
                return parts;
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
                        None => diagnostic.hint(format!("declare it: `path_params: {{ {name}: i64 }}`")),
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
        parts
    }

    fn path_literal(&mut self, literal: &str, span: Span, parts: &mut Vec<PathPart>) {
        // Unreserved and sub-delimiter characters, `:`, `@` and `/`: what a
        // path may hold without encoding.
        let allowed = |c: char| c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/".contains(c);
        if let Some((index, bad)) = literal.char_indices().find(|(_, c)| !allowed(*c)) {
            self.error(
                Diagnostic::new(span.sub(index, bad.len_utf8()), format!("`{bad}` cannot be written in a path as is"))
                    .hint(if bad == '?' {
                        "query parameters go under `query:`"
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
            let body = error_def.body.as_ref().map(|body| self.ty(body, false));
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
