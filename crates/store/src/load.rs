//! Builds the sandbox from the world files: tau-bench's users, orders and products,
//! the store's extension (clock, dates, subscriptions, history, agents, queues), and
//! the inbound tickets that make up the sandbox helpdesk queue.

use std::collections::BTreeMap;

use countersign_domain::{Amount, Ticket};
use rusqlite::{params, Transaction};
use serde::Deserialize;

use crate::StoreError;

/// The world files' contents. `embedded()` is the copy compiled into the binary,
/// so the product runs without any file beside it.
#[derive(Debug, Clone)]
pub struct WorldSource {
    pub users: String,
    pub orders: String,
    pub products: String,
    pub extension: String,
    pub tickets: String,
}

impl WorldSource {
    pub fn embedded() -> WorldSource {
        WorldSource {
            users: include_str!("../world/tau-retail/users.json").to_owned(),
            orders: include_str!("../world/tau-retail/orders.json").to_owned(),
            products: include_str!("../world/tau-retail/products.json").to_owned(),
            extension: include_str!("../world/world-extension.json").to_owned(),
            tickets: include_str!("../world/dev-tickets.jsonl").to_owned(),
        }
    }
}

#[derive(Deserialize)]
struct TauAddress {
    address1: String,
    address2: String,
    city: String,
    country: String,
    state: String,
    zip: String,
}

#[derive(Deserialize)]
struct TauName {
    first_name: String,
    last_name: String,
}

#[derive(Deserialize)]
struct TauPaymentMethod {
    source: String,
    id: String,
    brand: Option<String>,
    last_four: Option<String>,
    balance: Option<serde_json::Number>,
}

#[derive(Deserialize)]
struct TauUser {
    name: TauName,
    address: TauAddress,
    email: String,
    payment_methods: BTreeMap<String, TauPaymentMethod>,
    orders: Vec<String>,
}

#[derive(Deserialize)]
struct TauItem {
    name: String,
    product_id: String,
    item_id: String,
    price: serde_json::Number,
    options: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct TauFulfillment {
    tracking_id: Vec<String>,
    item_ids: Vec<String>,
}

#[derive(Deserialize)]
struct TauTransaction {
    transaction_type: String,
    amount: serde_json::Number,
    payment_method_id: String,
}

#[derive(Deserialize)]
struct TauOrder {
    order_id: String,
    user_id: String,
    address: TauAddress,
    items: Vec<TauItem>,
    fulfillments: Vec<TauFulfillment>,
    status: String,
    payment_history: Vec<TauTransaction>,
    #[serde(default)]
    cancel_reason: Option<String>,
}

#[derive(Deserialize)]
struct TauVariant {
    item_id: String,
    options: BTreeMap<String, String>,
    available: bool,
    price: serde_json::Number,
}

#[derive(Deserialize)]
struct TauProduct {
    name: String,
    product_id: String,
    variants: BTreeMap<String, TauVariant>,
}

#[derive(Deserialize)]
struct Extension {
    clock: String,
    currency: String,
    agents: Vec<ExtAgent>,
    queues: Vec<ExtQueue>,
    plans: Vec<ExtPlan>,
    subscriptions: Vec<ExtSubscription>,
    support_history: Vec<ExtHistory>,
    orders: BTreeMap<String, ExtOrderDates>,
}

#[derive(Deserialize)]
struct ExtAgent {
    agent_id: String,
    name: String,
    role: String,
}

#[derive(Deserialize)]
struct ExtQueue {
    queue: String,
    description: String,
}

#[derive(Deserialize)]
struct ExtPlan {
    plan_id: String,
    product_line: String,
    name: String,
    interval: String,
    price: Amount,
    currency: String,
}

#[derive(Deserialize)]
struct ExtSubscription {
    subscription_id: String,
    customer_id: String,
    plan_id: String,
    status: String,
    current_period_start: String,
    current_period_end: String,
    next_renewal_at: Option<String>,
    paused_until: Option<String>,
    cancelled_at: Option<String>,
    payment_method_id: String,
    created_at: String,
}

#[derive(Deserialize)]
struct ExtHistory {
    history_id: String,
    customer_id: String,
    order_id: String,
    kind: String,
    reason: String,
    item_ids: Vec<String>,
    amount: Amount,
    at: String,
    approved_by: String,
}

#[derive(Deserialize)]
struct ExtOrderDates {
    placed_at: String,
    shipped_at: Option<String>,
    delivered_at: Option<String>,
    cancelled_at: Option<String>,
    currency: String,
}

fn parse<'a, T: Deserialize<'a>>(file: &'static str, text: &'a str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|error| StoreError::World {
        file,
        reason: error.to_string(),
    })
}

fn money(file: &'static str, number: &serde_json::Number) -> Result<String, StoreError> {
    Amount::from_json_number(number)
        .map(|amount| amount.to_string())
        .map_err(|error| StoreError::World {
            file,
            reason: error.to_string(),
        })
}

fn json(value: &impl serde::Serialize) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|error| StoreError::corrupt("json", error))
}

