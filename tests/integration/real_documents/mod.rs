//! The clients of the four real documents of `api-spec/openapi/real/`
//! (Discord, Box, Twilio, Spotify), and of one with the shapes of Stripe's
//! (`api-spec/openapi/deep-objects-3.0.yaml`), generated as `endpointgen
//! generate --openapi` writes them:
//!
//! - they build under `#![deny(warnings)]`: what is left out of them leaves
//!   nothing dangling and no unused item behind (and so does the code of
//!   every valid fixture, as the CLI writes it: rustc does not apply all of
//!   its lints to a macro's expansion), with the `server` option (and so
//!   the mocks' `Respond`) too, and clippy finds nothing in them either
//!   (their descriptions are markdown that nobody wrote for rustdoc);
//! - every endpoint of each, sent once with example values (`examples`) to
//!   Stoplight Prism serving its document with `--errors`, gets no request
//!   violation: the wire format (paths, parameter styles, headers, cookies,
//!   bodies, credentials) is what the document says, as judged by a server
//!   nobody here wrote.
//!
//! The clients and a program that sends the calls are built by a real,
//! separate `cargo` in a scratch crate under the target directory (as
//! `rebuild.rs` builds its probes), once for both tests. The first run
//! builds the runtime's dependencies too (about a minute on 2 cores); after
//! that, only what changed.

mod examples;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Instant;

use endpointgen_codegen::{Config, GeneratedFile, Input};

use crate::prism::Prism;

/// Module name → document, in `api-spec/openapi/real/`; and one of the
/// shapes of Stripe's document (its `deepObject` data at every depth), whose
/// whole document is too large to keep here.
const DOCUMENTS: &[(&str, &str)] = &[
    ("discord", "discord.json"),
    ("box_platform", "box.json"),
    ("twilio", "twilio_api.json"),
    ("spotify", "spotify.yaml"),
    ("deep_objects", "../deep-objects-3.0.yaml"),
];

/// Writes `text` to `path` unless the file holds it already, so that cargo
/// finds nothing to build again.
pub(crate) fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read_to_string(path).is_ok_and(|existing| existing == text) {
        return;
    }
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn document_path(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-spec/openapi/real").join(file)
}

/// The document as JSON values (JSON is YAML too; Spotify's is YAML).
fn document_json(file: &str) -> serde_json::Value {
    serde_saphyr::from_str(&std::fs::read_to_string(document_path(file)).unwrap()).unwrap()
}

/// What sends the calls: clients with the three kinds of credentials, and
/// a hook that reports each response's status and `sl-violations` header,
/// one line per endpoint on standard output.
const MAIN: &str = r#"
use std::sync::{Arc, Mutex};

use endpointgen::auth::{ApiKey, BasicCredentials, BearerToken, Credentials, SatisfiedBy};
use endpointgen::{Client, ClientBuilder, Endpoint, Exchange, Hook};

pub struct Clients {
    pub bearer: Client<BearerToken>,
    pub api_key: Client<ApiKey>,
    pub basic: Client<BasicCredentials>,
}

impl Clients {
    fn new(builder: impl Fn() -> ClientBuilder) -> Self {
        let client = || builder().retry(endpointgen::RetryPolicy::never()).build().unwrap();
        Self {
            bearer: client().bearer("prism-token"),
            api_key: client().api_key("prism-key"),
            basic: client().basic("prism", "prism-password"),
        }
    }
}

/// Each response's status and `sl-violations` header.
#[derive(Clone, Default)]
pub struct Report(Arc<Mutex<Vec<(u16, String)>>>);

impl Hook for Report {
    fn on_response(&self, exchange: &Exchange<'_>) {
        let violations = exchange
            .headers
            .and_then(|headers| headers.get("sl-violations"))
            .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
            .unwrap_or_default();
        self.0.lock().unwrap().push((exchange.status.map_or(0, |status| status.as_u16()), violations));
    }
}

impl Report {
    pub async fn send<C, E>(&self, client: &Client<C>, name: &str, endpoint: E)
    where
        C: Credentials,
        E: Endpoint,
        E::Auth: SatisfiedBy<C, E>,
    {
        self.0.lock().unwrap().clear();
        let result = client.send(endpoint).await;
        let decoded = match result {
            Ok(_) => "decoded".to_owned(),
            Err(error) => error.to_string(),
        };
        let seen = std::mem::take(&mut *self.0.lock().unwrap());
        let (status, violations) = seen.into_iter().next_back().unwrap_or_default();
        let line = format!("{name}\t{status}\t{violations}\t{decoded}");
        println!("{}", line.replace('\n', " "));
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let report = Report::default();
    for argument in std::env::args().skip(1) {
        let (module, url) = argument.split_once('=').unwrap();
        SEND
    }
}
"#;

/// The scratch crate, built.
struct Scratch {
    dir: PathBuf,
    /// The endpoints of the four clients.
    endpoints: usize,
}

/// The scratch crate, built once, or why it does not build.
fn built() -> &'static Result<Scratch, String> {
    static BUILT: OnceLock<Result<Scratch, String>> = OnceLock::new();
    BUILT.get_or_init(build)
}

