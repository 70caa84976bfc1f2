//! The build.rs API, shaped like prost-build's.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Error, Warnings};
use crate::{Input, Options, generate};

/// Generates a client from specs in a build script, into `OUT_DIR`.
///
/// ```no_run
/// // build.rs
/// fn main() -> Result<(), endpointgen_codegen::Error> {
///     endpointgen_codegen::Config::new()
///         .spec("../api-spec/portal.yaml")
///         .generate()?;
///     Ok(())
/// }
/// ```
///
/// then `mod portal { endpointgen::include_client!("portal"); }` in the
/// crate. The file is named after the spec's `name:`.
///
/// The warnings of an OpenAPI document (an operation left out, a schema
/// read as `any`) are printed as `cargo:warning=` lines, which cargo shows
/// as the build script's warnings; [`strict`](Self::strict) makes them
/// errors.
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct Config {
    specs: Vec<Input>,
    out_dir: Option<PathBuf>,
    file_name: Option<String>,
    options: Options,
    skip_rerun_lines: bool,
}

/// The file of an input (every input of a `Config` is one).
fn input_path(input: &Input) -> Option<&Path> {
    match input {
        Input::File { path, .. } | Input::OpenApi { path, .. } => Some(path),
        Input::Inline { .. } | Input::InlineOpenApi { .. } => None,
    }
}

/// How the header of the generated file names an input: a file as
/// [`crate::header_name`] does, text by the name its diagnostics show
/// (`<stdin>`).
fn header_name(input: &Input) -> String {
    match input {
        Input::File { path, .. } | Input::OpenApi { path, .. } => crate::header_name(path),
        Input::Inline { shown, .. } | Input::InlineOpenApi { shown, .. } => shown.clone(),
    }
}

impl Config {
    /// A configuration with no specs yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a spec file, relative to the build script's package. Several
    /// specs are merged into one client, in the order given.
    pub fn spec(mut self, path: impl AsRef<Path>) -> Self {
        self.specs.push(Input::file(path));
        self
    }

    /// Adds an OpenAPI 3.0 or 3.1 document (JSON or YAML), imported as a
    /// spec (see docs/openapi.md); it may be merged with specs of the
    /// format, as a vendor's spec is. The client is named after the file
    /// (`nexus.json` → `nexus.rs`).
    ///
    /// ```no_run
    /// // build.rs
    /// fn main() -> Result<(), endpointgen_codegen::Error> {
    ///     endpointgen_codegen::Config::new().openapi("api-spec/openapi/nexus.json").generate()?;
    ///     Ok(())
    /// }
    /// ```
    pub fn openapi(mut self, path: impl AsRef<Path>) -> Self {
        self.specs.push(Input::openapi(path));
        self
    }

    /// Adds an input of any kind: a spec or an OpenAPI document as a file,
    /// or as text (what the command line reads from standard input for
    /// `-`), merged in the order given.
    pub fn input(mut self, input: Input) -> Self {
        self.specs.push(input);
        self
    }

