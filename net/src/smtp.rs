//! SMTP delivery of one outbox mail (or an ordered run of them) with lettre on tokio.
//!
//! Owns: the SMTP settings as the network edge sees them (`SmtpConfig`), the mail to send
//! (`Mail`), building the MIME message (RFC 2047 subject, RFC 2231 file names, the caller's stable
//! Message-ID), and classifying every failure as `Transient` (retry later) or `Permanent` (stop
//! and show the user). Must not: touch the database, decide retries or back-off (the outbox does),
//! log or return the password, or ever accept a certificate it cannot verify — a plant's relay
//! with a corporate CA is trusted through `extra_ca_pem`, never through "accept any cert".
//!
//! Why not `AsyncSmtpTransport`: its connection pool hands a connection back to the pool when a
//! cancelled send drops it, so a `tokio::time::timeout` around `send` could leave a half-written
//! transaction parked for the next mail. A `Session` holds one connection of its own instead,
//! drops it on any failure or timeout, and bounds every step (connect, greeting, TLS, AUTH, MAIL,
//! RCPT, DATA) by one `send_timeout` per mail — lettre's own timeout covers only the connect.

use std::fmt;
use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, Certificate, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::transport::smtp::response::Response;
use lettre::Message;

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// Plain connection upgraded with STARTTLS before anything else is sent (usually port 587);
    /// a server that does not offer STARTTLS is refused.
    StartTls,
    /// Implicit TLS from the first byte (usually port 465).
    Tls,
    /// No encryption (an internal relay on port 25). Refused together with a password: a
    /// password is never sent in clear text.
    Plain,
}

/// The SMTP settings for one send. The password comes from `secrets::SecretStore`; `Debug`
/// never prints it.
#[derive(Clone)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub username: Option<String>,
    pub password: Option<String>,
    /// The sender, `name@example.com` or `Name <name@example.com>`.
    pub from: String,
    /// Bounds each mail's whole delivery (connect, greeting, TLS, AUTH, MAIL, RCPT, DATA).
    pub send_timeout: Duration,
    /// Extra trusted root certificate(s), PEM, for a relay with a corporate CA. Added to the
    /// platform's roots; verification is never switched off.
    pub extra_ca_pem: Option<Vec<u8>>,
}

impl fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("from", &self.from)
            .field("send_timeout", &self.send_timeout)
            .field("extra_ca_pem", &self.extra_ca_pem.as_ref().map(|p| p.len()))
            .finish()
    }
}

/// One mail to deliver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    /// The Message-ID, `left@right` without angle brackets. The outbox keeps it stable across
    /// retries so a receiver can drop a duplicate.
    pub message_id: String,
    pub to: Vec<String>,
    pub subject: String,
    pub text: String,
    pub attachments: Vec<MailAttachment>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailAttachment {
    /// The file name as the receiver sees it (may be Chinese; encoded per RFC 2231).
    pub name: String,
    /// e.g. `application/json`, `application/pdf`.
    pub media_type: String,
    pub bytes: Vec<u8>,
}

/// The server accepted the mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivered {
    /// The server's final reply, e.g. `250 2.0.0 Ok: queued as 4F2…`.
    pub reply: String,
}

/// Retry later, or stop and show the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendErrorKind {
    /// 4xx replies, connection refused/reset, DNS, TLS handshake, timeouts.
    Transient,
    /// 5xx replies, authentication failures, an invalid address or setting.
    Permanent,
}

/// What failed, for the UI and the attempt log (never branch on `message`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendFailure {
    /// A field of the mail (address, Message-ID, media type) is not valid.
    InvalidMail,
    /// The settings cannot work (bad sender, bad extra CA, a password over a plain connection).
    Config,
    /// TCP connect failed: refused, unreachable, DNS.
    Connect,
    /// The TLS handshake failed (an unknown CA, a wrong host name) or STARTTLS is not offered.
    Tls,
    /// The server was rejected by `send_timeout` (never greeted, stalled).
    Timeout,
    /// The server refused the user name or password, or offers no usable mechanism.
    Auth,
    /// The server answered the mail with a negative reply (see `reply_code`).
    Reply,
    /// The connection broke or the server's reply could not be read.
    Network,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SendError {
    pub kind: SendErrorKind,
    pub failure: SendFailure,
    /// The SMTP reply code when the server answered with one (e.g. 550, 451, 535).
    pub reply_code: Option<u16>,
    /// Names the field or the step and quotes the server's text; never contains the password.
    pub message: String,
}

impl SendError {
    fn permanent(failure: SendFailure, message: String) -> Self {
        SendError { kind: SendErrorKind::Permanent, failure, reply_code: None, message }
    }

    pub fn is_permanent(&self) -> bool {
        self.kind == SendErrorKind::Permanent
    }
}

