//! Receivers (接受人) and transporters (承运人) with their licences (《危险废物经营许可证管理办法》).
//!
//! A licence is never edited: a renewal is a new licence row, and the licence in force on a day
//! is the newest live one whose validity covers it. [`check_licence`] is the pure rule a
//! shipment runs for every line: licence in force on the shipping day, category or code covered,
//! a collection licence only for waste mineral oil and Ni-Cd batteries.

use super::catalogue;
use crate::alerts::{Alert, AlertKind, Severity};
use crate::areas::Area;
use crate::audit::{self, Action};
use crate::db::Store;
use crate::error::{Error, Result};
use crate::plant::check_uscc;
use crate::plant::{Role, Session};
use crate::units::{Grams, MassUnit};
use crate::{new_id, time};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// Codes a 收集经营许可证 may cover (Art. 3): waste mineral oil from vehicle/machine repair and
/// household Ni-Cd batteries.
pub const COLLECTION_LICENCE_CODES: &[&str] = &["900-214-08", "900-044-49"];

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct NewCounterparty {
    pub kind: CounterpartyKind,
    pub name: String,
    pub uscc: Option<String>,
    pub address: String,
    pub contact: String,
    pub phone: String,
    /// 6-digit administrative division code (行政区划代码); its first two digits are the
    /// province, which decides whether a transfer is cross-province. Empty: read from the address.
    #[serde(default)]
    pub region_code: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct NewLicence {
    /// Counterparty id or name.
    pub counterparty: String,
    pub licence_no: String,
    pub licence_type: LicenceType,
    /// `YYYY-MM-DD`.
    pub valid_from: String,
    pub valid_to: String,
    /// HW categories (`HW08`) the licence covers.
    pub categories: Vec<String>,
    /// Specific codes (`900-249-08`) where the licence lists codes.
    pub codes: Vec<String>,
    /// 经营方式 / method codes (R1…, D10…), informative.
    pub methods: Vec<String>,
    /// Annual capacity (年经营规模) in tonnes, decimal text; empty = not stated.
    pub annual_capacity_t: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Licence {
    pub id: String,
    pub licence_no: String,
    pub licence_type: LicenceType,
    pub valid_from: String,
    pub valid_to: String,
    pub categories: Vec<String>,
    pub codes: Vec<String>,
    pub methods: Vec<String>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub annual_capacity_g: Option<i64>,
    pub annual_capacity_t: Option<String>,
}

/// A licence's state on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum LicenceStatus {
    Valid,
    Expiring,
    Expired,
    None,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Counterparty {
    pub id: String,
    pub kind: CounterpartyKind,
    pub name: String,
    pub uscc: Option<String>,
    pub address: String,
    pub contact: String,
    pub phone: String,
    /// 行政区划代码, when recorded.
    pub region_code: Option<String>,
    /// Two-digit province from the region code or the address; `None`: not known.
    pub province: Option<String>,
    /// Live licences, newest first.
    pub licences: Vec<Licence>,
    /// The licence in force today, if any.
    pub current: Option<Licence>,
    pub status: LicenceStatus,
    /// Days until licence coverage ends, renewals on record included (negative: expired that
    /// many days ago).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub days_left: Option<i64>,
    /// Mass shipped to this receiver this calendar year (live shipments).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub shipped_this_year_g: i64,
}

crate::text_enum! {
    /// Who a counterparty is to the plant.
    pub enum CounterpartyKind {
        /// 接受人: utilises or disposes of the waste.
        Receiver = "receiver",
        /// 承运人: carries it.
        Transporter = "transporter",
    }
}

crate::text_enum! {
    /// The kind of licence (《危险废物经营许可证管理办法》 and the transport permit).
    pub enum LicenceType {
        /// 综合经营许可证.
        Comprehensive = "comprehensive",
        /// 收集经营许可证: waste mineral oil and Ni-Cd batteries only.
        Collection = "collection",
        /// Exempted by the authority (e.g. 豁免 utilisation).
        Exempt = "exempt",
        /// Export (Basel) consent.
        Export = "export",
        /// 道路危险货物运输许可.
        Transport = "transport",
    }
}

crate::text_enum! {
    /// Why a licence does not allow a shipment line.
    pub enum LicenceProblemKind {
        NoLicence = "no_licence",
        Expired = "expired",
        NotYetValid = "not_yet_valid",
        CodeNotCovered = "code_not_covered",
        CollectionOnly = "collection_only",
        /// The licence's 经营方式 does not list the shipment's R/D method (or lists none).
        MethodNotCovered = "method_not_covered",
    }
}

/// Adds a receiver or transporter (admins and EHS officers).
pub fn add_counterparty(
    store: &mut Store,
    actor: &Session,
    input: NewCounterparty,
    now: DateTime<Utc>,
) -> Result<Counterparty> {
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    let k = input.kind;
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(Error::invalid("name", crate::msg::waste::name_required_most_200()));
    }
    let uscc = match input.uscc.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(u) => Some(check_uscc("uscc", u)?),
        None => None,
    };
    let region_code = match input.region_code.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(r) => Some(super::transfer::check_region_code("region_code", r)?),
        None => None,
    };
    let tx = store.write_tx()?;
    let dup: bool = tx
        .query_row(
            "SELECT 1 FROM counterparty WHERE kind = ?1 AND name = ?2 AND voided_at IS NULL",
            params![k, name],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    if dup {
        return Err(Error::invalid("name", crate::msg::waste::named_already_exists(&k, &name)));
    }
    let id = new_id();
    tx.execute(
        "INSERT INTO counterparty (id, kind, name, uscc, address, contact, phone, created_at, created_by, region_code)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            id,
            k,
            name,
            uscc,
            input.address.trim(),
            input.contact.trim(),
            input.phone.trim(),
            time::to_db(now),
            actor.user_id,
            region_code
        ],
    )?;
    audit::record(&tx, now, &actor.user_id, Action::Insert, "counterparty", &id, None, None)?;
    let today = time::local_date(now, crate::plant::require(&tx)?.tz()?);
    let c = get(&tx, "counterparty", &id, today)?;
    tx.commit()?;
    Ok(c)
}

