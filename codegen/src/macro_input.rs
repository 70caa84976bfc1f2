//! The `generate!` macro's input and output, here rather than in the
//! proc-macro crate so that tests can call it and the macro crate stays a
//! few lines.
//!
//! ```text
//! generate!("api-spec/portal.yaml")                        // relative to CARGO_MANIFEST_DIR
//! generate!("api-spec/portal.yaml", "api-spec/extras.yaml") // merged into one client
//! generate!(yaml = "spec: 1 …")                            // inline
//! generate!(openapi = "api-spec/openapi/nexus.json")       // an OpenAPI 3.0/3.1 document
//! generate!("spec.yaml", runtime = "::my_crate::endpointgen")
//! generate!(openapi = "vendor.json", strict = true)       // warnings are errors
//! generate!("spec.yaml", mocks = true)                     // endpoints implement `Respond`, for typed mocks
//! generate!("spec.yaml", server = true)                    // a server side too (implies `mocks`)
//! generate!("spec.yaml", expand_to = "target/portal.rs")   // also writes the expansion there
//! ```
//!
//! A proc-macro has no warnings of its own on stable Rust
//! (`proc_macro::Diagnostic` is unstable), so the warnings of an OpenAPI
//! import are shown the way stable allows: each is the note of a
//! `#[deprecated]` constant that the expansion uses at once, which rustc
//! reports as a warning at the macro's spec argument (see docs/design.md).

use std::path::{Path, PathBuf};

use proc_macro2::{Delimiter, Literal, Span, TokenStream, TokenTree};
use quote::{quote, quote_spanned};

use crate::{Code, Input, Options, generate};

/// Expands `generate!(…)`: the spec's items, plus `include_bytes!` of each
/// spec file so that cargo rebuilds when one changes. Problems become
/// `compile_error!`s, one per problem, each naming the file, line and column;
/// warnings become uses of deprecated constants (see the module's docs).
#[must_use]
pub fn expand_macro(input: TokenStream) -> TokenStream {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(|| PathBuf::from("."), PathBuf::from);
    expand_in(input, &manifest_dir)
}

