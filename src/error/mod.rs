//! The core error type. Every fallible core function returns [`Result<T>`].
//!
//! Errors name the object they are about (field, id, file, row). What they say is a [`Msg`]: a
//! stable key from the catalog ([`catalog`], e.g. `common.too_long`) and its parameters
//! (`max = 300`), never a free sentence. English is rendered from the catalog's template (CLI,
//! logs, tests); across IPC an error becomes an [`AppError`] with a closed [`ErrorKind`], the key,
//! the parameters and the context (row, item) so the UI words it in the user's language. This
//! module must not know about tauri.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

#[macro_use]
mod catalog_macro;
pub mod catalog;

pub use catalog::msg;

/// Core result alias.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// One entry of the message catalog: its stable id (`area.name`), the names of its parameters
/// and its English template (`{name}` placeholders).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub id: &'static str,
    pub params: &'static [&'static str],
    pub en: &'static str,
}

/// A message: a catalog key and its parameters, in the order the key declares them. Built only
/// through the catalog's functions (`msg::common::too_long(&300)`), so the compiler checks that
/// every parameter is given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    key: Key,
    params: Vec<(&'static str, String)>,
}

impl Msg {
    /// Used by the catalog's functions. A value quoted in a message is cut to
    /// [`crate::text::MAX_MESSAGE_CHARS`], so an input is never repeated in full.
    pub(crate) fn new(key: Key, params: Vec<(&'static str, String)>) -> Msg {
        debug_assert_eq!(params.iter().map(|p| p.0).collect::<Vec<_>>(), key.params, "{}", key.id);
        let params = params.into_iter().map(|(n, v)| (n, crate::text::capped(&v))).collect();
        Msg { key, params }
    }

    /// The catalog id, e.g. `common.too_long`.
    pub fn key(&self) -> &'static str {
        self.key.id
    }

    /// The parameters by name.
    pub fn params(&self) -> &[(&'static str, String)] {
        &self.params
    }

    /// The value of parameter `name`, if given.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|p| p.0 == name).map(|p| p.1.as_str())
    }

    /// The English sentence: the catalog's template with the parameters filled in.
    pub fn english(&self) -> String {
        render(self.key.en, |name| self.param(name))
    }

    /// The message as it crosses IPC.
    pub fn ipc(&self) -> ErrorMsg {
        ErrorMsg { key: self.key.id, params: self.params.iter().map(|(n, v)| (n.to_string(), v.clone())).collect() }
    }
}

/// A message in a result (not an error) serializes as it crosses IPC, `{key, params}`; a field
/// of this type is declared to ts-rs `as = "ErrorMsg"`.
impl Serialize for Msg {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.ipc().serialize(s)
    }
}

impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.english())
    }
}

/// `template` with each `{name}` replaced by `value(name)` (left as it is when unknown).
pub fn render<'a>(template: &str, value: impl Fn(&str) -> Option<&'a str>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        match after.find('}') {
            Some(j) if after[..j].chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && j > 0 => {
                match value(&after[..j]) {
                    Some(v) => out.push_str(v),
                    None => out.push_str(&rest[i..i + j + 2]),
                }
                rest = &after[j + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The placeholders of `template`, in order of first use.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        let after = &rest[i + 1..];
        match after.find('}') {
            Some(j) if j > 0 && after[..j].chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
                if !out.contains(&&after[..j]) {
                    out.push(&after[..j]);
                }
                rest = &after[j + 1..];
            }
            _ => rest = after,
        }
    }
    out
}

