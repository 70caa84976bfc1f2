//! `bench-harness`: measures endpointgen and progenitor side by side, in one
//! run, and writes `docs/benchmarks.md` with SVG plots beside it.
//!
//! `scripts/bench.sh` installs progenitor's CLI, builds what this needs and
//! runs it; run it directly only to repeat a part. Every figure is a median
//! of several runs; runs of the two tools alternate, so that a change in the
//! machine's load hits both, and each ratio is the median of the ratios of
//! the runs taken side by side.

mod crates;
mod generation;
mod real;
mod report;
mod results;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use endpointgen_benches::synth;

use crate::results::Results;

/// What the harness was asked to do, from the command line.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    /// Fewer sizes and runs: a few minutes instead of three quarters of an hour.
    pub(crate) quick: bool,
    /// Only the real documents (`--only real`): their section of the
    /// report (and "How it is measured") is replaced, the rest kept.
    pub(crate) only_real: bool,
    /// Only the generation options on nexus (`--only options`): the
    /// `cargo check` of its client plain, with `--mocks` and with
    /// `--server`; their section of the report is replaced, the rest kept.
    pub(crate) only_options: bool,
    /// The workspace root.
    pub(crate) repo: PathBuf,
    /// Where specs, generated crates and their target folders go.
    pub(crate) work: PathBuf,
    /// The release build of `endpointgen`.
    pub(crate) endpointgen: PathBuf,
    /// `cargo-progenitor`, installed at the pinned version.
    pub(crate) cargo_progenitor: PathBuf,
    /// The progenitor library runner (benches/progenitor-libgen).
    pub(crate) progenitor_libgen: PathBuf,
    /// progenitor's version, as installed.
    pub(crate) progenitor_version: String,
    /// Oxide's nexus.json, when there is one.
    pub(crate) nexus: Option<PathBuf>,
    /// The report to write; the SVG plots go beside it.
    pub(crate) out: PathBuf,
    /// The criterion results of the request bench, when it ran.
    pub(crate) criterion: Option<PathBuf>,
    /// The request bench's executable, whose calls are counted in
    /// instructions under callgrind (when valgrind is installed).
    pub(crate) request_bench: Option<PathBuf>,
    /// The command that reproduces the run, for the report.
    pub(crate) command: String,
    /// Endpoint counts of the synthetic APIs.
    pub(crate) sizes: Vec<usize>,
    /// The largest API that gets `cargo build --release` runs.
    pub(crate) release_max: usize,
}

impl Settings {
    /// Runs of each generation (fast, so many).
    pub(crate) fn generation_runs(&self, endpoints: usize) -> usize {
        match (self.quick, endpoints) {
            (true, _) => 3,
            (false, ..=1000) => 7,
            (false, _) => 5,
        }
    }

    /// Runs of each in-process generation (both libraries) and parse
    /// floor. Three times the CLIs' below 5 000 endpoints: a floor takes a
    /// few milliseconds, and a median of seven of those moved by half
    /// between runs on a shared machine.
    pub(crate) fn library_runs(&self, endpoints: usize) -> usize {
        match (self.quick, endpoints) {
            (false, ..=1000) => 21,
            _ => 5,
        }
    }

    /// Runs of each `cargo check`. Three at least, so that a median leaves
    /// out one disturbed run: the 5 000-endpoint check is the numerator of
    /// the growth target, and one run of it moved that ratio by a tenth.
    pub(crate) fn check_runs(&self, endpoints: usize) -> usize {
        match (self.quick, endpoints) {
            (true, _) => 2,
            (false, ..=200) => 5,
            (false, _) => 3,
        }
    }

    /// Runs of each `cargo build --release`; none above `release_max`
    /// endpoints (no target needs them, and they take the longest).
    pub(crate) fn release_runs(&self, endpoints: usize) -> usize {
        match (self.quick, endpoints) {
            (_, endpoints) if endpoints > self.release_max => 0,
            (true, _) | (false, 201..) => 1,
            (false, _) => 3,
        }
    }
}

/// One API that both tools generate a client for.
#[derive(Debug, Clone)]
pub(crate) struct Api {
    /// `synth_100`, `nexus`: also the generated crates' names.
    pub(crate) name: String,
    /// Its endpoint (operation) count.
    pub(crate) endpoints: usize,
    /// Whether it is a synthetic API (plotted against its size).
    pub(crate) synthetic: bool,
    /// The OpenAPI document progenitor reads.
    pub(crate) openapi: PathBuf,
    /// What endpointgen reads, or why it cannot: a synthetic API's native
    /// spec, or for a real API the OpenAPI document itself, through the
    /// import (`Config::openapi`, `generate!(openapi = …)`).
    pub(crate) native: Result<PathBuf, String>,
}

