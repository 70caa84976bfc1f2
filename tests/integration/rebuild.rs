//! Editing a spec makes cargo rebuild the generated client, through the
//! macro (which tracks the file with `include_bytes!`) and through build.rs
//! (which prints `cargo:rerun-if-changed`).
//!
//! Two small crates are built with a real, separate `cargo` in a scratch
//! workspace under the target directory; each prints the description of one
//! documented error, which is emitted into the code. The error sits in a file
//! that the spec includes, so that included files are shown to be watched
//! too. Editing that description and running the crate again must print the
//! new one.

use std::path::{Path, PathBuf};
use std::process::Command;

const SPEC: &str = "spec: 1
name: things
include: [errors.yaml]
endpoints:
  things:
    get:
      method: GET
      path: /things
      errors: [NotFound]
";

const ERRORS: &str = "spec: 1
errors:
  NotFound: { status: 404, description: Before the edit. }
";

const MAIN: &str = r#"
use endpointgen::ApiError;

fn main() {
    let error = api::endpoints::things::GetError::NotFound(endpointgen::BodyExcerpt::new(b""));
    println!("{}", error.info().description);
}
"#;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_owned()
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The scratch workspace: `spec.yaml`, `macro-probe` and `build-probe`.
fn scratch_workspace() -> PathBuf {
    let root = workspace_root();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("rebuild");
    let runtime = root.join("runtime");
    let codegen = root.join("codegen");
    write(&dir.join("Cargo.toml"), "[workspace]\nresolver = \"3\"\nmembers = [\"macro-probe\", \"build-probe\"]\n");
    // The same versions as the main workspace, so that `--offline` finds
    // every crate already downloaded.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let runtime_dependency = format!(
        "endpointgen = {{ path = {:?}, default-features = false, features = [\"macros\"] }}",
        runtime.display().to_string()
    );
    write(
        &dir.join("macro-probe/Cargo.toml"),
        &format!("[package]\nname = \"macro-probe\"\nedition = \"2024\"\n\n[dependencies]\n{runtime_dependency}\n"),
    );
    write(
        &dir.join("macro-probe/src/main.rs"),
        &format!("mod api {{\n    endpointgen::generate!(\"../spec.yaml\");\n}}\n{MAIN}"),
    );
    write(
        &dir.join("build-probe/Cargo.toml"),
        &format!(
            "[package]\nname = \"build-probe\"\nedition = \"2024\"\n\n[dependencies]\n{runtime_dependency}\n\n\
             [build-dependencies]\nendpointgen-codegen = {{ path = {:?} }}\n",
            codegen.display().to_string()
        ),
    );
    write(
        &dir.join("build-probe/build.rs"),
        "fn main() -> Result<(), endpointgen_codegen::Error> {\n    \
         endpointgen_codegen::Config::new().spec(\"../spec.yaml\").generate()?;\n    Ok(())\n}\n",
    );
    write(
        &dir.join("build-probe/src/main.rs"),
        &format!("mod api {{\n    endpointgen::include_client!(\"things\");\n}}\n{MAIN}"),
    );
    write(&dir.join("spec.yaml"), SPEC);
    write(&dir.join("errors.yaml"), ERRORS);
    dir
}

fn run(dir: &Path, package: &str) -> String {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(dir)
        .args(["run", "--quiet", "--offline", "--package", package])
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{package} failed:\n{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

#[test]
fn editing_a_description_rebuilds_the_macro_and_the_build_script_clients() {
    let dir = scratch_workspace();
    assert_eq!(run(&dir, "macro-probe"), "Before the edit.");
    assert_eq!(run(&dir, "build-probe"), "Before the edit.");

    // Some file systems keep modification times to the second.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    write(&dir.join("errors.yaml"), &ERRORS.replace("Before the edit.", "After the edit."));

    assert_eq!(run(&dir, "macro-probe"), "After the edit.");
    assert_eq!(run(&dir, "build-probe"), "After the edit.");
}
