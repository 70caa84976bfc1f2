//! Misuse that must not compile, each case a file under `tests/ui/` with the
//! compiler's message checked in next to it (`TRYBUILD=overwrite` re-blesses;
//! review the diff).

use std::path::Path;

#[test]
fn misuse_does_not_compile() {
    // trybuild compiles the cases as a crate in
    // `<target>/tests/trybuild/endpointgen-tests/`, which is then their
    // `CARGO_MANIFEST_DIR`: the specs they name relative to it are copied
    // there, so that their errors name `specs/…` wherever the checkout is.
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().unwrap();
    let project = target.join("tests/trybuild/endpointgen-tests/specs");
    std::fs::create_dir_all(&project).unwrap();
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/specs");
    for entry in std::fs::read_dir(specs).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, project.join(path.file_name().unwrap())).unwrap();
    }

    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/*.rs");
}
