//! The typed action contracts: every change the app can make in the store, with
//! its parameters. The engine (and later a language model) proposes them, the
//! policy judges them, and a person approves them before they run.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ids::*;
use crate::money::Amount;
use crate::world::Address;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, schemars::JsonSchema,
)]
pub enum CancelReason {
    #[serde(rename = "no longer needed")]
    NoLongerNeeded,
    #[serde(rename = "ordered by mistake")]
    OrderedByMistake,
}

impl CancelReason {
    pub fn as_str(self) -> &'static str {
        match self {
            CancelReason::NoLongerNeeded => "no longer needed",
            CancelReason::OrderedByMistake => "ordered by mistake",
        }
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RefundReason {
    Damaged,
    Defective,
    Late,
    Missing,
    Goodwill,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ReshipReason {
    Damaged,
    Defective,
    WrongItem,
    Lost,
}

/// One action, tagged by `type` exactly as `world/README.md` writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    CancelOrder {
        order_id: OrderId,
        reason: CancelReason,
    },
    UpdateOrderAddress {
        order_id: OrderId,
        address: Address,
    },
    ModifyOrderItems {
        order_id: OrderId,
        item_ids: Vec<ItemId>,
        new_item_ids: Vec<ItemId>,
        payment_method_id: PaymentMethodId,
    },
    ChangePaymentMethod {
        order_id: OrderId,
        payment_method_id: PaymentMethodId,
    },
    ReturnItems {
        order_id: OrderId,
        item_ids: Vec<ItemId>,
        refund_method_id: PaymentMethodId,
    },
    ExchangeItems {
        order_id: OrderId,
        item_ids: Vec<ItemId>,
        new_item_ids: Vec<ItemId>,
        payment_method_id: PaymentMethodId,
    },
    UpdateCustomerAddress {
        customer_id: CustomerId,
        address: Address,
    },
    Refund {
        order_id: OrderId,
        amount: Amount,
        refund_method_id: PaymentMethodId,
        reason: RefundReason,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        item_ids: Option<Vec<ItemId>>,
    },
    Reship {
        order_id: OrderId,
        item_ids: Vec<ItemId>,
        reason: ReshipReason,
    },
    PauseSubscription {
        subscription_id: SubscriptionId,
        cycles: u8,
    },
    SkipRenewal {
        subscription_id: SubscriptionId,
    },
    ResumeSubscription {
        subscription_id: SubscriptionId,
    },
    CancelSubscription {
        subscription_id: SubscriptionId,
        at_period_end: bool,
    },
    ChangePlan {
        subscription_id: SubscriptionId,
        plan_id: PlanId,
    },
    UpdateCustomerEmail {
        customer_id: CustomerId,
        email: String,
    },
}

/// The type of an action without its parameters.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    CancelOrder,
    UpdateOrderAddress,
    ModifyOrderItems,
    ChangePaymentMethod,
    ReturnItems,
    ExchangeItems,
    UpdateCustomerAddress,
    Refund,
    Reship,
    PauseSubscription,
    SkipRenewal,
    ResumeSubscription,
    CancelSubscription,
    ChangePlan,
    UpdateCustomerEmail,
}

impl Action {
    pub fn kind(&self) -> ActionKind {
        match self {
            Action::CancelOrder { .. } => ActionKind::CancelOrder,
            Action::UpdateOrderAddress { .. } => ActionKind::UpdateOrderAddress,
            Action::ModifyOrderItems { .. } => ActionKind::ModifyOrderItems,
            Action::ChangePaymentMethod { .. } => ActionKind::ChangePaymentMethod,
            Action::ReturnItems { .. } => ActionKind::ReturnItems,
            Action::ExchangeItems { .. } => ActionKind::ExchangeItems,
            Action::UpdateCustomerAddress { .. } => ActionKind::UpdateCustomerAddress,
            Action::Refund { .. } => ActionKind::Refund,
            Action::Reship { .. } => ActionKind::Reship,
            Action::PauseSubscription { .. } => ActionKind::PauseSubscription,
            Action::SkipRenewal { .. } => ActionKind::SkipRenewal,
            Action::ResumeSubscription { .. } => ActionKind::ResumeSubscription,
            Action::CancelSubscription { .. } => ActionKind::CancelSubscription,
            Action::ChangePlan { .. } => ActionKind::ChangePlan,
            Action::UpdateCustomerEmail { .. } => ActionKind::UpdateCustomerEmail,
        }
    }

