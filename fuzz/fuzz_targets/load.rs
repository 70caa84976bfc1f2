//! Arbitrary bytes as a spec: the generator returns `Ok` or `Err`, never
//! panics, and every diagnostic points inside its file.

#![no_main]

use endpointgen_codegen::{Input, Options, generate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Inline specs are text; the loader's own UTF-8 check is for files.
    let text = String::from_utf8_lossy(data).into_owned();
    let input = Input::Inline { shown: "fuzz.yaml".to_owned(), text };
    let Err(error) = generate(&[input], &Options::default()) else { return };
    for diagnostic in error.diagnostics() {
        let spans = diagnostic.span.into_iter().chain(diagnostic.related.iter().map(|(span, _)| *span));
        for span in spans {
            let text = &error.sources().get(span.source).text;
            assert!(span.start <= span.end && span.end <= text.len(), "{span:?} is outside its source: {diagnostic:?}");
        }
    }
    // Rendering reads the spans too.
    let _ = error.to_string();
});
