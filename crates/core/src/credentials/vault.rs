//! Where secrets live: the OS keychain behind a small [`Vault`] trait, so a test
//! can swap in [`MemoryVault`] and the desk never sees which store it talks to.

use std::collections::HashMap;
use std::sync::Mutex;

use countersign_domain::AgentId;
use serde::Deserialize;

use super::ConnectionKind;

/// A credential's value. It prints as `<redacted>` however it is formatted, has no
/// `Serialize`, and only this crate can look inside: it goes from the person's
/// keyboard to the keychain, and from the keychain to one request header.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// The longest credential accepted: vendor tokens are far shorter, and a
    /// longer paste is a mistake.
    pub const MAX_CHARS: usize = 4096;

    /// The value as typed or pasted, without the spaces and line breaks around it.
    pub fn new(value: impl Into<String>) -> Secret {
        let value = value.into();
        let trimmed = value.trim();
        if trimmed.len() == value.len() {
            Secret(value)
        } else {
            Secret(trimmed.to_owned())
        }
    }

    /// Why this value cannot be a credential, in words that never quote it.
    pub fn problem(&self) -> Option<&'static str> {
        if self.0.is_empty() {
            Some("The credential is empty.")
        } else if self.0.chars().count() > Secret::MAX_CHARS {
            Some("The credential is longer than any token a vendor issues; check what was pasted.")
        } else if self.0.chars().any(char::is_control) {
            Some("The credential contains a line break or another control character; paste it again.")
        } else {
            None
        }
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl std::fmt::Display for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A secret arrives over IPC as a plain string and is wrapped before anything
/// else can see it.
impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Secret::new)
    }
}

/// Whose credential for which connection: the keychain's user name is
/// `<agent_id>/<connection>`, e.g. `alex.agent/shop`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SecretKey {
    pub agent_id: AgentId,
    pub kind: ConnectionKind,
}

impl SecretKey {
    pub fn new(agent_id: AgentId, kind: ConnectionKind) -> SecretKey {
        SecretKey { agent_id, kind }
    }

    pub fn user(&self) -> String {
        format!("{}/{}", self.agent_id, self.kind.as_str())
    }
}

/// Why the keychain could not do what was asked. No variant carries a secret:
/// the details are the platform's own words about the store, never its content.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VaultError {
    /// No keychain to talk to (on Linux: no D-Bus session, or nothing provides
    /// the Secret Service on it).
    #[error("{}", unavailable_sentence(.0))]
    Unavailable(String),
    /// The keychain is there but locked, or the person refused access.
    #[error("The keychain is locked or refused access ({0}); unlock it and try again.")]
    Locked(String),
    /// The stored value is not text.
    #[error("The stored credential for {0} cannot be read as text; save it again.")]
    Unreadable(String),
    /// More than one stored item matches one connection.
    #[error("Several stored credentials match {0}; remove the credential and save it again.")]
    Ambiguous(String),
    /// The keychain refused the entry itself (a name too long, ...).
    #[error("The keychain refused the entry for {user}: {reason}")]
    Refused { user: String, reason: String },
}

fn unavailable_sentence(detail: &str) -> String {
    let detail = detail.trim_end_matches('.');
    if cfg!(target_os = "linux") {
        format!(
            "No Secret Service is running: {detail}. Start a keyring that provides it \
             (GNOME Keyring, KWallet or KeePassXC) and try again."
        )
    } else {
        format!("The OS keychain is not available: {detail}.")
    }
}

/// A store for secrets. `read` hands back a [`Secret`] nobody outside this crate
/// can open; `has` is what the UI may know.
pub trait Vault: Send + Sync {
    fn save(&self, key: &SecretKey, secret: &Secret) -> Result<(), VaultError>;
    fn read(&self, key: &SecretKey) -> Result<Option<Secret>, VaultError>;
    /// Whether there was a secret to delete.
    fn delete(&self, key: &SecretKey) -> Result<bool, VaultError>;
    fn has(&self, key: &SecretKey) -> Result<bool, VaultError>;
}

/// Which build is asking: a debug build and a release build keep their
/// credentials apart, so a development build never reads the production tokens.
pub fn build_kind() -> &'static str {
    if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    }
}

/// The OS keychain through the `keyring` crate: each secret under the service
/// `countersign-<namespace>` and the user `<agent_id>/<connection>`.
#[derive(Debug, Clone)]
pub struct KeyringVault {
    service: String,
}

impl KeyringVault {
    /// The keychain namespaced by this build's kind (`countersign-debug` or
    /// `countersign-release`).
    pub fn for_this_build() -> KeyringVault {
        KeyringVault::with_namespace(build_kind())
    }

    /// The keychain under `countersign-<namespace>`: tests use a namespace of
    /// their own so they never meet a person's credentials.
    pub fn with_namespace(namespace: &str) -> KeyringVault {
        KeyringVault {
            service: format!("countersign-{namespace}"),
        }
    }

