// A `&str` where the spec says `CoworkerId`.
mod api {
    endpointgen::generate!("specs/catalogue.yaml");
}

fn main() {
    let _ = api::endpoints::coworkers::switch("42");
}
