//! Packets into HQ (issue 11 items 3–4): from `.json` packet files, `.eml` mails (a packet is an
//! attachment named `*.packet.json`), whole folders (a USB stick) and the mailbox (the IMAP
//! fetch in `net` hands each message here).
//!
//! Every item is checked before anything is stored:
//! 1. **the envelope** without a key ([`packet::open`]): canonical JSON, format, algorithm, body
//!    hash, canonical body of schema 1;
//! 2. **the plant and key**: the plant code must be registered and the envelope's fingerprint
//!    must be one of *that plant's* keys, valid on the plant-local day the packet was signed;
//! 3. **the signature** (Ed25519, strict) — across the machine's cores ([`Verify`]);
//! 4. **the body**: the week exists and is not after the signing day, a restatement has its
//!    reason, each indicator has a registry unit, integer values and month parts of its week
//!    that add up (sums) to its value.
//!
//! Then in one transaction: the same body again is a **duplicate** (counted once); a different
//! body under a revision already held is refused; an older revision arriving late is kept in
//! the history without becoming the counted one. Refused items keep only their name, hash and
//! reason in the import log — nothing of their content is stored as data. The run is audited
//! once, with the SHA-256 over the accepted bodies and the counts (design.md: bulk ingestion).

use super::{require_actor, store};
use crate::audit::{self, Action};
use crate::error::{Error, Result};
use crate::indicators::{self, Aggregation};
use crate::plant::Session;
use crate::sync::packet::{self, Opened};
use crate::sync::week::IsoWeek;
use crate::{new_id, time, Store};
use chrono::{DateTime, NaiveDate, Utc};
use ed25519_dalek::VerifyingKey;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

crate::text_enum! {
    /// Where an import run's items came from.
    pub enum ImportSource {
        File = "file",
        Folder = "folder",
        Eml = "eml",
        Imap = "imap",
    }
}

crate::text_enum! {
    /// What became of one item.
    pub enum ImportOutcome {
        Accepted = "accepted",
        Duplicate = "duplicate",
        Rejected = "rejected",
        NotPacket = "not_packet",
    }
}

/// One file or message to import.
#[derive(Debug, Clone)]
pub struct Incoming {
    /// File name, or the message's subject / Message-ID.
    pub name: String,
    pub bytes: Vec<u8>,
    /// When the mailbox received it (IMAP INTERNALDATE, or the mail's Date); `None` for a
    /// packet file — its signing time stands in.
    pub received_at: Option<DateTime<Utc>>,
    /// `uidvalidity:uid` of a fetched message.
    pub mail_ref: Option<String>,
}

/// The outcome of one item (a mail with two packets gives two).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "HqImportItem"))]
pub struct ItemResult {
    pub name: String,
    pub outcome: ImportOutcome,
    pub reason: String,
    pub plant_code: Option<String>,
    pub week: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub revision: Option<i64>,
}

/// What an import run did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "HqImportReport"))]
pub struct ImportReport {
    pub import_id: String,
    pub items: usize,
    pub accepted: usize,
    pub duplicates: usize,
    pub rejected: usize,
    pub not_packets: usize,
    /// Files in the folders that are neither `.json` nor `.eml` (PDF summaries, …): not read.
    pub ignored_files: usize,
    /// Every item with its outcome (rejected and not-a-packet first).
    pub results: Vec<ItemResult>,
}

/// How signatures are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verify {
    /// One after another on one thread, each with `verify_strict` (the benchmark's comparison).
    OneByOne,
    /// In batches of [`BATCH`] (`verify_batch`, after the pre-checks `verify_strict` makes:
    /// canonical `R` of large order, a key of large order), spread over this many threads; a
    /// failing batch is re-checked one by one with `verify_strict` to name its packets.
    Threads(usize),
}

impl Verify {
    /// Every core of the machine.
    pub fn all_cores() -> Verify {
        Verify::Threads(std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1))
    }
}

