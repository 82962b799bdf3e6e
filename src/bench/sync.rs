//! The weekly-packet benchmark (issue 10 item 12): plants with years of history across every
//! input of the week's summary, and the time to summarise, check and sign one recent week.
//!
//! [`history`] writes a plant's history week by week, oldest first, with bare prepared inserts in
//! one transaction (a fixture: no audit rows; the cache triggers fire for each row): generation
//! (a few entries voided), each container into storage the same day, out four weeks later —
//! mostly on the week's shipment (one manifest a week; receipts two days after, confirmed a week
//! after, a few never and the newest still pending; some with a discrepancy, some lines
//! estimated), some by own use/disposal, one in fifty held half a year —, and general solid
//! waste (generation and outbound by route). A week's content depends only on how many weeks it
//! lies before `now`, so the newest weeks of a 1-year and a 10-year plant hold the same records.
//! [`run_sync`] builds one plant per history length in one run and times, for the last complete
//! week, the summary, the plausibility inputs (the four previous weeks), the alerts,
//! building + signing the packet, and (apart) rendering the week's report PDF that travels with it.

use super::{plant_fixture, timing, Timing, CODES};
use crate::db::Store;
use crate::error::Result;
use crate::report::{self, Lang, Period};
use crate::sync::{self, packet, IsoWeek};
use crate::waste::receiver::{self, NewCounterparty, NewLicence};
use crate::waste::solid::{self, NewSwStream};
use crate::waste::stream::PhysicalForm;
use crate::{new_id, plant, time};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::{params, Transaction};
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What the history of one plant holds.
#[derive(Debug, Clone, Default, Serialize)]
pub struct HistoryCounts {
    pub years: u32,
    pub weeks: u32,
    pub generation: u64,
    pub movements: u64,
    pub shipments: u64,
    pub shipment_lines: u64,
    pub receipts: u64,
    pub own_treatments: u64,
    pub solid_records: u64,
    pub db_bytes: u64,
    pub fill_seconds: f64,
}

