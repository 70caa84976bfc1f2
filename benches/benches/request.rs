//! Per-request overhead of a generated client against hand-written reqwest +
//! serde code for the same requests, without a network: build the request,
//! encode it, make it a `reqwest::Request` (what a client sends), and decode
//! a canned response.
//!
//! The generated side goes the way `endpointgen::Client::send` does:
//! `Client::build_request` (the function `send` calls: the endpoint writes
//! its parts, the URL is parsed once into the `url::Url` reqwest sends, the
//! client's default headers and credentials are added; this client has
//! none, and the endpoints are public), then `Endpoint::decode` on the
//! response. The hand-written side builds the `reqwest::Request` itself, as
//! reqwest's `RequestBuilder::build` does (a `reqwest::Client` would need a
//! TLS provider installed, and only sends), with the same URL, query,
//! headers and JSON body, and decodes the same body with serde.
//!
//! Left out on both sides, so the comparison stays fair: sending (reqwest
//! adds `User-Agent` and the like either way), reading the body off the
//! wire, and `send`'s per-attempt work that hand-written code does not do
//! (a tracing span, hooks, and a copy of the request when a retry may
//! follow; the `steps` group times that copy on its own).
//! `cargo bench -p endpointgen-benches --bench request`; scripts/bench.sh
//! runs it and the report reads criterion's medians, and the instructions
//! of one call of each, counted under callgrind (see [`calls`]).

// A bench fails loudly on a broken setup, as a test does.
#![allow(clippy::expect_used, reason = "a bench fails loudly on a broken setup")]

use std::hint::black_box;

use bytes::Bytes;
use criterion::{Criterion, criterion_group};
use endpointgen::{BaseUrl, Client, Endpoint};

/// The synthetic API's first resource, as the other benchmarks generate it.
mod api {
    endpointgen::generate!("specs/synth_5.yaml");
}

/// The same types, written by hand as a reqwest user would.
#[allow(dead_code, reason = "decoded in full as a client would; the bench only keeps the value")]
mod hand_written {
    use serde::{Deserialize, Serialize};

    #[derive(Debug, Clone, Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub(crate) enum Status {
        Active,
        Archived,
        Pending,
    }

    #[derive(Debug, Deserialize)]
    pub(crate) struct Owner {
        pub(crate) id: i64,
        pub(crate) name: String,
    }

    #[derive(Debug, Deserialize)]
    pub(crate) struct Item {
        pub(crate) id: i64,
        pub(crate) name: String,
        pub(crate) description: Option<String>,
        pub(crate) active: bool,
        pub(crate) score: f64,
        pub(crate) count: Option<i32>,
        pub(crate) tags: Vec<String>,
        pub(crate) status: Status,
        pub(crate) owner: Option<Owner>,
    }

    #[derive(Debug, Clone, Serialize)]
    pub(crate) struct ItemInput {
        pub(crate) name: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) description: Option<String>,
        pub(crate) active: bool,
        pub(crate) tags: Vec<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) status: Option<Status>,
    }

    impl Serialize for Status {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.serialize_str(match self {
                Self::Active => "active",
                Self::Archived => "archived",
                Self::Pending => "pending",
            })
        }
    }

    #[derive(Debug, Deserialize)]
    pub(crate) struct Problem {
        pub(crate) title: String,
        pub(crate) status: i32,
        pub(crate) detail: Option<String>,
    }

    /// What a hand-written call returns: the item, or the documented error.
    #[derive(Debug)]
    pub(crate) enum Failure {
        NotFound(Problem),
        Status(http::StatusCode),
        Json(serde_json::Error),
    }

    /// Status dispatch and decoding, as one writes it by hand.
    pub(crate) fn decode_item(response: &http::Response<bytes::Bytes>) -> Result<Item, Failure> {
        let status = response.status();
        if status.is_success() {
            serde_json::from_slice(response.body()).map_err(Failure::Json)
        } else if status == http::StatusCode::NOT_FOUND {
            Err(serde_json::from_slice(response.body()).map_or_else(Failure::Json, Failure::NotFound))
        } else {
            Err(Failure::Status(status))
        }
    }
}

