//! Every kind of violation the policy must refuse, each with the rule that forbids
//! it, on real records of the sandbox world (found by what they are, not by id, so
//! the tests keep their meaning if the world data changes).

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::str::FromStr;

use chrono::Duration;
use countersign_domain::*;
use countersign_policy::{Facts, Policy};
use countersign_store::Store;

struct World {
    contexts: Vec<CustomerContext>,
    clock: Timestamp,
    policy: Policy,
}

impl World {
    fn load() -> World {
        let store = Store::in_memory().unwrap();
        let clock = store.clock().unwrap();
        let contexts = store
            .customer_ids()
            .unwrap()
            .iter()
            .map(|id| store.customer_context(id).unwrap().unwrap())
            .collect();
        World {
            contexts,
            clock,
            policy: Policy::sandbox(),
        }
    }

    fn judge(&self, context: &CustomerContext, action: &Action, approver: Role) -> Verdict {
        self.judge_with(context, action, approver, Amount::ZERO)
    }

    fn judge_with(
        &self,
        context: &CustomerContext,
        action: &Action,
        approver: Role,
        approved_today: Amount,
    ) -> Verdict {
        self.policy.evaluate(
            action,
            &Facts {
                context,
                clock: self.clock,
                approver,
                approved_today,
                sender_email: Some(&context.customer.email),
            },
        )
    }

    /// The first customer and order for which `pick` holds.
    fn find(&self, pick: impl Fn(&CustomerContext, &Order) -> bool) -> (&CustomerContext, &Order) {
        for context in &self.contexts {
            for order in &context.orders {
                if pick(context, order) {
                    return (context, order);
                }
            }
        }
        panic!("no such order in the world");
    }
}

fn amount(text: &str) -> Amount {
    Amount::from_str(text).unwrap()
}

fn assert_denied(verdict: &Verdict, rule: &str) {
    assert_eq!(verdict.decision, Decision::Denied, "{verdict:?}");
    assert!(
        verdict.rules.iter().any(|r| r == rule),
        "expected {rule} in {:?}: {}",
        verdict.rules,
        verdict.explanation
    );
}

fn paid_with<'a>(context: &'a CustomerContext, order: &Order) -> &'a PaymentMethod {
    let id = &order
        .transactions
        .iter()
        .find(|t| t.kind == TransactionKind::Payment)
        .unwrap()
        .payment_method_id;
    context.customer.payment_method(id).unwrap()
}

fn single_payment(order: &Order) -> bool {
    order
        .transactions
        .iter()
        .filter(|t| t.kind == TransactionKind::Payment)
        .count()
        == 1
}

fn all_available(context: &CustomerContext, order: &Order) -> bool {
    order.items.iter().all(|item| {
        context
            .product(&item.product_id)
            .and_then(|p| p.variants.iter().find(|v| v.item_id == item.item_id))
            .is_some_and(|v| v.available)
    })
}

#[test]
fn cancel_refused_when_order_not_pending_r5() {
    let world = World::load();
    let (context, order) = world.find(|_, o| o.status == OrderStatus::Delivered);
    let verdict = world.judge(
        context,
        &Action::CancelOrder {
            order_id: order.order_id.clone(),
            reason: CancelReason::NoLongerNeeded,
        },
        Role::Finance,
    );
    assert_denied(&verdict, "R5");
}

#[test]
fn cancel_allowed_when_pending_r5() {
    let world = World::load();
    let (context, order) = world.find(|_, o| o.status == OrderStatus::Pending);
    let verdict = world.judge(
        context,
        &Action::CancelOrder {
            order_id: order.order_id.clone(),
            reason: CancelReason::OrderedByMistake,
        },
        Role::Agent,
    );
    assert_eq!(verdict.decision, Decision::Allowed, "{verdict:?}");
    assert_eq!(verdict.rules, ["R5"]);
}

#[test]
fn cancel_reason_outside_the_two_allowed_is_refused_by_the_contract_r5() {
    let error = serde_json::from_str::<Action>(
        r##"{"type": "cancel_order", "order_id": "#W4308578", "reason": "found it cheaper"}"##,
    )
    .unwrap_err();
    assert!(error.to_string().contains("found it cheaper"), "{error}");
}

