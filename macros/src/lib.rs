//! The `generate!` proc-macro. Use it through the `endpointgen` crate, which
//! re-exports it next to the runtime that the generated code needs.
//!
//! Everything the macro does is in `endpointgen-codegen`, a plain library, so
//! that the macro, build scripts and the CLI produce the same code and tests
//! can call the same function.

/// See `endpointgen::generate!`.
#[proc_macro]
pub fn generate(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    endpointgen_codegen::expand_macro(input.into()).into()
}

/// See `endpointgen::include_client!`.
#[proc_macro]
pub fn include_client(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    endpointgen_codegen::expand_include_client(input.into()).into()
}
