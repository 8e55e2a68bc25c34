//! Test support for the connectors, used only as a dev-dependency: a loopback
//! HTTP server whose answers a test scripts ([`loopback`]), and the vendors'
//! published specifications, against which every request a connector sends in a
//! test is checked ([`stripe_spec`], and Shopify's GraphQL schema in
//! [`shopify_schema`]).

pub mod loopback;
pub mod shopify_schema;
pub mod stripe_spec;

use std::path::PathBuf;

/// The folder holding the vendors' specifications (see `specs/SOURCE.md`).
pub fn specs_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("specs")
}