const BASE: &str = "https://api.example.com";
/// `application/json`, as a header value (a static one: no copy).
fn json() -> http::HeaderValue {
    http::HeaderValue::from_static("application/json")
}

const ITEM: &str = r#"{"id":42,"name":"Meeting room","description":"Second floor, by the window.","active":true,
"score":4.5,"count":12,"tags":["quiet","projector","whiteboard"],"status":"active","owner":{"id":7,"name":"Ada"}}"#;

fn canned(body: &Bytes) -> http::Response<Bytes> {
    http::Response::builder()
        .status(200)
        .header(http::header::CONTENT_TYPE, "application/json")
        .body(body.clone())
        .expect("a valid response")
}

fn input() -> (api::Item0Input, hand_written::ItemInput) {
    let tags = vec!["quiet".to_owned(), "projector".to_owned()];
    (
        api::Item0Input {
            name: "Meeting room".to_owned(),
            description: Some("Second floor.".to_owned()),
            active: true,
            tags: tags.clone(),
            status: Some(api::ItemStatus0::Active),
        },
        hand_written::ItemInput {
            name: "Meeting room".to_owned(),
            description: Some("Second floor.".to_owned()),
            active: true,
            tags,
            status: Some(hand_written::Status::Active),
        },
    )
}

fn get_endpoint() -> api::endpoints::group0::GetItem0 {
    api::endpoints::group0::get_item0(black_box(42)).expand(true).fields("name,tags")
}

/// The request `Client::send` sends for the GET (it calls `build_request`).
fn generated_get(client: &Client) -> reqwest::Request {
    client.build_request(&get_endpoint()).expect("a request")
}

fn generated_update(client: &Client, input: &api::Item0Input) -> reqwest::Request {
    let endpoint = api::endpoints::group0::update_item0(black_box(42), input.clone());
    client.build_request(&endpoint).expect("a request")
}

/// The client the generated side builds its requests with: default
/// settings, no default headers, no credentials. Building it sets up TLS
/// (rustls with ring) but connects nowhere.
fn client() -> Client {
    Client::new(BASE).expect("a client")
}

fn hand_written_get() -> reqwest::Request {
    let url = reqwest::Url::parse_with_params(
        &format!("{BASE}/group0/item0/{}", black_box(42)),
        &[("expand", "true"), ("fields", "name,tags")],
    )
    .expect("a URL");
    let mut request = reqwest::Request::new(reqwest::Method::GET, url);
    request.headers_mut().insert(http::header::ACCEPT, json());
    request
}

fn hand_written_update(input: &hand_written::ItemInput) -> reqwest::Request {
    // Both sides clone the input: the generated constructor takes the body
    // by value, and a caller builds one per request either way.
    let input = black_box(input).clone();
    let body = serde_json::to_vec(&input).expect("JSON");
    let url = reqwest::Url::parse(&format!("{BASE}/group0/item0/{}", black_box(42))).expect("a URL");
    let mut request = reqwest::Request::new(reqwest::Method::PUT, url);
    request.headers_mut().insert(http::header::ACCEPT, json());
    request.headers_mut().insert(http::header::CONTENT_TYPE, json());
    *request.body_mut() = Some(body.into());
    request
}

/// What one compared call needs, made once: the client (which sets up TLS)
/// and the inputs.
struct Setup {
    client: Client,
    item: Bytes,
    generated_input: api::Item0Input,
    hand_written_input: hand_written::ItemInput,
}

impl Setup {
    fn new() -> Self {
        let (generated_input, hand_written_input) = input();
        Self { client: client(), item: Bytes::from_static(ITEM.as_bytes()), generated_input, hand_written_input }
    }
}

/// One compared call: the whole request, one way (built, then its canned
/// response decoded), under criterion's group and function names.
struct Call {
    group: &'static str,
    function: &'static str,
    run: fn(&Setup),
}

