// `kind` is a `DeliveryType`, not any string.
mod api {
    endpointgen::generate!("specs/catalogue.yaml");
}

fn main() {
    let _ = api::endpoints::bookings::list().kind("Parcel");
}
