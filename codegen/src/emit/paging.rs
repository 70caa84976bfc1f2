//! A paged endpoint's `impl Paged`: how the next page's request is made
//! from a page (a page number, a cursor, a URL from the body or the `Link`
//! header, an offset), and where its items are.

use crate::code::{Code, Ident, Number, code};

use super::Context;
use crate::ident;
use crate::ir::{DefaultValue, Endpoint, FieldStep, Paging, PagingStyle, Param};

/// `impl Paged for <struct_name>`.
pub(super) fn emit_paged(
    cx: &Context<'_>,
    endpoint: &Endpoint,
    paging: &Paging,
    struct_name: &Ident,
    depth: usize,
) -> Code {
    let rt = cx.rt();
    let item = cx.ty(&paging.item, depth);
    // Each style reads the page, the headers, or both; the other is named
    // with a leading underscore, as it is not used.
    let (page, headers) = (code!(page), code!(headers));
    let next = |param: &Param, value: Code| {
        let name = ident::ident(&param.rust_name);
        // An optional parameter is stored as an `Option`.
        let value = if param.required { value } else { code!(::core::option::Option::Some(#value)) };
        code! {
            let mut next = ::core::clone::Clone::clone(self);
            next.#name = #value;
            ::core::option::Option::Some(#rt::NextPage::Endpoint(next))
        }
    };
    let (body, uses_page, uses_headers) = match &paging.style {
        PagingStyle::Page { param, has_next } => {
            let param = &endpoint.query[*param];
            let has_next = borrowed(&page, has_next, false).reference();
            let current = current(param);
            let number = next(param, code!(#rt::__private::next_page_number(#current)?));
            let body = code! {
                if !#rt::__private::has_next(#has_next) {
                    return ::core::option::Option::None;
                }
                #number
            };
            (body, true, false)
        }
        PagingStyle::Cursor { param, from } => {
            let cursor = borrowed(&page, from, true).unwrapped();
            (next(&endpoint.query[*param], code!(#rt::__private::next_cursor(#cursor)?)), true, false)
        }
        PagingStyle::NextUrl { from } => {
            let url = borrowed(&page, from, true).unwrapped();
            (code!(#rt::__private::next_url(#url)), true, false)
        }
        PagingStyle::LinkHeader => (code!(#rt::__private::link_next(#headers)), false, true),
        PagingStyle::Offset { param, total, .. } => {
            let param = &endpoint.query[*param];
            let received = borrowed(&page, &paging.items, true).place();
            let total = match total {
                Some(total) => {
                    let total = optional_chain(&page, total);
                    code!(#rt::__private::total(&#total))
                }
                None => code!(::core::option::Option::None),
            };
            let current = current(param);
            let offset = next(param, code!(#rt::__private::next_offset(#current, #received.len(), #total)?));
            (offset, true, false)
        }
    };
    let page_arg = if uses_page { page } else { code!(_page) };
    let headers_arg = if uses_headers { headers } else { code!(_headers) };
    let items = moved(&code!(page), &paging.items);
    code! {
        impl #rt::Paged for #struct_name {
            type Item = #item;
            #[inline]
            fn next_page(&self, #page_arg: &Self::Output, #headers_arg: &#rt::http::HeaderMap) -> ::core::option::Option<#rt::NextPage<Self>> {
                #body
            }
            #[inline]
            fn into_items(page: Self::Output) -> ::std::vec::Vec<Self::Item> {
                #items
            }
        }
    }
}

/// The page number or offset of this request: an optional one stored as an
/// `Option`, unset meaning its default (`page: { type: i32, default: 1 }`).
fn current(param: &Param) -> Code {
    let name = ident::ident(&param.rust_name);
    let first = match &param.default {
        Some(DefaultValue::Int(first)) => Some(*first),
        Some(DefaultValue::TypeDefault) => Some(0),
        _ => None,
    };
    match first {
        Some(first) if !param.required => {
            let first = Number::integer(first);
            code!(self.#name.unwrap_or(#first))
        }
        _ => code!(self.#name),
    }
}

/// A field reached by reference from the page, `?` ending the paging where
/// an optional field on the way is absent.
struct Borrowed {
    expr: Code,
    /// Whether `expr` is a reference (the last field was optional, and
    /// unwrapped), rather than a place.
    is_reference: bool,
}

impl Borrowed {
    /// A reference to the value, unwrapped if optional.
    fn unwrapped(self) -> Code {
        if self.is_reference { self.expr } else { self.reference() }
    }

    /// A reference to the field as it is (for `has_next` and totals, whose
    /// helpers read an absent value).
    fn reference(self) -> Code {
        let expr = self.expr;
        code!(&#expr)
    }

    /// The value, to call a method on.
    fn place(self) -> Code {
        self.expr
    }
}

/// `page.meta.as_ref()?.next_cursor.as_ref()?`: every optional step
/// unwrapped, but the last one when `unwrap_last` is false (`has_next` and
/// `total`, whose helpers read an absent value).
fn borrowed(page: &Code, path: &[FieldStep], unwrap_last: bool) -> Borrowed {
    let mut expr = page.clone();
    let mut is_reference = false;
    for (index, step) in path.iter().enumerate() {
        let name = ident::ident(&step.rust_name);
        let unwrap = step.optional && (unwrap_last || index + 1 < path.len());
        expr = if unwrap { code!(#expr.#name.as_ref()?) } else { code!(#expr.#name) };
        is_reference = unwrap;
    }
    Borrowed { expr, is_reference }
}

/// `page.meta.as_ref().map(|v| &v.total)`: the field, or an `Option` of a
/// reference to it when an optional field on the way may be absent (an
/// absent total is an unknown one, which does not end the paging).
fn optional_chain(page: &Code, path: &[FieldStep]) -> Code {
    let mut expr = page.clone();
    let mut in_option = false;
    for (index, step) in path.iter().enumerate() {
        let name = ident::ident(&step.rust_name);
        let last = index + 1 == path.len();
        expr = match (in_option, step.optional && !last) {
            (false, false) => code!(#expr.#name),
            (false, true) => code!(#expr.#name.as_ref()),
            (true, false) => code!(#expr.map(|__value| &__value.#name)),
            (true, true) => code!(#expr.and_then(|__value| __value.#name.as_ref())),
        };
        in_option |= step.optional && !last;
    }
    expr
}

/// `page.data`, or through optional fields `page.meta.and_then(|v| v.items)
/// .unwrap_or_default()`: the list of items moved out of the page, empty
/// when an optional field on the way is absent.
fn moved(page: &Code, path: &[FieldStep]) -> Code {
    let mut expr = page.clone();
    let mut in_option = false;
    for step in path {
        let name = ident::ident(&step.rust_name);
        expr = match (in_option, step.optional) {
            (false, _) => code!(#expr.#name),
            (true, false) => code!(#expr.map(|__value| __value.#name)),
            (true, true) => code!(#expr.and_then(|__value| __value.#name)),
        };
        in_option |= step.optional;
    }
    if in_option { code!(#expr.unwrap_or_default()) } else { expr }
}
