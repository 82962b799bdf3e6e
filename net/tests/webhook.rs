//! Issue 13 item 4's delivery: notices drained from the outbox to a group robot on a local HTTP
//! server (a small HTTP/1.1 server on 127.0.0.1 started by each test) and by e-mail to the local
//! SMTP server of `outbox.rs`: WeCom's exact JSON; DingTalk's `timestamp` and a `sign` checked
//! here with HMAC-SHA256; `errcode != 0` → permanent with the robot's message; HTTP 500 →
//! transient and sent on a later drain; a robot that never answers → transient within the
//! timeout; robot notices go even where no SMTP server is set.

#[path = "../../tests/common/mod.rs"]
mod common;
mod support;

use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use common::{now, plant, Plant};
use ehs_ledger::areas::Area;
use ehs_ledger::notify::{self, Notice, QueuedNotice};
use ehs_ledger::plant::settings;
use ehs_ledger::sync::outbox::{self, ItemState, OutboxKind, Outcome};
use ehs_ledger_net::outbox::{drain_once, Delivery};
use ehs_ledger_net::secrets::SecretStore;
use ehs_ledger_net::webhook;
use hmac::{KeyInit, Mac};
use mail_parser::MessageParser;
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Instant;
use support::{Mode, SmtpServer};

/// How the robot answers one request.
#[derive(Clone)]
enum Reply {
    Json(u16, &'static str),
    /// Reads the request and never answers.
    Silent,
}

const OK: Reply = Reply::Json(200, r#"{"errcode":0,"errmsg":"ok"}"#);

#[derive(Debug, Clone)]
struct Request {
    /// Path and query.
    target: String,
    content_type: String,
    body: Vec<u8>,
}

/// A robot on 127.0.0.1: records every request, answers from `replies` (then `OK`).
struct Robot {
    port: u16,
    got: Arc<Mutex<Vec<Request>>>,
    replies: Arc<Mutex<VecDeque<Reply>>>,
}

impl Robot {
    fn start(replies: &[Reply]) -> Robot {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let got = Arc::new(Mutex::new(Vec::new()));
        let replies = Arc::new(Mutex::new(replies.iter().cloned().collect::<VecDeque<_>>()));
        let (g, r) = (got.clone(), replies.clone());
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(conn) = conn else { break };
                let (g, r) = (g.clone(), r.clone());
                std::thread::spawn(move || serve(conn, g, r));
            }
        });
        Robot { port, got, replies }
    }

    fn url(&self, path_query: &str) -> String {
        format!("http://127.0.0.1:{}{path_query}", self.port)
    }

    fn requests(&self) -> Vec<Request> {
        self.got.lock().unwrap().clone()
    }

    fn then(&self, r: Reply) {
        self.replies.lock().unwrap().push_back(r);
    }
}

fn serve(mut conn: std::net::TcpStream, got: Arc<Mutex<Vec<Request>>>, replies: Arc<Mutex<VecDeque<Reply>>>) {
    let mut reader = BufReader::new(conn.try_clone().unwrap());
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let target = line.split_whitespace().nth(1).unwrap_or("").to_string();
        let (mut len, mut content_type) = (0usize, String::new());
        loop {
            let mut h = String::new();
            if reader.read_line(&mut h).unwrap_or(0) == 0 {
                return;
            }
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            let (name, value) = h.split_once(':').unwrap();
            match name.to_ascii_lowercase().as_str() {
                "content-length" => len = value.trim().parse().unwrap(),
                "content-type" => content_type = value.trim().to_string(),
                _ => {}
            }
        }
        let mut body = vec![0; len];
        reader.read_exact(&mut body).unwrap();
        got.lock().unwrap().push(Request { target, content_type, body });
        let reply = replies.lock().unwrap().pop_front().unwrap_or(OK);
        match reply {
            Reply::Silent => {
                std::thread::sleep(std::time::Duration::from_secs(30));
                return;
            }
            Reply::Json(status, text) => {
                let head = format!(
                    "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                    text.len()
                );
                if conn.write_all(head.as_bytes()).and_then(|_| conn.write_all(text.as_bytes())).is_err() {
                    return;
                }
            }
        }
    }
}

