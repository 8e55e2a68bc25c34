//! The desk's flows without a window: open a ticket, approve, see the outcome.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use countersign_core::{Desk, ErrorCode, ProposalState};
use countersign_domain::*;
use countersign_store::Store;

fn desk() -> Desk {
    Desk::new(Store::in_memory().unwrap())
}

fn alex() -> AgentId {
    AgentId::new("alex.agent")
}

#[test]
fn a_ticket_shows_its_customer_and_a_judged_proposal() {
    let desk = desk();
    let view = desk.ticket(&TicketId::new("D-0002")).unwrap();
    let context = view.context.expect("the sender is a customer (R1)");
    assert_eq!(context.customer.id.as_str(), "evelyn_moore_6558");
    assert_eq!(view.proposal.intent, Intent::CancelOrder);
    let action = &view.proposal.actions[0];
    assert_eq!(
        action.action,
        Action::CancelOrder {
            order_id: OrderId::new("#W4308578"),
            reason: CancelReason::NoLongerNeeded
        }
    );
    assert_eq!(action.verdict.decision, Decision::Allowed);
    assert_eq!(action.verdict.rules, ["R5"]);
    assert!(view.proposal.reply.contains("#W4308578"));
    assert!(view.outcomes.is_empty());
}

#[test]
fn approving_runs_the_action_records_it_and_rewrites_the_reply() {
    let mut desk = desk();
    let ticket = TicketId::new("D-0002");
    let result = desk.approve(&ticket, 0, &alex(), None).unwrap();
    assert_eq!(result.outcome, Outcome::Executed, "{}", result.message);
    assert!(result
        .view
        .proposal
        .reply
        .contains("I've cancelled order #W4308578"));
    assert_eq!(result.view.outcomes.len(), 1);

    // Recorded before it ran (the intent) and after (the outcome), as one approval.
    let audit = desk.audit(Some(&ticket)).unwrap();
    assert_eq!(audit.len(), 2);
    let (intent, outcome) = (&audit[0], &audit[1]);
    assert_eq!(intent.kind, AuditKind::Intent);
    assert_eq!(intent.outcome, Outcome::Pending);
    assert_eq!(outcome.kind, AuditKind::Outcome);
    assert_eq!(outcome.outcome, Outcome::Executed);
    assert_eq!(outcome.audit_id, result.audit_id);
    assert_eq!(intent.approval_id, outcome.approval_id);
    assert_eq!(intent.idempotency_key, outcome.idempotency_key);
    for entry in &audit {
        assert_eq!(entry.agent_id, alex());
        assert_eq!(entry.verdict.as_ref().unwrap().rules, ["R5"]);
        assert_eq!(entry.proposed, entry.action);
    }
    assert_eq!(outcome.system.as_deref(), Some("sandbox"));
    assert!(outcome.external_id.is_some());
    assert!(desk.store().verify_audit(None).unwrap().is_ok());

    let order = desk
        .store()
        .order(&OrderId::new("#W4308578"))
        .unwrap()
        .unwrap();
    assert_eq!(order.status, OrderStatus::Cancelled);

    let summary = desk
        .queue(None)
        .unwrap()
        .into_iter()
        .find(|s| s.id == ticket)
        .unwrap();
    assert_eq!(summary.state, ProposalState::Done);
    // Open until the reply telling the customer is sent.
    assert_eq!(summary.status, TicketStatus::Open);
}

#[test]
fn a_second_approval_does_not_run_again() {
    let mut desk = desk();
    let ticket = TicketId::new("D-0002");
    desk.approve(&ticket, 0, &alex(), None).unwrap();
    let again = desk.approve(&ticket, 0, &alex(), None).unwrap();
    assert_eq!(again.outcome, Outcome::Refused);
    let order = desk
        .store()
        .order(&OrderId::new("#W4308578"))
        .unwrap()
        .unwrap();
    assert_eq!(order.refunded(), order.paid(), "refunded once, not twice");
}

