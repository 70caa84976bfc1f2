//! Which redirects a client follows, and what it sends on. Sans-IO, like
//! `retry.rs`: the exchange asks, and sends the next hop itself.
//!
//! reqwest's own policy strips only `Authorization`, `Cookie` and
//! `Proxy-Authorization` on a hop to another host, and follows `https` →
//! `http`: an API key in a header of its own would go wherever a server
//! points. So the clients turn reqwest's redirects off and follow them here:
//!
//! - to the same origin (scheme, host and port), as the request was: the
//!   credentials belong there;
//! - to another origin, with only the headers of [`KEPT_FOR_OTHER_ORIGINS`]
//!   (no credential of any kind, no default header, no hook's header, no
//!   cookie) and never with a body;
//! - never from `https` to `http`.

use http::header::{self, HeaderMap, HeaderName};
use http::{Method, StatusCode};
use reqwest::Url;

use crate::error::RedirectReason;

/// The only headers sent on to another origin: what says which
/// representation is wanted. Everything else (credentials of every kind,
/// the client's default headers, hooks' headers, the endpoint's own) is
/// for the API's origin. An allowlist, so that a credential kind added
/// later cannot be forgotten here.
pub(crate) const KEPT_FOR_OTHER_ORIGINS: [HeaderName; 4] =
    [header::ACCEPT, header::ACCEPT_LANGUAGE, header::RANGE, header::USER_AGENT];

/// The headers that describe a body, dropped with it.
const BODY_HEADERS: [HeaderName; 4] =
    [header::CONTENT_TYPE, header::CONTENT_LENGTH, header::CONTENT_ENCODING, header::TRANSFER_ENCODING];

/// What to do with an answer.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Decision {
    /// It is the answer: not a redirect, or one without a `Location`.
    Answer,
    /// Send the next hop.
    Follow(Hop),
    /// Do not follow, and do not take the 3xx as the answer either.
    Refuse {
        reason: RedirectReason,
        /// Where it pointed, when that is a URL.
        location: Option<Url>,
    },
}

/// The request to send after a redirect.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Hop {
    pub(crate) url: Url,
    pub(crate) method: Method,
    /// The request became a GET, without the body it had.
    pub(crate) drop_body: bool,
    /// The hop leaves the origin of the request before it.
    pub(crate) other_origin: bool,
}

/// The request that got a response, as far as a redirect cares.
pub(crate) struct Sent<'r> {
    pub(crate) method: &'r Method,
    pub(crate) url: &'r Url,
    pub(crate) has_body: bool,
    /// Redirects followed before this one, in this attempt.
    pub(crate) hops: u32,
}

/// Whether and how to follow `status` with `headers`, the answer to `sent`,
/// when at most `limit` redirects in a row are followed.
pub(crate) fn decide(sent: &Sent<'_>, status: StatusCode, headers: &HeaderMap, limit: u32) -> Decision {
    // As the fetch standard (and so browsers and reqwest) has it: 301 and
    // 302 turn a POST into a GET, 303 anything but GET and HEAD; 307 and
    // 308 keep the method and the body.
    let becomes_get = match status {
        StatusCode::MOVED_PERMANENTLY | StatusCode::FOUND => *sent.method == Method::POST,
        StatusCode::SEE_OTHER => !matches!(*sent.method, Method::GET | Method::HEAD),
        StatusCode::TEMPORARY_REDIRECT | StatusCode::PERMANENT_REDIRECT => false,
        _ => return Decision::Answer,
    };
    let Some(location) = headers.get(header::LOCATION) else { return Decision::Answer };
    let refuse = |reason, location| Decision::Refuse { reason, location };
    // `join` resolves a relative reference against the URL that answered;
    // an absolute one replaces it (its query too: a key in the query of
    // the request is not carried over).
    let url = match location.to_str().ok().map(|location| sent.url.join(location.trim())) {
        Some(Ok(url)) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => url,
        _ => return refuse(RedirectReason::InvalidLocation, None),
    };
    if sent.hops >= limit {
        return refuse(RedirectReason::TooMany { limit }, Some(url));
    }
    if sent.url.scheme() == "https" && url.scheme() == "http" {
        return refuse(RedirectReason::Downgrade, Some(url));
    }
    let other_origin = !same_origin(sent.url, &url);
    if other_origin && sent.has_body && !becomes_get {
        return refuse(RedirectReason::BodyToOtherOrigin, Some(url));
    }
    let method = if becomes_get { Method::GET } else { sent.method.clone() };
    Decision::Follow(Hop { url, method, drop_body: becomes_get, other_origin })
}

