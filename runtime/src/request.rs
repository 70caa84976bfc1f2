//! Building a request from an endpoint's parts, with every value encoded so
//! that it cannot change the request's shape.

use http::header::{ACCEPT, CONTENT_TYPE, HeaderName, HeaderValue};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::param::{ParamValue, QueryValue};

/// Everything except RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`)
/// is percent-encoded, in path segments and query parameters alike: `/`, `?`,
/// `#`, `&`, `=`, `+`, `%` and spaces in a value stay inside that value.
const VALUE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// The parts of a request that an [`Endpoint`](crate::Endpoint) writes:
/// path, query, headers and body. [`Endpoint::to_request`](crate::Endpoint::to_request)
/// turns them into an [`http::Request`].
#[derive(Debug, Default)]
pub struct RequestBuilder {
    path: String,
    query: String,
    headers: http::HeaderMap,
    body: Vec<u8>,
    problem: Option<String>,
}

impl RequestBuilder {
    /// An empty request: no path, query, headers or body yet.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends a literal piece of the path template, such as
    /// `/api/public/bookings/`. It is not encoded: it comes from the spec,
    /// whose validation allows only characters that need no encoding.
    pub fn path_literal(&mut self, literal: &str) {
        self.path.push_str(literal);
    }

    /// Appends one path parameter, percent-encoded as a single segment.
    ///
    /// An empty value, `.` or `..` would turn the segment into something else
    /// (a doubled slash, or a step up the path), so those are refused: the
    /// request fails with [`Error::InvalidRequest`](crate::Error::InvalidRequest)
    /// before anything is sent.
    pub fn path_param(&mut self, name: &str, value: &(impl ParamValue + ?Sized)) {
        let value = value.to_param();
        if matches!(&*value, "" | "." | "..") {
            self.refuse(format!("path parameter `{name}` is {value:?}, which would change the request's path"));
            return;
        }
        self.path.extend(utf8_percent_encode(&value, VALUE));
    }

    /// Adds `name=value` to the query for each value (none for `None`, one per
    /// element of a list), percent-encoded.
    pub fn query(&mut self, name: &str, value: &(impl QueryValue + ?Sized)) {
        let query = &mut self.query;
        value.for_each_value(&mut |value| {
            if !query.is_empty() {
                query.push('&');
            }
            query.extend(utf8_percent_encode(name, VALUE));
            query.push('=');
            query.extend(utf8_percent_encode(value, VALUE));
        });
    }

    /// Adds a header for each value (none for `None`). A value with a line
    /// break or another control character could smuggle in a header of its
    /// own, so it is refused.
    pub fn header(&mut self, name: &str, value: &(impl QueryValue + ?Sized)) {
        let Ok(header_name) = HeaderName::from_bytes(name.as_bytes()) else {
            self.refuse(format!("`{name}` is not a valid header name"));
            return;
        };
        let mut problem = None;
        value.for_each_value(&mut |value| match HeaderValue::from_str(value) {
            Ok(value) => {
                self.headers.append(header_name.clone(), value);
            }
            Err(_) => {
                problem = Some(format!(
                    "header `{name}` has a value with a control character (such as CR or LF), which could add headers of its own"
                ));
            }
        });
        if let Some(problem) = problem {
            self.refuse(problem);
        }
    }

    /// Sets a JSON body.
    pub fn json_body(&mut self, body: &(impl serde::Serialize + ?Sized)) {
        match serde_json::to_vec(body) {
            Ok(bytes) => {
                self.body = bytes;
                self.headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            }
            Err(error) => self.refuse(format!("the body cannot be written as JSON: {error}")),
        }
    }

    /// Sets a JSON body sent as another JSON media type, such as
    /// `application/merge-patch+json`.
    pub fn json_body_as(&mut self, body: &(impl serde::Serialize + ?Sized), media_type: &'static str) {
        self.json_body(body);
        if !self.body.is_empty() {
            self.headers.insert(CONTENT_TYPE, HeaderValue::from_static(media_type));
        }
    }

    /// Sets a form body (`application/x-www-form-urlencoded`), from a struct
    /// of plain values.
    pub fn form_body(&mut self, body: &(impl serde::Serialize + ?Sized)) {
        match serde_urlencoded::to_string(body) {
            Ok(text) => {
                self.body = text.into_bytes();
                self.headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/x-www-form-urlencoded"));
            }
            Err(error) => self.refuse(format!("the body cannot be written as a form: {error}")),
        }
    }

