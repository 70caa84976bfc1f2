//! What an expectation wants and what a request brought, and the diff
//! between them: one line per method, path, query value, header the
//! endpoint sets, and body, marked `-` (expected) and `+` (received) where
//! they differ. A request matches an expectation when the diff has no
//! marked line.

use std::fmt::Write as _;

use bytes::Bytes;
use http::{HeaderMap, Method};

/// What the request of an expectation's endpoint looks like, as
/// [`Endpoint::to_request`](crate::Endpoint::to_request) builds it.
pub(crate) struct Wanted {
    pub(crate) method: Method,
    /// The path as sent (percent-encoded), from the base URL's path on.
    pub(crate) path: String,
    /// Decoded, sorted: the order of query parameters does not count.
    pub(crate) query: Vec<(String, String)>,
    /// The headers the endpoint sets; only these are compared.
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

/// A request the mock received, in process or over loopback.
pub(crate) struct Received {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    /// Values marked sensitive (in process, the client marks its
    /// credentials so) are never shown.
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl Received {
    /// `METHOD /path`, as a message names the request: without its query,
    /// which can hold a credential.
    pub(crate) fn summary(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// Splits a path and query (`/a/b?x=1&y=2`) into the path as sent and the
/// query's decoded pairs, sorted.
pub(crate) fn split_target(target: &str) -> (String, Vec<(String, String)>) {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let path = if path.is_empty() { "/" } else { path };
    (path.to_owned(), parse_query(query))
}

/// The decoded pairs of a query string, sorted. `+` is a space, as in
/// `application/x-www-form-urlencoded`.
fn parse_query(query: &str) -> Vec<(String, String)> {
    let decode = |text: &str| {
        let spaced = text.replace('+', " ");
        percent_encoding::percent_decode_str(&spaced).decode_utf8_lossy().into_owned()
    };
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(name), decode(value))
        })
        .collect();
    pairs.sort();
    pairs
}

/// How one line of a diff compares.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    Same,
    Expected,
    Received,
}

/// The comparison of a request with an expectation.
pub(crate) struct Diff {
    lines: Vec<(Mark, String)>,
    /// How many parts (method, path, a query parameter, a header, the
    /// body) differ: the nearest expectation is the one with the fewest.
    pub(crate) differences: usize,
}

/// Shown instead of a value that may be a credential.
const REDACTED: &str = "<redacted>";

impl Diff {
    pub(crate) fn matches(&self) -> bool {
        self.differences == 0
    }

    /// The lines, each indented by `indent` and marked `- `, `+ ` or two
    /// spaces.
    pub(crate) fn write(&self, out: &mut String, indent: &str) {
        for (mark, line) in &self.lines {
            let mark = match mark {
                Mark::Same => "  ",
                Mark::Expected => "- ",
                Mark::Received => "+ ",
            };
            let _ = writeln!(out, "{indent}{mark}{line}");
        }
    }

    fn part(&mut self, label: &str, expected: &[String], received: &[String]) {
        if expected == received {
            self.lines.extend(expected.iter().map(|value| (Mark::Same, format!("{label}{value}"))));
        } else {
            self.differences += 1;
            self.lines.extend(expected.iter().map(|value| (Mark::Expected, format!("{label}{value}"))));
            self.lines.extend(received.iter().map(|value| (Mark::Received, format!("{label}{value}"))));
        }
    }
}

