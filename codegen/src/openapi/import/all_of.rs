//! `allOf` (and `$ref` with siblings): parts merged into one struct, or,
//! when all but one part only narrow it, read as that part's type.

use std::collections::HashSet;

use super::schemas::{ANNOTATIONS, Converted, Schema, is_trivial};
use super::{Importer, builtin, follow_ref, reference_target, seq};
use crate::openapi::{entries, get, get_str};
use crate::spec::TypeDefKind;
use crate::yaml::{Node, Value};

impl<'n> Importer<'n, '_> {
    /// `allOf` (and `$ref` with siblings): one member is that member; more
    /// are merged into one struct. Members that say nothing about the value
    /// (`{}`, a description) are left out.
    pub(super) fn all_of(&mut self, schema: Schema<'n>, members: &'n [Node], name: &str) -> Converted {
        let node = schema.node;
        let reference = schema.get("$ref");
        let members: Vec<&'n Node> = members.iter().filter(|member| !is_trivial(member)).collect();
        let own_choice = ["oneOf", "anyOf"]
            .iter()
            .filter_map(|key| get(node, key))
            .any(|choice| !seq(Some(choice)).iter().all(is_trivial));
        if own_choice && (reference.is_some() || !members.is_empty()) {
            return self.common_and_choice(schema, reference, &members, name);
        }
        let own_shape =
            ["properties", "additionalProperties", "items", "enum"].iter().any(|key| get(node, key).is_some())
                || get_str(node, "type").is_some_and(|ty| ty != "object");
        match (reference, members.as_slice(), own_shape) {
            (None, [], false) => return Converted::Expr(builtin("any", node.span)),
            (Some(reference), [], false) => {
                return self.reference(reference).map_or(Converted::Null, Converted::Expr);
            }
            (None, [member], false) => return self.convert(Schema::new(member), name),
            _ => {}
        }
        if !self.all_objects(reference, &members, own_shape.then_some(schema))
            && let Some(converted) = self.narrowed(schema, reference, &members, own_shape, name)
        {
            return converted;
        }
        let mut properties = Vec::new();
        let mut required = HashSet::new();
        // Every part is read, so that each one that cannot be merged is
        // reported; then the whole is `any`.
        let mut merged = true;
        if let Some(reference) = reference {
            let target = reference_target(self.root, reference).unwrap_or(reference);
            merged &= self.collect_object(Schema::new(target), &mut properties, &mut required, true, 0);
        }
        for &member in &members {
            merged &= self.collect_object(Schema::new(member), &mut properties, &mut required, true, 0);
        }
        if own_shape {
            let own = Schema { without_ref: true, ..schema };
            merged &= self.collect_own_object(own, &mut properties, &mut required, true);
        }
        if !merged {
            self.count_any(node.span);
            return Converted::Expr(builtin("any", node.span));
        }
        let mut fields = self.fields(&properties, &required, name);
        super::schemas::required_without_schema(&properties, &required, &mut fields, node.span);
        let target = reference.and_then(|reference| reference_target(self.root, reference));
        let parts: Vec<&'n Node> = target.into_iter().chain(members).chain(own_shape.then_some(node)).collect();
        self.flattened_field(&parts, &mut fields, name);
        Converted::Def(TypeDefKind::Struct(fields), false)
    }

    /// Whether every part of an `allOf` is an object, whose properties can
    /// be merged into one struct (a `$ref` that cannot be followed counts as
    /// one: merging reports it).
    fn all_objects(&mut self, reference: Option<&'n Node>, members: &[&'n Node], own: Option<Schema<'n>>) -> bool {
        let (mut properties, mut required) = (Vec::new(), HashSet::new());
        let target = reference.and_then(|reference| reference_target(self.root, reference));
        target.is_none_or(|target| self.collect_object(Schema::new(target), &mut properties, &mut required, false, 0))
            && members
                .iter()
                .all(|member| self.collect_object(Schema::new(member), &mut properties, &mut required, false, 0))
            && own.is_none_or(|own| {
                let own = Schema { without_ref: true, without_all_of: true, ..own };
                self.collect_own_object(own, &mut properties, &mut required, false)
            })
    }

    /// An `allOf` whose parts are not all objects, such as Discord's
    /// `{ type: integer, enum: [0, 2], allOf: [{ $ref: ChannelTypes }] }`:
    /// when one part says what the value is (the one `$ref`, or else the
    /// part with an `enum`, a `format` or a `type`) and the others only
    /// narrow it (`type`, `enum`, `const`, `format`, checks), it is that
    /// part's type. A narrowed copy (an enum of two of `ChannelTypes`'
    /// values) would be one more type per use, which cannot be passed
    /// where the named type is asked for; the server still checks the
    /// narrowing. `None` when no part stands for the others (they are then
    /// merged, and what cannot be is reported), and `any`, with a warning,
    /// when the parts allow no value in common.
    fn narrowed(
        &mut self,
        schema: Schema<'n>,
        reference: Option<&'n Node>,
        members: &[&'n Node],
        own_shape: bool,
        name: &str,
    ) -> Option<Converted> {
        let node = schema.node;
        let own = Schema { without_ref: true, without_all_of: true, ..schema };
        // The parts: a `$ref` (its node), or a schema that only narrows.
        let mut references: Vec<&'n Node> = reference.into_iter().collect();
        let mut narrowing: Vec<Schema<'n>> = Vec::new();
        for member in members {
            match get(member, "$ref") {
                Some(member_reference) if only_narrows(member, true) => references.push(member_reference),
                None if only_narrows(member, false) => narrowing.push(Schema::new(member)),
                _ => return None,
            }
        }
        if own_shape {
            if !only_narrows(node, true) {
                return None;
            }
            narrowing.push(own);
        }
        // What each part allows, as JSON types: they must meet.
        let mut allowed: Option<HashSet<&'static str>> = None;
        let targets = references.iter().filter_map(|reference| reference_target(self.root, reference));
        for part in targets.chain(narrowing.iter().map(|part| part.node)) {
            if let Some(types) = self.json_types(part, &mut { JSON_TYPES_BUDGET }) {
                allowed = Some(match allowed {
                    Some(known) => known.intersection(&types).copied().collect(),
                    None => types,
                });
            }
        }
        if allowed.is_some_and(|allowed| allowed.is_empty()) {
            return Some(Converted::Expr(self.read_as_any(
                node.span,
                "the parts of this `allOf` allow no value in common",
                "a value must match every part of an `allOf`: check their `type`s and `enum`s",
            )));
        }
        match references.as_slice() {
            // A part that is the schema itself, through `$ref`s and
            // `allOf`s, is a loop, which merging reports.
            [reference] if self.reaches(reference, node, &mut HashSet::new()) => None,
            [reference] => Some(self.reference(reference).map_or(Converted::Null, Converted::Expr)),
            [] => {
                let says_most = |keys: &[&str]| {
                    let mut found = narrowing.iter().filter(|part| keys.iter().any(|key| part.get(key).is_some()));
                    match (found.next(), found.next()) {
                        (Some(part), None) => Some(*part),
                        _ => None,
                    }
                };
                let base = says_most(&["enum", "const"])
                    .or_else(|| says_most(&["format"]))
                    .or_else(|| says_most(&["type"]))?;
                Some(self.convert_shape(base, name))
            }
            _ => None,
        }
    }

    /// Whether the schema a `$ref` points to is `goal`, or leads to it
    /// through its own `$ref`s and `allOf`s; each schema is walked once
    /// (`seen`).
    fn reaches(&self, reference: &'n Node, goal: &Node, seen: &mut HashSet<usize>) -> bool {
        let Some(target) = reference_target(self.root, reference) else { return false };
        if std::ptr::eq(target, goal) {
            return true;
        }
        // A chain longer than the budget is followed no further.
        seen.len() < JSON_TYPES_BUDGET
            && seen.insert(std::ptr::from_ref(target) as usize)
            && get(target, "$ref")
                .into_iter()
                .chain(seq(get(target, "allOf")).iter().filter_map(|part| get(part, "$ref")))
                .any(|next| self.reaches(next, goal, seen))
    }

    /// The JSON types a schema allows, by its `type`, or the values of its
    /// `enum` or `const`, or those of the members of its `oneOf`/`anyOf`;
    /// `None` when it does not say, or when finding out takes more than
    /// `budget` schemas (its members may loop, or share members
    /// exponentially often). `integer` counts as `number`.
    fn json_types(&self, node: &'n Node, budget: &mut usize) -> Option<HashSet<&'static str>> {
        *budget = budget.checked_sub(1)?;
        let node = follow_ref(self.root, node);
        let by_name = |name: &str| -> Option<&'static str> {
            Some(match name {
                "integer" | "number" => "number",
                "string" => "string",
                "boolean" => "boolean",
                "array" => "array",
                "object" => "object",
                "null" => "null",
                _ => return None,
            })
        };
        let of_value = |value: &Node| match value.value {
            Value::Str(_) => "string",
            Value::Int(_) | Value::Float(_) => "number",
            Value::Bool(_) => "boolean",
            Value::Null => "null",
            Value::Seq(_) => "array",
            Value::Map(_) => "object",
        };
        match get(node, "type").map(|ty| &ty.value) {
            Some(Value::Str(ty)) => return by_name(ty).map(|ty| HashSet::from([ty])),
            Some(Value::Seq(types)) => return types.iter().map(|ty| ty.as_str().and_then(by_name)).collect(),
            _ => {}
        }
        if let Some(value) = get(node, "const") {
            return Some(HashSet::from([of_value(value)]));
        }
        let values = seq(get(node, "enum"));
        if !values.is_empty() {
            return Some(values.iter().map(of_value).collect());
        }
        let members = seq(get(node, "oneOf").or_else(|| get(node, "anyOf")));
        if members.is_empty() {
            return None;
        }
        let mut types = HashSet::new();
        for member in members {
            // A member that does not say allows anything: so does the whole.
            types.extend(self.json_types(member, budget)?);
        }
        Some(types)
    }
}

/// How many schemas `json_types` and `reaches` read at most for one part.
const JSON_TYPES_BUDGET: usize = 1000;

/// Keywords that only narrow the values of a type: checks, and `type`,
/// `enum`, `const` and `format` next to a part that says more.
const NARROWING: &[&str] = &[
    "type",
    "enum",
    "const",
    "format",
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
];

/// Whether a part of an `allOf` only narrows a value that another part
/// describes: it has no keyword but `NARROWING`s and annotations (and its
/// `$ref` and `allOf` when `with_ref`: those are the other parts).
fn only_narrows(node: &Node, with_ref: bool) -> bool {
    entries(node).iter().all(|(key, _)| match key.as_str() {
        Some("$ref" | "allOf") => with_ref,
        Some(key) => NARROWING.contains(&key) || ANNOTATIONS.contains(&key) || key.starts_with("x-"),
        None => false,
    })
}
