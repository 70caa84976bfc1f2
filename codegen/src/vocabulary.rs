//! The words of the spec format that more than one stage knows, each
//! defined once: the built-in type names, the media types that are JSON,
//! and the method names every endpoint has, which no parameter may take.
//!
//! The OpenAPI importer writes specs that the checks read: when two copies
//! of such a list drift apart, the importer writes what the checks then
//! refuse, against the promise that the checks find nothing to say about
//! names the user did not write. `serde_derive` keeps its attribute names in
//! one `symbol.rs` for the same reason.

/// A built-in type of the spec format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Builtin {
    /// `bool`
    Bool,
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `u32`
    U32,
    /// `u64`
    U64,
    /// `f32`
    F32,
    /// `f64`
    F64,
    /// `string`
    String,
    /// `date`: `YYYY-MM-DD`.
    Date,
    /// `datetime`: ISO 8601.
    DateTime,
    /// `uuid`
    Uuid,
    /// `bytes`: base64 inside JSON; the raw body as a whole body or response.
    Bytes,
    /// `any`: any JSON value.
    Any,
    /// `file`: a file part of a multipart body (`endpointgen::FilePart`).
    File,
}

impl Builtin {
    /// Every built-in type, in the order the docs list them.
    pub const ALL: [Self; 14] = [
        Self::Bool,
        Self::I32,
        Self::I64,
        Self::U32,
        Self::U64,
        Self::F32,
        Self::F64,
        Self::String,
        Self::Date,
        Self::DateTime,
        Self::Uuid,
        Self::Bytes,
        Self::Any,
        Self::File,
    ];

    /// Its name in a spec: `bool`, `datetime`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Bool => "bool",
            Self::I32 => "i32",
            Self::I64 => "i64",
            Self::U32 => "u32",
            Self::U64 => "u64",
            Self::F32 => "f32",
            Self::F64 => "f64",
            Self::String => "string",
            Self::Date => "date",
            Self::DateTime => "datetime",
            Self::Uuid => "uuid",
            Self::Bytes => "bytes",
            Self::Any => "any",
            Self::File => "file",
        }
    }

    /// The built-in type a spec names `name`.
    pub(crate) fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|builtin| builtin.name() == name)
    }

    /// Whether it is one of the integer types.
    #[must_use]
    pub fn is_integer(self) -> bool {
        matches!(self, Self::I32 | Self::I64 | Self::U32 | Self::U64)
    }
}

/// The built-in type that other languages and formats (JSON Schema, Rust,
/// TypeScript, Java, Python) call `name`, in any case: `integer` and
/// `long` are `i64`, `number` and `double` are `f64`, `boolean` is `bool`,
/// `str` is `string`. For the hint of an unknown type, since a newcomer
/// writes what they know; `any` for `object` and `json` is left to the
/// caller, which has more to say about it.
pub(crate) fn builtin_named_elsewhere(name: &str) -> Option<Builtin> {
    let builtin = match name.to_ascii_lowercase().as_str() {
        "int" | "integer" | "long" | "int64" | "isize" | "bigint" => Builtin::I64,
        "int32" | "int16" | "int8" | "i16" | "i8" | "short" => Builtin::I32,
        "uint" | "uint64" | "usize" | "ulong" => Builtin::U64,
        "uint32" | "uint16" | "uint8" | "u16" | "u8" => Builtin::U32,
        "number" | "float" | "double" | "decimal" | "float64" | "real" => Builtin::F64,
        "float32" | "single" => Builtin::F32,
        "boolean" => Builtin::Bool,
        "str" | "text" | "char" => Builtin::String,
        "timestamp" | "date_time" | "datetimeoffset" | "instant" | "offsetdatetime" | "zoneddatetime" => {
            Builtin::DateTime
        }
        "localdate" | "naivedate" => Builtin::Date,
        "guid" => Builtin::Uuid,
        "binary" | "byte" | "blob" | "bytearray" => Builtin::Bytes,
        other => return Builtin::ALL.into_iter().find(|builtin| builtin.name() == other),
    };
    Some(builtin)
}

/// `list<T>`: a JSON array.
pub(crate) const LIST: &str = "list";
/// `map<T>`: a JSON object with string keys.
pub(crate) const MAP: &str = "map";
/// `T`: an envelope's payload.
pub(crate) const PAYLOAD: &str = "T";

/// The type names a spec uses without defining them: the built-in types,
/// `list` and `map`. No type may take one, nor `T`.
pub(crate) fn builtin_type_names() -> impl Iterator<Item = &'static str> {
    Builtin::ALL.into_iter().map(Builtin::name).chain([LIST, MAP])
}

