//! The spec model → spec text: what `endpointgen import` writes. Reading
//! the text back gives the same model (places aside), so the client made
//! from the file is the one made from the document directly.
//!
//! Block style throughout, so that descriptions need no quoting for commas;
//! a scalar is written plain when YAML 1.2 reads it back as the same string,
//! as a literal block (`|`) when it has several lines, and double-quoted
//! otherwise.

use super::{
    AuthChoice, AuthKind, BodyDef, Deprecation, EndpointDef, EnumValueDef, ErrorDef, ErrorRef, FieldDef, PagingDef,
    PagingStyleDef, ParamDef, ServerDef, SpecFile, StatusDef, StyleDef, SuccessDef, TypeDef, TypeDefKind,
};
use crate::yaml::write::{block_literal, float_text, flow_scalar, scalar};
use crate::yaml::{Node, Value};

/// The spec as YAML, after the comment lines of `header`.
pub(crate) fn write(spec: &SpecFile, header: &str) -> String {
    let mut out = Writer { text: String::new() };
    for line in header.lines() {
        out.line(0, format!("# {line}").trim_end());
    }
    out.line(0, "spec: 1");
    if let Some(name) = &spec.name {
        out.entry(0, "name", &name.value);
    }
    if let Some(title) = &spec.title {
        out.entry(0, "title", title);
    }
    if let Some(description) = &spec.description {
        out.entry(0, "description", description);
    }
    if let Some(base_url) = &spec.base_url {
        out.entry(0, "base_url", &base_url.value);
    }
    if !spec.servers.is_empty() {
        out.key(0, "servers");
        for server in &spec.servers {
            out.server(server);
        }
    }
    if !spec.includes.is_empty() {
        out.key(0, "include");
        for include in &spec.includes {
            out.item(1, &include.value);
        }
    }
    if !spec.auth.is_empty() {
        out.key(0, "auth");
        for scheme in &spec.auth {
            out.key(1, &scheme.name.value);
            match &scheme.kind {
                AuthKind::Bearer => out.line(2, "bearer: {}"),
                AuthKind::Basic => out.line(2, "basic: {}"),
                AuthKind::ApiKey { place, name } => {
                    out.key(2, "api_key");
                    out.entry(3, place.word(), &name.value);
                }
                AuthKind::OAuth2 { flows } if flows.is_empty() => out.line(2, "oauth2: {}"),
                AuthKind::OAuth2 { flows } => {
                    out.key(2, "oauth2");
                    for flow in flows {
                        out.key(3, flow.kind.spec_key());
                        for (key, url) in [
                            ("authorization_url", &flow.authorization_url),
                            ("token_url", &flow.token_url),
                            ("refresh_url", &flow.refresh_url),
                        ] {
                            if let Some(url) = url {
                                out.entry(4, key, url);
                            }
                        }
                        if flow.scopes.is_empty() {
                            out.line(4, "scopes: {}");
                        } else {
                            out.key(4, "scopes");
                            for (scope, description) in &flow.scopes {
                                out.entry(5, scope, description);
                            }
                        }
                    }
                }
                AuthKind::OpenIdConnect { url } => {
                    out.key(2, "openid_connect");
                    out.entry(3, "url", url);
                }
            }
            if let Some(description) = &scheme.description {
                out.entry(2, "description", description);
            }
        }
    }
    for (key, defs) in [("envelopes", &spec.envelopes), ("types", &spec.types)] {
        if !defs.is_empty() {
            out.key(0, key);
            for def in defs {
                out.type_def(def);
            }
        }
    }
    if !spec.errors.is_empty() {
        out.key(0, "errors");
        for error in &spec.errors {
            out.key(1, &error.name.value);
            out.error_fields(2, error);
        }
    }
    if !spec.endpoints.is_empty() {
        out.key(0, "endpoints");
        out.groups(&spec.endpoints, 0, 1);
    }
    out.text
}

struct Writer {
    text: String,
}

impl Writer {
    fn line(&mut self, indent: usize, text: &str) {
        for _ in 0..indent {
            self.text.push_str("  ");
        }
        self.text.push_str(text);
        self.text.push('\n');
    }

