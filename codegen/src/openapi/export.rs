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

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use crate::diagnostic::Diagnostic;
use crate::ident;
use crate::ir::{
    Api, Auth, AuthKind, BodyContent, Builtin, DefaultValue, Endpoint, EnvelopeRoles, ErrorStatus, Field, Group, Param,
    PathPart, Response, Ty, TypeDef, TypeKind,
};
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

/// The API as an OpenAPI 3.1 document, or what OpenAPI cannot say of it.
pub(crate) fn export(api: &Api) -> Result<Doc, Vec<Diagnostic>> {
    let mut exporter = Exporter {
        api,
        instances: Vec::new(),
        instance_names: HashMap::new(),
        taken: HashSet::new(),
        operations: HashMap::new(),
        clashes: Vec::new(),
    };
    let document = exporter.document();
    if exporter.clashes.is_empty() { Ok(document) } else { Err(exporter.clashes) }
}

struct Exporter<'a> {
    api: &'a Api,
    /// The schemas written for envelopes with a payload, by name, in the
    /// order met.
    instances: Vec<(String, usize, Ty)>,
    /// (envelope, payload as text) → schema name.
    instance_names: HashMap<(usize, String), String>,
    /// Schema names taken.
    taken: HashSet<String>,
    /// Method and path (parameters unnamed: `{id}` and `{key}` are the same
    /// OpenAPI path) → the endpoint written there.
    operations: HashMap<String, String>,
    /// Endpoints that share a method and a path: OpenAPI has one operation
    /// for each, and writing one over the other would lose it.
    clashes: Vec<Diagnostic>,
}

