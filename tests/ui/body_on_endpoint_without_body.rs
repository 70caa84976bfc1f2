// `bookings.get` takes no body: there is no `.body(…)` to call.
mod api {
    endpointgen::generate!("specs/catalogue.yaml");
}

fn main() {
    let _ = api::endpoints::bookings::get(api::BookingId(7)).body(api::NewBooking { resource_id: 1, notes: None });
}
