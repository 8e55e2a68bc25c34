//! Approvals as the store records them: one row per attempt, the audit entries
//! written around it, and the sandbox as a system of record with its own
//! idempotency keys.
//!
//! Every write goes through [`Store::write`], one IMMEDIATE transaction: SQLite
//! takes the write lock at its start, so two windows or two processes on one
//! database approve one after the other, each seeing what the other committed.

use countersign_domain::*;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use crate::audit::{self, ChainBreak, NewEntry, Verified};
use crate::read::Reader;
use crate::sandbox::{self, ApplyError};
use crate::{Store, StoreError};

/// Writes inside one transaction; see [`Store::write`].
pub struct Writer<'a> {
    pub(crate) conn: &'a Connection,
}

/// An approval attempt as recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct ApprovalRecord {
    pub approval_id: i64,
    pub base_key: String,
    pub attempt: i64,
    pub idempotency_key: String,
    pub ticket_id: Option<TicketId>,
    pub action_index: Option<usize>,
    pub agent_id: AgentId,
    pub customer_id: CustomerId,
    pub action: Action,
    pub state: Outcome,
    pub owner_pid: u32,
    pub intent_id: i64,
    pub created_at: Timestamp,
}

/// A new approval attempt, recorded with its intent entry.
#[derive(Debug, Clone)]
pub struct NewApproval<'a> {
    /// From [`Writer::next_approval_id`]: the intent entry names it before the
    /// row exists.
    pub approval_id: i64,
    pub base_key: &'a str,
    pub attempt: i64,
    pub idempotency_key: &'a str,
    pub ticket_id: Option<&'a TicketId>,
    pub action_index: Option<usize>,
    pub agent_id: &'a AgentId,
    pub customer_id: &'a CustomerId,
    pub action: &'a Action,
    /// Money the action moves, counted against the approver's day (R19).
    pub value: Amount,
    pub intent_id: i64,
}

const APPROVAL_COLUMNS: &str = "approval_id, base_key, attempt, idempotency_key, ticket_id, \
                                action_index, agent_id, customer_id, action, state, owner_pid, \
                                intent_id, created_at";

/// An approval row as stored, before its JSON and times are read.
struct RawApproval {
    approval_id: i64,
    base_key: String,
    attempt: i64,
    idempotency_key: String,
    ticket_id: Option<String>,
    action_index: Option<i64>,
    agent_id: String,
    customer_id: String,
    action: String,
    state: String,
    owner_pid: i64,
    intent_id: i64,
    created_at: String,
}

fn approval(row: &rusqlite::Row<'_>) -> rusqlite::Result<RawApproval> {
    Ok(RawApproval {
        approval_id: row.get(0)?,
        base_key: row.get(1)?,
        attempt: row.get(2)?,
        idempotency_key: row.get(3)?,
        ticket_id: row.get(4)?,
        action_index: row.get(5)?,
        agent_id: row.get(6)?,
        customer_id: row.get(7)?,
        action: row.get(8)?,
        state: row.get(9)?,
        owner_pid: row.get(10)?,
        intent_id: row.get(11)?,
        created_at: row.get(12)?,
    })
}

fn finish_record(raw: RawApproval) -> Result<ApprovalRecord, StoreError> {
    let what = format!("approval {}", raw.approval_id);
    Ok(ApprovalRecord {
        approval_id: raw.approval_id,
        base_key: raw.base_key,
        attempt: raw.attempt,
        idempotency_key: raw.idempotency_key,
        ticket_id: raw.ticket_id.map(TicketId),
        action_index: raw.action_index.map(|i| i as usize),
        agent_id: AgentId(raw.agent_id),
        customer_id: CustomerId(raw.customer_id),
        action: serde_json::from_str(&raw.action)
            .map_err(|error| StoreError::corrupt(&what, error))?,
        state: Outcome::parse(&raw.state)
            .ok_or_else(|| StoreError::corrupt(&what, format!("unknown state {}", raw.state)))?,
        owner_pid: u32::try_from(raw.owner_pid).unwrap_or_default(),
        intent_id: raw.intent_id,
        created_at: crate::read::timestamp(&what, &raw.created_at)?,
    })
}

