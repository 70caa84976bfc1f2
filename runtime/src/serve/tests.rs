//! Reading back what `RequestBuilder` writes: each test writes a request
//! with the client's own writer and reads it with `Incoming`.

use std::collections::BTreeMap;

use bytes::Bytes;
use serde::Deserialize;

use super::{Incoming, Piece, Problem, axum_path, match_segment};
use crate::auth::{self, ApiKeyIn, ApiKeyScheme, Scheme};
use crate::{BaseUrl, RequestBuilder, Style};

/// The request that `write` builds, as the server receives it.
fn incoming(write: impl FnOnce(&mut RequestBuilder)) -> Incoming {
    let base = BaseUrl::parse("http://localhost").unwrap();
    let mut builder = RequestBuilder::for_base(&base);
    builder.path_literal("/x");
    write(&mut builder);
    let request = builder.into_request(http::Method::POST, &base).unwrap();
    Incoming::new(request.map(Bytes::from), Vec::new())
}

fn why(problem: Problem) -> String {
    problem.detail
}

#[derive(Debug, PartialEq, Deserialize)]
struct Color {
    #[serde(rename = "R")]
    r: u8,
    #[serde(rename = "G")]
    g: u8,
}

#[derive(Debug, PartialEq, Deserialize)]
struct Filter {
    tags: Option<Vec<String>>,
    owner: Owner,
}

#[derive(Debug, PartialEq, Deserialize)]
struct Owner {
    id: i64,
}

#[test]
fn axum_paths_capture_by_segment_and_keep_literals() {
    let (path, segments) = axum_path("/files/{fileId}/v{major}.{minor}/raw");
    assert_eq!(path, "/files/{__2}/{__3}/raw");
    assert_eq!(segments.len(), 2);
    assert_eq!(
        segments[1].pieces,
        [
            Piece::Literal("v".to_owned()),
            Piece::Param("major".to_owned()),
            Piece::Literal(".".to_owned()),
            Piece::Param("minor".to_owned())
        ]
    );
    assert_eq!(
        match_segment(&segments[1].pieces, "v1.2"),
        Some(vec![("major".to_owned(), "1".to_owned()), ("minor".to_owned(), "2".to_owned())])
    );
    assert_eq!(match_segment(&segments[1].pieces, "x1.2"), None);
    assert_eq!(axum_path("/a/b").0, "/a/b");
}

#[test]
fn plain_query_values_of_every_type() {
    let request = incoming(|r| {
        r.query("id", &42_i64);
        r.query("name", "a b&c=d+e");
        r.query("on", &true);
    });
    assert_eq!(request.query::<i64>("id", Style::Form), Ok(42));
    assert_eq!(request.query::<String>("name", Style::Form), Ok("a b&c=d+e".to_owned()));
    assert_eq!(request.query::<Option<bool>>("on", Style::Form), Ok(Some(true)));
    assert_eq!(request.query::<Option<bool>>("off", Style::Form), Ok(None));
    assert_eq!(
        why(request.query::<i64>("missing", Style::Form).unwrap_err()),
        "query parameter `missing`: it is missing"
    );
    assert_eq!(
        why(request.query::<i64>("name", Style::Form).unwrap_err()),
        "query parameter `name`: expected an integer, found `a b&c=d+e`"
    );
}

#[test]
fn query_lists_in_every_style() {
    let list = vec!["a,b".to_owned(), "c|d e".to_owned()];
    for style in [Style::Form, Style::FormJoined, Style::PipeDelimited] {
        let request = incoming(|r| r.query_list("tags", &list, style));
        assert_eq!(request.query::<Vec<String>>("tags", style), Ok(list.clone()), "{style:?}");
    }
    let numbers = vec![1, 2, 3];
    let request = incoming(|r| r.query_list("n", &numbers, Style::SpaceDelimited));
    assert_eq!(request.query::<Vec<i32>>("n", Style::SpaceDelimited), Ok(numbers));
    // A required list that was empty is sent as nothing.
    let request = incoming(|_| {});
    assert_eq!(request.query::<Vec<i32>>("n", Style::Form), Ok(Vec::new()));
    let request = incoming(|r| r.query("id", &[1, 2][..]));
    assert_eq!(
        why(request.query::<i32>("id", Style::Form).unwrap_err()),
        "query parameter `id`: expected an integer, found 2 values"
    );
}

