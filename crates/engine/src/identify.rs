//! R1: tie the ticket to one customer, by the sender's address or, failing that,
//! by the first name, last name and zip the customer states.

use countersign_domain::*;
use regex::Regex;
use std::sync::OnceLock;

/// The reads identification and triage need; the sandbox store and the real
/// connectors both provide them.
pub trait Directory {
    fn customer_by_email(&self, email: &str) -> Option<Customer>;
    fn customers_by_zip(&self, zip: &str) -> Vec<Customer>;
    fn context(&self, customer: &CustomerId) -> Option<CustomerContext>;
    /// The names of the catalogue's products, so a request for another
    /// product can be told from a request for another variant (R9, R11).
    fn product_names(&self) -> Vec<String> {
        Vec::new()
    }
    /// The whole catalogue with its variants, to answer product questions (R3).
    fn catalog(&self) -> Vec<Product> {
        Vec::new()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identification {
    ByEmail(CustomerId),
    ByNameAndZip(CustomerId),
    Unknown,
}

impl Identification {
    pub fn customer_id(&self) -> Option<&CustomerId> {
        match self {
            Identification::ByEmail(id) | Identification::ByNameAndZip(id) => Some(id),
            Identification::Unknown => None,
        }
    }
}

fn zip_pattern() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| Regex::new(r"\b(\d{5})\b").expect("valid pattern"))
}

fn contains_word(haystack: &str, word: &str) -> bool {
    let word = word.to_lowercase();
    haystack
        .split(|c: char| !c.is_alphanumeric())
        .any(|token| token == word)
}

pub(crate) fn identify(ticket: &Ticket, text: &str, directory: &dyn Directory) -> Identification {
    if let Some(email) = &ticket.from.email {
        if let Some(customer) = directory.customer_by_email(email) {
            return Identification::ByEmail(customer.id);
        }
    }
    let lowered = format!(
        "{}\n{}",
        ticket.from.name.as_deref().unwrap_or_default(),
        text
    )
    .to_lowercase();
    let mut found: Option<CustomerId> = None;
    for capture in zip_pattern().captures_iter(text) {
        let zip = &capture[1];
        for customer in directory.customers_by_zip(zip) {
            if contains_word(&lowered, &customer.first_name)
                && contains_word(&lowered, &customer.last_name)
            {
                match &found {
                    Some(existing) if existing != &customer.id => return Identification::Unknown,
                    _ => found = Some(customer.id.clone()),
                }
            }
        }
    }
    found.map_or(Identification::Unknown, Identification::ByNameAndZip)
}
