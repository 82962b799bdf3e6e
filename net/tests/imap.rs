//! `net::imap` against a real dovecot on 127.0.0.1 (tests/support/dovecot.rs). Messages are put
//! in with IMAP APPEND (or sent over SMTP and delivered by LMTP), and the mailbox is read back
//! with a second, independent IMAP session (async-imap, plain on loopback) to check what
//! `fetch_once` left behind: which mailbox, which flags.

mod support;

use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ehs_ledger_net::imap::{
    self, Disposition, FetchReport, Fetched, ImapConfig, ImapError, ImapErrorKind, ImapFailure, Security,
    PROCESSED_KEYWORD,
};
use ehs_ledger_net::smtp::{self, Mail, MailAttachment, SmtpConfig};
use futures_util::TryStreamExt;
use support::dovecot::{Dovecot, DovecotOptions};
use support::{closed_port, Mode, Options, SmtpServer, TestCa};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const PROCESSED: &str = "EHS-Imported";
/// Non-ASCII, so the sign-in goes through AUTHENTICATE PLAIN (LOGIN cannot carry it portably).
const SECRET: &str = "Pa55-秘密-never-shown";

fn config(d: &Dovecot, ca: &TestCa) -> ImapConfig {
    ImapConfig {
        host: "127.0.0.1".into(),
        port: d.imaps_port,
        security: Security::Tls,
        username: d.user.clone(),
        password: d.password.clone(),
        mailbox: "INBOX".into(),
        processed_mailbox: Some(PROCESSED.into()),
        step_timeout: Duration::from_secs(5),
        extra_ca_pem: Some(ca.ca_pem.clone()),
        max_message_bytes: 1 << 20,
    }
}

/// A message with this Message-ID and `body_len` bytes of body.
fn message(id: &str, body_len: usize) -> Vec<u8> {
    let mut m = format!(
        "From: SZ01 <ehs@sz01.example>\r\nTo: hq@group.example\r\nSubject: packet {id}\r\n\
         Message-ID: <{id}@test.example>\r\nDate: Thu, 01 Jan 2026 08:00:00 +0800\r\n\r\n"
    )
    .into_bytes();
    let line = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789\r\n";
    while m.len() < body_len {
        m.extend_from_slice(line);
    }
    m
}

/// The Message-ID's left part, from a fetched message.
fn id_of(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let start = text.find("Message-ID: <").expect("Message-ID") + "Message-ID: <".len();
    let end = text[start..].find('@').expect("@") + start;
    text[start..end].to_owned()
}

// ---- an independent IMAP client to seed and inspect the mailbox --------------------------------

type Admin = async_imap::Session<TcpStream>;

async fn admin(d: &Dovecot) -> Admin {
    let tcp = TcpStream::connect(("127.0.0.1", d.imap_port)).await.expect("connect");
    let mut client = async_imap::Client::new(tcp);
    client.read_response().await.expect("greeting").expect("greeting");
    // Plain on loopback (disable_plaintext_auth = no); AUTHENTICATE PLAIN for any password.
    struct Plain<'a>(&'a str, &'a str);
    impl async_imap::Authenticator for Plain<'_> {
        type Response = Vec<u8>;
        fn process(&mut self, _: &[u8]) -> Vec<u8> {
            format!("\0{}\0{}", self.0, self.1).into_bytes()
        }
    }
    client.authenticate("PLAIN", Plain(&d.user, &d.password)).await.map_err(|(e, _)| e).expect("admin sign-in")
}

