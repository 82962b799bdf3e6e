//! What every area needs: the database, the acting user, the clock, and the small parsers the
//! areas share.

use chrono::{DateTime, NaiveDate, Utc};
use ehs_ledger::plant::{self, users, Session};
use ehs_ledger::units::{split_unit, MassUnit};
use ehs_ledger::{db, time, Error, Store};
use std::path::PathBuf;

/// The global options and the moment the command started.
pub struct Ctx {
    /// `--db` (else env EHS_LEDGER_DB, else the per-user app-data file).
    pub db: Option<PathBuf>,
    /// `--user` / EHS_LEDGER_USER; `None` = the first admin.
    pub user: Option<String>,
    pub now: DateTime<Utc>,
}

impl Ctx {
    /// Opens (and migrates) the database.
    pub fn open(&self) -> Result<Store, Error> {
        Store::open(&db::resolve_db_path(self.db.as_deref())?)
    }

    /// The user the writes are attributed to.
    pub fn actor(&self, store: &Store) -> Result<Session, Error> {
        match &self.user {
            Some(u) => users::session_for(store.conn(), u),
            None => users::first_admin(store.conn()),
        }
    }

    /// Today at the plant (its time zone).
    pub fn today(&self, store: &Store) -> Result<NaiveDate, Error> {
        plant::today(store.conn(), self.now)
    }

    /// `--on DAY` (named `field` in errors), else today at the plant.
    pub fn day_or_today(&self, store: &Store, field: &'static str, day: Option<String>) -> Result<NaiveDate, Error> {
        match day {
            Some(d) => time::parse_date(field, &d),
            None => self.today(store),
        }
    }
}

/// `a, b,,c` → `[a, b, c]`.
pub fn split_list(s: &str) -> Vec<String> {
    s.split(',').map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect()
}

/// `--quantity 1.25t` → ("1.25", t); errors name the `quantity` field.
pub fn parse_quantity(text: &str) -> Result<(String, MassUnit), Error> {
    let (n, unit) = split_unit(text).map_err(|e| Error::invalid("quantity", e.0))?;
    Ok((n.to_string(), unit))
}

/// An optional date option (YYYY-MM-DD), named `field` in errors.
pub fn opt_date(field: &'static str, day: Option<String>) -> Result<Option<NaiveDate>, Error> {
    day.map(|d| time::parse_date(field, &d)).transpose()
}

/// The Appendix B handlers of a step (经办人 and department; the transport side for movements).
#[derive(clap::Args, Default)]
pub struct HandlerArgs {
    /// 经办人: who handled this step (not necessarily who types it)
    #[arg(long)]
    pub handler: Option<String>,
    /// The handler's department
    #[arg(long)]
    pub handler_dept: Option<String>,
    /// 运送部门经办人 (movements)
    #[arg(long)]
    pub transport_handler: Option<String>,
    /// The transport handler's department
    #[arg(long)]
    pub transport_dept: Option<String>,
}

impl From<HandlerArgs> for ehs_ledger::waste::appendix::Handlers {
    fn from(a: HandlerArgs) -> Self {
        ehs_ledger::waste::appendix::Handlers {
            handler: a.handler,
            handler_dept: a.handler_dept,
            transport_handler: a.transport_handler,
            transport_dept: a.transport_dept,
        }
    }
}
