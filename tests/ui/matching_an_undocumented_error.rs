// `bookings.get` documents `NotFound` only; there is no `Conflict` to match.
mod api {
    endpointgen::generate!("specs/catalogue.yaml");
}

fn explain(error: endpointgen::Error<api::endpoints::bookings::GetError>) -> &'static str {
    match error {
        endpointgen::Error::Api(api::endpoints::bookings::GetError::NotFound(_)) => "no such booking",
        endpointgen::Error::Api(api::endpoints::bookings::GetError::Conflict(_)) => "taken",
        _ => "something else",
    }
}

fn main() {
    let _ = explain;
}
