//! Shopify: the shop. Reads a customer's orders (line items, fulfillments,
//! transactions) through the Admin GraphQL API and refunds, cancels and
//! re-addresses orders as a [`SystemOfRecord`].
//!
//! - **Version.** Every call goes to `/admin/api/2026-10/graphql.json`. The contract
//!   tests validate each operation and its variables against that version's schema.
//! - **Auth.** An Admin API access token from the store's app, in
//!   `X-Shopify-Access-Token`, sent as a sensitive header. It appears in no log,
//!   error or `Debug` output.
//! - **Writes.** A refund is `suggestedRefund` (which transactions to refund, and
//!   how much each allows), then `refundCreate` marked `@idempotent(key:)` with the
//!   approval's key. Its note carries the key, which is how `lookup` finds it
//!   afterwards. A cancellation is `orderCancel`, a job polled until done. An address
//!   change is `orderUpdate`.
//! - **Errors.** `userErrors` under HTTP 200 are refusals. A `THROTTLED` error waits
//!   as long as the cost bucket needs to refill for the request
//!   (`extensions.cost`). 401 and 403 name the token and the missing scope. 429 and
//!   5xx are transient. No answer after a write is unknown: reconciled through
//!   `lookup` before any retry.
//!
//! A return is `returnCreate` for the items' fulfillment lines; an exchange adds
//! the new variants as exchange lines; a reship is a draft order at a 100 %
//! discount, completed. Shopify cannot be asked afterwards whether one of those
//! took effect, so a lost answer is left for the agent to check (never retried
//! blind). What each action becomes is in `crates/connect/MAPPING.md`.

use std::collections::BTreeMap;
use std::time::Duration;

use countersign_domain::{self as domain, Action, ActionKind, Amount, CustomerId, OrderId};
use countersign_exec::http::{no_answer, retry_after};
use countersign_exec::{ExecError, Executed, SystemOfRecord};
use reqwest::header::{HeaderName, HeaderValue};
use reqwest::{Method, Url};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::client::{base_url as base_url_of, Authorized};
use crate::writes::Writes;

/// The Admin API version every call uses.
pub const SHOPIFY_VERSION: &str = "2026-10";

/// How often, and how far apart, a cancellation's job is polled.
const JOB_POLLS: u32 = 20;
const JOB_POLL_EVERY: Duration = Duration::from_millis(250);

/// Why a [`Shopify`] client could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum ShopifySetupError {
    #[error("not a usable shop address: {0}")]
    ShopUrl(String),
    #[error("the Shopify access token is empty or has characters a header cannot carry")]
    Token,
    #[error("could not start the HTTP client: {0}")]
    Client(String),
}

/// One shop, reached with its Admin API access token.
#[derive(Debug)]
pub struct Shopify {
    endpoint: Url,
    http: Authorized,
    /// What each write was, so `lookup` knows where to look.
    written: Writes<ShopWrite>,
}

/// What a write under a key was.
#[derive(Debug, Clone)]
enum ShopWrite {
    /// A refund of this order (GID): found afterwards by the key in its note.
    Refund { order: String },
    /// A return, an exchange or a reship of this order (its name): Shopify has no
    /// way to find it by key, so a person checks.
    Unsearchable { what: &'static str, order: String },
}

/// The actions this connector carries out in Shopify.
pub fn can_do(kind: ActionKind) -> bool {
    matches!(
        kind,
        ActionKind::Refund
            | ActionKind::CancelOrder
            | ActionKind::UpdateOrderAddress
            | ActionKind::ReturnItems
            | ActionKind::ExchangeItems
            | ActionKind::Reship
    )
}

// ---- the operations, validated against the 2026-10 schema in the tests ----

const CUSTOMERS_BY_EMAIL: &str = "query CustomersByEmail($query: String!) {
  customers(first: 10, query: $query) {
    nodes { id email firstName lastName
      defaultAddress { address1 address2 city provinceCode countryCodeV2 zip } }
  }
}";

const ORDER_FIELDS: &str = "id name createdAt processedAt cancelledAt cancelReason closed
  displayFinancialStatus displayFulfillmentStatus returnStatus currencyCode
  customer { id }
  shippingAddress { address1 address2 city provinceCode countryCodeV2 zip }
  lineItems(first: 100) { nodes { id name sku quantity refundableQuantity variantTitle variant { id }
    product { id } originalUnitPriceSet { shopMoney { amount currencyCode } } } }
  fulfillments(first: 20) { status createdAt deliveredAt
    trackingInfo(first: 5) { number }
    fulfillmentLineItems(first: 100) { nodes { id lineItem { id } quantity } } }
  transactions(first: 50) { id kind status gateway formattedGateway
    amountSet { shopMoney { amount currencyCode } }
    paymentDetails { ... on CardPaymentDetails { company number } } }";

