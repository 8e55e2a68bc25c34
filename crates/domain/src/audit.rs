//! What the audit trail records of every approval, and what became of it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::action::Action;
use crate::ids::{AgentId, CustomerId, TicketId};
use crate::proposal::{QueueName, Role, Verdict};
use crate::ticket::TicketStatus;
use crate::Timestamp;

/// What became of an approved action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Approved and recorded; not yet carried out.
    Pending,
    /// Carried out in the system of record.
    Executed,
    /// Not carried out: the policy, a precondition or the system refuses it.
    Refused,
    /// Not carried out: the system of record failed, or the app stopped before it
    /// ran. Nothing changed; it can be approved again.
    Failed,
    /// The system may have carried it out but did not confirm: it is asked again
    /// (by idempotency key) until it answers.
    Unconfirmed,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pending => "pending",
            Outcome::Executed => "executed",
            Outcome::Refused => "refused",
            Outcome::Failed => "failed",
            Outcome::Unconfirmed => "unconfirmed",
        }
    }

    pub fn parse(text: &str) -> Option<Outcome> {
        [
            Outcome::Pending,
            Outcome::Executed,
            Outcome::Refused,
            Outcome::Failed,
            Outcome::Unconfirmed,
        ]
        .into_iter()
        .find(|o| o.as_str() == text)
    }
}

/// What an audit entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AuditKind {
    /// An approval, written before anything runs: who, what, the verdict.
    Intent,
    /// What became of an approval: the result, the system's reference, the error.
    Outcome,
    /// An approval the policy refused: what was tried, by whom, which rule.
    Refusal,
    /// A reply or internal note sent on a ticket: the engine's draft and the text
    /// sent, so what the agent changed is kept.
    Reply,
    /// An escalated ticket routed to a queue, with its handoff summary as routed
    /// and as proposed.
    Handoff,
}

impl AuditKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditKind::Intent => "intent",
            AuditKind::Outcome => "outcome",
            AuditKind::Refusal => "refusal",
            AuditKind::Reply => "reply",
            AuditKind::Handoff => "handoff",
        }
    }

    pub fn parse(text: &str) -> Option<AuditKind> {
        [
            AuditKind::Intent,
            AuditKind::Outcome,
            AuditKind::Refusal,
            AuditKind::Reply,
            AuditKind::Handoff,
        ]
        .into_iter()
        .find(|k| k.as_str() == text)
    }
}

/// One entry of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AuditEntry {
    pub audit_id: i64,
    pub at: Timestamp,
    pub kind: AuditKind,
    /// The approval an intent or an outcome belongs to.
    pub approval_id: Option<i64>,
    pub agent_id: AgentId,
    pub agent_role: Role,
    pub ticket_id: Option<TicketId>,
    pub customer_id: Option<CustomerId>,
    /// The action as approved; none for a reply or a handoff.
    pub action: Option<Action>,
    /// The action as the proposal had it, when the approval came from one; it
    /// differs from `action` where the agent edited it.
    pub proposed: Option<Action>,
    /// The policy's verdict on `action`; none for a reply or a handoff.
    pub verdict: Option<Verdict>,
    pub outcome: Outcome,
    pub message: String,
    /// The execution's idempotency key (see `idempotency_key`).
    pub idempotency_key: Option<String>,
    /// Where it ran ("sandbox", …).
    pub system: Option<String>,
    /// The system's own reference for what it did.
    pub external_id: Option<String>,
    /// What a reply or a handoff entry records.
    pub event: Option<DeskEvent>,
    /// This entry's link in the hash chain (hex SHA-256).
    pub hash: String,
}

/// Who reads what the agent sends on a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReplyVisibility {
    /// The customer: a public reply.
    Public,
    /// Only the support team: an internal note.
    Internal,
}

/// What the desk did on a ticket that is not an action in a system of record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DeskEvent {
    /// A reply or note was sent and the ticket left in `status`. `drafted` is the
    /// engine's draft at the time; where it differs from `sent`, the agent edited it.
    Reply {
        visibility: ReplyVisibility,
        drafted: String,
        sent: String,
        status: TicketStatus,
    },
    /// The ticket was routed to `queue` with `summary`; `proposed_*` are what the
    /// engine suggested, when it escalated the ticket itself.
    Handoff {
        queue: QueueName,
        proposed_queue: Option<QueueName>,
        summary: String,
        proposed_summary: Option<String>,
    },
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
