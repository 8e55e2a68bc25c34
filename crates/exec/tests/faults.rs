//! Fault injection: many executions through `retry::run` and `HttpSystem` against a
//! loopback server that fails in every way a real one does (slow answers after
//! acting, rate limits, 5xx, dropped connections before and after acting,
//! timeouts), checked against what the server really did.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use countersign_domain::{Action, CustomerId};
use countersign_exec::http::HttpSystem;
use countersign_exec::retry::{self, Attempted, RealPause, RetryPolicy};
use countersign_exec::SystemOfRecord;
use countersign_testkit::loopback::{Loopback, Reply, Request, Rng};
use serde_json::json;

const CLIENT_TIMEOUT: Duration = Duration::from_millis(150);
/// Longer than the client waits: the answer never arrives in time.
const STALL: Duration = Duration::from_millis(400);

/// Customers whose actions the server always refuses.
const REFUSED_PREFIX: &str = "blocked_";

#[derive(Debug, Clone, Copy)]
enum Fault {
    /// Acts, then answers after the client gave up: the nasty case.
    SlowAfterActing,
    RateLimited {
        retry_after: u64,
    },
    ServerError {
        status: u16,
    },
    ResetBeforeActing,
    ResetAfterActing,
    /// Never acts, never answers in time.
    Timeout,
}

#[derive(Debug, Clone)]
struct Effect {
    count: u32,
    id: String,
    message: String,
}

/// The system of record: each key takes effect at most once, and a repeated key
/// is answered with its first result.
struct Shop {
    effects: Mutex<HashMap<String, Effect>>,
    rng: Mutex<Rng>,
    fault_per_mille: u64,
    lookup_fault_per_mille: u64,
    faults_on: AtomicBool,
    faults_injected: AtomicUsize,
}

impl Shop {
    /// Faults `fault_per_mille` of executions and, so that some executions end
    /// unconfirmed, twice as many lookups (at most 60%).
    fn new(seed: u64, fault_per_mille: u64) -> Arc<Self> {
        Arc::new(Self {
            effects: Mutex::new(HashMap::new()),
            rng: Mutex::new(Rng::seeded(seed)),
            fault_per_mille,
            lookup_fault_per_mille: (fault_per_mille * 2).min(600),
            faults_on: AtomicBool::new(true),
            faults_injected: AtomicUsize::new(0),
        })
    }

    fn serve(self: &Arc<Self>) -> Loopback {
        let shop = Arc::clone(self);
        Loopback::start(Arc::new(move |request: &Request| shop.handle(request)))
    }

    fn effects(&self, key: &str) -> u32 {
        self.effects
            .lock()
            .expect("effects")
            .get(key)
            .map_or(0, |effect| effect.count)
    }

    fn effect(&self, key: &str) -> Option<Effect> {
        self.effects.lock().expect("effects").get(key).cloned()
    }

    fn roll(&self, lookup: bool) -> Option<Fault> {
        if !self.faults_on.load(Ordering::SeqCst) {
            return None;
        }
        let mut rng = self.rng.lock().expect("rng");
        let rate = if lookup {
            self.lookup_fault_per_mille
        } else {
            self.fault_per_mille
        };
        if !rng.chance(rate) {
            return None;
        }
        self.faults_injected.fetch_add(1, Ordering::SeqCst);
        let faults: &[Fault] = if lookup {
            &[
                Fault::RateLimited { retry_after: 0 },
                Fault::ServerError { status: 503 },
                Fault::ResetBeforeActing,
                Fault::Timeout,
            ]
        } else {
            &[
                Fault::SlowAfterActing,
                Fault::RateLimited { retry_after: 0 },
                Fault::RateLimited { retry_after: 1 },
                Fault::ServerError { status: 500 },
                Fault::ServerError { status: 503 },
                Fault::ResetBeforeActing,
                Fault::ResetAfterActing,
                Fault::Timeout,
            ]
        };
        Some(faults[rng.below(faults.len() as u64) as usize])
    }

    fn handle(&self, request: &Request) -> Reply {
        match (
            request.method.as_str(),
            request.path.strip_prefix("/v1/actions"),
        ) {
            ("POST", Some("")) => self.execute(request),
            ("GET", Some(rest)) if rest.starts_with('/') => self.lookup(&rest[1..]),
            _ => Reply::json(404, json!({"error": {"message": "no such endpoint"}})),
        }
    }