/// A packet file is a JSON object; anything else is read as a mail.
fn looks_like_json(bytes: &[u8]) -> bool {
    bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

/// The packets inside one incoming item: itself when it is JSON, else the `*.packet.json` (or
/// `application/json`) attachments of the mail. `Err` = not a packet (with why).
/// A packet candidate: its name, bytes and when the mailbox received it.
type Candidate = (String, Vec<u8>, Option<DateTime<Utc>>);

fn candidates(item: &Incoming) -> std::result::Result<Vec<Candidate>, String> {
    if looks_like_json(&item.bytes) {
        return Ok(vec![(item.name.clone(), item.bytes.clone(), item.received_at)]);
    }
    use mail_parser::MimeHeaders;
    let msg = mail_parser::MessageParser::default()
        .parse(&item.bytes)
        .filter(|m| !m.headers().is_empty())
        .ok_or_else(|| "neither a packet file (JSON) nor a mail message".to_string())?;
    let date = item.received_at.or_else(|| msg.date().and_then(|d| DateTime::from_timestamp(d.to_timestamp(), 0)));
    let mut out = Vec::new();
    for att in msg.attachments() {
        let name = att.attachment_name().unwrap_or("").to_string();
        let json_type = att.content_type().is_some_and(|c| {
            c.ctype().eq_ignore_ascii_case("application") && c.subtype().is_some_and(|s| s.eq_ignore_ascii_case("json"))
        });
        if name.ends_with(".packet.json") || (json_type && looks_like_json(att.contents())) {
            let label = if name.is_empty() {
                format!("{} (JSON attachment)", item.name)
            } else {
                format!("{} › {name}", item.name)
            };
            out.push((label, att.contents().to_vec(), date));
        }
    }
    if out.is_empty() {
        let subject = msg.subject().unwrap_or("(no subject)");
        return Err(format!("a mail without a packet attachment: '{}'", crate::text::shown(subject)));
    }
    Ok(out)
}

/// A registered key as the checks need it.
#[derive(Clone)]
struct KeyInfo {
    key_id: String,
    plant_id: String,
    plant_code: String,
    tz: chrono_tz::Tz,
    valid_from: NaiveDate,
    valid_until: Option<NaiveDate>,
    public: VerifyingKey,
}

fn load_keys(conn: &Connection) -> Result<HashMap<String, KeyInfo>> {
    let mut stmt = conn.prepare(
        "SELECT k.fingerprint, k.id, p.id, p.code, p.timezone, k.valid_from, k.valid_until, k.public_key
         FROM hq_plant_key k JOIN hq_plant p ON p.id = k.plant_id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, Option<String>>(6)?,
            r.get::<_, Vec<u8>>(7)?,
        ))
    })?;
    let mut out = HashMap::new();
    for row in rows {
        let (fp, key_id, plant_id, plant_code, tz, from, until, pk) = row?;
        let bytes: [u8; 32] = pk.try_into().map_err(|_| Error::Internal(format!("key {fp} is not 32 bytes")))?;
        let public =
            VerifyingKey::from_bytes(&bytes).map_err(|_| Error::Internal(format!("key {fp} is not a valid point")))?;
        out.insert(
            fp,
            KeyInfo {
                key_id,
                plant_id,
                plant_code,
                tz: time::parse_tz("timezone", &tz)?,
                valid_from: time::parse_date("valid_from", &from)?,
                valid_until: until.map(|u| time::parse_date("valid_until", &u)).transpose()?,
                public,
            },
        );
    }
    Ok(out)
}

/// A packet that passed every check that needs no database write.
/// What is kept of a packet that passed every check (the parsed body is dropped: a run holds
/// tens of thousands of these).
struct Checked {
    /// The envelope exactly as received (canonical: checked by `open`).
    text: String,
    key_id: String,
    plant_id: String,
    plant_code: String,
    week: String,
    revision: i64,
    reason: Option<String>,
    body_sha256: String,
    head: Option<packet::ChainPoint>,
    prev: Option<packet::ChainPoint>,
    generated_at: DateTime<Utc>,
    received_at: DateTime<Utc>,
    /// `(month, first_day, last_day, figures JSON)` per month part of the week.
    months: Vec<MonthFigures>,
}

/// A signature left for the batch: the signed body, the signature, the key.
type SigJob = (String, ed25519_dalek::Signature, VerifyingKey);

