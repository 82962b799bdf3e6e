//! The week preview as the app's Sync screen reads it: [`super::preview`] with each month
//! part's waste details typed (`WasteDetails` instead of the packet's per-area JSON object) and
//! the registry rows the figures refer to (zh/en label, unit, aggregation, method, disclosure),
//! so the UI words every figure from the one registry and never keeps its own copy.
//!
//! Read-only and derived: the figures, flags and totals are exactly the preview's (a test checks
//! it against [`super::week_summary`]); nothing here computes a figure.

use super::week::{preview, IsoWeek, WeekPreview};
use super::Flag;
use crate::areas::Area;
use crate::error::{Error, Result};
use crate::indicators::{Aggregation, Figure, FigureMethod, IndicatorUnit, INDICATORS};
use crate::waste::indicators::WasteDetails;
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

/// One row of the indicator registry, as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct IndicatorInfo {
    pub key: String,
    pub area: Area,
    pub unit: IndicatorUnit,
    pub aggregation: Aggregation,
    /// The method a figure carries unless its source says otherwise.
    pub method: FigureMethod,
    pub label_zh: String,
    pub label_en: String,
    /// e.g. `HKEX A1.3 / GRI 306-3`; empty when none.
    pub disclosure: String,
}

/// Every registered indicator, in registry order.
pub fn registry() -> Vec<IndicatorInfo> {
    INDICATORS
        .iter()
        .map(|i| IndicatorInfo {
            key: i.key.to_string(),
            area: i.area,
            unit: i.unit,
            aggregation: i.aggregation,
            method: i.method,
            label_zh: i.label_zh.to_string(),
            label_en: i.label_en.to_string(),
            disclosure: i.disclosure.to_string(),
        })
        .collect()
}

/// One calendar month inside the week, its details typed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct PreviewPart {
    /// `YYYY-MM`.
    pub month: String,
    /// Plant-local days `from..=to` (`YYYY-MM-DD`).
    pub from: String,
    pub to: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub records: i64,
    /// In registry order.
    pub figures: Vec<Figure>,
    /// Per HW code and per solid-waste code and route (empty lists when the area has none).
    pub waste: WasteDetails,
}

/// The Sync screen's preview of a week.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct WeekView {
    /// `YYYY-Www`.
    pub week: String,
    pub plant_code: String,
    pub timezone: String,
    /// Monday and Sunday, plant-local (`YYYY-MM-DD`).
    pub from: String,
    pub to: String,
    /// Ledger records dated in the week, all areas (0 = no figures this week).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub records: i64,
    /// One part per calendar month inside the week, in order (one or two).
    pub parts: Vec<PreviewPart>,
    /// The week as a whole, aggregated as the registry says.
    pub totals: Vec<Figure>,
    pub flags: Vec<Flag>,
    /// The registry rows, in order: labels, units and methods of the figures above.
    pub indicators: Vec<IndicatorInfo>,
}

impl WeekView {
    /// Types a preview's details; a part whose waste details do not read is an internal error.
    pub fn of(p: WeekPreview) -> Result<WeekView> {
        let s = p.summary;
        let parts = s
            .parts
            .into_iter()
            .map(|part| {
                let waste = match part.details.get(&Area::Waste) {
                    None => WasteDetails::default(),
                    Some(v) => serde_json::from_value(v.clone()).map_err(|e| {
                        Error::Internal(format!("the waste details of {} do not read: {e}", part.month))
                    })?,
                };
                Ok(PreviewPart {
                    month: part.month,
                    from: part.from,
                    to: part.to,
                    records: part.records,
                    figures: part.figures,
                    waste,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(WeekView {
            week: s.week.to_string(),
            plant_code: s.plant_code,
            timezone: s.timezone,
            from: s.from,
            to: s.to,
            records: s.records,
            parts,
            totals: s.totals,
            flags: p.flags,
            indicators: registry(),
        })
    }
}

/// The preview of `week` for the app ([`preview`] typed for IPC); `today` is the plant-local day
/// the open alerts are read on.
pub fn week_view(conn: &Connection, week: IsoWeek, today: NaiveDate) -> Result<WeekView> {
    WeekView::of(preview(conn, week, today)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_view_keeps_every_row_in_order_with_both_labels() {
        let r = registry();
        assert_eq!(r.len(), INDICATORS.len());
        for (v, i) in r.iter().zip(INDICATORS) {
            assert_eq!((v.key.as_str(), v.label_zh.as_str(), v.label_en.as_str()), (i.key, i.label_zh, i.label_en));
        }
    }
}
