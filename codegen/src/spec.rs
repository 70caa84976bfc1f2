//! The spec as written: YAML nodes read into a typed model that keeps every
//! place, checking shapes and keys (not names: that is `validate`'s job).
//!
//! Every problem is recorded and reading goes on, so that one run reports
//! them all.

use crate::diagnostic::{Diagnostic, Span};
use crate::yaml::{Node, Value};

mod type_expr;

pub(crate) use type_expr::TypeExpr;

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Located<T> {
    pub(crate) value: T,
    pub(crate) span: Span,
}

impl Located<String> {
    /// The span of `len` bytes at byte `start` of the text. A quoted
    /// scalar's span starts at its quote, one byte before its text (escapes
    /// aside, which names and paths do not need).
    pub(crate) fn text_span(&self, start: usize, len: usize) -> Span {
        let quoted = self.span.end - self.span.start >= self.value.len() + 2;
        self.span.sub(usize::from(quoted) + start, len)
    }
}

/// One spec file.
#[derive(Debug, Default)]
pub(crate) struct SpecFile {
    pub(crate) name: Option<Located<String>>,
    pub(crate) title: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) base_url: Option<Located<String>>,
    pub(crate) auth: Vec<AuthScheme>,
    pub(crate) envelopes: Vec<TypeDef>,
    pub(crate) types: Vec<TypeDef>,
    pub(crate) errors: Vec<ErrorDef>,
    pub(crate) endpoints: Vec<EndpointDef>,
}

/// `auth: { customer: { bearer: {}, description: … } }`
#[derive(Debug)]
pub(crate) struct AuthScheme {
    pub(crate) name: Located<String>,
    pub(crate) description: Option<String>,
}

/// An entry of `types:` or `envelopes:`.
#[derive(Debug)]
pub(crate) struct TypeDef {
    pub(crate) name: Located<String>,
    pub(crate) rust_name: Option<Located<String>>,
    pub(crate) description: Option<String>,
    pub(crate) kind: TypeDefKind,
    /// Whether it came from `envelopes:` (generic over `T`).
    pub(crate) envelope: bool,
}

#[derive(Debug)]
pub(crate) enum TypeDefKind {
    /// `{ fields: { … } }`
    Struct(Vec<FieldDef>),
    /// `{ newtype: i64 }`
    Newtype(TypeExpr),
    /// `{ enum: [A, B] }`
    Enum(Vec<Located<String>>),
    /// `{ alias: list<Booking> }`
    Alias(TypeExpr),
}

/// A struct or envelope field: `Id: CoworkerId` or `Id: { type: …, … }`.
#[derive(Debug)]
pub(crate) struct FieldDef {
    pub(crate) json_name: Located<String>,
    pub(crate) rust_name: Option<Located<String>>,
    pub(crate) ty: TypeExpr,
    pub(crate) description: Option<String>,
    pub(crate) default: Option<Node>,
    pub(crate) role: Option<Located<Role>>,
    pub(crate) secret: bool,
}

/// What an envelope field says about the outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Success,
    Value,
    Status,
    Message,
    Errors,
}

impl Role {
    pub(crate) const NAMES: &'static [&'static str] = &["success", "value", "status", "message", "errors"];

    fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "success" => Self::Success,
            "value" => Self::Value,
            "status" => Self::Status,
            "message" => Self::Message,
            "errors" => Self::Errors,
            _ => return None,
        })
    }

    pub(crate) fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

/// An entry of `errors:`, or an inline error of an endpoint.
#[derive(Debug)]
pub(crate) struct ErrorDef {
    pub(crate) name: Located<String>,
    pub(crate) status: Located<i128>,
    pub(crate) description: Option<String>,
    pub(crate) body: Option<TypeExpr>,
}

/// An endpoint's `errors:` item.
#[derive(Debug)]
pub(crate) enum ErrorRef {
    /// `errors: [NotFound]`
    Named(Located<String>),
    /// `errors: [{ status: 409, name: Conflict, body: Problem }]`
    Inline(ErrorDef),
}

/// A path, query or header parameter.
#[derive(Debug)]
pub(crate) struct ParamDef {
    pub(crate) name: Located<String>,
    pub(crate) rust_name: Option<Located<String>>,
    pub(crate) ty: TypeExpr,
    pub(crate) description: Option<String>,
    pub(crate) default: Option<Node>,
}

/// `body: NewBooking` or `body: { type: NewBooking?, content: json }`.
#[derive(Debug)]
pub(crate) struct BodyDef {
    pub(crate) ty: TypeExpr,
    pub(crate) description: Option<String>,
    pub(crate) span: Span,
}

