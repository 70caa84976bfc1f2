//! `pub mod endpoints` and its groups: per endpoint a constructor, a
//! struct, builder methods for optional values, an `Endpoint` impl and its
//! error type (`errors.rs`).

use std::fmt::Write as _;

use crate::code::{Code, Delimiter, Ident, Number, code, code_into};

use super::{Context, docs, errors, paging, private};
use crate::ident;
use crate::ir::{
    Auth, AuthChoice, AuthKind, BodyContent, Builtin, Endpoint, FieldStep, Group, PagingStyle, Param, Part, PartKind,
    PathPart, Response, Shape, StatusResponse, Streamed, Style, Ty, TypeKind,
};

/// A module of endpoints, `depth` levels below the types' module.
pub(super) fn emit_group(cx: &Context<'_>, group: &Group, depth: usize, out: &mut Code) {
    let (name, doc) = if depth == 1 {
        let api = cx.api.title.as_deref().unwrap_or(&cx.api.name);
        let mut text = format!("The endpoints of {api}, one module per group.");
        if let Some(description) = &cx.api.description {
            write!(text, "\n\n{}", docs::sanitize(description)).ok();
        }
        (ident::ident("endpoints"), text)
    } else {
        (ident::ident(&group.rust_name), format!("The endpoints of the `{}` group.", group.spec_name))
    };
    let doc = docs::attrs(&doc);
    // Written into `out` rather than returned: a module's items would
    // otherwise be copied once more for every module around them.
    // Within `endpoints`, its own allow covers the groups.
    let allow = (depth == 1).then(super::allow_unused);
    code_into!(out; #doc #allow pub mod #name);
    let open = out.open(Delimiter::Brace);
    for child in &group.groups {
        emit_group(cx, child, depth + 1, out);
    }
    for endpoint in &group.endpoints {
        out.append(&emit_endpoint(cx, endpoint, depth));
    }
    out.close(open);
}

/// One constructor argument or optional builder value, as stored in the
/// endpoint struct.
struct Member {
    name: Ident,
    /// The type stored in the struct.
    stored: Code,
    /// The type the constructor or builder method takes.
    argument: Code,
    /// Whether the argument is `impl Into<…>` (strings and raw bodies).
    into_string: bool,
    required: bool,
    doc: String,
}

impl Member {
    /// A raw (`bytes`) body: stored as `Vec<u8>`, taken as anything that
    /// becomes one.
    fn raw_bytes(&mut self) {
        let bytes = code!(::std::vec::Vec<u8>);
        self.stored = if self.required { bytes.clone() } else { code!(::core::option::Option<#bytes>) };
        self.argument = code!(impl ::core::convert::Into<#bytes>);
        self.into_string = true;
    }

    fn new(cx: &Context<'_>, rust_name: &str, ty: &Ty, required: bool, depth: usize, doc: String) -> Self {
        let name = ident::ident(rust_name);
        let inner = cx.ty(ty, depth);
        // Strings are taken as `impl Into<String>`, so `&str` works; every
        // other type is taken as itself, so that an id newtype cannot be
        // given a bare number.
        let into_string = *ty == Ty::Builtin(Builtin::String);
        let argument =
            if into_string { code!(impl ::core::convert::Into<::std::string::String>) } else { inner.clone() };
        let stored = if required { inner } else { code!(::core::option::Option<#inner>) };
        Self { name, stored, argument, into_string, required, doc }
    }

    /// The stored value, made from the argument of the same name.
    fn value(&self) -> Code {
        let name = &self.name;
        let value = if self.into_string { code!(::core::convert::Into::into(#name)) } else { code!(#name) };
        if self.required { value } else { code!(::core::option::Option::Some(#value)) }
    }
}

fn param_doc(cx: &Context<'_>, param: &Param, place: &str) -> String {
    let mut doc = match &param.description {
        Some(description) => docs::sanitize(description),
        None => format!("The {place} parameter `{}`.", param.wire_name),
    };
    if let Some(default) = &param.default {
        let value = docs::code_span(&docs::default_value(cx.api, default, &param.ty));
        write!(doc, "\n\nDefaults to {value}: when not set, none is sent and the server applies its default.").ok();
    }
    doc
}

fn emit_endpoint(cx: &Context<'_>, endpoint: &Endpoint, depth: usize) -> Code {
    let rt = cx.rt();
    let fn_name = ident::ident(&endpoint.fn_name);
    let struct_name = ident::ident(&endpoint.struct_name);

    let mut members: Vec<Member> = Vec::new();
    for param in &endpoint.path_params {
        members.push(Member::new(cx, &param.rust_name, &param.ty, true, depth, param_doc(cx, param, "path")));
    }
    for (place, params) in [("query", &endpoint.query), ("header", &endpoint.headers), ("cookie", &endpoint.cookies)] {
        for param in params {
            let doc = param_doc(cx, param, place);
            members.push(Member::new(cx, &param.rust_name, &param.ty, param.required, depth, doc));
        }
    }
    if let Some(body) = &endpoint.body {
        let doc = body.description.as_deref().map_or_else(|| "The request body.".to_owned(), docs::sanitize);
        let mut member = Member::new(cx, "body", &body.ty, body.required, depth, doc);
        if let BodyContent::Raw(_) = body.content {
            member.raw_bytes();
        }
        members.push(member);
    }

    let required: Vec<&Member> = members.iter().filter(|member| member.required).collect();
    let arguments = required.iter().map(|member| {
        let (name, ty) = (&member.name, &member.argument);
        code!(#name: #ty)
    });
    let field_inits = members.iter().map(|member| {
        let name = &member.name;
        match (member.required, member.into_string) {
            (true, false) => code!(#name),
            (true, true) => {
                let value = member.value();
                code!(#name: #value)
            }
            (false, _) => code!(#name: ::core::option::Option::None),
        }
    });
    let mut fields: Vec<Code> = members
        .iter()
        .map(|member| {
            let (name, ty) = (&member.name, &member.stored);
            code!(#name: #ty)
        })
        .collect();
    let mut field_inits: Vec<Code> = field_inits.collect();
    if members.is_empty() {
        // A private field, so that the struct can only be made by its
        // constructor, as those with values can.
        let marker = private("private");
        fields.push(code!(#marker: ()));
        field_inits.push(code!(#marker: ()));
    }
    let builders = members.iter().filter(|member| !member.required).map(|member| {
        let (name, ty, value) = (&member.name, &member.argument, member.value());
        let doc = docs::attrs(&member.doc);
        code! {
            #doc
            #[inline]
            pub fn #name(mut self, #name: #ty) -> Self {
                self.#name = #value;
                self
            }
        }
    });
    let builder_impl =
        members.iter().any(|member| !member.required).then(|| code! { impl #struct_name { #(#builders)* } });
    // Seven is clippy's limit; an endpoint with more required values is
    // still best called with them all as arguments.
    let many_arguments = (required.len() > 7).then(
        || code!(#[allow(clippy::too_many_arguments, reason = "one argument per required value of the endpoint")]),
    );
    // Pedantic lints about names, which are the API's: arguments alike
    // (`router_name`, `route_name`) and fields that share a word
    // (`organization_name`, `project_name`, `disk_name`).
    let similar_arguments = (required.len() > 1).then(|| {
        code!(#[allow(clippy::similar_names, reason = "the arguments are the API's parameters, named as the API names them")])
    });
    let field_names: Vec<String> = members.iter().map(|member| member.name.to_string()).collect();
    let shared_word = |word: fn(&str) -> &str| {
        field_names.len() >= 3
            && field_names.iter().all(|name| name.contains('_') && word(name) == word(&field_names[0]))
    };
    let shared_field_words = (shared_word(|name| name.split('_').next().unwrap_or(name))
        || shared_word(|name| name.rsplit('_').next().unwrap_or(name)))
    .then(|| code!(#[allow(clippy::struct_field_names, reason = "the fields are the API's parameters, named as the API names them")]));
    let deprecated = endpoint.deprecated.as_ref().map(|reason| match reason {
        Some(reason) => code!(#[deprecated = #reason]),
        None => code!(#[deprecated]),
    });

    let request = write_request(cx, endpoint);
    let response_arg = private("response");
    let mut streamed = None;
    let (output, decode, answers) = match &endpoint.response {
        Response::ByStatus(cases) => {
            let (name, decode, answers) = by_status(cx, endpoint, cases, &response_arg, depth);
            (code!(#name), decode, Some(answers))
        }
        Response::Stream(stream) => {
            // The output type is the return type's: the constructor is
            // inferred from it.
            let (output, wrap) = match stream {
                Streamed::Bytes => (code!(#rt::ByteStream), code!(#rt::FromByteStream::from_byte_stream)),
                Streamed::JsonLines(ty) => {
                    let ty = cx.ty(ty, depth);
                    (code!(#rt::JsonLines<#ty>), code!(#rt::FromByteStream::from_byte_stream))
                }
                Streamed::Events { data, text } => {
                    let ty = cx.ty(data, depth);
                    let wrap = if *text {
                        code!(#rt::EventStream::with_text_data)
                    } else {
                        code!(#rt::FromByteStream::from_byte_stream)
                    };
                    (code!(#rt::EventStream<#ty>), wrap)
                }
            };
            streamed = Some(code! {
                const STREAMED: bool = true;

                #[inline]
                fn decode_stream(#response_arg: #rt::http::Response<#rt::ByteStream>) -> ::core::result::Result<Self::Output, #rt::Error<Self::Error>> {
                    ::core::result::Result::Ok(#wrap(#response_arg.into_body()))
                }
            });
            (output, code!(#rt::__private::decode_streamed::<Self>(#response_arg, #wrap)), None)
        }
        single => {
            let decode = match single {
                Response::Empty => code!(decode_empty::<Self>),
                Response::Bytes => code!(decode_bytes::<Self>),
                // An optional response (`T?`) may also be an empty body.
                Response::Json(Ty::Option(_)) => code!(decode_optional_json::<Self, _>),
                Response::Enveloped(Ty::Option(_)) => code!(decode_optional_enveloped::<Self, _>),
                Response::Json(_) => code!(decode_json::<Self>),
                Response::Enveloped(_) | Response::ByStatus(_) | Response::Stream(_) => code!(decode_enveloped::<Self>),
            };
            let output = match single {
                Response::Empty | Response::ByStatus(_) | Response::Stream(_) => code!(()),
                Response::Bytes => code!(#rt::Bytes),
                Response::Json(ty) | Response::Enveloped(ty) => cx.ty(ty, depth),
            };
            (output, code!(#rt::__private::#decode(#response_arg)), None)
        }
    };
    let error_type = match &endpoint.error_name {
        Some(name) => {
            let name = ident::ident(name);
            code!(#name)
        }
        None => code!(::core::convert::Infallible),
    };
    let scheme = |index: usize| {
        let supers = std::iter::repeat_n(code!(super::), depth);
        let name = ident::ident(&cx.api.auth_schemes[index].rust_name);
        code!(#(#supers)* auth::#name)
    };
    let all_of = |schemes: &[usize]| {
        let schemes = schemes.iter().map(|index| scheme(*index));
        code!(#rt::auth::AllOf<(#(#schemes,)*)>)
    };
    let auth = match &endpoint.auth {
        Auth::Public => code!(#rt::auth::Public),
        Auth::Required(index) => {
            let scheme = scheme(*index);
            code!(#rt::auth::Required<#scheme>)
        }
        Auth::Optional(index) => {
            let scheme = scheme(*index);
            code!(#rt::auth::Optional<#scheme>)
        }
        Auth::AllOf(schemes) => all_of(schemes),
        Auth::AnyOf { choices, optional } => {
            // `Public` last: a client with credentials sends them.
            let choices = choices
                .iter()
                .map(|choice| match choice {
                    AuthChoice::One(index) => scheme(*index),
                    AuthChoice::All(schemes) => all_of(schemes),
                })
                .chain(optional.then(|| code!(#rt::auth::Public)));
            code!(#rt::auth::AnyOf<(#(#choices),*)>)
        }
    };
    let method = Ident::new_unchecked(endpoint.method.as_str().to_owned());
    let path = &endpoint.path_template;
    let server = endpoint.server.map(|index| {
        let supers = std::iter::repeat_n(code!(super::), depth);
        let name = Ident::new_unchecked(cx.api.servers[index].rust_name.clone());
        code!(const SERVER: ::core::option::Option<#rt::Server> = ::core::option::Option::Some(#(#supers)* servers::#name);)
    });
    let request_arg = private("request");
    let respond = super::respond::emit_respond(cx, endpoint, &struct_name);
    // The shared enum of the endpoint's errors, if they have one: its alias
    // and its docs' links both name it.
    let shared_errors = cx.shared_errors.name_of(&endpoint.errors);
    let error_type_def = errors::emit_for_endpoint(cx, endpoint, shared_errors.as_deref(), depth);
    let paged = endpoint.paging.as_ref().map(|paging| paging::emit_paged(cx, endpoint, paging, &struct_name, depth));

    let fn_doc = docs::attrs(&endpoint_doc(cx, endpoint, shared_errors.as_deref(), depth));
    let struct_doc = docs::attrs(&format!(
        "The `{} {}` request; made by [`{}`], sent by a client.",
        endpoint.method.as_str(),
        endpoint.path_template,
        endpoint.fn_name
    ));
    code! {
        #fn_doc
        #deprecated
        #many_arguments
        #similar_arguments
        #[inline]
        pub fn #fn_name(#(#arguments),*) -> #struct_name {
            #struct_name { #(#field_inits),* }
        }

        #struct_doc
        #[derive(::core::fmt::Debug, ::core::clone::Clone)]
        #[must_use = "an endpoint does nothing until a client sends it"]
        #shared_field_words
        pub struct #struct_name {
            #(#fields),*
        }

        #builder_impl

        impl #rt::Endpoint for #struct_name {
            type Output = #output;
            type Error = #error_type;
            type Auth = #auth;
            const METHOD: #rt::Method = #rt::Method::#method;
            const PATH: &'static str = #path;
            #server

            // `#[inline]` on every method here: a non-generic method is
            // otherwise compiled to machine code in the client's crate, for
            // every endpoint, used or not. Inline, it is compiled only where
            // a program sends the endpoint, as generic code is.
            #[inline]
            fn write_request(&self, #request_arg: &mut #rt::RequestBuilder) {
                #request
            }

            #[inline]
            fn decode(#response_arg: #rt::http::Response<#rt::Bytes>) -> ::core::result::Result<Self::Output, #rt::Error<Self::Error>> {
                #decode
            }
            #streamed
        }

        #respond
        #answers
        #error_type_def
        #paged
    }
}

/// The runtime's `Style` for a style and its `explode`. `spaceDelimited`
/// and `pipeDelimited` exploded are `form` exploded (OpenAPI's table has
/// no row of their own for them).
pub(super) fn runtime_style(cx: &Context<'_>, style: Style, explode: bool) -> Code {
    let rt = cx.rt();
    match (style, explode) {
        (Style::DeepObject, _) => code!(#rt::Style::DeepObject),
        (Style::SpaceDelimited, false) => code!(#rt::Style::SpaceDelimited),
        (Style::PipeDelimited, false) => code!(#rt::Style::PipeDelimited),
        (_, false) => code!(#rt::Style::FormJoined),
        (_, true) => code!(#rt::Style::Form),
    }
}

/// The enum of an endpoint's answers by status (`responses:`), named after
/// the endpoint (`GetStatsResponse`), and the body of its `decode`, which
/// decodes the status received as its variant's body. A status that it
/// does not declare goes where it goes for any endpoint: a documented
/// error, or `Error::UnexpectedStatus` (a success status too).
fn by_status(
    cx: &Context<'_>,
    endpoint: &Endpoint,
    cases: &[StatusResponse],
    response: &Ident,
    depth: usize,
) -> (Ident, Code, Code) {
    let rt = cx.rt();
    let name = answers_name(endpoint);
    let variants = cases.iter().map(|case| {
        let variant = ident::ident(&case.variant);
        let mut doc = format!("{} {}", case.status, status_reason(case.status));
        if let Some(description) = &case.description {
            write!(doc, ": {}", docs::sanitize(description)).ok();
        }
        let doc = docs::attrs(&doc);
        match &case.body {
            Response::Empty | Response::ByStatus(_) => code!(#doc #variant),
            // Validation refuses a stream among answers by status.
            Response::Bytes | Response::Stream(_) => code!(#doc #variant(#rt::Bytes)),
            Response::Json(ty) | Response::Enveloped(ty) => {
                let ty = cx.ty(ty, depth);
                code!(#doc #variant(#ty))
            }
        }
    });
    let arms = cases.iter().map(|case| {
        let variant = ident::ident(&case.variant);
        let status = Number::integer(i64::from(case.status));
        let value = match &case.body {
            Response::Empty | Response::ByStatus(_) => code!(::core::result::Result::Ok(#name::#variant)),
            Response::Bytes | Response::Stream(_) => {
                code!(::core::result::Result::Ok(#name::#variant(#response.into_body())))
            }
            Response::Json(ty) | Response::Enveloped(ty) => {
                let decode = match (&case.body, ty) {
                    (Response::Json(_), Ty::Option(_)) => code!(decode_optional_json_as),
                    (Response::Json(_), _) => code!(decode_json_as),
                    (_, Ty::Option(_)) => code!(decode_optional_enveloped_as),
                    _ => code!(decode_enveloped_as),
                };
                code!(#rt::__private::#decode::<Self, _>(#response).map(#name::#variant))
            }
        };
        code!(#status => #value,)
    });
    let doc = docs::attrs(&format!(
        "The answers of [`{}`], one variant per success status that it declares.",
        endpoint.fn_name
    ));
    let definition = code! {
        #doc
        #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq)]
        pub enum #name {
            #(#variants),*
        }
    };
    let decode = code! {
        match #response.status().as_u16() {
            #(#arms)*
            _ => #rt::__private::undeclared_status::<Self, _>(#response),
        }
    };
    (name, decode, definition)
}

/// The enum of an endpoint's answers by status: `GetStatsResponse`.
pub(super) fn answers_name(endpoint: &Endpoint) -> Ident {
    ident::ident(&format!("{}Response", endpoint.struct_name))
}

/// The reason phrase of a success status, for docs.
fn status_reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non-Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        207 => "Multi-Status",
        208 => "Already Reported",
        226 => "IM Used",
        _ => "Success",
    }
}

/// `request.query_json("filter", …)` (or `header_json`) for a parameter
/// sent as its JSON text: an optional one only when it is set, since the
/// JSON text of nothing would be `null`.
fn json_param(request: &Ident, method: &str, wire: &str, param: &Param) -> Code {
    let (method, name) = (Ident::new_unchecked(method.to_owned()), ident::ident(&param.rust_name));
    if param.required {
        code!(#request.#method(#wire, &self.#name);)
    } else {
        let value = private("value");
        code! {
            if let ::core::option::Option::Some(#value) = &self.#name {
                #request.#method(#wire, #value);
            }
        }
    }
}

/// The body of `fn write_request`: one call per part of the request.
fn write_request(cx: &Context<'_>, endpoint: &Endpoint) -> Code {
    let request = private("request");
    let mut calls = Vec::new();
    for part in &endpoint.path {
        match part {
            PathPart::Literal(text) => calls.push(code!(#request.path_literal(#text);)),
            PathPart::Param(index) => {
                let param = &endpoint.path_params[*index];
                let (wire, name) = (&param.wire_name, ident::ident(&param.rust_name));
                calls.push(code!(#request.path_param(#wire, &self.#name);));
            }
        }
    }
    // Written into the path by the spec (`/responses?beta=true`): sent
    // always, first, as the path says.
    for (name, value) in &endpoint.fixed_query {
        calls.push(code!(#request.query(#name, #value);));
    }
    for param in &endpoint.query {
        let (wire, name) = (&param.wire_name, ident::ident(&param.rust_name));
        let style = runtime_style(cx, param.style, param.explode);
        calls.push(match param.shape {
            Shape::Json => json_param(&request, "query_json", wire, param),
            // A nested value is written by its style at every depth.
            Shape::Object | Shape::Deep => code!(#request.query_object(#wire, &self.#name, #style);),
            // A plain value is `name=value` in every style, and an exploded
            // list repeats the name, as `query` writes them.
            Shape::List if !(param.style == Style::Form && param.explode) => {
                code!(#request.query_list(#wire, &self.#name, #style);)
            }
            Shape::Plain | Shape::List => code!(#request.query(#wire, &self.#name);),
        });
    }
    for param in &endpoint.headers {
        let (wire, name) = (param.wire_name.to_ascii_lowercase(), ident::ident(&param.rust_name));
        let explode = param.explode;
        calls.push(match param.shape {
            Shape::Json => json_param(&request, "header_json", &wire, param),
            Shape::Plain => code!(#request.header(#wire, &self.#name);),
            Shape::List => code!(#request.header_list(#wire, &self.#name);),
            // Only a query parameter is `Deep` (a header has no `deepObject`).
            Shape::Object | Shape::Deep => code!(#request.header_object(#wire, &self.#name, #explode);),
        });
    }
    for param in &endpoint.cookies {
        let (wire, name) = (&param.wire_name, ident::ident(&param.rust_name));
        calls.push(code!(#request.cookie(#wire, &self.#name);));
    }
    if let Some(body) = &endpoint.body {
        let value = private("body");
        let set = match &body.content {
            BodyContent::Json => code!(#request.json_body(#value);),
            BodyContent::JsonAs(media_type) => code!(#request.json_body_as(#value, #media_type);),
            BodyContent::Form if body.encoding.iter().all(|field| field.style == Style::Form && field.explode) => {
                code!(#request.form_body(#value);)
            }
            BodyContent::Form => {
                let styles = body.encoding.iter().map(|field| {
                    let (name, style) = (&field.field, runtime_style(cx, field.style, field.explode));
                    code!((#name, #style))
                });
                code!(#request.form_body_styled(#value, &[#(#styles),*]);)
            }
            BodyContent::Raw(media_type) => code!(#request.bytes_body(#value, #media_type);),
            BodyContent::Multipart(parts) => multipart_parts(cx, &request, &value, &body.ty, parts),
        };
        calls.push(if body.required {
            code! { let #value = &self.body; #set }
        } else {
            code! {
                if let ::core::option::Option::Some(#value) = &self.body {
                    #set
                }
            }
        });
    }
    if let Some(accept) = &endpoint.accept {
        calls.push(code!(#request.accept(#accept);));
    }
    code!(#(#calls)*)
}

/// The parts of a multipart body, one call per field, in the struct's
/// order: `body: { type: UploadForm, content: multipart }`.
fn multipart_parts(cx: &Context<'_>, request: &Ident, body: &Ident, ty: &Ty, parts: &[Part]) -> Code {
    let fields = match ty {
        Ty::Named(index) => match &cx.api.types[*index].kind {
            TypeKind::Struct(fields) => fields.as_slice(),
            _ => &[],
        },
        _ => &[],
    };
    let form = private("parts");
    let value = private("value");
    let calls = parts.iter().filter_map(|part| {
        let field = fields.get(part.field)?;
        let (wire, name) = (&field.json_name, ident::ident(&field.rust_name));
        let content_type = match &part.content_type {
            Some(content_type) => code!(::core::option::Option::Some(#content_type)),
            None => code!(::core::option::Option::None),
        };
        Some(match part.kind {
            PartKind::Text if part.content_type.is_none() => code!(#form.text(#wire, &#body.#name);),
            PartKind::Text => code!(#form.text_as(#wire, &#body.#name, #content_type);),
            PartKind::File => code!(#form.file(#wire, &#body.#name, #content_type);),
            // `None` sends no part, rather than `null`.
            PartKind::Json => {
                let media_type = part.content_type.as_deref().unwrap_or("application/json");
                if matches!(field.ty, Ty::Option(_)) {
                    code! {
                        if let ::core::option::Option::Some(#value) = &#body.#name {
                            #form.json(#wire, #value, #media_type);
                        }
                    }
                } else {
                    code!(#form.json(#wire, &#body.#name, #media_type);)
                }
            }
        })
    });
    code! {
        let #form = #request.multipart_body();
        #(#calls)*
    }
}

/// The constructor's docs: summary, description, the request line, auth,
/// parameters, response and errors.
fn endpoint_doc(cx: &Context<'_>, endpoint: &Endpoint, shared_errors: Option<&str>, depth: usize) -> String {
    let mut doc = String::new();
    let mut paragraph = |text: &str| {
        if !doc.is_empty() {
            doc.push_str("\n\n");
        }
        doc.push_str(text);
    };
    if let Some(summary) = &endpoint.summary {
        paragraph(&docs::sanitize(summary));
    }
    if let Some(description) = &endpoint.description {
        paragraph(&docs::sanitize(description));
    }
    paragraph(&format!("`{} {}`", endpoint.method.as_str(), endpoint.path_template));
    let root = "super::".repeat(depth);
    let scheme_link = |index: usize| {
        let scheme = &cx.api.auth_schemes[index];
        let how = match scheme.kind {
            AuthKind::Bearer => "a bearer token",
            AuthKind::ApiKey { .. } => "an API key",
            AuthKind::Basic => "a username and password (HTTP Basic)",
            AuthKind::OAuth2 { .. } => "an OAuth 2 access token",
            // In backticks: clippy's `doc_markdown` would flag `OpenID` in
            // the user's crate.
            AuthKind::OpenIdConnect { .. } => "an `OpenID Connect` access token",
        };
        format!("{how} of the [`{}`]({root}auth::{}) scheme", scheme.spec_name, scheme.rust_name)
    };
    paragraph(&match &endpoint.auth {
        Auth::Public => "**Authentication:** none.".to_owned(),
        Auth::Required(index) => {
            format!("**Authentication:** {}; a client without one cannot send this.", scheme_link(*index))
        }
        Auth::Optional(index) => {
            format!("**Authentication:** optional: {}, sent when the client has one.", scheme_link(*index))
        }
        Auth::AllOf(schemes) => {
            let all: Vec<String> = schemes.iter().map(|index| scheme_link(*index)).collect();
            format!(
                "**Authentication:** all at once: {}; a client holds them as a tuple, in this order \
                 (`Client::credentials`).",
                all.join(", and ")
            )
        }
        Auth::AnyOf { choices, optional } => {
            let choices: Vec<String> = choices
                .iter()
                .map(|choice| match choice {
                    AuthChoice::One(index) => scheme_link(*index),
                    AuthChoice::All(schemes) => {
                        let all: Vec<String> = schemes.iter().map(|index| scheme_link(*index)).collect();
                        format!("all at once ({}, as a tuple in this order)", all.join(", and "))
                    }
                })
                .collect();
            let without = if *optional {
                "sent when the client has one, the first it has".to_owned()
            } else {
                "the first the client has; a client with none cannot send this".to_owned()
            };
            format!("**Authentication:** one of: {}; {without}.", choices.join(", or "))
        }
    });
    let optional: Vec<String> = endpoint
        .query
        .iter()
        .filter(|param| !param.required)
        .map(|param| format!("- `.{}(…)`: query `{}`", param.rust_name, param.wire_name))
        .chain(
            endpoint
                .headers
                .iter()
                .filter(|param| !param.required)
                .map(|param| format!("- `.{}(…)`: header `{}`", param.rust_name, param.wire_name)),
        )
        .chain(
            endpoint
                .cookies
                .iter()
                .filter(|param| !param.required)
                .map(|param| format!("- `.{}(…)`: cookie `{}`", param.rust_name, param.wire_name)),
        )
        .chain(endpoint.body.iter().filter(|body| !body.required).map(|_| "- `.body(…)`: the request body".to_owned()))
        .collect();
    if !optional.is_empty() {
        paragraph(&format!("**Optional values**, set by builder methods:\n{}", optional.join("\n")));
    }
    paragraph(&match &endpoint.response {
        Response::Empty => "**Response:** none (any success status).".to_owned(),
        Response::ByStatus(cases) => {
            let statuses: Vec<String> =
                cases.iter().map(|case| format!("{} `{}`", case.status, case.variant)).collect();
            format!(
                "**Response:** [`{}Response`], by status: {}; another status is an error.",
                endpoint.struct_name,
                statuses.join(", ")
            )
        }
        Response::Bytes => "**Response:** the body's bytes, as they are.".to_owned(),
        Response::Stream(Streamed::Bytes) => "**Response:** the body's bytes as they arrive, a `ByteStream`: read it chunk by chunk, or write it to a file with constant memory.".to_owned(),
        Response::Stream(Streamed::JsonLines(ty)) => format!("**Response:** a stream of `{}`, one per line of JSON lines, read as they arrive.", cx.ty_doc(ty)),
        Response::Stream(Streamed::Events { data, .. }) => format!("**Response:** a stream of Server-Sent Events whose data is `{}`, read as they arrive; `Client::resume` reconnects after a dropped connection.", cx.ty_doc(data)),
        Response::Json(ty) => format!("**Response:** `{}`.", cx.ty_doc(ty)),
        Response::Enveloped(ty) => {
            format!("**Response:** `{}`; an envelope that reports failure is `Error::Rejected`.", cx.ty_doc(ty))
        }
    });
    if !endpoint.errors.is_empty() {
        let error_name = endpoint.error_name.as_deref().unwrap_or_default();
        let shared = shared_errors.map(|name| format!("{root}errors::{name}"));
        let lines: Vec<String> = endpoint
            .errors
            .iter()
            .map(|error| {
                // The variant as Rust spells it (`Self_`, `r#Type`), or the
                // link would not resolve.
                let variant = ident::ident(&error.rust_name);
                let mut line = match &shared {
                    Some(shared) => format!("- {} [`{error_name}::{variant}`]({shared}::{variant})", error.status),
                    None => format!("- {} [`{error_name}::{variant}`]", error.status),
                };
                if let Some(description) = &error.description {
                    // Its later lines belong to the item: indented under
                    // it here, and as its text below.
                    let description = docs::sanitize(description);
                    let mut lines = description.lines();
                    write!(line, ": {}", lines.next().unwrap_or_default()).ok();
                    for more in lines {
                        let indent = if more.is_empty() { "" } else { "  " };
                        write!(line, "\n{indent}{more}").ok();
                    }
                }
                line
            })
            .collect();
        paragraph(&docs::indent_list_items(&format!("**Errors:**\n{}", lines.join("\n"))));
    }
    if let Some(paging) = &endpoint.paging {
        let by = match &paging.style {
            PagingStyle::Page { param, .. } => format!("by the query parameter `{}`", endpoint.query[*param].wire_name),
            PagingStyle::Cursor { param, from } => {
                format!("by a cursor from `{}` sent as `{}`", json_path(from), endpoint.query[*param].wire_name)
            }
            PagingStyle::NextUrl { from } => format!("by the next page's URL in `{}`", json_path(from)),
            PagingStyle::LinkHeader => "by the `Link` header's next page".to_owned(),
            PagingStyle::Offset { param, .. } => format!("by the offset `{}`", endpoint.query[*param].wire_name),
        };
        paragraph(&format!(
            "**Paged** {by}: `client.pages(…)` goes through the pages, `client.items(…)` through their items."
        ));
    }
    if !endpoint.tags.is_empty() {
        paragraph(&format!("**Tags:** {}", endpoint.tags.join(", ")));
    }
    if let Some(url) = &endpoint.docs_url {
        paragraph(&format!("**Documentation:** <{url}>"));
    }
    doc
}

/// `meta.next_cursor`: a field path as the spec writes it.
pub(super) fn json_path(path: &[FieldStep]) -> String {
    path.iter().map(|step| step.json_name.as_str()).collect::<Vec<_>>().join(".")
}
