//! The endpointgen code generator, as a plain library.
//!
//! ```text
//! spec.yaml ─► yaml (nodes with places) ─► spec (model) ─► validate ─► ir ─► passes ─► emit ─► code ─► print
//! openapi.json ─► yaml ─► openapi::import ─► spec (model) ─► …
//! ```
//!
//! Every way of running it goes through [`generate`]: the `generate!` macro,
//! build scripts through [`Config`], and the CLI, so all three produce the
//! same code for the same spec. Problems in a spec are collected, not
//! thrown at the first: [`Error`] holds them all, each at its file, line and
//! column, and renders them like rustc. A part of an OpenAPI document that
//! cannot be generated does not stop the rest: the operation is left out,
//! or the schema read as `any`, with a warning at its place
//! ([`Generated::warnings`]); [`Options::strict`] makes them errors.
//!
//! A build script:
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), endpointgen_codegen::Error> {
//!     endpointgen_codegen::Config::new().spec("../api-spec/portal.yaml").generate()?;
//!     Ok(())
//! }
//! ```
//!
//! and in the crate, `mod portal { endpointgen::include_client!("portal"); }`.

// `code!` takes one step per token tree of a template.
#![recursion_limit = "512"]

mod code;
mod config;
mod diagnostic;
mod emit;
mod ident;
pub mod ir;
mod macro_input;
mod openapi;
mod passes;
mod print;
mod spec;
mod validate;
mod vocabulary;
mod yaml;

use std::collections::{HashSet, VecDeque};
use std::path::{Path, PathBuf};

pub use code::Code;
pub use config::{Config, GeneratedFile};
pub use diagnostic::{Diagnostic, Error, Kind, SHOWN_PROBLEMS, Severity, Source, SourceId, Sources, Span, Warnings};
pub use macro_input::{expand_include_client, expand_macro};
#[doc(hidden)]
pub use yaml::differential::fast_readers_agree;

use crate::diagnostic::Tally;

/// A spec to read: a file, or text given inline.
#[derive(Debug, Clone)]
pub enum Input {
    /// A file. `shown` is how diagnostics name it (the path as the user
    /// wrote it); `path` is where it is read from.
    File {
        /// The name diagnostics show.
        shown: String,
        /// The file to read.
        path: PathBuf,
    },
    /// Spec text, such as the body of `generate!(yaml = "…")`.
    Inline {
        /// The name diagnostics show.
        shown: String,
        /// The YAML.
        text: String,
    },
    /// An OpenAPI 3.0 or 3.1 document, JSON or YAML, read as a spec (see
    /// docs/openapi.md). The API is named after the file
    /// (`nexus.json` → `nexus`) unless `info.x-endpointgen-name` names it.
    OpenApi {
        /// The name diagnostics show.
        shown: String,
        /// The file to read.
        path: PathBuf,
    },
    /// An OpenAPI document given as text, such as one read from standard
    /// input. Without a file to name it, the API is named `api` unless
    /// `info.x-endpointgen-name` names it.
    InlineOpenApi {
        /// The name diagnostics show.
        shown: String,
        /// The JSON or YAML.
        text: String,
    },
}

impl Input {
    /// A file, shown as its path.
    pub fn file(path: impl AsRef<Path>) -> Self {
        let path = path.as_ref();
        Self::File { shown: path.display().to_string(), path: path.to_owned() }
    }

    /// An OpenAPI document, shown as its path.
    pub fn openapi(path: impl AsRef<Path>) -> Self {
        let path = path.as_ref();
        Self::OpenApi { shown: path.display().to_string(), path: path.to_owned() }
    }

    /// The name diagnostics show.
    #[must_use]
    pub fn shown(&self) -> &str {
        match self {
            Self::File { shown, .. }
            | Self::Inline { shown, .. }
            | Self::OpenApi { shown, .. }
            | Self::InlineOpenApi { shown, .. } => shown,
        }
    }
}

/// Settings of the generated code.
#[derive(Debug, Clone)]
pub struct Options {
    /// The path generated code uses for the runtime crate (`::endpointgen`
    /// unless the crate is renamed or re-exported).
    pub runtime_path: String,
    /// Only these groups of the spec (by their name in the spec, or their
    /// module name), and the types their endpoints use; `None` for all.
    /// The whole spec is still checked. Fewer groups compile faster.
    pub groups: Option<Vec<String>>,
    /// Whether the warnings of an OpenAPI import (an operation left out, a
    /// schema read as `any`) are errors, so that nothing is generated
    /// without every part of the documents.
    pub strict: bool,
    /// Whether endpoints implement `endpointgen::Respond` (the answer a
    /// server sends) and outputs and documented errors' bodies are
    /// `Serialize`: what typed mocks need (`generate!(…, mocks = true)`).
    /// Off by default: clients that do not mock do not compile it.
    pub mocks: bool,
    /// Whether a server side is generated too (`generate!(…, server =
    /// true)`): per API a trait with one method per endpoint and a function
    /// that serves an implementation as an axum `Router` (the runtime's
    /// `server` feature). Implies [`mocks`](Self::mocks); inputs gain
    /// `Deserialize`.
    pub server: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self { runtime_path: "::endpointgen".to_owned(), groups: None, strict: false, mocks: false, server: false }
    }
}

