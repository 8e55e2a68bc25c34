//! The reply draft and the handoff summary. The reply states only facts from the
//! ticket, the records, or an executed action's outcome (R3), and is rendered again
//! with the real outcomes once actions have run.

use countersign_domain::*;

use crate::entities::Entities;
use crate::risk::Risk;

const SIGN_OFF: &str = "Best regards,\nCustomer Support";

fn items_of(order: &Order) -> String {
    let names: Vec<&str> = order.items.iter().map(|item| item.name.as_str()).collect();
    names.join(", ")
}

fn date(timestamp: &Timestamp) -> String {
    timestamp.format("%B %-d").to_string()
}

fn refund_plan(order: &Order, context: &CustomerContext) -> String {
    let parts: Vec<String> = order
        .transactions
        .iter()
        .filter(|transaction| transaction.kind == TransactionKind::Payment)
        .map(|payment| {
            let method = context.customer.payment_method(&payment.payment_method_id);
            match method {
                Some(method) if method.kind == PaymentKind::GiftCard => format!(
                    "${} goes back on your gift card straight away",
                    payment.amount
                ),
                Some(method) => format!(
                    "${} goes back to your {} within 5–7 business days",
                    payment.amount,
                    method.describe()
                ),
                None => format!(
                    "${} goes back to the original payment method within 5–7 business days",
                    payment.amount
                ),
            }
        })
        .collect();
    parts.join(", and ")
}

