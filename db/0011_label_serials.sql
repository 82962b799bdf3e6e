-- 0011_label_serials: the HJ 1276-2022 数字识别码 issued to each package, so a label's serial
-- is allocated once, from the database, and never repeats within its day. One row per live
-- generation entry that has been labelled; a reprint reuses its row (the same 37 characters).
-- The serial is unique per id_date (the date segment of the code, the entry's generation day)
-- across every waste code. Insert-only. Forward-only.
CREATE TABLE waste_label (
    id            TEXT PRIMARY KEY,
    generation_id TEXT NOT NULL UNIQUE REFERENCES waste_generation (id),
    container_id  TEXT NOT NULL CHECK (length(container_id) >= 1),
    code          TEXT NOT NULL,
    id_date       TEXT NOT NULL CHECK (id_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    serial        INTEGER NOT NULL CHECK (serial BETWEEN 1 AND 28743),
    label_id      TEXT NOT NULL UNIQUE CHECK (length(label_id) = 37),
    -- The container volume band chosen when the label was first issued (sets its size).
    band          TEXT NOT NULL CHECK (band IN ('up_to_50l', 'up_to_450l', 'over_450l')),
    issued_at     TEXT NOT NULL,
    issued_by     TEXT NOT NULL REFERENCES app_user (id),
    UNIQUE (id_date, serial)
);

CREATE TRIGGER waste_label_is_final BEFORE UPDATE ON waste_label
BEGIN SELECT RAISE(ABORT, 'an issued label id cannot be changed'); END;
CREATE TRIGGER waste_label_no_delete BEFORE DELETE ON waste_label
BEGIN SELECT RAISE(ABORT, 'an issued label id cannot be deleted'); END;
