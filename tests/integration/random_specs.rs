//! Random specs, made to be hostile but mostly valid: names drawn from
//! Rust's keywords, the prelude's and std's names, the names generated code
//! uses for itself (`A`, `D`, `S`, `E`, `T`, `V`), names that collide once
//! cased, non-ASCII names; text with bidirectional-text controls, control
//! characters and Rust or Markdown syntax in descriptions, enum values, JSON
//! names and `base_url`; every kind of type (structs with optional, default,
//! secret and flattened fields; string and integer enums; newtypes;
//! aliases; tagged and untagged unions; envelopes), recursive through
//! struct fields into every kind; endpoints with path, query and header
//! parameters, cookies, JSON query values, bodies, responses (some in an
//! envelope) and errors of every status class (once in a while, every status
//! from 400 to 599 with `4XX` and `5XX`).
//!
//! Each spec is checked: a refusal is fine (it is a diagnostic), a panic is
//! not. Every accepted one is generated as the CLI writes it, and all of
//! them are built as modules of one scratch crate under
//! `#![deny(warnings)]`: what `check` accepts compiles. A failure prints
//! the specs whose modules have errors, with rustc's errors.
//!
//! The specs come from a fixed list of seeds, so that CI is reproducible
//! and bounded (one `cargo build`, sharing the target directory and the
//! dependencies of `real_documents`'s scratch crate).
//! `ENDPOINTGEN_RANDOM_SPECS=400` builds the specs of seeds 0 to 399, and
//! `ENDPOINTGEN_RANDOM_SPECS=1000..1100` those of a range.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use endpointgen_codegen::{Input, Options, generate};

use crate::fixtures::MACRO_STACK;
use crate::real_documents::write_if_changed;

/// How many seeds CI runs: enough to meet every kind of name and shape a
/// few times, few enough for one quick build.
const SEEDS_IN_CI: u64 = 60;

/// Aliases and newtypes that reach themselves without a struct between
/// (`A: { alias: list<A> }`, `A: { newtype: A }`; issue 18, item 3): the
/// checker refuses an alias cycle and boxes a newtype's. Off, aliases,
/// newtypes and unions name only the types declared before them, so that
/// every cycle goes through a struct's field.
const CYCLES_WITHOUT_A_STRUCT: bool = true;

/// `SplitMix64`: small, and the same on every platform, so that a seed names
/// one spec for good.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `bound` (not 0).
    fn below(&mut self, bound: usize) -> usize {
        usize::try_from(self.next() % bound as u64).unwrap()
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn name(&mut self, names: &Names) -> &'static str {
        if self.chance(4) {
            names.rare[self.below(names.rare.len())]
        } else {
            names.common[self.below(names.common.len())]
        }
    }

    /// Between `least` and `least + extra - 1` distinct names.
    fn names(&mut self, names: &Names, least: usize, extra: usize) -> Vec<&'static str> {
        let mut chosen: Vec<&'static str> = Vec::new();
        for _ in 0..least + self.below(extra) {
            let name = self.name(names);
            if !chosen.contains(&name) {
                chosen.push(name);
            }
        }
        chosen
    }

    /// Up to `count` distinct items of `items`.
    fn distinct<'a>(&mut self, items: &[&'a str], count: usize) -> Vec<&'a str> {
        let mut chosen: Vec<&str> = Vec::new();
        for _ in 0..count {
            let item = *self.pick(items);
            if !chosen.contains(&item) {
                chosen.push(item);
            }
        }
        chosen
    }
}

/// Names drawn mostly from `common`, and now and then from `rare`: names
/// the checker refuses (or that collide once cased), which would refuse
/// most specs if they were as frequent.
struct Names {
    common: &'static [&'static str],
    rare: &'static [&'static str],
}