/// Every check of one packet. `batch`: the signature equation is left to the caller's batch
/// (returned as a [`SigJob`]; everything else `verify_strict` checks is checked here), else it
/// is checked strictly here.
fn check_unsigned(
    bytes: &[u8],
    received_at: Option<DateTime<Utc>>,
    keys: &HashMap<String, KeyInfo>,
    plants: &HashMap<String, String>,
    batch: bool,
) -> std::result::Result<(Checked, Option<SigJob>), String> {
    let opened = packet::open(bytes).map_err(|e| message(&e))?;
    let body = &opened.body;
    let plant_code = body.plant_code.as_str();
    if !plants.contains_key(plant_code) {
        return Err(format!("plant '{}' is not in the registry", crate::text::shown(plant_code)));
    }
    let fp = opened.envelope.key_fingerprint.as_str();
    let key = match keys.get(fp) {
        None => return Err(format!("key {} is not registered for plant {plant_code}", crate::text::shown(fp))),
        Some(k) if k.plant_code != plant_code => {
            return Err(format!("key {fp} is plant {}'s, but the packet says plant {plant_code}", k.plant_code))
        }
        Some(k) => k.clone(),
    };
    let generated_at = time::from_db(&body.generated_at)
        .map_err(|_| format!("generated_at '{}' is not a UTC time", crate::text::shown(&body.generated_at)))?;
    let signed_day = time::local_date(generated_at, key.tz);
    if signed_day < key.valid_from || key.valid_until.is_some_and(|u| signed_day > u) {
        let until = key.valid_until.map(|u| u.to_string()).unwrap_or_else(|| "open".into());
        return Err(format!(
            "key {fp} was not valid on {signed_day}, the day the packet was signed (valid {} to {until})",
            key.valid_from
        ));
    }
    let week = IsoWeek::parse("week", &body.week).map_err(|e| message(&e))?;
    // Stored as written: a week the parser reads but that is not in its one form (" 2026-W10",
    // "2026-w10") would fail the table's CHECK and so the whole import (found by fuzz_parsers).
    if body.week != week.to_string() {
        return Err(format!("week '{}' is not written as {week}", crate::text::shown(&body.week)));
    }
    if week.monday() > signed_day {
        return Err(format!("week {} starts after the packet was signed ({signed_day})", body.week));
    }
    if body.revision < 1 {
        return Err(format!("revision {} is not 1, 2, …", body.revision));
    }
    if body.revision > 1 && body.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
        return Err(format!("revision {} restates the week without a reason", body.revision));
    }
    let months = months_of(week, &parts_of(week, &body.indicators)?);
    let signature = *opened.signature();
    if batch {
        opened.batch_precheck(&key.public).map_err(|e| message(&e))?;
    } else {
        opened.check_signature(&key.public).map_err(|e| message(&e))?;
    }
    let text = String::from_utf8(bytes.to_vec()).map_err(|_| "the file is not UTF-8".to_string())?;
    let Opened { envelope, body, .. } = opened;
    let checked = Checked {
        text,
        key_id: key.key_id,
        plant_id: key.plant_id,
        plant_code: body.plant_code,
        week: body.week,
        revision: body.revision,
        reason: body.reason,
        body_sha256: envelope.body_sha256,
        head: body.provenance.audit_head,
        prev: body.provenance.prev_anchor,
        generated_at,
        received_at: received_at.unwrap_or(generated_at),
        months,
    };
    // The signed body moves into the batch's job (no copy); the strict path needs none.
    let job = batch.then_some((envelope.body, signature, key.public));
    Ok((checked, job))
}

/// How many packets one signature batch holds: large enough for the batch's speed-up, small
/// enough that a failed batch (re-checked one by one to name the packet) costs little.
const BATCH: usize = 256;

/// The checks of a run of packets. With `batch`, their signatures are verified together
/// (`ed25519_dalek::verify_batch`, after the per-packet pre-checks); a batch that fails is
/// re-verified one by one with `verify_strict`, so each refusal names its packet.
type CheckResult = (String, Option<std::result::Result<Checked, String>>);

fn check_run(
    work: &[Work],
    keys: &HashMap<String, KeyInfo>,
    plants: &HashMap<String, String>,
    batch: bool,
) -> Vec<CheckResult> {
    let mut out: Vec<CheckResult> = Vec::with_capacity(work.len());
    let mut jobs: Vec<(usize, SigJob)> = Vec::new();
    for w in work {
        match w {
            Work::Packet { bytes, received_at, .. } => {
                let sha = hex::encode(Sha256::digest(bytes));
                match check_unsigned(bytes, *received_at, keys, plants, batch) {
                    Ok((c, job)) => {
                        if let Some(j) = job {
                            jobs.push((out.len(), j));
                        }
                        out.push((sha, Some(Ok(c))));
                    }
                    Err(e) => out.push((sha, Some(Err(e)))),
                }
            }
            Work::NotPacket { sha, .. } => out.push((sha.clone(), None)),
        }
    }
    if jobs.is_empty() {
        return out;
    }
    let msgs: Vec<&[u8]> = jobs.iter().map(|(_, j)| j.0.as_bytes()).collect();
    let sigs: Vec<ed25519_dalek::Signature> = jobs.iter().map(|(_, j)| j.1).collect();
    let pubs: Vec<VerifyingKey> = jobs.iter().map(|(_, j)| j.2).collect();
    if ed25519_dalek::verify_batch(&msgs, &sigs, &pubs).is_err() {
        for (i, (body, sig, public)) in &jobs {
            if public.verify_strict(body.as_bytes(), sig).is_err() {
                out[*i].1 = Some(Err(
                    "packet: the signature does not verify: the body was altered or another key signed it".into(),
                ));
            }
        }
    }
    out
}

/// One indicator's value in one month part: `(key, month, first_day, last_day, value)`.
type Part = (String, String, NaiveDate, NaiveDate, i64);

/// One month part of a packet: `(month, first_day, last_day, {key: value} as JSON)`.
pub(crate) type MonthFigures = (String, NaiveDate, NaiveDate, String);

/// The parts grouped by month, each month's figures as a JSON object with sorted keys.
fn months_of(week: IsoWeek, parts: &[Part]) -> Vec<MonthFigures> {
    week.month_parts()
        .into_iter()
        .filter_map(|(m, from, to)| {
            let figures: std::collections::BTreeMap<&str, i64> =
                parts.iter().filter(|p| p.1 == m).map(|p| (p.0.as_str(), p.4)).collect();
            (!figures.is_empty())
                .then(|| (m, from, to, serde_json::to_string(&figures).unwrap_or_else(|_| "{}".into())))
        })
        .collect()
}

