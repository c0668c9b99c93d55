#include "app/sign_in.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>

#include "common/names.h"
#include "common/os_account.h"
#include "media/media_key.h"
#include "store/sealed_vfs.h"

namespace mimic::app {
namespace {

struct Session {
    std::filesystem::path root;
    std::optional<crypto::Unlocked> unlocked;
    int stdin_lines_read = 0;
};

Session& session() {
    static Session s;
    return s;
}

// One line typed on the terminal without echo; nullopt without a terminal.
std::optional<std::string> promptHidden(const std::string& prompt) {
    const int tty = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
    if (tty < 0) return std::nullopt;
    termios before{};
    const bool is_tty = ::tcgetattr(tty, &before) == 0;
    if (!is_tty) {
        ::close(tty);
        return std::nullopt;
    }
    termios quiet = before;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ECHONL;
    ::tcsetattr(tty, TCSAFLUSH, &quiet);
    const std::string ask = prompt + ": ";
    [[maybe_unused]] const ssize_t w = ::write(tty, ask.data(), ask.size());
    std::string line;
    char c = 0;
    while (::read(tty, &c, 1) == 1 && c != '\n')
        line += c;
    ::tcsetattr(tty, TCSAFLUSH, &before);
    ::close(tty);
    return line;
}

std::optional<std::string> stdinLine() {
    std::string line;
    if (!std::getline(std::cin, line)) return std::nullopt;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    ++session().stdin_lines_read;
    return line;
}

std::string userName() {
    if (!signInOptions().user.empty()) return signInOptions().user;
    const char* env = std::getenv("MIMIC_USER");
    return env != nullptr ? env : "";
}

}  // namespace

SignInOptions& signInOptions() {
    static SignInOptions options;
    return options;
}

Result<std::string> readPassphrase(const std::string& prompt) {
    // Asked for on the command line, stdin comes first.
    if (signInOptions().passphrase_stdin) {
        if (auto line = stdinLine()) return *line;
        return Error{"--passphrase-stdin: no passphrase on stdin"};
    }
    if (const char* env = std::getenv("MIMIC_PASSPHRASE"); env != nullptr) return std::string(env);
    if (auto typed = promptHidden(prompt)) return *typed;
    return Error{
        "no passphrase: type it at a terminal, or give it with --passphrase-stdin or "
        "MIMIC_PASSPHRASE"};
}

Result<std::string> readNewPassphrase(const std::string& whose) {
    if (signInOptions().passphrase_stdin) {
        if (auto line = stdinLine()) return *line;
        return Error{
            "--passphrase-stdin: no new passphrase on stdin (the line after the "
            "signed-in user's)"};
    }
    if (const char* env = std::getenv("MIMIC_NEW_PASSPHRASE"); env != nullptr) {
        return std::string(env);
    }
    auto first = promptHidden("New passphrase for " + whose);
    if (!first) {
        return Error{
            "no new passphrase: type it at a terminal, or give it with "
            "--passphrase-stdin or MIMIC_NEW_PASSPHRASE"};
    }
    if (Status s = crypto::checkPassphrase(*first); !s) return s.error();
    auto again = promptHidden("The same again");
    if (!again || *again != *first) return Error{"the two passphrases differ; nothing changed"};
    return *first;
}

void useUnlocked(crypto::Unlocked unlocked, const std::filesystem::path& root) {
    auto key = std::make_shared<const crypto::SecretKey>(
        crypto::SecretKey::fromBytes(unlocked.data_key.bytes()).value());
    media::setMediaKey(key);
    store::setDatabaseKey(key);
    setSignedInActor(unlocked.user);
    session().root = root;
    session().unlocked.emplace(std::move(unlocked));
}

Result<const crypto::Unlocked*> signInTo(const std::filesystem::path& root) {
    Session& s = session();
    if (s.unlocked) {
        if (std::filesystem::equivalent(s.root, root)) return &*s.unlocked;
        return Error{"signed in to " + s.root.string() + " already; one data folder at a time"};
    }
    if (!crypto::KeyFile::existsIn(root)) return nullptr;
    auto file = crypto::KeyFile::load(crypto::KeyFile::pathIn(root));
    if (!file) return file.error();
    const std::string user = userName();
    if (user.empty()) {
        return Error{
            "this data folder is encrypted: sign in with --user NAME (or MIMIC_USER) and "
            "your passphrase"};
    }
    auto passphrase = readPassphrase("Passphrase for " + user);
    if (!passphrase) return passphrase.error();
    auto unlocked = file->unlock(user, *passphrase);
    if (!unlocked) return unlocked.error();
    useUnlocked(std::move(*unlocked), root);
    return &*s.unlocked;
}

Status signInWith(const std::filesystem::path& root, const std::string& user,
                  const std::string& passphrase) {
    Session& s = session();
    if (s.unlocked) return Error{"signed in already"};
    auto file = crypto::KeyFile::load(crypto::KeyFile::pathIn(root));
    if (!file) return file.error();
    auto unlocked = file->unlock(user, passphrase);
    if (!unlocked) return unlocked.error();
    useUnlocked(std::move(*unlocked), root);
    return {};
}

bool signInGivenOutsideWindow() {
    return signInOptions().passphrase_stdin || std::getenv("MIMIC_PASSPHRASE") != nullptr;
}

std::string userAskedFor() {
    return userName();
}

bool passphraseOfSignedIn(const std::string& passphrase) {
    const Session& s = session();
    if (!s.unlocked) return false;
    auto file = crypto::KeyFile::load(crypto::KeyFile::pathIn(s.root));
    return file && file->unlock(s.unlocked->user, passphrase).ok();
}

const crypto::Unlocked* signedIn() {
    return session().unlocked ? &*session().unlocked : nullptr;
}

Status requireRole(crypto::Role need, std::string_view what) {
    const crypto::Unlocked* user = signedIn();
    if (user == nullptr || user->role >= need) return {};
    return Error{quotedPrintable(user->user) + " is " + std::string(crypto::roleName(user->role)) +
                 "; only " +
                 (need == crypto::Role::kAdmin ? "an admin" : "a therapist or an admin") + " may " +
                 std::string(what)};
}

}  // namespace mimic::app
