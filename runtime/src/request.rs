//! Building a request from an endpoint's parts, with every value encoded so
//! that it cannot change the request's shape.

use http::header::{ACCEPT, CONTENT_TYPE, HeaderName, HeaderValue};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::multipart::Multipart;
use crate::param::{ParamValue, QueryValue};
use crate::style::{self, Pairs, Style, Tree};

/// Everything except RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`)
/// is percent-encoded, in path segments and query parameters alike: `/`, `?`,
/// `#`, `&`, `=`, `+`, `%`, spaces and every byte of a non-ASCII character
/// in a value stay inside that value.
const VALUE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// What a path literal may hold as is besides ASCII letters and digits:
/// the other unreserved characters, sub-delimiters, `:`, `@` and `/` (the
/// set the spec's validation allows in a path template).
const PATH_LITERAL_EXTRA: &[u8] = b"-._~!$&'()*+,;=:@/";

/// Appends `value` to `out`, percent-encoded with [`VALUE`].
pub(crate) fn push_encoded(out: &mut String, value: &str) {
    out.extend(utf8_percent_encode(value, VALUE));
}

/// `value` percent-encoded with [`VALUE`].
fn encoded(value: &str) -> String {
    utf8_percent_encode(value, VALUE).to_string()
}

/// A query string being written: the URL and where its query starts.
struct Query<'u> {
    url: &'u mut String,
    query_start: &'u mut Option<usize>,
}

impl Pairs for Query<'_> {
    fn pair(&mut self, name: &str, value: &str) {
        if self.query_start.is_none() {
            *self.query_start = Some(self.url.len());
            self.url.push('?');
        } else {
            self.url.push('&');
        }
        self.url.push_str(name);
        self.url.push('=');
        self.url.push_str(value);
    }
}

/// A form body being written.
struct Form(String);

impl Pairs for Form {
    fn pair(&mut self, name: &str, value: &str) {
        if !self.0.is_empty() {
            self.0.push('&');
        }
        self.0.push_str(name);
        self.0.push('=');
        self.0.push_str(value);
    }
}

/// The values of a [`QueryValue`] as a list.
fn list_of(value: &(impl QueryValue + ?Sized)) -> Tree {
    let mut items = Vec::new();
    value.for_each_value(&mut |value| items.push(Tree::Scalar(value.to_owned())));
    Tree::List(items)
}

const JSON: &str = "application/json";
const FORM_VALUE: HeaderValue = HeaderValue::from_static("application/x-www-form-urlencoded");

/// The header value of a media type from the spec. `application/json`, by
/// far the most common, is a constant made at compile time; another is
/// checked as [`HeaderValue::from_static`] checks it (the spec's validation
/// allows only valid ones), without a copy.
fn media_type_value(media_type: &'static str) -> HeaderValue {
    const JSON_VALUE: HeaderValue = HeaderValue::from_static(JSON);
    if media_type == JSON { JSON_VALUE } else { HeaderValue::from_static(media_type) }
}

/// The parts of a request that an [`Endpoint`](crate::Endpoint) writes:
/// path, query, headers and body. [`Endpoint::to_request`](crate::Endpoint::to_request)
/// turns them into an [`http::Request`]; `Client` turns them into the
/// `reqwest::Request` it sends, parsing the URL once.
#[derive(Debug, Default)]
pub struct RequestBuilder {
    /// The URL so far, written in one string: the base URL when the
    /// builder was made with one ([`for_base`](Self::for_base)), the path,
    /// and the query after a `?`. The finished URL is this string, without
    /// a copy.
    url: String,
    /// Whether `url` starts with the base URL.
    has_base: bool,
    /// Where the query starts in `url` (the index of its `?`), once a query
    /// parameter is written.
    query_start: Option<usize>,
    headers: http::HeaderMap,
    /// The cookie parameters, `name=value; name=value`, sent in one
    /// `Cookie` header (with the client's own cookies, if it has some).
    cookies: String,
    body: Vec<u8>,
    /// A multipart body, which replaces `body`: its file parts may be read
    /// only as the request is sent.
    multipart: Option<Multipart>,
    problem: Option<String>,
}

