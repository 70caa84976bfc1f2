//! Boxes the fields through which a type would contain itself by value, so
//! that every generated type has a finite size.

use crate::ir::{Ty, TypeDef, TypeKind};

/// Boxes the fields through which a type would contain itself by value
/// (directly, or through other structs, newtypes, aliases and options), and
/// the value of a newtype that would, so that every generated type has a
/// finite size. Lists and maps already allocate, so a path through one
/// needs no box.
pub(crate) fn box_recursive_fields(types: &mut [TypeDef]) {
    // A field can only lead back to its own type through types of the same
    // strongly connected component: computed once, it answers at once for
    // the fields of acyclic specs (a chain of thousands of structs each
    // holding the next was quadratic), and keeps each search inside its
    // cycle. Boxing removes edges, so the components stay a superset of
    // what the search below still finds.
    let component = components(types);
    let mut search = Search { seen: vec![0; types.len()], round: 0, stack: Vec::new() };
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
                .filter(|&start| component[start] == component[index])
                .any(|start| search.reaches(types, start, index));
            if reaches_self && let Some(ty) = member_ty(&mut types[index], member) {
                *ty = boxed(std::mem::replace(ty, Ty::ANY));
            }
        }
    }
}

/// A depth-first search over the by-value edges, with an explicit stack (a
/// cycle may be thousands of types long) and a visited mark that is a round
/// number, so that a search costs what it visits rather than the number of
/// types.
struct Search {
    seen: Vec<u32>,
    round: u32,
    stack: Vec<usize>,
}

impl Search {
    fn reaches(&mut self, types: &[TypeDef], from: usize, target: usize) -> bool {
        self.round += 1;
        self.stack.clear();
        self.stack.push(from);
        while let Some(at) = self.stack.pop() {
            if at == target {
                return true;
            }
            if std::mem::replace(&mut self.seen[at], self.round) == self.round {
                continue;
            }
            self.stack.extend(types[at].kind.member_types().into_iter().flat_map(by_value_types));
        }
        false
    }
}

/// The strongly connected component of each type in the graph of by-value
/// edges (Tarjan's algorithm, iterative): two types are in the same one
/// when each holds the other inline, through any number of types.
fn components(types: &[TypeDef]) -> Vec<usize> {
    const UNVISITED: usize = usize::MAX;
    let edges: Vec<Vec<usize>> =
        types.iter().map(|def| def.kind.member_types().into_iter().flat_map(by_value_types).collect()).collect();
    let mut order = vec![UNVISITED; types.len()];
    let mut low = vec![0; types.len()];
    let mut on_stack = vec![false; types.len()];
    let mut component = vec![UNVISITED; types.len()];
    let mut stack = Vec::new();
    let mut next_order = 0;
    let mut next_component = 0;
    for root in 0..types.len() {
        if order[root] != UNVISITED {
            continue;
        }
        // Each frame: a type and how many of its edges have been followed.
        let mut frames = vec![(root, 0)];
        order[root] = next_order;
        low[root] = next_order;
        next_order += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (at, ref mut edge)) = frames.last_mut() {
            if let Some(&next) = edges[at].get(*edge) {
                *edge += 1;
                if order[next] == UNVISITED {
                    order[next] = next_order;
                    low[next] = next_order;
                    next_order += 1;
                    stack.push(next);
                    on_stack[next] = true;
                    frames.push((next, 0));
                } else if on_stack[next] {
                    low[at] = low[at].min(order[next]);
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                low[parent] = low[parent].min(low[at]);
            }
            if low[at] == order[at] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == at {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
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
