//! The meaning of a spec, resolved and checked: the one place code
//! generation reads. Names here are already Rust names.

pub use crate::vocabulary::Builtin;

/// A whole API, from one spec or several merged.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// The spec's `name`, which the build.rs path names its file after.
    pub name: String,
    /// Its `title`.
    pub title: Option<String>,
    /// Its `description`.
    pub description: Option<String>,
    /// Its `base_url`.
    pub base_url: Option<String>,
    /// Its `servers`, which become constants in `servers`.
    pub servers: Vec<Server>,
    /// Its auth schemes, which become marker types in `auth`.
    pub auth_schemes: Vec<AuthScheme>,
    /// Structs, newtypes, enums, aliases and envelopes, in spec order.
    pub types: Vec<TypeDef>,
    /// The endpoint tree; the root is the `endpoints` module.
    pub root: Group,
}

/// A server of the spec, where its endpoints are sent instead of the base
/// URL.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// Its name in the spec.
    pub spec_name: String,
    /// The constant, such as `UPLOAD`.
    pub rust_name: String,
    /// Its URL template.
    pub url: String,
    /// Its description.
    pub description: Option<String>,
    /// The `{variables}` of its URL.
    pub variables: Vec<ServerVariable>,
}

/// A variable of a server's URL.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerVariable {
    /// Its name in the URL template.
    pub name: String,
    /// Its value unless the client gives another.
    pub default: String,
    /// The values it may take; empty when any may.
    pub allowed: Vec<String>,
    /// Its description.
    pub description: Option<String>,
}

/// A generated type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Its Rust name, such as `CoworkerId`.
    pub rust_name: String,
    /// Its name in the spec.
    pub spec_name: String,
    /// Its description.
    pub description: Option<String>,
    /// What it is.
    pub kind: TypeKind,
    /// Which traits the endpoints that use it need.
    pub usage: Usage,
    /// Whether its `Debug` output hides the value (a newtype of a token).
    pub secret: bool,
}

/// What a type is.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// A struct with named fields.
    Struct(Vec<Field>),
    /// A struct generic over `T`, whose fields say whether a call succeeded.
    Envelope {
        /// The fields, some of them of type [`Ty::Param`].
        fields: Vec<Field>,
        /// Which field plays which part.
        roles: EnvelopeRoles,
    },
    /// A tuple struct around one value.
    Newtype(Ty),
    /// A string enum; unknown values decode to an `Unknown(String)` variant.
    Enum(Vec<EnumVariant>),
    /// An integer enum; unknown values decode to an `Unknown(i64)` variant.
    IntEnum(Vec<IntVariant>),
    /// Another name for a type.
    Alias(Ty),
    /// One of several types: an enum with a variant per member.
    Union(Union),
}

impl TypeKind {
    /// The types a value of this kind holds: its fields', its inner type,
    /// its union members'.
    #[must_use]
    pub fn member_types(&self) -> Vec<&Ty> {
        match self {
            Self::Struct(fields) | Self::Envelope { fields, .. } => fields.iter().map(|field| &field.ty).collect(),
            Self::Newtype(ty) | Self::Alias(ty) => vec![ty],
            Self::Union(union) => union.variants.iter().filter_map(|variant| variant.ty.as_ref()).collect(),
            Self::Enum(_) | Self::IntEnum(_) => Vec::new(),
        }
    }
}

/// A type whose values are one of several types (`one_of:`).
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// The JSON property that names the member (`tag: kind`), for an
    /// internally tagged union; `None` when the first member that decodes
    /// is taken (untagged).
    pub tag: Option<String>,
    /// The members, in spec order.
    pub variants: Vec<UnionVariant>,
}

/// A member of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// The Rust variant name.
    pub rust_name: String,
    /// The value of the tag property that selects it, in a tagged union.
    pub tag_value: Option<String>,
    /// The value it holds; `None` for a tagged member that has nothing but
    /// its tag.
    pub ty: Option<Ty>,
    /// Its description.
    pub description: Option<String>,
}

