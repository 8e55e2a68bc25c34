//! Carries out actions in the sandbox store. Each function checks its
//! preconditions again against the rows it is about to change (fresh state, inside
//! the approval's transaction), whatever the policy said when the action was
//! proposed.

use countersign_domain::*;
use rusqlite::{params, OptionalExtension, Transaction as SqlTransaction};
use rust_decimal::Decimal;

use crate::{Reader, StoreError};

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
    agent: &AgentId,
) -> Result<String, ApplyError> {
    let run = Run {
        tx,
        read: Reader { conn: tx },
        clock,
        agent,
    };
    match action {
        Action::CancelOrder { order_id, reason } => run.cancel(order_id, *reason),
        Action::UpdateOrderAddress { order_id, address } => {
            update_order_address(tx, order_id, address)
        }
        Action::UpdateCustomerAddress {
            customer_id,
            address,
        } => update_customer_address(tx, customer_id, address),
        Action::ModifyOrderItems {
            order_id,
            item_ids,
            new_item_ids,
            payment_method_id,
        } => run.modify_items(order_id, item_ids, new_item_ids, payment_method_id),
        Action::ChangePaymentMethod {
            order_id,
            payment_method_id,
        } => run.change_payment(order_id, payment_method_id),
        Action::ReturnItems {
            order_id,
            item_ids,
            refund_method_id,
        } => run.return_items(order_id, item_ids, refund_method_id),
        Action::ExchangeItems {
            order_id,
            item_ids,
            new_item_ids,
            payment_method_id,
        } => run.exchange(order_id, item_ids, new_item_ids, payment_method_id),
        Action::Refund {
            order_id,
            amount,
            refund_method_id,
            reason,
            item_ids,
        } => run.refund(
            order_id,
            *amount,
            refund_method_id,
            *reason,
            item_ids.as_deref(),
        ),
        Action::Reship {
            order_id,
            item_ids,
            reason,
        } => run.reship(order_id, item_ids, *reason),
        Action::PauseSubscription {
            subscription_id,
            cycles,
        } => run.pause(subscription_id, *cycles),
        Action::SkipRenewal { subscription_id } => run.skip(subscription_id),
        Action::ResumeSubscription { subscription_id } => run.resume(subscription_id),
        Action::CancelSubscription {
            subscription_id,
            at_period_end,
        } => run.cancel_subscription(subscription_id, *at_period_end),
        Action::ChangePlan {
            subscription_id,
            plan_id,
        } => run.change_plan(subscription_id, plan_id),
        Action::UpdateCustomerEmail { customer_id, email } => run.update_email(customer_id, email),
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

fn refuse<T>(message: impl Into<String>) -> Result<T, ApplyError> {
    Err(ApplyError::Precondition(message.into()))
}

/// One approved action being carried out: the approval's transaction, reads over
/// it (fresh state), the world clock and the approving agent.
struct Run<'a> {
    tx: &'a SqlTransaction<'a>,
    read: Reader<'a>,
    clock: Timestamp,
    agent: &'a AgentId,
}

impl Run<'_> {
    fn order(&self, id: &OrderId) -> Result<Order, ApplyError> {
        match self.read.order(id)? {
            Some(order) => Ok(order),
            None => refuse(format!("Order {id} does not exist.")),
        }
    }

    /// A payment method of the order's own customer (R2).
    fn method(&self, order: &Order, id: &PaymentMethodId) -> Result<PaymentMethod, ApplyError> {
        let customer = self.read.customer(&order.customer_id)?;
        match customer.and_then(|c| c.payment_method(id).cloned()) {
            Some(method) => Ok(method),
            None => refuse(format!(
                "Payment method {id} does not belong to the customer of order {}.",
                order.order_id
            )),
        }
    }

    fn require_status(
        &self,
        order: &Order,
        wanted: OrderStatus,
        what: &str,
    ) -> Result<(), ApplyError> {
        if order.status != wanted {
            return refuse(format!(
                "Order {} is {}; {what} needs it to be {wanted}.",
                order.order_id, order.status
            ));
        }
        Ok(())
    }

    fn set_status(&self, order: &OrderId, status: OrderStatus) -> Result<(), ApplyError> {
        self.tx.execute(
            "UPDATE orders SET status = ?2 WHERE order_id = ?1",
            params![order.as_str(), status.as_str()],
        )?;
        Ok(())
    }

    fn add_transaction(
        &self,
        order: &OrderId,
        kind: TransactionKind,
        amount: Amount,
        method: &PaymentMethodId,
    ) -> Result<(), ApplyError> {
        let kind = match kind {
            TransactionKind::Payment => "payment",
            TransactionKind::Refund => "refund",
        };
        self.tx.execute(
            "INSERT INTO order_transactions
             SELECT ?1, coalesce(max(position), -1) + 1, ?2, ?3, ?4
             FROM order_transactions WHERE order_id = ?1",
            params![order.as_str(), kind, amount.to_string(), method.as_str()],
        )?;
        Ok(())
    }

    /// Moves a gift card's balance by `delta` (other methods have no balance here).
    /// A balance never goes below zero.
    fn adjust_gift_card(&self, method: &PaymentMethod, delta: Decimal) -> Result<(), ApplyError> {
        if method.kind != PaymentKind::GiftCard {
            return Ok(());
        }
        let balance = method.balance.unwrap_or(Amount::ZERO).decimal() + delta;
        if balance.is_sign_negative() && !balance.is_zero() {
            return refuse(format!(
                "Gift card {} has ${}, which does not cover ${}.",
                method.id,
                method.balance.unwrap_or(Amount::ZERO),
                -delta
            ));
        }
        self.tx.execute(
            "UPDATE payment_methods SET balance = ?2 WHERE payment_method_id = ?1",
            params![
                method.id.as_str(),
                Amount::from_decimal(balance).to_string()
            ],
        )?;
        Ok(())
    }

    /// Pairs each old item with its new variant (same product, available) and
    /// returns (position in the order, new variant) for each, plus new − old.
    fn replacements(
        &self,
        order: &Order,
        item_ids: &[ItemId],
        new_item_ids: &[ItemId],
        allow_same: bool,
    ) -> Result<(Vec<(usize, Variant)>, Decimal), ApplyError> {
        if item_ids.is_empty() || item_ids.len() != new_item_ids.len() {
            return refuse("The items to replace and their replacements must match one for one.");
        }
        let mut taken = vec![false; order.items.len()];
        let mut pairs = Vec::new();
        let mut difference = Decimal::ZERO;
        for (old_id, new_id) in item_ids.iter().zip(new_item_ids) {
            let Some(position) = order
                .items
                .iter()
                .enumerate()
                .position(|(index, item)| !taken[index] && &item.item_id == old_id)
            else {
                return refuse(format!("Item {old_id} is not in order {}.", order.order_id));
            };
            taken[position] = true;
            let old = &order.items[position];
            let variant = self
                .read
                .product(&old.product_id)?
                .and_then(|product| product.variants.into_iter().find(|v| &v.item_id == new_id));
            let Some(variant) = variant else {
                return refuse(format!("Item {new_id} is not a variant of {}.", old.name));
            };
            if !variant.available {
                return refuse(format!(
                    "Variant {new_id} of {} is not available.",
                    old.name
                ));
            }
            if old_id == new_id && !allow_same {
                return refuse(format!("Item {old_id} would not change."));
            }
            difference += variant.price.decimal() - old.price.decimal();
            pairs.push((position, variant));
        }
        Ok((pairs, difference))
    }

    fn items_in_order(&self, order: &Order, item_ids: &[ItemId]) -> Result<(), ApplyError> {
        if item_ids.is_empty() {
            return refuse("No items were named.");
        }
        let mut remaining: Vec<&ItemId> = order.items.iter().map(|item| &item.item_id).collect();
        for id in item_ids {
            match remaining.iter().position(|candidate| *candidate == id) {
                Some(position) => {
                    remaining.remove(position);
                }
                None => return refuse(format!("Item {id} is not in order {}.", order.order_id)),
            }
        }
        Ok(())
    }

    /// R5 (tau-bench's cancel_pending_order): every payment goes back to its own
    /// method, a gift card's balance at once. What a method already got back (a
    /// payment moved away from it) is not refunded again.
    fn cancel(&self, order_id: &OrderId, reason: CancelReason) -> Result<String, ApplyError> {
        let order = self.order(order_id)?;
        self.require_status(&order, OrderStatus::Pending, "a cancellation")?;
        let mut outstanding: Vec<(PaymentMethodId, Decimal)> = Vec::new();
        for transaction in &order.transactions {
            let sign = match transaction.kind {
                TransactionKind::Payment => Decimal::ONE,
                TransactionKind::Refund => -Decimal::ONE,
            };
            match outstanding
                .iter_mut()
                .find(|(m, _)| m == &transaction.payment_method_id)
            {
                Some((_, total)) => *total += sign * transaction.amount.decimal(),
                None => outstanding.push((
                    transaction.payment_method_id.clone(),
                    sign * transaction.amount.decimal(),
                )),
            }
        }
        // Never more, in all, than is still refundable on the order (money already
        // refunded elsewhere, to a gift card say, counts too).
        let mut refundable = order.paid().saturating_sub(order.refunded()).decimal();
        let mut refunds = Vec::new();
        for payment in order
            .transactions
            .iter()
            .filter(|t| t.kind == TransactionKind::Payment)
        {
            let Some((_, left)) = outstanding
                .iter_mut()
                .find(|(m, _)| m == &payment.payment_method_id)
            else {
                continue;
            };
            let amount = payment.amount.decimal().min(*left).min(refundable);
            if amount <= Decimal::ZERO {
                continue;
            }
            *left -= amount;
            refundable -= amount;
            let amount = Amount::from_decimal(amount);
            let method = self.method(&order, &payment.payment_method_id)?;
            self.add_transaction(order_id, TransactionKind::Refund, amount, &method.id)?;
            self.adjust_gift_card(&method, amount.decimal())?;
            refunds.push(if method.kind == PaymentKind::GiftCard {
                format!("${amount} back on {} at once", method.describe())
            } else {
                format!(
                    "${amount} to {} within 5–7 business days",
                    method.describe()
                )
            });
        }
        self.tx.execute(
            "UPDATE orders SET status = 'cancelled', cancel_reason = ?2, cancelled_at = ?3
             WHERE order_id = ?1",
            params![order_id.as_str(), reason.as_str(), self.clock.to_rfc3339()],
        )?;
        Ok(format!(
            "Cancelled order {order_id} ({}); refund: {}.",
            reason.as_str(),
            if refunds.is_empty() {
                "nothing left to refund".to_owned()
            } else {
                refunds.join("; ")
            }
        ))
    }

    /// R9 (tau-bench's modify_pending_order_items).
    fn modify_items(
        &self,
        order_id: &OrderId,
        item_ids: &[ItemId],
        new_item_ids: &[ItemId],
        method_id: &PaymentMethodId,
    ) -> Result<String, ApplyError> {
        let order = self.order(order_id)?;
        self.require_status(&order, OrderStatus::Pending, "an item change")?;
        let method = self.method(&order, method_id)?;
        let (pairs, difference) = self.replacements(&order, item_ids, new_item_ids, false)?;
        let refundable = order.paid().saturating_sub(order.refunded()).decimal();
        if -difference > refundable {
            return refuse(format!(
                "Order {order_id} has only ${refundable} left to refund, less than the ${} the change would give back.",
                -difference
            ));
        }
        self.adjust_gift_card(&method, -difference)?;
        for (position, variant) in &pairs {
            self.tx.execute(
                "UPDATE order_items SET item_id = ?3, price = ?4, options = ?5
                 WHERE order_id = ?1 AND position = ?2",
                params![
                    order_id.as_str(),
                    *position as i64,
                    variant.item_id.as_str(),
                    variant.price.to_string(),
                    serde_json::to_string(&variant.options)
                        .map_err(|e| StoreError::corrupt("options", e))?
                ],
            )?;
        }
        // As tau-bench does, the difference is always recorded, a zero one as a
        // refund of 0.00, so end states compare entry for entry.
        let amount = Amount::from_decimal(difference.abs());
        let kind = if difference > Decimal::ZERO {
            TransactionKind::Payment
        } else {
            TransactionKind::Refund
        };
        self.add_transaction(order_id, kind, amount, method_id)?;
        self.set_status(order_id, OrderStatus::PendingItemModified)?;
        let settled = match difference.cmp(&Decimal::ZERO) {
            std::cmp::Ordering::Greater => format!("${amount} charged to {}", method.describe()),
            std::cmp::Ordering::Less => format!("${amount} refunded to {}", method.describe()),
            std::cmp::Ordering::Equal => "no price difference".to_owned(),
        };
        Ok(format!(
            "Changed {} item(s) of order {order_id}; {settled}.",
            pairs.len()
        ))
    }

    /// R8 (tau-bench's modify_pending_order_payment).
    fn change_payment(
        &self,
        order_id: &OrderId,
        method_id: &PaymentMethodId,
    ) -> Result<String, ApplyError> {
        let order = self.order(order_id)?;
        self.require_status(&order, OrderStatus::Pending, "a payment change")?;
        let payments: Vec<&Transaction> = order
            .transactions
            .iter()
            .filter(|t| t.kind == TransactionKind::Payment)
            .collect();
        let [payment] = payments.as_slice() else {
            return refuse(format!(
                "Order {order_id} has {} payments; only an order with one can change method.",
                payments.len()
            ));
        };
        if &payment.payment_method_id == method_id {
            return refuse(format!(
                "Order {order_id} is already paid with {method_id}."
            ));
        }
        let new = self.method(&order, method_id)?;
        let old = self.method(&order, &payment.payment_method_id)?;
        self.adjust_gift_card(&new, -payment.amount.decimal())?;
        self.adjust_gift_card(&old, payment.amount.decimal())?;
        self.add_transaction(
            order_id,
            TransactionKind::Payment,
            payment.amount,
            method_id,
        )?;
        self.add_transaction(order_id, TransactionKind::Refund, payment.amount, &old.id)?;
        Ok(format!(
            "Order {order_id} is now paid with {}; ${} goes back to {}.",
            new.describe(),
            payment.amount,
            old.describe()
        ))
    }

    /// R10 (tau-bench's return_delivered_order_items).
    fn return_items(
        &self,
        order_id: &OrderId,
        item_ids: &[ItemId],
        method_id: &PaymentMethodId,
    ) -> Result<String, ApplyError> {
        let order = self.order(order_id)?;
        self.require_status(&order, OrderStatus::Delivered, "a return")?;
        self.items_in_order(&order, item_ids)?;
        let method = self.method(&order, method_id)?;
        let original = order
            .transactions
            .iter()
            .any(|t| t.kind == TransactionKind::Payment && &t.payment_method_id == method_id);
        if !original && method.kind != PaymentKind::GiftCard {
            return refuse(format!(
                "A return is refunded to the original payment method or a gift card, not {}.",
                method.describe()
            ));
        }
        let mut sorted = item_ids.to_vec();
        sorted.sort();
        self.tx.execute(
            "UPDATE orders SET status = 'return requested', return_items = ?2,
                    return_payment_method_id = ?3 WHERE order_id = ?1",
            params![order_id.as_str(), json(&sorted)?, method_id.as_str()],
        )?;
        Ok(format!(
            "Return requested for {} item(s) of order {order_id}; the refund will go to {}.",
            item_ids.len(),
            method.describe()
        ))
    }

    /// R11 (tau-bench's exchange_delivered_order_items).
    fn exchange(
        &self,
        order_id: &OrderId,
        item_ids: &[ItemId],
        new_item_ids: &[ItemId],
        method_id: &PaymentMethodId,
    ) -> Result<String, ApplyError> {
        let order = self.order(order_id)?;
        self.require_status(&order, OrderStatus::Delivered, "an exchange")?;
        let method = self.method(&order, method_id)?;
        let (pairs, difference) = self.replacements(&order, item_ids, new_item_ids, true)?;
        if method.kind == PaymentKind::GiftCard
            && difference > method.balance.unwrap_or(Amount::ZERO).decimal()
        {
            return refuse(format!(
                "Gift card {method_id} does not cover ${difference}."
            ));
        }
        let mut old = item_ids.to_vec();
        old.sort();
        let mut new = new_item_ids.to_vec();
        new.sort();
        let difference = difference.round_dp(2);
        self.tx.execute(
            "UPDATE orders SET status = 'exchange requested', exchange_items = ?2,
                    exchange_new_items = ?3, exchange_payment_method_id = ?4,
                    exchange_price_difference = ?5 WHERE order_id = ?1",
            params![
                order_id.as_str(),
                json(&old)?,
                json(&new)?,
                method_id.as_str(),
                difference.to_string()
            ],
        )?;
        Ok(format!(
            "Exchange requested for {} item(s) of order {order_id}; price difference ${difference}.",
            pairs.len()
        ))
    }

    fn record_history(
        &self,
        order: &Order,
        kind: &str,
        reason: &str,
        item_ids: &[ItemId],
        amount: Amount,
    ) -> Result<(), ApplyError> {
        let next: i64 =
            self.tx
                .query_row("SELECT count(*) + 1 FROM support_history", [], |row| {
                    row.get(0)
                })?;
        self.tx.execute(
            "INSERT INTO support_history VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                format!("cs_{next:06}"),
                order.customer_id.as_str(),
                order.order_id.as_str(),
                kind,
                reason,
                json(&item_ids)?,
                amount.to_string(),
                self.clock.to_rfc3339(),
                self.agent.as_str()
            ],
        )?;
        Ok(())
    }

    /// R15/R16: money back without a return.
    fn refund(
        &self,
        order_id: &OrderId,
        amount: Amount,
        method_id: &PaymentMethodId,
        reason: RefundReason,
        item_ids: Option<&[ItemId]>,
    ) -> Result<String, ApplyError> {
        let order = self.order(order_id)?;
        let method = self.method(&order, method_id)?;
        let refundable = order.paid().saturating_sub(order.refunded());
        if amount.is_zero() || amount > refundable {
            return refuse(format!(
                "${amount} cannot be refunded: ${refundable} is still refundable on order {order_id}."
            ));
        }
        let items: Vec<ItemId> = match item_ids {
            Some(ids) => {
                self.items_in_order(&order, ids)?;
                ids.to_vec()
            }
            None => order
                .items
                .iter()
                .map(|item| item.item_id.clone())
                .collect(),
        };
        self.add_transaction(order_id, TransactionKind::Refund, amount, method_id)?;
        self.adjust_gift_card(&method, amount.decimal())?;
        self.record_history(
            &order,
            "refund",
            reason_str(&reason)?.as_str(),
            &items,
            amount,
        )?;
        let timing = if method.kind == PaymentKind::GiftCard {
            "at once"
        } else {
            "within 5–7 business days"
        };
        Ok(format!(
            "Refunded ${amount} on order {order_id} to {} ({timing}).",
            method.describe()
        ))
    }

    /// R17: a free replacement of the named items.
    fn reship(
        &self,
        order_id: &OrderId,
        item_ids: &[ItemId],
        reason: ReshipReason,
    ) -> Result<String, ApplyError> {
        let order = self.order(order_id)?;
        self.items_in_order(&order, item_ids)?;
        let value: Amount = item_ids
            .iter()
            .filter_map(|id| order.items.iter().find(|item| &item.item_id == id))
            .map(|item| item.price)
            .sum();
        self.record_history(
            &order,
            "reship",
            reason_str(&reason)?.as_str(),
            item_ids,
            value,
        )?;
        Ok(format!(
            "A replacement of {} item(s) of order {order_id} (worth ${value}) will ship.",
            item_ids.len()
        ))
    }

    fn subscription(&self, id: &SubscriptionId) -> Result<(Subscription, Plan), ApplyError> {
        let Some(subscription) = self.read.subscription(id)? else {
            return refuse(format!("Subscription {id} does not exist."));
        };
        let plan = self
            .read
            .plans()?
            .into_iter()
            .find(|plan| plan.plan_id == subscription.plan_id)
            .ok_or_else(|| StoreError::corrupt(id.as_str(), "unknown plan"))?;
        Ok((subscription, plan))
    }

    fn require_subscription(
        &self,
        subscription: &Subscription,
        wanted: SubscriptionStatus,
        what: &str,
    ) -> Result<(), ApplyError> {
        if subscription.status != wanted {
            return refuse(format!(
                "Subscription {} is {}; {what} needs it to be {}.",
                subscription.subscription_id,
                subscription.status.as_str(),
                wanted.as_str()
            ));
        }
        Ok(())
    }

    fn update_subscription(
        &self,
        id: &SubscriptionId,
        sql: &str,
        values: &[&dyn rusqlite::ToSql],
    ) -> Result<(), ApplyError> {
        let mut all: Vec<&dyn rusqlite::ToSql> = vec![&id.0];
        all.extend_from_slice(values);
        self.tx.execute(
            &format!("UPDATE subscriptions SET {sql} WHERE subscription_id = ?1"),
            rusqlite::params_from_iter(all),
        )?;
        Ok(())
    }

    /// R21: pause for whole billing cycles.
    fn pause(&self, id: &SubscriptionId, cycles: u8) -> Result<String, ApplyError> {
        let (subscription, plan) = self.subscription(id)?;
        self.require_subscription(&subscription, SubscriptionStatus::Active, "pausing")?;
        if cycles == 0 {
            return refuse("A pause lasts at least one billing cycle.");
        }
        let until = plan
            .add_periods(subscription.current_period_end, u32::from(cycles))
            .ok_or_else(|| StoreError::corrupt(id.as_str(), "unknown plan interval"))?;
        self.update_subscription(
            id,
            "status = 'paused', paused_until = ?2, next_renewal_at = NULL",
            &[&until.to_rfc3339()],
        )?;
        Ok(format!(
            "Paused subscription {id} for {cycles} billing cycle(s), until {}.",
            until.format("%Y-%m-%d")
        ))
    }

    /// R21: the next renewal moves one period later.
    fn skip(&self, id: &SubscriptionId) -> Result<String, ApplyError> {
        let (subscription, plan) = self.subscription(id)?;
        self.require_subscription(
            &subscription,
            SubscriptionStatus::Active,
            "skipping a renewal",
        )?;
        let Some(renewal) = subscription.next_renewal_at else {
            return refuse(format!("Subscription {id} has no upcoming renewal."));
        };
        let next = plan
            .add_periods(renewal, 1)
            .ok_or_else(|| StoreError::corrupt(id.as_str(), "unknown plan interval"))?;
        self.update_subscription(id, "next_renewal_at = ?2", &[&next.to_rfc3339()])?;
        Ok(format!(
            "Skipped the {} renewal of subscription {id}; the next one is {}.",
            renewal.format("%Y-%m-%d"),
            next.format("%Y-%m-%d")
        ))
    }

    /// R21: a paused subscription renews again.
    fn resume(&self, id: &SubscriptionId) -> Result<String, ApplyError> {
        let (subscription, _) = self.subscription(id)?;
        self.require_subscription(&subscription, SubscriptionStatus::Paused, "resuming")?;
        let next = subscription.current_period_end.max(self.clock);
        self.update_subscription(
            id,
            "status = 'active', paused_until = NULL, next_renewal_at = ?2",
            &[&next.to_rfc3339()],
        )?;
        Ok(format!(
            "Resumed subscription {id}; the next renewal is {}.",
            next.format("%Y-%m-%d")
        ))
    }

    /// R22: at the end of the period, or now with a prorated refund.
    fn cancel_subscription(
        &self,
        id: &SubscriptionId,
        at_period_end: bool,
    ) -> Result<String, ApplyError> {
        let (subscription, plan) = self.subscription(id)?;
        if subscription.status == SubscriptionStatus::Cancelled {
            return refuse(format!("Subscription {id} is already cancelled."));
        }
        if at_period_end {
            self.update_subscription(id, "cancel_at_period_end = 1, next_renewal_at = NULL", &[])?;
            return Ok(format!(
                "Subscription {id} ends on {}; it will not renew.",
                subscription.current_period_end.format("%Y-%m-%d")
            ));
        }
        let refund = subscription.prorated_refund(&plan, self.clock);
        self.update_subscription(
            id,
            "status = 'cancelled', cancelled_at = ?2, next_renewal_at = NULL, paused_until = NULL",
            &[&self.clock.to_rfc3339()],
        )?;
        Ok(format!(
            "Cancelled subscription {id} now; ${refund} for the unused period goes back to {}.",
            subscription.payment_method_id
        ))
    }

    /// R23: another plan of the same product line, from the next renewal.
    fn change_plan(&self, id: &SubscriptionId, plan_id: &PlanId) -> Result<String, ApplyError> {
        let (subscription, current) = self.subscription(id)?;
        self.require_subscription(&subscription, SubscriptionStatus::Active, "a plan change")?;
        let Some(target) = self
            .read
            .plans()?
            .into_iter()
            .find(|plan| &plan.plan_id == plan_id)
        else {
            return refuse(format!("There is no plan {plan_id}."));
        };
        if target.product_line != current.product_line || target.plan_id == current.plan_id {
            return refuse(format!(
                "Subscription {id} cannot move from {} to {}.",
                current.name, target.name
            ));
        }
        self.update_subscription(id, "plan_id = ?2", &[&plan_id.0])?;
        Ok(format!(
            "Subscription {id} moves to {} (${}) from its next renewal.",
            target.name, target.price
        ))
    }

    /// R24: the account's email.
    fn update_email(&self, customer_id: &CustomerId, email: &str) -> Result<String, ApplyError> {
        let email = email.trim();
        if let Some(other) = self.read.customer_by_email(email)? {
            if &other.id != customer_id {
                return refuse("Another account already uses that email address.");
            }
        }
        let changed = self.tx.execute(
            "UPDATE customers SET email = ?2 WHERE customer_id = ?1",
            params![customer_id.as_str(), email],
        )?;
        if changed == 0 {
            return refuse(format!("Customer {customer_id} does not exist."));
        }
        Ok(format!("The account email is now {email}."))
    }
}

fn json(value: &impl serde::Serialize) -> Result<String, ApplyError> {
    serde_json::to_string(value).map_err(|e| ApplyError::Store(StoreError::corrupt("json", e)))
}

/// A reason as the data writes it ("wrong_item").
fn reason_str(reason: &impl serde::Serialize) -> Result<String, ApplyError> {
    match serde_json::to_value(reason) {
        Ok(serde_json::Value::String(text)) => Ok(text),
        _ => Err(ApplyError::Store(StoreError::corrupt(
            "reason",
            "not a string",
        ))),
    }
}
