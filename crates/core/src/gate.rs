//! The single gate every change passes, from the desk, the CLI and (later) a
//! language model alike.
//!
//! One approval runs in three steps:
//! 1. In one write transaction: judge the action by the policy, for this approver,
//!    on the records as they are now (with what the approver already has in flight
//!    counted against their day, R19); refuse, or record the *intent* (who, what,
//!    the verdict and its rules, the proposal it came from) and the approval under
//!    a fresh idempotency key. This commits before anything runs.
//! 2. Carry it out in the system of record under that key, retrying only
//!    transient failures (`countersign_exec::retry`).
//! 3. In a second transaction, record the *outcome*: the result and the system's
//!    reference, or the error.
//!
//! If the app stops between 1 and 3, [`reconcile`] finds the approval on the next
//! start and asks the system, by key, whether it happened. A second approval of
//! the same action while one is open or done is answered with the first: the
//! database allows one open attempt per action.

use std::sync::OnceLock;
use std::time::Duration;

use countersign_domain::*;
use countersign_exec::retry::{self, Attempted, RealPause, RetryPolicy};
use countersign_exec::{ExecError, Executed, SystemOfRecord};
use countersign_policy::{Facts, Policy};
use countersign_store::{ApprovalRecord, NewApproval, NewEntry, Store, StoreError, Writer};

use crate::DeskError;

/// One approval: who approves what, for which customer, from which ticket.
#[derive(Debug, Clone, Copy)]
pub struct Approval<'a> {
    pub agent: &'a Agent,
    pub customer: &'a CustomerId,
    pub action: &'a Action,
    /// The action as the proposal had it, when the approval comes from one (the
    /// audit keeps both, so an agent's edit shows).
    pub proposed: Option<&'a Action>,
    /// The ticket and the index of the action in its proposal, when there is one:
    /// that action then runs at most once.
    pub proposal_action: Option<(&'a TicketId, usize)>,
    /// Who sent the request (R24 compares it with the email on file).
    pub sender_email: Option<&'a str>,
    /// Where the approval comes from, for its idempotency key: the same scope and
    /// action never execute twice.
    pub scope: &'a str,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Decided {
    pub verdict: Verdict,
    pub outcome: Outcome,
    pub message: String,
    /// The entry that records the outcome (or the refusal).
    pub audit_id: i64,
}

/// The sandbox store as the system of record, carrying out actions for `agent`.
pub struct SandboxSystem<'a> {
    store: &'a Store,
    agent: AgentId,
}

impl<'a> SandboxSystem<'a> {
    pub fn new(store: &'a Store, agent: &AgentId) -> SandboxSystem<'a> {
        SandboxSystem {
            store,
            agent: agent.clone(),
        }
    }
}

impl SystemOfRecord for SandboxSystem<'_> {
    fn name(&self) -> &str {
        "sandbox"
    }

    fn execute(
        &self,
        key: &str,
        _customer: &CustomerId,
        action: &Action,
    ) -> Result<Executed, ExecError> {
        match self.store.sandbox_execute(key, action, &self.agent) {
            Ok(Ok((message, reference))) => Ok(Executed {
                message,
                external_id: Some(reference),
            }),
            Ok(Err(reason)) => Err(ExecError::Refused(reason)),
            // Nothing was committed (a busy database, an I/O error): try again.
            Err(error) => Err(ExecError::Transient {
                message: error.to_string(),
                retry_after: None,
            }),
        }
    }

    fn lookup(&self, key: &str) -> Result<Option<Executed>, ExecError> {
        self.store
            .sandbox_lookup(key)
            .map(|found| {
                found.map(|(message, reference)| Executed {
                    message,
                    external_id: Some(reference),
                })
            })
            .map_err(|error| ExecError::Unknown(error.to_string()))
    }
}

/// A pause between the steps of an execution, for the crash test
/// (`COUNTERSIGN_STEP_DELAY_MS`); none in normal use.
fn step_pause() {
    static DELAY: OnceLock<Option<Duration>> = OnceLock::new();
    let delay = DELAY.get_or_init(|| {
        std::env::var("COUNTERSIGN_STEP_DELAY_MS")
            .ok()
            .and_then(|ms| ms.parse().ok())
            .map(Duration::from_millis)
    });
    if let Some(delay) = delay {
        std::thread::sleep(*delay);
    }
}