/// APPENDs the messages to `mailbox` in order (so their UIDs ascend in this order).
async fn append(d: &Dovecot, mailbox: &str, messages: &[Vec<u8>]) {
    let mut s = admin(d).await;
    for m in messages {
        s.append(mailbox, None, None, m).await.expect("APPEND");
    }
    s.logout().await.expect("logout");
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Stored {
    uid: u32,
    /// Without \Recent (that one belongs to whichever session saw the message first).
    flags: Vec<String>,
    id: String,
}

/// What `mailbox` holds, read with EXAMINE (changes nothing). Missing mailbox = empty.
async fn contents(d: &Dovecot, mailbox: &str) -> Vec<Stored> {
    let mut s = admin(d).await;
    let mut out = Vec::new();
    if let Ok(mb) = s.examine(mailbox).await {
        if mb.exists > 0 {
            let fetches: Vec<_> = s
                .uid_fetch("1:*", "(UID FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
                .await
                .expect("UID FETCH")
                .try_collect()
                .await
                .expect("fetches");
            for f in &fetches {
                let flags = f
                    .flags()
                    .filter(|fl| !matches!(fl, async_imap::types::Flag::Recent))
                    .map(|fl| match fl {
                        async_imap::types::Flag::Custom(c) => c.to_string(),
                        other => format!("{other:?}"),
                    })
                    .collect();
                out.push(Stored { uid: f.uid.expect("uid"), flags, id: id_of(f.header().expect("header")) });
            }
        }
    }
    s.logout().await.expect("logout");
    out.sort_by_key(|m| m.uid);
    out
}

fn ids(stored: &[Stored]) -> Vec<String> {
    stored.iter().map(|m| m.id.clone()).collect()
}

/// Runs `fetch_once` with a `handle` that answers per Message-ID (`Processed` by default) and
/// records every call; `known` is the given set of (uid_validity, uid).
async fn run(
    cfg: &ImapConfig,
    known: &HashSet<(u32, u32)>,
    answers: &BTreeMap<&str, Disposition>,
    calls: &mut Vec<Fetched>,
) -> Result<FetchReport, ImapError> {
    let known_fn = |v: u32, u: u32| known.contains(&(v, u));
    let mut handle = |f: Fetched| {
        let answer = answers.get(id_of(&f.bytes).as_str()).copied().unwrap_or(Disposition::Processed);
        calls.push(f);
        answer
    };
    imap::fetch_once(cfg, &known_fn, &mut handle).await
}

fn count_calls(calls: &[Fetched]) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for c in calls {
        *out.entry(id_of(&c.bytes)).or_default() += 1;
    }
    out
}

// ---- the tests ---------------------------------------------------------------------------------

#[tokio::test]
async fn processed_messages_are_moved_once_and_not_fetched_again() {
    let ca = TestCa::new();
    let d = Dovecot::start_with(&ca, DovecotOptions { password: SECRET, ..Default::default() });
    let mut s = admin(&d).await;
    // INTERNALDATE as the server records it, to check it comes back as UTC.
    s.append("INBOX", None, Some("\"01-Jan-2026 08:00:00 +0800\""), message("p1", 500)).await.expect("APPEND");
    s.logout().await.expect("logout");
    append(&d, "INBOX", &[message("p2", 2000)]).await;
    let cfg = config(&d, &ca);

    let mut calls = Vec::new();
    let report = run(&cfg, &HashSet::new(), &BTreeMap::new(), &mut calls).await.expect("first pass");
    assert_eq!(report.seen, 2, "{report:?}");
    assert_eq!(report.processed, 2, "{report:?}");
    assert!(report.too_large.is_empty() && report.not_packet == 0 && report.skipped_known == 0);
    assert_eq!(calls.iter().map(|c| id_of(&c.bytes)).collect::<Vec<_>>(), ["p1", "p2"], "in UID order");
    assert_eq!(calls[0].bytes, message("p1", 500), "the whole message, byte for byte");
    assert_eq!(calls[0].internal_date.map(|t| t.to_rfc3339()).as_deref(), Some("2026-01-01T00:00:00+00:00"));
    assert_eq!(Some(calls[0].uid_validity), report.uid_validity);
    assert!(calls[0].uid < calls[1].uid);

    assert!(contents(&d, "INBOX").await.is_empty(), "moved out of INBOX");
    let moved = contents(&d, PROCESSED).await;
    assert_eq!(ids(&moved), ["p1", "p2"], "created and filled once");
    assert!(moved.iter().all(|m| m.flags.is_empty()), "moved as they were (not \\Seen): {moved:?}");

    let mut again = Vec::new();
    let report = run(&cfg, &HashSet::new(), &BTreeMap::new(), &mut again).await.expect("second pass");
    assert!(again.is_empty(), "nothing fetched twice");
    assert_eq!((report.seen, report.processed), (0, 0));
    assert_eq!(contents(&d, PROCESSED).await.len(), 2, "the existing processed mailbox is reused");
}

#[tokio::test]
async fn without_a_processed_mailbox_messages_are_flagged_not_moved() {
    let ca = TestCa::new();
    let d = Dovecot::start(&ca);
    append(&d, "INBOX", &[message("f1", 300), message("f2", 300)]).await;
    let mut cfg = config(&d, &ca);
    cfg.processed_mailbox = None;
    cfg.security = Security::StartTls;
    cfg.port = d.imap_port;

    let mut calls = Vec::new();
    let report = run(&cfg, &HashSet::new(), &BTreeMap::new(), &mut calls).await.expect("first pass");
    assert_eq!((report.seen, report.processed), (2, 2), "{report:?}");
    let inbox = contents(&d, "INBOX").await;
    assert_eq!(ids(&inbox), ["f1", "f2"], "still in INBOX");
    for m in &inbox {
        assert_eq!(m.flags, [PROCESSED_KEYWORD], "flagged, and only that (not \\Seen): {m:?}");
    }
    assert!(contents(&d, PROCESSED).await.is_empty());

    let mut again = Vec::new();
    run(&cfg, &HashSet::new(), &BTreeMap::new(), &mut again).await.expect("second pass");
    assert!(again.is_empty(), "flagged messages are not fetched again");
}

#[tokio::test]
async fn a_message_that_is_not_a_packet_is_left_alone_and_known_skips_it() {
    let ca = TestCa::new();
    let d = Dovecot::start(&ca);
    append(&d, "INBOX", &[message("newsletter", 400), message("packet", 400)]).await;
    let before = contents(&d, "INBOX").await;
    let cfg = config(&d, &ca);
    let answers = BTreeMap::from([("newsletter", Disposition::NotPacket)]);

    let mut calls = Vec::new();
    let report = run(&cfg, &HashSet::new(), &answers, &mut calls).await.expect("first pass");
    assert_eq!((report.seen, report.processed, report.not_packet), (2, 1, 1), "{report:?}");
    let inbox = contents(&d, "INBOX").await;
    assert_eq!(inbox, before[..1], "the newsletter is where it was, flags unchanged, not \\Seen");
    assert!(inbox[0].flags.is_empty());
    assert_eq!(ids(&contents(&d, PROCESSED).await), ["packet"]);

    // Without `known` it is downloaded again (and left alone again) ...
    let mut calls = Vec::new();
    let report = run(&cfg, &HashSet::new(), &answers, &mut calls).await.expect("second pass");
    assert_eq!((report.seen, report.not_packet), (1, 1));
    // ... with it, it is skipped without a download.
    let uid_validity = calls[0].uid_validity;
    let known = HashSet::from([(uid_validity, inbox[0].uid)]);
    let mut calls = Vec::new();
    let report = run(&cfg, &known, &answers, &mut calls).await.expect("third pass");
    assert!(calls.is_empty(), "known: not handed over again");
    assert_eq!((report.seen, report.skipped_known, report.not_packet), (1, 1, 0), "{report:?}");
    assert_eq!(contents(&d, "INBOX").await, before[..1]);
}

#[tokio::test]
async fn retry_leaves_the_message_for_the_next_pass() {
    let ca = TestCa::new();
    let d = Dovecot::start(&ca);
    append(&d, "INBOX", &[message("busy", 400)]).await;
    let before = contents(&d, "INBOX").await;
    let cfg = config(&d, &ca);

    let mut calls = Vec::new();
    let retry = BTreeMap::from([("busy", Disposition::Retry)]);
    let report = run(&cfg, &HashSet::new(), &retry, &mut calls).await.expect("first pass");
    assert_eq!((report.retry, report.processed), (1, 0), "{report:?}");
    assert_eq!(contents(&d, "INBOX").await, before, "untouched");

    let report = run(&cfg, &HashSet::new(), &BTreeMap::new(), &mut calls).await.expect("second pass");
    assert_eq!(report.processed, 1);
    assert_eq!(count_calls(&calls)["busy"], 2, "handed over again, then processed");
    assert_eq!(ids(&contents(&d, PROCESSED).await), ["busy"]);
}

#[tokio::test]
async fn an_oversize_message_is_listed_not_downloaded_and_left_alone() {
    let ca = TestCa::new();
    let d = Dovecot::start(&ca);
    append(&d, "INBOX", &[message("small", 1000), message("huge", 50_000), message("small2", 1000)]).await;
    let before = contents(&d, "INBOX").await;
    let mut cfg = config(&d, &ca);
    cfg.max_message_bytes = 10_000;

    let mut calls = Vec::new();
    let report = run(&cfg, &HashSet::new(), &BTreeMap::new(), &mut calls).await.expect("pass");
    assert_eq!(report.too_large, [before[1].uid], "{report:?}");
    assert_eq!(report.processed, 2);
    assert_eq!(count_calls(&calls).keys().collect::<Vec<_>>(), ["small", "small2"], "never handed over");
    assert_eq!(contents(&d, "INBOX").await, before[1..2], "left alone, not \\Seen");
    // Not downloaded either: no session got 50 kB from the server (dovecot logs "out=<bytes>").
    let most_sent =
        d.log().lines().filter_map(|l| l.split(" out=").nth(1)?.split(' ').next()?.parse::<u64>().ok()).max();
    assert!(most_sent.is_some_and(|n| n < 40_000), "{most_sent:?}\n{}", d.log());
}

#[tokio::test]
async fn without_move_the_message_is_copied_before_it_is_deleted() {
    // UIDPLUS → UID EXPUNGE of that message only; neither → COPY, STORE \Deleted, EXPUNGE.
    for capability in ["IMAP4rev1 LITERAL+ UIDPLUS", "IMAP4rev1 LITERAL+"] {
        let ca = TestCa::new();
        let d = Dovecot::start_with(&ca, DovecotOptions { capability: Some(capability), ..Default::default() });
        append(&d, "INBOX", &[message("c1", 300), message("c2", 300)]).await;
        let cfg = config(&d, &ca);
        let mut calls = Vec::new();
        let report = run(&cfg, &HashSet::new(), &BTreeMap::new(), &mut calls).await.expect(capability);
        assert_eq!(report.processed, 2, "{capability}: {report:?}");
        assert!(contents(&d, "INBOX").await.is_empty(), "{capability}: expunged from INBOX");
        let moved = contents(&d, PROCESSED).await;
        assert_eq!(ids(&moved), ["c1", "c2"], "{capability}");
        assert!(moved.iter().all(|m| m.flags.is_empty()), "{capability}: the copy is not \\Deleted: {moved:?}");
        // dovecot counts STORE \Deleted + EXPUNGE as "deleted"; a MOVE counts as neither.
        assert!(d.log().contains("deleted=2 expunged=2"), "{capability}: not the copy fallback:\n{}", d.log());
    }
}

#[tokio::test]
async fn a_chinese_processed_mailbox_name_is_created_in_modified_utf7() {
    let ca = TestCa::new();
    let d = Dovecot::start(&ca);
    append(&d, "INBOX", &[message("zh", 300)]).await;
    let mut cfg = config(&d, &ca);
    cfg.processed_mailbox = Some("EHS-已导入".into());
    run(&cfg, &HashSet::new(), &BTreeMap::new(), &mut Vec::new()).await.expect("pass");
    assert_eq!(ids(&contents(&d, "EHS-&XfJb,FFl-").await), ["zh"]);
}

#[tokio::test]
async fn tls_with_the_extra_ca_works_and_without_it_is_permanent() {
    let ca = TestCa::new();
    let d = Dovecot::start(&ca);
    append(&d, "INBOX", &[message("t1", 300)]).await;
    let logins = || d.log().matches("Login: user=").count();
    let before = logins();
    for (security, port) in [(Security::Tls, d.imaps_port), (Security::StartTls, d.imap_port)] {
        let mut cfg = config(&d, &ca);
        cfg.security = security;
        cfg.port = port;
        cfg.extra_ca_pem = None;
        let mut calls = Vec::new();
        let err = run(&cfg, &HashSet::new(), &BTreeMap::new(), &mut calls).await.unwrap_err();
        assert_eq!(err.kind, ImapErrorKind::Permanent, "{security:?}: {err:?}");
        assert_eq!(err.failure, ImapFailure::Tls, "{security:?}: {err:?}");
        assert!(calls.is_empty());
        assert_eq!(logins(), before, "{security:?}: signed in over an untrusted connection");
    }
    // A different CA is no better than none.
    let other = TestCa::new();
    let mut cfg = config(&d, &ca);
    cfg.extra_ca_pem = Some(other.ca_pem.clone());
    assert_eq!(
        run(&cfg, &HashSet::new(), &BTreeMap::new(), &mut Vec::new()).await.unwrap_err().failure,
        ImapFailure::Tls
    );
    assert_eq!(ids(&contents(&d, "INBOX").await), ["t1"]);

    for (security, port) in [(Security::Tls, d.imaps_port), (Security::StartTls, d.imap_port)] {
        let mut cfg = config(&d, &ca);
        cfg.security = security;
        cfg.port = port;
        cfg.processed_mailbox = None;
        let report = run(&cfg, &HashSet::new(), &BTreeMap::new(), &mut Vec::new()).await;
        assert!(report.is_ok(), "{security:?} with the test CA: {report:?}");
    }
}

#[tokio::test]
async fn a_wrong_password_is_permanent_and_never_in_the_error() {
    let ca = TestCa::new();
    // LOGIN (ASCII) and AUTHENTICATE PLAIN (non-ASCII), each on its own server: dovecot answers a
    // failed sign-in after a delay that grows with each failure from the same address (and
    // delays the next sign-in too, so the mailbox is not read back here).
    for password in ["wrong-ascii-password", SECRET] {
        let d = Dovecot::start(&ca);
        let mut cfg = config(&d, &ca);
        cfg.password = password.into();
        let err = run(&cfg, &HashSet::new(), &BTreeMap::new(), &mut Vec::new()).await.unwrap_err();
        assert_eq!(err.kind, ImapErrorKind::Permanent, "{err:?}");
        assert_eq!(err.failure, ImapFailure::Auth, "{err:?}");
        assert!(err.message.contains("127.0.0.1"), "{}", err.message);
        for shown in [err.to_string(), format!("{err:?}"), format!("{cfg:?}")] {
            assert!(!shown.contains(password), "password leaked: {shown}");
        }
    }
}

#[tokio::test]
async fn a_missing_mailbox_is_permanent() {
    let ca = TestCa::new();
    let d = Dovecot::start(&ca);
    let mut cfg = config(&d, &ca);
    cfg.mailbox = "No-Such-Folder".into();
    let err = run(&cfg, &HashSet::new(), &BTreeMap::new(), &mut Vec::new()).await.unwrap_err();
    assert_eq!((err.kind, err.failure), (ImapErrorKind::Permanent, ImapFailure::Mailbox), "{err:?}");
    assert!(err.message.contains("No-Such-Folder"), "{}", err.message);
}

#[tokio::test]
async fn a_password_over_a_plain_connection_is_refused_before_connecting() {
    let cfg = ImapConfig {
        host: "127.0.0.1".into(),
        port: closed_port(),
        security: Security::Plain,
        username: "hq-ehs".into(),
        password: SECRET.into(),
        mailbox: "INBOX".into(),
        processed_mailbox: None,
        step_timeout: Duration::from_secs(2),
        extra_ca_pem: None,
        max_message_bytes: 1000,
    };
    // Nothing listens: had it connected, the error would be Connect.
    let err = run(&cfg, &HashSet::new(), &BTreeMap::new(), &mut Vec::new()).await.unwrap_err();
    assert_eq!((err.kind, err.failure), (ImapErrorKind::Permanent, ImapFailure::Config), "{err:?}");
    assert!(err.message.starts_with("security:"), "{}", err.message);
    assert!(!format!("{err:?}").contains(SECRET));
}

#[tokio::test]
async fn connection_refused_is_transient() {
    let ca = TestCa::new();
    let cfg = ImapConfig { port: closed_port(), ..config_without_server(&ca) };
    let err = run(&cfg, &HashSet::new(), &BTreeMap::new(), &mut Vec::new()).await.unwrap_err();
    assert_eq!((err.kind, err.failure), (ImapErrorKind::Transient, ImapFailure::Connect), "{err:?}");
    assert!(err.message.contains("127.0.0.1"), "{}", err.message);
}

fn config_without_server(ca: &TestCa) -> ImapConfig {
    ImapConfig {
        host: "127.0.0.1".into(),
        port: 0,
        security: Security::Tls,
        username: "hq-ehs".into(),
        password: "imap-test-password".into(),
        mailbox: "INBOX".into(),
        processed_mailbox: None,
        step_timeout: Duration::from_secs(2),
        extra_ca_pem: Some(ca.ca_pem.clone()),
        max_message_bytes: 1000,
    }
}

/// A server that accepts TCP and then sends `greeting` (if any) and nothing more, ever.
async fn mute_server(greeting: Option<&'static [u8]>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((mut s, _)) = listener.accept().await {
            if let Some(g) = greeting {
                let _ = s.write_all(g).await;
            }
            held.push(s);
        }
    });
    port
}