/// Type, variant and error names: what generated code names its own
/// generic parameters, the prelude's and std's names, and the names of
/// generated items.
const TYPE_NAMES: Names = Names {
    common: &[
        "A",
        "D",
        "S",
        "E",
        "V",
        "K",
        "F",
        "M",
        "Result",
        "Option",
        "Vec",
        "Box",
        "String",
        "Some",
        "None",
        "Ok",
        "Err",
        "Default",
        "Client",
        "Endpoint",
        "Error",
        "Unknown",
        "Value",
        "Serialize",
        "Deserialize",
        "Deserializer",
        "Visitor",
        "MapAccess",
        "Formatter",
        "Iterator",
        "Into",
        "From",
        "Fn",
        "Send",
        "Sync",
        "Copy",
        "Clone",
        "Debug",
        "Display",
        "PhantomData",
        "Bytes",
        "Request",
        "Response",
        "StatusCode",
        "Item",
        "ItemList",
        "Name2",
        "UnknownValue",
        "Builder",
    ],
    rare: &[
        "T",
        "Self",
        "type",
        "match",
        "crate",
        "super",
        "async",
        "item_list",
        "itemList",
        "Café",
        "Ünïcode",
        "Δelta",
    ],
};

/// Field, parameter, group and endpoint names.
const MEMBER_NAMES: Names = Names {
    common: &[
        "type",
        "match",
        "self",
        "super",
        "crate",
        "fn",
        "mod",
        "move",
        "ref",
        "where",
        "async",
        "await",
        "dyn",
        "yield",
        "gen",
        "union",
        "static",
        "id",
        "value",
        "a",
        "d",
        "s",
        "e",
        "t",
        "v",
        "map",
        "visitor",
        "deserializer",
        "serializer",
        "formatter",
        "f",
        "key",
        "result",
        "default",
        "unknown",
        "new",
        "send",
        "builder",
        "request",
        "response",
        "headers",
        "query",
        "path",
        "client",
        "_x",
        "fieldName",
        "2nd",
        "page",
        "next",
        "items",
        "status",
        "message",
        "Result",
        "Option",
        "Value",
    ],
    rare: &[
        "Self",
        "Id",
        "ID",
        "A",
        "D",
        "Unknown",
        "body",
        "decode",
        "x_",
        "__",
        "field_name",
        "FieldName",
        "café",
        "naïve",
        "données",
    ],
};

/// Text for descriptions, enum values, JSON names, defaults and titles.
const TEXTS: &[&str] = &[
    "plain text",
    "\u{202e}reversed\u{202c}",
    "\u{2066}isolate\u{2069} and \u{2067}rtl\u{2069}",
    "\u{200f}mark\u{200e}",
    "bell\u{7} and escape\u{1b}[31m",
    "tab\there",
    "line\nbreak\r\nand more",
    "*/ /* */ // //! #[doc = \"x\"]",
    "\"quoted\" and \\backslash\\ and r#\"raw\"#",
    "`code` and ```\nfenced\n```",
    "<T> [x] [link](https://example.com) <script>",
    "{braces} {{double}} %s %d {0}",
    "日本語のテキスト",
    "emoji 😀 and ZWJ 👩\u{200d}💻",
    "e\u{301}\u{301}\u{301} combining",
    "\u{feff}BOM inside",
    "Unknown",
    "unknown",
    "",
    " ",
    "+",
    "-",
    "self",
    "Self",
    "true",
    "null",
    "1",
];

/// A YAML value, written as JSON (which YAML reads) with its keys in order.
enum Y {
    Str(String),
    Int(i64),
    Bool(bool),
    Null,
    List(Vec<Y>),
    Map(Vec<(String, Y)>),
}

fn s(text: impl AsRef<str>) -> Y {
    Y::Str(text.as_ref().to_owned())
}

fn map(entries: Vec<(&str, Y)>) -> Y {
    Y::Map(entries.into_iter().map(|(key, value)| (key.to_owned(), value)).collect())
}

