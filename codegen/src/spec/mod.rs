//! The spec as written: a typed model that keeps every place (this file),
//! read from YAML nodes by `read`, which checks shapes and keys (not names:
//! that is `validate`'s job), and written back as a spec file by `write`.

use crate::diagnostic::{Span, Tally};
pub(crate) use crate::ir::{FlowKind, KeyPlace, OAuthFlow};
use crate::yaml::Node;

mod read;
mod type_expr;
pub(crate) mod write;

pub(crate) use read::read;
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
    /// `include: [bookings.yaml]`, relative to this file.
    pub(crate) includes: Vec<Located<String>>,
    pub(crate) name: Option<Located<String>>,
    pub(crate) title: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) base_url: Option<Located<String>>,
    /// `servers:`: where some endpoints are sent instead of the base URL.
    pub(crate) servers: Vec<ServerDef>,
    pub(crate) auth: Vec<AuthScheme>,
    pub(crate) envelopes: Vec<TypeDef>,
    pub(crate) types: Vec<TypeDef>,
    pub(crate) errors: Vec<ErrorDef>,
    pub(crate) endpoints: Vec<EndpointDef>,
    /// Whether it was imported from an OpenAPI document: what the checks
    /// find in an endpoint or a type of it then leaves that part out (an
    /// operation left out, a schema read as `any`) with a warning, rather
    /// than stop the generation.
    pub(crate) imported: bool,
    /// What the import came to: the document's operations, those left out
    /// and the schemas read as `any`.
    pub(crate) tally: Tally,
}

/// `auth: { customer: { bearer: {}, description: … } }`
#[derive(Debug)]
pub(crate) struct AuthScheme {
    pub(crate) name: Located<String>,
    pub(crate) kind: AuthKind,
    pub(crate) description: Option<String>,
}

#[derive(Debug)]
pub(crate) enum AuthKind {
    /// `bearer: {}`
    Bearer,
    /// `api_key: { header: X-Api-Key }`, `{ query: api_key }` or
    /// `{ cookie: session }`
    ApiKey { place: KeyPlace, name: Located<String> },
    /// `basic: {}`
    Basic,
    /// `oauth2: { client_credentials: { token_url: …, scopes: { … } } }`:
    /// its access token is sent as a bearer token.
    OAuth2 { flows: Vec<OAuthFlow> },
    /// `openid_connect: { url: … }`: its access token is sent as a bearer
    /// token.
    OpenIdConnect { url: String },
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
    /// Whether a newtype's value is hidden from `Debug`.
    pub(crate) secret: bool,
}

#[derive(Debug)]
pub(crate) enum TypeDefKind {
    /// `{ fields: { … } }`
    Struct(Vec<FieldDef>),
    /// `{ newtype: i64 }`
    Newtype(TypeExpr),
    /// `{ enum: [A, B] }`, or with Rust names of their own,
    /// `{ enum: { Plus: "+", Minus: "-" } }`
    Enum(Vec<EnumValueDef>),
    /// `{ enum: { Individual: 1, Company: 2 } }`
    IntEnum(Vec<(Located<String>, Located<i128>)>),
    /// `{ alias: list<Booking> }`
    Alias(TypeExpr),
    /// `{ one_of: [Circle, Square] }`, `{ one_of: { Id: uuid, Name: Name } }`,
    /// or tagged: `{ tag: kind, one_of: { circle: Circle, none: null } }`
    Union(UnionDef),
}

/// A value of a string enum, and the variant name the spec gives it (in the
/// map form).
#[derive(Debug)]
pub(crate) struct EnumValueDef {
    pub(crate) name: Option<Located<String>>,
    pub(crate) value: Located<String>,
}

/// `one_of:` and `tag:`.
#[derive(Debug)]
pub(crate) struct UnionDef {
    /// The property that names the member, for a tagged union.
    pub(crate) tag: Option<Located<String>>,
    pub(crate) members: Vec<UnionMemberDef>,
}