#[tokio::test]
async fn a_server_that_never_answers_times_out_as_transient_within_the_step_timeout() {
    let ca = TestCa::new();
    let cases = [
        (Security::Tls, None, "TLS handshake"),
        (Security::StartTls, None, "greeting"),
        (Security::StartTls, Some(&b"* OK ready\r\n"[..]), "STARTTLS"),
    ];
    for (security, greeting, step) in cases {
        let port = mute_server(greeting).await;
        let cfg = ImapConfig { port, security, ..config_without_server(&ca) };
        let started = Instant::now();
        let (known, answers, mut calls) = (HashSet::new(), BTreeMap::new(), Vec::new());
        let pass = run(&cfg, &known, &answers, &mut calls);
        let err = tokio::time::timeout(Duration::from_secs(10), pass).await.expect("hung").unwrap_err();
        let took = started.elapsed();
        assert_eq!((err.kind, err.failure), (ImapErrorKind::Transient, ImapFailure::Timeout), "{step}: {err:?}");
        assert!(err.message.contains(step), "{step}: {}", err.message);
        assert!(took >= Duration::from_millis(1900), "{step}: returned before the timeout: {took:?}");
        assert!(took < Duration::from_secs(4), "{step}: hung past the 2 s step timeout: {took:?}");
    }
}