/// Compares `received` with `wanted`. Query parameters named in
/// `credential_query` (the API keys the client adds) are left out of
/// `received`; a query parameter that the expectation does not have is
/// shown by name only, since the client may have added it as a credential.
pub(crate) fn diff(wanted: &Wanted, received: &Received, credential_query: &[String]) -> Diff {
    let mut diff = Diff { lines: Vec::new(), differences: 0 };
    diff.part("method ", &[wanted.method.to_string()], &[received.method.to_string()]);
    diff.part("path ", std::slice::from_ref(&wanted.path), std::slice::from_ref(&received.path));

    let received_query: Vec<&(String, String)> =
        received.query.iter().filter(|(name, _)| !credential_query.contains(name)).collect();
    let mut names: Vec<&str> =
        wanted.query.iter().chain(received_query.iter().copied()).map(|(n, _)| n.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    for name in names {
        let expected: Vec<String> =
            wanted.query.iter().filter(|(n, _)| n == name).map(|(_, value)| format!("{name}={value}")).collect();
        let known = !expected.is_empty();
        let got: Vec<String> =
            received_query.iter().filter(|(n, _)| n == name).map(|(_, value)| format!("{name}={value}")).collect();
        if expected == got {
            diff.part("query ", &expected, &got);
        } else {
            let shown: Vec<String> =
                if known { got } else { got.iter().map(|_| format!("{name}=<not shown>")).collect() };
            diff.differences += 1;
            diff.lines.extend(expected.into_iter().map(|line| (Mark::Expected, format!("query {line}"))));
            diff.lines.extend(shown.into_iter().map(|line| (Mark::Received, format!("query {line}"))));
        }
    }

    let multipart = is_multipart(&wanted.headers);
    // By name, so that the lines do not depend on the order the endpoint
    // wrote its headers in.
    let mut header_names: Vec<&http::HeaderName> = wanted.headers.keys().collect();
    header_names.sort_unstable_by_key(|name| name.as_str());
    for name in header_names {
        // A multipart body's boundary is new for every request.
        if multipart && name == http::header::CONTENT_TYPE {
            diff.lines.push((Mark::Same, format!("header {name}: multipart/form-data (the boundary is not compared)")));
            continue;
        }
        let expected: Vec<&http::HeaderValue> = wanted.headers.get_all(name).iter().collect();
        let got: Vec<&http::HeaderValue> = received.headers.get_all(name).iter().collect();
        let show = |value: &http::HeaderValue| {
            if value.is_sensitive() || is_credential_header(name) {
                format!("header {name}: {REDACTED}")
            } else {
                format!("header {name}: {}", String::from_utf8_lossy(value.as_bytes()).escape_debug())
            }
        };
        if expected == got {
            diff.lines.extend(expected.iter().map(|value| (Mark::Same, show(value))));
        } else {
            diff.differences += 1;
            diff.lines.extend(expected.iter().map(|value| (Mark::Expected, show(value))));
            if got.is_empty() {
                diff.lines.push((Mark::Received, format!("header {name}: (not sent)")));
            }
            diff.lines.extend(got.iter().map(|value| (Mark::Received, show(value))));
        }
    }

    if multipart {
        diff.lines.push((Mark::Same, "body (multipart: not compared)".to_owned()));
    } else if !same_body(&wanted.body, &received.body) {
        diff.differences += 1;
        diff.lines.push((Mark::Expected, format!("body {}", shown_body(&wanted.body))));
        diff.lines.push((Mark::Received, format!("body {}", shown_body(&received.body))));
    } else {
        diff.lines.push((Mark::Same, format!("body {}", shown_body(&wanted.body))));
    }
    diff
}

/// Headers that hold credentials whoever sets them: never shown.
fn is_credential_header(name: &http::HeaderName) -> bool {
    name == http::header::AUTHORIZATION || name == http::header::PROXY_AUTHORIZATION || name == http::header::COOKIE
}

fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(http::header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().to_ascii_lowercase().starts_with(b"multipart/"))
}

/// Two bodies are the same when their bytes are, or when both are JSON
/// with equal values (the order of an object's members and the spacing do
/// not count).
fn same_body(expected: &[u8], received: &[u8]) -> bool {
    if expected == received {
        return true;
    }
    match (serde_json::from_slice::<serde_json::Value>(expected), serde_json::from_slice::<serde_json::Value>(received))
    {
        (Ok(expected), Ok(received)) => expected == received,
        _ => false,
    }
}

