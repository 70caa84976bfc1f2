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
    /// or fragment.
    ///
    /// # Errors
    ///
    /// [`BaseUrlError`] when it is not.
    pub fn parse(url: &str) -> Result<Self, BaseUrlError> {
        let invalid = |reason: &'static str| BaseUrlError { url: url.to_owned(), reason };
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
    fn refuses_what_would_change_every_request() {
        for bad in
            ["spaces.example.com", "ftp://x.example", "https://x.example/?a=1", "https://x.example/#top", "/relative"]
        {
            assert!(BaseUrl::parse(bad).is_err(), "{bad} was accepted");
        }
    }
}
