//! Schemas → type expressions, and the types (structs, enums, unions)
//! defined for them: `$ref`, `allOf`, `oneOf`/`anyOf`, `enum`, `const`,
//! and `type` with its `format`. `allOf` is merged or narrowed in
//! `all_of`, and `oneOf`/`anyOf` read in `unions`.

use std::collections::HashSet;

use super::defaults::{DefaultAt, PendingDefault};
use super::names::{name_enum_values, unique_in};
use super::{
    Importer, MAX_DEPTH, MAX_MERGE_DEPTH, builtin, description, follow_ref, generic, is_secret, located, optional,
    reference_target, required_of, seq,
};
use crate::diagnostic::{Diagnostic, Span};
use crate::ident;
use crate::openapi::{closest_reference, entries, get, get_str, key_text, resolve};
use crate::spec::{EnumValueDef, FieldDef, Located, Role, TypeDef, TypeDefKind, TypeExpr, UnionDef, UnionMemberDef};
use crate::yaml::{Node, Value};

/// What a schema is, before it has a name.
pub(super) enum Converted {
    /// A type expression: a built-in, a list, a map, a reference.
    Expr(TypeExpr),
    /// A type to define, under the name the caller reserved; `true` when
    /// the value may also be `null` (then uses of it are optional).
    Def(TypeDefKind, bool),
    /// Nothing but `null`.
    Null,
}

/// A schema, possibly read without its `$ref` (whose siblings are then a
/// part of an `allOf`) or as one of the types of a type array.
#[derive(Clone, Copy)]
pub(super) struct Schema<'n> {
    pub(super) node: &'n Node,
    pub(super) without_ref: bool,
    /// Read without its `allOf`: the schema's own keywords, one part of
    /// the `allOf` they sit next to.
    pub(super) without_all_of: bool,
    /// Read without its `oneOf`/`anyOf`: the part common to their members.
    pub(super) without_choice: bool,
    /// One type of `type: [string, integer]`.
    pub(super) only_type: Option<&'n str>,
}

impl<'n> Schema<'n> {
    pub(super) fn new(node: &'n Node) -> Self {
        Self { node, without_ref: false, without_all_of: false, without_choice: false, only_type: None }
    }

    /// The schema's own keywords beside its `$ref`, `allOf` and choice:
    /// what it adds to the members of the choice.
    pub(super) fn common_part(self) -> Self {
        Self { without_ref: true, without_all_of: true, without_choice: true, ..self }
    }

    pub(super) fn get(&self, key: &str) -> Option<&'n Node> {
        match key {
            "$ref" if self.without_ref => None,
            "allOf" if self.without_all_of => None,
            "oneOf" | "anyOf" if self.without_choice => None,
            _ => get(self.node, key),
        }
    }

    fn get_str(&self, key: &str) -> Option<&'n str> {
        self.get(key).and_then(Node::as_str)
    }

    fn flag(&self, key: &str) -> bool {
        matches!(self.get(key), Some(Node { value: Value::Bool(true), .. }))
    }

    /// Whether it says more than annotations: keywords that shape the value.
    fn is_structural(&self) -> bool {
        const SHAPING: &[&str] = &[
            "type",
            "properties",
            "additionalProperties",
            "items",
            "allOf",
            "oneOf",
            "anyOf",
            "enum",
            "const",
            "$ref",
            "format",
        ];
        SHAPING.iter().any(|key| self.get(key).is_some())
    }
}

