//! The crash workload (issue 14 item 3, "crash proof"): a deterministic mixed sequence of real
//! writes through the core's public functions — hazardous-waste generation entries, voids,
//! put-aways into storage, shipments (take-outs + lines), receipts, notices queued in the outbox
//! and delivery attempts — each its own transaction, exactly as the app makes them.
//!
//! Before each write [`run_workload`] hands the caller an [`Ack::Begin`] naming it, and after it
//! commits one [`Ack`]; the CLI prints each as one line (`ehs-ledger bench workload`, flushed).
//! A test kills that process with SIGKILL at a random moment and checks that every acknowledged
//! write is in the file, whole, and the write in flight all or nothing (`cli/tests/crash_kill.rs`).
//! An ack is only ever given after `commit` returned `Ok`, so at most one committed write — the
//! one between its commit and its line — lacks an ack, and it is the last `begin`'s.
//!
//! The fixture it needs (a storage facility, a licensed receiver and transporter) is made on
//! the first run, each piece in its own transaction and acknowledged as [`Ack::Setup`]; a later
//! run (or one after a kill mid-set-up) finds what is there and adds only what is missing.
//! Everything a run writes carries its tag ([`tag`], from the seed): containers are
//! `W<tag>-NNNN`, notice subjects `crash <tag> N`, so a check can count a run's own rows.

use crate::error::{Error, Result};
use crate::notify;
use crate::plant::{self, Session};
use crate::sync::outbox::{self, Outcome};
use crate::units::MassUnit;
use crate::waste::generation::{self, GenerationInput, VoidInput};
use crate::waste::manifest::WeightSource;
use crate::waste::receiver::{self, CounterpartyKind, LicenceType, NewCounterparty, NewLicence};
use crate::waste::shipment::{self, ConfirmInput, ShipInput};
use crate::waste::storage::{self, FacilityKind, NewFacility, StoreInput};
use crate::waste::Purpose;
use crate::Store;
use chrono::{DateTime, Datelike, Utc};
use rusqlite::OptionalExtension;
use std::fmt;
use std::str::FromStr;

/// The storage facility the workload puts containers into.
pub const FACILITY: &str = "TS-CRASH";
/// The licensed receiver of its shipments.
pub const RECEIVER: &str = "崩溃测试处置有限公司";
/// Its licensed transporter.
pub const TRANSPORTER: &str = "崩溃测试运输有限公司";
const RECEIVER_LICENCE: &str = "CRASH-4403-R";
const TRANSPORTER_LICENCE: &str = "CRASH-4403-T";
/// Where the notices go (never sent: the test records attempts by hand).
pub const NOTICE_TO: &str = "ehs@plant.example.cn";
/// Codes the workload generates (all licensed to the receiver, disposed of by D10).
const CODES: [&str; 3] = ["900-249-08", "900-041-49", "900-006-09"];

/// One acknowledged write (one line on the workload's stdout). Ids are the records' ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ack {
    /// A fixture piece: `what` is `facility`, `receiver`, `transporter`, `receiver_licence`,
    /// `transporter_licence`; `id` the facility's or counterparty's id.
    Setup { what: String, id: String },
    /// The store is open and the fixture in place; the writes begin.
    Ready { tag: String },
    /// Not an ack: the write about to begin (its transaction is not yet open). `what` is the
    /// kind of its ack (`gen`, `void`, `store`, `ship`, `confirm`, `outbox`, `attempt`); `key`
    /// names what it writes — the container (`gen`, `void`, `store`), `MANIFEST=C1,C2,…`
    /// (`ship`), the manifest (`confirm`), the notice subject's number (`outbox`), the outbox
    /// item (`attempt`). After a kill, the write of a last `begin` without its ack must be in
    /// the file whole or not at all.
    Begin { what: String, key: String },
    /// A generation entry (`waste_generation`).
    Generated { id: String, container: String },
    /// A generation entry voided.
    Voided { id: String, container: String },
    /// A container put into storage (`waste_movement`, into_storage).
    Stored { id: String, container: String },
    /// A shipment (`shipment`) with one line per container, in order.
    Shipped { id: String, manifest: String, containers: Vec<String> },
    /// A shipment's receipt (`shipment_receipt`), confirmed as shipped.
    Confirmed { id: String, manifest: String },
    /// A notice's outbox item (`outbox`).
    Queued { id: String },
    /// A delivery attempt on an outbox item: its attempts after it, and whether it was `sent`.
    Attempt { item: String, sent: bool, attempts: i64 },
    /// The run ended by itself after `ops` writes.
    Done { ops: u64 },
}

