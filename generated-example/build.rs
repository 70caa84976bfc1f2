//! Generates the portal client into `OUT_DIR/portal.rs` (the build.rs path;
//! `src/lib.rs` also expands the same spec through the macro).

fn main() -> Result<(), endpointgen_codegen::Error> {
    endpointgen_codegen::Config::new().spec("../api-spec/portal.yaml").generate()?;
    Ok(())
}
