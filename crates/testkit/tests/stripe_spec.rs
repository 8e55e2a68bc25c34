//! The Stripe spec checker against requests and objects whose verdict is known.

use countersign_testkit::stripe_spec::{decode_form, fixture, StripeSpec};
use serde_json::{json, Value};

const FORM: Option<&str> = Some("application/x-www-form-urlencoded");

fn spec() -> StripeSpec {
    StripeSpec::load()
}

fn post(spec: &StripeSpec, target: &str, body: &str) -> Vec<String> {
    spec.check_request("POST", target, FORM, body.as_bytes())
}

fn get(spec: &StripeSpec, target: &str) -> Vec<String> {
    spec.check_request("GET", target, None, b"")
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

// --- POST /v1/refunds --------------------------------------------------------

const REFUND: &str =
    "charge=ch_1&amount=1200&reason=requested_by_customer&metadata[ticket_id]=D-0001";

#[test]
fn a_correct_refund_conforms() {
    assert_eq!(post(&spec(), "/v1/refunds", REFUND), Vec::<String>::new());
}

#[test]
fn a_refund_with_encoded_brackets_and_spaces_conforms() {
    let body = "charge=ch_1&metadata%5Bticket_id%5D=D-0001&metadata%5Bnote%5D=late+parcel%21&expand%5B%5D=charge";
    assert_eq!(post(&spec(), "/v1/refunds", body), Vec::<String>::new());
}

#[test]
fn a_refund_with_an_unknown_parameter_is_reported() {
    let problems = post(
        &spec(),
        "/v1/refunds",
        &format!("{REFUND}&refund_reason=late"),
    );
    assert_one_problem(
        &problems,
        &["POST /v1/refunds", "unknown parameter `refund_reason`"],
    );
}

#[test]
fn a_refund_with_a_non_integer_amount_is_reported() {
    let body = "charge=ch_1&amount=12.00";
    assert_one_problem(
        &post(&spec(), "/v1/refunds", body),
        &["amount", "expected an integer", "\"12.00\""],
    );
}

#[test]
fn a_refund_with_a_reason_outside_the_enum_is_reported() {
    let body = "charge=ch_1&reason=customer_request";
    assert_one_problem(
        &post(&spec(), "/v1/refunds", body),
        &[
            "reason",
            "\"customer_request\" is not one of",
            "requested_by_customer",
        ],
    );
}

#[test]
fn a_refund_with_a_non_boolean_flag_is_reported() {
    let body = "charge=ch_1&refund_application_fee=yes";
    assert_one_problem(
        &post(&spec(), "/v1/refunds", body),
        &["refund_application_fee", "expected a boolean"],
    );
}

#[test]
fn metadata_must_be_flat_strings() {
    let body = "charge=ch_1&metadata[ticket][id]=D-1";
    assert_one_problem(
        &post(&spec(), "/v1/refunds", body),
        &["metadata[ticket]", "expected a string"],
    );
}

#[test]
fn a_body_must_be_form_encoded() {
    let spec = spec();
    let json_body = spec.check_request(
        "POST",
        "/v1/refunds",
        Some("application/json"),
        b"charge=ch_1",
    );
    assert_one_problem(&json_body, &["Content-Type is \"application/json\""]);
    let untyped = spec.check_request("POST", "/v1/refunds", None, b"charge=ch_1");
    assert_one_problem(&untyped, &["without a Content-Type"]);
    let charset = spec.check_request(
        "POST",
        "/v1/refunds",
        Some("application/x-www-form-urlencoded; charset=utf-8"),
        b"charge=ch_1",
    );
    assert_eq!(charset, Vec::<String>::new());
}

#[test]
fn post_parameters_do_not_belong_in_the_query() {
    let problems = spec().check_request("POST", "/v1/refunds?charge=ch_1", FORM, b"");
    assert_one_problem(&problems, &["unknown query parameter `charge`"]);
}

// --- GET requests and their query strings ------------------------------------

#[test]
fn a_customer_search_conforms() {
    let spec = spec();
    assert_eq!(
        get(&spec, "/v1/customers/search?query=email%3A%27a%40b.com%27"),
        Vec::<String>::new()
    );
    assert_eq!(
        get(&spec, "/v1/customers/search?query=email%3A%27a%40b.com%27&limit=5&expand[]=data.subscriptions"),
        Vec::<String>::new()
    );
}

#[test]
fn a_customer_search_without_its_query_is_reported() {
    let problems = get(&spec(), "/v1/customers/search?limit=5");
    assert_one_problem(
        &problems,
        &[
            "GET /v1/customers/search",
            "missing required query parameter `query`",
        ],
    );
}

#[test]
fn bad_query_parameters_are_reported() {
    let spec = spec();
    assert_one_problem(
        &get(&spec, "/v1/customers/search?query=x&limit=ten"),
        &["limit", "expected an integer"],
    );
    assert_one_problem(
        &get(&spec, "/v1/customers/search?query=x&email=a%40b.com"),
        &["unknown query parameter `email`"],
    );
}

#[test]
fn a_customer_read_with_expansions_conforms() {
    let spec = spec();
    assert_eq!(get(&spec, "/v1/customers/cus_1"), Vec::<String>::new());
    assert_eq!(
        get(&spec, "/v1/customers/cus_1?expand[]=subscriptions"),
        Vec::<String>::new()
    );
    assert_eq!(
        get(&spec, "/v1/customers/cus_1?expand[0]=subscriptions&expand[1]=invoice_settings.default_payment_method"),
        Vec::<String>::new()
    );
    assert_eq!(
        get(&spec, "/v1/payment_intents/pi_1?expand[]=latest_charge"),
        Vec::<String>::new()
    );
}

#[test]
fn a_charge_list_conforms_and_its_range_filter_is_checked() {
    let spec = spec();
    assert_eq!(
        get(
            &spec,
            "/v1/charges?customer=cus_1&limit=3&created[gte]=1700000000"
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        get(&spec, "/v1/charges?created=1700000000"),
        Vec::<String>::new()
    );
    assert_one_problem(
        &get(&spec, "/v1/charges?created[after]=1700000000"),
        &[
            "created",
            "matches no branch of anyOf",
            "unknown parameter `created[after]`",
        ],
    );
}

// --- /v1/subscriptions/{id} --------------------------------------------------

#[test]
fn subscription_updates_conform() {
    let spec = spec();
    for body in [
        "pause_collection[behavior]=void",
        "pause_collection=",
        "cancel_at_period_end=true",
        "items[0][id]=si_1&items[0][price]=price_2&proration_behavior=none",
        "metadata[ticket_id]=D-0001&cancel_at=",
        "trial_end=now",
        "trial_end=1700000000",
    ] {
        assert_eq!(
            post(&spec, "/v1/subscriptions/sub_1", body),
            Vec::<String>::new(),
            "body {body:?}"
        );
    }
}

#[test]
fn bad_subscription_updates_are_reported() {
    let spec = spec();
    assert_one_problem(
        &post(
            &spec,
            "/v1/subscriptions/sub_1",
            "pause_collection[behavior]=sleep",
        ),
        &["pause_collection[behavior]", "\"sleep\" is not one of"],
    );
    assert_one_problem(
        &post(
            &spec,
            "/v1/subscriptions/sub_1",
            "pause_collection[resumes_at]=1700000000",
        ),
        &["missing required `pause_collection[behavior]`"],
    );
    assert_one_problem(
        &post(&spec, "/v1/subscriptions/sub_1", "cancel_at_period_end=1"),
        &["cancel_at_period_end", "expected a boolean"],
    );
    assert_one_problem(
        &post(
            &spec,
            "/v1/subscriptions/sub_1",
            "items[0][price]=price_2&items[0][qty]=2",
        ),
        &["unknown parameter `items[0][qty]`"],
    );
    assert_one_problem(
        &post(&spec, "/v1/subscriptions/sub_1", "proration_behavior=never"),
        &["proration_behavior", "is not one of"],
    );
    let problems = post(
        &spec,
        "/v1/subscriptions/sub_1",
        "pause_collection=&pause_collection[behavior]=void",
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("both a plain value and nested keys")),
        "{problems:#?}"
    );
}

#[test]
fn a_subscription_cancel_conforms() {
    let spec = spec();
    assert_eq!(
        spec.check_request("DELETE", "/v1/subscriptions/sub_1", None, b""),
        Vec::<String>::new()
    );
    assert_eq!(
        spec.check_request(
            "DELETE",
            "/v1/subscriptions/sub_1",
            FORM,
            b"invoice_now=true&prorate=false&cancellation_details[feedback]=too_expensive"
        ),
        Vec::<String>::new()
    );
    assert_eq!(get(&spec, "/v1/subscriptions/sub_1"), Vec::<String>::new());
}

// --- paths and methods -------------------------------------------------------

#[test]
fn unknown_paths_and_methods_are_reported() {
    let spec = spec();
    assert_eq!(
        post(&spec, "/v1/refundz", "charge=ch_1"),
        vec!["POST /v1/refundz is not in Stripe's spec".to_string()]
    );
    assert_one_problem(&get(&spec, "/v1/customers/"), &["is not in Stripe's spec"]);
    assert_one_problem(
        &get(&spec, "/v1/customers/cus_1/extra"),
        &["is not in Stripe's spec"],
    );
    assert_one_problem(
        &spec.check_request("PUT", "/v1/subscriptions/sub_1", FORM, b""),
        &[
            "PUT /v1/subscriptions/sub_1 is not in Stripe's spec",
            "DELETE",
            "GET",
            "POST",
        ],
    );
    assert_one_problem(
        &get(&spec, "/v1/refunds"),
        &["GET /v1/refunds is not in Stripe's spec"],
    );
}

#[test]
fn a_path_parameter_is_checked_against_its_schema() {
    let long_id = "x".repeat(5001);
    assert_one_problem(
        &get(&spec(), &format!("/v1/customers/{long_id}")),
        &["customer", "more than maxLength 5000"],
    );
}

// --- the decoder -------------------------------------------------------------

#[test]
fn the_bracket_notation_decodes_to_nested_strings() {
    let (value, problems) = decode_form(
        "a=1&metadata[k]=v+w&items[0][price]=p&items[1][price]=q&items[1][quantity]=2&expand[]=x&expand[]=y&pause_collection=&flag",
    );
    assert_eq!(problems, Vec::<String>::new());
    assert_eq!(
        value,
        json!({
            "a": "1",
            "metadata": {"k": "v w"},
            "items": [{"price": "p"}, {"price": "q", "quantity": "2"}],
            "expand": ["x", "y"],
            "pause_collection": "",
            "flag": "",
        })
    );
}

#[test]
fn malformed_forms_are_reported() {
    let cases: [(&str, &str); 6] = [
        ("amount=1&amount=2", "given more than once"),
        ("items[0][price]=p&items[2][price]=q", "without gaps"),
        ("items[][price]=p", "only as the last bracket"),
        ("metadata[k=v", "malformed brackets"),
        ("[k]=v", "without a name"),
        ("note=100%", "malformed percent-encoding"),
    ];
    for (input, needle) in cases {
        let (_, problems) = decode_form(input);
        assert_one_problem(&problems, &[needle]);
    }
}

// --- objects -----------------------------------------------------------------

#[test]
fn refund_charge_and_payment_intent_fixtures_have_no_errors() {
    let spec = spec();
    for resource in ["refund", "charge", "payment_intent"] {
        let report = spec.check_object(resource, &fixture(resource));
        assert_eq!(report.errors, Vec::<String>::new(), "{resource}");
    }
}

#[test]
fn newer_fields_are_warnings_not_errors() {
    let report = spec().check_object("refund", &fixture("refund"));
    assert!(report.errors.is_empty(), "{report:#?}");
    for newer in [
        "refund.destination_details",
        "refund.customer_account",
        "refund.payment_method",
    ] {
        assert!(
            report.unknown_fields.iter().any(|f| f == newer),
            "{newer} should be a warning: {report:#?}"
        );
    }
    assert!(!report.unknown_fields.iter().any(|f| f == "refund.amount"));
}

/// The 2026 fixtures drop fields that the 2023 spec marks required, where Stripe
/// changed the object's shape since (`current_period_*` moved to the subscription
/// items in API version 2025-03-31; a discount's `coupon` moved under `source`).
/// Nothing else in these objects contradicts the spec.
#[test]
fn customer_and_subscription_fixtures_show_only_the_known_drift() {
    let spec = spec();
    let customer = spec.check_object("customer", &fixture("customer"));
    assert_eq!(
        customer.errors,
        vec!["missing required `customer.discount.coupon`".to_string()]
    );
    let subscription = spec.check_object("subscription", &fixture("subscription"));
    assert_eq!(
        subscription.errors,
        vec![
            "missing required `subscription.current_period_end`".to_string(),
            "missing required `subscription.current_period_start`".to_string(),
        ]
    );
    assert!(subscription
        .unknown_fields
        .contains(&"subscription.items.data[0].current_period_end".to_string()));
}

fn mutated(resource: &str, field: &str, value: Value) -> Value {
    let mut object = fixture(resource);
    object
        .as_object_mut()
        .expect("a fixture is an object")
        .insert(field.to_string(), value);
    object
}

#[test]
fn a_mutated_fixture_yields_errors() {
    let spec = spec();
    let report = spec.check_object("refund", &mutated("refund", "amount", json!("12")));
    assert_eq!(
        report.errors,
        vec!["refund.amount: expected an integer, got \"12\"".to_string()]
    );

    let report = spec.check_object("refund", &mutated("refund", "amount", Value::Null));
    assert_eq!(
        report.errors,
        vec!["refund.amount: null, but the schema is not nullable".to_string()]
    );

    let report = spec.check_object("charge", &mutated("charge", "status", json!("done")));
    assert_eq!(report.errors.len(), 1, "{report:#?}");
    assert!(report.errors[0].starts_with("charge.status: \"done\" is not one of"));

    let mut missing = fixture("refund");
    missing
        .as_object_mut()
        .expect("an object")
        .remove("currency");
    let report = spec.check_object("refund", &missing);
    assert_eq!(
        report.errors,
        vec!["missing required `refund.currency`".to_string()]
    );
}

#[test]
fn expandable_fields_accept_an_id_or_the_expanded_object() {
    let spec = spec();
    let expanded = mutated("refund", "charge", fixture("charge"));
    let report = spec.check_object("refund", &expanded);
    assert_eq!(report.errors, Vec::<String>::new());
    assert!(report
        .unknown_fields
        .iter()
        .any(|f| f == "refund.charge.source"));

    let report = spec.check_object("refund", &mutated("refund", "charge", json!(42)));
    assert_eq!(report.errors.len(), 1, "{report:#?}");
    assert!(report.errors[0].contains("refund.charge: 42 matches no branch of anyOf"));
}

#[test]
fn an_error_body_conforms() {
    let spec = spec();
    let body = json!({"error": {
        "type": "invalid_request_error",
        "code": "resource_missing",
        "message": "No such customer: 'cus_x'",
        "param": "id",
        "doc_url": "https://stripe.com/docs/error-codes/resource-missing",
    }});
    assert_eq!(spec.check_object("error", &body), Default::default());
    let report = spec.check_object("error", &json!({"error": {"type": "oops"}}));
    assert_eq!(report.errors.len(), 1, "{report:#?}");
    assert!(spec.check_object("refundz", &body).errors[0]
        .contains("no component schema named \"refundz\""));
}

// --- what the walker does not understand ---------------------------------------

#[test]
fn unsupported_constructs_are_reported_not_skipped() {
    let spec = StripeSpec::from_value(json!({
        "paths": {"/v1/things": {"post": {
            "requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": {
                "type": "object",
                "properties": {
                    "amount": {"oneOf": [{"type": "integer"}]},
                    "label": {"type": "string", "minLength": 3},
                },
            }}}},
        }}},
        "components": {"schemas": {"thing": {"allOf": [{"type": "object"}]}}},
    }));
    let problems = spec.check_request("POST", "/v1/things", FORM, b"amount=1&label=ab");
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(
        problems[0].contains("unsupported schema construct at amount"),
        "{problems:#?}"
    );
    assert!(
        problems[1].contains("unsupported schema construct at label: `minLength`"),
        "{problems:#?}"
    );
    let report = spec.check_object("thing", &json!({}));
    assert_eq!(report.errors.len(), 1, "{report:#?}");
    assert!(report.errors[0].starts_with("unsupported schema construct at thing"));
}
