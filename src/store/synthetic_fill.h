// Fills a database with synthetic rows at clinic scale, for benchmarks (tools/bench/store).
// Not for real data: the rows are made up and no files exist for them.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "common/result.h"
#include "store/database.h"

namespace mimic::store {

struct SyntheticScale {
    std::int64_t behaviours = 200;
    std::int64_t clips = 100'000;
    std::int64_t tags = 300'000;  // clip-behaviour pairs, spread evenly
    std::int64_t children = 1'000;
    std::int64_t trials = 1'000'000;  // spread evenly over children and their sessions
    std::int64_t trials_per_session = 10;
};

// The words fillSynthetic writes into clip titles, clip notes, behaviour definitions and trial
// notes (each in about 1 of 8 clip titles). Titles are "<word> <word> clip <id>", original
// names "IMG_<id>.mov", behaviour names "behaviour-<id>", definitions "Child can <word> on
// request"; every 10th clip's notes are "filmed at <word> time".
std::span<const std::string_view> syntheticWords();

// Adds the rows in one transaction with reused prepared statements. Clip titles and notes
// carry words ("wave", "queue", ...) so full-text search has something to find; every 20th
// trial has notes. Deterministic: the same scale gives the same rows. Runs ANALYZE and
// checkpoints the WAL afterwards.
Status fillSynthetic(Database& db, const SyntheticScale& scale);

}  // namespace mimic::store
