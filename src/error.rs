//! The core error type. Every fallible core function returns [`Result<T>`].
//!
//! Errors name the object they are about (field, id, file, row). Across IPC they become an
//! [`AppError`] with a closed set of [`ErrorKind`]s; the UI branches on `kind` and shows
//! `message` next to `field`. This module must not know about tauri.

use serde::Serialize;

/// Core result alias.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input failed validation. `field` is the name of the input field (as in the IPC types).
    #[error("{field}: {message}")]
    Invalid { field: &'static str, message: String },
    /// A referenced record does not exist.
    #[error("{what} not found: {id}")]
    NotFound { what: &'static str, id: String },
    /// The request contradicts the current state (already initialised, duplicate code, …).
    #[error("{0}")]
    Conflict(String),
    /// Not allowed for this user (wrong password, locked account, role lacks permission).
    #[error("{message}")]
    Forbidden { field: Option<&'static str>, message: String },
    /// The user (or the app) stopped a long job; nothing was written. The UI branches on it.
    #[error("{0}")]
    Cancelled(String),
    /// The database file cannot be used as it is (edited migration, newer schema, …).
    #[error("database: {0}")]
    Schema(String),
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    /// A bug or an impossible state; the message says where.
    #[error("internal: {0}")]
    Internal(String),
}

impl Error {
    /// Shorthand for a validation error on `field`. The message is [`crate::text::capped`], so
    /// an input quoted in it is never repeated in full.
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Error::Invalid { field, message: crate::text::capped(&message.into()) }
    }

    /// A validation error with `context` (the item of a list, the row of a file) before its
    /// message; other errors as they are.
    pub fn prefixed(self, context: &str) -> Self {
        match self {
            Error::Invalid { field, message } => Error::invalid(field, format!("{context}: {message}")),
            other => other,
        }
    }

    /// Shorthand for a permission error.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Error::Forbidden { field: None, message: message.into() }
    }

    /// The closed kind the UI can branch on.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Invalid { .. } => ErrorKind::Invalid,
            Error::NotFound { .. } => ErrorKind::NotFound,
            Error::Conflict(_) => ErrorKind::Conflict,
            Error::Forbidden { .. } => ErrorKind::Forbidden,
            Error::Io(_) => ErrorKind::Io,
            Error::Cancelled(_) => ErrorKind::Cancelled,
            Error::Schema(_) | Error::Sqlite(_) | Error::Json(_) | Error::Internal(_) => ErrorKind::Internal,
        }
    }

    /// The input field the error is about, if any.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Error::Invalid { field, .. } => Some(field),
            Error::Forbidden { field, .. } => *field,
            _ => None,
        }
    }
}

/// The closed set of error kinds that cross IPC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum ErrorKind {
    NotFound,
    Invalid,
    Conflict,
    Forbidden,
    /// A long job was cancelled on request; nothing was written.
    Cancelled,
    Io,
    Internal,
}

/// The serializable error the app sends to the UI: `{kind, message, field}`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct AppError {
    pub kind: ErrorKind,
    pub message: String,
    pub field: Option<String>,
}

impl From<Error> for AppError {
    /// The message is cut to [`crate::text::MAX_MESSAGE_CHARS`]: whatever built it, a shell
    /// never shows a long input back in full.
    fn from(e: Error) -> Self {
        let message = crate::text::capped(&match &e {
            // The field is carried separately; the message reads as a sentence.
            Error::Invalid { message, .. } => message.clone(),
            other => other.to_string(),
        });
        AppError { kind: e.kind(), field: e.field().map(str::to_owned), message }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_error_carries_field_and_kind_across_ipc() {
        let e: AppError = Error::invalid("quantity", "must be greater than 0").into();
        assert_eq!(e.kind, ErrorKind::Invalid);
        assert_eq!(e.field.as_deref(), Some("quantity"));
        assert_eq!(e.message, "must be greater than 0");
    }

    #[test]
    fn sqlite_errors_are_internal_without_field() {
        let e: AppError = Error::from(rusqlite::Error::InvalidQuery).into();
        assert_eq!(e.kind, ErrorKind::Internal);
        assert!(e.field.is_none());
    }
}