/// A struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The name in JSON.
    pub json_name: String,
    /// The Rust name.
    pub rust_name: String,
    /// The type; boxed when it would make the type infinitely large.
    pub ty: Ty,
    /// Its description.
    pub description: Option<String>,
    /// The default when absent from JSON.
    pub default: Option<DefaultValue>,
    /// Whether its `Debug` output is hidden.
    pub secret: bool,
    /// Whether it is a map of the JSON properties that are not fields,
    /// which sit next to them in the object (`#[serde(flatten)]`).
    pub flatten: bool,
}

/// The envelope field (by index) that plays each role.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EnvelopeRoles {
    /// The boolean that says whether the call succeeded; an envelope
    /// without one (a page of a list, say) is never checked.
    pub success: Option<usize>,
    /// The payload, of type `T`.
    pub value: Option<usize>,
    /// The status mirrored in the body.
    pub status: Option<usize>,
    /// The message.
    pub message: Option<usize>,
    /// The errors.
    pub errors: Option<usize>,
    /// A page's items, `list<T>`.
    pub items: Option<usize>,
    /// Whether another page follows.
    pub has_next: Option<usize>,
}

impl EnvelopeRoles {
    /// Whether the envelope is generic over a payload `T`: it has a
    /// `value` or `items` field.
    #[must_use]
    pub fn has_payload(&self) -> bool {
        self.value.is_some() || self.items.is_some()
    }
}

/// A value of a string enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumVariant {
    /// The value in JSON.
    pub json_name: String,
    /// The Rust variant name.
    pub rust_name: String,
}

/// A value of an integer enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntVariant {
    /// The Rust variant name.
    pub rust_name: String,
    /// The number on the wire.
    pub value: i64,
}

/// A default value from the spec, checked against the field's type.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    /// `false`, `0`, `""`, `[]`, `{}`: what `Default::default()` gives.
    TypeDefault,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i128),
    /// A number.
    Float(f64),
    /// A string.
    Str(String),
    /// A value of an enum, by Rust variant name.
    Variant(String),
    /// A `date`, `datetime` or `uuid`, as its text, which the generator
    /// checked: the runtime's parser takes it.
    Parsed(String),
    /// `bytes`: the base64 text and its bytes.
    Bytes(String, Vec<u8>),
    /// A newtype's value: the default of its inner type `ty`.
    Newtype(Box<DefaultValue>, Ty),
}

/// Which derives a type needs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    /// Sent in a body.
    pub serialize: bool,
    /// Read from a response.
    pub deserialize: bool,
    /// Sent as a path, query or header value.
    pub param: bool,
}

/// A resolved type expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    /// A built-in type: `bool`, `i64`, `string`, `datetime`, `any`…
    Builtin(Builtin),
    /// `T?`
    Option(Box<Ty>),
    /// `list<T>`
    List(Box<Ty>),
    /// `map<T>`, string keys.
    Map(Box<Ty>),
    /// A type of the spec, by index into [`Api::types`].
    Named(usize),
    /// An envelope applied to a payload.
    Envelope(usize, Box<Ty>),
    /// The `T` inside an envelope.
    Param,
    /// A type that contains the one being defined: boxed.
    Boxed(Box<Ty>),
}

impl Ty {
    /// `any`: the type of a value the spec says nothing about.
    pub const ANY: Self = Self::Builtin(Builtin::Any);

    /// An envelope field's type with the envelope's `T` replaced by its
    /// payload.
    #[must_use]
    pub fn substituted(&self, payload: &Ty) -> Ty {
        let inner = |ty: &Ty| Box::new(ty.substituted(payload));
        match self {
            Self::Param => payload.clone(),
            Self::Option(ty) => Self::Option(inner(ty)),
            Self::List(ty) => Self::List(inner(ty)),
            Self::Map(ty) => Self::Map(inner(ty)),
            Self::Boxed(ty) => Self::Boxed(inner(ty)),
            Self::Envelope(index, ty) => Self::Envelope(*index, inner(ty)),
            Self::Builtin(_) | Self::Named(_) => self.clone(),
        }
    }

    /// The spec types it names anywhere: inline, in a list or a map, as an
    /// envelope or its payload.
    #[must_use]
    pub fn named_types(&self) -> Vec<usize> {
        match self {
            Self::Named(index) => vec![*index],
            Self::Envelope(index, ty) => std::iter::once(*index).chain(ty.named_types()).collect(),
            Self::Option(ty) | Self::List(ty) | Self::Map(ty) | Self::Boxed(ty) => ty.named_types(),
            Self::Builtin(_) | Self::Param => Vec::new(),
        }
    }

