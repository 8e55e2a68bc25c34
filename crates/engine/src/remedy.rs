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

/// `value` named as something wanted: not "not the waterproof", "i don't have
/// gas".
fn wanted_word(lowered: &str, value: &str) -> bool {
    // Sizes are written in capitals in the catalogue: "S", "M", "XL".
    let size_letters = value.len() <= 3 && value.chars().all(|c| c.is_ascii_uppercase());
    let value = value.to_lowercase();
    if value.is_empty() {
        return false;
    }
    lowered.match_indices(&value).any(|(start, _)| {
        let before = lowered[..start].chars().next_back();
        let after = lowered[start + value.len()..].chars().next();
        let whole =
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric);
        let mut from = start.saturating_sub(14);
        while !lowered.is_char_boundary(from) {
            from -= 1;
        }
        let near = &lowered[from..start];
        // A size in letters ("S", "M", "XL") counts only as a size:
        // "size M", "an M", "M size"; not the s of "it's".
        let as_size = !size_letters
            || near.ends_with("size ")
            || near.ends_with("an ")
            || near.ends_with("a ")
            || lowered[start + value.len()..].starts_with(" size");
        whole
            && as_size
            && !["not ", "n't have", "no ", "instead of "]
                .iter()
                .any(|n| near.contains(n))
    })
}

/// The product is named: its full name, or its last word ("kettle", "boots"),
/// singular or plural.
pub fn product_named(lowered: &str, name: &str) -> bool {
    let name = name.to_lowercase();
    if lowered.contains(&name) {
        return true;
    }
    let mut words = name.split_whitespace();
    let first = words.next().unwrap_or_default();
    let head = words.last().unwrap_or(first);
    let singular = head.trim_end_matches('s');
    if singular.len() > 3 && lowered.contains(singular) {
        return true;
    }
    // "Vacuum Cleaner", "Dumbbell Set": the head is generic, the first word names it.
    const GENERIC_HEADS: &[&str] = &["cleaner", "set", "kit", "machine", "maker"];
    if GENERIC_HEADS.contains(&head) && first.len() > 3 && lowered.contains(first) {
        return true;
    }
    // What customers call a few products.
    const CALLED: &[(&str, &[&str])] = &[
        ("bicycle", &["bike"]),
        ("smartphone", &["phone"]),
        ("t-shirt", &["tshirt", "t shirt", " tee"]),
    ];
    CALLED
        .iter()
        .any(|(product, called)| name == *product && called.iter().any(|c| lowered.contains(c)))
}

/// Every clause naming the product says it is fine ("the kettle was fine",
/// "it came with the dumbbells but…"): it is context, not the subject of the
/// request.
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
        " great",
        "came with",
        "keeping",
        "stays the same",
        "stay the same",
    ];
    let clauses: Vec<&str> = lowered
        .split(['\n', '.', '!', '?', ';'])
        .flat_map(|sentence| sentence.split(" but "))
        .filter(|clause| product_named(clause, name))
        .collect();
    !clauses.is_empty()
        && clauses
            .iter()
            .all(|clause| FINE.iter().any(|cue| clause.contains(cue)) && problem(clause).is_none())
}

/// The text without its parentheses: "my order (phone, camera)" describes the
/// order; the items in it are not what the customer asks about.
fn outside_parentheses(lowered: &str) -> String {
    let mut out = String::with_capacity(lowered.len());
    let mut depth = 0usize;
    for c in lowered.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The items the request is about: those named outside parentheses when any
/// are, else all named ones.
pub fn subject_items<'a>(lowered: &str, order: &'a Order) -> Vec<&'a OrderItem> {
    let named = named_items(lowered, order);
    let outside = outside_parentheses(lowered);
    let subjects: Vec<&OrderItem> = named
        .iter()
        .filter(|item| product_named(&outside, &item.name))
        .copied()
        .collect();
    if subjects.is_empty() {
        named
    } else {
        subjects
    }
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

/// What a passage asks of an item's options.
#[derive(Debug)]
pub enum VariantChange<'a> {
    /// No option named other than the ones it has.
    Same,
    To(&'a Variant),
    /// Options named that no variant of the product combines.
    NoSuchVariant,
}

pub fn variant_change<'a>(
    lowered: &str,
    item: &OrderItem,
    product: &'a Product,
) -> VariantChange<'a> {
    match wanted_variant(lowered, item, product) {
        Some(variant) => VariantChange::To(variant),
        None if wanted_options(lowered, item, product).1 => VariantChange::NoSuchVariant,
        None => VariantChange::Same,
    }
}