#[test]
fn approval_is_judged_on_fresh_state_r5() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sandbox.db");
    let mut desk = Desk::open(&path).unwrap();
    let ticket = TicketId::new("D-0002");
    // The proposal is shown while the order is pending...
    let view = desk.ticket(&ticket).unwrap();
    assert_eq!(view.proposal.actions[0].verdict.decision, Decision::Allowed);
    // ... then someone else, on the same database, cancels it first.
    let elsewhere = Store::open(&path).unwrap();
    let agent = desk.agents().unwrap()[0].clone();
    let other = countersign_core::gate::approve(
        &elsewhere,
        &countersign_policy::Policy::sandbox(),
        &countersign_core::gate::SandboxSystem::new(&elsewhere, &agent.agent_id),
        &countersign_exec::retry::RetryPolicy::default(),
        countersign_core::gate::Approval {
            agent: &agent,
            customer: view.proposal.customer_id.as_ref().unwrap(),
            action: &view.proposal.actions[0].action,
            proposed: None,
            proposal_action: None,
            sender_email: None,
            scope: "another desk's approval",
        },
    )
    .unwrap();
    assert_eq!(other.outcome, Outcome::Executed);

    let result = desk.approve(&ticket, 0, &alex(), None).unwrap();
    assert_eq!(result.outcome, Outcome::Refused);
    assert!(
        result.message.contains("is cancelled"),
        "{}",
        result.message
    );
    let audit = desk.audit(Some(&ticket)).unwrap();
    assert_eq!(audit.last().unwrap().outcome, Outcome::Refused);
    let order = desk
        .store()
        .order(&OrderId::new("#W4308578"))
        .unwrap()
        .unwrap();
    assert_eq!(order.refunded(), order.paid(), "refunded once, not twice");
}

#[test]
fn unknown_agents_tickets_and_actions_are_clear_errors() {
    let mut desk = desk();
    let error = desk
        .approve(&TicketId::new("D-0002"), 0, &AgentId::new("mallory"), None)
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound);
    let error = desk.ticket(&TicketId::new("D-9999")).unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound);
    let error = desk
        .approve(&TicketId::new("D-0002"), 7, &alex(), None)
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
}

#[test]
fn escalated_tickets_are_marked_in_the_queue() {
    let desk = desk();
    let queue = desk.queue(None).unwrap();
    assert_eq!(queue.len(), 160);
    // D-0058 threatens small-claims court: billing handoff (R25).
    let legal = queue.iter().find(|s| s.id.as_str() == "D-0058").unwrap();
    assert_eq!(legal.state, ProposalState::Escalated);
    let view = desk.ticket(&legal.id).unwrap();
    let escalation = view.proposal.escalate.unwrap();
    assert_eq!(escalation.queue, QueueName::Billing);
    assert_eq!(escalation.rules, ["R25"]);
    assert!(view.proposal.actions.is_empty());
    assert!(escalation.summary.contains("Suggested next step"));
}

#[test]
fn an_invalid_policy_file_is_refused_and_the_last_valid_one_stays() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk();
    // A stricter but valid policy: agents may approve refunds up to 50.00 only.
    let stricter = countersign_policy::SANDBOX_POLICY.replacen(
        "per_action = \"100.00\"",
        "per_action = \"50.00\"",
        1,
    );
    let good = dir.path().join("good.toml");
    std::fs::write(&good, &stricter).unwrap();
    desk.load_policy_file(&good).unwrap();
    let status = desk.policy_status();
    assert_eq!(status.source, good.display().to_string());
    assert_eq!(status.problem, None);
    assert_eq!(status.rules, 27);

    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        stricter.replacen("max_goodwill = 2", "max_goodwill = \"two\"", 1),
    )
    .unwrap();
    let error = desk.load_policy_file(&bad).unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(
        error.message.contains("stays in force"),
        "{}",
        error.message
    );
    let status = desk.policy_status();
    assert_eq!(
        status.source,
        good.display().to_string(),
        "the last valid policy stays"
    );
    let problem = status.problem.unwrap();
    let expected_line = stricter
        .lines()
        .position(|l| l.starts_with("max_goodwill"))
        .unwrap()
        + 1;
    assert_eq!(problem.line, Some(expected_line as u32));
    assert_eq!(problem.path, bad.display().to_string());
}

#[test]
fn escalation_queues_come_from_the_policy_file_r25() {
    // D-0058 threatens small-claims court: billing under the shipped policy...
    let shipped = desk();
    let view = shipped.ticket(&TicketId::new("D-0058")).unwrap();
    assert_eq!(view.proposal.escalate.unwrap().queue, QueueName::Billing);
    // ... and wherever a support lead's policy sends legal threats.
    let edited = countersign_policy::SANDBOX_POLICY.replacen(
        "legal_threat = \"billing\"",
        "legal_threat = \"trust_safety\"",
        1,
    );
    let config = countersign_policy::PolicyConfig::parse(&edited).unwrap();
    let desk = Desk::with_policy(
        Store::in_memory().unwrap(),
        countersign_policy::Policy::new(config),
        "edited",
    );
    let view = desk.ticket(&TicketId::new("D-0058")).unwrap();
    let escalation = view.proposal.escalate.unwrap();
    assert_eq!(escalation.queue, QueueName::TrustSafety);
    assert_eq!(escalation.rules, ["R25"]);
}