impl fmt::Display for Ack {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ack::Setup { what, id } => write!(f, "setup {what} {id}"),
            Ack::Ready { tag } => write!(f, "ready {tag}"),
            Ack::Begin { what, key } => write!(f, "begin {what} {key}"),
            Ack::Generated { id, container } => write!(f, "gen {id} {container}"),
            Ack::Voided { id, container } => write!(f, "void {id} {container}"),
            Ack::Stored { id, container } => write!(f, "store {id} {container}"),
            Ack::Shipped { id, manifest, containers } => write!(f, "ship {id} {manifest} {}", containers.join(",")),
            Ack::Confirmed { id, manifest } => write!(f, "confirm {id} {manifest}"),
            Ack::Queued { id } => write!(f, "outbox {id}"),
            Ack::Attempt { item, sent, attempts } => {
                write!(f, "attempt {item} {} {attempts}", if *sent { "sent" } else { "transient" })
            }
            Ack::Done { ops } => write!(f, "done {ops}"),
        }
    }
}

impl FromStr for Ack {
    type Err = Error;

    /// Reads back one line of [`Ack`]'s `Display`.
    fn from_str(line: &str) -> Result<Ack> {
        let bad = || Error::invalid("ack", crate::msg::bench::not_ack_line(&format!("{line:?}")));
        let w: Vec<&str> = line.split(' ').collect();
        let s = |i: usize| w.get(i).map(|x| (*x).to_string()).ok_or_else(bad);
        let ack = match (w[0], w.len()) {
            ("setup", 3) => Ack::Setup { what: s(1)?, id: s(2)? },
            ("ready", 2) => Ack::Ready { tag: s(1)? },
            ("begin", 3) => Ack::Begin { what: s(1)?, key: s(2)? },
            ("gen", 3) => Ack::Generated { id: s(1)?, container: s(2)? },
            ("void", 3) => Ack::Voided { id: s(1)?, container: s(2)? },
            ("store", 3) => Ack::Stored { id: s(1)?, container: s(2)? },
            ("ship", 4) => {
                Ack::Shipped { id: s(1)?, manifest: s(2)?, containers: w[3].split(',').map(str::to_string).collect() }
            }
            ("confirm", 3) => Ack::Confirmed { id: s(1)?, manifest: s(2)? },
            ("outbox", 2) => Ack::Queued { id: s(1)? },
            ("attempt", 4) => Ack::Attempt {
                item: s(1)?,
                sent: match w[2] {
                    "sent" => true,
                    "transient" => false,
                    _ => return Err(bad()),
                },
                attempts: w[3].parse().map_err(|_| bad())?,
            },
            ("done", 2) => Ack::Done { ops: w[1].parse().map_err(|_| bad())? },
            _ => return Err(bad()),
        };
        Ok(ack)
    }
}

/// SplitMix64: a small deterministic generator (the workload must replay from its seed).
#[derive(Debug, Clone)]
pub struct SplitMix(pub u64);

impl SplitMix {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64() % n
        }
    }
}

/// The run's tag: 8 hex digits from the seed (container ids and notice subjects carry it).
pub fn tag(seed: u64) -> String {
    format!("{:08x}", SplitMix(seed).next_u64() >> 32)
}

/// The prefix of a run's container ids.
pub fn container_prefix(tag: &str) -> String {
    format!("W{tag}-")
}

