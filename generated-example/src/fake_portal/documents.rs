//! Documents, from portal-extras.yaml: an upload as `multipart/form-data`,
//! read part by part with axum's multipart reader (multer), not with the
//! generated types.

use axum::Router;
use axum::extract::{Multipart, State};
use axum::http::HeaderMap;
use axum::response::IntoResponse as _;
use axum::routing::post;
use serde_json::{Value, json};

use super::{Answer, Shared, bad_request, lock};

pub(super) fn routes() -> Router<Shared> {
    Router::new().route("/api/public/documents", post(upload))
}

/// `Title` (text) must come before `File`, as the portal's web app sends
/// them; the answer says what was stored.
async fn upload(State(state): State<Shared>, headers: HeaderMap, mut multipart: Multipart) -> Answer {
    lock(&state).authorized(&headers)?;
    let mut title: Option<String> = None;
    let mut stored = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) => return Err(bad_request(&[("body", "is not a multipart body", json!(error.to_string()))])),
        };
        let name = field.name().unwrap_or_default().to_owned();
        let content_type = field.content_type().unwrap_or("text/plain").to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let Ok(content) = field.bytes().await else {
            return Err(bad_request(&[(&name, "could not be read", Value::Null)]));
        };
        match name.as_str() {
            "Title" => title = Some(String::from_utf8_lossy(&content).into_owned()),
            "Note" => {}
            "File" => {
                let Some(title) = &title else {
                    return Err(bad_request(&[("Title", "must come before the file", Value::Null)]));
                };
                stored = Some(json!({
                    "Id": 77_001,
                    "Title": title,
                    "FileName": file_name.unwrap_or_default(),
                    "ContentType": content_type,
                    "Size": content.len(),
                }));
            }
            _ => return Err(bad_request(&[(&name, "is not a part of this upload", Value::Null)])),
        }
    }
    match stored {
        Some(stored) => Ok(axum::Json(stored).into_response()),
        None => Err(bad_request(&[("File", "is required", Value::Null)])),
    }
}
