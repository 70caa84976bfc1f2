//! The real documents of `api-spec/openapi/real/` (Discord, Box, Twilio,
//! Spotify): both CLIs on each document as it is, as a user runs them, and
//! `cargo check` of each client that a CLI writes; or what a tool does
//! instead (refuses, panics, writes a client that does not compile), with
//! its first error. Runs alternate as everywhere else in the harness.

use std::path::{Path, PathBuf};

use endpointgen_benches::measure;

use crate::crates::{Workspace, print_medians};
use crate::generation::{
    cli_log, crate_name, endpointgen_cli, endpointgen_output, parse_yaml, progenitor_cli, progenitor_output,
    record_size,
};
use crate::results::{Measure, Outcome, Results, Tool};
use crate::{Api, Settings, operation_count};

/// Where the real documents are, from the workspace root.
pub(crate) const DIR: &str = "api-spec/openapi/real";

/// The documents of [`DIR`], by file name: each an API named after its
/// file (`twilio_api`), which endpointgen reads through the import.
pub(crate) fn apis(settings: &Settings) -> Result<Vec<Api>, Box<dyn std::error::Error>> {
    let mut documents: Vec<PathBuf> = std::fs::read_dir(settings.repo.join(DIR))?
        .map(|entry| entry.map(|entry| entry.path()))
        .collect::<Result<_, _>>()?;
    documents.retain(|path| {
        path.extension().is_some_and(|extension| ["json", "yaml", "yml"].iter().any(|e| extension == *e))
    });
    documents.sort();
    let mut apis = Vec::new();
    for document in documents {
        let text = std::fs::read_to_string(&document)?;
        let tree = if document.extension().is_some_and(|extension| extension == "json") {
            serde_json::from_str(&text)?
        } else {
            parse_yaml(&text)?
        };
        let name = document.file_stem().map(|stem| stem.to_string_lossy().replace(['-', '.'], "_")).unwrap_or_default();
        apis.push(Api {
            name,
            endpoints: operation_count(&tree),
            synthetic: false,
            openapi: document.clone(),
            native: Ok(document),
        });
    }
    Ok(apis)
}

/// Generation, sizes and `cargo check` of every real document, or each
/// tool's failure on it.
pub(crate) fn measure(
    settings: &Settings,
    apis: &[Api],
    results: &mut Results,
) -> Result<(), Box<dyn std::error::Error>> {
    std::fs::create_dir_all(settings.work.join("logs"))?;
    std::fs::create_dir_all(settings.work.join("generated/endpointgen"))?;
    for api in apis {
        println!("== {} ({} operations): generation", api.name, api.endpoints);
        generate(settings, api, results)?;
    }
    check(settings, apis, results)
}

fn generate(settings: &Settings, api: &Api, results: &mut Results) -> Result<(), Box<dyn std::error::Error>> {
    let Ok(native) = &api.native else { return Ok(()) };
    // What an earlier run wrote is not taken for this run's output.
    let (ours, theirs) = (endpointgen_output(settings, api), progenitor_output(settings, api));
    remove(&ours)?;
    remove(&theirs)?;
    // A generator that fails is timed to its failure all the same, which
    // the report sets beside the other's time to generate.
    for _ in 0..settings.generation_runs(api.endpoints) {
        for tool in [Tool::Endpointgen, Tool::Progenitor] {
            let command = if tool == Tool::Endpointgen {
                endpointgen_cli(settings, api, native)
            } else {
                progenitor_cli(settings, api)
            };
            match measure::run(&command, &cli_log(settings, api, tool)) {
                Ok(run) => results.record(Measure::GenerateCli, &api.name, tool, run),
                Err(failed) => {
                    results.record_value(Measure::GenerateCli, &api.name, tool, failed.wall.as_secs_f64());
                    results.record_failure(&api.name, tool, Outcome::Refuses, &failed);
                }
            }
        }
    }
    for (tool, code) in [(Tool::Endpointgen, ours), (Tool::Progenitor, theirs.join("src/lib.rs"))] {
        if let Some(failure) = results.failure(&api.name, tool) {
            println!("   {tool} {}: {}", failure.outcome, failure.first_error);
            continue;
        }
        record_size(results, api, tool, &std::fs::read_to_string(code)?);
    }
    if results.failure(&api.name, Tool::Endpointgen).is_none() {
        let log = std::fs::read_to_string(cli_log(settings, api, Tool::Endpointgen))?;
        #[allow(clippy::cast_precision_loss, reason = "operation counts")]
        let generated = operations_generated(&log).unwrap_or(api.endpoints) as f64;
        results.record_value(Measure::Operations, &api.name, Tool::Endpointgen, generated);
    }
    let shown =
        |tool| results.median(Measure::GenerateCli, &api.name, tool).map_or("-".to_owned(), |s| format!("{s:.3} s"));
    println!("   GenerateCli: endpointgen {}, progenitor {}", shown(Tool::Endpointgen), shown(Tool::Progenitor));
    Ok(())
}

