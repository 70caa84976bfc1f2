//! Generates the portal client into `OUT_DIR/portal.rs` (the build.rs path;
//! `src/lib.rs` also expands the same specs through the macro): the vendor's
//! spec, extended with endpoints of our own. Then clients of two OpenAPI
//! documents and of the unions fixture, which clippy checks, and of the
//! everything fixture with the `server` option. And the
//! README's "Using the client", which `src/lib.rs` compiles as a doctest.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    readme_section("Using the client")?;
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

/// Writes the README's section `## {title}` (to the next `## `) to
/// `OUT_DIR/readme_section.md`: its code is a doctest of this crate, which
/// has the runtime with every feature the example needs. A README without
/// the section fails the build, rather than testing nothing.
fn readme_section(title: &str) -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=../README.md");
    let readme = std::fs::read_to_string("../README.md")?;
    let heading = format!("## {title}\n");
    let start = readme.find(&heading).ok_or_else(|| format!("README.md has no `{}` section", heading.trim()))?;
    let section = &readme[start..];
    let end = section[heading.len()..].find("\n## ").map_or(section.len(), |end| end + heading.len() + 1);
    let out_dir = std::env::var("OUT_DIR")?;
    std::fs::write(format!("{out_dir}/readme_section.md"), &section[..end])?;
    Ok(())
}
