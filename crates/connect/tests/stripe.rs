//! The Stripe connector against a loopback Stripe: every request it sends is
//! checked against Stripe's OpenAPI spec, every object the fake serves is built
//! from Stripe's own fixtures and checked against the spec too, and the scripted
//! failures (429, 5xx, idempotency errors, a timeout after a write, revoked keys,
//! several pages) end as a person would expect.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::collections::{HashMap, VecDeque};
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use countersign_connect::stripe::{self, Stripe, STRIPE_VERSION};
use countersign_domain::*;
use countersign_exec::retry::{self, Attempted, RealPause, RetryPolicy};
use countersign_exec::{ExecError, SystemOfRecord};
use countersign_testkit::loopback::{Loopback, Reply, Request};
use countersign_testkit::stripe_spec::{fixture, StripeSpec};
use serde_json::{json, Value};

const KEY: &str = "rk_test_51Secret0nlyForTests";
const CUSTOMER: &str = "cus_Countersign1";
const EMAIL: &str = "mia.garcia@example.com";
const SUB: &str = "sub_Countersign1";

/// What the next write meets.
#[derive(Debug, Clone)]
enum Fault {
    /// Answers this status and error body without acting.
    Status(u16, Value, Option<&'static str>),
    /// Acts, then answers too late for the client.
    ActsThenStalls(Duration),
}

#[derive(Default)]
struct State {
    requests: Vec<Request>,
    faults: VecDeque<Fault>,
    /// Refunds made, by idempotency key.
    refunds: HashMap<String, Value>,
    subscription: Value,
    /// Charges per page when listing.
    page_size: usize,
    revoked: bool,
}

struct FakeStripe {
    state: Arc<Mutex<State>>,
    server: Loopback,
}

fn charge(id: &str, order: &str, amount: i64) -> Value {
    let mut charge = fixture("charge");
    let object = charge.as_object_mut().unwrap();
    object.insert("id".into(), json!(id));
    object.insert("amount".into(), json!(amount));
    object.insert("amount_captured".into(), json!(amount));
    object.insert("amount_refunded".into(), json!(0));
    object.insert("currency".into(), json!("usd"));
    object.insert("customer".into(), json!(CUSTOMER));
    object.insert("paid".into(), json!(true));
    object.insert("payment_method".into(), json!("pm_card_visa"));
    object.insert("metadata".into(), json!({ "order_id": order }));
    charge
}

fn subscription() -> Value {
    let mut subscription = fixture("subscription");
    let object = subscription.as_object_mut().unwrap();
    object.insert("id".into(), json!(SUB));
    object.insert("customer".into(), json!(CUSTOMER));
    object.insert("status".into(), json!("active"));
    object.insert("default_payment_method".into(), json!("pm_card_visa"));
    object.insert("pause_collection".into(), Value::Null);
    object.insert("cancel_at_period_end".into(), json!(false));
    object.insert("current_period_start".into(), json!(1_764_547_200)); // 2025-12-01
    object.insert("current_period_end".into(), json!(1_767_225_600)); // 2026-01-01
    object.insert(
        "items".into(),
        json!({
            "object": "list",
            "data": [{
                "id": "si_Countersign1",
                "object": "subscription_item",
                "created": 1_764_547_200,
                "metadata": {},
                "quantity": 1,
                "subscription": SUB,
                "tax_rates": [],
                "price": {
                    "id": "price_monthly",
                    "object": "price",
                    "active": true,
                    "billing_scheme": "per_unit",
                    "created": 1_700_000_000,
                    "currency": "usd",
                    "livemode": false,
                    "metadata": {},
                    "product": "prod_coffee",
                    "recurring": { "interval": "month", "interval_count": 1, "usage_type": "licensed" },
                    "tax_behavior": "unspecified",
                    "type": "recurring",
                    "unit_amount": 1800,
                    "unit_amount_decimal": "1800"
                }
            }],
            "has_more": false,
            "url": "/v1/subscription_items?subscription=sub_Countersign1"
        }),
    );
    subscription
}

/// A customer as Stripe renders it at the pinned version: the 2026 fixture's
/// discount has a shape the 2023 spec does not know, so this one has none.
fn customer_object() -> Value {
    let mut customer = fixture("customer");
    customer["id"] = json!(CUSTOMER);
    customer["email"] = json!(EMAIL);
    customer["discount"] = Value::Null;
    customer
}

fn charges() -> Vec<Value> {
    vec![
        charge("ch_3", "#W0000003", 3000),
        charge("ch_2", "#W0000002", 2000),
        charge("ch_1", "#W0000001", 1500),
    ]
}

impl FakeStripe {
    fn start() -> Self {
        let state = Arc::new(Mutex::new(State {
            subscription: subscription(),
            page_size: 100,
            ..State::default()
        }));
        let shared = Arc::clone(&state);
        let server = Loopback::start(Arc::new(move |request: &Request| {
            let mut state = shared.lock().unwrap();
            state.requests.push(request.clone());
            answer(&mut state, request)
        }));
        Self { state, server }
    }

