//! Properties of money under any sequence of actions: whatever is approved, in
//! whatever order, by whichever role, no order is refunded more than was paid and
//! no gift card balance goes below zero.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::OnceLock;

use countersign_core::gate::{self, Approval};
use countersign_domain::*;
use countersign_exec::retry::RetryPolicy;
use countersign_policy::Policy;
use countersign_store::Store;
use proptest::prelude::*;

/// Customers with gift cards and orders of every kind, so that random actions
/// touch the money paths (cancels, item changes, payment moves, refunds).
const CUSTOMERS: usize = 6;

struct Fixture {
    template: PathBuf,
    _dir: tempfile::TempDir,
    contexts: Vec<CustomerContext>,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let template = dir.path().join("template.db");
        let store = Store::create(&template, false).unwrap();
        let contexts: Vec<CustomerContext> = store
            .customer_ids()
            .unwrap()
            .iter()
            .map(|id| store.customer_context(id).unwrap().unwrap())
            .filter(|c| {
                c.customer
                    .payment_methods
                    .iter()
                    .any(|m| m.kind == PaymentKind::GiftCard)
                    && c.orders.iter().any(|o| o.status == OrderStatus::Pending)
                    && c.orders.iter().any(|o| o.status == OrderStatus::Delivered)
            })
            .take(CUSTOMERS)
            .collect();
        assert_eq!(contexts.len(), CUSTOMERS);
        drop(store);
        Fixture {
            template,
            _dir: dir,
            contexts,
        }
    })
}

fn fresh_copy(template: &Path, dir: &Path) -> Store {
    let path = dir.join("sandbox.db");
    std::fs::copy(template, &path).unwrap();
    Store::open(&path).unwrap()
}

/// An action drawn from one customer's own records (and some from another's),
/// with amounts anywhere from a cent to well past what was paid.
fn action_for(context: &CustomerContext, choice: &[usize; 6], cents: u32) -> Action {
    let pick = |n: usize, len: usize| if len == 0 { 0 } else { n % len };
    let order = &context.orders[pick(choice[0], context.orders.len())];
    let item = &order.items[pick(choice[1], order.items.len())];
    let methods = &context.customer.payment_methods;
    let method = methods[pick(choice[2], methods.len())].id.clone();
    let variant = context
        .product(&item.product_id)
        .map(|p| {
            p.variants[pick(choice[3], p.variants.len())]
                .item_id
                .clone()
        })
        .unwrap_or_else(|| item.item_id.clone());
    let amount = Amount::from_str(&format!("{}.{:02}", cents / 100, cents % 100)).unwrap();
    match choice[4] % 7 {
        0 => Action::CancelOrder {
            order_id: order.order_id.clone(),
            reason: CancelReason::NoLongerNeeded,
        },
        1 => Action::ModifyOrderItems {
            order_id: order.order_id.clone(),
            item_ids: vec![item.item_id.clone()],
            new_item_ids: vec![variant],
            payment_method_id: method,
        },
        2 => Action::ChangePaymentMethod {
            order_id: order.order_id.clone(),
            payment_method_id: method,
        },
        3 => Action::Refund {
            order_id: order.order_id.clone(),
            amount,
            refund_method_id: method,
            reason: [
                RefundReason::Damaged,
                RefundReason::Late,
                RefundReason::Goodwill,
            ][choice[5] % 3],
            item_ids: choice[5]
                .is_multiple_of(2)
                .then(|| vec![item.item_id.clone()]),
        },
        4 => Action::ReturnItems {
            order_id: order.order_id.clone(),
            item_ids: vec![item.item_id.clone()],
            refund_method_id: method,
        },
        5 => Action::ExchangeItems {
            order_id: order.order_id.clone(),
            item_ids: vec![item.item_id.clone()],
            new_item_ids: vec![variant],
            payment_method_id: method,
        },
        _ => Action::Reship {
            order_id: order.order_id.clone(),
            item_ids: vec![item.item_id.clone()],
            reason: ReshipReason::Damaged,
        },
    }
}

fn assert_money_holds(store: &Store, contexts: &[CustomerContext]) {
    for context in contexts {
        let now = store
            .customer_context(&context.customer.id)
            .unwrap()
            .unwrap();
        for order in &now.orders {
            assert!(
                order.refunded() <= order.paid(),
                "order {} refunded {} of {} paid",
                order.order_id,
                order.refunded(),
                order.paid()
            );
        }
        for method in &now.customer.payment_methods {
            if let Some(balance) = method.balance {
                // Amount cannot even hold a negative value; reading it back proves
                // the stored balance is a valid, non-negative amount.
                assert!(balance >= Amount::ZERO, "{} at {balance}", method.id);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn no_sequence_of_actions_drives_money_below_zero(
        steps in proptest::collection::vec(
            (0..CUSTOMERS, any::<[usize; 6]>(), 1u32..60_000, 0..3usize, any::<bool>()),
            1..30,
        )
    ) {
        let fixture = fixture();
        let dir = tempfile::tempdir().unwrap();
        let store = fresh_copy(&fixture.template, dir.path());
        let policy = Policy::sandbox();
        let agents = store.agents().unwrap();
        for (index, (customer, choice, cents, role, foreign)) in steps.iter().enumerate() {
            let context = &fixture.contexts[*customer];
            // Sometimes the action names another customer's records (R2).
            let source = if *foreign { &fixture.contexts[(customer + 1) % CUSTOMERS] } else { context };
            let action = action_for(source, choice, *cents);
            let agent = agents.iter().find(|a| a.role as usize == *role % 3).unwrap_or(&agents[0]);
            let scope = format!("property step {index}");
            gate::approve(
                &store,
                &policy,
                &gate::SandboxSystem::new(&store, &agent.agent_id),
                &RetryPolicy::default(),
                Approval {
                    agent,
                    customer: &context.customer.id,
                    action: &action,
                    proposed: None,
                    proposal_action: None,
                    sender_email: None,
                    scope: &scope,
                },
            )
            .unwrap();
        }
        assert_money_holds(&store, &fixture.contexts);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    /// The sandbox's own checks hold the same line even for actions the policy
    /// never saw (a bug upstream must not be able to overdraw anything).
    #[test]
    fn the_executor_alone_keeps_money_non_negative(
        steps in proptest::collection::vec(
            (0..CUSTOMERS, any::<[usize; 6]>(), 1u32..60_000),
            1..30,
        )
    ) {
        let fixture = fixture();
        let dir = tempfile::tempdir().unwrap();
        let store = fresh_copy(&fixture.template, dir.path());
        let agent = store.agents().unwrap().remove(0);
        let mut executed = 0;
        for (index, (customer, choice, cents)) in steps.iter().enumerate() {
            let context = &fixture.contexts[*customer];
            let action = action_for(context, choice, *cents);
            // Straight to the sandbox as a system of record, no policy in between.
            let key = idempotency_key(&format!("unchecked step {index}"), &action);
            let result = store.sandbox_execute(&key, &action, &agent.agent_id).unwrap();
            executed += usize::from(result.is_ok());
        }
        assert_money_holds(&store, &fixture.contexts);
        prop_assert!(executed <= steps.len());
    }
}
