//! The wastewater benchmark (issue 12 item 10), all in one run on fresh files in one folder:
//!
//! 1. One year of 1-minute data (525,600 rows per parameter; COD and flow) imported from a CSV
//!    through the real importer, next to a bare prepared insert of the same readings into the
//!    same table in one transaction (the limit), and next to the `sqlite3` shell's `.import` of
//!    the same CSV into a plain table (when the shell is installed).
//! 2. The same year as an HJ 212 log (525,600 CN=2051 packets) through the real log import.
//! 3. Ten years of hourly data; the monthly loads of one year and of all 120 months.
//! 4. A year of minute data as the chart's decimated series (2,000 buckets).

use super::{timing, Timing};
use crate::error::{Error, Result};
use crate::plant::{self, Jurisdiction, Session, SetupInput};
use crate::water::hj212;
use crate::water::import;
use crate::water::ingest::{self, Batch, BatchKind, Interval, NewReading};
use crate::water::loads;
use crate::water::outfall::{
    self, DischargeMode, Frequency, MonitoringMethod, NewLimit, NewOutfall, NewParam, UnitClass,
};
use crate::water::series;
use crate::Store;
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use rusqlite::params;
use serde::Serialize;
use std::path::Path;
use std::time::Instant;

#[derive(Debug, Clone, Serialize)]
pub struct WaterBenchReport {
    pub minutes: usize,
    pub readings: usize,
    pub csv_bytes: usize,
    /// The real CSV import (read + check + store + day caches + audit), one transaction.
    pub csv_import_ms: f64,
    pub csv_import_rows_per_s: f64,
    /// Bare prepared insert of the same readings into `water_reading`, one transaction.
    pub bare_insert_ms: f64,
    pub bare_insert_rows_per_s: f64,
    /// csv import rate ÷ bare insert rate (target ≥ 0.5).
    pub csv_vs_bare: f64,
    /// `sqlite3 … .import` of the same CSV into a plain table (rows = CSV lines).
    pub sqlite3_import_ms: Option<f64>,
    pub sqlite3_import_rows_per_s: Option<f64>,
    pub hj212_log_bytes: usize,
    pub hj212_import_ms: f64,
    pub hj212_import_rows_per_s: f64,
    pub hj212_vs_bare: f64,
    /// Ten years of hourly COD and flow: the monthly loads of one year (12 months).
    pub monthly_loads_one_year: Timing,
    /// … and of all 120 months.
    pub monthly_loads_ten_years: Timing,
    /// A year of minute data decimated to 2,000 buckets.
    pub series_year_minutes: Timing,
    pub series_points: usize,
}

fn plant_with_outfall(path: &Path, now: DateTime<Utc>) -> Result<(Store, Session)> {
    let mut store = Store::open(path)?;
    let admin = plant::setup(
        &mut store,
        SetupInput {
            plant_code: "WB01".into(),
            plant_name: "Water bench".into(),
            segment: "Bench".into(),
            jurisdiction: Jurisdiction::CN,
            timezone: "Asia/Shanghai".into(),
            admin_username: "admin".into(),
            admin_display_name: "Admin".into(),
            admin_password: "correct horse battery".into(),
        },
        now,
    )?;
    let p = |code: &str, limits: Vec<NewLimit>| NewParam {
        code: code.into(),
        name: None,
        method: MonitoringMethod::Online,
        frequency: Frequency::Continuous,
        factor_code: None,
        limits,
    };
    outfall::add(
        &mut store,
        &admin,
        NewOutfall {
            code: "DW001".into(),
            name: "总排口".into(),
            discharge_mode: DischargeMode::Indirect,
            unit_class: UnitClass::Key,
            receiving: String::new(),
            permit_no: String::new(),
            permit_expires_on: None,
            mn: Some("BENCHMN0001".into()),
            params: vec![
                p(
                    "cod",
                    vec![NewLimit {
                        upper: Some("500".into()),
                        lower: None,
                        months: None,
                        valid_from: "2000-01-01".into(),
                        basis: String::new(),
                    }],
                ),
                p("flow", vec![]),
            ],
        },
        now,
    )?;
    Ok((store, admin))
}

/// A deterministic minute value: COD around 60 mg/L with a daily wave, flow around 8 m³/min.
fn cod_at(i: usize) -> f64 {
    let x = (i % 1440) as f64 / 1440.0 * std::f64::consts::TAU;
    ((60.0 + 25.0 * x.sin() + (i % 7) as f64) * 10.0).round() / 10.0
}