/// The month parts of every indicator, checked against the registry and the week.
fn parts_of(week: IsoWeek, indicators_json: &Value) -> std::result::Result<Vec<Part>, String> {
    let list = indicators_json.as_array().ok_or("indicators is not a list")?;
    let week_parts = week.month_parts();
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (n, ind) in list.iter().enumerate() {
        let o = ind.as_object().ok_or_else(|| format!("indicator {} is not an object", n + 1))?;
        let key = o.get("key").and_then(Value::as_str).ok_or_else(|| format!("indicator {} has no key", n + 1))?;
        if !seen.insert(key.to_string()) {
            return Err(format!("indicator {} appears twice", crate::text::shown(key)));
        }
        let unit = o.get("unit").and_then(Value::as_str).ok_or_else(|| format!("{key}: no unit"))?;
        let value = int(o.get("value")).ok_or_else(|| format!("{key}: value is not an integer"))?;
        let registered = indicators::get(key);
        if let Some(reg) = registered {
            if reg.unit.as_str() != unit {
                return Err(format!(
                    "{key}: unit '{}' is not the registry's '{}'",
                    crate::text::shown(unit),
                    reg.unit.as_str()
                ));
            }
        }
        let ps = o.get("parts").and_then(Value::as_array).ok_or_else(|| format!("{key}: no month parts"))?;
        let mut values = Vec::new();
        for p in ps {
            let month = p.get("month").and_then(Value::as_str).ok_or_else(|| format!("{key}: a part has no month"))?;
            let v = int(p.get("value")).ok_or_else(|| format!("{key} {month}: value is not an integer"))?;
            let (_, from, to) = week_parts
                .iter()
                .find(|(m, _, _)| m == month)
                .ok_or_else(|| format!("{key}: month {} is not a month of week {week}", crate::text::shown(month)))?;
            if out.iter().any(|(k, m, ..): &Part| k == key && m == month) {
                return Err(format!("{key}: month {month} appears twice"));
            }
            values.push(v);
            out.push((key.to_string(), month.to_string(), *from, *to, v));
        }
        if let Some(reg) = registered {
            let whole = match reg.aggregation {
                Aggregation::Sum => values.iter().try_fold(0i64, |a, v| a.checked_add(*v)),
                other => indicators::aggregate(other, &values),
            };
            if !values.is_empty() && reg.aggregation != Aggregation::RatioOfSums && whole != Some(value) {
                return Err(format!("{key}: the month parts give {whole:?} but the week's value is {value}"));
            }
        }
    }
    Ok(out)
}

