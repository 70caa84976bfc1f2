//! Per-request overhead of a generated client against hand-written reqwest +
//! serde code for the same requests, without a network: build the request,
//! encode it, make it a `reqwest::Request` (what a client sends), and decode
//! a canned response.
//!
//! The generated side goes the way `endpointgen::Client::send` does:
//! `Endpoint::to_request`, `reqwest::Request::try_from`, `Endpoint::decode`.
//! `cargo bench -p endpointgen-benches --bench request`; scripts/bench.sh
//! runs it and the report reads criterion's medians.

// A bench fails loudly on a broken setup, as a test does.
#![allow(clippy::expect_used, reason = "a bench fails loudly on a broken setup")]

use std::hint::black_box;

use bytes::Bytes;
use criterion::{Criterion, criterion_group, criterion_main};
use endpointgen::{BaseUrl, Endpoint};

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

fn requests(criterion: &mut Criterion) {
    let base = BaseUrl::parse(BASE).expect("a valid base URL");
    let client = reqwest::Client::builder().build().expect("a client");
    let item = Bytes::from_static(ITEM.as_bytes());

    let mut get = criterion.benchmark_group("get_item");
    get.bench_function("endpointgen", |bench| {
        bench.iter(|| {
            let endpoint = api::endpoints::group0::get_item0(black_box(42)).expand(true).fields("name,tags");
            let request = endpoint.to_request(&base).expect("a request");
            let request = reqwest::Request::try_from(request.map(Bytes::from)).expect("a reqwest request");
            black_box(request);
            api::endpoints::group0::GetItem0::decode(canned(&item)).expect("an item")
        });
    });
    get.bench_function("reqwest", |bench| {
        bench.iter(|| {
            let url = reqwest::Url::parse_with_params(
                &format!("{BASE}/group0/item0/{}", black_box(42)),
                &[("expand", "true"), ("fields", "name,tags")],
            )
            .expect("a URL");
            let request =
                client.get(url).header(http::header::ACCEPT, "application/json").build().expect("a reqwest request");
            black_box(request);
            hand_written::decode_item(&canned(&item)).expect("an item")
        });
    });
    get.finish();

    let (generated_input, hand_written_input) = input();
    let mut update = criterion.benchmark_group("update_item");
    update.bench_function("endpointgen", |bench| {
        bench.iter(|| {
            let endpoint = api::endpoints::group0::update_item0(black_box(42), generated_input.clone());
            let request = endpoint.to_request(&base).expect("a request");
            let request = reqwest::Request::try_from(request.map(Bytes::from)).expect("a reqwest request");
            black_box(request);
            api::endpoints::group0::UpdateItem0::decode(canned(&item)).expect("an item")
        });
    });
    update.bench_function("reqwest", |bench| {
        bench.iter(|| {
            // Both sides clone the input: the generated constructor takes the
            // body by value, and a caller builds one per request either way.
            let input = black_box(&hand_written_input).clone();
            let body = serde_json::to_vec(&input).expect("JSON");
            let request = client
                .put(format!("{BASE}/group0/item0/{}", black_box(42)))
                .header(http::header::ACCEPT, "application/json")
                .header(http::header::CONTENT_TYPE, "application/json")
                .body(body)
                .build()
                .expect("a reqwest request");
            black_box(request);
            hand_written::decode_item(&canned(&item)).expect("an item")
        });
    });
    update.finish();
}

criterion_group!(benches, requests);
criterion_main!(benches);
