//! What a server generated from a spec (`generate!(…, server = true)`)
//! calls: the other side of [`RequestBuilder`](crate::RequestBuilder).
//! Feature `server`.
//!
//! The generated code is a trait with a method per endpoint and a function
//! `router(implementation) -> axum::Router`; per endpoint it only names the
//! values to read and where. Everything else is here, generic, compiled
//! once: matching the route ([`route`]), reading path, query, header,
//! cookie and body values back from the text a client wrote
//! ([`Incoming`]), the caller's credentials ([`Bearer`], [`ApiKey`],
//! [`Basic`], [`Presented`]), and the answer: the implementation's output or
//! documented error written by [`Respond`], or a [`Problem`] (RFC 9457)
//! for a request that could not be read: 400 naming the parameter and why,
//! 401 for missing credentials (with `WWW-Authenticate` for bearer and
//! Basic schemes), 413 for a body over [`BODY_LIMIT`].
//!
//! Values are read with the types' own `Deserialize` (every generated type
//! has it for JSON), through a deserializer that parses text as the type
//! asks. Read back: path parameters (`simple`), query parameters in every
//! style the client writes (`form` exploded or not, `spaceDelimited`,
//! `pipeDelimited`, `deepObject` at any depth, JSON text), headers
//! (`simple`, exploded or not, JSON text), cookies, and JSON, form, text
//! and bytes bodies. Not read: a `multipart/form-data` body (the
//! implementation gets it as a [`RawBody`] and reads it itself), and a
//! streamed request body (read whole, up to [`BODY_LIMIT`]).

mod credentials;
mod text;

use std::future::Future;
use std::sync::Arc;

use bytes::Bytes;
use http::header::{CONTENT_TYPE, COOKIE, HeaderValue, WWW_AUTHENTICATE};
use http::{StatusCode, request::Parts};
use percent_encoding::percent_decode_str;
use serde::de::DeserializeOwned;

pub use self::credentials::{ApiKey, Basic, Bearer, Credential, CredentialOf, Kind, Presented, Reader};
use self::text::TreeDeserializer;
use crate::respond::ErrorResponse;
use crate::style::{Style, Tree};
use crate::{Endpoint, Respond};

/// The axum crate, whose [`Router`] the generated `router` function returns.
pub use axum;
/// What the generated `router` function returns: serve it with
/// `axum::serve(listener, router)` (axum's `tokio` and `http1` features).
pub use axum::Router;

/// The largest request body read: 2 MiB, axum's own default. A larger one
/// is answered 413.
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// A request as the generated code reads it: its head, its path
/// parameters by their names in the spec, and its body, read whole.
#[derive(Debug)]
pub struct Incoming {
    parts: Parts,
    /// Path parameters, by their names in the spec, percent-decoded.
    path: Vec<(String, String)>,
    body: Bytes,
}

/// A multipart body (or another the generated server does not read), for
/// the implementation to read: its `Content-Type` (with the boundary) and
/// its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawBody {
    /// The `Content-Type` header, if the request had one.
    pub content_type: Option<String>,
    /// The body.
    pub bytes: Bytes,
}

/// An answer for a request that could not be read (RFC 9457, `application/problem+json`):
/// a 400 that names the parameter and says why, a 401 for missing
/// credentials, a 413 for a body too large.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    status: StatusCode,
    detail: String,
    /// Where: `("query", "coworkerId")`, `("body", "")`.
    parameter: Option<(&'static str, String)>,
    /// The `WWW-Authenticate` challenge of a 401.
    challenge: Option<&'static str>,
}

impl Problem {
    /// A 400 for the parameter `name` in `place` (`path`, `query`,
    /// `header`, `cookie`, `body`).
    #[must_use]
    pub fn bad_request(place: &'static str, name: &str, why: &str) -> Self {
        let detail =
            if name.is_empty() { format!("{place}: {why}") } else { format!("{place} parameter `{name}`: {why}") };
        Self { status: StatusCode::BAD_REQUEST, detail, parameter: Some((place, name.to_owned())), challenge: None }
    }

