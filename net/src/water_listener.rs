//! The HJ 212-2017 listener for online wastewater monitors (issue 12 items 3, 7a, 9): an optional
//! TCP port that the plant's data logger sends a copy of its packets to. The app runs it as a
//! background task (like the outbox's [`crate::outbox::Worker`]: its own connection, stoppable,
//! its state shown); `ehs-ledger water listen` runs it in the foreground.
//!
//! Shape:
//! - one accept loop on `bind:port` (the logger is on the LAN: `0.0.0.0` by default; port 0 picks
//!   a free port, reported in the status); at most [`MAX_CONNECTIONS`] at once, the rest are
//!   closed at once;
//! - per connection a [`Framer`] cuts the byte stream into frames (split and concatenated reads;
//!   a frame never grows past `MAX_FRAME`); a connection silent for `idle_timeout` is closed; what
//!   is left when it closes (a packet cut short) is a frame too, refused as truncated;
//! - every frame goes through a bounded channel to ONE writer, which stores them every
//!   `flush_every` or every [`FLUSH_FRAMES`] frames with the core's `ingest_frames` (parsing,
//!   routing by MN, one audited batch by the system actor per peer) on the blocking pool, on a
//!   connection of its own (`Store::connect`: a file gone from under it is an error, never a new
//!   empty database);
//! - a store that fails (busy, locked, gone) is tried again after each of `retry`'s pauses; then
//!   its frames are counted as rejected `store_failed` and the error is kept in the status —
//!   never dropped silently, never a panic, and the listener goes on;
//! - [`Listener::stop`] closes the port and the connections, stores what was received, and ends
//!   the task ([`Listener::stopped`] waits for that).

use chrono::Utc;
use ehs_ledger::water::listener::{ingest_frames, Framer, ListenerStatus, PacketCounts};
use ehs_ledger::{Error, Store};
use std::collections::BTreeMap;
use std::future::Future;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::AsyncReadExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, watch, Semaphore};
use tokio::task::JoinSet;

/// Connections served at once; a logger opens one, a test bench a few.
pub const MAX_CONNECTIONS: usize = 32;
/// A flush stores at most this many frames (and happens as soon as they are waiting).
pub const FLUSH_FRAMES: usize = 500;
/// Frames waiting for the writer before a connection's reads wait (backpressure, bounded memory).
const CHANNEL_FRAMES: usize = 2 * FLUSH_FRAMES;
/// Bytes per read.
const READ_BUF: usize = 4096;
/// The refusal reason of frames the database would not take after every retry.
pub const STORE_FAILED: &str = "store_failed";

/// Where the listener listens and how it behaves.
#[derive(Debug, Clone)]
pub struct ListenerConfig {
    /// The plant database (migrated by the shell at start).
    pub db: PathBuf,
    /// `0.0.0.0` (the LAN) by default; tests use `127.0.0.1`.
    pub bind: IpAddr,
    /// 0 = any free port (the real one is in the status).
    pub port: u16,
    /// A connection that sends nothing for this long is closed.
    pub idle_timeout: Duration,
    /// How often the writer stores what has arrived.
    pub flush_every: Duration,
    /// The pauses before each new try of a failed store (then `store_failed`).
    pub retry: Vec<Duration>,
}

impl ListenerConfig {
    /// The defaults: all interfaces, 10 min idle timeout, a flush a second, three retries.
    pub fn new(db: PathBuf, port: u16) -> ListenerConfig {
        ListenerConfig {
            db,
            bind: IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            port,
            idle_timeout: Duration::from_secs(600),
            flush_every: Duration::from_secs(1),
            retry: vec![Duration::from_millis(250), Duration::from_secs(1), Duration::from_secs(4)],
        }
    }
}

type Status = Arc<Mutex<ListenerStatus>>;

fn set(status: &Status, f: impl FnOnce(&mut ListenerStatus)) {
    f(&mut status.lock().unwrap_or_else(|e| e.into_inner()));
}

/// A frame and who sent it.
type Frame = (SocketAddr, Vec<u8>);

/// The handle of a running (or failed) listener; clones share it. Dropping every handle stops the
/// task as [`Listener::stop`] does.
#[derive(Clone)]
pub struct Listener {
    stop: Arc<watch::Sender<bool>>,
    done: watch::Receiver<bool>,
    status: Status,
}

