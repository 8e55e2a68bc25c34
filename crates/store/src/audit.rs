//! The audit log: append-only and hash-chained.
//!
//! Each entry's hash is SHA-256 over the previous entry's hash and every stored
//! field of the entry, so changing, removing, inserting or reordering entries
//! breaks the chain at the first entry touched; the hash of the last entry is
//! kept in `audit_head`, so removing entries from the end shows too. Entries are
//! only ever appended, inside the caller's write transaction.
//!
//! What the chain cannot show: someone who rewrites the whole log and recomputes
//! every hash and the head. Keeping a copy of the head elsewhere
//! (`countersign audit verify --head HASH`) closes that gap up to the copy.

use countersign_domain::*;
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use crate::StoreError;

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// An entry to append.
#[derive(Debug, Clone)]
pub struct NewEntry<'a> {
    pub kind: AuditKind,
    pub approval_id: Option<i64>,
    pub agent: &'a Agent,
    pub ticket_id: Option<&'a TicketId>,
    pub customer_id: Option<&'a CustomerId>,
    /// None exactly for a reply or a handoff, which carry an `event` instead.
    pub action: Option<&'a Action>,
    pub proposed: Option<&'a Action>,
    pub verdict: Option<&'a Verdict>,
    pub outcome: Outcome,
    pub message: &'a str,
    pub idempotency_key: Option<&'a str>,
    pub system: Option<&'a str>,
    pub external_id: Option<&'a str>,
    pub event: Option<&'a DeskEvent>,
}

/// The stored fields of an entry, as the hash covers them.
#[derive(Debug, Clone, Default)]
pub(crate) struct Stored {
    audit_id: i64,
    at: String,
    kind: String,
    approval_id: Option<i64>,
    agent_id: String,
    agent_role: String,
    ticket_id: Option<String>,
    customer_id: Option<String>,
    action: Option<String>,
    proposed: Option<String>,
    verdict: Option<String>,
    outcome: String,
    message: String,
    idempotency_key: Option<String>,
    system: Option<String>,
    external_id: Option<String>,
    event: Option<String>,
}

impl Stored {
    /// The entry as the app reads it; `hash` is empty for an unsealed entry.
    pub(crate) fn entry(self, hash: Option<String>) -> Result<AuditEntry, StoreError> {
        let what = format!("audit entry {}", self.audit_id);
        let action = |text: &str| -> Result<Action, StoreError> {
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
            action: self.action.as_deref().map(action).transpose()?,
            proposed: self.proposed.as_deref().map(action).transpose()?,
            verdict: self
                .verdict
                .as_deref()
                .map(serde_json::from_str)
                .transpose()
                .map_err(|error| StoreError::corrupt(&what, error))?,
            outcome: Outcome::parse(&self.outcome).ok_or_else(|| {
                StoreError::corrupt(&what, format!("unknown outcome {}", self.outcome))
            })?,
            message: self.message,
            idempotency_key: self.idempotency_key,
            system: self.system,
            external_id: self.external_id,
            event: self
                .event
                .as_deref()
                .map(serde_json::from_str)
                .transpose()
                .map_err(|error| StoreError::corrupt(&what, error))?,
            hash: hash.unwrap_or_default(),
        })
    }

    /// SHA-256 over the previous hash and every field, each length-prefixed so no
    /// two different entries serialise alike. `event` is covered only when present,
    /// so entries from before it existed keep their hashes; `kind` tells the two
    /// shapes apart.
    fn hash(&self, prev: &str) -> String {
        let mut hasher = Sha256::new();
        let mut field = |value: Option<&str>| match value {
            Some(text) => {
                hasher.update(text.len().to_string().as_bytes());
                hasher.update(b":");
                hasher.update(text.as_bytes());
                hasher.update(b";");
            }
            None => hasher.update(b"-;"),
        };
        field(Some(prev));
        field(Some(&self.audit_id.to_string()));
        field(Some(&self.at));
        field(Some(&self.kind));
        field(self.approval_id.map(|id| id.to_string()).as_deref());
        field(Some(&self.agent_id));
        field(Some(&self.agent_role));
        field(self.ticket_id.as_deref());
        field(self.customer_id.as_deref());
        field(self.action.as_deref());
        field(self.proposed.as_deref());
        field(self.verdict.as_deref());
        field(Some(&self.outcome));
        field(Some(&self.message));
        field(self.idempotency_key.as_deref());
        field(self.system.as_deref());
        field(self.external_id.as_deref());
        if let Some(event) = &self.event {
            field(Some(event));
        }
        let digest = hasher.finalize();
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }
}

