-- Replies, internal notes and handoffs join the audit chain. Their entries have no
-- action and no verdict; what they record is the `event` (JSON DeskEvent). The
-- table is rebuilt to relax those two columns and widen `kind`; ids, hashes and
-- order are kept, and an entry's hash covers `event` only when it has one, so
-- every existing hash still verifies.
CREATE TABLE audit_events (
    audit_id        INTEGER PRIMARY KEY,
    at              TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('intent', 'outcome', 'refusal', 'reply', 'handoff')),
    approval_id     INTEGER,
    agent_id        TEXT NOT NULL,
    agent_role      TEXT NOT NULL,
    ticket_id       TEXT,
    customer_id     TEXT,
    action          TEXT,                  -- JSON Action, as approved
    proposed        TEXT,                  -- JSON Action, as the proposal had it
    verdict         TEXT,                  -- JSON Verdict
    outcome         TEXT NOT NULL CHECK (outcome IN ('pending', 'executed', 'refused', 'failed', 'unconfirmed')),
    message         TEXT NOT NULL,
    idempotency_key TEXT,
    system          TEXT,
    external_id     TEXT,
    event           TEXT,                  -- JSON DeskEvent, for a reply or a handoff
    prev_hash       TEXT,
    hash            TEXT,
    CHECK ((kind IN ('reply', 'handoff')) = (action IS NULL AND verdict IS NULL AND event IS NOT NULL))
) STRICT;

INSERT INTO audit_events (audit_id, at, kind, approval_id, agent_id, agent_role, ticket_id,
                          customer_id, action, proposed, verdict, outcome, message,
                          idempotency_key, system, external_id, prev_hash, hash)
SELECT audit_id, at, kind, approval_id, agent_id, agent_role, ticket_id, customer_id, action,
       proposed, verdict, outcome, message, idempotency_key, system, external_id, prev_hash, hash
FROM audit ORDER BY audit_id;

PRAGMA defer_foreign_keys = ON;
DROP INDEX IF EXISTS audit_executed_once;
DROP INDEX IF EXISTS audit_ticket;
DROP INDEX IF EXISTS audit_approval;
DROP TABLE audit;
ALTER TABLE audit_events RENAME TO audit;
CREATE INDEX audit_ticket ON audit (ticket_id);
CREATE INDEX audit_approval ON audit (approval_id);
CREATE UNIQUE INDEX audit_executed_once
    ON audit (idempotency_key) WHERE kind = 'outcome' AND outcome = 'executed';

-- An internal note is seen by the support team only.
ALTER TABLE ticket_messages ADD COLUMN internal INTEGER NOT NULL DEFAULT 0 CHECK (internal IN (0, 1));
