// Test helpers for the mimic binary's suites: the suite-wide ones (tests/support: commands,
// scratch directories, test clips) and a scratch directory per test.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "run_command.h"
#include "shell_quote.h"
#include "temp_dir.h"
#include "test_clips.h"

namespace mimic::testing {

// A fresh, empty directory for the running test (named by `prefix`, the process and the test),
// the fixture removes it in TearDown.
inline std::filesystem::path makeScratch(const std::string& prefix, const std::string& test_name) {
    return freshDir(prefix + "-" + test_name);
}

}  // namespace mimic::testing
