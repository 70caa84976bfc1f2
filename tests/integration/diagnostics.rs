//! A broken spec gets every problem reported at once, each at its file,
//! line and column, with a hint; never a panic.

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
