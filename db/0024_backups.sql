-- 0024_backups: the log of the plant database's backups (issue 14 item 2). One insert-only,
-- audited row per event: a copy made (`backup`), a copy checked (`verify`), an older copy
-- removed by rotation (`delete`), the database restored from a copy (`restore`, written into the
-- restored file). `path` is the copy's full path; `sha256` and `bytes` what was written or read;
-- `integrity` is `PRAGMA integrity_check`'s answer and `audit_verify` the audit chain's and the
-- records' proof run on the copy ('ok' or the first problem). Forward-only.
CREATE TABLE backup_log (
    id           TEXT PRIMARY KEY,
    event        TEXT NOT NULL CHECK (event IN ('backup', 'verify', 'delete', 'restore')),
    outcome      TEXT NOT NULL CHECK (outcome IN ('ok', 'failed')),
    path         TEXT NOT NULL,
    bytes        INTEGER,
    sha256       TEXT,
    started_at   TEXT NOT NULL,
    finished_at  TEXT NOT NULL,
    integrity    TEXT,
    audit_verify TEXT,
    message      TEXT NOT NULL DEFAULT '',
    actor        TEXT NOT NULL
);

CREATE INDEX backup_log_event ON backup_log (event, outcome, finished_at);
CREATE INDEX backup_log_path ON backup_log (path, finished_at);

CREATE TRIGGER backup_log_no_update BEFORE UPDATE ON backup_log
BEGIN SELECT RAISE(ABORT, 'the backup log is insert-only'); END;

CREATE TRIGGER backup_log_no_delete BEFORE DELETE ON backup_log
BEGIN SELECT RAISE(ABORT, 'the backup log is insert-only'); END;