enum Begun {
    Refused(Decided),
    Already(Box<ApprovalRecord>),
    Recorded {
        verdict: Verdict,
        approval_id: i64,
        key: String,
    },
}

pub fn approve(
    store: &Store,
    policy: &Policy,
    system: &dyn SystemOfRecord,
    retry_policy: &RetryPolicy,
    approval: Approval<'_>,
) -> Result<Decided, DeskError> {
    let base_key = idempotency_key(approval.scope, approval.action);
    let begun = store.write(|w| begin(w, policy, &approval, &base_key))?;
    let (verdict, approval_id, key) = match begun {
        Begun::Refused(decided) => return Ok(decided),
        Begun::Already(open) => return already(store, &open),
        Begun::Recorded {
            verdict,
            approval_id,
            key,
        } => (verdict, approval_id, key),
    };
    step_pause();
    let attempted = retry::run(
        system,
        &key,
        approval.customer,
        approval.action,
        retry_policy,
        &mut RealPause::new(),
    );
    step_pause();
    let (outcome, message, external_id) = match attempted {
        Attempted::Executed {
            executed,
            reconciled,
            ..
        } => {
            let message = if reconciled {
                format!("{} (confirmed by {})", executed.message, system.name())
            } else {
                executed.message
            };
            (Outcome::Executed, message, executed.external_id)
        }
        Attempted::Refused { message, .. } => (Outcome::Refused, message, None),
        Attempted::Failed { message, attempts } => (
            Outcome::Failed,
            format!("{message} (after {attempts} attempts); nothing was changed, you can approve it again"),
            None,
        ),
        Attempted::Unconfirmed { message, .. } => (
            Outcome::Unconfirmed,
            format!("{message}; {} did not confirm whether it ran, and will be asked again", system.name()),
            None,
        ),
    };
    let audit_id = store.write(|w| {
        finish(
            w,
            FinishEntry {
                approval: &approval,
                approval_id,
                verdict: &verdict,
                key: &key,
                system: system.name(),
                outcome,
                message: &message,
                external_id: external_id.as_deref(),
            },
        )
    })?;
    Ok(Decided {
        verdict,
        outcome,
        message,
        audit_id,
    })
}

/// The policy's verdict on `approval` on fresh state, counted as [`approve`]
/// counts it (the approver's day, in-flight approvals included), without
/// recording or running anything: the desk shows it live as an agent edits.
pub fn judge(
    store: &Store,
    policy: &Policy,
    approval: &Approval<'_>,
) -> Result<Verdict, DeskError> {
    store.write(|w| Ok(judge_in(w, policy, approval)?.0))
}

/// The verdict, and the customer's context it was reached on (none for an
/// unknown customer, which is refused).
fn judge_in(
    w: &Writer<'_>,
    policy: &Policy,
    approval: &Approval<'_>,
) -> Result<(Verdict, Option<CustomerContext>), DeskError> {
    let reader = w.reader();
    let Some(context) = reader.customer_context(approval.customer)? else {
        let verdict = Verdict::denied(
            &["R1", "R2"],
            format!("There is no customer {}.", approval.customer),
        );
        return Ok((verdict, None));
    };
    let clock = reader.clock()?;
    // R19 counts the approver's day (UTC), in-flight approvals included.
    let today = chrono::Utc::now()
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc())
        .unwrap_or_else(chrono::Utc::now);
    let verdict = policy.evaluate(
        approval.action,
        &Facts {
            context: &context,
            clock,
            approver: approval.agent.role,
            approved_today: w.value_approved_since(&approval.agent.agent_id, today)?,
            sender_email: approval.sender_email,
        },
    );
    Ok((verdict, Some(context)))
}

