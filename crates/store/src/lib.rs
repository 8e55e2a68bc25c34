//! The embedded sandbox store: a SQLite database created from the world data the
//! product ships (`world/`), so the app works offline, with no account.
//!
//! The store is the sandbox's system of record: it answers the reads the engine and
//! the policy need (always scoped to one customer) and applies approved actions
//! inside the same transaction that records them in the audit table, so an action
//! and its record can never disagree.

mod approvals;
pub mod audit;
mod error;
mod export;
mod helpdesk;
mod load;
mod mirror;
mod read;
mod sandbox;
mod schema;
mod write;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

pub use approvals::{ApprovalRecord, NewApproval, Writer};
pub use audit::{ChainBreak, NewEntry, Verified};
pub use error::StoreError;
pub use load::WorldSource;
pub use read::Reader;
pub use sandbox::ApplyError;
pub use write::AuditFilter;

pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Creates a fresh sandbox database at `path` from the shipped world. An
    /// existing file is only replaced when `force` is set.
    pub fn create(path: &Path, force: bool) -> Result<Store, StoreError> {
        if path.exists() {
            if !force {
                return Err(StoreError::AlreadyExists(path.to_owned()));
            }
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let file = PathBuf::from(format!("{}{suffix}", path.display()));
                if file.exists() {
                    std::fs::remove_file(&file).map_err(|source| StoreError::Io {
                        path: file.clone(),
                        source,
                    })?;
                }
            }
        }
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| StoreError::Io {
                path: parent.to_owned(),
                source,
            })?;
        }
        let conn = Connection::open(path)?;
        let mut store = Store {
            conn,
            path: Some(path.to_owned()),
        };
        store.initialise(&WorldSource::embedded())?;
        Ok(store)
    }

    /// Opens an existing sandbox database, bringing its schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if !path.exists() {
            return Err(StoreError::Missing(path.to_owned()));
        }
        let conn = Connection::open(path)?;
        schema::configure(&conn)?;
        schema::migrate(&conn)?;
        audit::seal(&conn)?;
        let store = Store {
            conn,
            path: Some(path.to_owned()),
        };
        if !store.is_loaded()? {
            return Err(StoreError::NotASandbox(path.to_owned()));
        }
        Ok(store)
    }

    /// Opens the database at `path`, creating it from the shipped world first when
    /// there is none (the desktop app's first start).
    pub fn open_or_create(path: &Path) -> Result<Store, StoreError> {
        if path.exists() {
            Store::open(path)
        } else {
            Store::create(path, false)
        }
    }

    /// A sandbox in memory, for tests and one-off evaluations.
    pub fn in_memory() -> Result<Store, StoreError> {
        Store::in_memory_from(&WorldSource::embedded())
    }

    pub fn in_memory_from(source: &WorldSource) -> Result<Store, StoreError> {
        let mut store = Store {
            conn: Connection::open_in_memory()?,
            path: None,
        };
        store.initialise(source)?;
        Ok(store)
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    fn initialise(&mut self, source: &WorldSource) -> Result<(), StoreError> {
        schema::configure(&self.conn)?;
        schema::migrate(&self.conn)?;
        audit::seal(&self.conn)?;
        let tx = self.conn.transaction()?;
        load::load_world(&tx, source)?;
        tx.commit()?;
        Ok(())
    }

    fn is_loaded(&self) -> Result<bool, StoreError> {
        let count: i64 = self.conn.query_row(
            "SELECT count(*) FROM world_meta WHERE key = 'clock'",
            [],
            |row| row.get(0),
        )?;
        Ok(count == 1)
    }
}
