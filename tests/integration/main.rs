//! endpointgen's integration tests, in one binary.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "a test fails by panicking")]

mod auth;
mod diagnostics;
mod docs;
mod e2e;
mod endpoint_methods;
mod error_messages;
mod fixtures;
mod flattened;
mod generation;
mod golden;
mod hostile_servers;
mod misbehaving_server;
mod multipart;
mod openapi;
mod operations;
mod paging_styles;
mod param_styles;
mod portal;
mod prism;
mod prism_proxy;
mod random_specs;
mod real_documents;
mod rebuild;
mod respond;
mod robustness;
mod runtime;
mod rustfmt;
mod schemas;
mod serve;
mod streams;
mod tokens;
mod ui;