    fn execute(&self, request: &Request) -> Reply {
        let Some(key) = request.header("Idempotency-Key").map(str::to_owned) else {
            return Reply::json(
                400,
                json!({"error": {"message": "Idempotency-Key missing"}}),
            );
        };
        let fault = self.roll(false);
        match fault {
            Some(Fault::RateLimited { retry_after }) => {
                return Reply::json(429, json!({"error": {"message": "slow down"}}))
                    .with_header("Retry-After", &retry_after.to_string())
            }
            Some(Fault::ServerError { status }) => return Reply::raw(status, ""),
            Some(Fault::ResetBeforeActing) => return Reply::hang_up(),
            Some(Fault::Timeout) => return Reply::hang_up().after(STALL),
            _ => {}
        }
        let body = request.json();
        let customer = body["customer_id"].as_str().unwrap_or_default();
        let effect = {
            let mut effects = self.effects.lock().expect("effects");
            match effects.get(&key) {
                Some(effect) => effect.clone(),
                None if customer.starts_with(REFUSED_PREFIX) => {
                    return Reply::json(
                        422,
                        json!({"error": {"message": "this customer's account is on hold"}}),
                    )
                }
                None => {
                    let effect = Effect {
                        count: 1,
                        id: format!("act_{}", effects.len() + 1),
                        message: format!("Done: {}", body["action"]["type"]),
                    };
                    effects.insert(key, effect.clone());
                    effect
                }
            }
        };
        let answer = Reply::json(201, json!({"id": effect.id, "message": effect.message}));
        match fault {
            Some(Fault::SlowAfterActing) => answer.after(STALL),
            Some(Fault::ResetAfterActing) => Reply::hang_up(),
            _ => answer,
        }
    }

    fn lookup(&self, key: &str) -> Reply {
        match self.roll(true) {
            Some(Fault::RateLimited { retry_after }) => {
                return Reply::raw(429, "").with_header("Retry-After", &retry_after.to_string())
            }
            Some(Fault::ServerError { status }) => return Reply::raw(status, ""),
            Some(Fault::Timeout) => return Reply::hang_up().after(STALL),
            Some(_) => return Reply::hang_up(),
            None => {}
        }
        match self.effect(key) {
            Some(effect) => Reply::json(200, json!({"id": effect.id, "message": effect.message})),
            None => Reply::json(404, json!({"error": {"message": "no such key"}})),
        }
    }
}

fn policy() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 4,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(100),
        total_budget: Duration::from_millis(1500),
    }
}

struct Job {
    key: String,
    customer: CustomerId,
    action: Action,
}

fn job(index: usize) -> Job {
    let customer = if index % 10 == 7 {
        format!("{REFUSED_PREFIX}{index}")
    } else {
        format!("customer_{index}")
    };
    Job {
        key: format!("key-{index:04}"),
        customer: CustomerId::new(customer),
        action: Action::SkipRenewal {
            subscription_id: countersign_domain::SubscriptionId::new(format!("sub_{index}")),
        },
    }
}

/// Runs the jobs on a few threads at once, as several agents approving together.
fn run_all(system: &HttpSystem, jobs: &[Job], threads: usize) -> Vec<Attempted> {
    let next = AtomicUsize::new(0);
    let outcomes = Mutex::new(vec![None; jobs.len()]);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::SeqCst);
                let Some(job) = jobs.get(index) else { break };
                let outcome = retry::run(
                    system,
                    &job.key,
                    &job.customer,
                    &job.action,
                    &policy(),
                    &mut RealPause::new(),
                );
                outcomes.lock().expect("outcomes")[index] = Some(outcome);
            });
        }
    });
    outcomes
        .into_inner()
        .expect("outcomes")
        .into_iter()
        .map(|outcome| outcome.expect("every job ran"))
        .collect()
}

