-- 0012: the plant key (issue 10). The Ed25519 key pair that signs the weekly packets to HQ.
-- Insert-only: a key is never changed or deleted; a replaced key gets `retired_at` once, and at
-- most one key is active (retired_at IS NULL). The fingerprint is the first 16 hex digits of
-- SHA-256 over the raw 32-byte public key. The secret key is redacted in the audit trail.
CREATE TABLE plant_key (
    id          TEXT PRIMARY KEY,
    algorithm   TEXT NOT NULL CHECK (algorithm IN ('Ed25519')),
    public_key  BLOB NOT NULL CHECK (typeof(public_key) = 'blob' AND length(public_key) = 32),
    secret_key  BLOB NOT NULL CHECK (typeof(secret_key) = 'blob' AND length(secret_key) = 32),
    fingerprint TEXT NOT NULL UNIQUE CHECK (length(fingerprint) = 16 AND fingerprint NOT GLOB '*[^0-9a-f]*'),
    created_at  TEXT NOT NULL,
    retired_at  TEXT
);

-- At most one active key.
CREATE UNIQUE INDEX plant_key_one_active ON plant_key ((retired_at IS NULL)) WHERE retired_at IS NULL;

CREATE TRIGGER plant_key_retire_once BEFORE UPDATE ON plant_key
WHEN OLD.retired_at IS NOT NULL
  OR NEW.retired_at IS NULL
  OR NEW.id IS NOT OLD.id OR NEW.algorithm IS NOT OLD.algorithm OR NEW.public_key IS NOT OLD.public_key
  OR NEW.secret_key IS NOT OLD.secret_key OR NEW.fingerprint IS NOT OLD.fingerprint
  OR NEW.created_at IS NOT OLD.created_at
BEGIN SELECT RAISE(ABORT, 'a plant key cannot be changed, only retired once'); END;

CREATE TRIGGER plant_key_no_delete BEFORE DELETE ON plant_key
BEGIN SELECT RAISE(ABORT, 'a plant key cannot be deleted'); END;
