//! Every run's figures, kept until the report is written.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::time::Duration;

use endpointgen_benches::measure::{Failed, Run, first_error, median_count};

/// Who produced a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Tool {
    Endpointgen,
    Progenitor,
    /// Hand-written reqwest + serde code (the request bench's baseline).
    Reqwest,
    /// Parsing the input alone: no tool, the floor under both.
    Floor,
}

impl fmt::Display for Tool {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(match self {
            Self::Endpointgen => "endpointgen",
            Self::Progenitor => "progenitor",
            Self::Reqwest => "hand-written reqwest",
            Self::Floor => "parse floor",
        })
    }
}

/// What was measured. Times are in seconds; sizes in lines or bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Measure {
    /// `endpointgen generate` / `cargo progenitor`, the whole process.
    GenerateCli,
    /// The library in-process: endpointgen's `generate` + `format`;
    /// progenitor's `Generator` + prettyplease (from the JSON text).
    GenerateLib,
    /// endpointgen's stages in-process: read and check the spec (`load`).
    StageLoad,
    /// … turn the checked API into code (`generate` minus `load`).
    StageEmit,
    /// … format the code (`endpointgen_codegen::format`).
    StageFormat,
    /// progenitor's stages: JSON text → `openapiv3::OpenAPI`.
    StageParseOpenapi,
    /// … `Generator::generate_tokens`.
    StageTokens,
    /// The floor: the YAML spec into a generic tree (serde-saphyr).
    FloorYaml,
    /// The floor: the OpenAPI JSON into a `serde_json::Value`.
    FloorJson,
    /// `cargo check` of the generated crate, dependencies prebuilt.
    Check,
    /// `cargo build --release` of the generated crate, dependencies prebuilt.
    Release,
    /// `cargo check` of a crate that is the macro call.
    MacroCheck,
    /// `cargo check` of the client generated with `--mocks` (endpointgen
    /// only; beside its `Check`).
    CheckMocks,
    /// … with `--server`.
    CheckServer,
    /// Lines of the generated code.
    Lines,
    /// Bytes of the generated code.
    Bytes,
    /// Operations in the generated client (a real document's: endpointgen
    /// leaves out what it cannot generate, with a warning).
    Operations,
    /// One request built and its canned response decoded: a GET with a
    /// path parameter and a query (criterion, per call).
    RequestGet,
    /// … a PUT with a JSON body.
    RequestUpdate,
    /// The GET again, in instructions per call (callgrind).
    RequestGetInstructions,
    /// The PUT again, in instructions per call (callgrind).
    RequestUpdateInstructions,
    /// The GET again, per call, timed in processes of the bench's
    /// executable that alternate with the hand-written code's.
    RequestGetSideBySide,
    /// The PUT again, so timed.
    RequestUpdateSideBySide,
}

impl Measure {
    pub(crate) fn is_count(self) -> bool {
        matches!(
            self,
            Self::Lines
                | Self::Bytes
                | Self::Operations
                | Self::RequestGetInstructions
                | Self::RequestUpdateInstructions
        )
    }
}

/// A group of the request bench, and its measures.
pub(crate) struct RequestGroup {
    /// criterion's name of the group.
    pub(crate) group: &'static str,
    /// What the report calls it.
    pub(crate) title: &'static str,
    pub(crate) criterion: Measure,
    pub(crate) instructions: Measure,
    pub(crate) side_by_side: Measure,
}

pub(crate) const REQUEST_GROUPS: [RequestGroup; 2] = [
    RequestGroup {
        group: "get_item",
        title: "GET with a path parameter and a query → `Item0`",
        criterion: Measure::RequestGet,
        instructions: Measure::RequestGetInstructions,
        side_by_side: Measure::RequestGetSideBySide,
    },
    RequestGroup {
        group: "update_item",
        title: "PUT with a JSON body → `Item0`",
        criterion: Measure::RequestUpdate,
        instructions: Measure::RequestUpdateInstructions,
        side_by_side: Measure::RequestUpdateSideBySide,
    },
];

/// The two sides of each group of the request bench.
const REQUEST_FUNCTIONS: [(&str, Tool); 2] = [("endpointgen", Tool::Endpointgen), ("reqwest", Tool::Reqwest)];

