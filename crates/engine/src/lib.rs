//! The offline triage engine: from one ticket and the store's records to a
//! proposal (intent, typed actions each judged by the policy, an escalation when a
//! person must take over) and a reply draft. No language model, no network.
//!
//! Ticket text is data: nothing in it is ever executed or obeyed. The engine only
//! *reads* it for facts (who is writing, which order, what they want), and every
//! action it proposes is judged by `countersign-policy` like any other.

mod entities;
mod facts;
mod identify;
mod intent;
pub mod model;
mod remedy;
mod reply;
mod requests;
mod risk;

use countersign_domain::*;
use countersign_policy::{Facts, Policy};

pub use entities::Entities;
pub use identify::{Directory, Identification};
pub use reply::render_reply;
pub use risk::{Risk, RiskSignal};

/// The engine judges every action it proposes by `policy`, and hands off below
/// the policy's confidence threshold (R26).
#[derive(Debug, Clone)]
pub struct Engine {
    policy: Policy,
}

impl Default for Engine {
    /// The engine on the shipped sandbox policy.
    fn default() -> Self {
        Engine::new(Policy::sandbox())
    }
}

/// What the remedy search found for one ticket.
#[derive(Debug, Default)]
struct Remedies {
    actions: Vec<ProposedAction>,
    refused: Vec<(String, ActionKind, Verdict)>,
    escalate: Option<(QueueName, Vec<&'static str>)>,
    /// Nothing could be pinned down (no item named): the reply asks.
    unclear: bool,
    /// The reading's confidence is at most this after handling.
    confidence_cap: Option<f64>,
}

/// What triage found, beyond the proposal itself: shown to the agent and used to
/// render the reply again once actions have run.
#[derive(Debug, Clone)]
pub struct Triage {
    pub proposal: Proposal,
    pub context: Option<CustomerContext>,
}

/// An item change on a pending order: every item whose passage asks for a
/// change, to the variant it names. A request for another product, or for a
/// combination that does not exist, is kept with an `unknown` new item so the
/// policy refuses it for what it is (R9); it is never proposed as allowed.
fn item_change(
    lowered: &str,
    order: &Order,
    context: &CustomerContext,
    catalog: &[String],
) -> Option<Action> {
    const ASKS_CHANGE: &[&str] = &[
        "change",
        "switch",
        "instead",
        "rather",
        "to a size",
        "prefer",
        "swap",
    ];
    let mut item_ids = Vec::new();
    let mut new_item_ids = Vec::new();
    for item in remedy::subject_items(lowered, order) {
        let segment = remedy::segment_about(lowered, &item.name, &context.item_names());
        if !ASKS_CHANGE.iter().any(|cue| segment.contains(cue)) {
            continue;
        }
        let name = item.name.to_lowercase();
        // Another product of the catalogue named, one not already on the order.
        let other_product = catalog.iter().any(|other| {
            let other = other.to_lowercase();
            segment.contains(&other)
                && !name.contains(&other)
                && !order
                    .items
                    .iter()
                    .any(|i| i.name.to_lowercase().contains(&other))
        });
        let new = match context.product(&item.product_id) {
            _ if other_product => ItemId::new("unknown"),
            Some(product) => match remedy::variant_change(&segment, item, product) {
                // "change it to the glass one" for the glass one they have: kept
                // so the reply can say it is already so; a payment "instead"
                // is not an item change.
                remedy::VariantChange::Same
                    if ["change it to", "change to", "change the"]
                        .iter()
                        .any(|cue| segment.contains(cue)) =>
                {
                    item.item_id.clone()
                }
                remedy::VariantChange::Same => continue,
                remedy::VariantChange::To(variant) => variant.item_id.clone(),
                remedy::VariantChange::NoSuchVariant => ItemId::new("unknown"),
            },
            None => ItemId::new("unknown"),
        };
        item_ids.push(item.item_id.clone());
        new_item_ids.push(new);
    }
    if item_ids.is_empty() {
        return None;
    }
    let original = order
        .transactions
        .iter()
        .find(|t| t.kind == TransactionKind::Payment)
        .map(|t| t.payment_method_id.clone());
    let payment_method_id =
        requests::payment_method(lowered, &context.customer.payment_methods, None)
            .map(|m| m.id.clone())
            .or(original)?;
    Some(Action::ModifyOrderItems {
        order_id: order.order_id.clone(),
        item_ids,
        new_item_ids,
        payment_method_id,
    })
}

fn describe(action: &Action) -> String {
    let what = action.kind().as_str().replace('_', " ");
    match action.order_id() {
        Some(order) => format!("{what} on order {order}"),
        None => what,
    }
}

impl Engine {
    pub fn new(policy: Policy) -> Engine {
        Engine { policy }
    }

    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Return, exchange, refund or reship for the orders and items the ticket
    /// names; the policy judges every candidate and picks among the allowed.
    fn remedies(
        &self,
        text: &str,
        ticket_has_subject: bool,
        intent: Intent,
        entities: &Entities,
        context: &CustomerContext,
        facts: &Facts<'_>,
    ) -> Remedies {
        // The messages, not the subject line: "perfume return and broken mouse"
        // would lend each item the other's request. The subject speaks only
        // when the messages name nothing.
        let body = text.split_once('\n').map_or(text, |(_, body)| body);
        let names_any = |t: &str| {
            let t = t.to_lowercase();
            context
                .orders
                .iter()
                .any(|order| !remedy::subject_items(&t, order).is_empty())
        };
        let text = if ticket_has_subject && names_any(body) {
            body
        } else {
            text
        };
        let lowered = text.to_lowercase();
        let mut found = Remedies::default();
        let candidates: Vec<&Order> = if entities.order_ids.is_empty() {
            context
                .orders
                .iter()
                .filter(|order| !remedy::subject_items(&lowered, order).is_empty())
                .filter(|order| order.status != OrderStatus::Cancelled)
                .collect()
        } else {
            entities
                .order_ids
                .iter()
                .filter_map(|id| context.order(id))
                .collect()
        };
        // "My latest order": of the orders that fit, the most recent one.
        let candidates = if entities.order_ids.is_empty()
            && [
                "latest order",
                "last order",
                "most recent order",
                "newest order",
            ]
            .iter()
            .any(|cue| lowered.contains(cue))
        {
            candidates
                .into_iter()
                .max_by_key(|order| order.placed_at)
                .into_iter()
                .collect()
        } else {
            candidates
        };
        // The same product, or products called by the same word ("kettle"),
        // named in several orders with nothing to tell them apart: a person asks
        // rather than the engine guessing (R26).
        if entities.order_ids.is_empty() && remedy::ambiguous(&lowered, &candidates) {
            found.escalate = Some((self.queue_for("low_confidence"), vec!["R26"]));
            return found;
        }
        if candidates.is_empty() {
            found.unclear = true;
            return found;
        }
        let others = context.item_names();
        for order in candidates {
            let items = remedy::subject_items(&lowered, order);
            if items.is_empty() {
                found.unclear = true;
                continue;
            }
            // Each item goes the way its own sentences ask: a ticket may return
            // one thing and ask money back for another.
            let mut groups: Vec<(remedy::Path, Vec<&OrderItem>, String)> = Vec::new();
            for item in items {
                let segment = remedy::segment_about(&lowered, &item.name, &others);
                let path = match intent::remedy_ask(&segment) {
                    Some(Intent::ReturnOrExchange) => remedy::Path::Return,
                    Some(_) => remedy::Path::Problem,
                    None if intent == Intent::ReturnOrExchange
                        && remedy::problem(&segment).is_none() =>
                    {
                        remedy::Path::Return
                    }
                    None => remedy::Path::Problem,
                };
                match groups.iter_mut().find(|(p, _, _)| *p == path) {
                    Some((_, group, text)) => {
                        group.push(item);
                        if !text.contains(segment.as_str()) {
                            text.push_str(&segment);
                        }
                    }
                    None => groups.push((path, vec![item], segment)),
                }
            }
            // A replacement of several items: each is judged on its own, so an
            // unavailable one does not hold back the others (R17).
            let groups: Vec<(remedy::Path, Vec<&OrderItem>, String)> = groups
                .into_iter()
                .flat_map(|(path, items, segment)| {
                    if path == remedy::Path::Problem
                        && items.len() > 1
                        && remedy::want(&segment) != remedy::Want::Money
                    {
                        items
                            .into_iter()
                            .map(|item| (path, vec![item], segment.clone()))
                            .collect::<Vec<_>>()
                    } else {
                        vec![(path, items, segment)]
                    }
                })
                .collect();
            for (path, items, segment) in groups {
                let item_ids: Vec<ItemId> = items.iter().map(|item| item.item_id.clone()).collect();
                let method = remedy::refund_method(&segment, order, context)
                    .or_else(|| remedy::refund_method(&lowered, order, context));
                let Some(method) = method else {
                    continue;
                };
                let problem = remedy::problem(&segment);
                let candidates = self.remedy_candidates(
                    &lowered, &segment, path, order, &items, &item_ids, &method, problem, context,
                );
                self.choose(candidates, facts, &mut found);
            }
        }
        found
    }