fn orders_query() -> String {
    format!(
        "query Orders($query: String!, $after: String) {{
  orders(first: 50, after: $after, query: $query, sortKey: PROCESSED_AT, reverse: true) {{
    pageInfo {{ hasNextPage endCursor }}
    nodes {{ {ORDER_FIELDS} }}
  }}
}}"
    )
}

const SUGGESTED_REFUND: &str =
    "query SuggestedRefund($id: ID!, $lines: [RefundLineItemInput!], $full: Boolean) {
  order(id: $id) {
    suggestedRefund(refundLineItems: $lines, suggestFullRefund: $full) {
      amountSet { shopMoney { amount currencyCode } }
      suggestedTransactions { gateway
        maximumRefundableSet { shopMoney { amount } }
        parentTransaction { id } }
    }
  }
}";

const REFUND_CREATE: &str = "mutation RefundCreate($input: RefundInput!, $key: String!) {
  refundCreate(input: $input) @idempotent(key: $key) {
    refund { id totalRefundedSet { shopMoney { amount currencyCode } } }
    userErrors { field message }
  }
}";

const ORDER_REFUNDS: &str = "query OrderRefunds($id: ID!) {
  order(id: $id) { refunds(first: 50) { id note totalRefundedSet { shopMoney { amount currencyCode } } } }
}";

const ORDER_CANCEL: &str =
    "mutation OrderCancel($orderId: ID!, $reason: OrderCancelReason!, $staffNote: String) {
  orderCancel(orderId: $orderId, reason: $reason, restock: true, notifyCustomer: false,
    refundMethod: { originalPaymentMethodsRefund: true }, staffNote: $staffNote) {
    job { id done }
    orderCancelUserErrors { field message code }
  }
}";

const JOB: &str = "query Job($id: ID!) { job(id: $id) { id done } }";

const RETURN_CREATE: &str = "mutation ReturnCreate($input: ReturnInput!) {
  returnCreate(returnInput: $input) {
    return { id name status }
    userErrors { field message }
  }
}";

const DRAFT_ORDER_CREATE: &str = "mutation DraftOrderCreate($input: DraftOrderInput!) {
  draftOrderCreate(input: $input) {
    draftOrder { id name }
    userErrors { field message }
  }
}";

const DRAFT_ORDER_COMPLETE: &str = "mutation DraftOrderComplete($id: ID!) {
  draftOrderComplete(id: $id) {
    draftOrder { id name order { id name } }
    userErrors { field message }
  }
}";

const ORDER_UPDATE: &str = "mutation OrderUpdate($input: OrderInput!) {
  orderUpdate(input: $input) {
    order { id shippingAddress { address1 city zip } }
    userErrors { field message }
  }
}";

// ---- what the operations answer ----