/// The runs of one measure of one API by one tool.
#[derive(Debug, Clone, Default)]
pub(crate) struct Stat {
    /// Seconds (or a count, for sizes and instructions), in the order taken.
    pub(crate) values: Vec<f64>,
    /// Peak RSS of each run, in KiB, where measured.
    pub(crate) rss_kib: Vec<u64>,
    /// CPU seconds (user + system) of each run, where measured.
    pub(crate) cpu: Vec<f64>,
}

impl Stat {
    pub(crate) fn median(&self) -> Option<f64> {
        let mut sorted = self.values.clone();
        sorted.sort_by(f64::total_cmp);
        match sorted.len() {
            0 => None,
            len if len % 2 == 1 => Some(sorted[len / 2]),
            len => Some(f64::midpoint(sorted[len / 2 - 1], sorted[len / 2])),
        }
    }

    pub(crate) fn median_cpu(&self) -> Option<f64> {
        Self { values: self.cpu.clone(), ..Self::default() }.median()
    }

    pub(crate) fn median_rss_kib(&self) -> Option<u64> {
        median_count(&self.rss_kib)
    }
}

/// What a tool did instead of a client that compiles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// The generator exited with an error.
    Refuses,
    /// The generator panicked.
    Panics,
    /// The generator wrote a client, and `cargo check` fails on it.
    DoesNotCompile,
}

impl fmt::Display for Outcome {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(match self {
            Self::Refuses => "refuses",
            Self::Panics => "panics",
            Self::DoesNotCompile => "does not compile",
        })
    }
}

/// A tool's failure on an API: what it did, and its first error.
#[derive(Debug, Clone)]
pub(crate) struct Failure {
    pub(crate) outcome: Outcome,
    pub(crate) first_error: String,
}

#[derive(Debug, Default)]
pub(crate) struct Results {
    stats: BTreeMap<(Measure, String, Tool), Stat>,
    failures: BTreeMap<(String, Tool), Failure>,
}

impl Results {
    pub(crate) fn record(&mut self, measure: Measure, api: &str, tool: Tool, run: Run) {
        let stat = self.stats.entry((measure, api.to_owned(), tool)).or_default();
        stat.values.push(run.wall.as_secs_f64());
        stat.rss_kib.extend(run.peak_rss_kib);
        stat.cpu.extend(run.cpu.map(|cpu| cpu.as_secs_f64()));
    }

    pub(crate) fn record_times(&mut self, measure: Measure, api: &str, tool: Tool, times: &[Duration]) {
        let stat = self.stats.entry((measure, api.to_owned(), tool)).or_default();
        stat.values.extend(times.iter().map(Duration::as_secs_f64));
    }

    pub(crate) fn record_value(&mut self, measure: Measure, api: &str, tool: Tool, value: f64) {
        self.stats.entry((measure, api.to_owned(), tool)).or_default().values.push(value);
    }

    /// Records that a tool's command failed on an API: a generator that
    /// `Refuses` is told from one that panics by its output.
    pub(crate) fn record_failure(&mut self, api: &str, tool: Tool, outcome: Outcome, failed: &Failed) {
        let output = std::fs::read_to_string(&failed.log).unwrap_or_default();
        let first = first_error(&output);
        let outcome = if outcome == Outcome::Refuses && first.as_ref().is_some_and(|first| first.panicked) {
            Outcome::Panics
        } else {
            outcome
        };
        let first_error =
            first.map_or_else(|| failed.reason.lines().next().unwrap_or_default().to_owned(), |first| first.message);
        self.failures.insert((api.to_owned(), tool), Failure { outcome, first_error });
    }

    pub(crate) fn failure(&self, api: &str, tool: Tool) -> Option<&Failure> {
        self.failures.get(&(api.to_owned(), tool))
    }

    pub(crate) fn get(&self, measure: Measure, api: &str, tool: Tool) -> Option<&Stat> {
        self.stats.get(&(measure, api.to_owned(), tool))
    }

    pub(crate) fn median(&self, measure: Measure, api: &str, tool: Tool) -> Option<f64> {
        self.get(measure, api, tool)?.median()
    }

