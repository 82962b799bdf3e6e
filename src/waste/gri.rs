//! GRI 306 (Waste 2020) figures for a period, from both ledgers: 306-3 generated, 306-4 diverted
//! from disposal (preparation for reuse, recycling, other recovery) and 306-5 directed to
//! disposal (incineration with / without energy recovery, landfill, other), each split into
//! hazardous / non-hazardous and on site / off site, plus the stock change; and the two
//! diversion rates side by side, since they differ on energy recovery:
//! - GRI diversion share = 306-4 / 306-3 (energy recovery is disposal);
//! - zero-waste-to-landfill WDR = (handled − landfill − incineration without ER) / handled
//!   (UL 2799-style: waste-to-energy counts as diverted).
//!
//! Hazardous waste: shipments (B.5, by the R/D method through the editable
//! `waste_method_route` table) and own treatment (B.4). General solid waste: outbound batches by
//! their route. All arithmetic in whole grams; rates in basis points, rounded down.

use super::Purpose;
use crate::error::Result;
use crate::units::Grams;
use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::Serialize;
use std::collections::BTreeMap;

crate::text_enum! {
    /// Where waste went, in GRI 306 order: 306-4 diverted from disposal first, then 306-5
    /// directed to disposal.
    pub enum Route {
        Reuse = "reuse",
        Recycling = "recycling",
        OtherRecovery = "other_recovery",
        /// Incineration with energy recovery (disposal under GRI, diverted under ZWTL).
        EnergyRecovery = "energy_recovery",
        Incineration = "incineration",
        Landfill = "landfill",
        OtherDisposal = "other_disposal",
    }
}

impl Route {
    /// Whether the route counts as diverted from disposal under GRI 306-4.
    pub fn gri_diverted(self) -> bool {
        matches!(self, Route::Reuse | Route::Recycling | Route::OtherRecovery)
    }
}

/// One cell of the breakdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RouteTotal {
    pub route: Route,
    pub hazardous: bool,
    pub onsite: bool,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub grams: i64,
    pub tonnes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct GriWaste {
    pub from: String,
    pub to: String,
    /// 306-3.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub generated_hazardous_g: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub generated_non_hazardous_g: i64,
    /// 306-4 total and 306-5 total.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub diverted_g: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub disposal_g: i64,
    /// Stock at the end minus stock at the start (both ledgers).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub stock_change_g: i64,
    pub routes: Vec<RouteTotal>,
    /// 306-4 / 306-3, basis points (None when nothing was generated).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub gri_diversion_bp: Option<i64>,
    /// (handled − landfill − incineration without ER) / handled, basis points.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub zwtl_diversion_bp: Option<i64>,
    /// Methods on shipments that the mapping table does not know (counted by purpose instead).
    pub unmapped_methods: Vec<String>,
}

fn bp(num: i64, den: i64) -> Option<i64> {
    (den > 0).then(|| ((i128::from(num) * 10_000) / i128::from(den)) as i64)
}

/// Formats basis points as a percentage with two decimals ("99.35").
pub fn percent(bp: i64) -> String {
    format!("{}.{:02}", bp / 100, bp % 100)
}

