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
            let tokens = lexed(&generated.code);
            let warnings = generated
                .warnings
                .shown()
                .iter()
                .map(|diagnostic| warning(args.span, &generated.warnings.render_short(diagnostic)));
            let not_shown = generated.warnings.not_shown().map(|not_shown| warning(args.span, &not_shown));
            let summary = generated.warnings.summary().map(|summary| warning(args.span, &summary));
            quote! { #tracked #tokens #(#warnings)* #not_shown #summary }
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
    /// Where errors about the spec point: the first spec argument.
    span: Span,
}

const USAGE: &str = "expected a spec path (`generate!(\"api-spec/portal.yaml\")`), `yaml = \"…\"`, `openapi = \"…\"`, `runtime = \"::path\"`, `groups = [\"…\"]`, or `strict = true`";

impl Args {
    fn parse(input: TokenStream) -> Result<Self, (Span, String)> {
        let mut tokens = flatten(input).into_iter().peekable();
        let mut args = Self { specs: Vec::new(), runtime: None, groups: None, strict: false, span: Span::call_site() };
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
                    if !matches!(key_name.as_str(), "yaml" | "openapi" | "runtime" | "groups" | "strict") {
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
                        args.strict = match tokens.next() {
                            Some(TokenTree::Ident(value)) if value == "true" => true,
                            Some(TokenTree::Ident(value)) if value == "false" => false,
                            other => {
                                return Err((
                                    other.map_or(key.span(), |token| token.span()),
                                    "expected `true` or `false` after `strict =`".to_owned(),
                                ));
                            }
                        };
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

    /// `yaml = "…"`, `openapi = "…"` or `runtime = "…"`, after the `=`.
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
        } else {
            if self.specs.is_empty() {
                self.span = literal.span();
            }
            self.specs.push(if key_name == "yaml" { SpecArg::Inline(value) } else { SpecArg::OpenApi(value) });
        }
        Ok(())
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

    #[test]
    fn explains_what_it_expects() {
        assert!(specs("").unwrap_err().contains("expected a spec path"));
        assert!(specs("42").unwrap_err().contains("expected a string literal"));
        assert!(specs("b\"x.yaml\"").unwrap_err().contains("expected a string literal, found `b\"x.yaml\"`"));
        assert!(specs("path = \"x\"").unwrap_err().contains("unknown argument `path`"));
        assert!(specs("\"a\" \"b\"").unwrap_err().contains("expected `,`"));
    }
}
