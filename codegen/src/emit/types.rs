//! The spec's types: structs, envelopes, newtypes, enums and aliases.

use std::fmt::Write as _;

use crate::code::{Code, Ident, Number, code};

use super::{Context, allow_unused, docs, helper, private};
use crate::ident;
use crate::ir::{
    Builtin, DefaultValue, EnumVariant, EnvelopeRoles, Field, IntVariant, Ty, TypeDef, TypeKind, Union, Usage,
};

pub(super) fn emit(cx: &Context<'_>, def: &TypeDef) -> Code {
    let doc = docs::attrs(&match &def.description {
        Some(description) => docs::sanitize(description),
        None => format!("The `{}` type of the spec.", def.spec_name),
    });
    match &def.kind {
        TypeKind::Struct(fields) => emit_struct(cx, def, &doc, fields, None),
        TypeKind::Envelope { fields, roles } => emit_struct(cx, def, &doc, fields, Some(roles)),
        TypeKind::Newtype(inner) => emit_newtype(cx, def, &doc, inner),
        TypeKind::Enum(variants) => emit_enum(cx, def, &doc, variants),
        TypeKind::IntEnum(variants) => emit_int_enum(cx, def, &doc, variants),
        TypeKind::Union(union) => emit_union(cx, def, &doc, union),
        TypeKind::Alias(target) => {
            let name = ident::ident(&def.rust_name);
            let target = cx.ty(target, 0);
            let allow = allow_unused();
            code! { #doc #allow pub type #name = #target; }
        }
    }
}

/// `#[derive(...)]` and `#[serde(crate = ...)]` for a type with `usage`;
/// `extra` is more derives.
fn derives(cx: &Context<'_>, usage: Usage, debug: bool, extra: &[Code]) -> Code {
    let rt = cx.rt();
    let serde_crate = &cx.runtime.serde_crate;
    let mut derived = Vec::new();
    if debug {
        derived.push(code!(::core::fmt::Debug));
    }
    derived.extend([code!(::core::clone::Clone), code!(::core::cmp::PartialEq)]);
    derived.extend(extra.iter().cloned());
    if usage.serialize {
        derived.push(code!(#rt::__private::serde::Serialize));
    }
    if usage.deserialize {
        derived.push(code!(#rt::__private::serde::Deserialize));
    }
    let serde_attr = (usage.serialize || usage.deserialize).then(|| code!(#[serde(crate = #serde_crate)]));
    code! {
        #[derive(#(#derived),*)]
        #serde_attr
    }
}

fn emit_struct(cx: &Context<'_>, def: &TypeDef, doc: &Code, fields: &[Field], roles: Option<&EnvelopeRoles>) -> Code {
    let rt = cx.rt();
    let name = ident::ident(&def.rust_name);
    let generic = roles.is_some_and(EnvelopeRoles::has_payload);
    let generics = generic.then(|| code!(<T>));
    let has_secret = fields.iter().any(|field| field.secret);
    // A struct of optional fields only (a PATCH body, say) can start empty:
    // `ProfileUpdate { full_name: Some(…), ..Default::default() }`.
    let all_optional =
        roles.is_none() && !fields.is_empty() && fields.iter().all(|field| matches!(field.ty, Ty::Option(_)));
    let default: Vec<Code> = all_optional.then(|| code!(::core::default::Default)).into_iter().collect();
    // A plain struct gets a `Deserialize` impl of its own (below), far
    // smaller than serde's derive; a generic envelope keeps the derive.
    let own_deserialize = def.usage.deserialize && !generic;
    let derived_usage = Usage { deserialize: def.usage.deserialize && generic, ..def.usage };
    let derive = derives(cx, derived_usage, !has_secret, &default);
    let mut default_fns = Vec::new();
    let field_tokens = fields.iter().map(|field| {
        let field_name = ident::ident(&field.rust_name);
        let ty = cx.ty(&field.ty, 0);
        let mut doc = match &field.description {
            Some(description) => docs::sanitize(description),
            None if field.flatten => "The properties that are not fields, by name.".to_owned(),
            None => format!("The `{}` field.", field.json_name),
        };
        // spec: `per_page: { type: i32, default: 30 }`
        if let Some(default) = &field.default {
            let value = docs::code_span(&docs::default_value(cx.api, default, &field.ty));
            write!(doc, "\n\nDefaults to {value} when the JSON leaves it out.").ok();
        }
        let doc = docs::attrs(&doc);
        let mut serde = Vec::new();
        // serde names a field after its identifier without `r#`: `r#type`
        // is `type`, but `self_` (for `self`) is `self_`.
        let serde_name = field_name.to_string();
        if field.flatten && (derived_usage.serialize || derived_usage.deserialize) {
            // Its entries sit next to the fields; its own name is no key.
            serde.push(code!(flatten));
        } else if (derived_usage.serialize || derived_usage.deserialize)
            && field.json_name != serde_name.trim_start_matches("r#")
        {
            let json_name = &field.json_name;
            serde.push(code!(rename = #json_name));
        }
        if def.usage.deserialize {
            match &field.default {
                Some(DefaultValue::TypeDefault) if derived_usage.deserialize => serde.push(code!(default)),
                Some(DefaultValue::TypeDefault) | None => {}
                Some(value) => {
                    let function = default_fn_name(def, field);
                    if derived_usage.deserialize {
                        let path = function.to_string();
                        serde.push(code!(default = #path));
                    }
                    let value = default_value(cx, value, &field.ty, 0);
                    let allow = allow_unused();
                    default_fns.push(code! { #allow fn #function() -> #ty { #value } });
                }
            }
        }
        if def.usage.serialize && matches!(field.ty, Ty::Option(_)) {
            serde.push(code!(skip_serializing_if = "::core::option::Option::is_none"));
        }
        let serde = (!serde.is_empty()).then(|| code!(#[serde(#(#serde),*)]));
        // Clippy's limit is 250: a margin for what the estimate misses.
        let complex = (nesting_score(&field.ty, 1) > 200)
            .then(|| code!(#[allow(clippy::type_complexity, reason = "the API nests the field's type this deep")]));
        code! { #doc #serde #complex pub #field_name: #ty }
    });
    let field_tokens: Vec<Code> = field_tokens.collect();
    let many_bools = (fields.iter().filter(|field| field.ty == Ty::Builtin(Builtin::Bool)).count() > 3)
        .then(|| code!(#[allow(clippy::struct_excessive_bools, reason = "the API's JSON has these flags")]));
    let debug_impl = has_secret.then(|| {
        let type_name = &def.rust_name;
        let entries = fields.iter().map(|field| {
            let field_name = ident::ident(&field.rust_name);
            let label = &field.rust_name;
            if field.secret { code!(.field(#label, &"<redacted>")) } else { code!(.field(#label, &self.#field_name)) }
        });
        let bound = generic.then(|| code!(<T: ::core::fmt::Debug>));
        code! {
            impl #bound ::core::fmt::Debug for #name #generics {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.debug_struct(#type_name) #(#entries)* .finish()
                }
            }
        }
    });
    let envelope_impls = roles.map(|roles| {
        let envelope_impl = roles.success.map(|success| {
            let json = |index: Option<usize>| match index {
                Some(index) => {
                    let name = &fields[index].json_name;
                    code!(::core::option::Option::Some(#name))
                }
                None => code!(::core::option::Option::None),
            };
            let success_json = &fields[success].json_name;
            let (status, message, errors) = (json(roles.status), json(roles.message), json(roles.errors));
            let success = ident::ident(&fields[success].rust_name);
            let status_check = roles.status.map(|index| {
                let status = ident::ident(&fields[index].rust_name);
                code!(&& !#rt::__private::status_failed(&self.#status))
            });
            code! {
                impl #generics #rt::Envelope for #name #generics {
                    const FIELDS: #rt::EnvelopeFields = #rt::EnvelopeFields {
                        success: #success_json,
                        status: #status,
                        message: #message,
                        errors: #errors,
                    };
                    fn succeeded(&self) -> bool {
                        self.#success #status_check
                    }
                }
            }
        });
        let into_value = roles.value.map(|index| {
            let value = ident::ident(&fields[index].rust_name);
            let ty = cx.ty(&fields[index].ty, 0);
            let allow = allow_unused();
            code! {
                #allow
                impl<T> #name<T> {
                    /// The payload, for when the outcome fields are not needed.
                    pub fn into_value(self) -> #ty {
                        self.#value
                    }
                }
            }
        });
        code! {
            #envelope_impl
            #into_value
        }
    });
    let deserialize_impl = own_deserialize.then(|| deserialize_struct(cx, def, fields));
    let allow = allow_unused();
    code! {
        #doc
        #derive
        #many_bools
        #allow
        pub struct #name #generics {
            #(#field_tokens,)*
        }
        #debug_impl
        #envelope_impls
        #deserialize_impl
        #(#default_fns)*
    }
}

fn default_fn_name(def: &TypeDef, field: &Field) -> Ident {
    helper("default", &[&ident::snake(&def.rust_name), &field.rust_name])
}

/// `Deserialize` for a struct: from a JSON object only, each key matched
/// against the fields' JSON names, unknown keys skipped, the errors serde's
/// (`runtime/src/object.rs` says why not the derive).
fn deserialize_struct(cx: &Context<'_>, def: &TypeDef, fields: &[Field]) -> Code {
    let rt = cx.rt();
    let serde = code!(#rt::__private::serde);
    let name = ident::ident(&def.rust_name);
    let type_name = &def.rust_name;
    let (visitor, map, key) = (private("Visitor"), private("map"), private("key"));
    // Locals by position: field names are the API's and may be anything.
    let slots: Vec<Ident> = (0..fields.len()).map(|index| private(&format!("field{index}"))).collect();
    let keyed = || fields.iter().zip(&slots).filter(|(field, _)| !field.flatten);
    let arms = keyed().map(|(field, slot)| {
        let json_name = &field.json_name;
        code!(#json_name => #rt::__private::read_field(#map, &mut #slot, #json_name),)
    });
    let starts = fields.iter().zip(&slots).map(|(field, slot)| {
        if field.flatten {
            code!(let mut #slot = ::std::collections::BTreeMap::new();)
        } else {
            code!(let mut #slot = ::core::option::Option::None;)
        }
    });
    // A key that is no field goes to the flattened map, if there is one.
    let other = match fields.iter().zip(&slots).find(|(field, _)| field.flatten) {
        Some((_, slot)) => code!(#rt::__private::read_additional(#map, &mut #slot, #key)),
        None => code!(#rt::__private::skip_value(#map)),
    };
    // Only a flattened map: every key is its, with no `match` of one `_` arm
    // (clippy's `match_single_binding`).
    let read = if keyed().next().is_none() {
        other
    } else {
        code!(match #key {
            #(#arms)*
            _ => #other,
        })
    };
    let values = fields.iter().zip(&slots).map(|(field, slot)| {
        let field_name = ident::ident(&field.rust_name);
        let json_name = &field.json_name;
        if field.flatten {
            return code!(#field_name: #slot);
        }
        let value = match &field.default {
            Some(DefaultValue::TypeDefault) => code!(::core::option::Option::unwrap_or_default(#slot)),
            Some(_) => {
                let function = default_fn_name(def, field);
                code!(::core::option::Option::unwrap_or_else(#slot, #function))
            }
            // Absent is `None` for an optional field, and an error for others.
            None => code!(#rt::__private::field_value(#slot, #json_name)?),
        };
        code!(#field_name: #value)
    });
    code! {
        impl<'de> #serde::Deserialize<'de> for #name {
            fn deserialize<__D: #serde::Deserializer<'de>>(deserializer: __D) -> ::core::result::Result<Self, __D::Error> {
                struct #visitor;
                impl<'de> #serde::de::Visitor<'de> for #visitor {
                    type Value = #name;
                    fn expecting(&self, formatter: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        #rt::__private::expecting_object(formatter, #type_name)
                    }
                    fn visit_map<__A: #serde::de::MapAccess<'de>>(self, mut #map: __A) -> ::core::result::Result<#name, __A::Error> {
                        #(#starts)*
                        #rt::__private::read_object(&mut #map, |#map, #key| #read)?;
                        ::core::result::Result::Ok(#name { #(#values,)* })
                    }
                }
                #serde::Deserializer::deserialize_map(deserializer, #visitor)
            }
        }
    }
}

fn default_value(cx: &Context<'_>, value: &DefaultValue, ty: &Ty, depth: usize) -> Code {
    match value {
        DefaultValue::TypeDefault => code!(::core::default::Default::default()),
        DefaultValue::Bool(value) => code!(#value),
        DefaultValue::Int(value) => {
            let literal = Number::integer(*value);
            code!(#literal)
        }
        DefaultValue::Float(value) => {
            let literal = Number::float(*value);
            code!(#literal)
        }
        DefaultValue::Str(value) => code!(::std::string::String::from(#value)),
        DefaultValue::Variant(variant) => {
            let path = cx.ty(ty, depth);
            let variant = ident::ident(variant);
            code!(#path::#variant)
        }
        // Checked at generation against a subset of what the parse takes.
        DefaultValue::Parsed(text) => {
            let rt = cx.rt();
            code!(#rt::__private::checked_default(#text))
        }
        DefaultValue::Bytes(_, bytes) => {
            let rt = cx.rt();
            let bytes = bytes.iter().map(|byte| Number::integer(*byte));
            // An array, not `vec!`: the printer lays out calls, not macros.
            code!(#rt::Base64Bytes(::std::vec::Vec::from([#(#bytes),*])))
        }
        DefaultValue::Newtype(inner, inner_ty) => {
            let path = cx.ty(ty, depth);
            let inner = default_value(cx, inner, inner_ty, depth);
            code!(#path(#inner))
        }
    }
}

fn emit_newtype(cx: &Context<'_>, def: &TypeDef, doc: &Code, inner: &Ty) -> Code {
    let rt = cx.rt();
    let name = ident::ident(&def.rust_name);
    let inner_ty = cx.ty(inner, 0);
    // Ids are the common newtype: make them usable as map keys and copyable.
    let ordered =
        [code!(::core::cmp::Eq), code!(::core::hash::Hash), code!(::core::cmp::PartialOrd), code!(::core::cmp::Ord)];
    let extra: Vec<Code> = if inner.is_integer_or_bool() {
        std::iter::once(code!(::core::marker::Copy)).chain(ordered).collect()
    } else if *inner == Ty::Builtin(Builtin::String) {
        ordered.into()
    } else {
        Vec::new()
    };
    let derive = derives(cx, def.usage, !def.secret, &extra);
    // A newtype that contains itself holds a `Box` (see `passes::recursion`).
    let value = if matches!(inner, Ty::Boxed(_)) { code!(&*self.0) } else { code!(&self.0) };
    let param = def.usage.param.then(|| {
        code! {
            impl #rt::ParamValue for #name {
                fn to_param(&self) -> ::std::borrow::Cow<'_, str> {
                    #rt::ParamValue::to_param(#value)
                }
            }
        }
    });
    let debug = def.secret.then(|| {
        let shown = format!("{}(<redacted>)", def.rust_name);
        code! {
            impl ::core::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.write_str(#shown)
                }
            }
        }
    });
    let field_doc = docs::attrs(&format!("The `{}` value.", cx.ty_doc(inner)));
    let allow = allow_unused();
    code! {
        #doc
        #derive
        #allow
        pub struct #name(#field_doc pub #inner_ty);
        #param
        #debug
    }
}

fn emit_enum(cx: &Context<'_>, def: &TypeDef, doc: &Code, variants: &[EnumVariant]) -> Code {
    if variants.len() > MAX_MATCHED_ENUM_VALUES {
        let values = variants.iter().map(|variant| (variant.rust_name.as_str(), variant.json_name.as_str()));
        return emit_table_enum(cx, def, doc, &values.collect::<Vec<_>>());
    }
    let rt = cx.rt();
    let name = ident::ident(&def.rust_name);
    let variant_idents: Vec<_> = variants.iter().map(|variant| ident::ident(&variant.rust_name)).collect();
    let json_names: Vec<&str> = variants.iter().map(|variant| variant.json_name.as_str()).collect();
    let variant_docs = json_names.iter().map(|json| json.doc());
    let deserialize = def.usage.deserialize.then(|| {
        code! {
            impl<'de> #rt::__private::serde::Deserialize<'de> for #name {
                fn deserialize<__D: #rt::__private::serde::Deserializer<'de>>(deserializer: __D) -> ::core::result::Result<Self, __D::Error> {
                    #rt::__private::deserialize_enum(deserializer, |value| match value {
                        #(#json_names => Self::#variant_idents,)*
                        _ => Self::Unknown(::std::string::String::from(value)),
                    })
                }
            }
        }
    });
    let serialize = def.usage.serialize.then(|| {
        code! {
            impl #rt::__private::serde::Serialize for #name {
                fn serialize<__S: #rt::__private::serde::Serializer>(&self, serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }
        }
    });
    let param = def.usage.param.then(|| {
        code! {
            impl #rt::ParamValue for #name {
                fn to_param(&self) -> ::std::borrow::Cow<'_, str> {
                    ::std::borrow::Cow::Borrowed(self.as_str())
                }
            }
        }
    });
    let allow = allow_unused();
    code! {
        #doc
        #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq, ::core::cmp::Eq, ::core::hash::Hash)]
        #allow
        pub enum #name {
            #(#variant_docs #variant_idents,)*
            /// A value this spec does not list, kept as sent so that a newer
            /// server does not break decoding.
            Unknown(::std::string::String),
        }
        #allow
        impl #name {
            /// The value as the API writes it.
            #[must_use]
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variant_idents => #json_names,)*
                    Self::Unknown(value) => value,
                }
            }
        }
        #deserialize
        #serialize
        #param
    }
}

fn emit_int_enum(cx: &Context<'_>, def: &TypeDef, doc: &Code, variants: &[IntVariant]) -> Code {
    if variants.len() > MAX_MATCHED_ENUM_VALUES {
        let values = variants.iter().map(|variant| (variant.rust_name.as_str(), variant.value));
        return emit_table_enum(cx, def, doc, &values.collect::<Vec<_>>());
    }
    let rt = cx.rt();
    let name = ident::ident(&def.rust_name);
    let variant_idents: Vec<_> = variants.iter().map(|variant| ident::ident(&variant.rust_name)).collect();
    let values: Vec<Number> = variants.iter().map(|variant| Number::integer(variant.value)).collect();
    let variant_docs = variants.iter().map(|variant| variant.value.doc());
    let deserialize = def.usage.deserialize.then(|| {
        code! {
            impl<'de> #rt::__private::serde::Deserialize<'de> for #name {
                fn deserialize<__D: #rt::__private::serde::Deserializer<'de>>(deserializer: __D) -> ::core::result::Result<Self, __D::Error> {
                    #rt::__private::deserialize_int_enum(deserializer, |value| match value {
                        #(#values => Self::#variant_idents,)*
                        _ => Self::Unknown(value),
                    })
                }
            }
        }
    });
    let serialize = def.usage.serialize.then(|| {
        code! {
            impl #rt::__private::serde::Serialize for #name {
                fn serialize<__S: #rt::__private::serde::Serializer>(&self, serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error> {
                    serializer.serialize_i64(self.as_i64())
                }
            }
        }
    });
    let param = def.usage.param.then(|| {
        code! {
            impl #rt::ParamValue for #name {
                fn to_param(&self) -> ::std::borrow::Cow<'_, str> {
                    ::std::borrow::Cow::Owned(::std::string::ToString::to_string(&self.as_i64()))
                }
            }
        }
    });
    let allow = allow_unused();
    code! {
        #doc
        #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::marker::Copy, ::core::cmp::PartialEq, ::core::cmp::Eq, ::core::hash::Hash)]
        #allow
        pub enum #name {
            #(#variant_docs #variant_idents,)*
            /// A value this spec does not list, kept as sent so that a newer
            /// server does not break decoding.
            Unknown(i64),
        }
        #allow
        impl #name {
            /// The value as the API writes it.
            #[must_use]
            pub fn as_i64(self) -> i64 {
                match self {
                    #(Self::#variant_idents => #values,)*
                    Self::Unknown(value) => value,
                }
            }
        }
        #deserialize
        #serialize
        #param
    }
}

/// Above this many values an enum is generated by [`emit_table_enum`]: a
/// Rust enum of that size checks in a time that grows with the square of
/// its values (rustc looks up each variant a `match` or an expression names
/// among all of them): 100 000 values did not check in 100 s.
const MAX_MATCHED_ENUM_VALUES: usize = 1024;

/// The value of an enum on the wire: its string, or its number; what a
/// table enum's code differs in between the two.
trait WireValue: Copy + Ord {
    /// The type of a value in the tables.
    fn table_type() -> Code;
    /// The type that holds a value the spec does not list.
    fn unknown_type() -> Code;
    fn literal(self) -> Code;
    fn doc(self) -> Code;
    /// The accessor's signature, the `Copy` derive if any, and the unknown
    /// value (`value`, bound by `ref`) as the accessor returns it.
    fn accessor() -> (Code, Option<Code>, Code);
    /// The runtime's reader, and how `from_value` keeps an unknown value.
    fn decoding() -> (Code, Code, Code);
    /// How `serialize` and `to_param` write `self`.
    fn writing() -> (Code, Code);
}

impl WireValue for &str {
    fn table_type() -> Code {
        code!(&'static str)
    }

    fn unknown_type() -> Code {
        code!(::std::string::String)
    }

    fn literal(self) -> Code {
        code!(#self)
    }

    fn doc(self) -> Code {
        match self {
            "" => docs::attrs("The empty string."),
            value => docs::attrs(&format!("`{value}`")),
        }
    }

    fn accessor() -> (Code, Option<Code>, Code) {
        (code!(as_str(&self) -> &str), None, code!(value))
    }

    fn decoding() -> (Code, Code, Code) {
        (code!(deserialize_enum), code!(&str), code!(::std::string::String::from(value)))
    }

    fn writing() -> (Code, Code) {
        (code!(serializer.serialize_str(self.as_str())), code!(::std::borrow::Cow::Borrowed(self.as_str())))
    }
}

impl WireValue for i64 {
    fn table_type() -> Code {
        code!(i64)
    }

    fn unknown_type() -> Code {
        code!(i64)
    }

    fn literal(self) -> Code {
        let number = Number::integer(self);
        code!(#number)
    }

    fn doc(self) -> Code {
        docs::attrs(&format!("`{self}`"))
    }

    fn accessor() -> (Code, Option<Code>, Code) {
        (code!(as_i64(self) -> i64), Some(code!(::core::marker::Copy,)), code!(*value))
    }

    fn decoding() -> (Code, Code, Code) {
        (code!(deserialize_int_enum), code!(i64), code!(value))
    }

    fn writing() -> (Code, Code) {
        (
            code!(serializer.serialize_i64(self.as_i64())),
            code!(::std::borrow::Cow::Owned(::std::string::ToString::to_string(&self.as_i64()))),
        )
    }
}

/// An enum of more than [`MAX_MATCHED_ENUM_VALUES`] values, in a shape
/// whose check time grows linearly: a struct holding the index of a known
/// value (or the unknown value), with a constant per value named as the
/// variant would be (so `Country::Fr` reads the same, in expressions and in
/// patterns), and tables of the values and names indexed by it, decoded by
/// a binary search. Measured in docs/benchmarks.md ("Huge enums"). (The
/// tables are read with `get`, as the printer lays out no indexing; an
/// index out of them is never made.)
fn emit_table_enum<V: WireValue>(cx: &Context<'_>, def: &TypeDef, doc: &Code, values: &[(&str, V)]) -> Code {
    let rt = cx.rt();
    let name = ident::ident(&def.rust_name);
    let (table_type, unknown_type) = (V::table_type(), V::unknown_type());
    let (accessor, copy, unknown_value) = V::accessor();
    let (reader, value_type, owned_unknown) = V::decoding();
    let (serialize_self, param_self) = V::writing();
    let constants = (0_u32..).zip(values).map(|(index, (rust_name, value))| {
        let constant = ident::ident(rust_name);
        let index = Number::integer(index);
        let doc = value.doc();
        code! { #doc pub const #constant: Self = Self(::core::result::Result::Ok(#index)); }
    });
    let wire_values = values.iter().map(|(_, value)| value.literal());
    let rust_names = values.iter().map(|(rust_name, _)| *rust_name);
    let mut sorted: Vec<(V, u32)> = values.iter().map(|(_, value)| *value).zip(0_u32..).collect();
    sorted.sort_unstable();
    let sorted_values = sorted.iter().map(|(value, _)| value.literal());
    let sorted_indexes = sorted.iter().map(|(_, index)| Number::integer(*index));
    let deserialize = def.usage.deserialize.then(|| {
        code! {
            impl<'de> #rt::__private::serde::Deserialize<'de> for #name {
                fn deserialize<__D: #rt::__private::serde::Deserializer<'de>>(deserializer: __D) -> ::core::result::Result<Self, __D::Error> {
                    #rt::__private::#reader(deserializer, Self::from_value)
                }
            }
        }
    });
    let serialize = def.usage.serialize.then(|| {
        code! {
            impl #rt::__private::serde::Serialize for #name {
                fn serialize<__S: #rt::__private::serde::Serializer>(&self, serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error> {
                    #serialize_self
                }
            }
        }
    });
    let param = def.usage.param.then(|| {
        code! {
            impl #rt::ParamValue for #name {
                fn to_param(&self) -> ::std::borrow::Cow<'_, str> {
                    #param_self
                }
            }
        }
    });
    code! {
        #doc
        ///
        /// Each value the spec lists is a constant of this type; a value it
        /// does not list is kept as sent, so that a newer server does not
        /// break decoding.
        #[derive(#copy ::core::clone::Clone, ::core::cmp::PartialEq, ::core::cmp::Eq, ::core::hash::Hash)]
        pub struct #name(::core::result::Result<u32, #unknown_type>);
        // The tables are constant references, kept in the binary's
        // read-only data, not arrays on the stack, as
        // `clippy::large_stack_arrays` takes them for.
        #[allow(non_upper_case_globals, clippy::large_stack_arrays)]
        impl #name {
            #(#constants)*
            /// The values, in the order of the constants.
            const VALUES: &'static [#table_type] = &[#(#wire_values),*];
            /// The constants' names, for `Debug`.
            const NAMES: &'static [&'static str] = &[#(#rust_names),*];
            /// The values in order, for a binary search.
            const SORTED_VALUES: &'static [#table_type] = &[#(#sorted_values),*];
            /// The index in `VALUES` of each of `SORTED_VALUES`.
            const SORTED_INDEXES: &'static [u32] = &[#(#sorted_indexes),*];

            /// The value as the API writes it.
            #[must_use]
            pub fn #accessor {
                match self.0 {
                    ::core::result::Result::Ok(index) => Self::VALUES.get(index as usize).copied().unwrap_or_default(),
                    ::core::result::Result::Err(ref value) => #unknown_value,
                }
            }

            /// The value for what the API writes: one of the constants, or
            /// a value the spec does not list.
            #[must_use]
            pub fn from_value(value: #value_type) -> Self {
                let sorted = Self::SORTED_VALUES.binary_search(&value).ok();
                match sorted.and_then(|sorted| Self::SORTED_INDEXES.get(sorted)) {
                    ::core::option::Option::Some(&index) => Self(::core::result::Result::Ok(index)),
                    ::core::option::Option::None => Self(::core::result::Result::Err(#owned_unknown)),
                }
            }

            /// Whether the value is one the spec lists.
            #[must_use]
            pub fn is_known(&self) -> bool {
                self.0.is_ok()
            }
        }
        impl ::core::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match self.0 {
                    ::core::result::Result::Ok(index) => f.write_str(Self::NAMES.get(index as usize).copied().unwrap_or_default()),
                    ::core::result::Result::Err(ref value) => f.debug_tuple("Unknown").field(value).finish(),
                }
            }
        }
        #deserialize
        #serialize
        #param
    }
}

/// A union: an enum with a variant per member. Untagged, serde's own
/// `untagged` representation (the first member that decodes); tagged, impls
/// that read the tag and decode the whole object as its member, with an
/// `Unknown` variant that keeps members the spec does not list.
fn emit_union(cx: &Context<'_>, def: &TypeDef, doc: &Code, union: &Union) -> Code {
    let rt = cx.rt();
    let name = ident::ident(&def.rust_name);
    let variants = union.variants.iter().map(|variant| {
        let variant_name = ident::ident(&variant.rust_name);
        let description = variant.description.as_deref().filter(|description| !description.trim().is_empty());
        let text = match (&variant.tag_value, description, &variant.ty) {
            (Some(tag), Some(description), _) => format!("`{tag}`: {}", docs::sanitize(description)),
            (Some(tag), None, _) => format!("`{tag}`"),
            (None, Some(description), _) => docs::sanitize(description),
            (None, None, Some(ty)) => format!("A `{}`.", cx.ty_doc(ty)),
            (None, None, None) => format!("The `{}` member.", variant.rust_name),
        };
        let doc = docs::attrs(&text);
        match &variant.ty {
            Some(ty) => {
                let ty = cx.ty(ty, 0);
                code!(#doc #variant_name(#ty))
            }
            None => code!(#doc #variant_name),
        }
    });
    let variants: Vec<Code> = variants.collect();
    let Some(tag) = &union.tag else {
        let derive = derives(cx, def.usage, true, &[]);
        let untagged = (def.usage.serialize || def.usage.deserialize).then(|| code!(#[serde(untagged)]));
        let param = def.usage.param.then(|| {
            // A union with a list member can only be a query value, which
            // is sent once per item; the others are one value.
            let has_list = union.variants.iter().any(|variant| variant.ty.as_ref().is_some_and(|ty| cx.is_list(ty, 0)));
            let arms = union.variants.iter().map(|variant| {
                let variant_name = ident::ident(&variant.rust_name);
                if has_list {
                    code!(Self::#variant_name(value) => { #rt::QueryValue::for_each_value(value, write); })
                } else {
                    code!(Self::#variant_name(value) => #rt::ParamValue::to_param(value),)
                }
            });
            if has_list {
                code! {
                    impl #rt::QueryValue for #name {
                        fn for_each_value(&self, write: &mut dyn ::core::ops::FnMut(&str)) {
                            match self {
                                #(#arms)*
                            }
                        }
                    }
                }
            } else {
                code! {
                    impl #rt::ParamValue for #name {
                        fn to_param(&self) -> ::std::borrow::Cow<'_, str> {
                            match self {
                                #(#arms)*
                            }
                        }
                    }
                }
            }
        });
        let allow = allow_unused();
        let large = allow_large_variants();
        return code! {
            #doc
            #derive
            #untagged
            #allow
            #large
            pub enum #name {
                #(#variants,)*
            }
            #param
        };
    };
    let deserialize = def.usage.deserialize.then(|| {
        let arms = union.variants.iter().map(|variant| {
            let variant_name = ident::ident(&variant.rust_name);
            let tag_value = variant.tag_value.as_deref().unwrap_or_default();
            match &variant.ty {
                Some(_) => code! {
                    #tag_value => #rt::__private::serde_json::from_value(value).map(Self::#variant_name),
                },
                None => code!(#tag_value => ::core::result::Result::Ok(Self::#variant_name),),
            }
        });
        code! {
            impl<'de> #rt::__private::serde::Deserialize<'de> for #name {
                fn deserialize<__D: #rt::__private::serde::Deserializer<'de>>(deserializer: __D) -> ::core::result::Result<Self, __D::Error> {
                    #rt::__private::deserialize_tagged(deserializer, #tag, |member, value| match member {
                        #(#arms)*
                        _ => ::core::result::Result::Ok(Self::Unknown(value)),
                    })
                }
            }
        }
    });
    let serialize = def.usage.serialize.then(|| {
        let arms = union.variants.iter().map(|variant| {
            let variant_name = ident::ident(&variant.rust_name);
            let tag_value = variant.tag_value.as_deref().unwrap_or_default();
            match &variant.ty {
                Some(_) => code! {
                    Self::#variant_name(value) => #rt::__private::serialize_tagged(serializer, #tag, #tag_value, ::core::option::Option::Some(value)),
                },
                None => code! {
                    Self::#variant_name => #rt::__private::serialize_tagged::<__S, ()>(serializer, #tag, #tag_value, ::core::option::Option::None),
                },
            }
        });
        code! {
            impl #rt::__private::serde::Serialize for #name {
                fn serialize<__S: #rt::__private::serde::Serializer>(&self, serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error> {
                    match self {
                        #(#arms)*
                        Self::Unknown(value) => #rt::__private::serde::Serialize::serialize(value, serializer),
                    }
                }
            }
        }
    });
    let allow = allow_unused();
    let large = allow_large_variants();
    code! {
        #doc
        #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq)]
        #allow
        #large
        pub enum #name {
            #(#variants,)*
            /// A member this spec does not list, kept as sent so that a newer
            /// server does not break decoding.
            Unknown(#rt::JsonValue),
        }
        #deserialize
        #serialize
    }
}

/// `#[allow(clippy::large_enum_variant)]` on an enum of the API's shapes
/// (`oneOf`, a tagged union): its variants are what the API sends, built and
/// matched as they are; boxing the large ones would make them unlike the
/// others for a size that only clippy counts.
fn allow_large_variants() -> Code {
    code!(#[allow(clippy::large_enum_variant, reason = "the variants are the API's shapes, built and matched as they are")])
}

/// About what clippy's `type_complexity` counts for a type as written: 10
/// for each type named, times how deep it is nested (a map's key too).
fn nesting_score(ty: &Ty, depth: u32) -> u32 {
    let here = 10 * depth;
    match ty {
        Ty::Option(inner) | Ty::List(inner) | Ty::Boxed(inner) | Ty::Envelope(_, inner) => {
            here + nesting_score(inner, depth + 1)
        }
        Ty::Map(inner) => here + 10 * (depth + 1) + nesting_score(inner, depth + 1),
        Ty::Builtin(_) | Ty::Named(_) | Ty::Param => here,
    }
}
