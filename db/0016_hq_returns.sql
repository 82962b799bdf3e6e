-- 0016_hq_returns: HQ's returns as the plant receives them (issue 11 item 6). HQ reviews, never
-- edits: when its analyst returns a plant-week, HQ signs a message (`ehs-ledger-return/1`) with
-- its own Ed25519 key and mails it to the plant (or hands over the file). The plant registers
-- HQ's public key once, imports the message (a `.json` file or the `.eml` mail), and sees it on
-- the week it concerns until a restatement is built. Both tables are insert-only; a key is
-- retired by a void (a rotated HQ key), never deleted. Forward-only.

-- HQ public keys this plant trusts for returns.
CREATE TABLE sync_hq_key (
    id            TEXT PRIMARY KEY,
    fingerprint   TEXT NOT NULL UNIQUE CHECK (length(fingerprint) = 16),
    public_key    TEXT NOT NULL CHECK (public_key LIKE '-----BEGIN PUBLIC KEY-----%'),
    label         TEXT NOT NULL DEFAULT '',          -- the key file's `# group:` / `# plant:` line
    registered_at TEXT NOT NULL,
    registered_by TEXT NOT NULL REFERENCES app_user (id),
    voided_at     TEXT,
    voided_by     TEXT,
    void_reason   TEXT,
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE TRIGGER sync_hq_key_no_delete BEFORE DELETE ON sync_hq_key
BEGIN SELECT RAISE(ABORT, 'an HQ key is voided, never deleted'); END;

-- One row per return message received (the same message twice is one row).
CREATE TABLE sync_return (
    id             TEXT PRIMARY KEY,
    message_sha256 TEXT NOT NULL UNIQUE CHECK (length(message_sha256) = 64),
    packet_id      TEXT NOT NULL REFERENCES sync_packet (id),
    week           TEXT NOT NULL CHECK (week GLOB '[0-9][0-9][0-9][0-9]-W[0-9][0-9]'),
    revision       INTEGER NOT NULL CHECK (revision >= 1),
    hq_key_id      TEXT NOT NULL REFERENCES sync_hq_key (id),
    group_name     TEXT NOT NULL,
    comment        TEXT NOT NULL CHECK (length(trim(comment)) >= 1),
    returned_at    TEXT NOT NULL,
    returned_by    TEXT NOT NULL,
    message        TEXT NOT NULL,                     -- the signed envelope, exactly as received
    received_at    TEXT NOT NULL,
    received_by    TEXT NOT NULL REFERENCES app_user (id),
    via            TEXT NOT NULL CHECK (via IN ('file', 'mail'))
);
CREATE INDEX sync_return_week ON sync_return (week, revision);
CREATE TRIGGER sync_return_no_update BEFORE UPDATE ON sync_return
BEGIN SELECT RAISE(ABORT, 'a received return cannot be changed'); END;
CREATE TRIGGER sync_return_no_delete BEFORE DELETE ON sync_return
BEGIN SELECT RAISE(ABORT, 'a received return cannot be deleted'); END;
