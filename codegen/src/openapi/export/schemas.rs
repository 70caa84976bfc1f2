//! Types and type expressions → JSON Schema: a named type's schema in
//! `components.schemas`, an envelope's once per payload, and defaults.

use super::{Doc, Exporter};
use crate::ident;
use crate::ir::{Api, Builtin, DefaultValue, EnvelopeRoles, Field, Ty, TypeDef, TypeKind};

impl Exporter<'_> {
    /// The schema of a named type, or of an envelope for one payload.
    pub(super) fn type_schema(&mut self, def: &TypeDef, payload: Option<&Ty>) -> Doc {
        let mut schema = match &def.kind {
            TypeKind::Struct(fields) => self.object(fields, None, payload),
            TypeKind::Envelope { fields, roles } => {
                self.object(fields, Some(roles), payload).with("x-endpointgen-envelope", Doc::str(&def.spec_name))
            }
            TypeKind::Newtype(ty) => {
                let schema = with_annotation(self.schema(ty), "x-endpointgen-kind", Doc::str("newtype"));
                match (def.secret, ty) {
                    (false, _) => schema,
                    (true, Ty::Builtin(Builtin::String)) => with_annotation(schema, "format", Doc::str("password")),
                    (true, _) => with_annotation(schema, "x-endpointgen-secret", Doc::Bool(true)),
                }
            }
            TypeKind::Alias(ty) => with_annotation(self.schema(ty), "x-endpointgen-kind", Doc::str("alias")),
            TypeKind::Enum(variants) => {
                let mut doc = Doc::map()
                    .with("type", Doc::str("string"))
                    .with("enum", Doc::Seq(variants.iter().map(|variant| Doc::str(&variant.json_name)).collect()));
                if variants.iter().any(|variant| variant.rust_name != ident::variant(&variant.json_name)) {
                    doc.set(
                        "x-enum-varnames",
                        Doc::Seq(variants.iter().map(|variant| Doc::str(&variant.rust_name)).collect()),
                    );
                }
                doc
            }
            TypeKind::IntEnum(variants) => Doc::map()
                .with("type", Doc::str("integer"))
                .with("format", Doc::str("int64"))
                .with("enum", Doc::Seq(variants.iter().map(|variant| Doc::Int(i128::from(variant.value))).collect()))
                .with(
                    "x-enum-varnames",
                    Doc::Seq(variants.iter().map(|variant| Doc::str(&variant.rust_name)).collect()),
                ),
            TypeKind::Union(union) => {
                let members = union
                    .variants
                    .iter()
                    .map(|variant| {
                        let mut member = match (&union.tag, &variant.tag_value, &variant.ty) {
                            (Some(tag), Some(value), ty) => {
                                let tag_only = Doc::map()
                                    .with("type", Doc::str("object"))
                                    .with("properties", Doc::map().with(tag, Doc::map().with("const", Doc::str(value))))
                                    .with("required", Doc::Seq(vec![Doc::str(tag)]));
                                let member = match ty {
                                    Some(ty) => Doc::map().with("allOf", Doc::Seq(vec![self.schema(ty), tag_only])),
                                    None => tag_only,
                                };
                                // A variant the spec names itself (its
                                // `rust_name`), for the import.
                                if variant.rust_name == ident::variant(value) {
                                    member
                                } else {
                                    member.with("x-endpointgen-variant", Doc::str(&variant.rust_name))
                                }
                            }
                            (_, _, Some(ty)) => with_annotation(self.schema(ty), "title", Doc::str(&variant.rust_name)),
                            (_, _, None) => Doc::map(),
                        };
                        if let Some(description) = &variant.description {
                            member = with_annotation(member, "description", Doc::str(description));
                        }
                        member
                    })
                    .collect();
                match &union.tag {
                    Some(tag) => Doc::map()
                        .with("oneOf", Doc::Seq(members))
                        .with("discriminator", Doc::map().with("propertyName", Doc::str(tag))),
                    // The first member that fits: `anyOf`.
                    None => Doc::map().with("anyOf", Doc::Seq(members)),
                }
                .with("x-endpointgen-kind", Doc::str("union"))
            }
        };
        if let Some(description) = &def.description {
            schema = with_annotation(schema, "description", Doc::str(description));
        }
        if def.rust_name != ident::camel(&def.spec_name) {
            schema = with_annotation(schema, "x-endpointgen-rust-name", Doc::str(&def.rust_name));
        }
        schema
    }

    /// An object's schema; in an envelope, `T` is `payload`.
    fn object(&mut self, fields: &[Field], roles: Option<&EnvelopeRoles>, payload: Option<&Ty>) -> Doc {
        let mut properties = Vec::with_capacity(fields.len());
        let mut required = Vec::new();
        let mut additional = None;
        for (index, field) in fields.iter().enumerate() {
            let ty = match payload {
                Some(payload) => field.ty.substituted(payload),
                None => field.ty.clone(),
            };
            if field.flatten
                && let Ty::Map(value) = &ty
            {
                additional = Some((field, self.schema(value)));
                continue;
            }
            let mut schema = self.schema(&ty);
            if let Some(description) = &field.description {
                schema = with_annotation(schema, "description", Doc::str(description));
            }
            if let Some(default) = &field.default {
                schema = with_annotation(schema, "default", self.default_value(default, &ty));
            } else if !matches!(ty, Ty::Option(_)) {
                required.push(Doc::str(&field.json_name));
            }
            if field.secret {
                let is_string = matches!(unboxed(&ty), Ty::Builtin(Builtin::String))
                    || matches!(unboxed(&ty), Ty::Option(inner) if matches!(**inner, Ty::Builtin(Builtin::String)));
                schema = if is_string && !schema.is_ref() {
                    with_annotation(schema, "format", Doc::str("password"))
                } else {
                    with_annotation(schema, "x-endpointgen-secret", Doc::Bool(true))
                };
            }
            if field.rust_name != ident::snake(&field.json_name) {
                schema = with_annotation(schema, "x-endpointgen-rust-name", Doc::str(&field.rust_name));
            }
            if let Some(role) = roles.and_then(|roles| role_of(roles, index)) {
                schema = with_annotation(schema, "x-endpointgen-role", Doc::str(role));
            }
            properties.push((field.json_name.clone(), schema));
        }
        let mut doc = Doc::map().with("type", Doc::str("object")).with("properties", Doc::Map(properties));
        if !required.is_empty() {
            doc.set("required", Doc::Seq(required));
        }
        // The flattened map: the schema of the other properties, and the
        // field's name, which is no key of the JSON.
        if let Some((field, mut schema)) = additional {
            if let Some(description) = &field.description {
                schema = with_annotation(schema, "description", Doc::str(description));
            }
            if field.rust_name != ident::snake(&field.json_name) {
                schema = with_annotation(schema, "x-endpointgen-rust-name", Doc::str(&field.rust_name));
            }
            doc.set("additionalProperties", schema);
            doc.set("x-endpointgen-additional", Doc::str(&field.json_name));
        }
        doc
    }

    /// The schema of a type expression: a reference to a named type, or the
    /// type written out.
    pub(super) fn schema(&mut self, ty: &Ty) -> Doc {
        let typed = |name: &str| Doc::map().with("type", Doc::str(name));
        match ty {
            Ty::Builtin(builtin) => builtin_schema(*builtin),
            Ty::Param => builtin_schema(Builtin::Any),
            Ty::Option(inner) => nullable(self.schema(inner)),
            Ty::List(inner) => typed("array").with("items", self.schema(inner)),
            Ty::Map(inner) => typed("object").with("additionalProperties", self.schema(inner)),
            Ty::Boxed(inner) => self.schema(inner),
            Ty::Named(index) => reference(&self.api.types[*index].spec_name),
            Ty::Envelope(index, payload) => {
                let name = self.instance_name(*index, payload);
                reference(&name)
            }
        }
    }

    /// The schema name for an envelope with a payload:
    /// `ActionConfirmation_optional_string` for `ActionConfirmation<string?>`.
    pub(super) fn instance_name(&mut self, envelope: usize, payload: &Ty) -> String {
        let key = (envelope, ty_words(self.api, payload));
        if let Some(name) = self.instance_names.get(&key) {
            return name.clone();
        }
        let base = format!("{}_{}", self.api.types[envelope].spec_name, key.1);
        let mut name = base.clone();
        let mut number = 2;
        while !self.taken.insert(name.clone()) {
            name = format!("{base}_{number}");
            number += 1;
        }
        self.instance_names.insert(key, name.clone());
        self.instances.push((name.clone(), envelope, payload.clone()));
        name
    }

    /// A default as JSON: the value a `TypeDefault` stands for, an enum
    /// variant's value on the wire.
    pub(super) fn default_value(&self, value: &DefaultValue, ty: &Ty) -> Doc {
        match value {
            DefaultValue::TypeDefault => match unboxed(ty) {
                Ty::Builtin(Builtin::Bool) => Doc::Bool(false),
                Ty::Builtin(builtin) if builtin.is_integer() => Doc::Int(0),
                Ty::Builtin(Builtin::F32 | Builtin::F64) => Doc::Float(0.0),
                Ty::Builtin(Builtin::String) => Doc::str(""),
                Ty::List(_) => Doc::Seq(Vec::new()),
                Ty::Map(_) => Doc::map(),
                _ => Doc::Null,
            },
            DefaultValue::Bool(value) => Doc::Bool(*value),
            DefaultValue::Int(value) => Doc::Int(*value),
            DefaultValue::Float(value) => Doc::Float(*value),
            DefaultValue::Str(value) | DefaultValue::Parsed(value) | DefaultValue::Bytes(value, _) => Doc::str(value),
            DefaultValue::Newtype(inner, inner_ty) => self.default_value(inner, inner_ty),
            DefaultValue::Variant(variant) => {
                let Ty::Named(index) = unboxed(ty) else { return Doc::Null };
                match &self.api.types[*index].kind {
                    TypeKind::Enum(variants) => variants
                        .iter()
                        .find(|known| known.rust_name == *variant)
                        .map_or(Doc::Null, |known| Doc::str(&known.json_name)),
                    TypeKind::IntEnum(variants) => variants
                        .iter()
                        .find(|known| known.rust_name == *variant)
                        .map_or(Doc::Null, |known| Doc::Int(i128::from(known.value))),
                    _ => Doc::Null,
                }
            }
        }
    }
}