#[test]
fn return_and_exchange_refused_when_not_delivered_r10_r11() {
    let world = World::load();
    let (context, order) = world.find(|_, o| o.status == OrderStatus::Processed);
    let method = paid_with(context, order).id.clone();
    let item = order.items[0].item_id.clone();
    let verdict = world.judge(
        context,
        &Action::ReturnItems {
            order_id: order.order_id.clone(),
            item_ids: vec![item.clone()],
            refund_method_id: method.clone(),
        },
        Role::Agent,
    );
    assert_denied(&verdict, "R10");
    let verdict = world.judge(
        context,
        &Action::ExchangeItems {
            order_id: order.order_id.clone(),
            item_ids: vec![item.clone()],
            new_item_ids: vec![item],
            payment_method_id: method,
        },
        Role::Agent,
    );
    assert_denied(&verdict, "R11");
}

#[test]
fn return_refund_to_a_method_neither_original_nor_gift_card_r10() {
    let world = World::load();
    let foreign_method = |c: &CustomerContext, o: &Order| {
        c.customer
            .payment_methods
            .iter()
            .find(|m| {
                m.kind != PaymentKind::GiftCard
                    && !o.transactions.iter().any(|t| t.payment_method_id == m.id)
            })
            .cloned()
    };
    let (context, order) =
        world.find(|c, o| o.status == OrderStatus::Delivered && foreign_method(c, o).is_some());
    let verdict = world.judge(
        context,
        &Action::ReturnItems {
            order_id: order.order_id.clone(),
            item_ids: vec![order.items[0].item_id.clone()],
            refund_method_id: foreign_method(context, order).unwrap().id,
        },
        Role::Agent,
    );
    assert_denied(&verdict, "R10");
}

#[test]
fn item_change_to_another_product_is_refused_r9() {
    let world = World::load();
    let (context, order) = world.find(|c, o| {
        o.status == OrderStatus::Pending
            && c.products
                .iter()
                .any(|p| p.product_id != o.items[0].product_id)
    });
    let other = context
        .products
        .iter()
        .find(|p| p.product_id != order.items[0].product_id)
        .unwrap()
        .variants[0]
        .item_id
        .clone();
    let verdict = world.judge(
        context,
        &Action::ModifyOrderItems {
            order_id: order.order_id.clone(),
            item_ids: vec![order.items[0].item_id.clone()],
            new_item_ids: vec![other],
            payment_method_id: paid_with(context, order).id.clone(),
        },
        Role::Agent,
    );
    assert_denied(&verdict, "R9");
    assert!(
        verdict.explanation.contains("same product"),
        "{}",
        verdict.explanation
    );
}

#[test]
fn item_change_to_an_unavailable_variant_is_refused_r9() {
    let world = World::load();
    let unavailable = |c: &CustomerContext, o: &Order| {
        c.product(&o.items[0].product_id)
            .and_then(|p| p.variants.iter().find(|v| !v.available))
            .map(|v| v.item_id.clone())
    };
    let (context, order) =
        world.find(|c, o| o.status == OrderStatus::Pending && unavailable(c, o).is_some());
    let verdict = world.judge(
        context,
        &Action::ModifyOrderItems {
            order_id: order.order_id.clone(),
            item_ids: vec![order.items[0].item_id.clone()],
            new_item_ids: vec![unavailable(context, order).unwrap()],
            payment_method_id: paid_with(context, order).id.clone(),
        },
        Role::Agent,
    );
    assert_denied(&verdict, "R9");
    assert!(verdict.explanation.contains("not available"));
}

#[test]
fn a_no_op_modification_is_refused_r9() {
    let world = World::load();
    let (context, order) = world.find(|_, o| o.status == OrderStatus::Pending);
    let verdict = world.judge(
        context,
        &Action::ModifyOrderItems {
            order_id: order.order_id.clone(),
            item_ids: vec![order.items[0].item_id.clone()],
            new_item_ids: vec![order.items[0].item_id.clone()],
            payment_method_id: paid_with(context, order).id.clone(),
        },
        Role::Agent,
    );
    assert_denied(&verdict, "R9");
}

#[test]
fn payment_change_to_the_same_method_is_refused_r8() {
    let world = World::load();
    let (context, order) = world.find(|_, o| o.status == OrderStatus::Pending && single_payment(o));
    let verdict = world.judge(
        context,
        &Action::ChangePaymentMethod {
            order_id: order.order_id.clone(),
            payment_method_id: paid_with(context, order).id.clone(),
        },
        Role::Agent,
    );
    assert_denied(&verdict, "R8");
}

