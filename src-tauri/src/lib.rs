//! The desktop shell: a window, the IPC commands, logging and the app's data
//! folder. Everything the commands do lives in `countersign-core`.

mod commands;
mod logging;
mod state;

use std::path::PathBuf;
use std::sync::Arc;

use countersign_core::credentials::{Connections, KeyringVault};
use tauri::Manager;

use crate::state::DeskState;

/// Where the app keeps its database and logs: the platform's app-data folder, or
/// `COUNTERSIGN_DATA_DIR` when set (tests run each app in a fresh folder).
fn data_dir(app: &tauri::App) -> Result<PathBuf, Box<dyn std::error::Error>> {
    if let Some(dir) = std::env::var_os("COUNTERSIGN_DATA_DIR") {
        return Ok(PathBuf::from(dir));
    }
    Ok(app.path().app_data_dir()?)
}

pub fn run() {
    let result = tauri::Builder::default()
        .setup(|app| {
            let dir = data_dir(app)?;
            std::fs::create_dir_all(&dir)?;
            let guard = logging::init(&dir.join("logs"));
            app.manage(guard);
            let db = dir.join("sandbox.db");
            tracing::info!(
                version = env!("CARGO_PKG_VERSION"),
                "Countersign desk starting"
            );
            let mut desk = countersign_core::Desk::open(&db)?;
            // A support lead's policy file beside the database replaces the shipped
            // one; an invalid file is refused (and shown in the desk) and the
            // shipped policy stays in force.
            let policy = dir.join("policy.toml");
            if policy.exists() {
                let _ = desk.load_policy_file(&policy);
            }
            app.manage(DeskState::new(desk));
            // Connection settings beside the database; their secrets only in the
            // OS keychain, under this build kind's service name.
            let vault = Arc::new(KeyringVault::for_this_build());
            let connections = Connections::new(dir.join("connections.json"), vault);
            app.manage(Arc::new(connections));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::list_queue,
            commands::open_ticket,
            commands::list_agents,
            commands::approve_action,
            commands::list_audit,
            commands::search_audit,
            commands::policy_status,
            commands::list_connections,
            commands::save_connection,
            commands::remove_credential,
            commands::test_connection,
            commands::save_draft,
            commands::discard_draft,
        ])
        .run(tauri::generate_context!());
    if let Err(error) = result {
        tracing::error!(%error, "the desk stopped with an error");
        eprintln!("Countersign could not start: {error}");
        std::process::exit(1);
    }
}