impl RequestBuilder {
    /// An empty request: no path, query, headers or body yet.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty request whose URL will start with `base_url`: written into
    /// the same string as the path, so that the finished URL needs no copy.
    pub(crate) fn for_base(base_url: &crate::BaseUrl) -> Self {
        let base = base_url.as_str();
        // Room for a typical path and query after the base.
        let mut url = String::with_capacity(base.len() + 96);
        url.push_str(base);
        Self { url, has_base: true, ..Self::default() }
    }

    /// Appends a part of the path that `write` writes. Generated endpoints
    /// write the whole path before the query; when a hand-written one writes
    /// a query parameter first, the part goes in before the query.
    fn push_path(&mut self, write: impl FnOnce(&mut String)) {
        match self.query_start {
            None => write(&mut self.url),
            Some(start) => {
                let mut part = String::new();
                write(&mut part);
                self.url.insert_str(start, &part);
                self.query_start = Some(start + part.len());
            }
        }
    }

    /// Appends a literal piece of the path template, such as
    /// `/api/public/bookings/`. It is not encoded: it comes from the spec,
    /// whose validation allows only characters that need no encoding
    /// (unreserved ones, sub-delimiters, `:`, `@` and `/`). A literal with
    /// any other character (`?`, `#`, `%`, a space…), which a hand-written
    /// endpoint could pass, is refused as a value with a line break is.
    pub fn path_literal(&mut self, literal: &str) {
        if let Some(bad) =
            literal.bytes().find(|byte| !byte.is_ascii_alphanumeric() && !PATH_LITERAL_EXTRA.contains(byte))
        {
            self.refuse(format!(
                "the path literal {literal:?} has {:?}, which a path cannot hold without encoding",
                char::from(bad)
            ));
            return;
        }
        self.push_path(|url| url.push_str(literal));
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
        self.push_path(|url| push_encoded(url, &value));
    }

    /// Adds `name=value` to the query for each value (none for `None`, one per
    /// element of a list), percent-encoded.
    pub fn query(&mut self, name: &str, value: &(impl QueryValue + ?Sized)) {
        let (url, query_start) = (&mut self.url, &mut self.query_start);
        value.for_each_value(&mut |value| {
            if query_start.is_none() {
                *query_start = Some(url.len());
                url.push('?');
            } else {
                url.push('&');
            }
            push_encoded(url, name);
            url.push('=');
            push_encoded(url, value);
        });
    }

    /// Adds a query parameter holding a list (or a plain value) in `style`:
    /// `color=blue,black,brown` for [`Style::FormJoined`], and so on. No
    /// parameter for `None` or an empty list; every element is
    /// percent-encoded, so that a delimiter inside one stays inside it.
    pub fn query_list(&mut self, name: &str, value: &(impl QueryValue + ?Sized), style: Style) {
        let mut query = Query { url: &mut self.url, query_start: &mut self.query_start };
        if let Err(problem) = style::write_styled(&mut query, &encoded(name), &list_of(value), style, &encoded) {
            self.refuse(problem);
        }
    }

    /// Adds a query parameter holding an object (a struct or a map of plain
    /// values) in `style`: its properties as parameters of their own
    /// ([`Style::Form`]), `color[R]=100` ([`Style::DeepObject`]), or joined
    /// into one value, `color=R,100,G,200`. `None` sends nothing.
    pub fn query_object(&mut self, name: &str, value: &(impl serde::Serialize + ?Sized), style: Style) {
        let written = Tree::of(value).and_then(|tree| {
            let mut query = Query { url: &mut self.url, query_start: &mut self.query_start };
            style::write_styled(&mut query, &encoded(name), &tree, style, &encoded)
        });
        if let Err(problem) = written {
            self.refuse(format!("query parameter `{name}`: {problem}"));
        }
    }

