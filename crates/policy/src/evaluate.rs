//! The checks, one function per action type. Each reads only the ticket's
//! customer's records (`Facts`) and the policy file's parameters, and answers with
//! a verdict citing the rules it applied.

use chrono::Duration;
use countersign_domain::*;

use crate::config::PolicyConfig;
use crate::Facts;

type Check = Result<(), Verdict>;

fn deny(rules: &[&str], explanation: impl Into<String>) -> Check {
    Err(Verdict::denied(rules, explanation))
}

fn order<'a>(facts: &Facts<'a>, id: &OrderId) -> Result<&'a Order, Verdict> {
    facts.context.order(id).ok_or_else(|| {
        Verdict::denied(
            &["R2"],
            format!(
                "Order {id} is not one of {}'s orders.",
                facts.context.customer.id
            ),
        )
    })
}

fn method<'a>(facts: &Facts<'a>, id: &PaymentMethodId) -> Result<&'a PaymentMethod, Verdict> {
    facts.context.customer.payment_method(id).ok_or_else(|| {
        Verdict::denied(
            &["R2"],
            format!(
                "Payment method {id} is not one of {}'s payment methods.",
                facts.context.customer.id
            ),
        )
    })
}

fn status(rule: &str, what: &str, order: &Order, admitted: &crate::config::StatusRule) -> Check {
    if order.status == OrderStatus::PendingItemModified && !admitted.admits(order.status) {
        return deny(
            &["R6"],
            format!(
                "Order {}'s items were already modified, so it can no longer be changed or cancelled.",
                order.order_id
            ),
        );
    }
    if admitted.admits(order.status) {
        return Ok(());
    }
    let wanted: Vec<&str> = admitted.statuses.iter().map(|s| s.as_str()).collect();
    let mut rules = vec![rule];
    if !["R16", "R17"].contains(&rule) {
        rules.insert(0, "R4");
    }
    deny(
        &rules,
        format!(
            "Order {} is {}; {what} needs it to be {}.",
            order.order_id,
            order.status,
            wanted.join(" or ")
        ),
    )
}

/// The items named must be items of the order (each as many times as it appears).
fn items_in_order(order: &Order, item_ids: &[ItemId], rule: &str) -> Check {
    if item_ids.is_empty() {
        return deny(&[rule], "No items were named.");
    }
    let mut available: Vec<&ItemId> = order.items.iter().map(|item| &item.item_id).collect();
    for id in item_ids {
        match available.iter().position(|candidate| *candidate == id) {
            Some(position) => {
                available.remove(position);
            }
            None => {
                return deny(
                    &["R2", rule],
                    format!(
                        "Item {id} is not (or not that many times) in order {}.",
                        order.order_id
                    ),
                )
            }
        }
    }
    Ok(())
}

fn price_of(order: &Order, item_ids: &[ItemId]) -> Amount {
    let mut remaining: Vec<&OrderItem> = order.items.iter().collect();
    let mut total = Amount::ZERO;
    for id in item_ids {
        if let Some(position) = remaining.iter().position(|item| &item.item_id == id) {
            total = total + remaining.remove(position).price;
        }
    }
    total
}

