-- 0020_notices: short notices (reminders, escalations) leave the plant through the outbox
-- (design.md "Outbox"; `notify.rs`), by e-mail and by a WeCom / DingTalk group-robot webhook.
-- (0019 is the hazards area's, landing from another branch.) Forward-only.
--
-- A notice is one outbox item per channel on its own stream `notices` (a stuck notice never
-- holds up the weekly packets of stream `hq`), kind `notice_mail` or `notice_webhook`, so each
-- channel keeps its own attempts and state. The item carries the whole message: subject, body
-- and, for e-mail, the addresses (`to_addresses`, comma-separated) — a notice goes to the people
-- its cause names, not to a stream's standing list. The webhook's URL and kind are read from the
-- settings at send time (like the other streams' recipients). `source_area`/`source_id` name
-- the record that caused it (an `Area` value, not a closed CHECK list: the list of areas grows
-- with each area without touching the outbox).
--
-- SQLite cannot change a CHECK constraint in place, so `outbox` is rebuilt: its rows are copied
-- aside, the table dropped and created again under its own name with the new lists, the rows
-- put back: the same columns and rows, three new columns NULL on older items, the triggers,
-- indexes and the `sync_submission` view re-created as before. The foreign keys of
-- `outbox_attachment` and `outbox_event` are deferred (`defer_foreign_keys`): the drop counts
-- their rows as orphans, putting each parent row back clears them, and the commit checks none is
-- left. (Not create-copy-rename: rows copied before the drop would leave the count standing.)

PRAGMA defer_foreign_keys = ON;

DROP VIEW sync_submission;

CREATE TABLE outbox_0020_copy AS SELECT * FROM outbox;
DROP TABLE outbox;

CREATE TABLE outbox (
    id           TEXT PRIMARY KEY,
    seq          INTEGER NOT NULL UNIQUE CHECK (seq >= 1),
    stream       TEXT NOT NULL CHECK (stream IN ('hq', 'managers', 'notices')),
    kind         TEXT NOT NULL CHECK (kind IN ('packet', 'report', 'notice_mail', 'notice_webhook')),
    packet_id    TEXT UNIQUE REFERENCES sync_packet (id),
    week         TEXT CHECK (week IS NULL OR week GLOB '[0-9][0-9][0-9][0-9]-W[0-9][0-9]'),
    message_id   TEXT NOT NULL UNIQUE CHECK (message_id GLOB '<*@*>'),
    subject      TEXT NOT NULL CHECK (length(subject) >= 1),
    body_text    TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    period       TEXT CHECK (
        period IS NULL
        OR period GLOB '[0-9][0-9][0-9][0-9]-W[0-9][0-9]'
        OR period GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'
    ),
    to_addresses TEXT CHECK (to_addresses IS NULL OR (length(to_addresses) >= 3 AND to_addresses GLOB '*@*')),
    source_area  TEXT CHECK (source_area IS NULL OR (length(source_area) >= 1 AND source_area NOT GLOB '*[^a-z_]*')),
    source_id    TEXT CHECK (source_id IS NULL OR length(source_id) >= 1),
    CHECK ((kind = 'packet') = (packet_id IS NOT NULL)),
    CHECK ((stream = 'notices') = (kind = 'notice_mail' OR kind = 'notice_webhook')),
    CHECK ((kind = 'notice_mail') = (to_addresses IS NOT NULL)),
    CHECK (source_id IS NULL OR source_area IS NOT NULL)
);

INSERT INTO outbox (id, seq, stream, kind, packet_id, week, message_id, subject, body_text, created_at, period)
SELECT id, seq, stream, kind, packet_id, week, message_id, subject, body_text, created_at, period
FROM outbox_0020_copy ORDER BY seq;
DROP TABLE outbox_0020_copy;

CREATE INDEX outbox_stream ON outbox (stream, seq);
CREATE UNIQUE INDEX outbox_report_period ON outbox (period) WHERE kind = 'report' AND period IS NOT NULL;
CREATE INDEX outbox_source ON outbox (source_area, source_id) WHERE source_id IS NOT NULL;

CREATE TRIGGER outbox_no_update BEFORE UPDATE ON outbox
BEGIN SELECT RAISE(ABORT, 'an outbox message cannot be changed'); END;
CREATE TRIGGER outbox_no_delete BEFORE DELETE ON outbox
BEGIN SELECT RAISE(ABORT, 'an outbox message cannot be deleted'); END;

-- As in 0013: a week's packets that reached HQ (by mail or by file), first delivery per packet.
CREATE VIEW sync_submission AS
SELECT p.week AS week, p.revision AS revision, p.id AS packet_id,
       min(e.at) AS submitted_at,
       (SELECT e2.kind FROM outbox_event e2 WHERE e2.outbox_id = o.id AND e2.kind IN ('sent', 'exported')
        ORDER BY e2.at, e2.id LIMIT 1) AS via
FROM sync_packet p
JOIN outbox o ON o.packet_id = p.id
JOIN outbox_event e ON e.outbox_id = o.id AND e.kind IN ('sent', 'exported')
GROUP BY p.id;
