//! `progenitor-libgen OPENAPI.json RUNS`: times progenitor's library path,
//! stage by stage, and prints one line of JSON with each stage's times in
//! seconds: `{"parse": […], "tokens": […], "format": […]}`.
//!
//! The stages are those of cargo-progenitor, less its rustfmt: the document
//! is parsed with serde_json into `openapiv3::OpenAPI`, `Generator` (default
//! settings: positional interface, merged tags) makes the tokens, and
//! prettyplease formats them (progenitor's own library path).

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(runs)) = (args.next(), args.next()) else {
        return Err("usage: progenitor-libgen OPENAPI.json RUNS".into());
    };
    let runs: usize = runs.parse()?;
    let text = std::fs::read_to_string(&path)?;
    let (mut parse, mut tokens, mut format) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let start = Instant::now();
        let api: openapiv3::OpenAPI = serde_json::from_str(&text)?;
        parse.push(start.elapsed().as_secs_f64());

        let start = Instant::now();
        let mut generator = progenitor::Generator::new(&progenitor::GenerationSettings::default());
        let code = generator.generate_tokens(&api)?;
        tokens.push(start.elapsed().as_secs_f64());

        let start = Instant::now();
        let file: syn::File = syn::parse2(code)?;
        let formatted = prettyplease::unparse(&file);
        format.push(start.elapsed().as_secs_f64());
        std::hint::black_box(formatted);
    }
    println!("{}", serde_json::json!({ "parse": parse, "tokens": tokens, "format": format }));
    Ok(())
}