/// R9/R11: each new item is an available variant of the old item's product.
/// Returns the price difference (new minus old) as (positive part, negative part).
fn replacement(
    facts: &Facts<'_>,
    order: &Order,
    item_ids: &[ItemId],
    new_item_ids: &[ItemId],
    rule: &str,
    allow_same: bool,
) -> Result<(Amount, Amount), Verdict> {
    if item_ids.len() != new_item_ids.len() {
        return Err(Verdict::denied(
            &[rule],
            format!(
                "{} items are to be replaced by {} new ones; the lists must match one for one.",
                item_ids.len(),
                new_item_ids.len()
            ),
        ));
    }
    items_in_order(order, item_ids, rule)?;
    let mut old_total = Amount::ZERO;
    let mut new_total = Amount::ZERO;
    for (old_id, new_id) in item_ids.iter().zip(new_item_ids) {
        let Some(old) = order.items.iter().find(|item| &item.item_id == old_id) else {
            continue;
        };
        let product = facts.context.product(&old.product_id);
        let variant = product.and_then(|p| p.variants.iter().find(|v| &v.item_id == new_id));
        let Some(variant) = variant else {
            return Err(Verdict::denied(
                &[rule],
                format!(
                    "Item {new_id} is not a variant of {} (product {}); an item can only change to another variant of the same product.",
                    old.name, old.product_id
                ),
            ));
        };
        if !variant.available {
            return Err(Verdict::denied(
                &[rule],
                format!("Variant {new_id} of {} is not available.", old.name),
            ));
        }
        if old_id == new_id && !allow_same {
            return Err(Verdict::denied(
                &[rule],
                format!("Item {old_id} would change to the very same variant, which is not a modification."),
            ));
        }
        old_total = old_total + old.price;
        new_total = new_total + variant.price;
    }
    Ok((
        new_total.saturating_sub(old_total),
        old_total.saturating_sub(new_total),
    ))
}

fn gift_card_covers(method: &PaymentMethod, amount: Amount, rule: &str) -> Check {
    if method.kind == PaymentKind::GiftCard {
        let balance = method.balance.unwrap_or(Amount::ZERO);
        if balance < amount {
            return deny(
                &[rule],
                format!(
                    "Gift card {} has ${balance}, which does not cover ${amount}.",
                    method.id
                ),
            );
        }
    }
    Ok(())
}

/// R18: the items named have not already had another remedy.
fn one_remedy_per_item(facts: &Facts<'_>, order: &Order, item_ids: &[ItemId]) -> Check {
    for entry in &facts.context.support_history {
        if entry.order_id != order.order_id {
            continue;
        }
        if let Some(id) = item_ids.iter().find(|id| entry.item_ids.contains(id)) {
            return deny(
                &["R18"],
                format!(
                    "Item {id} of order {} already had a {} on {}; an item gets one remedy.",
                    order.order_id,
                    match entry.kind {
                        SupportKind::Refund => "refund",
                        SupportKind::Reship => "reship",
                    },
                    entry.at.format("%Y-%m-%d")
                ),
            );
        }
    }
    if matches!(
        order.status,
        OrderStatus::ReturnRequested | OrderStatus::ExchangeRequested
    ) {
        let taken = order
            .return_items
            .iter()
            .chain(order.exchange_items.iter())
            .find(|id| item_ids.contains(id));
        if let Some(id) = taken {
            return deny(
                &["R18"],
                format!(
                    "Item {id} of order {} is already being returned or exchanged.",
                    order.order_id
                ),
            );
        }
    }
    Ok(())
}

/// R20: enough goodwill refunds or reships already in the window.
fn frequency(policy: &PolicyConfig, facts: &Facts<'_>) -> Check {
    let since = facts.clock - Duration::days(i64::from(policy.frequency_window_days));
    let recent = facts
        .context
        .support_history
        .iter()
        .filter(|entry| entry.at > since && entry.at <= facts.clock)
        .count() as u32;
    if recent >= policy.frequency_max_goodwill {
        return deny(
            &["R20"],
            format!(
                "{} already received {recent} goodwill refunds or reships in the last {} days; this goes to the {} queue instead.",
                facts.context.customer.full_name(),
                policy.frequency_window_days,
                policy.frequency_queue.as_str()
            ),
        );
    }
    Ok(())
}

fn within_days(order: &Order, clock: Timestamp, days: u32) -> bool {
    order
        .delivered_at
        .is_some_and(|delivered| clock - delivered <= Duration::days(i64::from(days)))
}

