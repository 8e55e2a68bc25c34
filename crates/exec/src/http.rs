//! A system of record over a small JSON/HTTP protocol: the pattern vendor
//! connectors follow, and what the retry engine is tested against over a real
//! socket.
//!
//! # Protocol
//!
//! Execute: `POST {base_url}/v1/actions` with `Idempotency-Key: <key>`, an
//! optional `Authorization: Bearer <token>`, and the body
//! `{"customer_id": "...", "action": <Action JSON>}`.
//!
//! | answer | meaning |
//! | --- | --- |
//! | `200`/`201` `{"id": "...", "message": "..."}` | executed (`id` may be absent) |
//! | `400`/`401`/`403`/`404`/`409`/`422` and any other 4xx, `{"error": {"message": "..."}}` | refused |
//! | `408`, `429` (with an optional `Retry-After` in seconds), `500`, `503` and other 5xx | transient |
//! | `502`, `504` | unknown: a gateway lost the answer, the server behind it may have acted |
//! | no connection (refused, unreachable, connect timeout) | transient: nothing was sent |
//! | a timeout, reset or unreadable answer once the request was sent | unknown |
//!
//! Lookup: `GET {base_url}/v1/actions/{key}`: `200` with the execute body means the
//! key took effect, `404` that it did not; anything else is an error as above.
//!
//! A server must apply a key at most once, answer a repeated key with the first
//! result, and answer 5xx (other than 502/504) only when it did not apply the
//! action: that is what makes a retry after a transient failure safe.
//!
//! The bearer token is sent as a sensitive header and appears in no log, error or
//! `Debug` output. Error messages never carry the URL either, so credentials put
//! in the base URL stay out of them too.
//!
//! The client is [`reqwest::blocking`]: create, use and drop an [`HttpSystem`] off
//! any async runtime's worker threads (a blocking task is fine).

use std::time::Duration;

use countersign_domain::{Action, CustomerId};
use reqwest::blocking::{Client, Response};
use reqwest::header::{HeaderValue, ACCEPT, RETRY_AFTER};
use reqwest::{StatusCode, Url};
use serde::{Deserialize, Serialize};

use crate::{ExecError, Executed, SystemOfRecord};

/// Why an [`HttpSystem`] could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum HttpSetupError {
    #[error("not a usable base URL: {0}")]
    BaseUrl(String),
    #[error("could not start the HTTP client: {0}")]
    Client(String),
}

/// A [`SystemOfRecord`] reached over the protocol in this module's docs.
pub struct HttpSystem {
    name: String,
    base_url: Url,
    bearer_token: Option<String>,
    client: Client,
}

impl std::fmt::Debug for HttpSystem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpSystem")
            .field("name", &self.name)
            .field("base_url", &redacted_url(&self.base_url))
            .field(
                "bearer_token",
                &self.bearer_token.as_ref().map(|_| "<redacted>"),
            )
            .finish_non_exhaustive()
    }
}

impl HttpSystem {
    /// A system at `base_url` (`https://billing.example.com/api`), where every call
    /// gives up after `timeout` (connecting, sending and reading the answer).
    pub fn new(
        base_url: &str,
        bearer_token: Option<String>,
        timeout: Duration,
    ) -> Result<Self, HttpSetupError> {
        let base_url =
            Url::parse(base_url).map_err(|error| HttpSetupError::BaseUrl(error.to_string()))?;
        if base_url.cannot_be_a_base() || !matches!(base_url.scheme(), "http" | "https") {
            return Err(HttpSetupError::BaseUrl(
                "must be an http:// or https:// URL".into(),
            ));
        }
        let client = Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            // A redirected POST could run the action somewhere nobody approved.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("countersign/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|error| HttpSetupError::Client(describe(error)))?;
        Ok(Self {
            name: "http".into(),
            base_url,
            bearer_token,
            client,
        })
    }

    /// Names the system for logs and the audit (default `http`).
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    fn url(&self, segments: &[&str]) -> Url {
        let mut url = self.base_url.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        url
    }

    fn authorised(
        &self,
        request: reqwest::blocking::RequestBuilder,
    ) -> reqwest::blocking::RequestBuilder {
        let request = request.header(ACCEPT, HeaderValue::from_static("application/json"));
        match &self.bearer_token {
            Some(token) => request.bearer_auth(token),
            None => request,
        }
    }
}

#[derive(Serialize)]
struct ExecuteBody<'a> {
    customer_id: &'a CustomerId,
    action: &'a Action,
}

#[derive(Deserialize)]
struct Answer {
    #[serde(default)]
    id: Option<String>,
    message: String,
}

