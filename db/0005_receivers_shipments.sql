-- 0005_receivers_shipments: plant settings, the working-day calendar, licensed receivers and
-- transporters, and outbound shipments with their transfer manifests (转移联单) — HJ 1259-2022
-- B.5 委外利用/处置 — plus B.4 自行利用/处置. Forward-only.

-- Plant-level settings (USCC, address, tolerances, alert lead times). Key/value, audited on
-- every change by the core; the previous value is in the audit trail.
CREATE TABLE plant_setting (
    id         TEXT PRIMARY KEY CHECK (id GLOB '[a-z]*' AND length(id) <= 64),   -- the setting's name
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL REFERENCES app_user (id)
);
CREATE TRIGGER plant_setting_no_delete BEFORE DELETE ON plant_setting
BEGIN SELECT RAISE(ABORT, 'settings are changed, never deleted'); END;

-- Public holidays and make-up working days (调休) for working-day deadlines. One live row per day.
CREATE TABLE work_calendar_day (
    id          TEXT PRIMARY KEY,
    day         TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    kind        TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL REFERENCES app_user (id),
    voided_at   TEXT,
    void_reason TEXT,
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE UNIQUE INDEX work_calendar_day_live ON work_calendar_day (day) WHERE voided_at IS NULL;
CREATE TRIGGER work_calendar_day_no_delete BEFORE DELETE ON work_calendar_day
BEGIN SELECT RAISE(ABORT, 'calendar days are voided, never deleted'); END;

-- Receivers (接受人: licensed utilisation/disposal units, exempt units, foreign units) and
-- transporters (承运人).
CREATE TABLE counterparty (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('receiver', 'transporter')),
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    uscc        TEXT,                                   -- 统一社会信用代码 (checked by the core)
    address     TEXT NOT NULL DEFAULT '',
    contact     TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL REFERENCES app_user (id),
    voided_at   TEXT,
    void_reason TEXT,
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE UNIQUE INDEX counterparty_name ON counterparty (kind, name) WHERE voided_at IS NULL;
CREATE TRIGGER counterparty_no_delete BEFORE DELETE ON counterparty
BEGIN SELECT RAISE(ABORT, 'receivers and transporters are voided, never deleted'); END;

-- Licences (危险废物经营许可证, road DG transport permit, exemption, export approval). Insert-only:
-- a renewal is a new row; the licence in force on a date is the newest live one covering it.
CREATE TABLE counterparty_licence (
    id                TEXT PRIMARY KEY,
    counterparty_id   TEXT NOT NULL REFERENCES counterparty (id),
    licence_no        TEXT NOT NULL CHECK (length(licence_no) BETWEEN 1 AND 64),
    -- comprehensive 综合经营 (any category), collection 收集经营 (waste mineral oil / Ni-Cd only),
    -- exempt 豁免管理单位, export 出口核准, transport 道路危险货物运输许可
    licence_type      TEXT NOT NULL CHECK (licence_type IN ('comprehensive', 'collection', 'exempt', 'export', 'transport')),
    valid_from        TEXT NOT NULL CHECK (valid_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    valid_to          TEXT NOT NULL CHECK (valid_to GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    categories        TEXT NOT NULL DEFAULT '[]',       -- JSON array of HWxx
    codes             TEXT NOT NULL DEFAULT '[]',       -- JSON array of NNN-NNN-NN (where a licence lists codes)
    methods           TEXT NOT NULL DEFAULT '[]',       -- JSON array of R/D method codes (经营方式)
    annual_capacity_g INTEGER CHECK (annual_capacity_g IS NULL OR annual_capacity_g > 0),
    created_at        TEXT NOT NULL,
    created_by        TEXT NOT NULL REFERENCES app_user (id),
    voided_at         TEXT,
    void_reason       TEXT,
    CHECK (valid_to >= valid_from),
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE INDEX counterparty_licence_party ON counterparty_licence (counterparty_id, valid_to);
CREATE TRIGGER counterparty_licence_is_final BEFORE UPDATE ON counterparty_licence
WHEN NEW.id IS NOT OLD.id OR NEW.counterparty_id IS NOT OLD.counterparty_id OR NEW.licence_no IS NOT OLD.licence_no
  OR NEW.licence_type IS NOT OLD.licence_type OR NEW.valid_from IS NOT OLD.valid_from OR NEW.valid_to IS NOT OLD.valid_to
  OR NEW.categories IS NOT OLD.categories OR NEW.codes IS NOT OLD.codes OR NEW.methods IS NOT OLD.methods
  OR NEW.annual_capacity_g IS NOT OLD.annual_capacity_g OR OLD.voided_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a licence is never edited; void it and add the renewed one'); END;
CREATE TRIGGER counterparty_licence_no_delete BEFORE DELETE ON counterparty_licence
BEGIN SELECT RAISE(ABORT, 'licences are voided, never deleted'); END;

-- One shipment = one vehicle trip = one transfer manifest (联单), several lines.
CREATE TABLE shipment (
    id               TEXT PRIMARY KEY,
    manifest_no      TEXT NOT NULL CHECK (length(manifest_no) BETWEEN 1 AND 32),  -- assigned by the national system
    manifest_warning TEXT,                               -- e.g. a 16-digit legacy number
    receiver_id      TEXT NOT NULL REFERENCES counterparty (id),
    licence_id       TEXT REFERENCES counterparty_licence (id),   -- the licence checked (NULL only with an override)
    transporter_id   TEXT REFERENCES counterparty (id),
    vehicle_plate    TEXT NOT NULL DEFAULT '',
    transfer_type    TEXT NOT NULL DEFAULT 'in_province' CHECK (transfer_type IN ('in_province', 'cross_province', 'export')),
    purpose          TEXT NOT NULL CHECK (purpose IN ('utilisation', 'disposal')),   -- 利用 / 处置
    method           TEXT NOT NULL DEFAULT '',           -- 利用/处置方式 (R/D code)
    shipped_at       TEXT NOT NULL,                      -- UTC (出厂时间)
    local_date       TEXT NOT NULL,
    override_reason  TEXT,                               -- admin's written reason to ship despite a licence refusal
    override_by      TEXT REFERENCES app_user (id),
    recorded_by      TEXT NOT NULL REFERENCES app_user (id),
    recorded_at      TEXT NOT NULL,
    voided_at        TEXT,
    voided_by        TEXT REFERENCES app_user (id),
    void_reason      TEXT,
    CHECK ((override_reason IS NULL) = (override_by IS NULL)),
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE UNIQUE INDEX shipment_manifest_live ON shipment (manifest_no) WHERE voided_at IS NULL;
CREATE INDEX shipment_date ON shipment (local_date);
CREATE INDEX shipment_receiver ON shipment (receiver_id, local_date);
CREATE TRIGGER shipment_is_final BEFORE UPDATE ON shipment
WHEN NEW.id IS NOT OLD.id OR NEW.manifest_no IS NOT OLD.manifest_no OR NEW.manifest_warning IS NOT OLD.manifest_warning
  OR NEW.receiver_id IS NOT OLD.receiver_id OR NEW.licence_id IS NOT OLD.licence_id
  OR NEW.transporter_id IS NOT OLD.transporter_id OR NEW.vehicle_plate IS NOT OLD.vehicle_plate
  OR NEW.transfer_type IS NOT OLD.transfer_type OR NEW.purpose IS NOT OLD.purpose OR NEW.method IS NOT OLD.method
  OR NEW.shipped_at IS NOT OLD.shipped_at OR NEW.local_date IS NOT OLD.local_date
  OR NEW.override_reason IS NOT OLD.override_reason OR NEW.override_by IS NOT OLD.override_by
  OR NEW.recorded_by IS NOT OLD.recorded_by OR NEW.recorded_at IS NOT OLD.recorded_at OR OLD.voided_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a posted shipment cannot be changed; void it (its take-outs are reversed) and ship again'); END;
CREATE TRIGGER shipment_no_delete BEFORE DELETE ON shipment
BEGIN SELECT RAISE(ABORT, 'shipments are voided, never deleted'); END;

-- Manifest lines = B.5 records: one per container, each linked to its B.3 take-out (which
-- links to B.2 and B.1), so a container is traceable from generation to confirmation.
CREATE TABLE shipment_line (
    id                TEXT PRIMARY KEY,
    shipment_id       TEXT NOT NULL REFERENCES shipment (id),
    line_no           INTEGER NOT NULL CHECK (line_no >= 1),
    batch_code        TEXT NOT NULL UNIQUE,              -- 委外利用/处置批次编码 HWWWLY… / HWWWCZ…
    movement_id       TEXT NOT NULL UNIQUE REFERENCES waste_movement (id),   -- the B.3 出库
    container_id      TEXT NOT NULL,
    catalogue_version TEXT NOT NULL,
    code              TEXT NOT NULL,
    quantity_g        INTEGER NOT NULL CHECK (quantity_g > 0),
    weight_source     TEXT NOT NULL CHECK (weight_source IN ('measured', 'estimated')),
    UNIQUE (shipment_id, line_no),
    FOREIGN KEY (catalogue_version, code) REFERENCES hw_code (catalogue_version, code)
);
CREATE INDEX shipment_line_code ON shipment_line (code);
CREATE TRIGGER shipment_line_is_final BEFORE UPDATE ON shipment_line
BEGIN SELECT RAISE(ABORT, 'manifest lines are never changed'); END;
CREATE TRIGGER shipment_line_no_delete BEFORE DELETE ON shipment_line
BEGIN SELECT RAISE(ABORT, 'manifest lines are never deleted'); END;

-- The receiver's confirmation, as recorded from the national system (one per shipment).
CREATE TABLE shipment_receipt (
    id           TEXT PRIMARY KEY,
    shipment_id  TEXT NOT NULL UNIQUE REFERENCES shipment (id),
    received_on  TEXT NOT NULL CHECK (received_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    confirmed_on TEXT NOT NULL CHECK (confirmed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    outcome      TEXT NOT NULL CHECK (outcome IN ('confirmed', 'discrepancy', 'rejected')),
    method       TEXT NOT NULL DEFAULT '',               -- 利用/处置方式 the receiver reports
    note         TEXT NOT NULL DEFAULT '',
    recorded_by  TEXT NOT NULL REFERENCES app_user (id),
    recorded_at  TEXT NOT NULL,
    CHECK (confirmed_on >= received_on)
);
CREATE TABLE shipment_receipt_line (
    id               TEXT PRIMARY KEY,
    receipt_id       TEXT NOT NULL REFERENCES shipment_receipt (id),
    line_id          TEXT NOT NULL UNIQUE REFERENCES shipment_line (id),
    received_g       INTEGER NOT NULL CHECK (received_g >= 0),
    within_tolerance INTEGER NOT NULL CHECK (within_tolerance IN (0, 1))
);
CREATE INDEX shipment_receipt_line_receipt ON shipment_receipt_line (receipt_id);
CREATE TRIGGER shipment_receipt_is_final BEFORE UPDATE ON shipment_receipt
BEGIN SELECT RAISE(ABORT, 'a recorded confirmation is never changed'); END;
CREATE TRIGGER shipment_receipt_no_delete BEFORE DELETE ON shipment_receipt
BEGIN SELECT RAISE(ABORT, 'confirmations are never deleted'); END;
CREATE TRIGGER shipment_receipt_line_is_final BEFORE UPDATE ON shipment_receipt_line
BEGIN SELECT RAISE(ABORT, 'a recorded confirmation is never changed'); END;
CREATE TRIGGER shipment_receipt_line_no_delete BEFORE DELETE ON shipment_receipt_line
BEGIN SELECT RAISE(ABORT, 'confirmations are never deleted'); END;

-- B.4 自行利用/处置: a container taken out of storage (its B.3 row) and used or disposed of on site.
CREATE TABLE waste_own_treatment (
    id            TEXT PRIMARY KEY,
    batch_code    TEXT NOT NULL UNIQUE,                  -- HWZXLY… / HWZXCZ…
    purpose       TEXT NOT NULL CHECK (purpose IN ('utilisation', 'disposal')),
    movement_id   TEXT NOT NULL UNIQUE REFERENCES waste_movement (id),
    container_id  TEXT NOT NULL,
    catalogue_version TEXT NOT NULL,
    code          TEXT NOT NULL,
    quantity_g    INTEGER NOT NULL CHECK (quantity_g > 0),
    facility_code TEXT NOT NULL CHECK (length(facility_code) >= 1),  -- 自行利用/处置设施编码
    method        TEXT NOT NULL CHECK (length(method) >= 1),         -- 自行利用/处置方式
    started_at    TEXT NOT NULL,                         -- UTC
    local_date    TEXT NOT NULL,
    finished_on   TEXT CHECK (finished_on IS NULL OR finished_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    recorded_by   TEXT NOT NULL REFERENCES app_user (id),
    recorded_at   TEXT NOT NULL,
    voided_at     TEXT,
    voided_by     TEXT REFERENCES app_user (id),
    void_reason   TEXT,
    FOREIGN KEY (catalogue_version, code) REFERENCES hw_code (catalogue_version, code),
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE INDEX waste_own_treatment_date ON waste_own_treatment (local_date);
CREATE TRIGGER waste_own_treatment_is_final BEFORE UPDATE ON waste_own_treatment
WHEN NEW.id IS NOT OLD.id OR NEW.batch_code IS NOT OLD.batch_code OR NEW.purpose IS NOT OLD.purpose
  OR NEW.movement_id IS NOT OLD.movement_id OR NEW.quantity_g IS NOT OLD.quantity_g OR NEW.code IS NOT OLD.code
  OR NEW.facility_code IS NOT OLD.facility_code OR NEW.method IS NOT OLD.method OR NEW.started_at IS NOT OLD.started_at
  OR (OLD.finished_on IS NOT NULL AND NEW.finished_on IS NOT OLD.finished_on) OR OLD.voided_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a posted own-treatment record cannot be changed (only its finish date, once); void it with a reason'); END;
CREATE TRIGGER waste_own_treatment_no_delete BEFORE DELETE ON waste_own_treatment
BEGIN SELECT RAISE(ABORT, 'own-treatment records are voided, never deleted'); END;
