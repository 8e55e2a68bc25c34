//! Exactly once under crashes: `countersign apply` is killed with SIGKILL at
//! random moments of its work, again and again, and restarted. At the end every
//! approved action took effect exactly once (or is reported failed and took no
//! effect), every approval has an outcome, and the audit chain verifies.
//!
//! Each execution is slowed a little (`COUNTERSIGN_STEP_DELAY_MS`) so the kills
//! land between its steps: after the intent is recorded, after the sandbox ran,
//! before the outcome is recorded. The seed is printed; set `CRASH_SEED` to replay.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::str::FromStr;
use std::time::Duration;

use countersign_domain::*;
use countersign_policy::{Facts, Policy};
use countersign_store::Store;

const ACTIONS: usize = 60;
const KILLS: usize = 30;

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// Small refunds on delivered orders of different customers, each allowed for an
/// agent: an action that would show a second run as a second refund.
fn refunds(store: &Store) -> Vec<(CustomerId, Action)> {
    let policy = Policy::sandbox();
    let clock = store.clock().unwrap();
    let mut found = Vec::new();
    for id in store.customer_ids().unwrap() {
        let context = store.customer_context(&id).unwrap().unwrap();
        let Some(order) = context
            .orders
            .iter()
            .find(|o| o.status == OrderStatus::Delivered)
        else {
            continue;
        };
        let action = Action::Refund {
            order_id: order.order_id.clone(),
            amount: Amount::from_str("4.00").unwrap(),
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
            found.push((id, action));
        }
        if found.len() == ACTIONS {
            break;
        }
    }
    assert_eq!(
        found.len(),
        ACTIONS,
        "the world has enough refundable orders"
    );
    found
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

fn apply(db: &Path, actions: &Path, delay_ms: u64) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_countersign"))
        .args(["apply", "--db"])
        .arg(db)
        .arg("--actions")
        .arg(actions)
        .args(["--agent", "alex.agent"])
        .env("COUNTERSIGN_STEP_DELAY_MS", delay_ms.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

#[test]
fn killed_at_random_points_every_action_runs_once_and_the_audit_verifies() {
    let seed = std::env::var("CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    eprintln!("crash test seed {seed} (CRASH_SEED={seed} replays it)");
    let mut rng = Rng(seed);

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sandbox.db");
    let store = Store::create(&db, false).unwrap();
    let lines = refunds(&store);
    let before: BTreeMap<OrderId, usize> = lines
        .iter()
        .map(|(_, action)| {
            let order = action.order_id().unwrap().clone();
            let count = refunds_of(&store, &order);
            (order, count)
        })
        .collect();
    drop(store);
    let actions = dir.path().join("actions.jsonl");
    let mut file = std::fs::File::create(&actions).unwrap();
    for (customer, action) in &lines {
        serde_json::to_writer(
            &mut file,
            &serde_json::json!({"customer_id": customer, "action": action}),
        )
        .unwrap();
        file.write_all(b"\n").unwrap();
    }
    drop(file);

    // A run takes about ACTIONS × 2 pauses × 30 ms; each is killed well before
    // the end, so most lines are cut somewhere by one run or another.
    for _ in 0..KILLS {
        let mut child = apply(&db, &actions, 30);
        std::thread::sleep(Duration::from_millis(30 + rng.below(300)));
        let _ = child.kill(); // SIGKILL on Unix: no cleanup runs
        child.wait().unwrap();
    }
    // A last run to completion settles everything.
    let status = apply(&db, &actions, 0).wait().unwrap();
    assert!(status.success());

    let store = Store::open(&db).unwrap();
    for (_, action) in &lines {
        let order = action.order_id().unwrap();
        assert_eq!(
            refunds_of(&store, order) - before[order],
            1,
            "order {order} was refunded exactly once"
        );
    }
    // Every approval ended: none left pending or unconfirmed, and per action
    // exactly one executed attempt (failed attempts changed nothing).
    assert!(store.unfinished_approvals().unwrap().is_empty());
    let audit = store.audit_entries(None).unwrap();
    let mut executed: BTreeMap<String, usize> = BTreeMap::new();
    let mut intents = 0;
    let mut outcomes = 0;
    for entry in &audit {
        match entry.kind {
            AuditKind::Intent => intents += 1,
            AuditKind::Outcome => {
                outcomes += 1;
                if entry.outcome == Outcome::Executed {
                    *executed
                        .entry(
                            entry
                                .action
                                .as_ref()
                                .and_then(Action::order_id)
                                .unwrap()
                                .to_string(),
                        )
                        .or_default() += 1;
                }
            }
            AuditKind::Refusal | AuditKind::Reply | AuditKind::Handoff => {}
        }
    }
    assert_eq!(intents, outcomes, "every intent has its outcome");
    let interrupted = audit
        .iter()
        .filter(|e| e.message.contains("nterrupt"))
        .count();
    assert!(
        interrupted > 0,
        "no kill landed inside an execution; the test proved nothing"
    );
    assert_eq!(executed.len(), ACTIONS);
    assert!(executed.values().all(|n| *n == 1), "{executed:?}");
    let verified = store.verify_audit(None).unwrap();
    assert!(verified.is_ok(), "{verified:?}");
    eprintln!(
        "{KILLS} kills: {intents} approval attempts, {interrupted} reconciled after a kill, {} audit entries, {} actions executed once each",
        audit.len(),
        executed.len()
    );
}