    /// `key:` opening a nested block.
    fn key(&mut self, indent: usize, key: &str) {
        let key = scalar_key(key);
        self.line(indent, &format!("{key}:"));
    }

    /// `key: value` for a string value, written as its text needs.
    fn entry(&mut self, indent: usize, key: &str, value: &str) {
        let key = scalar_key(key);
        match block_literal(value, indent + 1) {
            Some(block) => {
                self.line(indent, &format!("{key}: {}", block.indicator));
                self.text.push_str(&block.body);
            }
            None => self.line(indent, &format!("{key}: {}", scalar(value))),
        }
    }

    /// `key: value` for a value that is written as it is.
    fn raw(&mut self, indent: usize, key: &str, value: &str) {
        self.line(indent, &format!("{}: {value}", scalar_key(key)));
    }

    /// `- value` of a block list.
    fn item(&mut self, indent: usize, value: &str) {
        self.line(indent, &format!("- {}", scalar(value)));
    }

    fn type_def(&mut self, def: &TypeDef) {
        self.key(1, &def.name.value);
        if let Some(description) = &def.description {
            self.entry(2, "description", description);
        }
        if let Some(rust_name) = &def.rust_name {
            self.entry(2, "rust_name", &rust_name.value);
        }
        match &def.kind {
            TypeDefKind::Struct(fields) => {
                if fields.is_empty() {
                    self.line(2, "fields: {}");
                } else {
                    self.key(2, "fields");
                    for field in fields {
                        self.field(field);
                    }
                }
            }
            TypeDefKind::Newtype(expr) => self.entry(2, "newtype", &expr.to_string()),
            TypeDefKind::Alias(expr) => self.entry(2, "alias", &expr.to_string()),
            TypeDefKind::Enum(values) => self.enum_values(values),
            TypeDefKind::IntEnum(values) => {
                self.key(2, "enum");
                for (name, value) in values {
                    self.raw(3, &name.value, &value.value.to_string());
                }
            }
            TypeDefKind::Union(union) => {
                if let Some(tag) = &union.tag {
                    self.entry(2, "tag", &tag.value);
                }
                let listed = union.members.iter().all(|member| member.key.is_none());
                self.key(2, "one_of");
                for member in &union.members {
                    let long = member.description.is_some() || member.rust_name.is_some();
                    match (&member.key, &member.ty) {
                        (None, Some(ty)) => self.item(3, &ty.to_string()),
                        (Some(key), ty) if long => {
                            self.key(3, &key.value);
                            if let Some(ty) = ty {
                                self.entry(4, "type", &ty.to_string());
                            }
                            if let Some(description) = &member.description {
                                self.entry(4, "description", description);
                            }
                            if let Some(rust_name) = &member.rust_name {
                                self.entry(4, "rust_name", &rust_name.value);
                            }
                        }
                        (Some(key), Some(ty)) => self.entry(3, &key.value, &ty.to_string()),
                        (Some(key), None) => self.raw(3, &key.value, "null"),
                        // The list form has neither names nor descriptions.
                        (None, None) => {}
                    }
                }
                debug_assert!(listed || union.members.iter().all(|member| member.key.is_some()));
            }
        }
    }

    fn enum_values(&mut self, values: &[EnumValueDef]) {
        self.key(2, "enum");
        if values.iter().any(|value| value.name.is_some()) {
            for value in values {
                let name = value.name.as_ref().map_or(value.value.value.as_str(), |name| name.value.as_str());
                self.entry(3, name, &value.value.value);
            }
        } else {
            for value in values {
                self.item(3, &value.value.value);
            }
        }
    }

