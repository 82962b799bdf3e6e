//! The signed packet envelope (issue 10 items 3–4), generic over the week's content.
//!
//! **Bytes signed**: the RFC 8785 (JCS) canonical JSON of the [`Body`] — UTF-8, keys sorted by
//! UTF-16 code units, no whitespace, ECMAScript number form. Integers in the body are kept
//! within ±2^53 (big values, grams of a 10-year total included, travel as decimal strings).
//! The envelope is itself written as canonical JSON:
//! `{"algorithm":"Ed25519","body":"<the canonical body as a JSON string>","body_sha256":"<64 hex>",
//! "format":"ehs-ledger-packet/1","key_fingerprint":"<16 hex>","signature":"<base64 of 64 bytes>"}`.
//! `body` carries the exact signed text, so a verifier needs no canonicaliser to check the
//! signature: Ed25519 over the UTF-8 bytes of `body`, SHA-256 of the same bytes = `body_sha256`.
//! [`verify`] also re-canonicalises both and refuses any other spelling, so one changed byte
//! anywhere in the file fails with a reason.
//!
//! **Anchor** (item 4): `provenance.audit_head` is the chain's newest `{seq, hash}` when the
//! packet is built; `provenance.prev_anchor` is `{seq, hash}` of the chain *now* at the seq the
//! previous packet signed as its head. HQ compares it with the head it received before: a
//! difference proves the plant's trail up to that seq was rewritten (or truncated below it)
//! since. Not detected: changes after the last anchor until the next packet, a rewrite of the
//! whole file before the first packet, and a plant that rebuilds its chain *and* re-signs with
//! the same key is caught only through the anchors HQ already holds.

use crate::audit;
use crate::error::{Error, Result};
use crate::sync::key::{self, PlantKey, ALGORITHM};
use crate::{plant, time, waste};
use base64::Engine as _;
use chrono::{DateTime, NaiveDate, Utc, Weekday};
use ed25519_dalek::{Signature, Signer, VerifyingKey};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// The envelope's `format`.
pub const FORMAT: &str = "ehs-ledger-packet/1";
/// The body's `schema_version` (the packet body's own layout, not the database's).
pub const SCHEMA_VERSION: i64 = 1;
/// Largest integer JSON carries exactly everywhere (RFC 8785 / I-JSON).
const MAX_SAFE_INT: u64 = (1 << 53) - 1;

/// A point of the audit chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChainPoint {
    pub seq: i64,
    pub hash: String,
}

/// Where the figures come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// The app that built the packet (`CARGO_PKG_VERSION`).
    pub app_version: String,
    /// The database schema: the newest migration applied.
    pub db_schema_version: i64,
    /// The 名录 editions in force on the week's days (one, or two in a week across a switch).
    pub catalogue_editions: Vec<String>,
    /// How each figure was obtained (from the content builder; `{}` when it gives none).
    pub methods: Value,
    /// The audit chain's newest row when the packet was built (`None`: an empty trail).
    pub audit_head: Option<ChainPoint>,
    /// The chain at the seq the previous packet signed as its head (`None`: first packet).
    pub prev_anchor: Option<ChainPoint>,
}

/// The signed body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Body {
    pub schema_version: i64,
    pub plant_code: String,
    /// ISO week in the plant's zone, `YYYY-Www`.
    pub week: String,
    /// 1 for the first packet of the week; n+1 for a restatement.
    pub revision: i64,
    /// Why this revision exists (`None` for revision 1).
    pub reason: Option<String>,
    /// UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    pub generated_at: String,
    pub indicators: Value,
    pub details: Value,
    pub provenance: Provenance,
}

/// The envelope that travels (email attachment, file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    pub format: String,
    pub key_fingerprint: String,
    pub algorithm: String,
    /// Lower-case hex SHA-256 of the UTF-8 bytes of `body`.
    pub body_sha256: String,
    /// Standard base64 (with padding) of the 64-byte Ed25519 signature over `body`.
    pub signature: String,
    /// The canonical JSON text of the [`Body`]: exactly the bytes signed.
    pub body: String,
}

/// The week's content, from the summary builder (or a payload file, for now).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Content {
    pub indicators: Value,
    pub details: Value,
    #[serde(default)]
    pub methods: Option<Value>,
}

/// What to sign beside the content.
#[derive(Debug, Clone)]
pub struct PacketInput {
    /// `YYYY-Www`.
    pub week: String,
    pub revision: i64,
    pub reason: Option<String>,
    /// The seq the previous packet signed as `audit_head` (`None`: this is the first packet).
    pub prev_anchor_seq: Option<i64>,
    pub content: Content,
}

