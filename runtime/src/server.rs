//! Servers of their own: the base URL of the endpoints that an API serves
//! elsewhere than at the client's base URL (Box's uploads at
//! `upload.box.com`), as the spec's `servers:` gives them, with their
//! variables.

use std::fmt;

/// A server that some endpoints of an API are sent to instead of the
/// client's base URL. Generated as a constant per server of the spec
/// (`servers::UPLOAD`); an endpoint names its own in
/// [`Endpoint::SERVER`](crate::Endpoint::SERVER).
///
/// A client sends such an endpoint to the URL that it was given for the
/// server ([`ClientBuilder::server`](crate::ClientBuilder::server)), and
/// otherwise to the server's [default URL](Self::default_url). Credentials
/// and default headers go to a server the client was given, or one at the
/// base URL's origin, and to no other (see docs/security.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Server {
    name: &'static str,
    url: &'static str,
    variables: &'static [ServerVariable],
}

/// A variable of a server's URL template (`https://{region}.example.com`):
/// its default, and the values it may take when the spec lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerVariable {
    name: &'static str,
    default: &'static str,
    allowed: &'static [&'static str],
}

impl ServerVariable {
    /// The variable `name`, `default` unless set, one of `allowed` unless
    /// that is empty.
    #[must_use]
    pub const fn new(name: &'static str, default: &'static str, allowed: &'static [&'static str]) -> Self {
        Self { name, default, allowed }
    }

    /// Its name in the URL template.
    #[must_use]
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// Its value unless another is given.
    #[must_use]
    pub const fn default(&self) -> &'static str {
        self.default
    }

    /// The values it may take; empty when any may.
    #[must_use]
    pub const fn allowed(&self) -> &'static [&'static str] {
        self.allowed
    }
}

impl Server {
    /// The server `name` of the spec at the URL template `url`, whose
    /// `{variables}` are these.
    #[must_use]
    pub const fn new(name: &'static str, url: &'static str, variables: &'static [ServerVariable]) -> Self {
        Self { name, url, variables }
    }

    /// Its name in the spec.
    #[must_use]
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// Its URL template, as the spec writes it.
    #[must_use]
    pub const fn template(&self) -> &'static str {
        self.url
    }

    /// Its variables.
    #[must_use]
    pub const fn variables(&self) -> &'static [ServerVariable] {
        self.variables
    }

    /// Its URL with every variable at its default.
    #[must_use]
    pub fn default_url(&self) -> String {
        self.fill(|variable| variable.default)
    }

    /// Its URL with the variables of `values` (by name) set, the others at
    /// their defaults.
    ///
    /// # Errors
    ///
    /// A name that is not a variable of the server, or a value that the
    /// variable does not allow.
    pub fn url_with(&self, values: &[(&str, &str)]) -> Result<String, ServerError> {
        for &(name, value) in values {
            let Some(variable) = self.variables.iter().find(|variable| variable.name == name) else {
                return Err(ServerError { server: self.name, problem: Problem::UnknownVariable(name.to_owned()) });
            };
            if !variable.allowed.is_empty() && !variable.allowed.contains(&value) {
                return Err(ServerError {
                    server: self.name,
                    problem: Problem::NotAllowed { variable: variable.name, value: value.to_owned() },
                });
            }
        }
        Ok(self.fill(|variable| {
            values.iter().rev().find(|(name, _)| *name == variable.name).map_or(variable.default, |(_, value)| value)
        }))
    }

    /// The template with each `{variable}` replaced by `value(variable)`;
    /// a `{name}` that is no variable stays as it is, and then fails to
    /// parse as a base URL, which says so.
    fn fill<'v>(&self, value: impl Fn(&ServerVariable) -> &'v str) -> String {
        let mut url = String::with_capacity(self.url.len());
        let mut rest = self.url;
        while let Some((before, after)) = rest.split_once('{') {
            let Some((name, after_close)) = after.split_once('}') else { break };
            url.push_str(before);
            match self.variables.iter().find(|variable| variable.name == name) {
                Some(variable) => url.push_str(value(variable)),
                None => {
                    url.push('{');
                    url.push_str(name);
                    url.push('}');
                }
            }
            rest = after_close;
        }
        url.push_str(rest);
        url
    }

    /// Whether `other` is this server: the same name and URL template, so
    /// that two APIs' servers of one name are not taken for each other.
    #[cfg(feature = "client")]
    pub(crate) fn is(&self, other: &Self) -> bool {
        self.name == other.name && self.url == other.url
    }
}

