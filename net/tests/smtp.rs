//! `net::smtp` against a real SMTP server on 127.0.0.1 (tests/support/smtp_server.py).

mod support;

use std::time::{Duration, Instant};

use ehs_ledger_net::smtp::{self, Mail, MailAttachment, Security, SendErrorKind, SendFailure, SmtpConfig};
use mail_parser::{MessageParser, MimeHeaders};
use support::{closed_port, Mode, Options, SmtpServer, TestCa};

const SECRET: &str = "Pa55-秘密-never-shown";

fn config(port: u16) -> SmtpConfig {
    SmtpConfig {
        host: "127.0.0.1".into(),
        port,
        security: Security::Plain,
        username: None,
        password: None,
        from: "EHS 台账 <ehs@plant.example>".into(),
        send_timeout: Duration::from_secs(2),
        extra_ca_pem: None,
    }
}

fn packet_json() -> Vec<u8> {
    br#"{"schema_version":1,"plant_code":"SZ01","week":"2026-W53","mass_g":"123456789"}"#.to_vec()
}

/// Bytes a PDF starts with, plus every byte value, so an encoding slip shows.
fn pdf_bytes() -> Vec<u8> {
    let mut b = b"%PDF-1.7\n".to_vec();
    b.extend((0..=255u8).cycle().take(5000));
    b
}

fn week_mail(id: &str) -> Mail {
    Mail {
        message_id: id.into(),
        to: vec!["hq-ehs@group.example".into(), "王经理 <manager@group.example>".into()],
        subject: "周报 2026-W53 深圳一厂 — 危险废物".into(),
        text: "本周数据包见附件。\nWeekly packet attached.".into(),
        attachments: vec![
            MailAttachment {
                name: "SZ01_2026-W53_r1.json".into(),
                media_type: "application/json".into(),
                bytes: packet_json(),
            },
            MailAttachment {
                name: "周报_2026-W53.pdf".into(),
                media_type: "application/pdf".into(),
                bytes: pdf_bytes(),
            },
        ],
    }
}

#[tokio::test]
async fn chinese_subject_and_attachments_arrive_byte_for_byte() {
    let server = SmtpServer::start(Mode::Accept);
    let mail = week_mail("0197a1b2-week-2026W53-r1@sz01.ehs-ledger");
    let delivered = smtp::send(&config(server.port), &mail).await.expect("delivered");
    assert!(delivered.reply.starts_with("250"), "{}", delivered.reply);

    let received = server.received();
    assert_eq!(received.len(), 1);
    let raw = &received[0];
    // The headers are 7-bit: the subject and the file names are encoded, not raw UTF-8.
    let head_end = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("header end");
    assert!(raw[..head_end].is_ascii(), "headers must be encoded (RFC 2047/2231)");

    let msg = MessageParser::default().parse(raw).expect("parse");
    assert_eq!(msg.subject(), Some("周报 2026-W53 深圳一厂 — 危险废物"));
    assert_eq!(msg.message_id(), Some("0197a1b2-week-2026W53-r1@sz01.ehs-ledger"));
    let to: Vec<_> = msg.to().expect("to").iter().filter_map(|a| a.address()).collect();
    assert_eq!(to, ["hq-ehs@group.example", "manager@group.example"]);
    assert!(msg.body_text(0).expect("text").contains("本周数据包见附件"));

    let atts: Vec<_> = msg.attachments().collect();
    assert_eq!(atts.len(), 2);
    assert_eq!(atts[0].attachment_name(), Some("SZ01_2026-W53_r1.json"));
    assert_eq!(atts[0].contents(), packet_json().as_slice());
    assert_eq!(atts[1].attachment_name(), Some("周报_2026-W53.pdf"));
    assert_eq!(atts[1].content_type().map(|c| c.ctype()), Some("application"));
    assert_eq!(atts[1].content_type().and_then(|c| c.subtype()), Some("pdf"));
    assert_eq!(atts[1].contents(), pdf_bytes().as_slice());
}

#[tokio::test]
async fn the_message_id_is_the_given_one_on_every_retry() {
    let server = SmtpServer::start(Mode::Accept);
    let mail = week_mail("stable-id-1@sz01.ehs-ledger");
    smtp::send(&config(server.port), &mail).await.expect("first");
    smtp::send(&config(server.port), &mail).await.expect("retry");
    let ids: Vec<String> = server
        .received()
        .iter()
        .map(|raw| MessageParser::default().parse(raw).unwrap().message_id().unwrap().to_owned())
        .collect();
    assert_eq!(ids, ["stable-id-1@sz01.ehs-ledger", "stable-id-1@sz01.ehs-ledger"]);
}

