// `profiles` needs the `customer` bearer token; this client has none.
use generated_example::portal_macro::endpoints::coworkers;

async fn list(client: endpointgen::Client) {
    let _ = client.send(coworkers::profiles()).await;
}

fn main() {
    let _ = list;
}
