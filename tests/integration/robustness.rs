//! The loader on broken input: `api-spec/portal.yaml` and the valid fixtures,
//! mutated at random (lines deleted, doubled, swapped, re-indented or taken
//! from another spec; words swapped; bytes and YAML punctuation inserted;
//! the text cut short), end in `Ok` or `Err` within a time bound, never in a
//! panic, and every diagnostic points inside its file. And a large spec
//! loads in seconds.
//!
//! `PROPTEST_CASES=5000` searches longer than the default, which is kept
//! small for CI.

use std::fmt::Write as _;
use std::path::Path;
use std::sync::{OnceLock, mpsc};
use std::time::{Duration, Instant};

use endpointgen_codegen::{Error, Input, Options, Span, generate, load};
use proptest::prelude::*;
use proptest::sample::Index;

use crate::fixtures::{MACRO_STACK, VALID, valid_path};

/// Far more than any case needs (they take milliseconds), and short enough
/// that a hang fails the test rather than CI's time budget.
const CASE_TIME_LIMIT: Duration = Duration::from_secs(10);

/// The specs to mutate: every file of the portal (it includes eleven) and of
/// the valid fixtures. The mutated texts are given inline, where an
/// `include:` cannot be followed, so each file is a corpus entry of its own.
fn corpus() -> &'static [Vec<u8>] {
    static CORPUS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let api_spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-spec");
        let portal = [Input::file(api_spec.join("portal.yaml")), Input::file(api_spec.join("portal-extras.yaml"))];
        let read = generate(&portal, &Options::default()).unwrap().files;
        let mut texts: Vec<Vec<u8>> = read.iter().map(|file| std::fs::read(file).unwrap()).collect();
        // The specs of the format; an OpenAPI fixture is no spec to mutate.
        let specs =
            VALID.iter().filter(|files| !files.iter().any(|file| crate::fixtures::is_openapi(&valid_path(file))));
        for files in specs {
            let inputs: Vec<Input> = files.iter().map(|file| Input::file(valid_path(file))).collect();
            // Included files too: the generator says which files it read.
            let read = generate(&inputs, &Options::default()).unwrap().files;
            texts.extend(read.iter().map(|file| std::fs::read(file).unwrap()));
        }
        texts
    })
}

/// Pieces of YAML and of the spec format that make a mutation likely to
/// reach deeper than the YAML parser.
const PUNCTUATION: &[&str] = &[
    ":",
    ": ",
    "- ",
    "{",
    "}",
    "[",
    "]",
    ",",
    ", ",
    "&a ",
    "*a",
    "!",
    "!!str ",
    "|",
    ">",
    "#",
    "'",
    "\"",
    "? ",
    "%",
    "@",
    "`",
    "\t",
    "\n",
    "\r\n",
    "  ",
    "<",
    ">",
    "<<: *a",
    "~",
    "null",
    "---\n",
    "...\n",
    "{}",
    "[]",
    "&x [*x, *x]",
    "?",
    "list<",
    "map<",
    "T",
    "{id}",
    "/",
    "method: GET",
    "type: ",
    "role: value",
    "default: ",
    "enum: ",
    "\\u0000",
    "\u{feff}",
    "é",
    "\u{1F600}",
    "0x",
    "-1",
    "1e400",
    "99999999999999999999999",
];

#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(Index),
    DuplicateLine(Index),
    SwapLines(Index, Index),
    /// More or fewer spaces at the start of a line.
    Reindent(Index, i8),
    InsertBytes(Index, Vec<u8>),
    InsertPunctuation(Index, Index),
    Truncate(Index),
    /// A line of another spec of the corpus, inserted before a line.
    SpliceLine {
        donor: Index,
        line: Index,
        before: Index,
    },
    /// A word (a name, a type, a key) swapped for a word of the corpus:
    /// the YAML stays valid, and the checks behind it are reached.
    ReplaceWord {
        at: Index,
        word: Index,
    },
}