impl Exporter<'_> {
    fn document(&mut self) -> Doc {
        let api = self.api;
        for def in &api.types {
            self.taken.insert(def.spec_name.clone());
        }
        let mut info = Doc::map()
            .with("title", Doc::str(api.title.clone().unwrap_or_else(|| api.name.clone())))
            .with("version", Doc::str("1"));
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
                        AuthKind::ApiKey { header } => Doc::map()
                            .with("type", Doc::str("apiKey"))
                            .with("in", Doc::str("header"))
                            .with("name", Doc::str(header)),
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

    fn group(
        &mut self,
        group: &Group,
        path: &mut Vec<String>,
        paths: &mut Doc,
        operation_ids: &HashMap<String, usize>,
    ) {
        for endpoint in &group.endpoints {
            self.claim_operation(endpoint, path);
            let operation = self.operation(endpoint, path, operation_ids);
            if paths.get_mut(&endpoint.path_template).is_none() {
                paths.set(&endpoint.path_template, Doc::map());
            }
            if let Some(item) = paths.get_mut(&endpoint.path_template) {
                item.set(&endpoint.method.as_str().to_ascii_lowercase(), operation);
            }
        }
        for child in &group.groups {
            path.push(child.spec_name.clone());
            self.group(child, path, paths, operation_ids);
            path.pop();
        }
    }

    /// Records where `endpoint` is written, or that another endpoint is
    /// written there already.
    fn claim_operation(&mut self, endpoint: &Endpoint, groups: &[String]) {
        let name = groups.iter().map(String::as_str).chain([endpoint.fn_name.as_str()]).collect::<Vec<_>>().join(".");
        let shape: String = endpoint
            .path
            .iter()
            .map(|part| match part {
                PathPart::Literal(text) => text.as_str(),
                PathPart::Param(_) => "{}",
            })
            .collect();
        let method = endpoint.method.as_str();
        let key = format!("{method} {shape}");
        match self.operations.get(&key) {
            Some(first) => self.clashes.push(
                Diagnostic::without_span(format!(
                    "`{first}` and `{name}` are both {method} {}: an OpenAPI document has one operation per method and path",
                    endpoint.path_template
                ))
                .hint("make them one endpoint; bodies that differ can be a union tagged by a field they send"),
            ),
            None => {
                self.operations.insert(key, name);
            }
        }
    }

    fn operation(&mut self, endpoint: &Endpoint, groups: &[String], operation_ids: &HashMap<String, usize>) -> Doc {
        // Operation ids are unique in a document; endpoints of two groups
        // may share a name.
        let unique = operation_ids.get(&endpoint.fn_name).is_some_and(|count| *count == 1);
        let operation_id =
            if unique { endpoint.fn_name.clone() } else { format!("{}_{}", groups.join("_"), endpoint.fn_name) };
        let mut operation = Doc::map().with("operationId", Doc::str(operation_id));
        if !unique {
            operation.set("x-endpointgen-name", Doc::str(&endpoint.fn_name));
        }
        operation.set("x-endpointgen-group", Doc::Seq(groups.iter().map(Doc::str).collect()));
        if !endpoint.tags.is_empty() {
            operation.set("tags", Doc::Seq(endpoint.tags.iter().map(Doc::str).collect()));
        }
        if let Some(summary) = &endpoint.summary {
            operation.set("summary", Doc::str(summary));
        }
        if let Some(description) = &endpoint.description {
            operation.set("description", Doc::str(description));
        }
        if let Some(url) = &endpoint.docs_url {
            operation.set("externalDocs", Doc::map().with("url", Doc::str(url)));
        }
        if let Some(deprecated) = &endpoint.deprecated {
            operation.set("deprecated", Doc::Bool(true));
            if let Some(reason) = deprecated {
                operation.set("x-endpointgen-deprecated", Doc::str(reason));
            }
        }
        if let Some(paging) = &endpoint.paging {
            operation.set("x-endpointgen-paging", Doc::str(&endpoint.query[paging.param].wire_name));
        }
        operation.set(
            "security",
            Doc::Seq(match endpoint.auth {
                Auth::Public => Vec::new(),
                Auth::Required(index) => vec![self.requirement(index)],
                Auth::Optional(index) => vec![Doc::map(), self.requirement(index)],
            }),
        );
        let mut parameters = Vec::new();
        for (place, params) in
            [("path", &endpoint.path_params), ("query", &endpoint.query), ("header", &endpoint.headers)]
        {
            for param in params {
                parameters.push(self.parameter(param, place));
            }
        }
        if !parameters.is_empty() {
            operation.set("parameters", Doc::Seq(parameters));
        }
        if let Some(body) = &endpoint.body {
            let (media_type, schema) = match &body.content {
                BodyContent::Json => ("application/json".to_owned(), self.schema(&body.ty)),
                BodyContent::JsonAs(media_type) => (media_type.clone(), self.schema(&body.ty)),
                BodyContent::Form => ("application/x-www-form-urlencoded".to_owned(), self.schema(&body.ty)),
                BodyContent::Raw(media_type) => (media_type.clone(), binary()),
            };
            let mut request_body = Doc::map();
            if let Some(description) = &body.description {
                request_body.set("description", Doc::str(description));
            }
            request_body.set("required", Doc::Bool(body.required));
            request_body.set("content", Doc::map().with(&media_type, Doc::map().with("schema", schema)));
            operation.set("requestBody", request_body);
        }
        let mut responses = Doc::map();
        let success = Doc::map().with("description", Doc::str("Success."));
        let (status, success) = match &endpoint.response {
            // Any success status, whose body is not read.
            Response::Empty => ("2XX", success),
            Response::Json(ty) | Response::Enveloped(ty) => {
                let media_type = endpoint
                    .accept
                    .clone()
                    .filter(|accept| accept.split(';').next().is_some_and(|essence| essence.ends_with("json")))
                    .unwrap_or_else(|| "application/json".to_owned());
                (
                    "200",
                    success.with("content", Doc::map().with(&media_type, Doc::map().with("schema", self.schema(ty)))),
                )
            }
            Response::Bytes => {
                let media_type = endpoint.accept.clone().unwrap_or_else(|| "*/*".to_owned());
                ("200", success.with("content", Doc::map().with(&media_type, Doc::map().with("schema", binary()))))
            }
        };
        responses.set(status, success);
        for error in &endpoint.errors {
            let mut response = Doc::map()
                .with("description", Doc::str(error.description.clone().unwrap_or_default()))
                .with("x-endpointgen-error", Doc::str(&error.spec_name));
            if let Some(body) = &error.body {
                response
                    .set("content", Doc::map().with("application/json", Doc::map().with("schema", self.schema(body))));
            }
            let key = match error.status {
                ErrorStatus::Code(code) => code.to_string(),
                ErrorStatus::Class(class) => format!("{class}XX"),
                ErrorStatus::Default => "default".to_owned(),
            };
            responses.set(&key, response);
        }
        operation.set("responses", responses);
        operation
    }

    fn requirement(&self, index: usize) -> Doc {
        Doc::map().with(&self.api.auth_schemes[index].spec_name, Doc::Seq(Vec::new()))
    }

    fn parameter(&mut self, param: &Param, place: &str) -> Doc {
        let mut schema = self.schema(&param.ty);
        if let Some(default) = &param.default {
            schema = with_annotation(schema, "default", self.default_value(default, &param.ty));
        }
        let mut doc = Doc::map()
            .with("name", Doc::str(&param.wire_name))
            .with("in", Doc::str(place))
            .with("required", Doc::Bool(param.required || place == "path"));
        if let Some(description) = &param.description {
            doc.set("description", Doc::str(description));
        }
        doc.set("schema", schema);
        if param.rust_name != ident::snake(&param.wire_name) {
            doc.set("x-endpointgen-rust-name", Doc::str(&param.rust_name));
        }
        doc
    }

    /// The schema of a named type, or of an envelope for one payload.
    fn type_schema(&mut self, def: &TypeDef, payload: Option<&Ty>) -> Doc {
        let mut schema = match &def.kind {
            TypeKind::Struct(fields) => self.object(fields, None, payload),
            TypeKind::Envelope { fields, roles } => {
                self.object(fields, Some(roles), payload).with("x-endpointgen-envelope", Doc::str(&def.spec_name))
            }
            TypeKind::Newtype(ty) => {
                let schema = with_annotation(self.schema(ty), "x-endpointgen-kind", Doc::str("newtype"));
                match (def.secret, ty) {
                    (false, _) => schema,
                    (true, Ty::Builtin(Builtin::String)) => with_annotation(schema, "format", Doc::str("password")),
                    (true, _) => with_annotation(schema, "x-endpointgen-secret", Doc::Bool(true)),
                }
            }
            TypeKind::Alias(ty) => with_annotation(self.schema(ty), "x-endpointgen-kind", Doc::str("alias")),
            TypeKind::Enum(variants) => {
                let mut doc = Doc::map()
                    .with("type", Doc::str("string"))
                    .with("enum", Doc::Seq(variants.iter().map(|variant| Doc::str(&variant.json_name)).collect()));
                if variants.iter().any(|variant| variant.rust_name != ident::variant(&variant.json_name)) {
                    doc.set(
                        "x-enum-varnames",
                        Doc::Seq(variants.iter().map(|variant| Doc::str(&variant.rust_name)).collect()),
                    );
                }
                doc
            }
            TypeKind::IntEnum(variants) => Doc::map()
                .with("type", Doc::str("integer"))
                .with("format", Doc::str("int64"))
                .with("enum", Doc::Seq(variants.iter().map(|variant| Doc::Int(i128::from(variant.value))).collect()))
                .with(
                    "x-enum-varnames",
                    Doc::Seq(variants.iter().map(|variant| Doc::str(&variant.rust_name)).collect()),
                ),
            TypeKind::Union(union) => {
                let members = union
                    .variants
                    .iter()
                    .map(|variant| {
                        let mut member = match (&union.tag, &variant.tag_value, &variant.ty) {
                            (Some(tag), Some(value), ty) => {
                                let tag_only = Doc::map()
                                    .with("type", Doc::str("object"))
                                    .with("properties", Doc::map().with(tag, Doc::map().with("const", Doc::str(value))))
                                    .with("required", Doc::Seq(vec![Doc::str(tag)]));
                                match ty {
                                    Some(ty) => Doc::map().with("allOf", Doc::Seq(vec![self.schema(ty), tag_only])),
                                    None => tag_only,
                                }
                            }
                            (_, _, Some(ty)) => with_annotation(self.schema(ty), "title", Doc::str(&variant.rust_name)),
                            (_, _, None) => Doc::map(),
                        };
                        if let Some(description) = &variant.description {
                            member = with_annotation(member, "description", Doc::str(description));
                        }
                        member
                    })
                    .collect();
                match &union.tag {
                    Some(tag) => Doc::map()
                        .with("oneOf", Doc::Seq(members))
                        .with("discriminator", Doc::map().with("propertyName", Doc::str(tag))),
                    // The first member that fits: `anyOf`.
                    None => Doc::map().with("anyOf", Doc::Seq(members)),
                }
                .with("x-endpointgen-kind", Doc::str("union"))
            }
        };
        if let Some(description) = &def.description {
            schema = with_annotation(schema, "description", Doc::str(description));
        }
        if def.rust_name != ident::camel(&def.spec_name) {
            schema = with_annotation(schema, "x-endpointgen-rust-name", Doc::str(&def.rust_name));
        }
        schema
    }

    /// An object's schema; in an envelope, `T` is `payload`.
    fn object(&mut self, fields: &[Field], roles: Option<&EnvelopeRoles>, payload: Option<&Ty>) -> Doc {
        let mut properties = Vec::with_capacity(fields.len());
        let mut required = Vec::new();
        for (index, field) in fields.iter().enumerate() {
            let ty = match payload {
                Some(payload) => substitute(&field.ty, payload),
                None => field.ty.clone(),
            };
            let mut schema = self.schema(&ty);
            if let Some(description) = &field.description {
                schema = with_annotation(schema, "description", Doc::str(description));
            }
            if let Some(default) = &field.default {
                schema = with_annotation(schema, "default", self.default_value(default, &ty));
            } else if !matches!(ty, Ty::Option(_)) {
                required.push(Doc::str(&field.json_name));
            }
            if field.secret {
                let is_string = matches!(unboxed(&ty), Ty::Builtin(Builtin::String))
                    || matches!(unboxed(&ty), Ty::Option(inner) if matches!(**inner, Ty::Builtin(Builtin::String)));
                schema = if is_string && !schema.is_ref() {
                    with_annotation(schema, "format", Doc::str("password"))
                } else {
                    with_annotation(schema, "x-endpointgen-secret", Doc::Bool(true))
                };
            }
            if field.rust_name != ident::snake(&field.json_name) {
                schema = with_annotation(schema, "x-endpointgen-rust-name", Doc::str(&field.rust_name));
            }
            if let Some(role) = roles.and_then(|roles| role_of(roles, index)) {
                schema = with_annotation(schema, "x-endpointgen-role", Doc::str(role));
            }
            properties.push((field.json_name.clone(), schema));
        }
        let mut doc = Doc::map().with("type", Doc::str("object")).with("properties", Doc::Map(properties));
        if !required.is_empty() {
            doc.set("required", Doc::Seq(required));
        }
        doc
    }

    /// The schema of a type expression: a reference to a named type, or the
    /// type written out.
    fn schema(&mut self, ty: &Ty) -> Doc {
        let typed = |name: &str| Doc::map().with("type", Doc::str(name));
        match ty {
            Ty::Builtin(builtin) => builtin_schema(*builtin),
            Ty::Param => builtin_schema(Builtin::Any),
            Ty::Option(inner) => nullable(self.schema(inner)),
            Ty::List(inner) => typed("array").with("items", self.schema(inner)),
            Ty::Map(inner) => typed("object").with("additionalProperties", self.schema(inner)),
            Ty::Boxed(inner) => self.schema(inner),
            Ty::Named(index) => reference(&self.api.types[*index].spec_name),
            Ty::Envelope(index, payload) => {
                let name = self.instance_name(*index, payload);
                reference(&name)
            }
        }
    }

    /// The schema name for an envelope with a payload:
    /// `ActionConfirmation_optional_string` for `ActionConfirmation<string?>`.
    fn instance_name(&mut self, envelope: usize, payload: &Ty) -> String {
        let key = (envelope, ty_words(self.api, payload));
        if let Some(name) = self.instance_names.get(&key) {
            return name.clone();
        }
        let base = format!("{}_{}", self.api.types[envelope].spec_name, key.1);
        let mut name = base.clone();
        let mut number = 2;
        while !self.taken.insert(name.clone()) {
            name = format!("{base}_{number}");
            number += 1;
        }
        self.instance_names.insert(key, name.clone());
        self.instances.push((name.clone(), envelope, payload.clone()));
        name
    }

    /// A default as JSON: the value a `TypeDefault` stands for, an enum
    /// variant's value on the wire.
    fn default_value(&self, value: &DefaultValue, ty: &Ty) -> Doc {
        match value {
            DefaultValue::TypeDefault => match unboxed(ty) {
                Ty::Builtin(Builtin::Bool) => Doc::Bool(false),
                Ty::Builtin(builtin) if builtin.is_integer() => Doc::Int(0),
                Ty::Builtin(Builtin::F32 | Builtin::F64) => Doc::Float(0.0),
                Ty::Builtin(Builtin::String) => Doc::str(""),
                Ty::List(_) => Doc::Seq(Vec::new()),
                Ty::Map(_) => Doc::map(),
                _ => Doc::Null,
            },
            DefaultValue::Bool(value) => Doc::Bool(*value),
            DefaultValue::Int(value) => Doc::Int(*value),
            DefaultValue::Float(value) => Doc::Float(*value),
            DefaultValue::Str(value) => Doc::str(value),
            DefaultValue::Variant(variant) => {
                let Ty::Named(index) = unboxed(ty) else { return Doc::Null };
                match &self.api.types[*index].kind {
                    TypeKind::Enum(variants) => variants
                        .iter()
                        .find(|known| known.rust_name == *variant)
                        .map_or(Doc::Null, |known| Doc::str(&known.json_name)),
                    TypeKind::IntEnum(variants) => variants
                        .iter()
                        .find(|known| known.rust_name == *variant)
                        .map_or(Doc::Null, |known| Doc::Int(i128::from(known.value))),
                    _ => Doc::Null,
                }
            }
        }
    }
}

