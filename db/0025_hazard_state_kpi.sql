-- 0025_hazard_state_kpi: the hazard KPIs and the board read one narrow cache table with covering
-- indexes (issue 13 item 9: KPIs over 100,000 hazards and the board's first page ≤ 50 ms).
-- (0023 and 0024 are other branches' of the same issue.) Forward-only.
--
-- `hazard_state` (the cache of each hazard's record and events, re-derived and compared by
-- `hazards::hazard::check`) gains the record's fields the KPIs group and filter on — the day
-- found, the area, the LEC grade and whether the record is live — so no KPI joins `hazard`.
-- Being a cache referenced by no table, it is rebuilt by create-copy-drop-rename.
--
-- Indexes, each partial on live rows and covering its queries:
--   found:   (found_on, area, grade)              found in a range, by area, by grade
--   closed:  (closed_on, found_on, deadline, level) closed in a range + mean days; open, overdue
--                                                   and major at a day (closed_on NULL or later)
--   due:     (deadline, closed_on)                the on-time rate's numerator and denominator
--   board:   (status, closed_on, deadline, area, assignee) each column's count and its first page
--            in index order: open columns by deadline (closed_on is NULL), closed by the latest
--            销号; ties by the id (UUIDv7: the order of registration), the last column of
--            every index of a WITHOUT ROWID table

CREATE TABLE hazard_state_0025 (
    hazard_id    TEXT PRIMARY KEY REFERENCES hazard (id),
    status       TEXT NOT NULL CHECK (status IN ('registered', 'assigned', 'rectified', 'verified', 'closed')),
    level        TEXT NOT NULL CHECK (level IN ('general', 'major')),
    assignee     TEXT REFERENCES app_user (id),
    department   TEXT,
    deadline     TEXT,                             -- plant-local day, the latest extension's
    rectified_by TEXT REFERENCES app_user (id),
    closed_on    TEXT,                             -- plant-local day of 销号
    events       INTEGER NOT NULL,
    found_on     TEXT NOT NULL,                    -- hazard.local_date
    area         TEXT NOT NULL,                    -- hazard.area
    grade        INTEGER,                          -- hazard.lec_grade
    live         INTEGER NOT NULL CHECK (live IN (0, 1))  -- hazard.voided_at IS NULL
) WITHOUT ROWID;

INSERT INTO hazard_state_0025 (hazard_id, status, level, assignee, department, deadline, rectified_by, closed_on, events,
                               found_on, area, grade, live)
SELECT s.hazard_id, s.status, s.level, s.assignee, s.department, s.deadline, s.rectified_by, s.closed_on, s.events,
       h.local_date, h.area, h.lec_grade, h.voided_at IS NULL
FROM hazard_state s JOIN hazard h ON h.id = s.hazard_id;

DROP TABLE hazard_state;
ALTER TABLE hazard_state_0025 RENAME TO hazard_state;

CREATE INDEX hazard_state_assignee ON hazard_state (assignee, status);
CREATE INDEX hazard_state_found ON hazard_state (found_on, area, grade) WHERE live = 1;
CREATE INDEX hazard_state_closed ON hazard_state (closed_on, found_on, deadline, level) WHERE live = 1;
CREATE INDEX hazard_state_due ON hazard_state (deadline, closed_on) WHERE live = 1;
CREATE INDEX hazard_state_board ON hazard_state (status, closed_on, deadline, area, assignee) WHERE live = 1;
