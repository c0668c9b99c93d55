-- 0001: the tables the first end-to-end path needs (import a clip, practise, record a trial).
-- Append-only: never edit a released step; add NNNN_next.sql instead.
-- Times are ISO-8601 UTC text ("2026-11-28T10:15:00Z"), so they sort and compare as text.
-- Paths are relative to the data directory.

CREATE TABLE behaviours (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    domain      TEXT NOT NULL DEFAULT '',
    definition  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE clips (
    id           INTEGER PRIMARY KEY,
    path         TEXT NOT NULL UNIQUE,
    title        TEXT NOT NULL DEFAULT '',
    sha256       TEXT UNIQUE,
    duration_ms  INTEGER NOT NULL CHECK (duration_ms >= 0),
    width        INTEGER NOT NULL CHECK (width >= 0),
    height       INTEGER NOT NULL CHECK (height >= 0),
    model_kind   TEXT NOT NULL CHECK (model_kind IN ('peer', 'adult', 'self', 'point-of-view')),
    added_at     TEXT NOT NULL
);

CREATE TABLE clip_behaviours (
    clip_id       INTEGER NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
    behaviour_id  INTEGER NOT NULL REFERENCES behaviours (id),
    PRIMARY KEY (clip_id, behaviour_id)
) WITHOUT ROWID;
CREATE INDEX clip_behaviours_by_behaviour ON clip_behaviours (behaviour_id, clip_id);

CREATE TABLE children (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL
);

CREATE TABLE consents (
    id          INTEGER PRIMARY KEY,
    child_id    INTEGER NOT NULL REFERENCES children (id),
    scope       TEXT NOT NULL CHECK (scope IN ('record', 'share-with-parents', 'training-use')),
    granted_by  TEXT NOT NULL,
    granted_at  TEXT NOT NULL,
    expires_at  TEXT,
    revoked_at  TEXT
);
CREATE INDEX consents_by_child ON consents (child_id, scope);

CREATE TABLE sessions (
    id          INTEGER PRIMARY KEY,
    child_id    INTEGER NOT NULL REFERENCES children (id),
    started_at  TEXT NOT NULL,
    ended_at    TEXT
);
CREATE INDEX sessions_by_child ON sessions (child_id);

CREATE TABLE recordings (
    id            INTEGER PRIMARY KEY,
    path          TEXT NOT NULL UNIQUE,
    started_at    TEXT NOT NULL,
    duration_ms   INTEGER NOT NULL CHECK (duration_ms >= 0),
    video_frames  INTEGER NOT NULL CHECK (video_frames >= 0),
    status        TEXT NOT NULL CHECK (status IN ('complete', 'interrupted'))
);

CREATE TABLE trials (
    id            INTEGER PRIMARY KEY,
    session_id    INTEGER NOT NULL REFERENCES sessions (id),
    behaviour_id  INTEGER NOT NULL REFERENCES behaviours (id),
    clip_id       INTEGER NOT NULL REFERENCES clips (id),
    recording_id  INTEGER REFERENCES recordings (id),
    clip_views    INTEGER NOT NULL DEFAULT 0 CHECK (clip_views >= 0),
    created_at    TEXT NOT NULL
);
CREATE INDEX trials_by_session ON trials (session_id);
CREATE INDEX trials_by_recording ON trials (recording_id);
