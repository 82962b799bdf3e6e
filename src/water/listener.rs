//! What the HJ 212 listener and the packet-log import share, without any network: [`Framer`]
//! cuts a byte stream into packets (TCP reads split a packet or carry several; a frame ends at
//! CR LF, and a new `##` header before it cuts a truncated one), and [`to_batch`] turns packets
//! into readings of the outfall whose data logger (MN) sent them — or refusals with a reason.
//! The socket itself is the app's background task (`net::water_listener`), with its own
//! connection, stoppable, reporting [`ListenerStatus`].

use super::hj212::{self, DataFlag, Packet};
use super::ingest::{Batch, BatchKind, Interval, NewReading};
use super::outfall::{self, ParamUnit};
use crate::error::Result;
use chrono::TimeZone;
use chrono_tz::Tz;
use rusqlite::Connection;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// The longest frame kept waiting for its end: `##` + 4 + the data segment limit + CRC + CR LF.
pub const MAX_FRAME: usize = 2 + 4 + hj212::MAX_DATA_LEN + 4 + 2;

/// Cuts a byte stream into frames.
#[derive(Debug, Default)]
pub struct Framer {
    buf: Vec<u8>,
}

impl Framer {
    pub fn new() -> Framer {
        Framer::default()
    }

    /// Adds bytes read from the stream; returns every frame completed by them (without CR LF).
    pub fn push(&mut self, bytes: &[u8]) -> Vec<Vec<u8>> {
        self.buf.extend_from_slice(bytes);
        let mut out = Vec::new();
        loop {
            // Text before a header that is not blank is a frame of its own (refused, counted).
            let start = find(&self.buf, b"##", 0);
            let Some(start) = start else {
                if let Some(end) = find(&self.buf, b"\r\n", 0) {
                    let junk: Vec<u8> = self.buf.drain(..end + 2).take(end).collect();
                    if !junk.iter().all(u8::is_ascii_whitespace) {
                        out.push(junk);
                    }
                    continue;
                }
                if self.buf.len() > MAX_FRAME {
                    out.push(std::mem::take(&mut self.buf));
                }
                break;
            };
            if start > 0 {
                let junk: Vec<u8> = self.buf.drain(..start).collect();
                let t = junk.trim_ascii();
                if !t.is_empty() {
                    out.push(t.to_vec());
                }
                continue;
            }
            let end = find(&self.buf, b"\r\n", 2);
            let next = find(&self.buf, b"##", 2);
            match (end, next) {
                (Some(e), n) if n.is_none_or(|n| n > e) => {
                    let frame: Vec<u8> = self.buf.drain(..e + 2).take(e).collect();
                    out.push(frame);
                }
                (_, Some(n)) => {
                    // A new header before this frame's end: this one was cut short.
                    out.push(self.buf.drain(..n).collect());
                }
                (None, None) => {
                    if self.buf.len() > MAX_FRAME {
                        out.push(std::mem::take(&mut self.buf));
                    }
                    break;
                }
                (Some(_), None) => unreachable!("covered by the first arm"),
            }
        }
        out
    }

    /// What is left when the stream closes (a frame cut short), if anything but blanks.
    pub fn finish(&mut self) -> Option<Vec<u8>> {
        let rest = std::mem::take(&mut self.buf);
        (!rest.iter().all(u8::is_ascii_whitespace)).then_some(rest)
    }
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if hay.len() < needle.len() || from > hay.len() - needle.len() {
        return None;
    }
    (from..=hay.len() - needle.len()).find(|&i| &hay[i..i + needle.len()] == needle)
}

/// Packet counts of a run (a file, a listener session).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct PacketCounts {
    /// Packets whose frame, CRC and fields are right and whose MN is an outfall's logger.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub accepted: i64,
    /// Packets refused, by reason (`bad_crc`, `bad_length`, `truncated`, `unknown_mn`, …).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub rejected: i64,
    #[cfg_attr(feature = "ts", ts(type = "Record<string, number>"))]
    pub by_reason: BTreeMap<String, i64>,
    /// Well-formed packets that carry no monitoring data (commands, replies, heartbeats).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub not_data: i64,
    /// The first refusals with their line (files) and reason, at most 100.
    pub first_refusals: Vec<String>,
}

impl PacketCounts {
    fn refuse(&mut self, reason: &str, where_: &str, detail: &str) {
        self.rejected += 1;
        *self.by_reason.entry(reason.to_string()).or_insert(0) += 1;
        if self.first_refusals.len() < 100 {
            self.first_refusals.push(crate::text::capped(&format!("{where_}{reason}: {detail}")));
        }
    }
}

/// The listener's state as the app shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ListenerStatus {
    pub running: bool,
    pub port: u16,
    pub counts: PacketCounts,
    /// UTC of the last packet received, and from where.
    pub last_packet_at: Option<String>,
    pub last_peer: Option<String>,
    /// Why it is not running (port in use, …), when it tried and failed.
    pub error: Option<String>,
}

/// The outfalls' parameters by logger MN and factor code: (param n, unit).
pub type Routing = HashMap<String, HashMap<String, (i64, ParamUnit)>>;

/// Reads the routing from the live outfalls.
pub fn routing(conn: &Connection) -> Result<Routing> {
    let mut out: Routing = HashMap::new();
    for of in outfall::list(conn)? {
        let Some(mn) = of.mn else { continue };
        let m = out.entry(mn).or_default();
        for p in of.params {
            if let Some(f) = p.factor_code {
                m.insert(f, (p.n, p.unit));
            }
        }
    }
    Ok(out)
}

fn interval_of(cn: &str) -> Option<Interval> {
    match cn {
        "2011" => Some(Interval::Rtd),
        "2051" => Some(Interval::Minute),
        "2061" => Some(Interval::Hour),
        "2031" => Some(Interval::Day),
        _ => None,
    }
}

