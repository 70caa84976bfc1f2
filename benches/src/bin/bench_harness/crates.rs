//! Compile time and memory of the generated clients: each tool's clients
//! are crates of one workspace of its own (one lock file, one target folder,
//! so that dependencies are built once), two crates per API:
//!
//! - `<api>_file`: the code the CLI wrote, as `src/lib.rs`;
//! - `<api>_macro`: `src/lib.rs` is the macro call on the same API.
//!
//! Dependencies are built first, untimed. Then each timed run touches
//! `src/lib.rs` and runs `cargo check` (or `cargo build --release`) of that
//! one crate with `CARGO_INCREMENTAL=0`, so that it measures what a user
//! pays when the client is rebuilt: one rustc, on the generated code alone.
//! The macro's expansion cost is the macro crate's time minus the file
//! crate's: both compile the same items, one has to make them first.
//!
//! nexus (an imported API) also gets `<api>_mocks` and `<api>_server`: the
//! CLI's output with `--mocks` and with `--server`, checked in the same
//! runs as `<api>_file`, so that the cost of the options is a ratio of runs
//! side by side (issue 20: paid only by who asks for it).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use endpointgen_benches::measure;

use crate::generation::{crate_name, endpointgen_output, progenitor_output};
use crate::results::Measure;
use crate::results::{Results, Tool};
use crate::{Api, Settings, write_if_changed};

/// How a crate is built: `cargo check` or `cargo build --release`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Build {
    Check,
    Release,
}

/// One tool's workspace of generated crates.
pub(crate) struct Workspace {
    tool: Tool,
    dir: PathBuf,
    target: PathBuf,
    logs: PathBuf,
    /// Whether its crates come in pairs, `<api>_file` and `<api>_macro`,
    /// and are built in release too; else only `<api>_file`, checked.
    full: bool,
    /// `Cargo.toml` dependency sections, and the smallest crate that has
    /// each: building those builds every dependency the others need.
    warm_up: BTreeMap<String, (usize, String)>,
    /// Whether an imported API also gets its crates of the generation
    /// options ([`OPTIONS`]).
    pub(crate) options: bool,
}

pub(crate) fn measure(
    settings: &Settings,
    apis: &[Api],
    results: &mut Results,
) -> Result<(), Box<dyn std::error::Error>> {
    let ours: Vec<&Api> = apis.iter().filter(|api| api.native.is_ok()).collect();
    let mut endpointgen = Workspace::new(settings, Tool::Endpointgen, true);
    endpointgen.options = true;
    let mut progenitor = Workspace::new(settings, Tool::Progenitor, true);
    endpointgen.write_endpointgen_crates(settings, &ours)?;
    progenitor.write_progenitor_crates(settings, &apis.iter().collect::<Vec<_>>())?;

    println!("== building the dependencies of the generated crates (untimed)");
    endpointgen.build_dependencies()?;
    progenitor.build_dependencies()?;

    for api in apis {
        let has_ours = api.native.is_ok();
        println!("== {}: cargo check, file and macro", api.name);
        for _ in 0..settings.check_runs(api.endpoints) {
            for variant in ["file", "macro"] {
                let measure = if variant == "file" { Measure::Check } else { Measure::MacroCheck };
                if has_ours {
                    let run = endpointgen.time(&crate_name(api, variant), Build::Check)?;
                    results.record(measure, &api.name, Tool::Endpointgen, run);
                }
                let run = progenitor.time(&crate_name(api, variant), Build::Check)?;
                results.record(measure, &api.name, Tool::Progenitor, run);
            }
            if has_ours {
                endpointgen.check_options(api, results)?;
            }
        }
        print_medians(results, api, Measure::Check);
        print_medians(results, api, Measure::MacroCheck);
        print_option_medians(results, api);
        println!("== {}: cargo build --release", api.name);
        for _ in 0..settings.release_runs(api.endpoints) {
            if has_ours {
                let run = endpointgen.time(&crate_name(api, "file"), Build::Release)?;
                results.record(Measure::Release, &api.name, Tool::Endpointgen, run);
            }
            let run = progenitor.time(&crate_name(api, "file"), Build::Release)?;
            results.record(Measure::Release, &api.name, Tool::Progenitor, run);
        }
        print_medians(results, api, Measure::Release);
    }
    Ok(())
}