fn remove(path: &Path) -> std::io::Result<()> {
    let removed = if path.is_dir() { std::fs::remove_dir_all(path) } else { std::fs::remove_file(path) };
    match removed {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(error),
        _ => Ok(()),
    }
}

/// The operations endpointgen generated, from its summary on stderr
/// (`warning: 231 of 242 operations generated; 11 left out, see above`);
/// `None` when it printed none, having generated them all without a warning.
fn operations_generated(log: &str) -> Option<usize> {
    log.lines().find_map(|line| {
        let (generated, rest) = line.strip_prefix("warning: ")?.split_once(" of ")?;
        rest.split_once(" operations generated")?;
        generated.parse().ok()
    })
}

/// `cargo check` of each client in a crate, as for the other APIs, in
/// workspaces of their own that share the others' target folders.
fn check(settings: &Settings, apis: &[Api], results: &mut Results) -> Result<(), Box<dyn std::error::Error>> {
    let generated =
        |tool| -> Vec<&Api> { apis.iter().filter(|api| results.failure(&api.name, tool).is_none()).collect() };
    let mut endpointgen = Workspace::new(settings, Tool::Endpointgen, false);
    let mut progenitor = Workspace::new(settings, Tool::Progenitor, false);
    endpointgen.write_endpointgen_crates(settings, &generated(Tool::Endpointgen))?;
    progenitor.write_progenitor_crates(settings, &generated(Tool::Progenitor))?;
    println!("== real documents: building the dependencies of the clients (untimed)");
    endpointgen.build_dependencies()?;
    progenitor.build_dependencies()?;
    for api in apis {
        println!("== {}: cargo check", api.name);
        for _ in 0..settings.check_runs(api.endpoints) {
            for (tool, workspace) in [(Tool::Endpointgen, &endpointgen), (Tool::Progenitor, &progenitor)] {
                // A client that does not compile is not checked again.
                if results.failure(&api.name, tool).is_some() {
                    continue;
                }
                match workspace.check(&crate_name(api, "file")) {
                    Ok(run) => results.record(Measure::Check, &api.name, tool, run),
                    Err(failed) => results.record_failure(&api.name, tool, Outcome::DoesNotCompile, &failed),
                }
            }
        }
        print_medians(results, api, Measure::Check);
        for tool in [Tool::Endpointgen, Tool::Progenitor] {
            if let Some(failure) =
                results.failure(&api.name, tool).filter(|failure| failure.outcome == Outcome::DoesNotCompile)
            {
                println!("   {tool}: does not compile: {}", failure.first_error);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::operations_generated;

    #[test]
    fn the_summary_gives_the_operations_generated() {
        let log = "warning: multipart bodies are left out\n\nwarning: 239 of 242 operations generated; 3 left out, see above\n";
        assert_eq!(operations_generated(log), Some(239));
        assert_eq!(operations_generated("warning: 2 of them\n"), None);
        assert_eq!(operations_generated(""), None);
    }
}
