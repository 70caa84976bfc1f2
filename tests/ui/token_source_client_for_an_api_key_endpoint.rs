// `partners.feed` needs the `partner` API key; this client gets bearer
// tokens from a token source, which meet bearer, OAuth 2 and OpenID
// Connect schemes only.
mod api {
    endpointgen::generate!("specs/catalogue.yaml");
}

async fn feed(client: endpointgen::Client<endpointgen::auth::TokenCredentials>) {
    let _ = client.send(api::endpoints::partners::feed()).await;
}

fn main() {
    let _ = feed;
}