/// The prefix of a run's notice subjects.
pub fn subject_prefix(tag: &str) -> String {
    format!("crash {tag} ")
}

/// What a run does.
#[derive(Debug, Clone, Copy)]
pub struct WorkloadOptions {
    pub seed: u64,
    /// Writes after the set-up.
    pub ops: u64,
    /// `PRAGMA wal_autocheckpoint` for the run (pages; SQLite's default is 1000): a small value
    /// checkpoints every few writes, so a kill lands in checkpoints too.
    pub wal_autocheckpoint: Option<u32>,
}

/// What a run has written and may write on: containers generated (not yet stored), in stock,
/// shipments awaiting receipt, outbox items not yet sent.
struct State {
    generated: Vec<(String, String)>,
    stocked: Vec<String>,
    shipped: Vec<(String, String)>,
    queued: Vec<String>,
    next_container: u64,
    next_notice: u64,
    next_serial: u64,
}

/// Runs the workload on `store` as `actor` (an admin or EHS officer): the fixture, then
/// `opts.ops` writes, each its own transaction, calling `ack` after each commit. `clock` gives
/// each write its moment. Any refusal ends the run with the error (the workload only makes
/// writes the rules allow, so an error is a defect). Returns the writes made.
pub fn run_workload(
    store: &mut Store,
    actor: &Session,
    opts: WorkloadOptions,
    clock: &mut dyn FnMut() -> DateTime<Utc>,
    ack: &mut dyn FnMut(&Ack) -> Result<()>,
) -> Result<u64> {
    if let Some(pages) = opts.wal_autocheckpoint {
        store.conn().pragma_update(None, "wal_autocheckpoint", pages)?;
    }
    ensure_fixture(store, actor, clock, ack)?;
    let tag = tag(opts.seed);
    ack(&Ack::Ready { tag: tag.clone() })?;
    let mut rng = SplitMix(opts.seed);
    let year = plant::today(store.conn(), clock())?.year();
    let mut st = State {
        generated: Vec::new(),
        stocked: Vec::new(),
        shipped: Vec::new(),
        queued: Vec::new(),
        next_container: 1,
        next_notice: 1,
        next_serial: next_manifest_serial(store, year)?,
    };
    for _ in 0..opts.ops {
        // gen 34, store 24, ship 8, confirm 5, void 3, notice 14, attempt 12 (of 100); a kind
        // with nothing to act on generates instead.
        let roll = rng.below(100);
        let (rng, st, now) = (&mut rng, &mut st, clock());
        let a = match roll {
            34..=57 if !st.generated.is_empty() => put_away(store, actor, rng, st, ack, now)?,
            58..=65 if !st.stocked.is_empty() => ship(store, actor, rng, st, year, ack, now)?,
            66..=70 if !st.shipped.is_empty() => confirm(store, actor, rng, st, ack, now)?,
            71..=73 if !st.generated.is_empty() => void(store, actor, rng, st, ack, now)?,
            74..=87 => notice(store, actor, &tag, st, ack, now)?,
            88..=99 if !st.queued.is_empty() => attempt(store, rng, st, ack, now)?,
            _ => generate(store, actor, &tag, rng, st, ack, now)?,
        };
        ack(&a)?;
    }
    ack(&Ack::Done { ops: opts.ops })?;
    Ok(opts.ops)
}

fn generate(
    store: &mut Store,
    actor: &Session,
    tag: &str,
    rng: &mut SplitMix,
    st: &mut State,
    ack: &mut dyn FnMut(&Ack) -> Result<()>,
    now: DateTime<Utc>,
) -> Result<Ack> {
    let container = format!("{}{:04}", container_prefix(tag), st.next_container);
    st.next_container += 1;
    begin(ack, "gen", &container)?;
    let e = generation::record(
        store,
        actor,
        GenerationInput {
            stream_id: None,
            code: Some(CODES[rng.below(CODES.len() as u64) as usize].into()),
            quantity: format!("{}.{:03}", 5 + rng.below(400), rng.below(1000)),
            unit: MassUnit::Kg,
            container_id: container.clone(),
            storage_area: "危废暂存库".into(),
            generated_at_local: None,
            details: Default::default(),
        },
        now,
    )?;
    st.generated.push((e.id.clone(), container.clone()));
    Ok(Ack::Generated { id: e.id, container })
}

