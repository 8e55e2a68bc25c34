//! The store's records: what the sandbox database holds and what a real shop or
//! billing system is mapped onto.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ids::*;
use crate::money::Amount;
use crate::Timestamp;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Address {
    pub address1: String,
    pub address2: String,
    pub city: String,
    pub state: String,
    pub country: String,
    pub zip: String,
}

impl Address {
    /// One line, as a reply or a summary shows it.
    pub fn one_line(&self) -> String {
        let mut parts = vec![self.address1.clone()];
        if !self.address2.trim().is_empty() {
            parts.push(self.address2.clone());
        }
        parts.push(format!("{}, {} {}", self.city, self.state, self.zip));
        parts.push(self.country.clone());
        parts.join(", ")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PaymentKind {
    CreditCard,
    Paypal,
    GiftCard,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PaymentMethod {
    pub id: PaymentMethodId,
    pub kind: PaymentKind,
    /// Card brand, for credit cards.
    pub brand: Option<String>,
    /// Last four digits, for credit cards: the only part of a card the app ever holds.
    pub last_four: Option<String>,
    /// Remaining balance, for gift cards.
    pub balance: Option<Amount>,
}

impl PaymentMethod {
    /// How a person names it: "Mastercard ending 9212", "PayPal", "gift card (balance 51.00)".
    pub fn describe(&self) -> String {
        match self.kind {
            PaymentKind::CreditCard => {
                let brand = self
                    .brand
                    .as_deref()
                    .map(capitalise)
                    .unwrap_or_else(|| "card".into());
                match &self.last_four {
                    Some(last_four) => format!("{brand} ending {last_four}"),
                    None => brand,
                }
            }
            PaymentKind::Paypal => "PayPal".into(),
            PaymentKind::GiftCard => "gift card".into(),
        }
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Customer {
    pub id: CustomerId,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub address: Address,
    pub payment_methods: Vec<PaymentMethod>,
}

impl Customer {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }

    pub fn payment_method(&self, id: &PaymentMethodId) -> Option<&PaymentMethod> {
        self.payment_methods.iter().find(|method| &method.id == id)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub enum OrderStatus {
    #[serde(rename = "pending")]
    Pending,
    #[serde(rename = "pending (item modified)")]
    PendingItemModified,
    #[serde(rename = "processed")]
    Processed,
    #[serde(rename = "delivered")]
    Delivered,
    #[serde(rename = "cancelled")]
    Cancelled,
    #[serde(rename = "return requested")]
    ReturnRequested,
    #[serde(rename = "exchange requested")]
    ExchangeRequested,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 7] = [
        OrderStatus::Pending,
        OrderStatus::PendingItemModified,
        OrderStatus::Processed,
        OrderStatus::Delivered,
        OrderStatus::Cancelled,
        OrderStatus::ReturnRequested,
        OrderStatus::ExchangeRequested,
    ];

    /// The status as the data and the policy write it ("pending (item modified)").
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Pending => "pending",
            OrderStatus::PendingItemModified => "pending (item modified)",
            OrderStatus::Processed => "processed",
            OrderStatus::Delivered => "delivered",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::ReturnRequested => "return requested",
            OrderStatus::ExchangeRequested => "exchange requested",
        }
    }

    pub fn parse(text: &str) -> Option<OrderStatus> {
        OrderStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == text)
    }
}

impl std::fmt::Display for OrderStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OrderItem {
    pub item_id: ItemId,
    pub product_id: ProductId,
    pub name: String,
    pub price: Amount,
    pub options: BTreeMap<String, String>,
}

impl OrderItem {
    /// "Water Bottle (1000ml, glass, blue)".
    pub fn describe(&self) -> String {
        if self.options.is_empty() {
            return self.name.clone();
        }
        let options: Vec<&str> = self.options.values().map(String::as_str).collect();
        format!("{} ({})", self.name, options.join(", "))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Fulfillment {
    pub tracking_ids: Vec<String>,
    pub item_ids: Vec<ItemId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TransactionKind {
    Payment,
    Refund,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Transaction {
    pub kind: TransactionKind,
    pub amount: Amount,
    pub payment_method_id: PaymentMethodId,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Order {
    pub order_id: OrderId,
    pub customer_id: CustomerId,
    pub status: OrderStatus,
    pub address: Address,
    pub items: Vec<OrderItem>,
    pub fulfillments: Vec<Fulfillment>,
    pub transactions: Vec<Transaction>,
    pub currency: String,
    pub placed_at: Timestamp,
    pub shipped_at: Option<Timestamp>,
    pub delivered_at: Option<Timestamp>,
    pub cancelled_at: Option<Timestamp>,
    pub cancel_reason: Option<String>,
    /// R10: the items a return was requested for, and where their refund goes.
    pub return_items: Vec<ItemId>,
    pub return_payment_method_id: Option<PaymentMethodId>,
    /// R11: the items an exchange was requested for, what they become, and how the
    /// difference is paid.
    pub exchange_items: Vec<ItemId>,
    pub exchange_new_items: Vec<ItemId>,
    pub exchange_payment_method_id: Option<PaymentMethodId>,
    /// New minus old price; negative when the customer gets money back.
    #[ts(type = "string | null")]
    pub exchange_price_difference: Option<rust_decimal::Decimal>,
}

impl Order {
    pub fn paid(&self) -> Amount {
        self.sum_of(TransactionKind::Payment)
    }

    pub fn refunded(&self) -> Amount {
        self.sum_of(TransactionKind::Refund)
    }

    pub fn total(&self) -> Amount {
        self.items.iter().map(|item| item.price).sum()
    }

    fn sum_of(&self, kind: TransactionKind) -> Amount {
        self.transactions
            .iter()
            .filter(|transaction| transaction.kind == kind)
            .map(|transaction| transaction.amount)
            .sum()
    }

    pub fn tracking_ids(&self) -> Vec<&str> {
        self.fulfillments
            .iter()
            .flat_map(|fulfillment| fulfillment.tracking_ids.iter().map(String::as_str))
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Variant {
    pub item_id: ItemId,
    pub product_id: ProductId,
    pub options: BTreeMap<String, String>,
    pub available: bool,
    pub price: Amount,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Product {
    pub product_id: ProductId,
    pub name: String,
    pub variants: Vec<Variant>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Plan {
    pub plan_id: PlanId,
    pub product_line: String,
    pub name: String,
    pub interval: String,
    pub price: Amount,
    pub currency: String,
}

impl Plan {
    /// `start` plus `periods` billing periods of this plan ("month" or "two_weeks");
    /// `None` for an interval the store does not know.
    pub fn add_periods(&self, start: Timestamp, periods: u32) -> Option<Timestamp> {
        match self.interval.as_str() {
            "month" => start.checked_add_months(chrono::Months::new(periods)),
            "two_weeks" => {
                start.checked_add_signed(chrono::Duration::weeks(2 * i64::from(periods)))
            }
            "week" => start.checked_add_signed(chrono::Duration::weeks(i64::from(periods))),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SubscriptionStatus {
    Active,
    Paused,
    Cancelled,
}

impl SubscriptionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SubscriptionStatus::Active => "active",
            SubscriptionStatus::Paused => "paused",
            SubscriptionStatus::Cancelled => "cancelled",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Subscription {
    pub subscription_id: SubscriptionId,
    pub customer_id: CustomerId,
    pub plan_id: PlanId,
    pub status: SubscriptionStatus,
    pub current_period_start: Timestamp,
    pub current_period_end: Timestamp,
    pub next_renewal_at: Option<Timestamp>,
    pub paused_until: Option<Timestamp>,
    pub cancelled_at: Option<Timestamp>,
    pub cancel_at_period_end: bool,
    pub payment_method_id: PaymentMethodId,
    pub created_at: Timestamp,
}

impl Subscription {
    /// R22: the refund of an immediate cancel at `at`: plan price × unused seconds ÷
    /// period seconds, rounded to cents.
    pub fn prorated_refund(&self, plan: &Plan, at: Timestamp) -> Amount {
        let period = (self.current_period_end - self.current_period_start).num_seconds();
        if period <= 0 {
            return Amount::ZERO;
        }
        let unused = (self.current_period_end - at)
            .num_seconds()
            .clamp(0, period);
        Amount::from_decimal(
            plan.price.decimal() * rust_decimal::Decimal::from(unused)
                / rust_decimal::Decimal::from(period),
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SupportKind {
    Refund,
    Reship,
}

/// An earlier goodwill refund or reship (R20 counts them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SupportHistoryEntry {
    pub history_id: String,
    pub customer_id: CustomerId,
    pub order_id: OrderId,
    pub kind: SupportKind,
    pub reason: String,
    pub item_ids: Vec<ItemId>,
    pub amount: Amount,
    pub at: Timestamp,
    pub approved_by: AgentId,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Agent {
    pub agent_id: AgentId,
    pub name: String,
    pub role: crate::Role,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Queue {
    pub queue: crate::QueueName,
    pub description: String,
}

/// Everything the engine and the policy may read about one customer: their profile,
/// orders, subscriptions and support history, plus the catalogue entries of the
/// products they bought and the world clock. Nothing of any other customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CustomerContext {
    pub customer: Customer,
    pub orders: Vec<Order>,
    pub subscriptions: Vec<Subscription>,
    pub plans: Vec<Plan>,
    pub support_history: Vec<SupportHistoryEntry>,
    pub products: Vec<Product>,
}

impl CustomerContext {
    pub fn order(&self, id: &OrderId) -> Option<&Order> {
        self.orders.iter().find(|order| &order.order_id == id)
    }

    pub fn subscription(&self, id: &SubscriptionId) -> Option<&Subscription> {
        self.subscriptions
            .iter()
            .find(|subscription| &subscription.subscription_id == id)
    }

    /// The names of every product in the customer's orders, each once.
    pub fn item_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self
            .orders
            .iter()
            .flat_map(|order| order.items.iter().map(|item| item.name.as_str()))
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    }

    pub fn plan(&self, id: &PlanId) -> Option<&Plan> {
        self.plans.iter().find(|plan| &plan.plan_id == id)
    }

    pub fn product(&self, id: &ProductId) -> Option<&Product> {
        self.products
            .iter()
            .find(|product| &product.product_id == id)
    }
}