fn action_sentence(
    action: &Action,
    verdict: &Verdict,
    outcome: Option<&ActionOutcome>,
    context: Option<&CustomerContext>,
) -> String {
    let order = action
        .order_id()
        .and_then(|id| context.and_then(|c| c.order(id)));
    let named = |ids: &[ItemId]| -> String {
        let names: Vec<String> = ids
            .iter()
            .filter_map(|id| {
                order
                    .and_then(|o| o.items.iter().find(|i| &i.item_id == id))
                    .map(|i| i.describe())
            })
            .collect();
        if names.is_empty() {
            "the items".to_owned()
        } else {
            names.join(" and ")
        }
    };
    let method_name = |id: &PaymentMethodId| -> String {
        context
            .and_then(|c| c.customer.payment_method(id))
            .map(|m| format!("your {}", m.describe()))
            .unwrap_or_else(|| id.to_string())
    };
    let timing = |id: &PaymentMethodId| -> &'static str {
        match context
            .and_then(|c| c.customer.payment_method(id))
            .map(|m| m.kind)
        {
            Some(PaymentKind::GiftCard) => "right away",
            _ => "within 5–7 business days",
        }
    };
    let remedy = match action {
        Action::ReturnItems { order_id, item_ids, refund_method_id } => Some((
            format!("set up the return of {} from order {order_id}", named(item_ids)),
            format!(
                "You'll get return instructions by email; once we receive the items, the refund goes to {} ({}).",
                method_name(refund_method_id),
                timing(refund_method_id)
            ),
        )),
        Action::ExchangeItems { order_id, item_ids, new_item_ids, .. } => {
            let new_names: Vec<String> = new_item_ids
                .iter()
                .filter_map(|id| {
                    context.and_then(|c| {
                        c.products
                            .iter()
                            .flat_map(|p| p.variants.iter().map(move |v| (p, v)))
                            .find(|(_, v)| &v.item_id == id)
                            .map(|(p, v)| {
                                let options: Vec<&str> = v.options.values().map(String::as_str).collect();
                                format!("{} ({})", p.name, options.join(", "))
                            })
                    })
                })
                .collect();
            Some((
                format!(
                    "set up the exchange of {} from order {order_id} for {}",
                    named(item_ids),
                    if new_names.is_empty() { "the new variant".to_owned() } else { new_names.join(" and ") }
                ),
                format!(
                    "You'll get instructions by email for sending the old item back. {}",
                    difference(order, item_ids, new_item_ids, context, action_method(action), &method_name)
                ),
            ))
        }
        Action::ModifyOrderItems { order_id, item_ids, new_item_ids, .. } => Some((
            format!(
                "change {} on order {order_id} to {}",
                named(item_ids),
                variant_names(new_item_ids, context).join(" and ")
            ),
            format!(
                "Items on an order can be changed only once, so the order is final after this. {}",
                difference(order, item_ids, new_item_ids, context, action_method(action), &method_name)
            ),
        )),
        Action::Refund { order_id, amount, refund_method_id, .. } => Some((
            format!("refund ${amount} on order {order_id} to {}", method_name(refund_method_id)),
            format!("It will reach you {}.", timing(refund_method_id)),
        )),
        Action::Reship { order_id, item_ids, .. } => Some((
            format!("send you a free replacement of {} from order {order_id}", named(item_ids)),
            "You'll get a tracking number as soon as it ships; there's no need to send the old one back.".to_owned(),
        )),
        Action::PauseSubscription { subscription_id, cycles } => Some((
            format!("pause {} for {cycles} billing cycle{}", subscription_name(context, subscription_id), if *cycles == 1 { "" } else { "s" }),
            "Nothing will be charged or shipped while it's paused.".to_owned(),
        )),
        Action::SkipRenewal { subscription_id } => Some((
            format!("skip the next renewal of {}", subscription_name(context, subscription_id)),
            "The one after it goes ahead as usual.".to_owned(),
        )),
        Action::ResumeSubscription { subscription_id } => Some((
            format!("resume {}", subscription_name(context, subscription_id)),
            "Deliveries pick up from the next renewal.".to_owned(),
        )),
        Action::CancelSubscription { subscription_id, at_period_end } => Some((
            format!("cancel {}", subscription_name(context, subscription_id)),
            if *at_period_end {
                "It stays active until the end of the period you've paid for and won't renew.".to_owned()
            } else {
                "It ends now, and the unused part of this period is refunded.".to_owned()
            },
        )),
        Action::ChangePlan { subscription_id, plan_id } => Some((
            format!(
                "move {} to {}",
                subscription_name(context, subscription_id),
                context.and_then(|c| c.plan(plan_id)).map_or(plan_id.to_string(), |p| format!("{} (${})", p.name, p.price))
            ),
            "The new price applies from your next renewal.".to_owned(),
        )),
        Action::UpdateCustomerEmail { email, .. } => Some((
            format!("change the email on your account to {email}"),
            "We'll use it for everything from now on.".to_owned(),
        )),
        Action::ChangePaymentMethod { order_id, payment_method_id } => Some((
            format!("switch the payment for order {order_id} to {}", method_name(payment_method_id)),
            "The original payment is refunded to where it came from.".to_owned(),
        )),
        _ => None,
    };
    // Only a final outcome changes what the reply says; one still being carried
    // out or confirmed reads as not yet done.
    let outcome = outcome.filter(|o| {
        matches!(
            o.outcome,
            Outcome::Executed | Outcome::Refused | Outcome::Failed
        )
    });
    if let Some((done, after)) = remedy {
        return match outcome.map(|o| o.outcome) {
            Some(Outcome::Executed) => format!("I've gone ahead and {}. {after}", past(&done)),
            Some(_) => format!(
                "I wasn't able to {done} just now; a colleague will follow up with you."
            ),
            None if verdict.decision == Decision::NeedsApproval => format!(
                "I've asked a colleague to approve this: we'll {done}, and I'll confirm as soon as it's done."
            ),
            None => format!("I'll {done}. {after}"),
        };
    }
    let what = match (action, order) {
        (Action::CancelOrder { order_id, .. }, Some(order)) => {
            format!("order {order_id} ({})", items_of(order))
        }
        (Action::CancelOrder { order_id, .. }, None) => format!("order {order_id}"),
        (Action::UpdateOrderAddress { order_id, address }, _) => {
            format!(
                "the shipping address of order {order_id} to {}",
                address.one_line()
            )
        }
        (Action::UpdateCustomerAddress { address, .. }, _) => {
            format!("the address on your account to {}", address.one_line())
        }
        (other, _) => other.kind().as_str().replace('_', " "),
    };
    match outcome.map(|o| o.outcome) {
        Some(Outcome::Executed) => match (action, order, context) {
            (Action::CancelOrder { .. }, Some(order), Some(context)) => {
                format!("I've cancelled {what}: {}.", refund_plan(order, context))
            }
            (Action::CancelOrder { .. }, _, _) => format!("I've cancelled {what}."),
            _ => format!("I've changed {what}."),
        },
        Some(_) => format!(
            "I wasn't able to complete this just now ({}); a colleague will follow up with you.",
            outcome.map(|o| o.message.as_str()).unwrap_or_default()
        ),
        None if verdict.decision == Decision::NeedsApproval => {
            format!("I've asked a colleague to approve this for you ({what}) and will confirm as soon as it's done.")
        }
        None => match (action, order, context) {
            (Action::CancelOrder { .. }, Some(order), Some(context)) => format!(
                "I'm cancelling {what} for you: {}.",
                refund_plan(order, context)
            ),
            (Action::CancelOrder { .. }, _, _) => format!("I'm cancelling {what} for you."),
            _ => format!("I'm changing {what} for you."),
        },
    }
}