pub(crate) fn load_world(tx: &Transaction<'_>, source: &WorldSource) -> Result<(), StoreError> {
    let users: BTreeMap<String, TauUser> = parse("users.json", &source.users)?;
    let orders: BTreeMap<String, TauOrder> = parse("orders.json", &source.orders)?;
    let products: BTreeMap<String, TauProduct> = parse("products.json", &source.products)?;
    let extension: Extension = parse("world-extension.json", &source.extension)?;

    let mut positions: BTreeMap<String, (String, i64)> = BTreeMap::new();
    tx.execute(
        "INSERT INTO world_meta (key, value) VALUES ('clock', ?1), ('currency', ?2)",
        params![extension.clock, extension.currency],
    )?;

    for (customer_id, user) in &users {
        for (position, order_id) in user.orders.iter().enumerate() {
            positions.insert(order_id.clone(), (customer_id.clone(), position as i64));
        }
        tx.execute(
            "INSERT INTO customers VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                customer_id,
                user.name.first_name,
                user.name.last_name,
                user.email,
                user.address.address1,
                user.address.address2,
                user.address.city,
                user.address.state,
                user.address.country,
                user.address.zip
            ],
        )?;
        for (position, method) in user.payment_methods.values().enumerate() {
            let balance = method
                .balance
                .as_ref()
                .map(|b| money("users.json", b))
                .transpose()?;
            tx.execute(
                "INSERT INTO payment_methods VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    method.id,
                    customer_id,
                    position as i64,
                    method.source,
                    method.brand,
                    method.last_four,
                    balance
                ],
            )?;
        }
    }

    for product in products.values() {
        tx.execute(
            "INSERT INTO products VALUES (?1, ?2)",
            params![product.product_id, product.name],
        )?;
        for variant in product.variants.values() {
            tx.execute(
                "INSERT INTO variants VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    variant.item_id,
                    product.product_id,
                    json(&variant.options)?,
                    variant.available,
                    money("products.json", &variant.price)?
                ],
            )?;
        }
    }

    for order in orders.values() {
        let dates = extension
            .orders
            .get(&order.order_id)
            .ok_or_else(|| StoreError::World {
                file: "world-extension.json",
                reason: format!("no dates for order {}", order.order_id),
            })?;
        tx.execute(
            "INSERT INTO orders (order_id, customer_id, status, address1, address2, city, state,
                                 country, zip, currency, placed_at, shipped_at, delivered_at,
                                 cancelled_at, cancel_reason, customer_position)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            params![
                order.order_id,
                order.user_id,
                order.status,
                order.address.address1,
                order.address.address2,
                order.address.city,
                order.address.state,
                order.address.country,
                order.address.zip,
                dates.currency,
                dates.placed_at,
                dates.shipped_at,
                dates.delivered_at,
                dates.cancelled_at,
                order.cancel_reason,
                positions
                    .get(&order.order_id)
                    .filter(|(owner, _)| owner == &order.user_id)
                    .map_or(i64::MAX, |(_, position)| *position)
            ],
        )?;
        for (position, item) in order.items.iter().enumerate() {
            tx.execute(
                "INSERT INTO order_items VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    order.order_id,
                    position as i64,
                    item.item_id,
                    item.product_id,
                    item.name,
                    money("orders.json", &item.price)?,
                    json(&item.options)?
                ],
            )?;
        }
        for (position, fulfillment) in order.fulfillments.iter().enumerate() {
            tx.execute(
                "INSERT INTO fulfillments VALUES (?1, ?2, ?3, ?4)",
                params![
                    order.order_id,
                    position as i64,
                    json(&fulfillment.tracking_id)?,
                    json(&fulfillment.item_ids)?
                ],
            )?;
        }
        for (position, transaction) in order.payment_history.iter().enumerate() {
            tx.execute(
                "INSERT INTO order_transactions VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    order.order_id,
                    position as i64,
                    transaction.transaction_type,
                    money("orders.json", &transaction.amount)?,
                    transaction.payment_method_id
                ],
            )?;
        }
    }

    for plan in &extension.plans {
        tx.execute(
            "INSERT INTO plans VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                plan.plan_id,
                plan.product_line,
                plan.name,
                plan.interval,
                plan.price.to_string(),
                plan.currency
            ],
        )?;
    }
    for sub in &extension.subscriptions {
        tx.execute(
            "INSERT INTO subscriptions VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0, ?10, ?11)",
            params![
                sub.subscription_id,
                sub.customer_id,
                sub.plan_id,
                sub.status,
                sub.current_period_start,
                sub.current_period_end,
                sub.next_renewal_at,
                sub.paused_until,
                sub.cancelled_at,
                sub.payment_method_id,
                sub.created_at
            ],
        )?;
    }
    for entry in &extension.support_history {
        tx.execute(
            "INSERT INTO support_history VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                entry.history_id,
                entry.customer_id,
                entry.order_id,
                entry.kind,
                entry.reason,
                json(&entry.item_ids)?,
                entry.amount.to_string(),
                entry.at,
                entry.approved_by
            ],
        )?;
    }
    for agent in &extension.agents {
        tx.execute(
            "INSERT INTO agents VALUES (?1, ?2, ?3)",
            params![agent.agent_id, agent.name, agent.role],
        )?;
    }
    for queue in &extension.queues {
        tx.execute(
            "INSERT INTO queues VALUES (?1, ?2)",
            params![queue.queue, queue.description],
        )?;
    }

    for (index, line) in source.tickets.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let ticket: Ticket = serde_json::from_str(line).map_err(|error| StoreError::World {
            file: "dev-tickets.jsonl",
            reason: format!("line {}: {error}", index + 1),
        })?;
        crate::write::insert_ticket(tx, &ticket)?;
    }
    Ok(())
}
