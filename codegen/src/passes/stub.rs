//! What the macro emits next to its errors when a spec has problems: the
//! code for as much of the spec as could be understood, so that the user's
//! code that uses it does not drown in "cannot find" errors of its own
//! (thiserror's `fallback.rs` does the same for its derive).
//!
//! Validation already leaves out the endpoints it could not check and reads
//! unknown types as `any`; what remains to fix for the code to compile is a
//! name given twice, which an error in the spec may leave behind.

use std::collections::HashSet;

use crate::ir::{Api, Group, TypeKind};

/// Renames the second and later of any names that collide in one Rust
/// namespace (`Booking` twice becomes `Booking` and `Booking_`).
pub(crate) fn make_names_unique(api: &mut Api) {
    unique(api.types.iter_mut().map(|def| &mut def.rust_name));
    for def in &mut api.types {
        match &mut def.kind {
            TypeKind::Struct(fields) | TypeKind::Envelope { fields, .. } => {
                unique(fields.iter_mut().map(|field| &mut field.rust_name));
            }
            TypeKind::Enum(variants) => unique(variants.iter_mut().map(|variant| &mut variant.rust_name)),
            TypeKind::IntEnum(variants) => unique(variants.iter_mut().map(|variant| &mut variant.rust_name)),
            // `Unknown` is the tagged union's own variant.
            TypeKind::Union(union) => unique(
                std::iter::once(&mut String::from("Unknown"))
                    .chain(union.variants.iter_mut().map(|variant| &mut variant.rust_name)),
            ),
            TypeKind::Newtype(_) | TypeKind::Alias(_) => {}
        }
    }
    unique(api.auth_schemes.iter_mut().map(|scheme| &mut scheme.rust_name));
    group_names_unique(&mut api.root);
}

fn group_names_unique(group: &mut Group) {
    unique(group.groups.iter_mut().map(|child| &mut child.rust_name));
    unique(group.endpoints.iter_mut().map(|endpoint| &mut endpoint.fn_name));
    // Structs and error enums share the type namespace of the module.
    unique(
        group
            .endpoints
            .iter_mut()
            .flat_map(|endpoint| std::iter::once(&mut endpoint.struct_name).chain(endpoint.error_name.as_mut())),
    );
    for endpoint in &mut group.endpoints {
        // The body is a member named `body` too.
        let mut body = String::from("body");
        let body = endpoint.body.is_some().then_some(&mut body);
        unique(
            body.into_iter().chain(
                endpoint
                    .path_params
                    .iter_mut()
                    .chain(&mut endpoint.query)
                    .chain(&mut endpoint.headers)
                    .map(|param| &mut param.rust_name),
            ),
        );
        unique(endpoint.errors.iter_mut().map(|error| &mut error.rust_name));
    }
    for child in &mut group.groups {
        group_names_unique(child);
    }
}

fn unique<'a>(names: impl Iterator<Item = &'a mut String>) {
    let mut seen = HashSet::new();
    for name in names {
        while !seen.insert(name.clone()) {
            name.push('_');
        }
    }
}
