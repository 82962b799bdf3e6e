//! The plant key: one active Ed25519 key pair per database, stored in `plant_key` (insert-only;
//! the secret is redacted in the audit trail), used to sign the weekly packets.
//!
//! - **Fingerprint**: the first 16 hex digits (8 bytes) of SHA-256 over the raw 32-byte public
//!   key, lower case. `openssl pkey -pubin -in plant.pem -outform DER | tail -c 32 | sha256sum`
//!   gives the same digits.
//! - **Public key file** (what HQ registers): PEM of the X.509 SubjectPublicKeyInfo (RFC 8410,
//!   OID 1.3.101.112), i.e. `-----BEGIN PUBLIC KEY-----`, which `openssl pkey -pubin` and
//!   Python's `cryptography` read as they are; [`export_pem`] adds the plant code and the
//!   fingerprint as `#` comment lines before the block (PEM readers skip them).
//!
//! Anyone who can read the database file can sign as the plant: the key protects packets in
//! transit and at HQ, not against the plant's own file being taken.

use crate::audit::{self, Action};
use crate::error::{Error, Result};
use crate::{new_id, plant, time, Store};
use base64::Engine as _;
use chrono::{DateTime, Utc};
use ed25519_dalek::{SigningKey, VerifyingKey};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The only algorithm of packet format 1.
pub const ALGORITHM: &str = "Ed25519";

/// The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): SEQUENCE { SEQUENCE { OID
/// 1.3.101.112 }, BIT STRING (32 bytes) }. The raw key follows.
const SPKI_PREFIX: [u8; 12] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00];

/// The public half of a plant key (what Settings shows and HQ registers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct PublicKeyInfo {
    pub algorithm: String,
    /// First 16 hex digits of SHA-256(raw 32-byte public key).
    pub fingerprint: String,
    pub public_key_b64: String,
    /// UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    pub created_at: String,
}

/// The active key pair. Its secret never leaves the core.
pub struct PlantKey {
    pub(crate) signing: SigningKey,
    pub info: PublicKeyInfo,
}

impl PlantKey {
    pub fn verifying_key(&self) -> VerifyingKey {
        self.signing.verifying_key()
    }
}

/// The fingerprint of a public key: first 16 hex digits of SHA-256 over its 32 raw bytes.
pub fn fingerprint(public: &VerifyingKey) -> String {
    hex::encode(&Sha256::digest(public.as_bytes())[..8])
}

/// The active key, if the database has one.
pub fn active(conn: &Connection) -> Result<Option<PlantKey>> {
    active_in(conn, "plant_key")
}

/// The active key of a key table (`plant_key`, or HQ's `hq_key` of the same shape).
pub(crate) fn active_in(conn: &Connection, table: &'static str) -> Result<Option<PlantKey>> {
    let row: Option<(Vec<u8>, Vec<u8>, String, String)> = conn
        .query_row(
            &format!("SELECT public_key, secret_key, fingerprint, created_at FROM {table} WHERE retired_at IS NULL"),
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((public, secret, fp, created_at)) = row else { return Ok(None) };
    let secret: [u8; 32] =
        secret.try_into().map_err(|_| Error::Internal("plant_key.secret_key is not 32 bytes".into()))?;
    let signing = SigningKey::from_bytes(&secret);
    let verifying = signing.verifying_key();
    if verifying.as_bytes().as_slice() != public.as_slice() || fingerprint(&verifying) != fp {
        return Err(Error::Internal(format!(
            "plant key {fp}: the stored public key or fingerprint does not match its secret"
        )));
    }
    Ok(Some(PlantKey { signing, info: info(&verifying, created_at) }))
}

fn info(verifying: &VerifyingKey, created_at: String) -> PublicKeyInfo {
    PublicKeyInfo {
        algorithm: ALGORITHM.into(),
        fingerprint: fingerprint(verifying),
        public_key_b64: base64::engine::general_purpose::STANDARD.encode(verifying.as_bytes()),
        created_at,
    }
}

/// Generates and stores a new active key inside the caller's write transaction, audited as a
/// `system` insert. Refused (Conflict) if a key is already active.
pub(crate) fn create(conn: &Connection, now: DateTime<Utc>) -> Result<PublicKeyInfo> {
    create_in(conn, "plant_key", now)
}

/// As [`create`] in a key table of the same shape (HQ's `hq_key`).
pub(crate) fn create_in(conn: &Connection, table: &'static str, now: DateTime<Utc>) -> Result<PublicKeyInfo> {
    if active_in(conn, table)?.is_some() {
        return Err(Error::Conflict(crate::msg::sync::key_already_active(&table)));
    }
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret)
        .map_err(|e| Error::Internal(format!("no system randomness for the plant key: {e}")))?;
    let signing = SigningKey::from_bytes(&secret);
    let verifying = signing.verifying_key();
    let id = new_id();
    let fp = fingerprint(&verifying);
    conn.execute(
        &format!("INSERT INTO {table} (id, algorithm, public_key, secret_key, fingerprint, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"),
        params![id, ALGORITHM, verifying.as_bytes().as_slice(), secret.as_slice(), fp, time::to_db(now)],
    )?;
    audit::record(conn, now, audit::SYSTEM_ACTOR, Action::Insert, table, &id, None, Some("signing key generated"))?;
    Ok(info(&verifying, time::to_db(now)))
}

