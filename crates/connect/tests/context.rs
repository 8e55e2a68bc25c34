//! Pulling a ticket's context from a helpdesk, a shop and billing at once: the
//! requests that do not depend on each other overlap, the result is the domain
//! the engine reads, and the engine proposes from it as it does from the sandbox.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod support;

use std::time::Duration;

use countersign_domain::*;
use countersign_engine::{Directory, Engine};
use countersign_policy::Policy;
use support::systems::{Seen, Systems, EMAIL, TICKET};

/// Whether two requests were in flight at the same time.
fn overlap(a: &Seen, b: &Seen) -> bool {
    a.arrived < b.answered && b.arrived < a.answered
}

fn find<'a>(seen: &'a [Seen], system: &str, path: &str) -> &'a Seen {
    seen.iter()
        .find(|s| s.system == system && s.path.contains(path))
        .unwrap_or_else(|| panic!("no {system} request to {path} in {seen:?}"))
}

#[test]
fn the_context_arrives_in_three_round_trips_of_seven_requests() {
    // A long latency, so that "at the same time" cannot happen by accident.
    let systems = Systems::start(Duration::from_millis(300));
    let pulled = systems.connected().pull(TICKET).unwrap();
    let seen = systems.seen();
    assert_eq!(seen.len(), 7, "{seen:?}");

    let ticket = find(&seen, "zendesk", "/tickets/35436.json");
    let comments = find(&seen, "zendesk", "/comments.json");
    assert!(
        overlap(ticket, comments),
        "the ticket and its comments at once"
    );
    let shop_customer = &seen
        .iter()
        .filter(|s| s.system == "shopify")
        .collect::<Vec<_>>()[0];
    let billing_customer = find(&seen, "stripe", "/v1/customers/search");
    assert!(
        overlap(shop_customer, billing_customer),
        "shop and billing at once"
    );
    assert!(
        shop_customer.arrived >= ticket.answered,
        "the email comes from the ticket"
    );
    let subscriptions = find(&seen, "stripe", "/v1/customers/cus_Ava");
    let charges = find(&seen, "stripe", "/v1/charges");
    assert!(
        overlap(subscriptions, charges),
        "subscriptions and charges at once"
    );
    assert!(charges.arrived >= billing_customer.answered);

    // The three systems' objects as one customer's context.
    assert_eq!(pulled.ticket.id, TicketId::new(TICKET.to_string()));
    let context = pulled.context.as_ref().unwrap();
    let id = CustomerId::new("gid://shopify/Customer/7");
    assert_eq!(context.customer.id, id);
    assert_eq!(context.customer.email, EMAIL);
    assert_eq!(context.customer.first_name, "Ava");
    assert_eq!(context.orders.len(), 1);
    assert_eq!(context.orders[0].status, OrderStatus::Pending);
    assert_eq!(context.subscriptions.len(), 1);
    assert_eq!(
        context.subscriptions[0].customer_id, id,
        "billing joins the shop's customer"
    );
    assert_eq!(context.plans.len(), 1);
    assert!(context
        .customer
        .payment_methods
        .iter()
        .any(|m| m.id.as_str() == "shopify_payments"));

    // The pulled context is the engine's directory: this customer, no other.
    assert!(pulled.customer_by_email(&EMAIL.to_uppercase()).is_some());
    assert!(pulled
        .customer_by_email("someone.else@example.com")
        .is_none());
    assert!(pulled
        .context(&CustomerId::new("gid://shopify/Customer/8"))
        .is_none());
    let engine = Engine::new(Policy::sandbox());
    let triage = engine.triage(
        &pulled.ticket,
        &pulled,
        pulled.ticket.created_at,
        Role::Agent,
    );
    assert_eq!(triage.proposal.customer_id, Some(id));
}

#[test]
fn a_customer_no_system_knows_has_no_context() {
    let systems = Systems::start(Duration::ZERO);
    let connected = countersign_connect::context::Connected {
        shop: None,
        billing: None,
        ..systems.connected()
    };
    let pulled = connected.pull(TICKET).unwrap();
    assert!(pulled.context.is_none());
    assert_eq!(systems.seen().len(), 2, "only the helpdesk was asked");
}
