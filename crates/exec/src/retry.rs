//! One execution, driven to an answer: retries of transient failures with the same
//! idempotency key, inside a bounded number of attempts and a bounded total time.
//!
//! The engine trusts the contract of [`SystemOfRecord`]: the same key never takes
//! effect twice. That is what makes a retry safe, and it is also why a refusal
//! after an earlier unanswered attempt is final: had that attempt taken effect,
//! the system would have answered with its first result instead.
//!
//! A wait the system asks for (`Retry-After`) is honoured as given; when it would
//! run past the budget the engine stops at once instead of sleeping out the rest of
//! the budget for an attempt the system already said it would turn away. Its own
//! waits are exponential backoff with full jitter (a uniform draw in
//! `[0, min(max_delay, base_delay * 2^n)]`), cut short by the budget.
//!
//! Logs carry the system's name, the key, the action's kind and the outcome's kind:
//! never the action's parameters, the customer, or a message a system wrote.

use std::time::{Duration, Instant};

use countersign_domain::{Action, CustomerId};
use serde::Serialize;

use crate::{ExecError, Executed, SystemOfRecord};

/// How hard [`run`] tries before it reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Calls to `execute` at most, the first one included (0 is taken as 1).
    pub max_attempts: u32,
    /// The ceiling of the first backoff; it doubles with every retry.
    pub base_delay: Duration,
    /// No single backoff is longer than this.
    pub max_delay: Duration,
    /// No attempt starts once this much time has passed since the first one.
    pub total_budget: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 6,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
            total_budget: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// The longest backoff before retry `n` (0 for the first retry):
    /// `min(max_delay, base_delay * 2^n)`. The wait itself is drawn in `[0, cap]`.
    pub fn backoff_cap(&self, retry: u32) -> Duration {
        self.base_delay
            .saturating_mul(2u32.saturating_pow(retry))
            .min(self.max_delay)
    }
}

/// The passing of time, as [`run`] sees it: a seam so tests need not sleep.
pub trait Pause {
    fn sleep(&mut self, duration: Duration);
    /// Time since some fixed instant (only differences are used).
    fn elapsed(&self) -> Duration;
}

/// The wall clock: [`std::thread::sleep`] and an [`Instant`].
#[derive(Debug, Clone, Copy)]
pub struct RealPause {
    started: Instant,
}

impl RealPause {
    pub fn new() -> Self {
        Self {
            started: Instant::now(),
        }
    }
}

impl Default for RealPause {
    fn default() -> Self {
        Self::new()
    }
}

impl Pause for RealPause {
    fn sleep(&mut self, duration: Duration) {
        std::thread::sleep(duration);
    }

    fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }
}

/// How an execution ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Attempted {
    /// It took effect. `reconciled` when the system's answer was lost and
    /// [`SystemOfRecord::lookup`] confirmed it instead.
    Executed {
        executed: Executed,
        attempts: u32,
        reconciled: bool,
    },
    /// The system said no; nothing happened and it was not tried again.
    Refused { message: String, attempts: u32 },
    /// Nothing happened, for sure: every attempt failed before taking effect, or
    /// the system confirmed that the key did not take effect. Safe to run again
    /// with the same key.
    Failed { message: String, attempts: u32 },
    /// It may have taken effect and the system could not say: reconcile it later
    /// with [`SystemOfRecord::lookup`] under the same key before anything else.
    Unconfirmed { message: String, attempts: u32 },
}

impl Attempted {
    /// Calls made to `execute`.
    pub fn attempts(&self) -> u32 {
        match self {
            Attempted::Executed { attempts, .. }
            | Attempted::Refused { attempts, .. }
            | Attempted::Failed { attempts, .. }
            | Attempted::Unconfirmed { attempts, .. } => *attempts,
        }
    }

    /// A one-word name for logs and summaries.
    pub fn kind(&self) -> &'static str {
        match self {
            Attempted::Executed { .. } => "executed",
            Attempted::Refused { .. } => "refused",
            Attempted::Failed { .. } => "failed",
            Attempted::Unconfirmed { .. } => "unconfirmed",
        }
    }
}

