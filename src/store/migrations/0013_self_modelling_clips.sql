-- 0013: self-modelling clips (issue 16). A clip cut from a child's own practice recordings
-- belongs to that child: it is shown in that child's sessions only and erased with the child
-- (clips.child_id; NULL for every other clip). clip_cuts says which ranges of which trials'
-- recordings it was cut from, in the clip's order (times in ms of each recording).
-- Append-only: never edit a released step; add NNNN_next.sql instead.
ALTER TABLE clips ADD COLUMN child_id INTEGER REFERENCES children (id);
CREATE INDEX clips_by_child ON clips (child_id) WHERE child_id IS NOT NULL;

CREATE TABLE clip_cuts (
    clip_id   INTEGER NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL CHECK (position >= 1),
    trial_id  INTEGER NOT NULL REFERENCES trials (id),
    start_ms  INTEGER NOT NULL CHECK (start_ms >= 0),
    end_ms    INTEGER NOT NULL CHECK (end_ms > start_ms),
    PRIMARY KEY (clip_id, position)
) WITHOUT ROWID;
CREATE INDEX clip_cuts_by_trial ON clip_cuts (trial_id);
