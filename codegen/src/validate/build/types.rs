//! The IR of each type: structs and envelopes (with their roles), enums,
//! unions, newtypes and aliases; each type's own rules are checked as it
//! is built.

use std::collections::HashMap;

use super::values;
use crate::diagnostic::{Diagnostic, Span};
use crate::ident;
use crate::ir::{
    DefaultValue, EnumVariant, EnvelopeRoles, Field, IntVariant, Ty, TypeDef, TypeKind, Union, UnionVariant, Usage,
};
use crate::spec::{self, EnumValueDef, FieldDef, Located, Role, TypeDefKind, TypeExpr, UnionDef};
use crate::validate::Checker;
use crate::validate::resolve::{Case, mentions_param};
use crate::vocabulary::{Builtin, LIST, PAYLOAD};
use crate::yaml::{Node, Value};

impl Checker<'_> {
    pub(in crate::validate) fn type_def(&mut self, index: usize) -> TypeDef {
        let def = self.types[index].def;
        let rust_name = self.types[index].rust_name.clone();
        let kind = match &def.kind {
            TypeDefKind::Struct(fields) if def.envelope => {
                let fields_ir = self.fields(fields, true);
                let roles = self.envelope_roles(def, fields);
                TypeKind::Envelope { fields: fields_ir, roles }
            }
            TypeDefKind::Struct(fields) => TypeKind::Struct(self.fields(fields, false)),
            TypeDefKind::Newtype(inner) => TypeKind::Newtype(self.ty(inner, false)),
            TypeDefKind::Alias(inner) => TypeKind::Alias(self.ty(inner, false)),
            TypeDefKind::Enum(values) => TypeKind::Enum(self.enum_variants(values)),
            TypeDefKind::IntEnum(values) => TypeKind::IntEnum(self.int_variants(values)),
            TypeDefKind::Union(union) => TypeKind::Union(self.union(union, index)),
        };
        TypeDef {
            rust_name,
            spec_name: def.name.value.clone(),
            description: def.description.clone(),
            kind,
            usage: Usage::default(),
            secret: def.secret,
        }
    }

    fn fields(&mut self, fields: &[FieldDef], in_envelope: bool) -> Vec<Field> {
        let mut rust_names: HashMap<String, Span> = HashMap::new();
        let mut result = Vec::with_capacity(fields.len());
        let mut flattened: Option<Span> = None;
        for field in fields {
            let rust_name = self.member_name(&field.json_name, field.rust_name.as_ref(), &mut rust_names, "field");
            let ty = self.ty(&field.ty, in_envelope);
            if let Some(span) = field.flatten {
                if !matches!(ty, Ty::Map(_)) {
                    self.error(
                        Diagnostic::new(
                            span,
                            format!("the flattened field `{}` must be a `map<T>`", field.json_name.value),
                        )
                        .hint("it holds the JSON properties that are not fields, by name: `type: map<string>`"),
                    );
                }
                if let Some(first) = flattened.replace(span) {
                    self.error(
                        Diagnostic::new(span, "a struct has at most one flattened field")
                            .related(first, "this one")
                            .hint("one map holds every property that is not a field"),
                    );
                }
            }
            let default = field.default.as_ref().and_then(|node| self.default_value(node, &ty));
            result.push(Field {
                json_name: field.json_name.value.clone(),
                rust_name,
                ty,
                description: field.description.clone(),
                default,
                secret: field.secret,
                flatten: field.flatten.is_some(),
            });
        }
        result
    }

    fn envelope_roles(&mut self, def: &spec::TypeDef, fields: &[FieldDef]) -> EnvelopeRoles {
        let mut found: [Option<(usize, Span)>; Role::NAMES.len()] = [None; Role::NAMES.len()];
        for (index, field) in fields.iter().enumerate() {
            let Some(role) = &field.role else { continue };
            let slot = &mut found[role.value as usize];
            if let Some((_, first)) = *slot {
                self.error(
                    Diagnostic::new(role.span, format!("two fields have the role `{}`", role.value.name()))
                        .related(first, "this one")
                        .hint("each role belongs to one field"),
                );
                continue;
            }
            *slot = Some((index, role.span));
            let ty = &field.ty;
            let plain = |name: &str| ty.name == name && ty.args.is_empty();
            let (expected_ok, expected) = match role.value {
                Role::Success => (plain(Builtin::Bool.name()) && !ty.optional, "`bool`"),
                Role::Value => (plain(PAYLOAD), "`T` or `T?`"),
                Role::Status => (
                    Builtin::from_name(&ty.name).is_some_and(Builtin::is_integer) && ty.args.is_empty(),
                    "an integer type",
                ),
                Role::Message => (plain(Builtin::String.name()), "`string` or `string?`"),
                Role::Errors => (true, "any type"),
                Role::Items => (
                    ty.name == LIST && ty.args.len() == 1 && ty.args[0].name == PAYLOAD && ty.args[0].args.is_empty(),
                    "`list<T>`",
                ),
                Role::HasNext => (plain(Builtin::Bool.name()), "`bool` or `bool?`"),
            };
            if !expected_ok {
                self.error(
                    Diagnostic::new(ty.span, format!("the `{}` field must have type {expected}", role.value.name()))
                        .label(format!("role `{}` here", role.value.name()))
                        .hint(format!("change the type to {expected}, or give the field another role")),
                );
            }
        }
        let holds_payload =
            |field: &FieldDef| matches!(field.role.as_ref().map(|role| role.value), Some(Role::Value | Role::Items));
        if let Some(field) = fields.iter().find(|field| !holds_payload(field) && mentions_param(&field.ty)) {
            self.error(
                Diagnostic::new(field.ty.span, "only the `value` or `items` field of an envelope may use `T`")
                    .hint("add `role: value` (or `role: items` for a page's `list<T>`) to this field"),
            );
        }
        let index = |role: Role| found[role as usize].map(|(index, _)| index);
        let roles = EnvelopeRoles {
            success: index(Role::Success),
            value: index(Role::Value),
            status: index(Role::Status),
            message: index(Role::Message),
            errors: index(Role::Errors),
            items: index(Role::Items),
            has_next: index(Role::HasNext),
        };
        if roles.success.is_none() && roles.value.is_none() && roles.items.is_none() {
            self.error(
                Diagnostic::new(def.name.span, format!("envelope `{}` has no field for its payload or its outcome", def.name.value))
                    .hint("mark the fields: `WasSuccessful: { type: bool, role: success }`, `Value: { type: T, role: value }`, or a page's `Records: { type: list<T>, role: items }`"),
            );
        }
        // A page of page-number paging has both; one of cursor, URL or
        // offset paging has its items and finds its next page elsewhere.
        if roles.has_next.is_some() && roles.items.is_none() {
            self.error(
                Diagnostic::new(def.name.span, format!("envelope `{}` says whether another page follows, but has no items", def.name.value))
                    .hint("a page needs `role: items` (its `list<T>`) next to `role: has_next` (whether another page follows)"),
            );
        }
        roles
    }

    fn enum_variants(&mut self, values: &[EnumValueDef]) -> Vec<EnumVariant> {
        let mut taken: HashMap<String, Span> = HashMap::new();
        let mut json_values: HashMap<&str, Span> = HashMap::new();
        let mut variants = Vec::with_capacity(values.len());
        for def in values {
            // enum: [parcel-xl]   or   enum: { ParcelXl: parcel-xl }
            let named = def.name.as_ref().unwrap_or(&def.value);
            let rust_name = enum_variant_name(def);
            if !ident::is_valid(&rust_name) {
                self.error(
                    Diagnostic::new(named.span, format!("no Rust variant name can be derived from `{}`", named.value))
                        .hint(if def.name.is_some() {
                            "a variant name needs ASCII letters"
                        } else {
                            "name the variants: `enum: { Plus: \"+\", Minus: \"-\" }`"
                        }),
                );
            }
            if let Some(&first) = json_values.get(def.value.value.as_str()) {
                self.error(
                    Diagnostic::new(
                        def.value.span,
                        format!("`{}` is the value of another variant too", def.value.value),
                    )
                    .related(first, "this one")
                    .hint("each variant has a value of its own"),
                );
                continue;
            }
            json_values.insert(&def.value.value, def.value.span);
            if let Some(&first) = taken.get(&rust_name) {
                self.error(
                    Diagnostic::new(
                        named.span,
                        format!("`{}` becomes the variant `{rust_name}`, like another value", named.value),
                    )
                    .related(first, "this one")
                    .hint(if def.name.is_some() {
                        "names that differ only in case or punctuation cannot be told apart in Rust"
                    } else {
                        "values that differ only in case or punctuation cannot be told apart in Rust; name the variants: `enum: { Asc: asc, AscUpper: ASC }`"
                    }),
                );
            } else {
                taken.insert(rust_name.clone(), named.span);
            }
            variants.push(EnumVariant { json_name: def.value.value.clone(), rust_name });
        }
        variants
    }

    /// `one_of:`: the variants, named by the spec or after their types, each
    /// of a type that is not optional; in a tagged union each member is a
    /// struct (checked once every type is known) and each tag value is one
    /// member's.
    fn union(&mut self, def: &UnionDef, index: usize) -> Union {
        let mut names: HashMap<String, Span> = HashMap::new();
        let mut variants = Vec::with_capacity(def.members.len());
        if let Some(tag) = &def.tag
            && tag.value.is_empty()
        {
            self.error(
                Diagnostic::new(tag.span, "a union's `tag` is empty").hint("name the property, such as `tag: kind`"),
            );
        }
        for member in &def.members {
            let ty = member.ty.as_ref().map(|expr| {
                if expr.optional {
                    self.error(
                        Diagnostic::new(expr.span, "a member of a union cannot be optional")
                            .hint("remove the `?`, and make the union optional where it is used: `Shape?`"),
                    );
                }
                self.ty(expr, false)
            });
            let rust_name = match (&member.rust_name, &member.key, &member.ty) {
                (Some(rust_name), _, _) if rust_name.value == "Unknown" => {
                    // The variant that keeps a member the spec does not list.
                    self.error(
                        Diagnostic::new(rust_name.span, "`Unknown` is the variant of the members a spec does not list")
                            .hint("choose another name, such as `UnknownValue`"),
                    );
                    rust_name.value.clone()
                }
                (Some(rust_name), _, _) => self.checked_rust_name(rust_name, Case::Camel),
                (None, Some(key), _) => ident::variant(&key.value),
                (None, None, Some(expr)) => ident::variant(&expr.words()),
                (None, None, None) => String::new(),
            };
            let shown = member
                .key
                .as_ref()
                .map_or_else(|| member.ty.as_ref().map(TypeExpr::words).unwrap_or_default(), |key| key.value.clone());
            if !ident::is_valid(&rust_name) {
                self.error(
                    Diagnostic::new(member.span, format!("no Rust variant name can be derived from `{shown}`"))
                        .hint("name the variants: `one_of: { Circle: Circle, Square: Square }`"),
                );
            }
            if let Some(&first) = names.get(&rust_name) {
                self.error(
                    Diagnostic::new(
                        member.span,
                        format!("`{shown}` becomes the variant `{rust_name}`, like another member"),
                    )
                    .related(first, "this one")
                    .hint(if def.tag.is_some() {
                        "tag values that differ only in case or punctuation cannot be told apart in Rust"
                    } else {
                        "name the variants: `one_of: { Small: Circle, Large: Circle }`"
                    }),
                );
                continue;
            }
            names.insert(rust_name.clone(), member.span);
            if def.tag.is_some()
                && let Some(ty) = &ty
            {
                self.tagged_members.push((index, ty.clone(), member.ty.as_ref().map_or(member.span, |expr| expr.span)));
            }
            variants.push(UnionVariant {
                rust_name,
                tag_value: def.tag.as_ref().and(member.key.as_ref()).map(|key| key.value.clone()),
                ty,
                description: member.description.clone(),
            });
        }
        Union { tag: def.tag.as_ref().map(|tag| tag.value.clone()), variants }
    }

    fn int_variants(&mut self, values: &[(Located<String>, Located<i128>)]) -> Vec<IntVariant> {
        let mut names: HashMap<String, Span> = HashMap::new();
        let mut numbers: HashMap<i64, Span> = HashMap::new();
        let mut variants = Vec::with_capacity(values.len());
        for (name, number) in values {
            let rust_name = ident::variant(&name.value);
            if !ident::is_valid(&rust_name) {
                self.error(
                    Diagnostic::new(name.span, format!("no Rust variant name can be derived from `{}`", name.value))
                        .hint("a variant name needs ASCII letters"),
                );
            }
            if let Some(&first) = names.get(&rust_name) {
                self.error(
                    Diagnostic::new(
                        name.span,
                        format!("`{}` becomes the variant `{rust_name}`, like another value", name.value),
                    )
                    .related(first, "this one")
                    .hint("names that differ only in case or punctuation cannot be told apart in Rust"),
                );
            }
            names.insert(rust_name.clone(), name.span);
            let Ok(value) = i64::try_from(number.value) else {
                self.error(
                    Diagnostic::new(number.span, "an enum value must fit in 64 bits")
                        .hint("integer enum values are signed 64-bit integers"),
                );
                continue;
            };
            if let Some(&first) = numbers.get(&value) {
                self.error(
                    Diagnostic::new(number.span, format!("{value} is the value of another variant too"))
                        .related(first, "this one")
                        .hint("each variant has a value of its own"),
                );
            }
            numbers.insert(value, number.span);
            variants.push(IntVariant { rust_name, value });
        }
        variants
    }

    /// A `default:` value, checked against the type it is for: a plain
    /// YAML value of a built-in type, `null` for an optional one, or one of
    /// an enum's values.
    pub(in crate::validate) fn default_value(&mut self, node: &Node, ty: &Ty) -> Option<DefaultValue> {
        let value = self.fitting_default(node, ty, &mut Vec::new());
        if value.is_none() {
            let diagnostic = self.default_mismatch(node, ty);
            self.error(diagnostic);
        }
        value
    }

    /// The default `node` is for the type `ty`, if it fits; `newtypes` are
    /// the newtypes it is inside of (`A: { newtype: A? }` ends).
    fn fitting_default(&mut self, node: &Node, ty: &Ty, newtypes: &mut Vec<usize>) -> Option<DefaultValue> {
        if let Ty::Named(index) = ty
            && let TypeDefKind::Newtype(expr) = &self.types[*index].def.kind
        {
            if newtypes.contains(index) {
                return None;
            }
            newtypes.push(*index);
            // The newtype's own problems are reported where it is defined.
            let before = self.diagnostics.len();
            let inner = self.ty(expr, false);
            self.diagnostics.truncate(before);
            let value = self.fitting_default(node, &inner, newtypes)?;
            return Some(DefaultValue::Newtype(Box::new(value), inner));
        }
        match (&node.value, ty) {
            (Value::Str(text), Ty::Builtin(Builtin::Date)) if values::is_date(text) => {
                return Some(DefaultValue::Parsed(text.clone()));
            }
            (Value::Str(text), Ty::Builtin(Builtin::DateTime)) if values::is_datetime(text) => {
                return Some(DefaultValue::Parsed(text.clone()));
            }
            (Value::Str(text), Ty::Builtin(Builtin::Uuid)) if values::is_uuid(text) => {
                return Some(DefaultValue::Parsed(text.clone()));
            }
            (Value::Str(text), Ty::Builtin(Builtin::Bytes)) => {
                return values::base64(text).map(|bytes| DefaultValue::Bytes(text.clone(), bytes));
            }
            _ => {}
        }
        match (&node.value, ty) {
            (Value::Bool(false), Ty::Builtin(Builtin::Bool))
            | (
                Value::Int(0),
                Ty::Builtin(Builtin::I32 | Builtin::I64 | Builtin::U32 | Builtin::U64 | Builtin::F32 | Builtin::F64),
            )
            | (Value::Null, Ty::Option(_)) => Some(DefaultValue::TypeDefault),
            (Value::Str(text), Ty::Builtin(Builtin::String)) if text.is_empty() => Some(DefaultValue::TypeDefault),
            (Value::Seq(items), Ty::List(_)) if items.is_empty() => Some(DefaultValue::TypeDefault),
            (Value::Map(entries), Ty::Map(_)) if entries.is_empty() => Some(DefaultValue::TypeDefault),
            (Value::Bool(value), Ty::Builtin(Builtin::Bool)) => Some(DefaultValue::Bool(*value)),
            (Value::Int(value), Ty::Builtin(Builtin::I32)) if i32::try_from(*value).is_ok() => {
                Some(DefaultValue::Int(*value))
            }
            (Value::Int(value), Ty::Builtin(Builtin::I64)) if i64::try_from(*value).is_ok() => {
                Some(DefaultValue::Int(*value))
            }
            (Value::Int(value), Ty::Builtin(Builtin::U32)) if u32::try_from(*value).is_ok() => {
                Some(DefaultValue::Int(*value))
            }
            (Value::Int(value), Ty::Builtin(Builtin::U64)) if u64::try_from(*value).is_ok() => {
                Some(DefaultValue::Int(*value))
            }
            #[allow(clippy::cast_precision_loss, reason = "a default like `1` for a float is exact")]
            (Value::Int(value), Ty::Builtin(Builtin::F32 | Builtin::F64)) => Some(DefaultValue::Float(*value as f64)),
            // Rust has no literal for a float past `f32::MAX` where the type
            // is `f32` (the YAML and JSON readers reject infinities and NaN).
            #[allow(clippy::cast_possible_truncation, reason = "what is tested is whether it fits")]
            (Value::Float(value), Ty::Builtin(Builtin::F32)) if (*value as f32).is_finite() => {
                Some(DefaultValue::Float(*value))
            }
            (Value::Float(value), Ty::Builtin(Builtin::F64)) if value.is_finite() => Some(DefaultValue::Float(*value)),
            (Value::Str(text), Ty::Builtin(Builtin::String)) => Some(DefaultValue::Str(text.clone())),
            (Value::Str(text), Ty::Named(index)) => match &self.types[*index].def.kind {
                TypeDefKind::Enum(values) => values
                    .iter()
                    .find(|value| &value.value.value == text)
                    .map(|value| DefaultValue::Variant(enum_variant_name(value))),
                TypeDefKind::IntEnum(values) if values.iter().any(|(name, _)| &name.value == text) => {
                    Some(DefaultValue::Variant(ident::variant(text)))
                }
                _ => None,
            },
            (Value::Int(number), Ty::Named(index)) => match &self.types[*index].def.kind {
                TypeDefKind::IntEnum(values) => values
                    .iter()
                    .find(|(_, value)| value.value == *number)
                    .map(|(name, _)| DefaultValue::Variant(ident::variant(&name.value))),
                _ => None,
            },
            _ => None,
        }
    }

    /// Why the default `node` does not fit the type `ty`.
    fn default_mismatch(&self, node: &Node, ty: &Ty) -> Diagnostic {
        let mut ty = ty;
        // A newtype's default is one of its inner type.
        let mut inner_ty;
        for _ in 0..self.types.len() {
            let Ty::Named(index) = ty else { break };
            let TypeDefKind::Newtype(expr) = &self.types[*index].def.kind else { break };
            inner_ty = match Builtin::from_name(&expr.name) {
                Some(builtin) if expr.args.is_empty() && !expr.optional => Ty::Builtin(builtin),
                _ => break,
            };
            ty = &inner_ty;
        }
        {
            let enum_values = match ty {
                Ty::Named(index) => match &self.types[*index].def.kind {
                    TypeDefKind::Enum(values) => {
                        Some(values.iter().map(|value| value.value.value.clone()).collect::<Vec<_>>())
                    }
                    TypeDefKind::IntEnum(values) => {
                        Some(values.iter().map(|(name, number)| format!("{} ({})", name.value, number.value)).collect())
                    }
                    _ => None,
                },
                _ => None,
            };
            match (enum_values, ty) {
                (Some(values), Ty::Named(index)) => Diagnostic::new(
                    node.span,
                    format!("this default is not a value of the enum `{}`", self.types[*index].def.name.value),
                )
                .hint(format!("its values are: {}", values.join(", "))),
                (_, Ty::Builtin(Builtin::F32)) if matches!(node.value, Value::Float(_)) => {
                    Diagnostic::new(node.span, "this default is too large for `f32`")
                        .hint("an `f32` is at most 3.4e38: give a smaller default, or make the type `f64`")
                }
                (_, Ty::Builtin(builtin @ (Builtin::Date | Builtin::DateTime | Builtin::Uuid | Builtin::Bytes)))
                    if matches!(node.value, Value::Str(_)) =>
                {
                    let form = match builtin {
                        Builtin::Date => "a date that exists, `YYYY-MM-DD` (`2024-01-31`)",
                        Builtin::DateTime => {
                            "an RFC 3339 date-time with seconds and an offset (`2024-01-31T10:00:00Z`, `2024-01-31T10:00:00.5+02:00`)"
                        }
                        Builtin::Uuid => "a hyphenated UUID (`67e55044-10b1-426f-9247-bb680e5fe0c8`)",
                        _ => "standard base64 (`aGVsbG8=`)",
                    };
                    Diagnostic::new(node.span, format!("this default is not a valid `{}`", builtin.name()))
                        .hint(format!("a default of this type is {form}"))
                }
                _ => Diagnostic::new(node.span, format!("this default is {}, which does not fit the type", node.kind()))
                    .hint("a default is a plain YAML value of a built-in type (`false`, `25`, `\"asc\"`, a date or a UUID as text), `null` for an optional type, or one of an enum's values; a newtype's default is one of its inner type"),
            }
        }
    }
}

/// The Rust variant of a string enum's value: its name in the map form, or
/// the value itself.
fn enum_variant_name(def: &EnumValueDef) -> String {
    ident::variant(&def.name.as_ref().unwrap_or(&def.value).value)
}
