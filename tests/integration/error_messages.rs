//! What the runtime's errors say, over HTTP on loopback: a body that does
//! not decode names the place in the value (`owner.id`), and a documented
//! error shows the server's own message next to the spec's description,
//! bounded and escaped. Each test checks the whole `Display` text.

use endpointgen::{Client, Error};

use crate::misbehaving_server::answer_with;

mod gh {
    endpointgen::generate!(
        yaml = r#"
spec: 1
name: gh
types:
  Owner: { fields: { login: string, id: i64 } }
  Repo: { fields: { name: string, owner: Owner, labels: map<i64>? } }
  Problem:
    fields:
      title: string
      detail: string?
      documentation_url: string?
  Secretive:
    fields:
      message: { type: string, secret: true }
  Progress: { fields: { step: i64 } }
errors:
  NotFound: { status: 404, description: No such repository. }
  Invalid: { status: 422, body: Problem, description: The request was refused. }
  Teapot: { status: 418, body: Secretive }
  ServerError: { status: 5XX }
endpoints:
  repos:
    get:
      method: GET
      path: /repo
      response: Repo
      errors: [NotFound, Invalid, Teapot, ServerError]
    list:
      method: GET
      path: /repos
      response: list<Repo>
    progress:
      method: GET
      path: /progress
      response: { type: Progress, content: ndjson }
"#
    );
}

use gh::endpoints::repos;

#[tokio::test]
async fn a_body_that_does_not_decode_names_the_field() {
    let body = r#"{"name":"hello","owner":{"login":"octo","id":"7"}}"#;
    let server = answer_with(200, "application/json", body).await;
    let client = Client::new(&server.base_url).unwrap();

    let error = client.send(repos::get()).await.unwrap_err();

    let Error::Decode(decode) = &error else { panic!("expected Decode, got {error:?}") };
    assert_eq!(decode.path, "owner.id");
    assert_eq!(
        error.to_string(),
        r#"GET /repo: the 200 OK response does not match the spec: owner.id: invalid type: string "7", expected i64 at line 1 column 48; body: {"name":"hello","owner":{"login":"octo","id":"7"}}"#
    );
}

#[tokio::test]
async fn the_path_has_list_indexes_and_quotes_keys_that_are_not_plain() {
    let body = r#"[{"name":"a","owner":{"login":"o","id":1}},{"name":"b","owner":{"login":"o"}}]"#;
    let server = answer_with(200, "application/json", body).await;
    let error = Client::new(&server.base_url).unwrap().send(repos::list()).await.unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "GET /repos: the 200 OK response does not match the spec: [1].owner: missing field `id` at line 1 column \
             76; body: {body}"
        )
    );

    // A key is the server's text: one with a line break or a dot is quoted
    // and escaped, so that it cannot forge a line of a log or a path.
    let body =
        "{\"name\":\"a\",\"owner\":{\"login\":\"o\",\"id\":1},\"labels\":{\"ok\":1,\"a.b\\nFAKE LOG LINE\":\"x\"}}";
    let server = answer_with(200, "application/json", body).await;
    let error = Client::new(&server.base_url).unwrap().send(repos::get()).await.unwrap_err();
    let Error::Decode(decode) = &error else { panic!("expected Decode, got {error:?}") };
    assert_eq!(decode.path, r#"labels["a.b\nFAKE LOG LINE"]"#);
    assert!(!error.to_string().contains("b\nFAKE"), "{error}");
}

#[tokio::test]
async fn a_line_of_json_lines_that_does_not_decode_names_the_field() {
    let server = answer_with(200, "application/x-ndjson", "{\"step\":1}\n{\"step\":true}\n").await;
    let client = Client::new(&server.base_url).unwrap();
    let mut lines = client.send(repos::progress()).await.unwrap();
    assert_eq!(lines.item().await.unwrap().unwrap().step, 1);
    let error = lines.item().await.unwrap().unwrap_err();
    assert_eq!(
        error.to_string(),
        "GET /progress: the 200 OK response does not match the spec: step: invalid type: boolean `true`, expected \
         i64 at line 1 column 12; body: {\"step\":true}"
    );
}

#[tokio::test]
async fn a_documented_error_shows_the_servers_message_with_the_description() {
    let server =
        answer_with(404, "application/json", r#"{"message":"Repository was archived","documentation_url":"x"}"#).await;
    let error = Client::new(&server.base_url).unwrap().send(repos::get()).await.unwrap_err();
    assert!(matches!(error, Error::Api(repos::GetError::NotFound(_))), "{error:?}");
    assert_eq!(
        error.to_string(),
        r#"the API answered 404 NotFound: No such repository. (the server says "Repository was archived")"#
    );

    // A typed body: its `detail` (RFC 9457) before its `title`.
    let server = answer_with(422, "application/problem+json", r#"{"title":"Invalid","detail":"name is taken"}"#).await;
    let error = Client::new(&server.base_url).unwrap().send(repos::get()).await.unwrap_err();
    assert_eq!(
        error.to_string(),
        r#"the API answered 422 Invalid: The request was refused. (the server says "name is taken")"#
    );

    // Stripe's and OpenAI's `error.message`, for a status class.
    let server = answer_with(503, "application/json", r#"{"error":{"type":"x","message":"Try later"}}"#).await;
    let error = Client::new(&server.base_url).unwrap().send(repos::get()).await.unwrap_err();
    assert_eq!(error.to_string(), r#"the API answered 503 ServerError (the server says "Try later")"#);
}

#[tokio::test]
async fn a_servers_message_is_bounded_escaped_and_never_a_secret_field() {
    let long = format!("line one\nFAKE LOG LINE \u{1b}[31m\u{202e}{}", "x".repeat(500));
    let body = serde_json::json!({ "title": "Invalid", "detail": long }).to_string();
    let server = answer_with(422, "application/json", body).await;
    let error = Client::new(&server.base_url).unwrap().send(repos::get()).await.unwrap_err();
    let shown = error.to_string();
    assert_eq!(
        shown,
        format!(
            "the API answered 422 Invalid: The request was refused. (the server says \"line one\\nFAKE LOG LINE \
             \\u{{1b}}[31m\\u{{202e}}{}\"…)",
            "x".repeat(200 - 29)
        )
    );
    assert!(!shown.contains(['\n', '\u{1b}', '\u{202e}']), "{shown}");

    // A field marked `secret` is no message, whatever its name.
    let server = answer_with(418, "application/json", r#"{"message":"s3cr3t"}"#).await;
    let error = Client::new(&server.base_url).unwrap().send(repos::get()).await.unwrap_err();
    assert_eq!(error.to_string(), "the API answered 418 Teapot");

    // No message: the description alone, as before.
    let server = answer_with(404, "text/html", "<h1>Not Found</h1>").await;
    let error = Client::new(&server.base_url).unwrap().send(repos::get()).await.unwrap_err();
    assert_eq!(error.to_string(), "the API answered 404 NotFound: No such repository.");
}

#[tokio::test]
async fn a_documented_errors_body_that_does_not_decode_names_the_field() {
    let server = answer_with(422, "application/json", r#"{"title":["not","a","string"]}"#).await;
    let error = Client::new(&server.base_url).unwrap().send(repos::get()).await.unwrap_err();
    let Error::Decode(decode) = &error else { panic!("expected Decode, got {error:?}") };
    assert_eq!(decode.path, "title");
    assert_eq!(
        error.to_string(),
        r#"GET /repo: the 422 Unprocessable Entity response does not match the spec: title: invalid type: sequence, expected a string at line 1 column 9; body: {"title":["not","a","string"]}"#
    );
}
