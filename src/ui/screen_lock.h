// The lock over a therapist's windows (docs/privacy.md, "Signing in and the lock"): in an
// encrypted data folder the library, review and console windows share one ScreenLock. It locks
// after the idle time without keyboard or mouse input (IdleLock, common/idle_lock.h), or at
// once on Ctrl+L; while locked the window shows only the lock screen (who is signed in, a
// passphrase field) and acts on no key of its own. The child's screen of a running session is
// never covered: only the console's controls lock.
//
// Threads: the UI thread, inside and between frames of whichever window holds it.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/idle_lock.h"

union SDL_Event;

namespace mimic::ui {

struct ScreenLockCallbacks {
    std::string user;  // the signed-in user, shown on the lock screen
    std::string role;  // "admin", "therapist" or "observer"
    // Whether `passphrase` is the signed-in user's (checked against the key file: slow on
    // purpose, Argon2id).
    std::function<bool(const std::string& passphrase)> check;
    // What happened, for the audit log: "lock (idle)", "lock (asked)", "unlock",
    // "unlock refused". May be empty.
    std::function<void(std::string_view what)> record;
};

class ScreenLock {
  public:
    ScreenLock(std::chrono::milliseconds idle, ScreenLockCallbacks callbacks,
               Clock::time_point now = Clock::now());
    ~ScreenLock();
    ScreenLock(const ScreenLock&) = delete;
    ScreenLock& operator=(const ScreenLock&) = delete;

    // An event the window received (after ImGui had it). Input counts as activity; Ctrl+L
    // locks. True when the window must not act on the event itself (it is locked, or it was
    // Ctrl+L).
    bool onEvent(const SDL_Event& event, Clock::time_point now = Clock::now());
    // Locks if the idle time ran out; whether it is locked.
    bool update(Clock::time_point now = Clock::now());
    bool locked() const { return lock_.locked(); }
    // How long a window may sleep before it must call update() again (at most `cap_ms`).
    int millisecondsUntilLock(int cap_ms, Clock::time_point now = Clock::now()) const;

    // Draws the lock screen over the whole current window; call inside a frame, instead of the
    // window's own screen, while locked(). Checks the passphrase when Enter or "Unlock" is
    // pressed.
    void draw();

    // Checks a passphrase typed elsewhere (a session without a console takes it as keys);
    // opens the lock when it is right. The lock screen's field calls this too.
    void submit(std::string passphrase);
    const std::string& user() const { return callbacks_.user; }
    // The last refusal as one line ("That passphrase is not Theo's (2 tries)."), or empty.
    const std::string& problem() const { return problem_; }

  private:
    void tryUnlock();

    IdleLock lock_;
    ScreenLockCallbacks callbacks_;
    char passphrase_[256] = {};
    std::string problem_;
    bool focus_field_ = true;
};

}  // namespace mimic::ui