/// Sends one mail over its own connection, the whole of it bounded by `cfg.send_timeout`.
pub async fn send(cfg: &SmtpConfig, mail: &Mail) -> Result<Delivered, SendError> {
    let mut session = Session::new(cfg)?;
    let result = session.send(mail).await;
    session.close().await;
    result
}

/// Sends `mails` in order over one connection and stops at the first failure: the result has
/// one entry per mail attempted, the last one the failure if any (later mails are not tried, so
/// delivery order is kept).
pub async fn send_many(cfg: &SmtpConfig, mails: &[Mail]) -> Vec<Result<Delivered, SendError>> {
    let mut session = match Session::new(cfg) {
        Ok(s) => s,
        Err(e) => return vec![Err(e)],
    };
    let mut results = Vec::with_capacity(mails.len());
    for mail in mails {
        let r = session.send(mail).await;
        let failed = r.is_err();
        results.push(r);
        if failed {
            break;
        }
    }
    session.close().await;
    results
}

/// One run of deliveries to one server: connects on the first mail, reuses the connection for
/// the next, drops it after any failure (the next `send` reconnects). The outbox drains through
/// one `Session`, recording each attempt between sends.
pub struct Session<'a> {
    cfg: &'a SmtpConfig,
    from: Mailbox,
    tls: Option<TlsParameters>,
    conn: Option<AsyncSmtpConnection>,
}

impl<'a> Session<'a> {
    /// Checks the settings (sender, security with password, extra CA); connects nothing yet.
    pub fn new(cfg: &'a SmtpConfig) -> Result<Self, SendError> {
        let from = parse_mailbox("from", &cfg.from).map_err(|m| SendError::permanent(SendFailure::Config, m))?;
        if cfg.host.trim().is_empty() {
            return Err(SendError::permanent(SendFailure::Config, "host: the SMTP server is empty".into()));
        }
        if cfg.security == Security::Plain && cfg.password.as_deref().is_some_and(|p| !p.is_empty()) {
            return Err(SendError::permanent(
                SendFailure::Config,
                "security: a password is never sent over a plain connection; use STARTTLS or TLS".into(),
            ));
        }
        if cfg.send_timeout.is_zero() {
            return Err(SendError::permanent(SendFailure::Config, "send_timeout: must be more than zero".into()));
        }
        let tls = match cfg.security {
            Security::Plain => None,
            Security::StartTls | Security::Tls => {
                let mut b = TlsParameters::builder(cfg.host.clone());
                if let Some(pem) = &cfg.extra_ca_pem {
                    let cert = Certificate::from_pem(pem).map_err(|e| {
                        SendError::permanent(SendFailure::Config, format!("extra_ca_pem: not a PEM certificate ({e})"))
                    })?;
                    b = b.add_root_certificate(cert);
                }
                Some(b.build_rustls().map_err(|e| {
                    SendError::permanent(SendFailure::Config, format!("TLS settings for {}: {e}", cfg.host))
                })?)
            }
        };
        Ok(Session { cfg, from, tls, conn: None })
    }

    /// Delivers one mail, bounded by `send_timeout` (connecting first if needed). Invalid
    /// addresses are refused before any connection is made.
    pub async fn send(&mut self, mail: &Mail) -> Result<Delivered, SendError> {
        let message = build_message(&self.from, mail)?;
        let limit = self.cfg.send_timeout;
        let outcome = tokio::time::timeout(limit, self.deliver(&message)).await;
        let result = match outcome {
            Ok(r) => r,
            Err(_) => Err(SendError {
                kind: SendErrorKind::Transient,
                failure: SendFailure::Timeout,
                reply_code: None,
                message: format!(
                    "SMTP server {}:{} did not finish within {} s (no greeting or no reply)",
                    self.cfg.host,
                    self.cfg.port,
                    limit.as_secs_f64()
                ),
            }),
        };
        if result.is_err() {
            // A failed or cancelled transaction leaves the connection in an unknown state.
            self.conn = None;
        }
        result.map_err(|e| scrub(e, self.cfg.password.as_deref()))
    }

    /// Says QUIT (bounded by `send_timeout`, result ignored) and closes the connection.
    pub async fn close(mut self) {
        if let Some(mut conn) = self.conn.take() {
            let _ = tokio::time::timeout(self.cfg.send_timeout, conn.quit()).await;
        }
    }

    async fn deliver(&mut self, message: &Message) -> Result<Delivered, SendError> {
        if self.conn.is_none() {
            self.conn = Some(self.connect().await?);
        }
        let Some(conn) = self.conn.as_mut() else {
            return Err(SendError::permanent(SendFailure::Network, "no connection".into()));
        };
        let response = conn
            .send(message.envelope(), &message.formatted())
            .await
            .map_err(|e| classify(&self.cfg.host, self.cfg.port, Step::Mail, &e))?;
        Ok(Delivered { reply: reply_text(&response) })
    }

