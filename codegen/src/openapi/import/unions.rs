//! `oneOf` and `anyOf`: a string enum when every member is a string value,
//! a tagged union when the members are objects that share a property of
//! one constant value each (by a `discriminator`, or implicitly as
//! dropshot and serde write them), and an untagged union otherwise.

use std::collections::HashSet;

use super::names::{name_enum_values, unique_in, variant_names};
use super::schemas::{Converted, Schema};
use super::{Importer, builtin, description, follow_ref, located, optional, reference_target, seq};
use crate::diagnostic::Span;
use crate::ident;
use crate::openapi::{entries, get, get_str, key_text};
use crate::spec::{EnumValueDef, Located, TypeDef, TypeDefKind, UnionDef, UnionMemberDef};
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
        // anyOf: [{ type: string }, { enum: [gpt-4o, …] }], OpenAI's models:
        // any string, with known values named. The enum is that already,
        // as every enum keeps a value it does not list.
        if !marked
            && let [first, second] = non_null.as_slice()
            && let Some(known) = [(first, second), (second, first)].into_iter().find_map(|(any, known)| {
                (self.is_plain_string(any) && self.string_values(known).is_some()).then_some(*known)
            })
        {
            return wrap(self.convert(Schema::new(known), name));
        }
        // oneOf: [{ title: DM, const: 1 }, { title: GROUP_DM, const: 3 }]
        if !marked && let Some(variants) = self.integer_values(&non_null) {
            return wrap(Converted::Def(TypeDefKind::IntEnum(variants), false));
        }
        let discriminator = get(schema.node, "discriminator");
        let tag = discriminator
            .and_then(|discriminator| get_str(discriminator, "propertyName"))
            .map(str::to_owned)
            .or_else(|| if marked { None } else { self.implicit_tag(&non_null) });
        let tagged = tag.and_then(|tag| {
            let (members, may_be_null) = self.tagged_members(&non_null, &tag, discriminator, name)?;
            let tag = located(tag, discriminator.map_or(schema.node.span, |node| node.span));
            Some((UnionDef { tag: Some(tag), members }, may_be_null))
        });
        let (union, may_be_null) = tagged.unwrap_or_else(|| {
            let (members, may_be_null) = self.untagged_members(&non_null, name);
            (UnionDef { tag: None, members }, may_be_null)
        });
        wrap(Converted::Def(TypeDefKind::Union(union), may_be_null))
    }

    /// Whether a schema is any string: `type: string` with no values,
    /// format or properties of its own.
    fn is_plain_string(&self, node: &'n Node) -> bool {
        let node = follow_ref(self.root, node);
        get_str(node, "type") == Some("string")
            && ["enum", "const", "format", "properties", "oneOf", "anyOf", "allOf"]
                .iter()
                .all(|keyword| get(node, keyword).is_none())
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

    /// The variants of an integer enum, when every member is one integer
    /// (`const`, or an `enum` of one), each named by its `title` (Discord
    /// names its integer values so) or else by its value.
    fn integer_values(&self, members: &[&'n Node]) -> Option<Vec<(Located<String>, Located<i128>)>> {
        let mut taken = HashSet::new();
        let mut variants = Vec::with_capacity(members.len());
        for member in members {
            let node = follow_ref(self.root, member);
            let ((Some(value), _) | (None, [value])) = (get(node, "const"), seq(get(node, "enum"))) else {
                return None;
            };
            let Value::Int(number) = value.value else { return None };
            i64::try_from(number).ok()?;
            let derived = if number < 0 { format!("ValueMinus{}", -number) } else { format!("Value{number}") };
            let name = get_str(node, "title")
                .map(ident::variant)
                .filter(|title| ident::is_valid(title) && !taken.contains(title))
                .unwrap_or(derived);
            let name = unique_in(&mut taken, name, "");
            variants.push((located(name, member.span), Located { value: number, span: value.span }));
        }
        Some(variants)
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
        let mut objects = Vec::new();
        for member in members {
            let mut properties = Vec::new();
            let mut required = HashSet::new();
            if !self.collect_object(Schema::new(member), &mut properties, &mut required, false, 0) {
                return None;
            }
            objects.push((properties, required));
        }
        self.shared_constant(objects.iter().map(|(properties, required)| (properties.as_slice(), required)))
    }

    /// The first property that every object has, required, with a constant
    /// string value of its own (see [`implicit_tag`](Self::implicit_tag)).
    fn shared_constant<'o>(
        &self,
        objects: impl IntoIterator<Item = (&'o [(String, &'n Node, Span)], &'o HashSet<String>)>,
    ) -> Option<String>
    where
        'n: 'o,
    {
        let mut candidates: Option<Vec<String>> = None;
        for (properties, required) in objects {
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

    /// The members of a union tagged by `tag`, and whether one of them may
    /// be `null` (then the union may be), or `None` when a member has no
    /// tag value of its own or is no object (then it is read untagged).
    fn tagged_members(
        &mut self,
        members: &[&'n Node],
        tag: &str,
        discriminator: Option<&'n Node>,
        name: &str,
    ) -> Option<(Vec<UnionMemberDef>, bool)> {
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
            if !self.collect_object(Schema::new(member), &mut properties, &mut required, false, 0) {
                // A string or a list has no place for a tag.
                return None;
            }
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
        // What a discriminator says and the members do not: said once each,
        // as the union is still generated.
        for (value, target, span) in &mapping {
            if !plans.iter().any(|(_, reference, _, _)| *reference == Some(target.as_str())) {
                self.keyword_ignored(
                    *span,
                    &format!("the discriminator value `{value}` maps to `{target}`, which is no member of the `oneOf`"),
                    "map each value to a `$ref` that the `oneOf` or `anyOf` lists",
                );
            }
        }
        if discriminator.is_some() {
            for (member, _, _, properties) in &plans {
                if !properties.iter().any(|(property, _, _)| property == tag) {
                    self.keyword_ignored(
                        member.span,
                        &format!("this member has no property `{tag}`, which the discriminator names"),
                        "declare the discriminator's property in each member; the union writes and reads it all the same",
                    );
                }
            }
        }
        // Tag values that make no variant name, or the same one (`x` and
        // `X`), get one of their own.
        // An export writes the names a spec gave as `x-endpointgen-variant`.
        let values: Vec<&str> = plans.iter().map(|(_, _, (value, _), _)| value.as_str()).collect();
        // Names that would not pass the spec's checks are not taken.
        let given: Vec<Option<&str>> = plans
            .iter()
            .map(|(member, _, _, _)| {
                get_str(member, "x-endpointgen-variant")
                    .filter(|name| ident::is_valid(name) && ident::is_camel_case(name) && *name != "Unknown")
            })
            .collect();
        let with_given: Vec<String> = given
            .iter()
            .zip(&values)
            .map(|(given, value)| given.map_or_else(|| ident::variant(value), str::to_owned))
            .collect();
        let mut distinct = HashSet::new();
        let names = if given.iter().any(Option::is_some)
            && with_given.iter().all(|name| ident::is_valid(name) && distinct.insert(name.clone()))
        {
            Some(with_given)
        } else {
            variant_names(&values)
        };
        let mut rust_names = names.map(|names: Vec<String>| {
            names
                .into_iter()
                .zip(&values)
                .map(|(name, value)| (name != ident::variant(value)).then_some(name))
                .collect::<Vec<_>>()
                .into_iter()
        });
        let mut union_members = Vec::with_capacity(plans.len());
        let mut may_be_null = false;
        for (member, reference, (value, span), properties) in plans {
            let rust_name = rust_names.as_mut().and_then(Iterator::next).flatten();
            let variant = rust_name.clone().unwrap_or_else(|| ident::variant(&value));
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
                let struct_name = self.reserve(&format!("{name}{variant}"));
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
            // A member that may be null (Box's `File--Base`) makes the union
            // so; the spec format keeps members plain.
            let ty = ty.map(|mut ty| {
                may_be_null |= std::mem::take(&mut ty.optional);
                ty
            });
            union_members.push(UnionMemberDef {
                key: Some(located(value, span)),
                ty,
                description: description(member),
                rust_name: rust_name.map(|rust_name| located(rust_name, span)),
                span: member.span,
            });
        }
        Some((union_members, may_be_null))
    }

    /// The members of an untagged union, and whether one of them may be
    /// `null` (then the union may be).
    fn untagged_members(&mut self, members: &[&'n Node], name: &str) -> (Vec<UnionMemberDef>, bool) {
        let mut may_be_null = false;
        let mut taken = HashSet::new();
        let mut union_members = Vec::with_capacity(members.len());
        // A title that several members share (OpenAI's `title: array` on
        // each list) names none of them.
        let titles: Vec<Option<String>> = members
            .iter()
            .map(|member| get_str(member, "title").map(ident::camel).filter(|title| ident::is_valid(title)))
            .collect();
        for (index, member) in members.iter().enumerate() {
            let title = titles[index]
                .clone()
                .filter(|title| titles.iter().filter(|other| other.as_ref() == Some(title)).count() == 1)
                // A member of one value is named after it: Stripe's "or the
                // empty string, to unset it", OpenAI's `inf`.
                .or_else(|| single_string_value(member));
            let hint = format!("{name}{}", title.clone().unwrap_or_else(|| format!("Variant{}", index + 1)));
            let mut ty = self.schema_type(Schema::new(member), &hint);
            // A member that may be null makes the union so; the spec format
            // keeps members plain.
            may_be_null |= std::mem::take(&mut ty.optional);
            let variant = title.unwrap_or_else(|| {
                let words = ty.words();
                if ident::is_valid(&ident::variant(&words)) { words } else { format!("Variant{}", index + 1) }
            });
            let variant = unique_in(&mut taken, ident::variant(&variant), "");
            union_members.push(UnionMemberDef {
                key: Some(located(variant, member.span)),
                ty: Some(ty),
                description: description(member),
                rust_name: None,
                span: member.span,
            });
        }
        (union_members, may_be_null)
    }
}

impl<'n> Importer<'n, '_> {
    /// A common part (`allOf`, a `$ref`, `properties`) next to a choice
    /// (`oneOf`/`anyOf`): a value is the common part and one member, so
    /// the union has a struct per member that merges the common part with
    /// it, `{name}{Variant}`, tagged when the merged members have a tag
    /// as a union's members would. Members that are no objects cannot be
    /// merged: the schema is then `any`, with a warning.
    pub(super) fn common_and_choice(
        &mut self,
        schema: Schema<'n>,
        reference: Option<&'n Node>,
        common: &[&'n Node],
        name: &str,
    ) -> Converted {
        let node = schema.node;
        let choice: Vec<&'n Node> = seq(get(node, "oneOf").or_else(|| get(node, "anyOf")))
            .iter()
            .filter(|member| !self.is_null_schema(member))
            .collect();
        let has_null = choice.len() < seq(get(node, "oneOf").or_else(|| get(node, "anyOf"))).len();
        let own = schema.common_part();
        let target = reference.and_then(|reference| reference_target(self.root, reference));
        // The properties of each member, merged with the common ones.
        let mut merged = Vec::with_capacity(choice.len());
        for member in &choice {
            let (mut properties, mut required) = (Vec::new(), HashSet::new());
            let is_object = |node: &Node| {
                let node = follow_ref(self.root, node);
                ["properties", "allOf", "additionalProperties"].iter().any(|key| get(node, key).is_some())
                    || get_str(node, "type") == Some("object")
            };
            if !is_object(member) {
                return Converted::Expr(self.read_as_any(
                    member.span,
                    "a member of a choice next to a common part is no object",
                    "each member of a `oneOf` next to `allOf` or `properties` must be an object, to be merged with the common part",
                ));
            }
            let mut ok = true;
            if let Some(target) = target {
                ok &= self.collect_object(Schema::new(target), &mut properties, &mut required, true, 0);
            }
            for part in common {
                ok &= self.collect_object(Schema::new(part), &mut properties, &mut required, true, 0);
            }
            ok &= self.collect_own_object(own, &mut properties, &mut required, true);
            ok &= self.collect_object(Schema::new(member), &mut properties, &mut required, true, 0);
            if !ok {
                // Each part that cannot be merged is reported.
                self.count_any(node.span);
                return Converted::Expr(builtin("any", node.span));
            }
            merged.push((*member, properties, required));
        }
        // A tag, as `union` finds one: the discriminator, or a property of
        // one constant string in every merged member.
        let discriminator = get(node, "discriminator");
        let tag = discriminator
            .and_then(|discriminator| get_str(discriminator, "propertyName"))
            .map(str::to_owned)
            .or_else(|| {
                self.shared_constant(merged.iter().map(|(_, properties, required)| (properties.as_slice(), required)))
            });
        let tag_values: Option<Vec<(String, Span)>> = tag.as_ref().and_then(|tag| {
            let values: Option<Vec<(String, Span)>> = merged
                .iter()
                .map(|(_, properties, _)| {
                    properties
                        .iter()
                        .find(|(property, _, _)| property == tag)
                        .and_then(|(_, property, _)| self.constant(property))
                })
                .collect();
            let mut seen = HashSet::new();
            values.filter(|values| values.iter().all(|(value, _)| seen.insert(value.clone())))
        });
        if let (Some(discriminator), Some(tag), None) = (discriminator, &tag, &tag_values) {
            self.keyword_ignored(
                discriminator.span,
                &format!("the discriminator `{tag}` is left out: the members do not each give it a value of their own"),
                "give the property one `enum` or `const` value in each member; the union is read untagged",
            );
        }
        // Tag values that make no variant name, or the same one, get one of
        // their own.
        let tag_names: Option<Vec<String>> = tag_values
            .as_ref()
            .and_then(|values| variant_names(&values.iter().map(|(value, _)| value.as_str()).collect::<Vec<_>>()));
        let mut taken = HashSet::new();
        let mut members = Vec::with_capacity(merged.len());
        for (index, (member, properties, required)) in merged.into_iter().enumerate() {
            let tag_value = tag_values.as_ref().map(|values| values[index].clone());
            let rust_name = tag_names.as_ref().map(|names| names[index].clone());
            let title = get_str(member, "title")
                .or_else(|| get_str(member, "$ref").and_then(|reference| reference.rsplit('/').next()))
                .map(ident::camel)
                .filter(|title| ident::is_valid(title));
            let variant = match &tag_value {
                Some((value, _)) => rust_name.clone().unwrap_or_else(|| ident::variant(value)),
                None => title.unwrap_or_else(|| format!("Variant{}", index + 1)),
            };
            let variant = unique_in(&mut taken, ident::variant(&variant), "");
            let struct_name = self.reserve(&format!("{name}{variant}"));
            let slot = self.types.len();
            self.slots.insert(struct_name.clone(), slot);
            self.types.push(None);
            // The tag is the variant's, as in a tagged member of its own.
            let properties: Vec<(String, &'n Node, Span)> = properties
                .into_iter()
                .filter(|(property, _, _)| tag_value.is_none() || tag.as_deref() != Some(property.as_str()))
                .collect();
            let fields = self.fields(&properties, &required, &struct_name);
            self.types[slot] = Some(TypeDef {
                secret: false,
                name: located(struct_name.clone(), member.span),
                rust_name: None,
                description: description(follow_ref(self.root, member)),
                kind: TypeDefKind::Struct(fields),
                envelope: false,
            });
            let key = match &tag_value {
                Some((value, span)) => located(value.clone(), *span),
                None => located(variant, member.span),
            };
            members.push(UnionMemberDef {
                key: Some(key),
                ty: Some(builtin(&struct_name, member.span)),
                description: description(member),
                rust_name: rust_name.map(|rust_name| located(rust_name, member.span)),
                span: member.span,
            });
        }
        let tag = tag
            .filter(|_| tag_values.is_some())
            .map(|tag| located(tag, discriminator.map_or(node.span, |node| node.span)));
        Converted::Def(TypeDefKind::Union(UnionDef { tag, members }), has_null)
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

/// The variant name of a schema that is a string enum of one value
/// (`enum: ['']` is `Empty`), when the value makes one.
fn single_string_value(schema: &Node) -> Option<String> {
    let [value] = seq(get(schema, "enum")) else { return None };
    let name = match value.as_str()? {
        "" => "Empty".to_owned(),
        text => ident::variant(text),
    };
    ident::is_valid(&name).then_some(name)
}
