use serde::Serialize;
use ts_rs::TS;

/// The codes the UI branches on. A variant exists only when the front end does
/// something different for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The ticket, agent or action asked for does not exist.
    NotFound,
    /// The request itself is malformed (an action index out of range, ...).
    InvalidInput,
    /// The database could not be read or written.
    Storage,
}

/// The one error contract at the IPC boundary: a code to branch on and a sentence
/// a person can act on. The full cause chain goes to the log, not to the screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct DeskError {
    pub code: ErrorCode,
    pub message: String,
}

impl DeskError {
    pub fn not_found(message: impl Into<String>) -> Self {
        DeskError {
            code: ErrorCode::NotFound,
            message: message.into(),
        }
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        DeskError {
            code: ErrorCode::InvalidInput,
            message: message.into(),
        }
    }

    /// A local file or the database could not be written.
    pub fn storage(message: impl Into<String>) -> Self {
        DeskError {
            code: ErrorCode::Storage,
            message: message.into(),
        }
    }
}

impl From<countersign_store::StoreError> for DeskError {
    fn from(error: countersign_store::StoreError) -> Self {
        tracing::error!(error = %error, "store error");
        DeskError {
            code: ErrorCode::Storage,
            message: format!("The local database failed: {error}"),
        }
    }
}
