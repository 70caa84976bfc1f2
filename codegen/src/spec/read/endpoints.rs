//! `servers:` and `endpoints:`: groups of endpoints, each endpoint's keys,
//! its parameters, body, responses and a form body's `encoding`.

use super::{Keys, Reader, is_type_shorthand};
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::spec::{
    BodyDef, Deprecation, EndpointDef, FieldEncodingDef, Located, PagingDef, PagingStyleDef, ParamDef, ServerDef,
    ServerVariableDef, StyleDef, SuccessDef,
};
use crate::yaml::{Node, Value};

/// The keys of an endpoint.
const ENDPOINT_KEYS: &[&str] = &[
    "summary",
    "description",
    "method",
    "path",
    "path_params",
    "query",
    "headers",
    "cookies",
    "body",
    "response",
    "responses",
    "errors",
    "server",
    "auth",
    "deprecated",
    "tags",
    "docs_url",
    "rust_name",
    "paging",
];

/// The keys every endpoint has.
const REQUIRED_ENDPOINT_KEYS: [&str; 2] = ["method", "path"];

/// Whether an entry of a group is an endpoint: a map with a `method`, or a
/// map that reads as an endpoint with `method` or `path` misspelled,
///
/// ```yaml
/// get: { metod: GET, path: /repos/{owner}, path_params: { owner: string }, response: Repo }
/// ```
///
/// Read as a group, each of its keys would be an error of its own (`path`
/// is neither an endpoint nor a group, nor `owner`…) and the misspelling
/// would get no did-you-mean. Read as an endpoint, it is one error: the
/// unknown key `metod`, with "did you mean `method`?". It is taken for one
/// when a key is close to `method` or `path` and holds a string (which no
/// entry of a group does), and most of its keys are an endpoint's.
fn is_endpoint(entry: &Node) -> bool {
    let Value::Map(entries) = &entry.value else { return false };
    if entries.iter().any(|(key, _)| key.as_str() == Some("method")) {
        return true;
    }
    let misspelled = entries
        .iter()
        .filter(|(key, value)| {
            let Some(text) = key.as_str().filter(|text| !ENDPOINT_KEYS.contains(text)) else { return false };
            value.as_str().is_some()
                && did_you_mean(text, ENDPOINT_KEYS.iter().copied())
                    .is_some_and(|suggestion| REQUIRED_ENDPOINT_KEYS.contains(&suggestion))
        })
        .count();
    let endpoint_keys =
        entries.iter().filter(|(key, _)| key.as_str().is_some_and(|key| ENDPOINT_KEYS.contains(&key))).count();
    misspelled > 0 && (misspelled + endpoint_keys) * 2 > entries.len()
}

