//! Outfalls (排放口) and their permit entries (domain.md §6.2, §6.6): discharge mode and unit
//! class, the parameters the permit makes them monitor (method and required frequency), the
//! concentration limits with seasonal variants and start dates, and the plant's annual caps.
//!
//! The limit of a reading always comes from here — never from a generic table (§6.6: the same
//! 70 mg/L passes an indirect 500 and fails a Beijing direct 20). Everything is insert-only and
//! audited; a changed permit is a new limit from its date (or a voided entry with a reason).

use super::rules::{self, Limit};
use crate::audit::{self, Action};
use crate::db::Store;
use crate::error::{Error, Result};
use crate::plant::{Role, Session};
use crate::{new_id, time};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

crate::text_enum! {
    /// Direct discharge into receiving waters, or indirect through a sewage works.
    pub enum DischargeMode {
        Direct = "direct",
        Indirect = "indirect",
    }
}

crate::text_enum! {
    /// 重点排污单位 or not (sets the minimum monitoring frequencies, HJ 819).
    pub enum UnitClass {
        Key = "key",
        NonKey = "non_key",
    }
}

crate::text_enum! {
    /// The unit of a parameter's values: mg/L, pH (dimensionless), or m³ (flow over the interval).
    pub enum ParamUnit {
        MgL = "mg_l",
        Ph = "ph",
        M3 = "m3",
    }
}

crate::text_enum! {
    /// How the permit says a parameter is monitored.
    pub enum MonitoringMethod {
        Online = "online",
        Manual = "manual",
    }
}

crate::text_enum! {
    /// The permit's required monitoring frequency of a parameter.
    pub enum Frequency {
        Continuous = "continuous",
        Daily = "daily",
        Weekly = "weekly",
        Monthly = "monthly",
        Quarterly = "quarterly",
        HalfYearly = "half_yearly",
        Yearly = "yearly",
    }
}

/// A parameter the app knows: its code, names, unit, HJ 212-2017 factor code, and the registry
/// indicator its load feeds (if any).
#[derive(Debug, Clone, Copy)]
pub struct KnownParam {
    pub code: &'static str,
    pub name_zh: &'static str,
    pub name_en: &'static str,
    pub unit: ParamUnit,
    pub factor_code: &'static str,
    pub load_key: Option<&'static str>,
}

const fn kp(
    code: &'static str,
    name_zh: &'static str,
    name_en: &'static str,
    unit: ParamUnit,
    factor_code: &'static str,
    load_key: Option<&'static str>,
) -> KnownParam {
    KnownParam { code, name_zh, name_en, unit, factor_code, load_key }
}

/// The parameters of domain.md §6 with their HJ 212-2017 codes.
pub const KNOWN_PARAMS: &[KnownParam] = &[
    kp("cod", "化学需氧量", "COD", ParamUnit::MgL, "w01018", Some("ww_cod_load_g")),
    kp("bod5", "五日生化需氧量", "BOD5", ParamUnit::MgL, "w01017", Some("ww_bod5_load_g")),
    kp("nh3n", "氨氮", "NH3-N", ParamUnit::MgL, "w21003", Some("ww_nh3n_load_g")),
    kp("tn", "总氮", "Total nitrogen", ParamUnit::MgL, "w21001", None),
    kp("tp", "总磷", "Total phosphorus", ParamUnit::MgL, "w21011", None),
    kp("ss", "悬浮物", "Suspended solids", ParamUnit::MgL, "w01012", None),
    kp("ph", "pH 值", "pH", ParamUnit::Ph, "w01001", None),
    kp("flow", "废水流量", "Flow", ParamUnit::M3, "w00000", None),
];

