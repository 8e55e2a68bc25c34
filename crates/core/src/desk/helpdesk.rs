//! What the agent does on the ticket itself: send the reply or a note, and route
//! an escalated ticket to a queue. Each change to the ticket and its audit entry
//! are written in one transaction.

use countersign_domain::*;
use countersign_store::NewEntry;

use super::Desk;
use crate::view::{RouteTicket, SendReply, TicketView};
use crate::DeskError;

/// The longest reply or summary the desk sends (helpdesks cap comments near 64 KiB).
const MAX_TEXT: usize = 60_000;

/// Which routed queues an agent of `role` works; everything else routed leaves
/// their queue.
pub fn works_queue(role: Role, queue: QueueName) -> bool {
    matches!(
        (role, queue),
        (Role::Agent, QueueName::General)
            | (
                Role::Senior,
                QueueName::SeniorSupport | QueueName::TrustSafety
            )
            | (Role::Finance, QueueName::Billing)
    )
}

fn checked_text<'a>(text: &'a str, what: &str) -> Result<&'a str, DeskError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(DeskError::invalid(format!("The {what} is empty.")));
    }
    if text.len() > MAX_TEXT {
        return Err(DeskError::invalid(format!(
            "The {what} is too long ({} characters; at most {MAX_TEXT}).",
            text.chars().count()
        )));
    }
    Ok(text)
}

impl Desk {
    /// Sends the agent's reply (to the customer) or internal note (to the team) on
    /// a ticket and leaves the ticket in `status` (unchanged when none). The audit
    /// keeps the engine's draft beside what was sent, so every edit is on record;
    /// the saved draft is cleared.
    pub fn send_reply(&self, request: &SendReply) -> Result<TicketView, DeskError> {
        let agent = self.existing_agent(&request.agent_id)?;
        let text = checked_text(&request.text, "reply")?;
        let view = self.ticket(&request.ticket_id)?;
        if request.status == Some(TicketStatus::Escalated) {
            return Err(DeskError::invalid(
                "A reply cannot escalate a ticket: route it to a queue from the handoff.",
            ));
        }
        let status = request.status.unwrap_or(view.ticket.status);
        let internal = request.visibility == ReplyVisibility::Internal;
        let sent = match (request.visibility, status) {
            (ReplyVisibility::Public, TicketStatus::Solved) => "Reply sent; the ticket is solved.",
            (ReplyVisibility::Public, _) => "Reply sent; the ticket stays open.",
            (ReplyVisibility::Internal, _) => "Internal note added.",
        };
        let event = DeskEvent::Reply {
            visibility: request.visibility,
            drafted: view.proposal.reply.clone(),
            sent: text.to_owned(),
            status,
        };
        let ticket = &view.ticket;
        self.store.write(|w| -> Result<(), DeskError> {
            w.add_message(
                &ticket.id,
                &Message {
                    author: Author::Agent,
                    at: chrono::Utc::now(),
                    body: text.to_owned(),
                    internal,
                },
            )?;
            w.set_ticket_state(&ticket.id, status, ticket.queue)?;
            if !internal {
                w.clear_reply_draft(&ticket.id)?;
            }
            w.append(&desk_entry(&agent, &view, sent, &event))?;
            Ok(())
        })?;
        tracing::info!(ticket = %ticket.id, visibility = ?request.visibility, status = ?status, "reply sent");
        self.ticket(&request.ticket_id)
    }

    /// Routes a ticket to a human queue with the agent's handoff summary, as an
    /// internal note the queue reads. The ticket leaves the queue of every agent
    /// who does not work that queue. The audit keeps the summary and queue as the
    /// engine proposed them beside what was routed.
    pub fn route_ticket(&self, request: &RouteTicket) -> Result<TicketView, DeskError> {
        let agent = self.existing_agent(&request.agent_id)?;
        let summary = checked_text(&request.summary, "handoff summary")?;
        let view = self.ticket(&request.ticket_id)?;
        let ticket = &view.ticket;
        if ticket.status == TicketStatus::Solved {
            return Err(DeskError::invalid(format!(
                "Ticket {} is solved; there is nothing to hand off.",
                ticket.id
            )));
        }
        let proposed = view.proposal.escalate.as_ref();
        let event = DeskEvent::Handoff {
            queue: request.queue,
            proposed_queue: proposed.map(|e| e.queue),
            summary: summary.to_owned(),
            proposed_summary: proposed.map(|e| e.summary.clone()),
        };
        let message = format!("Routed to the {} queue.", queue_label(request.queue));
        self.store.write(|w| -> Result<(), DeskError> {
            w.add_message(
                &ticket.id,
                &Message {
                    author: Author::Agent,
                    at: chrono::Utc::now(),
                    body: format!("Handoff to {}:\n{summary}", queue_label(request.queue)),
                    internal: true,
                },
            )?;
            w.set_ticket_state(&ticket.id, TicketStatus::Escalated, Some(request.queue))?;
            w.append(&desk_entry(&agent, &view, &message, &event))?;
            Ok(())
        })?;
        tracing::info!(ticket = %ticket.id, queue = request.queue.as_str(), "ticket routed");
        self.ticket(&request.ticket_id)
    }
}

/// The audit entry of something done on the ticket in the sandbox helpdesk.
fn desk_entry<'a>(
    agent: &'a Agent,
    view: &'a TicketView,
    message: &'a str,
    event: &'a DeskEvent,
) -> NewEntry<'a> {
    NewEntry {
        kind: match event {
            DeskEvent::Reply { .. } => AuditKind::Reply,
            DeskEvent::Handoff { .. } => AuditKind::Handoff,
        },
        approval_id: None,
        agent,
        ticket_id: Some(&view.ticket.id),
        customer_id: view.proposal.customer_id.as_ref(),
        action: None,
        proposed: None,
        verdict: None,
        outcome: Outcome::Executed,
        message,
        idempotency_key: None,
        system: Some("sandbox"),
        external_id: None,
        event: Some(event),
    }
}

/// A queue's name in words.
pub fn queue_label(queue: QueueName) -> &'static str {
    match queue {
        QueueName::Billing => "billing",
        QueueName::TrustSafety => "trust and safety",
        QueueName::SeniorSupport => "senior support",
        QueueName::General => "general",
    }
}
