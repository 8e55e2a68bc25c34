//! The Shopify schema checker against requests whose verdict is known.

use countersign_testkit::shopify_schema::ShopifySchema;
use serde_json::{json, Value};

fn check(body: Value) -> Vec<String> {
    ShopifySchema::load().check_request(&body)
}

/// Exactly one problem, containing every one of `needles`.
fn assert_one_problem(problems: &[String], needles: &[&str]) {
    assert_eq!(problems.len(), 1, "expected one problem, got {problems:#?}");
    for needle in needles {
        assert!(
            problems[0].contains(needle),
            "{:?} should mention {needle:?}",
            problems[0]
        );
    }
}

fn assert_conforms(problems: &[String]) {
    assert!(
        problems.is_empty(),
        "expected no problem, got {problems:#?}"
    );
}

// --- the schema itself ---------------------------------------------------------

#[test]
fn the_schema_loads_once_and_says_how_long_it_took() {
    let schema = ShopifySchema::load();
    assert!(std::ptr::eq(schema, ShopifySchema::load()));
    eprintln!(
        "Shopify Admin 2026-10 SDL: {} types, parsed and validated in {:?}; prelude declared {:?}",
        schema.schema().types.len(),
        schema.parse_time(),
        schema.declared_by_prelude()
    );
    assert!(schema.schema().types.len() > 3000);
    // The SDL uses @oneOf without declaring it (introspection leaves built-in
    // directives out), and declares @idempotent itself.
    assert_eq!(schema.declared_by_prelude(), ["oneOf"]);
}

#[test]
fn root_fields_exist_or_not() {
    let schema = ShopifySchema::load();
    assert!(schema.has_mutation("refundCreate"));
    assert!(schema.has_mutation("orderCancel"));
    assert!(!schema.has_mutation("refundEverything"));
    assert!(schema.has_query("customers"));
    assert!(schema.has_query("order"));
    assert!(!schema.has_query("refundCreate"));
    assert!(!schema.has_mutation("customers"));
}

// --- queries -------------------------------------------------------------------

const CUSTOMERS: &str = "query Customers($email: String!) {
  customers(first: 5, query: $email) { nodes { id email } }
}";

#[test]
fn a_customer_search_conforms() {
    assert_conforms(&check(json!({
        "query": CUSTOMERS,
        "variables": { "email": "email:\"bo.wang@example.com\"" },
        "operationName": "Customers",
    })));
}

#[test]
fn an_unknown_field_is_reported() {
    let problems = check(json!({
        "query": "query($email: String!) { customers(first: 5, query: $email) { nodes { id emailAddress } } }",
        "variables": { "email": "a@example.com" },
    }));
    assert_one_problem(&problems, &["emailAddress", "Customer"]);
}

#[test]
fn an_unknown_argument_and_a_wrong_literal_are_reported() {
    let problems = check(json!({
        "query": "{ customers(first: \"five\", matching: \"x\") { nodes { id } } }",
    }));
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(
        problems.iter().any(|p| p.contains("matching")),
        "{problems:#?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("expected value of type Int")),
        "{problems:#?}"
    );
}

#[test]
fn a_syntax_error_is_reported() {
    let problems = check(json!({ "query": "query { customers(first: 5) { nodes { id }" }));
    assert!(!problems.is_empty());
}

#[test]
fn a_missing_required_variable_is_reported() {
    let problems = check(json!({ "query": CUSTOMERS, "variables": {} }));
    assert_one_problem(&problems, &["missing required variable $email", "String!"]);
    // No variables at all is the same.
    let problems = check(json!({ "query": CUSTOMERS }));
    assert_one_problem(&problems, &["$email"]);
}

