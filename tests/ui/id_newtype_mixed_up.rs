// A `BookingId` where a `CoworkerId` goes: both are numbers, but not the same.
mod api {
    endpointgen::generate!("specs/catalogue.yaml");
}

fn main() {
    let _ = api::endpoints::coworkers::switch(api::BookingId(7));
}
