//! Signing an agent in as themself: OAuth 2 authorization code with PKCE
//! (RFC 7636) and a loopback redirect (RFC 8252 §7.3), as a desktop app must.
//!
//! 1. [`SignIn::begin`] makes a fresh code verifier, its S256 challenge and a
//!    `state`, and listens on `127.0.0.1` at a port the OS picks.
//! 2. The desk opens [`SignIn::authorize_url`] in the agent's browser; they sign
//!    in to the helpdesk and allow Countersign.
//! 3. The helpdesk redirects the browser to the loopback address;
//!    [`SignIn::wait_for_code`] takes that one request, checks `state`, answers a
//!    page saying the window can be closed, and returns the code.
//! 4. [`SignIn::exchange`] trades the code and the verifier for tokens. The
//!    verifier never left the app, so an intercepted code is useless to anyone else.
//!
//! No client secret is needed (a desktop app cannot keep one); one is sent only
//! when the helpdesk's OAuth client was set up with one. Tokens go to the OS
//! keychain, never to a file or a log; `Debug` shows none of them.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use reqwest::Url;
use serde::Deserialize;
use sha2::{Digest, Sha256};

/// Why signing in did not work, in words for the agent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OAuthError {
    #[error("could not listen for the sign-in redirect on this computer: {0}")]
    Listen(String),
    #[error("no sign-in arrived within {0} seconds; start again")]
    TimedOut(u64),
    #[error("the sign-in was declined: {0}")]
    Declined(String),
    #[error("the sign-in answer did not match the request (state differs); start again")]
    StateMismatch,
    #[error("the sign-in redirect carried no code")]
    NoCode,
    #[error("the helpdesk did not issue a token: {0}")]
    Token(String),
    #[error("not a usable address: {0}")]
    Url(String),
    #[error("could not draw random numbers for the sign-in: {0}")]
    Random(String),
}

/// What the token endpoint issued.
#[derive(Clone, Deserialize)]
pub struct Tokens {
    pub access_token: String,
    #[serde(default)]
    pub refresh_token: Option<String>,
    #[serde(default)]
    pub expires_in: Option<u64>,
    #[serde(default)]
    pub scope: Option<String>,
    #[serde(default)]
    pub token_type: Option<String>,
}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokens")
            .field("access_token", &"<redacted>")
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "<redacted>"),
            )
            .field("expires_in", &self.expires_in)
            .field("scope", &self.scope)
            .finish()
    }
}

/// The helpdesk's OAuth client, as its admin registered it.
#[derive(Debug, Clone)]
pub struct Client {
    pub authorize_url: Url,
    pub token_url: Url,
    pub client_id: String,
    pub scope: String,
}

impl Client {
    /// Zendesk's endpoints for `base_url` (`https://acme.zendesk.com`): scopes
    /// `read write` to read tickets, reply and route them.
    pub fn zendesk(base_url: &str, client_id: &str) -> Result<Self, OAuthError> {
        let base = Url::parse(base_url).map_err(|error| OAuthError::Url(error.to_string()))?;
        let join = |path: &str| {
            base.join(path)
                .map_err(|error| OAuthError::Url(error.to_string()))
        };
        Ok(Self {
            authorize_url: join("/oauth/authorizations/new")?,
            token_url: join("/oauth/tokens")?,
            client_id: client_id.to_owned(),
            scope: "read write".to_owned(),
        })
    }
}

/// One sign-in in progress.
pub struct SignIn {
    client: Client,
    verifier: String,
    state: String,
    listener: TcpListener,
    redirect_uri: String,
}

impl std::fmt::Debug for SignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignIn")
            .field("client_id", &self.client.client_id)
            .field("redirect_uri", &self.redirect_uri)
            .finish_non_exhaustive()
    }
}

/// `bytes` random bytes from the OS, as URL-safe base64 (43 characters for 32).
fn random(bytes: usize) -> Result<String, OAuthError> {
    let mut buffer = vec![0_u8; bytes];
    getrandom::fill(&mut buffer).map_err(|error| OAuthError::Random(error.to_string()))?;
    Ok(URL_SAFE_NO_PAD.encode(buffer))
}

/// The S256 code challenge of a verifier: base64url(SHA-256(verifier)), unpadded.
pub fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

