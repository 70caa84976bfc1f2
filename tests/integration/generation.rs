//! The macro and build.rs paths produce the same code; generated endpoints
//! build requests whose shape no value can change.

use endpointgen::{BaseUrl, Endpoint, Error};
use proc_macro2::TokenStream;

/// The macro's expansion without its `const _: &[u8] = include_bytes!(…);`
/// items (they only tell cargo which files to watch), and the paths those
/// items track.
pub(crate) fn split_file_tracking(expansion: TokenStream) -> (TokenStream, Vec<String>) {
    let (items, tracked, _) = split_expansion(expansion);
    (items, tracked)
}

/// A macro expansion in three: the generated items, the files it tracks
/// (`const _: &[u8] = include_bytes!(…)`), and the notes of its warnings
/// (`const _: () = { #[deprecated(note = …)] … }`).
pub(crate) fn split_expansion(expansion: TokenStream) -> (TokenStream, Vec<String>, Vec<String>) {
    let file: syn::File = syn::parse2(expansion).unwrap();
    let mut items = Vec::new();
    let mut tracked = Vec::new();
    let mut notes = Vec::new();
    for item in file.items {
        match &item {
            syn::Item::Const(constant) if constant.ident == "_" => {
                let text = quote::quote!(#item).to_string();
                match deprecation_note(constant) {
                    Some(note) => notes.push(note),
                    None => tracked.push(text),
                }
            }
            _ => items.push(item),
        }
    }
    (quote::quote!(#(#items)*), tracked, notes)
}

/// The note of the `#[deprecated(note = "…")]` constant inside
/// `const _: () = { … };`, the macro's way of giving a warning.
fn deprecation_note(constant: &syn::ItemConst) -> Option<String> {
    let syn::Expr::Block(block) = &*constant.expr else { return None };
    block.block.stmts.iter().find_map(|statement| {
        let syn::Stmt::Item(syn::Item::Const(inner)) = statement else { return None };
        inner.attrs.iter().find(|attribute| attribute.path().is_ident("deprecated")).and_then(|attribute| {
            let mut note = None;
            attribute
                .parse_nested_meta(|meta| {
                    note = Some(meta.value()?.parse::<syn::LitStr>()?.value());
                    Ok(())
                })
                .ok()?;
            note
        })
    })
}

/// Checks that the macro's items are `generated`'s code, token for token,
/// and returns that code formatted as the build script formats it.
pub(crate) fn assert_macro_items_are(items: &TokenStream, generated: &endpointgen_codegen::Code, from: &str) -> String {
    // Through syn as the macro's items went, so that both are spaced alike.
    let (generated_items, _) = split_file_tracking(generated.to_string().parse().unwrap());
    assert!(items.to_string() == generated_items.to_string(), "{from}: the macro's items are not the generated code");
    endpointgen_codegen::format(generated, from)
}

#[test]
fn the_macro_and_the_build_script_emit_the_same_tokens() {
    // What the macro expands `generate!("../api-spec/portal.yaml", …)` to, in
    // a crate of this workspace…
    let expansion =
        endpointgen_codegen::expand_macro(quote::quote!("../api-spec/portal.yaml", "../api-spec/portal-extras.yaml"));
    let (items, tracked) = split_file_tracking(expansion);
    // Every file read is tracked: the two given, and every file that
    // portal.yaml includes.
    let included: Vec<String> = std::fs::read_dir("../api-spec/portal")
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(tracked.len(), 2 + included.len(), "{tracked:?}");
    assert!(tracked[0].contains("include_bytes") && tracked[0].contains("api-spec/portal.yaml"), "{tracked:?}");
    assert!(tracked[1].contains("api-spec/portal-extras.yaml"), "{tracked:?}");
    for file in included {
        assert!(tracked.iter().any(|path| path.contains(&format!("api-spec/portal/{file}"))), "{file} is not tracked");
    }

    // …is the code the library generates for those specs, which, formatted
    // as the build script formats its output, is the file that
    // generated-example's build script wrote to OUT_DIR, byte for byte.
    let specs = ["../api-spec/portal.yaml", "../api-spec/portal-extras.yaml"];
    let generated = endpointgen_codegen::generate(
        &specs.map(endpointgen_codegen::Input::file),
        &endpointgen_codegen::Options::default(),
    )
    .unwrap();
    let formatted = assert_macro_items_are(&items, &generated.code, &specs.join(", "));
    assert!(formatted.contains("pub mod endpoints"));
    assert_eq!(formatted, generated_example::BUILD_SCRIPT_OUTPUT);
}

#[test]
fn the_build_script_api_writes_only_when_the_content_changes() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("config-write-test");
    std::fs::create_dir_all(&dir).unwrap();
    let config = endpointgen_codegen::Config::new()
        .spec("../api-spec/portal.yaml")
        .spec("../api-spec/portal-extras.yaml")
        .out_dir(&dir)
        .skip_rerun_lines();

    let path = config.generate().unwrap();
    assert_eq!(path, dir.join("portal.rs"));
    let written = std::fs::metadata(&path).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    config.generate().unwrap();

    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), written, "an unchanged file was rewritten");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), generated_example::BUILD_SCRIPT_OUTPUT);
}

