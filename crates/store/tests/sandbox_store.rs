//! The sandbox store is built from the shipped world and is the system of record
//! for approved actions.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::str::FromStr;

use countersign_domain::*;
use countersign_store::{Store, StoreError};

fn alex() -> Agent {
    Agent {
        agent_id: AgentId::new("alex.agent"),
        name: "Alex Rivera".into(),
        role: Role::Agent,
    }
}

fn cancel(order: &str) -> Action {
    Action::CancelOrder {
        order_id: OrderId::new(order),
        reason: CancelReason::NoLongerNeeded,
    }
}

#[test]
fn the_whole_world_is_loaded() {
    let store = Store::in_memory().unwrap();
    let counts = store.counts().unwrap();
    assert_eq!(counts["customers"], 500);
    assert_eq!(counts["orders"], 1000);
    assert_eq!(counts["products"], 50);
    assert_eq!(counts["variants"], 591);
    assert_eq!(counts["subscriptions"], 150);
    assert_eq!(counts["plans"], 7);
    assert_eq!(counts["support_history"], 40);
    assert_eq!(counts["agents"], 3);
    assert_eq!(counts["queues"], 4);
    assert_eq!(counts["tickets"], 160);
    assert_eq!(counts["payment_methods"], 695);
    assert_eq!(
        store.clock().unwrap().to_rfc3339(),
        "2026-11-24T12:00:00+00:00"
    );
}

#[test]
fn money_is_read_exactly() {
    let store = Store::in_memory().unwrap();
    let order = store.order(&OrderId::new("#W2611340")).unwrap().unwrap();
    assert_eq!(order.status, OrderStatus::Processed);
    assert_eq!(order.items[0].price.to_string(), "47.84");
    assert_eq!(order.items[1].price.to_string(), "488.81");
    assert_eq!(order.paid().to_string(), "536.65");
    assert_eq!(order.total(), order.paid());
    let customer = store.customer(&CustomerId::new("noah_brown_6181")).unwrap();
    assert!(customer.is_some());
}

#[test]
fn customers_are_found_by_email_and_by_zip() {
    let store = Store::in_memory().unwrap();
    let by_email = store
        .customer_by_email("  AVA.SMITH4465@example.com ")
        .unwrap()
        .unwrap();
    assert_eq!(by_email.id.as_str(), "ava_smith_1453");
    let by_zip = store.customers_by_zip(&by_email.address.zip).unwrap();
    assert!(by_zip.iter().any(|c| c.id == by_email.id));
    assert!(store
        .customer_by_email("nobody@example.com")
        .unwrap()
        .is_none());
}

#[test]
fn a_customer_context_holds_only_that_customer() {
    let store = Store::in_memory().unwrap();
    let id = CustomerId::new("evelyn_moore_6558");
    let context = store.customer_context(&id).unwrap().unwrap();
    assert!(!context.orders.is_empty());
    assert!(context.orders.iter().all(|order| order.customer_id == id));
    assert!(context.subscriptions.iter().all(|s| s.customer_id == id));
    let product_ids: Vec<_> = context.products.iter().map(|p| &p.product_id).collect();
    for order in &context.orders {
        for item in &order.items {
            assert!(product_ids.contains(&&item.product_id));
        }
    }
}

#[test]
fn init_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sandbox.db");
    Store::create(&path, false).unwrap();
    assert!(matches!(
        Store::create(&path, false),
        Err(StoreError::AlreadyExists(_))
    ));
    let store = Store::create(&path, true).unwrap();
    assert_eq!(store.counts().unwrap()["orders"], 1000);
}

#[test]
fn opening_a_missing_database_says_how_to_create_one() {
    let dir = tempfile::tempdir().unwrap();
    let error = Store::open(&dir.path().join("none.db")).unwrap_err();
    assert!(error.to_string().contains("world init"), "{error}");
}

#[test]
fn cancel_refunds_every_payment_and_restores_gift_cards_r5() {
    let store = Store::in_memory().unwrap();
    // #W4308578 is pending and was paid with a gift card.
    let id = OrderId::new("#W4308578");
    let before = store.order(&id).unwrap().unwrap();
    assert_eq!(before.status, OrderStatus::Pending);
    let payment = before.transactions[0].clone();
    let customer = store.customer(&before.customer_id).unwrap().unwrap();
    let card_before = customer
        .payment_method(&payment.payment_method_id)
        .unwrap()
        .clone();
    assert_eq!(card_before.kind, PaymentKind::GiftCard);

    let (message, reference) = store
        .sandbox_execute("cancel-1", &cancel("#W4308578"), &alex().agent_id)
        .unwrap()
        .unwrap();
    assert!(message.contains("#W4308578"), "{message}");

    let after = store.order(&id).unwrap().unwrap();
    assert_eq!(after.status, OrderStatus::Cancelled);
    assert_eq!(after.cancel_reason.as_deref(), Some("no longer needed"));
    assert_eq!(after.refunded(), after.paid());
    let card_after = store
        .customer(&before.customer_id)
        .unwrap()
        .unwrap()
        .payment_method(&payment.payment_method_id)
        .unwrap()
        .clone();
    assert_eq!(
        card_after.balance.unwrap(),
        card_before.balance.unwrap() + payment.amount
    );
    assert_eq!(
        store.sandbox_lookup("cancel-1").unwrap(),
        Some((message, reference))
    );
}

#[test]
fn preconditions_are_checked_again_at_execution_r5() {
    let store = Store::in_memory().unwrap();
    // #W2611340 is processed: even an "allowed" verdict cannot make it cancel.
    let refused = store
        .sandbox_execute("cancel-2", &cancel("#W2611340"), &alex().agent_id)
        .unwrap()
        .unwrap_err();
    assert!(refused.contains("needs it to be pending"), "{refused}");
    let order = store.order(&OrderId::new("#W2611340")).unwrap().unwrap();
    assert_eq!(order.status, OrderStatus::Processed);
    assert!(order.refunded().is_zero());
    assert_eq!(
        store.sandbox_lookup("cancel-2").unwrap(),
        None,
        "a refusal took no effect"
    );
}

#[test]
fn an_idempotency_key_takes_effect_once_whatever_the_caller() {
    let store = Store::in_memory().unwrap();
    // #W4308578 is pending and paid by gift card: a second run would refund twice.
    let first = store
        .sandbox_execute("same-key", &cancel("#W4308578"), &alex().agent_id)
        .unwrap()
        .unwrap();
    let second = store
        .sandbox_execute("same-key", &cancel("#W4308578"), &alex().agent_id)
        .unwrap()
        .unwrap();
    assert_eq!(
        second, first,
        "the second call answers with the first result"
    );
    let order = store.order(&OrderId::new("#W4308578")).unwrap().unwrap();
    let refunds = order
        .transactions
        .iter()
        .filter(|t| t.kind == TransactionKind::Refund)
        .count();
    assert_eq!(refunds, 1, "the refund was not issued twice");
    assert_eq!(
        order.refunded(),
        Amount::from_str(&order.paid().to_string()).unwrap()
    );
}