    fn field(&mut self, field: &FieldDef) {
        let plain = field.description.is_none()
            && field.default.is_none()
            && field.rust_name.is_none()
            && !field.secret
            && field.flatten.is_none()
            && field.role.is_none();
        if plain {
            self.entry(3, &field.json_name.value, &field.ty.to_string());
            return;
        }
        self.key(3, &field.json_name.value);
        self.entry(4, "type", &field.ty.to_string());
        if let Some(role) = &field.role {
            self.raw(4, "role", role.value.name());
        }
        if let Some(description) = &field.description {
            self.entry(4, "description", description);
        }
        if let Some(default) = &field.default {
            self.raw(4, "default", &node_text(default));
        }
        if let Some(rust_name) = &field.rust_name {
            self.entry(4, "rust_name", &rust_name.value);
        }
        if field.secret {
            self.raw(4, "secret", "true");
        }
        if field.flatten.is_some() {
            self.raw(4, "flatten", "true");
        }
    }

    fn error_fields(&mut self, indent: usize, error: &ErrorDef) {
        let status = match error.status.value {
            StatusDef::Code(code) => code.to_string(),
            StatusDef::Class(class) => format!("{class}XX"),
            StatusDef::Default => "default".to_owned(),
        };
        self.raw(indent, "status", &status);
        if let Some(description) = &error.description {
            self.entry(indent, "description", description);
        }
        if let Some(body) = &error.body {
            self.entry(indent, "body", &body.to_string());
        }
    }

    /// The endpoints as nested groups, each group where its first endpoint
    /// comes.
    fn groups(&mut self, endpoints: &[EndpointDef], depth: usize, indent: usize) {
        let endpoints: Vec<&EndpointDef> = endpoints.iter().collect();
        self.group_members(&endpoints, depth, indent);
    }

    fn group_members(&mut self, endpoints: &[&EndpointDef], depth: usize, indent: usize) {
        let mut done = vec![false; endpoints.len()];
        for start in 0..endpoints.len() {
            if done[start] {
                continue;
            }
            let endpoint = endpoints[start];
            if endpoint.groups.len() == depth {
                done[start] = true;
                self.endpoint(endpoint, indent);
                continue;
            }
            let group = &endpoint.groups[depth].value;
            let members: Vec<usize> = (start..endpoints.len())
                .filter(|&index| endpoints[index].groups.get(depth).is_some_and(|other| other.value == *group))
                .collect();
            self.key(indent, group);
            let inner: Vec<&EndpointDef> = members.iter().map(|&index| endpoints[index]).collect();
            for &index in &members {
                done[index] = true;
            }
            self.group_members(&inner, depth + 1, indent + 1);
        }
    }

    fn endpoint(&mut self, endpoint: &EndpointDef, indent: usize) {
        self.key(indent, &endpoint.name.value);
        let indent = indent + 1;
        if let Some(summary) = &endpoint.summary {
            self.entry(indent, "summary", summary);
        }
        if let Some(description) = &endpoint.description {
            self.entry(indent, "description", description);
        }
        self.entry(indent, "method", &endpoint.method.value);
        self.entry(indent, "path", &endpoint.path.value);
        for (key, params) in [
            ("path_params", &endpoint.path_params),
            ("query", &endpoint.query),
            ("headers", &endpoint.headers),
            ("cookies", &endpoint.cookies),
        ] {
            if !params.is_empty() {
                self.key(indent, key);
                for param in params {
                    self.param(param, indent + 1);
                }
            }
        }
        if let Some(body) = &endpoint.body {
            self.body("body", body, indent);
        }
        if let Some(response) = &endpoint.response {
            self.body("response", response, indent);
        }
        if let Some(responses) = &endpoint.responses {
            self.key(indent, "responses");
            for success in &responses.value {
                self.success(success, indent + 1);
            }
        }
        if !endpoint.errors.is_empty() {
            self.key(indent, "errors");
            for error in &endpoint.errors {
                match error {
                    ErrorRef::Named(name) => self.item(indent + 1, &name.value),
                    ErrorRef::Inline(error) => {
                        self.line(indent + 1, &format!("- name: {}", scalar(&error.name.value)));
                        self.error_fields(indent + 2, error);
                    }
                }
            }
        }
        if let Some(server) = &endpoint.server {
            self.entry(indent, "server", &server.value);
        }
        if let Some(auth) = &endpoint.auth {
            // One choice of one scheme, not in a list: `customer` or `customer?`.
            if let (false, [AuthChoice { schemes, all: false, .. }]) = (auth.list, auth.choices.as_slice())
                && let [scheme] = schemes.as_slice()
            {
                let suffix = if auth.optional { "?" } else { "" };
                self.entry(indent, "auth", &format!("{}{suffix}", scheme.value));
            } else {
                let mut items: Vec<String> = auth.choices.iter().map(auth_choice).collect();
                if auth.optional {
                    items.push("null".to_owned());
                }
                match (auth.list, items.as_slice()) {
                    (false, [all]) => self.raw(indent, "auth", all),
                    _ => self.raw(indent, "auth", &format!("[{}]", items.join(", "))),
                }
            }
        }
        match endpoint.deprecated.as_ref().map(|deprecated| &deprecated.value) {
            Some(Deprecation::Yes) => self.raw(indent, "deprecated", "true"),
            Some(Deprecation::Because(reason)) => self.entry(indent, "deprecated", reason),
            None => {}
        }
        if !endpoint.tags.is_empty() {
            self.key(indent, "tags");
            for tag in &endpoint.tags {
                self.item(indent + 1, tag);
            }
        }
        if let Some(docs_url) = &endpoint.docs_url {
            self.entry(indent, "docs_url", docs_url);
        }
        if let Some(rust_name) = &endpoint.rust_name {
            self.entry(indent, "rust_name", &rust_name.value);
        }
        if let Some(paging) = &endpoint.paging {
            self.paging(paging, indent);
        }
    }