#[test]
fn the_build_script_writes_the_same_bytes_from_any_checkout() {
    // The portal specs at two absolute paths, as two checkouts hold them; a
    // build script may name its specs by absolute path (from
    // `CARGO_MANIFEST_DIR`, say).
    let specs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-spec");
    let root = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("checkouts");
    let written: Vec<String> = ["one", "two/deeper"]
        .iter()
        .map(|checkout| {
            let dir = root.join(checkout);
            std::fs::create_dir_all(dir.join("portal")).unwrap();
            for file in ["portal.yaml", "portal-extras.yaml"] {
                std::fs::copy(specs.join(file), dir.join(file)).unwrap();
            }
            for entry in std::fs::read_dir(specs.join("portal")).unwrap() {
                let entry = entry.unwrap();
                std::fs::copy(entry.path(), dir.join("portal").join(entry.file_name())).unwrap();
            }
            let config = endpointgen_codegen::Config::new()
                .spec(dir.join("portal.yaml"))
                .spec(dir.join("portal-extras.yaml"))
                .skip_rerun_lines();
            config.generate_string().unwrap().code
        })
        .collect();
    assert!(written[0].starts_with("// @generated by endpointgen 0.1.0 from portal.yaml, portal-extras.yaml.\n"));
    assert!(written[0] == written[1], "the two checkouts' files differ");
}

mod hostile {
    endpointgen::generate!(
        yaml = r#"
spec: 1
name: hostile
types:
  Thing: { fields: { Name: string } }
endpoints:
  files:
    get:
      method: GET
      path: /api/files/{folder}/{name}
      path_params: { folder: string, name: string }
      query:
        q: string
        page: i32?
        tags: list<string>?
      response: Thing
"#
    );
}

#[test]
fn path_and_query_values_cannot_change_the_shape_of_the_request() {
    let base = BaseUrl::parse("http://127.0.0.1:8080/prefix/").unwrap();
    let hostile_values = ["a/b", "../etc", "x?admin=1", "frag#ment", "100%", "sp ace", "ünï", "&=+", "\u{1F600}"];
    for value in hostile_values {
        let endpoint = hostile::endpoints::files::get(value, "file.pdf", value)
            .page(2)
            .tags(vec![value.to_owned(), "b".to_owned()]);
        let request = endpoint.to_request(&base).unwrap();
        let uri = request.uri();
        assert_eq!(uri.host(), Some("127.0.0.1"));
        let segments: Vec<&str> = uri.path().split('/').collect();
        assert_eq!(segments.len(), 6, "{value:?} changed the path: {}", uri.path());
        assert_eq!(&segments[..4], ["", "prefix", "api", "files"]);
        assert_eq!(segments[5], "file.pdf");
        let query: Vec<&str> = uri.query().unwrap().split('&').collect();
        let names: Vec<&str> = query.iter().map(|pair| pair.split('=').next().unwrap()).collect();
        assert_eq!(names, ["q", "page", "tags", "tags"], "{value:?} changed the query: {query:?}");
        assert_eq!(query.iter().filter(|pair| pair.matches('=').count() != 1).count(), 0);
    }
}

proptest::proptest! {
    /// Any value, made of the characters that could change a URL's shape if
    /// left as they are, comes back unchanged from the server's point of
    /// view: one path segment each, one query value each, nothing else.
    #[test]
    fn any_value_is_one_segment_or_one_query_value(
        folder in "[/.%?#& =+;:@a-zA-Z0-9\u{e9}\u{1F600}\u{0}-\u{1f}-]{1,24}",
        query in "[/.%?#& =+;:@a-zA-Z0-9\u{e9}\u{1F600}\u{0}-\u{1f}-]{0,24}",
    ) {
        let base = BaseUrl::parse("http://127.0.0.1:8080/prefix").unwrap();
        let request = hostile::endpoints::files::get(folder.clone(), "file.pdf", query.clone()).to_request(&base);
        if matches!(folder.as_str(), "." | "..") {
            // Refused before sending: `%2E%2E` is still `..` to URL normalizers.
            proptest::prop_assert!(request.is_err());
            return Ok(());
        }
        let request = request.unwrap();
        let uri = request.uri();
        // What the client sends has the same URL, to the byte.
        let built = HOSTILE_CLIENT.build_request(&hostile::endpoints::files::get(folder.clone(), "file.pdf", query.clone()));
        let built = built.unwrap();
        proptest::prop_assert_eq!(built.url().as_str(), uri.to_string());
        let segments: Vec<&str> = uri.path().split('/').collect();
        proptest::prop_assert_eq!(segments.len(), 6, "{:?} changed the path {}", folder, uri.path());
        proptest::prop_assert_eq!(decoded(segments[4]), folder);
        proptest::prop_assert_eq!(segments[5], "file.pdf");
        let pairs: Vec<(String, String)> = uri
            .query()
            .unwrap_or("")
            .split('&')
            .map(|pair| {
                let (name, value) = pair.split_once('=').unwrap();
                (decoded(name), decoded(value))
            })
            .collect();
        proptest::prop_assert_eq!(pairs, vec![("q".to_owned(), query)]);
    }
}