/// How many endpoints have each function name, across groups.
fn count_names(group: &Group, counts: &mut HashMap<String, usize>) {
    for endpoint in &group.endpoints {
        *counts.entry(endpoint.fn_name.clone()).or_default() += 1;
    }
    for child in &group.groups {
        count_names(child, counts);
    }
}

fn reference(name: &str) -> Doc {
    Doc::map().with("$ref", Doc::str(format!("#/components/schemas/{}", super::escape_token(name))))
}

fn binary() -> Doc {
    Doc::map().with("type", Doc::str("string")).with("format", Doc::str("binary"))
}

/// `schema` that also allows `null`: `type: [string, 'null']`, or
/// `anyOf` with a null member for a reference or a union.
fn nullable(schema: Doc) -> Doc {
    let Doc::Map(mut entries) = schema else { return schema };
    if entries.is_empty() {
        // `{}` takes `null` already.
        return Doc::Map(entries);
    }
    if !entries.iter().any(|(key, _)| key == "$ref")
        && let Some((_, ty)) = entries.iter_mut().find(|(key, _)| key == "type")
        && let Doc::Str(name) = ty
    {
        *ty = Doc::Seq(vec![Doc::str(name.clone()), Doc::str("null")]);
        return Doc::Map(entries);
    }
    Doc::map().with("anyOf", Doc::Seq(vec![Doc::Map(entries), Doc::map().with("type", Doc::str("null"))]))
}

