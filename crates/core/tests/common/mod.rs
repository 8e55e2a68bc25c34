//! Helpers the engine's test files share: a one-message ticket and its triage.

use countersign_core::StoreDirectory;
use countersign_domain::*;
use countersign_engine::Engine;
use countersign_store::Store;

/// A ticket with one customer message from `email`.
pub fn ticket(email: &str, body: &str) -> Ticket {
    serde_json::from_value(serde_json::json!({
        "id": "T-1",
        "channel": "email",
        "from": {"name": null, "email": email},
        "subject": null,
        "created_at": "2026-11-24T10:00:00Z",
        "messages": [{"author": "customer", "at": "2026-11-24T10:00:00Z", "body": body}]
    }))
    .expect("a valid ticket")
}

/// The shipped engine's proposal for `ticket`, judged for an agent.
pub fn triage(store: &Store, ticket: &Ticket) -> Proposal {
    Engine::default()
        .triage(
            ticket,
            &StoreDirectory(store),
            store.clock().expect("the world clock"),
            Role::Agent,
        )
        .proposal
}
