//! The IR of each type (`types`) and endpoint (`endpoints`), checking the
//! rules of each as it is built.

mod endpoints;

pub(super) use endpoints::is_file_field;
mod servers;
mod types;
