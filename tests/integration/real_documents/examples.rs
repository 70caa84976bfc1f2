//! A call of every endpoint of a generated client, with example values, as
//! Rust source: what the Prism test (`super`) sends.
//!
//! The values come from the OpenAPI document, found for each parameter and
//! body field by the operation's method and path and the value's wire name:
//! `example`/`examples` first, then `const`, `enum`, `default`, and failing
//! those a value made to fit the schema's `pattern` (a small subset of
//! regular expressions: literals, classes, groups with alternatives,
//! quantifiers), `format`, `minimum` and `minLength`. Where the document says
//! nothing, the value comes from the Rust type alone. A call sets every
//! parameter (optional ones through their builder methods, so that every
//! style of encoding is sent) and every required body field; optional body
//! fields are left out.
//!
//! This lives with the test rather than in the code generator: the spec
//! format keeps no examples, and a generated client would pay in size for
//! code that only a conformance test runs (docs/openapi.md, "Checked
//! against Prism").

use std::fmt::Write as _;

use endpointgen_codegen::ir::{
    Api, Auth, AuthChoice, AuthKind, Body, BodyContent, Builtin, Endpoint, Group, Param, Ty, TypeKind,
};
use serde_json::Value;

/// How deep a value's types nest before the calls give up on a required
/// value (a type that holds itself through required fields).
const MAX_DEPTH: usize = 12;

/// The credentials a client of the test holds; each endpoint is sent with
/// the one its requirement takes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Credentials {
    Bearer,
    ApiKey,
    Basic,
}

impl Credentials {
    fn client(self) -> &'static str {
        match self {
            Self::Bearer => "&clients.bearer",
            Self::ApiKey => "&clients.api_key",
            Self::Basic => "&clients.basic",
        }
    }
}

/// The OpenAPI document, as JSON.
pub(super) struct Document<'d> {
    pub(super) root: &'d Value,
}