    /// Writes into `dir` instead of `OUT_DIR`.
    pub fn out_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.out_dir = Some(dir.as_ref().to_owned());
        self
    }

    /// Names the file `<name>.rs` instead of after the spec's `name:`.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// The path generated code uses for the runtime crate (default
    /// `::endpointgen`), for a renamed or re-exported dependency.
    pub fn runtime_path(mut self, path: impl Into<String>) -> Self {
        self.options.runtime_path = path.into();
        self
    }

    /// Generates only these groups of the spec (by their name in the spec,
    /// or their module name) and the types their endpoints use, so that a
    /// program that uses a few groups of a large API compiles only those.
    /// The whole spec is still checked. A name that is no group of the spec
    /// is an error.
    ///
    /// ```no_run
    /// // build.rs
    /// fn main() -> Result<(), endpointgen_codegen::Error> {
    ///     endpointgen_codegen::Config::new()
    ///         .openapi("api-spec/openapi/nexus.json")
    ///         .groups(["projects", "instances"])
    ///         .generate()?;
    ///     Ok(())
    /// }
    /// ```
    pub fn groups<I>(mut self, groups: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.options.groups = Some(groups.into_iter().map(Into::into).collect());
        self
    }

    /// Makes the warnings of an OpenAPI import errors: nothing is generated
    /// unless every operation of the documents is, and every schema has a
    /// Rust type of its own.
    pub fn strict(mut self, strict: bool) -> Self {
        self.options.strict = strict;
        self
    }

    /// Makes each endpoint implement `endpointgen::Respond` (the answer a
    /// server sends for its output or one of its errors) and its outputs
    /// and errors' bodies `Serialize`: what typed mocks (the runtime's
    /// `mock` feature) need. Off by default, so that a client that does
    /// not mock does not compile it.
    ///
    /// ```no_run
    /// // build.rs
    /// fn main() -> Result<(), endpointgen_codegen::Error> {
    ///     endpointgen_codegen::Config::new()
    ///         .spec("../api-spec/portal.yaml")
    ///         .mocks(true)
    ///         .generate()?;
    ///     Ok(())
    /// }
    /// ```
    pub fn mocks(mut self, mocks: bool) -> Self {
        self.options.mocks = mocks;
        self
    }

    /// Generates a server side too: per API a trait with one method per
    /// endpoint, and a function that serves an implementation as an axum
    /// `Router` (the runtime's `server` feature). Implies
    /// [`mocks`](Self::mocks); the endpoints' inputs also become
    /// `Deserialize`.
    ///
    /// ```no_run
    /// // build.rs
    /// fn main() -> Result<(), endpointgen_codegen::Error> {
    ///     endpointgen_codegen::Config::new()
    ///         .spec("../api-spec/portal.yaml")
    ///         .server(true)
    ///         .generate()?;
    ///     Ok(())
    /// }
    /// ```
    pub fn server(mut self, server: bool) -> Self {
        self.options.server = server;
        self
    }

    /// Leaves out the `cargo:` lines, `rerun-if-changed` and `warning` (for
    /// use outside a build script, which shows the warnings its own way).
    pub fn skip_rerun_lines(mut self) -> Self {
        self.skip_rerun_lines = true;
        self
    }

    /// The generated code, formatted, with its `@generated` header; with the
    /// name of its file (without `.rs`) and the warnings of the generation.
    ///
    /// # Errors
    ///
    /// Every problem in the specs.
    pub fn generate_string(&self) -> Result<GeneratedFile, Error> {
        let generated = generate(&self.specs, &self.options)
            .map_err(|error| error.hint_io("paths in a build script are relative to the package's directory"));
        if !self.skip_rerun_lines {
            // Watch every file read, included ones too, even when the spec is
            // broken: the fix must trigger a rerun. The specs given are
            // watched even if they could not be read, so that creating one
            // does too.
            let read: Vec<&Path> = match &generated {
                Ok(generated) => generated.files.iter().map(PathBuf::as_path).collect(),
                Err(error) => error.sources().iter().filter_map(|source| source.path.as_deref()).collect(),
            };
            let given = self.specs.iter().filter_map(input_path).filter(|spec| !read.contains(spec));
            for path in read.iter().copied().chain(given) {
                println!("cargo:rerun-if-changed={}", path.display());
            }
            // After an error, the build script's `main` shows the warnings
            // with the errors (`Error`'s `Debug`).
            if let Ok(generated) = &generated {
                print_cargo_warnings(&generated.warnings);
            }
        }
        let generated = generated?;
        let name = self.file_name.clone().unwrap_or_else(|| generated.api.name.clone());
        let shown: Vec<String> = self.specs.iter().map(header_name).collect();
        let code = crate::format(&generated.code, &shown.join(", "));
        Ok(GeneratedFile { name, code, warnings: generated.warnings })
    }

    /// Generates the client and writes it to `OUT_DIR/<name>.rs`, only when
    /// its content changed (so that cargo does not rebuild for nothing), and
    /// prints `cargo:rerun-if-changed` for each spec. Returns the file's path.
    ///
    /// # Errors
    ///
    /// Every problem in the specs, a missing `OUT_DIR`, or a file that
    /// cannot be written.
    pub fn generate(&self) -> Result<PathBuf, Error> {
        let io_error = Error::single;
        if self.specs.is_empty() {
            return Err(io_error("no spec given: call `.spec(\"path/to/spec.yaml\")`".to_owned()));
        }
        let GeneratedFile { name, code, .. } = self.generate_string()?;
        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR").map(PathBuf::from).ok_or_else(|| {
                io_error("OUT_DIR is not set: run this from a build script, or call `.out_dir(…)`".to_owned())
            })?,
        };
        let path = out_dir.join(format!("{name}.rs"));
        let unchanged = std::fs::read_to_string(&path).is_ok_and(|existing| existing == code);
        if !unchanged {
            std::fs::write(&path, code)
                .map_err(|error| io_error(format!("cannot write {}: {error}", path.display())))?;
        }
        Ok(path)
    }
}

/// A client generated as a file, by [`Config::generate_string`].
#[derive(Debug, Clone)]
pub struct GeneratedFile {
    /// The file's name without `.rs`: the spec's `name:`, or
    /// [`Config::file_name`].
    pub name: String,
    /// The code, formatted, with its `@generated` header.
    pub code: String,
    /// What the client goes without (see [`Warnings`]).
    pub warnings: Warnings,
}

/// Prints each warning as `cargo:warning=` lines, which cargo shows under
/// the build script's name.
fn print_cargo_warnings(warnings: &Warnings) {
    print!("{}", cargo_warning_lines(warnings));
}

/// One `cargo:warning=` line per line of each rendered warning (such a line
/// ends at the end of its line), then the summary.
fn cargo_warning_lines(warnings: &Warnings) -> String {
    let mut text = String::new();
    let rendered = warnings.shown().iter().map(|diagnostic| warnings.render(diagnostic));
    for line in rendered
        .chain(warnings.not_shown())
        .chain(warnings.summary())
        .flat_map(|block| block.lines().map(str::to_owned).collect::<Vec<_>>())
    {
        text.push_str("cargo:warning=");
        text.push_str(&line);
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::{Config, cargo_warning_lines};

    #[test]
    fn warnings_are_cargo_warning_lines_one_per_line_then_the_summary() {
        let document =
            concat!(env!("CARGO_MANIFEST_DIR"), "/../api-spec/fixtures/warnings/servers_of_their_own.openapi.yaml");
        let generated = Config::new().openapi(document).skip_rerun_lines().generate_string().unwrap();
        let lines = cargo_warning_lines(&generated.warnings);
        assert!(lines.lines().all(|line| line.starts_with("cargo:warning=")), "{lines}");
        assert!(
            lines.starts_with(&format!(
                "cargo:warning={document}:31:16: warning: operation `GET /downloads/{{id}}` left out: it is sent to a server of its own"
            )),
            "{lines}"
        );
        assert!(lines.contains("\ncargo:warning=   = help: give the server an absolute URL"), "{lines}");
        assert!(lines.ends_with("\ncargo:warning=2 of 3 operations generated; 1 left out, see above\n"), "{lines}");

        // The strict build script fails with them as errors.
        let error = Config::new().openapi(document).strict(true).skip_rerun_lines().generate_string().unwrap_err();
        assert_eq!(error.error_count(), generated.warnings.diagnostics().len());
    }
}
