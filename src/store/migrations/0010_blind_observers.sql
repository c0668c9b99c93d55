-- 0010: a blind second observer (issue 12, 3): a trial assigned to a second coder, and which
-- coders have finished coding a trial (docs/review.md, "A blind second observer").
-- Append-only: never edit a released step; add NNNN_next.sql instead.
-- This step depends on 0009 only through trials (0001), so it needs no other branch's step.

-- The trial's second observer: the coder who codes it blind (seeing neither the other coders'
-- events nor the score until they finish). One per trial; coders are free-text names, as in
-- coded_events.
CREATE TABLE second_observers (
    trial_id     INTEGER PRIMARY KEY REFERENCES trials (id),
    coder        TEXT NOT NULL CHECK (coder <> ''),
    assigned_at  TEXT NOT NULL
);

-- A coder who marked their coding of a trial finished (`mimic observer done`, or the review
-- window's Finish). Once finished, that coder's events on the trial are final; a blind pair's
-- agreement is shown only when both have a row here.
CREATE TABLE coding_finished (
    trial_id     INTEGER NOT NULL REFERENCES trials (id),
    coder        TEXT NOT NULL CHECK (coder <> ''),
    finished_at  TEXT NOT NULL,
    PRIMARY KEY (trial_id, coder)
) WITHOUT ROWID;
