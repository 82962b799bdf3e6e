-- 0017_water: wastewater self-monitoring (domain.md §6): outfalls (排放口) with their permit
-- entries — monitored parameters with method and required frequency, concentration limits with
-- seasonal variants and a start date, the plant's annual caps (许可排放量) — and the readings:
-- manual lab results and online-monitor data (HJ 212-2017), ingested in audited batches. A
-- per-day cache carries the online loads and validity; exceedances are recorded as they are
-- found, for the hazards module to adopt. Forward-only.

CREATE TABLE water_outfall (
    id                TEXT PRIMARY KEY,
    code              TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 40),    -- 排放口编号, e.g. DW001
    name              TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    discharge_mode    TEXT NOT NULL CHECK (discharge_mode IN ('direct', 'indirect')),
    unit_class        TEXT NOT NULL CHECK (unit_class IN ('key', 'non_key')),
    receiving         TEXT NOT NULL DEFAULT '',      -- receiving water body or the sewage works
    permit_no         TEXT NOT NULL DEFAULT '',      -- 排污许可证编号
    permit_expires_on TEXT,                          -- plant-local date
    mn                TEXT,                          -- HJ 212 MN of the outfall's data logger
    created_at        TEXT NOT NULL,
    created_by        TEXT NOT NULL REFERENCES app_user (id),
    voided_at         TEXT,
    voided_by         TEXT REFERENCES app_user (id),
    void_reason       TEXT,
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE UNIQUE INDEX water_outfall_code ON water_outfall (code) WHERE voided_at IS NULL;
CREATE UNIQUE INDEX water_outfall_mn ON water_outfall (mn) WHERE voided_at IS NULL AND mn IS NOT NULL;
CREATE TRIGGER water_outfall_no_delete BEFORE DELETE ON water_outfall
BEGIN SELECT RAISE(ABORT, 'outfalls are voided, never deleted'); END;

-- A parameter the permit makes the outfall monitor: COD, BOD5, NH3-N, pH, flow or one the
-- plant defines. `factor_code` is its HJ 212-2017 code, how online data find it.
CREATE TABLE water_param (
    id          TEXT PRIMARY KEY,
    n           INTEGER NOT NULL UNIQUE,       -- compact key the readings use
    outfall_id  TEXT NOT NULL REFERENCES water_outfall (id),
    code        TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 24),
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    unit        TEXT NOT NULL CHECK (unit IN ('mg_l', 'ph', 'm3')),
    factor_code TEXT,
    method      TEXT NOT NULL CHECK (method IN ('online', 'manual')),
    frequency   TEXT NOT NULL CHECK (frequency IN ('continuous', 'daily', 'weekly', 'monthly', 'quarterly',
                                                   'half_yearly', 'yearly')),
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL REFERENCES app_user (id),
    voided_at   TEXT,
    voided_by   TEXT REFERENCES app_user (id),
    void_reason TEXT,
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE UNIQUE INDEX water_param_code ON water_param (outfall_id, code) WHERE voided_at IS NULL;
CREATE INDEX water_param_factor ON water_param (outfall_id, factor_code);
CREATE TRIGGER water_param_no_delete BEFORE DELETE ON water_param
BEGIN SELECT RAISE(ABORT, 'parameters are voided, never deleted'); END;

