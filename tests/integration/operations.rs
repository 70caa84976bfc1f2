//! Issue 16's shapes of operations against servers on 127.0.0.1: fixed
//! query parameters written into a path, path keys told apart by a
//! fragment that is never sent, and answers by status.

use std::sync::{Arc, Mutex};

use axum::http::{StatusCode, Uri};
use endpointgen::{Client, Error};

mod answers {
    endpointgen::generate!(openapi = "../api-spec/openapi/answers-3.1.yaml");
}

/// The native spec of the same shapes, with servers of their own.
mod boxlike {
    endpointgen::generate!("../api-spec/fixtures/valid/operations.yaml");
}

/// A server that answers each request with the status and body that
/// `answer` gives for its path, and records the URIs it was sent.
async fn serve(
    answer: fn(&str) -> (StatusCode, &'static str),
) -> (String, Arc<Mutex<Vec<String>>>, tokio::task::JoinHandle<()>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let recorded = Arc::clone(&seen);
    let app = axum::Router::new().fallback(move |uri: Uri| {
        let recorded = Arc::clone(&recorded);
        async move {
            recorded.lock().unwrap().push(uri.to_string());
            let (status, body) = answer(uri.path());
            (status, [("content-type", "application/json")], body)
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base_url, seen, server)
}

#[tokio::test]
async fn fixed_query_parameters_are_sent_always_and_a_fragment_never() {
    let (base_url, seen, server) = serve(|path| match path {
        "/responses" => (StatusCode::CREATED, r#"{"id":"resp_1"}"#),
        _ => (StatusCode::NO_CONTENT, ""),
    })
    .await;
    let client = Client::new(&base_url).unwrap();

    let body = answers::CreateResponseBody { input: "hello".to_owned() };
    let created = client.send(answers::endpoints::responses::create_response(body.clone())).await.unwrap();
    assert_eq!(created.id, "resp_1");
    client.send(answers::endpoints::responses::create_response(body).stream(true)).await.unwrap();
    let folder = |name: &str| answers::PutFoldersByIdAddBody { name: name.to_owned() };
    client.send(answers::endpoints::folders::put_folders_by_id_add("f 1", folder("a"))).await.unwrap();
    let rename = answers::PutFoldersByIdRenameBody { new_name: "b".to_owned() };
    client.send(answers::endpoints::folders::put_folders_by_id_rename("f1", rename)).await.unwrap();
    client.send(boxlike::endpoints::stats::contributors()).await.unwrap_err();

    // The fixed parameters come first, as the path writes them; the
    // fragment is not in the path that was sent (a `#` would not even
    // reach the server: it is the client's), nor anything of it.
    assert_eq!(
        *seen.lock().unwrap(),
        [
            "/responses?beta=true",
            "/responses?beta=true&stream=true",
            "/folders/f%201",
            "/folders/f1",
            "/stats/contributors?per_page=100&format=weekly",
        ]
    );
    let request = Client::new(&base_url)
        .unwrap()
        .build_request(&answers::endpoints::folders::put_folders_by_id_add("f1", folder("a")))
        .unwrap();
    assert_eq!(request.url().as_str(), format!("{base_url}/folders/f1"));
    assert_eq!(request.url().fragment(), None);
    server.abort();
}

#[tokio::test]
async fn each_declared_status_decodes_into_its_variant() {
    use answers::endpoints::repos::{GetStatsError, GetStatsResponse, get_stats};

    let (base_url, _, server) = serve(|path| match path {
        "/repos/ok/stats" => (StatusCode::OK, r#"[{"week":1,"commits":3},{"week":2,"commits":0}]"#),
        "/repos/computing/stats" => (StatusCode::ACCEPTED, r#"{"state":"computing"}"#),
        "/repos/empty/stats" => (StatusCode::NO_CONTENT, ""),
        "/repos/missing/stats" => (StatusCode::NOT_FOUND, r#"{"message":"Not Found"}"#),
        "/repos/partial/stats" => (StatusCode::PARTIAL_CONTENT, "[]"),
        // A declared status whose body is not what the document says.
        _ => (StatusCode::OK, r#"{"week":1}"#),
    })
    .await;
    let client = Client::new(&base_url).unwrap();

    let weeks = client.send(get_stats("ok")).await.unwrap();
    let GetStatsResponse::Ok(weeks) = weeks else { panic!("{weeks:?}") };
    assert_eq!(weeks.iter().map(|week| (week.week, week.commits)).collect::<Vec<_>>(), [(1, 3), (2, 0)]);
    let computing = client.send(get_stats("computing")).await.unwrap();
    match computing {
        GetStatsResponse::Accepted(state) => assert_eq!(state["state"], "computing"),
        other => panic!("{other:?}"),
    }
    assert_eq!(client.send(get_stats("empty")).await.unwrap(), GetStatsResponse::NoContent);

    // A documented error is the error it always was.
    let missing = client.send(get_stats("missing")).await.unwrap_err();
    assert!(
        matches!(&missing, Error::Api(GetStatsError::NotFound(problem)) if problem.message == "Not Found"),
        "{missing:?}"
    );
    // A success status that is not declared is not guessed at.
    let partial = client.send(get_stats("partial")).await.unwrap_err();
    match &partial {
        Error::UnexpectedStatus(unexpected) => assert_eq!(unexpected.status, StatusCode::PARTIAL_CONTENT),
        other => panic!("{other:?}"),
    }
    // A declared status with a body of another shape fails to decode.
    let wrong = client.send(get_stats("wrong")).await.unwrap_err();
    assert!(matches!(&wrong, Error::Decode(decode) if decode.status == StatusCode::OK), "{wrong:?}");
    server.abort();
}

#[tokio::test]
async fn answers_by_status_of_the_native_spec_hold_bytes_nothing_or_json() {
    use boxlike::endpoints::stats::{Contributors, ContributorsResponse, contributors};
    use endpointgen::Endpoint as _;

    let (base_url, seen, server) = serve(|path| match path {
        "/stats/contributors" => (StatusCode::OK, r#"[{"week":7,"commits":1}]"#),
        _ => (StatusCode::NOT_FOUND, ""),
    })
    .await;
    let client = Client::new(&base_url).unwrap();
    let answer = client.send(contributors().since("2026-01-01")).await.unwrap();
    assert_eq!(answer, ContributorsResponse::Ok(vec![boxlike::Week { week: 7, commits: 1 }]));
    assert_eq!(seen.lock().unwrap()[0], "/stats/contributors?per_page=100&format=weekly&since=2026-01-01");
    server.abort();

    // Sans-IO: each status of the spec, decoded by `decode` alone.
    let response = |status: u16, body: &'static str| {
        endpointgen::http::Response::builder()
            .status(status)
            .body(endpointgen::Bytes::from_static(body.as_bytes()))
            .unwrap()
    };
    assert_eq!(
        Contributors::decode(response(201, "week,commits\n7,1\n")).unwrap(),
        ContributorsResponse::Created(endpointgen::Bytes::from_static(b"week,commits\n7,1\n"))
    );
    assert_eq!(Contributors::decode(response(202, "{}")).unwrap(), ContributorsResponse::Accepted);
    assert_eq!(Contributors::decode(response(207, "")).unwrap(), ContributorsResponse::MultiStatus(None));
    assert_eq!(
        Contributors::decode(response(207, r#"{"week":3,"commits":9}"#)).unwrap(),
        ContributorsResponse::MultiStatus(Some(boxlike::Week { week: 3, commits: 9 }))
    );
    assert!(matches!(Contributors::decode(response(200, "")), Err(Error::Decode(_))));
    assert!(matches!(Contributors::decode(response(203, "[]")), Err(Error::UnexpectedStatus(_))));
    assert!(matches!(Contributors::decode(response(500, "")), Err(Error::UnexpectedStatus(_))));

    // What a hostile or broken server may send for a declared status: a
    // decode error with the status it came with, never a panic; an
    // undeclared success status keeps only an excerpt of its body.
    let deep: &'static str = Box::leak(format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)).into_boxed_str());
    for (status, body) in
        [(200, "[{\"week\":1,"), (200, deep), (200, "[{\"week\":1e999999,\"commits\":1}]"), (207, "\u{feff}{}")]
    {
        let error = Contributors::decode(response(status, body)).unwrap_err();
        assert!(
            matches!(&error, Error::Decode(decode) if decode.status.as_u16() == status),
            "{status} {body:.40}: {error:?}"
        );
    }
    let huge: &'static str = Box::leak("x".repeat(1 << 20).into_boxed_str());
    let error = Contributors::decode(response(299, huge)).unwrap_err();
    assert!(matches!(error, Error::UnexpectedStatus(_)), "{error:?}");
    assert!(error.to_string().len() < 4096, "the error holds an excerpt, not the body");
}

#[tokio::test]
async fn an_endpoint_with_a_server_of_its_own_reaches_the_url_the_client_was_given() {
    use boxlike::endpoints::files;
    use boxlike::servers;

    let (api, api_seen, api_server) = serve(|_| (StatusCode::OK, r#""from the API""#)).await;
    let (upload, upload_seen, upload_server) = serve(|_| (StatusCode::OK, r#""from the upload host""#)).await;
    let seen_by = |seen: &Arc<Mutex<Vec<String>>>| seen.lock().unwrap().clone();
    // The upload host is a variable of the server's URL: here, the test
    // server's address.
    let upload_url = servers::UPLOAD.url_with(&[("host", upload.trim_start_matches("http://"))]).unwrap();
    let client = Client::builder(&api).server(servers::UPLOAD, upload_url).build().unwrap().bearer("secret-token");

    let answer = client.send(files::upload(b"file bytes".to_vec())).await.unwrap();
    assert_eq!(answer, "from the upload host");
    assert_eq!(client.send(files::get("f1")).await.unwrap(), "from the API");
    assert_eq!(seen_by(&upload_seen), ["/api/2.0/files/content"]);
    assert_eq!(seen_by(&api_seen), ["/files/f1"]);

    // The server the client was given gets the credentials, as the base
    // URL does.
    let request = client.build_request(&files::upload(Vec::new())).unwrap();
    assert_eq!(request.url().as_str(), format!("{upload}/api/2.0/files/content"));
    assert_eq!(request.headers()["authorization"], "Bearer secret-token");
    api_server.abort();
    upload_server.abort();
}

#[tokio::test]
async fn credentials_go_to_no_server_the_client_was_not_given() {
    use boxlike::endpoints::{files, regions};
    use boxlike::servers;

    let client = Client::builder("http://127.0.0.1:9")
        .default_header("X-Tenant", "tenant-secret")
        .build()
        .unwrap()
        .bearer("secret-token");

    // At its default URL, another origin: an endpoint that needs the
    // token is refused, not sent without it (nor with it).
    let refused = client.build_request(&files::upload(Vec::new())).unwrap_err();
    let Error::InvalidRequest(invalid) = &refused else { panic!("{refused:?}") };
    assert!(invalid.to_string().contains("`upload`"), "{invalid}");
    assert!(invalid.to_string().contains("ClientBuilder::server"), "{invalid}");
    assert!(!format!("{refused:?}").contains("secret-token"));
    // Nor is a token fetched for it from a token source: the request is
    // refused before (a fetch would fail with `Error::Token`, the token
    // URL being unreachable).
    let tokens = Client::new("http://127.0.0.1:9").unwrap().token_source(
        endpointgen::auth::OAuth2ClientCredentials::new("https://auth.invalid/token", "app", "secret-client"),
    );
    let refused = tokens.send(files::upload(Vec::new())).await.unwrap_err();
    assert!(matches!(refused, Error::InvalidRequest(_)), "{refused:?}");
    // One that needs none goes there without the credentials and the
    // default headers, which are treated as credentials.
    let public = client.build_request(&files::drop_box()).unwrap();
    assert_eq!(public.url().as_str(), "http://upload.example.com/api/2.0/files/drop");
    assert!(public.headers().get("authorization").is_none());
    assert!(public.headers().get("x-tenant").is_none());
    let regional = client.build_request(&regions::status()).unwrap();
    assert_eq!(regional.url().as_str(), "https://eu.example.com/status");

    // A key sent in the query is a credential as a header is: refused
    // there too, and shown nowhere.
    let keyed = Client::new("http://127.0.0.1:9").unwrap().api_key("secret-key");
    let refused = keyed.build_request(&files::keyed()).unwrap_err();
    assert!(matches!(refused, Error::InvalidRequest(_)), "{refused:?}");
    assert!(!format!("{refused:?} {refused}").contains("secret-key"));
    // Given the server, the client sends the key there.
    let given = Client::builder("http://127.0.0.1:9")
        .server(servers::UPLOAD, "http://127.0.0.1:10/api")
        .build()
        .unwrap()
        .api_key("secret-key");
    let request = given.build_request(&files::keyed()).unwrap();
    assert_eq!(request.url().as_str(), "http://127.0.0.1:10/api/files/keyed?api_key=secret-key");

    // At the base URL's origin, the server's default URL is the client's
    // origin: the credentials go with it.
    let same_origin = Client::new("http://upload.example.com/other").unwrap().bearer("secret-token");
    let request = same_origin.build_request(&files::upload(Vec::new())).unwrap();
    assert_eq!(request.url().as_str(), "http://upload.example.com/api/2.0/files/content");
    assert_eq!(request.headers()["authorization"], "Bearer secret-token");

    // A variable takes the values the spec lists, and a given URL is
    // checked as a base URL is.
    assert_eq!(servers::REGIONAL.url_with(&[("region", "us")]).unwrap(), "https://us.example.com");
    assert!(servers::REGIONAL.url_with(&[("region", "mars")]).is_err());
    assert!(Client::builder("http://127.0.0.1:9").server(servers::REGIONAL, "eu.example.com").build().is_err());
}

/// The blocking client sends to the same places with the same credentials:
/// the steps are the ones both clients share.
#[test]
fn the_blocking_client_sends_an_endpoint_to_its_own_server_too() {
    use boxlike::endpoints::files;
    use boxlike::servers;

    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let upload = listener.local_addr().unwrap().to_string();
    let server = std::thread::spawn(move || {
        use std::io::{Read as _, Write as _};
        let (mut stream, _) = listener.accept().unwrap();
        let mut request = Vec::new();
        let mut buffer = [0; 4096];
        while !request.windows(4).any(|window| window == b"\r\n\r\n") {
            let read = stream.read(&mut buffer).unwrap();
            request.extend_from_slice(&buffer[..read]);
        }
        stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 4\r\nconnection: close\r\n\r\n\"up\"").unwrap();
        String::from_utf8_lossy(&request).into_owned()
    });
    let client = Client::builder("http://127.0.0.1:9")
        .server(servers::UPLOAD, servers::UPLOAD.url_with(&[("host", &upload)]).unwrap())
        .build_blocking()
        .unwrap()
        .bearer("secret-token");
    assert_eq!(client.send(files::upload(Vec::new())).unwrap(), "up");
    let request = server.join().unwrap();
    assert!(request.starts_with("POST /api/2.0/files/content HTTP/1.1\r\n"), "{request}");
    assert!(request.to_ascii_lowercase().contains("\r\nauthorization: bearer secret-token\r\n"), "{request}");

    let unconfigured = endpointgen::blocking::Client::new("http://127.0.0.1:9").unwrap().bearer("secret-token");
    assert!(matches!(unconfigured.send(files::upload(Vec::new())), Err(Error::InvalidRequest(_))));
}
