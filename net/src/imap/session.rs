//! The connection and the commands of one pass: TCP, implicit TLS or STARTTLS (rustls), the
//! greeting, sign-in, then one method per command. Must not: decide anything about a message
//! (`pass` in mod.rs does), or leave a step unbounded.
//!
//! Why the commands are read by hand: async-imap's streaming helpers (`uid_fetch`, `uid_store`,
//! `uid_expunge`, `list`) end their stream at the tagged reply without looking at its status, so a
//! `NO` to `UID STORE` would look like success. Every command after sign-in goes through
//! [`Conn::exec`], which reads to the tagged reply and turns `NO`/`BAD` and a lost connection
//! into errors; async-imap still does the framing, literals and parsing.

use std::collections::HashMap;
use std::fmt;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use async_imap::imap_proto::{AttributeValue, MailboxDatum, Response, ResponseCode, Status};
use rustls::pki_types::ServerName;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_rustls::TlsConnector;

use super::errors::{bounded, classify, outcome_text, refused, short, Step};
use super::wire::{parse_internal_date, quoted, uid_set};
use super::{Fetched, ImapConfig, ImapError, ImapErrorKind, ImapFailure, Security, PROCESSED_KEYWORD};

/// The TCP or TLS stream under async-imap.
enum Stream {
    Plain(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
}

impl fmt::Debug for Stream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Stream::Plain(_) => "Stream::Plain",
            Stream::Tls(_) => "Stream::Tls",
        })
    }
}

impl AsyncRead for Stream {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Stream {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_flush(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}

/// A signed-in session plus what the pass needs to know about the server.
pub(super) struct Conn<'c> {
    cfg: &'c ImapConfig,
    session: async_imap::Session<Stream>,
}

/// AUTHENTICATE PLAIN, for credentials LOGIN cannot carry portably (non-ASCII).
struct PlainAuth<'a> {
    user: &'a str,
    password: &'a str,
}

impl async_imap::Authenticator for PlainAuth<'_> {
    type Response = Vec<u8>;
    fn process(&mut self, _challenge: &[u8]) -> Vec<u8> {
        format!("\0{}\0{}", self.user, self.password).into_bytes()
    }
}

impl<'c> Conn<'c> {
    /// Connects (TLS or STARTTLS with `tls`), reads the greeting and signs in: LOGIN, or
    /// AUTHENTICATE PLAIN for non-ASCII credentials.
    pub(super) async fn open(
        cfg: &'c ImapConfig,
        tls: Option<&(TlsConnector, ServerName<'static>)>,
    ) -> Result<Conn<'c>, ImapError> {
        let fail = |step, e| classify(cfg, step, e);
        let tcp = bounded(cfg, Step::Connect, async {
            TcpStream::connect((cfg.host.trim(), cfg.port)).await.map_err(|e| fail(Step::Connect, e.into()))
        })
        .await?;
        let stream = match (cfg.security, tls) {
            (Security::Tls, Some(tls)) => Stream::Tls(Box::new(handshake(cfg, tls, tcp).await?)),
            _ => Stream::Plain(tcp),
        };
        let mut client = async_imap::Client::new(stream);
        bounded(cfg, Step::Greeting, async {
            let greeting = client.read_response().await.map_err(|e| fail(Step::Greeting, e.into()))?;
            let Some(greeting) = greeting else {
                return Err(fail(Step::Greeting, async_imap::error::Error::ConnectionLost));
            };
            match greeting.parsed() {
                Response::Data { status: Status::Ok, .. } => Ok(()),
                Response::Data { status: Status::Bye, outcome } => Err(ImapError::new(
                    ImapErrorKind::Transient,
                    ImapFailure::Network,
                    format!(
                        "IMAP server {}:{} said BYE: {}",
                        cfg.host,
                        cfg.port,
                        outcome_text(&outcome.code, &outcome.information)
                    ),
                )),
                other => Err(ImapError::new(
                    ImapErrorKind::Permanent,
                    ImapFailure::Protocol,
                    format!("IMAP server {}:{} greeted with {:?}, not OK", cfg.host, cfg.port, short(other)),
                )),
            }
        })
        .await?;
        if cfg.security == Security::StartTls {
            let Some(tls) = tls else {
                return Err(ImapError::config("TLS parameters missing".into()));
            };
            bounded(cfg, Step::StartTls, async {
                client.run_command_and_check_ok("STARTTLS", None).await.map_err(|e| fail(Step::StartTls, e))
            })
            .await?;
            // Anything the server sent after its OK is dropped with the plain stream.
            let Stream::Plain(tcp) = client.into_inner() else {
                return Err(ImapError::config("STARTTLS on a TLS stream".into()));
            };
            client = async_imap::Client::new(Stream::Tls(Box::new(handshake(cfg, tls, tcp).await?)));
        }
        let session = bounded(cfg, Step::Login, async {
            let ascii = cfg.username.is_ascii() && cfg.password.is_ascii();
            let r = if ascii {
                client.login(&cfg.username, &cfg.password).await
            } else {
                client.authenticate("PLAIN", PlainAuth { user: &cfg.username, password: &cfg.password }).await
            };
            r.map_err(|(e, _)| fail(Step::Login, e))
        })
        .await?;
        Ok(Conn { cfg, session })
    }

