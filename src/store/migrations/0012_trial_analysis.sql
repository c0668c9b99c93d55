-- 0012: what mimic's own analysis of a practice recording measured (issue 15). The response
-- latency from the practice start to the first movement or voice it found, and when the
-- recording was analysed. The therapist's latency (latency_ms, from the turn cue to the score)
-- stays as it was; the faces and onsets found are coded events of the coder "auto".
-- Append-only: never edit a released step; add NNNN_next.sql instead.
ALTER TABLE trials ADD COLUMN auto_latency_ms INTEGER CHECK (auto_latency_ms >= 0);
ALTER TABLE trials ADD COLUMN analysed_at TEXT;
