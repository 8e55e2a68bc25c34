//! Many approvals at once on one database, each from its own connection (two
//! windows, two devices): the same action runs once, and one agent's concurrent
//! refunds never pass their daily limit together (R19).

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::path::Path;
use std::str::FromStr;
use std::sync::{Arc, Barrier};

use countersign_core::gate::{self, Approval, SandboxSystem};
use countersign_domain::*;
use countersign_exec::retry::RetryPolicy;
use countersign_policy::{Facts, Policy};
use countersign_store::Store;

const THREADS: usize = 8;

fn approve(
    path: &Path,
    agent: &Agent,
    customer: &CustomerId,
    action: &Action,
    scope: &str,
) -> Outcome {
    let store = Store::open(path).unwrap();
    gate::approve(
        &store,
        &Policy::sandbox(),
        &SandboxSystem::new(&store, &agent.agent_id),
        &RetryPolicy::default(),
        Approval {
            agent,
            customer,
            action,
            proposed: None,
            proposal_action: None,
            sender_email: None,
            scope,
        },
    )
    .unwrap()
    .outcome
}

fn refunds_of(store: &Store, order: &OrderId) -> usize {
    store
        .order(order)
        .unwrap()
        .unwrap()
        .transactions
        .iter()
        .filter(|t| t.kind == TransactionKind::Refund)
        .count()
}

/// Refunds of `amount` on delivered orders of different customers that an agent
/// may approve one at a time.
fn allowed_refunds(store: &Store, amount: &str, count: usize) -> Vec<(CustomerId, Action)> {
    let policy = Policy::sandbox();
    let clock = store.clock().unwrap();
    let mut found = Vec::new();
    for id in store.customer_ids().unwrap() {
        let context = store.customer_context(&id).unwrap().unwrap();
        for order in context
            .orders
            .iter()
            .filter(|o| o.status == OrderStatus::Delivered)
        {
            let action = Action::Refund {
                order_id: order.order_id.clone(),
                amount: Amount::from_str(amount).unwrap(),
                refund_method_id: order.transactions[0].payment_method_id.clone(),
                reason: RefundReason::Damaged,
                item_ids: Some(vec![order.items[0].item_id.clone()]),
            };
            let verdict = policy.evaluate(
                &action,
                &Facts {
                    context: &context,
                    clock,
                    approver: Role::Agent,
                    approved_today: Amount::ZERO,
                    sender_email: None,
                },
            );
            if verdict.decision == Decision::Allowed {
                found.push((id.clone(), action));
                break;
            }
        }
        if found.len() == count {
            return found;
        }
    }
    panic!("not enough refundable orders");
}

fn agent(store: &Store) -> Agent {
    store
        .agents()
        .unwrap()
        .into_iter()
        .find(|a| a.role == Role::Agent)
        .unwrap()
}

#[test]
fn the_same_approval_from_many_windows_at_once_runs_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sandbox.db");
    let store = Store::create(&path, false).unwrap();
    let agent = agent(&store);
    let (customer, action) = allowed_refunds(&store, "7.00", 1).remove(0);
    let order = action.order_id().unwrap().clone();
    let before = refunds_of(&store, &order);
    let barrier = Arc::new(Barrier::new(THREADS));
    let outcomes: Vec<Outcome> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..THREADS)
            .map(|_| {
                let (barrier, path, agent, customer, action) =
                    (barrier.clone(), &path, &agent, &customer, &action);
                scope.spawn(move || {
                    barrier.wait();
                    approve(path, agent, customer, action, "ticket T-1 action 0")
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let executed = outcomes.iter().filter(|o| **o == Outcome::Executed).count();
    assert_eq!(executed, 1, "{outcomes:?}");
    assert_eq!(refunds_of(&store, &order) - before, 1);
    assert!(store.verify_audit(None).unwrap().is_ok());
}

#[test]
fn concurrent_refunds_of_one_agent_never_pass_the_daily_limit_together_r19() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sandbox.db");
    let store = Store::create(&path, false).unwrap();
    let agent = agent(&store);
    let limit = Policy::sandbox().config().tiers[&Role::Agent]
        .per_day
        .expect("agents have a daily limit");
    // Each refund alone is allowed; all of them together are well over the limit.
    let each = "90.00";
    let refunds = allowed_refunds(&store, each, THREADS);
    let total_asked =
        Amount::from_str(each).unwrap().decimal() * rust_decimal::Decimal::from(THREADS as u64);
    assert!(total_asked > limit.decimal());
    let barrier = Arc::new(Barrier::new(THREADS));
    let outcomes: Vec<Outcome> = std::thread::scope(|scope| {
        let handles: Vec<_> = refunds
            .iter()
            .enumerate()
            .map(|(n, (customer, action))| {
                let (barrier, path, agent) = (barrier.clone(), &path, &agent);
                scope.spawn(move || {
                    barrier.wait();
                    approve(path, agent, customer, action, &format!("refund {n}"))
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let executed = outcomes.iter().filter(|o| **o == Outcome::Executed).count();
    let spent =
        Amount::from_str(each).unwrap().decimal() * rust_decimal::Decimal::from(executed as u64);
    assert!(executed > 0, "{outcomes:?}");
    assert!(
        spent <= limit.decimal(),
        "{executed} refunds of {each} ran together, past the daily limit of {limit}"
    );
    // The ones held back are refused for R19 and say who must approve.
    let audit = store.audit_entries(None).unwrap();
    let held: Vec<&AuditEntry> = audit
        .iter()
        .filter(|e| e.kind == AuditKind::Refusal)
        .collect();
    assert_eq!(held.len(), THREADS - executed);
    assert!(held
        .iter()
        .all(|e| e.verdict.iter().flat_map(|v| &v.rules).any(|r| r == "R19")));
    assert!(store.verify_audit(None).unwrap().is_ok());
}