    async fn connect(&self) -> Result<AsyncSmtpConnection, SendError> {
        let cfg = self.cfg;
        let hello = ClientId::default();
        let wrapper = match cfg.security {
            Security::Tls => self.tls.clone(),
            _ => None,
        };
        let mut conn = AsyncSmtpConnection::connect_tokio1(
            (cfg.host.as_str(), cfg.port),
            Some(cfg.send_timeout),
            &hello,
            wrapper,
            None,
        )
        .await
        .map_err(|e| classify(&cfg.host, cfg.port, Step::Connect, &e))?;
        if cfg.security == Security::StartTls {
            if !conn.can_starttls() {
                return Err(SendError {
                    kind: SendErrorKind::Transient,
                    failure: SendFailure::Tls,
                    reply_code: None,
                    message: format!("SMTP server {}:{} does not offer STARTTLS", cfg.host, cfg.port),
                });
            }
            let params = self
                .tls
                .clone()
                .ok_or_else(|| SendError::permanent(SendFailure::Config, "TLS parameters missing".into()))?;
            conn.starttls(params, &hello).await.map_err(|e| classify(&cfg.host, cfg.port, Step::StartTls, &e))?;
        }
        if let Some(user) = cfg.username.as_deref().filter(|u| !u.is_empty()) {
            let creds = Credentials::new(user.to_owned(), cfg.password.clone().unwrap_or_default());
            conn.auth(&[Mechanism::Plain, Mechanism::Login], &creds)
                .await
                .map_err(|e| classify(&cfg.host, cfg.port, Step::Auth, &e))?;
        }
        Ok(conn)
    }
}

/// Builds the MIME message: text part plus attachments, the caller's Message-ID, addresses
/// checked (the first bad one is named).
pub fn build_message(from: &Mailbox, mail: &Mail) -> Result<Message, SendError> {
    let invalid = |m: String| SendError::permanent(SendFailure::InvalidMail, m);
    if mail.to.is_empty() {
        return Err(invalid("to: no recipient".into()));
    }
    let id = message_id_header(&mail.message_id).map_err(invalid)?;
    let mut builder = Message::builder().from(from.clone()).subject(mail.subject.clone()).message_id(Some(id));
    for (i, to) in mail.to.iter().enumerate() {
        builder = builder.to(parse_mailbox(&format!("to[{i}]"), to).map_err(invalid)?);
    }
    let text = SinglePart::builder().header(ContentType::TEXT_PLAIN).body(mail.text.clone());
    let message = if mail.attachments.is_empty() {
        builder.singlepart(text)
    } else {
        let mut parts = MultiPart::mixed().singlepart(text);
        for (i, a) in mail.attachments.iter().enumerate() {
            if a.name.trim().is_empty() || a.name.chars().any(char::is_control) {
                return Err(invalid(format!("attachments[{i}].name: empty or has control characters")));
            }
            let ct = ContentType::parse(&a.media_type)
                .map_err(|_| invalid(format!("attachments[{i}].media_type: {:?} is not a media type", a.media_type)))?;
            parts = parts.singlepart(Attachment::new(a.name.clone()).body(a.bytes.clone(), ct));
        }
        builder.multipart(parts)
    };
    message.map_err(|e| invalid(format!("the mail cannot be built: {e}")))
}

fn parse_mailbox(field: &str, value: &str) -> Result<Mailbox, String> {
    let shown: String = value.chars().take(60).collect();
    if value.trim().is_empty() {
        return Err(format!("{field}: the address is empty"));
    }
    if value.chars().any(char::is_control) {
        return Err(format!("{field}: {shown:?} has control characters"));
    }
    value.trim().parse::<Mailbox>().map_err(|_| format!("{field}: {shown:?} is not a valid email address"))
}

/// `left@right` (printable ASCII, no spaces or angle brackets) → `<left@right>`.
fn message_id_header(id: &str) -> Result<String, String> {
    let bare = id.strip_prefix('<').and_then(|s| s.strip_suffix('>')).unwrap_or(id);
    let ok_char = |c: char| {
        c.is_ascii_graphic() && !matches!(c, '<' | '>' | '"' | '\\' | '(' | ')' | ',' | ';' | ':' | '[' | ']')
    };
    match bare.split_once('@') {
        Some((l, r)) if !l.is_empty() && !r.is_empty() && !r.contains('@') && bare.chars().all(ok_char) => {
            Ok(format!("<{bare}>"))
        }
        _ => Err(format!("message_id: {:?} is not of the form left@right", id.chars().take(60).collect::<String>())),
    }
}

#[derive(Clone, Copy)]
enum Step {
    Connect,
    StartTls,
    Auth,
    Mail,
}

