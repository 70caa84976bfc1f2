//! The rules that need the whole API built (no alias names itself, every
//! member of a tagged union is a struct), and the ones that the building
//! of types and endpoints shares: what a header name, an error status, a
//! media type, a parameter's type or a form body may be.

use super::Checker;
use super::build::is_file_field;
use crate::diagnostic::{Diagnostic, Span};
use crate::ident;
use crate::ir::{ErrorStatus, Shape, Ty, TypeDef, TypeKind};
use crate::spec::{self, Located, StatusDef};
use crate::vocabulary::Builtin;

impl Checker<'_> {
    /// The API's name names the generated file and module.
    pub(super) fn check_api_name(&mut self, name: &Located<String>) {
        if !ident::is_valid(&ident::snake(&name.value)) {
            self.error(
                Diagnostic::new(name.span, format!("`{}` cannot name a Rust file or module", name.value))
                    .hint("use letters, digits and `_`, such as `portal`"),
            );
        }
    }

    /// The client sends every request to the base URL over HTTP.
    pub(super) fn check_base_url(&mut self, base_url: &Located<String>) {
        if !(base_url.value.starts_with("https://") || base_url.value.starts_with("http://")) {
            self.error(
                Diagnostic::new(base_url.span, "`base_url` must be an http:// or https:// URL")
                    .hint("write `base_url: https://api.example.com`"),
            );
        }
    }

    /// A header name must be an HTTP token, or the request cannot be sent.
    pub(super) fn check_header_name(&mut self, name: &Located<String>) {
        let is_token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
        if name.value.is_empty() || !name.value.chars().all(is_token) {
            self.error(
                Diagnostic::new(name.span, format!("`{}` is not a valid HTTP header name", name.value))
                    .hint("header names are letters, digits and `-`, such as `X-Use-Timezone`"),
            );
        }
    }

    /// The statuses an error's `status` stands for: `404`, `4XX`, `5XX`,
    /// `default`; an exact status must be 400–599.
    pub(super) fn check_status(&mut self, status: &Located<StatusDef>) -> ErrorStatus {
        match status.value {
            StatusDef::Code(code) => match u16::try_from(code).ok().filter(|code| (400..=599).contains(code)) {
                Some(code) => ErrorStatus::Code(code),
                None => {
                    self.error(
                        Diagnostic::new(status.span, format!("{code} is not an error status"))
                            .label("expected 400–599")
                            .hint("documented errors are client (4xx) or server (5xx) errors; `4XX`, `5XX` and `default` stand for several"),
                    );
                    ErrorStatus::Code(0)
                }
            },
            StatusDef::Class(class) => ErrorStatus::Class(class),
            StatusDef::Default => ErrorStatus::Default,
        }
    }

    /// The members of a tagged union sit next to the tag in one JSON object:
    /// each must be a struct. (A union of an imported document that breaks
    /// the rule is read as `any`; a struct read as `any` before is no
    /// struct.)
    pub(super) fn check_tagged_members(&mut self) {
        for (union, ty, span) in std::mem::take(&mut self.tagged_members) {
            if !self.is_struct(&ty, 0) {
                let before = self.diagnostics.len();
                self.error(
                    Diagnostic::new(span, "a member of a tagged union must be a struct").label("not a struct").hint(
                        "its fields sit next to the tag in one JSON object; without a `tag`, a union takes any types",
                    ),
                );
                if self.types[union].imported {
                    self.read_as_any(before, union);
                }
            }
        }
    }

    /// `file` is a part of a multipart body: a field of the body's struct
    /// (`file`, `file?`, `list<file>`, `list<file>?`), and such a struct is
    /// only ever a multipart body, whose parts the endpoint writes one by
    /// one: it has no JSON form, and nothing else can hold it.
    pub(super) fn check_file_places(&mut self) {
        for index in 0..self.ir_types.len() {
            let misplaced = match &self.ir_types[index].kind {
                TypeKind::Struct(fields) => fields.iter().find_map(|field| {
                    let ty = match &field.ty {
                        Ty::Option(inner) => inner,
                        ty => ty,
                    };
                    (!is_file_field(ty) && self.holds_file(ty)).then(|| format!("its field `{}`", field.json_name))
                }),
                kind => kind.member_types().into_iter().any(|ty| self.holds_file(ty)).then(|| "it".to_owned()),
            };
            if let Some(place) = misplaced {
                let before = self.diagnostics.len();
                let def = self.types[index].def;
                self.error(
                    Diagnostic::new(def.name.span, format!("`{}` holds a `file` where none can be: in {place}", def.name.value))
                        .hint("a `file` is a field of a multipart body's struct (`file`, `file?`, `list<file>`), and that struct is sent as nothing but a multipart body"),
                );
                if self.types[index].imported {
                    self.read_as_any(before, index);
                }
            }
        }
    }

    /// Reports a `file` in a type sent or read as JSON (or a parameter).
    pub(super) fn check_no_file(&mut self, ty: &Ty, span: Span, place: &str) {
        if self.holds_file(ty) {
            self.error(Diagnostic::new(span, format!("a `file` cannot be in {place}")).hint(
                "a `file` is a part of a multipart body: write `body: { type: UploadForm, content: multipart }`",
            ));
        }
    }

    /// Whether `ty` is, or holds, a `file` or a struct with file fields.
    pub(super) fn holds_file(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Builtin(builtin) => *builtin == Builtin::File,
            Ty::Option(inner) | Ty::List(inner) | Ty::Map(inner) | Ty::Boxed(inner) => self.holds_file(inner),
            Ty::Envelope(_, arg) => self.holds_file(arg),
            Ty::Named(index) => match self.ir_types.get(*index).map(|def| &def.kind) {
                Some(TypeKind::Struct(fields)) => fields.iter().any(|field| match &field.ty {
                    Ty::Option(inner) => is_file_field(inner),
                    ty => is_file_field(ty),
                }),
                _ => false,
            },
            Ty::Param => false,
        }
    }

    fn is_struct(&self, ty: &Ty, depth: usize) -> bool {
        match ty {
            Ty::Named(index) if depth <= self.ir_types.len() => match &self.ir_types[*index].kind {
                TypeKind::Struct(_) => true,
                TypeKind::Alias(inner) => self.is_struct(inner, depth + 1),
                _ => false,
            },
            _ => false,
        }
    }

    /// `A: { alias: B }` with `B: { alias: A }` names no type at all.
    pub(super) fn check_alias_cycles(&mut self) {
        for start in 0..self.ir_types.len() {
            let mut current = start;
            for _ in 0..self.ir_types.len() {
                let TypeKind::Alias(Ty::Named(next)) = self.ir_types[current].kind else { break };
                // A cycle is reported once, at its first type.
                if next < start {
                    break;
                }
                if next == start {
                    let def = self.types[start].def;
                    self.error(
                        Diagnostic::new(def.name.span, format!("alias `{}` ends up naming itself", def.name.value))
                            .hint("an alias must lead to a type that is not an alias"),
                    );
                    break;
                }
                current = next;
            }
        }
        self.check_recursive_aliases();
    }

    /// `A: { alias: list<A> }`: a Rust type alias cannot name itself, even
    /// through a `Vec`, so an alias whose type names it again (through other
    /// aliases, lists, maps and options) is refused, with a newtype as the
    /// way out. In an OpenAPI document such schemas are common (a JSON
    /// tree: `items: {$ref: A}`), so there the alias becomes that newtype.
    /// A cycle is reported once, at its first alias.
    fn check_recursive_aliases(&mut self) {
        let aliases_named = |types: &[TypeDef], index: usize| match &types[index].kind {
            TypeKind::Alias(ty) => ty.named_types(),
            _ => Vec::new(),
        };
        for start in 0..self.ir_types.len() {
            let TypeKind::Alias(ty) = &self.ir_types[start].kind else { continue };
            // A chain of plain names was reported above.
            if matches!(ty, Ty::Named(_)) && self.plain_alias_cycle(start) {
                continue;
            }
            let mut seen = vec![false; self.ir_types.len()];
            let mut stack = aliases_named(&self.ir_types, start);
            let mut cycle = false;
            while let Some(next) = stack.pop() {
                if next == start {
                    cycle = true;
                    break;
                }
                // Later cycles through an earlier alias were reported there.
                if next < start || std::mem::replace(&mut seen[next], true) {
                    continue;
                }
                stack.extend(aliases_named(&self.ir_types, next));
            }
            if !cycle {
                continue;
            }
            let entry = &self.types[start];
            if entry.imported {
                let kind = &mut self.ir_types[start].kind;
                if let TypeKind::Alias(ty) = kind {
                    *kind = TypeKind::Newtype(std::mem::replace(ty, Ty::ANY));
                }
                continue;
            }
            let def = entry.def;
            let written = match &def.kind {
                spec::TypeDefKind::Alias(expr) => expr.to_string(),
                _ => String::from("…"),
            };
            self.error(
                Diagnostic::new(def.name.span, format!("alias `{}` contains itself", def.name.value)).hint(format!(
                    "a Rust type alias cannot name itself: make it a newtype, a type of its own: `{}: {{ newtype: {written} }}`",
                    def.name.value
                )),
            );
        }
    }

    /// Whether the alias `start` is a chain of plain names back to itself.
    fn plain_alias_cycle(&self, start: usize) -> bool {
        let mut current = start;
        for _ in 0..self.ir_types.len() {
            let TypeKind::Alias(Ty::Named(next)) = self.ir_types[current].kind else { return false };
            if next == start {
                return true;
            }
            current = next;
        }
        false
    }

    /// A media type such as `application/pdf`, which goes in a header as is.
    pub(super) fn is_media_type(&mut self, content: &Located<String>) -> bool {
        let valid = content.value.split_once('/').is_some_and(|(kind, subtype)| {
            let token = |part: &str| {
                !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
            };
            token(kind) && (subtype == "*" || token(subtype.split(';').next().unwrap_or_default().trim()))
        });
        if !valid {
            self.error(
                Diagnostic::new(content.span, format!("`{}` is not a media type", content.value))
                    .hint("write a media type such as `application/pdf`"),
            );
        }
        valid
    }

    /// Whether `ty` is a struct whose fields (optional or not) are plain
    /// values, lists of them, or objects of them.
    /// Whether `ty` can be a form body: a struct whose fields a style can
    /// write, or a tagged union of such structs. The fields named in `deep`
    /// are written in the `deepObject` style, which writes any value.
    pub(super) fn is_form_type(&self, ty: &Ty, deep: &[&str]) -> bool {
        let Ty::Named(index) = ty else { return false };
        match &self.ir_types[*index].kind {
            TypeKind::Struct(fields) => fields.iter().all(|field| {
                let ty = match &field.ty {
                    Ty::Option(inner) => inner,
                    ty => ty,
                };
                // `any` is written as the JSON value it holds turns out to
                // be (a string, a list, an object of plain values); the
                // runtime refuses deeper values with an error.
                *ty == Ty::ANY || deep.contains(&field.json_name.as_str()) || self.param_shape(ty).is_some()
            }),
            TypeKind::Alias(inner) => self.is_form_type(inner, deep),
            // The tag is one more field next to the member's (an OAuth
            // token endpoint's `grant_type`).
            TypeKind::Union(union) => {
                union.tag.is_some()
                    && union
                        .variants
                        .iter()
                        .all(|variant| variant.ty.as_ref().is_none_or(|ty| self.is_form_type(ty, deep)))
            }
            _ => false,
        }
    }

    /// What a parameter (or a form field) of type `ty` holds: a plain value,
    /// a list of them, or an object of them (a struct or a map whose values
    /// are plain); `None` for anything else, which no style can write.
    pub(super) fn param_shape(&self, ty: &Ty) -> Option<Shape> {
        if self.is_param_type(ty, false, 0) {
            Some(Shape::Plain)
        } else if self.is_param_type(ty, true, 0) {
            Some(Shape::List)
        } else if self.is_flat_object(ty, 0) {
            Some(Shape::Object)
        } else {
            None
        }
    }

    fn is_flat_object(&self, ty: &Ty, depth: usize) -> bool {
        if depth > self.ir_types.len() {
            return false;
        }
        match ty {
            Ty::Map(inner) => self.is_param_type(inner, false, 0),
            Ty::Named(index) => match &self.ir_types[*index].kind {
                TypeKind::Struct(fields) => fields.iter().all(|field| {
                    let ty = match &field.ty {
                        Ty::Option(inner) => inner,
                        ty => ty,
                    };
                    self.is_param_type(ty, false, 0)
                }),
                TypeKind::Alias(inner) => self.is_flat_object(inner, depth + 1),
                _ => false,
            },
            _ => false,
        }
    }

    /// Whether a value of `ty` can be a path, query or header value: a plain
    /// value, an enum, a newtype of a plain value, an alias of one, or (in
    /// a query) a list of them. Chains of aliases are followed a bounded
    /// number of steps: a cycle of aliases is reported elsewhere.
    pub(super) fn is_param_type(&self, ty: &Ty, list_allowed: bool, depth: usize) -> bool {
        // One step more than the aliases can take: a list's elements are a
        // step down too, in a spec with no types at all.
        if depth > self.ir_types.len() + 1 {
            return false;
        }
        match ty {
            // A file is a part of a multipart body, never a parameter.
            Ty::Builtin(builtin) => !matches!(builtin, Builtin::Any | Builtin::File),
            // An element that may be `null` (`list<string?>`) sends
            // nothing for `None`.
            Ty::List(inner) => {
                let element = match inner.as_ref() {
                    Ty::Option(element) => element,
                    element => element,
                };
                list_allowed && self.is_param_type(element, false, depth + 1)
            }
            Ty::Named(index) => match &self.ir_types[*index].kind {
                TypeKind::Enum(_) | TypeKind::IntEnum(_) => true,
                // The newtype's `ParamValue` delegates to its value, which
                // must be one value.
                TypeKind::Newtype(inner) => self.is_param_type(inner, false, depth + 1),
                TypeKind::Alias(inner) => self.is_param_type(inner, list_allowed, depth + 1),
                // An untagged union of plain values (or, in a query, of
                // lists of them) is the value of its member.
                TypeKind::Union(union) => {
                    union.tag.is_none()
                        && union.variants.iter().all(|variant| {
                            variant.ty.as_ref().is_some_and(|ty| self.is_param_type(ty, list_allowed, depth + 1))
                        })
                }
                TypeKind::Struct(_) | TypeKind::Envelope { .. } => false,
            },
            _ => false,
        }
    }
}
