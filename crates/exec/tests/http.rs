//! The HTTP protocol, answer by answer, against a loopback server.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use countersign_domain::{Action, CustomerId};
use countersign_exec::http::HttpSystem;
use countersign_exec::{ExecError, Executed, SystemOfRecord};
use countersign_testkit::loopback::{Loopback, Reply, Request};
use serde_json::json;

const TOKEN: &str = "tok_live_s3cr3t_9f8e7d6c5b4a";
const KEY: &str = "3f2a9c0d11e54b7a8c6d2e1f0a9b8c7d";
const TIMEOUT: Duration = Duration::from_millis(300);

fn action() -> Action {
    Action::SkipRenewal {
        subscription_id: "sub_1001".into(),
    }
}

fn customer() -> CustomerId {
    CustomerId::new("yusuf_rossi_9620")
}

/// A server that answers every request with `reply` and remembers the requests.
fn answering(reply: Reply) -> (Loopback, Arc<Mutex<Vec<Request>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let server = Loopback::start(Arc::new(move |request: &Request| {
        log.lock().expect("request log").push(request.clone());
        reply.clone()
    }));
    (server, seen)
}

fn system(server: &Loopback) -> HttpSystem {
    HttpSystem::new(&server.base_url(), Some(TOKEN.into()), TIMEOUT).expect("client")
}

fn execute_against(reply: Reply) -> Result<Executed, ExecError> {
    let (server, _) = answering(reply);
    system(&server).execute(KEY, &customer(), &action())
}

fn refusal(message: &str) -> serde_json::Value {
    json!({"error": {"message": message}})
}

#[test]
fn execute_posts_the_action_with_its_key_and_token() {
    let (server, seen) = answering(Reply::json(
        201,
        json!({"id": "re_42", "message": "Skipped the next renewal"}),
    ));
    let executed = system(&server)
        .execute(KEY, &customer(), &action())
        .expect("executed");
    assert_eq!(
        executed,
        Executed {
            message: "Skipped the next renewal".into(),
            external_id: Some("re_42".into()),
        }
    );
    let seen = seen.lock().expect("request log");
    let request = &seen[0];
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/v1/actions");
    assert_eq!(request.header("Idempotency-Key"), Some(KEY));
    assert_eq!(
        request.header("Authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(
        request.json(),
        json!({
            "customer_id": "yusuf_rossi_9620",
            "action": {"type": "skip_renewal", "subscription_id": "sub_1001"},
        })
    );
}

#[test]
fn without_a_token_no_authorization_is_sent() {
    let (server, seen) = answering(Reply::json(200, json!({"message": "done"})));
    let system = HttpSystem::new(&server.base_url(), None, TIMEOUT).expect("client");
    let executed = system
        .execute(KEY, &customer(), &action())
        .expect("executed");
    assert_eq!(executed.external_id, None);
    assert_eq!(seen.lock().expect("log")[0].header("Authorization"), None);
}

#[test]
fn base_url_path_is_kept_and_the_key_is_escaped_in_lookups() {
    let (server, seen) = answering(Reply::json(404, json!({})));
    let base = format!("{}/api/", server.base_url());
    let system = HttpSystem::new(&base, None, TIMEOUT).expect("client");
    assert_eq!(system.lookup("a/b c"), Ok(None));
    assert_eq!(
        seen.lock().expect("log")[0].path,
        "/api/v1/actions/a%2Fb%20c"
    );
}

#[test]
fn business_refusals_are_refused_with_the_systems_message() {
    for status in [400, 401, 403, 404, 409, 422] {
        let outcome = execute_against(Reply::json(status, refusal("order already delivered")));
        assert_eq!(
            outcome,
            Err(ExecError::Refused(format!(
                "HTTP {status}: order already delivered"
            ))),
            "status {status}"
        );
    }
}

#[test]
fn rate_limits_are_transient_with_the_wait_asked_for() {
    let outcome =
        execute_against(Reply::json(429, refusal("slow down")).with_header("Retry-After", "7"));
    assert_eq!(
        outcome,
        Err(ExecError::Transient {
            message: "HTTP 429: slow down".into(),
            retry_after: Some(Duration::from_secs(7)),
        })
    );
    let outcome = execute_against(Reply::raw(429, ""));
    assert!(matches!(
        outcome,
        Err(ExecError::Transient {
            retry_after: None,
            ..
        })
    ));
}

#[test]
fn server_errors_are_transient() {
    for status in [500, 503] {
        let outcome = execute_against(Reply::raw(status, "<html>oops</html>"));
        assert_eq!(
            outcome,
            Err(ExecError::Transient {
                message: format!("HTTP {status}"),
                retry_after: None,
            }),
            "status {status}"
        );
    }
}

#[test]
fn gateway_failures_on_execute_are_unknown() {
    for status in [502, 504] {
        let outcome = execute_against(Reply::raw(status, ""));
        assert!(
            matches!(outcome, Err(ExecError::Unknown(_))),
            "status {status}: {outcome:?}"
        );
    }
}

#[test]
fn an_unreadable_success_is_unknown() {
    let outcome = execute_against(Reply::raw(200, "not json"));
    assert!(matches!(outcome, Err(ExecError::Unknown(_))), "{outcome:?}");
}

#[test]
fn no_answer_after_sending_is_unknown() {
    let outcome = execute_against(Reply::hang_up());
    assert!(matches!(outcome, Err(ExecError::Unknown(_))), "{outcome:?}");
    let outcome = execute_against(Reply::json(201, json!({"message": "late"})).after(TIMEOUT * 3));
    assert!(matches!(outcome, Err(ExecError::Unknown(_))), "{outcome:?}");
}

#[test]
fn no_connection_is_transient() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("address").port()
    };
    let system = HttpSystem::new(
        &format!("http://127.0.0.1:{port}"),
        Some(TOKEN.into()),
        TIMEOUT,
    )
    .expect("client");
    let outcome = system.execute(KEY, &customer(), &action());
    assert!(
        matches!(outcome, Err(ExecError::Transient { .. })),
        "{outcome:?}"
    );
}