/// One member of a union: `Circle` (in the list form), `Id: uuid`, or
/// tagged, `circle: Circle`, `none: null`, `circle: { type: Circle, description: … }`.
#[derive(Debug)]
pub(crate) struct UnionMemberDef {
    /// The variant name (untagged map form) or the tag value (tagged); in
    /// the list form, `None`: the name comes from the type.
    pub(crate) key: Option<Located<String>>,
    /// The type; `None` for a tagged member that holds only its tag.
    pub(crate) ty: Option<TypeExpr>,
    pub(crate) description: Option<String>,
    /// The variant name, when the key does not make the one wanted (a
    /// tagged member whose tag value is `+`, or `x` next to `X`).
    pub(crate) rust_name: Option<Located<String>>,
    /// Where the member is written.
    pub(crate) span: Span,
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
    /// `flatten: true`: a `map<T>` that holds the JSON properties that are
    /// not fields (OpenAPI's typed `additionalProperties`).
    pub(crate) flatten: Option<Span>,
}

/// What an envelope field says about the outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Success,
    Value,
    Status,
    Message,
    Errors,
    /// A page's items: `list<T>`.
    Items,
    /// Whether another page follows.
    HasNext,
}

impl Role {
    pub(crate) const NAMES: &'static [&'static str] =
        &["success", "value", "status", "message", "errors", "items", "has_next"];

    pub(crate) fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "success" => Self::Success,
            "value" => Self::Value,
            "status" => Self::Status,
            "message" => Self::Message,
            "errors" => Self::Errors,
            "items" => Self::Items,
            "has_next" => Self::HasNext,
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
    pub(crate) status: Located<StatusDef>,
    pub(crate) description: Option<String>,
    pub(crate) body: Option<TypeExpr>,
}

/// An error's `status`: `404`, `4XX`, `5XX` or `default`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StatusDef {
    Code(i128),
    /// The first digit of `4XX` or `5XX`.
    Class(u8),
    Default,
}

/// An endpoint's `errors:` item.
#[derive(Debug)]
pub(crate) enum ErrorRef {
    /// `errors: [NotFound]`
    Named(Located<String>),
    /// `errors: [{ status: 409, name: Conflict, body: Problem }]`
    Inline(ErrorDef),
}

/// A path, query, header or cookie parameter.
#[derive(Debug)]
pub(crate) struct ParamDef {
    pub(crate) name: Located<String>,
    pub(crate) rust_name: Option<Located<String>>,
    pub(crate) ty: TypeExpr,
    pub(crate) description: Option<String>,
    pub(crate) default: Option<Node>,
    /// How a list or an object is sent: OpenAPI's `style` and `explode`
    /// (`style: pipeDelimited`, `explode: false`).
    pub(crate) style: StyleDef,
    /// `content: json`: the value is sent as its JSON text.
    pub(crate) json: Option<Span>,
}

/// `style:` and `explode:` of a parameter or a form body's field, as
/// written; `validate` checks them against the place and the type.
#[derive(Debug, Default, Clone)]
pub(crate) struct StyleDef {
    pub(crate) style: Option<Located<String>>,
    pub(crate) explode: Option<Located<bool>>,
}

/// An entry of a form body's `encoding:`: how one field is sent.
#[derive(Debug)]
pub(crate) struct FieldEncodingDef {
    pub(crate) field: Located<String>,
    pub(crate) style: StyleDef,
    /// `content_type: image/png`: a multipart part's media type.
    pub(crate) content_type: Option<Located<String>>,
}

/// `body: NewBooking` or `body: { type: NewBooking?, content: form }`;
/// also `response:`, whose `content` is the media type asked for.
#[derive(Debug)]
pub(crate) struct BodyDef {
    pub(crate) ty: TypeExpr,
    pub(crate) description: Option<String>,
    pub(crate) content: Option<Located<String>>,
    /// `allow_get: true`: a GET request may carry this body, because the
    /// server reads one.
    pub(crate) allow_get: Option<Span>,
    /// `encoding: { Tags: { style: form, explode: false } }`: how fields of
    /// a form body are sent, where not as repeated keys.
    pub(crate) encoding: Vec<FieldEncodingDef>,
    /// `stream: true` on a `bytes` response: read as it arrives rather
    /// than whole.
    pub(crate) stream: Option<Span>,
    pub(crate) span: Span,
}

/// A server of `servers:`: `upload: { url: https://upload.example.com }`.
#[derive(Debug, Clone)]
pub(crate) struct ServerDef {
    pub(crate) name: Located<String>,
    /// A URL template: `https://{region}.example.com/v1`.
    pub(crate) url: Located<String>,
    pub(crate) description: Option<String>,
    pub(crate) variables: Vec<ServerVariableDef>,
}

