//! The engine against its labelled tickets, held to the targets of the triage
//! issue: intent accuracy ≥ 0.92, action exact match ≥ 0.85, every R25 trigger
//! escalated, escalation precision ≥ 0.9, and no action the policy refuses shown
//! as allowed. Two sets: the world's dev tickets, and 40 tickets written
//! independently of the engine (`fixtures/holdout-tickets.jsonl`).

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use countersign_core::eval::{self, Gold, Report};
use countersign_domain::Ticket;
use countersign_engine::Engine;
use countersign_store::Store;

fn labelled(text: &str) -> Vec<(Ticket, Gold)> {
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let ticket: Ticket = serde_json::from_str(line).unwrap();
            let gold: Gold = serde_json::from_value(ticket.gold.clone().unwrap()).unwrap();
            (ticket, gold)
        })
        .collect()
}

fn report(text: &str) -> Report {
    let store = Store::in_memory().unwrap();
    eval::evaluate(&store, &Engine::default(), &labelled(text), |_, _| {}).unwrap()
}

fn meets_the_targets(name: &str, report: &Report) {
    let misses: Vec<String> = report
        .misses
        .iter()
        .map(|m| format!("{}: {}", m.ticket_id, m.what.join("; ")))
        .collect();
    let rate = |c: &eval::Counts| c.rate().unwrap_or(0.0);
    assert!(
        rate(&report.intent) >= 0.92,
        "{name}: intent accuracy {:.3}\n{}",
        rate(&report.intent),
        misses.join("\n")
    );
    assert!(
        rate(&report.actions_exact) >= 0.85,
        "{name}: action exact match {:.3}\n{}",
        rate(&report.actions_exact),
        misses.join("\n")
    );
    assert_eq!(
        report.escalation_r25_recall.correct,
        report.escalation_r25_recall.total,
        "{name}: an R25 trigger was not escalated\n{}",
        misses.join("\n")
    );
    assert!(
        report.escalation.precision.unwrap_or(0.0) >= 0.9,
        "{name}: escalation precision {:?}\n{}",
        report.escalation.precision,
        misses.join("\n")
    );
    assert_eq!(
        report.denied_shown_as_allowed, 0,
        "{name}: a refused action shown as allowed"
    );
}

#[test]
fn the_dev_tickets_meet_the_targets() {
    let report = report(include_str!("../../store/world/dev-tickets.jsonl"));
    assert_eq!(report.tickets, 160);
    meets_the_targets("dev-tickets", &report);
}

#[test]
fn the_holdout_tickets_meet_the_targets() {
    let report = report(include_str!("fixtures/holdout-tickets.jsonl"));
    assert_eq!(report.tickets, 40);
    meets_the_targets("holdout-tickets", &report);
}