/// The options the text asks for, and whether any differs from the item's.
fn wanted_options(
    lowered: &str,
    item: &OrderItem,
    product: &Product,
) -> (std::collections::BTreeMap<String, String>, bool) {
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
            .filter(|value| {
                wanted_word(lowered, value)
                    // "no backlight", "without a backlight" for the value "none".
                    || value.eq_ignore_ascii_case("none")
                        && [format!("no {key}"), format!("without {key}"), format!("without a {key}")]
                            .iter()
                            .any(|phrase| lowered.contains(phrase.as_str()))
            })
            .collect();
        // One other value of this option named, and not only as what they have now.
        if let [value] = mentioned.as_slice() {
            wanted.insert(key.clone(), (**value).clone());
            changed = true;
        }
    }
    (wanted, changed)
}

/// The variant the customer wants instead of `item`: the current options with
/// each one the text names differently replaced. `None` when the text names no
/// other option value.
pub fn wanted_variant<'a>(
    lowered: &str,
    item: &OrderItem,
    product: &'a Product,
) -> Option<&'a Variant> {
    let (wanted, changed) = wanted_options(lowered, item, product);
    if !changed {
        return None;
    }
    if let Some(exact) = product.variants.iter().find(|v| v.options == wanted) {
        return Some(exact);
    }
    // "size 10, white if possible": the options named decide, and the one
    // available variant that has them all is the one meant.
    let named: Vec<(&String, &String)> = wanted
        .iter()
        .filter(|(key, value)| {
            item.options.get(*key) != Some(*value) || wanted_word(lowered, value)
        })
        .collect();
    let fits: Vec<&Variant> = product
        .variants
        .iter()
        .filter(|v| v.available && named.iter().all(|(k, val)| v.options.get(*k) == Some(*val)))
        .collect();
    match fits.as_slice() {
        [only] => Some(only),
        _ => None,
    }
}

/// The way a group of items goes: back to the store (return or exchange), or a
/// problem remedied by money or a reship.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Path {
    Return,
    Problem,
}

/// Whether items of different orders are named by the same words with no order
/// id to tell them apart: the orders that share a word with another order and
/// match no more of the text than it does.
pub fn ambiguous(lowered: &str, orders: &[&Order]) -> bool {
    let keys: Vec<Vec<String>> = orders
        .iter()
        .map(|order| {
            let mut keys: Vec<String> = subject_items(lowered, order)
                .iter()
                .map(|item| match_key(lowered, &item.name))
                .collect();
            keys.sort();
            keys.dedup();
            keys
        })
        .collect();
    let best = keys.iter().map(Vec::len).max().unwrap_or(0);
    let leaders: Vec<&Vec<String>> = keys
        .iter()
        .filter(|k| k.len() == best && best > 0)
        .collect();
    leaders.len() > 1
        && leaders.iter().enumerate().any(|(i, a)| {
            leaders[i + 1..]
                .iter()
                .any(|b| a.iter().any(|k| b.contains(k)))
        })
}

/// The words by which the text names a product: its full name, else its head.
fn match_key(lowered: &str, name: &str) -> String {
    let name = name.to_lowercase();
    if lowered.contains(&name) {
        return name;
    }
    name.split_whitespace()
        .last()
        .unwrap_or_default()
        .trim_end_matches('s')
        .to_owned()
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
        "again",
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
        "arrived late",
        "was late",
        "late delivery",
        "delivered late",
        "for the late",
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
/// name it, and the ones after them up to the next that names another of the
/// customer's products (a ticket may ask for a return of one thing and a
/// refund of another; "… are too small. Can you exchange them?").
pub fn segment_about(lowered: &str, name: &str, others: &[&str]) -> String {
    let parts: Vec<&str> = lowered
        .split(['\n', '.', '!', '?', ';'])
        .filter(|part| !part.trim().is_empty())
        .collect();
    let names_other = |part: &str| {
        others
            .iter()
            .any(|other| !other.eq_ignore_ascii_case(name) && product_named(part, other))
    };
    let mut about = String::new();
    let mut index = 0;
    while index < parts.len() {
        if product_named(parts[index], name) {
            about.push_str(parts[index]);
            about.push_str(". ");
            let mut next = index + 1;
            while next < parts.len()
                && next <= index + 3
                && !product_named(parts[next], name)
                && !names_other(parts[next])
            {
                about.push_str(parts[next]);
                about.push_str(". ");
                next += 1;
            }
            index = next;
        } else {
            index += 1;
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
        "for a size",
        "for the same",
        "same one in",
        "-> ",
        "→",
    ]
    .iter()
    .any(|cue| segment.contains(cue))
}