impl SignIn {
    /// Starts a sign-in: a new verifier and state, and a listener for the redirect.
    pub fn begin(client: Client) -> Result<Self, OAuthError> {
        let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
            .map_err(|error| OAuthError::Listen(error.to_string()))?;
        let port = listener
            .local_addr()
            .map_err(|error| OAuthError::Listen(error.to_string()))?
            .port();
        Ok(Self {
            client,
            verifier: random(32)?,
            state: random(16)?,
            listener,
            redirect_uri: format!("http://127.0.0.1:{port}/callback"),
        })
    }

    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }

    /// Where to send the agent's browser.
    pub fn authorize_url(&self) -> Url {
        let mut url = self.client.authorize_url.clone();
        url.query_pairs_mut()
            .append_pair("response_type", "code")
            .append_pair("client_id", &self.client.client_id)
            .append_pair("redirect_uri", &self.redirect_uri)
            .append_pair("scope", &self.client.scope)
            .append_pair("state", &self.state)
            .append_pair("code_challenge", &challenge(&self.verifier))
            .append_pair("code_challenge_method", "S256");
        url
    }

    /// Waits up to `timeout` for the browser to come back with the code. Requests
    /// that are not the redirect (a favicon, a stray visit) are answered 404 and
    /// the wait goes on.
    pub fn wait_for_code(&self, timeout: Duration) -> Result<String, OAuthError> {
        let deadline = Instant::now() + timeout;
        self.listener
            .set_nonblocking(true)
            .map_err(|error| OAuthError::Listen(error.to_string()))?;
        loop {
            match self.listener.accept() {
                Ok((stream, _)) => {
                    if let Some(answer) = self.redirect(stream) {
                        return answer;
                    }
                }
                Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => {
                    if Instant::now() >= deadline {
                        return Err(OAuthError::TimedOut(timeout.as_secs()));
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(error) => return Err(OAuthError::Listen(error.to_string())),
            }
        }
    }

    /// Reads one request; `None` when it was not the redirect.
    fn redirect(&self, mut stream: TcpStream) -> Option<Result<String, OAuthError>> {
        let _ = stream.set_nonblocking(false);
        let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
        let mut line = String::new();
        BufReader::new(&stream).read_line(&mut line).ok()?;
        let target = line.split_whitespace().nth(1)?;
        let url = Url::parse(&format!("http://127.0.0.1{target}")).ok()?;
        if url.path() != "/callback" {
            let _ = stream.write_all(
                b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
            return None;
        }
        let pair = |name: &str| {
            url.query_pairs()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.into_owned())
        };
        let answer = if pair("state").as_deref() != Some(self.state.as_str()) {
            Err(OAuthError::StateMismatch)
        } else if let Some(error) = pair("error") {
            Err(OAuthError::Declined(
                pair("error_description").unwrap_or(error),
            ))
        } else {
            pair("code")
                .filter(|code| !code.is_empty())
                .ok_or(OAuthError::NoCode)
        };
        let page = match &answer {
            Ok(_) => "Countersign is signed in. You can close this window and go back to the desk.",
            Err(_) => "Countersign could not sign in. Go back to the desk to see why.",
        };
        let _ = write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{page}",
            page.len()
        );
        Some(answer)
    }

    /// Trades `code` for tokens at the token endpoint, proving the verifier.
    pub fn exchange(
        &self,
        code: &str,
        client_secret: Option<&str>,
        timeout: Duration,
    ) -> Result<Tokens, OAuthError> {
        let mut form = vec![
            ("grant_type", "authorization_code"),
            ("code", code),
            ("client_id", self.client.client_id.as_str()),
            ("redirect_uri", self.redirect_uri.as_str()),
            ("code_verifier", self.verifier.as_str()),
            ("scope", self.client.scope.as_str()),
        ];
        if let Some(secret) = client_secret {
            form.push(("client_secret", secret));
        }
        let http = reqwest::blocking::Client::builder()
            .timeout(timeout)
            .build()
            .map_err(|error| OAuthError::Token(error.to_string()))?;
        let response = http
            .post(self.client.token_url.clone())
            .form(&form)
            .send()
            .map_err(|error| OAuthError::Token(error.without_url().to_string()))?;
        let status = response.status();
        let body = response.text().unwrap_or_default();
        if !status.is_success() {
            #[derive(Deserialize)]
            struct Problem {
                error: Option<String>,
                error_description: Option<String>,
            }
            let said = serde_json::from_str::<Problem>(&body)
                .ok()
                .and_then(|problem| problem.error_description.or(problem.error))
                .unwrap_or_else(|| format!("HTTP {}", status.as_u16()));
            return Err(OAuthError::Token(said));
        }
        serde_json::from_str(&body)
            .map_err(|_| OAuthError::Token("an answer without an access token".to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_challenge_is_rfc_7636s() {
        // RFC 7636, appendix B.
        assert_eq!(
            challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn verifiers_are_long_enough_and_never_repeat() {
        let first = random(32).expect("random");
        let second = random(32).expect("random");
        assert_eq!(first.len(), 43, "RFC 7636 wants 43 to 128 characters");
        assert_ne!(first, second);
    }
}