/// The generation options measured, each with its crate's variant name,
/// the CLI's flag and its measure.
pub(crate) const OPTIONS: [(&str, &str, Measure); 2] =
    [("mocks", "--mocks", Measure::CheckMocks), ("server", "--server", Measure::CheckServer)];

/// Whether the options are measured on `api`: nexus, the one real API of
/// the main tables (an imported one).
pub(crate) fn has_options(api: &Api) -> bool {
    api.imported() && api.native.is_ok()
}

/// `--only options`: the `cargo check` of nexus's client plain, with
/// `--mocks` and with `--server`, runs alternating; endpointgen alone.
pub(crate) fn measure_options(
    settings: &Settings,
    apis: &[Api],
    results: &mut Results,
) -> Result<(), Box<dyn std::error::Error>> {
    let ours: Vec<&Api> = apis.iter().filter(|api| has_options(api)).collect();
    let mut endpointgen = Workspace::new(settings, Tool::Endpointgen, false);
    endpointgen.options = true;
    endpointgen.write_endpointgen_crates(settings, &ours)?;
    println!("== building the dependencies of the generated crates (untimed)");
    endpointgen.build_dependencies()?;
    for api in ours {
        println!("== {}: cargo check, plain and with each option", api.name);
        for _ in 0..settings.check_runs(api.endpoints) {
            let run = endpointgen.check(&crate_name(api, "file"))?;
            results.record(Measure::Check, &api.name, Tool::Endpointgen, run);
            endpointgen.check_options(api, results)?;
        }
        print_option_medians(results, api);
    }
    Ok(())
}

fn print_option_medians(results: &Results, api: &Api) {
    for (variant, _, measure) in OPTIONS {
        let Some(stat) = results.get(measure, &api.name, Tool::Endpointgen) else { continue };
        let ratio = results.measure_ratio(measure, Measure::Check, &api.name, Tool::Endpointgen);
        println!(
            "   {variant}: endpointgen {:.2} s, {} MiB, {:.2}x the plain client's",
            stat.median().unwrap_or(0.0),
            stat.median_rss_kib().unwrap_or(0) / 1024,
            ratio.unwrap_or(0.0)
        );
    }
}

pub(crate) fn print_medians(results: &Results, api: &Api, measure: Measure) {
    let shown = |tool| {
        results.get(measure, &api.name, tool).map_or("-".to_owned(), |stat| {
            format!("{:.2} s, {} MiB", stat.median().unwrap_or(0.0), stat.median_rss_kib().unwrap_or(0) / 1024)
        })
    };
    println!("   {measure:?}: endpointgen {}, progenitor {}", shown(Tool::Endpointgen), shown(Tool::Progenitor));
}

impl Workspace {
    /// The workspace of one tool's clients: `full`, the file and macro
    /// crates of each API, checked and built in release; else the file
    /// crates only, checked, in a workspace of their own (`<tool>-checked`)
    /// that shares the full one's target folder and so its dependencies.
    pub(crate) fn new(settings: &Settings, tool: Tool, full: bool) -> Self {
        let name = if tool == Tool::Endpointgen { "endpointgen" } else { "progenitor" };
        Self {
            tool,
            dir: settings.work.join("crates").join(if full { name.to_owned() } else { format!("{name}-checked") }),
            target: settings.work.join(format!("target-{name}")),
            logs: settings.work.join("logs"),
            full,
            warm_up: BTreeMap::new(),
            options: false,
        }
    }

    fn add_member(&mut self, members: &mut Vec<String>, api: &Api, variant: &str, manifest: &str) {
        members.push(format!("{}-{variant}", api.name));
        let dependencies = manifest.split_once("[dependencies]").map_or("", |(_, dependencies)| dependencies);
        let key = format!("{variant}:{dependencies}");
        let smallest = self.warm_up.entry(key).or_insert_with(|| (api.endpoints, crate_name(api, variant)));
        if api.endpoints < smallest.0 {
            *smallest = (api.endpoints, crate_name(api, variant));
        }
    }

    fn write_workspace(&self, members: &[String]) -> std::io::Result<()> {
        let mut manifest =
            String::from("# Written by bench-harness: the generated clients, one crate each.\n[workspace]\n");
        manifest.push_str("resolver = \"3\"\nmembers = [\n");
        for member in members {
            let _ = writeln!(manifest, "    \"{member}\",");
        }
        manifest.push_str("]\n");
        write_if_changed(&self.dir.join("Cargo.toml"), &manifest)
    }