fn list_field(field: &'static str, items: &[String], check: impl Fn(&str) -> Result<String>) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for raw in items.iter().flat_map(|s| s.split([',', ' ', '，', '、'])) {
        let t = raw.trim();
        if t.is_empty() {
            continue;
        }
        let v = check(t).map_err(|e| match e {
            Error::Invalid { msg, at, .. } => Error::Invalid { field, msg, at },
            other => other,
        })?;
        if !out.contains(&v) {
            out.push(v);
        }
    }
    Ok(out)
}

fn check_category(t: &str) -> Result<String> {
    let up = t.to_ascii_uppercase();
    let n: Option<u8> = up.strip_prefix("HW").filter(|d| d.len() == 2).and_then(|d| d.parse().ok());
    match n {
        Some(n) if catalogue::category_exists(n) => Ok(up),
        _ => Err(Error::invalid("categories", crate::msg::waste::not_hw_category_hw01(&t))),
    }
}

/// Adds a licence (or its renewal) to a counterparty.
pub fn add_licence(store: &mut Store, actor: &Session, input: NewLicence, now: DateTime<Utc>) -> Result<Counterparty> {
    actor.require(&[Role::Admin, Role::EhsOfficer])?;
    let no = input.licence_no.trim();
    if no.is_empty() || no.len() > 64 {
        return Err(Error::invalid("licence_no", crate::msg::waste::licence_number_required_most()));
    }
    let ty = input.licence_type;
    let from = time::parse_date("valid_from", &input.valid_from)?;
    let to = time::parse_date("valid_to", &input.valid_to)?;
    if to < from {
        return Err(Error::invalid("valid_to", crate::msg::waste::licence_ends_before_starts(&to, &from)));
    }
    let categories = list_field("categories", &input.categories, check_category)?;
    let codes = list_field("codes", &input.codes, |t| Ok(catalogue::parse_code("codes", t)?.code))?;
    let methods = list_field("methods", &input.methods, |t| {
        let up = t.to_ascii_uppercase();
        if up.len() <= 8 && up.chars().all(|c| c.is_ascii_alphanumeric()) {
            Ok(up)
        } else {
            Err(Error::invalid("methods", crate::msg::waste::not_method_code_r2(&t)))
        }
    })?;
    if ty == LicenceType::Collection {
        if let Some(c) = codes.iter().find(|c| !COLLECTION_LICENCE_CODES.contains(&c.as_str())) {
            return Err(Error::invalid("codes", crate::msg::waste::collection_licence_covers_only(&c)));
        }
    }
    if matches!(ty, LicenceType::Comprehensive | LicenceType::Collection) && categories.is_empty() && codes.is_empty() {
        return Err(Error::invalid("categories", crate::msg::waste::list_hw_categories_codes()));
    }
    let capacity = match input.annual_capacity_t.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(t) => {
            let g = Grams::parse(t, MassUnit::T).map_err(|e| Error::invalid("annual_capacity_t", e.0))?;
            if g.0 <= 0 {
                return Err(Error::invalid("annual_capacity_t", crate::msg::waste::annual_capacity_must_greater()));
            }
            Some(g.0)
        }
        None => None,
    };
    let tx = store.write_tx()?;
    let party = find(&tx, "counterparty", &input.counterparty)?;
    if (party.1 == CounterpartyKind::Transporter) != (ty == LicenceType::Transport) {
        return Err(Error::invalid("licence_type", crate::msg::waste::cannot_hold_licence(&party.1, &ty)));
    }
    let id = new_id();
    tx.execute(
        "INSERT INTO counterparty_licence (id, counterparty_id, licence_no, licence_type, valid_from, valid_to,
            categories, codes, methods, annual_capacity_g, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            id,
            party.0,
            no,
            ty,
            from.to_string(),
            to.to_string(),
            serde_json::to_string(&categories)?,
            serde_json::to_string(&codes)?,
            serde_json::to_string(&methods)?,
            capacity,
            time::to_db(now),
            actor.user_id
        ],
    )?;
    audit::record(&tx, now, &actor.user_id, Action::Insert, "counterparty_licence", &id, None, None)?;
    let today = time::local_date(now, crate::plant::require(&tx)?.tz()?);
    let c = get(&tx, "counterparty", &party.0, today)?;
    tx.commit()?;
    Ok(c)
}

