//! Approvals through the gate against a remote system of record that fails in
//! every way a real one does (a loopback server: slow answers after acting, 429s,
//! 5xx, dropped connections before and after acting, timeouts). Every approval is
//! recorded before and after; no action takes effect twice; what the audit says
//! ran is exactly what the server did, once reconciliation has asked it.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use countersign_core::gate::{self, Approval};
use countersign_domain::*;
use countersign_exec::http::HttpSystem;
use countersign_exec::retry::RetryPolicy;
use countersign_exec::SystemOfRecord;
use countersign_policy::Policy;
use countersign_store::Store;
use countersign_testkit::loopback::{Loopback, Reply, Request, Rng};
use serde_json::json;

const APPROVALS: usize = 60;
const FAULTS_PER_MILLE: u64 = 700;
const CLIENT_TIMEOUT: Duration = Duration::from_millis(120);
const STALL: Duration = Duration::from_millis(300);

/// Each idempotency key takes effect at most once (a repeat is answered with the
/// first result); faults are injected at random. `applied` counts real effects per
/// customer, which is what a second key for the same action would double.
struct Remote {
    effects: Mutex<HashMap<String, u32>>,
    applied: Mutex<HashMap<String, u32>>,
    rng: Mutex<Rng>,
    faults: AtomicBool,
}

impl Remote {
    fn handle(&self, request: &Request) -> Reply {
        let fault = self.faults.load(Ordering::SeqCst) && {
            let mut rng = self.rng.lock().unwrap();
            rng.chance(FAULTS_PER_MILLE)
        };
        let kind = self.rng.lock().unwrap().below(6);
        if let Some(key) = request.path.strip_prefix("/v1/actions/") {
            if fault {
                return Reply::hang_up().after(if kind.is_multiple_of(2) {
                    STALL
                } else {
                    Duration::ZERO
                });
            }
            return match self.effects.lock().unwrap().get(key) {
                Some(_) => Reply::json(200, json!({"id": key, "message": "done"})),
                None => Reply::json(404, json!({"error": {"message": "no such action"}})),
            };
        }
        let key = request.header("Idempotency-Key").unwrap().to_owned();
        if fault {
            match kind {
                0 => {
                    return Reply::json(429, json!({"error": {"message": "slow down"}}))
                        .with_header("Retry-After", "0")
                }
                1 => return Reply::raw(503, ""),
                2 => return Reply::hang_up(),
                3 => return Reply::hang_up().after(STALL),
                _ => {} // act, then lose the answer (below)
            }
        }
        let first = {
            let mut effects = self.effects.lock().unwrap();
            let first = !effects.contains_key(&key);
            *effects.entry(key.clone()).or_default() += 1;
            first
        };
        if first {
            let customer = request.json()["customer_id"].as_str().unwrap().to_owned();
            *self.applied.lock().unwrap().entry(customer).or_default() += 1;
        }
        let answer = Reply::json(201, json!({"id": key, "message": "done"}));
        match (fault, kind) {
            (true, 4) => answer.after(STALL),
            (true, _) => Reply::hang_up(),
            _ => answer,
        }
    }
}

#[test]
fn under_faults_every_approval_is_recorded_and_nothing_runs_twice() {
    let remote = Arc::new(Remote {
        effects: Mutex::new(HashMap::new()),
        applied: Mutex::new(HashMap::new()),
        rng: Mutex::new(Rng::seeded(0x5eed_f417)),
        faults: AtomicBool::new(true),
    });
    let served = Arc::clone(&remote);
    let server = Loopback::start(Arc::new(move |request: &Request| served.handle(request)));
    let system = HttpSystem::new(&server.base_url(), Some("sk_test_x".into()), CLIENT_TIMEOUT)
        .unwrap()
        .with_name("remote");
    let retry = RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(40),
        total_budget: Duration::from_millis(900),
    };

    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(&dir.path().join("sandbox.db"), false).unwrap();
    let agent = store.agents().unwrap().remove(0);
    let policy = Policy::sandbox();
    let customers: Vec<CustomerId> = store
        .customer_ids()
        .unwrap()
        .into_iter()
        .take(APPROVALS)
        .collect();
    let mut outcomes: HashMap<Outcome, usize> = HashMap::new();
    for (n, customer) in customers.iter().enumerate() {
        let action = Action::UpdateCustomerAddress {
            customer_id: customer.clone(),
            address: Address {
                address1: format!("{n} Fault Lane"),
                address2: String::new(),
                city: "Austin".into(),
                state: "TX".into(),
                country: "USA".into(),
                zip: "73301".into(),
            },
        };
        let decided = gate::approve(
            &store,
            &policy,
            &system,
            &retry,
            Approval {
                agent: &agent,
                customer,
                action: &action,
                proposed: None,
                proposal_action: None,
                sender_email: None,
                scope: &format!("fault test {n}"),
            },
        )
        .unwrap();
        *outcomes.entry(decided.outcome).or_default() += 1;
    }
    eprintln!("after the run: {outcomes:?}");

    // The remote recovers; reconciliation asks it about what stayed unconfirmed.
    remote.faults.store(false, Ordering::SeqCst);
    let reconciled =
        gate::reconcile(&store, &|_| Box::new(&system) as Box<dyn SystemOfRecord>).unwrap();
    eprintln!("reconciled: {}", reconciled.len());
    assert!(store.unfinished_approvals().unwrap().is_empty());

    let effects = remote.effects.lock().unwrap().clone();
    let applied = remote.applied.lock().unwrap().clone();
    assert!(
        applied.values().all(|count| *count == 1),
        "an action took effect twice: {applied:?}"
    );
    let repeats: u32 = effects.values().map(|n| n - 1).sum();
    eprintln!("requests repeated with the same key after a lost answer: {repeats}");
    assert!(
        repeats > 0 || !reconciled.is_empty(),
        "no fault reached the write path; the test proved nothing"
    );
    let audit = store.audit_entries(None).unwrap();
    let intents = audit.iter().filter(|e| e.kind == AuditKind::Intent).count();
    assert_eq!(
        intents, APPROVALS,
        "every approval was recorded before it ran"
    );
    // The last outcome recorded for each key is what the server says happened.
    let mut last: HashMap<String, Outcome> = HashMap::new();
    for entry in audit.iter().filter(|e| e.kind == AuditKind::Outcome) {
        last.insert(entry.idempotency_key.clone().unwrap(), entry.outcome);
    }
    assert_eq!(last.len(), APPROVALS, "every approval has an outcome");
    for (key, outcome) in &last {
        let ran = effects.contains_key(key);
        assert_eq!(
            *outcome == Outcome::Executed,
            ran,
            "audit says {outcome:?} for {key}, the server {} it",
            if ran { "ran" } else { "never ran" }
        );
    }
    assert!(store.verify_audit(None).unwrap().is_ok());
    assert!(
        !audit.iter().any(|e| e.message.contains("sk_test_x")),
        "the credential reached the audit"
    );
}