#[test]
fn query_objects_exploded_joined_and_deep() {
    let color = BTreeMap::from([("G", 200), ("R", 100)]);
    for style in [Style::Form, Style::FormJoined, Style::DeepObject] {
        let request = incoming(|r| r.query_object("color", &color, style));
        assert_eq!(request.query_object::<Color>("color", style), Ok(Color { r: 100, g: 200 }), "{style:?}");
    }
    let value = serde_json::json!({ "tags": ["x", "y"], "owner": { "id": 7 } });
    let request = incoming(|r| r.query_object("filter", &value, Style::DeepObject));
    assert_eq!(
        request.query_object::<Filter>("filter", Style::DeepObject),
        Ok(Filter { tags: Some(vec!["x".to_owned(), "y".to_owned()]), owner: Owner { id: 7 } })
    );
    assert_eq!(request.query_object::<Option<Filter>>("nothing", Style::DeepObject), Ok(None));
}

#[test]
fn json_query_and_headers() {
    let value = serde_json::json!({ "a": [1, 2] });
    let request = incoming(|r| {
        r.query_json("q", &value);
        r.header_json("x-json", &value);
        r.header("x-id", &5_u32);
        r.header_list("x-list", &vec!["a,b".to_owned(), "c".to_owned()]);
        r.header_object("x-color", &BTreeMap::from([("G", 2), ("R", 1)]), true);
        r.cookie("session", &vec!["s 1".to_owned(), "s2".to_owned()]);
        r.cookie("one", "v;1");
    });
    assert_eq!(request.query_json::<serde_json::Value>("q"), Ok(value.clone()));
    assert_eq!(request.header_json::<serde_json::Value>("x-json"), Ok(value));
    assert_eq!(request.header::<u32>("x-id"), Ok(5));
    assert_eq!(request.header::<Option<u32>>("x-none"), Ok(None));
    assert_eq!(
        request.header_styled::<Vec<String>>("x-list", false, false),
        Ok(vec!["a,b".to_owned(), "c".to_owned()])
    );
    assert_eq!(request.header_styled::<Color>("x-color", true, true), Ok(Color { r: 1, g: 2 }));
    assert_eq!(request.cookie::<Vec<String>>("session"), Ok(vec!["s 1".to_owned(), "s2".to_owned()]));
    assert_eq!(request.cookie::<String>("one"), Ok("v;1".to_owned()));
    assert_eq!(
        why(request.header::<u32>("x-json").unwrap_err()),
        "header parameter `x-json`: expected a non-negative integer, found `{\"a\":[1,2]}`"
    );
}

#[test]
fn bodies_json_form_and_bytes() {
    #[derive(Debug, PartialEq, Deserialize, serde::Serialize)]
    struct Form {
        name: String,
        events: Vec<String>,
        ids: Vec<i32>,
        count: Option<u32>,
    }
    let form =
        Form { name: "a b+c".to_owned(), events: vec!["x".to_owned(), "y".to_owned()], ids: vec![1, 2], count: None };
    let request = incoming(|r| r.form_body_styled(&form, &[("ids", Style::PipeDelimited)]));
    assert_eq!(request.form_body::<Form>(&[("ids", Style::PipeDelimited)]), Ok(form));

    let request = incoming(|r| r.json_body(&serde_json::json!({ "owner": { "id": "seven" } })));
    let problem = request.json_body::<Filter>().unwrap_err();
    assert_eq!(problem.detail, "body: owner.id: invalid type: string \"seven\", expected i64 at line 1 column 22");
    let request = incoming(|_| {});
    assert_eq!(request.json_body::<Option<i32>>(), Ok(None));
    assert_eq!(why(request.json_body::<i32>().unwrap_err()), "body: it is missing");
    let request = incoming(|r| r.bytes_body(b"\x00\x01", "application/octet-stream"));
    assert_eq!(request.bytes_body(), vec![0, 1]);
    assert_eq!(request.raw_body().content_type.as_deref(), Some("application/octet-stream"));
}