/// A `{variable}` of a server's URL: `region: { default: eu, enum: [eu, us] }`.
#[derive(Debug, Clone)]
pub(crate) struct ServerVariableDef {
    pub(crate) name: Located<String>,
    pub(crate) default: Option<Located<String>>,
    /// The values it may take; empty when any.
    pub(crate) allowed: Vec<Located<String>>,
    pub(crate) description: Option<String>,
}

/// One success status of `responses:`: `202: { description: … }` has no
/// body, `200: Stats` one.
#[derive(Debug)]
pub(crate) struct SuccessDef {
    pub(crate) status: Located<i128>,
    pub(crate) body: Option<BodyDef>,
    pub(crate) description: Option<String>,
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
    pub(crate) headers: Vec<ParamDef>,
    pub(crate) cookies: Vec<ParamDef>,
    pub(crate) body: Option<BodyDef>,
    pub(crate) response: Option<BodyDef>,
    /// `responses: { 200: Stats, 202: { description: … } }`: several
    /// success statuses, each with its own body or none.
    pub(crate) responses: Option<Located<Vec<SuccessDef>>>,
    pub(crate) errors: Vec<ErrorRef>,
    /// `server: upload`: one of `servers:`, instead of the base URL.
    pub(crate) server: Option<Located<String>>,
    pub(crate) auth: Option<AuthRef>,
    pub(crate) deprecated: Option<Located<Deprecation>>,
    pub(crate) tags: Vec<String>,
    pub(crate) docs_url: Option<String>,
    /// `paging: page`, or a map for the other ways to the next page.
    pub(crate) paging: Option<PagingDef>,
}

/// `paging:`: how a response points at the next page, and where its items
/// are.
#[derive(Debug, Clone)]
pub(crate) struct PagingDef {
    pub(crate) style: PagingStyleDef,
    /// `items: data`: the response field (a dotted path of JSON names)
    /// that holds the items; absent, the envelope's `items` role or the
    /// response itself when it is a list.
    pub(crate) items: Option<Located<String>>,
    /// The whole `paging` value.
    pub(crate) span: Span,
}

/// The ways a response points at the next page.
#[derive(Debug, Clone)]
pub(crate) enum PagingStyleDef {
    /// `paging: page`: a page-number query parameter, and the envelope's
    /// `has_next` role.
    Page(Located<String>),
    /// `cursor: { param: after, from: meta.next_cursor }`: the response
    /// field whose value is sent as the query parameter.
    Cursor { param: Located<String>, from: Located<String> },
    /// `next_url: links.next`: the response field with the next page's URL.
    NextUrl(Located<String>),
    /// `link_header: true`: the `Link` header's `rel="next"`.
    LinkHeader,
    /// `offset: offset, limit: limit, total: total`: the query parameter
    /// moved on by the items received, the one that caps a page, and the
    /// response field with the count of all items.
    Offset { param: Located<String>, limit: Option<Located<String>>, total: Option<Located<String>> },
}

/// An endpoint's `auth`: `customer`, `customer?` (optional), a choice
/// `[bot, oauth]` (any of; with `null` among them, optional), several
/// schemes at once `{ all: [app_id, api_key] }`, or a choice among which
/// some are several at once `[bot, { all: [app_id, api_key] }]`.
#[derive(Debug)]
pub(crate) struct AuthRef {
    /// The choices, in order, without the `?` of the optional form.
    pub(crate) choices: Vec<AuthChoice>,
    /// Whether the endpoint can be sent without credentials too.
    pub(crate) optional: bool,
    /// Whether it was written as a list.
    pub(crate) list: bool,
    /// The whole `auth` value.
    pub(crate) span: Span,
}

/// One choice of an endpoint's `auth`: one scheme, or `{ all: [...] }`,
/// the credentials of every scheme listed, at once.
#[derive(Debug)]
pub(crate) struct AuthChoice {
    /// The schemes.
    pub(crate) schemes: Vec<Located<String>>,
    /// Whether it was written `{ all: [...] }`.
    pub(crate) all: bool,
    /// Where it is written.
    pub(crate) span: Span,
}

/// `deprecated: true` or `deprecated: "use list_v2"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Deprecation {
    Yes,
    Because(String),
}
