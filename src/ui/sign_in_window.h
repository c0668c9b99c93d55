// The sign-in window: what `mimic` shows first over an encrypted data folder when the user and
// passphrase were not given on the command line (docs/privacy.md, "Signing in and the lock").
// A name and a passphrase field; a wrong pair is one line in the window and the fields stay for
// another try.
//
// Threads: the calling thread becomes the UI/GL thread while it runs.
#pragma once

#include <functional>
#include <string>

#include "common/result.h"

namespace mimic::ui {

struct SignInWindowOptions {
    std::string title = "mimic: sign in";
    std::string folder;  // shown: which data folder is being opened
    std::string user;    // the name to start with (--user, MIMIC_USER), may be empty
    // Signs in; an error is shown as it is and the window stays. Slow on purpose (Argon2id).
    std::function<Status(const std::string& user, const std::string& passphrase)> sign_in;
};

// True once signed in; false when the person closed the window (or pressed Esc) instead.
// Only failing to open the window is an error.
Result<bool> runSignInWindow(const SignInWindowOptions& options);

}  // namespace mimic::ui