/// Everything that can go wrong in the core.
#[derive(Debug)]
pub enum Error {
    /// Input failed validation. `field` is the name of the input field (as in the IPC types);
    /// `at` is where in a list or file (outermost first: `row 3`, `item 2`).
    Invalid {
        field: &'static str,
        msg: Msg,
        at: Vec<Msg>,
    },
    /// A referenced record does not exist.
    NotFound {
        what: &'static str,
        id: String,
    },
    /// The request contradicts the current state (already initialised, duplicate code, …).
    Conflict(Msg),
    /// Not allowed for this user (wrong password, locked account, role lacks permission).
    Forbidden {
        field: Option<&'static str>,
        msg: Msg,
    },
    /// The user (or the app) stopped a long job; nothing was written. The UI branches on it.
    Cancelled(Msg),
    /// The database file cannot be used as it is (edited migration, newer schema, …).
    Schema(Msg),
    Sqlite(rusqlite::Error),
    Io(std::io::Error),
    Json(serde_json::Error),
    /// A bug or an impossible state; the text says where (technical, not translated).
    Internal(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Invalid { field, .. } => write!(f, "{field}: {}", self.sentence()),
            Error::Schema(m) => write!(f, "database: {m}"),
            Error::Sqlite(e) => write!(f, "sqlite: {e}"),
            Error::Io(e) => write!(f, "i/o: {e}"),
            Error::Json(e) => write!(f, "json: {e}"),
            Error::Internal(s) => write!(f, "internal: {s}"),
            _ => f.write_str(&self.sentence()),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Sqlite(e) => Some(e),
            Error::Io(e) => Some(e),
            Error::Json(e) => Some(e),
            _ => None,
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Sqlite(e)
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e)
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::Json(e)
    }
}

impl Error {
    /// A validation error on `field`.
    pub fn invalid(field: &'static str, msg: Msg) -> Self {
        Error::Invalid { field, msg, at: Vec::new() }
    }

    /// A validation error with `context` (the item of a list, the row of a file) before what it
    /// already has; other errors as they are.
    pub fn at(self, context: Msg) -> Self {
        match self {
            Error::Invalid { field, msg, mut at } => {
                at.insert(0, context);
                Error::Invalid { field, msg, at }
            }
            other => other,
        }
    }