#[test]
fn a_gift_card_that_cannot_cover_is_refused_r8() {
    let world = World::load();
    let short_card = |c: &CustomerContext, o: &Order| {
        c.customer
            .payment_methods
            .iter()
            .find(|m| {
                m.kind == PaymentKind::GiftCard
                    && m.balance.is_some_and(|b| b < o.paid())
                    && !o.transactions.iter().any(|t| t.payment_method_id == m.id)
            })
            .cloned()
    };
    let (context, order) = world.find(|c, o| {
        o.status == OrderStatus::Pending && single_payment(o) && short_card(c, o).is_some()
    });
    let verdict = world.judge(
        context,
        &Action::ChangePaymentMethod {
            order_id: order.order_id.clone(),
            payment_method_id: short_card(context, order).unwrap().id,
        },
        Role::Agent,
    );
    assert_denied(&verdict, "R8");
    assert!(verdict.explanation.contains("does not cover"));
}

#[test]
fn any_change_after_an_item_modification_is_refused_r6() {
    let world = World::load();
    let (context, order) = world.find(|_, o| o.status == OrderStatus::Pending);
    let mut modified = context.clone();
    let target = modified
        .orders
        .iter_mut()
        .find(|o| o.order_id == order.order_id)
        .unwrap();
    target.status = OrderStatus::PendingItemModified;
    for action in [
        Action::CancelOrder {
            order_id: order.order_id.clone(),
            reason: CancelReason::NoLongerNeeded,
        },
        Action::ModifyOrderItems {
            order_id: order.order_id.clone(),
            item_ids: vec![order.items[0].item_id.clone()],
            new_item_ids: vec![order.items[0].item_id.clone()],
            payment_method_id: paid_with(context, order).id.clone(),
        },
        Action::ChangePaymentMethod {
            order_id: order.order_id.clone(),
            payment_method_id: paid_with(context, order).id.clone(),
        },
    ] {
        let verdict = world.judge(&modified, &action, Role::Finance);
        assert_denied(&verdict, "R6");
    }
}

#[test]
fn another_customers_order_is_refused_r2() {
    let world = World::load();
    let (context, _) = world.find(|_, o| o.status == OrderStatus::Pending);
    let (_, foreign) =
        world.find(|c, o| c.customer.id != context.customer.id && o.status == OrderStatus::Pending);
    let verdict = world.judge(
        context,
        &Action::CancelOrder {
            order_id: foreign.order_id.clone(),
            reason: CancelReason::NoLongerNeeded,
        },
        Role::Finance,
    );
    assert_denied(&verdict, "R2");
}

fn recent_delivery(world: &World) -> (&CustomerContext, &Order) {
    world.find(|c, o| {
        o.status == OrderStatus::Delivered
            && o.delivered_at
                .is_some_and(|d| world.clock - d < Duration::days(20))
            && c.support_history.is_empty()
            && all_available(c, o)
    })
}

#[test]
fn a_refund_above_what_is_refundable_is_refused_r15() {
    let world = World::load();
    let (context, order) = recent_delivery(&world);
    let verdict = world.judge(
        context,
        &Action::Refund {
            order_id: order.order_id.clone(),
            amount: order.paid() + amount("0.01"),
            refund_method_id: paid_with(context, order).id.clone(),
            reason: RefundReason::Damaged,
            item_ids: None,
        },
        Role::Finance,
    );
    assert_denied(&verdict, "R15");
}

#[test]
fn a_refund_above_the_agents_tier_needs_a_senior_r19() {
    let world = World::load();
    let (context, order) = world.find(|c, o| {
        o.status == OrderStatus::Delivered
            && o.delivered_at
                .is_some_and(|d| world.clock - d < Duration::days(50))
            && c.support_history.is_empty()
            && o.items.iter().any(|i| i.price > amount("150.00"))
    });
    let item = order
        .items
        .iter()
        .find(|i| i.price > amount("150.00"))
        .unwrap();
    let action = Action::Refund {
        order_id: order.order_id.clone(),
        amount: amount("150.00"),
        refund_method_id: paid_with(context, order).id.clone(),
        reason: RefundReason::Damaged,
        item_ids: Some(vec![item.item_id.clone()]),
    };
    let verdict = world.judge(context, &action, Role::Agent);
    assert_eq!(verdict.decision, Decision::NeedsApproval, "{verdict:?}");
    assert_eq!(verdict.required_role, Some(Role::Senior));
    assert!(verdict.rules.contains(&"R19".to_owned()));
    let verdict = world.judge(context, &action, Role::Senior);
    assert_eq!(verdict.decision, Decision::Allowed, "{verdict:?}");
}

