// The termination guard with real signals sent to this process (raise), and in a child
// process where the signal is meant to end it.
#include "common/termination.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>

namespace mimic {
namespace {

std::atomic<int> g_heard{0};
extern "C" void countSignal(int signal) {
    g_heard.fetch_add(signal == SIGTERM ? 1 : 100);
}

class Handler {  // installs `handler` for SIGTERM for the test's life
  public:
    explicit Handler(void (*handler)(int)) {
        struct sigaction action {};
        action.sa_handler = handler;
        sigemptyset(&action.sa_mask);
        sigaction(SIGTERM, &action, &saved_);
    }
    ~Handler() { sigaction(SIGTERM, &saved_, nullptr); }

  private:
    struct sigaction saved_ {};
};

TEST(TerminationGuard, NotesTheSignalInsteadOfEnding) {
    Handler defaults(SIG_DFL);
    {
        TerminationGuard guard;
        EXPECT_FALSE(TerminationGuard::caught());
        ::raise(SIGINT);
        EXPECT_EQ(TerminationGuard::caught(), SIGINT);
        EXPECT_EQ(signalName(*TerminationGuard::caught()), "SIGINT");
    }
    // The default action is not re-run afterwards (this process is still here), and the
    // next guard starts with nothing caught.
    TerminationGuard next;
    EXPECT_FALSE(TerminationGuard::caught());
}

TEST(TerminationGuard, PassesTheSignalOnToTheHandlerItReplaced) {
    g_heard = 0;
    Handler counting(countSignal);  // as SDL's would be
    {
        TerminationGuard guard;
        ::raise(SIGTERM);
        EXPECT_EQ(TerminationGuard::caught(), SIGTERM);
        EXPECT_EQ(g_heard.load(), 0) << "the replaced handler ran while the guard lived";
    }
    EXPECT_EQ(g_heard.load(), 1) << "the replaced handler did not hear the signal";
    struct sigaction now {};
    sigaction(SIGTERM, nullptr, &now);
    EXPECT_EQ(now.sa_handler, &countSignal) << "the replaced handler is not back";
}

TEST(TerminationGuard, WithoutASignalChangesNothing) {
    g_heard = 0;
    Handler counting(countSignal);
    { TerminationGuard guard; }
    EXPECT_EQ(g_heard.load(), 0);
    ::raise(SIGTERM);
    EXPECT_EQ(g_heard.load(), 1);
}

TEST(TerminationGuardDeathTest, ASecondSignalEndsTheProcessAtOnce) {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_EXIT(
        {
            TerminationGuard guard;
            ::raise(SIGTERM);
            ::raise(SIGTERM);
            std::exit(0);
        },
        ::testing::KilledBySignal(SIGTERM), "");
}

}  // namespace
}  // namespace mimic
