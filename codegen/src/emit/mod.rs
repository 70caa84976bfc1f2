//! IR → Rust code (tokens as text: see `code.rs`). The output refers to the runtime only through fully
//! qualified paths under a configurable root (`::endpointgen` by default), and
//! to std items as `::core::…`/`::std::…`, so that it compiles whatever names
//! the user's module has in scope.
//!
//! Per endpoint it emits a constructor, a struct, a small `Endpoint` impl
//! whose bodies are calls into generic runtime functions, and its error
//! type: an enum, shared by the endpoints that document the same errors.
//! What compiles slowest (decoding, status dispatch) is compiled once, in
//! the runtime.

mod docs;
mod endpoints;
mod errors;
mod paging;
mod respond;
mod types;

pub(crate) use docs::visible;

use std::fmt::Write as _;

use crate::code::{Code, Ident, code};

use crate::ident;
use crate::ir::{Api, AuthKind, Builtin, KeyPlace, Ty};
use crate::passes::Sides;

/// How to refer to the runtime from generated code.
pub(crate) struct Runtime {
    /// The path, such as `::endpointgen`.
    path: Code,
    /// The same, as the string serde's `crate = "…"` attribute wants.
    serde_crate: String,
}

impl Runtime {
    pub(crate) fn new(path: &str) -> Result<Self, String> {
        crate::check_runtime_path(path)?;
        Ok(Self { path: Code::path(path), serde_crate: format!("{path}::__private::serde") })
    }
}

