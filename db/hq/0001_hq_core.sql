-- hq/0001_hq_core: the HQ database (issue 11). A file of its own kind (PRAGMA application_id =
-- 0x45484851 'EHHQ'), with its own migrations, users and hash-chained audit trail. HQ is a
-- reviewer, never a co-editor: it holds its registry (segments, plants, keys, years, history),
-- the packets the plants signed, the import log and its review outcomes — never a plant record.
-- Forward-only: once landed this file never changes.

-- Users and the audit trail: the same shapes as the plant's 0001 (the same code signs in and
-- audits both kinds of file).
CREATE TABLE app_user (
    id              TEXT PRIMARY KEY,
    username        TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(username) BETWEEN 1 AND 64),
    display_name    TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('admin', 'ehs_officer', 'inspector', 'plant_manager', 'hq_analyst')),
    secret_kind     TEXT NOT NULL CHECK (secret_kind IN ('password', 'pin')),
    secret_hash     TEXT NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    TEXT,
    created_at      TEXT NOT NULL,
    voided_at       TEXT,
    void_reason     TEXT,
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);

CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,
    at_utc      TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('insert', 'update', 'void')),
    table_name  TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    before_json TEXT,
    after_json  TEXT,
    reason      TEXT,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL UNIQUE
);
CREATE INDEX audit_log_record ON audit_log (table_name, record_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be updated'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be deleted'); END;
CREATE TRIGGER app_user_no_delete BEFORE DELETE ON app_user
BEGIN SELECT RAISE(ABORT, 'users are voided, never deleted'); END;

-- The group this HQ database reports for (one per file).
CREATE TABLE hq_org (
    id         TEXT PRIMARY KEY,
    singleton  INTEGER NOT NULL DEFAULT 1 UNIQUE CHECK (singleton = 1),
    name       TEXT NOT NULL CHECK (length(trim(name)) >= 1),
    timezone   TEXT NOT NULL,                    -- IANA zone of HQ (deadlines are per plant zone)
    created_at TEXT NOT NULL
);

