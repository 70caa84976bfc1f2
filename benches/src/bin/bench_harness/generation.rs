//! Generation: both CLIs as processes, both libraries in-process, the
//! parse floors, and the size of what they generate.

use std::path::{Path, PathBuf};
use std::process::Command;

use endpointgen_benches::measure::{self, time_in_process};
use endpointgen_codegen::{Input, Options};

use crate::results::{Measure, Results, Tool};
use crate::{Api, Settings};

/// Where each tool's CLI writes an API's client: endpointgen a file,
/// progenitor a crate.
pub(crate) fn endpointgen_output(settings: &Settings, api: &Api) -> PathBuf {
    settings.work.join("generated/endpointgen").join(format!("{}.rs", api.name))
}

pub(crate) fn progenitor_output(settings: &Settings, api: &Api) -> PathBuf {
    settings.work.join("generated/progenitor").join(&api.name)
}

/// The progenitor crate's package name, also used in its workspace.
pub(crate) fn crate_name(api: &Api, variant: &str) -> String {
    format!("{}_{variant}", api.name)
}

/// `endpointgen generate`, writing [`endpointgen_output`]. An OpenAPI
/// document goes through the import in the same process, as a build
/// script's `Config::openapi` does.
pub(crate) fn endpointgen_cli(settings: &Settings, api: &Api, native: &Path) -> Command {
    let mut generate = Command::new(&settings.endpointgen);
    as_users_run_it(&mut generate);
    generate.arg("generate");
    if api.imported() {
        generate.arg("--openapi");
    }
    generate.arg(native).arg("-o").arg(endpointgen_output(settings, api));
    generate
}

/// `cargo progenitor`, writing the crate [`progenitor_output`].
pub(crate) fn progenitor_cli(settings: &Settings, api: &Api) -> Command {
    let mut progenitor = Command::new(&settings.cargo_progenitor);
    as_users_run_it(&mut progenitor);
    progenitor
        .arg("progenitor")
        .arg("-i")
        .arg(&api.openapi)
        .arg("-o")
        .arg(progenitor_output(settings, api))
        .arg("-n")
        .arg(crate_name(api, "file"))
        .arg("-v")
        .arg("0.1.0");
    progenitor
}

/// Without the backtraces a developer's environment may ask for: a panic
/// or an error (anyhow's) that captures one takes longer to fail.
fn as_users_run_it(command: &mut Command) {
    command.env_remove("RUST_BACKTRACE").env_remove("RUST_LIB_BACKTRACE");
}

/// Where the output of a tool's CLI on an API goes.
pub(crate) fn cli_log(settings: &Settings, api: &Api, tool: Tool) -> PathBuf {
    settings.work.join("logs").join(format!("generate-{tool}-{}.log", api.name))
}

pub(crate) fn measure(settings: &Settings, api: &Api, results: &mut Results) -> Result<(), Box<dyn std::error::Error>> {
    let runs = settings.generation_runs(api.endpoints);
    let logs = settings.work.join("logs");
    std::fs::create_dir_all(&logs)?;
    let endpointgen_out = endpointgen_output(settings, api);
    std::fs::create_dir_all(endpointgen_out.parent().unwrap_or(Path::new(".")))?;
    let progenitor_out = progenitor_output(settings, api);
    if let Err(reason) = &api.native {
        println!("   endpointgen: skipped, {reason}");
    }

    // 1. The CLIs, as a user runs them, alternating.
    for _ in 0..runs {
        if let Ok(native) = &api.native {
            let run =
                measure::run(&endpointgen_cli(settings, api, native), &cli_log(settings, api, Tool::Endpointgen))?;
            results.record(Measure::GenerateCli, &api.name, Tool::Endpointgen, run);
        }
        let run = measure::run(&progenitor_cli(settings, api), &cli_log(settings, api, Tool::Progenitor))?;
        results.record(Measure::GenerateCli, &api.name, Tool::Progenitor, run);
    }
    print_medians(results, Measure::GenerateCli, api);

    // 4. The size of what they wrote.
    if api.native.is_ok() {
        record_size(results, api, Tool::Endpointgen, &std::fs::read_to_string(&endpointgen_out)?);
    }
    record_size(results, api, Tool::Progenitor, &std::fs::read_to_string(progenitor_out.join("src/lib.rs"))?);

    // 1b. The libraries in-process, stage by stage.
    let library_runs = settings.library_runs(api.endpoints);
    if let Ok(native) = &api.native {
        endpointgen_library(api, native, library_runs, results)?;
    }
    progenitor_library(settings, api, library_runs, &logs, results)?;
    print_medians(results, Measure::GenerateLib, api);

    // 6. The floors: parsing the input alone, into a generic tree.
    let json = std::fs::read_to_string(&api.openapi)?;
    let times = time_in_process(library_runs, || serde_json::from_str::<serde_json::Value>(&json).map(drop));
    results.record_times(Measure::FloorJson, &api.name, Tool::Floor, &times);
    if let Ok(native) = &api.native
        && !api.imported()
    {
        let yaml = std::fs::read_to_string(native)?;
        let times = time_in_process(library_runs, || parse_yaml(&yaml));
        results.record_times(Measure::FloorYaml, &api.name, Tool::Floor, &times);
    }
    Ok(())
}