    pub(super) async fn capabilities(&mut self) -> Result<Caps, ImapError> {
        let mut caps = Caps::default();
        self.exec(Step::Capability, "CAPABILITY", |r| {
            if let Response::Capabilities(list) = r {
                for c in list {
                    if let async_imap::imap_proto::Capability::Atom(a) = c {
                        caps.moves |= a.eq_ignore_ascii_case("MOVE");
                        caps.uidplus |= a.eq_ignore_ascii_case("UIDPLUS");
                    }
                }
            }
        })
        .await?;
        Ok(caps)
    }

    pub(super) async fn select(&mut self, mailbox: &str) -> Result<Selected, ImapError> {
        let mut uid_validity = None;
        let mut keywords_allowed = false;
        self.exec(Step::Select, &format!("SELECT {}", quoted(mailbox)), |r| {
            if let Response::Data { status: Status::Ok, outcome } = r {
                match &outcome.code {
                    Some(ResponseCode::UidValidity(v)) => uid_validity = Some(*v),
                    Some(ResponseCode::PermanentFlags(flags)) => {
                        keywords_allowed =
                            flags.iter().any(|f| f == "\\*" || f.eq_ignore_ascii_case(PROCESSED_KEYWORD));
                    }
                    _ => {}
                }
            }
        })
        .await?;
        let Some(uid_validity) = uid_validity else {
            return Err(ImapError::new(
                ImapErrorKind::Permanent,
                ImapFailure::Protocol,
                format!(
                    "IMAP server {}:{} sent no UIDVALIDITY for {:?}",
                    self.cfg.host, self.cfg.port, self.cfg.mailbox
                ),
            ));
        };
        Ok(Selected { uid_validity, keywords_allowed })
    }

    /// `UID SEARCH <query>`: the UIDs found, in the server's order.
    pub(super) async fn search(&mut self, query: &str) -> Result<Vec<u32>, ImapError> {
        let mut uids = Vec::new();
        self.exec(Step::Search, &format!("UID SEARCH {query}"), |r| {
            if let Response::MailboxData(MailboxDatum::Search(ids)) = r {
                uids.extend_from_slice(ids);
            }
        })
        .await?;
        Ok(uids)
    }

    /// `UID FETCH <uids> (UID RFC822.SIZE)`: each message's size, before any is downloaded.
    pub(super) async fn sizes(&mut self, uids: &[u32]) -> Result<HashMap<u32, u32>, ImapError> {
        let mut sizes = HashMap::new();
        self.exec(Step::Fetch, &format!("UID FETCH {} (UID RFC822.SIZE)", uid_set(uids)), |r| {
            if let Response::Fetch(_, attrs) = r {
                let uid = attrs.iter().find_map(|a| if let AttributeValue::Uid(u) = a { Some(*u) } else { None });
                let size =
                    attrs.iter().find_map(|a| if let AttributeValue::Rfc822Size(s) = a { Some(*s) } else { None });
                if let (Some(uid), Some(size)) = (uid, size) {
                    sizes.insert(uid, size);
                }
            }
        })
        .await?;
        Ok(sizes)
    }

    /// Creates (and subscribes) the processed mailbox unless LIST finds it.
    pub(super) async fn ensure_mailbox(&mut self, name: &str) -> Result<(), ImapError> {
        let mut found = false;
        self.exec(Step::Create, &format!("LIST \"\" {}", quoted(name)), |r| {
            if let Response::MailboxData(MailboxDatum::List(l)) = r {
                found |= l.name == name;
            }
        })
        .await?;
        if !found {
            self.exec(Step::Create, &format!("CREATE {}", quoted(name)), |_| {}).await?;
            // So that the user's mail client shows it; not needed for anything here.
            let _ = self.exec(Step::Create, &format!("SUBSCRIBE {}", quoted(name)), |_| {}).await;
        }
        Ok(())
    }

