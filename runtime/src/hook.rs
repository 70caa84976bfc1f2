//! A place to plug in metrics, logs or headers of one's own: a [`Hook`] sees
//! every attempt of every request a client sends.

use std::time::Duration;

use http::{HeaderMap, StatusCode};

use crate::RequestInfo;

/// Called by a client around each attempt of each request.
///
/// Hooks see the method and path template, not the URL sent (whose query
/// can hold one-time tokens). Credentials and default headers are in
/// `headers` but marked sensitive, so their `Debug` output is hidden; a
/// hook that logs headers should keep it that way, and a hook that adds a
/// credential should mark it so too.
///
/// A redirect that the client follows is part of the attempt: the hooks see
/// the attempt's last answer. The headers a hook adds go with the request
/// to redirects within the API's origin, unchanged (a hook that signs the
/// method and URL signs the first request only), and not to other origins.
pub trait Hook: Send + Sync {
    /// Before an attempt is sent; may add headers (a correlation id, say).
    fn on_request(&self, request: &RequestInfo, headers: &mut HeaderMap) {
        let _ = (request, headers);
    }

    /// After an attempt got a response, or failed to.
    fn on_response(&self, exchange: &Exchange<'_>) {
        let _ = exchange;
    }
}

/// One attempt of one request, as a [`Hook`] sees it when it is over.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Exchange<'a> {
    /// The request: method and path template.
    pub request: &'a RequestInfo,
    /// 1 for the first attempt, 2 for the first retry, …
    pub attempt: u32,
    /// The response's status; `None` when no response came.
    pub status: Option<StatusCode>,
    /// The response's headers; `None` when no response came.
    pub headers: Option<&'a HeaderMap>,
    /// From sending to the end of the body.
    pub elapsed: Duration,
    /// Why no response came, when none did.
    pub failure: Option<&'a str>,
}