impl Y {
    fn write(&self, out: &mut String, indent: usize) {
        let quoted = |text: &str| serde_json::to_string(text).unwrap();
        match self {
            Y::Str(text) => out.push_str(&quoted(text)),
            Y::Int(number) => write!(out, "{number}").unwrap(),
            Y::Bool(value) => write!(out, "{value}").unwrap(),
            Y::Null => out.push_str("null"),
            Y::List(items) => {
                out.push('[');
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        out.push_str(", ");
                    }
                    item.write(out, indent);
                }
                out.push(']');
            }
            Y::Map(entries) if entries.is_empty() => out.push_str("{}"),
            Y::Map(entries) => {
                out.push_str("{\n");
                for (index, (key, value)) in entries.iter().enumerate() {
                    write!(out, "{:width$}{}: ", "", quoted(key), width = indent + 2).unwrap();
                    value.write(out, indent + 2);
                    out.push_str(if index + 1 < entries.len() { ",\n" } else { "\n" });
                }
                write!(out, "{:indent$}}}", "").unwrap();
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Struct,
    StringEnum,
    IntEnum,
    /// A newtype over a plain value, which can be a parameter.
    PlainNewtype,
    Newtype,
    Alias,
    Union,
    TaggedUnion,
}

const KINDS: &[Kind] = &[
    Kind::Struct,
    Kind::Struct,
    Kind::Struct,
    Kind::StringEnum,
    Kind::IntEnum,
    Kind::PlainNewtype,
    Kind::Newtype,
    Kind::Alias,
    Kind::Union,
    Kind::TaggedUnion,
];

const PLAIN: &[&str] = &["bool", "i32", "i64", "u32", "u64", "f64", "string", "date", "datetime", "uuid"];
const BUILTIN: &[&str] =
    &["bool", "i32", "i64", "u32", "u64", "f32", "f64", "string", "date", "datetime", "uuid", "bytes", "any"];

/// A spec being made: its types' names and kinds, decided first so that any
/// type can name any other.
struct Maker {
    rng: Rng,
    types: Vec<(&'static str, Kind)>,
    envelope: Option<&'static str>,
}

impl Maker {
    /// A type expression naming a builtin, or a type of `candidates`.
    fn type_expr(&mut self, candidates: &[usize], depth: usize) -> String {
        let inner = if candidates.is_empty() || self.rng.chance(30) {
            (*self.rng.pick(BUILTIN)).to_owned()
        } else {
            self.types[*self.rng.pick(candidates)].0.to_owned()
        };
        match self.rng.below(if depth > 1 { 3 } else { 6 }) {
            0 | 1 => inner,
            2 => format!("{inner}?"),
            3 => format!("list<{}>", self.type_expr(candidates, depth + 1)),
            4 => format!("map<{}>", self.type_expr(candidates, depth + 1)),
            _ => format!("list<{inner}>?"),
        }
    }

    /// A member of a union: anything but an optional.
    fn member_expr(&mut self, candidates: &[usize]) -> String {
        self.type_expr(candidates, 1).trim_end_matches('?').to_owned()
    }

    /// A plain type for a parameter: a builtin, an enum or a plain newtype.
    fn plain_expr(&mut self) -> String {
        let plain: Vec<&str> = self
            .types
            .iter()
            .filter(|(_, kind)| matches!(kind, Kind::StringEnum | Kind::IntEnum | Kind::PlainNewtype))
            .map(|(name, _)| *name)
            .collect();
        if plain.is_empty() || self.rng.chance(50) {
            (*self.rng.pick(PLAIN)).to_owned()
        } else {
            (*self.rng.pick(&plain)).to_owned()
        }
    }

    fn text(&mut self) -> Y {
        s(self.rng.pick(TEXTS))
    }

    fn with_description(&mut self, mut entries: Vec<(&str, Y)>) -> Y {
        if self.rng.chance(40) {
            let text = self.text();
            entries.push(("description", text));
        }
        map(entries)
    }

    fn field(&mut self, index: usize) -> Y {
        // A field may name any type: that is where recursion goes through.
        let all: Vec<usize> = (0..self.types.len()).collect();
        let ty = match self.envelope {
            // Recursion through an envelope too (`Next: Wrapped<Page?>`).
            Some(envelope) if self.rng.chance(10) => format!("{envelope}<{}>", self.type_expr(&all, 1)),
            _ => self.type_expr(&all, 0),
        };
        if self.rng.chance(30) {
            return s(&ty);
        }
        let mut entries = vec![];
        let default = self.default_for(&ty);
        entries.push(("type", s(&ty)));
        if let Some(default) = default {
            entries.push(("default", default));
        }
        if self.rng.chance(10) {
            entries.push(("secret", Y::Bool(true)));
        }
        if self.rng.chance(10) {
            entries.push(("rust_name", s(format!("renamed_{index}"))));
        }
        self.with_description(entries)
    }

