//! YAML nodes → the spec model, checking shapes and keys.
//!
//! Every problem is recorded and reading goes on, so that one run reports
//! them all.
//!
//! The reader's methods are split by the part of a spec file they read,
//! one `impl Reader` block each:
//!
//! - this file: the file's own keys (`spec_file`), and the shapes every
//!   part reads (maps of fixed keys, names, strings, flags, lists);
//! - `types`: `types:` and `envelopes:`, their fields, unions and enums;
//! - `errors`: `errors:`, and the errors an endpoint lists;
//! - `auth`: the `auth:` schemes, and the schemes an endpoint requires;
//! - `endpoints`: `servers:` and `endpoints:`, with their parameters,
//!   bodies and responses.

mod auth;
mod endpoints;
mod errors;
mod types;

use super::{Located, SpecFile, TypeExpr};
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

    /// The value of a key that is not allowed here and reads as a
    /// misspelling of `key` (`metod` for `method`): `finish` reports it,
    /// with the did-you-mean, and the reader may take its value in the
    /// meantime rather than also report `key` as missing.
    fn misspelled(&self, key: &str) -> Option<&'n Node> {
        self.entries.iter().find_map(|(name, value)| {
            let text = name.as_str().filter(|text| !self.allowed.contains(text))?;
            (did_you_mean(text, self.allowed.iter().copied()) == Some(key)).then_some(value)
        })
    }
}

/// Whether a field or a parameter is written as its type alone
/// (`Id: CoworkerId`), or as `[string]`, which YAML reads as a list and
/// `type_expr` reports as a list type written another way.
fn is_type_shorthand(node: &Node) -> bool {
    match &node.value {
        Value::Str(_) => true,
        Value::Seq(items) => matches!(items.as_slice(), [item] if item.as_str().is_some()),
        _ => false,
    }
}

/// The hint for `required: true`, `optional: true` or `nullable: true`
/// (JSON Schema's and other formats' ways) on something with a `type`, or
/// `required: [a, b]` on a struct: in a spec, optional is part of the type,
/// `T?`, and everything else is required.
fn optionality_hint(key: &str, keys: &Keys<'_>) -> Option<String> {
    if !matches!(key, "required" | "optional" | "nullable" | "x-nullable") {
        return None;
    }
    if !keys.allowed.contains(&"type") {
        return Some(
            "every field is required unless its type ends in `?`: write `Notes: string?` for an optional one"
                .to_owned(),
        );
    }
    let value = keys.entries.iter().find(|(name, _)| name.as_str() == Some(key)).map(|(_, value)| &value.value);
    let ty = keys.entries.iter().find(|(name, _)| name.as_str() == Some("type")).and_then(|(_, ty)| ty.as_str());
    let makes_optional = match value {
        Some(Value::Bool(flag)) => *flag != (key == "required"),
        _ => true,
    };
    Some(match (makes_optional, ty) {
        (true, Some(ty)) if ty.trim_end().ends_with('?') => format!("remove it: `{ty}` is optional already"),
        (true, Some(ty)) => format!("optional is written in the type: `type: {}?`", ty.trim_end()),
        (true, None) => "optional is written in the type: `type: string?`, say".to_owned(),
        (false, _) => "remove it: a type without `?` is required already".to_owned(),
    })
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
            if let Some(hint) = optionality_hint(text, keys) {
                self.error(diagnostic.hint(hint));
                continue;
            }
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
        // `tags: [string]`: YAML reads the brackets as a list of one string.
        if let Value::Seq(items) = &node.value
            && let [item] = items.as_slice()
            && let Some(item) = item.as_str()
        {
            self.error(
                Diagnostic::new(node.span, format!("{what} must be a string, not a list"))
                    .label("a YAML list")
                    .hint(format!("a list type is written `list<{item}>`")),
            );
            return None;
        }
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
            "servers",
            "auth",
            "envelopes",
            "types",
            "errors",
            "endpoints",
            "include",
        ];
        let mut spec = SpecFile::default();
        if self.openapi_document(root) {
            return spec;
        }
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
        // include: common.yaml
        // include: [types.yaml, bookings.yaml]
        if let Some(node) = keys.get("include") {
            const HINT: &str = "write `include: bookings.yaml`, or a list: `include: [a.yaml, b.yaml]`";
            spec.includes = match &node.value {
                Value::Str(_) => self.string(node, "`include`").into_iter().collect(),
                Value::Seq(_) => self.string_list(node, "`include`", HINT),
                _ => {
                    self.error(
                        Diagnostic::new(
                            node.span,
                            format!("`include` must be a file name or a list of them, not {}", node.kind()),
                        )
                        .hint(HINT),
                    );
                    Vec::new()
                }
            };
        }
        spec.title = self.optional_string(&mut keys, "title");
        spec.description = self.optional_string(&mut keys, "description");
        spec.base_url = self.optional_located(&mut keys, "base_url");
        if let Some(node) = keys.get("servers") {
            for (name, def) in self.named_entries(node, "`servers`") {
                spec.servers.extend(self.server_def(name, def));
            }
        }
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

    /// Whether the file is an OpenAPI (or Swagger) document given where a
    /// spec of endpointgen's format goes (`endpointgen check petstore.yaml`,
    /// `generate!("petstore.yaml")`), which is then the one problem
    /// reported: read as a spec, it has no `spec:` or `name:` and every key
    /// of it is unknown.
    fn openapi_document(&mut self, root: &Node) -> bool {
        let Value::Map(entries) = &root.value else { return false };
        if entries.iter().any(|(key, _)| key.as_str() == Some("spec")) {
            return false;
        }
        let Some((key, version)) = entries.iter().find(|(key, _)| matches!(key.as_str(), Some("openapi" | "swagger")))
        else {
            return false;
        };
        let read_as_openapi = "read it as an OpenAPI document: `generate!(openapi = \"…\")` in the macro, \
             `Config::new().openapi(…)` in a build script, `--openapi` on the command line; \
             or write it as a spec of endpointgen's format with `endpointgen import`";
        let diagnostic = if key.as_str() == Some("swagger") {
            Diagnostic::new(key.span, "this is a Swagger 2.0 document, not a spec of endpointgen's format").hint(
                format!(
                    "convert it to OpenAPI 3 first (with swagger2openapi or the Swagger Editor), then {read_as_openapi}"
                ),
            )
        } else {
            let found = match &version.value {
                Value::Str(version) => format!("an OpenAPI {version} document"),
                _ => "an OpenAPI document".to_owned(),
            };
            Diagnostic::new(key.span, format!("this is {found}, not a spec of endpointgen's format"))
                .hint(read_as_openapi)
        };
        self.error(diagnostic.label("the version of the document's format"));
        true
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
}
