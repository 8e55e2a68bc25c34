//! What every connector's HTTP client shares: an address that is `https://` (or
//! plain `http://` on this machine, for tests and local servers) with no
//! credentials of its own, and a client that sends one secret header on every
//! request, follows no redirect (a redirect could carry the secret, or a write,
//! to another host) and never shows the secret in `Debug`.

use std::time::Duration;

use reqwest::blocking::{Client, RequestBuilder};
use reqwest::header::{HeaderName, HeaderValue};
use reqwest::{Method, Url};

/// `text` as a base address ending in `/`, or why it cannot be one.
pub(crate) fn base_url(text: &str, example: &str) -> Result<Url, String> {
    let mut url = Url::parse(text.trim()).map_err(|error| error.to_string())?;
    let host = url.host_str().unwrap_or_default();
    let loopback = host == "localhost"
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        _ => return Err(format!("it must start with https:// ({example})")),
    }
    if url.cannot_be_a_base() || url.host().is_none() {
        return Err("it names no host".to_owned());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(
            "it must not carry a user name or password; enter those as credentials".to_owned(),
        );
    }
    url.set_query(None);
    url.set_fragment(None);
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// An HTTP client that sends one secret header with every request.
pub(crate) struct Authorized {
    client: Client,
    name: HeaderName,
    secret: HeaderValue,
}

impl std::fmt::Debug for Authorized {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authorized")
            .field("header", &self.name.as_str())
            .field("secret", &"<redacted>")
            .finish()
    }
}

impl Authorized {
    /// A client sending `name: secret`, giving up on each call after `timeout`.
    pub(crate) fn new(
        name: HeaderName,
        mut secret: HeaderValue,
        timeout: Duration,
    ) -> Result<Self, String> {
        secret.set_sensitive(true);
        let client = Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("countersign/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|error| error.to_string())?;
        Ok(Self {
            client,
            name,
            secret,
        })
    }

    pub(crate) fn request(&self, method: Method, url: Url) -> RequestBuilder {
        self.client
            .request(method, url)
            .header(self.name.clone(), self.secret.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_https_or_this_machine_and_carry_no_credentials() {
        let ok = |text: &str| base_url(text, "https://example.com").map(|url| url.to_string());
        assert_eq!(
            ok("https://acme.zendesk.com"),
            Ok("https://acme.zendesk.com/".to_owned())
        );
        assert_eq!(
            ok("http://127.0.0.1:8080/api?x=1"),
            Ok("http://127.0.0.1:8080/api/".to_owned())
        );
        assert!(ok("http://localhost:9").is_ok());
        assert_eq!(
            ok("http://api.stripe.com"),
            Err("it must start with https:// (https://example.com)".to_owned())
        );
        assert!(ok("https://user:pass@acme.myshopify.com")
            .unwrap_err()
            .contains("user name"));
        assert!(ok("not a url").is_err());
    }
}