/// The timings for one plant.
#[derive(Debug, Clone, Serialize)]
pub struct SyncPlantReport {
    pub history: HistoryCounts,
    pub week: String,
    /// `sync::week_summary` of the week.
    pub week_summary: Timing,
    /// The four previous weeks' summaries and `sync::plausibility` (alerts passed in, not read).
    pub plausibility_4_weeks: Timing,
    /// `alerts::for_plant` on the plant-local day of `now` (the preview's open alerts).
    pub alerts: Timing,
    /// `packet::build_with`: provenance, chain head, canonical JSON, SHA-256, Ed25519.
    pub packet_sign: Timing,
    /// The real `sync::build` of the week (preview, notes, packet, report PDF, `sync_packet`
    /// row, outbox row with its attachments, audit), in a transaction rolled back after each run.
    pub sync_build: Timing,
    /// Summary + four previous weeks + alerts + packet: what `sync build` of a week cost before
    /// the report PDF travelled with it (kept comparable with earlier runs).
    pub total_median_ms: f64,
    pub packet_bytes: usize,
    /// `report::management_pdf` of the week (zh): the PDF `sync build` now renders and attaches
    /// beside the packet (the report's own figures, 12-week trend, sections, alerts, drawing).
    pub report_pdf: Timing,
    pub report_pdf_bytes: usize,
    /// `total_median_ms` + the report PDF: what `sync build` of a week costs now.
    pub total_with_pdf_median_ms: f64,
    /// The week's totals (the same in every plant: the newest weeks hold the same records).
    pub totals: BTreeMap<String, i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SyncBenchReport {
    pub per_week: u32,
    pub runs: usize,
    pub plants: Vec<SyncPlantReport>,
}

const RECEIVER: &str = "Bench receiver";
const TRANSPORTER: &str = "Bench transporter";

/// Writes a fresh plant at `path` (which must not exist) with `years` × 52 weeks of history up
/// to the day before `now`, `per_week` hazardous-waste containers a week.
pub fn history(path: &Path, years: u32, per_week: u32, now: DateTime<Utc>) -> Result<HistoryCounts> {
    let mut store = Store::open(path)?;
    let (admin, streams) = plant_fixture(&mut store, &format!("BENCH-{years}Y"), now)?;
    let facilities = facilities(&mut store, &admin, now)?;
    let (receiver_id, licence_id, transporter_id) = counterparties(&mut store, &admin, now)?;
    let mut sw_streams = Vec::new();
    for (code, name, form) in [
        ("398-001-S17", "废纸箱", PhysicalForm::Solid),
        ("900-003-S17", "废塑料", PhysicalForm::Solid),
        ("441-001-S07", "污泥", PhysicalForm::Sludge),
    ] {
        let s = NewSwStream { code: code.into(), name: name.into(), physical_form: form, process: "bench".into() };
        sw_streams.push(solid::add_stream(&mut store, &admin, s, now)?.id);
    }
    let tz = plant::require(store.conn())?.tz()?;
    let today = time::local_date(now, tz);
    let current_monday = IsoWeek::of(today).monday();
    let weeks = years.max(1) * 52;
    let user = admin.user_id.clone();
    // Shanghai keeps no DST: the day's start plus the hour is the local time.
    let at = |day: NaiveDate, h: u32, m: u32| {
        time::local_day_start_utc(day, tz) + Duration::hours(i64::from(h)) + Duration::minutes(i64::from(m))
    };

    let start = Instant::now();
    let tx = store.write_tx()?;
    let mut n = HistoryCounts { years, weeks, ..Default::default() };
    // Containers due to leave storage, by the week (weeks before now) they leave in.
    let mut leaving: BTreeMap<i64, Vec<Container>> = BTreeMap::new();
    let mut serial = 0u64;
    let mut next = || {
        serial += 1;
        serial
    };
    for e in (0..i64::from(weeks)).rev() {
        let monday = current_monday - Duration::weeks(e);
        // 1. Generation, into storage the same day.
        for j in 0..i64::from(per_week) {
            let day = monday + Duration::days(j % 5);
            if day >= today {
                continue;
            }
            let k = (j % CODES.len() as i64) as usize;
            let (stream_id, code) = (&streams[k].0, CODES[k]);
            let q = 5_000 + (e * 7_919 + j * 104_729) % 400_000;
            let gen_at = at(day, 8 + (j % 8) as u32, (j % 60) as u32);
            let edition = crate::waste::catalogue::edition_for(day);
            let s = next();
            let container = format!("C-{years}-{s:07}");
            let voided = (e * i64::from(per_week) + j) % 211 == 0;
            tx.prepare_cached(
                "INSERT INTO waste_generation (id, batch_code, stream_id, catalogue_version, code, quantity_g,
                    entered_unit, container_id, storage_area, generated_at, generated_local_date, recorded_by,
                    recorded_at, voided_at, voided_by, void_reason)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'kg', ?7, 'A1', ?8, ?9, ?10, ?8, ?11, ?12, ?13)",
            )?
            .execute(params![
                new_id(),
                format!("HWCS{}{s:07}", day.format("%Y%m%d")),
                stream_id,
                edition,
                code,
                q,
                container,
                time::to_db(gen_at),
                day.to_string(),
                user,
                voided.then(|| time::to_db(gen_at)),
                voided.then_some(&user),
                voided.then_some("bench: entered twice"),
            ])?;
            n.generation += 1;
            if voided {
                continue;
            }
            let c = Container {
                facility: facilities[(j % 2) as usize].clone(),
                id: container,
                code,
                edition,
                q,
                started: day,
            };
            movement(&tx, &c, "into_storage", gen_at, day, &user, next())?;
            n.movements += 1;
            // One in fifty is held half a year (then used on site), the rest leave after four weeks.
            let leaves = if j % 50 == 7 { e - 26 } else { e - 4 };
            leaving.entry(leaves).or_default().push(c);
        }
        // 2. This week's departures: the weekly shipment, and own use/disposal on Thursday.
        let Some(out) = leaving.remove(&e) else { continue };
        let (wednesday, thursday) = (monday + Duration::days(2), monday + Duration::days(3));
        let (mut shipped, mut own): (Vec<Container>, Vec<Container>) = (Vec::new(), Vec::new());
        for (i, c) in out.into_iter().enumerate() {
            if i % 12 == 5 || c.started < monday - Duration::weeks(20) {
                own.push(c);
            } else {
                shipped.push(c);
            }
        }
        if thursday < today {
            for (i, c) in own.iter().enumerate() {
                let t_at = at(thursday, 14, (i % 60) as u32);
                let mid = movement(&tx, c, "out_of_storage", t_at, thursday, &user, next())?;
                let purpose = if i % 2 == 0 { "utilisation" } else { "disposal" };
                tx.prepare_cached(
                    "INSERT INTO waste_own_treatment (id, batch_code, purpose, movement_id, container_id,
                        catalogue_version, code, quantity_g, facility_code, method, started_at, local_date,
                        finished_on, recorded_by, recorded_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'OT-1', ?9, ?10, ?11, ?11, ?12, ?10)",
                )?
                .execute(params![
                    new_id(),
                    format!("HWZX{}{:07}", thursday.format("%Y%m%d"), next()),
                    purpose,
                    mid,
                    c.id,
                    c.edition,
                    c.code,
                    c.q,
                    if i % 2 == 0 { "R4" } else { "D9" },
                    time::to_db(t_at),
                    thursday.to_string(),
                    user
                ])?;
                n.movements += 1;
                n.own_treatments += 1;
            }
        }
        if shipped.is_empty() || wednesday >= today {
            continue;
        }
        let ship_at = at(wednesday, 10, 0);
        let shipment_id = new_id();
        let (purpose, method) = if e % 3 == 0 { ("utilisation", "R4") } else { ("disposal", "D10") };
        tx.prepare_cached(
            "INSERT INTO shipment (id, manifest_no, receiver_id, licence_id, transporter_id, vehicle_plate,
                purpose, method, shipped_at, local_date, recorded_by, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, '粤B12345', ?6, ?7, ?8, ?9, ?10, ?8)",
        )?
        .execute(params![
            shipment_id,
            format!("4403{}{:06}", wednesday.format("%Y"), next()),
            receiver_id,
            licence_id,
            transporter_id,
            purpose,
            method,
            time::to_db(ship_at),
            wednesday.to_string(),
            user
        ])?;
        n.shipments += 1;
        let mut lines = Vec::new();
        for (i, c) in shipped.iter().enumerate() {
            let mid = movement(&tx, c, "out_of_storage", ship_at, wednesday, &user, next())?;
            let line_id = new_id();
            tx.prepare_cached(
                "INSERT INTO shipment_line (id, shipment_id, line_no, batch_code, movement_id, container_id,
                    catalogue_version, code, quantity_g, weight_source)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                line_id,
                shipment_id,
                i as i64 + 1,
                format!("HWWW{}{:07}", wednesday.format("%Y%m%d"), next()),
                mid,
                c.id,
                c.edition,
                c.code,
                c.q,
                if e % 10 == 3 { "estimated" } else { "measured" }
            ])?;
            lines.push((line_id, c.q));
            n.movements += 1;
            n.shipment_lines += 1;
        }
        // Received on Friday, confirmed the next Wednesday; some never, the newest not yet.
        let (received, confirmed) = (monday + Duration::days(4), monday + Duration::days(9));
        if confirmed >= today || e % 97 == 50 {
            continue;
        }
        let receipt_id = new_id();
        let outcome = if e % 13 == 0 { "discrepancy" } else { "confirmed" };
        tx.prepare_cached(
            "INSERT INTO shipment_receipt (id, shipment_id, received_on, confirmed_on, outcome, method, recorded_by,
                recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            receipt_id,
            shipment_id,
            received.to_string(),
            confirmed.to_string(),
            outcome,
            method,
            user,
            time::to_db(at(confirmed, 9, 0))
        ])?;
        for (i, (line_id, q)) in lines.iter().enumerate() {
            let got = if outcome == "discrepancy" && i == 0 { q - q / 100 } else { *q };
            tx.prepare_cached(
                "INSERT INTO shipment_receipt_line (id, receipt_id, line_id, received_g, within_tolerance)
                 VALUES (?1, ?2, ?3, ?4, 1)",
            )?
            .execute(params![new_id(), receipt_id, line_id, got])?;
        }
        n.receipts += 1;
    }
    // General solid waste: generated every working day, out twice a week by route.
    for e in (0..i64::from(weeks)).rev() {
        let monday = current_monday - Duration::weeks(e);
        for d in 0..5i64 {
            let day = monday + Duration::days(d);
            if day >= today {
                continue;
            }
            let s = &sw_streams[(d % 3) as usize];
            let q = 50_000 + (e * 3_571 + d * 7_919) % 900_000;
            sw(&tx, s, "generation", q, None, at(day, 16, 0), day, &user, next())?;
            n.solid_records += 1;
            if d == 1 || d == 4 {
                let route = match (e + d) % 4 {
                    0 | 1 => "recycling",
                    2 => "energy_recovery",
                    _ => "landfill",
                };
                sw(&tx, s, "outbound", q * 2, Some(route), at(day, 17, 0), day, &user, next())?;
                n.solid_records += 1;
            }
        }
    }
    tx.commit()?;
    store.conn().execute_batch("ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);")?;
    n.fill_seconds = start.elapsed().as_secs_f64();
    drop(store);
    n.db_bytes = std::fs::metadata(path)?.len();
    Ok(n)
}