fn query_approvals(
    conn: &Connection,
    filter: &str,
    args: impl rusqlite::Params,
) -> Result<Vec<ApprovalRecord>, StoreError> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {APPROVAL_COLUMNS} FROM approvals WHERE {filter} ORDER BY approval_id"
    ))?;
    let rows = statement
        .query_map(args, approval)?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter().map(finish_record).collect()
}

impl Writer<'_> {
    pub fn reader(&self) -> Reader<'_> {
        Reader { conn: self.conn }
    }

    /// Appends an audit entry, timestamped now.
    pub fn append(&self, entry: &NewEntry<'_>) -> Result<i64, StoreError> {
        audit::append(self.conn, entry, chrono::Utc::now())
    }

    /// The attempt of this approval that is open or done, if any.
    pub fn open_approval(&self, base_key: &str) -> Result<Option<ApprovalRecord>, StoreError> {
        Ok(query_approvals(
            self.conn,
            "base_key = ?1 AND state IN ('pending', 'executed', 'unconfirmed')",
            [base_key],
        )?
        .into_iter()
        .next())
    }

    /// How many attempts of this approval were recorded.
    pub fn attempts(&self, base_key: &str) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT count(*) FROM approvals WHERE base_key = ?1")?
            .query_row([base_key], |row| row.get(0))?)
    }

    pub fn insert_approval(&self, new: &NewApproval<'_>) -> Result<i64, StoreError> {
        let action = serde_json::to_string(new.action)
            .map_err(|error| StoreError::corrupt("approval", error))?;
        self.conn
            .prepare_cached(
                "INSERT INTO approvals (approval_id, base_key, attempt, idempotency_key, ticket_id,
                                        action_index, agent_id, customer_id, action, value, state,
                                        owner_pid, intent_id, created_at)
                 VALUES (?13, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'pending', ?10, ?11, ?12)",
            )?
            .execute(params![
                new.base_key,
                new.attempt,
                new.idempotency_key,
                new.ticket_id.map(TicketId::as_str),
                new.action_index.map(|i| i as i64),
                new.agent_id.as_str(),
                new.customer_id.as_str(),
                action,
                new.value.to_string(),
                i64::from(std::process::id()),
                new.intent_id,
                chrono::Utc::now().to_rfc3339(),
                new.approval_id
            ])?;
        Ok(new.approval_id)
    }

    /// The id the next approval will have (the write lock is held, so no other
    /// writer can take it).
    pub fn next_approval_id(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT coalesce(max(approval_id), 0) + 1 FROM approvals")?
            .query_row([], |row| row.get(0))?)
    }

    /// Records where an approval ended up, and its outcome entry.
    pub fn finish_approval(
        &self,
        approval_id: i64,
        state: Outcome,
        outcome_id: i64,
    ) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "UPDATE approvals SET state = ?2, outcome_id = ?3, finished_at = ?4
                 WHERE approval_id = ?1",
            )?
            .execute(params![
                approval_id,
                state.as_str(),
                outcome_id,
                chrono::Utc::now().to_rfc3339()
            ])?;
        Ok(())
    }

    /// What became of an action of a ticket's proposal, for the desk. Only final
    /// outcomes are shown there; an executed action can be recorded only once.
    pub fn set_action_outcome(
        &self,
        ticket: &TicketId,
        index: usize,
        outcome: Outcome,
        message: &str,
        audit_id: i64,
    ) -> Result<(), StoreError> {
        if !matches!(
            outcome,
            Outcome::Executed | Outcome::Refused | Outcome::Failed
        ) {
            return Ok(());
        }
        self.conn
            .prepare_cached("INSERT INTO action_outcomes VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
            .execute(params![
                ticket.as_str(),
                index as i64,
                outcome.as_str(),
                message,
                audit_id,
                chrono::Utc::now().to_rfc3339()
            ])?;
        Ok(())
    }

    /// The value `agent` approved since `since` that ran or may still run (R19):
    /// in-flight approvals count, so two windows cannot both spend the same limit.
    pub fn value_approved_since(
        &self,
        agent: &AgentId,
        since: Timestamp,
    ) -> Result<Amount, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT value, created_at FROM approvals
             WHERE agent_id = ?1 AND state IN ('pending', 'executed', 'unconfirmed')",
        )?;
        let rows = statement
            .query_map([agent.as_str()], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut total = Amount::ZERO;
        for (value, created) in rows {
            let created = crate::read::timestamp("approval", &created)?;
            if created >= since {
                let value: Amount = value
                    .parse()
                    .map_err(|error| StoreError::corrupt("approval value", error))?;
                total = total + value;
            }
        }
        Ok(total)
    }
}

