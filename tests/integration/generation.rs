//! The macro and build.rs paths produce the same code; generated endpoints
//! build requests whose shape no value can change.

use endpointgen::{BaseUrl, Endpoint, Error};
use proc_macro2::TokenStream;

/// The macro's expansion without its `const _: &[u8] = include_bytes!(…);`
/// items (they only tell cargo which files to watch), and the paths those
/// items track.
fn split_file_tracking(expansion: TokenStream) -> (TokenStream, Vec<String>) {
    let file: syn::File = syn::parse2(expansion).unwrap();
    let (tracking, items): (Vec<syn::Item>, Vec<syn::Item>) =
        file.items.into_iter().partition(|item| matches!(item, syn::Item::Const(constant) if constant.ident == "_"));
    let tracked = tracking.iter().map(|item| quote::quote!(#item).to_string()).collect();
    (quote::quote!(#(#items)*), tracked)
}

#[test]
fn the_macro_and_the_build_script_emit_the_same_tokens() {
    // What the macro expands `generate!("../api-spec/portal.yaml")` to, in a
    // crate of this workspace…
    let expansion = endpointgen_codegen::expand_macro(quote::quote!("../api-spec/portal.yaml"));
    let (items, tracked) = split_file_tracking(expansion);
    assert_eq!(tracked.len(), 1);
    assert!(tracked[0].contains("include_bytes") && tracked[0].contains("api-spec/portal.yaml"), "{tracked:?}");

    // …formatted as the build script formats its output, is the file that
    // generated-example's build script wrote to OUT_DIR, byte for byte.
    let formatted = endpointgen_codegen::format(&items, "../api-spec/portal.yaml").unwrap();
    assert!(formatted.contains("pub mod endpoints"));
    assert_eq!(formatted, generated_example::BUILD_SCRIPT_OUTPUT);
}

#[test]
fn the_build_script_api_writes_only_when_the_content_changes() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("config-write-test");
    std::fs::create_dir_all(&dir).unwrap();
    let config = endpointgen_codegen::Config::new().spec("../api-spec/portal.yaml").out_dir(&dir).skip_rerun_lines();

    let path = config.generate().unwrap();
    assert_eq!(path, dir.join("portal.rs"));
    let written = std::fs::metadata(&path).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    config.generate().unwrap();

    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), written, "an unchanged file was rewritten");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), generated_example::BUILD_SCRIPT_OUTPUT);
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

#[test]
fn a_path_value_that_is_a_dot_segment_is_not_sent() {
    let base = BaseUrl::parse("http://127.0.0.1:8080").unwrap();
    for value in ["..", ".", ""] {
        let error = hostile::endpoints::files::get(value, "x", "q").to_request(&base).unwrap_err();
        let Error::InvalidRequest(invalid) = error else { panic!("expected InvalidRequest, got {error:?}") };
        assert!(invalid.reason.contains("`folder`"), "{}", invalid.reason);
    }
}
