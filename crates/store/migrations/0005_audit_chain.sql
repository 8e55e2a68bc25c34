-- The audit log becomes append-only and hash-chained, and every approval is
-- recorded before it runs (an "intent" entry) and after (an "outcome" entry).
-- Existing entries are kept as they were, in order; the store seals them into
-- the chain (their hashes) right after this migration.

CREATE TABLE audit_chained (
    audit_id        INTEGER PRIMARY KEY,   -- 1, 2, 3… with no gaps
    at              TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('intent', 'outcome', 'refusal')),
    approval_id     INTEGER,               -- the approval an intent or outcome belongs to
    agent_id        TEXT NOT NULL,
    agent_role      TEXT NOT NULL,
    ticket_id       TEXT,
    customer_id     TEXT,
    action          TEXT NOT NULL,         -- JSON Action, as approved
    proposed        TEXT,                  -- JSON Action, as the proposal had it
    verdict         TEXT NOT NULL,         -- JSON Verdict
    outcome         TEXT NOT NULL CHECK (outcome IN ('pending', 'executed', 'refused', 'failed', 'unconfirmed')),
    message         TEXT NOT NULL,
    idempotency_key TEXT,
    system          TEXT,                  -- where it ran ("sandbox", …)
    external_id     TEXT,                  -- the system's own reference
    prev_hash       TEXT,
    hash            TEXT
) STRICT;

INSERT INTO audit_chained (audit_id, at, kind, agent_id, agent_role, ticket_id, customer_id,
                           action, verdict, outcome, message, idempotency_key, system)
SELECT audit_id, at, CASE outcome WHEN 'executed' THEN 'outcome' ELSE 'refusal' END,
       agent_id, agent_role, ticket_id, customer_id, action, verdict, outcome, message,
       idempotency_key, CASE outcome WHEN 'executed' THEN 'sandbox' END
FROM audit ORDER BY audit_id;

-- action_outcomes refers to audit by name; the ids are kept, so the references
-- still hold once the new table takes the name.
PRAGMA defer_foreign_keys = ON;
DROP INDEX IF EXISTS audit_executed_once;
DROP INDEX IF EXISTS audit_ticket;
DROP TABLE audit;
ALTER TABLE audit_chained RENAME TO audit;
CREATE INDEX audit_ticket ON audit (ticket_id);
CREATE INDEX audit_approval ON audit (approval_id);
CREATE UNIQUE INDEX audit_executed_once
    ON audit (idempotency_key) WHERE kind = 'outcome' AND outcome = 'executed';

-- The hash of the last entry, written with every append: an entry removed from
-- the end of the log no longer matches it.
CREATE TABLE audit_head (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    audit_id INTEGER NOT NULL,
    hash     TEXT NOT NULL
) STRICT;

-- One row per approval attempt: what runs, under which idempotency key, and where
-- it stands. At most one attempt of the same approval is open or done.
CREATE TABLE approvals (
    approval_id     INTEGER PRIMARY KEY,
    base_key        TEXT NOT NULL,
    attempt         INTEGER NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    ticket_id       TEXT,
    action_index    INTEGER,
    agent_id        TEXT NOT NULL,
    customer_id     TEXT NOT NULL,
    action          TEXT NOT NULL,
    value           TEXT NOT NULL,   -- money it moves, for the per-day limits (R19)
    state           TEXT NOT NULL CHECK (state IN ('pending', 'executed', 'failed', 'refused', 'unconfirmed')),
    owner_pid       INTEGER NOT NULL,
    intent_id       INTEGER NOT NULL REFERENCES audit (audit_id),
    outcome_id      INTEGER REFERENCES audit (audit_id),
    created_at      TEXT NOT NULL,
    finished_at     TEXT
) STRICT;
CREATE UNIQUE INDEX approvals_open_once
    ON approvals (base_key) WHERE state IN ('pending', 'executed', 'unconfirmed');
CREATE INDEX approvals_state ON approvals (state);

-- The sandbox as a system of record: each idempotency key that took effect, with
-- what it reported, written in the same transaction as the change itself.
CREATE TABLE sandbox_executions (
    idempotency_key TEXT PRIMARY KEY,
    message         TEXT NOT NULL,
    external_id     TEXT NOT NULL,
    at              TEXT NOT NULL
) STRICT;