/// The words of the corpus, for [`Mutation::ReplaceWord`].
fn words() -> &'static [Vec<u8>] {
    static WORDS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut words: Vec<Vec<u8>> =
            corpus().iter().flat_map(|text| text.split(|&byte| !is_word_byte(byte)).map(<[u8]>::to_vec)).collect();
        words.retain(|word| !word.is_empty());
        words.sort();
        words.dedup();
        words
    })
}

fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"_?<>".contains(&byte)
}

fn mutation() -> impl Strategy<Value = Mutation> {
    // Weighted towards changes that leave valid YAML, so that most cases
    // get past the YAML parser to the spec's own checks.
    prop_oneof![
        3 => any::<Index>().prop_map(Mutation::DeleteLine),
        1 => any::<Index>().prop_map(Mutation::DuplicateLine),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        1 => (any::<Index>(), -4_i8..=4).prop_map(|(line, by)| Mutation::Reindent(line, by)),
        1 => (any::<Index>(), prop::collection::vec(any::<u8>(), 1..6))
            .prop_map(|(at, bytes)| Mutation::InsertBytes(at, bytes)),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(at, piece)| Mutation::InsertPunctuation(at, piece)),
        1 => any::<Index>().prop_map(Mutation::Truncate),
        2 => (any::<Index>(), any::<Index>(), any::<Index>())
            .prop_map(|(donor, line, before)| Mutation::SpliceLine { donor, line, before }),
        8 => (any::<Index>(), any::<Index>()).prop_map(|(at, word)| Mutation::ReplaceWord { at, word }),
    ]
}

fn lines(text: &[u8]) -> Vec<Vec<u8>> {
    text.split(|&byte| byte == b'\n').map(<[u8]>::to_vec).collect()
}

fn apply(text: &mut Vec<u8>, mutation: &Mutation) {
    let mut all = lines(text);
    match mutation {
        Mutation::DeleteLine(line) => {
            all.remove(line.index(all.len()));
        }
        Mutation::DuplicateLine(line) => {
            let index = line.index(all.len());
            let copy = all[index].clone();
            all.insert(index, copy);
        }
        Mutation::SwapLines(a, b) => {
            let (a, b) = (a.index(all.len()), b.index(all.len()));
            all.swap(a, b);
        }
        Mutation::Reindent(line, by) => {
            let count = all.len();
            let line = &mut all[line.index(count)];
            if *by >= 0 {
                line.splice(0..0, std::iter::repeat_n(b' ', by.unsigned_abs().into()));
            } else {
                let spaces = line.iter().take_while(|&&byte| byte == b' ').count();
                line.drain(..spaces.min(by.unsigned_abs().into()));
            }
        }
        Mutation::InsertBytes(at, bytes) => {
            let at = at.index(text.len() + 1);
            text.splice(at..at, bytes.iter().copied());
            return;
        }
        Mutation::InsertPunctuation(at, piece) => {
            let at = at.index(text.len() + 1);
            text.splice(at..at, PUNCTUATION[piece.index(PUNCTUATION.len())].bytes());
            return;
        }
        Mutation::Truncate(at) => {
            text.truncate(at.index(text.len() + 1));
            return;
        }
        Mutation::SpliceLine { donor, line, before } => {
            let donor = lines(&corpus()[donor.index(corpus().len())]);
            let line = donor[line.index(donor.len())].clone();
            all.insert(before.index(all.len() + 1), line);
        }
        Mutation::ReplaceWord { at, word } => {
            let mut start = at.index(text.len() + 1);
            while start > 0 && is_word_byte(text[start - 1]) {
                start -= 1;
            }
            let end = start + text[start..].iter().take_while(|&&byte| is_word_byte(byte)).count();
            text.splice(start..end, words()[word.index(words().len())].iter().copied());
            return;
        }
    }
    *text = all.join(&b'\n');
}

