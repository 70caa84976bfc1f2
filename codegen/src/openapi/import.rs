//! An OpenAPI 3.0 or 3.1 document → the spec model, which then goes through
//! the checks and code generation of every spec.
//!
//! ```text
//! paths./pets/{id}.get (operationId: getPet, tags: [pets])  → endpoints.pets.get_pet
//! components.schemas.Pet (type: object)                     → types.Pet { fields }
//! components.securitySchemes.token (http, bearer)           → auth.token { bearer }
//! responses.4XX ($ref: '#/components/responses/Error')      → errors.ClientError { status: 4XX, body: Error }
//! ```
//!
//! Names come from the document where it has them (operation ids, schema
//! names, titles) and are derived from the place otherwise
//! (`CreateBookingBody`, `ListBookingsResponseItem`), each made unique and
//! a valid Rust name, so that the checks that follow find nothing to say
//! about names. What has no place in the spec format is reported at its
//! place in the document.

use std::collections::{HashMap, HashSet};

use super::{entries, get, get_str, key_text, resolve};
use crate::diagnostic::{Diagnostic, Span};
use crate::ident;
use crate::spec::{
    AuthKind, AuthScheme, BodyDef, Deprecation, EndpointDef, EnumValueDef, ErrorDef, ErrorRef, FieldDef, Located,
    ParamDef, Role, SpecFile, StatusDef, TypeDef, TypeDefKind, TypeExpr, UnionDef, UnionMemberDef,
};
use crate::yaml::{Node, Value};

/// How long a chain of `$ref`s, or how deep a nesting of schemas, is
/// followed before the document is taken to loop.
const MAX_DEPTH: usize = 64;

/// The built-in type names of the spec format (and `T`), which no imported
/// type may take.
const RESERVED: &[&str] = &[
    "bool", "i32", "i64", "u32", "u64", "f32", "f64", "string", "date", "datetime", "uuid", "bytes", "any", "list",
    "map", "T",
];

/// Reads the OpenAPI document `root` into a spec. `default_name` names the
/// API unless the document's `info` has `x-endpointgen-name`.
pub(crate) fn import(root: &Node, default_name: &str, diagnostics: &mut Vec<Diagnostic>) -> SpecFile {
    let mut importer = Importer {
        root,
        diagnostics,
        types: Vec::new(),
        slots: HashMap::new(),
        by_pointer: HashMap::new(),
        taken: HashSet::new(),
        envelopes: HashMap::new(),
        envelope_uses: HashMap::new(),
        nullable: HashSet::new(),
        converted: HashMap::new(),
        pending_defaults: Vec::new(),
        depth: 0,
    };
    importer.document(default_name)
}

/// What a schema is, before it has a name.
enum Converted {
    /// A type expression: a built-in, a list, a map, a reference.
    Expr(TypeExpr),
    /// A type to define, under the name the caller reserved; `true` when
    /// the value may also be `null` (then uses of it are optional).
    Def(TypeDefKind, bool),
    /// Nothing but `null`.
    Null,
}

/// A schema, possibly read without its `$ref` (whose siblings are then a
/// part of an `allOf`) or as one of the types of a type array.
#[derive(Clone, Copy)]
struct Schema<'n> {
    node: &'n Node,
    without_ref: bool,
    /// One type of `type: [string, integer]`.
    only_type: Option<&'n str>,
}

impl<'n> Schema<'n> {
    fn new(node: &'n Node) -> Self {
        Self { node, without_ref: false, only_type: None }
    }

    fn get(&self, key: &str) -> Option<&'n Node> {
        if self.without_ref && key == "$ref" { None } else { get(self.node, key) }
    }

    fn get_str(&self, key: &str) -> Option<&'n str> {
        self.get(key).and_then(Node::as_str)
    }

    fn flag(&self, key: &str) -> bool {
        matches!(self.get(key), Some(Node { value: Value::Bool(true), .. }))
    }

    /// Whether it says more than annotations: keywords that shape the value.
    fn is_structural(&self) -> bool {
        const SHAPING: &[&str] = &[
            "type",
            "properties",
            "additionalProperties",
            "items",
            "allOf",
            "oneOf",
            "anyOf",
            "enum",
            "const",
            "$ref",
            "format",
        ];
        SHAPING.iter().any(|key| self.get(key).is_some())
    }
}

/// A `default` whose fit is decided once every type is known: a field's
/// (by type slot and field index) or a parameter's (by endpoint and index).
struct PendingDefault<'n> {
    at: DefaultAt,
    node: &'n Node,
    /// The value may be `null` (the field's type is optional, not only
    /// absent).
    nullable: bool,
}

enum DefaultAt {
    Field { slot: usize, field: usize },
    Query { endpoint: usize, param: usize },
    Header { endpoint: usize, param: usize },
}

/// An error response of an operation, before it is known whether other
/// operations share it (then it is one of the spec's `errors:`) or not
/// (then it is written inline).
struct ErrorCandidate {
    status: Located<StatusDef>,
    /// `NotFound`, `ClientError`, or the document's `x-endpointgen-error`.
    base_name: String,
    description: Option<String>,
    body: Option<TypeExpr>,
}

impl ErrorCandidate {
    /// What makes two operations' errors one.
    fn key(&self) -> (String, String, Option<String>) {
        let status = match self.status.value {
            StatusDef::Code(code) => code.to_string(),
            StatusDef::Class(class) => format!("{class}XX"),
            StatusDef::Default => "default".to_owned(),
        };
        let body = self.body.as_ref().map(expr_text).unwrap_or_default();
        (format!("{status} {}", self.base_name), body, self.description.clone())
    }
}

/// A generic envelope rebuilt from the schemas an export wrote for each of
/// its payloads (`x-endpointgen-envelope`).
struct EnvelopeInfo {
    /// Whether its fields have been read (from the first schema met).
    defined: bool,
}

struct Importer<'n, 'd> {
    root: &'n Node,
    diagnostics: &'d mut Vec<Diagnostic>,
    /// The types, in order; a slot is `None` while its type is read, and
    /// stays so for a name reserved for a schema that became an expression.
    types: Vec<Option<TypeDef>>,
    /// Type name → slot.
    slots: HashMap<String, usize>,
    /// Schema pointer (`#/components/schemas/Pet`) → its type's name.
    by_pointer: HashMap<String, String>,
    /// The Rust names of types taken so far.
    taken: HashSet<String>,
    /// Envelope name → what is known of it.
    envelopes: HashMap<String, EnvelopeInfo>,
    /// Pointer of a schema an export wrote for an envelope and a payload →
    /// the type expression (`ActionConfirmation<string?>`).
    envelope_uses: HashMap<String, TypeExpr>,
    /// Named types whose schema also allows `null`: a reference to one is
    /// optional.
    nullable: HashSet<String>,
    /// What each schema became, by its place in the document: a schema read
    /// twice (a property of two structs that `allOf` merges) is one type.
    converted: HashMap<(usize, bool, Option<&'n str>), TypeExpr>,
    pending_defaults: Vec<PendingDefault<'n>>,
    /// How deep the schema being read is.
    depth: usize,
}

fn located(value: impl Into<String>, span: Span) -> Located<String> {
    Located { value: value.into(), span }
}

fn builtin(name: &str, span: Span) -> TypeExpr {
    TypeExpr { name: name.to_owned(), name_span: span, span, args: Vec::new(), optional: false }
}

fn generic(name: &str, arg: TypeExpr, span: Span) -> TypeExpr {
    TypeExpr { name: name.to_owned(), name_span: span, span, args: vec![arg], optional: false }
}

fn optional(mut expr: TypeExpr, is_optional: bool) -> TypeExpr {
    expr.optional |= is_optional;
    expr
}

/// A type expression as the spec format writes it: `list<Booking>?`.
pub(crate) fn expr_text(expr: &TypeExpr) -> String {
    let mut text = expr.name.clone();
    if !expr.args.is_empty() {
        text.push('<');
        text.push_str(&expr.args.iter().map(expr_text).collect::<Vec<_>>().join(", "));
        text.push('>');
    }
    if expr.optional {
        text.push('?');
    }
    text
}

/// `ListBooking` for `list<Booking>`: a union member's variant name.
fn expr_words(expr: &TypeExpr) -> String {
    let mut words = ident::camel(&expr.name);
    for arg in &expr.args {
        words.push_str(&expr_words(arg));
    }
    words
}

/// Whether `name` can be a type name of the spec format as it is.
fn is_type_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !RESERVED.contains(&name)
        // What `ident::is_valid(&ident::camel(name))` says of such a name,
        // without building the name: camel case keeps the letters and
        // digits (with a `_` before a leading digit) and drops the rest.
        && name.bytes().any(|byte| byte.is_ascii_alphanumeric())
}

/// The name of an HTTP status: `404` → `NotFound`.
fn status_name(status: StatusDef) -> String {
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

/// Whether a media type is JSON: `application/json`, `…+json`, with or
/// without parameters.
fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json") || essence == "text/json"
}

