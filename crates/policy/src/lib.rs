//! The policy gate. Every action, whoever proposed it (the rules engine, a language
//! model, a person editing a proposal), is judged here against the store's written
//! policy before it can be shown as runnable, and judged again when it is approved.
//!
//! The verdict always cites the rule ids of `POLICY.md` and carries a sentence a
//! person understands.

use countersign_domain::*;

/// What the policy reads besides the action: the customer the ticket is tied to
/// (R1/R2), the world clock for time windows, and who is approving.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    pub context: &'a CustomerContext,
    pub clock: Timestamp,
    pub approver: Role,
}

pub fn evaluate(action: &Action, facts: &Facts<'_>) -> Verdict {
    if let Some(denied) = ownership(action, facts.context) {
        return denied;
    }
    match action {
        Action::CancelOrder { order_id, .. } => cancel_order(order_id, facts.context),
        Action::UpdateOrderAddress { order_id, .. } => {
            update_order_address(order_id, facts.context)
        }
        Action::UpdateCustomerAddress { .. } => {
            Verdict::allowed(&["R12"], "A customer may change their own default address.")
        }
        other => Verdict::denied(
            &["R14"],
            format!(
                "This build cannot judge `{}` actions yet, so it will not run them; hand the \
                 ticket to a person.",
                other.kind().as_str()
            ),
        ),
    }
}

/// R2: an action may touch only the ticket's customer's orders, subscriptions and
/// profile.
fn ownership(action: &Action, context: &CustomerContext) -> Option<Verdict> {
    let customer = &context.customer.id;
    if let Some(order_id) = action.order_id() {
        if context.order(order_id).is_none() {
            return Some(Verdict::denied(
                &["R2"],
                format!("Order {order_id} is not one of {customer}'s orders."),
            ));
        }
    }
    if let Some(subscription_id) = action.subscription_id() {
        if context.subscription(subscription_id).is_none() {
            return Some(Verdict::denied(
                &["R2"],
                format!("Subscription {subscription_id} is not one of {customer}'s subscriptions."),
            ));
        }
    }
    match action {
        Action::UpdateCustomerAddress { customer_id, .. }
        | Action::UpdateCustomerEmail { customer_id, .. }
            if customer_id != customer =>
        {
            Some(Verdict::denied(
                &["R2"],
                format!("The ticket is tied to {customer}, not to {customer_id}."),
            ))
        }
        _ => None,
    }
}

/// R5 (and R6): only a pending order can be cancelled; an order whose items were
/// modified cannot.
fn cancel_order(order_id: &OrderId, context: &CustomerContext) -> Verdict {
    let Some(order) = context.order(order_id) else {
        return Verdict::denied(&["R2"], format!("Order {order_id} is unknown."));
    };
    match order.status {
        OrderStatus::Pending => Verdict::allowed(
            &["R5"],
            format!(
                "Order {order_id} is pending, so it can be cancelled; every payment goes back to \
                 its original method."
            ),
        ),
        OrderStatus::PendingItemModified => Verdict::denied(
            &["R6"],
            format!("Order {order_id}'s items were modified, so it can no longer be cancelled."),
        ),
        status => Verdict::denied(
            &["R5"],
            format!("Order {order_id} is {status}; only pending orders can be cancelled."),
        ),
    }
}

/// R7: a pending order's shipping address may change.
fn update_order_address(order_id: &OrderId, context: &CustomerContext) -> Verdict {
    match context.order(order_id).map(|order| order.status) {
        Some(OrderStatus::Pending) => Verdict::allowed(
            &["R7"],
            format!("Order {order_id} is pending, so its shipping address can change."),
        ),
        Some(OrderStatus::PendingItemModified) => Verdict::denied(
            &["R6"],
            format!("Order {order_id}'s items were modified, so it can no longer be changed."),
        ),
        Some(status) => Verdict::denied(
            &["R4", "R7"],
            format!("Order {order_id} is {status}; only a pending order's address can change."),
        ),
        None => Verdict::denied(&["R2"], format!("Order {order_id} is unknown.")),
    }
}
