//! The store's domain, shared by every other crate: the world (customers, orders,
//! products, subscriptions), the helpdesk (tickets), and what the engine produces
//! (actions, verdicts, proposals).
//!
//! These types are the single source of truth for the desktop app's IPC payloads too:
//! they derive `ts_rs::TS`, and the TypeScript the UI compiles against is generated
//! from them (see `countersign-core`'s bindings test).

pub mod action;
pub mod audit;
pub mod contract;
pub mod ids;
pub mod money;
pub mod proposal;
pub mod ticket;
pub mod world;

pub use action::{
    fingerprint, idempotency_key, Action, ActionKind, CancelReason, RefundReason, ReshipReason,
    Resource,
};
pub use audit::{ActionOutcome, AuditEntry, AuditKind, DeskEvent, Outcome, ReplyVisibility};
pub use ids::*;
pub use money::{Amount, AmountError};
pub use proposal::{
    Decision, Denied, Escalation, Intent, Proposal, ProposedAction, QueueName, Role, Sentiment,
    Verdict,
};
pub use ticket::{Author, Message, Sender, Ticket, TicketStatus};
pub use world::*;

/// Timestamps are UTC everywhere: the world clock, order dates and ticket times.
pub type Timestamp = chrono::DateTime<chrono::Utc>;