/// The known parameter `code`, if it is one.
pub fn known(code: &str) -> Option<&'static KnownParam> {
    KNOWN_PARAMS.iter().find(|k| k.code == code)
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct NewLimit {
    /// Exact decimal text; at least one of upper and lower.
    pub upper: Option<String>,
    pub lower: Option<String>,
    /// Months it applies in: `12-3` (Dec–Mar), `6,7,8`, or empty for the whole year.
    pub months: Option<String>,
    /// Plant-local `YYYY-MM-DD`.
    pub valid_from: String,
    pub basis: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct NewParam {
    /// `cod`, `bod5`, `nh3n`, `tn`, `tp`, `ss`, `ph`, `flow`, or the plant's own (`a-z 0-9 _`).
    pub code: String,
    /// Needed for the plant's own parameters; a known one has its name.
    pub name: Option<String>,
    pub method: MonitoringMethod,
    pub frequency: Frequency,
    /// The HJ 212-2017 code (`w01018`); a known parameter has its own.
    pub factor_code: Option<String>,
    pub limits: Vec<NewLimit>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct NewOutfall {
    pub code: String,
    pub name: String,
    pub discharge_mode: DischargeMode,
    pub unit_class: UnitClass,
    pub receiving: String,
    pub permit_no: String,
    /// Plant-local `YYYY-MM-DD`.
    pub permit_expires_on: Option<String>,
    /// The HJ 212 MN of the outfall's data logger (how online packets find the outfall).
    pub mn: Option<String>,
    pub params: Vec<NewParam>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct LimitRow {
    pub id: String,
    pub upper: Option<String>,
    pub lower: Option<String>,
    /// Bit m−1 = month m.
    pub months: u16,
    /// `全年` / `12–3月` wording is the UI's; this is `12,1,2,3` or empty for all year.
    pub months_text: String,
    pub valid_from: String,
    pub basis: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Param {
    pub id: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub n: i64,
    pub outfall_id: String,
    pub code: String,
    pub name: String,
    pub unit: ParamUnit,
    pub factor_code: Option<String>,
    pub method: MonitoringMethod,
    pub frequency: Frequency,
    pub limits: Vec<LimitRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Outfall {
    pub id: String,
    pub code: String,
    pub name: String,
    pub discharge_mode: DischargeMode,
    pub unit_class: UnitClass,
    pub receiving: String,
    pub permit_no: String,
    pub permit_expires_on: Option<String>,
    pub mn: Option<String>,
    pub params: Vec<Param>,
}

fn require_writer(actor: &Session) -> Result<()> {
    actor.require(&[Role::Admin, Role::EhsOfficer])
}

fn short_text(field: &'static str, text: &str, max: usize, required: bool) -> Result<String> {
    let t = text.trim();
    if required && t.is_empty() {
        return Err(Error::invalid(field, crate::msg::common::required()));
    }
    if t.chars().count() > max {
        return Err(Error::invalid(field, crate::msg::common::too_long(&max)));
    }
    crate::text::no_hidden_chars(field, field, t)?;
    Ok(t.to_string())
}

/// Adds an outfall with its parameters and limits, all or nothing.
pub fn add(store: &mut Store, actor: &Session, input: NewOutfall, now: DateTime<Utc>) -> Result<Outfall> {
    require_writer(actor)?;
    let code = short_text("code", &input.code, 40, true)?;
    let name = short_text("name", &input.name, 200, true)?;
    let receiving = short_text("receiving", &input.receiving, 200, false)?;
    let permit_no = short_text("permit_no", &input.permit_no, 60, false)?;
    let expires = match input.permit_expires_on.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(d) => Some(time::parse_date("permit_expires_on", d)?.to_string()),
        None => None,
    };
    let mn = match input.mn.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(m) => Some(rules::check_mn("mn", m)?),
        None => None,
    };
    let tx = store.write_tx()?;
    if tx
        .query_row("SELECT 1 FROM water_outfall WHERE code = ?1 AND voided_at IS NULL", [&code], |_| Ok(()))
        .optional()?
        .is_some()
    {
        return Err(Error::invalid("code", crate::msg::water::outfall_already_exists(&code)));
    }
    if let Some(mn) = &mn {
        if let Some(other) = tx
            .query_row("SELECT code FROM water_outfall WHERE mn = ?1 AND voided_at IS NULL", [mn], |r| {
                r.get::<_, String>(0)
            })
            .optional()?
        {
            return Err(Error::invalid("mn", crate::msg::water::mn_already_logger_outfall(&mn, &other)));
        }
    }
    let id = new_id();
    tx.execute(
        "INSERT INTO water_outfall (id, code, name, discharge_mode, unit_class, receiving, permit_no,
             permit_expires_on, mn, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            id,
            code,
            name,
            input.discharge_mode,
            input.unit_class,
            receiving,
            permit_no,
            expires,
            mn,
            time::to_db(now),
            actor.user_id
        ],
    )?;
    audit::record(&tx, now, &actor.user_id, Action::Insert, "water_outfall", &id, None, None)?;
    for (i, p) in input.params.into_iter().enumerate() {
        insert_param(&tx, actor, &id, p, now).map_err(|e| e.at(crate::msg::water::ctx_parameter(&(i + 1))))?;
    }
    let out = outfall(&tx, &id)?;
    tx.commit()?;
    Ok(out)
}

/// Adds a parameter (with its limits) to an outfall given by id or code.
pub fn add_param(store: &mut Store, actor: &Session, outfall: &str, p: NewParam, now: DateTime<Utc>) -> Result<Param> {
    require_writer(actor)?;
    let tx = store.write_tx()?;
    let of = find(&tx, "outfall", outfall)?;
    let id = insert_param(&tx, actor, &of, p, now)?;
    let got = param(&tx, &id)?;
    tx.commit()?;
    Ok(got)
}

fn insert_param(tx: &Connection, actor: &Session, outfall_id: &str, p: NewParam, now: DateTime<Utc>) -> Result<String> {
    let code = p.code.trim().to_ascii_lowercase();
    if code.is_empty()
        || code.len() > 24
        || !code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        return Err(Error::invalid("code", crate::msg::water::not_parameter_code_z(&crate::text::shown(&p.code))));
    }
    let k = known(&code);
    let name = match (p.name.as_deref().map(str::trim).filter(|s| !s.is_empty()), k) {
        (Some(n), _) => short_text("name", n, 100, true)?,
        (None, Some(k)) => k.name_zh.to_string(),
        (None, None) => return Err(Error::invalid("name", crate::msg::water::parameter_needs_name(&code))),
    };
    let unit = k.map_or(ParamUnit::MgL, |k| k.unit);
    let factor = match p.factor_code.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(f) => Some(rules::check_factor_code("factor_code", f)?),
        None => k.map(|k| k.factor_code.to_string()),
    };
    if p.method == MonitoringMethod::Online && factor.is_none() {
        return Err(Error::invalid("factor_code", crate::msg::water::online_parameter_needs_hj(&code)));
    }
    if (p.method == MonitoringMethod::Online) != (p.frequency == Frequency::Continuous) {
        return Err(Error::invalid("frequency", crate::msg::water::online_monitoring_continuous_continuous(&code)));
    }
    if tx
        .query_row(
            "SELECT 1 FROM water_param WHERE outfall_id = ?1 AND code = ?2 AND voided_at IS NULL",
            params![outfall_id, code],
            |_| Ok(()),
        )
        .optional()?
        .is_some()
    {
        return Err(Error::invalid("code", crate::msg::water::outfall_already_monitors(&code)));
    }
    if let Some(f) = &factor {
        if tx
            .query_row(
                "SELECT 1 FROM water_param WHERE outfall_id = ?1 AND factor_code = ?2 AND voided_at IS NULL",
                params![outfall_id, f],
                |_| Ok(()),
            )
            .optional()?
            .is_some()
        {
            return Err(Error::invalid("factor_code", crate::msg::water::another_parameter_outfall_has(&f)));
        }
    }
    let id = new_id();
    let n: i64 = tx.query_row("SELECT coalesce(max(n), 0) + 1 FROM water_param", [], |r| r.get(0))?;
    tx.execute(
        "INSERT INTO water_param (id, n, outfall_id, code, name, unit, factor_code, method, frequency, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![id, n, outfall_id, code, name, unit, factor, p.method, p.frequency, time::to_db(now), actor.user_id],
    )?;
    audit::record(tx, now, &actor.user_id, Action::Insert, "water_param", &id, None, None)?;
    for (i, l) in p.limits.into_iter().enumerate() {
        insert_limit(tx, actor, &id, unit, l, now).map_err(|e| e.at(crate::msg::water::ctx_limit(&code, &(i + 1))))?;
    }
    Ok(id)
}

