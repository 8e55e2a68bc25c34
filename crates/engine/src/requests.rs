//! Reading account, order-detail and subscription requests: new addresses and
//! emails, payment methods named by kind or last four digits, the subscription
//! and plan a customer means, and what they want done with it.

use std::sync::OnceLock;

use countersign_domain::*;
use regex::Regex;

/// A US postal address written in the text ("747 Pine Lane, Suite 604, San
/// Diego, CA 92106"): the first one not introduced as the old one.
pub fn address(text: &str) -> Option<Address> {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    let pattern = PATTERN.get_or_init(|| {
        Regex::new(
            r"(?x)
            (?P<street>\b\d{1,6}\s+[A-Z][A-Za-z]*(?:\s+[A-Z][A-Za-z]*)*\s+
               (?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Court|Ct|Place|Pl|Parkway|Terrace|Broadway)\b\.?)
            (?:[,\s]+(?P<unit>(?:Suite|Apt|Apartment|Unit)\s*\#?\s*[A-Za-z0-9-]+))?
            [,\s]+(?P<city>[A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*)*?)
            [,\s]+(?P<state>[A-Z]{2})
            [,\s]+(?P<zip>\d{5})\b",
        )
        .expect("valid pattern")
    });
    // The new address, not the old one the customer may also quote ("my old
    // address was ...").
    let lowered = text.to_lowercase();
    pattern
        .captures_iter(text)
        .filter(|c| {
            let start = c.get(0).map_or(0, |m| m.start());
            let before = &lowered[start.saturating_sub(40)..start];
            !before.contains("old") && !before.contains("moved from")
        })
        .map(|c| Address {
            address1: c["street"].trim_end_matches('.').to_owned(),
            address2: c
                .name("unit")
                .map(|u| u.as_str().to_owned())
                .unwrap_or_default(),
            city: c["city"].to_owned(),
            state: c["state"].to_owned(),
            country: "USA".to_owned(),
            zip: c["zip"].to_owned(),
        })
        .next()
}

/// Email addresses written in the text.
pub fn emails(text: &str) -> Vec<String> {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    let pattern = PATTERN.get_or_init(|| {
        Regex::new(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}").expect("valid pattern")
    });
    pattern
        .find_iter(text)
        .map(|m| m.as_str().trim_end_matches('.').to_owned())
        .collect()
}

/// A payment method of the customer's the text names: "Visa ending 9858", "my
/// gift card", "PayPal". With `except`, one other than the method in use.
pub fn payment_method<'a>(
    lowered: &str,
    methods: &'a [PaymentMethod],
    except: Option<&PaymentMethodId>,
) -> Option<&'a PaymentMethod> {
    let candidates: Vec<&PaymentMethod> =
        methods.iter().filter(|m| Some(&m.id) != except).collect();
    if let Some(method) = candidates.iter().find(|m| {
        m.last_four
            .as_deref()
            .is_some_and(|last| lowered.contains(last))
    }) {
        return Some(method);
    }
    let by_kind = |kind: PaymentKind, words: &[&str]| {
        words
            .iter()
            .any(|w| lowered.contains(w))
            .then(|| candidates.iter().copied().filter(move |m| m.kind == kind))
    };
    for (kind, words) in [
        (PaymentKind::GiftCard, &["gift card", "giftcard"][..]),
        (PaymentKind::Paypal, &["paypal"][..]),
    ] {
        if let Some(mut found) = by_kind(kind, words) {
            if let Some(method) = found.next() {
                return Some(method);
            }
        }
    }
    for brand in ["visa", "mastercard", "amex", "discover"] {
        if lowered.contains(brand) {
            if let Some(method) = candidates.iter().find(|m| {
                m.brand
                    .as_deref()
                    .is_some_and(|b| b.eq_ignore_ascii_case(brand))
            }) {
                return Some(method);
            }
        }
    }
    None
}

/// The words that point at a subscription's product line.
fn line_words(line: &str) -> &'static [&'static str] {
    match line {
        "coffee" => &["coffee", "beans"],
        "pet_food" => &["dog", "pet", "cat", "pantry", "kibble"],
        "socks" => &["sock"],
        _ => &[],
    }
}

