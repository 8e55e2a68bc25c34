//! Schema migrations, tracked with SQLite's `user_version`: each entry of
//! `MIGRATIONS` runs once, in order, inside a transaction.

use rusqlite::Connection;

use crate::StoreError;

const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_world.sql"),
    include_str!("../migrations/0002_returns_exchanges.sql"),
    include_str!("../migrations/0003_customer_order_position.sql"),
    include_str!("../migrations/0004_idempotency.sql"),
    include_str!("../migrations/0005_audit_chain.sql"),
    include_str!("../migrations/0006_reply_drafts.sql"),
    include_str!("../migrations/0007_desk_events.sql"),
];

pub(crate) fn configure(conn: &Connection) -> Result<(), StoreError> {
    // WAL lets the desk read while an approval writes; foreign keys catch bugs early.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    // Every read of a customer's context runs some twenty statements: keep them
    // all prepared (the default cache of 16 would evict and re-parse them).
    conn.set_prepared_statement_cache_capacity(128);
    // The bundled SQLite is built with STAT4, which re-plans a statement each
    // time a parameter is bound; one plan per statement is what this store needs
    // (it made re-parsing a quarter of a triage's time).
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    Ok(())
}

pub(crate) fn migrate(conn: &Connection) -> Result<(), StoreError> {
    let current: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    let known = MIGRATIONS.len() as i64;
    if current > known {
        return Err(StoreError::SchemaTooNew {
            found: current,
            known,
        });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let version = index as i64 + 1;
        conn.execute_batch(&format!(
            "BEGIN;\n{sql}\nPRAGMA user_version = {version};\nCOMMIT;"
        ))?;
        tracing::info!(version, "applied database migration");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_idempotent() {
        let conn = Connection::open_in_memory().unwrap();
        migrate(&conn).unwrap();
        migrate(&conn).unwrap();
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .unwrap();
        assert_eq!(version, MIGRATIONS.len() as i64);
    }

    #[test]
    fn refuses_a_database_from_the_future() {
        let conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        assert!(matches!(
            migrate(&conn),
            Err(StoreError::SchemaTooNew { found: 99, .. })
        ));
    }
}
