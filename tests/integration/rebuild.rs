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

/// A binary that includes the build script's client and the CLI's file
/// and uses one endpoint of each: rustc's `dead_code` lint must find
/// nothing to say about the rest, as it does not for the macro's.
#[test]
fn a_program_that_uses_part_of_a_client_gets_no_warnings() {
    let root = workspace_root();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("unused");
    let specs = [root.join("api-spec/portal.yaml"), root.join("api-spec/portal-extras.yaml")];
    let spec_list = format!("{:?}, {:?}", specs[0].display().to_string(), specs[1].display().to_string());
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    write(
        &dir.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"unused-probe\"\nedition = \"2024\"\n\n[workspace]\n\n[dependencies]\n\
             endpointgen = {{ path = {:?}, default-features = false, features = [\"macros\"] }}\n\n\
             [build-dependencies]\nendpointgen-codegen = {{ path = {:?} }}\n",
            root.join("runtime").display().to_string(),
            root.join("codegen").display().to_string(),
        ),
    );
    write(
        &dir.join("build.rs"),
        &format!(
            "fn main() -> Result<(), endpointgen_codegen::Error> {{\n    \
             let mut config = endpointgen_codegen::Config::new();\n    \
             for spec in [{spec_list}] {{\n        config = config.spec(spec);\n    }}\n    \
             config.generate()?;\n    Ok(())\n}}\n"
        ),
    );
    // What `endpointgen generate … -o src/cli_portal.rs` writes: the CLI
    // calls `generate_string`.
    let mut config = endpointgen_codegen::Config::new().skip_rerun_lines();
    for spec in &specs {
        config = config.spec(spec);
    }
    write(&dir.join("src/cli_portal.rs"), &config.generate_string().unwrap().code);
    write(
        &dir.join("src/main.rs"),
        "#![deny(warnings)]\n\n\
         mod portal {\n    endpointgen::include_client!(\"portal\");\n}\n\n\
         mod cli_portal;\n\n\
         fn main() {\n    \
         let _ = portal::endpoints::coworkers::profiles();\n    \
         let _ = cli_portal::endpoints::coworkers::profiles();\n}\n",
    );
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(&dir)
        .args(["check", "--quiet", "--offline"])
        // The rebuild test's target directory: the runtime is built once.
        .env("CARGO_TARGET_DIR", Path::new(env!("CARGO_TARGET_TMPDIR")).join("rebuild/target"))
        .output()
        .unwrap();
    assert!(output.status.success(), "the probe has warnings:\n{}", String::from_utf8_lossy(&output.stderr));
}
