// The generated client is clean under lints that users turn on: docs on
// every public item, no needless qualification, no `pub` that cannot be
// reached. (clippy::pedantic is checked on the build-script output, which
// clippy lints; it does not lint macro output from another crate.)
#![deny(missing_docs, unused_qualifications, unreachable_pub, warnings)]

//! A crate that uses generated clients.

/// Every shape the generator emits.
pub mod everything {
    endpointgen::generate!("specs/valid/everything.yaml");
}

/// The compile-fail cases' spec.
pub mod catalogue {
    endpointgen::generate!("specs/catalogue.yaml");
}

/// Every paging style.
pub mod paging_styles {
    endpointgen::generate!("specs/valid/paging_styles.yaml");
}

/// Names that are keywords or prelude types.
pub mod keywords {
    endpointgen::generate!("specs/valid/keywords.yaml");
}

/// Multipart bodies: text, JSON and file parts.
pub mod multipart {
    endpointgen::generate!("specs/valid/multipart.yaml");
}

/// Unions, named enum values and errors for ranges of statuses.
pub mod unions {
    endpointgen::generate!("specs/valid/unions.yaml");
}

/// An OpenAPI 3.1 document: what the importer makes.
pub mod bookings {
    endpointgen::generate!(openapi = "specs/openapi/bookings-3.1.yaml");
}

/// Another, in JSON.
pub mod catalog {
    endpointgen::generate!(openapi = "specs/openapi/catalog-3.1.json");
}

/// An OpenAPI document with parts that cannot be generated: what is left out
/// leaves nothing unused or dangling behind. (The macro's own warnings,
/// deprecation notes that say what was left out, are allowed.)
#[allow(deprecated, reason = "the macro's warnings, checked by tests/ui/openapi_warnings_denied.rs")]
pub mod unsupported {
    endpointgen::generate!(openapi = "specs/warnings/unsupported.openapi.yaml");
}

/// Oxide's nexus, 193 operations.
pub mod nexus {
    endpointgen::generate!(openapi = "specs/openapi/nexus.json");
}

/// The server side (`server = true`) of every shape, of streams and
/// multipart bodies, and of every way to combine auth schemes.
pub mod servers {
    /// Every shape the generator emits.
    pub mod everything {
        endpointgen::generate!("specs/valid/everything.yaml", server = true);
    }
    /// Streamed answers.
    pub mod streams {
        endpointgen::generate!("specs/valid/streams.yaml", server = true);
    }
    /// Multipart bodies.
    pub mod multipart {
        endpointgen::generate!("specs/valid/multipart.yaml", server = true);
    }
    /// Schemes required together, and choices of schemes.
    pub mod auth {
        endpointgen::generate!("specs/valid/auth_all_at_once.yaml", server = true);
    }
}

fn main() {}
