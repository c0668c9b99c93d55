#include "common/os_account.h"

#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace mimic {

namespace {

std::string lookUpAccount() {
    const uid_t uid = ::getuid();
    // getpwuid_r, not getpwuid: its buffer is ours, so any thread may ask.
    long suggested = ::sysconf(_SC_GETPW_R_SIZE_MAX);
    std::vector<char> buffer(suggested > 0 ? static_cast<std::size_t>(suggested) : 4096);
    passwd entry{};
    passwd* found = nullptr;
    for (;;) {
        const int rc = ::getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found);
        if (rc != ERANGE || buffer.size() >= (1u << 20)) break;
        buffer.resize(buffer.size() * 2);
    }
    if (found != nullptr && found->pw_name != nullptr && found->pw_name[0] != '\0') {
        return found->pw_name;
    }
    return "uid " + std::to_string(uid);
}

}  // namespace

namespace {
std::mutex actor_mutex;
std::string signed_in_actor;  // guarded by actor_mutex
}  // namespace

std::string auditActorName() {
    {
        std::lock_guard lock(actor_mutex);
        if (!signed_in_actor.empty()) return signed_in_actor;
    }
    return operatingSystemAccount();
}

void setSignedInActor(std::string name) {
    std::lock_guard lock(actor_mutex);
    signed_in_actor = std::move(name);
}

std::string operatingSystemAccount() {
    // The real user id does not change while mimic runs (it never calls setuid), so the
    // account database is read once.
    static const std::string account = lookUpAccount();
    return account;
}

}  // namespace mimic
