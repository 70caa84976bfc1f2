//! Names for what the document leaves unnamed or names in a way the spec
//! format cannot take: types (`CreateBookingBody`), errors (`NotFound`),
//! endpoints (`get_pets_by_pet_id`), groups, enum variants; each made
//! unique and a valid Rust name.

use std::collections::{HashMap, HashSet};

use super::{Importer, located, seq};
use crate::ident;
use crate::openapi::get;
use crate::spec::{EndpointDef, EnumValueDef, Located, StatusDef};
use crate::vocabulary::is_reserved_type_name;
use crate::yaml::Node;

/// Whether `name` can be a type name of the spec format as it is.
fn is_type_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !is_reserved_type_name(name)
        // What `ident::is_valid(&ident::camel(name))` says of such a name,
        // without building the name: camel case keeps the letters and
        // digits (with a `_` before a leading digit) and drops the rest.
        && name.bytes().any(|byte| byte.is_ascii_alphanumeric())
}

/// The name of an HTTP status: `404` → `NotFound`.
pub(super) fn status_name(status: StatusDef) -> String {
    let reason = match status {
        StatusDef::Class(4) => "ClientError",
        StatusDef::Class(_) => "ServerError",
        StatusDef::Default => "Other",
        StatusDef::Code(code) => match code {
            400 => "BadRequest",
            401 => "Unauthorized",
            402 => "PaymentRequired",
            403 => "Forbidden",
            404 => "NotFound",
            405 => "MethodNotAllowed",
            406 => "NotAcceptable",
            407 => "ProxyAuthenticationRequired",
            408 => "RequestTimeout",
            409 => "Conflict",
            410 => "Gone",
            411 => "LengthRequired",
            412 => "PreconditionFailed",
            413 => "ContentTooLarge",
            414 => "UriTooLong",
            415 => "UnsupportedMediaType",
            416 => "RangeNotSatisfiable",
            417 => "ExpectationFailed",
            418 => "ImATeapot",
            421 => "MisdirectedRequest",
            422 => "UnprocessableContent",
            423 => "Locked",
            424 => "FailedDependency",
            425 => "TooEarly",
            426 => "UpgradeRequired",
            428 => "PreconditionRequired",
            429 => "TooManyRequests",
            431 => "RequestHeaderFieldsTooLarge",
            451 => "UnavailableForLegalReasons",
            500 => "InternalServerError",
            501 => "NotImplemented",
            502 => "BadGateway",
            503 => "ServiceUnavailable",
            504 => "GatewayTimeout",
            505 => "HttpVersionNotSupported",
            507 => "InsufficientStorage",
            508 => "LoopDetected",
            511 => "NetworkAuthenticationRequired",
            _ => return format!("Status{code}"),
        },
    };
    reason.to_owned()
}

/// Makes `name` unique among `taken` by appending `2`, `3`, … (or
/// `separator` and a number), and takes it.
pub(super) fn unique_in(taken: &mut HashSet<String>, name: String, separator: &str) -> String {
    if taken.insert(name.clone()) {
        return name;
    }
    for number in 2..=usize::MAX {
        let candidate = format!("{name}{separator}{number}");
        if taken.insert(candidate.clone()) {
            return candidate;
        }
    }
    name
}

impl Importer<'_, '_> {
    /// A unique type name from `hint` (`CreateBookingBody`), taken.
    pub(super) fn reserve(&mut self, hint: &str) -> String {
        let mut base = ident::camel(hint);
        if !is_type_name(&base) {
            base = format!("Type{base}");
            if !is_type_name(&base) {
                "Type".clone_into(&mut base);
            }
        }
        unique_in(&mut self.taken, base, "")
    }

    pub(super) fn release(&mut self, name: &str) {
        self.taken.remove(name);
        self.slots.remove(name);
    }

    /// The spec name for a schema named `original` in the document: as it
    /// is when the spec format can take it, else made into one.
    pub(super) fn type_name_for(&mut self, original: &str) -> String {
        if is_type_name(original) && self.taken.insert(ident::camel(original)) {
            return original.to_owned();
        }
        self.reserve(original)
    }
}

