//! Writes: tickets, proposals, and approvals with their audit records.

use countersign_domain::*;
use rusqlite::{params, OptionalExtension, Transaction as SqlTransaction};
use serde::Serialize;

use crate::{Store, StoreError};

pub(crate) fn insert_ticket(tx: &SqlTransaction<'_>, ticket: &Ticket) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO tickets (ticket_id, channel, from_name, from_email, subject, created_at, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            ticket.id.as_str(),
            ticket.channel,
            ticket.from.name,
            ticket.from.email,
            ticket.subject,
            ticket.created_at.to_rfc3339(),
            status_str(ticket.status)
        ],
    )?;
    for (position, message) in ticket.messages.iter().enumerate() {
        tx.execute(
            "INSERT INTO ticket_messages VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                ticket.id.as_str(),
                position as i64,
                match message.author {
                    Author::Customer => "customer",
                    Author::Agent => "agent",
                },
                message.at.to_rfc3339(),
                message.body
            ],
        )?;
    }
    Ok(())
}

fn status_str(status: TicketStatus) -> &'static str {
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
        let mut statement = self.conn.prepare_cached(
            "SELECT audit_id, at, kind, approval_id, agent_id, agent_role, ticket_id, customer_id,
                    action, proposed, verdict, outcome, message, idempotency_key, system,
                    external_id, hash
             FROM audit
             WHERE (?1 IS NULL OR ticket_id = ?1) AND (?2 IS NULL OR customer_id = ?2)
               AND (?3 IS NULL OR agent_id = ?3) AND (?4 IS NULL OR outcome = ?4)
               AND (?5 IS NULL OR json_extract(action, '$.type') = ?5)
               AND (?6 IS NULL OR audit_id = ?6)
             ORDER BY audit_id",
        )?;
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
                |row| {
                    Ok(RawEntry {
                        audit_id: row.get(0)?,
                        at: row.get(1)?,
                        kind: row.get(2)?,
                        approval_id: row.get(3)?,
                        agent_id: row.get(4)?,
                        agent_role: row.get(5)?,
                        ticket_id: row.get(6)?,
                        customer_id: row.get(7)?,
                        action: row.get(8)?,
                        proposed: row.get(9)?,
                        verdict: row.get(10)?,
                        outcome: row.get(11)?,
                        message: row.get(12)?,
                        idempotency_key: row.get(13)?,
                        system: row.get(14)?,
                        external_id: row.get(15)?,
                        hash: row.get(16)?,
                    })
                },
            )?
            .collect::<Result<Vec<_>, _>>()?;
        let mut entries = Vec::with_capacity(rows.len());
        for raw in rows {
            let entry = raw.read()?;
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

struct RawEntry {
    audit_id: i64,
    at: String,
    kind: String,
    approval_id: Option<i64>,
    agent_id: String,
    agent_role: String,
    ticket_id: Option<String>,
    customer_id: Option<String>,
    action: String,
    proposed: Option<String>,
    verdict: String,
    outcome: String,
    message: String,
    idempotency_key: Option<String>,
    system: Option<String>,
    external_id: Option<String>,
    hash: Option<String>,
}

impl RawEntry {
    fn read(self) -> Result<AuditEntry, StoreError> {
        let what = format!("audit entry {}", self.audit_id);
        let json = |text: &str| -> Result<Action, StoreError> {
            serde_json::from_str(text).map_err(|error| StoreError::corrupt(&what, error))
        };
        Ok(AuditEntry {
            audit_id: self.audit_id,
            at: crate::read::timestamp(&what, &self.at)?,
            kind: AuditKind::parse(&self.kind)
                .ok_or_else(|| StoreError::corrupt(&what, format!("unknown kind {}", self.kind)))?,
            approval_id: self.approval_id,
            agent_id: AgentId(self.agent_id),
            agent_role: serde_json::from_value(serde_json::Value::String(self.agent_role))
                .map_err(|error| StoreError::corrupt(&what, error))?,
            ticket_id: self.ticket_id.map(TicketId),
            customer_id: self.customer_id.map(CustomerId),
            action: json(&self.action)?,
            proposed: self.proposed.as_deref().map(json).transpose()?,
            verdict: serde_json::from_str(&self.verdict)
                .map_err(|error| StoreError::corrupt(&what, error))?,
            outcome: Outcome::parse(&self.outcome).ok_or_else(|| {
                StoreError::corrupt(&what, format!("unknown outcome {}", self.outcome))
            })?,
            message: self.message,
            idempotency_key: self.idempotency_key,
            system: self.system,
            external_id: self.external_id,
            hash: self.hash.unwrap_or_default(),
        })
    }
}
