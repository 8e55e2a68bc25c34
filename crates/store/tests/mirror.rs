//! What a connected system gave, mirrored into the database, reads back as it
//! was given: the engine and the policy then see a real customer as they see a
//! sandbox one. A newer copy replaces the older one.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use countersign_domain::*;
use countersign_store::Store;
use serde_json::json;

fn context(status: &str, methods: serde_json::Value) -> CustomerContext {
    serde_json::from_value(json!({
        "customer": {
            "id": "gid://shopify/Customer/7", "first_name": "Ava", "last_name": "Smith",
            "email": "ava@example.com",
            "address": { "address1": "1 Main St", "address2": "", "city": "Austin", "state": "TX",
                         "country": "US", "zip": "73301" },
            "payment_methods": methods
        },
        "orders": [{
            "order_id": "#1001", "customer_id": "gid://shopify/Customer/7", "status": status,
            "address": { "address1": "1 Main St", "address2": "", "city": "Austin", "state": "TX",
                         "country": "US", "zip": "73301" },
            "items": [
                { "item_id": "gid://shopify/LineItem/12", "product_id": "gid://shopify/Product/2",
                  "name": "Coffee beans", "price": "15.00", "options": { "variant": "Dark" } },
                { "item_id": "gid://shopify/LineItem/11", "product_id": "gid://shopify/Product/1",
                  "name": "Mug", "price": "20.00", "options": {} }
            ],
            "fulfillments": [{ "tracking_ids": ["1Z999"], "item_ids": ["gid://shopify/LineItem/11"] }],
            "transactions": [
                { "kind": "payment", "amount": "35.00", "payment_method_id": "shopify_payments" },
                { "kind": "refund", "amount": "5.00", "payment_method_id": "shopify_payments" }
            ],
            "currency": "USD", "placed_at": "2026-11-01T10:00:00Z",
            "shipped_at": "2026-11-02T10:00:00Z", "delivered_at": null, "cancelled_at": null,
            "cancel_reason": null,
            "return_items": [], "return_payment_method_id": null,
            "exchange_items": [], "exchange_new_items": [], "exchange_payment_method_id": null,
            "exchange_price_difference": null
        }],
        "subscriptions": [{
            "subscription_id": "sub_Ava", "customer_id": "gid://shopify/Customer/7",
            "plan_id": "price_monthly", "status": "active",
            "current_period_start": "2026-11-01T00:00:00Z", "current_period_end": "2026-12-01T00:00:00Z",
            "next_renewal_at": "2026-12-01T00:00:00Z", "paused_until": null, "cancelled_at": null,
            "cancel_at_period_end": false, "payment_method_id": "pm_card_visa",
            "created_at": "2026-01-01T00:00:00Z"
        }],
        "plans": [{ "plan_id": "price_monthly", "product_line": "prod_coffee", "name": "Coffee monthly",
                    "interval": "month", "price": "18.00", "currency": "USD" }],
        "support_history": [],
        "products": []
    }))
    .unwrap()
}

fn card() -> serde_json::Value {
    json!([{ "id": "shopify_payments", "kind": "credit_card", "brand": "Visa", "last_four": "4242", "balance": null }])
}

fn ticket(messages: &[&str]) -> Ticket {
    let messages: Vec<serde_json::Value> = messages
        .iter()
        .enumerate()
        .map(|(n, body)| json!({ "author": "customer", "at": format!("2026-11-20T10:0{n}:00Z"), "body": body }))
        .collect();
    serde_json::from_value(json!({
        "id": "35436", "channel": "email",
        "from": { "name": "Ava Smith", "email": "ava@example.com" },
        "subject": "Broken mug", "created_at": "2026-11-20T10:00:00Z",
        "messages": messages, "status": "open"
    }))
    .unwrap()
}

#[test]
fn a_mirrored_customer_reads_back_as_given_and_a_newer_copy_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(&dir.path().join("live.db"), false).unwrap();
    let id = CustomerId::new("gid://shopify/Customer/7");

    let first = context("processed", card());
    store.write(|w| w.mirror_context(&first)).unwrap();
    let read = store.reader().customer_context(&id).unwrap().unwrap();
    assert_eq!(read.customer, first.customer);
    assert_eq!(read.orders, first.orders);
    assert_eq!(read.subscriptions, first.subscriptions);
    assert!(read.plans.contains(&first.plans[0]));
    assert_eq!(
        store
            .reader()
            .customer_by_email("AVA@example.com")
            .unwrap()
            .map(|c| c.id),
        Some(id.clone())
    );

    // Delivered since, and paid another way: the newer copy wins, nothing is left over.
    let newer = context(
        "delivered",
        json!([{ "id": "paypal", "kind": "paypal", "brand": null, "last_four": null, "balance": null }]),
    );
    store.write(|w| w.mirror_context(&newer)).unwrap();
    let read = store.reader().customer_context(&id).unwrap().unwrap();
    assert_eq!(
        read.customer.payment_methods,
        newer.customer.payment_methods
    );
    assert_eq!(read.orders, newer.orders);
    assert_eq!(read.orders[0].items.len(), 2, "items replaced, not added");
}

#[test]
fn a_mirrored_ticket_keeps_its_proposal_until_the_conversation_changes() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(&dir.path().join("live.db"), false).unwrap();
    let first = ticket(&["My mug arrived broken."]);
    store.write(|w| w.mirror_ticket(&first)).unwrap();
    assert_eq!(store.reader().ticket(&first.id).unwrap().unwrap(), first);

    let proposal: Proposal = serde_json::from_value(json!({
        "ticket_id": "35436", "customer_id": null, "intent": "refund_request", "confidence": 0.9,
        "actions": [], "escalate": null, "reply": "Sorry to hear that."
    }))
    .unwrap();
    store.save_proposal(&proposal).unwrap();

    // The same conversation again: what the desk proposed stays.
    store.write(|w| w.mirror_ticket(&first)).unwrap();
    assert!(store.proposal(&first.id).unwrap().is_some());

    // The customer wrote again: the ticket is proposed for afresh.
    let newer = ticket(&["My mug arrived broken.", "Also the handle is missing."]);
    store.write(|w| w.mirror_ticket(&newer)).unwrap();
    assert_eq!(
        store
            .reader()
            .ticket(&newer.id)
            .unwrap()
            .unwrap()
            .messages
            .len(),
        2
    );
    assert!(store.proposal(&newer.id).unwrap().is_none());
}
