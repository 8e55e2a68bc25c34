//! Remedies for an order the customer has a problem with: return, exchange, money
//! refund or reship. Reads which items the customer means (by product name and
//! options), the variant they want instead, the reason and the amount, then lets
//! the policy choose: each candidate action is judged, and the one the policy
//! prefers among the allowed ones is proposed; the refused ones are kept so the
//! reply can say why.

use std::str::FromStr;
use std::sync::OnceLock;

use countersign_domain::*;
use regex::Regex;

fn word_in(lowered: &str, word: &str) -> bool {
    let word = word.to_lowercase();
    if word.is_empty() {
        return false;
    }
    lowered.match_indices(&word).any(|(start, _)| {
        let before = lowered[..start].chars().next_back();
        let after = lowered[start + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// The product is named: its full name, or its last word ("kettle", "boots"),
/// singular or plural.
pub fn product_named(lowered: &str, name: &str) -> bool {
    let name = name.to_lowercase();
    if lowered.contains(&name) {
        return true;
    }
    let head = name.split_whitespace().last().unwrap_or_default();
    let singular = head.trim_end_matches('s');
    singular.len() > 3 && lowered.contains(singular)
}

/// Every sentence naming the product says it is fine ("the kettle was fine",
/// "the rest was ok"): it is context, not the subject of the request.
fn only_said_fine(lowered: &str, name: &str) -> bool {
    const FINE: &[&str] = &[
        " fine",
        " ok",
        "okay",
        "was there",
        "were there",
        "no problem",
        "all good",
        "perfect",
        "works great",
    ];
    let sentences: Vec<&str> = lowered
        .split(['\n', '.', '!', '?', ';'])
        .filter(|sentence| product_named(sentence, name))
        .collect();
    !sentences.is_empty()
        && sentences
            .iter()
            .all(|sentence| FINE.iter().any(|cue| sentence.contains(cue)))
}

/// How many of the item's option values the text mentions.
fn options_mentioned(lowered: &str, options: &std::collections::BTreeMap<String, String>) -> usize {
    options
        .values()
        .filter(|value| word_in(lowered, value))
        .count()
}

/// The items of `order` the text names; among several of the same product, the
/// ones whose options the text mentions most.
pub fn named_items<'a>(lowered: &str, order: &'a Order) -> Vec<&'a OrderItem> {
    let named: Vec<&OrderItem> = order
        .items
        .iter()
        .filter(|item| product_named(lowered, &item.name) && !only_said_fine(lowered, &item.name))
        .collect();
    let mut chosen: Vec<&OrderItem> = Vec::new();
    let mut names: Vec<&str> = named.iter().map(|item| item.name.as_str()).collect();
    names.dedup();
    for name in names {
        let same: Vec<&&OrderItem> = named.iter().filter(|item| item.name == name).collect();
        let best = same
            .iter()
            .map(|item| options_mentioned(lowered, &item.options))
            .max()
            .unwrap_or(0);
        chosen.extend(
            same.into_iter()
                .filter(|item| options_mentioned(lowered, &item.options) == best)
                .copied(),
        );
    }
    chosen.dedup_by(|a, b| a.item_id == b.item_id);
    chosen
}

/// The variant the customer wants instead of `item`: the current options with
/// each one the text names differently replaced. `None` when the text names no
/// other option value.
pub fn wanted_variant<'a>(
    lowered: &str,
    item: &OrderItem,
    product: &'a Product,
) -> Option<&'a Variant> {
    let mut wanted = item.options.clone();
    let mut changed = false;
    for (key, current) in &item.options {
        let mut values: Vec<&String> = product
            .variants
            .iter()
            .filter_map(|variant| variant.options.get(key))
            .filter(|value| *value != current)
            .collect();
        values.sort();
        values.dedup();
        let mentioned: Vec<&&String> = values
            .iter()
            .filter(|value| word_in(lowered, value))
            .collect();
        // One other value of this option named, and not only as what they have now.
        if let [value] = mentioned.as_slice() {
            wanted.insert(key.clone(), (**value).clone());
            changed = true;
        }
    }
    if !changed {
        return None;
    }
    product
        .variants
        .iter()
        .find(|variant| variant.options == wanted)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    Replacement,
    Money,
    Either,
}

pub fn want(lowered: &str) -> Want {
    let replacement = [
        "replacement",
        "send me a new",
        "send a new",
        "send another",
        "send me another",
        "new one",
        "resend",
        "send the right",
        "send me the right",
        "replace",
    ]
    .iter()
    .any(|cue| lowered.contains(cue));
    let money = [
        "refund",
        "money back",
        "my money",
        "back for it",
        "don't want a replacement",
        "dont want a replacement",
        "don't want another",
        "not want another",
        "$",
    ]
    .iter()
    .any(|cue| lowered.contains(cue));
    let either = [
        "whatever is easier",
        "or refund",
        "or give me my money",
        "either",
    ]
    .iter()
    .any(|cue| lowered.contains(cue));
    match (replacement, money) {
        _ if either => Want::Either,
        (true, false) => Want::Replacement,
        (false, true) => Want::Money,
        (true, true) => {
            // "I don't want a replacement, just the money": the refusal decides.
            if [
                "don't want a replacement",
                "dont want a replacement",
                "don't want another",
                "not want another",
                "no replacement",
            ]
            .iter()
            .any(|cue| lowered.contains(cue))
            {
                Want::Money
            } else {
                Want::Either
            }
        }
        (false, false) => Want::Either,
    }
}

