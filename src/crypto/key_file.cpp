#include "crypto/key_file.h"

#include <sodium.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "common/names.h"
#include "common/paths.h"

namespace mimic::crypto {
namespace {

constexpr int kFormat = 1;
constexpr const char* kFileName = "keys.json";
constexpr std::size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr std::size_t kMinPassphrase = 8;

std::string hex(const std::vector<std::uint8_t>& bytes) {
    std::string out(bytes.size() * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), bytes.data(), bytes.size());
    out.pop_back();
    return out;
}

std::optional<std::vector<std::uint8_t>> unhex(const std::string& text) {
    std::vector<std::uint8_t> bytes(text.size() / 2);
    std::size_t length = 0;
    if (sodium_hex2bin(bytes.data(), bytes.size(), text.data(), text.size(), nullptr, &length,
                       nullptr) != 0 ||
        length * 2 != text.size()) {
        return std::nullopt;
    }
    bytes.resize(length);
    return bytes;
}

// The user's name and role, bound to their wrapped key.
std::string associated(const std::string& name, Role role) {
    return "mimic data key v1\n" + name + "\n" + std::string(roleName(role));
}

// The key that wraps the data key for one user: Argon2id of their passphrase.
Result<SecretKey> passphraseKey(const KeyFile::User& user, std::string_view passphrase) {
    std::vector<std::uint8_t> bytes(kKeyBytes);
    if (crypto_pwhash(bytes.data(), bytes.size(), passphrase.data(), passphrase.size(),
                      user.salt.data(), user.opslimit, static_cast<std::size_t>(user.memlimit),
                      crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return Error{"cannot derive a key from the passphrase (out of memory)"};
    }
    auto key = SecretKey::fromBytes(bytes);
    sodium_memzero(bytes.data(), bytes.size());
    return key;
}

Result<KeyFile::User> wrapFor(const std::string& name, Role role, std::string_view passphrase,
                              const SecretKey& data_key) {
    if (Status s = checkName("a user name", name, 64); !s) return s.error();
    if (Status s = checkPassphrase(passphrase); !s) return s.error();
    KeyFile::User user;
    user.name = name;
    user.role = role;
    user.salt.resize(crypto_pwhash_SALTBYTES);
    randombytes_buf(user.salt.data(), user.salt.size());
    user.opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
    user.memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
    auto key = passphraseKey(user, passphrase);
    if (!key) return key.error();
    user.wrapped.resize(kNonceBytes + kKeyBytes + kTagBytes);
    randombytes_buf(user.wrapped.data(), kNonceBytes);
    const std::string ad = associated(name, role);
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        user.wrapped.data() + kNonceBytes, nullptr, data_key.bytes().data(), kKeyBytes,
        reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), nullptr, user.wrapped.data(),
        key->bytes().data());
    return user;
}

// The list's authenticator: keyed BLAKE2b (a key derived from the data key) of every field.
std::vector<std::uint8_t> macOf(const std::vector<KeyFile::User>& users,
                                const SecretKey& data_key) {
    std::string text = "mimic users v1\n";
    for (const KeyFile::User& u : users) {
        text += u.name + "\n" + std::string(roleName(u.role)) + "\n" + hex(u.salt) + "\n" +
                std::to_string(u.opslimit) + "\n" + std::to_string(u.memlimit) + "\n" +
                hex(u.wrapped) + "\n";
    }
    std::vector<std::uint8_t> mac(crypto_generichash_BYTES);
    auto key = data_key.derive("mimic users mac v1", {});
    if (!key) return mac;
    crypto_generichash(mac.data(), mac.size(), reinterpret_cast<const unsigned char*>(text.data()),
                       text.size(), key->bytes().data(), kKeyBytes);
    return mac;
}

}  // namespace

std::string_view roleName(Role role) {
    switch (role) {
        case Role::kObserver:
            return "observer";
        case Role::kTherapist:
            return "therapist";
        case Role::kAdmin:
            return "admin";
    }
    return "observer";
}