impl Listener {
    /// Binds the port now (so the status says at once whether it is listening, on which port, or
    /// why not) and returns the handle and the task to spawn on a tokio runtime. When the port
    /// cannot be bound the status has `running: false` and the `error`, and the task ends at once.
    pub fn new(cfg: ListenerConfig) -> (Listener, impl Future<Output = ()> + Send + 'static) {
        let (stop, stop_rx) = watch::channel(false);
        let (done_tx, done) = watch::channel(false);
        let status: Status = Arc::new(Mutex::new(ListenerStatus { port: cfg.port, ..Default::default() }));
        let bound = bind(cfg.bind, cfg.port);
        match &bound {
            Ok((_, port)) => set(&status, |s| {
                s.running = true;
                s.port = *port;
            }),
            Err(e) => set(&status, |s| s.error = Some(e.clone())),
        }
        let handle = Listener { stop: Arc::new(stop), done, status: status.clone() };
        let task = async move {
            if let Ok((std_listener, _)) = bound {
                match TcpListener::from_std(std_listener) {
                    Ok(l) => serve(l, cfg, status.clone(), stop_rx).await,
                    Err(e) => set(&status, |s| s.error = Some(format!("cannot listen: {e}"))),
                }
            }
            set(&status, |s| s.running = false);
            let _ = done_tx.send(true);
        };
        (handle, task)
    }

    /// Closes the port and the connections; what was received is stored before the task ends.
    pub fn stop(&self) {
        let _ = self.stop.send(true);
    }

    /// Waits until the task has ended (after [`Listener::stop`], or at once when it never bound).
    pub async fn stopped(&self) {
        let mut done = self.done.clone();
        let _ = done.wait_for(|d| *d).await;
    }

    /// Stops and waits at most `limit` for the task to end; false when it had not ended by then
    /// (a store still being retried).
    pub async fn stop_within(&self, limit: Duration) -> bool {
        self.stop();
        tokio::time::timeout(limit, self.stopped()).await.is_ok()
    }

    /// What the app shows: running, port, counts by reason, the last packet and its peer, errors.
    pub fn status(&self) -> ListenerStatus {
        self.status.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

fn bind(addr: IpAddr, port: u16) -> Result<(std::net::TcpListener, u16), String> {
    let at = SocketAddr::new(addr, port);
    let l = std::net::TcpListener::bind(at).map_err(|e| format!("cannot listen on {at}: {e}"))?;
    l.set_nonblocking(true).map_err(|e| format!("cannot listen on {at}: {e}"))?;
    let port = l.local_addr().map(|a| a.port()).unwrap_or(port);
    Ok((l, port))
}

/// Waits until `stop` says stop (or its sender is gone).
async fn stopping(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|s| *s).await;
}

async fn serve(listener: TcpListener, cfg: ListenerConfig, status: Status, mut stop: watch::Receiver<bool>) {
    let (tx, rx) = mpsc::channel::<Frame>(CHANNEL_FRAMES);
    let writer = tokio::spawn(write_loop(rx, cfg.clone(), status.clone()));
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let mut conns = JoinSet::new();
    loop {
        tokio::select! {
            _ = stopping(&mut stop) => break,
            // Reap finished connections so the set stays small.
            Some(_) = conns.join_next(), if !conns.is_empty() => {}
            accepted = listener.accept() => match accepted {
                Ok((sock, peer)) => match slots.clone().try_acquire_owned() {
                    Ok(slot) => {
                        let (tx, stop, status, idle) = (tx.clone(), stop.clone(), status.clone(), cfg.idle_timeout);
                        conns.spawn(async move {
                            read_loop(sock, peer, tx, stop, status, idle).await;
                            drop(slot);
                        });
                    }
                    // Over the limit: closed at once (the logger retries).
                    Err(_) => drop(sock),
                },
                // Out of file descriptors and the like: pause instead of spinning.
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            },
        }
    }
    drop(listener); // the port is closed from here on
    while conns.join_next().await.is_some() {}
    drop(tx);
    // The writer stores what is left once every sender is gone.
    let _ = writer.await;
}

/// One connection: bytes → frames → the writer, until EOF, an error, the idle timeout or stop.
async fn read_loop(
    mut sock: TcpStream,
    peer: SocketAddr,
    tx: mpsc::Sender<Frame>,
    mut stop: watch::Receiver<bool>,
    status: Status,
    idle: Duration,
) {
    let mut framer = Framer::new();
    let mut buf = vec![0u8; READ_BUF];
    loop {
        let n = tokio::select! {
            _ = stopping(&mut stop) => break,
            r = tokio::time::timeout(idle, sock.read(&mut buf)) => match r {
                Ok(Ok(n)) if n > 0 => n,
                // EOF, a read error, or silent for too long.
                _ => break,
            },
        };
        for frame in framer.push(&buf[..n]) {
            if !send(&tx, &status, peer, frame).await {
                return;
            }
        }
    }
    // A packet cut short by the close is counted (truncated), not lost without a word.
    if let Some(rest) = framer.finish() {
        send(&tx, &status, peer, rest).await;
    }
}

async fn send(tx: &mpsc::Sender<Frame>, status: &Status, peer: SocketAddr, frame: Vec<u8>) -> bool {
    let at = ehs_ledger::time::to_db(Utc::now());
    set(status, |s| {
        s.last_packet_at = Some(at);
        s.last_peer = Some(peer.to_string());
    });
    tx.send((peer, frame)).await.is_ok()
}

/// The one writer: collects frames and stores them every `flush_every` or [`FLUSH_FRAMES`].
async fn write_loop(mut rx: mpsc::Receiver<Frame>, cfg: ListenerConfig, status: Status) {
    let mut pending: Vec<Frame> = Vec::new();
    let mut tick = tokio::time::interval(cfg.flush_every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            got = rx.recv() => match got {
                Some(f) => {
                    pending.push(f);
                    if pending.len() >= FLUSH_FRAMES {
                        flush(std::mem::take(&mut pending), &cfg, &status).await;
                    }
                }
                None => break,
            },
            _ = tick.tick() => {
                if !pending.is_empty() {
                    flush(std::mem::take(&mut pending), &cfg, &status).await;
                }
            }
        }
    }
    if !pending.is_empty() {
        flush(pending, &cfg, &status).await;
    }
}

