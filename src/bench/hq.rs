//! The HQ benchmark (issue 11 item 10): 1,000 registered plants × 52 signed weekly packets of a
//! year (realistic bodies: every waste indicator by month part, ten HW codes with manifests, six
//! solid-waste codes), imported and verified in one run — signatures one by one on one thread
//! against spread over every core, in the same run on fresh copies of the same registry — then
//! the appendix over them and the grid's first page. Ed25519 batch verification of the same
//! signatures is timed beside it (the import keeps strict one-by-one verification: batch
//! verification is not strict about small-order points; see BENCHMARKS.md).

use super::{timing, Timing};
use crate::error::Result;
use crate::hq::{self, appendix, grid, import, registry};
use crate::plant::Session;
use crate::sync::key::{self, PlantKey, PublicKeyInfo};
use crate::sync::packet::{self, Body, Provenance};
use crate::sync::IsoWeek;
use crate::{time, Store};
use chrono::{DateTime, Utc};
use ed25519_dalek::SigningKey;
use serde::Serialize;
use serde_json::{json, Value};
use std::path::Path;
use std::time::Instant;

#[derive(Debug, Clone, Serialize)]
pub struct HqBenchReport {
    pub plants: u32,
    pub weeks: u32,
    pub packets: usize,
    pub packet_bytes_mean: usize,
    pub threads: usize,
    /// Import + verify + store, signatures one by one on one thread.
    pub import_one_by_one_ms: f64,
    /// The same on a fresh copy, checks spread over every core.
    pub import_all_cores_ms: f64,
    pub accepted: usize,
    /// Signatures alone: strict one by one, one thread.
    pub signatures_one_by_one_ms: f64,
    /// Signatures alone: `ed25519_dalek::verify_batch` in chunks over every core.
    pub signatures_batch_all_cores_ms: f64,
    pub appendix: Timing,
    pub grid_first_page: Timing,
    pub db_bytes: u64,
}

fn plant_key(seed: u32) -> PlantKey {
    let mut secret = [7u8; 32];
    secret[..4].copy_from_slice(&seed.to_be_bytes());
    let signing = SigningKey::from_bytes(&secret);
    let v = signing.verifying_key();
    let info = PublicKeyInfo {
        algorithm: key::ALGORITHM.into(),
        fingerprint: key::fingerprint(&v),
        public_key_b64: String::new(),
        created_at: String::new(),
    };
    PlantKey { signing, info }
}

fn body(code: &str, week: IsoWeek, n: u32, generated_at: &str) -> Body {
    let parts = week.month_parts();
    let figures: &[(&str, &str, i64)] = &[
        ("hw_generated_g", "g", 120_000),
        ("hw_shipped_utilisation_g", "g", 40_000),
        ("hw_shipped_disposal_g", "g", 70_000),
        ("hw_own_use_g", "g", 0),
        ("hw_own_disposal_g", "g", 0),
        ("nhw_generated_g", "g", 2_500_000),
        ("nhw_diverted_g", "g", 2_000_000),
        ("nhw_disposal_g", "g", 500_000),
        ("nhw_landfill_g", "g", 100_000),
    ];
    let mut indicators: Vec<Value> = figures
        .iter()
        .map(|(k, u, base)| {
            let v = base + i64::from(n % 97) * 1_013;
            let ps: Vec<Value> = parts.iter().map(|(m, ..)| json!({"month": m, "value": v})).collect();
            json!({"key": k, "unit": u, "method": "measured", "value": v * parts.len() as i64, "parts": ps})
        })
        .collect();
    for (k, u, v) in [("headcount_full_time", "persons", 800 + i64::from(n % 50)), ("headcount_total", "persons", 900)]
    {
        let ps: Vec<Value> = parts.iter().map(|(m, ..)| json!({"month": m, "value": v})).collect();
        indicators.push(json!({"key": k, "unit": u, "method": "measured", "value": v, "parts": ps}));
    }
    let hw: Vec<Value> = (0..10)
        .map(|i| json!({"code": format!("900-0{:02}-49", 40 + i), "generated_g": 12_000 + i, "manifests": [format!("32010{:09}", n * 10 + i)]}))
        .collect();
    let sw: Vec<Value> =
        (0..6).map(|i| json!({"code": format!("900-001-S{:02}", 10 + i), "quantity_g": 400_000 + i})).collect();
    Body {
        schema_version: packet::SCHEMA_VERSION,
        plant_code: code.into(),
        week: week.to_string(),
        revision: 1,
        reason: None,
        generated_at: generated_at.into(),
        indicators: Value::Array(indicators),
        details: json!({"waste": {"hw_codes": hw, "solid_waste": sw}}),
        provenance: Provenance {
            app_version: "bench".into(),
            db_schema_version: 15,
            catalogue_editions: vec!["2025".into()],
            methods: json!({}),
            audit_head: Some(packet::ChainPoint { seq: i64::from(n) * 100 + 100, hash: format!("{:064x}", n + 1) }),
            prev_anchor: (n > 0).then(|| packet::ChainPoint { seq: i64::from(n) * 100, hash: format!("{:064x}", n) }),
        },
    }
}

