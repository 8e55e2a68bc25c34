//! What the engine produces for one ticket: the intent, the actions each with the
//! policy's verdict, an escalation when a person must take over, and a reply draft.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::action::{Action, ActionKind};
use crate::ids::{CustomerId, TicketId};

/// The twelve intents of the world's ticket format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Intent {
    OrderStatus,
    CancelOrder,
    ChangeOrder,
    ReturnOrExchange,
    RefundRequest,
    DamagedOrWrongItem,
    SubscriptionChange,
    BillingIssue,
    AccountChange,
    GeneralQuestion,
    ComplaintOrHuman,
    OutOfScope,
}

impl Intent {
    pub const ALL: [Intent; 12] = [
        Intent::OrderStatus,
        Intent::CancelOrder,
        Intent::ChangeOrder,
        Intent::ReturnOrExchange,
        Intent::RefundRequest,
        Intent::DamagedOrWrongItem,
        Intent::SubscriptionChange,
        Intent::BillingIssue,
        Intent::AccountChange,
        Intent::GeneralQuestion,
        Intent::ComplaintOrHuman,
        Intent::OutOfScope,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Intent::OrderStatus => "order_status",
            Intent::CancelOrder => "cancel_order",
            Intent::ChangeOrder => "change_order",
            Intent::ReturnOrExchange => "return_or_exchange",
            Intent::RefundRequest => "refund_request",
            Intent::DamagedOrWrongItem => "damaged_or_wrong_item",
            Intent::SubscriptionChange => "subscription_change",
            Intent::BillingIssue => "billing_issue",
            Intent::AccountChange => "account_change",
            Intent::GeneralQuestion => "general_question",
            Intent::ComplaintOrHuman => "complaint_or_human",
            Intent::OutOfScope => "out_of_scope",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Agent,
    Senior,
    Finance,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Agent => "agent",
            Role::Senior => "senior",
            Role::Finance => "finance",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum QueueName {
    Billing,
    TrustSafety,
    SeniorSupport,
    General,
}

impl QueueName {
    pub fn as_str(self) -> &'static str {
        match self {
            QueueName::Billing => "billing",
            QueueName::TrustSafety => "trust_safety",
            QueueName::SeniorSupport => "senior_support",
            QueueName::General => "general",
        }
    }

    pub fn parse(text: &str) -> Option<QueueName> {
        [
            QueueName::Billing,
            QueueName::TrustSafety,
            QueueName::SeniorSupport,
            QueueName::General,
        ]
        .into_iter()
        .find(|queue| queue.as_str() == text)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Allowed,
    NeedsApproval,
    Denied,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Allowed => "allowed",
            Decision::NeedsApproval => "needs_approval",
            Decision::Denied => "denied",
        }
    }
}

/// The policy's judgement of one action: always with the rule ids behind it and a
/// sentence a person understands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Verdict {
    pub decision: Decision,
    pub rules: Vec<String>,
    pub required_role: Option<Role>,
    pub explanation: String,
}

impl Verdict {
    pub fn allowed(rules: &[&str], explanation: impl Into<String>) -> Self {
        Self::new(Decision::Allowed, rules, None, explanation)
    }

    pub fn denied(rules: &[&str], explanation: impl Into<String>) -> Self {
        Self::new(Decision::Denied, rules, None, explanation)
    }

    pub fn needs_approval(rules: &[&str], role: Role, explanation: impl Into<String>) -> Self {
        Self::new(Decision::NeedsApproval, rules, Some(role), explanation)
    }

    fn new(
        decision: Decision,
        rules: &[&str],
        required_role: Option<Role>,
        explanation: impl Into<String>,
    ) -> Self {
        Self {
            decision,
            rules: rules.iter().map(|rule| (*rule).to_owned()).collect(),
            required_role,
            explanation: explanation.into(),
        }
    }
}

/// An action as proposed: its parameters (flattened, as `world/README.md` writes
/// them) and the verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProposedAction {
    #[serde(flatten)]
    pub action: Action,
    pub verdict: Verdict,
}

/// How the customer sounds, from the engine's risk signals: at a glance in the
/// queue and in the handoff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Sentiment {
    #[default]
    Neutral,
    Concerned,
    Angry,
}

impl Sentiment {
    pub fn as_str(self) -> &'static str {
        match self {
            Sentiment::Neutral => "neutral",
            Sentiment::Concerned => "concerned",
            Sentiment::Angry => "angry",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Escalation {
    pub queue: QueueName,
    pub rules: Vec<String>,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Proposal {
    pub ticket_id: TicketId,
    pub customer_id: Option<CustomerId>,
    pub intent: Intent,
    pub confidence: f64,
    pub actions: Vec<ProposedAction>,
    pub escalate: Option<Escalation>,
    pub reply: String,
    /// What the customer asked for that the policy refuses: not offered, and the
    /// reply says why.
    #[serde(default)]
    pub denied: Vec<Denied>,
    /// Facts from the records that answer the customer's questions (R3), stated
    /// by the reply as they are.
    #[serde(default)]
    pub facts: Vec<String>,
    #[serde(default)]
    pub sentiment: Sentiment,
}

/// A request the policy refuses, with its verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Denied {
    /// What was asked, in words ("reship on order #W2015099").
    pub request: String,
    #[serde(rename = "type")]
    pub kind: ActionKind,
    pub rules: Vec<String>,
    pub explanation: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::CancelReason;
    use crate::ids::OrderId;

    #[test]
    fn proposed_action_is_flat_and_round_trips() {
        let proposed = ProposedAction {
            action: Action::CancelOrder {
                order_id: OrderId::new("#W6247578"),
                reason: CancelReason::NoLongerNeeded,
            },
            verdict: Verdict::allowed(&["R5"], "Pending orders can be cancelled."),
        };
        let json = serde_json::to_value(&proposed).unwrap();
        assert_eq!(json["type"], "cancel_order");
        assert_eq!(json["order_id"], "#W6247578");
        assert_eq!(json["verdict"]["decision"], "allowed");
        assert_eq!(json["verdict"]["rules"][0], "R5");
        let back: ProposedAction = serde_json::from_value(json).unwrap();
        assert_eq!(back, proposed);
    }
}
