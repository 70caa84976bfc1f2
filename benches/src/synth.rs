//! Synthetic APIs of any size, written twice: as an endpointgen spec and as
//! the equivalent OpenAPI 3.0 document, so that endpointgen and progenitor
//! generate comparable clients from the same API.
//!
//! The API is a list of REST resources. Resource `r` has five endpoints
//! (get, list, create, update, delete), a response struct `Item{r}` of nine
//! fields of several types, an input struct `Item{r}Input`, and a string enum
//! `ItemStatus{r}`; two resources make a group (a module in endpointgen, a
//! tag in OpenAPI). Every endpoint documents one error whose body is the
//! shared `Problem`. The shapes repeat, but every type and endpoint has its
//! own name, as in a real API, so neither tool can share code between them.

use std::fmt::Write as _;

use serde_json::{Value, json};

/// Endpoints per resource: get, list, create, update, delete.
const ENDPOINTS_PER_RESOURCE: usize = 5;
/// Resources per group (module or tag): ten endpoints a group.
const RESOURCES_PER_GROUP: usize = 2;

/// What one endpoint does to its resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Operation {
    /// `GET /groupG/itemR/{id}?expand&fields` → `ItemR`, or 404.
    Get,
    /// `GET /groupG/itemR?limit&offset&search` → `list<ItemR>`, or 400.
    List,
    /// `POST /groupG/itemR` with `ItemRInput` → `ItemR`, or 400.
    Create,
    /// `PUT /groupG/itemR/{id}` with `ItemRInput` → `ItemR`, or 404.
    Update,
    /// `DELETE /groupG/itemR/{id}` → no content, or 404.
    Delete,
}

impl Operation {
    fn of_endpoint(index: usize) -> Self {
        match index % ENDPOINTS_PER_RESOURCE {
            0 => Self::Get,
            1 => Self::List,
            2 => Self::Create,
            3 => Self::Update,
            _ => Self::Delete,
        }
    }

    fn verb(self) -> &'static str {
        match self {
            Self::Get => "get",
            Self::List => "list",
            Self::Create => "create",
            Self::Update => "update",
            Self::Delete => "delete",
        }
    }

    fn method(self) -> &'static str {
        match self {
            Self::Get | Self::List => "GET",
            Self::Create => "POST",
            Self::Update => "PUT",
            Self::Delete => "DELETE",
        }
    }

    fn has_id(self) -> bool {
        matches!(self, Self::Get | Self::Update | Self::Delete)
    }

    fn has_body(self) -> bool {
        matches!(self, Self::Create | Self::Update)
    }

    /// The documented error: `(name, status)`.
    fn error(self) -> (&'static str, u16) {
        match self {
            Self::List | Self::Create => ("BadRequest", 400),
            Self::Get | Self::Update | Self::Delete => ("NotFound", 404),
        }
    }
}

/// One endpoint of the synthetic API.
struct Endpoint {
    operation: Operation,
    resource: usize,
    group: usize,
}

impl Endpoint {
    fn all(endpoints: usize) -> impl Iterator<Item = Self> {
        (0..endpoints).map(|index| {
            let resource = index / ENDPOINTS_PER_RESOURCE;
            Self { operation: Operation::of_endpoint(index), resource, group: resource / RESOURCES_PER_GROUP }
        })
    }

    /// `get_item7`: the endpoint's name in its group, and its OpenAPI `operationId`.
    fn name(&self) -> String {
        format!("{}_item{}", self.operation.verb(), self.resource)
    }

    fn path(&self) -> String {
        let collection = format!("/group{}/item{}", self.group, self.resource);
        if self.operation.has_id() { format!("{collection}/{{id}}") } else { collection }
    }

    fn summary(&self) -> String {
        let verb = self.operation.verb();
        let mut summary = format!("{verb} item {}", self.resource);
        summary[..1].make_ascii_uppercase();
        summary
    }
}

/// How many resources an API of `endpoints` endpoints has (the last one may
/// have fewer than five endpoints).
fn resources(endpoints: usize) -> usize {
    endpoints.div_ceil(ENDPOINTS_PER_RESOURCE)
}

/// The API's `name:`, also the generated crate's name: `synth_100`.
#[must_use]
pub fn api_name(endpoints: usize) -> String {
    format!("synth_{endpoints}")
}