fn flow_at(i: usize) -> f64 {
    ((8.0 + ((i / 60) % 24) as f64 * 0.1) * 1000.0).round() / 1000.0
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

pub fn run_water(dir: &Path, now: DateTime<Utc>) -> Result<WaterBenchReport> {
    std::fs::create_dir_all(dir)?;
    let tz = chrono_tz::Asia::Shanghai;
    let start_local = NaiveDate::from_ymd_opt(2025, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .ok_or_else(|| Error::Internal("date".into()))?;
    let start =
        tz.from_local_datetime(&start_local).earliest().ok_or_else(|| Error::Internal("tz".into()))?.timestamp();
    let minutes = 525_600usize;

    // The CSV (wide: time, cod, flow) and the same readings for the bare insert.
    let mut csv = String::with_capacity(minutes * 40);
    csv.push_str("时间,cod,flow\n");
    for i in 0..minutes {
        let t = start_local + Duration::minutes(i as i64);
        csv.push_str(&format!("{},{},{}\n", t.format("%Y-%m-%d %H:%M"), cod_at(i), flow_at(i)));
    }
    let csv_path = dir.join("minutes.csv");
    std::fs::write(&csv_path, &csv)?;

    // 1a. The real import.
    let db1 = dir.join("csv.sqlite3");
    let _ = std::fs::remove_file(&db1);
    let (mut store, admin) = plant_with_outfall(&db1, now)?;
    let t = Instant::now();
    let bytes = std::fs::read(&csv_path)?;
    let r =
        import::file(&mut store, &admin, "minutes.csv", &bytes, Some("DW001"), Interval::Minute, now, &mut |_, _| {
            true
        })?;
    let csv_import_ms = ms(t);
    let readings = r.batch.accepted as usize;

    // 4. The series of the year, decimated (on this file).
    let cod_id: String = store.conn().query_row("SELECT id FROM water_param WHERE code = 'cod'", [], |r| r.get(0))?;
    let (from, to) = (
        NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default(),
        NaiveDate::from_ymd_opt(2025, 12, 31).unwrap_or_default(),
    );
    let mut samples = Vec::new();
    let mut series_points = 0;
    for _ in 0..20 {
        let t = Instant::now();
        let s = series::series(store.conn(), &cod_id, from, to, 2000)?;
        samples.push(ms(t));
        series_points = s.x.len();
    }
    let series_year_minutes = timing(samples);
    drop(store);

    // 1b. The bare insert of the same readings into the same table of a fresh plant.
    let db2 = dir.join("bare.sqlite3");
    let _ = std::fs::remove_file(&db2);
    let (mut store, _) = plant_with_outfall(&db2, now)?;
    let (cod_n, flow_n): (i64, i64) = store.conn().query_row(
        "SELECT (SELECT n FROM water_param WHERE code = 'cod'), (SELECT n FROM water_param WHERE code = 'flow')",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    store.conn().execute(
        "INSERT INTO water_batch (id, n, kind, source, accepted, rejected, created_at, created_by)
         SELECT 'bench', 1, 'csv', 'bare', 0, 0, '2025-01-01T00:00:00Z', id FROM app_user LIMIT 1",
        [],
    )?;
    let t = Instant::now();
    {
        let tx = store.write_tx()?;
        {
            let mut ins = tx.prepare(
                "INSERT INTO water_reading (batch, param, interval, at, value, below_dl, flag, method) VALUES (1, ?1, 'minute', ?2, ?3, 0, 'N', NULL)",
            )?;
            for i in 0..minutes {
                let at = start + i as i64 * 60;
                ins.execute(params![cod_n, at, cod_at(i)])?;
                ins.execute(params![flow_n, at, flow_at(i)])?;
            }
        }
        tx.commit()?;
    }
    let bare_insert_ms = ms(t);
    drop(store);

    // 1c. sqlite3's .import of the same CSV.
    let db3 = dir.join("shell.sqlite3");
    let _ = std::fs::remove_file(&db3);
    let t = Instant::now();
    let shell = std::process::Command::new("sqlite3")
        .arg(&db3)
        .arg(format!(".import --csv {} minutes", csv_path.display()))
        .output();
    let sqlite3_import_ms = match shell {
        Ok(o) if o.status.success() => Some(ms(t)),
        _ => None,
    };

    // 2. The HJ 212 log of the same year (CN=2051 minute packets).
    let mut log = String::with_capacity(minutes * 200);
    for i in 0..minutes {
        let tl = start_local + Duration::minutes(i as i64);
        let data = format!(
            "QN={}000;ST=32;CN=2051;PW=123456;MN=BENCHMN0001;Flag=4;CP=&&DataTime={};w01018-Avg={},w01018-Flag=N;w00000-Cou={},w00000-Flag=N&&",
            tl.format("%Y%m%d%H%M%S"),
            tl.format("%Y%m%d%H%M%S"),
            cod_at(i),
            flow_at(i)
        );
        log.push_str(&format!("##{:04}{data}{:04X}\r\n", data.len(), hj212::crc16(data.as_bytes())));
    }
    let db4 = dir.join("hj212.sqlite3");
    let _ = std::fs::remove_file(&db4);
    let (mut store, admin) = plant_with_outfall(&db4, now)?;
    let t = Instant::now();
    let r = import::hj212_log(&mut store, &admin, "minutes.log", log.as_bytes(), now, &mut |_, _| true)?;
    let hj212_import_ms = ms(t);
    let hj212_rows = r.batch.accepted as usize;
    drop(store);

    // 3. Ten years of hourly data (through the ingestion, so the day caches are real).
    let db5 = dir.join("ten-years.sqlite3");
    let _ = std::fs::remove_file(&db5);
    let (mut store, admin) = plant_with_outfall(&db5, now)?;
    let (cod_n, flow_n): (i64, i64) = store.conn().query_row(
        "SELECT (SELECT n FROM water_param WHERE code = 'cod'), (SELECT n FROM water_param WHERE code = 'flow')",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let start10 = tz
        .from_local_datetime(
            &NaiveDate::from_ymd_opt(2016, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0)).unwrap_or_default(),
        )
        .earliest()
        .map_or(0, |d| d.timestamp());
    for year in 0..10 {
        let mut b = Batch { kind: Some(BatchKind::Csv), source: format!("year {year}"), ..Default::default() };
        for h in 0..8784usize {
            let at = start10 + ((year * 8784 + h) as i64) * 3600;
            let reading = |param, value| NewReading {
                param,
                interval: Interval::Hour,
                at,
                value,
                below_dl: false,
                flag: hj212::DataFlag::Normal,
                method: None,
            };
            b.readings.push(reading(cod_n, cod_at(h * 60)));
            b.readings.push(reading(flow_n, flow_at(h * 60) * 60.0));
        }
        let tx = store.write_tx()?;
        ingest::store(&tx, &admin.user_id, b, tz, now)?;
        tx.commit()?;
    }
    let mut one = Vec::new();
    let mut ten = Vec::new();
    for _ in 0..10 {
        let t = Instant::now();
        let m = loads::monthly(store.conn(), 2025, None, None)?;
        one.push(ms(t));
        if m.len() != 12 {
            return Err(Error::Internal("12 months expected".into()));
        }
        let t = Instant::now();
        for y in 2016..2026 {
            loads::monthly(store.conn(), y, None, None)?;
        }
        ten.push(ms(t));
    }

    let rate = |n: usize, ms: f64| n as f64 / (ms / 1000.0);
    let csv_rate = rate(readings, csv_import_ms);
    let bare_rate = rate(minutes * 2, bare_insert_ms);
    let hj_rate = rate(hj212_rows, hj212_import_ms);
    Ok(WaterBenchReport {
        minutes,
        readings,
        csv_bytes: csv.len(),
        csv_import_ms,
        csv_import_rows_per_s: csv_rate,
        bare_insert_ms,
        bare_insert_rows_per_s: bare_rate,
        csv_vs_bare: csv_rate / bare_rate,
        sqlite3_import_ms,
        sqlite3_import_rows_per_s: sqlite3_import_ms.map(|m| rate(minutes, m)),
        hj212_log_bytes: log.len(),
        hj212_import_ms,
        hj212_import_rows_per_s: hj_rate,
        hj212_vs_bare: hj_rate / bare_rate,
        monthly_loads_one_year: timing(one),
        monthly_loads_ten_years: timing(ten),
        series_year_minutes,
        series_points,
    })
}