/// What a successful generation produced.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The API, as the code generator understood it.
    pub api: ir::Api,
    /// The items: the spec's types and `pub mod endpoints`. Its `Display`
    /// is the code unformatted, as the compiler lexes it; [`format()`] prints
    /// it as a file.
    pub code: Code,
    /// Every file read, for cargo to watch.
    pub files: Vec<PathBuf>,
    /// What the client goes without: operations of OpenAPI documents left
    /// out, schemas read as `any`. Empty for specs of endpointgen's format.
    pub warnings: Warnings,
}

/// Reads, checks and generates one API from one or more specs (merged, in
/// order: how a crate extends a vendor's spec with endpoints of its own).
///
/// # Errors
///
/// Every problem found in the specs (with the warnings found with them),
/// or a file that cannot be read; with [`Options::strict`], the warnings
/// too.
pub fn generate(inputs: &[Input], options: &Options) -> Result<Generated, Error> {
    let (mut api, warnings) = load(inputs)?;
    if options.strict && !warnings.is_empty() {
        return Err(strict(warnings, api));
    }
    let runtime = emit::Runtime::new(&options.runtime_path).map_err(Error::single)?;
    let sides = add_sides(&mut api, options);
    let emitted = match &options.groups {
        Some(groups) => {
            passes::select::groups(&mut api, groups).map_err(|message| Error::of_one(Diagnostic::usage(message)))?
        }
        None => vec![true; api.types.len()],
    };
    let code = emit::emit(&api, &runtime, &emitted, sides);
    if code.too_large() {
        return Err(Error::single(
            "the generated code would be over 4 GiB: split the spec, or generate some `groups`".to_owned(),
        ));
    }
    let files = warnings.sources.iter().filter_map(|source| source.path.clone()).collect();
    Ok(Generated { api, code, files, warnings })
}

/// The warnings as errors, for a strict run. The API without the parts
/// they left out is the partial one, for the macro's stub.
fn strict(warnings: Warnings, api: ir::Api) -> Error {
    Error { partial: Some(Box::new(api)), ..warnings.into_error() }
}

/// The code for what could be understood of specs that have problems (see
/// `passes::stub`), or nothing when not even that could be read.
pub(crate) fn stub(error: &Error, options: &Options) -> Option<Code> {
    let mut api = error.partial.as_deref()?.clone();
    passes::stub::make_names_unique(&mut api);
    let runtime = emit::Runtime::new(&options.runtime_path).ok()?;
    let sides = add_sides(&mut api, options);
    Some(emit::emit(&api, &runtime, &vec![true; api.types.len()], sides)).filter(|code| !code.too_large())
}

/// The sides of the API that `options` ask the code to play besides the
/// client's (mocks, a server), with the types marked for what they need:
/// the IR of a spec is marked for the client alone.
fn add_sides(api: &mut ir::Api, options: &Options) -> passes::Sides {
    let sides = passes::Sides::of(options);
    if sides.answers || sides.requests {
        passes::mark_usage(&mut api.types, &api.root, sides);
    }
    sides
}

