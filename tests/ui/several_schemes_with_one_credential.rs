// `calls.two_keys` needs the keys of `app_id` and `header_key` at once: a
// client with one API key cannot send it, nor one with both keys in the
// other order. (The client with both, in order, can.) As one choice of
// `calls.token_or_two_keys`, the same: the tuple in the other order meets
// neither that choice nor the token's.
use endpointgen::auth::{ApiKey, SchemeKey};

mod api {
    endpointgen::generate!("specs/valid/auth_all_at_once.yaml");
}

use api::auth::{AppId, HeaderKey};

async fn send(
    one: endpointgen::Client<ApiKey>,
    swapped: endpointgen::Client<(SchemeKey<HeaderKey>, SchemeKey<AppId>)>,
    both: endpointgen::Client<(SchemeKey<AppId>, SchemeKey<HeaderKey>)>,
) {
    let _ = both.send(api::endpoints::calls::two_keys()).await;
    let _ = one.send(api::endpoints::calls::two_keys()).await;
    let _ = swapped.send(api::endpoints::calls::two_keys()).await;
    let _ = both.send(api::endpoints::calls::token_or_two_keys()).await;
    let _ = swapped.send(api::endpoints::calls::token_or_two_keys()).await;
}

fn main() {
    let _ = send;
}
