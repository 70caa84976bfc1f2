//! Arbitrary text through the fast readers (JSON, plain YAML) and through
//! serde-saphyr: each fast reader gives up or gives serde-saphyr's tree,
//! spans included. The property tests of `codegen/src/yaml/differential.rs`
//! check the same on generated JSON and YAML in every test run.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Err(disagreement) = endpointgen_codegen::fast_readers_agree(text) {
        panic!("{disagreement}");
    }
});
