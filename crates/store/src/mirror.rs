//! Mirroring what a connected system gave (a ticket from the helpdesk, a
//! customer's context from the shop and billing) into this database, so that the
//! engine, the policy and the desk read it exactly as they read the sandbox.
//!
//! A ticket or a customer seen before is replaced by the newer copy. What the
//! desk made of a ticket stays (drafts, approvals, the audit), except a saved
//! proposal when the conversation changed: it was made from older words, so the
//! ticket is proposed for again when it is next opened.

use countersign_domain::*;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use crate::write::{author_str, insert_messages, status_str};
use crate::{StoreError, Writer};

/// An enum as the store writes it: its serde name ("credit_card", "payment").
fn name_of(value: &impl Serialize) -> Result<String, StoreError> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => Ok(name),
        Ok(other) => Err(StoreError::corrupt(
            "mirror",
            format!("not a name: {other}"),
        )),
        Err(error) => Err(StoreError::corrupt("mirror", error)),
    }
}

fn json(value: &impl Serialize) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|error| StoreError::corrupt("mirror", error))
}

fn sorted(items: &[ItemId]) -> Vec<&ItemId> {
    let mut items: Vec<&ItemId> = items.iter().collect();
    items.sort();
    items
}

impl Writer<'_> {
    /// Puts `ticket` in the database, replacing an older copy of it.
    pub fn mirror_ticket(&self, ticket: &Ticket) -> Result<(), StoreError> {
        let conn = self.conn;
        let before: Option<String> = conn
            .query_row(
                "SELECT group_concat(author || char(31) || at || char(31) || body, char(30))
                 FROM (SELECT * FROM ticket_messages WHERE ticket_id = ?1 ORDER BY position)",
                [ticket.id.as_str()],
                |row| row.get(0),
            )
            .optional()?
            .flatten();
        conn.execute(
            "INSERT INTO tickets (ticket_id, channel, from_name, from_email, subject, created_at,
                                  status, queue)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (ticket_id) DO UPDATE SET channel = ?2, from_name = ?3, from_email = ?4,
                 subject = ?5, created_at = ?6, status = ?7, queue = ?8",
            params![
                ticket.id.as_str(),
                ticket.channel,
                ticket.from.name,
                ticket.from.email,
                ticket.subject,
                ticket.created_at.to_rfc3339(),
                status_str(ticket.status),
                ticket.queue.map(QueueName::as_str)
            ],
        )?;
        conn.execute(
            "DELETE FROM ticket_messages WHERE ticket_id = ?1",
            [ticket.id.as_str()],
        )?;
        insert_messages(conn, ticket)?;
        let after: Vec<String> = ticket
            .messages
            .iter()
            .map(|message| {
                format!(
                    "{}\u{1f}{}\u{1f}{}",
                    author_str(message.author),
                    message.at.to_rfc3339(),
                    message.body
                )
            })
            .collect();
        if before.is_some_and(|before| before != after.join("\u{1e}")) {
            conn.execute(
                "DELETE FROM proposals WHERE ticket_id = ?1",
                [ticket.id.as_str()],
            )?;
        }
        Ok(())
    }

    /// Puts a customer's context in the database: the customer, their payment
    /// methods, orders, plans and subscriptions, each replacing an older copy.
    pub fn mirror_context(&self, context: &CustomerContext) -> Result<(), StoreError> {
        let conn = self.conn;
        let customer = &context.customer;
        let id = customer.id.as_str();
        let address = &customer.address;
        conn.execute(
            "INSERT INTO customers (customer_id, first_name, last_name, email, address1, address2,
                                    city, state, country, zip)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
             ON CONFLICT (customer_id) DO UPDATE SET first_name = ?2, last_name = ?3, email = ?4,
                 address1 = ?5, address2 = ?6, city = ?7, state = ?8, country = ?9, zip = ?10",
            params![
                id,
                customer.first_name,
                customer.last_name,
                customer.email,
                address.address1,
                address.address2,
                address.city,
                address.state,
                address.country,
                address.zip
            ],
        )?;
        conn.execute("DELETE FROM payment_methods WHERE customer_id = ?1", [id])?;
        for (position, method) in customer.payment_methods.iter().enumerate() {
            conn.execute(
                "INSERT INTO payment_methods (payment_method_id, customer_id, position, kind, brand,
                                              last_four, balance)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (payment_method_id) DO UPDATE SET customer_id = ?2, position = ?3,
                     kind = ?4, brand = ?5, last_four = ?6, balance = ?7",
                params![
                    method.id.as_str(),
                    id,
                    position as i64,
                    name_of(&method.kind)?,
                    method.brand,
                    method.last_four,
                    method.balance.map(|balance| balance.to_string())
                ],
            )?;
        }
        for (position, order) in context.orders.iter().enumerate() {
            self.mirror_order(order, position)?;
        }
        for plan in &context.plans {
            conn.execute(
                "INSERT INTO plans (plan_id, product_line, name, interval, price, currency)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (plan_id) DO UPDATE SET product_line = ?2, name = ?3, interval = ?4,
                     price = ?5, currency = ?6",
                params![
                    plan.plan_id.as_str(),
                    plan.product_line,
                    plan.name,
                    plan.interval,
                    plan.price.to_string(),
                    plan.currency
                ],
            )?;
        }
        for subscription in &context.subscriptions {
            conn.execute(
                "INSERT INTO subscriptions (subscription_id, customer_id, plan_id, status,
                     current_period_start, current_period_end, next_renewal_at, paused_until,
                     cancelled_at, cancel_at_period_end, payment_method_id, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                 ON CONFLICT (subscription_id) DO UPDATE SET customer_id = ?2, plan_id = ?3,
                     status = ?4, current_period_start = ?5, current_period_end = ?6,
                     next_renewal_at = ?7, paused_until = ?8, cancelled_at = ?9,
                     cancel_at_period_end = ?10, payment_method_id = ?11, created_at = ?12",
                params![
                    subscription.subscription_id.as_str(),
                    subscription.customer_id.as_str(),
                    subscription.plan_id.as_str(),
                    subscription.status.as_str(),
                    subscription.current_period_start.to_rfc3339(),
                    subscription.current_period_end.to_rfc3339(),
                    subscription.next_renewal_at.map(|at| at.to_rfc3339()),
                    subscription.paused_until.map(|at| at.to_rfc3339()),
                    subscription.cancelled_at.map(|at| at.to_rfc3339()),
                    subscription.cancel_at_period_end,
                    subscription.payment_method_id.as_str(),
                    subscription.created_at.to_rfc3339()
                ],
            )?;
        }
        Ok(())
    }

    fn mirror_order(&self, order: &Order, position: usize) -> Result<(), StoreError> {
        let conn = self.conn;
        let id = order.order_id.as_str();
        let address = &order.address;
        conn.execute(
            "INSERT INTO orders (order_id, customer_id, status, address1, address2, city, state,
                 country, zip, currency, placed_at, shipped_at, delivered_at, cancelled_at,
                 cancel_reason, return_items, return_payment_method_id, exchange_items,
                 exchange_new_items, exchange_payment_method_id, exchange_price_difference,
                 customer_position)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                     ?18, ?19, ?20, ?21, ?22)
             ON CONFLICT (order_id) DO UPDATE SET customer_id = ?2, status = ?3, address1 = ?4,
                 address2 = ?5, city = ?6, state = ?7, country = ?8, zip = ?9, currency = ?10,
                 placed_at = ?11, shipped_at = ?12, delivered_at = ?13, cancelled_at = ?14,
                 cancel_reason = ?15, return_items = ?16, return_payment_method_id = ?17,
                 exchange_items = ?18, exchange_new_items = ?19,
                 exchange_payment_method_id = ?20, exchange_price_difference = ?21,
                 customer_position = ?22",
            params![
                id,
                order.customer_id.as_str(),
                order.status.as_str(),
                address.address1,
                address.address2,
                address.city,
                address.state,
                address.country,
                address.zip,
                order.currency,
                order.placed_at.to_rfc3339(),
                order.shipped_at.map(|at| at.to_rfc3339()),
                order.delivered_at.map(|at| at.to_rfc3339()),
                order.cancelled_at.map(|at| at.to_rfc3339()),
                order.cancel_reason,
                json(&sorted(&order.return_items))?,
                order
                    .return_payment_method_id
                    .as_ref()
                    .map(PaymentMethodId::as_str),
                json(&sorted(&order.exchange_items))?,
                json(&order.exchange_new_items)?,
                order
                    .exchange_payment_method_id
                    .as_ref()
                    .map(PaymentMethodId::as_str),
                order.exchange_price_difference.map(|d| d.to_string()),
                position as i64
            ],
        )?;
        for table in ["order_items", "fulfillments", "order_transactions"] {
            conn.execute(&format!("DELETE FROM {table} WHERE order_id = ?1"), [id])?;
        }
        for (position, item) in order.items.iter().enumerate() {
            conn.execute(
                "INSERT INTO order_items (order_id, position, item_id, product_id, name, price,
                                          options)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    id,
                    position as i64,
                    item.item_id.as_str(),
                    item.product_id.as_str(),
                    item.name,
                    item.price.to_string(),
                    json(&item.options)?
                ],
            )?;
        }
        for (position, fulfillment) in order.fulfillments.iter().enumerate() {
            conn.execute(
                "INSERT INTO fulfillments (order_id, position, tracking_ids, item_ids)
                 VALUES (?1, ?2, ?3, ?4)",
                params![
                    id,
                    position as i64,
                    json(&fulfillment.tracking_ids)?,
                    json(&fulfillment.item_ids)?
                ],
            )?;
        }
        for (position, transaction) in order.transactions.iter().enumerate() {
            conn.execute(
                "INSERT INTO order_transactions (order_id, position, kind, amount,
                                                 payment_method_id)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    id,
                    position as i64,
                    name_of(&transaction.kind)?,
                    transaction.amount.to_string(),
                    transaction.payment_method_id.as_str()
                ],
            )?;
        }
        Ok(())
    }
}