/// A TCP proxy in front of dovecot's implicit-TLS port. It cuts the connection (both ways)
/// once it has passed `cut_after` bytes from the server, or as soon as the client sends
/// anything after `cut_now` was set.
struct Proxy {
    port: u16,
    cut_now: Arc<AtomicBool>,
    server_bytes: Arc<Mutex<usize>>,
}

async fn proxy(upstream: u16, cut_after: usize) -> Proxy {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let cut_now = Arc::new(AtomicBool::new(false));
    let server_bytes = Arc::new(Mutex::new(0));
    let (flag, counted) = (cut_now.clone(), server_bytes.clone());
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let server = TcpStream::connect(("127.0.0.1", upstream)).await.expect("upstream");
            let (flag, counted) = (flag.clone(), counted.clone());
            tokio::spawn(pump(client, server, cut_after, flag, counted));
        }
    });
    Proxy { port, cut_now, server_bytes }
}

async fn pump(
    mut client: TcpStream,
    mut server: TcpStream,
    cut_after: usize,
    cut_now: Arc<AtomicBool>,
    counted: Arc<Mutex<usize>>,
) {
    let (mut cr, mut cw) = client.split();
    let (mut sr, mut sw) = server.split();
    let (mut cbuf, mut sbuf) = (vec![0u8; 16 * 1024], vec![0u8; 16 * 1024]);
    let mut passed = 0usize;
    loop {
        tokio::select! {
            n = cr.read(&mut cbuf) => {
                let Ok(n) = n else { break };
                if n == 0 || cut_now.load(Ordering::SeqCst) {
                    break;
                }
                if sw.write_all(&cbuf[..n]).await.is_err() {
                    break;
                }
            }
            n = sr.read(&mut sbuf) => {
                let Ok(n) = n else { break };
                if n == 0 {
                    break;
                }
                let allowed = n.min(cut_after - passed);
                if cw.write_all(&sbuf[..allowed]).await.is_err() {
                    break;
                }
                passed += allowed;
                *counted.lock().unwrap() = passed;
                if passed >= cut_after {
                    break;
                }
            }
        }
    }
    // Dropping both halves closes both connections.
}

