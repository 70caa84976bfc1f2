//! From portal-extras.yaml, for the demo of streamed answers: a CSV export
//! (a download) and the space's occupancy as Server-Sent Events.

use std::fmt::Write as _;

use endpointgen::serve::StreamedBody;

/// The rows of the export: enough to come in several chunks.
const EXPORT_ROWS: u32 = 20_000;
/// The occupancy events the stream has; a connection sends at most
/// `EVENTS_PER_CONNECTION` of them, as a server that closes long-lived
/// connections now and then does, and the client resumes.
const EVENTS: u64 = 5;
const EVENTS_PER_CONNECTION: usize = 3;

pub(super) fn bookings_csv() -> StreamedBody {
    let mut csv = String::from("Id,Resource,From,To\n");
    for row in 0..EXPORT_ROWS {
        let day = row % 28 + 1;
        writeln!(csv, "{},Desk {},2026-02-{day:02}T09:00,2026-02-{day:02}T17:00", 200_000 + row, row % 40 + 1).ok();
    }
    StreamedBody::new("text/csv", csv)
}

/// The events after `Last-Event-ID`, at most `EVENTS_PER_CONNECTION`.
pub(super) fn occupancy(last_event_id: Option<&str>) -> StreamedBody {
    let after = last_event_id.and_then(|id| id.parse::<u64>().ok()).unwrap_or(0);
    let mut stream = String::from(": occupancy of Harbour Works\nretry: 50\n\n");
    for id in (after + 1..=EVENTS).take(EVENTS_PER_CONNECTION) {
        let present = 12 + id * 3;
        write!(stream, "id: {id}\nevent: occupancy\ndata: {{\"Present\": {present},\ndata: \"Capacity\": 40}}\n\n")
            .ok();
    }
    StreamedBody::new("text/event-stream", stream)
}
