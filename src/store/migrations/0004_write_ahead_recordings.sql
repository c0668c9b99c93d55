-- 0004: recordings are written ahead (issue 10). A recording's row, with the file name mimic
-- chose, is committed with status 'recording' before the camera starts, and completed when it
-- stops; a row still 'recording' after its writer died is what recovery finishes. A trial
-- whose recording was stopped because consent ended keeps no media and says why.
-- Append-only: never edit a released step; add NNNN_next.sql instead.

-- SQLite cannot change a CHECK constraint in place: the table is rebuilt (foreign keys are
-- off while migrating, and trials and annotations refer to it by name).
CREATE TABLE recordings_v4 (
    id            INTEGER PRIMARY KEY,
    path          TEXT NOT NULL UNIQUE,
    started_at    TEXT NOT NULL,
    duration_ms   INTEGER NOT NULL CHECK (duration_ms >= 0),
    video_frames  INTEGER NOT NULL CHECK (video_frames >= 0),
    status        TEXT NOT NULL CHECK (status IN ('recording', 'complete', 'interrupted'))
);
INSERT INTO recordings_v4 (id, path, started_at, duration_ms, video_frames, status)
    SELECT id, path, started_at, duration_ms, video_frames, status FROM recordings;
DROP TABLE recordings;
ALTER TABLE recordings_v4 RENAME TO recordings;
CREATE INDEX recordings_in_progress ON recordings (id) WHERE status = 'recording';

-- Why a practice ended before its time: 'consent' when the child's recording consent was
-- revoked or expired while recording (its recording was deleted; withdrawal is not
-- retroactive, so earlier trials keep theirs).
ALTER TABLE trials ADD COLUMN stopped_for TEXT CHECK (stopped_for IN ('consent'));