    /// A default that fits `ty`, sometimes; one that may not, rarely.
    fn default_for(&mut self, ty: &str) -> Option<Y> {
        if !self.rng.chance(35) {
            return None;
        }
        Some(if ty.ends_with('?') {
            Y::Null
        } else if ty.starts_with("list<") {
            Y::List(vec![])
        } else if ty.starts_with("map<") {
            Y::Map(vec![])
        } else {
            match ty {
                "bool" => Y::Bool(self.rng.chance(50)),
                "i32" | "i64" => Y::Int(*self.rng.pick(&[0, -1, 7, i64::from(i32::MAX)])),
                "u32" | "u64" | "f32" | "f64" => Y::Int(*self.rng.pick(&[0, 1, 25])),
                "string" => self.text(),
                _ => return None,
            }
        })
    }

    /// The body of the type at `index`.
    fn type_body(&mut self, index: usize) -> Y {
        let kind = self.types[index].1;
        let before: Vec<usize> =
            if CYCLES_WITHOUT_A_STRUCT { (0..self.types.len()).collect() } else { (0..index).collect() };
        let mut entries: Vec<(&str, Y)> = Vec::new();
        match kind {
            Kind::Struct => {
                let names = self.rng.names(&MEMBER_NAMES, 1, 5);
                let mut fields: Vec<(String, Y)> =
                    names.iter().enumerate().map(|(number, field)| ((*field).to_owned(), self.field(number))).collect();
                if self.rng.chance(15) {
                    let ty = format!("map<{}>", self.type_expr(&before, 1));
                    fields.push(("others".to_owned(), map(vec![("type", s(&ty)), ("flatten", Y::Bool(true))])));
                }
                if self.rng.chance(20) {
                    // A JSON name of any text, made a Rust name by `rust_name`.
                    let json = (*self.rng.pick(TEXTS)).to_owned();
                    let ty = self.type_expr(&before, 1);
                    fields.push((json, map(vec![("type", s(&ty)), ("rust_name", s("from_text"))])));
                }
                entries.push(("fields", Y::Map(fields)));
            }
            Kind::StringEnum => {
                if self.rng.chance(50) {
                    let values = self.rng.names(&TYPE_NAMES, 1, 4);
                    entries.push(("enum", Y::List(values.into_iter().map(s).collect())));
                } else {
                    let names = self.rng.names(&TYPE_NAMES, 1, 4);
                    let values = names.into_iter().map(|variant| (variant.to_owned(), s(self.rng.pick(TEXTS))));
                    entries.push(("enum", Y::Map(values.collect())));
                }
            }
            Kind::IntEnum => {
                let names = self.rng.names(&TYPE_NAMES, 1, 4);
                let values = names.into_iter().enumerate().map(|(number, variant)| {
                    let odd = [i64::MIN, i64::MAX, -1, 0];
                    let value =
                        if self.rng.chance(30) { *self.rng.pick(&odd) } else { i64::try_from(number * 3).unwrap() };
                    (variant.to_owned(), Y::Int(value))
                });
                entries.push(("enum", Y::Map(values.collect())));
            }
            Kind::PlainNewtype => {
                entries.push(("newtype", s(self.rng.pick(PLAIN))));
                if self.rng.chance(15) {
                    entries.push(("secret", Y::Bool(true)));
                }
            }
            Kind::Newtype => {
                let ty = self.type_expr(&before, 0);
                entries.push(("newtype", s(&ty)));
            }
            Kind::Alias => {
                let ty = self.type_expr(&before, 0);
                entries.push(("alias", s(&ty)));
            }
            Kind::Union => {
                let count = 1 + self.rng.below(3);
                if self.rng.chance(50) {
                    let members: Vec<Y> = (0..count).map(|_| s(self.member_expr(&before))).collect();
                    entries.push(("one_of", Y::List(members)));
                } else {
                    let names = self.rng.names(&TYPE_NAMES, count, 1);
                    let members = names.into_iter().map(|variant| (variant.to_owned(), s(self.member_expr(&before))));
                    entries.push(("one_of", Y::Map(members.collect())));
                }
            }
            Kind::TaggedUnion => {
                let structs: Vec<&str> = before
                    .iter()
                    .map(|&other| self.types[other])
                    .filter(|(_, kind)| *kind == Kind::Struct)
                    .map(|(name, _)| name)
                    .collect();
                entries.push(("tag", s(self.rng.name(&MEMBER_NAMES))));
                let mut tags = self.rng.names(&TYPE_NAMES, 1, 3);
                if self.rng.chance(10) {
                    tags.push(*self.rng.pick(TEXTS));
                }
                let members = tags.into_iter().map(|tag| {
                    let member =
                        if structs.is_empty() || self.rng.chance(30) { Y::Null } else { s(self.rng.pick(&structs)) };
                    (tag.to_owned(), member)
                });
                entries.push(("one_of", Y::Map(members.collect())));
            }
        }
        if self.rng.chance(10) {
            // A type's own Rust name; now and then in the wrong case, which
            // the checker refuses.
            let rust_name = if self.rng.chance(80) { format!("Renamed{index}") } else { format!("renamed_{index}") };
            entries.push(("rust_name", s(rust_name)));
        }
        self.with_description(entries)
    }