/// (id, kind, name) of a live counterparty by id or exact name.
fn find(conn: &Connection, field: &'static str, id_or_name: &str) -> Result<(String, CounterpartyKind, String)> {
    let key = id_or_name.trim();
    let rows: Vec<(String, CounterpartyKind, String)> = {
        let mut stmt = conn.prepare_cached(
            "SELECT id, kind, name FROM counterparty WHERE (id = ?1 OR name = ?1) AND voided_at IS NULL",
        )?;
        let r = stmt.query_map([key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        r.collect::<rusqlite::Result<_>>()?
    };
    match rows.len() {
        0 => Err(Error::invalid(field, crate::msg::waste::no_receiver_transporter(&key))),
        1 => Ok(rows.into_iter().next().expect("one row")),
        _ => Err(Error::invalid(field, crate::msg::waste::names_both_receiver_transporter(&key))),
    }
}

/// A licence row as stored (lists still JSON text).
type LicenceRow = (String, String, LicenceType, String, String, String, String, String, Option<i64>);

fn map_licence(r: &rusqlite::Row<'_>) -> rusqlite::Result<LicenceRow> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?))
}

const LICENCE_SELECT: &str = "SELECT id, licence_no, licence_type, valid_from, valid_to, categories, codes, methods,
    annual_capacity_g FROM counterparty_licence WHERE counterparty_id = ?1 AND voided_at IS NULL";

fn build_licence(row: LicenceRow) -> Result<Licence> {
    let (id, licence_no, licence_type, valid_from, valid_to, cats, codes, methods, cap) = row;
    Ok(Licence {
        id,
        licence_no,
        licence_type,
        valid_from,
        valid_to,
        categories: serde_json::from_str(&cats)?,
        codes: serde_json::from_str(&codes)?,
        methods: serde_json::from_str(&methods)?,
        annual_capacity_g: cap,
        annual_capacity_t: cap.map(|g| Grams(g).t_string()),
    })
}

/// Live licences of a counterparty, newest validity first.
pub fn licences(conn: &Connection, counterparty_id: &str) -> Result<Vec<Licence>> {
    let mut stmt = conn.prepare_cached(&format!("{LICENCE_SELECT} ORDER BY valid_to DESC, created_at DESC"))?;
    let rows = stmt.query_map([counterparty_id], map_licence)?.collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(build_licence).collect()
}

/// The licence in force on `day`: the newest live one whose validity covers it.
pub fn licence_on(conn: &Connection, counterparty_id: &str, day: NaiveDate) -> Result<Option<Licence>> {
    let d = day.to_string();
    Ok(licences(conn, counterparty_id)?.into_iter().find(|l| l.valid_from <= d && d <= l.valid_to))
}

/// One receiver or transporter with its licences and today's status.
pub fn get(conn: &Connection, field: &'static str, id_or_name: &str, today: NaiveDate) -> Result<Counterparty> {
    let (id, _, _) = find(conn, field, id_or_name)?;
    let warn = super::settings::licence_warn_days(conn)?;
    let (kind, name, uscc, address, contact, phone, region_code): (
        CounterpartyKind,
        String,
        Option<String>,
        String,
        String,
        String,
        Option<String>,
    ) = conn.query_row(
        "SELECT kind, name, uscc, address, contact, phone, region_code FROM counterparty WHERE id = ?1",
        [&id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)),
    )?;
    let province = super::transfer::province_of(region_code.as_deref(), &address).map(str::to_string);
    let licences = licences(conn, &id)?;
    let current = licence_on(conn, &id, today)?;
    let (status, days_left) = match (&current, licences.first()) {
        (Some(l), _) => {
            // Coverage runs on through renewals already on record that start by the day after.
            let mut end = parse_day(&l.valid_to)?;
            loop {
                let next = licences
                    .iter()
                    .filter_map(|n| Some((parse_day(&n.valid_from).ok()?, parse_day(&n.valid_to).ok()?)))
                    .filter(|(f, t)| *f <= end + chrono::Duration::days(1) && *t > end)
                    .map(|(_, t)| t)
                    .max();
                match next {
                    Some(t) => end = t,
                    None => break,
                }
            }
            let left = (end - today).num_days();
            (if left <= warn { LicenceStatus::Expiring } else { LicenceStatus::Valid }, Some(left))
        }
        (None, Some(l)) => (LicenceStatus::Expired, Some((parse_day(&l.valid_to)? - today).num_days())),
        (None, None) => (LicenceStatus::None, None),
    };
    let year = today.format("%Y").to_string();
    let shipped: i64 = conn.query_row(
        "SELECT coalesce(sum(accepted_g), 0) FROM shipment_line_outcome
         WHERE receiver_id = ?1 AND substr(local_date, 1, 4) = ?2",
        params![id, year],
        |r| r.get(0),
    )?;
    Ok(Counterparty {
        id,
        kind,
        name,
        uscc,
        address,
        contact,
        phone,
        region_code,
        province,
        licences,
        current,
        status,
        days_left,
        shipped_this_year_g: shipped,
    })
}

fn parse_day(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| Error::Internal(format!("stored date {s}: {e}")))
}

