//! The sandbox helpdesk's writes from the desk: replies and notes added to a
//! ticket, its status, and the queue a handoff routes it to. Each runs inside the
//! caller's write transaction, beside the audit entry that records it.

use countersign_domain::*;
use rusqlite::params;

use crate::write::{author_str, status_str};
use crate::{StoreError, Writer};

impl Writer<'_> {
    /// Appends `message` to the end of `ticket`'s conversation.
    pub fn add_message(&self, ticket: &TicketId, message: &Message) -> Result<(), StoreError> {
        let changed = self
            .conn
            .prepare_cached(
                "INSERT INTO ticket_messages (ticket_id, position, author, at, body, internal)
                 SELECT ?1, coalesce(max(position) + 1, 0), ?2, ?3, ?4, ?5
                 FROM ticket_messages WHERE ticket_id = ?1",
            )?
            .execute(params![
                ticket.as_str(),
                author_str(message.author),
                message.at.to_rfc3339(),
                message.body,
                message.internal
            ])?;
        debug_assert_eq!(changed, 1);
        Ok(())
    }

    /// Sets `ticket`'s status and the queue it is routed to (none: back with the
    /// agents). Fails for an unknown ticket.
    pub fn set_ticket_state(
        &self,
        ticket: &TicketId,
        status: TicketStatus,
        queue: Option<QueueName>,
    ) -> Result<(), StoreError> {
        let changed = self
            .conn
            .prepare_cached("UPDATE tickets SET status = ?2, queue = ?3 WHERE ticket_id = ?1")?
            .execute(params![
                ticket.as_str(),
                status_str(status),
                queue.map(QueueName::as_str)
            ])?;
        if changed == 0 {
            return Err(StoreError::corrupt(
                ticket.as_str(),
                "no such ticket in the sandbox helpdesk",
            ));
        }
        Ok(())
    }

    /// Drops the agent's saved reply for `ticket` (it was sent).
    pub fn clear_reply_draft(&self, ticket: &TicketId) -> Result<(), StoreError> {
        self.conn
            .prepare_cached("DELETE FROM reply_drafts WHERE ticket_id = ?1")?
            .execute([ticket.as_str()])?;
        Ok(())
    }
}
