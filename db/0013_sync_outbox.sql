-- 0013_sync_outbox: the weekly packets as built, the outbox that delivers them, and the history
-- of every delivery attempt (issue 10 items 5, 6, 8). All insert-only: a packet, a message and an
-- attempt are facts; an item's state (pending, failed, sent, exported) is derived from its
-- events, never stored. A week is submitted when one of its packets was sent or exported
-- (`sync_submission`, a view). Forward-only.

-- One row per (week, revision). `content_sha256` is SHA-256 of the canonical
-- {indicators, details} computed from the ledgers (without the flag notes): a later change to the
-- week is detected by recomputing it. `envelope` is the exact packet file.
CREATE TABLE sync_packet (
    id              TEXT PRIMARY KEY,
    week            TEXT NOT NULL CHECK (week GLOB '[0-9][0-9][0-9][0-9]-W[0-9][0-9]'),
    revision        INTEGER NOT NULL CHECK (revision >= 1),
    reason          TEXT CHECK (reason IS NULL OR length(trim(reason)) >= 1),
    built_at        TEXT NOT NULL,
    built_by        TEXT NOT NULL REFERENCES app_user (id),
    key_fingerprint TEXT NOT NULL CHECK (length(key_fingerprint) = 16),
    body_sha256     TEXT NOT NULL CHECK (length(body_sha256) = 64 AND body_sha256 NOT GLOB '*[^0-9a-f]*'),
    content_sha256  TEXT NOT NULL CHECK (length(content_sha256) = 64 AND content_sha256 NOT GLOB '*[^0-9a-f]*'),
    audit_head_seq  INTEGER,
    prev_anchor_seq INTEGER,
    envelope        TEXT NOT NULL CHECK (length(envelope) >= 2),
    flag_notes      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(flag_notes)),
    UNIQUE (week, revision),
    CHECK (revision = 1 OR reason IS NOT NULL)
);
CREATE INDEX sync_packet_head ON sync_packet (audit_head_seq);

CREATE TRIGGER sync_packet_no_update BEFORE UPDATE ON sync_packet
BEGIN SELECT RAISE(ABORT, 'a built packet cannot be changed: build a new revision'); END;
CREATE TRIGGER sync_packet_no_delete BEFORE DELETE ON sync_packet
BEGIN SELECT RAISE(ABORT, 'a built packet cannot be deleted'); END;

-- One row per message that must leave the plant, in delivery order (`seq`) per stream.
-- Recipients are not stored: they come from the settings at send time.
CREATE TABLE outbox (
    id         TEXT PRIMARY KEY,
    seq        INTEGER NOT NULL UNIQUE CHECK (seq >= 1),
    stream     TEXT NOT NULL CHECK (stream IN ('hq', 'managers')),
    kind       TEXT NOT NULL CHECK (kind IN ('packet', 'report')),
    packet_id  TEXT UNIQUE REFERENCES sync_packet (id),
    week       TEXT CHECK (week IS NULL OR week GLOB '[0-9][0-9][0-9][0-9]-W[0-9][0-9]'),
    message_id TEXT NOT NULL UNIQUE CHECK (message_id GLOB '<*@*>'),
    subject    TEXT NOT NULL CHECK (length(subject) >= 1),
    body_text  TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CHECK ((kind = 'packet') = (packet_id IS NOT NULL))
);
CREATE INDEX outbox_stream ON outbox (stream, seq);

CREATE TRIGGER outbox_no_update BEFORE UPDATE ON outbox
BEGIN SELECT RAISE(ABORT, 'an outbox message cannot be changed'); END;
CREATE TRIGGER outbox_no_delete BEFORE DELETE ON outbox
BEGIN SELECT RAISE(ABORT, 'an outbox message cannot be deleted'); END;

CREATE TABLE outbox_attachment (
    id         TEXT PRIMARY KEY,
    outbox_id  TEXT NOT NULL REFERENCES outbox (id),
    ord        INTEGER NOT NULL CHECK (ord >= 1),
    name       TEXT NOT NULL CHECK (length(name) >= 1),
    media_type TEXT NOT NULL CHECK (media_type GLOB '*/*'),
    content    BLOB NOT NULL CHECK (typeof(content) = 'blob'),
    UNIQUE (outbox_id, ord)
);

CREATE TRIGGER outbox_attachment_no_update BEFORE UPDATE ON outbox_attachment
BEGIN SELECT RAISE(ABORT, 'an outbox attachment cannot be changed'); END;
CREATE TRIGGER outbox_attachment_no_delete BEFORE DELETE ON outbox_attachment
BEGIN SELECT RAISE(ABORT, 'an outbox attachment cannot be deleted'); END;

-- Every attempt and decision about an item. `sent` at most once per item (exactly once per
-- revision from the plant's view); `retry` is the user's request to try again after a permanent
-- failure; `exported` is a delivery by file.
CREATE TABLE outbox_event (
    id         TEXT PRIMARY KEY,
    outbox_id  TEXT NOT NULL REFERENCES outbox (id),
    at         TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('sent', 'transient', 'permanent', 'retry', 'exported')),
    detail     TEXT NOT NULL DEFAULT '',
    recipients TEXT NOT NULL DEFAULT '',
    actor      TEXT NOT NULL
);
CREATE INDEX outbox_event_item ON outbox_event (outbox_id, at);
CREATE UNIQUE INDEX outbox_event_sent_once ON outbox_event (outbox_id) WHERE kind = 'sent';

CREATE TRIGGER outbox_event_no_update BEFORE UPDATE ON outbox_event
BEGIN SELECT RAISE(ABORT, 'an outbox event cannot be changed'); END;
CREATE TRIGGER outbox_event_no_delete BEFORE DELETE ON outbox_event
BEGIN SELECT RAISE(ABORT, 'an outbox event cannot be deleted'); END;

-- A week's packets that reached HQ (by mail or by file), first delivery per packet.
CREATE VIEW sync_submission AS
SELECT p.week AS week, p.revision AS revision, p.id AS packet_id,
       min(e.at) AS submitted_at,
       (SELECT e2.kind FROM outbox_event e2 WHERE e2.outbox_id = o.id AND e2.kind IN ('sent', 'exported')
        ORDER BY e2.at, e2.id LIMIT 1) AS via
FROM sync_packet p
JOIN outbox o ON o.packet_id = p.id
JOIN outbox_event e ON e.outbox_id = o.id AND e.kind IN ('sent', 'exported')
GROUP BY p.id;