#[tokio::test]
async fn a_connection_cut_in_the_middle_of_a_message_loses_nothing() {
    let ca = TestCa::new();
    let d = Dovecot::start(&ca);
    let sizes = 40_000;
    append(&d, "INBOX", &[message("m1", sizes), message("m2", sizes), message("m3", sizes)]).await;
    // TLS handshake + greeting + sign-in + SELECT + … is a few kB, then m1's 40 kB literal, then
    // m2's: at 70 kB from the server the cut falls inside m2's literal.
    let proxy = proxy(d.imaps_port, 70_000).await;
    let mut cfg = config(&d, &ca);
    cfg.port = proxy.port;

    let mut calls = Vec::new();
    let err = run(&cfg, &HashSet::new(), &BTreeMap::new(), &mut calls).await.unwrap_err();
    assert_eq!(err.kind, ImapErrorKind::Transient, "{err:?}");
    assert_eq!(err.failure, ImapFailure::Network, "{err:?}");
    assert_eq!(count_calls(&calls), BTreeMap::from([("m1".to_owned(), 1)]), "cut inside m2, before its handle");
    assert_eq!(err.report_so_far.processed, 1, "{err:?}");
    assert_eq!(err.report_so_far.seen, 3);
    assert_eq!(*proxy.server_bytes.lock().unwrap(), 70_000);
    assert_eq!(ids(&contents(&d, PROCESSED).await), ["m1"]);
    assert_eq!(ids(&contents(&d, "INBOX").await), ["m2", "m3"], "nothing lost");

    // The next pass on a working connection.
    let mut cfg = cfg.clone();
    cfg.port = d.imaps_port;
    let report = run(&cfg, &HashSet::new(), &BTreeMap::new(), &mut calls).await.expect("second pass");
    assert_eq!(report.processed, 2, "{report:?}");
    let per_message = count_calls(&calls);
    assert_eq!(per_message.len(), 3, "each message handed over: {per_message:?}");
    assert!(per_message.values().all(|&n| n == 1), "each exactly once here: {per_message:?}");
    assert!(contents(&d, "INBOX").await.is_empty());
    assert_eq!(ids(&contents(&d, PROCESSED).await), ["m1", "m2", "m3"], "each moved exactly once");
}