    /// The actions that could resolve the problem with `items`, most preferred
    /// first: the policy decides which of them may run.
    #[allow(clippy::too_many_arguments)]
    fn remedy_candidates(
        &self,
        lowered: &str,
        segment: &str,
        path: remedy::Path,
        order: &Order,
        items: &[&OrderItem],
        item_ids: &[ItemId],
        method: &PaymentMethodId,
        problem: Option<(RefundReason, ReshipReason)>,
        context: &CustomerContext,
    ) -> Vec<Action> {
        let order_id = order.order_id.clone();
        if path == remedy::Path::Return {
            let other_variant = items.iter().any(|item| {
                context.product(&item.product_id).is_some_and(|product| {
                    !matches!(
                        remedy::variant_change(segment, item, product),
                        remedy::VariantChange::Same
                    )
                })
            });
            if remedy::wants_exchange(segment) || other_variant {
                let new_item_ids: Option<Vec<ItemId>> = items
                    .iter()
                    .map(|item| {
                        context
                            .product(&item.product_id)
                            .and_then(|product| remedy::wanted_variant(segment, item, product))
                            .map(|variant| variant.item_id.clone())
                    })
                    .collect();
                let payment = if segment.contains("gift card") {
                    context
                        .customer
                        .payment_methods
                        .iter()
                        .find(|m| m.kind == PaymentKind::GiftCard)
                        .map(|m| m.id.clone())
                        .unwrap_or_else(|| method.clone())
                } else {
                    method.clone()
                };
                return vec![Action::ExchangeItems {
                    order_id,
                    item_ids: item_ids.to_vec(),
                    // An unknown target is named as the item itself so the policy
                    // can refuse it for what it is; it is never proposed as allowed.
                    new_item_ids: new_item_ids.unwrap_or_else(|| vec![ItemId::new("unknown")]),
                    payment_method_id: payment,
                }];
            }
            return vec![Action::ReturnItems {
                order_id,
                item_ids: item_ids.to_vec(),
                refund_method_id: method.clone(),
            }];
        }
        let (refund_reason, reship_reason) =
            problem.unwrap_or((RefundReason::Goodwill, ReshipReason::Damaged));
        let price: Amount = items.iter().map(|item| item.price).sum();
        let asked = remedy::amount_asked(segment).or_else(|| remedy::amount_asked(lowered));
        let amount = asked.map_or(price, |asked| asked.min(price));
        // A late delivery of a whole order is refunded against the order, not
        // against items.
        let whole_order_late = refund_reason == RefundReason::Late
            && order.items.len() > 1
            && order
                .items
                .iter()
                .all(|item| remedy::product_named(lowered, &item.name));
        let refund = Action::Refund {
            order_id: order_id.clone(),
            amount,
            refund_method_id: method.clone(),
            reason: refund_reason,
            item_ids: (!whole_order_late).then(|| item_ids.to_vec()),
        };
        let reship = Action::Reship {
            order_id,
            item_ids: item_ids.to_vec(),
            reason: reship_reason,
        };
        let can_reship = problem.is_some() && refund_reason != RefundReason::Goodwill;
        match remedy::want(segment) {
            remedy::Want::Money => vec![refund],
            remedy::Want::Replacement if can_reship => vec![reship, refund],
            remedy::Want::Either if can_reship && refund_reason != RefundReason::Missing => {
                vec![reship, refund]
            }
            _ => vec![refund],
        }
    }

