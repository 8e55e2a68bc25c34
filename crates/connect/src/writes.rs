//! What a connector wrote, by idempotency key: where to look afterwards when a
//! write's answer was lost and the retry engine asks whether it took effect.

use std::collections::HashMap;
use std::sync::Mutex;

use countersign_exec::ExecError;

#[derive(Debug)]
pub(crate) struct Writes<T> {
    by_key: Mutex<HashMap<String, T>>,
}

impl<T: Clone> Writes<T> {
    pub(crate) fn new() -> Self {
        Self {
            by_key: Mutex::new(HashMap::new()),
        }
    }

    /// Notes where the write under `key` goes, before it is sent.
    pub(crate) fn remember(&self, key: &str, write: T) {
        if let Ok(mut by_key) = self.by_key.lock() {
            by_key.insert(key.to_owned(), write);
        }
    }

    /// Where the write under `key` went; unknown when this client did not send it
    /// (another process did, or this one restarted).
    pub(crate) fn recall(&self, key: &str, system: &str) -> Result<T, ExecError> {
        self.by_key
            .lock()
            .ok()
            .and_then(|by_key| by_key.get(key).cloned())
            .ok_or_else(|| {
                ExecError::Unknown(format!(
                    "this {system} client did not send that write, so it cannot tell whether it took effect"
                ))
            })
    }
}