    /// `paging: page`, or its map in block style.
    fn paging(&mut self, paging: &PagingDef, indent: usize) {
        let entries: Vec<(&str, &str)> = match &paging.style {
            PagingStyleDef::Page(page) => return self.entry(indent, "paging", &page.value),
            PagingStyleDef::Cursor { .. } | PagingStyleDef::LinkHeader => Vec::new(),
            PagingStyleDef::NextUrl(field) => vec![("next_url", &field.value)],
            PagingStyleDef::Offset { param, limit, total } => std::iter::once(("offset", param))
                .chain(limit.iter().map(|limit| ("limit", limit)))
                .chain(total.iter().map(|total| ("total", total)))
                .map(|(key, value)| (key, value.value.as_str()))
                .collect(),
        };
        self.key(indent, "paging");
        match &paging.style {
            PagingStyleDef::Cursor { param, from } => {
                self.key(indent + 1, "cursor");
                self.entry(indent + 2, "param", &param.value);
                self.entry(indent + 2, "from", &from.value);
            }
            PagingStyleDef::LinkHeader => self.raw(indent + 1, "link_header", "true"),
            _ => {}
        }
        for (key, value) in entries {
            self.entry(indent + 1, key, value);
        }
        if let Some(items) = &paging.items {
            self.entry(indent + 1, "items", &items.value);
        }
    }

    fn param(&mut self, param: &ParamDef, indent: usize) {
        if param.description.is_none()
            && param.default.is_none()
            && param.rust_name.is_none()
            && param.style.style.is_none()
            && param.style.explode.is_none()
            && param.json.is_none()
        {
            self.entry(indent, &param.name.value, &param.ty.to_string());
            return;
        }
        self.key(indent, &param.name.value);
        self.entry(indent + 1, "type", &param.ty.to_string());
        if let Some(description) = &param.description {
            self.entry(indent + 1, "description", description);
        }
        if let Some(default) = &param.default {
            self.raw(indent + 1, "default", &node_text(default));
        }
        if let Some(rust_name) = &param.rust_name {
            self.entry(indent + 1, "rust_name", &rust_name.value);
        }
        self.style(&param.style, indent + 1);
        if param.json.is_some() {
            self.entry(indent + 1, "content", "json");
        }
    }

    fn style(&mut self, style: &StyleDef, indent: usize) {
        if let Some(name) = &style.style {
            self.entry(indent, "style", &name.value);
        }
        if let Some(explode) = &style.explode {
            self.raw(indent, "explode", if explode.value { "true" } else { "false" });
        }
    }

