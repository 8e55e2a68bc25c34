//! The desk's work on the ticket itself: edited approvals judged live, replies and
//! notes sent with their edits on record, and handoffs routed to a queue.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use countersign_core::{Desk, ErrorCode, RouteTicket, SendReply};
use countersign_domain::*;
use countersign_store::Store;

fn desk() -> Desk {
    Desk::new(Store::in_memory().unwrap())
}

fn alex() -> AgentId {
    AgentId::new("alex.agent")
}

fn sam() -> AgentId {
    AgentId::new("sam.senior")
}

/// D-0008: a refund of 15.00 on #W3504981, allowed for an agent.
const REFUND_TICKET: &str = "D-0008";
/// D-0017: escalated to senior support, nothing to approve.
const ESCALATED_TICKET: &str = "D-0017";

fn refund_with(desk: &Desk, amount: &str) -> Action {
    let view = desk.ticket(&TicketId::new(REFUND_TICKET)).unwrap();
    let mut action = view.proposal.actions[0].action.clone();
    let Action::Refund { amount: a, .. } = &mut action else {
        panic!("{REFUND_TICKET} proposes a refund first: {action:?}");
    };
    *a = amount.parse().unwrap();
    action
}

fn reply(
    ticket: &str,
    text: &str,
    visibility: ReplyVisibility,
    status: Option<TicketStatus>,
) -> SendReply {
    SendReply {
        ticket_id: TicketId::new(ticket),
        agent_id: alex(),
        text: text.to_owned(),
        visibility,
        status,
    }
}

#[test]
fn an_edited_amount_is_judged_live_and_nothing_is_recorded() {
    let desk = desk();
    let ticket = TicketId::new(REFUND_TICKET);
    let smaller = desk
        .judge(&ticket, 0, &alex(), &refund_with(&desk, "10.00"))
        .unwrap();
    assert_eq!(
        smaller.decision,
        Decision::Allowed,
        "{}",
        smaller.explanation
    );
    let larger = desk
        .judge(&ticket, 0, &alex(), &refund_with(&desk, "9999.00"))
        .unwrap();
    assert_eq!(larger.decision, Decision::Denied, "{}", larger.explanation);
    assert!(!larger.rules.is_empty());
    assert!(
        desk.audit(None).unwrap().is_empty(),
        "judging records nothing"
    );
}

#[test]
fn an_edit_cannot_change_what_the_action_is_or_acts_on() {
    let desk = desk();
    let ticket = TicketId::new(REFUND_TICKET);
    let mut elsewhere = refund_with(&desk, "10.00");
    if let Action::Refund { order_id, .. } = &mut elsewhere {
        *order_id = OrderId::new("#W0000000");
    }
    let error = desk.judge(&ticket, 0, &alex(), &elsewhere).unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    let other_kind = Action::Reship {
        order_id: OrderId::new("#W3504981"),
        item_ids: vec![],
        reason: ReshipReason::Lost,
    };
    let error = desk.judge(&ticket, 0, &alex(), &other_kind).unwrap_err();
    assert!(
        error.message.contains("cannot turn a refund"),
        "{}",
        error.message
    );
}

#[test]
fn an_approved_edit_runs_as_edited_and_the_audit_keeps_both_versions() {
    let mut desk = desk();
    let ticket = TicketId::new(REFUND_TICKET);
    let edited = refund_with(&desk, "10.00");
    let result = desk.approve(&ticket, 0, &alex(), Some(&edited)).unwrap();
    assert_eq!(result.outcome, Outcome::Executed, "{}", result.message);
    let audit = desk.audit(Some(&ticket)).unwrap();
    let intent = audit.iter().find(|e| e.kind == AuditKind::Intent).unwrap();
    assert_eq!(intent.action.as_ref(), Some(&edited));
    let proposed = intent.proposed.as_ref().unwrap();
    assert!(matches!(proposed, Action::Refund { amount, .. } if amount.to_string() == "15.00"));
    let context = desk
        .store()
        .customer_context(result.view.proposal.customer_id.as_ref().unwrap())
        .unwrap()
        .unwrap();
    let order = context.order(&OrderId::new("#W3504981")).unwrap();
    assert_eq!(
        order.refunded().to_string(),
        "10.00",
        "the edited amount, not the proposed one"
    );
}