    fn endpoint(&mut self, method: &str) -> Y {
        let all: Vec<usize> = (0..self.types.len()).collect();
        let mut entries = vec![("method", s(method))];
        let params = self.rng.names(&MEMBER_NAMES, 0, 3);
        let mut path = format!("/{}", self.rng.pick(&["items", "a", "x-y", "v1/things"]));
        for param in &params {
            write!(path, "/{{{param}}}").unwrap();
        }
        entries.push(("path", s(&path)));
        if !params.is_empty() {
            let declared = params.iter().map(|param| ((*param).to_owned(), s(self.plain_expr())));
            entries.push(("path_params", Y::Map(declared.collect())));
        }
        let mut query = self.rng.names(&MEMBER_NAMES, 0, 4);
        query.retain(|name| !params.contains(name));
        if !query.is_empty() {
            let declared = query.iter().map(|param| {
                let plain = self.plain_expr();
                let value = match self.rng.below(4) {
                    0 => s(&plain),
                    1 => s(format!("{plain}?")),
                    2 => s(format!("list<{plain}>?")),
                    _ => {
                        let default = self.default_for(&plain).unwrap_or(Y::Null);
                        if matches!(default, Y::Null) {
                            s(&plain)
                        } else {
                            map(vec![("type", s(&plain)), ("default", default)])
                        }
                    }
                };
                ((*param).to_owned(), value)
            });
            entries.push(("query", Y::Map(declared.collect())));
        }
        if self.rng.chance(40) {
            let headers = self.rng.distinct(&["X-Request-Id", "X-Tenant", "If-Match", "X-Self", "X-Type"], 2);
            let declared = headers.into_iter().map(|header| (header.to_owned(), s(format!("{}?", self.plain_expr()))));
            entries.push(("headers", Y::Map(declared.collect())));
        }
        if self.rng.chance(20) {
            let mut cookies = self.rng.names(&MEMBER_NAMES, 1, 2);
            cookies.retain(|name| !params.contains(name) && !query.contains(name));
            let declared = cookies.into_iter().map(|cookie| (cookie.to_owned(), s(format!("{}?", self.plain_expr()))));
            entries.push(("cookies", Y::Map(declared.collect())));
        }
        if !entries.iter().any(|(key, _)| *key == "query") && self.rng.chance(15) {
            // Any value as a query parameter's JSON text.
            let all: Vec<usize> = (0..self.types.len()).collect();
            let ty = format!("{}?", self.member_expr(&all));
            entries.push(("query", map(vec![("json_filter", map(vec![("type", s(ty)), ("content", s("json"))]))])));
        }
        if !matches!(method, "GET" | "HEAD") && self.rng.chance(60) {
            let structs: Vec<&str> =
                self.types.iter().filter(|(_, kind)| *kind == Kind::Struct).map(|(name, _)| *name).collect();
            let body = if !structs.is_empty() && self.rng.chance(60) {
                (*self.rng.pick(&structs)).to_owned()
            } else {
                self.type_expr(&all, 0)
            };
            entries.push(("body", s(&body)));
        }
        if self.rng.chance(80) {
            let response = match self.envelope {
                Some(envelope) if self.rng.chance(30) => format!("{envelope}<{}>", self.type_expr(&all, 1)),
                _ => self.type_expr(&all, 0),
            };
            entries.push(("response", s(&response)));
        }
        let statuses =
            self.rng.distinct(&["400", "401", "404", "409", "422", "500", "503", "4XX", "5XX", "default"], 4);
        if self.rng.chance(5) {
            // Every status with the ranges too (whose arms must not be dead).
            let mut every: Vec<Y> = (400..600)
                .map(|status| map(vec![("name", s(format!("Status{status}"))), ("status", Y::Int(status))]))
                .collect();
            every.push(map(vec![("name", s("ClientError")), ("status", s("4XX"))]));
            every.push(map(vec![("name", s("ServerError")), ("status", s("5XX"))]));
            entries.push(("errors", Y::List(every)));
        } else if !statuses.is_empty() && self.rng.chance(70) {
            let names = self.rng.names(&TYPE_NAMES, statuses.len(), 1);
            let errors = statuses.iter().zip(names).map(|(status, name)| {
                let status = status.parse().map_or_else(|_| s(status), Y::Int);
                let mut error = vec![("name", s(name)), ("status", status)];
                if self.rng.chance(40) {
                    error.push(("body", s(self.type_expr(&all, 1))));
                }
                self.with_description(error)
            });
            entries.push(("errors", Y::List(errors.collect())));
        }
        if self.rng.chance(30) {
            entries.push(("summary", self.text()));
        }
        if self.rng.chance(10) {
            entries.push(("deprecated", self.text()));
        }
        self.with_description(entries)
    }
}

/// The spec of `seed`.
fn spec(seed: u64) -> String {
    let mut rng = Rng(seed);
    let names = rng.names(&TYPE_NAMES, 2, 8);
    let types = names.into_iter().map(|name| (name, *rng.pick(KINDS))).collect();
    let mut maker = Maker { rng, types, envelope: None };
    let mut spec = vec![("spec", Y::Int(1)), ("name", s(format!("random_{seed}")))];
    if maker.rng.chance(50) {
        spec.push(("title", maker.text()));
        spec.push(("description", maker.text()));
        spec.push(("base_url", s(format!("https://example.com/{}", maker.rng.pick(TEXTS)))));
    }
    if maker.rng.chance(40) {
        let free: Vec<&str> = ["Result", "Wrapped", "Response", "Outcome", "E"]
            .into_iter()
            .filter(|name| !maker.types.iter().any(|(taken, _)| taken == name))
            .collect();
        let name = *maker.rng.pick(&free);
        maker.envelope = Some(name);
        let mut fields = vec![("Ok", map(vec![("type", s("bool")), ("role", s("success"))]))];
        fields.push(("Value", map(vec![("type", s("T")), ("role", s("value"))])));
        if maker.rng.chance(50) {
            fields.push(("Message", map(vec![("type", s("string?")), ("role", s("message"))])));
        }
        spec.push(("envelopes", map(vec![(name, map(vec![("fields", map(fields))]))])));
    }
    let types: Vec<(String, Y)> =
        (0..maker.types.len()).map(|index| (maker.types[index].0.to_owned(), maker.type_body(index))).collect();
    spec.push(("types", Y::Map(types)));
    let groups = maker.rng.names(&MEMBER_NAMES, 1, 3);
    let mut endpoints = Vec::new();
    for group in groups {
        let functions = maker.rng.names(&MEMBER_NAMES, 1, 3);
        let members = functions.into_iter().map(|function| {
            let method = *maker.rng.pick(&["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"]);
            (function.to_owned(), maker.endpoint(method))
        });
        endpoints.push((group.to_owned(), Y::Map(members.collect())));
    }
    spec.push(("endpoints", Y::Map(endpoints)));
    let mut text = format!("# seed {seed}\n");
    map(spec).write(&mut text, 0);
    text.push('\n');
    text
}

/// The seeds to run: `ENDPOINTGEN_RANDOM_SPECS` (`N`, or `FIRST..END`), or
/// CI's.
fn seeds() -> std::ops::Range<u64> {
    let Ok(asked) = std::env::var("ENDPOINTGEN_RANDOM_SPECS") else { return 0..SEEDS_IN_CI };
    match asked.split_once("..") {
        Some((first, end)) => first.parse().unwrap()..end.parse().unwrap(),
        None => 0..asked.parse().unwrap(),
    }
}

/// What the generator makes of a spec: its file, or its diagnostics; `Err`
/// for a panic (whose message the panic hook has printed).
fn generated(text: &str) -> Result<Result<String, String>, ()> {
    let text = text.to_owned();
    std::thread::Builder::new()
        .stack_size(MACRO_STACK)
        .spawn(move || {
            let input = Input::Inline { shown: "random.yaml".to_owned(), text };
            match generate(&[input], &Options::default()) {
                Ok(generated) => Ok(endpointgen_codegen::format(&generated.code, "random.yaml")),
                // Rendering the diagnostics reads their spans: it must not
                // panic either.
                Err(error) => Err(error.to_string()),
            }
        })
        .unwrap()
        .join()
        .map_err(|_| ())
}

#[test]
fn random_specs_that_check_accepts_build_under_deny_warnings() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("random-specs");
    let mut lib = String::from("//! The clients of random specs.\n\n#![deny(warnings)]\n");
    let mut specs = Vec::new();
    let mut panics = Vec::new();
    let mut refusals = std::collections::BTreeMap::<String, usize>::new();
    let seeds = seeds();
    for seed in seeds.clone() {
        let text = spec(seed);
        match generated(&text) {
            Err(()) => panics.push(text),
            Ok(Err(diagnostics)) => {
                // Why specs are refused, for whoever tunes the generator:
                // the messages without their places, counted.
                for line in diagnostics.lines().filter_map(|line| line.split_once(": error: ")) {
                    *refusals.entry(line.1.to_owned()).or_insert(0) += 1;
                }
            }
            Ok(Ok(code)) => {
                write_if_changed(&dir.join(format!("src/spec_{seed}.rs")), &code);
                writeln!(lib, "\n/// Seed {seed}.\npub mod spec_{seed} {{\n    include!(\"spec_{seed}.rs\");\n}}")
                    .unwrap();
                specs.push((seed, text));
            }
        }
    }
    assert!(panics.is_empty(), "the generator panicked on these specs:\n{}", panics.join("\n"));
    let total = seeds.end - seeds.start;
    eprintln!("{} of {total} random specs accepted; the others' errors: {refusals:#?}", specs.len());
    // So that the test keeps testing something: most specs are valid.
    assert!(specs.len() as u64 * 4 >= total, "only {} of {total} random specs were accepted", specs.len());

    write_if_changed(&dir.join("src/lib.rs"), &lib);
    // The dependencies of `real_documents`'s scratch crate, whose target
    // directory is shared, so that they are built once.
    crate::real_documents::write_scratch_manifest(&dir, "random-specs");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let started = Instant::now();
    let output = Command::new(cargo)
        .current_dir(&dir)
        .args(["build", "--quiet", "--offline", "--lib"])
        .env("CARGO_TARGET_DIR", Path::new(env!("CARGO_TARGET_TMPDIR")).join("real-documents/target"))
        .output()
        .unwrap();
    eprintln!("cargo build of {} random clients: {:.1} s", specs.len(), started.elapsed().as_secs_f64());
    if !output.status.success() {
        let errors = String::from_utf8_lossy(&output.stderr);
        let failing: String = specs
            .iter()
            .filter(|(seed, _)| errors.contains(&format!("src/spec_{seed}.rs")))
            .map(|(_, text)| text.as_str())
            .collect();
        panic!("accepted specs whose code does not build:\n{failing}\nrustc:\n{errors}");
    }
}