/// R19 for an action whose other checks (`rules`) passed: the final answer, with
/// `rules` cited before R19.
fn tiered(
    policy: &PolicyConfig,
    facts: &Facts<'_>,
    value: Amount,
    what: &str,
    rules: &[&str],
) -> Check {
    let verdict = tier(policy, facts, value, what);
    let mut cited: Vec<String> = rules.iter().map(|rule| (*rule).to_owned()).collect();
    cited.extend(verdict.rules.iter().cloned());
    Err(Verdict {
        rules: cited,
        ..verdict
    })
}

/// R19: money or goods given without goods coming back, judged for the approver.
fn tier(policy: &PolicyConfig, facts: &Facts<'_>, value: Amount, what: &str) -> Verdict {
    let needed = |amount: Amount, today: Amount| -> Option<Role> {
        [Role::Agent, Role::Senior, Role::Finance]
            .into_iter()
            .filter(|role| *role >= facts.approver)
            .find(|role| {
                let tier = &policy.tiers[role];
                tier.per_action.is_none_or(|limit| amount <= limit)
                    && (*role != facts.approver
                        || tier.per_day.is_none_or(|limit| today + amount <= limit))
            })
    };
    let role = needed(value, facts.approved_today);
    match role {
        Some(role) if role == facts.approver => Verdict::allowed(
            &["R19"],
            format!("{what} of ${value} is within the {} limit.", role.as_str()),
        ),
        Some(role) => {
            let tier = &policy.tiers[&facts.approver];
            let reason = match tier.per_action {
                Some(limit) if value > limit => {
                    format!("${value} is above the {} limit of ${limit} per action", facts.approver.as_str())
                }
                _ => format!(
                    "with ${} already approved today, ${value} would pass the {} limit of ${} per day",
                    facts.approved_today,
                    facts.approver.as_str(),
                    tier.per_day.map(|d| d.to_string()).unwrap_or_default()
                ),
            };
            Verdict::needs_approval(
                &["R19"],
                role,
                format!("{what}: {reason}; a {} must approve it.", role.as_str()),
            )
        }
        None => Verdict::denied(
            &["R19"],
            format!("{what} of ${value} is above every approval limit."),
        ),
    }
}

pub(crate) fn evaluate(policy: &PolicyConfig, action: &Action, facts: &Facts<'_>) -> Verdict {
    let result = match action {
        Action::CancelOrder { order_id, reason } => cancel(policy, facts, order_id, *reason),
        Action::UpdateOrderAddress { order_id, address } => {
            update_order_address(policy, facts, order_id, address)
        }
        Action::ModifyOrderItems {
            order_id,
            item_ids,
            new_item_ids,
            payment_method_id,
        } => modify_items(
            policy,
            facts,
            order_id,
            item_ids,
            new_item_ids,
            payment_method_id,
        ),
        Action::ChangePaymentMethod {
            order_id,
            payment_method_id,
        } => change_payment(policy, facts, order_id, payment_method_id),
        Action::ReturnItems {
            order_id,
            item_ids,
            refund_method_id,
        } => return_items(policy, facts, order_id, item_ids, refund_method_id),
        Action::ExchangeItems {
            order_id,
            item_ids,
            new_item_ids,
            payment_method_id,
        } => exchange(
            policy,
            facts,
            order_id,
            item_ids,
            new_item_ids,
            payment_method_id,
        ),
        Action::UpdateCustomerAddress {
            customer_id,
            address,
        } => own_customer(facts, customer_id).and_then(|()| {
            valid_address(address, "R12")?;
            Err(Verdict::allowed(
                &["R12"],
                "A customer may change their own default address.",
            ))
        }),
        Action::Refund {
            order_id,
            amount,
            refund_method_id,
            reason,
            item_ids,
        } => refund(
            policy,
            facts,
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
        } => reship(policy, facts, order_id, item_ids, *reason),
        Action::PauseSubscription {
            subscription_id,
            cycles,
        } => pause(policy, facts, subscription_id, *cycles),
        Action::SkipRenewal { subscription_id } => skip(policy, facts, subscription_id),
        Action::ResumeSubscription { subscription_id } => resume(facts, subscription_id),
        Action::CancelSubscription {
            subscription_id,
            at_period_end,
        } => cancel_subscription(policy, facts, subscription_id, *at_period_end),
        Action::ChangePlan {
            subscription_id,
            plan_id,
        } => change_plan(facts, subscription_id, plan_id),
        Action::UpdateCustomerEmail { customer_id, email } => {
            update_email(policy, facts, customer_id, email)
        }
    };
    match result {
        Ok(()) => Verdict::allowed(&["R13"], "Allowed once a person approves it."),
        Err(verdict) => verdict,
    }
}

