//! Connections and their credentials, with an in-memory vault and loopback
//! servers standing in for Zendesk, Shopify, Stripe and a model endpoint: what is
//! stored where, and what "Test connection" says for each answer. Nothing here
//! leaves this machine.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::sync::{Arc, Mutex};
use std::time::Duration;

use countersign_core::credentials::*;
use countersign_core::ErrorCode;
use countersign_domain::AgentId;
use countersign_testkit::loopback::{Loopback, Reply, Request};
use serde_json::json;

const TOKEN: &str = "zd_s3cr3t_token_4b9e71c2";
const TIMEOUT: Duration = Duration::from_secs(5);

fn agent() -> AgentId {
    AgentId::new("alex.agent")
}

fn settings(kind: ConnectionKind, address: &str) -> ConnectionSettings {
    ConnectionSettings {
        address: address.to_owned(),
        ..ConnectionSettings::empty(agent(), kind)
    }
}

fn connections(dir: &tempfile::TempDir, vault: Arc<dyn Vault>) -> Connections {
    Connections::new(dir.path().join("connections.json"), vault).with_timeout(TIMEOUT)
}

/// A loopback server that records every request and answers with `reply`.
fn server(
    reply: impl Fn(&Request) -> Reply + Send + Sync + 'static,
) -> (Loopback, Arc<Mutex<Vec<Request>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let loopback = Loopback::start(Arc::new(move |request: &Request| {
        log.lock().unwrap().push(request.clone());
        reply(request)
    }));
    (loopback, seen)
}

fn one_request(seen: &Arc<Mutex<Vec<Request>>>) -> Request {
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 1, "exactly one request: {seen:?}");
    seen[0].clone()
}

// --- what is stored where ---------------------------------------------------

#[test]
fn the_sandbox_is_always_listed_first_needs_no_credential_and_is_the_default() {
    let dir = tempfile::tempdir().unwrap();
    let list = connections(&dir, Arc::new(MemoryVault::new()))
        .list(&agent())
        .unwrap();
    let kinds: Vec<_> = list.iter().map(|c| c.settings.kind).collect();
    assert_eq!(kinds, ConnectionKind::ALL);
    assert_eq!(list[0].credential, CredentialState::NotNeeded);
    assert!(list[0].is_default);
    assert!(list[1..].iter().all(|c| !c.is_default));
    assert!(list[1..]
        .iter()
        .all(|c| c.credential == CredentialState::Missing));
    let check = check_connection(&list[0].settings, None, TIMEOUT);
    assert_eq!(check.outcome, CheckOutcome::Ok);
}

#[test]
fn saving_keeps_the_settings_in_the_file_and_the_secret_only_in_the_vault() {
    let dir = tempfile::tempdir().unwrap();
    let vault = Arc::new(MemoryVault::new());
    let connections = connections(&dir, vault.clone());
    let mut helpdesk = settings(ConnectionKind::Helpdesk, " acme ");
    helpdesk.email = "alex@acme.example".into();
    helpdesk.model = "ignored for a helpdesk".into();

    let status = connections
        .save(helpdesk, Some(Secret::new(format!("  {TOKEN}\n"))))
        .unwrap();
    assert_eq!(status.credential, CredentialState::Stored);
    assert_eq!(status.settings.address, "acme");
    assert_eq!(
        status.settings.model, "",
        "fields of other kinds are cleared"
    );

    let file = std::fs::read_to_string(dir.path().join("connections.json")).unwrap();
    assert!(file.contains("alex@acme.example"));
    assert!(!file.contains(TOKEN), "the settings file holds no secret");
    let key = SecretKey::new(agent(), ConnectionKind::Helpdesk);
    assert_eq!(key.user(), "alex.agent/helpdesk");
    assert_eq!(vault.read(&key).unwrap(), Some(Secret::new(TOKEN)));
}

#[test]
fn saving_without_a_new_secret_keeps_the_stored_one() {
    let dir = tempfile::tempdir().unwrap();
    let vault = Arc::new(MemoryVault::new());
    let connections = connections(&dir, vault.clone());
    connections
        .save(
            settings(ConnectionKind::Shop, "acme"),
            Some(Secret::new(TOKEN)),
        )
        .unwrap();
    let status = connections
        .save(settings(ConnectionKind::Shop, "acme-2.myshopify.com"), None)
        .unwrap();
    assert_eq!(status.credential, CredentialState::Stored);
    let key = SecretKey::new(agent(), ConnectionKind::Shop);
    assert_eq!(vault.read(&key).unwrap(), Some(Secret::new(TOKEN)));
    let listed = &connections.list(&agent()).unwrap()[2];
    assert_eq!(listed.settings.address, "acme-2.myshopify.com");
}

