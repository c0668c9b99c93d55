-- 0007: a PIN per therapist, until accounts exist: the child's screen asks for it before it
-- lets anyone leave. Only the libsodium crypto_pwhash_str text (Argon2id, with its own salt
-- and limits) is kept, never the PIN. NULL: no PIN set.
-- Append-only: never edit a released step; add NNNN_next.sql instead.
ALTER TABLE therapists ADD COLUMN pin_hash TEXT;