fn put_away(
    store: &mut Store,
    actor: &Session,
    rng: &mut SplitMix,
    st: &mut State,
    ack: &mut dyn FnMut(&Ack) -> Result<()>,
    now: DateTime<Utc>,
) -> Result<Ack> {
    let (_, container) = st.generated.remove(rng.below(st.generated.len() as u64) as usize);
    begin(ack, "store", &container)?;
    let m = storage::store_container(
        store,
        actor,
        StoreInput {
            facility: FACILITY.into(),
            container_id: container.clone(),
            generation_batch: None,
            moved_at_local: None,
            handlers: Default::default(),
        },
        now,
    )?;
    st.stocked.push(container.clone());
    Ok(Ack::Stored { id: m.id, container })
}

fn void(
    store: &mut Store,
    actor: &Session,
    rng: &mut SplitMix,
    st: &mut State,
    ack: &mut dyn FnMut(&Ack) -> Result<()>,
    now: DateTime<Utc>,
) -> Result<Ack> {
    let (id, container) = st.generated.remove(rng.below(st.generated.len() as u64) as usize);
    begin(ack, "void", &container)?;
    generation::void(
        store,
        actor,
        VoidInput { id: id.clone(), reason: "崩溃测试：作废 (crash workload)".into() },
        now,
    )?;
    Ok(Ack::Voided { id, container })
}

fn ship(
    store: &mut Store,
    actor: &Session,
    rng: &mut SplitMix,
    st: &mut State,
    year: i32,
    ack: &mut dyn FnMut(&Ack) -> Result<()>,
    now: DateTime<Utc>,
) -> Result<Ack> {
    // Mostly a few containers; now and then a big load (a longer transaction to land in).
    let most = if rng.below(5) == 0 { 16 } else { 4 };
    let n = 1 + rng.below(most.min(st.stocked.len() as u64)) as usize;
    let mut containers = Vec::with_capacity(n);
    for _ in 0..n {
        containers.push(st.stocked.remove(rng.below(st.stocked.len() as u64) as usize));
    }
    let manifest = format!("{year}4403{:06}", st.next_serial);
    st.next_serial += 1;
    begin(ack, "ship", &format!("{manifest}={}", containers.join(",")))?;
    let s = shipment::ship(
        store,
        actor,
        ShipInput {
            manifest_no: manifest.clone(),
            receiver: RECEIVER.into(),
            transporter: Some(TRANSPORTER.into()),
            own_transport: false,
            vehicle_plate: Some("粤B·C0001危".into()),
            transfer_type: None,
            approval_no: None,
            purpose: Purpose::Disposal,
            method: "D10".into(),
            containers: containers.clone(),
            weight_source: WeightSource::Measured,
            shipped_at_local: None,
            override_reason: None,
            handlers: Default::default(),
        },
        now,
    )?;
    st.shipped.push((s.id.clone(), manifest.clone()));
    Ok(Ack::Shipped { id: s.id, manifest, containers })
}

fn confirm(
    store: &mut Store,
    actor: &Session,
    rng: &mut SplitMix,
    st: &mut State,
    ack: &mut dyn FnMut(&Ack) -> Result<()>,
    now: DateTime<Utc>,
) -> Result<Ack> {
    let (id, manifest) = st.shipped.remove(rng.below(st.shipped.len() as u64) as usize);
    begin(ack, "confirm", &manifest)?;
    let today = plant::today(store.conn(), now)?;
    shipment::confirm(
        store,
        actor,
        ConfirmInput {
            shipment: manifest.clone(),
            received_on: today.to_string(),
            confirmed_on: None,
            lines: vec![],
            unit: MassUnit::Kg,
            as_shipped: true,
            rejected: false,
            rejected_lines: vec![],
            returned_at_local: None,
            method: None,
            note: None,
        },
        now,
    )?;
    Ok(Ack::Confirmed { id, manifest })
}