    pub(crate) fn unauthorized(challenge: Option<&'static str>, why: &str) -> Self {
        Self { status: StatusCode::UNAUTHORIZED, detail: why.to_owned(), parameter: None, challenge }
    }

    /// The status: 400, 401, 404 or 413.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// What was wrong, as the body's `detail` says it.
    #[must_use]
    pub fn detail(&self) -> &str {
        &self.detail
    }

    /// The answer: `{"type": "about:blank", "title", "status", "detail"}`,
    /// and for a parameter `"parameter": {"in", "name"}`.
    #[must_use]
    pub fn into_response(self) -> http::Response<Bytes> {
        let mut body = serde_json::json!({
            "type": "about:blank",
            "title": self.status.canonical_reason().unwrap_or("Error"),
            "status": self.status.as_u16(),
            "detail": self.detail,
        });
        if let (Some((place, name)), Some(object)) = (self.parameter, body.as_object_mut()) {
            object.insert("parameter".to_owned(), serde_json::json!({ "in": place, "name": name }));
        }
        let mut response = http::Response::new(Bytes::from(body.to_string()));
        *response.status_mut() = self.status;
        response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        if let Some(challenge) = self.challenge {
            response.headers_mut().insert(WWW_AUTHENTICATE, HeaderValue::from_static(challenge));
        }
        response
    }
}

/// What the code generated for an endpoint gives back: the
/// implementation's answer, or a request it could not read.
pub type Outcome<E> = Result<Result<<E as Endpoint>::Output, <E as Endpoint>::Error>, Problem>;

/// Adds endpoint `E`'s route to `router`: its method and path (`E::PATH`,
/// whose parameters become axum's `{…}` captures), answered by `handle`
/// with the request read ([`Incoming`]) and `implementation`.
///
/// A path parameter that is part of a segment (`/files/{name}.json`) is
/// matched by the runtime within the segment, as axum matches whole
/// segments only; parameters are captured by position, so that two
/// endpoints with one path shape and different parameter names (`GET
/// /items/{id}`, `DELETE /items/{itemId}`) share a route.
///
/// # Panics
///
/// As [`Router::route`]: for a method and path shape that another endpoint
/// has (a spec's validation rejects them), or a method axum cannot route
/// (not one of HTTP's nine).
pub fn route<E, S, F, Fut>(router: Router, implementation: &Arc<S>, handle: F) -> Router
where
    E: Respond + 'static,
    S: Send + Sync + 'static,
    F: Fn(Arc<S>, Incoming) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Outcome<E>> + Send + 'static,
{
    add_route::<E, _, _, _, _>(router, implementation, handle, |answer| match answer {
        Ok(output) => E::respond(&output).map(axum::body::Body::from),
        Err(error) => E::respond_error(&error).map(axum::body::Body::from),
    })
}

/// [`route`] for a streamed endpoint (`stream: true`, JSON lines, events),
/// whose output the implementation gives as a body that may still be
/// arriving ([`StreamedBody`]): the client reads it as it arrives.
///
/// # Panics
///
/// As [`route`].
pub fn route_streamed<E, S, F, Fut>(router: Router, implementation: &Arc<S>, handle: F) -> Router
where
    E: Endpoint + 'static,
    E::Error: ErrorResponse,
    S: Send + Sync + 'static,
    F: Fn(Arc<S>, Incoming) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<Result<StreamedBody, E::Error>, Problem>> + Send + 'static,
{
    add_route::<E, _, _, _, _>(router, implementation, handle, |answer| match answer {
        Ok(streamed) => streamed.into_response(),
        Err(error) => error.error_response().map(axum::body::Body::from),
    })
}

/// The output of a streamed endpoint: a body (`axum::body::Body::from_stream`
/// for one still being written) and its media type
/// (`application/x-ndjson`, `text/event-stream`, …), answered 200.
#[derive(Debug)]
pub struct StreamedBody {
    content_type: &'static str,
    body: axum::body::Body,
}

