//! Reads and checks the storage caches of `db/0004` (`waste_container_stock`,
//! `waste_storage_day`) and `db/0014` (`waste_storage_balance`, the stock now per facility and
//! code), which triggers keep in step with every movement. Balances at any date and the oldest
//! containers come from here in milliseconds over millions of movements, reading only the days
//! between the date and the nearer end of the history; [`check`] re-derives every cache from the
//! movements and names the first disagreement.

use crate::error::Result;
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
    // The balance now: mass from the movements, containers from the containers in stock.
    const BALANCE_DERIVED: &str =
        "SELECT m.facility_id, m.code, printf('%d g, %d containers', m.g, coalesce(c.n, 0)) FROM
            (SELECT facility_id, code, sum(CASE kind WHEN 'into_storage' THEN quantity_g ELSE -quantity_g END) AS g
             FROM waste_movement GROUP BY 1, 2) m
        LEFT JOIN (SELECT facility_id, code, count(*) AS n FROM waste_container_stock WHERE stock_g > 0 GROUP BY 1, 2) c
            ON c.facility_id = m.facility_id AND c.code = m.code";
    const BALANCE_CACHED: &str =
        "SELECT facility_id, code, printf('%d g, %d containers', stock_g, containers) FROM waste_storage_balance";
    for (a, b, what) in [
        (STOCK_DERIVED, STOCK_CACHED, "container stock"),
        (STOCK_CACHED, STOCK_DERIVED, "container stock"),
        (DAY_DERIVED, DAY_CACHED, "daily storage totals"),
        (DAY_CACHED, DAY_DERIVED, "daily storage totals"),
        (BALANCE_DERIVED, BALANCE_CACHED, "storage balance"),
        (BALANCE_CACHED, BALANCE_DERIVED, "storage balance"),
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

/// (facility id, code, stock in grams, containers) at the end of plant-local day `day`, ordered
/// by facility id and code, pairs with neither stock nor containers left out.
///
/// Per facility and code, the balance is the days up to `day` summed, or the balance now
/// (`waste_storage_balance`) minus the days after `day`, whichever side of the pair's history
/// is shorter: a recent date reads only the days since it, however long the history.
pub fn balances_at(conn: &Connection, day: &str) -> Result<Vec<(String, String, i64, i64)>> {
    let d = crate::time::parse_date("day", day)?;
    let mut pairs = conn.prepare_cached(
        "SELECT b.facility_id, b.code, b.stock_g, b.containers,
                (SELECT min(local_date) FROM waste_storage_day d WHERE d.facility_id = b.facility_id AND d.code = b.code),
                (SELECT max(local_date) FROM waste_storage_day d WHERE d.facility_id = b.facility_id AND d.code = b.code)
         FROM waste_storage_balance b ORDER BY b.facility_id, b.code",
    )?;
    let rows = pairs.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, Option<String>>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (facility, code, now_g, now_n, first, last) = row?;
        let (Some(first), Some(last)) = (first, last) else { continue };
        let (first, last) =
            (crate::time::parse_date("local_date", &first)?, crate::time::parse_date("local_date", &last)?);
        let (g, n) = if d >= last {
            (now_g, now_n)
        } else if d < first {
            (0, 0)
        } else if (last - d) < (d - first) {
            let (after_g, after_n) = window(conn, &facility, &code, day, "9999-12-31")?;
            (now_g - after_g, now_n - after_n)
        } else {
            window(conn, &facility, &code, "", day)?
        };
        if g != 0 || n != 0 {
            out.push((facility, code, g, n));
        }
    }
    Ok(out)
}

/// The net mass and containers of one facility and code over its days in `(after, upto]`.
fn window(conn: &Connection, facility: &str, code: &str, after: &str, upto: &str) -> Result<(i64, i64)> {
    Ok(conn
        .prepare_cached(
            "SELECT coalesce(sum(net_g), 0), coalesce(sum(net_containers), 0) FROM waste_storage_day
         WHERE facility_id = ?1 AND code = ?2 AND local_date > ?3 AND local_date <= ?4",
        )?
        .query_row([facility, code, after, upto], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// The net mass moved into storage (all facilities and codes) on plant-local days
/// `from..=to`: the change of the stock over those days, read from the days alone.
pub fn net_change(conn: &Connection, from: &str, to: &str) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT coalesce(sum(d.net_g), 0) FROM waste_storage_balance b JOIN waste_storage_day d
             ON d.facility_id = b.facility_id AND d.code = b.code AND d.local_date >= ?1 AND d.local_date <= ?2",
        [from, to],
        |r| r.get(0),
    )?)
}
