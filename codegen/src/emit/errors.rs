//! The error enums: one per distinct list of documented errors.
//!
//! Endpoints that document the same errors (same names, statuses, bodies
//! and descriptions, in the same order) share one enum in `pub mod errors`,
//! named after its variants (`errors::UnauthorizedOrThrottled`), and each
//! of them names it by an alias of its own (`SetCurrentProfileError`). An
//! API whose endpoints all answer the same errors (most OpenAPI documents:
//! `4XX` and `5XX` with one `Error` body) gets one enum instead of one per
//! endpoint: the enum and its `ApiError` impl were half of the code emitted
//! per endpoint, and of what the user's crate type-checks.
//!
//! A list used by one endpoint only keeps its enum in the endpoint's module,
//! under the endpoint's name, as does a list whose variant names join to
//! the same name as another list's (two lists of `Unauthorized` and
//! `NotFound` with different descriptions): neither gets the shared name,
//! so no name depends on the order of the spec.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::code::{Code, Ident, Number, code};

use super::{Context, docs, private};
use crate::ident;
use crate::ir::{Builtin, Endpoint, ErrorCase, ErrorStatus, Group, Ty, TypeKind};

/// Which error lists are shared, by the name of their enum in `pub mod errors`.
pub(super) struct SharedErrors<'a> {
    /// Joined variant names → the list that has that name; `None` when two
    /// different lists join to the name.
    by_name: HashMap<String, Option<ErrorList<'a>>>,
}

/// One list of documented errors and the endpoints that document it.
struct ErrorList<'a> {
    errors: &'a [ErrorCase],
    users: usize,
    /// The first endpoint that documents it, for the docs: its path from
    /// the types' module and its alias.
    example: (String, &'a str),
}

impl<'a> SharedErrors<'a> {
    pub(super) fn new(root: &'a Group) -> Self {
        let mut by_name: HashMap<String, Option<ErrorList<'a>>> = HashMap::new();
        let mut pending = vec![(root, "endpoints".to_owned())];
        while let Some((group, path)) = pending.pop() {
            // Children in reverse, so that the first endpoint in spec order
            // is the example.
            pending.extend(group.groups.iter().rev().map(|child| (child, format!("{path}::{}", child.rust_name))));
            for endpoint in &group.endpoints {
                let Some(alias) = &endpoint.error_name else { continue };
                let errors = endpoint.errors.as_slice();
                by_name
                    .entry(joined_name(errors))
                    .and_modify(|seen| match seen {
                        Some(list) if list.errors == errors => list.users += 1,
                        _ => *seen = None,
                    })
                    .or_insert_with(|| {
                        let example = (format!("{path}::{}", endpoint.fn_name), alias.as_str());
                        Some(ErrorList { errors, users: 1, example })
                    });
            }
        }
        Self { by_name }
    }

    /// The name of the shared enum that holds `errors`, if they have one.
    pub(super) fn name_of(&self, errors: &[ErrorCase]) -> Option<String> {
        let name = joined_name(errors);
        match self.by_name.get(&name) {
            Some(Some(list)) if list.users > 1 && list.errors == errors => Some(name),
            _ => None,
        }
    }