    /// Account, order-detail, subscription and billing requests: each request read
    /// from the text becomes a group of candidate actions, and the policy picks.
    #[allow(clippy::too_many_arguments)]
    fn requests(
        &self,
        text: &str,
        catalog: &[String],
        ticket: &Ticket,
        intent: Intent,
        entities: &Entities,
        context: &CustomerContext,
        facts: &Facts<'_>,
    ) -> Remedies {
        let lowered = text.to_lowercase();
        let has = |cues: &[&str]| cues.iter().any(|cue| lowered.contains(cue));
        let mut found = Remedies::default();
        let mut groups: Vec<Vec<Action>> = Vec::new();
        let customer = context.customer.id.clone();

        let charge_problem = has(&[
            "charged twice",
            "charged me twice",
            "two payments",
            "twice",
            "double charge",
            "charged two times",
        ]) || (has(&["charge"])
            && has(&[
                "didn't order",
                "did not order",
                "didn't buy",
                "not mine",
                "don't recognize",
                "do not recognize",
                "what is it for",
            ]));
        // "I thought I stopped the coffee thing. Please cancel it.": the customer
        // knows the charge; what is asked is the cancel.
        let recognised = has(&[
            "thought i stopped",
            "thought i cancelled",
            "thought i canceled",
            "i stopped the",
        ]);
        if intent == Intent::BillingIssue && charge_problem && !recognised {
            // R16: a claimed double or unknown charge is billing's to trace.
            found.escalate = Some((self.queue_for("double_or_unknown_charge"), vec!["R16"]));
            return found;
        }

        let subscription_words = has(&[
            "subscription",
            "coffee",
            "sock",
            "dog food",
            "pet pantry",
            "pantry",
            "plan",
            "delivery",
            "shipment",
        ]);
        if intent == Intent::SubscriptionChange
            || (subscription_words
                && has(&["cancel", "pause", "skip"])
                && !context.subscriptions.is_empty())
        {
            let Some(subscription) = requests::subscription(&lowered, context) else {
                found.unclear = true;
                return found;
            };
            let id = subscription.subscription_id.clone();
            let cycles = requests::pause_cycles(&lowered);
            // Whole words: "I paused it last month" asks for no pause.
            let verb = |w: &str| intent::word(&lowered, w);
            if verb("skip") {
                let mut group = vec![Action::SkipRenewal {
                    subscription_id: id.clone(),
                }];
                if verb("pause") {
                    group.push(Action::PauseSubscription {
                        subscription_id: id.clone(),
                        cycles,
                    });
                }
                groups.push(group);
            } else if verb("pause") || has(&["on hold", "break from"]) {
                groups.push(vec![Action::PauseSubscription {
                    subscription_id: id.clone(),
                    cycles,
                }]);
            } else if has(&[
                "resume",
                "start it again",
                "restart",
                "start again",
                "reactivate",
                "turn it back on",
                "like nothing happened",
            ]) {
                groups.push(vec![Action::ResumeSubscription {
                    subscription_id: id.clone(),
                }]);
            }
            if has(&["cancel", "stop the", "stopped the", "end my"])
                && !has(&["cancelled the", "i cancelled", "i canceled"])
            {
                let now = has(&["immediately", "right now", "right away", "today"]);
                groups.push(vec![Action::CancelSubscription {
                    subscription_id: id.clone(),
                    at_period_end: !now,
                }]);
            }
            if has(&[
                "switch",
                "upgrade",
                "downgrade",
                "change to",
                "move to",
                "move me to",
                "put me on",
                "instead of",
                "change the plan",
                "change my plan",
                "too much",
            ]) {
                if let Some(current) = context.plan(&subscription.plan_id) {
                    if let Some(plan) = requests::wanted_plan(&lowered, current, &context.plans) {
                        groups.push(vec![Action::ChangePlan {
                            subscription_id: id.clone(),
                            plan_id: plan.plan_id.clone(),
                        }]);
                    }
                }
            }
        } else if intent == Intent::AccountChange || intent == Intent::ChangeOrder {
            let address = requests::address(text);
            let target = entities
                .cancel_target(context)
                .filter(|_| intent == Intent::ChangeOrder);
            if intent == Intent::ChangeOrder && entities.order_ids.is_empty() {
                let pending: Vec<&Order> = context
                    .orders
                    .iter()
                    .filter(|o| o.status == OrderStatus::Pending)
                    .collect();
                if remedy::ambiguous(&lowered, &pending) {
                    // The same product on several pending orders: which one is
                    // the customer's to say, not the engine's to guess (R26).
                    found.escalate = Some((self.queue_for("low_confidence"), vec!["R26"]));
                    return found;
                }
            }
            if let (Some(address), Some(order)) = (&address, target) {
                groups.push(vec![Action::UpdateOrderAddress {
                    order_id: order.order_id.clone(),
                    address: address.clone(),
                }]);
            }
            let default_address = intent == Intent::AccountChange
                || has(&[
                    "default",
                    "on my account",
                    "on file",
                    "account as well",
                    "my address on",
                    "address to my account",
                ]);
            if let (Some(address), true) = (&address, default_address) {
                groups.push(vec![Action::UpdateCustomerAddress {
                    customer_id: customer.clone(),
                    address: address.clone(),
                }]);
            }
            let item_change = target
                .filter(|_| intent == Intent::ChangeOrder)
                .and_then(|order| item_change(&lowered, order, context, catalog));
            let changes_items = item_change.is_some();
            if let Some(action) = item_change {
                groups.push(vec![action]);
            }
            if intent == Intent::ChangeOrder
                && address.is_none()
                && !changes_items
                && has(&[
                    "pay with",
                    "charge my",
                    "switch the payment",
                    "use my",
                    "instead of",
                    "payment to",
                    "put it on",
                ])
            {
                if let Some(order) = target {
                    let current = order
                        .transactions
                        .iter()
                        .find(|t| t.kind == TransactionKind::Payment)
                        .map(|t| t.payment_method_id.clone());
                    if let Some(method) = requests::payment_method(
                        &lowered,
                        &context.customer.payment_methods,
                        current.as_ref(),
                    ) {
                        groups.push(vec![Action::ChangePaymentMethod {
                            order_id: order.order_id.clone(),
                            payment_method_id: method.id.clone(),
                        }]);
                    }
                }
            }
            if intent == Intent::AccountChange && intent::asks_email_change(&lowered) {
                let sender = ticket
                    .from
                    .email
                    .as_deref()
                    .unwrap_or_default()
                    .to_lowercase();
                let new_email = requests::emails(text)
                    .into_iter()
                    .find(|e| {
                        !e.eq_ignore_ascii_case(&context.customer.email)
                            && !e.eq_ignore_ascii_case(&sender)
                    })
                    .or_else(|| {
                        (!sender.eq_ignore_ascii_case(&context.customer.email)
                            && !sender.is_empty())
                        .then(|| sender.clone())
                    });
                if let Some(email) = new_email {
                    let action = Action::UpdateCustomerEmail {
                        customer_id: customer.clone(),
                        email,
                    };
                    let verdict = self.policy.evaluate(&action, facts);
                    if verdict.decision == Decision::Denied
                        && verdict.rules.iter().any(|r| r == "R24")
                    {
                        found
                            .refused
                            .push((describe(&action), action.kind(), verdict));
                        found.escalate =
                            Some((self.policy.config().email_change_queue, vec!["R24"]));
                        return found;
                    }
                    groups.push(vec![action]);
                }
            }
        }
        if intent == Intent::ChangeOrder
            && has(&["half", "split", "part of it", "part on"])
            && has(&["gift card", "visa", "mastercard", "paypal", "card"])
        {
            if let Some(order) = entities.cancel_target(context) {
                found.refused.push((
                    format!("split the payment of order {}", order.order_id),
                    ActionKind::ChangePaymentMethod,
                    Verdict::denied(
                        &["R8"],
                        format!(
                            "A payment can move to one other method for the whole of order {}, not be split between two.",
                            order.order_id
                        ),
                    ),
                ));
                return found;
            }
        }
        if groups.is_empty() {
            if intent == Intent::BillingIssue
                && has(&[
                    "payment failed",
                    "failed payment",
                    "declined",
                    "didn't go through",
                    "charge a card instead",
                ])
            {
                // No action type changes how a subscription or a failed payment
                // is paid: billing takes it with a summary (R14, R27).
                found.escalate = Some((self.queue_for("payment_problem"), vec!["R14"]));
            } else if intent != Intent::BillingIssue {
                // Nothing here an action can serve: a person takes it (R14).
                found.escalate = Some((self.queue_for("out_of_scope"), vec!["R14"]));
            }
            return found;
        }
        for group in groups {
            self.choose(group, facts, &mut found);
        }
        found
    }

