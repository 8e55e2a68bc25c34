//! A rolling log file in the app's data folder (one file a day, a week kept), level
//! from `RUST_LOG` (default `info`). Logs carry ids and outcomes, never customer
//! text, never secrets: those belong in the audit database and the keychain.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::{fmt, prelude::*, EnvFilter};

/// Keeps the background log writer alive for the app's lifetime.
pub struct LogGuard(#[allow(dead_code)] Option<WorkerGuard>);

pub fn init(dir: &Path) -> LogGuard {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    // The appender prunes old files at start and complains when the folder is new.
    if let Err(error) = std::fs::create_dir_all(dir) {
        eprintln!("cannot create {}: {error}", dir.display());
    }
    let appender = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("countersign")
        .filename_suffix("log")
        .max_log_files(7)
        .build(dir);
    match appender {
        Ok(appender) => {
            let (writer, guard) = tracing_appender::non_blocking(appender);
            let installed = tracing_subscriber::registry()
                .with(filter)
                .with(fmt::layer().with_ansi(false).with_writer(writer))
                .with(fmt::layer().with_writer(std::io::stderr))
                .try_init();
            if installed.is_err() {
                eprintln!("logging was already set up; not writing {}", dir.display());
            }
            LogGuard(Some(guard))
        }
        Err(error) => {
            eprintln!("cannot write logs to {}: {error}", dir.display());
            let _ = tracing_subscriber::registry()
                .with(filter)
                .with(fmt::layer().with_writer(std::io::stderr))
                .try_init();
            LogGuard(None)
        }
    }
}