/// A system that never answers: every call may or may not have happened.
struct Silent;

impl countersign_exec::SystemOfRecord for Silent {
    fn name(&self) -> &str {
        "silent"
    }

    fn execute(
        &self,
        _key: &str,
        _customer: &CustomerId,
        _action: &Action,
    ) -> Result<countersign_exec::Executed, countersign_exec::ExecError> {
        Err(countersign_exec::ExecError::Unknown("no answer".into()))
    }

    fn lookup(
        &self,
        _key: &str,
    ) -> Result<Option<countersign_exec::Executed>, countersign_exec::ExecError> {
        Err(countersign_exec::ExecError::Unknown("no answer".into()))
    }
}

#[test]
fn an_unconfirmed_approval_is_shown_held_and_settled_on_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sandbox.db");
    let desk = Desk::open(&path).unwrap();
    let ticket = TicketId::new("D-0002");
    let view = desk.ticket(&ticket).unwrap();
    let agent = desk.agents().unwrap()[0].clone();
    let proposed = &view.proposal.actions[0].action;
    let scope = "ticket D-0002 proposal action 0";
    let decided = countersign_core::gate::approve(
        desk.store(),
        &countersign_policy::Policy::sandbox(),
        &Silent,
        &countersign_exec::retry::RetryPolicy {
            max_attempts: 2,
            base_delay: std::time::Duration::from_millis(1),
            max_delay: std::time::Duration::from_millis(2),
            total_budget: std::time::Duration::from_millis(50),
        },
        countersign_core::gate::Approval {
            agent: &agent,
            customer: view.proposal.customer_id.as_ref().unwrap(),
            action: proposed,
            proposed: Some(proposed),
            proposal_action: Some((&ticket, 0)),
            sender_email: None,
            scope,
        },
    )
    .unwrap();
    assert_eq!(decided.outcome, Outcome::Unconfirmed);

    // The desk shows it as unconfirmed, and a second approval does not run it.
    let view = desk.ticket(&ticket).unwrap();
    assert!(view
        .outcomes
        .iter()
        .any(|o| o.action_index == 0 && o.outcome == Outcome::Unconfirmed));

    // On the next start the sandbox is asked: it never ran, so it is failed,
    // nothing changed, and it can be approved again.
    drop(desk);
    let mut desk = Desk::open(&path).unwrap();
    let view = desk.ticket(&ticket).unwrap();
    let last = view
        .outcomes
        .iter()
        .rev()
        .find(|o| o.action_index == 0)
        .unwrap();
    assert_eq!(last.outcome, Outcome::Failed, "{}", last.message);
    let order = desk
        .store()
        .order(&OrderId::new("#W4308578"))
        .unwrap()
        .unwrap();
    assert_eq!(order.status, OrderStatus::Pending, "nothing ran");
    let again = desk.approve(&ticket, 0, &alex(), None).unwrap();
    assert_eq!(again.outcome, Outcome::Executed, "{}", again.message);
    assert!(desk.store().verify_audit(None).unwrap().is_ok());
}

#[test]
fn an_edited_reply_is_kept_across_restarts_until_discarded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sandbox.db");
    let ticket = TicketId::new("D-0002");
    {
        let desk = Desk::open(&path).unwrap();
        assert_eq!(desk.ticket(&ticket).unwrap().draft, None);
        desk.save_draft(&ticket, "Hi Evelyn, edited by hand.")
            .unwrap();
    }
    let desk = Desk::open(&path).unwrap();
    let view = desk.ticket(&ticket).unwrap();
    assert_eq!(view.draft.as_deref(), Some("Hi Evelyn, edited by hand."));
    assert_ne!(
        view.proposal.reply, "Hi Evelyn, edited by hand.",
        "the engine's draft is kept apart"
    );
    desk.discard_draft(&ticket).unwrap();
    assert_eq!(desk.ticket(&ticket).unwrap().draft, None);
    // An empty text is no draft; an unknown ticket is a clear error.
    desk.save_draft(&ticket, "  ").unwrap();
    assert_eq!(desk.ticket(&ticket).unwrap().draft, None);
    let error = desk.save_draft(&TicketId::new("nope"), "x").unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound);
}
