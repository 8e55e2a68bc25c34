//! What the audit trail records of every approval, and what became of it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::action::Action;
use crate::ids::{AgentId, CustomerId, TicketId};
use crate::proposal::{Role, Verdict};
use crate::Timestamp;

/// What became of an approved action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Carried out in the system of record.
    Executed,
    /// Not carried out: the policy or a precondition forbids it.
    Refused,
    /// Not carried out: the system of record failed.
    Failed,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Executed => "executed",
            Outcome::Refused => "refused",
            Outcome::Failed => "failed",
        }
    }
}

/// One entry of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AuditEntry {
    pub audit_id: i64,
    pub at: Timestamp,
    pub agent_id: AgentId,
    pub agent_role: Role,
    pub ticket_id: Option<TicketId>,
    pub customer_id: Option<CustomerId>,
    pub action: Action,
    pub verdict: Verdict,
    pub outcome: Outcome,
    pub message: String,
    /// The execution's idempotency key (see `idempotency_key`).
    pub idempotency_key: Option<String>,
}

/// The recorded outcome of one action of a ticket's proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ActionOutcome {
    pub action_index: u32,
    pub outcome: Outcome,
    pub message: String,
    pub audit_id: i64,
    pub at: Timestamp,
}