    /// Whether values of the type are small plain data (for `Copy`, `Eq`
    /// and `Hash` on newtypes).
    #[must_use]
    pub fn is_integer_or_bool(&self) -> bool {
        matches!(self, Self::Builtin(builtin) if builtin.is_integer() || *builtin == Builtin::Bool)
    }
}

/// A module of endpoints.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Group {
    /// The module name (empty for the root, `endpoints`).
    pub rust_name: String,
    /// Its name in the spec.
    pub spec_name: String,
    /// Groups inside it.
    pub groups: Vec<Group>,
    /// Its endpoints.
    pub endpoints: Vec<Endpoint>,
}

/// One endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    /// The constructor function, such as `set_current_profile`.
    pub fn_name: String,
    /// The struct, such as `SetCurrentProfile`.
    pub struct_name: String,
    /// The error enum, such as `SetCurrentProfileError`, when errors are
    /// documented.
    pub error_name: Option<String>,
    /// Its summary.
    pub summary: Option<String>,
    /// Its description.
    pub description: Option<String>,
    /// `GET`, `PUT`, …
    pub method: Method,
    /// The path template as written.
    pub path_template: String,
    /// The path, split into literal text and parameters.
    pub path: Vec<PathPart>,
    /// Query parameters written into the path (`/responses?beta=true`):
    /// names and values, sent with every request before the others.
    pub fixed_query: Vec<(String, String)>,
    /// Path parameters, in path order.
    pub path_params: Vec<Param>,
    /// Query parameters, in spec order.
    pub query: Vec<Param>,
    /// Header parameters, in spec order.
    pub headers: Vec<Param>,
    /// Cookie parameters, in spec order, sent in one `Cookie` header.
    pub cookies: Vec<Param>,
    /// The request body.
    pub body: Option<Body>,
    /// The response.
    pub response: Response,
    /// The documented errors.
    pub errors: Vec<ErrorCase>,
    /// Its own server, by index into [`Api::servers`], when it is not sent
    /// to the client's base URL.
    pub server: Option<usize>,
    /// The credentials it needs.
    pub auth: Auth,
    /// The `Accept` header: what the response is asked for in.
    pub accept: Option<String>,
    /// How to ask for the next page, for paged endpoints.
    pub paging: Option<Paging>,
    /// Whether (and why) it is deprecated.
    pub deprecated: Option<Option<String>>,
    /// Its tags.
    pub tags: Vec<String>,
    /// A link to the vendor's documentation.
    pub docs_url: Option<String>,
}

/// A paged endpoint: how its response points at the next page, and where
/// the items of a page are.
#[derive(Debug, Clone, PartialEq)]
pub struct Paging {
    /// The way to the next page.
    pub style: PagingStyle,
    /// The fields from the response to its list of items; none when the
    /// response is the list.
    pub items: FieldPath,
    /// The type of one item.
    pub item: Ty,
}

/// The ways a response points at the next page. Parameters are indices
/// into [`Endpoint::query`]; fields are paths from the response.
#[derive(Debug, Clone, PartialEq)]
pub enum PagingStyle {
    /// A page number, and a field that says whether another page follows.
    Page {
        /// The page parameter.
        param: usize,
        /// The `has_next` field.
        has_next: FieldPath,
    },
    /// A cursor from a response field, sent as a query parameter.
    Cursor {
        /// The cursor parameter.
        param: usize,
        /// The field with the next page's cursor.
        from: FieldPath,
    },
    /// A response field with the next page's URL.
    NextUrl {
        /// The field with the URL.
        from: FieldPath,
    },
    /// The `Link` header's `rel="next"` (RFC 8288).
    LinkHeader,
    /// An offset moved on by the items received, until a total.
    Offset {
        /// The offset parameter.
        param: usize,
        /// The parameter that caps a page's items, if the spec names it.
        limit: Option<usize>,
        /// The field with the count of all items, if the response has one.
        total: Option<FieldPath>,
    },
}

/// A field reached from a response through fields of its types.
pub type FieldPath = Vec<FieldStep>;

