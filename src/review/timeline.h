// The review timeline: the practice recording beside the model clip, on one clock
// (docs/review.md, "The timeline").
//
// The timeline's time is the practice recording's own time, in µs from the recording file's
// start, so coded events, `mimic review --at` and the recording agree on one number. The model
// is mapped onto it:
//   model time = model origin + (timeline time - practice origin - offset)
// - practice origin: where the practice starts in the recording. A recording starts at the
//   turn cue; the session stores where the practice began after the recording's first frame
//   (the trial's attempt offset), so the origin is the first frame's time plus that. Without
//   it, the practice start after the cue is taken from the first frame; without either, the
//   first frame itself.
// - model origin: the model clip's first frame, or with video prompting (the trial has a
//   step) the start of that step's segment: step k of the model lines up with the practice
//   of step k.
// - offset: the therapist's nudge, saved per trial. Positive: the model's first frame lines
//   up with a later moment of the recording.
// What is on screen at a timeline time is, for each file, its last frame at or before its
// mapped time; before a file's first frame, none.
//
// Frame times come from the media layer (src/media/frame_times.h via src/app), so this
// module stays free of FFmpeg. Threads: any; values.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace mimic::review {

// The presentation times of one file's video frames, µs from the file's start.
class FrameTimes {
  public:
    FrameTimes() = default;
    // Sorts the times; repeats are kept once.
    explicit FrameTimes(std::vector<std::int64_t> pts_us);

    bool empty() const { return pts_us_.empty(); }
    std::size_t size() const { return pts_us_.size(); }
    const std::vector<std::int64_t>& all() const { return pts_us_; }
    // The first and last frame's times; 0 when empty.
    std::int64_t first() const { return pts_us_.empty() ? 0 : pts_us_.front(); }
    std::int64_t last() const { return pts_us_.empty() ? 0 : pts_us_.back(); }

    // The frame on screen at `t_us`: the last at or before it; none before the first.
    std::optional<std::int64_t> atOrBefore(std::int64_t t_us) const;
    // The first frame after `t_us` (a step forward); none after the last.
    std::optional<std::int64_t> after(std::int64_t t_us) const;
    // The last frame before `t_us` (a step back); none before the first.
    std::optional<std::int64_t> before(std::int64_t t_us) const;

  private:
    std::vector<std::int64_t> pts_us_;
};

// What the store keeps of a trial that places its two files (store::ReviewTrial).
struct TrialTiming {
    std::optional<std::int64_t> attempt_offset_ms;  // practice start after the first frame
    std::optional<std::int64_t> practice_start_ms;  // practice start after the turn cue
    std::optional<std::int64_t> step_in_ms;         // video prompting: the step's segment start
    std::int64_t offset_us = 0;                     // the therapist's saved nudge
};

// The two points that line up, and the nudge between them.
struct Alignment {
    std::int64_t practice_origin_us = 0;  // in the recording
    std::int64_t model_origin_us = 0;     // in the model clip
    std::int64_t offset_us = 0;
};

// The alignment of a trial whose files have these frames (the rules above).
Alignment alignTrial(const TrialTiming& timing, const FrameTimes& model,
                     const FrameTimes& practice);

// The frames on screen at one timeline time, and the times they were looked up at.
struct OnScreen {
    std::int64_t timeline_us = 0;
    std::int64_t model_time_us = 0;     // the timeline time mapped onto the model clip
    std::int64_t practice_time_us = 0;  // the same on the recording (the timeline time)
    std::optional<std::int64_t> model_pts_us;
    std::optional<std::int64_t> practice_pts_us;
};

class ReviewTimeline {
  public:
    ReviewTimeline(FrameTimes model, FrameTimes practice, Alignment alignment);

    const Alignment& alignment() const { return alignment_; }
    // A new nudge (the files' origins stay).
    void setOffset(std::int64_t offset_us) { alignment_.offset_us = offset_us; }

    std::int64_t modelTime(std::int64_t timeline_us) const;
    std::int64_t timelineOfModel(std::int64_t model_us) const;

    OnScreen at(std::int64_t timeline_us) const;

    // The span worth showing: from the earlier of the two files' first frames to the later of
    // their last frames, on the timeline.
    std::int64_t begin_us() const;
    std::int64_t end_us() const;
    // Where the practice starts on the timeline (a review opens there).
    std::int64_t practiceStart_us() const { return alignment_.practice_origin_us; }

    const FrameTimes& model() const { return model_; }
    const FrameTimes& practice() const { return practice_; }

  private:
    FrameTimes model_;
    FrameTimes practice_;
    Alignment alignment_;
};

}  // namespace mimic::review
