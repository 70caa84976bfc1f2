//! `components.schemas`: every named schema a type of the spec, by its
//! name, and the envelopes an export wrote as one schema per payload
//! (`x-endpointgen-envelope`).

use super::defaults::{DefaultAt, PendingDefault};
use super::schemas::{Converted, Schema};
use super::{EnvelopeInfo, Importer, builtin, description, generic, is_secret, located, optional, required_of};
use crate::diagnostic::Span;
use crate::ident;
use crate::openapi::{entries, get, get_str, key_text};
use crate::spec::{FieldDef, Located, Role, TypeDef, TypeDefKind, TypeExpr};
use crate::vocabulary::Builtin;
use crate::yaml::Node;

impl<'n> Importer<'n, '_> {
    /// Names every schema under `components.schemas` first, so that
    /// references find them whatever the order, and types keep the
    /// document's order.
    pub(super) fn register_components(&mut self) {
        let Some(schemas) = get(self.root, "components").and_then(|components| get(components, "schemas")) else {
            return;
        };
        for (key, schema) in entries(schemas) {
            let Some(original) = key_text(key) else { continue };
            let pointer = format!("#/components/schemas/{}", crate::openapi::escape_token(&original));
            if let Some(envelope) = get_str(schema, "x-endpointgen-envelope") {
                // Written by an export for one payload of a generic envelope:
                // the envelope is a type of its own, by its name.
                if !self.envelopes.contains_key(envelope) {
                    let name = self.type_name_for(envelope);
                    self.envelopes.insert(name, EnvelopeInfo { defined: false });
                }
                continue;
            }
            let name = self.type_name_for(&original);
            self.slots.insert(name.clone(), self.types.len());
            self.types.push(None);
            // A newtype or alias that an export wrote keeps its `?` inside.
            if self.allows_null(schema) && get(schema, "x-endpointgen-kind").is_none() {
                self.nullable.insert(name.clone());
            }
            self.by_pointer.insert(pointer, name);
        }
    }

    pub(super) fn convert_components(&mut self) {
        let Some(schemas) = get(self.root, "components").and_then(|components| get(components, "schemas")) else {
            return;
        };
        for (key, schema) in entries(schemas) {
            let Some(original) = key_text(key) else { continue };
            let pointer = format!("#/components/schemas/{}", crate::openapi::escape_token(&original));
            if get(schema, "x-endpointgen-envelope").is_some() {
                self.envelope_use(&pointer, schema);
                continue;
            }
            let Some(name) = self.by_pointer.get(&pointer).cloned() else { continue };
            self.define(&name, key.span, schema);
        }
    }

    /// Reads the schema of a named type into its slot.
    pub(super) fn define(&mut self, name: &str, span: Span, node: &'n Node) {
        let Some(&slot) = self.slots.get(name) else { return };
        let schema = Schema::new(node);
        let kind = match self.convert(schema, name) {
            Converted::Def(kind, _) => kind,
            Converted::Expr(expr) => match get_str(node, "x-endpointgen-kind") {
                // An export says which it is, `?` included.
                Some("newtype") => TypeDefKind::Newtype(expr),
                Some("alias") => TypeDefKind::Alias(expr),
                // Defined without its `null`: references to it are optional
                // instead (see `nullable`).
                _ if self.nullable.contains(name) => Self::plain_kind(TypeExpr { optional: false, ..expr }),
                _ => Self::plain_kind(expr),
            },
            Converted::Null => TypeDefKind::Alias(optional(builtin("any", node.span), true)),
        };
        let rust_name = get_str(node, "x-endpointgen-rust-name").map(|rust_name| located(rust_name, node.span));
        // A named password string is a secret newtype: its `Debug` hides it.
        let secret = matches!(kind, TypeDefKind::Newtype(_)) && is_secret(node);
        self.types[slot] = Some(TypeDef {
            secret,
            name: located(name, span),
            rust_name,
            description: description(node),
            kind,
            envelope: false,
        });
    }

    /// A named schema that is a type expression: a newtype when it names a
    /// string, number or uuid (so that one cannot be passed for another),
    /// an alias for lists, maps and references.
    fn plain_kind(expr: TypeExpr) -> TypeDefKind {
        if expr.args.is_empty()
            && !expr.optional
            && Builtin::from_name(&expr.name).is_some_and(|builtin| builtin != Builtin::Any)
        {
            TypeDefKind::Newtype(expr)
        } else {
            TypeDefKind::Alias(expr)
        }
    }

    /// The type expression for a schema that an export wrote for one
    /// payload of an envelope (`ActionConfirmation_optional_string` →
    /// `ActionConfirmation<string?>`), defining the envelope from the first
    /// such schema.
    pub(super) fn envelope_use(&mut self, pointer: &str, node: &'n Node) -> Option<TypeExpr> {
        if let Some(expr) = self.envelope_uses.get(pointer) {
            return Some(expr.clone());
        }
        let envelope = get_str(node, "x-endpointgen-envelope")?;
        let name = self
            .envelopes
            .keys()
            .find(|name| name.as_str() == envelope || ident::camel(name) == ident::camel(envelope))
            .cloned()
            .unwrap_or_else(|| envelope.to_owned());
        let properties = get(node, "properties");
        let required = required_of(node);
        let mut payload = None;
        for (key, property) in properties.map(entries).unwrap_or_default() {
            let role = get_str(property, "x-endpointgen-role").and_then(Role::parse);
            let Some(json_name) = key_text(key) else { continue };
            let schema = Schema::new(property);
            match role {
                Some(Role::Value) => {
                    let expr = self.schema_type(schema, &format!("{name}{}", ident::camel(&json_name)));
                    payload = Some(optional(expr, !required.contains(&json_name)));
                }
                Some(Role::Items) => {
                    let items = get(property, "items").map_or_else(
                        || builtin("any", property.span),
                        |items| self.schema_type(Schema::new(items), &format!("{name}Item")),
                    );
                    payload = Some(items);
                }
                _ => {}
            }
        }
        let expr = match payload {
            Some(payload) => generic(&name, payload, node.span),
            None => builtin(&name, node.span),
        };
        self.envelope_uses.insert(pointer.to_owned(), expr.clone());
        if self.envelopes.get(&name).is_some_and(|info| !info.defined) {
            self.envelopes.insert(name.clone(), EnvelopeInfo { defined: true });
            self.define_envelope(&name, node);
        }
        Some(expr)
    }

    /// An envelope's fields from one of its schemas: the payload's field is
    /// `T` (or `list<T>`), the others as they are.
    fn define_envelope(&mut self, name: &str, node: &'n Node) {
        let slot = self.types.len();
        self.types.push(None);
        self.slots.insert(name.to_owned(), slot);
        let span = node.span;
        let required = required_of(node);
        let mut fields = Vec::new();
        for (key, property) in get(node, "properties").map(entries).unwrap_or_default() {
            let Some(json_name) = key_text(key) else { continue };
            let role = get_str(property, "x-endpointgen-role").and_then(Role::parse);
            let ty = match role {
                Some(Role::Value) => builtin("T", property.span),
                Some(Role::Items) => generic("list", builtin("T", property.span), property.span),
                _ => {
                    let expr = self.schema_type(Schema::new(property), &format!("{name}{}", ident::camel(&json_name)));
                    let nullable = expr.optional;
                    let ty = optional(expr, !required.contains(&json_name));
                    if let Some(default) = get(property, "default") {
                        self.pending_defaults.push(PendingDefault {
                            at: DefaultAt::Field { slot, field: fields.len() },
                            node: default,
                            nullable,
                        });
                    }
                    ty
                }
            };
            fields.push(FieldDef {
                json_name: located(json_name, key.span),
                rust_name: get_str(property, "x-endpointgen-rust-name").map(|text| located(text, property.span)),
                ty,
                description: description(property),
                default: None,
                role: role.map(|role| Located { value: role, span: property.span }),
                secret: is_secret(property),
                flatten: None,
            });
        }
        self.types[slot] = Some(TypeDef {
            secret: false,
            name: located(name, span),
            rust_name: get_str(node, "x-endpointgen-rust-name").map(|text| located(text, span)),
            description: description(node),
            kind: TypeDefKind::Struct(fields),
            envelope: true,
        });
    }
}
