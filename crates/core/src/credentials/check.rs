//! "Test connection": one cheap authenticated read per vendor, its answer put in
//! plain words. Nothing is changed anywhere, no answer body is ever repeated
//! (a vendor may quote part of the key back), and redirects are not followed
//! (a custom auth header would travel to wherever the redirect points).
//!
//! The client is [`reqwest::blocking`]: call these off any async runtime's
//! worker threads.

use std::time::Duration;

use reqwest::blocking::{Client, RequestBuilder};
use reqwest::header::{HeaderValue, ACCEPT, CONTENT_TYPE, LOCATION, RETRY_AFTER};
use reqwest::{StatusCode, Url};
use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use super::{ConnectionKind, ConnectionSettings, LlmApi, Secret};

/// The Shopify Admin API version the check speaks.
pub const SHOPIFY_API_VERSION: &str = "2026-10";
/// The Stripe API version the check pins: the connector's.
pub const STRIPE_API_VERSION: &str = countersign_connect::stripe::STRIPE_VERSION;
/// The Anthropic API version the check pins.
pub const ANTHROPIC_API_VERSION: &str = "2023-06-01";

/// How the check went, for the UI to pick its words and colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CheckOutcome {
    /// The service accepted the credential.
    Ok,
    /// Nothing to check yet: no credential stored, or no address where one is needed.
    NotSetUp,
    /// 401: the credential was refused.
    BadToken,
    /// 403: the credential works but lacks a scope or permission.
    MissingPermission,
    /// 404, a redirect, or no server at that address.
    WrongAddress,
    /// 429: the service asks to wait.
    RateLimited,
    /// The model endpoint answered but does not list the chosen model.
    UnknownModel,
    /// Any other answer.
    Unexpected,
}

/// The result of "Test connection", in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ConnectionCheck {
    pub kind: ConnectionKind,
    pub outcome: CheckOutcome,
    /// The account, store or user the service named, when it named one.
    pub account: Option<String>,
    pub message: String,
}

impl ConnectionCheck {
    fn new(kind: ConnectionKind, outcome: CheckOutcome, message: impl Into<String>) -> Self {
        ConnectionCheck {
            kind,
            outcome,
            account: None,
            message: message.into(),
        }
    }

    fn ok(kind: ConnectionKind, account: Option<String>, message: impl Into<String>) -> Self {
        ConnectionCheck {
            account,
            ..ConnectionCheck::new(kind, CheckOutcome::Ok, message)
        }
    }
}

/// Checks the connection `settings` describe with `secret`, giving up after
/// `timeout`.
pub fn check_connection(
    settings: &ConnectionSettings,
    secret: Option<&Secret>,
    timeout: Duration,
) -> ConnectionCheck {
    let kind = settings.kind;
    if kind == ConnectionKind::Sandbox {
        return check_sandbox();
    }
    let Some(secret) = secret else {
        return ConnectionCheck::new(
            kind,
            CheckOutcome::NotSetUp,
            format!(
                "No {} is stored for this connection; enter one and save.",
                kind.credential_name()
            ),
        );
    };
    match kind {
        ConnectionKind::Sandbox => check_sandbox(),
        ConnectionKind::Helpdesk => check_helpdesk(settings, secret, timeout),
        ConnectionKind::Shop => check_shop(settings, secret, timeout),
        ConnectionKind::Billing => check_billing(settings, secret, timeout),
        ConnectionKind::Llm => check_llm(settings, secret, timeout),
    }
}

pub fn check_sandbox() -> ConnectionCheck {
    ConnectionCheck::ok(
        ConnectionKind::Sandbox,
        None,
        "The sandbox store is built in and always available; it needs no credential.",
    )
}