#[test]
fn an_edit_the_policy_refuses_does_not_run() {
    let mut desk = desk();
    let ticket = TicketId::new(REFUND_TICKET);
    let result = desk
        .approve(&ticket, 0, &alex(), Some(&refund_with(&desk, "9999.00")))
        .unwrap();
    assert_eq!(result.outcome, Outcome::Refused);
    let audit = desk.audit(Some(&ticket)).unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].kind, AuditKind::Refusal);
}

#[test]
fn a_public_reply_is_added_solves_the_ticket_clears_the_draft_and_keeps_the_edit() {
    let mut desk = desk();
    let ticket = TicketId::new(REFUND_TICKET);
    desk.approve(&ticket, 0, &alex(), None).unwrap();
    let drafted = desk.ticket(&ticket).unwrap().proposal.reply;
    desk.save_draft(&ticket, "Hello, edited.").unwrap();
    let sent = format!("{drafted}\n\nP.S. Sorry for the wait.");
    let view = desk
        .send_reply(&reply(
            REFUND_TICKET,
            &sent,
            ReplyVisibility::Public,
            Some(TicketStatus::Solved),
        ))
        .unwrap();
    assert_eq!(view.ticket.status, TicketStatus::Solved);
    let last = view.ticket.messages.last().unwrap();
    assert_eq!(last.author, Author::Agent);
    assert!(!last.internal);
    assert_eq!(last.body, sent.trim());
    assert_eq!(view.draft, None, "the sent draft is cleared");

    let entry = desk.audit(Some(&ticket)).unwrap().pop().unwrap();
    assert_eq!(entry.kind, AuditKind::Reply);
    assert_eq!(entry.action, None);
    assert_eq!(entry.verdict, None);
    let Some(DeskEvent::Reply {
        visibility,
        drafted: on_record,
        sent: sent_on_record,
        status,
    }) = entry.event
    else {
        panic!("a reply entry carries its event: {entry:?}");
    };
    assert_eq!(visibility, ReplyVisibility::Public);
    assert_eq!(status, TicketStatus::Solved);
    assert_eq!(on_record, drafted, "the engine's draft is on record");
    assert_eq!(
        sent_on_record,
        sent.trim(),
        "and beside it what the agent sent"
    );
    assert!(desk.store().verify_audit(None).unwrap().is_ok());
}

#[test]
fn an_internal_note_is_marked_keeps_the_status_and_the_draft() {
    let desk = desk();
    let ticket = TicketId::new(REFUND_TICKET);
    desk.save_draft(&ticket, "Draft in progress").unwrap();
    let view = desk
        .send_reply(&reply(
            REFUND_TICKET,
            "Checked with the warehouse.",
            ReplyVisibility::Internal,
            None,
        ))
        .unwrap();
    assert_eq!(view.ticket.status, TicketStatus::Open);
    assert!(view.ticket.messages.last().unwrap().internal);
    assert_eq!(view.draft.as_deref(), Some("Draft in progress"));
}

#[test]
fn empty_replies_and_replies_that_escalate_are_refused() {
    let desk = desk();
    let error = desk
        .send_reply(&reply(
            REFUND_TICKET,
            "   \n",
            ReplyVisibility::Public,
            None,
        ))
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    let error = desk
        .send_reply(&reply(
            REFUND_TICKET,
            "Hi",
            ReplyVisibility::Public,
            Some(TicketStatus::Escalated),
        ))
        .unwrap_err();
    assert!(error.message.contains("route it"), "{}", error.message);
    let error = desk
        .send_reply(&reply("D-9999", "Hi", ReplyVisibility::Public, None))
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound);
    assert!(desk.audit(None).unwrap().is_empty());
}