    /// Adds a header holding a list, comma-separated (the `simple` style):
    /// `blue,black,brown`. Each element is percent-encoded, so that a comma
    /// inside one stays inside it; no header for `None` or an empty list.
    pub fn header_list(&mut self, name: &str, value: &(impl QueryValue + ?Sized)) {
        self.header_tree(name, &list_of(value), false);
    }

    /// Adds a header holding an object in the `simple` style:
    /// `R,100,G,200`, or with `explode`, `R=100,G=200`.
    pub fn header_object(&mut self, name: &str, value: &(impl serde::Serialize + ?Sized), explode: bool) {
        match Tree::of(value) {
            Ok(tree) => self.header_tree(name, &tree, explode),
            Err(problem) => self.refuse(format!("header `{name}`: {problem}")),
        }
    }

    fn header_tree(&mut self, name: &str, tree: &Tree, explode: bool) {
        match style::simple(tree, explode, &encoded) {
            Ok(Some(text)) => self.header(name, &text),
            Ok(None) => {}
            Err(problem) => self.refuse(format!("header `{name}`: {problem}")),
        }
    }

    /// Adds a cookie to the request's `Cookie` header: `name=value`, the
    /// value percent-encoded (so that a `;`, `,`, `=` or space stays inside
    /// it); a list is comma-separated (`form` with `explode: false`). None
    /// for `None` or an empty list.
    pub fn cookie(&mut self, name: &str, value: &(impl QueryValue + ?Sized)) {
        let mut texts = Vec::new();
        value.for_each_value(&mut |value| texts.push(encoded(value)));
        if texts.is_empty() {
            return;
        }
        if !self.cookies.is_empty() {
            self.cookies.push_str("; ");
        }
        push_encoded(&mut self.cookies, name);
        self.cookies.push('=');
        self.cookies.push_str(&texts.join(","));
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
                self.headers.insert(CONTENT_TYPE, media_type_value(JSON));
            }
            Err(error) => self.refuse(format!("the body cannot be written as JSON: {error}")),
        }
    }

    /// Sets a JSON body sent as another JSON media type, such as
    /// `application/merge-patch+json`.
    pub fn json_body_as(&mut self, body: &(impl serde::Serialize + ?Sized), media_type: &'static str) {
        self.json_body(body);
        if !self.body.is_empty() {
            self.headers.insert(CONTENT_TYPE, media_type_value(media_type));
        }
    }

    /// Sets a form body (`application/x-www-form-urlencoded`) from a struct:
    /// plain fields are `name=value`, a list repeats its name
    /// (`StatusCallbackEvent=initiated&StatusCallbackEvent=ringing`), an
    /// object's properties are fields of their own; `None` fields are left
    /// out. Names and values are percent-encoded.
    pub fn form_body(&mut self, body: &(impl serde::Serialize + ?Sized)) {
        self.form_body_styled(body, &[]);
    }

    /// Sets a form body whose fields named in `styles` are written in their
    /// style (OpenAPI's `encoding`), the others as [`form_body`](Self::form_body)
    /// writes them.
    pub fn form_body_styled(&mut self, body: &(impl serde::Serialize + ?Sized), styles: &[(&str, Style)]) {
        let written = Tree::of(body).and_then(|tree| {
            let Tree::Object(fields) = tree else { return Err("it is not an object".to_owned()) };
            let mut form = Form(String::new());
            // A space is `+` in a form, as browsers send it; a
            // `spaceDelimited` field's delimiter stays `%20`.
            let encode = |text: &str| encoded(text).replace("%20", "+");
            for (name, value) in &fields {
                let style = styles.iter().find(|(styled, _)| styled == name).map_or(Style::Form, |(_, style)| *style);
                style::write_styled(&mut form, &encode(name), value, style, &encode)?;
            }
            Ok(form.0)
        });
        match written {
            Ok(text) => {
                self.body = text.into_bytes();
                self.headers.insert(CONTENT_TYPE, FORM_VALUE);
            }
            Err(error) => self.refuse(format!("the body cannot be written as a form: {error}")),
        }
    }

    /// Sets a raw body of the given media type.
    pub fn bytes_body(&mut self, body: &[u8], media_type: &'static str) {
        self.body = body.to_vec();
        self.headers.insert(CONTENT_TYPE, media_type_value(media_type));
    }

    /// Sets a multipart body (`multipart/form-data`) and returns it, for the
    /// endpoint to write its parts into, in order.
    pub fn multipart_body(&mut self) -> &mut Multipart {
        let multipart = self.multipart.get_or_insert_with(Multipart::new);
        self.headers.insert(CONTENT_TYPE, multipart.content_type());
        multipart
    }

    /// Adds `name=<the JSON text of value>` to the query, percent-encoded
    /// as any value is (OpenAPI's `content: application/json` parameter).
    pub fn query_json(&mut self, name: &str, value: &(impl serde::Serialize + ?Sized)) {
        match serde_json::to_string(value) {
            Ok(text) => self.query(name, text.as_str()),
            Err(error) => self.refuse(format!("query parameter `{name}` cannot be written as JSON: {error}")),
        }
    }

    /// Sets header `name` to the JSON text of `value`, which may hold no
    /// control character, as any header value.
    pub fn header_json(&mut self, name: &str, value: &(impl serde::Serialize + ?Sized)) {
        match serde_json::to_string(value) {
            Ok(text) => self.header(name, text.as_str()),
            Err(error) => self.refuse(format!("header `{name}` cannot be written as JSON: {error}")),
        }
    }

    /// Says which media type the response is expected in.
    pub fn accept(&mut self, media_type: &'static str) {
        self.headers.insert(ACCEPT, media_type_value(media_type));
    }

    /// Records the first reason the request cannot be sent; building goes on
    /// so that the generated code stays a flat list of calls.
    fn refuse(&mut self, reason: String) {
        self.problem.get_or_insert(reason);
    }

    /// The request to `base_url` joined with the finished path and query, as
    /// an [`http::Request`] (what [`Endpoint::to_request`](crate::Endpoint::to_request)
    /// gives sans-IO users); or why it cannot be sent.
    pub(crate) fn into_request(
        self,
        method: http::Method,
        base_url: &crate::BaseUrl,
    ) -> Result<http::Request<Vec<u8>>, String> {
        let Parts { url, headers, body, multipart } = self.into_parts(base_url)?;
        let body = match multipart {
            Some(multipart) => multipart.into_bytes()?,
            None => body,
        };
        let mut request = http::Request::new(body);
        *request.method_mut() = method;
        // From the `String` itself: the URI keeps its bytes without a copy.
        *request.uri_mut() = http::Uri::try_from(url).map_err(|error| format!("the URL is not valid: {error}"))?;
        *request.headers_mut() = headers;
        Ok(request)
    }

    /// The finished parts with the whole URL as text: `base_url`, the path
    /// and the query, written into one string; or why they cannot be sent.
    ///
    /// The URL is not parsed here: each way of sending parses it once, into
    /// the type it sends (an [`http::Uri`] for [`into_request`](Self::into_request),
    /// a `url::Url` for the clients).
    pub(crate) fn into_parts(self, base_url: &crate::BaseUrl) -> Result<Parts, String> {
        if let Some(problem) = self.problem {
            return Err(problem);
        }
        let mut headers = self.headers;
        if !self.cookies.is_empty() {
            // Checked as any header value is; encoded, the cookies hold no
            // control character.
            let cookies = HeaderValue::try_from(self.cookies)
                .map_err(|_| "the cookies are not a valid header value".to_owned())?;
            headers.insert(http::header::COOKIE, cookies);
        }
        let mut url = self.url;
        if self.has_base {
            debug_assert!(url.starts_with(base_url.as_str()), "built for another base URL");
        } else {
            url.insert_str(0, base_url.as_str());
        }
        Ok(Parts { url, headers, body: self.body, multipart: self.multipart })
    }
}