    pub(crate) fn write_endpointgen_crates(
        &mut self,
        settings: &Settings,
        apis: &[&Api],
    ) -> Result<(), Box<dyn std::error::Error>> {
        let runtime = settings.repo.join("runtime");
        let mut members = Vec::new();
        for api in apis {
            let Ok(native) = &api.native else { continue };
            for (variant, features) in [("file", r#"["client"]"#), ("macro", r#"["client", "macros"]"#)] {
                if variant == "macro" && !self.full {
                    continue;
                }
                let dir = self.dir.join(format!("{}-{variant}", api.name));
                let manifest = format!(
                    "[package]\nname = \"{}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
                     [dependencies]\nendpointgen = {{ path = \"{}\", default-features = false, features = {features} }}\n",
                    crate_name(api, variant),
                    runtime.display()
                );
                write_if_changed(&dir.join("Cargo.toml"), &manifest)?;
                let lib = if variant == "file" {
                    std::fs::read_to_string(endpointgen_output(settings, api))?
                } else if api.imported() {
                    write_if_changed(&dir.join("api.json"), &std::fs::read_to_string(native)?)?;
                    "endpointgen::generate!(openapi = \"api.json\");\n".to_owned()
                } else {
                    write_if_changed(&dir.join("api.yaml"), &std::fs::read_to_string(native)?)?;
                    "endpointgen::generate!(\"api.yaml\");\n".to_owned()
                };
                write_if_changed(&dir.join("src/lib.rs"), &lib)?;
                self.add_member(&mut members, api, variant, &manifest);
            }
            if self.options && has_options(api) {
                for (variant, flag, _) in OPTIONS {
                    // The file crate's dependencies, which its warm-up builds.
                    let manifest = format!(
                        "[package]\nname = \"{}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
                         [dependencies]\nendpointgen = {{ path = \"{}\", default-features = false, features = [\"client\"] }}\n",
                        crate_name(api, variant),
                        runtime.display()
                    );
                    let dir = self.dir.join(format!("{}-{variant}", api.name));
                    write_if_changed(&dir.join("Cargo.toml"), &manifest)?;
                    let output = settings.work.join("generated/endpointgen").join(format!("{}_{variant}.rs", api.name));
                    let mut generate = Command::new(&settings.endpointgen);
                    generate.arg("generate").arg("--openapi").arg(native).arg(flag).arg("-o").arg(&output);
                    measure::run(&generate, &self.logs.join(format!("generate-{}-{variant}.log", api.name)))?;
                    write_if_changed(&dir.join("src/lib.rs"), &std::fs::read_to_string(&output)?)?;
                    members.push(format!("{}-{variant}", api.name));
                }
            }
        }
        self.write_workspace(&members)?;
        // The workspace's own lock file, so that the runtime's dependencies
        // are the versions its tests use, and no resolution is needed.
        let lock = self.dir.join("Cargo.lock");
        if !lock.exists() {
            std::fs::copy(settings.repo.join("Cargo.lock"), lock)?;
        }
        Ok(())
    }

    pub(crate) fn write_progenitor_crates(
        &mut self,
        settings: &Settings,
        apis: &[&Api],
    ) -> Result<(), Box<dyn std::error::Error>> {
        let mut members = Vec::new();
        for &api in apis {
            let generated = progenitor_output(settings, api);
            let manifest = std::fs::read_to_string(generated.join("Cargo.toml"))?;
            let file_dir = self.dir.join(format!("{}-file", api.name));
            write_if_changed(&file_dir.join("Cargo.toml"), &manifest)?;
            write_if_changed(&file_dir.join("src/lib.rs"), &std::fs::read_to_string(generated.join("src/lib.rs"))?)?;
            self.add_member(&mut members, api, "file", &manifest);
            if !self.full {
                continue;
            }

            // The macro crate: the dependencies cargo-progenitor chose for the
            // same API, plus what progenitor's README asks of a macro user.
            let mut macro_manifest = manifest.replace(
                &format!("name = \"{}\"", crate_name(api, "file")),
                &format!("name = \"{}\"", crate_name(api, "macro")),
            );
            let progenitor = format!("progenitor = \"={}\"", settings.progenitor_version);
            for dependency in [progenitor.as_str(), "futures = \"0.3\""] {
                let name = dependency.split_once(" = ").map_or(dependency, |(name, _)| name);
                if !macro_manifest.lines().any(|line| line.starts_with(&format!("{name} ="))) {
                    macro_manifest.push_str(dependency);
                    macro_manifest.push('\n');
                }
            }
            let macro_dir = self.dir.join(format!("{}-macro", api.name));
            write_if_changed(&macro_dir.join("Cargo.toml"), &macro_manifest)?;
            write_if_changed(&macro_dir.join("api.json"), &std::fs::read_to_string(&api.openapi)?)?;
            write_if_changed(&macro_dir.join("src/lib.rs"), "progenitor::generate_api!(\"api.json\");\n")?;
            self.add_member(&mut members, api, "macro", &macro_manifest);
        }
        Ok(self.write_workspace(&members)?)
    }

    fn cargo(&self, package: &str, build: Build, offline: bool) -> Command {
        let mut cargo = Command::new("cargo");
        cargo.current_dir(&self.dir).env("CARGO_TARGET_DIR", &self.target).env("CARGO_INCREMENTAL", "0");
        match build {
            Build::Check => cargo.arg("check"),
            Build::Release => cargo.arg("build").arg("--release"),
        };
        cargo.arg("-p").arg(package);
        if offline {
            cargo.arg("--offline");
        }
        cargo
    }

    /// Builds every dependency of every crate, by building the smallest
    /// crate of each set of dependencies, in both profiles (a workspace
    /// that is not `full`: checked only). A crate that fails is noted and
    /// passed over: its dependencies are built before it, and its own
    /// timed runs report the failure.
    pub(crate) fn build_dependencies(&self) -> Result<(), Box<dyn std::error::Error>> {
        for (key, (_, package)) in &self.warm_up {
            let builds: &[Build] =
                if key.starts_with("file:") && self.full { &[Build::Check, Build::Release] } else { &[Build::Check] };
            for &build in builds {
                // The first build of progenitor's workspace resolves its
                // dependencies from the registry; later ones are offline.
                let log = self.logs.join(format!("warm-{package}-{build:?}.log"));
                println!("   {}: {build:?} {package}", self.tool);
                if let Err(failed) = measure::run(&self.cargo(package, build, false), &log) {
                    println!("   note: {package} fails ({}); its timed runs will say", log.display());
                    if self.full {
                        return Err(failed.into());
                    }
                }
            }
        }
        Ok(())
    }

    /// One timed `cargo check` of each of `api`'s crates of the generation
    /// options, recorded.
    fn check_options(&self, api: &Api, results: &mut Results) -> Result<(), measure::Failed> {
        for (variant, _, measure) in OPTIONS {
            let run = self.check(&crate_name(api, variant))?;
            results.record(measure, &api.name, Tool::Endpointgen, run);
        }
        Ok(())
    }

    /// One timed `cargo check` of a crate.
    pub(crate) fn check(&self, package: &str) -> Result<measure::Run, measure::Failed> {
        self.time(package, Build::Check)
    }

    fn time(&self, package: &str, build: Build) -> Result<measure::Run, measure::Failed> {
        let dir = self.dir.join(member_dir(package));
        let log = self.logs.join(format!("{}-{package}-{build:?}.log", self.tool.to_string().replace(' ', "-")));
        let command = self.cargo(package, build, true);
        touch(&dir.join("src/lib.rs")).map_err(|error| measure::Failed {
            command: measure::show(&command),
            reason: format!("cannot touch {}: {error}", dir.display()),
            wall: std::time::Duration::ZERO,
            log: log.clone(),
        })?;
        measure::run(&command, &log)
    }
}

/// The folder of a crate of the workspace: `nexus_file` is in
/// `nexus-file`, `synth_100_mocks` in `synth_100-mocks`.
fn member_dir(package: &str) -> String {
    package.rsplit_once('_').map_or_else(|| package.to_owned(), |(api, variant)| format!("{api}-{variant}"))
}

/// Makes a file newer than cargo's record of it, so that the crate is
/// compiled again.
fn touch(path: &Path) -> std::io::Result<()> {
    std::fs::File::options().append(true).open(path)?.set_modified(std::time::SystemTime::now())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_crate_is_in_the_folder_of_its_api_and_variant() {
        assert_eq!(super::member_dir("nexus_file"), "nexus-file");
        assert_eq!(super::member_dir("synth_100_macro"), "synth_100-macro");
        assert_eq!(super::member_dir("nexus_mocks"), "nexus-mocks");
        assert_eq!(super::member_dir("nexus_server"), "nexus-server");
    }
}
