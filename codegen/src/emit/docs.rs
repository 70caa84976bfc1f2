//! Spec text → rustdoc that neither runs as a doctest nor trips rustdoc's
//! lints in the user's crate.

use crate::code::{Code, ToCode, code};

/// `#[doc = "…"]` attributes, one per line, so that formatted output reads
/// as `///` comments.
pub(super) fn attrs(text: &str) -> Code {
    let lines = text.lines().map(DocLine);
    code! { #(#[doc = #lines])* }
}

/// The string of a `#[doc]` attribute for a line: with a space after `///`
/// when the line is not empty, as a doc comment reads.
struct DocLine<'a>(&'a str);

impl ToCode for DocLine<'_> {
    fn to_code(&self, code: &mut Code) {
        let space = if self.0.is_empty() { "" } else { " " };
        code.string_of(&[space, &visible(self.0)]);
    }
}

/// `text` with the characters that a comment cannot hold as they are
/// written as `\u{…}`: the ones that change the direction of the text
/// around them (rustc denies them in comments, as they can make code read
/// otherwise than it runs), and control characters but the tab (a bare
/// carriage return is an error in a doc comment).
pub(crate) fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden =
        |c: char| (c.is_control() && c != '\t') || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if !text.contains(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    let out = text.chars().fold(String::with_capacity(text.len() + 8), |mut out, c| {
        if hidden(c) {
            // `\u{202E}`, as Rust writes the character in a string.
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
        out
    });
    std::borrow::Cow::Owned(out)
}

/// Makes spec-provided Markdown safe as rustdoc:
///
/// - code blocks without a language (or marked `rust`), fenced or indented,
///   become `text` blocks, so rustdoc does not compile and run them as
///   doctests of the user's crate;
/// - outside code, `[x]` that is not a link is escaped (rustdoc would try to
///   resolve it as an intra-doc link), `<` is escaped (it would read as an
///   unclosed HTML tag), and bare URLs are wrapped in `<…>` (rustdoc's
///   `bare_urls` lint).
pub(super) fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut fence: Option<&str> = None;
    let mut in_indented_block = false;
    let mut previous_blank = true;
    for line in text.trim_end().lines() {
        let trimmed = line.trim_start();
        if let Some(marker) = fence {
            out.push_str(line);
            out.push('\n');
            if trimmed.starts_with(marker) && trimmed.trim_end() == marker {
                fence = None;
            }
            continue;
        }
        let fence_marker = ["```", "~~~"].into_iter().find(|marker| trimmed.starts_with(marker));
        if let Some(marker) = fence_marker {
            close_indented(&mut out, &mut in_indented_block);
            let info = trimmed[marker.len()..].trim();
            let indent = &line[..line.len() - trimmed.len()];
            if info.is_empty() || info == "rust" {
                out.push_str(indent);
                out.push_str(marker);
                out.push_str("text\n");
            } else {
                out.push_str(line);
                out.push('\n');
            }
            fence = Some(marker);
            continue;
        }
        let indented = line.starts_with("    ") || line.starts_with('\t');
        if indented && (in_indented_block || previous_blank) && !trimmed.is_empty() {
            if !in_indented_block {
                out.push_str("```text\n");
                in_indented_block = true;
            }
            out.push_str(trimmed);
            out.push('\n');
            previous_blank = false;
            continue;
        }
        close_indented(&mut out, &mut in_indented_block);
        escape_inline(line, &mut out);
        out.push('\n');
        previous_blank = trimmed.is_empty();
    }
    close_indented(&mut out, &mut in_indented_block);
    if fence.is_some() {
        out.push_str("```\n");
    }
    out.truncate(out.trim_end().len());
    indent_list_items(&out)
}

