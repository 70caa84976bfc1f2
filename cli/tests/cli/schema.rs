//! `endpointgen schema`: the JSON Schema of the spec format, which must
//! accept every spec the format allows and reject what it does not.

use serde_json::Value;

use crate::{PORTAL, assert_exit, endpointgen, fixture, stdout};

/// The schema the binary is built with: in this package, so that the
/// published crate builds.
const SCHEMA_FILE: &str = "endpointgen.schema.json";

/// The copy that this repository's specs name for editors
/// (`# yaml-language-server: $schema=endpointgen.schema.json`).
const EDITORS_COPY: &str = "../api-spec/endpointgen.schema.json";

fn schema() -> Value {
    let output = endpointgen(&["schema"]);
    assert_exit(&output, 0);
    serde_json::from_str(&stdout(&output)).expect("`endpointgen schema` prints JSON")
}

fn yaml(text: &str) -> Value {
    serde_saphyr::from_str(text).unwrap()
}

/// The schema's complaints about `spec`, one line each; none when it is
/// valid.
fn schema_errors(spec: &Value) -> Vec<String> {
    let validator = jsonschema::draft7::new(&schema()).unwrap();
    validator.iter_errors(spec).map(|error| format!("{}: {error}", error.instance_path())).collect()
}

fn read(path: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

#[test]
fn prints_the_schema_file_which_is_draft_07() {
    let output = endpointgen(&["schema"]);
    assert_exit(&output, 0);
    assert_eq!(stdout(&output), read(SCHEMA_FILE));
    let schema = schema();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    assert!(jsonschema::draft7::meta::is_valid(&schema));
}

/// One source of truth: the copy in `api-spec/` is the package's file.
/// `ENDPOINTGEN_BLESS=1` writes it after a change to the package's file.
#[test]
fn the_editors_copy_is_the_schema_the_binary_prints() {
    let schema = read(SCHEMA_FILE);
    if std::env::var_os("ENDPOINTGEN_BLESS").is_some() {
        std::fs::write(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(EDITORS_COPY), &schema).unwrap();
    }
    assert!(
        read(EDITORS_COPY) == schema,
        "{EDITORS_COPY} differs from cli/{SCHEMA_FILE}, which the binary prints: edit cli/{SCHEMA_FILE} and run \
         `ENDPOINTGEN_BLESS=1 cargo test -p endpointgen-cli --test cli schema` to copy it"
    );
}

#[test]
fn the_portal_spec_names_the_schema_for_editors() {
    assert!(read(PORTAL).starts_with("# yaml-language-server: $schema=endpointgen.schema.json\n"));
}

#[test]
fn accepts_the_portal_spec_and_the_whole_format() {
    let credentials = "../api-spec/fixtures/valid/credentials.yaml".to_owned();
    let paging = "../api-spec/fixtures/valid/paging_styles.yaml".to_owned();
    for spec in [PORTAL.to_owned(), fixture("extra.yaml"), fixture("future_syntax.yaml"), credentials, paging] {
        assert_eq!(schema_errors(&yaml(&read(&spec))), Vec::<String>::new(), "{spec}");
    }
}

/// `include:` takes one file as a string, as `check` does, or a list.
#[test]
fn include_is_one_file_or_a_list() {
    for accepted in ["include: common.yaml\n", "include: [types.yaml, bookings.yaml]\n"] {
        assert_eq!(schema_errors(&yaml(&format!("spec: 1\nname: x\n{accepted}"))), Vec::<String>::new(), "{accepted}");
    }
    for refused in ["include: /etc/spec.yaml\n", "include: { file: common.yaml }\n", "include: \"\"\n"] {
        assert!(!schema_errors(&yaml(&format!("spec: 1\nname: x\n{refused}"))).is_empty(), "{refused}");
    }
}

#[test]
fn rejects_an_unknown_key_and_an_endpoint_without_path() {
    for spec in ["unknown_key.yaml", "endpoint_without_path.yaml"] {
        assert!(!schema_errors(&yaml(&read(&fixture(spec)))).is_empty(), "{spec}");
    }
}

#[test]
fn rejects_each_kind_of_mistake() {
    const HEAD: &str = "spec: 1\nname: x\n";
    assert_eq!(schema_errors(&yaml(HEAD)), Vec::<String>::new());
    for (what, body) in [
        ("version 2", "spec: 2\nname: x\n"),
        ("an ftp base_url", "base_url: ftp://example.com\n"),
        ("an absolute include", "include: [/etc/spec.yaml]\n"),
        ("a bearer scheme with options", "auth: { a: { bearer: { format: jwt } } }\n"),
        ("two kinds of auth", "auth: { a: { bearer: {}, api_key: { header: X-Key } } }\n"),
        ("an api key without header", "auth: { a: { api_key: {} } }\n"),
        ("a bad header name", "auth: { a: { api_key: { header: X Key } } }\n"),
        ("an api key in two places", "auth: { a: { api_key: { header: X-Key, query: key } } }\n"),
        ("a bad cookie name", "auth: { a: { api_key: { cookie: a b } } }\n"),
        ("a basic scheme with options", "auth: { a: { basic: { username: ada } } }\n"),
        ("openid_connect without url", "auth: { a: { openid_connect: {} } }\n"),
        ("an OpenAPI flow name", "auth: { a: { oauth2: { clientCredentials: {} } } }\n"),
        ("an empty choice", "endpoints: { a: { method: GET, path: /a, auth: [] } }\n"),
        ("an optional scheme in a choice", "endpoints: { a: { method: GET, path: /a, auth: [a?, b] } }\n"),
        ("a type of two kinds", "types: { A: { newtype: i64, enum: [B] } }\n"),
        ("a type of no kind", "types: { A: { description: what? } }\n"),
        ("a type named with a dash", "types: { My-Type: { newtype: i64 } }\n"),
        ("a role outside an envelope", "types: { A: { fields: { B: { type: bool, role: success } } } }\n"),
        ("an unknown role", "envelopes: { E: { fields: { Ok: { type: bool, role: ok } } } }\n"),
        ("an envelope without fields", "envelopes: { E: { description: empty } }\n"),
        ("a broken type expression", "types: { A: { alias: list<string } }\n"),
        ("a field without a type", "types: { A: { fields: { B: { description: no type } } } }\n"),
        ("a secret that is not a bool", "types: { A: { fields: { B: { type: string, secret: 'true' } } } }\n"),
        ("an enum of numbers", "types: { A: { enum: [1, 2] } }\n"),
        ("an enum of booleans", "types: { A: { enum: { B: true } } }\n"),
        ("a status of 200", "errors: { E: { status: 200 } }\n"),
        ("a status of 3XX", "errors: { E: { status: 3XX } }\n"),
        ("a tag without one_of", "types: { A: { tag: kind, fields: { B: string } } }\n"),
        ("an empty one_of", "types: { A: { one_of: [] } }\n"),
        ("a union member with an unknown key", "types: { A: { one_of: { B: { type: string, variant: C } } } }\n"),
        ("an error without status", "errors: { E: { description: no status } }\n"),
        ("an unknown method", "endpoints: { a: { method: FETCH, path: / } }\n"),
        ("a path without a slash", "endpoints: { a: { method: GET, path: api/a } }\n"),
        (
            "a path parameter with a default",
            "endpoints: { a: { method: GET, path: '/{id}', path_params: { id: { type: i64, default: 1 } } } }\n",
        ),
        (
            "a body content of xml",
            "endpoints: { a: { method: POST, path: /a, body: { type: string, content: xml } } }\n",
        ),
        ("a body without a type", "endpoints: { a: { method: POST, path: /a, body: { content: json } } }\n"),
        (
            "a response media type that is not one",
            "endpoints: { a: { method: GET, path: /a, response: { type: bytes, content: pdf } } }\n",
        ),
        ("an inline error without status", "endpoints: { a: { method: GET, path: /a, errors: [{ name: Gone }] } }\n"),
        ("errors as a map", "endpoints: { a: { method: GET, path: /a, errors: { Gone: 410 } } }\n"),
        ("auth with two question marks", "endpoints: { a: { method: GET, path: /a, auth: customer?? } }\n"),
        ("deprecated as a number", "endpoints: { a: { method: GET, path: /a, deprecated: 1 } }\n"),
        ("a rust_name that is not an identifier", "endpoints: { a: { method: GET, path: /a, rust_name: get-it } }\n"),
        ("an endpoint in a group without path", "endpoints: { g: { h: { method: GET } } }\n"),
        ("an endpoint with an unknown key", "endpoints: { g: { a: { method: GET, path: /a, timeout: 5 } } }\n"),
        ("an empty group", "endpoints: { g: {} }\n"),
        ("a group entry that is a string", "endpoints: { g: GET /a }\n"),
        (
            "paging in two ways",
            "endpoints: { a: { method: GET, path: /a, paging: { next_url: n, link_header: true } } }\n",
        ),
        ("paging in no way", "endpoints: { a: { method: GET, path: /a, paging: { items: data } } }\n"),
        ("a cursor without from", "endpoints: { a: { method: GET, path: /a, paging: { cursor: { param: c } } } }\n"),
        (
            "a total without offset",
            "endpoints: { a: { method: GET, path: /a, paging: { link_header: true, total: t } } }\n",
        ),
        ("link_header false", "endpoints: { a: { method: GET, path: /a, paging: { link_header: false } } }\n"),
    ] {
        let spec = if body.starts_with("spec:") { body.to_owned() } else { format!("{HEAD}{body}") };
        assert_ne!(schema_errors(&yaml(&spec)), Vec::<String>::new(), "{what} was accepted:\n{spec}");
    }
}

/// A file that another includes has no `name` (the loader wants one in the
/// first file only), and the schema cannot tell which file is first.
#[test]
fn a_file_without_a_name_is_accepted_for_inclusion() {
    assert_eq!(schema_errors(&yaml("spec: 1\ntypes: {}\n")), Vec::<String>::new());
}

/// Editors show a property's description on hover and in completion: every
/// property has one.
#[test]
fn every_property_has_a_description() {
    fn visit(schema: &Value, path: &str, missing: &mut Vec<String>) {
        match schema {
            Value::Object(map) => {
                if let Some(Value::Object(properties)) = map.get("properties") {
                    for (name, property) in properties {
                        if property.get("description").is_none_or(|description| !description.is_string()) {
                            missing.push(format!("{path}/properties/{name}"));
                        }
                    }
                }
                for (key, value) in map {
                    visit(value, &format!("{path}/{key}"), missing);
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    visit(item, &format!("{path}/{index}"), missing);
                }
            }
            _ => {}
        }
    }
    let mut missing = Vec::new();
    visit(&schema(), "#", &mut missing);
    assert_eq!(missing, Vec::<String>::new());
}
