//! Stripe: billing. Reads a customer's charges and subscriptions; refunds
//! charges and changes subscriptions as a [`SystemOfRecord`].
//!
//! - **Version.** Every call sends `Stripe-Version: 2023-08-16`, the version of the
//!   OpenAPI spec the contract tests check requests and objects against. Objects of
//!   newer versions parse too: unknown fields are ignored, and a subscription's
//!   period is read from its first item when the subscription has none (2025-03-31
//!   moved it there).
//! - **Auth.** A secret or restricted key (`sk_…`, `rk_…`) as a bearer token, sent
//!   as a sensitive header; it appears in no log, error or `Debug` output.
//! - **Writes.** Every POST and DELETE carries an `Idempotency-Key`: the approval's
//!   key, so a retry of the same approval can never refund twice. Refunds and
//!   subscription updates also carry `metadata[countersign_key]`, which links the
//!   object in Stripe back to the audit entry (the audit records the key) and lets
//!   [`SystemOfRecord::lookup`] find out afterwards whether a write took effect.
//! - **Errors.** 401 (a wrong, expired or revoked key), 402, 403 (a restricted key
//!   without the permission), 404 and other 4xx, and `idempotency_error` are
//!   refusals: nothing happened. 409 (the same key in flight), 429 (with
//!   `Retry-After` when given) and 5xx are transient: retried with the same key,
//!   which Stripe guarantees takes effect at most once. No answer after a write is
//!   unknown: reconciled through `lookup` before any retry.
//!
//! What each action becomes in Stripe is in `crates/connect/MAPPING.md`.

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, Months, Utc};
use countersign_domain::{self as domain, Action, ActionKind, CustomerId, SubscriptionId};
use countersign_exec::http::{no_answer, retry_after};
use countersign_exec::{ExecError, Executed, SystemOfRecord};
use reqwest::blocking::{RequestBuilder, Response};
use reqwest::header::{HeaderValue, AUTHORIZATION};
use reqwest::{Method, Url};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::client::{base_url as base_url_of, Authorized};
use crate::money::{from_minor, to_minor};
use crate::writes::Writes;

/// The Stripe API version every call pins.
pub const STRIPE_VERSION: &str = "2023-08-16";

const DAY: i64 = 86_400;

/// The most objects a list call asks for per page (Stripe's maximum).
const PAGE: &str = "100";

/// Why a [`Stripe`] client could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum StripeSetupError {
    #[error("not a usable Stripe address: {0}")]
    BaseUrl(String),
    #[error("the Stripe key is empty or not a secret (sk_) or restricted (rk_) key")]
    Key,
    #[error("could not start the HTTP client: {0}")]
    Client(String),
}

/// A Stripe account, reached with one agent's (or team's) key.
#[derive(Debug)]
pub struct Stripe {
    base_url: Url,
    http: Authorized,
    /// Which customer each write went to, so `lookup` knows where to look.
    written: Writes<Write>,
}

/// What a write was, for reconciling it later.
#[derive(Debug, Clone)]
enum Write {
    Refund { customer: String },
    Subscription { id: String, cancel_now: bool },
}

// ---- Stripe's objects, as far as Countersign reads them ----