impl<'d> Document<'d> {
    /// `value`, with `$ref`s followed (local ones; at most 64, for cycles).
    fn resolve(&self, mut value: &'d Value) -> &'d Value {
        for _ in 0..64 {
            let Some(reference) = value.get("$ref").and_then(Value::as_str) else { return value };
            let Some(pointer) = reference.strip_prefix('#') else { return value };
            let unescaped: String = pointer.replace("~1", "/").replace("~0", "~");
            match self.root.pointer(&unescaped) {
                Some(target) => value = target,
                None => return value,
            }
        }
        value
    }

    /// The operation of `endpoint`: by method and path (without a
    /// `#fragment` or a `?query`); among several (Box's `#fragment` keys),
    /// the one whose parameters are the endpoint's.
    fn operation(&self, endpoint: &Endpoint) -> Option<(&'d Value, &'d Value)> {
        let method = endpoint.method.as_str().to_ascii_lowercase();
        let bare = |path: &str| path.split(['#', '?']).next().unwrap_or_default().to_owned();
        let wanted = bare(&endpoint.path_template);
        let names: Vec<&str> = endpoint
            .query
            .iter()
            .chain(&endpoint.headers)
            .chain(&endpoint.cookies)
            .chain(&endpoint.path_params)
            .map(|param| param.wire_name.as_str())
            .collect();
        let paths = self.root.get("paths")?.as_object()?;
        paths
            .iter()
            .filter(|(key, _)| bare(key) == wanted)
            .filter_map(|(key, item)| {
                let item = self.resolve(item);
                let operation = item.get(&method)?;
                let declared = self.parameters(item, operation);
                let matching = declared
                    .iter()
                    .filter(|parameter| {
                        parameter.get("name").and_then(Value::as_str).is_some_and(|name| names.contains(&name))
                    })
                    .count();
                let exact = *key == endpoint.path_template;
                Some(((exact, matching, usize::MAX - declared.len()), (item, operation)))
            })
            .max_by_key(|(rank, _)| *rank)
            .map(|(_, found)| found)
    }

    /// The parameters of an operation and of its path item, resolved.
    fn parameters(&self, item: &'d Value, operation: &'d Value) -> Vec<&'d Value> {
        let of = |value: &'d Value| {
            value
                .get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|parameter| self.resolve(parameter))
        };
        // The operation's own come first: they override the path item's.
        of(operation).chain(of(item)).collect()
    }

    /// The parameter `name` in `place`, and its example when it has one.
    fn parameter(&self, found: Option<(&'d Value, &'d Value)>, place: &str, name: &str) -> Option<&'d Value> {
        let (item, operation) = found?;
        self.parameters(item, operation).into_iter().find(|parameter| {
            parameter.get("in").and_then(Value::as_str) == Some(place)
                && parameter.get("name").and_then(Value::as_str).is_some_and(|wire| wire.eq_ignore_ascii_case(name))
        })
    }

    /// The request body's schema for the body's media type.
    fn body_schema(&self, found: Option<(&'d Value, &'d Value)>) -> Option<&'d Value> {
        let body = self.resolve(found?.1.get("requestBody")?);
        let content = body.get("content")?.as_object()?;
        let (_, media) = content
            .iter()
            .find(|(media_type, _)| media_type.contains("json") || media_type.contains("form-urlencoded"))
            .or_else(|| content.iter().next())?;
        media.get("schema").map(|schema| self.resolve(schema))
    }

    /// The schemas that make up `schema`: itself and, transitively, the
    /// parts of its `allOf`, `oneOf` and `anyOf`.
    fn parts(&self, schema: &'d Value) -> Vec<&'d Value> {
        let mut parts = vec![self.resolve(schema)];
        let mut next = 0;
        while let Some(&part) = parts.get(next) {
            next += 1;
            for keyword in ["allOf", "oneOf", "anyOf"] {
                for member in part.get(keyword).and_then(Value::as_array).into_iter().flatten() {
                    if parts.len() < 256 {
                        parts.push(self.resolve(member));
                    }
                }
            }
        }
        parts
    }

    /// The schema of property `name` of an object schema, looked for in
    /// its parts.
    fn property(&self, schema: Option<&'d Value>, name: &str) -> Option<&'d Value> {
        self.parts(schema?)
            .into_iter()
            .find_map(|part| part.get("properties")?.get(name))
            .map(|found| self.resolve(found))
    }

    /// Whether property `name` is required by an object schema or its parts.
    fn requires(&self, schema: Option<&'d Value>, name: &str) -> bool {
        schema.is_some_and(|schema| {
            self.parts(schema).into_iter().any(|part| {
                part.get("required")
                    .and_then(Value::as_array)
                    .is_some_and(|required| required.iter().any(|required| required.as_str() == Some(name)))
            })
        })
    }

    /// A value the document gives or allows for `schema` (and its
    /// parameter, which may carry the example): `None` when it says
    /// nothing useful.
    fn sample(&self, parameter: Option<&'d Value>, schema: Option<&'d Value>) -> Option<Value> {
        if let Some(parameter) = parameter {
            if let Some(example) = parameter.get("example") {
                return Some(example.clone());
            }
            if let Some(examples) = parameter.get("examples").and_then(Value::as_object)
                && let Some(value) = examples.values().find_map(|example| self.resolve(example).get("value"))
            {
                return Some(value.clone());
            }
        }
        let parts = self.parts(schema?);
        for part in &parts {
            if let Some(example) = part.get("example") {
                return Some(example.clone());
            }
            if let Some(first) = part.get("examples").and_then(Value::as_array).and_then(|examples| examples.first()) {
                return Some(first.clone());
            }
            if let Some(constant) = part.get("const") {
                return Some(constant.clone());
            }
            if let Some(first) = part
                .get("enum")
                .and_then(Value::as_array)
                .and_then(|values| values.iter().find(|value| !value.is_null()))
            {
                return Some(first.clone());
            }
            if let Some(default) = part.get("default").filter(|default| !default.is_null()) {
                return Some(default.clone());
            }
        }
        parts.iter().find_map(|part| made_to_fit(part))
    }
}

/// `sample` plus `ordinal`, when it is a number or a string of digits;
/// else `sample`.
fn counted_up(sample: &Value, ordinal: u64) -> Value {
    match sample {
        Value::Number(number) => number.as_u64().map_or_else(|| sample.clone(), |number| Value::from(number + ordinal)),
        Value::String(text) if !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_digit()) => {
            text.parse::<u64>().map_or_else(|_| sample.clone(), |number| Value::String((number + ordinal).to_string()))
        }
        _ => sample.clone(),
    }
}