/// A connection's `nodes`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Nodes<T> {
    pub nodes: Vec<T>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PageInfo {
    has_next_page: bool,
    end_cursor: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Page<T> {
    page_info: PageInfo,
    nodes: Vec<T>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Customer {
    pub id: String,
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub default_address: Option<MailingAddress>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MailingAddress {
    pub address1: Option<String>,
    pub address2: Option<String>,
    pub city: Option<String>,
    pub province_code: Option<String>,
    pub country_code_v2: Option<String>,
    pub zip: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Money {
    pub amount: String,
    pub currency_code: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MoneyBag {
    pub shop_money: Money,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Id {
    pub id: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Order {
    pub id: String,
    pub name: String,
    pub created_at: String,
    pub processed_at: Option<String>,
    pub cancelled_at: Option<String>,
    pub cancel_reason: Option<String>,
    pub display_financial_status: Option<String>,
    pub display_fulfillment_status: String,
    pub return_status: Option<String>,
    pub currency_code: String,
    pub customer: Option<Id>,
    pub shipping_address: Option<MailingAddress>,
    pub line_items: Nodes<LineItem>,
    pub fulfillments: Vec<Fulfillment>,
    pub transactions: Vec<OrderTransaction>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LineItem {
    pub id: String,
    pub name: String,
    pub quantity: u32,
    pub variant_title: Option<String>,
    pub variant: Option<Id>,
    pub product: Option<Id>,
    pub original_unit_price_set: MoneyBag,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fulfillment {
    pub status: String,
    pub created_at: Option<String>,
    pub delivered_at: Option<String>,
    pub tracking_info: Vec<TrackingInfo>,
    pub fulfillment_line_items: Nodes<FulfillmentLineItem>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TrackingInfo {
    pub number: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FulfillmentLineItem {
    pub id: String,
    pub line_item: Id,
    pub quantity: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderTransaction {
    pub id: String,
    pub kind: String,
    pub status: String,
    pub gateway: Option<String>,
    pub amount_set: MoneyBag,
    pub payment_details: Option<CardDetails>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct CardDetails {
    pub company: Option<String>,
    pub number: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SuggestedTransaction {
    gateway: Option<String>,
    maximum_refundable_set: Option<MoneyBag>,
    parent_transaction: Option<Id>,
}

#[derive(Debug, Deserialize)]
struct UserError {
    message: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RefundMade {
    id: String,
    note: Option<String>,
    total_refunded_set: MoneyBag,
}

// ---- the client ----

impl Shopify {
    /// A client of the shop at `shop_url` (`https://example.myshopify.com`, or a
    /// loopback server in tests); every call gives up after `timeout`.
    pub fn new(shop_url: &str, token: &str, timeout: Duration) -> Result<Self, ShopifySetupError> {
        let base = base_url_of(shop_url, "https://{store}.myshopify.com")
            .map_err(ShopifySetupError::ShopUrl)?;
        let endpoint = base
            .join(&format!("admin/api/{SHOPIFY_VERSION}/graphql.json"))
            .map_err(|error| ShopifySetupError::ShopUrl(error.to_string()))?;
        let token = token.trim();
        if token.is_empty() {
            return Err(ShopifySetupError::Token);
        }
        let token = HeaderValue::from_str(token).map_err(|_| ShopifySetupError::Token)?;
        let http = Authorized::new(
            HeaderName::from_static("x-shopify-access-token"),
            token,
            timeout,
        )
        .map_err(ShopifySetupError::Client)?;
        Ok(Self {
            endpoint,
            http,
            written: Writes::new(),
        })
    }

    /// Runs one operation; the `data` it answers, or what went wrong.
    fn call(&self, query: &str, variables: Value, writes: bool) -> Result<Value, ExecError> {
        let response = self
            .http
            .request(Method::POST, self.endpoint.clone())
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .map_err(|error| no_answer(error, writes))?;
        let status = response.status().as_u16();
        let wait = retry_after(response.headers());
        let body: Value = response
            .bytes()
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or(Value::Null);
        match status {
            200..=299 => {}
            401 => {
                return Err(ExecError::Refused(
                    "Shopify rejected the access token: it is wrong or the app was uninstalled; enter a new one in Settings".to_owned(),
                ))
            }
            403 => {
                return Err(ExecError::Refused(format!(
                    "The Shopify app lacks an access scope this needs{}",
                    said(&body)
                )))
            }
            402 | 423 => {
                return Err(ExecError::Refused(format!(
                    "The shop is frozen or locked ({status}){}",
                    said(&body)
                )))
            }
            429 | 500..=599 => {
                return Err(ExecError::Transient {
                    message: format!("Shopify answered {status}"),
                    retry_after: wait,
                })
            }
            _ => return Err(ExecError::Refused(format!("Shopify refused ({status}){}", said(&body)))),
        }
        if let Some(errors) = body
            .get("errors")
            .and_then(Value::as_array)
            .filter(|e| !e.is_empty())
        {
            let throttled = errors.iter().any(|error| {
                error.pointer("/extensions/code").and_then(Value::as_str) == Some("THROTTLED")
            });
            if throttled {
                return Err(ExecError::Transient {
                    message:
                        "Shopify is throttling this app; waiting for its query budget to refill"
                            .to_owned(),
                    retry_after: Some(refill_wait(&body)),
                });
            }
            let messages: Vec<&str> = errors
                .iter()
                .filter_map(|error| error.get("message").and_then(Value::as_str))
                .collect();
            return Err(ExecError::Refused(format!(
                "Shopify refused the request: {}",
                messages.join("; ")
            )));
        }
        body.get("data")
            .cloned()
            .filter(|data| !data.is_null())
            .ok_or_else(|| ExecError::Unknown("Shopify answered without data".to_owned()))
    }

    fn read<T: DeserializeOwned>(
        &self,
        query: &str,
        variables: Value,
        pointer: &str,
    ) -> Result<T, ExecError> {
        let data = self.call(query, variables, false)?;
        parse(&data, pointer)
    }

    /// The shop's customers with this email (exact matches only).
    pub fn customers_by_email(&self, email: &str) -> Result<Vec<Customer>, ExecError> {
        let query = format!(
            "email:\"{}\"",
            email.replace('\\', "\\\\").replace('"', "\\\"")
        );
        let found: Vec<Customer> = self.read(
            CUSTOMERS_BY_EMAIL,
            json!({ "query": query }),
            "/customers/nodes",
        )?;
        Ok(found
            .into_iter()
            .filter(|customer| {
                customer
                    .email
                    .as_deref()
                    .is_some_and(|found| found.eq_ignore_ascii_case(email))
            })
            .collect())
    }

    /// Every order of a customer (by GID), newest first, across pages.
    pub fn orders_of(&self, customer: &str) -> Result<Vec<Order>, ExecError> {
        let numeric = customer.rsplit('/').next().unwrap_or(customer);
        self.orders(&format!("customer_id:{numeric}"))
    }

    /// One order by its name (`#1001`).
    pub fn order_named(&self, name: &str) -> Result<Order, ExecError> {
        let escaped = name.replace('\\', "\\\\").replace('"', "\\\"");
        self.orders(&format!("name:\"{escaped}\""))?
            .into_iter()
            .find(|order| order.name == name)
            .ok_or_else(|| ExecError::Refused(format!("Shopify has no order {name}")))
    }

    fn orders(&self, search: &str) -> Result<Vec<Order>, ExecError> {
        let query = orders_query();
        let mut orders = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let page: Page<Order> = self.read(
                &query,
                json!({ "query": search, "after": after }),
                "/orders",
            )?;
            orders.extend(page.nodes);
            match (page.page_info.has_next_page, page.page_info.end_cursor) {
                (true, Some(cursor)) => after = Some(cursor),
                _ => return Ok(orders),
            }
        }
    }

    fn refund(&self, key: &str, action: &Action) -> Result<Executed, ExecError> {
        let Action::Refund {
            order_id,
            amount,
            refund_method_id,
            reason,
            item_ids,
        } = action
        else {
            return Err(ExecError::Refused("not a refund".to_owned()));
        };
        let order = self.order_named(order_id.as_str())?;
        let lines = refund_lines(item_ids.as_deref().unwrap_or_default());
        let suggested: Vec<SuggestedTransaction> = self.read(
            SUGGESTED_REFUND,
            json!({ "id": order.id, "lines": lines, "full": lines.is_empty() }),
            "/order/suggestedRefund/suggestedTransactions",
        )?;
        let parent = suggested
            .iter()
            .find(|t| t.gateway.as_deref() == Some(refund_method_id.as_str()))
            .ok_or_else(|| {
                ExecError::Refused(format!(
                    "Shopify would not refund order {order_id} to {refund_method_id}: it refunds only to the order's own payments"
                ))
            })?;
        let maximum = parent
            .maximum_refundable_set
            .as_ref()
            .and_then(|set| money(&set.shop_money.amount));
        if maximum.is_some_and(|maximum| *amount > maximum) {
            return Err(ExecError::Refused(format!(
                "Shopify allows at most {} back to {refund_method_id} on order {order_id}",
                maximum.map(|m| m.to_string()).unwrap_or_default()
            )));
        }
        let parent_id = parent.parent_transaction.as_ref().map(|p| p.id.clone());
        let input = json!({
            "orderId": order.id,
            "note": format!("Countersign {key}: {reason:?}"),
            "notify": false,
            "refundLineItems": lines,
            "transactions": [{
                "orderId": order.id,
                "parentId": parent_id,
                "gateway": refund_method_id.as_str(),
                "kind": "REFUND",
                "amount": amount.to_string(),
            }],
        });
        self.written.remember(
            key,
            ShopWrite::Refund {
                order: order.id.clone(),
            },
        );
        let data = self.call(REFUND_CREATE, json!({ "input": input, "key": key }), true)?;
        refused_if_user_errors(&data, "/refundCreate/userErrors")?;
        let refund: RefundMade = parse(&data, "/refundCreate/refund")?;
        Ok(refunded(&refund))
    }

    fn cancel(&self, key: &str, action: &Action) -> Result<Executed, ExecError> {
        let Action::CancelOrder { order_id, reason } = action else {
            return Err(ExecError::Refused("not a cancellation".to_owned()));
        };
        let order = self.order_named(order_id.as_str())?;
        let reason = match reason {
            domain::CancelReason::NoLongerNeeded | domain::CancelReason::OrderedByMistake => {
                "CUSTOMER"
            }
        };
        let data = self.call(
            ORDER_CANCEL,
            json!({ "orderId": order.id, "reason": reason, "staffNote": format!("Countersign {key}") }),
            true,
        )?;
        refused_if_user_errors(&data, "/orderCancel/orderCancelUserErrors")?;
        let job: Option<JobState> = parse(&data, "/orderCancel/job").ok();
        let Some(mut job) = job else {
            return Ok(cancelled(order_id, None));
        };
        for _ in 0..JOB_POLLS {
            if job.done {
                return Ok(cancelled(order_id, Some(job.id)));
            }
            std::thread::sleep(JOB_POLL_EVERY);
            job = self.read(JOB, json!({ "id": job.id }), "/job")?;
        }
        Ok(Executed {
            message: format!("Shopify accepted the cancellation of order {order_id}; it is still being processed"),
            external_id: Some(job.id),
        })
    }

    fn return_items(&self, key: &str, action: &Action) -> Result<Executed, ExecError> {
        let (order_id, item_ids, new_item_ids) = match action {
            Action::ReturnItems {
                order_id, item_ids, ..
            } => (order_id, item_ids, None),
            Action::ExchangeItems {
                order_id,
                item_ids,
                new_item_ids,
                ..
            } => (order_id, item_ids, Some(new_item_ids)),
            _ => return Err(ExecError::Refused("not a return or an exchange".to_owned())),
        };
        let order = self.order_named(order_id.as_str())?;
        let note = format!("Countersign {key}");
        let mut input = json!({
            "orderId": order.id,
            "returnLineItems": return_lines(&order, item_ids, &note)?,
        });
        let what = if let Some(new_items) = new_item_ids {
            input["exchangeLineItems"] = line_counts(new_items)
                .into_iter()
                .map(|(variant, quantity)| json!({ "variantId": variant, "quantity": quantity }))
                .collect();
            "exchange"
        } else {
            "return"
        };
        self.written.remember(
            key,
            ShopWrite::Unsearchable {
                what,
                order: order.name.clone(),
            },
        );
        let data = self.call(RETURN_CREATE, json!({ "input": input }), true)?;
        refused_if_user_errors(&data, "/returnCreate/userErrors")?;
        let made: Id = parse(&data, "/returnCreate/return")?;
        Ok(Executed {
            message: format!(
                "Opened the {what} of {} item(s) on order {order_id} in Shopify",
                item_ids.len()
            ),
            external_id: Some(made.id),
        })
    }

    fn reship(&self, key: &str, action: &Action) -> Result<Executed, ExecError> {
        let Action::Reship {
            order_id,
            item_ids,
            reason,
        } = action
        else {
            return Err(ExecError::Refused("not a reship".to_owned()));
        };
        let order = self.order_named(order_id.as_str())?;
        let mut lines = Vec::new();
        for (line, quantity) in line_counts(item_ids) {
            let variant = order
                .line_items
                .nodes
                .iter()
                .find(|item| item.id == line)
                .and_then(|item| item.variant.as_ref())
                .ok_or_else(|| {
                    ExecError::Refused(format!(
                        "order {order_id} has no product variant for {line} to send again"
                    ))
                })?;
            lines.push(json!({
                "variantId": variant.id,
                "quantity": quantity,
                "appliedDiscount": { "value": 100.0, "valueType": "PERCENTAGE", "title": "Reship" },
            }));
        }
        let mut input = json!({
            "lineItems": lines,
            "note": format!("Countersign {key}: reship of {order_id} ({reason:?})"),
            "tags": ["countersign-reship"],
        });
        if let Some(customer) = &order.customer {
            input["purchasingEntity"] = json!({ "customerId": customer.id });
        }
        if let Some(address) = &order.shipping_address {
            input["shippingAddress"] = json!({
                "address1": address.address1, "address2": address.address2, "city": address.city,
                "provinceCode": address.province_code, "countryCode": address.country_code_v2, "zip": address.zip,
            });
        }
        self.written.remember(
            key,
            ShopWrite::Unsearchable {
                what: "reship",
                order: order.name.clone(),
            },
        );
        let data = self.call(DRAFT_ORDER_CREATE, json!({ "input": input }), true)?;
        refused_if_user_errors(&data, "/draftOrderCreate/userErrors")?;
        let draft: Id = parse(&data, "/draftOrderCreate/draftOrder")?;
        let data = self.call(DRAFT_ORDER_COMPLETE, json!({ "id": draft.id }), true)?;
        refused_if_user_errors(&data, "/draftOrderComplete/userErrors")?;
        let name = data
            .pointer("/draftOrderComplete/draftOrder/order/name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        Ok(Executed {
            message: format!(
                "Sending {} item(s) of order {order_id} again at no charge (new order {name})",
                item_ids.len()
            ),
            external_id: data
                .pointer("/draftOrderComplete/draftOrder/order/id")
                .and_then(Value::as_str)
                .map(str::to_owned),
        })
    }

    fn readdress(&self, action: &Action) -> Result<Executed, ExecError> {
        let Action::UpdateOrderAddress { order_id, address } = action else {
            return Err(ExecError::Refused("not an address change".to_owned()));
        };
        let order = self.order_named(order_id.as_str())?;
        let country = country_code(&address.country).ok_or_else(|| {
            ExecError::Refused(format!(
                "Shopify needs a two-letter country code, not {}",
                address.country
            ))
        })?;
        let input = json!({
            "id": order.id,
            "shippingAddress": {
                "address1": address.address1,
                "address2": address.address2,
                "city": address.city,
                "provinceCode": address.state,
                "countryCode": country,
                "zip": address.zip,
            },
        });
        let data = self.call(ORDER_UPDATE, json!({ "input": input }), true)?;
        refused_if_user_errors(&data, "/orderUpdate/userErrors")?;
        Ok(Executed {
            message: format!("Order {order_id} now ships to {}", address.one_line()),
            external_id: Some(order.id),
        })
    }
}

#[derive(Debug, Deserialize)]
struct JobState {
    id: String,
    done: bool,
}

impl SystemOfRecord for Shopify {
    fn name(&self) -> &str {
        "shopify"
    }

    fn execute(
        &self,
        key: &str,
        _customer: &CustomerId,
        action: &Action,
    ) -> Result<Executed, ExecError> {
        match action.kind() {
            ActionKind::Refund => self.refund(key, action),
            ActionKind::CancelOrder => self.cancel(key, action),
            ActionKind::UpdateOrderAddress => self.readdress(action),
            ActionKind::ReturnItems | ActionKind::ExchangeItems => self.return_items(key, action),
            ActionKind::Reship => self.reship(key, action),
            kind => Err(ExecError::Refused(format!(
                "Countersign does not yet carry out {kind:?} in Shopify: hand the ticket to a person"
            ))),
        }
    }

    /// Whether a refund under `key` took effect: one of the order's refunds carries
    /// the key in its note. Cancellations and address changes are reconciled by
    /// reading the order again before any retry.
    fn lookup(&self, key: &str) -> Result<Option<Executed>, ExecError> {
        let order = match self.written.recall(key, "Shopify")? {
            ShopWrite::Refund { order } => order,
            // Refused, not unknown: the retry engine must not send it again.
            ShopWrite::Unsearchable { what, order } => {
                return Err(ExecError::Refused(format!(
                    "Shopify cannot be asked whether the {what} went through: check order {order} in Shopify before trying again"
                )))
            }
        };
        let refunds: Vec<RefundMade> =
            self.read(ORDER_REFUNDS, json!({ "id": order }), "/order/refunds")?;
        let marker = format!("Countersign {key}:");
        Ok(refunds
            .iter()
            .find(|refund| {
                refund
                    .note
                    .as_deref()
                    .is_some_and(|note| note.starts_with(&marker))
            })
            .map(refunded))
    }
}

// ---- Shopify's objects as the store's domain (crates/connect/MAPPING.md) ----

impl Order {
    /// The order as the policy reads it. Each unit of a line item is one item
    /// (`<line item id>` for the first, `<id>:2`, `<id>:3`… for the others), as
    /// the store counts items; payments are named by their gateway.
    pub fn to_domain(&self, customer: &CustomerId) -> Option<domain::Order> {
        let placed_at = timestamp(self.processed_at.as_deref().unwrap_or(&self.created_at))?;
        let items: Vec<domain::OrderItem> = self
            .line_items
            .nodes
            .iter()
            .flat_map(|line| (1..=line.quantity).map(move |unit| (line, unit)))
            .filter_map(|(line, unit)| {
                Some(domain::OrderItem {
                    item_id: domain::ItemId::new(unit_id(&line.id, unit)),
                    product_id: domain::ProductId::new(
                        line.product
                            .as_ref()
                            .map(|p| p.id.clone())
                            .unwrap_or_default(),
                    ),
                    name: line.name.clone(),
                    price: money(&line.original_unit_price_set.shop_money.amount)?,
                    options: line
                        .variant_title
                        .iter()
                        .map(|title| ("variant".to_owned(), title.clone()))
                        .collect::<BTreeMap<_, _>>(),
                })
            })
            .collect();
        let fulfillments = self
            .fulfillments
            .iter()
            .map(|fulfillment| domain::Fulfillment {
                tracking_ids: fulfillment
                    .tracking_info
                    .iter()
                    .filter_map(|t| t.number.clone())
                    .collect(),
                item_ids: fulfillment
                    .fulfillment_line_items
                    .nodes
                    .iter()
                    .flat_map(|line| {
                        (1..=line.quantity)
                            .map(move |unit| domain::ItemId::new(unit_id(&line.line_item.id, unit)))
                    })
                    .collect(),
            })
            .collect();
        let transactions = self
            .transactions
            .iter()
            .filter(|t| t.status == "SUCCESS")
            .filter_map(|t| {
                let kind = match t.kind.as_str() {
                    "SALE" | "CAPTURE" => domain::TransactionKind::Payment,
                    "REFUND" => domain::TransactionKind::Refund,
                    _ => return None,
                };
                Some(domain::Transaction {
                    kind,
                    amount: money(&t.amount_set.shop_money.amount)?,
                    payment_method_id: domain::PaymentMethodId::new(t.gateway.clone()?),
                })
            })
            .collect();
        let delivered_at = self
            .fulfillments
            .iter()
            .filter_map(|f| f.delivered_at.as_deref())
            .find_map(timestamp);
        let shipped_at = self
            .fulfillments
            .iter()
            .filter_map(|f| f.created_at.as_deref())
            .find_map(timestamp);
        let cancelled_at = self.cancelled_at.as_deref().and_then(timestamp);
        let status = if cancelled_at.is_some() {
            domain::OrderStatus::Cancelled
        } else if matches!(
            self.return_status.as_deref(),
            Some("RETURN_REQUESTED" | "IN_PROGRESS")
        ) {
            domain::OrderStatus::ReturnRequested
        } else if delivered_at.is_some() {
            domain::OrderStatus::Delivered
        } else if self.display_fulfillment_status == "UNFULFILLED" {
            domain::OrderStatus::Pending
        } else {
            domain::OrderStatus::Processed
        };
        Some(domain::Order {
            order_id: OrderId::new(self.name.clone()),
            customer_id: customer.clone(),
            status,
            address: self
                .shipping_address
                .clone()
                .unwrap_or_default()
                .to_domain(),
            items,
            fulfillments,
            transactions,
            currency: self.currency_code.clone(),
            placed_at,
            shipped_at,
            delivered_at,
            cancelled_at,
            cancel_reason: self
                .cancel_reason
                .as_ref()
                .map(|reason| reason.to_lowercase()),
            return_items: Vec::new(),
            return_payment_method_id: None,
            exchange_items: Vec::new(),
            exchange_new_items: Vec::new(),
            exchange_payment_method_id: None,
            exchange_price_difference: None,
        })
    }

    /// The payment methods this order was paid with, as the store names them.
    pub fn payment_methods(&self) -> Vec<domain::PaymentMethod> {
        let mut methods: Vec<domain::PaymentMethod> = Vec::new();
        for t in &self.transactions {
            let Some(gateway) = t.gateway.clone() else {
                continue;
            };
            if methods.iter().any(|m| m.id.as_str() == gateway) {
                continue;
            }
            let details = t.payment_details.clone().unwrap_or_default();
            let kind = match gateway.as_str() {
                "gift_card" => domain::PaymentKind::GiftCard,
                "paypal" => domain::PaymentKind::Paypal,
                _ => domain::PaymentKind::CreditCard,
            };
            let last_four = details
                .number
                .as_deref()
                .map(|number| {
                    number
                        .chars()
                        .filter(char::is_ascii_digit)
                        .collect::<String>()
                })
                .filter(|digits| digits.len() == 4);
            methods.push(domain::PaymentMethod {
                id: domain::PaymentMethodId::new(gateway),
                kind,
                brand: details.company,
                last_four,
                balance: None,
            });
        }
        methods
    }
}

impl MailingAddress {
    pub fn to_domain(self) -> domain::Address {
        domain::Address {
            address1: self.address1.unwrap_or_default(),
            address2: self.address2.unwrap_or_default(),
            city: self.city.unwrap_or_default(),
            state: self.province_code.unwrap_or_default(),
            country: self.country_code_v2.unwrap_or_default(),
            zip: self.zip.unwrap_or_default(),
        }
    }
}

fn unit_id(line: &str, unit: u32) -> String {
    if unit == 1 {
        line.to_owned()
    } else {
        format!("{line}:{unit}")
    }
}

/// Items back to line items with quantities: `gid…/LineItem/1` and
/// `gid…/LineItem/1:2` are two units of one line.
fn line_counts(items: &[domain::ItemId]) -> BTreeMap<&str, u32> {
    let mut counts: BTreeMap<&str, u32> = BTreeMap::new();
    for item in items {
        // A GID has a colon in its scheme (`gid://…`): only a trailing `:<n>` is a unit.
        let line = match item.as_str().rsplit_once(':') {
            Some((line, unit)) if unit.chars().all(|c| c.is_ascii_digit()) && !unit.is_empty() => {
                line
            }
            _ => item.as_str(),
        };
        *counts.entry(line).or_default() += 1;
    }
    counts
}

fn refund_lines(items: &[domain::ItemId]) -> Vec<Value> {
    line_counts(items)
        .into_iter()
        .map(|(line, quantity)| json!({ "lineItemId": line, "quantity": quantity, "restockType": "NO_RESTOCK" }))
        .collect()
}

/// The fulfillment lines that shipped `items`, with quantities: what a return
/// names. Items that never shipped cannot be returned.
fn return_lines(
    order: &Order,
    items: &[domain::ItemId],
    note: &str,
) -> Result<Vec<Value>, ExecError> {
    let mut lines = Vec::new();
    for (line, wanted) in line_counts(items) {
        let mut left = wanted;
        for shipped in order
            .fulfillments
            .iter()
            .flat_map(|fulfillment| fulfillment.fulfillment_line_items.nodes.iter())
            .filter(|shipped| shipped.line_item.id == line)
        {
            let take = left.min(shipped.quantity);
            if take > 0 {
                lines.push(json!({ "fulfillmentLineItemId": shipped.id, "quantity": take, "returnReasonNote": note }));
                left -= take;
            }
        }
        if left > 0 {
            return Err(ExecError::Refused(format!(
                "Shopify can only take back items that shipped; {left} of {line} did not ship on order {}",
                order.name
            )));
        }
    }
    Ok(lines)
}

fn country_code(country: &str) -> Option<String> {
    let upper = country.trim().to_uppercase();
    match upper.as_str() {
        "USA" | "UNITED STATES" | "UNITED STATES OF AMERICA" => Some("US".to_owned()),
        code if code.len() == 2 && code.chars().all(|c| c.is_ascii_alphabetic()) => {
            Some(code.to_owned())
        }
        _ => None,
    }
}

fn money(text: &str) -> Option<Amount> {
    text.parse::<rust_decimal::Decimal>()
        .ok()
        .map(Amount::from_decimal)
}

fn timestamp(text: &str) -> Option<domain::Timestamp> {
    chrono::DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|at| at.with_timezone(&chrono::Utc))
}

fn parse<T: DeserializeOwned>(data: &Value, pointer: &str) -> Result<T, ExecError> {
    let value = data
        .pointer(pointer)
        .ok_or_else(|| ExecError::Unknown(format!("Shopify's answer has no {pointer}")))?;
    serde_json::from_value(value.clone()).map_err(|error| {
        ExecError::Unknown(format!(
            "Shopify's {pointer} is not what Countersign reads: {error}"
        ))
    })
}

fn refused_if_user_errors(data: &Value, pointer: &str) -> Result<(), ExecError> {
    let errors: Vec<UserError> = data
        .pointer(pointer)
        .cloned()
        .map(serde_json::from_value)
        .transpose()
        .map_err(|error| ExecError::Unknown(format!("Shopify's {pointer} is unreadable: {error}")))?
        .unwrap_or_default();
    if errors.is_empty() {
        return Ok(());
    }
    let messages: Vec<String> = errors.into_iter().map(|error| error.message).collect();
    Err(ExecError::Refused(format!(
        "Shopify refused: {}",
        messages.join("; ")
    )))
}

/// How long until the cost bucket holds what the throttled request needs.
fn refill_wait(body: &Value) -> Duration {
    let cost = body.pointer("/extensions/cost");
    let number = |path: &str| {
        cost.and_then(|cost| cost.pointer(path))
            .and_then(Value::as_f64)
    };
    match (
        number("/requestedQueryCost"),
        number("/throttleStatus/currentlyAvailable"),
        number("/throttleStatus/restoreRate"),
    ) {
        (Some(requested), Some(available), Some(rate)) if rate > 0.0 => {
            let seconds = ((requested - available).max(0.0) / rate).ceil();
            Duration::from_secs(seconds.clamp(1.0, 60.0) as u64)
        }
        _ => Duration::from_secs(1),
    }
}

fn said(body: &Value) -> String {
    body.get("errors")
        .map(|errors| match errors {
            Value::String(text) => format!(": {text}"),
            other => format!(": {other}"),
        })
        .unwrap_or_default()
}

fn refunded(refund: &RefundMade) -> Executed {
    let money = &refund.total_refunded_set.shop_money;
    Executed {
        message: format!(
            "Refunded {} {} in Shopify",
            money.amount,
            money.currency_code.as_deref().unwrap_or_default()
        ),
        external_id: Some(refund.id.clone()),
    }
}

fn cancelled(order: &OrderId, job: Option<String>) -> Executed {
    Executed {
        message: format!(
            "Cancelled order {order} in Shopify; its payments go back to where they came from"
        ),
        external_id: job,
    }
}
