// Signing in to an encrypted data folder (docs/privacy.md): who the user is (--user NAME or
// MIMIC_USER) and their passphrase (the first line of stdin with --passphrase-stdin, else
// MIMIC_PASSPHRASE, else a prompt on the terminal that does not echo). Unlocking reads the
// data key through crypto::KeyFile, sets it for media (media/media_key.h) and the database
// (store/sealed_vfs.h), and makes the user the audit log's actor. A plain data folder has no
// users: nothing is asked and every command may run.
//
// Threads: the main thread (a command's).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "crypto/key_file.h"

namespace mimic::app {

struct SignInOptions {
    std::string user;               // --user
    bool passphrase_stdin = false;  // --passphrase-stdin
};
// Filled from the command line (Cli::addDataDirOption adds the options to every command).
SignInOptions& signInOptions();

// The passphrase of the user signing in: stdin's first line with --passphrase-stdin, else
// MIMIC_PASSPHRASE, else a terminal prompt; an error when there is none of them.
Result<std::string> readPassphrase(const std::string& prompt);
// A new passphrase (for `init --encrypt`, `user add`, `user passwd`): the next line of stdin
// with --passphrase-stdin (the first when nobody signs in), else MIMIC_NEW_PASSPHRASE, else
// asked twice on the terminal.
Result<std::string> readNewPassphrase(const std::string& whose);

// Unlocks the encrypted data folder at `root` (once per process; again for another folder is
// an error). A plain folder gives nullptr.
Result<const crypto::Unlocked*> signInTo(const std::filesystem::path& root);
// The window's sign-in form: unlocks `root` for `user` with `passphrase` (no prompt).
Status signInWith(const std::filesystem::path& root, const std::string& user,
                  const std::string& passphrase);
// Whether the passphrase comes from --passphrase-stdin or MIMIC_PASSPHRASE (then the window
// signs in as a command does, without its form).
bool signInGivenOutsideWindow();
// --user or MIMIC_USER, empty if neither.
std::string userAskedFor();
// Whether `passphrase` is the signed-in user's (the window's lock; Argon2id, slow on purpose).
bool passphraseOfSignedIn(const std::string& passphrase);
// The user signed in, if any.
const crypto::Unlocked* signedIn();
// Sets an unlocked folder's keys and actor (after `init --encrypt`).
void useUnlocked(crypto::Unlocked unlocked, const std::filesystem::path& root);

// In an encrypted folder, the signed-in user's role must be at least `need`; `what` says what
// was asked ("start a session"). Nothing is checked in a plain folder.
Status requireRole(crypto::Role need, std::string_view what);

}  // namespace mimic::app
