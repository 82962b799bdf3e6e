//! Reads and checks the storage caches of `db/0004` (`waste_container_stock`,
//! `waste_storage_day`), which triggers keep in step with every movement. Balances at any date
//! and the oldest containers come from here in milliseconds over millions of movements;
//! [`check`] re-derives both caches from the movements and names the first disagreement.

use crate::error::{Error, Result};
use rusqlite::{Connection, OptionalExtension};

/// Compares both caches with the movements; `None` when they agree.
pub fn check(conn: &Connection) -> Result<Option<String>> {
    const STOCK_DERIVED: &str = "SELECT facility_id, container_id, code,
            sum(CASE kind WHEN 'into_storage' THEN quantity_g ELSE -quantity_g END)
        FROM waste_movement GROUP BY 1, 2, 3";
    const STOCK_CACHED: &str = "SELECT facility_id, container_id, code, stock_g FROM waste_container_stock";
    const DAY_DERIVED: &str = "SELECT facility_id, code, local_date,
            sum(CASE kind WHEN 'into_storage' THEN quantity_g ELSE -quantity_g END)
        FROM waste_movement GROUP BY 1, 2, 3";
    const DAY_CACHED: &str = "SELECT facility_id, code, local_date, net_g FROM waste_storage_day";
    for (a, b, what) in [
        (STOCK_DERIVED, STOCK_CACHED, "container stock"),
        (STOCK_CACHED, STOCK_DERIVED, "container stock"),
        (DAY_DERIVED, DAY_CACHED, "daily storage totals"),
        (DAY_CACHED, DAY_DERIVED, "daily storage totals"),
    ] {
        let diff: Option<(String, String, String)> = conn
            .query_row(&format!("{a} EXCEPT {b} LIMIT 1"), [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        if let Some((x, y, z)) = diff {
            return Ok(Some(format!("{what} cache disagrees with the movements at ({x}, {y}, {z})")));
        }
    }
    // The container counts: the days' net counts summed must equal the containers in stock now.
    let (days, now): (i64, i64) = conn.query_row(
        "SELECT (SELECT coalesce(sum(net_containers), 0) FROM waste_storage_day),
                (SELECT count(*) FROM waste_container_stock WHERE stock_g > 0)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if days != now {
        return Ok(Some(format!("daily container counts sum to {days}, but {now} containers are in stock")));
    }
    Ok(None)
}

/// (facility id, code, stock in grams, containers) at the end of plant-local day `day`.
pub fn balances_at(conn: &Connection, day: &str) -> Result<Vec<(String, String, i64, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT facility_id, code, sum(net_g), sum(net_containers) FROM waste_storage_day
         WHERE local_date <= ?1 GROUP BY facility_id, code HAVING sum(net_g) <> 0 OR sum(net_containers) <> 0",
    )?;
    let rows = stmt.query_map([day], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    rows.collect::<std::result::Result<_, _>>().map_err(Error::from)
}