fn int(v: Option<&Value>) -> Option<i64> {
    match v? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn message(e: &Error) -> String {
    e.sentence()
}

/// One import log row before it is written: (name, sha256, outcome, reason, packet id of a
/// duplicate, (plant, week, revision), mail reference).
type LogRow = (String, String, ImportOutcome, String, Option<String>, Option<(String, String, i64)>, Option<String>);

/// A unit of work after expansion: one candidate packet, or an item that is not one.
enum Work {
    Packet { name: String, bytes: Vec<u8>, received_at: Option<DateTime<Utc>>, mail_ref: Option<String> },
    NotPacket { name: String, sha: String, reason: String, mail_ref: Option<String> },
}

/// Phase timings of an import on stderr when `EHS_TRACE_IMPORT` is set (for BENCHMARKS.md).
struct Trace(Option<std::time::Instant>);

impl Trace {
    fn new() -> Trace {
        Trace(std::env::var_os("EHS_TRACE_IMPORT").map(|_| std::time::Instant::now()))
    }
    fn mark(&mut self, phase: &str) {
        if let Some(t) = self.0 {
            eprintln!("import: {phase}: {:.1} ms", t.elapsed().as_secs_f64() * 1000.0);
            self.0 = Some(std::time::Instant::now());
        }
    }
}

/// Runs `f` over `items` on `threads` threads (order kept).
fn par_map<T: Sync, R: Send>(items: &[T], threads: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    if threads <= 1 || items.len() < 2 {
        return items.iter().map(&f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = items.chunks(chunk).map(|c| s.spawn(|| c.iter().map(&f).collect::<Vec<R>>())).collect();
        handles.into_iter().flat_map(|h| h.join().expect("a verify thread panicked")).collect()
    })
}

/// Imports items: every check, then one transaction for the run. `progress(done, total)`
/// returning false cancels before anything is written.
#[allow(clippy::too_many_arguments)] // the run's inputs, each named at every call site
pub fn import(
    store: &mut Store,
    actor: &Session,
    source: ImportSource,
    label: &str,
    items: Vec<Incoming>,
    verify: Verify,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<ImportReport> {
    require_actor(store.conn(), actor)?;
    let mut trace = Trace::new();
    let keys = load_keys(store.conn())?;
    let plants: HashMap<String, String> = store
        .conn()
        .prepare("SELECT code, id FROM hq_plant")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<std::result::Result<_, _>>()?;
    // Expand mails into their packets.
    let mut work = Vec::new();
    for item in &items {
        match candidates(item) {
            Ok(list) => work.extend(list.into_iter().map(|(name, bytes, received_at)| Work::Packet {
                name,
                bytes,
                received_at,
                mail_ref: item.mail_ref.clone(),
            })),
            Err(reason) => work.push(Work::NotPacket {
                name: item.name.clone(),
                sha: hex::encode(Sha256::digest(&item.bytes)),
                reason,
                mail_ref: item.mail_ref.clone(),
            }),
        }
    }
    let total = work.len();
    if !progress(0, total) {
        return Err(Error::Cancelled(crate::msg::common::import_cancelled()));
    }
    let threads = match verify {
        Verify::OneByOne => 1,
        Verify::Threads(n) => n.max(1),
    };
    // Checks 1–4, spread over the cores in runs of BATCH packets (signatures verified per run).
    let runs: Vec<&[Work]> = work.chunks(BATCH).collect();
    let batch = verify != Verify::OneByOne;
    let checked: Vec<CheckResult> =
        par_map(&runs, threads, |run| check_run(run, &keys, &plants, batch)).into_iter().flatten().collect();
    if !progress(total / 2, total) {
        return Err(Error::Cancelled(crate::msg::common::import_cancelled()));
    }
    trace.mark("checks");

    let tx = store.write_tx()?;
    require_actor(&tx, actor)?;
    let import_id = new_id();
    let mut results = Vec::with_capacity(total);
    let mut rows: Vec<LogRow> = Vec::new();
    let mut accepted_hashes = Sha256::new();
    let (mut accepted, mut duplicates, mut rejected, mut not_packets) = (0, 0, 0, 0);
    let mut touched_weeks: BTreeSet<(String, String)> = BTreeSet::new();
    let mut seen_bodies: HashSet<String> = HashSet::new();
    let mut pending: Vec<Checked> = Vec::new();
    let mut pending_revisions: HashSet<(String, String, i64)> = HashSet::new();
    for (n, (w, (sha, c))) in work.iter().zip(checked).enumerate() {
        if n % 512 == 0 && !progress(total / 2 + n / 2, total) {
            return Err(Error::Cancelled(crate::msg::common::import_cancelled()));
        }
        match (w, c) {
            (Work::NotPacket { name, reason, mail_ref, .. }, _) => {
                not_packets += 1;
                rows.push((
                    name.clone(),
                    sha.clone(),
                    ImportOutcome::NotPacket,
                    reason.clone(),
                    None,
                    None,
                    mail_ref.clone(),
                ));
            }
            (Work::Packet { name, mail_ref, .. }, Some(Err(reason))) => {
                rejected += 1;
                rows.push((name.clone(), sha, ImportOutcome::Rejected, reason, None, None, mail_ref.clone()));
            }
            (Work::Packet { name, mail_ref, .. }, Some(Ok(c))) => {
                let b = &c;
                let who = Some((b.plant_code.clone(), b.week.clone(), b.revision));
                let body_sha = c.body_sha256.clone();
                let held: Option<(String, String)> = tx
                    .prepare_cached("SELECT id, body_sha256 FROM hq_packet WHERE body_sha256 = ?1 OR (plant_id = ?2 AND week = ?3 AND revision = ?4)")?
                    .query_row(params![body_sha, c.plant_id, b.week, b.revision], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?;
                let dup_in_run = seen_bodies.contains(&body_sha);
                match held {
                    Some((id, sha_held)) if sha_held == body_sha => {
                        duplicates += 1;
                        rows.push((
                            name.clone(),
                            sha,
                            ImportOutcome::Duplicate,
                            "received before: counted once".into(),
                            Some(id),
                            who,
                            mail_ref.clone(),
                        ));
                    }
                    Some((_, sha_held)) => {
                        rejected += 1;
                        rows.push((
                            name.clone(),
                            sha,
                            ImportOutcome::Rejected,
                            format!(
                                "a different revision {} of {} {} was received before (body {}…, this one {}…): one revision number, two contents",
                                b.revision, b.plant_code, b.week, &sha_held[..12], &body_sha[..12]
                            ),
                            None,
                            who,
                            mail_ref.clone(),
                        ));
                    }
                    None if dup_in_run => {
                        duplicates += 1;
                        rows.push((
                            name.clone(),
                            sha,
                            ImportOutcome::Duplicate,
                            "twice in this import: counted once".into(),
                            None,
                            who,
                            mail_ref.clone(),
                        ));
                    }
                    None => {
                        // A different body under the same revision inside this run.
                        if !pending_revisions.insert((c.plant_id.clone(), c.week.clone(), c.revision)) {
                            rejected += 1;
                            rows.push((
                                name.clone(),
                                sha,
                                ImportOutcome::Rejected,
                                format!(
                                    "another revision {} of {} {} with a different content is in this import",
                                    b.revision, b.plant_code, b.week
                                ),
                                None,
                                who,
                                mail_ref.clone(),
                            ));
                            continue;
                        }
                        seen_bodies.insert(body_sha.clone());
                        accepted += 1;
                        accepted_hashes.update(body_sha.as_bytes());
                        touched_weeks.insert((c.plant_id.clone(), c.week.clone()));
                        rows.push((
                            name.clone(),
                            sha,
                            ImportOutcome::Accepted,
                            String::new(),
                            None,
                            who,
                            mail_ref.clone(),
                        ));
                        pending.push(c);
                    }
                }
            }
            (Work::Packet { .. }, None) => unreachable!("a packet item always has a check result"),
        }
    }
    trace.mark("duplicates");
    // Insert the accepted packets and their parts.
    let mut packet_ids = Vec::with_capacity(pending.len());
    {
        let mut ins = tx.prepare_cached(
            "INSERT INTO hq_packet (id, import_id, plant_id, key_id, week, revision, reason, generated_at, received_at, body_sha256,
               head_seq, head_hash, prev_seq, prev_hash, envelope)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        )?;
        let mut month_ins = tx.prepare_cached(
            "INSERT INTO hq_packet_month (packet_id, month, first_day, last_day, figures) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        // The import row first (the packets reference it).
        tx.execute(
            "INSERT INTO hq_import (id, at, actor, source, label, items, accepted, duplicates, rejected, not_packets, content_sha256)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                import_id,
                time::to_db(now),
                actor.user_id,
                source.as_str(),
                label,
                total as i64,
                accepted as i64,
                duplicates as i64,
                rejected as i64,
                not_packets as i64,
                hex::encode(accepted_hashes.clone().finalize())
            ],
        )?;
        for c in &pending {
            let id = new_id();
            let head = c.head.as_ref();
            let prev = c.prev.as_ref();
            ins.execute(params![
                id,
                import_id,
                c.plant_id,
                c.key_id,
                c.week,
                c.revision,
                c.reason,
                time::to_db(c.generated_at),
                time::to_db(c.received_at),
                c.body_sha256,
                head.map(|h| h.seq),
                head.map(|h| h.hash.clone()),
                prev.map(|h| h.seq),
                prev.map(|h| h.hash.clone()),
                c.text,
            ])?;
            for (month, from, to, figures) in &c.months {
                month_ins.execute(params![id, month, from.to_string(), to.to_string(), figures])?;
            }
            packet_ids.push(id);
        }
    }
    trace.mark("packets");
    // The log, in item order, accepted rows pointing at their packet.
    {
        let mut accepted_ids = packet_ids.iter();
        let mut log = tx.prepare_cached(
            "INSERT INTO hq_import_item (id, import_id, ord, name, sha256, outcome, reason, packet_id, plant_code, week, revision, mail_ref)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?;
        for (n, (name, sha, outcome, reason, dup_of, who, mail_ref)) in rows.into_iter().enumerate() {
            let packet_id = if outcome == ImportOutcome::Accepted { accepted_ids.next().cloned() } else { dup_of };
            let (pc, wk, rv) = match &who {
                Some((p, w, r)) => (Some(p.clone()), Some(w.clone()), Some(*r)),
                None => (None, None, None),
            };
            log.execute(params![
                new_id(),
                import_id,
                n as i64 + 1,
                crate::text::shown(&name),
                sha,
                outcome.as_str(),
                reason,
                packet_id,
                pc,
                wk,
                rv,
                mail_ref
            ])?;
            results.push(ItemResult { name, outcome, reason, plant_code: pc, week: wk, revision: rv });
        }
    }
    // Anchors of the new packets against every packet held (both directions).
    trace.mark("log");
    super::store::detect_anchor_breaks_of_run(&tx, &import_id)?;
    trace.mark("anchors");
    // Caches: the counted revision of each touched week, then each touched plant-year.
    let mut plant_years = BTreeSet::new();
    store::refresh_weeks_of_run(&tx, &import_id)?;
    for (plant, week) in &touched_weeks {
        for y in store::years_of_week(week)? {
            plant_years.insert((plant.clone(), y));
        }
    }
    let mut mask_pairs = super::masks::anchor_pairs(&tx)?;
    for (plant, week) in &touched_weeks {
        if let Some((y, _)) = super::masks::split(week) {
            mask_pairs.insert((plant.clone(), y));
        }
    }
    super::masks::refresh(&tx, &mask_pairs)?;
    trace.mark("weeks");
    for (plant, y) in &plant_years {
        store::refresh_plant_year(&tx, plant, *y)?;
    }
    trace.mark("plant-years");
    audit::record(
        &tx,
        now,
        &actor.user_id,
        Action::Insert,
        "hq_import",
        &import_id,
        None,
        Some(&format!(
            "{} item(s): {accepted} accepted, {duplicates} duplicate, {rejected} rejected, {not_packets} not a packet",
            total
        )),
    )?;
    tx.commit()?;
    trace.mark("commit");
    progress(total, total);
    results.sort_by_key(|r| match r.outcome {
        ImportOutcome::Rejected => 0,
        ImportOutcome::NotPacket => 1,
        ImportOutcome::Duplicate => 2,
        ImportOutcome::Accepted => 3,
    });
    Ok(ImportReport { import_id, items: total, accepted, duplicates, rejected, not_packets, ignored_files: 0, results })
}

/// Reads files and folders (recursively) into items: `*.json` and `*.eml`; other files are
/// counted as ignored. Refuses more than `MAX_FILES` files or a file over `MAX_FILE_BYTES`
/// (listed as not a packet).
pub fn read_paths(paths: &[PathBuf]) -> Result<(Vec<Incoming>, usize)> {
    let mut files = Vec::new();
    let mut ignored = 0;
    for p in paths {
        let meta = std::fs::metadata(p)
            .map_err(|e| Error::invalid("path", crate::msg::common::file_error(&p.display(), &e)))?;
        if meta.is_dir() {
            walk(p, &mut files, &mut ignored, 0)?;
        } else {
            files.push(p.clone());
        }
        if files.len() > MAX_FILES {
            return Err(Error::invalid("path", crate::msg::hq::more_than_files_import(&MAX_FILES)));
        }
    }
    files.sort();
    let mut items = Vec::with_capacity(files.len());
    for f in files {
        let name = f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| f.display().to_string());
        let len = std::fs::metadata(&f)?.len();
        let bytes = if len > MAX_FILE_BYTES {
            format!("(a file of {len} bytes: larger than any packet)").into_bytes()
        } else {
            std::fs::read(&f).map_err(|e| Error::invalid("path", crate::msg::common::file_error(&f.display(), &e)))?
        };
        items.push(Incoming { name, bytes, received_at: None, mail_ref: None });
    }
    Ok((items, ignored))
}

/// Most files one import reads.
pub const MAX_FILES: usize = 200_000;
/// Largest file read as a packet or mail (a packet is a few kB; a mail with its PDF < 2 MB).
pub const MAX_FILE_BYTES: u64 = 25 * 1024 * 1024;

fn walk(dir: &Path, files: &mut Vec<PathBuf>, ignored: &mut usize, depth: usize) -> Result<()> {
    if depth > 16 {
        return Ok(());
    }
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Error::invalid("path", crate::msg::common::file_error(&dir.display(), &e)))?;
    for e in entries {
        let e = e?;
        let ft = e.file_type()?;
        let p = e.path();
        if ft.is_dir() {
            walk(&p, files, ignored, depth + 1)?;
        } else if ft.is_file() {
            let name = e.file_name().to_string_lossy().to_lowercase();
            if name.starts_with('.') {
                continue;
            }
            if name.ends_with(".json") || name.ends_with(".eml") {
                files.push(p);
                if files.len() > MAX_FILES {
                    return Ok(());
                }
            } else {
                *ignored += 1;
            }
        }
    }
    Ok(())
}

/// Imports files and folders (the CLI's `hq import`, the UI's drop).
pub fn import_paths(
    store: &mut Store,
    actor: &Session,
    paths: &[PathBuf],
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<ImportReport> {
    let (items, ignored) = read_paths(paths)?;
    let source = if paths.iter().any(|p| p.is_dir()) {
        ImportSource::Folder
    } else if items.iter().all(|i| !looks_like_json(&i.bytes)) && !items.is_empty() {
        ImportSource::Eml
    } else {
        ImportSource::File
    };
    let label: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let mut report = import(
        store,
        actor,
        source,
        &crate::text::shown(&label.join(", ")),
        items,
        Verify::all_cores(),
        now,
        progress,
    )?;
    report.ignored_files = ignored;
    Ok(report)
}

/// Whether a fetched message was listed already (not a packet): the mailbox fetch skips it.
pub fn mail_known(conn: &Connection, mail_ref: &str) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM hq_import_item WHERE mail_ref = ?1 AND outcome = 'not_packet' LIMIT 1",
            [mail_ref],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// One import run of the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "HqImportRun"))]
pub struct ImportRun {
    pub id: String,
    pub at: String,
    pub source: ImportSource,
    pub label: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub items: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub accepted: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub duplicates: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub rejected: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub not_packets: i64,
}

/// The newest import runs.
pub fn runs(conn: &Connection, limit: i64) -> Result<Vec<ImportRun>> {
    let mut stmt = conn.prepare(
        "SELECT id, at, source, label, items, accepted, duplicates, rejected, not_packets FROM hq_import ORDER BY at DESC, rowid DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get(1)?,
            r.get::<_, String>(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
            r.get(7)?,
            r.get(8)?,
        ))
    })?;
    rows.map(|row| {
        let (id, at, src, label, items, accepted, duplicates, rejected, not_packets) = row?;
        Ok(ImportRun {
            id,
            at,
            source: ImportSource::parse("source", &src)?,
            label,
            items,
            accepted,
            duplicates,
            rejected,
            not_packets,
        })
    })
    .collect()
}