/// The set-up hook (`areas::ON_SETUP`): every new plant gets its key in the set-up transaction.
pub(crate) fn on_setup(conn: &Connection, now: DateTime<Utc>) -> Result<()> {
    create(conn, now).map(|_| ())
}

/// The active key, generated now if the database has none yet (a database set up before
/// migration 0012). Needs a set-up plant.
pub fn ensure(store: &mut Store, now: DateTime<Utc>) -> Result<PlantKey> {
    if let Some(k) = active(store.conn())? {
        return Ok(k);
    }
    let tx = store.write_tx()?;
    plant::require(&tx)?;
    if active(&tx)?.is_none() {
        create(&tx, now)?;
    }
    tx.commit()?;
    active(store.conn())?.ok_or_else(|| Error::Internal("the plant key vanished after it was created".into()))
}

/// The public key as PEM (SubjectPublicKeyInfo), with `# plant` / `# fingerprint` lines before it.
pub fn export_pem(plant_code: &str, key: &PublicKeyInfo, public: &VerifyingKey) -> String {
    format!(
        "# EHS Ledger plant key\n# plant: {plant_code}\n# algorithm: {}\n# fingerprint: {}\n# created_at: {}\n{}",
        key.algorithm,
        key.fingerprint,
        key.created_at,
        public_pem(public)
    )
}

/// The public key file's name: `{plant}_plant_key_{fingerprint}.pem` (the fingerprint tells two
/// keys of one plant apart in HQ's inbox).
pub fn pem_file_name(plant_code: &str, key: &PublicKeyInfo) -> String {
    format!("{plant_code}_plant_key_{}.pem", key.fingerprint)
}

/// The bare PEM block of a public key.
pub fn public_pem(public: &VerifyingKey) -> String {
    let mut der = SPKI_PREFIX.to_vec();
    der.extend_from_slice(public.as_bytes());
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    format!("-----BEGIN PUBLIC KEY-----\n{b64}\n-----END PUBLIC KEY-----\n")
}

/// Reads a public key file: the PEM block of an Ed25519 SubjectPublicKeyInfo (comment lines and
/// other text around the block are ignored).
pub fn public_from_pem(text: &str) -> Result<VerifyingKey> {
    const FIELD: &str = "public_key";
    let begin = "-----BEGIN PUBLIC KEY-----";
    let end = "-----END PUBLIC KEY-----";
    let start = text.find(begin).ok_or_else(|| Error::invalid(FIELD, crate::msg::sync::no_block(&begin)))?;
    let rest = &text[start + begin.len()..];
    let stop = rest.find(end).ok_or_else(|| Error::invalid(FIELD, crate::msg::sync::no_line(&end)))?;
    let b64: String = rest[..stop].chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .map_err(|e| Error::invalid(FIELD, crate::msg::sync::pem_block_not_base64(&e)))?;
    if der.len() != 44 || der[..12] != SPKI_PREFIX {
        return Err(Error::invalid(FIELD, crate::msg::sync::not_ed25519_public_key()));
    }
    let raw: [u8; 32] =
        der[12..].try_into().map_err(|_| Error::invalid(FIELD, crate::msg::sync::key_not_32_bytes()))?;
    VerifyingKey::from_bytes(&raw).map_err(|_| Error::invalid(FIELD, crate::msg::sync::not_valid_ed25519_public()))
}
