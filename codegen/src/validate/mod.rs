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

mod build;
mod check;
mod resolve;

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Span};
use crate::ir::{Api, Ty, TypeDef};
use crate::passes;
use crate::spec::{self, SpecFile};

/// Checks the files of one API (several when specs are merged) and builds
/// its IR.
///
/// The IR comes back even when there are problems: what could be
/// understood, for the macro's stub. Only an empty `diagnostics` makes it the
/// API of the spec.
pub(crate) fn validate(files: &[SpecFile], diagnostics: &mut Vec<Diagnostic>) -> Api {
    let mut checker = Checker {
        diagnostics,
        types: Vec::new(),
        type_index: HashMap::new(),
        ir_types: Vec::new(),
        tagged_members: Vec::new(),
    };
    let mut api = checker.api(files);
    passes::box_recursive_fields(&mut api.types);
    passes::mark_usage(&mut api.types, &api.root);
    api
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
    /// once every type is resolved: each must be a struct.
    tagged_members: Vec<(Ty, Span)>,
}

/// A type or envelope of the spec, and the Rust name it takes.
struct TypeEntry<'s> {
    def: &'s spec::TypeDef,
    rust_name: String,
}

impl<'d> Checker<'d> {
    fn error(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
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
        let (schemes, auth_schemes) = self.collect_auth(files);
        let errors = self.collect_errors(files);

        self.ir_types = (0..self.types.len()).map(|index| self.type_def(index)).collect();
        self.check_alias_cycles();
        self.check_tagged_members();
        let root = self.endpoint_tree(files, &schemes, &errors);

        Api {
            name: first.and_then(|file| file.name.as_ref()).map_or_else(String::new, |name| name.value.clone()),
            title: first.and_then(|file| file.title.clone()),
            description: first.and_then(|file| file.description.clone()),
            base_url: first.and_then(|file| file.base_url.as_ref()).map(|url| url.value.clone()),
            auth_schemes,
            types: std::mem::take(&mut self.ir_types),
            root,
        }
    }
}
