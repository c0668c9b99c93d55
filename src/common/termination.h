// Ending on a signal in order. While a TerminationGuard lives, SIGTERM, SIGINT and SIGHUP (a
// clinic PC shutting down, an IT person's `kill`, Ctrl+C) do not end the process: the signal is
// noted, and the loop that holds the guard polls caught() and ends its work in order (a
// practice session ends early, keeps its trials and closes its recording; the child's screen
// does not ask for the therapist's PIN, as it does when someone closes its window). A second
// signal while the first is being handled ends the process at once, as without the guard (the
// recordings are crash-safe).
//
// When the guard goes, the handlers it replaced come back; a signal it caught is then passed
// on to a replaced handler that was a function (SDL's, which turns it into a quit event, so a
// window that started the session closes too). A replaced default action is not re-run: the
// program finishes in order and says why it stopped.
//
// Threads: make and destroy a guard on one thread (the session's); caught() may be read from
// any thread. One guard at a time.
#pragma once

#include <csignal>
#include <optional>
#include <string>

namespace mimic {

class TerminationGuard {
  public:
    TerminationGuard();
    ~TerminationGuard();
    TerminationGuard(const TerminationGuard&) = delete;
    TerminationGuard& operator=(const TerminationGuard&) = delete;

    // The first signal caught since the guard was made, if any.
    static std::optional<int> caught();
};

// "SIGTERM", "SIGINT", "SIGHUP", else "signal N".
std::string signalName(int signal);

}  // namespace mimic
