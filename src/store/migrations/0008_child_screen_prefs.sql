-- 0008: what each child's screen gives them (issue 11, "a recorded voice per child as an
-- option"; "a favourite short clip or sound chosen per child; a quiet mode"). One row per
-- child who has a choice stored; a child without a row has the defaults: the "your turn" cue
-- spoken by espeak-ng and stars as the reward.
-- Append-only: never edit a released step; add NNNN_next.sql instead.
--
-- The files are copies mimic made in the data folder (child-media/, named by mimic, never by
-- what a person typed); the paths are relative to the data folder. A favourite clip or sound
-- always has its file, and no other reward has one.
CREATE TABLE child_screen_prefs (
    child_id     INTEGER PRIMARY KEY REFERENCES children (id) ON DELETE CASCADE,
    reward_kind  TEXT NOT NULL DEFAULT 'stars'
        CHECK (reward_kind IN ('stars', 'confetti', 'clip', 'sound', 'quiet')),
    reward_file  TEXT CHECK (reward_file <> '' AND reward_file NOT LIKE '/%'),
    cue_voice    TEXT CHECK (cue_voice <> '' AND cue_voice NOT LIKE '/%'),
    changed_at   TEXT NOT NULL,
    CHECK ((reward_kind IN ('clip', 'sound')) = (reward_file IS NOT NULL))
);
