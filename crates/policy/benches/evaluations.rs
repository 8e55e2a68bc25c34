//! How many policy evaluations one core does per second, over a realistic mix of
//! actions on every customer of the sandbox world. Prints figures; asserts nothing.
//!
//!     cargo bench -p countersign-policy --bench evaluations

#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::str::FromStr;
use std::time::{Duration, Instant};

use countersign_domain::*;
use countersign_policy::{Facts, Policy};
use countersign_store::Store;

fn actions_for(context: &CustomerContext) -> Vec<Action> {
    let mut actions = Vec::new();
    let method = context.customer.payment_methods[0].id.clone();
    for order in &context.orders {
        let item = order.items[0].item_id.clone();
        actions.push(Action::CancelOrder {
            order_id: order.order_id.clone(),
            reason: CancelReason::NoLongerNeeded,
        });
        actions.push(Action::Refund {
            order_id: order.order_id.clone(),
            amount: Amount::from_str("25.00").unwrap(),
            refund_method_id: method.clone(),
            reason: RefundReason::Damaged,
            item_ids: Some(vec![item.clone()]),
        });
        actions.push(Action::ExchangeItems {
            order_id: order.order_id.clone(),
            item_ids: vec![item.clone()],
            new_item_ids: vec![item.clone()],
            payment_method_id: method.clone(),
        });
        actions.push(Action::Reship {
            order_id: order.order_id.clone(),
            item_ids: vec![item],
            reason: ReshipReason::Lost,
        });
    }
    for subscription in &context.subscriptions {
        actions.push(Action::SkipRenewal {
            subscription_id: subscription.subscription_id.clone(),
        });
    }
    actions
}

fn main() {
    let store = Store::in_memory().unwrap();
    let clock = store.clock().unwrap();
    let contexts: Vec<CustomerContext> = store
        .customer_ids()
        .unwrap()
        .iter()
        .map(|id| store.customer_context(id).unwrap().unwrap())
        .collect();
    let work: Vec<(usize, Action)> = contexts
        .iter()
        .enumerate()
        .flat_map(|(index, context)| actions_for(context).into_iter().map(move |a| (index, a)))
        .collect();
    let policy = Policy::sandbox();
    let judge = |index: usize, action: &Action| {
        let context = &contexts[index];
        policy.evaluate(
            action,
            &Facts {
                context,
                clock,
                approver: Role::Agent,
                approved_today: Amount::ZERO,
                sender_email: Some(&context.customer.email),
            },
        )
    };

    // Warm up, then run whole passes over the mix for at least three seconds.
    for (index, action) in &work {
        std::hint::black_box(judge(*index, action));
    }
    let mut decisions = [0usize; 3];
    let mut evaluations = 0usize;
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(3) {
        for (index, action) in &work {
            let verdict = std::hint::black_box(judge(*index, action));
            decisions[verdict.decision as usize] += 1;
            evaluations += 1;
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "policy evaluations: {evaluations} in {seconds:.2} s on one core = {:.0} per second \
         ({:.2} µs each; mix of {} actions over {} customers: {} allowed, {} needs approval, {} denied)",
        evaluations as f64 / seconds,
        seconds * 1e6 / evaluations as f64,
        work.len(),
        contexts.len(),
        decisions[0],
        decisions[1],
        decisions[2],
    );
}
