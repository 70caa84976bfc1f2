//! `groups = [...]`: a client of some groups only, and of the types their
//! endpoints use. The rest of the spec is still read and checked; it is only
//! left out of the generated code, so that a program that uses a few groups
//! of a large API does not compile the others.

use crate::ir::{Api, Endpoint, Group, Ty};

/// Keeps the top-level groups named in `names` (by their name in the spec, or
/// their Rust module name) and drops the others. Endpoints outside any group
/// stay: they belong to no group that could be named.
///
/// Returns, per type of `api.types`, whether a kept endpoint uses it, directly
/// or through another type; only those are emitted. Indexes into `api.types`
/// stay as they are.
///
/// # Errors
///
/// A name that is no group of the spec, with the names that are.
pub(crate) fn groups(api: &mut Api, names: &[String]) -> Result<Vec<bool>, String> {
    let known =
        |name: &String| api.root.groups.iter().any(|group| &group.spec_name == name || &group.rust_name == name);
    let unknown: Vec<&String> = names.iter().filter(|name| !known(name)).collect();
    if !unknown.is_empty() {
        let available: Vec<String> = api.root.groups.iter().map(|group| format!("`{}`", group.spec_name)).collect();
        let unknown: Vec<String> = unknown.iter().map(|name| format!("`{name}`")).collect();
        return Err(format!(
            "`groups` names {} that the spec does not have; its groups are {}",
            unknown.join(", "),
            if available.is_empty() { "none".to_owned() } else { available.join(", ") }
        ));
    }
    api.root.groups.retain(|group| names.iter().any(|name| name == &group.spec_name || name == &group.rust_name));

    let mut used = vec![false; api.types.len()];
    let mut pending = Vec::new();
    visit_group(&api.root, &mut |ty| mark(ty, &mut used, &mut pending));
    // Types reach other types through their fields, inner types and
    // variants; each is walked once.
    while let Some(index) = pending.pop() {
        let Some(def) = api.types.get(index) else { continue };
        for ty in def.kind.member_types() {
            mark(ty, &mut used, &mut pending);
        }
    }
    Ok(used)
}

fn visit_group(group: &Group, visit: &mut impl FnMut(&Ty)) {
    for endpoint in &group.endpoints {
        visit_endpoint(endpoint, visit);
    }
    for child in &group.groups {
        visit_group(child, visit);
    }
}

fn visit_endpoint(endpoint: &Endpoint, visit: &mut impl FnMut(&Ty)) {
    for param in endpoint.path_params.iter().chain(&endpoint.query).chain(&endpoint.headers) {
        visit(&param.ty);
    }
    if let Some(body) = &endpoint.body {
        visit(&body.ty);
    }
    for ty in endpoint.response.decoded_types() {
        visit(ty);
    }
    for body in endpoint.errors.iter().filter_map(|error| error.body.as_ref()) {
        visit(body);
    }
    if let Some(paging) = &endpoint.paging {
        visit(&paging.item);
    }
}

/// Marks the named types in `ty`, and queues those not marked before.
fn mark(ty: &Ty, used: &mut [bool], pending: &mut Vec<usize>) {
    match ty {
        Ty::Named(index) => mark_index(*index, used, pending),
        Ty::Envelope(index, inner) => {
            mark_index(*index, used, pending);
            mark(inner, used, pending);
        }
        Ty::Option(inner) | Ty::List(inner) | Ty::Map(inner) | Ty::Boxed(inner) => mark(inner, used, pending),
        Ty::Builtin(_) | Ty::Param => {}
    }
}

fn mark_index(index: usize, used: &mut [bool], pending: &mut Vec<usize>) {
    if let Some(slot) = used.get_mut(index)
        && !std::mem::replace(slot, true)
    {
        pending.push(index);
    }
}

#[cfg(test)]
mod tests {
    use crate::{Input, Options, generate};

    const SPEC: &str = r"
spec: 1
name: demo
types:
  Booking: { fields: { id: i64, room: Room } }
  Room: { fields: { name: string } }
  Profile: { fields: { id: i64 } }
endpoints:
  bookings:
    get_booking: { method: GET, path: /bookings/1, response: Booking }
  profiles:
    get_profile: { method: GET, path: /profiles/1, response: Profile }
";

    fn code(groups: &[&str]) -> Result<String, String> {
        let options =
            Options { groups: Some(groups.iter().map(|&group| group.to_owned()).collect()), ..Options::default() };
        let input = Input::Inline { shown: "demo".to_owned(), text: SPEC.to_owned() };
        generate(&[input], &options).map(|generated| generated.code.to_string()).map_err(|error| format!("{error:?}"))
    }

    #[test]
    fn only_the_named_groups_and_the_types_they_reach() {
        let code = code(&["bookings"]).unwrap();
        assert!(code.contains("pub mod bookings"));
        assert!(!code.contains("pub mod profiles"));
        // `Room` only through a field of `Booking`.
        assert!(code.contains("pub struct Booking") && code.contains("pub struct Room"));
        assert!(!code.contains("pub struct Profile"));
    }

    #[test]
    fn an_unknown_group_is_an_error_that_lists_the_groups() {
        let error = code(&["booking"]).unwrap_err();
        assert!(error.contains("`booking`") && error.contains("`bookings`, `profiles`"), "{error}");
    }
}
