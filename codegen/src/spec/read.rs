//! YAML nodes → the spec model, checking shapes and keys.
//!
//! Every problem is recorded and reading goes on, so that one run reports
//! them all.

use super::{
    AuthKind, AuthScheme, BodyDef, Deprecation, EndpointDef, EnumValueDef, ErrorDef, ErrorRef, FieldDef, Located,
    ParamDef, Role, SpecFile, StatusDef, TypeDef, TypeDefKind, TypeExpr, UnionDef, UnionMemberDef,
};
use crate::diagnostic::{Diagnostic, Span, did_you_mean};
use crate::yaml::{Node, Value};

/// Reads one file's node tree. Problems go to `diagnostics`; the model holds
/// whatever could be read. Only the root file must have a `name`; included
/// files may leave it out.
pub(crate) fn read(root: &Node, is_root: bool, diagnostics: &mut Vec<Diagnostic>) -> SpecFile {
    let mut reader = Reader { diagnostics };
    reader.spec_file(root, is_root)
}

struct Reader<'d> {
    diagnostics: &'d mut Vec<Diagnostic>,
}

/// The entries of a YAML map, as an object with a fixed set of keys: the
/// keys read are marked, and the rest are reported as unknown when done.
struct Keys<'n> {
    entries: &'n [(Node, Node)],
    read: Vec<bool>,
    what: &'static str,
    allowed: &'static [&'static str],
}

impl<'n> Keys<'n> {
    /// The value of `key`, marking it read. A key that is not allowed here
    /// is never read, so that `finish` reports it.
    fn get(&mut self, key: &str) -> Option<&'n Node> {
        if !self.allowed.contains(&key) {
            return None;
        }
        let index = self.entries.iter().position(|(name, _)| name.as_str() == Some(key))?;
        self.read[index] = true;
        Some(&self.entries[index].1)
    }

    fn key_span(&self, key: &str) -> Option<Span> {
        self.entries.iter().find(|(name, _)| name.as_str() == Some(key)).map(|(name, _)| name.span)
    }
}

