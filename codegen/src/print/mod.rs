//! Code (see `code.rs`) → Rust source text, laid out exactly as rustfmt
//! (edition 2024, default configuration) lays it out: the last stage of
//! build.rs and CLI output, so that a user who commits the file and runs
//! `cargo fmt --check` sees nothing to change.
//!
//! A formatter of its own, not rustfmt itself (users may not have it, and
//! running it costs more than generating) nor prettyplease (whose layout is
//! not rustfmt's). It reads emit's tokens back as a syntax tree of the few
//! shapes generated code has (`syntax.rs`, whose parser is in
//! `syntax/parse_items.rs` and `syntax/parse_exprs.rs`), and rewrites each
//! node for the room it has with rustfmt's rules, ported function by
//! function from rustfmt's sources into files named after rustfmt's
//! (`expr.rs`, `types.rs`, `patterns.rs`, `matches.rs`, `closures.rs`,
//! `chains.rs`, `items.rs`, `overflow.rs`, `lists.rs`, `shape.rs`): the
//! same width heuristics (`fn_call_width` 60, `struct_lit_width` 18,
//! `chain_width` 60, `attr_fn_like_width` 70, …), the same fallbacks from
//! one layout to the next, the same quirks (`flat.rs` is the fast path for
//! what stays on one line). A test runs rustfmt on every client of the
//! repository's specs and documents and checks that it changes nothing
//! (`tests/integration/rustfmt.rs`).
//!
//! Where rustfmt changes tokens, so does the printer: trailing commas of
//! vertical lists, a block around a match arm's body or a closure's that
//! does not fit on its line, `#[doc = "…"]` as `///` with the line's
//! trailing whitespace trimmed. What it cannot read or lay out, it prints
//! token by token, as rustfmt leaves what it cannot format; the tests check
//! that this never happens to generated code.

mod chains;
mod closures;
mod expr;
mod flat;
mod items;
mod lists;
mod matches;
mod overflow;
mod patterns;
mod shape;
mod syntax;
mod types;

use std::cell::{Cell, RefCell};

use bumpalo::Bump;

use crate::code::{Code, TokenKind};
use shape::Indent;

/// Prints code as Rust source (the items of a file) after `header`.
pub(crate) fn print(code: &Code, header: &str) -> String {
    print_counting_fallbacks(code, header).0
}

/// [`print`], and how many items or statements were printed token by token
/// because the printer could not read or lay them out.
pub(crate) fn print_counting_fallbacks(code: &Code, header: &str) -> (String, usize) {
    let printer =
        Printer { code, arenas: RefCell::default(), force_one_line_chain: Cell::new(false), fallbacks: Cell::new(0) };
    let mut out = String::with_capacity(header.len() + code.text.len() * 2);
    out.push_str(header);
    let mut first = true;
    printer.each_item(syntax::Span { start: 0, end: code.tokens.len() }, |item| {
        if !first {
            out.push('\n');
        }
        first = false;
        printer.item(item, Indent::new(0, 0), &mut out);
    });
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    (out, printer.fallbacks.get())
}

const BATCH_TOKENS: usize = 4096;

pub(super) struct Printer<'c> {
    code: &'c Code,
    /// Arenas for the items being printed, one per level of nesting, kept
    /// for the next item at that level (see [`Printer::each_item`]).
    arenas: RefCell<Vec<Bump>>,
    /// rustfmt's `force_one_line_chain`: while a call's last argument, a
    /// method chain, is tried as an overflow, the chain must stay on one
    /// line.
    force_one_line_chain: Cell<bool>,
    fallbacks: Cell<usize>,
}

