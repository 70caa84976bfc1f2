//! `default`s, kept once every type is known: those the spec format can
//! hold.

use super::Importer;
use crate::spec::{EndpointDef, TypeDef, TypeDefKind, TypeExpr};
use crate::validate::values;
use crate::yaml::{Node, Value};

/// A `default` whose fit is decided once every type is known: a field's
/// (by type slot and field index) or a parameter's (by endpoint and index).
pub(super) struct PendingDefault<'n> {
    pub(super) at: DefaultAt,
    pub(super) node: &'n Node,
    /// The value may be `null` (the field's type is optional, not only
    /// absent).
    pub(super) nullable: bool,
}

pub(super) enum DefaultAt {
    Field { slot: usize, field: usize },
    Query { endpoint: usize, param: usize },
    Header { endpoint: usize, param: usize },
}

impl DefaultAt {
    /// Whether it is a parameter's of the endpoint `index`.
    pub(super) fn is_of_endpoint(&self, index: usize) -> bool {
        matches!(self, Self::Query { endpoint, .. } | Self::Header { endpoint, .. } if *endpoint == index)
    }
}

impl Importer<'_, '_> {
    /// Keeps each `default` that the spec format can hold: a plain value of
    /// a built-in type, an enum's value, an empty list or map, `null` for a
    /// type that may be null. A property or parameter that is not required
    /// and has one is not optional: the default stands in when it is
    /// absent. Other defaults are the server's business.
    pub(super) fn settle_defaults(&mut self, endpoints: &mut [EndpointDef]) {
        for pending in std::mem::take(&mut self.pending_defaults) {
            let fits = |importer: &Self, ty: &TypeExpr| importer.default_fits(pending.node, ty);
            match pending.at {
                DefaultAt::Field { slot, field } => {
                    let Some(Some(TypeDef { kind: TypeDefKind::Struct(fields), .. })) = self.types.get(slot) else {
                        continue;
                    };
                    let Some(def) = fields.get(field) else { continue };
                    let plain = TypeExpr { optional: false, ..def.ty.clone() };
                    let keep = if pending.nullable {
                        pending.node.value == Value::Null
                    } else {
                        pending.node.value != Value::Null && fits(self, &plain)
                    };
                    if keep
                        && let Some(Some(TypeDef { kind: TypeDefKind::Struct(fields), .. })) = self.types.get_mut(slot)
                    {
                        let def = &mut fields[field];
                        def.default = Some(pending.node.clone());
                        if !pending.nullable {
                            def.ty.optional = false;
                        }
                    }
                }
                DefaultAt::Query { endpoint, param } | DefaultAt::Header { endpoint, param } => {
                    let header = matches!(pending.at, DefaultAt::Header { .. });
                    let Some(endpoint) = endpoints.get_mut(endpoint) else { continue };
                    let params = if header { &mut endpoint.headers } else { &mut endpoint.query };
                    let Some(def) = params.get_mut(param) else { continue };
                    let plain = TypeExpr { optional: false, ..def.ty.clone() };
                    if pending.node.value != Value::Null && self.default_fits(pending.node, &plain) {
                        def.default = Some(pending.node.clone());
                        def.ty.optional = false;
                    }
                }
            }
        }
    }

    fn default_fits(&self, node: &Node, ty: &TypeExpr) -> bool {
        self.default_fits_within(node, ty, self.types.len())
    }

    /// Whether `node` fits `ty`, following at most `newtypes` newtypes to
    /// their inner types (`A: { newtype: A }` ends).
    fn default_fits_within(&self, node: &Node, ty: &TypeExpr, newtypes: usize) -> bool {
        match (&node.value, ty.name.as_str()) {
            (Value::Str(text), "date") => values::is_date(text),
            (Value::Str(text), "datetime") => values::is_datetime(text),
            (Value::Str(text), "uuid") => values::is_uuid(text),
            (Value::Str(text), "bytes") => values::base64(text).is_some(),
            (Value::Bool(_), "bool") | (Value::Str(_), "string") | (Value::Int(_) | Value::Float(_), "f32" | "f64") => {
                true
            }
            (Value::Int(value), "i32") => i32::try_from(*value).is_ok(),
            (Value::Int(value), "i64") => i64::try_from(*value).is_ok(),
            (Value::Int(value), "u32") => u32::try_from(*value).is_ok(),
            (Value::Int(value), "u64") => u64::try_from(*value).is_ok(),
            (Value::Seq(items), "list") => items.is_empty(),
            (Value::Map(entries), "map") => entries.is_empty(),
            (value, name) if ty.args.is_empty() => {
                let Some(Some(def)) = self.slots.get(name).and_then(|&slot| self.types.get(slot)) else { return false };
                match (&def.kind, value) {
                    (TypeDefKind::Enum(values), Value::Str(text)) => {
                        values.iter().any(|known| known.value.value == *text)
                    }
                    (TypeDefKind::IntEnum(values), Value::Int(number)) => {
                        values.iter().any(|(_, known)| known.value == *number)
                    }
                    (TypeDefKind::Newtype(inner), _) if !inner.optional && newtypes > 0 => {
                        self.default_fits_within(node, inner, newtypes - 1)
                    }
                    _ => false,
                }
            }
            _ => false,
        }
    }
}