/// Carries out `action` in `system` under `key`, retrying what may be retried, and
/// reports how it ended. Never panics and never returns early on a transient
/// failure: the answer is always one of [`Attempted`]'s four.
#[tracing::instrument(
    level = "info",
    skip_all,
    fields(system = system.name(), key = key, action = action.kind().as_str())
)]
pub fn run(
    system: &dyn SystemOfRecord,
    key: &str,
    customer: &CustomerId,
    action: &Action,
    policy: &RetryPolicy,
    clock: &mut dyn Pause,
) -> Attempted {
    let started = clock.elapsed();
    let max_attempts = policy.max_attempts.max(1);
    let mut jitter = Jitter::seeded(key);
    let mut attempts = 0;
    // An attempt went unanswered and no lookup since has said the key did not
    // take effect.
    let mut in_doubt = false;
    let last_message;

    loop {
        attempts += 1;
        let (message, requested_wait) = match system.execute(key, customer, action) {
            Ok(executed) => {
                tracing::info!(attempts, outcome = "executed", "action executed");
                return Attempted::Executed {
                    executed,
                    attempts,
                    reconciled: false,
                };
            }
            Err(ExecError::Refused(message)) => {
                tracing::info!(attempts, outcome = "refused", "action refused");
                return Attempted::Refused { message, attempts };
            }
            Err(ExecError::Transient {
                message,
                retry_after,
            }) => {
                tracing::debug!(
                    attempt = attempts,
                    error = "transient",
                    retry_after_ms = retry_after.map(|d| d.as_millis() as u64),
                    "attempt failed"
                );
                (message, retry_after)
            }
            Err(ExecError::Unknown(message)) => {
                tracing::debug!(attempt = attempts, error = "unknown", "attempt unanswered");
                match system.lookup(key) {
                    Ok(Some(executed)) => {
                        tracing::info!(attempts, outcome = "executed", "confirmed by lookup");
                        return Attempted::Executed {
                            executed,
                            attempts,
                            reconciled: true,
                        };
                    }
                    Ok(None) => {
                        tracing::debug!(attempt = attempts, "lookup: did not take effect");
                        in_doubt = false;
                    }
                    // The system cannot be asked about this key, and cannot be
                    // trusted to apply it once: trying again could do it twice.
                    Err(ExecError::Refused(reason)) => {
                        tracing::info!(attempts, outcome = "unconfirmed", "lookup impossible");
                        return Attempted::Unconfirmed {
                            message: format!("{message}; {reason}"),
                            attempts,
                        };
                    }
                    Err(error) => {
                        tracing::debug!(
                            attempt = attempts,
                            error = error_kind(&error),
                            "lookup failed"
                        );
                        in_doubt = true;
                    }
                }
                (message, None)
            }
        };

        if attempts >= max_attempts {
            last_message = format!("{message} (gave up after {attempts} attempts)");
            break;
        }
        let used = clock.elapsed().saturating_sub(started);
        let left = policy.total_budget.saturating_sub(used);
        if left.is_zero() {
            last_message = format!("{message} (gave up after {attempts} attempts: out of time)");
            break;
        }
        let wait = match requested_wait {
            Some(asked) if asked > left => {
                last_message = format!(
                    "{message} (gave up after {attempts} attempts: asked to wait {}s, {}s left)",
                    asked.as_secs_f32(),
                    left.as_secs_f32()
                );
                break;
            }
            Some(asked) => asked,
            None => jitter.below(policy.backoff_cap(attempts - 1)).min(left),
        };
        tracing::debug!(wait_ms = wait.as_millis() as u64, "waiting before retry");
        clock.sleep(wait);
    }

    if !in_doubt {
        tracing::info!(attempts, outcome = "failed", "action not executed");
        return Attempted::Failed {
            message: last_message,
            attempts,
        };
    }
    match system.lookup(key) {
        Ok(Some(executed)) => {
            tracing::info!(attempts, outcome = "executed", "confirmed by final lookup");
            Attempted::Executed {
                executed,
                attempts,
                reconciled: true,
            }
        }
        Ok(None) => {
            tracing::info!(attempts, outcome = "failed", "final lookup: not executed");
            Attempted::Failed {
                message: last_message,
                attempts,
            }
        }
        Err(error) => {
            tracing::info!(
                attempts,
                outcome = "unconfirmed",
                error = error_kind(&error),
                "final lookup failed"
            );
            Attempted::Unconfirmed {
                message: last_message,
                attempts,
            }
        }
    }
}

