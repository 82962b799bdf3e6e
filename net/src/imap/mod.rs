//! Fetching HQ's mail over IMAP (issue 11 item 3): one pass over a mailbox, each new message
//! handed to the caller, each imported one moved away (or flagged) so it is not fetched again.
//!
//! Owns: the IMAP settings as the network edge sees them (`ImapConfig`), the connection (TCP,
//! implicit TLS or STARTTLS with rustls, LOGIN or AUTHENTICATE PLAIN), the commands of one pass (SELECT, UID SEARCH,
//! UID FETCH, UID MOVE / COPY + STORE + EXPUNGE, UID STORE, LOGOUT), and classifying every failure
//! as `Transient` (try again later) or `Permanent` (stop and show the user). Must not: parse or
//! import a packet (the caller's `handle` does, the core decides), touch the database, decide when
//! to fetch again, log or return the password, or ever accept a certificate it cannot verify — a
//! mail server with a corporate CA is trusted through `extra_ca_pem`, never through "accept any
//! cert".
//!
//! # Delivery: at least once, never lost
//! A message leaves the mailbox only after `handle` said [`Disposition::Processed`], and only by
//! a server-side move (`UID MOVE`) or by a copy that the server confirmed before the original is
//! marked `\Deleted` and expunged: a message is never deleted without having been copied first.
//! Anything that breaks between `handle` and the move's OK (a dropped connection, a timeout, a
//! crash) leaves the message where it was, so the next pass fetches it and calls `handle` again.
//! That is why `handle` must be idempotent (importing the same packet twice counts once): the
//! pass is at-least-once, and "exactly once" is the importer's job, not the mail server's.
//! [`Disposition::NotPacket`] and [`Disposition::Retry`] leave the message untouched (no flag, no
//! `\Seen`: bodies are fetched with `BODY.PEEK[]`); the caller remembers the not-a-packet ones and
//! answers `known(uid_validity, uid)` with true so later passes skip them without downloading.
//!
//! Without a MOVE capability the fallback is `UID COPY`, `UID STORE +FLAGS (\Deleted)`, then
//! `UID EXPUNGE` (UIDPLUS) or a plain `EXPUNGE` — the latter also expunges messages that another
//! client marked `\Deleted` in that mailbox, as any IMAP client's "expunge" does. Messages already
//! marked `\Deleted` are not fetched (the search is `UNDELETED`): one the fallback copied but
//! could not expunge is not imported a second time.
//!
//! # Bounded
//! Every step (connect, TLS, greeting, sign-in, each command including the download of one
//! message, LOGOUT) is wrapped in `tokio::time::timeout(step_timeout)`; a timeout drops the
//! connection (its state is unknown) and is `Transient`. The callbacks run between steps on the
//! calling task and are not bounded here.
//!
//! Here: the settings, the results and the rules of a pass (`fetch_once`, `pass`). `session`
//! holds the connection and the commands, `errors` the steps and how a failure is classified,
//! `wire` the encodings (modified UTF-7 mailbox names, UID sets, INTERNALDATE).

mod errors;
mod session;
mod wire;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use tokio_rustls::TlsConnector;

use session::Conn;
use wire::{is_inbox, mailbox_name};

/// The keyword set on a processed message when it is not moved (`processed_mailbox` is None).
pub const PROCESSED_KEYWORD: &str = "$EhsProcessed";

/// How the connection to the IMAP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// Implicit TLS from the first byte (usually port 993).
    Tls,
    /// Plain connection upgraded with STARTTLS before signing in (usually port 143); a server
    /// that refuses STARTTLS is refused.
    StartTls,
    /// No encryption. Refused together with a password, as for SMTP (`smtp::Security::Plain`):
    /// a password is never sent in clear text.
    Plain,
}

/// The IMAP settings for one pass. The password comes from `secrets::SecretStore`; `Debug`
/// never prints it.
#[derive(Clone)]
pub struct ImapConfig {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub username: String,
    /// Sent with LOGIN, or with AUTHENTICATE PLAIN when it (or the user name) is not ASCII,
    /// which LOGIN cannot carry portably.
    pub password: String,
    /// The mailbox to read, usually `INBOX` (any Unicode name; sent in modified UTF-7).
    pub mailbox: String,
    /// Where processed messages are moved (created if missing, e.g. `EHS-Imported`); None = they
    /// stay and get the keyword [`PROCESSED_KEYWORD`] instead.
    pub processed_mailbox: Option<String>,
    /// Bounds each step: connect, TLS, greeting, sign-in, each command (one message's download).
    /// Servers answer a refused password only after a delay (dovecot: 2 s, growing to 15 s for
    /// repeated failures from one address), so under ~20 s a wrong password can surface as a
    /// `Timeout` (Transient) rather than `Auth` (Permanent).
    pub step_timeout: Duration,
    /// Extra trusted root certificate(s), PEM, for a server with a corporate CA. Added to the
    /// platform's roots; verification is never switched off.
    pub extra_ca_pem: Option<Vec<u8>>,
    /// Larger messages (per the server's RFC822.SIZE) are listed in `too_large`, not downloaded.
    pub max_message_bytes: usize,
}

