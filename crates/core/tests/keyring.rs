//! `KeyringVault` against the real OS keychain: on Linux a Secret Service
//! (`gnome-keyring-daemon`), run inside `dbus-run-session` by `scripts/test.sh`:
//!
//! ```sh
//! dbus-run-session -- bash -c 'echo -n test | gnome-keyring-daemon --unlock \
//!   --components=secrets >/dev/null; cargo test -p countersign-core --test keyring'
//! ```
//!
//! Without a reachable Secret Service these tests skip with a message, unless
//! `COUNTERSIGN_REQUIRE_KEYRING` is set (CI sets it), when they fail instead.
//! Each test writes under a namespace of its own and removes what it wrote.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use countersign_core::credentials::*;
use countersign_domain::AgentId;
use countersign_testkit::loopback::{Loopback, Reply, Request};
use serde_json::json;

const TOKEN: &str = "testshop_k3ych41n_t0k3n_7d2e";

/// A vault under a namespace no person uses, or `None` (after saying why) when
/// no usable Secret Service can be reached and none is required.
fn vault(test: &str) -> Option<KeyringVault> {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let vault =
        KeyringVault::with_namespace(&format!("test-{test}-{}-{nanos}", std::process::id()));
    // A write, not a lookup: a locked keyring answers lookups but refuses items.
    let probe = SecretKey::new(AgentId::new("probe"), ConnectionKind::Shop);
    match vault
        .save(&probe, &Secret::new("probe"))
        .and_then(|()| vault.delete(&probe))
    {
        Ok(_) => Some(vault),
        Err(error) => {
            let required = std::env::var("COUNTERSIGN_REQUIRE_KEYRING")
                .is_ok_and(|v| !v.is_empty() && v != "0");
            assert!(
                !required,
                "COUNTERSIGN_REQUIRE_KEYRING is set but the keychain cannot be reached: {error}"
            );
            eprintln!(
                "skipping {test}: no usable Secret Service ({error}). Run inside \
                 dbus-run-session with gnome-keyring-daemon unlocked, or set \
                 COUNTERSIGN_REQUIRE_KEYRING=1 to fail instead of skipping."
            );
            None
        }
    }
}

fn key(agent: &str, kind: ConnectionKind) -> SecretKey {
    SecretKey::new(AgentId::new(agent), kind)
}

#[test]
fn keyring_vault_saves_reads_and_deletes_a_secret_for_real() {
    let Some(vault) = vault("roundtrip") else {
        return;
    };
    let key = key("alex.agent", ConnectionKind::Shop);
    assert!(!vault.has(&key).unwrap());
    assert_eq!(vault.read(&key).unwrap(), None);

    vault.save(&key, &Secret::new(TOKEN)).unwrap();
    assert!(vault.has(&key).unwrap());
    assert_eq!(vault.read(&key).unwrap(), Some(Secret::new(TOKEN)));

    // Saving again replaces the secret rather than adding a second item.
    vault.save(&key, &Secret::new("testshop_rotated")).unwrap();
    assert_eq!(
        vault.read(&key).unwrap(),
        Some(Secret::new("testshop_rotated"))
    );

    assert!(vault.delete(&key).unwrap());
    assert!(!vault.has(&key).unwrap());
    assert_eq!(vault.read(&key).unwrap(), None);
    assert!(
        !vault.delete(&key).unwrap(),
        "a second delete finds nothing"
    );
}

#[test]
fn keyring_vault_keeps_agents_connections_and_namespaces_apart() {
    let Some(vault) = vault("apart") else {
        return;
    };
    let other_namespace = KeyringVault::with_namespace(&format!(
        "{}-other",
        &vault.service()["countersign-".len()..]
    ));
    let alex_shop = key("alex.agent", ConnectionKind::Shop);
    vault.save(&alex_shop, &Secret::new(TOKEN)).unwrap();

    assert!(!vault.has(&key("sam.senior", ConnectionKind::Shop)).unwrap());
    assert!(!vault
        .has(&key("alex.agent", ConnectionKind::Billing))
        .unwrap());
    assert!(!other_namespace.has(&alex_shop).unwrap());
    assert_eq!(other_namespace.read(&alex_shop).unwrap(), None);

    assert!(vault.delete(&alex_shop).unwrap());
}

#[test]
fn keyring_service_is_named_after_the_build_kind() {
    let vault = KeyringVault::for_this_build();
    assert_eq!(vault.service(), format!("countersign-{}", build_kind()));
    assert_eq!(
        build_kind(),
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
    );
}

/// The Secret Service really holds the item: `secret-tool`, another client of
/// it, finds it by the service and user the app writes.
#[test]
fn keyring_item_is_visible_to_other_secret_service_clients() {
    let Some(vault) = vault("visible") else {
        return;
    };
    let key = key("alex.agent", ConnectionKind::Billing);
    vault.save(&key, &Secret::new(TOKEN)).unwrap();
    let lookup = std::process::Command::new("secret-tool")
        .args([
            "lookup",
            "service",
            vault.service(),
            "username",
            &key.user(),
        ])
        .output();
    vault.delete(&key).unwrap();
    match lookup {
        Ok(output) => {
            assert!(
                output.status.success(),
                "secret-tool lookup failed: {output:?}"
            );
            assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), TOKEN);
        }
        Err(error) => eprintln!("skipping the secret-tool lookup: {error}"),
    }
}

/// End to end: the token saved through `Connections` goes to the keychain, and
/// "Test connection" sends that very token to the shop.
#[test]
fn test_connection_sends_the_token_from_the_keychain() {
    let Some(vault) = vault("connections") else {
        return;
    };
    let service = vault.service().to_owned();
    let loopback = Loopback::start(Arc::new(|request: &Request| {
        if request.header("X-Shopify-Access-Token") == Some(TOKEN) {
            Reply::json(
                200,
                json!({ "data": { "shop": { "name": "Acme Outdoor" } } }),
            )
        } else {
            Reply::json(
                401,
                json!({ "errors": "[API] Invalid API key or access token" }),
            )
        }
    }));
    let dir = tempfile::tempdir().unwrap();
    let connections = Connections::new(dir.path().join("connections.json"), Arc::new(vault))
        .with_timeout(Duration::from_secs(5));
    let agent = AgentId::new("alex.agent");
    let settings = ConnectionSettings {
        address: loopback.base_url(),
        ..ConnectionSettings::empty(agent.clone(), ConnectionKind::Shop)
    };
    let status = connections
        .save(settings, Some(Secret::new(TOKEN)))
        .unwrap();
    assert_eq!(status.credential, CredentialState::Stored);

    let check = connections.test(&agent, ConnectionKind::Shop).unwrap();
    assert_eq!(check.outcome, CheckOutcome::Ok, "{check:?}");
    assert_eq!(check.account.as_deref(), Some("Acme Outdoor"));

    let status = connections
        .remove_credential(&agent, ConnectionKind::Shop)
        .unwrap();
    assert_eq!(status.credential, CredentialState::Missing);
    assert!(
        !KeyringVault::with_namespace(&service["countersign-".len()..])
            .has(&SecretKey::new(agent, ConnectionKind::Shop))
            .unwrap()
    );
}