struct Container {
    facility: String,
    id: String,
    code: &'static str,
    edition: &'static str,
    q: i64,
    started: NaiveDate,
}

fn movement(
    tx: &Transaction,
    c: &Container,
    kind: &str,
    at: DateTime<Utc>,
    day: NaiveDate,
    user: &str,
    serial: u64,
) -> Result<String> {
    let id = new_id();
    let prefix = if kind == "into_storage" { "HWRK" } else { "HWCK" };
    tx.prepare_cached(
        "INSERT INTO waste_movement (id, batch_code, kind, facility_id, container_id, catalogue_version, code,
            quantity_g, started_on, moved_at, local_date, recorded_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?10)",
    )?
    .execute(params![
        id,
        format!("{prefix}{}{serial:07}", day.format("%Y%m%d")),
        kind,
        c.facility,
        c.id,
        c.edition,
        c.code,
        c.q,
        c.started.to_string(),
        time::to_db(at),
        day.to_string(),
        user
    ])?;
    Ok(id)
}

#[allow(clippy::too_many_arguments)] // one ledger row
fn sw(
    tx: &Transaction,
    stream: &str,
    kind: &str,
    q: i64,
    route: Option<&str>,
    at: DateTime<Utc>,
    day: NaiveDate,
    user: &str,
    serial: u64,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO sw_record (id, batch_code, kind, stream_id, quantity_g, route, onsite, receiver_name, at,
            local_date, recorded_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?9)",
    )?
    .execute(params![
        new_id(),
        format!("GF{}{serial:07}", day.format("%Y%m%d")),
        kind,
        stream,
        q,
        route,
        route.map(|_| 0),
        if route.is_some() { "再生资源公司" } else { "" },
        time::to_db(at),
        day.to_string(),
        user
    ])?;
    Ok(())
}