#[tokio::test]
async fn a_connection_cut_after_handle_before_the_move_hands_the_message_over_again() {
    let ca = TestCa::new();
    let d = Dovecot::start(&ca);
    append(&d, "INBOX", &[message("a1", 1000), message("a2", 1000), message("a3", 1000)]).await;
    let proxy = proxy(d.imaps_port, usize::MAX).await;
    let mut cfg = config(&d, &ca);
    cfg.port = proxy.port;

    // handle imports a2, and the connection dies before the server hears about the move.
    let mut calls = Vec::new();
    let cut = proxy.cut_now.clone();
    let mut handle = |f: Fetched| {
        if id_of(&f.bytes) == "a2" {
            cut.store(true, Ordering::SeqCst);
        }
        calls.push(f);
        Disposition::Processed
    };
    let err = imap::fetch_once(&cfg, &|_: u32, _: u32| false, &mut handle).await.unwrap_err();
    assert_eq!((err.kind, err.failure), (ImapErrorKind::Transient, ImapFailure::Network), "{err:?}");
    assert_eq!(err.report_so_far.processed, 1, "a1 moved; a2 handled but not moved: {err:?}");
    assert_eq!(ids(&contents(&d, PROCESSED).await), ["a1"]);
    assert_eq!(ids(&contents(&d, "INBOX").await), ["a2", "a3"], "a2 is still there, unflagged");

    cfg.port = d.imaps_port;
    let report = run(&cfg, &HashSet::new(), &BTreeMap::new(), &mut calls).await.expect("second pass");
    assert_eq!(report.processed, 2);
    let per_message = count_calls(&calls);
    assert_eq!(
        per_message,
        BTreeMap::from([("a1".to_owned(), 1), ("a2".to_owned(), 2), ("a3".to_owned(), 1)]),
        "at least once: a2 is handed over again (the importer counts it once)"
    );
    assert!(contents(&d, "INBOX").await.is_empty());
    assert_eq!(ids(&contents(&d, PROCESSED).await), ["a1", "a2", "a3"], "each moved exactly once");
}

