// The one lock over this process's therapist windows (ui/screen_lock.h; docs/privacy.md,
// "Signing in and the lock"): the library and review windows and a session's console share it,
// so a session started from the window keeps the idle time and the lock it had. Only a signed-in
// user has one (a plain data folder has nobody to unlock it). Its entries go to the audit log
// of the connection a window or session has open.
//
// Threads: the main (UI) thread.
#pragma once

#include <chrono>

#include "store/database.h"
#include "ui/screen_lock.h"

namespace mimic::app {

// The idle time of the lock made next (`mimic --lock-after`); the default is 10 minutes.
void setLockIdle(std::chrono::milliseconds idle);
// The lock of the signed-in user, made on first use; nullptr when nobody signed in.
ui::ScreenLock* windowLock();

// While it lives, the lock's audit entries go to `db` (then back to where they went before).
class LockAuditTo {
  public:
    explicit LockAuditTo(store::Database& db);
    ~LockAuditTo();
    LockAuditTo(const LockAuditTo&) = delete;
    LockAuditTo& operator=(const LockAuditTo&) = delete;

  private:
    store::Database* previous_;
};

}  // namespace mimic::app
