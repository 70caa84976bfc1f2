//! The files that the CLI and build scripts write are what rustfmt
//! (edition 2024, default configuration) leaves as they are, for every spec,
//! valid fixture and OpenAPI document of the repository: a user who commits
//! one and runs `cargo fmt --check` sees nothing to change.
//!
//! rustfmt runs once, on all the files; it is installed wherever `cargo
//! fmt` is. Set `ENDPOINTGEN_RUSTFMT_DOCUMENTS` to a folder of more OpenAPI
//! documents to check those that generate as well.

use std::path::{Path, PathBuf};
use std::process::Command;

use endpointgen_codegen::Config;

use crate::fixtures::{VALID, valid_path};

/// A folder of more OpenAPI documents to check (searched for `.json`,
/// `.yaml` and `.yml` files, subfolders included).
const MORE_DOCUMENTS: &str = "ENDPOINTGEN_RUSTFMT_DOCUMENTS";

fn api_spec(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-spec").join(path)
}

/// The files under `dir` with one of `extensions`, sorted.
fn files_under(dir: &Path, extensions: &[&str], found: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files_under(&path, extensions, found);
        } else if path.extension().is_some_and(|extension| extensions.iter().any(|wanted| extension == *wanted)) {
            found.push(path);
        }
    }
}

/// The generated files to check, by name: what `endpointgen generate`
/// writes (the build-script API's `generate_string`, which the CLI calls)
/// for each spec and document, and the file generated-example's build
/// script wrote.
fn generated_files() -> Vec<(String, String)> {
    let generated = |config: Config| config.skip_rerun_lines().generate_string().map(|file| file.code);
    let mut files = Vec::new();
    let portal = Config::new().spec(api_spec("portal.yaml")).spec(api_spec("portal-extras.yaml"));
    files.push(("portal".to_owned(), generated(portal).unwrap()));
    files.push((
        "portal, written by generated-example's build script".to_owned(),
        generated_example::BUILD_SCRIPT_OUTPUT.to_owned(),
    ));
    for fixture in VALID {
        let config = fixture.iter().fold(Config::new(), |config, file| {
            let path = valid_path(file);
            if crate::fixtures::is_openapi(&path) { config.openapi(path) } else { config.spec(path) }
        });
        let code = generated(config).unwrap_or_else(|error| panic!("{fixture:?} does not generate:\n{error}"));
        files.push((format!("fixture {}", fixture.join(" + ")), code));
    }
    let mut documents = Vec::new();
    files_under(&api_spec("openapi"), &["json", "yaml"], &mut documents);
    assert!(documents.len() >= 6, "{documents:?}");
    for document in documents {
        let code = generated(Config::new().openapi(&document))
            .unwrap_or_else(|error| panic!("{} does not generate:\n{error}", document.display()));
        files.push((document.display().to_string(), code));
    }
    if let Some(folder) = std::env::var_os(MORE_DOCUMENTS) {
        let mut documents = Vec::new();
        files_under(Path::new(&folder), &["json", "yaml", "yml"], &mut documents);
        for document in documents {
            match generated(Config::new().openapi(&document)) {
                Ok(code) => files.push((document.display().to_string(), code)),
                Err(_) => println!("{}: does not generate, not checked", document.display()),
            }
        }
    }
    files
}

#[test]
fn generated_files_are_what_rustfmt_leaves_as_they_are() {
    let rustfmt = Command::new("rustfmt").arg("--version").output();
    assert!(
        rustfmt.as_ref().is_ok_and(|output| output.status.success()),
        "this test runs rustfmt on the generated files, and rustfmt is not installed \
         (`rustup component add rustfmt` installs it): {rustfmt:?}"
    );

    // The deeply nested fixture needs more stack than a test thread's.
    let files = std::thread::Builder::new().stack_size(64 << 20).spawn(generated_files).unwrap().join().unwrap();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("rustfmt-check");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // rustfmt's defaults, not the rustfmt.toml of this repository (a folder
    // above the files): the generated file lives in the user's crate.
    let config = dir.join("rustfmt.toml");
    std::fs::write(&config, "").unwrap();
    let mut paths = Vec::new();
    for (index, (name, code)) in files.iter().enumerate() {
        let path = dir.join(format!("client_{index}.rs"));
        std::fs::write(&path, code).unwrap();
        println!("{}: {name}", path.display());
        paths.push(path);
    }

    let output = Command::new("rustfmt")
        .args(["--check", "--edition", "2024", "--config-path"])
        .arg(&config)
        .args(&paths)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&output.stdout);
    let excerpt = report.lines().take(200).collect::<Vec<_>>().join("\n");
    assert!(
        output.status.success(),
        "rustfmt would change generated files (which file is which is printed above):\n{excerpt}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
