//! Running commands and timing them: wall time from the harness's own
//! clock, peak memory from GNU time, and the median of repeated runs.

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// GNU time, which reports the peak resident set size of a command and of
/// the processes it waited for (`%M`): for `cargo check` with dependencies
/// prebuilt, the one rustc that compiles the crate.
pub const GNU_TIME: &str = "/usr/bin/time";

/// One run of a command.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    /// Wall-clock time.
    pub wall: Duration,
    /// Peak RSS in KiB of the command and its waited-for children, when GNU
    /// time is there to measure it.
    pub peak_rss_kib: Option<u64>,
    /// CPU time (user + system) of the command and its children, from GNU
    /// time: steadier than wall time on a busy machine.
    pub cpu: Option<Duration>,
}

/// A command that failed, with the end of its output.
#[derive(Debug)]
pub struct Failed {
    /// The command, as shown.
    pub command: String,
    /// What went wrong: the exit status and the last lines of output.
    pub reason: String,
    /// How long it ran before it failed (zero when it could not start).
    pub wall: Duration,
    /// Where its output went.
    pub log: PathBuf,
}

impl fmt::Display for Failed {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "`{}` failed: {}", self.command, self.reason)
    }
}

impl std::error::Error for Failed {}

/// Runs `command` to its end and times it. Its output goes to `log` (kept
/// for a look when something fails, and so that printing costs nothing in
/// the measurement).
///
/// # Errors
///
/// The command could not start or exited with a failure.
pub fn run(command: &Command, log: &Path) -> Result<Run, Failed> {
    let shown = show(command);
    let failed = |reason: String| Failed { command: shown.clone(), reason, wall: Duration::ZERO, log: log.to_owned() };
    let rss_file = log.with_extension("time");
    let use_gnu_time = Path::new(GNU_TIME).exists();
    // The same command, behind GNU time when it is there; without it the
    // wall time is still right and the memory column stays empty.
    let mut timed = if use_gnu_time {
        let mut wrapped = Command::new(GNU_TIME);
        wrapped.arg("-f").arg("%M %U %S").arg("-o").arg(&rss_file).arg(command.get_program());
        wrapped
    } else {
        Command::new(command.get_program())
    };
    timed.args(command.get_args());
    for (key, value) in command.get_envs() {
        match value {
            Some(value) => timed.env(key, value),
            None => timed.env_remove(key),
        };
    }
    if let Some(dir) = command.get_current_dir() {
        timed.current_dir(dir);
    }
    let output =
        std::fs::File::create(log).map_err(|error| failed(format!("cannot create {}: {error}", log.display())))?;
    let errors = output.try_clone().map_err(|error| failed(error.to_string()))?;
    timed.stdin(Stdio::null()).stdout(output).stderr(errors);
    let start = Instant::now();
    let status = timed.status().map_err(|error| failed(format!("cannot start: {error}")))?;
    let wall = start.elapsed();
    if !status.success() {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        let tail: Vec<&str> = text.lines().rev().take(15).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(Failed { wall, ..failed(format!("{status}; log {}:\n{}", log.display(), tail.join("\n"))) });
    }
    // GNU time's last line: `%M %U %S`, peak KiB and CPU seconds.
    let measured = if use_gnu_time { std::fs::read_to_string(&rss_file).unwrap_or_default() } else { String::new() };
    let fields: Vec<&str> = measured.lines().last().unwrap_or_default().split_whitespace().collect();
    let peak_rss_kib = fields.first().and_then(|field| field.parse().ok());
    let cpu =
        match (fields.get(1).and_then(|f| f.parse::<f64>().ok()), fields.get(2).and_then(|f| f.parse::<f64>().ok())) {
            (Some(user), Some(system)) => Some(Duration::from_secs_f64(user + system)),
            _ => None,
        };
    Ok(Run { wall, peak_rss_kib, cpu })
}

/// What a failed command said first, for a report: the message of a panic,
/// or else the first line that reports an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstError {
    /// Whether the command panicked (`thread 'main' panicked at …`).
    pub panicked: bool,
    /// The panic's message (its lines joined), or the error line (rustc's
    /// with its ` --> ` location), cut to a few hundred characters.
    pub message: String,
}

