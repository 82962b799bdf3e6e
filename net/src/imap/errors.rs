//! The steps of a pass and what a failure in each means: `Transient` (try again later) or
//! `Permanent` (stop and show the user), with a message that names the step, the server and
//! quotes its reply. Must not: put the password in a message (the caller scrubs as well), or
//! branch on an error's text except the server's RFC 5530 codes where async-imap leaves only text.

use std::io;

use async_imap::imap_proto::{Response, ResponseCode, Status};

use super::{ImapConfig, ImapError, ImapErrorKind, ImapFailure};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Step {
    Connect,
    Tls,
    Greeting,
    StartTls,
    Login,
    Capability,
    Select,
    Create,
    Search,
    Fetch,
    Store,
    Move,
    Logout,
}

impl Step {
    pub(super) fn what(self) -> &'static str {
        match self {
            Step::Connect => "cannot connect to",
            Step::Tls => "TLS with",
            Step::Greeting => "no greeting from",
            Step::StartTls => "STARTTLS with",
            Step::Login => "sign-in refused by",
            Step::Capability => "CAPABILITY failed on",
            Step::Select => "cannot select the mailbox on",
            Step::Create => "cannot create the processed mailbox on",
            Step::Search => "UID SEARCH failed on",
            Step::Fetch => "UID FETCH failed on",
            Step::Store => "UID STORE failed on",
            Step::Move => "moving the message failed on",
            Step::Logout => "LOGOUT failed on",
        }
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            Step::Connect => "the connect",
            Step::Tls => "the TLS handshake",
            Step::Greeting => "the greeting",
            Step::StartTls => "STARTTLS",
            Step::Login => "the sign-in",
            Step::Capability => "CAPABILITY",
            Step::Select => "SELECT",
            Step::Create => "LIST/CREATE",
            Step::Search => "UID SEARCH",
            Step::Fetch => "UID FETCH",
            Step::Store => "UID STORE",
            Step::Move => "the move",
            Step::Logout => "LOGOUT",
        }
    }
}

/// Bounds one step by `step_timeout`.
pub(super) async fn bounded<T>(
    cfg: &ImapConfig,
    step: Step,
    fut: impl std::future::Future<Output = Result<T, ImapError>>,
) -> Result<T, ImapError> {
    match tokio::time::timeout(cfg.step_timeout, fut).await {
        Ok(r) => r,
        Err(_) => Err(ImapError::new(
            ImapErrorKind::Transient,
            ImapFailure::Timeout,
            format!(
                "IMAP server {}:{} did not finish {} within {} s",
                cfg.host,
                cfg.port,
                step.name(),
                cfg.step_timeout.as_secs_f64()
            ),
        )),
    }
}

/// A tagged `NO` (`bad` = false) or `BAD` to a command.
pub(super) fn refused(cfg: &ImapConfig, step: Step, bad: bool, text: &str) -> ImapError {
    let (kind, failure) = if bad {
        (ImapErrorKind::Permanent, ImapFailure::Protocol)
    } else {
        match step {
            Step::Select | Step::Create => (ImapErrorKind::Permanent, ImapFailure::Mailbox),
            Step::StartTls => (ImapErrorKind::Permanent, ImapFailure::Tls),
            _ => (ImapErrorKind::Transient, ImapFailure::Server),
        }
    };
    let reply = if bad { "BAD" } else { "NO" };
    let what = match step {
        Step::Select => format!("cannot select {:?} on", cfg.mailbox),
        Step::Create => format!("cannot create {:?} on", cfg.processed_mailbox.as_deref().unwrap_or_default()),
        _ => step.what().to_owned(),
    };
    ImapError::new(kind, failure, format!("{what} IMAP server {}:{}: {reply} {text}", cfg.host, cfg.port))
}

