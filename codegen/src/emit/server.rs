//! `pub mod serve` (with the `server` option): the server side of the API.
//!
//! ```text
//! pub mod serve {
//!     pub trait Api: Send + Sync + 'static {
//!         fn set_current_profile(&self, request: coworkers::SetCurrentProfile, caller: Bearer)
//!             -> impl Future<Output = Result<Output, Error>> + Send;
//!     }
//!     pub mod coworkers { pub struct SetCurrentProfile { pub coworker_id: CoworkerId } }
//!     pub fn router<A: Api>(implementation: A) -> Router { … }
//! }
//! ```
//!
//! Why `serve::Api` and not `PortalServer`: the module holds only generated
//! names (the trait, `router`, a module per group), so none can collide with
//! a type of the spec, whatever the spec names its types; the module name
//! says what it is for beside `endpoints`, and a crate with several APIs
//! reads `portal::serve::Api`, `nexus::serve::Api`.
//!
//! Why an input struct per endpoint rather than one argument per value:
//! an endpoint with ten query parameters would be a method of twelve
//! arguments (clippy's limit is seven), and a struct with `pub` fields reads
//! in rustdoc as the list of the request's values, each with its doc. It is
//! left out for an endpoint that takes no values, as the caller is for a
//! public endpoint.
//!
//! Per endpoint the router only names the values to read and where
//! (`incoming.query("coworkerId", Style::Form)?`): reading, routing and
//! answering are the runtime's generic code (`endpointgen::serve`).

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::code::{Code, Ident, code};

use super::endpoints::runtime_style;
use super::{Context, allow_unused, docs, private};
use crate::ident;
use crate::ir::{Auth, AuthChoice, AuthKind, BodyContent, Endpoint, Group, Param, Response, Shape, Streamed, Style};

/// An endpoint with the module path of its group below `endpoints`
/// (`["coworkers"]`).
struct Located<'a> {
    groups: Vec<&'a str>,
    endpoint: &'a Endpoint,
}

fn collect<'a>(group: &'a Group, path: &mut Vec<&'a str>, out: &mut Vec<Located<'a>>) {
    for endpoint in &group.endpoints {
        out.push(Located { groups: path.clone(), endpoint });
    }
    for child in &group.groups {
        path.push(&child.rust_name);
        collect(child, path, out);
        path.pop();
    }
}

/// The trait method of each endpoint: its constructor's name, or where two
/// groups have one of that name, the name after its groups'
/// (`bookings_list`, `rooms_list`).
fn method_names(endpoints: &[Located<'_>]) -> Vec<String> {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for located in endpoints {
        *count.entry(located.endpoint.fn_name.as_str()).or_default() += 1;
    }
    endpoints
        .iter()
        .map(|located| {
            let name = &located.endpoint.fn_name;
            if count.get(name.as_str()).copied().unwrap_or_default() > 1 {
                let mut parts = located.groups.clone();
                parts.push(name);
                parts.join("_")
            } else {
                name.clone()
            }
        })
        .collect()
}