    fn client(&self) -> Stripe {
        Stripe::new(&self.server.base_url(), KEY, Duration::from_millis(500)).unwrap()
    }

    fn requests(&self) -> Vec<Request> {
        self.state.lock().unwrap().requests.clone()
    }

    fn writes(&self) -> Vec<Request> {
        self.requests()
            .into_iter()
            .filter(|request| request.method != "GET")
            .collect()
    }

    fn fail_next_write(&self, fault: Fault) {
        self.state.lock().unwrap().faults.push_back(fault);
    }

    /// Every request sent conforms to Stripe's spec, pins the version and
    /// authenticates with the key; every write carries an idempotency key.
    fn assert_all_conform(&self) {
        let spec = StripeSpec::load();
        for request in self.requests() {
            let problems = spec.check_request(
                &request.method,
                &request.path,
                request.header("content-type"),
                &request.body,
            );
            assert!(
                problems.is_empty(),
                "{} {}: {problems:?}",
                request.method,
                request.path
            );
            assert_eq!(request.header("stripe-version"), Some(STRIPE_VERSION));
            assert_eq!(
                request.header("authorization"),
                Some(format!("Bearer {KEY}").as_str())
            );
            if request.method != "GET" {
                assert!(request
                    .header("idempotency-key")
                    .is_some_and(|key| !key.is_empty()));
            }
        }
    }
}

fn form(request: &Request) -> HashMap<String, String> {
    request.form_pairs().into_iter().collect()
}

fn query(request: &Request) -> Vec<(String, String)> {
    request.query_pairs()
}

fn list(data: Vec<Value>, has_more: bool, url: &str) -> Value {
    json!({ "object": "list", "data": data, "has_more": has_more, "url": url })
}

fn error(kind: &str, message: &str) -> Value {
    json!({ "error": { "type": kind, "message": message } })
}

fn answer(state: &mut State, request: &Request) -> Reply {
    if state.revoked {
        return Reply::json(
            401,
            error(
                "invalid_request_error",
                "Expired API Key provided: rk_test_***",
            ),
        );
    }
    let path = request
        .path
        .split('?')
        .next()
        .unwrap_or_default()
        .to_owned();
    let key = request.header("idempotency-key").map(str::to_owned);
    if request.method != "GET" {
        if let Some(fault) = state.faults.pop_front() {
            match fault {
                Fault::Status(status, body, wait) => {
                    let reply = Reply::json(status, body);
                    return match wait {
                        Some(wait) => reply.with_header("Retry-After", wait),
                        None => reply,
                    };
                }
                Fault::ActsThenStalls(delay) => {
                    let reply = act(state, request, &path, key.as_deref());
                    return reply.after(delay);
                }
            }
        }
        return act(state, request, &path, key.as_deref());
    }
    match path.as_str() {
        "/v1/customers/search" => {
            let customer = customer_object();
            Reply::json(
                200,
                json!({ "object": "search_result", "data": [customer], "has_more": false, "url": "/v1/customers/search" }),
            )
        }
        "/v1/customers/cus_Countersign1" => {
            let mut customer = customer_object();
            customer["subscriptions"] = list(
                vec![state.subscription.clone()],
                false,
                "/v1/customers/cus_Countersign1/subscriptions",
            );
            Reply::json(200, customer)
        }
        "/v1/charges" => {
            let after = query(request)
                .into_iter()
                .find(|(name, _)| name == "starting_after")
                .map(|(_, value)| value);
            let mut all = charges();
            for charge in &mut all {
                let id = charge["id"].as_str().unwrap().to_owned();
                let refunds: Vec<Value> = state
                    .refunds
                    .values()
                    .filter(|refund| refund["charge"] == json!(id))
                    .cloned()
                    .collect();
                let refunded: i64 = refunds
                    .iter()
                    .map(|refund| refund["amount"].as_i64().unwrap())
                    .sum();
                charge["amount_refunded"] = json!(refunded);
                charge["refunds"] = list(refunds, false, &format!("/v1/charges/{id}/refunds"));
            }
            let start = match after {
                Some(after) => {
                    all.iter()
                        .position(|charge| charge["id"] == json!(after))
                        .unwrap()
                        + 1
                }
                None => 0,
            };
            let page: Vec<Value> = all
                .iter()
                .skip(start)
                .take(state.page_size)
                .cloned()
                .collect();
            let more = start + page.len() < all.len();
            Reply::json(200, list(page, more, "/v1/charges"))
        }
        "/v1/subscriptions/sub_Countersign1" => Reply::json(200, state.subscription.clone()),
        _ => Reply::json(404, error("invalid_request_error", "No such object")),
    }
}

/// Applies a write, at most once per idempotency key.
fn act(state: &mut State, request: &Request, path: &str, key: Option<&str>) -> Reply {
    let fields = form(request);
    match (request.method.as_str(), path) {
        ("POST", "/v1/refunds") => {
            let key = key.unwrap_or_default().to_owned();
            if let Some(done) = state.refunds.get(&key) {
                return Reply::json(200, done.clone());
            }
            let mut refund = fixture("refund");
            refund["id"] = json!(format!("re_{}", state.refunds.len() + 1));
            refund["amount"] = json!(fields["amount"].parse::<i64>().unwrap());
            refund["currency"] = json!("usd");
            refund["charge"] = json!(fields["charge"]);
            refund["status"] = json!("succeeded");
            refund["reason"] = json!(fields["reason"]);
            refund["metadata"] = fields
                .iter()
                .filter_map(|(name, value)| {
                    name.strip_prefix("metadata[")
                        .and_then(|rest| rest.strip_suffix(']'))
                        .map(|name| (name.to_owned(), json!(value)))
                })
                .collect::<serde_json::Map<_, _>>()
                .into();
            state.refunds.insert(key, refund.clone());
            Reply::json(200, refund)
        }
        ("POST", "/v1/subscriptions/sub_Countersign1") => {
            let subscription = &mut state.subscription;
            if fields.get("pause_collection").is_some_and(String::is_empty) {
                subscription["pause_collection"] = Value::Null;
            }
            if let Some(behavior) = fields.get("pause_collection[behavior]") {
                subscription["pause_collection"] = json!({
                    "behavior": behavior,
                    "resumes_at": fields.get("pause_collection[resumes_at]").map(|at| at.parse::<i64>().unwrap()),
                });
            }
            if fields.get("cancel_at_period_end").map(String::as_str) == Some("true") {
                subscription["cancel_at_period_end"] = json!(true);
            }
            if let Some(price) = fields.get("items[0][price]") {
                subscription["items"]["data"][0]["price"]["id"] = json!(price);
            }
            if let Some(key) = fields.get("metadata[countersign_key]") {
                subscription["metadata"] = json!({ "countersign_key": key });
            }
            Reply::json(200, subscription.clone())
        }
        ("DELETE", "/v1/subscriptions/sub_Countersign1") => {
            state.subscription["status"] = json!("canceled");
            state.subscription["canceled_at"] = json!(1_766_000_000);
            Reply::json(200, state.subscription.clone())
        }
        _ => Reply::json(
            404,
            error("invalid_request_error", "Unrecognized request URL"),
        ),
    }
}

fn refund_of(order: &str, amount: &str) -> Action {
    Action::Refund {
        order_id: OrderId::new(order),
        amount: Amount::from_str(amount).unwrap(),
        refund_method_id: PaymentMethodId::new("pm_card_visa"),
        reason: RefundReason::Damaged,
        item_ids: None,
    }
}

fn customer() -> CustomerId {
    CustomerId::new(CUSTOMER)
}

fn quick() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 4,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
        total_budget: Duration::from_secs(10),
    }
}