/// The functions below return `Err(verdict)` for every final answer, allowed ones
/// included, so that `?` stops at the first failed check.
fn cancel(policy: &PolicyConfig, facts: &Facts<'_>, id: &OrderId, reason: CancelReason) -> Check {
    let order = order(facts, id)?;
    status("R5", "cancellation", order, &policy.cancel)?;
    if !policy.cancel_reasons.contains(&reason) {
        return deny(
            &["R5"],
            format!(
                "`{}` is not a reason the policy accepts for cancelling.",
                reason.as_str()
            ),
        );
    }
    Err(Verdict::allowed(
        &["R5"],
        format!("Order {id} is {}, so it can be cancelled; every payment goes back to its original method.", order.status),
    ))
}

fn valid_address(address: &Address, rule: &str) -> Check {
    for (field, value) in [
        ("address1", &address.address1),
        ("city", &address.city),
        ("state", &address.state),
        ("country", &address.country),
        ("zip", &address.zip),
    ] {
        if value.trim().is_empty() {
            return deny(&[rule], format!("The new address has no {field}."));
        }
    }
    Ok(())
}

fn update_order_address(
    policy: &PolicyConfig,
    facts: &Facts<'_>,
    id: &OrderId,
    address: &Address,
) -> Check {
    let order = order(facts, id)?;
    status("R7", "an address change", order, &policy.modify_address)?;
    valid_address(address, "R7")?;
    if &order.address == address {
        return deny(
            &["R7"],
            format!("Order {id} already ships to that address."),
        );
    }
    Err(Verdict::allowed(
        &["R7"],
        format!("Order {id} is pending, so its shipping address can change."),
    ))
}

fn modify_items(
    policy: &PolicyConfig,
    facts: &Facts<'_>,
    id: &OrderId,
    item_ids: &[ItemId],
    new_item_ids: &[ItemId],
    method_id: &PaymentMethodId,
) -> Check {
    let order = order(facts, id)?;
    status("R9", "an item change", order, &policy.modify_items)?;
    let method = method(facts, method_id)?;
    let (more, _less) = replacement(facts, order, item_ids, new_item_ids, "R9", false)?;
    gift_card_covers(method, more, "R9")?;
    Err(Verdict::allowed(
        &["R9", "R6"],
        format!(
            "Order {id} is pending and each new item is an available variant of the same product; the order can be modified this once.",
        ),
    ))
}

fn change_payment(
    policy: &PolicyConfig,
    facts: &Facts<'_>,
    id: &OrderId,
    method_id: &PaymentMethodId,
) -> Check {
    let order = order(facts, id)?;
    status("R8", "a payment change", order, &policy.modify_payment)?;
    let method = method(facts, method_id)?;
    let payments: Vec<&Transaction> = order
        .transactions
        .iter()
        .filter(|t| t.kind == TransactionKind::Payment)
        .collect();
    if payments.len() != policy.modify_payment_payments_required {
        return deny(
            &["R8"],
            format!(
                "Order {id} has {} payments; only an order with exactly {} can change method.",
                payments.len(),
                policy.modify_payment_payments_required
            ),
        );
    }
    if payments.iter().any(|p| &p.payment_method_id == method_id) {
        return deny(
            &["R8"],
            format!("Order {id} is already paid with {method_id}."),
        );
    }
    let total: Amount = payments.iter().map(|p| p.amount).sum();
    gift_card_covers(method, total, "R8")?;
    Err(Verdict::allowed(
        &["R8"],
        format!(
            "Order {id} can move to {}; the old method is refunded.",
            method.describe()
        ),
    ))
}