/// Reads and checks specs into the IR, without generating code; with the
/// warnings of the OpenAPI documents among them, which hold the files read.
///
/// # Errors
///
/// As [`generate`].
pub fn load(inputs: &[Input]) -> Result<(ir::Api, Warnings), Error> {
    let Read { files, sources, mut diagnostics, documents } = read_all(inputs);
    let validated = (!files.is_empty()).then(|| validate::validate(&files, &mut diagnostics));
    for document in &documents {
        openapi::annotate(document, &mut diagnostics);
    }
    match validated {
        Some((api, demoted)) if !diagnostics.iter().any(Diagnostic::is_error) => {
            let tally = tally_of(&files, &demoted);
            Ok((api, warnings_of(diagnostics, sources, tally)))
        }
        partial => Err(error_of(diagnostics, sources, partial.map(|(api, _)| api))),
    }
}

/// Reads an OpenAPI 3.0 or 3.1 document (JSON or YAML) and writes it as a
/// spec of endpointgen's format, which generates the same client as the
/// document itself: what `endpointgen import` writes. What the client goes
/// without is not written, and comes back as warnings.
///
/// # Errors
///
/// Every problem found in the document (with the warnings found with
/// them), or a file that cannot be read.
pub fn import_openapi(path: impl AsRef<Path>) -> Result<(String, Warnings), Error> {
    import_openapi_input(&Input::openapi(path.as_ref()))
}

/// [`import_openapi`] of a document given as an [`Input::OpenApi`] or an
/// [`Input::InlineOpenApi`] (a document read from standard input, say).
///
/// # Errors
///
/// As [`import_openapi`]; an input of another kind is read as a document
/// all the same.
pub fn import_openapi_input(input: &Input) -> Result<(String, Warnings), Error> {
    let input = match input {
        Input::File { shown, path } => Input::OpenApi { shown: shown.clone(), path: path.clone() },
        Input::Inline { shown, text } => Input::InlineOpenApi { shown: shown.clone(), text: text.clone() },
        Input::OpenApi { .. } | Input::InlineOpenApi { .. } => input.clone(),
    };
    let named = match &input {
        Input::OpenApi { path, .. } => header_name(path),
        Input::InlineOpenApi { shown, .. } | Input::File { shown, .. } | Input::Inline { shown, .. } => shown.clone(),
    };
    let header = format!(
        "Imported from {named} by endpointgen {}: import it again after a change to the document.",
        env!("CARGO_PKG_VERSION")
    );
    let Read { mut files, sources, mut diagnostics, documents } = read_all(std::slice::from_ref(&input));
    // The checks of every spec, so that a spec that would not generate is
    // not written.
    let validated = (!files.is_empty()).then(|| validate::validate(&files, &mut diagnostics));
    for document in &documents {
        openapi::annotate(document, &mut diagnostics);
    }
    match validated {
        Some((_, demoted)) if !diagnostics.iter().any(Diagnostic::is_error) && !files.is_empty() => {
            let tally = tally_of(&files, &demoted);
            // What the checks left out of the client is left out of the
            // spec, which they would refuse otherwise.
            demoted.apply(&mut files[0]);
            Ok((spec::write::write(&files[0], &header), warnings_of(diagnostics, sources, tally)))
        }
        partial => Err(error_of(diagnostics, sources, partial.map(|(api, _)| api))),
    }
}

/// How an exported OpenAPI document is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenApiFormat {
    /// YAML.
    Yaml,
    /// JSON.
    Json,
}

/// Reads and checks specs (merged, in order) and writes the API as an
/// OpenAPI 3.1 document: what `endpointgen export-openapi` writes. Importing
/// it gives back the same client, but for the differences docs/openapi.md
/// lists.
///
/// # Errors
///
/// Every problem found in the specs, or a file that cannot be read. An
/// OpenAPI document among them is read strictly: the export would lose
/// what its warnings are about without a word.
pub fn export_openapi(inputs: &[Input], format: OpenApiFormat) -> Result<String, Error> {
    export_openapi_version(inputs, format, DEFAULT_API_VERSION)
}

/// The `info.version` of an exported document when none is given: a spec
/// holds the format's version (`spec: 1`), not the API's.
pub const DEFAULT_API_VERSION: &str = "1";

