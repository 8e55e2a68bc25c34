use std::sync::Mutex;

use countersign_core::{Desk, DeskError, ErrorCode};

/// The desk behind a mutex: SQLite connections are not shared between threads,
/// and approvals must not interleave.
pub struct DeskState(Mutex<Desk>);

impl DeskState {
    pub fn new(desk: Desk) -> Self {
        DeskState(Mutex::new(desk))
    }

    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut Desk) -> Result<T, DeskError>,
    ) -> Result<T, DeskError> {
        let mut desk = self.0.lock().map_err(|_| DeskError {
            code: ErrorCode::Storage,
            message: "An earlier operation failed midway; restart the app.".into(),
        })?;
        f(&mut desk)
    }
}
