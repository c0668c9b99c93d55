// The users of an encrypted data folder and its data key (docs/privacy.md, "Accounts and
// keys"): `keys.json` beside the database. One random data key per data folder; for each user
// it is wrapped (XChaCha20-Poly1305) with a key derived from their passphrase by Argon2id,
// their name and role bound in as associated data, so neither can be changed without the
// passphrase. The whole list is authenticated with a key derived from the data key, so a
// user added, removed or promoted by editing the file is refused at the next unlock. The data
// key itself never touches the disk unwrapped.
//
// Threads: one at a time per KeyFile.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "crypto/secret_key.h"

namespace mimic::crypto {

// What a user may do (docs/privacy.md, "Roles"): an observer codes and scores trials; a
// therapist also runs sessions and manages children, consents and programs; an admin also
// manages users, retention and erasure.
enum class Role { kObserver = 1, kTherapist = 2, kAdmin = 3 };

std::string_view roleName(Role role);
std::optional<Role> parseRole(std::string_view name);

// The passphrase rule: at least 8 characters (a sentence is better than a word).
Status checkPassphrase(std::string_view passphrase);

struct Unlocked {
    std::string user;
    Role role = Role::kObserver;
    SecretKey data_key;
};

class KeyFile {
  public:
    // The file of the data folder at `dir`.
    static std::filesystem::path pathIn(const std::filesystem::path& dir);
    static bool existsIn(const std::filesystem::path& dir);

    // A new data key and its first user, an admin; written to `path` (which must not exist).
    static Result<Unlocked> create(const std::filesystem::path& path, const std::string& admin,
                                   std::string_view passphrase);
    static Result<KeyFile> load(const std::filesystem::path& path);

    // The data key, for `user` with `passphrase`. A wrong passphrase or an unknown user is
    // refused in one line; a file changed without the data key, too.
    Result<Unlocked> unlock(std::string_view user, std::string_view passphrase) const;

    // Changes, each written at once (atomically) and each needing the data key (`by`).
    Status addUser(const Unlocked& by, const std::string& name, Role role,
                   std::string_view passphrase);
    Status changePassphrase(const Unlocked& by, const std::string& name,
                            std::string_view passphrase);
    // Refuses to remove the last admin.
    Status removeUser(const Unlocked& by, const std::string& name);

    struct User {
        std::string name;
        Role role = Role::kObserver;
        std::vector<std::uint8_t> salt;
        std::uint64_t opslimit = 0;
        std::uint64_t memlimit = 0;
        std::vector<std::uint8_t> wrapped;  // nonce, then the data key encrypted, then the tag
    };
    const std::vector<User>& users() const { return users_; }

  private:
    Status save(const SecretKey& data_key);
    const User* find(std::string_view name) const;

    std::filesystem::path path_;
    std::vector<User> users_;
    std::vector<std::uint8_t> mac_;
};

}  // namespace mimic::crypto
