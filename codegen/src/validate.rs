//! Spec model → IR: resolves names, derives Rust names, and checks every
//! rule of the format, reporting all problems at once.

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Span, did_you_mean};
use crate::ident;
use crate::ir::{
    Api, Auth, AuthKind, AuthScheme, Body, BodyContent, DefaultValue, Endpoint, EnumVariant, EnvelopeRoles, ErrorCase,
    ErrorStatus, Field, Group, IntVariant, Method, Paging, Param, PathPart, Response, Ty, TypeDef, TypeKind, Union,
    UnionVariant, Usage,
};
use crate::spec::{
    self, Deprecation, EndpointDef, EnumValueDef, ErrorDef, ErrorRef, FieldDef, Located, ParamDef, Role, SpecFile,
    StatusDef, TypeDefKind, TypeExpr, UnionDef,
};
use crate::yaml::{Node, Value};

/// Checks the files of one API (several when specs are merged) and builds
/// its IR.
///
/// The IR comes back even when there are problems: what could be
/// understood, for the macro's stub. Only an empty `diagnostics` makes it the
/// API of the spec.
pub(crate) fn validate(files: &[SpecFile], diagnostics: &mut Vec<Diagnostic>) -> Api {
    let mut checker = Checker {
        diagnostics,
        types: Vec::new(),
        type_index: HashMap::new(),
        ir_types: Vec::new(),
        tagged_members: Vec::new(),
    };
    checker.api(files)
}

struct Checker<'d> {
    diagnostics: &'d mut Vec<Diagnostic>,
    /// Every type and envelope of every file, in order.
    types: Vec<TypeEntry<'d>>,
    /// Spec name → index into `types`.
    type_index: HashMap<String, usize>,
    /// The resolved types, same order, once built.
    ir_types: Vec<TypeDef>,
    /// The members of tagged unions and where they are written, checked
    /// once every type is resolved: each must be a struct.
    tagged_members: Vec<(Ty, Span)>,
}

struct TypeEntry<'s> {
    def: &'s spec::TypeDef,
    rust_name: String,
}

/// The built-in type names of the format, for messages and suggestions.
const PRIMITIVES: &[&str] = &[
    "bool", "i32", "i64", "u32", "u64", "f32", "f64", "string", "date", "datetime", "uuid", "bytes", "any", "list",
    "map",
];