/// A finished request without its method: the whole URL as text, the
/// headers and the body.
#[derive(Debug)]
pub(crate) struct Parts {
    pub(crate) url: String,
    pub(crate) headers: http::HeaderMap,
    pub(crate) body: Vec<u8>,
    pub(crate) multipart: Option<Multipart>,
}

#[cfg(test)]
mod tests {
    use super::RequestBuilder;
    use crate::Style;

    const BASE: &str = "https://api.example.com/v1";

    /// The path and query that `build` writes, after the base URL.
    fn target(build: impl FnOnce(&mut RequestBuilder)) -> Result<String, String> {
        let mut request = RequestBuilder::new();
        build(&mut request);
        let base = crate::BaseUrl::parse(BASE).unwrap();
        request.into_parts(&base).map(|parts| parts.url.strip_prefix(BASE).unwrap().to_owned())
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
        let base = crate::BaseUrl::parse(BASE).unwrap();
        assert!(request.into_parts(&base).unwrap_err().contains("control character"));
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
        let parts = request.into_parts(&crate::BaseUrl::parse(BASE).unwrap()).unwrap();
        assert_eq!(parts.headers["content-type"], "application/x-www-form-urlencoded");
        assert_eq!(parts.body, b"grant_type=password&username=ada%40example.com%26x%3D1");
    }

