//! A broken spec gets every problem reported at once, each at its file,
//! line and column, with a hint; never a panic.

use std::fmt::Write as _;
use std::path::Path;

use endpointgen_codegen::{Input, Options, generate};

fn problems(yaml: &str) -> Vec<String> {
    let input = Input::Inline { shown: "broken.yaml".to_owned(), text: yaml.to_owned() };
    let error = generate(&[input], &Options::default()).unwrap_err();
    error
        .diagnostics()
        .iter()
        .map(|diagnostic| format!("{}: {}", error.location(diagnostic), diagnostic.message))
        .collect()
}

#[test]
fn five_independent_mistakes_are_five_errors_at_their_places() {
    let yaml = r"spec: 1
name: portal
types:
  Booking:
    fields:
      Id: BookingID
endpoints:
  bookings:
    get:
      methd: GET
      method: GET
      path: /api/public/bookings/{id}
      response: Booking
    cancel:
      method: DELETE
      path: /api/public/bookings/{bookingId}
      path_params: { bookingId: i64 }
      auth: customer
      errors: [{ name: Gone, status: 200 }]
";
    assert_eq!(
        problems(yaml),
        [
            "broken.yaml:6:11: unknown type `BookingID`",
            "broken.yaml:10:7: unknown key `methd` in an endpoint",
            "broken.yaml:12:34: path parameter `id` is not declared",
            "broken.yaml:18:13: unknown auth scheme `customer`",
            "broken.yaml:19:38: 200 is not an error status",
        ]
    );
}

#[test]
fn the_rendering_shows_the_line_a_caret_and_a_hint() {
    let input = Input::Inline {
        shown: "api-spec/portal.yaml".to_owned(),
        text: "spec: 1\nname: portal\ntypes:\n  Booking:\n    fields:\n      Id: BookingID\n".to_owned(),
    };
    let error = generate(&[input], &Options::default()).unwrap_err();
    let rendered = error.to_string();
    assert!(rendered.starts_with("api-spec/portal.yaml:6:11: error: unknown type `BookingID`\n"), "{rendered}");
    assert!(rendered.contains("6 |       Id: BookingID"), "{rendered}");
    assert!(rendered.contains("^^^^^^^^^ not defined in this spec"), "{rendered}");
    assert!(rendered.contains("= help: did you mean `Booking`?"), "{rendered}");
}

#[test]
fn a_did_you_mean_for_close_names() {
    let yaml = "spec: 1\nname: x\ntypes:\n  Booking: { fields: { Id: i64 } }\n  Other: { fields: { B: Bookng } }\n";
    let input = Input::Inline { shown: "x.yaml".to_owned(), text: yaml.to_owned() };
    let error = generate(&[input], &Options::default()).unwrap_err();
    assert_eq!(error.diagnostics()[0].hint.as_deref(), Some("did you mean `Booking`?"));
}

#[test]
fn broken_input_is_an_error_not_a_panic() {
    let alias_bomb = {
        let mut lines = vec!["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]".to_owned()];
        for (previous, name) in "abcdefgh".chars().zip("bcdefghi".chars()) {
            lines.push(format!("{name}: &{name} [{}]", vec![format!("*{previous}"); 9].join(", ")));
        }
        lines.join("\n")
    };
    let deep = format!("spec: 1\nname: x\nendpoints: {}{}", "[".repeat(100_000), "]".repeat(100_000));
    for (what, yaml, expected) in [
        ("empty", String::new(), "the spec file is empty"),
        ("not a map", "- a\n- b\n".to_owned(), "a spec file must be a map"),
        ("unclosed flow", "spec: 1\nname: {".to_owned(), "not valid YAML"),
        ("tabs", "spec: 1\n\tname: x".to_owned(), "not valid YAML"),
        ("duplicate key", "spec: 1\nname: a\nname: b\n".to_owned(), "the key `name` appears twice in this map"),
        ("alias bomb", alias_bomb, "the spec expands to more YAML than endpointgen reads"),
        ("deep nesting", deep, "the spec nests more than 128 levels deep"),
        ("wrong version", "spec: 2\nname: x\n".to_owned(), "unsupported spec format version"),
    ] {
        let started = std::time::Instant::now();
        let found = problems(&yaml);
        assert!(found.iter().any(|problem| problem.contains(expected)), "{what}: {found:?}");
        assert!(started.elapsed().as_secs() < 10, "{what} took {:?}", started.elapsed());
    }
}