/// A server URL that cannot be made, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerError {
    server: &'static str,
    problem: Problem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Problem {
    UnknownVariable(String),
    NotAllowed { variable: &'static str, value: String },
}

impl fmt::Display for ServerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.problem {
            Problem::UnknownVariable(name) => {
                write!(f, "the server `{}` has no variable `{name}`", self.server)
            }
            Problem::NotAllowed { variable, value } => {
                write!(f, "the variable `{variable}` of the server `{}` cannot be {value:?}", self.server)
            }
        }
    }
}

impl std::error::Error for ServerError {}

#[cfg(test)]
mod tests {
    use super::{Server, ServerVariable};

    const REGIONAL: Server = Server::new(
        "regional",
        "https://{region}.example.com/{version}",
        &[ServerVariable::new("region", "eu", &["eu", "us"]), ServerVariable::new("version", "v1", &[])],
    );

    #[test]
    fn fills_the_variables_with_their_defaults_or_the_values_given() {
        assert_eq!(REGIONAL.default_url(), "https://eu.example.com/v1");
        assert_eq!(REGIONAL.url_with(&[("region", "us")]).unwrap(), "https://us.example.com/v1");
        assert_eq!(REGIONAL.url_with(&[("version", "v2"), ("region", "us")]).unwrap(), "https://us.example.com/v2");
    }

    #[test]
    fn refuses_a_value_not_listed_and_a_variable_it_does_not_have() {
        let error = REGIONAL.url_with(&[("region", "mars")]).unwrap_err();
        assert_eq!(error.to_string(), "the variable `region` of the server `regional` cannot be \"mars\"");
        let error = REGIONAL.url_with(&[("zone", "a")]).unwrap_err();
        assert_eq!(error.to_string(), "the server `regional` has no variable `zone`");
    }

    #[test]
    fn says_what_the_spec_gave() {
        assert_eq!(REGIONAL.name(), "regional");
        assert_eq!(REGIONAL.template(), "https://{region}.example.com/{version}");
        let [region, version] = REGIONAL.variables() else { panic!("{:?}", REGIONAL.variables()) };
        assert_eq!((region.name(), region.default(), region.allowed()), ("region", "eu", &["eu", "us"][..]));
        assert_eq!((version.name(), version.default(), version.allowed()), ("version", "v1", &[][..]));
    }

    #[test]
    fn is_the_server_of_the_same_name_and_template() {
        assert!(REGIONAL.is(&REGIONAL));
        // The same name and template, whatever the variables: the same server.
        assert!(REGIONAL.is(&Server::new("regional", "https://{region}.example.com/{version}", &[])));
        assert!(!REGIONAL.is(&Server::new("regional", "https://example.com", &[])));
        assert!(!REGIONAL.is(&Server::new("upload", "https://{region}.example.com/{version}", &[])));
        assert!(!REGIONAL.is(&Server::new("upload", "https://example.com", &[])));
    }

    #[test]
    fn leaves_a_name_that_is_no_variable_as_it_is() {
        const ODD: Server =
            Server::new("odd", "https://{host}.example.com/{region}", &[ServerVariable::new("region", "eu", &[])]);
        const UNCLOSED: Server =
            Server::new("unclosed", "https://{region}.example.com/{", &[ServerVariable::new("region", "eu", &[])]);
        assert_eq!(ODD.default_url(), "https://{host}.example.com/eu");
        assert_eq!(UNCLOSED.url_with(&[("region", "us")]).unwrap(), "https://us.example.com/{");
    }
}
