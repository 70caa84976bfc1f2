//! Marks each type with the traits its uses need.

use crate::ir::{Group, Shape, Ty, TypeDef, Usage};

/// Marks each type with the traits its uses need: `Serialize` for bodies,
/// `Deserialize` for responses and error bodies, `ParamValue` for
/// parameters; and whatever those types contain, transitively. A type no
/// endpoint uses gets both serde traits, since a user may use it either way.
pub(crate) fn mark_usage(types: &mut [TypeDef], root: &Group) {
    fn visit(group: &Group, types: &mut [TypeDef]) {
        for endpoint in &group.endpoints {
            if let Some(body) = &endpoint.body {
                mark(types, &body.ty, |usage| &mut usage.serialize);
            }
            for ty in endpoint.response.decoded_types() {
                mark(types, ty, |usage| &mut usage.deserialize);
            }
            for body in endpoint.errors.iter().filter_map(|error| error.body.as_ref()) {
                mark(types, body, |usage| &mut usage.deserialize);
            }
            for param in
                endpoint.path_params.iter().chain(&endpoint.query).chain(&endpoint.headers).chain(&endpoint.cookies)
            {
                // An object is written through its `Serialize`, property by
                // property.
                if matches!(param.shape, Shape::Object | Shape::Deep | Shape::Json) {
                    mark(types, &param.ty, |usage| &mut usage.serialize);
                } else {
                    mark(types, &param.ty, |usage| &mut usage.param);
                }
            }
        }
        for child in &group.groups {
            visit(child, types);
        }
    }
    visit(root, types);
    // The types that no endpoint uses, and what they contain: a user may
    // send or read them either way.
    let unused: Vec<usize> = (0..types.len()).filter(|&index| types[index].usage == Usage::default()).collect();
    for index in unused {
        mark(types, &Ty::Named(index), |usage| &mut usage.serialize);
        mark(types, &Ty::Named(index), |usage| &mut usage.deserialize);
    }
}

fn mark(types: &mut [TypeDef], ty: &Ty, flag: fn(&mut Usage) -> &mut bool) {
    match ty {
        Ty::Option(inner) | Ty::List(inner) | Ty::Map(inner) | Ty::Boxed(inner) => mark(types, inner, flag),
        Ty::Envelope(index, arg) => {
            mark(types, &Ty::Named(*index), flag);
            mark(types, arg, flag);
        }
        Ty::Named(index) => {
            if std::mem::replace(flag(&mut types[*index].usage), true) {
                return;
            }
            let inner: Vec<Ty> = types[*index].kind.member_types().into_iter().cloned().collect();
            for ty in &inner {
                mark(types, ty, flag);
            }
        }
        _ => {}
    }
}
