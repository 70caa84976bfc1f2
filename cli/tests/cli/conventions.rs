//! What `endpointgen` shares with cargo and ripgrep: usage errors that name
//! what is missing, `--color=auto|always|never`, `-` for standard input,
//! and an exit status of 2 for the caller's mistakes.

use std::fs;
use std::io::Write as _;
use std::process::{Command, Output, Stdio};

use crate::check::on_a_terminal_with;
use crate::openapi::MATRIX;
use crate::{ENDPOINTGEN, PORTAL, assert_exit, endpointgen, fixture, scratch_dir, stderr, stdout};

/// Runs `endpointgen` with `args`, `input` on its standard input.
fn endpointgen_reading(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(ENDPOINTGEN)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The binary may stop reading early (a usage error): a closed pipe is
    // not this test's failure.
    let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
    child.wait_with_output().unwrap()
}

#[test]
fn a_command_without_inputs_says_a_spec_or_a_document_is_needed() {
    for command in ["generate", "check"] {
        let output = endpointgen(&[command]);
        assert_exit(&output, 2);
        assert!(stderr(&output).contains("<SPEC|--openapi <DOCUMENT>>"), "{command}: {}", stderr(&output));
    }
    // `--openapi` alone is enough.
    let dir = scratch_dir("openapi_alone");
    let document = dir.join("matrix.yaml");
    fs::write(&document, MATRIX).unwrap();
    assert_exit(&endpointgen(&["generate", "--openapi", document.to_str().unwrap()]), 0);
}

#[test]
fn check_reads_openapi_documents_with_their_warnings() {
    let dir = scratch_dir("check_openapi");
    let document = dir.join("matrix.yaml");
    fs::write(&document, MATRIX).unwrap();
    let path = document.to_str().unwrap();
    let output = endpointgen(&["check", "--openapi", path]);
    assert_exit(&output, 0);
    assert_eq!(stdout(&output), format!("{path}: ok, 1 endpoint, 0 types\n"));
    let warnings = stderr(&output);
    assert!(warnings.contains("warning: operation `GET /a/{id}` left out"), "{warnings}");
    assert!(warnings.ends_with("warning: 1 of 2 operations generated; 1 left out, see above\n"), "{warnings}");

    let strict = endpointgen(&["check", "--strict", "--openapi", path]);
    assert_exit(&strict, 1);
    assert_eq!(stdout(&strict), "");

    // With a spec merged after it, as `generate` merges them.
    let extra = dir.join("extra.yaml");
    fs::write(&extra, "spec: 1\nendpoints:\n  c: { method: GET, path: /c }\n").unwrap();
    let merged = endpointgen(&["check", "--openapi", path, extra.to_str().unwrap()]);
    assert_exit(&merged, 0);
    assert!(stdout(&merged).ends_with(": ok, 2 endpoints, 0 types\n"), "{}", stdout(&merged));
}

