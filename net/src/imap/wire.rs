//! What goes on the wire besides the commands themselves: mailbox names (checked, then modified
//! UTF-7, RFC 3501 §5.1.3), quoted strings, UID sets, INTERNALDATE. Pure functions, no I/O.

use chrono::{DateTime, Utc};

use super::ImapError;

pub(super) fn is_inbox(name: &str) -> bool {
    name.eq_ignore_ascii_case("INBOX")
}

/// `17-Jul-1996 02:44:25 -0700` (the day may be space-padded).
pub(super) fn parse_internal_date(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_str(s.trim(), "%d-%b-%Y %H:%M:%S %z").ok().map(|d| d.with_timezone(&Utc))
}

/// Ascending UIDs as an IMAP set: `3,5:9,12`.
pub(super) fn uid_set(uids: &[u32]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < uids.len() {
        let start = uids[i];
        let mut end = start;
        while i + 1 < uids.len() && uids[i + 1] == end + 1 {
            end += 1;
            i += 1;
        }
        if !out.is_empty() {
            out.push(',');
        }
        if start == end {
            out.push_str(&start.to_string());
        } else {
            out.push_str(&format!("{start}:{end}"));
        }
        i += 1;
    }
    out
}

/// An IMAP quoted string (the names here are ASCII after modified UTF-7).
pub(super) fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Checks a mailbox name from the settings and encodes it for the wire.
pub(super) fn mailbox_name(field: &str, name: &str) -> Result<String, ImapError> {
    if name.trim().is_empty() {
        return Err(ImapError::config(format!("{field}: the mailbox name is empty")));
    }
    if name.chars().any(|c| c.is_control() || c == '*' || c == '%') {
        return Err(ImapError::config(format!("{field}: {name:?} has a control character or a wildcard (* %)")));
    }
    if is_inbox(name) {
        return Ok("INBOX".into());
    }
    Ok(utf7_imap(name))
}

/// RFC 3501 §5.1.3 modified UTF-7: printable ASCII as is (`&` as `&-`), other runs as
/// `&` + base64 (with `,` for `/`) of their UTF-16BE + `-`.
pub(super) fn utf7_imap(name: &str) -> String {
    fn flush(out: &mut String, run: &mut Vec<u16>) {
        if run.is_empty() {
            return;
        }
        const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";
        let bytes: Vec<u8> = run.iter().flat_map(|u| u.to_be_bytes()).collect();
        out.push('&');
        for chunk in bytes.chunks(3) {
            let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            let chars = chunk.len() + 1; // 1 byte → 2 chars, 2 → 3, 3 → 4; no padding
            for k in 0..chars {
                out.push(ALPHABET[((n >> (18 - 6 * k)) & 63) as usize] as char);
            }
        }
        out.push('-');
        run.clear();
    }
    let mut out = String::with_capacity(name.len());
    let mut run = Vec::new();
    for c in name.chars() {
        if (' '..='~').contains(&c) {
            flush(&mut out, &mut run);
            if c == '&' {
                out.push_str("&-");
            } else {
                out.push(c);
            }
        } else {
            let mut buf = [0u16; 2];
            run.extend_from_slice(c.encode_utf16(&mut buf));
        }
    }
    flush(&mut out, &mut run);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::imap::ImapFailure;

    #[test]
    fn mailbox_names_are_modified_utf7() {
        // RFC 3501 §5.1.3's example.
        assert_eq!(utf7_imap("~peter/mail/台北/日本語"), "~peter/mail/&U,BTFw-/&ZeVnLIqe-");
        assert_eq!(utf7_imap("EHS-Imported"), "EHS-Imported");
        assert_eq!(utf7_imap("R&D"), "R&-D");
        assert_eq!(utf7_imap("已导入"), "&XfJb,FFl-");
        assert_eq!(utf7_imap("😀"), "&2D3eAA-");
        assert_eq!(mailbox_name("mailbox", "inbox").unwrap(), "INBOX");
        for bad in ["", " ", "a*", "50%", "a\r\nb"] {
            assert_eq!(mailbox_name("mailbox", bad).unwrap_err().failure, ImapFailure::Config, "{bad:?}");
        }
    }

    #[test]
    fn uid_sets_are_compressed_ranges() {
        assert_eq!(uid_set(&[1]), "1");
        assert_eq!(uid_set(&[1, 2, 3, 5, 7, 8, 20]), "1:3,5,7:8,20");
    }

    #[test]
    fn internal_dates_parse_to_utc() {
        let d = parse_internal_date(" 1-Jan-2026 08:00:00 +0800").unwrap();
        assert_eq!(d.to_rfc3339(), "2026-01-01T00:00:00+00:00");
        assert_eq!(
            parse_internal_date("17-Jul-1996 02:44:25 -0700").unwrap().to_rfc3339(),
            "1996-07-17T09:44:25+00:00"
        );
        assert!(parse_internal_date("yesterday").is_none());
    }
}

