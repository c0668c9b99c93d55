-- 0011: a legal hold on a child, and the data folder's settings (issue 14). While a hold is
-- on, the child cannot be erased and retention keeps the child's recordings. Settings are
-- named values; the first is "retention_recordings_days".
-- Append-only: never edit a released step; add NNNN_next.sql instead.
ALTER TABLE children ADD COLUMN legal_hold INTEGER NOT NULL DEFAULT 0 CHECK (legal_hold IN (0, 1));

CREATE TABLE settings (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) WITHOUT ROWID;