/// Adds an annotation to a schema; OpenAPI 3.1 allows one next to `$ref`.
fn with_annotation(schema: Doc, key: &str, value: Doc) -> Doc {
    schema.with(key, value)
}

fn unboxed(ty: &Ty) -> &Ty {
    match ty {
        Ty::Boxed(inner) => unboxed(inner),
        ty => ty,
    }
}

/// The envelope field type with `T` replaced by the payload.
fn substitute(ty: &Ty, payload: &Ty) -> Ty {
    match ty {
        Ty::Param => payload.clone(),
        Ty::Option(inner) => Ty::Option(Box::new(substitute(inner, payload))),
        Ty::List(inner) => Ty::List(Box::new(substitute(inner, payload))),
        Ty::Map(inner) => Ty::Map(Box::new(substitute(inner, payload))),
        Ty::Boxed(inner) => Ty::Boxed(Box::new(substitute(inner, payload))),
        Ty::Envelope(index, arg) => Ty::Envelope(*index, Box::new(substitute(arg, payload))),
        other => other.clone(),
    }
}

fn role_of(roles: &EnvelopeRoles, index: usize) -> Option<&'static str> {
    let is = |role: Option<usize>| role == Some(index);
    Some(if is(roles.success) {
        "success"
    } else if is(roles.value) {
        "value"
    } else if is(roles.status) {
        "status"
    } else if is(roles.message) {
        "message"
    } else if is(roles.errors) {
        "errors"
    } else if is(roles.items) {
        "items"
    } else if is(roles.has_next) {
        "has_next"
    } else {
        return None;
    })
}