    #[test]
    fn path_literals_that_would_need_encoding_are_refused() {
        for literal in ["/items?admin=1", "/items#top", "/a b", "/%2e%2e/", "/caf\u{e9}"] {
            let result = target(|r| r.path_literal(literal));
            assert!(result.unwrap_err().contains("path literal"), "{literal} was accepted");
        }
        assert_eq!(target(|r| r.path_literal("/v1/items:search/@me;x=1")).unwrap(), "/v1/items:search/@me;x=1");
    }

    #[test]
    fn the_url_is_the_base_url_then_the_path_and_query() {
        let base = crate::BaseUrl::parse(BASE).unwrap();
        for mut request in [RequestBuilder::new(), RequestBuilder::for_base(&base)] {
            request.query("q", "a b");
            request.path_literal("/items/");
            request.path_param("id", &7);
            let request = request.into_request(http::Method::GET, &base).unwrap();
            assert_eq!(request.uri(), "https://api.example.com/v1/items/7?q=a%20b");
        }
    }

    #[test]
    fn lists_repeat_the_parameter() {
        assert_eq!(target(|r| r.query("id", &vec![1, 2])).unwrap(), "?id=1&id=2");
    }

    /// The rows of OpenAPI 3.1's style examples table (section 4.8.12.4)
    /// that a query, a header or a cookie can have, for `color` holding
    /// `"blue"`, `["blue", "black", "brown"]` or `{"R": 100, "G": 200,
    /// "B": 150}`.
    mod openapi_style_examples {
        use super::target;
        use crate::Style;
        use crate::request::RequestBuilder;

        #[derive(serde::Serialize)]
        #[allow(non_snake_case, reason = "the properties of the OpenAPI table")]
        struct Rgb {
            R: i32,
            G: i32,
            B: i32,
        }

        const RGB: Rgb = Rgb { R: 100, G: 200, B: 150 };
        const LIST: [&str; 3] = ["blue", "black", "brown"];

        #[test]
        fn form_exploded() {
            assert_eq!(target(|r| r.query("color", "blue")).unwrap(), "?color=blue");
            assert_eq!(target(|r| r.query("color", &LIST[..])).unwrap(), "?color=blue&color=black&color=brown");
            assert_eq!(
                target(|r| r.query_list("color", &LIST[..], Style::Form)).unwrap(),
                "?color=blue&color=black&color=brown"
            );
            assert_eq!(target(|r| r.query_object("color", &RGB, Style::Form)).unwrap(), "?R=100&G=200&B=150");
        }

        #[test]
        fn form_not_exploded() {
            assert_eq!(target(|r| r.query_list("color", "blue", Style::FormJoined)).unwrap(), "?color=blue");
            assert_eq!(
                target(|r| r.query_list("color", &LIST[..], Style::FormJoined)).unwrap(),
                "?color=blue,black,brown"
            );
            assert_eq!(
                target(|r| r.query_object("color", &RGB, Style::FormJoined)).unwrap(),
                "?color=R,100,G,200,B,150"
            );
        }

