-- 0014_week_figure_caches: what lets a week's figures (sync::week_summary, the packet) read only
-- the week and the days since, not the plant's whole history (issue 10 item 12).
--  * waste_storage_balance: the stock now per facility and code (mass and containers in stock),
--    kept by triggers on waste_storage_day, so it moves exactly as the days do. A balance at a
--    past day is now minus the days after it (or the days up to it, whichever side is shorter).
--  * shipment_unconfirmed: the live shipments with no receiver's confirmation yet; the manifests
--    pending at a past day are these plus those confirmed after that day.
-- Both are derived caches: `storage::totals::check` / `shipment::check_unconfirmed` re-derive
-- them (`ehs-ledger audit verify`). The indexes let a window of days be read by date.

CREATE INDEX waste_movement_date ON waste_movement (local_date);
CREATE INDEX shipment_receipt_confirmed ON shipment_receipt (confirmed_on);

CREATE TABLE waste_storage_balance (
    facility_id TEXT NOT NULL,
    code        TEXT NOT NULL,
    stock_g     INTEGER NOT NULL DEFAULT 0,
    containers  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (facility_id, code)
) WITHOUT ROWID;
INSERT INTO waste_storage_balance (facility_id, code, stock_g, containers)
SELECT facility_id, code, sum(net_g), sum(net_containers) FROM waste_storage_day GROUP BY facility_id, code;

CREATE TRIGGER waste_storage_balance_day_insert AFTER INSERT ON waste_storage_day
BEGIN
    INSERT OR IGNORE INTO waste_storage_balance (facility_id, code) VALUES (NEW.facility_id, NEW.code);
    UPDATE waste_storage_balance
    SET stock_g = stock_g + NEW.net_g, containers = containers + NEW.net_containers
    WHERE facility_id = NEW.facility_id AND code = NEW.code;
END;
CREATE TRIGGER waste_storage_balance_day_update AFTER UPDATE ON waste_storage_day
BEGIN
    UPDATE waste_storage_balance
    SET stock_g = stock_g + NEW.net_g - OLD.net_g,
        containers = containers + NEW.net_containers - OLD.net_containers
    WHERE facility_id = NEW.facility_id AND code = NEW.code;
END;

CREATE TABLE shipment_unconfirmed (
    shipment_id TEXT PRIMARY KEY,
    local_date  TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO shipment_unconfirmed (shipment_id, local_date)
SELECT s.id, s.local_date FROM shipment s
WHERE s.voided_at IS NULL AND NOT EXISTS (SELECT 1 FROM shipment_receipt r WHERE r.shipment_id = s.id);

CREATE TRIGGER shipment_unconfirmed_ship AFTER INSERT ON shipment WHEN NEW.voided_at IS NULL
BEGIN
    INSERT INTO shipment_unconfirmed (shipment_id, local_date) VALUES (NEW.id, NEW.local_date);
END;
CREATE TRIGGER shipment_unconfirmed_void AFTER UPDATE OF voided_at ON shipment WHEN NEW.voided_at IS NOT NULL
BEGIN
    DELETE FROM shipment_unconfirmed WHERE shipment_id = NEW.id;
END;
CREATE TRIGGER shipment_unconfirmed_receipt AFTER INSERT ON shipment_receipt
BEGIN
    DELETE FROM shipment_unconfirmed WHERE shipment_id = NEW.shipment_id;
END;
