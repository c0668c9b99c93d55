#include "app/window_lock.h"

#include <memory>
#include <string>

#include "app/record_lookup.h"
#include "app/sign_in.h"
#include "common/log.h"
#include "store/audit_log.h"

namespace mimic::app {
namespace {

struct LockState {
    std::chrono::milliseconds idle = IdleLock::kDefaultIdle;
    std::unique_ptr<ui::ScreenLock> lock;
    store::Database* audit_db = nullptr;
};

LockState& state() {
    static LockState s;
    return s;
}

}  // namespace

void setLockIdle(std::chrono::milliseconds idle) {
    state().idle = idle;
}

ui::ScreenLock* windowLock() {
    LockState& s = state();
    if (s.lock) return s.lock.get();
    const crypto::Unlocked* user = signedIn();
    if (user == nullptr) return nullptr;
    ui::ScreenLockCallbacks callbacks;
    callbacks.user = user->user;
    callbacks.role = std::string(crypto::roleName(user->role));
    callbacks.check = [](const std::string& passphrase) {
        return passphraseOfSignedIn(passphrase);
    };
    callbacks.record = [](std::string_view what) {
        store::Database* db = state().audit_db;
        if (db == nullptr) return;
        const Status written = store::AuditLog(*db).record(
            auditActor(), "window " + std::string(what), "user", std::nullopt, "");
        if (!written) {
            log::warning("the audit log did not take the lock: " + written.error().message);
        }
    };
    s.lock = std::make_unique<ui::ScreenLock>(s.idle, std::move(callbacks));
    return s.lock.get();
}

LockAuditTo::LockAuditTo(store::Database& db) : previous_(state().audit_db) {
    state().audit_db = &db;
}

LockAuditTo::~LockAuditTo() {
    state().audit_db = previous_;
}

}  // namespace mimic::app