    /// `tool / baseline` for one measure of one API: the median of the
    /// ratios of runs taken side by side when both have the same number of
    /// runs (they alternate), else the ratio of the medians.
    pub(crate) fn ratio(&self, measure: Measure, api: &str, tool: Tool, baseline: Tool) -> Option<f64> {
        Self::paired_ratio(self.get(measure, api, tool)?, self.get(measure, api, baseline)?)
    }

    /// `measure / baseline` of one tool on one API (the check of a client
    /// generated with an option against the plain one's), as [`Self::ratio`].
    pub(crate) fn measure_ratio(&self, measure: Measure, baseline: Measure, api: &str, tool: Tool) -> Option<f64> {
        Self::paired_ratio(self.get(measure, api, tool)?, self.get(baseline, api, tool)?)
    }

    /// The median of the ratios of runs taken side by side when both have
    /// the same number of runs (they alternate), else the ratio of the
    /// medians.
    fn paired_ratio(ours: &Stat, theirs: &Stat) -> Option<f64> {
        if ours.values.len() == theirs.values.len() && ours.values.len() > 1 {
            let pairs = Stat {
                values: ours.values.iter().zip(&theirs.values).map(|(ours, theirs)| ours / theirs).collect(),
                ..Stat::default()
            };
            return pairs.median();
        }
        Some(ours.median()? / theirs.median()?)
    }

    /// The ratio of the median CPU times of one tool's two measures.
    pub(crate) fn measure_cpu_ratio(&self, measure: Measure, baseline: Measure, api: &str, tool: Tool) -> Option<f64> {
        Some(self.get(measure, api, tool)?.median_cpu()? / self.get(baseline, api, tool)?.median_cpu()?)
    }

    /// The ratio of the median CPU times of two tools.
    pub(crate) fn cpu_ratio(&self, measure: Measure, api: &str, tool: Tool, baseline: Tool) -> Option<f64> {
        Some(self.get(measure, api, tool)?.median_cpu()? / self.get(measure, api, baseline)?.median_cpu()?)
    }

    /// The ratio of the median peak memory of two tools.
    pub(crate) fn rss_ratio(&self, measure: Measure, api: &str, tool: Tool, baseline: Tool) -> Option<f64> {
        let ours = self.get(measure, api, tool)?.median_rss_kib()?;
        let theirs = self.get(measure, api, baseline)?.median_rss_kib()?;
        #[allow(clippy::cast_precision_loss, reason = "KiB of a process, far below 2^52")]
        Some(ours as f64 / theirs as f64)
    }

    /// Reads the request bench's medians from criterion's files:
    /// `DIR/<group>/<function>/new/estimates.json`, in nanoseconds.
    pub(crate) fn read_criterion(&mut self, dir: &Path) {
        for RequestGroup { group, criterion: measure, .. } in REQUEST_GROUPS {
            for (function, tool) in REQUEST_FUNCTIONS {
                let file = dir.join(group).join(function).join("new/estimates.json");
                let Ok(text) = std::fs::read_to_string(&file) else {
                    eprintln!("no criterion estimate at {}", file.display());
                    continue;
                };
                let estimates: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
                if let Some(nanoseconds) = estimates["median"]["point_estimate"].as_f64() {
                    self.record_value(measure, "request", tool, nanoseconds * 1e-9);
                }
            }
        }
    }

