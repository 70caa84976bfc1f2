//! Teams, from portal-extras.yaml: the teams of the active profile.

use axum::Router;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::get;
use serde_json::json;

use super::{Answer, Params, Shared, ids, lock};

pub(super) fn routes() -> Router<Shared> {
    Router::new().route("/api/public/teams/my", get(my))
}

async fn my(State(state): State<Shared>, headers: HeaderMap, params: Params) -> Answer {
    let caller = lock(&state).authorized(&headers)?;
    // Ada's company profile is in two teams; she administers the first.
    if caller.profile != ids::ADA_COMPANY {
        return Ok(params.shaped(json!([])));
    }
    let engines = json!({ "Id": 88_001, "Name": "Analytical Engines", "Members": [
        { "CoworkerId": ids::ADA_COMPANY, "FullName": "Ada Lovelace", "IsTeamAdmin": true },
        { "CoworkerId": ids::MARY, "FullName": "Mary Somerville", "IsTeamAdmin": false }
    ]});
    let readers = json!({ "Id": 88_002, "Name": "Reading group", "Members": [
        { "CoworkerId": ids::MARY, "FullName": "Mary Somerville", "IsTeamAdmin": true },
        { "CoworkerId": ids::ADA_COMPANY, "FullName": "Ada Lovelace", "IsTeamAdmin": false }
    ]});
    let only_as_admin = params.get("isTeamAdmin").is_some_and(|value| value.eq_ignore_ascii_case("true"));
    let teams = if only_as_admin { json!([engines]) } else { json!([engines, readers]) };
    Ok(params.shaped(teams))
}