std::optional<Role> parseRole(std::string_view name) {
    for (const Role role : {Role::kObserver, Role::kTherapist, Role::kAdmin}) {
        if (roleName(role) == name) return role;
    }
    return std::nullopt;
}

Status checkPassphrase(std::string_view passphrase) {
    if (passphrase.size() < kMinPassphrase) {
        return Error{"a passphrase is at least " + std::to_string(kMinPassphrase) +
                     " characters (a short sentence is easy to remember and hard to guess)"};
    }
    if (passphrase.find('\n') != std::string_view::npos ||
        passphrase.find('\0') != std::string_view::npos) {
        return Error{"a passphrase is one line"};
    }
    return {};
}

std::filesystem::path KeyFile::pathIn(const std::filesystem::path& dir) {
    return dir / kFileName;
}

bool KeyFile::existsIn(const std::filesystem::path& dir) {
    std::error_code ec;
    return std::filesystem::exists(pathIn(dir), ec);
}

Result<Unlocked> KeyFile::create(const std::filesystem::path& path, const std::string& admin,
                                 std::string_view passphrase) {
    if (Status s = sodiumReady(); !s) return s.error();
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) {
        return Error{"cannot create " + path.string() + ": it exists already"};
    }
    auto data_key = SecretKey::random();
    if (!data_key) return data_key.error();
    auto user = wrapFor(admin, Role::kAdmin, passphrase, *data_key);
    if (!user) return user.error();
    KeyFile file;
    file.path_ = path;
    file.users_.push_back(std::move(*user));
    if (Status s = file.save(*data_key); !s) return s.error();
    return Unlocked{admin, Role::kAdmin, std::move(*data_key)};
}

Result<KeyFile> KeyFile::load(const std::filesystem::path& path) {
    if (Status s = sodiumReady(); !s) return s.error();
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{"cannot read " + path.string()};
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    const Error damaged{path.string() + " is damaged (not the users file mimic wrote)"};
    const nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_discarded() || !json.is_object() || json.value("format", 0) != kFormat ||
        !json.contains("users") || !json["users"].is_array() || !json.contains("mac")) {
        return damaged;
    }
    KeyFile file;
    file.path_ = path;
    try {
        for (const auto& u : json["users"]) {
            User user;
            user.name = u.at("name").get<std::string>();
            const auto role = parseRole(u.at("role").get<std::string>());
            auto salt = unhex(u.at("salt").get<std::string>());
            auto wrapped = unhex(u.at("wrapped").get<std::string>());
            if (!role || !salt || !wrapped || salt->size() != crypto_pwhash_SALTBYTES ||
                wrapped->size() != kNonceBytes + kKeyBytes + kTagBytes) {
                return damaged;
            }
            user.role = *role;
            user.salt = std::move(*salt);
            user.wrapped = std::move(*wrapped);
            user.opslimit = u.at("opslimit").get<std::uint64_t>();
            user.memlimit = u.at("memlimit").get<std::uint64_t>();
            // Costs outside libsodium's limits would fail (or exhaust memory) at unlock.
            if (user.opslimit < crypto_pwhash_OPSLIMIT_MIN ||
                user.opslimit > crypto_pwhash_OPSLIMIT_SENSITIVE ||
                user.memlimit < crypto_pwhash_MEMLIMIT_MIN ||
                user.memlimit > crypto_pwhash_MEMLIMIT_SENSITIVE) {
                return damaged;
            }
            file.users_.push_back(std::move(user));
        }
        auto mac = unhex(json.at("mac").get<std::string>());
        if (!mac) return damaged;
        file.mac_ = std::move(*mac);
    } catch (const nlohmann::json::exception&) {
        return damaged;
    }
    return file;
}

