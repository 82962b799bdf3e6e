-- 0018_voc: the VOCs (挥发性有机物) ledgers (domain.md §7; issue 12 item 6). Forward-only.
-- (0017 is the wastewater migration of the parallel branch; versions may have gaps.)
--
-- Sources (stacks, coating lines) with their limits and abatement efficiencies; the VOC
-- material master data (VOC content as mass %, or g/L with the density, converted to mass %);
-- the monthly material ledger (DB44/816-2010 A.4, GB 37822-2019 §7.3.1); the VOC content of
-- hazardous-waste codes (O1 from the waste shipments); stack test results (monitoring method);
-- the monthly coated area (g/m²). Decimal inputs are kept as the exact text typed (parsed
-- exactly by the core); masses are whole grams. Every row is an audited record, voided with a
-- reason, never edited or deleted.

CREATE TABLE voc_source (
    id                   TEXT PRIMARY KEY,
    code                 TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 40),    -- e.g. DA001 (排放口编号)
    name                 TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind                 TEXT NOT NULL CHECK (kind IN ('stack', 'coating_line', 'other')),
    limit_mg_m3          TEXT,                   -- regulatory limit (permit), decimal text
    target_mg_m3         TEXT,                   -- internal target (e.g. 12.5), decimal text
    capture_pct          TEXT NOT NULL,          -- 收集效率 %, decimal text 0–100
    removal_pct          TEXT NOT NULL,          -- 去除效率 %, decimal text 0–100
    efficiency_basis     TEXT NOT NULL CHECK (efficiency_basis IN ('design', 'tested')),
    efficiency_note      TEXT NOT NULL DEFAULT '',
    hours_per_month      TEXT NOT NULL,          -- operating hours in a month, decimal text
    created_at           TEXT NOT NULL,
    created_by           TEXT NOT NULL REFERENCES app_user (id),
    voided_at            TEXT,
    voided_by            TEXT REFERENCES app_user (id),
    void_reason          TEXT,
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE UNIQUE INDEX voc_source_code ON voc_source (code) WHERE voided_at IS NULL;

CREATE TABLE voc_material (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    supplier        TEXT NOT NULL DEFAULT '',
    content_basis   TEXT NOT NULL CHECK (content_basis IN ('mass_pct', 'g_per_l')),
    content         TEXT NOT NULL,              -- as entered: mass % or g/L
    density_g_l     TEXT,                       -- required for g/L
    voc_mass_pct    TEXT NOT NULL,              -- the mass % the balance uses (g/L ÷ density × 100, 6 decimals)
    document_no     TEXT NOT NULL DEFAULT '',   -- SDS / test report no.
    waterborne      INTEGER NOT NULL CHECK (waterborne IN (0, 1)),
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL REFERENCES app_user (id),
    voided_at       TEXT,
    voided_by       TEXT REFERENCES app_user (id),
    void_reason     TEXT,
    CHECK ((voided_at IS NULL) = (void_reason IS NULL)),
    CHECK ((content_basis = 'g_per_l') = (density_g_l IS NOT NULL))
);
CREATE UNIQUE INDEX voc_material_name ON voc_material (name) WHERE voided_at IS NULL;