impl StreamedBody {
    /// A body of `content_type`.
    pub fn new(content_type: &'static str, body: impl Into<axum::body::Body>) -> Self {
        Self { content_type, body: body.into() }
    }

    fn into_response(self) -> http::Response<axum::body::Body> {
        let mut response = http::Response::new(self.body);
        if let Ok(value) = HeaderValue::from_str(self.content_type) {
            response.headers_mut().insert(CONTENT_TYPE, value);
        }
        response
    }
}

#[expect(clippy::panic, reason = "a route that axum cannot take is a bug of the spec's validation, found at startup")]
fn add_route<E, S, F, Fut, O: 'static>(
    router: Router,
    implementation: &Arc<S>,
    handle: F,
    answer: fn(Result<O, E::Error>) -> http::Response<axum::body::Body>,
) -> Router
where
    E: Endpoint + 'static,
    S: Send + Sync + 'static,
    F: Fn(Arc<S>, Incoming) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<Result<O, E::Error>, Problem>> + Send + 'static,
{
    let Ok(filter) = axum::routing::MethodFilter::try_from(E::METHOD) else {
        panic!("axum cannot route the method of `{} {}`", E::METHOD, E::PATH);
    };
    let (axum_path, segments) = axum_path(E::PATH);
    let implementation = Arc::clone(implementation);
    let segments = Arc::new(segments);
    let handler = move |captured: axum::extract::RawPathParams, request: axum::extract::Request| {
        let (implementation, handle, segments) = (Arc::clone(&implementation), handle.clone(), Arc::clone(&segments));
        async move {
            match Incoming::read(&captured, &segments, request).await {
                Ok(incoming) => match handle(implementation, incoming).await {
                    Ok(outcome) => answer(outcome),
                    Err(problem) => problem.into_response().map(axum::body::Body::from),
                },
                Err(problem) => problem.into_response().map(axum::body::Body::from),
            }
        }
    };
    router.route(&axum_path, axum::routing::on(filter, handler))
}

/// A segment of a path template with parameters in it: its capture's
/// name, and its pieces.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Segment {
    capture: String,
    pieces: Vec<Piece>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Literal(String),
    Param(String),
}

/// The axum path of a template (`/items/{id}` → `/items/{__0}`, captures
/// named by segment), and the segments with parameters.
fn axum_path(template: &str) -> (String, Vec<Segment>) {
    let mut segments = Vec::new();
    // Query parameters written into the path (`/responses?beta=true`) are
    // no part of the route.
    let path_only = template.split('?').next().unwrap_or(template);
    let path: Vec<String> = path_only
        .split('/')
        .enumerate()
        .map(|(index, segment)| {
            if !segment.contains('{') {
                return segment.to_owned();
            }
            let capture = format!("__{index}");
            let mut pieces = Vec::new();
            let mut rest = segment;
            while let Some(open) = rest.find('{') {
                let (literal, after) = rest.split_at(open);
                if !literal.is_empty() {
                    pieces.push(Piece::Literal(literal.to_owned()));
                }
                let close = after.find('}').unwrap_or(after.len());
                pieces.push(Piece::Param(after.get(1..close).unwrap_or_default().to_owned()));
                rest = after.get(close + 1..).unwrap_or_default();
            }
            if !rest.is_empty() {
                pieces.push(Piece::Literal(rest.to_owned()));
            }
            let axum_segment = format!("{{{capture}}}");
            segments.push(Segment { capture, pieces });
            axum_segment
        })
        .collect();
    (path.join("/"), segments)
}