fn return_items(
    policy: &PolicyConfig,
    facts: &Facts<'_>,
    id: &OrderId,
    item_ids: &[ItemId],
    method_id: &PaymentMethodId,
) -> Check {
    let order = order(facts, id)?;
    status("R10", "a return", order, &policy.return_)?;
    items_in_order(order, item_ids, "R10")?;
    let method = method(facts, method_id)?;
    let original = order
        .transactions
        .iter()
        .any(|t| t.kind == TransactionKind::Payment && &t.payment_method_id == method_id);
    if !original && method.kind != PaymentKind::GiftCard {
        return deny(&["R10"], format!("A return is refunded to the original payment method or a gift card; {} is neither.", method.describe()));
    }
    one_remedy_per_item(facts, order, item_ids)?;
    Err(Verdict::allowed(
        &["R10"],
        format!("Order {id} was delivered, so these items can be returned."),
    ))
}

fn exchange(
    policy: &PolicyConfig,
    facts: &Facts<'_>,
    id: &OrderId,
    item_ids: &[ItemId],
    new_item_ids: &[ItemId],
    method_id: &PaymentMethodId,
) -> Check {
    let order = order(facts, id)?;
    status("R11", "an exchange", order, &policy.exchange)?;
    let method = method(facts, method_id)?;
    let (more, _less) = replacement(
        facts,
        order,
        item_ids,
        new_item_ids,
        "R11",
        policy.exchange_allows_same_variant,
    )?;
    gift_card_covers(method, more, "R11")?;
    one_remedy_per_item(facts, order, item_ids)?;
    Err(Verdict::allowed(&["R11", "R6"], format!("Order {id} was delivered and each new item is an available variant of the same product.")))
}

#[allow(clippy::too_many_arguments)]
fn refund(
    policy: &PolicyConfig,
    facts: &Facts<'_>,
    id: &OrderId,
    amount: Amount,
    method_id: &PaymentMethodId,
    reason: RefundReason,
    item_ids: Option<&[ItemId]>,
) -> Check {
    let order = order(facts, id)?;
    let method = method(facts, method_id)?;
    if amount.is_zero() {
        return deny(&["R15"], "A refund of $0.00 changes nothing.");
    }
    let refundable = order.paid().saturating_sub(order.refunded());
    if amount > refundable {
        return deny(
            &["R15"],
            format!("${amount} is more than the ${refundable} still refundable on order {id}."),
        );
    }
    let original = order
        .transactions
        .iter()
        .any(|t| t.kind == TransactionKind::Payment && &t.payment_method_id == method_id);
    if !original && method.kind != PaymentKind::GiftCard {
        return deny(
            &["R15"],
            format!(
                "A refund goes to a method the order was paid with or a gift card; {} is neither.",
                method.describe()
            ),
        );
    }
    if !policy.refund_reasons.contains(&reason) {
        return deny(&["R16"], "That reason is not one the policy refunds for.");
    }
    status("R16", "a goodwill or damage refund", order, &policy.refund)?;
    if !within_days(order, facts.clock, policy.refund_window_days) {
        return deny(
            &["R16"],
            format!(
                "Order {id} was delivered more than {} days ago.",
                policy.refund_window_days
            ),
        );
    }
    let affected: Vec<ItemId> = match item_ids {
        Some(ids) => {
            items_in_order(order, ids, "R16")?;
            ids.to_vec()
        }
        None => order
            .items
            .iter()
            .map(|item| item.item_id.clone())
            .collect(),
    };
    let cap = price_of(order, &affected);
    if amount > cap {
        return deny(
            &["R16"],
            format!("${amount} is more than the ${cap} paid for the affected items."),
        );
    }
    one_remedy_per_item(facts, order, &affected)?;
    frequency(policy, facts)?;
    tiered(policy, facts, amount, "A refund", &["R15", "R16"])
}

