-- hq/0002_hq_outbox: returns leave HQ through an outbox (issue 11 item 6), the same design as the
-- plant's (design.md "Outbox"; plant migration 0013): a message is a row first, written in the
-- same transaction as the return decision; a delivery task sends it and records every attempt as
-- an insert-only event; an item's state is derived from its events. The tables have the plant's
-- names and columns so the one outbox module (`sync::outbox`) and the one SMTP drain serve both
-- kinds of file. Differences: the stream is `plants`, the kind `return`, `packet_id` is the
-- plant revision HQ returned (`hq_packet`), and delivery order is kept per plant (a plant whose
-- address bounces never holds up another plant's returns). Recipients are not stored: the
-- plant's registry e-mail at send time. Forward-only.

CREATE TABLE outbox (
    id         TEXT PRIMARY KEY,
    seq        INTEGER NOT NULL UNIQUE CHECK (seq >= 1),
    stream     TEXT NOT NULL CHECK (stream IN ('plants')),
    kind       TEXT NOT NULL CHECK (kind IN ('return')),
    packet_id  TEXT NOT NULL REFERENCES hq_packet (id),
    review_id  TEXT NOT NULL UNIQUE REFERENCES hq_review (id),
    week       TEXT CHECK (week IS NULL OR week GLOB '[0-9][0-9][0-9][0-9]-W[0-9][0-9]'),
    message_id TEXT NOT NULL UNIQUE CHECK (message_id GLOB '<*@*>'),
    subject    TEXT NOT NULL CHECK (length(subject) >= 1),
    body_text  TEXT NOT NULL,
    created_at TEXT NOT NULL,
    period     TEXT CHECK (period IS NULL)
);
CREATE INDEX outbox_stream ON outbox (stream, seq);
CREATE INDEX outbox_packet ON outbox (packet_id);

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
