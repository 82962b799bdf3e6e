//! The waste area's alert source for [`crate::alerts::for_plant`]: storage (age, unknown start,
//! 贮存点 3 t, capacity, a US generator's on-site quantity), licences, manifests awaiting
//! confirmation, filings due and the year's generation crossing 10 t / 100 t.

use crate::alerts::Alert;
use crate::error::Result;
use chrono::NaiveDate;
use rusqlite::Connection;

/// Every waste alert on the plant-local day `today`, sorted like every alert list.
pub fn all(conn: &Connection, today: NaiveDate) -> Result<Vec<Alert>> {
    let mut out = super::storage::alerts(conn, today, super::storage::plant_limits(conn)?)?;
    out.extend(super::receiver::licence_alerts(conn, today)?);
    out.extend(super::shipment::pending_alerts(conn, today)?);
    out.extend(super::category::alerts(conn, today)?);
    crate::alerts::sort(&mut out);
    Ok(out)
}