const KeyFile::User* KeyFile::find(std::string_view name) const {
    const auto it =
        std::find_if(users_.begin(), users_.end(), [&](const User& u) { return u.name == name; });
    return it == users_.end() ? nullptr : &*it;
}

Result<Unlocked> KeyFile::unlock(std::string_view user_name, std::string_view passphrase) const {
    const User* user = find(user_name);
    if (user == nullptr) {
        return Error{"no user " + quotedPrintable(user_name) + " in this data folder"};
    }
    auto key = passphraseKey(*user, passphrase);
    if (!key) return key.error();
    std::vector<std::uint8_t> bytes(kKeyBytes);
    const std::string ad = associated(user->name, user->role);
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            bytes.data(), nullptr, nullptr, user->wrapped.data() + kNonceBytes,
            user->wrapped.size() - kNonceBytes, reinterpret_cast<const unsigned char*>(ad.data()),
            ad.size(), user->wrapped.data(), key->bytes().data()) != 0) {
        return Error{"wrong passphrase for " + quotedPrintable(user_name)};
    }
    auto data_key = SecretKey::fromBytes(bytes);
    sodium_memzero(bytes.data(), bytes.size());
    if (!data_key) return data_key.error();
    const std::vector<std::uint8_t> mac = macOf(users_, *data_key);
    if (mac.size() != mac_.size() || sodium_memcmp(mac.data(), mac_.data(), mac.size()) != 0) {
        return Error{path_.string() +
                     " was changed outside mimic (a user added, removed or given another role): "
                     "refused"};
    }
    return Unlocked{user->name, user->role, std::move(*data_key)};
}

Status KeyFile::addUser(const Unlocked& by, const std::string& name, Role role,
                        std::string_view passphrase) {
    if (find(name) != nullptr)
        return Error{"there is a user " + quotedPrintable(name) + " already"};
    auto user = wrapFor(name, role, passphrase, by.data_key);
    if (!user) return user.error();
    users_.push_back(std::move(*user));
    return save(by.data_key);
}

Status KeyFile::changePassphrase(const Unlocked& by, const std::string& name,
                                 std::string_view passphrase) {
    const auto it =
        std::find_if(users_.begin(), users_.end(), [&](const User& u) { return u.name == name; });
    if (it == users_.end())
        return Error{"no user " + quotedPrintable(name) + " in this data folder"};
    auto user = wrapFor(name, it->role, passphrase, by.data_key);
    if (!user) return user.error();
    *it = std::move(*user);
    return save(by.data_key);
}

Status KeyFile::removeUser(const Unlocked& by, const std::string& name) {
    const auto it =
        std::find_if(users_.begin(), users_.end(), [&](const User& u) { return u.name == name; });
    if (it == users_.end())
        return Error{"no user " + quotedPrintable(name) + " in this data folder"};
    const auto admins = std::count_if(users_.begin(), users_.end(),
                                      [](const User& u) { return u.role == Role::kAdmin; });
    if (it->role == Role::kAdmin && admins == 1) {
        return Error{"cannot remove " + quotedPrintable(name) +
                     ": the data folder needs at least one admin"};
    }
    users_.erase(it);
    return save(by.data_key);
}

Status KeyFile::save(const SecretKey& data_key) {
    mac_ = macOf(users_, data_key);
    nlohmann::json json;
    json["format"] = kFormat;
    json["users"] = nlohmann::json::array();
    for (const User& u : users_) {
        json["users"].push_back({{"name", u.name},
                                 {"role", std::string(roleName(u.role))},
                                 {"salt", hex(u.salt)},
                                 {"opslimit", u.opslimit},
                                 {"memlimit", u.memlimit},
                                 {"wrapped", hex(u.wrapped)}});
    }
    json["mac"] = hex(mac_);
    if (Status s = writeFileAtomically(path_, json.dump(2) + "\n"); !s) return s;
    return makePrivate(path_);
}

}  // namespace mimic::crypto
