//! `docs/benchmarks.md` and its plots, from one run's results.

use std::fmt::Write as _;
use std::process::Command;
use std::time::Duration;

use endpointgen_benches::plot::{Series, time_chart};

use crate::results::{Failure, Measure, Outcome, REQUEST_GROUPS, RequestGroup, Results, Stat, Tool};
use crate::{Api, Settings};

/// The machine and the versions, taken when the run starts.
pub(crate) struct Machine {
    cores: usize,
    cpu: String,
    memory: String,
    load_before: String,
    rustc: String,
    endpointgen: String,
    endpointgen_commit: String,
    progenitor: String,
    date: String,
}

impl Machine {
    pub(crate) fn now(settings: &Settings) -> Self {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu = cpuinfo
            .lines()
            .find_map(|line| line.strip_prefix("model name")?.split_once(':').map(|(_, name)| name.trim().to_owned()))
            .unwrap_or_else(|| "unknown".to_owned());
        let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
        let memory = meminfo
            .lines()
            .find_map(|line| line.strip_prefix("MemTotal:")?.trim().strip_suffix("kB")?.trim().parse::<u64>().ok())
            .map_or_else(|| "unknown".to_owned(), |kib| format!("{:.1} GiB", kib_to_gib(kib)));
        let dirty = !command_output("git", &["status", "--porcelain", "--untracked-files=no"]).is_empty();
        Self {
            cores: std::thread::available_parallelism().map_or(0, std::num::NonZero::get),
            cpu,
            memory,
            load_before: load_average(),
            rustc: command_output("rustc", &["--version"]),
            endpointgen: command_output(&settings.endpointgen.to_string_lossy(), &["--version"]),
            endpointgen_commit: command_output("git", &["rev-parse", "--short", "HEAD"])
                + if dirty { " (with uncommitted changes)" } else { "" },
            progenitor: format!("progenitor {0}, cargo-progenitor {0} (crates.io)", settings.progenitor_version),
            date: command_output("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
        }
    }
}

#[allow(clippy::cast_precision_loss, reason = "memory sizes")]
fn kib_to_gib(kib: u64) -> f64 {
    kib as f64 / 1024.0 / 1024.0
}

fn command_output(program: &str, args: &[&str]) -> String {
    Command::new(program).args(args).output().map_or_else(
        |error| format!("unknown ({error})"),
        |output| String::from_utf8_lossy(&output.stdout).trim().to_owned(),
    )
}

/// The 1, 5 and 15 minute load averages: how busy the machine was.
pub(crate) fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| text.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// `12.3 ms`, `1.23 s`, `850 ns`, `-0.12 s`.
fn seconds(value: f64) -> String {
    if value < 0.0 {
        return format!("−{}", seconds(-value));
    }
    if value >= 10.0 {
        format!("{value:.1} s")
    } else if value >= 1.0 {
        format!("{value:.2} s")
    } else if value >= 1e-3 {
        format!("{:.1} ms", value * 1e3)
    } else if value >= 1e-6 {
        format!("{:.2} µs", value * 1e6)
    } else {
        format!("{:.0} ns", value * 1e9)
    }
}

fn ratio(value: f64) -> String {
    if value >= 10.0 { format!("{value:.0}×") } else { format!("{value:.2}×") }
}

fn or_dash(value: Option<String>) -> String {
    value.unwrap_or_else(|| "–".to_owned())
}

/// The report's tables, in the order they appear.
struct Report<'a> {
    settings: &'a Settings,
    apis: &'a [Api],
    /// The real documents (their own section).
    real: &'a [Api],
    results: &'a Results,
    text: String,
}

pub(crate) fn write(
    settings: &Settings,
    machine: &Machine,
    load_after: &str,
    apis: &[Api],
    real: &[Api],
    results: &Results,
    elapsed: Duration,
) -> std::io::Result<()> {
    let mut report = Report { settings, apis, real, results, text: String::new() };
    report.head(machine, load_after, elapsed);
    report.targets();
    report.misses();
    report.generation();
    report.stages();
    report.compile();
    report.macro_path();
    report.options(None);
    report.size();
    report.real_documents(machine, load_after, elapsed);
    report.requests();
    // scripts/bench-streams.sh writes its section into the report: kept.
    if let Ok(earlier) = std::fs::read_to_string(&settings.out)
        && let Some(start) = earlier.find(STREAMS)
    {
        let rest = &earlier[start + STREAMS.len()..];
        let end = rest.find("\n## ").map_or(earlier.len(), |next| start + STREAMS.len() + next + 1);
        report.text.push_str(&earlier[start + 1..end]);
    }
    report.method();
    std::fs::write(&settings.out, report.text)?;
    report_plots(settings, apis, results)
}

/// The heading of the real documents' section, which `--only real`
/// replaces in the report of an earlier run.
const REAL_DOCUMENTS: &str = "## Real documents";
/// The heading of the section it goes before when the report has none.
const REAL_DOCUMENTS_BEFORE: &str = "## Per-request overhead";
const METHOD: &str = "## How it is measured";
/// The heading of the generation options' section, which `--only options`
/// replaces, and the one it goes before when the report has none.
const OPTIONS: &str = "## Generation options: `mocks` and `server`";
const OPTIONS_BEFORE: &str = "## Generated code size";
/// The section of scripts/bench-streams.sh, which a full run keeps.
const STREAMS: &str = "\n## Streamed downloads\n";

/// `--only real`: the report of an earlier run with its "Real documents"
/// and "How it is measured" sections replaced by this run's (or added);
/// the rest as it was. Without an earlier report, those two sections under
/// the head.
pub(crate) fn write_real(
    settings: &Settings,
    machine: &Machine,
    load_after: &str,
    real: &[Api],
    results: &Results,
    elapsed: Duration,
) -> std::io::Result<()> {
    let mut report = Report { settings, apis: &[], real, results, text: String::new() };
    report.real_documents(machine, load_after, elapsed);
    let section = std::mem::take(&mut report.text);
    report.method();
    let method = std::mem::take(&mut report.text);
    let earlier = match std::fs::read_to_string(&settings.out) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            report.head(machine, load_after, elapsed);
            report.text
        }
        Err(error) => return Err(error),
    };
    let text = replace_section(&earlier, REAL_DOCUMENTS, &section, REAL_DOCUMENTS_BEFORE);
    std::fs::write(&settings.out, replace_section(&text, METHOD, &method, ""))
}