impl From<Answer> for Executed {
    fn from(answer: Answer) -> Self {
        Executed {
            message: answer.message,
            external_id: answer.id,
        }
    }
}

#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Deserialize)]
struct ErrorDetail {
    message: String,
}

#[derive(Clone, Copy)]
enum Call {
    Execute,
    Lookup,
}

impl SystemOfRecord for HttpSystem {
    fn name(&self) -> &str {
        &self.name
    }

    fn execute(
        &self,
        key: &str,
        customer: &CustomerId,
        action: &Action,
    ) -> Result<Executed, ExecError> {
        let request = self
            .client
            .post(self.url(&["v1", "actions"]))
            .header("Idempotency-Key", key)
            .json(&ExecuteBody {
                customer_id: customer,
                action,
            });
        let response = self
            .authorised(request)
            .send()
            .map_err(|error| transport_error(error, Call::Execute))?;
        let status = response.status();
        tracing::debug!(system = %self.name, status = status.as_u16(), "execute answered");
        if status == StatusCode::OK || status == StatusCode::CREATED {
            read_answer(response)
        } else {
            Err(status_error(response, Call::Execute))
        }
    }

    fn lookup(&self, key: &str) -> Result<Option<Executed>, ExecError> {
        let request = self.client.get(self.url(&["v1", "actions", key]));
        let response = self
            .authorised(request)
            .send()
            .map_err(|error| transport_error(error, Call::Lookup))?;
        let status = response.status();
        tracing::debug!(system = %self.name, status = status.as_u16(), "lookup answered");
        match status {
            StatusCode::OK => read_answer(response).map(Some),
            StatusCode::NOT_FOUND => Ok(None),
            _ => Err(status_error(response, Call::Lookup)),
        }
    }
}

fn read_answer(response: Response) -> Result<Executed, ExecError> {
    let status = response.status().as_u16();
    let body = response
        .bytes()
        .map_err(|error| ExecError::Unknown(format!("HTTP {status}: {}", describe(error))))?;
    serde_json::from_slice::<Answer>(&body)
        .map(Executed::from)
        .map_err(|_| {
            ExecError::Unknown(format!(
                "HTTP {status} with an answer that is not the protocol's"
            ))
        })
}

/// The wait a `Retry-After` header asks for, in seconds (the form APIs use).
pub fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    headers
        .get(RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<u64>().ok())
        .map(Duration::from_secs)
}

/// A request that got no answer: transient when nothing was sent, unknown when it
/// may have reached the system (`writes` says which kind of call it was, for the
/// log). Vendor connectors share this with [`HttpSystem`].
pub fn no_answer(error: reqwest::Error, writes: bool) -> ExecError {
    transport_error(error, if writes { Call::Execute } else { Call::Lookup })
}

fn status_error(response: Response, call: Call) -> ExecError {
    let status = response.status();
    let retry_after = retry_after(response.headers());
    // The status decides; a body that cannot be read only costs the detail.
    let detail = response
        .bytes()
        .ok()
        .and_then(|body| serde_json::from_slice::<ErrorBody>(&body).ok())
        .map(|body| body.error.message);
    let message = match detail {
        Some(detail) => format!("HTTP {}: {detail}", status.as_u16()),
        None => format!("HTTP {}", status.as_u16()),
    };
    match status.as_u16() {
        502 | 504 if matches!(call, Call::Execute) => ExecError::Unknown(message),
        408 | 429 | 500..=599 => ExecError::Transient {
            message,
            retry_after,
        },
        _ => ExecError::Refused(message),
    }
}

fn transport_error(error: reqwest::Error, call: Call) -> ExecError {
    if error.is_builder() {
        return ExecError::Refused(format!("could not build the request: {}", describe(error)));
    }
    // A connect error (a connect timeout included) means nothing was sent.
    let nothing_sent = error.is_connect();
    let message = describe(error);
    tracing::debug!(
        error = %message,
        sent = !nothing_sent,
        call = match call { Call::Execute => "execute", Call::Lookup => "lookup" },
        "no answer"
    );
    if nothing_sent {
        ExecError::Transient {
            message,
            retry_after: None,
        }
    } else {
        ExecError::Unknown(message)
    }
}

/// The error and its causes in one line, without the URL.
fn describe(error: reqwest::Error) -> String {
    let error = error.without_url();
    let mut parts = vec![error.to_string()];
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        let text = cause.to_string();
        if parts.last() != Some(&text) {
            parts.push(text);
        }
        source = cause.source();
    }
    parts.join(": ")
}

fn redacted_url(url: &Url) -> String {
    let mut url = url.clone();
    if !url.username().is_empty() || url.password().is_some() {
        let _ = url.set_username("");
        let _ = url.set_password(None);
    }
    url.to_string()
}