#[test]
fn a_problem_is_json_naming_the_parameter() {
    let problem = Problem::bad_request("query", "coworkerId", "expected an integer, found `x`");
    let response = problem.into_response();
    assert_eq!(response.status(), 400);
    assert_eq!(response.headers()["content-type"], "application/problem+json");
    let body: serde_json::Value = serde_json::from_slice(response.body()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "type": "about:blank", "title": "Bad Request", "status": 400,
            "detail": "query parameter `coworkerId`: expected an integer, found `x`",
            "parameter": { "in": "query", "name": "coworkerId" },
        })
    );
}

enum Token {}
impl Scheme for Token {
    const NAME: &'static str = "token";
    type Kind = auth::kind::Bearer;
}
enum Login {}
impl Scheme for Login {
    const NAME: &'static str = "login";
    type Kind = auth::kind::Basic;
}
enum Key {}
impl Scheme for Key {
    const NAME: &'static str = "key";
    type Kind = auth::kind::ApiKey<Self>;
}
impl ApiKeyScheme for Key {
    const IN: ApiKeyIn = ApiKeyIn::Cookie("session");
}

fn with_header(name: &str, value: &str) -> Incoming {
    incoming(|r| r.header(name, value))
}

#[test]
fn credentials_of_each_kind_hidden_from_debug() {
    let request = with_header("authorization", "bearer s3cret");
    let bearer = request.required::<Token>().unwrap();
    assert_eq!(bearer.token(), "s3cret");
    assert_eq!(format!("{bearer:?}"), "Bearer(<redacted>)");

    let request = with_header("authorization", "Basic dXNlcjpwYXNz");
    let basic = request.required::<Login>().unwrap();
    assert_eq!((basic.username(), basic.password()), ("user", "pass"));
    assert_eq!(format!("{basic:?}"), r#"Basic { username: "user", password: "<redacted>" }"#);
    assert_eq!(request.optional::<Login>(), Ok(Some(basic)));

    let request = with_header("cookie", "a=b; session=k%20ey");
    let key = request.required::<Key>().unwrap();
    assert_eq!(key.key(), "k ey");
    assert_eq!(format!("{key:?}"), "ApiKey(<redacted>)");
}

#[test]
fn missing_credentials_are_a_401_with_a_challenge() {
    let request = incoming(|_| {});
    let problem = request.required::<Token>().unwrap_err();
    assert_eq!(problem.status(), 401);
    assert_eq!(problem.clone().into_response().headers()["www-authenticate"], "Bearer");
    assert_eq!(problem.detail(), "the endpoint needs credentials of the `token` scheme");
    assert_eq!(request.optional::<Token>(), Ok(None));
    assert!(request.required::<Key>().unwrap_err().into_response().headers().get("www-authenticate").is_none());
    let problem = with_header("authorization", "Basic !!").required::<Login>().unwrap_err();
    assert_eq!(problem.into_response().headers()["www-authenticate"], "Basic");
}

#[test]
fn a_choice_of_schemes_is_met_by_any() {
    let choices: &[&[super::Reader]] =
        &[&[Incoming::presented::<Token>], &[Incoming::presented::<Login>, Incoming::presented::<Key>]];
    let request = with_header("authorization", "Bearer t");
    let presented = request.any_of(choices, false).unwrap();
    assert!(matches!(presented.get("token"), Some(super::Credential::Bearer(token)) if token.token() == "t"));
    assert!(!presented.is_empty());
    // Basic alone is half of the second choice.
    let request = with_header("authorization", "Basic dXNlcjpwYXNz");
    assert_eq!(request.any_of(choices, false).unwrap_err().status(), 401);
    assert!(request.any_of(choices, true).is_ok());
    // Optional, and nothing sent: met, with nothing presented.
    assert!(incoming(|_| {}).any_of(choices, true).unwrap().is_empty());
}

#[test]
fn a_path_value_with_a_comma_is_one_value_unless_a_list_is_wanted() {
    let request = http::Request::new(Bytes::new());
    let path = vec![("name".to_owned(), "Smith, John".to_owned()), ("ids".to_owned(), "1,2".to_owned())];
    let incoming = Incoming::new(request, path);
    assert_eq!(incoming.path::<String>("name"), Ok("Smith, John".to_owned()));
    assert_eq!(incoming.path::<Vec<String>>("name"), Ok(vec!["Smith".to_owned(), " John".to_owned()]));
    assert_eq!(incoming.path::<Vec<i64>>("ids"), Ok(vec![1, 2]));
    assert!(incoming.path::<i64>("ids").unwrap_err().detail().contains("ids"));
}