impl<'d> Checker<'d> {
    fn error(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn api(&mut self, files: &'d [SpecFile]) -> Api {
        let first = files.first();
        let name = first.and_then(|file| file.name.as_ref()).map_or_else(String::new, |name| name.value.clone());
        if let Some(name) = first.and_then(|file| file.name.as_ref())
            && !ident::is_valid(&ident::snake(&name.value))
        {
            self.error(
                Diagnostic::new(name.span, format!("`{}` cannot name a Rust file or module", name.value))
                    .hint("use letters, digits and `_`, such as `portal`"),
            );
        }
        if let Some(base_url) = first.and_then(|file| file.base_url.as_ref())
            && !(base_url.value.starts_with("https://") || base_url.value.starts_with("http://"))
        {
            self.error(
                Diagnostic::new(base_url.span, "`base_url` must be an http:// or https:// URL")
                    .hint("write `base_url: https://api.example.com`"),
            );
        }

        self.collect_types(files);
        let (schemes, auth_schemes) = self.collect_auth(files);
        let errors = self.collect_errors(files);

        self.ir_types = (0..self.types.len()).map(|index| self.type_def(index)).collect();
        self.check_alias_cycles();
        self.check_tagged_members();
        let mut root = Group::default();
        // Per module: the endpoint names seen, and the Rust names taken in
        // each namespace (constructor functions; structs and error enums).
        let mut modules: HashMap<Vec<String>, ModuleNames> = HashMap::new();
        // (parent group path, module name) → the group's spec name, where.
        let mut group_modules: HashMap<(Vec<String>, String), (String, Span)> = HashMap::new();
        for file in files {
            for def in &file.endpoints {
                if !self.check_group_names(&def.groups, &mut group_modules) {
                    continue;
                }
                let module = modules.entry(def.groups.iter().map(|group| group.value.clone()).collect()).or_default();
                if let Some(&first) = module.endpoints.get(&def.name.value) {
                    self.error(
                        Diagnostic::new(def.name.span, format!("endpoint `{}` is defined twice", path_of(def)))
                            .label("defined again here")
                            .related(first, "first defined here")
                            .hint("rename one of them, or remove the copy"),
                    );
                    continue;
                }
                module.endpoints.insert(def.name.value.clone(), def.name.span);
                let Some(endpoint) = self.endpoint(def, &schemes, &errors) else { continue };
                let module = modules.entry(def.groups.iter().map(|group| group.value.clone()).collect()).or_default();
                let mut clashes = Vec::new();
                if let Some(first) = module.functions.insert(endpoint.fn_name.clone(), def.name.span) {
                    clashes.push((endpoint.fn_name.clone(), first));
                }
                for name in [Some(&endpoint.struct_name), endpoint.error_name.as_ref()].into_iter().flatten() {
                    if let Some(first) = module.types.insert(name.clone(), def.name.span) {
                        clashes.push((name.clone(), first));
                    }
                }
                // One report per endpoint, for the first name that clashes: the
                // struct and error names follow from the function's.
                if let Some((name, first)) = clashes.into_iter().next() {
                    self.error(
                        Diagnostic::new(
                            def.name.span,
                            format!(
                                "endpoint `{}` needs the Rust name `{name}`, which another endpoint of this group has",
                                def.name.value
                            ),
                        )
                        .related(first, "the other endpoint")
                        .hint("give one of them a `rust_name`"),
                    );
                }
                group_for(&mut root, &def.groups).endpoints.push(endpoint);
            }
        }
        let mut types = std::mem::take(&mut self.ir_types);
        box_recursive_fields(&mut types);
        mark_usage(&mut types, &root);

        Api {
            name,
            title: first.and_then(|file| file.title.clone()),
            description: first.and_then(|file| file.description.clone()),
            base_url: first.and_then(|file| file.base_url.as_ref()).map(|url| url.value.clone()),
            auth_schemes,
            types,
            root,
        }
    }

    /// Registers every type and envelope, reporting names defined twice
    /// (also across merged files) and Rust names that collide.
    fn collect_types(&mut self, files: &'d [SpecFile]) {
        let mut rust_names: HashMap<String, Span> = HashMap::new();
        for def in files.iter().flat_map(|file| file.envelopes.iter().chain(&file.types)) {
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
            if PRIMITIVES.contains(&def.name.value.as_str()) || def.name.value == "T" {
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
            self.types.push(TypeEntry { def, rust_name });
        }
    }

    fn rust_type_name(&mut self, def: &spec::TypeDef) -> String {
        match &def.rust_name {
            Some(rust_name) => self.checked_rust_name(rust_name),
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

    fn checked_rust_name(&mut self, rust_name: &Located<String>) -> String {
        if !ident::is_valid(&rust_name.value) {
            self.error(
                Diagnostic::new(rust_name.span, format!("`{}` is not a Rust identifier", rust_name.value))
                    .hint("use ASCII letters, digits and `_`, not starting with a digit"),
            );
        }
        rust_name.value.clone()
    }

    /// The auth schemes of all files: by spec name, the index into the
    /// list that the IR gets.
    fn collect_auth(&mut self, files: &'d [SpecFile]) -> (HashMap<String, usize>, Vec<AuthScheme>) {
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
                spec::AuthKind::ApiKey { header } => {
                    self.check_header_name(header);
                    AuthKind::ApiKey { header: header.value.to_ascii_lowercase() }
                }
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

    /// A header name must be an HTTP token, or the request cannot be sent.
    fn check_header_name(&mut self, name: &Located<String>) {
        let is_token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
        if name.value.is_empty() || !name.value.chars().all(is_token) {
            self.error(
                Diagnostic::new(name.span, format!("`{}` is not a valid HTTP header name", name.value))
                    .hint("header names are letters, digits and `-`, such as `X-Use-Timezone`"),
            );
        }
    }

    fn collect_errors(&mut self, files: &'d [SpecFile]) -> HashMap<String, &'d ErrorDef> {
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

    /// The statuses an error's `status` stands for: `404`, `4XX`, `5XX`,
    /// `default`; an exact status must be 400–599.
    fn check_status(&mut self, status: &Located<StatusDef>) -> ErrorStatus {
        match status.value {
            StatusDef::Code(code) => match u16::try_from(code).ok().filter(|code| (400..=599).contains(code)) {
                Some(code) => ErrorStatus::Code(code),
                None => {
                    self.error(
                        Diagnostic::new(status.span, format!("{code} is not an error status"))
                            .label("expected 400–599")
                            .hint("documented errors are client (4xx) or server (5xx) errors; `4XX`, `5XX` and `default` stand for several"),
                    );
                    ErrorStatus::Code(0)
                }
            },
            StatusDef::Class(class) => ErrorStatus::Class(class),
            StatusDef::Default => ErrorStatus::Default,
        }
    }

    fn type_def(&mut self, index: usize) -> TypeDef {
        let def = self.types[index].def;
        let rust_name = self.types[index].rust_name.clone();
        let kind = match &def.kind {
            TypeDefKind::Struct(fields) if def.envelope => {
                let fields_ir = self.fields(fields, true);
                let roles = self.envelope_roles(def, fields);
                TypeKind::Envelope { fields: fields_ir, roles }
            }
            TypeDefKind::Struct(fields) => TypeKind::Struct(self.fields(fields, false)),
            TypeDefKind::Newtype(inner) => TypeKind::Newtype(self.ty(inner, false)),
            TypeDefKind::Alias(inner) => TypeKind::Alias(self.ty(inner, false)),
            TypeDefKind::Enum(values) => TypeKind::Enum(self.enum_variants(values)),
            TypeDefKind::IntEnum(values) => TypeKind::IntEnum(self.int_variants(values)),
            TypeDefKind::Union(union) => TypeKind::Union(self.union(union)),
        };
        TypeDef {
            rust_name,
            spec_name: def.name.value.clone(),
            description: def.description.clone(),
            kind,
            usage: Usage::default(),
            secret: def.secret,
        }
    }

    fn fields(&mut self, fields: &[FieldDef], in_envelope: bool) -> Vec<Field> {
        let mut rust_names: HashMap<String, Span> = HashMap::new();
        let mut result = Vec::with_capacity(fields.len());
        for field in fields {
            let rust_name = self.member_name(&field.json_name, field.rust_name.as_ref(), &mut rust_names, "field");
            let ty = self.ty(&field.ty, in_envelope);
            let default = field.default.as_ref().and_then(|node| self.default_value(node, &ty));
            result.push(Field {
                json_name: field.json_name.value.clone(),
                rust_name,
                ty,
                description: field.description.clone(),
                default,
                secret: field.secret,
            });
        }
        result
    }

    /// The snake-case Rust name of a field or parameter, checked for
    /// collisions with its siblings (`coworkerId` and `coworker_id`).
    fn member_name(
        &mut self,
        name: &Located<String>,
        rust_name: Option<&Located<String>>,
        taken: &mut HashMap<String, Span>,
        what: &str,
    ) -> String {
        let derived = match rust_name {
            Some(rust_name) => self.checked_rust_name(rust_name),
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

    fn envelope_roles(&mut self, def: &spec::TypeDef, fields: &[FieldDef]) -> EnvelopeRoles {
        let mut found: [Option<(usize, Span)>; Role::NAMES.len()] = [None; Role::NAMES.len()];
        for (index, field) in fields.iter().enumerate() {
            let Some(role) = &field.role else { continue };
            let slot = &mut found[role.value as usize];
            if let Some((_, first)) = *slot {
                self.error(
                    Diagnostic::new(role.span, format!("two fields have the role `{}`", role.value.name()))
                        .related(first, "this one")
                        .hint("each role belongs to one field"),
                );
                continue;
            }
            *slot = Some((index, role.span));
            let ty = &field.ty;
            let plain = |name: &str| ty.name == name && ty.args.is_empty();
            let (expected_ok, expected) = match role.value {
                Role::Success => (plain("bool") && !ty.optional, "`bool`"),
                Role::Value => (plain("T"), "`T` or `T?`"),
                Role::Status => (["i32", "i64", "u32", "u64"].iter().any(|name| plain(name)), "an integer type"),
                Role::Message => (plain("string"), "`string` or `string?`"),
                Role::Errors => (true, "any type"),
                Role::Items => (
                    ty.name == "list" && ty.args.len() == 1 && ty.args[0].name == "T" && ty.args[0].args.is_empty(),
                    "`list<T>`",
                ),
                Role::HasNext => (plain("bool"), "`bool` or `bool?`"),
            };
            if !expected_ok {
                self.error(
                    Diagnostic::new(ty.span, format!("the `{}` field must have type {expected}", role.value.name()))
                        .label(format!("role `{}` here", role.value.name()))
                        .hint(format!("change the type to {expected}, or give the field another role")),
                );
            }
        }
        let holds_payload =
            |field: &FieldDef| matches!(field.role.as_ref().map(|role| role.value), Some(Role::Value | Role::Items));
        if let Some(field) = fields.iter().find(|field| !holds_payload(field) && mentions_param(&field.ty)) {
            self.error(
                Diagnostic::new(field.ty.span, "only the `value` or `items` field of an envelope may use `T`")
                    .hint("add `role: value` (or `role: items` for a page's `list<T>`) to this field"),
            );
        }
        let index = |role: Role| found[role as usize].map(|(index, _)| index);
        let roles = EnvelopeRoles {
            success: index(Role::Success),
            value: index(Role::Value),
            status: index(Role::Status),
            message: index(Role::Message),
            errors: index(Role::Errors),
            items: index(Role::Items),
            has_next: index(Role::HasNext),
        };
        if roles.success.is_none() && roles.value.is_none() && roles.items.is_none() {
            self.error(
                Diagnostic::new(def.name.span, format!("envelope `{}` has no field for its payload or its outcome", def.name.value))
                    .hint("mark the fields: `WasSuccessful: { type: bool, role: success }`, `Value: { type: T, role: value }`, or a page's `Records: { type: list<T>, role: items }`"),
            );
        }
        if roles.items.is_some() != roles.has_next.is_some() {
            self.error(
                Diagnostic::new(def.name.span, format!("envelope `{}` is a page, but says only half of it", def.name.value))
                    .hint("a page needs both `role: items` (its `list<T>`) and `role: has_next` (whether another page follows)"),
            );
        }
        roles
    }

    fn enum_variants(&mut self, values: &[EnumValueDef]) -> Vec<EnumVariant> {
        let mut taken: HashMap<String, Span> = HashMap::new();
        let mut json_values: HashMap<&str, Span> = HashMap::new();
        let mut variants = Vec::with_capacity(values.len());
        for def in values {
            // enum: [parcel-xl]   or   enum: { ParcelXl: parcel-xl }
            let named = def.name.as_ref().unwrap_or(&def.value);
            let rust_name = enum_variant_name(def);
            if !ident::is_valid(&rust_name) {
                self.error(
                    Diagnostic::new(named.span, format!("no Rust variant name can be derived from `{}`", named.value))
                        .hint(if def.name.is_some() {
                            "a variant name needs ASCII letters"
                        } else {
                            "name the variants: `enum: { Plus: \"+\", Minus: \"-\" }`"
                        }),
                );
            }
            if let Some(&first) = json_values.get(def.value.value.as_str()) {
                self.error(
                    Diagnostic::new(
                        def.value.span,
                        format!("`{}` is the value of another variant too", def.value.value),
                    )
                    .related(first, "this one")
                    .hint("each variant has a value of its own"),
                );
                continue;
            }
            json_values.insert(&def.value.value, def.value.span);
            if let Some(&first) = taken.get(&rust_name) {
                self.error(
                    Diagnostic::new(
                        named.span,
                        format!("`{}` becomes the variant `{rust_name}`, like another value", named.value),
                    )
                    .related(first, "this one")
                    .hint(if def.name.is_some() {
                        "names that differ only in case or punctuation cannot be told apart in Rust"
                    } else {
                        "values that differ only in case or punctuation cannot be told apart in Rust; name the variants: `enum: { Asc: asc, AscUpper: ASC }`"
                    }),
                );
            } else {
                taken.insert(rust_name.clone(), named.span);
            }
            variants.push(EnumVariant { json_name: def.value.value.clone(), rust_name });
        }
        variants
    }

    /// `one_of:`: the variants, named by the spec or after their types, each
    /// of a type that is not optional; in a tagged union each member is a
    /// struct (checked once every type is known) and each tag value is one
    /// member's.
    fn union(&mut self, def: &UnionDef) -> Union {
        let mut names: HashMap<String, Span> = HashMap::new();
        let mut variants = Vec::with_capacity(def.members.len());
        if let Some(tag) = &def.tag
            && tag.value.is_empty()
        {
            self.error(
                Diagnostic::new(tag.span, "a union's `tag` is empty").hint("name the property, such as `tag: kind`"),
            );
        }
        for member in &def.members {
            let ty = member.ty.as_ref().map(|expr| {
                if expr.optional {
                    self.error(
                        Diagnostic::new(expr.span, "a member of a union cannot be optional")
                            .hint("remove the `?`, and make the union optional where it is used: `Shape?`"),
                    );
                }
                self.ty(expr, false)
            });
            let rust_name = match (&member.key, &member.ty) {
                (Some(key), _) => ident::variant(&key.value),
                (None, Some(expr)) => ident::variant(&type_expr_words(expr)),
                (None, None) => String::new(),
            };
            let shown = member
                .key
                .as_ref()
                .map_or_else(|| member.ty.as_ref().map(type_expr_words).unwrap_or_default(), |key| key.value.clone());
            if !ident::is_valid(&rust_name) {
                self.error(
                    Diagnostic::new(member.span, format!("no Rust variant name can be derived from `{shown}`"))
                        .hint("name the variants: `one_of: { Circle: Circle, Square: Square }`"),
                );
            }
            if let Some(&first) = names.get(&rust_name) {
                self.error(
                    Diagnostic::new(
                        member.span,
                        format!("`{shown}` becomes the variant `{rust_name}`, like another member"),
                    )
                    .related(first, "this one")
                    .hint(if def.tag.is_some() {
                        "tag values that differ only in case or punctuation cannot be told apart in Rust"
                    } else {
                        "name the variants: `one_of: { Small: Circle, Large: Circle }`"
                    }),
                );
                continue;
            }
            names.insert(rust_name.clone(), member.span);
            if def.tag.is_some()
                && let Some(ty) = &ty
            {
                self.tagged_members.push((ty.clone(), member.ty.as_ref().map_or(member.span, |expr| expr.span)));
            }
            variants.push(UnionVariant {
                rust_name,
                tag_value: def.tag.as_ref().and(member.key.as_ref()).map(|key| key.value.clone()),
                ty,
                description: member.description.clone(),
            });
        }
        Union { tag: def.tag.as_ref().map(|tag| tag.value.clone()), variants }
    }

    /// The members of a tagged union sit next to the tag in one JSON object:
    /// each must be a struct.
    fn check_tagged_members(&mut self) {
        for (ty, span) in std::mem::take(&mut self.tagged_members) {
            if !self.is_struct(&ty, 0) {
                self.error(
                    Diagnostic::new(span, "a member of a tagged union must be a struct").label("not a struct").hint(
                        "its fields sit next to the tag in one JSON object; without a `tag`, a union takes any types",
                    ),
                );
            }
        }
    }

    fn is_struct(&self, ty: &Ty, depth: usize) -> bool {
        match ty {
            Ty::Named(index) if depth <= self.ir_types.len() => match &self.ir_types[*index].kind {
                TypeKind::Struct(_) => true,
                TypeKind::Alias(inner) => self.is_struct(inner, depth + 1),
                _ => false,
            },
            _ => false,
        }
    }

    /// Each group becomes a module: its name must make one, and two groups
    /// in one parent must not make the same one (`itemGroups` and
    /// `item_groups`). Returns whether the groups are usable.
    fn check_group_names(
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

    /// `A: { alias: B }` with `B: { alias: A }` names no type at all.
    fn check_alias_cycles(&mut self) {
        for start in 0..self.ir_types.len() {
            let mut current = start;
            for _ in 0..self.ir_types.len() {
                let TypeKind::Alias(Ty::Named(next)) = self.ir_types[current].kind else { break };
                // A cycle is reported once, at its first type.
                if next < start {
                    break;
                }
                if next == start {
                    let def = self.types[start].def;
                    self.error(
                        Diagnostic::new(def.name.span, format!("alias `{}` ends up naming itself", def.name.value))
                            .hint("an alias must lead to a type that is not an alias"),
                    );
                    break;
                }
                current = next;
            }
        }
    }

    fn int_variants(&mut self, values: &[(Located<String>, Located<i128>)]) -> Vec<IntVariant> {
        let mut names: HashMap<String, Span> = HashMap::new();
        let mut numbers: HashMap<i64, Span> = HashMap::new();
        let mut variants = Vec::with_capacity(values.len());
        for (name, number) in values {
            let rust_name = ident::variant(&name.value);
            if !ident::is_valid(&rust_name) {
                self.error(
                    Diagnostic::new(name.span, format!("no Rust variant name can be derived from `{}`", name.value))
                        .hint("a variant name needs ASCII letters"),
                );
            }
            if let Some(&first) = names.get(&rust_name) {
                self.error(
                    Diagnostic::new(
                        name.span,
                        format!("`{}` becomes the variant `{rust_name}`, like another value", name.value),
                    )
                    .related(first, "this one")
                    .hint("names that differ only in case or punctuation cannot be told apart in Rust"),
                );
            }
            names.insert(rust_name.clone(), name.span);
            let Ok(value) = i64::try_from(number.value) else {
                self.error(
                    Diagnostic::new(number.span, "an enum value must fit in 64 bits")
                        .hint("integer enum values are signed 64-bit integers"),
                );
                continue;
            };
            if let Some(&first) = numbers.get(&value) {
                self.error(
                    Diagnostic::new(number.span, format!("{value} is the value of another variant too"))
                        .related(first, "this one")
                        .hint("each variant has a value of its own"),
                );
            }
            numbers.insert(value, number.span);
            variants.push(IntVariant { rust_name, value });
        }
        variants
    }

    /// Resolves a type expression. `T` is allowed only in envelope fields.
    fn ty(&mut self, expr: &TypeExpr, in_envelope: bool) -> Ty {
        let base = self.base_ty(expr, in_envelope);
        if expr.optional { Ty::Option(Box::new(base)) } else { base }
    }

    fn base_ty(&mut self, expr: &TypeExpr, in_envelope: bool) -> Ty {
        let arity = |expected: usize| expr.args.len() == expected;
        let primitive = match expr.name.as_str() {
            "bool" => Some(Ty::Bool),
            "i32" => Some(Ty::I32),
            "i64" => Some(Ty::I64),
            "u32" => Some(Ty::U32),
            "u64" => Some(Ty::U64),
            "f32" => Some(Ty::F32),
            "f64" => Some(Ty::F64),
            "string" => Some(Ty::String),
            "date" => Some(Ty::Date),
            "datetime" => Some(Ty::DateTime),
            "uuid" => Some(Ty::Uuid),
            "bytes" => Some(Ty::Bytes),
            "any" => Some(Ty::Any),
            "T" if in_envelope => Some(Ty::Param),
            _ => None,
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
            "list" | "map" => {
                if !arity(1) {
                    self.error(
                        Diagnostic::new(expr.span, format!("`{}` takes one type argument", expr.name))
                            .hint(format!("write `{}<Booking>`", expr.name)),
                    );
                    return Ty::Any;
                }
                let inner = Box::new(self.ty(&expr.args[0], in_envelope));
                return if expr.name == "list" { Ty::List(inner) } else { Ty::Map(inner) };
            }
            "T" => {
                self.error(
                    Diagnostic::new(expr.name_span, "`T` can only be used inside an envelope")
                        .hint("`T` stands for an envelope's payload; outside `envelopes:` name a type"),
                );
                return Ty::Any;
            }
            _ => {}
        }
        let Some(&index) = self.type_index.get(&expr.name) else {
            let candidates: Vec<&str> =
                self.type_index.keys().map(String::as_str).chain(PRIMITIVES.iter().copied()).collect();
            let mut diagnostic = Diagnostic::new(expr.name_span, format!("unknown type `{}`", expr.name))
                .label("not defined in this spec");
            diagnostic = match did_you_mean(&expr.name, candidates) {
                Some(suggestion) => diagnostic.hint(format!("did you mean `{suggestion}`?")),
                None => diagnostic.hint("define it under `types:`, or use a built-in type such as `string` or `i64`"),
            };
            self.error(diagnostic);
            return Ty::Any;
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
                return Ty::Named(index);
            }
            return Ty::Envelope(index, Box::new(self.ty(&expr.args[0], in_envelope)));
        }
        if !arity(0) {
            self.error(
                Diagnostic::new(expr.span, format!("`{}` is not an envelope and takes no type arguments", expr.name))
                    .hint("remove the `<…>`; only envelopes, `list` and `map` take arguments"),
            );
        }
        Ty::Named(index)
    }

    /// A `default:` value, checked against the type it is for: a plain
    /// YAML value of a built-in type, `null` for an optional one, or one of
    /// an enum's values.
    fn default_value(&mut self, node: &Node, ty: &Ty) -> Option<DefaultValue> {
        let value = match (&node.value, ty) {
            (Value::Bool(false), Ty::Bool)
            | (Value::Int(0), Ty::I32 | Ty::I64 | Ty::U32 | Ty::U64 | Ty::F32 | Ty::F64)
            | (Value::Null, Ty::Option(_)) => Some(DefaultValue::TypeDefault),
            (Value::Str(text), Ty::String) if text.is_empty() => Some(DefaultValue::TypeDefault),
            (Value::Seq(items), Ty::List(_)) if items.is_empty() => Some(DefaultValue::TypeDefault),
            (Value::Map(entries), Ty::Map(_)) if entries.is_empty() => Some(DefaultValue::TypeDefault),
            (Value::Bool(value), Ty::Bool) => Some(DefaultValue::Bool(*value)),
            (Value::Int(value), Ty::I32) if i32::try_from(*value).is_ok() => Some(DefaultValue::Int(*value)),
            (Value::Int(value), Ty::I64) if i64::try_from(*value).is_ok() => Some(DefaultValue::Int(*value)),
            (Value::Int(value), Ty::U32) if u32::try_from(*value).is_ok() => Some(DefaultValue::Int(*value)),
            (Value::Int(value), Ty::U64) if u64::try_from(*value).is_ok() => Some(DefaultValue::Int(*value)),
            #[allow(clippy::cast_precision_loss, reason = "a default like `1` for a float is exact")]
            (Value::Int(value), Ty::F32 | Ty::F64) => Some(DefaultValue::Float(*value as f64)),
            // Rust has no literal for a float past `f32::MAX` where the type
            // is `f32` (the YAML and JSON readers reject infinities and NaN).
            #[allow(clippy::cast_possible_truncation, reason = "what is tested is whether it fits")]
            (Value::Float(value), Ty::F32) if (*value as f32).is_finite() => Some(DefaultValue::Float(*value)),
            (Value::Float(value), Ty::F64) if value.is_finite() => Some(DefaultValue::Float(*value)),
            (Value::Str(text), Ty::String) => Some(DefaultValue::Str(text.clone())),
            (Value::Str(text), Ty::Named(index)) => match &self.types[*index].def.kind {
                TypeDefKind::Enum(values) => values
                    .iter()
                    .find(|value| &value.value.value == text)
                    .map(|value| DefaultValue::Variant(enum_variant_name(value))),
                TypeDefKind::IntEnum(values) if values.iter().any(|(name, _)| &name.value == text) => {
                    Some(DefaultValue::Variant(ident::variant(text)))
                }
                _ => None,
            },
            (Value::Int(number), Ty::Named(index)) => match &self.types[*index].def.kind {
                TypeDefKind::IntEnum(values) => values
                    .iter()
                    .find(|(_, value)| value.value == *number)
                    .map(|(name, _)| DefaultValue::Variant(ident::variant(&name.value))),
                _ => None,
            },
            _ => None,
        };
        if value.is_none() {
            let enum_values = match ty {
                Ty::Named(index) => match &self.types[*index].def.kind {
                    TypeDefKind::Enum(values) => {
                        Some(values.iter().map(|value| value.value.value.clone()).collect::<Vec<_>>())
                    }
                    TypeDefKind::IntEnum(values) => {
                        Some(values.iter().map(|(name, number)| format!("{} ({})", name.value, number.value)).collect())
                    }
                    _ => None,
                },
                _ => None,
            };
            let diagnostic = match (enum_values, ty) {
                (Some(values), Ty::Named(index)) => Diagnostic::new(
                    node.span,
                    format!("this default is not a value of the enum `{}`", self.types[*index].def.name.value),
                )
                .hint(format!("its values are: {}", values.join(", "))),
                (_, Ty::F32) if matches!(node.value, Value::Float(_)) => {
                    Diagnostic::new(node.span, "this default is too large for `f32`")
                        .hint("an `f32` is at most 3.4e38: give a smaller default, or make the type `f64`")
                }
                _ => Diagnostic::new(node.span, format!("this default is {}, which does not fit the type", node.kind()))
                    .hint("a default is a plain YAML value of a built-in type (`false`, `25`, `\"asc\"`), `null` for an optional type, or one of an enum's values"),
            };
            self.error(diagnostic);
        }
        value
    }

    fn endpoint(
        &mut self,
        def: &EndpointDef,
        schemes: &HashMap<String, usize>,
        errors: &HashMap<String, &ErrorDef>,
    ) -> Option<Endpoint> {
        let before = self.diagnostics.len();
        let fn_name = match &def.rust_name {
            Some(rust_name) => self.checked_rust_name(rust_name),
            None => ident::snake(&def.name.value),
        };
        if !ident::is_valid(&fn_name) {
            self.error(
                Diagnostic::new(
                    def.name.span,
                    format!("no Rust name can be derived from endpoint `{}`", def.name.value),
                )
                .hint("give it a `rust_name`"),
            );
        }
        let struct_name = ident::camel(&fn_name);
        let method = self.method(&def.method);

        // path: /api/public/bookings/{id}
        let mut params_taken = HashMap::new();
        let path_params: Vec<Param> =
            def.path_params.iter().map(|param| self.param(param, &mut params_taken, Place::Path)).collect();
        let path = self.path(&def.path, &def.path_params);
        let query: Vec<Param> =
            def.query.iter().map(|param| self.param(param, &mut params_taken, Place::Query)).collect();
        let headers: Vec<Param> =
            def.headers.iter().map(|param| self.param(param, &mut params_taken, Place::Header)).collect();

        let body = def.body.as_ref().map(|body| {
            match (method, body.allow_get) {
                (Some(Method::Get), None) => self.error(
                    Diagnostic::new(body.span, "a GET request cannot have a body")
                        .hint("many servers and proxies drop it; send the values as query parameters, or add `allow_get: true` to the body if the server reads one"),
                ),
                (Some(Method::Head), _) => self.error(
                    Diagnostic::new(body.span, "a HEAD request cannot have a body")
                        .hint("many servers and proxies drop it; send the values as query parameters"),
                ),
                (Some(Method::Get), Some(_)) | (_, None) => {}
                (_, Some(allow_get)) => self.error(
                    Diagnostic::new(allow_get, format!("`allow_get` is for GET requests, and this is a {}", def.method.value.to_uppercase()))
                        .hint("remove it: only GET needs leave to carry a body"),
                ),
            }
            if let Some(&first) = params_taken.get("body") {
                self.error(
                    Diagnostic::new(body.span, "the body argument is named `body`, like a parameter of this endpoint")
                        .related(first, "this parameter")
                        .hint("give the parameter a `rust_name`"),
                );
            }
            self.body(body)
        });
        let (response, accept) = self.response(def.response.as_ref());
        let paging = def.paging.as_ref().and_then(|page| self.paging(page, &query, &response));
        let error_cases = self.error_cases(def, errors);
        let auth = match &def.auth {
            None => Auth::Public,
            Some(name) => {
                // auth: customer   or   auth: customer?
                let (scheme, optional) = match name.value.strip_suffix('?') {
                    Some(scheme) => (scheme, true),
                    None => (name.value.as_str(), false),
                };
                match schemes.get(scheme) {
                    Some(&index) if optional => Auth::Optional(index),
                    Some(&index) => Auth::Required(index),
                    None => {
                        let mut diagnostic = Diagnostic::new(name.span, format!("unknown auth scheme `{scheme}`"))
                            .label("not under `auth:`");
                        diagnostic = match did_you_mean(scheme, schemes.keys().map(String::as_str)) {
                            Some(suggestion) => diagnostic.hint(format!("did you mean `{suggestion}`?")),
                            None => diagnostic
                                .hint("declare it under `auth:`, such as `auth: { customer: { bearer: {} } }`"),
                        };
                        self.error(diagnostic);
                        Auth::Public
                    }
                }
            }
        };

        if self.diagnostics.len() != before {
            return None;
        }
        Some(Endpoint {
            error_name: (!error_cases.is_empty()).then(|| format!("{struct_name}Error")),
            fn_name,
            struct_name,
            summary: def.summary.clone(),
            description: def.description.clone(),
            method: method?,
            path_template: def.path.value.clone(),
            path,
            path_params,
            query,
            headers,
            body,
            response,
            errors: error_cases,
            auth,
            accept,
            paging,
            deprecated: def.deprecated.as_ref().map(|deprecated| match &deprecated.value {
                Deprecation::Yes => None,
                Deprecation::Because(reason) => Some(reason.clone()),
            }),
            tags: def.tags.clone(),
            docs_url: def.docs_url.clone(),
        })
    }

    fn method(&mut self, method: &Located<String>) -> Option<Method> {
        let found = Method::ALL.into_iter().find(|candidate| candidate.as_str().eq_ignore_ascii_case(&method.value));
        if found.is_none() {
            self.error(
                Diagnostic::new(method.span, format!("unknown HTTP method `{}`", method.value))
                    .hint("use GET, PUT, POST, DELETE, PATCH, HEAD or OPTIONS"),
            );
        }
        found
    }

    fn param(&mut self, def: &ParamDef, taken: &mut HashMap<String, Span>, place: Place) -> Param {
        let what = match place {
            Place::Path => "path parameter",
            Place::Query => "query parameter",
            Place::Header => "header",
        };
        if place == Place::Header {
            self.check_header_name(&def.name);
        }
        let rust_name = self.member_name(&def.name, def.rust_name.as_ref(), taken, what);
        let ty = self.ty(&def.ty, false);
        let (ty, optional) = match ty {
            Ty::Option(inner) => (*inner, true),
            ty => (ty, false),
        };
        if place == Place::Path && optional {
            self.error(
                Diagnostic::new(def.ty.span, "a path parameter cannot be optional")
                    .hint("every part of a path is needed; remove the `?`"),
            );
        }
        if !self.is_param_type(&ty, place == Place::Query, 0) {
            let hint = match place {
                Place::Path => "structured values cannot go in a path",
                Place::Query => "structured values cannot go in a query string; a `list<…>` of plain values can",
                Place::Header => "a header holds one plain value",
            };
            self.error(
                Diagnostic::new(def.ty.span, format!("a {what} must be a plain value (number, boolean, string, date, uuid), or a newtype or enum of one"))
                    .hint(hint),
            );
        }
        let default = def.default.as_ref().and_then(|node| self.default_value(node, &ty));
        let required = !optional && default.is_none();
        if !required && BUILDER_RESERVED.contains(&rust_name.as_str()) {
            self.error(
                Diagnostic::new(def.name.span, format!("the builder method `{rust_name}` would hide the method of the same name that every endpoint has"))
                    .hint("give the parameter another `rust_name`"),
            );
        }
        Param {
            wire_name: def.name.value.clone(),
            rust_name,
            ty,
            required,
            description: def.description.clone(),
            default,
        }
    }

    /// `paging: page`: the query parameter that selects the page, whose
    /// response is an envelope with `items` and `has_next` roles.
    fn paging(&mut self, page: &Located<String>, query: &[Param], response: &Response) -> Option<Paging> {
        let Some(param) = query.iter().position(|param| param.wire_name == page.value) else {
            let mut diagnostic =
                Diagnostic::new(page.span, format!("`paging` names `{}`, which is not a query parameter", page.value));
            diagnostic = match did_you_mean(&page.value, query.iter().map(|param| param.wire_name.as_str())) {
                Some(suggestion) => diagnostic.hint(format!("did you mean `{suggestion}`?")),
                None => diagnostic.hint("`paging` names the query parameter that selects the page, such as `page`"),
            };
            self.error(diagnostic);
            return None;
        };
        if !matches!(query[param].ty, Ty::I32 | Ty::I64 | Ty::U32 | Ty::U64) {
            self.error(
                Diagnostic::new(page.span, format!("the page parameter `{}` must be an integer", page.value))
                    .hint("pages are numbered: give it `type: i32`"),
            );
        }
        if !query[param].required && query[param].default.is_none() {
            self.error(
                Diagnostic::new(page.span, format!("the page parameter `{}` needs a `default`", page.value)).hint(
                    "the next page is the default's successor when the caller sets none: `{ type: i32, default: 1 }`",
                ),
            );
        }
        let page_of = match response {
            Response::Json(Ty::Envelope(index, item)) | Response::Enveloped(Ty::Envelope(index, item)) => {
                match &self.ir_types[*index].kind {
                    TypeKind::Envelope { fields, roles } => roles.items.zip(roles.has_next).map(|(items, has_next)| {
                        (fields[items].rust_name.clone(), fields[has_next].rust_name.clone(), (**item).clone())
                    }),
                    _ => None,
                }
            }
            _ => None,
        };
        let Some((items, has_next, item)) = page_of else {
            self.error(
                Diagnostic::new(page.span, "a paged endpoint's response must be a page: an envelope with `items` and `has_next` roles")
                    .hint("declare a page envelope, such as `ApiListResult: { fields: { Records: { type: list<T>, role: items }, HasNextPage: { type: bool?, role: has_next } } }`, and answer with `ApiListResult<Booking>`"),
            );
            return None;
        };
        Some(Paging { param, items, has_next, item })
    }

    /// `body: NewBooking`, `body: { type: Login, content: form }`,
    /// `body: { type: bytes, content: application/pdf }`.
    fn body(&mut self, body: &spec::BodyDef) -> Body {
        let ty = self.ty(&body.ty, false);
        let (ty, required) = match ty {
            Ty::Option(inner) => (*inner, false),
            ty => (ty, true),
        };
        let content = match (&ty, body.content.as_ref()) {
            (Ty::Bytes, None) => BodyContent::Raw("application/octet-stream".to_owned()),
            (Ty::Bytes, Some(content)) => {
                // A broken media type is reported; the body stays raw.
                self.is_media_type(content);
                BodyContent::Raw(content.value.clone())
            }
            (_, None) => BodyContent::Json,
            (_, Some(content)) if content.value == "json" => BodyContent::Json,
            (_, Some(content)) if content.value == "form" => {
                if !self.is_form_type(&ty) {
                    self.error(
                        Diagnostic::new(body.ty.span, "a form body must be a struct whose fields are plain values, or a tagged union of such structs")
                            .hint("form encoding has no nesting; use a JSON body for nested data"),
                    );
                }
                BodyContent::Form
            }
            // content: application/merge-patch+json
            (_, Some(content)) if is_json_media_type(&content.value) => {
                if self.is_media_type(content) {
                    BodyContent::JsonAs(content.value.clone())
                } else {
                    BodyContent::Json
                }
            }
            (_, Some(content)) => {
                self.error(
                    Diagnostic::new(content.span, format!("unknown body content `{}`", content.value))
                        .hint("write `content: json`, `content: form`, or a JSON media type such as `application/merge-patch+json`; a `bytes` body takes any media type"),
                );
                BodyContent::Json
            }
        };
        Body { ty, required, content, description: body.description.clone() }
    }

    /// A media type such as `application/pdf`, which goes in a header as is.
    fn is_media_type(&mut self, content: &Located<String>) -> bool {
        let valid = content.value.split_once('/').is_some_and(|(kind, subtype)| {
            let token = |part: &str| {
                !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
            };
            token(kind) && (subtype == "*" || token(subtype.split(';').next().unwrap_or_default().trim()))
        });
        if !valid {
            self.error(
                Diagnostic::new(content.span, format!("`{}` is not a media type", content.value))
                    .hint("write a media type such as `application/pdf`"),
            );
        }
        valid
    }

    /// Whether `ty` is a struct of plain (or optional plain) values.
    fn is_form_type(&self, ty: &Ty) -> bool {
        let Ty::Named(index) = ty else { return false };
        match &self.ir_types[*index].kind {
            TypeKind::Struct(fields) => fields.iter().all(|field| {
                let ty = match &field.ty {
                    Ty::Option(inner) => inner,
                    ty => ty,
                };
                self.is_param_type(ty, false, 0)
            }),
            TypeKind::Alias(inner) => self.is_form_type(inner),
            // The tag is one more field next to the member's (an OAuth
            // token endpoint's `grant_type`).
            TypeKind::Union(union) => {
                union.tag.is_some()
                    && union.variants.iter().all(|variant| variant.ty.as_ref().is_none_or(|ty| self.is_form_type(ty)))
            }
            _ => false,
        }
    }

    /// `response: Booking`, `response: bytes`,
    /// `response: { type: bytes, content: application/pdf }`, and the
    /// `Accept` header that goes with it.
    fn response(&mut self, response: Option<&spec::BodyDef>) -> (Response, Option<String>) {
        let Some(response) = response else { return (Response::Empty, None) };
        let ty = self.ty(&response.ty, false);
        let accept = match &response.content {
            // `content: json`, as bodies say it.
            Some(content) if content.value == "json" => Some("application/json".to_owned()),
            Some(content) if self.is_media_type(content) => Some(content.value.clone()),
            Some(_) => None,
            None if ty == Ty::Bytes => Some("*/*".to_owned()),
            None => Some("application/json".to_owned()),
        };
        let checked = |index: usize| matches!(&self.ir_types[index].kind, TypeKind::Envelope { roles, .. } if roles.success.is_some());
        // `response: ActionConfirmation<any?>?`: empty, or an envelope.
        let envelope = match &ty {
            Ty::Option(inner) => &**inner,
            ty => ty,
        };
        let response = match envelope {
            Ty::Bytes if ty == Ty::Bytes => Response::Bytes,
            Ty::Envelope(index, _) | Ty::Named(index) if checked(*index) => Response::Enveloped(ty),
            _ => Response::Json(ty),
        };
        (response, accept)
    }

    /// Whether a value of `ty` can be a path, query or header value: a plain
    /// value, an enum, a newtype of a plain value, an alias of one, or (in
    /// a query) a list of them. Chains of aliases are followed a bounded
    /// number of steps: a cycle of aliases is reported elsewhere.
    fn is_param_type(&self, ty: &Ty, list_allowed: bool, depth: usize) -> bool {
        if depth > self.ir_types.len() {
            return false;
        }
        match ty {
            Ty::Bool
            | Ty::I32
            | Ty::I64
            | Ty::U32
            | Ty::U64
            | Ty::F32
            | Ty::F64
            | Ty::String
            | Ty::Date
            | Ty::DateTime
            | Ty::Uuid
            | Ty::Bytes => true,
            Ty::List(inner) => list_allowed && self.is_param_type(inner, false, depth + 1),
            Ty::Named(index) => match &self.ir_types[*index].kind {
                TypeKind::Enum(_) | TypeKind::IntEnum(_) => true,
                // The newtype's `ParamValue` delegates to its value, which
                // must be one value.
                TypeKind::Newtype(inner) => self.is_param_type(inner, false, depth + 1),
                TypeKind::Alias(inner) => self.is_param_type(inner, list_allowed, depth + 1),
                // An untagged union of plain values (or, in a query, of
                // lists of them) is the value of its member.
                TypeKind::Union(union) => {
                    union.tag.is_none()
                        && union.variants.iter().all(|variant| {
                            variant.ty.as_ref().is_some_and(|ty| self.is_param_type(ty, list_allowed, depth + 1))
                        })
                }
                TypeKind::Struct(_) | TypeKind::Envelope { .. } => false,
            },
            _ => false,
        }
    }

    /// Splits `/api/bookings/{id}` into literals and parameters, checking that
    /// the literals need no encoding and that the parameters match
    /// `path_params:` both ways.
    fn path(&mut self, path: &Located<String>, declared: &[ParamDef]) -> Vec<PathPart> {
        let text = &path.value;
        let at = |start: usize, len: usize| path.text_span(start, len);
        if !text.starts_with('/') {
            self.error(Diagnostic::new(at(0, 1), "a path must start with `/`").hint(format!("write `/{text}`")));
        }
        let mut parts = Vec::new();
        let mut used = vec![false; declared.len()];
        let mut rest = 0;
        while rest < text.len() {
            let Some(open) = text[rest..].find('{').map(|index| rest + index) else {
                self.path_literal(&text[rest..], at(rest, text.len() - rest), &mut parts);
                break;
            };
            if open > rest {
                self.path_literal(&text[rest..open], at(rest, open - rest), &mut parts);
            }
            let Some(close) = text[open..].find('}').map(|index| open + index) else {
                self.error(
                    Diagnostic::new(at(open, 1), "this `{` is never closed")
                        .hint("path parameters are written `{name}`"),
                );
                // The rest of the path is unread: say nothing of unused
                // parameters.
                return parts;
            };
            let name = &text[open + 1..close];
            match declared.iter().position(|param| param.name.value == name) {
                Some(index) => {
                    if used[index] {
                        self.error(
                            Diagnostic::new(
                                at(open, close + 1 - open),
                                format!("`{{{name}}}` appears twice in the path"),
                            )
                            .hint("each path parameter has one place; declare another one for the second"),
                        );
                    }
                    used[index] = true;
                    parts.push(PathPart::Param(index));
                }
                None => {
                    let mut diagnostic =
                        Diagnostic::new(at(open, close + 1 - open), format!("path parameter `{name}` is not declared"))
                            .label("not in `path_params`");
                    diagnostic = match did_you_mean(name, declared.iter().map(|param| param.name.value.as_str())) {
                        Some(suggestion) => {
                            // The typo is the one problem: the declared name
                            // is not also "unused".
                            if let Some(index) = declared.iter().position(|param| param.name.value == suggestion) {
                                used[index] = true;
                            }
                            diagnostic.hint(format!("did you mean `{suggestion}`?"))
                        }
                        None => diagnostic.hint(format!("declare it: `path_params: {{ {name}: i64 }}`")),
                    };
                    self.error(diagnostic);
                }
            }
            rest = close + 1;
        }
        for (param, used) in declared.iter().zip(used) {
            if !used {
                self.error(
                    Diagnostic::new(
                        param.name.span,
                        format!("path parameter `{}` is declared but not in the path", param.name.value),
                    )
                    .related(path.span, "the path")
                    .hint(format!("add `{{{}}}` to the path, or remove the declaration", param.name.value)),
                );
            }
        }
        // Parameters are put in path order, so that constructor arguments
        // follow the path.
        parts
    }

    fn path_literal(&mut self, literal: &str, span: Span, parts: &mut Vec<PathPart>) {
        // Unreserved and sub-delimiter characters, `:`, `@` and `/`: what a
        // path may hold without encoding.
        let allowed = |c: char| c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/".contains(c);
        if let Some((index, bad)) = literal.char_indices().find(|(_, c)| !allowed(*c)) {
            self.error(
                Diagnostic::new(span.sub(index, bad.len_utf8()), format!("`{bad}` cannot be written in a path as is"))
                    .hint(if bad == '?' {
                        "query parameters go under `query:`"
                    } else {
                        "write the path without it, percent-encoded, or as a parameter"
                    }),
            );
        }
        parts.push(PathPart::Literal(literal.to_owned()));
    }

    fn error_cases(&mut self, def: &EndpointDef, errors: &HashMap<String, &ErrorDef>) -> Vec<ErrorCase> {
        let mut cases: Vec<ErrorCase> = Vec::new();
        let mut places: Vec<Span> = Vec::new();
        for error_ref in &def.errors {
            let (error_def, span) = match error_ref {
                ErrorRef::Named(name) => match errors.get(&name.value) {
                    Some(error_def) => (*error_def, name.span),
                    None => {
                        let mut diagnostic = Diagnostic::new(name.span, format!("unknown error `{}`", name.value))
                            .label("not under `errors:`");
                        diagnostic = match did_you_mean(&name.value, errors.keys().map(String::as_str)) {
                            Some(suggestion) => diagnostic.hint(format!("did you mean `{suggestion}`?")),
                            None => diagnostic.hint("declare it under the top-level `errors:`, or write it inline: `{ name: Conflict, status: 409 }`"),
                        };
                        self.error(diagnostic);
                        continue;
                    }
                },
                ErrorRef::Inline(inline) => (inline, inline.name.span),
            };
            let rust_name = ident::camel(&error_def.name.value);
            if !ident::is_valid(&rust_name) {
                self.error(
                    Diagnostic::new(
                        span,
                        format!("no Rust variant name can be derived from error `{}`", error_def.name.value),
                    )
                    .hint("name errors with ASCII letters, such as `NotFound`"),
                );
            }
            let status = match error_ref {
                // A named error's status was checked where it is defined.
                ErrorRef::Named(_) => status_of(error_def.status.value),
                ErrorRef::Inline(inline) => self.check_status(&inline.status),
            };
            if let Some(index) = cases.iter().position(|case| case.status == status) {
                self.error(
                    Diagnostic::new(
                        span,
                        format!(
                            "`{}` has status {}, like another error of this endpoint",
                            error_def.name.value, status
                        ),
                    )
                    .related(places[index], "this one")
                    .hint("a response status must map to one documented error; merge them into one"),
                );
                continue;
            }
            if let Some(index) = cases.iter().position(|case| case.rust_name == rust_name) {
                self.error(
                    Diagnostic::new(
                        span,
                        format!(
                            "`{}` becomes the variant `{rust_name}`, like another error of this endpoint",
                            error_def.name.value
                        ),
                    )
                    .related(places[index], "this one")
                    .hint("rename one of the errors"),
                );
                continue;
            }
            let body = error_def.body.as_ref().map(|body| self.ty(body, false));
            places.push(span);
            cases.push(ErrorCase {
                rust_name,
                spec_name: error_def.name.value.clone(),
                status,
                description: error_def.description.clone(),
                body,
            });
        }
        cases
    }
}

/// Whether a media type is JSON: `application/json`, `application/…+json`.
fn is_json_media_type(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

/// Methods every endpoint struct has (from `Endpoint`, `Paged`, `Clone`
/// and `Debug`): an optional parameter's builder method of the same name
/// would hide them.
const BUILDER_RESERVED: &[&str] =
    &["decode", "to_request", "write_request", "info", "next_page", "into_items", "clone", "clone_from", "fmt"];

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Path,
    Query,
    Header,
}

/// Names taken in one generated module of endpoints.
#[derive(Default)]
struct ModuleNames {
    endpoints: HashMap<String, Span>,
    functions: HashMap<String, Span>,
    types: HashMap<String, Span>,
}

fn path_of(def: &EndpointDef) -> String {
    def.groups.iter().map(|group| group.value.as_str()).chain([def.name.value.as_str()]).collect::<Vec<_>>().join(".")
}

/// The group for `path`, created on first use.
fn group_for<'g>(root: &'g mut Group, path: &[Located<String>]) -> &'g mut Group {
    let mut group = root;
    for name in path {
        let index = match group.groups.iter().position(|child| child.spec_name == name.value) {
            Some(index) => index,
            None => {
                group.groups.push(Group {
                    rust_name: ident::snake(&name.value),
                    spec_name: name.value.clone(),
                    groups: Vec::new(),
                    endpoints: Vec::new(),
                });
                group.groups.len() - 1
            }
        };
        group = &mut group.groups[index];
    }
    group
}

fn mentions_param(expr: &TypeExpr) -> bool {
    expr.name == "T" || expr.args.iter().any(mentions_param)
}

/// The Rust variant of a string enum's value: its name in the map form, or
/// the value itself.
fn enum_variant_name(def: &EnumValueDef) -> String {
    ident::variant(&def.name.as_ref().unwrap_or(&def.value).value)
}

/// A union member's variant name in the list form, from its type:
/// `Circle` → `Circle`, `list<Booking>` → `ListBooking`.
fn type_expr_words(expr: &TypeExpr) -> String {
    let mut words = ident::camel(&expr.name);
    for arg in &expr.args {
        words.push_str(&type_expr_words(arg));
    }
    words
}

/// The statuses of a named error, whose `status` was checked where it is
/// defined.
fn status_of(status: StatusDef) -> ErrorStatus {
    match status {
        StatusDef::Code(code) => ErrorStatus::Code(u16::try_from(code).unwrap_or(0)),
        StatusDef::Class(class) => ErrorStatus::Class(class),
        StatusDef::Default => ErrorStatus::Default,
    }
}

/// Boxes the fields through which a type would contain itself by value
/// (directly, or through other structs, newtypes, aliases and options), so
/// that every generated type has a finite size. Lists and maps already
/// allocate, so a path through one needs no box.
fn box_recursive_fields(types: &mut [TypeDef]) {
    for index in 0..types.len() {
        let member_count = match &types[index].kind {
            TypeKind::Struct(fields) | TypeKind::Envelope { fields, .. } => fields.len(),
            // A union holds its variant's value inline, as a struct its fields.
            TypeKind::Union(union) => union.variants.len(),
            _ => continue,
        };
        for member in 0..member_count {
            let Some(ty) = member_ty(&mut types[index], member) else { continue };
            let reaches_self = by_value_types(ty)
                .into_iter()
                .any(|start| contains_by_value(types, start, index, &mut vec![false; types.len()]));
            if reaches_self && let Some(ty) = member_ty(&mut types[index], member) {
                *ty = boxed(std::mem::replace(ty, Ty::Any));
            }
        }
    }
}

/// The type of a struct's field or a union's variant, by index.
fn member_ty(def: &mut TypeDef, member: usize) -> Option<&mut Ty> {
    match &mut def.kind {
        TypeKind::Struct(fields) | TypeKind::Envelope { fields, .. } => Some(&mut fields[member].ty),
        TypeKind::Union(union) => union.variants[member].ty.as_mut(),
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

/// Marks each type with the traits its uses need: `Serialize` for bodies,
/// `Deserialize` for responses and error bodies, `ParamValue` for
/// parameters; and whatever those types contain, transitively. A type no
/// endpoint uses gets both serde traits, since a user may use it either way.
fn mark_usage(types: &mut [TypeDef], root: &Group) {
    fn visit(group: &Group, types: &mut [TypeDef]) {
        for endpoint in &group.endpoints {
            if let Some(body) = &endpoint.body {
                mark(types, &body.ty, |usage| &mut usage.serialize);
            }
            match &endpoint.response {
                Response::Json(ty) | Response::Enveloped(ty) => mark(types, ty, |usage| &mut usage.deserialize),
                Response::Empty | Response::Bytes => {}
            }
            for body in endpoint.errors.iter().filter_map(|error| error.body.as_ref()) {
                mark(types, body, |usage| &mut usage.deserialize);
            }
            for param in endpoint.path_params.iter().chain(&endpoint.query).chain(&endpoint.headers) {
                mark(types, &param.ty, |usage| &mut usage.param);
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
