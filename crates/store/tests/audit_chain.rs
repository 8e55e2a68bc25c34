//! The audit log's hash chain catches every kind of tampering with the database
//! file, and names the first entry that does not verify.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::path::Path;

use countersign_domain::*;
use countersign_store::{ChainBreak, NewEntry, Store};
use rusqlite::Connection;

const ENTRIES: i64 = 10;

fn agent() -> Agent {
    Agent {
        agent_id: AgentId::new("alex.agent"),
        name: "Alex Rivera".into(),
        role: Role::Agent,
    }
}

/// A sandbox database with ten audit entries.
fn logged(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("sandbox.db");
    let store = Store::create(&path, false).unwrap();
    let agent = agent();
    for n in 0..ENTRIES {
        let action = Action::SkipRenewal {
            subscription_id: SubscriptionId::new(format!("sub_{}", 1000 + n)),
        };
        let verdict = Verdict::allowed(&["R21"], "test entry");
        store
            .write(|w| {
                w.append(&NewEntry {
                    kind: if n % 2 == 0 {
                        AuditKind::Intent
                    } else {
                        AuditKind::Outcome
                    },
                    approval_id: Some(n / 2 + 1),
                    agent: &agent,
                    ticket_id: None,
                    customer_id: Some(&CustomerId::new("ava_smith_1453")),
                    action: Some(&action),
                    proposed: Some(&action),
                    verdict: Some(&verdict),
                    outcome: if n % 2 == 0 {
                        Outcome::Pending
                    } else {
                        Outcome::Executed
                    },
                    message: &format!("entry {}", n + 1),
                    idempotency_key: Some(&format!("key-{}", n / 2)),
                    system: Some("sandbox"),
                    external_id: None,
                    event: None,
                })
            })
            .unwrap();
    }
    path
}

fn verify(path: &Path) -> Result<i64, ChainBreak> {
    Store::open(path)
        .unwrap()
        .verify_audit(None)
        .unwrap()
        .map(|v| v.entries)
}

fn tamper(path: &Path, sql: &str) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(sql).unwrap();
}

#[test]
fn an_untouched_log_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let path = logged(dir.path());
    assert_eq!(verify(&path), Ok(ENTRIES));
}

#[test]
fn a_changed_entry_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = logged(dir.path());
    tamper(
        &path,
        "UPDATE audit SET message = 'nothing to see' WHERE audit_id = 4",
    );
    assert_eq!(verify(&path), Err(ChainBreak::Changed(4)));
}

#[test]
fn a_changed_entry_with_its_hash_recomputed_still_breaks_the_next_link() {
    // The forger edits entry 4 and writes a matching hash for it; entry 5 still
    // points at the old hash.
    let dir = tempfile::tempdir().unwrap();
    let path = logged(dir.path());
    tamper(
        &path,
        "UPDATE audit SET outcome = 'refused', hash = 'f00d' WHERE audit_id = 4",
    );
    let found = verify(&path).unwrap_err();
    assert!(
        matches!(found, ChainBreak::Changed(4) | ChainBreak::Unlinked(5, 4)),
        "{found}"
    );
}

#[test]
fn a_deleted_entry_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = logged(dir.path());
    tamper(&path, "DELETE FROM audit WHERE audit_id = 6");
    assert_eq!(verify(&path), Err(ChainBreak::Missing(6)));
}

#[test]
fn entries_removed_from_the_end_are_caught_by_the_head() {
    let dir = tempfile::tempdir().unwrap();
    let path = logged(dir.path());
    tamper(&path, "DELETE FROM audit WHERE audit_id >= 9");
    assert_eq!(
        verify(&path),
        Err(ChainBreak::Head {
            last: ENTRIES - 2,
            head: ENTRIES
        })
    );
}

#[test]
fn an_inserted_entry_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = logged(dir.path());
    // Make room after entry 5 and slip in a copy of entry 1 as entry 6, linked to 5.
    tamper(
        &path,
        "UPDATE audit SET audit_id = -audit_id WHERE audit_id >= 6;
         UPDATE audit SET audit_id = -audit_id + 1 WHERE audit_id < 0;
         INSERT INTO audit (audit_id, at, kind, approval_id, agent_id, agent_role, ticket_id,
                            customer_id, action, proposed, verdict, outcome, message,
                            idempotency_key, system, external_id, prev_hash, hash)
         SELECT 6, at, kind, approval_id, agent_id, agent_role, ticket_id, customer_id, action,
                proposed, verdict, outcome, 'a refund nobody approved', idempotency_key, system,
                external_id, (SELECT hash FROM audit WHERE audit_id = 5), hash
         FROM audit WHERE audit_id = 1;",
    );
    assert_eq!(verify(&path), Err(ChainBreak::Changed(6)));
}

#[test]
fn swapped_entries_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = logged(dir.path());
    tamper(
        &path,
        "UPDATE audit SET audit_id = 100 WHERE audit_id = 3;
         UPDATE audit SET audit_id = 3 WHERE audit_id = 4;
         UPDATE audit SET audit_id = 4 WHERE audit_id = 100;",
    );
    assert_eq!(verify(&path), Err(ChainBreak::Unlinked(3, 2)));
}

#[test]
fn a_head_kept_elsewhere_catches_a_rewritten_log() {
    let dir = tempfile::tempdir().unwrap();
    let path = logged(dir.path());
    let kept = Store::open(&path)
        .unwrap()
        .verify_audit(None)
        .unwrap()
        .unwrap()
        .head;
    // A later entry does not disturb the kept head: it is still in the chain.
    let store = Store::open(&path).unwrap();
    assert!(store.verify_audit(Some(&kept)).unwrap().is_ok());
    // A log rewritten from scratch (every hash recomputed) no longer contains it.
    drop(store);
    let other = tempfile::tempdir().unwrap();
    let forged = logged(other.path());
    tamper(
        &forged,
        "UPDATE audit SET message = 'forged' WHERE audit_id = 1",
    );
    let rewritten = Store::open(&forged).unwrap();
    let found = rewritten.verify_audit(Some(&kept)).unwrap().unwrap_err();
    assert!(
        matches!(found, ChainBreak::Changed(1) | ChainBreak::ExpectedHead(_)),
        "{found}"
    );
}

#[test]
fn entries_from_before_the_chain_are_sealed_on_upgrade() {
    // A database written before the chain existed: its rows have no hashes.
    let dir = tempfile::tempdir().unwrap();
    let path = logged(dir.path());
    tamper(
        &path,
        "UPDATE audit SET prev_hash = NULL, hash = NULL; DELETE FROM audit_head;",
    );
    // Opening seals them, in order, and the log verifies from then on.
    assert_eq!(verify(&path), Ok(ENTRIES));
}