fn reship(
    policy: &PolicyConfig,
    facts: &Facts<'_>,
    id: &OrderId,
    item_ids: &[ItemId],
    reason: ReshipReason,
) -> Check {
    let order = order(facts, id)?;
    if !policy.reship_reasons.contains(&reason) {
        return deny(&["R17"], "That reason is not one the policy reships for.");
    }
    items_in_order(order, item_ids, "R17")?;
    let lost_in_transit = reason == ReshipReason::Lost
        && order.status == OrderStatus::Processed
        && facts.clock - order.placed_at
            > Duration::days(i64::from(policy.reship_lost_processed_after_days));
    if !lost_in_transit {
        status("R17", "a reship", order, &policy.reship)?;
        if !within_days(order, facts.clock, policy.reship_window_days) {
            return deny(
                &["R17"],
                format!(
                    "Order {id} was delivered more than {} days ago.",
                    policy.reship_window_days
                ),
            );
        }
    }
    let earlier = facts
        .context
        .support_history
        .iter()
        .filter(|entry| entry.order_id == *id && entry.kind == SupportKind::Reship)
        .count() as u32;
    if earlier >= policy.reship_max_per_order {
        return deny(&["R17"], format!("Order {id} was already reshipped once."));
    }
    for item_id in item_ids {
        let item = order.items.iter().find(|item| &item.item_id == item_id);
        let available = item
            .and_then(|item| facts.context.product(&item.product_id))
            .and_then(|product| product.variants.iter().find(|v| &v.item_id == item_id))
            .is_some_and(|variant| variant.available);
        if !available {
            return deny(
                &["R17"],
                format!(
                    "Item {item_id} is not available to reship; a refund is the remedy instead."
                ),
            );
        }
    }
    one_remedy_per_item(facts, order, item_ids)?;
    frequency(policy, facts)?;
    let value = price_of(order, item_ids);
    tiered(policy, facts, value, "A reship", &["R17"])
}

fn subscription<'a>(facts: &Facts<'a>, id: &SubscriptionId) -> Result<&'a Subscription, Verdict> {
    facts.context.subscription(id).ok_or_else(|| {
        Verdict::denied(
            &["R2"],
            format!(
                "Subscription {id} is not one of {}'s subscriptions.",
                facts.context.customer.id
            ),
        )
    })
}

fn subscription_status(
    sub: &Subscription,
    wanted: SubscriptionStatus,
    rule: &str,
    what: &str,
) -> Check {
    if sub.status != wanted {
        return deny(
            &[rule],
            format!(
                "Subscription {} is {}; {what} needs it to be {}.",
                sub.subscription_id,
                sub.status.as_str(),
                wanted.as_str()
            ),
        );
    }
    Ok(())
}

fn pause(policy: &PolicyConfig, facts: &Facts<'_>, id: &SubscriptionId, cycles: u8) -> Check {
    let sub = subscription(facts, id)?;
    subscription_status(sub, SubscriptionStatus::Active, "R21", "pausing")?;
    if !policy.pause_cycles.contains(&cycles) {
        return deny(
            &["R21"],
            format!(
                "A pause is {} to {} billing cycles, not {cycles}.",
                policy.pause_cycles.start(),
                policy.pause_cycles.end()
            ),
        );
    }
    Err(Verdict::allowed(
        &["R21"],
        format!("Subscription {id} is active and can pause for {cycles} cycle(s)."),
    ))
}