/// `--only options`: the report of an earlier run with the generation
/// options' section replaced by this run's (or added); the rest as it was.
pub(crate) fn write_options(
    settings: &Settings,
    machine: &Machine,
    load_after: &str,
    apis: &[Api],
    results: &Results,
    elapsed: Duration,
) -> std::io::Result<()> {
    let mut report = Report { settings, apis, real: &[], results, text: String::new() };
    report.options(Some((machine, load_after, elapsed)));
    let section = std::mem::take(&mut report.text);
    let earlier = match std::fs::read_to_string(&settings.out) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            report.head(machine, load_after, elapsed);
            report.text
        }
        Err(error) => return Err(error),
    };
    std::fs::write(&settings.out, replace_section(&earlier, OPTIONS, &section, OPTIONS_BEFORE))
}

/// `text` with the section under `heading` (up to the next `## ` heading)
/// replaced by `section`; without one, `section` goes before the heading
/// `before`, or at the end.
fn replace_section(text: &str, heading: &str, section: &str, before: &str) -> String {
    let start_of = |heading: &str| {
        if heading.is_empty() {
            return None;
        }
        text.match_indices(heading)
            .map(|(at, _)| at)
            .find(|&at| (at == 0 || text[..at].ends_with('\n')) && text[at + heading.len()..].starts_with('\n'))
    };
    let (start, end) = match start_of(heading) {
        Some(start) => {
            let rest = start + heading.len();
            (start, text[rest..].find("\n## ").map_or(text.len(), |next| rest + next + 1))
        }
        None => {
            let at = start_of(before).unwrap_or(text.len());
            (at, at)
        }
    };
    let mut replaced = text[..start].to_owned();
    if !replaced.is_empty() && !replaced.ends_with("\n\n") {
        replaced.push_str(if replaced.ends_with('\n') { "\n" } else { "\n\n" });
    }
    replaced.push_str(section);
    replaced.push_str(&text[end..]);
    replaced
}