#[test]
fn the_objects_the_fake_serves_are_stripes_own() {
    let spec = StripeSpec::load();
    for (schema, object) in [
        ("charge", charge("ch_1", "#W0000001", 1500)),
        ("subscription", subscription()),
        ("customer", customer_object()),
        ("refund", fixture("refund")),
    ] {
        let report = spec.check_object(schema, &object);
        assert!(report.errors.is_empty(), "{schema}: {:?}", report.errors);
    }
}

#[test]
fn reads_the_customer_their_charges_and_subscriptions() {
    let fake = FakeStripe::start();
    let stripe = fake.client();
    let found = stripe.customers_by_email(EMAIL).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id, CUSTOMER);
    let customer = stripe.customer(CUSTOMER).unwrap();
    let subscriptions = customer.subscriptions.unwrap().data;
    assert_eq!(subscriptions[0].id, SUB);
    assert_eq!(
        subscriptions[0].period(),
        Some((1_764_547_200, 1_767_225_600))
    );
    let charges = stripe.charges(CUSTOMER).unwrap();
    assert_eq!(charges.len(), 3);
    assert_eq!(charges[0].refundable(), Amount::from_str("30.00").unwrap());
    // The search query quotes the email as Stripe's search syntax asks.
    let search = fake
        .requests()
        .into_iter()
        .find(|r| r.path.starts_with("/v1/customers/search"))
        .unwrap();
    assert!(query(&search).contains(&("query".to_owned(), format!("email:'{EMAIL}'"))));
    fake.assert_all_conform();
}

