//! `endpointgen import` and `endpointgen export-openapi`.

use std::fs;

use crate::{PORTAL, assert_exit, endpointgen, fixture, scratch_dir, stderr, stdout};

const NEXUS: &str = "../api-spec/openapi/nexus.json";

#[test]
fn import_writes_a_spec_that_checks_and_generates_the_documents_client() {
    let output = endpointgen(&["import", NEXUS]);
    assert_exit(&output, 0);
    assert_eq!(stderr(&output), "");
    let spec = stdout(&output);
    assert!(spec.starts_with("# Imported from ../api-spec/openapi/nexus.json by endpointgen"), "{spec}");
    assert!(spec.contains("\nspec: 1\nname: nexus\n"), "{spec}");

    let file = scratch_dir("import").join("nexus.yaml");
    let path = file.to_str().unwrap();
    assert_exit(&endpointgen(&["import", NEXUS, "-o", path]), 0);
    assert_eq!(fs::read_to_string(&file).unwrap(), spec);
    let check = endpointgen(&["check", path]);
    assert_exit(&check, 0);
    assert!(stdout(&check).ends_with(": ok, 193 endpoints, 250 types\n"), "{}", stdout(&check));
}

/// A document with one operation that has no place in a spec (a `matrix`
/// path parameter, left out with a warning) and one that has.
pub(crate) const MATRIX: &str = "openapi: 3.1.0
info: { title: T, version: '1' }
paths:
  /a/{id}:
    get:
      parameters:
        - { name: id, in: path, required: true, style: matrix, schema: { type: string } }
      responses: { '204': { description: None. } }
  /b:
    get:
      responses: { '204': { description: None. } }
";

#[test]
fn import_leaves_out_what_has_no_place_in_a_spec_with_a_warning() {
    let dir = scratch_dir("import_problems");
    let document = dir.join("matrix.yaml");
    fs::write(&document, MATRIX).unwrap();
    let spec = dir.join("spec.yaml");
    let output = endpointgen(&["import", document.to_str().unwrap(), "-o", spec.to_str().unwrap()]);
    assert_exit(&output, 0);
    let warnings = stderr(&output);
    assert!(
        warnings.contains(
            "matrix.yaml:7:56: warning: operation `GET /a/{id}` left out: the `matrix` style of parameter `id` is not supported (at #/paths/~1a~1{id}/get/parameters/0/style)"
        ),
        "{warnings}"
    );
    assert!(warnings.ends_with("\nwarning: 1 of 2 operations generated; 1 left out, see above\n"), "{warnings}");
    let written = fs::read_to_string(&spec).unwrap();
    assert!(written.contains("path: /b") && !written.contains("path: /a"), "{written}");
    assert_exit(&endpointgen(&["check", spec.to_str().unwrap()]), 0);
}

#[test]
fn a_strict_import_refuses_what_has_no_place_in_a_spec_and_writes_nothing() {
    let dir = scratch_dir("import_strict");
    let document = dir.join("matrix.yaml");
    fs::write(&document, MATRIX).unwrap();
    let spec = dir.join("spec.yaml");
    let output = endpointgen(&["import", "--strict", document.to_str().unwrap(), "-o", spec.to_str().unwrap()]);
    assert_exit(&output, 1);
    assert!(
        stderr(&output).contains("matrix.yaml:7:56: error: operation `GET /a/{id}` left out: the `matrix` style"),
        "{}",
        stderr(&output)
    );
    assert!(!spec.exists(), "nothing is written when the import is refused");
}

#[test]
fn import_refuses_a_document_that_is_no_openapi_document() {
    let dir = scratch_dir("import_not_openapi");
    let document = dir.join("notes.yaml");
    fs::write(&document, "title: Notes\npaths: {}\n").unwrap();
    let spec = dir.join("spec.yaml");
    let output = endpointgen(&["import", document.to_str().unwrap(), "-o", spec.to_str().unwrap()]);
    assert_exit(&output, 1);
    assert!(stderr(&output).contains("error: this is not an OpenAPI document"), "{}", stderr(&output));
    assert!(!spec.exists(), "nothing is written when the document has problems");

    let missing = endpointgen(&["import", "no_such_document.json"]);
    assert_exit(&missing, 2);
    // Named as what it is, with the OS error.
    assert!(
        stderr(&missing).starts_with(
            "error: cannot read OpenAPI document `no_such_document.json`: No such file or directory (os error 2)"
        ),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn export_writes_openapi_3_1_in_yaml_or_json() {
    let extra = fixture("extra.yaml");
    let output = endpointgen(&["export-openapi", PORTAL, &extra]);
    assert_exit(&output, 0);
    let yaml = stdout(&output);
    assert!(yaml.starts_with("openapi: \"3.1.0\"\ninfo:\n  title: Members Portal API\n"), "{yaml}");
    assert!(yaml.contains("ActionConfirmation_optional_string:"), "{yaml}");
    assert!(!yaml.contains("nullable"), "3.1 writes `null` as a type");

    let dir = scratch_dir("export");
    let file = dir.join("portal.json");
    assert_exit(&endpointgen(&["export-openapi", PORTAL, "-o", file.to_str().unwrap()]), 0);
    let json: serde_json::Value = serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(json["openapi"], "3.1.0");
    assert_eq!(json["info"]["x-endpointgen-name"], "portal");
    let forced = endpointgen(&["export-openapi", PORTAL, "--format", "json"]);
    assert_eq!(serde_json::from_str::<serde_json::Value>(&stdout(&forced)).unwrap(), json);

    // The export imports as a spec again.
    let reimported = endpointgen(&["import", file.to_str().unwrap()]);
    assert_exit(&reimported, 0);
    assert!(stdout(&reimported).contains("\nname: portal\n"));
}

#[test]
fn export_reports_the_problems_of_a_spec() {
    let output = endpointgen(&["export-openapi", &fixture("five_mistakes.yaml")]);
    assert_exit(&output, 1);
    assert!(stderr(&output).contains("error: the spec has 5 problems"), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
}