/// Runs the benchmark in `dir` (a new directory): plants × weeks of `year`.
pub fn run_hq(dir: &Path, plants: u32, weeks: u32, year: i32, now: DateTime<Utc>) -> Result<HqBenchReport> {
    std::fs::create_dir_all(dir)?;
    let base = dir.join("hq-registry.sqlite3");
    let mut store = Store::create_hq(&base)?;
    let admin = hq::setup(
        &mut store,
        hq::HqSetupInput {
            group_name: "Bench Group".into(),
            timezone: "Asia/Shanghai".into(),
            admin_username: "admin".into(),
            admin_display_name: "Admin".into(),
            admin_password: "bench-password".into(),
        },
        now,
    )?;
    registry::add_segment(&mut store, &admin, "PHONE", "手机×AIoT", "Smartphone × AIoT", now)?;
    registry::add_segment(&mut store, &admin, "EV", "智能电动汽车", "Smart EV", now)?;
    let mut items = Vec::new();
    let mut sigs = Vec::new();
    for p in 0..plants {
        let code = format!("P{p:04}");
        let k = plant_key(p);
        registry::add_plant(
            &mut store,
            &admin,
            registry::PlantInput {
                code: code.clone(),
                name: format!("Plant {p}"),
                segment_code: if p % 3 == 0 { "EV".into() } else { "PHONE".into() },
                legal_entity: String::new(),
                timezone: "Asia/Shanghai".into(),
                email: String::new(),
                in_boundary_from: "2000-01-01".into(),
                public_key_pem: key::public_pem(&k.verifying_key()),
                key_valid_from: None,
            },
            now,
        )?;
        let mut w = IsoWeek::parse("week", &format!("{year:04}-W01"))?;
        for n in 0..weeks {
            let generated = time::to_db(
                time::local_day_start_utc(w.sunday() + chrono::Duration::days(1), chrono_tz::Asia::Shanghai)
                    + chrono::Duration::hours(9),
            );
            let packet = packet::sign(&k, body(&code, w, n, &generated))?;
            sigs.push((packet.envelope.body.clone(), packet.envelope.signature.clone(), k.verifying_key()));
            items.push(import::Incoming {
                name: format!("{code}_{w}_r1.packet.json"),
                bytes: packet.bytes,
                received_at: None,
                mail_ref: None,
            });
            w = w.next();
        }
    }
    drop(store);
    let packets = items.len();
    let packet_bytes_mean = items.iter().map(|i| i.bytes.len()).sum::<usize>() / packets.max(1);
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);

    let import_into = |name: &str, verify: import::Verify| -> Result<(f64, usize, Store, Session)> {
        let path = dir.join(name);
        std::fs::copy(&base, &path)?;
        let mut s = Store::open(&path)?;
        let a = crate::plant::users::first_admin(s.conn())?;
        let items = items.clone();
        let t = Instant::now();
        let r =
            import::import(&mut s, &a, import::ImportSource::Folder, "bench", items, verify, now, &mut |_, _| true)?;
        Ok((t.elapsed().as_secs_f64() * 1000.0, r.accepted, s, a))
    };
    let (one_ms, _, s1, _) = import_into("hq-one.sqlite3", import::Verify::OneByOne)?;
    drop(s1);
    let (all_ms, accepted, store, _) = import_into("hq-all.sqlite3", import::Verify::all_cores())?;

    // Signatures alone.
    let b64 = base64::engine::general_purpose::STANDARD;
    use base64::Engine as _;
    let parsed: Vec<(&[u8], ed25519_dalek::Signature, ed25519_dalek::VerifyingKey)> = sigs
        .iter()
        .map(|(body, sig, k)| {
            let bytes: [u8; 64] = b64.decode(sig).expect("bench signature").try_into().expect("64 bytes");
            (body.as_bytes(), ed25519_dalek::Signature::from_bytes(&bytes), *k)
        })
        .collect();
    let t = Instant::now();
    for (m, s, k) in &parsed {
        k.verify_strict(m, s).map_err(|e| crate::Error::Internal(format!("bench signature: {e}")))?;
    }
    let signatures_one_by_one_ms = t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    let chunk = parsed.len().div_ceil(threads);
    let ok = std::thread::scope(|sc| {
        let hs: Vec<_> = parsed
            .chunks(chunk.max(1))
            .map(|c| {
                sc.spawn(move || {
                    let m: Vec<&[u8]> = c.iter().map(|x| x.0).collect();
                    let s: Vec<ed25519_dalek::Signature> = c.iter().map(|x| x.1).collect();
                    let k: Vec<ed25519_dalek::VerifyingKey> = c.iter().map(|x| x.2).collect();
                    ed25519_dalek::verify_batch(&m, &s, &k).is_ok()
                })
            })
            .collect();
        hs.into_iter().all(|h| h.join().unwrap_or(false))
    });
    if !ok {
        return Err(crate::Error::Internal("batch verification failed".into()));
    }
    let signatures_batch_all_cores_ms = t.elapsed().as_secs_f64() * 1000.0;

    let repeat = |f: &dyn Fn() -> Result<()>| -> Result<Timing> {
        let mut samples = Vec::new();
        for _ in 0..7 {
            let t = Instant::now();
            f()?;
            samples.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        Ok(timing(samples))
    };
    let conn = store.conn();
    let appendix_t = repeat(&|| appendix::compute(conn, year, appendix::View::All).map(|_| ()))?;
    let grid_t = repeat(&|| {
        grid::grid(conn, &grid::GridQuery { year, segment_code: None, only: vec![], offset: 0, limit: 50 }, now)
            .map(|_| ())
    })?;
    let db_bytes = std::fs::metadata(store.path())?.len();
    Ok(HqBenchReport {
        plants,
        weeks,
        packets,
        packet_bytes_mean,
        threads,
        import_one_by_one_ms: one_ms,
        import_all_cores_ms: all_ms,
        accepted,
        signatures_one_by_one_ms,
        signatures_batch_all_cores_ms,
        appendix: appendix_t,
        grid_first_page: grid_t,
        db_bytes,
    })
}