/// The subscription the customer means: the one of the product line they name,
/// or their only one.
pub fn subscription<'a>(lowered: &str, context: &'a CustomerContext) -> Option<&'a Subscription> {
    let line_of = |sub: &Subscription| context.plan(&sub.plan_id).map(|p| p.product_line.clone());
    let named: Vec<&Subscription> = context
        .subscriptions
        .iter()
        .filter(|sub| {
            line_of(sub).is_some_and(|line| line_words(&line).iter().any(|w| lowered.contains(w)))
        })
        .collect();
    let pool = if named.is_empty() {
        context.subscriptions.iter().collect()
    } else {
        named
    };
    // A live subscription before a cancelled one of the same line.
    pool.iter()
        .find(|s| s.status != SubscriptionStatus::Cancelled)
        .or_else(|| pool.first())
        .copied()
}

fn plan_words(plan: &Plan) -> Vec<String> {
    let mut words: Vec<String> = plan
        .name
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| {
            w.len() > 3 && !["club", "drawer", "pantry", "every", "weeks", "monthly"].contains(w)
        })
        .map(str::to_owned)
        .collect();
    match plan.interval.as_str() {
        "month" => words.extend(["monthly", "once a month", "a month"].map(str::to_owned)),
        "two_weeks" => words.extend(["two weeks", "2 weeks", "biweekly"].map(str::to_owned)),
        _ => {}
    }
    words
}

/// The plan the customer asks to move to, when they name one other than the
/// current one.
pub fn wanted_plan<'a>(lowered: &str, current: &Plan, plans: &'a [Plan]) -> Option<&'a Plan> {
    let current_words = plan_words(current);
    let mut best: Option<(&Plan, usize, usize)> = None;
    for plan in plans.iter().filter(|p| p.plan_id != current.plan_id) {
        let words = plan_words(plan);
        // Only what distinguishes the plan from the current one counts.
        let hits = words
            .iter()
            .filter(|w| !current_words.contains(w) && lowered.contains(w.as_str()))
            .count();
        let kinship = words.iter().filter(|w| current_words.contains(w)).count()
            + usize::from(plan.product_line == current.product_line);
        if hits == 0 {
            continue;
        }
        let better = best.is_none_or(|(_, h, k)| hits > h || (hits == h && kinship > k));
        if better {
            best = Some((plan, hits, kinship));
        }
    }
    best.map(|(plan, _, _)| plan)
}

/// How many billing cycles a pause is for ("for two months", "a month").
pub fn pause_cycles(lowered: &str) -> u8 {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    let pattern = PATTERN.get_or_init(|| {
        Regex::new(r"\b(a|one|two|three|four|five|six|\d+)\s+(?:more\s+)?(?:months?|cycles?|deliveries|shipments)\b")
            .expect("valid pattern")
    });
    pattern
        .captures(lowered)
        .and_then(|c| match &c[1] {
            "a" | "one" => Some(1),
            "two" => Some(2),
            "three" => Some(3),
            "four" => Some(4),
            "five" => Some(5),
            "six" => Some(6),
            digits => digits.parse().ok(),
        })
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_addresses() {
        let a =
            address("Can you ship it to 747 Pine Lane, Suite 604, San Diego, CA 92106 instead?")
                .unwrap();
        assert_eq!(
            (
                a.address1.as_str(),
                a.address2.as_str(),
                a.city.as_str(),
                a.state.as_str(),
                a.zip.as_str()
            ),
            ("747 Pine Lane", "Suite 604", "San Diego", "CA", "92106")
        );
        let b = address("to: 618 Cedar Street, Suite 275 Philadelphia, PA 19104").unwrap();
        assert_eq!((b.city.as_str(), b.zip.as_str()), ("Philadelphia", "19104"));
        assert!(address("no address here").is_none());
    }

    #[test]
    fn reads_emails_and_cycles() {
        assert_eq!(
            emails("change it to lei.anderson.home@example.net."),
            ["lei.anderson.home@example.net"]
        );
        assert_eq!(pause_cycles("pause it for the next two months"), 2);
        assert_eq!(pause_cycles("pause my coffee for a month"), 1);
        assert_eq!(pause_cycles("pause for 4 months"), 4);
    }
}