/// The native spec into a generic tree: what any reader of the YAML pays,
/// with serde-saphyr (codegen's parser) and a node budget large enough for
/// the biggest synthetic API (and a real document in YAML).
pub(crate) fn parse_yaml(text: &str) -> Result<serde_json::Value, serde_saphyr::Error> {
    let options = serde_saphyr::options! {
        strict_booleans: true,
        budget: serde_saphyr::budget! { max_nodes: 10_000_000 },
    };
    serde_saphyr::from_str_with_options(text, options)
}

fn endpointgen_library(
    api: &Api,
    native: &Path,
    runs: usize,
    results: &mut Results,
) -> Result<(), Box<dyn std::error::Error>> {
    let inputs = [if api.imported() { Input::openapi(native) } else { Input::file(native) }];
    let options = Options::default();
    for _ in 0..runs {
        let start = std::time::Instant::now();
        endpointgen_codegen::load(&inputs)?;
        let load = start.elapsed();
        let start = std::time::Instant::now();
        let generated = endpointgen_codegen::generate(&inputs, &options)?;
        let generate = start.elapsed();
        let start = std::time::Instant::now();
        let code = endpointgen_codegen::format(&generated.code, &native.display().to_string());
        let format = start.elapsed();
        std::hint::black_box(code);
        results.record_times(Measure::StageLoad, &api.name, Tool::Endpointgen, &[load]);
        results.record_times(Measure::StageEmit, &api.name, Tool::Endpointgen, &[generate.saturating_sub(load)]);
        results.record_times(Measure::StageFormat, &api.name, Tool::Endpointgen, &[format]);
        results.record_times(Measure::GenerateLib, &api.name, Tool::Endpointgen, &[generate + format]);
    }
    Ok(())
}

/// progenitor's library runs in a program of its own (benches/progenitor-libgen,
/// outside the workspace), which prints each stage's times as JSON.
fn progenitor_library(
    settings: &Settings,
    api: &Api,
    runs: usize,
    logs: &Path,
    results: &mut Results,
) -> Result<(), Box<dyn std::error::Error>> {
    let log = logs.join(format!("libgen-progenitor-{}.log", api.name));
    let mut libgen = Command::new(&settings.progenitor_libgen);
    libgen.arg(&api.openapi).arg(runs.to_string());
    measure::run(&libgen, &log)?;
    let output = std::fs::read_to_string(&log)?;
    let line = output.lines().rfind(|line| line.starts_with('{')).ok_or("progenitor-libgen printed no JSON")?;
    let stages: serde_json::Value = serde_json::from_str(line)?;
    let seconds = |stage: &str| -> Vec<f64> {
        stages[stage]
            .as_array()
            .map(|values| values.iter().filter_map(serde_json::Value::as_f64).collect())
            .unwrap_or_default()
    };
    let (parse, tokens, format) = (seconds("parse"), seconds("tokens"), seconds("format"));
    for (measure, values) in
        [(Measure::StageParseOpenapi, &parse), (Measure::StageTokens, &tokens), (Measure::StageFormat, &format)]
    {
        for &value in values {
            results.record_value(measure, &api.name, Tool::Progenitor, value);
        }
    }
    for ((parse, tokens), format) in parse.iter().zip(&tokens).zip(&format) {
        results.record_value(Measure::GenerateLib, &api.name, Tool::Progenitor, parse + tokens + format);
    }
    Ok(())
}

pub(crate) fn record_size(results: &mut Results, api: &Api, tool: Tool, code: &str) {
    #[allow(clippy::cast_precision_loss, reason = "sizes of source files")]
    let (lines, bytes) = (code.lines().count() as f64, code.len() as f64);
    results.record_value(Measure::Lines, &api.name, tool, lines);
    results.record_value(Measure::Bytes, &api.name, tool, bytes);
}

fn print_medians(results: &Results, measure: Measure, api: &Api) {
    let shown = |tool| results.median(measure, &api.name, tool).map_or("-".to_owned(), |s| format!("{s:.3} s"));
    println!("   {measure:?}: endpointgen {}, progenitor {}", shown(Tool::Endpointgen), shown(Tool::Progenitor));
}

/// The native spec of an OpenAPI document, through `endpointgen import`,
/// or why there is none: the document is measured through the import only
/// when the import takes it whole.
pub(crate) fn import_openapi(settings: &Settings, openapi: &Path, native: &Path) -> Result<PathBuf, String> {
    let output = Command::new(&settings.endpointgen)
        .arg("import")
        .arg(openapi)
        .arg("-o")
        .arg(native)
        .output()
        .map_err(|error| format!("cannot run {}: {error}", settings.endpointgen.display()))?;
    if output.status.success() {
        Ok(native.to_owned())
    } else {
        let reason = format!("`endpointgen import` failed: {}", String::from_utf8_lossy(&output.stderr).trim());
        println!("note: {reason}");
        Err(reason)
    }
}
