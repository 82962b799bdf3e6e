//! Files sent from the UI cross IPC as raw bytes (the request body is the file, never a JSON
//! array of numbers), with what describes them in headers: `x-file-name` (percent-encoded
//! UTF-8, so Chinese file names survive) and `x-progress-channel` (the job's progress channel,
//! `__CHANNEL__:<id>`). ARCHITECTURE.md, "Decision: files", says why; this is the only place that
//! unpacks such a request.

use ehs_ledger::{AppError, Error};
use std::str::FromStr;
use tauri::ipc::{Channel, InvokeBody, JavaScriptChannelId, Request};
use tauri::{Runtime, Webview};

pub const FILE_NAME: &str = "x-file-name";
pub const PROGRESS_CHANNEL: &str = "x-progress-channel";

/// A file sent as the request body.
pub struct Upload<T> {
    pub name: String,
    pub bytes: Vec<u8>,
    pub progress: Channel<T>,
}

fn header<'a>(request: &'a Request<'_>, name: &str) -> Result<&'a str, AppError> {
    request
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| AppError::from(Error::invalid("file", ehs_ledger::msg::app::request_has_no_header(&name))))
}

/// A header the upload's command reads besides the file (percent-encoded UTF-8), if present.
pub fn optional(request: &Request<'_>, name: &str) -> Option<String> {
    let raw = request.headers().get(name)?.to_str().ok()?;
    percent_encoding::percent_decode_str(raw).decode_utf8().ok().map(|s| s.into_owned())
}

/// Unpacks an upload: the raw body (or, from a webview without the raw IPC path, the same bytes
/// as a JSON array), the decoded file name and the progress channel.
pub fn unpack<R: Runtime, T>(webview: Webview<R>, request: &Request<'_>) -> Result<Upload<T>, AppError> {
    let name = percent_encoding::percent_decode_str(header(request, FILE_NAME)?)
        .decode_utf8()
        .map_err(|_| AppError::from(Error::invalid("file", ehs_ledger::msg::app::file_name_not_utf())))?
        .into_owned();
    let channel = JavaScriptChannelId::from_str(header(request, PROGRESS_CHANNEL)?)
        .map_err(|e| AppError::from(Error::invalid("file", ehs_ledger::msg::app::progress_channel(&e))))?;
    let bytes = body(request)?;
    Ok(Upload { name, bytes, progress: channel.channel_on(webview) })
}

/// The request body as a file's bytes (raw, or the same bytes as a JSON array from a webview
/// without the raw IPC path), for an upload that needs no job (a hazard photo).
pub fn body(request: &Request<'_>) -> Result<Vec<u8>, AppError> {
    match request.body() {
        InvokeBody::Raw(b) => Ok(b.clone()),
        InvokeBody::Json(v) => serde_json::from_value::<Vec<u8>>(v.clone())
            .map_err(|_| AppError::from(Error::invalid("file", ehs_ledger::msg::app::request_body_not_files()))),
    }
}
