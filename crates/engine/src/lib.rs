//! The offline triage engine: from one ticket and the store's records to a
//! proposal (intent, typed actions each judged by the policy, an escalation when a
//! person must take over) and a reply draft. No language model, no network.
//!
//! Ticket text is data: nothing in it is ever executed or obeyed. The engine only
//! *reads* it for facts (who is writing, which order, what they want), and every
//! action it proposes is judged by `countersign-policy` like any other.

mod entities;
mod identify;
mod intent;
pub mod model;
mod reply;
mod risk;

use countersign_domain::*;
use countersign_policy::{Facts, Policy};

pub use entities::Entities;
pub use identify::{Directory, Identification};
pub use intent::classify;
pub use reply::render_reply;
pub use risk::{Risk, RiskSignal};

/// The engine judges every action it proposes by `policy`, and hands off below
/// the policy's confidence threshold (R26).
#[derive(Debug, Clone)]
pub struct Engine {
    policy: Policy,
}

impl Default for Engine {
    /// The engine on the shipped sandbox policy.
    fn default() -> Self {
        Engine::new(Policy::sandbox())
    }
}

/// What triage found, beyond the proposal itself: shown to the agent and used to
/// render the reply again once actions have run.
#[derive(Debug, Clone)]
pub struct Triage {
    pub proposal: Proposal,
    pub context: Option<CustomerContext>,
}

impl Engine {
    pub fn new(policy: Policy) -> Engine {
        Engine { policy }
    }

    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The queue the policy file sends an escalation trigger to.
    fn queue_for(&self, trigger: &str) -> QueueName {
        self.policy
            .config()
            .escalation_queues
            .get(trigger)
            .copied()
            .unwrap_or(QueueName::General)
    }

    /// Triage one ticket. `approver` is the role the verdicts are judged for (the
    /// agent in front of the desk; `agent` for headless runs).
    pub fn triage(
        &self,
        ticket: &Ticket,
        directory: &dyn Directory,
        clock: Timestamp,
        approver: Role,
    ) -> Triage {
        let text = ticket.customer_text();
        let identification = identify::identify(ticket, &text, directory);
        let context = identification
            .customer_id()
            .and_then(|id| directory.context(id));
        let entities = Entities::extract(&text, context.as_ref());
        let risk = risk::assess(ticket, &text);
        let (intent, mut confidence) = classify(&text, &entities, context.as_ref());

        let mut actions = Vec::new();
        let mut refused: Vec<(String, Verdict)> = Vec::new();
        let mut escalate = None;

        if let Some(trigger) = risk.escalation() {
            escalate = Some((self.queue_for(trigger), vec!["R25"]));
        } else if intent == Intent::OutOfScope {
            escalate = Some((self.queue_for("out_of_scope"), vec!["R14", "R25"]));
        } else if let Some(context) = &context {
            let facts = Facts {
                context,
                clock,
                approver,
                approved_today: Amount::ZERO,
                sender_email: ticket.from.email.as_deref(),
            };
            match intent {
                Intent::CancelOrder => match entities.cancel_target(context) {
                    Some(order) => {
                        // R5 names two reasons; without one the reply asks for it.
                        let reason = entities
                            .cancel_reason()
                            .unwrap_or(CancelReason::NoLongerNeeded);
                        let action = Action::CancelOrder {
                            order_id: order.order_id.clone(),
                            reason,
                        };
                        let verdict = self.policy.evaluate(&action, &facts);
                        if verdict.decision == Decision::Denied {
                            refused.push((format!("cancel order {}", order.order_id), verdict));
                        } else if entities.cancel_reason().is_some() {
                            actions.push(ProposedAction { action, verdict });
                        }
                    }
                    None => {
                        confidence = confidence.min(0.4);
                    }
                },
                Intent::OrderStatus => {
                    if entities.status_targets(context).is_empty() {
                        confidence = confidence.min(0.6);
                    }
                }
                Intent::ComplaintOrHuman => {
                    escalate = Some((self.queue_for("human_requested"), vec!["R25"]));
                }
                Intent::GeneralQuestion => {}
                _ => {
                    // Not yet resolved automatically: a person takes it (R14).
                    escalate = Some((self.queue_for("out_of_scope"), vec!["R14"]));
                }
            }
            if escalate.is_none()
                && actions.is_empty()
                && confidence < self.policy.config().confidence_threshold
            {
                escalate = Some((self.queue_for("low_confidence"), vec!["R26"]));
            }
        } else if matches!(intent, Intent::ComplaintOrHuman) {
            escalate = Some((self.queue_for("human_requested"), vec!["R25"]));
        }

        let escalate = escalate.map(|(queue, rules)| {
            // R25: a must-escalate ticket gets the handoff only, no commerce action.
            if rules.contains(&"R25") {
                actions.clear();
            }
            Escalation {
                queue,
                rules: rules.into_iter().map(str::to_owned).collect(),
                summary: reply::handoff_summary(
                    ticket,
                    context.as_ref(),
                    intent,
                    &entities,
                    &risk,
                    &refused,
                ),
            }
        });

        let mut proposal = Proposal {
            ticket_id: ticket.id.clone(),
            customer_id: identification.customer_id().cloned(),
            intent,
            confidence: (confidence * 100.0).round() / 100.0,
            actions,
            escalate,
            reply: String::new(),
        };
        proposal.reply = render_reply(ticket, context.as_ref(), &proposal, &[]);
        Triage { proposal, context }
    }
}
