-- The agent's edited reply for a ticket, kept until it is sent or discarded, so it
-- survives switching tickets and restarting the app.
CREATE TABLE reply_drafts (
    ticket_id  TEXT PRIMARY KEY REFERENCES tickets (ticket_id),
    text       TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