    /// The order the action touches, when it touches one.
    pub fn order_id(&self) -> Option<&OrderId> {
        match self {
            Action::CancelOrder { order_id, .. }
            | Action::UpdateOrderAddress { order_id, .. }
            | Action::ModifyOrderItems { order_id, .. }
            | Action::ChangePaymentMethod { order_id, .. }
            | Action::ReturnItems { order_id, .. }
            | Action::ExchangeItems { order_id, .. }
            | Action::Refund { order_id, .. }
            | Action::Reship { order_id, .. } => Some(order_id),
            _ => None,
        }
    }

    /// The subscription the action touches, when it touches one.
    pub fn subscription_id(&self) -> Option<&SubscriptionId> {
        match self {
            Action::PauseSubscription {
                subscription_id, ..
            }
            | Action::SkipRenewal { subscription_id }
            | Action::ResumeSubscription { subscription_id }
            | Action::CancelSubscription {
                subscription_id, ..
            }
            | Action::ChangePlan {
                subscription_id, ..
            } => Some(subscription_id),
            _ => None,
        }
    }
}

/// A record an action reads or changes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Resource {
    Customer(CustomerId),
    Order(OrderId),
    PaymentMethod(PaymentMethodId),
    Variant(ItemId),
    Subscription(SubscriptionId),
    Plan(PlanId),
    /// The customer's earlier refunds and reships (R18, R20).
    SupportHistory(CustomerId),
}

impl Action {
    /// What the action's checks read, besides what it changes: the policy and the
    /// executor judge on these, fresh, at execution time.
    pub fn reads(&self) -> Vec<Resource> {
        let mut reads = self.changes();
        match self {
            Action::ModifyOrderItems { new_item_ids, .. }
            | Action::ExchangeItems { new_item_ids, .. } => {
                reads.extend(new_item_ids.iter().cloned().map(Resource::Variant));
            }
            Action::Reship { item_ids, .. } => {
                reads.extend(item_ids.iter().cloned().map(Resource::Variant));
            }
            Action::ChangePlan { plan_id, .. } => reads.push(Resource::Plan(plan_id.clone())),
            _ => {}
        }
        match self {
            Action::Refund {
                refund_method_id, ..
            } => reads.push(Resource::PaymentMethod(refund_method_id.clone())),
            Action::ReturnItems {
                refund_method_id, ..
            } => reads.push(Resource::PaymentMethod(refund_method_id.clone())),
            _ => {}
        }
        reads.sort();
        reads.dedup();
        reads
    }

    /// What carrying the action out changes. The payment methods an order was
    /// paid with change too on a cancel or payment move (gift card balances); the
    /// executor finds them on the order itself.
    pub fn changes(&self) -> Vec<Resource> {
        let mut changes = Vec::new();
        if let Some(order) = self.order_id() {
            changes.push(Resource::Order(order.clone()));
        }
        if let Some(subscription) = self.subscription_id() {
            changes.push(Resource::Subscription(subscription.clone()));
        }
        match self {
            Action::ModifyOrderItems {
                payment_method_id, ..
            }
            | Action::ChangePaymentMethod {
                payment_method_id, ..
            } => changes.push(Resource::PaymentMethod(payment_method_id.clone())),
            Action::Refund {
                refund_method_id, ..
            } => changes.push(Resource::PaymentMethod(refund_method_id.clone())),
            Action::UpdateCustomerAddress { customer_id, .. }
            | Action::UpdateCustomerEmail { customer_id, .. } => {
                changes.push(Resource::Customer(customer_id.clone()))
            }
            _ => {}
        }
        changes
    }
}