#[test]
fn lookup_maps_found_and_not_found() {
    let (server, seen) = answering(Reply::json(200, json!({"id": "re_42", "message": "done"})));
    assert_eq!(
        system(&server).lookup(KEY),
        Ok(Some(Executed {
            message: "done".into(),
            external_id: Some("re_42".into()),
        }))
    );
    let request = &seen.lock().expect("log")[0];
    assert_eq!(request.method, "GET");
    assert_eq!(request.path, format!("/v1/actions/{KEY}"));
    assert_eq!(
        request.header("Authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );

    let (server, _) = answering(Reply::json(404, refusal("no such key")));
    assert_eq!(system(&server).lookup(KEY), Ok(None));

    let (server, _) = answering(Reply::raw(503, ""));
    assert!(matches!(
        system(&server).lookup(KEY),
        Err(ExecError::Transient { .. })
    ));
}

#[test]
fn the_token_never_appears_in_errors_or_debug_output() {
    let replies = [
        Reply::json(401, refusal("bad token")),
        Reply::json(403, refusal("forbidden")),
        Reply::json(429, refusal("slow down")).with_header("Retry-After", "1"),
        Reply::raw(500, ""),
        Reply::raw(504, ""),
        Reply::raw(200, "not json"),
        Reply::hang_up(),
        Reply::json(201, json!({"message": "late"})).after(TIMEOUT * 3),
    ];
    for reply in replies {
        let (server, _) = answering(reply);
        // A token in the URL's userinfo must not leak either.
        let base = server
            .base_url()
            .replace("http://", &format!("http://user:{TOKEN}@"));
        for system in [
            system(&server),
            HttpSystem::new(&base, Some(TOKEN.into()), TIMEOUT).expect("client"),
        ] {
            assert!(!format!("{system:?}").contains(TOKEN));
            let errors = [
                system.execute(KEY, &customer(), &action()).err(),
                system.lookup(KEY).err(),
            ];
            for error in errors.into_iter().flatten() {
                let shown = format!("{error} {error:?}");
                assert!(!shown.contains(TOKEN), "token leaked: {shown}");
            }
        }
    }
    let no_server =
        HttpSystem::new("http://127.0.0.1:9", Some(TOKEN.into()), TIMEOUT).expect("client");
    let error = no_server
        .execute(KEY, &customer(), &action())
        .expect_err("nothing listens");
    assert!(!format!("{error} {error:?}").contains(TOKEN));
}

#[test]
fn base_urls_that_are_not_http_are_rejected() {
    for base in ["not a url", "mailto:ops@example.com", "ftp://example.com"] {
        assert!(HttpSystem::new(base, None, TIMEOUT).is_err(), "{base}");
    }
}
