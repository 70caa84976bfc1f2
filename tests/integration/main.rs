//! endpointgen's integration tests, in one binary.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "a test fails by panicking")]

mod diagnostics;
mod docs;
mod e2e;
mod endpoint_methods;
mod fixtures;
mod generation;
mod hostile_servers;
mod misbehaving_server;
mod openapi;
mod portal;
mod prism;
mod rebuild;
mod robustness;
mod runtime;
mod ui;
