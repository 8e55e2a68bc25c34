//! Tickets triaged per second on one core: the engine on the sandbox world, over
//! the labelled dev set and over 10,000 generated tickets. Each triage reads the
//! customer's records from SQLite, reads the ticket, judges every proposed action
//! by the policy and renders the reply, as the desk and `countersign triage` do.
//! Prints figures; asserts nothing.
//!
//!     cargo bench -p countersign-core --bench triage

#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::time::{Duration, Instant};

use countersign_core::{generate, StoreDirectory};
use countersign_domain::*;
use countersign_engine::Engine;
use countersign_store::Store;

fn measure(name: &str, tickets: &[Ticket], store: &Store, engine: &Engine) {
    let directory = StoreDirectory(store);
    let clock = store.clock().unwrap();
    // One pass to warm SQLite's page cache and the engine's lazy tables.
    for ticket in tickets.iter().take(200) {
        std::hint::black_box(engine.triage(ticket, &directory, clock, Role::Agent));
    }
    let mut triaged = 0usize;
    let mut actions = 0usize;
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(3) || triaged < tickets.len() {
        for ticket in tickets {
            let triage = engine.triage(ticket, &directory, clock, Role::Agent);
            actions += triage.proposal.actions.len();
            triaged += 1;
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{name:<28} {:>8.0} tickets/s   {:>7.1} µs/ticket   ({triaged} triaged, {actions} actions proposed, {seconds:.1} s)",
        triaged as f64 / seconds,
        seconds * 1e6 / triaged as f64,
    );
}

fn main() {
    let store = Store::in_memory().unwrap();
    let engine = Engine::default();
    let dev: Vec<Ticket> = include_str!("../../store/world/dev-tickets.jsonl")
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let generated = generate::tickets(&store, 10_000, 7).unwrap();
    println!("Triage throughput, one thread (this machine's one core)");
    measure("dev-tickets (160)", &dev, &store, &engine);
    measure("generated (10,000, seed 7)", &generated, &store, &engine);
}