/// The key an execution carries: derived from where the approval comes from (a
/// ticket's proposal and the action's place in it, a line of an actions file) and
/// the action itself, so the same approval can never run twice while a different
/// action, or the same action approved from elsewhere, gets its own key.
pub fn idempotency_key(scope: &str, action: &Action) -> String {
    // serde_json writes struct fields in declaration order: the same action
    // always serialises to the same bytes.
    fingerprint(&[
        scope.as_bytes(),
        &serde_json::to_vec(action).unwrap_or_default(),
    ])
}

/// A short, stable digest (SHA-256, 128 bits in hex) of the given parts.
pub fn fingerprint(parts: &[&[u8]]) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    let digest = hasher.finalize();
    digest[..16]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

impl ActionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::CancelOrder => "cancel_order",
            ActionKind::UpdateOrderAddress => "update_order_address",
            ActionKind::ModifyOrderItems => "modify_order_items",
            ActionKind::ChangePaymentMethod => "change_payment_method",
            ActionKind::ReturnItems => "return_items",
            ActionKind::ExchangeItems => "exchange_items",
            ActionKind::UpdateCustomerAddress => "update_customer_address",
            ActionKind::Refund => "refund",
            ActionKind::Reship => "reship",
            ActionKind::PauseSubscription => "pause_subscription",
            ActionKind::SkipRenewal => "skip_renewal",
            ActionKind::ResumeSubscription => "resume_subscription",
            ActionKind::CancelSubscription => "cancel_subscription",
            ActionKind::ChangePlan => "change_plan",
            ActionKind::UpdateCustomerEmail => "update_customer_email",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_declare_what_they_read_and_change() {
        let refund = Action::Refund {
            order_id: OrderId::new("#W1"),
            amount: "5.00".parse().unwrap(),
            refund_method_id: PaymentMethodId::new("gift_card_1"),
            reason: RefundReason::Late,
            item_ids: None,
        };
        assert_eq!(
            refund.changes(),
            [
                Resource::Order(OrderId::new("#W1")),
                Resource::PaymentMethod(PaymentMethodId::new("gift_card_1"))
            ]
        );
        let exchange = Action::ExchangeItems {
            order_id: OrderId::new("#W2"),
            item_ids: vec![ItemId::new("1")],
            new_item_ids: vec![ItemId::new("2")],
            payment_method_id: PaymentMethodId::new("paypal_1"),
        };
        assert_eq!(exchange.changes(), [Resource::Order(OrderId::new("#W2"))]);
        assert!(exchange
            .reads()
            .contains(&Resource::Variant(ItemId::new("2"))));
        let plan = Action::ChangePlan {
            subscription_id: SubscriptionId::new("sub_1"),
            plan_id: PlanId::new("coffee_reserve_monthly"),
        };
        assert!(plan
            .reads()
            .contains(&Resource::Plan(PlanId::new("coffee_reserve_monthly"))));
        assert!(plan
            .reads()
            .contains(&Resource::Subscription(SubscriptionId::new("sub_1"))));
    }

    #[test]
    fn reads_the_world_readme_format() {
        let action: Action = serde_json::from_str(
            r##"{"type": "cancel_order", "order_id": "#W6247578", "reason": "no longer needed"}"##,
        )
        .unwrap();
        assert_eq!(
            action,
            Action::CancelOrder {
                order_id: OrderId::new("#W6247578"),
                reason: CancelReason::NoLongerNeeded
            }
        );
    }

    #[test]
    fn unknown_fields_are_refused_by_name() {
        let error = serde_json::from_str::<Action>(
            r##"{"type": "cancel_order", "order_id": "#W1", "reason": "no longer needed", "refund_all": true}"##,
        )
        .unwrap_err();
        assert!(error.to_string().contains("refund_all"), "{error}");
    }

    #[test]
    fn money_must_be_a_string() {
        let error = serde_json::from_str::<Action>(
            r##"{"type": "refund", "order_id": "#W1", "amount": 12.5, "refund_method_id": "paypal_1", "reason": "late"}"##,
        )
        .unwrap_err();
        assert!(error.to_string().contains("string"), "{error}");
    }
}