#[test]
fn removing_a_credential_keeps_the_settings() {
    let dir = tempfile::tempdir().unwrap();
    let connections = connections(&dir, Arc::new(MemoryVault::new()));
    connections
        .save(
            settings(ConnectionKind::Billing, ""),
            Some(Secret::new(TOKEN)),
        )
        .unwrap();
    let status = connections
        .remove_credential(&agent(), ConnectionKind::Billing)
        .unwrap();
    assert_eq!(status.credential, CredentialState::Missing);
    // Removing again is not an error.
    connections
        .remove_credential(&agent(), ConnectionKind::Billing)
        .unwrap();
    let check = connections.test(&agent(), ConnectionKind::Billing).unwrap();
    assert_eq!(check.outcome, CheckOutcome::NotSetUp);
    assert!(
        check.message.contains("No secret key is stored"),
        "{check:?}"
    );
}

#[test]
fn credentials_belong_to_one_agent() {
    let dir = tempfile::tempdir().unwrap();
    let connections = connections(&dir, Arc::new(MemoryVault::new()));
    connections
        .save(settings(ConnectionKind::Llm, ""), Some(Secret::new(TOKEN)))
        .unwrap();
    let other = connections.list(&AgentId::new("sam.senior")).unwrap();
    assert_eq!(other[4].credential, CredentialState::Missing);
    assert_eq!(other[4].settings.agent_id, AgentId::new("sam.senior"));
}

#[test]
fn the_sandbox_takes_no_credential() {
    let dir = tempfile::tempdir().unwrap();
    let connections = connections(&dir, Arc::new(MemoryVault::new()));
    let error = connections
        .save(
            settings(ConnectionKind::Sandbox, ""),
            Some(Secret::new(TOKEN)),
        )
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    let status = connections
        .save(settings(ConnectionKind::Sandbox, ""), None)
        .unwrap();
    assert!(status.is_default);
    assert!(!dir.path().join("connections.json").exists());
}

#[test]
fn a_keychain_that_cannot_be_asked_marks_each_connection_and_saves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let vault = Arc::new(MemoryVault::unavailable(
        "org.freedesktop.DBus.Error.ServiceUnknown",
    ));
    let connections = connections(&dir, vault);
    let list = connections.list(&agent()).unwrap();
    assert_eq!(list[0].credential, CredentialState::NotNeeded);
    for status in &list[1..] {
        assert_eq!(status.credential, CredentialState::Unavailable);
        let problem = status.problem.as_deref().unwrap();
        assert!(
            problem.starts_with("No Secret Service is running: org.freedesktop"),
            "{problem}"
        );
    }
    let error = connections
        .save(
            settings(ConnectionKind::Helpdesk, "acme"),
            Some(Secret::new(TOKEN)),
        )
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::Storage);
    assert!(error.message.starts_with("No Secret Service is running"));
    assert!(
        !dir.path().join("connections.json").exists(),
        "no settings without their secret"
    );
}

#[test]
fn unusable_secrets_are_refused_without_being_quoted() {
    let dir = tempfile::tempdir().unwrap();
    let connections = connections(&dir, Arc::new(MemoryVault::new()));
    for bad in [
        "   ".to_owned(),
        format!("{TOKEN}\u{7}bell"),
        "x".repeat(Secret::MAX_CHARS + 1),
    ] {
        let error = connections
            .save(
                settings(ConnectionKind::Billing, ""),
                Some(Secret::new(&*bad)),
            )
            .unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidInput);
        assert!(!bad.trim().is_empty() || error.message.contains("empty"));
        assert!(!error.message.contains(TOKEN), "{}", error.message);
    }
}

