-- 0001_core: the plant, its people, and the append-only, hash-chained audit trail.
-- Forward-only: once landed this file never changes (the runner refuses an edited checksum).

CREATE TABLE plant (
    id           TEXT PRIMARY KEY,                 -- UUIDv7
    singleton    INTEGER NOT NULL DEFAULT 1 UNIQUE CHECK (singleton = 1),  -- one plant per database
    code         TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 32),
    name         TEXT NOT NULL CHECK (length(name) >= 1),
    segment      TEXT NOT NULL DEFAULT '',          -- business segment, free text (HQ groups by it)
    jurisdiction TEXT NOT NULL DEFAULT 'CN' CHECK (jurisdiction IN ('CN', 'US', 'EU')),
    timezone     TEXT NOT NULL DEFAULT 'Asia/Shanghai',  -- IANA zone: days, weeks, deadlines
    created_at   TEXT NOT NULL                      -- UTC
);

-- Full-time and total headcount per calendar year (ESG intensities per employee).
CREATE TABLE plant_headcount (
    id         TEXT PRIMARY KEY,
    year       INTEGER NOT NULL UNIQUE CHECK (year BETWEEN 1900 AND 2999),
    full_time  INTEGER NOT NULL CHECK (full_time >= 0),
    total      INTEGER NOT NULL CHECK (total >= full_time),
    updated_at TEXT NOT NULL
);

CREATE TABLE app_user (
    id              TEXT PRIMARY KEY,
    username        TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(username) BETWEEN 1 AND 64),
    display_name    TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('admin', 'ehs_officer', 'inspector', 'plant_manager', 'hq_analyst')),
    secret_kind     TEXT NOT NULL CHECK (secret_kind IN ('password', 'pin')),
    secret_hash     TEXT NOT NULL,                  -- argon2id PHC string
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    TEXT,                           -- UTC; sign-in refused before it
    created_at      TEXT NOT NULL,
    voided_at       TEXT,
    void_reason     TEXT,
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);

-- Every insert, update and void of any record appends one row here in the same transaction.
-- hash = SHA-256 over (prev_hash, seq, at_utc, actor, action, table_name, record_id,
-- before_json, after_json, reason), length-prefixed; see src/audit/mod.rs.
CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,                -- 1, 2, 3, … without gaps
    at_utc      TEXT NOT NULL,
    actor       TEXT NOT NULL,                      -- app_user.id, or 'system'
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

-- Records are voided, never deleted.
CREATE TRIGGER plant_no_delete BEFORE DELETE ON plant
BEGIN SELECT RAISE(ABORT, 'plant records are never deleted'); END;
CREATE TRIGGER app_user_no_delete BEFORE DELETE ON app_user
BEGIN SELECT RAISE(ABORT, 'users are voided, never deleted'); END;
CREATE TRIGGER plant_headcount_no_delete BEFORE DELETE ON plant_headcount
BEGIN SELECT RAISE(ABORT, 'headcount records are never deleted'); END;