/// Zendesk: `GET /api/v2/users/me.json`, with `email/token` basic auth for an API
/// token, or as a bearer for an OAuth token when no email is set.
pub fn check_helpdesk(
    settings: &ConnectionSettings,
    secret: &Secret,
    timeout: Duration,
) -> ConnectionCheck {
    let kind = ConnectionKind::Helpdesk;
    let probe = match Probe::new(settings, "api/v2/users/me.json", timeout) {
        Ok(probe) => probe,
        Err(check) => return *check,
    };
    let request = probe.client.get(probe.url.clone());
    let request = if settings.email.is_empty() {
        request.bearer_auth(secret.expose())
    } else {
        request.basic_auth(format!("{}/token", settings.email), Some(secret.expose()))
    };
    let answer = match probe.send(request) {
        Ok(answer) => answer,
        Err(check) => return *check,
    };
    let user = answer.body.as_ref().and_then(|body| body.get("user"));
    match user {
        // Zendesk answers an unauthenticated request with an anonymous user
        // rather than a 401.
        Some(user) if user.get("id").is_none_or(Value::is_null) => ConnectionCheck::new(
            kind,
            CheckOutcome::BadToken,
            "Zendesk answered as an anonymous visitor: the email and API token were not accepted.",
        ),
        Some(user) => {
            let name = text(user, "name");
            let message = match &name {
                Some(name) => format!("Connected to Zendesk at {} as {name}.", probe.host),
                None => format!("Connected to Zendesk at {}.", probe.host),
            };
            ConnectionCheck::ok(kind, name, message)
        }
        None => probe.unexpected_body("a user"),
    }
}