#[test]
fn a_missing_file_names_the_path_as_written() {
    let input =
        Input::File { shown: "api-spec/missing.yaml".to_owned(), path: "/nonexistent/api-spec/missing.yaml".into() };
    let error = generate(&[input], &Options::default()).unwrap_err();
    assert!(error.to_string().starts_with("error: cannot read spec file `api-spec/missing.yaml`"), "{error}");
}

/// A file that never ends (`/dev/zero`), a FIFO nobody writes to, a folder
/// and a file over the size limit are refused at the `include:` that names
/// them (or as the spec itself), quickly and without reading them whole.
#[cfg(unix)]
#[test]
fn only_regular_files_of_a_bounded_size_are_read() {
    let dir = std::env::temp_dir().join(format!("endpointgen-special-files-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("folder")).unwrap();
    let fifo = dir.join("fifo.yaml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    // Sparse: 65 MiB long, nothing written.
    std::fs::File::create(dir.join("huge.yaml")).unwrap().set_len(65 * 1024 * 1024).unwrap();
    let main = dir.join("main.yaml");
    std::fs::write(&main, "spec: 1\nname: x\ninclude: [/dev/zero, fifo.yaml, folder, huge.yaml]\n").unwrap();
    let started = std::time::Instant::now();
    let input = Input::File { shown: "main.yaml".to_owned(), path: main };
    let error = generate(&[input], &Options::default()).unwrap_err();
    let found: Vec<String> = error
        .diagnostics()
        .iter()
        .map(|diagnostic| {
            format!("{}: {} ({})", error.location(diagnostic), diagnostic.message, diagnostic.hint.as_deref().unwrap())
        })
        .collect();
    assert_eq!(
        found,
        [
            "main.yaml:3:11: cannot read spec file `/dev/zero`: it is not a regular file (a device, a pipe or a socket) \
             (a spec, an included spec or an OpenAPI document must be a regular file)",
            "main.yaml:3:22: cannot read spec file `fifo.yaml`: it is not a regular file (a device, a pipe or a socket) \
             (a spec, an included spec or an OpenAPI document must be a regular file)",
            "main.yaml:3:33: cannot read spec file `folder`: it is a folder \
             (a spec, an included spec or an OpenAPI document must be a regular file)",
            "main.yaml:3:41: spec file `huge.yaml` is larger than 64 MiB (split the spec into files joined with `include:`)",
        ],
    );
    for (shown, path) in [("/dev/zero", Path::new("/dev/zero")), ("fifo.yaml", &fifo)] {
        let input = Input::OpenApi { shown: shown.to_owned(), path: path.to_path_buf() };
        let error = generate(&[input], &Options::default()).unwrap_err();
        assert!(error.to_string().contains("it is not a regular file"), "{error}");
    }
    assert!(started.elapsed().as_secs() < 10, "took {:?}", started.elapsed());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A spec of `count` fields, each of an unknown type: `count` problems.
fn unknown_types(count: usize) -> String {
    let mut yaml = "spec: 1\nname: x\ntypes:\n  Many:\n    fields:\n".to_owned();
    for index in 0..count {
        writeln!(yaml, "      f{index}: Nope{index}").unwrap();
    }
    yaml
}

/// Checking and rendering grow linearly with the number of problems (each
/// used to rescan its file for its line): 20 000 problems take about four
/// times what 5 000 take, with a generous allowance for a busy machine.
#[test]
fn many_problems_are_checked_and_rendered_in_linear_time() {
    let time = |count: usize| {
        let yaml = unknown_types(count);
        let started = std::time::Instant::now();
        let input = Input::Inline { shown: "many.yaml".to_owned(), text: yaml };
        let error = generate(&[input], &Options::default()).unwrap_err();
        assert_eq!(error.error_count(), count);
        let rendered: usize = error.diagnostics().iter().map(|diagnostic| error.render(diagnostic).len()).sum();
        assert!(rendered > count * 40);
        started.elapsed()
    };
    let small = time(5_000);
    let large = time(20_000);
    assert!(large.as_secs() < 10, "20 000 problems took {large:?}");
    // Quadratic would be 16 times; linear is 4.
    assert!(large < small * 10 + std::time::Duration::from_millis(500), "5 000: {small:?}, 20 000: {large:?}");
}

/// Past the first hundred, problems are counted rather than shown; the
/// count of problems (and so the failure) is all of them.
#[test]
fn only_the_first_hundred_problems_are_shown() {
    let input = Input::Inline { shown: "many.yaml".to_owned(), text: unknown_types(250) };
    let error = generate(&[input], &Options::default()).unwrap_err();
    assert_eq!(error.error_count(), 250, "{error}");
    assert_eq!(error.shown().len(), endpointgen_codegen::SHOWN_PROBLEMS);
    assert_eq!(error.not_shown().as_deref(), Some("150 more problems are not shown"));
    let text = error.to_string();
    assert_eq!(text.matches(": error: unknown type `Nope").count(), 100, "{text}");
    assert!(text.contains("many.yaml:105:"), "{text}");
    assert!(!text.contains("many.yaml:106:"), "{text}");
    assert!(
        text.ends_with("\nerror: 150 more problems are not shown\nerror: the spec has 250 problems"),
        "{}",
        &text[text.len() - 300..]
    );
    let input = Input::Inline { shown: "few.yaml".to_owned(), text: unknown_types(100) };
    let error = generate(&[input], &Options::default()).unwrap_err();
    assert_eq!(error.not_shown(), None);
    assert_eq!(error.to_string().matches(": error: unknown type `Nope").count(), 100);
}

/// The warnings of an OpenAPI import are capped as problems are: a
/// document with 130 operations left out shows the first hundred, counts
/// the rest, and its summary still counts every one.
#[test]
fn only_the_first_hundred_warnings_are_shown() {
    let mut document = String::from("openapi: 3.1.0\ninfo: { title: Many, version: '1' }\npaths:\n");
    for index in 0..130 {
        // A relative server of its own: no client can reach it, so the
        // operation is left out with a warning.
        writeln!(
            document,
            "  /o{index}:\n    get:\n      servers: [{{ url: /elsewhere }}]\n      responses:\n        '204': {{ description: Ok. }}"
        )
        .unwrap();
    }
    let path = std::env::temp_dir().join(format!("endpointgen-many-warnings-{}.yaml", std::process::id()));
    std::fs::write(&path, document).unwrap();
    let generated = generate(&[Input::openapi(&path)], &Options::default());
    std::fs::remove_file(&path).unwrap();
    let warnings = generated.unwrap().warnings;
    assert_eq!(warnings.diagnostics().len(), 130);
    assert_eq!(warnings.shown().len(), endpointgen_codegen::SHOWN_PROBLEMS);
    assert_eq!(warnings.not_shown().as_deref(), Some("30 more warnings are not shown"));
    let text = warnings.to_string();
    assert_eq!(text.matches(": warning: operation `GET /o").count(), 100, "{text}");
    assert!(text.contains("`GET /o99`") && !text.contains("`GET /o100`"), "{text}");
    assert!(
        text.ends_with(
            "\nwarning: 30 more warnings are not shown\nwarning: 0 of 130 operations generated; 130 left out, see above"
        ),
        "{}",
        &text[text.len() - 300..]
    );
}

/// The `file:line:column` of a rendered diagnostic's headline, and of its
/// snippet's ` --> ` line, which annotate-snippets writes for the caret.
fn headline_and_caret(rendered: &str) -> (String, String) {
    let headline = rendered.split(": error: ").next().unwrap_or_default().to_owned();
    let caret = rendered
        .lines()
        .find_map(|line| line.trim_start().strip_prefix("--> "))
        .unwrap_or_else(|| panic!("no snippet in {rendered}"))
        .to_owned();
    (headline, caret)
}

/// A headline says where its caret is, whatever the span: empty at the end
/// of a line (`list<Label` lacks its `>`: the caret is past the `l`, as
/// rustc points at a missing `;`), after characters of several bytes or
/// tabs, before a Windows line end; and in every invalid fixture.
#[test]
fn every_headline_names_the_place_of_its_caret() {
    let mut rendered = Vec::new();
    for text in [
        "spec: 1\nname: x\ntypes:\n  Issue:\n    fields:\n      title: string\n      labels: list<Label\n",
        "spec: 1\r\nname: x\r\ntypes:\r\n  Issue:\r\n    fields:\r\n      labels: list<Label\r\n",
        "spec: 1\nname: x\ntypes:\n  Issue: { description: \"é😀\", fields: { labels: list<Label } }\n",
        "spec: 1\nname: x\ntypes:\n  Issue: { fields: {\tlabels: Nope } }\n",
    ] {
        let input = Input::Inline { shown: "issue.yaml".to_owned(), text: text.to_owned() };
        let error = generate(&[input], &Options::default()).unwrap_err();
        rendered.extend(error.diagnostics().iter().map(|diagnostic| error.render(diagnostic)));
    }
    assert_eq!(headline_and_caret(&rendered[0]), ("issue.yaml:7:25".to_owned(), "issue.yaml:7:25".to_owned()));
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-spec/fixtures/invalid");
    for entry in std::fs::read_dir(&fixtures).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let input = if crate::fixtures::is_openapi(&path) {
            Input::OpenApi { shown: name, path }
        } else if path.extension().is_some_and(|extension| extension == "yaml") {
            Input::File { shown: name, path }
        } else {
            continue;
        };
        let error = crate::fixtures::with_macro_stack(move || generate(&[input], &Options::default()).unwrap_err());
        rendered.extend(
            error
                .diagnostics()
                .iter()
                .filter(|diagnostic| diagnostic.span.is_some())
                .map(|diagnostic| error.render(diagnostic)),
        );
    }
    assert!(rendered.len() > 200, "{}", rendered.len());
    for rendered in &rendered {
        let (headline, caret) = headline_and_caret(rendered);
        assert_eq!(headline, caret, "{rendered}");
    }
}

/// `metod: GET` in an endpoint whose other keys are an endpoint's is one
/// problem, with a did-you-mean; read as a group, it was one per key.
#[test]
fn a_misspelled_method_is_one_problem() {
    let yaml = "spec: 1
name: gh
types:
  Repo: { fields: { name: string } }
endpoints:
  repos:
    get:
      metod: GET
      path: /repos/{owner}/{repo}
      path_params:
        owner: string
        repo: string
      response: Repo
      errors: [{ name: NotFound, status: 404 }]
";
    let input = Input::Inline { shown: "gh.yaml".to_owned(), text: yaml.to_owned() };
    let error = generate(&[input], &Options::default()).unwrap_err();
    let found: Vec<(String, Option<&str>)> = error
        .diagnostics()
        .iter()
        .map(|diagnostic| {
            (format!("{}: {}", error.location(diagnostic), diagnostic.message), diagnostic.hint.as_deref())
        })
        .collect();
    assert_eq!(found, [("gh.yaml:8:7: unknown key `metod` in an endpoint".to_owned(), Some("did you mean `method`?"))]);
}

/// A key written twice is reported with the spec's other problems, and
/// points at the first time it was written; reading goes on with the first.
#[test]
fn a_duplicate_key_is_one_problem_among_the_others() {
    let yaml = "spec: 1\nname: x\ntypes:\n  A: { fields: { id: i64, id: string } }\n  B: { fields: { a: Nope } }\n";
    let input = Input::Inline { shown: "x.yaml".to_owned(), text: yaml.to_owned() };
    let error = generate(&[input], &Options::default()).unwrap_err();
    let found: Vec<String> = error
        .diagnostics()
        .iter()
        .map(|diagnostic| format!("{}: {}", error.location(diagnostic), diagnostic.message))
        .collect();
    assert_eq!(found, ["x.yaml:4:27: the key `id` appears twice in this map", "x.yaml:5:21: unknown type `Nope`"]);
    let first = &error.diagnostics()[0].related;
    assert_eq!(first.len(), 1);
    assert_eq!((first[0].0.start, first[0].1.as_str()), (yaml.find("id:").unwrap(), "first written here"));
}

/// After a spec error the macro emits what it could understand: an
/// endpoint whose only problem is a type that does not exist stays, with
/// that type read as `any` (or a string, in a parameter), so that code
/// calling it does not fail for want of it too.
#[test]
fn an_endpoint_with_a_broken_type_stays_in_the_stub() {
    let yaml = "spec: 1
name: gh
endpoints:
  repos:
    get:
      method: GET
      path: /repos/{owner}
      path_params: { owner: Ownr }
      query: { page: { type: Page, default: 1 } }
      response: Repository
";
    let expansion = endpointgen_codegen::expand_macro(quote::quote!(yaml = #yaml)).to_string();
    assert_eq!(expansion.matches("compile_error").count(), 3, "{expansion}");
    assert!(expansion.contains("pub fn get ("), "{expansion}");
    assert!(expansion.contains("pub fn page"), "{expansion}");
}