fn reference(name: &str) -> Doc {
    Doc::map().with("$ref", Doc::str(format!("#/components/schemas/{}", crate::openapi::escape_token(name))))
}

/// `schema` that also allows `null`: `type: [string, 'null']`, or
/// `anyOf` with a null member for a reference or a union.
pub(super) fn nullable(schema: Doc) -> Doc {
    let Doc::Map(mut entries) = schema else { return schema };
    if entries.is_empty() {
        // `{}` takes `null` already.
        return Doc::Map(entries);
    }
    if !entries.iter().any(|(key, _)| key == "$ref")
        && let Some((_, ty)) = entries.iter_mut().find(|(key, _)| key == "type")
        && let Doc::Str(name) = ty
    {
        *ty = Doc::Seq(vec![Doc::str(name.clone()), Doc::str("null")]);
        return Doc::Map(entries);
    }
    Doc::map().with("anyOf", Doc::Seq(vec![Doc::Map(entries), Doc::map().with("type", Doc::str("null"))]))
}

/// Adds an annotation to a schema; OpenAPI 3.1 allows one next to `$ref`.
pub(super) fn with_annotation(schema: Doc, key: &str, value: Doc) -> Doc {
    schema.with(key, value)
}

fn unboxed(ty: &Ty) -> &Ty {
    match ty {
        Ty::Boxed(inner) => unboxed(inner),
        ty => ty,
    }
}