/// Gives every value a variant name when one of them makes none, or
/// the same as another (`+`, `asc` and `ASC`): the spec's map form.
pub(super) fn name_enum_values(mut values: Vec<EnumValueDef>) -> Vec<EnumValueDef> {
    let texts: Vec<&str> =
        values.iter().map(|value| value.name.as_ref().unwrap_or(&value.value).value.as_str()).collect();
    let Some(names) = variant_names(&texts) else { return values };
    for (value, name) in values.iter_mut().zip(names) {
        value.name = Some(located(name, value.value.span));
    }
    values
}

/// A valid and distinct variant name for each of `values` (enum values,
/// tag values), or `None` when the names derived from them are so already.
/// The values whose plain name is free keep it; the others are spelled out
/// (`-start` → `MinusStart`, the empty value → `Empty`), or numbered.
pub(super) fn variant_names(values: &[&str]) -> Option<Vec<String>> {
    let derived: Vec<String> = values.iter().map(|value| ident::variant(value)).collect();
    let mut seen = HashSet::new();
    if derived.iter().all(|name| ident::is_valid(name) && seen.insert(name.clone())) {
        return None;
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for name in &derived {
        *counts.entry(name.as_str()).or_default() += 1;
    }
    let keeps = |name: &String| ident::is_valid(name) && counts[name.as_str()] == 1;
    let mut taken: HashSet<String> = derived.iter().filter(|name| keeps(name)).cloned().collect();
    let names = derived
        .iter()
        .zip(values)
        .enumerate()
        .map(|(index, (name, value))| {
            if keeps(name) {
                return name.clone();
            }
            let spelled = match *value {
                "" => "Empty".to_owned(),
                value => ident::variant(&spell_symbols(value)),
            };
            let name = if ident::is_valid(&spelled) { spelled } else { format!("Value{}", index + 1) };
            unique_in(&mut taken, name, "")
        })
        .collect();
    Some(names)
}

/// A value with its symbols spelled as words, for a variant name:
/// `-start` → `minus start`, `>=` → `gt eq`.
pub(super) fn spell_symbols(value: &str) -> String {
    let mut spelled = String::with_capacity(value.len() * 2);
    for c in value.chars() {
        let word = match c {
            '-' => "minus",
            '+' => "plus",
            '*' => "star",
            '/' => "slash",
            '.' => "dot",
            '<' => "lt",
            '>' => "gt",
            '=' => "eq",
            '!' => "not",
            '&' => "and",
            '|' => "or",
            '%' => "percent",
            '#' => "hash",
            '@' => "at",
            '$' => "dollar",
            '~' => "tilde",
            '^' => "caret",
            c if c.is_ascii_alphanumeric() => {
                spelled.push(c);
                continue;
            }
            _ => "",
        };
        spelled.push(' ');
        spelled.push_str(word);
        spelled.push(' ');
    }
    spelled
}

/// The groups (modules) of an operation: `x-endpointgen-group`, else
/// its first tag, else the first literal segment of its path that is not a
/// version or `api`.
pub(super) fn groups(operation: &Node, path: &Located<String>) -> Vec<Located<String>> {
    // An export says where each endpoint was, the root (`[]`) included.
    if let Some(groups) = get(operation, "x-endpointgen-group") {
        return seq(Some(groups))
            .iter()
            .filter_map(|group| group.as_str().map(|text| located(text, group.span)))
            .collect();
    }
    let (name, span) =
        match seq(get(operation, "tags")).first().and_then(|tag| tag.as_str().map(|text| (text, tag.span))) {
            Some((tag, span)) => (tag.to_owned(), span),
            None => {
                // `/v1/disks/{id}` → `disks`: a version or `api` names no
                // group, when a segment follows.
                let literals: Vec<&str> =
                    path.value.split('/').filter(|segment| !segment.is_empty() && !segment.starts_with('{')).collect();
                let is_prefix = |segment: &str| {
                    segment.eq_ignore_ascii_case("api")
                        || segment
                            .strip_prefix(['v', 'V'])
                            .unwrap_or(segment)
                            .chars()
                            .all(|c| c.is_ascii_digit() || c == '.')
                };
                let group =
                    literals.iter().find(|segment| !is_prefix(segment)).or(literals.first()).copied().unwrap_or("root");
                (group.to_owned(), path.span)
            }
        };
    let module = ident::snake(&name);
    let module = if ident::is_valid(&module) { module } else { "api".to_owned() };
    vec![located(module, span)]
}

/// `get_pets_by_pet_id_photos` for `GET /pets/{petId}/photos`: the name of
/// an operation without a usable `operationId`.
pub(super) fn derived_endpoint_name(method: &str, path: &str) -> String {
    let mut name = method.to_ascii_lowercase();
    let mut segments = 0;
    for segment in path.split('/').filter(|segment| !segment.is_empty()) {
        let word = match segment.strip_prefix('{').and_then(|rest| rest.strip_suffix('}')) {
            Some(param) => format!("by_{}", ident::snake(param)),
            None => ident::snake(segment),
        };
        if !word.is_empty() {
            name.push('_');
            name.push_str(&word);
            segments += 1;
        }
    }
    if segments == 0 {
        name.push_str("_root");
    }
    let name = ident::snake(&name);
    if ident::is_valid(&name) { name } else { format!("{}_endpoint", method.to_ascii_lowercase()) }
}

/// Each endpoint's function, struct and error enum have names of their own
/// in their module, and no endpoint is named like a group next to it.
pub(super) fn unique_endpoint_names(endpoints: &mut [EndpointDef]) {
    let mut modules: HashMap<Vec<String>, HashSet<String>> = HashMap::new();
    // Groups are module names in their parent module.
    for endpoint in endpoints.iter() {
        for depth in 0..endpoint.groups.len() {
            let parent: Vec<String> = endpoint.groups[..depth].iter().map(|group| group.value.clone()).collect();
            modules.entry(parent).or_default().insert(format!("mod {}", ident::snake(&endpoint.groups[depth].value)));
        }
    }
    for endpoint in endpoints.iter_mut() {
        let module: Vec<String> = endpoint.groups.iter().map(|group| group.value.clone()).collect();
        let names = modules.entry(module).or_default();
        let base = endpoint.name.value.clone();
        // The enum of answers by status, when it has one, is a type of the
        // module too.
        let answers = endpoint.responses.is_some();
        let free = |name: &str, names: &HashSet<String>| {
            let camel = ident::camel(name);
            let answers_taken = answers && names.contains(&format!("type {camel}Response"));
            !names.contains(&format!("fn {name}"))
                && !names.contains(&format!("mod {name}"))
                && !names.contains(&format!("type {camel}"))
                && !names.contains(&format!("type {camel}Error"))
                && !answers_taken
        };
        let name = if free(&base, names) {
            base
        } else {
            (2..=usize::MAX)
                .map(|number| format!("{base}_{number}"))
                .find(|candidate| free(candidate, names))
                .unwrap_or(base)
        };
        names.insert(format!("fn {name}"));
        names.insert(format!("type {}", ident::camel(&name)));
        names.insert(format!("type {}Error", ident::camel(&name)));
        if answers {
            names.insert(format!("type {}Response", ident::camel(&name)));
        }
        endpoint.name.value = name;
    }
}

#[cfg(test)]
mod tests {
    use super::is_type_name;
    use crate::ident;
    use crate::vocabulary::is_reserved_type_name;

    /// `is_type_name` checks what camel case makes of a name without making
    /// it; every short name of its characters agrees with making it.
    #[test]
    fn type_names_are_those_whose_camel_case_is_an_identifier() {
        const ALPHABET: &[char] = &['a', 'B', '1', '_', '-'];
        let mut names = vec![String::new()];
        for _ in 0..5 {
            names = names.iter().flat_map(|name| ALPHABET.iter().map(move |c| format!("{name}{c}"))).collect();
            for name in &names {
                let made = !name.is_empty()
                    && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    && !is_reserved_type_name(name)
                    && ident::is_valid(&ident::camel(name));
                assert_eq!(is_type_name(name), made, "{name:?}");
            }
        }
    }
}