/// The same scheme, host and port (a missing port is the scheme's default).
fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme() && a.host() == b.host() && a.port_or_known_default() == b.port_or_known_default()
}

/// The headers for `hop`, from those of the request before it.
pub(crate) fn headers_for(hop: &Hop, headers: &mut HeaderMap) {
    if hop.other_origin {
        let kept: Vec<_> = KEPT_FOR_OTHER_ORIGINS
            .iter()
            .flat_map(|name| headers.get_all(name).iter().map(move |value| (name.clone(), value.clone())))
            .collect();
        headers.clear();
        for (name, value) in kept {
            headers.append(name, value);
        }
    } else if hop.drop_body {
        for name in &BODY_HEADERS {
            headers.remove(name);
        }
    }
}

/// The origin of `url` as text (`https://host:8443`), for messages that must
/// not show a path or query.
pub(crate) fn origin_text(url: &Url) -> String {
    url.origin().ascii_serialization()
}

#[cfg(test)]
mod tests {
    use http::header::{HeaderMap, HeaderValue};
    use http::{Method, StatusCode};
    use proptest::prelude::*;
    use reqwest::Url;

    use super::{Decision, Hop, Sent, decide, headers_for};
    use crate::error::RedirectReason;

    fn answer(status: u16, location: &str) -> (StatusCode, HeaderMap) {
        let mut headers = HeaderMap::new();
        headers.insert("location", HeaderValue::from_str(location).unwrap());
        (StatusCode::from_u16(status).unwrap(), headers)
    }

    fn decide_for(method: &Method, url: &str, has_body: bool, status: u16, location: &str) -> Decision {
        let url = Url::parse(url).unwrap();
        let (status, headers) = answer(status, location);
        decide(&Sent { method, url: &url, has_body, hops: 0 }, status, &headers, 10)
    }

    fn follow(url: &str, method: Method, drop_body: bool, other_origin: bool) -> Decision {
        Decision::Follow(Hop { url: Url::parse(url).unwrap(), method, drop_body, other_origin })
    }

    #[test]
    fn the_same_origin_is_followed_as_the_request_was() {
        for status in [301, 302, 303, 307, 308] {
            let decision = decide_for(&Method::GET, "https://api.example.com/a?k=1", false, status, "/b");
            assert_eq!(decision, follow("https://api.example.com/b", Method::GET, false, false), "{status}");
        }
        let put = decide_for(&Method::PUT, "https://api.example.com/a", true, 308, "https://api.example.com:443/b");
        assert_eq!(put, follow("https://api.example.com/b", Method::PUT, false, false));
        let post = decide_for(&Method::POST, "https://api.example.com/a", true, 303, "/status");
        assert_eq!(post, follow("https://api.example.com/status", Method::GET, true, false));
    }

    #[test]
    fn only_a_post_becomes_a_get_on_301_and_302_and_anything_but_get_and_head_on_303() {
        let to = "https://api.example.com/b";
        for status in [301, 302] {
            let post = decide_for(&Method::POST, "https://api.example.com/a", true, status, "/b");
            assert_eq!(post, follow(to, Method::GET, true, false), "{status}");
            for method in [Method::PUT, Method::DELETE, Method::PATCH, Method::GET, Method::HEAD] {
                let kept = decide_for(&method, "https://api.example.com/a", false, status, "/b");
                assert_eq!(kept, follow(to, method.clone(), false, false), "{method} {status}");
            }
        }
        for method in [Method::PUT, Method::DELETE, Method::PATCH] {
            let changed = decide_for(&method, "https://api.example.com/a", true, 303, "/b");
            assert_eq!(changed, follow(to, Method::GET, true, false), "{method}");
        }
        let head = decide_for(&Method::HEAD, "https://api.example.com/a", false, 303, "/b");
        assert_eq!(head, follow(to, Method::HEAD, false, false));
        // A PUT with its body, redirected elsewhere by a 301, keeps both: so
        // it does not go.
        let put = decide_for(&Method::PUT, "https://api.example.com/a", true, 301, "https://cdn.example/b");
        assert!(matches!(put, Decision::Refuse { reason: RedirectReason::BodyToOtherOrigin, .. }), "{put:?}");
    }

    #[test]
    fn another_scheme_host_or_port_is_another_origin() {
        for location in [
            "https://cdn.example.com/f",
            "http://api.example.com:8080/f",
            "https://api.example.com/f",
            "//cdn.example.com/f",
        ] {
            let decision = decide_for(&Method::GET, "http://api.example.com/a", false, 302, location);
            let Decision::Follow(hop) = decision else { panic!("{location}: {decision:?}") };
            assert!(hop.other_origin, "{location}");
        }
    }