        #[test]
        fn space_delimited() {
            assert_eq!(
                target(|r| r.query_list("color", &LIST[..], Style::SpaceDelimited)).unwrap(),
                "?color=blue%20black%20brown"
            );
            assert_eq!(
                target(|r| r.query_object("color", &RGB, Style::SpaceDelimited)).unwrap(),
                "?color=R%20100%20G%20200%20B%20150"
            );
        }

        #[test]
        fn pipe_delimited() {
            assert_eq!(
                target(|r| r.query_list("color", &LIST[..], Style::PipeDelimited)).unwrap(),
                "?color=blue|black|brown"
            );
            assert_eq!(
                target(|r| r.query_object("color", &RGB, Style::PipeDelimited)).unwrap(),
                "?color=R|100|G|200|B|150"
            );
        }

        #[test]
        fn deep_object() {
            assert_eq!(
                target(|r| r.query_object("color", &RGB, Style::DeepObject)).unwrap(),
                "?color[R]=100&color[G]=200&color[B]=150"
            );
        }

        fn headers(build: impl FnOnce(&mut RequestBuilder)) -> http::HeaderMap {
            let mut request = RequestBuilder::new();
            build(&mut request);
            request.into_parts(&crate::BaseUrl::parse(super::BASE).unwrap()).unwrap().headers
        }

        #[test]
        fn simple_in_headers() {
            assert_eq!(headers(|r| r.header_list("color", &LIST[..]))["color"], "blue,black,brown");
            assert_eq!(headers(|r| r.header_object("color", &RGB, false))["color"], "R,100,G,200,B,150");
            assert_eq!(headers(|r| r.header_object("color", &RGB, true))["color"], "R=100,G=200,B=150");
        }

        #[test]
        fn cookies_in_one_header() {
            let sent = headers(|r| {
                r.cookie("color", &LIST[..]);
                r.cookie("session", "a b;c=d,e");
                r.cookie("unset", &None::<String>);
            });
            assert_eq!(sent["cookie"], "color=blue,black,brown; session=a%20b%3Bc%3Dd%2Ce");
        }
    }

    #[test]
    fn delimiters_inside_values_stay_inside_them() {
        let hostile = ["a,b", "c|d", "e f", "g&h=i", "#%\u{fc}", "\r\n"];
        for (style, expected) in [
            (Style::FormJoined, "?v=a%2Cb,c%7Cd,e%20f,g%26h%3Di,%23%25%C3%BC,%0D%0A"),
            (Style::PipeDelimited, "?v=a%2Cb|c%7Cd|e%20f|g%26h%3Di|%23%25%C3%BC|%0D%0A"),
            (Style::Form, "?v=a%2Cb&v=c%7Cd&v=e%20f&v=g%26h%3Di&v=%23%25%C3%BC&v=%0D%0A"),
        ] {
            assert_eq!(target(|r| r.query_list("v", &hostile[..], style)).unwrap(), expected);
        }
        let mut object = std::collections::BTreeMap::new();
        object.insert("k]=&", "v[,|");
        assert_eq!(target(|r| r.query_object("f", &object, Style::DeepObject)).unwrap(), "?f[k%5D%3D%26]=v%5B%2C%7C");
        assert_eq!(target(|r| r.query_object("f", &object, Style::FormJoined)).unwrap(), "?f=k%5D%3D%26,v%5B%2C%7C");
        let mut request = RequestBuilder::new();
        request.header_list("x-list", &hostile[..]);
        let parts = request.into_parts(&crate::BaseUrl::parse(BASE).unwrap()).unwrap();
        assert_eq!(parts.headers["x-list"], "a%2Cb,c%7Cd,e%20f,g%26h%3Di,%23%25%C3%BC,%0D%0A");
    }