/// A body as a diff line shows it: JSON on one line, other text escaped,
/// anything else by its length.
fn shown_body(body: &[u8]) -> String {
    if body.is_empty() {
        return "(empty)".to_owned();
    }
    if let Ok(json) = serde_json::from_slice::<serde_json::Value>(body) {
        return json.to_string();
    }
    match std::str::from_utf8(body) {
        Ok(text) => text.escape_debug().to_string(),
        Err(_) => format!("({} bytes, not UTF-8)", body.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wanted(target: &str, body: &str) -> Wanted {
        let (path, query) = split_target(target);
        Wanted { method: Method::PUT, path, query, headers: HeaderMap::new(), body: Bytes::from(body.to_owned()) }
    }

    fn received(target: &str, body: &str) -> Received {
        let (path, query) = split_target(target);
        Received { method: Method::PUT, path, query, headers: HeaderMap::new(), body: Bytes::from(body.to_owned()) }
    }

    fn text(diff: &Diff) -> String {
        let mut out = String::new();
        diff.write(&mut out, "");
        out
    }

    #[test]
    fn the_query_order_and_json_spacing_do_not_count() {
        let diff = diff(
            &wanted("/a?x=1&y=2", r#"{"a":1,"b":[true]}"#),
            &received("/a?y=2&x=1", r#"{ "b": [true], "a": 1 }"#),
            &[],
        );
        assert!(diff.matches(), "{}", text(&diff));
    }

    #[test]
    fn a_query_parameter_the_expectation_lacks_is_shown_by_name_and_credentials_are_left_out() {
        let diff = diff(&wanted("/a?x=1", ""), &received("/a?x=1&key=secret&extra=2", ""), &["key".to_owned()]);
        assert_eq!(text(&diff), "  method PUT\n  path /a\n+ query extra=<not shown>\n  query x=1\n  body (empty)\n");
        assert_eq!(diff.differences, 1);
    }

    #[test]
    fn credential_headers_an_endpoint_writes_itself_are_never_shown() {
        let mut wanted = wanted("/a", "");
        let mut received = received("/a", "");
        for (name, sent, got) in [
            ("authorization", "Token s3cret", "Token 0ther"),
            ("proxy-authorization", "Basic s3cret", "Basic 0ther"),
            ("cookie", "session=s3cret", "session=0ther"),
            ("x-trace", "t1", "t2"),
            ("x-missing", "m", ""),
        ] {
            wanted.headers.insert(http::HeaderName::from_static(name), http::HeaderValue::from_static(sent));
            if !got.is_empty() {
                received.headers.insert(http::HeaderName::from_static(name), http::HeaderValue::from_static(got));
            }
        }
        let diff = diff(&wanted, &received, &[]);
        assert_eq!(diff.differences, 5);
        let shown = text(&diff);
        assert!(!shown.contains("s3cret") && !shown.contains("0ther"), "{shown}");
        assert!(shown.contains("- header x-trace: t1\n+ header x-trace: t2\n"), "{shown}");
        assert!(shown.contains("- header x-missing: m\n+ header x-missing: (not sent)\n"), "{shown}");
    }

    #[test]
    fn a_multipart_body_and_its_boundary_are_not_compared() {
        let mut wanted = wanted("/a", "--a\r\nx\r\n--a--");
        let mut received = received("/a", "--b\r\ny\r\n--b--");
        let content_type = |boundary: &'static str| http::HeaderValue::from_static(boundary);
        wanted.headers.insert(http::header::CONTENT_TYPE, content_type("Multipart/Form-Data; boundary=a"));
        received.headers.insert(http::header::CONTENT_TYPE, content_type("multipart/form-data; boundary=b"));
        let diff = diff(&wanted, &received, &[]);
        assert!(diff.matches(), "{}", text(&diff));
        assert!(text(&diff).contains("body (multipart: not compared)"));
    }

    #[test]
    fn bodies_that_are_not_json_are_compared_as_bytes() {
        assert!(same_body(b"a=1&b=2", b"a=1&b=2"));
        assert!(!same_body(b"a=1&b=2", b"b=2&a=1"));
        assert_eq!(shown_body(b"\xff\x00"), "(2 bytes, not UTF-8)");
        assert_eq!(shown_body(b"line\nbreak"), "line\\nbreak");
    }
}
