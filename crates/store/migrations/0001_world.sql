-- The sandbox store: the world's records, the helpdesk queue and the audit table.
-- Money columns are TEXT decimal strings with two places ("12.50"), never REAL.

CREATE TABLE world_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE customers (
    customer_id TEXT PRIMARY KEY,
    first_name  TEXT NOT NULL,
    last_name   TEXT NOT NULL,
    email       TEXT NOT NULL,
    address1    TEXT NOT NULL,
    address2    TEXT NOT NULL,
    city        TEXT NOT NULL,
    state       TEXT NOT NULL,
    country     TEXT NOT NULL,
    zip         TEXT NOT NULL
) STRICT;
CREATE INDEX customers_email ON customers (lower(email));
CREATE INDEX customers_zip ON customers (zip);

CREATE TABLE payment_methods (
    payment_method_id TEXT PRIMARY KEY,
    customer_id       TEXT NOT NULL REFERENCES customers (customer_id),
    position          INTEGER NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('credit_card', 'paypal', 'gift_card')),
    brand             TEXT,
    last_four         TEXT,
    balance           TEXT
) STRICT;
CREATE INDEX payment_methods_customer ON payment_methods (customer_id);

CREATE TABLE products (
    product_id TEXT PRIMARY KEY,
    name       TEXT NOT NULL
) STRICT;

CREATE TABLE variants (
    item_id    TEXT PRIMARY KEY,
    product_id TEXT NOT NULL REFERENCES products (product_id),
    options    TEXT NOT NULL, -- JSON object
    available  INTEGER NOT NULL CHECK (available IN (0, 1)),
    price      TEXT NOT NULL
) STRICT;
CREATE INDEX variants_product ON variants (product_id);

CREATE TABLE orders (
    order_id      TEXT PRIMARY KEY,
    customer_id   TEXT NOT NULL REFERENCES customers (customer_id),
    status        TEXT NOT NULL,
    address1      TEXT NOT NULL,
    address2      TEXT NOT NULL,
    city          TEXT NOT NULL,
    state         TEXT NOT NULL,
    country       TEXT NOT NULL,
    zip           TEXT NOT NULL,
    currency      TEXT NOT NULL,
    placed_at     TEXT NOT NULL,
    shipped_at    TEXT,
    delivered_at  TEXT,
    cancelled_at  TEXT,
    cancel_reason TEXT
) STRICT;
CREATE INDEX orders_customer ON orders (customer_id);

CREATE TABLE order_items (
    order_id   TEXT NOT NULL REFERENCES orders (order_id),
    position   INTEGER NOT NULL,
    item_id    TEXT NOT NULL,
    product_id TEXT NOT NULL,
    name       TEXT NOT NULL,
    price      TEXT NOT NULL,
    options    TEXT NOT NULL, -- JSON object
    PRIMARY KEY (order_id, position)
) STRICT;

CREATE TABLE fulfillments (
    order_id     TEXT NOT NULL REFERENCES orders (order_id),
    position     INTEGER NOT NULL,
    tracking_ids TEXT NOT NULL, -- JSON array
    item_ids     TEXT NOT NULL, -- JSON array
    PRIMARY KEY (order_id, position)
) STRICT;

CREATE TABLE order_transactions (
    order_id          TEXT NOT NULL REFERENCES orders (order_id),
    position          INTEGER NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('payment', 'refund')),
    amount            TEXT NOT NULL,
    payment_method_id TEXT NOT NULL,
    PRIMARY KEY (order_id, position)
) STRICT;

CREATE TABLE plans (
    plan_id      TEXT PRIMARY KEY,
    product_line TEXT NOT NULL,
    name         TEXT NOT NULL,
    interval     TEXT NOT NULL,
    price        TEXT NOT NULL,
    currency     TEXT NOT NULL
) STRICT;

CREATE TABLE subscriptions (
    subscription_id      TEXT PRIMARY KEY,
    customer_id          TEXT NOT NULL REFERENCES customers (customer_id),
    plan_id              TEXT NOT NULL REFERENCES plans (plan_id),
    status               TEXT NOT NULL CHECK (status IN ('active', 'paused', 'cancelled')),
    current_period_start TEXT NOT NULL,
    current_period_end   TEXT NOT NULL,
    next_renewal_at      TEXT,
    paused_until         TEXT,
    cancelled_at         TEXT,
    cancel_at_period_end INTEGER NOT NULL DEFAULT 0,
    payment_method_id    TEXT NOT NULL,
    created_at           TEXT NOT NULL
) STRICT;
CREATE INDEX subscriptions_customer ON subscriptions (customer_id);

CREATE TABLE support_history (
    history_id  TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers (customer_id),
    order_id    TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('refund', 'reship')),
    reason      TEXT NOT NULL,
    item_ids    TEXT NOT NULL, -- JSON array
    amount      TEXT NOT NULL,
    at          TEXT NOT NULL,
    approved_by TEXT NOT NULL
) STRICT;
CREATE INDEX support_history_customer ON support_history (customer_id);

CREATE TABLE agents (
    agent_id TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    role     TEXT NOT NULL CHECK (role IN ('agent', 'senior', 'finance'))
) STRICT;

CREATE TABLE queues (
    queue       TEXT PRIMARY KEY,
    description TEXT NOT NULL
) STRICT;

-- The sandbox helpdesk.
CREATE TABLE tickets (
    ticket_id  TEXT PRIMARY KEY,
    channel    TEXT NOT NULL,
    from_name  TEXT,
    from_email TEXT,
    subject    TEXT,
    created_at TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'solved', 'escalated')),
    queue      TEXT
) STRICT;

CREATE TABLE ticket_messages (
    ticket_id TEXT NOT NULL REFERENCES tickets (ticket_id),
    position  INTEGER NOT NULL,
    author    TEXT NOT NULL CHECK (author IN ('customer', 'agent')),
    at        TEXT NOT NULL,
    body      TEXT NOT NULL,
    PRIMARY KEY (ticket_id, position)
) STRICT;

-- The proposal shown for a ticket, kept so that approvals refer to exactly what the
-- agent saw, and the outcomes of the actions carried out from it.
CREATE TABLE proposals (
    ticket_id  TEXT PRIMARY KEY REFERENCES tickets (ticket_id),
    proposal   TEXT NOT NULL, -- JSON Proposal
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE action_outcomes (
    ticket_id    TEXT NOT NULL REFERENCES tickets (ticket_id),
    action_index INTEGER NOT NULL,
    outcome      TEXT NOT NULL CHECK (outcome IN ('executed', 'refused', 'failed')),
    message      TEXT NOT NULL,
    audit_id     INTEGER NOT NULL REFERENCES audit (audit_id),
    at           TEXT NOT NULL
) STRICT;
-- An action of a proposal is carried out at most once.
CREATE UNIQUE INDEX action_outcomes_once
    ON action_outcomes (ticket_id, action_index) WHERE outcome = 'executed';

-- Every approval, executed or refused: who, when, what, the verdict and the outcome.
CREATE TABLE audit (
    audit_id    INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    agent_id    TEXT NOT NULL,
    agent_role  TEXT NOT NULL,
    ticket_id   TEXT,
    customer_id TEXT,
    action      TEXT NOT NULL, -- JSON Action
    verdict     TEXT NOT NULL, -- JSON Verdict
    outcome     TEXT NOT NULL CHECK (outcome IN ('executed', 'refused', 'failed')),
    message     TEXT NOT NULL
) STRICT;
CREATE INDEX audit_ticket ON audit (ticket_id);