fn robot_settings(p: &mut Plant, kind: &str, url: &str, timeout_s: &str) {
    let a = p.admin.clone();
    let pairs = [("notify_webhook_kind", kind), ("notify_webhook_url", url), ("notify_webhook_timeout_s", timeout_s)];
    settings::set_many(&mut p.store, &a, &pairs, now()).unwrap();
}

fn queue(p: &mut Plant, to: &[&str]) -> QueuedNotice {
    let actor = p.admin.user_id.clone();
    let n = Notice {
        subject: "隐患整改提醒 H-014".into(),
        body_text: "二楼喷涂线防护罩缺失\n到期 2025-03-06".into(),
        to_emails: to.iter().map(|s| s.to_string()).collect(),
        webhook: true,
        source_area: Area::Plant,
        source_id: None,
    };
    let tx = p.store.write_tx().unwrap();
    let q = notify::queue(&tx, &actor, &n, now()).unwrap();
    tx.commit().unwrap();
    q
}

fn drain_with(p: &Plant, secrets: SecretStore, at: fn() -> DateTime<Utc>, send_now: bool) -> Vec<Delivery> {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(drain_once(&p.path(), Arc::new(secrets), at, send_now)).unwrap()
}

fn drain(p: &Plant) -> Vec<Delivery> {
    drain_with(p, SecretStore::with_keyring(None), now, true)
}

fn state(p: &Plant, id: &str) -> outbox::ItemStatus {
    outbox::item_status(p.store.conn(), id).unwrap()
}

/// Guards the WeCom format: one POST of exactly `{"msgtype":"text","text":{"content":…}}` to the
/// configured URL; success recorded with the robot's host; no SMTP server needed for it (the
/// notice's mail item waits untried).
#[test]
fn a_wecom_notice_is_posted_as_the_robots_json_and_needs_no_smtp() {
    let robot = Robot::start(&[]);
    let mut p = plant();
    robot_settings(&mut p, "wecom", &robot.url("/cgi-bin/webhook/send?key=693a91f6"), "5");
    let q = queue(&mut p, &["owner@plant.example"]);
    let d = drain(&p);
    assert_eq!(d.len(), 1, "only the robot's item is tried without SMTP settings: {d:?}");
    assert_eq!(d[0].kind, OutboxKind::NoticeWebhook);
    assert!(
        matches!(&d[0].outcome, Outcome::Sent { recipients, .. } if recipients == &["wecom robot 127.0.0.1"]),
        "{d:?}"
    );
    let got = robot.requests();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].target, "/cgi-bin/webhook/send?key=693a91f6");
    assert!(got[0].content_type.starts_with("application/json"), "{}", got[0].content_type);
    let body: serde_json::Value = serde_json::from_slice(&got[0].body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"msgtype": "text", "text": {"content": "隐患整改提醒 H-014\n二楼喷涂线防护罩缺失\n到期 2025-03-06"}})
    );
    assert_eq!(state(&p, q.webhook.as_deref().unwrap()).state, ItemState::Sent);
    let mail = state(&p, q.mail.as_deref().unwrap());
    assert_eq!((mail.state, mail.attempts), (ItemState::Pending, 0), "the mail was not tried");
    // Sent once: a second drain posts nothing again.
    let e = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(drain_once(&p.path(), Arc::new(SecretStore::with_keyring(None)), now, true))
        .expect_err("only the mail is due, and no SMTP server is set");
    assert_eq!(e.field(), Some("smtp_host"));
    assert_eq!(robot.requests().len(), 1);
}

