//! Misuse that must not compile, each case a file under `tests/ui/` with the
//! compiler's message checked in next to it (`TRYBUILD=overwrite` re-blesses;
//! review the diff), and code that must compile cleanly under strict lints
//! (`tests/ui/pass/`).

use std::path::Path;

/// Copies the `.yaml` and `.json` files of `from` into `to`.
fn copy_specs(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|extension| extension == "yaml" || extension == "json") {
            std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
        }
    }
}

#[test]
fn misuse_does_not_compile_and_strict_lints_pass() {
    // trybuild compiles the cases as a crate in
    // `<target>/tests/trybuild/endpointgen-tests/`, which is then their
    // `CARGO_MANIFEST_DIR`: the specs they name relative to it are copied
    // there, so that their errors name `specs/…` wherever the checkout is.
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().unwrap();
    let specs = target.join("tests/trybuild/endpointgen-tests/specs");
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_specs(&manifest_dir.join("ui/specs"), &specs);
    copy_specs(&manifest_dir.join("../api-spec/fixtures/valid"), &specs.join("valid"));
    copy_specs(&manifest_dir.join("../api-spec/openapi"), &specs.join("openapi"));
    copy_specs(&manifest_dir.join("../api-spec/fixtures/warnings"), &specs.join("warnings"));

    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/*.rs");
    cases.pass("ui/pass/*.rs");
}