-- A concentration limit of the permit entry, from a plant-local date, in the months of `months`
-- (bit m−1 for month m; 4095 = all year; a winter limit Dec–Mar is 2063). Upper and/or lower
-- bound as exact decimal text (pH has both). The limit of a day: the latest `valid_from`, and
-- among equals the one with fewer months (the seasonal variant).
CREATE TABLE water_limit (
    id          TEXT PRIMARY KEY,
    param_id    TEXT NOT NULL REFERENCES water_param (id),
    upper       TEXT,
    lower       TEXT,
    months      INTEGER NOT NULL DEFAULT 4095 CHECK (months BETWEEN 1 AND 4095),
    valid_from  TEXT NOT NULL,
    basis       TEXT NOT NULL DEFAULT '',      -- the permit clause or standard (GB 39731-2020 表1 …)
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL REFERENCES app_user (id),
    voided_at   TEXT,
    voided_by   TEXT REFERENCES app_user (id),
    void_reason TEXT,
    CHECK (upper IS NOT NULL OR lower IS NOT NULL),
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE INDEX water_limit_param ON water_limit (param_id);
CREATE TRIGGER water_limit_no_delete BEFORE DELETE ON water_limit
BEGIN SELECT RAISE(ABORT, 'limits are voided, never deleted'); END;

-- The plant's annual permitted load (许可排放量, t/a) of a parameter, from a year on.
CREATE TABLE water_cap (
    id          TEXT PRIMARY KEY,
    param_code  TEXT NOT NULL CHECK (length(param_code) BETWEEN 1 AND 24),
    cap_g       INTEGER NOT NULL CHECK (cap_g BETWEEN 1 AND 1000000000000000),
    from_year   INTEGER NOT NULL CHECK (from_year BETWEEN 1990 AND 2200),
    basis       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL REFERENCES app_user (id),
    voided_at   TEXT,
    voided_by   TEXT REFERENCES app_user (id),
    void_reason TEXT,
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE TRIGGER water_cap_no_delete BEFORE DELETE ON water_cap
BEGIN SELECT RAISE(ABORT, 'caps are voided, never deleted'); END;

-- One ingestion: a lab result entered by hand, an imported file, or a flush of the listener. The
-- batch is the audited record (design.md: one audit row per bulk ingestion, with the content hash
-- and the counts); its readings point at it.
CREATE TABLE water_batch (
    id             TEXT PRIMARY KEY,
    n              INTEGER NOT NULL UNIQUE,    -- compact key the readings use
    kind           TEXT NOT NULL CHECK (kind IN ('manual', 'csv', 'xlsx', 'hj212_file', 'listener')),
    source         TEXT NOT NULL DEFAULT '',   -- file name, peer address, or the lab
    content_sha256 TEXT,
    accepted       INTEGER NOT NULL CHECK (accepted >= 0),
    duplicates     INTEGER NOT NULL DEFAULT 0 CHECK (duplicates >= 0),
    rejected       INTEGER NOT NULL CHECK (rejected >= 0),
    rejections     TEXT NOT NULL DEFAULT '{}', -- JSON {reason: count}
    created_at     TEXT NOT NULL,
    created_by     TEXT NOT NULL REFERENCES app_user (id),
    voided_at      TEXT,
    voided_by      TEXT REFERENCES app_user (id),
    void_reason    TEXT,
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE TRIGGER water_batch_no_delete BEFORE DELETE ON water_batch
BEGIN SELECT RAISE(ABORT, 'batches are voided, never deleted'); END;

-- A reading: one value of one parameter for one interval (a lab sample, or an online record:
-- real-time, minute, hour, day). `at` is the UTC start of the interval (the sampling time of a
-- sample) in whole seconds since 1970 — a compact integer because a year of minute data is half a
-- million rows per parameter. `value` is the concentration (mg/L), pH, or the flow in m³ over the
-- interval; a result below the detection limit has `below_dl` = 1 and its DL as `value` (`4L`).
-- Insert-only: a slot (param, interval, at) holds one reading per `rev`; a correction voids the
-- reading (water_reading_void) and enters the next rev. A record sent twice is a duplicate.
CREATE TABLE water_reading (
    seq       INTEGER PRIMARY KEY,
    batch     INTEGER NOT NULL REFERENCES water_batch (n),
    param     INTEGER NOT NULL REFERENCES water_param (n),
    interval  TEXT NOT NULL CHECK (interval IN ('sample', 'rtd', 'minute', 'hour', 'day')),
    at        INTEGER NOT NULL,
    rev       INTEGER NOT NULL DEFAULT 0,
    value     REAL NOT NULL,
    below_dl  INTEGER NOT NULL DEFAULT 0 CHECK (below_dl IN (0, 1)),
    flag      TEXT NOT NULL DEFAULT 'N' CHECK (flag IN ('N', 'F', 'M', 'S', 'D', 'C', 'T', 'B')),
    method    TEXT                          -- the lab's method (HJ 828-2017 …) of a sample
) STRICT;
CREATE UNIQUE INDEX water_reading_slot ON water_reading (param, interval, at, rev);
CREATE TRIGGER water_reading_no_update BEFORE UPDATE ON water_reading
BEGIN SELECT RAISE(ABORT, 'readings are never changed: void and re-enter'); END;
CREATE TRIGGER water_reading_no_delete BEFORE DELETE ON water_reading
BEGIN SELECT RAISE(ABORT, 'readings are voided, never deleted'); END;

CREATE TABLE water_reading_void (
    seq       INTEGER PRIMARY KEY REFERENCES water_reading (seq),
    id        TEXT NOT NULL UNIQUE,             -- the audited record's id
    reason    TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    voided_at TEXT NOT NULL,
    voided_by TEXT NOT NULL REFERENCES app_user (id)
);

-- Per outfall and plant-local day, the online figures of each parameter, re-derived from the
-- readings whenever a batch touches the day (and by `water::online::check`): valid hours, load in
-- milligrams (Σ hourly C × Q over hours where both are valid), flow in litres, concentration
-- statistics over valid hours.
CREATE TABLE water_online_day (
    param       INTEGER NOT NULL REFERENCES water_param (n),
    local_date  TEXT NOT NULL,
    valid_hours INTEGER NOT NULL,
    hours       INTEGER NOT NULL,            -- hours with any record
    load_mg     INTEGER,                     -- NULL for flow and pH
    flow_l      INTEGER,                     -- the flow parameter's volume
    c_min       REAL,
    c_max       REAL,
    c_sum       REAL,
    PRIMARY KEY (param, local_date)
) WITHOUT ROWID;

-- Per parameter and UTC hour, the count, min, max and sum of the valid minute or hour values:
-- what the chart reads for ranges of more than a few days (a year of minute data is 8,784 rows
-- here instead of 525,600). Re-derived with the day cache.
CREATE TABLE water_series_hour (
    param INTEGER NOT NULL REFERENCES water_param (n),
    hour  INTEGER NOT NULL,                  -- UTC seconds of the hour's start
    n     INTEGER NOT NULL,
    vmin  REAL NOT NULL,
    vmax  REAL NOT NULL,
    vsum  REAL NOT NULL,
    PRIMARY KEY (param, hour)
) WITHOUT ROWID;

-- An exceedance found when a reading was ingested: the value, the limit in force, and the value
-- as a multiple of an upper limit. An alert until the hazards module adopts it as a corrective
-- action (issue 13).
CREATE TABLE water_exceedance (
    id          TEXT PRIMARY KEY,
    param_id    TEXT NOT NULL REFERENCES water_param (id),
    interval    TEXT NOT NULL CHECK (interval IN ('sample', 'hour', 'day')),
    at          INTEGER NOT NULL,
    local_date  TEXT NOT NULL,
    value       REAL NOT NULL,
    limit_id    TEXT NOT NULL REFERENCES water_limit (id),
    bound       TEXT NOT NULL CHECK (bound IN ('upper', 'lower')),
    limit_value TEXT NOT NULL,
    ratio_permille INTEGER,                 -- value ÷ upper limit in ‰ (1500 = 1.5 ×)
    batch_id    TEXT NOT NULL REFERENCES water_batch (id),
    found_at    TEXT NOT NULL
);
CREATE UNIQUE INDEX water_exceedance_slot ON water_exceedance (param_id, interval, at);
CREATE INDEX water_exceedance_day ON water_exceedance (local_date);
CREATE TRIGGER water_exceedance_no_update BEFORE UPDATE ON water_exceedance
BEGIN SELECT RAISE(ABORT, 'exceedances are never changed'); END;
CREATE TRIGGER water_exceedance_no_delete BEFORE DELETE ON water_exceedance
BEGIN SELECT RAISE(ABORT, 'exceedances are never deleted'); END;

-- The exceedances that stand: their batch is not voided, and the reading they were found in
-- (a lab sample, an hourly record) is not voided either.
CREATE VIEW water_exceedance_live AS
SELECT x.* FROM water_exceedance x JOIN water_batch b ON b.id = x.batch_id
WHERE b.voided_at IS NULL
  AND NOT EXISTS (
      SELECT 1 FROM water_param p
      JOIN water_reading r ON r.param = p.n AND r.batch = b.n AND r.interval = x.interval AND r.at = x.at
      JOIN water_reading_void v ON v.seq = r.seq
      WHERE p.id = x.param_id);