pub(super) fn emit(cx: &Context<'_>) -> Code {
    let rt = cx.rt();
    let mut endpoints = Vec::new();
    collect(&cx.api.root, &mut Vec::new(), &mut endpoints);
    let names = method_names(&endpoints);

    let mut methods = Vec::new();
    let mut routes = Vec::new();
    let mut inputs: Vec<(Vec<&str>, Code)> = Vec::new();
    for (located, method_name) in endpoints.iter().zip(&names) {
        let endpoint = located.endpoint;
        // The input struct is in the group's module below `serve`, and
        // `serve` one level below the types.
        let depth = located.groups.len() + 1;
        let input = input_struct(cx, endpoint, depth, method_name);
        let has_input = input.is_some();
        if let Some(input) = input {
            inputs.push((located.groups.clone(), input));
        }
        let endpoint_path = {
            let groups = located.groups.iter().map(|group| ident::ident(group));
            let name = ident::ident(&endpoint.struct_name);
            code!(super::endpoints::#(#groups::)* #name)
        };
        let input_path = {
            let groups = located.groups.iter().map(|group| ident::ident(group));
            let name = ident::ident(&endpoint.struct_name);
            code!(#(#groups::)* #name)
        };
        let caller = caller(cx, &endpoint.auth);
        let method = ident::ident(method_name);
        let request_arg = has_input.then(|| code!(request: #input_path,));
        let caller_arg = caller.as_ref().map(|(ty, _)| code!(caller: #ty,));
        let doc = docs::attrs(&method_doc(cx, located, has_input));
        // A streamed output is read as it arrives: the implementation
        // gives the body, which may still be arriving.
        let streamed = matches!(endpoint.response, Response::Stream(_));
        let output =
            if streamed { code!(#rt::serve::StreamedBody) } else { code!(<#endpoint_path as #rt::Endpoint>::Output) };
        let route = if streamed { code!(route_streamed) } else { code!(route) };
        methods.push(code! {
            #doc
            fn #method(&self, #request_arg #caller_arg) -> impl ::core::future::Future<Output = ::core::result::Result<
                #output,
                <#endpoint_path as #rt::Endpoint>::Error,
            >> + ::core::marker::Send;
        });

        let (implementation, incoming) = (private("implementation"), private("incoming"));
        let read_caller = caller.map(|(_, read)| {
            let caller_local = private("caller");
            (code!(let #caller_local = #read;), code!(#caller_local,))
        });
        let (caller_statement, caller_value) = match read_caller {
            Some((statement, value)) => (Some(statement), Some(value)),
            None => (None, None),
        };
        let request_local = private("request");
        let read_request = has_input.then(|| {
            let fields = reads(cx, endpoint, &incoming);
            code!(let #request_local = #input_path { #(#fields),* };)
        });
        let request_value = has_input.then(|| code!(#request_local,));
        let incoming_param = if has_input || caller_statement.is_some() { code!(#incoming) } else { code!(_) };
        routes.push(code! {
            __router = #rt::serve::#route::<#endpoint_path, __A, _, _>(__router, &#implementation, |#implementation: ::std::sync::Arc<__A>, #incoming_param: #rt::serve::Incoming| async move {
                #caller_statement
                #read_request
                ::core::result::Result::Ok(#implementation.#method(#request_value #caller_value).await)
            });
        });
    }

    let api_name = cx.api.title.as_deref().unwrap_or(&cx.api.name);
    let trait_doc = docs::attrs(&format!(
        "The server side of {api_name}: one method per endpoint, given the request's values and the caller's credentials, answering the endpoint's output or one of its documented errors.\n\n\
         [`router`] serves an implementation. Write the methods as `async fn`s; an implementation that leaves one out does not compile."
    ));
    let modules = group_modules(&inputs, &[]);
    let implementation = private("implementation");
    let allow = allow_unused();
    code! {
        /// The server side of the API, generated with the `server` option: implement [`serve::Api`] and serve it with [`serve::router`] (the runtime's `server` feature).
        #allow
        pub mod serve {
            #trait_doc
            pub trait Api: ::core::marker::Send + ::core::marker::Sync + 'static {
                #(#methods)*
            }

            /// An axum `Router` that serves `implementation`: a route per endpoint, which reads the request (a bad one is answered 400 with an `application/problem+json` body that names the parameter, a missing credential 401), calls the endpoint's method, and writes its answer as the client reads it.
            pub fn router<__A: Api>(implementation: __A) -> #rt::serve::Router {
                let #implementation = ::std::sync::Arc::new(implementation);
                let mut __router = #rt::serve::Router::new();
                #(#routes)*
                __router
            }

            #modules
        }
    }
}

/// The modules of the input structs, by group: the structs of `prefix`'s
/// group, then a module per child group.
fn group_modules(inputs: &[(Vec<&str>, Code)], prefix: &[&str]) -> Code {
    let here = inputs.iter().filter(|(groups, _)| groups.as_slice() == prefix).map(|(_, code)| code.clone());
    let mut children: Vec<&str> = Vec::new();
    for (groups, _) in inputs {
        if groups.len() > prefix.len()
            && groups.starts_with(prefix)
            && let Some(child) = groups.get(prefix.len())
            && !children.contains(child)
        {
            children.push(child);
        }
    }
    let modules = children.into_iter().map(|child| {
        let mut path = prefix.to_vec();
        path.push(child);
        let inner = group_modules(inputs, &path);
        let name = ident::ident(child);
        let doc = docs::attrs(&format!("The request values of the `{child}` group's endpoints."));
        code! { #doc pub mod #name { #inner } }
    });
    code! { #(#here)* #(#modules)* }
}

/// The caller's credentials: their type and how they are read, or `None`
/// for a public endpoint.
fn caller(cx: &Context<'_>, auth: &Auth) -> Option<(Code, Code)> {
    let rt = cx.rt();
    let incoming = private("incoming");
    let scheme = |index: usize| {
        let name = ident::ident(&cx.api.auth_schemes[index].rust_name);
        code!(super::auth::#name)
    };
    let credential = |index: usize| match cx.api.auth_schemes[index].kind {
        AuthKind::ApiKey { .. } => code!(#rt::serve::ApiKey),
        AuthKind::Basic => code!(#rt::serve::Basic),
        AuthKind::Bearer | AuthKind::OAuth2 { .. } | AuthKind::OpenIdConnect { .. } => code!(#rt::serve::Bearer),
    };
    match auth {
        Auth::Public => None,
        Auth::Required(index) => {
            let (ty, scheme) = (credential(*index), scheme(*index));
            Some((ty, code!(#incoming.required::<#scheme>()?)))
        }
        Auth::Optional(index) => {
            let (ty, scheme) = (credential(*index), scheme(*index));
            Some((code!(::core::option::Option<#ty>), code!(#incoming.optional::<#scheme>()?)))
        }
        Auth::AllOf(schemes) => {
            let types = schemes.iter().map(|index| credential(*index));
            let reads = schemes.iter().map(|index| {
                let scheme = scheme(*index);
                code!(#incoming.required::<#scheme>()?)
            });
            Some((code!((#(#types,)*)), code!((#(#reads,)*))))
        }
        Auth::AnyOf { choices, optional } => {
            let choices = choices.iter().map(|choice| {
                let schemes = match choice {
                    AuthChoice::One(index) => vec![*index],
                    AuthChoice::All(schemes) => schemes.clone(),
                };
                let readers = schemes.into_iter().map(|index| {
                    let scheme = scheme(index);
                    code!(#rt::serve::Incoming::presented::<#scheme>)
                });
                code!(&[#(#readers),*])
            });
            Some((code!(#rt::serve::Presented), code!(#incoming.any_of(&[#(#choices),*], #optional)?)))
        }
    }
}

/// The input struct of an endpoint, `depth` modules below the types, or
/// `None` when it takes no values.
fn input_struct(cx: &Context<'_>, endpoint: &Endpoint, depth: usize, method_name: &str) -> Option<Code> {
    let rt = cx.rt();
    let mut fields = Vec::new();
    let param_fields = [
        ("path", &endpoint.path_params),
        ("query", &endpoint.query),
        ("header", &endpoint.headers),
        ("cookie", &endpoint.cookies),
    ];
    for (place, params) in param_fields {
        for param in params {
            let required = param.required || place == "path";
            let ty = cx.ty(&param.ty, depth);
            let ty = if required { ty } else { code!(::core::option::Option<#ty>) };
            let mut doc = match &param.description {
                Some(description) => docs::sanitize(description),
                None => format!("The {place} parameter `{}`.", param.wire_name),
            };
            if let Some(default) = &param.default {
                let value = docs::code_span(&docs::default_value(cx.api, default, &param.ty));
                write!(
                    doc,
                    "\n\nDefaults to {value}: `None` when the caller sent none, for the implementation to apply."
                )
                .ok();
            }
            let (doc, name) = (docs::attrs(&doc), ident::ident(&param.rust_name));
            fields.push(code!(#doc pub #name: #ty));
        }
    }
    if resumes_events(endpoint) {
        fields.push(code! {
            /// The `Last-Event-ID` header: the id of the last event the client read, sent when it resumes a stream that ended; the implementation answers the events after it.
            pub last_event_id: ::core::option::Option<::std::string::String>
        });
    }
    if let Some(body) = &endpoint.body {
        let ty = match &body.content {
            BodyContent::Raw(_) => code!(::std::vec::Vec<u8>),
            BodyContent::Multipart(_) => code!(#rt::serve::RawBody),
            _ => cx.ty(&body.ty, depth),
        };
        let optional = !body.required && !matches!(body.content, BodyContent::Multipart(_));
        let ty = if optional { code!(::core::option::Option<#ty>) } else { ty };
        let mut doc = body.description.as_deref().map_or_else(|| "The request body.".to_owned(), docs::sanitize);
        if let BodyContent::Multipart(_) = body.content {
            doc.push_str(
                "\n\nA `multipart/form-data` body, which the generated server does not read: its bytes and `Content-Type` (with the boundary), for the implementation to read.",
            );
        }
        let doc = docs::attrs(&doc);
        fields.push(code!(#doc pub body: #ty));
    }
    if fields.is_empty() {
        return None;
    }
    let name = ident::ident(&endpoint.struct_name);
    let doc = docs::attrs(&format!(
        "The values of a `{} {}` request, for [`Api::{method_name}`]({}Api::{method_name}).",
        endpoint.method.as_str(),
        endpoint.path_template,
        "super::".repeat(depth - 1),
    ));
    Some(code! {
        #doc
        #[allow(clippy::struct_field_names, clippy::struct_excessive_bools, reason = "the fields are the API's parameters, named as the API names them")]
        pub struct #name {
            #(#fields),*
        }
    })
}

/// An event stream's client resumes with `Last-Event-ID` (the runtime's
/// `EventStream` sends it), so its server must read it, unless the spec
/// already declares that header.
fn resumes_events(endpoint: &Endpoint) -> bool {
    matches!(endpoint.response, Response::Stream(Streamed::Events { .. }))
        && !endpoint.headers.iter().any(|param| param.wire_name.eq_ignore_ascii_case("last-event-id"))
}

/// `field: incoming.query("name", Style::Form)?` for each value of the
/// endpoint, as the client writes it (`endpoints.rs`, `write_request`).
fn reads(cx: &Context<'_>, endpoint: &Endpoint, incoming: &Ident) -> Vec<Code> {
    let rt = cx.rt();
    let mut fields = Vec::new();
    let field = |param: &Param, read: Code| {
        let name = ident::ident(&param.rust_name);
        code!(#name: #read?)
    };
    for param in &endpoint.path_params {
        let wire = &param.wire_name;
        fields.push(field(param, code!(#incoming.path(#wire))));
    }
    for param in &endpoint.query {
        let wire = &param.wire_name;
        let style = runtime_style(cx, param.style, param.explode);
        let read = match param.shape {
            Shape::Json => code!(#incoming.query_json(#wire)),
            Shape::Object | Shape::Deep => code!(#incoming.query_object(#wire, #style)),
            Shape::List if !(param.style == Style::Form && param.explode) => code!(#incoming.query(#wire, #style)),
            Shape::Plain | Shape::List => code!(#incoming.query(#wire, #rt::Style::Form)),
        };
        fields.push(field(param, read));
    }
    for param in &endpoint.headers {
        let wire = param.wire_name.to_ascii_lowercase();
        let explode = param.explode;
        let read = match param.shape {
            Shape::Json => code!(#incoming.header_json(#wire)),
            Shape::Plain => code!(#incoming.header(#wire)),
            Shape::List => code!(#incoming.header_styled(#wire, false, #explode)),
            Shape::Object | Shape::Deep => code!(#incoming.header_styled(#wire, true, #explode)),
        };
        fields.push(field(param, read));
    }
    for param in &endpoint.cookies {
        let wire = &param.wire_name;
        fields.push(field(param, code!(#incoming.cookie(#wire))));
    }
    if resumes_events(endpoint) {
        fields.push(code!(last_event_id: #incoming.header("last-event-id")?));
    }
    if let Some(body) = &endpoint.body {
        let read = match &body.content {
            BodyContent::Json | BodyContent::JsonAs(_) => code!(#incoming.json_body()?),
            BodyContent::Form => {
                let styles = body.encoding.iter().map(|field| {
                    let (name, style) = (&field.field, runtime_style(cx, field.style, field.explode));
                    code!((#name, #style))
                });
                code!(#incoming.form_body(&[#(#styles),*])?)
            }
            BodyContent::Raw(_) if body.required => code!(#incoming.bytes_body()),
            BodyContent::Raw(_) => code!(#incoming.optional_bytes_body()),
            BodyContent::Multipart(_) => code!(#incoming.raw_body()),
        };
        fields.push(code!(body: #read));
    }
    fields
}

fn method_doc(cx: &Context<'_>, located: &Located<'_>, has_input: bool) -> String {
    let endpoint = located.endpoint;
    let mut doc = String::new();
    if let Some(summary) = &endpoint.summary {
        writeln!(doc, "{}\n", docs::sanitize(summary)).ok();
    }
    write!(doc, "`{} {}`", endpoint.method.as_str(), endpoint.path_template).ok();
    if let Some(description) = &endpoint.description {
        write!(doc, "\n\n{}", docs::sanitize(description)).ok();
    }
    let mut link = String::from("super::endpoints::");
    for group in &located.groups {
        link.push_str(group);
        link.push_str("::");
    }
    write!(
        doc,
        "\n\nServes [`{}`]({link}{}): answers its output, or one of its documented errors.",
        endpoint.fn_name, endpoint.fn_name
    )
    .ok();
    if matches!(endpoint.response, Response::Stream(_)) {
        doc.push_str(" Its output is streamed: the body, which may still be arriving, and its media type.");
    }
    if has_input {
        doc.push_str(" `request` holds the request's values.");
    }
    let caller = match &endpoint.auth {
        Auth::Public => None,
        Auth::Required(index) => Some(format!(
            " `caller` holds the credentials of the `{}` scheme, which the request had.",
            cx.api.auth_schemes[*index].spec_name
        )),
        Auth::Optional(index) => Some(format!(
            " `caller` holds the credentials of the `{}` scheme, if the request had them.",
            cx.api.auth_schemes[*index].spec_name
        )),
        Auth::AllOf(_) => Some(" `caller` holds the credentials of each of its schemes, in order.".to_owned()),
        Auth::AnyOf { .. } => Some(" `caller` holds the credentials the request had, by scheme.".to_owned()),
    };
    if let Some(caller) = caller {
        doc.push_str(&caller);
    }
    doc
}