/// [`export_openapi`], with `version` as the document's `info.version`
/// (`endpointgen export-openapi --api-version 2.3.0`).
///
/// # Errors
///
/// As [`export_openapi`].
pub fn export_openapi_version(inputs: &[Input], format: OpenApiFormat, version: &str) -> Result<String, Error> {
    let (api, warnings) = load(inputs)?;
    if !warnings.is_empty() {
        return Err(strict(warnings, api));
    }
    let document = openapi::export::export(&api, version);
    Ok(match format {
        OpenApiFormat::Yaml => openapi::export::to_yaml(&document),
        OpenApiFormat::Json => openapi::export::to_json(&document),
    })
}

fn error_of(mut diagnostics: Vec<Diagnostic>, sources: Sources, partial: Option<ir::Api>) -> Error {
    sort(&mut diagnostics);
    Error { diagnostics, sources, partial: partial.map(Box::new) }
}

/// The diagnostics of a run without errors: its warnings.
fn warnings_of(mut diagnostics: Vec<Diagnostic>, sources: Sources, tally: Tally) -> Warnings {
    sort(&mut diagnostics);
    Warnings { diagnostics, sources, tally }
}

fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by_key(|diagnostic| diagnostic.span.map(|span| (span.source, span.start)));
    diagnostics.dedup();
}

/// What the OpenAPI documents among `files` came to, with what the checks
/// took out of them.
fn tally_of(files: &[spec::SpecFile], demoted: &validate::Demoted) -> Tally {
    let mut tally = Tally::default();
    for file in files {
        tally += file.tally;
    }
    tally += demoted.tally();
    tally
}

/// The files of a run, read into the spec model, with what went wrong.
struct Read {
    files: Vec<spec::SpecFile>,
    sources: Sources,
    diagnostics: Vec<Diagnostic>,
    /// The OpenAPI documents read, whose diagnostics get JSON pointers.
    documents: Vec<yaml::Node>,
}

fn read_all(inputs: &[Input]) -> Read {
    let mut sources = Sources::default();
    let mut diagnostics = Vec::new();
    let mut files = Vec::new();
    // Each input, then the files they include (breadth first); the span is
    // the `include:` entry that named the file. Only the first input must
    // have a `name`.
    let mut queue: VecDeque<(Input, Option<Span>)> = inputs.iter().map(|input| (input.clone(), None)).collect();
    // A file included twice (from two files, say) is read once.
    let mut read_paths = HashSet::new();
    let mut documents = Vec::new();
    while let Some((input, included_at)) = queue.pop_front() {
        if let Input::File { path, .. } | Input::OpenApi { path, .. } = &input
            && !read_paths.insert(path.canonicalize().unwrap_or_else(|_| path.clone()))
        {
            continue;
        }
        let (source, invalid_utf8_at) = match read_input(&input) {
            Ok(source) => source,
            Err(mut diagnostic) => {
                if included_at.is_some() {
                    diagnostic.span = included_at;
                    if diagnostic.hint.is_none() {
                        diagnostic = diagnostic.hint("an included file is found relative to the file that includes it");
                    }
                }
                diagnostics.push(diagnostic);
                continue;
            }
        };
        let id = sources.add(source);
        if let Some(offset) = invalid_utf8_at {
            diagnostics.push(
                Diagnostic::new(
                    Span { source: id, start: offset, end: offset + 1 },
                    "the spec is not valid UTF-8 text",
                )
                .hint("save the file as UTF-8"),
            );
            continue;
        }
        let root = match yaml::parse_keeping_going(&sources.get(id).text, id, &mut diagnostics) {
            Ok(root) => root,
            Err(mut diagnostic) => {
                // JSON is read as YAML; say so in JSON's words.
                if is_json_document(&input, &sources.get(id).text)
                    && let Some(reason) = diagnostic.message.strip_prefix("this is not valid YAML: ")
                {
                    diagnostic.message = format!("this is not valid JSON: {reason}");
                    diagnostic.hint =
                        Some("check that every bracket and quote is closed, and that no comma trails".into());
                }
                diagnostics.push(diagnostic);
                continue;
            }
        };
        if let Some(stem) = openapi_default_name(&input) {
            files.push(openapi::import::import(&root, &stem, &mut diagnostics));
            documents.push(root);
            continue;
        }
        let spec = spec::read(&root, files.is_empty() && included_at.is_none(), &mut diagnostics);
        for include in &spec.includes {
            match &input {
                Input::File { shown, path } => {
                    let shown = Path::new(shown).parent().unwrap_or(Path::new("")).join(&include.value);
                    let path = path.parent().unwrap_or(Path::new("")).join(&include.value);
                    queue.push_back((Input::File { shown: shown.display().to_string(), path }, Some(include.span)));
                }
                Input::Inline { .. } | Input::OpenApi { .. } | Input::InlineOpenApi { .. } => diagnostics.push(
                    Diagnostic::new(include.span, "`include` needs a spec file: an inline spec has no folder to find it in")
                        .hint("put the spec in a file, or list the files to merge in the macro: `generate!(\"a.yaml\", \"b.yaml\")`"),
                ),
            }
        }
        files.push(spec);
    }
    Read { files, sources, diagnostics, documents }
}