fn action_method(action: &Action) -> Option<&PaymentMethodId> {
    match action {
        Action::ExchangeItems {
            payment_method_id, ..
        }
        | Action::ModifyOrderItems {
            payment_method_id, ..
        } => Some(payment_method_id),
        _ => None,
    }
}

fn variant_names(ids: &[ItemId], context: Option<&CustomerContext>) -> Vec<String> {
    ids.iter()
        .filter_map(|id| {
            context.and_then(|c| {
                c.products
                    .iter()
                    .flat_map(|p| p.variants.iter().map(move |v| (p, v)))
                    .find(|(_, v)| &v.item_id == id)
                    .map(|(p, v)| {
                        let options: Vec<&str> = v.options.values().map(String::as_str).collect();
                        format!("the {} ({})", p.name, options.join(", "))
                    })
            })
        })
        .collect()
}

/// The price difference of swapping `old` for `new`, in words.
fn difference(
    order: Option<&Order>,
    old: &[ItemId],
    new: &[ItemId],
    context: Option<&CustomerContext>,
    method: Option<&PaymentMethodId>,
    method_name: &dyn Fn(&PaymentMethodId) -> String,
) -> String {
    let Some(order) = order else {
        return String::new();
    };
    let was: Amount = old
        .iter()
        .filter_map(|id| order.items.iter().find(|i| &i.item_id == id))
        .map(|i| i.price)
        .sum();
    let prices: Option<Vec<Amount>> = new
        .iter()
        .map(|id| {
            context.and_then(|c| {
                c.products
                    .iter()
                    .flat_map(|p| p.variants.iter())
                    .find(|v| &v.item_id == id)
                    .map(|v| v.price)
            })
        })
        .collect();
    let Some(prices) = prices else {
        return String::new();
    };
    let now: Amount = prices.into_iter().sum();
    let to = method
        .map(method_name)
        .unwrap_or_else(|| "your payment method".to_owned());
    if now > was {
        format!(
            "The new price is ${} higher, charged to {to}.",
            now.saturating_sub(was)
        )
    } else if was > now {
        format!(
            "The new price is ${} lower, refunded to {to}.",
            was.saturating_sub(now)
        )
    } else {
        "The price is the same, so nothing changes on your payment.".to_owned()
    }
}

fn subscription_name(context: Option<&CustomerContext>, id: &SubscriptionId) -> String {
    context
        .and_then(|c| c.subscription(id).and_then(|s| c.plan(&s.plan_id)))
        .map_or_else(
            || format!("subscription {id}"),
            |plan| format!("your {} subscription", plan.name),
        )
}

/// "set up the return" → "set up the return"; "refund $5" → "refunded $5";
/// "send you" → "sent you".
fn past(done: &str) -> String {
    for (present, past) in [
        ("refund ", "refunded "),
        ("send ", "arranged to send "),
        ("pause ", "paused "),
        ("skip ", "skipped "),
        ("resume ", "resumed "),
        ("cancel ", "cancelled "),
        ("move ", "moved "),
        ("change ", "changed "),
        ("switch ", "switched "),
    ] {
        if let Some(rest) = done.strip_prefix(present) {
            return format!("{past}{rest}");
        }
    }
    done.to_owned()
}

