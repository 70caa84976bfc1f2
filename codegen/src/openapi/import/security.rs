//! `components.securitySchemes` → the spec's `auth:`, and each operation's
//! `security` → its `auth`.

use std::collections::HashSet;

use super::names::unique_in;
use super::{Importer, UnsupportedScheme, follow_ref, located};
use crate::diagnostic::{Diagnostic, Span};
use crate::ident;
use crate::openapi::{entries, escape_token, get, get_str, key_text};
use crate::spec::{AuthChoice, AuthKind, AuthRef, AuthScheme, FlowKind, KeyPlace, Located, OAuthFlow};
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
                (Some("http"), Some(http), _) if http.eq_ignore_ascii_case("basic") => Some(AuthKind::Basic),
                (Some("apiKey"), _, Some(place @ ("header" | "query" | "cookie"))) => {
                    let place = match place {
                        "header" => KeyPlace::Header,
                        "query" => KeyPlace::Query,
                        _ => KeyPlace::Cookie,
                    };
                    get(scheme, "name").and_then(|name| {
                        name.as_str().map(|text| AuthKind::ApiKey { place, name: located(text, name.span) })
                    })
                }
                (Some("oauth2"), _, _) => Some(AuthKind::OAuth2 { flows: oauth_flows(scheme) }),
                (Some("openIdConnect"), _, _) => match get_str(scheme, "openIdConnectUrl") {
                    Some(url) => Some(AuthKind::OpenIdConnect { url: url.to_owned() }),
                    None => {
                        self.unsupported_scheme(
                            &original,
                            "an OpenID Connect scheme needs its `openIdConnectUrl`",
                            "write the URL of the discovery document",
                        );
                        None
                    }
                },
                (Some(kind), http, place) => {
                    let what = match (kind, http, place) {
                        ("http", Some(http), _) => format!("HTTP `{http}` authentication"),
                        ("apiKey", _, Some(place)) => format!("an API key sent in the {place}"),
                        ("mutualTLS", _, _) => "mutual TLS".to_owned(),
                        (kind, _, _) => format!("the security scheme type `{kind}`"),
                    };
                    self.unsupported_scheme(
                        &original,
                        format!("{what} is not supported"),
                        "endpointgen sends bearer tokens (`type: http, scheme: bearer`, OAuth 2, OpenID Connect), HTTP Basic credentials and API keys in a header, the query or a cookie",
                    );
                    None
                }
                (None, _, _) => {
                    self.unsupported_scheme(
                        &original,
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

    /// Notes a scheme that has no place in a spec: the operations that need
    /// it are left out, each with a warning that gives `reason`.
    fn unsupported_scheme(&mut self, name: &str, reason: impl Into<String>, hint: &'static str) {
        self.unsupported_schemes.insert(name.to_owned(), UnsupportedScheme { reason: reason.into(), hint });
    }

    /// An operation's `auth:`: its `security` (or the document's). A
    /// warning about the document's is at the operation (`method`). Each
    /// requirement is a choice (any of them): one scheme, or several at
    /// once; an empty one among them makes the choice optional. A choice
    /// that the client cannot offer (a scheme it cannot send, more than
    /// four at once) is dropped with a warning while others remain; with
    /// none left, the operation is left out.
    pub(super) fn auth(
        &mut self,
        operation: &'n Node,
        method: Span,
        schemes: &[AuthScheme],
        original_names: &[String],
    ) -> Option<AuthRef> {
        let own = get(operation, "security");
        let security = own.or_else(|| get(self.root, "security"))?;
        let at = |node: &Node| if own.is_some() { node.span } else { method };
        let Value::Seq(requirements) = &security.value else { return None };
        let anonymous = requirements.iter().any(|requirement| entries(requirement).is_empty());
        let mut choices: Vec<AuthChoice> = Vec::new();
        let mut dropped: Vec<Unoffered> = Vec::new();
        for requirement in requirements.iter().filter(|requirement| !entries(requirement).is_empty()) {
            match self.schemes_of(requirement, &at, schemes, original_names) {
                // The same schemes with other scopes are the same credentials.
                Ok(found) if choices.iter().any(|known| same_schemes(&known.schemes, &found)) => {}
                Ok(found) => {
                    choices.push(AuthChoice { all: found.len() > 1, schemes: found, span: at(requirement) });
                }
                Err(reason) => dropped.push(reason),
            }
        }
        if choices.is_empty() && !anonymous {
            if let Some(Unoffered { span, reason, hint }) = dropped.into_iter().next() {
                // Called as a function: the fixtures' test finds each
                // message where it is written, not here.
                Self::leave_out(self, span, reason, hint);
            }
            return None;
        }
        let operation = self.operation.clone().unwrap_or_default();
        for Unoffered { span, reason, .. } in dropped {
            self.diagnostics.push(
                Diagnostic::warning(
                    span,
                    format!("operation `{operation}`: a choice of credentials left out: {reason}"),
                )
                .hint("the endpoint is sent with the credentials of its other choices"),
            );
        }
        if choices.is_empty() {
            return None;
        }
        Some(AuthRef { list: choices.len() > 1, choices, optional: anonymous, span: at(security) })
    }

    /// The schemes of one requirement of `security` (one, or several at
    /// once), or why the client cannot offer it: where, what, and a hint.
    fn schemes_of(
        &self,
        requirement: &'n Node,
        at: &impl Fn(&Node) -> Span,
        schemes: &[AuthScheme],
        original_names: &[String],
    ) -> Result<Vec<Located<String>>, Unoffered> {
        let keys = entries(requirement);
        if keys.len() > MAX_AT_ONCE {
            return Err(Unoffered::new(
                at(requirement),
                "a requirement of more than four schemes at once is not supported",
                "a client holds the credentials of at most four schemes at once",
            ));
        }
        let mut found = Vec::with_capacity(keys.len());
        for (scheme_key, _) in keys {
            let original = key_text(scheme_key).unwrap_or_default();
            if let Some(UnsupportedScheme { reason, hint }) = self.unsupported_schemes.get(&original) {
                // Where the scheme is declared is said by its pointer rather
                // than shown: it is often far from the operation, and the
                // same for every operation that needs it.
                let pointer = format!("#/components/securitySchemes/{}", escape_token(&original));
                return Err(Unoffered::new(
                    at(scheme_key),
                    format!("it needs the security scheme `{original}` ({pointer}): {reason}"),
                    hint,
                ));
            }
            let Some(scheme) =
                original_names.iter().position(|name| *name == original).and_then(|index| schemes.get(index))
            else {
                return Err(Unoffered::new(
                    at(scheme_key),
                    format!(
                        "it needs the security scheme `{original}`, which `components.securitySchemes` does not declare"
                    ),
                    "declare the scheme, or correct its name",
                ));
            };
            found.push(located(scheme.name.value.clone(), scheme_key.span));
        }
        Ok(found)
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

/// The most schemes whose credentials a client holds at once (the
/// runtime's `AllOf` tuples).
const MAX_AT_ONCE: usize = 4;

/// A requirement of `security` that the client cannot offer: where, why,
/// and a hint.
pub(super) struct Unoffered {
    span: Span,
    reason: String,
    hint: &'static str,
}

impl Unoffered {
    fn new(span: Span, reason: impl Into<String>, hint: &'static str) -> Self {
        Self { span, reason: reason.into(), hint }
    }
}

/// The flows of an OAuth 2 scheme, in the order of [`FlowKind::ALL`]; a
/// flow's parts that are not strings are left out (they only document
/// where to get a token).
fn oauth_flows(scheme: &Node) -> Vec<OAuthFlow> {
    let Some(flows) = get(scheme, "flows") else { return Vec::new() };
    FlowKind::ALL
        .into_iter()
        .filter_map(|kind| {
            let flow = get(flows, kind.openapi_key())?;
            let url = |key| get_str(flow, key).map(str::to_owned);
            let scopes = get(flow, "scopes")
                .map(|scopes| {
                    entries(scopes)
                        .iter()
                        .filter_map(|(scope, description)| {
                            Some((key_text(scope)?, description.as_str().unwrap_or_default().to_owned()))
                        })
                        .collect()
                })
                .unwrap_or_default();
            Some(OAuthFlow {
                kind,
                authorization_url: url("authorizationUrl"),
                token_url: url("tokenUrl"),
                refresh_url: url("refreshUrl"),
                scopes,
            })
        })
        .collect()
}

/// Whether two requirements name the same schemes, in any order.
fn same_schemes(known: &[Located<String>], found: &[Located<String>]) -> bool {
    known.len() == found.len() && found.iter().all(|scheme| known.iter().any(|other| other.value == scheme.value))
}
