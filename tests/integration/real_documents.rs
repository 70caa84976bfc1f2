//! The clients of the four real documents of `api-spec/openapi/real/`
//! (Discord, Box, Twilio, Spotify), generated as `endpointgen generate
//! --openapi` writes them, pass `cargo check` under `#![deny(warnings)]`:
//! what is left out of them leaves nothing dangling and no unused item
//! behind.
//!
//! The four files are included by a scratch crate under the target
//! directory, which a real, separate `cargo` checks (as `rebuild.rs` builds
//! its probes). The first run checks the runtime's dependencies too (some
//! 35 s on 2 cores); after that, checking the four clients takes some 7 s,
//! and nothing when they did not change.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use endpointgen_codegen::{Config, GeneratedFile};

/// Module name → document.
const DOCUMENTS: &[(&str, &str)] = &[
    ("discord", "discord.json"),
    ("box_platform", "box.json"),
    ("twilio", "twilio_api.json"),
    ("spotify", "spotify.yaml"),
];

/// Writes `text` to `path` unless the file holds it already, so that cargo
/// finds nothing to check again.
fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read_to_string(path).is_ok_and(|existing| existing == text) {
        return;
    }
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn the_clients_of_the_real_documents_check_under_deny_warnings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_owned();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("real-documents");
    let mut lib = String::from(
        "//! The clients of the real documents, as `endpointgen generate --openapi` writes them.\n\n\
         #![deny(warnings)]\n",
    );
    for (module, file) in DOCUMENTS {
        let document = root.join("api-spec/openapi/real").join(file);
        let GeneratedFile { code, .. } =
            Config::new().openapi(&document).skip_rerun_lines().generate_string().unwrap_or_else(|error| {
                panic!("{file} does not generate:\n{error}");
            });
        // What each leaves out, and its warnings, are counted by the CLI's
        // tests (cli/tests/cli/warnings.rs) and listed in docs/openapi.md.
        write_if_changed(&dir.join(format!("src/{module}.rs")), &code);
        writeln!(lib, "\n/// The client of `{file}`.\npub mod {module} {{\n    include!(\"{module}.rs\");\n}}")
            .unwrap();
    }
    write_if_changed(&dir.join("src/lib.rs"), &lib);
    write_if_changed(
        &dir.join("Cargo.toml"),
        &format!(
            "[workspace]\n\n[package]\nname = \"real-documents\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\nendpointgen = {{ path = {:?}, default-features = false }}\n",
            root.join("runtime").display().to_string()
        ),
    );
    // The versions of the main workspace, which `--offline` finds downloaded.
    write_if_changed(&dir.join("Cargo.lock"), &std::fs::read_to_string(root.join("Cargo.lock")).unwrap());

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let started = Instant::now();
    let output = Command::new(cargo)
        .current_dir(&dir)
        .args(["check", "--quiet", "--offline"])
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "the clients of the real documents do not check:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    eprintln!("cargo check of the four clients: {:.1} s", started.elapsed().as_secs_f64());
}
