//! Measures the triage engine against labelled tickets (the `gold` of the world's
//! ticket format): intent, customer, actions, escalation, policy safety, and how
//! accuracy varies with the engine's confidence.

use std::collections::BTreeMap;
use std::time::Instant;

use countersign_domain::*;
use countersign_engine::Engine;
use countersign_policy::Facts;
use countersign_store::Store;
use serde::{Deserialize, Serialize};

use crate::StoreDirectory;

/// The label of one ticket, as `dev-tickets.jsonl` writes it.
#[derive(Debug, Clone, Deserialize)]
pub struct Gold {
    pub intent: Intent,
    pub customer_id: Option<CustomerId>,
    #[serde(default)]
    pub actions: Vec<serde_json::Value>,
    pub escalate: Option<GoldEscalation>,
    #[serde(default)]
    pub denied: Vec<GoldDenied>,
    #[serde(default)]
    pub must_mention: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldEscalation {
    pub queue: QueueName,
    pub rules: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldDenied {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub rules: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    pub correct: usize,
    pub total: usize,
}

impl Counts {
    fn add(&mut self, correct: bool) {
        self.total += 1;
        self.correct += usize::from(correct);
    }

    pub fn rate(&self) -> Option<f64> {
        (self.total > 0).then(|| self.correct as f64 / self.total as f64)
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct PrecisionRecall {
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
}

impl PrecisionRecall {
    fn count(&mut self, predicted: bool, actual: bool) {
        match (predicted, actual) {
            (true, true) => self.true_positives += 1,
            (true, false) => self.false_positives += 1,
            (false, true) => self.false_negatives += 1,
            (false, false) => {}
        }
    }

    fn finish(&mut self) {
        let tp = self.true_positives as f64;
        let predicted = self.true_positives + self.false_positives;
        let actual = self.true_positives + self.false_negatives;
        self.precision = (predicted > 0).then(|| tp / predicted as f64);
        self.recall = (actual > 0).then(|| tp / actual as f64);
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Bucket {
    pub from: f64,
    pub to: f64,
    pub intent: Counts,
    /// Intent, customer, actions and escalation all right.
    pub whole_ticket: Counts,
}

/// A ticket the engine got wrong somewhere, for reading.
#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    pub ticket_id: TicketId,
    pub what: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub tickets: usize,
    pub intent: Counts,
    pub per_intent: BTreeMap<String, PrecisionRecall>,
    /// confusion[gold][predicted] = count.
    pub confusion: BTreeMap<String, BTreeMap<String, usize>>,
    pub actions_exact: Counts,
    pub customer: Counts,
    pub escalation: PrecisionRecall,
    pub escalation_per_queue: BTreeMap<String, PrecisionRecall>,
    /// Recall over the tickets whose gold escalation cites R25.
    pub escalation_r25_recall: Counts,
    /// Proposed actions shown as allowed that the policy denies, or that the label
    /// says the policy refuses. Must be 0.
    pub denied_shown_as_allowed: usize,
    pub must_mention: Counts,
    pub by_confidence: Vec<Bucket>,
    pub seconds: f64,
    pub tickets_per_second: f64,
    pub misses: Vec<Miss>,
}

/// (type, target, items, amount): what "the same action" means for the eval.
fn action_key(value: &serde_json::Value) -> String {
    let get = |key: &str| {
        value
            .get(key)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    let target = ["order_id", "subscription_id", "customer_id"]
        .iter()
        .map(|key| get(key))
        .find(|v| !v.is_empty())
        .unwrap_or_default();
    let mut items: Vec<String> = ["item_ids", "new_item_ids"]
        .iter()
        .flat_map(|key| {
            value
                .get(*key)
                .and_then(|v| v.as_array())
                .map(|a| {
                    a.iter()
                        .filter_map(|i| i.as_str().map(str::to_owned))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
        .collect();
    items.sort();
    format!(
        "{} {} [{}] {}",
        get("type"),
        target,
        items.join(","),
        get("amount")
    )
}

fn keys(actions: impl Iterator<Item = serde_json::Value>) -> Vec<String> {
    let mut keys: Vec<String> = actions.map(|a| action_key(&a)).collect();
    keys.sort();
    keys
}

/// Confidence buckets, each from its lower bound up to (not including) the next;
/// the last one includes 1.0.
const BUCKETS: [(f64, f64); 4] = [(0.0, 0.5), (0.5, 0.7), (0.7, 0.85), (0.85, 1.0)];

/// Triages every ticket on the sandbox `store` with `engine` and scores the
/// proposals against their labels. `progress` is told after each ticket.
pub fn evaluate(
    store: &Store,
    engine: &Engine,
    tickets: &[(Ticket, Gold)],
    mut progress: impl FnMut(usize, usize),
) -> Result<Report, countersign_store::StoreError> {
    let clock = store.clock()?;
    let directory = StoreDirectory(store);
    let started = Instant::now();
    let proposals: Vec<(Proposal, Option<CustomerContext>)> = tickets
        .iter()
        .enumerate()
        .map(|(index, (ticket, _))| {
            let triage = engine.triage(ticket, &directory, clock, Role::Agent);
            progress(index + 1, tickets.len());
            (triage.proposal, triage.context)
        })
        .collect();
    let seconds = started.elapsed().as_secs_f64();

    let mut report = Report {
        tickets: tickets.len(),
        intent: Counts::default(),
        per_intent: Intent::ALL
            .iter()
            .map(|i| (i.as_str().to_owned(), PrecisionRecall::default()))
            .collect(),
        confusion: BTreeMap::new(),
        actions_exact: Counts::default(),
        customer: Counts::default(),
        escalation: PrecisionRecall::default(),
        escalation_per_queue: BTreeMap::new(),
        escalation_r25_recall: Counts::default(),
        denied_shown_as_allowed: 0,
        must_mention: Counts::default(),
        by_confidence: BUCKETS
            .iter()
            .map(|(from, to)| Bucket {
                from: *from,
                to: *to,
                intent: Counts::default(),
                whole_ticket: Counts::default(),
            })
            .collect(),
        seconds,
        tickets_per_second: if seconds > 0.0 {
            tickets.len() as f64 / seconds
        } else {
            0.0
        },
        misses: Vec::new(),
    };

    for ((ticket, gold), (proposal, context)) in tickets.iter().zip(&proposals) {
        let mut what = Vec::new();
        let intent_ok = proposal.intent == gold.intent;
        report.intent.add(intent_ok);
        if !intent_ok {
            what.push(format!(
                "intent {} (gold {})",
                proposal.intent.as_str(),
                gold.intent.as_str()
            ));
        }
        for intent in Intent::ALL {
            if let Some(pr) = report.per_intent.get_mut(intent.as_str()) {
                pr.count(proposal.intent == intent, gold.intent == intent);
            }
        }
        *report
            .confusion
            .entry(gold.intent.as_str().to_owned())
            .or_default()
            .entry(proposal.intent.as_str().to_owned())
            .or_default() += 1;

        let customer_ok = proposal.customer_id == gold.customer_id;
        report.customer.add(customer_ok);
        if !customer_ok {
            what.push(format!(
                "customer {:?} (gold {:?})",
                proposal.customer_id.as_ref().map(CustomerId::as_str),
                gold.customer_id.as_ref().map(CustomerId::as_str)
            ));
        }

        let proposed = keys(
            proposal
                .actions
                .iter()
                .filter_map(|a| serde_json::to_value(&a.action).ok()),
        );
        let wanted = keys(gold.actions.iter().cloned());
        let actions_ok = proposed == wanted;
        report.actions_exact.add(actions_ok);
        if !actions_ok {
            what.push(format!("actions {proposed:?} (gold {wanted:?})"));
        }

        let predicted = proposal.escalate.as_ref().map(|e| e.queue);
        let actual = gold.escalate.as_ref().map(|e| e.queue);
        report
            .escalation
            .count(predicted.is_some(), actual.is_some());
        for queue in [
            QueueName::Billing,
            QueueName::TrustSafety,
            QueueName::SeniorSupport,
            QueueName::General,
        ] {
            report
                .escalation_per_queue
                .entry(queue.as_str().to_owned())
                .or_default()
                .count(predicted == Some(queue), actual == Some(queue));
        }
        if let Some(gold_escalation) = &gold.escalate {
            if gold_escalation.rules.iter().any(|r| r == "R25") {
                report.escalation_r25_recall.add(predicted.is_some());
            }
        }
        let escalation_ok = predicted == actual;
        if !escalation_ok {
            what.push(format!(
                "escalate {:?} (gold {:?})",
                predicted.map(QueueName::as_str),
                actual.map(QueueName::as_str)
            ));
        }

        for proposed in &proposal.actions {
            if proposed.verdict.decision != Decision::Allowed {
                continue;
            }
            // The label refuses an action of this type, and this one is not among
            // the actions the label allows.
            let key = serde_json::to_value(&proposed.action)
                .map(|v| action_key(&v))
                .unwrap_or_default();
            let refused_by_label = gold
                .denied
                .iter()
                .any(|d| d.kind == proposed.action.kind().as_str())
                && !wanted.contains(&key);
            let refused_by_policy = context.as_ref().is_some_and(|context| {
                engine
                    .policy()
                    .evaluate(
                        &proposed.action,
                        &Facts {
                            context,
                            clock,
                            approver: Role::Agent,
                            approved_today: Amount::ZERO,
                            sender_email: ticket.from.email.as_deref(),
                        },
                    )
                    .decision
                    == Decision::Denied
            });
            if refused_by_label || refused_by_policy {
                report.denied_shown_as_allowed += 1;
                what.push(format!(
                    "{} shown as allowed but refused",
                    proposed.action.kind().as_str()
                ));
            }
        }

        for needle in &gold.must_mention {
            let present = proposal.reply.contains(needle.as_str());
            report.must_mention.add(present);
            if !present {
                what.push(format!("reply lacks {needle:?}"));
            }
        }

        let whole = intent_ok && customer_ok && actions_ok && escalation_ok;
        if let Some(bucket) = report.by_confidence.iter_mut().find(|b| {
            let c = proposal.confidence;
            c >= b.from && (c < b.to || (b.to >= 1.0 && c <= 1.0))
        }) {
            bucket.intent.add(intent_ok);
            bucket.whole_ticket.add(whole);
        }
        if !what.is_empty() {
            report.misses.push(Miss {
                ticket_id: ticket.id.clone(),
                what,
            });
        }
    }
    for pr in report.per_intent.values_mut() {
        pr.finish();
    }
    for pr in report.escalation_per_queue.values_mut() {
        pr.finish();
    }
    report.escalation.finish();
    Ok(report)
}