    /// Proposes the first candidate the policy allows (or allows with a higher
    /// role's approval); the ones refused before it are kept for the reply.
    fn choose(&self, candidates: Vec<Action>, facts: &Facts<'_>, found: &mut Remedies) {
        for action in candidates {
            let verdict = self.policy.evaluate(&action, facts);
            match verdict.decision {
                Decision::Denied => {
                    if verdict.rules.iter().any(|r| r == "R20") {
                        found.escalate = Some((self.policy.config().frequency_queue, vec!["R20"]));
                        found
                            .refused
                            .push((describe(&action), action.kind(), verdict));
                        return;
                    }
                    found
                        .refused
                        .push((describe(&action), action.kind(), verdict));
                }
                _ => {
                    if verdict.required_role == Some(Role::Finance) {
                        found.escalate =
                            Some((self.policy.config().above_senior_queue, vec!["R19"]));
                    }
                    found.actions.push(ProposedAction { action, verdict });
                    return;
                }
            }
        }
    }

    /// What one request of the ticket leads to.
    #[allow(clippy::too_many_arguments)]
    fn handle(
        &self,
        request: Intent,
        catalog: &[String],
        ticket: &Ticket,
        text: &str,
        entities: &Entities,
        context: &CustomerContext,
        facts: &Facts<'_>,
    ) -> Remedies {
        let mut found = Remedies::default();
        match request {
            Intent::CancelOrder => match entities.cancel_target(context) {
                Some(order) => {
                    // R5 names two reasons; without one the reply asks for it.
                    let reason = entities
                        .cancel_reason()
                        .unwrap_or(CancelReason::NoLongerNeeded);
                    let action = Action::CancelOrder {
                        order_id: order.order_id.clone(),
                        reason,
                    };
                    let verdict = self.policy.evaluate(&action, facts);
                    if verdict.decision == Decision::Denied {
                        found.refused.push((
                            format!("cancel order {}", order.order_id),
                            ActionKind::CancelOrder,
                            verdict,
                        ));
                    } else if entities.cancel_reason().is_some() {
                        found.actions.push(ProposedAction { action, verdict });
                    }
                }
                None => match entities.foreign_order_ids.first() {
                    // An order that is not the sender's: the policy refuses (R2)
                    // and the reply says so without disclosing anything.
                    Some(foreign) => {
                        let action = Action::CancelOrder {
                            order_id: foreign.clone(),
                            reason: entities
                                .cancel_reason()
                                .unwrap_or(CancelReason::NoLongerNeeded),
                        };
                        let verdict = self.policy.evaluate(&action, facts);
                        found.refused.push((
                            format!("cancel order {foreign}"),
                            action.kind(),
                            verdict,
                        ));
                    }
                    None => found.confidence_cap = Some(0.4),
                },
            },
            Intent::OrderStatus => {
                if entities.status_targets(context).is_empty() {
                    found.confidence_cap = Some(0.6);
                }
            }
            Intent::ReturnOrExchange | Intent::RefundRequest | Intent::DamagedOrWrongItem => {
                found = self.remedies(
                    text,
                    ticket.subject.is_some(),
                    request,
                    entities,
                    context,
                    facts,
                );
                if found.unclear {
                    found.confidence_cap = Some(0.55);
                }
            }
            Intent::SubscriptionChange
            | Intent::AccountChange
            | Intent::ChangeOrder
            | Intent::BillingIssue => {
                found = self.requests(text, catalog, ticket, request, entities, context, facts);
                if found.unclear {
                    found.confidence_cap = Some(0.45);
                }
            }
            Intent::ComplaintOrHuman => {
                found.escalate = Some(if intent::asks_for_person(text) {
                    (self.queue_for("human_requested"), vec!["R25"])
                } else {
                    // Heard, not resolved by an action: a person follows up, unless
                    // another request of the ticket sends it elsewhere (R14, R27).
                    (self.queue_for("complaint"), vec!["R14"])
                });
            }
            Intent::GeneralQuestion => {
                if intent::asks_about_shipping(text) {
                    // Destinations, costs and times of shipping are not in the
                    // store's records: a person answers (R14).
                    found.escalate = Some((self.queue_for("out_of_scope"), vec!["R14"]));
                }
            }
            Intent::OutOfScope => {
                found.escalate = Some((self.queue_for("out_of_scope"), vec!["R14"]));
            }
        }
        found
    }