fn status_sentence(order: &Order, context: &CustomerContext, with_address: bool) -> String {
    let items = items_of(order);
    let id = &order.order_id;
    match order.status {
        OrderStatus::Pending | OrderStatus::PendingItemModified => format!(
            "Order {id} ({items}) is pending: it was placed on {} and hasn't shipped yet{}; you'll get a tracking number as soon as it does.",
            date(&order.placed_at),
            if with_address {
                format!(", and it will ship to {}", order.address.one_line())
            } else {
                String::new()
            }
        ),
        OrderStatus::Processed => {
            let tracking = order.tracking_ids().join(", ");
            match order.shipped_at {
                Some(shipped) => format!(
                    "Order {id} ({items}) shipped on {}; the tracking number is {tracking}.",
                    date(&shipped)
                ),
                None => format!("Order {id} ({items}) has shipped; the tracking number is {tracking}."),
            }
        }
        OrderStatus::Delivered | OrderStatus::ReturnRequested | OrderStatus::ExchangeRequested => {
            match order.delivered_at {
                Some(delivered) => format!(
                    "Order {id} ({items}) was delivered on {}.",
                    date(&delivered)
                ),
                None => format!("Order {id} ({items}) was delivered."),
            }
        }
        OrderStatus::Cancelled => {
            let when = order
                .cancelled_at
                .map(|at| format!(" on {}", date(&at)))
                .unwrap_or_default();
            let refunds: Vec<String> = order
                .transactions
                .iter()
                .filter(|t| t.kind == TransactionKind::Refund)
                .map(|t| {
                    let method = context.customer.payment_method(&t.payment_method_id);
                    let timing = match method.map(|m| m.kind) {
                        Some(PaymentKind::GiftCard) => "which is available straight away",
                        _ => "which takes 5–7 business days to appear",
                    };
                    format!(
                        "${} was refunded to your {}, {timing}",
                        t.amount,
                        method.map_or_else(|| t.payment_method_id.to_string(), PaymentMethod::describe)
                    )
                })
                .collect();
            if refunds.is_empty() {
                format!("Order {id} ({items}) was cancelled{when}.")
            } else {
                format!(
                    "Order {id} ({items}) was cancelled{when}, and {}.",
                    refunds.join("; ")
                )
            }
        }
    }
}

/// The customer's subscriptions the text points at (by product line), or all
/// of them when it names none.
fn named_subscriptions<'a>(lowered: &str, context: &'a CustomerContext) -> Vec<&'a Subscription> {
    let named: Vec<&Subscription> = context
        .subscriptions
        .iter()
        .filter(|s| {
            context.plan(&s.plan_id).is_some_and(|plan| {
                plan.name
                    .split_whitespace()
                    .next()
                    .is_some_and(|w| lowered.contains(&w.to_lowercase()))
                    || lowered.contains(&plan.product_line.replace('_', " "))
            })
        })
        .collect();
    if named.is_empty() {
        context.subscriptions.iter().collect()
    } else {
        named
    }
}

fn subscription_sentence(subscription: &Subscription, context: &CustomerContext) -> String {
    let name = context.plan(&subscription.plan_id).map_or_else(
        || subscription.plan_id.to_string(),
        |p| format!("{} (${})", p.name, p.price),
    );
    let state = match (subscription.status, subscription.next_renewal_at) {
        (SubscriptionStatus::Active, Some(next)) => {
            format!("is active and next renews on {}", date(&next))
        }
        (SubscriptionStatus::Paused, _) => match subscription.paused_until {
            Some(until) => format!("is paused until {}", date(&until)),
            None => "is paused".to_owned(),
        },
        (status, _) => format!("is {}", status.as_str()),
    };
    format!("Your {name} subscription {state}.")
}

fn queue_team(queue: QueueName) -> &'static str {
    match queue {
        QueueName::Billing => "billing team",
        QueueName::TrustSafety => "trust and safety team",
        QueueName::SeniorSupport => "senior support team",
        QueueName::General => "support team",
    }
}

