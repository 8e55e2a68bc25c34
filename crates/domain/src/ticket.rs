//! Helpdesk tickets, in the world's ticket format (`world/README.md`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ids::TicketId;
use crate::proposal::QueueName;
use crate::Timestamp;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Sender {
    pub name: Option<String>,
    pub email: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Author {
    Customer,
    Agent,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Message {
    pub author: Author,
    pub at: Timestamp,
    pub body: String,
    /// An internal note: seen by the support team, never by the customer.
    #[serde(default)]
    pub internal: bool,
}

/// Where a ticket stands in the helpdesk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TicketStatus {
    #[default]
    Open,
    Solved,
    Escalated,
}

/// One inbound ticket. Everything the customer wrote is data for the engine to
/// read, never an instruction to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Ticket {
    pub id: TicketId,
    pub channel: String,
    pub from: Sender,
    pub subject: Option<String>,
    pub created_at: Timestamp,
    pub messages: Vec<Message>,
    #[serde(default)]
    pub status: TicketStatus,
    /// The human queue an escalated ticket was routed to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub queue: Option<QueueName>,
    /// The label of a development ticket. Accepted on input so labelled files can be
    /// triaged as they are, never read by the engine, never sent to the UI.
    #[serde(default, skip_serializing)]
    #[ts(skip)]
    pub gold: Option<serde_json::Value>,
}

impl Ticket {
    /// All the customer's words, oldest first, subject included.
    pub fn customer_text(&self) -> String {
        let mut text = String::new();
        if let Some(subject) = &self.subject {
            text.push_str(subject);
            text.push('\n');
        }
        for message in self
            .messages
            .iter()
            .filter(|m| m.author == Author::Customer)
        {
            text.push_str(&message.body);
            text.push('\n');
        }
        text
    }
}
