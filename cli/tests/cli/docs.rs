//! The command-line examples of docs/cli.md are what the binary prints.
//!
//! Each ` ```console ` block of the page is a session: a line `$ endpointgen
//! …` is a command, and the lines after it, up to the next command, are what
//! it prints, its standard output then its standard error. A line `…` alone
//! stands for any number of lines. The commands of a block run one after the
//! other in one scratch folder that holds what the page's examples name:
//! `api-spec/` (the repository's, file by file, so that a command may write
//! a new file there), `broken.yaml` (the five mistakes of
//! `tests/fixtures/five_mistakes.yaml`) and an empty `src/`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{ENDPOINTGEN, scratch_dir};

/// Each ` ```console ` block of `markdown`: its lines.
fn console_blocks(markdown: &str) -> Vec<Vec<&str>> {
    let mut blocks = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    for line in markdown.lines() {
        match (&mut current, line.strip_prefix("```")) {
            (None, Some(info)) => current = (info.trim() == "console").then(Vec::new),
            (Some(_), Some("")) => blocks.extend(current.take()),
            (Some(lines), _) => lines.push(line),
            (None, None) => {}
        }
    }
    blocks
}

/// Whether `actual` is `expected`, where a line `…` of `expected` matches
/// any number of lines.
fn matches(expected: &[&str], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((&"…", rest)) => (0..=actual.len()).any(|skipped| matches(rest, &actual[skipped..])),
        Some((line, rest)) => actual.first() == Some(line) && matches(rest, &actual[1..]),
    }
}

/// A folder with what the examples name (see the module's docs).
fn example_folder(block: usize) -> PathBuf {
    let dir = scratch_dir(&format!("docs_example_{block}"));
    let package = Path::new(env!("CARGO_MANIFEST_DIR"));
    let api_spec = dir.join("api-spec");
    std::fs::create_dir(&api_spec).unwrap();
    for entry in std::fs::read_dir(package.join("../api-spec")).unwrap() {
        let entry = entry.unwrap();
        std::os::unix::fs::symlink(entry.path(), api_spec.join(entry.file_name())).unwrap();
    }
    std::fs::copy(package.join("tests/fixtures/five_mistakes.yaml"), dir.join("broken.yaml")).unwrap();
    std::fs::create_dir(dir.join("src")).unwrap();
    dir
}

#[test]
fn the_cli_examples_print_what_the_page_shows() {
    let page = include_str!("../../../docs/cli.md");
    let mut commands = 0;
    for (index, block) in console_blocks(page).iter().enumerate() {
        let dir = example_folder(index);
        let mut lines = block.iter().peekable();
        while let Some(line) = lines.next() {
            let Some(command) = line.strip_prefix("$ ") else {
                panic!("a console block of docs/cli.md starts with `{line}`, not with `$ endpointgen …`");
            };
            let mut words = command.split_whitespace();
            assert_eq!(words.next(), Some("endpointgen"), "docs/cli.md runs `{command}`");
            let mut expected = Vec::new();
            while let Some(line) = lines.next_if(|line| !line.starts_with("$ ")) {
                expected.push(*line);
            }
            let output = Command::new(ENDPOINTGEN).args(words).current_dir(&dir).env("NO_COLOR", "1").output().unwrap();
            let printed = String::from_utf8(output.stdout).unwrap() + &String::from_utf8(output.stderr).unwrap();
            let actual: Vec<&str> = printed.lines().collect();
            assert!(
                matches(&expected, &actual),
                "docs/cli.md shows for `{command}`:\n{}\n\nit prints:\n{printed}",
                expected.join("\n")
            );
            commands += 1;
        }
    }
    assert!(commands >= 5, "only {commands} commands found in docs/cli.md");
}

#[test]
fn an_ellipsis_stands_for_any_lines() {
    assert!(matches(&["a", "…", "d"], &["a", "b", "c", "d"]));
    assert!(matches(&["a", "…", "d"], &["a", "d"]));
    assert!(matches(&["…"], &[]));
    assert!(!matches(&["a", "…", "d"], &["a", "b", "c"]));
    assert!(!matches(&["a"], &["a", "b"]));
}
