-- 0002: the clinical record as therapists keep it (docs/clinical.md) and a searchable library.
-- Append-only: never edit a released step; add NNNN_next.sql instead.
-- Existing rows keep their values; every new column has a default or is nullable.
-- Times are ISO-8601 UTC text; paths are relative to the data directory.

-- Clips: what the file was called, its codecs, notes, its thumbnail, and archiving (a clip
-- that trials refer to is archived, never deleted).
ALTER TABLE clips ADD COLUMN original_name TEXT NOT NULL DEFAULT '';
ALTER TABLE clips ADD COLUMN video_codec TEXT NOT NULL DEFAULT '';
ALTER TABLE clips ADD COLUMN audio_codec TEXT NOT NULL DEFAULT '';
ALTER TABLE clips ADD COLUMN notes TEXT NOT NULL DEFAULT '';
ALTER TABLE clips ADD COLUMN thumbnail_path TEXT;
ALTER TABLE clips ADD COLUMN archived_at TEXT;
-- The hash of the file as it was imported; differs from sha256 when the import re-encoded it
-- (--normalize), so importing the same source again still finds the clip.
ALTER TABLE clips ADD COLUMN source_sha256 TEXT;
UPDATE clips SET source_sha256 = sha256;
CREATE INDEX clips_by_source_sha256 ON clips (source_sha256);