impl Reader<'_> {
    fn error(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// `node` as a map with the given keys, or `None` (reported) when it is
    /// not a map.
    fn keys<'n>(&mut self, node: &'n Node, what: &'static str, allowed: &'static [&'static str]) -> Option<Keys<'n>> {
        match &node.value {
            Value::Map(entries) => Some(Keys { entries, read: vec![false; entries.len()], what, allowed }),
            _ => {
                self.error(
                    Diagnostic::new(node.span, format!("{what} must be a map, not {}", node.kind()))
                        .label("expected a map")
                        .hint(format!("the keys of {what} are: {}", allowed.join(", "))),
                );
                None
            }
        }
    }

    /// Reports the keys of `keys` that were not read.
    fn finish(&mut self, keys: &Keys<'_>) {
        for ((name, _), read) in keys.entries.iter().zip(&keys.read) {
            if *read {
                continue;
            }
            let Some(text) = name.as_str() else {
                self.error(Diagnostic::new(name.span, format!("keys of {} must be strings", keys.what)).hint(format!(
                    "the keys of {} are: {}",
                    keys.what,
                    keys.allowed.join(", ")
                )));
                continue;
            };
            let mut diagnostic =
                Diagnostic::new(name.span, format!("unknown key `{text}` in {}", keys.what)).label("unknown key");
            diagnostic = match did_you_mean(text, keys.allowed.iter().copied()) {
                Some(suggestion) => diagnostic.hint(format!("did you mean `{suggestion}`?")),
                // `{ description: Missing, expired, or invalid. }`: YAML ends a
                // plain value at `, ` inside braces, so the rest reads as keys.
                None if text.contains(' ') || text.ends_with('.') => diagnostic.hint(
                    "this looks like the rest of a text cut at a comma: inside `{ … }` a plain value ends at `, `, so quote it",
                ),
                None => diagnostic.hint(format!("the keys of {} are: {}", keys.what, keys.allowed.join(", "))),
            };
            self.error(diagnostic);
        }
    }

    /// The entries of a map whose keys are names chosen by the author
    /// (`types:`, `query:`), each key a string.
    fn named_entries<'n>(&mut self, node: &'n Node, what: &'static str) -> Vec<(Located<String>, &'n Node)> {
        let Value::Map(entries) = &node.value else {
            if node.value != Value::Null {
                self.error(
                    Diagnostic::new(node.span, format!("{what} must be a map of names, not {}", node.kind()))
                        .label("expected a map")
                        .hint("write one `Name: …` entry per line under it"),
                );
            }
            return Vec::new();
        };
        let mut named = Vec::with_capacity(entries.len());
        for (key, value) in entries {
            match &key.value {
                Value::Str(name) if !name.is_empty() => {
                    named.push((Located { value: name.clone(), span: key.span }, value));
                }
                Value::Str(_) => self.error(
                    Diagnostic::new(key.span, format!("a name in {what} is empty"))
                        .hint("give it a name, or remove the entry"),
                ),
                _ => self.error(
                    Diagnostic::new(key.span, format!("the names in {what} must be strings, not {}", key.kind()))
                        .hint("quote the name if it looks like a number or a boolean: `\"404\": …`"),
                ),
            }
        }
        named
    }

    fn string(&mut self, node: &Node, what: &str) -> Option<Located<String>> {
        match &node.value {
            Value::Str(text) => Some(Located { value: text.clone(), span: node.span }),
            _ => {
                let hint = match node.value {
                    Value::Int(_) | Value::Float(_) | Value::Bool(_) | Value::Null => {
                        "quote it to make it a string: `\"…\"`"
                    }
                    _ => "write a single value here",
                };
                self.error(
                    Diagnostic::new(node.span, format!("{what} must be a string, not {}", node.kind()))
                        .label("expected a string")
                        .hint(hint),
                );
                None
            }
        }
    }

    fn optional_string(&mut self, keys: &mut Keys<'_>, key: &str) -> Option<String> {
        let node = keys.get(key)?;
        let what = format!("`{key}`");
        self.string(node, &what).map(|text| text.value)
    }

    fn optional_located(&mut self, keys: &mut Keys<'_>, key: &str) -> Option<Located<String>> {
        let node = keys.get(key)?;
        let what = format!("`{key}`");
        self.string(node, &what)
    }

    fn type_expr(&mut self, node: &Node, what: &str) -> Option<TypeExpr> {
        let text = self.string(node, what)?;
        match TypeExpr::parse(&text) {
            Ok(expr) => Some(expr),
            Err(diagnostic) => {
                self.error(diagnostic);
                None
            }
        }
    }

    fn flag(&mut self, keys: &mut Keys<'_>, key: &str) -> bool {
        match keys.get(key) {
            None => false,
            Some(Node { value: Value::Bool(value), .. }) => *value,
            Some(node) => {
                self.error(
                    Diagnostic::new(node.span, format!("`{key}` must be true or false, not {}", node.kind()))
                        .hint(format!("write `{key}: true`")),
                );
                false
            }
        }
    }

    fn spec_file(&mut self, root: &Node, is_root: bool) -> SpecFile {
        const KEYS: &[&str] = &[
            "spec",
            "name",
            "title",
            "description",
            "base_url",
            "auth",
            "envelopes",
            "types",
            "errors",
            "endpoints",
            "include",
        ];
        let mut spec = SpecFile::default();
        let Some(mut keys) = self.keys(root, "a spec file", KEYS) else {
            return spec;
        };
        match keys.get("spec") {
            Some(Node { value: Value::Int(1), .. }) => {}
            Some(node) => self.error(
                Diagnostic::new(node.span, "unsupported spec format version")
                    .label("expected 1")
                    .hint("this version of endpointgen reads `spec: 1`"),
            ),
            None => self.error(
                Diagnostic::new(root.span.sub(0, 0), "the spec format version is missing")
                    .hint("start the file with `spec: 1`"),
            ),
        }
        spec.name = self.optional_located(&mut keys, "name");
        if is_root && spec.name.is_none() && keys.get("name").is_none() {
            self.error(
                Diagnostic::new(root.span.sub(0, 0), "the spec has no `name`")
                    .hint("add `name: portal`: it names the generated file and the docs"),
            );
        }
        if let Some(node) = keys.get("include") {
            spec.includes = self.string_list(node, "`include`", "write `include: [bookings.yaml]`");
        }
        spec.title = self.optional_string(&mut keys, "title");
        spec.description = self.optional_string(&mut keys, "description");
        spec.base_url = self.optional_located(&mut keys, "base_url");
        if let Some(node) = keys.get("auth") {
            for (name, scheme) in self.named_entries(node, "`auth`") {
                spec.auth.extend(self.auth_scheme(name, scheme));
            }
        }
        if let Some(node) = keys.get("envelopes") {
            for (name, def) in self.named_entries(node, "`envelopes`") {
                spec.envelopes.extend(self.type_def(name, def, true));
            }
        }
        if let Some(node) = keys.get("types") {
            for (name, def) in self.named_entries(node, "`types`") {
                spec.types.extend(self.type_def(name, def, false));
            }
        }
        if let Some(node) = keys.get("errors") {
            for (name, def) in self.named_entries(node, "`errors`") {
                spec.errors.extend(self.error_def(name, def));
            }
        }
        if let Some(node) = keys.get("endpoints") {
            self.group(node, &mut Vec::new(), &mut spec.endpoints);
        }
        self.finish(&keys);
        spec
    }

    fn auth_scheme(&mut self, name: Located<String>, node: &Node) -> Option<AuthScheme> {
        const KEYS: &[&str] = &["bearer", "api_key", "description"];
        const API_KEY_KEYS: &[&str] = &["header"];
        let mut keys = self.keys(node, "an auth scheme", KEYS)?;
        let description = self.optional_string(&mut keys, "description");
        let bearer = keys.get("bearer").map(|bearer| {
            if !matches!(&bearer.value, Value::Map(options) if options.is_empty()) {
                self.error(Diagnostic::new(bearer.span, "`bearer` takes no options").hint("write `bearer: {}`"));
            }
            bearer.span
        });
        let api_key = keys.get("api_key").and_then(|api_key| {
            let mut options = self.keys(api_key, "`api_key`", API_KEY_KEYS)?;
            let header = options.get("header").and_then(|header| self.string(header, "`header`"));
            if header.is_none() && options.key_span("header").is_none() {
                self.error(
                    Diagnostic::new(api_key.span, "an `api_key` scheme needs the `header` it is sent in")
                        .hint("write `api_key: { header: X-Api-Key }`"),
                );
            }
            self.finish(&options);
            header.map(|header| (api_key.span, header))
        });
        self.finish(&keys);
        let kind = match (bearer, api_key) {
            (Some(_), None) => AuthKind::Bearer,
            (None, Some((_, header))) => AuthKind::ApiKey { header },
            (Some(_), Some((span, _))) => {
                self.error(
                    Diagnostic::new(span, "an auth scheme is `bearer` or `api_key`, not both")
                        .hint("declare two schemes"),
                );
                return None;
            }
            (None, None) => {
                if keys.key_span("api_key").is_none() {
                    self.error(
                        Diagnostic::new(name.span, format!("auth scheme `{}` does not say what it is", name.value))
                            .hint("write `bearer: {}` for `Authorization: Bearer <token>`, or `api_key: { header: X-Api-Key }`"),
                    );
                }
                return None;
            }
        };
        Some(AuthScheme { name, kind, description })
    }

    /// A list of strings, such as `include:` or `tags:`.
    fn string_list(&mut self, node: &Node, what: &str, hint: &str) -> Vec<Located<String>> {
        match &node.value {
            Value::Seq(items) => items.iter().filter_map(|item| self.string(item, "an item")).collect(),
            _ => {
                self.error(
                    Diagnostic::new(node.span, format!("{what} must be a list of strings, not {}", node.kind()))
                        .hint(hint),
                );
                Vec::new()
            }
        }
    }

    fn type_def(&mut self, name: Located<String>, node: &Node, envelope: bool) -> Option<TypeDef> {
        const TYPE_KEYS: &[&str] =
            &["fields", "newtype", "enum", "alias", "one_of", "tag", "description", "rust_name", "secret"];
        const ENVELOPE_KEYS: &[&str] = &["fields", "description", "rust_name"];
        let (what, allowed) = if envelope { ("an envelope", ENVELOPE_KEYS) } else { ("a type", TYPE_KEYS) };
        let mut keys = self.keys(node, what, allowed)?;
        let description = self.optional_string(&mut keys, "description");
        let rust_name = self.optional_located(&mut keys, "rust_name");
        // `secret: true` hides a newtype's value from `Debug` (a token).
        let secret = keys.key_span("secret");
        let secret = self.flag(&mut keys, "secret").then_some(secret).flatten();
        let mut kinds = Vec::new();
        if let Some(fields) = keys.get("fields") {
            kinds.push(("fields", fields.span, TypeDefKind::Struct(self.fields(fields, envelope))));
        }
        if !envelope {
            if let Some(inner) = keys.get("newtype")
                && let Some(expr) = self.type_expr(inner, "`newtype`")
            {
                kinds.push(("newtype", inner.span, TypeDefKind::Newtype(expr)));
            }
            if let Some(values) = keys.get("enum") {
                kinds.push(("enum", values.span, self.enum_values(values)));
            }
            if let Some(inner) = keys.get("alias")
                && let Some(expr) = self.type_expr(inner, "`alias`")
            {
                kinds.push(("alias", inner.span, TypeDefKind::Alias(expr)));
            }
            let tag = self.optional_located(&mut keys, "tag");
            match keys.get("one_of") {
                Some(members) => {
                    let members_def = self.union_members(members, tag.is_some());
                    kinds.push(("one_of", members.span, TypeDefKind::Union(UnionDef { tag, members: members_def })));
                }
                None => {
                    if let Some(tag) = tag {
                        self.error(
                            Diagnostic::new(tag.span, format!("`{}` has a `tag` but no `one_of`", name.value))
                                .hint("a tag names the property that says which member of a `one_of` a value is"),
                        );
                    }
                }
            }
        }
        self.finish(&keys);
        let mut kinds = kinds.into_iter();
        let Some((first, _, kind)) = kinds.next() else {
            let hint = if envelope {
                "an envelope has `fields:`, one of them `{ type: T, role: value }`"
            } else {
                "write `fields: {…}` for a struct, `newtype: i64`, `enum: [A, B]`, `alias: list<X>` or `one_of: [A, B]`"
            };
            // Report only when nothing at all was found: a kind whose value was
            // broken has been reported already.
            if keys.key_span("newtype").is_none() && keys.key_span("alias").is_none() {
                self.error(
                    Diagnostic::new(name.span, format!("`{}` does not say what kind of type it is", name.value))
                        .hint(hint),
                );
            }
            return None;
        };
        for (other, span, _) in kinds {
            self.error(
                Diagnostic::new(span, format!("`{}` is both `{first}` and `{other}`", name.value))
                    .hint("a type is exactly one of `fields`, `newtype`, `enum`, `alias` and `one_of`"),
            );
        }
        if let Some(span) = secret
            && !matches!(kind, TypeDefKind::Newtype(_))
        {
            self.error(
                Diagnostic::new(span, format!("`secret` is for newtypes; `{}` is a `{first}` type", name.value))
                    .hint("mark the secret fields of a struct with `secret: true` instead"),
            );
        }
        Some(TypeDef { name, rust_name, description, kind, envelope, secret: secret.is_some() })
    }

    /// `one_of: [Circle, Square]` (variant names from the types),
    /// `one_of: { Id: uuid, Name: Name }` (variant names given), or tagged,
    /// `one_of: { circle: Circle, none: null }` (tag values; `null` for a
    /// member with nothing but its tag). A member may also be written
    /// `{ type: Circle, description: … }`.
    fn union_members(&mut self, node: &Node, tagged: bool) -> Vec<UnionMemberDef> {
        const MEMBER_KEYS: &[&str] = &["type", "description"];
        let mut members = Vec::new();
        match &node.value {
            Value::Seq(items) if !tagged => {
                for item in items {
                    if let Some(ty) = self.type_expr(item, "a member of `one_of`") {
                        members.push(UnionMemberDef { key: None, ty: Some(ty), description: None, span: item.span });
                    }
                }
            }
            Value::Seq(_) => self.error(
                Diagnostic::new(node.span, "a tagged `one_of` must be a map from tag values to types")
                    .hint("write `one_of: { circle: Circle, square: Square }`"),
            ),
            Value::Map(_) => {
                for (key, member) in self.named_entries(node, "`one_of`") {
                    let span = key.span;
                    match &member.value {
                        Value::Null if tagged => {
                            members.push(UnionMemberDef { key: Some(key), ty: None, description: None, span });
                        }
                        Value::Map(_) => {
                            let Some(mut keys) = self.keys(member, "a member of `one_of`", MEMBER_KEYS) else {
                                continue;
                            };
                            let ty = keys.get("type").and_then(|ty| self.type_expr(ty, "`type`"));
                            let description = self.optional_string(&mut keys, "description");
                            if keys.key_span("type").is_none() && !tagged {
                                self.error(
                                    Diagnostic::new(key.span, format!("member `{}` has no `type`", key.value))
                                        .hint("write `{ type: Circle }`: only a tagged member may hold nothing"),
                                );
                            }
                            self.finish(&keys);
                            if ty.is_some() || keys.key_span("type").is_none() && tagged {
                                members.push(UnionMemberDef { key: Some(key), ty, description, span });
                            }
                        }
                        _ => {
                            if let Some(ty) = self.type_expr(member, "a member's type") {
                                members.push(UnionMemberDef { key: Some(key), ty: Some(ty), description: None, span });
                            }
                        }
                    }
                }
            }
            _ => self.error(
                Diagnostic::new(node.span, format!("`one_of` must be a list or a map of types, not {}", node.kind()))
                    .hint(
                        "write `one_of: [Circle, Square]`, or `one_of: { Id: uuid, Name: Name }` to name the variants",
                    ),
            ),
        }
        if node.is_empty_collection() {
            self.error(
                Diagnostic::new(node.span, "a `one_of` needs at least one member")
                    .hint("list the types: `one_of: [Circle, Square]`"),
            );
        }
        members
    }

    fn fields(&mut self, node: &Node, envelope: bool) -> Vec<FieldDef> {
        const FIELD_KEYS: &[&str] = &["type", "description", "default", "rust_name", "secret"];
        const ENVELOPE_FIELD_KEYS: &[&str] = &["type", "description", "default", "rust_name", "secret", "role"];
        let allowed = if envelope { ENVELOPE_FIELD_KEYS } else { FIELD_KEYS };
        let mut fields = Vec::new();
        for (json_name, def) in self.named_entries(node, "`fields`") {
            if let Value::Str(_) = def.value {
                // Id: CoworkerId
                if let Some(ty) = self.type_expr(def, "a field's type") {
                    fields.push(FieldDef {
                        json_name,
                        rust_name: None,
                        ty,
                        description: None,
                        default: None,
                        role: None,
                        secret: false,
                    });
                }
                continue;
            }
            let Some(mut keys) = self.keys(def, "a field", allowed) else { continue };
            let ty = match keys.get("type") {
                Some(node) => self.type_expr(node, "`type`"),
                None => {
                    self.error(
                        Diagnostic::new(json_name.span, format!("field `{}` has no `type`", json_name.value))
                            .hint("write `type: string`, say"),
                    );
                    None
                }
            };
            let description = self.optional_string(&mut keys, "description");
            let rust_name = self.optional_located(&mut keys, "rust_name");
            let default = keys.get("default").cloned();
            let secret = self.flag(&mut keys, "secret");
            let role = keys.get("role").and_then(|node| {
                let text = self.string(node, "`role`")?;
                match Role::parse(&text.value) {
                    Some(role) => Some(Located { value: role, span: text.span }),
                    None => {
                        let mut diagnostic = Diagnostic::new(text.span, format!("unknown role `{}`", text.value));
                        diagnostic = match did_you_mean(&text.value, Role::NAMES.iter().copied()) {
                            Some(suggestion) => diagnostic.hint(format!("did you mean `{suggestion}`?")),
                            None => diagnostic.hint(format!("the roles are: {}", Role::NAMES.join(", "))),
                        };
                        self.error(diagnostic);
                        None
                    }
                }
            });
            self.finish(&keys);
            if let Some(ty) = ty {
                fields.push(FieldDef { json_name, rust_name, ty, description, default, role, secret });
            }
        }
        fields
    }

    /// `enum: [Parcel, Letter]` (a string enum),
    /// `enum: { Plus: "+", Minus: "-" }` (a string enum whose variants are
    /// named in the spec) or `enum: { Individual: 1, Company: 2 }` (an
    /// integer enum). The first value of a map says which of the two it is.
    fn enum_values(&mut self, node: &Node) -> TypeDefKind {
        let kind = match &node.value {
            Value::Seq(items) => TypeDefKind::Enum(
                items
                    .iter()
                    .filter_map(|item| self.string(item, "an enum value"))
                    .map(|value| EnumValueDef { name: None, value })
                    .collect(),
            ),
            Value::Map(entries) if entries.first().is_some_and(|(_, value)| matches!(value.value, Value::Str(_))) => {
                let mut values = Vec::new();
                for (name, value) in self.named_entries(node, "`enum`") {
                    match &value.value {
                        Value::Str(text) => values.push(EnumValueDef {
                            name: Some(name),
                            value: Located { value: text.clone(), span: value.span },
                        }),
                        _ => self.error(
                            Diagnostic::new(
                                value.span,
                                format!("the values of a named string enum must be strings, not {}", value.kind()),
                            )
                            .hint(
                                "write `enum: { Plus: \"+\", Minus: \"-\" }`, or `enum: { Individual: 1 }` for numbers",
                            ),
                        ),
                    }
                }
                TypeDefKind::Enum(values)
            }
            Value::Map(_) => {
                let mut values = Vec::new();
                for (name, value) in self.named_entries(node, "`enum`") {
                    match value.value {
                        Value::Int(number) => values.push((name, Located { value: number, span: value.span })),
                        _ => self.error(
                            Diagnostic::new(
                                value.span,
                                format!("an integer enum's values must be integers, not {}", value.kind()),
                            )
                            .hint("write `enum: { Individual: 1, Company: 2 }`"),
                        ),
                    }
                }
                TypeDefKind::IntEnum(values)
            }
            _ => {
                self.error(
                    Diagnostic::new(
                        node.span,
                        format!("`enum` must be a list or a map of values, not {}", node.kind()),
                    )
                    .hint("write `enum: [Parcel, Letter]`, or `enum: { Individual: 1, Company: 2 }` for numbers"),
                );
                TypeDefKind::Enum(Vec::new())
            }
        };
        if node.is_empty_collection() {
            self.error(
                Diagnostic::new(node.span, "an enum needs at least one value")
                    .hint("list the values: `enum: [Parcel, Letter]`"),
            );
        }
        kind
    }

    fn error_def(&mut self, name: Located<String>, node: &Node) -> Option<ErrorDef> {
        const KEYS: &[&str] = &["status", "description", "body"];
        let mut keys = self.keys(node, "an error", KEYS)?;
        let def = self.error_fields(name, &mut keys);
        self.finish(&keys);
        def
    }

    /// The keys an error has wherever it is written.
    fn error_fields(&mut self, name: Located<String>, keys: &mut Keys<'_>) -> Option<ErrorDef> {
        let description = self.optional_string(keys, "description");
        let body = keys.get("body").and_then(|node| self.type_expr(node, "`body`"));
        let status = match keys.get("status") {
            Some(Node { value: Value::Int(status), span }) => {
                Some(Located { value: StatusDef::Code(*status), span: *span })
            }
            Some(Node { value: Value::Str(text), span }) if matches!(text.as_str(), "4XX" | "5XX" | "default") => {
                let status = match text.as_str() {
                    "4XX" => StatusDef::Class(4),
                    "5XX" => StatusDef::Class(5),
                    _ => StatusDef::Default,
                };
                Some(Located { value: status, span: *span })
            }
            Some(node) => {
                let found = match &node.value {
                    Value::Str(text) => format!("the string `{text}`"),
                    _ => node.kind().to_owned(),
                };
                self.error(
                    Diagnostic::new(
                        node.span,
                        format!("an error's `status` must be a number, `4XX`, `5XX` or `default`, not {found}"),
                    )
                    .hint("write `status: 404` (unquoted), or `status: 4XX` for any client error"),
                );
                None
            }
            None => {
                self.error(
                    Diagnostic::new(
                        name.span,
                        if name.value.is_empty() {
                            "this error has no `status`".to_owned()
                        } else {
                            format!("error `{}` has no `status`", name.value)
                        },
                    )
                    .hint("write `status: 404`, say"),
                );
                None
            }
        };
        Some(ErrorDef { name, status: status?, description, body })
    }

    /// A map under `endpoints:`: each entry is an endpoint (a map with a
    /// `method` key) or a group of more entries.
    fn group(&mut self, node: &Node, groups: &mut Vec<Located<String>>, endpoints: &mut Vec<EndpointDef>) {
        let entries = self.named_entries(node, "a group of endpoints");
        if entries.is_empty() && matches!(node.value, Value::Map(_) | Value::Null) {
            self.error(
                Diagnostic::new(node.span, "this group has no endpoints").hint("add an endpoint, or remove the group"),
            );
        }
        for (name, entry) in entries {
            let is_endpoint =
                matches!(&entry.value, Value::Map(keys) if keys.iter().any(|(key, _)| key.as_str() == Some("method")));
            if is_endpoint {
                endpoints.extend(self.endpoint(groups.clone(), name, entry));
            } else if let Value::Map(_) = entry.value {
                groups.push(name);
                self.group(entry, groups, endpoints);
                groups.pop();
            } else {
                self.error(
                    Diagnostic::new(entry.span, format!("`{}` is neither an endpoint nor a group", name.value))
                        .hint("an endpoint is a map with `method` and `path`; a group is a map of endpoints"),
                );
            }
        }
    }

    fn endpoint(&mut self, groups: Vec<Located<String>>, name: Located<String>, node: &Node) -> Option<EndpointDef> {
        const KEYS: &[&str] = &[
            "summary",
            "description",
            "method",
            "path",
            "path_params",
            "query",
            "headers",
            "body",
            "response",
            "errors",
            "auth",
            "deprecated",
            "tags",
            "docs_url",
            "rust_name",
            "paging",
        ];
        let mut keys = self.keys(node, "an endpoint", KEYS)?;
        let summary = self.optional_string(&mut keys, "summary");
        let description = self.optional_string(&mut keys, "description");
        let rust_name = self.optional_located(&mut keys, "rust_name");
        let method = keys.get("method").and_then(|node| self.string(node, "`method`"));
        let path = self.optional_located(&mut keys, "path");
        if path.is_none() && keys.key_span("path").is_none() {
            self.error(
                Diagnostic::new(name.span, format!("endpoint `{}` has no `path`", name.value))
                    .hint("write `path: /api/…`"),
            );
        }
        let path_params =
            keys.get("path_params").map(|node| self.params(node, "`path_params`", false)).unwrap_or_default();
        let query = keys.get("query").map(|node| self.params(node, "`query`", true)).unwrap_or_default();
        let headers = keys.get("headers").map(|node| self.params(node, "`headers`", true)).unwrap_or_default();
        let body = keys.get("body").and_then(|node| self.body(node, "a body", true));
        let response = keys.get("response").and_then(|node| self.body(node, "a response", false));
        let errors = keys.get("errors").map(|node| self.error_refs(node)).unwrap_or_default();
        let auth = self.optional_located(&mut keys, "auth");
        let deprecated = keys.get("deprecated").and_then(|node| match &node.value {
            Value::Bool(true) => Some(Located { value: Deprecation::Yes, span: node.span }),
            Value::Bool(false) => None,
            Value::Str(reason) => Some(Located { value: Deprecation::Because(reason.clone()), span: node.span }),
            _ => {
                self.error(
                    Diagnostic::new(node.span, "`deprecated` must be true, false or a reason")
                        .hint("write `deprecated: \"use list_v2 instead\"`"),
                );
                None
            }
        });
        let tags = keys
            .get("tags")
            .map(|node| self.string_list(node, "`tags`", "write `tags: [bookings]`"))
            .unwrap_or_default()
            .into_iter()
            .map(|tag| tag.value)
            .collect();
        let docs_url = self.optional_string(&mut keys, "docs_url");
        let paging = self.optional_located(&mut keys, "paging");
        self.finish(&keys);
        Some(EndpointDef {
            groups,
            name,
            rust_name,
            summary,
            description,
            method: method?,
            path: path?,
            path_params,
            query,
            headers,
            body,
            response,
            errors,
            auth,
            deprecated,
            tags,
            docs_url,
            paging,
        })
    }

    fn params(&mut self, node: &Node, what: &'static str, may_default: bool) -> Vec<ParamDef> {
        const KEYS: &[&str] = &["type", "description", "default", "rust_name"];
        const PATH_KEYS: &[&str] = &["type", "description", "rust_name"];
        let allowed = if may_default { KEYS } else { PATH_KEYS };
        let mut params = Vec::new();
        for (name, def) in self.named_entries(node, what) {
            if let Value::Str(_) = def.value {
                // coworkerId: CoworkerId
                if let Some(ty) = self.type_expr(def, "a parameter's type") {
                    params.push(ParamDef { name, rust_name: None, ty, description: None, default: None });
                }
                continue;
            }
            let Some(mut keys) = self.keys(def, "a parameter", allowed) else { continue };
            let ty = match keys.get("type") {
                Some(node) => self.type_expr(node, "`type`"),
                None => {
                    self.error(
                        Diagnostic::new(name.span, format!("parameter `{}` has no `type`", name.value))
                            .hint("write `type: i64`, say"),
                    );
                    None
                }
            };
            let description = self.optional_string(&mut keys, "description");
            let rust_name = self.optional_located(&mut keys, "rust_name");
            let default = keys.get("default").cloned();
            self.finish(&keys);
            if let Some(ty) = ty {
                params.push(ParamDef { name, rust_name, ty, description, default });
            }
        }
        params
    }

    /// `body:` or `response:`: a type expression, or
    /// `{ type, description, content }`. What `content` may say depends on
    /// the type, which `validate` knows.
    fn body(&mut self, node: &Node, what: &'static str, request: bool) -> Option<BodyDef> {
        const RESPONSE_KEYS: &[&str] = &["type", "description", "content"];
        const BODY_KEYS: &[&str] = &["type", "description", "content", "allow_get"];
        if let Value::Str(_) = node.value {
            return Some(BodyDef {
                ty: self.type_expr(node, "a type")?,
                description: None,
                content: None,
                allow_get: None,
                span: node.span,
            });
        }
        let mut keys = self.keys(node, what, if request { BODY_KEYS } else { RESPONSE_KEYS })?;
        let allow_get = self.flag(&mut keys, "allow_get").then(|| keys.key_span("allow_get")).flatten();
        let ty = keys.get("type").and_then(|ty| self.type_expr(ty, "`type`"));
        if keys.key_span("type").is_none() {
            self.error(
                Diagnostic::new(node.span, format!("{what} has no `type`")).hint("write `{ type: NewBooking }`"),
            );
        }
        let description = self.optional_string(&mut keys, "description");
        let content = self.optional_located(&mut keys, "content");
        self.finish(&keys);
        Some(BodyDef { ty: ty?, description, content, allow_get, span: node.span })
    }

    fn error_refs(&mut self, node: &Node) -> Vec<ErrorRef> {
        const KEYS: &[&str] = &["name", "status", "description", "body"];
        let Value::Seq(items) = &node.value else {
            self.error(
                Diagnostic::new(node.span, format!("`errors` must be a list, not {}", node.kind()))
                    .hint("write `errors: [Unauthorized, NotFound]`"),
            );
            return Vec::new();
        };
        let mut refs = Vec::new();
        for item in items {
            if let Value::Str(name) = &item.value {
                refs.push(ErrorRef::Named(Located { value: name.clone(), span: item.span }));
                continue;
            }
            let Some(mut keys) = self.keys(item, "an inline error", KEYS) else { continue };
            let name = match keys.get("name") {
                Some(name) => self.string(name, "an error's `name`"),
                None => {
                    self.error(
                        Diagnostic::new(item.span, "an inline error needs a `name`")
                            .hint("write `{ name: Conflict, status: 409 }`"),
                    );
                    None
                }
            };
            // Read the other keys even without a name, so that they are not
            // reported as unknown too.
            let placeholder = Located { value: String::new(), span: item.span };
            let def = self.error_fields(name.clone().unwrap_or(placeholder), &mut keys).filter(|_| name.is_some());
            self.finish(&keys);
            refs.extend(def.map(ErrorRef::Inline));
        }
        refs
    }
}