    fn server(&mut self, server: &ServerDef) {
        self.key(1, &server.name.value);
        self.entry(2, "url", &server.url.value);
        if let Some(description) = &server.description {
            self.entry(2, "description", description);
        }
        if !server.variables.is_empty() {
            self.key(2, "variables");
            for variable in &server.variables {
                self.key(3, &variable.name.value);
                if let Some(default) = &variable.default {
                    self.entry(4, "default", &default.value);
                }
                if !variable.allowed.is_empty() {
                    self.key(4, "enum");
                    for value in &variable.allowed {
                        self.item(5, &value.value);
                    }
                }
                if let Some(description) = &variable.description {
                    self.entry(4, "description", description);
                }
            }
        }
    }

    /// A status of `responses:`, whose key is a number, not a string.
    fn success(&mut self, success: &SuccessDef, indent: usize) {
        let status = success.status.value;
        match (&success.body, &success.description) {
            (None, None) => self.line(indent, &format!("{status}: {{}}")),
            (None, Some(description)) => {
                self.line(indent, &format!("{status}:"));
                self.entry(indent + 1, "description", description);
            }
            (Some(body), _) if body.description.is_none() && body.content.is_none() => {
                self.line(indent, &format!("{status}: {}", scalar(&body.ty.to_string())));
            }
            (Some(body), _) => {
                self.line(indent, &format!("{status}:"));
                self.entry(indent + 1, "type", &body.ty.to_string());
                if let Some(description) = &body.description {
                    self.entry(indent + 1, "description", description);
                }
                if let Some(content) = &body.content {
                    self.entry(indent + 1, "content", &content.value);
                }
            }
        }
    }

    fn body(&mut self, key: &str, body: &BodyDef, indent: usize) {
        if body.description.is_none()
            && body.content.is_none()
            && body.allow_get.is_none()
            && body.encoding.is_empty()
            && body.stream.is_none()
        {
            self.entry(indent, key, &body.ty.to_string());
            return;
        }
        self.key(indent, key);
        self.entry(indent + 1, "type", &body.ty.to_string());
        if let Some(description) = &body.description {
            self.entry(indent + 1, "description", description);
        }
        if let Some(content) = &body.content {
            self.entry(indent + 1, "content", &content.value);
        }
        if body.allow_get.is_some() {
            self.raw(indent + 1, "allow_get", "true");
        }
        if body.stream.is_some() {
            self.raw(indent + 1, "stream", "true");
        }
        if !body.encoding.is_empty() {
            self.key(indent + 1, "encoding");
            for field in &body.encoding {
                self.key(indent + 2, &field.field.value);
                self.style(&field.style, indent + 3);
                if let Some(content_type) = &field.content_type {
                    self.entry(indent + 3, "content_type", &content_type.value);
                }
            }
        }
    }
}

/// A value (a default) in flow style: scalars as YAML reads them back,
/// lists and maps in brackets.
fn node_text(node: &Node) -> String {
    match &node.value {
        Value::Null => "null".to_owned(),
        Value::Bool(value) => value.to_string(),
        Value::Int(value) => value.to_string(),
        Value::Float(value) => float_text(*value),
        Value::Str(text) => flow_scalar(text),
        Value::Seq(items) => format!("[{}]", items.iter().map(node_text).collect::<Vec<_>>().join(", ")),
        Value::Map(entries) => format!(
            "{{{}}}",
            entries
                .iter()
                .map(|(key, value)| format!("{}: {}", node_text(key), node_text(value)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// A map key.
fn scalar_key(text: &str) -> String {
    scalar(text)
}

/// One choice of an endpoint's `auth`, in flow style: `bot`, or
/// `{ all: [app_id, api_key] }`.
fn auth_choice(choice: &AuthChoice) -> String {
    let schemes: Vec<String> = choice.schemes.iter().map(|scheme| scalar(&scheme.value)).collect();
    if choice.all { format!("{{ all: [{}] }}", schemes.join(", ")) } else { schemes.join(", ") }
}