impl Reader<'_> {
    /// `upload: https://upload.example.com`, or `{ url, description,
    /// variables: { region: { default: eu, enum: [eu, us] } } }`.
    pub(super) fn server_def(&mut self, name: Located<String>, node: &Node) -> Option<ServerDef> {
        const KEYS: &[&str] = &["url", "description", "variables"];
        const VARIABLE_KEYS: &[&str] = &["default", "enum", "description"];
        if let Value::Str(url) = &node.value {
            let url = Located { value: url.clone(), span: node.span };
            return Some(ServerDef { name, url, description: None, variables: Vec::new() });
        }
        let mut keys = self.keys(node, "a server", KEYS)?;
        let url = self.optional_located(&mut keys, "url");
        if url.is_none() && keys.key_span("url").is_none() {
            self.error(
                Diagnostic::new(name.span, format!("server `{}` has no `url`", name.value))
                    .hint("write `url: https://upload.example.com`"),
            );
        }
        let description = self.optional_string(&mut keys, "description");
        let mut variables = Vec::new();
        if let Some(node) = keys.get("variables") {
            for (variable, def) in self.named_entries(node, "`variables`") {
                let Some(mut fields) = self.keys(def, "a server variable", VARIABLE_KEYS) else { continue };
                let default = self.optional_located(&mut fields, "default");
                let allowed = fields
                    .get("enum")
                    .map(|node| self.string_list(node, "`enum`", "write `enum: [eu, us]`"))
                    .unwrap_or_default();
                let description = self.optional_string(&mut fields, "description");
                self.finish(&fields);
                variables.push(ServerVariableDef { name: variable, default, allowed, description });
            }
        }
        self.finish(&keys);
        Some(ServerDef { name, url: url?, description, variables })
    }

    /// A map under `endpoints:`: each entry is an endpoint (a map with a
    /// `method` key) or a group of more entries.
    pub(super) fn group(&mut self, node: &Node, groups: &mut Vec<Located<String>>, endpoints: &mut Vec<EndpointDef>) {
        let entries = self.named_entries(node, "a group of endpoints");
        if entries.is_empty() && matches!(node.value, Value::Map(_) | Value::Null) {
            self.error(
                Diagnostic::new(node.span, "this group has no endpoints").hint("add an endpoint, or remove the group"),
            );
        }
        for (name, entry) in entries {
            if is_endpoint(entry) {
                endpoints.extend(self.endpoint(groups.clone(), name, entry));
            } else if let Value::Map(_) = entry.value {
                groups.push(name);
                self.group(entry, groups, endpoints);
                groups.pop();
            } else {
                self.error(
                    Diagnostic::new(entry.span, format!("`{}` is neither an endpoint nor a group", name.value))
                        .hint("an endpoint is a map with `method` and `path`; a group is a map of endpoints"),
                );
            }
        }
    }

    /// The string of `key`, which an endpoint must have. `metod: GET` is
    /// reported as an unknown key, with a did-you-mean; its value is read
    /// all the same, so that the rest of the endpoint is checked and the
    /// endpoint stays in the macro's stub.
    fn required_endpoint_string(
        &mut self,
        keys: &mut Keys<'_>,
        name: &Located<String>,
        key: &str,
        hint: &str,
    ) -> Option<Located<String>> {
        match (keys.get(key), keys.misspelled(key)) {
            (Some(node), _) | (None, Some(node)) => self.string(node, &format!("`{key}`")),
            (None, None) => {
                self.error(Diagnostic::new(name.span, format!("endpoint `{}` has no `{key}`", name.value)).hint(hint));
                None
            }
        }
    }

    fn endpoint(&mut self, groups: Vec<Located<String>>, name: Located<String>, node: &Node) -> Option<EndpointDef> {
        let mut keys = self.keys(node, "an endpoint", ENDPOINT_KEYS)?;
        let summary = self.optional_string(&mut keys, "summary");
        let description = self.optional_string(&mut keys, "description");
        let rust_name = self.optional_located(&mut keys, "rust_name");
        let method = self.required_endpoint_string(&mut keys, &name, "method", "write `method: GET`, say");
        let path = self.required_endpoint_string(&mut keys, &name, "path", "write `path: /api/…`");
        let path_params =
            keys.get("path_params").map(|node| self.params(node, "`path_params`", false)).unwrap_or_default();
        let query = keys.get("query").map(|node| self.params(node, "`query`", true)).unwrap_or_default();
        let headers = keys.get("headers").map(|node| self.params(node, "`headers`", true)).unwrap_or_default();
        let cookies = keys.get("cookies").map(|node| self.params(node, "`cookies`", true)).unwrap_or_default();
        let body = keys.get("body").and_then(|node| self.body(node, "a body", true));
        let response = keys.get("response").and_then(|node| self.body(node, "a response", false));
        let responses = keys.get("responses").and_then(|node| {
            let successes = self.responses(node)?;
            Some(Located { value: successes, span: keys.key_span("responses").unwrap_or(node.span) })
        });
        let errors = keys.get("errors").map(|node| self.error_refs(node)).unwrap_or_default();
        let server = self.optional_located(&mut keys, "server");
        let auth = keys.get("auth").and_then(|node| self.auth_ref(node));
        let deprecated = keys.get("deprecated").and_then(|node| match &node.value {
            Value::Bool(true) => Some(Located { value: Deprecation::Yes, span: node.span }),
            Value::Bool(false) => None,
            Value::Str(reason) => Some(Located { value: Deprecation::Because(reason.clone()), span: node.span }),
            _ => {
                self.error(
                    Diagnostic::new(node.span, "`deprecated` must be true, false or a reason")
                        .hint("write `deprecated: \"use list_v2 instead\"`"),
                );
                None
            }
        });
        let tags = keys
            .get("tags")
            .map(|node| self.string_list(node, "`tags`", "write `tags: [bookings]`"))
            .unwrap_or_default()
            .into_iter()
            .map(|tag| tag.value)
            .collect();
        let docs_url = self.optional_string(&mut keys, "docs_url");
        let paging = keys.get("paging").and_then(|node| self.paging(node));
        self.finish(&keys);
        Some(EndpointDef {
            groups,
            name,
            rust_name,
            summary,
            description,
            method: method?,
            path: path?,
            path_params,
            query,
            headers,
            cookies,
            body,
            response,
            responses,
            errors,
            server,
            auth,
            deprecated,
            tags,
            docs_url,
            paging,
        })
    }

    /// `paging: page`, or `{ cursor: { param, from } | next_url: field |
    /// link_header: true | offset: param, limit: param, total: field,
    /// items: field }`.
    fn paging(&mut self, node: &Node) -> Option<PagingDef> {
        const KEYS: &[&str] = &["cursor", "next_url", "link_header", "offset", "limit", "total", "items"];
        const STYLES: &[&str] = &["cursor", "next_url", "link_header", "offset"];
        if let Value::Str(page) = &node.value {
            let page = Located { value: page.clone(), span: node.span };
            return Some(PagingDef { style: PagingStyleDef::Page(page), items: None, span: node.span });
        }
        let mut keys = self.keys(node, "`paging`", KEYS)?;
        let styles: Vec<&str> = STYLES.iter().copied().filter(|style| keys.key_span(style).is_some()).collect();
        if styles.len() != 1 {
            let found = if styles.is_empty() { "no way".to_owned() } else { format!("`{}`", styles.join("` and `")) };
            self.error(
                Diagnostic::new(node.span, format!("`paging` says {found} to the next page; it takes one"))
                    .hint("write one of `paging: page`, `cursor: { param: after, from: next_cursor }`, `next_url: next`, `link_header: true` or `offset: offset`"),
            );
        }
        if styles.first() != Some(&"offset") {
            for key in ["limit", "total"] {
                if let Some(span) = keys.key_span(key) {
                    keys.get(key);
                    self.error(
                        Diagnostic::new(span, format!("`{key}` belongs to offset paging"))
                            .hint("write `offset: <query parameter>` next to it, or remove it"),
                    );
                }
            }
        }
        let items = self.optional_located(&mut keys, "items");
        let style = match styles.first().copied() {
            Some("cursor") => {
                let cursor = keys.get("cursor")?;
                let mut fields = self.keys(cursor, "`cursor`", &["param", "from"])?;
                let param = self.optional_located(&mut fields, "param");
                let from = self.optional_located(&mut fields, "from");
                self.finish(&fields);
                if param.is_none() || from.is_none() {
                    self.error(
                        Diagnostic::new(cursor.span, "a cursor needs a `param` and a `from`")
                            .hint("write `cursor: { param: after, from: next_cursor }`: the query parameter, and the response field it is taken from"),
                    );
                }
                Some(PagingStyleDef::Cursor { param: param?, from: from? })
            }
            Some("next_url") => self.optional_located(&mut keys, "next_url").map(PagingStyleDef::NextUrl),
            Some("link_header") => match keys.get("link_header") {
                Some(Node { value: Value::Bool(true), .. }) => Some(PagingStyleDef::LinkHeader),
                Some(other) => {
                    self.error(
                        Diagnostic::new(other.span, "`link_header` takes `true`")
                            .hint("write `link_header: true`, or remove `paging`"),
                    );
                    None
                }
                None => None,
            },
            Some("offset") => {
                let param = self.optional_located(&mut keys, "offset");
                let limit = self.optional_located(&mut keys, "limit");
                let total = self.optional_located(&mut keys, "total");
                param.map(|param| PagingStyleDef::Offset { param, limit, total })
            }
            _ => None,
        };
        // The other ways named (already reported) are not unknown keys too.
        for style in styles.iter().skip(1) {
            keys.get(style);
        }
        self.finish(&keys);
        Some(PagingDef { style: style?, items, span: node.span })
    }

    /// `responses:`: a map from success statuses to a response as
    /// `response:` writes it, or to `{ description: … }` (or nothing) for
    /// an answer without a body.
    /// `None` when it is no map, which is the one problem to report.
    fn responses(&mut self, node: &Node) -> Option<Vec<SuccessDef>> {
        let Value::Map(entries) = &node.value else {
            self.error(
                Diagnostic::new(node.span, format!("`responses` must be a map of statuses, not {}", node.kind()))
                    .hint("write `responses: { 200: Stats, 202: { description: Still computing. } }`"),
            );
            return None;
        };
        let mut successes = Vec::with_capacity(entries.len());
        for (key, value) in entries {
            let Value::Int(code) = key.value else {
                self.error(
                    Diagnostic::new(key.span, format!("a status of `responses` must be a number, not {}", key.kind()))
                        .hint("write the status unquoted: `200: Stats`"),
                );
                continue;
            };
            let status = Located { value: code, span: key.span };
            let bodiless = match &value.value {
                Value::Null => true,
                Value::Map(fields) => !fields.iter().any(|(field, _)| field.as_str() == Some("type")),
                _ => false,
            };
            if bodiless {
                let description = match value.value {
                    Value::Null => None,
                    _ => {
                        let Some(mut keys) = self.keys(value, "a response without a body", &["description"]) else {
                            continue;
                        };
                        let description = self.optional_string(&mut keys, "description");
                        self.finish(&keys);
                        description
                    }
                };
                successes.push(SuccessDef { status, body: None, description });
            } else if let Some(body) = self.body(value, "a response", false) {
                successes.push(SuccessDef { status, description: body.description.clone(), body: Some(body) });
            }
        }
        Some(successes)
    }

    fn params(&mut self, node: &Node, what: &'static str, may_default: bool) -> Vec<ParamDef> {
        const KEYS: &[&str] = &["type", "description", "default", "rust_name", "style", "explode", "content"];
        const PATH_KEYS: &[&str] = &["type", "description", "rust_name"];
        let allowed = if may_default { KEYS } else { PATH_KEYS };
        let mut params = Vec::new();
        for (name, def) in self.named_entries(node, what) {
            if is_type_shorthand(def) {
                // coworkerId: CoworkerId
                if let Some(ty) = self.type_expr(def, "a parameter's type") {
                    params.push(ParamDef {
                        name,
                        rust_name: None,
                        ty,
                        description: None,
                        default: None,
                        style: StyleDef::default(),
                        json: None,
                    });
                }
                continue;
            }
            let Some(mut keys) = self.keys(def, "a parameter", allowed) else { continue };
            let ty = match keys.get("type") {
                Some(node) => self.type_expr(node, "`type`"),
                None => {
                    self.error(
                        Diagnostic::new(name.span, format!("parameter `{}` has no `type`", name.value))
                            .hint("write `type: i64`, say"),
                    );
                    None
                }
            };
            let description = self.optional_string(&mut keys, "description");
            let rust_name = self.optional_located(&mut keys, "rust_name");
            let default = keys.get("default").cloned();
            let style = self.style(&mut keys);
            let json = keys.get("content").and_then(|node| match &node.value {
                Value::Str(content) if content == "json" => Some(node.span),
                _ => {
                    self.error(
                        Diagnostic::new(node.span, "a parameter's `content` is `json`")
                            .hint("`content: json` sends the value as its JSON text; leave it out for a plain value"),
                    );
                    None
                }
            });
            self.finish(&keys);
            if let Some(ty) = ty {
                params.push(ParamDef { name, rust_name, ty, description, default, style, json });
            }
        }
        params
    }

    /// `body:` or `response:`: a type expression, or
    /// `{ type, description, content }`. What `content` may say depends on
    /// the type, which `validate` knows.
    fn body(&mut self, node: &Node, what: &'static str, request: bool) -> Option<BodyDef> {
        const RESPONSE_KEYS: &[&str] = &["type", "description", "content", "stream"];
        const BODY_KEYS: &[&str] = &["type", "description", "content", "allow_get", "encoding"];
        if let Value::Str(_) = node.value {
            return Some(BodyDef {
                ty: self.type_expr(node, "a type")?,
                description: None,
                content: None,
                allow_get: None,
                encoding: Vec::new(),
                stream: None,
                span: node.span,
            });
        }
        let mut keys = self.keys(node, what, if request { BODY_KEYS } else { RESPONSE_KEYS })?;
        let allow_get = self.flag(&mut keys, "allow_get").then(|| keys.key_span("allow_get")).flatten();
        let stream = (!request && self.flag(&mut keys, "stream")).then(|| keys.key_span("stream")).flatten();
        let ty = keys.get("type").and_then(|ty| self.type_expr(ty, "`type`"));
        if keys.key_span("type").is_none() {
            self.error(
                Diagnostic::new(node.span, format!("{what} has no `type`")).hint("write `{ type: NewBooking }`"),
            );
        }
        let description = self.optional_string(&mut keys, "description");
        let content = self.optional_located(&mut keys, "content");
        let encoding = keys.get("encoding").map(|node| self.encoding(node)).unwrap_or_default();
        self.finish(&keys);
        Some(BodyDef { ty: ty?, description, content, allow_get, encoding, stream, span: node.span })
    }

    /// `style:` and `explode:` of a parameter or a form field.
    fn style(&mut self, keys: &mut Keys<'_>) -> StyleDef {
        let style = self.optional_located(keys, "style");
        let explode = keys.get("explode").and_then(|node| match node.value {
            Value::Bool(explode) => Some(Located { value: explode, span: node.span }),
            _ => {
                self.error(
                    Diagnostic::new(node.span, format!("`explode` must be true or false, not {}", node.kind()))
                        .hint("write `explode: false` for a list sent as one value, `id=1,2`"),
                );
                None
            }
        });
        StyleDef { style, explode }
    }

    /// A form body's `encoding: { Tags: { style: form, explode: false } }`,
    /// a multipart body's `encoding: { avatar: { content_type: image/png } }`.
    fn encoding(&mut self, node: &Node) -> Vec<FieldEncodingDef> {
        const KEYS: &[&str] = &["style", "explode", "content_type"];
        let mut fields = Vec::new();
        for (field, def) in self.named_entries(node, "`encoding`") {
            let Some(mut keys) = self.keys(def, "a field's encoding", KEYS) else { continue };
            let style = self.style(&mut keys);
            let content_type = self.optional_located(&mut keys, "content_type");
            self.finish(&keys);
            fields.push(FieldEncodingDef { field, style, content_type });
        }
        fields
    }
}