    /// Sets a raw body of the given media type.
    pub fn bytes_body(&mut self, body: &[u8], media_type: &'static str) {
        self.body = body.to_vec();
        self.headers.insert(CONTENT_TYPE, HeaderValue::from_static(media_type));
    }

    /// Says which media type the response is expected in.
    pub fn accept(&mut self, media_type: &'static str) {
        self.headers.insert(ACCEPT, HeaderValue::from_static(media_type));
    }

    /// Records the first reason the request cannot be sent; building goes on
    /// so that the generated code stays a flat list of calls.
    fn refuse(&mut self, reason: String) {
        self.problem.get_or_insert(reason);
    }

    /// The request to `base_url` joined with the finished path and query;
    /// or why it cannot be sent.
    pub(crate) fn into_request(
        self,
        method: http::Method,
        base_url: &crate::BaseUrl,
    ) -> Result<http::Request<Vec<u8>>, String> {
        let (target, headers, body) = self.finish()?;
        let mut request = http::Request::new(body);
        *request.method_mut() = method;
        *request.uri_mut() =
            format!("{base_url}{target}").parse().map_err(|error| format!("the URL is not valid: {error}"))?;
        *request.headers_mut() = headers;
        Ok(request)
    }

    /// The finished parts: the path and query (encoded, without the base URL),
    /// the headers and the body; or why they cannot be sent.
    pub(crate) fn finish(self) -> Result<(String, http::HeaderMap, Vec<u8>), String> {
        if let Some(problem) = self.problem {
            return Err(problem);
        }
        let mut target = self.path;
        if !self.query.is_empty() {
            target.push('?');
            target.push_str(&self.query);
        }
        Ok((target, self.headers, self.body))
    }
}

#[cfg(test)]
mod tests {
    use super::RequestBuilder;

    fn target(build: impl FnOnce(&mut RequestBuilder)) -> Result<String, String> {
        let mut request = RequestBuilder::new();
        build(&mut request);
        request.finish().map(|(target, _, _)| target)
    }

    #[test]
    fn values_cannot_change_the_shape_of_the_request() {
        let hostile = "a/b?c=d&e#f %25 ü";
        let target = target(|r| {
            r.path_literal("/items/");
            r.path_param("id", hostile);
            r.query("q", hostile);
            r.query("page", &Some(2));
            r.query("size", &None::<i32>);
        })
        .unwrap();
        assert_eq!(
            target,
            "/items/a%2Fb%3Fc%3Dd%26e%23f%20%2525%20%C3%BC?q=a%2Fb%3Fc%3Dd%26e%23f%20%2525%20%C3%BC&page=2"
        );
    }

    #[test]
    fn dot_segments_and_empty_segments_are_refused() {
        for value in ["", ".", ".."] {
            let result = target(|r| {
                r.path_literal("/items/");
                r.path_param("id", value);
            });
            assert!(result.unwrap_err().contains("`id`"));
        }
        // Dots inside a value are fine: they cannot form a segment of their own.
        assert_eq!(target(|r| r.path_param("id", "...")).unwrap(), "...");
    }

    #[test]
    fn header_values_with_line_breaks_are_refused() {
        let mut request = RequestBuilder::new();
        request.header("client_id", "me@example.com\r\nX-Evil: 1");
        assert!(request.finish().unwrap_err().contains("control character"));
    }

    #[test]
    fn form_bodies_are_encoded_like_query_strings() {
        #[derive(serde::Serialize)]
        struct Login<'a> {
            grant_type: &'a str,
            username: &'a str,
            totp: Option<&'a str>,
        }
        let mut request = RequestBuilder::new();
        request.form_body(&Login { grant_type: "password", username: "ada@example.com&x=1", totp: None });
        let (_, headers, body) = request.finish().unwrap();
        assert_eq!(headers["content-type"], "application/x-www-form-urlencoded");
        assert_eq!(body, b"grant_type=password&username=ada%40example.com%26x%3D1");
    }

    #[test]
    fn lists_repeat_the_parameter() {
        assert_eq!(target(|r| r.query("id", &vec![1, 2])).unwrap(), "?id=1&id=2");
    }
}
