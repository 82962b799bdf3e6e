-- 0002_waste_generation: the 国家危险废物名录 as reference data, the plant's waste streams, and
-- the generation ledger (HJ 1259-2022 Appendix B.1). Forward-only.

-- HW categories HW01–HW40 and HW45–HW50 (there is no HW41–HW44).
CREATE TABLE hw_category (
    category TEXT PRIMARY KEY CHECK (category GLOB 'HW[0-9][0-9]'),
    name_zh  TEXT NOT NULL,
    name_en  TEXT NOT NULL
);

-- One row per (edition, code). The table holds the full list; db/0003 ships the codes typical of
-- electronics and automotive plants. characteristics keeps the raw notation ("T,I", "T/C", "T/In").
CREATE TABLE hw_code (
    catalogue_version TEXT NOT NULL CHECK (catalogue_version IN ('2021', '2025')),
    code              TEXT NOT NULL CHECK (code GLOB '[0-9][0-9][0-9]-[0-9][0-9][0-9]-[0-9][0-9]'),
    category          TEXT NOT NULL REFERENCES hw_category (category),
    name_zh           TEXT NOT NULL,
    characteristics   TEXT NOT NULL,
    PRIMARY KEY (catalogue_version, code),
    CHECK (category = 'HW' || substr(code, 9, 2))
);