#[test]
fn settings_are_checked_before_they_are_saved() {
    let base = |kind, address: &str| {
        settings(kind, address)
            .base_url()
            .map(|u| u.map(String::from))
    };
    assert_eq!(
        base(ConnectionKind::Helpdesk, "acme").unwrap().as_deref(),
        Some("https://acme.zendesk.com/")
    );
    assert_eq!(
        base(ConnectionKind::Shop, "acme").unwrap().as_deref(),
        Some("https://acme.myshopify.com/")
    );
    assert_eq!(
        base(ConnectionKind::Shop, "shop.acme.example")
            .unwrap()
            .as_deref(),
        Some("https://shop.acme.example/")
    );
    assert_eq!(
        base(ConnectionKind::Billing, "").unwrap().as_deref(),
        Some("https://api.stripe.com/")
    );
    assert_eq!(base(ConnectionKind::Helpdesk, "").unwrap(), None);
    assert_eq!(
        base(ConnectionKind::Llm, "http://127.0.0.1:11434/v1")
            .unwrap()
            .as_deref(),
        Some("http://127.0.0.1:11434/v1")
    );
    let mut anthropic = settings(ConnectionKind::Llm, "");
    anthropic.llm_api = LlmApi::Anthropic;
    assert_eq!(
        anthropic.base_url().unwrap().map(String::from).as_deref(),
        Some("https://api.anthropic.com/")
    );

    let refused = |kind, address: &str| {
        settings(kind, address)
            .normalized()
            .unwrap_err()
            .to_string()
    };
    assert!(refused(ConnectionKind::Llm, "http://models.example.com/v1").contains("plain http"));
    assert!(
        refused(ConnectionKind::Billing, "https://me:pw@api.stripe.com")
            .contains("must not carry a user name or password")
    );
    assert!(refused(ConnectionKind::Shop, "acme shop").contains("contains a space"));
    assert!(refused(ConnectionKind::Billing, "ftp://api.stripe.com").contains("only https"));
    let mut helpdesk = settings(ConnectionKind::Helpdesk, "acme");
    helpdesk.email = "alex".into();
    assert!(helpdesk
        .normalized()
        .unwrap_err()
        .to_string()
        .contains("not an email address"));

    let dir = tempfile::tempdir().unwrap();
    let error = connections(&dir, Arc::new(MemoryVault::new()))
        .save(settings(ConnectionKind::Llm, "http://10.0.0.5/v1"), None)
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
}

// --- secrets never show -----------------------------------------------------

#[test]
fn a_secret_never_shows_in_debug_output_or_error_text() {
    let secret = Secret::new(TOKEN);
    assert_eq!(format!("{secret:?}"), "Secret(<redacted>)");
    assert_eq!(format!("{secret}"), "<redacted>");
    assert_eq!(
        format!("{:#?}", Some(&secret)),
        "Some(\n    Secret(<redacted>),\n)"
    );
    let from_ipc: Secret = serde_json::from_value(json!(TOKEN)).unwrap();
    assert_eq!(from_ipc, secret);
    assert!(!format!("{from_ipc:?}").contains(TOKEN));

    let dir = tempfile::tempdir().unwrap();
    let vault = Arc::new(MemoryVault::new());
    let connections = connections(&dir, vault.clone());
    let status = connections
        .save(settings(ConnectionKind::Shop, "acme"), Some(secret.clone()))
        .unwrap();

    // A server that quotes the token back, in the body and a header, whatever it
    // is asked: no check result may carry it.
    let (loopback, _) = server(|request| {
        let quoted = request
            .header("X-Shopify-Access-Token")
            .or(request.header("Authorization"))
            .unwrap_or_default()
            .to_owned();
        Reply::json(500, json!({ "error": format!("bad token {quoted}") }))
            .with_header("X-Echo", &quoted)
    });
    let mut texts = vec![
        format!("{status:?}"),
        serde_json::to_string(&status).unwrap(),
        format!("{connections:?}"),
        format!("{vault:?}"),
        format!("{:?}", SecretKey::new(agent(), ConnectionKind::Shop)),
    ];
    for kind in [
        ConnectionKind::Helpdesk,
        ConnectionKind::Shop,
        ConnectionKind::Billing,
        ConnectionKind::Llm,
    ] {
        let check = check_connection(
            &settings(kind, &loopback.base_url()),
            Some(&secret),
            TIMEOUT,
        );
        assert_eq!(check.outcome, CheckOutcome::Unexpected, "{check:?}");
        texts.push(format!("{check:?}"));
        texts.push(serde_json::to_string(&check).unwrap());
    }
    for error in [
        VaultError::Unavailable("no bus".into()),
        VaultError::Locked("locked".into()),
        VaultError::Unreadable("alex.agent/shop".into()),
        VaultError::Ambiguous("alex.agent/shop".into()),
    ] {
        texts.push(error.to_string());
        texts.push(format!("{error:?}"));
    }
    for text in &texts {
        assert!(!text.contains(TOKEN), "the secret leaked into: {text}");
    }
}

