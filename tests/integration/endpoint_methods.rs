//! An optional parameter's builder method may not take the name of a method
//! every endpoint has: the checks refuse such a parameter in a spec, and
//! the OpenAPI importer renames it. The methods are read from the runtime's
//! source, so that a method the `Endpoint` or `Paged` trait gains (or a
//! renamed one) fails here until codegen's list has it.

use std::collections::BTreeSet;

use endpointgen_codegen::{Input, Options, generate, load};

/// The methods of `trait name` in the runtime source file `file`.
fn trait_methods(file: &str, name: &str) -> BTreeSet<String> {
    let path = format!("{}/../runtime/src/{file}", env!("CARGO_MANIFEST_DIR"));
    let source = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("cannot read {path}: {error}"));
    let parsed = syn::parse_file(&source).unwrap_or_else(|error| panic!("{path} does not parse: {error}"));
    let methods: BTreeSet<String> = parsed
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Trait(item) if item.ident == name => Some(item),
            _ => None,
        })
        .flat_map(|item| &item.items)
        .filter_map(|item| match item {
            syn::TraitItem::Fn(method) => Some(method.sig.ident.to_string()),
            _ => None,
        })
        .collect();
    assert!(!methods.is_empty(), "no trait `{name}` with methods in {path}");
    methods
}

/// Every method of the generated endpoint structs: the runtime's traits',
/// and those of the derived `Clone` and `Debug`.
fn endpoint_methods() -> BTreeSet<String> {
    let mut methods = trait_methods("endpoint.rs", "Endpoint");
    methods.extend(trait_methods("paging.rs", "Paged"));
    methods.extend(["clone", "clone_from", "fmt"].map(str::to_owned));
    methods
}

#[test]
fn the_checks_refuse_a_builder_method_that_hides_an_endpoint_method() {
    for method in endpoint_methods() {
        let spec = format!(
            "spec: 1\nname: demo\nendpoints:\n  items:\n    list:\n      method: GET\n      path: /items\n      query:\n        {method}: i32?\n"
        );
        let input = Input::Inline { shown: "demo.yaml".to_owned(), text: spec };
        let error = match generate(&[input], &Options::default()) {
            Ok(_) => {
                panic!("an optional query parameter `{method}` is accepted, and its builder method hides `{method}`")
            }
            Err(error) => error.to_string(),
        };
        assert!(error.contains(&format!("the builder method `{method}` would hide")), "{method}: {error}");
    }
}

#[test]
fn the_importer_renames_a_parameter_that_would_hide_an_endpoint_method() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("endpoint-methods");
    std::fs::create_dir_all(&dir).unwrap();
    for method in endpoint_methods() {
        let document = format!(
            r#"{{"openapi": "3.1.0", "info": {{"title": "Demo", "version": "1"}},
              "paths": {{"/items": {{"get": {{"operationId": "list",
                "parameters": [{{"name": "{method}", "in": "query", "schema": {{"type": "integer"}}}}],
                "responses": {{"204": {{"description": "Done."}}}}}}}}}}}}"#
        );
        let path = dir.join(format!("{method}.json"));
        std::fs::write(&path, document).unwrap();
        let (api, _) = load(&[Input::openapi(&path)]).unwrap_or_else(|error| panic!("{method}: {error}"));
        let endpoint = &api.root.groups[0].endpoints[0];
        let param = &endpoint.query[0];
        assert_eq!(param.wire_name, method);
        assert_ne!(param.rust_name, method, "the builder method of the optional `{method}` would hide the endpoint's");
    }
}
