//! `errors:`, and the errors an endpoint lists, by name or written inline.

use super::{Keys, Reader};
use crate::diagnostic::Diagnostic;
use crate::spec::{ErrorDef, ErrorRef, Located, StatusDef};
use crate::yaml::{Node, Value};

impl Reader<'_> {
    pub(super) fn error_def(&mut self, name: Located<String>, node: &Node) -> Option<ErrorDef> {
        const KEYS: &[&str] = &["status", "description", "body"];
        let mut keys = self.keys(node, "an error", KEYS)?;
        let def = self.error_fields(name, &mut keys);
        self.finish(&keys);
        def
    }

    /// The keys an error has wherever it is written.
    fn error_fields(&mut self, name: Located<String>, keys: &mut Keys<'_>) -> Option<ErrorDef> {
        let description = self.optional_string(keys, "description");
        let body = keys.get("body").and_then(|node| self.type_expr(node, "`body`"));
        let status = match keys.get("status") {
            Some(Node { value: Value::Int(status), span }) => {
                Some(Located { value: StatusDef::Code(*status), span: *span })
            }
            Some(Node { value: Value::Str(text), span }) if matches!(text.as_str(), "4XX" | "5XX" | "default") => {
                let status = match text.as_str() {
                    "4XX" => StatusDef::Class(4),
                    "5XX" => StatusDef::Class(5),
                    _ => StatusDef::Default,
                };
                Some(Located { value: status, span: *span })
            }
            Some(node) => {
                let found = match &node.value {
                    Value::Str(text) => format!("the string `{text}`"),
                    _ => node.kind().to_owned(),
                };
                self.error(
                    Diagnostic::new(
                        node.span,
                        format!("an error's `status` must be a number, `4XX`, `5XX` or `default`, not {found}"),
                    )
                    .hint("write `status: 404` (unquoted), or `status: 4XX` for any client error"),
                );
                None
            }
            None => {
                self.error(
                    Diagnostic::new(
                        name.span,
                        if name.value.is_empty() {
                            "this error has no `status`".to_owned()
                        } else {
                            format!("error `{}` has no `status`", name.value)
                        },
                    )
                    .hint("write `status: 404`, say"),
                );
                None
            }
        };
        Some(ErrorDef { name, status: status?, description, body })
    }

    pub(super) fn error_refs(&mut self, node: &Node) -> Vec<ErrorRef> {
        const KEYS: &[&str] = &["name", "status", "description", "body"];
        let Value::Seq(items) = &node.value else {
            self.error(
                Diagnostic::new(node.span, format!("`errors` must be a list, not {}", node.kind()))
                    .hint("write `errors: [Unauthorized, NotFound]`"),
            );
            return Vec::new();
        };
        let mut refs = Vec::new();
        for item in items {
            if let Value::Str(name) = &item.value {
                refs.push(ErrorRef::Named(Located { value: name.clone(), span: item.span }));
                continue;
            }
            let Some(mut keys) = self.keys(item, "an inline error", KEYS) else { continue };
            let name = match keys.get("name") {
                Some(name) => self.string(name, "an error's `name`"),
                None => {
                    self.error(
                        Diagnostic::new(item.span, "an inline error needs a `name`")
                            .hint("write `{ name: Conflict, status: 409 }`"),
                    );
                    None
                }
            };
            // Read the other keys even without a name, so that they are not
            // reported as unknown too.
            let placeholder = Located { value: String::new(), span: item.span };
            let def = self.error_fields(name.clone().unwrap_or(placeholder), &mut keys).filter(|_| name.is_some());
            self.finish(&keys);
            refs.extend(def.map(ErrorRef::Inline));
        }
        refs
    }
}
