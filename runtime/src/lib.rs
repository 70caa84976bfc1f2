//! Typed HTTP API clients generated from a YAML description of the API.
//!
//! This crate is the one a project depends on. It holds
//!
//! - the [`generate!`] macro, which turns a spec file into Rust types and a
//!   module `endpoints` with one constructor per endpoint, and
//!   [`include_client!`], which includes what a build script wrote with
//!   `endpointgen_codegen::Config`;
//! - the sans-IO [`Endpoint`] trait that every generated endpoint implements:
//!   it builds an [`http::Request`] and decodes an [`http::Response`];
//! - [`Client`], an async transport over reqwest and rustls (feature
//!   `client`, on by default);
//! - [`Error`], which keeps each endpoint's documented errors apart from
//!   everything else that can go wrong;
//! - typed mocks for the tests of code that uses a client (feature `mock`,
//!   module `mock`): expectations given as endpoint values, answered with
//!   their outputs, in process or over loopback (docs/testing.md);
//! - what a server generated from the spec calls (feature `server`, module
//!   `serve`): a trait per API with a method per endpoint, served as an
//!   axum `Router` by `router(implementation)` (docs/testing.md).
//!
//! ```
//! # #[cfg(feature = "macros")] mod portal {
//! endpointgen::generate!(yaml = r#"
//! spec: 1
//! name: portal
//! auth:
//!   customer: { bearer: {} }
//! types:
//!   CoworkerId: { newtype: i64, description: Numeric id of a customer profile. }
//! errors:
//!   NotFound: { status: 404, description: No such profile for this account. }
//! endpoints:
//!   coworkers:
//!     set_current_profile:
//!       summary: Switch Active Profile
//!       method: PUT
//!       path: /api/public/coworkers/profiles/current
//!       auth: customer
//!       query:
//!         coworkerId: CoworkerId
//!       errors: [NotFound]
//! "#);
//! # }
//! # #[cfg(feature = "macros")] {
//! use endpointgen::{BaseUrl, Endpoint};
//! use portal::{CoworkerId, endpoints};
//!
//! // Sans-IO: an endpoint is a value that knows its request.
//! let base = BaseUrl::parse("https://spaces.example.com")?;
//! let request = endpoints::coworkers::set_current_profile(CoworkerId(42)).to_request(&base)?;
//! assert_eq!(request.method(), "PUT");
//! assert_eq!(
//!     request.uri(),
//!     "https://spaces.example.com/api/public/coworkers/profiles/current?coworkerId=42"
//! );
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! With a client, the same value is sent over HTTP:
//!
//! ```no_run
//! # #[cfg(all(feature = "macros", feature = "client"))] mod portal {
//! # endpointgen::generate!(yaml = r#"
//! # spec: 1
//! # name: portal
//! # auth: { customer: { bearer: {} } }
//! # types: { CoworkerId: { newtype: i64 } }
//! # endpoints:
//! #   coworkers:
//! #     set_current_profile:
//! #       method: PUT
//! #       path: /api/public/coworkers/profiles/current
//! #       auth: customer
//! #       query: { coworkerId: CoworkerId }
//! # "#);
//! # }
//! # #[cfg(all(feature = "macros", feature = "client"))]
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use portal::{CoworkerId, endpoints};
//!
//! let client = endpointgen::Client::new("https://spaces.example.com")?.bearer("token");
//! client.send(endpoints::coworkers::set_current_profile(CoworkerId(42))).await?;
//! # Ok(())
//! # }
//! ```

// Code that reads a server's answer must not panic on it: no indexing that
// can be out of bounds (with `unwrap_used`, `expect_used` and `panic` from
// the workspace's lints). Tests index as they like.
#![cfg_attr(not(test), warn(clippy::indexing_slicing, clippy::string_slice))]

pub mod auth;
mod base_url;
#[cfg(feature = "blocking")]
pub mod blocking;
#[cfg(feature = "client")]
mod client;
pub mod dates;
mod decode;
mod endpoint;
mod envelope;
mod error;
#[cfg(feature = "client")]
mod hook;
#[cfg(feature = "mock")]
pub mod mock;
mod multipart;
mod object;
#[cfg(feature = "client")]
mod options;
mod paging;
mod param;
#[cfg(feature = "client")]
mod redirect;
mod request;
mod respond;
mod retry;
#[cfg(feature = "server")]
pub mod serve;
mod server;
mod stream;
mod style;
mod tokens;
#[cfg(feature = "client")]
mod transport;
mod values;