/// A value made to fit a schema's constraints, when it has some.
fn made_to_fit(schema: &Value) -> Option<Value> {
    let number = |key: &str| schema.get(key).and_then(Value::as_f64);
    if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
        return from_pattern(pattern).map(Value::String);
    }
    let ty = schema.get("type").and_then(|ty| ty.as_str().or_else(|| ty.as_array()?.first()?.as_str()));
    match ty {
        Some("integer" | "number") => {
            let least = number("minimum").or_else(|| number("exclusiveMinimum").map(|bound| bound.floor() + 1.0));
            let most = number("maximum").or_else(|| number("exclusiveMaximum").map(|bound| bound.ceil() - 1.0));
            let value = match (least, most) {
                (Some(least), _) => least.ceil(),
                (None, Some(most)) if most < 1.0 => most.floor(),
                _ => return None,
            };
            #[allow(clippy::cast_possible_truncation, reason = "the bounds of real documents are small integers")]
            Some(Value::from(value as i64))
        }
        Some("string") => {
            let least = schema.get("minLength").and_then(Value::as_u64)?;
            Some(Value::String("a".repeat(usize::try_from(least.min(64)).unwrap())))
        }
        _ => None,
    }
}

/// A string that matches `pattern`, for the subset of regular expressions
/// that identifiers' patterns use: `^AC[0-9a-fA-F]{32}$`,
/// `^(0|[1-9][0-9]*)$`, `^(SM|MM)[0-9a-fA-F]{32}$`. `None` for others.
fn from_pattern(pattern: &str) -> Option<String> {
    let body = pattern.strip_prefix('^').unwrap_or(pattern);
    let body = body.strip_suffix('$').unwrap_or(body);
    let chars: Vec<char> = body.chars().collect();
    let mut position = 0;
    let text = sequence(&chars, &mut position)?;
    (position == chars.len()).then_some(text)
}

/// The first alternative of a sequence, up to `|` or `)`.
fn sequence(chars: &[char], position: &mut usize) -> Option<String> {
    let mut text = String::new();
    while let Some(&next) = chars.get(*position) {
        let atom = match next {
            '|' => {
                // Later alternatives are skipped: the first one serves.
                let mut depth = 0usize;
                while let Some(&skipped) = chars.get(*position) {
                    match skipped {
                        '(' => depth += 1,
                        ')' if depth == 0 => break,
                        ')' => depth -= 1,
                        '\\' => *position += 1,
                        _ => {}
                    }
                    *position += 1;
                }
                return Some(text);
            }
            ')' => return Some(text),
            '(' => {
                *position += 1;
                if chars.get(*position..*position + 2) == Some(&['?', ':']) {
                    *position += 2;
                }
                let inner = sequence(chars, position)?;
                (chars.get(*position) == Some(&')')).then_some(())?;
                *position += 1;
                inner
            }
            '[' => {
                let close = chars[*position..].iter().position(|&c| c == ']')? + *position;
                let class = &chars[*position + 1..close];
                *position = close + 1;
                match class.first()? {
                    '^' => "a".to_owned(),
                    '\\' => escaped(*class.get(1)?),
                    first => first.to_string(),
                }
            }
            '\\' => {
                *position += 1;
                let escape = *chars.get(*position)?;
                *position += 1;
                escaped(escape)
            }
            '.' => {
                *position += 1;
                "a".to_owned()
            }
            '*' | '+' | '?' | '{' | '^' | '$' => return None,
            literal => {
                *position += 1;
                literal.to_string()
            }
        };
        let count = quantifier(chars, position)?;
        text.push_str(&atom.repeat(count));
    }
    Some(text)
}

/// What an escape stands for: a digit for `\d`, a letter for `\w`, the
/// character itself otherwise.
fn escaped(escape: char) -> String {
    match escape {
        'd' => "0".to_owned(),
        'w' => "a".to_owned(),
        's' => " ".to_owned(),
        other => other.to_string(),
    }
}

/// How many times the atom before `position` is repeated: the least its
/// quantifier allows (one when it has none).
fn quantifier(chars: &[char], position: &mut usize) -> Option<usize> {
    let count = match chars.get(*position) {
        Some('*' | '?') => 0,
        Some('+') => 1,
        Some('{') => {
            let close = chars[*position..].iter().position(|&c| c == '}')? + *position;
            let inside: String = chars[*position + 1..close].iter().collect();
            *position = close;
            inside.split(',').next()?.trim().parse().ok()?
        }
        _ => return Some(1),
    };
    *position += 1;
    // A lazy or possessive suffix changes nothing here.
    if matches!(chars.get(*position), Some('?' | '+')) {
        *position += 1;
    }
    Some(count)
}

