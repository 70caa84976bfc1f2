// `partners.feed` needs the `partner` API key; this client holds a bearer token.
mod api {
    endpointgen::generate!("specs/catalogue.yaml");
}

async fn feed(client: endpointgen::Client<endpointgen::auth::BearerToken>) {
    let _ = client.send(api::endpoints::partners::feed()).await;
}

fn main() {
    let _ = feed;
}
