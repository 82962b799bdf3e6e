//! Issue 12 items 3, 7a and 9: the HJ 212 listener over a real TCP socket on 127.0.0.1. Valid
//! hourly packets split at every awkward place across writes and concatenated in one write are
//! stored as readings of the outfall whose MN sent them; bad CRC, bad length, truncated, unknown
//! command and binary garbage are refused and counted by reason without stopping the rest; a
//! client that disconnects mid-packet is counted; the listener still takes a new connection;
//! `stop` returns within a second and stores what it had. A busy port is an error in the status,
//! and a database that cannot be written is retried, then counted `store_failed`.

#[path = "../../tests/common/mod.rs"]
mod common;

use chrono::{NaiveDate, TimeZone, Utc};
use ehs_ledger::water::hj212;
use ehs_ledger::water::listener::ListenerStatus;
use ehs_ledger::water::outfall::{self, DischargeMode, Frequency, MonitoringMethod, NewOutfall, NewParam, UnitClass};
use ehs_ledger_net::water_listener::{Listener, ListenerConfig, STORE_FAILED};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

const MN: &str = "TESTMN01";

fn param(code: &str) -> NewParam {
    NewParam {
        code: code.into(),
        name: None,
        method: MonitoringMethod::Online,
        frequency: Frequency::Continuous,
        factor_code: None,
        limits: vec![],
    }
}

/// A plant with outfall DW001 whose data logger is [`MN`] (COD and flow online).
fn plant() -> common::Plant {
    let mut p = common::plant();
    let admin = p.admin.clone();
    outfall::add(
        &mut p.store,
        &admin,
        NewOutfall {
            code: "DW001".into(),
            name: "总排口".into(),
            discharge_mode: DischargeMode::Indirect,
            unit_class: UnitClass::Key,
            receiving: "市政污水处理厂".into(),
            permit_no: "91440300MA5XXXXX01001V".into(),
            permit_expires_on: Some("2026-03-01".into()),
            mn: Some(MN.into()),
            params: vec![param("cod"), param("flow")],
        },
        Utc.with_ymd_and_hms(2025, 3, 3, 2, 0, 0).unwrap(),
    )
    .unwrap();
    p
}

/// A well-formed HJ 212 frame around `data`.
fn frame(data: &str) -> Vec<u8> {
    format!("##{:04}{data}{:04X}\r\n", data.len(), hj212::crc16(data.as_bytes())).into_bytes()
}

fn hour_data(h: i64, cn: &str) -> String {
    let t = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap().and_hms_opt(0, 0, 0).unwrap() + chrono::Duration::hours(h);
    format!(
        "QN=20250301000000001;ST=32;CN={cn};PW=123456;MN={MN};Flag=4;CP=&&DataTime={};w01018-Avg=40.5,w01018-Flag=N;w00000-Cou=800,w00000-Flag=N&&",
        t.format("%Y%m%d%H%M%S")
    )
}

/// The hourly packet (CN=2061) of hour `h` after 2025-03-01 00:00 local: COD and flow.
fn hour_packet(h: i64) -> Vec<u8> {
    frame(&hour_data(h, "2061"))
}

fn config(p: &common::Plant, port: u16) -> ListenerConfig {
    ListenerConfig {
        bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
        flush_every: Duration::from_millis(100),
        retry: vec![Duration::from_millis(20), Duration::from_millis(50)],
        ..ListenerConfig::new(p.path(), port)
    }
}

fn start(cfg: ListenerConfig) -> (Listener, tokio::task::JoinHandle<()>, SocketAddr) {
    let (l, task) = Listener::new(cfg);
    let join = tokio::spawn(task);
    let s = l.status();
    assert!(s.running, "listening: {s:?}");
    assert_ne!(s.port, 0, "the real port is reported");
    (l, join, SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), s.port))
}

