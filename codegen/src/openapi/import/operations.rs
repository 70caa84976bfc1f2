//! `paths` → endpoints: parameters, request bodies, the success response,
//! and the error responses, which become the spec's `errors:` when several
//! operations share one.

use std::collections::{HashMap, HashSet};

use super::defaults::{DefaultAt, PendingDefault};
use super::names::{derived_endpoint_name, groups, spell_symbols, status_name, unique_endpoint_names, unique_in};
use super::schemas::Schema;
use super::{Importer, builtin, follow_ref, located, optional, seq, server_url};
use crate::diagnostic::{Diagnostic, Span};
use crate::ident;
use crate::openapi::{entries, get, get_str, key_text};
use crate::spec::{
    AuthScheme, BodyDef, Deprecation, EndpointDef, ErrorDef, ErrorRef, FieldEncodingDef, Located, PagingDef,
    PagingStyleDef, ParamDef, ServerDef, ServerVariableDef, StatusDef, StyleDef, SuccessDef, TypeExpr,
};
use crate::vocabulary::{
    ENDPOINT_METHODS, EVENT_STREAM, StreamContent, is_json_media_type, media_type_essence, stream_content,
    success_variant,
};
use crate::yaml::{Node, Value};

/// An error response of an operation, before it is known whether other
/// operations share it (then it is one of the spec's `errors:`) or not
/// (then it is written inline).
pub(super) struct ErrorCandidate {
    status: Located<StatusDef>,
    /// `NotFound`, `ClientError`, or the document's `x-endpointgen-error`.
    base_name: String,
    description: Option<String>,
    body: Option<TypeExpr>,
}

impl ErrorCandidate {
    /// What makes two operations' errors one.
    fn key(&self) -> (String, String, Option<String>) {
        let status = match self.status.value {
            StatusDef::Code(code) => code.to_string(),
            StatusDef::Class(class) => format!("{class}XX"),
            StatusDef::Default => "default".to_owned(),
        };
        let body = self.body.as_ref().map(ToString::to_string).unwrap_or_default();
        (format!("{status} {}", self.base_name), body, self.description.clone())
    }
}

