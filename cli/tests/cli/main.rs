//! The `endpointgen` binary, run as a user runs it: its exit status, what it
//! prints, and what it writes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails by panicking, helpers included"
)]

mod check;
mod conventions;
mod docs;
mod generate;
mod hostile;
mod openapi;
mod schema;
mod warnings;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary cargo built for these tests.
const ENDPOINTGEN: &str = env!("CARGO_BIN_EXE_endpointgen");

/// The portal spec, as a user in `cli/` would name it.
const PORTAL: &str = "../api-spec/portal.yaml";

/// Runs `endpointgen` with `args` in the package directory, which is also
/// where cargo runs these tests, so relative paths mean the same to both.
fn endpointgen(args: &[&str]) -> Output {
    Command::new(ENDPOINTGEN).args(args).current_dir(env!("CARGO_MANIFEST_DIR")).output().unwrap()
}

fn fixture(name: &str) -> String {
    format!("tests/fixtures/{name}")
}

/// A fresh directory for one test's files.
fn scratch_dir(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("endpointgen-cli").join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// The exit status, with what the binary printed when it is not `expected`.
#[track_caller]
fn assert_exit(output: &Output, expected: i32) {
    assert_eq!(
        output.status.code(),
        Some(expected),
        "stdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