    /// `UID FETCH uid (UID BODY.PEEK[] INTERNALDATE RFC822.SIZE)`; None if the message is gone.
    pub(super) async fn fetch(&mut self, uid_validity: u32, uid: u32) -> Result<Option<Fetched>, ImapError> {
        let mut out = None;
        let cmd = format!("UID FETCH {uid} (UID BODY.PEEK[] INTERNALDATE RFC822.SIZE)");
        self.exec(Step::Fetch, &cmd, |r| {
            let Response::Fetch(_, attrs) = r else { return };
            if !attrs.iter().any(|a| matches!(a, AttributeValue::Uid(u) if *u == uid)) {
                return; // an unsolicited FETCH about another message (a flag change)
            }
            let mut bytes = None;
            let mut internal_date = None;
            for a in attrs {
                match a {
                    AttributeValue::BodySection { section: None, data, .. } => {
                        bytes = Some(data.as_deref().unwrap_or_default().to_vec());
                    }
                    AttributeValue::InternalDate(d) => internal_date = parse_internal_date(d),
                    _ => {}
                }
            }
            if let Some(bytes) = bytes {
                out = Some(Fetched { uid_validity, uid, internal_date, bytes });
            }
        })
        .await?;
        Ok(out)
    }

    /// Moves a processed message to the processed mailbox (never deleting before a confirmed
    /// copy), or flags it.
    pub(super) async fn dispose(&mut self, dest: Option<&str>, caps: &Caps, uid: u32) -> Result<(), ImapError> {
        match dest {
            None => {
                self.exec(Step::Store, &format!("UID STORE {uid} +FLAGS.SILENT ({PROCESSED_KEYWORD})"), |_| {}).await
            }
            Some(dest) if caps.moves => {
                self.exec(Step::Move, &format!("UID MOVE {uid} {}", quoted(dest)), |_| {}).await
            }
            Some(dest) => {
                self.exec(Step::Move, &format!("UID COPY {uid} {}", quoted(dest)), |_| {}).await?;
                self.exec(Step::Move, &format!("UID STORE {uid} +FLAGS.SILENT (\\Deleted)"), |_| {}).await?;
                if caps.uidplus {
                    self.exec(Step::Move, &format!("UID EXPUNGE {uid}"), |_| {}).await
                } else {
                    self.exec(Step::Move, "EXPUNGE", |_| {}).await
                }
            }
        }
    }

    pub(super) async fn logout(mut self) {
        let _ = self.exec(Step::Logout, "LOGOUT", |_| {}).await;
    }

    /// Sends one command and reads every response up to its tagged reply, bounded by
    /// `step_timeout`. Untagged data goes to `on_data`; `NO`/`BAD`, a lost connection (with the
    /// server's BYE text if any) and a timeout are errors.
    async fn exec(
        &mut self,
        step: Step,
        command: &str,
        mut on_data: impl FnMut(&Response<'_>) + Send,
    ) -> Result<(), ImapError> {
        let cfg = self.cfg;
        let session = &mut self.session;
        bounded(cfg, step, async move {
            let tag = session.run_command(command).await.map_err(|e| classify(cfg, step, e))?;
            let mut bye = None;
            loop {
                let response = session.read_response().await.map_err(|e| classify(cfg, step, e.into()))?;
                let Some(response) = response else {
                    let mut e = classify(cfg, step, async_imap::error::Error::ConnectionLost);
                    if let Some(text) = bye {
                        e.message = format!("{}: the server said BYE: {text}", e.message);
                    }
                    return Err(e);
                };
                match response.parsed() {
                    Response::Done { tag: t, status, outcome } if *t == tag => {
                        let text = outcome_text(&outcome.code, &outcome.information);
                        return match status {
                            Status::Ok => Ok(()),
                            Status::No => Err(refused(cfg, step, false, &text)),
                            _ => Err(refused(cfg, step, true, &text)),
                        };
                    }
                    Response::Data { status: Status::Bye, outcome } if step != Step::Logout => {
                        bye = Some(outcome_text(&outcome.code, &outcome.information));
                    }
                    other => on_data(other),
                }
            }
        })
        .await
    }
}

/// What the server can do, from CAPABILITY after sign-in.
#[derive(Debug, Default)]
pub(super) struct Caps {
    moves: bool,
    uidplus: bool,
}

/// What SELECT said: UIDVALIDITY, and whether PERMANENTFLAGS lets us set our keyword.
pub(super) struct Selected {
    pub(super) uid_validity: u32,
    pub(super) keywords_allowed: bool,
}

async fn handshake(
    cfg: &ImapConfig,
    (connector, name): &(TlsConnector, ServerName<'static>),
    tcp: TcpStream,
) -> Result<TlsStream<TcpStream>, ImapError> {
    bounded(cfg, Step::Tls, async {
        connector.connect(name.clone(), tcp).await.map_err(|e| classify(cfg, Step::Tls, e.into()))
    })
    .await
}
