//! Exports the store in tau-bench's own file shapes (`users.json`, `orders.json`),
//! so an end state can be compared field by field with the benchmark's.
//!
//! tau-bench writes money as JSON numbers; the export does too, converting each
//! exact two-place decimal to the nearest binary float only at this boundary.

use serde_json::{json, Map, Value};

use countersign_domain::*;

use crate::{Store, StoreError};

fn money(amount: Amount) -> Value {
    let text = amount.to_string();
    text.parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .map_or(Value::String(text), Value::Number)
}

fn address(address: &Address) -> Value {
    json!({
        "address1": address.address1,
        "address2": address.address2,
        "city": address.city,
        "country": address.country,
        "state": address.state,
        "zip": address.zip,
    })
}

fn order_value(order: &Order) -> Value {
    let mut value = json!({
        "order_id": order.order_id,
        "user_id": order.customer_id,
        "address": address(&order.address),
        "items": order.items.iter().map(|item| json!({
            "name": item.name,
            "product_id": item.product_id,
            "item_id": item.item_id,
            "price": money(item.price),
            "options": item.options,
        })).collect::<Vec<_>>(),
        "fulfillments": order.fulfillments.iter().map(|f| json!({
            "tracking_id": f.tracking_ids,
            "item_ids": f.item_ids,
        })).collect::<Vec<_>>(),
        "status": order.status.as_str(),
        "payment_history": order.transactions.iter().map(|t| json!({
            "transaction_type": match t.kind {
                TransactionKind::Payment => "payment",
                TransactionKind::Refund => "refund",
            },
            "amount": money(t.amount),
            "payment_method_id": t.payment_method_id,
        })).collect::<Vec<_>>(),
    });
    let Value::Object(fields) = &mut value else {
        return value;
    };
    if let Some(reason) = &order.cancel_reason {
        fields.insert("cancel_reason".into(), json!(reason));
    }
    if let Some(method) = &order.return_payment_method_id {
        fields.insert("return_items".into(), json!(order.return_items));
        fields.insert("return_payment_method_id".into(), json!(method));
    }
    if let Some(method) = &order.exchange_payment_method_id {
        fields.insert("exchange_items".into(), json!(order.exchange_items));
        fields.insert("exchange_new_items".into(), json!(order.exchange_new_items));
        fields.insert("exchange_payment_method_id".into(), json!(method));
        let difference = order
            .exchange_price_difference
            .map(|d| d.to_string().parse::<f64>().unwrap_or_default())
            .unwrap_or_default();
        fields.insert("exchange_price_difference".into(), json!(difference));
    }
    value
}

impl Store {
    /// tau-bench's `users.json`: customers keyed by id.
    pub fn export_users(&self) -> Result<Value, StoreError> {
        let mut users = Map::new();
        for id in self.customer_ids()? {
            let Some(customer) = self.customer(&id)? else {
                continue;
            };
            let mut methods = Map::new();
            for method in &customer.payment_methods {
                let value = match method.kind {
                    PaymentKind::CreditCard => json!({
                        "source": "credit_card",
                        "brand": method.brand,
                        "last_four": method.last_four,
                        "id": method.id,
                    }),
                    PaymentKind::Paypal => json!({"source": "paypal", "id": method.id}),
                    PaymentKind::GiftCard => json!({
                        "source": "gift_card",
                        "balance": money(method.balance.unwrap_or(Amount::ZERO)),
                        "id": method.id,
                    }),
                };
                methods.insert(method.id.to_string(), value);
            }
            users.insert(
                id.to_string(),
                json!({
                    "name": {"first_name": customer.first_name, "last_name": customer.last_name},
                    "address": address(&customer.address),
                    "email": customer.email,
                    "payment_methods": methods,
                    "orders": self.order_ids_in_customer_order(&id)?,
                }),
            );
        }
        Ok(Value::Object(users))
    }

    /// tau-bench's `orders.json`: orders keyed by id.
    pub fn export_orders(&self) -> Result<Value, StoreError> {
        let mut orders = Map::new();
        let ids: Vec<String> = {
            let mut statement = self
                .conn
                .prepare_cached("SELECT order_id FROM orders ORDER BY order_id")?;
            let ids = statement
                .query_map([], |row| row.get(0))?
                .collect::<Result<Vec<_>, _>>()?;
            ids
        };
        for id in ids {
            if let Some(order) = self.order(&OrderId(id.clone()))? {
                orders.insert(id, order_value(&order));
            }
        }
        Ok(Value::Object(orders))
    }

    fn order_ids_in_customer_order(
        &self,
        customer: &CustomerId,
    ) -> Result<Vec<String>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT order_id FROM orders WHERE customer_id = ?1 ORDER BY customer_position, order_id",
        )?;
        let ids = statement
            .query_map([customer.as_str()], |row| row.get(0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ids)
    }
}