pub use base_url::{BaseUrl, BaseUrlError};
pub use bytes::Bytes;
#[cfg(feature = "client")]
pub use client::{Client, ClientBuilder, ClientError, Sending};
pub use endpoint::Endpoint;
pub use envelope::{Envelope, EnvelopeFields};
pub use error::{
    ApiError, BodyExcerpt, DecodeError, Error, ErrorInfo, InvalidRequest, JsonError, PagingError, PagingReason,
    RedirectError, RedirectReason, Rejection, RequestInfo, TransportError, UnexpectedStatus,
};
#[cfg(feature = "client")]
pub use hook::{Exchange, Hook};
/// The `http` crate, whose request and response types endpoints build and read.
pub use http;
pub use http::{Method, StatusCode};
pub use multipart::{FilePart, FileParts, Multipart};
#[cfg(feature = "client")]
pub use options::RequestOptions;
pub use paging::{Cursor, HasNext, NextPage, PageNumber, Paged, Total};
#[cfg(feature = "client")]
pub use paging::{Items, Pages};
pub use param::{ParamValue, QueryValue};
pub use request::RequestBuilder;
pub use respond::Respond;
pub use retry::RetryPolicy;
/// The JSON value type used for `any` in specs.
pub use serde_json::Value as JsonValue;
pub use server::{Server, ServerError, ServerVariable};
pub use stream::{ByteStream, EventStream, FromByteStream, JsonLines, ResumeFrom, ServerEvent, StreamError};
pub use style::Style;
/// A UUID (`uuid` in a spec), from the `uuid` crate.
pub use uuid::Uuid;
pub use values::{Base64Bytes, ConversionError, Date, DateTime, ParseError};

/// Generates a typed client from a YAML spec, in place.
///
/// `generate!("api-spec/portal.yaml")` reads the file relative to the
/// invoking crate's `Cargo.toml` directory and expands to the spec's types and
/// a module `endpoints` with one submodule per group. Cargo rebuilds the
/// expansion when the file changes. `generate!(yaml = "…")` takes the spec
/// inline, `generate!(openapi = "…")` reads an OpenAPI document. A broken
/// spec is a compile error that names the file, line and column of each
/// problem.
///
/// `generate!("api.yaml", groups = ["bookings", "profile"])` generates only
/// those groups and the types their endpoints use, so that a crate that
/// uses a few groups of a large API compiles only those (the whole spec is
/// still checked). `runtime = "::path"` names the runtime crate for a
/// renamed or re-exported dependency. `strict = true` makes the warnings of
/// an OpenAPI import errors.
///
/// `mocks = true` makes each endpoint implement [`Respond`] (the answer a
/// server sends for its output or one of its documented errors) and the
/// types of its outputs and errors' bodies `Serialize`, which typed mocks
/// need; `server = true` generates a server side too (and implies `mocks`),
/// its inputs also `Deserialize`. Both are off by default, so that a client
/// that does not use them does not compile them.
///
/// # Seeing the expansion
///
/// The items are in no file, so rustdoc's source link and go-to-definition
/// land on the `generate!` line. `expand_to = "target/endpointgen/portal.rs"`
/// (relative to `Cargo.toml`) also writes the expansion to that file,
/// formatted, each time the crate compiles: the same code a build script
/// writes, to read or diff. `endpointgen generate spec.yaml -o portal.rs`
/// writes it without a build. rust-analyzer expands proc-macros, so its
/// completion and hover docs show the generated items and their docs.
#[cfg(feature = "macros")]
pub use endpointgen_macros::generate;

/// Includes a client that a build script generated with
/// `endpointgen_codegen::Config`.
///
/// `mod portal { endpointgen::include_client!("portal"); }` includes
/// `$OUT_DIR/portal.rs`; the name is the spec's `name:` unless the build
/// script chose another file name. In a package without a build script, or
/// with a name the build script did not write, the compile error says so
/// and names the clients it wrote.
#[cfg(feature = "macros")]
pub use endpointgen_macros::include_client;

/// Includes a client that a build script generated with
/// `endpointgen_codegen::Config`.
///
/// `mod portal { endpointgen::include_client!("portal"); }` includes
/// `$OUT_DIR/portal.rs`; the name is the spec's `name:` unless the build
/// script chose another file name. (With the `macros` feature, a mistake
/// gets an error that names the cause.)
#[cfg(not(feature = "macros"))]
#[macro_export]
macro_rules! include_client {
    ($name:literal) => {
        ::core::include!(::core::concat!(::core::env!("OUT_DIR"), "/", $name, ".rs"));
    };
}

/// What generated code refers to. Not a stable API: it changes with the code
/// generator that emits calls into it.
#[doc(hidden)]
pub mod __private {
    pub use crate::decode::{
        decode_bytes, decode_empty, decode_enveloped, decode_enveloped_as, decode_json, decode_json_as,
        decode_optional_enveloped, decode_optional_enveloped_as, decode_optional_json, decode_optional_json_as,
        decode_streamed, deserialize_enum, deserialize_int_enum, deserialize_tagged, error_body, from_json,
        serialize_tagged, status_failed, undeclared_status,
    };
    pub use crate::object::{expecting_object, field_value, read_additional, read_field, read_object, skip_value};
    pub use crate::paging::{has_next, link_next, next_cursor, next_offset, next_page_number, next_url, total};
    pub use crate::respond::{
        ErrorResponse, respond_bytes, respond_bytes_as, respond_empty, respond_empty_as, respond_error,
        respond_error_excerpt, respond_error_json, respond_json, respond_json_as, respond_optional_json,
        respond_optional_json_as,
    };
    pub use crate::values::checked_default;
    pub use serde;
    pub use serde_json;
}