-- One ledger line: a material (batch) used in a month, at a source (coating line) or none.
CREATE TABLE voc_usage (
    id           TEXT PRIMARY KEY,
    month        TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
    material_id  TEXT NOT NULL REFERENCES voc_material (id),
    batch        TEXT NOT NULL DEFAULT '',
    source_id    TEXT REFERENCES voc_source (id),
    purchased_g  INTEGER NOT NULL CHECK (purchased_g BETWEEN 0 AND 1000000000),
    used_g       INTEGER NOT NULL CHECK (used_g BETWEEN 0 AND 1000000000),
    recovered_g  INTEGER NOT NULL CHECK (recovered_g BETWEEN 0 AND 1000000000),
    note         TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL REFERENCES app_user (id),
    voided_at    TEXT,
    voided_by    TEXT REFERENCES app_user (id),
    void_reason  TEXT,
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE INDEX voc_usage_month ON voc_usage (month);

-- The VOC mass % of a hazardous-waste code (e.g. paint sludge 900-252-12) from a given day:
-- O1 from waste = accepted shipped grams of the code × the % valid on the shipping day.
CREATE TABLE voc_waste_content (
    id           TEXT PRIMARY KEY,
    code         TEXT NOT NULL CHECK (code GLOB '[0-9][0-9][0-9]-[0-9][0-9][0-9]-[0-9][0-9]'),
    voc_pct      TEXT NOT NULL,
    document_no  TEXT NOT NULL DEFAULT '',
    valid_from   TEXT NOT NULL CHECK (valid_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL REFERENCES app_user (id),
    voided_at    TEXT,
    voided_by    TEXT REFERENCES app_user (id),
    void_reason  TEXT,
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE UNIQUE INDEX voc_waste_content_live ON voc_waste_content (code, valid_from) WHERE voided_at IS NULL;

-- A stack test (manual monitoring): C (mg/m³, dry, standard) and Q (Nm³/h), with the hours it
-- represents (NULL: the tests of the month share the source's operating hours).
CREATE TABLE voc_test (
    id           TEXT PRIMARY KEY,
    source_id    TEXT NOT NULL REFERENCES voc_source (id),
    sampled_at   TEXT NOT NULL,                -- UTC
    local_date   TEXT NOT NULL,
    month        TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
    c_mg_m3      TEXT NOT NULL,
    q_nm3_h      TEXT NOT NULL,
    hours        TEXT,
    lab          TEXT NOT NULL DEFAULT '',
    report_no    TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL REFERENCES app_user (id),
    voided_at    TEXT,
    voided_by    TEXT REFERENCES app_user (id),
    void_reason  TEXT,
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE INDEX voc_test_month ON voc_test (month);

-- The month's primer-coated area (底涂面积); one live row per month (a new one voids the old).
CREATE TABLE voc_coated_area (
    id           TEXT PRIMARY KEY,
    month        TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
    area_m2      INTEGER NOT NULL CHECK (area_m2 BETWEEN 1 AND 1000000000000),
    basis        TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL REFERENCES app_user (id),
    voided_at    TEXT,
    voided_by    TEXT REFERENCES app_user (id),
    void_reason  TEXT,
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE UNIQUE INDEX voc_coated_area_month ON voc_coated_area (month) WHERE voided_at IS NULL;

-- Posted records are final: only the void columns may be set, once.
CREATE TRIGGER voc_source_is_final BEFORE UPDATE ON voc_source
WHEN OLD.voided_at IS NOT NULL OR NEW.id IS NOT OLD.id OR NEW.code IS NOT OLD.code OR NEW.name IS NOT OLD.name
  OR NEW.kind IS NOT OLD.kind OR NEW.limit_mg_m3 IS NOT OLD.limit_mg_m3 OR NEW.target_mg_m3 IS NOT OLD.target_mg_m3
  OR NEW.capture_pct IS NOT OLD.capture_pct OR NEW.removal_pct IS NOT OLD.removal_pct
  OR NEW.efficiency_basis IS NOT OLD.efficiency_basis OR NEW.efficiency_note IS NOT OLD.efficiency_note
  OR NEW.hours_per_month IS NOT OLD.hours_per_month
BEGIN SELECT RAISE(ABORT, 'a VOC source cannot be changed; void it and add a new one'); END;
CREATE TRIGGER voc_source_no_delete BEFORE DELETE ON voc_source
BEGIN SELECT RAISE(ABORT, 'VOC sources are voided, never deleted'); END;

CREATE TRIGGER voc_material_is_final BEFORE UPDATE ON voc_material
WHEN OLD.voided_at IS NOT NULL OR NEW.id IS NOT OLD.id OR NEW.name IS NOT OLD.name OR NEW.supplier IS NOT OLD.supplier
  OR NEW.content_basis IS NOT OLD.content_basis OR NEW.content IS NOT OLD.content
  OR NEW.density_g_l IS NOT OLD.density_g_l OR NEW.voc_mass_pct IS NOT OLD.voc_mass_pct
  OR NEW.document_no IS NOT OLD.document_no OR NEW.waterborne IS NOT OLD.waterborne
BEGIN SELECT RAISE(ABORT, 'a VOC material cannot be changed; void it and add a new one'); END;
CREATE TRIGGER voc_material_no_delete BEFORE DELETE ON voc_material
BEGIN SELECT RAISE(ABORT, 'VOC materials are voided, never deleted'); END;

CREATE TRIGGER voc_usage_is_final BEFORE UPDATE ON voc_usage
WHEN OLD.voided_at IS NOT NULL OR NEW.id IS NOT OLD.id OR NEW.month IS NOT OLD.month
  OR NEW.material_id IS NOT OLD.material_id OR NEW.batch IS NOT OLD.batch OR NEW.source_id IS NOT OLD.source_id
  OR NEW.purchased_g IS NOT OLD.purchased_g OR NEW.used_g IS NOT OLD.used_g OR NEW.recovered_g IS NOT OLD.recovered_g
  OR NEW.note IS NOT OLD.note
BEGIN SELECT RAISE(ABORT, 'a VOC ledger line cannot be changed; void it and record a new one'); END;
CREATE TRIGGER voc_usage_no_delete BEFORE DELETE ON voc_usage
BEGIN SELECT RAISE(ABORT, 'VOC ledger lines are voided, never deleted'); END;

CREATE TRIGGER voc_waste_content_is_final BEFORE UPDATE ON voc_waste_content
WHEN OLD.voided_at IS NOT NULL OR NEW.id IS NOT OLD.id OR NEW.code IS NOT OLD.code OR NEW.voc_pct IS NOT OLD.voc_pct
  OR NEW.document_no IS NOT OLD.document_no OR NEW.valid_from IS NOT OLD.valid_from
BEGIN SELECT RAISE(ABORT, 'a waste VOC content cannot be changed; void it and set a new one'); END;
CREATE TRIGGER voc_waste_content_no_delete BEFORE DELETE ON voc_waste_content
BEGIN SELECT RAISE(ABORT, 'waste VOC contents are voided, never deleted'); END;

CREATE TRIGGER voc_test_is_final BEFORE UPDATE ON voc_test
WHEN OLD.voided_at IS NOT NULL OR NEW.id IS NOT OLD.id OR NEW.source_id IS NOT OLD.source_id
  OR NEW.sampled_at IS NOT OLD.sampled_at OR NEW.local_date IS NOT OLD.local_date OR NEW.month IS NOT OLD.month
  OR NEW.c_mg_m3 IS NOT OLD.c_mg_m3 OR NEW.q_nm3_h IS NOT OLD.q_nm3_h OR NEW.hours IS NOT OLD.hours
  OR NEW.lab IS NOT OLD.lab OR NEW.report_no IS NOT OLD.report_no
BEGIN SELECT RAISE(ABORT, 'a VOC test cannot be changed; void it and record a new one'); END;
CREATE TRIGGER voc_test_no_delete BEFORE DELETE ON voc_test
BEGIN SELECT RAISE(ABORT, 'VOC tests are voided, never deleted'); END;

CREATE TRIGGER voc_coated_area_is_final BEFORE UPDATE ON voc_coated_area
WHEN OLD.voided_at IS NOT NULL OR NEW.id IS NOT OLD.id OR NEW.month IS NOT OLD.month
  OR NEW.area_m2 IS NOT OLD.area_m2 OR NEW.basis IS NOT OLD.basis
BEGIN SELECT RAISE(ABORT, 'a coated area cannot be changed; set a new one'); END;
CREATE TRIGGER voc_coated_area_no_delete BEFORE DELETE ON voc_coated_area
BEGIN SELECT RAISE(ABORT, 'coated areas are voided, never deleted'); END;
