//! From saved connections to working clients: settings from the settings file,
//! secrets from the vault, and a ticket's context pulled through them from a
//! helpdesk, a shop and billing on loopback servers.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

#[allow(dead_code)]
#[path = "../../connect/tests/support/systems.rs"]
mod systems;

use std::sync::Arc;
use std::time::Duration;

use countersign_core::credentials::*;
use countersign_domain::{AgentId, CustomerId};
use systems::{Systems, TICKET};

fn agent() -> AgentId {
    AgentId::new("alex.agent")
}

fn save(connections: &Connections, kind: ConnectionKind, address: &str, email: &str, secret: &str) {
    let settings = ConnectionSettings {
        address: address.to_owned(),
        email: email.to_owned(),
        ..ConnectionSettings::empty(agent(), kind)
    };
    connections
        .save(settings, Some(Secret::new(secret)))
        .unwrap();
}

#[test]
fn saved_connections_become_clients_that_pull_a_tickets_context() {
    let systems = Systems::start(Duration::ZERO);
    let [zendesk, shopify, stripe] = systems.urls();
    let dir = tempfile::tempdir().unwrap();
    let connections = Connections::new(
        dir.path().join("connections.json"),
        Arc::new(MemoryVault::new()),
    );

    // Nothing saved: no helpdesk, nothing to route to.
    let none = connections.live(&agent(), Duration::from_secs(5)).unwrap();
    assert!(none.helpdesk.is_none() && none.connected().is_none());
    assert!(none.router.shop.is_none() && none.router.billing.is_none());

    save(
        &connections,
        ConnectionKind::Helpdesk,
        &zendesk,
        "alex@example.com",
        "zd-api-token",
    );
    save(
        &connections,
        ConnectionKind::Shop,
        &shopify,
        "",
        "testshop_saved_token",
    );
    save(
        &connections,
        ConnectionKind::Billing,
        &stripe,
        "",
        "rk_test_saved_token",
    );
    let live = connections.live(&agent(), Duration::from_secs(5)).unwrap();
    let shown = format!("{live:?}");
    for secret in [
        "zd-api-token",
        "testshop_saved_token",
        "rk_test_saved_token",
    ] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }

    let pulled = live.connected().unwrap().pull(TICKET).unwrap();
    let context = pulled.context.unwrap();
    assert_eq!(
        context.customer.id,
        CustomerId::new("gid://shopify/Customer/7")
    );
    assert_eq!(context.subscriptions.len(), 1);
    assert_eq!(systems.seen().len(), 7);
}

#[test]
fn settings_that_cannot_work_name_their_connection() {
    let dir = tempfile::tempdir().unwrap();
    let connections = Connections::new(
        dir.path().join("connections.json"),
        Arc::new(MemoryVault::new()),
    );
    // A Stripe publishable key is not a secret key: the client refuses it.
    save(
        &connections,
        ConnectionKind::Billing,
        "",
        "",
        "pk_test_publishable",
    );
    let error = connections
        .live(&agent(), Duration::from_secs(5))
        .unwrap_err();
    assert!(
        error
            .message
            .starts_with("The Stripe connection cannot be used:"),
        "{}",
        error.message
    );
}
