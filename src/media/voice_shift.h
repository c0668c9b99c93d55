// VoiceShifter: a voice moved to another pitch at the same speed, for de-identified exports
// (issue 15): FFmpeg's rubberband filter (librubberband), else a change of rate put back to
// time by atempo. Sound goes in as it is decoded and comes out lined up with it: the filter's
// own delay (measured once per rate and factor with a tone burst) is cut from the front, and
// finish() pushes the tail out with silence and cuts or pads the end, so as many samples come
// out as went in.
//
// Ownership: owns its filter graph; move-only. Threads: one at a time.
#pragma once

#include <memory>
#include <span>
#include <vector>

#include "common/result.h"

namespace mimic::media {

class VoiceShifter {
  public:
    // `factor`: the pitch ratio (0.75 is about five semitones down), 0.5..2.
    static Result<VoiceShifter> open(int sample_rate, int channels, double factor);

    VoiceShifter(VoiceShifter&&) noexcept;
    VoiceShifter& operator=(VoiceShifter&&) noexcept;
    ~VoiceShifter();

    // Interleaved floats in; the shifted samples ready so far out (interleaved).
    Result<std::vector<float>> push(std::span<const float> samples);
    // The rest, so that the total out equals the total in.
    Result<std::vector<float>> finish();

  private:
    struct Impl;
    explicit VoiceShifter(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace mimic::media
