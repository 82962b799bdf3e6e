//! Instants and plant-local time. Instants are stored in UTC as fixed-width RFC 3339 text
//! (`YYYY-MM-DDTHH:MM:SSZ`, sortable as text); days and periods are computed in the plant's
//! IANA time zone with chrono-tz. Nothing here reads the clock: callers pass `now`.

use crate::error::{Error, Result};
use chrono::{DateTime, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// Storage format for instants (second precision).
pub const UTC_FORMAT: &str = "%Y-%m-%dT%H:%M:%SZ";

/// Formats an instant for storage.
pub fn to_db(t: DateTime<Utc>) -> String {
    t.format(UTC_FORMAT).to_string()
}

/// Formats an instant for the audit trail (millisecond precision).
pub fn to_db_millis(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// Parses a stored instant.
pub fn from_db(s: &str) -> Result<DateTime<Utc>> {
    NaiveDateTime::parse_from_str(s, UTC_FORMAT)
        .map(|n| n.and_utc())
        .map_err(|e| Error::Internal(format!("bad stored instant '{s}': {e}")))
}

/// Parses an IANA zone name, e.g. `Asia/Shanghai`.
pub fn parse_tz(field: &'static str, name: &str) -> Result<Tz> {
    name.trim().parse::<Tz>().map_err(|_| Error::invalid(field, crate::msg::common::not_iana_time_zone(&name)))
}

/// Parses an entered date-time into UTC: plant-local `YYYY-MM-DDTHH:MM[:SS]` (a space instead of
/// `T` is accepted), or the same with an explicit offset (`Z`, `UTC`, `+08:00`, `+0800`, `-05`),
/// which is honoured. The whole text is read: anything else after the time is refused.
/// A local wall time that does not exist (DST gap) is refused; an ambiguous one takes the earlier.
pub fn local_to_utc(field: &'static str, text: &str, tz: Tz) -> Result<DateTime<Utc>> {
    let bad = || Error::invalid(field, crate::msg::common::not_date_time_yyyy(&crate::text::shown(text)));
    let t = text.trim();
    let (wall, offset) = split_offset(t).ok_or_else(bad)?;
    let wall = wall.trim_end().replacen(' ', "T", 1);
    let naive = NaiveDateTime::parse_from_str(&wall, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(&wall, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| bad())?;
    if let Some(off) = offset {
        return off.from_local_datetime(&naive).single().map(|t| t.with_timezone(&Utc)).ok_or_else(bad);
    }
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Ok(t.with_timezone(&Utc)),
        LocalResult::None => {
            Err(Error::invalid(field, crate::msg::common::does_not_exist_clock(&crate::text::shown(text), &tz)))
        }
    }
}

/// Splits an explicit UTC offset off the end of a date-time: `Z`, `UTC`/`GMT` (after a space or
/// not), `±HH:MM`, `±HHMM`, `±HH`. `None` when a suffix looks like an offset but is not one.
fn split_offset(t: &str) -> Option<(&str, Option<FixedOffset>)> {
    let upper = t.to_ascii_uppercase();
    for z in ["UTC", "GMT", "Z"] {
        if upper.ends_with(z) {
            return Some((&t[..t.len() - z.len()], Some(FixedOffset::east_opt(0)?)));
        }
    }
    // An offset sign comes after the time's first colon (the date's '-' come before it).
    let Some(colon) = t.find(':') else { return Some((t, None)) };
    let Some(at) = t[colon..].rfind(['+', '-']).map(|i| colon + i) else { return Some((t, None)) };
    let (wall, off) = t.split_at(at);
    let sign = if off.starts_with('-') { -1 } else { 1 };
    let digits: String = off[1..].chars().filter(|c| *c != ':').collect();
    if !digits.bytes().all(|b| b.is_ascii_digit())
        || !matches!(digits.len(), 2 | 4)
        || off[1..].find(':').is_some_and(|i| i != 2)
    {
        return None;
    }
    let h: i32 = digits[..2].parse().ok()?;
    let m: i32 = if digits.len() == 4 { digits[2..].parse().ok()? } else { 0 };
    if h > 14 || m > 59 {
        return None;
    }
    Some((wall, Some(FixedOffset::east_opt(sign * (h * 3600 + m * 60))?)))
}

/// Plant-local wall time `YYYY-MM-DD HH:MM` of an instant.
pub fn utc_to_local_string(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
}

/// Parses `YYYY-MM-DD`.
pub fn parse_date(field: &'static str, text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| Error::invalid(field, crate::msg::common::not_date_yyyy_mm(&text)))
}

/// The UTC instant at which plant-local day `d` starts.
pub fn local_day_start_utc(d: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let midnight = d.and_hms_opt(0, 0, 0).unwrap_or_default();
    match tz.from_local_datetime(&midnight) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
        // Midnight skipped by a DST change: the day starts at the first instant after the gap.
        LocalResult::None => tz
            .from_local_datetime(&(midnight + chrono::Duration::hours(1)))
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| midnight.and_utc()),
    }
}

/// The plant-local date of an instant.
pub fn local_date(t: DateTime<Utc>, tz: Tz) -> NaiveDate {
    t.with_timezone(&tz).date_naive()
}

