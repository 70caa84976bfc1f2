//! Plans: the profile's contracts (a bare array), cancelling one (an empty
//! 200), and the plans on sale (public).

use serde_json::{Value, json};

use super::{
    Caller, NOW, PortalState, Record, Reply, bad_request, currency, ids, owned_mut, serve, set, text, unique_id, utc,
};

/// A contract as the portal answers it; dates are the space's wall-clock
/// time, except the `…Utc` ones.
/// Every contract renews on 1 October.
fn contract(id: i64, owner: i64, tariff: (i64, &str), price: f64, start: &str) -> Record {
    let renewal = "2026-10-01T00:00:00";
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
    let flexi_desk = (3001, "Flexi desk - 10 days");
    vec![
        contract(ids::ADA_CONTRACT, ids::ADA_PERSONAL, flexi_desk, 180.0, "2026-01-01T00:00:00"),
        contract(
            ids::ADA_COMPANY_CONTRACT,
            ids::ADA_COMPANY,
            (3005, "Private office for four"),
            1450.0,
            "2025-06-01T00:00:00",
        ),
        contract(ids::CHARLES_CONTRACT, ids::CHARLES_PERSONAL, (3002, "Virtual office"), 96.0, "2026-03-01T00:00:00"),
    ]
}

pub(super) fn my(state: &mut PortalState, caller: Caller, _: &serve::plans::My) -> Reply {
    // A bare array ([DOC] prose).
    let mine: Vec<Value> = state
        .contracts
        .iter()
        .filter(|record| record.owner == caller.profile)
        .map(|record| record.json.clone())
        .collect();
    Ok(Value::Array(mine))
}

pub(super) fn cancel(state: &mut PortalState, caller: Caller, request: &serve::plans::Cancel) -> Reply {
    let id = request.body.contract_id.0;
    let record = owned_mut(&mut state.contracts, caller, id, "Contract")?;
    if !record.json.get("CancellationDate").is_none_or(Value::is_null) {
        return Err(bad_request(&[("ContractId", "is already cancelled", json!(id))]));
    }
    let ends = text(&record.json, "EarliestCancellationDate").unwrap_or(NOW).to_owned();
    set(&mut record.json, "CancellationDateUtc", json!(utc(&ends)));
    set(&mut record.json, "CancellationDate", json!(ends));
    Ok(Value::Null)
}

/// Public ([RE]).
pub(super) fn published() -> Value {
    json!([
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
    ])
}
