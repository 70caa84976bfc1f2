//! The IR → an OpenAPI 3.1 document, in YAML or JSON.
//!
//! ```text
//! endpoints.bookings.get (GET /bookings/{id})      → paths./bookings/{id}.get (operationId: get)
//! types.Booking { fields }                         → components.schemas.Booking (type: object)
//! ActionConfirmation<string?> (an envelope)        → components.schemas.ActionConfirmation_optional_string
//! errors: [NotFound] (status 404)                  → responses.404 (x-endpointgen-error: NotFound)
//! auth.customer { bearer }                         → components.securitySchemes.customer (http, bearer)
//! ```
//!
//! What OpenAPI has no word for is kept in `x-endpointgen-…` extensions
//! (the API's name, groups, envelopes and their roles, Rust names, newtypes
//! and aliases, paging), which the importer reads, so that importing an
//! export gives back the same client (docs/openapi.md lists the
//! differences that remain).
//!
//! The exporter's methods are split by the part of the document they
//! write, one `impl Exporter` block each, as `import`'s are by what they
//! read:
//!
//! - this file: the document (`info`, `paths`, `components` and their
//!   `securitySchemes`), and the document as JSON or YAML text;
//! - `operations`: the endpoints as operations, with their parameters,
//!   request bodies, responses and servers;
//! - `schemas`: types and type expressions as JSON Schema;
//! - `security`: an operation's `security`, and an OAuth 2 scheme's `flows`.

mod operations;
mod schemas;
mod security;

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use self::operations::count_names;
use self::security::oauth_flows;
use crate::ir::{Api, AuthKind, Ty, TypeKind};
use crate::yaml::write::{float_text, scalar};

/// A JSON value whose maps keep their order: what is written out.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Doc {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Doc>),
    Map(Vec<(String, Doc)>),
}

impl Doc {
    fn map() -> Self {
        Self::Map(Vec::new())
    }

    fn str(text: impl Into<String>) -> Self {
        Self::Str(text.into())
    }

    /// Adds `key: value` to a map.
    fn with(mut self, key: &str, value: Doc) -> Self {
        self.set(key, value);
        self
    }

    fn set(&mut self, key: &str, value: Doc) {
        if let Self::Map(entries) = self {
            match entries.iter_mut().find(|(name, _)| name == key) {
                Some(entry) => entry.1 = value,
                None => entries.push((key.to_owned(), value)),
            }
        }
    }

    fn get_mut(&mut self, key: &str) -> Option<&mut Doc> {
        match self {
            Self::Map(entries) => entries.iter_mut().find(|(name, _)| name == key).map(|(_, value)| value),
            _ => None,
        }
    }

    fn is_ref(&self) -> bool {
        matches!(self, Self::Map(entries) if entries.iter().any(|(key, _)| key == "$ref"))
    }
}

/// The API as an OpenAPI 3.1 document, whose `info.version` (the API's
/// version, which a spec does not hold) is `version`.
pub(crate) fn export(api: &Api, version: &str) -> Doc {
    let mut exporter = Exporter {
        api,
        version,
        instances: Vec::new(),
        instance_names: HashMap::new(),
        taken: HashSet::new(),
        operations: HashSet::new(),
    };
    exporter.document()
}

struct Exporter<'a> {
    api: &'a Api,
    /// `info.version`.
    version: &'a str,
    /// The schemas written for envelopes with a payload, by name, in the
    /// order met.
    instances: Vec<(String, usize, Ty)>,
    /// (envelope, payload as text) → schema name.
    instance_names: HashMap<(usize, String), String>,
    /// Schema names taken.
    taken: HashSet<String>,
    /// Method and path of the operations written (parameters unnamed:
    /// `{id}` and `{key}` are the same OpenAPI path).
    operations: HashSet<String>,
}