#[test]
fn a_refund_past_the_daily_limit_needs_a_senior_r19() {
    let world = World::load();
    let (context, order) = recent_delivery(&world);
    let verdict = world.judge_with(
        context,
        &Action::Refund {
            order_id: order.order_id.clone(),
            amount: amount("50.00").min(order.items[0].price),
            refund_method_id: paid_with(context, order).id.clone(),
            reason: RefundReason::Late,
            item_ids: Some(vec![order.items[0].item_id.clone()]),
        },
        Role::Agent,
        amount("280.00"),
    );
    assert_eq!(verdict.decision, Decision::NeedsApproval, "{verdict:?}");
    assert_eq!(verdict.required_role, Some(Role::Senior));
    assert!(
        verdict.explanation.contains("per day"),
        "{}",
        verdict.explanation
    );
}

#[test]
fn a_reship_outside_thirty_days_is_refused_r17() {
    let world = World::load();
    let (context, order) = world.find(|c, o| {
        o.status == OrderStatus::Delivered
            && o.delivered_at
                .is_some_and(|d| world.clock - d > Duration::days(31))
            && c.support_history.is_empty()
    });
    let verdict = world.judge(
        context,
        &Action::Reship {
            order_id: order.order_id.clone(),
            item_ids: vec![order.items[0].item_id.clone()],
            reason: ReshipReason::Damaged,
        },
        Role::Finance,
    );
    assert_denied(&verdict, "R17");
}

#[test]
fn a_reship_inside_thirty_days_is_allowed_r17() {
    let world = World::load();
    let (context, order) = world.find(|c, o| {
        o.status == OrderStatus::Delivered
            && o.delivered_at
                .is_some_and(|d| world.clock - d < Duration::days(25))
            && c.support_history.is_empty()
            && all_available(c, o)
    });
    let verdict = world.judge(
        context,
        &Action::Reship {
            order_id: order.order_id.clone(),
            item_ids: vec![order.items[0].item_id.clone()],
            reason: ReshipReason::Damaged,
        },
        Role::Finance,
    );
    assert_eq!(verdict.decision, Decision::Allowed, "{verdict:?}");
    assert!(verdict.rules.contains(&"R17".to_owned()));
}

#[test]
fn a_third_goodwill_within_ninety_days_is_refused_r20() {
    let world = World::load();
    let recent = |c: &CustomerContext| {
        c.support_history
            .iter()
            .filter(|e| world.clock - e.at < Duration::days(90))
            .count()
    };
    let context = world
        .contexts
        .iter()
        .find(|c| {
            recent(c) >= 2
                && c.orders.iter().any(|o| {
                    o.status == OrderStatus::Delivered
                        && o.delivered_at
                            .is_some_and(|d| world.clock - d < Duration::days(60))
                        && !c.support_history.iter().any(|e| e.order_id == o.order_id)
                })
        })
        .expect("the world has a customer with two recent goodwill remedies");
    let order = context
        .orders
        .iter()
        .find(|o| {
            o.status == OrderStatus::Delivered
                && o.delivered_at
                    .is_some_and(|d| world.clock - d < Duration::days(60))
                && !context
                    .support_history
                    .iter()
                    .any(|e| e.order_id == o.order_id)
        })
        .unwrap();
    let verdict = world.judge(
        context,
        &Action::Refund {
            order_id: order.order_id.clone(),
            amount: amount("5.00"),
            refund_method_id: paid_with(context, order).id.clone(),
            reason: RefundReason::Goodwill,
            item_ids: None,
        },
        Role::Finance,
    );
    assert_denied(&verdict, "R20");
}

#[test]
fn a_refund_to_a_method_neither_original_nor_gift_card_is_refused_r15() {
    let world = World::load();
    let foreign_method = |c: &CustomerContext, o: &Order| {
        c.customer
            .payment_methods
            .iter()
            .find(|m| {
                m.kind != PaymentKind::GiftCard
                    && !o.transactions.iter().any(|t| t.payment_method_id == m.id)
            })
            .cloned()
    };
    let (context, order) = world.find(|c, o| {
        o.status == OrderStatus::Delivered
            && o.delivered_at
                .is_some_and(|d| world.clock - d < Duration::days(30))
            && foreign_method(c, o).is_some()
    });
    let verdict = world.judge(
        context,
        &Action::Refund {
            order_id: order.order_id.clone(),
            amount: amount("5.00"),
            refund_method_id: foreign_method(context, order).unwrap().id,
            reason: RefundReason::Late,
            item_ids: None,
        },
        Role::Finance,
    );
    assert_denied(&verdict, "R15");
}