/// Adds a limit to parameter `code` of an outfall (a revised permit: a new limit from its date).
pub fn add_limit(
    store: &mut Store,
    actor: &Session,
    outfall: &str,
    code: &str,
    l: NewLimit,
    now: DateTime<Utc>,
) -> Result<Param> {
    require_writer(actor)?;
    let tx = store.write_tx()?;
    let of = find(&tx, "outfall", outfall)?;
    let (pid, unit): (String, ParamUnit) = tx
        .query_row(
            "SELECT id, unit FROM water_param WHERE outfall_id = ?1 AND code = ?2 AND voided_at IS NULL",
            params![of, code.trim().to_ascii_lowercase()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| {
            Error::invalid("param", crate::msg::water::outfall_does_not_monitor(&crate::text::shown(code)))
        })?;
    insert_limit(&tx, actor, &pid, unit, l, now)?;
    let got = param(&tx, &pid)?;
    tx.commit()?;
    Ok(got)
}

fn insert_limit(
    tx: &Connection,
    actor: &Session,
    param_id: &str,
    unit: ParamUnit,
    l: NewLimit,
    now: DateTime<Utc>,
) -> Result<()> {
    if unit == ParamUnit::M3 {
        return Err(Error::invalid("limit", crate::msg::water::flow_has_no_concentration()));
    }
    let bound = |field: &'static str, v: &Option<String>| -> Result<Option<String>> {
        match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(t) => rules::parse_limit_value(field, t).map(|_| Some(t.to_string())),
        }
    };
    let upper = bound("upper", &l.upper)?;
    let lower = bound("lower", &l.lower)?;
    if upper.is_none() && lower.is_none() {
        return Err(Error::invalid("upper", crate::msg::water::limit_needs_upper_lower()));
    }
    if let (Some(u), Some(lo)) = (&upper, &lower) {
        if rules::parse_limit_value("lower", lo)? >= rules::parse_limit_value("upper", u)? {
            return Err(Error::invalid("lower", crate::msg::water::lower_bound_not_below(&lo, &u)));
        }
    }
    let months = rules::parse_months("months", l.months.as_deref().unwrap_or(""))?;
    let from = time::parse_date("valid_from", l.valid_from.trim())?;
    let basis = short_text("basis", &l.basis, 200, false)?;
    let id = new_id();
    tx.execute(
        "INSERT INTO water_limit (id, param_id, upper, lower, months, valid_from, basis, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![id, param_id, upper, lower, months, from.to_string(), basis, time::to_db(now), actor.user_id],
    )?;
    audit::record(tx, now, &actor.user_id, Action::Insert, "water_limit", &id, None, None)?;
    Ok(())
}