#[test]
fn stripes_objects_become_the_domain_the_policy_reads() {
    let fake = FakeStripe::start();
    let stripe = fake.client();
    let customer = stripe.customer(CUSTOMER).unwrap();
    let subscription = &customer.subscriptions.unwrap().data[0];
    let domain = subscription.to_domain().unwrap();
    assert_eq!(domain.status, SubscriptionStatus::Active);
    assert_eq!(domain.plan_id, PlanId::new("price_monthly"));
    assert_eq!(domain.customer_id, CustomerId::new(CUSTOMER));
    assert_eq!(
        domain.payment_method_id,
        PaymentMethodId::new("pm_card_visa")
    );
    assert_eq!(domain.next_renewal_at, Some(domain.current_period_end));
    assert_eq!(
        domain.current_period_end.to_rfc3339(),
        "2026-01-01T00:00:00+00:00"
    );
    let plan = subscription.items.data[0].price.to_plan().unwrap();
    assert_eq!(plan.price, Amount::from_str("18.00").unwrap());
    assert_eq!(plan.interval, "month");
    assert_eq!(plan.currency, "USD");

    // Paused: collection paused until a date.
    stripe
        .execute(
            "k-skip",
            &CustomerId::new(CUSTOMER),
            &Action::SkipRenewal {
                subscription_id: SubscriptionId::new(SUB),
            },
        )
        .unwrap();
    let paused = stripe.subscription(SUB).unwrap().to_domain().unwrap();
    assert_eq!(paused.status, SubscriptionStatus::Paused);
    assert_eq!(paused.next_renewal_at, None);
    assert_eq!(
        paused.paused_until.unwrap().to_rfc3339(),
        "2026-01-02T00:00:00+00:00"
    );

    let charges = stripe.charges(CUSTOMER).unwrap();
    let method = charges[0].payment_method_to_domain().unwrap();
    assert_eq!(method.kind, PaymentKind::CreditCard);
    assert_eq!(method.id, PaymentMethodId::new("pm_card_visa"));
    assert!(method
        .last_four
        .as_deref()
        .is_some_and(|four| four.len() == 4));
}