CREATE TABLE waste_stream (
    id                TEXT PRIMARY KEY,
    name              TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    catalogue_version TEXT NOT NULL,
    code              TEXT NOT NULL,
    physical_form     TEXT NOT NULL CHECK (physical_form IN ('solid', 'semi_solid', 'liquid', 'sludge', 'gas')),
    created_at        TEXT NOT NULL,
    created_by        TEXT NOT NULL REFERENCES app_user (id),
    voided_at         TEXT,
    void_reason       TEXT,
    FOREIGN KEY (catalogue_version, code) REFERENCES hw_code (catalogue_version, code),
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE UNIQUE INDEX waste_stream_name ON waste_stream (name) WHERE voided_at IS NULL;

-- B.1 产生环节: one row per container (or per day for piped waste). Quantities in whole grams.
CREATE TABLE waste_generation (
    id                TEXT PRIMARY KEY,
    batch_code        TEXT NOT NULL UNIQUE,         -- 产生批次编码, e.g. HWCS20250301001
    stream_id         TEXT REFERENCES waste_stream (id),
    catalogue_version TEXT NOT NULL,
    code              TEXT NOT NULL,
    quantity_g        INTEGER NOT NULL CHECK (quantity_g BETWEEN 1 AND 1000000000),
    entered_unit      TEXT NOT NULL CHECK (entered_unit IN ('kg', 't')),
    container_id      TEXT NOT NULL CHECK (length(container_id) >= 1),
    storage_area      TEXT NOT NULL CHECK (length(storage_area) >= 1),
    generated_at      TEXT NOT NULL,                -- UTC instant (entered in plant local time)
    generated_local_date TEXT NOT NULL              -- the plant-local day of generated_at (ledger day)
        CHECK (generated_local_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    recorded_by       TEXT NOT NULL REFERENCES app_user (id),
    recorded_at       TEXT NOT NULL,                -- UTC
    voided_at         TEXT,
    voided_by         TEXT REFERENCES app_user (id),
    void_reason       TEXT,
    FOREIGN KEY (catalogue_version, code) REFERENCES hw_code (catalogue_version, code),
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
-- The ledger list reads live (not voided) rows by default: partial indexes keep its count and
-- its first page index-only over millions of rows; the full ones serve "include voided".
CREATE INDEX waste_generation_at ON waste_generation (generated_at);
CREATE INDEX waste_generation_stream_at ON waste_generation (stream_id, generated_at);
CREATE INDEX waste_generation_live_at ON waste_generation (generated_at) WHERE voided_at IS NULL;
CREATE INDEX waste_generation_live_stream_at ON waste_generation (stream_id, generated_at) WHERE voided_at IS NULL;
CREATE INDEX waste_generation_live_code_at ON waste_generation (code, generated_at) WHERE voided_at IS NULL;
CREATE INDEX waste_generation_live_quantity ON waste_generation (quantity_g) WHERE voided_at IS NULL;

-- A posted entry is never edited: only the void columns may go from NULL to a value, once.
CREATE TRIGGER waste_generation_posted_is_final BEFORE UPDATE ON waste_generation
WHEN NEW.id IS NOT OLD.id OR NEW.batch_code IS NOT OLD.batch_code OR NEW.stream_id IS NOT OLD.stream_id
  OR NEW.catalogue_version IS NOT OLD.catalogue_version OR NEW.code IS NOT OLD.code
  OR NEW.quantity_g IS NOT OLD.quantity_g OR NEW.entered_unit IS NOT OLD.entered_unit
  OR NEW.container_id IS NOT OLD.container_id OR NEW.storage_area IS NOT OLD.storage_area
  OR NEW.generated_at IS NOT OLD.generated_at OR NEW.generated_local_date IS NOT OLD.generated_local_date
  OR NEW.recorded_by IS NOT OLD.recorded_by
  OR NEW.recorded_at IS NOT OLD.recorded_at OR OLD.voided_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a posted waste_generation entry cannot be changed; void it and record a new one'); END;
-- Derived cache: totals per plant-local day, stream and code, kept by the triggers below in the
-- same transaction as the entry. Exact totals for any period in ~1 ms over millions of entries
-- (the ledger's "N entries, X kg", later the weekly summary). `waste::generation::check_day_totals`
-- compares it with the entries themselves.
CREATE TABLE waste_generation_day (
    local_date   TEXT NOT NULL,
    stream_key   TEXT NOT NULL,                     -- stream id, or '' for entries by code only
    code         TEXT NOT NULL,
    live_count   INTEGER NOT NULL DEFAULT 0,
    live_g       INTEGER NOT NULL DEFAULT 0,
    voided_count INTEGER NOT NULL DEFAULT 0,
    voided_g     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (local_date, stream_key, code)
) WITHOUT ROWID;

CREATE TRIGGER waste_generation_day_insert AFTER INSERT ON waste_generation
BEGIN
    INSERT OR IGNORE INTO waste_generation_day (local_date, stream_key, code)
    VALUES (NEW.generated_local_date, coalesce(NEW.stream_id, ''), NEW.code);
    UPDATE waste_generation_day
    SET live_count = live_count + (NEW.voided_at IS NULL),
        live_g = live_g + CASE WHEN NEW.voided_at IS NULL THEN NEW.quantity_g ELSE 0 END,
        voided_count = voided_count + (NEW.voided_at IS NOT NULL),
        voided_g = voided_g + CASE WHEN NEW.voided_at IS NULL THEN 0 ELSE NEW.quantity_g END
    WHERE local_date = NEW.generated_local_date AND stream_key = coalesce(NEW.stream_id, '') AND code = NEW.code;
END;

CREATE TRIGGER waste_generation_day_void AFTER UPDATE OF voided_at ON waste_generation
WHEN OLD.voided_at IS NULL AND NEW.voided_at IS NOT NULL
BEGIN
    UPDATE waste_generation_day
    SET live_count = live_count - 1, live_g = live_g - NEW.quantity_g,
        voided_count = voided_count + 1, voided_g = voided_g + NEW.quantity_g
    WHERE local_date = NEW.generated_local_date AND stream_key = coalesce(NEW.stream_id, '') AND code = NEW.code;
END;

CREATE TRIGGER waste_generation_no_delete BEFORE DELETE ON waste_generation
BEGIN SELECT RAISE(ABORT, 'ledger entries are voided, never deleted'); END;
CREATE TRIGGER waste_stream_no_delete BEFORE DELETE ON waste_stream
BEGIN SELECT RAISE(ABORT, 'waste streams are voided, never deleted'); END;
CREATE TRIGGER hw_code_no_delete BEFORE DELETE ON hw_code
BEGIN SELECT RAISE(ABORT, 'catalogue entries are never deleted'); END;