/// The media type without parameters, lowercase.
fn essence(media_type: &str) -> String {
    media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

/// Makes `name` unique among `taken` by appending `2`, `3`, … (or
/// `separator` and a number), and takes it.
fn unique_in(taken: &mut HashSet<String>, name: String, separator: &str) -> String {
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

impl<'n> Importer<'n, '_> {
    fn error(&mut self, span: Span, message: impl Into<String>, hint: impl Into<String>) {
        self.diagnostics.push(Diagnostic::new(span, message).hint(hint));
    }

    // ---- the document ------------------------------------------------------

    fn document(&mut self, default_name: &str) -> SpecFile {
        let root = self.root;
        let mut spec = SpecFile::default();
        if !matches!(root.value, Value::Map(_)) {
            self.error(
                root.span,
                format!("an OpenAPI document must be a map, not {}", root.kind()),
                "an OpenAPI document starts with `openapi: 3.1.0` and `info:`",
            );
            return spec;
        }
        match (get(root, "openapi"), get(root, "swagger")) {
            (Some(version), _) => match version.as_str() {
                Some(text) if text.starts_with("3.0") || text.starts_with("3.1") => {}
                _ => self.error(
                    version.span,
                    "only OpenAPI 3.0 and 3.1 documents can be imported",
                    "this version of endpointgen reads `openapi: 3.0.x` and `openapi: 3.1.x`",
                ),
            },
            (None, Some(swagger)) => self.error(
                swagger.span,
                "Swagger 2.0 documents cannot be imported",
                "convert the document to OpenAPI 3 first, with swagger2openapi or the Swagger Editor",
            ),
            (None, None) => self.error(
                root.span.sub(0, 0),
                "this is not an OpenAPI document: it has no `openapi` version",
                "an OpenAPI document starts with `openapi: 3.1.0`; a spec of endpointgen's own format is read without `openapi =`",
            ),
        }
        let info = get(root, "info");
        let name = info.and_then(|info| get_str(info, "x-endpointgen-name")).map_or_else(
            || {
                let derived = ident::snake(default_name);
                if ident::is_valid(&derived) { derived } else { "api".to_owned() }
            },
            str::to_owned,
        );
        spec.name = Some(located(name, info.map_or(root.span.sub(0, 0), |info| info.span)));
        spec.title = info.and_then(|info| get_str(info, "title")).map(str::to_owned);
        spec.description = info.and_then(|info| get_str(info, "description")).map(str::to_owned);
        spec.base_url = base_url(root, &mut spec.description);

        self.register_components();
        spec.auth = self.security_schemes();
        self.convert_components();
        let (endpoints, candidates, endpoint_errors) = self.operations(&spec.auth);
        spec.endpoints = endpoints;
        spec.errors = errors(&mut spec.endpoints, &candidates, &endpoint_errors);
        self.settle_defaults(&mut spec.endpoints);
        let (envelopes, types): (Vec<TypeDef>, Vec<TypeDef>) =
            std::mem::take(&mut self.types).into_iter().flatten().partition(|def| def.envelope);
        spec.envelopes = envelopes;
        spec.types = types;
        spec
    }

    // ---- names -------------------------------------------------------------

    /// A unique type name from `hint` (`CreateBookingBody`), taken.
    fn reserve(&mut self, hint: &str) -> String {
        let mut base = ident::camel(hint);
        if !is_type_name(&base) {
            base = format!("Type{base}");
            if !is_type_name(&base) {
                "Type".clone_into(&mut base);
            }
        }
        unique_in(&mut self.taken, base, "")
    }

    fn release(&mut self, name: &str) {
        self.taken.remove(name);
        self.slots.remove(name);
    }

    /// The spec name for a schema named `original` in the document: as it
    /// is when the spec format can take it, else made into one.
    fn type_name_for(&mut self, original: &str) -> String {
        if is_type_name(original) && self.taken.insert(ident::camel(original)) {
            return original.to_owned();
        }
        self.reserve(original)
    }

    // ---- components --------------------------------------------------------

    /// Names every schema under `components.schemas` first, so that
    /// references find them whatever the order, and types keep the
    /// document's order.
    fn register_components(&mut self) {
        let Some(schemas) = get(self.root, "components").and_then(|components| get(components, "schemas")) else {
            return;
        };
        for (key, schema) in entries(schemas) {
            let Some(original) = key_text(key) else { continue };
            let pointer = format!("#/components/schemas/{}", super::escape_token(&original));
            if let Some(envelope) = get_str(schema, "x-endpointgen-envelope") {
                // Written by an export for one payload of a generic envelope:
                // the envelope is a type of its own, by its name.
                if !self.envelopes.contains_key(envelope) {
                    let name = self.type_name_for(envelope);
                    self.envelopes.insert(name, EnvelopeInfo { defined: false });
                }
                continue;
            }
            let name = self.type_name_for(&original);
            self.slots.insert(name.clone(), self.types.len());
            self.types.push(None);
            // A newtype or alias that an export wrote keeps its `?` inside.
            if self.allows_null(schema) && get(schema, "x-endpointgen-kind").is_none() {
                self.nullable.insert(name.clone());
            }
            self.by_pointer.insert(pointer, name);
        }
    }

    fn convert_components(&mut self) {
        let Some(schemas) = get(self.root, "components").and_then(|components| get(components, "schemas")) else {
            return;
        };
        for (key, schema) in entries(schemas) {
            let Some(original) = key_text(key) else { continue };
            let pointer = format!("#/components/schemas/{}", super::escape_token(&original));
            if get(schema, "x-endpointgen-envelope").is_some() {
                self.envelope_use(&pointer, schema);
                continue;
            }
            let Some(name) = self.by_pointer.get(&pointer).cloned() else { continue };
            self.define(&name, key.span, schema);
        }
    }

    /// Reads the schema of a named type into its slot.
    fn define(&mut self, name: &str, span: Span, node: &'n Node) {
        let Some(&slot) = self.slots.get(name) else { return };
        let schema = Schema::new(node);
        let kind = match self.convert(schema, name) {
            Converted::Def(kind, _) => kind,
            Converted::Expr(expr) => match get_str(node, "x-endpointgen-kind") {
                // An export says which it is, `?` included.
                Some("newtype") => TypeDefKind::Newtype(expr),
                Some("alias") => TypeDefKind::Alias(expr),
                // Defined without its `null`: references to it are optional
                // instead (see `nullable`).
                _ if self.nullable.contains(name) => Self::plain_kind(TypeExpr { optional: false, ..expr }),
                _ => Self::plain_kind(expr),
            },
            Converted::Null => TypeDefKind::Alias(optional(builtin("any", node.span), true)),
        };
        let rust_name = get_str(node, "x-endpointgen-rust-name").map(|rust_name| located(rust_name, node.span));
        // A named password string is a secret newtype: its `Debug` hides it.
        let secret = matches!(kind, TypeDefKind::Newtype(_)) && is_secret(node);
        self.types[slot] = Some(TypeDef {
            secret,
            name: located(name, span),
            rust_name,
            description: description(node),
            kind,
            envelope: false,
        });
    }

    /// A named schema that is a type expression: a newtype when it names a
    /// string, number or uuid (so that one cannot be passed for another),
    /// an alias for lists, maps and references.
    fn plain_kind(expr: TypeExpr) -> TypeDefKind {
        if expr.args.is_empty() && !expr.optional && RESERVED.contains(&expr.name.as_str()) && expr.name != "any" {
            TypeDefKind::Newtype(expr)
        } else {
            TypeDefKind::Alias(expr)
        }
    }

    /// The type expression for a schema that an export wrote for one
    /// payload of an envelope (`ActionConfirmation_optional_string` →
    /// `ActionConfirmation<string?>`), defining the envelope from the first
    /// such schema.
    fn envelope_use(&mut self, pointer: &str, node: &'n Node) -> Option<TypeExpr> {
        if let Some(expr) = self.envelope_uses.get(pointer) {
            return Some(expr.clone());
        }
        let envelope = get_str(node, "x-endpointgen-envelope")?;
        let name = self
            .envelopes
            .keys()
            .find(|name| name.as_str() == envelope || ident::camel(name) == ident::camel(envelope))
            .cloned()
            .unwrap_or_else(|| envelope.to_owned());
        let properties = get(node, "properties");
        let required = required_of(node);
        let mut payload = None;
        for (key, property) in properties.map(entries).unwrap_or_default() {
            let role = get_str(property, "x-endpointgen-role").and_then(Role::parse);
            let Some(json_name) = key_text(key) else { continue };
            let schema = Schema::new(property);
            match role {
                Some(Role::Value) => {
                    let expr = self.schema_type(schema, &format!("{name}{}", ident::camel(&json_name)));
                    payload = Some(optional(expr, !required.contains(&json_name)));
                }
                Some(Role::Items) => {
                    let items = get(property, "items").map_or_else(
                        || builtin("any", property.span),
                        |items| self.schema_type(Schema::new(items), &format!("{name}Item")),
                    );
                    payload = Some(items);
                }
                _ => {}
            }
        }
        let expr = match payload {
            Some(payload) => generic(&name, payload, node.span),
            None => builtin(&name, node.span),
        };
        self.envelope_uses.insert(pointer.to_owned(), expr.clone());
        if self.envelopes.get(&name).is_some_and(|info| !info.defined) {
            self.envelopes.insert(name.clone(), EnvelopeInfo { defined: true });
            self.define_envelope(&name, node);
        }
        Some(expr)
    }

    /// An envelope's fields from one of its schemas: the payload's field is
    /// `T` (or `list<T>`), the others as they are.
    fn define_envelope(&mut self, name: &str, node: &'n Node) {
        let slot = self.types.len();
        self.types.push(None);
        self.slots.insert(name.to_owned(), slot);
        let span = node.span;
        let required = required_of(node);
        let mut fields = Vec::new();
        for (key, property) in get(node, "properties").map(entries).unwrap_or_default() {
            let Some(json_name) = key_text(key) else { continue };
            let role = get_str(property, "x-endpointgen-role").and_then(Role::parse);
            let ty = match role {
                Some(Role::Value) => builtin("T", property.span),
                Some(Role::Items) => generic("list", builtin("T", property.span), property.span),
                _ => {
                    let expr = self.schema_type(Schema::new(property), &format!("{name}{}", ident::camel(&json_name)));
                    let nullable = expr.optional;
                    let ty = optional(expr, !required.contains(&json_name));
                    if let Some(default) = get(property, "default") {
                        self.pending_defaults.push(PendingDefault {
                            at: DefaultAt::Field { slot, field: fields.len() },
                            node: default,
                            nullable,
                        });
                    }
                    ty
                }
            };
            fields.push(FieldDef {
                json_name: located(json_name, key.span),
                rust_name: get_str(property, "x-endpointgen-rust-name").map(|text| located(text, property.span)),
                ty,
                description: description(property),
                default: None,
                role: role.map(|role| Located { value: role, span: property.span }),
                secret: is_secret(property),
            });
        }
        self.types[slot] = Some(TypeDef {
            secret: false,
            name: located(name, span),
            rust_name: get_str(node, "x-endpointgen-rust-name").map(|text| located(text, span)),
            description: description(node),
            kind: TypeDefKind::Struct(fields),
            envelope: true,
        });
    }

    // ---- schemas -----------------------------------------------------------

    /// The type expression of a schema, defining a type named after `hint`
    /// when the schema is an object, an enum or a union.
    fn schema_type(&mut self, schema: Schema<'n>, hint: &str) -> TypeExpr {
        let key = (std::ptr::from_ref(schema.node) as usize, schema.without_ref, schema.only_type);
        if let Some(expr) = self.converted.get(&key) {
            return expr.clone();
        }
        let expr = self.new_schema_type(schema, hint);
        self.converted.insert(key, expr.clone());
        expr
    }

    fn new_schema_type(&mut self, schema: Schema<'n>, hint: &str) -> TypeExpr {
        let name = self.reserve(hint);
        // The slot comes before the types made for the schema's parts, so
        // that a struct precedes the types of its fields.
        let slot = self.types.len();
        self.types.push(None);
        self.slots.insert(name.clone(), slot);
        match self.convert(schema, &name) {
            Converted::Expr(expr) => {
                self.release(&name);
                expr
            }
            Converted::Null => {
                self.release(&name);
                optional(builtin("any", schema.node.span), true)
            }
            Converted::Def(kind, nullable) => {
                self.types[slot] = Some(TypeDef {
                    secret: false,
                    name: located(name.clone(), schema.node.span),
                    rust_name: None,
                    description: description(schema.node),
                    kind,
                    envelope: false,
                });
                optional(builtin(&name, schema.node.span), nullable)
            }
        }
    }

    fn convert(&mut self, schema: Schema<'n>, name: &str) -> Converted {
        let node = schema.node;
        match &node.value {
            Value::Map(_) => {}
            Value::Bool(true) => return Converted::Expr(builtin("any", node.span)),
            Value::Bool(false) => {
                self.error(
                    node.span,
                    "the schema `false` matches no value",
                    "no value can be sent or received here; remove the property, or write `{}` for any value",
                );
                return Converted::Expr(builtin("any", node.span));
            }
            _ => {
                self.error(
                    node.span,
                    format!("a schema must be a map, not {}", node.kind()),
                    "write `{ type: string }`, say, or `{}` for any value",
                );
                return Converted::Expr(builtin("any", node.span));
            }
        }
        if self.depth > MAX_DEPTH {
            self.error(
                node.span,
                format!("schemas nest more than {MAX_DEPTH} levels deep here"),
                "name the inner schemas under `components.schemas` and refer to them",
            );
            return Converted::Expr(builtin("any", node.span));
        }
        self.depth += 1;
        self.unsupported_keywords(schema);
        let nullable = schema.flag("nullable");
        let converted = self.convert_shape(schema, name);
        self.depth -= 1;
        match converted {
            Converted::Expr(expr) => Converted::Expr(optional(expr, nullable)),
            Converted::Def(kind, may_be_null) => Converted::Def(kind, may_be_null || nullable),
            Converted::Null => Converted::Null,
        }
    }

    /// Keywords of JSON Schema that no Rust type here can stand for.
    fn unsupported_keywords(&mut self, schema: Schema<'n>) {
        const UNSUPPORTED: &[(&str, &str)] = &[
            ("not", "a type cannot say what a value is not; describe what it is"),
            ("if", "conditional schemas have no Rust type; use `oneOf`"),
            ("prefixItems", "tuples are not supported; use an object"),
            ("patternProperties", "use `additionalProperties` for a map"),
            ("dependentSchemas", "describe each case with `oneOf`"),
            ("$dynamicRef", "use `$ref`"),
        ];
        for (keyword, hint) in UNSUPPORTED {
            if let Some(node) = schema.get(keyword) {
                let key_span = entries(schema.node)
                    .iter()
                    .find(|(key, _)| key.as_str() == Some(keyword))
                    .map_or(node.span, |(key, _)| key.span);
                self.error(key_span, format!("`{keyword}` is not supported in schemas"), *hint);
            }
        }
    }

    fn convert_shape(&mut self, schema: Schema<'n>, name: &str) -> Converted {
        let node = schema.node;
        if let Some(reference) = schema.get("$ref") {
            let mut siblings = schema;
            siblings.without_ref = true;
            if siblings.is_structural() {
                // OpenAPI 3.1: `$ref` with other keywords is both.
                return self.all_of(schema, &[], name);
            }
            return match self.reference(reference) {
                Some(expr) => Converted::Expr(expr),
                None => Converted::Expr(builtin("any", node.span)),
            };
        }
        if get(node, "allOf").is_some() {
            let members = seq(get(node, "allOf"));
            return self.all_of(schema, members, name);
        }
        let one_of = get(node, "oneOf").or_else(|| get(node, "anyOf"));
        if let Some(members_node) = one_of {
            if get(node, "oneOf").is_some() && get(node, "anyOf").is_some() {
                self.error(
                    node.span,
                    "a schema with both `oneOf` and `anyOf` is not supported",
                    "a value is one of several types: list them under one `oneOf`",
                );
            }
            return self.union(schema, seq(Some(members_node)), name);
        }
        if let Some(values) = schema.get("enum") {
            return self.enumeration(schema, values, name);
        }
        if let Some(value) = schema.get("const") {
            return match &value.value {
                Value::Str(text) => Converted::Def(
                    TypeDefKind::Enum(vec![EnumValueDef { name: None, value: located(text.clone(), value.span) }]),
                    false,
                ),
                Value::Null => Converted::Null,
                _ => self.by_type(schema, name),
            };
        }
        self.by_type(schema, name)
    }

    /// A `$ref` to a schema: the named type made for it.
    fn reference(&mut self, reference: &'n Node) -> Option<TypeExpr> {
        let Some(text) = reference.as_str() else {
            self.error(reference.span, "`$ref` must be a string", "write `$ref: '#/components/schemas/Pet'`");
            return None;
        };
        if !text.starts_with('#') {
            self.error(
                reference.span,
                format!("`{text}` refers outside the document, which is not supported"),
                "bundle the document into one file first (`redocly bundle`, say), so that every `$ref` starts with `#`",
            );
            return None;
        }
        if let Some(name) = self.by_pointer.get(text) {
            return Some(optional(builtin(name, reference.span), self.nullable.contains(name)));
        }
        let Some(target) = resolve(self.root, text) else {
            self.error(
                reference.span,
                format!("`{text}` refers to no place in the document"),
                "check the spelling; `~1` stands for `/` and `~0` for `~` in a JSON pointer",
            );
            return None;
        };
        if get(target, "x-endpointgen-envelope").is_some() {
            return self.envelope_use(text, target);
        }
        // A schema somewhere else in the document (a property of another
        // schema, say): a named type too, so that a reference to itself
        // ends.
        let last = text.rsplit('/').next().unwrap_or("Type");
        let name = self.reserve(&last.replace("~1", "_").replace("~0", "_"));
        self.by_pointer.insert(text.to_owned(), name.clone());
        self.slots.insert(name.clone(), self.types.len());
        self.types.push(None);
        let nullable = self.allows_null(target);
        if nullable {
            self.nullable.insert(name.clone());
        }
        self.define(&name, reference.span, target);
        Some(optional(builtin(&name, reference.span), nullable))
    }

    /// `allOf` (and `$ref` with siblings): one member is that member; more
    /// are merged into one struct. Members that say nothing about the value
    /// (`{}`, a description) are left out.
    fn all_of(&mut self, schema: Schema<'n>, members: &'n [Node], name: &str) -> Converted {
        let node = schema.node;
        let reference = schema.get("$ref");
        let members: Vec<&'n Node> = members.iter().filter(|member| !is_trivial(member)).collect();
        let own_choice = ["oneOf", "anyOf"]
            .iter()
            .filter_map(|key| get(node, key))
            .any(|choice| !seq(Some(choice)).iter().all(is_trivial));
        if own_choice && (reference.is_some() || !members.is_empty()) {
            self.error(
                node.span,
                "a schema with both `allOf` and `oneOf` (or `anyOf`) is not supported",
                "write the choice as a `oneOf` whose members each hold the common part",
            );
            return Converted::Expr(builtin("any", node.span));
        }
        let own_shape =
            ["properties", "additionalProperties", "items", "enum"].iter().any(|key| get(node, key).is_some())
                || get_str(node, "type").is_some_and(|ty| ty != "object");
        match (reference, members.as_slice(), own_shape) {
            (None, [], false) => return Converted::Expr(builtin("any", node.span)),
            (Some(reference), [], false) => {
                return self.reference(reference).map_or(Converted::Null, Converted::Expr);
            }
            (None, [member], false) => return self.convert(Schema::new(member), name),
            _ => {}
        }
        let mut properties = Vec::new();
        let mut required = HashSet::new();
        if let Some(reference) = reference {
            let target = reference_target(self.root, reference).unwrap_or(reference);
            self.collect_object(Schema::new(target), &mut properties, &mut required, true, 0);
        }
        for member in members {
            self.collect_object(Schema::new(member), &mut properties, &mut required, true, 0);
        }
        if own_shape {
            self.collect_own_object(Schema { without_ref: true, ..schema }, &mut properties, &mut required, true);
        }
        Converted::Def(TypeDefKind::Struct(self.fields(&properties, &required, name)), false)
    }

    /// The properties of an object schema, through `$ref`s and `allOf`s,
    /// for merging or for finding a union's tag. `report`: whether to say
    /// why a part is not an object.
    fn collect_object(
        &mut self,
        schema: Schema<'n>,
        properties: &mut Vec<(String, &'n Node, Span)>,
        required: &mut HashSet<String>,
        report: bool,
        depth: usize,
    ) -> bool {
        if depth > MAX_DEPTH {
            if report {
                self.error(schema.node.span, "these `$ref`s and `allOf`s loop", "a schema cannot be made of itself");
            }
            return false;
        }
        let node = schema.node;
        if let Some(reference) = schema.get("$ref") {
            let Some(target) = reference_target(self.root, reference) else {
                if report {
                    // Reported, with its reason, by `reference`.
                    self.reference(reference);
                }
                return false;
            };
            if !self.collect_object(Schema::new(target), properties, required, report, depth + 1) {
                return false;
            }
        }
        for member in seq(get(node, "allOf")) {
            if !self.collect_object(Schema::new(member), properties, required, report, depth + 1) {
                return false;
            }
        }
        let mut own = schema;
        own.without_ref = true;
        self.collect_own_object(own, properties, required, report)
    }

    fn collect_own_object(
        &mut self,
        schema: Schema<'n>,
        properties: &mut Vec<(String, &'n Node, Span)>,
        required: &mut HashSet<String>,
        report: bool,
    ) -> bool {
        let node = schema.node;
        let object_type = match schema.get("type").map(|ty| &ty.value) {
            None => true,
            Some(Value::Str(ty)) => ty == "object",
            Some(Value::Seq(types)) => types.iter().any(|ty| ty.as_str() == Some("object")),
            Some(_) => false,
        };
        let choice = ["oneOf", "anyOf"]
            .iter()
            .filter_map(|key| get(node, key))
            .any(|choice| !seq(Some(choice)).iter().all(is_trivial));
        if !object_type || choice || get(node, "enum").is_some() {
            if report {
                self.error(
                    node.span,
                    "only objects can be merged by `allOf`",
                    "each part of an `allOf` with several parts must be an object (`type: object` with `properties`)",
                );
            }
            return false;
        }
        if report
            && let Some(additional) = get(node, "additionalProperties")
            && matches!(additional.value, Value::Map(ref map) if !map.is_empty())
            && get(node, "properties").is_some()
        {
            self.error(
                additional.span,
                "an object with both `properties` and typed `additionalProperties` is not supported",
                "a struct cannot hold the other properties: describe them as a map property of their own",
            );
        }
        for (key, property) in
            entries(get(node, "properties").unwrap_or(node)).iter().filter(|_| get(node, "properties").is_some())
        {
            let Some(json_name) = key_text(key) else { continue };
            match properties.iter_mut().find(|(name, _, _)| *name == json_name) {
                // A later part says more about the same property.
                Some(existing) => existing.1 = property,
                None => properties.push((json_name, property, key.span)),
            }
        }
        required.extend(required_of(node));
        true
    }

    /// The fields of a struct named `struct_name`.
    fn fields(
        &mut self,
        properties: &[(String, &'n Node, Span)],
        required: &HashSet<String>,
        struct_name: &str,
    ) -> Vec<FieldDef> {
        let mut rust_names = HashSet::new();
        let mut fields = Vec::with_capacity(properties.len());
        for (json_name, property, key_span) in properties {
            let ty = self.schema_type(Schema::new(property), &format!("{struct_name}{}", ident::camel(json_name)));
            let nullable = ty.optional;
            let ty = optional(ty, !required.contains(json_name));
            if let Some(default) = get(property, "default") {
                // The struct's slot is known once it is defined.
                if let Some(&slot) = self.slots.get(struct_name) {
                    self.pending_defaults.push(PendingDefault {
                        at: DefaultAt::Field { slot, field: fields.len() },
                        node: default,
                        nullable,
                    });
                }
            }
            let rust_name = get_str(property, "x-endpointgen-rust-name").map(str::to_owned).or_else(|| {
                let derived = ident::snake(json_name);
                let fixed =
                    if ident::is_valid(&derived) { derived.clone() } else { format!("field_{}", fields.len() + 1) };
                let fixed = unique_in(&mut rust_names, fixed, "_");
                (fixed != derived).then_some(fixed)
            });
            if let Some(rust_name) = &rust_name {
                rust_names.insert(rust_name.clone());
            }
            let role = get_str(property, "x-endpointgen-role").and_then(Role::parse);
            fields.push(FieldDef {
                json_name: located(json_name.clone(), *key_span),
                rust_name: rust_name.map(|rust_name| located(rust_name, *key_span)),
                ty,
                description: description(property),
                default: None,
                role: role.map(|role| Located { value: role, span: property.span }),
                secret: is_secret(property),
            });
        }
        fields
    }

    /// `oneOf` / `anyOf`: `null` members make the type optional; one member
    /// left is that member; string values make an enum; objects that share
    /// a property of one constant value each make a tagged union; anything
    /// else an untagged one.
    fn union(&mut self, schema: Schema<'n>, members: &'n [Node], name: &str) -> Converted {
        let non_null: Vec<&'n Node> = members.iter().filter(|member| !self.is_null_schema(member)).collect();
        let has_null = non_null.len() < members.len();
        let wrap = |converted: Converted| -> Converted {
            match converted {
                Converted::Expr(expr) => Converted::Expr(optional(expr, has_null)),
                Converted::Def(kind, nullable) => Converted::Def(kind, nullable || has_null),
                Converted::Null => Converted::Null,
            }
        };
        // An export marks its unions: each member is a variant, as written.
        let marked = get_str(schema.node, "x-endpointgen-kind") == Some("union");
        match non_null.as_slice() {
            [] => return Converted::Null,
            [single] if !marked => return wrap(self.convert(Schema::new(single), name)),
            _ => {}
        }
        // oneOf: [{ enum: [a], description: … }, { enum: [b] }]
        let mut values: Vec<EnumValueDef> = Vec::new();
        let all_strings = non_null.iter().all(|member| match self.string_values(member) {
            Some(member_values) => {
                for (value, span) in member_values {
                    if !values.iter().any(|known| known.value.value == value) {
                        values.push(EnumValueDef { name: None, value: located(value, span) });
                    }
                }
                true
            }
            None => false,
        });
        if all_strings && !marked {
            let kind = TypeDefKind::Enum(name_enum_values(values));
            return wrap(Converted::Def(kind, false));
        }
        let discriminator = get(schema.node, "discriminator");
        let tag = discriminator
            .and_then(|discriminator| get_str(discriminator, "propertyName"))
            .map(str::to_owned)
            .or_else(|| if marked { None } else { self.implicit_tag(&non_null) });
        let kind = match tag {
            Some(tag) => match self.tagged_members(&non_null, &tag, discriminator, name) {
                Some(members) => TypeDefKind::Union(UnionDef {
                    tag: Some(located(tag, discriminator.map_or(schema.node.span, |node| node.span))),
                    members,
                }),
                None => TypeDefKind::Union(UnionDef { tag: None, members: self.untagged_members(&non_null, name) }),
            },
            None => TypeDefKind::Union(UnionDef { tag: None, members: self.untagged_members(&non_null, name) }),
        };
        wrap(Converted::Def(kind, false))
    }

    /// Whether a schema allows `null` besides other values, at its top.
    fn allows_null(&self, node: &Node) -> bool {
        let schema_allows = |node: &Node| {
            matches!(get(node, "nullable"), Some(Node { value: Value::Bool(true), .. }))
                || seq(get(node, "type")).iter().any(|ty| ty.as_str() == Some("null"))
                || seq(get(node, "enum")).iter().any(|value| value.value == Value::Null)
        };
        schema_allows(node)
            || seq(get(node, "oneOf").or_else(|| get(node, "anyOf"))).iter().any(|member| self.is_null_schema(member))
    }

    /// Whether a schema allows nothing but `null`.
    fn is_null_schema(&self, node: &Node) -> bool {
        let node = follow_ref(self.root, node);
        match get(node, "type").map(|ty| &ty.value) {
            Some(Value::Str(ty)) if ty == "null" => return true,
            _ => {}
        }
        match get(node, "enum").map(|values| &values.value) {
            Some(Value::Seq(values)) => !values.is_empty() && values.iter().all(|value| value.value == Value::Null),
            _ => matches!(get(node, "const"), Some(Node { value: Value::Null, .. })),
        }
    }

    /// The string values of a schema that is a string enum or constant.
    fn string_values(&self, node: &'n Node) -> Option<Vec<(String, Span)>> {
        let node = follow_ref(self.root, node);
        if get(node, "properties").is_some() || get(node, "oneOf").is_some() || get(node, "allOf").is_some() {
            return None;
        }
        if let Some(Node { value: Value::Str(text), span }) = get(node, "const") {
            return Some(vec![(text.clone(), *span)]);
        }
        let Value::Seq(values) = &get(node, "enum")?.value else { return None };
        values
            .iter()
            .filter(|value| value.value != Value::Null)
            .map(|value| value.as_str().map(|text| (text.to_owned(), value.span)))
            .collect()
    }

    /// The one constant string of a property schema: `{ enum: [circle] }`,
    /// `{ const: circle }`.
    fn constant(&self, node: &'n Node) -> Option<(String, Span)> {
        match self.string_values(node)?.as_slice() {
            [(value, span)] => Some((value.clone(), *span)),
            _ => None,
        }
    }

    /// A property that every member has, required, with a constant string
    /// value of its own: dropshot and serde write tagged enums this way,
    /// without a `discriminator`.
    fn implicit_tag(&mut self, members: &[&'n Node]) -> Option<String> {
        let mut candidates: Option<Vec<String>> = None;
        for member in members {
            let mut properties = Vec::new();
            let mut required = HashSet::new();
            if !self.collect_object(Schema::new(member), &mut properties, &mut required, false, 0) {
                return None;
            }
            let constants: Vec<String> = properties
                .iter()
                .filter(|(name, property, _)| required.contains(name) && self.constant(property).is_some())
                .map(|(name, _, _)| name.clone())
                .collect();
            candidates = Some(match candidates {
                None => constants,
                Some(previous) => previous.into_iter().filter(|name| constants.contains(name)).collect(),
            });
        }
        candidates?.into_iter().next()
    }

    /// The members of a union tagged by `tag`, or `None` when a member has
    /// no tag value of its own (then it is read untagged).
    fn tagged_members(
        &mut self,
        members: &[&'n Node],
        tag: &str,
        discriminator: Option<&'n Node>,
        name: &str,
    ) -> Option<Vec<UnionMemberDef>> {
        let mapping: Vec<(String, String, Span)> = discriminator
            .and_then(|discriminator| get(discriminator, "mapping"))
            .map(entries)
            .unwrap_or_default()
            .iter()
            .filter_map(|(value, target)| Some((key_text(value)?, target.as_str()?.to_owned(), value.span)))
            .collect();
        // First the tag value of each member, so that nothing is defined for
        // a union that turns out untagged.
        let mut plans = Vec::with_capacity(members.len());
        for member in members {
            let reference = get_str(member, "$ref").filter(|_| entries(member).len() == 1);
            let mut properties = Vec::new();
            let mut required = HashSet::new();
            self.collect_object(Schema::new(member), &mut properties, &mut required, false, 0);
            let from_property = properties
                .iter()
                .find(|(property, _, _)| property == tag)
                .and_then(|(_, property, _)| self.constant(property));
            let from_mapping = reference.and_then(|reference| {
                mapping.iter().find(|(_, target, _)| target == reference).map(|(value, _, span)| (value.clone(), *span))
            });
            // Without a mapping, a discriminator's values are the schema names.
            let from_name = reference.filter(|_| discriminator.is_some()).and_then(|reference| {
                reference.strip_prefix("#/components/schemas/").map(|schema| (schema.to_owned(), member.span))
            });
            let value = from_mapping.or(from_property).or(from_name)?;
            plans.push((member, reference, value, properties));
        }
        let mut seen = HashSet::new();
        if !plans.iter().all(|(_, _, (value, _), _)| seen.insert(value.clone())) {
            return None;
        }
        let mut union_members = Vec::with_capacity(plans.len());
        for (member, reference, (value, span), properties) in plans {
            let others: Vec<(String, &'n Node, Span)> =
                properties.into_iter().filter(|(property, _, _)| property != tag).collect();
            let ty = if reference.is_some() {
                // A named schema is the member as it is; it may keep a field
                // for the tag, which decoding fills.
                get(member, "$ref").and_then(|reference| self.reference(reference))
            } else if let Some(inner) = sole_reference_besides_tag(member, tag) {
                self.reference(inner)
            } else if others.is_empty() {
                None
            } else {
                let struct_name = self.reserve(&format!("{name}{}", ident::camel(&value)));
                let slot = self.types.len();
                self.slots.insert(struct_name.clone(), slot);
                self.types.push(None);
                let required = {
                    let mut properties = Vec::new();
                    let mut required = HashSet::new();
                    self.collect_object(Schema::new(member), &mut properties, &mut required, false, 0);
                    required
                };
                let fields = self.fields(&others, &required, &struct_name);
                self.types[slot] = Some(TypeDef {
                    secret: false,
                    name: located(struct_name.clone(), member.span),
                    rust_name: None,
                    description: None,
                    kind: TypeDefKind::Struct(fields),
                    envelope: false,
                });
                Some(builtin(&struct_name, member.span))
            };
            union_members.push(UnionMemberDef {
                key: Some(located(value, span)),
                ty,
                description: description(member),
                span: member.span,
            });
        }
        Some(union_members)
    }

    fn untagged_members(&mut self, members: &[&'n Node], name: &str) -> Vec<UnionMemberDef> {
        let mut taken = HashSet::new();
        let mut union_members = Vec::with_capacity(members.len());
        for (index, member) in members.iter().enumerate() {
            let title = get_str(member, "title").map(ident::camel).filter(|title| ident::is_valid(title));
            let hint = format!("{name}{}", title.clone().unwrap_or_else(|| format!("Variant{}", index + 1)));
            let mut ty = self.schema_type(Schema::new(member), &hint);
            // A member that may be null makes the union so; the spec format
            // keeps members plain.
            ty.optional = false;
            let variant = title.unwrap_or_else(|| {
                let words = expr_words(&ty);
                if ident::is_valid(&ident::variant(&words)) { words } else { format!("Variant{}", index + 1) }
            });
            let variant = unique_in(&mut taken, ident::variant(&variant), "");
            union_members.push(UnionMemberDef {
                key: Some(located(variant, member.span)),
                ty: Some(ty),
                description: description(member),
                span: member.span,
            });
        }
        union_members
    }

    /// `enum:`: strings make a string enum, integers an integer enum, and a
    /// `null` among them makes it optional. Other values (booleans,
    /// fractions) are not checked: the type is the schema's `type`.
    fn enumeration(&mut self, schema: Schema<'n>, values: &'n Node, name: &str) -> Converted {
        let Value::Seq(items) = &values.value else {
            self.error(values.span, "`enum` must be a list of values", "write `enum: [asc, desc]`");
            return self.by_type(schema, name);
        };
        let non_null: Vec<&Node> = items.iter().filter(|item| item.value != Value::Null).collect();
        let has_null = non_null.len() < items.len();
        let converted = if non_null.is_empty() {
            return Converted::Null;
        } else if non_null.iter().all(|item| matches!(item.value, Value::Str(_))) {
            let values = non_null
                .iter()
                .filter_map(|item| Some(EnumValueDef { name: None, value: located(item.as_str()?, item.span) }))
                .collect();
            let values = named_from_extension(schema, values);
            Converted::Def(TypeDefKind::Enum(name_enum_values(values)), false)
        } else if non_null.iter().all(|item| matches!(item.value, Value::Int(value) if i64::try_from(value).is_ok())) {
            let names = seq(schema.get("x-enum-varnames").or_else(|| schema.get("x-enumNames")));
            let mut taken = HashSet::new();
            let variants = non_null
                .iter()
                .enumerate()
                .filter_map(|(index, item)| {
                    let Value::Int(number) = item.value else { return None };
                    let given = names.get(index).and_then(Node::as_str).map(str::to_owned);
                    let derived = if number < 0 { format!("ValueMinus{}", -number) } else { format!("Value{number}") };
                    let variant_name = given.filter(|given| ident::is_valid(&ident::variant(given))).unwrap_or(derived);
                    let variant_name = unique_in(&mut taken, variant_name, "");
                    Some((located(variant_name, item.span), Located { value: number, span: item.span }))
                })
                .collect();
            Converted::Def(TypeDefKind::IntEnum(variants), false)
        } else {
            self.by_type(schema, name)
        };
        match converted {
            Converted::Def(kind, nullable) => Converted::Def(kind, nullable || has_null),
            Converted::Expr(expr) => Converted::Expr(optional(expr, has_null)),
            Converted::Null => Converted::Null,
        }
    }

    /// By `type` (or what the keywords imply when there is none).
    fn by_type(&mut self, schema: Schema<'n>, name: &str) -> Converted {
        let node = schema.node;
        let ty_node = schema.get("type");
        let ty: Option<&str> = match (schema.only_type, ty_node.map(|ty| &ty.value)) {
            (Some(only), _) => Some(only),
            (None, Some(Value::Str(ty))) => Some(ty),
            (None, Some(Value::Seq(types))) => return self.type_array(schema, types, name),
            (None, Some(_)) => {
                self.error(node.span, "`type` must be a string or a list of strings", "write `type: string`");
                None
            }
            (None, None) => None,
        };
        let span = node.span;
        let format = schema.get_str("format").unwrap_or_default();
        let expr = match ty {
            Some("string") => {
                let name = match format {
                    "date" => "date",
                    "date-time" => "datetime",
                    "uuid" => "uuid",
                    "byte" | "binary" | "base64" => "bytes",
                    _ if schema.get_str("contentEncoding") == Some("base64") => "bytes",
                    _ => "string",
                };
                builtin(name, span)
            }
            Some("integer") => builtin(
                match format {
                    "int32" | "int16" | "int8" => "i32",
                    "uint32" | "uint16" | "uint8" => "u32",
                    "uint64" | "uint" => "u64",
                    _ => "i64",
                },
                span,
            ),
            Some("number") => builtin(if format == "float" { "f32" } else { "f64" }, span),
            Some("boolean") => builtin("bool", span),
            Some("null") => return Converted::Null,
            Some("array") => self.array(schema, name),
            Some("object") => return self.object(schema, name),
            Some(other) => {
                self.error(
                    ty_node.map_or(span, |ty| ty.span),
                    format!("unknown type `{other}`"),
                    "the types are string, integer, number, boolean, array, object and null",
                );
                builtin("any", span)
            }
            None if schema.get("properties").is_some() || schema.get("additionalProperties").is_some() => {
                return self.object(schema, name);
            }
            None if schema.get("items").is_some() => self.array(schema, name),
            None => builtin("any", span),
        };
        Converted::Expr(expr)
    }

    /// `type: [string, integer]`: one type, or a union of the types; `null`
    /// among them makes it optional.
    fn type_array(&mut self, schema: Schema<'n>, types: &'n [Node], name: &str) -> Converted {
        let names: Vec<&'n str> = types.iter().filter_map(Node::as_str).filter(|ty| *ty != "null").collect();
        let has_null = names.len() < types.len();
        let converted = match names.as_slice() {
            [] => return Converted::Null,
            [single] => self.by_type(Schema { only_type: Some(single), ..schema }, name),
            _ => {
                let mut members = Vec::with_capacity(names.len());
                let mut taken = HashSet::new();
                for ty in &names {
                    let member = Schema { only_type: Some(ty), ..schema };
                    let hint = format!("{name}{}", ident::camel(ty));
                    let expr = self.schema_type(member, &hint);
                    let variant = unique_in(&mut taken, ident::variant(&expr_words(&expr)), "");
                    members.push(UnionMemberDef {
                        key: Some(located(variant, schema.node.span)),
                        ty: Some(expr),
                        description: None,
                        span: schema.node.span,
                    });
                }
                Converted::Def(TypeDefKind::Union(UnionDef { tag: None, members }), false)
            }
        };
        match converted {
            Converted::Expr(expr) => Converted::Expr(optional(expr, has_null)),
            Converted::Def(kind, nullable) => Converted::Def(kind, nullable || has_null),
            Converted::Null => Converted::Null,
        }
    }

    fn array(&mut self, schema: Schema<'n>, name: &str) -> TypeExpr {
        let span = schema.node.span;
        let item = match schema.get("items") {
            Some(items) => self.schema_type(Schema::new(items), &format!("{name}Item")),
            None => builtin("any", span),
        };
        generic("list", item, span)
    }

    /// An object: a struct when it has properties, a map when it has only
    /// `additionalProperties` (or nothing: any JSON object).
    fn object(&mut self, schema: Schema<'n>, name: &str) -> Converted {
        let node = schema.node;
        let has_properties = schema.get("properties").is_some_and(|properties| !entries(properties).is_empty());
        if has_properties || get_str(node, "x-endpointgen-kind") == Some("struct") {
            let mut properties = Vec::new();
            let mut required = HashSet::new();
            let mut own = schema;
            own.without_ref = true;
            self.collect_own_object(own, &mut properties, &mut required, true);
            return Converted::Def(TypeDefKind::Struct(self.fields(&properties, &required, name)), false);
        }
        let value = match schema.get("additionalProperties") {
            Some(additional @ Node { value: Value::Map(_), .. }) => {
                self.schema_type(Schema::new(additional), &format!("{name}Value"))
            }
            Some(additional) => builtin("any", additional.span),
            None => builtin("any", node.span),
        };
        Converted::Expr(generic("map", value, node.span))
    }

    // ---- security ----------------------------------------------------------

    fn security_schemes(&mut self) -> Vec<AuthScheme> {
        let Some(schemes) = get(self.root, "components").and_then(|components| get(components, "securitySchemes"))
        else {
            return Vec::new();
        };
        let mut taken = HashSet::new();
        let mut result = Vec::new();
        for (key, scheme) in entries(schemes) {
            let Some(original) = key_text(key) else { continue };
            let scheme = follow_ref(self.root, scheme);
            let kind = match (get_str(scheme, "type"), get_str(scheme, "scheme"), get_str(scheme, "in")) {
                (Some("http"), Some(http), _) if http.eq_ignore_ascii_case("bearer") => Some(AuthKind::Bearer),
                (Some("apiKey"), _, Some("header")) => get(scheme, "name").and_then(|header| {
                    header.as_str().map(|text| AuthKind::ApiKey { header: located(text, header.span) })
                }),
                (Some("apiKey"), _, Some(place)) => {
                    let at = get(scheme, "in").map_or(scheme.span, |node| node.span);
                    self.error(
                        at,
                        format!("an API key sent in the {place} is not supported"),
                        "endpointgen sends API keys in a header (`in: header`) and bearer tokens (`type: http, scheme: bearer`)",
                    );
                    None
                }
                (Some(kind), http, _) => {
                    let what = match (kind, http) {
                        ("http", Some(http)) => format!("HTTP `{http}` authentication"),
                        ("oauth2", _) => "OAuth 2 (send its access token as a bearer token instead)".to_owned(),
                        (kind, _) => format!("`{kind}` security schemes"),
                    };
                    let at = get(scheme, "type").map_or(scheme.span, |node| node.span);
                    self.error(
                        at,
                        format!("{what} is not supported"),
                        "endpointgen sends bearer tokens (`type: http, scheme: bearer`) and API keys in a header (`type: apiKey, in: header`)",
                    );
                    None
                }
                (None, _, _) => {
                    self.error(
                        scheme.span,
                        "a security scheme needs a `type`",
                        "write `type: http` and `scheme: bearer`",
                    );
                    None
                }
            };
            let Some(kind) = kind else { continue };
            let name = if ident::is_valid(&ident::camel(&original)) && ident::is_valid(&ident::snake(&original)) {
                original
            } else {
                format!("scheme_{}", result.len() + 1)
            };
            let name = unique_in(&mut taken, name, "_");
            result.push(AuthScheme {
                name: located(name, key.span),
                kind,
                description: get_str(scheme, "description").map(str::to_owned),
            });
        }
        result
    }

    /// An operation's `auth:`: its `security` (or the document's).
    fn auth(
        &mut self,
        operation: &'n Node,
        schemes: &[AuthScheme],
        original_names: &[String],
    ) -> Option<Located<String>> {
        let security = get(operation, "security").or_else(|| get(self.root, "security"))?;
        let Value::Seq(requirements) = &security.value else { return None };
        let anonymous = requirements.iter().any(|requirement| entries(requirement).is_empty());
        let named: Vec<&Node> = requirements.iter().filter(|requirement| !entries(requirement).is_empty()).collect();
        let requirement = match named.as_slice() {
            [] => return None,
            [one] => *one,
            _ => {
                self.error(
                    security.span,
                    "a choice between security requirements is not supported",
                    "an endpoint takes one scheme's credentials (optionally, with `{}` in the list); keep one",
                );
                return None;
            }
        };
        let [(scheme_key, _)] = entries(requirement) else {
            self.error(
                requirement.span,
                "a requirement of several schemes at once is not supported",
                "an endpoint takes the credentials of one scheme",
            );
            return None;
        };
        let original = key_text(scheme_key)?;
        // A scheme that is not supported was reported where it is declared.
        let index = original_names.iter().position(|name| *name == original)?;
        let scheme = schemes.get(index)?;
        let text = if anonymous { format!("{}?", scheme.name.value) } else { scheme.name.value.clone() };
        Some(located(text, scheme_key.span))
    }

    // ---- operations --------------------------------------------------------

    fn operations(&mut self, schemes: &[AuthScheme]) -> (Vec<EndpointDef>, Vec<ErrorCandidate>, Vec<Vec<usize>>) {
        let scheme_names = self.declared_scheme_names(schemes);
        let mut endpoints = Vec::new();
        let mut candidates = Vec::new();
        let mut endpoint_errors = Vec::new();
        let Some(paths) = get(self.root, "paths") else { return (endpoints, candidates, endpoint_errors) };
        for (path_key, item) in entries(paths) {
            let Some(path) = key_text(path_key) else { continue };
            let item = follow_ref(self.root, item);
            if let Some(servers) = get(item, "servers") {
                self.servers_not_supported(servers);
            }
            for (method_key, operation) in entries(item) {
                let Some(method) = method_key.as_str() else { continue };
                match method {
                    "get" | "put" | "post" | "delete" | "patch" | "head" | "options" => {}
                    "trace" => {
                        self.error(
                            method_key.span,
                            "TRACE operations are not supported",
                            "the methods are GET, PUT, POST, DELETE, PATCH, HEAD and OPTIONS",
                        );
                        continue;
                    }
                    _ => continue,
                }
                let mut errors = Vec::new();
                let endpoint = self.operation(
                    &located(path.clone(), path_key.span),
                    located(method.to_ascii_uppercase(), method_key.span),
                    operation,
                    item,
                    &mut errors,
                    &mut candidates,
                    schemes,
                    &scheme_names,
                    endpoints.len(),
                );
                endpoints.push(endpoint);
                endpoint_errors.push(errors);
            }
        }
        unique_endpoint_names(&mut endpoints);
        (endpoints, candidates, endpoint_errors)
    }

    /// The document's names of the supported schemes, in the order of
    /// `schemes`.
    fn declared_scheme_names(&self, schemes: &[AuthScheme]) -> Vec<String> {
        let declared = get(self.root, "components").and_then(|components| get(components, "securitySchemes"));
        schemes
            .iter()
            .map(|scheme| {
                entries(declared.unwrap_or(self.root))
                    .iter()
                    .find(|(key, _)| key.span == scheme.name.span)
                    .and_then(|(key, _)| key_text(key))
                    .unwrap_or_else(|| scheme.name.value.clone())
            })
            .collect()
    }

    fn servers_not_supported(&mut self, servers: &Node) {
        self.error(
            servers.span,
            "servers of a path or an operation of their own are not supported",
            "every endpoint is sent to the client's base URL; split the API into documents by server",
        );
    }

    #[allow(clippy::too_many_arguments, reason = "the operation and what it is read into")]
    fn operation(
        &mut self,
        path: &Located<String>,
        method: Located<String>,
        operation: &'n Node,
        item: &'n Node,
        errors: &mut Vec<usize>,
        candidates: &mut Vec<ErrorCandidate>,
        schemes: &[AuthScheme],
        scheme_names: &[String],
        index: usize,
    ) -> EndpointDef {
        let operation = follow_ref(self.root, operation);
        if let Some(servers) = get(operation, "servers") {
            self.servers_not_supported(servers);
        }
        let operation_id = get(operation, "operationId");
        let explicit = get(operation, "x-endpointgen-name").or(operation_id);
        let name = explicit
            .and_then(Node::as_str)
            .map(ident::snake)
            .filter(|name| ident::is_valid(name))
            .unwrap_or_else(|| derived_endpoint_name(&method.value, &path.value));
        let name = located(name, explicit.map_or(method.span, |node| node.span));
        let hint = ident::camel(&name.value);
        let groups = groups(operation, path);

        // Parameters: the path item's, then the operation's, which replace
        // those of the same name and place.
        let mut parameters: Vec<&'n Node> = Vec::new();
        for parameter in seq(get(item, "parameters")).iter().chain(seq(get(operation, "parameters"))) {
            let parameter = follow_ref(self.root, parameter);
            let key = (get_str(parameter, "name"), get_str(parameter, "in"));
            match parameters.iter_mut().find(|known| (get_str(known, "name"), get_str(known, "in")) == key) {
                Some(known) => *known = parameter,
                None => parameters.push(parameter),
            }
        }
        let mut path_params = Vec::new();
        let mut query = Vec::new();
        let mut headers = Vec::new();
        let mut taken = HashSet::new();
        let has_body = get(operation, "requestBody").is_some();
        if has_body {
            taken.insert("body".to_owned());
        }
        for parameter in parameters {
            let Some(place) = get(parameter, "in") else {
                self.error(parameter.span, "a parameter needs `in`", "write `in: query`, `path` or `header`");
                continue;
            };
            let which = place.as_str().unwrap_or_default();
            if which == "header"
                && get_str(parameter, "name").is_some_and(|header| {
                    header.eq_ignore_ascii_case("accept") || header.eq_ignore_ascii_case("content-type")
                })
            {
                // OpenAPI: "If `in` is "header" and the name field is "Accept"
                // or "Content-Type", the parameter definition SHALL be
                // ignored." The client sets them from the media types.
                continue;
            }
            let Some(param) = self.parameter(parameter, place, &hint, &mut taken) else { continue };
            match which {
                "path" => path_params.push(param),
                "query" => {
                    if let Some(default) = get(parameter, "schema").and_then(|schema| get(schema, "default")) {
                        self.pending_defaults.push(PendingDefault {
                            at: DefaultAt::Query { endpoint: index, param: query.len() },
                            node: default,
                            nullable: false,
                        });
                    }
                    query.push(param);
                }
                _ => {
                    if let Some(default) = get(parameter, "schema").and_then(|schema| get(schema, "default")) {
                        self.pending_defaults.push(PendingDefault {
                            at: DefaultAt::Header { endpoint: index, param: headers.len() },
                            node: default,
                            nullable: false,
                        });
                    }
                    headers.push(param);
                }
            }
        }
        // Constructor arguments follow the path, whatever order the document
        // lists the parameters in (dropshot's is alphabetical).
        path_params.sort_by_key(|param: &ParamDef| {
            path.value.find(&format!("{{{}}}", param.name.value)).unwrap_or(usize::MAX)
        });
        let mut body = get(operation, "requestBody").and_then(|body| self.request_body(body, &hint));
        if let Some(body) = &mut body
            && method.value == "GET"
        {
            // The document says the server reads a body on GET.
            body.allow_get = Some(body.span);
        }
        let (response, description_note) = self.responses(operation, &hint, errors, candidates);
        let auth = self.auth(operation, schemes, scheme_names);
        let deprecated = match (get(operation, "deprecated"), get_str(operation, "x-endpointgen-deprecated")) {
            (_, Some(reason)) => Some(Located { value: Deprecation::Because(reason.to_owned()), span: operation.span }),
            (Some(Node { value: Value::Bool(true), span }), None) => {
                Some(Located { value: Deprecation::Yes, span: *span })
            }
            _ => None,
        };
        let mut description = get_str(operation, "description").map(str::to_owned);
        if let Some(note) = description_note {
            description = Some(match description {
                Some(text) => format!("{text}\n\n{note}"),
                None => note,
            });
        }
        EndpointDef {
            groups,
            name,
            rust_name: None,
            summary: get_str(operation, "summary").map(str::to_owned),
            description,
            method,
            path: path.clone(),
            path_params,
            query,
            headers,
            body,
            response,
            errors: Vec::new(),
            auth,
            deprecated,
            tags: seq(get(operation, "tags")).iter().filter_map(Node::as_str).map(str::to_owned).collect(),
            docs_url: get(operation, "externalDocs").and_then(|docs| get_str(docs, "url")).map(str::to_owned),
            paging: get(operation, "x-endpointgen-paging")
                .and_then(|paging| paging.as_str().map(|text| located(text, paging.span))),
        }
    }

    fn parameter(
        &mut self,
        parameter: &'n Node,
        place: &'n Node,
        hint: &str,
        taken: &mut HashSet<String>,
    ) -> Option<ParamDef> {
        let name_node = get(parameter, "name");
        let Some(name) = name_node.and_then(Node::as_str) else {
            self.error(parameter.span, "a parameter needs a `name`", "write `name: id`");
            return None;
        };
        let name_span = name_node.map_or(parameter.span, |node| node.span);
        let which = place.as_str().unwrap_or_default();
        match which {
            "path" | "query" | "header" => {}
            "cookie" => {
                self.error(
                    place.span,
                    format!("cookie parameters are not supported (`{name}`)"),
                    "endpointgen sends path, query and header parameters; set the cookie with a default header on the client",
                );
                return None;
            }
            other => {
                self.error(
                    place.span,
                    format!("unknown parameter place `{other}`"),
                    "parameters are `in: path`, `query`, `header` or `cookie`",
                );
                return None;
            }
        }
        let Some(schema) = get(parameter, "schema") else {
            let at = get(parameter, "content").map_or(parameter.span, |content| content.span);
            self.error(
                at,
                format!("parameter `{name}` has no `schema`"),
                "a parameter with `content` (a JSON-encoded value) is not supported; give it a `schema`",
            );
            // A path parameter still fills its place in the path.
            return (which == "path").then(|| ParamDef {
                name: located(name, name_span),
                rust_name: None,
                ty: builtin("string", parameter.span),
                description: None,
                default: None,
            });
        };
        let style = get_str(parameter, "style");
        let explode = get(parameter, "explode").map(|explode| explode.value == Value::Bool(true));
        let expected_style = if which == "query" { "form" } else { "simple" };
        if let Some(style) = style.filter(|style| *style != expected_style) {
            let at = get(parameter, "style").map_or(parameter.span, |node| node.span);
            self.error(
                at,
                format!("the `{style}` style of parameter `{name}` is not supported"),
                format!("{which} parameters are sent in the `{expected_style}` style"),
            );
            // Read on, so that the path does not also miss the parameter.
        }
        let mut ty = self.schema_type(Schema::new(schema), &format!("{hint}{}", ident::camel(name)));
        if which == "query" && explode == Some(false) && ty.name == "list" {
            let at = get(parameter, "explode").map_or(parameter.span, |node| node.span);
            self.error(
                at,
                format!("comma-separated lists (`explode: false`) are not supported (`{name}`)"),
                "lists in a query are sent as repeated parameters, `?id=1&id=2` (`explode: true`)",
            );
        }
        // Null means nothing in a path or query; a parameter is optional when
        // it is not required (a path parameter always is).
        let required =
            which == "path" || get(parameter, "required").is_some_and(|node| node.value == Value::Bool(true));
        ty.optional = !required;
        let derived = ident::snake(name);
        let rust_name = get_str(parameter, "x-endpointgen-rust-name").map(str::to_owned).or_else(|| {
            let mut fixed = if ident::is_valid(&derived) { derived.clone() } else { format!("{which}_param") };
            // An optional parameter's builder method may not hide a method
            // every endpoint has.
            if !required && RESERVED_BUILDERS.contains(&fixed.as_str()) {
                fixed.push_str("_param");
            }
            if taken.contains(&fixed) {
                fixed = format!("{fixed}_{which}");
            }
            let fixed = unique_in(taken, fixed, "_");
            (fixed != derived).then_some(fixed)
        });
        taken.insert(rust_name.clone().unwrap_or(derived));
        Some(ParamDef {
            name: located(name, name_span),
            rust_name: rust_name.map(|rust_name| located(rust_name, name_span)),
            ty,
            description: get_str(parameter, "description").map(str::to_owned),
            default: None,
        })
    }

    /// `requestBody`: JSON, a form, or the bytes of another media type.
    fn request_body(&mut self, body: &'n Node, hint: &str) -> Option<BodyDef> {
        let body = follow_ref(self.root, body);
        let content = get(body, "content")?;
        let required = get(body, "required").is_some_and(|node| node.value == Value::Bool(true));
        let description = get_str(body, "description").map(str::to_owned);
        let media: Vec<(String, &'n Node, Span)> =
            entries(content).iter().filter_map(|(key, value)| Some((key_text(key)?, value, key.span))).collect();
        if media.is_empty() {
            return None;
        }
        let json = media.iter().find(|(media_type, _, _)| is_json(media_type));
        let form = media.iter().find(|(media_type, _, _)| essence(media_type) == "application/x-www-form-urlencoded");
        let (ty, content) = match (json, form) {
            (Some((media_type, media, span)), _) => {
                let essence = essence(media_type);
                // Sent as it is named, unless it is plain JSON.
                let content = (essence != "application/json").then(|| located(essence, *span));
                (self.media_schema(media, &format!("{hint}Body")), content)
            }
            (None, Some((_, media, span))) => {
                (self.media_schema(media, &format!("{hint}Body")), Some(located("form", *span)))
            }
            (None, None) => {
                let (media_type, _, span) = &media[0];
                if essence(media_type).starts_with("multipart/") {
                    self.error(
                        *span,
                        format!("`{media_type}` request bodies are not supported"),
                        "endpointgen sends JSON, forms (`application/x-www-form-urlencoded`) and raw bytes",
                    );
                    return None;
                }
                // Any other media type is sent as the caller's bytes.
                let media_type =
                    if media_type.contains('*') { "application/octet-stream" } else { media_type.as_str() };
                (builtin("bytes", *span), Some(located(media_type, *span)))
            }
        };
        Some(BodyDef {
            ty: optional(TypeExpr { optional: false, ..ty }, !required),
            description,
            content,
            allow_get: None,
            span: body.span,
        })
    }

    /// The type of a media type object's `schema` (any without one).
    fn media_schema(&mut self, media: &'n Node, hint: &str) -> TypeExpr {
        match get(media, "schema") {
            Some(schema) => self.schema_type(Schema::new(schema), hint),
            None => builtin("any", media.span),
        }
    }

    /// The success response, and the error responses as candidates (by
    /// index into `candidates`); a note for the description when the
    /// operation answers in a way the client does not follow.
    fn responses(
        &mut self,
        operation: &'n Node,
        hint: &str,
        errors: &mut Vec<usize>,
        candidates: &mut Vec<ErrorCandidate>,
    ) -> (Option<BodyDef>, Option<String>) {
        let Some(responses) = get(operation, "responses") else { return (None, None) };
        let mut successes: Vec<(u16, &'n Node, Span)> = Vec::new();
        let mut default = None;
        let mut note = None;
        let mut error_responses: Vec<(Located<StatusDef>, &'n Node)> = Vec::new();
        for (key, response) in entries(responses) {
            let Some(status) = key_text(key) else { continue };
            let response = follow_ref(self.root, response);
            match status.as_str() {
                "default" => default = Some((key, response)),
                "2XX" | "2xx" => successes.push((299, response, key.span)),
                "4XX" | "4xx" => {
                    error_responses.push((Located { value: StatusDef::Class(4), span: key.span }, response));
                }
                "5XX" | "5xx" => {
                    error_responses.push((Located { value: StatusDef::Class(5), span: key.span }, response));
                }
                "101" => {
                    note = Some(
                        "This operation upgrades the connection (101 Switching Protocols, such as a WebSocket), which the client does not do: `to_request` gives the request to upgrade with another library."
                            .to_owned(),
                    );
                }
                _ => match status.parse::<u16>() {
                    Ok(code @ 200..=299) => successes.push((code, response, key.span)),
                    Ok(code @ 400..=599) => error_responses
                        .push((Located { value: StatusDef::Code(i128::from(code)), span: key.span }, response)),
                    // Informational and redirect statuses have no body to
                    // read; the HTTP client follows redirects.
                    Ok(100..=399) => {}
                    _ => self.error(
                        key.span,
                        format!("`{status}` is not a response status"),
                        "response statuses are codes such as `200`, ranges such as `4XX`, or `default`",
                    ),
                },
            }
        }
        successes.sort_by_key(|(code, _, _)| *code);
        // Without a success response, `default` describes the answer.
        let success = successes.iter().find(|(_, response, _)| get(response, "content").is_some()).copied();
        let success = match (success, default) {
            (Some((_, response, span)), _) => Some((response, span)),
            (None, Some((key, response))) if successes.is_empty() => Some((response, key.span)),
            (None, Some((key, response))) => {
                error_responses.push((Located { value: StatusDef::Default, span: key.span }, response));
                None
            }
            (None, None) => None,
        };
        if let (Some(_), Some((key, response))) =
            (success.filter(|(response, _)| !std::ptr::eq(*response, default.map_or(operation, |d| d.1))), default)
        {
            error_responses.push((Located { value: StatusDef::Default, span: key.span }, response));
        }
        let body = success.and_then(|(response, span)| self.success_body(response, span, hint));
        for (other_code, response, span) in &successes {
            let Some((chosen, _)) = success else { break };
            if std::ptr::eq(*response, chosen) || get(response, "content").is_none() {
                continue;
            }
            let other = self.success_body(response, *span, hint);
            if let (Some(other), Some(body)) = (other, &body)
                && expr_text(&other.ty) != expr_text(&body.ty)
            {
                self.error(
                    *span,
                    format!("the {other_code} response has another body than the first success response"),
                    "an endpoint has one response type: describe both answers with one schema (a `oneOf`, say)",
                );
            }
        }
        for (status, response) in error_responses {
            let base_name =
                get_str(response, "x-endpointgen-error").map_or_else(|| status_name(status.value), str::to_owned);
            let description = get_str(response, "description").filter(|text| !text.is_empty()).map(str::to_owned);
            let body = self.error_body(response, &format!("{hint}{base_name}"));
            errors.push(candidates.len());
            candidates.push(ErrorCandidate { status, base_name, description, body });
        }
        (body, note)
    }

    /// A success response's body: JSON of its schema, or the bytes of
    /// another media type; none without content or for a `null` schema.
    fn success_body(&mut self, response: &'n Node, span: Span, hint: &str) -> Option<BodyDef> {
        let content = get(response, "content")?;
        let media: Vec<(String, &'n Node, Span)> =
            entries(content).iter().filter_map(|(key, value)| Some((key_text(key)?, value, key.span))).collect();
        let description = get_str(response, "description").filter(|text| !text.is_empty()).map(str::to_owned);
        if let Some((media_type, media, media_span)) = media.iter().find(|(media_type, _, _)| is_json(media_type)) {
            if get(media, "schema").is_some_and(|schema| self.is_null_schema(schema)) {
                return None;
            }
            let ty = self.media_schema(media, &format!("{hint}Response"));
            let essence = essence(media_type);
            let content = (essence != "application/json").then(|| located(essence, *media_span));
            return Some(BodyDef { ty, description, content, allow_get: None, span });
        }
        let (media_type, _, media_span) = media.first()?;
        let content = (!media_type.contains('*')).then(|| located(media_type.clone(), *media_span));
        Some(BodyDef { ty: builtin("bytes", *media_span), description, content, allow_get: None, span })
    }

    fn error_body(&mut self, response: &'n Node, hint: &str) -> Option<TypeExpr> {
        let content = get(response, "content")?;
        let (_, media) = entries(content).iter().find(|(key, _)| key.as_str().is_some_and(is_json))?;
        get(media, "schema")?;
        let ty = self.media_schema(media, hint);
        (ty.name != "any").then_some(ty)
    }

    // ---- defaults ----------------------------------------------------------

    /// Keeps each `default` that the spec format can hold: a plain value of
    /// a built-in type, an enum's value, an empty list or map, `null` for a
    /// type that may be null. A property or parameter that is not required
    /// and has one is not optional: the default stands in when it is
    /// absent. Other defaults are the server's business.
    fn settle_defaults(&mut self, endpoints: &mut [EndpointDef]) {
        for pending in std::mem::take(&mut self.pending_defaults) {
            let fits = |importer: &Self, ty: &TypeExpr| importer.default_fits(pending.node, ty);
            match pending.at {
                DefaultAt::Field { slot, field } => {
                    let Some(Some(TypeDef { kind: TypeDefKind::Struct(fields), .. })) = self.types.get(slot) else {
                        continue;
                    };
                    let Some(def) = fields.get(field) else { continue };
                    let plain = TypeExpr { optional: false, ..def.ty.clone() };
                    let keep = if pending.nullable {
                        pending.node.value == Value::Null
                    } else {
                        pending.node.value != Value::Null && fits(self, &plain)
                    };
                    if keep
                        && let Some(Some(TypeDef { kind: TypeDefKind::Struct(fields), .. })) = self.types.get_mut(slot)
                    {
                        let def = &mut fields[field];
                        def.default = Some(pending.node.clone());
                        if !pending.nullable {
                            def.ty.optional = false;
                        }
                    }
                }
                DefaultAt::Query { endpoint, param } | DefaultAt::Header { endpoint, param } => {
                    let header = matches!(pending.at, DefaultAt::Header { .. });
                    let Some(endpoint) = endpoints.get_mut(endpoint) else { continue };
                    let params = if header { &mut endpoint.headers } else { &mut endpoint.query };
                    let Some(def) = params.get_mut(param) else { continue };
                    let plain = TypeExpr { optional: false, ..def.ty.clone() };
                    if pending.node.value != Value::Null && self.default_fits(pending.node, &plain) {
                        def.default = Some(pending.node.clone());
                        def.ty.optional = false;
                    }
                }
            }
        }
    }

    fn default_fits(&self, node: &Node, ty: &TypeExpr) -> bool {
        match (&node.value, ty.name.as_str()) {
            (Value::Bool(_), "bool") | (Value::Str(_), "string") | (Value::Int(_) | Value::Float(_), "f32" | "f64") => {
                true
            }
            (Value::Int(value), "i32") => i32::try_from(*value).is_ok(),
            (Value::Int(value), "i64") => i64::try_from(*value).is_ok(),
            (Value::Int(value), "u32") => u32::try_from(*value).is_ok(),
            (Value::Int(value), "u64") => u64::try_from(*value).is_ok(),
            (Value::Seq(items), "list") => items.is_empty(),
            (Value::Map(entries), "map") => entries.is_empty(),
            (value, name) if ty.args.is_empty() => {
                let Some(Some(def)) = self.slots.get(name).and_then(|&slot| self.types.get(slot)) else { return false };
                match (&def.kind, value) {
                    (TypeDefKind::Enum(values), Value::Str(text)) => {
                        values.iter().any(|known| known.value.value == *text)
                    }
                    (TypeDefKind::IntEnum(values), Value::Int(number)) => {
                        values.iter().any(|(_, known)| known.value == *number)
                    }
                    _ => false,
                }
            }
            _ => false,
        }
    }
}

/// The first server's URL, with its variables' defaults. A relative one
/// cannot be a base URL; the API's description says so.
fn base_url(root: &Node, description: &mut Option<String>) -> Option<Located<String>> {
    let server = get(root, "servers").and_then(|servers| match &servers.value {
        Value::Seq(items) => items.first(),
        _ => None,
    })?;
    let url_node = get(server, "url")?;
    let mut url = url_node.as_str()?.to_owned();
    for (name, variable) in entries(get(server, "variables").unwrap_or(server)) {
        if let (Some(name), Some(default)) = (name.as_str(), get_str(variable, "default")) {
            url = url.replace(&format!("{{{name}}}"), default);
        }
    }
    if url.starts_with("https://") || url.starts_with("http://") {
        return Some(located(url, url_node.span));
    }
    let note = format!(
        "The document's server is `{url}`, which is not an absolute URL: give the client a base URL that ends with it."
    );
    *description = Some(match description.take() {
        Some(text) => format!("{text}\n\n{note}"),
        None => note,
    });
    None
}

/// `allOf: [{ $ref: Circle }, { properties: { kind: { const: circle } } }]`,
/// as an export writes a tagged member: the referenced schema.
fn sole_reference_besides_tag<'n>(member: &'n Node, tag: &str) -> Option<&'n Node> {
    let parts = seq(get(member, "allOf"));
    let mut reference = None;
    for part in parts {
        if let Some(found) = get(part, "$ref").filter(|_| entries(part).len() == 1) {
            if reference.replace(found).is_some() {
                return None;
            }
            continue;
        }
        let only_tag = entries(get(part, "properties")?).iter().all(|(key, _)| key.as_str() == Some(tag));
        if !only_tag {
            return None;
        }
    }
    reference
}

/// `x-enum-varnames` on a string enum names its variants.
fn named_from_extension(schema: Schema<'_>, mut values: Vec<EnumValueDef>) -> Vec<EnumValueDef> {
    let names = seq(schema.get("x-enum-varnames"));
    if names.len() == values.len() {
        for (value, name) in values.iter_mut().zip(names) {
            value.name = name.as_str().map(|text| located(text, name.span));
        }
    }
    values
}

/// Gives every value a variant name when one of them makes none, or
/// the same as another (`+`, `asc` and `ASC`): the spec's map form.
fn name_enum_values(mut values: Vec<EnumValueDef>) -> Vec<EnumValueDef> {
    let derived: Vec<String> =
        values.iter().map(|value| ident::variant(&value.name.as_ref().unwrap_or(&value.value).value)).collect();
    let mut seen = HashSet::new();
    let fine = derived.iter().all(|name| ident::is_valid(name) && seen.insert(name.clone()));
    if fine {
        return values;
    }
    // The values whose plain name is free keep it; the others are spelled
    // out (`-start` → `MinusStart`), or numbered.
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for name in &derived {
        *counts.entry(name.as_str()).or_default() += 1;
    }
    let mut taken: HashSet<String> =
        derived.iter().filter(|name| ident::is_valid(name) && counts[name.as_str()] == 1).cloned().collect();
    let names: Vec<String> = derived
        .iter()
        .zip(&values)
        .enumerate()
        .map(|(index, (name, value))| {
            if ident::is_valid(name) && counts[name.as_str()] == 1 {
                return name.clone();
            }
            let spelled = ident::variant(&spell_symbols(&value.value.value));
            let name = if ident::is_valid(&spelled) { spelled } else { format!("Value{}", index + 1) };
            unique_in(&mut taken, name, "")
        })
        .collect();
    for (value, name) in values.iter_mut().zip(names) {
        value.name = Some(located(name, value.value.span));
    }
    values
}

/// A value with its symbols spelled as words, for a variant name:
/// `-start` → `minus start`, `>=` → `gt eq`.
fn spell_symbols(value: &str) -> String {
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
fn groups(operation: &Node, path: &Located<String>) -> Vec<Located<String>> {
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

/// The errors of the operations: one shared by several is one of the
/// spec's `errors:`, named after its status (`ClientError`), the others
/// are written inline.
fn errors(
    endpoints: &mut [EndpointDef],
    candidates: &[ErrorCandidate],
    endpoint_errors: &[Vec<usize>],
) -> Vec<ErrorDef> {
    // Each candidate's key, made once: it formats the body's type.
    let keys: Vec<(String, String, Option<String>)> = candidates.iter().map(ErrorCandidate::key).collect();
    let mut uses: HashMap<&(String, String, Option<String>), usize> = HashMap::new();
    for key in &keys {
        *uses.entry(key).or_default() += 1;
    }
    let mut shared: HashMap<&(String, String, Option<String>), String> = HashMap::new();
    let mut taken = HashSet::new();
    let mut defs = Vec::new();
    for (candidate, key) in candidates.iter().zip(&keys) {
        if uses[key] < 2 || shared.contains_key(key) {
            continue;
        }
        let mut name = candidate.base_name.clone();
        if taken.contains(&name)
            && let Some(body) = &candidate.body
        {
            name.push_str(&expr_words(body));
        }
        let name = unique_in(&mut taken, name, "");
        shared.insert(key, name.clone());
        defs.push(ErrorDef {
            name: located(name, candidate.status.span),
            status: candidate.status.clone(),
            description: candidate.description.clone(),
            body: candidate.body.clone(),
        });
    }
    for (endpoint, indexes) in endpoints.iter_mut().zip(endpoint_errors) {
        let mut variants = HashSet::new();
        for &index in indexes {
            let candidate = &candidates[index];
            match shared.get(&keys[index]) {
                Some(name) => {
                    variants.insert(ident::camel(name));
                    endpoint.errors.push(ErrorRef::Named(located(name.clone(), candidate.status.span)));
                }
                None => {
                    let name = unique_in(&mut variants, candidate.base_name.clone(), "");
                    endpoint.errors.push(ErrorRef::Inline(ErrorDef {
                        name: located(name, candidate.status.span),
                        status: candidate.status.clone(),
                        description: candidate.description.clone(),
                        body: candidate.body.clone(),
                    }));
                }
            }
        }
    }
    defs
}

/// Builder methods that every endpoint struct has (`validate`'s list): an
/// optional parameter of one of these names is renamed.
const RESERVED_BUILDERS: &[&str] =
    &["decode", "to_request", "write_request", "info", "next_page", "into_items", "clone", "clone_from", "fmt"];

/// `get_pets_by_pet_id_photos` for `GET /pets/{petId}/photos`: the name of
/// an operation without a usable `operationId`.
fn derived_endpoint_name(method: &str, path: &str) -> String {
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
fn unique_endpoint_names(endpoints: &mut [EndpointDef]) {
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
        let free = |name: &str, names: &HashSet<String>| {
            let camel = ident::camel(name);
            !names.contains(&format!("fn {name}"))
                && !names.contains(&format!("mod {name}"))
                && !names.contains(&format!("type {camel}"))
                && !names.contains(&format!("type {camel}Error"))
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
        endpoint.name.value = name;
    }
}

/// Keywords that describe a value without shaping it.
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "default",
    "example",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
    "nullable",
    "externalDocs",
    "xml",
    "$comment",
    "$schema",
    "$id",
];

/// Whether a schema says nothing about the value: `{}`, annotations, or a
/// choice among such schemas (`oneOf: [{}]`).
fn is_trivial(node: &Node) -> bool {
    match &node.value {
        Value::Bool(true) => true,
        Value::Map(entries) => entries.iter().all(|(key, value)| match key.as_str() {
            Some("oneOf" | "anyOf" | "allOf") => seq(Some(value)).iter().all(is_trivial),
            Some(key) => ANNOTATIONS.contains(&key) || key.starts_with("x-"),
            None => false,
        }),
        _ => false,
    }
}

/// The items of a list node; none for any other node.
fn seq(node: Option<&Node>) -> &[Node] {
    match node.map(|node| &node.value) {
        Some(Value::Seq(items)) => items,
        _ => &[],
    }
}

/// The names in a schema's `required`.
fn required_of(node: &Node) -> HashSet<String> {
    seq(get(node, "required")).iter().filter_map(Node::as_str).map(str::to_owned).collect()
}

/// The node a `$ref` node points to, inside the document.
fn reference_target<'n>(root: &'n Node, reference: &Node) -> Option<&'n Node> {
    resolve(root, reference.as_str()?)
}

/// The node itself, or what its `$ref` points to (through chains of them).
fn follow_ref<'n>(root: &'n Node, mut node: &'n Node) -> &'n Node {
    for _ in 0..MAX_DEPTH {
        match get_str(node, "$ref").and_then(|reference| resolve(root, reference)) {
            Some(target) => node = target,
            None => break,
        }
    }
    node
}

/// A schema's description, or that of the `allOf` it wraps a reference in
/// (dropshot's way of describing a property whose type is named).
fn description(node: &Node) -> Option<String> {
    get_str(node, "description").filter(|text| !text.is_empty()).map(str::to_owned)
}

/// A property whose value `Debug` must not show: a password, or marked.
fn is_secret(node: &Node) -> bool {
    get_str(node, "format") == Some("password")
        || matches!(get(node, "x-endpointgen-secret"), Some(Node { value: Value::Bool(true), .. }))
}

#[cfg(test)]
mod tests {
    use super::{RESERVED, is_type_name};
    use crate::ident;

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
                    && !RESERVED.contains(&name.as_str())
                    && ident::is_valid(&ident::camel(name));
                assert_eq!(is_type_name(name), made, "{name:?}");
            }
        }
    }
}
