//! Running commands and timing them: wall time from the harness's own
//! clock, peak memory from GNU time, and the median of repeated runs.

use std::fmt;
use std::path::Path;
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
    let failed = |reason: String| Failed { command: shown.clone(), reason };
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
        return Err(failed(format!("{status}; log {}:\n{}", log.display(), tail.join("\n"))));
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

    use super::{median, median_count};

    #[test]
    fn medians() {
        let ms = Duration::from_millis;
        assert_eq!(median(&[ms(5), ms(1), ms(3)]), ms(3));
        assert_eq!(median(&[ms(4), ms(1), ms(2), ms(3)]), Duration::from_micros(2500));
        assert_eq!(median(&[]), Duration::ZERO);
        assert_eq!(median_count(&[7, 1, 5, 3]), Some(3));
        assert_eq!(median_count(&[]), None);
    }
}
