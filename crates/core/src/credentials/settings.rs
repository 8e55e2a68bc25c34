//! What a connection needs besides its secret: where the service is and, for a
//! language model, which API and model. Kept in a small JSON file in the app's
//! data folder, written whole and renamed into place; the secret never goes there.

use std::path::{Path, PathBuf};

use countersign_domain::AgentId;
use reqwest::Url;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The systems Countersign connects to. The sandbox is the built-in store: always
/// there, the default, and in need of nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ConnectionKind {
    Sandbox,
    /// The helpdesk: Zendesk.
    Helpdesk,
    /// The shop: Shopify.
    Shop,
    /// Billing: Stripe.
    Billing,
    /// A language model endpoint (OpenAI-compatible or Anthropic).
    Llm,
}

impl ConnectionKind {
    /// Every connection, in the order the settings show them.
    pub const ALL: [ConnectionKind; 5] = [
        ConnectionKind::Sandbox,
        ConnectionKind::Helpdesk,
        ConnectionKind::Shop,
        ConnectionKind::Billing,
        ConnectionKind::Llm,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ConnectionKind::Sandbox => "sandbox",
            ConnectionKind::Helpdesk => "helpdesk",
            ConnectionKind::Shop => "shop",
            ConnectionKind::Billing => "billing",
            ConnectionKind::Llm => "llm",
        }
    }

    pub fn needs_secret(self) -> bool {
        self != ConnectionKind::Sandbox
    }

    /// Who answers on the other end, for sentences.
    pub fn vendor(self) -> &'static str {
        match self {
            ConnectionKind::Sandbox => "The sandbox store",
            ConnectionKind::Helpdesk => "Zendesk",
            ConnectionKind::Shop => "Shopify",
            ConnectionKind::Billing => "Stripe",
            ConnectionKind::Llm => "The language model endpoint",
        }
    }

    /// What the vendor calls the credential.
    pub fn credential_name(self) -> &'static str {
        match self {
            ConnectionKind::Sandbox => "credential",
            ConnectionKind::Helpdesk => "API token",
            ConnectionKind::Shop => "Admin API access token",
            ConnectionKind::Billing => "secret key",
            ConnectionKind::Llm => "API key",
        }
    }

    /// What the address field holds for this kind, for sentences.
    pub fn address_name(self) -> &'static str {
        match self {
            ConnectionKind::Helpdesk => "Zendesk subdomain",
            ConnectionKind::Shop => "store domain",
            _ => "base URL",
        }
    }
}

impl std::fmt::Display for ConnectionKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The two ways of talking to a language model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub enum LlmApi {
    /// `GET {base}/models` with a bearer key (OpenAI, and the many servers that
    /// speak its API).
    #[default]
    #[serde(rename = "openai")]
    OpenAi,
    /// `GET {base}/v1/models` with `x-api-key`.
    #[serde(rename = "anthropic")]
    Anthropic,
}

/// One agent's settings for one connection: nothing secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConnectionSettings {
    /// Whose connection: credentials are the agent's own.
    pub agent_id: AgentId,
    pub kind: ConnectionKind,
    /// Helpdesk: the Zendesk subdomain (`acme` or `acme.zendesk.com`); shop: the
    /// store domain (`acme` or `acme.myshopify.com`); billing and llm: the API's
    /// base URL, empty for the vendor's own. A full `https://` URL works for every
    /// kind; plain `http://` only on this machine (a local model server).
    #[serde(default)]
    pub address: String,
    /// Helpdesk only: the Zendesk user's email an API token belongs to; empty
    /// when the credential is an OAuth access token.
    #[serde(default)]
    pub email: String,
    /// Llm only.
    #[serde(default)]
    pub llm_api: LlmApi,
    /// Llm only: the model to use, checked against the endpoint's list.
    #[serde(default)]
    pub model: String,
}

/// Why settings cannot be used, in a sentence that names the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SettingsError {
    #[error("{0}")]
    Invalid(String),
    #[error("The connection settings file {path} could not be read or written: {reason}")]
    File { path: String, reason: String },
}

pub(crate) const OPENAI_BASE: &str = "https://api.openai.com/v1";
pub(crate) const ANTHROPIC_BASE: &str = "https://api.anthropic.com";
pub(crate) const STRIPE_BASE: &str = "https://api.stripe.com";

impl ConnectionSettings {
    /// A connection with nothing set yet.
    pub fn empty(agent_id: AgentId, kind: ConnectionKind) -> ConnectionSettings {
        ConnectionSettings {
            agent_id,
            kind,
            address: String::new(),
            email: String::new(),
            llm_api: LlmApi::default(),
            model: String::new(),
        }
    }

    /// The settings trimmed, with the fields of other kinds cleared, or why they
    /// cannot be used.
    pub fn normalized(mut self) -> Result<ConnectionSettings, SettingsError> {
        self.address = clean("address", &self.address)?;
        self.email = clean("email", &self.email)?;
        self.model = clean("model", &self.model)?;
        if self.kind != ConnectionKind::Helpdesk {
            self.email.clear();
        }
        if self.kind != ConnectionKind::Llm {
            self.model.clear();
            self.llm_api = LlmApi::default();
        }
        if self.kind == ConnectionKind::Sandbox {
            self.address.clear();
        }
        if !self.email.is_empty() && !self.email.contains('@') {
            return Err(SettingsError::Invalid(format!(
                "“{}” is not an email address.",
                self.email
            )));
        }
        if !self.address.is_empty() {
            self.base_url()?;
        }
        Ok(self)
    }