impl Printer<'_> {
    /// Reads the items of `tokens[span]` one at a time and hands each to
    /// `print`. Each is read into an arena that is emptied for the next:
    /// the tree of a module's item is in memory (and in the cache) while it
    /// is printed, and its nodes cost no allocation or free of their own.
    fn each_item(&self, span: syntax::Span, mut print: impl FnMut(&syntax::Item<'_>)) {
        let mut arena = self.arenas.borrow_mut().pop().unwrap_or_default();
        let mut cursor = span.start;
        while cursor < span.end {
            let mut batch = Vec::new();
            let batch_end = cursor + BATCH_TOKENS;
            while cursor < span.end && cursor < batch_end {
                batch.push(syntax::item(self.code, &arena, &mut cursor, span.end));
            }
            for item in &batch {
                print(item);
            }
            drop(batch);
            arena.reset();
        }
        self.arenas.borrow_mut().push(arena);
    }

    /// `tokens[start..end]` as the compiler's lexer reads them back: one
    /// space between tokens, none after a joint character.
    fn verbatim(&self, start: usize, end: usize) -> String {
        self.fallbacks.set(self.fallbacks.get() + 1);
        let mut out = String::new();
        let mut space = false;
        for index in start..end {
            if space {
                out.push(' ');
            }
            space = true;
            match self.code.tokens[index].kind {
                TokenKind::Open(delimiter) => out.push_str(delimiter.text().0),
                TokenKind::Close(delimiter) => out.push_str(delimiter.text().1),
                TokenKind::Punct { joint, .. } => {
                    space = !joint;
                    out.push_str(self.code.text_of(index));
                }
                TokenKind::Ident | TokenKind::Literal => out.push_str(self.code.text_of(index)),
            }
        }
        out
    }
}