/// The API of `endpoints` endpoints as an endpointgen spec (YAML).
#[must_use]
pub fn native_spec(endpoints: usize) -> String {
    let mut yaml = String::new();
    // Writing to a String cannot fail; `let _ =` keeps the lines short.
    let _ = writeln!(yaml, "# A synthetic API of {endpoints} endpoints, written by `synth` (endpointgen-benches).");
    let _ = writeln!(yaml, "spec: 1\nname: {}\ntitle: Synthetic API of {endpoints} endpoints", api_name(endpoints));
    yaml.push_str("base_url: https://api.example.com\n");
    yaml.push_str("errors:\n");
    yaml.push_str("  BadRequest: { status: 400, body: Problem, description: The request is not valid. }\n");
    yaml.push_str("  NotFound: { status: 404, body: Problem, description: No such item. }\n");
    yaml.push_str("types:\n");
    yaml.push_str("  Problem: { fields: { title: string, status: i32, detail: string? } }\n");
    yaml.push_str("  Owner: { fields: { id: i64, name: string } }\n");
    for resource in 0..resources(endpoints) {
        let _ = writeln!(yaml, "  ItemStatus{resource}: {{ enum: [active, archived, pending] }}");
        let _ = writeln!(
            yaml,
            "  Item{resource}:\n    description: Item {resource}.\n    fields: {{ id: i64, name: string, \
             description: string?, active: bool, score: f64, count: i32?, tags: list<string>, \
             status: ItemStatus{resource}, owner: Owner? }}"
        );
        let _ = writeln!(
            yaml,
            "  Item{resource}Input: {{ fields: {{ name: string, description: string?, active: bool, \
             tags: list<string>, status: ItemStatus{resource}? }} }}"
        );
    }
    yaml.push_str("endpoints:\n");
    let mut current_group = None;
    for endpoint in Endpoint::all(endpoints) {
        if current_group != Some(endpoint.group) {
            let _ = writeln!(yaml, "  group{}:", endpoint.group);
            current_group = Some(endpoint.group);
        }
        let operation = endpoint.operation;
        let resource = endpoint.resource;
        let _ = writeln!(yaml, "    {}:", endpoint.name());
        let _ = writeln!(yaml, "      summary: {}", endpoint.summary());
        let _ = writeln!(yaml, "      method: {}\n      path: {}", operation.method(), endpoint.path());
        if operation.has_id() {
            yaml.push_str("      path_params: { id: i64 }\n");
        }
        match operation {
            Operation::Get => yaml.push_str("      query: { expand: bool?, fields: string? }\n"),
            Operation::List => yaml.push_str("      query: { limit: i32?, offset: i32?, search: string? }\n"),
            Operation::Create | Operation::Update | Operation::Delete => {}
        }
        if operation.has_body() {
            let _ = writeln!(yaml, "      body: Item{resource}Input");
        }
        match operation {
            Operation::List => {
                let _ = writeln!(yaml, "      response: list<Item{resource}>");
            }
            Operation::Delete => {}
            Operation::Get | Operation::Create | Operation::Update => {
                let _ = writeln!(yaml, "      response: Item{resource}");
            }
        }
        let _ = writeln!(yaml, "      errors: [{}]", operation.error().0);
    }
    yaml
}

