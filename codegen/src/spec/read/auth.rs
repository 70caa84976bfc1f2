//! `auth:`: the schemes (bearer, basic, API keys, OAuth 2 and its flows,
//! OpenID Connect), and the schemes an endpoint's `auth` requires.

use super::Reader;
use crate::diagnostic::Diagnostic;
use crate::spec::{AuthChoice, AuthKind, AuthRef, AuthScheme, FlowKind, KeyPlace, Located, OAuthFlow};
use crate::yaml::{Node, Value};

impl Reader<'_> {
    pub(super) fn auth_scheme(&mut self, name: Located<String>, node: &Node) -> Option<AuthScheme> {
        const KINDS: &[&str] = &["bearer", "api_key", "basic", "oauth2", "openid_connect"];
        const KEYS: &[&str] = &["bearer", "api_key", "basic", "oauth2", "openid_connect", "description"];
        let mut keys = self.keys(node, "an auth scheme", KEYS)?;
        let description = self.optional_string(&mut keys, "description");
        let mut kinds = Vec::new();
        for &kind in KINDS {
            let Some(options) = keys.get(kind) else { continue };
            let span = keys.key_span(kind).unwrap_or(options.span);
            kinds.push((span, self.auth_kind(kind, options)));
        }
        self.finish(&keys);
        match kinds.as_mut_slice() {
            [(_, kind)] => kind.take().map(|kind| AuthScheme { name, kind, description }),
            [] => {
                self.error(
                    Diagnostic::new(name.span, format!("auth scheme `{}` does not say what it is", name.value))
                        .hint("write `bearer: {}` for `Authorization: Bearer <token>`, `basic: {}` for a username and password, or `api_key: { header: X-Api-Key }`"),
                );
                None
            }
            [_, (second, _), ..] => {
                self.error(
                    Diagnostic::new(
                        *second,
                        "an auth scheme is of one kind: `bearer`, `api_key`, `basic`, `oauth2` or `openid_connect`",
                    )
                    .hint("declare a scheme of each kind"),
                );
                None
            }
        }
    }

    /// The options of one kind of auth scheme (`api_key: { header: … }`).
    fn auth_kind(&mut self, kind: &str, options: &Node) -> Option<AuthKind> {
        const API_KEY_KEYS: &[&str] = &["header", "query", "cookie"];
        const OIDC_KEYS: &[&str] = &["url"];
        match kind {
            "bearer" | "basic" => {
                if !matches!(&options.value, Value::Map(options) if options.is_empty()) {
                    self.error(
                        Diagnostic::new(options.span, format!("`{kind}` takes no options"))
                            .hint(format!("write `{kind}: {{}}`")),
                    );
                }
                Some(if kind == "bearer" { AuthKind::Bearer } else { AuthKind::Basic })
            }
            "api_key" => {
                let mut keys = self.keys(options, "`api_key`", API_KEY_KEYS)?;
                let mut places = Vec::new();
                for (word, place) in
                    [("header", KeyPlace::Header), ("query", KeyPlace::Query), ("cookie", KeyPlace::Cookie)]
                {
                    if let Some(node) = keys.get(word) {
                        places.push((place, keys.key_span(word), self.string(node, &format!("`{word}`"))));
                    }
                }
                self.finish(&keys);
                match places.as_mut_slice() {
                    [(place, _, name)] => name.take().map(|name| AuthKind::ApiKey { place: *place, name }),
                    [] => {
                        self.error(
                            Diagnostic::new(
                                options.span,
                                "an `api_key` scheme needs the `header`, `query` parameter or `cookie` it is sent in",
                            )
                            .hint("write `api_key: { header: X-Api-Key }`"),
                        );
                        None
                    }
                    [_, (_, second, _), ..] => {
                        self.error(
                            Diagnostic::new(
                                second.unwrap_or(options.span),
                                "an API key is sent in one place: a `header`, a `query` parameter or a `cookie`",
                            )
                            .hint("declare a scheme for each place"),
                        );
                        None
                    }
                }
            }
            "oauth2" => self.oauth_flows(options).map(|flows| AuthKind::OAuth2 { flows }),
            _ => {
                let mut keys = self.keys(options, "`openid_connect`", OIDC_KEYS)?;
                let url = self.optional_string(&mut keys, "url");
                self.finish(&keys);
                if url.is_none() && keys.key_span("url").is_none() {
                    self.error(
                        Diagnostic::new(
                            options.span,
                            "an `openid_connect` scheme needs the `url` of its discovery document",
                        )
                        .hint("write `openid_connect: { url: https://example.com/.well-known/openid-configuration }`"),
                    );
                }
                url.map(|url| AuthKind::OpenIdConnect { url })
            }
        }
    }

    /// `oauth2: { client_credentials: { token_url: …, scopes: { read: … } } }`
    fn oauth_flows(&mut self, node: &Node) -> Option<Vec<OAuthFlow>> {
        const FLOWS: &[&str] = &["implicit", "password", "client_credentials", "authorization_code"];
        const FLOW_KEYS: &[&str] = &["authorization_url", "token_url", "refresh_url", "scopes"];
        let mut keys = self.keys(node, "`oauth2`", FLOWS)?;
        let mut flows = Vec::new();
        for kind in FlowKind::ALL {
            let Some(flow) = keys.get(kind.spec_key()) else { continue };
            let Some(mut options) = self.keys(flow, "an OAuth 2 flow", FLOW_KEYS) else { continue };
            let authorization_url = self.optional_string(&mut options, "authorization_url");
            let token_url = self.optional_string(&mut options, "token_url");
            let refresh_url = self.optional_string(&mut options, "refresh_url");
            let scopes = options
                .get("scopes")
                .map(|scopes| {
                    self.named_entries(scopes, "`scopes`")
                        .into_iter()
                        .filter_map(|(scope, description)| {
                            let description = self.string(description, "a scope's description")?;
                            Some((scope.value, description.value))
                        })
                        .collect()
                })
                .unwrap_or_default();
            self.finish(&options);
            flows.push(OAuthFlow { kind, authorization_url, token_url, refresh_url, scopes });
        }
        self.finish(&keys);
        Some(flows)
    }

    /// An endpoint's `auth`: `customer`, `customer?`, a choice
    /// `[bot, oauth]` (with `null` for "or none"), several schemes at once,
    /// `{ all: [app_id, api_key] }`, or a choice with such among them.
    pub(super) fn auth_ref(&mut self, node: &Node) -> Option<AuthRef> {
        if let Value::Map(_) = &node.value {
            let choice = self.all_of(node)?;
            return Some(AuthRef { choices: vec![choice], optional: false, list: false, span: node.span });
        }
        let Value::Seq(items) = &node.value else {
            let name = self.string(node, "`auth`")?;
            let (value, optional) = match name.value.strip_suffix('?') {
                Some(scheme) => (scheme.to_owned(), true),
                None => (name.value.clone(), false),
            };
            let scheme = Located { value, span: name.span };
            let choice = AuthChoice { schemes: vec![scheme], all: false, span: node.span };
            return Some(AuthRef { choices: vec![choice], optional, list: false, span: node.span });
        };
        let mut auth = AuthRef { choices: Vec::new(), optional: false, list: true, span: node.span };
        for item in items {
            match &item.value {
                Value::Null => auth.optional = true,
                Value::Str(name) if name.ends_with('?') => self.error(
                    Diagnostic::new(item.span, "a scheme in a choice cannot be optional on its own")
                        .hint("add `null` to the list for an endpoint that can be sent without credentials too: `[bot, oauth, null]`"),
                ),
                Value::Map(_) => auth.choices.extend(self.all_of(item)),
                _ => auth.choices.extend(self.string(item, "a scheme of `auth`").map(|scheme| AuthChoice {
                    schemes: vec![scheme],
                    all: false,
                    span: item.span,
                })),
            }
        }
        if auth.choices.is_empty() {
            self.error(
                Diagnostic::new(node.span, "`auth` lists no scheme")
                    .hint("leave `auth` out for a public endpoint, or list the schemes it takes: `auth: [bot, oauth]`"),
            );
            return None;
        }
        Some(auth)
    }

    /// `{ all: [app_id, api_key] }`: several schemes at once.
    fn all_of(&mut self, node: &Node) -> Option<AuthChoice> {
        let mut keys = self.keys(node, "`auth`", &["all"])?;
        let all = keys.get("all");
        self.finish(&keys);
        let Some(all) = all else {
            self.error(
                Diagnostic::new(node.span, "`auth` as a map says `all`")
                    .hint("several schemes at once: `auth: { all: [app_id, api_key] }`"),
            );
            return None;
        };
        let Value::Seq(items) = &all.value else {
            self.error(
                Diagnostic::new(all.span, "`all` lists schemes")
                    .hint("list the schemes whose credentials are all sent: `all: [app_id, api_key]`"),
            );
            return None;
        };
        let schemes = items.iter().filter_map(|item| self.string(item, "a scheme of `all`")).collect();
        Some(AuthChoice { schemes, all: true, span: node.span })
    }
}
