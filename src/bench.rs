//! Synthetic data and measurements for `BENCHMARKS.md` (run through `ehs-ledger bench …`).
//!
//! [`generate`] writes N plant databases × Y years of generation entries with bare prepared
//! inserts in one transaction per plant (a fixture, so these rows carry no audit rows).
//! [`run`] measures, in one process and one run: the insert rate through the core (validation +
//! audit, one transaction per entry, like a form save) against a bare prepared insert into the
//! same table (also one transaction per entry), and the ledger's first page over a large table.

use crate::db::Store;
use crate::error::Result;
use crate::plant::{self, Jurisdiction, SetupInput};
use crate::units::MassUnit;
use crate::waste::generation::{self, GenerationInput, LedgerQuery, LedgerSort};
use crate::waste::stream::{self, NewStream, PhysicalForm};
use crate::{new_id, time};
use chrono::{DateTime, Duration, Utc};
use rusqlite::params;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Instant;

mod hazards;
mod hq;
mod sync;
mod water;
pub mod workload;
pub use hazards::{run_hazards, HazardBenchReport};
pub use hq::{run_hq, HqBenchReport};
pub use sync::{
    build_weeks, history, measure, run_sync, BuildWeeksReport, HistoryCounts, SyncBenchReport, SyncPlantReport,
};
pub use water::{run_water, WaterBenchReport};

const CODES: &[&str] = &["900-249-08", "900-006-09", "900-252-12", "900-039-49", "900-041-49", "900-045-49"];

