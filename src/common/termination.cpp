#include "common/termination.h"

#include <signal.h>

#include <array>
#include <atomic>

namespace mimic {
namespace {

constexpr std::array<int, 3> kSignals{SIGTERM, SIGINT, SIGHUP};

// Written by the handler: a lock-free atomic is safe in a signal handler (sig_atomic_t would
// not be safe to read from another thread).
std::atomic<int> g_caught{0};
static_assert(std::atomic<int>::is_always_lock_free);

std::array<struct sigaction, kSignals.size()> g_previous{};

extern "C" void noteSignal(int signal) {
    int none = 0;
    if (!g_caught.compare_exchange_strong(none, signal)) {
        // The second signal: the program did not end in order soon enough, or the user
        // insists. End now, as if there were no guard.
        ::signal(signal, SIG_DFL);
        ::raise(signal);
    }
}

}  // namespace

TerminationGuard::TerminationGuard() {
    g_caught.store(0);
    struct sigaction action {};
    action.sa_handler = noteSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;  // blocking calls go on; the loop polls caught()
    for (std::size_t i = 0; i < kSignals.size(); ++i)
        sigaction(kSignals[i], &action, &g_previous[i]);
}

TerminationGuard::~TerminationGuard() {
    for (std::size_t i = 0; i < kSignals.size(); ++i)
        sigaction(kSignals[i], &g_previous[i], nullptr);
    const int signal = g_caught.exchange(0);
    if (signal == 0) return;
    for (std::size_t i = 0; i < kSignals.size(); ++i) {
        if (kSignals[i] != signal) continue;
        const struct sigaction& previous = g_previous[i];
        const bool function =
            (previous.sa_flags & SA_SIGINFO) != 0
                ? previous.sa_sigaction != nullptr
                : previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN;
        if (function) ::raise(signal);
    }
}

std::optional<int> TerminationGuard::caught() {
    const int signal = g_caught.load();
    if (signal == 0) return std::nullopt;
    return signal;
}

std::string signalName(int signal) {
    switch (signal) {
        case SIGTERM:
            return "SIGTERM";
        case SIGINT:
            return "SIGINT";
        case SIGHUP:
            return "SIGHUP";
        default:
            return "signal " + std::to_string(signal);
    }
}

}  // namespace mimic