/// The source of an input, and the offset of its first invalid UTF-8 byte
/// (whose text is then decoded lossily, to show the place).
fn read_input(input: &Input) -> Result<(Source, Option<usize>), Diagnostic> {
    match input {
        Input::Inline { shown, text } | Input::InlineOpenApi { shown, text } => {
            Ok((Source { name: shown.clone(), path: None, text: text.clone() }, None))
        }
        Input::File { shown, path } => read_file_input(path, shown, "spec file"),
        Input::OpenApi { shown, path } => read_file_input(path, shown, "OpenAPI document"),
    }
}

/// Whether an OpenAPI document is JSON (read as YAML, whose parse errors
/// are then worded in JSON's terms): by its file's extension, or for text
/// without a file, by its first character.
fn is_json_document(input: &Input, text: &str) -> bool {
    match input {
        Input::OpenApi { path, .. } => path.extension().is_some_and(|extension| extension.eq_ignore_ascii_case("json")),
        Input::InlineOpenApi { .. } => text.trim_start().starts_with('{'),
        Input::File { .. } | Input::Inline { .. } => false,
    }
}

/// The name of the API of an OpenAPI document unless its `info` names it:
/// the file's (`nexus.json` → `nexus`), or `api` for a document without a
/// file. `None` for a spec of endpointgen's format.
fn openapi_default_name(input: &Input) -> Option<String> {
    match input {
        Input::OpenApi { path, .. } => {
            Some(path.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default())
        }
        Input::InlineOpenApi { .. } => Some("api".to_owned()),
        Input::File { .. } | Input::Inline { .. } => None,
    }
}

/// The source of a file input; `what` names it in messages (`spec file`,
/// `OpenAPI document`).
fn read_file_input(path: &Path, shown: &str, what: &str) -> Result<(Source, Option<usize>), Diagnostic> {
    let bytes = read_spec_file(path, shown, what)?;
    let (text, invalid_at) = match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            (String::from_utf8_lossy(error.as_bytes()).into_owned(), Some(offset))
        }
    };
    Ok((Source { name: shown.to_owned(), path: Some(path.to_owned()), text }, invalid_at))
}