/// A spec of the corpus with a few mutations.
fn mutated_spec() -> impl Strategy<Value = String> {
    (any::<Index>(), prop::collection::vec(mutation(), 1..4)).prop_map(|(base, mutations)| {
        let mut text = corpus()[base.index(corpus().len())].clone();
        for mutation in &mutations {
            apply(&mut text, mutation);
        }
        // Inline specs are text; invalid UTF-8 is the files' concern.
        String::from_utf8_lossy(&text).into_owned()
    })
}

/// One mutated spec, or two merged (as `generate!("a", "b")` does, so that
/// spans must also point into the right file).
fn mutated_inputs() -> impl Strategy<Value = Vec<String>> {
    prop_oneof![
        3 => mutated_spec().prop_map(|text| vec![text]),
        1 => (mutated_spec(), mutated_spec()).prop_map(|(first, second)| vec![first, second]),
    ]
}

/// Runs the generator on `texts` on a thread of its own, as a macro would
/// (see [`MACRO_STACK`]), and checks what it returns: a panic, a hang or a
/// diagnostic outside its file is an `Err`.
fn generate_checked(texts: Vec<String>) -> Result<(), String> {
    let (sender, receiver) = mpsc::channel();
    let started = Instant::now();
    std::thread::Builder::new()
        .stack_size(MACRO_STACK)
        .spawn(move || {
            let inputs: Vec<Input> = texts
                .into_iter()
                .enumerate()
                .map(|(index, text)| Input::Inline { shown: format!("spec{index}.yaml"), text })
                .collect();
            let outcome = match generate(&inputs, &Options::default()) {
                Ok(_) => Ok(()),
                Err(error) => spans_inside_sources(&error).map(|()| {
                    // Rendering reads the spans too.
                    let _ = error.to_string();
                }),
            };
            sender.send(outcome).ok();
        })
        .unwrap();
    match receiver.recv_timeout(CASE_TIME_LIMIT) {
        Ok(outcome) => outcome,
        Err(mpsc::RecvTimeoutError::Timeout) => Err(format!("no answer after {:?}", started.elapsed())),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err("the generator panicked (its message is above)".to_owned()),
    }
}

fn spans_inside_sources(error: &Error) -> Result<(), String> {
    let inside = |span: Span| {
        let text = &error.sources().get(span.source).text;
        span.start <= span.end && span.end <= text.len()
    };
    for diagnostic in error.diagnostics() {
        let spans = diagnostic.span.into_iter().chain(diagnostic.related.iter().map(|(span, _)| *span));
        if let Some(outside) = spans.into_iter().find(|span| !inside(*span)) {
            return Err(format!("{outside:?} is outside its source, in {diagnostic:?}"));
        }
    }
    Ok(())
}

fn config(default_cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|cases| cases.parse().ok()).unwrap_or(default_cases);
    // A failure prints its shrunk input; a regressions file would land in
    // the source tree, next to this file.
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(config(1_000))]

    #[test]
    fn mutated_specs_end_in_ok_or_errors_that_point_inside_them(texts in mutated_inputs()) {
        generate_checked(texts).map_err(TestCaseError::fail)?;
    }
}

proptest! {
    #![proptest_config(config(300))]

    #[test]
    fn arbitrary_text_ends_in_ok_or_errors_that_point_inside_it(text in any::<String>()) {
        generate_checked(vec![text]).map_err(TestCaseError::fail)?;
    }
}