/// How far ahead of `now` an entered time may lie (clock drift between PCs, night shifts).
pub const MAX_FUTURE: chrono::Duration = chrono::Duration::hours(24);

/// An entered plant-local time (`YYYY-MM-DDTHH:MM`, see [`local_to_utc`]), or `now` when none
/// is given; refused naming `field` when more than [`MAX_FUTURE`] ahead. A given but blank text
/// (`--at ''`) is refused, not taken as now: the shells send `None` for "now".
pub fn entered_or_now(field: &'static str, input: Option<&str>, tz: Tz, now: DateTime<Utc>) -> Result<DateTime<Utc>> {
    let at = match input.map(str::trim) {
        None => now,
        Some("") => return Err(Error::invalid(field, crate::msg::common::time_blank_give_yyyy())),
        Some(t) => local_to_utc(field, t, tz)?,
    };
    if at > now + MAX_FUTURE {
        return Err(Error::invalid(field, crate::msg::common::more_than_24_h(&utc_to_local_string(at, tz))));
    }
    Ok(at)
}

/// `t` truncated to its minute. Users enter times to the minute; a record made "now" carries
/// seconds. Ordering checks between the two compare at minute precision, so a container stored
/// at 13:40:30 can leave at "13:40".
pub fn to_minute(t: DateTime<Utc>) -> DateTime<Utc> {
    use chrono::{DurationRound, TimeDelta};
    t.duration_trunc(TimeDelta::minutes(1)).unwrap_or(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shanghai_local_time_is_stored_as_utc() {
        let tz: Tz = "Asia/Shanghai".parse().unwrap();
        let t = local_to_utc("generated_at", "2025-03-01T09:00", tz).unwrap();
        assert_eq!(to_db(t), "2025-03-01T01:00:00Z");
        assert_eq!(utc_to_local_string(t, tz), "2025-03-01 09:00");
    }

    #[test]
    fn local_day_bounds_follow_the_zone() {
        let tz: Tz = "Asia/Shanghai".parse().unwrap();
        let d = NaiveDate::from_ymd_opt(2025, 1, 6).unwrap();
        assert_eq!(to_db(local_day_start_utc(d, tz)), "2025-01-05T16:00:00Z");
        // 00:30 Monday in Shanghai is still Sunday in UTC; the local date is Monday.
        let t = local_to_utc("x", "2025-01-06T00:30", tz).unwrap();
        assert_eq!(local_date(t, tz), d);
    }

    #[test]
    fn nonexistent_wall_time_is_refused() {
        let tz: Tz = "America/New_York".parse().unwrap();
        let e = local_to_utc("generated_at", "2025-03-09T02:30", tz).unwrap_err();
        assert_eq!(e.field(), Some("generated_at"));
    }

    /// Guards issue 9 item 10: a time-zone suffix is honoured and trailing text refused, never
    /// cut off (the importer used to keep the first 16 characters).
    #[test]
    fn an_explicit_offset_is_honoured_and_trailing_garbage_refused() {
        let tz: Tz = "Asia/Shanghai".parse().unwrap();
        let utc = |s: &str| to_db(local_to_utc("generated_at", s, tz).unwrap());
        assert_eq!(utc("2026-03-01T08:00+08:00"), "2026-03-01T00:00:00Z");
        assert_eq!(utc("2026-03-01 08:00Z"), "2026-03-01T08:00:00Z");
        assert_eq!(utc("2026-03-01 08:00:00 UTC"), "2026-03-01T08:00:00Z");
        assert_eq!(utc("2026-03-01T08:00:30-0500"), "2026-03-01T13:00:30Z");
        assert_eq!(utc("2026-03-01T08:00+09"), "2026-02-28T23:00:00Z");
        assert_eq!(utc("2026-03-01 08:00"), "2026-03-01T00:00:00Z", "no offset = plant-local");
        for bad in [
            "2026-03-01 08:00 garbage",
            "2026-03-01T08:00+8",
            "2026-03-01T08:00+08:0",
            "2026-03-01T08:00+25:00",
            "2026-03-01T08:00:00.5x",
            "2026-03-01T08:00 +08:00 x",
        ] {
            let e = local_to_utc("generated_at", bad, tz).unwrap_err();
            assert_eq!(e.field(), Some("generated_at"), "{bad}");
        }
    }

    /// Guards issue 9 item 12: `--at ''` is refused, not taken as now.
    #[test]
    fn a_blank_entered_time_is_refused_not_taken_as_now() {
        let tz: Tz = "Asia/Shanghai".parse().unwrap();
        let now = Utc::now();
        assert_eq!(entered_or_now("at", None, tz, now).unwrap(), now);
        for blank in ["", "  "] {
            assert_eq!(entered_or_now("at", Some(blank), tz, now).unwrap_err().field(), Some("at"));
        }
    }

    #[test]
    fn bad_zone_and_text_name_the_field() {
        assert_eq!(parse_tz("timezone", "Mars/Base").unwrap_err().field(), Some("timezone"));
        let tz: Tz = "UTC".parse().unwrap();
        assert_eq!(local_to_utc("generated_at", "yesterday", tz).unwrap_err().field(), Some("generated_at"));
    }
}
