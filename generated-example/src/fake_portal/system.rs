//! The space itself: its settings (optional auth), details, countries and
//! announcements; and, from portal-extras.yaml, the lookup by host name.

use axum::Router;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::get;
use serde_json::{Value, json};

use super::{Answer, Params, SPACE_HOST, Shared, ids, lock, not_found, space};

pub(super) fn routes() -> Router<Shared> {
    Router::new()
        .route("/api/public/configuration", get(configuration))
        .route("/api/public/businesses/current", get(current_business))
        .route("/api/public/countries", get(countries))
        .route("/api/public/announcements/active", get(announcements))
        .route("/api/sys/businesses/getByHost", get(business_by_host))
}

/// Settings values are strings ([DOC]), `"True"` and numbers too.
async fn configuration(State(state): State<Shared>, headers: HeaderMap, params: Params) -> Answer {
    let member = lock(&state).optional_caller(&headers)?.is_some();
    let mut settings = vec![
        json!({ "Name": "PublicWebSite.Name", "Value": "Harbour Works" }),
        json!({ "Name": "PublicWebSite.Theme.PrimaryColor", "Value": "#0b5394" }),
        json!({ "Name": "Directory.Enabled", "Value": "True" }),
        json!({ "Name": "Bookings.AllowAnonymousBookings", "Value": "False" }),
    ];
    if member {
        settings.extend([
            json!({ "Name": "Bookings.MaxBookingLengthInMinutes", "Value": "480" }),
            json!({ "Name": "Bookings.CancellationNoticeInHours", "Value": "24" }),
            json!({ "Name": "Visitors.RequireHostApproval", "Value": "True" }),
        ]);
    }
    Ok(params.shaped(Value::Array(settings)))
}

/// Public ([RE]).
async fn current_business(params: Params) -> Answer {
    Ok(params.shaped(space()))
}

/// Public ([RE]).
async fn countries(params: Params) -> Answer {
    Ok(params.shaped(json!([
        { "Id": 1220, "Name": "United Kingdom", "TwoLetterCode": "GB" },
        { "Id": 1075, "Name": "France", "TwoLetterCode": "FR" },
        { "Id": 1082, "Name": "Germany", "TwoLetterCode": "DE" },
        { "Id": 1105, "Name": "Ireland", "TwoLetterCode": "IE" }
    ])))
}

/// Fields the docs do not give: the fake's are plausible, no more.
async fn announcements(State(state): State<Shared>, headers: HeaderMap, params: Params) -> Answer {
    lock(&state).authorized(&headers)?;
    Ok(params.shaped(json!([
        {
            "Id": 55_001,
            "Title": "Fire drill on Thursday",
            "Text": "At 11:00; please leave by the nearest exit.",
            "FromDate": "2026-08-31T00:00:00",
            "ToDate": "2026-09-04T00:00:00",
            "Pinned": true
        },
        { "Id": 55_002, "Title": "New coffee machine", "Text": "In the kitchen, first floor.", "Pinned": false }
    ])))
}

/// Public: the portal calls it before anyone signs in.
async fn business_by_host(params: Params) -> Answer {
    if params.get("host") != Some(SPACE_HOST) {
        return Err(not_found("Business"));
    }
    Ok(params.shaped(json!({ "Id": ids::SPACE, "WebAddress": "harbour-works" })))
}
