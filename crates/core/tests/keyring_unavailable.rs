//! With no D-Bus session to reach, the keychain's error says so in words. Its own
//! test binary: it points `DBUS_SESSION_BUS_ADDRESS` at nothing, which must not
//! leak into other tests.

#![cfg(target_os = "linux")]

use countersign_core::credentials::*;
use countersign_domain::AgentId;

const TOKEN: &str = "sk_test_n0_bus_here_51c";

#[test]
fn without_a_secret_service_the_error_says_so_and_never_quotes_the_secret() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let nowhere = dir.path().join("no-bus-here");
    std::env::set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        format!("unix:path={}", nowhere.display()),
    );
    let vault = KeyringVault::with_namespace("test-unavailable");
    let key = SecretKey::new(AgentId::new("alex.agent"), ConnectionKind::Billing);

    let error = vault
        .save(&key, &Secret::new(TOKEN))
        .expect_err("no keychain to save to");
    assert!(matches!(error, VaultError::Unavailable(_)), "{error:?}");
    let message = error.to_string();
    assert!(
        message.starts_with("No Secret Service is running: "),
        "{message}"
    );
    assert!(!message.contains(TOKEN) && !format!("{error:?}").contains(TOKEN));

    assert!(matches!(vault.has(&key), Err(VaultError::Unavailable(_))));
    assert!(matches!(vault.read(&key), Err(VaultError::Unavailable(_))));
    assert!(matches!(
        vault.delete(&key),
        Err(VaultError::Unavailable(_))
    ));
}