/// Creates a plant with an admin and one stream per code; returns (admin user id, stream ids).
fn plant_fixture(
    store: &mut Store,
    code: &str,
    now: DateTime<Utc>,
) -> Result<(crate::plant::Session, Vec<(String, &'static str)>)> {
    let admin = plant::setup(
        store,
        SetupInput {
            plant_code: code.into(),
            plant_name: format!("Bench plant {code}"),
            segment: "bench".into(),
            jurisdiction: Jurisdiction::CN,
            timezone: "Asia/Shanghai".into(),
            admin_username: "admin".into(),
            admin_display_name: "Admin".into(),
            admin_password: "bench-password".into(),
        },
        now,
    )?;
    let mut streams = Vec::new();
    for c in CODES {
        let s = stream::add(
            store,
            &admin,
            NewStream { name: format!("stream {c}"), code: (*c).into(), physical_form: PhysicalForm::Solid },
            now,
        )?;
        streams.push((s.id, *c));
    }
    Ok((admin, streams))
}

/// Bulk-inserts `n` entries spread evenly over the `span` seconds before `now` (bare, one transaction).
fn bulk_fill(
    store: &mut Store,
    user_id: &str,
    streams: &[(String, &'static str)],
    n: u64,
    span: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    fill(store, user_id, streams, n, span, now, false)
}

/// As [`bulk_fill`]; `audited` gives every entry its audit row through `audit::record` (as the
/// core's writers do), committing every 50,000 entries.
fn fill(
    store: &mut Store,
    user_id: &str,
    streams: &[(String, &'static str)],
    n: u64,
    span: i64,
    now: DateTime<Utc>,
    audited: bool,
) -> Result<()> {
    const CHUNK: u64 = 50_000;
    const INSERT: &str = "INSERT INTO waste_generation (id, batch_code, stream_id, catalogue_version, code, quantity_g,
            entered_unit, container_id, storage_area, generated_at, generated_local_date, recorded_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'kg', ?7, 'A1', ?8, ?9, ?10, ?11)";
    let tz = plant::require(store.conn())?.tz()?;
    let mut tx = store.write_tx()?;
    let start = now - Duration::seconds(span);
    let mut serial_day = String::new();
    let mut serial = 0u32;
    for i in 0..n {
        let at = start + Duration::seconds((span as u128 * u128::from(i) / u128::from(n.max(1))) as i64);
        let local = time::local_date(at, tz);
        let day = local.format("%Y%m%d").to_string();
        if day != serial_day {
            serial_day = day;
            serial = 0;
        }
        serial += 1;
        let (sid, code) = &streams[(i % streams.len() as u64) as usize];
        let version = crate::waste::catalogue::edition_for(local);
        let id = new_id();
        tx.prepare_cached(INSERT)?.execute(params![
            &id,
            format!("HWCS{serial_day}{serial:03}"),
            sid,
            version,
            code,
            1_000 + (i * 7919 % 900_000) as i64,
            format!("C-{i:07}"),
            time::to_db(at),
            local.to_string(),
            user_id,
            time::to_db(now)
        ])?;
        if audited {
            let t = "waste_generation";
            crate::audit::record(&tx, now, user_id, crate::audit::Action::Insert, t, &id, None, None)?;
            if (i + 1) % CHUNK == 0 {
                tx.commit()?;
                tx = store.write_tx()?;
            }
        }
    }
    tx.commit()?;
    Ok(())
}

/// Writes `plants` databases `plant-NN.sqlite3` into `dir`, each with `years` × `per_year` entries.
pub fn generate(dir: &Path, plants: u32, years: u32, per_year: u64, now: DateTime<Utc>) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut out = Vec::new();
    for p in 0..plants {
        let path = dir.join(format!("plant-{p:02}.sqlite3"));
        let mut store = Store::open(&path)?;
        let (admin, streams) = plant_fixture(&mut store, &format!("BENCH-{p:02}"), now)?;
        bulk_fill(
            &mut store,
            &admin.user_id,
            &streams,
            per_year * u64::from(years),
            i64::from(years.max(1)) * 365 * 86_400,
            now,
        )?;
        out.push(path);
    }
    Ok(out)
}

/// What the storage benchmark measured.
#[derive(Debug, Clone, Serialize)]
pub struct StorageBenchReport {
    pub movements: u64,
    pub containers_in_stock: i64,
    pub fill_seconds: f64,
    pub balances_now: Timing,
    pub balances_one_year_ago: Timing,
    /// The same balance grouped from the movements themselves (the query before the caches).
    pub balances_by_scan_now: Timing,
    pub oldest_20_containers: Timing,
    pub alerts: Timing,
}

/// Builds a plant with three facilities and `movements` storage movements over ten years
/// (each container in, and — except the last ~2 %, still in stock — out 30 days later), then
/// times the balance and oldest-container queries; `balances_by_scan_now` is the same balance
/// grouped from the movements themselves (the pre-cache query), for comparison in the same run.
pub fn run_storage(path: &Path, movements: u64, now: DateTime<Utc>) -> Result<StorageBenchReport> {
    use crate::waste::storage::rules::StorageLimits;
    use crate::waste::storage::{self, FacilityKind, NewFacility};
    let mut store = Store::open(path)?;
    let (admin, _streams) = plant_fixture(&mut store, "BENCH-S", now)?;
    let mut fac_ids = Vec::new();
    for (code, kind) in [("TS-A", FacilityKind::Store), ("TS-B", FacilityKind::Store), ("PT-1", FacilityKind::Point)] {
        let f = storage::add_facility(
            &mut store,
            &admin,
            NewFacility { code: code.into(), name: code.into(), kind, capacity_t: None, max_storage_days: None },
            now,
        )?;
        fac_ids.push(f.id);
    }
    let tz = plant::require(store.conn())?.tz()?;
    // Every 50th container stays in stock (one movement), the rest move twice: 99 per 50.
    let containers = (movements * 50).div_ceil(99);
    let span = 10 * 365 * 86_400i64;
    let t = Instant::now();
    let tx = store.write_tx()?;
    {
        let mut stmt = tx.prepare(
            "INSERT INTO waste_movement (id, batch_code, kind, facility_id, container_id, catalogue_version, code,
                quantity_g, started_on, moved_at, local_date, recorded_by, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, '2025', ?6, ?7, ?8, ?9, ?10, ?11, ?9)",
        )?;
        let mut written = 0u64;
        for i in 0..containers {
            let at = now
                - Duration::days(31)
                - Duration::seconds(span - (span as u128 * u128::from(i) / u128::from(containers)) as i64);
            let day = time::local_date(at, tz);
            let fac = &fac_ids[(i % 3) as usize];
            let code = CODES[(i % CODES.len() as u64) as usize];
            let q = 1_000 + (i * 7919 % 900_000) as i64;
            let cid = format!("C-{i:08}");
            stmt.execute(params![
                new_id(),
                format!("BIN{i:09}"),
                "into_storage",
                fac,
                cid,
                code,
                q,
                day.to_string(),
                time::to_db(at),
                day.to_string(),
                admin.user_id
            ])?;
            written += 1;
            // About 2 % stay in stock (every 50th container), the rest leave after 30 days.
            if i % 50 != 0 && written < movements {
                let out = at + Duration::days(30);
                let od = time::local_date(out, tz).to_string();
                stmt.execute(params![
                    new_id(),
                    format!("BOUT{i:09}"),
                    "out_of_storage",
                    fac,
                    cid,
                    code,
                    q,
                    day.to_string(),
                    time::to_db(out),
                    od,
                    admin.user_id
                ])?;
                written += 1;
            }
        }
    }
    tx.commit()?;
    let fill_seconds = t.elapsed().as_secs_f64();
    store.conn().execute_batch("ANALYZE")?;
    let conn = store.conn();
    let total: i64 = conn.query_row("SELECT count(*) FROM waste_movement", [], |r| r.get(0))?;
    let today = time::local_date(now, tz);
    let year_ago = today - Duration::days(365);
    let repeat = |f: &dyn Fn() -> Result<()>| -> Result<Timing> {
        let mut samples = Vec::new();
        for _ in 0..21 {
            let t = Instant::now();
            f()?;
            samples.push(t.elapsed().as_secs_f64() * 1e3);
        }
        Ok(timing(samples))
    };
    let in_stock: i64 =
        conn.query_row("SELECT count(*) FROM waste_container_stock WHERE stock_g > 0", [], |r| r.get(0))?;
    Ok(StorageBenchReport {
        movements: total as u64,
        containers_in_stock: in_stock,
        fill_seconds,
        balances_now: repeat(&|| storage::balances(conn, None).map(|_| ()))?,
        balances_one_year_ago: repeat(&|| storage::balances(conn, Some(year_ago)).map(|_| ()))?,
        balances_by_scan_now: repeat(&|| {
            let mut stmt = conn.prepare_cached(
                "SELECT f.code, c.code, sum(c.stock), count(*) FROM (
                     SELECT facility_id, container_id, code,
                            sum(CASE kind WHEN 'into_storage' THEN quantity_g ELSE -quantity_g END) AS stock
                     FROM waste_movement GROUP BY facility_id, container_id, code
                 ) c JOIN storage_facility f ON f.id = c.facility_id
                 WHERE c.stock <> 0 GROUP BY f.code, c.code",
            )?;
            let n = stmt.query_map([], |r| r.get::<_, i64>(2))?.count();
            debug_assert!(n > 0);
            Ok(())
        })?,
        oldest_20_containers: repeat(&|| storage::oldest_containers(conn, 20, today, StorageLimits::CN).map(|_| ()))?,
        alerts: repeat(&|| storage::alerts(conn, today, StorageLimits::CN).map(|_| ()))?,
    })
}

/// Timing summary of repeated runs, in milliseconds.
#[derive(Debug, Clone, Serialize)]
pub struct Timing {
    pub runs: usize,
    pub median_ms: f64,
    pub p95_ms: f64,
    pub max_ms: f64,
}

fn timing(mut samples: Vec<f64>) -> Timing {
    samples.sort_by(|a, b| a.total_cmp(b));
    let pick = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
    Timing { runs: samples.len(), median_ms: pick(0.5), p95_ms: pick(0.95), max_ms: pick(1.0) }
}

#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    pub inserts_per_side: u64,
    pub core_record_per_s: f64,
    pub bare_insert_per_s: f64,
    pub core_over_bare: f64,
    pub ledger_entries: u64,
    pub fill_seconds: f64,
    pub first_page_default: Timing,
    pub first_page_one_month: Timing,
    pub first_page_stream: Timing,
    pub first_page_quantity_desc: Timing,
    pub db_bytes: u64,
}