pub(crate) const COLUMNS: &str =
    "audit_id, at, kind, approval_id, agent_id, agent_role, ticket_id, \
                       customer_id, action, proposed, verdict, outcome, message, \
                       idempotency_key, system, external_id, event, prev_hash, hash";

/// One row of `COLUMNS`: the entry, its `prev_hash` and its `hash`.
pub(crate) fn stored(
    row: &rusqlite::Row<'_>,
) -> rusqlite::Result<(Stored, Option<String>, Option<String>)> {
    Ok((
        Stored {
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
            event: row.get(16)?,
        },
        row.get(17)?,
        row.get(18)?,
    ))
}

fn json(value: &impl serde::Serialize) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|error| StoreError::corrupt("audit entry", error))
}

/// The last entry's id and hash (the genesis hash for an empty log).
fn head(conn: &Connection) -> Result<(i64, String), StoreError> {
    let head: Option<(i64, String)> = conn
        .prepare_cached("SELECT audit_id, hash FROM audit_head WHERE id = 1")?
        .query_row([], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    Ok(head.unwrap_or((0, GENESIS.to_owned())))
}

/// Appends `entry` to the chain; the caller's transaction commits it. Must run in
/// a write (IMMEDIATE) transaction, so no other writer appends between reading the
/// head and writing the entry.
pub(crate) fn append(
    conn: &Connection,
    entry: &NewEntry<'_>,
    at: Timestamp,
) -> Result<i64, StoreError> {
    let (last, prev) = head(conn)?;
    let stored = Stored {
        audit_id: last + 1,
        at: at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        kind: entry.kind.as_str().to_owned(),
        approval_id: entry.approval_id,
        agent_id: entry.agent.agent_id.as_str().to_owned(),
        agent_role: entry.agent.role.as_str().to_owned(),
        ticket_id: entry.ticket_id.map(|t| t.as_str().to_owned()),
        customer_id: entry.customer_id.map(|c| c.as_str().to_owned()),
        action: entry.action.map(json).transpose()?,
        proposed: entry.proposed.map(json).transpose()?,
        verdict: entry.verdict.map(json).transpose()?,
        outcome: entry.outcome.as_str().to_owned(),
        message: entry.message.to_owned(),
        idempotency_key: entry.idempotency_key.map(str::to_owned),
        system: entry.system.map(str::to_owned),
        external_id: entry.external_id.map(str::to_owned),
        event: entry.event.map(json).transpose()?,
    };
    let hash = stored.hash(&prev);
    conn.prepare_cached(&format!(
        "INSERT INTO audit ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)"
    ))?
    .execute(params![
        stored.audit_id,
        stored.at,
        stored.kind,
        stored.approval_id,
        stored.agent_id,
        stored.agent_role,
        stored.ticket_id,
        stored.customer_id,
        stored.action,
        stored.proposed,
        stored.verdict,
        stored.outcome,
        stored.message,
        stored.idempotency_key,
        stored.system,
        stored.external_id,
        stored.event,
        prev,
        hash
    ])?;
    conn.prepare_cached(
        "INSERT INTO audit_head (id, audit_id, hash) VALUES (1, ?1, ?2)
         ON CONFLICT (id) DO UPDATE SET audit_id = excluded.audit_id, hash = excluded.hash",
    )?
    .execute(params![stored.audit_id, hash])?;
    Ok(stored.audit_id)
}

/// Hashes entries written before the log was chained (a database from an older
/// version), in order. Runs once, right after the migration that adds the chain.
pub(crate) fn seal(conn: &Connection) -> Result<usize, StoreError> {
    let unsealed: i64 =
        conn.query_row("SELECT count(*) FROM audit WHERE hash IS NULL", [], |row| {
            row.get(0)
        })?;
    if unsealed == 0 {
        return Ok(0);
    }
    let rows: Vec<(Stored, Option<String>, Option<String>)> = {
        let mut statement =
            conn.prepare(&format!("SELECT {COLUMNS} FROM audit ORDER BY audit_id"))?;
        let rows = statement
            .query_map([], stored)?
            .collect::<Result<Vec<_>, _>>()?;
        rows
    };
    let mut prev = GENESIS.to_owned();
    let mut sealed = 0;
    for (expected, (entry, _, hash)) in (1_i64..).zip(rows) {
        if entry.audit_id != expected {
            return Err(StoreError::corrupt(
                "audit log",
                format!("entry {expected} is missing; the log cannot be sealed"),
            ));
        }
        let computed = entry.hash(&prev);
        if hash.is_none() {
            conn.execute(
                "UPDATE audit SET prev_hash = ?2, hash = ?3 WHERE audit_id = ?1",
                params![entry.audit_id, prev, computed],
            )?;
            sealed += 1;
        }
        prev = hash.unwrap_or(computed);
        conn.execute(
            "INSERT INTO audit_head (id, audit_id, hash) VALUES (1, ?1, ?2)
             ON CONFLICT (id) DO UPDATE SET audit_id = excluded.audit_id, hash = excluded.hash",
            params![entry.audit_id, prev],
        )?;
    }
    tracing::info!(sealed, "audit entries from before the chain sealed into it");
    Ok(sealed)
}

/// What `verify` found wrong first.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    #[error("entry {0} is missing: entries were deleted")]
    Missing(i64),
    #[error("entry {0} has changed since it was written")]
    Changed(i64),
    #[error("entry {0} does not follow entry {1}: entries were inserted, deleted or reordered")]
    Unlinked(i64, i64),
    #[error("entry {0} was never sealed into the chain")]
    Unsealed(i64),
    #[error("the log ends at entry {last} but its recorded head is entry {head}: entries were removed from the end or the head was altered")]
    Head { last: i64, head: i64 },
    #[error("the log's last hash does not match the expected head {0}")]
    ExpectedHead(String),
}

