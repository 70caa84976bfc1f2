// `bookings.create` answers with `ActionConfirmation<BookingId>`, not a `Booking`.
mod api {
    endpointgen::generate!("specs/catalogue.yaml");
}

async fn create(client: &endpointgen::Client<endpointgen::auth::BearerToken>) -> Result<(), Box<dyn std::error::Error>> {
    let new = api::NewBooking { resource_id: 1, notes: None };
    let booking: api::Booking = client.send(api::endpoints::bookings::create(new)).await?;
    let _ = booking;
    Ok(())
}

fn main() {
    let _ = create;
}