/// Voids an outfall, a parameter or a limit (by its id) with a reason.
pub fn void(store: &mut Store, actor: &Session, id: &str, reason: &str, now: DateTime<Utc>) -> Result<()> {
    require_writer(actor)?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::invalid("reason", crate::msg::common::reason_required()));
    }
    let tx = store.write_tx()?;
    let mut table = None;
    for t in ["water_outfall", "water_param", "water_limit", "water_cap"] {
        let live: Option<bool> =
            tx.query_row(&format!("SELECT voided_at IS NULL FROM {t} WHERE id = ?1"), [id], |r| r.get(0)).optional()?;
        if let Some(live) = live {
            if !live {
                return Err(Error::Conflict(crate::msg::common::already_voided(&id)));
            }
            table = Some(t);
        }
    }
    let table =
        table.ok_or_else(|| Error::NotFound { what: "outfall, parameter, limit or cap", id: id.to_string() })?;
    audit::void_row(&tx, now, &actor.user_id, table, id, reason)?;
    tx.commit()?;
    Ok(())
}

/// Sets the plant's annual permitted load of a parameter (t/a, exact decimal) from a year on.
pub fn set_cap(
    store: &mut Store,
    actor: &Session,
    param_code: &str,
    tonnes: &str,
    from_year: i32,
    basis: &str,
    now: DateTime<Utc>,
) -> Result<Cap> {
    require_writer(actor)?;
    let code = param_code.trim().to_ascii_lowercase();
    if known(&code).is_some_and(|k| k.unit != ParamUnit::MgL) || code.is_empty() {
        return Err(Error::invalid("param", crate::msg::water::has_no_load_cap(&crate::text::shown(param_code))));
    }
    let g = crate::units::Grams::parse(tonnes, crate::units::MassUnit::T).map_err(|e| Error::invalid("cap", e.0))?;
    if g.0 <= 0 {
        return Err(Error::invalid("cap", crate::msg::water::cap_more_than_0()));
    }
    if !(1990..=2200).contains(&from_year) {
        return Err(Error::invalid("from_year", crate::msg::water::not_year(&from_year)));
    }
    let basis = short_text("basis", basis, 200, false)?;
    let tx = store.write_tx()?;
    let id = new_id();
    tx.execute(
        "INSERT INTO water_cap (id, param_code, cap_g, from_year, basis, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![id, code, g.0, from_year, basis, time::to_db(now), actor.user_id],
    )?;
    audit::record(&tx, now, &actor.user_id, Action::Insert, "water_cap", &id, None, None)?;
    let cap =
        cap_for(&tx, &code, from_year)?.ok_or_else(|| Error::Internal("the cap just written is not read".into()))?;
    tx.commit()?;
    Ok(cap)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Cap {
    pub id: String,
    pub param_code: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub cap_g: i64,
    pub from_year: i32,
    pub basis: String,
}

/// The cap of `code` in force in `year` (the latest from-year not after it).
pub fn cap_for(conn: &Connection, code: &str, year: i32) -> Result<Option<Cap>> {
    Ok(conn
        .query_row(
            "SELECT id, param_code, cap_g, from_year, basis FROM water_cap
             WHERE param_code = ?1 AND from_year <= ?2 AND voided_at IS NULL ORDER BY from_year DESC, created_at DESC LIMIT 1",
            params![code, year],
            |r| Ok(Cap { id: r.get(0)?, param_code: r.get(1)?, cap_g: r.get(2)?, from_year: r.get(3)?, basis: r.get(4)? }),
        )
        .optional()?)
}

/// Every live cap.
pub fn caps(conn: &Connection) -> Result<Vec<Cap>> {
    let mut stmt = conn.prepare(
        "SELECT id, param_code, cap_g, from_year, basis FROM water_cap WHERE voided_at IS NULL ORDER BY param_code, from_year",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Cap { id: r.get(0)?, param_code: r.get(1)?, cap_g: r.get(2)?, from_year: r.get(3)?, basis: r.get(4)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The id of the live outfall with this id or code.
pub fn find(conn: &Connection, field: &'static str, key: &str) -> Result<String> {
    conn.query_row(
        "SELECT id FROM water_outfall WHERE (id = ?1 OR code = ?1) AND voided_at IS NULL",
        [key.trim()],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| Error::invalid(field, crate::msg::water::no_outfall(&crate::text::shown(key))))
}

/// One live outfall with its live parameters and limits.
pub fn outfall(conn: &Connection, id: &str) -> Result<Outfall> {
    let mut o = conn
        .query_row(
            "SELECT id, code, name, discharge_mode, unit_class, receiving, permit_no, permit_expires_on, mn
             FROM water_outfall WHERE id = ?1",
            [id],
            |r| {
                Ok(Outfall {
                    id: r.get(0)?,
                    code: r.get(1)?,
                    name: r.get(2)?,
                    discharge_mode: r.get(3)?,
                    unit_class: r.get(4)?,
                    receiving: r.get(5)?,
                    permit_no: r.get(6)?,
                    permit_expires_on: r.get(7)?,
                    mn: r.get(8)?,
                    params: vec![],
                })
            },
        )
        .optional()?
        .ok_or_else(|| Error::NotFound { what: "outfall", id: id.to_string() })?;
    let ids: Vec<String> = {
        let mut stmt =
            conn.prepare_cached("SELECT id FROM water_param WHERE outfall_id = ?1 AND voided_at IS NULL ORDER BY n")?;
        let r = stmt.query_map([id], |r| r.get(0))?;
        r.collect::<rusqlite::Result<_>>()?
    };
    o.params = ids.iter().map(|p| param(conn, p)).collect::<Result<_>>()?;
    Ok(o)
}

/// Every live outfall, by code.
pub fn list(conn: &Connection) -> Result<Vec<Outfall>> {
    let ids: Vec<String> = {
        let mut stmt = conn.prepare("SELECT id FROM water_outfall WHERE voided_at IS NULL ORDER BY code")?;
        let r = stmt.query_map([], |r| r.get(0))?;
        r.collect::<rusqlite::Result<_>>()?
    };
    ids.iter().map(|id| outfall(conn, id)).collect()
}

/// One parameter with its live limits.
pub fn param(conn: &Connection, id: &str) -> Result<Param> {
    let mut p = conn.query_row(
        "SELECT id, n, outfall_id, code, name, unit, factor_code, method, frequency FROM water_param WHERE id = ?1",
        [id],
        |r| {
            Ok(Param {
                id: r.get(0)?,
                n: r.get(1)?,
                outfall_id: r.get(2)?,
                code: r.get(3)?,
                name: r.get(4)?,
                unit: r.get(5)?,
                factor_code: r.get(6)?,
                method: r.get(7)?,
                frequency: r.get(8)?,
                limits: vec![],
            })
        },
    )?;
    p.limits = limits_of(conn, id)?
        .into_iter()
        .map(|l| LimitRow {
            months_text: rules::months_text(l.months),
            id: l.id,
            upper: l.upper_text,
            lower: l.lower_text,
            months: l.months,
            valid_from: l.valid_from.to_string(),
            basis: l.basis,
        })
        .collect();
    Ok(p)
}

/// The live limits of a parameter, oldest first.
pub fn limits_of(conn: &Connection, param_id: &str) -> Result<Vec<Limit>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, upper, lower, months, valid_from, basis FROM water_limit
         WHERE param_id = ?1 AND voided_at IS NULL ORDER BY valid_from, created_at",
    )?;
    let rows = stmt.query_map([param_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, u16>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    rows.map(|row| {
        let (id, upper, lower, months, from, basis) = row?;
        Limit::new(id, upper, lower, months, time::parse_date("valid_from", &from)?, basis)
    })
    .collect()
}

/// The live parameters of every live outfall, by n (what the ingestion and the loads read).
pub fn all_params(conn: &Connection) -> Result<Vec<Param>> {
    let ids: Vec<String> = {
        let mut stmt = conn.prepare(
            "SELECT p.id FROM water_param p JOIN water_outfall o ON o.id = p.outfall_id
             WHERE p.voided_at IS NULL AND o.voided_at IS NULL ORDER BY p.n",
        )?;
        let r = stmt.query_map([], |r| r.get(0))?;
        r.collect::<rusqlite::Result<_>>()?
    };
    ids.iter().map(|id| param(conn, id)).collect()
}

/// The plant-local day a permit lapses, per outfall with one (for the alerts).
pub fn permits(conn: &Connection) -> Result<Vec<(String, String, NaiveDate)>> {
    let mut stmt = conn.prepare(
        "SELECT code, permit_no, permit_expires_on FROM water_outfall
         WHERE voided_at IS NULL AND permit_expires_on IS NOT NULL ORDER BY permit_expires_on, code",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
    rows.map(|row| {
        let (code, no, d) = row?;
        Ok((code, no, time::parse_date("permit_expires_on", &d)?))
    })
    .collect()
}
