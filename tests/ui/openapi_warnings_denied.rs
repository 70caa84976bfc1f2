// The macro's warnings (an OpenAPI operation left out, a schema read as
// `any`) are deprecation warnings at its spec argument, the only warnings a
// proc-macro can give on stable Rust; a crate that denies them gets them as
// errors, and the client that was generated.
#![deny(deprecated)]

mod api {
    endpointgen::generate!(openapi = "specs/left_out.openapi.yaml");
}

fn main() {
    let _ = api::endpoints::health::health();
}