/// Shopify: the Admin GraphQL query `{ shop { name } }`, sent as the API expects
/// (a POST; it reads and changes nothing), with `X-Shopify-Access-Token`.
pub fn check_shop(
    settings: &ConnectionSettings,
    secret: &Secret,
    timeout: Duration,
) -> ConnectionCheck {
    let kind = ConnectionKind::Shop;
    let path = format!("admin/api/{SHOPIFY_API_VERSION}/graphql.json");
    let probe = match Probe::new(settings, &path, timeout) {
        Ok(probe) => probe,
        Err(check) => return *check,
    };
    let token = match sensitive(kind, secret) {
        Ok(token) => token,
        Err(check) => return *check,
    };
    let request = probe
        .client
        .post(probe.url.clone())
        .header("X-Shopify-Access-Token", token)
        .header(CONTENT_TYPE, "application/json")
        .body(r#"{"query":"{ shop { name } }"}"#);
    let answer = match probe.send(request) {
        Ok(answer) => answer,
        Err(check) => return *check,
    };
    let Some(body) = answer.body else {
        return probe.unexpected_body("the shop");
    };
    // GraphQL reports refusals inside a 200.
    if let Some(errors) = body.get("errors").and_then(Value::as_array) {
        let codes: Vec<&str> = errors
            .iter()
            .filter_map(|e| e.pointer("/extensions/code").and_then(Value::as_str))
            .collect();
        if codes.contains(&"ACCESS_DENIED") {
            return ConnectionCheck::new(
                kind,
                CheckOutcome::MissingPermission,
                "Shopify accepted the token, but the app lacks the access scope to read the shop; \
                 grant it in the app's Admin API scopes.",
            );
        }
        if codes.contains(&"THROTTLED") {
            return ConnectionCheck::new(
                kind,
                CheckOutcome::RateLimited,
                "Shopify is throttling requests for this store; try again in a minute.",
            );
        }
        return ConnectionCheck::new(
            kind,
            CheckOutcome::Unexpected,
            "Shopify answered the query with an error; check the store domain and the app's setup.",
        );
    }
    match body
        .pointer("/data/shop")
        .and_then(|shop| text(shop, "name"))
    {
        Some(name) => ConnectionCheck::ok(
            kind,
            Some(name.clone()),
            format!("Connected to the Shopify store {name}."),
        ),
        None => probe.unexpected_body("the shop's name"),
    }
}

/// Stripe: `GET /v1/balance` with the secret key as a bearer and a pinned
/// `Stripe-Version`.
pub fn check_billing(
    settings: &ConnectionSettings,
    secret: &Secret,
    timeout: Duration,
) -> ConnectionCheck {
    let kind = ConnectionKind::Billing;
    let probe = match Probe::new(settings, "v1/balance", timeout) {
        Ok(probe) => probe,
        Err(check) => return *check,
    };
    let request = probe
        .client
        .get(probe.url.clone())
        .bearer_auth(secret.expose())
        .header("Stripe-Version", STRIPE_API_VERSION);
    let answer = match probe.send(request) {
        Ok(answer) => answer,
        Err(check) => return *check,
    };
    let body = answer.body.unwrap_or(Value::Null);
    if body.get("object").and_then(Value::as_str) != Some("balance") {
        return probe.unexpected_body("a balance");
    }
    let mode = match body.get("livemode").and_then(Value::as_bool) {
        Some(true) => "live mode",
        Some(false) => "test mode",
        None => "mode not stated",
    };
    ConnectionCheck::ok(
        kind,
        None,
        format!("Stripe accepted the secret key ({mode})."),
    )
}

/// A language model endpoint: the list of models, OpenAI-style
/// (`GET {base}/models`, bearer) or Anthropic's (`GET {base}/v1/models`,
/// `x-api-key`); the chosen model, when set, must be on it.
pub fn check_llm(
    settings: &ConnectionSettings,
    secret: &Secret,
    timeout: Duration,
) -> ConnectionCheck {
    let kind = ConnectionKind::Llm;
    let path = match settings.llm_api {
        LlmApi::OpenAi => "models",
        LlmApi::Anthropic => "v1/models?limit=1000",
    };
    let probe = match Probe::new(settings, path, timeout) {
        Ok(probe) => probe,
        Err(check) => return *check,
    };
    let request = probe.client.get(probe.url.clone());
    let request = match settings.llm_api {
        LlmApi::OpenAi => request.bearer_auth(secret.expose()),
        LlmApi::Anthropic => match sensitive(kind, secret) {
            Ok(key) => request
                .header("x-api-key", key)
                .header("anthropic-version", ANTHROPIC_API_VERSION),
            Err(check) => return *check,
        },
    };
    let answer = match probe.send(request) {
        Ok(answer) => answer,
        Err(check) => return *check,
    };
    let Some(models) = answer
        .body
        .as_ref()
        .and_then(|body| body.get("data"))
        .and_then(Value::as_array)
    else {
        return probe.unexpected_body("a list of models");
    };
    let ids: Vec<&str> = models
        .iter()
        .filter_map(|m| m.get("id").and_then(Value::as_str))
        .collect();
    let count = match ids.len() {
        1 => "1 model".to_owned(),
        n => format!("{n} models"),
    };
    let model = settings.model.as_str();
    if model.is_empty() {
        ConnectionCheck::ok(
            kind,
            None,
            format!(
                "Connected to {}: {count} available; choose one in Model.",
                probe.host
            ),
        )
    } else if ids.contains(&model) {
        ConnectionCheck::ok(
            kind,
            None,
            format!(
                "Connected to {}: the model “{model}” is available.",
                probe.host
            ),
        )
    } else {
        ConnectionCheck::new(
            kind,
            CheckOutcome::UnknownModel,
            format!(
                "{} accepted the API key, but the model “{model}” is not among its {count}; \
                 check the model name.",
                probe.host
            ),
        )
    }
}

/// A header value the HTTP client keeps out of its own debug output. An
/// unusable value is reported without quoting it.
fn sensitive(kind: ConnectionKind, secret: &Secret) -> Result<HeaderValue, Box<ConnectionCheck>> {
    let mut value = HeaderValue::from_str(secret.expose()).map_err(|_| {
        Box::new(ConnectionCheck::new(
            kind,
            CheckOutcome::BadToken,
            format!(
                "The stored {} has characters no HTTP header can carry; enter it again.",
                kind.credential_name()
            ),
        ))
    })?;
    value.set_sensitive(true);
    Ok(value)
}

fn text(value: &Value, field: &str) -> Option<String> {
    value
        .get(field)
        .and_then(Value::as_str)
        .map(|s| s.chars().take(120).collect::<String>())
        .filter(|s| !s.trim().is_empty())
}

/// One request to one endpoint, and the words for what came back.
struct Probe {
    kind: ConnectionKind,
    client: Client,
    url: Url,
    host: String,
    timeout: Duration,
}

struct Answer {
    body: Option<Value>,
}

impl Probe {
    fn new(
        settings: &ConnectionSettings,
        path: &str,
        timeout: Duration,
    ) -> Result<Probe, Box<ConnectionCheck>> {
        let kind = settings.kind;
        let fail =
            |outcome, message: String| Box::new(ConnectionCheck::new(kind, outcome, message));
        let base = match settings.base_url() {
            Ok(Some(base)) => base,
            Ok(None) => {
                return Err(fail(
                    CheckOutcome::NotSetUp,
                    format!("Enter the {} and save first.", kind.address_name()),
                ))
            }
            Err(error) => return Err(fail(CheckOutcome::WrongAddress, error.to_string())),
        };
        let joined = format!("{}/{path}", base.as_str().trim_end_matches('/'));
        let url = Url::parse(&joined).map_err(|error| {
            fail(
                CheckOutcome::WrongAddress,
                format!("The {} gives no usable URL: {error}.", kind.address_name()),
            )
        })?;
        let client = Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|error| {
                fail(
                    CheckOutcome::Unexpected,
                    format!("Could not start the HTTP client: {}.", root_cause(&error)),
                )
            })?;
        let host = match (url.host_str(), url.port()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_owned(),
            (None, _) => base.to_string(),
        };
        Ok(Probe {
            kind,
            client,
            url,
            host,
            timeout,
        })
    }

    fn check(&self, outcome: CheckOutcome, message: String) -> Box<ConnectionCheck> {
        Box::new(ConnectionCheck::new(self.kind, outcome, message))
    }

    /// Sends the request; any answer but a 2xx becomes the check's result.
    fn send(&self, request: RequestBuilder) -> Result<Answer, Box<ConnectionCheck>> {
        let vendor = self.kind.vendor();
        let host = &self.host;
        let response = request
            .header(ACCEPT, "application/json")
            .send()
            .map_err(|error| {
                if error.is_timeout() {
                    self.check(
                        CheckOutcome::WrongAddress,
                        format!(
                            "No answer from {host} within {} seconds; check the {} and the network.",
                            self.timeout.as_secs().max(1),
                            self.kind.address_name()
                        ),
                    )
                } else if error.is_connect() {
                    self.check(
                        CheckOutcome::WrongAddress,
                        format!(
                            "Could not reach {host} ({}); check the {}.",
                            root_cause(&error),
                            self.kind.address_name()
                        ),
                    )
                } else {
                    self.check(
                        CheckOutcome::Unexpected,
                        format!("The request to {host} failed: {}.", root_cause(&error)),
                    )
                }
            })?;
        let status = response.status();
        let headers = response.headers().clone();
        let credential = self.kind.credential_name();
        let address = self.kind.address_name();
        if status.is_success() {
            let body = response.json::<Value>().ok();
            return Ok(Answer { body });
        }
        let (outcome, message) = match status {
            s if s.is_redirection() => {
                let to = headers
                    .get(LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| self.url.join(v).ok())
                    .and_then(|u| u.host_str().map(str::to_owned));
                let to = to.map(|h| format!(" to {h}")).unwrap_or_default();
                (
                    CheckOutcome::WrongAddress,
                    format!("{host} answered with a redirect{to}, not the API; check the {address}."),
                )
            }
            StatusCode::UNAUTHORIZED => (
                CheckOutcome::BadToken,
                format!(
                    "{vendor} refused the {credential} (401): check that it was copied whole and is still active."
                ),
            ),
            StatusCode::FORBIDDEN => (
                CheckOutcome::MissingPermission,
                format!(
                    "{vendor} accepted the {credential} but it lacks a permission or scope this check needs (403)."
                ),
            ),
            StatusCode::NOT_FOUND => (
                CheckOutcome::WrongAddress,
                format!("{host} has no {vendor} API at this address (404); check the {address}."),
            ),
            StatusCode::TOO_MANY_REQUESTS => {
                let wait = headers
                    .get(RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .map(|s| format!("in {s} seconds"))
                    .unwrap_or_else(|| "in a minute".to_owned());
                (
                    CheckOutcome::RateLimited,
                    format!("{vendor} is limiting requests (429); try again {wait}."),
                )
            }
            s if s.is_server_error() => (
                CheckOutcome::Unexpected,
                format!("{vendor} answered {s} (a problem on its side); try again later."),
            ),
            s => (
                CheckOutcome::Unexpected,
                format!("{vendor} answered {s}, which this check did not expect."),
            ),
        };
        Err(self.check(outcome, message))
    }

    fn unexpected_body(&self, wanted: &str) -> ConnectionCheck {
        ConnectionCheck::new(
            self.kind,
            CheckOutcome::Unexpected,
            format!(
                "{} answered, but without {wanted}; is the {} right?",
                self.host,
                self.kind.address_name()
            ),
        )
    }
}

/// The innermost cause: "Connection refused (os error 111)" rather than the
/// request's whole story (which would name the URL).
fn root_cause(error: &reqwest::Error) -> String {
    let mut cause: &dyn std::error::Error = error;
    while let Some(source) = cause.source() {
        cause = source;
    }
    cause.to_string()
}
