// `Outcome` says whether a call worked and carries nothing else.
mod api {
    endpointgen::generate!("specs/catalogue.yaml");
}

async fn cancel(client: &endpointgen::Client<endpointgen::auth::BearerToken>) {
    let outcome = client.send(api::endpoints::bookings::cancel(api::BookingId(7))).await.unwrap();
    let _ = outcome.into_value();
}

fn main() {
    let _ = cancel;
}