#[test]
fn a_routed_ticket_leaves_the_agents_queue_and_heads_the_queues_of_those_who_work_it() {
    let desk = desk();
    let ticket = TicketId::new(ESCALATED_TICKET);
    let proposed = desk.ticket(&ticket).unwrap().proposal.escalate.unwrap();
    assert_eq!(proposed.queue, QueueName::SeniorSupport);
    assert!(desk
        .queue(Some(&alex()))
        .unwrap()
        .iter()
        .any(|t| t.id == ticket));

    let summary = format!("{}\nCalled twice already.", proposed.summary);
    let view = desk
        .route_ticket(&RouteTicket {
            ticket_id: ticket.clone(),
            agent_id: alex(),
            queue: QueueName::SeniorSupport,
            summary: summary.clone(),
        })
        .unwrap();
    assert_eq!(view.ticket.status, TicketStatus::Escalated);
    assert_eq!(view.ticket.queue, Some(QueueName::SeniorSupport));
    let note = view.ticket.messages.last().unwrap();
    assert!(note.internal && note.body.contains("Called twice already."));

    assert!(
        !desk
            .queue(Some(&alex()))
            .unwrap()
            .iter()
            .any(|t| t.id == ticket),
        "gone from the agent's queue"
    );
    let senior = desk.queue(Some(&sam())).unwrap();
    assert_eq!(senior[0].id, ticket, "first in the senior's queue");
    assert!(senior[0].for_you);
    assert!(!senior[1].for_you);
    assert!(!desk
        .queue(Some(&AgentId::new("fran.finance")))
        .unwrap()
        .iter()
        .any(|t| t.id == ticket));

    let entry = desk.audit(Some(&ticket)).unwrap().pop().unwrap();
    assert_eq!(entry.kind, AuditKind::Handoff);
    assert_eq!(
        entry.event,
        Some(DeskEvent::Handoff {
            queue: QueueName::SeniorSupport,
            proposed_queue: Some(QueueName::SeniorSupport),
            summary: summary.trim().to_owned(),
            proposed_summary: Some(proposed.summary),
        })
    );
    assert!(desk.store().verify_audit(None).unwrap().is_ok());
}

#[test]
fn a_handoff_needs_a_summary_and_an_open_ticket() {
    let desk = desk();
    let route = |summary: &str| RouteTicket {
        ticket_id: TicketId::new(ESCALATED_TICKET),
        agent_id: alex(),
        queue: QueueName::General,
        summary: summary.to_owned(),
    };
    assert_eq!(
        desk.route_ticket(&route(" ")).unwrap_err().code,
        ErrorCode::InvalidInput
    );
    desk.send_reply(&reply(
        ESCALATED_TICKET,
        "Done.",
        ReplyVisibility::Public,
        Some(TicketStatus::Solved),
    ))
    .unwrap();
    let error = desk.route_ticket(&route("Please look")).unwrap_err();
    assert!(error.message.contains("solved"), "{}", error.message);
}

#[test]
fn a_note_on_a_routed_ticket_keeps_it_escalated() {
    let desk = desk();
    desk.route_ticket(&RouteTicket {
        ticket_id: TicketId::new(ESCALATED_TICKET),
        agent_id: alex(),
        queue: QueueName::SeniorSupport,
        summary: "Wants a person.".to_owned(),
    })
    .unwrap();
    let view = desk
        .send_reply(&reply(
            ESCALATED_TICKET,
            "Called, no answer.",
            ReplyVisibility::Internal,
            None,
        ))
        .unwrap();
    assert_eq!(view.ticket.status, TicketStatus::Escalated);
    assert_eq!(view.ticket.queue, Some(QueueName::SeniorSupport));
}

#[test]
fn an_unknown_agent_cannot_list_a_queue() {
    let error = desk().queue(Some(&AgentId::new("mallory"))).unwrap_err();
    assert_eq!(error.code, ErrorCode::NotFound);
}