/// The GRI 306 figures for plant-local days `[from, to]`.
pub fn disclosure(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<GriWaste> {
    let (f, t) = (from.to_string(), to.to_string());
    let generated_hw: i64 = conn.query_row(
        "SELECT coalesce(sum(live_g), 0) FROM waste_generation_day WHERE local_date >= ?1 AND local_date <= ?2",
        params![f, t],
        |r| r.get(0),
    )?;
    let generated_sw: i64 = conn.query_row(
        "SELECT coalesce(sum(quantity_g), 0) FROM sw_record WHERE voided_at IS NULL AND kind = 'generation'
         AND local_date >= ?1 AND local_date <= ?2",
        params![f, t],
        |r| r.get(0),
    )?;
    let mut cells: BTreeMap<(Route, bool, bool), i64> = BTreeMap::new();
    let mut unmapped: Vec<String> = Vec::new();
    // Hazardous waste: shipped off site (B.5) and treated on site (B.4), by method.
    let hw_by_method = [
        (
            // Accepted lines only, under the method the receiver confirmed where recorded.
            "SELECT o.method, o.purpose, m.route, sum(o.accepted_g) FROM shipment_line_outcome o
             LEFT JOIN waste_method_route m ON m.method = o.method
             WHERE o.local_date >= ?1 AND o.local_date <= ?2 AND o.accepted_g > 0
             GROUP BY o.method, o.purpose",
            false,
        ),
        (
            "SELECT t.method, t.purpose, m.route, sum(t.quantity_g) FROM waste_own_treatment t
             LEFT JOIN waste_method_route m ON m.method = t.method
             WHERE t.voided_at IS NULL AND t.local_date >= ?1 AND t.local_date <= ?2 GROUP BY t.method, t.purpose",
            true,
        ),
    ];
    for (sql, onsite) in hw_by_method {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt.query_map(params![f, t], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Purpose>(1)?, r.get::<_, Option<Route>>(2)?, r.get::<_, i64>(3)?))
        })?;
        for row in rows {
            let (method, purpose, route, g) = row?;
            // A method the table does not know counts by its purpose, and is reported.
            let route = route.unwrap_or_else(|| {
                if !unmapped.contains(&method) {
                    unmapped.push(method.clone());
                }
                match purpose {
                    Purpose::Utilisation => Route::OtherRecovery,
                    Purpose::Disposal => Route::OtherDisposal,
                }
            });
            *cells.entry((route, true, onsite)).or_default() += g;
        }
    }
    // General solid waste, by route.
    {
        let mut stmt = conn.prepare(
            "SELECT route, onsite, sum(quantity_g) FROM sw_record WHERE voided_at IS NULL AND kind = 'outbound'
             AND local_date >= ?1 AND local_date <= ?2 GROUP BY route, onsite",
        )?;
        let rows =
            stmt.query_map(params![f, t], |r| Ok((r.get::<_, Route>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?)))?;
        for row in rows {
            let (route, onsite, g) = row?;
            *cells.entry((route, false, onsite == 1)).or_default() += g;
        }
    }
    let mut routes: Vec<RouteTotal> = cells
        .into_iter()
        .map(|((route, hazardous, onsite), grams)| RouteTotal {
            tonnes: Grams(grams).t_string(),
            route,
            hazardous,
            onsite,
            grams,
        })
        .collect();
    routes.sort_by_key(|r| (r.route, !r.hazardous, r.onsite));
    let diverted: i64 = routes.iter().filter(|r| r.route.gri_diverted()).map(|r| r.grams).sum();
    let disposal: i64 = routes.iter().filter(|r| !r.route.gri_diverted()).map(|r| r.grams).sum();
    let not_zwtl: i64 =
        routes.iter().filter(|r| matches!(r.route, Route::Landfill | Route::Incineration)).map(|r| r.grams).sum();
    let handled = diverted + disposal;
    // Stock change over the days: hazardous storage (the days' net movements) and general solid
    // waste (generated − outbound), both read from the days alone.
    let sw_change: i64 = conn.query_row(
        "SELECT coalesce(sum(CASE kind WHEN 'generation' THEN quantity_g ELSE -quantity_g END), 0)
         FROM sw_record WHERE voided_at IS NULL AND local_date >= ?1 AND local_date <= ?2",
        params![f, t],
        |r| r.get(0),
    )?;
    let stock_change = super::storage::totals::net_change(conn, &f, &t)? + sw_change;
    Ok(GriWaste {
        from: f,
        to: t,
        generated_hazardous_g: generated_hw,
        generated_non_hazardous_g: generated_sw,
        diverted_g: diverted,
        disposal_g: disposal,
        stock_change_g: stock_change,
        routes,
        gri_diversion_bp: bp(diverted, generated_hw + generated_sw),
        zwtl_diversion_bp: bp(handled - not_zwtl, handled),
        unmapped_methods: unmapped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_round_down_in_basis_points() {
        assert_eq!(bp(9935, 10_000), Some(9935));
        assert_eq!(bp(2, 3), Some(6666));
        assert_eq!(bp(1, 0), None);
        assert_eq!(percent(9935), "99.35");
        assert_eq!(percent(5), "0.05");
    }
}