/// Waits (at most 10 s) until the status satisfies `ok`.
async fn until(l: &Listener, what: &str, ok: impl Fn(&ListenerStatus) -> bool) -> ListenerStatus {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let s = l.status();
        if ok(&s) {
            return s;
        }
        assert!(Instant::now() < deadline, "waiting for {what}; status {s:#?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn connect(at: SocketAddr) -> TcpStream {
    let s = TcpStream::connect(at).await.unwrap();
    s.set_nodelay(true).unwrap();
    s
}

/// Writes `bytes` and gives the listener time to read them on their own.
async fn write_alone(s: &mut TcpStream, bytes: &[u8]) {
    s.write_all(bytes).await.unwrap();
    s.flush().await.unwrap();
    tokio::time::sleep(Duration::from_millis(3)).await;
}

fn reason(s: &ListenerStatus, r: &str) -> i64 {
    s.counts.by_reason.get(r).copied().unwrap_or(0)
}

fn readings(p: &common::Plant) -> i64 {
    p.store.conn().query_row("SELECT count(*) FROM water_reading", [], |r| r.get(0)).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn packets_over_a_real_socket_are_stored_and_malformed_ones_counted() {
    let p = plant();
    let (l, join, at) = start(config(&p, 0));

    // A: packets 0–9 each cut in two at an awkward place (inside the header, the length, the
    // data, the CRC, between CR and LF); 10 byte by byte... then 11–19 as one stream in 7-byte
    // writes, so cuts fall across packet boundaries too.
    let mut a = connect(at).await;
    for h in 0..10 {
        let pk = hour_packet(h);
        let n = pk.len();
        let cuts = [1, 2, 4, 6, 30, n - 6, n - 4, n - 3, n - 2, n - 1];
        let cut = cuts[h as usize];
        write_alone(&mut a, &pk[..cut]).await;
        write_alone(&mut a, &pk[cut..]).await;
    }
    for b in hour_packet(10) {
        write_alone(&mut a, &[b]).await;
    }
    let stream: Vec<u8> = (11..20).flat_map(hour_packet).collect();
    for chunk in stream.chunks(7) {
        write_alone(&mut a, chunk).await;
    }
    drop(a);

    // B: five packets concatenated in one write, then the malformed ones (each after a good one
    // where it matters), then garbage before a good packet.
    let mut b = connect(at).await;
    let five: Vec<u8> = (20..25).flat_map(hour_packet).collect();
    write_alone(&mut b, &five).await;
    let good = hour_packet(90);
    let bad_crc = String::from_utf8(good.clone()).unwrap().replace("w01018-Avg=40.5", "w01018-Avg=41.5").into_bytes();
    write_alone(&mut b, &bad_crc).await;
    let data = hour_data(91, "2061");
    let bad_length = format!("##{:04}{data}{:04X}\r\n", data.len() + 3, hj212::crc16(data.as_bytes())).into_bytes();
    write_alone(&mut b, &bad_length).await;
    write_alone(&mut b, &frame(&hour_data(92, "9999"))).await; // an unknown command code
    let mut truncated_then_good = hour_packet(93)[..60].to_vec();
    truncated_then_good.extend(hour_packet(25));
    write_alone(&mut b, &truncated_then_good).await;
    let mut garbage: Vec<u8> = (0u8..=255).filter(|c| *c != b'#' && *c != b'\r' && *c != b'\n').collect();
    garbage.extend(hour_packet(26));
    write_alone(&mut b, &garbage).await;
    b.shutdown().await.unwrap();
    drop(b);

    // C: a client that leaves in the middle of a packet.
    let mut c = connect(at).await;
    write_alone(&mut c, &hour_packet(94)[..50]).await;
    drop(c);

    let s = until(&l, "27 accepted and 6 rejected", |s| s.counts.accepted == 27 && s.counts.rejected == 6).await;
    assert_eq!(reason(&s, "bad_crc"), 1, "{s:#?}");
    assert_eq!(reason(&s, "bad_length"), 1, "{s:#?}");
    assert_eq!(reason(&s, "unknown_command"), 1, "{s:#?}");
    assert_eq!(reason(&s, "truncated"), 2, "cut short before the next ##, and by the disconnect: {s:#?}");
    assert_eq!(reason(&s, "bad_header"), 1, "the garbage: {s:#?}");
    assert_eq!(s.counts.not_data, 0);
    assert!(s.running && s.error.is_none(), "{s:#?}");
    assert!(s.last_packet_at.is_some());
    assert!(s.last_peer.as_deref().is_some_and(|p| p.starts_with("127.0.0.1:")), "{s:#?}");
    assert_eq!(readings(&p), 54, "COD and flow of 27 hours");
    let kinds: i64 = p
        .store
        .conn()
        .query_row("SELECT count(*) FROM water_batch WHERE kind = 'listener' AND created_by = 'system'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(kinds >= 1, "stored as listener batches by the system actor");
    ehs_ledger::audit::verify(p.store.conn()).unwrap();

    // Still listening: a new connection is served.
    let mut d = connect(at).await;
    write_alone(&mut d, &hour_packet(27)).await;
    until(&l, "the 28th packet", |s| s.counts.accepted == 28).await;
    assert_eq!(readings(&p), 56);

    // Stop with a client connected and half a packet received: it returns within a second, the
    // half packet is counted, the port is closed.
    write_alone(&mut d, &hour_packet(28)[..40]).await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    let t = Instant::now();
    l.stop();
    tokio::time::timeout(Duration::from_secs(1), join).await.expect("stop returns within a second").unwrap();
    l.stopped().await;
    assert!(t.elapsed() < Duration::from_secs(1));
    let s = l.status();
    assert!(!s.running);
    assert_eq!(reason(&s, "truncated"), 3, "what was received is stored or counted: {s:#?}");
    assert!(TcpStream::connect(at).await.is_err(), "the port is closed");
    drop(d);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_busy_port_is_an_error_in_the_status() {
    let p = plant();
    let taken = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let port = taken.local_addr().unwrap().port();
    let (l, task) = Listener::new(config(&p, port));
    let s = l.status();
    assert!(!s.running);
    assert_eq!(s.port, port);
    assert!(s.error.as_deref().is_some_and(|e| e.contains(&port.to_string())), "{s:#?}");
    tokio::time::timeout(Duration::from_secs(1), task).await.expect("the task ends at once");
    l.stopped().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_that_cannot_be_written_is_retried_then_counted() {
    let p = plant();
    let (l, join, at) = start(config(&p, 0));
    // The file is gone from under the listener: each store fails (never a new empty database).
    let path = p.path();
    let away = path.with_extension("away");
    std::fs::rename(&path, &away).unwrap();
    let mut a = connect(at).await;
    write_alone(&mut a, &hour_packet(0)).await;
    let s = until(&l, "store_failed", |s| reason(s, STORE_FAILED) == 1).await;
    assert_eq!((s.counts.accepted, s.counts.rejected), (0, 1));
    assert!(s.error.as_deref().is_some_and(|e| e.contains("could not be stored")), "{s:#?}");
    assert!(s.running, "the listener goes on");
    // Back in place: the next packet is stored.
    std::fs::rename(&away, &path).unwrap();
    write_alone(&mut a, &hour_packet(1)).await;
    until(&l, "the next packet stored", |s| s.counts.accepted == 1).await;
    assert_eq!(readings(&p), 2);
    drop(a);
    assert!(l.stop_within(Duration::from_secs(1)).await, "stops");
    join.await.unwrap();
}
