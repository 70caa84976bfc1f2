//! The spec fixtures under `api-spec/fixtures/`.
//!
//! - `invalid/`: one mistake per spec, named after it. Each fails with the
//!   diagnostics in the `.stderr` file next to it, rendered as
//!   `endpointgen_codegen::Error`'s `Display` shows them. A folder is one
//!   case whose top-level `*.yaml` files are merged, in name order (how a
//!   crate merges a vendor's spec with its own). A file named
//!   `*.openapi.yaml` or `*.openapi.json` is an OpenAPI document, imported.
//! - `warnings/`: OpenAPI documents with parts that cannot be generated.
//!   Each generates, with the warnings in the `.stderr` file next to it
//!   (`endpointgen_codegen::Warnings`' `Display`), and its code compiles:
//!   each is expanded here by the macro.
//! - `valid/`: specs that must generate code that compiles. Each is expanded
//!   here by the macro and used, so that wrong code fails a test.
//!
//! `ENDPOINTGEN_BLESS=1` rewrites the snapshots instead of comparing;
//! review the diff.

use std::fmt::Write as _;
use std::marker::PhantomData;
use std::path::{Path, PathBuf};

use endpointgen::auth::Required;
use endpointgen::{BaseUrl, Endpoint};
use endpointgen_codegen::{Input, Options, generate};

/// The fixtures, from this crate's directory (where `cargo test` runs).
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../api-spec/fixtures");
/// How diagnostics name the fixtures: as a path from the workspace root.
const SHOWN: &str = "api-spec/fixtures";

/// One case of `invalid/` or `warnings/`: a spec file, or a folder of specs
/// merged in name order.
struct Case {
    name: String,
    inputs: Vec<Input>,
    snapshot: PathBuf,
}

fn input(path: &Path) -> Input {
    let relative = path.strip_prefix(FIXTURES).expect("fixture paths are under the fixtures folder");
    let shown = format!("{SHOWN}/{}", relative.display());
    if is_openapi(path) {
        Input::OpenApi { shown, path: path.to_owned() }
    } else {
        Input::File { shown, path: path.to_owned() }
    }
}

pub(crate) fn is_openapi(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| name.ends_with(".openapi.yaml") || name.ends_with(".openapi.json"))
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    entries.sort();
    entries
}

fn is_yaml(path: &Path) -> bool {
    path.extension().is_some_and(|extension| extension == "yaml")
}

/// The cases of a folder of fixtures with snapshots (`invalid`,
/// `warnings`), and the `.stderr` files found (to spot stale ones).
fn cases(folder: &str) -> (Vec<Case>, Vec<PathBuf>) {
    let dir = Path::new(FIXTURES).join(folder);
    let mut cases = Vec::new();
    let mut snapshots = Vec::new();
    for path in sorted_entries(&dir) {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let inputs = if path.is_dir() {
            sorted_entries(&path).iter().filter(|file| is_yaml(file)).map(|file| input(file)).collect()
        } else if is_yaml(&path) || is_openapi(&path) {
            vec![input(&path)]
        } else if path.extension().is_some_and(|extension| extension == "stderr") {
            snapshots.push(path);
            continue;
        } else {
            panic!("{} is neither a fixture (`.yaml`, or a folder) nor a snapshot (`.stderr`)", path.display());
        };
        assert!(!inputs.is_empty(), "the fixture folder {} has no `.yaml` file", path.display());
        // `x.openapi.json` → `x.openapi.stderr`
        cases.push(Case { snapshot: dir.join(format!("{name}.stderr")), name, inputs });
    }
    (cases, snapshots)
}

/// The stack rustc gives the thread that expands macros, where specs are
/// usually read. A test thread has 2 MiB, and a debug build of the YAML
/// reader needs more than that for specs nested within the allowed depth.
pub(crate) const MACRO_STACK: usize = 8 * 1024 * 1024;

/// Runs `work` on a thread with the stack of a macro expansion.
pub(crate) fn with_macro_stack<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(MACRO_STACK)
        .spawn(work)
        .unwrap()
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// What an invalid case renders: its diagnostics, or why it fails without
/// them (it was accepted: a rule that did not fire).
fn rendered_errors(case: &Case) -> Result<String, String> {
    let inputs = case.inputs.clone();
    with_macro_stack(move || match generate(&inputs, &Options::default()) {
        Err(error) => Ok(format!("{error}\n")),
        Ok(_) => Err("no diagnostics: the spec was accepted and generated code".to_owned()),
    })
}

/// What a warnings case renders: its warnings, or why it fails without
/// them (an error, or nothing to warn about).
fn rendered_warnings(case: &Case) -> Result<String, String> {
    let inputs = case.inputs.clone();
    with_macro_stack(move || match generate(&inputs, &Options::default()) {
        Ok(generated) if generated.warnings.is_empty() => Err("no warnings: the document generated whole".to_owned()),
        Ok(generated) => Ok(format!("{}\n", generated.warnings)),
        Err(error) => Err(format!("the document does not generate:\n{error}")),
    })
}

#[test]
fn every_invalid_fixture_fails_with_its_snapshot() {
    check_snapshots("invalid", rendered_errors);
}

#[test]
fn every_warnings_fixture_generates_with_its_snapshot() {
    check_snapshots("warnings", rendered_warnings);
}

/// A strict generation refuses each warnings fixture, with its warnings as
/// the only errors.
#[test]
fn a_strict_generation_makes_the_warnings_errors() {
    let (cases, _) = cases("warnings");
    for case in cases {
        let strict = Options { strict: true, ..Options::default() };
        let (lenient, strict) = with_macro_stack(move || {
            (generate(&case.inputs, &Options::default()), generate(&case.inputs, &strict).map(|_| ()))
        });
        let warnings = lenient.unwrap_or_else(|error| panic!("{error}")).warnings;
        let error = strict.expect_err("a strict generation with warnings fails");
        assert_eq!(error.error_count(), warnings.diagnostics().len(), "{}", case.name);
        let messages = |diagnostics: &[endpointgen_codegen::Diagnostic]| {
            diagnostics.iter().map(|diagnostic| (diagnostic.span, diagnostic.message.clone())).collect::<Vec<_>>()
        };
        assert_eq!(messages(error.diagnostics()), messages(warnings.diagnostics()), "{}", case.name);
        assert!(error.to_string().contains(": error: "), "{}", case.name);
    }
}

