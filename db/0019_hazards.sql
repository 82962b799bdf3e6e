-- 0019_hazards: hidden-hazard identification and rectification (隐患排查治理, domain.md §8):
-- each hazard is a record with its LEC assessment and 一般/重大 level, and everything that
-- happens to it — assignment, the major-hazard plan (五到位), rectification, verification (验收),
-- close-out (销号), deadline extensions — is an insert-only event. Its current state is derived
-- from the events and cached in `hazard_state` (kept in the same transaction, proved by
-- `hazards::check`). A wastewater exceedance is adopted by at most one hazard. Forward-only.

-- Inspection checklists (user-editable: an edit is a new version that supersedes the old),
-- recurring schedules of rounds by area, and the rounds done with each item's result.
CREATE TABLE inspection_template (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    kind        TEXT NOT NULL CHECK (kind IN ('daily', 'weekly', 'special', 'holiday', 'seasonal')),
    items       TEXT NOT NULL,                     -- JSON array of the checklist's items
    version     INTEGER NOT NULL,
    supersedes  TEXT REFERENCES inspection_template (id),
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL REFERENCES app_user (id),
    voided_at   TEXT,
    voided_by   TEXT REFERENCES app_user (id),
    void_reason TEXT,
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE TRIGGER inspection_template_no_delete BEFORE DELETE ON inspection_template
BEGIN SELECT RAISE(ABORT, 'templates are voided, never deleted'); END;

CREATE TABLE inspection_schedule (
    id          TEXT PRIMARY KEY,
    template_id TEXT NOT NULL REFERENCES inspection_template (id),
    area        TEXT NOT NULL CHECK (length(area) BETWEEN 1 AND 100),
    every       TEXT NOT NULL CHECK (every IN ('day', 'week', 'month', 'quarter', 'once')),
    start_on    TEXT NOT NULL,                     -- plant-local day of the first round
    until_on    TEXT,
    inspector   TEXT REFERENCES app_user (id),
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL REFERENCES app_user (id),
    voided_at   TEXT,
    voided_by   TEXT REFERENCES app_user (id),
    void_reason TEXT,
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE TRIGGER inspection_schedule_no_delete BEFORE DELETE ON inspection_schedule
BEGIN SELECT RAISE(ABORT, 'schedules are voided, never deleted'); END;

CREATE TABLE inspection_round (
    id          TEXT PRIMARY KEY,
    template_id TEXT NOT NULL REFERENCES inspection_template (id),
    schedule_id TEXT REFERENCES inspection_schedule (id),
    due_on      TEXT,                              -- the scheduled day it answers
    area        TEXT NOT NULL,
    done_at     TEXT NOT NULL,                     -- UTC
    local_date  TEXT NOT NULL,
    results     TEXT NOT NULL,                     -- JSON [{item, ok, note}]
    created_by  TEXT NOT NULL REFERENCES app_user (id),
    voided_at   TEXT,
    voided_by   TEXT REFERENCES app_user (id),
    void_reason TEXT,
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE UNIQUE INDEX inspection_round_due ON inspection_round (schedule_id, due_on) WHERE voided_at IS NULL;
CREATE TRIGGER inspection_round_no_delete BEFORE DELETE ON inspection_round
BEGIN SELECT RAISE(ABORT, 'rounds are voided, never deleted'); END;

CREATE TABLE hazard (
    id            TEXT PRIMARY KEY,
    number        TEXT NOT NULL UNIQUE,            -- YH-20260310-001
    found_at      TEXT NOT NULL,                   -- UTC
    local_date    TEXT NOT NULL,                   -- plant-local day found
    area          TEXT NOT NULL CHECK (length(area) BETWEEN 1 AND 100),
    equipment     TEXT NOT NULL DEFAULT '',
    description   TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
    category      TEXT NOT NULL DEFAULT '',
    source        TEXT NOT NULL CHECK (source IN ('daily', 'weekly', 'special', 'holiday', 'seasonal', 'audit',
                                                  'employee', 'exceedance')),
    level         TEXT NOT NULL CHECK (level IN ('general', 'major')),
    lec_l         TEXT,                            -- enumerated scale values as exact text (0.5, 0.2 …)
    lec_e         TEXT,
    lec_c         TEXT,
    lec_d         TEXT,                            -- L × E × C, exact
    lec_grade     INTEGER CHECK (lec_grade BETWEEN 1 AND 5),
    lec_table     TEXT,                            -- the band table's version
    exceedance_id TEXT UNIQUE REFERENCES water_exceedance (id),
    round_id      TEXT REFERENCES inspection_round (id),   -- found on this inspection round
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL REFERENCES app_user (id),
    voided_at     TEXT,
    voided_by     TEXT REFERENCES app_user (id),
    void_reason   TEXT,
    CHECK ((lec_l IS NULL) = (lec_d IS NULL)),
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE INDEX hazard_found ON hazard (local_date);
CREATE TRIGGER hazard_no_delete BEFORE DELETE ON hazard
BEGIN SELECT RAISE(ABORT, 'hazards are voided, never deleted'); END;

-- What happened to a hazard, in order. `data` is the event's JSON (assignee, deadline,
-- measures, the 五到位 plan, the rectification note, the verification result, …).
CREATE TABLE hazard_event (
    id         TEXT PRIMARY KEY,
    hazard_id  TEXT NOT NULL REFERENCES hazard (id),
    seq        INTEGER NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('assigned', 'rectified', 'verified', 'rejected', 'closed',
                                             'extended', 'escalated')),
    at         TEXT NOT NULL,                      -- UTC
    local_date TEXT NOT NULL,
    actor      TEXT NOT NULL REFERENCES app_user (id),
    data       TEXT NOT NULL DEFAULT '{}',
    reason     TEXT,
    UNIQUE (hazard_id, seq)
);
CREATE TRIGGER hazard_event_no_update BEFORE UPDATE ON hazard_event
BEGIN SELECT RAISE(ABORT, 'hazard events are never changed'); END;
CREATE TRIGGER hazard_event_no_delete BEFORE DELETE ON hazard_event
BEGIN SELECT RAISE(ABORT, 'hazard events are never deleted'); END;

-- The current state of each hazard, derived from its record and events.
CREATE TABLE hazard_state (
    hazard_id    TEXT PRIMARY KEY REFERENCES hazard (id),
    status       TEXT NOT NULL CHECK (status IN ('registered', 'assigned', 'rectified', 'verified', 'closed')),
    level        TEXT NOT NULL CHECK (level IN ('general', 'major')),
    assignee     TEXT REFERENCES app_user (id),
    department   TEXT,
    deadline     TEXT,                             -- plant-local day, the latest extension's
    rectified_by TEXT REFERENCES app_user (id),
    closed_on    TEXT,                             -- plant-local day of 销号
    events       INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX hazard_state_status ON hazard_state (status, deadline);
CREATE INDEX hazard_state_assignee ON hazard_state (assignee, status);