fn error_kind(error: &ExecError) -> &'static str {
    match error {
        ExecError::Refused(_) => "refused",
        ExecError::Transient { .. } => "transient",
        ExecError::Unknown(_) => "unknown",
    }
}

/// xorshift64*: plenty for spreading retries apart, and seeded from the key so a
/// run is reproducible while different keys retry at different moments.
struct Jitter(u64);

impl Jitter {
    fn seeded(key: &str) -> Self {
        // FNV-1a; xorshift must not start from zero.
        let hash = key.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
        });
        Self(if hash == 0 {
            0x9e37_79b9_7f4a_7c15
        } else {
            hash
        })
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A uniform draw in `[0, cap]`.
    fn below(&mut self, cap: Duration) -> Duration {
        let cap = u64::try_from(cap.as_nanos()).unwrap_or(u64::MAX);
        if cap == 0 {
            return Duration::ZERO;
        }
        Duration::from_nanos(self.next() % cap.saturating_add(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::collections::VecDeque;

    /// A system that answers from a script and remembers what it was asked.
    #[derive(Default)]
    struct Scripted {
        executes: RefCell<VecDeque<Result<Executed, ExecError>>>,
        lookups: RefCell<VecDeque<Result<Option<Executed>, ExecError>>>,
        execute_keys: RefCell<Vec<String>>,
        lookup_keys: RefCell<Vec<String>>,
    }

    impl Scripted {
        fn new(
            executes: Vec<Result<Executed, ExecError>>,
            lookups: Vec<Result<Option<Executed>, ExecError>>,
        ) -> Self {
            Self {
                executes: RefCell::new(executes.into()),
                lookups: RefCell::new(lookups.into()),
                ..Self::default()
            }
        }

        fn execute_calls(&self) -> usize {
            self.execute_keys.borrow().len()
        }

        fn lookup_calls(&self) -> usize {
            self.lookup_keys.borrow().len()
        }

        fn keys_used(&self) -> Vec<String> {
            let mut keys = self.execute_keys.borrow().clone();
            keys.extend(self.lookup_keys.borrow().iter().cloned());
            keys.sort();
            keys.dedup();
            keys
        }
    }

    impl SystemOfRecord for Scripted {
        fn name(&self) -> &str {
            "scripted"
        }

        fn execute(
            &self,
            key: &str,
            _customer: &CustomerId,
            _action: &Action,
        ) -> Result<Executed, ExecError> {
            self.execute_keys.borrow_mut().push(key.to_owned());
            self.executes
                .borrow_mut()
                .pop_front()
                .expect("execute called more often than scripted")
        }

        fn lookup(&self, key: &str) -> Result<Option<Executed>, ExecError> {
            self.lookup_keys.borrow_mut().push(key.to_owned());
            self.lookups
                .borrow_mut()
                .pop_front()
                .expect("lookup called more often than scripted")
        }
    }

    /// Time that passes only when slept.
    #[derive(Default)]
    struct FakeClock {
        now: Duration,
        sleeps: Vec<Duration>,
    }

    impl Pause for FakeClock {
        fn sleep(&mut self, duration: Duration) {
            self.sleeps.push(duration);
            self.now += duration;
        }

        fn elapsed(&self) -> Duration {
            self.now
        }
    }

    const KEY: &str = "3f2a9c0d11e54b7a8c6d2e1f0a9b8c7d";

    fn done() -> Executed {
        Executed {
            message: "Refunded 12.00 to Visa ending 9212".into(),
            external_id: Some("re_1".into()),
        }
    }

    fn rate_limited(seconds: u64) -> Result<Executed, ExecError> {
        Err(ExecError::Transient {
            message: "HTTP 429".into(),
            retry_after: Some(Duration::from_secs(seconds)),
        })
    }

    fn server_error() -> Result<Executed, ExecError> {
        Err(ExecError::Transient {
            message: "HTTP 503".into(),
            retry_after: None,
        })
    }

    fn no_answer() -> Result<Executed, ExecError> {
        Err(ExecError::Unknown("timed out".into()))
    }

    fn lookup_down() -> Result<Option<Executed>, ExecError> {
        Err(ExecError::Transient {
            message: "HTTP 503".into(),
            retry_after: None,
        })
    }

    fn action() -> Action {
        Action::SkipRenewal {
            subscription_id: "sub_1001".into(),
        }
    }

    fn run_with(system: &Scripted, policy: &RetryPolicy, clock: &mut FakeClock) -> Attempted {
        run(
            system,
            KEY,
            &CustomerId::new("yusuf_rossi_9620"),
            &action(),
            policy,
            clock,
        )
    }

    #[test]
    fn first_success_is_one_attempt() {
        let system = Scripted::new(vec![Ok(done())], vec![]);
        let mut clock = FakeClock::default();
        let outcome = run_with(&system, &RetryPolicy::default(), &mut clock);
        assert_eq!(
            outcome,
            Attempted::Executed {
                executed: done(),
                attempts: 1,
                reconciled: false
            }
        );
        assert!(clock.sleeps.is_empty());
    }

    #[test]
    fn rate_limit_waits_exactly_the_retry_after_the_system_asked_for() {
        let system = Scripted::new(vec![rate_limited(2), rate_limited(1), Ok(done())], vec![]);
        let mut clock = FakeClock::default();
        let outcome = run_with(&system, &RetryPolicy::default(), &mut clock);
        assert!(matches!(outcome, Attempted::Executed { attempts: 3, .. }));
        assert_eq!(
            clock.sleeps,
            vec![Duration::from_secs(2), Duration::from_secs(1)]
        );
    }

    #[test]
    fn server_errors_are_retried_with_the_same_key() {
        let system = Scripted::new(
            vec![server_error(), server_error(), server_error(), Ok(done())],
            vec![],
        );
        let mut clock = FakeClock::default();
        let outcome = run_with(&system, &RetryPolicy::default(), &mut clock);
        assert!(matches!(
            outcome,
            Attempted::Executed {
                attempts: 4,
                reconciled: false,
                ..
            }
        ));
        assert_eq!(system.execute_calls(), 4);
        assert_eq!(system.keys_used(), vec![KEY.to_owned()]);
        assert_eq!(clock.sleeps.len(), 3);
    }

    #[test]
    fn refusal_is_never_retried() {
        let system = Scripted::new(
            vec![Err(ExecError::Refused("order already delivered".into()))],
            vec![],
        );
        let mut clock = FakeClock::default();
        let outcome = run_with(&system, &RetryPolicy::default(), &mut clock);
        assert_eq!(
            outcome,
            Attempted::Refused {
                message: "order already delivered".into(),
                attempts: 1
            }
        );
        assert_eq!(system.execute_calls(), 1);
        assert_eq!(system.lookup_calls(), 0);
        assert!(clock.sleeps.is_empty());
    }

    #[test]
    fn refusal_after_a_transient_failure_is_final() {
        let system = Scripted::new(
            vec![server_error(), Err(ExecError::Refused("no".into()))],
            vec![],
        );
        let outcome = run_with(&system, &RetryPolicy::default(), &mut FakeClock::default());
        assert!(matches!(outcome, Attempted::Refused { attempts: 2, .. }));
    }

    #[test]
    fn unanswered_attempt_confirmed_by_lookup_is_not_executed_again() {
        let system = Scripted::new(vec![no_answer()], vec![Ok(Some(done()))]);
        let mut clock = FakeClock::default();
        let outcome = run_with(&system, &RetryPolicy::default(), &mut clock);
        assert_eq!(
            outcome,
            Attempted::Executed {
                executed: done(),
                attempts: 1,
                reconciled: true
            }
        );
        assert_eq!(system.execute_calls(), 1);
        assert_eq!(system.lookup_calls(), 1);
        assert_eq!(system.keys_used(), vec![KEY.to_owned()]);
    }

    #[test]
    fn unanswered_attempt_that_did_not_take_effect_is_tried_again() {
        let system = Scripted::new(vec![no_answer(), Ok(done())], vec![Ok(None)]);
        let mut clock = FakeClock::default();
        let outcome = run_with(&system, &RetryPolicy::default(), &mut clock);
        assert!(matches!(
            outcome,
            Attempted::Executed {
                attempts: 2,
                reconciled: false,
                ..
            }
        ));
        assert_eq!(system.keys_used(), vec![KEY.to_owned()]);
        assert_eq!(clock.sleeps.len(), 1);
    }

    #[test]
    fn unanswered_attempt_with_failed_lookup_backs_off_and_tries_again() {
        let system = Scripted::new(vec![no_answer(), Ok(done())], vec![lookup_down()]);
        let mut clock = FakeClock::default();
        let outcome = run_with(&system, &RetryPolicy::default(), &mut clock);
        assert!(matches!(outcome, Attempted::Executed { attempts: 2, .. }));
        assert_eq!(clock.sleeps.len(), 1);
    }

    #[test]
    fn transient_failures_until_the_budget_runs_out_are_failed() {
        let policy = RetryPolicy {
            max_attempts: 100,
            base_delay: Duration::from_millis(400),
            max_delay: Duration::from_secs(2),
            total_budget: Duration::from_secs(3),
        };
        let system = Scripted::new((0..100).map(|_| server_error()).collect(), vec![]);
        let mut clock = FakeClock::default();
        let outcome = run_with(&system, &policy, &mut clock);
        let Attempted::Failed { message, attempts } = outcome else {
            panic!("expected Failed, got {outcome:?}");
        };
        assert!(attempts > 1 && attempts < 100, "attempts {attempts}");
        assert!(message.contains("out of time"), "{message}");
        assert!(clock.now <= policy.total_budget);
        assert_eq!(system.lookup_calls(), 0);
    }

    #[test]
    fn transient_failures_until_attempts_run_out_are_failed() {
        let policy = RetryPolicy::default();
        let system = Scripted::new((0..6).map(|_| server_error()).collect(), vec![]);
        let outcome = run_with(&system, &policy, &mut FakeClock::default());
        assert!(matches!(outcome, Attempted::Failed { attempts: 6, .. }));
        assert_eq!(system.execute_calls(), 6);
    }

    #[test]
    fn retry_after_longer_than_the_budget_left_stops_without_waiting() {
        let policy = RetryPolicy {
            total_budget: Duration::from_secs(5),
            ..RetryPolicy::default()
        };
        let system = Scripted::new(vec![rate_limited(60)], vec![]);
        let mut clock = FakeClock::default();
        let outcome = run_with(&system, &policy, &mut clock);
        assert!(matches!(outcome, Attempted::Failed { attempts: 1, .. }));
        assert!(clock.sleeps.is_empty());
    }

    #[test]
    fn lookup_saying_no_at_the_end_is_failed() {
        let policy = RetryPolicy {
            max_attempts: 2,
            ..RetryPolicy::default()
        };
        let system = Scripted::new(vec![server_error(), no_answer()], vec![Ok(None)]);
        let outcome = run_with(&system, &policy, &mut FakeClock::default());
        assert!(matches!(outcome, Attempted::Failed { attempts: 2, .. }));
        assert_eq!(system.lookup_calls(), 1);
    }

    #[test]
    fn a_system_that_can_never_say_is_not_tried_again() {
        let system = Scripted::new(
            vec![no_answer()],
            vec![Err(ExecError::Refused(
                "cannot be asked about returns".into(),
            ))],
        );
        let outcome = run_with(&system, &RetryPolicy::default(), &mut FakeClock::default());
        match outcome {
            Attempted::Unconfirmed { message, attempts } => {
                assert_eq!(attempts, 1);
                assert!(
                    message.contains("cannot be asked about returns"),
                    "{message}"
                );
            }
            other => panic!("expected unconfirmed, got {other:?}"),
        }
        assert_eq!(system.execute_calls(), 1, "never sent twice");
        assert_eq!(system.lookup_calls(), 1);
    }

    #[test]
    fn unanswered_at_the_end_with_lookup_failing_is_unconfirmed() {
        let policy = RetryPolicy {
            max_attempts: 3,
            ..RetryPolicy::default()
        };
        let system = Scripted::new(
            vec![no_answer(), no_answer(), no_answer()],
            vec![lookup_down(), lookup_down(), lookup_down(), lookup_down()],
        );
        let outcome = run_with(&system, &policy, &mut FakeClock::default());
        assert!(matches!(
            outcome,
            Attempted::Unconfirmed { attempts: 3, .. }
        ));
        // One lookup after each unanswered attempt, and one last one.
        assert_eq!(system.lookup_calls(), 4);
        assert_eq!(system.keys_used(), vec![KEY.to_owned()]);
    }

    #[test]
    fn unanswered_at_the_end_confirmed_by_the_final_lookup_is_executed() {
        let policy = RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        };
        let system = Scripted::new(vec![no_answer()], vec![lookup_down(), Ok(Some(done()))]);
        let outcome = run_with(&system, &policy, &mut FakeClock::default());
        assert!(matches!(
            outcome,
            Attempted::Executed {
                attempts: 1,
                reconciled: true,
                ..
            }
        ));
    }

    #[test]
    fn doubt_from_an_earlier_attempt_outlives_later_transient_failures() {
        let policy = RetryPolicy {
            max_attempts: 3,
            ..RetryPolicy::default()
        };
        let system = Scripted::new(
            vec![no_answer(), server_error(), server_error()],
            vec![lookup_down(), lookup_down()],
        );
        let outcome = run_with(&system, &policy, &mut FakeClock::default());
        assert!(matches!(
            outcome,
            Attempted::Unconfirmed { attempts: 3, .. }
        ));
    }

    #[test]
    fn jittered_backoff_stays_within_zero_and_the_doubling_cap() {
        let policy = RetryPolicy {
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
            ..RetryPolicy::default()
        };
        let mut jitter = Jitter::seeded(KEY);
        for retry in 0..40 {
            let cap = policy.backoff_cap(retry);
            let expected = Duration::from_millis(200)
                .checked_mul(1 << retry.min(20))
                .unwrap_or(Duration::MAX)
                .min(Duration::from_secs(5));
            assert_eq!(cap, expected, "retry {retry}");
            let draws: Vec<Duration> = (0..500).map(|_| jitter.below(cap)).collect();
            assert!(draws.iter().all(|wait| *wait <= cap), "retry {retry}");
            // Full jitter: the draws spread over the whole range, not near the cap.
            assert!(draws.iter().any(|wait| *wait < cap / 4), "retry {retry}");
            assert!(
                draws.iter().any(|wait| *wait > cap * 3 / 4),
                "retry {retry}"
            );
        }
    }

    #[test]
    fn backoff_waits_in_a_run_stay_under_the_cap() {
        let policy = RetryPolicy::default();
        let system = Scripted::new((0..6).map(|_| server_error()).collect(), vec![]);
        let mut clock = FakeClock::default();
        run_with(&system, &policy, &mut clock);
        assert_eq!(clock.sleeps.len(), 5);
        for (retry, wait) in clock.sleeps.iter().enumerate() {
            assert!(*wait <= policy.backoff_cap(retry as u32), "retry {retry}");
        }
    }

    #[test]
    fn zero_attempts_still_tries_once() {
        let policy = RetryPolicy {
            max_attempts: 0,
            ..RetryPolicy::default()
        };
        let system = Scripted::new(vec![Ok(done())], vec![]);
        let outcome = run_with(&system, &policy, &mut FakeClock::default());
        assert!(matches!(outcome, Attempted::Executed { attempts: 1, .. }));
    }

    #[test]
    fn zero_cap_draws_zero() {
        assert_eq!(Jitter::seeded("").below(Duration::ZERO), Duration::ZERO);
    }
}