fn begin(
    w: &Writer<'_>,
    policy: &Policy,
    approval: &Approval<'_>,
    base_key: &str,
) -> Result<Begun, DeskError> {
    if let Some(open) = w.open_approval(base_key)? {
        return Ok(Begun::Already(Box::new(open)));
    }
    let (verdict, context) = judge_in(w, policy, approval)?;
    let Some(context) = context.filter(|_| verdict.decision == Decision::Allowed) else {
        return Ok(Begun::Refused(refuse(w, approval, verdict)?));
    };
    let attempt = w.attempts(base_key)? + 1;
    let key = format!("{base_key}-{attempt}");
    let approval_id = w.next_approval_id()?;
    let intent_id = w.append(&NewEntry {
        kind: AuditKind::Intent,
        approval_id: Some(approval_id),
        agent: approval.agent,
        ticket_id: approval.proposal_action.map(|(ticket, _)| ticket),
        customer_id: Some(approval.customer),
        action: Some(approval.action),
        proposed: approval.proposed,
        verdict: Some(&verdict),
        outcome: Outcome::Pending,
        message: "approved; about to run",
        idempotency_key: Some(&key),
        system: None,
        external_id: None,
        event: None,
    })?;
    w.insert_approval(&NewApproval {
        approval_id,
        base_key,
        attempt,
        idempotency_key: &key,
        ticket_id: approval.proposal_action.map(|(ticket, _)| ticket),
        action_index: approval.proposal_action.map(|(_, index)| index),
        agent_id: &approval.agent.agent_id,
        customer_id: approval.customer,
        action: approval.action,
        value: value_of(approval.action, &context),
        intent_id,
    })?;
    Ok(Begun::Recorded {
        verdict,
        approval_id,
        key,
    })
}

struct FinishEntry<'a> {
    approval: &'a Approval<'a>,
    approval_id: i64,
    verdict: &'a Verdict,
    key: &'a str,
    system: &'a str,
    outcome: Outcome,
    message: &'a str,
    external_id: Option<&'a str>,
}

fn finish(w: &Writer<'_>, entry: FinishEntry<'_>) -> Result<i64, DeskError> {
    let approval = entry.approval;
    let audit_id = w.append(&NewEntry {
        kind: AuditKind::Outcome,
        approval_id: Some(entry.approval_id),
        agent: approval.agent,
        ticket_id: approval.proposal_action.map(|(ticket, _)| ticket),
        customer_id: Some(approval.customer),
        action: Some(approval.action),
        proposed: approval.proposed,
        verdict: Some(entry.verdict),
        outcome: entry.outcome,
        message: entry.message,
        idempotency_key: Some(entry.key),
        system: Some(entry.system),
        external_id: entry.external_id,
        event: None,
    })?;
    w.finish_approval(entry.approval_id, entry.outcome, audit_id)?;
    if let Some((ticket, index)) = approval.proposal_action {
        w.set_action_outcome(ticket, index, entry.outcome, entry.message, audit_id)?;
    }
    Ok(audit_id)
}

fn refuse(w: &Writer<'_>, approval: &Approval<'_>, verdict: Verdict) -> Result<Decided, DeskError> {
    let message = match verdict.required_role {
        Some(role) if verdict.decision == Decision::NeedsApproval => format!(
            "Needs approval by a {} agent: {}",
            role.as_str(),
            verdict.explanation
        ),
        _ if verdict.rules.is_empty() => {
            format!("{} Nothing was changed.", verdict.explanation)
        }
        _ => format!(
            "{} ({}) Nothing was changed.",
            verdict.explanation,
            verdict.rules.join(", ")
        ),
    };
    let audit_id = w.append(&NewEntry {
        kind: AuditKind::Refusal,
        approval_id: None,
        agent: approval.agent,
        ticket_id: approval.proposal_action.map(|(ticket, _)| ticket),
        customer_id: Some(approval.customer),
        action: Some(approval.action),
        proposed: approval.proposed,
        verdict: Some(&verdict),
        outcome: Outcome::Refused,
        message: &message,
        idempotency_key: None,
        system: None,
        external_id: None,
        event: None,
    })?;
    if let Some((ticket, index)) = approval.proposal_action {
        w.set_action_outcome(ticket, index, Outcome::Refused, &message, audit_id)?;
    }
    Ok(Decided {
        verdict,
        outcome: Outcome::Refused,
        message,
        audit_id,
    })
}

/// The answer to a second approval of an action already approved: what became of
/// the first, and nothing run again.
fn already(store: &Store, open: &ApprovalRecord) -> Result<Decided, DeskError> {
    let intent = store
        .audit_entry(open.intent_id)?
        .ok_or_else(|| StoreError::corrupt("approval", "its intent entry is missing"))?;
    let message = match open.state {
        Outcome::Executed => format!(
            "This action was already carried out (audit entry {}).",
            open.intent_id
        ),
        _ => format!(
            "This action was already approved and is being carried out (audit entry {}).",
            open.intent_id
        ),
    };
    Ok(Decided {
        verdict: intent
            .verdict
            .clone()
            .ok_or_else(|| StoreError::corrupt("approval", "its intent entry has no verdict"))?,
        outcome: Outcome::Refused,
        message,
        audit_id: open.intent_id,
    })
}