/// Stores the frames, one batch per peer (in arrival order), each tried again after `retry`'s
/// pauses; what still fails is counted `store_failed`.
async fn flush(frames: Vec<Frame>, cfg: &ListenerConfig, status: &Status) {
    let mut by_peer: Vec<(SocketAddr, Vec<Vec<u8>>)> = Vec::new();
    for (peer, f) in frames {
        match by_peer.iter_mut().find(|(p, _)| *p == peer) {
            Some((_, v)) => v.push(f),
            None => by_peer.push((peer, vec![f])),
        }
    }
    for (peer, frames) in by_peer {
        let frames = Arc::new(frames);
        let mut tries = cfg.retry.iter();
        loop {
            match store_once(cfg.db.clone(), frames.clone(), peer.to_string()).await {
                Ok(counts) => {
                    set(status, |s| add_counts(&mut s.counts, &counts));
                    break;
                }
                Err(e) => match tries.next() {
                    Some(pause) => tokio::time::sleep(*pause).await,
                    None => {
                        let n = i64::try_from(frames.len()).unwrap_or(i64::MAX);
                        let at = ehs_ledger::time::to_db(Utc::now());
                        set(status, |s| {
                            s.counts.rejected += n;
                            *s.counts.by_reason.entry(STORE_FAILED.to_string()).or_insert(0) += n;
                            s.error = Some(format!(
                                "{at}: {n} packet(s) from {peer} could not be stored after {} tries: {e}",
                                cfg.retry.len() + 1
                            ));
                        });
                        break;
                    }
                },
            }
        }
    }
}

async fn store_once(db: PathBuf, frames: Arc<Vec<Vec<u8>>>, peer: String) -> Result<PacketCounts, Error> {
    tokio::task::spawn_blocking(move || {
        let mut store = Store::connect(&db)?;
        let (_, counts) = ingest_frames(&mut store, &frames, &peer, Utc::now())?;
        Ok(counts)
    })
    .await
    .map_err(|e| Error::Internal(format!("listener store task: {e}")))?
}

/// The first refusals kept in the status across flushes.
const KEEP_REFUSALS: usize = 100;

fn add_counts(total: &mut PacketCounts, c: &PacketCounts) {
    total.accepted += c.accepted;
    total.rejected += c.rejected;
    total.not_data += c.not_data;
    add_reasons(&mut total.by_reason, &c.by_reason);
    let room = KEEP_REFUSALS.saturating_sub(total.first_refusals.len());
    total.first_refusals.extend(c.first_refusals.iter().take(room).cloned());
}

fn add_reasons(total: &mut BTreeMap<String, i64>, more: &BTreeMap<String, i64>) {
    for (reason, n) in more {
        *total.entry(reason.clone()).or_insert(0) += n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_add_up_and_refusals_stay_bounded() {
        let mut total = PacketCounts::default();
        let mut c = PacketCounts { accepted: 2, rejected: 1, not_data: 1, ..Default::default() };
        c.by_reason.insert("bad_crc".into(), 1);
        c.first_refusals = vec!["x".into(); 60];
        add_counts(&mut total, &c);
        add_counts(&mut total, &c);
        assert_eq!((total.accepted, total.rejected, total.not_data), (4, 2, 2));
        assert_eq!(total.by_reason.get("bad_crc"), Some(&2));
        assert_eq!(total.first_refusals.len(), KEEP_REFUSALS);
    }
}
