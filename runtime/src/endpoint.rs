use bytes::Bytes;
use http::Method;

use crate::error::{ApiError, Error, RequestInfo};
use crate::{BaseUrl, RequestBuilder, Server, auth};

/// One call of an API, as a value: which request to send and how to read the
/// response. Generated for every endpoint of a spec.
///
/// Endpoints are sans-IO: [`to_request`](Self::to_request) builds an
/// [`http::Request`] and [`decode`](Self::decode) reads an [`http::Response`],
/// so any HTTP stack can send them. [`Client`](crate::Client) is the one this
/// crate ships.
pub trait Endpoint {
    /// What a successful response decodes to.
    type Output;
    /// The endpoint's documented errors.
    type Error: ApiError;
    /// The credentials the endpoint needs: [`auth::Public`],
    /// [`auth::Required`] or [`auth::Optional`].
    type Auth: auth::Requirement;

    /// The HTTP method.
    const METHOD: Method;
    /// The path template from the spec, such as `/api/public/bookings/{id}`.
    const PATH: &'static str;
    /// The server the endpoint is sent to instead of the client's base URL,
    /// when the spec gives it one of its own (Box's uploads go to
    /// `upload.box.com`). [`to_request`](Self::to_request) does not look at
    /// it: give it the server's URL as the base URL.
    const SERVER: Option<Server> = None;

    /// Writes the path, query, headers and body into `request`.
    fn write_request(&self, request: &mut RequestBuilder);

    /// Decodes a response to this endpoint's request.
    ///
    /// # Errors
    ///
    /// A documented error status, an undocumented one, an envelope that
    /// reports failure, or a body that does not match the spec.
    fn decode(response: http::Response<Bytes>) -> Result<Self::Output, Error<Self::Error>>;

    /// Whether a successful answer is a stream (`stream: true`, JSON
    /// lines, Server-Sent Events): the clients then hand its body, still
    /// arriving, to [`decode_stream`](Self::decode_stream) rather than read
    /// it whole. Error answers are read whole and go to
    /// [`decode`](Self::decode) either way.
    const STREAMED: bool = false;

    /// Decodes a successful answer of a [streamed](Self::STREAMED)
    /// endpoint, whose body is still arriving.
    ///
    /// # Errors
    ///
    /// For an endpoint that is not streamed (the clients never call this
    /// for one), [`Error::Transport`] saying so.
    fn decode_stream(response: http::Response<crate::ByteStream>) -> Result<Self::Output, Error<Self::Error>> {
        drop(response);
        Err(Error::Transport(Box::new(crate::TransportError {
            request: Self::info(),
            message: "the endpoint's answers are not streamed: decode them whole with `Endpoint::decode`".to_owned(),
            timeout: false,
            source: None,
        })))
    }

    /// The request to send, without credentials (the client adds them), for
    /// sending with any HTTP stack.
    ///
    /// [`Client`](crate::Client) does not call this: it builds a
    /// `reqwest::Request` from the same [`write_request`](Self::write_request),
    /// parsing the URL once as the `url::Url` reqwest sends rather than as an
    /// [`http::Uri`] first ([`Client::build_request`](crate::Client::build_request)).
    /// The two requests have the same method, URL, headers and body; an
    /// implementation that overrides this method does not change what
    /// `Client` sends.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] when a value cannot be sent safely.
    fn to_request(&self, base_url: &BaseUrl) -> Result<http::Request<Vec<u8>>, Error<Self::Error>> {
        let mut parts = RequestBuilder::for_base(base_url);
        self.write_request(&mut parts);
        // The rest does not depend on the endpoint: compiled once.
        parts.into_request(Self::METHOD, base_url).map_err(|reason| Error::invalid_request(Self::info(), reason))
    }

    /// The method and path template, as errors and logs show them.
    #[must_use]
    fn info() -> RequestInfo {
        RequestInfo { method: Self::METHOD, path: Self::PATH }
    }
}