/// One field of a [`FieldPath`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldStep {
    /// The name in JSON.
    pub json_name: String,
    /// The Rust name.
    pub rust_name: String,
    /// Whether the field is optional: absent, it ends the path with no
    /// value.
    pub optional: bool,
}

/// HTTP methods that a spec may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs, reason = "the variants are the HTTP methods of the same name")]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Patch,
    Head,
    Options,
}

impl Method {
    /// The method as HTTP writes it.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Put => "PUT",
            Self::Post => "POST",
            Self::Delete => "DELETE",
            Self::Patch => "PATCH",
            Self::Head => "HEAD",
            Self::Options => "OPTIONS",
        }
    }

    /// Every method, for parsing and suggestions.
    pub const ALL: [Self; 7] = [Self::Get, Self::Put, Self::Post, Self::Delete, Self::Patch, Self::Head, Self::Options];
}

/// A piece of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// Literal text, which needs no encoding.
    Literal(String),
    /// A parameter, by index into [`Endpoint::path_params`].
    Param(usize),
}

/// A path or query parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The name on the wire.
    pub wire_name: String,
    /// The Rust name.
    pub rust_name: String,
    /// The type, without the `?` of an optional parameter.
    pub ty: Ty,
    /// Whether it is a constructor argument (else a builder method).
    pub required: bool,
    /// Its description.
    pub description: Option<String>,
    /// The value sent when the caller gives none.
    pub default: Option<DefaultValue>,
    /// How a list or an object is sent (OpenAPI's `style`).
    pub style: Style,
    /// OpenAPI's `explode`, made explicit: the style's default where the
    /// spec says nothing.
    pub explode: bool,
    /// Whether the value is plain, a list or an object.
    pub shape: Shape,
}

/// How a list or an object is written into a query, a header, a cookie or
/// a form body: OpenAPI's `style` (OpenAPI 3.1, section 4.8.12.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `id=1&id=2`; with `explode: false`, `id=1,2`. The query's default.
    Form,
    /// `id=1%202`.
    SpaceDelimited,
    /// `id=1|2`.
    PipeDelimited,
    /// `filter[color]=red`, for objects.
    DeepObject,
    /// `1,2`: the style of paths and headers.
    Simple,
}

impl Style {
    /// The name OpenAPI and the spec format give it.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Form => "form",
            Self::SpaceDelimited => "spaceDelimited",
            Self::PipeDelimited => "pipeDelimited",
            Self::DeepObject => "deepObject",
            Self::Simple => "simple",
        }
    }

    /// Every style, for parsing and suggestions.
    pub const ALL: [Self; 5] = [Self::Form, Self::SpaceDelimited, Self::PipeDelimited, Self::DeepObject, Self::Simple];

    /// `explode` when the spec says nothing: true for `form` and
    /// `deepObject`, false otherwise (OpenAPI's defaults).
    #[must_use]
    pub fn default_explode(self) -> bool {
        matches!(self, Self::Form | Self::DeepObject)
    }
}

/// What a parameter's value is, which decides how its style writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One plain value: every style writes it as `name=value`.
    Plain,
    /// A list of plain values.
    List,
    /// A struct or a map of plain values.
    Object,
    /// Any value, in the `deepObject` style at every depth: an object's
    /// properties and a list's elements (by index) are keys of their own,
    /// `filter[a][0][b]=x`, as Stripe's API and Rails' and PHP's query
    /// parsers take nested data.
    Deep,
    /// Any value, sent as its JSON text (OpenAPI's `content:
    /// application/json` parameter; `content: json` in a spec), in the
    /// query or a header.
    Json,
}

/// How one field of a form body is sent, where not as `form` with
/// `explode` (repeated keys).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldEncoding {
    /// The field's name in the body.
    pub field: String,
    /// Its style.
    pub style: Style,
    /// Its `explode`, made explicit.
    pub explode: bool,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// Its type, without the `?` of an optional body.
    pub ty: Ty,
    /// How it is encoded.
    pub content: BodyContent,
    /// Whether it is a constructor argument (else a builder method).
    pub required: bool,
    /// Its description.
    pub description: Option<String>,
    /// How fields of a form body are sent, where not as repeated keys.
    pub encoding: Vec<FieldEncoding>,
}