/// Writes the Rust source of `pub async fn send_examples(clients: &Clients)`
/// for the client of `api`, whose items are in scope where it is included.
pub(super) fn calls(api: &Api, document: &Document<'_>) -> String {
    // Every server of the document is Prism too.
    let mut out = String::from("/// A client builder for `url`, with every server of the API there.\n");
    out.push_str(
        "pub fn builder(url: &str) -> ::endpointgen::ClientBuilder {\n    ::endpointgen::Client::builder(url)",
    );
    for server in &api.servers {
        write!(out, "\n        .server(servers::{}, url)", raw(&server.rust_name)).unwrap();
    }
    out.push_str(
        "\n}\n\n/// Sends every endpoint once, with example values.\n\
         pub async fn send_examples(clients: &crate::Clients, report: &crate::Report) {\n",
    );
    let mut endpoints = Vec::new();
    collect(&api.root, &mut Vec::new(), &mut endpoints);
    for (module, endpoint) in endpoints {
        let writer = Writer { api, document };
        let call = writer.call(&module, endpoint);
        let credentials = credentials_of(api, &endpoint.auth);
        let name = format!("{} {}", endpoint.method.as_str(), endpoint.path_template);
        writeln!(out, "    report.send({}, {name:?}, {call}).await;", credentials.client()).unwrap();
    }
    out.push_str("}\n");
    out
}

/// Every endpoint, with the path of its module under `endpoints`.
fn collect<'a>(group: &'a Group, path: &mut Vec<String>, out: &mut Vec<(String, &'a Endpoint)>) {
    for endpoint in &group.endpoints {
        out.push((path.join("::"), endpoint));
    }
    for child in &group.groups {
        path.push(child.rust_name.clone());
        collect(child, path, out);
        path.pop();
    }
}

/// The credentials that meet a requirement: its first scheme's.
fn credentials_of(api: &Api, auth: &Auth) -> Credentials {
    let scheme = match auth {
        Auth::Public => return Credentials::Bearer,
        Auth::Required(scheme) | Auth::Optional(scheme) => *scheme,
        Auth::AnyOf { choices, .. } => match choices.first() {
            Some(AuthChoice::One(scheme)) => *scheme,
            _ => panic!(
                "the first choice of credentials is several schemes at once; give the test a client that holds them"
            ),
        },
        Auth::AllOf(_) => panic!(
            "no endpoint of the real documents needs several schemes at once; give the test a client that holds them"
        ),
    };
    match api.auth_schemes[scheme].kind {
        AuthKind::ApiKey { .. } => Credentials::ApiKey,
        AuthKind::Basic => Credentials::Basic,
        AuthKind::Bearer | AuthKind::OAuth2 { .. } | AuthKind::OpenIdConnect { .. } => Credentials::Bearer,
    }
}

/// Writes Rust expressions of example values.
struct Writer<'a, 'd> {
    api: &'a Api,
    document: &'a Document<'d>,
}

