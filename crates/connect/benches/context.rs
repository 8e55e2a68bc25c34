//! Time to a ticket's context and proposal with a helpdesk, a shop and billing on
//! loopback servers that each answer after an injected latency L. Prints the
//! times as multiples of L and the number of requests; asserts nothing.
//!
//!     cargo bench -p countersign-connect --bench context
//!
//! The requests that depend on each other form a chain of three (ticket → customer
//! → orders, subscriptions and charges), so the context should take about 3 L,
//! not the 7 L the seven requests would take one after another.

#[path = "../tests/support/systems.rs"]
#[allow(dead_code)]
mod systems;

use std::time::{Duration, Instant};

use countersign_domain::Role;
use countersign_engine::Engine;
use countersign_policy::Policy;
use systems::{Systems, TICKET};

const RUNS: usize = 15;

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let engine = Engine::new(Policy::sandbox());
    println!(
        "Context and proposal from Zendesk + Shopify + Stripe on loopback, {RUNS} runs per latency"
    );
    println!(
        "{:>8}  {:>22}  {:>22}  {:>9}",
        "latency", "context (median)", "proposal (median)", "requests"
    );
    for latency_ms in [10_u64, 25, 50, 100] {
        let latency = Duration::from_millis(latency_ms);
        let systems = Systems::start(latency);
        let mut context = Vec::new();
        let mut proposal = Vec::new();
        let mut requests = 0;
        for _ in 0..RUNS {
            systems.forget();
            let started = Instant::now();
            let pulled = systems.connected().pull(TICKET).expect("the context");
            let pulled_at = started.elapsed();
            let triage = engine.triage(
                &pulled.ticket,
                &pulled,
                pulled.ticket.created_at,
                Role::Agent,
            );
            let proposed_at = started.elapsed();
            assert!(
                triage.proposal.customer_id.is_some(),
                "the customer was found"
            );
            requests = systems.seen().len();
            context.push(pulled_at.as_secs_f64() * 1000.0);
            proposal.push(proposed_at.as_secs_f64() * 1000.0);
        }
        let l = latency_ms as f64;
        let (c, p) = (median(context), median(proposal));
        println!(
            "{:>6} ms  {:>9.1} ms = {:>4.2} L  {:>9.1} ms = {:>4.2} L  {:>9}",
            latency_ms,
            c,
            c / l,
            p,
            p / l,
            requests
        );
    }
    println!("(one after another, the same requests would take {} L)", 7);
}