/// All items of the client: the spec's types (those that `emitted` says,
/// by index), then `pub mod endpoints`.
pub(crate) fn emit(api: &Api, runtime: &Runtime, emitted: &[bool], sides: Sides) -> Code {
    let cx = Context { api, runtime, shared_errors: errors::SharedErrors::new(&api.root), sides };
    let base_url = api.base_url.as_ref().map(|url| {
        let doc = docs::attrs(&format!("The API's base URL, from the spec: `{url}`."));
        let allow = allow_unused();
        code! { #doc #allow pub const BASE_URL: &str = #url; }
    });
    let auth = emit_auth_schemes(&cx);
    let servers = emit_servers(&cx);
    let types = api.types.iter().zip(emitted).filter(|(_, emitted)| **emitted).map(|(def, _)| types::emit(&cx, def));
    let mut out = code! {
        #base_url
        #servers
        #auth
        #(#types)*
    };
    endpoints::emit_group(&cx, &api.root, 1, &mut out);
    let shared_errors = cx.shared_errors.emit(&cx);
    out.splice(&shared_errors);
    out
}

/// `pub mod servers`: a constant per server of the spec, which endpoints
/// name in their `SERVER` and a client is given URLs for by.
fn emit_servers(cx: &Context<'_>) -> Option<Code> {
    if cx.api.servers.is_empty() {
        return None;
    }
    let rt = cx.rt();
    let servers = cx.api.servers.iter().map(|server| {
        let name = Ident::new_unchecked(server.rust_name.clone());
        let mut doc = format!("The `{}` server: `{}`.", server.spec_name, server.url);
        if let Some(description) = &server.description {
            write!(doc, "\n\n{}", docs::sanitize(description)).ok();
        }
        for variable in &server.variables {
            write!(doc, "\n\n`{{{}}}`: `{}` unless set", variable.name, variable.default).ok();
            if !variable.allowed.is_empty() {
                write!(doc, "; one of `{}`", variable.allowed.join("`, `")).ok();
            }
            doc.push('.');
            if let Some(description) = &variable.description {
                write!(doc, " {}", docs::sanitize(description)).ok();
            }
        }
        let doc = docs::attrs(&doc);
        let variables = server.variables.iter().map(|variable| {
            let (variable_name, default) = (&variable.name, &variable.default);
            let allowed = variable.allowed.iter();
            code!(#rt::ServerVariable::new(#variable_name, #default, &[#(#allowed),*]))
        });
        let (spec_name, url) = (&server.spec_name, &server.url);
        code! {
            #doc
            pub const #name: #rt::Server = #rt::Server::new(#spec_name, #url, &[#(#variables),*]);
        }
    });
    let doc = docs::attrs(
        "The servers that some endpoints are sent to instead of the client's base URL. A client sends them to the URL that `ClientBuilder::server` gives it for the server, and its credentials with them; otherwise to the server's default URL, with credentials only when that is at the base URL's origin.",
    );
    let allow = allow_unused();
    Some(code! {
        #doc
        #allow
        pub mod servers {
            #(#servers)*
        }
    })
}

/// `pub mod auth`: a marker type per auth scheme, which endpoints name in
/// their `Auth` type and the runtime matches against a client's credentials.
fn emit_auth_schemes(cx: &Context<'_>) -> Option<Code> {
    if cx.api.auth_schemes.is_empty() {
        return None;
    }
    let rt = cx.rt();
    let schemes = cx.api.auth_schemes.iter().map(|scheme| {
        let name = ident::ident(&scheme.rust_name);
        let spec_name = &scheme.spec_name;
        let bearer = code!(impl #rt::auth::BearerScheme for #name {});
        let (how, kind_impl) = match &scheme.kind {
            AuthKind::Bearer => ("a bearer token (`Client::bearer`)".to_owned(), bearer),
            AuthKind::ApiKey { place, name: key_name } => {
                let place_code = match place {
                    KeyPlace::Header => code!(Header),
                    KeyPlace::Query => code!(Query),
                    KeyPlace::Cookie => code!(Cookie),
                };
                let where_ = match place {
                    KeyPlace::Header => "header",
                    KeyPlace::Query => "query parameter",
                    KeyPlace::Cookie => "cookie",
                };
                (
                    format!("an API key in the `{key_name}` {where_} (`Client::api_key`)"),
                    code!(impl #rt::auth::ApiKeyScheme for #name {
                        const IN: #rt::auth::ApiKeyIn = #rt::auth::ApiKeyIn::#place_code(#key_name);
                    }),
                )
            }
            AuthKind::Basic => (
                "a username and password, HTTP Basic (`Client::basic`)".to_owned(),
                code!(impl #rt::auth::BasicScheme for #name {}),
            ),
            AuthKind::OAuth2 { flows } => (
                format!("OAuth 2; its access token is sent as a bearer token (`Client::bearer`){}", docs::oauth_flows(flows)),
                bearer,
            ),
            AuthKind::OpenIdConnect { url } => (
                format!(
                    // In backticks: clippy's `doc_markdown` would flag
                    // `OpenID` in the user's crate.
                    "`OpenID Connect` (discovery document: {}); its access token is sent as a bearer token (`Client::bearer`)",
                    docs::code_span(url)
                ),
                bearer,
            ),
        };
        let kind = match &scheme.kind {
            AuthKind::ApiKey { .. } => code!(#rt::auth::kind::ApiKey<Self>),
            AuthKind::Basic => code!(#rt::auth::kind::Basic),
            AuthKind::Bearer | AuthKind::OAuth2 { .. } | AuthKind::OpenIdConnect { .. } => {
                code!(#rt::auth::kind::Bearer)
            }
        };
        let mut doc = format!("The `{spec_name}` auth scheme: {how}.");
        if let Some(description) = &scheme.description {
            doc.push_str("\n\n");
            doc.push_str(&docs::sanitize(description));
        }
        let doc = docs::attrs(&doc);
        let helper = client_credentials_helper(rt, scheme);
        code! {
            #doc
            #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::marker::Copy)]
            pub enum #name {}
            impl #rt::auth::Scheme for #name {
                const NAME: &'static str = #spec_name;
                type Kind = #kind;
            }
            #kind_impl
            #helper
        }
    });
    let allow = allow_unused();
    Some(code! {
        /// The API's auth schemes, as types that endpoints name in their
        /// `Auth` requirement.
        #allow
        pub mod auth {
            #(#schemes)*
        }
    })
}

/// For an OAuth 2 scheme with a `client_credentials` flow that names its
/// token URL, a function that makes the runtime's token source for it:
/// `client.token_source(auth::Oauth::client_credentials(id, secret))`.
fn client_credentials_helper(rt: &Code, scheme: &crate::ir::AuthScheme) -> Option<Code> {
    let AuthKind::OAuth2 { flows } = &scheme.kind else { return None };
    let flow = flows.iter().find(|flow| flow.kind == crate::ir::FlowKind::ClientCredentials)?;
    let token_url = flow.token_url.as_ref()?;
    let name = ident::ident(&scheme.rust_name);
    let doc = docs::attrs(&format!(
        "The token source of the `client_credentials` flow, at its token URL {}: \
         `client.token_source(auth::{}::client_credentials(client_id, client_secret))` gets, keeps \
         and renews access tokens itself. Add `.scopes([…])` for scopes.",
        docs::code_span(token_url),
        scheme.rust_name
    ));
    Some(code! {
        impl #name {
            #doc
            #[must_use]
            pub fn client_credentials(client_id: &str, client_secret: &str) -> #rt::auth::OAuth2ClientCredentials {
                #rt::auth::OAuth2ClientCredentials::new(#token_url, client_id, client_secret)
            }
        }
    })
}

struct Context<'a> {
    api: &'a Api,
    runtime: &'a Runtime,
    shared_errors: errors::SharedErrors<'a>,
    /// The sides of the API generated besides the client's (mocks, a
    /// server).
    sides: Sides,
}

impl Context<'_> {
    fn rt(&self) -> &Code {
        &self.runtime.path
    }

    /// The Rust type of `ty`, written from a module `depth` levels below the
    /// one the types are in.
    fn ty(&self, ty: &Ty, depth: usize) -> Code {
        match ty {
            Ty::Builtin(builtin) => self.builtin(*builtin).0,
            Ty::Param => code!(T),
            Ty::Option(inner) => {
                let inner = self.ty(inner, depth);
                code!(::core::option::Option<#inner>)
            }
            Ty::List(inner) => {
                let inner = self.ty(inner, depth);
                code!(::std::vec::Vec<#inner>)
            }
            Ty::Map(inner) => {
                let inner = self.ty(inner, depth);
                code!(::std::collections::BTreeMap<::std::string::String, #inner>)
            }
            Ty::Boxed(inner) => {
                let inner = self.ty(inner, depth);
                code!(::std::boxed::Box<#inner>)
            }
            Ty::Named(index) => self.type_path(*index, depth),
            Ty::Envelope(index, arg) => {
                let path = self.type_path(*index, depth);
                let arg = self.ty(arg, depth);
                code!(#path<#arg>)
            }
        }
    }

    /// The Rust type of a built-in type, and its name in docs.
    fn builtin(&self, builtin: Builtin) -> (Code, &'static str) {
        let rt = self.rt();
        match builtin {
            Builtin::Bool => (code!(bool), "bool"),
            Builtin::I32 => (code!(i32), "i32"),
            Builtin::I64 => (code!(i64), "i64"),
            Builtin::U32 => (code!(u32), "u32"),
            Builtin::U64 => (code!(u64), "u64"),
            Builtin::F32 => (code!(f32), "f32"),
            Builtin::F64 => (code!(f64), "f64"),
            Builtin::String => (code!(::std::string::String), "String"),
            Builtin::Date => (code!(#rt::Date), "Date"),
            Builtin::DateTime => (code!(#rt::DateTime), "DateTime"),
            Builtin::Uuid => (code!(#rt::Uuid), "Uuid"),
            Builtin::Bytes => (code!(#rt::Base64Bytes), "Base64Bytes"),
            Builtin::Any => (code!(#rt::JsonValue), "JsonValue"),
            Builtin::File => (code!(#rt::FilePart), "FilePart"),
        }
    }

    /// Whether `ty` is a list, through aliases.
    fn is_list(&self, ty: &Ty, depth: usize) -> bool {
        match ty {
            Ty::List(_) => true,
            Ty::Named(index) if depth <= self.api.types.len() => match &self.api.types[*index].kind {
                crate::ir::TypeKind::Alias(inner) => self.is_list(inner, depth + 1),
                _ => false,
            },
            _ => false,
        }
    }

    fn type_path(&self, index: usize, depth: usize) -> Code {
        let name = ident::ident(&self.api.types[index].rust_name);
        let supers = std::iter::repeat_n(code!(super::), depth);
        code!(#(#supers)* #name)
    }

    /// How `ty` reads in docs: `ActionConfirmation<Option<String>>`.
    fn ty_doc(&self, ty: &Ty) -> String {
        match ty {
            Ty::Builtin(builtin) => self.builtin(*builtin).1.into(),
            Ty::Param => "T".into(),
            Ty::Option(inner) => format!("Option<{}>", self.ty_doc(inner)),
            Ty::List(inner) => format!("Vec<{}>", self.ty_doc(inner)),
            Ty::Map(inner) => format!("BTreeMap<String, {}>", self.ty_doc(inner)),
            Ty::Boxed(inner) => format!("Box<{}>", self.ty_doc(inner)),
            Ty::Named(index) => self.api.types[*index].rust_name.clone(),
            Ty::Envelope(index, arg) => format!("{}<{}>", self.api.types[*index].rust_name, self.ty_doc(arg)),
        }
    }
}

/// `#[allow(dead_code)]` for each item at the top of the client, where
/// rustc would warn about what a program does not use: a program that sends
/// some endpoints of an API is no mistake. (The macro's items get no such
/// warnings, as rustc does not lint code that another crate's macro
/// expanded; a build script's and the CLI's file are the user's code.)
fn allow_unused() -> Code {
    code!(#[allow(dead_code, reason = "a program may use part of the API")])
}

/// A generated local or argument name that user names cannot shadow.
fn private(name: &str) -> Ident {
    ident::private(name)
}

/// An identifier for the name of a generated helper function: each part
/// with its length first, so that different parts never give one name
/// (`a` + `bc_d` is `__endpointgen_default_1a_4bc_d`, `a_bc` + `d`
/// `__endpointgen_default_4a_bc_1d`).
fn helper(kind: &str, parts: &[&str]) -> Ident {
    let name: String =
        parts.iter().fold(format!("__endpointgen_{kind}"), |name, part| format!("{name}_{}{part}", part.len()));
    ident::ident(&name)
}