fn facilities(store: &mut Store, admin: &plant::Session, now: DateTime<Utc>) -> Result<Vec<String>> {
    use crate::waste::storage::{self, FacilityKind, NewFacility};
    let mut ids = Vec::new();
    for code in ["TS-A", "TS-B"] {
        let f = NewFacility {
            code: code.into(),
            name: code.into(),
            kind: FacilityKind::Store,
            capacity_t: None,
            max_storage_days: None,
        };
        ids.push(storage::add_facility(store, admin, f, now)?.id);
    }
    Ok(ids)
}

/// The receiver (with its licence) and the transporter: (receiver id, licence id, transporter id).
fn counterparties(store: &mut Store, admin: &plant::Session, now: DateTime<Utc>) -> Result<(String, String, String)> {
    let mut ids = Vec::new();
    for (kind, name, ty, cats) in [
        ("receiver", RECEIVER, "comprehensive", vec!["HW08".to_string(), "HW49".into()]),
        ("transporter", TRANSPORTER, "transport", vec![]),
    ] {
        let party = NewCounterparty {
            kind: receiver::CounterpartyKind::parse("kind", kind)?,
            name: name.into(),
            uscc: Some("91350100M000100Y43".into()),
            address: "广东省".into(),
            contact: "李工".into(),
            phone: "0755-0000000".into(),
            region_code: None,
        };
        ids.push(receiver::add_counterparty(store, admin, party, now)?.id);
        let licence = NewLicence {
            counterparty: name.into(),
            licence_no: format!("GD-{ty}"),
            licence_type: receiver::LicenceType::parse("licence_type", ty)?,
            valid_from: "2010-01-01".into(),
            valid_to: "2040-12-31".into(),
            categories: cats,
            codes: vec![],
            methods: vec!["D10".into(), "R4".into()],
            annual_capacity_t: Some("50000".into()),
        };
        receiver::add_licence(store, admin, licence, now)?;
    }
    let licence: String =
        store
            .conn()
            .query_row("SELECT id FROM counterparty_licence WHERE counterparty_id = ?1", [&ids[0]], |r| r.get(0))?;
    Ok((ids[0].clone(), licence, ids[1].clone()))
}

