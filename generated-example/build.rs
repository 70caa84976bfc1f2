//! Generates the portal client into `OUT_DIR/portal.rs` (the build.rs path;
//! `src/lib.rs` also expands the same specs through the macro): the vendor's
//! spec, extended with endpoints of our own.

fn main() -> Result<(), endpointgen_codegen::Error> {
    endpointgen_codegen::Config::new()
        .spec("../api-spec/portal.yaml")
        .spec("../api-spec/portal-extras.yaml")
        .generate()?;
    Ok(())
}