/// A log that verified: how many entries, and the head hash (keep a copy of it
/// elsewhere to detect a rewrite of the whole log later).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub entries: i64,
    pub head: String,
}

/// Walks the whole chain and reports the first entry that does not verify.
/// With `expected_head`, the chain must also end in that hash (or contain it: a
/// head copied earlier is found among the entries written since).
pub fn verify(
    conn: &Connection,
    expected_head: Option<&str>,
) -> Result<Result<Verified, ChainBreak>, StoreError> {
    let mut statement = conn.prepare(&format!("SELECT {COLUMNS} FROM audit ORDER BY audit_id"))?;
    let mut rows = statement.query([])?;
    let mut prev = GENESIS.to_owned();
    let mut last = 0_i64;
    let mut seen_expected = expected_head.is_none();
    while let Some(row) = rows.next()? {
        let (entry, prev_hash, hash) = stored(row)?;
        let expected = last + 1;
        if entry.audit_id != expected {
            return Ok(Err(ChainBreak::Missing(expected)));
        }
        let (Some(prev_hash), Some(hash)) = (prev_hash, hash) else {
            return Ok(Err(ChainBreak::Unsealed(entry.audit_id)));
        };
        if prev_hash != prev {
            return Ok(Err(ChainBreak::Unlinked(entry.audit_id, last)));
        }
        if entry.hash(&prev) != hash {
            return Ok(Err(ChainBreak::Changed(entry.audit_id)));
        }
        if expected_head == Some(hash.as_str()) {
            seen_expected = true;
        }
        prev = hash;
        last = entry.audit_id;
    }
    let (head_id, head_hash) = head(conn)?;
    if head_id != last || head_hash != prev {
        return Ok(Err(ChainBreak::Head {
            last,
            head: head_id,
        }));
    }
    if !seen_expected {
        return Ok(Err(ChainBreak::ExpectedHead(
            expected_head.unwrap_or_default().to_owned(),
        )));
    }
    Ok(Ok(Verified {
        entries: last,
        head: prev,
    }))
}