    #[test]
    fn https_to_http_is_refused_even_to_the_same_host() {
        let decision = decide_for(&Method::GET, "https://api.example.com/a", false, 302, "http://api.example.com/a");
        assert!(matches!(decision, Decision::Refuse { reason: RedirectReason::Downgrade, .. }), "{decision:?}");
    }

    #[test]
    fn a_body_does_not_go_to_another_origin() {
        for status in [307, 308] {
            let decision =
                decide_for(&Method::POST, "https://api.example.com/a", true, status, "https://evil.example/");
            assert!(matches!(decision, Decision::Refuse { reason: RedirectReason::BodyToOtherOrigin, .. }));
        }
        // A 303 turns it into a GET without the body: that may go.
        let decision = decide_for(&Method::POST, "https://api.example.com/a", true, 303, "https://cdn.example/r");
        assert_eq!(decision, follow("https://cdn.example/r", Method::GET, true, true));
        // A 307 of a request without a body may go too.
        let decision = decide_for(&Method::DELETE, "https://api.example.com/a", false, 307, "https://cdn.example/r");
        assert_eq!(decision, follow("https://cdn.example/r", Method::DELETE, false, true));
    }

    #[test]
    fn only_redirects_with_a_location_are_followed_and_only_so_often() {
        assert_eq!(decide_for(&Method::GET, "https://a.example/", false, 300, "/b"), Decision::Answer);
        assert_eq!(decide_for(&Method::GET, "https://a.example/", false, 304, "/b"), Decision::Answer);
        let url = Url::parse("https://a.example/").unwrap();
        let sent = Sent { method: &Method::GET, url: &url, has_body: false, hops: 0 };
        assert_eq!(decide(&sent, StatusCode::FOUND, &HeaderMap::new(), 10), Decision::Answer);
        let tenth = Sent { hops: 10, ..sent };
        let (status, headers) = answer(302, "/b");
        assert!(matches!(
            decide(&tenth, status, &headers, 10),
            Decision::Refuse { reason: RedirectReason::TooMany { limit: 10 }, .. }
        ));
        for location in ["ftp://a.example/", "javascript:alert(1)", "file:///etc/passwd", "http://"] {
            let decision = decide_for(&Method::GET, "https://a.example/", false, 302, location);
            assert!(matches!(decision, Decision::Refuse { reason: RedirectReason::InvalidLocation, .. }), "{location}");
        }
    }

    #[test]
    fn only_harmless_headers_go_to_another_origin() {
        let mut headers = HeaderMap::new();
        for (name, value) in [
            ("authorization", "Bearer t"),
            ("x-api-key", "k"),
            ("cookie", "session=s"),
            ("x-use-timezone", "true"),
            ("content-type", "application/json"),
            ("accept", "application/pdf"),
            ("range", "bytes=0-99"),
        ] {
            headers.insert(name, HeaderValue::from_static(value));
        }
        let hop = |other_origin, drop_body| Hop {
            url: Url::parse("https://cdn.example/").unwrap(),
            method: Method::GET,
            drop_body,
            other_origin,
        };
        let mut same = headers.clone();
        headers_for(&hop(false, false), &mut same);
        assert_eq!(same, headers);
        let mut without_body = headers.clone();
        headers_for(&hop(false, true), &mut without_body);
        assert_eq!(without_body.len(), headers.len() - 1);
        assert!(!without_body.contains_key("content-type"));
        let mut other = headers;
        headers_for(&hop(true, false), &mut other);
        let names: Vec<&str> = other.keys().map(http::HeaderName::as_str).collect();
        assert_eq!(names, ["accept", "range"]);
    }

    proptest! {
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

        /// Any `Location` a server sends ends in a decision: the server's
        /// bytes reach `Url::join` and the checks after it.
        #[test]
        fn any_location_is_decided_without_a_panic(location in proptest::collection::vec(any::<u8>(), 0..64),
                                                   text in "\\PC{0,40}", status in 300_u16..310) {
            let url = Url::parse("https://api.example.com/v1/items?page=2").unwrap();
            let sent = Sent { method: &Method::POST, url: &url, has_body: true, hops: 0 };
            for value in [HeaderValue::from_bytes(&location).ok(), HeaderValue::from_str(&text).ok()].into_iter().flatten() {
                let mut headers = HeaderMap::new();
                headers.insert("location", value);
                let decision = decide(&sent, StatusCode::from_u16(status).unwrap(), &headers, 10);
                if let Decision::Follow(hop) = decision {
                    prop_assert!(matches!(hop.url.scheme(), "http" | "https"));
                    prop_assert!(hop.url.scheme() == "https");
                }
            }
        }
    }
}
