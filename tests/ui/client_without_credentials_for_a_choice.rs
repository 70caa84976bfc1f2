// `choices.bot_or_oauth` takes an API key or an OAuth 2 access token; this
// client holds HTTP Basic credentials, which are neither.
mod api {
    endpointgen::generate!("specs/valid/credentials.yaml");
}

async fn send(client: endpointgen::Client<endpointgen::auth::BasicCredentials>) {
    let _ = client.send(api::endpoints::choices::bot_or_oauth()).await;
}

fn main() {
    let _ = send;
}
