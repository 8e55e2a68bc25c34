//! The policy file: what the checks compare against, as a support lead writes it
//! (`policies/sandbox.toml`). Loading validates the whole file and reports the
//! first problem with its line; a caller that already has a policy keeps it.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::str::FromStr;

use countersign_domain::{
    Amount, CancelReason, OrderStatus, QueueName, RefundReason, ReshipReason, Role,
};
use serde::Deserialize;

/// The policy shipped for the sandbox store.
pub const SANDBOX_POLICY: &str = include_str!("../policies/sandbox.toml");

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError {
    /// 1-based line of the problem in the file, when it can be placed.
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for PolicyError {}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    policy: RawMeta,
    rules: BTreeMap<String, String>,
    orders: RawOrders,
    tiers: RawTiers,
    frequency: RawFrequency,
    subscriptions: RawSubscriptions,
    accounts: RawAccounts,
    escalation: RawEscalation,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeta {
    name: String,
    version: u32,
    currency: String,
    confidence_threshold: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStatuses {
    statuses: Vec<String>,
    #[serde(default)]
    reasons: Option<Vec<String>>,
    #[serde(default)]
    payments_required: Option<usize>,
    #[serde(default)]
    allow_same_variant: Option<bool>,
    #[serde(default)]
    window_days_after_delivery: Option<u32>,
    #[serde(default)]
    max_per_order: Option<u32>,
    #[serde(default)]
    lost_processed_after_days: Option<u32>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOrders {
    cancel: RawStatuses,
    modify_address: RawStatuses,
    modify_payment: RawStatuses,
    modify_items: RawStatuses,
    #[serde(rename = "return")]
    return_: RawStatuses,
    exchange: RawStatuses,
    refund: RawStatuses,
    reship: RawStatuses,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTier {
    #[serde(default)]
    per_action: Option<String>,
    #[serde(default)]
    per_day: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRouting {
    above_senior_queue: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTiers {
    agent: RawTier,
    senior: RawTier,
    finance: RawTier,
    routing: RawRouting,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrequency {
    window_days: u32,
    max_goodwill: u32,
    queue: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSubscriptions {
    pause_min_cycles: u8,
    pause_max_cycles: u8,
    skip_min_hours_before_renewal: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAccounts {
    email_change_queue: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEscalation {
    queues: BTreeMap<String, String>,
}

/// Statuses an order action needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusRule {
    pub statuses: Vec<OrderStatus>,
}

impl StatusRule {
    pub fn admits(&self, status: OrderStatus) -> bool {
        self.statuses.contains(&status)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tier {
    pub per_action: Option<Amount>,
    pub per_day: Option<Amount>,
}

/// The escalation triggers the engine detects; each goes to a queue.
pub const ESCALATION_TRIGGERS: [&str; 11] = [
    "legal_threat",
    "chargeback",
    "double_or_unknown_charge",
    "payment_problem",
    "complaint",
    "safety_hazard",
    "fraud",
    "human_requested",
    "strong_frustration",
    "out_of_scope",
    "low_confidence",
];

/// A validated policy file.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyConfig {
    pub name: String,
    pub version: u32,
    pub currency: String,
    pub confidence_threshold: f64,
    pub rules: BTreeMap<String, String>,
    pub cancel: StatusRule,
    pub cancel_reasons: Vec<CancelReason>,
    pub modify_address: StatusRule,
    pub modify_payment: StatusRule,
    pub modify_payment_payments_required: usize,
    pub modify_items: StatusRule,
    pub return_: StatusRule,
    pub exchange: StatusRule,
    pub exchange_allows_same_variant: bool,
    pub refund: StatusRule,
    pub refund_reasons: Vec<RefundReason>,
    pub refund_window_days: u32,
    pub reship: StatusRule,
    pub reship_reasons: Vec<ReshipReason>,
    pub reship_window_days: u32,
    pub reship_max_per_order: u32,
    pub reship_lost_processed_after_days: u32,
    pub tiers: BTreeMap<Role, Tier>,
    pub above_senior_queue: QueueName,
    pub frequency_window_days: u32,
    pub frequency_max_goodwill: u32,
    pub frequency_queue: QueueName,
    pub pause_cycles: std::ops::RangeInclusive<u8>,
    pub skip_min_hours_before_renewal: u32,
    pub email_change_queue: QueueName,
    pub escalation_queues: BTreeMap<String, QueueName>,
}

/// Finds the line of `key` inside table `[table]` (or of the table header), so a
/// semantic problem can be placed in the file like a syntax error.
fn locate(source: &str, table: &str, key: Option<&str>) -> Option<usize> {
    let header = format!("[{table}]");
    let mut in_table = table.is_empty();
    for (index, line) in source.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            in_table = trimmed == header;
            if in_table && key.is_none() {
                return Some(index + 1);
            }
            continue;
        }
        if in_table {
            if let Some(key) = key {
                let name = trimmed.split('=').next().unwrap_or_default().trim();
                if name == key {
                    return Some(index + 1);
                }
            }
        }
    }
    None
}

struct Checker<'a> {
    source: &'a str,
}

impl Checker<'_> {
    fn fail(&self, table: &str, key: Option<&str>, message: String) -> PolicyError {
        let place = match key {
            Some(key) if !table.is_empty() => format!("{table}.{key}"),
            Some(key) => key.to_owned(),
            None => table.to_owned(),
        };
        PolicyError {
            line: locate(self.source, table, key).or_else(|| locate(self.source, table, None)),
            message: format!("{place}: {message}"),
        }
    }

    fn statuses(&self, table: &str, raw: &RawStatuses) -> Result<StatusRule, PolicyError> {
        let mut statuses = Vec::new();
        for text in &raw.statuses {
            let status = OrderStatus::parse(text).ok_or_else(|| {
                let known: Vec<&str> = OrderStatus::ALL.iter().map(|s| s.as_str()).collect();
                self.fail(
                    table,
                    Some("statuses"),
                    format!(
                        "`{text}` is not an order status (known: {})",
                        known.join(", ")
                    ),
                )
            })?;
            statuses.push(status);
        }
        if statuses.is_empty() {
            return Err(self.fail(table, Some("statuses"), "needs at least one status".into()));
        }
        Ok(StatusRule { statuses })
    }

    fn reasons<T: serde::de::DeserializeOwned>(
        &self,
        table: &str,
        raw: &RawStatuses,
    ) -> Result<Vec<T>, PolicyError> {
        let texts = raw
            .reasons
            .as_ref()
            .ok_or_else(|| self.fail(table, None, "needs a `reasons` list".into()))?;
        texts
            .iter()
            .map(|text| {
                serde_json::from_value(serde_json::Value::String(text.clone())).map_err(|_| {
                    self.fail(
                        table,
                        Some("reasons"),
                        format!("`{text}` is not a known reason"),
                    )
                })
            })
            .collect()
    }

    fn number<T: Copy>(&self, table: &str, key: &str, value: Option<T>) -> Result<T, PolicyError> {
        value.ok_or_else(|| self.fail(table, None, format!("needs `{key}`")))
    }

    fn amount(
        &self,
        table: &str,
        key: &str,
        text: &Option<String>,
    ) -> Result<Option<Amount>, PolicyError> {
        text.as_ref()
            .map(|text| {
                Amount::from_str(text)
                    .map_err(|error| self.fail(table, Some(key), error.to_string()))
            })
            .transpose()
    }

    fn queue(&self, table: &str, key: &str, text: &str) -> Result<QueueName, PolicyError> {
        QueueName::parse(text).ok_or_else(|| {
            self.fail(
                table,
                Some(key),
                format!("`{text}` is not a queue (billing, trust_safety, senior_support, general)"),
            )
        })
    }
}

impl PolicyConfig {
    pub fn sandbox() -> PolicyConfig {
        // The shipped file is checked by a test; failing here would be a build bug.
        PolicyConfig::parse(SANDBOX_POLICY)
            .unwrap_or_else(|error| panic!("the shipped sandbox policy is invalid: {error}"))
    }

    pub fn load(path: &Path) -> Result<PolicyConfig, PolicyError> {
        let source = std::fs::read_to_string(path).map_err(|error| PolicyError {
            line: None,
            message: format!("cannot read {}: {error}", path.display()),
        })?;
        PolicyConfig::parse(&source)
    }

    pub fn parse(source: &str) -> Result<PolicyConfig, PolicyError> {
        let raw: RawFile = toml::from_str(source).map_err(|error| {
            let line = error
                .span()
                .map(|span| source[..span.start.min(source.len())].matches('\n').count() + 1);
            PolicyError {
                line,
                message: error.message().to_owned(),
            }
        })?;
        let check = Checker { source };

        for number in 1..=27 {
            let id = format!("R{number}");
            if !raw.rules.contains_key(&id) {
                return Err(check.fail("rules", None, format!("rule {id} is missing")));
            }
        }
        for id in raw.rules.keys() {
            let valid = id
                .strip_prefix('R')
                .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
            if !valid {
                return Err(check.fail(
                    "rules",
                    Some(id),
                    "a rule id is R followed by a number".into(),
                ));
            }
        }
        if !(0.0..=1.0).contains(&raw.policy.confidence_threshold) {
            return Err(check.fail(
                "policy",
                Some("confidence_threshold"),
                "must be between 0 and 1".into(),
            ));
        }

        let orders = &raw.orders;
        let mut tiers = BTreeMap::new();
        for (role, table, tier) in [
            (Role::Agent, "tiers.agent", &raw.tiers.agent),
            (Role::Senior, "tiers.senior", &raw.tiers.senior),
            (Role::Finance, "tiers.finance", &raw.tiers.finance),
        ] {
            let per_action = check.amount(table, "per_action", &tier.per_action)?;
            let per_day = check.amount(table, "per_day", &tier.per_day)?;
            if let (Some(action), Some(day)) = (per_action, per_day) {
                if action > day {
                    return Err(check.fail(
                        table,
                        Some("per_action"),
                        "is larger than per_day".into(),
                    ));
                }
            }
            tiers.insert(
                role,
                Tier {
                    per_action,
                    per_day,
                },
            );
        }
        let subs = &raw.subscriptions;
        if subs.pause_min_cycles == 0 || subs.pause_min_cycles > subs.pause_max_cycles {
            return Err(check.fail(
                "subscriptions",
                Some("pause_min_cycles"),
                "must be at least 1 and at most pause_max_cycles".into(),
            ));
        }
        let mut escalation_queues = BTreeMap::new();
        for trigger in ESCALATION_TRIGGERS {
            let text = raw.escalation.queues.get(trigger).ok_or_else(|| {
                check.fail(
                    "escalation.queues",
                    None,
                    format!("needs a queue for `{trigger}`"),
                )
            })?;
            escalation_queues.insert(
                trigger.to_owned(),
                check.queue("escalation.queues", trigger, text)?,
            );
        }
        for key in raw.escalation.queues.keys() {
            if !ESCALATION_TRIGGERS.contains(&key.as_str()) {
                return Err(check.fail(
                    "escalation.queues",
                    Some(key),
                    format!(
                        "unknown trigger (known: {})",
                        ESCALATION_TRIGGERS.join(", ")
                    ),
                ));
            }
        }

        Ok(PolicyConfig {
            name: raw.policy.name.clone(),
            version: raw.policy.version,
            currency: raw.policy.currency.clone(),
            confidence_threshold: raw.policy.confidence_threshold,
            rules: raw.rules.clone(),
            cancel: check.statuses("orders.cancel", &orders.cancel)?,
            cancel_reasons: check.reasons("orders.cancel", &orders.cancel)?,
            modify_address: check.statuses("orders.modify_address", &orders.modify_address)?,
            modify_payment: check.statuses("orders.modify_payment", &orders.modify_payment)?,
            modify_payment_payments_required: check.number(
                "orders.modify_payment",
                "payments_required",
                orders.modify_payment.payments_required,
            )?,
            modify_items: check.statuses("orders.modify_items", &orders.modify_items)?,
            return_: check.statuses("orders.return", &orders.return_)?,
            exchange: check.statuses("orders.exchange", &orders.exchange)?,
            exchange_allows_same_variant: orders.exchange.allow_same_variant.unwrap_or(false),
            refund: check.statuses("orders.refund", &orders.refund)?,
            refund_reasons: check.reasons("orders.refund", &orders.refund)?,
            refund_window_days: check.number(
                "orders.refund",
                "window_days_after_delivery",
                orders.refund.window_days_after_delivery,
            )?,
            reship: check.statuses("orders.reship", &orders.reship)?,
            reship_reasons: check.reasons("orders.reship", &orders.reship)?,
            reship_window_days: check.number(
                "orders.reship",
                "window_days_after_delivery",
                orders.reship.window_days_after_delivery,
            )?,
            reship_max_per_order: check.number(
                "orders.reship",
                "max_per_order",
                orders.reship.max_per_order,
            )?,
            reship_lost_processed_after_days: check.number(
                "orders.reship",
                "lost_processed_after_days",
                orders.reship.lost_processed_after_days,
            )?,
            tiers,
            above_senior_queue: check.queue(
                "tiers.routing",
                "above_senior_queue",
                &raw.tiers.routing.above_senior_queue,
            )?,
            frequency_window_days: raw.frequency.window_days,
            frequency_max_goodwill: raw.frequency.max_goodwill,
            frequency_queue: check.queue("frequency", "queue", &raw.frequency.queue)?,
            pause_cycles: subs.pause_min_cycles..=subs.pause_max_cycles,
            skip_min_hours_before_renewal: subs.skip_min_hours_before_renewal,
            email_change_queue: check.queue(
                "accounts",
                "email_change_queue",
                &raw.accounts.email_change_queue,
            )?,
            escalation_queues,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_policy_is_valid_and_encodes_policy_md() {
        let policy = PolicyConfig::parse(SANDBOX_POLICY).unwrap();
        assert_eq!(policy.rules.len(), 27);
        assert_eq!(policy.cancel.statuses, [OrderStatus::Pending]);
        assert_eq!(policy.cancel_reasons.len(), 2);
        assert_eq!(policy.refund_window_days, 60);
        assert_eq!(policy.reship_window_days, 30);
        assert_eq!(
            policy.tiers[&Role::Agent].per_action.unwrap().to_string(),
            "100.00"
        );
        assert_eq!(
            policy.tiers[&Role::Senior].per_day.unwrap().to_string(),
            "2000.00"
        );
        assert_eq!(policy.tiers[&Role::Finance].per_action, None);
        assert_eq!(policy.escalation_queues["legal_threat"], QueueName::Billing);
        assert_eq!(policy.pause_cycles, 1..=3);
    }

    fn broken(from: &str, to: &str) -> PolicyError {
        assert!(SANDBOX_POLICY.contains(from), "{from}");
        PolicyConfig::parse(&SANDBOX_POLICY.replacen(from, to, 1)).unwrap_err()
    }

    fn line_of(needle: &str) -> usize {
        SANDBOX_POLICY
            .lines()
            .position(|line| line.contains(needle))
            .unwrap()
            + 1
    }

    #[test]
    fn a_syntax_error_names_its_line() {
        let error = broken("version = 1", "version = = 1");
        assert_eq!(error.line, Some(line_of("version = 1")));
    }

    #[test]
    fn an_unknown_status_names_its_line() {
        let error = broken(
            "statuses = [\"pending\"]\nreasons",
            "statuses = [\"shipped\"]\nreasons",
        );
        assert_eq!(error.line, Some(line_of("[orders.cancel]") + 1), "{error}");
        assert!(
            error.message.contains("`shipped` is not an order status"),
            "{error}"
        );
    }

    #[test]
    fn a_bad_amount_names_its_line() {
        let error = broken("per_action = \"100.00\"", "per_action = \"100.005\"");
        assert_eq!(
            error.line,
            Some(line_of("per_action = \"100.00\"")),
            "{error}"
        );
        assert!(error.message.contains("tiers.agent.per_action"), "{error}");
    }

    #[test]
    fn unknown_keys_and_missing_rules_are_refused() {
        let error = broken("max_goodwill = 2", "max_goodwil = 2");
        assert!(error.message.contains("max_goodwil"), "{error}");
        assert_eq!(error.line, Some(line_of("max_goodwill = 2")));
        let error = broken("R7 = ", "# R7 = ");
        assert!(error.message.contains("rule R7 is missing"), "{error}");
    }

    #[test]
    fn an_unknown_queue_is_refused() {
        let error = broken("fraud = \"trust_safety\"", "fraud = \"security\"");
        assert!(
            error.message.contains("`security` is not a queue"),
            "{error}"
        );
        assert_eq!(error.line, Some(line_of("fraud = \"trust_safety\"")));
    }
}
