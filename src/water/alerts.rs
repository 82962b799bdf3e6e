//! The wastewater area's alert source ([`crate::areas::ALERT_SOURCES`]): exceedances not yet
//! taken up as corrective actions (the record the hazards module adopts, issue 13), discharge
//! permits lapsing or lapsed, and required manual monitoring due this period or missed in the
//! last one. Derived on read from the records and the plant-local `today`.

use super::outfall::{self, Frequency, MonitoringMethod};
use super::rules;
use crate::alerts::{Alert, AlertKind, Severity};
use crate::areas::Area;
use crate::error::Result;
use chrono::NaiveDate;
use rusqlite::{params, Connection};

/// Days before a monitoring period ends that its missing sampling is flagged.
pub const DUE_LEAD_DAYS: i64 = 7;

pub fn all(conn: &Connection, today: NaiveDate) -> Result<Vec<Alert>> {
    let mut out = Vec::new();
    if conn.query_row("SELECT count(*) FROM water_outfall", [], |r| r.get::<_, i64>(0))? == 0 {
        return Ok(out);
    }
    // Exceedances of the last 90 days not adopted by the hazards module.
    let from = today - chrono::Duration::days(90);
    for x in super::loads::exceedances(conn, from, today, 200)? {
        // Taken up as a corrective action: the hazard's own alerts follow it.
        let adopted: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM hazard WHERE exceedance_id = ?1 AND voided_at IS NULL)",
            [&x.id],
            |r| r.get(0),
        )?;
        if adopted {
            continue;
        }
        let ratio = x.ratio_permille.map_or(String::new(), |r| format!("{}.{:03} ×", r / 1000, r % 1000));
        out.push(
            Alert::new(
                Area::Water,
                AlertKind::WaterExceedance,
                Severity::Critical,
                format!("{} {} @ {}", x.outfall_code, x.param_code, x.at_local),
                format!("{} {} {} over its limit {} {}", x.outfall_code, x.param_code, x.value, x.limit, ratio),
            )
            .record(x.id.clone())
            .due(x.local_date.parse().unwrap_or(today))
            .param("outfall", &x.outfall_code)
            .param("param", &x.param_code)
            .param("value", x.value)
            .param("limit", &x.limit)
            .param("ratio", ratio),
        );
    }
    let warn = super::settings::permit_warn_days(conn)?;
    for (code, no, expires) in outfall::permits(conn)? {
        let days = (expires - today).num_days();
        let (kind, sev) = if days < 0 {
            (AlertKind::PermitExpired, Severity::Critical)
        } else if days <= warn {
            (AlertKind::PermitExpiring, if days <= 30 { Severity::Warning } else { Severity::Info })
        } else {
            continue;
        };
        out.push(
            Alert::new(
                Area::Water,
                kind,
                sev,
                format!("{code} {no}"),
                format!("permit {no} of outfall {code} ends {expires}"),
            )
            .due(expires)
            .param("outfall", &code)
            .param("permit_no", &no)
            .param("days", days.max(0)),
        );
    }
    // Manual monitoring: this period (due soon) and the last one (missed).
    for of in outfall::list(conn)? {
        for p in of.params.iter().filter(|p| p.method == MonitoringMethod::Manual) {
            let (ps, pe) = rules::period_of(p.frequency, today);
            let has = |a: NaiveDate, b: NaiveDate| -> Result<bool> {
                let tz = crate::plant::require(conn)?.tz()?;
                let (s, _) = super::online::day_bounds(a, tz);
                let (_, e) = super::online::day_bounds(b, tz);
                Ok(conn.query_row(
                    "SELECT EXISTS (SELECT 1 FROM water_reading r JOIN water_batch b ON b.n = r.batch
                     WHERE r.param = ?1 AND r.interval = 'sample' AND r.at >= ?2 AND r.at < ?3 AND b.voided_at IS NULL
                       AND NOT EXISTS (SELECT 1 FROM water_reading_void v WHERE v.seq = r.seq))",
                    params![p.n, s, e],
                    |r| r.get(0),
                )?)
            };
            let created = super::loads::created_day(conn, &p.id, crate::plant::require(conn)?.tz()?)?;
            if p.frequency != Frequency::Daily && (pe - today).num_days() <= DUE_LEAD_DAYS && !has(ps, pe)? {
                out.push(
                    Alert::new(
                        Area::Water,
                        AlertKind::MonitoringDue,
                        Severity::Warning,
                        format!("{} {}", of.code, p.code),
                        format!("{} {} not yet monitored this {} (ends {pe})", of.code, p.code, p.frequency),
                    )
                    .due(pe)
                    .param("outfall", &of.code)
                    .param("param", &p.name)
                    .param("period", p.frequency),
                );
            }
            if let Some(prev_end) = ps.pred_opt() {
                let (qs, qe) = rules::period_of(p.frequency, prev_end);
                if qs >= created && !has(qs, qe)? {
                    out.push(
                        Alert::new(
                            Area::Water,
                            AlertKind::MonitoringMissed,
                            Severity::Critical,
                            format!("{} {} {qs}", of.code, p.code),
                            format!("{} {}: no sampling from {qs} to {qe}", of.code, p.code),
                        )
                        .due(qe)
                        .param("outfall", &of.code)
                        .param("param", &p.name)
                        .param("period_from", qs),
                    );
                }
            }
        }
    }
    Ok(out)
}