impl<'d> Writer<'_, 'd> {
    /// `endpoints::module::name(required…).optional(…)…`
    fn call(&self, module: &str, endpoint: &Endpoint) -> String {
        let operation = self.document.operation(endpoint);
        let mut arguments = Vec::new();
        let mut builders = String::new();
        let places: [(&str, &[Param]); 4] = [
            ("path", &endpoint.path_params),
            ("query", &endpoint.query),
            ("header", &endpoint.headers),
            ("cookie", &endpoint.cookies),
        ];
        for (place, params) in places {
            for param in params {
                let parameter = self.document.parameter(operation, place, &param.wire_name);
                let schema = parameter.and_then(|parameter| parameter.get("schema")).map(|s| self.document.resolve(s));
                let sample = self.document.sample(parameter, schema);
                let value = self.value(&param.ty, schema, sample.as_ref(), 0);
                if param.required {
                    arguments.push(value);
                } else {
                    write!(builders, ".{}({value})", raw(&param.rust_name)).unwrap();
                }
            }
        }
        if let Some(Body { ty, required, content, .. }) = &endpoint.body {
            let schema = self.document.body_schema(operation);
            let ty = match ty {
                Ty::Option(inner) => inner,
                other => other,
            };
            let value = match content {
                // The bytes of a file, say: any serve.
                BodyContent::Raw(_) => "::std::vec![1_u8, 2, 3]".to_owned(),
                _ => self.value(ty, schema, None, 0),
            };
            if *required {
                arguments.push(value);
            } else {
                write!(builders, ".body({value})").unwrap();
            }
        }
        let module = if module.is_empty() { String::new() } else { format!("{module}::") };
        format!("endpoints::{module}{}({}){builders}", raw(&endpoint.fn_name), arguments.join(", "))
    }

    /// An expression of type `ty`, from the document's `sample` where it
    /// fits.
    fn value(&self, ty: &Ty, schema: Option<&'d Value>, sample: Option<&Value>, depth: usize) -> String {
        let sample = sample.cloned().or_else(|| self.document.sample(None, schema));
        let sample = sample.as_ref();
        match ty {
            Ty::Builtin(builtin) => builtin_value(*builtin, sample, schema),
            Ty::Option(inner) => format!("::core::option::Option::Some({})", self.value(inner, schema, sample, depth)),
            Ty::List(item) => {
                let items = schema.and_then(|schema| {
                    self.document
                        .parts(schema)
                        .into_iter()
                        .find_map(|part| part.get("items"))
                        .map(|items| self.document.resolve(items))
                });
                // A list's example is a list: its first item serves.
                let item_sample = sample
                    .and_then(Value::as_array)
                    .and_then(|items| items.first())
                    .cloned()
                    .or_else(|| self.document.sample(None, items));
                let least = schema
                    .into_iter()
                    .flat_map(|schema| self.document.parts(schema))
                    .find_map(|part| part.get("minItems")?.as_u64())
                    .unwrap_or(1)
                    .clamp(1, 16);
                // Items that differ, for `uniqueItems`: numbers, and strings
                // of digits (ids), counted up.
                let values: Vec<String> = (0..least)
                    .map(|ordinal| {
                        let sample = item_sample.as_ref().map(|sample| counted_up(sample, ordinal));
                        self.value(item, items, sample.as_ref(), depth + 1)
                    })
                    .collect();
                format!("::std::vec![{}]", values.join(", "))
            }
            Ty::Map(_) => "::core::default::Default::default()".to_owned(),
            Ty::Boxed(inner) => format!("::std::boxed::Box::new({})", self.value(inner, schema, sample, depth)),
            Ty::Named(index) => self.named(*index, schema, sample, depth),
            Ty::Envelope(..) | Ty::Param => {
                panic!("an envelope in a request of an OpenAPI document's client")
            }
        }
    }

    fn named(&self, index: usize, schema: Option<&'d Value>, sample: Option<&Value>, depth: usize) -> String {
        let def = &self.api.types[index];
        let name = raw(&def.rust_name);
        assert!(depth < MAX_DEPTH, "`{name}` holds itself through required fields: no example value ends");
        match &def.kind {
            TypeKind::Struct(fields) => {
                let mut out = format!("{name} {{");
                for field in fields {
                    let property = self.document.property(schema, &field.json_name);
                    let value = match &field.ty {
                        _ if field.flatten => "::core::default::Default::default()".to_owned(),
                        Ty::Option(_) if !self.document.requires(schema, &field.json_name) => {
                            "::core::option::Option::None".to_owned()
                        }
                        ty => {
                            let field_sample = sample.and_then(|sample| sample.get(&field.json_name));
                            self.value(ty, property, field_sample, depth + 1)
                        }
                    };
                    write!(out, " {}: {value},", raw(&field.rust_name)).unwrap();
                }
                out.push_str(" }");
                out
            }
            TypeKind::Newtype(inner) => format!("{name}({})", self.value(inner, schema, sample, depth + 1)),
            TypeKind::Alias(inner) => self.value(inner, schema, sample, depth + 1),
            TypeKind::Enum(variants) => {
                let chosen = variants
                    .iter()
                    .find(|variant| sample.and_then(Value::as_str) == Some(variant.json_name.as_str()))
                    .or_else(|| variants.first())
                    .expect("an enum has values");
                format!("{name}::{}", raw(&chosen.rust_name))
            }
            TypeKind::IntEnum(variants) => {
                let chosen = variants
                    .iter()
                    .find(|variant| sample.and_then(Value::as_i64) == Some(variant.value))
                    .or_else(|| variants.first())
                    .expect("an enum has values");
                format!("{name}::{}", raw(&chosen.rust_name))
            }
            TypeKind::Union(union) => {
                let members: Vec<&Value> = schema
                    .into_iter()
                    .flat_map(|schema| ["oneOf", "anyOf"].map(|keyword| schema.get(keyword)))
                    .flatten()
                    .filter_map(Value::as_array)
                    .flatten()
                    .map(|member| self.document.resolve(member))
                    .filter(|member| member.get("type").and_then(Value::as_str) != Some("null"))
                    .collect();
                let variant = union.variants.first().expect("a union has members");
                match &variant.ty {
                    Some(ty) => {
                        format!(
                            "{name}::{}({})",
                            raw(&variant.rust_name),
                            self.value(ty, members.first().copied(), None, depth + 1)
                        )
                    }
                    None => format!("{name}::{}", raw(&variant.rust_name)),
                }
            }
            TypeKind::Envelope { .. } => panic!("an envelope in a request of an OpenAPI document's client"),
        }
    }
}

