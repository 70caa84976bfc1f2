// `strict = true`: the warnings of an OpenAPI import are errors, at the
// macro's spec argument, and the client is what could be generated.
mod api {
    endpointgen::generate!(openapi = "specs/left_out.openapi.yaml", strict = true);
}

fn main() {
    let _ = api::endpoints::health::health();
}