/// Compiled for the tests, the printer checks each answer of a fast path
/// (see `flat.rs`) against the full rewrite by rustfmt's rules.
#[cfg(test)]
#[track_caller]
#[expect(clippy::needless_pass_by_value, reason = "called with the full rewrite's result")]
fn check_flat(flat: &str, full: Option<String>) {
    assert_eq!(Some(flat), full.as_deref(), "the fast path disagrees with the full rewrite");
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use proc_macro2::{Delimiter, TokenStream, TokenTree};

    use super::{print, print_counting_fallbacks};
    use crate::code::string_literal_value;
    use crate::code::{Code, code};
    use crate::{Input, Options, generate};

    /// A token for comparison: spans and spacing dropped, and a run of doc
    /// attributes as the one string rustdoc reads (a `///` line per line of
    /// a doc string parses back as an attribute per line).
    #[derive(Debug, PartialEq)]
    enum Compared {
        Open(char),
        Close(char),
        Ident(String),
        Punct(char),
        Literal(String),
        Doc { inner: bool, value: String },
    }

    /// The tokens of `stream`, with the differences rustfmt makes undone:
    /// no comma before a closing delimiter or after a block (a match arm's),
    /// a brace group without statements after `=>` or a closure's `|` read
    /// as its contents, and doc lines without trailing whitespace.
    fn compared(stream: TokenStream) -> Vec<Compared> {
        let mut out = Vec::new();
        flatten(stream, &mut out);
        out
    }

    fn flatten(stream: TokenStream, out: &mut Vec<Compared>) {
        let trees: Vec<TokenTree> = stream.into_iter().collect();
        let mut index = 0;
        while index < trees.len() {
            if let Some((inner, value, length)) = doc_attribute(&trees[index..]) {
                let value: Vec<&str> =
                    value.split('\n').map(|line| if line.ends_with("  ") { line } else { line.trim_end() }).collect();
                let value = value.join("\n");
                match out.last_mut() {
                    Some(Compared::Doc { inner: last_inner, value: last }) if *last_inner == inner => {
                        last.push('\n');
                        last.push_str(&value);
                    }
                    _ => out.push(Compared::Doc { inner, value }),
                }
                index += length;
                continue;
            }
            match &trees[index] {
                TokenTree::Group(group) => {
                    let (open, close) = match group.delimiter() {
                        Delimiter::Parenthesis => ('(', ')'),
                        Delimiter::Brace => ('{', '}'),
                        Delimiter::Bracket => ('[', ']'),
                        Delimiter::None => {
                            flatten(group.stream(), out);
                            index += 1;
                            continue;
                        }
                    };
                    let after_arrow_or_bar = matches!(out.last(), Some(Compared::Punct('>' | '|')));
                    let has_statements = group
                        .stream()
                        .into_iter()
                        .any(|tree| matches!(&tree, TokenTree::Punct(punct) if punct.as_char() == ';'));
                    if open == '{' && after_arrow_or_bar && !has_statements && !group.stream().is_empty() {
                        flatten(group.stream(), out);
                        // An arm's body read without its block has its comma.
                        let next_is_comma =
                            matches!(trees.get(index + 1), Some(TokenTree::Punct(punct)) if punct.as_char() == ',');
                        if !next_is_comma && !out.is_empty() {
                            out.push(Compared::Punct(','));
                        }
                    } else {
                        out.push(Compared::Open(open));
                        flatten(group.stream(), out);
                        if matches!(out.last(), Some(Compared::Punct(','))) {
                            out.pop();
                        }
                        out.push(Compared::Close(close));
                    }
                }
                TokenTree::Ident(ident) => out.push(Compared::Ident(ident.to_string())),
                TokenTree::Punct(punct) => {
                    // No comma after a block: rustfmt drops a match arm's.
                    if punct.as_char() == ',' && matches!(out.last(), Some(Compared::Close('}') | Compared::Punct(',')))
                    {
                        index += 1;
                        continue;
                    }
                    // No comma before the `>` of a generic list.
                    if punct.as_char() == '>' && matches!(out.last(), Some(Compared::Punct(','))) {
                        out.pop();
                    }
                    out.push(Compared::Punct(punct.as_char()));
                }
                TokenTree::Literal(literal) => out.push(Compared::Literal(literal.to_string())),
            }
            index += 1;
        }
        if matches!(out.last(), Some(Compared::Punct(','))) {
            out.pop();
        }
    }

    /// `#[doc = "…"]` or `#![doc = "…"]` at the start of `trees`: whether
    /// inner, the string's value, and how many trees it takes.
    fn doc_attribute(trees: &[TokenTree]) -> Option<(bool, String, usize)> {
        let TokenTree::Punct(pound) = trees.first()? else { return None };
        if pound.as_char() != '#' {
            return None;
        }
        let inner = matches!(trees.get(1), Some(TokenTree::Punct(bang)) if bang.as_char() == '!');
        let length = if inner { 3 } else { 2 };
        let TokenTree::Group(group) = trees.get(length - 1)? else { return None };
        if group.delimiter() != Delimiter::Bracket {
            return None;
        }
        let inside: Vec<TokenTree> = group.stream().into_iter().collect();
        match inside.as_slice() {
            [TokenTree::Ident(doc), TokenTree::Punct(equals), TokenTree::Literal(literal)]
                if doc == "doc" && equals.as_char() == '=' =>
            {
                Some((inner, string_literal_value(&literal.to_string())?.into_owned(), length))
            }
            _ => None,
        }
    }

    /// Prints `code`, parses the text back, and checks that the tokens are
    /// those of the code unformatted, but for what rustfmt changes too;
    /// returns the text.
    fn assert_round_trip(code: &Code, what: &str) -> String {
        let text = print(code, "");
        let parsed: TokenStream =
            text.parse().unwrap_or_else(|error| panic!("{what}: the printed code does not lex: {error:?}\n{text}"));
        let unformatted: TokenStream = code.to_string().parse().unwrap();
        let (expected, actual) = (compared(unformatted), compared(parsed));
        if let Some(at) = expected.iter().zip(&actual).position(|(expected, actual)| expected != actual) {
            let from = at.saturating_sub(8);
            panic!(
                "{what}: token {at} differs\nexpected: {:?}\nprinted:  {:?}",
                &expected[from..(at + 8).min(expected.len())],
                &actual[from..(at + 8).min(actual.len())]
            );
        }
        assert_eq!(expected.len(), actual.len(), "{what}: a different number of tokens");
        text
    }

    fn api_spec(path: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-spec").join(path)
    }

    /// Every spec and document of the repository: the portal spec, the
    /// valid fixtures, and the OpenAPI documents through the import; with
    /// whether the printer may print some of its code token by token (the
    /// fixture that nests modules deeper than a line holds, and a document
    /// with names longer than a line holds).
    fn every_spec() -> Vec<(String, Vec<Input>, bool)> {
        let portal = vec![Input::file(api_spec("portal.yaml")), Input::file(api_spec("portal-extras.yaml"))];
        let mut cases = vec![("portal".to_owned(), portal, false)];
        let valid: &[&[&str]] = &[
            &["keywords.yaml"],
            &["prelude_names.yaml"],
            &["deep_nesting.yaml"],
            &["recursive.yaml"],
            &["everything.yaml"],
            &["include_tree/root.yaml"],
            &["merged/vendor.yaml", "merged/ours.yaml"],
            &["param_styles.yaml"],
            &["paging_styles.yaml"],
            &["unions.yaml"],
            &["schemas.openapi.yaml"],
            &["flattened.yaml"],
            &["operations.yaml"],
            &["credentials.yaml"],
            &["auth_all_at_once.yaml"],
            &["hostile_text.yaml"],
            &["every_error_status.yaml"],
            &["streams.yaml"],
            &["multipart.yaml"],
            &["defaults.yaml"],
            &["huge_enums.yaml"],
        ];
        // A fixture added to the folder must be added here too.
        let mut listed: Vec<String> = std::fs::read_dir(api_spec("fixtures/valid"))
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        listed.sort();
        let mut covered: Vec<String> =
            valid.iter().map(|files| files[0].split('/').next().unwrap_or_default().to_owned()).collect();
        covered.sort();
        assert_eq!(listed, covered, "every entry of fixtures/valid is printed by this test");
        for files in valid {
            let inputs = files
                .iter()
                .map(|file| {
                    let path = api_spec(&format!("fixtures/valid/{file}"));
                    if file.ends_with(".openapi.yaml") { Input::openapi(path) } else { Input::file(path) }
                })
                .collect();
            cases.push((files.join(" + "), inputs, files[0] == "deep_nesting.yaml"));
        }
        // The documents of our own and Oxide's, and the real ones of
        // `openapi/real/` (Discord, Box, Twilio, Spotify).
        let mut documents: Vec<PathBuf> = ["openapi", "openapi/real"]
            .iter()
            .flat_map(|folder| std::fs::read_dir(api_spec(folder)).unwrap())
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|extension| extension == "json" || extension == "yaml"))
            .collect();
        documents.sort();
        assert!(documents.len() >= 10, "{documents:?}");
        for document in documents {
            // Box's and Twilio's documents have type names so long that
            // some items fit in no layout; rustfmt leaves such an item as
            // it is written, and so does the printer (the rustfmt test
            // checks that rustfmt agrees).
            let may_fall_back = document.parent().is_some_and(|folder| folder.ends_with("real"));
            cases.push((document.display().to_string(), vec![Input::openapi(document)], may_fall_back));
        }
        cases
    }

    /// Every client of the repository prints as its tokens (but for what
    /// rustfmt changes), with every item and statement laid out (none
    /// printed token by token), and every answer of the fast paths checked
    /// against the full rewrite (see `flat.rs`).
    #[test]
    fn every_generated_client_prints_as_the_same_tokens() {
        // The deeply nested fixture needs more stack than a test thread's.
        let check = || {
            for (name, inputs, may_fall_back) in every_spec() {
                let generated = generate(&inputs, &Options::default())
                    .unwrap_or_else(|error| panic!("{name} does not generate:\n{error}"));
                let text = assert_round_trip(&generated.code, &name);
                assert!(text.contains("\n/// ") || text.starts_with("/// "), "{name}: docs print as `///`");
                let (_, fallbacks) = print_counting_fallbacks(&generated.code, "");
                assert!(may_fall_back || fallbacks == 0, "{name}: {fallbacks} pieces printed token by token");
            }
        };
        std::thread::Builder::new().stack_size(64 << 20).spawn(check).unwrap().join().unwrap();
    }

    #[test]
    fn doc_strings_print_as_doc_comments_when_they_can() {
        let tokens = code! {
            #![doc = " Inner."]
            #[doc = " One line."]
            #[doc = ""]
            #[doc = " Two\n lines, \"quoted\"."]
            #[doc = "no space"]
            #[doc = " trailing \t"]
            #[doc = " a Markdown break  "]
            pub struct A;
        };
        let text = assert_round_trip(&tokens, "docs");
        assert_eq!(
            text,
            "//! Inner.\n/// One line.\n///\n/// Two\n/// lines, \"quoted\".\n///no space\n/// trailing\n/// a Markdown break  \npub struct A;\n"
        );
        // A carriage return cannot be in a doc comment, and `////` is an
        // ordinary comment: these stay attributes.
        let tokens = code! {
            #[doc = "a\r\nb"]
            #[doc = "/ slash"]
            #[doc = "ok\n/ slash"]
            #[doc = r"raw \n"]
            pub struct B;
        };
        let text = assert_round_trip(&tokens, "odd docs");
        assert!(text.contains("#[doc = \"a\\r\\nb\"]"), "{text}");
        assert!(text.contains("#[doc = \"/ slash\"]"), "{text}");
        assert!(text.contains("#[doc = \"ok\\n/ slash\"]"), "{text}");
        assert!(text.contains("///raw \\n"), "{text}");
    }

    /// The layouts rustfmt gives the shapes emit writes (this text is
    /// rustfmt's output, edition 2024, default configuration).
    #[test]
    fn code_reads_like_rustfmt_output() {
        let tokens = code! {
            #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq, ::endpointgen::__private::serde::Serialize)]
            pub struct Wrapper<T> { pub value: T, pub count: ::core::option::Option<i64> }
            impl<T: ::core::fmt::Debug> ::x::Envelope for Wrapper<T> {
                const NAME: &'static str = "a";
                fn get(&self, other: &mut Vec<Vec<u8>>, third_parameter: ::core::option::Option<&T>) -> ::core::option::Option<&T> {
                    let value = match self.inner.0 {
                        Some(x) => Foo { a, b: 2 },
                        _ => { return None; }
                    };
                    if let Some(y) = value.y { y.map(|a, b| a | b) }
                    ::endpointgen::__private::read_object(&mut map, |map, key| match key {
                        "first_field_of_the_struct" => ::endpointgen::__private::read_field(map, &mut field0, "first_field_of_the_struct"),
                        _ => ::endpointgen::__private::skip_value(map),
                    })?;
                    ::core::result::Result::Ok(Wrapper { value: ::endpointgen::__private::field_value(field0, "value")?, count })
                }
            }
            pub enum Never {}
            pub struct Unit;
        };
        let text = assert_round_trip(&tokens, "shapes");
        assert_eq!(
            text,
            r#"#[derive(
    ::core::fmt::Debug,
    ::core::clone::Clone,
    ::core::cmp::PartialEq,
    ::endpointgen::__private::serde::Serialize,
)]
pub struct Wrapper<T> {
    pub value: T,
    pub count: ::core::option::Option<i64>,
}
impl<T: ::core::fmt::Debug> ::x::Envelope for Wrapper<T> {
    const NAME: &'static str = "a";
    fn get(
        &self,
        other: &mut Vec<Vec<u8>>,
        third_parameter: ::core::option::Option<&T>,
    ) -> ::core::option::Option<&T> {
        let value = match self.inner.0 {
            Some(x) => Foo { a, b: 2 },
            _ => {
                return None;
            }
        };
        if let Some(y) = value.y {
            y.map(|a, b| a | b)
        }
        ::endpointgen::__private::read_object(&mut map, |map, key| match key {
            "first_field_of_the_struct" => {
                ::endpointgen::__private::read_field(map, &mut field0, "first_field_of_the_struct")
            }
            _ => ::endpointgen::__private::skip_value(map),
        })?;
        ::core::result::Result::Ok(Wrapper {
            value: ::endpointgen::__private::field_value(field0, "value")?,
            count,
        })
    }
}
pub enum Never {}
pub struct Unit;
"#
        );
    }

    #[test]
    fn long_lists_and_chains_get_a_line_per_element() {
        let tokens = code! {
            fn f() {
                let built = ::some::long::path::to::a_function(first_argument_value, second_argument_value, third);
                formatter.debug_struct("Name").field("first", &self.first).field("second", &self.second).finish()
            }
        };
        let text = assert_round_trip(&tokens, "long");
        assert_eq!(
            text,
            r#"fn f() {
    let built =
        ::some::long::path::to::a_function(first_argument_value, second_argument_value, third);
    formatter
        .debug_struct("Name")
        .field("first", &self.first)
        .field("second", &self.second)
        .finish()
}
"#
        );
    }

    #[test]
    fn what_cannot_be_read_is_printed_token_by_token() {
        let tokens = code! {
            pub struct A;
            use ::core::fmt::{Debug, Display};
            pub struct B;
        };
        let (text, fallbacks) = print_counting_fallbacks(&tokens, "");
        assert_eq!(text, "pub struct A;\nuse :: core :: fmt :: { Debug , Display } ;\npub struct B;\n");
        assert_eq!(fallbacks, 1);
    }
}