-- HQ settings: key → value, every change audited (id = the key).
CREATE TABLE hq_setting (
    id         TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

-- Business segments (the appendix's columns), in display order.
CREATE TABLE hq_segment (
    id          TEXT PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),
    name_zh     TEXT NOT NULL CHECK (length(trim(name_zh)) >= 1),
    name_en     TEXT NOT NULL CHECK (length(trim(name_en)) >= 1),
    ord         INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    voided_at   TEXT,
    voided_by   TEXT,
    void_reason TEXT,
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);

-- Plants in the registry. `in_boundary_from`: the first day whose figures count for the group
-- (a plant acquired or opened mid-year); `out_of_boundary_from`: the first day that no longer
-- counts (sold, closed), NULL while inside.
CREATE TABLE hq_plant (
    id                   TEXT PRIMARY KEY,
    code                 TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),
    name                 TEXT NOT NULL CHECK (length(trim(name)) >= 1),
    segment_id           TEXT NOT NULL REFERENCES hq_segment (id),
    legal_entity         TEXT NOT NULL DEFAULT '',
    timezone             TEXT NOT NULL,
    email                TEXT NOT NULL DEFAULT '',   -- where returns are mailed
    in_boundary_from     TEXT NOT NULL CHECK (in_boundary_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    out_of_boundary_from TEXT CHECK (out_of_boundary_from IS NULL OR out_of_boundary_from > in_boundary_from),
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);
CREATE TRIGGER hq_plant_no_delete BEFORE DELETE ON hq_plant
BEGIN SELECT RAISE(ABORT, 'registry plants are never deleted (set out_of_boundary_from)'); END;

-- A plant's public keys. Rotation: a new key starts on `valid_from`; the key before it gets
-- `valid_until` (its last valid day) once. A packet verifies only against the key whose
-- validity covers the plant-local day it was signed.
CREATE TABLE hq_plant_key (
    id          TEXT PRIMARY KEY,
    plant_id    TEXT NOT NULL REFERENCES hq_plant (id),
    algorithm   TEXT NOT NULL CHECK (algorithm IN ('Ed25519')),
    public_key  BLOB NOT NULL CHECK (typeof(public_key) = 'blob' AND length(public_key) = 32),
    fingerprint TEXT NOT NULL UNIQUE CHECK (length(fingerprint) = 16 AND fingerprint NOT GLOB '*[^0-9a-f]*'),
    valid_from  TEXT NOT NULL CHECK (valid_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    valid_until TEXT CHECK (valid_until IS NULL OR valid_until >= valid_from),
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
CREATE INDEX hq_plant_key_plant ON hq_plant_key (plant_id, valid_from);
CREATE TRIGGER hq_plant_key_close_once BEFORE UPDATE ON hq_plant_key
WHEN OLD.valid_until IS NOT NULL OR NEW.valid_until IS NULL
  OR NEW.id IS NOT OLD.id OR NEW.plant_id IS NOT OLD.plant_id OR NEW.public_key IS NOT OLD.public_key
  OR NEW.fingerprint IS NOT OLD.fingerprint OR NEW.valid_from IS NOT OLD.valid_from
  OR NEW.algorithm IS NOT OLD.algorithm OR NEW.created_at IS NOT OLD.created_at
BEGIN SELECT RAISE(ABORT, 'a registered key cannot be changed, only closed once (valid_until)'); END;
CREATE TRIGGER hq_plant_key_no_delete BEFORE DELETE ON hq_plant_key
BEGIN SELECT RAISE(ABORT, 'a registered key cannot be deleted'); END;

-- Per reporting year: group revenue (the per-revenue intensity's denominator) and the group
-- full-time headcount (the per-capita denominator), each with its definition and source.
-- Revenue is stored exactly in RMB thousands (= RMB million × 1000).
CREATE TABLE hq_year (
    id                    TEXT PRIMARY KEY,
    year                  INTEGER NOT NULL UNIQUE CHECK (year BETWEEN 1900 AND 2999),
    revenue_rmb_thousand  INTEGER CHECK (revenue_rmb_thousand IS NULL OR revenue_rmb_thousand > 0),
    revenue_currency      TEXT NOT NULL DEFAULT 'CNY',
    revenue_note          TEXT NOT NULL DEFAULT '',   -- original currency amount, FX rate and date
    headcount_fte         INTEGER CHECK (headcount_fte IS NULL OR headcount_fte > 0),
    headcount_definition  TEXT NOT NULL DEFAULT '',
    updated_at            TEXT NOT NULL,
    updated_by            TEXT NOT NULL
);

-- Published figures of years before the app (or entered from the prior reports), per indicator
-- and segment (segment_id NULL = the group total), in the indicator's unit (grams for masses).
CREATE TABLE hq_history (
    id          TEXT PRIMARY KEY,
    year        INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2999),
    indicator   TEXT NOT NULL CHECK (length(indicator) >= 1),
    segment_id  TEXT REFERENCES hq_segment (id),
    value       INTEGER NOT NULL,
    source      TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    voided_at   TEXT,
    voided_by   TEXT,
    void_reason TEXT,
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE UNIQUE INDEX hq_history_one ON hq_history (year, indicator, coalesce(segment_id, '')) WHERE voided_at IS NULL;

-- One import run (a file, a folder, a mail fetch): bulk ingestion, audited once with the
-- SHA-256 over what it accepted and its counts (design.md). Insert-only.
CREATE TABLE hq_import (
    id             TEXT PRIMARY KEY,
    at             TEXT NOT NULL,
    actor          TEXT NOT NULL,
    source         TEXT NOT NULL CHECK (source IN ('file', 'folder', 'eml', 'imap')),
    label          TEXT NOT NULL,
    items          INTEGER NOT NULL CHECK (items >= 0),
    accepted       INTEGER NOT NULL CHECK (accepted >= 0),
    duplicates     INTEGER NOT NULL CHECK (duplicates >= 0),
    rejected       INTEGER NOT NULL CHECK (rejected >= 0),
    not_packets    INTEGER NOT NULL CHECK (not_packets >= 0),
    content_sha256 TEXT NOT NULL CHECK (length(content_sha256) = 64)
);
CREATE TRIGGER hq_import_no_update BEFORE UPDATE ON hq_import
BEGIN SELECT RAISE(ABORT, 'an import run cannot be changed'); END;
CREATE TRIGGER hq_import_no_delete BEFORE DELETE ON hq_import
BEGIN SELECT RAISE(ABORT, 'an import run cannot be deleted'); END;

-- Every item an import looked at, with its outcome and reason. A rejected item keeps only its
-- name, hash and reason: nothing of its content is stored as data.
CREATE TABLE hq_import_item (
    id         TEXT PRIMARY KEY,
    import_id  TEXT NOT NULL REFERENCES hq_import (id),
    ord        INTEGER NOT NULL CHECK (ord >= 1),
    name       TEXT NOT NULL,
    sha256     TEXT NOT NULL CHECK (length(sha256) = 64),
    outcome    TEXT NOT NULL CHECK (outcome IN ('accepted', 'duplicate', 'rejected', 'not_packet')),
    reason     TEXT NOT NULL DEFAULT '',
    packet_id  TEXT,
    plant_code TEXT,
    week       TEXT,
    revision   INTEGER,
    mail_ref   TEXT,                                  -- IMAP uidvalidity:uid of a fetched message
    UNIQUE (import_id, ord)
);
CREATE INDEX hq_import_item_mail ON hq_import_item (mail_ref) WHERE mail_ref IS NOT NULL;
CREATE TRIGGER hq_import_item_no_update BEFORE UPDATE ON hq_import_item
BEGIN SELECT RAISE(ABORT, 'an import log row cannot be changed'); END;
CREATE TRIGGER hq_import_item_no_delete BEFORE DELETE ON hq_import_item
BEGIN SELECT RAISE(ABORT, 'an import log row cannot be deleted'); END;

-- The packets as received: the exact envelope bytes, insert-only, proved by their import's
-- content hash. The same body twice is one row (body_sha256 UNIQUE).
CREATE TABLE hq_packet (
    id              TEXT PRIMARY KEY,
    import_id       TEXT NOT NULL REFERENCES hq_import (id),
    plant_id        TEXT NOT NULL REFERENCES hq_plant (id),
    key_id          TEXT NOT NULL REFERENCES hq_plant_key (id),
    week            TEXT NOT NULL CHECK (week GLOB '[0-9][0-9][0-9][0-9]-W[0-9][0-9]'),
    revision        INTEGER NOT NULL CHECK (revision >= 1),
    reason          TEXT,
    generated_at    TEXT NOT NULL,
    received_at     TEXT NOT NULL,                    -- the mailbox's date, else the signing time
    body_sha256     TEXT NOT NULL UNIQUE CHECK (length(body_sha256) = 64),
    head_seq        INTEGER,
    head_hash       TEXT,
    prev_seq        INTEGER,
    prev_hash       TEXT,
    envelope        TEXT NOT NULL,
    UNIQUE (plant_id, week, revision)
);
CREATE INDEX hq_packet_head ON hq_packet (plant_id, head_seq);
CREATE INDEX hq_packet_prev ON hq_packet (plant_id, prev_seq);
CREATE INDEX hq_packet_import ON hq_packet (import_id);
CREATE TRIGGER hq_packet_no_update BEFORE UPDATE ON hq_packet
BEGIN SELECT RAISE(ABORT, 'a received packet cannot be changed'); END;
CREATE TRIGGER hq_packet_no_delete BEFORE DELETE ON hq_packet
BEGIN SELECT RAISE(ABORT, 'a received packet cannot be deleted'); END;

-- The indicator values of each packet by calendar-month part of its week, exploded from its
-- signed body for aggregation: `figures` is the canonical JSON object {key: value} of the part
-- (derived: `hq::store::check` re-derives it from the envelope).
CREATE TABLE hq_packet_month (
    packet_id TEXT NOT NULL REFERENCES hq_packet (id),
    month     TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
    first_day TEXT NOT NULL,
    last_day  TEXT NOT NULL,
    figures   TEXT NOT NULL CHECK (json_valid(figures)),
    PRIMARY KEY (packet_id, month)
) WITHOUT ROWID;
CREATE TRIGGER hq_packet_month_no_update BEFORE UPDATE ON hq_packet_month
BEGIN SELECT RAISE(ABORT, 'a packet month cannot be changed'); END;
CREATE TRIGGER hq_packet_month_no_delete BEFORE DELETE ON hq_packet_month
BEGIN SELECT RAISE(ABORT, 'a packet month cannot be deleted'); END;

-- The analyst's decisions on a plant-week, insert-only: accept (locks the revision for the
-- appendix), return (with a comment, mailed to the plant signed), reopen (lifts an accept).
CREATE TABLE hq_review (
    id        TEXT PRIMARY KEY,
    plant_id  TEXT NOT NULL REFERENCES hq_plant (id),
    week      TEXT NOT NULL CHECK (week GLOB '[0-9][0-9][0-9][0-9]-W[0-9][0-9]'),
    packet_id TEXT NOT NULL REFERENCES hq_packet (id),
    action    TEXT NOT NULL CHECK (action IN ('accept', 'return', 'reopen')),
    comment   TEXT NOT NULL DEFAULT '',
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    message   TEXT,                                    -- the signed return message (JSON envelope)
    CHECK (action <> 'return' OR (length(trim(comment)) >= 1 AND message IS NOT NULL))
);
CREATE INDEX hq_review_week ON hq_review (plant_id, week, at);
CREATE TRIGGER hq_review_no_update BEFORE UPDATE ON hq_review
BEGIN SELECT RAISE(ABORT, 'a review decision cannot be changed'); END;
CREATE TRIGGER hq_review_no_delete BEFORE DELETE ON hq_review
BEGIN SELECT RAISE(ABORT, 'a review decision cannot be deleted'); END;

-- HQ's own signing key (returns to plants are signed with it). Insert-only, one active.
CREATE TABLE hq_key (
    id          TEXT PRIMARY KEY,
    algorithm   TEXT NOT NULL CHECK (algorithm IN ('Ed25519')),
    public_key  BLOB NOT NULL CHECK (typeof(public_key) = 'blob' AND length(public_key) = 32),
    secret_key  BLOB NOT NULL CHECK (typeof(secret_key) = 'blob' AND length(secret_key) = 32),
    fingerprint TEXT NOT NULL UNIQUE CHECK (length(fingerprint) = 16 AND fingerprint NOT GLOB '*[^0-9a-f]*'),
    created_at  TEXT NOT NULL,
    retired_at  TEXT
);
CREATE UNIQUE INDEX hq_key_one_active ON hq_key ((retired_at IS NULL)) WHERE retired_at IS NULL;
CREATE TRIGGER hq_key_no_delete BEFORE DELETE ON hq_key
BEGIN SELECT RAISE(ABORT, 'a key cannot be deleted'); END;

-- Caches (derived, re-derived and compared by `hq::store::check`):
-- the counted revision of each plant-week (the accepted one while accepted, else the highest),
-- with what the grid shows of the week (first receipt, highest revision, latest decision),
CREATE TABLE hq_week (
    plant_id          TEXT NOT NULL REFERENCES hq_plant (id),
    week              TEXT NOT NULL,
    packet_id         TEXT NOT NULL REFERENCES hq_packet (id),
    counted_revision  INTEGER NOT NULL,
    max_revision      INTEGER NOT NULL,
    first_received_at TEXT NOT NULL,
    review_action     TEXT,
    review_revision   INTEGER,
    PRIMARY KEY (plant_id, week)
) WITHOUT ROWID;
CREATE INDEX hq_week_week ON hq_week (week);
-- every anchor break a packet shows against the packets held (a rewritten plant history),
CREATE TABLE hq_anchor_break (
    packet_id TEXT NOT NULL REFERENCES hq_packet (id),
    seq       INTEGER NOT NULL,
    held_hash TEXT NOT NULL,
    now_hash  TEXT NOT NULL,
    PRIMARY KEY (packet_id, seq, held_hash)
) WITHOUT ROWID;
-- and each plant's year figures from the counted revisions inside its boundary.
CREATE TABLE hq_plant_year (
    plant_id TEXT NOT NULL REFERENCES hq_plant (id),
    year     INTEGER NOT NULL,
    key      TEXT NOT NULL,
    value    INTEGER NOT NULL,
    PRIMARY KEY (plant_id, year, key)
) WITHOUT ROWID;