/// Runs the benchmark in a fresh database at `path` (which must not exist).
pub fn run(path: &Path, inserts: u64, entries: u64, now: DateTime<Utc>) -> Result<BenchReport> {
    let mut store = Store::open(path)?;
    let (admin, streams) = plant_fixture(&mut store, "BENCH", now)?;

    // 1. Core record (validation + batch code + audit, one transaction each).
    let t = Instant::now();
    for i in 0..inserts {
        generation::record(
            &mut store,
            &admin,
            GenerationInput {
                stream_id: Some(streams[(i % streams.len() as u64) as usize].0.clone()),
                code: None,
                quantity: format!("{}.{:03}", 10 + i % 500, i % 1000),
                unit: MassUnit::Kg,
                container_id: format!("CORE-{i:06}"),
                storage_area: "A1".into(),
                generated_at_local: None,
                details: Default::default(),
            },
            now,
        )?;
    }
    let core_s = t.elapsed().as_secs_f64();

    // 2. Bare prepared insert into the same table, one transaction (autocommit) each.
    let t = Instant::now();
    {
        let conn = store.conn();
        let mut stmt = conn.prepare(
            "INSERT INTO waste_generation (id, batch_code, stream_id, catalogue_version, code, quantity_g, entered_unit,
                container_id, storage_area, generated_at, generated_local_date, recorded_by, recorded_at)
             VALUES (?1, ?2, ?3, '2025', ?4, ?5, 'kg', ?6, 'A1', ?7, ?9, ?8, ?7)",
        )?;
        let at = time::to_db(now);
        let day = time::local_date(now, plant::require(conn)?.tz()?).to_string();
        for i in 0..inserts {
            let (sid, code) = &streams[(i % streams.len() as u64) as usize];
            stmt.execute(params![
                new_id(),
                format!("BARE{i:09}"),
                sid,
                code,
                10_000 + i as i64,
                format!("BARE-{i:06}"),
                at,
                admin.user_id,
                day
            ])?;
        }
    }
    let bare_s = t.elapsed().as_secs_f64();

    // 3. Fill to `entries` and time the first page.
    let t = Instant::now();
    let have = inserts * 2;
    bulk_fill(
        &mut store,
        &admin.user_id,
        &streams,
        entries.saturating_sub(have),
        10 * 365 * 86_400,
        now - Duration::days(1),
    )?;
    let fill_seconds = t.elapsed().as_secs_f64();
    store.conn().execute_batch("ANALYZE")?;

    let month_end = time::local_date(now, chrono_tz::Asia::Shanghai);
    let month_start = month_end - Duration::days(30);
    let queries = [
        LedgerQuery::default(),
        LedgerQuery {
            from_date: Some(month_start.to_string()),
            to_date: Some(month_end.to_string()),
            ..LedgerQuery::default()
        },
        LedgerQuery { stream_id: Some(streams[2].0.clone()), ..LedgerQuery::default() },
        LedgerQuery { sort: LedgerSort::QuantityDesc, ..LedgerQuery::default() },
    ];
    let mut timings = Vec::new();
    for q in &queries {
        let mut samples = Vec::new();
        for _ in 0..21 {
            let t = Instant::now();
            let page = generation::list(store.conn(), q)?;
            samples.push(t.elapsed().as_secs_f64() * 1e3);
            debug_assert!(!page.rows.is_empty());
        }
        timings.push(timing(samples));
    }
    let total: i64 = store.conn().query_row("SELECT count(*) FROM waste_generation", [], |r| r.get(0))?;
    drop(store);
    let db_bytes = std::fs::metadata(path)?.len();
    let mut it = timings.into_iter();
    let mut next = || it.next().unwrap_or_else(|| timing(vec![f64::NAN]));
    Ok(BenchReport {
        inserts_per_side: inserts,
        core_record_per_s: inserts as f64 / core_s,
        bare_insert_per_s: inserts as f64 / bare_s,
        core_over_bare: core_s / bare_s,
        ledger_entries: total as u64,
        fill_seconds,
        first_page_default: next(),
        first_page_one_month: next(),
        first_page_stream: next(),
        first_page_quantity_desc: next(),
        db_bytes,
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportBenchReport {
    pub month_rows: u64,
    /// Reading the month's tables from the database alone (the comparison: what rendering adds).
    pub tables_ms: Timing,
    pub xlsx_ms: Timing,
    pub xlsx_bytes: usize,
    pub pdf_rows: u64,
    pub pdf_ms: Timing,
    pub pdf_bytes: usize,
    pub pdf_pages_estimate: usize,
    /// The 记录表 screen: B.1 over the year up to `now` (both months' rows), first 2,000 rows.
    pub view_year_rows: u32,
    pub view_year_ms: Timing,
    /// The same, narrowed to one code.
    pub view_year_code_ms: Timing,
}

/// The month's ledger export: `month_rows` generation entries in one month to xlsx, and a
/// month of `pdf_rows` entries to PDF (5 runs each, in a fresh database at `path`).
pub fn run_export(path: &Path, month_rows: u64, pdf_rows: u64, now: DateTime<Utc>) -> Result<ExportBenchReport> {
    use crate::waste::export::{self, Format, Period};
    let mut store = Store::open(path)?;
    let (admin, streams) = plant_fixture(&mut store, "BENCH", now)?;
    // Month A (the previous 28 days up to `now`): month_rows; month B, a year earlier: pdf_rows.
    let tz = plant::require(store.conn())?.tz()?;
    let year_ago = now - Duration::days(365);
    bulk_fill(&mut store, &admin.user_id, &streams, pdf_rows, 20 * 86_400, year_ago)?;
    bulk_fill(&mut store, &admin.user_id, &streams, month_rows, 20 * 86_400, now)?;
    let month = |t: DateTime<Utc>| {
        Period::month("month", &time::local_date(t - Duration::days(10), tz).format("%Y-%m").to_string())
    };
    let (ma, mb) = (month(now)?, month(year_ago)?);
    let rows_in = |m: &Period| -> Result<i64> {
        Ok(store.conn().query_row(
            "SELECT count(*) FROM waste_generation WHERE generated_local_date BETWEEN ?1 AND ?2",
            params![m.first.to_string(), m.last.to_string()],
            |r| r.get(0),
        )?)
    };
    let (na, nb) = (rows_in(&ma)?, rows_in(&mb)?);
    let mut ts = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        export::ledger_tables(store.conn(), &ma)?;
        ts.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let mut xs = Vec::new();
    let mut xlsx_bytes = 0;
    for _ in 0..5 {
        let t = Instant::now();
        xlsx_bytes = export::ledger(store.conn(), &ma, Format::Xlsx, &mut |_, _| true)?.len();
        xs.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let mut ps = Vec::new();
    let mut pdf = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        pdf = export::ledger(store.conn(), &mb, Format::Pdf, &mut |_, _| true)?;
        ps.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let pages = pdf.windows(10).filter(|w| w == b"/Type /Page" || w == b"/Type/Page").count();
    let year = Period::between(&mb.first.to_string(), &time::local_date(now, tz).to_string())?;
    let code: String =
        store.conn().query_row("SELECT code FROM waste_generation ORDER BY rowid LIMIT 1", [], |r| r.get(0))?;
    let mut vs = Vec::new();
    let mut view_year_rows = 0;
    for _ in 0..5 {
        let t = Instant::now();
        view_year_rows =
            export::ledger_view(store.conn(), &year, export::LedgerTable::B1Generation, None, export::VIEW_ROW_LIMIT)?
                .total_rows;
        vs.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let mut cs = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        export::ledger_view(
            store.conn(),
            &year,
            export::LedgerTable::B1Generation,
            Some(&code),
            export::VIEW_ROW_LIMIT,
        )?;
        cs.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    Ok(ExportBenchReport {
        month_rows: na as u64,
        tables_ms: timing(ts),
        xlsx_ms: timing(xs),
        xlsx_bytes,
        pdf_rows: nb as u64,
        pdf_ms: timing(ps),
        pdf_bytes: pdf.len(),
        pdf_pages_estimate: pages,
        view_year_rows,
        view_year_ms: timing(vs),
        view_year_code_ms: timing(cs),
    })
}

/// What the verify benchmark measured.
#[derive(Debug, Clone, Serialize)]
pub struct VerifyBenchReport {
    pub entries: i64,
    pub audit_rows: i64,
    pub fill_seconds: f64,
    pub db_bytes: u64,
    /// `audit::verify`: the whole hash chain.
    pub chain: Timing,
    /// `audit::verify_records`: every record against its latest audit row.
    pub records: Timing,
    /// The derived caches re-derived (`check_day_totals` + `storage::totals::check`).
    pub caches: Timing,
    /// The start-up check: `verify_tail` + `verify_recent_records` over the newest `recent` rows.
    pub recent: u32,
    pub startup: Timing,
}

/// Builds (unless `path` exists) a plant whose `entries` generation entries each have their
/// audit row, as the core writes them, then times each part of `audit verify` `runs` times.
pub fn run_verify(
    path: &Path,
    entries: u64,
    recent: u32,
    runs: usize,
    now: DateTime<Utc>,
) -> Result<VerifyBenchReport> {
    use crate::audit;
    let mut fill_seconds = 0.0;
    if !path.exists() {
        let mut store = Store::open(path)?;
        let (admin, streams) = plant_fixture(&mut store, "BENCH-V", now)?;
        let t = Instant::now();
        fill(&mut store, &admin.user_id, &streams, entries, 10 * 365 * 86_400, now - Duration::days(1), true)?;
        store.conn().execute_batch("ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);")?;
        fill_seconds = t.elapsed().as_secs_f64();
    }
    let store = Store::open(path)?;
    let conn = store.conn();
    let repeat = |f: &dyn Fn() -> Result<bool>| -> Result<Timing> {
        let mut samples = Vec::new();
        for _ in 0..runs.max(1) {
            let t = Instant::now();
            if !f()? {
                return Err(crate::Error::Internal("the bench file does not verify clean".into()));
            }
            samples.push(t.elapsed().as_secs_f64() * 1e3);
        }
        Ok(timing(samples))
    };
    let chain = repeat(&|| Ok(audit::verify(conn)?.first_broken.is_none()))?;
    let records = repeat(&|| Ok(audit::verify_records(conn)?.first_difference.is_none()))?;
    let caches = repeat(&|| {
        Ok(generation::check_day_totals(conn)?.is_none()
            && crate::waste::storage::totals::check(conn)?.is_none()
            && crate::waste::shipment::check_unconfirmed(conn)?.is_none())
    })?;
    let startup = repeat(&|| {
        Ok(audit::verify_tail(conn, i64::from(recent))?.first_broken.is_none()
            && audit::verify_recent_records(conn, i64::from(recent))?.first_difference.is_none())
    })?;
    let count = |sql: &str| -> Result<i64> { Ok(conn.query_row(sql, [], |r| r.get(0))?) };
    Ok(VerifyBenchReport {
        entries: count("SELECT count(*) FROM waste_generation")?,
        audit_rows: count("SELECT max(seq) FROM audit_log")?,
        fill_seconds,
        db_bytes: std::fs::metadata(path)?.len(),
        chain,
        records,
        caches,
        recent,
        startup,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Guards the export benchmark's bookkeeping on a tiny run: the year view counts both
    /// months' rows, and the documents are produced.
    /// Guards the verify benchmark on a tiny run: the audited fill verifies clean through every
    /// part it times (it refuses to time a file that does not).
    #[test]
    fn the_verify_benchmark_fills_an_audited_file_that_verifies_clean() {
        let dir = tempfile::tempdir().unwrap();
        let r = run_verify(&dir.path().join("v.sqlite3"), 120, 50, 1, Utc::now()).unwrap();
        assert_eq!(r.entries, 120);
        assert_eq!(r.audit_rows, 120 + 3 + 6, "entries + plant + plant key + admin + six streams");
    }

    #[test]
    fn the_export_benchmark_measures_what_it_reports() {
        let dir = tempfile::tempdir().unwrap();
        let now = Utc::now();
        let r = run_export(&dir.path().join("b.sqlite3"), 40, 30, now).unwrap();
        assert!(r.month_rows > 0 && r.pdf_rows > 0, "{r:?}");
        assert!(u64::from(r.view_year_rows) >= r.month_rows + r.pdf_rows && r.view_year_rows <= 70, "{r:?}");
        assert!(r.xlsx_bytes > 0 && r.pdf_bytes > 0);
    }
}