impl Report<'_> {
    fn push(&mut self, line: &str) {
        self.text.push_str(line);
        self.text.push('\n');
    }

    fn head(&mut self, machine: &Machine, load_after: &str, elapsed: Duration) {
        let settings = self.settings;
        self.push("# Benchmarks: endpointgen and progenitor, side by side");
        self.push("");
        self.push(
            "<!-- @generated by scripts/bench.sh (benches/src/bin/bench_harness): do not edit, run it again. -->",
        );
        self.push("");
        self.push(
            "Both tools generate a client for the same APIs, on the same machine, in the same run: synthetic \
             APIs of several sizes (`synth`, in `benches/`), written both as an endpointgen spec and as OpenAPI \
             3.0, and Oxide's `nexus.json`; and, in a section of their own, public documents of real APIs. Each figure is the median of several runs (the count is given); the \
             two tools' runs alternate, and each ratio endpointgen / progenitor is the median of the ratios of \
             runs taken side by side. Below 1× endpointgen is faster or smaller.",
        );
        self.push("");
        if settings.quick {
            self.push("**A quick run** (`--quick`): fewer sizes and runs; orientation only.");
            self.push("");
        }
        self.push("To reproduce it all:");
        self.push("");
        self.push("```sh");
        self.push(&settings.command);
        self.push("```");
        self.push("");
        self.push("| | |");
        self.push("| --- | --- |");
        let rows = [
            ("date", machine.date.clone()),
            ("cores (`nproc`)", machine.cores.to_string()),
            ("CPU", machine.cpu.clone()),
            ("memory", machine.memory.clone()),
            ("load average before / after (1, 5, 15 min)", format!("{} / {load_after}", machine.load_before)),
            ("rustc", machine.rustc.clone()),
            ("endpointgen", format!("{} at {}", machine.endpointgen, machine.endpointgen_commit)),
            ("progenitor", machine.progenitor.clone()),
            ("run time", format!("{:.0} min", elapsed.as_secs_f64() / 60.0)),
        ];
        for (name, value) in rows {
            self.push(&format!("| {name} | {value} |"));
        }
        self.push("");
        for api in self.apis {
            if let Err(reason) = &api.native {
                self.push(&format!("Note: `{}`: {reason}.", api.name));
                self.push("");
            }
        }
    }

    fn targets(&mut self) {
        self.push("## Targets (issue 7)");
        self.push("");
        self.push(
            "Each cell is the measured ratio and whether it meets the goal; where it misses, by how much the \
             ratio is over the goal.",
        );
        self.push("");
        let apis: Vec<&Api> = self.apis.iter().collect();
        let mut header = "| target | goal |".to_owned();
        let mut rule = "| --- | --- |".to_owned();
        for api in &apis {
            let _ = write!(header, " {} |", api.name);
            rule.push_str(" --- |");
        }
        self.push(&header);
        self.push(&rule);
        let results = self.results;
        let rows: [(&str, f64, &RatioOf<'_>); 7] = [
            ("generation (CLI) / progenitor's CLI", 0.1, &|api| {
                results.ratio(Measure::GenerateCli, &api.name, Tool::Endpointgen, Tool::Progenitor)
            }),
            ("generation (library) / parse floor of its input", 10.0, &|api| {
                let floor = if api.synthetic { Measure::FloorYaml } else { Measure::FloorJson };
                Some(
                    results.median(Measure::GenerateLib, &api.name, Tool::Endpointgen)?
                        / results.median(floor, &api.name, Tool::Floor)?,
                )
            }),
            // The issue's own reference for nexus's floor, "parsing the JSON
            // alone: ~5–7 ms", is the time of a parse into an OpenAPI model,
            // not into a generic tree (about a third of that): both are shown.
            ("generation (library) / the OpenAPI document parsed into `openapiv3` (imported APIs)", 10.0, &|api| {
                if !api.imported() {
                    return None;
                }
                Some(
                    results.median(Measure::GenerateLib, &api.name, Tool::Endpointgen)?
                        / results.median(Measure::StageParseOpenapi, &api.name, Tool::Progenitor)?,
                )
            }),
            ("`cargo check` of the client / progenitor's", 0.4, &|api| {
                results.ratio(Measure::Check, &api.name, Tool::Endpointgen, Tool::Progenitor)
            }),
            ("`cargo check` of the macro crate / progenitor's", 0.4, &|api| {
                results.ratio(Measure::MacroCheck, &api.name, Tool::Endpointgen, Tool::Progenitor)
            }),
            ("`cargo build --release` / progenitor's", 0.5, &|api| {
                results.ratio(Measure::Release, &api.name, Tool::Endpointgen, Tool::Progenitor)
            }),
            ("peak memory of `cargo check` / progenitor's (no goal)", f64::INFINITY, &|api| {
                results.rss_ratio(Measure::Check, &api.name, Tool::Endpointgen, Tool::Progenitor)
            }),
        ];
        for (target, goal, value) in rows {
            let goal_text = if goal.is_finite() { format!("≤ {}", ratio(goal)) } else { "–".to_owned() };
            let mut line = format!("| {target} | {goal_text} |");
            for api in &apis {
                let _ = write!(line, " {} |", verdict(value(api), goal));
            }
            self.push(&line);
        }
        self.push("");

        // Linearity: 5 000 endpoints against 100.
        let sizes: Vec<&Api> = self.apis.iter().filter(|api| api.synthetic).collect();
        let (Some(small), Some(large)) = (
            sizes.iter().find(|api| api.endpoints == 100).or(sizes.first()),
            sizes.iter().rfind(|api| api.endpoints > 100),
        ) else {
            self.push("Growth with the endpoint count: this run has no API larger than 100 endpoints.");
            self.push("");
            return;
        };
        #[allow(clippy::cast_precision_loss, reason = "endpoint counts")]
        let goal = 55.0 * large.endpoints as f64 / 5000.0 * 100.0 / small.endpoints as f64;
        self.push(&format!(
            "Growth from {} to {} endpoints ({}× the endpoints; goal: ≤ {} the cost, which is 55× for 100 → 5 000):",
            small.endpoints,
            large.endpoints,
            large.endpoints / small.endpoints.max(1),
            ratio(goal)
        ));
        self.push("");
        self.push("| measure | endpointgen | progenitor |");
        self.push("| --- | --- | --- |");
        for (name, measure) in [
            ("generation, CLI", Measure::GenerateCli),
            ("generation, library", Measure::GenerateLib),
            ("`cargo check`", Measure::Check),
            ("`cargo check`, macro", Measure::MacroCheck),
            ("`cargo build --release`", Measure::Release),
        ] {
            let growth =
                |tool| Some(results.median(measure, &large.name, tool)? / results.median(measure, &small.name, tool)?);
            self.push(&format!(
                "| {name} | {} | {} |",
                verdict(growth(Tool::Endpointgen), goal),
                or_dash(growth(Tool::Progenitor).map(ratio))
            ));
        }
        self.push("");
    }

    /// A table with a row per API and, per measure, both tools and their ratio.
    fn side_by_side(&mut self, measures: &[(&str, Measure)], with_memory: bool) {
        let mut header = "| API | endpoints |".to_owned();
        let mut rule = "| --- | ---: |".to_owned();
        for (name, _) in measures {
            let _ = write!(header, " {name}: endpointgen | progenitor | ratio |");
            rule.push_str(" ---: | ---: | ---: |");
            if with_memory {
                let _ = write!(header, " CPU ratio | peak RSS: endpointgen | progenitor |");
                rule.push_str(" ---: | ---: | ---: |");
            }
        }
        header.push_str(" runs |");
        rule.push_str(" ---: |");
        self.push(&header);
        self.push(&rule);
        let results = self.results;
        for api in self.apis {
            let mut line = format!("| {} | {} |", api.name, api.endpoints);
            // Per measure, in the order of the columns: "7 / 21" when the
            // CLIs ran 7 times and the libraries 21.
            let mut runs: Vec<usize> = Vec::new();
            for &(_, measure) in measures {
                let cell = |tool| {
                    let stat = results.get(measure, &api.name, tool)?;
                    Some(if measure.is_count() { format!("{:.0}", stat.median()?) } else { seconds(stat.median()?) })
                };
                let _ = write!(
                    line,
                    " {} | {} | {} |",
                    or_dash(cell(Tool::Endpointgen)),
                    or_dash(cell(Tool::Progenitor)),
                    or_dash(results.ratio(measure, &api.name, Tool::Endpointgen, Tool::Progenitor).map(ratio))
                );
                if with_memory {
                    let cpu = results.cpu_ratio(measure, &api.name, Tool::Endpointgen, Tool::Progenitor).map(ratio);
                    let _ = write!(line, " {} |", or_dash(cpu));
                    let memory =
                        |tool| Some(format!("{} MiB", results.get(measure, &api.name, tool)?.median_rss_kib()? / 1024));
                    let _ = write!(
                        line,
                        " {} | {} |",
                        or_dash(memory(Tool::Endpointgen)),
                        or_dash(memory(Tool::Progenitor))
                    );
                }
                let count = results.get(measure, &api.name, Tool::Progenitor).map_or(0, |stat| stat.values.len());
                if !runs.contains(&count) {
                    runs.push(count);
                }
            }
            let runs: Vec<String> = runs.iter().map(usize::to_string).collect();
            let _ = write!(line, " {} |", runs.join(" / "));
            self.push(&line);
        }
        self.push("");
    }

    /// Why the targets that the tables above show missed are missed: what
    /// the stage timings, sizes and profiles (docs/profiling.md) say. No
    /// numbers here: those are in the tables.
    fn misses(&mut self) {
        self.push("### Why a target is missed");
        self.push("");
        for paragraph in [
            "**Generation against progenitor's CLI.** progenitor's CLI spends most of its time in rustfmt. \
             endpointgen's emit writes Rust text, not token trees: its templates (`code!` in \
             `codegen/src/code.rs`) append their fixed tokens, `stringify!`ed at compile time, to one text buffer \
             and one flat list of tokens, and a printer made for the code it emits (`codegen/src/print/`) reads \
             that list back one item at a time and lays it out as rustfmt would (its rules, ported), without \
             running rustfmt. So its time is loading, emitting and printing (the stage table below). On the \
             smallest APIs the start-up of the process is a large part of both tools' time.",
            "**Generation against the parse floor.** The floor is a parse into a generic tree and nothing else. \
             The library also imports (OpenAPI), validates, emits and prints, and its output is several times its \
             input in bytes. Loading keeps every value's location for diagnostics: JSON through a span-keeping \
             reader of endpointgen's own and plain YAML straight from the events of granit-parser (serde-saphyr's \
             parser), with serde-saphyr for anything else; for an OpenAPI document, the import into a spec is most \
             of it. nexus's floor, serde_json's parse of a compact JSON document, is the lowest of all relative to \
             the code made from it, and at a few milliseconds the most easily disturbed, which is why the \
             libraries and floors run three times as often as the CLIs. The macro path does not print: it pays \
             load and emit, and hands the text to the compiler's lexer.",
            "**`cargo check`.** Most of the check time of either tool's client is its types, and most of that is \
             their serde impls. endpointgen's structs get a generated `Deserialize` (a visitor for JSON objects \
             only, several times smaller than serde's derive); `Serialize` and generic envelopes keep the derive. \
             Endpoints that document the same errors share one error enum (one for 190 of nexus's 193 \
             operations). On the smallest APIs cargo's own start-up and the loading of the dependencies' \
             metadata, the same for both tools, are most of the time, which pulls every ratio towards 1×. \
             `groups = [...]` is the lever for a program that uses part of a large API: what is not generated \
             is not checked.",
            "**`cargo build --release`.** Since endpoint methods are `#[inline]`, the client crate's release build \
             is front-end work (as `cargo check`) plus the types' non-generic impls; on small APIs fixed costs \
             dominate, as for `cargo check`.",
            "**Growth from 100 to 5 000 endpoints.** Generation is linear (one pass per stage). The work rustc \
             does to check the client is linear too: under callgrind it runs the same number of instructions per \
             endpoint at 100, 1 000 and 5 000 endpoints ([profiling.md](profiling.md#why-cargo-check-grows-faster-than-the-code)). \
             What grows is the time each instruction takes: rustc keeps the whole crate in memory (over 2 GiB at \
             5 000 endpoints), and the larger that is, the more of its work waits on memory. The same 5 000 \
             endpoints written as five modules of 1 000 check no faster, so it is the crate's size, not its shape; \
             progenitor's client, larger per endpoint, grows faster still. Less code per endpoint is the only lever \
             on this side, and a program that uses part of a large API has `groups = [...]`. On a shared machine \
             this ratio also moves by a tenth from run to run, which is why the largest check is run three times. \
             Generation is the same story on a smaller scale: the same instructions per endpoint at every size, \
             and at 5 000 endpoints a spec tree, IR and code of many megabytes, past every cache; emit keeps a \
             token in 16 bytes and reuses its buffers to stay small.",
            "**Per-request overhead.** `Client::send` builds the `reqwest::Request` straight from the \
             endpoint's parts (`Client::build_request`): the URL is written into one string and parsed once, \
             as the `url::Url` that reqwest sends, and only from the path on, since the base URL's scheme and \
             host were parsed when the client was built. The hand-written code parses its whole URL once, so \
             building the request costs about the same on both sides, and the JSON body and the response are \
             the same serde code. What is left is small against the noise of a shared machine, where these \
             timings move by 10–20 % from run to run; the side-by-side times and the instruction counts, which \
             a busy machine moves less or not at all, are in the same table.",
        ] {
            self.push(paragraph);
            self.push("");
        }
        self.push("See [profiling.md](profiling.md) for how the compile time was taken apart.");
        self.push("");
    }

    fn generation(&mut self) {
        self.push("## Generation time");
        self.push("");
        self.push(
            "The CLIs as processes: `endpointgen generate spec.yaml -o client.rs` (release build; for nexus \
             `endpointgen generate --openapi nexus.json -o client.rs`, which imports and generates in one step) \
             and `cargo progenitor -i api.json -o dir -n name -v 0.1.0` (which formats with rustfmt). The \
             libraries in-process: `endpointgen_codegen::generate` + `format` (its own printer, in rustfmt's \
             layout), from the spec file or for nexus from `Input::openapi`, and progenitor's \
             `Generator::generate_tokens` on the parsed document + prettyplease, in `benches/progenitor-libgen`.",
        );
        self.push("");
        self.side_by_side(&[("CLI", Measure::GenerateCli), ("library", Measure::GenerateLib)], false);
        self.push("![generation time against endpoint count](benchmarks/generation.svg)");
        self.push("");
        self.push(
            "The floor: parsing the input alone into a generic tree, in-process. endpointgen's input is the YAML \
             spec, or for nexus the JSON document itself; progenitor's is always the JSON document. For nexus, \
             the issue's own reference point (\"parsing the JSON alone: ~5–7 ms\", on a machine a little slower \
             than this one) is the time of a parse into an OpenAPI model, progenitor's parse into `openapiv3` in \
             the stage table below, rather than into a generic tree: the targets table holds the library to both.",
        );
        self.push("");
        self.push("| API | OpenAPI JSON → `serde_json::Value` | spec YAML → tree (serde-saphyr) | endpointgen library / floor of its input | progenitor library / JSON floor |");
        self.push("| --- | ---: | ---: | ---: | ---: |");
        let results = self.results;
        for api in self.apis {
            let floor_json = results.median(Measure::FloorJson, &api.name, Tool::Floor);
            let floor_yaml = results.median(Measure::FloorYaml, &api.name, Tool::Floor);
            let ours = results.median(Measure::GenerateLib, &api.name, Tool::Endpointgen);
            let theirs = results.median(Measure::GenerateLib, &api.name, Tool::Progenitor);
            self.push(&format!(
                "| {} | {} | {} | {} | {} |",
                api.name,
                or_dash(floor_json.map(seconds)),
                or_dash(floor_yaml.map(seconds)),
                or_dash(
                    ours.zip(if api.imported() { floor_json } else { floor_yaml })
                        .map(|(ours, floor)| ratio(ours / floor))
                ),
                or_dash(theirs.zip(floor_json).map(|(theirs, floor)| ratio(theirs / floor))),
            ));
        }
        self.push("");
    }

    fn stages(&mut self) {
        self.push("### Where the library's time goes");
        self.push("");
        self.push("| API | endpointgen: load (parse + check) | emit | format | progenitor: parse into `openapiv3` | generate tokens | format |");
        self.push("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        let results = self.results;
        for api in self.apis {
            let cell = |measure, tool| or_dash(results.median(measure, &api.name, tool).map(seconds));
            self.push(&format!(
                "| {} | {} | {} | {} | {} | {} | {} |",
                api.name,
                cell(Measure::StageLoad, Tool::Endpointgen),
                cell(Measure::StageEmit, Tool::Endpointgen),
                cell(Measure::StageFormat, Tool::Endpointgen),
                cell(Measure::StageParseOpenapi, Tool::Progenitor),
                cell(Measure::StageTokens, Tool::Progenitor),
                cell(Measure::StageFormat, Tool::Progenitor),
            ));
        }
        self.push("");
    }

    fn compile(&mut self) {
        self.push("## Compiling the generated client");
        self.push("");
        self.push(
            "The CLI's output as the `src/lib.rs` of a crate of its own (progenitor's: the crate cargo-progenitor \
             wrote, with its `Cargo.toml`), dependencies prebuilt; each run touches `src/lib.rs` and builds with \
             `CARGO_INCREMENTAL=0`. Peak RSS is GNU time's `%M` for the cargo command: the largest process, which \
             is the one rustc. The CPU ratio is of user + system time (GNU time's `%U + %S`), which a busy machine \
             disturbs less than wall time.",
        );
        self.push("");
        self.side_by_side(&[("`cargo check`", Measure::Check)], true);
        self.push("![cargo check time against endpoint count](benchmarks/check.svg)");
        self.push("");
        self.side_by_side(&[("`cargo build --release`", Measure::Release)], true);
        self.push(&format!(
            "APIs above {} endpoints get no release build (`--release-max`): no target needs them, and they take \
             the longest. What is compiled to machine code here is what every user pays, whichever endpoints they \
             send: progenitor's client methods are `async fn`s, whose bodies are compiled only in the crate that \
             awaits them, and endpointgen's endpoint methods are `#[inline]` for the same reason. The code of the \
             endpoints a program sends is compiled in the program's crate, for both tools. See \
             [profiling.md](profiling.md).",
            self.settings.release_max
        ));
        self.push("");
        self.push("![cargo build --release time against endpoint count](benchmarks/release.svg)");
        self.push("");
    }

    fn macro_path(&mut self) {
        self.push("## The macro path");
        self.push("");
        self.push(
            "`cargo check` of a crate whose `src/lib.rs` is the macro call, `endpointgen::generate!(\"api.yaml\")` \
             (for nexus `endpointgen::generate!(openapi = \"api.json\")`) or `progenitor::generate_api!(\"api.json\")`, with the same dependencies prebuilt (proc-macros in \
             the dev profile, as users get them). The expansion's cost is estimated as this time minus the \
             `cargo check` of the same code from a file (above): both compile the same items; the macro has \
             to make them first.",
        );
        self.push("");
        self.side_by_side(&[("`cargo check`, macro", Measure::MacroCheck)], true);
        self.push("| API | expansion ≈ macro − file: endpointgen | progenitor |");
        self.push("| --- | ---: | ---: |");
        let results = self.results;
        for api in self.apis {
            let expansion = |tool| {
                Some(seconds(
                    results.median(Measure::MacroCheck, &api.name, tool)?
                        - results.median(Measure::Check, &api.name, tool)?,
                ))
            };
            self.push(&format!(
                "| {} | {} | {} |",
                api.name,
                or_dash(expansion(Tool::Endpointgen)),
                or_dash(expansion(Tool::Progenitor))
            ));
        }
        self.push("");
    }

    /// The `cargo check` of nexus's client generated with `--mocks` and
    /// with `--server`, against the plain one's of the same runs; with the
    /// run's time and place when it ran alone (`--only options`).
    fn options(&mut self, alone: Option<(&Machine, &str, Duration)>) {
        let results = self.results;
        let measured: Vec<&Api> = self
            .apis
            .iter()
            .filter(|api| crate::crates::has_options(api))
            .filter(|api| results.get(Measure::CheckMocks, &api.name, Tool::Endpointgen).is_some())
            .collect();
        if measured.is_empty() {
            return;
        }
        self.push(OPTIONS);
        self.push("");
        self.push(
            "Issue 20: what typed mocks and a generated server need (`Serialize` for outputs and errors' bodies, \
             `impl Respond` per endpoint; with `server`, `Deserialize` for inputs too) is generated only when asked \
             for: without the options the generated code is byte for byte what it was before them (the golden \
             files of `tests/golden/` check it), so the plain client checks as fast as before. `cargo check` of nexus's client \
             as `endpointgen generate --openapi nexus.json` writes it, plain, with `--mocks` and with `--server`, \
             each a crate of its own in the same workspace (dependencies prebuilt, `CARGO_INCREMENTAL=0`), the \
             three checked in turn in each round; a ratio is the median of the rounds' ratios to the plain \
             client's check, which the tables above also measure.",
        );
        self.push("");
        if let Some((machine, load_after, elapsed)) = alone {
            self.push(&format!(
                "Measured alone (`scripts/bench.sh --only options`, {}) at endpointgen {}, {}, load average \
                 before / after {} / {load_after}; the rest of this page is from its own run.",
                seconds(elapsed.as_secs_f64()),
                machine.endpointgen_commit,
                machine.date,
                machine.load_before,
            ));
            self.push("");
        }
        self.push(
            "| API | endpoints | `cargo check`: plain | `--mocks` | ratio | CPU ratio | `--server` | ratio | CPU ratio \
             | peak RSS: plain | `--mocks` | `--server` | runs |",
        );
        self.push("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for api in measured {
            let time = |measure| results.median(measure, &api.name, Tool::Endpointgen).map(seconds);
            let memory = |measure| {
                Some(format!("{} MiB", results.get(measure, &api.name, Tool::Endpointgen)?.median_rss_kib()? / 1024))
            };
            let mut line = format!("| {} | {} | {} |", api.name, api.endpoints, or_dash(time(Measure::Check)));
            for measure in [Measure::CheckMocks, Measure::CheckServer] {
                let _ = write!(
                    line,
                    " {} | {} | {} |",
                    or_dash(time(measure)),
                    or_dash(results.measure_ratio(measure, Measure::Check, &api.name, Tool::Endpointgen).map(ratio)),
                    or_dash(
                        results.measure_cpu_ratio(measure, Measure::Check, &api.name, Tool::Endpointgen).map(ratio)
                    ),
                );
            }
            let runs =
                results.get(Measure::CheckMocks, &api.name, Tool::Endpointgen).map_or(0, |stat| stat.values.len());
            let _ = write!(
                line,
                " {} | {} | {} | {runs} |",
                or_dash(memory(Measure::Check)),
                or_dash(memory(Measure::CheckMocks)),
                or_dash(memory(Measure::CheckServer)),
            );
            self.push(&line);
        }
        self.push("");
    }

    fn size(&mut self) {
        self.push("## Generated code size");
        self.push("");
        self.push(
            "Formatted, as the CLIs write it (endpointgen: its own printer, in rustfmt's layout; progenitor: rustfmt).",
        );
        self.push("");
        self.push("| API | endpoints | lines: endpointgen | progenitor | ratio | per endpoint: endpointgen | progenitor | bytes: endpointgen | progenitor | ratio |");
        self.push("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        let results = self.results;
        for api in self.apis {
            let value = |measure, tool| results.median(measure, &api.name, tool);
            #[allow(clippy::cast_precision_loss, reason = "endpoint counts")]
            let per_endpoint =
                |tool| value(Measure::Lines, tool).map(|lines| format!("{:.0}", lines / api.endpoints.max(1) as f64));
            let count = |measure, tool| value(measure, tool).map(|count| format!("{count:.0}"));
            let size_ratio =
                |measure| Some(ratio(value(measure, Tool::Endpointgen)? / value(measure, Tool::Progenitor)?));
            self.push(&format!(
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                api.name,
                api.endpoints,
                or_dash(count(Measure::Lines, Tool::Endpointgen)),
                or_dash(count(Measure::Lines, Tool::Progenitor)),
                or_dash(size_ratio(Measure::Lines)),
                or_dash(per_endpoint(Tool::Endpointgen)),
                or_dash(per_endpoint(Tool::Progenitor)),
                or_dash(count(Measure::Bytes, Tool::Endpointgen)),
                or_dash(count(Measure::Bytes, Tool::Progenitor)),
                or_dash(size_ratio(Measure::Bytes)),
            ));
        }
        self.push("");
    }

    fn real_documents(&mut self, machine: &Machine, load_after: &str, elapsed: Duration) {
        let results = self.results;
        let real = self.real;
        self.push(REAL_DOCUMENTS);
        self.push("");
        self.push(&format!(
            "The public documents of `{}/` (see its README), as published, each given as it is to both CLIs: \
             `endpointgen generate --openapi DOC -o client.rs` and `cargo progenitor -i DOC -o dir -n name -v \
             0.1.0`; then `cargo check` of each client written, as above (the CLI's output as a crate's \
             `src/lib.rs`, dependencies prebuilt, `CARGO_INCREMENTAL=0`). endpointgen leaves out, with a warning, \
             the operations it cannot generate: the table gives the document's count and its client's. \
             cargo-progenitor reads a document into `openapiv3`'s OpenAPI 3.0 model, as JSON and, when that \
             fails, as YAML, and refuses one it cannot read with the YAML reader's error.",
            crate::real::DIR
        ));
        self.push("");
        self.push(&format!(
            "Measured at endpointgen {}, {}, load average before / after {} / {load_after}{}. To run this part \
             alone, which replaces this section and keeps the rest: `scripts/bench.sh --only real`.",
            machine.endpointgen_commit,
            machine.date,
            machine.load_before,
            if self.settings.only_real {
                format!(" (`--only real`, {:.0} min)", elapsed.as_secs_f64() / 60.0)
            } else {
                String::new()
            },
        ));
        self.push("");
        self.push(
            "| document | operations: in the document | in endpointgen's client | generation: endpointgen | \
             progenitor | ratio | lines: endpointgen | progenitor | `cargo check`: endpointgen | progenitor | ratio | \
             CPU ratio | peak RSS: endpointgen | progenitor | runs |",
        );
        self.push(
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        );
        for api in real {
            let stops =
                |tool| results.failure(&api.name, tool).filter(|failure| failure.outcome != Outcome::DoesNotCompile);
            let fails = |tool| results.failure(&api.name, tool);
            let generation = |tool| {
                let time = or_dash(results.median(Measure::GenerateCli, &api.name, tool).map(seconds));
                stops(tool).map_or_else(|| time.clone(), |failure| format!("{} ({time})", failure.outcome))
            };
            // A ratio to a generator's time to fail is in parentheses.
            let generation_ratio =
                results.ratio(Measure::GenerateCli, &api.name, Tool::Endpointgen, Tool::Progenitor).map(|value| {
                    if stops(Tool::Endpointgen).is_some() || stops(Tool::Progenitor).is_some() {
                        format!("({})", ratio(value))
                    } else {
                        ratio(value)
                    }
                });
            let check = |tool| match fails(tool) {
                Some(failure) if failure.outcome == Outcome::DoesNotCompile => failure.outcome.to_string(),
                _ => or_dash(results.median(Measure::Check, &api.name, tool).map(seconds)),
            };
            let both_check = fails(Tool::Endpointgen).is_none() && fails(Tool::Progenitor).is_none();
            let check_ratio = |value: Option<f64>| or_dash(value.filter(|_| both_check).map(ratio));
            let count =
                |measure, tool| or_dash(results.median(measure, &api.name, tool).map(|count| format!("{count:.0}")));
            let memory = |tool| {
                let kib = results.get(Measure::Check, &api.name, tool).and_then(Stat::median_rss_kib);
                or_dash(kib.map(|kib| format!("{} MiB", kib / 1024)))
            };
            let runs = |measure| {
                [Tool::Endpointgen, Tool::Progenitor]
                    .iter()
                    .filter_map(|&tool| results.get(measure, &api.name, tool).map(|stat| stat.values.len()))
                    .max()
                    .unwrap_or(0)
            };
            self.push(&format!(
                "| `{}` | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} / {} |",
                file_name(api),
                api.endpoints,
                count(Measure::Operations, Tool::Endpointgen),
                generation(Tool::Endpointgen),
                generation(Tool::Progenitor),
                or_dash(generation_ratio),
                count(Measure::Lines, Tool::Endpointgen),
                count(Measure::Lines, Tool::Progenitor),
                check(Tool::Endpointgen),
                check(Tool::Progenitor),
                check_ratio(results.ratio(Measure::Check, &api.name, Tool::Endpointgen, Tool::Progenitor)),
                check_ratio(results.cpu_ratio(Measure::Check, &api.name, Tool::Endpointgen, Tool::Progenitor)),
                memory(Tool::Endpointgen),
                memory(Tool::Progenitor),
                runs(Measure::GenerateCli),
                runs(Measure::Check),
            ));
        }
        self.push("");
        self.push(
            "Where a CLI writes no client, its generation cell says what it does instead, after how long; the \
             ratio in parentheses is of endpointgen's whole generation to that time, and no target is judged on \
             it. Runs: of each generation / of each `cargo check`; figures are medians, and each ratio is the \
             median of the ratios of runs side by side. A client that does not compile is checked once.",
        );
        self.push("");
        self.real_targets();
        self.push("What each tool does with each document:");
        self.push("");
        for api in real {
            let mut line = format!("- `{}`:", file_name(api));
            for tool in [Tool::Endpointgen, Tool::Progenitor] {
                let lines = results.median(Measure::Lines, &api.name, tool).unwrap_or(0.0);
                let operations = if tool == Tool::Endpointgen {
                    let generated = results.median(Measure::Operations, &api.name, tool).unwrap_or(0.0);
                    #[allow(clippy::cast_precision_loss, reason = "operation counts")]
                    let left_out =
                        if generated < api.endpoints as f64 { ", the others left out with a warning" } else { "" };
                    format!(" ({generated:.0} of its {} operations{left_out})", api.endpoints)
                } else {
                    String::new()
                };
                let what = match results.failure(&api.name, tool) {
                    Some(Failure { outcome: Outcome::DoesNotCompile, first_error }) => format!(
                        "writes a client of {lines:.0} lines{operations}, which does not compile: {}",
                        code_span(first_error)
                    ),
                    Some(Failure { outcome, first_error }) => format!("{outcome}: {}", code_span(first_error)),
                    None => format!("writes a client of {lines:.0} lines{operations}, which compiles"),
                };
                let _ = write!(line, " {tool} {what}{}", if tool == Tool::Endpointgen { ";" } else { "." });
            }
            self.push(&line);
        }
        self.push("");
    }

    /// The targets of issue 16 on the real documents, per document and in
    /// words: met, missed, or not judged and why.
    fn real_targets(&mut self) {
        let results = self.results;
        let real = self.real;
        let mut header = "| target | goal |".to_owned();
        let mut rule = "| --- | --- |".to_owned();
        for api in real {
            let _ = write!(header, " `{}` |", file_name(api));
            rule.push_str(" --- |");
        }
        self.push(&header);
        self.push(&rule);
        let mut stands: Vec<String> = Vec::new();
        for (target, measure, goal) in [
            ("Generation (CLI) / progenitor's CLI", Measure::GenerateCli, 0.1),
            ("`cargo check` of the client / progenitor's", Measure::Check, 0.4),
        ] {
            let mut line = format!("| {target} | ≤ {} |", ratio(goal));
            let (mut met, mut missed, mut not_judged, mut to_failure) =
                (Vec::new(), Vec::new(), Vec::new(), Vec::new());
            for api in real {
                let name = format!("`{}`", file_name(api));
                let value = results.ratio(measure, &api.name, Tool::Endpointgen, Tool::Progenitor);
                // Which tool writes no client to judge (for `cargo check`: no
                // client that compiles).
                let stopped = [Tool::Endpointgen, Tool::Progenitor].into_iter().find_map(|tool| {
                    let failure = results.failure(&api.name, tool)?;
                    (measure == Measure::Check || failure.outcome != Outcome::DoesNotCompile)
                        .then(|| format!("{tool} {}", failure.outcome))
                });
                let cell = match (stopped, value) {
                    (Some(why), _) => {
                        if measure == Measure::GenerateCli
                            && let Some(value) = value
                        {
                            to_failure.push(format!("{} ({name})", ratio(value)));
                        }
                        not_judged.push(format!("{name} ({why})"));
                        format!("– ({why})")
                    }
                    (None, Some(value)) if value <= goal => {
                        met.push(name);
                        verdict(Some(value), goal)
                    }
                    (None, Some(value)) => {
                        missed.push(format!("{name} ({}, {} over)", ratio(value), ratio(value / goal)));
                        verdict(Some(value), goal)
                    }
                    (None, None) => {
                        not_judged.push(format!("{name} (not measured)"));
                        "–".to_owned()
                    }
                };
                let _ = write!(line, " {cell} |");
            }
            self.push(&line);
            let mut parts = Vec::new();
            if !met.is_empty() {
                parts.push(format!("met on {}", listed(&met)));
            }
            if !missed.is_empty() {
                parts.push(format!("**missed** on {}", listed(&missed)));
            }
            if !not_judged.is_empty() {
                let all = if not_judged.len() == real.len() { "any of the documents: " } else { "" };
                parts.push(format!(
                    "not judged on {all}{}, which leaves no client to compare with",
                    listed(&not_judged)
                ));
            }
            let mut sentence = format!("- {target} ≤ {}: {}.", ratio(goal), parts.join("; "));
            if !to_failure.is_empty() {
                let _ = write!(
                    sentence,
                    " For scale only: endpointgen's whole generation takes {} of the time progenitor runs before it stops.",
                    listed(&to_failure)
                );
            }
            stands.push(sentence);
        }
        self.push("");
        self.push("**Where the targets stand.**");
        self.push("");
        for sentence in stands {
            self.push(&sentence);
        }
        self.push("");
    }

    fn requests(&mut self) {
        self.push("## Per-request overhead");
        self.push("");
        self.push(
            "criterion (`benches/benches/request.rs`), per call, no network: build the `reqwest::Request` \
             (URL, query, headers, JSON body) and decode a canned response, through the generated endpoint \
             (`Client::build_request` + `Endpoint::decode`, the functions `Client::send` runs) and through \
             hand-written reqwest + serde code for the same request. Neither side sends; `send`'s work around \
             each attempt (a tracing span, hooks, a copy of the request when a retry may follow) is not in \
             these figures. progenitor is not in this table: its generated methods build and send in one \
             step, so a request cannot be built without a transport.",
        );
        self.push("");
        self.push(
            "Times move with what else a shared machine is doing, by 10–20 % from run to run, and criterion \
             times one side for seconds and then the other, so its ratio can swing either way. So each call is \
             also timed side by side: processes of the bench's executable that make the call 100 000 times, the \
             generated and the hand-written one in turn, each less a run that only sets up, and the ratio is the \
             median of the pairs' ratios, as for generation. And it is counted in instructions under callgrind \
             (`valgrind --tool=callgrind`: 2 000 calls, less a run that only sets up), which a busy machine does \
             not move. The goal is judged on the side-by-side times and the instructions; criterion's times are \
             shown as measured.",
        );
        self.push("");
        self.push(
            "| request | criterion: endpointgen | hand-written reqwest | ratio | side by side: endpointgen | \
             hand-written reqwest | ratio | instructions: endpointgen | hand-written reqwest | ratio | goal |",
        );
        self.push("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        let results = self.results;
        for RequestGroup { title, criterion, side_by_side, instructions, .. } in REQUEST_GROUPS {
            let mut line = format!("| {title} |");
            let count = |count: f64| format!("{count:.0}");
            // criterion's ratio is shown, not judged.
            for (measure, shown, judged) in [
                (criterion, seconds as fn(f64) -> String, false),
                (side_by_side, seconds, true),
                (instructions, count, true),
            ] {
                let ours = results.median(measure, "request", Tool::Endpointgen);
                let theirs = results.median(measure, "request", Tool::Reqwest);
                let paired = results.ratio(measure, "request", Tool::Endpointgen, Tool::Reqwest);
                let _ = write!(
                    line,
                    " {} | {} | {} |",
                    or_dash(ours.map(shown)),
                    or_dash(theirs.map(shown)),
                    if judged { verdict(paired, 1.1) } else { or_dash(paired.map(ratio)) }
                );
            }
            line.push_str(" ≤ 1.10× |");
            self.push(&line);
        }
        self.push("");
    }

    fn method(&mut self) {
        self.push("## How it is measured");
        self.push("");
        for line in [
            "- **The APIs.** `synth N` writes the same API twice: resources of five endpoints each (get, list, \
             create, update, delete) with path and query parameters, JSON bodies, a response struct of nine fields \
             (integers, floats, strings, booleans, a list, an enum, a nested optional struct) and one documented \
             error per endpoint with a JSON body; ten endpoints a group (a module, or an OpenAPI tag). nexus is \
             Oxide's real API, which progenitor reads directly. The real documents are the public documents of \
             `api-spec/openapi/real/`, as published, which both tools read directly.",
            "- **Runs.** Processes are timed by the harness's clock; peak memory by GNU time (`/usr/bin/time -f %M`). \
             In-process timings use `Instant`. The two tools alternate run by run.",
            "- **Compile times** are for the generated crate alone: its dependencies were built before, untimed, in \
             a target folder per tool (`target/bench-work/target-*`). They include cargo's own start-up (a few \
             hundred milliseconds), as a user's rebuild does.",
            "- **The macro's cost** in a downstream crate is the macro crate's `cargo check` minus the file crate's. \
             The difference holds the proc-macro's run (unoptimized, as cargo builds proc-macros in the dev \
             profile) and nothing else, since both crates compile the same items.",
            "- **The real documents** get the CLIs' generation and the file crate's `cargo check` only, in \
             workspaces of their own (`target/bench-work/crates/*-checked`) that share the other crates' target \
             folders. A generator that fails on a document (refuses or panics) is timed to its failure in every \
             run; a client that `cargo check` rejects is checked once. A tool's first error is taken from its \
             output: a panic's message, or the first line that starts with `error` (rustc's with its location), \
             or cargo-progenitor's `gen fail`.",
            "- **This part alone**: `scripts/bench.sh --only real` (`bench-harness --only real`) measures the real \
             documents only (no request bench, no progenitor library) and replaces the \"Real documents\" and \
             \"How it is measured\" sections of `docs/benchmarks.md`, keeping the rest as the last full run wrote \
             it; the section gives the commit and date it was measured at.",
            "- **Every run** is in `target/bench-work/results.json` (with `--only real`, \
             `target/bench-work/results-real.json`); commands' output in `target/bench-work/logs/`.",
        ] {
            self.push(line);
        }
        self.push("");
    }
}

/// A ratio measured for one API.
type RatioOf<'a> = dyn Fn(&Api) -> Option<f64> + 'a;

/// A real document's file name, as the report shows it.
fn file_name(api: &Api) -> String {
    api.openapi.file_name().map_or_else(|| api.name.clone(), |name| name.to_string_lossy().into_owned())
}

/// `a`, `a and b`, `a, b and c`.
fn listed(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Text as Markdown code, whatever backticks it holds.
fn code_span(text: &str) -> String {
    format!("`` {} ``", text.replace("``", "` `"))
}

/// `0.25× ✅` or `0.80× ❌ 2.0× over`.
fn verdict(value: Option<f64>, goal: f64) -> String {
    match value {
        None => "–".to_owned(),
        Some(value) if !goal.is_finite() => ratio(value),
        Some(value) if value <= goal => format!("{} ✅", ratio(value)),
        Some(value) => format!("{} ❌ {} over", ratio(value), ratio(value / goal)),
    }
}

fn report_plots(settings: &Settings, apis: &[Api], results: &Results) -> std::io::Result<()> {
    const OURS: &str = "#1f77b4";
    const THEIRS: &str = "#d62728";
    let dir = settings.out.with_extension("");
    std::fs::create_dir_all(&dir)?;
    let synthetic: Vec<&Api> = apis.iter().filter(|api| api.synthetic).collect();
    #[allow(clippy::cast_precision_loss, reason = "endpoint counts")]
    let series = |label: &str, measure: Measure, tool: Tool, color: &'static str, dashed: bool| Series {
        label: label.to_owned(),
        points: synthetic
            .iter()
            .filter_map(|api| Some((api.endpoints as f64, results.median(measure, &api.name, tool)?)))
            .collect(),
        color,
        dashed,
    };
    let plots = [
        (
            "generation.svg",
            "Generation time (synthetic APIs)",
            vec![
                series("endpointgen CLI", Measure::GenerateCli, Tool::Endpointgen, OURS, false),
                series("endpointgen library", Measure::GenerateLib, Tool::Endpointgen, OURS, true),
                series("progenitor CLI", Measure::GenerateCli, Tool::Progenitor, THEIRS, false),
                series("progenitor library", Measure::GenerateLib, Tool::Progenitor, THEIRS, true),
            ],
        ),
        (
            "check.svg",
            "cargo check of the generated client",
            vec![
                series("endpointgen, file", Measure::Check, Tool::Endpointgen, OURS, false),
                series("endpointgen, macro", Measure::MacroCheck, Tool::Endpointgen, OURS, true),
                series("progenitor, file", Measure::Check, Tool::Progenitor, THEIRS, false),
                series("progenitor, macro", Measure::MacroCheck, Tool::Progenitor, THEIRS, true),
            ],
        ),
        (
            "release.svg",
            "cargo build --release of the generated client",
            vec![
                series("endpointgen", Measure::Release, Tool::Endpointgen, OURS, false),
                series("progenitor", Measure::Release, Tool::Progenitor, THEIRS, false),
            ],
        ),
    ];
    for (file, title, series) in plots {
        std::fs::write(dir.join(file), time_chart(title, &series))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::replace_section;

    #[test]
    fn a_section_is_replaced_or_added() {
        let section = "## Real documents\n\nnew real\n\n";
        let without = "# Title\n\n## A\n\na\n\n## B\n\nb\n";
        // (report, heading to add it before, what it becomes)
        let cases = [
            (
                "# Title\n\n## A\n\nold a\n\n## Real documents\n\nold real\n\n## B\n\nb\n",
                "## B",
                "# Title\n\n## A\n\nold a\n\n## Real documents\n\nnew real\n\n## B\n\nb\n",
            ),
            // Without one, before the heading given, or at the end.
            (without, "## B", "# Title\n\n## A\n\na\n\n## Real documents\n\nnew real\n\n## B\n\nb\n"),
            (without, "## C", "# Title\n\n## A\n\na\n\n## B\n\nb\n\n## Real documents\n\nnew real\n\n"),
            // The last section runs to the end; a heading's prefix is not it.
            (
                "# T\n\n## Real documents table\n\nx\n\n## Real documents\n\nold\n",
                "",
                "# T\n\n## Real documents table\n\nx\n\n## Real documents\n\nnew real\n\n",
            ),
        ];
        for (report, before, expected) in cases {
            assert_eq!(replace_section(report, "## Real documents", section, before), expected, "{report:?}");
        }
    }
}