/// The packet content built from a summary (a stand-in for the sync builder's: figures per
/// month part and for the week, details per part).
pub fn content_of(s: &sync::WeekSummary) -> packet::Content {
    let parts: Vec<_> = s
        .parts
        .iter()
        .map(|p| json!({"month": p.month, "from": p.from, "to": p.to, "records": p.records, "figures": p.figures}))
        .collect();
    let details: serde_json::Map<String, serde_json::Value> =
        s.parts.iter().map(|p| (p.month.clone(), json!(p.details))).collect();
    packet::Content {
        indicators: json!({"totals": s.totals, "parts": parts}),
        details: serde_json::Value::Object(details),
        methods: None,
    }
}

/// Builds one plant per entry of `years` in `dir` (fresh files) and times the last complete week
/// in each, `runs` times per measure.
pub fn run_sync(dir: &Path, years: &[u32], per_week: u32, runs: usize, now: DateTime<Utc>) -> Result<SyncBenchReport> {
    std::fs::create_dir_all(dir)?;
    let mut plants = Vec::new();
    for &y in years {
        let path: PathBuf = dir.join(format!("sync-{y}y.sqlite3"));
        let history = history(&path, y, per_week, now)?;
        plants.push(measure(&path, history, runs, now)?);
    }
    Ok(SyncBenchReport { per_week, runs, plants })
}

/// Times the last complete week of the plant at `path`.
pub fn measure(path: &Path, history: HistoryCounts, runs: usize, now: DateTime<Utc>) -> Result<SyncPlantReport> {
    let mut store = Store::open(path)?;
    let key = sync::key::ensure(&mut store, now)?;
    let conn = store.conn();
    let today = plant::today(conn, now)?;
    let week = IsoWeek::of(today).previous();
    let repeat = |f: &mut dyn FnMut() -> Result<()>| -> Result<Timing> {
        let mut samples = Vec::new();
        for _ in 0..runs.max(1) {
            let t = Instant::now();
            f()?;
            samples.push(t.elapsed().as_secs_f64() * 1e3);
        }
        Ok(timing(samples))
    };
    let summary = sync::week_summary(conn, week)?;
    let week_summary = repeat(&mut || sync::week_summary(conn, week).map(|_| ()))?;
    let plausibility_4_weeks = repeat(&mut || {
        let mut previous = Vec::new();
        let mut w = week;
        for _ in 0..sync::week::PREVIOUS_WEEKS {
            w = w.previous();
            previous.push(sync::week_summary(conn, w)?);
        }
        sync::plausibility(&summary, &previous, &[]);
        Ok(())
    })?;
    let alerts = repeat(&mut || crate::alerts::for_plant(conn, today).map(|_| ()))?;
    let input = || packet::PacketInput {
        week: week.to_string(),
        revision: 1,
        reason: None,
        prev_anchor_seq: None,
        content: content_of(&summary),
    };
    let mut packet_bytes = 0;
    let packet_sign = repeat(&mut || {
        packet_bytes = packet::build_with(conn, &key, input(), now)?.bytes.len();
        Ok(())
    })?;
    let admin = plant::users::session_for(store.conn(), "admin")?;
    let notes: Vec<sync::FlagNote> = {
        let mut notes: Vec<sync::FlagNote> = Vec::new();
        for f in sync::preview(store.conn(), week, today)?.flags {
            if !notes.iter().any(|n| n.kind == f.kind) {
                notes.push(sync::FlagNote { kind: f.kind, note: "bench: checked".into() });
            }
        }
        notes
    };
    let request = sync::BuildRequest { week: week.to_string(), reason: None, notes };
    let mut samples = Vec::new();
    for _ in 0..runs.max(1) {
        let tx = store.write_tx()?;
        let t = Instant::now();
        let preview = sync::packets::preview_of(&tx, week, now)?;
        sync::packets::build_in(&tx, &admin, &key, &preview, &request, now)?;
        samples.push(t.elapsed().as_secs_f64() * 1e3);
        drop(tx); // rolled back: every run builds revision 1 of the same week
    }
    let sync_build = timing(samples);
    let conn = store.conn();
    let total_median_ms =
        week_summary.median_ms + plausibility_4_weeks.median_ms + alerts.median_ms + packet_sign.median_ms;
    let mut report_pdf_bytes = 0;
    let report_pdf = repeat(&mut || {
        report_pdf_bytes = report::management_pdf(conn, Period::Week(week), Lang::Zh, today)?.len();
        Ok(())
    })?;
    Ok(SyncPlantReport {
        history,
        week: week.to_string(),
        week_summary,
        plausibility_4_weeks,
        alerts,
        packet_sign,
        sync_build,
        total_median_ms,
        packet_bytes,
        total_with_pdf_median_ms: total_median_ms + report_pdf.median_ms,
        report_pdf,
        report_pdf_bytes,
        totals: summary.totals.iter().map(|f| (f.key.clone(), f.value)).collect(),
    })
}