/// `text` with each line that continues a list item's text indented as the
/// item's first: lines written less indented (a lazy continuation) or more
/// are the same markdown, which clippy's `doc_lazy_continuation` and
/// `doc_overindented_list_items` reject in the user's crate. Fenced code is
/// left as it is.
pub(super) fn indent_list_items(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // The column where the text of the list item being read starts.
    let mut item_indent: Option<usize> = None;
    let (mut in_fence, mut previous_blank) = (false, true);
    for line in text.lines() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            item_indent = None;
        } else if in_fence {
        } else if let Some(content) = list_item_content(line, item_indent.unwrap_or(0)) {
            item_indent = Some(content);
        } else if let Some(content) = item_indent
            && !trimmed.is_empty()
        {
            if previous_blank && indent < content {
                item_indent = None;
            } else if !previous_blank && indent != content && !opens_block(trimmed) {
                out.extend(std::iter::repeat_n(' ', content));
                out.push_str(trimmed);
                out.push('\n');
                previous_blank = false;
                continue;
            }
        }
        out.push_str(line);
        out.push('\n');
        previous_blank = trimmed.is_empty();
    }
    out.truncate(out.trim_end_matches('\n').len());
    out
}

/// The column where a list item's text starts, for a line that opens one
/// (`- text`, `* text`, `+ text`, `1. text`, `1) text`), indented at most 3
/// spaces more than the text of the item it is in (`within`: 0 outside a
/// list).
fn list_item_content(line: &str, within: usize) -> Option<usize> {
    let trimmed = line.trim_start_matches(' ');
    let indent = line.len() - trimmed.len();
    if indent > within + 3 {
        return None;
    }
    let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
    let marker = match trimmed.as_bytes().get(digits) {
        Some(b'-' | b'*' | b'+') if digits == 0 => 1,
        Some(b'.' | b')') if (1..=9).contains(&digits) => digits + 1,
        _ => return None,
    };
    let after = &trimmed[marker..];
    let text = after.trim_start_matches(' ');
    let spaces = after.len() - text.len();
    // Five spaces or more after the marker: the text is indented code, and
    // the item's text starts one space after the marker.
    match spaces {
        0 => None,
        _ if text.is_empty() => None,
        1..=4 => Some(indent + marker + spaces),
        _ => Some(indent + marker + 1),
    }
}

/// A line that starts a block of its own (a heading, a quote, a table row,
/// HTML, a rule) rather than continuing a paragraph.
fn opens_block(trimmed: &str) -> bool {
    trimmed.starts_with(['#', '>', '|', '<']) || trimmed.chars().all(|c| matches!(c, '-' | '*' | '_' | ' '))
}

fn close_indented(out: &mut String, in_indented_block: &mut bool) {
    if std::mem::take(in_indented_block) {
        out.push_str("```\n");
    }
}