/// The parameters of a captured segment, by matching its pieces: a
/// parameter runs to the next literal's first occurrence (or the end).
/// `None` when the literals are not there.
fn match_segment(pieces: &[Piece], mut text: &str) -> Option<Vec<(String, String)>> {
    let mut params = Vec::new();
    let mut iter = pieces.iter().peekable();
    while let Some(piece) = iter.next() {
        match piece {
            Piece::Literal(literal) => text = text.strip_prefix(literal.as_str())?,
            Piece::Param(name) => {
                let end = match iter.peek() {
                    Some(Piece::Literal(next)) => text.find(next.as_str())?,
                    _ => text.len(),
                };
                let (value, rest) = text.split_at(end);
                params.push((name.clone(), value.to_owned()));
                text = rest;
            }
        }
    }
    text.is_empty().then_some(params)
}

/// `text` percent-decoded; with `plus`, `+` is a space first (forms and
/// query strings as browsers write them; the client writes a space as
/// `%20` and a `+` as `%2B`, so either reading gives its values back).
fn decoded(text: &str, plus: bool) -> Result<String, String> {
    let text = if plus { std::borrow::Cow::Owned(text.replace('+', " ")) } else { std::borrow::Cow::Borrowed(text) };
    percent_decode_str(&text)
        .decode_utf8()
        .map(std::borrow::Cow::into_owned)
        .map_err(|_| "it is not UTF-8 text once percent-decoded".to_owned())
}

/// The `name=value` pairs of a query string or form body, names decoded,
/// values as written (a joined list is split before its elements are
/// decoded, so that an encoded delimiter stays inside its element).
fn raw_pairs(text: &str) -> impl Iterator<Item = (String, &str)> {
    text.split('&').filter(|pair| !pair.is_empty()).map(|pair| {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        (decoded(name, true).unwrap_or_else(|_| name.to_owned()), value)
    })
}

/// The values of a parameter in `style`, from the texts given for it, as a
/// tree: nothing is `Null`, one value a scalar, several a list; a joined
/// list is split at its delimiter.
fn styled(values: &[&str], style: Style) -> Result<Tree, String> {
    let delimiter: &[&str] = match style {
        Style::Form | Style::DeepObject => {
            let mut trees =
                values.iter().map(|value| decoded(value, true).map(Tree::Scalar)).collect::<Result<Vec<_>, _>>()?;
            return Ok(match trees.len() {
                0 => Tree::Null,
                1 => trees.pop().unwrap_or(Tree::Null),
                _ => Tree::List(trees),
            });
        }
        Style::FormJoined => &[","],
        Style::SpaceDelimited => &["%20", "+"],
        Style::PipeDelimited => &["|"],
    };
    match values {
        [] => Ok(Tree::Null),
        // A `+` in an element is a space written by a form (the client
        // writes a `+` of a value as `%2B`).
        [value] => Ok(Tree::List(
            split(value, delimiter).map(|item| decoded(item, true).map(Tree::Scalar)).collect::<Result<_, _>>()?,
        )),
        _ => Err(format!("it is given {} times; its style has all values in one", values.len())),
    }
}

fn split<'t>(text: &'t str, delimiters: &'t [&'t str]) -> impl Iterator<Item = &'t str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        let next =
            delimiters.iter().filter_map(|delimiter| current.find(delimiter).map(|at| (at, delimiter.len()))).min();
        match next {
            Some((at, len)) => {
                rest = current.get(at + len..);
                current.get(..at)
            }
            None => {
                rest = None;
                Some(current)
            }
        }
    })
}

/// Key and value pairs (`R,100,G,200`), as an object.
fn pairs_to_object(items: Vec<Tree>) -> Result<Tree, String> {
    if !items.len().is_multiple_of(2) {
        return Err("its keys and values do not pair up".to_owned());
    }
    let mut entries = Vec::new();
    let mut iter = items.into_iter();
    while let (Some(Tree::Scalar(key)), Some(value)) = (iter.next(), iter.next()) {
        entries.push((key, value));
    }
    Ok(Tree::Object(entries))
}