impl Exporter<'_> {
    fn document(&mut self) -> Doc {
        let api = self.api;
        for def in &api.types {
            self.taken.insert(def.spec_name.clone());
        }
        let mut info = Doc::map()
            .with("title", Doc::str(api.title.clone().unwrap_or_else(|| api.name.clone())))
            .with("version", Doc::str(self.version));
        if let Some(description) = &api.description {
            info.set("description", Doc::str(description));
        }
        info.set("x-endpointgen-name", Doc::str(&api.name));
        let mut document = Doc::map().with("openapi", Doc::str("3.1.0")).with("info", info);
        if let Some(url) = &api.base_url {
            document.set("servers", Doc::Seq(vec![Doc::map().with("url", Doc::str(url))]));
        }
        let mut paths = Doc::map();
        let mut operation_ids = HashMap::new();
        count_names(&api.root, &mut operation_ids);
        self.group(&api.root, &mut Vec::new(), &mut paths, &operation_ids);
        document.set("paths", paths);

        let mut schemas = Vec::new();
        for (index, def) in api.types.iter().enumerate() {
            match &def.kind {
                TypeKind::Envelope { roles, .. } if roles.has_payload() => {
                    // Written once per payload, as its uses need; one at
                    // least, so that the envelope is not lost.
                    if !self.instances.iter().any(|(_, envelope, _)| *envelope == index) {
                        self.instance_name(index, &Ty::ANY);
                    }
                }
                _ => schemas.push((def.spec_name.clone(), self.type_schema(def, None))),
            }
        }
        // Envelopes first, as a spec lists them; each instance may name
        // more instances, which the loop reaches in turn.
        let mut envelope_schemas = Vec::new();
        let mut written = 0;
        while written < self.instances.len() {
            let (name, envelope, payload) = self.instances[written].clone();
            envelope_schemas.push((envelope, name, self.type_schema(&api.types[envelope], Some(&payload))));
            written += 1;
        }
        envelope_schemas.sort_by_key(|(envelope, _, _)| *envelope);
        let all: Vec<(String, Doc)> =
            envelope_schemas.into_iter().map(|(_, name, schema)| (name, schema)).chain(schemas).collect();
        let mut components = Doc::map().with("schemas", Doc::Map(all));
        if !api.auth_schemes.is_empty() {
            let security_schemes = api
                .auth_schemes
                .iter()
                .map(|scheme| {
                    let mut doc = match &scheme.kind {
                        AuthKind::Bearer => {
                            Doc::map().with("type", Doc::str("http")).with("scheme", Doc::str("bearer"))
                        }
                        AuthKind::ApiKey { place, name } => Doc::map()
                            .with("type", Doc::str("apiKey"))
                            .with("in", Doc::str(place.word()))
                            .with("name", Doc::str(name)),
                        AuthKind::Basic => Doc::map().with("type", Doc::str("http")).with("scheme", Doc::str("basic")),
                        AuthKind::OAuth2 { flows } => {
                            Doc::map().with("type", Doc::str("oauth2")).with("flows", oauth_flows(flows))
                        }
                        AuthKind::OpenIdConnect { url } => {
                            Doc::map().with("type", Doc::str("openIdConnect")).with("openIdConnectUrl", Doc::str(url))
                        }
                    };
                    if let Some(description) = &scheme.description {
                        doc.set("description", Doc::str(description));
                    }
                    (scheme.spec_name.clone(), doc)
                })
                .collect();
            components.set("securitySchemes", Doc::Map(security_schemes));
        }
        document.set("components", components);
        document
    }
}

// ---- writing ----------------------------------------------------------------

/// The document as JSON, two spaces an indent.
pub(crate) fn to_json(doc: &Doc) -> String {
    let mut out = String::new();
    json(doc, 0, &mut out);
    out.push('\n');
    out
}