/// Escapes one line of prose, leaving `code spans` alone. Words that look
/// like code (`i64::MAX`, `device_code`, `DiskState`, `f()`) become code
/// spans, as clippy's `doc_markdown` (pedantic) wants in the user's crate,
/// and a backtick without its pair is escaped.
fn escape_inline(line: &str, out: &mut String) {
    let mut in_code = false;
    let ticks = line.matches('`').count();
    let mut ticks_seen = 0;
    let mut rest = line;
    let mut at_word_start = true;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            ticks_seen += 1;
            if ticks % 2 == 1 && ticks_seen == ticks {
                // The last of an odd number: no code span starts here.
                out.push_str("\\`");
                rest = &rest[1..];
                continue;
            }
            in_code = !in_code;
            out.push(c);
            rest = &rest[1..];
            continue;
        }
        if in_code {
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        if at_word_start && !c.is_whitespace() {
            let word = &rest[..rest.find(char::is_whitespace).unwrap_or(rest.len())];
            if let Some(ticked) = code_word(word) {
                out.push_str(&ticked);
                rest = &rest[word.len()..];
                continue;
            }
        }
        at_word_start = c.is_whitespace() || c == '(';
        if c == 'h' && (rest.starts_with("https://") || rest.starts_with("http://")) {
            let end = rest.find(|c: char| c.is_whitespace() || c == ')' || c == '>').unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        match c {
            '[' => {
                // `[text](url)` is a link and stays one.
                let is_link = rest.find(']').is_some_and(|close| rest[close + 1..].starts_with('('));
                if is_link {
                    let close = rest.find(']').unwrap_or(0);
                    let end = rest[close..].find(')').map_or(rest.len(), |paren| close + paren + 1);
                    out.push_str(&rest[..end]);
                    rest = &rest[end..];
                    continue;
                }
                out.push_str("\\[");
            }
            ']' => out.push_str("\\]"),
            '<' => out.push_str("\\<"),
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
}

/// Words that clippy's `doc_markdown` takes for code though they are in its
/// default list of valid identifiers (the list a user's crate has).
const VALID_IDENTS: &[&str] = &[
    "KiB",
    "MiB",
    "GiB",
    "TiB",
    "PiB",
    "EiB",
    "AccessKit",
    "CoreFoundation",
    "CoreGraphics",
    "CoreText",
    "DevOps",
    "Direct2D",
    "Direct3D",
    "DirectWrite",
    "DirectX",
    "ECMAScript",
    "GPLv2",
    "GPLv3",
    "GitHub",
    "GitLab",
    "IPv4",
    "IPv6",
    "ClojureScript",
    "CoffeeScript",
    "JavaScript",
    "PostScript",
    "PureScript",
    "TypeScript",
    "WebAssembly",
    "NaN",
    "NaNs",
    "OAuth",
    "GraphQL",
    "OCaml",
    "OpenAL",
    "OpenDNS",
    "OpenGL",
    "OpenMP",
    "OpenSSH",
    "OpenSSL",
    "OpenStreetMap",
    "OpenTelemetry",
    "OpenType",
    "WebGL",
    "WebGL2",
    "WebGPU",
    "WebRTC",
    "WebSocket",
    "WebTransport",
    "WebP",
    "OpenExr",
    "YCbCr",
    "sRGB",
    "TensorFlow",
    "TrueType",
    "iOS",
    "macOS",
    "FreeBSD",
    "NetBSD",
    "OpenBSD",
    "TeX",
    "LaTeX",
    "BibTeX",
    "BibLaTeX",
    "MinGW",
    "CamelCase",
];

/// A word of prose that reads as code, in backticks: what is around it
/// (brackets, punctuation) stays outside. `None` for a word that is prose,
/// or that the character-wise escaping must see (links, URLs, brackets).
fn code_word(word: &str) -> Option<String> {
    if word.contains(['[', ']', '<', '>', '`', '\\', '*']) || word.contains("://") {
        return None;
    }
    let start = word.find(|c: char| c.is_alphanumeric() || c == '_' || c == ':')?;
    let mut end = word
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_alphanumeric() || *c == '_')
        .map(|(index, c)| index + c.len_utf8())?;
    if end <= start {
        return None;
    }
    // `f()`, but not the `)` that closes a parenthesis of the prose.
    if word[end..].starts_with("()") {
        end += 2;
    }
    let core = &word[start..end];
    let is_call = core.ends_with("()") && core.len() > 2;
    let core_name = core.strip_suffix("()").unwrap_or(core);
    if !is_call && core_name.contains(['(', ')']) {
        return None;
    }
    let has_underscore = core_name.contains('_') && core_name != "_" && core_name.chars().any(char::is_alphanumeric);
    let is_camel = {
        let name = core_name.strip_suffix('s').unwrap_or(core_name);
        name.starts_with(|c: char| c.is_uppercase())
            && name.chars().all(char::is_alphanumeric)
            && name.chars().filter(|c| c.is_uppercase()).count() > 1
            && name.chars().any(char::is_lowercase)
    };
    let is_path = core_name.contains("::");
    // The list last: most words are prose, and it is the slowest test.
    let is_code = (has_underscore || is_camel || is_path || is_call) && !VALID_IDENTS.contains(&core_name);
    is_code.then(|| format!("{}`{core}`{}", &word[..start], &word[end..]))
}

/// `text` as an inline code span: URLs and names from a document, which
/// rustdoc would otherwise read as links or HTML. A backtick or a line
/// break would end the span, so they are left out.
pub(super) fn code_span(text: &str) -> String {
    let inner: String = text.chars().filter(|c| *c != '`' && !c.is_control()).collect();
    format!("`{inner}`")
}

/// The flows of an OAuth 2 scheme, as a sentence to append to its docs
/// (`. Flows: client credentials (token URL `…`; scopes `read`)`), so that
/// a user sees where to get a token; empty without flows.
pub(super) fn oauth_flows(flows: &[crate::ir::OAuthFlow]) -> String {
    if flows.is_empty() {
        return String::new();
    }
    let flows: Vec<String> = flows
        .iter()
        .map(|flow| {
            let mut parts = Vec::new();
            for (what, url) in [
                ("authorization URL", &flow.authorization_url),
                ("token URL", &flow.token_url),
                ("refresh URL", &flow.refresh_url),
            ] {
                if let Some(url) = url {
                    parts.push(format!("{what} {}", code_span(url)));
                }
            }
            if !flow.scopes.is_empty() {
                let scopes: Vec<String> = flow.scopes.iter().map(|(scope, _)| code_span(scope)).collect();
                parts.push(format!("scopes {}", scopes.join(", ")));
            }
            let name = flow.kind.spec_key().replace('_', " ");
            if parts.is_empty() { name } else { format!("{name} ({})", parts.join("; ")) }
        })
        .collect();
    format!(". Flows: {}", flows.join(", "))
}

/// A default value as the spec writes it, for the docs: `open` for an enum
/// value (its name on the wire, not the Rust variant), `30`, `true`, `""`.
pub(super) fn default_value(api: &crate::ir::Api, value: &crate::ir::DefaultValue, ty: &crate::ir::Ty) -> String {
    use crate::ir::{DefaultValue, Ty, TypeKind};
    use crate::vocabulary::Builtin;

    // The kind of the spec type that `ty` names, through `T?`, boxes and
    // aliases.
    fn named<'a>(api: &'a crate::ir::Api, ty: &Ty) -> Option<&'a TypeKind> {
        match ty {
            Ty::Option(inner) | Ty::Boxed(inner) => named(api, inner),
            Ty::Named(index) => match &api.types.get(*index)?.kind {
                TypeKind::Alias(inner) => named(api, inner),
                kind => Some(kind),
            },
            _ => None,
        }
    }
    match value {
        // What `Default::default()` gives, which the spec wrote as such.
        DefaultValue::TypeDefault => match ty {
            Ty::Builtin(Builtin::Bool) => "false".to_owned(),
            Ty::Builtin(builtin) if builtin.is_integer() => "0".to_owned(),
            Ty::Builtin(Builtin::F32 | Builtin::F64) => "0.0".to_owned(),
            Ty::Builtin(Builtin::String) => "\"\"".to_owned(),
            Ty::List(_) => "[]".to_owned(),
            Ty::Map(_) => "{}".to_owned(),
            Ty::Option(inner) | Ty::Boxed(inner) => default_value(api, value, inner),
            _ => match named(api, ty) {
                Some(TypeKind::Newtype(inner)) => default_value(api, value, inner),
                _ => "the type's default".to_owned(),
            },
        },
        DefaultValue::Bool(value) => value.to_string(),
        DefaultValue::Int(value) => value.to_string(),
        DefaultValue::Float(value) => format!("{value:?}"),
        DefaultValue::Str(text) => format!("{text:?}"),
        DefaultValue::Variant(variant) => {
            let wire = match named(api, ty) {
                Some(TypeKind::Enum(variants)) => {
                    variants.iter().find(|v| v.rust_name == *variant).map(|v| v.json_name.clone())
                }
                Some(TypeKind::IntEnum(variants)) => {
                    variants.iter().find(|v| v.rust_name == *variant).map(|v| v.value.to_string())
                }
                _ => None,
            };
            wire.unwrap_or_else(|| variant.clone())
        }
        DefaultValue::Parsed(text) | DefaultValue::Bytes(text, _) => text.clone(),
        DefaultValue::Newtype(inner, inner_ty) => default_value(api, inner, inner_ty),
    }
}