fn notice(
    store: &mut Store,
    actor: &Session,
    tag: &str,
    st: &mut State,
    ack: &mut dyn FnMut(&Ack) -> Result<()>,
    now: DateTime<Utc>,
) -> Result<Ack> {
    begin(ack, "outbox", &st.next_notice.to_string())?;
    let subject = format!("{}{}", subject_prefix(tag), st.next_notice);
    st.next_notice += 1;
    let q =
        notify::queue_test(store, actor, &subject, "崩溃测试通知 (crash workload notice)", &[NOTICE_TO.into()], now)?;
    let id = q.mail.ok_or_else(|| Error::Internal("the notice made no e-mail item".into()))?;
    st.queued.push(id.clone());
    Ok(Ack::Queued { id })
}

fn attempt(
    store: &mut Store,
    rng: &mut SplitMix,
    st: &mut State,
    ack: &mut dyn FnMut(&Ack) -> Result<()>,
    now: DateTime<Utc>,
) -> Result<Ack> {
    let i = rng.below(st.queued.len() as u64) as usize;
    let item = st.queued[i].clone();
    begin(ack, "attempt", &item)?;
    let sent = rng.below(4) == 0;
    let outcome = if sent {
        Outcome::Sent { reply: "250 2.0.0 OK queued".into(), recipients: vec![NOTICE_TO.into()] }
    } else {
        Outcome::Transient { error: "421 4.7.0 try again later".into() }
    };
    let s = outbox::record_attempt(store, &item, outcome, now)?;
    if sent {
        st.queued.remove(i);
    }
    Ok(Ack::Attempt { item, sent, attempts: s.attempts })
}

fn begin(ack: &mut dyn FnMut(&Ack) -> Result<()>, what: &str, key: &str) -> Result<()> {
    ack(&Ack::Begin { what: what.into(), key: key.into() })
}

/// The next free manifest serial of the workload's `{year}4403NNNNNN` numbers in this file.
fn next_manifest_serial(store: &Store, year: i32) -> Result<u64> {
    let max: Option<String> = store.conn().query_row(
        "SELECT max(manifest_no) FROM shipment WHERE manifest_no LIKE ?1 AND length(manifest_no) = 14",
        [format!("{year}4403%")],
        |r| r.get(0),
    )?;
    Ok(max.and_then(|m| m[8..].parse::<u64>().ok()).map_or(1, |n| n + 1))
}

