//! The single gate every change passes, from the desk, the CLI and (later) a
//! language model alike: judge the action by the policy, for this approver, on
//! the records as they are now; run it only when allowed; record every attempt.

use countersign_domain::*;
use countersign_policy::{Facts, Policy};
use countersign_store::{NewAuditEntry, Store};

use crate::DeskError;

/// One approval: who approves what, for which customer, from which ticket.
#[derive(Debug, Clone, Copy)]
pub struct Approval<'a> {
    pub agent: &'a Agent,
    pub customer: &'a CustomerId,
    pub action: &'a Action,
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
    pub audit_id: i64,
}

pub fn approve(
    store: &mut Store,
    policy: &Policy,
    approval: Approval<'_>,
) -> Result<Decided, DeskError> {
    let Some(context) = store.customer_context(approval.customer)? else {
        let verdict = Verdict::denied(
            &["R1", "R2"],
            format!("There is no customer {}.", approval.customer),
        );
        return refuse(store, approval, verdict);
    };
    let verdict = policy.evaluate(
        approval.action,
        &Facts {
            context: &context,
            clock: store.clock()?,
            approver: approval.agent.role,
            approved_today: approved_today(store, &approval.agent.agent_id)?,
            sender_email: approval.sender_email,
        },
    );
    if verdict.decision != Decision::Allowed {
        return refuse(store, approval, verdict);
    }
    let entry = entry(approval, verdict.clone());
    let (outcome, message, audit_id) = store.execute_approved(&entry, approval.proposal_action)?;
    Ok(Decided {
        verdict,
        outcome,
        message,
        audit_id,
    })
}

fn entry(approval: Approval<'_>, verdict: Verdict) -> NewAuditEntry {
    NewAuditEntry {
        agent: approval.agent.clone(),
        ticket_id: approval.proposal_action.map(|(ticket, _)| ticket.clone()),
        customer_id: Some(approval.customer.clone()),
        action: approval.action.clone(),
        verdict,
        idempotency_key: idempotency_key(approval.scope, approval.action),
    }
}

fn refuse(
    store: &mut Store,
    approval: Approval<'_>,
    verdict: Verdict,
) -> Result<Decided, DeskError> {
    let message = match verdict.required_role {
        Some(role) if verdict.decision == Decision::NeedsApproval => format!(
            "Needs approval by a {} agent: {}",
            role.as_str(),
            verdict.explanation
        ),
        _ => verdict.explanation.clone(),
    };
    let audit_id = store.record_refusal(
        &entry(approval, verdict.clone()),
        approval.proposal_action,
        &message,
    )?;
    Ok(Decided {
        verdict,
        outcome: Outcome::Refused,
        message,
        audit_id,
    })
}

/// R19: the refunds and reships `agent` already approved today (UTC), by value.
pub fn approved_today(store: &Store, agent: &AgentId) -> Result<Amount, DeskError> {
    let today = chrono::Utc::now().date_naive();
    let mut total = Amount::ZERO;
    for entry in store.audit_entries(None)? {
        if &entry.agent_id != agent
            || entry.outcome != Outcome::Executed
            || entry.at.date_naive() != today
        {
            continue;
        }
        match &entry.action {
            Action::Refund { amount, .. } => total = total + *amount,
            Action::Reship {
                order_id, item_ids, ..
            } => {
                if let Some(order) = store.order(order_id)? {
                    let mut remaining: Vec<&OrderItem> = order.items.iter().collect();
                    for id in item_ids {
                        if let Some(position) = remaining.iter().position(|i| &i.item_id == id) {
                            total = total + remaining.remove(position).price;
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(total)
}