/// Every live counterparty (receivers first), with today's licence status.
pub fn list(conn: &Connection, today: NaiveDate) -> Result<Vec<Counterparty>> {
    let ids: Vec<String> = {
        let mut stmt =
            conn.prepare("SELECT id FROM counterparty WHERE voided_at IS NULL ORDER BY kind, name COLLATE NOCASE")?;
        let r = stmt.query_map([], |r| r.get(0))?;
        r.collect::<rusqlite::Result<_>>()?
    };
    ids.iter().map(|id| get(conn, "counterparty", id, today)).collect()
}

/// Why a licence does not allow a shipment line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct LicenceProblem {
    pub kind: LicenceProblemKind,
    /// Whose licence it is: the UI and the refusal blame the receiver or the transporter field.
    pub party: CounterpartyKind,
    pub code: Option<String>,
    pub message: String,
}

/// Checks the licence in force (`current`, or `None`) of `party` for `codes` on `day`. Pure.
/// `latest` is the party's newest licence, for the "expired on …" message.
pub fn check_licence(
    party_kind: CounterpartyKind,
    party: &str,
    current: Option<&Licence>,
    latest: Option<&Licence>,
    day: NaiveDate,
    codes: &[String],
) -> Vec<LicenceProblem> {
    let Some(l) = current else {
        let (kind, message) = match latest {
            Some(l) if l.valid_from.as_str() > day.to_string().as_str() => (
                LicenceProblemKind::NotYetValid,
                format!("licence {} of {party} is valid only from {}; shipping day {day}", l.licence_no, l.valid_from),
            ),
            Some(l) => (
                LicenceProblemKind::Expired,
                format!("licence {} of {party} expired on {}; shipping day {day}", l.licence_no, l.valid_to),
            ),
            None => (LicenceProblemKind::NoLicence, format!("{party} has no licence on record")),
        };
        return vec![LicenceProblem { kind, party: party_kind, code: None, message }];
    };
    let mut out = Vec::new();
    if matches!(l.licence_type, LicenceType::Exempt | LicenceType::Export | LicenceType::Transport) {
        return out;
    }
    for code in codes {
        let category = format!("HW{}", &code[code.len().saturating_sub(2)..]);
        if l.licence_type == LicenceType::Collection && !COLLECTION_LICENCE_CODES.contains(&code.as_str()) {
            out.push(LicenceProblem {
                kind: LicenceProblemKind::CollectionOnly,
                party: party_kind,
                code: Some(code.clone()),
                message: format!(
                    "licence {} of {party} is a collection licence (waste mineral oil and Ni-Cd batteries only); it does not cover {code}",
                    l.licence_no
                ),
            });
            continue;
        }
        // A listed category covers all its codes; a licence that lists codes (some local
        // licences do) covers those codes.
        let covered = l.codes.contains(code) || l.categories.contains(&category);
        if !covered {
            out.push(LicenceProblem {
                kind: LicenceProblemKind::CodeNotCovered,
                party: party_kind,
                code: Some(code.clone()),
                message: format!("licence {} of {party} does not cover {code} ({category})", l.licence_no),
            });
        }
    }
    out
}