/// The facility, the receiver and transporter and their licences: each made (and acknowledged)
/// when missing, each in its own transaction.
fn ensure_fixture(
    store: &mut Store,
    actor: &Session,
    clock: &mut dyn FnMut() -> DateTime<Utc>,
    ack: &mut dyn FnMut(&Ack) -> Result<()>,
) -> Result<()> {
    let conn = store.conn();
    let facility: Option<String> =
        conn.query_row("SELECT id FROM storage_facility WHERE code = ?1", [FACILITY], |r| r.get(0)).optional()?;
    if facility.is_none() {
        let f = storage::add_facility(
            store,
            actor,
            NewFacility {
                code: FACILITY.into(),
                name: "崩溃测试贮存库".into(),
                kind: FacilityKind::Store,
                capacity_t: None,
                max_storage_days: None,
            },
            clock(),
        )?;
        ack(&Ack::Setup { what: "facility".into(), id: f.id })?;
    }
    let year = plant::today(store.conn(), clock())?.year();
    for (what, kind, name, licence_what, licence_no, licence_type) in [
        (
            "receiver",
            CounterpartyKind::Receiver,
            RECEIVER,
            "receiver_licence",
            RECEIVER_LICENCE,
            LicenceType::Comprehensive,
        ),
        (
            "transporter",
            CounterpartyKind::Transporter,
            TRANSPORTER,
            "transporter_licence",
            TRANSPORTER_LICENCE,
            LicenceType::Transport,
        ),
    ] {
        let have: Option<String> =
            store.conn().query_row("SELECT id FROM counterparty WHERE name = ?1", [name], |r| r.get(0)).optional()?;
        let id = match have {
            Some(id) => id,
            None => {
                let c = receiver::add_counterparty(
                    store,
                    actor,
                    NewCounterparty {
                        kind,
                        name: name.into(),
                        uscc: None,
                        address: "广东省深圳市".into(),
                        contact: String::new(),
                        phone: String::new(),
                        region_code: None,
                    },
                    clock(),
                )?;
                ack(&Ack::Setup { what: what.into(), id: c.id.clone() })?;
                c.id
            }
        };
        let licensed: bool = store.conn().query_row(
            "SELECT count(*) > 0 FROM counterparty_licence WHERE counterparty_id = ?1 AND licence_no = ?2",
            [&id, licence_no],
            |r| r.get(0),
        )?;
        if !licensed {
            let receiving = licence_type == LicenceType::Comprehensive;
            let list = |v: &[&str]| if receiving { v.iter().map(|s| (*s).to_string()).collect() } else { vec![] };
            receiver::add_licence(
                store,
                actor,
                NewLicence {
                    counterparty: id.clone(),
                    licence_no: licence_no.into(),
                    licence_type,
                    valid_from: format!("{}-01-01", year - 1),
                    valid_to: format!("{}-12-31", year + 5),
                    categories: list(&["HW08", "HW09", "HW49"]),
                    codes: vec![],
                    methods: list(&["D10"]),
                    annual_capacity_t: None,
                },
                clock(),
            )?;
            ack(&Ack::Setup { what: licence_what.into(), id })?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Guards the ack line format the crash test reads back.
    #[test]
    fn every_ack_reads_back_from_its_line() {
        let acks = [
            Ack::Setup { what: "facility".into(), id: "f1".into() },
            Ack::Ready { tag: "0a1b2c3d".into() },
            Ack::Begin { what: "ship".into(), key: "20254403000001=a,b".into() },
            Ack::Generated { id: "g1".into(), container: "W0a1b2c3d-0001".into() },
            Ack::Voided { id: "g1".into(), container: "W0a1b2c3d-0001".into() },
            Ack::Stored { id: "m1".into(), container: "W0a1b2c3d-0002".into() },
            Ack::Shipped {
                id: "s1".into(),
                manifest: "20254403000001".into(),
                containers: vec!["a".into(), "b".into()],
            },
            Ack::Confirmed { id: "s1".into(), manifest: "20254403000001".into() },
            Ack::Queued { id: "o1".into() },
            Ack::Attempt { item: "o1".into(), sent: true, attempts: 3 },
            Ack::Attempt { item: "o1".into(), sent: false, attempts: 1 },
            Ack::Done { ops: 7 },
        ];
        for a in acks {
            assert_eq!(a.to_string().parse::<Ack>().unwrap(), a);
        }
        assert!("gen only-an-id".parse::<Ack>().is_err());
        assert!("attempt o1 maybe 1".parse::<Ack>().is_err());
        assert!("".parse::<Ack>().is_err());
    }

    /// Guards the replay promise: the same seed makes the same tag and the same rolls.
    #[test]
    fn a_seed_replays_the_same_tag_and_sequence() {
        assert_eq!(tag(42), tag(42));
        assert_ne!(tag(42), tag(43));
        let (mut a, mut b) = (SplitMix(7), SplitMix(7));
        let xs: Vec<u64> = (0..10).map(|_| a.below(100)).collect();
        let ys: Vec<u64> = (0..10).map(|_| b.below(100)).collect();
        assert_eq!(xs, ys);
        assert!(xs.iter().any(|&x| x != xs[0]));
    }
}