/// Adds `value` at `keys` (`["tags", "0"]` of `filter[tags][0]`) into an
/// object tree.
fn insert_deep(entries: &mut Vec<(String, Tree)>, keys: &[String], value: Tree) -> Result<(), String> {
    let Some((key, rest)) = keys.split_first() else { return Ok(()) };
    let position = entries.iter().position(|(name, _)| name == key);
    if rest.is_empty() {
        return match position {
            None => {
                entries.push((key.clone(), value));
                Ok(())
            }
            Some(_) => Err(format!("`[{key}]` is given twice")),
        };
    }
    let index = position.unwrap_or_else(|| {
        entries.push((key.clone(), Tree::Object(Vec::new())));
        entries.len() - 1
    });
    match entries.get_mut(index) {
        Some((_, Tree::Object(inner))) => insert_deep(inner, rest, value),
        _ => Err(format!("`[{key}]` is both a value and an object")),
    }
}

/// The keys of `name[a][b]` after `name`: `["a", "b"]`; `None` for another
/// parameter.
fn deep_keys(pair_name: &str, name: &str) -> Option<Vec<String>> {
    let mut rest = pair_name.strip_prefix(name)?;
    let mut keys = Vec::new();
    while !rest.is_empty() {
        let inner = rest.strip_prefix('[')?;
        let close = inner.find(']')?;
        keys.push(inner.get(..close)?.to_owned());
        rest = inner.get(close + 1..)?;
    }
    (!keys.is_empty()).then_some(keys)
}

fn deserialize<T: DeserializeOwned>(tree: Tree) -> Result<T, String> {
    T::deserialize(TreeDeserializer(tree)).map_err(|error| error.to_string())
}

impl Incoming {
    async fn read(
        captured: &axum::extract::RawPathParams,
        segments: &[Segment],
        request: axum::extract::Request,
    ) -> Result<Self, Problem> {
        let mut path = Vec::new();
        for segment in segments {
            let text = captured.iter().find(|(name, _)| *name == segment.capture).map_or("", |(_, value)| value);
            let params = match_segment(&segment.pieces, text).ok_or_else(|| Problem {
                status: StatusCode::NOT_FOUND,
                detail: "no such path".to_owned(),
                parameter: None,
                challenge: None,
            })?;
            path.extend(params);
        }
        let (parts, body) = request.into_parts();
        let body = axum::body::to_bytes(body, BODY_LIMIT).await.map_err(|_| Problem {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            detail: format!("the body is over {BODY_LIMIT} bytes, or could not be read"),
            parameter: None,
            challenge: None,
        })?;
        Ok(Self { parts, path, body })
    }

    /// A request made of its parts, for tests of generated code without a
    /// server.
    #[must_use]
    pub fn new(request: http::Request<Bytes>, path: Vec<(String, String)>) -> Self {
        let (parts, body) = request.into_parts();
        Self { parts, path, body }
    }

    /// The request's head: method, URI, headers.
    #[must_use]
    pub fn parts(&self) -> &Parts {
        &self.parts
    }

    fn query_string(&self) -> &str {
        self.parts.uri.query().unwrap_or_default()
    }

    /// The values given for the query parameter `name`, as written.
    fn query_values(&self, name: &str) -> Vec<&str> {
        raw_pairs(self.query_string()).filter(|(pair_name, _)| pair_name == name).map(|(_, value)| value).collect()
    }

    /// The one text of the query parameter `name`, decoded (an API key).
    pub(crate) fn query_text(&self, name: &str) -> Result<Option<String>, Problem> {
        self.query_values(name)
            .first()
            .map(|value| decoded(value, true))
            .transpose()
            .map_err(|why| Problem::bad_request("query", name, &why))
    }

    /// The cookie `name`'s value, decoded.
    pub(crate) fn cookie_text(&self, name: &str) -> Result<Option<String>, Problem> {
        for header in self.parts.headers.get_all(COOKIE) {
            let Ok(header) = header.to_str() else { continue };
            for cookie in header.split(';') {
                let (cookie_name, value) = cookie.trim().split_once('=').unwrap_or((cookie.trim(), ""));
                if cookie_name == name {
                    return decoded(value, false).map(Some).map_err(|why| Problem::bad_request("cookie", name, &why));
                }
            }
        }
        Ok(None)
    }

