-- 0011: a legal hold on a child (issue 14): while it is on, the child cannot be erased and
-- retention keeps the child's recordings.
-- Append-only: never edit a released step; add NNNN_next.sql instead.
ALTER TABLE children ADD COLUMN legal_hold INTEGER NOT NULL DEFAULT 0 CHECK (legal_hold IN (0, 1));
