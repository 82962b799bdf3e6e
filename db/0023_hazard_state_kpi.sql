-- 0023_hazard_state_kpi: the hazard KPIs and the board read one narrow cache table with covering
-- indexes (issue 13 item 9: KPIs over 100,000 hazards and the board's first page ≤ 50 ms).
-- Forward-only.
--
-- `hazard_state` (the cache of each hazard's record and events, re-derived and compared by
-- `hazards::hazard::check`) gains the record's fields the KPIs group and filter on — the day
-- found, the area, the LEC grade and whether the record is live — so no KPI joins `hazard`.
-- Being a cache referenced by no table, it is rebuilt by create-copy-drop-rename.
--
-- Indexes, each led by `live` (an index column, not a partial index's condition: a query that
-- names a column the index lacks reads the table row for it, and every KPI names `live`), each
-- covering its queries:
--   found:   (live, found_on, area, grade)               found in a range, by area, by grade
--   closed:  (live, closed_on, found_on, deadline, level, area, grade)
--                                                        closed in a range + mean days; open,
--                                                        overdue and major at a day (closed_on
--                                                        NULL, or later than the day)
--   due:     (live, deadline, closed_on, area, grade)    the on-time rate's numerator and
--                                                        denominator
--   assignee: (assignee, live, closed_on, deadline)    my tasks: a person's open hazards
--   board:   (live, status, closed_on, deadline, area, assignee)
--                                                        each column's count and its first page
--            in index order: open columns by deadline (closed_on is NULL), closed by the latest
--            销号 within the board's window; ties by the id (UUIDv7: the order of registration),
--            the last column of every index of a WITHOUT ROWID table

CREATE TABLE hazard_state_0023 (
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

INSERT INTO hazard_state_0023 (hazard_id, status, level, assignee, department, deadline, rectified_by, closed_on, events,
                               found_on, area, grade, live)
SELECT s.hazard_id, s.status, s.level, s.assignee, s.department, s.deadline, s.rectified_by, s.closed_on, s.events,
       h.local_date, h.area, h.lec_grade, h.voided_at IS NULL
FROM hazard_state s JOIN hazard h ON h.id = s.hazard_id;

DROP TABLE hazard_state;
ALTER TABLE hazard_state_0023 RENAME TO hazard_state;

CREATE INDEX hazard_state_assignee ON hazard_state (assignee, live, closed_on, deadline);
CREATE INDEX hazard_state_found ON hazard_state (live, found_on, area, grade);
CREATE INDEX hazard_state_closed ON hazard_state (live, closed_on, found_on, deadline, level, area, grade);
CREATE INDEX hazard_state_due ON hazard_state (live, deadline, closed_on, area, grade);
CREATE INDEX hazard_state_board ON hazard_state (live, status, closed_on, deadline, area, assignee);