    /// The queue the policy file sends an escalation trigger to.
    fn queue_for(&self, trigger: &str) -> QueueName {
        self.policy
            .config()
            .escalation_queues
            .get(trigger)
            .copied()
            .unwrap_or(QueueName::General)
    }

    /// Triage one ticket. `approver` is the role the verdicts are judged for (the
    /// agent in front of the desk; `agent` for headless runs).
    pub fn triage(
        &self,
        ticket: &Ticket,
        directory: &dyn Directory,
        clock: Timestamp,
        approver: Role,
    ) -> Triage {
        let raw = ticket.customer_text();
        // Instructions addressed to the system are set aside before anything is
        // read from the text: they name no order, amount or method (R13).
        let text = match &ticket.subject {
            Some(subject) => format!(
                "{subject}\n{}",
                intent::set_aside_instructions(&raw[subject.len()..]).0
            ),
            None => intent::set_aside_instructions(&raw).0,
        };
        let identification = identify::identify(ticket, &text, directory);
        let context = identification
            .customer_id()
            .and_then(|id| directory.context(id));
        let entities = Entities::extract(&text, context.as_ref());
        // Risk is read from the customer's own words: a "note for the AI" that
        // names a supervisor is not a request for one.
        let risk = risk::assess(ticket, &text);
        let reading = intent::read(
            ticket,
            &entities,
            context.as_ref(),
            identification.customer_id().is_some(),
        );
        let intent = reading.intent;
        let mut confidence = reading.confidence;

        let mut actions: Vec<ProposedAction> = Vec::new();
        let mut refused: Vec<(String, ActionKind, Verdict)> = Vec::new();
        let mut escalate = None;

        if let Some(trigger) = risk.escalation() {
            // R25: a person takes it. The requests are still checked against the
            // policy, for the hand-off only, so the person sees what would be allowed.
            escalate = Some((self.queue_for(trigger), vec!["R25"]));
        }
        if intent == Intent::OutOfScope {
            escalate = Some((self.queue_for("out_of_scope"), vec!["R14", "R25"]));
        } else if let Some(context) = &context {
            let facts = Facts {
                context,
                clock,
                approver,
                approved_today: Amount::ZERO,
                sender_email: ticket.from.email.as_deref(),
            };
            let catalog = if reading
                .requests
                .iter()
                .any(|r| matches!(r, Intent::ChangeOrder | Intent::ReturnOrExchange))
            {
                directory.product_names()
            } else {
                Vec::new()
            };
            let mut remedies_done = false;
            for (index, &request) in reading.requests.iter().enumerate() {
                let primary = index == 0;
                let remedy = matches!(
                    request,
                    Intent::ReturnOrExchange | Intent::RefundRequest | Intent::DamagedOrWrongItem
                );
                if remedy && remedies_done {
                    continue;
                }
                remedies_done |= remedy;
                let found =
                    self.handle(request, &catalog, ticket, &text, &entities, context, &facts);
                for proposed in found.actions {
                    if !actions.iter().any(|a| a.action == proposed.action) {
                        actions.push(proposed);
                    }
                }
                refused.extend(found.refused);
                if let Some(handoff) = found.escalate {
                    // A secondary request nothing can serve does not send the
                    // whole ticket to a person; the reply answers it. A hand-off
                    // for "nothing to act on" yields to a more specific one.
                    let generic = handoff.1 == vec!["R14"];
                    match &escalate {
                        None if primary || !generic => escalate = Some(handoff),
                        Some((_, rules)) if *rules == vec!["R14"] && !generic => {
                            escalate = Some(handoff)
                        }
                        _ => {}
                    }
                }
                if primary {
                    if let Some(cap) = found.confidence_cap {
                        confidence = confidence.min(cap);
                    }
                }
            }
            if escalate.is_none()
                && actions.is_empty()
                && confidence < self.policy.config().confidence_threshold
            {
                escalate = Some((self.queue_for("low_confidence"), vec!["R26"]));
            }
        } else if matches!(intent, Intent::ComplaintOrHuman) {
            escalate = Some((self.queue_for("human_requested"), vec!["R25"]));
        } else if reading.requests.contains(&Intent::AccountChange)
            && intent::asks_email_change(&text.to_lowercase())
        {
            // An email change from an address not on file (R24): never an
            // action, and the sender is not even identified.
            escalate = Some((self.policy.config().email_change_queue, vec!["R24"]));
        }

        let escalate = escalate.map(|(queue, rules)| {
            let summary = reply::handoff_summary(
                ticket,
                context.as_ref(),
                intent,
                &entities,
                &risk,
                &reply::Checked {
                    actions: &actions,
                    refused: &refused,
                },
                reading.instructions_set_aside,
            );
            // R25: a must-escalate ticket gets the handoff only: no commerce action,
            // and the reply does not argue the policy with the customer.
            if rules.contains(&"R25") {
                actions.clear();
                refused.clear();
            }
            Escalation {
                queue,
                rules: rules.into_iter().map(str::to_owned).collect(),
                summary,
            }
        });

        let lowered = text.to_lowercase();
        let catalog = if facts::asks_about_products(&lowered, &reading.requests) {
            directory.catalog()
        } else {
            Vec::new()
        };
        let facts = facts::facts(&facts::Known {
            lowered: &lowered,
            requests: &reading.requests,
            entities: &entities,
            context: context.as_ref(),
            catalog: &catalog,
            ambiguous: escalate
                .as_ref()
                .is_some_and(|e| e.rules.iter().any(|r| r == "R26")),
        });
        let mut proposal = Proposal {
            ticket_id: ticket.id.clone(),
            customer_id: identification.customer_id().cloned(),
            intent,
            confidence: (confidence * 100.0).round() / 100.0,
            actions,
            escalate,
            reply: String::new(),
            denied: refused
                .iter()
                .map(|(request, kind, verdict)| Denied {
                    request: request.clone(),
                    kind: *kind,
                    rules: verdict.rules.clone(),
                    explanation: verdict.explanation.clone(),
                })
                .collect(),
            facts,
            sentiment: risk.sentiment(),
        };
        proposal.reply = render_reply(ticket, context.as_ref(), &proposal, &[]);
        Triage { proposal, context }
    }
}
