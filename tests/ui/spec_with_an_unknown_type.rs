// `BookingID` is not defined; `BookingId` is.
mod api {
    endpointgen::generate!("specs/unknown_type.yaml");
}

fn main() {}
