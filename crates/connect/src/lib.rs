//! Connectors to the real systems a support team uses, with the agent's own
//! credentials. Each one reads the customer's data into the store's domain types
//! and carries out approved actions as a [`countersign_exec::SystemOfRecord`], so
//! the engine, the policy and the desk do not know which system is behind them.
//!
//! - [`stripe`]: billing (charges, refunds, subscriptions), Stripe-Version pinned.
//! - [`shopify`]: the shop (orders; refunds, cancellations, address changes), Admin
//!   GraphQL API version 2026-10.
//! - [`zendesk`]: the helpdesk (tickets; replies, notes, handoffs), with `safe_update`.
//! - [`oauth`]: the agent signs in as themself (OAuth 2 + PKCE, loopback redirect).
//! - [`context`]: a ticket's whole context from the connected systems, independent
//!   requests at once.
//! - [`route`]: which connected system carries out an action, or why none does.
//!
//! The mapping between each system's objects and the domain is written down in
//! `crates/connect/MAPPING.md`.

mod client;
pub mod context;
pub mod money;
pub mod oauth;
pub mod route;
pub mod shopify;
pub mod stripe;
mod writes;
pub mod zendesk;
