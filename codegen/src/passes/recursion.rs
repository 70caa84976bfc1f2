//! Boxes the fields through which a type would contain itself by value, so
//! that every generated type has a finite size.

use crate::ir::{Ty, TypeDef, TypeKind};

/// Boxes the fields through which a type would contain itself by value
/// (directly, or through other structs, newtypes, aliases and options), and
/// the value of a newtype that would, so that every generated type has a
/// finite size. Lists and maps already allocate, so a path through one
/// needs no box.
pub(crate) fn box_recursive_fields(types: &mut [TypeDef]) {
    for index in 0..types.len() {
        let member_count = match &types[index].kind {
            TypeKind::Struct(fields) | TypeKind::Envelope { fields, .. } => fields.len(),
            // A union holds its variant's value inline, as a struct its fields.
            TypeKind::Union(union) => union.variants.len(),
            // A newtype holds its value inline too: `A: { newtype: A? }`
            // is `A(Option<Box<A>>)`.
            TypeKind::Newtype(_) => 1,
            _ => continue,
        };
        for member in 0..member_count {
            let Some(ty) = member_ty(&mut types[index], member) else { continue };
            let reaches_self = by_value_types(ty)
                .into_iter()
                .any(|start| contains_by_value(types, start, index, &mut vec![false; types.len()]));
            if reaches_self && let Some(ty) = member_ty(&mut types[index], member) {
                *ty = boxed(std::mem::replace(ty, Ty::ANY));
            }
        }
    }
}

/// The type of a struct's field, a union's variant or a newtype's value,
/// by index.
fn member_ty(def: &mut TypeDef, member: usize) -> Option<&mut Ty> {
    match &mut def.kind {
        TypeKind::Struct(fields) | TypeKind::Envelope { fields, .. } => Some(&mut fields[member].ty),
        TypeKind::Union(union) => union.variants[member].ty.as_mut(),
        TypeKind::Newtype(ty) => Some(ty),
        _ => None,
    }
}

fn boxed(ty: Ty) -> Ty {
    match ty {
        Ty::Option(inner) => Ty::Option(Box::new(boxed(*inner))),
        ty => Ty::Boxed(Box::new(ty)),
    }
}

/// The spec types a value of `ty` holds inline.
fn by_value_types(ty: &Ty) -> Vec<usize> {
    match ty {
        Ty::Named(index) => vec![*index],
        Ty::Envelope(index, arg) => {
            let mut found = vec![*index];
            found.extend(by_value_types(arg));
            found
        }
        Ty::Option(inner) => by_value_types(inner),
        _ => Vec::new(),
    }
}

fn contains_by_value(types: &[TypeDef], from: usize, target: usize, visited: &mut Vec<bool>) -> bool {
    if from == target {
        return true;
    }
    if std::mem::replace(&mut visited[from], true) {
        return false;
    }
    let inner: Vec<usize> = types[from].kind.member_types().into_iter().flat_map(by_value_types).collect();
    inner.into_iter().any(|next| contains_by_value(types, next, target, visited))
}
