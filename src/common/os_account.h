// Who is running mimic: as the operating system knows it, and as the audit log names it (the
// signed-in user of an encrypted data folder, else the operating-system account;
// docs/clinical.md, "Audit").
//
// Threads: any.
#pragma once

#include <string>

namespace mimic {

// The name of the account of the process's real user id (getpwuid(getuid())), or "uid N"
// when the system has no name for it. Never read from an environment variable: USER and
// LOGNAME are whatever the caller set them to.
std::string operatingSystemAccount();

// Who the audit log names: the user signed in to an encrypted data folder (set with
// setSignedInActor), else operatingSystemAccount().
std::string auditActorName();
void setSignedInActor(std::string name);

}  // namespace mimic