#[test]
fn a_variable_of_the_wrong_json_type_is_reported() {
    let query = "query($n: Int!, $q: String) { customers(first: $n, query: $q) { nodes { id } } }";
    assert_conforms(&check(
        json!({ "query": query, "variables": { "n": 5, "q": null } }),
    ));
    let problems = check(json!({ "query": query, "variables": { "n": "5" } }));
    assert_one_problem(&problems, &["variables.n", "Int", "a string"]);
    let problems = check(json!({ "query": query, "variables": { "n": 2.5 } }));
    assert_one_problem(&problems, &["variables.n", "Int"]);
    let problems = check(json!({ "query": query, "variables": { "n": 5_000_000_000_i64 } }));
    assert_one_problem(&problems, &["variables.n", "32 bits"]);
    let problems = check(json!({ "query": query, "variables": { "n": null } }));
    assert_one_problem(&problems, &["variables.n", "null", "Int!"]);
    let problems = check(json!({ "query": query, "variables": { "n": 5, "q": 7 } }));
    assert_one_problem(&problems, &["variables.q", "String", "an integer"]);
}

#[test]
fn an_undeclared_variable_is_reported() {
    let problems = check(json!({
        "query": CUSTOMERS,
        "variables": { "email": "a@example.com", "limit": 5 },
    }));
    assert_one_problem(&problems, &["undeclared variable $limit"]);
}

#[test]
fn a_variable_the_query_uses_without_declaring_it_is_reported() {
    let problems = check(json!({
        "query": "query { customers(first: 5, query: $email) { nodes { id } } }",
        "variables": { "email": "a@example.com" },
    }));
    // Validation finds the undefined $email; the variables find it undeclared.
    assert!(
        problems.iter().any(|p| p.contains("$email")),
        "{problems:#?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("undeclared")),
        "{problems:#?}"
    );
}

#[test]
fn an_enum_variable_must_name_a_value() {
    let query =
        "query($key: CustomerSortKeys) { customers(first: 5, sortKey: $key) { nodes { id } } }";
    assert_conforms(&check(
        json!({ "query": query, "variables": { "key": "UPDATED_AT" } }),
    ));
    let problems = check(json!({ "query": query, "variables": { "key": "updated" } }));
    assert_one_problem(&problems, &["\"updated\"", "CustomerSortKeys"]);
}

#[test]
fn the_operation_is_selected_by_name() {
    let query = "query A { shop { name } } query B { shop { id } }";
    assert_conforms(&check(json!({ "query": query, "operationName": "B" })));
    let problems = check(json!({ "query": query }));
    assert_one_problem(&problems, &["operationName"]);
    let problems = check(json!({ "query": query, "operationName": "C" }));
    assert_one_problem(&problems, &["C"]);
}

// --- refundCreate --------------------------------------------------------------

const REFUND_CREATE: &str = "mutation RefundCreate($input: RefundInput!, $key: String!) {
  refundCreate(input: $input) @idempotent(key: $key) {
    refund { id totalRefundedSet { shopMoney { amount currencyCode } } }
    userErrors { field message }
  }
}";

fn refund_input() -> Value {
    json!({
        "orderId": "gid://shopify/Order/1001",
        "note": "Countersign D-0001",
        "notify": false,
        "refundLineItems": [
            { "lineItemId": "gid://shopify/LineItem/1", "quantity": 1, "restockType": "NO_RESTOCK" }
        ],
        "shipping": { "fullRefund": false },
        "transactions": [{
            "orderId": "gid://shopify/Order/1001",
            "parentId": "gid://shopify/OrderTransaction/7",
            "gateway": "shopify_payments",
            "kind": "REFUND",
            "amount": "12.00"
        }]
    })
}

fn refund(input: Value) -> Vec<String> {
    check(json!({
        "query": REFUND_CREATE,
        "variables": { "input": input, "key": "c0ffee00-0000-4000-8000-000000000001" },
    }))
}

#[test]
fn a_refund_create_conforms() {
    assert_conforms(&refund(refund_input()));
}

#[test]
fn a_refund_with_an_unknown_input_field_is_reported() {
    let mut input = refund_input();
    input["reason"] = json!("customer asked");
    let problems = refund(input);
    assert_one_problem(&problems, &["variables.input", "\"reason\"", "RefundInput"]);
}

