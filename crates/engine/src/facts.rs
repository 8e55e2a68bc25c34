//! Facts from the store's records that answer what the customer asked (R3):
//! which variants of a product exist and cost what, what a charge was, a gift
//! card's balance, what a cancel would refund, which orders a vague message could
//! mean. Each fact is a sentence the reply states as is; nothing here is an
//! action or a promise.

use countersign_domain::*;

use crate::entities::Entities;
use crate::intent;
use crate::remedy;

/// Stores named by customers who bought elsewhere, as the reply names them.
const STORES: &[(&str, &str)] = &[
    ("amazon", "Amazon"),
    ("best buy", "Best Buy"),
    ("walmart", "Walmart"),
    ("ebay", "eBay"),
    ("costco", "Costco"),
    ("office store", "the office store"),
];

/// What the engine knew when it read the ticket.
pub struct Known<'a> {
    pub lowered: &'a str,
    pub requests: &'a [Intent],
    pub entities: &'a Entities,
    pub context: Option<&'a CustomerContext>,
    /// The catalogue, read only when the ticket asks about products.
    pub catalog: &'a [Product],
    pub ambiguous: bool,
}

fn has_any(text: &str, cues: &[&str]) -> bool {
    cues.iter().any(|cue| text.contains(cue))
}

/// Whether the ticket asks about products, so the catalogue is worth reading.
pub fn asks_about_products(lowered: &str, requests: &[Intent]) -> bool {
    requests.contains(&Intent::GeneralQuestion)
        || has_any(
            lowered,
            &[
                "available in",
                "in stock",
                "do you have",
                "come in",
                "comes in",
            ],
        )
}

pub fn facts(known: &Known<'_>) -> Vec<String> {
    let mut out = Vec::new();
    let lowered = known.lowered;
    if let Some((_, store)) = STORES
        .iter()
        .find(|(cue, _)| lowered.contains(cue) && intent::bought_elsewhere(lowered))
    {
        out.push(format!(
            "It looks like this was bought from {store} rather than from our store, so \
             {store} is the right place to help with it."
        ));
    }
    if !known.catalog.is_empty() && asks_about_products(lowered, known.requests) {
        out.extend(product_answers(lowered, known.catalog));
    }
    let Some(context) = known.context else {
        return out;
    };
    if known.ambiguous {
        let orders: Vec<&Order> = known
            .entities
            .orders_by_product
            .iter()
            .filter_map(|id| context.order(id))
            .collect();
        if orders.len() > 1 {
            let listed: Vec<String> = orders
                .iter()
                .map(|o| format!("{} ({})", o.order_id, items_of(o)))
                .collect();
            out.push(format!(
                "I can see more than one order this could be: {}. Could you tell me which one \
                 you mean?",
                listed.join(" and ")
            ));
        }
    }
    if has_any(lowered, &["gift card"]) && has_any(lowered, &["balance", "left on", "how much"]) {
        for method in &context.customer.payment_methods {
            if let (PaymentKind::GiftCard, Some(balance)) = (method.kind, method.balance) {
                out.push(format!("Your gift card has a balance of ${balance}."));
            }
        }
    }
    let billing = known.requests.contains(&Intent::BillingIssue);
    if billing {
        out.extend(charge_answers(lowered, context));
        if has_any(
            lowered,
            &["which card", "which of my cards", "what card", "paid with"],
        ) {
            for order in known.entities.status_targets(context) {
                for payment in order
                    .transactions
                    .iter()
                    .filter(|t| t.kind == TransactionKind::Payment)
                {
                    out.push(format!(
                        "Order {} was paid with your {} (${}).",
                        order.order_id,
                        method_name(context, &payment.payment_method_id),
                        payment.amount
                    ));
                }
            }
        }
    }
    if known.requests.first() == Some(&Intent::GeneralQuestion) {
        out.extend(policy_answers(lowered, known.entities, context));
    }
    out
}

fn items_of(order: &Order) -> String {
    let names: Vec<&str> = order.items.iter().map(|item| item.name.as_str()).collect();
    names.join(", ")
}

fn method_name(context: &CustomerContext, id: &PaymentMethodId) -> String {
    context
        .customer
        .payment_method(id)
        .map_or_else(|| id.to_string(), PaymentMethod::describe)
}

