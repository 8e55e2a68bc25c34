//! What the ticket refers to: orders (by id in the forms customers write them, or by
//! the products they name), and details such as the cancellation reason.

use std::sync::OnceLock;

use countersign_domain::*;
use regex::Regex;

#[derive(Debug, Clone, Default)]
pub struct Entities {
    /// Order ids written in the ticket, normalised to `#W1234567`, in order of
    /// appearance.
    pub order_ids: Vec<OrderId>,
    /// Ids written in the ticket that are not the customer's own (R2).
    pub foreign_order_ids: Vec<OrderId>,
    /// The customer's orders whose products the ticket names, best match first.
    pub orders_by_product: Vec<OrderId>,
    lowered: String,
}

fn order_patterns() -> &'static [Regex; 2] {
    static PATTERNS: OnceLock<[Regex; 2]> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        [
            Regex::new(r"(?i)#?\bW\s?(\d{7})\b").expect("valid pattern"),
            Regex::new(r"(?i)\border\s*(?:number|no\.?|num|id)?\s*[:#]?\s*(\d{7})\b")
                .expect("valid pattern"),
        ]
    })
}

impl Entities {
    pub fn extract(text: &str, context: Option<&CustomerContext>) -> Entities {
        let mut found: Vec<(usize, OrderId)> = Vec::new();
        for pattern in order_patterns() {
            for capture in pattern.captures_iter(text) {
                let (Some(whole), Some(digits)) = (capture.get(0), capture.get(1)) else {
                    continue;
                };
                let id = OrderId(format!("#W{}", digits.as_str()));
                if !found.iter().any(|(_, known)| known == &id) {
                    found.push((whole.start(), id));
                }
            }
        }
        found.sort_by_key(|(position, _)| *position);
        let lowered = text.to_lowercase();
        let mut entities = Entities {
            lowered,
            ..Entities::default()
        };
        for (_, id) in found {
            match context {
                Some(context) if context.order(&id).is_none() => {
                    entities.foreign_order_ids.push(id)
                }
                _ => entities.order_ids.push(id),
            }
        }
        if let Some(context) = context {
            entities.orders_by_product = orders_by_product(&entities.lowered, context);
        }
        entities
    }

    pub fn mentions(&self, word: &str) -> bool {
        self.lowered.contains(word)
    }

    /// The order a cancellation refers to: the one named by id, else the one whose
    /// products the ticket names, else the customer's only pending order.
    pub fn cancel_target<'a>(&self, context: &'a CustomerContext) -> Option<&'a Order> {
        if let Some(id) = self.order_ids.first() {
            return context.order(id);
        }
        if let Some(id) = self.orders_by_product.first() {
            return context.order(id);
        }
        let mut pending = context
            .orders
            .iter()
            .filter(|order| order.status == OrderStatus::Pending);
        match (pending.next(), pending.next()) {
            (Some(only), None) => Some(only),
            _ => None,
        }
    }

    /// The orders a status question is about.
    pub fn status_targets<'a>(&self, context: &'a CustomerContext) -> Vec<&'a Order> {
        let ids = if self.order_ids.is_empty() {
            &self.orders_by_product
        } else {
            &self.order_ids
        };
        ids.iter().filter_map(|id| context.order(id)).collect()
    }

    /// R5's two allowed reasons, read from the customer's words; `None` when the
    /// ticket gives neither (the reply then asks, rather than guess).
    pub fn cancel_reason(&self) -> Option<CancelReason> {
        const MISTAKE: &[&str] = &[
            "by mistake",
            "mistake",
            "accident",
            "acidental",
            "wrong order",
            "didn't mean to",
            "did not mean to",
        ];
        const NOT_NEEDED: &[&str] = &[
            "no longer need",
            "don't need",
            "dont need",
            "do not need",
            "not need",
            "anymore",
            "any more",
            "changed my mind",
            "change my mind",
            "don't want",
            "dont want",
            "do not want",
            "not needed",
            "no longer want",
            "cut back",
        ];
        if MISTAKE.iter().any(|phrase| self.lowered.contains(phrase)) {
            Some(CancelReason::OrderedByMistake)
        } else if NOT_NEEDED
            .iter()
            .any(|phrase| self.lowered.contains(phrase))
        {
            Some(CancelReason::NoLongerNeeded)
        } else {
            None
        }
    }
}

/// Scores each of the customer's orders by how many of its products the text
/// names ("the thermostat and the e-reader"), by full name or by its last word.
fn orders_by_product(lowered: &str, context: &CustomerContext) -> Vec<OrderId> {
    let mut scored: Vec<(usize, &Order)> = context
        .orders
        .iter()
        .map(|order| {
            let hits = order
                .items
                .iter()
                .filter(|item| product_named(lowered, &item.name))
                .count();
            (hits, order)
        })
        .filter(|(hits, _)| *hits > 0)
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.placed_at.cmp(&a.1.placed_at)));
    scored
        .into_iter()
        .map(|(_, order)| order.order_id.clone())
        .collect()
}

fn product_named(lowered: &str, name: &str) -> bool {
    let name = name.to_lowercase();
    if lowered.contains(&name) {
        return true;
    }
    let head = name.split_whitespace().last().unwrap_or_default();
    let singular = head.trim_end_matches('s');
    singular.len() > 3 && lowered.contains(singular)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_order_ids_in_the_forms_customers_write_them() {
        let entities = Entities::extract(
            "order #W3197825, also W6247578 and order 1234567; order number: 7654321",
            None,
        );
        let ids: Vec<&str> = entities.order_ids.iter().map(OrderId::as_str).collect();
        assert_eq!(ids, ["#W3197825", "#W6247578", "#W1234567", "#W7654321"]);
    }

    #[test]
    fn reads_the_cancel_reason() {
        let mistake = Entities::extract("I ordered it by mistake", None);
        assert_eq!(
            mistake.cancel_reason(),
            Some(CancelReason::OrderedByMistake)
        );
        let other = Entities::extract("I don't need it anymore", None);
        assert_eq!(other.cancel_reason(), Some(CancelReason::NoLongerNeeded));
        let silent = Entities::extract("Please cancel order W6436609.", None);
        assert_eq!(silent.cancel_reason(), None);
    }
}