/// A page of a list.
#[derive(Debug, Clone, Deserialize)]
pub struct List<T> {
    pub data: Vec<T>,
    #[serde(default)]
    pub has_more: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Customer {
    pub id: String,
    pub email: Option<String>,
    pub name: Option<String>,
    /// Present when asked for with `expand[]=subscriptions`.
    pub subscriptions: Option<List<Subscription>>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Charge {
    pub id: String,
    pub amount: i64,
    #[serde(default)]
    pub amount_refunded: i64,
    pub currency: String,
    pub created: i64,
    #[serde(default)]
    pub paid: bool,
    pub payment_method: Option<String>,
    pub payment_intent: Option<Expandable>,
    #[serde(default)]
    pub metadata: HashMap<String, String>,
    pub payment_method_details: Option<PaymentMethodDetails>,
    /// Present when asked for with `expand[]=data.refunds`.
    pub refunds: Option<List<Refund>>,
}

impl Charge {
    /// What is left to refund, in the charge's currency.
    pub fn refundable(&self) -> countersign_domain::Amount {
        from_minor(self.amount - self.amount_refunded, &self.currency)
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct PaymentMethodDetails {
    #[serde(rename = "type")]
    pub kind: String,
    pub card: Option<Card>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Card {
    pub brand: Option<String>,
    pub last4: Option<String>,
}

/// An id, or the object it names when expanded.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Expandable {
    Id(String),
    Object { id: String },
}

impl Expandable {
    pub fn id(&self) -> &str {
        match self {
            Expandable::Id(id) | Expandable::Object { id } => id,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Refund {
    pub id: String,
    pub amount: i64,
    pub currency: String,
    pub status: Option<String>,
    pub charge: Option<Expandable>,
    #[serde(default)]
    pub metadata: HashMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Subscription {
    pub id: String,
    pub customer: Expandable,
    pub status: String,
    #[serde(default)]
    pub cancel_at_period_end: bool,
    pub canceled_at: Option<i64>,
    pub current_period_start: Option<i64>,
    pub current_period_end: Option<i64>,
    pub pause_collection: Option<PauseCollection>,
    pub default_payment_method: Option<Expandable>,
    pub created: i64,
    pub items: List<SubscriptionItem>,
    #[serde(default)]
    pub metadata: HashMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PauseCollection {
    pub behavior: String,
    pub resumes_at: Option<i64>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SubscriptionItem {
    pub id: String,
    pub price: Price,
    /// Since 2025-03-31 the period lives here.
    pub current_period_start: Option<i64>,
    pub current_period_end: Option<i64>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Price {
    pub id: String,
    pub currency: String,
    pub unit_amount: Option<i64>,
    pub nickname: Option<String>,
    pub product: Option<Expandable>,
    pub recurring: Option<Recurring>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Recurring {
    pub interval: String,
    pub interval_count: u32,
}

impl Subscription {
    /// The current period's start and end, wherever this API version keeps them.
    pub fn period(&self) -> Option<(i64, i64)> {
        let item = self.items.data.first();
        let start = self
            .current_period_start
            .or_else(|| item.and_then(|item| item.current_period_start))?;
        let end = self
            .current_period_end
            .or_else(|| item.and_then(|item| item.current_period_end))?;
        Some((start, end))
    }

    /// The end of the period `periods` after the current one ends.
    fn after_periods(&self, periods: u32) -> Option<i64> {
        let (_, end) = self.period()?;
        let recurring = self.items.data.first()?.price.recurring.as_ref()?;
        let end = DateTime::<Utc>::from_timestamp(end, 0)?;
        let steps = periods.checked_mul(recurring.interval_count)?;
        let later = match recurring.interval.as_str() {
            "day" => end.checked_add_signed(chrono::Duration::days(i64::from(steps)))?,
            "week" => end.checked_add_signed(chrono::Duration::weeks(i64::from(steps)))?,
            "month" => end.checked_add_months(Months::new(steps))?,
            "year" => end.checked_add_months(Months::new(steps.checked_mul(12)?))?,
            _ => return None,
        };
        Some(later.timestamp())
    }
}

// ---- Stripe's objects as the store's domain (crates/connect/MAPPING.md) ----

fn time(seconds: i64) -> Option<countersign_domain::Timestamp> {
    DateTime::<Utc>::from_timestamp(seconds, 0)
}

impl Subscription {
    /// The subscription as the policy reads it; `None` when Stripe left out what
    /// the domain needs (a period, a price, a payment method).
    pub fn to_domain(&self) -> Option<domain::Subscription> {
        let (start, end) = self.period()?;
        let item = self.items.data.first()?;
        let paused = self.pause_collection.is_some();
        let status = match self.status.as_str() {
            "canceled" | "incomplete_expired" => domain::SubscriptionStatus::Cancelled,
            _ if paused => domain::SubscriptionStatus::Paused,
            _ => domain::SubscriptionStatus::Active,
        };
        let live = status == domain::SubscriptionStatus::Active && !self.cancel_at_period_end;
        Some(domain::Subscription {
            subscription_id: SubscriptionId::new(self.id.clone()),
            customer_id: CustomerId::new(self.customer.id()),
            plan_id: domain::PlanId::new(item.price.id.clone()),
            status,
            current_period_start: time(start)?,
            current_period_end: time(end)?,
            next_renewal_at: if live { time(end) } else { None },
            paused_until: self
                .pause_collection
                .as_ref()
                .and_then(|pause| pause.resumes_at)
                .and_then(time),
            cancelled_at: self.canceled_at.and_then(time),
            cancel_at_period_end: self.cancel_at_period_end,
            payment_method_id: domain::PaymentMethodId::new(
                self.default_payment_method.as_ref()?.id(),
            ),
            created_at: time(self.created)?,
        })
    }
}

impl Price {
    /// The price as a plan: Stripe's monthly and two-weekly prices are the plans
    /// the sandbox knows; any other interval keeps Stripe's words (the policy then
    /// cannot add its periods, and says so).
    pub fn to_plan(&self) -> Option<domain::Plan> {
        let recurring = self.recurring.as_ref()?;
        let interval = match (recurring.interval.as_str(), recurring.interval_count) {
            ("month", 1) => "month".to_owned(),
            ("week", 2) => "two_weeks".to_owned(),
            (interval, count) => format!("{count} {interval}"),
        };
        let product = self.product.as_ref().map(|product| product.id().to_owned());
        Some(domain::Plan {
            plan_id: domain::PlanId::new(self.id.clone()),
            name: self
                .nickname
                .clone()
                .or_else(|| product.clone())
                .unwrap_or_else(|| self.id.clone()),
            product_line: product.unwrap_or_default(),
            interval,
            price: from_minor(self.unit_amount?, &self.currency),
            currency: self.currency.to_uppercase(),
        })
    }
}

impl Charge {
    /// The payment method charged, as the store names it: a card's brand and last
    /// four digits, nothing more; PayPal by name. Other kinds are not ones the
    /// policy knows, so they are left out.
    pub fn payment_method_to_domain(&self) -> Option<domain::PaymentMethod> {
        let id = domain::PaymentMethodId::new(self.payment_method.clone()?);
        let details = self.payment_method_details.as_ref()?;
        match details.kind.as_str() {
            "card" => Some(domain::PaymentMethod {
                id,
                kind: domain::PaymentKind::CreditCard,
                brand: details.card.as_ref().and_then(|card| card.brand.clone()),
                last_four: details.card.as_ref().and_then(|card| card.last4.clone()),
                balance: None,
            }),
            "paypal" => Some(domain::PaymentMethod {
                id,
                kind: domain::PaymentKind::Paypal,
                brand: None,
                last_four: None,
                balance: None,
            }),
            _ => None,
        }
    }
}

#[derive(Debug, Deserialize)]
struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Debug, Deserialize)]
struct ErrorDetail {
    #[serde(rename = "type")]
    kind: Option<String>,
    message: Option<String>,
}

/// The actions Stripe carries out; the rest belong to the shop or the helpdesk.
pub fn can_do(kind: ActionKind) -> bool {
    matches!(
        kind,
        ActionKind::Refund
            | ActionKind::PauseSubscription
            | ActionKind::SkipRenewal
            | ActionKind::ResumeSubscription
            | ActionKind::CancelSubscription
            | ActionKind::ChangePlan
    )
}

impl Stripe {
    /// A client of the Stripe API at `base_url` (`https://api.stripe.com`, or a
    /// loopback server in tests) with `key`; every call gives up after `timeout`.
    pub fn new(base_url: &str, key: &str, timeout: Duration) -> Result<Self, StripeSetupError> {
        let base_url =
            base_url_of(base_url, "https://api.stripe.com").map_err(StripeSetupError::BaseUrl)?;
        let key = key.trim();
        if !(key.starts_with("sk_") || key.starts_with("rk_")) {
            return Err(StripeSetupError::Key);
        }
        let key =
            HeaderValue::from_str(&format!("Bearer {key}")).map_err(|_| StripeSetupError::Key)?;
        let http =
            Authorized::new(AUTHORIZATION, key, timeout).map_err(StripeSetupError::Client)?;
        Ok(Self {
            base_url,
            http,
            written: Writes::new(),
        })
    }

    fn request(&self, method: Method, path: &str) -> Result<RequestBuilder, ExecError> {
        let url = self
            .base_url
            .join(path)
            .map_err(|error| ExecError::Refused(format!("not a Stripe path: {error}")))?;
        Ok(self
            .http
            .request(method, url)
            .header("Stripe-Version", STRIPE_VERSION))
    }

    fn read<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<T, ExecError> {
        let request = self.request(Method::GET, path)?.query(query);
        answer(request.send().map_err(|error| no_answer(error, false))?)
    }

    fn write<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        key: &str,
        form: &[(String, String)],
    ) -> Result<T, ExecError> {
        let mut request = self.request(method, path)?.header("Idempotency-Key", key);
        if !form.is_empty() {
            request = request.form(form);
        }
        answer(request.send().map_err(|error| no_answer(error, true))?)
    }

    /// The customer with this email, if Stripe knows one (`/v1/customers/search`).
    /// Several matches (the same email twice) are returned newest first, as Stripe
    /// ranks them; the caller decides.
    pub fn customers_by_email(&self, email: &str) -> Result<Vec<Customer>, ExecError> {
        let escaped = email.replace('\\', "\\\\").replace('\'', "\\'");
        let query = format!("email:'{escaped}'");
        let found: List<Customer> = self.read(
            "v1/customers/search",
            &[("query", query.as_str()), ("limit", PAGE)],
        )?;
        Ok(found
            .data
            .into_iter()
            .filter(|customer| {
                customer
                    .email
                    .as_deref()
                    .is_some_and(|found| found.eq_ignore_ascii_case(email))
            })
            .collect())
    }

    /// A customer with their subscriptions.
    pub fn customer(&self, id: &str) -> Result<Customer, ExecError> {
        self.read(
            &format!("v1/customers/{}", segment(id)),
            &[("expand[]", "subscriptions")],
        )
    }

    /// Every charge of a customer, newest first, with their refunds, across pages.
    pub fn charges(&self, customer: &str) -> Result<Vec<Charge>, ExecError> {
        let mut charges: Vec<Charge> = Vec::new();
        loop {
            let after = charges.last().map(|charge| charge.id.clone());
            let mut query = vec![
                ("customer", customer),
                ("limit", PAGE),
                ("expand[]", "data.refunds"),
            ];
            if let Some(after) = after.as_deref() {
                query.push(("starting_after", after));
            }
            let page: List<Charge> = self.read("v1/charges", &query)?;
            let more = page.has_more && !page.data.is_empty();
            charges.extend(page.data);
            if !more {
                return Ok(charges);
            }
        }
    }

    pub fn subscription(&self, id: &str) -> Result<Subscription, ExecError> {
        self.read(&format!("v1/subscriptions/{}", segment(id)), &[])
    }

    /// Refunds `action`'s amount from the customer's charge for its order.
    fn refund(
        &self,
        key: &str,
        customer: &CustomerId,
        action: &Action,
    ) -> Result<Executed, ExecError> {
        let Action::Refund {
            order_id,
            amount,
            refund_method_id,
            reason,
            ..
        } = action
        else {
            return Err(ExecError::Refused("not a refund".to_owned()));
        };
        let charges = self.charges(customer.as_str())?;
        let charge = charges
            .iter()
            .find(|charge| {
                charge.paid
                    && (charge.metadata.get("order_id").map(String::as_str)
                        == Some(order_id.as_str())
                        || charge.id == order_id.as_str())
            })
            .ok_or_else(|| {
                ExecError::Refused(format!(
                    "Stripe has no paid charge of this customer for order {order_id}"
                ))
            })?;
        if charge.payment_method.as_deref() != Some(refund_method_id.as_str()) {
            return Err(ExecError::Refused(format!(
                "Stripe refunds only to the payment method charged ({}), not to {refund_method_id}",
                charge.payment_method.as_deref().unwrap_or("unknown")
            )));
        }
        let minor = to_minor(*amount, &charge.currency)
            .map_err(|error| ExecError::Refused(error.to_string()))?;
        self.remember(
            key,
            Write::Refund {
                customer: customer.as_str().to_owned(),
            },
        );
        let form = vec![
            ("charge".to_owned(), charge.id.clone()),
            ("amount".to_owned(), minor.to_string()),
            ("reason".to_owned(), "requested_by_customer".to_owned()),
            ("metadata[countersign_key]".to_owned(), key.to_owned()),
            (
                "metadata[order_id]".to_owned(),
                order_id.as_str().to_owned(),
            ),
            (
                "metadata[reason]".to_owned(),
                format!("{reason:?}").to_lowercase(),
            ),
        ];
        let refund: Refund = self.write(Method::POST, "v1/refunds", key, &form)?;
        Ok(refunded(&refund))
    }

    /// Changes a subscription as `action` says.
    fn change_subscription(&self, key: &str, action: &Action) -> Result<Executed, ExecError> {
        let id = action
            .subscription_id()
            .ok_or_else(|| ExecError::Refused("not a subscription action".to_owned()))?;
        let path = format!("v1/subscriptions/{}", segment(id.as_str()));
        let tag = ("metadata[countersign_key]".to_owned(), key.to_owned());
        let (form, message) = match action {
            Action::PauseSubscription { .. } | Action::SkipRenewal { .. } => {
                let cycles = match action {
                    Action::PauseSubscription { cycles, .. } => u32::from(*cycles),
                    _ => 1,
                };
                // Collection resumes a day after the last renewal it skips: that
                // renewal's invoice is voided, the next one is charged as usual.
                let current = self.subscription(id.as_str())?;
                let resumes = current
                    .after_periods(cycles.saturating_sub(1))
                    .map(|last_skipped| last_skipped + DAY)
                    .ok_or_else(|| {
                        ExecError::Refused(
                            "Stripe did not say when this subscription's period ends".to_owned(),
                        )
                    })?;
                let form = vec![
                    ("pause_collection[behavior]".to_owned(), "void".to_owned()),
                    (
                        "pause_collection[resumes_at]".to_owned(),
                        resumes.to_string(),
                    ),
                    tag,
                ];
                let message = if cycles == 1 {
                    format!("Skipped the next renewal of subscription {id}")
                } else {
                    format!("Paused subscription {id} for {cycles} billing periods")
                };
                (form, message)
            }
            Action::ResumeSubscription { .. } => (
                vec![("pause_collection".to_owned(), String::new()), tag],
                format!("Resumed subscription {id}"),
            ),
            Action::CancelSubscription {
                at_period_end: true,
                ..
            } => (
                vec![("cancel_at_period_end".to_owned(), "true".to_owned()), tag],
                format!("Subscription {id} will end at the close of its current period"),
            ),
            Action::CancelSubscription {
                at_period_end: false,
                ..
            } => {
                self.remember(
                    key,
                    Write::Subscription {
                        id: id.as_str().to_owned(),
                        cancel_now: true,
                    },
                );
                let cancelled: Subscription = self.write(Method::DELETE, &path, key, &[])?;
                return Ok(Executed {
                    message: format!("Cancelled subscription {id} now"),
                    external_id: Some(cancelled.id),
                });
            }
            Action::ChangePlan { plan_id, .. } => {
                let current = self.subscription(id.as_str())?;
                let item = current.items.data.first().ok_or_else(|| {
                    ExecError::Refused(format!("subscription {id} has no item to change"))
                })?;
                (
                    vec![
                        ("items[0][id]".to_owned(), item.id.clone()),
                        ("items[0][price]".to_owned(), plan_id.as_str().to_owned()),
                        (
                            "proration_behavior".to_owned(),
                            "create_prorations".to_owned(),
                        ),
                        tag,
                    ],
                    format!("Moved subscription {id} to {plan_id}"),
                )
            }
            _ => return Err(ExecError::Refused("not a subscription action".to_owned())),
        };
        self.remember(
            key,
            Write::Subscription {
                id: id.as_str().to_owned(),
                cancel_now: false,
            },
        );
        let changed: Subscription = self.write(Method::POST, &path, key, &form)?;
        Ok(Executed {
            message,
            external_id: Some(changed.id),
        })
    }

    fn remember(&self, key: &str, write: Write) {
        self.written.remember(key, write);
    }
}

impl SystemOfRecord for Stripe {
    fn name(&self) -> &str {
        "stripe"
    }

    fn execute(
        &self,
        key: &str,
        customer: &CustomerId,
        action: &Action,
    ) -> Result<Executed, ExecError> {
        match action.kind() {
            ActionKind::Refund => self.refund(key, customer, action),
            kind if can_do(kind) => self.change_subscription(key, action),
            kind => Err(ExecError::Refused(format!(
                "Stripe does not carry out {kind:?}: it belongs to the shop or the helpdesk"
            ))),
        }
    }

    /// Whether a write under `key` took effect: a refund carrying the key among the
    /// customer's charges, or a subscription whose last change carries it.
    fn lookup(&self, key: &str) -> Result<Option<Executed>, ExecError> {
        match self.written.recall(key, "Stripe")? {
            Write::Refund { customer } => Ok(self
                .charges(&customer)?
                .iter()
                .flat_map(|charge| charge.refunds.iter().flat_map(|list| list.data.iter()))
                .find(|refund| {
                    refund.metadata.get("countersign_key").map(String::as_str) == Some(key)
                })
                .map(refunded)),
            Write::Subscription { id, cancel_now } => {
                let subscription = self.subscription(&id)?;
                let done = if cancel_now {
                    subscription.status == "canceled"
                } else {
                    subscription
                        .metadata
                        .get("countersign_key")
                        .map(String::as_str)
                        == Some(key)
                };
                Ok(done.then(|| Executed {
                    message: format!("Stripe shows the change to subscription {id}"),
                    external_id: Some(subscription.id),
                }))
            }
        }
    }
}

fn refunded(refund: &Refund) -> Executed {
    Executed {
        message: format!(
            "Refunded {} {} in Stripe",
            from_minor(refund.amount, &refund.currency),
            refund.currency.to_uppercase()
        ),
        external_id: Some(refund.id.clone()),
    }
}

/// One path segment: ids from Stripe are plain, but a hostile id must not walk
/// the path.
fn segment(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

/// A Stripe answer: the object on 2xx, the error it stands for otherwise.
fn answer<T: DeserializeOwned>(response: Response) -> Result<T, ExecError> {
    let status = response.status().as_u16();
    let wait = retry_after(response.headers());
    let body = response.bytes().map_err(|error| no_answer(error, true))?;
    if (200..300).contains(&status) {
        return serde_json::from_slice(&body).map_err(|error| {
            ExecError::Unknown(format!(
                "Stripe answered {status} with an object Countersign cannot read: {error}"
            ))
        });
    }
    let detail = serde_json::from_slice::<ErrorBody>(&body)
        .ok()
        .map(|body| body.error);
    let kind = detail
        .as_ref()
        .and_then(|detail| detail.kind.clone())
        .unwrap_or_default();
    let said = detail
        .and_then(|detail| detail.message)
        .map(|message| format!(": {message}"))
        .unwrap_or_default();
    Err(match (status, kind.as_str()) {
        (_, "idempotency_error") => ExecError::Refused(format!(
            "Stripe refused the request because its idempotency key was used for a different request{said}"
        )),
        (401, _) => ExecError::Refused(format!(
            "Stripe rejected the key: it is wrong, expired or revoked; enter a new one in Settings{said}"
        )),
        (403, _) => ExecError::Refused(format!(
            "The Stripe key lacks a permission this needs; give the restricted key that permission{said}"
        )),
        (409 | 429 | 500..=599, _) => ExecError::Transient {
            message: format!("Stripe answered {status}{said}"),
            retry_after: wait,
        },
        _ => ExecError::Refused(format!("Stripe refused ({status}){said}")),
    })
}