    /// `pub mod errors` with the shared enums, in name order so that the
    /// output does not depend on hashing.
    pub(super) fn emit(&self, cx: &Context<'_>) -> Option<Code> {
        let mut shared: Vec<(&String, &ErrorList<'_>)> = self
            .by_name
            .iter()
            .filter_map(|(name, seen)| seen.as_ref().filter(|list| list.users > 1).map(|list| (name, list)))
            .collect();
        if shared.is_empty() {
            return None;
        }
        shared.sort_by(|a, b| a.0.cmp(b.0));
        let enums = shared.iter().map(|(name, list)| {
            let (example_path, example_alias) = &list.example;
            let example_fn = example_path.rsplit("::").next().unwrap_or(example_path);
            let doc = format!(
                "The errors that {} endpoints document alike; each names this enum by an alias of its own, \
                 such as `{example_alias}` for [`{example_fn}`](super::{example_path}). Anything else is \
                 another variant of `Error`.",
                list.users
            );
            emit_enum(cx, &ident::ident(name), list.errors, 1, &doc)
        });
        let allow = super::allow_unused();
        Some(code! {
            /// The error enums that several endpoints share, because they
            /// document the same errors.
            #allow
            pub mod errors {
                #(#enums)*
            }
        })
    }
}

/// The variants' names joined: `UnauthorizedOrThrottled`.
fn joined_name(errors: &[ErrorCase]) -> String {
    let mut name = String::new();
    for (index, error) in errors.iter().enumerate() {
        if index > 0 {
            name.push_str("Or");
        }
        // `Self_` and not `r#…`: the joined name is a plain identifier.
        name.push_str(error.rust_name.trim_start_matches("r#"));
    }
    name
}

/// The error type of `endpoint` in its module, `depth` levels below the
/// types: an alias of the shared enum `shared_name`, or an enum of its own.
/// (The endpoint's docs link the shared enum's variants, not the alias's:
/// rustdoc does not resolve a variant through an alias.)
pub(super) fn emit_for_endpoint(
    cx: &Context<'_>,
    endpoint: &Endpoint,
    shared_name: Option<&str>,
    depth: usize,
) -> Option<Code> {
    let name = ident::ident(endpoint.error_name.as_ref()?);
    match shared_name {
        Some(shared_name) => {
            let doc = docs::attrs(&format!(
                "The errors documented for [`{}`]: the shared [`errors::{shared_name}`]({}errors::{shared_name}).",
                endpoint.fn_name,
                "super::".repeat(depth)
            ));
            let supers = std::iter::repeat_n(code!(super::), depth);
            let shared_name = ident::ident(shared_name);
            Some(code! {
                #doc
                pub type #name = #(#supers)* errors::#shared_name;
            })
        }
        None => {
            let doc = format!(
                "The errors documented for [`{}`]; anything else is another variant of `Error`.",
                endpoint.fn_name
            );
            Some(emit_enum(cx, &name, &endpoint.errors, depth, &doc))
        }
    }
}

fn emit_enum(cx: &Context<'_>, name: &Ident, errors: &[ErrorCase], depth: usize, doc: &str) -> Code {
    let rt = cx.rt();
    let (status, body) = (private("status"), private("body"));
    let variants = errors.iter().map(|error| {
        let variant = ident::ident(&error.rust_name);
        let payload = match &error.body {
            Some(ty) => cx.ty(ty, depth),
            None => code!(#rt::BodyExcerpt),
        };
        let mut doc = format!("{} `{}`", error.status, error.spec_name);
        if let Some(description) = &error.description {
            write!(doc, ": {}", docs::sanitize(description)).ok();
        }
        if !error.status.is_exact() {
            doc.push_str("\n\nHolds the status that arrived");
            doc.push_str(if error.body.is_none() { " and the start of the response body." } else { " and the body." });
        } else if error.body.is_none() {
            doc.push_str("\n\nHolds the start of the response body.");
        }
        let doc = docs::attrs(&doc);
        if error.status.is_exact() {
            code!(#doc #variant(#payload))
        } else {
            code!(#doc #variant(#rt::StatusCode, #payload))
        }
    });
    // Exact statuses first, then the classes, then `default`: a `match`
    // takes the first arm that fits.
    let mut ordered: Vec<&ErrorCase> = errors.iter().collect();
    ordered.sort_by_key(|error| match error.status {
        ErrorStatus::Code(_) => 0,
        ErrorStatus::Class(_) => 1,
        ErrorStatus::Default => 2,
    });
    // A class whose every status is documented on its own never matches: its
    // arm would be unreachable (rustc warns), so there is none.
    let exact: Vec<u16> = errors
        .iter()
        .filter_map(|error| if let ErrorStatus::Code(code) = error.status { Some(code) } else { None })
        .collect();
    let covered = |class: u8| (u16::from(class) * 100..=u16::from(class) * 100 + 99).all(|code| exact.contains(&code));
    ordered.retain(|error| !matches!(error.status, ErrorStatus::Class(class) if covered(class)));
    let decode_arms: Vec<(Code, Code)> = ordered
        .iter()
        .map(|error| {
            let variant = ident::ident(&error.rust_name);
            let pattern = match error.status {
                ErrorStatus::Code(code) => {
                    let code = Number::integer(code);
                    code!(#code)
                }
                ErrorStatus::Class(class) => {
                    let low = Number::integer(u16::from(class) * 100);
                    let high = Number::integer(u16::from(class) * 100 + 99);
                    code!(#low..=#high)
                }
                ErrorStatus::Default => code!(_),
            };
            let held_status = (!error.status.is_exact()).then(|| code!(#status,));
            let decoded = match (&error.body, &held_status) {
                (Some(_), None) => code!(#rt::__private::from_json(#body).map(Self::#variant)),
                (Some(_), Some(_)) => code! {
                    #rt::__private::from_json(#body).map(|__value| Self::#variant(#held_status __value))
                },
                (None, _) => {
                    code!(::core::result::Result::Ok(Self::#variant(#held_status #rt::__private::error_body(#body))))
                }
            };
            (pattern, decoded)
        })
        .collect();
    let has_default = errors.iter().any(|error| error.status == ErrorStatus::Default);
    // A lone `default` error takes every status: no `match` of one `_` arm,
    // which clippy's `match_single_binding` rejects.
    let decode = match decode_arms.as_slice() {
        [(_, decoded)] if has_default => code!(::core::option::Option::Some(#decoded)),
        _ => {
            let arms =
                decode_arms.iter().map(|(pattern, decoded)| code!(#pattern => ::core::option::Option::Some(#decoded),));
            let fallback = (!has_default).then(|| code!(_ => ::core::option::Option::None,));
            code! {
                match #status.as_u16() {
                    #(#arms)*
                    #fallback
                }
            }
        }
    };
    let info_arms = errors.iter().map(|error| {
        let variant = ident::ident(&error.rust_name);
        let documented = error.status.to_string();
        let spec_name = &error.spec_name;
        let description = error.description.as_deref().unwrap_or("");
        let pattern = if error.status.is_exact() { code!(Self::#variant(_)) } else { code!(Self::#variant(..)) };
        code! {
            #pattern => &#rt::ErrorInfo { status: #documented, name: #spec_name, description: #description },
        }
    });
    let mut status_arms: Vec<Code> = errors
        .iter()
        .filter_map(|error| {
            let ErrorStatus::Code(code) = error.status else { return None };
            let variant = ident::ident(&error.rust_name);
            let code = Number::integer(code);
            Some(code!(Self::#variant(_) => #rt::StatusCode::from_u16(#code).unwrap_or(#rt::StatusCode::INTERNAL_SERVER_ERROR),))
        })
        .collect();
    // The variants that hold the status that arrived, in one arm.
    let holding: Vec<Code> = errors
        .iter()
        .filter(|error| !error.status.is_exact())
        .map(|error| {
            let variant = ident::ident(&error.rust_name);
            code!(Self::#variant(#status, _))
        })
        .collect();
    if !holding.is_empty() {
        status_arms.push(code!(#(#holding)|* => *#status,));
    }
    let message = emit_message(cx, errors);
    let error_response = super::respond::emit_error_response(cx, name, errors);
    let doc = docs::attrs(doc);
    code! {
        #doc
        #[derive(::core::fmt::Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants,)*
        }

        impl #rt::ApiError for #name {
            #[inline]
            fn from_response(#status: #rt::StatusCode, #body: &[u8]) -> ::core::option::Option<::core::result::Result<Self, #rt::JsonError>> {
                #decode
            }

            #[inline]
            fn info(&self) -> &'static #rt::ErrorInfo {
                match self {
                    #(#info_arms)*
                }
            }

            fn status(&self) -> #rt::StatusCode {
                match self {
                    #(#status_arms)*
                }
            }

            #message
        }

        #error_response
    }
}

/// The fields that APIs put an error's message in, in the order the
/// runtime looks for them in a body without a type (`MESSAGE_FIELDS` in
/// `runtime/src/error.rs`; the two lists must agree).
const MESSAGE_FIELDS: [&str; 6] = ["message", "detail", "error_description", "title", "msg", "error"];

/// `ApiError::message`: for each variant, the server's message in its body.
/// A body without a type is looked into at run time; a typed one gives its
/// string field of one of [`MESSAGE_FIELDS`] (none marked `secret`), or
/// itself when it is a string. `None` when no variant can have one (the
/// trait's default).
fn emit_message(cx: &Context<'_>, errors: &[ErrorCase]) -> Option<Code> {
    let body = private("body");
    let cow = code!(::std::borrow::Cow);
    // The variants without a body type all hold a `BodyExcerpt`, and those
    // of one body type read the same field: one arm each (pedantic clippy
    // refuses two arms alike).
    let mut excerpts = Vec::new();
    let mut typed: Vec<(&Ty, Vec<Code>, MessageIn)> = Vec::new();
    let mut every_variant = true;
    for error in errors {
        let variant = ident::ident(&error.rust_name);
        let pattern =
            if error.status.is_exact() { code!(Self::#variant(#body)) } else { code!(Self::#variant(_, #body)) };
        match &error.body {
            None => excerpts.push(pattern),
            Some(ty) => match typed.iter_mut().find(|(seen, _, _)| *seen == ty) {
                Some((_, patterns, _)) => patterns.push(pattern),
                None => match message_of_typed(cx, ty) {
                    Some(place) => typed.push((ty, vec![pattern], place)),
                    None => every_variant = false,
                },
            },
        }
    }
    let mut arms = Vec::new();
    if !excerpts.is_empty() {
        arms.push(code!(#(#excerpts)|* => #body.message().map(#cow::Owned),));
    }
    for (_, patterns, place) in &typed {
        let message = place.read(&body);
        arms.push(code!(#(#patterns)|* => #message,));
    }
    if arms.is_empty() {
        return None;
    }
    let rest = (!every_variant).then(|| code!(_ => ::core::option::Option::None,));
    Some(code! {
        fn message(&self) -> ::core::option::Option<::std::borrow::Cow<'_, str>> {
            match self {
                #(#arms)*
                #rest
            }
        }
    })
}

/// Where the message is in a typed body.
enum MessageIn {
    /// The body is a string.
    Whole,
    /// A `string` field.
    Field(Ident),
    /// A `string?` field.
    OptionalField(Ident),
}

impl MessageIn {
    /// The message of the body named `body`.
    fn read(&self, body: &Ident) -> Code {
        let cow = code!(::std::borrow::Cow);
        match self {
            Self::Whole => code!(::core::option::Option::Some(#cow::Borrowed(#body.as_str()))),
            Self::Field(name) => code!(::core::option::Option::Some(#cow::Borrowed(#body.#name.as_str()))),
            Self::OptionalField(name) => code!(#body.#name.as_deref().map(#cow::Borrowed)),
        }
    }
}

/// Where the message is in a body of type `ty`: its string field named
/// one of [`MESSAGE_FIELDS`], or the body itself when it is a string.
fn message_of_typed(cx: &Context<'_>, ty: &Ty) -> Option<MessageIn> {
    match ty {
        Ty::Builtin(Builtin::String) => Some(MessageIn::Whole),
        Ty::Named(index) => {
            let def = &cx.api.types[*index];
            let TypeKind::Struct(fields) = &def.kind else { return None };
            if def.secret {
                return None;
            }
            let field = MESSAGE_FIELDS.iter().find_map(|name| {
                fields.iter().find(|field| field.json_name == *name && !field.secret && !field.flatten)
            })?;
            let name = ident::ident(&field.rust_name);
            match &field.ty {
                Ty::Builtin(Builtin::String) => Some(MessageIn::Field(name)),
                Ty::Option(inner) if **inner == Ty::Builtin(Builtin::String) => Some(MessageIn::OptionalField(name)),
                _ => None,
            }
        }
        _ => None,
    }
}