impl fmt::Debug for ImapConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ImapConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .field("mailbox", &self.mailbox)
            .field("processed_mailbox", &self.processed_mailbox)
            .field("step_timeout", &self.step_timeout)
            .field("extra_ca_pem", &self.extra_ca_pem.as_ref().map(|p| p.len()))
            .field("max_message_bytes", &self.max_message_bytes)
            .finish()
    }
}

/// One downloaded message, as the server stores it.
#[derive(Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The mailbox's UIDVALIDITY: `(uid_validity, uid)` names this message for good.
    pub uid_validity: u32,
    pub uid: u32,
    /// When the server received it (INTERNALDATE), if it said.
    pub internal_date: Option<DateTime<Utc>>,
    /// The whole message (RFC 5322 bytes, `BODY.PEEK[]`).
    pub bytes: Vec<u8>,
}

impl fmt::Debug for Fetched {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fetched")
            .field("uid_validity", &self.uid_validity)
            .field("uid", &self.uid)
            .field("internal_date", &self.internal_date)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

/// What the caller did with a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disposition {
    /// Imported (or already known to the importer): move it to `processed_mailbox`, or flag it.
    Processed,
    /// Not a packet: leave it exactly as it is; the caller lists it and answers `known` next time.
    NotPacket,
    /// Could not decide now (e.g. the database is busy): leave it untouched, try next pass.
    Retry,
}

/// What one pass did. On an error, `ImapError::report_so_far` holds the same for the part done.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FetchReport {
    /// The mailbox's UIDVALIDITY, once selected.
    pub uid_validity: Option<u32>,
    /// Messages the search found (not deleted, not flagged processed).
    pub seen: usize,
    /// Handled as [`Disposition::Processed`] and then moved or flagged (the server said OK).
    pub processed: usize,
    pub not_packet: usize,
    pub retry: usize,
    /// Skipped without downloading because `known` said so.
    pub skipped_known: usize,
    /// UIDs over `max_message_bytes`: listed, not downloaded, left alone.
    pub too_large: Vec<u32>,
}

/// Retry later, or stop and show the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImapErrorKind {
    /// Connection refused or dropped, DNS, timeouts, BYE, a `NO` to a command (quota, busy).
    Transient,
    /// Sign-in refused, an untrusted certificate, a missing mailbox, a setting that cannot work,
    /// a server that does not speak the protocol as expected.
    Permanent,
}

/// What failed, for the UI and the log (never branch on `message`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImapFailure {
    /// The settings cannot work (empty host, bad extra CA, a password over a plain connection).
    Config,
    /// TCP connect failed: refused, unreachable, DNS.
    Connect,
    /// TLS failed: the certificate is not trusted or not for this host, or STARTTLS is refused.
    Tls,
    /// A step got no answer within `step_timeout`.
    Timeout,
    /// The server refused the user name or password.
    Auth,
    /// The mailbox cannot be selected (missing) or the processed mailbox cannot be created.
    Mailbox,
    /// The server answered a command with `NO` (see `message` for its text).
    Server,
    /// The server answered `BAD`, or something this client cannot use (no UIDVALIDITY, PREAUTH).
    Protocol,
    /// The connection broke (reset, closed, BYE) or could not be read.
    Network,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ImapError {
    pub kind: ImapErrorKind,
    pub failure: ImapFailure,
    /// Names the step and the server and quotes the server's text; never contains the password.
    pub message: String,
    /// What the pass had done before it failed (processed messages stay processed).
    pub report_so_far: FetchReport,
}

impl ImapError {
    pub(crate) fn new(kind: ImapErrorKind, failure: ImapFailure, message: String) -> Self {
        ImapError { kind, failure, message, report_so_far: FetchReport::default() }
    }