/// How a request body is encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyContent {
    /// JSON.
    Json,
    /// JSON sent as this media type, such as `application/merge-patch+json`.
    JsonAs(String),
    /// `application/x-www-form-urlencoded`, from a struct of plain values.
    Form,
    /// The bytes as they are, with this media type.
    Raw(String),
    /// `multipart/form-data`, from a struct whose fields are its parts, in
    /// their order.
    Multipart(Vec<Part>),
}

/// A part of a multipart body: a field of the body's struct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The field, by index among the struct's fields.
    pub field: usize,
    /// How its value is sent.
    pub kind: PartKind,
    /// Its media type from the spec's `encoding` (OpenAPI's
    /// `contentType`); `None` for the default of its kind.
    pub content_type: Option<String>,
}

/// How a part of a multipart body is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// A plain value, or a list of them (a part per element), as text.
    Text,
    /// Any other value, as its JSON text (`application/json`).
    Json,
    /// A `file`, or a list of them (a part per file).
    File,
}

/// What a successful response holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    /// Nothing worth reading.
    Empty,
    /// JSON of this type.
    Json(Ty),
    /// JSON of this envelope type, whose success flag is checked.
    Enveloped(Ty),
    /// The body as it is (`bytes`).
    Bytes,
    /// The body read as it arrives (`stream: true`, JSON lines, events).
    Stream(Streamed),
    /// Several success statuses with answers of their own (`responses:`):
    /// an enum with a variant per status, decoded by the status received.
    /// Another status is an error, as for any endpoint.
    ByStatus(Vec<StatusResponse>),
}

impl Response {
    /// The types decoded from JSON, one per answer.
    #[must_use]
    pub fn decoded_types(&self) -> Vec<&Ty> {
        match self {
            Self::Json(ty)
            | Self::Enveloped(ty)
            | Self::Stream(Streamed::JsonLines(ty) | Streamed::Events { data: ty, .. }) => vec![ty],
            Self::Empty | Self::Bytes | Self::Stream(Streamed::Bytes) => Vec::new(),
            Self::ByStatus(cases) => cases.iter().flat_map(|case| case.body.decoded_types()).collect(),
        }
    }
}

/// What a streamed answer yields.
#[derive(Debug, Clone, PartialEq)]
pub enum Streamed {
    /// Chunks of bytes (`{ type: bytes, stream: true }`).
    Bytes,
    /// One JSON value of this type per line (`content: ndjson`).
    JsonLines(Ty),
    /// Server-Sent Events whose data is this type (`content:
    /// event-stream`): JSON, or the text itself when `text` (`string`).
    Events {
        /// The type of each event's data.
        data: Ty,
        /// The data is read as text, not JSON.
        text: bool,
    },
}

/// One success status of [`Response::ByStatus`].
#[derive(Debug, Clone, PartialEq)]
pub struct StatusResponse {
    /// 200–299.
    pub status: u16,
    /// The variant, named after the status' meaning: `Ok`, `Accepted`,
    /// `MultiStatus`, or `Status299` for a status without a name.
    pub variant: String,
    /// Its description.
    pub description: Option<String>,
    /// What its body is: never `ByStatus`.
    pub body: Response,
    /// The media type asked for it: part of the endpoint's `Accept`.
    pub accept: Option<String>,
}

/// A documented error.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorCase {
    /// The variant name.
    pub rust_name: String,
    /// The name in the spec.
    pub spec_name: String,
    /// The status, or statuses, it stands for.
    pub status: ErrorStatus,
    /// Its description.
    pub description: Option<String>,
    /// The body type, if the spec gives one.
    pub body: Option<Ty>,
}

/// The statuses a documented error stands for. An endpoint's exact statuses
/// are matched first, then its ranges, then its `default`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorStatus {
    /// One status, 400–599.
    Code(u16),
    /// `4XX` (4) or `5XX` (5): every status of the class.
    Class(u8),
    /// `default`: every status that is neither a success nor another
    /// documented error.
    Default,
}

/// The status as specs write it: `404`, `4XX`, `default`.
impl std::fmt::Display for ErrorStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Code(code) => write!(f, "{code}"),
            Self::Class(class) => write!(f, "{class}XX"),
            Self::Default => f.write_str("default"),
        }
    }
}