    /// The path parameter `name` (`simple` style: a list is
    /// comma-separated).
    ///
    /// # Errors
    ///
    /// A 400 problem naming the parameter.
    pub fn path<T: DeserializeOwned>(&self, name: &str) -> Result<T, Problem> {
        let text = self.path.iter().find(|(param, _)| param == name).map(|(_, value)| value.as_str());
        let tree = match text {
            None => Tree::Null,
            Some(text) if text.contains(',') => {
                // A list is comma-separated, but axum hands the value over
                // percent-decoded, so a comma may as well be part of one
                // value (`Smith%2C%20John`): a list if `T` reads one, else
                // the value whole.
                let list = Tree::List(text.split(',').map(|item| Tree::Scalar(item.to_owned())).collect());
                if let Ok(value) = deserialize(list) {
                    return Ok(value);
                }
                Tree::Scalar(text.to_owned())
            }
            Some(text) => Tree::Scalar(text.to_owned()),
        };
        deserialize(tree).map_err(|why| Problem::bad_request("path", name, &why))
    }

    /// The query parameter `name`, a plain value or a list, in `style`:
    /// `T` is an `Option` for an optional one.
    ///
    /// # Errors
    ///
    /// A 400 problem naming the parameter: missing, given twice, or not a
    /// value of its type.
    pub fn query<T: DeserializeOwned>(&self, name: &str, style: Style) -> Result<T, Problem> {
        styled(&self.query_values(name), style)
            .and_then(deserialize)
            .map_err(|why| Problem::bad_request("query", name, &why))
    }

    /// The query parameter `name` holding an object in `style`: its
    /// properties as parameters of their own (`form`), `name[key]`
    /// (`deepObject`, at any depth), or joined into one value.
    ///
    /// # Errors
    ///
    /// As [`query`](Self::query).
    pub fn query_object<T: DeserializeOwned>(&self, name: &str, style: Style) -> Result<T, Problem> {
        let tree = match style {
            Style::Form => {
                // Every parameter is a candidate property: the struct
                // skips those that are none of its fields.
                let mut entries: Vec<(String, Vec<&str>)> = Vec::new();
                for (pair_name, value) in raw_pairs(self.query_string()) {
                    match entries.iter_mut().find(|(entry, _)| *entry == pair_name) {
                        Some((_, values)) => values.push(value),
                        None => entries.push((pair_name, vec![value])),
                    }
                }
                entries
                    .into_iter()
                    .map(|(key, values)| styled(&values, Style::Form).map(|tree| (key, tree)))
                    .collect::<Result<Vec<_>, _>>()
                    .map(|entries| if entries.is_empty() { Tree::Null } else { Tree::Object(entries) })
            }
            Style::DeepObject => {
                let mut entries = Vec::new();
                let mut result = Ok(());
                for (pair_name, value) in raw_pairs(self.query_string()) {
                    let Some(keys) = deep_keys(&pair_name, name) else { continue };
                    result = result.and_then(|()| {
                        let value = decoded(value, true)?;
                        insert_deep(&mut entries, &keys, Tree::Scalar(value))
                    });
                }
                result.map(|()| if entries.is_empty() { Tree::Null } else { Tree::Object(entries) })
            }
            joined => styled(&self.query_values(name), joined).and_then(|tree| match tree {
                Tree::List(items) => pairs_to_object(items),
                other => Ok(other),
            }),
        };
        tree.and_then(deserialize).map_err(|why| Problem::bad_request("query", name, &why))
    }

    /// The query parameter `name` sent as JSON text (`content: json`).
    ///
    /// # Errors
    ///
    /// As [`query`](Self::query).
    pub fn query_json<T: DeserializeOwned>(&self, name: &str) -> Result<T, Problem> {
        let values = self.query_values(name);
        json_text(&values, true).map_err(|why| Problem::bad_request("query", name, &why))
    }

