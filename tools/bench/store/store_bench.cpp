// Scale benchmark of the store: fills a database with 100,000 clips, 300,000 tags, 1,000
// children and 1,000,000 trials, then times what the UI and reports do, p50/p99 of each.
// Targets (issue 6): library queries p99 <= 5 ms, a child's history p99 <= 20 ms, open
// <= 100 ms. The reference is a one-row query on the same connection in the same run, so the
// figures can be read against this machine's speed at the moment.
//
// Usage: mimic-store-bench [DIR]   (default: a temp dir, removed afterwards)
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <random>
#include <vector>

#include "store/clinical_repository.h"
#include "store/database.h"
#include "store/library_repository.h"
#include "store/synthetic_fill.h"

namespace fs = std::filesystem;
using namespace mimic;
using Clock = std::chrono::steady_clock;

namespace {

struct Figures {
    double p50_ms = 0;
    double p99_ms = 0;
};

// Runs `once` `runs` times (each run given its index) and returns the percentiles.
Figures measure(int runs, const std::function<void(int)>& once) {
    std::vector<double> ms;
    ms.reserve(static_cast<std::size_t>(runs));
    for (int i = 0; i < runs; ++i) {
        const auto start = Clock::now();
        once(i);
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    }
    std::sort(ms.begin(), ms.end());
    const auto at = [&](double q) {
        return ms[std::min(ms.size() - 1,
                           static_cast<std::size_t>(q * static_cast<double>(ms.size())))];
    };
    return {at(0.50), at(0.99)};
}

void report(const char* what, const Figures& f, double target_ms, double reference_ms) {
    std::printf(
        "%-34s p50 %8.3f ms  p99 %8.3f ms  (target p99 <= %5.1f ms: %s; p99 = %.0fx "
        "reference)\n",
        what, f.p50_ms, f.p99_ms, target_ms, f.p99_ms <= target_ms ? "met" : "MISSED",
        f.p99_ms / reference_ms);
}

template <typename T>
T must(Result<T> result) {
    if (!result) {
        std::fprintf(stderr, "mimic-store-bench: %s\n", result.error().message.c_str());
        std::exit(1);
    }
    return std::move(result).value();
}

}  // namespace

int main(int argc, char** argv) {
    const bool own_dir = argc < 2;
    const fs::path dir =
        own_dir ? fs::temp_directory_path() / ("mimic-store-bench-" + std::to_string(::getpid()))
                : fs::path(argv[1]);
    fs::create_directories(dir);
    const fs::path file = dir / "mimic.db";
    fs::remove(file);
    store::SyntheticScale scale;
    scale.behaviours = 500;
    {
        auto db = must(store::Database::open(file));
        const auto start = Clock::now();
        if (Status s = store::fillSynthetic(db, scale); !s) {
            std::fprintf(stderr, "mimic-store-bench: %s\n", s.error().message.c_str());
            return 1;
        }
        std::printf(
            "filled %lld behaviours, %lld clips, %lld tags, %lld children, %lld trials "
            "in %.1f s\n",
            static_cast<long long>(scale.behaviours), static_cast<long long>(scale.clips),
            static_cast<long long>(scale.tags), static_cast<long long>(scale.children),
            static_cast<long long>(scale.trials),
            std::chrono::duration<double>(Clock::now() - start).count());
        (void)db.connection().exec("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE");
    }
    std::printf("file size: %.1f MB\n", static_cast<double>(fs::file_size(file)) / 1e6);

    const Figures open = measure(50, [&](int) { must(store::Database::open(file)); });
    auto db = must(store::Database::open(file));
    store::LibraryRepository library(db);
    store::ClinicalRepository clinical(db);
    std::mt19937 random(6);
    const auto pick = [&](std::int64_t n) {
        return std::uniform_int_distribution<std::int64_t>(1, n)(random);
    };
    auto ref_statement = must(db.connection().prepare("SELECT 1"));
    const Figures reference = measure(1000, [&](int) {
        must(ref_statement.step());
        ref_statement.reset();
    });
    std::size_t rows = 0;
    const Figures by_behaviour = measure(
        500, [&](int) { rows += must(library.clipsForBehaviour(pick(scale.behaviours))).size(); });
    const std::size_t clips_per_behaviour = rows / 500;
    const Figures listing =
        measure(200, [&](int) { must(library.listLibrary(pick(scale.behaviours))); });
    const char* queries[] = {"wave",      "queue clip",    "smile 4", "filmed help",
                             "greet 123", "request point", "IMG_77",  "turn"};
    const Figures search = measure(400, [&](int i) {
        must(library.searchClips(queries[static_cast<std::size_t>(i) % std::size(queries)], 50));
    });
    rows = 0;
    const Figures history = measure(
        200, [&](int) { rows += must(clinical.trialHistory(pick(scale.children))).size(); });
    const std::size_t trials_per_child = rows / 200;

    std::printf("reference (SELECT 1):               p50 %8.3f ms  p99 %8.3f ms\n",
                reference.p50_ms, reference.p99_ms);
    report("open (migrated, WAL)", open, 100.0, reference.p99_ms);
    std::printf("clips for one behaviour: %zu rows each\n", clips_per_behaviour);
    report("clips for one behaviour", by_behaviour, 5.0, reference.p99_ms);
    report("library list --behaviour (tags)", listing, 5.0, reference.p99_ms);
    report("full-text search (50 best)", search, 5.0, reference.p99_ms);
    std::printf("child's history: %zu trials each\n", trials_per_child);
    report("one child's whole trial history", history, 20.0, reference.p99_ms);
    if (own_dir) fs::remove_all(dir);
    return 0;
}