impl Api {
    /// Whether endpointgen reads this API as an OpenAPI document.
    pub(crate) fn imported(&self) -> bool {
        !self.synthetic
    }
}

fn main() -> ExitCode {
    let settings = match parse_args() {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("bench-harness: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&settings) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("bench-harness: {error}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str = "usage: bench-harness --endpointgen BIN --cargo-progenitor BIN --progenitor-libgen BIN \
--progenitor-version V --work DIR --out FILE [--nexus FILE] [--criterion DIR] [--request-bench BIN] [--sizes 10,100] [--quick] \
[--release-max ENDPOINTS] [--command TEXT] [--only real|options]";

fn parse_args() -> Result<Settings, String> {
    let mut args = std::env::args().skip(1);
    let repo = std::env::current_dir().map_err(|error| error.to_string())?;
    let mut settings = Settings {
        quick: false,
        only_real: false,
        only_options: false,
        repo: repo.clone(),
        work: repo.join("target/bench-work"),
        endpointgen: repo.join("target/release/endpointgen"),
        cargo_progenitor: PathBuf::new(),
        progenitor_libgen: PathBuf::new(),
        progenitor_version: String::new(),
        nexus: None,
        out: repo.join("docs/benchmarks.md"),
        criterion: None,
        request_bench: None,
        command: "scripts/bench.sh".to_owned(),
        sizes: Vec::new(),
        release_max: 1000,
    };
    let mut sizes = None;
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("`{arg}` needs a value"));
        match arg.as_str() {
            "--quick" => settings.quick = true,
            "--only" => match value()?.as_str() {
                "real" => settings.only_real = true,
                "options" => settings.only_options = true,
                part => return Err(format!("`--only {part}`: the parts that run alone are `real` and `options`")),
            },
            "--endpointgen" => settings.endpointgen = value()?.into(),
            "--cargo-progenitor" => settings.cargo_progenitor = value()?.into(),
            "--progenitor-libgen" => settings.progenitor_libgen = value()?.into(),
            "--progenitor-version" => settings.progenitor_version = value()?,
            "--work" => settings.work = value()?.into(),
            "--out" => settings.out = value()?.into(),
            "--nexus" => settings.nexus = Some(value()?.into()),
            "--criterion" => settings.criterion = Some(value()?.into()),
            "--request-bench" => settings.request_bench = Some(value()?.into()),
            "--command" => settings.command = value()?,
            "--release-max" => {
                let text = value()?;
                settings.release_max =
                    text.parse().map_err(|_| format!("`--release-max {text}`: a number of endpoints"))?;
            }
            "--sizes" => {
                let list = value()?;
                let parsed: Result<Vec<usize>, _> = list.split(',').map(str::parse).collect();
                sizes = Some(parsed.map_err(|_| format!("`--sizes {list}`: a comma-separated list of counts"))?);
            }
            _ => return Err(format!("unknown argument `{arg}`")),
        }
    }
    if settings.cargo_progenitor.as_os_str().is_empty() && !settings.only_options {
        return Err("--cargo-progenitor is required".to_owned());
    }
    if settings.progenitor_libgen.as_os_str().is_empty() && !settings.only_real && !settings.only_options {
        return Err("--progenitor-libgen is required (but with `--only real` or `--only options`)".to_owned());
    }
    if settings.only_options && settings.nexus.is_none() {
        return Err("`--only options` measures nexus: give `--nexus FILE`".to_owned());
    }
    // Commands run in other folders (the generated crates'), so every path is
    // made absolute.
    for path in [
        &mut settings.work,
        &mut settings.endpointgen,
        &mut settings.cargo_progenitor,
        &mut settings.progenitor_libgen,
        &mut settings.out,
    ]
    .into_iter()
    .chain(settings.nexus.as_mut())
    .chain(settings.criterion.as_mut())
    .chain(settings.request_bench.as_mut())
    {
        *path = repo.join(&*path);
    }
    settings.sizes = sizes.unwrap_or_else(|| if settings.quick { vec![10, 100] } else { vec![10, 100, 1000, 5000] });
    Ok(settings)
}

fn run(settings: &Settings) -> Result<(), Box<dyn std::error::Error>> {
    let started = std::time::Instant::now();
    std::fs::create_dir_all(&settings.work)?;
    let machine = report::Machine::now(settings);
    let real = real::apis(settings)?;
    let mut results = Results::default();
    if settings.only_real {
        real::measure(settings, &real, &mut results)?;
        report::write_real(settings, &machine, &report::load_average(), &real, &results, started.elapsed())?;
        std::fs::write(settings.work.join("results-real.json"), results.to_json())?;
        println!("updated {} in {:.0} s", settings.out.display(), started.elapsed().as_secs_f64());
        return Ok(());
    }
    if settings.only_options {
        // nexus alone, its plain client written untimed.
        let apis: Vec<Api> = apis(settings)?.into_iter().filter(crates::has_options).collect();
        std::fs::create_dir_all(settings.work.join("logs"))?;
        std::fs::create_dir_all(settings.work.join("generated/endpointgen"))?;
        for api in &apis {
            if let Ok(native) = &api.native {
                let log = generation::cli_log(settings, api, results::Tool::Endpointgen);
                endpointgen_benches::measure::run(&generation::endpointgen_cli(settings, api, native), &log)?;
            }
        }
        crates::measure_options(settings, &apis, &mut results)?;
        report::write_options(settings, &machine, &report::load_average(), &apis, &results, started.elapsed())?;
        std::fs::write(settings.work.join("results-options.json"), results.to_json())?;
        println!("updated {} in {:.0} s", settings.out.display(), started.elapsed().as_secs_f64());
        return Ok(());
    }
    let apis = apis(settings)?;

    for api in &apis {
        println!("== {} ({} endpoints)", api.name, api.endpoints);
        generation::measure(settings, api, &mut results)?;
    }
    crates::measure(settings, &apis, &mut results)?;
    real::measure(settings, &real, &mut results)?;
    if let Some(dir) = &settings.criterion {
        results.read_criterion(dir);
    }
    if let Some(bench) = &settings.request_bench {
        println!("== requests: instructions per call (callgrind)");
        results.count_request_instructions(bench);
        println!("== requests: time per call, side by side");
        results.time_requests_side_by_side(bench, if settings.quick { 3 } else { 11 });
    }

    let load_after = report::load_average();
    report::write(settings, &machine, &load_after, &apis, &real, &results, started.elapsed())?;
    std::fs::write(settings.work.join("results.json"), results.to_json())?;
    println!("wrote {} in {:.0} s", settings.out.display(), started.elapsed().as_secs_f64());
    Ok(())
}

/// The synthetic APIs, written for this run, and nexus.
fn apis(settings: &Settings) -> Result<Vec<Api>, Box<dyn std::error::Error>> {
    let specs = settings.work.join("specs");
    std::fs::create_dir_all(&specs)?;
    let mut apis = Vec::new();
    for &endpoints in &settings.sizes {
        let name = synth::api_name(endpoints);
        let native = specs.join(format!("{name}.yaml"));
        let openapi = specs.join(format!("{name}.json"));
        write_if_changed(&native, &synth::native_spec(endpoints))?;
        write_if_changed(&openapi, &synth::openapi(endpoints))?;
        apis.push(Api { name, endpoints, synthetic: true, openapi, native: Ok(native) });
    }
    if let Some(nexus) = &settings.nexus {
        let text = std::fs::read_to_string(nexus)?;
        let endpoints = operation_count(&serde_json::from_str(&text)?);
        let openapi = specs.join("nexus.json");
        write_if_changed(&openapi, &text)?;
        let native = generation::import_openapi(settings, &openapi, &specs.join("nexus.yaml")).map(|_| openapi.clone());
        apis.push(Api { name: "nexus".to_owned(), endpoints, synthetic: false, openapi, native });
    }
    Ok(apis)
}

/// The operations of an OpenAPI document: the methods of its path items.
pub(crate) fn operation_count(document: &serde_json::Value) -> usize {
    const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    let methods = |path_item: &serde_json::Map<String, serde_json::Value>| {
        path_item.keys().filter(|key| METHODS.contains(&key.as_str())).count()
    };
    document["paths"]
        .as_object()
        .map_or(0, |paths| paths.values().filter_map(serde_json::Value::as_object).map(methods).sum())
}

/// Writes a file only when its content changed, so that cargo does not
/// rebuild what did not change.
pub(crate) fn write_if_changed(path: &Path, content: &str) -> std::io::Result<()> {
    if std::fs::read_to_string(path).is_ok_and(|existing| existing == content) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, content)
}