fn role_of(roles: &EnvelopeRoles, index: usize) -> Option<&'static str> {
    let is = |role: Option<usize>| role == Some(index);
    Some(if is(roles.success) {
        "success"
    } else if is(roles.value) {
        "value"
    } else if is(roles.status) {
        "status"
    } else if is(roles.message) {
        "message"
    } else if is(roles.errors) {
        "errors"
    } else if is(roles.items) {
        "items"
    } else if is(roles.has_next) {
        "has_next"
    } else {
        return None;
    })
}

/// The ISO 8601 date-times that `endpointgen::DateTime` reads, offset and
/// seconds optional.
const DATE_TIME_SHAPES: &str = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$";

/// The schema of a built-in type.
fn builtin_schema(builtin: Builtin) -> Doc {
    let typed = |name: &str| Doc::map().with("type", Doc::str(name));
    let formatted = |name: &str, format: &str| typed(name).with("format", Doc::str(format));
    match builtin {
        Builtin::Bool => typed("boolean"),
        Builtin::I32 => formatted("integer", "int32"),
        Builtin::I64 => formatted("integer", "int64"),
        Builtin::U32 => formatted("integer", "uint32").with("minimum", Doc::Int(0)),
        Builtin::U64 => formatted("integer", "uint64").with("minimum", Doc::Int(0)),
        Builtin::F32 => formatted("number", "float"),
        Builtin::F64 => formatted("number", "double"),
        Builtin::String => typed("string"),
        Builtin::Date => formatted("string", "date"),
        // RFC 3339 (`format: date-time`), or another shape a `datetime`
        // reads: no seconds, or no offset (a wall-clock time, as the
        // portal writes its bookings'). `format: date-time` alone would have
        // validators require an offset. RFC 3339 comes first, so that tools
        // that make up examples make one of those; the import reads the
        // choice back as `datetime`.
        Builtin::DateTime => Doc::map().with(
            "anyOf",
            Doc::Seq(vec![
                formatted("string", "date-time"),
                typed("string").with("pattern", Doc::str(DATE_TIME_SHAPES)),
            ]),
        ),
        Builtin::Uuid => formatted("string", "uuid"),
        Builtin::Bytes => typed("string").with("contentEncoding", Doc::str("base64")),
        // Any JSON value, `null` too: the empty schema, never a bare
        // `nullable: true` (which some tools do not check).
        Builtin::Any => Doc::map(),
        // A file part of a multipart body: its bytes as they are.
        Builtin::File => formatted("string", "binary"),
    }
}

/// A payload in a schema name: `optional_string`, `list_Booking`.
fn ty_words(api: &Api, ty: &Ty) -> String {
    match ty {
        Ty::Builtin(builtin) => builtin.name().into(),
        Ty::Param => Builtin::Any.name().into(),
        Ty::Option(inner) => format!("optional_{}", ty_words(api, inner)),
        Ty::List(inner) => format!("list_{}", ty_words(api, inner)),
        Ty::Map(inner) => format!("map_{}", ty_words(api, inner)),
        Ty::Boxed(inner) => ty_words(api, inner),
        Ty::Named(index) => api.types[*index].spec_name.clone(),
        Ty::Envelope(index, arg) => format!("{}_{}", api.types[*index].spec_name, ty_words(api, arg)),
    }
}
