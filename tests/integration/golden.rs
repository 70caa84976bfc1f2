//! Generated code, committed: the build script's output for a few specs, so
//! that a change to emit or the printer shows up in review as code, as
//! progenitor's `tests/output` and prost-build's `_expected_*.rs` do. A
//! change that alters them is blessed with `ENDPOINTGEN_BLESS=1` (as the
//! fixtures' snapshots are), and the diff is reviewed with the change.

use endpointgen_codegen::Config;

use crate::fixtures::diff;

/// Each golden file, and the build-script setup that writes it: the
/// portal with our own endpoints, the catalogue of one of each shape (the
/// compile-fail cases' spec), and an OpenAPI 3.1 document; and the
/// catalogue with the `mocks` option, which adds `Respond` and `Serialize`
/// to what the plain one has (the plain files show that without it nothing
/// changes).
fn cases() -> [(&'static str, Config); 4] {
    [
        ("portal.rs", Config::new().spec("../api-spec/portal.yaml").spec("../api-spec/portal-extras.yaml")),
        ("catalogue.rs", Config::new().spec("ui/specs/catalogue.yaml")),
        ("bookings.rs", Config::new().openapi("../api-spec/openapi/bookings-3.1.yaml")),
        ("catalogue_mocks.rs", Config::new().spec("ui/specs/catalogue.yaml").mocks(true)),
    ]
}

#[test]
fn generated_code_is_the_committed_code() {
    let bless = std::env::var_os("ENDPOINTGEN_BLESS").is_some_and(|value| value == "1");
    let golden = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("golden");
    let mut failures = Vec::new();
    for (file, config) in cases() {
        let code = config.skip_rerun_lines().generate_string().unwrap().code;
        let path = golden.join(file);
        let committed = std::fs::read_to_string(&path).ok();
        if committed.as_deref() == Some(code.as_str()) {
            continue;
        }
        if bless {
            std::fs::write(&path, &code).unwrap();
            continue;
        }
        failures.push(match committed {
            None => format!("tests/golden/{file}: missing"),
            Some(committed) => {
                format!("tests/golden/{file} (-) differs from what is generated (+):\n{}", diff(&committed, &code))
            }
        });
    }
    assert!(
        failures.is_empty(),
        "{}\n(run with ENDPOINTGEN_BLESS=1 to rewrite the golden files, then review their diff)",
        failures.join("\n")
    );
}