/// The reply draft for a proposal, with the outcomes of the actions that have run.
pub fn render_reply(
    ticket: &Ticket,
    context: Option<&CustomerContext>,
    proposal: &Proposal,
    outcomes: &[ActionOutcome],
) -> String {
    let name = context
        .map(|c| c.customer.first_name.clone())
        .or_else(|| {
            ticket
                .from
                .name
                .as_deref()
                .and_then(|n| n.split_whitespace().next())
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "there".to_owned());
    let mut paragraphs = vec![
        format!("Hi {name},"),
        "Thank you for reaching out.".to_owned(),
    ];

    let Some(context) = context else {
        paragraphs.extend(proposal.facts.iter().cloned());
        if let Some(escalation) = &proposal.escalate {
            paragraphs.push(format!(
                "I've passed your message to our {}, who will get back to you.",
                queue_team(escalation.queue)
            ));
        } else if proposal.intent == Intent::GeneralQuestion && !proposal.facts.is_empty() {
            // A product question answered from the catalogue needs no account.
        } else {
            paragraphs.push(
                "I couldn't find an account for this email address. Could you reply with your \
                 order number and the email address on your account, so I can look into it?"
                    .to_owned(),
            );
        }
        paragraphs.push(SIGN_OFF.to_owned());
        return paragraphs.join("\n\n");
    };

    for (index, proposed) in proposal.actions.iter().enumerate() {
        let outcome = outcomes
            .iter()
            .rev()
            .find(|o| o.action_index as usize == index);
        paragraphs.push(action_sentence(
            &proposed.action,
            &proposed.verdict,
            outcome,
            Some(context),
        ));
    }

    let text = ticket.customer_text();
    let entities = Entities::extract(&text, Some(context));
    let acted_on: Vec<&OrderId> = proposal
        .actions
        .iter()
        .filter_map(|a| a.action.order_id())
        .collect();
    paragraphs.extend(proposal.facts.iter().cloned());
    // Where things stand with the orders the ticket is about, when it asks or
    // when nothing is being done about them: facts from the records (R3).
    let wants_status = proposal.intent == Intent::OrderStatus
        || [
            "where is", "where's", "status", "tracking", "shipped", "arrive",
        ]
        .iter()
        .any(|cue| entities.mentions(cue));
    let nothing_done = proposal.actions.is_empty()
        && !matches!(
            proposal.intent,
            Intent::GeneralQuestion | Intent::OutOfScope | Intent::CancelOrder
        );
    let ambiguous = proposal
        .escalate
        .as_ref()
        .is_some_and(|e| e.rules.iter().any(|r| r == "R26"));
    if (wants_status || nothing_done) && !ambiguous {
        let asks_address = entities.mentions("address");
        for order in entities.status_targets(context).into_iter().take(3) {
            if !acted_on.contains(&&order.order_id) {
                paragraphs.push(status_sentence(order, context, asks_address));
            }
        }
    }
    if matches!(
        proposal.intent,
        Intent::SubscriptionChange | Intent::BillingIssue
    ) && !proposal
        .actions
        .iter()
        .any(|a| a.action.subscription_id().is_some())
    {
        for subscription in named_subscriptions(&text.to_lowercase(), context) {
            paragraphs.push(subscription_sentence(subscription, context));
        }
    }
    if proposal.intent == Intent::CancelOrder && proposal.actions.is_empty() {
        if let Some(order) = entities.cancel_target(context) {
            if order.status == OrderStatus::Pending && entities.cancel_reason().is_none() {
                paragraphs.push(format!(
                    "Order {} ({}) hasn't shipped yet, so it can be cancelled. Before I do, \
                     could you confirm the reason: is it no longer needed, or was it ordered by mistake?",
                    order.order_id,
                    items_of(order)
                ));
            } else if order.status != OrderStatus::Pending {
                paragraphs.push(
                    format!(
                        "I'm sorry, but order {} ({}) is {} and can no longer be cancelled. {}",
                        order.order_id,
                        items_of(order),
                        order.status,
                        if matches!(order.status, OrderStatus::Delivered) {
                            "Once you have it, I can help you return it instead."
                        } else {
                            ""
                        }
                    )
                    .trim_end()
                    .to_owned(),
                );
            }
        } else if proposal.escalate.is_none() {
            paragraphs.push(
                "Could you tell me the order number of the order you'd like to cancel?".to_owned(),
            );
        }
    }
    for denied in &proposal.denied {
        if proposal.intent == Intent::CancelOrder {
            continue; // said above, with the order's status
        }
        paragraphs.push(format!(
            "I'm sorry, but I can't {}: {}",
            denied.request, denied.explanation
        ));
    }
    if !entities.foreign_order_ids.is_empty() {
        let ids: Vec<&str> = entities
            .foreign_order_ids
            .iter()
            .map(OrderId::as_str)
            .collect();
        paragraphs.push(format!(
            "For privacy I can only help with orders on your own account, so I can't act on {}. The account holder is welcome to contact us directly.",
            ids.join(", ")
        ));
    }
    if let Some(escalation) = &proposal.escalate {
        paragraphs.push(format!(
            "I've passed your request to our {}, who will follow up with you shortly; you won't need to explain it again.",
            queue_team(escalation.queue)
        ));
    }
    paragraphs.push(SIGN_OFF.to_owned());
    paragraphs.join("\n\n")
}

/// What the policy said about the ticket's requests, for the hand-off.
pub(crate) struct Checked<'a> {
    pub actions: &'a [ProposedAction],
    pub refused: &'a [(String, ActionKind, Verdict)],
}

