use std::fmt;

/// Where the API lives: a scheme, a host and an optional path prefix, such as
/// `https://spaces.example.com` or `http://127.0.0.1:8080/portal`.
///
/// Parsed once, so that building a request never has to look at it again.
#[derive(Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// Without a trailing slash, so that an endpoint path (always starting with
    /// `/`) can be appended as is.
    prefix: String,
}

impl BaseUrl {
    /// Checks that `url` is an absolute `http` or `https` URL without a query
    /// or fragment, and without credentials (`user:password@`).
    ///
    /// # Errors
    ///
    /// [`BaseUrlError`] when it is not. The error shows the URL without
    /// what may be a secret in it: a user and password, a query, a
    /// fragment.
    pub fn parse(url: &str) -> Result<Self, BaseUrlError> {
        let invalid = |reason: &'static str| BaseUrlError { url: shown(url), reason };
        // Before parsing: a URL that does not parse may still hold them.
        if url.get(authority_range(url)).is_some_and(|authority| authority.contains('@')) {
            return Err(invalid(
                "a base URL cannot hold credentials (`user:password@`); give them to the client instead \
                 (`.bearer(token)`, `.api_key(key)`)",
            ));
        }
        let uri: http::Uri = url.parse().map_err(|_| invalid("it is not a valid URL"))?;
        match uri.scheme_str() {
            Some("http" | "https") => {}
            Some(_) => return Err(invalid("only http and https are supported")),
            None => return Err(invalid("it has no scheme; write https://host")),
        }
        if uri.authority().is_none() {
            return Err(invalid("it has no host"));
        }
        if uri.query().is_some() || url.contains('#') {
            return Err(invalid("a base URL cannot have a query or a fragment"));
        }
        let prefix = url.trim_end_matches('/').to_owned();
        Ok(Self { prefix })
    }

    /// The URL without a trailing slash.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.prefix
    }
}

/// Where the authority of `url` is, as written: after `scheme://` (or from
/// the start when there is none) up to the path, query or fragment.
fn authority_range(url: &str) -> std::ops::Range<usize> {
    let start = url.find("://").map_or(0, |at| at + 3);
    let end = url.get(start..).and_then(|rest| rest.find(['/', '?', '#', '\\'])).map_or(url.len(), |len| start + len);
    start..end
}

/// `url` as an error shows it: a user and password become `***`, and a
/// query or fragment `…`, since each can hold a secret.
pub(crate) fn shown(url: &str) -> String {
    let authority = authority_range(url);
    let (before, after) = url.split_at(authority.end);
    let mut shown = match before.get(authority.start..).and_then(|host| host.rfind('@')) {
        Some(at) => format!(
            "{}***{}",
            url.get(..authority.start).unwrap_or_default(),
            before.get(authority.start + at..).unwrap_or_default()
        ),
        None => before.to_owned(),
    };
    match after.find(['?', '#']) {
        Some(at) => {
            shown.push_str(after.get(..at).unwrap_or_default());
            shown.push('…');
        }
        None => shown.push_str(after),
    }
    shown
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.prefix)
    }
}

impl fmt::Debug for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BaseUrl({:?})", self.prefix)
    }
}

impl std::str::FromStr for BaseUrl {
    type Err = BaseUrlError;

    fn from_str(url: &str) -> Result<Self, Self::Err> {
        Self::parse(url)
    }
}

/// A base URL that cannot be used, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrlError {
    url: String,
    reason: &'static str,
}

impl fmt::Display for BaseUrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid base URL {:?}: {}", self.url, self.reason)
    }
}

impl std::error::Error for BaseUrlError {}

#[cfg(test)]
mod tests {
    use super::BaseUrl;

    #[test]
    fn keeps_a_path_prefix_and_drops_trailing_slashes() {
        assert_eq!(BaseUrl::parse("http://127.0.0.1:8080/portal/").unwrap().as_str(), "http://127.0.0.1:8080/portal");
        assert_eq!(BaseUrl::parse("https://spaces.example.com").unwrap().as_str(), "https://spaces.example.com");
    }

    #[test]
    fn refuses_credentials_and_shows_no_secret_in_its_error() {
        for url in [
            "https://ada:hunter2@api.example.com/v1",
            "https://hunter2@api.example.com",
            "https://ada:hunter2@api.example.com:8443?x",
            "ada:hunter2@api.example.com",
            "https://ada:hunter2@exa mple.com/",
        ] {
            let error = BaseUrl::parse(url).unwrap_err();
            let shown = format!("{error} {error:?}");
            assert!(!shown.contains("hunter2"), "{shown}");
            assert!(shown.contains("cannot hold credentials"), "{shown}");
            assert!(shown.contains("***@"), "{shown}");
        }
        let error = BaseUrl::parse("https://api.example.com/v1?api_key=s3cr3t#frag").unwrap_err();
        assert!(!format!("{error} {error:?}").contains("s3cr3t"), "{error}");
        assert!(error.to_string().starts_with("invalid base URL \"https://api.example.com/v1…\""), "{error}");
    }

    #[test]
    fn refuses_what_would_change_every_request() {
        for bad in
            ["spaces.example.com", "ftp://x.example", "https://x.example/?a=1", "https://x.example/#top", "/relative"]
        {
            assert!(BaseUrl::parse(bad).is_err(), "{bad} was accepted");
        }
    }
}