    fn header_values(&self, name: &str) -> Result<Vec<&str>, Problem> {
        self.parts
            .headers
            .get_all(name)
            .iter()
            .map(|value| {
                value.to_str().map_err(|_| Problem::bad_request("header", name, "it is not visible ASCII text"))
            })
            .collect()
    }

    /// The header `name` holding a plain value (several for a list sent as
    /// several headers).
    ///
    /// # Errors
    ///
    /// A 400 problem naming the header.
    pub fn header<T: DeserializeOwned>(&self, name: &str) -> Result<T, Problem> {
        let values = self.header_values(name)?;
        let tree = match values.as_slice() {
            [] => Tree::Null,
            [value] => Tree::Scalar((*value).to_owned()),
            values => Tree::List(values.iter().map(|value| Tree::Scalar((*value).to_owned())).collect()),
        };
        deserialize(tree).map_err(|why| Problem::bad_request("header", name, &why))
    }

    /// The header `name` holding a list (`simple`: comma-separated, each
    /// element percent-encoded) or an object (`R,100,G,200`; with
    /// `explode`, `R=100,G=200`).
    ///
    /// # Errors
    ///
    /// A 400 problem naming the header.
    pub fn header_styled<T: DeserializeOwned>(&self, name: &str, object: bool, explode: bool) -> Result<T, Problem> {
        let values = self.header_values(name)?;
        let tree = match values.as_slice() {
            [] => Ok(Tree::Null),
            [value] => {
                let items: Result<Vec<String>, String> =
                    value.split(',').map(|item| decoded(item.trim(), false)).collect();
                items.and_then(|items| match (object, explode) {
                    (false, _) => Ok(Tree::List(items.into_iter().map(Tree::Scalar).collect())),
                    (true, false) => pairs_to_object(items.into_iter().map(Tree::Scalar).collect()),
                    (true, true) => items
                        .into_iter()
                        .map(|item| match item.split_once('=') {
                            Some((key, value)) => Ok((key.to_owned(), Tree::Scalar(value.to_owned()))),
                            None => Err(format!("`{item}` is not `key=value`")),
                        })
                        .collect::<Result<Vec<_>, _>>()
                        .map(Tree::Object),
                })
            }
            _ => Err("it is given more than once".to_owned()),
        };
        tree.and_then(deserialize).map_err(|why| Problem::bad_request("header", name, &why))
    }

    /// The header `name` sent as JSON text.
    ///
    /// # Errors
    ///
    /// A 400 problem naming the header.
    pub fn header_json<T: DeserializeOwned>(&self, name: &str) -> Result<T, Problem> {
        let values = self.header_values(name)?;
        json_text(&values, false).map_err(|why| Problem::bad_request("header", name, &why))
    }

    /// The cookie `name` (a list is comma-separated).
    ///
    /// # Errors
    ///
    /// A 400 problem naming the cookie.
    pub fn cookie<T: DeserializeOwned>(&self, name: &str) -> Result<T, Problem> {
        let mut raw = None;
        for header in self.parts.headers.get_all(COOKIE) {
            let Ok(header) = header.to_str() else { continue };
            for cookie in header.split(';') {
                if let Some((cookie_name, value)) = cookie.trim().split_once('=')
                    && cookie_name == name
                {
                    raw = Some(value.to_owned());
                }
            }
        }
        let tree = match raw {
            None => Ok(Tree::Null),
            Some(raw) => {
                let items: Result<Vec<Tree>, String> =
                    raw.split(',').map(|item| decoded(item, false).map(Tree::Scalar)).collect();
                items.map(
                    |mut items| if items.len() == 1 { items.pop().unwrap_or(Tree::Null) } else { Tree::List(items) },
                )
            }
        };
        tree.and_then(deserialize).map_err(|why| Problem::bad_request("cookie", name, &why))
    }

