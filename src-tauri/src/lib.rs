//! The desktop shell: a window, the IPC commands, logging and the app's data
//! folder. Everything the commands do lives in `countersign-core`.

mod commands;
mod links;
mod logging;
mod notifications;
mod rendering;
mod state;

use std::path::PathBuf;
use std::sync::Arc;

use countersign_core::credentials::{Connections, KeyringVault};
use countersign_core::{Prefs, PrefsFile};
use tauri::{Emitter, Manager};

use crate::links::{StartupLink, OPEN_LINK_EVENT};

use crate::state::DeskState;

/// Where the app keeps its database and logs: the platform's app-data folder, or
/// `COUNTERSIGN_DATA_DIR` when set (tests run each app in a fresh folder).
fn data_dir(app: &tauri::App) -> Result<PathBuf, Box<dyn std::error::Error>> {
    if let Some(dir) = std::env::var_os("COUNTERSIGN_DATA_DIR") {
        return Ok(PathBuf::from(dir));
    }
    Ok(app.path().app_data_dir()?)
}

/// Keeps the window above others when the agent asked for it.
pub(crate) fn apply_window_prefs(window: &tauri::WebviewWindow, prefs: &Prefs) {
    if let Err(error) = window.set_always_on_top(prefs.always_on_top) {
        tracing::warn!(%error, "could not change the window's always-on-top");
    }
}

/// Saves the window's size and place shortly after the agent stops moving or
/// resizing it, so a crash or a kill does not lose it (the plugin alone saves on
/// a clean exit).
fn keep_window_place(app: &tauri::AppHandle) -> std::sync::mpsc::Sender<()> {
    use tauri_plugin_window_state::{AppHandleExt, StateFlags};
    let (moved, changes) = std::sync::mpsc::channel::<()>();
    let app = app.clone();
    let spawned = std::thread::Builder::new()
        .name("window-place".into())
        .spawn(move || {
            while changes.recv().is_ok() {
                // Wait for the moves to settle.
                while changes
                    .recv_timeout(std::time::Duration::from_millis(400))
                    .is_ok()
                {}
                // On the main thread: saving asks the window for its size and
                // place, and the plugin's own event handlers, which run there too,
                // hold the same lock; from any other thread the two can deadlock.
                let handle = app.clone();
                let queued = app.run_on_main_thread(move || {
                    if let Err(error) = handle.save_window_state(StateFlags::all()) {
                        tracing::warn!(%error, "the window's place could not be saved");
                    }
                });
                if queued.is_err() {
                    break;
                }
            }
        });
    if let Err(error) = spawned {
        tracing::warn!(%error, "the window's place is saved on exit only");
    }
    moved
}

pub fn run() {
    rendering::paint_without_compositing();
    if std::env::args().any(|arg| arg == "--register-links") {
        match links::register_scheme() {
            Ok(entry) => println!(
                "countersign:// links now open the desk ({}).",
                entry.display()
            ),
            Err(error) => {
                eprintln!("Could not register countersign:// links: {error}");
                std::process::exit(1);
            }
        }
        return;
    }
    let link = links::link_in_args(std::env::args());
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .setup(move |app| {
            let dir = data_dir(app)?;
            std::fs::create_dir_all(&dir)?;
            let socket = links::socket_path(&dir);
            // A desk already runs on this folder: it takes the link, this one stops
            // before opening a window.
            if let Some(link) = &link {
                if links::hand_over(&socket, link).unwrap_or(false) {
                    app.handle().exit(0);
                    return Ok(());
                }
            }
            let guard = logging::init(&dir.join("logs"));
            app.manage(guard);
            let handle = app.handle().clone();
            if let Err(error) = links::listen(&socket, move |link| {
                tracing::info!("a deep link arrived from another launch");
                if let Some(window) = handle.get_webview_window("main") {
                    let _ = window.unminimize();
                    let _ = window.set_focus();
                }
                if let Err(error) = handle.emit(OPEN_LINK_EVENT, link) {
                    tracing::warn!(%error, "a deep link could not reach the window");
                }
            }) {
                tracing::warn!(%error, "deep links from other launches are off");
            }
            app.manage(StartupLink::new(link.clone()));
            let prefs = PrefsFile::new(dir.join("prefs.json"));
            if let Some(window) = app.get_webview_window("main") {
                apply_window_prefs(&window, &prefs.load());
            }
            app.manage(prefs);
            app.manage(std::sync::Mutex::new(keep_window_place(app.handle())));
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
        .on_window_event(|window, event| {
            if matches!(
                event,
                tauri::WindowEvent::Moved(_) | tauri::WindowEvent::Resized(_)
            ) {
                if let Some(moved) =
                    window.try_state::<std::sync::Mutex<std::sync::mpsc::Sender<()>>>()
                {
                    if let Ok(moved) = moved.lock() {
                        let _ = moved.send(());
                    }
                }
            }
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
            commands::judge_action,
            commands::send_reply,
            commands::route_ticket,
            commands::get_prefs,
            commands::set_prefs,
            commands::notify,
            commands::take_startup_link,
        ])
        .run(tauri::generate_context!());
    if let Err(error) = result {
        tracing::error!(%error, "the desk stopped with an error");
        eprintln!("Countersign could not start: {error}");
        std::process::exit(1);
    }
}
