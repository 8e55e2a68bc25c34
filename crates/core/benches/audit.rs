//! How fast approvals are recorded (intent, execution, outcome: three
//! transactions on a WAL database file), and how long verifying an audit chain of
//! 1,000,000 entries takes. Prints figures; asserts nothing.
//!
//!     cargo bench -p countersign-core --bench audit

#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::time::Instant;

use countersign_core::gate::{self, Approval, SandboxSystem};
use countersign_domain::*;
use countersign_exec::retry::RetryPolicy;
use countersign_policy::Policy;
use countersign_store::{NewEntry, Store};

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sandbox.db");
    let store = Store::create(&path, false).unwrap();
    let policy = Policy::sandbox();
    let agent = store.agents().unwrap().remove(0);
    let customers = store.customer_ids().unwrap();

    // Approvals: an address change for each customer, each a full approval.
    let started = Instant::now();
    let mut executed = 0;
    for (n, customer) in customers.iter().enumerate() {
        let action = Action::UpdateCustomerAddress {
            customer_id: customer.clone(),
            address: Address {
                address1: format!("{n} Benchmark Road"),
                address2: String::new(),
                city: "Springfield".into(),
                state: "IL".into(),
                country: "USA".into(),
                zip: "62701".into(),
            },
        };
        let decided = gate::approve(
            &store,
            &policy,
            &SandboxSystem::new(&store, &agent.agent_id),
            &RetryPolicy::default(),
            Approval {
                agent: &agent,
                customer,
                action: &action,
                proposed: None,
                proposal_action: None,
                sender_email: None,
                scope: "benchmark",
            },
        )
        .unwrap();
        executed += usize::from(decided.outcome == Outcome::Executed);
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "approvals recorded          {:>8.0} /s   ({} approvals, {executed} executed, intent + run + outcome each, {seconds:.2} s)",
        customers.len() as f64 / seconds,
        customers.len()
    );

    // A chain of 1,000,000 entries, appended in transactions of 10,000.
    let total: i64 = 1_000_000;
    let action = Action::SkipRenewal {
        subscription_id: SubscriptionId::new("sub_1001"),
    };
    let verdict = Verdict::allowed(&["R21"], "benchmark entry");
    let already = store.verify_audit(None).unwrap().unwrap().entries;
    let started = Instant::now();
    let mut written = already;
    while written < total {
        let batch = (total - written).min(10_000);
        store
            .write(|w| {
                for _ in 0..batch {
                    w.append(&NewEntry {
                        kind: AuditKind::Refusal,
                        approval_id: None,
                        agent: &agent,
                        ticket_id: None,
                        customer_id: None,
                        action: Some(&action),
                        proposed: None,
                        verdict: Some(&verdict),
                        outcome: Outcome::Refused,
                        message: "benchmark",
                        idempotency_key: None,
                        system: None,
                        external_id: None,
                        event: None,
                    })?;
                }
                Ok::<_, countersign_store::StoreError>(())
            })
            .unwrap();
        written += batch;
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "audit entries appended      {:>8.0} /s   (batches of 10,000, {seconds:.1} s)",
        (total - already) as f64 / seconds
    );
    let started = Instant::now();
    let verified = store.verify_audit(None).unwrap().unwrap();
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "verify {:>9} entries      {seconds:>8.2} s     ({:.0} entries/s)",
        verified.entries,
        verified.entries as f64 / seconds
    );
}
