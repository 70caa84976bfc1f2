//! The IR → an OpenAPI 3.1 document.
