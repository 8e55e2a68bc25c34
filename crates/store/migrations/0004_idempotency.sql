-- Each execution carries an idempotency key derived from the approval's source and
-- the action: an executed key can never execute again.
ALTER TABLE audit ADD COLUMN idempotency_key TEXT;
CREATE UNIQUE INDEX audit_executed_once
    ON audit (idempotency_key) WHERE outcome = 'executed' AND idempotency_key IS NOT NULL;