impl ErrorStatus {
    /// Whether the variant holds the status that arrived, since the spec
    /// does not fix it.
    #[must_use]
    pub fn is_exact(self) -> bool {
        matches!(self, Self::Code(_))
    }
}

/// An auth scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthScheme {
    /// The marker type's name, such as `Customer`.
    pub rust_name: String,
    /// The name in the spec.
    pub spec_name: String,
    /// How credentials are sent.
    pub kind: AuthKind,
    /// Its description.
    pub description: Option<String>,
}

/// How an auth scheme sends credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthKind {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// The key in a header, a query parameter or a cookie.
    ApiKey {
        /// Where.
        place: KeyPlace,
        /// The header (lowercase), query parameter or cookie.
        name: String,
    },
    /// `Authorization: Basic <base64 of username:password>`.
    Basic,
    /// OAuth 2: its access token is sent as a bearer token; the flows say
    /// where to get one.
    OAuth2 {
        /// The flows, in the order of [`FlowKind`].
        flows: Vec<OAuthFlow>,
    },
    /// OpenID Connect: its access token is sent as a bearer token.
    OpenIdConnect {
        /// The discovery document's URL.
        url: String,
    },
}

impl AuthKind {
    /// Whether the client sends a bearer token for it.
    #[must_use]
    pub fn sends_bearer_token(&self) -> bool {
        matches!(self, Self::Bearer | Self::OAuth2 { .. } | Self::OpenIdConnect { .. })
    }
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyPlace {
    /// A header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

impl KeyPlace {
    /// The word of the spec format and of OpenAPI's `in`.
    #[must_use]
    pub fn word(self) -> &'static str {
        match self {
            Self::Header => "header",
            Self::Query => "query",
            Self::Cookie => "cookie",
        }
    }
}

/// An OAuth 2 flow: where to get a token, and the scopes it may have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthFlow {
    /// Which flow.
    pub kind: FlowKind,
    /// Where the user authorizes the client.
    pub authorization_url: Option<String>,
    /// Where the client gets a token.
    pub token_url: Option<String>,
    /// Where the client refreshes a token.
    pub refresh_url: Option<String>,
    /// The scopes by name, with their descriptions.
    pub scopes: Vec<(String, String)>,
}

/// The OAuth 2 flows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FlowKind {
    /// `implicit`.
    Implicit,
    /// `password`.
    Password,
    /// `client_credentials` (`clientCredentials` in OpenAPI).
    ClientCredentials,
    /// `authorization_code` (`authorizationCode` in OpenAPI).
    AuthorizationCode,
}

impl FlowKind {
    /// Every flow, in order.
    pub const ALL: [Self; 4] = [Self::Implicit, Self::Password, Self::ClientCredentials, Self::AuthorizationCode];

    /// The key in the spec format.
    #[must_use]
    pub fn spec_key(self) -> &'static str {
        match self {
            Self::Implicit => "implicit",
            Self::Password => "password",
            Self::ClientCredentials => "client_credentials",
            Self::AuthorizationCode => "authorization_code",
        }
    }

    /// The key in OpenAPI's `flows`.
    #[must_use]
    pub fn openapi_key(self) -> &'static str {
        match self {
            Self::Implicit => "implicit",
            Self::Password => "password",
            Self::ClientCredentials => "clientCredentials",
            Self::AuthorizationCode => "authorizationCode",
        }
    }
}

/// The credentials an endpoint needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// None.
    Public,
    /// Those of this scheme (by index into [`Api::auth_schemes`]).
    Required(usize),
    /// Those of this scheme if the client has them; none otherwise.
    Optional(usize),
    /// Those of every one of these schemes at once (two to four, by index
    /// into [`Api::auth_schemes`]).
    AllOf(Vec<usize>),
    /// Those of one of these choices (two or more, or one that is
    /// optional), the first the client has.
    AnyOf {
        /// The choices, in the spec's order.
        choices: Vec<AuthChoice>,
        /// Whether a client without any of them can send it too.
        optional: bool,
    },
}

/// One choice of [`Auth::AnyOf`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthChoice {
    /// The credentials of this scheme (by index into [`Api::auth_schemes`]).
    One(usize),
    /// Those of every one of these schemes at once (two to four).
    All(Vec<usize>),
}
