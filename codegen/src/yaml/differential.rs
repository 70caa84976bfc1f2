//! The fast readers (`json.rs`, `plain.rs`) against serde-saphyr, the
//! reference: on any text, each either gives the tree that serde-saphyr
//! gives, spans included, or gives up. The property tests below (in the
//! README's test command) and the fuzz target `fast_readers` (`fuzz/`) both
//! check it through [`fast_readers_agree`].

use crate::diagnostic::SourceId;

/// Whether each fast reader, on `text`, gives up or gives serde-saphyr's
/// tree; the first disagreement, described, when one does not.
///
/// Public only for the fuzz target; not a stable API.
///
/// # Errors
///
/// A description of the disagreement: the text, what the fast reader read,
/// and what serde-saphyr read.
#[doc(hidden)]
pub fn fast_readers_agree(text: &str) -> Result<(), String> {
    let reference = super::parse_as_yaml(text, SourceId(0)).ok();
    let readers = [("json", super::json::parse(text, SourceId(0))), ("plain", super::plain::parse(text, SourceId(0)))];
    for (reader, tree) in readers {
        // `Debug`, not `==`: a float that is NaN is the same NaN both ways.
        let Some(tree) = tree else { continue };
        if reference.as_ref().map(|reference| format!("{reference:?}")) != Some(format!("{tree:?}")) {
            return Err(format!("{reader} read {text:?}\nas {tree:?}\nwhile serde-saphyr read {reference:?}"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::fast_readers_agree;

    /// Whitespace between JSON tokens, tabs (which YAML takes in some places
    /// only) included.
    fn space() -> impl Strategy<Value = &'static str> {
        prop_oneof![
            12 => prop::sample::select(vec!["", "", " ", "  ", "\n", "\r\n", "\n  "]),
            1 => prop::sample::select(vec!["\t", " \t", "\r"]),
        ]
    }

    /// A JSON number, or something near one.
    fn number() -> BoxedStrategy<String> {
        prop_oneof![
            3 => any::<i64>().prop_map(|number| number.to_string()),
            1 => any::<u64>().prop_map(|number| number.to_string()),
            1 => any::<f64>().prop_map(|number| number.to_string()),
            2 => "-?(0|[1-9][0-9]{0,22})(\\.[0-9]{1,6})?([eE][+-]?[0-9]{1,3})?",
            1 => prop::sample::select(vec!["-0", "01", "1.", ".5", "+1", "1e", "0x1F", "NaN", "Infinity", "1_000", "-"])
                .prop_map(str::to_owned),
        ]
        .boxed()
    }

    /// The inside of a JSON string: characters, escapes, and characters
    /// that JSON or YAML treat specially.
    fn string_body() -> BoxedStrategy<String> {
        let piece = prop_oneof![
            12 => "[a-zA-Z0-9 :#,\\-]{0,4}",
            2 => any::<char>().prop_map(String::from),
            1 => prop::sample::select(vec![
                "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "\\u00e9", "\\u0000", "\\ud83d\\ude00",
                "\\ud83d", "\\x41", "\\", "\u{2028}", "\u{feff}", "\u{85}", "\u{7f}", "\t", "\u{1}", "é", "😀",
            ])
            .prop_map(str::to_owned),
        ];
        prop::collection::vec(piece, 0..5).prop_map(|pieces| pieces.concat()).boxed()
    }

    fn key() -> BoxedStrategy<String> {
        // Few names, so that duplicates come up.
        prop_oneof![
            3 => prop::sample::select(vec!["a", "b", "id", "é", "1", "", "a b", "true"]).prop_map(str::to_owned),
            1 => string_body(),
        ]
        .boxed()
    }

    /// JSON text, valid or nearly: the values nest, the whitespace varies.
    fn json_text() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            prop::sample::select(vec!["null", "true", "false", "null", "true", "false", "nul", "True"])
                .prop_map(str::to_owned),
            number(),
            string_body().prop_map(|body| format!("\"{body}\"")),
        ];
        leaf.prop_recursive(5, 64, 6, |inner| {
            let item =
                (space(), inner.clone(), space()).prop_map(|(before, value, after)| format!("{before}{value}{after}"));
            let entry = (space(), key(), space(), inner, space())
                .prop_map(|(before, key, colon, value, after)| format!("{before}\"{key}\"{colon}: {value}{after}"));
            prop_oneof![
                (prop::collection::vec(item, 0..5), prop::bool::weighted(0.05)).prop_map(|(items, trailing)| format!(
                    "[{}{}]",
                    items.join(","),
                    if trailing { "," } else { "" }
                )),
                (prop::collection::vec(entry, 0..5), prop::bool::weighted(0.05)).prop_map(
                    |(entries, trailing)| format!("{{{}{}}}", entries.join(","), if trailing { "," } else { "" })
                ),
            ]
        })
        // The fast reader takes only documents that are an object or an
        // array; a leaf is put in one.
        .prop_map(|text| if text.starts_with(['[', '{']) { text } else { format!("[{text}]") })
        .prop_flat_map(|text| (space(), Just(text), space(), prop::bool::weighted(0.05)))
        .prop_map(|(before, text, after, comment)| {
            format!("{before}{text}{after}{}", if comment { " # c" } else { "" })
        })
    }

    /// A YAML scalar as it would stand after `key: `: plain, quoted, or one
    /// that YAML 1.2 does not read as a plain string.
    fn scalar() -> BoxedStrategy<String> {
        prop_oneof![
            4 => "[a-zA-Z][a-zA-Z0-9 _./-]{0,12}",
            2 => number(),
            2 => prop::sample::select(vec![
                "yes", "no", "on", "off", "y", "n", "null", "Null", "NULL", "~", "true", "True", "FALSE", ".inf",
                "-.inf", ".nan", "0o17", "0x1F", "007", "1e3", "1_000", "-0", "+1", "12abc", "2026-01-01",
                "a: b", "a #b", "a#b", "- a", "*a", "&a x", "!!str 1", "!t x", "%x", "@x", "`x", "x  ", "é",
                "'it''s'", "'a\n  b'", "\"q\\n\\x41\\u00e9\\t\"", "\"\\q\"", "\"a\n  b\"", "''", "\"\"",
                "|\n  literal\n  text\n", "|-\n  x\n", ">\n  folded\n  text\n", ">+\n  x\n\n", "|2\n   x\n",
                "[a, b, {c: d}]", "{a: 1, b: [2, 3]}", "[]", "{}", "[a, [b]", "{a: 1, a: 2}",
            ])
            .prop_map(str::to_owned),
            1 => string_body().prop_map(|body| format!("\"{body}\"")),
            1 => "\\PC{0,8}",
        ]
        .boxed()
    }

    /// A YAML document in block style: maps and sequences that nest, with
    /// scalars of every kind, comments, and now and then an anchor, a
    /// duplicate key or a document marker.
    fn yaml_text() -> impl Strategy<Value = String> {
        #[derive(Debug, Clone)]
        enum Block {
            Scalar(String),
            Map(Vec<(String, Block)>),
            Seq(Vec<Block>),
        }

        fn render(block: &Block, indent: usize, out: &mut String) {
            let pad = " ".repeat(indent);
            match block {
                Block::Scalar(text) => {
                    out.push_str(text);
                    out.push('\n');
                }
                Block::Map(entries) if entries.is_empty() => out.push_str("{}\n"),
                Block::Seq(items) if items.is_empty() => out.push_str("[]\n"),
                Block::Map(entries) => {
                    for (index, (key, value)) in entries.iter().enumerate() {
                        if index > 0 || !out.ends_with(": ") && !out.ends_with("- ") {
                            out.push_str(&pad);
                        }
                        out.push_str(key);
                        match value {
                            Block::Scalar(_) => out.push_str(": "),
                            _ => out.push_str(":\n"),
                        }
                        render(value, indent + 2, out);
                    }
                }
                Block::Seq(items) => {
                    for (index, item) in items.iter().enumerate() {
                        if index > 0 || !out.ends_with(": ") && !out.ends_with("- ") {
                            out.push_str(&pad);
                        }
                        out.push_str("- ");
                        render(item, indent + 2, out);
                    }
                }
            }
        }

        let yaml_key = prop_oneof![
            3 => prop::sample::select(vec!["a", "b", "name", "spec", "on", "1", "2.5", "null", "'a'", "\"b\"", "é"])
                .prop_map(str::to_owned),
            1 => "[a-z_]{1,8}",
            1 => prop::sample::select(vec!["? a", "<<", "&k a", "!!str 3", "a b", "-a", "[a]", "\"\"", "'' "])
                .prop_map(str::to_owned),
        ];
        let leaf = scalar().prop_map(Block::Scalar);
        let tree = leaf.prop_recursive(4, 48, 5, move |inner| {
            prop_oneof![
                prop::collection::vec((yaml_key.clone(), inner.clone()), 0..5).prop_map(Block::Map),
                prop::collection::vec(inner, 0..5).prop_map(Block::Seq),
            ]
        });
        let edits = prop::collection::vec(
            (
                any::<prop::sample::Index>(),
                prop::sample::select(vec!["# c\n", "\n", "  # c\n", "---\n", "...\n", "\t", " ", "\r"]),
            ),
            0..3,
        );
        (tree, edits).prop_map(|(tree, edits)| {
            let mut text = String::new();
            render(&tree, 0, &mut text);
            // Comments, blank lines, markers and stray whitespace at the
            // start of a line.
            let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
            for (at, inserted) in edits {
                let at = at.index(lines.len() + 1);
                lines.insert(at, inserted.trim_end_matches('\n').to_owned());
            }
            lines.join("\n") + "\n"
        })
    }

    fn config() -> ProptestConfig {
        // A failure prints its shrunk input; a regressions file would land
        // in the source tree.
        let cases = std::env::var("PROPTEST_CASES").ok().and_then(|cases| cases.parse().ok()).unwrap_or(1_000);
        ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
    }

    proptest! {
        #![proptest_config(config())]

        #[test]
        fn the_fast_json_reader_reads_as_serde_saphyr_or_not_at_all(text in json_text()) {
            fast_readers_agree(&text).map_err(TestCaseError::fail)?;
        }

        #[test]
        fn the_fast_yaml_reader_reads_as_serde_saphyr_or_not_at_all(text in yaml_text()) {
            fast_readers_agree(&text).map_err(TestCaseError::fail)?;
        }
    }

    /// The generators reach the fast paths: a property over texts that
    /// every reader gave up on would hold without checking anything.
    #[test]
    fn most_generated_texts_are_read_by_a_fast_reader() {
        use proptest::strategy::ValueTree as _;
        use proptest::test_runner::TestRunner;
        let mut runner = TestRunner::deterministic();
        let mut read = |strategy: &dyn Fn(&mut TestRunner) -> String, fast: fn(&str) -> bool| {
            (0..300).filter(|_| fast(&strategy(&mut runner))).count()
        };
        let json = read(&|runner| json_text().new_tree(runner).unwrap().current(), |text| {
            crate::yaml::json::parse(text, crate::diagnostic::SourceId(0)).is_some()
        });
        let yaml = read(&|runner| yaml_text().new_tree(runner).unwrap().current(), |text| {
            crate::yaml::plain::parse(text, crate::diagnostic::SourceId(0)).is_some()
        });
        assert!(
            json >= 60 && yaml >= 60,
            "the fast readers read {json} (JSON) and {yaml} (YAML) of 300 generated texts"
        );
    }
}
