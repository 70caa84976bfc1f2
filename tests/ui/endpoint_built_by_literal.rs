// Endpoints are made by their constructor, which takes every required value;
// the struct's fields are private.
mod api {
    endpointgen::generate!("specs/catalogue.yaml");
}

fn main() {
    let _ = api::endpoints::coworkers::Switch { coworker_id: api::CoworkerId(42) };
}