// --- "Test connection" -------------------------------------------------------

#[test]
fn helpdesk_ok_names_the_zendesk_user_and_sends_the_api_token_as_basic_auth() {
    let (loopback, seen) = server(|_| {
        Reply::json(
            200,
            json!({ "user": { "id": 3412, "name": "Alex Agent", "email": "alex@acme.example" } }),
        )
    });
    let mut helpdesk = settings(ConnectionKind::Helpdesk, &loopback.base_url());
    helpdesk.email = "alex@acme.example".into();
    let check = check_helpdesk(&helpdesk, &Secret::new(TOKEN), TIMEOUT);
    assert_eq!(check.outcome, CheckOutcome::Ok, "{check:?}");
    assert_eq!(check.account.as_deref(), Some("Alex Agent"));
    assert!(check.message.contains("as Alex Agent"), "{}", check.message);

    let request = one_request(&seen);
    assert_eq!(request.method, "GET");
    assert_eq!(request.path, "/api/v2/users/me.json");
    // base64("alex@acme.example/token:zd_s3cr3t_token_4b9e71c2")
    assert_eq!(
        request.header("Authorization"),
        Some("Basic YWxleEBhY21lLmV4YW1wbGUvdG9rZW46emRfczNjcjN0X3Rva2VuXzRiOWU3MWMy")
    );
}