    /// The body as JSON; an empty body is absent (`None` for an optional
    /// body).
    ///
    /// # Errors
    ///
    /// A 400 problem saying where in the body it did not decode.
    pub fn json_body<T: DeserializeOwned>(&self) -> Result<T, Problem> {
        if self.body.is_empty() {
            return deserialize(Tree::Null).map_err(|why| Problem::bad_request("body", "", &why));
        }
        let mut reader = serde_json::Deserializer::from_slice(&self.body);
        serde_path_to_error::deserialize(&mut reader)
            .map_err(|error| {
                let path = error.path().to_string();
                let why = error.into_inner().to_string();
                if path == "." { why } else { format!("{path}: {why}") }
            })
            .map_err(|why| Problem::bad_request("body", "", &why))
    }

    /// The body as a form (`application/x-www-form-urlencoded`): a field
    /// given several times is a list; fields named in `styles` are read in
    /// their style (`deepObject` ones as `field[key]`).
    ///
    /// # Errors
    ///
    /// A 400 problem naming the field.
    pub fn form_body<T: DeserializeOwned>(&self, styles: &[(&str, Style)]) -> Result<T, Problem> {
        if self.body.is_empty() {
            return deserialize(Tree::Null).map_err(|why| Problem::bad_request("body", "", &why));
        }
        let text =
            std::str::from_utf8(&self.body).map_err(|_| Problem::bad_request("body", "", "the form is not UTF-8"))?;
        let mut fields: Vec<(String, Vec<&str>)> = Vec::new();
        let mut deep: Vec<(String, Tree)> = Vec::new();
        for (name, value) in raw_pairs(text) {
            if let Some((field, keys)) = styles
                .iter()
                .filter(|(_, style)| *style == Style::DeepObject)
                .find_map(|(field, _)| deep_keys(&name, field).map(|keys| (*field, keys)))
            {
                let value = decoded(value, true).map_err(|why| Problem::bad_request("body", field, &why))?;
                let mut path = vec![field.to_owned()];
                path.extend(keys);
                insert_deep(&mut deep, &path, Tree::Scalar(value))
                    .map_err(|why| Problem::bad_request("body", field, &why))?;
                continue;
            }
            match fields.iter_mut().find(|(field, _)| *field == name) {
                Some((_, values)) => values.push(value),
                None => fields.push((name, vec![value])),
            }
        }
        let mut entries = deep;
        for (name, values) in fields {
            let style = styles.iter().find(|(field, _)| *field == name).map_or(Style::Form, |(_, style)| *style);
            let tree = styled(&values, style).map_err(|why| Problem::bad_request("body", &name, &why))?;
            entries.push((name, tree));
        }
        deserialize(Tree::Object(entries)).map_err(|why| Problem::bad_request("body", "", &why))
    }

    /// The body's bytes (a raw body of any media type).
    #[must_use]
    pub fn bytes_body(&self) -> Vec<u8> {
        self.body.to_vec()
    }

    /// An optional raw body: `None` when empty.
    #[must_use]
    pub fn optional_bytes_body(&self) -> Option<Vec<u8>> {
        (!self.body.is_empty()).then(|| self.body.to_vec())
    }

    /// The body and its `Content-Type`, for the implementation to read (a
    /// multipart body).
    #[must_use]
    pub fn raw_body(&self) -> RawBody {
        let content_type =
            self.parts.headers.get(CONTENT_TYPE).and_then(|value| value.to_str().ok()).map(str::to_owned);
        RawBody { content_type, bytes: self.body.clone() }
    }
}

/// A parameter sent as JSON text: absent, or one text.
fn json_text<T: DeserializeOwned>(values: &[&str], encoded: bool) -> Result<T, String> {
    match values {
        [] => deserialize(Tree::Null),
        [value] => {
            let text = if encoded { decoded(value, true)? } else { (*value).to_owned() };
            serde_json::from_str(&text).map_err(|error| error.to_string())
        }
        _ => Err(format!("it is given {} times", values.len())),
    }
}

#[cfg(test)]
mod tests;
