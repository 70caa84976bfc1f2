// `choices.bot_or_oauth` takes an API key or an OAuth 2 access token; this
// client holds no credentials. (`choices.any_or_none` it can send.)
mod api {
    endpointgen::generate!("specs/valid/credentials.yaml");
}

async fn send(client: endpointgen::Client) {
    let _ = client.send(api::endpoints::choices::any_or_none()).await;
    let _ = client.send(api::endpoints::choices::bot_or_oauth()).await;
}

fn main() {
    let _ = send;
}
