// Who is running mimic, as the operating system knows it: the name the audit log gives as the
// actor of every entry until mimic has accounts of its own (docs/clinical.md, "Audit").
//
// Threads: any.
#pragma once

#include <string>

namespace mimic {

// The name of the account of the process's real user id (getpwuid(getuid())), or "uid N"
// when the system has no name for it. Never read from an environment variable: USER and
// LOGNAME are whatever the caller set them to.
std::string operatingSystemAccount();

}  // namespace mimic