#[tokio::test]
async fn a_mail_sent_over_smtp_arrives_by_lmtp_and_is_fetched() {
    let ca = TestCa::new();
    let d = Dovecot::start(&ca);
    let relay =
        SmtpServer::start_with(Mode::Accept, Options { lmtp: Some((&d.lmtp_socket, &d.user)), ..Default::default() });
    let packet = br#"{"schema_version":1,"plant_code":"SZ01","week":"2026-W53"}"#.to_vec();
    let mail = Mail {
        message_id: "week-2026W53-r1@sz01.ehs-ledger".into(),
        to: vec!["hq-ehs@group.example".into()],
        subject: "周报 2026-W53 深圳一厂".into(),
        text: "Weekly packet attached.".into(),
        attachments: vec![MailAttachment {
            name: "SZ01_2026-W53_r1.json".into(),
            media_type: "application/json".into(),
            bytes: packet.clone(),
        }],
    };
    let smtp_cfg = SmtpConfig {
        host: "127.0.0.1".into(),
        port: relay.port,
        security: smtp::Security::Plain,
        username: None,
        password: None,
        from: "EHS 台账 <ehs@sz01.example>".into(),
        send_timeout: Duration::from_secs(5),
        extra_ca_pem: None,
    };
    smtp::send(&smtp_cfg, &mail).await.expect("sent (and delivered to dovecot by LMTP)");

    let cfg = config(&d, &ca);
    let mut got = Vec::new();
    let mut handle = |f: Fetched| {
        got.push(f);
        Disposition::Processed
    };
    let report = imap::fetch_once(&cfg, &|_: u32, _: u32| false, &mut handle).await.expect("fetch");
    assert_eq!(report.processed, 1, "{report:?}\n{}", d.log());
    let parsed = mail_parser::MessageParser::default().parse(&got[0].bytes).expect("parse");
    assert_eq!(parsed.message_id(), Some("week-2026W53-r1@sz01.ehs-ledger"));
    assert_eq!(parsed.subject(), Some("周报 2026-W53 深圳一厂"));
    let attachment = parsed.attachments().next().expect("attachment");
    assert_eq!(attachment.contents(), packet.as_slice());
    assert_eq!(contents(&d, PROCESSED).await.len(), 1);
}
