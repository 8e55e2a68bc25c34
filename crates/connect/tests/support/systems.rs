//! A helpdesk, a shop and billing on loopback servers, each answering every
//! request after the same injected latency, for pulling one ticket's context (the
//! context test and the context benchmark share it). Every request is logged with
//! when it arrived and when its answer was due.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use countersign_connect::context::Connected;
use countersign_connect::shopify::Shopify;
use countersign_connect::stripe::Stripe;
use countersign_connect::zendesk::{Zendesk, ZendeskAuth};
use countersign_testkit::loopback::{Loopback, Reply, Request};
use countersign_testkit::stripe_spec::fixture;
use serde_json::{json, Value};

pub const TICKET: u64 = 35436;
pub const EMAIL: &str = "ava.smith4465@example.com";

/// One request as a server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub system: &'static str,
    pub path: String,
    pub arrived: Instant,
    pub answered: Instant,
}

pub struct Systems {
    pub log: Arc<Mutex<Vec<Seen>>>,
    // The servers live as long as the clients that call them.
    _zendesk: Loopback,
    _shopify: Loopback,
    _stripe: Loopback,
    pub helpdesk: Zendesk,
    pub shop: Shopify,
    pub billing: Stripe,
}

fn zendesk_fixture(name: &str) -> Value {
    // From this crate or another beside it (core's tests use these servers too).
    let path = format!(
        "{}/../connect/tests/fixtures/zendesk/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("fixture JSON")
}

fn zendesk(request: &Request) -> Value {
    if request.path.contains("/comments.json") {
        zendesk_fixture("comments_page2.json")
    } else {
        zendesk_fixture("ticket_show.json")
    }
}

fn shopify(request: &Request) -> Value {
    let query = request.json()["query"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let money = |amount: &str| json!({ "shopMoney": { "amount": amount, "currencyCode": "USD" } });
    if query.contains("CustomersByEmail") {
        return json!({ "data": { "customers": { "nodes": [{
            "id": "gid://shopify/Customer/7", "email": EMAIL, "firstName": "Ava", "lastName": "Smith",
            "defaultAddress": { "address1": "1 Main St", "address2": null, "city": "Austin",
                "provinceCode": "TX", "countryCodeV2": "US", "zip": "73301" } }] } } });
    }
    json!({ "data": { "orders": { "pageInfo": { "hasNextPage": false, "endCursor": null }, "nodes": [{
        "id": "gid://shopify/Order/1001", "name": "#1001",
        "createdAt": "2026-11-01T10:00:00Z", "processedAt": "2026-11-01T10:00:00Z",
        "cancelledAt": null, "cancelReason": null, "closed": false,
        "displayFinancialStatus": "PAID", "displayFulfillmentStatus": "UNFULFILLED", "returnStatus": "NO_RETURN",
        "currencyCode": "USD", "customer": { "id": "gid://shopify/Customer/7" }, "shippingAddress": null,
        "lineItems": { "nodes": [{ "id": "gid://shopify/LineItem/11", "name": "Mug", "sku": null, "quantity": 1,
            "refundableQuantity": 1, "variantTitle": null, "product": null, "originalUnitPriceSet": money("20.00") }] },
        "fulfillments": [],
        "transactions": [{ "id": "gid://shopify/OrderTransaction/501", "kind": "SALE", "status": "SUCCESS",
            "gateway": "shopify_payments", "formattedGateway": "Shopify Payments", "amountSet": money("20.00"),
            "paymentDetails": { "company": "Visa", "number": "•••• 4242" } }]
    }] } } })
}

fn stripe(request: &Request) -> Value {
    let path = request.path.split('?').next().unwrap_or_default();
    let mut customer = fixture("customer");
    customer["id"] = json!("cus_Ava");
    customer["email"] = json!(EMAIL);
    match path {
        "/v1/customers/search" => {
            json!({ "object": "search_result", "data": [customer], "has_more": false, "url": path })
        }
        "/v1/charges" => json!({ "object": "list", "data": [], "has_more": false, "url": path }),
        _ => {
            let mut subscription = fixture("subscription");
            subscription["customer"] = json!("cus_Ava");
            subscription["status"] = json!("active");
            subscription["pause_collection"] = Value::Null;
            subscription["default_payment_method"] = json!("pm_card_visa");
            subscription["current_period_start"] = json!(1_764_547_200);
            subscription["current_period_end"] = json!(1_767_225_600);
            customer["subscriptions"] = json!({ "object": "list", "data": [subscription], "has_more": false, "url": "/v1/customers/cus_Ava/subscriptions" });
            customer
        }
    }
}

fn serve(
    system: &'static str,
    latency: Duration,
    log: Arc<Mutex<Vec<Seen>>>,
    answer: fn(&Request) -> Value,
) -> Loopback {
    Loopback::start(Arc::new(move |request: &Request| {
        let arrived = Instant::now();
        log.lock().expect("log").push(Seen {
            system,
            path: request.path.clone(),
            arrived,
            answered: arrived + latency,
        });
        Reply::json(200, answer(request)).after(latency)
    }))
}

impl Systems {
    pub fn start(latency: Duration) -> Self {
        let log = Arc::new(Mutex::new(Vec::new()));
        let zendesk = serve("zendesk", latency, Arc::clone(&log), zendesk);
        let shopify = serve("shopify", latency, Arc::clone(&log), shopify);
        let stripe = serve("stripe", latency, Arc::clone(&log), stripe);
        let timeout = Duration::from_secs(10);
        let auth = ZendeskAuth::OAuth {
            access_token: "zd-token".to_owned(),
        };
        Self {
            helpdesk: Zendesk::new(&zendesk.base_url(), auth, timeout).expect("zendesk"),
            shop: Shopify::new(&shopify.base_url(), "testshop_token", timeout).expect("shopify"),
            billing: Stripe::new(&stripe.base_url(), "rk_test_token", timeout).expect("stripe"),
            log,
            _zendesk: zendesk,
            _shopify: shopify,
            _stripe: stripe,
        }
    }

    pub fn connected(&self) -> Connected<'_> {
        Connected {
            helpdesk: &self.helpdesk,
            shop: Some(&self.shop),
            billing: Some(&self.billing),
        }
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.log.lock().expect("log").clone()
    }

    pub fn forget(&self) {
        self.log.lock().expect("log").clear();
    }

    /// The helpdesk's, the shop's and billing's addresses.
    pub fn urls(&self) -> [String; 3] {
        [
            self._zendesk.base_url(),
            self._shopify.base_url(),
            self._stripe.base_url(),
        ]
    }
}
