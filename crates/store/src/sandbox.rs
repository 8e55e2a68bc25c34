//! Carries out actions in the sandbox store. Each function checks its
//! preconditions again against the rows it is about to change (fresh state, inside
//! the approval's transaction), whatever the policy said when the action was
//! proposed.

use std::str::FromStr;

use countersign_domain::*;
use rusqlite::{params, OptionalExtension, Transaction as SqlTransaction};

use crate::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    /// The action cannot run on the current state; nothing was changed.
    #[error("{0}")]
    Precondition(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for ApplyError {
    fn from(error: rusqlite::Error) -> Self {
        ApplyError::Store(StoreError::Sqlite(error))
    }
}

pub(crate) fn apply(
    tx: &SqlTransaction<'_>,
    action: &Action,
    clock: Timestamp,
) -> Result<String, ApplyError> {
    match action {
        Action::CancelOrder { order_id, reason } => cancel_order(tx, order_id, *reason, clock),
        Action::UpdateOrderAddress { order_id, address } => {
            update_order_address(tx, order_id, address)
        }
        Action::UpdateCustomerAddress {
            customer_id,
            address,
        } => update_customer_address(tx, customer_id, address),
        other => Err(ApplyError::Precondition(format!(
            "The sandbox cannot carry out `{}` actions yet; hand the ticket off instead.",
            other.kind().as_str()
        ))),
    }
}

fn order_status(tx: &SqlTransaction<'_>, order_id: &OrderId) -> Result<OrderStatus, ApplyError> {
    let status: Option<String> = tx
        .query_row(
            "SELECT status FROM orders WHERE order_id = ?1",
            [order_id.as_str()],
            |row| row.get(0),
        )
        .optional()?;
    let status = status
        .ok_or_else(|| ApplyError::Precondition(format!("Order {order_id} does not exist.")))?;
    OrderStatus::parse(&status).ok_or_else(|| {
        ApplyError::Store(StoreError::corrupt(
            order_id.as_str(),
            format!("unknown status {status}"),
        ))
    })
}

fn money(what: &str, text: &str) -> Result<Amount, ApplyError> {
    Amount::from_str(text).map_err(|error| ApplyError::Store(StoreError::corrupt(what, error)))
}

/// R5: a pending order is cancelled and every payment is refunded to its own
/// method; a gift card's balance goes back up at once.
fn cancel_order(
    tx: &SqlTransaction<'_>,
    order_id: &OrderId,
    reason: CancelReason,
    clock: Timestamp,
) -> Result<String, ApplyError> {
    let status = order_status(tx, order_id)?;
    if status != OrderStatus::Pending {
        return Err(ApplyError::Precondition(format!(
            "Order {order_id} is {status}; only pending orders can be cancelled."
        )));
    }
    let payments: Vec<(String, String, Option<String>)> = {
        let mut statement = tx.prepare(
            "SELECT t.amount, t.payment_method_id, p.kind
             FROM order_transactions t LEFT JOIN payment_methods p USING (payment_method_id)
             WHERE t.order_id = ?1 AND t.kind = 'payment' ORDER BY t.position",
        )?;
        let rows = statement
            .query_map([order_id.as_str()], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows
    };
    let next_position: i64 = tx.query_row(
        "SELECT coalesce(max(position), -1) + 1 FROM order_transactions WHERE order_id = ?1",
        [order_id.as_str()],
        |row| row.get(0),
    )?;
    let mut refunds = Vec::new();
    for (offset, (amount_text, method, kind)) in payments.iter().enumerate() {
        let amount = money(order_id.as_str(), amount_text)?;
        tx.execute(
            "INSERT INTO order_transactions VALUES (?1, ?2, 'refund', ?3, ?4)",
            params![
                order_id.as_str(),
                next_position + offset as i64,
                amount.to_string(),
                method
            ],
        )?;
        if kind.as_deref() == Some("gift_card") {
            credit_gift_card(tx, method, amount)?;
            refunds.push(format!("${amount} back on gift card {method} at once"));
        } else {
            refunds.push(format!("${amount} to {method} within 5–7 business days"));
        }
    }
    tx.execute(
        "UPDATE orders SET status = 'cancelled', cancel_reason = ?2, cancelled_at = ?3
         WHERE order_id = ?1",
        params![order_id.as_str(), reason.as_str(), clock.to_rfc3339()],
    )?;
    Ok(format!(
        "Cancelled order {order_id} ({}); refund: {}.",
        reason.as_str(),
        refunds.join("; ")
    ))
}

fn credit_gift_card(
    tx: &SqlTransaction<'_>,
    method: &str,
    amount: Amount,
) -> Result<(), ApplyError> {
    let balance: Option<String> = tx.query_row(
        "SELECT balance FROM payment_methods WHERE payment_method_id = ?1",
        [method],
        |row| row.get(0),
    )?;
    let balance = money(method, balance.as_deref().unwrap_or("0"))?;
    tx.execute(
        "UPDATE payment_methods SET balance = ?2 WHERE payment_method_id = ?1",
        params![method, (balance + amount).to_string()],
    )?;
    Ok(())
}

/// R7: a pending order's shipping address may change.
fn update_order_address(
    tx: &SqlTransaction<'_>,
    order_id: &OrderId,
    address: &Address,
) -> Result<String, ApplyError> {
    let status = order_status(tx, order_id)?;
    if !matches!(
        status,
        OrderStatus::Pending | OrderStatus::PendingItemModified
    ) {
        return Err(ApplyError::Precondition(format!(
            "Order {order_id} is {status}; only a pending order's address can change."
        )));
    }
    tx.execute(
        "UPDATE orders SET address1 = ?2, address2 = ?3, city = ?4, state = ?5, country = ?6,
                zip = ?7 WHERE order_id = ?1",
        params![
            order_id.as_str(),
            address.address1,
            address.address2,
            address.city,
            address.state,
            address.country,
            address.zip
        ],
    )?;
    Ok(format!(
        "Order {order_id} will ship to {}.",
        address.one_line()
    ))
}

/// R12: a customer's default address.
fn update_customer_address(
    tx: &SqlTransaction<'_>,
    customer_id: &CustomerId,
    address: &Address,
) -> Result<String, ApplyError> {
    let changed = tx.execute(
        "UPDATE customers SET address1 = ?2, address2 = ?3, city = ?4, state = ?5, country = ?6,
                zip = ?7 WHERE customer_id = ?1",
        params![
            customer_id.as_str(),
            address.address1,
            address.address2,
            address.city,
            address.state,
            address.country,
            address.zip
        ],
    )?;
    if changed == 0 {
        return Err(ApplyError::Precondition(format!(
            "Customer {customer_id} does not exist."
        )));
    }
    Ok(format!(
        "The default address on file is now {}.",
        address.one_line()
    ))
}
