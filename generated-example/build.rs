//! Generates the portal client into `OUT_DIR/portal.rs` (the build.rs path;
//! `src/lib.rs` also expands the same specs through the macro): the vendor's
//! spec, extended with endpoints of our own. Then clients of two OpenAPI
//! documents and of the unions fixture, which clippy checks.

fn main() -> Result<(), endpointgen_codegen::Error> {
    endpointgen_codegen::Config::new()
        .spec("../api-spec/portal.yaml")
        .spec("../api-spec/portal-extras.yaml")
        .generate()?;
    // Code of the shapes an OpenAPI import makes (unions, errors for a class
    // of statuses, JSON bodies of their own media type, …), so that clippy
    // checks it as it checks the portal's.
    endpointgen_codegen::Config::new().openapi("../api-spec/openapi/bookings-3.1.yaml").generate()?;
    endpointgen_codegen::Config::new().openapi("../api-spec/openapi/catalog-3.1.json").generate()?;
    endpointgen_codegen::Config::new().spec("../api-spec/fixtures/valid/unions.yaml").generate()?;
    Ok(())
}
