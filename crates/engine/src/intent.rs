//! Intent classification by cues in the customer's words, with the customer's
//! records as context.

use countersign_domain::*;

use crate::entities::Entities;
use crate::model::IntentModel;

const CUES: &[(Intent, &[&str])] = &[
    (
        // Bought elsewhere: no action of this store can serve it (R14).
        Intent::OutOfScope,
        &[
            "bought at",
            "bought it at",
            "from amazon",
            "on amazon",
            "best buy",
            "walmart",
            "ebay",
            "costco",
            "not from you",
            "another store",
            "other store",
            "office store",
        ],
    ),
    (
        Intent::SubscriptionChange,
        &[
            "subscription",
            "coffee club",
            "pet pantry",
            "sock drawer",
            "my plan",
            "renewal",
            "skip the next",
            "pause my",
        ],
    ),
    (Intent::CancelOrder, &["cancel"]),
    (
        Intent::DamagedOrWrongItem,
        &[
            "damaged",
            "broken",
            "cracked",
            "shattered",
            "dented",
            "wrong item",
            "wrong color",
            "wrong size",
            "defective",
            "arrived broken",
        ],
    ),
    (
        Intent::ReturnOrExchange,
        &["return", "exchange", "swap", "send it back", "send back"],
    ),
    (
        Intent::RefundRequest,
        &["refund", "money back", "reimburse", "compensat", "credit"],
    ),
    (
        Intent::BillingIssue,
        &[
            "charged twice",
            "double charge",
            "charged me twice",
            "invoice",
            "receipt",
            "unknown charge",
            "charge on my",
        ],
    ),
    (
        Intent::AccountChange,
        &[
            "email on my account",
            "email address on my account",
            "password",
            "log in",
            "login",
            "address on file",
            "default address",
            "my address to",
            "delete my account",
        ],
    ),
    (
        Intent::ChangeOrder,
        &[
            "change the address",
            "ship it to",
            "instead of",
            "change my order",
            "shipping address",
            "different size",
            "change the color",
        ],
    ),
    (
        Intent::OrderStatus,
        &[
            "where is",
            "where's",
            "status",
            "tracking",
            "shipped",
            "ships",
            "arrive",
            "delivery",
            "on its way",
            "not here",
            "hasn't arrived",
            "still not",
        ],
    ),
    (
        Intent::ComplaintOrHuman,
        &[
            "real person",
            "human",
            "manager",
            "supervisor",
            "complain",
            "unacceptable",
        ],
    ),
    (
        Intent::GeneralQuestion,
        &[
            "do you have",
            "do you sell",
            "in stock",
            "what plans",
            "how much",
            "which of your",
            "policy",
            "do you ship",
        ],
    ),
];

/// The best intent and a confidence in it. Confidence falls when cues for several
/// intents compete and when the ticket names no order of the customer's.
/// The trained model decides only when no cue speaks and it is this sure: its
/// training utterances are short chat lines, not the e-mails of a support queue,
/// and `countersign eval` shows it is a weaker guide than the cues when both speak.
const MODEL_ALONE_MIN_PROBABILITY: f64 = 0.7;

pub fn classify(
    text: &str,
    entities: &Entities,
    context: Option<&CustomerContext>,
) -> (Intent, f64) {
    let lowered = text.to_lowercase();
    let mut scores: Vec<(Intent, usize)> = CUES
        .iter()
        .map(|(intent, cues)| {
            let hits = cues.iter().filter(|cue| lowered.contains(*cue)).count();
            (*intent, hits)
        })
        .filter(|(_, hits)| *hits > 0)
        .collect();
    // CUES is in priority order: a stable sort keeps it for ties.
    scores.sort_by_key(|score| std::cmp::Reverse(score.1));
    let Some(&(best, best_hits)) = scores.first() else {
        let commerce = context.is_some() || !entities.order_ids.is_empty();
        if let Some(&(intent, probability)) = IntentModel::shipped().predict(text).first() {
            // Unknown senders without cues are most often not customers at all
            // (R14/R25 out of scope); the model only speaks for customers.
            if commerce && probability >= MODEL_ALONE_MIN_PROBABILITY {
                // Without a cue or an order named, even a sure model stays under
                // the hand-off threshold: a person looks (R26).
                let named =
                    !entities.order_ids.is_empty() || !entities.orders_by_product.is_empty();
                return (
                    intent,
                    0.2 + 0.3 * probability + if named { 0.2 } else { 0.0 },
                );
            }
        }
        return if commerce {
            (Intent::GeneralQuestion, 0.35)
        } else {
            (Intent::OutOfScope, 0.6)
        };
    };
    let runner_up = scores.get(1).map_or(0, |(_, hits)| *hits);
    let mut confidence: f64 = match best_hits.saturating_sub(runner_up) {
        0 => 0.6,
        1 => 0.75,
        _ => 0.85,
    };
    if !entities.order_ids.is_empty() || !entities.orders_by_product.is_empty() {
        confidence += 0.1;
    }
    (best, confidence.min(0.95))
}
