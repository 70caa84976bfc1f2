//! Names: every type, auth scheme and error the files define, once each
//! across merged files, with the Rust name it takes; the groups' module
//! names; and type expressions resolved to IR types.

use std::collections::HashMap;

use super::{Checker, TypeEntry};
use crate::diagnostic::{Diagnostic, Span, did_you_mean};
use crate::ident;
use crate::ir::{AuthKind, AuthScheme, KeyPlace, Ty};
use crate::spec::{self, ErrorDef, Located, SpecFile, TypeDefKind, TypeExpr};
use crate::vocabulary::{Builtin, LIST, MAP, PAYLOAD, builtin_type_names, is_reserved_type_name};

impl<'d> Checker<'d> {
    /// Registers every type and envelope, reporting names defined twice
    /// (also across merged files) and Rust names that collide.
    pub(super) fn collect_types(&mut self, files: &'d [SpecFile]) {
        let mut rust_names: HashMap<String, Span> = HashMap::new();
        let defs =
            files.iter().flat_map(|file| file.envelopes.iter().chain(&file.types).map(|def| (def, file.imported)));
        for (def, imported) in defs {
            if let Some(&first) = self.type_index.get(&def.name.value) {
                let first_span = self.types[first].def.name.span;
                self.error(
                    Diagnostic::new(def.name.span, format!("type `{}` is defined twice", def.name.value))
                        .label("defined again here")
                        .related(first_span, "first defined here")
                        .hint("a name means one type across all merged spec files; rename one"),
                );
                continue;
            }
            if is_reserved_type_name(&def.name.value) {
                self.error(
                    Diagnostic::new(def.name.span, format!("`{}` is a built-in type name", def.name.value))
                        .hint("choose another name"),
                );
                continue;
            }
            let rust_name = self.rust_type_name(def);
            if let Some(&first) = rust_names.get(&rust_name) {
                self.error(
                    Diagnostic::new(
                        def.name.span,
                        format!(
                            "`{}` becomes the Rust type `{rust_name}`, which another type already is",
                            def.name.value
                        ),
                    )
                    .related(first, "this one")
                    .hint("give one of them a `rust_name`"),
                );
            } else {
                rust_names.insert(rust_name.clone(), def.name.span);
            }
            self.type_index.insert(def.name.value.clone(), self.types.len());
            self.types.push(TypeEntry { def, rust_name, imported });
        }
    }

    fn rust_type_name(&mut self, def: &spec::TypeDef) -> String {
        match &def.rust_name {
            Some(rust_name) => self.checked_rust_name(rust_name, Case::Camel),
            None => {
                let derived = ident::camel(&def.name.value);
                if !ident::is_valid(&derived) {
                    self.error(
                        Diagnostic::new(
                            def.name.span,
                            format!("no Rust name can be derived from `{}`", def.name.value),
                        )
                        .hint("give it a `rust_name`"),
                    );
                }
                derived
            }
        }
    }

    /// A `rust_name` as written, checked to be an identifier in the case
    /// Rust's lints want for `what` it names: a generated client is clean
    /// under `#![deny(warnings)]`.
    pub(super) fn checked_rust_name(&mut self, rust_name: &Located<String>, case: Case) -> String {
        let name = &rust_name.value;
        if !ident::is_valid(name) {
            self.error(
                Diagnostic::new(rust_name.span, format!("`{name}` is not a Rust identifier"))
                    .hint("use ASCII letters, digits and `_`, not starting with a digit"),
            );
            return name.clone();
        }
        // `self` and its kin are written with a `_` after them.
        let written = ident::ident(name).to_string();
        let written = written.trim_start_matches("r#");
        let (fits, what, derived) = match case {
            Case::Snake => (
                ident::is_snake_case(written),
                "snake case, as Rust names functions, fields and parameters",
                ident::snake(name),
            ),
            Case::Camel => (ident::is_camel_case(written), "camel case, as Rust names types", ident::camel(name)),
        };
        if !fits {
            let suggestion = if derived != *name && ident::is_valid(&derived) {
                format!("write `{derived}`: Rust's lints warn about other cases")
            } else {
                "choose a name in that case: Rust's lints warn about others".to_owned()
            };
            self.error(
                Diagnostic::new(rust_name.span, format!("the Rust name `{name}` is not {what}")).hint(suggestion),
            );
        }
        name.clone()
    }

