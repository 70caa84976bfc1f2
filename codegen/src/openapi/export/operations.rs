//! The endpoints → `paths`: each operation with its parameters, request
//! body, responses (successes and errors) and servers.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::schemas::with_annotation;
use super::{Doc, Exporter};
use crate::ident;
use crate::ir::{
    Auth, AuthChoice, BodyContent, Endpoint, ErrorStatus, FieldStep, Group, Paging, PagingStyle, Param, PathPart,
    Response, Shape, Streamed, Style, Ty, TypeKind,
};
use crate::vocabulary::{EVENT_STREAM_MEDIA_TYPE, NDJSON_MEDIA_TYPE};

impl Exporter<'_> {
    pub(super) fn group(
        &mut self,
        group: &Group,
        path: &mut Vec<String>,
        paths: &mut Doc,
        operation_ids: &HashMap<String, usize>,
    ) {
        for endpoint in &group.endpoints {
            // A path key holds one operation per method: a second endpoint
            // of the same method and path gets a key of its own, told apart
            // by a fragment of its name, which is never sent (as Box's
            // document writes `/files/{id}#add`).
            let key = if self.claim_operation(endpoint) {
                endpoint.path_template.clone()
            } else {
                format!("{}#{}", endpoint.path_template, endpoint.fn_name)
            };
            let operation = self.operation(endpoint, path, operation_ids);
            if paths.get_mut(&key).is_none() {
                paths.set(&key, Doc::map());
            }
            if let Some(item) = paths.get_mut(&key) {
                item.set(&endpoint.method.as_str().to_ascii_lowercase(), operation);
            }
        }
        for child in &group.groups {
            path.push(child.spec_name.clone());
            self.group(child, path, paths, operation_ids);
            path.pop();
        }
    }

    /// Records that an endpoint is written for its method and path
    /// (whatever its parameters are named); false when one is already.
    fn claim_operation(&mut self, endpoint: &Endpoint) -> bool {
        let mut shape: String = endpoint
            .path
            .iter()
            .map(|part| match part {
                PathPart::Literal(text) => text.as_str(),
                PathPart::Param(_) => "{}",
            })
            .collect();
        for (index, (name, value)) in endpoint.fixed_query.iter().enumerate() {
            write!(shape, "{}{name}={value}", if index == 0 { '?' } else { '&' }).ok();
        }
        self.operations.insert(format!("{} {shape}", endpoint.method.as_str()))
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
        if let Some(index) = endpoint.server {
            operation.set("servers", Doc::Seq(vec![self.server(index)]));
        }
        if let Some(paging) = &endpoint.paging {
            operation.set("x-endpointgen-paging", paging_extension(endpoint, paging));
        }
        operation.set(
            "security",
            Doc::Seq(match &endpoint.auth {
                Auth::Public => Vec::new(),
                Auth::Required(index) => vec![self.requirement(*index)],
                Auth::Optional(index) => vec![Doc::map(), self.requirement(*index)],
                Auth::AllOf(schemes) => vec![self.requirement_of_all(schemes)],
                Auth::AnyOf { choices, optional } => optional
                    .then(Doc::map)
                    .into_iter()
                    .chain(choices.iter().map(|choice| match choice {
                        AuthChoice::One(index) => self.requirement(*index),
                        AuthChoice::All(schemes) => self.requirement_of_all(schemes),
                    }))
                    .collect(),
            }),
        );
        let mut parameters = Vec::new();
        for (place, params) in [
            ("path", &endpoint.path_params),
            ("query", &endpoint.query),
            ("header", &endpoint.headers),
            ("cookie", &endpoint.cookies),
        ] {
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
                BodyContent::Multipart(_) => ("multipart/form-data".to_owned(), self.schema(&body.ty)),
            };
            let mut request_body = Doc::map();
            if let Some(description) = &body.description {
                request_body.set("description", Doc::str(description));
            }
            request_body.set("required", Doc::Bool(body.required));
            let mut media = Doc::map().with("schema", schema);
            if !body.encoding.is_empty() {
                let mut encoding = Doc::map();
                for field in &body.encoding {
                    encoding.set(&field.field, style_doc(Doc::map(), field.style, field.explode, Style::Form));
                }
                media.set("encoding", encoding);
            }
            if let (BodyContent::Multipart(parts), Ty::Named(index)) = (&body.content, &body.ty)
                && let TypeKind::Struct(fields) = &self.api.types[*index].kind
            {
                let encoding: Vec<(String, Doc)> = parts
                    .iter()
                    .filter_map(|part| {
                        let content_type = part.content_type.as_ref()?;
                        let field = fields.get(part.field)?;
                        Some((field.json_name.clone(), Doc::map().with("contentType", Doc::str(content_type))))
                    })
                    .collect();
                if !encoding.is_empty() {
                    media.set("encoding", Doc::Map(encoding));
                }
            }
            request_body.set("content", Doc::map().with(&media_type, media));
            operation.set("requestBody", request_body);
        }
        let mut responses = Doc::map();
        match &endpoint.response {
            Response::ByStatus(cases) => {
                // Read back as answers by status even when their bodies
                // are alike, which alone would make one response.
                operation.set("x-endpointgen-by-status", Doc::Bool(true));
                for case in cases {
                    let description = case.description.as_deref().unwrap_or_default();
                    let (_, response) = self.success(&case.body, case.accept.as_ref(), description);
                    responses.set(&case.status.to_string(), response);
                }
            }
            single => {
                let (status, response) = self.success(single, endpoint.accept.as_ref(), "Success.");
                responses.set(status, response);
            }
        }
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

    /// A success response: its status key when it is the only one, and
    /// its object.
    fn success(&mut self, response: &Response, accept: Option<&String>, description: &str) -> (&'static str, Doc) {
        let success = Doc::map().with("description", Doc::str(description));
        match response {
            // Any success status, whose body is not read.
            Response::Empty | Response::ByStatus(_) => ("2XX", success),
            Response::Json(ty) | Response::Enveloped(ty) => {
                let media_type = accept
                    .cloned()
                    .filter(|accept| accept.split(';').next().is_some_and(|essence| essence.ends_with("json")))
                    .unwrap_or_else(|| "application/json".to_owned());
                (
                    "200",
                    success.with("content", Doc::map().with(&media_type, Doc::map().with("schema", self.schema(ty)))),
                )
            }
            Response::Bytes => {
                let media_type = accept.cloned().unwrap_or_else(|| "*/*".to_owned());
                ("200", success.with("content", Doc::map().with(&media_type, Doc::map().with("schema", binary()))))
            }
            // A stream of bytes says so, since its media type alone (a
            // ZIP, a video) does not.
            Response::Stream(Streamed::Bytes) => {
                let media_type = accept.cloned().unwrap_or_else(|| "*/*".to_owned());
                let media = Doc::map().with("schema", binary()).with("x-endpointgen-stream", Doc::Bool(true));
                ("200", success.with("content", Doc::map().with(&media_type, media)))
            }
            // OpenAPI 3.2's `itemSchema`: the schema of each line.
            Response::Stream(Streamed::JsonLines(ty)) => {
                let media_type = accept.cloned().unwrap_or_else(|| NDJSON_MEDIA_TYPE.to_owned());
                let media = Doc::map().with("itemSchema", self.schema(ty));
                ("200", success.with("content", Doc::map().with(&media_type, media)))
            }
            // OpenAPI 3.2's `itemSchema` of an event stream is the event's:
            // its `data` is a string, whose JSON is the `contentSchema`.
            Response::Stream(Streamed::Events { data, text }) => {
                let mut data_schema = Doc::map().with("type", Doc::str("string"));
                if !*text {
                    data_schema.set("contentMediaType", Doc::str("application/json"));
                    data_schema.set("contentSchema", self.schema(data));
                }
                let properties = Doc::map()
                    .with("event", Doc::map().with("type", Doc::str("string")))
                    .with("data", data_schema)
                    .with("id", Doc::map().with("type", Doc::str("string")))
                    .with("retry", Doc::map().with("type", Doc::str("integer")).with("minimum", Doc::Int(0)));
                let item = Doc::map()
                    .with("type", Doc::str("object"))
                    .with("required", Doc::Seq(vec![Doc::str("data")]))
                    .with("properties", properties);
                let media = Doc::map().with("itemSchema", item);
                ("200", success.with("content", Doc::map().with(EVENT_STREAM_MEDIA_TYPE, media)))
            }
        }
    }

    /// A server of the spec as an operation's server, named so that an
    /// import names it the same.
    fn server(&self, index: usize) -> Doc {
        let server = &self.api.servers[index];
        let mut doc = Doc::map().with("url", Doc::str(&server.url));
        if let Some(description) = &server.description {
            doc.set("description", Doc::str(description));
        }
        if !server.variables.is_empty() {
            let variables = server.variables.iter().map(|variable| {
                let mut value = Doc::map().with("default", Doc::str(&variable.default));
                if !variable.allowed.is_empty() {
                    value.set("enum", Doc::Seq(variable.allowed.iter().map(Doc::str).collect()));
                }
                if let Some(description) = &variable.description {
                    value.set("description", Doc::str(description));
                }
                (variable.name.clone(), value)
            });
            doc.set("variables", Doc::Map(variables.collect()));
        }
        doc.with("x-endpointgen-server", Doc::str(&server.spec_name))
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
        if param.shape == Shape::Json {
            // The value's JSON text: `content`, which has no style.
            doc.set("content", Doc::map().with("application/json", Doc::map().with("schema", schema)));
        } else {
            doc.set("schema", schema);
            let default_style = if matches!(place, "query" | "cookie") { Style::Form } else { Style::Simple };
            doc = style_doc(doc, param.style, param.explode, default_style);
        }
        // OpenAPI explodes a cookie by default; a spec's cookie list is
        // comma-separated.
        if place == "cookie" && !param.explode {
            doc.set("explode", Doc::Bool(false));
        }
        if param.rust_name != ident::snake(&param.wire_name) {
            doc.set("x-endpointgen-rust-name", Doc::str(&param.rust_name));
        }
        doc
    }
}

