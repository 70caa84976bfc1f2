//! Documents, from portal-extras.yaml: an upload as `multipart/form-data`,
//! which the generated server hands over as it came (`RawBody`), read here
//! part by part with axum's multipart reader (multer).

use axum::extract::{FromRequest, Multipart};
use endpointgen::serve::RawBody;
use serde_json::{Value, json};

use super::{Reply, bad_request};

/// The upload of a multipart body: `Title` (text) must come before `File`,
/// as the portal's web app sends them; the answer says what was stored.
pub(super) async fn upload(body: RawBody) -> Reply {
    let request = axum::http::Request::builder()
        .header("content-type", body.content_type.unwrap_or_default())
        .body(axum::body::Body::from(body.bytes));
    let not_multipart = |error: String| bad_request(&[("body", "is not a multipart body", json!(error))]);
    let request = request.map_err(|error| not_multipart(error.to_string()))?;
    let mut multipart =
        Multipart::from_request(request, &()).await.map_err(|error| not_multipart(error.body_text()))?;
    let (mut title, mut stored) = (None, None);
    while let Some(field) = multipart.next_field().await.map_err(|error| not_multipart(error.to_string()))? {
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
    stored.ok_or_else(|| bad_request(&[("File", "is required", Value::Null)]))
}
