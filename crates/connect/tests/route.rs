//! Which system each action goes to, with a shop, billing, both or neither.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::str::FromStr;
use std::time::Duration;

use countersign_connect::route::Router;
use countersign_connect::shopify::Shopify;
use countersign_connect::stripe::Stripe;
use countersign_domain::*;

fn shop() -> Shopify {
    Shopify::new("http://127.0.0.1:9", "testshop_x", Duration::from_secs(1)).unwrap()
}

fn billing() -> Stripe {
    Stripe::new("http://127.0.0.1:9", "rk_test_x", Duration::from_secs(1)).unwrap()
}

fn refund() -> Action {
    Action::Refund {
        order_id: OrderId::new("#1001"),
        amount: Amount::from_str("5.00").unwrap(),
        refund_method_id: PaymentMethodId::new("shopify_payments"),
        reason: RefundReason::Late,
        item_ids: None,
    }
}

fn pause() -> Action {
    Action::PauseSubscription {
        subscription_id: SubscriptionId::new("sub_1"),
        cycles: 1,
    }
}

fn new_card() -> Action {
    Action::ChangePaymentMethod {
        order_id: OrderId::new("#1001"),
        payment_method_id: PaymentMethodId::new("paypal"),
    }
}

fn cancel() -> Action {
    Action::CancelOrder {
        order_id: OrderId::new("#1001"),
        reason: CancelReason::NoLongerNeeded,
    }
}

fn goes_to(router: &Router, action: &Action) -> Result<String, String> {
    router
        .system_for(action)
        .map(|system| system.name().to_owned())
        .map_err(|unsupported| unsupported.0)
}

#[test]
fn refunds_follow_the_orders_money_and_subscriptions_go_to_billing() {
    let both = Router {
        shop: Some(shop()),
        billing: Some(billing()),
    };
    assert_eq!(goes_to(&both, &refund()), Ok("shopify".to_owned()));
    assert_eq!(goes_to(&both, &cancel()), Ok("shopify".to_owned()));
    assert_eq!(goes_to(&both, &pause()), Ok("stripe".to_owned()));

    let billing_only = Router {
        shop: None,
        billing: Some(billing()),
    };
    assert_eq!(goes_to(&billing_only, &refund()), Ok("stripe".to_owned()));
    assert_eq!(
        goes_to(&billing_only, &cancel()),
        Err("Countersign cannot cancel order here: it needs the shop, and no shop is connected. Hand the ticket to a person.".to_owned())
    );

    let shop_only = Router {
        shop: Some(shop()),
        billing: None,
    };
    assert!(goes_to(&shop_only, &pause())
        .unwrap_err()
        .contains("it needs billing"));
}

#[test]
fn what_no_system_does_says_so_and_offers_the_handoff() {
    let both = Router {
        shop: Some(shop()),
        billing: Some(billing()),
    };
    let said = goes_to(&both, &new_card()).unwrap_err();
    assert_eq!(said, "Countersign cannot change payment method here: Countersign does not do it in the connected systems yet. Hand the ticket to a person.");
    let none = Router::default();
    assert!(goes_to(&none, &refund())
        .unwrap_err()
        .contains("no shop or billing is connected"));
    assert_eq!(both.by_name("stripe").map(|s| s.name()), Some("stripe"));
    assert!(both.by_name("sandbox").is_none());
}