/// A value of a built-in type: the sample where it is one, else one of the
/// type's (a valid date, time or UUID for those formats).
fn builtin_value(builtin: Builtin, sample: Option<&Value>, schema: Option<&Value>) -> String {
    match builtin {
        Builtin::Bool => sample.and_then(Value::as_bool).unwrap_or(true).to_string(),
        Builtin::I32 | Builtin::I64 | Builtin::U32 | Builtin::U64 => {
            let value =
                sample.and_then(|sample| sample.as_i64().or_else(|| sample.as_str()?.parse().ok())).unwrap_or(1);
            let fits = match builtin {
                Builtin::I32 => i32::try_from(value).is_ok(),
                Builtin::U32 => u32::try_from(value).is_ok(),
                Builtin::U64 => value >= 0,
                _ => true,
            };
            if fits { value.to_string() } else { "1".to_owned() }
        }
        Builtin::F32 | Builtin::F64 => format!("{:?}", sample.and_then(Value::as_f64).unwrap_or(1.0)),
        Builtin::String => {
            let text = match sample {
                Some(Value::String(text)) => text.clone(),
                Some(Value::Number(number)) => number.to_string(),
                Some(Value::Bool(flag)) => flag.to_string(),
                _ => fallback_text(schema),
            };
            format!("::std::string::String::from({text:?})")
        }
        Builtin::Date => "\"2026-12-03\".parse::<::endpointgen::Date>().unwrap()".to_owned(),
        Builtin::DateTime => "\"2026-12-03T10:00:00Z\".parse::<::endpointgen::DateTime>().unwrap()".to_owned(),
        Builtin::Uuid => "\"123e4567-e89b-12d3-a456-426614174000\".parse::<::endpointgen::Uuid>().unwrap()".to_owned(),
        Builtin::Bytes => "::endpointgen::Base64Bytes(::std::vec![1, 2, 3])".to_owned(),
        // A small file part of a multipart body.
        Builtin::File => {
            "::endpointgen::FilePart::from_bytes(::std::vec![1, 2, 3]).file_name(\"example.bin\")".to_owned()
        }
        Builtin::Any => {
            let json = sample.cloned().unwrap_or(Value::Null);
            format!("::serde_json::from_str::<::endpointgen::JsonValue>({:?}).unwrap()", json.to_string())
        }
    }
}

/// A string for a schema that gives no example: one of its format's.
fn fallback_text(schema: Option<&Value>) -> String {
    let format = schema.and_then(|schema| schema.get("format")).and_then(Value::as_str).unwrap_or_default();
    match format {
        "uri" | "url" | "uri-reference" | "iri" => "https://example.com/a",
        "email" | "idn-email" => "ada@example.com",
        "hostname" | "idn-hostname" => "example.com",
        "ipv4" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        "date-time" => "2026-12-03T10:00:00Z",
        "date" => "2026-12-03",
        "time" => "10:00:00Z",
        "uuid" => "123e4567-e89b-12d3-a456-426614174000",
        "byte" => "AQID",
        _ => "example",
    }
    .to_owned()
}

/// A name as generated code writes it: `r#type` for a keyword.
fn raw(name: &str) -> String {
    endpointgen_codegen::rust_ident(name)
}

#[test]
fn patterns_of_identifiers_give_matching_strings() {
    assert_eq!(from_pattern("^(0|[1-9][0-9]*)$").as_deref(), Some("0"));
    assert_eq!(from_pattern("^AC[0-9a-fA-F]{32}$"), Some(format!("AC{}", "0".repeat(32))));
    assert_eq!(from_pattern("^(SM|MM)[0-9a-fA-F]{32}$"), Some(format!("SM{}", "0".repeat(32))));
    assert_eq!(from_pattern(r"^\d{3}-\w+$").as_deref(), Some("000-a"));
    assert_eq!(from_pattern("^a(?:b|c)?d$").as_deref(), Some("ad"));
    assert_eq!(from_pattern("a*"), Some(String::new()));
    assert_eq!(from_pattern("*"), None);
}
