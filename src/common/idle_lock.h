// The lock of a therapist's window (docs/privacy.md, "Signing in and the lock"): it locks when
// nobody has touched the keyboard or mouse for the idle time (default 10 minutes; zero never
// locks by itself), or at once when asked (Ctrl+L); only the signed-in user's passphrase opens
// it again. Times are given, never read from the clock, so the rule is tested without waiting.
//
// Threads: one owner (the UI thread); a value.
#pragma once

#include <chrono>

#include "common/clock.h"

namespace mimic {

class IdleLock {
  public:
    static constexpr std::chrono::seconds kDefaultIdle{600};

    // `idle`: how long without input before it locks; zero: never by itself.
    IdleLock(std::chrono::milliseconds idle, Clock::time_point now) : idle_(idle), last_(now) {}

    // Input from the therapist at `now`. While locked it keeps nothing open: only an unlock does.
    void activity(Clock::time_point now) {
        if (!locked_ && now > last_) last_ = now;
    }
    // Locks if the idle time has run out by `now`; whether it is locked.
    bool update(Clock::time_point now) {
        if (!locked_ && idle_.count() > 0 && now - last_ >= idle_) locked_ = true;
        return locked_;
    }
    void lockNow() { locked_ = true; }
    bool locked() const { return locked_; }

    // The outcome of checking a passphrase typed at the lock: right opens it and counts as
    // input at `now`; wrong leaves it locked and is counted.
    void passphraseChecked(bool right, Clock::time_point now) {
        if (!locked_) return;
        if (right) {
            locked_ = false;
            failed_ = 0;
            last_ = now;
        } else {
            ++failed_;
        }
    }
    // Wrong passphrases since it last opened.
    int failedAttempts() const { return failed_; }

    // Time until it locks by itself (zero when locked; `idle` itself when it never locks).
    std::chrono::milliseconds remaining(Clock::time_point now) const {
        if (locked_) return std::chrono::milliseconds{0};
        if (idle_.count() <= 0) return idle_;
        const auto left =
            idle_ - std::chrono::duration_cast<std::chrono::milliseconds>(now - last_);
        return left.count() > 0 ? left : std::chrono::milliseconds{0};
    }
    std::chrono::milliseconds idle() const { return idle_; }

  private:
    std::chrono::milliseconds idle_;
    Clock::time_point last_;
    bool locked_ = false;
    int failed_ = 0;
};

}  // namespace mimic
