//! Generates the portal client into `OUT_DIR/portal.rs` (the build.rs path;
//! `src/lib.rs` also expands the same specs through the macro): the vendor's
//! spec, extended with endpoints of our own. Then clients of two OpenAPI
//! documents and of the unions fixture, which clippy checks, and of the
//! everything fixture with the `server` option. And the README's "Using the
//! client" and docs/testing.md's "Typed mocks" and "A server generated from
//! the spec", which `src/lib.rs` compiles as doctests.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    doc_section("../README.md", "Using the client", "readme_section.md")?;
    doc_section("../docs/testing.md", "Typed mocks", "testing_mocks.md")?;
    doc_section("../docs/testing.md", "A server generated from the spec", "testing_server.md")?;
    endpointgen_codegen::Config::new()
        .spec("../api-spec/portal.yaml")
        .spec("../api-spec/portal-extras.yaml")
        .generate()?;
    // The same specs with the `server` option, for the fake portal: its own
    // file, so that `portal.rs` stays the client alone (tests compare it
    // with the macro's expansion and with rustfmt's layout).
    endpointgen_codegen::Config::new()
        .spec("../api-spec/portal.yaml")
        .spec("../api-spec/portal-extras.yaml")
        .server(true)
        .file_name("portal_server")
        .generate()?;
    // Code of the shapes an OpenAPI import makes (unions, errors for a class
    // of statuses, JSON bodies of their own media type, …), so that clippy
    // checks it as it checks the portal's.
    endpointgen_codegen::Config::new().openapi("../api-spec/openapi/bookings-3.1.yaml").generate()?;
    endpointgen_codegen::Config::new().openapi("../api-spec/openapi/catalog-3.1.json").generate()?;
    endpointgen_codegen::Config::new().spec("../api-spec/fixtures/valid/unions.yaml").generate()?;
    // What the `mocks` and `server` options add (`Respond`, the serde
    // impls of answers and requests), over every shape of the fixture.
    endpointgen_codegen::Config::new()
        .spec("../api-spec/fixtures/valid/everything.yaml")
        .server(true)
        .file_name("everything_server")
        .generate()?;
    Ok(())
}

/// Writes the section `## {title}` of `file` (to the next `## `) to
/// `OUT_DIR/{out}`: its code is a doctest of this crate, which has the
/// runtime with every feature the examples need. A file without the
/// section fails the build, rather than testing nothing.
fn doc_section(file: &str, title: &str, out: &str) -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed={file}");
    let text = std::fs::read_to_string(file)?;
    let heading = format!("## {title}\n");
    let start = text.find(&heading).ok_or_else(|| format!("{file} has no `{}` section", heading.trim()))?;
    let section = &text[start..];
    let end = section[heading.len()..].find("\n## ").map_or(section.len(), |end| end + heading.len() + 1);
    let out_dir = std::env::var("OUT_DIR")?;
    std::fs::write(format!("{out_dir}/{out}"), &section[..end])?;
    Ok(())
}