#[cfg(test)]
mod tests {
    use super::{indent_list_items, list_item_content, sanitize};

    #[test]
    fn code_blocks_do_not_become_doctests() {
        assert_eq!(sanitize("Example:\n```\nlet x = 1;\n```"), "Example:\n```text\nlet x = 1;\n```");
        assert_eq!(sanitize("```json\n{\"a\": 1}\n```"), "```json\n{\"a\": 1}\n```");
        assert_eq!(
            sanitize("Call it:\n\n    GET /x\n    Accept: json\n\nDone."),
            "Call it:\n\n```text\nGET /x\nAccept: json\n```\n\nDone."
        );
        assert_eq!(sanitize("```\nunterminated"), "```text\nunterminated\n```");
    }

    #[test]
    fn prose_does_not_trip_rustdoc_lints() {
        assert_eq!(sanitize("Use a Profiles[].Id value"), "Use a Profiles\\[\\].Id value");
        assert_eq!(sanitize("An ActionConfirmation<T> envelope"), "An ActionConfirmation\\<T> envelope");
        assert_eq!(sanitize("See https://example.com/docs."), "See <https://example.com/docs>.");
        assert_eq!(sanitize("See [the docs](https://example.com)."), "See [the docs](https://example.com).");
        assert_eq!(sanitize("Keep `Vec<T>` and `[x]` in code"), "Keep `Vec<T>` and `[x]` in code");
    }

