// Paths are relative to the crate's Cargo.toml directory.
mod api {
    endpointgen::generate!("specs/no_such_spec.yaml");
}

fn main() {}
