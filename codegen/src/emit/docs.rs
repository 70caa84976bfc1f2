//! Spec text → rustdoc that neither runs as a doctest nor trips rustdoc's
//! lints in the user's crate.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "…"]` attributes, one per line, so that formatted output reads
/// as `///` comments.
pub(super) fn attrs(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") });
    quote! { #(#[doc = #lines])* }
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
    out
}

fn close_indented(out: &mut String, in_indented_block: &mut bool) {
    if std::mem::take(in_indented_block) {
        out.push_str("```\n");
    }
}

/// Escapes one line of prose, leaving `code spans` alone.
fn escape_inline(line: &str, out: &mut String) {
    let mut in_code = false;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
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
        if rest.starts_with("https://") || rest.starts_with("http://") {
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

#[cfg(test)]
mod tests {
    use super::sanitize;

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
}
