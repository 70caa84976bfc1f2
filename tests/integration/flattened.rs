//! Structs with a flattened map (`api-spec/fixtures/valid/flattened.yaml`):
//! the JSON properties that are not fields are kept, and sent back.

use std::fmt::Write as _;

use endpointgen::Endpoint;
use serde_json::json;

use crate::fixtures::{json, request, response};

mod api {
    endpointgen::generate!("../api-spec/fixtures/valid/flattened.yaml");
}

use api::endpoints::labels;
use api::{Labels, Metric, Metrics};

#[test]
fn the_properties_that_are_not_fields_are_kept_and_sent_back() {
    let value = json!({"name": "bug", "color": "red", "team": "core"});
    let decoded = labels::Put::decode(response(200, &value.to_string())).unwrap();
    let expected = Labels {
        name: "bug".to_owned(),
        color: Some("red".to_owned()),
        others: [("team".to_owned(), "core".to_owned())].into(),
    };
    assert_eq!(decoded, expected);
    assert_eq!(json(request(&labels::put(decoded)).body()), value);

    // A map of structs, with nothing else.
    let value = json!({"cpu": {"value": 0.5, "unit": "%"}, "disk": {"value": 12.0}});
    let decoded = labels::Record::decode(response(200, &value.to_string())).unwrap();
    let cpu = Metric { value: 0.5, unit: Some("%".to_owned()) };
    let disk = Metric { value: 12.0, unit: None };
    assert_eq!(decoded, Metrics { values: [("cpu".to_owned(), cpu), ("disk".to_owned(), disk)].into() });
    assert_eq!(json(request(&labels::record(decoded)).body()), value);

    // A value of the wrong type, and a body that is no object: errors.
    let error = labels::Record::decode(response(200, r#"{"cpu": 3}"#)).unwrap_err();
    assert!(matches!(error, endpointgen::Error::Decode(_)), "{error:?}");
    let error = labels::Put::decode(response(200, r#"["bug"]"#)).unwrap_err();
    assert!(error.to_string().contains("a JSON object `Labels`"), "{error}");
}

/// What a hostile or broken server may send where a struct with a
/// flattened map is expected: each is an error (or the last of a key given
/// twice, as serde's maps keep), never a panic, and nothing is lost of
/// what decoded.
#[test]
fn hostile_bodies_for_a_flattened_map_are_errors_not_panics() {
    let deep = format!("{{\"name\":\"bug\",\"x\":{}{}}}", "[".repeat(10_000), "]".repeat(10_000));
    let mut many = String::from("{\"name\":\"bug\"");
    for index in 0..20_000 {
        write!(many, ",\"k{index}\":\"v\"").unwrap();
    }
    many.push('}');
    let decoded = labels::Put::decode(response(200, &many)).unwrap();
    assert_eq!(decoded.others.len(), 20_000);
    for body in [
        deep.as_str(),
        r#"{"name":"bug","team":"#,
        r#"{"name":"bug","team":3}"#,
        r#"{"name":"bug","team":null}"#,
        r#"{"name":"bug","team":{"a":1}}"#,
        "\u{feff}{}",
        "null",
        "",
    ] {
        let error = labels::Put::decode(response(200, body)).unwrap_err();
        assert!(matches!(error, endpointgen::Error::Decode(_)), "{body:.60}: {error:?}");
    }
    let invalid_utf8 = endpointgen::http::Response::builder()
        .status(200)
        .body(endpointgen::Bytes::from_static(b"{\"name\":\"bug\",\"team\":\"\xff\xfe\"}"))
        .unwrap();
    assert!(matches!(labels::Put::decode(invalid_utf8), Err(endpointgen::Error::Decode(_))));
    let twice = labels::Put::decode(response(200, r#"{"name":"bug","team":"a","team":"b"}"#)).unwrap();
    assert_eq!(twice.others["team"], "b");
}