#[test]
fn faults_never_double_an_effect_and_every_outcome_matches_the_server() {
    let started = Instant::now();
    let shop = Shop::new(0x00c0_ffee, 350);
    let server = shop.serve();
    let system = HttpSystem::new(
        &server.base_url(),
        Some("test-token".into()),
        CLIENT_TIMEOUT,
    )
    .expect("client");
    let jobs: Vec<Job> = (0..200).map(job).collect();

    let outcomes = run_all(&system, &jobs, 8);

    shop.faults_on.store(false, Ordering::SeqCst);
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for (job, outcome) in jobs.iter().zip(&outcomes) {
        *counts.entry(outcome.kind()).or_default() += 1;
        let effects = shop.effects(&job.key);
        assert!(effects <= 1, "{}: {effects} effects", job.key);
        match outcome {
            Attempted::Executed { executed, .. } => {
                assert_eq!(effects, 1, "{}: executed without an effect", job.key);
                let effect = shop.effect(&job.key).expect("effect");
                assert_eq!(executed.external_id.as_deref(), Some(effect.id.as_str()));
                assert_eq!(executed.message, effect.message);
            }
            Attempted::Failed { .. } => {
                assert_eq!(effects, 0, "{}: failed but took effect", job.key);
            }
            Attempted::Refused { .. } => {
                assert_eq!(effects, 0, "{}: refused but took effect", job.key);
                assert!(
                    job.customer.as_str().starts_with(REFUSED_PREFIX),
                    "{}",
                    job.key
                );
            }
            Attempted::Unconfirmed { .. } => {
                let found = system.lookup(&job.key).expect("lookup without faults");
                assert_eq!(found.is_some(), effects == 1, "{}", job.key);
            }
        }
        if job.customer.as_str().starts_with(REFUSED_PREFIX) {
            assert!(
                !matches!(outcome, Attempted::Executed { .. }),
                "{}",
                job.key
            );
        }
    }

    eprintln!(
        "faults: {} injected over {} executions in {:.1}s; executed {}, refused {}, failed {}, unconfirmed {}; {} reconciled by lookup",
        shop.faults_injected.load(Ordering::SeqCst),
        jobs.len(),
        started.elapsed().as_secs_f32(),
        counts.get("executed").copied().unwrap_or(0),
        counts.get("refused").copied().unwrap_or(0),
        counts.get("failed").copied().unwrap_or(0),
        counts.get("unconfirmed").copied().unwrap_or(0),
        outcomes
            .iter()
            .filter(|outcome| matches!(outcome, Attempted::Executed { reconciled: true, .. }))
            .count(),
    );
    // Most executions get through a 35% fault rate.
    assert!(counts.get("executed").copied().unwrap_or(0) > jobs.len() / 2);
}

#[test]
fn a_double_click_takes_effect_once() {
    let shop = Shop::new(1, 0);
    let server = shop.serve();
    let system = HttpSystem::new(&server.base_url(), None, CLIENT_TIMEOUT).expect("client");
    let job = job(1);
    let click = || {
        retry::run(
            &system,
            &job.key,
            &job.customer,
            &job.action,
            &policy(),
            &mut RealPause::new(),
        )
    };
    let first = click();
    let second = click();
    let (
        Attempted::Executed {
            executed: first, ..
        },
        Attempted::Executed {
            executed: second, ..
        },
    ) = (first, second)
    else {
        panic!("both clicks should report the execution");
    };
    assert_eq!(first, second);
    assert_eq!(shop.effects(&job.key), 1);
}

#[test]
fn double_clicks_at_the_same_moment_under_faults_take_effect_at_most_once() {
    let shop = Shop::new(0xdead_beef, 350);
    let server = shop.serve();
    let system = HttpSystem::new(&server.base_url(), None, CLIENT_TIMEOUT).expect("client");
    let jobs: Vec<Job> = (0..40).map(job).collect();
    // Every job twice, side by side.
    let clicks: Vec<Job> = jobs
        .iter()
        .flat_map(|job| {
            [0, 1].map(|_| Job {
                key: job.key.clone(),
                customer: job.customer.clone(),
                action: job.action.clone(),
            })
        })
        .collect();
    let outcomes = run_all(&system, &clicks, 8);
    for (click, outcome) in clicks.iter().zip(&outcomes) {
        let effects = shop.effects(&click.key);
        assert!(effects <= 1, "{}: {effects} effects", click.key);
        match outcome {
            Attempted::Executed { .. } => assert_eq!(effects, 1, "{}", click.key),
            Attempted::Refused { .. } => assert_eq!(effects, 0, "{}", click.key),
            // The other click may have gone through since this one gave up.
            Attempted::Failed { .. } | Attempted::Unconfirmed { .. } => {}
        }
    }
}
