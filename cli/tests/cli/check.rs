//! `endpointgen check`, and what every command shares: exit statuses for
//! usage errors, `--help`, `--version`, and color only on a terminal.

use std::process::Command;

use endpointgen_codegen::{Input, ir};

use crate::{ENDPOINTGEN, PORTAL, assert_exit, endpointgen, fixture, stderr, stdout};

/// A headline as `^\S+:\d+:\d+: error: ` matches it.
fn is_error_headline(line: &str) -> bool {
    let Some((location, _)) = line.split_once(": error: ") else { return false };
    let mut parts = location.rsplitn(3, ':');
    let (Some(column), Some(line_number), Some(file)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let is_number = |text: &str| !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_digit());
    is_number(column) && is_number(line_number) && !file.is_empty() && !file.contains(char::is_whitespace)
}

/// What `check` should count, from the API as codegen reads it (the portal
/// spec grows, and this test need not change with it).
fn counts(specs: &[&str]) -> (usize, usize) {
    fn endpoints(group: &ir::Group) -> usize {
        group.endpoints.len() + group.groups.iter().map(endpoints).sum::<usize>()
    }
    let inputs: Vec<Input> = specs.iter().map(Input::file).collect();
    let (api, _) = endpointgen_codegen::load(&inputs).unwrap();
    (endpoints(&api.root), api.types.len())
}

#[test]
fn the_portal_spec_is_ok() {
    let output = endpointgen(&["check", PORTAL]);
    assert_exit(&output, 0);
    let (endpoints, types) = counts(&[PORTAL]);
    assert_eq!(stdout(&output), format!("../api-spec/portal.yaml: ok, {endpoints} endpoints, {types} types\n"));
    assert_eq!(stderr(&output), "");
}

#[test]
fn several_specs_are_checked_as_one_api() {
    let extra = fixture("extra.yaml");
    let output = endpointgen(&["check", PORTAL, &extra]);
    assert_exit(&output, 0);
    let (endpoints, types) = counts(&[PORTAL]);
    assert_eq!(stdout(&output), format!("{PORTAL}, {extra}: ok, {} endpoints, {types} types\n", endpoints + 1));

    // Alone, the extra spec names types, errors and a scheme it does not have.
    assert_exit(&endpointgen(&["check", &extra]), 1);
}

#[test]
fn five_mistakes_are_five_errors_on_stderr() {
    let spec = fixture("five_mistakes.yaml");
    let output = endpointgen(&["check", &spec]);
    assert_exit(&output, 1);
    assert_eq!(stdout(&output), "");
    let stderr = stderr(&output);
    let headlines: Vec<&str> = stderr.lines().filter(|line| is_error_headline(line)).collect();
    assert_eq!(headlines.len(), 5, "{stderr}");
    let lines: Vec<&str> = headlines.iter().map(|headline| headline.split(':').nth(1).unwrap_or_default()).collect();
    assert_eq!(lines, ["9", "13", "15", "21", "22"], "{stderr}");
    assert!(headlines.iter().all(|headline| headline.starts_with(&format!("{spec}:"))), "{stderr}");
    // Each with its snippet and hint, and a count at the end.
    assert_eq!(stderr.matches("= help: ").count(), 5, "{stderr}");
    assert!(stderr.ends_with("\n\nerror: the spec has 5 problems\n"), "{stderr}");
    assert!(!stderr.contains('\x1b'), "color on a pipe: {stderr}");
}

#[test]
fn a_missing_file_is_an_io_error() {
    let output = endpointgen(&["check", "missing.yaml"]);
    assert_exit(&output, 2);
    assert_eq!(stdout(&output), "");
    assert!(stderr(&output).starts_with("error: cannot read spec file `missing.yaml`: "), "{}", stderr(&output));

    // Even next to a spec with mistakes: the run did not see everything.
    let output = endpointgen(&["check", "missing.yaml", &fixture("five_mistakes.yaml")]);
    assert_exit(&output, 2);
    assert_eq!(stderr(&output).lines().filter(|line| is_error_headline(line)).count(), 5);
}

#[test]
fn usage_errors_exit_with_2() {
    for args in [&["frobnicate"][..], &[], &["check"], &["generate"], &["check", "--frobnicate", PORTAL]] {
        let output = endpointgen(args);
        assert_exit(&output, 2);
        assert_eq!(stdout(&output), "", "{args:?}");
        assert!(!stderr(&output).is_empty(), "{args:?}");
    }
}

#[test]
fn help_and_version() {
    let help = endpointgen(&["--help"]);
    assert_exit(&help, 0);
    for command in ["check", "generate", "schema", "import", "export-openapi", "Exit status"] {
        assert!(stdout(&help).contains(command), "{}", stdout(&help));
    }
    let help = endpointgen(&["generate", "--help"]);
    assert_exit(&help, 0);
    assert!(stdout(&help).contains("--runtime-path <PATH>"), "{}", stdout(&help));

    let version = endpointgen(&["--version"]);
    assert_exit(&version, 0);
    assert_eq!(stdout(&version), format!("endpointgen {}\n", env!("CARGO_PKG_VERSION")));
}

/// What `endpointgen check five_mistakes.yaml {options}` shows on a
/// terminal: `script` gives the binary one, and copies what it shows.
pub(crate) fn on_a_terminal_with(no_color: Option<&str>, options: &str) -> String {
    let mut command = Command::new("script");
    let shell_command = format!("'{ENDPOINTGEN}' check {} {options}", fixture("five_mistakes.yaml"));
    command.args(["--quiet", "--command", &shell_command, "/dev/null"]).current_dir(env!("CARGO_MANIFEST_DIR"));
    match no_color {
        Some(value) => command.env("NO_COLOR", value),
        None => command.env_remove("NO_COLOR"),
    };
    String::from_utf8(command.output().unwrap().stdout).unwrap()
}

#[test]
fn color_only_on_a_terminal_and_without_no_color() {
    let on_a_terminal = |no_color: Option<&str>| on_a_terminal_with(no_color, "");
    let colored = on_a_terminal(None);
    assert!(colored.contains("\x1b[1;31merror\x1b[0m: \x1b[1munknown type `BookingID`\x1b[0m"), "{colored}");
    assert!(colored.contains("\x1b[1;31merror\x1b[0m: \x1b[1mthe spec has 5 problems"), "{colored}");
    // https://no-color.org: set and not empty.
    let plain = on_a_terminal(Some("1"));
    assert!(plain.contains("error: unknown type `BookingID`") && !plain.contains('\x1b'), "{plain}");
    assert!(on_a_terminal(Some("")).contains('\x1b'));
}
