//! The payloads the desk shows: the queue, one ticket, the result of an approval.

use countersign_domain::*;
use serde::Serialize;
use ts_rs::TS;

/// Where a ticket's proposal stands, at a glance in the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ProposalState {
    /// Actions are waiting for approval.
    Ready,
    /// The proposal is a handoff to a human queue.
    Escalated,
    /// Nothing to approve: a reply only.
    ReplyOnly,
    /// Every action has run.
    Done,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TicketSummary {
    pub id: TicketId,
    pub subject: Option<String>,
    pub from_name: Option<String>,
    pub channel: String,
    pub created_at: Timestamp,
    pub status: TicketStatus,
    pub preview: String,
    pub intent: Intent,
    pub confidence: f64,
    pub state: ProposalState,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TicketView {
    pub ticket: Ticket,
    pub context: Option<CustomerContext>,
    pub proposal: Proposal,
    pub outcomes: Vec<ActionOutcome>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ApprovalResult {
    pub outcome: Outcome,
    pub message: String,
    pub audit_id: i64,
    pub view: TicketView,
}