/// A built packet: the envelope's file bytes and the body they carry.
#[derive(Debug, Clone)]
pub struct Packet {
    pub bytes: Vec<u8>,
    pub envelope: Envelope,
    pub body: Body,
}

/// Parses `YYYY-Www` (an ISO week that exists: W53 only in long years) to its Monday.
pub fn parse_week(field: &'static str, text: &str) -> Result<NaiveDate> {
    let bad = || Error::invalid(field, crate::msg::sync::not_iso_week_like(&crate::text::shown(text)));
    let b = text.as_bytes();
    if b.len() != 8 || b[4] != b'-' || b[5] != b'W' {
        return Err(bad());
    }
    let digits = |s: &str| s.bytes().all(|c| c.is_ascii_digit()).then(|| s.parse::<u32>().ok()).flatten();
    let (Some(year), Some(week)) = (digits(&text[..4]), digits(&text[6..])) else { return Err(bad()) };
    NaiveDate::from_isoywd_opt(year as i32, week, Weekday::Mon)
        .ok_or_else(|| Error::invalid(field, crate::msg::sync::does_not_exist_year(&text, &week)))
}

/// Builds and signs a packet with the plant's active key (generated now if the database has
/// none). Reads only: the caller stores the packet (outbox) in its own transaction.
pub fn build(store: &mut Store, input: PacketInput, now: DateTime<Utc>) -> Result<Packet> {
    let key = key::ensure(store, now)?;
    build_with(store.conn(), &key, input, now)
}

use crate::Store;

/// As [`build`] with a given key, on a connection (inside the caller's transaction if any).
pub fn build_with(conn: &Connection, key: &PlantKey, input: PacketInput, now: DateTime<Utc>) -> Result<Packet> {
    let plant = plant::require(conn)?;
    let monday = parse_week("week", &input.week)?;
    if input.revision < 1 || input.revision as u64 > MAX_SAFE_INT {
        return Err(Error::invalid("revision", crate::msg::sync::not_revision_number_1(&input.revision)));
    }
    let reason = input.reason.as_deref().map(str::trim).filter(|r| !r.is_empty()).map(str::to_string);
    if input.revision > 1 && reason.is_none() {
        return Err(Error::invalid("reason", crate::msg::sync::revision_restates_week_give(&input.revision)));
    }
    check_json("indicators", &input.content.indicators)?;
    check_json("details", &input.content.details)?;
    let methods = input.content.methods.unwrap_or_else(|| Value::Object(Default::default()));
    check_json("methods", &methods)?;
    let audit_head = chain_head(conn)?;
    let prev_anchor = match input.prev_anchor_seq {
        None => None,
        Some(seq) => Some(chain_at(conn, seq)?),
    };
    check_chain_since(conn, input.prev_anchor_seq)?;
    let mut editions: Vec<String> =
        (0..7).map(|d| waste::catalogue::edition_for(monday + chrono::Duration::days(d)).to_string()).collect();
    editions.dedup();
    let body = Body {
        schema_version: SCHEMA_VERSION,
        plant_code: plant.code,
        week: input.week,
        revision: input.revision,
        reason,
        generated_at: time::to_db(now),
        indicators: input.content.indicators,
        details: input.content.details,
        provenance: Provenance {
            app_version: env!("CARGO_PKG_VERSION").into(),
            db_schema_version: db_schema_version(conn)?,
            catalogue_editions: editions,
            methods,
            audit_head,
            prev_anchor,
        },
    };
    sign(key, body)
}

/// Signs a body: canonical JSON, SHA-256, Ed25519, the envelope as canonical JSON.
pub fn sign(key: &PlantKey, body: Body) -> Result<Packet> {
    let text = canonical(&serde_json::to_value(&body)?)?;
    let signature = key.signing.sign(text.as_bytes());
    let envelope = Envelope {
        format: FORMAT.into(),
        key_fingerprint: key.info.fingerprint.clone(),
        algorithm: ALGORITHM.into(),
        body_sha256: hex::encode(Sha256::digest(text.as_bytes())),
        signature: base64::engine::general_purpose::STANDARD.encode(signature.to_bytes()),
        body: text,
    };
    let bytes = canonical(&serde_json::to_value(&envelope)?)?.into_bytes();
    Ok(Packet { bytes, envelope, body })
}

