//! The Shopify connector against a loopback shop: every operation it sends is
//! validated, with its variables, against the Admin GraphQL schema (2026-10), and
//! the scripted answers (userErrors under 200, THROTTLED, a revoked token, a
//! timeout after a refund, several pages) end as a person would expect.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::collections::VecDeque;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use countersign_connect::shopify::{self, Shopify};
use countersign_domain::*;
use countersign_exec::retry::{self, Attempted, RealPause, RetryPolicy};
use countersign_exec::{ExecError, SystemOfRecord};
use countersign_testkit::loopback::{Loopback, Reply, Request};
use countersign_testkit::shopify_schema::ShopifySchema;
use serde_json::{json, Value};

const TOKEN: &str = "testshop_0123456789abcdef_secret";
const CUSTOMER: &str = "gid://shopify/Customer/7";
const ORDER: &str = "gid://shopify/Order/1001";
const MUG: &str = "gid://shopify/LineItem/11";
const BEANS: &str = "gid://shopify/LineItem/12";

#[derive(Debug, Clone)]
enum Fault {
    Throttled,
    UserError(&'static str),
    /// Acts, then answers too late for the client.
    ActsThenStalls(Duration),
    Status(u16),
}

#[derive(Default)]
struct State {
    requests: Vec<Request>,
    faults: VecDeque<Fault>,
    refunds: Vec<Value>,
    cancelled: bool,
    job_polls: u32,
    address: Option<Value>,
    /// Orders per page when listing.
    page_size: usize,
}

struct FakeShop {
    state: Arc<Mutex<State>>,
    server: Loopback,
}

fn money(amount: &str) -> Value {
    json!({ "shopMoney": { "amount": amount, "currencyCode": "USD" } })
}

fn order(name: &str, id: &str, state: &State) -> Value {
    json!({
        "id": id,
        "name": name,
        "createdAt": "2026-11-01T10:00:00Z",
        "processedAt": "2026-11-01T10:00:00Z",
        "cancelledAt": if state.cancelled { json!("2026-11-20T09:00:00Z") } else { Value::Null },
        "cancelReason": if state.cancelled { json!("CUSTOMER") } else { Value::Null },
        "closed": false,
        "displayFinancialStatus": "PAID",
        "displayFulfillmentStatus": "FULFILLED",
        "returnStatus": "NO_RETURN",
        "currencyCode": "USD",
        "customer": { "id": CUSTOMER },
        "shippingAddress": state.address.clone().unwrap_or(json!({
            "address1": "1 Main St", "address2": null, "city": "Austin",
            "provinceCode": "TX", "countryCodeV2": "US", "zip": "73301"
        })),
        "lineItems": { "nodes": [
            { "id": MUG, "name": "Mug", "sku": "MUG-1", "quantity": 1, "refundableQuantity": 1,
              "variantTitle": "Blue", "variant": { "id": "gid://shopify/ProductVariant/101" },
              "product": { "id": "gid://shopify/Product/1" },
              "originalUnitPriceSet": money("20.00") },
            { "id": BEANS, "name": "Coffee beans", "sku": "BEAN-1", "quantity": 2, "refundableQuantity": 2,
              "variantTitle": null, "variant": { "id": "gid://shopify/ProductVariant/102" },
              "product": { "id": "gid://shopify/Product/2" },
              "originalUnitPriceSet": money("15.00") }
        ] },
        "fulfillments": [{
            "status": "SUCCESS", "createdAt": "2026-11-02T10:00:00Z", "deliveredAt": "2026-11-05T10:00:00Z",
            "trackingInfo": [{ "number": "1Z999" }],
            "fulfillmentLineItems": { "nodes": [
                { "id": "gid://shopify/FulfillmentLineItem/21", "lineItem": { "id": MUG }, "quantity": 1 },
                { "id": "gid://shopify/FulfillmentLineItem/22", "lineItem": { "id": BEANS }, "quantity": 2 }
            ] }
        }],
        "transactions": [{
            "id": "gid://shopify/OrderTransaction/501", "kind": "SALE", "status": "SUCCESS",
            "gateway": "shopify_payments", "formattedGateway": "Shopify Payments",
            "amountSet": money("50.00"),
            "paymentDetails": { "company": "Visa", "number": "•••• •••• •••• 4242" }
        }]
    })
}

fn operation(request: &Request) -> (String, Value) {
    let body = request.json();
    let query = body["query"].as_str().unwrap_or_default().to_owned();
    let name = query
        .split(|c: char| c == '(' || c == '{' || c.is_whitespace())
        .filter(|word| !word.is_empty())
        .nth(1)
        .unwrap_or_default()
        .to_owned();
    (name, body["variables"].clone())
}

fn data(value: Value) -> Reply {
    Reply::json(
        200,
        json!({ "data": value, "extensions": { "cost": {
        "requestedQueryCost": 10, "actualQueryCost": 10,
        "throttleStatus": { "maximumAvailable": 2000.0, "currentlyAvailable": 1990, "restoreRate": 100.0 } } } }),
    )
}

fn answer(state: &mut State, request: &Request) -> Reply {
    if request.header("x-shopify-access-token") != Some(TOKEN) {
        return Reply::json(
            401,
            json!({ "errors": "[API] Invalid API key or access token (unrecognized login or wrong password)" }),
        );
    }
    let (name, variables) = operation(request);
    let writes = [
        "Refund",
        "OrderCancel",
        "OrderUpdate",
        "ReturnCreate",
        "DraftOrder",
    ]
    .iter()
    .any(|prefix| name.starts_with(prefix));
    let mut stall = None;
    if writes {
        match state.faults.pop_front() {
            Some(Fault::Throttled) => {
                return Reply::json(
                    200,
                    json!({
                        "errors": [{ "message": "Throttled", "extensions": { "code": "THROTTLED",
                            "documentation": "https://shopify.dev/api/usage/rate-limits" } }],
                        "extensions": { "cost": { "requestedQueryCost": 250, "actualQueryCost": null,
                            "throttleStatus": { "maximumAvailable": 2000.0, "currentlyAvailable": 150, "restoreRate": 100.0 } } }
                    }),
                );
            }
            Some(Fault::UserError(message)) => {
                let payload = json!({ "refund": null, "userErrors": [{ "field": ["transactions"], "message": message }] });
                return data(json!({ "refundCreate": payload }));
            }
            Some(Fault::Status(status)) => {
                return Reply::json(status, json!({ "errors": "Internal error" }))
            }
            Some(Fault::ActsThenStalls(delay)) => stall = Some(delay),
            None => {}
        }
    }
    let reply = match name.as_str() {
        "CustomersByEmail" => data(json!({ "customers": { "nodes": [{
            "id": CUSTOMER, "email": "ana@example.com", "firstName": "Ana", "lastName": "Silva",
            "defaultAddress": { "address1": "1 Main St", "address2": null, "city": "Austin",
                "provinceCode": "TX", "countryCodeV2": "US", "zip": "73301" } }] } })),
        "Orders" => {
            let search = variables["query"].as_str().unwrap_or_default();
            let all: Vec<Value> = if search.starts_with("name:") {
                vec![order("#1001", ORDER, state)]
            } else {
                (0..3)
                    .map(|n| {
                        order(
                            &format!("#100{}", 1 + n),
                            &format!("gid://shopify/Order/100{}", 1 + n),
                            state,
                        )
                    })
                    .collect()
            };
            let start: usize = variables["after"]
                .as_str()
                .map(|c| c.parse().unwrap())
                .unwrap_or(0);
            let page: Vec<Value> = all
                .iter()
                .skip(start)
                .take(state.page_size)
                .cloned()
                .collect();
            let end = start + page.len();
            data(json!({ "orders": {
                "pageInfo": { "hasNextPage": end < all.len(), "endCursor": end.to_string() },
                "nodes": page } }))
        }
        "SuggestedRefund" => data(json!({ "order": { "suggestedRefund": {
            "amountSet": money("0.00"),
            "suggestedTransactions": [{ "gateway": "shopify_payments",
                "maximumRefundableSet": money("50.00"),
                "parentTransaction": { "id": "gid://shopify/OrderTransaction/501" } }] } } })),
        "RefundCreate" => {
            let amount = variables["input"]["transactions"][0]["amount"]
                .as_str()
                .unwrap()
                .to_owned();
            let refund = json!({ "id": format!("gid://shopify/Refund/{}", state.refunds.len() + 1),
                "note": variables["input"]["note"], "totalRefundedSet": money(&amount) });
            state.refunds.push(refund.clone());
            data(
                json!({ "refundCreate": { "refund": { "id": refund["id"], "totalRefundedSet": refund["totalRefundedSet"] }, "userErrors": [] } }),
            )
        }
        "OrderRefunds" => data(json!({ "order": { "refunds": state.refunds } })),
        "ReturnCreate" => data(json!({ "returnCreate": {
            "return": { "id": "gid://shopify/Return/31", "name": "#1001-R1", "status": "OPEN" }, "userErrors": [] } })),
        "DraftOrderCreate" => data(json!({ "draftOrderCreate": {
            "draftOrder": { "id": "gid://shopify/DraftOrder/41", "name": "#D1" }, "userErrors": [] } })),
        "DraftOrderComplete" => data(json!({ "draftOrderComplete": { "draftOrder": {
            "id": "gid://shopify/DraftOrder/41", "name": "#D1",
            "order": { "id": "gid://shopify/Order/1042", "name": "#1042" } }, "userErrors": [] } })),
        "OrderCancel" => {
            state.cancelled = true;
            data(
                json!({ "orderCancel": { "job": { "id": "gid://shopify/Job/9", "done": false }, "orderCancelUserErrors": [] } }),
            )
        }
        "Job" => {
            state.job_polls += 1;
            data(json!({ "job": { "id": "gid://shopify/Job/9", "done": state.job_polls >= 2 } }))
        }
        "OrderUpdate" => {
            let address = &variables["input"]["shippingAddress"];
            state.address = Some(
                json!({ "address1": address["address1"], "address2": address["address2"],
                "city": address["city"], "provinceCode": address["provinceCode"],
                "countryCodeV2": address["countryCode"], "zip": address["zip"] }),
            );
            data(
                json!({ "orderUpdate": { "order": { "id": ORDER, "shippingAddress": {
                "address1": address["address1"], "city": address["city"], "zip": address["zip"] } }, "userErrors": [] } }),
            )
        }
        other => Reply::json(
            200,
            json!({ "errors": [{ "message": format!("unknown operation {other}") }] }),
        ),
    };
    match stall {
        Some(delay) => reply.after(delay),
        None => reply,
    }
}

impl FakeShop {
    fn start() -> Self {
        let state = Arc::new(Mutex::new(State {
            page_size: 50,
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

    fn client(&self) -> Shopify {
        Shopify::new(&self.server.base_url(), TOKEN, Duration::from_millis(500)).unwrap()
    }

    fn operations(&self) -> Vec<(String, Value)> {
        self.state
            .lock()
            .unwrap()
            .requests
            .iter()
            .map(operation)
            .collect()
    }

    fn names(&self) -> Vec<String> {
        self.operations()
            .into_iter()
            .map(|(name, _)| name)
            .collect()
    }

    fn fail_next_write(&self, fault: Fault) {
        self.state.lock().unwrap().faults.push_back(fault);
    }

    /// Every operation sent validates against the 2026-10 schema, variables
    /// included, at the pinned version's endpoint, with the token.
    fn assert_all_conform(&self) {
        let schema = ShopifySchema::load();
        for request in self.state.lock().unwrap().requests.iter() {
            assert_eq!(request.method, "POST");
            assert_eq!(request.path, "/admin/api/2026-10/graphql.json");
            assert_eq!(request.header("x-shopify-access-token"), Some(TOKEN));
            let problems = schema.check_request(&request.json());
            assert!(
                problems.is_empty(),
                "{}: {problems:?}",
                operation(request).0
            );
        }
    }
}

fn refund(amount: &str, items: Option<Vec<&str>>) -> Action {
    Action::Refund {
        order_id: OrderId::new("#1001"),
        amount: Amount::from_str(amount).unwrap(),
        refund_method_id: PaymentMethodId::new("shopify_payments"),
        reason: RefundReason::Damaged,
        item_ids: items.map(|items| items.into_iter().map(ItemId::new).collect()),
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
fn reads_the_customer_and_their_orders_into_the_domain() {
    let fake = FakeShop::start();
    let shop = fake.client();
    let found = shop.customers_by_email("ANA@example.com").unwrap();
    assert_eq!(found.len(), 1);
    let orders = shop.orders_of(&found[0].id).unwrap();
    assert_eq!(orders.len(), 3);
    let order = orders[0].to_domain(&customer()).unwrap();
    assert_eq!(order.order_id, OrderId::new("#1001"));
    assert_eq!(order.status, OrderStatus::Delivered);
    let ids: Vec<&str> = order
        .items
        .iter()
        .map(|item| item.item_id.as_str())
        .collect();
    assert_eq!(ids, [MUG, BEANS, "gid://shopify/LineItem/12:2"]);
    assert_eq!(order.total(), Amount::from_str("50.00").unwrap());
    assert_eq!(order.paid(), Amount::from_str("50.00").unwrap());
    assert_eq!(order.fulfillments[0].tracking_ids, ["1Z999"]);
    assert_eq!(order.fulfillments[0].item_ids.len(), 3);
    assert_eq!(order.address.city, "Austin");
    let methods = orders[0].payment_methods();
    assert_eq!(methods[0].kind, PaymentKind::CreditCard);
    assert_eq!(methods[0].last_four.as_deref(), Some("4242"));
    assert_eq!(methods[0].brand.as_deref(), Some("Visa"));
    let (_, variables) = &fake.operations()[1];
    assert_eq!(variables["query"], "customer_id:7");
    fake.assert_all_conform();
}

#[test]
fn orders_are_read_across_pages() {
    let fake = FakeShop::start();
    fake.state.lock().unwrap().page_size = 2;
    let orders = fake.client().orders_of(CUSTOMER).unwrap();
    let names: Vec<&str> = orders.iter().map(|order| order.name.as_str()).collect();
    assert_eq!(names, ["#1001", "#1002", "#1003"]);
    let pages = fake.operations();
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[1].1["after"], "2");
    fake.assert_all_conform();
}

#[test]
fn a_refund_asks_for_the_suggestion_then_creates_it_idempotently() {
    let fake = FakeShop::start();
    let shop = fake.client();
    let done = shop
        .execute(
            "cs-approval-3-1",
            &customer(),
            &refund("12.50", Some(vec![BEANS, "gid://shopify/LineItem/12:2"])),
        )
        .unwrap();
    assert_eq!(done.message, "Refunded 12.50 USD in Shopify");
    assert_eq!(fake.names(), ["Orders", "SuggestedRefund", "RefundCreate"]);
    let operations = fake.operations();
    let lines = &operations[1].1["lines"];
    assert_eq!(
        lines,
        &json!([{ "lineItemId": BEANS, "quantity": 2, "restockType": "NO_RESTOCK" }])
    );
    let (_, created) = &operations[2];
    assert_eq!(created["key"], "cs-approval-3-1");
    let body = fake.state.lock().unwrap().requests[2].json();
    assert!(body["query"]
        .as_str()
        .unwrap()
        .contains("@idempotent(key: $key)"));
    let transaction = &created["input"]["transactions"][0];
    assert_eq!(transaction["amount"], "12.50");
    assert_eq!(
        transaction["parentId"],
        "gid://shopify/OrderTransaction/501"
    );
    assert_eq!(transaction["kind"], "REFUND");
    fake.assert_all_conform();
}

#[test]
fn a_refund_beyond_what_shopify_allows_is_refused_before_it_is_made() {
    let fake = FakeShop::start();
    let refused = fake
        .client()
        .execute("k-big", &customer(), &refund("80.00", None));
    assert!(
        matches!(refused, Err(ExecError::Refused(message)) if message.contains("at most 50.00"))
    );
    assert!(!fake.names().contains(&"RefundCreate".to_owned()));
}

#[test]
fn user_errors_under_200_are_refusals() {
    let fake = FakeShop::start();
    fake.fail_next_write(Fault::UserError("Amount exceeds the refundable amount"));
    let ran = retry::run(
        &fake.client(),
        "k-ue",
        &customer(),
        &refund("5.00", None),
        &quick(),
        &mut RealPause::new(),
    );
    match ran {
        Attempted::Refused { message, attempts } => {
            assert_eq!(attempts, 1);
            assert!(
                message.contains("Amount exceeds the refundable amount"),
                "{message}"
            );
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn throttled_waits_for_the_bucket_and_retries_with_the_same_key() {
    let fake = FakeShop::start();
    fake.fail_next_write(Fault::Throttled);
    let shop = fake.client();
    let first = shop.execute("k-thr", &customer(), &refund("5.00", None));
    // 250 wanted, 150 there, 100 a second back: one second.
    assert!(
        matches!(first, Err(ExecError::Transient { retry_after: Some(wait), .. }) if wait == Duration::from_secs(1))
    );
    let ran = retry::run(
        &shop,
        "k-thr",
        &customer(),
        &refund("5.00", None),
        &quick(),
        &mut RealPause::new(),
    );
    assert!(matches!(ran, Attempted::Executed { .. }), "{ran:?}");
    assert_eq!(fake.state.lock().unwrap().refunds.len(), 1);
    let keys: Vec<Value> = fake
        .operations()
        .into_iter()
        .filter(|(name, _)| name == "RefundCreate")
        .map(|(_, variables)| variables["key"].clone())
        .collect();
    assert_eq!(keys, [json!("k-thr"), json!("k-thr")]);
}

#[test]
fn a_server_error_is_transient() {
    let fake = FakeShop::start();
    fake.fail_next_write(Fault::Status(503));
    let ran = retry::run(
        &fake.client(),
        "k-503",
        &customer(),
        &refund("5.00", None),
        &quick(),
        &mut RealPause::new(),
    );
    assert!(
        matches!(ran, Attempted::Executed { attempts: 2, .. }),
        "{ran:?}"
    );
    assert_eq!(fake.state.lock().unwrap().refunds.len(), 1);
}

#[test]
fn a_timeout_after_the_refund_is_reconciled_before_any_retry() {
    let fake = FakeShop::start();
    fake.fail_next_write(Fault::ActsThenStalls(Duration::from_secs(2)));
    let ran = retry::run(
        &fake.client(),
        "k-slow",
        &customer(),
        &refund("7.00", None),
        &quick(),
        &mut RealPause::new(),
    );
    match ran {
        Attempted::Executed {
            reconciled,
            attempts,
            executed,
        } => {
            assert!(reconciled);
            assert_eq!(attempts, 1);
            assert_eq!(
                executed.external_id.as_deref(),
                Some("gid://shopify/Refund/1")
            );
        }
        other => panic!("expected the refund reconciled, got {other:?}"),
    }
    assert_eq!(fake.state.lock().unwrap().refunds.len(), 1);
    fake.assert_all_conform();
}

#[test]
fn a_cancellation_polls_its_job_until_done() {
    let fake = FakeShop::start();
    let cancel = Action::CancelOrder {
        order_id: OrderId::new("#1001"),
        reason: CancelReason::NoLongerNeeded,
    };
    let done = fake
        .client()
        .execute("k-cancel", &customer(), &cancel)
        .unwrap();
    assert!(done.message.contains("Cancelled order #1001"));
    assert_eq!(done.external_id.as_deref(), Some("gid://shopify/Job/9"));
    assert_eq!(fake.names(), ["Orders", "OrderCancel", "Job", "Job"]);
    let (_, variables) = &fake.operations()[1];
    assert_eq!(variables["reason"], "CUSTOMER");
    fake.assert_all_conform();
}

#[test]
fn an_address_change_updates_the_orders_shipping_address() {
    let fake = FakeShop::start();
    let shop = fake.client();
    let address = Address {
        address1: "9 Elm Rd".into(),
        address2: "Apt 2".into(),
        city: "Denver".into(),
        state: "CO".into(),
        country: "USA".into(),
        zip: "80202".into(),
    };
    let change = Action::UpdateOrderAddress {
        order_id: OrderId::new("#1001"),
        address,
    };
    let done = shop.execute("k-addr", &customer(), &change).unwrap();
    assert!(done.message.contains("9 Elm Rd"));
    let (_, variables) = &fake.operations()[1];
    assert_eq!(variables["input"]["shippingAddress"]["countryCode"], "US");
    let order = shop
        .order_named("#1001")
        .unwrap()
        .to_domain(&customer())
        .unwrap();
    assert_eq!(order.address.city, "Denver");
    fake.assert_all_conform();
}

#[test]
fn a_revoked_token_and_actions_not_built_yet_are_refused_in_plain_words() {
    let fake = FakeShop::start();
    let wrong = Shopify::new(
        &fake.server.base_url(),
        "testshop_revoked",
        Duration::from_secs(1),
    )
    .unwrap();
    let error = wrong.customers_by_email("ana@example.com").unwrap_err();
    assert!(
        error.to_string().contains("rejected the access token"),
        "{error}"
    );
    assert!(!format!("{:?}", fake.client()).contains(TOKEN));
    let modify = Action::ChangePaymentMethod {
        order_id: OrderId::new("#1001"),
        payment_method_id: PaymentMethodId::new("paypal"),
    };
    let refused = fake.client().execute("k-pay", &customer(), &modify);
    assert!(
        matches!(refused, Err(ExecError::Refused(message)) if message.contains("hand the ticket to a person"))
    );
    assert!(!shopify::can_do(ActionKind::ChangePaymentMethod));
    assert!(shopify::can_do(ActionKind::Reship));
    assert!(shopify::can_do(ActionKind::Refund));
}

#[test]
fn a_return_names_the_fulfillment_lines_that_shipped_the_items() {
    let fake = FakeShop::start();
    let shop = fake.client();
    let back = Action::ReturnItems {
        order_id: OrderId::new("#1001"),
        item_ids: vec![ItemId::new(MUG), ItemId::new(BEANS)],
        refund_method_id: PaymentMethodId::new("shopify_payments"),
    };
    let done = shop.execute("k-ret", &customer(), &back).unwrap();
    assert_eq!(
        done.message,
        "Opened the return of 2 item(s) on order #1001 in Shopify"
    );
    let (_, variables) = &fake.operations()[1];
    let lines = &variables["input"]["returnLineItems"];
    assert_eq!(
        lines[0]["fulfillmentLineItemId"],
        "gid://shopify/FulfillmentLineItem/21"
    );
    assert_eq!(
        lines[1]["fulfillmentLineItemId"],
        "gid://shopify/FulfillmentLineItem/22"
    );
    assert_eq!(lines[1]["quantity"], 1);
    assert_eq!(lines[0]["returnReasonNote"], "Countersign k-ret");
    assert!(variables["input"].get("exchangeLineItems").is_none());

    // An exchange is the same return with the new variants as exchange lines.
    let swap = Action::ExchangeItems {
        order_id: OrderId::new("#1001"),
        item_ids: vec![ItemId::new(MUG)],
        new_item_ids: vec![ItemId::new("gid://shopify/ProductVariant/109")],
        payment_method_id: PaymentMethodId::new("shopify_payments"),
    };
    assert!(shop
        .execute("k-swap", &customer(), &swap)
        .unwrap()
        .message
        .contains("exchange"));
    let (_, variables) = &fake.operations()[3];
    assert_eq!(
        variables["input"]["exchangeLineItems"],
        json!([{ "variantId": "gid://shopify/ProductVariant/109", "quantity": 1 }])
    );
    fake.assert_all_conform();
}

#[test]
fn items_that_never_shipped_cannot_be_returned() {
    let fake = FakeShop::start();
    let twice = Action::ReturnItems {
        order_id: OrderId::new("#1001"),
        item_ids: vec![ItemId::new(MUG), ItemId::new(format!("{MUG}:2"))],
        refund_method_id: PaymentMethodId::new("shopify_payments"),
    };
    let refused = fake.client().execute("k-two", &customer(), &twice);
    assert!(
        matches!(refused, Err(ExecError::Refused(message)) if message.contains("1 of gid://shopify/LineItem/11 did not ship"))
    );
    assert_eq!(fake.names(), ["Orders"]);
}

#[test]
fn a_reship_is_a_free_draft_order_completed_to_the_same_address() {
    let fake = FakeShop::start();
    let again = Action::Reship {
        order_id: OrderId::new("#1001"),
        item_ids: vec![
            ItemId::new(BEANS),
            ItemId::new("gid://shopify/LineItem/12:2"),
        ],
        reason: ReshipReason::Lost,
    };
    let done = fake
        .client()
        .execute("k-reship", &customer(), &again)
        .unwrap();
    assert!(done.message.contains("new order #1042"), "{}", done.message);
    assert_eq!(
        done.external_id.as_deref(),
        Some("gid://shopify/Order/1042")
    );
    assert_eq!(
        fake.names(),
        ["Orders", "DraftOrderCreate", "DraftOrderComplete"]
    );
    let (_, created) = &fake.operations()[1];
    let input = &created["input"];
    assert_eq!(
        input["lineItems"],
        json!([{ "variantId": "gid://shopify/ProductVariant/102", "quantity": 2,
                 "appliedDiscount": { "value": 100.0, "valueType": "PERCENTAGE", "title": "Reship" } }])
    );
    assert_eq!(input["purchasingEntity"]["customerId"], CUSTOMER);
    assert_eq!(input["shippingAddress"]["city"], "Austin");
    assert!(input["note"]
        .as_str()
        .unwrap()
        .starts_with("Countersign k-reship"));
    fake.assert_all_conform();
}

#[test]
fn a_lost_answer_to_a_return_is_left_for_a_person_to_check() {
    let fake = FakeShop::start();
    fake.fail_next_write(Fault::ActsThenStalls(Duration::from_secs(2)));
    let back = Action::ReturnItems {
        order_id: OrderId::new("#1001"),
        item_ids: vec![ItemId::new(MUG)],
        refund_method_id: PaymentMethodId::new("shopify_payments"),
    };
    let ran = retry::run(
        &fake.client(),
        "k-lost",
        &customer(),
        &back,
        &quick(),
        &mut RealPause::new(),
    );
    match ran {
        Attempted::Unconfirmed { message, attempts } => {
            assert_eq!(attempts, 1, "never sent again blind");
            assert!(
                message.contains("check order #1001 in Shopify"),
                "{message}"
            );
        }
        other => panic!("expected an unconfirmed return, got {other:?}"),
    }
}

#[test]
fn a_redirect_is_not_followed_so_the_token_stays_with_the_shop() {
    let elsewhere_saw = Arc::new(Mutex::new(Vec::<Request>::new()));
    let log = Arc::clone(&elsewhere_saw);
    let elsewhere = Loopback::start(Arc::new(move |request: &Request| {
        log.lock().unwrap().push(request.clone());
        Reply::json(200, json!({ "data": {} }))
    }));
    let target = format!("{}/admin/api/2026-10/graphql.json", elsewhere.base_url());
    let moved = Loopback::start(Arc::new(move |_: &Request| {
        Reply::json(301, json!({})).with_header("Location", &target)
    }));
    let shop = Shopify::new(&moved.base_url(), TOKEN, Duration::from_secs(2)).unwrap();
    let refused = shop.customers_by_email("ana@example.com");
    assert!(matches!(refused, Err(ExecError::Refused(message)) if message.contains("301")));
    assert!(
        elsewhere_saw.lock().unwrap().is_empty(),
        "nothing reached the other host"
    );
    assert!(Shopify::new("http://acme.myshopify.com", TOKEN, Duration::from_secs(2)).is_err());
}