impl<'n> Importer<'n, '_> {
    /// The type expression of a schema, defining a type named after `hint`
    /// when the schema is an object, an enum or a union.
    pub(super) fn schema_type(&mut self, schema: Schema<'n>, hint: &str) -> TypeExpr {
        let key = (std::ptr::from_ref(schema.node) as usize, schema.without_ref, schema.only_type);
        if let Some(expr) = self.converted.get(&key) {
            return expr.clone();
        }
        let expr = self.new_schema_type(schema, hint);
        self.converted.insert(key, expr.clone());
        expr
    }

    fn new_schema_type(&mut self, schema: Schema<'n>, hint: &str) -> TypeExpr {
        let name = self.reserve(hint);
        // The slot comes before the types made for the schema's parts, so
        // that a struct precedes the types of its fields.
        let slot = self.types.len();
        self.types.push(None);
        self.slots.insert(name.clone(), slot);
        match self.convert(schema, &name) {
            Converted::Expr(expr) => {
                self.release(&name);
                expr
            }
            Converted::Null => {
                self.release(&name);
                optional(builtin("any", schema.node.span), true)
            }
            Converted::Def(kind, nullable) => {
                self.types[slot] = Some(TypeDef {
                    secret: false,
                    name: located(name.clone(), schema.node.span),
                    rust_name: None,
                    description: description(schema.node),
                    kind,
                    envelope: false,
                });
                optional(builtin(&name, schema.node.span), nullable)
            }
        }
    }

    pub(super) fn convert(&mut self, schema: Schema<'n>, name: &str) -> Converted {
        let node = schema.node;
        match &node.value {
            Value::Map(_) => {}
            Value::Bool(true) => return Converted::Expr(builtin("any", node.span)),
            Value::Bool(false) => {
                return Converted::Expr(self.read_as_any(
                    node.span,
                    "the schema `false` matches no value",
                    "no value can be sent or received here; remove the property, or write `{}` for any value",
                ));
            }
            _ => {
                return Converted::Expr(self.read_as_any(
                    node.span,
                    format!("a schema must be a map, not {}", node.kind()),
                    "write `{ type: string }`, say, or `{}` for any value",
                ));
            }
        }
        if self.depth > MAX_DEPTH {
            return Converted::Expr(self.read_as_any(
                node.span,
                format!("schemas nest more than {MAX_DEPTH} levels deep here"),
                "name the inner schemas under `components.schemas` and refer to them",
            ));
        }
        if self.unsupported_keywords(schema) {
            self.count_any(node.span);
            return Converted::Expr(builtin("any", node.span));
        }
        self.depth += 1;
        let nullable = schema.flag("nullable");
        let converted = self.convert_shape(schema, name);
        self.depth -= 1;
        match converted {
            Converted::Expr(expr) => Converted::Expr(optional(expr, nullable)),
            Converted::Def(kind, may_be_null) => Converted::Def(kind, may_be_null || nullable),
            Converted::Null => Converted::Null,
        }
    }

    /// A warning about a keyword that is read as if it were not there.
    pub(super) fn keyword_ignored(&mut self, span: Span, message: &str, hint: &str) {
        self.diagnostics.push(Diagnostic::warning(span, message).hint(hint));
    }

    /// Keywords of JSON Schema that no Rust type here can stand for: whether
    /// the schema has any (each is reported).
    fn unsupported_keywords(&mut self, schema: Schema<'n>) -> bool {
        const UNSUPPORTED: &[(&str, &str)] = &[
            ("prefixItems", "tuples are not supported; use an object"),
            ("patternProperties", "use `additionalProperties` for a map"),
            ("$dynamicRef", "use `$ref`"),
        ];
        // What a value is not, and the conditions under which more is
        // required of it, narrow what the rest of the schema says it is; a
        // client that takes a little more loses nothing.
        const NARROWING: &[(&str, &str)] = &[
            ("not", "a type cannot say what a value is not; the server still checks it"),
            ("if", "a type cannot say what a condition requires; the server still checks it"),
            ("dependentSchemas", "a type cannot say what a property's presence requires; the server still checks it"),
            ("dependentRequired", "a type cannot say what a property's presence requires; the server still checks it"),
        ];
        for (key, _) in entries(schema.node) {
            if let Some((keyword, hint)) = NARROWING.iter().find(|(keyword, _)| key.as_str() == Some(keyword)) {
                let message = match *keyword {
                    "if" => "`if`, `then` and `else` are ignored: the schema is read without them".to_owned(),
                    keyword => format!("`{keyword}` is ignored: the schema is read without it"),
                };
                self.keyword_ignored(key.span, &message, hint);
            }
        }
        let mut found = false;
        for (keyword, hint) in UNSUPPORTED {
            if let Some(node) = schema.get(keyword) {
                let key_span = entries(schema.node)
                    .iter()
                    .find(|(key, _)| key.as_str() == Some(keyword))
                    .map_or(node.span, |(key, _)| key.span);
                self.schema_warning(key_span, format!("`{keyword}` is not supported in schemas"), *hint);
                found = true;
            }
        }
        found
    }

    pub(super) fn convert_shape(&mut self, schema: Schema<'n>, name: &str) -> Converted {
        let node = schema.node;
        if let Some(reference) = schema.get("$ref") {
            let mut siblings = schema;
            siblings.without_ref = true;
            if siblings.is_structural() {
                // OpenAPI 3.1: `$ref` with other keywords is both.
                return self.all_of(schema, &[], name);
            }
            // A schema referred to is shared with other uses: its binary
            // strings stay `bytes` even when a multipart body refers to it.
            let multipart = std::mem::replace(&mut self.multipart, false);
            let expr = self.reference(reference);
            self.multipart = multipart;
            return match expr {
                Some(expr) => Converted::Expr(expr),
                None => Converted::Expr(builtin("any", node.span)),
            };
        }
        if schema.get("allOf").is_some() {
            let members = seq(schema.get("allOf"));
            return self.all_of(schema, members, name);
        }
        let one_of = get(node, "oneOf").or_else(|| get(node, "anyOf"));
        if let Some(members_node) = one_of {
            if get(node, "oneOf").is_some() && get(node, "anyOf").is_some() {
                return Converted::Expr(self.read_as_any(
                    node.span,
                    "a schema with both `oneOf` and `anyOf` is not supported",
                    "a value is one of several types: list them under one `oneOf`",
                ));
            }
            if schema.get("properties").is_some_and(|properties| !entries(properties).is_empty()) {
                // Properties of every member, next to the choice.
                return self.common_and_choice(schema, None, &[], name);
            }
            let members = seq(Some(members_node));
            if is_date_time_choice(members) {
                return Converted::Expr(builtin("datetime", node.span));
            }
            return self.union(schema, members, name);
        }
        if let Some(values) = schema.get("enum") {
            return self.enumeration(schema, values, name);
        }
        if let Some(value) = schema.get("const") {
            return match &value.value {
                Value::Str(text) => Converted::Def(
                    TypeDefKind::Enum(vec![EnumValueDef { name: None, value: located(text.clone(), value.span) }]),
                    false,
                ),
                Value::Null => Converted::Null,
                &Value::Int(number) if i64::try_from(number).is_ok() => {
                    let variant = if number < 0 { format!("ValueMinus{}", -number) } else { format!("Value{number}") };
                    let variant = (located(variant, value.span), Located { value: number, span: value.span });
                    Converted::Def(TypeDefKind::IntEnum(vec![variant]), false)
                }
                _ => self.by_type(schema, name),
            };
        }
        self.by_type(schema, name)
    }

    /// A `$ref` to a schema: the named type made for it (`any` for a
    /// reference that cannot be followed, with a warning).
    pub(super) fn reference(&mut self, reference: &'n Node) -> Option<TypeExpr> {
        let Some(text) = reference.as_str() else {
            return Some(self.read_as_any(
                reference.span,
                "`$ref` must be a string",
                "write `$ref: '#/components/schemas/Pet'`",
            ));
        };
        if !text.starts_with('#') {
            return Some(self.read_as_any(
                reference.span,
                format!("`{text}` refers outside the document, which is not supported"),
                "bundle the document into one file first (`redocly bundle`, say), so that every `$ref` starts with `#`",
            ));
        }
        if let Some(name) = self.by_pointer.get(text) {
            return Some(optional(builtin(name, reference.span), self.nullable.contains(name)));
        }
        let Some(target) = resolve(self.root, text) else {
            let hint = match closest_reference(self.root, text) {
                Some(closest) => format!("did you mean `{closest}`?"),
                None => "check the spelling; `~1` stands for `/` and `~0` for `~` in a JSON pointer".to_owned(),
            };
            return Some(self.read_as_any(
                reference.span,
                format!("`{text}` refers to no place in the document"),
                hint,
            ));
        };
        if get(target, "x-endpointgen-envelope").is_some() {
            return self.envelope_use(text, target);
        }
        // A schema somewhere else in the document (a property of another
        // schema, say): a named type too, so that a reference to itself
        // ends.
        let last = text.rsplit('/').next().unwrap_or("Type");
        let name = self.reserve(&last.replace("~1", "_").replace("~0", "_"));
        self.by_pointer.insert(text.to_owned(), name.clone());
        self.slots.insert(name.clone(), self.types.len());
        self.types.push(None);
        let nullable = self.allows_null(target);
        if nullable {
            self.nullable.insert(name.clone());
        }
        self.define(&name, reference.span, target);
        Some(optional(builtin(&name, reference.span), nullable))
    }

    /// Typed `additionalProperties` next to `properties`: the struct keeps
    /// the other properties in a flattened map, a field named by
    /// `x-endpointgen-additional` (as an export writes it) or else
    /// `additional_properties`. `additionalProperties: true`, `{}` or a
    /// description says nothing a struct does not already do (it skips the
    /// keys it does not know), so it makes no field.
    pub(super) fn flattened_field(&mut self, parts: &[&'n Node], fields: &mut Vec<FieldDef>, struct_name: &str) {
        let Some((holder, additional)) = parts.iter().rev().find_map(|part| self.additional_of(part, 0)) else {
            return;
        };
        let named = get_str(holder, "x-endpointgen-additional").map(str::to_owned);
        let taken: HashSet<String> = fields.iter().map(|field| field.json_name.value.clone()).collect();
        let taken_rust: HashSet<String> = fields
            .iter()
            .map(|field| {
                field.rust_name.as_ref().map_or_else(|| ident::snake(&field.json_name.value), |name| name.value.clone())
            })
            .collect();
        // Not a key of the JSON; only the field's name.
        let json_name = named.unwrap_or_else(|| {
            (1..=fields.len() + 1)
                .map(|number| match number {
                    1 => "additional_properties".to_owned(),
                    _ => format!("additional_properties_{number}"),
                })
                .find(|name| !taken.contains(name) && !taken_rust.contains(name))
                .unwrap_or_default()
        });
        let value = self.schema_type(Schema::new(additional), &format!("{struct_name}Value"));
        fields.push(FieldDef {
            json_name: located(json_name, additional.span),
            rust_name: get_str(additional, "x-endpointgen-rust-name").map(|name| located(name, additional.span)),
            ty: generic("map", value, additional.span),
            description: description(additional),
            default: None,
            role: None,
            secret: false,
            flatten: Some(additional.span),
        });
    }

    /// The schema that holds typed `additionalProperties`, and them, in a
    /// part of an object, through its `$ref`s and `allOf`s (the last part
    /// that has them says most).
    fn additional_of(&self, node: &'n Node, depth: usize) -> Option<(&'n Node, &'n Node)> {
        if depth > MAX_DEPTH {
            return None;
        }
        let node = follow_ref(self.root, node);
        if let Some(additional) = get(node, "additionalProperties")
            && matches!(additional.value, Value::Map(_))
            && !is_trivial(additional)
        {
            return Some((node, additional));
        }
        seq(get(node, "allOf")).iter().rev().find_map(|member| self.additional_of(member, depth + 1))
    }

    /// The properties of an object schema, through `$ref`s and `allOf`s,
    /// for merging or for finding a union's tag: whether it is an object
    /// they can be merged from. `report`: whether to say why not (a warning
    /// that the schema they were to be merged into is read as `any`).
    pub(super) fn collect_object(
        &mut self,
        schema: Schema<'n>,
        properties: &mut Vec<(String, &'n Node, Span)>,
        required: &mut HashSet<String>,
        report: bool,
        depth: usize,
    ) -> bool {
        if depth > MAX_MERGE_DEPTH {
            // The schema being merged is counted as `any` by its caller.
            if report && self.merge_limit_said_at.is_none() {
                self.merge_limit_said_at = Some(schema.node.span);
                self.schema_warning(
                    schema.node.span,
                    format!("`$ref`s and `allOf`s nest more than {MAX_MERGE_DEPTH} deep here, past endpointgen's limit"),
                    "said once, though every schema merged this deep is read as `any`: shorten the chain of schemas extending each other",
                );
            }
            return false;
        }
        let node = schema.node;
        if let Some(reference) = schema.get("$ref") {
            let Some(target) = reference_target(self.root, reference) else {
                if report {
                    // Reported, with its reason, by `reference`.
                    self.reference(reference);
                }
                return false;
            };
            // Only a `$ref` can lead back to a schema being merged.
            if !self.merging.insert(std::ptr::from_ref(target)) {
                if report {
                    self.schema_warning(
                        target.span,
                        "these `$ref`s and `allOf`s loop",
                        "a schema cannot be made of itself",
                    );
                }
                return false;
            }
            let merged = self.collect_object(Schema::new(target), properties, required, report, depth + 1);
            self.merging.remove(&std::ptr::from_ref(target));
            if !merged {
                return false;
            }
        }
        for member in seq(get(node, "allOf")) {
            if !self.collect_object(Schema::new(member), properties, required, report, depth + 1) {
                return false;
            }
        }
        let mut own = schema;
        own.without_ref = true;
        self.collect_own_object(own, properties, required, report)
    }

    pub(super) fn collect_own_object(
        &mut self,
        schema: Schema<'n>,
        properties: &mut Vec<(String, &'n Node, Span)>,
        required: &mut HashSet<String>,
        report: bool,
    ) -> bool {
        let node = schema.node;
        let object_type = match schema.get("type").map(|ty| &ty.value) {
            None => true,
            Some(Value::Str(ty)) => ty == "object",
            Some(Value::Seq(types)) => types.iter().any(|ty| ty.as_str() == Some("object")),
            Some(_) => false,
        };
        let choice = ["oneOf", "anyOf"]
            .iter()
            .filter_map(|key| schema.get(key))
            .any(|choice| !seq(Some(choice)).iter().all(is_trivial));
        if !object_type || choice || get(node, "enum").is_some() {
            if report {
                self.schema_warning(
                    node.span,
                    "only objects can be merged by `allOf`",
                    "the parts of an `allOf` must be objects (`type: object` with `properties`), or one part any type and the others only narrow it (`type`, `enum`, `format`)",
                );
            }
            return false;
        }
        for (key, property) in
            entries(get(node, "properties").unwrap_or(node)).iter().filter(|_| get(node, "properties").is_some())
        {
            let Some(json_name) = key_text(key) else { continue };
            match properties.iter_mut().find(|(name, _, _)| *name == json_name) {
                // A later part says more about the same property.
                Some(existing) => existing.1 = property,
                None => properties.push((json_name, property, key.span)),
            }
        }
        required.extend(required_of(node));
        true
    }

    /// The fields of a struct named `struct_name`.
    pub(super) fn fields(
        &mut self,
        properties: &[(String, &'n Node, Span)],
        required: &HashSet<String>,
        struct_name: &str,
    ) -> Vec<FieldDef> {
        let mut rust_names = HashSet::new();
        let mut fields = Vec::with_capacity(properties.len());
        for (json_name, property, key_span) in properties {
            let ty = self.schema_type(Schema::new(property), &format!("{struct_name}{}", ident::camel(json_name)));
            let nullable = ty.optional;
            let ty = optional(ty, !required.contains(json_name));
            if let Some(default) = get(property, "default") {
                // The struct's slot is known once it is defined.
                if let Some(&slot) = self.slots.get(struct_name) {
                    self.pending_defaults.push(PendingDefault {
                        at: DefaultAt::Field { slot, field: fields.len() },
                        node: default,
                        nullable,
                    });
                }
            }
            let rust_name = get_str(property, "x-endpointgen-rust-name").map(str::to_owned).or_else(|| {
                let derived = ident::snake(json_name);
                let fixed =
                    if ident::is_valid(&derived) { derived.clone() } else { format!("field_{}", fields.len() + 1) };
                let fixed = unique_in(&mut rust_names, fixed, "_");
                (fixed != derived).then_some(fixed)
            });
            if let Some(rust_name) = &rust_name {
                rust_names.insert(rust_name.clone());
            }
            let role = get_str(property, "x-endpointgen-role").and_then(Role::parse);
            fields.push(FieldDef {
                json_name: located(json_name.clone(), *key_span),
                rust_name: rust_name.map(|rust_name| located(rust_name, *key_span)),
                ty,
                description: description(property),
                default: None,
                role: role.map(|role| Located { value: role, span: property.span }),
                secret: is_secret(property),
                flatten: None,
            });
        }
        fields
    }

    /// Whether a schema allows `null` besides other values, at its top: by
    /// itself, or by a member of its `oneOf`/`anyOf` that is `null` or
    /// allows it.
    pub(super) fn allows_null(&self, node: &Node) -> bool {
        self.allows_null_within(node, &mut HashSet::new())
    }

    /// `allows_null`, each schema asked once: members may refer back.
    fn allows_null_within(&self, node: &Node, seen: &mut HashSet<usize>) -> bool {
        if !seen.insert(std::ptr::from_ref(node) as usize) {
            return false;
        }
        let schema_allows = |node: &Node| {
            matches!(get(node, "nullable"), Some(Node { value: Value::Bool(true), .. }))
                || seq(get(node, "type")).iter().any(|ty| ty.as_str() == Some("null"))
                || seq(get(node, "enum")).iter().any(|value| value.value == Value::Null)
        };
        schema_allows(node)
            || seq(get(node, "oneOf").or_else(|| get(node, "anyOf"))).iter().any(|member| {
                self.is_null_schema(member) || self.allows_null_within(follow_ref(self.root, member), seen)
            })
    }

    /// Whether a schema allows nothing but `null`.
    pub(super) fn is_null_schema(&self, node: &Node) -> bool {
        let node = follow_ref(self.root, node);
        match get(node, "type").map(|ty| &ty.value) {
            Some(Value::Str(ty)) if ty == "null" => return true,
            _ => {}
        }
        match get(node, "enum").map(|values| &values.value) {
            Some(Value::Seq(values)) => !values.is_empty() && values.iter().all(|value| value.value == Value::Null),
            _ => matches!(get(node, "const"), Some(Node { value: Value::Null, .. })),
        }
    }

    /// `enum:`: strings make a string enum, integers an integer enum, and a
    /// `null` among them makes it optional. Other values (booleans,
    /// fractions) are not checked: the type is the schema's `type`.
    fn enumeration(&mut self, schema: Schema<'n>, values: &'n Node, name: &str) -> Converted {
        let Value::Seq(items) = &values.value else {
            return Converted::Expr(self.read_as_any(
                values.span,
                "`enum` must be a list of values",
                "write `enum: [asc, desc]`",
            ));
        };
        let non_null: Vec<&Node> = items.iter().filter(|item| item.value != Value::Null).collect();
        let has_null = non_null.len() < items.len();
        let converted = if non_null.is_empty() {
            return Converted::Null;
        } else if non_null.iter().all(|item| matches!(item.value, Value::Str(_))) {
            let values = non_null
                .iter()
                .filter_map(|item| Some(EnumValueDef { name: None, value: located(item.as_str()?, item.span) }))
                .collect();
            let values = named_from_extension(schema, values);
            Converted::Def(TypeDefKind::Enum(name_enum_values(values)), false)
        } else if non_null.iter().all(|item| matches!(item.value, Value::Int(value) if i64::try_from(value).is_ok())) {
            let names = seq(schema.get("x-enum-varnames").or_else(|| schema.get("x-enumNames")));
            let mut taken = HashSet::new();
            let variants = non_null
                .iter()
                .enumerate()
                .filter_map(|(index, item)| {
                    let Value::Int(number) = item.value else { return None };
                    let given = names.get(index).and_then(Node::as_str).map(str::to_owned);
                    let derived = if number < 0 { format!("ValueMinus{}", -number) } else { format!("Value{number}") };
                    let variant_name = given.filter(|given| ident::is_valid(&ident::variant(given))).unwrap_or(derived);
                    let variant_name = unique_in(&mut taken, variant_name, "");
                    Some((located(variant_name, item.span), Located { value: number, span: item.span }))
                })
                .collect();
            Converted::Def(TypeDefKind::IntEnum(variants), false)
        } else {
            self.by_type(schema, name)
        };
        match converted {
            Converted::Def(kind, nullable) => Converted::Def(kind, nullable || has_null),
            Converted::Expr(expr) => Converted::Expr(optional(expr, has_null)),
            Converted::Null => Converted::Null,
        }
    }

    /// By `type` (or what the keywords imply when there is none).
    fn by_type(&mut self, schema: Schema<'n>, name: &str) -> Converted {
        let node = schema.node;
        let ty_node = schema.get("type");
        let ty: Option<&str> = match (schema.only_type, ty_node.map(|ty| &ty.value)) {
            (Some(only), _) => Some(only),
            (None, Some(Value::Str(ty))) => Some(ty),
            (None, Some(Value::Seq(types))) => return self.type_array(schema, types, name),
            (None, Some(_)) => {
                return Converted::Expr(self.read_as_any(
                    node.span,
                    "`type` must be a string or a list of strings",
                    "write `type: string`",
                ));
            }
            (None, None) => None,
        };
        let span = node.span;
        let format = schema.get_str("format").unwrap_or_default();
        let expr = match ty {
            Some("string") => {
                let name = match format {
                    "date" => "date",
                    "date-time" => "datetime",
                    "uuid" => "uuid",
                    // A property of a multipart body that holds binary
                    // data is a file part (OpenAPI 3.0's `format: binary`,
                    // 3.1's `contentEncoding` or `contentMediaType`).
                    "binary" if self.multipart => "file",
                    _ if self.multipart
                        && (schema.get_str("contentEncoding") == Some("binary")
                            || schema.get_str("contentMediaType").is_some()) =>
                    {
                        "file"
                    }
                    "byte" | "binary" | "base64" => "bytes",
                    _ if schema.get_str("contentEncoding") == Some("base64") => "bytes",
                    _ => "string",
                };
                builtin(name, span)
            }
            Some("integer") => {
                let rust = match format {
                    "int32" | "int16" | "int8" => "i32",
                    "uint32" | "uint16" | "uint8" => "u32",
                    "uint64" | "uint" | "uint128" => "u64",
                    _ => "i64",
                };
                // The spec format's integers are 64 bits at most: a wider
                // value fails to decode (serde_json refuses a number out of
                // range) rather than being cut, but the document should say
                // so where it is written.
                if matches!(format, "int128" | "uint128") {
                    let at = schema.get("format").map_or(span, |format| format.span);
                    self.keyword_ignored(
                        at,
                        &format!("`format: {format}` is read as `{rust}`: a value beyond 64 bits fails to decode"),
                        "the spec format has no 128-bit integer; use `type: string` if the values do not fit in 64 bits",
                    );
                }
                builtin(rust, span)
            }
            Some("number") => {
                // A decimal (money) kept as an `f64` is rounded to 15–17
                // significant digits: said where it is written.
                if format == "decimal" {
                    let at = schema.get("format").map_or(span, |format| format.span);
                    self.keyword_ignored(
                        at,
                        "`format: decimal` is read as `f64`: a decimal of more than 15 significant digits is rounded",
                        "send decimals as `type: string, format: decimal` to keep every digit",
                    );
                }
                builtin(if format == "float" { "f32" } else { "f64" }, span)
            }
            Some("boolean") => builtin("bool", span),
            Some("null") => return Converted::Null,
            Some("array") => self.array(schema, name),
            Some("object") => return self.object(schema, name),
            Some(other) => self.read_as_any(
                ty_node.map_or(span, |ty| ty.span),
                format!("unknown type `{other}`"),
                "the types are string, integer, number, boolean, array, object and null",
            ),
            None if schema.get("properties").is_some() || schema.get("additionalProperties").is_some() => {
                return self.object(schema, name);
            }
            None if schema.get("items").is_some() => self.array(schema, name),
            None => builtin("any", span),
        };
        Converted::Expr(expr)
    }

    /// `type: [string, integer]`: one type, or a union of the types; `null`
    /// among them makes it optional.
    fn type_array(&mut self, schema: Schema<'n>, types: &'n [Node], name: &str) -> Converted {
        let names: Vec<&'n str> = types.iter().filter_map(Node::as_str).filter(|ty| *ty != "null").collect();
        let has_null = names.len() < types.len();
        let converted = match names.as_slice() {
            [] => return Converted::Null,
            [single] => self.by_type(Schema { only_type: Some(single), ..schema }, name),
            _ => {
                let mut members = Vec::with_capacity(names.len());
                let mut taken = HashSet::new();
                for ty in &names {
                    let member = Schema { only_type: Some(ty), ..schema };
                    let hint = format!("{name}{}", ident::camel(ty));
                    let expr = self.schema_type(member, &hint);
                    let variant = unique_in(&mut taken, ident::variant(&expr.words()), "");
                    members.push(UnionMemberDef {
                        key: Some(located(variant, schema.node.span)),
                        ty: Some(expr),
                        description: None,
                        rust_name: None,
                        span: schema.node.span,
                    });
                }
                Converted::Def(TypeDefKind::Union(UnionDef { tag: None, members }), false)
            }
        };
        match converted {
            Converted::Expr(expr) => Converted::Expr(optional(expr, has_null)),
            Converted::Def(kind, nullable) => Converted::Def(kind, nullable || has_null),
            Converted::Null => Converted::Null,
        }
    }

    fn array(&mut self, schema: Schema<'n>, name: &str) -> TypeExpr {
        let span = schema.node.span;
        let item = match schema.get("items") {
            Some(items) => self.schema_type(Schema::new(items), &format!("{name}Item")),
            None => builtin("any", span),
        };
        generic("list", item, span)
    }

    /// An object: a struct when it has properties, a map when it has only
    /// `additionalProperties` (or nothing: any JSON object).
    fn object(&mut self, schema: Schema<'n>, name: &str) -> Converted {
        let node = schema.node;
        let has_properties = schema.get("properties").is_some_and(|properties| !entries(properties).is_empty());
        // An export marks a struct whose only field is the flattened map.
        let marked =
            get_str(node, "x-endpointgen-kind") == Some("struct") || get(node, "x-endpointgen-additional").is_some();
        if has_properties || marked {
            let mut properties = Vec::new();
            let mut required = HashSet::new();
            let mut own = schema;
            own.without_ref = true;
            if !self.collect_own_object(own, &mut properties, &mut required, true) {
                self.count_any(node.span);
                return Converted::Expr(builtin("any", node.span));
            }
            let mut fields = self.fields(&properties, &required, name);
            required_without_schema(&properties, &required, &mut fields, node.span);
            self.flattened_field(&[node], &mut fields, name);
            return Converted::Def(TypeDefKind::Struct(fields), false);
        }
        let value = match schema.get("additionalProperties") {
            Some(additional @ Node { value: Value::Map(_), .. }) => {
                self.schema_type(Schema::new(additional), &format!("{name}Value"))
            }
            Some(additional) => builtin("any", additional.span),
            None => builtin("any", node.span),
        };
        Converted::Expr(generic("map", value, node.span))
    }
}

/// A field for each name that `required` lists and no property describes
/// (Box's `actionable_by` requires an `id` it gives no schema): the value
/// must be there, and may be anything, so the field is a required `any`.
pub(super) fn required_without_schema(
    properties: &[(String, &Node, Span)],
    required: &HashSet<String>,
    fields: &mut Vec<FieldDef>,
    span: Span,
) {
    let mut missing: Vec<&String> =
        required.iter().filter(|name| !properties.iter().any(|(property, _, _)| property == *name)).collect();
    missing.sort();
    for json_name in missing {
        let derived = ident::snake(json_name);
        let taken = |rust_name: &str| {
            fields.iter().any(|field| {
                field.rust_name.as_ref().map_or_else(|| ident::snake(&field.json_name.value), |name| name.value.clone())
                    == rust_name
            })
        };
        if !ident::is_valid(&derived) || taken(&derived) {
            continue;
        }
        fields.push(FieldDef {
            json_name: located(json_name.clone(), span),
            rust_name: None,
            ty: builtin("any", span),
            description: Some("Required by the document, which gives it no schema.".to_owned()),
            default: None,
            role: None,
            secret: false,
            flatten: None,
        });
    }
}

/// `x-enum-varnames` on a string enum names its variants.
fn named_from_extension(schema: Schema<'_>, mut values: Vec<EnumValueDef>) -> Vec<EnumValueDef> {
    let names = seq(schema.get("x-enum-varnames"));
    if names.len() == values.len() {
        for (value, name) in values.iter_mut().zip(names) {
            value.name = name.as_str().map(|text| located(text, name.span));
        }
    }
    values
}

/// Keywords that describe a value without shaping it.
pub(super) const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "default",
    "example",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
    "nullable",
    "externalDocs",
    "xml",
    "$comment",
    "$schema",
    "$id",
];

/// Whether a schema says nothing about the value: `{}`, annotations, or a
/// choice among such schemas (`oneOf: [{}]`).
pub(super) fn is_trivial(node: &Node) -> bool {
    match &node.value {
        Value::Bool(true) => true,
        Value::Map(entries) => entries.iter().all(|(key, value)| match key.as_str() {
            Some("oneOf" | "anyOf" | "allOf") => seq(Some(value)).iter().all(is_trivial),
            Some(key) => ANNOTATIONS.contains(&key) || key.starts_with("x-"),
            None => false,
        }),
        _ => false,
    }
}

/// Whether a choice is of strings that are all date-times written in
/// different ways: RFC 3339 (`format: date-time`) or strings of a pattern
/// (a wall-clock time without an offset, say), as endpointgen's export
/// writes a `datetime`. It reads as one `datetime`, which takes them all.
fn is_date_time_choice(members: &[Node]) -> bool {
    let string = |member: &Node| {
        get_str(member, "type") == Some("string") && get(member, "enum").is_none() && get(member, "const").is_none()
    };
    let date_time = |member: &Node| get_str(member, "format") == Some("date-time");
    let patterned = |member: &Node| get(member, "format").is_none() && get(member, "pattern").is_some();
    members.iter().all(|member| string(member) && (date_time(member) || patterned(member)))
        && members.iter().any(date_time)
}
