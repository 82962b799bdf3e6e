-- 0009_appendix_b_fields: the HJ 1259-2022 Appendix B fields the ledger did not record yet.
--  * a registry of generation points (产生危险废物设施): the B.1 facility code is chosen from it,
--    not typed into the free-text area field;
--  * per generation entry: container/packaging type and count, and the handler (产生部门经办人)
--    with the department — separate from the user who typed the record;
--  * per movement (B.2 / B.3): the storage-side handler (贮存/出库部门经办人) and the transport-side
--    handler (运送部门经办人) with their departments; per own treatment (B.4): the handler.
-- Rows posted before this migration keep NULL in every new column: not recorded, never invented;
-- the tables print 未记录. Forward-only.

CREATE TABLE generation_point (
    id          TEXT PRIMARY KEY,
    code        TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 32),   -- 产生危险废物设施编码 (permit / HJ 608)
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    department  TEXT CHECK (department IS NULL OR length(department) BETWEEN 1 AND 50),
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL REFERENCES app_user (id),
    voided_at   TEXT,
    voided_by   TEXT REFERENCES app_user (id),
    void_reason TEXT,
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE UNIQUE INDEX generation_point_code ON generation_point (code) WHERE voided_at IS NULL;
CREATE TRIGGER generation_point_is_final BEFORE UPDATE ON generation_point
WHEN NEW.id IS NOT OLD.id OR NEW.code IS NOT OLD.code OR NEW.name IS NOT OLD.name
  OR NEW.department IS NOT OLD.department OR NEW.created_at IS NOT OLD.created_at
  OR NEW.created_by IS NOT OLD.created_by OR OLD.voided_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a generation point is never edited; void it and add the corrected one'); END;
CREATE TRIGGER generation_point_no_delete BEFORE DELETE ON generation_point
BEGIN SELECT RAISE(ABORT, 'generation points are voided, never deleted'); END;

ALTER TABLE waste_generation ADD COLUMN generation_point_id TEXT REFERENCES generation_point (id);
ALTER TABLE waste_generation ADD COLUMN container_type TEXT
    CHECK (container_type IS NULL OR container_type IN ('drum', 'ibc', 'bag', 'ton_bag', 'box', 'tank', 'bulk', 'other'));
ALTER TABLE waste_generation ADD COLUMN container_count INTEGER
    CHECK (container_count IS NULL OR container_count BETWEEN 1 AND 100000);
ALTER TABLE waste_generation ADD COLUMN handler TEXT CHECK (handler IS NULL OR length(handler) BETWEEN 1 AND 50);
ALTER TABLE waste_generation ADD COLUMN handler_dept TEXT CHECK (handler_dept IS NULL OR length(handler_dept) BETWEEN 1 AND 50);
-- The 0002 trigger lists the columns it protects; the new ones are protected here.
CREATE TRIGGER waste_generation_appendix_b_is_final BEFORE UPDATE ON waste_generation
WHEN NEW.generation_point_id IS NOT OLD.generation_point_id OR NEW.container_type IS NOT OLD.container_type
  OR NEW.container_count IS NOT OLD.container_count OR NEW.handler IS NOT OLD.handler
  OR NEW.handler_dept IS NOT OLD.handler_dept
BEGIN SELECT RAISE(ABORT, 'a posted waste_generation entry cannot be changed; void it and record a new one'); END;

-- waste_movement refuses every update already (0004); waste_own_treatment lists its columns.
ALTER TABLE waste_movement ADD COLUMN handler TEXT CHECK (handler IS NULL OR length(handler) BETWEEN 1 AND 50);
ALTER TABLE waste_movement ADD COLUMN handler_dept TEXT CHECK (handler_dept IS NULL OR length(handler_dept) BETWEEN 1 AND 50);
ALTER TABLE waste_movement ADD COLUMN transport_handler TEXT
    CHECK (transport_handler IS NULL OR length(transport_handler) BETWEEN 1 AND 50);
ALTER TABLE waste_movement ADD COLUMN transport_dept TEXT
    CHECK (transport_dept IS NULL OR length(transport_dept) BETWEEN 1 AND 50);
ALTER TABLE waste_own_treatment ADD COLUMN handler TEXT CHECK (handler IS NULL OR length(handler) BETWEEN 1 AND 50);
ALTER TABLE waste_own_treatment ADD COLUMN handler_dept TEXT
    CHECK (handler_dept IS NULL OR length(handler_dept) BETWEEN 1 AND 50);
CREATE TRIGGER waste_own_treatment_appendix_b_is_final BEFORE UPDATE ON waste_own_treatment
WHEN NEW.handler IS NOT OLD.handler OR NEW.handler_dept IS NOT OLD.handler_dept
BEGIN SELECT RAISE(ABORT, 'a posted own treatment cannot be changed; void it and record a new one'); END;
