//! The IR of each type (`types`) and endpoint (`endpoints`), checking the
//! rules of each as it is built.

mod endpoints;
mod paging;
mod servers;
mod types;
pub(crate) mod values;

pub(super) use endpoints::is_file_field;