/// Verifies a packet file against a plant's public key and returns its body. Every check names
/// what failed: not canonical, format, algorithm, fingerprint, hash, signature, body layout.
pub fn verify(bytes: &[u8], public: &VerifyingKey) -> Result<Body> {
    let opened = open(bytes)?;
    opened.check_signature(public)?;
    Ok(opened.body)
}

/// A packet file read and checked in every way that needs no key: canonical envelope, format,
/// algorithm, body hash, signature encoding, canonical body of schema version 1. Its signature
/// is not checked yet ([`Opened::check_signature`]): HQ needs the body's plant and date to pick
/// the key that was valid.
#[derive(Debug, Clone)]
pub struct Opened {
    pub envelope: Envelope,
    pub body: Body,
    signature: Signature,
}

/// Reads a packet file without its key (see [`Opened`]).
pub fn open(bytes: &[u8]) -> Result<Opened> {
    const F: &str = "packet";
    let text = std::str::from_utf8(bytes).map_err(|_| Error::invalid(F, crate::msg::common::not_utf8()))?;
    // The envelope is six strings: read it as such and write it back in RFC 8785 form (keys in
    // order, JSON string escapes — identical to JCS for strings, a unit test proves it), which
    // is the check without building a JSON tree of the 3 kB body string twice.
    let env: Envelope = serde_json::from_str(text).map_err(|e| {
        if serde_json::from_str::<serde::de::IgnoredAny>(text).is_err() {
            Error::invalid(F, crate::msg::sync::file_not_json(&e))
        } else {
            Error::invalid(F, crate::msg::sync::not_packet_envelope(&e))
        }
    })?;
    if envelope_canonical(&env)? != text {
        return Err(Error::invalid(F, crate::msg::sync::envelope_not_canonical_form()));
    }
    if env.format != FORMAT {
        return Err(Error::invalid(F, crate::msg::sync::format_not(&crate::text::shown(&env.format), &FORMAT)));
    }
    if env.algorithm != ALGORITHM {
        return Err(Error::invalid(
            F,
            crate::msg::sync::algorithm_not(&crate::text::shown(&env.algorithm), &ALGORITHM),
        ));
    }
    if hex::encode(Sha256::digest(env.body.as_bytes())) != env.body_sha256 {
        return Err(Error::invalid(F, crate::msg::sync::body_sha256_does_not()));
    }
    let sig = base64::engine::general_purpose::STANDARD
        .decode(&env.signature)
        .ok()
        .and_then(|b| <[u8; 64]>::try_from(b).ok())
        .ok_or_else(|| Error::invalid(F, crate::msg::common::signature_not_base64_64()))?;
    if base64::engine::general_purpose::STANDARD.encode(sig) != env.signature {
        return Err(Error::invalid(F, crate::msg::sync::signature_not_canonical_base64()));
    }
    let body_value: Value =
        serde_json::from_str(&env.body).map_err(|e| Error::invalid(F, crate::msg::common::body(&e)))?;
    if canonical(&body_value)? != env.body {
        return Err(Error::invalid(F, crate::msg::sync::signed_body_not_canonical()));
    }
    let body: Body = serde_json::from_value(body_value).map_err(|e| Error::invalid(F, crate::msg::common::body(&e)))?;
    if body.schema_version != SCHEMA_VERSION {
        return Err(Error::invalid(
            F,
            crate::msg::sync::body_schema_version_not(&body.schema_version, &SCHEMA_VERSION),
        ));
    }
    Ok(Opened { envelope: env, body, signature: Signature::from_bytes(&sig) })
}

impl Opened {
    /// The fingerprint must be `public`'s and the Ed25519 signature over the body must verify
    /// (strictly: no small-order points, canonical encodings).
    pub fn check_signature(&self, public: &VerifyingKey) -> Result<()> {
        const F: &str = "packet";
        let fp = key::fingerprint(public);
        if self.envelope.key_fingerprint != fp {
            return Err(Error::invalid(
                F,
                crate::msg::sync::signed_key_but_key(&crate::text::shown(&self.envelope.key_fingerprint), &fp),
            ));
        }
        public
            .verify_strict(self.envelope.body.as_bytes(), &self.signature)
            .map_err(|_| Error::invalid(F, crate::msg::sync::signature_does_not_verify()))
    }

    /// The signature (for batch verification).
    pub fn signature(&self) -> &Signature {
        &self.signature
    }