/// How many endpoints have each function name, across groups.
pub(super) fn count_names(group: &Group, counts: &mut HashMap<String, usize>) {
    for endpoint in &group.endpoints {
        *counts.entry(endpoint.fn_name.clone()).or_default() += 1;
    }
    for child in &group.groups {
        count_names(child, counts);
    }
}

fn binary() -> Doc {
    Doc::map().with("type", Doc::str("string")).with("format", Doc::str("binary"))
}

/// `style` and `explode` where they are not OpenAPI's defaults: the place's
/// style, and `explode` true for `form`, false for the others.
fn style_doc(mut doc: Doc, style: Style, explode: bool, default_style: Style) -> Doc {
    if style != default_style {
        doc.set("style", Doc::str(style.name()));
    }
    if explode != (style == Style::Form) {
        doc.set("explode", Doc::Bool(explode));
    }
    doc
}

/// `x-endpointgen-paging`: the spec's `paging:` as it is written, a page
/// parameter's name or a map with dotted JSON names of response fields.
fn paging_extension(endpoint: &Endpoint, paging: &Paging) -> Doc {
    let param = |index: usize| Doc::str(&endpoint.query[index].wire_name);
    let path =
        |path: &[FieldStep]| Doc::str(path.iter().map(|step| step.json_name.as_str()).collect::<Vec<_>>().join("."));
    let mut doc = match &paging.style {
        // The items and `has_next` are the envelope's roles.
        PagingStyle::Page { param: index, .. } => return param(*index),
        PagingStyle::Cursor { param: index, from } => {
            Doc::map().with("cursor", Doc::map().with("param", param(*index)).with("from", path(from)))
        }
        PagingStyle::NextUrl { from } => Doc::map().with("next_url", path(from)),
        PagingStyle::LinkHeader => Doc::map().with("link_header", Doc::Bool(true)),
        PagingStyle::Offset { param: index, limit, total } => {
            let mut doc = Doc::map().with("offset", param(*index));
            if let Some(limit) = limit {
                doc.set("limit", param(*limit));
            }
            if let Some(total) = total {
                doc.set("total", path(total));
            }
            doc
        }
    };
    // Written always, even where the importer would find the same list
    // (an envelope's `items` role, a list response): explicit is simpler
    // to read back, and reads back to the same client.
    if !paging.items.is_empty() {
        doc.set("items", path(&paging.items));
    }
    doc
}
