//! The space itself: its settings (optional auth), details, countries and
//! announcements; and, from portal-extras.yaml, the lookup by host name.

use serde_json::{Value, json};

use super::{Caller, PortalState, Reply, SPACE_HOST, ids, not_found, serve};

/// Settings values are strings ([DOC]), `"True"` and numbers too.
pub(super) fn configuration(_: &mut PortalState, caller: Option<Caller>, _: &serve::system::Configuration) -> Reply {
    let mut settings = vec![
        json!({ "Name": "PublicWebSite.Name", "Value": "Harbour Works" }),
        json!({ "Name": "PublicWebSite.Theme.PrimaryColor", "Value": "#0b5394" }),
        json!({ "Name": "Directory.Enabled", "Value": "True" }),
        json!({ "Name": "Bookings.AllowAnonymousBookings", "Value": "False" }),
    ];
    if caller.is_some() {
        settings.extend([
            json!({ "Name": "Bookings.MaxBookingLengthInMinutes", "Value": "480" }),
            json!({ "Name": "Bookings.CancellationNoticeInHours", "Value": "24" }),
            json!({ "Name": "Visitors.RequireHostApproval", "Value": "True" }),
        ]);
    }
    Ok(Value::Array(settings))
}

/// Public ([RE]).
pub(super) fn countries() -> Value {
    json!([
        { "Id": 1220, "Name": "United Kingdom", "TwoLetterCode": "GB" },
        { "Id": 1075, "Name": "France", "TwoLetterCode": "FR" },
        { "Id": 1082, "Name": "Germany", "TwoLetterCode": "DE" },
        { "Id": 1105, "Name": "Ireland", "TwoLetterCode": "IE" }
    ])
}

/// Fields the docs do not give: the fake's are plausible, no more.
pub(super) fn announcements() -> Value {
    json!([
        {
            "Id": 55_001,
            "Title": "Fire drill on Thursday",
            "Text": "At 11:00; please leave by the nearest exit.",
            "FromDate": "2026-08-31T00:00:00",
            "ToDate": "2026-09-04T00:00:00",
            "Pinned": true
        },
        { "Id": 55_002, "Title": "New coffee machine", "Text": "In the kitchen, first floor.", "Pinned": false }
    ])
}

/// Public: the portal calls it before anyone signs in.
pub(super) fn business_by_host(_: &mut PortalState, request: &serve::system::BusinessByHost) -> Reply {
    if request.host != SPACE_HOST {
        return Err(not_found("Business"));
    }
    Ok(json!({ "Id": ids::SPACE, "WebAddress": "harbour-works" }))
}