#[test]
fn charges_are_read_across_pages() {
    let fake = FakeStripe::start();
    fake.state.lock().unwrap().page_size = 2;
    let charges = fake.client().charges(CUSTOMER).unwrap();
    let ids: Vec<&str> = charges.iter().map(|charge| charge.id.as_str()).collect();
    assert_eq!(ids, ["ch_3", "ch_2", "ch_1"]);
    let pages = fake.requests();
    assert_eq!(pages.len(), 2);
    assert!(query(&pages[1]).contains(&("starting_after".to_owned(), "ch_2".to_owned())));
    fake.assert_all_conform();
}

#[test]
fn a_refund_goes_to_the_orders_charge_in_cents_with_the_key_and_a_link_back() {
    let fake = FakeStripe::start();
    let stripe = fake.client();
    let done = stripe
        .execute(
            "cs-approval-7-1",
            &customer(),
            &refund_of("#W0000002", "12.50"),
        )
        .unwrap();
    assert_eq!(done.message, "Refunded 12.50 USD in Stripe");
    assert_eq!(done.external_id.as_deref(), Some("re_1"));
    let writes = fake.writes();
    assert_eq!(writes.len(), 1);
    let sent = form(&writes[0]);
    assert_eq!(sent["charge"], "ch_2");
    assert_eq!(sent["amount"], "1250");
    assert_eq!(sent["reason"], "requested_by_customer");
    assert_eq!(sent["metadata[countersign_key]"], "cs-approval-7-1");
    assert_eq!(sent["metadata[order_id]"], "#W0000002");
    assert_eq!(writes[0].header("idempotency-key"), Some("cs-approval-7-1"));
    fake.assert_all_conform();
}

#[test]
fn a_refund_stripe_cannot_make_is_refused_before_anything_is_sent() {
    let fake = FakeStripe::start();
    let stripe = fake.client();
    let unknown = stripe.execute("k1", &customer(), &refund_of("#W9999999", "1.00"));
    assert!(matches!(unknown, Err(ExecError::Refused(message)) if message.contains("#W9999999")));
    let mut elsewhere = refund_of("#W0000001", "1.00");
    if let Action::Refund {
        refund_method_id, ..
    } = &mut elsewhere
    {
        *refund_method_id = PaymentMethodId::new("gift_card_1");
    }
    let refused = stripe.execute("k2", &customer(), &elsewhere);
    assert!(
        matches!(refused, Err(ExecError::Refused(message)) if message.contains("only to the payment method charged"))
    );
    let shop = Action::CancelOrder {
        order_id: OrderId::new("#W0000001"),
        reason: CancelReason::NoLongerNeeded,
    };
    let refused = stripe.execute("k3", &customer(), &shop);
    assert!(
        matches!(refused, Err(ExecError::Refused(message)) if message.contains("belongs to the shop"))
    );
    assert!(!stripe::can_do(ActionKind::CancelOrder));
    assert!(fake.writes().is_empty());
}

