//! `types:` and `envelopes:`: each type's kind, a struct's fields, the
//! members of a `one_of` and the values of an `enum`.

use super::{Reader, is_type_shorthand};
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::spec::{EnumValueDef, FieldDef, Located, Role, TypeDef, TypeDefKind, UnionDef, UnionMemberDef};
use crate::yaml::{Node, Value};

impl Reader<'_> {
    pub(super) fn type_def(&mut self, name: Located<String>, node: &Node, envelope: bool) -> Option<TypeDef> {
        const TYPE_KEYS: &[&str] =
            &["fields", "newtype", "enum", "alias", "one_of", "tag", "description", "rust_name", "secret"];
        const ENVELOPE_KEYS: &[&str] = &["fields", "description", "rust_name"];
        let (what, allowed) = if envelope { ("an envelope", ENVELOPE_KEYS) } else { ("a type", TYPE_KEYS) };
        let mut keys = self.keys(node, what, allowed)?;
        let description = self.optional_string(&mut keys, "description");
        let rust_name = self.optional_located(&mut keys, "rust_name");
        // `secret: true` hides a newtype's value from `Debug` (a token).
        let secret = keys.key_span("secret");
        let secret = self.flag(&mut keys, "secret").then_some(secret).flatten();
        let mut kinds = Vec::new();
        if let Some(fields) = keys.get("fields") {
            kinds.push(("fields", fields.span, TypeDefKind::Struct(self.fields(fields, envelope))));
        }
        if !envelope {
            if let Some(inner) = keys.get("newtype")
                && let Some(expr) = self.type_expr(inner, "`newtype`")
            {
                kinds.push(("newtype", inner.span, TypeDefKind::Newtype(expr)));
            }
            if let Some(values) = keys.get("enum") {
                kinds.push(("enum", values.span, self.enum_values(values)));
            }
            if let Some(inner) = keys.get("alias")
                && let Some(expr) = self.type_expr(inner, "`alias`")
            {
                kinds.push(("alias", inner.span, TypeDefKind::Alias(expr)));
            }
            let tag = self.optional_located(&mut keys, "tag");
            match keys.get("one_of") {
                Some(members) => {
                    let members_def = self.union_members(members, tag.is_some());
                    kinds.push(("one_of", members.span, TypeDefKind::Union(UnionDef { tag, members: members_def })));
                }
                None => {
                    if let Some(tag) = tag {
                        self.error(
                            Diagnostic::new(tag.span, format!("`{}` has a `tag` but no `one_of`", name.value))
                                .hint("a tag names the property that says which member of a `one_of` a value is"),
                        );
                    }
                }
            }
        }
        self.finish(&keys);
        let mut kinds = kinds.into_iter();
        let Some((first, _, kind)) = kinds.next() else {
            let hint = if envelope {
                "an envelope has `fields:`, one of them `{ type: T, role: value }`"
            } else {
                "write `fields: {…}` for a struct, `newtype: i64`, `enum: [A, B]`, `alias: list<X>` or `one_of: [A, B]`"
            };
            // Report only when nothing at all was found: a kind whose value was
            // broken has been reported already.
            if keys.key_span("newtype").is_none() && keys.key_span("alias").is_none() {
                self.error(
                    Diagnostic::new(name.span, format!("`{}` does not say what kind of type it is", name.value))
                        .hint(hint),
                );
            }
            return None;
        };
        for (other, span, _) in kinds {
            self.error(
                Diagnostic::new(span, format!("`{}` is both `{first}` and `{other}`", name.value))
                    .hint("a type is exactly one of `fields`, `newtype`, `enum`, `alias` and `one_of`"),
            );
        }
        if let Some(span) = secret
            && !matches!(kind, TypeDefKind::Newtype(_))
        {
            self.error(
                Diagnostic::new(span, format!("`secret` is for newtypes; `{}` is a `{first}` type", name.value))
                    .hint("mark the secret fields of a struct with `secret: true` instead"),
            );
        }
        Some(TypeDef { name, rust_name, description, kind, envelope, secret: secret.is_some() })
    }

    /// `one_of: [Circle, Square]` (variant names from the types),
    /// `one_of: { Id: uuid, Name: Name }` (variant names given), or tagged,
    /// `one_of: { circle: Circle, none: null }` (tag values; `null` for a
    /// member with nothing but its tag). A member may also be written
    /// `{ type: Circle, description: … }`.
    fn union_members(&mut self, node: &Node, tagged: bool) -> Vec<UnionMemberDef> {
        const MEMBER_KEYS: &[&str] = &["type", "description", "rust_name"];
        let mut members = Vec::new();
        match &node.value {
            Value::Seq(items) if !tagged => {
                for item in items {
                    if let Some(ty) = self.type_expr(item, "a member of `one_of`") {
                        members.push(UnionMemberDef {
                            key: None,
                            ty: Some(ty),
                            description: None,
                            rust_name: None,
                            span: item.span,
                        });
                    }
                }
            }
            Value::Seq(_) => self.error(
                Diagnostic::new(node.span, "a tagged `one_of` must be a map from tag values to types")
                    .hint("write `one_of: { circle: Circle, square: Square }`"),
            ),
            Value::Map(_) => {
                for (key, member) in self.named_entries(node, "`one_of`") {
                    let span = key.span;
                    match &member.value {
                        Value::Null if tagged => {
                            members.push(UnionMemberDef {
                                key: Some(key),
                                ty: None,
                                description: None,
                                rust_name: None,
                                span,
                            });
                        }
                        Value::Map(_) => {
                            let Some(mut keys) = self.keys(member, "a member of `one_of`", MEMBER_KEYS) else {
                                continue;
                            };
                            let ty = keys.get("type").and_then(|ty| self.type_expr(ty, "`type`"));
                            let description = self.optional_string(&mut keys, "description");
                            let rust_name = self.optional_located(&mut keys, "rust_name");
                            if keys.key_span("type").is_none() && !tagged {
                                self.error(
                                    Diagnostic::new(key.span, format!("member `{}` has no `type`", key.value))
                                        .hint("write `{ type: Circle }`: only a tagged member may hold nothing"),
                                );
                            }
                            self.finish(&keys);
                            if ty.is_some() || keys.key_span("type").is_none() && tagged {
                                members.push(UnionMemberDef { key: Some(key), ty, description, rust_name, span });
                            }
                        }
                        _ => {
                            if let Some(ty) = self.type_expr(member, "a member's type") {
                                members.push(UnionMemberDef {
                                    key: Some(key),
                                    ty: Some(ty),
                                    description: None,
                                    rust_name: None,
                                    span,
                                });
                            }
                        }
                    }
                }
            }
            _ => self.error(
                Diagnostic::new(node.span, format!("`one_of` must be a list or a map of types, not {}", node.kind()))
                    .hint(
                        "write `one_of: [Circle, Square]`, or `one_of: { Id: uuid, Name: Name }` to name the variants",
                    ),
            ),
        }
        if node.is_empty_collection() {
            self.error(
                Diagnostic::new(node.span, "a `one_of` needs at least one member")
                    .hint("list the types: `one_of: [Circle, Square]`"),
            );
        }
        members
    }

    fn fields(&mut self, node: &Node, envelope: bool) -> Vec<FieldDef> {
        const FIELD_KEYS: &[&str] = &["type", "description", "default", "rust_name", "secret", "flatten"];
        const ENVELOPE_FIELD_KEYS: &[&str] = &["type", "description", "default", "rust_name", "secret", "role"];
        let allowed = if envelope { ENVELOPE_FIELD_KEYS } else { FIELD_KEYS };
        let mut fields = Vec::new();
        for (json_name, def) in self.named_entries(node, "`fields`") {
            if is_type_shorthand(def) {
                // Id: CoworkerId
                if let Some(ty) = self.type_expr(def, "a field's type") {
                    fields.push(FieldDef {
                        json_name,
                        rust_name: None,
                        ty,
                        description: None,
                        default: None,
                        role: None,
                        secret: false,
                        flatten: None,
                    });
                }
                continue;
            }
            let Some(mut keys) = self.keys(def, "a field", allowed) else { continue };
            let ty = match keys.get("type") {
                Some(node) => self.type_expr(node, "`type`"),
                None => {
                    self.error(
                        Diagnostic::new(json_name.span, format!("field `{}` has no `type`", json_name.value))
                            .hint("write `type: string`, say"),
                    );
                    None
                }
            };
            let description = self.optional_string(&mut keys, "description");
            let rust_name = self.optional_located(&mut keys, "rust_name");
            let default = keys.get("default").cloned();
            let secret = self.flag(&mut keys, "secret");
            let flatten = keys.key_span("flatten");
            let flatten = self.flag(&mut keys, "flatten").then_some(flatten).flatten();
            let role = keys.get("role").and_then(|node| {
                let text = self.string(node, "`role`")?;
                match Role::parse(&text.value) {
                    Some(role) => Some(Located { value: role, span: text.span }),
                    None => {
                        let mut diagnostic = Diagnostic::new(text.span, format!("unknown role `{}`", text.value));
                        diagnostic = match did_you_mean(&text.value, Role::NAMES.iter().copied()) {
                            Some(suggestion) => diagnostic.hint(format!("did you mean `{suggestion}`?")),
                            None => diagnostic.hint(format!("the roles are: {}", Role::NAMES.join(", "))),
                        };
                        self.error(diagnostic);
                        None
                    }
                }
            });
            self.finish(&keys);
            if let Some(ty) = ty {
                fields.push(FieldDef { json_name, rust_name, ty, description, default, role, secret, flatten });
            }
        }
        fields
    }

    /// `enum: [Parcel, Letter]` (a string enum),
    /// `enum: { Plus: "+", Minus: "-" }` (a string enum whose variants are
    /// named in the spec) or `enum: { Individual: 1, Company: 2 }` (an
    /// integer enum). The first value of a map says which of the two it is.
    fn enum_values(&mut self, node: &Node) -> TypeDefKind {
        let kind = match &node.value {
            Value::Seq(items) => TypeDefKind::Enum(
                items
                    .iter()
                    .filter_map(|item| self.string(item, "an enum value"))
                    .map(|value| EnumValueDef { name: None, value })
                    .collect(),
            ),
            Value::Map(entries) if entries.first().is_some_and(|(_, value)| matches!(value.value, Value::Str(_))) => {
                let mut values = Vec::new();
                for (name, value) in self.named_entries(node, "`enum`") {
                    match &value.value {
                        Value::Str(text) => values.push(EnumValueDef {
                            name: Some(name),
                            value: Located { value: text.clone(), span: value.span },
                        }),
                        _ => self.error(
                            Diagnostic::new(
                                value.span,
                                format!("the values of a named string enum must be strings, not {}", value.kind()),
                            )
                            .hint(
                                "write `enum: { Plus: \"+\", Minus: \"-\" }`, or `enum: { Individual: 1 }` for numbers",
                            ),
                        ),
                    }
                }
                TypeDefKind::Enum(values)
            }
            Value::Map(_) => {
                let mut values = Vec::new();
                for (name, value) in self.named_entries(node, "`enum`") {
                    match value.value {
                        Value::Int(number) => values.push((name, Located { value: number, span: value.span })),
                        _ => self.error(
                            Diagnostic::new(
                                value.span,
                                format!("an integer enum's values must be integers, not {}", value.kind()),
                            )
                            .hint("write `enum: { Individual: 1, Company: 2 }`"),
                        ),
                    }
                }
                TypeDefKind::IntEnum(values)
            }
            _ => {
                self.error(
                    Diagnostic::new(
                        node.span,
                        format!("`enum` must be a list or a map of values, not {}", node.kind()),
                    )
                    .hint("write `enum: [Parcel, Letter]`, or `enum: { Individual: 1, Company: 2 }` for numbers"),
                );
                TypeDefKind::Enum(Vec::new())
            }
        };
        if node.is_empty_collection() {
            self.error(
                Diagnostic::new(node.span, "an enum needs at least one value")
                    .hint("list the values: `enum: [Parcel, Letter]`"),
            );
        }
        kind
    }
}