    /// Counts the instructions of one call of each side of the request
    /// bench under callgrind: the bench's executable runs a call N times
    /// (`ENDPOINTGEN_REQUEST_CALLS`), and the count of a run of none, the
    /// set-up alone, is taken off. Unlike times, these do not move with
    /// what else the machine is doing. Left out, with one note, without
    /// valgrind.
    pub(crate) fn count_request_instructions(&mut self, bench: &Path) {
        const CALLS: u32 = 2000;
        if let Err(error) = std::process::Command::new("valgrind").arg("--version").output() {
            eprintln!("no instruction counts of requests: valgrind: {error}");
            return;
        }
        let count = |call: &str, calls: u32| -> Option<f64> {
            let output = std::process::Command::new("valgrind")
                .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
                .arg(bench)
                .env("ENDPOINTGEN_REQUEST_CALLS", format!("{call}:{calls}"))
                .output()
                .ok()?;
            // callgrind's summary on stderr: `==PID== Collected : 53049622`.
            let stderr = String::from_utf8_lossy(&output.stderr);
            let collected: Option<u64> = stderr
                .lines()
                .find_map(|line| line.split_once("Collected :"))
                .and_then(|(_, count)| count.trim().parse().ok());
            if !output.status.success() || collected.is_none() {
                eprintln!("callgrind of {call} failed:\n{stderr}");
            }
            #[allow(clippy::cast_precision_loss, reason = "instruction counts, far below 2^52")]
            collected.map(|count| count as f64)
        };
        for RequestGroup { group, instructions: measure, .. } in REQUEST_GROUPS {
            for (function, tool) in REQUEST_FUNCTIONS {
                if let Some(per_call) = per_call(&format!("{group}/{function}"), CALLS, count) {
                    self.record_value(measure, "request", tool, per_call);
                }
            }
        }
    }

    /// Times each request in pairs of processes of the bench's executable
    /// (`ENDPOINTGEN_REQUEST_CALLS`), one making the generated call `CALLS`
    /// times and one the hand-written call, in turn, less a run of each
    /// that only sets up. Each ratio is then of two runs taken side by
    /// side, as the generation's are; criterion times one side for seconds
    /// and then the other, and a busy machine changes speed in between.
    pub(crate) fn time_requests_side_by_side(&mut self, bench: &Path, pairs: usize) {
        const CALLS: u32 = 100_000;
        let time = |call: &str, calls: u32| -> Option<f64> {
            let start = std::time::Instant::now();
            let status = std::process::Command::new(bench)
                .env("ENDPOINTGEN_REQUEST_CALLS", format!("{call}:{calls}"))
                .stdout(std::process::Stdio::null())
                .status()
                .ok()?;
            let elapsed = start.elapsed();
            if !status.success() {
                eprintln!("the request bench failed for {call}:{calls}: {status}");
            }
            status.success().then_some(elapsed.as_secs_f64())
        };
        for RequestGroup { group, side_by_side: measure, .. } in REQUEST_GROUPS {
            for pair in 0..pairs {
                // Each side goes first in every other pair.
                let mut sides = REQUEST_FUNCTIONS;
                if pair % 2 == 1 {
                    sides.reverse();
                }
                let timed: Option<Vec<(Tool, f64)>> = sides
                    .iter()
                    .map(|&(function, tool)| Some((tool, per_call(&format!("{group}/{function}"), CALLS, time)?)))
                    .collect();
                // Both sides or neither, so that the n-th values of the two
                // tools stay a pair.
                for (tool, per_call) in timed.into_iter().flatten() {
                    self.record_value(measure, "request", tool, per_call);
                }
            }
        }
    }

    /// Every run, as JSON, for a closer look than the report's medians,
    /// and every failure.
    pub(crate) fn to_json(&self) -> String {
        let entries: Vec<serde_json::Value> = self
            .stats
            .iter()
            .map(|((measure, api, tool), stat)| {
                serde_json::json!({
                    "measure": format!("{measure:?}"),
                    "api": api,
                    "tool": tool.to_string(),
                    "values": stat.values,
                    "peak_rss_kib": stat.rss_kib,
                    "cpu": stat.cpu,
                    "median": stat.median(),
                })
            })
            .chain(self.failures.iter().map(|((api, tool), failure)| {
                serde_json::json!({
                    "api": api,
                    "tool": tool.to_string(),
                    "outcome": failure.outcome.to_string(),
                    "first_error": failure.first_error,
                })
            }))
            .collect();
        serde_json::to_string_pretty(&entries).unwrap_or_default()
    }
}

/// What one call of the request bench (`group/function`) costs: `run` of
/// `calls` calls, less `run` of none (the set-up), over `calls`.
fn per_call(call: &str, calls: u32, run: impl Fn(&str, u32) -> Option<f64>) -> Option<f64> {
    let set_up = run(call, 0)?;
    Some((run(call, calls)? - set_up).max(0.0) / f64::from(calls))
}
