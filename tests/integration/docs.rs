//! The examples in docs/spec-format.md are specs that work (` ```yaml `), or
//! that fail with the message shown under them (` ```yaml invalid ` followed
//! by a ` ```text ` block with the first line of the diagnostics).

use endpointgen_codegen::{Input, Options, generate};

/// Each fenced block: its info string and its text.
fn code_blocks(markdown: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in markdown.lines() {
        match (&mut current, line.strip_prefix("```")) {
            (None, Some(info)) => current = Some((info.trim().to_owned(), String::new())),
            (Some(_), Some("")) => blocks.extend(current.take()),
            (Some((_, text)), _) => {
                text.push_str(line);
                text.push('\n');
            }
            (None, None) => {}
        }
    }
    blocks
}

#[test]
fn the_spec_format_examples_do_what_the_page_says() {
    let page = include_str!("../../docs/spec-format.md");
    let blocks = code_blocks(page);
    let mut checked = 0;
    for (index, (info, text)) in blocks.iter().enumerate() {
        let input = Input::Inline { shown: "<spec>".to_owned(), text: text.clone() };
        match info.as_str() {
            "yaml" => {
                if let Err(error) = generate(&[input], &Options::default()) {
                    panic!("this example of docs/spec-format.md does not work:\n{text}\n{error}");
                }
                checked += 1;
            }
            "yaml invalid" => {
                let error = generate(&[input], &Options::default()).expect_err(text);
                let expected = match blocks.get(index + 1) {
                    Some((info, expected)) if info == "text" => expected.trim(),
                    _ => panic!("an invalid example is not followed by the message it gets:\n{text}"),
                };
                let shown = error.to_string();
                assert_eq!(
                    shown.lines().next(),
                    Some(expected),
                    "the page says one thing, the generator another:\n{shown}"
                );
                checked += 1;
            }
            _ => {}
        }
    }
    assert!(checked >= 10, "only {checked} examples found");
}