/// Compares (or blesses) the snapshot of every case of `folder` with what
/// `render` makes of it.
fn check_snapshots(folder: &str, render: fn(&Case) -> Result<String, String>) {
    let bless = std::env::var_os("ENDPOINTGEN_BLESS").is_some_and(|value| value == "1");
    let (cases, snapshots) = cases(folder);
    assert!(!cases.is_empty(), "no fixtures found under {FIXTURES}/{folder}");
    let mut failures = Vec::new();
    for case in &cases {
        let expected = std::fs::read_to_string(&case.snapshot).ok();
        match judge(&case.name, render(case), expected.as_deref(), bless) {
            Ok(None) => {}
            Ok(Some(blessed)) => std::fs::write(&case.snapshot, blessed).unwrap(),
            Err(failure) => failures.push(failure),
        }
    }
    for snapshot in snapshots {
        if !cases.iter().any(|case| case.snapshot == snapshot) {
            let shown = snapshot.strip_prefix(FIXTURES).unwrap_or(&snapshot);
            failures.push(format!("{SHOWN}/{}: a snapshot without a fixture; remove it", shown.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixtures of {folder} do not match (run with ENDPOINTGEN_BLESS=1 to rewrite the snapshots, \
         then review the diff):\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// What the snapshot check makes of one case whose diagnostics are
/// `actual` (`Err`: why it has none that count, such as an invalid spec
/// that was accepted): `Ok(None)` when they match the snapshot,
/// `Ok(Some(text))` for the snapshot to write when blessing, and `Err` for
/// a failure.
///
/// A case without its diagnostics fails whatever its snapshot says, also
/// when blessing: a snapshot must not make a rule that stopped firing pass.
fn judge(
    name: &str,
    actual: Result<String, String>,
    expected: Option<&str>,
    bless: bool,
) -> Result<Option<String>, String> {
    let actual = actual.map_err(|why| format!("{name}: {why}"))?;
    if expected == Some(actual.as_str()) {
        return Ok(None);
    }
    if bless {
        return Ok(Some(actual));
    }
    Err(match expected {
        None => format!("{name}: no snapshot yet; the output is:\n{actual}"),
        Some(expected) => {
            format!("{name}: the diagnostics differ from the snapshot (-) now (+):\n{}", diff(expected, &actual))
        }
    })
}

#[test]
fn an_accepted_invalid_fixture_fails_even_blessed_and_with_any_snapshot() {
    let note = "(no diagnostics: the spec was accepted and generated code)\n";
    for (expected, bless) in
        [(Some(note), true), (Some(note), false), (None, true), (Some("x.yaml:1:1: error\n"), true)]
    {
        let judged = judge("accepted", Err("the spec was accepted".to_owned()), expected, bless);
        assert!(judged.as_ref().is_err_and(|failure| failure.contains("the spec was accepted")), "{judged:?}");
    }
    let error = "x.yaml:1:1: error: …\n".to_owned();
    assert_eq!(judge("x", Ok(error.clone()), Some(&error), false), Ok(None));
    assert_eq!(judge("x", Ok(error.clone()), None, true), Ok(Some(error.clone())));
    assert!(judge("x", Ok(error), Some("other\n"), false).is_err());
}

/// The one rule a file fixture cannot show: an inline spec has no folder to
/// resolve `include:` against.
#[test]
fn an_include_in_an_inline_spec_is_refused() {
    let text = "spec: 1\nname: shop\ninclude: [common.yaml]\n".to_owned();
    let error = generate(&[Input::Inline { shown: "inline.yaml".to_owned(), text }], &Options::default()).unwrap_err();
    let rendered = error.to_string();
    assert!(
        rendered.starts_with("inline.yaml:3:11: error: `include` needs a spec file: an inline spec has no folder"),
        "{rendered}"
    );
    assert!(rendered.contains("= help: put the spec in a file"), "{rendered}");
}

/// Every diagnostic of the OpenAPI importer has a fixture, as every rule of
/// the spec format has: the message of each error and warning under
/// `codegen/src/openapi/import/` (`self.error(…)`, `self.leave_out(…)`,
/// `self.read_as_any(…)`, `self.schema_warning(…)`,
/// `self.unsupported_scheme(…)`) shows in the snapshot of an `openapi_*`
/// fixture of `invalid/` or of a fixture of `warnings/` (its fixed text, in
/// order, around the values it formats).
#[test]
fn every_import_diagnostic_has_a_fixture() {
    let (_, invalid) = cases("invalid");
    let (_, warnings) = cases("warnings");
    let reported: Vec<String> = invalid
        .iter()
        .filter(|path| path.file_name().and_then(|name| name.to_str()).is_some_and(|name| name.starts_with("openapi_")))
        .chain(&warnings)
        .flat_map(|path| std::fs::read_to_string(path).unwrap().lines().map(str::to_owned).collect::<Vec<_>>())
        .filter(|line| line.contains(": error: ") || line.contains(": warning: "))
        .collect();
    let importer = Path::new(env!("CARGO_MANIFEST_DIR")).join("../codegen/src/openapi/import");
    let mut messages = Vec::new();
    for file in sorted_entries(&importer) {
        let source = std::fs::read_to_string(&file).unwrap();
        for reporter in [
            "self.error(",
            "self.leave_out(",
            "self.read_as_any(",
            "self.schema_warning(",
            "self.unsupported_scheme(",
            "self.keyword_ignored(",
            "self.paging_warning(",
            "Unoffered::new(",
        ] {
            for call in source.split(reporter).skip(1) {
                let message = first_string_literal(call)
                    .unwrap_or_else(|| panic!("{}: a `{reporter}` without a message: {call:.80}", file.display()));
                messages.push(message);
            }
        }
    }
    assert!(messages.len() >= 30, "the importer's messages were not found: {messages:?}");
    let missing: Vec<&String> = messages
        .iter()
        .filter(|message| {
            let pieces = fixed_pieces(message);
            !reported.iter().any(|line| contains_in_order(line, &pieces))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "import diagnostics without a fixture under {SHOWN}/invalid/openapi_* or {SHOWN}/warnings: {missing:#?}"
    );
}

/// The text of the first string literal in `code`.
fn first_string_literal(code: &str) -> Option<String> {
    let start = code.find('"')? + 1;
    let mut text = String::new();
    let mut chars = code[start..].chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(text),
            '\\' => text.push(chars.next()?),
            c => text.push(c),
        }
    }
    None
}

/// The fixed parts of a `format!` string, around its `{…}` placeholders.
fn fixed_pieces(message: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut rest = message;
    while let Some(open) = rest.find('{') {
        pieces.push(&rest[..open]);
        rest = rest[open..].find('}').map_or("", |close| &rest[open + close + 1..]);
    }
    pieces.push(rest);
    pieces.retain(|piece| !piece.is_empty());
    pieces
}

fn contains_in_order(line: &str, pieces: &[&str]) -> bool {
    let mut rest = line;
    pieces.iter().all(|piece| match rest.find(piece) {
        Some(at) => {
            rest = &rest[at + piece.len()..];
            true
        }
        None => false,
    })
}

/// A line diff of `expected` and `actual`: `-` lines only in the snapshot,
/// `+` lines only in the output, through a longest common subsequence.
pub(crate) fn diff(expected: &str, actual: &str) -> String {
    let old: Vec<&str> = expected.lines().collect();
    let new: Vec<&str> = actual.lines().collect();
    let mut common = vec![vec![0_usize; new.len() + 1]; old.len() + 1];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            common[i][j] =
                if old[i] == new[j] { common[i + 1][j + 1] + 1 } else { common[i + 1][j].max(common[i][j + 1]) };
        }
    }
    let mut out = String::new();
    let (mut i, mut j) = (0, 0);
    while i < old.len() || j < new.len() {
        if i < old.len() && j < new.len() && old[i] == new[j] {
            writeln!(out, "  {}", old[i]).unwrap();
            i += 1;
            j += 1;
        } else if i < old.len() && (j == new.len() || common[i + 1][j] >= common[i][j + 1]) {
            writeln!(out, "- {}", old[i]).unwrap();
            i += 1;
        } else {
            writeln!(out, "+ {}", new[j]).unwrap();
            j += 1;
        }
    }
    out
}

/// The valid fixtures, each as the files given to the generator (includes
/// are found by it). The macros below expand the same lists.
pub(crate) const VALID: &[&[&str]] = &[
    &["keywords.yaml"],
    &["prelude_names.yaml"],
    &["deep_nesting.yaml"],
    &["recursive.yaml"],
    &["everything.yaml"],
    &["include_tree/root.yaml"],
    &["merged/vendor.yaml", "merged/ours.yaml"],
    &["param_styles.yaml"],
    &["paging_styles.yaml"],
    &["unions.yaml"],
    &["schemas.openapi.yaml"],
    &["flattened.yaml"],
    &["operations.yaml"],
    &["credentials.yaml"],
    &["auth_all_at_once.yaml"],
    &["hostile_text.yaml"],
    &["every_error_status.yaml"],
    &["streams.yaml"],
    &["multipart.yaml"],
    &["defaults.yaml"],
    &["huge_enums.yaml"],
];

pub(crate) fn valid_path(file: &str) -> PathBuf {
    Path::new(FIXTURES).join("valid").join(file)
}

fn yaml_files_under(dir: &Path, found: &mut Vec<PathBuf>) {
    for path in sorted_entries(dir) {
        if path.is_dir() {
            yaml_files_under(&path, found);
        } else if is_yaml(&path) {
            found.push(path.canonicalize().unwrap());
        }
    }
}

#[test]
fn every_valid_fixture_generates_and_is_expanded_here() {
    let mut read = Vec::new();
    for files in VALID {
        let inputs: Vec<Input> = files.iter().map(|file| input(&valid_path(file))).collect();
        let generated =
            with_macro_stack(move || generate(&inputs, &Options::default()).map(|generated| generated.files));
        let generated = generated.unwrap_or_else(|error| panic!("{files:?} does not generate:\n{error}"));
        let mut canonical: Vec<PathBuf> = generated.iter().map(|file| file.canonicalize().unwrap()).collect();
        let count = canonical.len();
        canonical.sort();
        canonical.dedup();
        assert_eq!(canonical.len(), count, "{files:?}: a file was read twice: {generated:?}");
        read.extend(canonical);
    }
    // A fixture added to the folder but not to `VALID` (and to a macro
    // below) would be checked by nothing.
    let mut on_disk = Vec::new();
    yaml_files_under(&Path::new(FIXTURES).join("valid"), &mut on_disk);
    read.sort();
    assert_eq!(read, on_disk, "every file under fixtures/valid must be read by a case of `VALID`");
}

/// Expands every warnings fixture with the macro, each in a module of its
/// own, so that its code is compiled; `WARNINGS` lists them, for the check
/// that none is missing. The macro's warnings are deprecation warnings
/// (the snapshots check what they say), allowed here.
macro_rules! expand_warnings_fixtures {
    ($($module:ident => $file:literal),* $(,)?) => {
        const WARNINGS: &[&str] = &[$($file),*];
        mod warnings {
            $(
                #[allow(deprecated, reason = "the macro's warnings, which the snapshots check")]
                pub(super) mod $module {
                    endpointgen::generate!(openapi = $file);
                }
            )*
        }
    };
}

expand_warnings_fixtures! {
    all_of_allows_nothing => "../api-spec/fixtures/warnings/all_of_allows_nothing.openapi.yaml",
    all_of_too_deep => "../api-spec/fixtures/warnings/all_of_too_deep.openapi.yaml",
    choice_member_not_an_object => "../api-spec/fixtures/warnings/choice_member_not_an_object.openapi.yaml",
    checked_like_a_spec => "../api-spec/fixtures/warnings/checked_like_a_spec.openapi.yaml",
    cookie_list_exploded => "../api-spec/fixtures/warnings/cookie_list_exploded.openapi.yaml",
    enum_not_a_list => "../api-spec/fixtures/warnings/enum_not_a_list.openapi.yaml",
    keywords_unsupported => "../api-spec/fixtures/warnings/keywords_unsupported.openapi.yaml",
    multipart_part_headers => "../api-spec/fixtures/warnings/multipart_part_headers.openapi.yaml",
    openapi_3_2_methods => "../api-spec/fixtures/warnings/openapi_3_2_methods.openapi.yaml",
    names_made_valid => "../api-spec/fixtures/warnings/names_made_valid.openapi.yaml",
    one_of_and_any_of => "../api-spec/fixtures/warnings/one_of_and_any_of.openapi.yaml",
    paging_extensions => "../api-spec/fixtures/warnings/paging_extensions.openapi.yaml",
    parameter_unknown_place => "../api-spec/fixtures/warnings/parameter_unknown_place.openapi.yaml",
    parameter_without_in => "../api-spec/fixtures/warnings/parameter_without_in.openapi.yaml",
    parameter_without_name => "../api-spec/fixtures/warnings/parameter_without_name.openapi.yaml",
    ref_misspelled => "../api-spec/fixtures/warnings/ref_misspelled.openapi.yaml",
    ref_not_a_string => "../api-spec/fixtures/warnings/ref_not_a_string.openapi.yaml",
    response_status_not_a_code => "../api-spec/fixtures/warnings/response_status_not_a_code.openapi.yaml",
    schema_made_of_itself => "../api-spec/fixtures/warnings/schema_made_of_itself.openapi.yaml",
    schema_not_a_map => "../api-spec/fixtures/warnings/schema_not_a_map.openapi.yaml",
    schemas_checked_like_a_spec => "../api-spec/fixtures/warnings/schemas_checked_like_a_spec.openapi.yaml",
    schemas_nest_too_deep => "../api-spec/fixtures/warnings/schemas_nest_too_deep.openapi.yaml",
    security_of_the_document => "../api-spec/fixtures/warnings/security_of_the_document.openapi.yaml",
    security_choice_left_out => "../api-spec/fixtures/warnings/security_choice_left_out.openapi.yaml",
    security_requirement_of_five_schemes => "../api-spec/fixtures/warnings/security_requirement_of_five_schemes.openapi.yaml",
    security_scheme_not_declared => "../api-spec/fixtures/warnings/security_scheme_not_declared.openapi.yaml",
    security_scheme_unsupported => "../api-spec/fixtures/warnings/security_scheme_unsupported.openapi.yaml",
    security_scheme_without_type => "../api-spec/fixtures/warnings/security_scheme_without_type.openapi.yaml",
    servers_of_their_own => "../api-spec/fixtures/warnings/servers_of_their_own.openapi.yaml",
    two_success_bodies => "../api-spec/fixtures/warnings/two_success_bodies.openapi.yaml",
    type_not_a_string => "../api-spec/fixtures/warnings/type_not_a_string.openapi.yaml",
    unknown_type => "../api-spec/fixtures/warnings/unknown_type.openapi.yaml",
    unsupported => "../api-spec/fixtures/warnings/unsupported.openapi.yaml",
}

#[test]
fn every_warnings_fixture_is_expanded_here() {
    let (cases, _) = cases("warnings");
    let mut on_disk: Vec<String> = cases
        .iter()
        .flat_map(|case| &case.inputs)
        .map(|input| input.shown().replacen(SHOWN, "../api-spec/fixtures", 1))
        .collect();
    on_disk.sort();
    let mut expanded: Vec<&str> = WARNINGS.to_vec();
    expanded.sort_unstable();
    assert_eq!(on_disk, expanded, "every fixture of warnings/ must be in `expand_warnings_fixtures!`");
}

/// An OpenAPI document's tag values and error names that make no Rust name,
/// or the same one, are named by the import (issue 18): they decode by
/// their values.
#[test]
fn imported_tag_values_and_error_names_are_made_valid_and_distinct() {
    use endpointgen::Endpoint as _;
    use warnings::names_made_valid::{Cased, Symbols, Unknowns};

    let decoded = |body: &str| serde_json::from_str::<Symbols>(body).unwrap();
    assert!(matches!(decoded(r#"{"kind": "+"}"#), Symbols::Plus(_)));
    assert!(matches!(decoded(r#"{"kind": "-"}"#), Symbols::Minus(_)));
    assert!(matches!(decoded(r#"{"kind": ""}"#), Symbols::Empty(_)));
    assert!(matches!(serde_json::from_str::<Cased>(r#"{"kind": "X"}"#).unwrap(), Cased::X2(_)));
    assert!(matches!(serde_json::from_str::<Unknowns>(r#"{"kind": "unknown"}"#).unwrap(), Unknowns::UnknownValue(_)));
    let get = warnings::names_made_valid::endpoints::pets::GetPets::decode(response(409, "")).unwrap_err();
    assert!(
        matches!(get, endpointgen::Error::Api(warnings::names_made_valid::endpoints::pets::GetPetsError::Plus { .. })),
        "{get:?}"
    );
}

pub(crate) fn base() -> BaseUrl {
    BaseUrl::parse("https://api.test").unwrap()
}

pub(crate) fn response(status: u16, body: &str) -> endpointgen::http::Response<endpointgen::Bytes> {
    let mut response = endpointgen::http::Response::new(endpointgen::Bytes::from(body.to_owned()));
    *response.status_mut() = endpointgen::StatusCode::from_u16(status).unwrap();
    response
}

pub(crate) fn request<E: Endpoint>(endpoint: &E) -> endpointgen::http::Request<Vec<u8>> {
    Endpoint::to_request(endpoint, &base()).unwrap_or_else(|_| panic!("the request cannot be built"))
}

pub(crate) fn header<'r, B>(request: &'r endpointgen::http::Request<B>, name: &str) -> Option<&'r str> {
    request.headers().get(name).map(|value| value.to_str().unwrap())
}

pub(crate) fn json(body: &[u8]) -> serde_json::Value {
    serde_json::from_slice(body).unwrap()
}

/// The endpoint's auth requirement, for a compile-time check such as
/// `let _: PhantomData<Required<auth::Customer>> = auth_of(&endpoint);`.
pub(crate) fn auth_of<E: Endpoint>(_: &E) -> PhantomData<E::Auth> {
    PhantomData
}

mod keywords {
    endpointgen::generate!("../api-spec/fixtures/valid/keywords.yaml");
}

#[test]
fn keywords_are_escaped_in_every_kind_of_name() {
    use keywords::endpoints::{super_, r#type};
    use keywords::{Const, Crate, Enum, Self_, Type, Use};

    let endpoint = r#type::r#match("a/b", Crate("c".to_owned()))
        .r#async(1)
        .r#type(Enum::Self_)
        .r#fn(true)
        .r#const(Const::Crate)
        .decode_with("d")
        .to_request_with("t")
        .r#move("m");
    let _: PhantomData<Required<keywords::auth::Self_>> = auth_of(&endpoint);
    let sent = request(&endpoint);
    assert_eq!(sent.method(), "GET");
    assert_eq!(sent.uri(), "https://api.test/type/a%2Fb/c?async=1&type=self&fn=true&const=3&decode=d&to_request=t");
    assert_eq!(header(&sent, "move"), Some("m"));

    let decoded = r#type::Match::decode(response(200, r#"{"type": "t", "match": 2, "box": "b"}"#));
    let decoded: Type = decoded.unwrap();
    assert_eq!((decoded.r#type.as_str(), decoded.r#match, decoded.r#box.as_deref()), ("t", 2, Some("b")));
    assert_eq!((decoded.r#fn, decoded.r#mod, decoded.r#async.len()), (0, Enum::Match, 0));
    let error = <r#type::Match as Endpoint>::decode(response(409, "taken")).unwrap_err();
    assert!(matches!(error, endpointgen::Error::Api(r#type::MatchError::Self_(_))), "{error:?}");

    let body = Self_ { r#where: "here".to_owned(), r#in: Some(Crate("hidden".to_owned())), crate_: None };
    let debug = format!("{body:?}");
    assert!(debug.contains("<redacted>") && !debug.contains("hidden"), "{debug}");
    let endpoint = r#type::self_(Use(7), body);
    let _: PhantomData<Required<keywords::auth::Type>> = auth_of(&endpoint);
    assert_eq!(
        <keywords::auth::Type as endpointgen::auth::ApiKeyScheme>::IN,
        endpointgen::auth::ApiKeyIn::Header("x-type-key")
    );
    let sent = request(&endpoint);
    assert_eq!((sent.method().as_str(), sent.uri().path()), ("PUT", "/self/7"));
    assert_eq!(json(sent.body()), serde_json::json!({"where": "here", "in": "hidden"}));
    let error = r#type::Self_::decode(response(200, r#"{"type": false, "impl": "no"}"#)).unwrap_err();
    assert!(matches!(error, endpointgen::Error::Rejected(_)), "{error:?}");

    let sent = request(&super_::crate_::self_::r#mod(Use(3)));
    assert_eq!(sent.method(), "DELETE");
    assert_eq!(sent.uri(), "https://api.test/super/crate/self/mod?in=3");
    assert_eq!((Enum::Self_.as_str(), Enum::None.as_str(), Const::Some.as_i64()), ("self", "None", 4));
}

/// `self`, `crate`, `super` and `Self` cannot be raw identifiers, so their
/// fields are `self_` and so on; the JSON keeps the spec's name.
#[test]
fn fields_named_self_or_crate_keep_their_json_names() {
    use keywords::endpoints::r#type;
    use keywords::{Self_, Type, Use};

    let decoded = <r#type::Match as Endpoint>::decode(response(
        200,
        r#"{"type": "t", "match": 2, "self": true, "crate": "c", "super": "s"}"#,
    ))
    .unwrap();
    assert_eq!(decoded.self_, Some(true));
    assert_eq!((decoded.crate_.as_deref(), decoded.super_.as_deref()), (Some("c"), Some("s")));

    let body = Self_ { r#where: "here".to_owned(), r#in: None, crate_: Some("c".to_owned()) };
    assert_eq!(json(request(&r#type::self_(Use(7), body)).body()), serde_json::json!({"where": "here", "crate": "c"}));

    // The envelope's value field is named `self`.
    let list: keywords::Let =
        r#type::Self_::decode(response(200, r#"{"type": true, "self": [{"type": "a", "match": 1, "self": false}]}"#))
            .unwrap()
            .into_value();
    assert_eq!(list, [Type { r#match: 1, self_: Some(false), ..type_value("a") }]);
}

/// A `type` of the keywords spec with its defaults, as decoding makes it.
fn type_value(name: &str) -> keywords::Type {
    keywords::Type {
        r#type: name.to_owned(),
        r#match: 0,
        self_: None,
        crate_: None,
        super_: None,
        r#async: Vec::new(),
        r#await: None,
        r#fn: 0,
        r#mod: keywords::Enum::Match,
        r#move: None,
        r#dyn: None,
        r#yield: None,
        r#gen: None,
        r#try: None,
        r#abstract: None,
        r#become: None,
        r#box: None,
        r#do: None,
        r#final: None,
        r#macro: None,
        r#override: None,
        r#priv: None,
        r#typeof: None,
        r#unsized: None,
        r#virtual: None,
        union: None,
        r#static: None,
        r#loop: None,
        r#ref: None,
    }
}

mod prelude_names {
    endpointgen::generate!("../api-spec/fixtures/valid/prelude_names.yaml");
}

#[test]
fn prelude_and_runtime_names_are_fine_as_spec_names() {
    use prelude_names::endpoints::{endpointgen as runtime_group, std as std_group};
    use prelude_names::{Box, Client, Err, Method, Option, Result, String};

    let body = Result { ok: Option("x".to_owned()), err: Some(String(5)), value: None };
    let endpoint = std_group::core(Option("o p".to_owned()), body)
        .string(String(3))
        .client(Client::None)
        .method(Method::Post)
        .vec(vec![String(1), String(2)]);
    let sent = request(&endpoint);
    assert_eq!(sent.uri(), "https://api.test/std/o%20p?String=3&Client=None&Method=POST&Vec=1&Vec=2");
    assert_eq!(json(sent.body()), serde_json::json!({"Ok": "x", "Err": 5}));

    let decoded: prelude_names::Ok = std_group::Core::decode(response(
        200,
        r#"{"Ok": "a", "Err": null, "Value": {"Inner": {"Items": [1]}, "Items": [2, 3]}}"#,
    ))
    .unwrap();
    let value = decoded.value.unwrap();
    assert_eq!(value.inner.unwrap().items, [String(1)]);
    assert_eq!(value.items, [String(2), String(3)]);
    let error = std_group::Core::decode(response(500, r#"{"Message": "boom"}"#)).unwrap_err();
    let endpointgen::Error::Api(std_group::CoreError::Error(prelude_names::Error { message })) = error else {
        panic!("expected the documented 500, got {error:?}")
    };
    assert_eq!(message, "boom");

    let boxed: Box = runtime_group::Serde::decode(response(200, r#"{"Items": []}"#)).unwrap();
    assert!(boxed.inner.is_none());
    let serialize = runtime_group::Http::decode(response(200, r#"{"Deserialize": 1.5}"#)).unwrap();
    assert!((serialize.deserialize.0 - 1.5).abs() < f64::EPSILON);
    assert_eq!((Err::Some.as_i64(), Err::None.as_i64()), (1, 2));
    let _ = (prelude_names::Some { none: true }, prelude_names::None(false), Client::Default);
}

mod hostile_text {
    endpointgen::generate!("../api-spec/fixtures/valid/hostile_text.yaml");
}

/// Text that changes the direction of what follows it reaches the docs as
/// `\u{202e}` (rustc denies it raw in a comment: this module would not
/// compile), and stays as it is in what is sent and read.
#[test]
fn direction_changing_text_is_escaped_in_docs_and_kept_in_values() {
    let code = endpointgen_codegen::Config::new()
        .spec(valid_path("hostile_text.yaml"))
        .skip_rerun_lines()
        .generate_string()
        .unwrap()
        .code;
    assert!(code.contains("/// A thing \\u{202e}"), "{code}");
    assert!(!code.contains('\u{202e}') && !code.contains('\u{2066}') && !code.contains('\r'));
    assert_eq!(hostile_text::Kind::AB.as_str(), "a\u{202e}b");
    let thing: hostile_text::Thing = serde_json::from_str("{\"na\u{202e}me\": \"x\"}").unwrap();
    assert_eq!(thing.name, "x");
}

/// Rust warns of an unreachable arm; a client has none.
#[deny(unreachable_patterns)]
mod every_error_status {
    endpointgen::generate!("../api-spec/fixtures/valid/every_error_status.yaml");
}

/// A status of the class that every status of which is documented on its
/// own is decoded as that status' error; one of the other class as the
/// class's.
#[test]
fn an_endpoint_that_documents_every_status_decodes_each() {
    use every_error_status::endpoints::items::{Get, GetError};
    let error = Get::decode(response(418, "")).unwrap_err();
    assert!(matches!(error, endpointgen::Error::Api(GetError::E418(_))), "{error:?}");
    let error = Get::decode(response(503, "")).unwrap_err();
    assert!(matches!(error, endpointgen::Error::Api(GetError::Server(status, _)) if status == 503), "{error:?}");
    let error = Get::decode(response(302, "")).unwrap_err();
    assert!(matches!(error, endpointgen::Error::Api(GetError::Other(status, _)) if status == 302), "{error:?}");
}

#[deny(warnings)]
mod huge_enums {
    endpointgen::generate!("../api-spec/fixtures/valid/huge_enums.yaml");
}

/// An enum of more values than a `match` is written for is a struct with a
/// constant per value: it reads and writes, matches and prints as an enum
/// does, and keeps a value it does not list.
#[test]
fn an_enum_of_thousands_of_values_works_as_an_enum() {
    use huge_enums::endpoints::entries;
    use huge_enums::{Code, Entry, Word};

    let entry: Entry = serde_json::from_str(
        r#"{"word": "w0419", "code": -50000, "words": ["", "Ünïcode", "A-first", "w1499", "w9999"]}"#,
    )
    .unwrap();
    assert_eq!(entry.word, Word::W0419);
    assert!(matches!(entry.word, Word::W0419));
    assert!(!matches!(entry.word, Word::W0838));
    assert_eq!(entry.code, Code::C0);
    assert_eq!(entry.words[..4], [Word::Empty, Word::Unicode, Word::AFirst, Word::W1499]);
    assert_eq!((entry.words[4].as_str(), entry.words[4].is_known()), ("w9999", false));
    assert_eq!(entry.fallback, Word::W0001);
    assert_eq!(format!("{:?} {:?}", entry.words[1], entry.words[4]), r#"Unicode Unknown("w9999")"#);
    assert_eq!(format!("{:?} {:?}", Code::C1099, Code::from_value(7)), "C1099 Unknown(7)");
    assert_eq!(
        (Code::C1.as_i64(), Code::from_value(-45271), Code::from_value(-50001).is_known()),
        (-45271, Code::C1, false)
    );
    for (index, word) in ["w0000", "", "A-first", "Ünïcode", "w1499"].into_iter().enumerate() {
        assert_eq!(Word::from_value(word).as_str(), word, "{index}");
        assert!(Word::from_value(word).is_known());
    }

    let written = serde_json::to_value(&entry).unwrap();
    assert_eq!(written["words"], serde_json::json!(["", "Ünïcode", "A-first", "w1499", "w9999"]));
    assert_eq!(written["code"], -50000);
    let sent = request(&entries::get().word(Word::AFirst).code(Code::from_value(-3)));
    assert_eq!(sent.uri(), "https://api.test/entries?word=A-first&code=-3");
}

mod deep_nesting {
    endpointgen::generate!("../api-spec/fixtures/valid/deep_nesting.yaml");
}

#[test]
fn an_endpoint_twenty_groups_down_names_its_types() {
    use deep_nesting::endpoints::g1::g2::g3::g4::g5::g6::g7::g8::g9::g10::g11::g12::g13::g14::g15::g16::g17::g18::g19::g20 as bottom;
    use deep_nesting::{Bottom, Level1, Level1Id, Level20};

    let endpoint = bottom::get(Level1Id(5), Level1 { depth: 1, next: None }).depths(vec![1, 2]);
    let sent = request(&endpoint);
    assert_eq!(sent.uri(), "https://api.test/deep/5?depths=1&depths=2");
    assert_eq!(json(sent.body()), serde_json::json!({"Depth": 1}));

    let bottom_value = bottom::Get::decode(response(
        200,
        r#"{"Matrix": [{"a": [{"b": [{"c": [{"d": [{"e": [1, null]}]}]}]}]}], "Maybe": {"k": [null, {"Depth": 1}]}}"#,
    ))
    .unwrap();
    assert_eq!(bottom_value.matrix[0]["a"][0]["b"][0]["c"][0]["d"][0]["e"], [Some(1), None]);
    let maybe = bottom_value.maybe.unwrap();
    assert_eq!(maybe["k"].as_ref().unwrap()[1].as_ref().unwrap().depth, 1);

    let error = bottom::Get::decode(response(400, r#"{"Depth": 20, "Next": {"Matrix": []}}"#)).unwrap_err();
    let endpointgen::Error::Api(bottom::GetError::Shallow(Level20 { depth: 20, next: Bottom { matrix, maybe: None } })) =
        error
    else {
        panic!("expected the documented 400, got {error:?}")
    };
    assert!(matrix.is_empty());
}

mod recursive {
    endpointgen::generate!("../api-spec/fixtures/valid/recursive.yaml");
}

#[test]
fn recursive_types_are_boxed_where_they_hold_themselves() {
    use recursive::endpoints::{graph, trees};
    use recursive::{Expr, Link, Node, Ping, Pong, Tree};

    let tree = trees::Get::decode(response(
        200,
        r#"{"Name": "root", "Children": [{"Name": "kid", "Parent": {"Name": "root"}}], "ByName": {"x": {"Name": "x"}}}"#,
    ))
    .unwrap();
    let parent: &Option<Box<Tree>> = &tree.children[0].parent;
    assert_eq!(parent.as_ref().unwrap().name, "root");
    assert_eq!(tree.by_name["x"].name, "x");
    let sent = request(&trees::put(tree.clone()));
    assert_eq!(json(sent.body())["Children"][0]["Parent"]["Name"], "root");

    let ping = Ping { pong: Some(Box::new(Pong { ping: Ping { pong: None } })) };
    assert_eq!(json(request(&graph::ping(ping)).body()), serde_json::json!({"Pong": {"Ping": {}}}));

    let node = Node { value: 1, next: Box::new(Link(Some(Node { value: 2, next: Box::new(Link(None)) }))) };
    assert_eq!(
        json(request(&graph::node(node)).body()),
        serde_json::json!({"Value": 1, "Next": {"Value": 2, "Next": null}})
    );

    let expr: Expr = graph::Expr::decode(response(
        200,
        r#"{"Op": "+", "Args": [{"Op": "1", "Args": []}], "Left": {"Op": "2", "Args": []}}"#,
    ))
    .unwrap();
    assert_eq!(expr.args[0].op, "1");
    assert!(expr.args[0].left.is_none(), "an absent optional alias is None");
    assert_eq!(expr.left.as_ref().as_ref().unwrap().op, "2");

    let page = graph::Page::decode(response(
        200,
        r#"{"Ok": true, "Value": {"Items": ["a"], "Next": {"Ok": true, "Value": null}}}"#,
    ))
    .unwrap()
    .into_value();
    assert_eq!(page.items, ["a"]);
    assert!(page.next.value.is_none());
}

mod everything {
    endpointgen::generate!("../api-spec/fixtures/valid/everything.yaml");
}

const CUSTOMER_JSON: &str = r#"{"Id": 1, "Name": "Ann", "Created": "2024-01-02T03:04:05Z",
    "Ref": "00000000-0000-0000-0000-000000000001"}"#;

#[test]
fn every_feature_builds_its_request() {
    use everything::endpoints::{customers, ping, session};
    use everything::{CustomerId, CustomerType, Kind, Login};

    let endpoint = customers::get(CustomerId(42), Kind::ParcelXl, true, "acme")
        .fields(vec!["a b".to_owned(), "c".to_owned()])
        .page(2)
        .since(endpointgen::Date::new(2024, 2, 29).unwrap())
        .at("2024-01-02T03:04:05Z".parse().unwrap())
        .r#ref(endpointgen::Uuid::from_u128(1))
        .types(vec![CustomerType::Individual, CustomerType::Company])
        .ids(vec![CustomerId(7), CustomerId(8)])
        .x_request_id(endpointgen::Uuid::from_u128(2))
        .x_customer_type(CustomerType::Company);
    let _: PhantomData<Required<everything::auth::Customer>> = auth_of(&endpoint);
    let sent = request(&endpoint);
    assert_eq!(sent.method(), "GET");
    assert_eq!(
        sent.uri(),
        "https://api.test/customers/42/parcel-xl?_fields=a%20b&_fields=c&page=2&since=2024-02-29\
         &at=2024-01-02T03%3A04%3A05Z&ref=00000000-0000-0000-0000-000000000001&types=1&types=2&ids=7&ids=8\
         &verbose=true"
    );
    assert_eq!(header(&sent, "x-request-id"), Some("00000000-0000-0000-0000-000000000002"));
    assert_eq!(header(&sent, "x-tenant"), Some("acme"));
    assert_eq!(header(&sent, "x-customer-type"), Some("2"));
    assert_eq!(header(&sent, "accept"), Some("application/json"));

    let login = Login {
        user: "a b".to_owned(),
        password: "p&q".to_owned(),
        remember: Some(true),
        kind: Some(Kind::ParcelXl),
        r#type: Some(CustomerType::Company),
        day: Some(endpointgen::Date::new(2024, 2, 29).unwrap()),
    };
    assert!(!format!("{login:?}").contains("p&q"), "the password is secret");
    let sent = request(&session::login(login));
    assert_eq!(header(&sent, "content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(sent.body(), b"User=a+b&Password=p%26q&Remember=true&Kind=parcel-xl&Type=2&Day=2024-02-29");

    let sent = request(&session::photo(CustomerId(5), vec![0_u8, 0xFF]));
    assert_eq!((sent.method().as_str(), sent.uri().path()), ("PUT", "/customers/5/photo"));
    assert_eq!((header(&sent, "content-type"), header(&sent, "accept")), (Some("image/png"), Some("image/png")));
    assert_eq!(sent.body(), &[0, 0xFF]);
    let sent = request(&session::raw());
    assert!(sent.body().is_empty() && header(&sent, "content-type").is_none());
    let sent = request(&session::raw().body(b"xyz".to_vec()));
    assert_eq!(header(&sent, "content-type"), Some("application/octet-stream"));
    assert_eq!(header(&sent, "accept"), Some("application/vnd.api+json"));
    assert_eq!(header(&request(&session::statement()), "accept"), Some("*/*"));

    let _: PhantomData<endpointgen::auth::Public> = auth_of(&ping());
    let base = BaseUrl::parse(everything::BASE_URL).unwrap();
    assert_eq!(Endpoint::to_request(&ping(), &base).unwrap().uri(), "https://api.example.com/v1/ping");
    for (sent, method) in [
        (request(&session::options()), "OPTIONS"),
        (request(&session::head()), "HEAD"),
        (
            request(&session::patch(Login {
                user: String::new(),
                password: String::new(),
                remember: None,
                kind: None,
                r#type: None,
                day: None,
            })),
            "PATCH",
        ),
    ] {
        assert_eq!(sent.method(), method);
    }
}

#[test]
#[allow(deprecated, reason = "the fixture's deprecated endpoints are used on purpose")]
fn every_feature_decodes_its_response() {
    use everything::endpoints::{customers, session};
    use everything::{Customer, CustomerId, CustomerType, Kind, Problem};

    let customer: Customer = customers::Get::decode(response(200, CUSTOMER_JSON)).unwrap();
    assert_eq!(
        (customer.id, customer.r#type, customer.level),
        (CustomerId(1), CustomerType::Individual, CustomerType::Company)
    );
    assert_eq!((customer.kind, customer.label.as_str(), customer.count, customer.total), (Kind::ParcelXl, "n/a", 7, 0));
    assert!(customer.active && customer.tags.is_empty() && customer.extra.is_empty());
    assert!((customer.score - 1.5).abs() < f64::EPSILON && (customer.ratio - 2.0).abs() < f32::EPSILON);
    assert_eq!(customer.created.to_string(), "2024-01-02T03:04:05Z");
    assert_eq!(customer.r#ref, endpointgen::Uuid::from_u128(1));
    assert!(customer.nickname.is_none() && customer.internal_note.is_none() && customer.avatar.is_none());

    let with_more = CUSTOMER_JSON.replace(
        r#""Id": 1"#,
        r#""Id": 1, "Type": 9, "Kind": "Crate", "Avatar": "AAH/", "Born": "2000-01-31", "_internal": "n", "ApiSecret": "s""#,
    );
    let customer = session::Raw::decode(response(200, &with_more)).unwrap();
    assert_eq!((customer.r#type, customer.kind.as_str()), (CustomerType::Unknown(9), "Crate"));
    assert_eq!(customer.avatar.unwrap().0, [0, 1, 0xFF]);
    assert_eq!(customer.born.unwrap(), endpointgen::Date::new(2000, 1, 31).unwrap());
    assert_eq!(customer.internal_note.as_deref(), Some("n"));

    let error = customers::Get::decode(response(410, "gone for good")).unwrap_err();
    assert!(matches!(error, endpointgen::Error::Api(customers::GetError::Gone(_))), "{error:?}");
    let error = customers::Get::decode(response(418, "")).unwrap_err();
    assert!(matches!(error, endpointgen::Error::UnexpectedStatus(_)), "{error:?}");

    let endpoint = customers::search();
    let _: PhantomData<endpointgen::auth::Optional<everything::auth::Customer>> = auth_of(&endpoint);
    assert!(request(&endpoint).body().is_empty());
    let found = customers::Search::decode(response(200, &format!("[{CUSTOMER_JSON}]"))).unwrap();
    assert_eq!(found.len(), 1);

    let endpoint = customers::delete(CustomerId(9), Problem { title: "t".to_owned(), detail: None });
    let _: PhantomData<Required<everything::auth::Partner>> = auth_of(&endpoint);
    assert_eq!(json(request(&endpoint).body()), serde_json::json!({"Title": "t"}));
    let confirmed = customers::Delete::decode(response(200, r#"{"WasSuccessful": true, "Value": "done"}"#)).unwrap();
    assert_eq!(confirmed.into_value().as_deref(), Some("done"));
    let error = customers::Delete::decode(response(200, r#"{"WasSuccessful": true, "Status": 500}"#)).unwrap_err();
    assert!(matches!(error, endpointgen::Error::Rejected(_)), "a failure status in the body: {error:?}");
    let error = customers::Delete::decode(response(409, r#"{"Title": "changed"}"#)).unwrap_err();
    let endpointgen::Error::Api(customers::DeleteError::Conflict(problem)) = error else { panic!("{error:?}") };
    assert_eq!(problem.title, "changed");

    let photo = session::Photo::decode(response(200, "\u{0}png")).unwrap();
    assert_eq!(&photo[..], b"\0png");
    let token = session::Login::decode(response(200, r#""tok""#)).unwrap();
    assert_eq!(token.0, "tok");
    let ids = session::Patch::decode(response(200, r#"{"WasSuccessful": true, "Value": [3]}"#)).unwrap();
    assert_eq!(ids.into_value(), [CustomerId(3)]);
}

#[test]
fn a_paged_endpoint_asks_for_the_next_page_while_there_is_one() {
    use endpointgen::Paged;
    use everything::endpoints::customers;

    let first = customers::list().page_size(50);
    assert_eq!(request(&first).uri(), "https://api.test/customers?pageSize=50");
    let page =
        customers::List::decode(response(200, &format!(r#"{{"Records": [{CUSTOMER_JSON}], "HasNextPage": true}}"#)))
            .unwrap();
    let no_headers = endpointgen::http::HeaderMap::new();
    let Some(endpointgen::NextPage::Endpoint(second)) = first.next_page(&page, &no_headers) else {
        panic!("the page says another follows")
    };
    assert_eq!(request(&second).uri(), "https://api.test/customers?page=2&pageSize=50");
    assert_eq!(customers::List::into_items(page).len(), 1);
    let last = customers::List::decode(response(200, r#"{"Records": [], "HasNextPage": false}"#)).unwrap();
    assert!(second.next_page(&last, &no_headers).is_none());
}

mod include_tree {
    endpointgen::generate!("../api-spec/fixtures/valid/include_tree/root.yaml");
}

#[test]
fn an_include_tree_with_a_diamond_is_one_client() {
    use include_tree::endpoints::{Ping, bookings};
    use include_tree::{Booking, CommonId};

    assert_eq!(include_tree::BASE_URL, "https://tree.example.com");
    let endpoint = bookings::get(CommonId(3));
    let _: PhantomData<Required<include_tree::auth::Customer>> = auth_of(&endpoint);
    assert_eq!(request(&endpoint).uri(), "https://api.test/bookings/3");
    let booking: Booking = bookings::Get::decode(response(200, r#"{"Id": 3, "Resource": "desk"}"#)).unwrap();
    assert_eq!((booking.id, booking.resource.as_str()), (CommonId(3), "desk"));
    let error = bookings::Get::decode(response(404, "")).unwrap_err();
    assert!(matches!(error, endpointgen::Error::Api(bookings::GetError::NotFound(_))), "{error:?}");
    assert_eq!(Ping::decode(response(200, "7")).unwrap(), CommonId(7));
}

mod merged {
    endpointgen::generate!(
        "../api-spec/fixtures/valid/merged/vendor.yaml",
        "../api-spec/fixtures/valid/merged/ours.yaml"
    );
}

#[test]
fn merged_specs_share_types_errors_auth_and_groups() {
    use merged::endpoints::{extras, items};
    use merged::{Favorite, Item, ItemId};

    assert_eq!(merged::BASE_URL, "https://vendor.example.com", "the first file's base URL wins");
    let item = Item { id: ItemId(1), name: "pen".to_owned() };
    let endpoint = items::favorite(ItemId(1), Favorite { item: item.clone(), note: None });
    let _: PhantomData<Required<merged::auth::Customer>> = auth_of(&endpoint);
    let sent = request(&endpoint);
    assert_eq!((sent.method().as_str(), sent.uri().path()), ("PUT", "/items/1/favorite"));
    assert_eq!(json(sent.body()), serde_json::json!({"Item": {"Id": 1, "Name": "pen"}}));
    let error = items::Favorite::decode(response(404, "")).unwrap_err();
    assert!(matches!(error, endpointgen::Error::Api(items::FavoriteError::NotFound(_))), "{error:?}");
    assert_eq!(items::Get::decode(response(200, r#"{"Id": 1, "Name": "pen"}"#)).unwrap(), item);
    let favorites = extras::Favorites::decode(response(200, r#"[{"Item": {"Id": 2, "Name": "ink"}}]"#)).unwrap();
    assert_eq!(favorites[0].item.id, ItemId(2));
}

mod unions {
    endpointgen::generate!("../api-spec/fixtures/valid/unions.yaml");
}

#[test]
fn unions_decode_by_tag_or_by_the_first_member_that_fits() {
    use endpointgen::ApiError;
    use unions::endpoints::projects;
    use unions::{Circle, Expr, Loose, Name, NameOrId, Operator, ProjectId, Shape, Sign, Square, Sum};

    let endpoint = projects::get(NameOrId::Name(Name("web".to_owned())))
        .near(NameOrId::Id(ProjectId(endpointgen::Uuid::from_u128(1))))
        .op(Operator::AscUpper);
    assert_eq!(
        request(&endpoint).uri(),
        "https://api.test/projects/web?near=00000000-0000-0000-0000-000000000001&op=ASC"
    );
    assert_eq!((Operator::Plus.as_str(), Operator::Asc.as_str()), ("+", "asc"));

    let circle = projects::Get::decode(response(200, r#"{"kind": "circle", "radius": 2.0}"#)).unwrap();
    assert_eq!(circle, Shape::Circle(Circle { radius: 2.0 }));
    // A member struct with a field for the tag gets it too.
    let square = projects::Get::decode(response(200, r#"{"kind": "square", "side": 1.0}"#)).unwrap();
    assert_eq!(square, Shape::Square(Square { side: 1.0, kind: Some("square".to_owned()) }));
    assert_eq!(projects::Get::decode(response(200, r#"{"kind": "point"}"#)).unwrap(), Shape::Point);
    // A `rust_name` names a member whose tag value makes no variant name.
    let sign = |body: &str| projects::Sign::decode(response(200, body)).unwrap();
    assert_eq!(sign(r#"{"kind": "+"}"#), Sign::Plus);
    assert_eq!(sign(r#"{"kind": "-", "radius": 1.0}"#), Sign::Minus(Circle { radius: 1.0 }));
    assert_eq!((sign(r#"{"kind": "x"}"#), sign(r#"{"kind": "X"}"#)), (Sign::X, Sign::XUpper));
    let unknown = projects::Get::decode(response(200, r#"{"kind": "blob", "size": 3}"#)).unwrap();
    assert_eq!(unknown, Shape::Unknown(serde_json::json!({"kind": "blob", "size": 3})));
    let untagged = projects::Get::decode(response(200, r#"{"radius": 2.0}"#)).unwrap_err();
    let endpointgen::Error::Decode(decode) = &untagged else { panic!("no tag: {untagged:?}") };
    assert!(decode.source.to_string().contains("a string `kind` property"), "{untagged}");

    let shapes = vec![
        Shape::Circle(Circle { radius: 1.0 }),
        Shape::Square(Square { side: 2.0, kind: Some("circle".to_owned()) }),
        Shape::Point,
    ];
    assert_eq!(
        json(request(&projects::draw(shapes)).body()),
        serde_json::json!([{"kind": "circle", "radius": 1.0}, {"kind": "square", "side": 2.0}, {"kind": "point"}]),
        "the variant's tag wins over a field's"
    );
    assert_eq!(projects::Draw::decode(response(200, "7")).unwrap(), Loose::I64(7));
    assert_eq!(projects::Draw::decode(response(200, r#""x""#)).unwrap(), Loose::String("x".to_owned()));
    assert_eq!(
        projects::Draw::decode(response(200, r#"[{"kind": "point"}]"#)).unwrap(),
        Loose::ListShape(vec![Shape::Point])
    );
    assert_eq!(
        projects::Draw::decode(response(200, r#"{"radius": 1.5}"#)).unwrap(),
        Loose::Circle(Circle { radius: 1.5 })
    );

    // `Expr` holds a `Sum` that holds `Expr`s: the first of the two, in spec
    // order, holds the other in a box.
    let expr = Expr::Sum(Box::new(Sum { left: Expr::Literal(1.0), right: Expr::Literal(2.0), op: Operator::Plus }));
    assert_eq!(
        json(request(&projects::eval(expr.clone())).body()),
        serde_json::json!({"left": 1.0, "right": 2.0, "op": "+"})
    );
    assert_eq!(projects::Eval::decode(response(200, r#"{"left": 1.0, "right": 2.0, "op": "+"}"#)).unwrap(), expr);

    // Exact statuses first, then the classes, then `default`.
    let error = projects::Get::decode(response(404, "nope")).unwrap_err();
    let endpointgen::Error::Api(projects::GetError::NotFound(_)) = &error else { panic!("{error:?}") };
    assert_eq!(error.status(), Some(endpointgen::StatusCode::NOT_FOUND));
    let error = projects::Get::decode(response(409, r#"{"message": "taken"}"#)).unwrap_err();
    let endpointgen::Error::Api(projects::GetError::ClientError(status, problem)) = &error else { panic!("{error:?}") };
    assert_eq!((status.as_u16(), problem.message.as_str()), (409, "taken"));
    assert_eq!(error.to_string(), r#"the API answered 409 ClientError: Any client error. (the server says "taken")"#);
    assert_eq!(error.api().unwrap().info().status, "4XX");
    let error = projects::Get::decode(response(503, "later")).unwrap_err();
    assert!(
        matches!(&error, endpointgen::Error::Api(projects::GetError::ServerError(status, _)) if status.as_u16() == 503)
    );
    let error = projects::Get::decode(response(302, r#"{"message": "elsewhere"}"#)).unwrap_err();
    let endpointgen::Error::Api(other @ projects::GetError::Other(..)) = &error else { panic!("{error:?}") };
    assert_eq!((other.status().as_u16(), other.info().status), (302, "default"));
    let error = projects::Draw::decode(response(500, "")).unwrap_err();
    assert!(matches!(error, endpointgen::Error::UnexpectedStatus(_)), "{error:?}");
}

mod defaults {
    endpointgen::generate!("../api-spec/fixtures/valid/defaults.yaml");
}

#[test]
fn defaults_of_dates_uuids_bytes_and_newtypes_are_built_when_absent() {
    use defaults::endpoints::settings;
    use defaults::{Color, Shade};

    let settings = settings::Get::decode(response(200, "{}")).unwrap();
    assert_eq!(settings.since, "2024-02-29".parse::<endpointgen::Date>().unwrap());
    assert_eq!(settings.at.as_str(), "2024-01-31T10:00:00.5+02:00");
    assert_eq!(settings.owner.to_string(), "67e55044-10b1-426f-9247-bb680e5fe0c8");
    assert_eq!(settings.salt.0, [0, 1, 2, 255]);
    assert!(settings.empty.0.is_empty());
    assert_eq!(settings.account.0, endpointgen::Uuid::from_u128(1));
    assert_eq!(settings.start.0.to_string(), "2000-01-01");
    assert_eq!(settings.name.0, "guest");
    assert_eq!(settings.blank.0, "");
    assert_eq!(settings.tint, Shade(Color::Green));

    let sent = json(request(&settings::put(settings)).body());
    assert_eq!(sent["Salt"], "AAEC/w==");
    assert_eq!(sent["Account"], "00000000-0000-0000-0000-000000000001");
}