/// Guards DingTalk signing: `timestamp` (ms) and `sign` = base64(HMAC-SHA256(secret,
/// "<timestamp>\n<secret>")), URL-encoded, appended to the robot's URL; the secret comes from
/// the secret store (never a setting), and it is nowhere in the database.
#[test]
fn a_dingtalk_notice_is_signed_with_the_stored_secret() {
    let robot = Robot::start(&[]);
    let mut p = plant();
    let url = robot.url("/robot/send?access_token=tok123");
    robot_settings(&mut p, "dingtalk", &url, "5");
    queue(&mut p, &[]);
    let secret = "SEC1c8a7f0b2e4d6a9c3b5e7f9a1d3c5b7e9f1a3c5d7b9e1f3a5c7d9b1e3f5a7c9";
    let secrets = SecretStore::with_keyring(None);
    secrets.set(&webhook::secret_account(&url), secret).unwrap();
    let before = Utc::now().timestamp_millis();
    let d = drain_with(&p, secrets, Utc::now, true);
    assert!(matches!(d[0].outcome, Outcome::Sent { .. }), "{d:?}");
    let got = robot.requests();
    let target = reqwest::Url::parse(&format!("http://x{}", got[0].target)).unwrap();
    assert_eq!(target.path(), "/robot/send");
    let q: std::collections::HashMap<String, String> = target.query_pairs().into_owned().collect();
    assert_eq!(q["access_token"], "tok123");
    let ts: i64 = q["timestamp"].parse().unwrap();
    assert!(ts >= before && ts <= Utc::now().timestamp_millis(), "timestamp in ms: {ts}");
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{ts}\n{secret}").as_bytes());
    let expected = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    assert_eq!(q["sign"], expected);
    assert!(got[0].target.contains("sign=") && !got[0].target.contains('+'), "URL-encoded: {}", got[0].target);
    let body: serde_json::Value = serde_json::from_slice(&got[0].body).unwrap();
    assert_eq!(body["msgtype"], "text");
    let dump: i64 = p
        .store
        .conn()
        .query_row(
            "SELECT (SELECT count(*) FROM plant_setting WHERE value LIKE '%' || ?1 || '%')
                  + (SELECT count(*) FROM audit_log WHERE coalesce(after_json, '') LIKE '%' || ?1 || '%')
                  + (SELECT count(*) FROM outbox_event WHERE detail LIKE '%' || ?1 || '%' OR recipients LIKE '%' || ?1 || '%')",
            [secret],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(dump, 0, "the secret is not in the database");
}

/// Guards the robot's refusal: `errcode != 0` is permanent, its errmsg recorded and shown; the
/// robot's lane stops (a later robot notice is not tried) until a person retries.
#[test]
fn an_errcode_is_a_permanent_failure_with_the_robots_message() {
    let robot = Robot::start(&[Reply::Json(200, r#"{"errcode":93000,"errmsg":"invalid webhook url, hint: [x]"}"#)]);
    let mut p = plant();
    robot_settings(&mut p, "wecom", &robot.url("/cgi-bin/webhook/send?key=bad"), "5");
    let first = queue(&mut p, &[]);
    queue(&mut p, &[]);
    let d = drain(&p);
    assert_eq!(d.len(), 1, "the lane stops at the refused notice: {d:?}");
    assert!(
        matches!(&d[0].outcome, Outcome::Permanent { error } if error.contains("errcode 93000") && error.contains("invalid webhook url")),
        "{d:?}"
    );
    let st = state(&p, first.webhook.as_deref().unwrap());
    assert_eq!(st.state, ItemState::Failed);
    assert!(st.last_event.unwrap().detail.contains("invalid webhook url"));
    assert!(!st.subject.is_empty());
    assert!(drain(&p).is_empty(), "failed until retried");
    let a = p.admin.clone();
    outbox::retry(&mut p.store, &a, first.webhook.as_deref().unwrap(), now()).unwrap();
    assert_eq!(drain(&p).len(), 2);
    assert_eq!(robot.requests().len(), 3);
}

fn after_backoff() -> DateTime<Utc> {
    now() + Duration::seconds(31)
}

/// Guards HTTP 500: transient — the item waits for its backoff (not retried by a drain before
/// it) and is sent by a later drain once the robot answers.
#[test]
fn an_http_500_is_transient_and_sent_on_a_later_drain() {
    let robot = Robot::start(&[Reply::Json(500, "upstream broke")]);
    let mut p = plant();
    robot_settings(&mut p, "wecom", &robot.url("/hook?key=k"), "5");
    let q = queue(&mut p, &[]);
    let id = q.webhook.unwrap();
    let d = drain_with(&p, SecretStore::with_keyring(None), now, false);
    assert!(matches!(&d[0].outcome, Outcome::Transient { error } if error.contains("HTTP 500")), "{d:?}");
    let st = state(&p, &id);
    assert_eq!(st.state, ItemState::Pending);
    assert!(st.next_try_at.is_some());
    assert!(drain_with(&p, SecretStore::with_keyring(None), now, false).is_empty(), "not before its backoff");
    let d = drain_with(&p, SecretStore::with_keyring(None), after_backoff, false);
    assert!(matches!(d[0].outcome, Outcome::Sent { .. }), "{d:?}");
    assert_eq!(state(&p, &id).attempts, 2);
    assert_eq!(robot.requests().len(), 2);
}

/// Guards the bound: a robot that reads the request and never answers is a transient failure
/// after `notify_webhook_timeout_s`, never a hung drain.
#[test]
fn a_robot_that_never_answers_is_transient_after_the_timeout() {
    let robot = Robot::start(&[Reply::Silent]);
    let mut p = plant();
    robot_settings(&mut p, "dingtalk", &robot.url("/robot/send?access_token=t"), "1");
    queue(&mut p, &[]);
    let t = Instant::now();
    let d = drain(&p);
    assert!(t.elapsed() < std::time::Duration::from_secs(10), "hung for {:?}", t.elapsed());
    assert!(matches!(&d[0].outcome, Outcome::Transient { error } if error.contains("did not finish")), "{d:?}");
    // Nothing of the URL's token in the recorded error.
    assert!(!format!("{:?}", d[0].outcome).contains("access_token"));
    robot.then(OK);
}

/// Guards the e-mail channel: a notice's mail reaches the local SMTP server, to the addresses
/// the notice carries (not a stream's standing list), with its subject and text.
#[test]
fn an_email_notice_reaches_the_smtp_server() {
    let server = SmtpServer::start(Mode::Accept);
    let mut p = plant();
    let a = p.admin.clone();
    let port = server.port.to_string();
    let pairs = [
        ("smtp_host", "127.0.0.1"),
        ("smtp_port", port.as_str()),
        ("smtp_security", "none"),
        ("smtp_from", "sz01@plant.example"),
        ("smtp_timeout_s", "5"),
    ];
    settings::set_many(&mut p.store, &a, &pairs, now()).unwrap();
    let q = queue(&mut p, &["owner@plant.example", "boss@plant.example"]);
    assert!(q.webhook.is_none(), "no robot configured");
    let d = drain(&p);
    assert_eq!(d.len(), 1);
    assert!(
        matches!(&d[0].outcome, Outcome::Sent { recipients, .. } if recipients == &["owner@plant.example", "boss@plant.example"]),
        "{d:?}"
    );
    let got = server.received();
    assert_eq!(got.len(), 1);
    let m = MessageParser::default().parse(&got[0]).unwrap();
    assert_eq!(m.subject(), Some("隐患整改提醒 H-014"));
    assert!(m.body_text(0).unwrap().contains("防护罩缺失"));
    let to: Vec<String> = m.to().unwrap().iter().filter_map(|a| a.address().map(str::to_string)).collect();
    assert_eq!(to, ["owner@plant.example", "boss@plant.example"]);
}