#[test]
fn nested_refund_input_problems_are_reported_where_they_are() {
    let mut input = refund_input();
    input["refundLineItems"][0]["quantity"] = json!("1");
    input["transactions"][0]["amount"] = json!(12.0);
    input["transactions"][0]
        .as_object_mut()
        .expect("a transaction is an object")
        .remove("kind");
    input
        .as_object_mut()
        .expect("the input is an object")
        .remove("orderId");
    let problems = refund(input);
    assert_eq!(problems.len(), 4, "{problems:#?}");
    for needle in [
        "variables.input.refundLineItems[0].quantity: expected Int",
        "variables.input.transactions[0].amount: expected Money (a JSON string)",
        "variables.input.transactions[0].kind: missing required field",
        "variables.input.orderId: missing required field",
    ] {
        assert!(
            problems.iter().any(|p| p.contains(needle)),
            "{needle}: {problems:#?}"
        );
    }
}

#[test]
fn a_single_value_stands_for_a_list_of_one() {
    let mut input = refund_input();
    input["refundLineItems"] = json!({ "lineItemId": "gid://shopify/LineItem/1", "quantity": 1 });
    assert_conforms(&refund(input));
}

#[test]
fn a_one_of_input_takes_exactly_one_field() {
    let mut input = refund_input();
    input["refundMethods"] =
        json!([{ "storeCreditRefund": { "amount": { "amount": "5.00", "currencyCode": "USD" } } }]);
    assert_conforms(&refund(input.clone()));
    input["refundMethods"] = json!([{}]);
    let problems = refund(input);
    assert_one_problem(
        &problems,
        &["refundMethods[0]", "@oneOf", "RefundMethodInput"],
    );
}

#[test]
fn refund_create_needs_an_idempotency_key() {
    let without =
        "mutation($input: RefundInput!) { refundCreate(input: $input) { refund { id } } }";
    let problems = check(json!({ "query": without, "variables": { "input": refund_input() } }));
    assert_one_problem(&problems, &["refundCreate", "@idempotent"]);
    let problems = check(json!({
        "query": REFUND_CREATE,
        "variables": { "input": refund_input(), "key": "  " },
    }));
    assert_one_problem(&problems, &["empty or whitespace"]);
}

// --- orderCancel ---------------------------------------------------------------

const ORDER_CANCEL: &str =
    "mutation OrderCancel($orderId: ID!, $reason: OrderCancelReason!, $staffNote: String) {
  orderCancel(orderId: $orderId, reason: $reason, restock: true, notifyCustomer: false,
    refundMethod: { originalPaymentMethodsRefund: true }, staffNote: $staffNote) {
    job { id done }
    orderCancelUserErrors { field message code }
  }
}";

#[test]
fn an_order_cancel_conforms() {
    assert_conforms(&check(json!({
        "query": ORDER_CANCEL,
        "variables": {
            "orderId": "gid://shopify/Order/1001",
            "reason": "CUSTOMER",
            "staffNote": "Countersign D-0001"
        },
    })));
}

#[test]
fn an_order_cancel_without_restock_or_with_a_bad_reason_is_reported() {
    // `restock: Boolean!` has no default, so leaving it out is an error.
    let problems = check(json!({
        "query": "mutation($id: ID!) { orderCancel(orderId: $id, reason: CUSTOMER) { job { id } } }",
        "variables": { "id": "gid://shopify/Order/1001" },
    }));
    assert_one_problem(&problems, &["restock"]);
    let problems = check(json!({
        "query": ORDER_CANCEL,
        "variables": { "orderId": "gid://shopify/Order/1001", "reason": "CHANGED_MIND" },
    }));
    assert_one_problem(&problems, &["CHANGED_MIND", "OrderCancelReason"]);
}

#[test]
fn a_one_of_literal_with_two_fields_is_reported() {
    let query = "mutation($id: ID!) {
  orderCancel(orderId: $id, reason: OTHER, restock: false,
    refundMethod: { originalPaymentMethodsRefund: true, storeCreditRefund: {} }) { job { id } }
}";
    let problems = check(json!({ "query": query, "variables": { "id": "gid://shopify/Order/1" } }));
    assert_one_problem(&problems, &["orderCancel(refundMethod:)", "@oneOf"]);
}

// --- the body ------------------------------------------------------------------

#[test]
fn a_body_without_a_query_is_reported() {
    assert_one_problem(&check(json!({ "variables": {} })), &["\"query\""]);
    assert_one_problem(
        &check(json!("query { shop { id } }")),
        &["not a JSON object"],
    );
}
