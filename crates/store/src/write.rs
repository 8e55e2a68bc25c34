//! Writes: tickets, proposals, and approvals with their audit records.

use countersign_domain::*;
use rusqlite::{params, OptionalExtension, Transaction as SqlTransaction};
use serde::Serialize;

use crate::sandbox::{self, ApplyError};
use crate::{Store, StoreError};

/// What an approval records before the outcome is known.
#[derive(Debug, Clone)]
pub struct NewAuditEntry {
    pub agent: Agent,
    pub ticket_id: Option<TicketId>,
    pub customer_id: Option<CustomerId>,
    pub action: Action,
    pub verdict: Verdict,
    /// See `countersign_domain::idempotency_key`.
    pub idempotency_key: String,
}

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
                    outcome: outcome_from_str(&outcome)?,
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

    /// Carries out an approved action in the sandbox and records it, in one
    /// transaction: the change, the audit row and the outcome commit together or not
    /// at all. `proposal_action` ties it to the action of a ticket's proposal, which
    /// can then run only once.
    pub fn execute_approved(
        &mut self,
        entry: &NewAuditEntry,
        proposal_action: Option<(&TicketId, usize)>,
    ) -> Result<(Outcome, String, i64), StoreError> {
        let now = chrono::Utc::now();
        let clock = self.clock()?;
        let tx = self.conn.transaction()?;
        let earlier: Option<i64> = tx
            .query_row(
                "SELECT audit_id FROM audit WHERE idempotency_key = ?1 AND outcome = 'executed'",
                [entry.idempotency_key.as_str()],
                |row| row.get(0),
            )
            .optional()?;
        if let Some(audit_id) = earlier {
            return Ok((
                Outcome::Refused,
                format!("This approval was already carried out (audit entry {audit_id})."),
                audit_id,
            ));
        }
        if let Some((ticket, index)) = proposal_action {
            let already: Option<i64> = tx
                .query_row(
                    "SELECT audit_id FROM action_outcomes
                     WHERE ticket_id = ?1 AND action_index = ?2 AND outcome = 'executed'",
                    params![ticket.as_str(), index as i64],
                    |row| row.get(0),
                )
                .optional()?;
            if let Some(audit_id) = already {
                return Ok((
                    Outcome::Refused,
                    format!("This action was already carried out (audit entry {audit_id})."),
                    audit_id,
                ));
            }
        }
        let (outcome, message) =
            match sandbox::apply(&tx, &entry.action, clock, &entry.agent.agent_id) {
                Ok(message) => (Outcome::Executed, message),
                Err(ApplyError::Precondition(message)) => (Outcome::Refused, message),
                Err(ApplyError::Store(error)) => return Err(error),
            };
        let audit_id = insert_audit(&tx, entry, outcome, &message, now)?;
        if let Some((ticket, index)) = proposal_action {
            tx.execute(
                "INSERT INTO action_outcomes VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    ticket.as_str(),
                    index as i64,
                    outcome.as_str(),
                    message,
                    audit_id,
                    now.to_rfc3339()
                ],
            )?;
        }
        tx.commit()?;
        Ok((outcome, message, audit_id))
    }

    /// Records an approval the policy refused: what was tried, by whom, and why.
    pub fn record_refusal(
        &mut self,
        entry: &NewAuditEntry,
        proposal_action: Option<(&TicketId, usize)>,
        message: &str,
    ) -> Result<i64, StoreError> {
        let now = chrono::Utc::now();
        let tx = self.conn.transaction()?;
        let audit_id = insert_audit(&tx, entry, Outcome::Refused, message, now)?;
        if let Some((ticket, index)) = proposal_action {
            tx.execute(
                "INSERT INTO action_outcomes VALUES (?1, ?2, 'refused', ?3, ?4, ?5)",
                params![
                    ticket.as_str(),
                    index as i64,
                    message,
                    audit_id,
                    now.to_rfc3339()
                ],
            )?;
        }
        tx.commit()?;
        Ok(audit_id)
    }

    pub fn audit_entries(&self, ticket: Option<&TicketId>) -> Result<Vec<AuditEntry>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT audit_id, at, agent_id, agent_role, ticket_id, customer_id, action, verdict,
                    outcome, message, idempotency_key
             FROM audit WHERE ?1 IS NULL OR ticket_id = ?1 ORDER BY audit_id",
        )?;
        type AuditRow = (
            i64,
            String,
            String,
            String,
            Option<String>,
            Option<String>,
            String,
            String,
            String,
            String,
            Option<String>,
        );
        let rows: Vec<AuditRow> = statement
            .query_map([ticket.map(TicketId::as_str)], |row| {
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                    row.get(5)?,
                    row.get(6)?,
                    row.get(7)?,
                    row.get(8)?,
                    row.get(9)?,
                    row.get(10)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(
                |(
                    id,
                    at,
                    agent,
                    role,
                    ticket,
                    customer,
                    action,
                    verdict,
                    outcome,
                    message,
                    key,
                )| {
                    let what = format!("audit entry {id}");
                    Ok(AuditEntry {
                        audit_id: id,
                        at: crate::read::timestamp(&what, &at)?,
                        agent_id: AgentId(agent),
                        agent_role: serde_json::from_value(serde_json::Value::String(role))
                            .map_err(|error| StoreError::corrupt(&what, error))?,
                        ticket_id: ticket.map(TicketId),
                        customer_id: customer.map(CustomerId),
                        action: serde_json::from_str(&action)
                            .map_err(|error| StoreError::corrupt(&what, error))?,
                        verdict: serde_json::from_str(&verdict)
                            .map_err(|error| StoreError::corrupt(&what, error))?,
                        outcome: outcome_from_str(&outcome)?,
                        message,
                        idempotency_key: key,
                    })
                },
            )
            .collect()
    }
}

fn outcome_from_str(text: &str) -> Result<Outcome, StoreError> {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .map_err(|error| StoreError::corrupt("outcome", error))
}

fn insert_audit(
    tx: &SqlTransaction<'_>,
    entry: &NewAuditEntry,
    outcome: Outcome,
    message: &str,
    at: Timestamp,
) -> Result<i64, StoreError> {
    let role = entry.agent.role.as_str();
    tx.execute(
        "INSERT INTO audit (at, agent_id, agent_role, ticket_id, customer_id, action, verdict,
                            outcome, message, idempotency_key)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            at.to_rfc3339(),
            entry.agent.agent_id.as_str(),
            role,
            entry.ticket_id.as_ref().map(TicketId::as_str),
            entry.customer_id.as_ref().map(CustomerId::as_str),
            to_json(&entry.action)?,
            to_json(&entry.verdict)?,
            outcome.as_str(),
            message,
            entry.idempotency_key
        ],
    )?;
    Ok(tx.last_insert_rowid())
}