fn classify(host: &str, port: u16, step: Step, e: &lettre::transport::smtp::Error) -> SendError {
    let code = e.status().map(|c| code_number(&c.to_string()));
    let is_tls = e.is_tls() || has_tls_cause(e);
    let (kind, failure) = if e.is_permanent() {
        let f = if matches!(step, Step::Auth) { SendFailure::Auth } else { SendFailure::Reply };
        (SendErrorKind::Permanent, f)
    } else if e.is_transient() {
        let f = if matches!(step, Step::Auth) { SendFailure::Auth } else { SendFailure::Reply };
        (SendErrorKind::Transient, f)
    } else if is_tls {
        (SendErrorKind::Transient, SendFailure::Tls)
    } else if e.is_client() && matches!(step, Step::Auth) {
        // "No compatible authentication mechanism": the settings will not start working.
        (SendErrorKind::Permanent, SendFailure::Auth)
    } else if e.is_client() {
        (SendErrorKind::Permanent, SendFailure::InvalidMail)
    } else if e.is_timeout() {
        (SendErrorKind::Transient, SendFailure::Timeout)
    } else if matches!(step, Step::Connect) && !has_io_after_connect(e) {
        (SendErrorKind::Transient, SendFailure::Connect)
    } else {
        (SendErrorKind::Transient, SendFailure::Network)
    };
    let what = match (step, failure) {
        (_, SendFailure::Tls) => "TLS with",
        (Step::Connect, SendFailure::Connect) => "cannot connect to",
        (Step::Auth, _) => "sign-in refused by",
        (Step::Mail, SendFailure::Reply) => "mail refused by",
        _ => "failure talking to",
    };
    SendError {
        kind,
        failure,
        reply_code: code.flatten(),
        message: format!("{what} SMTP server {host}:{port}: {}", chain(e)),
    }
}

fn code_number(s: &str) -> Option<u16> {
    s.get(..3).and_then(|d| d.parse().ok())
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

fn sources<'e>(
    e: &'e (dyn std::error::Error + 'static),
) -> impl Iterator<Item = &'e (dyn std::error::Error + 'static)> {
    std::iter::successors(Some(e), |s| s.source())
}

/// rustls reports a failed handshake as an `io::Error` wrapping a `rustls::Error`.
fn has_tls_cause(e: &lettre::transport::smtp::Error) -> bool {
    sources(e).any(|s| {
        s.is::<rustls::Error>()
            || s.downcast_ref::<std::io::Error>()
                .and_then(|io| io.get_ref())
                .is_some_and(|inner| inner.is::<rustls::Error>())
    })
}

/// An I/O error other than the connect itself failing (reset, broken pipe, EOF) while greeting.
fn has_io_after_connect(e: &lettre::transport::smtp::Error) -> bool {
    use std::io::ErrorKind::*;
    sources(e)
        .filter_map(|s| s.downcast_ref::<std::io::Error>())
        .any(|io| matches!(io.kind(), ConnectionReset | ConnectionAborted | BrokenPipe | UnexpectedEof))
}

fn reply_text(r: &Response) -> String {
    let lines: Vec<&str> = r.message().collect();
    format!("{} {}", r.code(), lines.join(" "))
}

/// Belt and braces: a server that echoes the password back does not get it into our log.
fn scrub(mut e: SendError, password: Option<&str>) -> SendError {
    if let Some(p) = password.filter(|p| p.len() >= 3) {
        if e.message.contains(p) {
            e.message = e.message.replace(p, "<redacted>");
        }
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_id_must_be_left_at_right() {
        assert_eq!(message_id_header("abc@plant.example").unwrap(), "<abc@plant.example>");
        assert_eq!(message_id_header("<abc@plant.example>").unwrap(), "<abc@plant.example>");
        for bad in ["", "abc", "@x", "a@", "a b@c", "a@b@c", "a\r\nBcc: x@y@z"] {
            assert!(message_id_header(bad).unwrap_err().starts_with("message_id:"), "{bad:?}");
        }
    }

    #[test]
    fn config_debug_never_prints_the_password() {
        let cfg = SmtpConfig {
            host: "smtp.example.com".into(),
            port: 587,
            security: Security::StartTls,
            username: Some("ehs".into()),
            password: Some("hunter2-secret".into()),
            from: "ehs@example.com".into(),
            send_timeout: Duration::from_secs(5),
            extra_ca_pem: None,
        };
        let shown = format!("{cfg:?}");
        assert!(!shown.contains("hunter2-secret"), "{shown}");
        assert!(shown.contains("<redacted>"));
    }

    #[test]
    fn reply_codes_come_from_the_status() {
        assert_eq!(code_number("550"), Some(550));
        assert_eq!(code_number("x"), None);
    }
}
