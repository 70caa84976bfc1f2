//! Marks each type with the traits its uses need.

use crate::ir::{BodyContent, Builtin, Group, PartKind, Shape, Ty, TypeDef, TypeKind, Usage};

/// Which sides of the API the generated code plays: the client always; the
/// server's answers for mocks, and the server reading requests too.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Sides {
    /// What a server sends is written (`mocks`): outputs and errors' bodies
    /// are `Serialize` too.
    pub(crate) answers: bool,
    /// What a client sends is read (`server`): bodies and parameters are
    /// `Deserialize` too.
    pub(crate) requests: bool,
}

impl Sides {
    /// The sides the generation options ask for (`server` implies `mocks`).
    pub(crate) fn of(options: &crate::Options) -> Self {
        Self { answers: options.mocks || options.server, requests: options.server }
    }
}

/// Marks each type with the traits its uses need: `Serialize` for bodies,
/// `Deserialize` for responses and error bodies, `ParamValue` for
/// parameters; and whatever those types contain, transitively. A type no
/// endpoint uses gets both serde traits, since a user may use it either way.
/// With more `sides`, what a response holds is also written and what a
/// request holds also read. Marks are only added: running it again with
/// more sides adds what they need.
pub(crate) fn mark_usage(types: &mut [TypeDef], root: &Group, sides: Sides) {
    fn visit(group: &Group, types: &mut [TypeDef], sides: Sides) {
        for endpoint in &group.endpoints {
            if let Some(body) = &endpoint.body {
                match &body.content {
                    // The endpoint writes each part itself: the struct has
                    // no JSON form, the values of its parts do.
                    BodyContent::Multipart(parts) => mark_parts(types, &body.ty, parts, sides),
                    _ => mark(types, &body.ty, |usage| &mut usage.serialize),
                }
                if sides.requests && !matches!(body.content, BodyContent::Multipart(_)) {
                    mark(types, &body.ty, |usage| &mut usage.deserialize);
                }
            }
            let answers = endpoint.response.decoded_types().into_iter();
            for ty in answers.chain(endpoint.errors.iter().filter_map(|error| error.body.as_ref())) {
                mark(types, ty, |usage| &mut usage.deserialize);
                if sides.answers {
                    mark(types, ty, |usage| &mut usage.serialize);
                }
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
                if sides.requests {
                    mark(types, &param.ty, |usage| &mut usage.deserialize);
                }
            }
        }
        for child in &group.groups {
            visit(child, types, sides);
        }
    }
    visit(root, types, sides);
    // The types that no endpoint uses, and what they contain: a user may
    // send or read them either way.
    let unused: Vec<usize> = (0..types.len()).filter(|&index| types[index].usage == Usage::default()).collect();
    for index in unused {
        mark(types, &Ty::Named(index), |usage| &mut usage.serialize);
        mark(types, &Ty::Named(index), |usage| &mut usage.deserialize);
    }
    // A struct with file parts is only ever a multipart body (the checks
    // see to it): it has no serde form, whatever else marked it.
    for def in types.iter_mut() {
        if let TypeKind::Struct(fields) = &def.kind
            && fields.iter().any(|field| holds_file_part(&field.ty))
        {
            def.usage.serialize = false;
            def.usage.deserialize = false;
        }
    }
}

/// `file`, `file?`, `list<file>`, `list<file>?`.
fn holds_file_part(ty: &Ty) -> bool {
    match ty {
        Ty::Builtin(Builtin::File) => true,
        Ty::Option(inner) | Ty::List(inner) => holds_file_part(inner),
        _ => false,
    }
}

/// The values of a multipart body's parts: text parts are parameter values,
/// JSON parts are serialized.
fn mark_parts(types: &mut [TypeDef], ty: &Ty, parts: &[crate::ir::Part], sides: Sides) {
    let Ty::Named(index) = ty else { return };
    let TypeKind::Struct(fields) = &types[*index].kind else { return };
    let fields: Vec<(Ty, PartKind)> =
        parts.iter().filter_map(|part| Some((fields.get(part.field)?.ty.clone(), part.kind))).collect();
    for (ty, kind) in &fields {
        match kind {
            PartKind::Text => mark(types, ty, |usage| &mut usage.param),
            PartKind::Json => mark(types, ty, |usage| &mut usage.serialize),
            PartKind::File => {}
        }
        if sides.requests && *kind != PartKind::File {
            mark(types, ty, |usage| &mut usage.deserialize);
        }
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
