//! A month's VOCs by both methods side by side, with every input: the material balance (each
//! ledger line's input and recovery, each source's input and abatement, each VOC-carrying
//! waste code's accepted shipments with their manifest numbers — O1 read off the waste ledger
//! automatically), the monitoring method (each source's tests against its limit and internal
//! target, and its emitted VOCs), the coated area and g/m², and the figure reported.
//!
//! The reported figure (`voc_emitted_g`) is the monitoring total when every source that used VOC
//! materials in the month has a test (method `monitored`), else the balance, which covers every
//! source (method `material_balance`; the untested sources are listed in `unmonitored` and the
//! partial monitored total is shown beside it). Without any balance data, monitoring is all
//! there is.
//! Every value is exact until it is rounded once here (half away from zero); reads only.

use super::balance::{self, BalanceIn, LineIn, SourceIn, WasteIn};
use super::exact::Exact;
use super::materials::{self, VocUsage};
use super::monitoring::{self, TestIn};
use super::sources::{self, EfficiencyBasis, VocSource};
use super::stack_tests;
use super::{decimal, month_days, parse_month};
use crate::error::Result;
use crate::indicators::FigureMethod;
use crate::units::Grams;
use rusqlite::{params, Connection};
use serde::Serialize;
use std::collections::BTreeMap;

/// One ledger line in the balance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct VocBalanceLine {
    pub usage_id: String,
    pub material: String,
    pub batch: String,
    pub source_code: Option<String>,
    pub voc_mass_pct: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub used_g: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub recovered_g: i64,
    /// VOCs in what was used (I of the line) and in what was recovered.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub input_voc_g: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub recovered_voc_g: i64,
}

/// One source in the balance: the input used there and what its abatement destroyed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct VocSourceBalance {
    pub code: String,
    pub name: String,
    pub capture_pct: String,
    pub removal_pct: String,
    pub efficiency_basis: EfficiencyBasis,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub input_g: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub abated_g: i64,
}

/// A VOC-carrying waste code's accepted shipments of the month (O1 from the waste ledger).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct VocWasteLine {
    pub code: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub shipped_g: i64,
    pub shipped_t: String,
    pub voc_pct: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub recovered_g: i64,
    pub recovered_kg: String,
    /// 联单编号 of the shipments, sorted.
    pub manifests: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct VocBalance {
    /// I.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub input_g: i64,
    /// O1 from the ledger's recovered quantities.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub recovered_ledger_g: i64,
    /// O1 from hazardous-waste shipments.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub recovered_waste_g: i64,
    /// O1 = both.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub recovered_g: i64,
    /// O2.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub abated_g: i64,
    /// Input of lines with no source (no abatement).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub unsourced_input_g: i64,
    /// E = I − O1 − O2.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub emitted_g: i64,
    /// E ÷ coated area, g/m² with three decimals.
    pub g_per_m2: Option<String>,
    /// E < 0: more recovered and abated than used — an inconsistency to resolve, not clamped.
    pub inconsistent: bool,
    pub lines: Vec<VocBalanceLine>,
    pub sources: Vec<VocSourceBalance>,
    pub waste: Vec<VocWasteLine>,
}

/// A test against the source's limit and target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct VocTestCheck {
    pub id: String,
    pub sampled_at_local: String,
    pub c_mg_m3: String,
    pub q_nm3_h: String,
    pub hours: Option<String>,
    pub lab: String,
    pub report_no: String,
    /// `None` when the source has no limit (target).
    pub over_limit: Option<bool>,
    pub over_target: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct VocSourceMonitoring {
    pub code: String,
    pub name: String,
    pub limit_mg_m3: Option<String>,
    pub target_mg_m3: Option<String>,
    pub hours_per_month: String,
    /// `None` without a test this month.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub emitted_g: Option<i64>,
    pub tests: Vec<VocTestCheck>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct VocMonitoring {
    /// Σ sources with tests; `None` when no source has a test this month.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub emitted_g: Option<i64>,
    pub sources: Vec<VocSourceMonitoring>,
    /// Codes of sources that used VOC materials this month but have no test.
    pub unmonitored: Vec<String>,
}

/// A month's VOCs, both methods side by side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct VocMonth {
    pub month: String,
    /// Any ledger line, test, area or VOC-carrying shipment this month.
    pub has_data: bool,
    pub balance: VocBalance,
    pub monitoring: VocMonitoring,
    /// The figure reported (`voc_emitted_g`) and its method.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub emitted_g: i64,
    pub emitted_method: FigureMethod,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub area_m2: Option<i64>,
    pub area_basis: Option<String>,
}