    /// A permission error.
    pub fn forbidden(msg: Msg) -> Self {
        Error::Forbidden { field: None, msg }
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

    /// What the error says, as a catalog message. Technical errors (database, file, JSON, bugs)
    /// are generic keys with the detail as a parameter.
    pub fn msg(&self) -> Msg {
        match self {
            Error::Invalid { msg, .. }
            | Error::Conflict(msg)
            | Error::Forbidden { msg, .. }
            | Error::Cancelled(msg)
            | Error::Schema(msg) => msg.clone(),
            Error::NotFound { what, id } => msg::common::not_found(what, id),
            Error::Sqlite(e) => msg::common::internal(&format!("sqlite: {e}")),
            Error::Io(e) => msg::common::io(e),
            Error::Json(e) => msg::common::internal(&format!("json: {e}")),
            Error::Internal(s) => msg::common::internal(s),
        }
    }

    /// The context of a validation error (row, item), outermost first.
    pub fn context(&self) -> &[Msg] {
        match self {
            Error::Invalid { at, .. } => at,
            _ => &[],
        }
    }

    /// The English sentence without the field: the context, then the message.
    pub fn sentence(&self) -> String {
        let mut s = String::new();
        for c in self.context() {
            s.push_str(&c.english());
            s.push_str(": ");
        }
        s.push_str(&self.msg().english());
        s
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

/// A catalog message across IPC: its key and its parameters by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ErrorMsg {
    pub key: &'static str,
    pub params: BTreeMap<String, String>,
}

/// The serializable error the app sends to the UI. The UI words it from `key`, `params` and
/// `context` (see `ui/src/lib/errors.ts` `errorText`); `message` is the English rendering (logs,
/// a fallback), `field` the input it is about.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct AppError {
    pub kind: ErrorKind,
    pub message: String,
    pub field: Option<String>,
    pub key: &'static str,
    pub params: BTreeMap<String, String>,
    /// Where in a list or file (row, item), outermost first; shown before the message.
    pub context: Vec<ErrorMsg>,
}

impl From<Error> for AppError {
    /// The message is cut to [`crate::text::MAX_MESSAGE_CHARS`]: whatever built it, a shell
    /// never shows a long input back in full.
    fn from(e: Error) -> Self {
        let message = crate::text::capped(&match &e {
            // The field is carried separately; the message reads as a sentence.
            Error::Invalid { .. } => e.sentence(),
            other => other.to_string(),
        });
        let m = e.msg().ipc();
        AppError {
            kind: e.kind(),
            field: e.field().map(str::to_owned),
            message,
            key: m.key,
            params: m.params,
            context: e.context().iter().map(Msg::ipc).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_error_carries_field_key_params_and_context_across_ipc() {
        let e = Error::invalid("quantity", msg::common::too_long(&300)).at(msg::common::ctx_item(&2));
        assert_eq!(e.to_string(), "quantity: item 2: at most 300 characters");
        let e: AppError = e.into();
        assert_eq!(e.kind, ErrorKind::Invalid);
        assert_eq!(e.field.as_deref(), Some("quantity"));
        assert_eq!(e.message, "item 2: at most 300 characters");
        assert_eq!(e.key, "common.too_long");
        assert_eq!(e.params.get("max").map(String::as_str), Some("300"));
        assert_eq!(e.context.len(), 1);
        assert_eq!(e.context[0].key, "common.ctx_item");
        assert_eq!(e.context[0].params.get("n").map(String::as_str), Some("2"));
    }

    #[test]
    fn sqlite_errors_are_internal_without_field_and_keep_the_detail_as_a_parameter() {
        let e: AppError = Error::from(rusqlite::Error::InvalidQuery).into();
        assert_eq!(e.kind, ErrorKind::Internal);
        assert!(e.field.is_none());
        assert_eq!(e.key, "common.internal");
        assert!(e.params["detail"].starts_with("sqlite: "), "{:?}", e.params);
    }

    #[test]
    fn not_found_is_a_catalog_message_with_what_and_id() {
        let e: AppError = Error::NotFound { what: "hazard", id: "H-1".into() }.into();
        assert_eq!(e.key, "common.not_found");
        assert_eq!(e.params["what"], "hazard");
        assert_eq!(e.params["id"], "H-1");
        assert_eq!(e.message, "hazard not found: H-1");
    }

    #[test]
    fn a_long_parameter_is_cut() {
        let m = msg::common::not_found(&"user", &"x".repeat(5_000));
        assert!(m.param("id").unwrap().chars().count() <= crate::text::MAX_MESSAGE_CHARS);
    }

    #[test]
    fn every_catalog_key_is_unique_snake_case_and_its_template_uses_exactly_its_parameters() {
        let mut seen = std::collections::BTreeSet::new();
        for k in catalog::ALL {
            assert!(seen.insert(k.id), "{} is declared twice", k.id);
            let (area, name) = k.id.split_once('.').unwrap_or_else(|| panic!("{} has no area", k.id));
            for part in [area, name] {
                assert!(
                    !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                    "{} is not snake_case",
                    k.id
                );
            }
            let mut used = placeholders(k.en);
            used.sort_unstable();
            let mut declared = k.params.to_vec();
            declared.sort_unstable();
            assert_eq!(used, declared, "{}: template {:?}", k.id, k.en);
        }
        assert!(seen.len() > 100, "the catalog is the whole list: {}", seen.len());
    }

    #[test]
    fn render_fills_known_placeholders_and_leaves_others() {
        assert_eq!(render("at most {max} characters", |n| (n == "max").then_some("5")), "at most 5 characters");
        assert_eq!(render("{a} {b} {", |n| (n == "a").then_some("x")), "x {b} {");
        assert_eq!(placeholders("{a} and {b}, {a} {{ }"), vec!["a", "b"]);
    }

    /// Writes the whole catalog (key → parameters, English template) for the UI; committed, so
    /// a key added here without the UI knowing it shows up as a changed file (scripts/test.sh)
    /// and the UI's test fails until both languages have it.
    #[test]
    fn export_bindings_error_catalog() {
        let dir = std::env::var("TS_RS_EXPORT_DIR").unwrap_or_else(|_| "ui/src/ipc/bindings".into());
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let mut out = serde_json::Map::new();
        for k in catalog::ALL {
            out.insert(k.id.to_string(), serde_json::json!({ "params": k.params, "en": k.en }));
        }
        let text = serde_json::to_string_pretty(&serde_json::Value::Object(out)).unwrap() + "\n";
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("errorCatalog.json"), text).unwrap();
        assert!(dir.join("errorCatalog.json").exists());
    }
}