    /// The checks [`Opened::check_signature`] makes besides the signature equation itself, for a
    /// caller that verifies many packets in a batch (`ed25519_dalek::verify_batch`): the key is
    /// the one named, `R` is a canonical encoding of a point that is not of small order (as
    /// `verify_strict` requires), and the key is not of small order.
    pub fn batch_precheck(&self, public: &VerifyingKey) -> Result<()> {
        const F: &str = "packet";
        if self.envelope.key_fingerprint != key::fingerprint(public) {
            return self.check_signature(public);
        }
        let r_bytes = *self.signature.r_bytes();
        // Canonical: y < p = 2^255 − 19 (x = 0 with the sign bit set is only possible for the
        // small-order points y = ±1, refused below).
        let y_canonical =
            !(r_bytes[0] >= 0xed && r_bytes[1..31].iter().all(|&b| b == 0xff) && r_bytes[31] & 0x7f == 0x7f);
        let r = curve25519_dalek::edwards::CompressedEdwardsY(r_bytes);
        let ok = y_canonical && r.decompress().is_some_and(|p| !p.is_small_order()) && !public.is_weak();
        if ok {
            Ok(())
        } else {
            Err(Error::invalid(F, crate::msg::sync::signature_does_not_verify_r()))
        }
    }
}

/// The RFC 8785 text of an envelope (all six members are strings).
fn envelope_canonical(env: &Envelope) -> Result<String> {
    let m: std::collections::BTreeMap<&str, &str> = [
        ("algorithm", env.algorithm.as_str()),
        ("body", env.body.as_str()),
        ("body_sha256", env.body_sha256.as_str()),
        ("format", env.format.as_str()),
        ("key_fingerprint", env.key_fingerprint.as_str()),
        ("signature", env.signature.as_str()),
    ]
    .into_iter()
    .collect();
    serde_json::to_string(&m).map_err(|e| Error::Internal(format!("envelope: {e}")))
}

/// RFC 8785 canonical JSON text. serde_json's compact output already is when every number is
/// an integer within ±2^53 and no object key has a character beyond U+FFFF (its objects are
/// `BTreeMap`s, sorted by UTF-8 bytes, which is then the UTF-16 order RFC 8785 asks; its string
/// escapes are RFC 8785's): such values — every packet body — take that path; any other goes
/// through the canonicalizer. A unit test holds the two to the same text.
pub fn canonical(value: &Value) -> Result<String> {
    if plain(value) {
        return serde_json::to_string(value).map_err(|e| Error::Internal(format!("canonical JSON: {e}")));
    }
    serde_json_canonicalizer::to_string(value).map_err(|e| Error::Internal(format!("canonical JSON: {e}")))
}

/// Whether serde_json's compact text of `v` is its RFC 8785 text (see [`canonical`]).
fn plain(v: &Value) -> bool {
    match v {
        Value::Number(n) => {
            n.as_i64().map(|i| i.unsigned_abs() <= MAX_SAFE_INT).unwrap_or(false)
                || n.as_u64().is_some_and(|u| u <= MAX_SAFE_INT)
        }
        Value::Array(a) => a.iter().all(plain),
        Value::Object(o) => o.iter().all(|(k, v)| k.chars().all(|c| (c as u32) < 0x10000) && plain(v)),
        Value::Null | Value::Bool(_) | Value::String(_) => true,
    }
}

/// Refuses what does not survive JCS exactly: floats that are not integers are allowed (JCS
/// defines them) but integers beyond ±2^53 are not (send them as decimal strings).
fn check_json(field: &'static str, v: &Value) -> Result<()> {
    match v {
        Value::Number(n) => {
            let ok =
                n.as_u64().map(|u| u <= MAX_SAFE_INT).or_else(|| n.as_i64().map(|i| i.unsigned_abs() <= MAX_SAFE_INT));
            match ok {
                Some(true) => Ok(()),
                Some(false) => Err(Error::invalid(field, crate::msg::sync::beyond_2_53_send(&n))),
                None if n.as_f64().is_some_and(f64::is_finite) => Ok(()),
                None => Err(Error::invalid(field, crate::msg::sync::not_finite_number(&n))),
            }
        }
        Value::Array(a) => a.iter().try_for_each(|x| check_json(field, x)),
        Value::Object(o) => o.values().try_for_each(|x| check_json(field, x)),
        _ => Ok(()),
    }
}

/// The newest audit row's seq and hash.
pub fn chain_head(conn: &Connection) -> Result<Option<ChainPoint>> {
    conn.query_row("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", [], |r| {
        Ok(ChainPoint { seq: r.get(0)?, hash: r.get(1)? })
    })
    .optional()
    .map_err(Error::from)
}

