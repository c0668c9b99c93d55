-- 0006: what the practice session (issue 11, src/session) keeps, and the phase history the
-- progress report shows. 0005 is another step; the runner applies steps 1, 2, 3... in turn.
-- Append-only: never edit a released step; add NNNN_next.sql instead.
-- Existing rows keep their values; every new column has a default or is nullable.

-- Trials: the outcome 'incorrect' (an attempt that was wrong, beside prompted and no
-- response), the video-prompting step practised (NULL: the whole clip) and where practice
-- started, in ms after the "your turn" cue. SQLite cannot change a CHECK constraint in place:
-- the table is rebuilt with its rows and ids (foreign keys are off while migrating;
-- trial_segments, trial_events and the notes index refer to it by name), then its indexes and
-- triggers are made again.
CREATE TABLE trials_v6 (
    id                 INTEGER PRIMARY KEY,
    session_id         INTEGER NOT NULL REFERENCES sessions (id),
    behaviour_id       INTEGER NOT NULL REFERENCES behaviours (id),
    clip_id            INTEGER NOT NULL REFERENCES clips (id),
    recording_id       INTEGER REFERENCES recordings (id),
    clip_views         INTEGER NOT NULL DEFAULT 0 CHECK (clip_views >= 0),
    created_at         TEXT NOT NULL,
    program_id         INTEGER REFERENCES programs (id),
    attempt_offset_ms  INTEGER CHECK (attempt_offset_ms >= 0),
    outcome            TEXT CHECK (outcome IN ('independent', 'prompted', 'incorrect',
                                               'no-response')),
    prompt_level       TEXT,
    latency_ms         INTEGER CHECK (latency_ms >= 0),
    reinforced         INTEGER CHECK (reinforced IN (0, 1)),
    notes              TEXT NOT NULL DEFAULT '',
    scorer_id          INTEGER REFERENCES therapists (id),
    stopped_for        TEXT CHECK (stopped_for IN ('consent')),
    step               INTEGER CHECK (step >= 1),
    practice_start_ms  INTEGER CHECK (practice_start_ms >= 0)
);
INSERT INTO trials_v6 (id, session_id, behaviour_id, clip_id, recording_id, clip_views,
                       created_at, program_id, attempt_offset_ms, outcome, prompt_level,
                       latency_ms, reinforced, notes, scorer_id, stopped_for)
    SELECT id, session_id, behaviour_id, clip_id, recording_id, clip_views, created_at,
           program_id, attempt_offset_ms, outcome, prompt_level, latency_ms, reinforced, notes,
           scorer_id, stopped_for
    FROM trials;
DROP TABLE trials;
ALTER TABLE trials_v6 RENAME TO trials;
CREATE INDEX trials_by_session ON trials (session_id);
CREATE INDEX trials_by_recording ON trials (recording_id);
CREATE INDEX trials_by_program ON trials (program_id);
CREATE INDEX trials_by_clip ON trials (clip_id);
CREATE TRIGGER trial_notes_fts_insert AFTER INSERT ON trials WHEN new.notes <> '' BEGIN
    INSERT INTO trial_notes_fts (rowid, notes) VALUES (new.id, new.notes);
END;
CREATE TRIGGER trial_notes_fts_delete AFTER DELETE ON trials WHEN old.notes <> '' BEGIN
    INSERT INTO trial_notes_fts (trial_notes_fts, rowid, notes) VALUES ('delete', old.id, old.notes);
END;
CREATE TRIGGER trial_notes_fts_update AFTER UPDATE OF notes ON trials BEGIN
    INSERT INTO trial_notes_fts (trial_notes_fts, rowid, notes)
    SELECT 'delete', old.id, old.notes WHERE old.notes <> '';
    INSERT INTO trial_notes_fts (rowid, notes) SELECT new.id, new.notes WHERE new.notes <> '';
END;

-- A trial's state changes as the session's state machine made them (model, turn, practice,
-- score, reward, end), in order: seq from 1, at_ms after the trial started.
CREATE TABLE trial_events (
    trial_id  INTEGER NOT NULL REFERENCES trials (id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL CHECK (seq >= 1),
    state     TEXT NOT NULL CHECK (state <> ''),
    at_ms     INTEGER NOT NULL CHECK (at_ms >= 0),
    PRIMARY KEY (trial_id, seq)
) WITHOUT ROWID;

-- Sessions: the seed of the variable-ratio draws, kept so a session can be replayed.
ALTER TABLE sessions ADD COLUMN reinforcement_seed INTEGER
    CHECK (reinforcement_seed BETWEEN 0 AND 4294967295);

-- Programs: the session settings (src/session/plan.h, ProgramInfo) and the history the next
-- session starts from. chosen_clip_id wins over chosen_model_kind (NULL: any kind).
ALTER TABLE programs ADD COLUMN chosen_clip_id INTEGER REFERENCES clips (id);
ALTER TABLE programs ADD COLUMN chosen_model_kind TEXT
    CHECK (chosen_model_kind IN ('peer', 'adult', 'self', 'point-of-view'));
ALTER TABLE programs ADD COLUMN video_prompting INTEGER NOT NULL DEFAULT 0
    CHECK (video_prompting IN (0, 1));
ALTER TABLE programs ADD COLUMN fading_kind TEXT
    CHECK (fading_kind IN ('start-later', 'stop-earlier', 'replay-failed-step'));
ALTER TABLE programs ADD COLUMN fading_steps INTEGER NOT NULL DEFAULT 0 CHECK (fading_steps >= 0);
ALTER TABLE programs ADD COLUMN fading_trim_ms INTEGER NOT NULL DEFAULT 0
    CHECK (fading_trim_ms >= 0);
ALTER TABLE programs ADD COLUMN model_views INTEGER NOT NULL DEFAULT 1 CHECK (model_views >= 1);
ALTER TABLE programs ADD COLUMN last_failed_step INTEGER CHECK (last_failed_step >= 1);
ALTER TABLE programs ADD COLUMN last_prompt_level TEXT;

-- The phase history: one row per change of a program's phase, oldest first by id. from_phase
-- is NULL for the phase a program was added in. therapist_id: who decided (NULL: not said).
CREATE TABLE program_phase_changes (
    id            INTEGER PRIMARY KEY,
    program_id    INTEGER NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    from_phase    TEXT CHECK (from_phase IN
        ('baseline', 'intervention', 'maintenance', 'mastered', 'generalization')),
    to_phase      TEXT NOT NULL CHECK (to_phase IN
        ('baseline', 'intervention', 'maintenance', 'mastered', 'generalization')),
    changed_at    TEXT NOT NULL,
    therapist_id  INTEGER REFERENCES therapists (id),
    reason        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX program_phase_changes_by_program ON program_phase_changes (program_id, changed_at);
-- Programs that exist already begin their history now, in the phase they are in.
INSERT INTO program_phase_changes (program_id, from_phase, to_phase, changed_at, reason)
    SELECT id, NULL, phase, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'phase history begins'
    FROM programs ORDER BY id;