/// A client for the base URL the hostile tests use. Built once: building
/// one sets up TLS.
static HOSTILE_CLIENT: std::sync::LazyLock<endpointgen::Client> =
    std::sync::LazyLock::new(|| endpointgen::Client::new("http://127.0.0.1:8080/prefix").unwrap());

/// `Client::send` does not call `to_request`: it sends what
/// `Client::build_request` builds, whose URL is parsed once, as reqwest's
/// `Url`, from the path on. Both must be the same request: method, URL
/// (to the byte), headers (the client adds only the credentials) and body;
/// or the same refusal.
macro_rules! assert_same_request {
    ($client:expr, $endpoint:expr) => {{
        let client = &$client;
        let endpoint = $endpoint;
        let built = client.build_request(&endpoint);
        let sans_io = Endpoint::to_request(&endpoint, client.base_url());
        match (sans_io, built) {
            (Ok(sans_io), Ok(built)) => {
                assert_eq!(built.method(), sans_io.method());
                assert_eq!(built.url().as_str(), sans_io.uri().to_string());
                let mut headers = built.headers().clone();
                headers.remove("authorization");
                headers.remove("x-partner-key");
                assert_eq!(&headers, sans_io.headers());
                assert_eq!(built.body().and_then(|body| body.as_bytes()), Some(&sans_io.body()[..]));
            }
            (Err(sans_io), Err(built)) => assert_eq!(sans_io.to_string(), built.to_string()),
            (sans_io, built) => panic!("to_request gave {sans_io:?}, build_request {built:?}"),
        }
    }};
}

#[test]
fn the_client_builds_the_request_that_to_request_gives() {
    let values = ["a/b", "../etc", "x?admin=1", "frag#ment", "100%", "sp ace", "ünï", "&=+", "\u{1F600}", "..", ""];
    for value in values {
        assert_same_request!(
            HOSTILE_CLIENT,
            hostile::endpoints::files::get(value, "file.pdf", value).page(2).tags(vec![value.to_owned()])
        );
    }
    for base in ["http://127.0.0.1", "https://api.example.com:8443/v1/", "http://[::1]:8080/"] {
        let client = endpointgen::Client::new(base).unwrap().bearer("t0ken");
        let login = || wire::Login {
            grant_type: "refresh_token".to_owned(),
            username: "ada@example.com".to_owned(),
            password: "p&ss=word".to_owned(),
            totp: None,
        };
        assert_same_request!(client, wire::endpoints::token::refresh("ada@example.com", login()).x_use_timezone(true));
        assert_same_request!(client, wire::endpoints::token::refresh("me@example.com\r\nX-Evil: 1", login()));
        assert_same_request!(client, wire::endpoints::billing::upload("logo.png", vec![0x89, b'P', b'N', b'G']));
        assert_same_request!(client, wire::endpoints::billing::invoice_pdf(7, "one-time"));
        assert_same_request!(
            client,
            wire::endpoints::visits::on("2026-09-02".parse().unwrap()).kind(wire::CoworkerType::Company)
        );
        assert_same_request!(client, wire::endpoints::visits::paged());
        // The bearer token is in the request, marked sensitive.
        let built = client.build_request(&wire::endpoints::billing::invoice_pdf(7, "x")).unwrap();
        assert_eq!(built.headers()["authorization"], "Bearer t0ken");
        assert!(!format!("{built:?}").contains("t0ken"));
    }
}

fn decoded(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8().unwrap().into_owned()
}

#[test]
fn a_path_value_that_is_a_dot_segment_is_not_sent() {
    let base = BaseUrl::parse("http://127.0.0.1:8080").unwrap();
    for value in ["..", ".", ""] {
        let error = hostile::endpoints::files::get(value, "x", "q").to_request(&base).unwrap_err();
        let Error::InvalidRequest(invalid) = error else { panic!("expected InvalidRequest, got {error:?}") };
        assert!(invalid.reason.contains("`folder`"), "{}", invalid.reason);
    }
}