-- Segments: a tagged in/out range of a clip; video prompting uses the numbered steps.
CREATE TABLE segments (
    id            INTEGER PRIMARY KEY,
    clip_id       INTEGER NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
    behaviour_id  INTEGER NOT NULL REFERENCES behaviours (id),
    in_ms         INTEGER NOT NULL CHECK (in_ms >= 0),
    out_ms        INTEGER NOT NULL CHECK (out_ms > in_ms),
    step          INTEGER CHECK (step >= 1),
    label         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX segments_by_clip ON segments (clip_id, step, in_ms);
CREATE INDEX segments_by_behaviour ON segments (behaviour_id);

CREATE TABLE therapists (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL
);

-- Children: identifying details are optional (the code is what the record uses).
ALTER TABLE children ADD COLUMN details TEXT;

-- Consents: why one ended early.
ALTER TABLE consents ADD COLUMN revoked_by TEXT;

-- Programs: one target behaviour for one child.
CREATE TABLE programs (
    id                              INTEGER PRIMARY KEY,
    child_id                        INTEGER NOT NULL REFERENCES children (id),
    behaviour_id                    INTEGER NOT NULL REFERENCES behaviours (id),
    phase                           TEXT NOT NULL DEFAULT 'baseline' CHECK (phase IN
        ('baseline', 'intervention', 'maintenance', 'mastered', 'generalization')),
    mastery_accuracy_pct            INTEGER NOT NULL DEFAULT 80
        CHECK (mastery_accuracy_pct BETWEEN 1 AND 100),
    mastery_consecutive_sessions    INTEGER NOT NULL DEFAULT 3
        CHECK (mastery_consecutive_sessions >= 1),
    mastery_min_trials              INTEGER NOT NULL DEFAULT 1 CHECK (mastery_min_trials >= 1),
    mastery_cold_probe_only         INTEGER NOT NULL DEFAULT 0
        CHECK (mastery_cold_probe_only IN (0, 1)),
    mastery_min_therapists          INTEGER NOT NULL DEFAULT 1
        CHECK (mastery_min_therapists >= 1),
    -- continuous: every correct response; fixed-ratio: every Nth; variable-ratio: on average
    -- every Nth.
    reinforcement_schedule          TEXT NOT NULL DEFAULT 'continuous' CHECK
        (reinforcement_schedule IN ('continuous', 'fixed-ratio', 'variable-ratio')),
    reinforcement_ratio             INTEGER NOT NULL DEFAULT 1 CHECK (reinforcement_ratio >= 1),
    created_at                      TEXT NOT NULL,
    UNIQUE (child_id, behaviour_id)
);

-- A program's prompt hierarchy, most intrusive first (position 1).
CREATE TABLE program_prompt_levels (
    program_id  INTEGER NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL CHECK (position >= 1),
    level       TEXT NOT NULL CHECK (level <> ''),
    PRIMARY KEY (program_id, position)
) WITHOUT ROWID;

-- Sessions: who ran it and where.
ALTER TABLE sessions ADD COLUMN therapist_id INTEGER REFERENCES therapists (id);
ALTER TABLE sessions ADD COLUMN setting TEXT CHECK (setting IN ('clinic', 'home', 'school'));

-- Trials: the program, where the attempt starts in the recording, how it was scored.
-- outcome 'prompted' carries the prompt level that was needed.
ALTER TABLE trials ADD COLUMN program_id INTEGER REFERENCES programs (id);
ALTER TABLE trials ADD COLUMN attempt_offset_ms INTEGER CHECK (attempt_offset_ms >= 0);
ALTER TABLE trials ADD COLUMN outcome TEXT
    CHECK (outcome IN ('independent', 'prompted', 'no-response'));
ALTER TABLE trials ADD COLUMN prompt_level TEXT;
ALTER TABLE trials ADD COLUMN latency_ms INTEGER CHECK (latency_ms >= 0);
ALTER TABLE trials ADD COLUMN reinforced INTEGER CHECK (reinforced IN (0, 1));
ALTER TABLE trials ADD COLUMN notes TEXT NOT NULL DEFAULT '';
ALTER TABLE trials ADD COLUMN scorer_id INTEGER REFERENCES therapists (id);
CREATE INDEX trials_by_program ON trials (program_id);
CREATE INDEX trials_by_clip ON trials (clip_id);

-- The segments a trial showed, in the order shown.
CREATE TABLE trial_segments (
    trial_id    INTEGER NOT NULL REFERENCES trials (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL CHECK (position >= 1),
    segment_id  INTEGER NOT NULL REFERENCES segments (id),
    PRIMARY KEY (trial_id, position)
) WITHOUT ROWID;
CREATE INDEX trial_segments_by_segment ON trial_segments (segment_id);

-- Annotations: a point (no end) or a state (start to end) on a recording.
CREATE TABLE annotations (
    id              INTEGER PRIMARY KEY,
    recording_id    INTEGER NOT NULL REFERENCES recordings (id),
    start_ms        INTEGER NOT NULL CHECK (start_ms >= 0),
    end_ms          INTEGER CHECK (end_ms >= start_ms),
    behaviour_code  TEXT NOT NULL,
    scorer_id       INTEGER REFERENCES therapists (id),
    note            TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL
);
CREATE INDEX annotations_by_recording ON annotations (recording_id, start_ms);

-- Who did what to which record, when. Rows are only ever added.
CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    record_kind  TEXT NOT NULL,
    record_id    INTEGER,
    detail       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_by_record ON audit_log (record_kind, record_id);

-- Full-text search (FTS5, external content kept in step by triggers).
CREATE VIRTUAL TABLE behaviours_fts USING fts5 (
    name, domain, definition, content = 'behaviours', content_rowid = 'id');
CREATE TRIGGER behaviours_fts_insert AFTER INSERT ON behaviours BEGIN
    INSERT INTO behaviours_fts (rowid, name, domain, definition)
    VALUES (new.id, new.name, new.domain, new.definition);
END;
CREATE TRIGGER behaviours_fts_delete AFTER DELETE ON behaviours BEGIN
    INSERT INTO behaviours_fts (behaviours_fts, rowid, name, domain, definition)
    VALUES ('delete', old.id, old.name, old.domain, old.definition);
END;
CREATE TRIGGER behaviours_fts_update AFTER UPDATE ON behaviours BEGIN
    INSERT INTO behaviours_fts (behaviours_fts, rowid, name, domain, definition)
    VALUES ('delete', old.id, old.name, old.domain, old.definition);
    INSERT INTO behaviours_fts (rowid, name, domain, definition)
    VALUES (new.id, new.name, new.domain, new.definition);
END;
INSERT INTO behaviours_fts (behaviours_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE clips_fts USING fts5 (
    title, original_name, notes, content = 'clips', content_rowid = 'id');
CREATE TRIGGER clips_fts_insert AFTER INSERT ON clips BEGIN
    INSERT INTO clips_fts (rowid, title, original_name, notes)
    VALUES (new.id, new.title, new.original_name, new.notes);
END;
CREATE TRIGGER clips_fts_delete AFTER DELETE ON clips BEGIN
    INSERT INTO clips_fts (clips_fts, rowid, title, original_name, notes)
    VALUES ('delete', old.id, old.title, old.original_name, old.notes);
END;
CREATE TRIGGER clips_fts_update AFTER UPDATE OF title, original_name, notes ON clips BEGIN
    INSERT INTO clips_fts (clips_fts, rowid, title, original_name, notes)
    VALUES ('delete', old.id, old.title, old.original_name, old.notes);
    INSERT INTO clips_fts (rowid, title, original_name, notes)
    VALUES (new.id, new.title, new.original_name, new.notes);
END;
INSERT INTO clips_fts (clips_fts) VALUES ('rebuild');

-- Trial notes: only trials that have notes are indexed (most have none).
CREATE VIRTUAL TABLE trial_notes_fts USING fts5 (notes, content = 'trials', content_rowid = 'id');
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