/// R27: what a person needs to act without asking the customer again.
pub(crate) fn handoff_summary(
    ticket: &Ticket,
    context: Option<&CustomerContext>,
    intent: Intent,
    entities: &Entities,
    risk: &Risk,
    checked: &Checked<'_>,
    instructions_set_aside: bool,
) -> String {
    let mut lines = Vec::new();
    match context {
        Some(context) => lines.push(format!(
            "Customer: {} ({}, {}).",
            context.customer.full_name(),
            context.customer.id,
            context.customer.email
        )),
        None => lines.push(format!(
            "Customer: not identified (sender {} <{}>).",
            ticket.from.name.as_deref().unwrap_or("unknown"),
            ticket.from.email.as_deref().unwrap_or("no email")
        )),
    }
    let request: String = ticket
        .messages
        .iter()
        .rev()
        .find(|m| m.author == Author::Customer)
        .map(|m| m.body.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default();
    let request = if request.chars().count() > 280 {
        format!("{}…", request.chars().take(280).collect::<String>())
    } else {
        request
    };
    lines.push(format!(
        "Request ({}): \"{request}\"",
        intent.as_str().replace('_', " ")
    ));
    if let Some(context) = context {
        let mut orders: Vec<&Order> = entities.status_targets(context);
        if orders.is_empty() {
            orders = context.orders.iter().take(3).collect();
        }
        for order in orders.iter().take(5) {
            lines.push(format!(
                "Order {}: {}, paid ${}, refunded ${} ({}).",
                order.order_id,
                order.status,
                order.paid(),
                order.refunded(),
                items_of(order)
            ));
        }
        for subscription in &context.subscriptions {
            lines.push(format!(
                "Subscription {}: {} on {}.",
                subscription.subscription_id,
                subscription.status.as_str(),
                subscription.plan_id
            ));
        }
    }
    for proposed in checked.actions {
        let who = match proposed.verdict.required_role {
            Some(role) => format!("allowed with {} approval", role.as_str()),
            None => "allowed".to_owned(),
        };
        lines.push(format!(
            "Policy check: {} would be {who} ({}).",
            proposed.action.kind().as_str().replace('_', " ")
                + &proposed
                    .action
                    .order_id()
                    .map(|o| format!(" on order {o}"))
                    .unwrap_or_default(),
            proposed.verdict.rules.join(", ")
        ));
    }
    for (what, _, verdict) in checked.refused {
        lines.push(format!(
            "Refused: {what} ({}): {}",
            verdict.rules.join(", "),
            verdict.explanation
        ));
    }
    if instructions_set_aside {
        lines.push(
            "Note: the ticket contains text addressed to an automated system; it was set aside \
             and grants nothing (R13)."
                .to_owned(),
        );
    }
    let signals: Vec<&str> = risk.signals.iter().map(|s| s.describe()).collect();
    lines.push(format!(
        "Sentiment: {}; risk: {}.",
        risk.sentiment().as_str(),
        if signals.is_empty() {
            "none detected".to_owned()
        } else {
            signals.join(", ")
        }
    ));
    lines.push(format!(
        "Suggested next step: {}",
        next_step(intent, risk, context.is_some())
    ));
    lines.join("\n")
}

fn next_step(intent: Intent, risk: &Risk, identified: bool) -> &'static str {
    use crate::risk::RiskSignal::*;
    if risk.signals.contains(&SafetyHazard) {
        return "contact the customer about the hazard today and stop any further use of the product.";
    }
    if risk.signals.contains(&Fraud) {
        return "verify the account holder's identity before any change, and review recent orders.";
    }
    if risk.signals.contains(&LegalThreat) || risk.signals.contains(&Chargeback) {
        return "billing to review the charge history and reply with a decision.";
    }
    if risk.signals.contains(&HumanRequested) || risk.signals.contains(&StrongFrustration) {
        return "a senior agent to contact the customer personally and own the resolution.";
    }
    if !identified {
        return "confirm who the customer is (order number and account email) before acting.";
    }
    match intent {
        Intent::OutOfScope => "route to the right team or close if not a customer request.",
        _ => "review the request against the policy and reply with a resolution.",
    }
}
