//! Which connected system carries out an action: the shop for orders, billing
//! for subscriptions, and refunds where the order's money is (the shop when one
//! is connected, else billing). What no connected system does is said in words
//! the desk shows beside its offer of a handoff.

use countersign_domain::{Action, ActionKind};
use countersign_exec::SystemOfRecord;

use crate::shopify::{self, Shopify};
use crate::stripe::{self, Stripe};

/// The shop and billing a desk is connected to.
#[derive(Debug, Default)]
pub struct Router {
    pub shop: Option<Shopify>,
    pub billing: Option<Stripe>,
}

/// An action no connected system carries out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Unsupported(pub String);

fn words(kind: ActionKind) -> String {
    format!("{kind:?}")
        .chars()
        .fold(String::new(), |mut out, c| {
            if c.is_uppercase() && !out.is_empty() {
                out.push(' ');
            }
            out.push(c.to_ascii_lowercase());
            out
        })
}

impl Router {
    /// The system that carries out `action`, or why none does.
    pub fn system_for(&self, action: &Action) -> Result<&dyn SystemOfRecord, Unsupported> {
        let kind = action.kind();
        let shop = self.shop.as_ref().filter(|_| shopify::can_do(kind));
        let billing = self.billing.as_ref().filter(|_| stripe::can_do(kind));
        match (shop, billing) {
            (Some(shop), _) => Ok(shop),
            (None, Some(billing)) => Ok(billing),
            (None, None) => {
                let reason = match (self.shop.is_some(), self.billing.is_some()) {
                    (false, false) => "no shop or billing is connected".to_owned(),
                    _ if shopify::can_do(kind) => {
                        "it needs the shop, and no shop is connected".to_owned()
                    }
                    _ if stripe::can_do(kind) => {
                        "it needs billing, and no billing is connected".to_owned()
                    }
                    _ => "Countersign does not do it in the connected systems yet".to_owned(),
                };
                Err(Unsupported(format!(
                    "Countersign cannot {} here: {reason}. Hand the ticket to a person.",
                    words(kind)
                )))
            }
        }
    }

    /// The system that wrote under a name recorded in the audit, for reconciling
    /// an approval whose answer was lost.
    pub fn by_name(&self, name: &str) -> Option<&dyn SystemOfRecord> {
        match name {
            "shopify" => self.shop.as_ref().map(|shop| shop as &dyn SystemOfRecord),
            "stripe" => self
                .billing
                .as_ref()
                .map(|billing| billing as &dyn SystemOfRecord),
            _ => None,
        }
    }
}
