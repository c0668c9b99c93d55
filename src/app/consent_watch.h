// Consent as a live gate (issue 10): a child's consent to be recorded is checked when the
// recording starts and re-checked while it records, so that a revocation (`mimic consent
// revoke` from another process) or an expiry stops the recording within a second. What
// "in force" means is store::consentStateAt, a pure function of the consents and a time.
//
// Threads: start() and finish() are called by the owner (the session's thread). The watch
// runs one thread of its own with its own read-only connection to the database
// (store/connection.h, "Threads"): every `interval` it reads the child's consents, and the
// first time they are no longer in force it requests stop on ended() (which the recorder
// takes as RecordingSettings::stop) and ends. A check that cannot be made (the database
// cannot be read) is not a withdrawal: it is logged once and tried again.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <stop_token>
#include <string>
#include <thread>

#include "common/result.h"
#include "store/clinical_repository.h"
#include "store/database.h"

namespace mimic::app {

class ConsentWatch {
  public:
    // How often consent is re-checked while recording: well inside the second within which
    // a revocation must stop the recording, and a cheap read (one indexed query).
    static constexpr std::chrono::milliseconds kRecheck{250};

    // Now, as ISO-8601 UTC text (utcNowIso8601; tests give their own times).
    using NowFn = std::function<std::string()>;

    // Opens a read-only connection to `database`, checks the child's recording consent once
    // (state() has the answer on return) and, when it is in force, starts watching.
    static Result<std::unique_ptr<ConsentWatch>> start(
        const std::filesystem::path& database, std::int64_t child_id, NowFn now,
        std::chrono::milliseconds interval = kRecheck);

    // Only start() can make the key, so only start() makes a watch.
    class Key {
        friend class ConsentWatch;
        Key() = default;
    };
    ConsentWatch(Key, store::Database db, std::int64_t child_id, NowFn now);
    ConsentWatch(const ConsentWatch&) = delete;
    ConsentWatch& operator=(const ConsentWatch&) = delete;
    ~ConsentWatch();  // stops the thread

    // Stop is requested once the consent is found no longer in force (or not in force at
    // start).
    std::stop_token ended() const { return ended_.get_token(); }
    // The latest verdict: kCurrent, or why the consent is no longer in force.
    store::ConsentState state() const { return state_.load(); }

    // Stops watching, checks once more (a revocation just before the recording ended
    // counts) and returns the final verdict.
    store::ConsentState finish();

  private:
    // One check; updates state_ and requests ended_ when not in force. Owner or watch thread,
    // never both (the thread is not running while the owner checks).
    void check();
    void run(std::stop_token stop, std::chrono::milliseconds interval);

    store::Database db_;  // the watch's own read-only connection
    const std::int64_t child_id_;
    const NowFn now_;
    std::atomic<store::ConsentState> state_{store::ConsentState::kNone};
    std::stop_source ended_;
    bool warned_ = false;  // a failed check has been logged
    std::jthread thread_;  // last: stopped and joined before the members it uses go
};

}  // namespace mimic::app