/// Issue 14 item 4 (fuzz proof, with the core's `tests/fuzz_parsers.rs`): the server's
/// INTERNALDATE and the mailbox names from the settings, generated. `EHS_FUZZ_CASES` sets the
/// cases (default 200); the inputs fed are printed (`--nocapture`).
#[cfg(test)]
mod fuzz {
    use super::*;
    use chrono::{FixedOffset, TimeZone};
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};
    use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

    fn runner() -> TestRunner {
        let cases = std::env::var("EHS_FUZZ_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(200);
        TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() })
    }

    /// Guards: no INTERNALDATE text panics, and every instant written the way servers write it
    /// (day space-padded or not, any offset) reads back as itself.
    #[test]
    fn internal_dates_never_panic_and_round_trip() {
        let n = AtomicU64::new(0);
        let text = prop_oneof![
            any::<String>(),
            "[ 0-9]{1,2}-(Jan|Feb|Mar|Dec|jan|XYZ)-[0-9]{1,5} [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2} [-+][0-9]{1,4}",
        ];
        runner()
            .run(&text, |s| {
                n.fetch_add(1, Relaxed);
                let _ = parse_internal_date(&s);
                Ok(())
            })
            .unwrap();
        let instant = (-2_208_988_800i64..32_503_680_000, -(14 * 60)..=14 * 60i32, any::<bool>());
        runner()
            .run(&instant, |(secs, off_min, padded)| {
                n.fetch_add(1, Relaxed);
                let t = Utc.timestamp_opt(secs, 0).single().unwrap();
                let off = FixedOffset::east_opt(off_min * 60).unwrap();
                let fmt = if padded { "%e-%b-%Y %H:%M:%S %z" } else { "%d-%b-%Y %H:%M:%S %z" };
                let s = t.with_timezone(&off).format(fmt).to_string();
                prop_assert_eq!(parse_internal_date(&s), Some(t), "{}", s);
                Ok(())
            })
            .unwrap();
        println!("fuzz imap_internal_date: {} inputs", n.load(Relaxed));
    }

    /// Guards: no mailbox name panics; a refusal says why; an accepted name goes on the wire as
    /// printable ASCII (modified UTF-7), every non-ASCII run closed by `-`.
    #[test]
    fn mailbox_names_never_panic_and_encode_to_printable_ascii() {
        let n = AtomicU64::new(0);
        let name = prop_oneof![any::<String>(), "[a-zA-Z&/. 已导入😀*%-]{0,20}"];
        runner()
            .run(&name, |s| {
                n.fetch_add(1, Relaxed);
                match mailbox_name("mailbox", &s) {
                    Err(e) => prop_assert!(!e.to_string().trim().is_empty()),
                    Ok(w) => {
                        prop_assert!(w.bytes().all(|b| (b' '..=b'~').contains(&b)), "{:?} → {:?}", s, w);
                        prop_assert_eq!(w.matches('&').count(), w.matches('-').count().min(w.matches('&').count()));
                    }
                }
                Ok(())
            })
            .unwrap();
        println!("fuzz imap_mailbox_name: {} inputs", n.load(Relaxed));
    }
}