pub(super) fn classify(cfg: &ImapConfig, step: Step, e: async_imap::error::Error) -> ImapError {
    use async_imap::error::Error as E;
    let (kind, failure) = match &e {
        E::Io(io) if has_tls_cause(io) => (ImapErrorKind::Permanent, ImapFailure::Tls),
        E::Io(_) if step == Step::Connect => (ImapErrorKind::Transient, ImapFailure::Connect),
        E::Io(_) | E::ConnectionLost => (ImapErrorKind::Transient, ImapFailure::Network),
        // The server is there but cannot sign anyone in right now (RFC 5530).
        E::No(text) if step == Step::Login && (text.contains("[UNAVAILABLE]") || text.contains("[INUSE]")) => {
            (ImapErrorKind::Transient, ImapFailure::Auth)
        }
        E::No(_) | E::Bad(_) if step == Step::Login => (ImapErrorKind::Permanent, ImapFailure::Auth),
        E::No(_) | E::Bad(_) if step == Step::StartTls => (ImapErrorKind::Permanent, ImapFailure::Tls),
        E::No(_) => (ImapErrorKind::Transient, ImapFailure::Server),
        E::Validate(_) => (ImapErrorKind::Permanent, ImapFailure::Config),
        _ => (ImapErrorKind::Permanent, ImapFailure::Protocol),
    };
    let what = match (step, failure) {
        (Step::Connect, ImapFailure::Network) => "connection lost while greeting",
        (Step::StartTls, ImapFailure::Tls) => "STARTTLS refused by",
        (_, ImapFailure::Tls) => "TLS with",
        (_, ImapFailure::Network) => "connection lost during",
        _ => step.what(),
    };
    let during = if failure == ImapFailure::Network { format!(" {}", step.name()) } else { String::new() };
    let whom = if failure == ImapFailure::Network { " with IMAP server" } else { " IMAP server" };
    let detail = match &e {
        E::No(text) => format!("NO {}", tidy_reply(text)),
        E::Bad(text) => format!("BAD {}", tidy_reply(text)),
        _ => chain(&e),
    };
    ImapError::new(kind, failure, format!("{what}{during}{whom} {}:{}: {detail}", cfg.host, cfg.port))
}

/// async-imap words a tagged NO/BAD as `code: None, info: Some("[AUTHENTICATIONFAILED] …")`;
/// this keeps the server's text (shown to the user, never branched on).
fn tidy_reply(text: &str) -> String {
    let info = text
        .split_once("info: Some(\"")
        .and_then(|(_, rest)| rest.strip_suffix("\")"))
        .map(|s| s.replace("\\\"", "\""));
    match (text.split_once("code: ").and_then(|(_, r)| r.split_once(", info:")).map(|(c, _)| c), info) {
        (Some("None") | None, Some(info)) => info,
        (Some(code), Some(info)) => format!("{code} {info}"),
        _ => text.to_owned(),
    }
}

/// rustls reports a failed handshake as an `io::Error` wrapping a `rustls::Error`.
fn has_tls_cause(io: &io::Error) -> bool {
    io.get_ref().is_some_and(|inner| inner.is::<rustls::Error>())
}

/// The error and its sources in one line.
fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut src = e.source();
    while let Some(s) = src {
        let t = s.to_string();
        if !out.contains(&t) {
            out.push_str(": ");
            out.push_str(&t);
        }
        src = s.source();
    }
    out
}

pub(super) fn outcome_text(code: &Option<ResponseCode<'_>>, information: &Option<std::borrow::Cow<'_, str>>) -> String {
    let info = information.as_deref().unwrap_or("").trim();
    match code {
        Some(c) => format!("[{c:?}] {info}"),
        None => info.to_owned(),
    }
}

/// A response named by its kind only (it may hold a message body).
pub(super) fn short(r: &Response<'_>) -> &'static str {
    match r {
        Response::Data { status: Status::PreAuth, .. } => "PREAUTH (signed in without a password)",
        Response::Data { .. } => "a status response",
        Response::Continue(_) => "a continuation",
        _ => "an unexpected response",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_replies_are_shown_as_the_server_wrote_them() {
        let e = async_imap::error::Error::No(format!(
            "code: None, info: {:?}",
            Some("[AUTHENTICATIONFAILED] Authentication \"failed\".")
        ));
        assert_eq!(
            tidy_reply(&e.to_string()["no response: ".len()..]),
            "[AUTHENTICATIONFAILED] Authentication \"failed\"."
        );
        assert_eq!(tidy_reply("code: Some(Alert), info: Some(\"x\")"), "Some(Alert) x");
        assert_eq!(tidy_reply("odd"), "odd");
    }
}
