//! What the `mocks` option adds: per endpoint an `impl Respond`, the answer
//! a server sends for its output (the mirror of its `decode`), and per
//! error enum the answer of each documented error.

use crate::code::{Code, Ident, Number, code};

use super::{Context, private};
use crate::ident;
use crate::ir::{Endpoint, ErrorCase, Response, Ty};

/// `impl Respond` for the endpoint `struct_name`; `None` without the option, and
/// for a streamed endpoint, whose output is read as it arrives and cannot
/// be written back (see `runtime/src/respond.rs`).
pub(super) fn emit_respond(cx: &Context<'_>, endpoint: &Endpoint, struct_name: &Ident) -> Option<Code> {
    if !cx.sides.answers || matches!(endpoint.response, Response::Stream(_)) {
        return None;
    }
    let rt = cx.rt();
    let (output, error) = (private("output"), private("error"));
    let accept = endpoint.accept.as_deref();
    let respond = match &endpoint.response {
        Response::ByStatus(cases) => {
            let answers = super::endpoints::answers_name(endpoint);
            let value = private("value");
            let arms = cases.iter().map(|case| {
                let variant = ident::ident(&case.variant);
                let status = Number::integer(i64::from(case.status));
                let accept = case.accept.as_deref();
                match &case.body {
                    Response::Empty | Response::ByStatus(_) => {
                        code!(#answers::#variant => #rt::__private::respond_empty_as(#status),)
                    }
                    Response::Bytes | Response::Stream(_) => {
                        let media_type = bytes_media_type(accept);
                        code!(#answers::#variant(#value) => #rt::__private::respond_bytes_as(#status, #value, #media_type),)
                    }
                    Response::Json(ty) | Response::Enveloped(ty) => {
                        let media_type = json_media_type(accept);
                        if matches!(ty, Ty::Option(_)) {
                            code!(#answers::#variant(#value) => #rt::__private::respond_optional_json_as(#status, #value.as_ref(), #media_type),)
                        } else {
                            code!(#answers::#variant(#value) => #rt::__private::respond_json_as(#status, #value, #media_type),)
                        }
                    }
                }
            });
            code! {
                match #output {
                    #(#arms)*
                }
            }
        }
        Response::Empty => code!(#rt::__private::respond_empty::<Self>(#output)),
        Response::Bytes => {
            let media_type = bytes_media_type(accept);
            code!(#rt::__private::respond_bytes::<Self>(#output, #media_type))
        }
        // An envelope is the output whole: written as any JSON.
        Response::Json(Ty::Option(_)) | Response::Enveloped(Ty::Option(_)) => {
            let media_type = json_media_type(accept);
            code!(#rt::__private::respond_optional_json::<Self, _>(#output, #media_type))
        }
        Response::Json(_) | Response::Enveloped(_) => {
            let media_type = json_media_type(accept);
            code!(#rt::__private::respond_json::<Self>(#output, #media_type))
        }
        Response::Stream(_) => return None,
    };
    Some(code! {
        impl #rt::Respond for #struct_name {
            #[inline]
            fn respond(#output: &Self::Output) -> #rt::http::Response<#rt::Bytes> {
                #respond
            }

            #[inline]
            fn respond_error(#error: &Self::Error) -> #rt::http::Response<#rt::Bytes> {
                #rt::__private::respond_error::<Self>(#error)
            }
        }
    })
}

/// `impl ErrorResponse` for the error enum `name`: each error's status and
/// body, its typed body as JSON or its excerpt's text. `None` without the
/// option.
pub(super) fn emit_error_response(cx: &Context<'_>, name: &Ident, errors: &[ErrorCase]) -> Option<Code> {
    if !cx.sides.answers {
        return None;
    }
    let rt = cx.rt();
    let (status, body) = (private("status"), private("body"));
    // One arm for the excerpts and one per body type, the variants of each
    // joined (pedantic clippy refuses two arms alike).
    let mut excerpts = Vec::new();
    let mut typed: Vec<(&Ty, Vec<Code>)> = Vec::new();
    for error in errors {
        let variant = ident::ident(&error.rust_name);
        let pattern =
            if error.status.is_exact() { code!(Self::#variant(#body)) } else { code!(Self::#variant(_, #body)) };
        match &error.body {
            None => excerpts.push(pattern),
            Some(ty) => match typed.iter_mut().find(|(seen, _)| *seen == ty) {
                Some((_, patterns)) => patterns.push(pattern),
                None => typed.push((ty, vec![pattern])),
            },
        }
    }
    let excerpt_arm =
        (!excerpts.is_empty()).then(|| code!(#(#excerpts)|* => #rt::__private::respond_error_excerpt(#status, #body),));
    let typed_arms =
        typed.iter().map(|(_, patterns)| code!(#(#patterns)|* => #rt::__private::respond_error_json(#status, #body),));
    Some(code! {
        impl #rt::__private::ErrorResponse for #name {
            #[inline]
            fn error_response(&self) -> #rt::http::Response<#rt::Bytes> {
                let #status = #rt::ApiError::status(self);
                match self {
                    #excerpt_arm
                    #(#typed_arms)*
                }
            }
        }
    })
}

/// The first media type of an `Accept`, without its parameters, unless it
/// is a range (`*/*`, `image/*`).
fn first_media_type(accept: Option<&str>) -> Option<&str> {
    let first = accept?.split(',').next()?.split(';').next()?.trim();
    (!first.is_empty() && !first.contains('*')).then_some(first)
}

/// The `Content-Type` of a JSON answer: the JSON media type the endpoint
/// asks for (`application/vnd.github+json`), or `application/json`.
fn json_media_type(accept: Option<&str>) -> String {
    first_media_type(accept).filter(|media_type| media_type.ends_with("json")).unwrap_or("application/json").to_owned()
}

/// The `Content-Type` of a `bytes` answer: the media type the endpoint asks
/// for (`application/pdf`), or `application/octet-stream` when it asks for
/// any or none.
fn bytes_media_type(accept: Option<&str>) -> String {
    first_media_type(accept).unwrap_or("application/octet-stream").to_owned()
}

#[cfg(test)]
mod tests {
    use super::{bytes_media_type, json_media_type};

    #[test]
    fn the_answer_has_the_media_type_asked_for() {
        assert_eq!(json_media_type(None), "application/json");
        assert_eq!(json_media_type(Some("application/vnd.github+json")), "application/vnd.github+json");
        assert_eq!(json_media_type(Some("application/problem+json; q=0.9, text/plain")), "application/problem+json");
        assert_eq!(json_media_type(Some("*/*")), "application/json");
        assert_eq!(bytes_media_type(Some("application/pdf")), "application/pdf");
        assert_eq!(bytes_media_type(Some("image/*")), "application/octet-stream");
        assert_eq!(bytes_media_type(None), "application/octet-stream");
    }
}
