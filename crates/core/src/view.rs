//! The payloads the desk shows: the queue, one ticket, the result of an approval.

use countersign_domain::*;
use serde::{Deserialize, Serialize};
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
    pub sentiment: Sentiment,
    /// The human queue the ticket was routed to, if any.
    pub queue: Option<QueueName>,
    /// Routed to a queue this agent works: it comes first.
    pub for_you: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TicketView {
    pub ticket: Ticket,
    pub context: Option<CustomerContext>,
    pub proposal: Proposal,
    pub outcomes: Vec<ActionOutcome>,
    /// The agent's edited reply, kept across ticket switches and restarts; the
    /// proposal's `reply` is the engine's draft.
    pub draft: Option<String>,
}

/// A policy file that could not be used, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PolicyProblem {
    pub path: String,
    /// 1-based line of the problem, when it can be placed.
    pub line: Option<u32>,
    pub message: String,
}

/// The policy in force, and the last file that was refused, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PolicyStatus {
    pub name: String,
    pub version: u32,
    /// Where the policy in force came from: a file's path, or the shipped policy.
    pub source: String,
    pub rules: u32,
    pub problem: Option<PolicyProblem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ApprovalResult {
    pub outcome: Outcome,
    pub message: String,
    pub audit_id: i64,
    pub view: TicketView,
}

/// Which audit entries the audit view asks for; every field given narrows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct AuditQuery {
    pub ticket_id: Option<TicketId>,
    pub customer_id: Option<CustomerId>,
    pub agent_id: Option<AgentId>,
    pub action: Option<ActionKind>,
    pub outcome: Option<Outcome>,
}

/// The agent's reply or internal note to send on a ticket.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct SendReply {
    pub ticket_id: TicketId,
    pub agent_id: AgentId,
    pub text: String,
    pub visibility: ReplyVisibility,
    /// The ticket's status once sent; none keeps it as it is.
    pub status: Option<TicketStatus>,
}

/// An escalated ticket to route to a human queue, with the handoff summary as the
/// agent left it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct RouteTicket {
    pub ticket_id: TicketId,
    pub agent_id: AgentId,
    pub queue: QueueName,
    pub summary: String,
}