    pub(crate) fn config(message: String) -> Self {
        ImapError::new(ImapErrorKind::Permanent, ImapFailure::Config, message)
    }

    pub fn is_permanent(&self) -> bool {
        self.kind == ImapErrorKind::Permanent
    }
}

/// One pass over `cfg.mailbox`, see the module doc. For each message the search finds, in UID
/// order: skipped if `known(uid_validity, uid)`, listed in `too_large` if over
/// `max_message_bytes`, else downloaded and given to `handle`, whose [`Disposition`] decides
/// whether it is moved/flagged or left alone. Ends with LOGOUT (bounded, its failure ignored).
pub async fn fetch_once(
    cfg: &ImapConfig,
    known: &(dyn Fn(u32, u32) -> bool + Send + Sync),
    handle: &mut (dyn FnMut(Fetched) -> Disposition + Send),
) -> Result<FetchReport, ImapError> {
    let plan = Plan::new(cfg).map_err(|e| scrub(e, &cfg.password))?;
    let mut report = FetchReport::default();
    let result = match Conn::open(cfg, plan.tls.as_ref()).await {
        Ok(mut conn) => {
            let r = pass(&mut conn, cfg, &plan, known, handle, &mut report).await;
            // After a timeout or a broken connection its state is unknown: just drop it.
            let in_sync = match &r {
                Ok(()) => true,
                Err(e) => matches!(e.failure, ImapFailure::Server | ImapFailure::Mailbox | ImapFailure::Config),
            };
            if in_sync {
                conn.logout().await;
            }
            r
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(report),
        Err(mut e) => {
            e.report_so_far = report;
            Err(scrub(e, &cfg.password))
        }
    }
}

/// The pass itself, on a signed-in connection: the rules of the module doc, in order.
async fn pass(
    conn: &mut Conn<'_>,
    cfg: &ImapConfig,
    plan: &Plan,
    known: &(dyn Fn(u32, u32) -> bool + Send + Sync),
    handle: &mut (dyn FnMut(Fetched) -> Disposition + Send),
    report: &mut FetchReport,
) -> Result<(), ImapError> {
    let caps = conn.capabilities().await?;
    let selected = conn.select(&plan.mailbox).await?;
    let uid_validity = selected.uid_validity;
    report.uid_validity = Some(uid_validity);
    let query = match &plan.processed {
        Some(dest) => {
            conn.ensure_mailbox(dest).await?;
            "UNDELETED".to_owned()
        }
        None => {
            if !selected.keywords_allowed {
                return Err(ImapError::config(format!(
                    "processed_mailbox: the server does not let {PROCESSED_KEYWORD} be set on {:?}; set a folder to move processed mail to",
                    cfg.mailbox
                )));
            }
            format!("UNDELETED UNKEYWORD {PROCESSED_KEYWORD}")
        }
    };
    let mut uids = conn.search(&query).await?;
    uids.sort_unstable();
    uids.dedup();
    report.seen = uids.len();
    let mut wanted = Vec::with_capacity(uids.len());
    for uid in uids {
        if known(uid_validity, uid) {
            report.skipped_known += 1;
        } else {
            wanted.push(uid);
        }
    }
    if wanted.is_empty() {
        return Ok(());
    }
    let sizes = conn.sizes(&wanted).await?;
    for uid in wanted {
        // Gone since the search (another client moved or expunged it): nothing to do.
        let Some(&size) = sizes.get(&uid) else { continue };
        if usize::try_from(size).map_or(true, |s| s > cfg.max_message_bytes) {
            report.too_large.push(uid);
            continue;
        }
        let Some(fetched) = conn.fetch(uid_validity, uid).await? else { continue };
        if fetched.bytes.len() > cfg.max_message_bytes {
            report.too_large.push(uid);
            continue;
        }
        match handle(fetched) {
            Disposition::Processed => {
                conn.dispose(plan.processed.as_deref(), &caps, uid).await?;
                report.processed += 1;
            }
            Disposition::NotPacket => report.not_packet += 1,
            Disposition::Retry => report.retry += 1,
        }
    }
    Ok(())
}

/// The settings checked and prepared before any connection is made.
struct Plan {
    mailbox: String,
    processed: Option<String>,
    tls: Option<(TlsConnector, ServerName<'static>)>,
}

impl Plan {
    fn new(cfg: &ImapConfig) -> Result<Plan, ImapError> {
        if cfg.host.trim().is_empty() {
            return Err(ImapError::config("host: the IMAP server is empty".into()));
        }
        if cfg.username.is_empty() {
            return Err(ImapError::config("username: empty".into()));
        }
        if cfg.security == Security::Plain && !cfg.password.is_empty() {
            return Err(ImapError::config(
                "security: a password is never sent over a plain connection; use STARTTLS or TLS".into(),
            ));
        }
        if cfg.step_timeout.is_zero() {
            return Err(ImapError::config("step_timeout: must be more than zero".into()));
        }
        if cfg.max_message_bytes == 0 {
            return Err(ImapError::config("max_message_bytes: must be more than zero".into()));
        }
        for (field, value) in [("username", &cfg.username), ("password", &cfg.password)] {
            if value.chars().any(|c| c == '\r' || c == '\n' || c == '\0') {
                return Err(ImapError::config(format!("{field}: has a line break or NUL")));
            }
        }
        let mailbox = mailbox_name("mailbox", &cfg.mailbox)?;
        let processed = match &cfg.processed_mailbox {
            Some(p) => {
                let name = mailbox_name("processed_mailbox", p)?;
                if name == mailbox || (is_inbox(p) && is_inbox(&cfg.mailbox)) {
                    return Err(ImapError::config(format!(
                        "processed_mailbox: {p:?} is the mailbox being read; choose another folder"
                    )));
                }
                Some(name)
            }
            None => None,
        };
        let tls = match cfg.security {
            Security::Plain => None,
            Security::Tls | Security::StartTls => Some(tls_connector(cfg)?),
        };
        Ok(Plan { mailbox, processed, tls })
    }
}

/// rustls with the ring provider and the platform's verifier, plus the extra CA if any.
fn tls_connector(cfg: &ImapConfig) -> Result<(TlsConnector, ServerName<'static>), ImapError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut extra = Vec::new();
    if let Some(pem) = &cfg.extra_ca_pem {
        for cert in CertificateDer::pem_slice_iter(pem) {
            extra.push(cert.map_err(|e| ImapError::config(format!("extra_ca_pem: not a PEM certificate ({e})")))?);
        }
        if extra.is_empty() {
            return Err(ImapError::config("extra_ca_pem: no certificate in it".into()));
        }
    }
    let tls_settings = |e: rustls::Error| ImapError::config(format!("TLS settings for {}: {e}", cfg.host));
    let verifier =
        rustls_platform_verifier::Verifier::new_with_extra_roots(extra, provider.clone()).map_err(tls_settings)?;
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(tls_settings)?
        .dangerous() // a custom verifier that verifies: the platform's, not "accept any cert"
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    let name = ServerName::try_from(cfg.host.trim().to_owned())
        .map_err(|_| ImapError::config(format!("host: {:?} is not a host name or IP address", cfg.host)))?;
    Ok((TlsConnector::from(Arc::new(config)), name))
}

/// Belt and braces: a server that echoes the password back does not get it into our log.
fn scrub(mut e: ImapError, password: &str) -> ImapError {
    if password.len() >= 3 && e.message.contains(password) {
        e.message = e.message.replace(password, "<redacted>");
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> ImapConfig {
        ImapConfig {
            host: "imap.example.com".into(),
            port: 993,
            security: Security::Tls,
            username: "hq-ehs".into(),
            password: "hunter2-secret".into(),
            mailbox: "INBOX".into(),
            processed_mailbox: Some("EHS-Imported".into()),
            step_timeout: Duration::from_secs(5),
            extra_ca_pem: None,
            max_message_bytes: 1 << 20,
        }
    }

    #[test]
    fn config_debug_never_prints_the_password() {
        let shown = format!("{:?}", cfg());
        assert!(!shown.contains("hunter2-secret"), "{shown}");
        assert!(shown.contains("<redacted>"));
    }

    #[test]
    fn settings_that_cannot_work_are_refused_before_connecting() {
        let mut c = cfg();
        c.security = Security::Plain;
        assert!(Plan::new(&c).err().unwrap().message.starts_with("security:"));
        let mut c = cfg();
        c.processed_mailbox = Some("inbox".into());
        assert!(Plan::new(&c).err().unwrap().message.starts_with("processed_mailbox:"));
        let mut c = cfg();
        c.extra_ca_pem = Some(b"not a certificate".to_vec());
        assert!(Plan::new(&c).err().unwrap().message.starts_with("extra_ca_pem:"));
        let mut c = cfg();
        c.password = "a\r\nb".into();
        assert!(Plan::new(&c).err().unwrap().message.starts_with("password:"));
    }
}
