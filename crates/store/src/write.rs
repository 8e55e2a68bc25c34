//! Writes: tickets, proposals, and approvals with their audit records.

use countersign_domain::*;
use rusqlite::{params, OptionalExtension, Transaction as SqlTransaction};
use serde::Serialize;

use crate::{Store, StoreError};

pub(crate) fn insert_ticket(tx: &SqlTransaction<'_>, ticket: &Ticket) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO tickets (ticket_id, channel, from_name, from_email, subject, created_at, status,
                              queue)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            ticket.id.as_str(),
            ticket.channel,
            ticket.from.name,
            ticket.from.email,
            ticket.subject,
            ticket.created_at.to_rfc3339(),
            status_str(ticket.status),
            ticket.queue.map(QueueName::as_str)
        ],
    )?;
    insert_messages(tx, ticket)
}

/// Writes a ticket's messages, in order; the ticket has none yet.
pub(crate) fn insert_messages(
    conn: &rusqlite::Connection,
    ticket: &Ticket,
) -> Result<(), StoreError> {
    for (position, message) in ticket.messages.iter().enumerate() {
        conn.execute(
            "INSERT INTO ticket_messages (ticket_id, position, author, at, body, internal)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                ticket.id.as_str(),
                position as i64,
                author_str(message.author),
                message.at.to_rfc3339(),
                message.body,
                message.internal
            ],
        )?;
    }
    Ok(())
}

pub(crate) fn author_str(author: Author) -> &'static str {
    match author {
        Author::Customer => "customer",
        Author::Agent => "agent",
    }
}

pub(crate) fn status_str(status: TicketStatus) -> &'static str {
    match status {
        TicketStatus::Open => "open",
        TicketStatus::Solved => "solved",
        TicketStatus::Escalated => "escalated",
    }
}

fn to_json(value: &impl Serialize) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|error| StoreError::corrupt("json", error))
}

impl Store {
    /// The proposal the desk showed for a ticket, if one was made.
    pub fn proposal(&self, ticket: &TicketId) -> Result<Option<Proposal>, StoreError> {
        let text: Option<String> = self
            .conn
            .query_row(
                "SELECT proposal FROM proposals WHERE ticket_id = ?1",
                [ticket.as_str()],
                |row| row.get(0),
            )
            .optional()?;
        text.map(|t| {
            serde_json::from_str(&t).map_err(|error| StoreError::corrupt(ticket.as_str(), error))
        })
        .transpose()
    }

    /// Keeps the proposal shown for a ticket, so that approvals refer to exactly it.
    /// The first proposal stays: re-triaging after an action ran would propose
    /// something else and break the link between an approval and what was shown.
    pub fn save_proposal(&self, proposal: &Proposal) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT OR IGNORE INTO proposals (ticket_id, proposal, created_at) VALUES (?1, ?2, ?3)",
            params![
                proposal.ticket_id.as_str(),
                to_json(proposal)?,
                chrono::Utc::now().to_rfc3339()
            ],
        )?;
        Ok(())
    }

    pub fn action_outcomes(&self, ticket: &TicketId) -> Result<Vec<ActionOutcome>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT action_index, outcome, message, audit_id, at FROM action_outcomes
             WHERE ticket_id = ?1 ORDER BY at, action_index",
        )?;
        let rows = statement
            .query_map([ticket.as_str()], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, i64>(3)?,
                    row.get::<_, String>(4)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(index, outcome, message, audit_id, at)| {
                Ok(ActionOutcome {
                    action_index: index as u32,
                    outcome: Outcome::parse(&outcome).ok_or_else(|| {
                        StoreError::corrupt("action outcome", format!("unknown outcome {outcome}"))
                    })?,
                    message,
                    audit_id,
                    at: crate::read::timestamp("action outcome", &at)?,
                })
            })
            .collect()
    }

    pub fn set_ticket_status(
        &self,
        ticket: &TicketId,
        status: TicketStatus,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE tickets SET status = ?2 WHERE ticket_id = ?1",
            params![ticket.as_str(), status_str(status)],
        )?;
        Ok(())
    }

    /// The agent's edited reply for `ticket`, if they have one.
    pub fn reply_draft(&self, ticket: &TicketId) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT text FROM reply_drafts WHERE ticket_id = ?1")?
            .query_row([ticket.as_str()], |row| row.get(0))
            .optional()?)
    }

    /// Keeps the agent's edited reply for `ticket`, replacing an earlier one.
    pub fn save_reply_draft(&self, ticket: &TicketId, text: &str) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "INSERT INTO reply_drafts (ticket_id, text, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (ticket_id) DO UPDATE SET text = excluded.text,
                                                       updated_at = excluded.updated_at",
            )?
            .execute(params![
                ticket.as_str(),
                text,
                chrono::Utc::now().to_rfc3339()
            ])?;
        Ok(())
    }

    /// Drops the agent's edited reply: the proposal's draft shows again.
    pub fn discard_reply_draft(&self, ticket: &TicketId) -> Result<(), StoreError> {
        self.conn
            .prepare_cached("DELETE FROM reply_drafts WHERE ticket_id = ?1")?
            .execute([ticket.as_str()])?;
        Ok(())
    }

    pub fn audit_entries(&self, ticket: Option<&TicketId>) -> Result<Vec<AuditEntry>, StoreError> {
        self.audit_query(&AuditFilter {
            ticket: ticket.cloned(),
            ..AuditFilter::default()
        })
    }

    pub fn audit_entry(&self, id: i64) -> Result<Option<AuditEntry>, StoreError> {
        Ok(self
            .audit_query(&AuditFilter {
                id: Some(id),
                ..AuditFilter::default()
            })?
            .into_iter()
            .next())
    }

    /// Audit entries matching `filter`, oldest first.
    pub fn audit_query(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {} FROM audit
             WHERE (?1 IS NULL OR ticket_id = ?1) AND (?2 IS NULL OR customer_id = ?2)
               AND (?3 IS NULL OR agent_id = ?3) AND (?4 IS NULL OR outcome = ?4)
               AND (?5 IS NULL OR json_extract(action, '$.type') = ?5)
               AND (?6 IS NULL OR audit_id = ?6)
             ORDER BY audit_id",
            crate::audit::COLUMNS
        ))?;
        let rows = statement
            .query_map(
                params![
                    filter.ticket.as_ref().map(TicketId::as_str),
                    filter.customer.as_ref().map(CustomerId::as_str),
                    filter.agent.as_ref().map(AgentId::as_str),
                    filter.outcome.map(Outcome::as_str),
                    filter.action.map(ActionKind::as_str),
                    filter.id,
                ],
                crate::audit::stored,
            )?
            .collect::<Result<Vec<_>, _>>()?;
        let mut entries = Vec::with_capacity(rows.len());
        for (stored, _, hash) in rows {
            let entry = stored.entry(hash)?;
            if filter.since.is_none_or(|since| entry.at >= since) {
                entries.push(entry);
            }
        }
        Ok(entries)
    }
}

/// Which audit entries to read; every field narrows.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub id: Option<i64>,
    pub ticket: Option<TicketId>,
    pub customer: Option<CustomerId>,
    pub agent: Option<AgentId>,
    pub action: Option<ActionKind>,
    pub outcome: Option<Outcome>,
    pub since: Option<Timestamp>,
}