    /// The snake-case Rust name of a field or parameter, checked for
    /// collisions with its siblings (`coworkerId` and `coworker_id`).
    pub(super) fn member_name(
        &mut self,
        name: &Located<String>,
        rust_name: Option<&Located<String>>,
        taken: &mut HashMap<String, Span>,
        what: &str,
    ) -> String {
        let derived = match rust_name {
            Some(rust_name) => self.checked_rust_name(rust_name, Case::Snake),
            None => {
                let derived = ident::snake(&name.value);
                if !ident::is_valid(&derived) {
                    self.error(
                        Diagnostic::new(name.span, format!("no Rust name can be derived from {what} `{}`", name.value))
                            .hint("give it a `rust_name`"),
                    );
                }
                derived
            }
        };
        if let Some(&first) = taken.get(&derived) {
            self.error(
                Diagnostic::new(
                    name.span,
                    format!(
                        "{what} `{}` becomes `{derived}` in Rust, like {}",
                        name.value,
                        if what == "field" {
                            "another field of this type"
                        } else {
                            "another parameter of this endpoint"
                        }
                    ),
                )
                .related(first, "this one")
                .hint("give one of them a `rust_name`"),
            );
        } else {
            taken.insert(derived.clone(), name.span);
        }
        derived
    }

    /// The auth schemes of all files: by spec name, the index into the
    /// list that the IR gets.
    pub(super) fn collect_auth(&mut self, files: &'d [SpecFile]) -> (HashMap<String, usize>, Vec<AuthScheme>) {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut places: Vec<Span> = Vec::new();
        let mut rust_names: HashMap<String, Span> = HashMap::new();
        let mut schemes = Vec::new();
        for scheme in files.iter().flat_map(|file| &file.auth) {
            if let Some(&first) = index.get(&scheme.name.value) {
                self.error(
                    Diagnostic::new(scheme.name.span, format!("auth scheme `{}` is defined twice", scheme.name.value))
                        .label("defined again here")
                        .related(places[first], "first defined here")
                        .hint("a name means one scheme across all merged spec files; rename one"),
                );
                continue;
            }
            let rust_name = ident::camel(&scheme.name.value);
            if !ident::is_valid(&rust_name) {
                self.error(
                    Diagnostic::new(
                        scheme.name.span,
                        format!("no Rust name can be derived from `{}`", scheme.name.value),
                    )
                    .hint("name auth schemes with letters, digits and `_`"),
                );
            } else if let Some(&first) = rust_names.get(&rust_name) {
                self.error(
                    Diagnostic::new(
                        scheme.name.span,
                        format!("`{}` becomes `auth::{rust_name}`, like another scheme", scheme.name.value),
                    )
                    .related(first, "this one")
                    .hint("rename one of the schemes"),
                );
            }
            rust_names.insert(rust_name.clone(), scheme.name.span);
            let kind = match &scheme.kind {
                spec::AuthKind::Bearer => AuthKind::Bearer,
                spec::AuthKind::ApiKey { place: KeyPlace::Header, name } => {
                    self.check_header_name(name);
                    AuthKind::ApiKey { place: KeyPlace::Header, name: name.value.to_ascii_lowercase() }
                }
                spec::AuthKind::ApiKey { place, name } => {
                    self.check_key_name(*place, name);
                    AuthKind::ApiKey { place: *place, name: name.value.clone() }
                }
                spec::AuthKind::Basic => AuthKind::Basic,
                spec::AuthKind::OAuth2 { flows } => AuthKind::OAuth2 { flows: flows.clone() },
                spec::AuthKind::OpenIdConnect { url } => AuthKind::OpenIdConnect { url: url.clone() },
            };
            index.insert(scheme.name.value.clone(), schemes.len());
            places.push(scheme.name.span);
            schemes.push(AuthScheme {
                rust_name,
                spec_name: scheme.name.value.clone(),
                kind,
                description: scheme.description.clone(),
            });
        }
        (index, schemes)
    }

    /// The name of an API key's query parameter or cookie: a cookie's is
    /// an HTTP token (RFC 6265), a query parameter's anything but empty
    /// (it is percent-encoded).
    fn check_key_name(&mut self, place: KeyPlace, name: &Located<String>) {
        let is_token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
        let valid = match place {
            KeyPlace::Cookie => !name.value.is_empty() && name.value.chars().all(is_token),
            KeyPlace::Header | KeyPlace::Query => !name.value.is_empty(),
        };
        if !valid {
            self.error(
                Diagnostic::new(name.span, format!("`{}` is not a valid {} name", name.value, place.word()))
                    .hint("cookie and query parameter names are letters, digits, `-` and `_`, such as `session_id`"),
            );
        }
    }

