//! `components.securitySchemes` → the spec's `auth:`, and each operation's
//! `security` → its `auth`.

use std::collections::HashSet;

use super::names::unique_in;
use super::{Importer, follow_ref, located};
use crate::ident;
use crate::openapi::{entries, get, get_str, key_text};
use crate::spec::{AuthKind, AuthScheme, Located};
use crate::yaml::{Node, Value};

impl<'n> Importer<'n, '_> {
    pub(super) fn security_schemes(&mut self) -> Vec<AuthScheme> {
        let Some(schemes) = get(self.root, "components").and_then(|components| get(components, "securitySchemes"))
        else {
            return Vec::new();
        };
        let mut taken = HashSet::new();
        let mut result = Vec::new();
        for (key, scheme) in entries(schemes) {
            let Some(original) = key_text(key) else { continue };
            let scheme = follow_ref(self.root, scheme);
            let kind = match (get_str(scheme, "type"), get_str(scheme, "scheme"), get_str(scheme, "in")) {
                (Some("http"), Some(http), _) if http.eq_ignore_ascii_case("bearer") => Some(AuthKind::Bearer),
                (Some("apiKey"), _, Some("header")) => get(scheme, "name").and_then(|header| {
                    header.as_str().map(|text| AuthKind::ApiKey { header: located(text, header.span) })
                }),
                (Some("apiKey"), _, Some(place)) => {
                    let at = get(scheme, "in").map_or(scheme.span, |node| node.span);
                    self.error(
                        at,
                        format!("an API key sent in the {place} is not supported"),
                        "endpointgen sends API keys in a header (`in: header`) and bearer tokens (`type: http, scheme: bearer`)",
                    );
                    None
                }
                (Some(kind), http, _) => {
                    let what = match (kind, http) {
                        ("http", Some(http)) => format!("HTTP `{http}` authentication"),
                        ("oauth2", _) => "OAuth 2 (send its access token as a bearer token instead)".to_owned(),
                        (kind, _) => format!("the security scheme type `{kind}`"),
                    };
                    let at = get(scheme, "type").map_or(scheme.span, |node| node.span);
                    self.error(
                        at,
                        format!("{what} is not supported"),
                        "endpointgen sends bearer tokens (`type: http, scheme: bearer`) and API keys in a header (`type: apiKey, in: header`)",
                    );
                    None
                }
                (None, _, _) => {
                    self.error(
                        scheme.span,
                        "a security scheme needs a `type`",
                        "write `type: http` and `scheme: bearer`",
                    );
                    None
                }
            };
            let Some(kind) = kind else { continue };
            let name = if ident::is_valid(&ident::camel(&original)) && ident::is_valid(&ident::snake(&original)) {
                original
            } else {
                format!("scheme_{}", result.len() + 1)
            };
            let name = unique_in(&mut taken, name, "_");
            result.push(AuthScheme {
                name: located(name, key.span),
                kind,
                description: get_str(scheme, "description").map(str::to_owned),
            });
        }
        result
    }

    /// An operation's `auth:`: its `security` (or the document's).
    pub(super) fn auth(
        &mut self,
        operation: &'n Node,
        schemes: &[AuthScheme],
        original_names: &[String],
    ) -> Option<Located<String>> {
        let security = get(operation, "security").or_else(|| get(self.root, "security"))?;
        let Value::Seq(requirements) = &security.value else { return None };
        let anonymous = requirements.iter().any(|requirement| entries(requirement).is_empty());
        let named: Vec<&Node> = requirements.iter().filter(|requirement| !entries(requirement).is_empty()).collect();
        let requirement = match named.as_slice() {
            [] => return None,
            [one] => *one,
            _ => {
                self.error(
                    security.span,
                    "a choice between security requirements is not supported",
                    "an endpoint takes one scheme's credentials (optionally, with `{}` in the list); keep one",
                );
                return None;
            }
        };
        let [(scheme_key, _)] = entries(requirement) else {
            self.error(
                requirement.span,
                "a requirement of several schemes at once is not supported",
                "an endpoint takes the credentials of one scheme",
            );
            return None;
        };
        let original = key_text(scheme_key)?;
        // A scheme that is not supported was reported where it is declared.
        let index = original_names.iter().position(|name| *name == original)?;
        let scheme = schemes.get(index)?;
        let text = if anonymous { format!("{}?", scheme.name.value) } else { scheme.name.value.clone() };
        Some(located(text, scheme_key.span))
    }

    /// The document's names of the supported schemes, in the order of
    /// `schemes`.
    pub(super) fn declared_scheme_names(&self, schemes: &[AuthScheme]) -> Vec<String> {
        let declared = get(self.root, "components").and_then(|components| get(components, "securitySchemes"));
        schemes
            .iter()
            .map(|scheme| {
                entries(declared.unwrap_or(self.root))
                    .iter()
                    .find(|(key, _)| key.span == scheme.name.span)
                    .and_then(|(key, _)| key_text(key))
                    .unwrap_or_else(|| scheme.name.value.clone())
            })
            .collect()
    }
}
