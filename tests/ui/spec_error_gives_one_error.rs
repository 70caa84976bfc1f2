// After a spec error the macro still emits what it could understand, so the
// code below, which uses the rest of the spec, adds no errors of its own.
mod api {
    endpointgen::generate!("specs/one_mistake.yaml");
}

fn main() {
    let _ = api::endpoints::bookings::list();
    let _ = api::endpoints::bookings::get(api::BookingId(7));
    let booking = api::Booking { id: api::BookingId(7), notes: None, resource: endpointgen::JsonValue::Null };
    let _ = booking.id;
}