    #[test]
    fn the_table_s_query_strings_are_valid_uris() {
        let base = crate::BaseUrl::parse(BASE).unwrap();
        let mut request = RequestBuilder::new();
        request.query_list("p", &["a", "b"][..], Style::PipeDelimited);
        let mut object = std::collections::BTreeMap::new();
        object.insert("R", 1);
        request.query_object("color", &object, Style::DeepObject);
        let request = request.into_request(http::Method::GET, &base).unwrap();
        assert_eq!(request.uri().query(), Some("p=a|b&color[R]=1"));
    }

    #[test]
    fn form_bodies_repeat_lists_and_write_styles() {
        #[derive(serde::Serialize)]
        #[allow(non_snake_case, reason = "Twilio's field names")]
        struct Call<'a> {
            To: &'a str,
            StatusCallbackEvent: Vec<&'a str>,
            Tags: Vec<&'a str>,
            Missing: Option<i32>,
        }
        let call = Call {
            To: "+1 555&x=1",
            StatusCallbackEvent: vec!["initiated", "ringing"],
            Tags: vec!["a,b", "c"],
            Missing: None,
        };
        let mut request = RequestBuilder::new();
        request.form_body_styled(&call, &[("Tags", Style::FormJoined)]);
        let parts = request.into_parts(&crate::BaseUrl::parse(BASE).unwrap()).unwrap();
        assert_eq!(
            String::from_utf8(parts.body).unwrap(),
            "To=%2B1+555%26x%3D1&StatusCallbackEvent=initiated&StatusCallbackEvent=ringing&Tags=a%2Cb,c"
        );
    }

    #[test]
    fn form_fields_of_any_type_are_written_as_the_json_value_they_hold() {
        #[derive(serde::Serialize)]
        struct Payment {
            text: crate::JsonValue,
            number: crate::JsonValue,
            list: crate::JsonValue,
            object: crate::JsonValue,
            null: crate::JsonValue,
        }
        let payment = Payment {
            text: serde_json::json!("a b"),
            number: serde_json::json!(2.5),
            list: serde_json::json!([1, true]),
            object: serde_json::json!({ "k": "v" }),
            null: crate::JsonValue::Null,
        };
        let mut request = RequestBuilder::new();
        request.form_body(&payment);
        let parts = request.into_parts(&crate::BaseUrl::parse(BASE).unwrap()).unwrap();
        assert_eq!(String::from_utf8(parts.body).unwrap(), "text=a+b&number=2.5&list=1&list=true&k=v");

        // Form encoding nests one level: deeper data is refused, not mangled.
        let deep = Payment { object: serde_json::json!({ "k": { "deeper": 1 } }), ..payment };
        let mut request = RequestBuilder::new();
        request.form_body(&deep);
        assert!(request.into_parts(&crate::BaseUrl::parse(BASE).unwrap()).is_err());
    }

    #[test]
    fn json_parameters_are_their_json_text_encoded_as_any_value() {
        let base = crate::BaseUrl::parse(BASE).unwrap();
        let mut request = RequestBuilder::new();
        request.query_json("filter", &serde_json::json!({ "name": "a&b=c", "ids": [1, 2] }));
        request.header_json("x-filter", &serde_json::json!({ "k": "v" }));
        let request = request.into_request(http::Method::GET, &base).unwrap();
        assert_eq!(request.uri().query(), Some("filter=%7B%22ids%22%3A%5B1%2C2%5D%2C%22name%22%3A%22a%26b%3Dc%22%7D"));
        assert_eq!(request.headers()["x-filter"], r#"{"k":"v"}"#);

        // A string with a line break is escaped by JSON, so it cannot add a
        // header of its own.
        let mut request = RequestBuilder::new();
        request.header_json("x-filter", "a\r\nX-Evil: 1");
        let request = request.into_request(http::Method::GET, &base).unwrap();
        assert_eq!(request.headers()["x-filter"], r#""a\r\nX-Evil: 1""#);
        assert!(request.headers().get("x-evil").is_none());

        // A map whose keys are not strings has no JSON text: refused.
        let mut request = RequestBuilder::new();
        let mut map = std::collections::BTreeMap::new();
        map.insert(vec![1], 2);
        request.query_json("m", &map);
        assert!(request.into_request(http::Method::GET, &base).is_err());
    }
}
