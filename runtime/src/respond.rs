//! The other side of [`Endpoint::decode`]: the answer a server sends for an
//! endpoint's output or one of its documented errors. Mocks
//! (`endpointgen::mock`) and generated servers (`endpointgen::serve`) write
//! their answers with it, so that what they send is what the client reads.

use bytes::Bytes;

use crate::Endpoint;

/// An endpoint whose answers can be written as the API's server writes them:
/// status, headers (`Content-Type`, headers the output carries) and body
/// (the envelope included, when the endpoint has one).
///
/// Generated for each endpoint when the client is generated with the
/// `mocks` or `server` option (`generate!(…, mocks = true)`,
/// `Config::mocks(true)`, `endpointgen generate --mocks`), which also gives
/// the output and error types the `Serialize` they need. Without it the
/// generated types do not pay for serializing what only the server sends.
///
/// For any `output`, `E::decode(E::respond(&output))` gives back an equal
/// output; for any documented `error`, it gives back [`Error::Api`](crate::Error::Api)
/// with an equal error (a body excerpt keeps its text).
pub trait Respond: Endpoint {
    /// The successful answer carrying `output`.
    fn respond(output: &Self::Output) -> http::Response<Bytes>;

    /// The answer of the documented `error`: its status, and its body (its
    /// typed body as JSON, or the excerpt's text).
    fn respond_error(error: &Self::Error) -> http::Response<Bytes>;
}
