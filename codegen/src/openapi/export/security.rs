//! Auth → security: an operation's `security` requirement, and the
//! `flows` of an OAuth 2 scheme in `components.securitySchemes`.

use super::{Doc, Exporter};
use crate::ir::OAuthFlow;

impl Exporter<'_> {
    pub(super) fn requirement(&self, index: usize) -> Doc {
        self.requirement_of_all(&[index])
    }

    /// `{ a: [], b: [] }`: the credentials of every scheme at once.
    pub(super) fn requirement_of_all(&self, schemes: &[usize]) -> Doc {
        schemes.iter().fold(Doc::map(), |requirement, &index| {
            requirement.with(&self.api.auth_schemes[index].spec_name, Doc::Seq(Vec::new()))
        })
    }
}

/// OpenAPI's `flows` of an OAuth 2 scheme; every flow has `scopes`, if
/// only `{}`, as OpenAPI requires.
pub(super) fn oauth_flows(flows: &[OAuthFlow]) -> Doc {
    let flows = flows
        .iter()
        .map(|flow| {
            let mut doc = Doc::map();
            for (key, url) in [
                ("authorizationUrl", &flow.authorization_url),
                ("tokenUrl", &flow.token_url),
                ("refreshUrl", &flow.refresh_url),
            ] {
                if let Some(url) = url {
                    doc.set(key, Doc::str(url));
                }
            }
            let scopes =
                flow.scopes.iter().map(|(scope, description)| (scope.clone(), Doc::str(description))).collect();
            (flow.kind.openapi_key().to_owned(), doc.with("scopes", Doc::Map(scopes)))
        })
        .collect();
    Doc::Map(flows)
}