/// The money an action moves, counted against the approver's day (R19).
fn value_of(action: &Action, context: &CustomerContext) -> Amount {
    match action {
        Action::Refund { amount, .. } => *amount,
        Action::Reship {
            order_id, item_ids, ..
        } => {
            let Some(order) = context.order(order_id) else {
                return Amount::ZERO;
            };
            let mut remaining: Vec<&OrderItem> = order.items.iter().collect();
            let mut total = Amount::ZERO;
            for id in item_ids {
                if let Some(position) = remaining.iter().position(|i| &i.item_id == id) {
                    total = total + remaining.remove(position).price;
                }
            }
            total
        }
        _ => Amount::ZERO,
    }
}

/// What reconciliation did with one unfinished approval.
#[derive(Debug, Clone, PartialEq)]
pub struct Reconciled {
    pub approval_id: i64,
    pub outcome: Outcome,
    pub message: String,
}

/// How long an approval may stay open before it is reconciled even when the
/// process that started it may still be alive (beyond any retry budget).
const ABANDONED_AFTER: chrono::Duration = chrono::Duration::minutes(10);

/// Completes the audit of approvals whose outcome was never recorded (the app
/// stopped while they ran) or never confirmed: the system is asked, by
/// idempotency key, whether each took effect. Approvals still running in another
/// live process are left to it.
pub fn reconcile<'s>(
    store: &'s Store,
    system_for: &dyn Fn(&AgentId) -> Box<dyn SystemOfRecord + 's>,
) -> Result<Vec<Reconciled>, DeskError> {
    let mut done = Vec::new();
    for open in store.unfinished_approvals()? {
        let age = chrono::Utc::now() - open.created_at;
        if open.owner_pid == std::process::id() && open.state == Outcome::Pending {
            continue;
        }
        if open.state == Outcome::Pending && process_alive(open.owner_pid) && age < ABANDONED_AFTER
        {
            continue;
        }
        let system = system_for(&open.agent_id);
        let (outcome, message, external_id) = match system.lookup(&open.idempotency_key) {
            Ok(Some(executed)) => (
                Outcome::Executed,
                format!(
                    "{} (confirmed by {} after an interruption)",
                    executed.message,
                    system.name()
                ),
                executed.external_id,
            ),
            Ok(None) => (
                Outcome::Failed,
                format!(
                    "Interrupted before it ran: {} has no record of it, so nothing was changed. Approve it again to retry.",
                    system.name()
                ),
                None,
            ),
            Err(error) => {
                tracing::warn!(approval = open.approval_id, %error, "reconciliation deferred");
                continue;
            }
        };
        let Some(intent) = store.audit_entry(open.intent_id)? else {
            return Err(StoreError::corrupt("approval", "its intent entry is missing").into());
        };
        let agent = Agent {
            agent_id: open.agent_id.clone(),
            name: open.agent_id.to_string(),
            role: intent.agent_role,
        };
        let proposed = intent.proposed.clone();
        let approval = Approval {
            agent: &agent,
            customer: &open.customer_id,
            action: &open.action,
            proposed: proposed.as_ref(),
            proposal_action: open.ticket_id.as_ref().zip(open.action_index),
            sender_email: None,
            scope: "",
        };
        let verdict = intent
            .verdict
            .clone()
            .ok_or_else(|| StoreError::corrupt("approval", "its intent entry has no verdict"))?;
        store.write(|w| {
            finish(
                w,
                FinishEntry {
                    approval: &approval,
                    approval_id: open.approval_id,
                    verdict: &verdict,
                    key: &open.idempotency_key,
                    system: system.name(),
                    outcome,
                    message: &message,
                    external_id: external_id.as_deref(),
                },
            )
        })?;
        tracing::info!(
            approval = open.approval_id,
            outcome = outcome.as_str(),
            "approval reconciled"
        );
        done.push(Reconciled {
            approval_id: open.approval_id,
            outcome,
            message,
        });
    }
    Ok(done)
}

/// Whether the process that started an approval is still running (Linux: its
/// /proc entry; elsewhere it is assumed alive until the approval is abandoned).
fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        std::path::Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true
    }
}