/// The first error in a command's output (see [`FirstError`]): a panic's
/// message wherever it is, else the first line that starts with `error`
/// (any case; rustc's, cargo's, anyhow's `Error:`) or with `gen fail`
/// (cargo-progenitor's report of its generator's errors, printed before
/// its `Error:`). `None` when nothing looks like one.
#[must_use]
pub fn first_error(output: &str) -> Option<FirstError> {
    const MAX: usize = 300;
    let cut = |text: &str| match text.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    };
    let lines: Vec<&str> = output.lines().map(str::trim).collect();
    // `thread 'main' (1234) panicked at src/main.rs:1:2:` then the message,
    // up to the note or backtrace that follows it.
    if let Some(at) = lines.iter().position(|line| line.starts_with("thread '") && line.contains(" panicked at ")) {
        let message: Vec<&str> = lines[at + 1..]
            .iter()
            .copied()
            .take_while(|line| !line.is_empty() && !line.starts_with("note: ") && !line.starts_with("stack backtrace:"))
            .collect();
        return Some(FirstError { panicked: true, message: cut(&message.join(" ")) });
    }
    let at = lines.iter().position(|line| {
        let lower = line.to_ascii_lowercase();
        lower.starts_with("error") || lower.starts_with("gen fail")
    })?;
    let mut message = lines[at].to_owned();
    if let Some(location) = lines.get(at + 1).and_then(|line| line.strip_prefix("--> ")) {
        message = format!("{message} ({location})");
    }
    Some(FirstError { panicked: false, message: cut(&message) })
}

/// How a command is shown in logs and in the report: program and arguments.
#[must_use]
pub fn show(command: &Command) -> String {
    let mut shown = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        shown.push(' ');
        shown.push_str(&arg.to_string_lossy());
    }
    shown
}

/// Times `work` in this process, `runs` times.
pub fn time_in_process<T>(runs: usize, mut work: impl FnMut() -> T) -> Vec<Duration> {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(work());
            start.elapsed()
        })
        .collect()
}

/// The median of some durations (the mean of the middle two for an even
/// count); zero for none.
#[must_use]
pub fn median(durations: &[Duration]) -> Duration {
    let mut sorted = durations.to_vec();
    sorted.sort_unstable();
    match sorted.len() {
        0 => Duration::ZERO,
        len if len % 2 == 1 => sorted[len / 2],
        len => (sorted[len / 2 - 1] + sorted[len / 2]) / 2,
    }
}

/// The median of some counts (the lower middle one for an even count).
#[must_use]
pub fn median_count(values: &[u64]) -> Option<u64> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    sorted.get(sorted.len().saturating_sub(1) / 2).copied()
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::{FirstError, first_error, median, median_count};

    #[test]
    fn medians() {
        let ms = Duration::from_millis;
        assert_eq!(median(&[ms(5), ms(1), ms(3)]), ms(3));
        assert_eq!(median(&[ms(4), ms(1), ms(2), ms(3)]), Duration::from_micros(2500));
        assert_eq!(median(&[]), Duration::ZERO);
        assert_eq!(median_count(&[7, 1, 5, 3]), Some(3));
        assert_eq!(median_count(&[]), None);
    }

    #[test]
    fn first_errors() {
        let rustc = "    Checking box_file v0.1.0\nwarning: unused import\nerror[E0412]: cannot find type `Foo` in this scope\n  --> src/lib.rs:10:5\n   |\nerror: could not compile `box_file`\n";
        assert_eq!(
            first_error(rustc),
            Some(FirstError {
                panicked: false,
                message: "error[E0412]: cannot find type `Foo` in this scope (src/lib.rs:10:5)".to_owned()
            })
        );
        let progenitor = " TYPE SPACE\ngen fail: UnexpectedFormat(\"x\")\nError: generation experienced errors\n";
        assert_eq!(
            first_error(progenitor).map(|error| error.message),
            Some("gen fail: UnexpectedFormat(\"x\")".to_owned())
        );
        let panic = "\nthread 'main' (4242) panicked at typify-impl/src/convert.rs:1:2:\nnot yet implemented: schema:\n{\n  \"type\": \"object\"\n}\nnote: run with `RUST_BACKTRACE=1`\n";
        assert_eq!(
            first_error(panic),
            Some(FirstError {
                panicked: true,
                message: "not yet implemented: schema: { \"type\": \"object\" }".to_owned()
            })
        );
        assert_eq!(first_error("all fine\n"), None);
        let long = format!("Error: {}", "x".repeat(400));
        assert_eq!(first_error(&long).map(|error| error.message.chars().count()), Some(301));
    }
}