/// The largest spec or OpenAPI file read: far above any real API's document
/// (the largest public OpenAPI documents are a few MiB), and low enough that
/// a file that never ends (`/dev/zero`) is refused before memory runs out.
/// What the CLI reads from standard input is held to it too.
pub const MAX_SPEC_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The bytes of a spec file: only a regular file, and at most
/// [`MAX_SPEC_FILE_BYTES`]. The kind is checked before the file is opened,
/// because opening a FIFO blocks until something writes to it; the size is
/// checked while reading, because a device (or a file that grows) may say
/// it is shorter than it is.
fn read_spec_file(path: &Path, shown: &str, what: &str) -> Result<Vec<u8>, Diagnostic> {
    use std::io::Read as _;
    let cannot_read = |error: std::io::Error| Diagnostic::io(format!("cannot read {what} `{shown}`: {error}"));
    let metadata = std::fs::metadata(path).map_err(cannot_read)?;
    if !metadata.file_type().is_file() {
        let kind = if metadata.is_dir() { "a folder" } else { "not a regular file (a device, a pipe or a socket)" };
        return Err(Diagnostic::io(format!("cannot read {what} `{shown}`: it is {kind}"))
            .hint("a spec, an included spec or an OpenAPI document must be a regular file"));
    }
    let too_large = || {
        Diagnostic::io(format!("{what} `{shown}` is larger than {} MiB", MAX_SPEC_FILE_BYTES / (1024 * 1024)))
            .hint("split the spec into files joined with `include:`")
    };
    if metadata.len() > MAX_SPEC_FILE_BYTES {
        return Err(too_large());
    }
    let file = std::fs::File::open(path).map_err(cannot_read)?;
    let mut bytes = Vec::new();
    file.take(MAX_SPEC_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(cannot_read)?;
    if bytes.len() as u64 > MAX_SPEC_FILE_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

/// How the header of a written file (generated code, an imported spec)
/// names the spec it came from, so that the file is the same bytes in every
/// checkout and on every machine: a relative path as it was given (relative
/// to the package, for a build script, whose current directory cargo makes
/// the package's), an absolute path inside the current directory relative to
/// it, and any other absolute path by its file name. Separators are `/`
/// everywhere.
#[must_use]
pub fn header_name(path: &Path) -> String {
    let relative = if path.is_absolute() {
        std::env::current_dir().ok().and_then(|base| path.strip_prefix(base).ok().map(Path::to_path_buf))
    } else {
        Some(path.to_path_buf())
    };
    let shown = relative.as_deref().or_else(|| path.file_name().map(Path::new)).unwrap_or(path);
    let parts: Vec<String> = shown
        .components()
        .filter(|component| !matches!(component, std::path::Component::CurDir))
        .map(|component| component.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// How a file that endpointgen wrote starts: `include_client!` lists the
/// clients in `OUT_DIR` by it.
pub(crate) const GENERATED_HEADER_START: &str = "// @generated by endpointgen ";

/// Formats generated code as a Rust file with an `@generated` header that
/// names the specs it came `from` (see [`header_name`]).
///
/// The printer (see `print/`) is made for the code endpointgen emits: it lays
/// it out exactly as rustfmt does with its default configuration (edition
/// 2024), so `cargo fmt --check` passes on a committed file, and it takes a
/// few milliseconds where parsing with syn and printing with prettyplease took
/// most of a generation's time.
#[must_use]
pub fn format(code: &Code, from: &str) -> String {
    // A file name is text too: a line break in it would end the comment.
    let header = format!(
        "{GENERATED_HEADER_START}{} from {}.\n// Do not edit: change the spec instead, and this file is regenerated.\n\n",
        env!("CARGO_PKG_VERSION"),
        emit::visible(from),
    );
    print::print(code, &header)
}

/// How generated code writes a Rust name of the IR (a type's, a field's,
/// an endpoint's): `r#type` for a keyword, `self_` for one that cannot be
/// raw. For code written beside a generated client that names its items.
#[must_use]
pub fn rust_ident(name: &str) -> String {
    ident::ident(name).to_string()
}

/// Checks that `path` is a Rust path (`::endpointgen`,
/// `crate::vendored::endpointgen`), as the runtime path of [`Options`] must be.
///
/// # Errors
///
/// A message saying what a runtime path looks like.
pub fn check_runtime_path(path: &str) -> Result<(), String> {
    let relative = path.strip_prefix("::").unwrap_or(path);
    let is_path = relative.split("::").all(|segment| ident::is_valid(segment.strip_prefix("r#").unwrap_or(segment)));
    if is_path {
        Ok(())
    } else {
        Err(format!("`{path}` is not a Rust path, such as `::endpointgen` or `crate::vendored::endpointgen`"))
    }
}

#[cfg(test)]
mod tests {
    use super::check_runtime_path;

    #[test]
    fn runtime_paths_are_rust_paths() {
        for valid in ["::endpointgen", "endpointgen", "crate::vendored::endpointgen", "r#type::x", "_private"] {
            assert_eq!(check_runtime_path(valid), Ok(()), "{valid}");
        }
        for invalid in ["", "::", "my crate", "a::", "a:::b", "1up", "_", "a-b", "$crate"] {
            assert!(check_runtime_path(invalid).is_err(), "{invalid}");
        }
    }
}
