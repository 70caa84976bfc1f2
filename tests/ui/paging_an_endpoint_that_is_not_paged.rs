// `bookings.get` answers with one booking, not pages of them.
mod api {
    endpointgen::generate!("specs/catalogue.yaml");
}

fn list_all(client: &endpointgen::Client<endpointgen::auth::BearerToken>) {
    let _ = client.pages(api::endpoints::bookings::get(api::BookingId(7)));
}

fn main() {
    let _ = list_all;
}
