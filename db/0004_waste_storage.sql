-- 0004_waste_storage: storage facilities (GB 18597-2023 types) and the movement ledger of
-- HJ 1259-2022 B.2 入库 / B.3 出库, one row per container movement. Stock is derived: the sum
-- of a container's movements in a facility. Posted movements are never edited; a wrong one is
-- cancelled by a reversal row (negative quantity, `reverses_id`, reason). Forward-only.

CREATE TABLE storage_facility (
    id               TEXT PRIMARY KEY,
    code             TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 32),   -- 贮存设施编码 (permit / HJ 608)
    name             TEXT NOT NULL CHECK (length(name) >= 1),
    -- 贮存库 store, 贮存场 yard, 贮存池 pool, 贮存罐区 tank_farm, 贮存点 point (≤ 3 t real-time stock)
    kind             TEXT NOT NULL CHECK (kind IN ('store', 'yard', 'pool', 'tank_farm', 'point')),
    capacity_g       INTEGER CHECK (capacity_g IS NULL OR capacity_g > 0),  -- permitted / EIA capacity
    max_storage_days INTEGER CHECK (max_storage_days IS NULL OR max_storage_days BETWEEN 1 AND 3650),
    created_at       TEXT NOT NULL,
    created_by       TEXT NOT NULL REFERENCES app_user (id),
    voided_at        TEXT,
    void_reason      TEXT,
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE UNIQUE INDEX storage_facility_code ON storage_facility (code) WHERE voided_at IS NULL;

CREATE TABLE waste_movement (
    id                TEXT PRIMARY KEY,
    batch_code        TEXT NOT NULL UNIQUE,         -- 入库批次编码 HWRK… / 出库批次编码 HWCK…
    kind              TEXT NOT NULL CHECK (kind IN ('into_storage', 'out_of_storage')),
    facility_id       TEXT NOT NULL REFERENCES storage_facility (id),
    container_id      TEXT NOT NULL CHECK (length(container_id) >= 1),
    generation_id     TEXT REFERENCES waste_generation (id),   -- the container's 产生批次 (NULL: opening stock)
    catalogue_version TEXT NOT NULL,
    code              TEXT NOT NULL,
    quantity_g        INTEGER NOT NULL CHECK (quantity_g <> 0 AND abs(quantity_g) <= 1000000000),
    -- When the container first held waste, for the storage clock. NULL = unknown (flagged).
    started_on        TEXT CHECK (started_on IS NULL OR started_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    moved_at          TEXT NOT NULL,                -- UTC
    local_date        TEXT NOT NULL,                -- plant-local day of moved_at
    reverses_id       TEXT UNIQUE REFERENCES waste_movement (id),
    reason            TEXT,
    recorded_by       TEXT NOT NULL REFERENCES app_user (id),
    recorded_at       TEXT NOT NULL,
    FOREIGN KEY (catalogue_version, code) REFERENCES hw_code (catalogue_version, code),
    -- Only reversals are negative, and every reversal says why.
    CHECK ((reverses_id IS NULL AND quantity_g > 0) OR (reverses_id IS NOT NULL AND quantity_g < 0 AND reason IS NOT NULL))
);
CREATE INDEX waste_movement_container ON waste_movement (facility_id, container_id);
CREATE INDEX waste_movement_facility_date ON waste_movement (facility_id, local_date);
CREATE INDEX waste_movement_generation ON waste_movement (generation_id);

CREATE TRIGGER waste_movement_is_final BEFORE UPDATE ON waste_movement
BEGIN SELECT RAISE(ABORT, 'a posted movement cannot be changed; post a reversal with a reason'); END;
CREATE TRIGGER waste_movement_no_delete BEFORE DELETE ON waste_movement
BEGIN SELECT RAISE(ABORT, 'movements are reversed, never deleted'); END;
CREATE TRIGGER storage_facility_no_delete BEFORE DELETE ON storage_facility
BEGIN SELECT RAISE(ABORT, 'storage facilities are voided, never deleted'); END;

-- Derived caches, kept by the trigger below in the same transaction as each movement and
-- checked against the movements by `waste::storage_totals::check`:
--  * waste_container_stock: each container's current stock per facility (and when it started),
--    for "what is in store now" and the oldest-container query;
--  * waste_storage_day: net mass and net number of stocked containers per facility, code and
--    plant-local day; a balance at any date is the sum of the days up to it.
CREATE TABLE waste_container_stock (
    facility_id  TEXT NOT NULL,
    container_id TEXT NOT NULL,
    code         TEXT NOT NULL,
    stock_g      INTEGER NOT NULL DEFAULT 0,
    started_on   TEXT,
    PRIMARY KEY (facility_id, container_id, code)
) WITHOUT ROWID;
CREATE INDEX waste_container_stock_oldest ON waste_container_stock (started_on) WHERE stock_g > 0;

CREATE TABLE waste_storage_day (
    facility_id    TEXT NOT NULL,
    code           TEXT NOT NULL,
    local_date     TEXT NOT NULL,
    net_g          INTEGER NOT NULL DEFAULT 0,
    net_containers INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (facility_id, code, local_date)
) WITHOUT ROWID;

CREATE TRIGGER waste_movement_totals AFTER INSERT ON waste_movement
BEGIN
    INSERT OR IGNORE INTO waste_container_stock (facility_id, container_id, code, started_on)
    VALUES (NEW.facility_id, NEW.container_id, NEW.code, NEW.started_on);
    INSERT OR IGNORE INTO waste_storage_day (facility_id, code, local_date)
    VALUES (NEW.facility_id, NEW.code, NEW.local_date);
    -- The container count changes when a container's stock goes from 0 to positive or back.
    UPDATE waste_storage_day
    SET net_g = net_g + CASE NEW.kind WHEN 'into_storage' THEN NEW.quantity_g ELSE -NEW.quantity_g END,
        net_containers = net_containers
            + ((SELECT stock_g FROM waste_container_stock
                WHERE facility_id = NEW.facility_id AND container_id = NEW.container_id AND code = NEW.code)
               + CASE NEW.kind WHEN 'into_storage' THEN NEW.quantity_g ELSE -NEW.quantity_g END > 0)
            - ((SELECT stock_g FROM waste_container_stock
                WHERE facility_id = NEW.facility_id AND container_id = NEW.container_id AND code = NEW.code) > 0)
    WHERE facility_id = NEW.facility_id AND code = NEW.code AND local_date = NEW.local_date;
    UPDATE waste_container_stock
    SET stock_g = stock_g + CASE NEW.kind WHEN 'into_storage' THEN NEW.quantity_g ELSE -NEW.quantity_g END,
        started_on = coalesce(started_on, NEW.started_on)
    WHERE facility_id = NEW.facility_id AND container_id = NEW.container_id AND code = NEW.code;
END;