fn skip(policy: &PolicyConfig, facts: &Facts<'_>, id: &SubscriptionId) -> Check {
    let sub = subscription(facts, id)?;
    subscription_status(sub, SubscriptionStatus::Active, "R21", "skipping a renewal")?;
    let Some(renewal) = sub.next_renewal_at else {
        return deny(
            &["R21"],
            format!("Subscription {id} has no upcoming renewal to skip."),
        );
    };
    let minimum = Duration::hours(i64::from(policy.skip_min_hours_before_renewal));
    if renewal - facts.clock <= minimum {
        return deny(
            &["R21"],
            format!(
                "The next renewal of {id} is less than {} hours away, too late to skip.",
                policy.skip_min_hours_before_renewal
            ),
        );
    }
    Err(Verdict::allowed(
        &["R21"],
        format!(
            "The next renewal of {id} is more than {} hours away, so it can be skipped.",
            policy.skip_min_hours_before_renewal
        ),
    ))
}

fn resume(facts: &Facts<'_>, id: &SubscriptionId) -> Check {
    let sub = subscription(facts, id)?;
    subscription_status(sub, SubscriptionStatus::Paused, "R21", "resuming")?;
    Err(Verdict::allowed(
        &["R21"],
        format!("Subscription {id} is paused and can resume."),
    ))
}

fn cancel_subscription(
    policy: &PolicyConfig,
    facts: &Facts<'_>,
    id: &SubscriptionId,
    at_period_end: bool,
) -> Check {
    let sub = subscription(facts, id)?;
    if sub.status == SubscriptionStatus::Cancelled {
        return deny(&["R22"], format!("Subscription {id} is already cancelled."));
    }
    if at_period_end {
        return Err(Verdict::allowed(
            &["R22"],
            format!("Subscription {id} can be cancelled at the end of its current period."),
        ));
    }
    let plan = facts
        .context
        .plan(&sub.plan_id)
        .ok_or_else(|| Verdict::denied(&["R22"], format!("Plan {} is unknown.", sub.plan_id)))?;
    let refund = sub.prorated_refund(plan, facts.clock);
    tiered(
        policy,
        facts,
        refund,
        "An immediate cancel's prorated refund",
        &["R22", "R15"],
    )
}

fn change_plan(facts: &Facts<'_>, id: &SubscriptionId, plan_id: &PlanId) -> Check {
    let sub = subscription(facts, id)?;
    subscription_status(sub, SubscriptionStatus::Active, "R23", "a plan change")?;
    let current = facts.context.plan(&sub.plan_id);
    let Some(target) = facts.context.plan(plan_id) else {
        return deny(&["R23"], format!("There is no plan {plan_id}."));
    };
    if &sub.plan_id == plan_id {
        return deny(
            &["R23"],
            format!("Subscription {id} is already on {plan_id}."),
        );
    }
    if current.is_none_or(|current| current.product_line != target.product_line) {
        return deny(
            &["R23"],
            format!(
                "{} is not in the same product line as the current plan.",
                target.name
            ),
        );
    }
    Err(Verdict::allowed(
        &["R23"],
        format!(
            "Subscription {id} can move to {} from its next renewal.",
            target.name
        ),
    ))
}

fn own_customer(facts: &Facts<'_>, customer_id: &CustomerId) -> Check {
    if customer_id != &facts.context.customer.id {
        return deny(
            &["R2"],
            format!(
                "The ticket is tied to {}, not to {customer_id}.",
                facts.context.customer.id
            ),
        );
    }
    Ok(())
}

fn update_email(
    policy: &PolicyConfig,
    facts: &Facts<'_>,
    customer_id: &CustomerId,
    email: &str,
) -> Check {
    own_customer(facts, customer_id)?;
    let plausible = email
        .split_once('@')
        .is_some_and(|(user, domain)| !user.is_empty() && domain.contains('.'));
    if !plausible {
        return deny(&["R24"], format!("`{email}` is not an email address."));
    }
    let from_current = facts
        .sender_email
        .is_some_and(|sender| sender.eq_ignore_ascii_case(&facts.context.customer.email));
    if !from_current {
        return deny(
            &["R24"],
            format!(
                "The request does not come from the email on file, so it goes to the {} queue.",
                policy.email_change_queue.as_str()
            ),
        );
    }
    Err(Verdict::allowed(
        &["R24"],
        "The request comes from the current email on file.",
    ))
}
