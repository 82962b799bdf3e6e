-- 0022_hazard_reminders: which deadline reminders and overdue escalations of a hazard were
-- queued as notices (the outbox rows themselves are the audited records), so each goes out once
-- per deadline; an extension's new deadline gets its own. Forward-only.
CREATE TABLE hazard_reminder (
    hazard_id         TEXT NOT NULL REFERENCES hazard (id),
    kind              TEXT NOT NULL CHECK (kind IN ('due_soon', 'overdue')),
    deadline          TEXT NOT NULL,
    queued_at         TEXT NOT NULL,
    mail_outbox_id    TEXT,
    webhook_outbox_id TEXT,
    PRIMARY KEY (hazard_id, kind, deadline)
) WITHOUT ROWID;