/// The exact month behind [`VocMonth`], for pro-rating ([`super::figures`]).
#[derive(Debug, Clone, Default)]
pub(crate) struct MonthExact {
    pub input: Exact,
    pub recovered: Exact,
    pub abated: Exact,
    pub emitted_balance: Exact,
    pub emitted_monitored: Option<Exact>,
    pub area_m2: Option<i64>,
    /// Ledger lines or VOC-carrying shipments exist (the balance has something to say).
    pub has_balance: bool,
    /// The monitored figure covers the month: every source that used VOC materials was tested.
    pub monitoring_complete: bool,
}

/// The VOCs of month `YYYY-MM` by both methods.
pub fn emissions(conn: &Connection, month: &str) -> Result<VocMonth> {
    Ok(compute(conn, month)?.0)
}

pub(crate) fn compute(conn: &Connection, month: &str) -> Result<(VocMonth, MonthExact)> {
    let month = parse_month("month", month)?;
    let (first, last) = month_days("month", &month)?;
    let usage: Vec<VocUsage> = materials::usage(conn, &month, false)?;

    // Sources: those the lines name (live or voided since), then every other live one.
    let mut srcs: Vec<VocSource> = Vec::new();
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    let mut add = |s: VocSource, srcs: &mut Vec<VocSource>| {
        if !index.contains_key(&s.id) {
            index.insert(s.id.clone(), srcs.len());
            srcs.push(s);
        }
    };
    for u in &usage {
        if let Some(id) = &u.source_id {
            add(sources::by_id(conn, id)?, &mut srcs);
        }
    }
    let tests = stack_tests::tests(conn, &month)?;
    for t in &tests {
        add(sources::by_id(conn, &t.source_id)?, &mut srcs);
    }
    for s in sources::list(conn)? {
        add(s, &mut srcs);
    }
    let src_index = |id: &str| srcs.iter().position(|s| s.id == id);

    // O1 from the waste ledger: accepted lines of VOC-carrying codes, by code and VOC %.
    let contents = materials::waste_contents(conn)?;
    let mut waste: BTreeMap<(String, String), (i64, Vec<String>)> = BTreeMap::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT o.code, o.local_date, o.accepted_g, s.manifest_no FROM shipment_line_outcome o
             JOIN shipment s ON s.id = o.shipment_id
             WHERE o.local_date >= ?1 AND o.local_date <= ?2 AND o.accepted_g > 0
               AND o.code IN (SELECT code FROM voc_waste_content WHERE voided_at IS NULL)
             ORDER BY o.code, o.local_date",
        )?;
        let rows = stmt.query_map(params![first.to_string(), last.to_string()], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?, r.get::<_, String>(3)?))
        })?;
        for row in rows {
            let (code, day, g, manifest) = row?;
            if let Some(pct) = materials::waste_pct_on(&contents, &code, &day)? {
                let e = waste.entry((code, pct.text())).or_default();
                e.0 += g;
                if !e.1.contains(&manifest) {
                    e.1.push(manifest);
                }
            }
        }
    }

    let area = stack_tests::area(conn, &month)?;
    let input = BalanceIn {
        lines: usage
            .iter()
            .map(|u| {
                Ok(LineIn {
                    source: u.source_id.as_deref().and_then(src_index),
                    used_g: u.used_g,
                    recovered_g: u.recovered_g,
                    voc_pct: decimal("voc_mass_pct", &u.voc_mass_pct)?,
                })
            })
            .collect::<Result<_>>()?,
        sources: srcs
            .iter()
            .map(|s| Ok(SourceIn { capture_pct: s.capture()?, removal_pct: s.removal()? }))
            .collect::<Result<_>>()?,
        waste: waste
            .iter()
            .map(|((_, pct), (g, _))| Ok(WasteIn { shipped_g: *g, voc_pct: decimal("voc_pct", pct)? }))
            .collect::<Result<_>>()?,
        area_m2: area.as_ref().map(|a| a.area_m2),
    };
    let b = balance::balance(&input)?;

    let mut bal = VocBalance {
        input_g: b.input.round()?,
        recovered_ledger_g: b.recovered_ledger.round()?,
        recovered_waste_g: b.recovered_waste.round()?,
        recovered_g: b.recovered.round()?,
        abated_g: b.abated.round()?,
        unsourced_input_g: b.unsourced_input.round()?,
        emitted_g: b.emitted.round()?,
        g_per_m2: b.g_per_m2.map(|g| g.fixed(3)).transpose()?,
        inconsistent: b.inconsistent,
        ..Default::default()
    };
    for (k, u) in usage.iter().enumerate() {
        bal.lines.push(VocBalanceLine {
            usage_id: u.id.clone(),
            material: u.material.clone(),
            batch: u.batch.clone(),
            source_code: u.source_code.clone(),
            voc_mass_pct: u.voc_mass_pct.clone(),
            used_g: u.used_g,
            recovered_g: u.recovered_g,
            input_voc_g: b.line_input[k].round()?,
            recovered_voc_g: b.line_recovered[k].round()?,
        });
    }
    for (k, s) in srcs.iter().enumerate() {
        if b.source_input[k].is_zero() {
            continue;
        }
        bal.sources.push(VocSourceBalance {
            code: s.code.clone(),
            name: s.name.clone(),
            capture_pct: s.capture_pct.clone(),
            removal_pct: s.removal_pct.clone(),
            efficiency_basis: s.efficiency_basis,
            input_g: b.source_input[k].round()?,
            abated_g: b.source_abated[k].round()?,
        });
    }
    for (k, ((code, pct), (g, manifests))) in waste.iter().enumerate() {
        let r = b.waste_recovered[k].round()?;
        let mut manifests = manifests.clone();
        manifests.sort();
        bal.waste.push(VocWasteLine {
            code: code.clone(),
            shipped_g: *g,
            shipped_t: Grams(*g).t_string(),
            voc_pct: pct.clone(),
            recovered_g: r,
            recovered_kg: Grams(r).kg_string(),
            manifests,
        });
    }

    // Monitoring, per source.
    let mut mon = VocMonitoring::default();
    let mut monitored_total: Option<Exact> = None;
    for (k, s) in srcs.iter().enumerate() {
        let own: Vec<_> = tests.iter().filter(|t| t.source_id == s.id).collect();
        if s.voided && own.is_empty() {
            continue;
        }
        let (limit, target) = (s.limit()?, s.target()?);
        let mut checks = Vec::new();
        let mut ins = Vec::new();
        for t in &own {
            let c = decimal("c_mg_m3", &t.c_mg_m3)?;
            let ti = TestIn {
                c_mg_m3: c,
                q_nm3_h: decimal("q_nm3_h", &t.q_nm3_h)?,
                hours: t.hours.as_deref().map(|h| decimal("hours", h)).transpose()?,
            };
            ins.push(ti);
            checks.push(VocTestCheck {
                id: t.id.clone(),
                sampled_at_local: t.sampled_at_local.clone(),
                c_mg_m3: t.c_mg_m3.clone(),
                q_nm3_h: t.q_nm3_h.clone(),
                hours: t.hours.clone(),
                lab: t.lab.clone(),
                report_no: t.report_no.clone(),
                over_limit: monitoring::over(c, limit),
                over_target: monitoring::over(c, target),
            });
        }
        let e = monitoring::source_emitted_g(&ins, s.hours()?)?;
        if let Some(e) = e {
            monitored_total = Some(monitored_total.unwrap_or(Exact::ZERO).plus(e)?);
        } else if !b.source_input[k].is_zero() {
            mon.unmonitored.push(s.code.clone());
        }
        mon.sources.push(VocSourceMonitoring {
            code: s.code.clone(),
            name: s.name.clone(),
            limit_mg_m3: s.limit_mg_m3.clone(),
            target_mg_m3: s.target_mg_m3.clone(),
            hours_per_month: s.hours_per_month.clone(),
            emitted_g: e.map(Exact::round).transpose()?,
            tests: checks,
        });
    }
    mon.emitted_g = monitored_total.map(Exact::round).transpose()?;

    let has_balance = !usage.is_empty() || !waste.is_empty();
    let has_data = has_balance || !tests.is_empty() || area.is_some();
    // Monitoring is reported only when it covers every source that used VOC materials: a
    // partial monitored total would leave the untested sources out (too low), so the balance —
    // which covers them all — is reported instead, and the monitored total is shown beside it.
    let monitoring_complete = mon.emitted_g.is_some() && mon.unmonitored.is_empty();
    let (emitted_g, emitted_method) = match mon.emitted_g {
        Some(g) if monitoring_complete || !has_balance => (g, FigureMethod::Monitored),
        _ => (bal.emitted_g, FigureMethod::MaterialBalance),
    };
    let exact = MonthExact {
        input: b.input,
        recovered: b.recovered,
        abated: b.abated,
        emitted_balance: b.emitted,
        emitted_monitored: monitored_total,
        area_m2: area.as_ref().map(|a| a.area_m2),
        has_balance,
        monitoring_complete,
    };
    let m = VocMonth {
        month,
        has_data,
        balance: bal,
        monitoring: mon,
        emitted_g,
        emitted_method,
        area_m2: area.as_ref().map(|a| a.area_m2),
        area_basis: area.map(|a| a.basis),
    };
    Ok((m, exact))
}
