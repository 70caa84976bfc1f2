//! What the commands print and write, and how a failed run ends.

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::OnceLock;

use endpointgen_codegen::{Error, Kind, Warnings};

/// Why a run failed, which decides its exit status. Its message has been
/// printed already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The specs have problems (or the generator made code that does not
    /// parse, a bug): exit status 1.
    Spec,
    /// A usage or I/O error, such as a spec that cannot be read, an output
    /// that cannot be written, or a `--group` that the spec does not have:
    /// exit status 2, as for clap's usage errors.
    Io,
}

impl Failure {
    pub(crate) fn exit_code(self) -> ExitCode {
        match self {
            Self::Spec => ExitCode::from(1),
            Self::Io => ExitCode::from(2),
        }
    }
}

/// Prints every problem of `error` on stderr, with the warnings found with
/// them, rendered like rustc's, and says how the run ends.
pub(crate) fn problems(error: &Error, spec_count: usize) -> Failure {
    let color = use_color();
    let mut blocks: Vec<String> = error
        .shown()
        .iter()
        .map(|diagnostic| if color { error.render_colored(diagnostic) } else { error.render(diagnostic) })
        .collect();
    blocks.extend(error.not_shown().map(|not_shown| headline(color, &not_shown)));
    let count = error.error_count();
    if count > 1 {
        let specs = if spec_count > 1 { "the specs have" } else { "the spec has" };
        blocks.push(headline(color, &format!("{specs} {count} problems")));
    }
    // A blank line between problems, as rustc leaves.
    let text = blocks.join("\n\n") + "\n";
    stderr(&text);
    // A run that could not read a spec did not look at everything it was
    // asked to: an I/O error rather than a verdict on the spec. A setting
    // that does not fit the spec (`--group nosuch`) is the caller's mistake.
    let usage = |diagnostic: &endpointgen_codegen::Diagnostic| matches!(diagnostic.kind, Kind::Io | Kind::Usage);
    if error.diagnostics().iter().any(usage) { Failure::Io } else { Failure::Spec }
}

/// Prints the warnings of a run that generated its output on stderr,
/// rendered like rustc's, then a summary:
/// `warning: 231 of 242 operations generated; 11 left out, see above`.
/// Nothing when there are none.
pub(crate) fn warnings(warnings: &Warnings) {
    let Some(summary) = warnings.summary() else { return };
    let color = use_color();
    let mut blocks: Vec<String> = warnings
        .shown()
        .iter()
        .map(|diagnostic| if color { warnings.render_colored(diagnostic) } else { warnings.render(diagnostic) })
        .collect();
    blocks.extend(warnings.not_shown().map(|not_shown| {
        if color {
            format!("\x1b[1;33mwarning\x1b[0m: \x1b[1m{not_shown}\x1b[0m")
        } else {
            format!("warning: {not_shown}")
        }
    }));
    blocks.push(if color {
        format!("\x1b[1;33mwarning\x1b[0m: \x1b[1m{summary}\x1b[0m")
    } else {
        format!("warning: {summary}")
    });
    stderr(&(blocks.join("\n\n") + "\n"));
}

/// Prints `error: message` on stderr.
pub(crate) fn error(message: &str) {
    stderr(&format!("{}\n", headline(use_color(), message)));
}

/// `error: message`, colored as codegen colors the headlines of its
/// diagnostics.
fn headline(color: bool, message: &str) -> String {
    if color { format!("\x1b[1;31merror\x1b[0m: \x1b[1m{message}\x1b[0m") } else { format!("error: {message}") }
}

/// `--color`: when diagnostics are in color, as cargo and ripgrep take it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Color {
    /// On a terminal, unless `NO_COLOR` says otherwise.
    Auto,
    /// Always, also on a pipe and with `NO_COLOR` set: the user asked.
    Always,
    /// Never.
    Never,
}

/// The run's `--color`, set once from the command line.
static COLOR: OnceLock<Color> = OnceLock::new();

pub(crate) fn set_color(color: Color) {
    // Set once, by `main`, before anything is printed.
    let _ = COLOR.set(color);
}

/// With `--color=auto` (the default): color on a terminal only, and not
/// when `NO_COLOR` is set to anything but the empty string
/// (<https://no-color.org>).
fn use_color() -> bool {
    match COLOR.get().copied().unwrap_or(Color::Auto) {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty()),
    }
}

fn stderr(text: &str) {
    // Nowhere is left to report a failure to write to stderr; the exit
    // status still tells.
    let _ = io::stderr().lock().write_all(text.as_bytes());
}

/// Writes `text` to stdout. `print!` would panic on a closed pipe.
pub(crate) fn stdout(text: &str) -> Result<(), Failure> {
    let mut stdout = io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        // `endpointgen schema | head`: the reader stopped early, having what
        // it wanted.
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(error) => {
            self::error(&format!("cannot write to standard output: {error}"));
            Err(Failure::Io)
        }
    }
}

/// Writes `text` to `path` unless the file holds it already, so that its
/// modification time stays put and builds that watch it do not rerun (what
/// `Config::generate` does for build scripts).
pub(crate) fn file_if_changed(path: &Path, text: &str) -> Result<(), Failure> {
    if std::fs::read(path).is_ok_and(|existing| existing == text.as_bytes()) {
        return Ok(());
    }
    std::fs::write(path, text).map_err(|io_error| {
        error(&format!("cannot write `{}`: {io_error}", path.display()));
        Failure::Io
    })
}
