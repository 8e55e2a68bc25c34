//! Carrying out an approved action in a system of record, exactly once.
//!
//! A [`SystemOfRecord`] is where an action takes effect: the embedded sandbox
//! store, or a real system (billing, shop, helpdesk) over its API. Every call
//! carries an idempotency key: the same key never takes effect twice, and the
//! system can be asked afterwards whether a key took effect ([`SystemOfRecord::lookup`]),
//! which is how an interrupted execution is reconciled.
//!
//! [`retry::run`] drives one execution: it retries only transient failures
//! (timeouts, 429 with `Retry-After`, 5xx, dropped connections), with exponential
//! backoff and jitter inside a bounded total time, always with the same key; it
//! never retries a refusal; and when a write may have happened but no answer came
//! back, it asks the system before trying again.

use countersign_domain::{Action, CustomerId};

pub mod http;
pub mod retry;

/// What a system reports for an action that took effect.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Executed {
    /// In words, for the agent and the audit ("Refunded 12.00 to Visa ending 9212").
    pub message: String,
    /// The system's own reference (a refund id, a job id), when it has one.
    pub external_id: Option<String>,
}

/// Why a call did not (or may not have) taken effect.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExecError {
    /// The system said no (a business rule, a validation error, a revoked
    /// credential): nothing happened, and trying again would not change that.
    #[error("refused: {0}")]
    Refused(String),
    /// Nothing happened, and trying again may work: a 429 (with the wait the system
    /// asked for), a 5xx, a connection refused before the request was sent.
    #[error("temporarily unavailable: {message}")]
    Transient {
        message: String,
        retry_after: Option<std::time::Duration>,
    },
    /// The request may have reached the system but no answer came back (a timeout
    /// or a connection reset after sending): ask [`SystemOfRecord::lookup`] before
    /// trying again.
    #[error("no answer: {0}")]
    Unknown(String),
}

/// Where actions take effect. Implementations must make `execute` idempotent per
/// `key`: a second call with a key that already took effect returns the first
/// result and changes nothing.
pub trait SystemOfRecord {
    /// A short name for logs and the audit ("sandbox", "stripe").
    fn name(&self) -> &str;

    /// Carries out `action` for `customer` under `key`.
    fn execute(
        &self,
        key: &str,
        customer: &CustomerId,
        action: &Action,
    ) -> Result<Executed, ExecError>;

    /// Whether an action under `key` took effect, and what it reported. `Ok(None)`
    /// means the system is sure it did not. `Err(Refused)` means it can never
    /// say, and would not apply the key only once: the retry engine then stops
    /// and leaves the approval unconfirmed for a person, rather than risk doing
    /// it twice.
    fn lookup(&self, key: &str) -> Result<Option<Executed>, ExecError>;
}

/// A borrowed system is a system: lets one system serve many reconciliations.
impl<T: SystemOfRecord + ?Sized> SystemOfRecord for &T {
    fn name(&self) -> &str {
        (**self).name()
    }

    fn execute(
        &self,
        key: &str,
        customer: &CustomerId,
        action: &Action,
    ) -> Result<Executed, ExecError> {
        (**self).execute(key, customer, action)
    }

    fn lookup(&self, key: &str) -> Result<Option<Executed>, ExecError> {
        (**self).lookup(key)
    }
}