/// A charge the customer quotes, matched against the renewals and payments on
/// record: the reply says what it was.
fn charge_answers(lowered: &str, context: &CustomerContext) -> Vec<String> {
    let Some(amount) = remedy::amount_asked(lowered) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for subscription in &context.subscriptions {
        let Some(plan) = context.plan(&subscription.plan_id) else {
            continue;
        };
        if plan.price == amount {
            out.push(format!(
                "The ${amount} charge is the renewal of your {} subscription ({}) on {}, for the \
                 period that started {}.",
                plan.name,
                subscription.subscription_id,
                method_name(context, &subscription.payment_method_id),
                subscription.current_period_start.format("%B %-d")
            ));
        }
    }
    if out.is_empty() {
        for order in &context.orders {
            for payment in order
                .transactions
                .iter()
                .filter(|t| t.kind == TransactionKind::Payment && t.amount == amount)
            {
                out.push(format!(
                    "I can see one payment of ${} for order {} ({}) on your {}.",
                    payment.amount,
                    order.order_id,
                    items_of(order),
                    method_name(context, &payment.payment_method_id)
                ));
            }
        }
    }
    out
}

/// Answers to questions about what the policy allows, for the order they name.
fn policy_answers(lowered: &str, entities: &Entities, context: &CustomerContext) -> Vec<String> {
    let mut out = Vec::new();
    let order = entities.cancel_target(context);
    if has_any(lowered, &["cancel"]) && has_any(lowered, &["how long", "money back", "refund"]) {
        if let Some(order) = order.filter(|o| o.status == OrderStatus::Pending) {
            let parts: Vec<String> = order
                .transactions
                .iter()
                .filter(|t| t.kind == TransactionKind::Payment)
                .map(|payment| {
                    let timing = match context.customer.payment_method(&payment.payment_method_id) {
                        Some(m) if m.kind == PaymentKind::GiftCard => "straight away",
                        _ => "within 5–7 business days",
                    };
                    format!(
                        "${} would go back to your {} {timing}",
                        payment.amount,
                        method_name(context, &payment.payment_method_id)
                    )
                })
                .collect();
            if !parts.is_empty() {
                out.push(format!(
                    "Order {} hasn't shipped yet, so it can still be cancelled; if you cancel it, {}.",
                    order.order_id,
                    parts.join(", and ")
                ));
            }
        }
    }
    if has_any(lowered, &["change the size", "change the", "modify"])
        && has_any(lowered, &["cancel", "later"])
    {
        out.push(
            "Items on a pending order can be changed only once, and after that change the \
             order can no longer be modified or cancelled; until then you can still cancel it."
                .to_owned(),
        );
    }
    if has_any(lowered, &["exchange", "swap"]) {
        out.push(
            "An exchange has to be for another variant of the same product (a different size \
             or colour, say); for something else entirely, a return and a new order is the way."
                .to_owned(),
        );
    }
    out
}

/// The catalogue's answer to "do you have X in Y": the variants of the product
/// named that match the options named, with price and availability.
fn product_answers(lowered: &str, catalog: &[Product]) -> Vec<String> {
    let mut named: Vec<&Product> = catalog
        .iter()
        .filter(|p| remedy::product_named(lowered, &p.name))
        .collect();
    // "espresso machine" names both Espresso Machine and nothing else; "kettle"
    // names several: the full name wins when there is one.
    if named
        .iter()
        .any(|p| lowered.contains(&p.name.to_lowercase()))
    {
        named.retain(|p| lowered.contains(&p.name.to_lowercase()));
    }
    let mut out = Vec::new();
    for product in named.into_iter().take(2) {
        let variants: Vec<&Variant> = product
            .variants
            .iter()
            .filter(|v| {
                v.options
                    .values()
                    .filter(|value| mentions_value(lowered, value))
                    .count()
                    == best_match(lowered, product)
            })
            .collect();
        if variants.is_empty() {
            continue;
        }
        let listed: Vec<String> = variants
            .iter()
            .take(6)
            .map(|v| {
                let options: Vec<&str> = v.options.values().map(String::as_str).collect();
                format!(
                    "{} at ${} ({})",
                    options.join(", "),
                    v.price,
                    if v.available { "in stock" } else { "sold out" }
                )
            })
            .collect();
        let more = variants.len().saturating_sub(6);
        out.push(format!(
            "Our {} comes in: {}{}.",
            product.name,
            listed.join("; "),
            if more > 0 {
                format!("; and {more} more")
            } else {
                String::new()
            }
        ));
    }
    out
}

/// The most option values of `product` any one variant shares with the text.
fn best_match(lowered: &str, product: &Product) -> usize {
    product
        .variants
        .iter()
        .map(|v| {
            v.options
                .values()
                .filter(|value| mentions_value(lowered, value))
                .count()
        })
        .max()
        .unwrap_or(0)
}

fn mentions_value(lowered: &str, value: &str) -> bool {
    let value = value.to_lowercase();
    lowered.match_indices(&value).any(|(at, _)| {
        let before = lowered[..at].chars().next_back();
        let after = lowered[at + value.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}