#[test]
fn a_429_waits_as_asked_and_retries_with_the_same_key() {
    let fake = FakeStripe::start();
    fake.fail_next_write(Fault::Status(
        429,
        error("rate_limit_error", "Too many requests"),
        Some("1"),
    ));
    let stripe = fake.client();
    let action = refund_of("#W0000001", "5.00");
    assert!(matches!(
        stripe.execute("k-429", &customer(), &action),
        Err(ExecError::Transient { retry_after: Some(wait), .. }) if wait == Duration::from_secs(1)
    ));
    let ran = retry::run(
        &stripe,
        "k-429",
        &customer(),
        &action,
        &quick(),
        &mut RealPause::new(),
    );
    assert!(
        matches!(
            ran,
            Attempted::Executed {
                reconciled: false,
                ..
            }
        ),
        "{ran:?}"
    );
    let keys: Vec<_> = fake
        .writes()
        .iter()
        .map(|w| w.header("idempotency-key").unwrap().to_owned())
        .collect();
    assert_eq!(keys, ["k-429", "k-429"]);
    assert_eq!(fake.state.lock().unwrap().refunds.len(), 1);
}

#[test]
fn a_500_is_retried_with_the_same_key_and_refunds_once() {
    let fake = FakeStripe::start();
    fake.fail_next_write(Fault::Status(
        500,
        error("api_error", "Something went wrong on Stripe's end."),
        None,
    ));
    let stripe = fake.client();
    let action = refund_of("#W0000001", "5.00");
    let ran = retry::run(
        &stripe,
        "k-500",
        &customer(),
        &action,
        &quick(),
        &mut RealPause::new(),
    );
    assert!(
        matches!(ran, Attempted::Executed { attempts: 2, .. }),
        "{ran:?}"
    );
    let keys: Vec<_> = fake
        .writes()
        .iter()
        .map(|w| w.header("idempotency-key").unwrap().to_owned())
        .collect();
    assert_eq!(keys, ["k-500", "k-500"]);
    assert_eq!(fake.state.lock().unwrap().refunds.len(), 1);
    fake.assert_all_conform();
}

