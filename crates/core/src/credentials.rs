//! The connections to the outside systems (helpdesk, shop, billing, language
//! model) and their credentials.
//!
//! A connection has two halves kept apart on purpose: its settings (where the
//! service is, which model) are plain data in `connections.json` in the app's data
//! folder, and its secret lives only in the OS keychain, behind [`Vault`]. The
//! secret is a [`Secret`] from the moment it arrives: it prints as `<redacted>`,
//! cannot be serialised, and only this crate can open it, to put it in one request
//! header. What the UI learns is whether a secret is stored, never the secret.
//!
//! The sandbox is a connection too: always there, needing nothing, and the default.

mod check;
mod live;
mod settings;
mod vault;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use countersign_domain::AgentId;
use serde::Serialize;
use ts_rs::TS;

pub use check::{
    check_billing, check_connection, check_helpdesk, check_llm, check_sandbox, check_shop,
    CheckOutcome, ConnectionCheck, ANTHROPIC_API_VERSION, SHOPIFY_API_VERSION, STRIPE_API_VERSION,
};
pub use live::Live;
pub use settings::{ConnectionKind, ConnectionSettings, LlmApi, SettingsError, SettingsFile};
pub use vault::{build_kind, KeyringVault, MemoryVault, Secret, SecretKey, Vault, VaultError};

use crate::{DeskError, ErrorCode};

/// Whether a connection has what it needs in the keychain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CredentialState {
    /// The sandbox: nothing to store.
    NotNeeded,
    Stored,
    Missing,
    /// The keychain could not be asked; `ConnectionStatus::problem` says why.
    Unavailable,
}

/// A connection as the settings show it: its settings and whether a secret is
/// stored; never the secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ConnectionStatus {
    pub settings: ConnectionSettings,
    pub credential: CredentialState,
    /// The connection the desk uses unless told otherwise: the sandbox.
    pub is_default: bool,
    /// Why the keychain could not be asked, when it could not.
    pub problem: Option<String>,
}

/// The connections use case: list, save, remove a credential, test.
pub struct Connections {
    settings: SettingsFile,
    vault: Arc<dyn Vault>,
    timeout: Duration,
    /// One read-modify-write of the settings file at a time.
    writing: Mutex<()>,
}

impl std::fmt::Debug for Connections {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connections")
            .field("settings", &self.settings)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl Connections {
    /// How long "Test connection" waits for a service.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

    /// Connections whose settings are kept in `settings_path` and secrets in `vault`.
    pub fn new(settings_path: impl Into<PathBuf>, vault: Arc<dyn Vault>) -> Connections {
        Connections {
            settings: SettingsFile::new(settings_path),
            vault,
            timeout: Connections::DEFAULT_TIMEOUT,
            writing: Mutex::new(()),
        }
    }

    pub fn with_timeout(mut self, timeout: Duration) -> Connections {
        self.timeout = timeout;
        self
    }

    /// Every connection of `agent_id`, the sandbox first. A keychain that cannot
    /// be asked marks each connection rather than failing the list.
    pub fn list(&self, agent_id: &AgentId) -> Result<Vec<ConnectionStatus>, DeskError> {
        let saved = self.settings.load()?;
        Ok(ConnectionKind::ALL
            .into_iter()
            .map(|kind| {
                let settings = saved
                    .iter()
                    .find(|s| &s.agent_id == agent_id && s.kind == kind)
                    .cloned()
                    .unwrap_or_else(|| ConnectionSettings::empty(agent_id.clone(), kind));
                self.status_of(settings)
            })
            .collect())
    }

    fn status_of(&self, settings: ConnectionSettings) -> ConnectionStatus {
        let kind = settings.kind;
        let (credential, problem) = if !kind.needs_secret() {
            (CredentialState::NotNeeded, None)
        } else {
            let key = SecretKey::new(settings.agent_id.clone(), kind);
            match self.vault.has(&key) {
                Ok(true) => (CredentialState::Stored, None),
                Ok(false) => (CredentialState::Missing, None),
                Err(error) => {
                    tracing::warn!(%kind, %error, "keychain not available");
                    (CredentialState::Unavailable, Some(error.to_string()))
                }
            }
        };
        ConnectionStatus {
            settings,
            credential,
            is_default: kind == ConnectionKind::Sandbox,
            problem,
        }
    }

    /// Saves the settings and, when given, a new secret (the stored one stays
    /// otherwise). The secret goes first: when the keychain refuses it, nothing
    /// is saved.
    pub fn save(
        &self,
        settings: ConnectionSettings,
        secret: Option<Secret>,
    ) -> Result<ConnectionStatus, DeskError> {
        let settings = settings.normalized()?;
        let kind = settings.kind;
        if let Some(secret) = &secret {
            if !kind.needs_secret() {
                return Err(DeskError::invalid(
                    "The sandbox needs no credential, and none is stored for it.",
                ));
            }
            if let Some(problem) = secret.problem() {
                return Err(DeskError::invalid(problem));
            }
            self.vault
                .save(&SecretKey::new(settings.agent_id.clone(), kind), secret)?;
            tracing::info!(%kind, "credential saved in the keychain");
        }
        if kind.needs_secret() {
            let _writing = self.writing.lock().map_err(|_| poisoned())?;
            self.settings.put(settings.clone())?;
            tracing::info!(%kind, "connection settings saved");
        }
        Ok(self.status_of(settings))
    }

    /// Deletes the agent's secret for `kind` from the keychain; the settings stay.
    pub fn remove_credential(
        &self,
        agent_id: &AgentId,
        kind: ConnectionKind,
    ) -> Result<ConnectionStatus, DeskError> {
        if kind.needs_secret() {
            let removed = self.vault.delete(&SecretKey::new(agent_id.clone(), kind))?;
            tracing::info!(%kind, removed, "credential removed from the keychain");
        }
        Ok(self.status_of(self.settings.get(agent_id, kind)?))
    }

    /// "Test connection": a cheap authenticated read with the stored secret.
    /// Blocks for up to the timeout: call it off any async runtime's worker
    /// threads.
    pub fn test(
        &self,
        agent_id: &AgentId,
        kind: ConnectionKind,
    ) -> Result<ConnectionCheck, DeskError> {
        let settings = self.settings.get(agent_id, kind)?;
        let secret = if kind.needs_secret() {
            self.vault.read(&SecretKey::new(agent_id.clone(), kind))?
        } else {
            None
        };
        let check = check_connection(&settings, secret.as_ref(), self.timeout);
        tracing::info!(%kind, outcome = ?check.outcome, "connection tested");
        Ok(check)
    }
}

fn poisoned() -> DeskError {
    DeskError {
        code: ErrorCode::Storage,
        message: "An earlier save of the connection settings failed midway; restart the app."
            .into(),
    }
}

impl From<VaultError> for DeskError {
    fn from(error: VaultError) -> Self {
        tracing::error!(%error, "keychain error");
        DeskError {
            code: ErrorCode::Storage,
            message: error.to_string(),
        }
    }
}

impl From<SettingsError> for DeskError {
    fn from(error: SettingsError) -> Self {
        match error {
            SettingsError::Invalid(message) => DeskError::invalid(message),
            error => {
                tracing::error!(%error, "connection settings error");
                DeskError {
                    code: ErrorCode::Storage,
                    message: error.to_string(),
                }
            }
        }
    }
}