pub fn problem(lowered: &str) -> Option<(RefundReason, ReshipReason)> {
    let has = |cues: &[&str]| cues.iter().any(|cue| lowered.contains(cue));
    if has(&[
        "wrong item",
        "wrong one",
        "instead of",
        "got a different",
        "sent the wrong",
        "not what i ordered",
        "got a soft",
        "instead",
    ]) && has(&["got", "received", "sent", "came"])
        && has(&["wrong", "instead"])
    {
        return Some((RefundReason::Damaged, ReshipReason::WrongItem));
    }
    if has(&[
        "missing",
        "wasn't in the box",
        "was not in the box",
        "not in the box",
        "wasn't in the package",
        "never came",
        "not included",
    ]) {
        return Some((RefundReason::Missing, ReshipReason::Lost));
    }
    if has(&[
        "lost",
        "never showed up",
        "never arrived",
        "hasn't updated",
        "hasnt updated",
    ]) {
        return Some((RefundReason::Late, ReshipReason::Lost));
    }
    if has(&[
        "damaged",
        "broken",
        "cracked",
        "crack",
        "smashed",
        "shattered",
        "dent",
        "crushed",
        "torn",
        "split",
        "bent",
        "leak",
        "warped",
        "scuff",
    ]) {
        return Some((RefundReason::Damaged, ReshipReason::Damaged));
    }
    if has(&[
        "defective",
        "stopped working",
        "doesn't work",
        "does not work",
        "won't connect",
        "wont connect",
        "skips",
        "rattling",
        "hole",
        "broke",
        "faulty",
    ]) {
        return Some((RefundReason::Defective, ReshipReason::Defective));
    }
    if has(&[
        "late",
        "delay",
        "didn't arrive until",
        "arrived after",
        "well after",
        "took too long",
    ]) {
        return Some((RefundReason::Late, ReshipReason::Lost));
    }
    None
}

/// An amount of money the customer asks for ("$30", "30 dollars").
pub fn amount_asked(text: &str) -> Option<Amount> {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    let pattern = PATTERN.get_or_init(|| {
        Regex::new(
            r"\$\s?([0-9][0-9,]*(?:\.[0-9]{1,2})?)|\b([0-9]+(?:\.[0-9]{1,2})?)\s?(?:dollars|usd)\b",
        )
        .expect("valid pattern")
    });
    pattern.captures_iter(text).find_map(|capture| {
        let digits = capture
            .get(1)
            .or_else(|| capture.get(2))?
            .as_str()
            .replace(',', "");
        Amount::from_str(&digits).ok()
    })
}

/// The payment method the money should go to: a gift card when the customer asks
/// for one, else the one they name, else the order's original method.
pub fn refund_method(
    lowered: &str,
    order: &Order,
    context: &CustomerContext,
) -> Option<PaymentMethodId> {
    let original = order
        .transactions
        .iter()
        .find(|t| t.kind == TransactionKind::Payment)
        .map(|t| t.payment_method_id.clone());
    let wants_gift_card = [
        "on my gift card",
        "to my gift card",
        "to the gift card",
        "on the gift card",
        "gift card instead",
        "my gift card instead",
        "put it on my gift",
        "go on my gift",
        "gift card for",
        "gift card is fine",
        "to gift card",
    ]
    .iter()
    .any(|cue| lowered.contains(cue));
    if wants_gift_card {
        let paid_with_card = original
            .as_ref()
            .and_then(|id| context.customer.payment_method(id))
            .filter(|m| m.kind == PaymentKind::GiftCard)
            .map(|m| m.id.clone());
        return paid_with_card.or_else(|| {
            context
                .customer
                .payment_methods
                .iter()
                .find(|m| m.kind == PaymentKind::GiftCard)
                .map(|m| m.id.clone())
        });
    }
    if word_in(lowered, "paypal") {
        if let Some(method) = context
            .customer
            .payment_methods
            .iter()
            .find(|m| m.kind == PaymentKind::Paypal)
        {
            let paid = order
                .transactions
                .iter()
                .any(|t| t.payment_method_id == method.id);
            if paid {
                return Some(method.id.clone());
            }
        }
    }
    original
}

/// The part of the text about one product: the sentences or list entries that
/// name it (a ticket may ask for a return of one thing and a refund of another).
pub fn segment_about(lowered: &str, name: &str) -> String {
    let parts: Vec<&str> = lowered
        .split(['\n', '.', '!', '?', ';'])
        .filter(|part| !part.trim().is_empty())
        .collect();
    let mut about = String::new();
    for (index, part) in parts.iter().enumerate() {
        if product_named(part, name) {
            about.push_str(part);
            about.push(' ');
            // The request often follows in the next sentence ("... arrived cracked.
            // Could you send a new one?").
            if let Some(next) = parts.get(index + 1) {
                about.push_str(next);
                about.push(' ');
            }
        }
    }
    if about.is_empty() {
        lowered.to_owned()
    } else {
        about
    }
}

/// Customer wording for an exchange rather than a return.
pub fn wants_exchange(segment: &str) -> bool {
    [
        "exchange",
        "swap",
        "instead",
        "for a size",
        "in size",
        "for the same",
        "same one in",
        "same boots in",
        "same lamp in",
        "-> ",
        "→",
    ]
    .iter()
    .any(|cue| segment.contains(cue))
}
