//! The forward-only migration runner. Migrations are the `db/NNNN_slug.sql` files, embedded at
//! build time. `PRAGMA user_version` holds the latest applied version and `schema_migrations`
//! the SHA-256 of each applied file: a database whose applied file was edited, or that knows a
//! migration this build does not, is refused rather than guessed at. Pending migrations are
//! applied together in one transaction: all or none.

use crate::error::{Error, Result};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use sha2::{Digest, Sha256};

/// One migration file.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

macro_rules! migration {
    ($v:expr, $name:literal) => {
        Migration { version: $v, name: $name, sql: include_str!(concat!("../../db/", $name)) }
    };
}

/// Every migration of this build, in order. A test checks this matches the files in `db/`.
pub const MIGRATIONS: &[Migration] = &[
    migration!(1, "0001_core.sql"),
    migration!(2, "0002_waste_generation.sql"),
    migration!(3, "0003_hw_catalogue.sql"),
    migration!(4, "0004_waste_storage.sql"),
    migration!(5, "0005_receivers_shipments.sql"),
    migration!(6, "0006_solid_waste.sql"),
    migration!(7, "0007_movement_destination.sql"),
    migration!(8, "0008_rejected_loads.sql"),
    migration!(9, "0009_appendix_b_fields.sql"),
    migration!(10, "0010_transfer_rules.sql"),
    migration!(11, "0011_label_serials.sql"),
    migration!(12, "0012_plant_key.sql"),
    migration!(13, "0013_sync_outbox.sql"),
    migration!(14, "0014_week_figure_caches.sql"),
    migration!(15, "0015_sync_schedule.sql"),
    migration!(16, "0016_hq_returns.sql"),
    migration!(17, "0017_water.sql"),
    migration!(18, "0018_voc.sql"),
    migration!(19, "0019_hazards.sql"),
    migration!(20, "0020_notices.sql"),
    migration!(21, "0021_hazard_photos.sql"),
    migration!(22, "0022_hazard_reminders.sql"),
    migration!(23, "0023_hazard_state_kpi.sql"),
    migration!(24, "0024_backups.sql"),
];

macro_rules! hq_migration {
    ($v:expr, $name:literal) => {
        Migration { version: $v, name: $name, sql: include_str!(concat!("../../db/hq/", $name)) }
    };
}

/// The HQ database's migrations (`db/hq/`): a file of its own kind with its own schema, users
/// and audit trail ([`super::DbKind::Hq`]).
pub const HQ_MIGRATIONS: &[Migration] = &[
    hq_migration!(1, "0001_hq_core.sql"),
    hq_migration!(2, "0002_hq_outbox.sql"),
    hq_migration!(3, "0003_hq_week_mask.sql"),
];

impl Migration {
    pub fn checksum(&self) -> String {
        hex::encode(Sha256::digest(self.sql.as_bytes()))
    }
}

const LEDGER_TABLE: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
)";

/// Applies pending migrations; returns how many were applied. A database already at the latest
/// version is only read (no write lock), so opening it never waits for another connection's
/// long write — a read-only command during a 100,000-row import answers at once.
pub fn apply(conn: &mut Connection, migrations: &[Migration]) -> Result<usize> {
    check_sequence(migrations)?;
    let latest = migrations.last().map_or(0, |m| m.version);
    if verify_applied(conn, migrations)? == latest && latest > 0 {
        return Ok(0);
    }
    // Something to apply: take the write lock, and check again under it (another process may
    // have migrated in between).
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute_batch(LEDGER_TABLE)?;
    let applied = verify_applied(&tx, migrations)?;
    let mut count = 0;
    for m in migrations.iter().filter(|m| m.version > applied) {
        tx.execute_batch(m.sql).map_err(|e| Error::Schema(crate::msg::schema::migration_failed(&m.name, &e)))?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name, sha256) VALUES (?1, ?2, ?3)",
            params![m.version, m.name, m.checksum()],
        )?;
        tx.pragma_update(None, "user_version", m.version)?;
        count += 1;
    }
    tx.commit()?;
    Ok(count)
}

/// Refuses a database that is not exactly at the latest migration of `migrations`.
pub(crate) fn check_current(conn: &Connection, migrations: &[Migration]) -> Result<()> {
    let applied = verify_applied(conn, migrations)?;
    let latest = migrations.last().map_or(0, |m| m.version);
    if applied != latest {
        return Err(Error::Schema(crate::msg::schema::database_schema_version_build(&applied, &latest)));
    }
    Ok(())
}

/// Checks applied migrations against the build's files; returns the latest applied version.
fn verify_applied(conn: &Connection, migrations: &[Migration]) -> Result<i64> {
    let user_version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let has_table: bool = conn
        .query_row("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'", [], |_| Ok(()))
        .optional()?
        .is_some();
    if !has_table {
        if user_version != 0 {
            return Err(Error::Schema(crate::msg::schema::database_has_user_version(&user_version)));
        }
        return Ok(0);
    }
    let mut stmt = conn.prepare("SELECT version, name, sha256 FROM schema_migrations ORDER BY version")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
    let mut last = 0;
    let mut applied = std::collections::BTreeSet::new();
    for row in rows {
        let (version, name, sha) = row?;
        applied.insert(version);
        let Some(m) = migrations.iter().find(|m| m.version == version) else {
            return Err(Error::Schema(crate::msg::schema::database_has_migration_build(&version, &name)));
        };
        if m.checksum() != sha {
            return Err(Error::Schema(crate::msg::schema::migration_was_edited_after(
                &m.name,
                &&m.checksum()[..12],
                &&sha[..sha.len().min(12)],
            )));
        }
        last = version;
    }
    // Versions may have gaps (numbers reserved by parallel branches), so a build could know a
    // migration below the database's latest that the database never ran: refuse, never skip it.
    if let Some(m) = migrations.iter().find(|m| m.version < last && !applied.contains(&m.version)) {
        return Err(Error::Schema(crate::msg::schema::database_skipped_migration_was(&m.name)));
    }
    if last != user_version {
        return Err(Error::Schema(crate::msg::schema::database_user_version_disagrees(&user_version, &last)));
    }
    Ok(last)
}

/// Versions must increase strictly (gaps allowed: a number may be reserved for a migration
/// that lands from another branch; [`verify_applied`] refuses a database that skipped one).
fn check_sequence(migrations: &[Migration]) -> Result<()> {
    let mut prev = 0;
    for m in migrations {
        if m.version <= prev {
            return Err(Error::Internal(format!("migration list out of order at {}", m.name)));
        }
        prev = m.version;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sql_file_in_db_is_registered_in_order() {
        check_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/db"), MIGRATIONS);
        check_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/db/hq"), HQ_MIGRATIONS);
    }

    fn check_dir(dir: &str, migrations: &[Migration]) {
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.ends_with(".sql"))
            .collect();
        files.sort();
        let names: Vec<&str> = migrations.iter().map(|m| m.name).collect();
        assert_eq!(files, names);
        for m in migrations {
            assert!(m.name.starts_with(&format!("{:04}_", m.version)), "{} numbered as {}", m.name, m.version);
        }
    }
}