#[test]
fn a_group_that_the_spec_does_not_have_is_a_usage_error() {
    let output = endpointgen(&["generate", PORTAL, "--group", "nosuch"]);
    assert_exit(&output, 2);
    assert_eq!(stdout(&output), "");
    assert!(
        stderr(&output).starts_with("error: `groups` names `nosuch` that the spec does not have"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn color_is_chosen_with_the_color_option() {
    let spec = fixture("five_mistakes.yaml");
    // On a pipe: `always` colors, even with NO_COLOR set (the option is
    // the user's word for this run); `auto` and `never` do not.
    for (when, colored) in [("always", true), ("auto", false), ("never", false)] {
        let output = Command::new(ENDPOINTGEN)
            .args(["check", &spec, &format!("--color={when}")])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert_exit(&output, 1);
        assert_eq!(stderr(&output).contains("\x1b[1;31merror\x1b[0m"), colored, "--color={when}: {}", stderr(&output));
    }
    // On a terminal, `never` does not, and `auto` does unless NO_COLOR.
    let never = on_a_terminal_with(None, "--color never");
    assert!(never.contains("error: unknown type `BookingID`") && !never.contains('\x1b'), "{never}");
    assert!(on_a_terminal_with(None, "--color=auto").contains('\x1b'));
    assert!(!on_a_terminal_with(Some("1"), "--color=auto").contains('\x1b'));
    // An unknown value is a usage error that lists the values.
    let wrong = endpointgen(&["check", PORTAL, "--color=sometimes"]);
    assert_exit(&wrong, 2);
    assert!(stderr(&wrong).contains("[possible values: auto, always, never]"), "{}", stderr(&wrong));
}

#[test]
fn a_dash_reads_standard_input() {
    let spec = "spec: 1\nname: piped\nendpoints:\n  ping: { method: GET, path: /ping }\n";
    let checked = endpointgen_reading(&["check", "-"], spec);
    assert_exit(&checked, 0);
    assert_eq!(stdout(&checked), "<stdin>: ok, 1 endpoint, 0 types\n");

    // Problems are named after `<stdin>`.
    let broken = endpointgen_reading(&["check", "-"], "spec: 1\nname: piped\ntypes:\n  A: { newtype: nosuch }\n");
    assert_exit(&broken, 1);
    assert!(stderr(&broken).starts_with("<stdin>:4:17: error: "), "{}", stderr(&broken));

    // The same code as from a file, with `<stdin>` in the header.
    let dir = scratch_dir("stdin");
    let file = dir.join("piped.yaml");
    fs::write(&file, spec).unwrap();
    let from_stdin = stdout(&endpointgen_reading(&["generate", "-"], spec));
    let from_file = stdout(&endpointgen(&["generate", file.to_str().unwrap()]));
    assert!(from_stdin.contains("<stdin>"), "{from_stdin}");
    let body = |code: &str| code.lines().filter(|line| !line.starts_with("//")).collect::<Vec<_>>().join("\n");
    assert_eq!(body(&from_stdin), body(&from_file));

    // An OpenAPI document, for `import` and `generate --openapi`; without
    // a file to name it, the API is `api`.
    let imported = endpointgen_reading(&["import", "-"], MATRIX);
    assert_exit(&imported, 0);
    assert!(stdout(&imported).contains("\nname: api\n"), "{}", stdout(&imported));
    assert!(stderr(&imported).contains("<stdin>:"), "{}", stderr(&imported));
    assert_exit(&endpointgen_reading(&["generate", "--openapi", "-"], MATRIX), 0);

    // Standard input is read once.
    let twice = endpointgen_reading(&["check", "-", "-"], spec);
    assert_exit(&twice, 2);
    assert!(stderr(&twice).contains("standard input can be read once"), "{}", stderr(&twice));
}

/// Standard input is held to the size of a spec file, so that a stream
/// that never ends (`- < /dev/zero`) is refused rather than read until
/// memory runs out.
#[test]
fn standard_input_is_read_up_to_the_size_of_a_spec_file() {
    let limit = usize::try_from(endpointgen_codegen::MAX_SPEC_FILE_BYTES).unwrap();
    let endless = "#".repeat(limit + 1);
    let output = endpointgen_reading(&["check", "-"], &endless);
    assert_exit(&output, 2);
    assert_eq!(stderr(&output), "error: standard input is larger than 64 MiB\n");
}

#[test]
fn export_sets_the_api_version() {
    let default = endpointgen(&["export-openapi", PORTAL, "--format", "json"]);
    assert_exit(&default, 0);
    let document: serde_json::Value = serde_json::from_str(&stdout(&default)).unwrap();
    assert_eq!(document["info"]["version"], "1");

    let versioned = endpointgen(&["export-openapi", PORTAL, "--format", "json", "--api-version", "2.3.0"]);
    assert_exit(&versioned, 0);
    let document: serde_json::Value = serde_json::from_str(&stdout(&versioned)).unwrap();
    assert_eq!(document["info"]["version"], "2.3.0");
    // And in YAML, where a number-like version stays a string.
    let yaml = stdout(&endpointgen(&["export-openapi", PORTAL, "--api-version", "2"]));
    let document: serde_json::Value = serde_saphyr::from_str(&yaml).unwrap();
    assert_eq!(document["info"]["version"], "2");
}

#[test]
fn include_takes_one_file_as_a_string() {
    let dir = scratch_dir("include_one");
    fs::write(dir.join("common.yaml"), "spec: 1\ntypes:\n  Id: { newtype: i64 }\n").unwrap();
    let root = dir.join("root.yaml");
    fs::write(
        &root,
        "spec: 1\nname: one\ninclude: common.yaml\nendpoints:\n  get: { method: GET, path: /a, response: Id }\n",
    )
    .unwrap();
    let output = endpointgen(&["check", root.to_str().unwrap()]);
    assert_exit(&output, 0);
    assert!(stdout(&output).ends_with(": ok, 1 endpoint, 1 type\n"), "{}", stderr(&output));
}