/// [`expand_macro`] with relative paths resolved against `manifest_dir`.
pub(crate) fn expand_in(input: TokenStream, manifest_dir: &Path) -> TokenStream {
    let args = match Args::parse(input) {
        Ok(args) => args,
        Err((span, message)) => return compile_error(span, &message),
    };
    let inputs: Vec<Input> = args
        .specs
        .iter()
        .map(|spec| match spec {
            SpecArg::File(path) => Input::File { shown: path.clone(), path: manifest_dir.join(path) },
            SpecArg::Inline(text) => Input::Inline { shown: "<inline spec>".to_owned(), text: text.clone() },
            SpecArg::OpenApi(path) => Input::OpenApi { shown: path.clone(), path: manifest_dir.join(path) },
        })
        .collect();
    let options = Options {
        runtime_path: args.runtime.unwrap_or_else(|| Options::default().runtime_path),
        groups: args.groups,
        strict: args.strict,
        mocks: args.mocks,
        server: args.server,
    };
    let generated = generate(&inputs, &options)
        .map_err(|error| error.hint_io("paths in `generate!` are relative to the directory of the crate's Cargo.toml"));
    // Every file read, included ones too, tracked even when the spec is
    // broken, so that fixing it re-expands. A spec file that could not be
    // read is tracked if it exists (it may be unreadable for another reason).
    let mut files: Vec<PathBuf> = match &generated {
        Ok(generated) => generated.files.clone(),
        Err(error) => error.sources().iter().filter_map(|source| source.path.clone()).collect(),
    };
    for input in &inputs {
        if let Input::File { path, .. } | Input::OpenApi { path, .. } = input
            && path.is_file()
            && !files.contains(path)
        {
            files.push(path.clone());
        }
    }
    let tracked: TokenStream = files
        .iter()
        .map(|path| {
            let path = path.to_string_lossy().into_owned();
            quote!(
                const _: &[u8] = ::core::include_bytes!(#path);
            )
        })
        .collect();
    match generated {
        Ok(generated) => {
            // The same file a build script writes, header included, so that
            // it reads (and diffs) as the build script's output does.
            let written = args.expand_to.as_ref().and_then(|(path, span)| {
                let shown: Vec<&str> = inputs.iter().map(Input::shown).collect();
                let code = crate::format(&generated.code, &shown.join(", "));
                write_expansion(&manifest_dir.join(path), &code).err().map(|error| compile_error(*span, &error))
            });
            let tokens = lexed(&generated.code);
            let warnings = generated
                .warnings
                .shown()
                .iter()
                .map(|diagnostic| warning(args.span, &generated.warnings.render_short(diagnostic)));
            let not_shown = generated.warnings.not_shown().map(|not_shown| warning(args.span, &not_shown));
            let summary = generated.warnings.summary().map(|summary| warning(args.span, &summary));
            quote! { #tracked #written #tokens #(#warnings)* #not_shown #summary }
        }
        Err(error) => {
            let problems = error.shown().iter().map(|diagnostic| {
                if diagnostic.is_error() {
                    compile_error(args.span, &error.render_for_compile_error(diagnostic))
                } else {
                    warning(args.span, &error.render_short(diagnostic))
                }
            });
            let not_shown = error.not_shown().map(|not_shown| compile_error(args.span, &not_shown));
            // Next to the errors, the code for what could be understood, so
            // that code using the client does not fail for want of it.
            let stub = crate::stub(&error, &options).map(|stub| lexed(&stub));
            quote! { #tracked #(#problems)* #not_shown #stub }
        }
    }
}

/// Expands `include_client!("portal")`: `include!` of
/// `$OUT_DIR/portal.rs`, when the build script wrote it. Otherwise a
/// `compile_error!` that says why and what to do (rustc's own errors name
/// neither: "couldn't read …/out/gh.rs", or `env!("OUT_DIR")` with a hint to
/// use `std::env::var`): without a build script, how to add one; with a
/// name the build script did not write, the names it did.
///
/// A proc-macro runs with the environment cargo gives rustc, which has
/// `OUT_DIR` exactly when the package has a build script, and the build
/// script has run by then.
#[must_use]
pub fn expand_include_client(input: TokenStream) -> TokenStream {
    let out_dir = std::env::var_os("OUT_DIR").map(PathBuf::from);
    include_client_from(input, out_dir.as_deref())
}

/// [`expand_include_client`] with `OUT_DIR` given (`None`: not set).
pub(crate) fn include_client_from(input: TokenStream, out_dir: Option<&Path>) -> TokenStream {
    const USAGE: &str = "expected the client's name, such as `include_client!(\"portal\")`: the spec's `name:`, or the \
                         `Config::file_name` of the build script";
    let tokens = flatten(input);
    let literal = match tokens.as_slice() {
        [TokenTree::Literal(literal)] => literal,
        [TokenTree::Literal(literal), TokenTree::Punct(comma)] if comma.as_char() == ',' => literal,
        [first, ..] => return compile_error(first.span(), USAGE),
        [] => return compile_error(Span::call_site(), USAGE),
    };
    let name = match string_value(literal) {
        Ok(name) => name,
        Err((span, _)) => return compile_error(span, USAGE),
    };
    let Some(out_dir) = out_dir else {
        return compile_error(
            literal.span(),
            &format!(
                "`include_client!(\"{name}\")` includes the client that a build script wrote to OUT_DIR, and this \
                 package has no build script (cargo sets OUT_DIR only for a package that has one)\n\
                 = help: add `build.rs` with `endpointgen_codegen::Config::new().spec(\"api.yaml\").generate()?`, \
                 and `endpointgen-codegen` under `[build-dependencies]`; or expand the spec in place with \
                 `endpointgen::generate!(\"api.yaml\")`, which needs no build script"
            ),
        );
    };
    let file = out_dir.join(format!("{name}.rs"));
    if !file.is_file() {
        let written = clients_in(out_dir);
        let help = if written.is_empty() {
            "the build script wrote no client: does it call `endpointgen_codegen::Config::new().spec(\"…\").generate()?`?"
                .to_owned()
        } else {
            let names: Vec<String> = written.iter().map(|name| format!("`include_client!(\"{name}\")`")).collect();
            format!("the build script wrote {}", names.join(", "))
        };
        return compile_error(
            literal.span(),
            &format!(
                "no client named `{name}` in OUT_DIR: `{}` does not exist\n\
                 = note: a client's file is named after its spec's `name:`, unless the build script set \
                 `Config::file_name`\n\
                 = help: {help}",
                file.display()
            ),
        );
    }
    let path = format!("/{name}.rs");
    quote_spanned! {literal.span()=>
        ::core::include!(::core::concat!(::core::env!("OUT_DIR"), #path));
    }
}

/// The names of the clients that endpointgen wrote to `dir` (files that
/// start with its `@generated` header), sorted.
fn clients_in(dir: &Path) -> Vec<String> {
    use std::io::Read as _;

    let header = crate::GENERATED_HEADER_START.as_bytes();
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let path = entry.path();
            let name = path.file_name()?.to_str()?.strip_suffix(".rs")?.to_owned();
            let mut start = vec![0; header.len()];
            std::fs::File::open(&path).ok()?.read_exact(&mut start).ok()?;
            (start == header).then_some(name)
        })
        .collect();
    names.sort();
    names
}

/// Writes the expansion to `path` for `expand_to`, making its folder, and
/// only when it changed (an editor showing it does not reload for nothing).
fn write_expansion(path: &Path, code: &str) -> Result<(), String> {
    if std::fs::read_to_string(path).is_ok_and(|existing| existing == code) {
        return Ok(());
    }
    let cannot = |error: std::io::Error| format!("`expand_to`: cannot write {}: {error}", path.display());
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder).map_err(cannot)?;
    }
    std::fs::write(path, code).map_err(cannot)
}

/// A warning at `span` on stable Rust: the use of a constant deprecated
/// with `note`, which rustc reports as
///
/// ```text
/// warning: use of deprecated constant `api::_::endpointgen_warning`: <note>
/// ```
///
/// (an error under `#![deny(warnings)]`; `#[allow(deprecated)]` on the
/// module silences it). The constant is inside `const _`, out of the
/// module's namespace.
fn warning(span: Span, note: &str) -> TokenStream {
    quote_spanned! {span=>
        const _: () = {
            #[deprecated(note = #note)]
            #[allow(non_upper_case_globals)]
            const endpointgen_warning: () = ();
            endpointgen_warning
        };
    }
}

/// The generated code as tokens: its text, lexed. In the proc-macro,
/// proc-macro2 hands the text to the compiler's lexer, which is much faster
/// than making the tokens one by one through the proc-macro bridge.
fn lexed(code: &Code) -> TokenStream {
    code.to_string().parse().unwrap_or_else(|error| {
        compile_error(
            Span::call_site(),
            &format!("endpointgen generated code that does not lex ({error:?}): a bug, please report it"),
        )
    })
}

fn compile_error(span: Span, message: &str) -> TokenStream {
    quote_spanned!(span=> ::core::compile_error! { #message })
}

enum SpecArg {
    File(String),
    Inline(String),
    OpenApi(String),
}

struct Args {
    specs: Vec<SpecArg>,
    runtime: Option<String>,
    /// `groups = ["…", …]`: only these groups.
    groups: Option<Vec<String>>,
    /// `strict = true`: the warnings of an OpenAPI import are errors.
    strict: bool,
    /// `mocks = true`: endpoints implement `Respond` and outputs are
    /// `Serialize`, what typed mocks need.
    mocks: bool,
    /// `server = true`: a server side too (implies `mocks`).
    server: bool,
    /// `expand_to = "target/portal.rs"`: the file to write the expansion to,
    /// formatted, for a reader (the macro's items are not in any file).
    expand_to: Option<(String, Span)>,
    /// Where errors about the spec point: the first spec argument.
    span: Span,
}

const USAGE: &str = "expected a spec path (`generate!(\"api-spec/portal.yaml\")`), `yaml = \"…\"`, `openapi = \"…\"`, `runtime = \"::path\"`, `groups = [\"…\"]`, `strict = true`, `mocks = true`, `server = true`, or `expand_to = \"target/client.rs\"`";

impl Args {
    fn parse(input: TokenStream) -> Result<Self, (Span, String)> {
        let mut tokens = flatten(input).into_iter().peekable();
        let mut args = Self {
            specs: Vec::new(),
            runtime: None,
            groups: None,
            strict: false,
            mocks: false,
            server: false,
            expand_to: None,
            span: Span::call_site(),
        };
        while let Some(token) = tokens.next() {
            match token {
                TokenTree::Literal(literal) => {
                    if args.specs.is_empty() {
                        args.span = literal.span();
                    }
                    args.specs.push(SpecArg::File(string_value(&literal)?));
                }
                TokenTree::Ident(key) => {
                    let key_name = key.to_string();
                    if !matches!(
                        key_name.as_str(),
                        "yaml" | "openapi" | "runtime" | "groups" | "strict" | "mocks" | "server" | "expand_to"
                    ) {
                        return Err((key.span(), format!("unknown argument `{key_name}`: {USAGE}")));
                    }
                    match tokens.next() {
                        Some(TokenTree::Punct(punct)) if punct.as_char() == '=' => {}
                        other => {
                            return Err((
                                other.map_or(key.span(), |token| token.span()),
                                format!("expected `=` after `{key_name}`"),
                            ));
                        }
                    }
                    if key_name == "groups" {
                        args.groups = Some(group_names(tokens.next(), key.span())?);
                    } else if key_name == "strict" {
                        args.strict = bool_value(tokens.next(), &key)?;
                    } else if key_name == "mocks" {
                        args.mocks = bool_value(tokens.next(), &key)?;
                    } else if key_name == "server" {
                        args.server = bool_value(tokens.next(), &key)?;
                    } else {
                        args.string_arg(&key, &key_name, tokens.next())?;
                    }
                }
                other => return Err((other.span(), USAGE.to_owned())),
            }
            match tokens.next() {
                None => break,
                Some(TokenTree::Punct(punct)) if punct.as_char() == ',' => {}
                Some(other) => return Err((other.span(), format!("expected `,` between arguments; {USAGE}"))),
            }
        }
        if args.specs.is_empty() {
            return Err((Span::call_site(), USAGE.to_owned()));
        }
        Ok(args)
    }

    /// `yaml = "…"`, `openapi = "…"`, `runtime = "…"` or `expand_to = "…"`,
    /// after the `=`.
    fn string_arg(
        &mut self,
        key: &proc_macro2::Ident,
        key_name: &str,
        value: Option<TokenTree>,
    ) -> Result<(), (Span, String)> {
        let Some(TokenTree::Literal(literal)) = value else {
            return Err((key.span(), format!("expected a string after `{key_name} =`")));
        };
        let value = string_value(&literal)?;
        if key_name == "runtime" {
            self.runtime = Some(value);
        } else if key_name == "expand_to" {
            self.expand_to = Some((value, literal.span()));
        } else {
            if self.specs.is_empty() {
                self.span = literal.span();
            }
            self.specs.push(if key_name == "yaml" { SpecArg::Inline(value) } else { SpecArg::OpenApi(value) });
        }
        Ok(())
    }
}

/// `true` or `false`: the value of `strict =`, `mocks =` or `server =`.
fn bool_value(value: Option<TokenTree>, key: &proc_macro2::Ident) -> Result<bool, (Span, String)> {
    match value {
        Some(TokenTree::Ident(value)) if value == "true" => Ok(true),
        Some(TokenTree::Ident(value)) if value == "false" => Ok(false),
        other => {
            Err((other.map_or(key.span(), |token| token.span()), format!("expected `true` or `false` after `{key} =`")))
        }
    }
}

/// `["bookings", "profile"]`: the group names of `groups = […]`.
fn group_names(value: Option<TokenTree>, key_span: Span) -> Result<Vec<String>, (Span, String)> {
    let expected = "expected a list of group names after `groups =`, such as `[\"bookings\", \"profile\"]`";
    let Some(TokenTree::Group(list)) =
        value.filter(|value| matches!(value, TokenTree::Group(group) if group.delimiter() == Delimiter::Bracket))
    else {
        return Err((key_span, expected.to_owned()));
    };
    let mut names = Vec::new();
    let mut tokens = flatten(list.stream()).into_iter();
    while let Some(token) = tokens.next() {
        let TokenTree::Literal(literal) = token else {
            return Err((token.span(), expected.to_owned()));
        };
        names.push(string_value(&literal)?);
        match tokens.next() {
            None => break,
            Some(TokenTree::Punct(punct)) if punct.as_char() == ',' => {}
            Some(other) => return Err((other.span(), "expected `,` between group names".to_owned())),
        }
    }
    Ok(names)
}

/// The tokens, with invisible groups (what `macro_rules!` wraps a `$x:literal`
/// in) opened.
fn flatten(input: TokenStream) -> Vec<TokenTree> {
    let mut tokens = Vec::new();
    for token in input {
        match token {
            TokenTree::Group(group) if group.delimiter() == Delimiter::None => tokens.extend(flatten(group.stream())),
            token => tokens.push(token),
        }
    }
    tokens
}

/// The value of a string literal token (`"…"` with any escape Rust has, or
/// raw `r#"…"#`), read by syn as rustc reads it.
fn string_value(literal: &Literal) -> Result<String, (Span, String)> {
    match syn::parse2::<syn::LitStr>(TokenTree::Literal(literal.clone()).into()) {
        Ok(string) => Ok(string.value()),
        Err(_) => Err((literal.span(), format!("expected a string literal, found `{literal}`"))),
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use proc_macro2::TokenStream;

    use super::{Args, SpecArg};

    fn specs(input: &str) -> Result<Vec<String>, String> {
        let args = Args::parse(TokenStream::from_str(input).unwrap()).map_err(|(_, message)| message)?;
        Ok(args
            .specs
            .into_iter()
            .map(|spec| match spec {
                SpecArg::File(path) => format!("file:{path}"),
                SpecArg::Inline(text) => format!("inline:{text}"),
                SpecArg::OpenApi(path) => format!("openapi:{path}"),
            })
            .collect())
    }

    #[test]
    fn reads_paths_inline_specs_and_escapes() {
        assert_eq!(specs(r#""api-spec/portal.yaml""#).unwrap(), ["file:api-spec/portal.yaml"]);
        assert_eq!(specs(r#""a.yaml", "b.yaml","#).unwrap(), ["file:a.yaml", "file:b.yaml"]);
        assert_eq!(specs(r##"yaml = r#"spec: 1"#"##).unwrap(), ["inline:spec: 1"]);
        assert_eq!(specs(r#"yaml = "a:\n  b: \"c\" \u{e9}""#).unwrap(), ["inline:a:\n  b: \"c\" é"]);
        // Every escape Rust has, a line continuation after CR LF among them.
        assert_eq!(specs("yaml = \"a: \\x41\\0\\r\\t\\'\\\r\n   b\"").unwrap(), ["inline:a: A\0\r\t'b"]);
        assert_eq!(specs(r#"openapi = "nexus.json", "ours.yaml""#).unwrap(), ["openapi:nexus.json", "file:ours.yaml"]);
    }

    /// The message of the `compile_error!` that `include_client!` expands
    /// to, or `None` when it includes the file.
    fn include_client_error(input: &str, out_dir: Option<&std::path::Path>) -> Option<String> {
        let expansion = super::include_client_from(TokenStream::from_str(input).unwrap(), out_dir).to_string();
        if expansion.contains("include !") {
            return None;
        }
        let message: syn::LitStr =
            syn::parse_str(&expansion[expansion.find('"').unwrap()..=expansion.rfind('"').unwrap()]).unwrap();
        Some(message.value())
    }

    #[test]
    fn include_client_names_the_cause_and_the_fix() {
        let without_build_script = include_client_error(r#""gh""#, None).unwrap();
        assert!(without_build_script.contains("this package has no build script"), "{without_build_script}");
        assert!(without_build_script.contains("[build-dependencies]"), "{without_build_script}");
        assert!(without_build_script.contains("endpointgen::generate!"), "{without_build_script}");

        let out_dir = std::env::temp_dir().join(format!("endpointgen-include-client-{}", std::process::id()));
        std::fs::create_dir_all(&out_dir).unwrap();
        let nothing = include_client_error(r#""gh""#, Some(&out_dir)).unwrap();
        assert!(nothing.contains("the build script wrote no client"), "{nothing}");

        // Two clients of endpointgen's, and a file of another build step.
        let header = crate::GENERATED_HEADER_START;
        std::fs::write(out_dir.join("portal.rs"), format!("{header}0.1.0 from portal.yaml.\n")).unwrap();
        std::fs::write(out_dir.join("catalog.rs"), format!("{header}0.1.0 from catalog.json.\n")).unwrap();
        std::fs::write(out_dir.join("bindings.rs"), "pub fn other() {}\n").unwrap();
        let wrong_name = include_client_error(r#""gh""#, Some(&out_dir)).unwrap();
        assert!(wrong_name.starts_with("no client named `gh` in OUT_DIR: `"), "{wrong_name}");
        assert!(wrong_name.contains("gh.rs` does not exist"), "{wrong_name}");
        assert!(wrong_name.contains("named after its spec's `name:`"), "{wrong_name}");
        assert!(
            wrong_name.contains(r#"the build script wrote `include_client!("catalog")`, `include_client!("portal")`"#),
            "{wrong_name}"
        );
        assert!(!wrong_name.contains("bindings"), "{wrong_name}");

        assert_eq!(include_client_error(r#""portal""#, Some(&out_dir)), None);
        assert!(include_client_error("portal", Some(&out_dir)).unwrap().contains("expected the client's name"));
        std::fs::remove_dir_all(&out_dir).unwrap();
    }

    #[test]
    fn expand_to_writes_the_expansion_as_the_build_script_would() {
        let dir = std::env::temp_dir().join(format!("endpointgen-expand-to-{}", std::process::id()));
        let spec = "spec: 1\nname: things\nendpoints:\n  things:\n    get: { method: GET, path: /things }\n";
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("spec.yaml"), spec).unwrap();
        let input = TokenStream::from_str(r#""spec.yaml", expand_to = "target/endpointgen/things.rs""#).unwrap();
        let expansion = super::expand_in(input, &dir).to_string();
        assert!(!expansion.contains("compile_error"), "{expansion}");
        let written = std::fs::read_to_string(dir.join("target/endpointgen/things.rs")).unwrap();
        let from_build_script =
            crate::Config::new().spec(dir.join("spec.yaml")).skip_rerun_lines().generate_string().unwrap().code;
        // The header names the spec as each was given it.
        let body = |code: &str| code.split_once("\n\n").unwrap().1.to_owned();
        assert_eq!(body(&written), body(&from_build_script));
        assert!(
            written.starts_with("// @generated by endpointgen") && written.contains(" from spec.yaml."),
            "{written}"
        );

        // A path that cannot be written is an error at the argument.
        std::fs::write(dir.join("file"), "").unwrap();
        let input = TokenStream::from_str(r#""spec.yaml", expand_to = "file/things.rs""#).unwrap();
        let expansion = super::expand_in(input, &dir).to_string();
        assert!(expansion.contains("`expand_to`: cannot write"), "{expansion}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn explains_what_it_expects() {
        assert!(specs("").unwrap_err().contains("expected a spec path"));
        assert!(specs("42").unwrap_err().contains("expected a string literal"));
        assert!(specs("b\"x.yaml\"").unwrap_err().contains("expected a string literal, found `b\"x.yaml\"`"));
        assert!(specs("path = \"x\"").unwrap_err().contains("unknown argument `path`"));
        assert!(specs("\"a\" \"b\"").unwrap_err().contains("expected `,`"));
        assert_eq!(specs("\"a\", mocks = 3").unwrap_err(), "expected `true` or `false` after `mocks =`");
        assert_eq!(specs("\"a\", server = \"yes\"").unwrap_err(), "expected `true` or `false` after `server =`");
        assert_eq!(specs("\"a\", strict").unwrap_err(), "expected `=` after `strict`");
    }

    #[test]
    fn reads_the_generation_options() {
        let parse = |input: &str| Args::parse(TokenStream::from_str(input).unwrap()).map_err(|(_, message)| message);
        let plain = parse(r#""a.yaml""#).unwrap();
        assert!(!plain.mocks && !plain.server && !plain.strict);
        let both = parse(r#""a.yaml", mocks = true, server = true, strict = false"#).unwrap();
        assert!(both.mocks && both.server && !both.strict);
        let off = parse(r#""a.yaml", mocks = false"#).unwrap();
        assert!(!off.mocks);
    }
}
