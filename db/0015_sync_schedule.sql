-- 0015_sync_schedule: the weekly schedule (issue 10). Forward-only.
--  * sync_schedule_hold: a closed week the scheduler did not build because its preview raised
--    plausibility flags, and a note per flag is a person's to write. One row per week, the first
--    time it was held (a later run finds it and writes nothing); the `week_needs_notes` alert
--    shows while the week has no packet. Insert-only, audited as `system`.
--  * outbox.period: the period of a management report on the `managers` stream (`2026-W10` or
--    `2026-03`), unique among reports, so each week's and month's report is queued once however
--    often the scheduler runs. NULL for packets and for items queued before this migration.

CREATE TABLE sync_schedule_hold (
    id      TEXT PRIMARY KEY,
    week    TEXT NOT NULL UNIQUE CHECK (week GLOB '[0-9][0-9][0-9][0-9]-W[0-9][0-9]'),
    -- [{kind, message}] of the flags the preview raised when the week was held.
    flags   TEXT NOT NULL CHECK (json_valid(flags) AND json_type(flags) = 'array'),
    held_at TEXT NOT NULL
);

CREATE TRIGGER sync_schedule_hold_no_update BEFORE UPDATE ON sync_schedule_hold
BEGIN SELECT RAISE(ABORT, 'a held week cannot be changed'); END;
CREATE TRIGGER sync_schedule_hold_no_delete BEFORE DELETE ON sync_schedule_hold
BEGIN SELECT RAISE(ABORT, 'a held week cannot be deleted'); END;

ALTER TABLE outbox ADD COLUMN period TEXT CHECK (
    period IS NULL
    OR period GLOB '[0-9][0-9][0-9][0-9]-W[0-9][0-9]'
    OR period GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'
);
CREATE UNIQUE INDEX outbox_report_period ON outbox (period) WHERE kind = 'report' AND period IS NOT NULL;
