//! Spec model → IR, reporting every problem at once, in three steps:
//!
//! - `resolve`: the names the files define (types, auth schemes, errors,
//!   groups), each once across merged files, with the Rust name it takes;
//!   and type expressions resolved to IR types;
//! - `build`: the IR of each type and endpoint, checking each one's own
//!   rules as it is built;
//! - `check`: the rules that need every type built, and the predicates the
//!   rules of types and endpoints share.
//!
//! The IR then goes through the passes every API needs (`passes`): fields
//! through which a type contains itself are boxed, and each type is marked
//! with the traits its uses need.
//!
//! In a spec imported from an OpenAPI document, a problem of an endpoint
//! or a type is a warning instead (see `Demoted`): the endpoint is left
//! out and the type read as `any`, so that the rest of the document is
//! generated.

mod build;
mod check;
mod resolve;

/// What the text of a `date`, `datetime`, `uuid` or `bytes` default may be.
pub(crate) use build::values;

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Severity, Span, Tally};
use crate::ir::{Api, Ty, TypeDef, TypeKind};
use crate::passes;
use crate::spec::{self, SpecFile};

/// Checks the files of one API (several when specs are merged) and builds
/// its IR.
///
/// The IR comes back even when there are problems: what could be
/// understood, for the macro's stub. Only `diagnostics` without errors make
/// it the API of the spec; with what was left out of imported documents.
pub(crate) fn validate(files: &[SpecFile], diagnostics: &mut Vec<Diagnostic>) -> (Api, Demoted) {
    let mut checker = Checker {
        diagnostics,
        types: Vec::new(),
        type_index: HashMap::new(),
        ir_types: Vec::new(),
        tagged_members: Vec::new(),
        demoted: Demoted::default(),
        servers: HashMap::new(),
        type_errors: 0,
    };
    let mut api = checker.api(files);
    passes::box_recursive_fields(&mut api.types);
    passes::mark_usage(&mut api.types, &api.root, passes::Sides::default());
    (api, checker.demoted)
}

/// The docs of a type read as `any`: its description, and why it is any
/// JSON value.
fn read_as_any_note(description: Option<String>) -> String {
    let note = "endpointgen reads it as any JSON value: see the warning of the generation.";
    match description {
        Some(text) => format!("{text}\n\n{note}"),
        None => note.to_owned(),
    }
}

/// What the checks left out of specs imported from OpenAPI documents, each
/// with a warning: an operation that cannot be generated, a schema that
/// has no faithful Rust type.
#[derive(Debug, Default)]
pub(crate) struct Demoted {
    /// The endpoints left out, by the place of their name.
    endpoints: Vec<Span>,
    /// The types read as `any`, by their name in the spec.
    types: Vec<String>,
    /// The endpoints kept without their paging, by the place of their name.
    paging: Vec<Span>,
}

impl Demoted {
    pub(crate) fn tally(&self) -> Tally {
        Tally { operations: 0, left_out: self.endpoints.len(), read_as_any: self.types.len() }
    }

    /// Leaves the same parts out of the imported spec, so that it can be
    /// written as a spec that the checks accept (`endpointgen import`).
    pub(crate) fn apply(&self, file: &mut SpecFile) {
        if self.endpoints.is_empty() && self.types.is_empty() && self.paging.is_empty() {
            return;
        }
        file.endpoints.retain(|endpoint| !self.endpoints.contains(&endpoint.name.span));
        for endpoint in file.endpoints.iter_mut().filter(|endpoint| self.paging.contains(&endpoint.name.span)) {
            endpoint.paging = None;
        }
        for def in file.types.iter_mut().filter(|def| self.types.contains(&def.name.value)) {
            def.description = Some(read_as_any_note(def.description.take()));
            let any = spec::TypeExpr {
                name: crate::vocabulary::Builtin::Any.name().to_owned(),
                name_span: def.name.span,
                span: def.name.span,
                args: Vec::new(),
                optional: false,
            };
            def.kind = spec::TypeDefKind::Alias(any);
        }
    }
}

