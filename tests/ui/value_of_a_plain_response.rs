// `bookings.get` answers with a `Booking`, not an envelope.
mod api {
    endpointgen::generate!("specs/catalogue.yaml");
}

async fn get(client: &endpointgen::Client<endpointgen::auth::BearerToken>) {
    let booking = client.send(api::endpoints::bookings::get(api::BookingId(7))).await.unwrap();
    let _ = booking.into_value();
}

fn main() {
    let _ = get;
}
