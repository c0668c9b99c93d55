-- 0009: review (issue 12): each behaviour's coding scheme, the events coders code on a trial's
-- practice recording, and the per-trial nudge of the review timeline.
-- Append-only: never edit a released step; add NNNN_next.sql instead.
-- 0008 is another branch's step (child preferences); this step does not depend on it, and the
-- runner applies 0008 later to a database upgraded past it (migrations.h, "gaps").
-- Times: coded events in ms of the practice recording (BORIS keeps three decimals too); the
-- review offset in µs, so a nudge of one frame (33 333 µs at 30 fps) is kept exactly.

-- A behaviour's coding scheme (an ethogram, BORIS's and ELAN's model): its codes, each a point
-- event (a moment) or a state event (a start and a stop), with an optional key for live coding
-- (one character, unique within the scheme).
CREATE TABLE codes (
    id            INTEGER PRIMARY KEY,
    behaviour_id  INTEGER NOT NULL REFERENCES behaviours (id),
    name          TEXT NOT NULL CHECK (name <> ''),
    kind          TEXT NOT NULL CHECK (kind IN ('point', 'state')),
    key           TEXT CHECK (key <> ''),
    created_at    TEXT NOT NULL,
    UNIQUE (behaviour_id, name),
    UNIQUE (behaviour_id, key)
);

-- A code's modifiers: the values a coder may add to one of its events (BORIS's modifiers), in
-- the order offered.
CREATE TABLE code_modifiers (
    code_id   INTEGER NOT NULL REFERENCES codes (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL CHECK (position >= 1),
    name      TEXT NOT NULL CHECK (name <> ''),
    PRIMARY KEY (code_id, position),
    UNIQUE (code_id, name)
) WITHOUT ROWID;

-- Events coded on a trial's practice recording, per coder (a free-text name): a point has no
-- stop_ms, a state has one at or after its start. The code must be of the trial's behaviour's
-- scheme and the stop must match the code's kind (the triggers below).
CREATE TABLE coded_events (
    id          INTEGER PRIMARY KEY,
    trial_id    INTEGER NOT NULL REFERENCES trials (id),
    code_id     INTEGER NOT NULL REFERENCES codes (id),
    coder       TEXT NOT NULL CHECK (coder <> ''),
    start_ms    INTEGER NOT NULL CHECK (start_ms >= 0),
    stop_ms     INTEGER CHECK (stop_ms >= start_ms),
    modifier    TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
CREATE INDEX coded_events_by_trial ON coded_events (trial_id, coder, start_ms);
CREATE INDEX coded_events_by_code ON coded_events (code_id);

CREATE TRIGGER coded_events_fit_insert BEFORE INSERT ON coded_events
WHEN (SELECT kind FROM codes WHERE id = new.code_id) IS NOT
         (CASE WHEN new.stop_ms IS NULL THEN 'point' ELSE 'state' END)
     OR (SELECT behaviour_id FROM codes WHERE id = new.code_id) IS NOT
         (SELECT behaviour_id FROM trials WHERE id = new.trial_id)
BEGIN
    SELECT RAISE(ABORT, 'a coded event must fit its code: a point without a stop, a state with one, of the trial''s behaviour');
END;
CREATE TRIGGER coded_events_fit_update BEFORE UPDATE OF code_id, trial_id, stop_ms ON coded_events
WHEN (SELECT kind FROM codes WHERE id = new.code_id) IS NOT
         (CASE WHEN new.stop_ms IS NULL THEN 'point' ELSE 'state' END)
     OR (SELECT behaviour_id FROM codes WHERE id = new.code_id) IS NOT
         (SELECT behaviour_id FROM trials WHERE id = new.trial_id)
BEGIN
    SELECT RAISE(ABORT, 'a coded event must fit its code: a point without a stop, a state with one, of the trial''s behaviour');
END;

-- The review of a trial: how far the therapist nudged the model against the practice
-- (src/review/timeline.h; positive: the model's first frame lines up with a later moment of
-- the recording). A trial without a row has offset 0.
CREATE TABLE trial_reviews (
    trial_id    INTEGER PRIMARY KEY REFERENCES trials (id),
    offset_us   INTEGER NOT NULL DEFAULT 0,
    changed_at  TEXT NOT NULL
);