/// One validation: the problems found so far, and the types as they are
/// resolved and built. `resolve`, `build` and `check` are its methods.
struct Checker<'d> {
    diagnostics: &'d mut Vec<Diagnostic>,
    /// Every type and envelope of every file, in order.
    types: Vec<TypeEntry<'d>>,
    /// Spec name → index into `types`.
    type_index: HashMap<String, usize>,
    /// The resolved types, same order, once built.
    ir_types: Vec<TypeDef>,
    /// The members of tagged unions and where they are written, checked
    /// once every type is resolved: each must be a struct. With the index
    /// of the union.
    tagged_members: Vec<(usize, Ty, Span)>,
    /// What was left out of imported documents.
    demoted: Demoted,
    /// The spec's servers: spec name → index into [`Api::servers`].
    servers: HashMap<String, usize>,
    /// How many errors the type expressions resolved so far had: an
    /// endpoint whose only problems they are is kept for the macro's stub.
    type_errors: usize,
}

/// A type or envelope of the spec, and the Rust name it takes.
struct TypeEntry<'s> {
    def: &'s spec::TypeDef,
    rust_name: String,
    /// Whether it comes from an OpenAPI document.
    imported: bool,
}

impl<'d> Checker<'d> {
    fn error(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Makes the problems reported since `before` warnings that an
    /// endpoint of an imported document is left out, at their places.
    fn leave_out(&mut self, before: usize, def: &spec::EndpointDef) {
        let operation = format!("{} {}", def.method.value.to_uppercase(), def.path.value);
        for diagnostic in &mut self.diagnostics[before..] {
            diagnostic.severity = Severity::Warning;
            diagnostic.message = format!("operation `{operation}` left out: {}", diagnostic.message);
        }
        self.demoted.endpoints.push(def.name.span);
    }

    /// Makes the problems reported since `before` warnings that an endpoint
    /// of an imported document is generated without its paging.
    fn leave_out_paging(&mut self, before: usize, def: &spec::EndpointDef) {
        let operation = format!("{} {}", def.method.value.to_uppercase(), def.path.value);
        for diagnostic in &mut self.diagnostics[before..] {
            diagnostic.severity = Severity::Warning;
            diagnostic.message = format!("operation `{operation}` is not paged: {}", diagnostic.message);
        }
        self.demoted.paging.push(def.name.span);
    }

    /// Makes the problems reported since `before` warnings that the type
    /// `index` of an imported document is read as `any`, and makes it so
    /// (once, when it has several problems).
    fn read_as_any(&mut self, before: usize, index: usize) {
        let name = &self.types[index].def.name.value;
        for diagnostic in &mut self.diagnostics[before..] {
            diagnostic.severity = Severity::Warning;
            diagnostic.message = format!("schema `{name}` read as `any` (a JSON value): {}", diagnostic.message);
        }
        if self.demoted.types.contains(name) {
            return;
        }
        self.demoted.types.push(name.clone());
        let def = &mut self.ir_types[index];
        def.kind = TypeKind::Alias(Ty::ANY);
        def.description = Some(read_as_any_note(def.description.take()));
    }

    fn api(&mut self, files: &'d [SpecFile]) -> Api {
        let first = files.first();
        if let Some(name) = first.and_then(|file| file.name.as_ref()) {
            self.check_api_name(name);
        }
        if let Some(base_url) = first.and_then(|file| file.base_url.as_ref()) {
            self.check_base_url(base_url);
        }

        self.collect_types(files);
        let (server_index, servers) = self.collect_servers(files);
        self.servers = server_index;
        let (schemes, auth_schemes) = self.collect_auth(files);
        let errors = self.collect_errors(files);

        for index in 0..self.types.len() {
            let before = self.diagnostics.len();
            let def = self.type_def(index);
            self.ir_types.push(def);
            if self.types[index].imported && self.diagnostics.len() > before {
                self.read_as_any(before, index);
            }
        }
        self.check_alias_cycles();
        self.check_tagged_members();
        self.check_file_places();
        let root = self.endpoint_tree(files, &schemes, &errors);

        Api {
            name: first.and_then(|file| file.name.as_ref()).map_or_else(String::new, |name| name.value.clone()),
            title: first.and_then(|file| file.title.clone()),
            description: first.and_then(|file| file.description.clone()),
            base_url: first.and_then(|file| file.base_url.as_ref()).map(|url| url.value.clone()),
            servers,
            auth_schemes,
            types: std::mem::take(&mut self.ir_types),
            root,
        }
    }
}
