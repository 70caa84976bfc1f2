//! Passes over the IR, after `validate` has built it:
//!
//! - `recursion`: boxes the fields through which a type would contain
//!   itself (every API, in `validate`);
//! - `usage`: marks each type with the traits its uses need (every API, in
//!   `validate`);
//! - `select`: keeps only the groups a generation asks for, and finds the
//!   types they use (`Options::groups`);
//! - `stub`: makes names that an error left doubled unique, for the code
//!   emitted next to the errors (after a spec error only).

mod recursion;
pub(crate) mod select;
pub(crate) mod stub;
mod usage;

pub(crate) use recursion::box_recursive_fields;
pub(crate) use usage::{Sides, mark_usage};
