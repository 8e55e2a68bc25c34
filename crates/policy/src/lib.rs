//! The policy gate. Every action, whoever proposed it (the rules engine, a language
//! model, a person editing a proposal), is judged here against the store's written
//! policy before it can be shown as runnable, and judged again when it is approved.
//!
//! The policy is data (`policies/sandbox.toml`, see `config`): statuses, windows,
//! limits, reasons and queues a support lead can edit. The checks are code. Every
//! verdict cites the rule ids of `POLICY.md` and carries a sentence a person
//! understands.

mod config;
mod evaluate;

pub use config::{
    PolicyConfig, PolicyError, StatusRule, Tier, ESCALATION_TRIGGERS, SANDBOX_POLICY,
};

use countersign_domain::*;

/// What the policy reads besides the action: the customer the ticket is tied to
/// (R1/R2), the world clock for time windows, who is approving and what they
/// already approved today (R19), and who sent the request (R24).
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    pub context: &'a CustomerContext,
    pub clock: Timestamp,
    pub approver: Role,
    /// Refunds and reships this approver already approved today (UTC day).
    pub approved_today: Amount,
    /// The address the request came from, when known.
    pub sender_email: Option<&'a str>,
}

/// A loaded, valid policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    config: PolicyConfig,
}

impl Policy {
    pub fn new(config: PolicyConfig) -> Policy {
        Policy { config }
    }

    /// The policy shipped for the sandbox store.
    pub fn sandbox() -> Policy {
        Policy::new(PolicyConfig::sandbox())
    }

    pub fn config(&self) -> &PolicyConfig {
        &self.config
    }

    pub fn evaluate(&self, action: &Action, facts: &Facts<'_>) -> Verdict {
        evaluate::evaluate(&self.config, action, facts)
    }

    /// Replaces this policy with the file's, only when the file is valid: on an
    /// error the policy in force stays as it was.
    pub fn reload(&mut self, source: &str) -> Result<(), PolicyError> {
        self.config = PolicyConfig::parse(source)?;
        Ok(())
    }
}