/// Whether no type of a spec may be named `name`.
pub(crate) fn is_reserved_type_name(name: &str) -> bool {
    name == PAYLOAD || builtin_type_names().any(|builtin| builtin == name)
}

/// A media type without its parameters, lowercase: `application/json` for
/// `Application/JSON; charset=utf-8`.
pub(crate) fn media_type_essence(media_type: &str) -> String {
    media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

/// Whether a media type is JSON: `application/json`, `application/…+json`
/// and `text/json`, with or without parameters.
pub(crate) fn is_json_media_type(media_type: &str) -> bool {
    let essence = media_type_essence(media_type);
    essence == "application/json" || essence.ends_with("+json") || essence == "text/json"
}

/// A streamed answer of decoded items, by its `content`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StreamContent {
    /// One JSON value per line.
    JsonLines,
    /// Server-Sent Events.
    EventStream,
}

/// `content: ndjson` and the media types of JSON lines.
pub(crate) const NDJSON: &str = "ndjson";
/// `content: event-stream`.
pub(crate) const EVENT_STREAM: &str = "event-stream";
/// The media type of Server-Sent Events.
pub(crate) const EVENT_STREAM_MEDIA_TYPE: &str = "text/event-stream";
/// The media type JSON lines are asked for in.
pub(crate) const NDJSON_MEDIA_TYPE: &str = "application/x-ndjson";

/// What a response's `content` streams: `ndjson` or a media type of JSON
/// lines (`application/x-ndjson`, `application/jsonl`, …), `event-stream`
/// or `text/event-stream`.
pub(crate) fn stream_content(content: &str) -> Option<StreamContent> {
    match media_type_essence(content).as_str() {
        NDJSON
        | NDJSON_MEDIA_TYPE
        | "application/ndjson"
        | "application/jsonl"
        | "application/x-jsonlines"
        | "application/jsonlines" => Some(StreamContent::JsonLines),
        EVENT_STREAM | EVENT_STREAM_MEDIA_TYPE => Some(StreamContent::EventStream),
        _ => None,
    }
}

/// The methods every endpoint struct has: those of the runtime's
/// `Endpoint` and `Paged` traits, and of the derived `Clone` and `Debug`.
/// An optional parameter's builder method of the same name would hide one,
/// so the checks refuse such a parameter and the importer renames it. A
/// test of the tests crate holds the list to the runtime's traits.
pub(crate) const ENDPOINT_METHODS: &[&str] = &[
    "decode",
    "decode_stream",
    "to_request",
    "write_request",
    "info",
    "next_page",
    "into_items",
    "clone",
    "clone_from",
    "fmt",
];

/// The variant of a success status, named after its meaning as RFC 9110
/// (and RFC 4918, RFC 5842 and RFC 3229 for `WebDAV` and delta encoding)
/// name it.
pub(crate) fn success_variant(status: u16) -> String {
    let name = match status {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        207 => "MultiStatus",
        208 => "AlreadyReported",
        226 => "ImUsed",
        other => return format!("Status{other}"),
    };
    name.to_owned()
}

#[cfg(test)]
mod tests {
    use super::{Builtin, builtin_named_elsewhere, is_json_media_type, is_reserved_type_name};

    #[test]
    fn every_builtin_reads_back_from_its_name() {
        for builtin in Builtin::ALL {
            assert_eq!(Builtin::from_name(builtin.name()), Some(builtin));
            assert!(is_reserved_type_name(builtin.name()));
        }
        for reserved in ["list", "map", "T"] {
            assert!(is_reserved_type_name(reserved));
        }
        assert!(!is_reserved_type_name("Booking"));
    }

    #[test]
    fn other_languages_names_of_builtins() {
        for (name, builtin) in [
            ("integer", Builtin::I64),
            ("Integer", Builtin::I64),
            ("int", Builtin::I64),
            ("number", Builtin::F64),
            ("boolean", Builtin::Bool),
            ("str", Builtin::String),
            ("String", Builtin::String),
            ("UUID", Builtin::Uuid),
        ] {
            assert_eq!(builtin_named_elsewhere(name), Some(builtin), "{name}");
        }
        assert_eq!(builtin_named_elsewhere("Issue"), None);
    }

    #[test]
    fn json_media_types() {
        for json in ["application/json", "Application/JSON; charset=utf-8", "application/merge-patch+json", "text/json"]
        {
            assert!(is_json_media_type(json), "{json}");
        }
        for other in ["text/plain", "application/xml", "application/jsonl", "application/x-www-form-urlencoded"] {
            assert!(!is_json_media_type(other), "{other}");
        }
    }
}