/// Every shape the generator emits, in one spec: compiled here, then used.
mod shapes {
    endpointgen::generate!(
        yaml = r#"
spec: 1
name: shapes
auth:
  customer: { bearer: {} }
types:
  Result: { fields: { Ok: bool } }
  Option: { newtype: string }
  Client: { alias: list<Option> }
  Kind: { enum: [Parcel, Letter, "parcel-xl", Unknown] }
  Tree:
    fields:
      Name: string
      Children: { type: list<Tree>, default: [] }
      Parent: Tree?
  Settings:
    fields:
      type: { type: Kind, default: Letter }
      Size: { type: i32, default: 25 }
      Ratio: { type: f64, default: 1.5 }
      Label: { type: string, default: "n/a" }
      Enabled: { type: bool, default: true }
      Note: string?
  Patch:
    fields:
      FullName: string?
      Kind: Kind?
endpoints:
  things:
    type:
      method: PATCH
      path: /things/{self}
      path_params: { self: Option }
      body: Patch
      response: Settings
      auth: customer
    tree:
      method: POST
      path: /trees
      body: { type: Tree?, description: The tree to store. }
      response: Tree
"#,
        yaml = r#"
spec: 1
name: extras
endpoints:
  things:
    count:
      method: GET
      path: /things/count
      query: { kind: Kind? }
      response: Client
"#
    );
}

fn json_response(body: &str) -> endpointgen::http::Response<endpointgen::Bytes> {
    endpointgen::http::Response::new(endpointgen::Bytes::from(body.to_owned()))
}