/// Adds one frame (`where_` says where it came from, for the refusal list) to `batch`.
pub fn add_frame(routing: &Routing, tz: Tz, frame: &[u8], where_: &str, batch: &mut Batch, counts: &mut PacketCounts) {
    match hj212::parse(frame) {
        Err(r) => counts.refuse(r.reason.as_str(), where_, &r.detail),
        Ok(p) => add_packet(routing, tz, &p, where_, batch, counts),
    }
}

fn add_packet(routing: &Routing, tz: Tz, p: &Packet, where_: &str, batch: &mut Batch, counts: &mut PacketCounts) {
    let Some(interval) = interval_of(&p.cn) else {
        counts.not_data += 1;
        return;
    };
    let Some(params) = routing.get(&p.mn) else {
        counts.refuse(
            "unknown_mn",
            where_,
            &format!("MN {} is not the logger of any outfall", crate::text::shown(&p.mn)),
        );
        return;
    };
    let Some(dt) = p.data_time else {
        counts.refuse("bad_field", where_, "a data packet without DataTime");
        return;
    };
    let Some(at) = tz.from_local_datetime(&dt).earliest() else {
        counts.refuse("bad_field", where_, &format!("DataTime {dt} does not exist in the plant's time zone"));
        return;
    };
    counts.accepted += 1;
    for f in &p.factors {
        let Some((n, unit)) = params.get(&f.code) else {
            *batch.rejected.entry("unconfigured_factor".into()).or_insert(0) += 1;
            continue;
        };
        let flow = *unit == ParamUnit::M3;
        let text = match interval {
            Interval::Rtd => f.rtd.as_deref(),
            _ if flow => f.cou.as_deref().or(f.avg.as_deref()),
            _ => f.avg.as_deref(),
        };
        let Some(text) = text else {
            *batch.rejected.entry("no_value".into()).or_insert(0) += 1;
            continue;
        };
        let Ok(mut value) = text.parse::<f64>() else {
            *batch.rejected.entry("bad_value".into()).or_insert(0) += 1;
            continue;
        };
        if flow && interval != Interval::Rtd && f.cou.is_none() {
            // Avg flow is a rate in L/s: the interval's volume in m³.
            value = value * interval.seconds() as f64 / 1000.0;
        }
        batch.readings.push(NewReading {
            param: *n,
            interval,
            at: at.timestamp(),
            value,
            below_dl: false,
            flag: f.flag.unwrap_or(DataFlag::Normal),
            method: None,
        });
    }
}

/// Stores frames the listener received from `peer` as one batch written by the system actor
/// (its own audited batch with the frames' SHA-256). Returns the batch (`None` when no reading
/// came of them: refusals alone are only counted) and the packet counts.
pub fn ingest_frames(
    store: &mut crate::db::Store,
    frames: &[Vec<u8>],
    peer: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(Option<super::ingest::BatchResult>, PacketCounts)> {
    use sha2::{Digest, Sha256};
    let tz = crate::plant::require(store.conn())?.tz()?;
    let routing = routing(store.conn())?;
    let mut b = batch(BatchKind::Listener, peer);
    let mut counts = PacketCounts::default();
    let mut hash = Sha256::new();
    for f in frames {
        hash.update(f);
        hash.update(b"\r\n");
        add_frame(&routing, tz, f, "", &mut b, &mut counts);
    }
    if b.readings.is_empty() {
        return Ok((None, counts));
    }
    b.content_sha256 = Some(hex::encode(hash.finalize()));
    for (reason, n) in &counts.by_reason {
        *b.rejected.entry(format!("packet_{reason}")).or_insert(0) += n;
    }
    let actor = crate::plant::users::system_session(store, now)?;
    let tx = store.write_tx()?;
    let res = super::ingest::store(&tx, &actor.user_id, b, tz, now)?;
    tx.commit()?;
    Ok((Some(res), counts))
}

/// A new, empty batch of the listener or a log file.
pub fn batch(kind: BatchKind, source: &str) -> Batch {
    Batch { kind: Some(kind), source: source.to_string(), ..Default::default() }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Guards split and concatenated TCP reads: frames come out whole whatever the cuts.
    #[test]
    fn frames_survive_any_cut() {
        let a = b"##0010QN=1;CN=20\r\n".to_vec();
        let b = b"##0011QN=22;CN=20\r\n".to_vec();
        let stream: Vec<u8> = [a.clone(), b.clone()].concat();
        for cut in 0..stream.len() {
            let mut f = Framer::new();
            let mut got = f.push(&stream[..cut]);
            got.extend(f.push(&stream[cut..]));
            assert_eq!(got, vec![a[..a.len() - 2].to_vec(), b[..b.len() - 2].to_vec()], "cut at {cut}");
            assert!(f.finish().is_none());
        }
        // A truncated packet followed by a whole one: both come out, the first short.
        let mut f = Framer::new();
        let got = f.push(b"##0100QN=1;CN##0011QN=22;CN=20\r\n");
        assert_eq!(got.len(), 2);
        assert_eq!(got[0], b"##0100QN=1;CN".to_vec());
        // Junk is a frame of its own; blanks are not.
        let got = Framer::new().push(b"hello\r\n\r\n##0011QN=22;CN=20\r\n");
        assert_eq!(got.len(), 2);
        assert_eq!(got[0], b"hello".to_vec());
        // A frame that never ends is given up past the longest frame.
        let mut f = Framer::new();
        assert!(f.push(b"##").is_empty());
        let got = f.push(&vec![b'x'; MAX_FRAME + 1]);
        assert_eq!(got.len(), 1);
    }
}