    #[test]
    fn words_that_look_like_code_become_code() {
        assert_eq!(
            sanitize("Larger than i64::MAX (see device_code, DiskState and f() here). A GitHub WebSocket."),
            "Larger than `i64::MAX` (see `device_code`, `DiskState` and `f()` here). A GitHub WebSocket."
        );
        assert_eq!(sanitize("Names, URLs and IDs stay"), "Names, URLs and IDs stay");
        // An odd number of backticks: the last one is escaped.
        assert_eq!(sanitize("a ` b and `c`"), "a ` b and `c\\`");
    }

    #[test]
    fn a_list_item_continued_on_lines_of_another_indent_gets_the_item_indent() {
        // Lazy (less indented) and over-indented lines of an item's text:
        // the same markdown, indented as clippy's doc lints want.
        assert_eq!(
            sanitize("Scopes:\n* `file` - the file\nitself\n* `folder` - its\n     folder\n\nAfter."),
            "Scopes:\n* `file` - the file\n  itself\n* `folder` - its\n  folder\n\nAfter."
        );
        assert_eq!(sanitize("1. First\nmore\n10) Tenth\n  more"), "1. First\n   more\n10) Tenth\n    more");
        // A nested item keeps its place; a heading or a quote is no
        // continuation; a blank line and a line outdented end the item.
        assert_eq!(sanitize("- a\n  - b\n  c\n# Title\n- d\n\ne\nf"), "- a\n  - b\n    c\n# Title\n- d\n\ne\nf");
        // Not list items: a word with a hyphen, a number, a rule.
        assert_eq!(sanitize("-x\n1.5 more\ntext"), "-x\n1.5 more\ntext");
        // A paragraph of the item after a blank line, then a lazy line.
        assert_eq!(sanitize("- a\n\n  b\nc"), "- a\n\n  b\n  c");
        // Fenced code is left alone, and ends the item.
        let fenced = "- a\n```\n x\n```\nb\n- c\n~~~\n y\n~~~\n\n```\n- d\ne\n```";
        assert_eq!(indent_list_items(fenced), fenced);
    }

    #[test]
    fn list_items_are_told_by_their_marker_and_indent() {
        let cases: &[(&str, usize, Option<usize>)] = &[
            ("- a", 0, Some(2)),
            ("   * a", 0, Some(5)),
            ("    + a", 0, None),
            ("    - a", 1, Some(6)),
            ("      - a", 2, None),
            ("-  a", 0, Some(3)),
            (" -      code", 0, Some(3)),
            ("-   ", 0, None),
            ("1. a", 0, Some(3)),
            ("12) a", 0, Some(4)),
            ("1234567890. a", 0, None),
            (". a", 0, None),
            ("1- a", 0, None),
        ];
        for (line, within, content) in cases {
            assert_eq!(list_item_content(line, *within), *content, "{line:?} within {within}");
        }
    }
}