#[test]
fn an_idempotency_error_is_a_refusal_not_retried() {
    let fake = FakeStripe::start();
    fake.fail_next_write(Fault::Status(
        400,
        error("idempotency_error", "Keys for idempotent requests can only be used with the same parameters they were first used with."),
        None,
    ));
    let stripe = fake.client();
    let ran = retry::run(
        &stripe,
        "k-idem",
        &customer(),
        &refund_of("#W0000001", "5.00"),
        &quick(),
        &mut RealPause::new(),
    );
    match ran {
        Attempted::Refused { message, attempts } => {
            assert_eq!(attempts, 1);
            assert!(
                message.contains("idempotency key was used for a different request"),
                "{message}"
            );
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(fake.state.lock().unwrap().refunds.is_empty());
}

#[test]
fn a_timeout_after_the_refund_is_reconciled_before_any_retry() {
    let fake = FakeStripe::start();
    fake.fail_next_write(Fault::ActsThenStalls(Duration::from_secs(2)));
    let stripe = fake.client();
    let ran = retry::run(
        &stripe,
        "k-slow",
        &customer(),
        &refund_of("#W0000003", "7.00"),
        &quick(),
        &mut RealPause::new(),
    );
    match ran {
        Attempted::Executed {
            reconciled,
            attempts,
            executed,
        } => {
            assert!(reconciled, "the refund was found, not made again");
            assert_eq!(attempts, 1);
            assert_eq!(executed.external_id.as_deref(), Some("re_1"));
        }
        other => panic!("expected the refund reconciled, got {other:?}"),
    }
    assert_eq!(fake.writes().len(), 1, "no second POST");
    assert_eq!(fake.state.lock().unwrap().refunds.len(), 1);
}

#[test]
fn a_revoked_key_is_refused_in_plain_words_and_never_shown() {
    let fake = FakeStripe::start();
    fake.state.lock().unwrap().revoked = true;
    let stripe = fake.client();
    let read = stripe.customer(CUSTOMER).unwrap_err();
    let write = stripe
        .execute("k-401", &customer(), &refund_of("#W0000001", "1.00"))
        .unwrap_err();
    for error in [&read, &write] {
        let text = error.to_string();
        assert!(text.contains("wrong, expired or revoked"), "{text}");
        assert!(!text.contains(KEY));
    }
    assert!(!format!("{stripe:?}").contains(KEY));
    assert!(Stripe::new(
        "http://127.0.0.1:1",
        "pk_test_publishable",
        Duration::from_secs(1)
    )
    .is_err());
}

#[test]
fn subscriptions_pause_skip_resume_cancel_and_change_price() {
    let fake = FakeStripe::start();
    let stripe = fake.client();
    let sub = SubscriptionId::new(SUB);
    let run = |key: &str, action: Action| stripe.execute(key, &customer(), &action).unwrap();

    let skipped = run(
        "k-skip",
        Action::SkipRenewal {
            subscription_id: sub.clone(),
        },
    );
    assert!(skipped.message.contains("Skipped the next renewal"));
    let paused = run(
        "k-pause",
        Action::PauseSubscription {
            subscription_id: sub.clone(),
            cycles: 2,
        },
    );
    assert!(paused.message.contains("2 billing periods"));
    run(
        "k-resume",
        Action::ResumeSubscription {
            subscription_id: sub.clone(),
        },
    );
    run(
        "k-end",
        Action::CancelSubscription {
            subscription_id: sub.clone(),
            at_period_end: true,
        },
    );
    run(
        "k-plan",
        Action::ChangePlan {
            subscription_id: sub.clone(),
            plan_id: PlanId::new("price_yearly"),
        },
    );
    run(
        "k-now",
        Action::CancelSubscription {
            subscription_id: sub.clone(),
            at_period_end: false,
        },
    );

    let writes = fake.writes();
    let forms: Vec<_> = writes.iter().map(form).collect();
    // Skip: invoices voided until a day after the renewal on 2026-01-01.
    assert_eq!(forms[0]["pause_collection[behavior]"], "void");
    assert_eq!(forms[0]["pause_collection[resumes_at]"], "1767312000");
    // Pause for two periods: until a day after the second renewal (2026-02-01).
    assert_eq!(forms[1]["pause_collection[resumes_at]"], "1769990400");
    assert_eq!(forms[2]["pause_collection"], "");
    assert_eq!(forms[3]["cancel_at_period_end"], "true");
    assert_eq!(forms[4]["items[0][id]"], "si_Countersign1");
    assert_eq!(forms[4]["items[0][price]"], "price_yearly");
    assert_eq!(writes[5].method, "DELETE");
    for (write, key) in writes
        .iter()
        .zip(["k-skip", "k-pause", "k-resume", "k-end", "k-plan", "k-now"])
    {
        assert_eq!(write.header("idempotency-key"), Some(key));
    }
    assert!(
        stripe.lookup("k-end").unwrap().is_none(),
        "a later change carries its own key"
    );
    assert!(
        stripe.lookup("k-plan").unwrap().is_some(),
        "the last change is found by its key"
    );
    assert!(
        stripe.lookup("k-now").unwrap().is_some(),
        "cancelled now shows as canceled"
    );
    fake.assert_all_conform();
}

#[test]
fn objects_of_newer_api_versions_still_parse() {
    // Stripe's 2026 fixtures: unknown fields, and the period moved to the items.
    let subscription: stripe::Subscription =
        serde_json::from_value(fixture("subscription")).unwrap();
    assert!(!subscription.id.is_empty());
    let charge: stripe::Charge = serde_json::from_value(fixture("charge")).unwrap();
    assert!(!charge.id.is_empty());
    let refund: stripe::Refund = serde_json::from_value(fixture("refund")).unwrap();
    assert!(!refund.id.is_empty());
    let customer: stripe::Customer = serde_json::from_value(fixture("customer")).unwrap();
    assert!(!customer.id.is_empty());
}