/// The same API as an OpenAPI 3.0 document (JSON, pretty-printed).
#[must_use]
pub fn openapi(endpoints: usize) -> String {
    let mut schemas = serde_json::Map::new();
    schemas.insert(
        "Problem".to_owned(),
        object(
            &[
                ("title", json!({ "type": "string" })),
                ("status", json!({ "type": "integer", "format": "int32" })),
                ("detail", json!({ "type": "string" })),
            ],
            &["title", "status"],
        ),
    );
    schemas.insert(
        "Owner".to_owned(),
        object(
            &[("id", json!({ "type": "integer", "format": "int64" })), ("name", json!({ "type": "string" }))],
            &["id", "name"],
        ),
    );
    for resource in 0..resources(endpoints) {
        let status = json!({ "$ref": format!("#/components/schemas/ItemStatus{resource}") });
        schemas.insert(
            format!("ItemStatus{resource}"),
            json!({ "type": "string", "enum": ["active", "archived", "pending"] }),
        );
        let mut item = object(
            &[
                ("id", json!({ "type": "integer", "format": "int64" })),
                ("name", json!({ "type": "string" })),
                ("description", json!({ "type": "string" })),
                ("active", json!({ "type": "boolean" })),
                ("score", json!({ "type": "number", "format": "double" })),
                ("count", json!({ "type": "integer", "format": "int32" })),
                ("tags", json!({ "type": "array", "items": { "type": "string" } })),
                ("status", status.clone()),
                ("owner", json!({ "$ref": "#/components/schemas/Owner" })),
            ],
            &["id", "name", "active", "score", "tags", "status"],
        );
        item["description"] = json!(format!("Item {resource}."));
        schemas.insert(format!("Item{resource}"), item);
        schemas.insert(
            format!("Item{resource}Input"),
            object(
                &[
                    ("name", json!({ "type": "string" })),
                    ("description", json!({ "type": "string" })),
                    ("active", json!({ "type": "boolean" })),
                    ("tags", json!({ "type": "array", "items": { "type": "string" } })),
                    ("status", status),
                ],
                &["name", "active", "tags"],
            ),
        );
    }

    let mut paths = serde_json::Map::new();
    for endpoint in Endpoint::all(endpoints) {
        let operation = endpoint.operation;
        let resource = endpoint.resource;
        let item = json!({ "$ref": format!("#/components/schemas/Item{resource}") });
        let mut parameters = Vec::new();
        if operation.has_id() {
            parameters.push(parameter("path", "id", &json!({ "type": "integer", "format": "int64" }), true));
        }
        match operation {
            Operation::Get => {
                parameters.push(parameter("query", "expand", &json!({ "type": "boolean" }), false));
                parameters.push(parameter("query", "fields", &json!({ "type": "string" }), false));
            }
            Operation::List => {
                for name in ["limit", "offset"] {
                    parameters.push(parameter("query", name, &json!({ "type": "integer", "format": "int32" }), false));
                }
                parameters.push(parameter("query", "search", &json!({ "type": "string" }), false));
            }
            Operation::Create | Operation::Update | Operation::Delete => {}
        }
        let (error_name, error_status) = operation.error();
        let mut responses = serde_json::Map::new();
        let success = match operation {
            Operation::List => Some(("200", json!({ "type": "array", "items": item }))),
            Operation::Get | Operation::Update => Some(("200", item)),
            Operation::Create => Some(("201", item)),
            Operation::Delete => None,
        };
        match success {
            Some((status, schema)) => {
                responses.insert(status.to_owned(), json_content("Success.", &schema));
            }
            None => {
                responses.insert("204".to_owned(), json!({ "description": "Deleted." }));
            }
        }
        responses.insert(
            error_status.to_string(),
            json_content(error_name, &json!({ "$ref": "#/components/schemas/Problem" })),
        );
        let mut body = json!({
            "operationId": endpoint.name(),
            "summary": endpoint.summary(),
            "tags": [format!("group{}", endpoint.group)],
            "responses": responses,
        });
        if !parameters.is_empty() {
            body["parameters"] = Value::Array(parameters);
        }
        if operation.has_body() {
            body["requestBody"] = json!({
                "required": true,
                "content": { "application/json": { "schema": {
                    "$ref": format!("#/components/schemas/Item{resource}Input")
                } } }
            });
        }
        let path = paths.entry(endpoint.path()).or_insert_with(|| json!({}));
        path[operation.method().to_ascii_lowercase()] = body;
    }

    let document = json!({
        "openapi": "3.0.3",
        "info": { "title": format!("Synthetic API of {endpoints} endpoints"), "version": "1.0.0" },
        "servers": [{ "url": "https://api.example.com" }],
        "paths": paths,
        "components": { "schemas": schemas },
    });
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

fn object(properties: &[(&str, Value)], required: &[&str]) -> Value {
    let properties: serde_json::Map<String, Value> =
        properties.iter().map(|(name, schema)| ((*name).to_owned(), schema.clone())).collect();
    json!({ "type": "object", "properties": properties, "required": required })
}

fn parameter(place: &str, name: &str, schema: &Value, required: bool) -> Value {
    json!({ "in": place, "name": name, "required": required, "schema": schema })
}

fn json_content(description: &str, schema: &Value) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": schema } } })
}

#[cfg(test)]
mod tests {
    use super::{native_spec, openapi};

    #[test]
    fn both_forms_have_every_endpoint() {
        let spec = native_spec(12);
        assert_eq!(spec.matches("      method: ").count(), 12);
        let document: serde_json::Value = serde_json::from_str(&openapi(12)).unwrap();
        let operations: usize =
            document["paths"].as_object().unwrap().values().map(|path| path.as_object().unwrap().len()).sum();
        assert_eq!(operations, 12);
        // Three resources, the last with two endpoints: three of each type.
        assert_eq!(document["components"]["schemas"].as_object().unwrap().len(), 2 + 3 * 3);
    }

    #[test]
    fn the_native_spec_generates() {
        let input = endpointgen_codegen::Input::Inline { shown: "synth".to_owned(), text: native_spec(10) };
        let generated = endpointgen_codegen::generate(&[input], &endpointgen_codegen::Options::default());
        assert!(generated.is_ok(), "{}", generated.err().map(|error| error.to_string()).unwrap_or_default());
    }

    /// The request bench compiles the checked-in spec of one resource.
    #[test]
    fn the_request_bench_spec_is_up_to_date() {
        let checked_in = include_str!("../specs/synth_5.yaml");
        assert_eq!(
            checked_in,
            native_spec(5),
            "regenerate: cargo run -p endpointgen-benches --bin synth -- 5 benches/specs"
        );
    }
}
