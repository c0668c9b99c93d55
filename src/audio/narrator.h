// Narrator: speech synthesis with libespeak-ng, in process, into float samples (the demo
// clips' narration, and the child's screen's spoken "your turn" cue through AudioOutput).
//
// espeak-ng keeps one global synthesiser per process, so at most one Narrator may exist at a
// time; it is move-only and terminates espeak when destroyed. One thread at a time.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"

namespace mimic::audio {

class Narrator {
  public:
    // Starts espeak-ng with the English voice at `rate_wpm` words per minute. Fails with one
    // line if espeak-ng or its voice data is missing.
    static Result<Narrator> open(int rate_wpm);

    Narrator(Narrator&& other) noexcept;
    Narrator& operator=(Narrator&& other) noexcept;
    Narrator(const Narrator&) = delete;
    Narrator& operator=(const Narrator&) = delete;
    ~Narrator();

    // Mono samples in [-1, 1] at sampleRate(), with the silence espeak adds before and after
    // the speech trimmed. The same text always gives the same samples.
    Result<std::vector<float>> speak(const std::string& text);

    int sampleRate() const { return sample_rate_; }

  private:
    explicit Narrator(int sample_rate) : sample_rate_(sample_rate) {}
    int sample_rate_ = 0;  // 0 once moved from: the destructor then leaves espeak alone
};

}  // namespace mimic::audio
