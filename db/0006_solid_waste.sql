-- 0006_solid_waste: the general industrial solid-waste ledger (一般工业固体废物管理台账, MEE 2021
-- No. 82; codes of the 2024 《固体废物分类与代码目录》 NNN-NNN-Sxx), and the editable mapping of
-- treatment methods / routes to GRI 306-4 / 306-5 buckets. Forward-only.

-- Routes an outbound batch can take, and their GRI 306 bucket:
--   306-4 diverted: reuse (preparation for reuse), recycling, other_recovery
--   306-5 disposal: energy_recovery (incineration with energy recovery), incineration (without),
--                   landfill, other_disposal
-- Hazardous-waste shipments map their R/D method code through waste_method_route below.
CREATE TABLE waste_method_route (
    method      TEXT PRIMARY KEY CHECK (length(method) BETWEEN 1 AND 16),   -- R1…R15, D1…D16, C1…C4
    route       TEXT NOT NULL CHECK (route IN ('reuse', 'recycling', 'other_recovery', 'energy_recovery',
                                               'incineration', 'landfill', 'other_disposal')),
    description TEXT NOT NULL DEFAULT ''
);
INSERT INTO waste_method_route (method, route, description) VALUES
    ('R1',  'energy_recovery', '作为燃料（直接燃烧除外）或以其他方式产生能量'),
    ('R2',  'recycling',       '溶剂回收/再生（如蒸馏、萃取等）'),
    ('R3',  'recycling',       '再循环/再利用不是用作溶剂的有机物'),
    ('R4',  'recycling',       '再循环/再利用金属和金属化合物'),
    ('R5',  'recycling',       '再循环/再利用其他无机物'),
    ('R6',  'recycling',       '再生酸或碱'),
    ('R7',  'other_recovery',  '回收污染减除剂的组分'),
    ('R8',  'other_recovery',  '回收催化剂组分'),
    ('R9',  'recycling',       '废油再提炼或其他废油的再利用'),
    ('R15', 'other_recovery',  '其他利用方式'),
    ('D1',  'landfill',        '填埋'),
    ('D9',  'other_disposal',  '物理化学处理（如蒸发、干燥、中和、沉淀等），不包括填埋或焚烧前的预处理'),
    ('D10', 'incineration',    '焚烧'),
    ('D16', 'other_disposal',  '其他处置方式'),
    ('C1',  'energy_recovery', '水泥窑协同处置'),
    ('C2',  'recycling',       '生产建筑材料'),
    ('C3',  'reuse',           '清洗（包装容器）'),
    ('C4',  'other_disposal',  '其他协同处置方式');

-- 基础信息表: one row per general solid-waste stream.
CREATE TABLE sw_stream (
    id            TEXT PRIMARY KEY,
    code          TEXT NOT NULL CHECK (code GLOB '[0-9][0-9][0-9]-[0-9][0-9][0-9]-S[0-9][0-9]'),
    name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    physical_form TEXT NOT NULL CHECK (physical_form IN ('solid', 'semi_solid', 'liquid', 'sludge', 'gas')),
    process       TEXT NOT NULL DEFAULT '',      -- generating process / facility code
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL REFERENCES app_user (id),
    voided_at     TEXT,
    void_reason   TEXT,
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE UNIQUE INDEX sw_stream_name ON sw_stream (name) WHERE voided_at IS NULL;
CREATE TRIGGER sw_stream_no_delete BEFORE DELETE ON sw_stream
BEGIN SELECT RAISE(ABORT, 'solid-waste streams are voided, never deleted'); END;

-- Every ledger record: generation (into the plant's storage) and outbound batches (own use or
-- disposal on site, or entrusted to a receiver off site). Stock of a stream = generated − outbound.
CREATE TABLE sw_record (
    id            TEXT PRIMARY KEY,
    batch_code    TEXT NOT NULL UNIQUE,          -- GFCS… (产生) / GFCK… (出库/委托)
    kind          TEXT NOT NULL CHECK (kind IN ('generation', 'outbound')),
    stream_id     TEXT NOT NULL REFERENCES sw_stream (id),
    quantity_g    INTEGER NOT NULL CHECK (quantity_g BETWEEN 1 AND 100000000000),
    route         TEXT CHECK (route IN ('reuse', 'recycling', 'other_recovery', 'energy_recovery',
                                        'incineration', 'landfill', 'other_disposal')),
    onsite        INTEGER CHECK (onsite IN (0, 1)),
    receiver_id   TEXT REFERENCES counterparty (id),
    receiver_name TEXT NOT NULL DEFAULT '',
    receiver_uscc TEXT,
    transporter   TEXT NOT NULL DEFAULT '',
    document_no   TEXT NOT NULL DEFAULT '',      -- transfer document / weighbridge ticket
    storage_place TEXT NOT NULL DEFAULT '',
    at            TEXT NOT NULL,                 -- UTC
    local_date    TEXT NOT NULL,
    recorded_by   TEXT NOT NULL REFERENCES app_user (id),
    recorded_at   TEXT NOT NULL,
    voided_at     TEXT,
    voided_by     TEXT REFERENCES app_user (id),
    void_reason   TEXT,
    CHECK ((voided_at IS NULL) = (void_reason IS NULL)),
    -- An outbound batch says where it went; generation does not.
    CHECK ((kind = 'generation' AND route IS NULL AND onsite IS NULL)
        OR (kind = 'outbound' AND route IS NOT NULL AND onsite IS NOT NULL
            AND (onsite = 1 OR length(receiver_name) >= 1)))
);
CREATE INDEX sw_record_stream_date ON sw_record (stream_id, local_date);
CREATE INDEX sw_record_date ON sw_record (local_date);
CREATE TRIGGER sw_record_is_final BEFORE UPDATE ON sw_record
WHEN NEW.id IS NOT OLD.id OR NEW.batch_code IS NOT OLD.batch_code OR NEW.kind IS NOT OLD.kind
  OR NEW.stream_id IS NOT OLD.stream_id OR NEW.quantity_g IS NOT OLD.quantity_g OR NEW.route IS NOT OLD.route
  OR NEW.onsite IS NOT OLD.onsite OR NEW.receiver_id IS NOT OLD.receiver_id OR NEW.receiver_name IS NOT OLD.receiver_name
  OR NEW.at IS NOT OLD.at OR NEW.local_date IS NOT OLD.local_date OR OLD.voided_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a posted solid-waste record cannot be changed; void it and record a new one'); END;
CREATE TRIGGER sw_record_no_delete BEFORE DELETE ON sw_record
BEGIN SELECT RAISE(ABORT, 'solid-waste records are voided, never deleted'); END;
