//! Schemas → type expressions, and the types (structs, enums, unions)
//! defined for them: `$ref`, `allOf`, `oneOf`/`anyOf`, `enum`, `const`,
//! and `type` with its `format`.

use std::collections::HashSet;

use super::defaults::{DefaultAt, PendingDefault};
use super::names::{name_enum_values, unique_in};
use super::{
    Importer, MAX_DEPTH, builtin, description, follow_ref, generic, is_secret, located, optional, reference_target,
    required_of, seq,
};
use crate::diagnostic::Span;
use crate::ident;
use crate::openapi::{entries, get, get_str, key_text, resolve};
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
    without_ref: bool,
    /// One type of `type: [string, integer]`.
    only_type: Option<&'n str>,
}

impl<'n> Schema<'n> {
    pub(super) fn new(node: &'n Node) -> Self {
        Self { node, without_ref: false, only_type: None }
    }

    fn get(&self, key: &str) -> Option<&'n Node> {
        if self.without_ref && key == "$ref" { None } else { get(self.node, key) }
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
                self.error(
                    node.span,
                    "the schema `false` matches no value",
                    "no value can be sent or received here; remove the property, or write `{}` for any value",
                );
                return Converted::Expr(builtin("any", node.span));
            }
            _ => {
                self.error(
                    node.span,
                    format!("a schema must be a map, not {}", node.kind()),
                    "write `{ type: string }`, say, or `{}` for any value",
                );
                return Converted::Expr(builtin("any", node.span));
            }
        }
        if self.depth > MAX_DEPTH {
            self.error(
                node.span,
                format!("schemas nest more than {MAX_DEPTH} levels deep here"),
                "name the inner schemas under `components.schemas` and refer to them",
            );
            return Converted::Expr(builtin("any", node.span));
        }
        self.depth += 1;
        self.unsupported_keywords(schema);
        let nullable = schema.flag("nullable");
        let converted = self.convert_shape(schema, name);
        self.depth -= 1;
        match converted {
            Converted::Expr(expr) => Converted::Expr(optional(expr, nullable)),
            Converted::Def(kind, may_be_null) => Converted::Def(kind, may_be_null || nullable),
            Converted::Null => Converted::Null,
        }
    }

    /// Keywords of JSON Schema that no Rust type here can stand for.
    fn unsupported_keywords(&mut self, schema: Schema<'n>) {
        const UNSUPPORTED: &[(&str, &str)] = &[
            ("not", "a type cannot say what a value is not; describe what it is"),
            ("if", "conditional schemas have no Rust type; use `oneOf`"),
            ("prefixItems", "tuples are not supported; use an object"),
            ("patternProperties", "use `additionalProperties` for a map"),
            ("dependentSchemas", "describe each case with `oneOf`"),
            ("$dynamicRef", "use `$ref`"),
        ];
        for (keyword, hint) in UNSUPPORTED {
            if let Some(node) = schema.get(keyword) {
                let key_span = entries(schema.node)
                    .iter()
                    .find(|(key, _)| key.as_str() == Some(keyword))
                    .map_or(node.span, |(key, _)| key.span);
                self.error(key_span, format!("`{keyword}` is not supported in schemas"), *hint);
            }
        }
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
            return match self.reference(reference) {
                Some(expr) => Converted::Expr(expr),
                None => Converted::Expr(builtin("any", node.span)),
            };
        }
        if get(node, "allOf").is_some() {
            let members = seq(get(node, "allOf"));
            return self.all_of(schema, members, name);
        }
        let one_of = get(node, "oneOf").or_else(|| get(node, "anyOf"));
        if let Some(members_node) = one_of {
            if get(node, "oneOf").is_some() && get(node, "anyOf").is_some() {
                self.error(
                    node.span,
                    "a schema with both `oneOf` and `anyOf` is not supported",
                    "a value is one of several types: list them under one `oneOf`",
                );
            }
            return self.union(schema, seq(Some(members_node)), name);
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
                _ => self.by_type(schema, name),
            };
        }
        self.by_type(schema, name)
    }

    /// A `$ref` to a schema: the named type made for it.
    pub(super) fn reference(&mut self, reference: &'n Node) -> Option<TypeExpr> {
        let Some(text) = reference.as_str() else {
            self.error(reference.span, "`$ref` must be a string", "write `$ref: '#/components/schemas/Pet'`");
            return None;
        };
        if !text.starts_with('#') {
            self.error(
                reference.span,
                format!("`{text}` refers outside the document, which is not supported"),
                "bundle the document into one file first (`redocly bundle`, say), so that every `$ref` starts with `#`",
            );
            return None;
        }
        if let Some(name) = self.by_pointer.get(text) {
            return Some(optional(builtin(name, reference.span), self.nullable.contains(name)));
        }
        let Some(target) = resolve(self.root, text) else {
            self.error(
                reference.span,
                format!("`{text}` refers to no place in the document"),
                "check the spelling; `~1` stands for `/` and `~0` for `~` in a JSON pointer",
            );
            return None;
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

    /// `allOf` (and `$ref` with siblings): one member is that member; more
    /// are merged into one struct. Members that say nothing about the value
    /// (`{}`, a description) are left out.
    fn all_of(&mut self, schema: Schema<'n>, members: &'n [Node], name: &str) -> Converted {
        let node = schema.node;
        let reference = schema.get("$ref");
        let members: Vec<&'n Node> = members.iter().filter(|member| !is_trivial(member)).collect();
        let own_choice = ["oneOf", "anyOf"]
            .iter()
            .filter_map(|key| get(node, key))
            .any(|choice| !seq(Some(choice)).iter().all(is_trivial));
        if own_choice && (reference.is_some() || !members.is_empty()) {
            self.error(
                node.span,
                "a schema with both `allOf` and `oneOf` (or `anyOf`) is not supported",
                "write the choice as a `oneOf` whose members each hold the common part",
            );
            return Converted::Expr(builtin("any", node.span));
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
        let mut properties = Vec::new();
        let mut required = HashSet::new();
        if let Some(reference) = reference {
            let target = reference_target(self.root, reference).unwrap_or(reference);
            self.collect_object(Schema::new(target), &mut properties, &mut required, true, 0);
        }
        for member in members {
            self.collect_object(Schema::new(member), &mut properties, &mut required, true, 0);
        }
        if own_shape {
            self.collect_own_object(Schema { without_ref: true, ..schema }, &mut properties, &mut required, true);
        }
        Converted::Def(TypeDefKind::Struct(self.fields(&properties, &required, name)), false)
    }

    /// The properties of an object schema, through `$ref`s and `allOf`s,
    /// for merging or for finding a union's tag. `report`: whether to say
    /// why a part is not an object.
    pub(super) fn collect_object(
        &mut self,
        schema: Schema<'n>,
        properties: &mut Vec<(String, &'n Node, Span)>,
        required: &mut HashSet<String>,
        report: bool,
        depth: usize,
    ) -> bool {
        if depth > MAX_DEPTH {
            if report {
                self.error(schema.node.span, "these `$ref`s and `allOf`s loop", "a schema cannot be made of itself");
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
            if !self.collect_object(Schema::new(target), properties, required, report, depth + 1) {
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
            .filter_map(|key| get(node, key))
            .any(|choice| !seq(Some(choice)).iter().all(is_trivial));
        if !object_type || choice || get(node, "enum").is_some() {
            if report {
                self.error(
                    node.span,
                    "only objects can be merged by `allOf`",
                    "each part of an `allOf` with several parts must be an object (`type: object` with `properties`)",
                );
            }
            return false;
        }
        if report
            && let Some(additional) = get(node, "additionalProperties")
            && matches!(additional.value, Value::Map(ref map) if !map.is_empty())
            && get(node, "properties").is_some()
        {
            self.error(
                additional.span,
                "an object with both `properties` and typed `additionalProperties` is not supported",
                "a struct cannot hold the other properties: describe them as a map property of their own",
            );
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
            });
        }
        fields
    }

    /// Whether a schema allows `null` besides other values, at its top.
    pub(super) fn allows_null(&self, node: &Node) -> bool {
        let schema_allows = |node: &Node| {
            matches!(get(node, "nullable"), Some(Node { value: Value::Bool(true), .. }))
                || seq(get(node, "type")).iter().any(|ty| ty.as_str() == Some("null"))
                || seq(get(node, "enum")).iter().any(|value| value.value == Value::Null)
        };
        schema_allows(node)
            || seq(get(node, "oneOf").or_else(|| get(node, "anyOf"))).iter().any(|member| self.is_null_schema(member))
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
            self.error(values.span, "`enum` must be a list of values", "write `enum: [asc, desc]`");
            return self.by_type(schema, name);
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
                self.error(node.span, "`type` must be a string or a list of strings", "write `type: string`");
                None
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
                    "byte" | "binary" | "base64" => "bytes",
                    _ if schema.get_str("contentEncoding") == Some("base64") => "bytes",
                    _ => "string",
                };
                builtin(name, span)
            }
            Some("integer") => builtin(
                match format {
                    "int32" | "int16" | "int8" => "i32",
                    "uint32" | "uint16" | "uint8" => "u32",
                    "uint64" | "uint" => "u64",
                    _ => "i64",
                },
                span,
            ),
            Some("number") => builtin(if format == "float" { "f32" } else { "f64" }, span),
            Some("boolean") => builtin("bool", span),
            Some("null") => return Converted::Null,
            Some("array") => self.array(schema, name),
            Some("object") => return self.object(schema, name),
            Some(other) => {
                self.error(
                    ty_node.map_or(span, |ty| ty.span),
                    format!("unknown type `{other}`"),
                    "the types are string, integer, number, boolean, array, object and null",
                );
                builtin("any", span)
            }
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
        if has_properties || get_str(node, "x-endpointgen-kind") == Some("struct") {
            let mut properties = Vec::new();
            let mut required = HashSet::new();
            let mut own = schema;
            own.without_ref = true;
            self.collect_own_object(own, &mut properties, &mut required, true);
            return Converted::Def(TypeDefKind::Struct(self.fields(&properties, &required, name)), false);
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
const ANNOTATIONS: &[&str] = &[
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
fn is_trivial(node: &Node) -> bool {
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