/// The schema of a built-in type.
fn builtin_schema(builtin: Builtin) -> Doc {
    let typed = |name: &str| Doc::map().with("type", Doc::str(name));
    let formatted = |name: &str, format: &str| typed(name).with("format", Doc::str(format));
    match builtin {
        Builtin::Bool => typed("boolean"),
        Builtin::I32 => formatted("integer", "int32"),
        Builtin::I64 => formatted("integer", "int64"),
        Builtin::U32 => formatted("integer", "uint32").with("minimum", Doc::Int(0)),
        Builtin::U64 => formatted("integer", "uint64").with("minimum", Doc::Int(0)),
        Builtin::F32 => formatted("number", "float"),
        Builtin::F64 => formatted("number", "double"),
        Builtin::String => typed("string"),
        Builtin::Date => formatted("string", "date"),
        Builtin::DateTime => formatted("string", "date-time"),
        Builtin::Uuid => formatted("string", "uuid"),
        Builtin::Bytes => typed("string").with("contentEncoding", Doc::str("base64")),
        // Any JSON value, `null` too: the empty schema, never a bare
        // `nullable: true` (which some tools do not check).
        Builtin::Any => Doc::map(),
    }
}

/// A payload in a schema name: `optional_string`, `list_Booking`.
fn ty_words(api: &Api, ty: &Ty) -> String {
    match ty {
        Ty::Builtin(builtin) => builtin.name().into(),
        Ty::Param => Builtin::Any.name().into(),
        Ty::Option(inner) => format!("optional_{}", ty_words(api, inner)),
        Ty::List(inner) => format!("list_{}", ty_words(api, inner)),
        Ty::Map(inner) => format!("map_{}", ty_words(api, inner)),
        Ty::Boxed(inner) => ty_words(api, inner),
        Ty::Named(index) => api.types[*index].spec_name.clone(),
        Ty::Envelope(index, arg) => format!("{}_{}", api.types[*index].spec_name, ty_words(api, arg)),
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
    use super::{Doc, nullable, to_json, to_yaml};

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
