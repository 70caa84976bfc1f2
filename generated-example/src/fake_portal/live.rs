//! From portal-extras.yaml, for the demo of streamed answers: a CSV export
//! (a download) and the space's occupancy as Server-Sent Events.

use std::fmt::Write as _;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse as _, Response};
use axum::routing::get;

use super::{Shared, lock};

/// The rows of the export: enough to come in several chunks.
const EXPORT_ROWS: u32 = 20_000;
/// The occupancy events the stream has; a connection sends at most
/// `EVENTS_PER_CONNECTION` of them, as a server that closes long-lived
/// connections now and then does, and the client resumes.
const EVENTS: u64 = 5;
const EVENTS_PER_CONNECTION: u64 = 3;

/// The routes of the streamed endpoints, which the generated server leaves
/// out (it cannot write a stream back).
pub(super) fn routes(state: Shared) -> Router {
    Router::new()
        .route("/api/public/exports/bookings.csv", get(bookings_csv))
        .route("/api/public/live/occupancy", get(occupancy))
        .with_state(state)
}

/// The 401 (no body) unless the request has a known bearer token.
fn authorized(state: &Shared, headers: &HeaderMap) -> Result<(), StatusCode> {
    let token = headers.get(header::AUTHORIZATION).and_then(|value| value.to_str().ok());
    let token = token.and_then(|value| value.strip_prefix("Bearer ")).unwrap_or_default();
    let known = lock(state).accounts.iter().any(|account| account.has_access_token(token));
    if known { Ok(()) } else { Err(StatusCode::UNAUTHORIZED) }
}

async fn bookings_csv(State(state): State<Shared>, headers: HeaderMap) -> Result<Response, StatusCode> {
    authorized(&state, &headers)?;
    let mut csv = String::from("Id,Resource,From,To\n");
    for row in 0..EXPORT_ROWS {
        let day = row % 28 + 1;
        writeln!(csv, "{},Desk {},2026-02-{day:02}T09:00,2026-02-{day:02}T17:00", 200_000 + row, row % 40 + 1).ok();
    }
    Ok(([(header::CONTENT_TYPE, "text/csv")], csv).into_response())
}

/// The events after `Last-Event-ID`, at most `EVENTS_PER_CONNECTION`.
async fn occupancy(State(state): State<Shared>, headers: HeaderMap) -> Result<Response, StatusCode> {
    authorized(&state, &headers)?;
    let after =
        headers.get("last-event-id").and_then(|id| id.to_str().ok()).and_then(|id| id.parse::<u64>().ok()).unwrap_or(0);
    let mut stream = String::from(": occupancy of Harbour Works\nretry: 50\n\n");
    for id in (after + 1..=EVENTS).take(usize::try_from(EVENTS_PER_CONNECTION).unwrap_or(usize::MAX)) {
        let present = 12 + id * 3;
        write!(stream, "id: {id}\nevent: occupancy\ndata: {{\"Present\": {present},\ndata: \"Capacity\": 40}}\n\n")
            .ok();
    }
    Ok(([(header::CONTENT_TYPE, "text/event-stream")], stream).into_response())
}