/// The items of one run (rejected and not-a-packet first).
pub fn run_items(conn: &Connection, import_id: &str) -> Result<Vec<ItemResult>> {
    let mut stmt = conn.prepare(
        "SELECT name, outcome, reason, plant_code, week, revision FROM hq_import_item WHERE import_id = ?1
         ORDER BY CASE outcome WHEN 'rejected' THEN 0 WHEN 'not_packet' THEN 1 WHEN 'duplicate' THEN 2 ELSE 3 END, ord",
    )?;
    let rows = stmt.query_map([import_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
    })?;
    rows.map(|row| {
        let (name, outcome, reason, plant_code, week, revision) = row?;
        Ok(ItemResult { name, outcome: ImportOutcome::parse("outcome", &outcome)?, reason, plant_code, week, revision })
    })
    .collect()
}

/// Re-derives every stored packet's month figures from its envelope (and its body hash and
/// the import runs' content hashes); the first difference, worded.
pub(crate) fn check_parts(conn: &Connection) -> Result<Option<String>> {
    let mut stmt = conn.prepare("SELECT id, envelope, body_sha256 FROM hq_packet ORDER BY id")?;
    let mut rows = stmt.query([])?;
    let mut months_stmt = conn.prepare(
        "SELECT month, first_day, last_day, figures FROM hq_packet_month WHERE packet_id = ?1 ORDER BY month",
    )?;
    while let Some(r) = rows.next()? {
        let (id, env, sha): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let opened = match packet::open(env.as_bytes()) {
            Ok(o) => o,
            Err(e) => return Ok(Some(format!("hq_packet {id}: the stored envelope no longer opens: {}", message(&e)))),
        };
        if opened.envelope.body_sha256 != sha {
            return Ok(Some(format!("hq_packet {id}: body_sha256 differs from its envelope")));
        }
        let week = IsoWeek::parse("week", &opened.body.week)?;
        let want: Vec<(String, String, String, String)> =
            months_of(week, &parts_of(week, &opened.body.indicators).map_err(Error::Internal)?)
                .into_iter()
                .map(|(m, f, t, j)| (m, f.to_string(), t.to_string(), j))
                .collect();
        let have: Vec<(String, String, String, String)> = months_stmt
            .query_map([&id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<std::result::Result<_, _>>()?;
        if want != have {
            return Ok(Some(format!("hq_packet_month of {id} differs from its signed envelope")));
        }
    }
    // Each run's content hash over the bodies it accepted, in the order it stored them.
    let runs: Vec<(String, String)> = conn
        .prepare("SELECT id, content_sha256 FROM hq_import")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<std::result::Result<_, _>>()?;
    let mut bodies = conn.prepare("SELECT body_sha256 FROM hq_packet WHERE import_id = ?1 ORDER BY rowid")?;
    for (run, want) in runs {
        let mut h = Sha256::new();
        let mut q = bodies.query([&run])?;
        while let Some(r) = q.next()? {
            h.update(r.get::<_, String>(0)?.as_bytes());
        }
        if hex::encode(h.finalize()) != want {
            return Ok(Some(format!("hq_import {run}: its packets no longer hash to the audited content hash")));
        }
    }
    Ok(None)
}

/// The mail references (`uidvalidity:uid`) the mailbox fetch skips: messages listed before as
/// not a packet, or whose packet was refused — left in the mailbox for a person, not re-read on
/// every pass (`hq fetch --retry-rejected` reads them again after the registry is fixed).
pub fn known_mail_refs(conn: &Connection) -> Result<HashSet<String>> {
    let mut stmt = conn.prepare(
        "SELECT DISTINCT mail_ref FROM hq_import_item WHERE mail_ref IS NOT NULL AND outcome IN ('not_packet', 'rejected')",
    )?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    rows.collect::<std::result::Result<_, _>>().map_err(Error::from)
}

/// What the mailbox fetch does with one message, after importing it in a run of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailVerdict {
    /// Its packets are stored (or were already): move or flag it as processed.
    Imported,
    /// Not a packet, or a refused packet: leave it in the mailbox, listed in the import log.
    LeaveAlone,
}

/// Imports one fetched message as its own run (source `imap`), as `actor` or — for the app's
/// background fetch — the system actor.
pub fn import_mail(
    store: &mut Store,
    actor: Option<&Session>,
    item: Incoming,
    now: DateTime<Utc>,
) -> Result<(ImportReport, MailVerdict)> {
    let actor = match actor {
        Some(a) => a.clone(),
        None => {
            let mut s = crate::plant::users::system_session(store, now)?;
            s.role = crate::plant::Role::HqAnalyst;
            s
        }
    };
    let label = format!("mailbox {}", item.mail_ref.clone().unwrap_or_default());
    let report =
        import(store, &actor, ImportSource::Imap, &label, vec![item], Verify::OneByOne, now, &mut |_, _| true)?;
    let verdict = if report.rejected == 0 && report.not_packets == 0 && report.accepted + report.duplicates > 0 {
        MailVerdict::Imported
    } else {
        MailVerdict::LeaveAlone
    };
    Ok((report, verdict))
}