/// One endpoint, with the groups it sits in.
#[derive(Debug)]
pub(crate) struct EndpointDef {
    pub(crate) groups: Vec<Located<String>>,
    pub(crate) name: Located<String>,
    pub(crate) rust_name: Option<Located<String>>,
    pub(crate) summary: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) method: Located<String>,
    pub(crate) path: Located<String>,
    pub(crate) path_params: Vec<ParamDef>,
    pub(crate) query: Vec<ParamDef>,
    pub(crate) body: Option<BodyDef>,
    pub(crate) response: Option<TypeExpr>,
    pub(crate) errors: Vec<ErrorRef>,
    pub(crate) auth: Option<Located<String>>,
    pub(crate) deprecated: Option<Located<Deprecation>>,
    pub(crate) tags: Vec<String>,
    pub(crate) docs_url: Option<String>,
}

/// `deprecated: true` or `deprecated: "use list_v2"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Deprecation {
    Yes,
    Because(String),
}

/// Keys of the format that this version reads but cannot generate code
/// for yet: an honest error beats silently dropping them.
const NOT_YET_SUPPORTED: &[&str] = &["include", "headers", "content"];

/// Reads one file's node tree. Problems go to `diagnostics`; the model holds
/// whatever could be read.
pub(crate) fn read(root: &Node, diagnostics: &mut Vec<Diagnostic>) -> SpecFile {
    let mut reader = Reader { diagnostics };
    reader.spec_file(root)
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
    fn get(&mut self, key: &str) -> Option<&'n Node> {
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
                self.error(Diagnostic::new(name.span, format!("keys of {} must be strings", keys.what)));
                continue;
            };
            if NOT_YET_SUPPORTED.contains(&text) {
                self.error(
                    Diagnostic::new(
                        name.span,
                        format!("`{text}` is part of the spec format but not supported by this version yet"),
                    )
                    .label("not supported yet")
                    .hint("see the status section of docs/spec-format.md"),
                );
                continue;
            }
            let mut diagnostic =
                Diagnostic::new(name.span, format!("unknown key `{text}` in {}", keys.what)).label("unknown key");
            diagnostic = match did_you_mean(text, keys.allowed.iter().copied()) {
                Some(suggestion) => diagnostic.hint(format!("did you mean `{suggestion}`?")),
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
                        .label("expected a map"),
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
                _ => self.error(Diagnostic::new(
                    key.span,
                    format!("the names in {what} must be non-empty strings, not {}", key.kind()),
                )),
            }
        }
        named
    }

    fn string(&mut self, node: &Node, what: &str) -> Option<Located<String>> {
        match &node.value {
            Value::Str(text) => Some(Located { value: text.clone(), span: node.span }),
            _ => {
                self.error(
                    Diagnostic::new(node.span, format!("{what} must be a string, not {}", node.kind()))
                        .label("expected a string"),
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
                self.error(Diagnostic::new(node.span, format!("`{key}` must be true or false, not {}", node.kind())));
                false
            }
        }
    }

    fn spec_file(&mut self, root: &Node) -> SpecFile {
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
        if spec.name.is_none() && keys.get("name").is_none() {
            self.error(
                Diagnostic::new(root.span.sub(0, 0), "the spec has no `name`")
                    .hint("add `name: portal`: it names the generated file and the docs"),
            );
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
        const KEYS: &[&str] = &["bearer", "description"];
        let mut keys = self.keys(node, "an auth scheme", KEYS)?;
        let description = self.optional_string(&mut keys, "description");
        match keys.get("bearer") {
            Some(Node { value: Value::Map(options), .. }) if options.is_empty() => {}
            Some(bearer) => {
                self.error(Diagnostic::new(bearer.span, "`bearer` takes no options").hint("write `bearer: {}`"));
            }
            None => self.error(
                Diagnostic::new(name.span, format!("auth scheme `{}` does not say what it is", name.value))
                    .hint("write `bearer: {}` for `Authorization: Bearer <token>`"),
            ),
        }
        self.finish(&keys);
        Some(AuthScheme { name, description })
    }

    fn type_def(&mut self, name: Located<String>, node: &Node, envelope: bool) -> Option<TypeDef> {
        const TYPE_KEYS: &[&str] = &["fields", "newtype", "enum", "alias", "description", "rust_name"];
        const ENVELOPE_KEYS: &[&str] = &["fields", "description", "rust_name"];
        let (what, allowed) = if envelope { ("an envelope", ENVELOPE_KEYS) } else { ("a type", TYPE_KEYS) };
        let mut keys = self.keys(node, what, allowed)?;
        let description = self.optional_string(&mut keys, "description");
        let rust_name = self.optional_located(&mut keys, "rust_name");
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
                kinds.push(("enum", values.span, TypeDefKind::Enum(self.enum_values(values))));
            }
            if let Some(inner) = keys.get("alias")
                && let Some(expr) = self.type_expr(inner, "`alias`")
            {
                kinds.push(("alias", inner.span, TypeDefKind::Alias(expr)));
            }
        }
        self.finish(&keys);
        let mut kinds = kinds.into_iter();
        let Some((first, _, kind)) = kinds.next() else {
            let hint = if envelope {
                "an envelope has `fields:`, one of them `{ type: T, role: value }`"
            } else {
                "write `fields: {…}` for a struct, `newtype: i64`, `enum: [A, B]` or `alias: list<X>`"
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
                    .hint("a type is exactly one of `fields`, `newtype`, `enum` and `alias`"),
            );
        }
        Some(TypeDef { name, rust_name, description, kind, envelope })
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

    fn enum_values(&mut self, node: &Node) -> Vec<Located<String>> {
        let Value::Seq(items) = &node.value else {
            self.error(
                Diagnostic::new(node.span, format!("`enum` must be a list of values, not {}", node.kind()))
                    .hint("write `enum: [Parcel, Letter]`"),
            );
            return Vec::new();
        };
        if items.is_empty() {
            self.error(Diagnostic::new(node.span, "an enum needs at least one value"));
        }
        items.iter().filter_map(|item| self.string(item, "an enum value")).collect()
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
            Some(Node { value: Value::Int(status), span }) => Some(Located { value: *status, span: *span }),
            Some(node) => {
                self.error(
                    Diagnostic::new(node.span, format!("an error's `status` must be a number, not {}", node.kind()))
                        .hint("write `status: 404`"),
                );
                None
            }
            None => {
                self.error(
                    Diagnostic::new(name.span, format!("error `{}` has no `status`", name.value))
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
        let body = keys.get("body").and_then(|node| self.body(node));
        let response = keys.get("response").and_then(|node| self.type_expr(node, "`response`"));
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
        let tags = match keys.get("tags") {
            Some(Node { value: Value::Seq(items), .. }) => {
                items.iter().filter_map(|item| self.string(item, "a tag")).map(|tag| tag.value).collect()
            }
            Some(node) => {
                self.error(
                    Diagnostic::new(node.span, "`tags` must be a list of strings").hint("write `tags: [bookings]`"),
                );
                Vec::new()
            }
            None => Vec::new(),
        };
        let docs_url = self.optional_string(&mut keys, "docs_url");
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
            body,
            response,
            errors,
            auth,
            deprecated,
            tags,
            docs_url,
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

    fn body(&mut self, node: &Node) -> Option<BodyDef> {
        const KEYS: &[&str] = &["type", "description", "content"];
        if let Value::Str(_) = node.value {
            return Some(BodyDef { ty: self.type_expr(node, "`body`")?, description: None, span: node.span });
        }
        let mut keys = self.keys(node, "a body", KEYS)?;
        let ty = keys.get("type").and_then(|ty| self.type_expr(ty, "`type`"));
        if keys.key_span("type").is_none() {
            self.error(Diagnostic::new(node.span, "the body has no `type`").hint("write `body: { type: NewBooking }`"));
        }
        let description = self.optional_string(&mut keys, "description");
        if let Some(content) = keys.get("content")
            && content.as_str() != Some("json")
        {
            self.error(
                Diagnostic::new(content.span, "only `content: json` bodies are supported by this version")
                    .hint("form-encoded bodies are on the roadmap; see docs/spec-format.md"),
            );
        }
        self.finish(&keys);
        Some(BodyDef { ty: ty?, description, span: node.span })
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
            let def = name.and_then(|name| self.error_fields(name, &mut keys));
            self.finish(&keys);
            refs.extend(def.map(ErrorRef::Inline));
        }
        refs
    }
}

/// The closest of `candidates` to `word`, if it is close enough to be a
/// likely typo.
pub(crate) fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|candidate| (edit_distance(&word_lower, &candidate.to_lowercase()), candidate))
        .filter(|(distance, candidate)| *distance <= (candidate.len().max(word.len()) / 3).max(1))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance, in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn suggests_close_keys_only() {
        let keys = ["summary", "description", "method", "path", "query"];
        assert_eq!(did_you_mean("methd", keys), Some("method"));
        assert_eq!(did_you_mean("Query", keys), Some("query"));
        assert_eq!(did_you_mean("descripton", keys), Some("description"));
        assert_eq!(did_you_mean("colour", keys), None);
    }
}