#[test]
fn helpdesk_oauth_token_goes_as_a_bearer_when_no_email_is_set() {
    let (loopback, seen) =
        server(|_| Reply::json(200, json!({ "user": { "id": 1, "name": "A" } })));
    let check = check_helpdesk(
        &settings(ConnectionKind::Helpdesk, &loopback.base_url()),
        &Secret::new(TOKEN),
        TIMEOUT,
    );
    assert_eq!(check.outcome, CheckOutcome::Ok);
    assert_eq!(
        one_request(&seen).header("Authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
}

#[test]
fn helpdesk_answering_as_an_anonymous_user_means_a_bad_token() {
    let (loopback, _) = server(|_| {
        Reply::json(
            200,
            json!({ "user": { "id": null, "name": "Anonymous user" } }),
        )
    });
    let check = check_helpdesk(
        &settings(ConnectionKind::Helpdesk, &loopback.base_url()),
        &Secret::new(TOKEN),
        TIMEOUT,
    );
    assert_eq!(check.outcome, CheckOutcome::BadToken);
    assert!(check.message.contains("anonymous"));
}

#[test]
fn shop_ok_names_the_store_and_sends_the_access_token_header() {
    let (loopback, seen) = server(|_| {
        Reply::json(
            200,
            json!({ "data": { "shop": { "name": "Acme Outdoor" } } }),
        )
    });
    let check = check_shop(
        &settings(ConnectionKind::Shop, &loopback.base_url()),
        &Secret::new(TOKEN),
        TIMEOUT,
    );
    assert_eq!(check.outcome, CheckOutcome::Ok, "{check:?}");
    assert_eq!(check.account.as_deref(), Some("Acme Outdoor"));
    assert_eq!(
        check.message,
        "Connected to the Shopify store Acme Outdoor."
    );

    let request = one_request(&seen);
    assert_eq!(request.path, "/admin/api/2026-10/graphql.json");
    assert_eq!(request.header("X-Shopify-Access-Token"), Some(TOKEN));
    assert_eq!(request.header("Authorization"), None);
    assert_eq!(request.json(), json!({ "query": "{ shop { name } }" }));
}

#[test]
fn shop_access_denied_inside_a_200_means_a_missing_scope() {
    let (loopback, _) = server(|_| {
        Reply::json(
            200,
            json!({ "errors": [{ "message": "Access denied for shop field.",
                                 "extensions": { "code": "ACCESS_DENIED" } }] }),
        )
    });
    let check = check_shop(
        &settings(ConnectionKind::Shop, &loopback.base_url()),
        &Secret::new(TOKEN),
        TIMEOUT,
    );
    assert_eq!(check.outcome, CheckOutcome::MissingPermission);
    assert!(check.message.contains("access scope"), "{}", check.message);
}

#[test]
fn billing_ok_says_which_mode_and_pins_the_stripe_version() {
    let (loopback, seen) = server(|_| {
        Reply::json(
            200,
            json!({ "object": "balance", "livemode": false, "available": [] }),
        )
    });
    let check = check_billing(
        &settings(ConnectionKind::Billing, &loopback.base_url()),
        &Secret::new("sk_test_51abc"),
        TIMEOUT,
    );
    assert_eq!(check.outcome, CheckOutcome::Ok, "{check:?}");
    assert_eq!(check.message, "Stripe accepted the secret key (test mode).");
    let request = one_request(&seen);
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("GET", "/v1/balance")
    );
    assert_eq!(
        request.header("Authorization"),
        Some("Bearer sk_test_51abc")
    );
    assert_eq!(request.header("Stripe-Version"), Some(STRIPE_API_VERSION));
}

#[test]
fn llm_openai_compatible_lists_the_models_and_finds_the_chosen_one() {
    let (loopback, seen) = server(|_| {
        Reply::json(
            200,
            json!({ "object": "list", "data": [{ "id": "gpt-4.1-mini" }, { "id": "llama-3.1-8b" }] }),
        )
    });
    let mut llm = settings(ConnectionKind::Llm, &format!("{}/v1", loopback.base_url()));
    llm.model = "llama-3.1-8b".into();
    let check = check_llm(&llm, &Secret::new(TOKEN), TIMEOUT);
    assert_eq!(check.outcome, CheckOutcome::Ok, "{check:?}");
    assert!(check.message.contains("“llama-3.1-8b” is available"));
    let request = one_request(&seen);
    assert_eq!(request.path, "/v1/models");
    assert_eq!(
        request.header("Authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );

    llm.model = "gpt-5-turbo".into();
    let check = check_llm(&llm, &Secret::new(TOKEN), TIMEOUT);
    assert_eq!(check.outcome, CheckOutcome::UnknownModel);
    assert!(
        check
            .message
            .contains("“gpt-5-turbo” is not among its 2 models"),
        "{}",
        check.message
    );
}

#[test]
fn llm_anthropic_sends_the_key_as_x_api_key() {
    let (loopback, seen) = server(|_| {
        Reply::json(
            200,
            json!({ "data": [{ "id": "claude-sonnet-4-5", "type": "model" }] }),
        )
    });
    let mut llm = settings(ConnectionKind::Llm, &loopback.base_url());
    llm.llm_api = LlmApi::Anthropic;
    llm.model = "claude-sonnet-4-5".into();
    let check = check_llm(&llm, &Secret::new(TOKEN), TIMEOUT);
    assert_eq!(check.outcome, CheckOutcome::Ok, "{check:?}");
    let request = one_request(&seen);
    assert_eq!(request.path, "/v1/models?limit=1000");
    assert_eq!(request.header("x-api-key"), Some(TOKEN));
    assert_eq!(
        request.header("anthropic-version"),
        Some(ANTHROPIC_API_VERSION)
    );
    assert_eq!(request.header("Authorization"), None);
}

/// A status, a header to answer with, the outcome, words the message must hold.
type Case = (
    u16,
    Option<(&'static str, &'static str)>,
    CheckOutcome,
    &'static str,
);

#[test]
fn each_answer_is_put_in_plain_words_for_every_kind() {
    let cases: [Case; 7] = [
        (401, None, CheckOutcome::BadToken, "refused the"),
        (
            403,
            None,
            CheckOutcome::MissingPermission,
            "lacks a permission or scope",
        ),
        (404, None, CheckOutcome::WrongAddress, "no "),
        (
            429,
            Some(("Retry-After", "7")),
            CheckOutcome::RateLimited,
            "try again in 7 seconds",
        ),
        (503, None, CheckOutcome::Unexpected, "a problem on its side"),
        (
            302,
            Some(("Location", "https://acme.example/login")),
            CheckOutcome::WrongAddress,
            "redirect to acme.example",
        ),
        (418, None, CheckOutcome::Unexpected, "did not expect"),
    ];
    for kind in [
        ConnectionKind::Helpdesk,
        ConnectionKind::Shop,
        ConnectionKind::Billing,
        ConnectionKind::Llm,
    ] {
        for (status, header, outcome, words) in cases {
            let (loopback, _) = server(move |_| {
                let reply = Reply::json(status, json!({ "error": "no" }));
                match header {
                    Some((name, value)) => reply.with_header(name, value),
                    None => reply,
                }
            });
            let check = check_connection(
                &settings(kind, &loopback.base_url()),
                Some(&Secret::new(TOKEN)),
                TIMEOUT,
            );
            assert_eq!(check.outcome, outcome, "{kind} {status}: {check:?}");
            assert!(
                check.message.contains(words),
                "{kind} {status}: {}",
                check.message
            );
            assert_eq!(check.kind, kind);
        }
    }
}

#[test]
fn a_redirect_is_not_followed_so_the_token_stays_home() {
    let (elsewhere, elsewhere_seen) = server(|_| Reply::json(200, json!({})));
    let target = format!("{}/steal", elsewhere.base_url());
    let (loopback, _) =
        server(move |_| Reply::json(301, json!({})).with_header("Location", &target));
    let check = check_shop(
        &settings(ConnectionKind::Shop, &loopback.base_url()),
        &Secret::new(TOKEN),
        TIMEOUT,
    );
    assert_eq!(check.outcome, CheckOutcome::WrongAddress);
    assert!(elsewhere_seen.lock().unwrap().is_empty());
}

#[test]
fn no_server_at_the_address_means_a_wrong_address() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let check = check_billing(
        &settings(ConnectionKind::Billing, &format!("http://127.0.0.1:{port}")),
        &Secret::new(TOKEN),
        TIMEOUT,
    );
    assert_eq!(check.outcome, CheckOutcome::WrongAddress, "{check:?}");
    assert!(
        check
            .message
            .starts_with(&format!("Could not reach 127.0.0.1:{port}")),
        "{}",
        check.message
    );
}

#[test]
fn a_server_that_does_not_answer_in_time_means_a_wrong_address() {
    let (loopback, _) = server(|_| Reply::json(200, json!({})).after(Duration::from_secs(3)));
    let check = check_helpdesk(
        &settings(ConnectionKind::Helpdesk, &loopback.base_url()),
        &Secret::new(TOKEN),
        Duration::from_millis(300),
    );
    assert_eq!(check.outcome, CheckOutcome::WrongAddress, "{check:?}");
    assert!(
        check.message.starts_with("No answer from"),
        "{}",
        check.message
    );
}

#[test]
fn an_answer_of_the_wrong_shape_is_unexpected() {
    let (loopback, _) = server(|_| Reply::raw(200, "<html>Help Center</html>"));
    let check = check_helpdesk(
        &settings(ConnectionKind::Helpdesk, &loopback.base_url()),
        &Secret::new(TOKEN),
        TIMEOUT,
    );
    assert_eq!(check.outcome, CheckOutcome::Unexpected);
    assert!(
        check.message.contains("without a user"),
        "{}",
        check.message
    );
}

#[test]
fn test_connection_uses_the_saved_address_and_the_stored_secret() {
    let (loopback, seen) =
        server(|_| Reply::json(200, json!({ "data": { "shop": { "name": "Acme" } } })));
    let dir = tempfile::tempdir().unwrap();
    let connections = connections(&dir, Arc::new(MemoryVault::new()));

    let check = connections.test(&agent(), ConnectionKind::Shop).unwrap();
    assert_eq!(check.outcome, CheckOutcome::NotSetUp);

    connections
        .save(
            settings(ConnectionKind::Shop, &loopback.base_url()),
            Some(Secret::new(TOKEN)),
        )
        .unwrap();
    let check = connections.test(&agent(), ConnectionKind::Shop).unwrap();
    assert_eq!(check.outcome, CheckOutcome::Ok, "{check:?}");
    assert_eq!(
        one_request(&seen).header("X-Shopify-Access-Token"),
        Some(TOKEN)
    );

    let sandbox = connections.test(&agent(), ConnectionKind::Sandbox).unwrap();
    assert_eq!(sandbox.outcome, CheckOutcome::Ok);
}

#[test]
fn a_connection_without_an_address_asks_for_one() {
    let dir = tempfile::tempdir().unwrap();
    let connections = connections(&dir, Arc::new(MemoryVault::new()));
    connections
        .save(
            settings(ConnectionKind::Helpdesk, ""),
            Some(Secret::new(TOKEN)),
        )
        .unwrap();
    let check = connections
        .test(&agent(), ConnectionKind::Helpdesk)
        .unwrap();
    assert_eq!(check.outcome, CheckOutcome::NotSetUp);
    assert_eq!(check.message, "Enter the Zendesk subdomain and save first.");
}
