// An expectation of one endpoint answered with another endpoint's output:
// a `Profile` where the `Booking` of `bookings::get` goes.
mod api {
    endpointgen::generate!(yaml = r#"
spec: 1
name: api
types:
  Profile: { fields: { name: string } }
  Booking: { fields: { id: i64 } }
endpoints:
  profile:
    current: { method: GET, path: /profile, response: Profile }
  bookings:
    get: { method: GET, path: /bookings/latest, response: Booking }
"#, mocks = true);
}

fn main() {
    let mock = endpointgen::mock::Mock::new();
    mock.expect(api::endpoints::bookings::get()).returns(api::Profile { name: "Ada".to_owned() });
    mock.verify();
}
