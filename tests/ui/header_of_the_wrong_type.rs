// `X-Use-Timezone` is a `bool` header.
mod api {
    endpointgen::generate!(yaml = "
spec: 1
name: headers
endpoints:
  bookings:
    list:
      method: GET
      path: /bookings
      headers: { X-Use-Timezone: bool? }
");
}

fn main() {
    let _ = api::endpoints::bookings::list().x_use_timezone("true");
}