#[tokio::test]
async fn a_5xx_reply_is_permanent_with_the_servers_text() {
    let server = SmtpServer::start(Mode::Reject);
    let err = smtp::send(&config(server.port), &week_mail("r@x.example")).await.unwrap_err();
    assert_eq!(err.kind, SendErrorKind::Permanent, "{err:?}");
    assert_eq!(err.failure, SendFailure::Reply);
    assert_eq!(err.reply_code, Some(550));
    assert!(err.message.contains("Message refused by test policy"), "{}", err.message);
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn a_4xx_reply_is_transient() {
    let server = SmtpServer::start(Mode::Tempfail);
    let err = smtp::send(&config(server.port), &week_mail("t@x.example")).await.unwrap_err();
    assert_eq!(err.kind, SendErrorKind::Transient, "{err:?}");
    assert_eq!(err.reply_code, Some(451));
    assert!(err.message.contains("try again later"), "{}", err.message);
}

#[tokio::test]
async fn connection_refused_is_transient() {
    let err = smtp::send(&config(closed_port()), &week_mail("c@x.example")).await.unwrap_err();
    assert_eq!(err.kind, SendErrorKind::Transient, "{err:?}");
    assert_eq!(err.failure, SendFailure::Connect, "{err:?}");
    assert!(err.message.contains("127.0.0.1"), "{}", err.message);
}

#[tokio::test]
async fn an_unknown_host_is_transient() {
    let mut cfg = config(25);
    cfg.host = "no-such-host.invalid".into();
    let err = smtp::send(&cfg, &week_mail("d@x.example")).await.unwrap_err();
    assert_eq!(err.kind, SendErrorKind::Transient, "{err:?}");
    assert!(err.message.contains("no-such-host.invalid"), "{}", err.message);
}

async fn assert_bounded(mode: Mode) {
    let server = SmtpServer::start(mode);
    let cfg = config(server.port);
    let started = Instant::now();
    let err = smtp::send(&cfg, &week_mail("h@x.example")).await.unwrap_err();
    let took = started.elapsed();
    assert_eq!(err.kind, SendErrorKind::Transient, "{err:?}");
    assert_eq!(err.failure, SendFailure::Timeout, "{err:?}");
    assert!(took >= Duration::from_millis(1900), "returned before the timeout: {took:?}");
    assert!(took < Duration::from_secs(5), "hung past the 2 s timeout: {took:?}");
}

#[tokio::test]
async fn a_server_that_never_greets_times_out_as_transient() {
    assert_bounded(Mode::Silent).await;
}

#[tokio::test]
async fn a_server_that_stalls_after_mail_from_times_out_as_transient() {
    assert_bounded(Mode::Stall).await;
}

#[tokio::test]
async fn starttls_with_the_plants_extra_ca_delivers() {
    let ca = TestCa::new();
    let server = SmtpServer::start_with(Mode::Accept, Options { tls: Some(&ca), ..Default::default() });
    let mut cfg = config(server.port);
    cfg.security = Security::StartTls;
    cfg.extra_ca_pem = Some(ca.ca_pem.clone());
    smtp::send(&cfg, &week_mail("tls@x.example")).await.expect("delivered over STARTTLS");
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn starttls_without_the_extra_ca_fails_as_tls_transient() {
    let ca = TestCa::new();
    let server = SmtpServer::start_with(Mode::Accept, Options { tls: Some(&ca), ..Default::default() });
    let mut cfg = config(server.port);
    cfg.security = Security::StartTls;
    let err = smtp::send(&cfg, &week_mail("tls@x.example")).await.unwrap_err();
    assert_eq!(err.kind, SendErrorKind::Transient, "{err:?}");
    assert_eq!(err.failure, SendFailure::Tls, "{err:?}");
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn starttls_required_but_not_offered_fails_as_tls() {
    let server = SmtpServer::start(Mode::Accept);
    let mut cfg = config(server.port);
    cfg.security = Security::StartTls;
    let err = smtp::send(&cfg, &week_mail("tls@x.example")).await.unwrap_err();
    assert_eq!(err.failure, SendFailure::Tls, "{err:?}");
    assert!(server.received().is_empty(), "nothing is sent in clear text");
}

#[tokio::test]
async fn implicit_tls_with_auth_delivers() {
    let ca = TestCa::new();
    let server = SmtpServer::start_with(
        Mode::Accept,
        Options { tls: Some(&ca), implicit_tls: true, auth: Some(("ehs", SECRET)), ..Default::default() },
    );
    let mut cfg = config(server.port);
    cfg.security = Security::Tls;
    cfg.extra_ca_pem = Some(ca.ca_pem.clone());
    cfg.username = Some("ehs".into());
    cfg.password = Some(SECRET.into());
    smtp::send(&cfg, &week_mail("auth@x.example")).await.expect("delivered over TLS with AUTH");
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn a_refused_password_is_permanent_and_never_in_the_error() {
    let ca = TestCa::new();
    let server = SmtpServer::start_with(
        Mode::Accept,
        Options { tls: Some(&ca), implicit_tls: false, auth: Some(("ehs", "the-right-one")), ..Default::default() },
    );
    let mut cfg = config(server.port);
    cfg.security = Security::StartTls;
    cfg.extra_ca_pem = Some(ca.ca_pem.clone());
    cfg.username = Some("ehs".into());
    cfg.password = Some(SECRET.into());
    let err = smtp::send(&cfg, &week_mail("auth@x.example")).await.unwrap_err();
    assert_eq!(err.kind, SendErrorKind::Permanent, "{err:?}");
    assert_eq!(err.failure, SendFailure::Auth, "{err:?}");
    assert_eq!(err.reply_code, Some(535));
    for shown in [err.to_string(), format!("{err:?}"), format!("{cfg:?}")] {
        assert!(!shown.contains(SECRET), "password leaked: {shown}");
    }
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn a_password_over_a_plain_connection_is_refused_before_connecting() {
    let mut cfg = config(closed_port());
    cfg.username = Some("ehs".into());
    cfg.password = Some(SECRET.into());
    let err = smtp::send(&cfg, &week_mail("p@x.example")).await.unwrap_err();
    assert_eq!(err.kind, SendErrorKind::Permanent);
    assert_eq!(err.failure, SendFailure::Config);
    assert!(err.message.starts_with("security:"), "{}", err.message);
    assert!(!format!("{err:?}").contains(SECRET));
}

#[tokio::test]
async fn a_bad_address_is_named_and_permanent_before_connecting() {
    // Nothing listens: had it connected, the error would be Connect.
    let cfg = config(closed_port());
    let mut mail = week_mail("a@x.example");
    mail.to.push("hq@@group".into());
    let err = smtp::send(&cfg, &mail).await.unwrap_err();
    assert_eq!((err.kind, err.failure), (SendErrorKind::Permanent, SendFailure::InvalidMail), "{err:?}");
    assert!(err.message.starts_with("to[2]:") && err.message.contains("hq@@group"), "{}", err.message);

    let mut cfg = config(closed_port());
    cfg.from = "not an address".into();
    let err = smtp::send(&cfg, &week_mail("a@x.example")).await.unwrap_err();
    assert_eq!((err.kind, err.failure), (SendErrorKind::Permanent, SendFailure::Config), "{err:?}");
    assert!(err.message.starts_with("from:"), "{}", err.message);

    let mut mail = week_mail("no-at-sign");
    mail.to.truncate(1);
    let err = smtp::send(&config(closed_port()), &mail).await.unwrap_err();
    assert!(err.message.starts_with("message_id:"), "{}", err.message);
}

#[tokio::test]
async fn send_many_delivers_52_mails_in_order_over_one_run() {
    let server = SmtpServer::start(Mode::Accept);
    let mails: Vec<Mail> = (1..=52)
        .map(|w| {
            let mut m = week_mail(&format!("week-{w:02}@sz01.ehs-ledger"));
            m.subject = format!("周报 2026-W{w:02}");
            m
        })
        .collect();
    let mut cfg = config(server.port);
    cfg.send_timeout = Duration::from_secs(10);
    let started = Instant::now();
    let results = smtp::send_many(&cfg, &mails).await;
    let took = started.elapsed();
    assert_eq!(results.len(), 52);
    assert!(results.iter().all(|r| r.is_ok()), "{results:?}");
    let subjects: Vec<String> = server
        .received()
        .iter()
        .map(|raw| MessageParser::default().parse(raw).unwrap().subject().unwrap().to_owned())
        .collect();
    let expected: Vec<String> = (1..=52).map(|w| format!("周报 2026-W{w:02}")).collect();
    assert_eq!(subjects, expected);
    eprintln!("send_many: 52 mails in {took:?}");
}

#[tokio::test]
async fn send_many_stops_at_the_first_failure_to_keep_order() {
    let server = SmtpServer::start(Mode::Tempfail);
    let mails: Vec<Mail> = (1..=3).map(|w| week_mail(&format!("w{w}@x.example"))).collect();
    let results = smtp::send_many(&config(server.port), &mails).await;
    assert_eq!(results.len(), 1, "later mails must not be tried after a failure");
    assert!(results[0].is_err());
}
