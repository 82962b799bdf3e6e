-- 0021_hazard_photos: photos of a hazard (issue 13 item 2). Each photo row names its files by
-- SHA-256 — the original as captured and a downscaled JPEG copy (longest side 1,280 px) — which
-- live once each in the photo folder beside the database (`<db stem>.files/photos/ab/<sha>.<ext>`);
-- the audited row holds the hashes, so a file swapped behind the app's back is detected on read
-- and by `hazards::photos::check`. A `before` photo shows the hazard as found; an `after` photo
-- shows the rectification and may name the `before` photo it answers (`pairs_with`). Photos are
-- voided, never deleted. Forward-only. (0020 is the notices'.)

CREATE TABLE hazard_photo (
    id            TEXT PRIMARY KEY,
    hazard_id     TEXT NOT NULL REFERENCES hazard (id),
    stage         TEXT NOT NULL CHECK (stage IN ('before', 'after')),
    sha256        TEXT NOT NULL CHECK (length(sha256) = 64),     -- the original's bytes
    thumb_sha256  TEXT NOT NULL CHECK (length(thumb_sha256) = 64), -- the downscaled JPEG copy
    size_bytes    INTEGER NOT NULL CHECK (size_bytes > 0),
    width         INTEGER NOT NULL CHECK (width > 0),
    height        INTEGER NOT NULL CHECK (height > 0),
    mime          TEXT NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'image/webp')),
    caption       TEXT NOT NULL DEFAULT '' CHECK (length(caption) <= 200),
    pairs_with    TEXT REFERENCES hazard_photo (id),
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL REFERENCES app_user (id),
    voided_at     TEXT,
    voided_by     TEXT REFERENCES app_user (id),
    void_reason   TEXT,
    CHECK (pairs_with IS NULL OR stage = 'after'),
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE INDEX hazard_photo_hazard ON hazard_photo (hazard_id, stage, created_at);
CREATE TRIGGER hazard_photo_no_delete BEFORE DELETE ON hazard_photo
BEGIN SELECT RAISE(ABORT, 'hazard photos are voided, never deleted'); END;