const CALLS: [Call; 4] = [
    Call {
        group: "get_item",
        function: "endpointgen",
        run: |setup| {
            black_box(generated_get(&setup.client));
            black_box(api::endpoints::group0::GetItem0::decode(canned(&setup.item)).expect("an item"));
        },
    },
    Call {
        group: "get_item",
        function: "reqwest",
        run: |setup| {
            black_box(hand_written_get());
            black_box(hand_written::decode_item(&canned(&setup.item)).expect("an item"));
        },
    },
    Call {
        group: "update_item",
        function: "endpointgen",
        run: |setup| {
            black_box(generated_update(&setup.client, &setup.generated_input));
            black_box(api::endpoints::group0::UpdateItem0::decode(canned(&setup.item)).expect("an item"));
        },
    },
    Call {
        group: "update_item",
        function: "reqwest",
        run: |setup| {
            black_box(hand_written_update(&setup.hand_written_input));
            black_box(hand_written::decode_item(&canned(&setup.item)).expect("an item"));
        },
    },
];

/// What the report compares, timed.
fn requests(criterion: &mut Criterion) {
    let setup = Setup::new();
    for group_name in ["get_item", "update_item"] {
        let mut group = criterion.benchmark_group(group_name);
        for call in CALLS.iter().filter(|call| call.group == group_name) {
            group.bench_function(call.function, |bench| bench.iter(|| (call.run)(&setup)));
        }
        group.finish();
    }
}

/// `ENDPOINTGEN_REQUEST_CALLS=get_item/endpointgen:1000`: makes that call
/// so many times and nothing else, for bench-harness to count the
/// instructions of one call under callgrind (the difference between a run
/// of N calls and a run of none), a figure that a busy machine does not
/// move as it moves times.
fn calls(spec: &str) -> Result<(), String> {
    let (name, count) = spec
        .split_once(':')
        .and_then(|(name, count)| Some((name, count.parse::<usize>().ok()?)))
        .ok_or_else(|| format!("ENDPOINTGEN_REQUEST_CALLS={spec}: expected group/function:count"))?;
    let call = CALLS
        .iter()
        .find(|call| format!("{}/{}", call.group, call.function) == name)
        .ok_or_else(|| format!("ENDPOINTGEN_REQUEST_CALLS={spec}: no such call"))?;
    let setup = Setup::new();
    for _ in 0..count {
        (call.run)(&setup);
    }
    Ok(())
}

/// The steps apart, to see where a difference comes from.
fn steps(criterion: &mut Criterion) {
    let client = client();
    let base = BaseUrl::parse(BASE).expect("a valid base URL");
    let item = Bytes::from_static(ITEM.as_bytes());
    let mut steps = criterion.benchmark_group("steps");
    steps.bench_function("endpointgen get: build_request", |bench| bench.iter(|| generated_get(&client)));
    steps.bench_function("endpointgen get: to_request (sans-IO http::Request)", |bench| {
        bench.iter(|| get_endpoint().to_request(&base).expect("a request"));
    });
    let request = generated_get(&client);
    steps.bench_function("endpointgen get: copy for a retry (try_clone)", |bench| {
        bench.iter(|| black_box(&request).try_clone().expect("a copy"));
    });
    steps.bench_function("reqwest get: request", |bench| bench.iter(hand_written_get));
    steps.bench_function("endpointgen: decode", |bench| {
        bench.iter(|| api::endpoints::group0::GetItem0::decode(canned(&item)).expect("an item"));
    });
    steps.bench_function("reqwest: decode", |bench| {
        bench.iter(|| hand_written::decode_item(&canned(&item)).expect("an item"));
    });
    steps.finish();
}

criterion_group!(benches, requests, steps);

fn main() {
    if let Ok(spec) = std::env::var("ENDPOINTGEN_REQUEST_CALLS") {
        if let Err(problem) = calls(&spec) {
            eprintln!("{problem}");
            std::process::exit(2);
        }
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
