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
//! place in the document, and only a document that is no OpenAPI 3 document
//! is refused: the rest is a warning, and its part is left out of the
//! client. An operation that cannot be generated is left out
//! ([`Importer::leave_out`]); a schema that has no faithful Rust type is
//! read as `any`, a JSON value ([`Importer::read_as_any`]).
//!
//! The parts, in the order [`import`] reads a document:
//!
//! - `components`: the named schemas, registered before anything refers to
//!   them, and the envelopes an export wrote;
//! - `security`: the security schemes, and each operation's requirement;
//! - `operations`: the paths' operations, their parameters, bodies and
//!   responses, and the errors they share;
//! - `schemas` (with `all_of` for `allOf`, `unions` for `oneOf`/`anyOf`):
//!   any schema, met on the way, into a type expression and the types it
//!   needs;
//! - `defaults`: the `default`s, settled once every type is known;
//! - `names`: every name made valid and unique.

mod all_of;
mod components;
mod defaults;
mod names;
mod operations;
mod schemas;
mod security;
mod unions;

use std::collections::{HashMap, HashSet};

use self::defaults::PendingDefault;
use self::operations::errors;
use super::{entries, get, get_str, resolve};
use crate::diagnostic::{Diagnostic, Span, Tally};
use crate::ident;
use crate::spec::{Located, SpecFile, TypeDef, TypeExpr};
use crate::yaml::{Node, Value};

/// How long a chain of `$ref`s, or how deep a nesting of schemas, is
/// followed before the document is taken to loop.
const MAX_DEPTH: usize = 64;

/// How many `$ref`s and `allOf`s deep the parts of a merged object are
/// followed: a chain of schemas each extending the next by `allOf` may be
/// long without looping, but each schema merges the whole chain below it.
const MAX_MERGE_DEPTH: usize = 512;

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
        merging: HashSet::new(),
        merge_limit_said_at: None,
        operation: None,
        leaving_out: false,
        answer_as_events: false,
        servers: Vec::new(),
        unsupported_schemes: HashMap::new(),
        tally: Tally::default(),
        read_as_any_at: HashSet::new(),
        multipart: false,
    };
    let mut spec = importer.document(default_name);
    spec.imported = true;
    spec.tally = importer.tally;
    spec
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
    /// The targets of the `$ref`s being followed to merge an object's
    /// parts: meeting one of them again is a loop.
    merging: HashSet<*const Node>,
    /// Where the warning that `allOf`s nest deeper than [`MAX_MERGE_DEPTH`]
    /// was given: once is enough, however many schemas of a long chain are
    /// past it.
    merge_limit_said_at: Option<Span>,
    /// The operation being read, as `GET /pets/{id}`.
    operation: Option<String>,
    /// Whether a problem of the operation being read leaves it out.
    leaving_out: bool,
    /// The operation is being read a second time, as its event stream
    /// (`OpenAI`'s `stream: true`): its answer is the `text/event-stream` one.
    answer_as_events: bool,
    /// The servers of paths and operations that are not the document's
    /// own, in the order met.
    servers: Vec<crate::spec::ServerDef>,
    /// The security schemes that cannot be supported, by their name in the
    /// document: why not, for the operations that need them.
    unsupported_schemes: HashMap<String, UnsupportedScheme>,
    /// The operations read, those left out, the schemas read as `any`.
    tally: Tally,
    /// Where the schemas read as `any` start, each counted once.
    read_as_any_at: HashSet<(crate::diagnostic::SourceId, usize)>,
    /// Whether the schema being read is a multipart body's own (not one it
    /// refers to): its binary strings are file parts.
    multipart: bool,
}

/// A security scheme of the document that has no place in a spec.
struct UnsupportedScheme {
    /// Why not, as a sentence: "OAuth 2 is not supported".
    reason: String,
    hint: &'static str,
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

impl Importer<'_, '_> {
    /// A document that cannot be read as an OpenAPI 3 document: nothing is
    /// generated.
    fn error(&mut self, span: Span, message: impl Into<String>, hint: impl Into<String>) {
        self.diagnostics.push(Diagnostic::new(span, message).hint(hint));
    }

    /// Leaves the operation being read out of the client, with a warning
    /// at `span` that says why: `operation `GET /pets` is left out: …`.
    fn leave_out(&mut self, span: Span, message: impl Into<String>, hint: impl Into<String>) {
        let operation = self.operation.as_deref().unwrap_or("?");
        let message = format!("operation `{operation}` left out: {}", message.into());
        self.diagnostics.push(Diagnostic::warning(span, message).hint(hint));
        self.leaving_out = true;
    }

    /// `any` for the schema at `span`, with a warning that says why it has
    /// no Rust type of its own.
    fn read_as_any(&mut self, span: Span, message: impl Into<String>, hint: impl Into<String>) -> TypeExpr {
        self.schema_warning(span, message, hint);
        self.count_any(span);
        builtin("any", span)
    }

    /// The warning of [`read_as_any`](Self::read_as_any), for a schema
    /// with several reasons to be read as `any`, or whose reason is in one
    /// of its parts; [`count_any`](Self::count_any) counts the schema.
    fn schema_warning(&mut self, span: Span, message: impl Into<String>, hint: impl Into<String>) {
        let message = format!("schema read as `any` (a JSON value): {}", message.into());
        self.diagnostics.push(Diagnostic::warning(span, message).hint(hint));
    }

    /// Counts the schema at `span` as read as `any`, once however often it
    /// is met.
    fn count_any(&mut self, span: Span) {
        if self.read_as_any_at.insert((span.source, span.start)) {
            self.tally.read_as_any += 1;
        }
    }

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
                // 3.2 adds to 3.1 (streamed items, the QUERY method, more
                // operations): what has no place in a client is left out,
                // operation by operation.
                Some(text) if ["3.0", "3.1", "3.2"].iter().any(|minor| text.starts_with(minor)) => {}
                _ => self.error(
                    version.span,
                    "only OpenAPI 3.0, 3.1 and 3.2 documents can be imported",
                    "this version of endpointgen reads `openapi: 3.0.x`, `3.1.x` and `3.2.x`",
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
        spec.servers = std::mem::take(&mut self.servers);
        self.settle_defaults(&mut spec.endpoints);
        let (envelopes, types): (Vec<TypeDef>, Vec<TypeDef>) =
            std::mem::take(&mut self.types).into_iter().flatten().partition(|def| def.envelope);
        spec.envelopes = envelopes;
        spec.types = types;
        spec
    }
}

/// The first server's URL, with its variables' defaults. A relative one
/// cannot be a base URL; the API's description says so.
fn base_url(root: &Node, description: &mut Option<String>) -> Option<Located<String>> {
    let (url, url_node) = server_url(get(root, "servers")?)?;
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

/// The URL of the first server of a `servers` list, with its variables'
/// defaults, and the node of its `url`.
fn server_url(servers: &Node) -> Option<(String, &Node)> {
    let server = match &servers.value {
        Value::Seq(items) => items.first()?,
        _ => return None,
    };
    let url_node = get(server, "url")?;
    let mut url = url_node.as_str()?.to_owned();
    for (name, variable) in entries(get(server, "variables").unwrap_or(server)) {
        if let (Some(name), Some(default)) = (name.as_str(), get_str(variable, "default")) {
            url = url.replace(&format!("{{{name}}}"), default);
        }
    }
    Some((url, url_node))
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