/// The chain's hash at `seq` (the previous packet's head).
pub fn chain_at(conn: &Connection, seq: i64) -> Result<ChainPoint> {
    let hash: Option<String> =
        conn.query_row("SELECT hash FROM audit_log WHERE seq = ?1", [seq], |r| r.get(0)).optional()?;
    hash.map(|hash| ChainPoint { seq, hash })
        .ok_or_else(|| Error::invalid("prev_anchor_seq", crate::msg::sync::audit_trail_has_no(&seq)))
}

/// The rows after the anchor (all rows for a first packet) must link and hash, so the head a
/// packet signs is one the chain proves from the anchor on. Refused naming the first broken row.
fn check_chain_since(conn: &Connection, anchor: Option<i64>) -> Result<()> {
    let head: i64 = conn.query_row("SELECT coalesce(max(seq), 0) FROM audit_log", [], |r| r.get(0))?;
    let report = audit::verify_tail(conn, head - anchor.unwrap_or(0))?;
    match report.first_broken {
        None => Ok(()),
        Some(b) => Err(Error::Conflict(crate::msg::sync::audit_chain_broken_row(&b.seq, &b.reason))),
    }
}

/// The newest migration applied (`PRAGMA user_version`).
fn db_schema_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Guards the fast path of `canonical`: on plain values it gives the canonicalizer's text;
    /// floats, big integers and astral keys take the canonicalizer.
    #[test]
    fn the_fast_canonical_path_equals_rfc_8785() {
        let cases = [
            r#"{"b":1,"a":[3,-2,{"z":null,"y":true,"x":"\u0001é\ud83d\ude00"}],"A":"/","é":0,"\ue000":1}"#,
            r#"{"n":9007199254740991,"m":-9007199254740991,"k":[],"j":{}}"#,
            r#"{"f":1.5,"g":1e21,"h":1.0}"#,
            r#"{"big":9007199254740993}"#,
            r#"{"\ud83d\ude00":1,"\uffff":2}"#,
        ];
        for c in cases {
            let v: Value = serde_json::from_str(c).unwrap();
            let want = serde_json_canonicalizer::to_string(&v).unwrap();
            assert_eq!(canonical(&v).unwrap(), want, "{c}");
        }
        assert!(!plain(&serde_json::from_str(cases[2]).unwrap()));
        assert!(!plain(&serde_json::from_str(cases[4]).unwrap()));
        assert!(plain(&serde_json::from_str(cases[0]).unwrap()));
    }

    /// Guards the fast envelope check: for string members, serde_json's output is exactly
    /// RFC 8785's (control characters, quotes, backslashes, '/', DEL, non-ASCII, astral planes).
    #[test]
    fn the_envelope_writer_is_rfc_8785_for_every_kind_of_string() {
        let nasty = "a\u{0}\u{1}\u{8}\t\n\u{b}\u{c}\r\u{1f} \"\\/\u{7f}\u{80}é中\u{2028}\u{2029}\u{fffd}😀\u{10ffff}";
        let env = Envelope {
            format: FORMAT.into(),
            key_fingerprint: nasty.into(),
            algorithm: ALGORITHM.into(),
            body_sha256: nasty.chars().rev().collect(),
            signature: "x".into(),
            body: format!("{{\"k\":\"{nasty}\"}}"),
        };
        let jcs = canonical(&serde_json::to_value(&env).unwrap()).unwrap();
        assert_eq!(envelope_canonical(&env).unwrap(), jcs);
    }

    #[test]
    fn week_text_must_be_an_existing_iso_week() {
        assert_eq!(parse_week("week", "2026-W53").unwrap(), NaiveDate::from_ymd_opt(2026, 12, 28).unwrap());
        assert_eq!(parse_week("week", "2025-W01").unwrap(), NaiveDate::from_ymd_opt(2024, 12, 30).unwrap());
        for bad in ["2025-W53", "2026-W00", "2026-W54", "2026W49", "2026-w49", "2026-W4", "+026-W49", "２０26-W49"] {
            let e = parse_week("week", bad).unwrap_err();
            assert_eq!(e.field(), Some("week"), "{bad}");
        }
    }

    #[test]
    fn integers_beyond_2_pow_53_are_refused_in_the_content() {
        assert!(check_json("indicators", &serde_json::json!({"a": [9007199254740991_u64]})).is_ok());
        let e = check_json("indicators", &serde_json::json!({"a": [9007199254740992_u64]})).unwrap_err();
        assert_eq!(e.field(), Some("indicators"));
    }
}