    /// The keychain's service name for every secret of this vault.
    pub fn service(&self) -> &str {
        &self.service
    }

    fn entry(&self, key: &SecretKey) -> Result<keyring::Entry, VaultError> {
        keyring::Entry::new(&self.service, &key.user()).map_err(|error| vault_error(key, error))
    }
}

/// Words for a keyring error. `BadEncoding` holds the stored bytes and
/// `Ambiguous` the matching items, so neither is ever formatted.
fn vault_error(key: &SecretKey, error: keyring::Error) -> VaultError {
    match error {
        // The Secret Service reports a locked collection as a D-Bus failure.
        keyring::Error::PlatformFailure(cause) if cause.to_string().contains("locked") => {
            VaultError::Locked(cause.to_string())
        }
        keyring::Error::PlatformFailure(cause) => VaultError::Unavailable(cause.to_string()),
        keyring::Error::NoStorageAccess(cause) => VaultError::Locked(cause.to_string()),
        keyring::Error::BadEncoding(_) => VaultError::Unreadable(key.user()),
        keyring::Error::Ambiguous(_) => VaultError::Ambiguous(key.user()),
        keyring::Error::TooLong(attribute, limit) => VaultError::Refused {
            user: key.user(),
            reason: format!("{attribute} is longer than the keychain's limit of {limit}"),
        },
        keyring::Error::Invalid(attribute, reason) => VaultError::Refused {
            user: key.user(),
            reason: format!("{attribute} is invalid: {reason}"),
        },
        keyring::Error::NoEntry => VaultError::Refused {
            user: key.user(),
            reason: "there is no such entry".into(),
        },
        _ => VaultError::Refused {
            user: key.user(),
            reason: "an error this app does not know".into(),
        },
    }
}

impl Vault for KeyringVault {
    fn save(&self, key: &SecretKey, secret: &Secret) -> Result<(), VaultError> {
        self.entry(key)?
            .set_password(secret.expose())
            .map_err(|error| vault_error(key, error))
    }

    fn read(&self, key: &SecretKey) -> Result<Option<Secret>, VaultError> {
        match self.entry(key)?.get_password() {
            Ok(value) => Ok(Some(Secret(value))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(error) => Err(vault_error(key, error)),
        }
    }

    fn delete(&self, key: &SecretKey) -> Result<bool, VaultError> {
        match self.entry(key)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(error) => Err(vault_error(key, error)),
        }
    }

    /// Asks for the entry's attributes, not its value: the secret does not even
    /// cross D-Bus to answer this.
    fn has(&self, key: &SecretKey) -> Result<bool, VaultError> {
        match self.entry(key)?.get_attributes() {
            Ok(_) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(error) => Err(vault_error(key, error)),
        }
    }
}

/// Secrets in memory, for tests and previews; [`MemoryVault::unavailable`]
/// plays a machine without a keychain.
#[derive(Default)]
pub struct MemoryVault {
    secrets: Mutex<HashMap<SecretKey, Secret>>,
    unavailable: Option<String>,
}

impl std::fmt::Debug for MemoryVault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let count = self.secrets.lock().map(|s| s.len()).unwrap_or(0);
        f.debug_struct("MemoryVault")
            .field("secrets", &count)
            .field("unavailable", &self.unavailable)
            .finish()
    }
}

impl MemoryVault {
    pub fn new() -> MemoryVault {
        MemoryVault::default()
    }

    /// A vault whose every call fails as a missing keychain does, with `detail`.
    pub fn unavailable(detail: impl Into<String>) -> MemoryVault {
        MemoryVault {
            secrets: Mutex::default(),
            unavailable: Some(detail.into()),
        }
    }

    fn secrets(&self) -> Result<std::sync::MutexGuard<'_, HashMap<SecretKey, Secret>>, VaultError> {
        if let Some(detail) = &self.unavailable {
            return Err(VaultError::Unavailable(detail.clone()));
        }
        self.secrets
            .lock()
            .map_err(|_| VaultError::Unavailable("the in-memory vault was poisoned".into()))
    }
}

impl Vault for MemoryVault {
    fn save(&self, key: &SecretKey, secret: &Secret) -> Result<(), VaultError> {
        self.secrets()?.insert(key.clone(), secret.clone());
        Ok(())
    }

    fn read(&self, key: &SecretKey) -> Result<Option<Secret>, VaultError> {
        Ok(self.secrets()?.get(key).cloned())
    }

    fn delete(&self, key: &SecretKey) -> Result<bool, VaultError> {
        Ok(self.secrets()?.remove(key).is_some())
    }

    fn has(&self, key: &SecretKey) -> Result<bool, VaultError> {
        Ok(self.secrets()?.contains_key(key))
    }
}