impl<'n> Importer<'n, '_> {
    pub(super) fn operations(
        &mut self,
        schemes: &[AuthScheme],
    ) -> (Vec<EndpointDef>, Vec<ErrorCandidate>, Vec<Vec<usize>>) {
        let scheme_names = self.declared_scheme_names(schemes);
        let mut endpoints = Vec::new();
        let mut candidates = Vec::new();
        let mut endpoint_errors = Vec::new();
        let Some(paths) = get(self.root, "paths") else { return (endpoints, candidates, endpoint_errors) };
        // The document's own server: a path or an operation that names it
        // again is sent to the client's base URL as every other.
        let base_url = get(self.root, "servers").and_then(server_url).map(|(url, _)| url);
        for (path_key, item) in entries(paths) {
            let Some(key) = key_text(path_key) else { continue };
            // `/folders/{id}#add`: the fragment only tells two operations of
            // one path apart (a path key is unique), and is never sent; it
            // ends the endpoint's derived name. A `?query` stays in the path:
            // fixed query parameters, sent with every request.
            let (path, fragment) = match key.split_once('#') {
                Some((path, fragment)) => (path.to_owned(), Some(fragment.to_owned())),
                None => (key.clone(), None),
            };
            let quoted = path_key.span.end - path_key.span.start >= key.len() + 2;
            let path_span = path_key.span.sub(0, path.len() + 2 * usize::from(quoted));
            let item = follow_ref(self.root, item);
            let item_servers = get(item, "servers");
            // OpenAPI 3.2's operations of other methods, keyed by the method.
            let additional = get(item, "additionalOperations").map(entries).unwrap_or_default();
            for (method_key, operation) in entries(item).iter().chain(additional) {
                let Some(method) = method_key.as_str() else { continue };
                let listed = additional.iter().any(|(key, _)| key.span == method_key.span);
                if !listed
                    && !matches!(
                        method,
                        "get" | "put" | "post" | "delete" | "patch" | "head" | "options" | "trace" | "query"
                    )
                {
                    continue;
                }
                self.operation = Some(format!("{} {key}", method.to_ascii_uppercase()));
                self.tally.operations += 1;
                let known = ["get", "put", "post", "delete", "patch", "head", "options"];
                if listed || !known.contains(&method) {
                    self.leave_out(
                        method_key.span,
                        format!("{} operations are not supported", method.to_ascii_uppercase()),
                        "the methods are GET, PUT, POST, DELETE, PATCH, HEAD and OPTIONS",
                    );
                } else {
                    let operation = follow_ref(self.root, operation);
                    let servers = get(operation, "servers").or(item_servers);
                    let server = servers.and_then(|servers| self.own_server(servers, base_url.as_deref()));
                    let mut errors = Vec::new();
                    let candidates_before = candidates.len();
                    let endpoint = self.operation(
                        &located(path.clone(), path_span),
                        fragment.as_deref(),
                        located(method.to_ascii_uppercase(), method_key.span),
                        operation,
                        item,
                        &mut errors,
                        &mut candidates,
                        schemes,
                        &scheme_names,
                        endpoints.len(),
                    );
                    let mut endpoint = endpoint;
                    endpoint.server.clone_from(&server);
                    if self.leaving_out {
                        // Nothing of it stays but the types made for it,
                        // which may be unused.
                        candidates.truncate(candidates_before);
                        let index = endpoints.len();
                        self.pending_defaults.retain(|pending| !pending.at.is_of_endpoint(index));
                    } else {
                        endpoints.push(endpoint);
                        endpoint_errors.push(errors);
                        // OpenAI's `POST /chat/completions`: JSON, or events
                        // when the body says `stream: true`. A second
                        // endpoint, `…_stream`, answers with the events.
                        if self.answers_json_or_events_by_body(operation) {
                            let mut errors = Vec::new();
                            let candidates_before = candidates.len();
                            self.answer_as_events = true;
                            let mut streamed = self.operation(
                                &located(path.clone(), path_span),
                                fragment.as_deref(),
                                located(method.to_ascii_uppercase(), method_key.span),
                                operation,
                                item,
                                &mut errors,
                                &mut candidates,
                                schemes,
                                &scheme_names,
                                endpoints.len(),
                            );
                            self.answer_as_events = false;
                            if self.leaving_out {
                                candidates.truncate(candidates_before);
                                let index = endpoints.len();
                                self.pending_defaults.retain(|pending| !pending.at.is_of_endpoint(index));
                            } else {
                                streamed.server = server;
                                streamed.name.value.push_str("_stream");
                                let note = "The same operation answered as Server-Sent Events: set the body's `stream` \
                                            field to `true` to ask for them.";
                                streamed.description = Some(match streamed.description.take() {
                                    Some(description) => format!("{description}\n\n{note}"),
                                    None => note.to_owned(),
                                });
                                endpoints.push(streamed);
                                endpoint_errors.push(errors);
                            }
                        }
                    }
                }
                if std::mem::take(&mut self.leaving_out) {
                    self.tally.left_out += 1;
                }
                self.operation = None;
            }
        }
        unique_endpoint_names(&mut endpoints);
        (endpoints, candidates, endpoint_errors)
    }

    #[allow(clippy::too_many_arguments, reason = "the operation and what it is read into")]
    fn operation(
        &mut self,
        path: &Located<String>,
        fragment: Option<&str>,
        method: Located<String>,
        operation: &'n Node,
        item: &'n Node,
        errors: &mut Vec<usize>,
        candidates: &mut Vec<ErrorCandidate>,
        schemes: &[AuthScheme],
        scheme_names: &[String],
        index: usize,
    ) -> EndpointDef {
        let operation_id = get(operation, "operationId");
        let explicit = get(operation, "x-endpointgen-name").or(operation_id);
        let name =
            explicit.and_then(Node::as_str).map(ident::snake).filter(|name| ident::is_valid(name)).unwrap_or_else(
                || {
                    // Named after the path without its fixed query.
                    let derived = derived_endpoint_name(&method.value, path_without_query(&path.value));
                    match fragment.map(ident::snake).filter(|suffix| !suffix.is_empty()) {
                        Some(suffix) => format!("{derived}_{suffix}"),
                        None => derived,
                    }
                },
            );
        let name = located(name, explicit.map_or(method.span, |node| node.span));
        let hint = ident::camel(&name.value);
        let groups = groups(operation, &located(path_without_query(&path.value), path.span));

        // Parameters: the path item's, then the operation's, which replace
        // those of the same name and place.
        let mut parameters: Vec<&'n Node> = Vec::new();
        for parameter in seq(get(item, "parameters")).iter().chain(seq(get(operation, "parameters"))) {
            let parameter = follow_ref(self.root, parameter);
            let key = (get_str(parameter, "name"), get_str(parameter, "in"));
            match parameters.iter_mut().find(|known| (get_str(known, "name"), get_str(known, "in")) == key) {
                Some(known) => *known = parameter,
                None => parameters.push(parameter),
            }
        }
        let mut path_params = Vec::new();
        let mut query = Vec::new();
        let mut headers = Vec::new();
        let mut cookies = Vec::new();
        let mut taken = HashSet::new();
        let has_body = get(operation, "requestBody").is_some();
        if has_body {
            taken.insert("body".to_owned());
        }
        for parameter in parameters {
            let Some(place) = get(parameter, "in") else {
                self.leave_out(parameter.span, "a parameter needs `in`", "write `in: query`, `path` or `header`");
                continue;
            };
            let which = place.as_str().unwrap_or_default();
            if which == "header"
                && get_str(parameter, "name").is_some_and(|header| {
                    header.eq_ignore_ascii_case("accept") || header.eq_ignore_ascii_case("content-type")
                })
            {
                // OpenAPI: "If `in` is "header" and the name field is "Accept"
                // or "Content-Type", the parameter definition SHALL be
                // ignored." The client sets them from the media types.
                continue;
            }
            let Some(param) = self.parameter(parameter, place, &hint, &mut taken) else { continue };
            match which {
                "path" => path_params.push(param),
                "cookie" => cookies.push(param),
                "query" => {
                    if let Some(default) = get(parameter, "schema").and_then(|schema| get(schema, "default")) {
                        self.pending_defaults.push(PendingDefault {
                            at: DefaultAt::Query { endpoint: index, param: query.len() },
                            node: default,
                            nullable: false,
                        });
                    }
                    query.push(param);
                }
                _ => {
                    if let Some(default) = get(parameter, "schema").and_then(|schema| get(schema, "default")) {
                        self.pending_defaults.push(PendingDefault {
                            at: DefaultAt::Header { endpoint: index, param: headers.len() },
                            node: default,
                            nullable: false,
                        });
                    }
                    headers.push(param);
                }
            }
        }
        // Constructor arguments follow the path, whatever order the document
        // lists the parameters in (dropshot's is alphabetical).
        path_params.sort_by_key(|param: &ParamDef| {
            path.value.find(&format!("{{{}}}", param.name.value)).unwrap_or(usize::MAX)
        });
        let mut body = get(operation, "requestBody").and_then(|body| self.request_body(body, &hint));
        if let Some(body) = &mut body
            && method.value == "GET"
        {
            // The document says the server reads a body on GET.
            body.allow_get = Some(body.span);
        }
        let (response, responses, description_note) = self.responses(operation, &hint, errors, candidates);
        let auth = self.auth(operation, method.span, schemes, scheme_names);
        let deprecated = match (get(operation, "deprecated"), get_str(operation, "x-endpointgen-deprecated")) {
            (_, Some(reason)) => Some(Located { value: Deprecation::Because(reason.to_owned()), span: operation.span }),
            (Some(Node { value: Value::Bool(true), span }), None) => {
                Some(Located { value: Deprecation::Yes, span: *span })
            }
            _ => None,
        };
        let mut description = get_str(operation, "description").map(str::to_owned);
        if let Some(note) = description_note {
            description = Some(match description {
                Some(text) => format!("{text}\n\n{note}"),
                None => note,
            });
        }
        EndpointDef {
            groups,
            name,
            rust_name: None,
            summary: get_str(operation, "summary").map(str::to_owned),
            description,
            method,
            path: path.clone(),
            path_params,
            query,
            headers,
            cookies,
            body,
            response,
            responses,
            errors: Vec::new(),
            server: None,
            auth,
            deprecated,
            tags: seq(get(operation, "tags")).iter().filter_map(Node::as_str).map(str::to_owned).collect(),
            docs_url: get(operation, "externalDocs").and_then(|docs| get_str(docs, "url")).map(str::to_owned),
            paging: self.paging(operation),
        }
    }

    /// An operation's paging, from the first of these extensions it has:
    /// `x-endpointgen-paging` (the spec's `paging:` as it is written),
    /// `AutoRest`'s `x-ms-pageable` (`nextLinkName`, `itemName`), Fern's
    /// `x-fern-pagination` (a cursor), and
    /// Speakeasy's `x-speakeasy-pagination` (`type: cursor`, `url` or
    /// `offsetLimit` with an `offset` input; outputs as `$.a.b`). The
    /// validation checks the fields it names against the response, and
    /// drops a paging that does not fit, with a warning.
    fn paging(&mut self, operation: &'n Node) -> Option<PagingDef> {
        if let Some(node) = get(operation, "x-endpointgen-paging") {
            return self.endpointgen_paging(node);
        }
        if let Some(node) = get(operation, "x-ms-pageable") {
            // `nextLinkName: null`: one page, however large.
            let next = get_str(node, "nextLinkName")?;
            let items = get_str(node, "itemName").unwrap_or("value");
            return Some(PagingDef {
                style: PagingStyleDef::NextUrl(located(next, node.span)),
                items: Some(located(items, node.span)),
                span: node.span,
            });
        }
        if let Some(node) = get(operation, "x-fern-pagination") {
            let paging = Self::fern_paging(node);
            if paging.is_none() {
                self.paging_warning(
                    node.span,
                    "its `x-fern-pagination` is not one endpointgen reads",
                    "endpointgen reads `cursor: $request.<parameter>`, `next_cursor: $response.<field>` and `results: $response.<field>`; write `x-endpointgen-paging` for the others",
                );
            }
            return paging;
        }
        let node = get(operation, "x-speakeasy-pagination")?;
        let paging = Self::speakeasy_paging(node);
        if paging.is_none() {
            self.paging_warning(
                node.span,
                "its `x-speakeasy-pagination` is not one endpointgen reads",
                "endpointgen reads `type: cursor` and `type: url`, and `type: offsetLimit` with an `offset` input, whose outputs are dotted paths such as `$.meta.next`; write `x-endpointgen-paging` for the others",
            );
        }
        paging
    }

    /// A warning that the operation being read is generated without paging.
    fn paging_warning(&mut self, span: Span, message: &str, hint: &str) {
        let operation = self.operation.as_deref().unwrap_or("?");
        let message = format!("operation `{operation}` is not paged: {message}");
        self.diagnostics.push(Diagnostic::warning(span, message).hint(hint));
    }

    /// `x-endpointgen-paging: page`, or `{ cursor: { param, from } |
    /// next_url | link_header | offset, limit, total, items }`.
    fn endpointgen_paging(&mut self, node: &'n Node) -> Option<PagingDef> {
        let text = |key: &str| get(node, key).and_then(|value| value.as_str().map(|text| located(text, value.span)));
        let style = if let Some(page) = node.as_str() {
            PagingStyleDef::Page(located(page, node.span))
        } else if let Some(cursor) = get(node, "cursor") {
            let field =
                |key: &str| get(cursor, key).and_then(|value| value.as_str().map(|text| located(text, value.span)));
            PagingStyleDef::Cursor { param: field("param")?, from: field("from")? }
        } else if let Some(next) = text("next_url") {
            PagingStyleDef::NextUrl(next)
        } else if matches!(get(node, "link_header"), Some(Node { value: Value::Bool(true), .. })) {
            PagingStyleDef::LinkHeader
        } else if let Some(offset) = text("offset") {
            PagingStyleDef::Offset { param: offset, limit: text("limit"), total: text("total") }
        } else {
            self.paging_warning(
                node.span,
                "its `x-endpointgen-paging` names no way to the next page",
                "write a page parameter's name, or a map with `cursor`, `next_url`, `link_header` or `offset`, as `paging:` in a spec",
            );
            return None;
        };
        Some(PagingDef { style, items: text("items"), span: node.span })
    }

    /// `x-fern-pagination: { cursor: $request.cursor, next_cursor:
    /// $response.next, results: $response.results }`. Fern's `offset` (a
    /// page index that steps by one, or by `step`, until an empty page) and
    /// `x-fern-pagination: true` (the document's own) are not read.
    fn fern_paging(node: &'n Node) -> Option<PagingDef> {
        let reference = |key: &str, prefix: &str| -> Option<Located<String>> {
            let value = get(node, key)?;
            let path = value.as_str()?.strip_prefix(prefix)?;
            json_path(&format!("$.{path}")).map(|path| located(path, value.span))
        };
        let param = reference("cursor", "$request.")?;
        let from = reference("next_cursor", "$response.")?;
        let items = match get(node, "results") {
            Some(_) => Some(reference("results", "$response.")?),
            None => None,
        };
        Some(PagingDef { style: PagingStyleDef::Cursor { param, from }, items, span: node.span })
    }

    /// `x-speakeasy-pagination: { type, inputs: [{ name, in: parameters,
    /// type }], outputs: { results, nextCursor, nextUrl } }`.
    fn speakeasy_paging(node: &'n Node) -> Option<PagingDef> {
        let outputs = get(node, "outputs");
        let output = |key: &str| -> Option<Located<String>> {
            let value = outputs.and_then(|outputs| get(outputs, key))?;
            json_path(value.as_str()?).map(|path| located(path, value.span))
        };
        let input = |kind: &str| -> Option<Located<String>> {
            seq(get(node, "inputs")).iter().find_map(|input| {
                let matches = get_str(input, "type") == Some(kind) && get_str(input, "in") == Some("parameters");
                matches.then(|| get_str(input, "name").map(|name| located(name, input.span))).flatten()
            })
        };
        let style = match get_str(node, "type")? {
            "cursor" => PagingStyleDef::Cursor { param: input("cursor")?, from: output("nextCursor")? },
            "url" => PagingStyleDef::NextUrl(output("nextUrl")?),
            "offsetLimit" => PagingStyleDef::Offset { param: input("offset")?, limit: input("limit"), total: None },
            _ => return None,
        };
        let items = match outputs.and_then(|outputs| get(outputs, "results")) {
            Some(results) => Some(located(json_path(results.as_str()?)?, results.span)),
            None => None,
        };
        Some(PagingDef { style, items, span: node.span })
    }

    fn parameter(
        &mut self,
        parameter: &'n Node,
        place: &'n Node,
        hint: &str,
        taken: &mut HashSet<String>,
    ) -> Option<ParamDef> {
        let name_node = get(parameter, "name");
        let Some(name) = name_node.and_then(Node::as_str) else {
            self.leave_out(parameter.span, "a parameter needs a `name`", "write `name: id`");
            return None;
        };
        let name_span = name_node.map_or(parameter.span, |node| node.span);
        let which = place.as_str().unwrap_or_default();
        match which {
            "path" | "query" | "header" | "cookie" => {}
            other => {
                self.leave_out(
                    place.span,
                    format!("unknown parameter place `{other}`"),
                    "parameters are `in: path`, `query`, `header` or `cookie`",
                );
                return None;
            }
        }
        // `content: { application/json: { schema } }`: the value's JSON text.
        let json_content = get(parameter, "content")
            .filter(|_| get(parameter, "schema").is_none() && which != "path" && which != "cookie")
            .and_then(|content| match entries(content) {
                [(media_type, media)] if media_type.as_str().is_some_and(is_json_media_type) => {
                    Some((get(media, "schema")?, media_type.span))
                }
                _ => None,
            });
        let Some(schema) = get(parameter, "schema").or(json_content.map(|(schema, _)| schema)) else {
            let at = get(parameter, "content").map_or(parameter.span, |content| content.span);
            self.leave_out(
                at,
                format!("parameter `{name}` has no `schema`, nor JSON `content` in the query or a header"),
                "a parameter is a `schema`, or the JSON text of one (`content: { application/json: { schema: … } }`) in the query or a header",
            );
            // A path parameter still fills its place in the path.
            return (which == "path").then(|| ParamDef {
                name: located(name, name_span),
                rust_name: None,
                ty: builtin("string", parameter.span),
                description: None,
                default: None,
                style: StyleDef::default(),
                json: None,
            });
        };
        let style_node = get(parameter, "style");
        let style = style_node.and_then(Node::as_str);
        // The styles each place has in OpenAPI that endpointgen writes; a
        // `matrix` or `label` path, say, is not among them.
        let (default_style, styles): (&str, &[&str]) = match which {
            "query" => ("form", &["form", "spaceDelimited", "pipeDelimited", "deepObject"]),
            "cookie" => ("form", &["form"]),
            _ => ("simple", &["simple"]),
        };
        if let Some(style) = style.filter(|style| !styles.contains(style)) {
            let at = style_node.map_or(parameter.span, |node| node.span);
            self.leave_out(
                at,
                format!("the `{style}` style of parameter `{name}` is not supported"),
                format!("{which} parameters are sent in the {} style", styles.join(", ")),
            );
            // Read on, so that the path does not also miss the parameter.
        }
        let ty = self.schema_type(Schema::new(schema), &format!("{hint}{}", ident::camel(name)));
        let explode_node = get(parameter, "explode").filter(|node| matches!(node.value, Value::Bool(_)));
        let explode = match explode_node {
            Some(node) => Some(Located { value: node.value == Value::Bool(true), span: node.span }),
            // OpenAPI explodes a cookie's list by default, which has no
            // agreed form (`ids=1; ids=2`?): say so, and the checks leave
            // the operation out.
            None if which == "cookie" && ty.name == "list" => Some(Located { value: true, span: parameter.span }),
            None => None,
        };
        // A path parameter holds one plain value, whose `explode` says
        // nothing.
        let style = if which == "path" {
            StyleDef::default()
        } else {
            StyleDef {
                // The place's own default is left unsaid, as a spec says it.
                style: style
                    .filter(|style| *style != default_style && styles.contains(style))
                    .map(|style| located(style, style_node.map_or(parameter.span, |node| node.span))),
                // `deepObject` is always exploded, whatever the document says
                // (OpenAPI's table has no row for it unexploded).
                explode: explode.filter(|_| style != Some("deepObject")),
            }
        };
        let mut ty = ty;
        // Null means nothing in a path or query; a parameter is optional when
        // it is not required (a path parameter always is).
        let required =
            which == "path" || get(parameter, "required").is_some_and(|node| node.value == Value::Bool(true));
        ty.optional = !required;
        let derived = ident::snake(name);
        let rust_name = get_str(parameter, "x-endpointgen-rust-name").map(str::to_owned).or_else(|| {
            let mut fixed = if ident::is_valid(&derived) { derived.clone() } else { format!("{which}_param") };
            // An optional parameter's builder method may not hide a method
            // every endpoint has.
            if !required && ENDPOINT_METHODS.contains(&fixed.as_str()) {
                fixed.push_str("_param");
            }
            if taken.contains(&fixed) {
                fixed = format!("{fixed}_{which}");
            }
            let fixed = unique_in(taken, fixed, "_");
            (fixed != derived).then_some(fixed)
        });
        taken.insert(rust_name.clone().unwrap_or(derived));
        Some(ParamDef {
            name: located(name, name_span),
            rust_name: rust_name.map(|rust_name| located(rust_name, name_span)),
            ty,
            description: get_str(parameter, "description").map(str::to_owned),
            default: None,
            style,
            json: json_content.map(|(_, span)| span),
        })
    }

    /// `requestBody`: JSON, a form, or the bytes of another media type.
    fn request_body(&mut self, body: &'n Node, hint: &str) -> Option<BodyDef> {
        let body = follow_ref(self.root, body);
        let content = get(body, "content")?;
        let required = get(body, "required").is_some_and(|node| node.value == Value::Bool(true));
        let description = get_str(body, "description").map(str::to_owned);
        let media: Vec<(String, &'n Node, Span)> =
            entries(content).iter().filter_map(|(key, value)| Some((key_text(key)?, value, key.span))).collect();
        if media.is_empty() {
            return None;
        }
        let json = media.iter().find(|(media_type, _, _)| is_json_media_type(media_type));
        let mut encoding = Vec::new();
        let form = media
            .iter()
            .find(|(media_type, _, _)| media_type_essence(media_type) == "application/x-www-form-urlencoded");
        let (ty, content) = match (json, form) {
            (Some((media_type, media, span)), _) => {
                let essence = media_type_essence(media_type);
                // Sent as it is named, unless it is plain JSON.
                let content = (essence != "application/json").then(|| located(essence, *span));
                (self.media_schema(media, &format!("{hint}Body")), content)
            }
            (None, Some((_, media, span))) => {
                encoding = form_encoding(media);
                (self.media_schema(media, &format!("{hint}Body")), Some(located("form", *span)))
            }
            (None, None) => {
                let (media_type, media, span) = &media[0];
                if media_type_essence(media_type) == "multipart/form-data" {
                    encoding = self.multipart_encoding(media);
                    self.multipart = true;
                    let ty = self.media_schema(media, &format!("{hint}Form"));
                    self.multipart = false;
                    self.binary_fields_are_files(&ty);
                    (ty, Some(located("multipart", *span)))
                } else if media_type_essence(media_type).starts_with("multipart/") {
                    self.leave_out(
                        *span,
                        format!("`{media_type}` request bodies are not supported"),
                        "endpointgen sends `multipart/form-data`, JSON, forms (`application/x-www-form-urlencoded`) and raw bytes",
                    );
                    return None;
                } else {
                    // Any other media type is sent as the caller's bytes.
                    let media_type =
                        if media_type.contains('*') { "application/octet-stream" } else { media_type.as_str() };
                    (builtin("bytes", *span), Some(located(media_type, *span)))
                }
            }
        };
        Some(BodyDef {
            ty: optional(TypeExpr { optional: false, ..ty }, !required),
            description,
            content,
            allow_get: None,
            encoding,
            stream: None,
            span: body.span,
        })
    }

    /// The server of a path or an operation, by its name among the
    /// spec's `servers:` (added on first use); none when it is the
    /// document's own (`base_url`), as every path of Twilio's document
    /// names it again.
    fn own_server(&mut self, servers: &'n Node, base_url: Option<&str>) -> Option<Located<String>> {
        let (url, url_node) = server_url(servers)?;
        if Some(url.as_str()) == base_url {
            return None;
        }
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            self.leave_out(
                url_node.span,
                format!("it is sent to a server of its own, `{url}`, which is not an absolute URL"),
                "give the server an absolute URL, such as `https://upload.example.com`",
            );
            return None;
        }
        let server = match &servers.value {
            Value::Seq(items) => items.first()?,
            _ => return None,
        };
        let template = url_node.as_str()?.to_owned();
        let mut variables = Vec::new();
        for (name, variable) in get(server, "variables").map(entries).unwrap_or_default() {
            let Some(text) = name.as_str() else { continue };
            variables.push(ServerVariableDef {
                name: located(text, name.span),
                default: get(variable, "default")
                    .and_then(|default| default.as_str().map(|value| located(value, default.span))),
                allowed: seq(get(variable, "enum"))
                    .iter()
                    .filter_map(|value| value.as_str().map(|text| located(text, value.span)))
                    .collect(),
                description: get_str(variable, "description").map(str::to_owned),
            });
        }
        let same = |known: &ServerDef| {
            known.url.value == template
                && known
                    .variables
                    .iter()
                    .map(|variable| (&variable.name.value, variable.default.as_ref().map(|default| &default.value)))
                    .eq(variables.iter().map(|variable| {
                        (&variable.name.value, variable.default.as_ref().map(|default| &default.value))
                    }))
        };
        if let Some(known) = self.servers.iter().find(|known| same(known)) {
            return Some(located(known.name.value.clone(), url_node.span));
        }
        // Named by an export, or after the host: `upload.box.com` →
        // `upload_box_com`.
        let name = get_str(server, "x-endpointgen-server").map_or_else(
            || {
                let host = url.split("://").nth(1).unwrap_or_default();
                let host = host.split(['/', ':']).next().unwrap_or_default();
                let derived = ident::snake(host);
                if ident::is_valid(&derived) { derived } else { "server".to_owned() }
            },
            str::to_owned,
        );
        let mut taken: HashSet<String> = self.servers.iter().map(|known| known.name.value.clone()).collect();
        let name = unique_in(&mut taken, name, "_");
        self.servers.push(ServerDef {
            name: located(name.clone(), url_node.span),
            url: located(template, url_node.span),
            description: get_str(server, "description").map(str::to_owned),
            variables,
        });
        Some(located(name, url_node.span))
    }

    /// The type of a media type object's `schema` (any without one).
    fn media_schema(&mut self, media: &'n Node, hint: &str) -> TypeExpr {
        match get(media, "schema") {
            Some(schema) => self.schema_type(Schema::new(schema), hint),
            None => builtin("any", media.span),
        }
    }

    /// The success response, and the error responses as candidates (by
    /// index into `candidates`); a note for the description when the
    /// operation answers in a way the client does not follow.
    fn responses(
        &mut self,
        operation: &'n Node,
        hint: &str,
        errors: &mut Vec<usize>,
        candidates: &mut Vec<ErrorCandidate>,
    ) -> (Option<BodyDef>, Option<Located<Vec<SuccessDef>>>, Option<String>) {
        let Some(responses) = get(operation, "responses") else { return (None, None, None) };
        let mut successes: Vec<(u16, &'n Node, Span)> = Vec::new();
        let mut default = None;
        let mut note = None;
        let mut error_responses: Vec<(Located<StatusDef>, &'n Node)> = Vec::new();
        for (key, response) in entries(responses) {
            let Some(status) = key_text(key) else { continue };
            let response = follow_ref(self.root, response);
            match status.as_str() {
                "default" => default = Some((key, response)),
                "2XX" | "2xx" => successes.push((299, response, key.span)),
                "4XX" | "4xx" => {
                    error_responses.push((Located { value: StatusDef::Class(4), span: key.span }, response));
                }
                "5XX" | "5xx" => {
                    error_responses.push((Located { value: StatusDef::Class(5), span: key.span }, response));
                }
                "101" => {
                    note = Some(
                        "This operation upgrades the connection (101 Switching Protocols, such as a WebSocket), which the client does not do: `to_request` gives the request to upgrade with another library."
                            .to_owned(),
                    );
                }
                _ => match status.parse::<u16>() {
                    Ok(code @ 200..=299) => successes.push((code, response, key.span)),
                    Ok(code @ 400..=599) => error_responses
                        .push((Located { value: StatusDef::Code(i128::from(code)), span: key.span }, response)),
                    // Informational and redirect statuses have no body to
                    // read; the HTTP client follows redirects.
                    Ok(100..=399) => {}
                    _ => self.leave_out(
                        key.span,
                        format!("`{status}` is not a response status"),
                        "response statuses are codes such as `200`, ranges such as `4XX`, or `default`",
                    ),
                },
            }
        }
        successes.sort_by_key(|(code, _, _)| *code);
        // Without a success response, `default` describes the answer.
        let success = successes.iter().find(|(_, response, _)| get(response, "content").is_some()).copied();
        let success = match (success, default) {
            (Some((_, response, span)), _) => Some((response, span)),
            (None, Some((key, response))) if successes.is_empty() => Some((response, key.span)),
            (None, Some((key, response))) => {
                error_responses.push((Located { value: StatusDef::Default, span: key.span }, response));
                None
            }
            (None, None) => None,
        };
        if let (Some(_), Some((key, response))) =
            (success.filter(|(response, _)| !std::ptr::eq(*response, default.map_or(operation, |d| d.1))), default)
        {
            error_responses.push((Located { value: StatusDef::Default, span: key.span }, response));
        }
        let body = success.and_then(|(response, span)| self.success_body(response, span, hint));
        // Success statuses with bodies of different types (GitHub's `200`
        // with statistics, `202` while they are computed) are answers by
        // status; so are those of an export that said so.
        let mut by_status =
            get(operation, "x-endpointgen-by-status").is_some_and(|node| node.value == Value::Bool(true));
        for (_, response, span) in &successes {
            let Some((chosen, _)) = success else { break };
            if by_status || std::ptr::eq(*response, chosen) || get(response, "content").is_none() {
                continue;
            }
            let other = self.success_body(response, *span, hint);
            by_status =
                matches!((other, &body), (Some(other), Some(body)) if other.ty.to_string() != body.ty.to_string());
        }
        let mut answers = None;
        if by_status {
            answers = Some(self.answers_by_status(&successes, responses, hint));
        }
        for (status, response) in error_responses {
            let base_name = get_str(response, "x-endpointgen-error")
                .and_then(error_name)
                .unwrap_or_else(|| status_name(status.value));
            let description = get_str(response, "description").filter(|text| !text.is_empty()).map(str::to_owned);
            let body = self.error_body(response, &format!("{hint}{base_name}"));
            errors.push(candidates.len());
            candidates.push(ErrorCandidate { status, base_name, description, body });
        }
        match answers {
            Some(answers) => (None, Some(answers), note),
            None => (body, None, note),
        }
    }

    /// Every success status with a body of its own, as `responses:` lists
    /// them; the variant of each is named after its status, and a body
    /// type made for it after both (`GetStatsAcceptedResponse`).
    fn answers_by_status(
        &mut self,
        successes: &[(u16, &'n Node, Span)],
        responses: &'n Node,
        hint: &str,
    ) -> Located<Vec<SuccessDef>> {
        let mut answers = Vec::with_capacity(successes.len());
        for &(code, response, span) in successes {
            if code == 299 {
                self.leave_out(
                    span,
                    "a `2XX` response stands next to success responses of other bodies",
                    "name each success status (`200`, `202`), so that the answer is decoded by the status received",
                );
                continue;
            }
            let description = get_str(response, "description").filter(|text| !text.is_empty()).map(str::to_owned);
            let variant_hint = format!("{hint}{}", success_variant(code));
            let body = self.success_body(response, span, &variant_hint);
            answers.push(SuccessDef { status: located_status(code, span), body, description });
        }
        Located { value: answers, span: responses.span }
    }

    /// A success response's body: JSON of its schema, or the bytes of
    /// another media type; none without content or for a `null` schema.
    fn success_body(&mut self, response: &'n Node, span: Span, hint: &str) -> Option<BodyDef> {
        let content = get(response, "content")?;
        let media: Vec<(String, &'n Node, Span)> =
            entries(content).iter().filter_map(|(key, value)| Some((key_text(key)?, value, key.span))).collect();
        let description = get_str(response, "description").filter(|text| !text.is_empty()).map(str::to_owned);
        let events =
            media.iter().find(|(media_type, _, _)| stream_content(media_type) == Some(StreamContent::EventStream));
        if let (true, Some((media_type, media, media_span))) = (self.answer_as_events, events) {
            let (ty, content) = self.stream_items(media_type, media, *media_span, hint);
            return Some(BodyDef {
                ty,
                description,
                content: Some(content),
                allow_get: None,
                encoding: Vec::new(),
                stream: None,
                span,
            });
        }
        if let Some((media_type, media, media_span)) =
            media.iter().find(|(media_type, _, _)| is_json_media_type(media_type))
        {
            if get(media, "schema").is_some_and(|schema| self.is_null_schema(schema)) {
                return None;
            }
            let ty = self.media_schema(media, &format!("{hint}Response"));
            let essence = media_type_essence(media_type);
            let content = (essence != "application/json").then(|| located(essence, *media_span));
            return Some(BodyDef {
                ty,
                description,
                content,
                allow_get: None,
                encoding: Vec::new(),
                stream: None,
                span,
            });
        }
        if let Some((media_type, media, media_span)) =
            media.iter().find(|(media_type, _, _)| stream_content(media_type).is_some())
        {
            let (ty, content) = self.stream_items(media_type, media, *media_span, hint);
            return Some(BodyDef {
                ty,
                description,
                content: Some(content),
                allow_get: None,
                encoding: Vec::new(),
                stream: None,
                span,
            });
        }
        let (media_type, media, media_span) = media.first()?;
        let content = (!media_type.contains('*')).then(|| located(media_type.clone(), *media_span));
        // An export marks a stream of bytes: its media type does not say.
        let stream =
            get(media, "x-endpointgen-stream").filter(|flag| flag.value == Value::Bool(true)).map(|flag| flag.span);
        Some(BodyDef {
            ty: builtin("bytes", *media_span),
            description,
            content,
            allow_get: None,
            encoding: Vec::new(),
            stream,
            span,
        })
    }

    /// Whether an operation answers JSON or events as its JSON body's
    /// boolean `stream` property says (the streaming endpoints of `OpenAI`).
    fn answers_json_or_events_by_body(&self, operation: &'n Node) -> bool {
        let streams_by_flag = get(operation, "requestBody")
            .map(|body| follow_ref(self.root, body))
            .and_then(|body| get(body, "content"))
            .and_then(|content| {
                entries(content)
                    .iter()
                    .find(|(key, _)| key.as_str().is_some_and(is_json_media_type))
                    .map(|(_, media)| media)
            })
            .and_then(|media| get(media, "schema"))
            .map(|schema| follow_ref(self.root, schema))
            .and_then(|schema| get(schema, "properties"))
            .and_then(|properties| get(properties, "stream"))
            .map(|stream| follow_ref(self.root, stream))
            .is_some_and(|stream| get_str(stream, "type") == Some("boolean"));
        let answers_both = get(operation, "responses").is_some_and(|responses| {
            entries(responses).iter().any(|(status, response)| {
                let success = key_text(status).is_some_and(|status| status.starts_with('2'));
                let media_types: Vec<String> = get(follow_ref(self.root, response), "content")
                    .map(|content| entries(content).iter().filter_map(|(key, _)| key_text(key)).collect())
                    .unwrap_or_default();
                success
                    && media_types.iter().any(|media_type| is_json_media_type(media_type))
                    && media_types
                        .iter()
                        .any(|media_type| stream_content(media_type) == Some(StreamContent::EventStream))
            })
        });
        streams_by_flag && answers_both
    }

    /// The item type and `content` of JSON lines or an event stream.
    ///
    /// OpenAPI 3.2's `itemSchema` is the schema of one line, or of one
    /// event: then its `data` property's `contentSchema` is the data's
    /// (a `data` without one is text). Documents of older versions put the
    /// schema of one item (one event's data) in `schema`.
    fn stream_items(
        &mut self,
        media_type: &str,
        media: &'n Node,
        media_span: Span,
        hint: &str,
    ) -> (TypeExpr, Located<String>) {
        let hint = format!("{hint}Item");
        let item = get(media, "itemSchema").or_else(|| get(media, "schema"));
        if stream_content(media_type) == Some(StreamContent::JsonLines) {
            let ty = match item {
                Some(item) => self.schema_type(Schema::new(item), &hint),
                None => builtin("any", media_span),
            };
            return (ty, located(media_type_essence(media_type), media_span));
        }
        let event_data = get(media, "itemSchema")
            .map(|item| follow_ref(self.root, item))
            .and_then(|item| get(item, "properties"))
            .and_then(|properties| get(properties, "data"));
        let ty = match (event_data, item) {
            (Some(data), _) => match get(data, "contentSchema") {
                Some(schema) => self.schema_type(Schema::new(schema), &hint),
                None => builtin("string", data.span),
            },
            (None, Some(item)) => self.schema_type(Schema::new(item), &hint),
            (None, None) => builtin("string", media_span),
        };
        (ty, located(EVENT_STREAM.to_owned(), media_span))
    }

    fn error_body(&mut self, response: &'n Node, hint: &str) -> Option<TypeExpr> {
        let content = get(response, "content")?;
        let (_, media) = entries(content).iter().find(|(key, _)| key.as_str().is_some_and(is_json_media_type))?;
        get(media, "schema")?;
        let ty = self.media_schema(media, hint);
        (ty.name != "any").then_some(ty)
    }
}

impl<'n> Importer<'n, '_> {
    /// The binary fields (`bytes`, OpenAPI's `format: binary`) of a
    /// multipart body's struct are its file parts, also when the body
    /// refers to a schema of `components` (as an export writes it), which
    /// was read before as any schema is.
    fn binary_fields_are_files(&mut self, ty: &TypeExpr) {
        fn to_file(ty: &mut TypeExpr) {
            match ty.name.as_str() {
                "bytes" if ty.args.is_empty() => "file".clone_into(&mut ty.name),
                "list" => ty.args.iter_mut().filter(|arg| !arg.optional).for_each(to_file),
                _ => {}
            }
        }
        let Some(&slot) = self.slots.get(&ty.name) else { return };
        if let Some(Some(def)) = self.types.get_mut(slot)
            && let crate::spec::TypeDefKind::Struct(fields) = &mut def.kind
        {
            for field in fields.iter_mut() {
                to_file(&mut field.ty);
            }
        }
    }

    /// A multipart media type's `encoding`: the `contentType` of each part
    /// that has one (a list of several, `image/png, image/jpeg`, names what
    /// the server takes: the part is sent as the first). A part's `headers`
    /// are the caller's to give (`FilePart::header`): a warning says so.
    fn multipart_encoding(&mut self, media: &'n Node) -> Vec<FieldEncodingDef> {
        let Some(encoding) = get(media, "encoding") else { return Vec::new() };
        let mut fields = Vec::new();
        for (key, part) in entries(encoding) {
            let Some(name) = key_text(key) else { continue };
            if let Some(headers) = get(part, "headers")
                && !entries(headers).is_empty()
            {
                self.diagnostics.push(
                    Diagnostic::warning(headers.span, format!("the headers of the part `{name}` are not sent by the generated code"))
                        .hint("a file part sends the headers its `FilePart` is given with `.header(name, value)`; a text or JSON part sends its `Content-Disposition` and `Content-Type` only"),
                );
            }
            let Some(content_type) = get(part, "contentType") else { continue };
            let Some(text) = content_type.as_str() else { continue };
            let first = text.split(',').next().unwrap_or_default().trim();
            // A wildcard names no media type to send.
            if first.is_empty() || first.contains('*') {
                continue;
            }
            fields.push(FieldEncodingDef {
                field: located(name, key.span),
                style: StyleDef { style: None, explode: None },
                content_type: Some(located(first, content_type.span)),
            });
        }
        fields
    }
}

/// A form media type's `encoding`: the `style` and `explode` of each
/// property that has them (its `contentType` and `headers` say nothing a
/// form field can carry).
fn form_encoding(media: &Node) -> Vec<FieldEncodingDef> {
    let Some(encoding) = get(media, "encoding") else { return Vec::new() };
    entries(encoding)
        .iter()
        .filter_map(|(key, field)| {
            let style = get(field, "style").and_then(|node| Some(located(node.as_str()?, node.span)));
            let explode = get(field, "explode").and_then(|node| match node.value {
                Value::Bool(explode) => Some(Located { value: explode, span: node.span }),
                _ => None,
            });
            // The form's default: left unsaid.
            let style = style.filter(|style| style.value != "form");
            (style.is_some() || explode.is_some())
                .then(|| {
                    Some(FieldEncodingDef {
                        field: located(key_text(key)?, key.span),
                        style: StyleDef { style, explode },
                        content_type: None,
                    })
                })
                .flatten()
        })
        .collect()
}

/// `/responses` of `/responses?beta=true`, which names the endpoint and its
/// group.
fn path_without_query(path: &str) -> &str {
    path.split_once('?').map_or(path, |(path, _)| path)
}

/// A success status as `responses:` holds it.
fn located_status(code: u16, span: Span) -> Located<i128> {
    Located { value: i128::from(code), span }
}

/// The errors of the operations: one shared by several is one of the
/// spec's `errors:`, named after its status (`ClientError`), the others
/// are written inline.
pub(super) fn errors(
    endpoints: &mut [EndpointDef],
    candidates: &[ErrorCandidate],
    endpoint_errors: &[Vec<usize>],
) -> Vec<ErrorDef> {
    // Each candidate's key, made once: it formats the body's type.
    let keys: Vec<(String, String, Option<String>)> = candidates.iter().map(ErrorCandidate::key).collect();
    let mut uses: HashMap<&(String, String, Option<String>), usize> = HashMap::new();
    for key in &keys {
        *uses.entry(key).or_default() += 1;
    }
    let mut shared: HashMap<&(String, String, Option<String>), String> = HashMap::new();
    let mut taken = HashSet::new();
    let mut defs = Vec::new();
    for (candidate, key) in candidates.iter().zip(&keys) {
        if uses[key] < 2 || shared.contains_key(key) {
            continue;
        }
        let mut name = candidate.base_name.clone();
        if taken.contains(&name)
            && let Some(body) = &candidate.body
        {
            name.push_str(&body.words());
        }
        let name = unique_in(&mut taken, name, "");
        shared.insert(key, name.clone());
        defs.push(ErrorDef {
            name: located(name, candidate.status.span),
            status: candidate.status.clone(),
            description: candidate.description.clone(),
            body: candidate.body.clone(),
        });
    }
    for (endpoint, indexes) in endpoints.iter_mut().zip(endpoint_errors) {
        let mut variants = HashSet::new();
        for &index in indexes {
            let candidate = &candidates[index];
            match shared.get(&keys[index]) {
                Some(name) => {
                    variants.insert(ident::camel(name));
                    endpoint.errors.push(ErrorRef::Named(located(name.clone(), candidate.status.span)));
                }
                None => {
                    // Unique as Rust sees it: `not_found` and `NotFound`
                    // would be one variant.
                    let mut name = candidate.base_name.clone();
                    for number in 2.. {
                        if variants.insert(ident::camel(&name)) {
                            break;
                        }
                        name = format!("{}{number}", candidate.base_name);
                    }
                    endpoint.errors.push(ErrorRef::Inline(ErrorDef {
                        name: located(name, candidate.status.span),
                        status: candidate.status.clone(),
                        description: candidate.description.clone(),
                        body: candidate.body.clone(),
                    }));
                }
            }
        }
    }
    defs
}

/// The error name an `x-endpointgen-error` gives, made a valid one: as
/// written when it makes a variant name, its symbols spelled out (`+` →
/// `Plus`) when they do, else none (the status names it).
fn error_name(written: &str) -> Option<String> {
    if ident::is_valid(&ident::camel(written)) {
        return Some(written.to_owned());
    }
    let spelled = ident::camel(&spell_symbols(written));
    ident::is_valid(&spelled).then_some(spelled)
}

/// `$.meta.next_cursor` → `meta.next_cursor`: a `JSONPath` of names only;
/// `None` for anything more (`$.data[-1].id`), which has no field path.
fn json_path(path: &str) -> Option<String> {
    let names = path.strip_prefix("$.")?;
    let simple = names
        .split('.')
        .all(|name| !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-'));
    simple.then(|| names.to_owned())
}