    /// Where this connection's API lives, or `None` when its address is not set
    /// and the vendor has no single address (Zendesk, Shopify).
    pub fn base_url(&self) -> Result<Option<Url>, SettingsError> {
        let address = self.address.trim().trim_end_matches('/');
        let field = self.kind.address_name();
        if address.is_empty() {
            let default = match (self.kind, self.llm_api) {
                (ConnectionKind::Billing, _) => STRIPE_BASE,
                (ConnectionKind::Llm, LlmApi::OpenAi) => OPENAI_BASE,
                (ConnectionKind::Llm, LlmApi::Anthropic) => ANTHROPIC_BASE,
                _ => return Ok(None),
            };
            return Ok(Url::parse(default).ok());
        }
        if address.chars().any(char::is_whitespace) {
            return Err(SettingsError::Invalid(format!(
                "The {field} “{address}” contains a space."
            )));
        }
        let url = if address.contains("://") {
            address.to_owned()
        } else {
            let host = match self.kind {
                ConnectionKind::Helpdesk if !address.contains('.') => {
                    format!("{address}.zendesk.com")
                }
                ConnectionKind::Shop if !address.contains('.') => {
                    format!("{address}.myshopify.com")
                }
                _ => address.to_owned(),
            };
            format!("https://{host}")
        };
        let parsed = Url::parse(&url).map_err(|error| {
            SettingsError::Invalid(format!("The {field} “{address}” is not usable: {error}."))
        })?;
        let Some(host) = parsed.host_str() else {
            return Err(SettingsError::Invalid(format!(
                "The {field} “{address}” names no host."
            )));
        };
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(SettingsError::Invalid(format!(
                "The {field} must not carry a user name or password: the credential goes in its own field."
            )));
        }
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(SettingsError::Invalid(format!(
                "The {field} “{address}” must not have a query or fragment."
            )));
        }
        match parsed.scheme() {
            "https" => {}
            "http" if is_loopback(host) => {}
            "http" => {
                return Err(SettingsError::Invalid(format!(
                    "The {field} “{address}” uses plain http: credentials are only sent over https \
                     (plain http only to this machine)."
                )))
            }
            other => {
                return Err(SettingsError::Invalid(format!(
                    "The {field} “{address}” uses {other}: only https is supported."
                )))
            }
        }
        Ok(Some(parsed))
    }
}

fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn clean(field: &str, value: &str) -> Result<String, SettingsError> {
    let value = value.trim();
    if value.chars().any(char::is_control) {
        return Err(SettingsError::Invalid(format!(
            "The {field} contains a line break or another control character."
        )));
    }
    if value.chars().count() > 512 {
        return Err(SettingsError::Invalid(format!(
            "The {field} is longer than 512 characters."
        )));
    }
    Ok(value.to_owned())
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct FileContent {
    connections: Vec<ConnectionSettings>,
}

/// The settings of every agent's connections, in one JSON file.
#[derive(Debug, Clone)]
pub struct SettingsFile {
    path: PathBuf,
}

impl SettingsFile {
    pub fn new(path: impl Into<PathBuf>) -> SettingsFile {
        SettingsFile { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn error(&self, reason: impl std::fmt::Display) -> SettingsError {
        SettingsError::File {
            path: self.path.display().to_string(),
            reason: reason.to_string(),
        }
    }

    /// Every saved connection; none when the file does not exist yet.
    pub fn load(&self) -> Result<Vec<ConnectionSettings>, SettingsError> {
        match std::fs::read_to_string(&self.path) {
            Ok(text) => serde_json::from_str::<FileContent>(&text)
                .map(|content| content.connections)
                .map_err(|error| self.error(error)),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(error) => Err(self.error(error)),
        }
    }

    /// The agent's settings for `kind`, empty when never saved.
    pub fn get(
        &self,
        agent_id: &AgentId,
        kind: ConnectionKind,
    ) -> Result<ConnectionSettings, SettingsError> {
        Ok(self
            .load()?
            .into_iter()
            .find(|s| &s.agent_id == agent_id && s.kind == kind)
            .unwrap_or_else(|| ConnectionSettings::empty(agent_id.clone(), kind)))
    }

    /// Replaces the agent's settings for that kind. The file is written beside
    /// and renamed into place, so a crash leaves the old file or the new one.
    pub fn put(&self, settings: ConnectionSettings) -> Result<(), SettingsError> {
        let mut connections = self.load()?;
        connections.retain(|s| !(s.agent_id == settings.agent_id && s.kind == settings.kind));
        connections.push(settings);
        connections.sort_by(|a, b| (&a.agent_id, a.kind).cmp(&(&b.agent_id, b.kind)));
        let text = serde_json::to_string_pretty(&FileContent { connections })
            .map_err(|error| self.error(error))?;
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(|error| self.error(error))?;
        }
        let partial = self.path.with_extension("json.partial");
        std::fs::write(&partial, text + "\n").map_err(|error| self.error(error))?;
        std::fs::rename(&partial, &self.path).map_err(|error| self.error(error))
    }
}
