#!/bin/sh
# Issue 6, acceptance 2 at full size: kill -9 at random moments (10 times) during a 500-file
# import, then PRAGMA integrity_check / foreign_key_check, `library check` (every row has its
# file), `library check --repair` (orphans removed) and a final complete import.
# Usage: tools/bench/store/kill_import.sh [BUILD_DIR]   (default build/dev)
set -eu
build=${1:-build/dev}
MIMIC_KILL_TEST_FILES=${MIMIC_KILL_TEST_FILES:-500} exec "$build/tests/app/app_tests" \
  --gtest_filter='LibraryCommandTest.KillNineDuringImport*'