/// Checks that the licence in force covers the shipment's 利用/处置方式 (R/D code) in its
/// 经营方式 (《危险废物经营许可证管理办法》 Art. 10). A licence that lists no method cannot be shown to
/// cover it. Exempt, export and transport licences carry no 经营方式 and are not checked. Pure.
pub fn check_method(
    party_kind: CounterpartyKind,
    party: &str,
    current: Option<&Licence>,
    method: &str,
) -> Option<LicenceProblem> {
    let l = current?;
    if !matches!(l.licence_type, LicenceType::Comprehensive | LicenceType::Collection) {
        return None;
    }
    let m = method.trim().to_ascii_uppercase();
    if l.methods.iter().any(|x| x.eq_ignore_ascii_case(&m)) {
        return None;
    }
    let message = if l.methods.is_empty() {
        format!("licence {} of {party} records no 经营方式: it cannot be shown to cover method {m}", l.licence_no)
    } else {
        format!("licence {} of {party} covers methods {}, not {m}", l.licence_no, l.methods.join(", "))
    };
    Some(LicenceProblem { kind: LicenceProblemKind::MethodNotCovered, party: party_kind, code: None, message })
}

/// Licences expiring within the plant's lead time (default 30 days: warning) or expired
/// without renewal (critical), through the one alert model.
pub fn licence_alerts(conn: &Connection, today: NaiveDate) -> Result<Vec<Alert>> {
    let mut out = Vec::new();
    for c in list(conn, today)? {
        let latest = c.current.as_ref().or(c.licences.first());
        let Some(l) = latest else { continue };
        let days_left = c.days_left.unwrap_or(0);
        let (kind, severity) = match c.status {
            LicenceStatus::Expiring => (AlertKind::LicenceExpiring, Severity::Warning),
            LicenceStatus::Expired => (AlertKind::LicenceExpired, Severity::Critical),
            _ => continue,
        };
        let message = format!("licence {} ends {} ({days_left} days)", l.licence_no, l.valid_to);
        let valid_to = parse_day(&l.valid_to)?;
        out.push(
            Alert::new(Area::Waste, kind, severity, c.name.clone(), message)
                .record(c.id.clone())
                .due(valid_to)
                .param("party", c.kind)
                .param("name", c.name)
                .param("licence_no", &l.licence_no)
                .param("days_left", days_left)
                .param("days", days_left.abs()),
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lic(ty: &str, from: &str, to: &str, cats: &[&str], codes: &[&str]) -> Licence {
        Licence {
            id: "l".into(),
            licence_no: "GD-0001".into(),
            licence_type: ty.parse().unwrap(),
            valid_from: from.into(),
            valid_to: to.into(),
            categories: cats.iter().map(|s| s.to_string()).collect(),
            codes: codes.iter().map(|s| s.to_string()).collect(),
            methods: vec![],
            annual_capacity_g: None,
            annual_capacity_t: None,
        }
    }
    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn comprehensive_licence_covers_its_categories_only() {
        let l = lic("comprehensive", "2024-01-01", "2028-12-31", &["HW08", "HW12"], &[]);
        let p = check_licence(
            CounterpartyKind::Receiver,
            "R",
            Some(&l),
            Some(&l),
            d("2025-06-01"),
            &["900-249-08".into(), "900-041-49".into()],
        );
        assert_eq!(p.len(), 1);
        assert_eq!((p[0].kind, p[0].code.as_deref()), (LicenceProblemKind::CodeNotCovered, Some("900-041-49")));
        assert!(p[0].message.contains("HW49"), "{}", p[0].message);
    }

    #[test]
    fn expired_and_future_licences_are_named_with_their_dates() {
        let l = lic("comprehensive", "2020-01-01", "2024-12-31", &["HW08"], &[]);
        let p = check_licence(CounterpartyKind::Receiver, "R", None, Some(&l), d("2025-01-02"), &["900-249-08".into()]);
        assert_eq!(p[0].kind, LicenceProblemKind::Expired);
        assert!(p[0].message.contains("2024-12-31"));
        let f = lic("comprehensive", "2026-01-01", "2030-12-31", &["HW08"], &[]);
        assert_eq!(
            check_licence(CounterpartyKind::Receiver, "R", None, Some(&f), d("2025-01-02"), &[])[0].kind,
            LicenceProblemKind::NotYetValid
        );
        assert_eq!(
            check_licence(CounterpartyKind::Receiver, "R", None, None, d("2025-01-02"), &[])[0].kind,
            LicenceProblemKind::NoLicence
        );
    }

    #[test]
    fn collection_licence_is_limited_to_oil_and_nicd() {
        let l = lic("collection", "2024-01-01", "2026-12-31", &["HW08", "HW49"], &[]);
        assert!(check_licence(
            CounterpartyKind::Receiver,
            "C",
            Some(&l),
            Some(&l),
            d("2025-06-01"),
            &["900-214-08".into()]
        )
        .is_empty());
        let p =
            check_licence(CounterpartyKind::Receiver, "C", Some(&l), Some(&l), d("2025-06-01"), &["900-249-08".into()]);
        assert_eq!(p[0].kind, LicenceProblemKind::CollectionOnly);
    }

    #[test]
    fn a_licence_listing_codes_covers_only_those_codes() {
        let l = lic("comprehensive", "2024-01-01", "2028-12-31", &[], &["900-249-08"]);
        assert!(check_licence(
            CounterpartyKind::Receiver,
            "R",
            Some(&l),
            Some(&l),
            d("2025-06-01"),
            &["900-249-08".into()]
        )
        .is_empty());
        assert_eq!(
            check_licence(CounterpartyKind::Receiver, "R", Some(&l), Some(&l), d("2025-06-01"), &["900-214-08".into()])
                .len(),
            1
        );
        // A listed category covers every code in it.
        let cat = lic("comprehensive", "2024-01-01", "2028-12-31", &["HW08"], &["900-249-08"]);
        assert!(check_licence(
            CounterpartyKind::Receiver,
            "R",
            Some(&cat),
            Some(&cat),
            d("2025-06-01"),
            &["900-214-08".into()]
        )
        .is_empty());
    }
}