/// The real `sync::build` of a plant's last `weeks` complete weeks, oldest first (what the
/// schedule does after a long offline period): each week previewed, every flag answered with a
/// note, built, signed, stored and queued; timed per week.
#[derive(Debug, Clone, Serialize)]
pub struct BuildWeeksReport {
    pub weeks: usize,
    pub first_week: String,
    pub last_week: String,
    /// `sync::preview` of the week (what the officer looks at before building), per week.
    pub preview: Timing,
    /// `sync::build` (summary, plausibility, notes, packet, store, outbox row), per week.
    pub build: Timing,
    pub packet_bytes_median: i64,
    pub packet_bytes_max: i64,
    pub packet_bytes_total: i64,
    pub flags_answered: usize,
}

/// Builds the last `weeks` complete weeks of the plant at `path` as its `admin` user.
pub fn build_weeks(path: &Path, weeks: u32, now: DateTime<Utc>) -> Result<BuildWeeksReport> {
    let mut store = Store::open(path)?;
    sync::key::ensure(&mut store, now)?;
    let admin = plant::users::session_for(store.conn(), "admin")?;
    let today = plant::today(store.conn(), now)?;
    let mut week = IsoWeek::of(today).previous();
    let mut order = Vec::new();
    for _ in 0..weeks.max(1) {
        order.push(week);
        week = week.previous();
    }
    order.reverse();
    let (mut samples, mut previews, mut sizes, mut flags_answered) = (Vec::new(), Vec::new(), Vec::new(), 0);
    for w in &order {
        let t = Instant::now();
        let flags = sync::preview(store.conn(), *w, today)?.flags;
        previews.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        let mut notes: Vec<sync::FlagNote> = Vec::new();
        for f in flags {
            flags_answered += 1;
            if !notes.iter().any(|n| n.kind == f.kind) {
                notes.push(sync::FlagNote { kind: f.kind, note: "bench: checked".into() });
            }
        }
        let built =
            sync::build(&mut store, &admin, sync::BuildRequest { week: w.to_string(), reason: None, notes }, now)?;
        samples.push(t.elapsed().as_secs_f64() * 1e3);
        sizes.push(built.bytes);
    }
    let total = sizes.iter().sum();
    let max = sizes.iter().copied().max().unwrap_or(0);
    sizes.sort_unstable();
    Ok(BuildWeeksReport {
        weeks: order.len(),
        first_week: order[0].to_string(),
        last_week: order[order.len() - 1].to_string(),
        preview: timing(previews),
        build: timing(samples),
        packet_bytes_median: sizes[sizes.len() / 2],
        packet_bytes_max: max,
        packet_bytes_total: total,
        flags_answered,
    })
}
