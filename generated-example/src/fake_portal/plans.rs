//! Plans: the profile's contracts (a bare array), cancelling one (an empty
//! 200), and the plans on sale (public).

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::{get, post};
use serde_json::{Value, json};

use super::{
    Answer, NOW, Params, Record, Shared, bad_request, currency, empty_ok, ids, json_body, lock, not_found, set, text,
    unique_id, utc,
};

pub(super) fn routes() -> Router<Shared> {
    Router::new()
        .route("/api/public/plans/my", get(my))
        .route("/api/public/plans/cancel", post(cancel))
        .route("/api/public/plans/published", get(published))
}

/// A contract as the portal answers it; dates are the space's wall-clock
/// time, except the `…Utc` ones.
fn contract(id: i64, owner: i64, tariff: (i64, &str), price: f64, start: &str, renewal: &str) -> Record {
    let json = json!({
        "Id": id,
        "UniqueId": unique_id(id),
        "Tariff": { "Id": tariff.0, "Name": tariff.1 },
        "Active": true,
        "Price": price,
        "StartDate": start,
        "ContractTerm": "2026-12-31T00:00:00",
        "RenewalDate": renewal,
        "RenewalDateUtc": utc(renewal),
        "CancellationDate": null,
        "CancellationDateUtc": null,
        "EarliestCancellationDate": "2026-12-31T00:00:00",
        "NextAutoInvoice": "2026-10-01T00:00:00",
        "InPausedPeriod": false,
    });
    Record { id, owner, json }
}

pub(super) fn seed() -> Vec<Record> {
    vec![
        contract(
            ids::ADA_CONTRACT,
            ids::ADA_PERSONAL,
            (3001, "Flexi desk - 10 days"),
            180.0,
            "2026-01-01T00:00:00",
            "2026-10-01T00:00:00",
        ),
        contract(
            ids::ADA_COMPANY_CONTRACT,
            ids::ADA_COMPANY,
            (3005, "Private office for four"),
            1450.0,
            "2025-06-01T00:00:00",
            "2026-10-01T00:00:00",
        ),
        contract(
            ids::CHARLES_CONTRACT,
            ids::CHARLES_PERSONAL,
            (3002, "Virtual office"),
            96.0,
            "2026-03-01T00:00:00",
            "2026-10-01T00:00:00",
        ),
    ]
}

async fn my(State(state): State<Shared>, headers: HeaderMap, params: Params) -> Answer {
    let state = lock(&state);
    let caller = state.authorized(&headers)?;
    // A bare array ([DOC] prose).
    let mine: Vec<Value> = state
        .contracts
        .iter()
        .filter(|record| record.owner == caller.profile)
        .map(|record| record.json.clone())
        .collect();
    Ok(params.shaped(Value::Array(mine)))
}

async fn cancel(State(state): State<Shared>, headers: HeaderMap, body: Bytes) -> Answer {
    let mut state = lock(&state);
    let caller = state.authorized(&headers)?;
    let request = json_body(&body)?;
    let Some(id) = request.get("ContractId").and_then(Value::as_i64) else {
        return Err(bad_request(&[("ContractId", "is a required field", Value::Null)]));
    };
    let Some(record) = state.contracts.iter_mut().find(|record| record.id == id && record.owner == caller.profile)
    else {
        return Err(not_found("Contract"));
    };
    if !record.json.get("CancellationDate").is_none_or(Value::is_null) {
        return Err(bad_request(&[("ContractId", "is already cancelled", json!(id))]));
    }
    let ends = text(&record.json, "EarliestCancellationDate").unwrap_or(NOW).to_owned();
    set(&mut record.json, "CancellationDateUtc", json!(utc(&ends)));
    set(&mut record.json, "CancellationDate", json!(ends));
    Ok(empty_ok())
}

/// Public ([RE]).
async fn published(params: Params) -> Answer {
    Ok(params.shaped(json!([
        {
            "Id": 3001, "UniqueId": unique_id(3001), "Name": "Flexi desk - 10 days",
            "Description": "Ten days a month at any free desk.", "Price": 180.0, "Currency": currency(), "Visible": true
        },
        {
            "Id": 3002, "UniqueId": unique_id(3002), "Name": "Virtual office",
            "Description": "A business address, and your mail held for you.", "Price": 96.0, "Currency": currency(),
            "Visible": true
        },
        {
            "Id": 3005, "UniqueId": unique_id(3005), "Name": "Private office for four",
            "Description": null, "Price": 1450.0, "Currency": currency(), "Visible": true
        }
    ])))
}
