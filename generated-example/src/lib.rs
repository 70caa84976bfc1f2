//! The Members Portal API client, generated from `api-spec/portal.yaml`
//! (the vendor's API) merged with `api-spec/portal-extras.yaml` (endpoints of
//! our own), twice: by the build script ([`portal`]) and by the `generate!`
//! macro ([`portal_macro`]). Both hold the same items.
//!
//! [`fake_portal`] is an in-process portal server for the demo and the
//! tests; [`login`] signs in to the portal as a token source.

// The generated client has docs on every public item and no panicking path;
// the workspace's lints (pedantic clippy included) check the rest.
#![deny(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

pub mod fake_portal;
pub mod login;

/// The README's "Using the client", whose example rustdoc compiles as a
/// doctest of this crate (the build script copies the section out).
#[cfg(doctest)]
#[doc = include_str!(concat!(env!("OUT_DIR"), "/readme_section.md"))]
pub struct ReadmeUsingTheClient;

/// docs/testing.md's "Typed mocks", whose examples rustdoc runs as doctests
/// of this crate (the build script copies the section out).
#[cfg(doctest)]
#[doc = include_str!(concat!(env!("OUT_DIR"), "/testing_mocks.md"))]
pub struct TestingTypedMocks;

/// docs/testing.md's "A server generated from the spec": its example (a
/// generated server, called by the generated client) runs as a doctest.
#[cfg(doctest)]
#[doc = include_str!(concat!(env!("OUT_DIR"), "/testing_server.md"))]
pub struct TestingGeneratedServer;

/// The portal client from the build script (`build.rs` →
/// `OUT_DIR/portal.rs`).
pub mod portal {
    endpointgen::include_client!("portal");
}

/// The same client with the `server` option (`build.rs` →
/// `OUT_DIR/portal_server.rs`): its `serve` module is what the fake portal
/// implements.
pub mod portal_server {
    endpointgen::include_client!("portal_server");
}

/// The same client, expanded in place by the macro.
pub mod portal_macro {
    endpointgen::generate!("../api-spec/portal.yaml", "../api-spec/portal-extras.yaml");
}

/// Clients that the build script made from OpenAPI documents and from the
/// unions fixture: here so that clippy (pedantic) checks the code of every
/// shape the generator emits, not only the portal's.
pub mod checked {
    /// `api-spec/openapi/bookings-3.1.yaml`.
    pub mod bookings {
        endpointgen::include_client!("bookings_3_1");
    }
    /// `api-spec/openapi/catalog-3.1.json`.
    pub mod catalog {
        endpointgen::include_client!("catalog");
    }
    /// `api-spec/fixtures/valid/unions.yaml`.
    pub mod unions {
        endpointgen::include_client!("unions");
    }
    /// `api-spec/fixtures/valid/everything.yaml` with the `server` option
    /// (which implies `mocks`).
    pub mod everything_server {
        endpointgen::include_client!("everything_server");
    }
}

/// The file the build script wrote, as text: tests compare it with the
/// macro's expansion.
#[doc(hidden)]
pub const BUILD_SCRIPT_OUTPUT: &str = include_str!(concat!(env!("OUT_DIR"), "/portal.rs"));

/// docs/client.md: its examples, which use the portal client above, are
/// compiled as this crate's doctests, so that the page stays true.
#[cfg(doctest)]
#[doc = include_str!("../../docs/client.md")]
pub struct ClientDocs;