/// The manifest and lock file of a scratch crate `name` in `dir` that
/// depends on the runtime (and what its calls use), with the versions of
/// the main workspace, which `--offline` finds downloaded. The random
/// specs' crate shares this one's dependencies and target directory.
pub(crate) fn write_scratch_manifest(dir: &Path, name: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    write_if_changed(
        &dir.join("Cargo.toml"),
        &format!(
            "[workspace]\n\n[package]\nname = \"{name}\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\nendpointgen = {{ path = {:?}, default-features = false, features = [\"client\", \"server\"] }}\n\
             serde_json = \"1\"\ntokio = {{ version = \"1\", features = [\"rt\", \"macros\"] }}\n\n\
             [profile.dev]\ndebug = false\n",
            root.join("runtime").display().to_string()
        ),
    );
    write_if_changed(&dir.join("Cargo.lock"), &std::fs::read_to_string(root.join("Cargo.lock")).unwrap());
}

fn build() -> Result<Scratch, String> {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("real-documents");
    let mut lib = String::from(
        "//! The clients of the real documents, as `endpointgen generate --openapi` writes them.\n\n\
         #![deny(warnings)]\n",
    );
    let mut main = String::new();
    let mut send = String::from("match module {\n");
    let mut endpoints = 0;
    for (module, file) in DOCUMENTS {
        let document = document_path(file);
        let GeneratedFile { code, .. } =
            Config::new().openapi(&document).server(true).skip_rerun_lines().generate_string().unwrap_or_else(
                |error| {
                    panic!("{file} does not generate:\n{error}");
                },
            );
        // What each leaves out, and its warnings, are counted by the CLI's
        // tests (cli/tests/cli/warnings.rs) and listed in docs/openapi.md.
        write_if_changed(&dir.join(format!("src/{module}.rs")), &code);
        writeln!(lib, "\n/// The client of `{file}`.\npub mod {module} {{\n    include!(\"{module}.rs\");\n}}")
            .unwrap();

        let (api, _) = endpointgen_codegen::load(&[Input::openapi(&document)]).unwrap();
        endpoints += endpoint_count(&api.root);
        let json = document_json(file);
        let calls = examples::calls(&api, &examples::Document { root: &json });
        write_if_changed(&dir.join(format!("src/{module}_examples.rs")), &calls);
        writeln!(
            main,
            "mod {module} {{\n    #![allow(deprecated, reason = \"every endpoint is sent, deprecated ones too\")]\n    use real_documents::{module}::*;\n    \
             include!(\"{module}_examples.rs\");\n}}"
        )
        .unwrap();
        writeln!(
            send,
            "            {module:?} => {module}::send_examples(&Clients::new(|| {module}::builder(url).hook(report.clone())), &report).await,"
        )
        .unwrap();
    }
    // Every valid fixture too, as the CLI and a build script write it: the
    // lints that rustc does not apply to the macro's expansion (unreachable
    // arms, a direction-changing character in a comment) apply here.
    for files in crate::fixtures::VALID {
        let module: String = format!("fixture_{}", files[0].trim_end_matches(".yaml"))
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        let config = files.iter().fold(Config::new(), |config, file| {
            let path = crate::fixtures::valid_path(file);
            if file.ends_with(".openapi.yaml") { config.openapi(path) } else { config.spec(path) }
        });
        let GeneratedFile { code, .. } = config
            .skip_rerun_lines()
            .generate_string()
            .unwrap_or_else(|error| panic!("{files:?} does not generate:\n{error}"));
        write_if_changed(&dir.join(format!("src/{module}.rs")), &code);
        writeln!(
            lib,
            "\n/// The client of the valid fixture {files:?}.\npub mod {module} {{\n    include!(\"{module}.rs\");\n}}"
        )
        .unwrap();
    }
    send.push_str("            other => panic!(\"no document {other}\"),\n        }");
    write_if_changed(&dir.join("src/lib.rs"), &lib);
    write_if_changed(&dir.join("src/main.rs"), &format!("{}\n{main}", MAIN.replace("SEND", &send)));
    write_scratch_manifest(&dir, "real-documents");

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let started = Instant::now();
    let output = Command::new(cargo)
        .current_dir(&dir)
        .args(["build", "--quiet", "--offline"])
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .output()
        .unwrap();
    eprintln!("cargo build of the four clients and their calls: {:.1} s", started.elapsed().as_secs_f64());
    if output.status.success() {
        Ok(Scratch { dir, endpoints })
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

#[test]
fn the_clients_of_the_real_documents_build_under_deny_warnings() {
    if let Err(errors) = built() {
        panic!("the clients of the real documents (or the calls of their endpoints) do not build:\n{errors}");
    }
}

#[test]
fn the_clients_of_the_real_documents_are_clean_under_clippy() {
    let Ok(Scratch { dir, .. }) = built() else { panic!("the clients do not build: see the test that says why") };
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(dir)
        .args(["clippy", "--quiet", "--offline", "--lib", "--", "-D", "warnings"])
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .output()
        .unwrap();
    assert!(output.status.success(), "clippy finds fault:\n{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn every_endpoint_of_the_real_documents_gets_no_request_violation_from_prism() {
    // Prism reads a large document for a while: the four start together.
    let servers: Vec<(&str, Prism)> = std::thread::scope(|scope| {
        let starting: Vec<_> = DOCUMENTS
            .iter()
            .map(|(module, file)| scope.spawn(move || (*module, Prism::serve(&document_path(file), module))))
            .collect();
        starting.into_iter().map(|handle| handle.join().unwrap()).collect()
    });
    let Ok(Scratch { dir, endpoints }) = built() else {
        panic!("the clients do not build: see the test that says why")
    };
    let arguments = servers.iter().map(|(module, prism)| format!("{module}={}", prism.base_url));
    let output = Command::new(dir.join("target/debug/real-documents")).args(arguments).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "the calls failed:\n{stdout}{}", String::from_utf8_lossy(&output.stderr));

    let mut failures = Vec::new();
    let mut json_parts_read_as_text = Vec::new();
    let (mut sent, mut decoded) = (0, 0);
    for line in stdout.lines() {
        let [name, status, violations, outcome] = line.splitn(4, '\t').collect::<Vec<_>>()[..] else {
            panic!("not a line of the calls' report: {line}");
        };
        sent += 1;
        if outcome == "decoded" {
            decoded += 1;
        }
        let status: u16 = status.parse().unwrap();
        // With `--errors`, Prism answers a request that breaks the document
        // with a 4xx and lists the request's violations in `sl-violations`;
        // a valid one gets the mock. Prism checks its mock too, and answers
        // 500 with the response's violations when the document's examples
        // or its own made-up values break the document (patterns, formats):
        // the client is not at fault there.
        let (json_parts, request_violations): (Vec<String>, Vec<String>) =
            request_violations(violations).into_iter().partition(|violation| is_a_json_part_read_as_text(violation));
        // Refused for a JSON part alone is Prism's doing (below).
        let refused =
            ((400..500).contains(&status) && json_parts.is_empty()) || (status == 500 && violations.is_empty());
        if !json_parts.is_empty() {
            json_parts_read_as_text.push(format!("{name}: {json_parts:?}"));
        }
        if !request_violations.is_empty() || refused {
            let outcome: String = outcome.chars().take(300).collect();
            failures.push(format!("{name}: {status} {request_violations:?} ({outcome})"));
        }
    }
    eprintln!("{sent} endpoints sent to Prism; {decoded} of its mock answers decoded");
    // Box's two uploads, whose `attributes` part is JSON; the count keeps
    // the exemption from growing unseen.
    assert_eq!(json_parts_read_as_text.len(), 2, "{json_parts_read_as_text:#?}");
    assert_eq!(sent, *endpoints, "not every endpoint was sent:\n{stdout}");
    assert!(
        failures.is_empty(),
        "{} of {sent} requests broke their documents:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Whether a violation is Prism's reading of a multipart body's JSON part:
/// Prism 5.14 reads every part as text and parses none as JSON, whatever
/// its `Content-Type` (`application/json`, as the client sends an object
/// part, and as OpenAPI says an object part is by default), so that an
/// object part is always "must be object" to it. Only that message, for a
/// property of the body, is taken for it.
fn is_a_json_part_read_as_text(violation: &str) -> bool {
    let Ok(violation) = serde_json::from_str::<serde_json::Value>(violation) else { return false };
    let location: Vec<&str> =
        violation["location"].as_array().into_iter().flatten().filter_map(serde_json::Value::as_str).collect();
    let [_, "body", part] = location[..] else { return false };
    violation["code"] == "type" && violation["message"] == format!("Request body property {part} must be object")
}

/// The messages of the violations of `sl-violations` that are the
/// request's.
fn request_violations(header: &str) -> Vec<String> {
    if header.is_empty() {
        return Vec::new();
    }
    let list = header.find('[').map_or(header, |start| &header[start..]);
    let Ok(serde_json::Value::Array(violations)) = serde_json::from_str(list) else {
        // Prism cuts a long list ("Too many violations! [..."): what it
        // kept is looked through for the request's.
        return if header.contains(r#""location":["request""#) {
            vec![format!("cut short: {header}")]
        } else {
            Vec::new()
        };
    };
    violations
        .iter()
        .filter(|violation| violation.pointer("/location/0").and_then(serde_json::Value::as_str) != Some("response"))
        .map(ToString::to_string)
        .collect()
}

fn endpoint_count(group: &endpointgen_codegen::ir::Group) -> usize {
    group.endpoints.len() + group.groups.iter().map(endpoint_count).sum::<usize>()
}