    pub(super) fn collect_errors(&mut self, files: &'d [SpecFile]) -> HashMap<String, &'d ErrorDef> {
        let mut errors: HashMap<String, &ErrorDef> = HashMap::new();
        for error in files.iter().flat_map(|file| &file.errors) {
            if let Some(first) = errors.get(&error.name.value) {
                let first_span = first.name.span;
                self.error(
                    Diagnostic::new(error.name.span, format!("error `{}` is defined twice", error.name.value))
                        .label("defined again here")
                        .related(first_span, "first defined here")
                        .hint("a name means one error across all merged spec files; rename one"),
                );
                continue;
            }
            self.check_status(&error.status);
            errors.insert(error.name.value.clone(), error);
        }
        errors
    }

    /// Each group becomes a module: its name must make one, and two groups
    /// in one parent must not make the same one (`itemGroups` and
    /// `item_groups`). Returns whether the groups are usable.
    pub(super) fn check_group_names(
        &mut self,
        groups: &[Located<String>],
        seen: &mut HashMap<(Vec<String>, String), (String, Span)>,
    ) -> bool {
        for (depth, group) in groups.iter().enumerate() {
            let module = ident::snake(&group.value);
            if !ident::is_valid(&module) {
                self.error(
                    Diagnostic::new(
                        group.span,
                        format!("no Rust module name can be derived from group `{}`", group.value),
                    )
                    .hint("name groups with ASCII letters, digits and `_`"),
                );
                return false;
            }
            let parent: Vec<String> = groups[..depth].iter().map(|group| group.value.clone()).collect();
            match seen.get(&(parent.clone(), module.clone())) {
                Some((spec_name, first)) if *spec_name != group.value => {
                    let first = *first;
                    self.error(
                        Diagnostic::new(
                            group.span,
                            format!("group `{}` becomes the module `{module}`, like another group", group.value),
                        )
                        .related(first, "this one")
                        .hint("rename one of the groups"),
                    );
                    return false;
                }
                Some(_) => {}
                None => {
                    seen.insert((parent, module), (group.value.clone(), group.span));
                }
            }
        }
        true
    }

    /// Resolves a type expression. `T` is allowed only in envelope fields.
    /// A broken one (an unknown name, a wrong number of arguments) is
    /// reported and read as a type that works in its place, mostly `any`;
    /// [`type_errors`](Checker::type_errors) counts those reports.
    pub(super) fn ty(&mut self, expr: &TypeExpr, in_envelope: bool) -> Ty {
        let before = self.diagnostics.len();
        let ty = self.ty_within(expr, in_envelope);
        self.type_errors += self.diagnostics[before..].iter().filter(|diagnostic| diagnostic.is_error()).count();
        ty
    }

    /// [`ty`](Self::ty), for the expression and its arguments.
    fn ty_within(&mut self, expr: &TypeExpr, in_envelope: bool) -> Ty {
        let base = self.base_ty(expr, in_envelope);
        if expr.optional { Ty::Option(Box::new(base)) } else { base }
    }

    fn base_ty(&mut self, expr: &TypeExpr, in_envelope: bool) -> Ty {
        let arity = |expected: usize| expr.args.len() == expected;
        let primitive = match Builtin::from_name(&expr.name) {
            Some(builtin) => Some(Ty::Builtin(builtin)),
            None => (expr.name == PAYLOAD && in_envelope).then_some(Ty::Param),
        };
        if let Some(primitive) = primitive {
            if !arity(0) {
                self.error(
                    Diagnostic::new(expr.span, format!("`{}` takes no type arguments", expr.name))
                        .hint("only envelopes, `list<…>` and `map<…>` take arguments"),
                );
            }
            return primitive;
        }
        match expr.name.as_str() {
            LIST | MAP => {
                if !arity(1) {
                    let hint = match expr.args.as_slice() {
                        // `map<string, Label>`: Rust's and TypeScript's way.
                        [_, value] if expr.name == MAP => {
                            format!("a map's keys are strings, and only its values' type is written: `map<{value}>`")
                        }
                        _ => format!("write `{}<Booking>`", expr.name),
                    };
                    self.error(
                        Diagnostic::new(expr.span, format!("`{}` takes one type argument", expr.name)).hint(hint),
                    );
                    return Ty::ANY;
                }
                let inner = Box::new(self.ty_within(&expr.args[0], in_envelope));
                return if expr.name == LIST { Ty::List(inner) } else { Ty::Map(inner) };
            }
            PAYLOAD => {
                self.error(
                    Diagnostic::new(expr.name_span, "`T` can only be used inside an envelope")
                        .hint("`T` stands for an envelope's payload; outside `envelopes:` name a type"),
                );
                return Ty::ANY;
            }
            _ => {}
        }
        let Some(&index) = self.type_index.get(&expr.name) else {
            let mut candidates: Vec<&str> = builtin_type_names().collect();
            candidates.extend(self.type_index.keys().map(String::as_str));
            let mut diagnostic = Diagnostic::new(expr.name_span, format!("unknown type `{}`", expr.name))
                .label("not defined in this spec");
            // A type of the spec named the same but for case is meant; else
            // another language's name for a built-in (`integer`,
            // `Vec<string>`) before a name merely close to another.
            let same_but_case = candidates.iter().find(|candidate| candidate.eq_ignore_ascii_case(&expr.name));
            diagnostic =
                match same_but_case.map(|name| format!("did you mean `{name}`?")).or_else(|| named_elsewhere(expr)) {
                    Some(hint) => diagnostic.hint(hint),
                    None => match did_you_mean(&expr.name, candidates) {
                        Some(suggestion) => diagnostic.hint(format!("did you mean `{suggestion}`?")),
                        None => diagnostic
                            .hint("define it under `types:`, or use a built-in type such as `string` or `i64`"),
                    },
                };
            self.error(diagnostic);
            return Ty::ANY;
        };
        let generic = |def: &spec::TypeDef| match &def.kind {
            TypeDefKind::Struct(fields) => fields.iter().any(|field| mentions_param(&field.ty)),
            _ => false,
        };
        if self.types[index].def.envelope && !generic(self.types[index].def) {
            // An envelope with no payload (only an outcome) is not generic.
            if !arity(0) {
                self.error(
                    Diagnostic::new(
                        expr.span,
                        format!("envelope `{}` has no payload and takes no type argument", expr.name),
                    )
                    .hint(format!("write `{}` alone, or give the envelope a `T` field with `role: value`", expr.name)),
                );
            }
            return Ty::Named(index);
        }
        if self.types[index].def.envelope {
            if !arity(1) {
                self.error(
                    Diagnostic::new(
                        expr.span,
                        format!("envelope `{}` takes one type argument, its payload", expr.name),
                    )
                    .hint(format!("write `{}<string?>`, say", expr.name)),
                );
                // A generic envelope without its payload is no Rust type.
                return Ty::ANY;
            }
            return Ty::Envelope(index, Box::new(self.ty_within(&expr.args[0], in_envelope)));
        }
        if !arity(0) {
            self.error(
                Diagnostic::new(expr.span, format!("`{}` is not an envelope and takes no type arguments", expr.name))
                    .hint("remove the `<…>`; only envelopes, `list` and `map` take arguments"),
            );
        }
        Ty::Named(index)
    }
}

/// The hint for a type that other languages and formats name otherwise:
/// `integer` (did you mean `i64`?), `Vec<string>` (write `list<string>`),
/// `Option<i64>` (write `i64?`), `HashMap<String, Label>` (write
/// `map<Label>`), `object` (`any`, or a struct).
fn named_elsewhere(expr: &TypeExpr) -> Option<String> {
    let args: Vec<String> = expr.args.iter().map(ToString::to_string).collect();
    let optional = if expr.optional { "?" } else { "" };
    let written = match (expr.name.to_ascii_lowercase().as_str(), args.as_slice()) {
        ("vec" | "array" | "list" | "set" | "hashset" | "btreeset" | "seq" | "sequence" | "iterable", [item]) => {
            format!("list<{item}>{optional}")
        }
        ("option" | "optional" | "nullable" | "maybe", [inner]) => format!("{inner}?"),
        ("hashmap" | "btreemap" | "map" | "dict" | "dictionary" | "record", [_, value] | [value]) => {
            format!("map<{value}>{optional}")
        }
        ("object" | "json" | "jsonvalue" | "value" | "dynamic" | "mixed", []) => {
            return Some(format!(
                "write `any{optional}` for any JSON value, or define a struct under `types:` (`fields: {{ … }}`)"
            ));
        }
        (_, []) => {
            let builtin = crate::vocabulary::builtin_named_elsewhere(&expr.name)?;
            let family = if builtin.is_integer() {
                " (the integers are `i32`, `i64`, `u32` and `u64`)"
            } else if matches!(builtin, Builtin::F32 | Builtin::F64) {
                " (the numbers with a fraction are `f32` and `f64`)"
            } else {
                ""
            };
            return Some(format!("did you mean `{}`?{family}", builtin.name()));
        }
        _ => return None,
    };
    Some(format!("write `{written}`"))
}

pub(super) fn mentions_param(expr: &TypeExpr) -> bool {
    expr.name == PAYLOAD || expr.args.iter().any(mentions_param)
}

/// The case a Rust name must have for what it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Case {
    /// Functions, fields, parameters: `set_current_profile`.
    Snake,
    /// Types: `CoworkerId`.
    Camel,
}