/// The types of one group of [`large_spec`]; `#` is the group's number.
const LARGE_SPEC_TYPES: &str = "
  Id#: { newtype: i64 }
  Kind#: { enum: [Small, Medium, Large] }
  Thing#:
    description: DESCRIPTION
    fields:
      Id: Id#
      Name: { type: string, description: DESCRIPTION }
      Kind: { type: Kind#, default: Small }
      Tags: list<string>
      Parent: Thing#?";

/// One endpoint of a group of [`large_spec`].
const LARGE_SPEC_ENDPOINT: &str = "
    NAME:
      summary: NAME a thing
      description: DESCRIPTION
      method: METHOD
      path: /groups/#/things/{id}/NAME
      path_params: { id: Id# }
      query:
        verbose: bool?
        kind: { type: Kind#?, description: DESCRIPTION }
      response: Thing#
      errors: [NotFound, { name: Gone, status: 410 }]
      auth: customer";

/// A spec of about 4 KB per group: three types and three endpoints, with
/// the long descriptions real specs have.
fn large_spec(groups: usize) -> String {
    let description = "Free text of the kind real specs hold in the docs of types and fields and endpoints. ".repeat(4);
    let mut types = String::new();
    let mut endpoints = String::new();
    for group in 0..groups {
        let number = group.to_string();
        types.push_str(&LARGE_SPEC_TYPES.replace('#', &number).replace("DESCRIPTION", &description));
        write!(endpoints, "\n  group{group}:").unwrap();
        for (name, method) in [("get", "GET"), ("update", "PUT"), ("remove", "DELETE")] {
            let endpoint = LARGE_SPEC_ENDPOINT.replace("NAME", name).replace("METHOD", method);
            endpoints.push_str(&endpoint.replace('#', &number).replace("DESCRIPTION", &description));
        }
    }
    format!(
        "spec: 1\nname: large\nauth:\n  customer: {{ bearer: {{}} }}\nerrors:\n  NotFound: {{ status: 404 }}\n\
         types:{types}\nendpoints:{endpoints}\n"
    )
}

#[test]
fn a_five_megabyte_spec_loads_in_seconds() {
    let spec = large_spec(1_300);
    assert!((5_000_000..6_000_000).contains(&spec.len()), "the spec is {} bytes", spec.len());
    let (sender, receiver) = mpsc::channel();
    std::thread::Builder::new()
        .stack_size(MACRO_STACK)
        .spawn(move || {
            let started = Instant::now();
            let loaded = load(&[Input::Inline { shown: "large.yaml".to_owned(), text: spec }]);
            let elapsed = started.elapsed();
            sender.send((loaded.map(|(api, _)| api.types.len()).map_err(|error| error.to_string()), elapsed)).ok();
        })
        .unwrap();
    let (types, elapsed) = receiver.recv_timeout(Duration::from_secs(120)).expect("no answer within two minutes");
    assert_eq!(types.unwrap(), 3 * 1_300);
    // About 0.6 s in a release build and 5 s in a debug one (which is how
    // proc-macros are built by default), on one core of CI's two.
    let limit = if cfg!(debug_assertions) { Duration::from_secs(25) } else { Duration::from_secs(3) };
    assert!(elapsed < limit, "loading took {elapsed:?}");
}

/// Generated decoders on any answer: every shape the runtime reads for
/// generated code (objects, envelopes and their outcome fields, string and
/// integer enums, tagged and untagged unions, dates, uuids, base64, maps,
/// bytes, documented errors with and without a body) ends in `Ok` or an
/// `Error`, never a panic, whatever the body and status.
mod decode {
    use endpointgen::{Bytes, Endpoint, http};
    use proptest::prelude::*;

    endpointgen::generate!(
        yaml = r#"
spec: 1
name: answers
envelopes:
  Outcome:
    fields:
      WasSuccessful: { type: bool, role: success }
      Status: { type: i32?, role: status }
      Message: { type: string?, role: message }
      Errors: { type: any?, role: errors }
      Value: { type: T, role: value }
  Page:
    fields:
      Items: { type: list<T>, role: items }
      HasNext: { type: bool?, role: has_next }
types:
  Level: { enum: { Low: 1, High: 2 } }
  Colour: { enum: [red, green] }
  Circle: { fields: { radius: f64 } }
  Attached: { fields: { instance: uuid } }
  State:
    tag: state
    one_of: { attached: Attached, detached: null }
  Shape: { one_of: [Circle, string, i64] }
  Thing:
    fields:
      Id: i64
      Name: { type: string, default: "" }
      Day: date?
      At: datetime?
      Key: uuid?
      Photo: bytes?
      Level: { type: Level, default: Low }
      Colour: Colour?
      State: State?
      Shape: Shape?
      Tags: { type: map<list<f32>>, default: {} }
      Parent: Thing?
  Problem: { fields: { title: string, status: i32? } }
errors:
  NotFound: { status: 404 }
  Invalid: { status: 400, body: Problem }
  Server: { status: 5XX, body: Problem }
endpoints:
  things:
    get: { method: GET, path: /thing, response: Thing, errors: [NotFound, Invalid, Server] }
    outcome: { method: POST, path: /thing, response: Outcome<Thing?>, errors: [Invalid] }
    maybe: { method: GET, path: /maybe, response: Outcome<list<Shape>>? }
    page: { method: GET, path: /things, query: { page: { type: i32, default: 1 } }, paging: page, response: Page<State> }
    file: { method: GET, path: /file, response: bytes, errors: [NotFound] }
    level: { method: GET, path: /level, response: Level }
"#
    );

    /// JSON values whose objects use the spec's keys and tags, so that
    /// decoding gets past the first field.
    fn json() -> impl Strategy<Value = serde_json::Value> {
        use serde_json::Value;
        let key = prop_oneof![
            prop::sample::select(vec![
                "Id",
                "Name",
                "Day",
                "At",
                "Key",
                "Photo",
                "Level",
                "Colour",
                "State",
                "Shape",
                "Tags",
                "Parent",
                "radius",
                "instance",
                "state",
                "title",
                "status",
                "WasSuccessful",
                "Status",
                "Message",
                "Errors",
                "Value",
                "Items",
                "HasNext",
            ])
            .prop_map(str::to_owned),
            "\\PC{0,6}",
        ];
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            prop::sample::select(vec![
                "attached",
                "detached",
                "red",
                "2026-01-01",
                "2026-01-01T10:00+1\u{e9}1",
                "2026-01-01T10:00:00Z",
                "00000000-0000-0000-0000-000000000001",
                "aGVsbG8=",
                "!!",
            ])
            .prop_map(Value::from),
            "\\PC{0,12}".prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 48, 6, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::vec((key.clone(), inner), 0..6)
                    .prop_map(|entries| Value::Object(entries.into_iter().collect())),
            ]
        })
    }

    /// An answer of each endpoint's shape, valid as the spec says.
    fn valid_answers() -> Vec<serde_json::Value> {
        use serde_json::json;
        let thing = json!({
            "Id": 1, "Name": "a", "Day": "2026-01-01", "At": "2026-01-01T10:00:00+02:00",
            "Key": "00000000-0000-0000-0000-000000000001", "Photo": "aGVsbG8=", "Level": 2, "Colour": "red",
            "State": { "state": "attached", "instance": "00000000-0000-0000-0000-000000000002" },
            "Shape": { "radius": 1.5 }, "Tags": { "a": [1.0, 2.5] }, "Parent": { "Id": 2, "Shape": "round" }
        });
        vec![
            thing.clone(),
            json!({ "WasSuccessful": true, "Status": 200, "Message": null, "Errors": null, "Value": thing }),
            json!({ "WasSuccessful": false, "Status": 400, "Message": "no", "Errors": [{ "Field": "Id" }], "Value": null }),
            json!({ "WasSuccessful": true, "Value": [{ "radius": 1.0 }, "square", 3] }),
            json!({ "Items": [{ "state": "detached" }, { "state": "attached", "instance": "00000000-0000-0000-0000-000000000003" }], "HasNext": true }),
            json!({ "title": "boom", "status": 500 }),
            json!(2),
        ]
    }

    /// Replaces the `n`-th node of `value` (depth first, from 0) with `new`;
    /// returns whether there was one.
    fn replace_node(value: &mut serde_json::Value, n: &mut usize, new: &serde_json::Value) -> bool {
        if *n == 0 {
            *value = new.clone();
            return true;
        }
        *n -= 1;
        match value {
            serde_json::Value::Array(items) => items.iter_mut().any(|item| replace_node(item, n, new)),
            serde_json::Value::Object(fields) => fields.values_mut().any(|field| replace_node(field, n, new)),
            _ => false,
        }
    }

    /// A valid answer with a few of its nodes replaced by other JSON: most
    /// of it still decodes, so that the decoders are reached deep down.
    fn near_valid() -> impl Strategy<Value = serde_json::Value> {
        let edits = prop::collection::vec((0_usize..40, json()), 1..4);
        (prop::sample::select(valid_answers()), edits).prop_map(|(mut answer, edits)| {
            for (node, new) in edits {
                let mut n = node;
                replace_node(&mut answer, &mut n, &new);
            }
            answer
        })
    }

    fn body() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            4 => near_valid().prop_map(|value| value.to_string().into_bytes()),
            1 => prop::sample::select(valid_answers()).prop_map(|value| value.to_string().into_bytes()),
            2 => json().prop_map(|value| value.to_string().into_bytes()),
            1 => prop::collection::vec(any::<u8>(), 0..64),
            1 => Just(Vec::new()),
        ]
    }

    fn decode_with<E: Endpoint<Error: std::fmt::Debug + endpointgen::ApiError>>(status: u16, body: &[u8]) {
        let mut response = http::Response::new(Bytes::copy_from_slice(body));
        *response.status_mut() = http::StatusCode::from_u16(status).unwrap();
        // A message of each error is built too: it reads what was decoded.
        if let Err(error) = E::decode(response) {
            let _ = format!("{error} {error:?}");
        }
    }

    proptest! {
        #![proptest_config(super::config(1_000))]

        #[test]
        fn any_body_decodes_to_ok_or_an_error(
            body in body(),
            status in prop_oneof![
                3 => Just(200_u16),
                2 => prop::sample::select(vec![201_u16, 204, 302, 400, 401, 404, 409, 500, 503]),
            ],
        ) {
            use endpoints::things::{File, Get, Level, Maybe, Outcome, Page};
            decode_with::<Get>(status, &body);
            decode_with::<Outcome>(status, &body);
            decode_with::<Maybe>(status, &body);
            decode_with::<Page>(status, &body);
            decode_with::<File>(status, &body);
            decode_with::<Level>(status, &body);
        }
    }
}

