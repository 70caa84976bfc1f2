//! `oneOf` and `anyOf`: a string enum when every member is a string value,
//! a tagged union when the members are objects that share a property of
//! one constant value each (by a `discriminator`, or implicitly as
//! dropshot and serde write them), and an untagged union otherwise.

use std::collections::HashSet;

use super::names::{name_enum_values, unique_in};
use super::schemas::{Converted, Schema};
use super::{Importer, builtin, description, follow_ref, located, optional, seq};
use crate::diagnostic::Span;
use crate::ident;
use crate::openapi::{entries, get, get_str, key_text};
use crate::spec::{EnumValueDef, TypeDef, TypeDefKind, UnionDef, UnionMemberDef};
use crate::yaml::{Node, Value};
impl<'n> Importer<'n, '_> {
    /// `oneOf` / `anyOf`: `null` members make the type optional; one member
    /// left is that member; string values make an enum; objects that share
    /// a property of one constant value each make a tagged union; anything
    /// else an untagged one.
    pub(super) fn union(&mut self, schema: Schema<'n>, members: &'n [Node], name: &str) -> Converted {
        let non_null: Vec<&'n Node> = members.iter().filter(|member| !self.is_null_schema(member)).collect();
        let has_null = non_null.len() < members.len();
        let wrap = |converted: Converted| -> Converted {
            match converted {
                Converted::Expr(expr) => Converted::Expr(optional(expr, has_null)),
                Converted::Def(kind, nullable) => Converted::Def(kind, nullable || has_null),
                Converted::Null => Converted::Null,
            }
        };
        // An export marks its unions: each member is a variant, as written.
        let marked = get_str(schema.node, "x-endpointgen-kind") == Some("union");
        match non_null.as_slice() {
            [] => return Converted::Null,
            [single] if !marked => return wrap(self.convert(Schema::new(single), name)),
            _ => {}
        }
        // oneOf: [{ enum: [a], description: … }, { enum: [b] }]
        let mut values: Vec<EnumValueDef> = Vec::new();
        let all_strings = non_null.iter().all(|member| match self.string_values(member) {
            Some(member_values) => {
                for (value, span) in member_values {
                    if !values.iter().any(|known| known.value.value == value) {
                        values.push(EnumValueDef { name: None, value: located(value, span) });
                    }
                }
                true
            }
            None => false,
        });
        if all_strings && !marked {
            let kind = TypeDefKind::Enum(name_enum_values(values));
            return wrap(Converted::Def(kind, false));
        }
        let discriminator = get(schema.node, "discriminator");
        let tag = discriminator
            .and_then(|discriminator| get_str(discriminator, "propertyName"))
            .map(str::to_owned)
            .or_else(|| if marked { None } else { self.implicit_tag(&non_null) });
        let kind = match tag {
            Some(tag) => match self.tagged_members(&non_null, &tag, discriminator, name) {
                Some(members) => TypeDefKind::Union(UnionDef {
                    tag: Some(located(tag, discriminator.map_or(schema.node.span, |node| node.span))),
                    members,
                }),
                None => TypeDefKind::Union(UnionDef { tag: None, members: self.untagged_members(&non_null, name) }),
            },
            None => TypeDefKind::Union(UnionDef { tag: None, members: self.untagged_members(&non_null, name) }),
        };
        wrap(Converted::Def(kind, false))
    }

    /// The string values of a schema that is a string enum or constant.
    fn string_values(&self, node: &'n Node) -> Option<Vec<(String, Span)>> {
        let node = follow_ref(self.root, node);
        if get(node, "properties").is_some() || get(node, "oneOf").is_some() || get(node, "allOf").is_some() {
            return None;
        }
        if let Some(Node { value: Value::Str(text), span }) = get(node, "const") {
            return Some(vec![(text.clone(), *span)]);
        }
        let Value::Seq(values) = &get(node, "enum")?.value else { return None };
        values
            .iter()
            .filter(|value| value.value != Value::Null)
            .map(|value| value.as_str().map(|text| (text.to_owned(), value.span)))
            .collect()
    }

    /// The one constant string of a property schema: `{ enum: [circle] }`,
    /// `{ const: circle }`.
    fn constant(&self, node: &'n Node) -> Option<(String, Span)> {
        match self.string_values(node)?.as_slice() {
            [(value, span)] => Some((value.clone(), *span)),
            _ => None,
        }
    }

    /// A property that every member has, required, with a constant string
    /// value of its own: dropshot and serde write tagged enums this way,
    /// without a `discriminator`.
    fn implicit_tag(&mut self, members: &[&'n Node]) -> Option<String> {
        let mut candidates: Option<Vec<String>> = None;
        for member in members {
            let mut properties = Vec::new();
            let mut required = HashSet::new();
            if !self.collect_object(Schema::new(member), &mut properties, &mut required, false, 0) {
                return None;
            }
            let constants: Vec<String> = properties
                .iter()
                .filter(|(name, property, _)| required.contains(name) && self.constant(property).is_some())
                .map(|(name, _, _)| name.clone())
                .collect();
            candidates = Some(match candidates {
                None => constants,
                Some(previous) => previous.into_iter().filter(|name| constants.contains(name)).collect(),
            });
        }
        candidates?.into_iter().next()
    }

    /// The members of a union tagged by `tag`, or `None` when a member has
    /// no tag value of its own (then it is read untagged).
    fn tagged_members(
        &mut self,
        members: &[&'n Node],
        tag: &str,
        discriminator: Option<&'n Node>,
        name: &str,
    ) -> Option<Vec<UnionMemberDef>> {
        let mapping: Vec<(String, String, Span)> = discriminator
            .and_then(|discriminator| get(discriminator, "mapping"))
            .map(entries)
            .unwrap_or_default()
            .iter()
            .filter_map(|(value, target)| Some((key_text(value)?, target.as_str()?.to_owned(), value.span)))
            .collect();
        // First the tag value of each member, so that nothing is defined for
        // a union that turns out untagged.
        let mut plans = Vec::with_capacity(members.len());
        for member in members {
            let reference = get_str(member, "$ref").filter(|_| entries(member).len() == 1);
            let mut properties = Vec::new();
            let mut required = HashSet::new();
            self.collect_object(Schema::new(member), &mut properties, &mut required, false, 0);
            let from_property = properties
                .iter()
                .find(|(property, _, _)| property == tag)
                .and_then(|(_, property, _)| self.constant(property));
            let from_mapping = reference.and_then(|reference| {
                mapping.iter().find(|(_, target, _)| target == reference).map(|(value, _, span)| (value.clone(), *span))
            });
            // Without a mapping, a discriminator's values are the schema names.
            let from_name = reference.filter(|_| discriminator.is_some()).and_then(|reference| {
                reference.strip_prefix("#/components/schemas/").map(|schema| (schema.to_owned(), member.span))
            });
            let value = from_mapping.or(from_property).or(from_name)?;
            plans.push((member, reference, value, properties));
        }
        let mut seen = HashSet::new();
        if !plans.iter().all(|(_, _, (value, _), _)| seen.insert(value.clone())) {
            return None;
        }
        let mut union_members = Vec::with_capacity(plans.len());
        for (member, reference, (value, span), properties) in plans {
            let others: Vec<(String, &'n Node, Span)> =
                properties.into_iter().filter(|(property, _, _)| property != tag).collect();
            let ty = if reference.is_some() {
                // A named schema is the member as it is; it may keep a field
                // for the tag, which decoding fills.
                get(member, "$ref").and_then(|reference| self.reference(reference))
            } else if let Some(inner) = sole_reference_besides_tag(member, tag) {
                self.reference(inner)
            } else if others.is_empty() {
                None
            } else {
                let struct_name = self.reserve(&format!("{name}{}", ident::camel(&value)));
                let slot = self.types.len();
                self.slots.insert(struct_name.clone(), slot);
                self.types.push(None);
                let required = {
                    let mut properties = Vec::new();
                    let mut required = HashSet::new();
                    self.collect_object(Schema::new(member), &mut properties, &mut required, false, 0);
                    required
                };
                let fields = self.fields(&others, &required, &struct_name);
                self.types[slot] = Some(TypeDef {
                    secret: false,
                    name: located(struct_name.clone(), member.span),
                    rust_name: None,
                    description: None,
                    kind: TypeDefKind::Struct(fields),
                    envelope: false,
                });
                Some(builtin(&struct_name, member.span))
            };
            union_members.push(UnionMemberDef {
                key: Some(located(value, span)),
                ty,
                description: description(member),
                span: member.span,
            });
        }
        Some(union_members)
    }

    fn untagged_members(&mut self, members: &[&'n Node], name: &str) -> Vec<UnionMemberDef> {
        let mut taken = HashSet::new();
        let mut union_members = Vec::with_capacity(members.len());
        for (index, member) in members.iter().enumerate() {
            let title = get_str(member, "title").map(ident::camel).filter(|title| ident::is_valid(title));
            let hint = format!("{name}{}", title.clone().unwrap_or_else(|| format!("Variant{}", index + 1)));
            let mut ty = self.schema_type(Schema::new(member), &hint);
            // A member that may be null makes the union so; the spec format
            // keeps members plain.
            ty.optional = false;
            let variant = title.unwrap_or_else(|| {
                let words = ty.words();
                if ident::is_valid(&ident::variant(&words)) { words } else { format!("Variant{}", index + 1) }
            });
            let variant = unique_in(&mut taken, ident::variant(&variant), "");
            union_members.push(UnionMemberDef {
                key: Some(located(variant, member.span)),
                ty: Some(ty),
                description: description(member),
                span: member.span,
            });
        }
        union_members
    }
}

/// `allOf: [{ $ref: Circle }, { properties: { kind: { const: circle } } }]`,
/// as an export writes a tagged member: the referenced schema.
fn sole_reference_besides_tag<'n>(member: &'n Node, tag: &str) -> Option<&'n Node> {
    let parts = seq(get(member, "allOf"));
    let mut reference = None;
    for part in parts {
        if let Some(found) = get(part, "$ref").filter(|_| entries(part).len() == 1) {
            if reference.replace(found).is_some() {
                return None;
            }
            continue;
        }
        let only_tag = entries(get(part, "properties")?).iter().all(|(key, _)| key.as_str() == Some(tag));
        if !only_tag {
            return None;
        }
    }
    reference
}
