-- 0010_transfer_rules: the transfer rules of 《危险废物转移管理办法》 (issue 9 item 5) and the
-- storage checks at put-away (item 7). Forward-only; existing records keep the new columns empty
-- (NULL = not recorded before this migration), nothing is back-filled.

-- A receiver's or transporter's 6-digit administrative division code (行政区划代码); its first two
-- digits are the province. NULL: not recorded (the province is then read from the address).
ALTER TABLE counterparty ADD COLUMN region_code TEXT
    CHECK (region_code IS NULL OR region_code GLOB '[1-9][0-9][0-9][0-9][0-9][0-9]');

-- Cross-province transfer approvals (跨省转移审批, Arts. 21–28): a register, insert-only. An
-- approval names the receiver, the codes it allows, optionally a quantity, and its validity
-- (≤ 12 months, capped by the receiver's licence). Several shipments may run under one approval.
CREATE TABLE transfer_approval (
    id          TEXT PRIMARY KEY,
    approval_no TEXT NOT NULL CHECK (length(approval_no) BETWEEN 1 AND 64),
    receiver_id TEXT NOT NULL REFERENCES counterparty (id),
    codes       TEXT NOT NULL CHECK (codes <> '[]'),           -- JSON array of NNN-NNN-NN
    quantity_g  INTEGER CHECK (quantity_g IS NULL OR quantity_g > 0),   -- NULL: no quantity stated
    valid_from  TEXT NOT NULL CHECK (valid_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    valid_to    TEXT NOT NULL CHECK (valid_to GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL REFERENCES app_user (id),
    voided_at   TEXT,
    voided_by   TEXT REFERENCES app_user (id),
    void_reason TEXT,
    CHECK (valid_to >= valid_from),
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE UNIQUE INDEX transfer_approval_no_live ON transfer_approval (approval_no) WHERE voided_at IS NULL;
CREATE TRIGGER transfer_approval_is_final BEFORE UPDATE ON transfer_approval
WHEN NEW.id IS NOT OLD.id OR NEW.approval_no IS NOT OLD.approval_no OR NEW.receiver_id IS NOT OLD.receiver_id
  OR NEW.codes IS NOT OLD.codes OR NEW.quantity_g IS NOT OLD.quantity_g OR NEW.valid_from IS NOT OLD.valid_from
  OR NEW.valid_to IS NOT OLD.valid_to OR NEW.created_at IS NOT OLD.created_at OR NEW.created_by IS NOT OLD.created_by
  OR OLD.voided_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'an approval is never edited; void it and register the new one'); END;
CREATE TRIGGER transfer_approval_no_delete BEFORE DELETE ON transfer_approval
BEGIN SELECT RAISE(ABORT, 'approvals are voided, never deleted'); END;

-- The annual management plan's transfer quantity per waste code (管理计划, HJ 1259 §5): a register,
-- insert-only; the newest live row for a year and code is the plan in force (an amended plan is
-- a new row). A shipment taking the year's shipped total above it warns.
CREATE TABLE transfer_plan (
    id          TEXT PRIMARY KEY,
    year        INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2200),
    code        TEXT NOT NULL CHECK (code GLOB '[0-9][0-9][0-9]-[0-9][0-9][0-9]-[0-9][0-9]'),
    quantity_g  INTEGER NOT NULL CHECK (quantity_g > 0),
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL REFERENCES app_user (id),
    voided_at   TEXT,
    voided_by   TEXT REFERENCES app_user (id),
    void_reason TEXT,
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE INDEX transfer_plan_year_code ON transfer_plan (year, code, created_at);
CREATE TRIGGER transfer_plan_is_final BEFORE UPDATE ON transfer_plan
WHEN NEW.id IS NOT OLD.id OR NEW.year IS NOT OLD.year OR NEW.code IS NOT OLD.code OR NEW.quantity_g IS NOT OLD.quantity_g
  OR NEW.note IS NOT OLD.note OR NEW.created_at IS NOT OLD.created_at OR NEW.created_by IS NOT OLD.created_by
  OR OLD.voided_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a plan row is never edited; register the amended quantity as a new row'); END;
CREATE TRIGGER transfer_plan_no_delete BEFORE DELETE ON transfer_plan
BEGIN SELECT RAISE(ABORT, 'plan rows are voided, never deleted'); END;

-- The shipment's new transfer fields. own_transport: 1 = the plant carries its own waste (said
-- explicitly, instead of naming a transporter), 0 = a transporter carries it, NULL = recorded
-- before 0010. approval_id: the cross-province approval the shipment ran under.
ALTER TABLE shipment ADD COLUMN own_transport INTEGER CHECK (own_transport IS NULL OR own_transport IN (0, 1));
ALTER TABLE shipment ADD COLUMN approval_id TEXT REFERENCES transfer_approval (id);
CREATE TRIGGER shipment_transfer_fields_are_final BEFORE UPDATE ON shipment
WHEN NEW.own_transport IS NOT OLD.own_transport OR NEW.approval_id IS NOT OLD.approval_id
BEGIN SELECT RAISE(ABORT, 'a posted shipment cannot be changed; void it (its take-outs are reversed) and ship again'); END;
CREATE INDEX shipment_approval ON shipment (approval_id) WHERE approval_id IS NOT NULL;

-- Incompatible wastes that must not share a storage facility (GB 18597-2023 4.3 / 6.1.2;
-- domain defaults, editable). A side is a category (HW34), a code (900-401-06), either with a
-- hazard characteristic (HW12:I), or any waste with a characteristic (*:R). An edit is a new pair
-- or a voided one (a user marking a pair compatible), each audited; the defaults below have no
-- creator (shipped with the app).
CREATE TABLE storage_incompatibility (
    id          TEXT PRIMARY KEY,
    side_a      TEXT NOT NULL CHECK (length(side_a) BETWEEN 1 AND 16),
    side_b      TEXT NOT NULL CHECK (length(side_b) BETWEEN 1 AND 16),
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    created_by  TEXT REFERENCES app_user (id),          -- NULL: a default shipped with the app
    voided_at   TEXT,
    voided_by   TEXT REFERENCES app_user (id),
    void_reason TEXT,
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE TRIGGER storage_incompatibility_is_final BEFORE UPDATE ON storage_incompatibility
WHEN NEW.id IS NOT OLD.id OR NEW.side_a IS NOT OLD.side_a OR NEW.side_b IS NOT OLD.side_b OR NEW.note IS NOT OLD.note
  OR NEW.created_at IS NOT OLD.created_at OR NEW.created_by IS NOT OLD.created_by OR OLD.voided_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'an incompatibility pair is never edited; void it and add the new one'); END;
CREATE TRIGGER storage_incompatibility_no_delete BEFORE DELETE ON storage_incompatibility
BEGIN SELECT RAISE(ABORT, 'incompatibility pairs are voided, never deleted'); END;

-- Defaults (domain.md §4.4). Oxidisers (rule 3) and water-reactive vs aqueous wastes (rule 4)
-- need attributes the catalogue does not carry; add pairs for them per plant.
INSERT INTO storage_incompatibility (id, side_a, side_b, note, created_at) VALUES
('incompat-default-1', 'HW34', 'HW35', '酸与碱 acids with bases', '2025-01-01T00:00:00Z'),
('incompat-default-2', 'HW34', 'HW07', '酸与含氰废物 acids with cyanide', '2025-01-01T00:00:00Z'),
('incompat-default-3', 'HW34', 'HW33', '酸与含氰废物 acids with cyanide', '2025-01-01T00:00:00Z'),
('incompat-default-4', 'HW34', 'HW48', '强酸与金属粉末/铝灰渣 acids with metal powders, aluminium dross (H2)', '2025-01-01T00:00:00Z'),
('incompat-default-5', '900-401-06', 'HW48', '卤代溶剂与碱金属/铝粉 halogenated solvents with alkali metals, aluminium fines', '2025-01-01T00:00:00Z');