/// Generates a chain of `length` structs, each holding the next as an
/// optional field, and says how long it took.
fn chain_generation_time(length: usize) -> Duration {
    let mut spec = "spec: 1\nname: chain\ntypes:\n".to_owned();
    for index in 0..length {
        writeln!(spec, "  T{index}:\n    fields:\n      next: T{}?", index + 1).unwrap();
    }
    writeln!(spec, "  T{length}:\n    fields:\n      end: string").unwrap();
    let (sender, receiver) = mpsc::channel();
    std::thread::Builder::new()
        .stack_size(MACRO_STACK)
        .spawn(move || {
            let started = Instant::now();
            let generated =
                generate(&[Input::Inline { shown: "chain.yaml".to_owned(), text: spec }], &Options::default());
            sender
                .send((
                    generated
                        .map(|generated| endpointgen_codegen::format(&generated.code, "chain.yaml").len())
                        .map_err(|error| error.to_string()),
                    started.elapsed(),
                ))
                .ok();
        })
        .unwrap();
    let (generated, elapsed) = receiver.recv_timeout(Duration::from_secs(120)).expect("no answer within two minutes");
    assert!(generated.unwrap() > 0);
    elapsed
}

/// The boxing of recursive fields searched the rest of the chain from each
/// field: 8 000 structs took 7.6 s. Linear, 8 000 take about four times
/// what 2 000 take (allowed ten, for a busy machine).
#[test]
fn a_long_chain_of_structs_generates_in_linear_time() {
    let short = chain_generation_time(2_000);
    let long = chain_generation_time(8_000);
    assert!(long < Duration::from_secs(30), "8 000 structs took {long:?}");
    assert!(long < short * 10 + Duration::from_millis(500), "2 000: {short:?}, 8 000: {long:?}");
}