impl Store {
    /// Runs `f` in one IMMEDIATE transaction and commits when it returns `Ok`;
    /// on `Err` nothing it wrote is kept.
    pub fn write<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&Writer<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let tx = rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let result = f(&Writer { conn: &tx })?;
        tx.commit().map_err(StoreError::from)?;
        Ok(result)
    }

    /// Approvals that were recorded but whose outcome is not known: the app
    /// stopped while they ran, or the system did not confirm them.
    pub fn unfinished_approvals(&self) -> Result<Vec<ApprovalRecord>, StoreError> {
        query_approvals(&self.conn, "state IN ('pending', 'unconfirmed')", [])
    }

    pub fn approval(&self, approval_id: i64) -> Result<Option<ApprovalRecord>, StoreError> {
        Ok(
            query_approvals(&self.conn, "approval_id = ?1", [approval_id])?
                .into_iter()
                .next(),
        )
    }

    /// The sandbox as a system of record: carries out `action` under `key` once.
    /// `Ok(Ok((message, reference)))` when it took effect (now or under this key
    /// before), `Ok(Err(reason))` when the sandbox refuses it; nothing changes then.
    pub fn sandbox_execute(
        &self,
        key: &str,
        action: &Action,
        agent: &AgentId,
    ) -> Result<Result<(String, String), String>, StoreError> {
        let tx = rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        if let Some(done) = lookup(&tx, key)? {
            return Ok(Ok(done));
        }
        let clock = Reader { conn: &tx }.clock()?;
        let message = match sandbox::apply(&tx, action, clock, agent) {
            Ok(message) => message,
            Err(ApplyError::Precondition(reason)) => return Ok(Err(reason)),
            Err(ApplyError::Store(error)) => return Err(error),
        };
        let count: i64 = tx.query_row("SELECT count(*) FROM sandbox_executions", [], |row| {
            row.get(0)
        })?;
        let reference = format!("sandbox-{}", count + 1);
        tx.execute(
            "INSERT INTO sandbox_executions (idempotency_key, message, external_id, at)
             VALUES (?1, ?2, ?3, ?4)",
            params![key, message, reference, chrono::Utc::now().to_rfc3339()],
        )?;
        tx.commit()?;
        Ok(Ok((message, reference)))
    }

    /// Whether the sandbox carried out an action under `key`, and what it said.
    pub fn sandbox_lookup(&self, key: &str) -> Result<Option<(String, String)>, StoreError> {
        lookup(&self.conn, key)
    }

    /// Walks the audit chain; see [`audit::verify`].
    pub fn verify_audit(
        &self,
        expected_head: Option<&str>,
    ) -> Result<Result<Verified, ChainBreak>, StoreError> {
        audit::verify(&self.conn, expected_head)
    }
}

fn lookup(conn: &Connection, key: &str) -> Result<Option<(String, String)>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT message, external_id FROM sandbox_executions WHERE idempotency_key = ?1",
        )?
        .query_row([key], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?)
}