#[test]
fn enums_keep_unknown_values_and_defaults_fill_absent_fields() {
    let settings = shapes::endpoints::things::Type::decode(json_response(r#"{"Note": null}"#)).unwrap();
    assert_eq!(settings.r#type, shapes::Kind::Letter);
    assert_eq!(settings.size, 25);
    assert!((settings.ratio - 1.5).abs() < f64::EPSILON);
    assert_eq!(settings.label, "n/a");
    assert!(settings.enabled);

    let settings = shapes::endpoints::things::Type::decode(json_response(r#"{"type": "Crate", "Size": 3}"#)).unwrap();
    assert_eq!(settings.r#type, shapes::Kind::Unknown("Crate".to_owned()));
    assert_eq!(settings.r#type.as_str(), "Crate");
    assert_eq!(settings.size, 3);

    // A value called `Unknown` is a value like the others.
    let settings = shapes::endpoints::things::Type::decode(json_response(r#"{"type": "Unknown"}"#)).unwrap();
    assert_eq!(settings.r#type, shapes::Kind::UnknownValue);
    assert_eq!(settings.r#type.as_str(), "Unknown");
}

#[test]
fn structs_decode_from_objects_with_serdes_rules_and_messages() {
    let tree = |body: &str| serde_json::from_str::<shapes::Tree>(body);
    // Unknown keys are skipped, escaped keys are keys, absent and `null`
    // optional fields are `None`, an absent list takes its default.
    let decoded = tree(r#"{"Na\u006de": "root", "Extra": {"deep": [1, 2]}, "Parent": null}"#).unwrap();
    assert_eq!(decoded, shapes::Tree { name: "root".to_owned(), children: vec![], parent: None });
    let decoded = tree(r#"{"Name": "leaf", "Parent": {"Name": "root", "Children": []}}"#).unwrap();
    assert_eq!(decoded.parent.unwrap().name, "root");
    // serde's own messages, with the position.
    assert_eq!(tree(r#"{"Children": []}"#).unwrap_err().to_string(), "missing field `Name` at line 1 column 16");
    assert_eq!(
        tree(r#"{"Name": "a", "Name": "b"}"#).unwrap_err().to_string(),
        "duplicate field `Name` at line 1 column 20"
    );
    assert!(
        tree(r#"{"Name": 7}"#).unwrap_err().to_string().starts_with("invalid type: integer `7`, expected a string")
    );
    assert_eq!(
        tree(r#"["root"]"#).unwrap_err().to_string(),
        "invalid type: sequence, expected a JSON object `Tree` at line 1 column 0"
    );
    // Through a `serde_json::Value` too (tagged unions decode their members so).
    let value = serde_json::json!({"Name": "root", "Children": [{"Name": "leaf"}]});
    assert_eq!(serde_json::from_value::<shapes::Tree>(value).unwrap().children[0].name, "leaf");
}

#[test]
fn keywords_and_prelude_names_are_fine_as_spec_names() {
    let base = BaseUrl::parse("http://127.0.0.1").unwrap();
    let patch = shapes::Patch { full_name: None, kind: Some(shapes::Kind::ParcelXl) };
    let request = shapes::endpoints::things::r#type(shapes::Option("a b".to_owned()), patch).to_request(&base).unwrap();
    assert_eq!(request.method(), "PATCH");
    assert_eq!(request.uri(), "http://127.0.0.1/things/a%20b");
    // `None` fields are left out of the body: what a partial update needs.
    assert_eq!(request.body(), br#"{"Kind":"parcel-xl"}"#);
    assert_eq!(request.headers()["content-type"], "application/json");
    let _: shapes::Result = shapes::Result { ok: true };
    let _: shapes::Client = vec![shapes::Option(String::new())];
}

#[test]
fn recursive_types_are_boxed_and_optional_bodies_are_builder_methods() {
    let base = BaseUrl::parse("http://127.0.0.1").unwrap();
    let without = shapes::endpoints::things::tree().to_request(&base).unwrap();
    assert!(without.body().is_empty());

    let leaf = shapes::Tree { name: "leaf".to_owned(), children: Vec::new(), parent: None };
    let with = shapes::endpoints::things::tree().body(leaf).to_request(&base).unwrap();
    assert_eq!(with.body(), br#"{"Name":"leaf","Children":[]}"#);

    let tree = shapes::endpoints::things::Tree::decode(json_response(
        r#"{"Name": "b", "Parent": {"Name": "a", "Parent": null}, "Children": [{"Name": "c"}]}"#,
    ))
    .unwrap();
    let parent: Box<shapes::Tree> = tree.parent.unwrap();
    assert_eq!(parent.name, "a");
    assert_eq!(tree.children[0].name, "c");
}

#[test]
fn merged_specs_share_types_and_modules() {
    let base = BaseUrl::parse("http://127.0.0.1").unwrap();
    let request = shapes::endpoints::things::count().kind(shapes::Kind::Parcel).to_request(&base).unwrap();
    assert_eq!(request.uri(), "http://127.0.0.1/things/count?kind=Parcel");
    let decoded = shapes::endpoints::things::Count::decode(json_response(r#"["x"]"#)).unwrap();
    assert_eq!(decoded, [shapes::Option("x".to_owned())]);
}

#[test]
fn a_name_defined_in_two_merged_specs_shows_both_places() {
    use endpointgen_codegen::{Input, Options, generate};
    let first = Input::Inline {
        shown: "vendor.yaml".to_owned(),
        text: "spec: 1\nname: a\ntypes:\n  Booking: { newtype: i64 }\n".to_owned(),
    };
    let second = Input::Inline {
        shown: "ours.yaml".to_owned(),
        text: "spec: 1\nname: b\ntypes:\n  Booking: { newtype: string }\n".to_owned(),
    };
    let error = generate(&[first, second], &Options::default()).unwrap_err();
    let rendered = error.to_string();
    assert!(rendered.starts_with("ours.yaml:4:3: error: type `Booking` is defined twice"), "{rendered}");
    assert!(rendered.contains("vendor.yaml:4:3"), "the first definition is not shown: {rendered}");
    assert!(rendered.contains("first defined here"), "{rendered}");
}

/// The features beyond the portal's first endpoints: headers, form and raw
/// bodies, binary responses, dates, uuids, integer enums, API keys and
/// optional auth.
mod wire {
    endpointgen::generate!(
        yaml = r#"
spec: 1
name: wire
envelopes:
  ApiListResult:
    fields:
      Records: { type: list<T>, role: items }
      HasNextPage: { type: bool?, role: has_next }
      CurrentPage: i32?
auth:
  customer: { bearer: {} }
  partner: { api_key: { header: X-Partner-Key } }
types:
  CoworkerType: { enum: { Individual: 1, Company: 2 } }
  Login:
    fields:
      grant_type: string
      username: string
      password: string
      totp: string?
  Token: { fields: { access_token: string, expires_in: i64 } }
  Visit:
    fields:
      Id: uuid
      Day: date
      ExpectedArrival: datetime?
      Kind: { type: CoworkerType, default: Company }
      Photo: bytes?
endpoints:
  token:
    refresh:
      method: POST
      path: /api/token
      headers:
        client_id: { type: string, description: The email used at sign-in. }
        X-Use-Timezone: bool?
      body: { type: Login, content: form }
      response: Token
  billing:
    invoice_pdf:
      method: GET
      path: /api/public/billing/invoices/{id}/pdf
      path_params: { id: i64 }
      query: { t: string }
      response: { type: bytes, content: application/pdf }
      auth: customer
    upload:
      method: PUT
      path: /api/public/files/{name}
      path_params: { name: string }
      body: { type: bytes, content: image/png }
  visits:
    on:
      method: GET
      path: /api/public/visits/{day}
      path_params: { day: date }
      query: { kind: CoworkerType?, after: datetime?, id: uuid? }
      response: list<Visit>
      auth: customer?
    partner_feed:
      method: GET
      path: /api/partner/visits
      response: list<Visit>
      auth: partner
    paged:
      method: GET
      path: /api/public/visits
      query:
        page: { type: i32, default: 1 }
        size: { type: i32, default: 15 }
      paging: page
      response: ApiListResult<string>
"#
    );
}

#[test]
fn headers_and_form_bodies_are_written_as_the_spec_says() {
    let base = BaseUrl::parse("http://127.0.0.1").unwrap();
    let login = wire::Login {
        grant_type: "refresh_token".to_owned(),
        username: "ada@example.com".to_owned(),
        password: "p&ss=word".to_owned(),
        totp: None,
    };
    let request =
        wire::endpoints::token::refresh("ada@example.com", login).x_use_timezone(true).to_request(&base).unwrap();
    assert_eq!(request.headers()["client_id"], "ada@example.com");
    assert_eq!(request.headers()["x-use-timezone"], "true");
    assert_eq!(request.headers()["content-type"], "application/x-www-form-urlencoded");
    assert_eq!(request.body(), b"grant_type=refresh_token&username=ada%40example.com&password=p%26ss%3Dword");

    let without_optional_header = wire::endpoints::token::refresh(
        "x",
        wire::Login { grant_type: String::new(), username: String::new(), password: String::new(), totp: None },
    )
    .to_request(&base)
    .unwrap();
    assert!(!without_optional_header.headers().contains_key("x-use-timezone"));

    let smuggled = wire::endpoints::token::refresh(
        "me@example.com\r\nX-Evil: 1",
        wire::Login { grant_type: String::new(), username: String::new(), password: String::new(), totp: None },
    )
    .to_request(&base)
    .unwrap_err();
    assert!(matches!(smuggled, Error::InvalidRequest(_)), "{smuggled:?}");
}

#[test]
fn binary_bodies_and_responses_are_raw_bytes() {
    let base = BaseUrl::parse("http://127.0.0.1").unwrap();
    let upload = wire::endpoints::billing::upload("logo.png", vec![0x89, b'P', b'N', b'G']).to_request(&base).unwrap();
    assert_eq!(upload.headers()["content-type"], "image/png");
    assert_eq!(upload.body(), &[0x89, b'P', b'N', b'G']);

    let pdf = wire::endpoints::billing::invoice_pdf(7, "one-time").to_request(&base).unwrap();
    assert_eq!(pdf.uri(), "http://127.0.0.1/api/public/billing/invoices/7/pdf?t=one-time");
    assert_eq!(pdf.headers()["accept"], "application/pdf");
    let body = wire::endpoints::billing::InvoicePdf::decode(endpointgen::http::Response::new(
        endpointgen::Bytes::from_static(b"%PDF-1.7\n\xff\xfe"),
    ))
    .unwrap();
    assert_eq!(&body[..], b"%PDF-1.7\n\xff\xfe");
}

#[test]
fn dates_uuids_bytes_and_integer_enums_round_trip() {
    let base = BaseUrl::parse("http://127.0.0.1").unwrap();
    let day: endpointgen::Date = "2026-09-02".parse().unwrap();
    let id: endpointgen::Uuid = "6f1e8a52-3c6b-4b0e-9d7a-0f6c2a1b9e11".parse().unwrap();
    let request = wire::endpoints::visits::on(day)
        .kind(wire::CoworkerType::Company)
        .after("2026-09-02T08:00:00+02:00".parse().unwrap())
        .id(id)
        .to_request(&base)
        .unwrap();
    assert_eq!(
        request.uri(),
        "http://127.0.0.1/api/public/visits/2026-09-02?kind=2&after=2026-09-02T08%3A00%3A00%2B02%3A00&id=6f1e8a52-3c6b-4b0e-9d7a-0f6c2a1b9e11"
    );

    let visits = wire::endpoints::visits::On::decode(json_response(
        r#"[{"Id": "6f1e8a52-3c6b-4b0e-9d7a-0f6c2a1b9e11", "Day": "2026-09-02", "ExpectedArrival": "2026-09-02T22:00:00",
             "Kind": 1, "Photo": "aGk="},
            {"Id": "00000000-0000-0000-0000-000000000000", "Day": "2026-09-03", "Kind": 7}]"#,
    ))
    .unwrap();
    assert_eq!(visits[0].id, id);
    assert_eq!(visits[0].day, day);
    assert_eq!(visits[0].expected_arrival.as_ref().unwrap().as_str(), "2026-09-02T22:00:00");
    assert_eq!(visits[0].kind, wire::CoworkerType::Individual);
    assert_eq!(visits[0].photo.as_ref().unwrap().0, b"hi");
    // A value the spec does not list is kept, not an error.
    assert_eq!(visits[1].kind, wire::CoworkerType::Unknown(7));
    assert_eq!(visits[1].kind.as_i64(), 7);

    let broken_date = wire::endpoints::visits::On::decode(json_response(
        r#"[{"Id": "6f1e8a52-3c6b-4b0e-9d7a-0f6c2a1b9e11", "Day": "02/09/2026"}]"#,
    ))
    .unwrap_err();
    assert!(matches!(broken_date, Error::Decode(_)), "{broken_date:?}");
}

#[tokio::test]
async fn optional_auth_works_with_and_without_credentials_and_api_keys_go_in_their_header() {
    use crate::misbehaving_server::{http_response, scripted};
    let server = scripted(|_, _| http_response("200 OK", &[("content-type", "application/json")], b"[]")).await;
    let anonymous = endpointgen::Client::new(&server.base_url).unwrap();
    let day: endpointgen::Date = "2026-09-02".parse().unwrap();

    // `auth: customer?` compiles for a client with a token and for one without.
    assert!(anonymous.send(wire::endpoints::visits::on(day)).await.unwrap().is_empty());
    let with_token = anonymous.clone().bearer("t");
    assert!(with_token.send(wire::endpoints::visits::on(day)).await.unwrap().is_empty());

    let partner = anonymous.api_key("k3y");
    assert!(partner.send(wire::endpoints::visits::partner_feed()).await.unwrap().is_empty());
    assert!(!format!("{partner:?}").contains("k3y"));

    // What arrived: nothing, a bearer token, and the key in the header its
    // scheme names (`X-Partner-Key`), and nowhere else.
    let received = server.received();
    let credentials: Vec<_> = received
        .iter()
        .map(|request| {
            let mut sent: Vec<_> = request
                .headers
                .iter()
                .filter(|(name, value)| name == "authorization" || name.contains("key") || value.contains("k3y"))
                .cloned()
                .collect();
            sent.sort();
            sent
        })
        .collect();
    let header = |name: &str, value: &str| vec![(name.to_owned(), value.to_owned())];
    assert_eq!(credentials, [vec![], header("authorization", "Bearer t"), header("x-partner-key", "k3y")]);
}

#[test]
fn a_paged_endpoint_asks_for_the_next_page_while_there_is_one() {
    use endpointgen::Paged;
    let base = BaseUrl::parse("http://127.0.0.1").unwrap();
    let first = wire::endpoints::visits::paged().size(2);
    let page = wire::endpoints::visits::Paged::decode(json_response(r#"{"Records": ["a", "b"], "HasNextPage": true}"#))
        .unwrap();
    let no_headers = endpointgen::http::HeaderMap::new();
    let Some(endpointgen::NextPage::Endpoint(second)) = first.next_page(&page, &no_headers) else {
        panic!("the page says another follows")
    };
    assert_eq!(second.to_request(&base).unwrap().uri(), "http://127.0.0.1/api/public/visits?page=2&size=2");
    let last =
        wire::endpoints::visits::Paged::decode(json_response(r#"{"Records": ["c"], "HasNextPage": false}"#)).unwrap();
    assert!(second.next_page(&last, &no_headers).is_none());
    // An absent flag means no further page.
    let unsure = wire::endpoints::visits::Paged::decode(json_response(r#"{"Records": []}"#)).unwrap();
    assert!(second.next_page(&unsure, &no_headers).is_none());
    assert_eq!(wire::endpoints::visits::Paged::into_items(page), ["a", "b"]);
}

mod optional {
    endpointgen::generate!(
        yaml = r#"
spec: 1
name: optional
envelopes:
  ActionConfirmation:
    fields:
      WasSuccessful: { type: bool, role: success }
      Value: { type: T, role: value }
types:
  LinkToken: { newtype: string, secret: true }
  ProfileUpdate: { fields: { FullName: string?, NickName: string?, CountryId: i64? } }
endpoints:
  basket:
    # The portal answers an empty 200, or an envelope that reports failure.
    checkout: { method: POST, path: /basket/invoice, response: ActionConfirmation<any?>? }
    token: { method: POST, path: /token, response: LinkToken? }
  profile:
    update: { method: PATCH, path: /profile, body: ProfileUpdate }
"#
    );
}

#[test]
fn an_optional_response_is_none_for_an_empty_body_and_still_checked_otherwise() {
    use optional::endpoints::basket::{Checkout, Token};
    assert_eq!(Checkout::decode(json_response("")).unwrap(), None);
    assert_eq!(Checkout::decode(json_response(" \n")).unwrap(), None);
    let confirmed = Checkout::decode(json_response(r#"{"WasSuccessful": true, "Value": 7}"#)).unwrap().unwrap();
    assert_eq!(confirmed.value, Some(serde_json::json!(7)));
    let refused = Checkout::decode(json_response(r#"{"WasSuccessful": false, "Value": null}"#)).unwrap_err();
    assert!(matches!(refused, Error::Rejected(_)), "{refused:?}");
    assert_eq!(Token::decode(json_response("")).unwrap(), None);
}

#[test]
fn a_false_success_flag_is_a_rejection_even_with_status_200_in_the_http_and_the_body() {
    use generated_example::portal::endpoints::coworkers::SetCurrentProfile;
    let body = r#"{"WasSuccessful": false, "Status": 200, "Message": "Not today", "Value": "kept", "Errors": null}"#;
    let refused = SetCurrentProfile::decode(json_response(body)).unwrap_err();
    let Error::Rejected(rejection) = &refused else { panic!("expected Error::Rejected, got {refused:?}") };
    assert_eq!(rejection.status, 200);
    assert_eq!(rejection.body_status, Some(200));
    assert_eq!(rejection.message.as_deref(), Some("Not today"));
    assert_eq!(rejection.errors, None);
    // The same body with the flag set is the value.
    let accepted = SetCurrentProfile::decode(json_response(&body.replace("false", "true"))).unwrap();
    assert_eq!(accepted.value.as_deref(), Some("kept"));
}

#[test]
fn secret_newtypes_hide_their_value_and_optional_structs_start_empty() {
    let token = optional::LinkToken("one-time-s3cret".to_owned());
    assert_eq!(format!("{token:?}"), "LinkToken(<redacted>)");
    let decoded = optional::endpoints::basket::Token::decode(json_response(r#""one-time-s3cret""#)).unwrap();
    assert!(!format!("{decoded:?}").contains("s3cret"));

    let update = optional::ProfileUpdate { nick_name: Some("Ada".to_owned()), ..Default::default() };
    let request =
        optional::endpoints::profile::update(update).to_request(&BaseUrl::parse("http://127.0.0.1").unwrap()).unwrap();
    assert_eq!(request.body(), br#"{"NickName":"Ada"}"#);
}

/// Error lists documented by several endpoints, once alike and once with a
/// different description under the same names.
mod shared_errors {
    endpointgen::generate!(
        yaml = r#"
spec: 1
name: shared_errors
types:
  Problem: { fields: { title: string } }
errors:
  Unauthorized: { status: 401, description: No token. }
  Throttled: { status: 429, body: Problem }
endpoints:
  rooms:
    list: { method: GET, path: /rooms, errors: [Unauthorized, Throttled] }
    get:
      method: GET
      path: /rooms/{id}
      path_params: { id: i64 }
      errors: [Unauthorized, { name: NotFound, status: 404, description: No such room. }]
  desks:
    list: { method: GET, path: /desks, errors: [Unauthorized, Throttled] }
    get:
      method: GET
      path: /desks/{id}
      path_params: { id: i64 }
      errors: [Unauthorized, { name: NotFound, status: 404, description: No such desk. }]
    book: { method: POST, path: "/desks/{id}/book", path_params: { id: i64 }, errors: [Throttled] }
"#
    );
}

#[test]
fn endpoints_with_the_same_errors_share_one_enum_under_their_own_names() {
    use std::any::TypeId;

    use shared_errors::endpoints::{desks, rooms};
    // Alike: one enum, named after its variants, that both names stand for.
    assert_eq!(TypeId::of::<rooms::ListError>(), TypeId::of::<desks::ListError>());
    assert_eq!(TypeId::of::<rooms::ListError>(), TypeId::of::<shared_errors::errors::UnauthorizedOrThrottled>());
    // The same names, told apart by their descriptions: an enum each.
    assert_ne!(TypeId::of::<rooms::GetError>(), TypeId::of::<desks::GetError>());
    // Documented by one endpoint only: its own enum.
    assert_ne!(TypeId::of::<desks::BookError>(), TypeId::of::<desks::ListError>());

    // Decoding and matching go through the endpoint's own name.
    let response = endpointgen::http::Response::builder()
        .status(429)
        .body(endpointgen::Bytes::from_static(br#"{"title": "slow down"}"#))
        .unwrap();
    let error = rooms::List::decode(response).unwrap_err();
    let Error::Api(rooms::ListError::Throttled(problem)) = &error else { panic!("{error:?}") };
    assert_eq!(problem.title, "slow down");
    assert_eq!(error.to_string(), r#"the API answered 429 Throttled (the server says "slow down")"#);
    let response = endpointgen::http::Response::builder().status(404).body(endpointgen::Bytes::new()).unwrap();
    let error = desks::Get::decode(response).unwrap_err();
    assert_eq!(error.api().map(|api| endpointgen::ApiError::info(api).description), Some("No such desk."));
}

#[test]
fn builder_and_field_docs_say_the_default_as_the_spec_writes_it() {
    let path = crate::fixtures::valid_path("defaults.yaml");
    let code = endpointgen_codegen::Config::new().spec(path).skip_rerun_lines().generate_string().unwrap().code;
    // spec: `tint: { type: Color, default: green }` (the variant is `Green`).
    for said in [
        "/// Defaults to `green`: when not set, none is sent and the server applies its default.",
        "/// Defaults to `30`: when not set, none is sent and the server applies its default.",
        // Fields: a newtype of an enum, a date, bytes as base64, an empty string.
        "/// Defaults to `green` when the JSON leaves it out.",
        "/// Defaults to `2024-02-29` when the JSON leaves it out.",
        "/// Defaults to `AAEC/w==` when the JSON leaves it out.",
        "/// Defaults to `\"\"` when the JSON leaves it out.",
    ] {
        assert!(code.contains(said), "no `{said}` in:\n{code}");
    }
}