fn json(doc: &Doc, indent: usize, out: &mut String) {
    let pad = |level: usize| "  ".repeat(level);
    match doc {
        // JSON has no infinities; a default never is one.
        Doc::Null => out.push_str("null"),
        Doc::Float(value) if !value.is_finite() => out.push_str("null"),
        Doc::Bool(value) => out.push_str(if *value { "true" } else { "false" }),
        Doc::Int(value) => out.push_str(&value.to_string()),
        Doc::Float(value) => out.push_str(&float_text(*value)),
        Doc::Str(text) => json_string(text, out),
        Doc::Seq(items) if items.is_empty() => out.push_str("[]"),
        Doc::Map(entries) if entries.is_empty() => out.push_str("{}"),
        Doc::Seq(items) => {
            out.push_str("[\n");
            for (index, item) in items.iter().enumerate() {
                out.push_str(&pad(indent + 1));
                json(item, indent + 1, out);
                out.push_str(if index + 1 < items.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(indent));
            out.push(']');
        }
        Doc::Map(entries) => {
            out.push_str("{\n");
            for (index, (key, value)) in entries.iter().enumerate() {
                out.push_str(&pad(indent + 1));
                json_string(key, out);
                out.push_str(": ");
                json(value, indent + 1, out);
                out.push_str(if index + 1 < entries.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(indent));
            out.push('}');
        }
    }
}

fn json_string(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                write!(out, "\\u{:04x}", u32::from(c)).ok();
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The document as YAML: block style, scalars quoted only where YAML
/// would read them as something else.
pub(crate) fn to_yaml(doc: &Doc) -> String {
    let mut out = String::new();
    if let Doc::Map(entries) = doc {
        yaml_entries(entries, 0, &mut out);
    }
    out
}

fn yaml_entries(entries: &[(String, Doc)], indent: usize, out: &mut String) {
    for (key, value) in entries {
        out.push_str(&"  ".repeat(indent));
        out.push_str(&scalar(key));
        out.push(':');
        yaml_value(value, indent, out);
    }
}

/// A value after `key:` or `- `: inline when it is a scalar or empty, else
/// on the next lines.
fn yaml_value(value: &Doc, indent: usize, out: &mut String) {
    match value {
        Doc::Map(entries) if !entries.is_empty() => {
            out.push('\n');
            yaml_entries(entries, indent + 1, out);
        }
        Doc::Seq(items) if !items.is_empty() => {
            out.push('\n');
            for item in items {
                out.push_str(&"  ".repeat(indent + 1));
                out.push('-');
                match item {
                    Doc::Map(entries) if !entries.is_empty() => {
                        // `- key: value` with the next keys under the first.
                        let mut nested = String::new();
                        yaml_entries(entries, indent + 2, &mut nested);
                        out.push(' ');
                        out.push_str(nested.trim_start());
                    }
                    other => yaml_value(other, indent + 1, out),
                }
            }
        }
        Doc::Str(text) => match crate::yaml::write::block_literal_text(text, indent + 1) {
            Some(block) => {
                out.push(' ');
                out.push_str(&block);
            }
            None => {
                out.push(' ');
                out.push_str(&scalar(text));
                out.push('\n');
            }
        },
        other => {
            out.push(' ');
            out.push_str(&match other {
                Doc::Null => "null".to_owned(),
                Doc::Bool(value) => value.to_string(),
                Doc::Int(value) => value.to_string(),
                Doc::Float(value) => float_text(*value),
                Doc::Seq(_) => "[]".to_owned(),
                _ => "{}".to_owned(),
            });
            out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::schemas::nullable;
    use super::{Doc, to_json, to_yaml};

    fn schema(json: &str) -> Doc {
        fn convert(value: &crate::yaml::Node) -> Doc {
            use crate::yaml::Value;
            match &value.value {
                Value::Null => Doc::Null,
                Value::Bool(value) => Doc::Bool(*value),
                Value::Int(value) => Doc::Int(*value),
                Value::Float(value) => Doc::Float(*value),
                Value::Str(text) => Doc::Str(text.clone()),
                Value::Seq(items) => Doc::Seq(items.iter().map(convert).collect()),
                Value::Map(entries) => Doc::Map(
                    entries
                        .iter()
                        .map(|(key, value)| (key.as_str().unwrap_or_default().to_owned(), convert(value)))
                        .collect(),
                ),
            }
        }
        convert(&crate::yaml::parse(json, crate::diagnostic::SourceId(0)).unwrap())
    }

    #[test]
    fn null_is_a_type_of_its_own_and_any_takes_it_already() {
        assert_eq!(nullable(Doc::map()), Doc::map(), "`any?` is `{{}}`, never a bare `nullable: true`");
        assert_eq!(nullable(schema(r#"{"type": "string"}"#)), schema(r#"{"type": ["string", "null"]}"#));
        assert_eq!(
            nullable(schema(r##"{"$ref": "#/components/schemas/A"}"##)),
            schema(r##"{"anyOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}]}"##)
        );
    }

    #[test]
    fn yaml_and_json_say_the_same() {
        let doc = schema(
            r#"{"a": {"b": [1, 2.5, "x y", true, null, [], {}], "c": "multi\nline\n", "200": "404", "d": [{"e": 1, "f": 2}]}}"#,
        );
        assert_eq!(schema(&to_yaml(&doc)), doc);
        assert_eq!(schema(&to_json(&doc)), doc);
    }
}
