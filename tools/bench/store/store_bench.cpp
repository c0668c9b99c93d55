// Scale benchmark of the store: fills a database with 100,000 clips, 300,000 tags, 1,000
// children and 1,000,000 trials, then times what the UI and reports do, p50/p99 of each.
// Targets (issue 6): library queries p99 <= 5 ms, a child's history p99 <= 20 ms, open
// <= 100 ms.
//
// Every figure is also given as a ratio to a reference measured in the same run on the same
// connection: fetching one clip by primary key (LibraryRepository::findClip, a random id each
// time) -- the cheapest real call, so "p99 = 12x reference" reads the same on a fast or a
// busy machine. Each call asks something different (a random behaviour, child or clip id, and
// search text drawn from the generated vocabulary, common and rare words alike), so no answer
// is cached from one call to the next.
//
// Then the same calls, in the same order with the same random choices, on a plain and a sealed
// copy of the database made alike (issue 14: every page encrypted at rest, store/sealed_vfs.h), and
// each figure of the sealed database as a ratio to the plain one's. Target: within 1.2x.
//
// Usage: mimic-store-bench [DIR]   (default: a temp dir, removed afterwards; with DIR the
// databases DIR/mimic.db, DIR/compact.db and DIR/sealed.db are kept)
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "crypto/secret_key.h"
#include "store/clinical_repository.h"
#include "store/database.h"
#include "store/library_repository.h"
#include "store/sealed_vfs.h"
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

void report(const char* what, const Figures& f, double target_ms, const Figures& reference) {
    std::printf(
        "%-36s p50 %7.3f ms  p99 %7.3f ms  (%5.0fx / %5.0fx reference)  target p99 <= "
        "%5.1f ms: %s\n",
        what, f.p50_ms, f.p99_ms, f.p50_ms / reference.p50_ms, f.p99_ms / reference.p99_ms,
        target_ms, f.p99_ms <= target_ms ? "met" : "MISSED");
}

// The 1-minute load average (Linux), so a noisy p99 can be read against what else ran.
std::string loadAverage() {
    std::ifstream in("/proc/loadavg");
    std::string one_minute;
    in >> one_minute;
    return one_minute.empty() ? "unknown" : one_minute;
}

template <typename T>
T must(Result<T> result) {
    if (!result) {
        std::fprintf(stderr, "mimic-store-bench: %s\n", result.error().message.c_str());
        std::exit(1);
    }
    return std::move(result).value();
}

struct Run {
    Figures open, reference, by_behaviour, listing, search_common, search_rare, history;
    std::size_t clips_per_behaviour = 0, trials_per_child = 0;
    std::size_t common_found = 0, rare_found = 0;
};

// Every call of the benchmark on the database `file`, with the random choices of seed 6.
Run measureAll(const fs::path& file, const store::SyntheticScale& scale) {
    Run run;
    run.open = measure(50, [&](int) { must(store::Database::open(file)); });
    auto db = must(store::Database::open(file));
    store::LibraryRepository library(db);
    store::ClinicalRepository clinical(db);
    std::mt19937 random(6);
    const auto pick = [&](std::int64_t n) {
        return std::uniform_int_distribution<std::int64_t>(1, n)(random);
    };
    const auto words = store::syntheticWords();
    const auto word = [&] { return std::string(words[static_cast<std::size_t>(pick(8)) - 1]); };
    const auto number = [&](std::int64_t n) { return std::to_string(pick(n)); };
    // Search text as a therapist types it: common words (each in ~25,000 clips or every
    // behaviour's definition), prefixes of them, and rare ones (one clip, one behaviour).
    using MakeText = std::function<std::string()>;
    const std::vector<MakeText> common_texts{
        [&] { return word(); },                 // "wave"
        [&] { return word().substr(0, 2); },    // "wa"
        [&] { return word() + " " + word(); },  // "queue smile"
        [&] { return word() + " clip"; },       // "clip": every title
        [&] { return "request"; },              // every definition
        [&] { return "filmed " + word(); },     // 1 in 10 clips' notes
    };
    const std::vector<MakeText> rare_texts{
        [&] { return word() + " clip " + number(scale.clips); },  // one clip's title
        [&] { return "IMG_" + number(scale.clips); },             // one file name
        [&] { return "behaviour-" + number(scale.behaviours); },  // exactly one behaviour
        [&] { return number(scale.clips) + " " + word(); },       // a number and a word
    };

    run.reference = measure(2000, [&](int) { must(library.findClip(pick(scale.clips))); });
    std::size_t rows = 0;
    run.by_behaviour = measure(
        500, [&](int) { rows += must(library.clipsForBehaviour(pick(scale.behaviours))).size(); });
    run.clips_per_behaviour = rows / 500;
    run.listing = measure(500, [&](int) { must(library.listLibrary(pick(scale.behaviours))); });
    const auto search = [&](const std::vector<MakeText>& texts, std::size_t& found) {
        return measure(600, [&](int i) {
            const std::string text = texts[static_cast<std::size_t>(i) % texts.size()]();
            found += must(library.searchClips(text, 50)).size();
        });
    };
    run.search_common = search(common_texts, run.common_found);
    run.search_rare = search(rare_texts, run.rare_found);
    rows = 0;
    run.history = measure(
        500, [&](int) { rows += must(clinical.trialHistory(pick(scale.children))).size(); });
    run.trials_per_child = rows / 500;
    return run;
}

// Each figure the better of the two runs'.
Run bestOf(const Run& a, const Run& b) {
    const auto best = [](const Figures& x, const Figures& y) {
        return Figures{std::min(x.p50_ms, y.p50_ms), std::min(x.p99_ms, y.p99_ms)};
    };
    Run run = a;
    run.open = best(a.open, b.open);
    run.reference = best(a.reference, b.reference);
    run.by_behaviour = best(a.by_behaviour, b.by_behaviour);
    run.listing = best(a.listing, b.listing);
    run.search_common = best(a.search_common, b.search_common);
    run.search_rare = best(a.search_rare, b.search_rare);
    run.history = best(a.history, b.history);
    return run;
}

void printRun(const Run& run) {
    std::printf("reference: one clip by primary key   p50 %7.3f ms  p99 %7.3f ms\n",
                run.reference.p50_ms, run.reference.p99_ms);
    report("open (migrated, WAL)", run.open, 100.0, run.reference);
    std::printf("clips for one behaviour: %zu rows each\n", run.clips_per_behaviour);
    report("clips for one behaviour", run.by_behaviour, 5.0, run.reference);
    report("library list --behaviour (tags)", run.listing, 5.0, run.reference);
    std::printf("full-text search, 50 best: common words %.1f, rare %.1f results each\n",
                static_cast<double>(run.common_found) / 600.0,
                static_cast<double>(run.rare_found) / 600.0);
    report("full-text search (common words)", run.search_common, 5.0, run.reference);
    report("full-text search (rare words)", run.search_rare, 5.0, run.reference);
    std::printf("child's history: %zu trials each\n", run.trials_per_child);
    report("one child's whole trial history", run.history, 20.0, run.reference);
}

// Sealed against plain, call by call; true when every p50 is within `limit`. (The p99 of a
// few hundred calls is one slow call: printed, not judged.)
bool compare(const Run& plain, const Run& sealed, double limit) {
    struct Row {
        const char* what;
        const Figures& plain;
        const Figures& sealed;
        bool library;  // a library query: judged against the limit
    };
    const Row rows[] = {
        {"open (migrated, WAL)", plain.open, sealed.open, false},
        {"one clip by primary key", plain.reference, sealed.reference, true},
        {"clips for one behaviour", plain.by_behaviour, sealed.by_behaviour, true},
        {"library list --behaviour (tags)", plain.listing, sealed.listing, true},
        {"full-text search (common words)", plain.search_common, sealed.search_common, true},
        {"full-text search (rare words)", plain.search_rare, sealed.search_rare, true},
        {"one child's whole trial history", plain.history, sealed.history, false},
    };
    bool within = true;
    for (const Row& row : rows) {
        const double p50 = row.sealed.p50_ms / row.plain.p50_ms;
        const double p99 = row.sealed.p99_ms / row.plain.p99_ms;
        std::printf("sealed/plain %-36s p50 %5.2fx  p99 %5.2fx%s\n", row.what, p50, p99,
                    !row.library   ? "  (not a library query)"
                    : p50 <= limit ? ""
                                   : "  OVER");
        if (row.library && p50 > limit) within = false;
    }
    return within;
}

}  // namespace

int main(int argc, char** argv) {
    const bool own_dir = argc < 2;
    const fs::path dir =
        own_dir ? fs::temp_directory_path() / ("mimic-store-bench-" + std::to_string(::getpid()))
                : fs::path(argv[1]);
    fs::create_directories(dir);
    const fs::path file = dir / "mimic.db";
    const fs::path sealed_file = dir / "sealed.db";
    fs::remove(file);
    fs::remove(sealed_file);
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
    }
    std::printf("file size: %.1f MB\n", static_cast<double>(fs::file_size(file)) / 1e6);

    const std::string load_before = loadAverage();
    std::printf("\nplain database, as filled\n");
    printRun(measureAll(file, scale));

    // Sealed against plain: two copies of the filled database made alike (VACUUM INTO, so
    // both are compact and in the same page order), one plain and one sealed, measured in
    // turn three times; the best figure of each side counts.
    const fs::path compact_file = dir / "compact.db";
    fs::remove(compact_file);
    {
        auto db = must(store::Database::open(file));
        if (Status s = db.connection().exec("VACUUM INTO '" + compact_file.string() + "'"); !s) {
            std::fprintf(stderr, "mimic-store-bench: %s\n", s.error().message.c_str());
            return 1;
        }
    }
    const auto key = std::make_shared<const crypto::SecretKey>(must(crypto::SecretKey::random()));
    store::setDatabaseKey(key);
    if (Status s = store::sealDatabaseCopy(file, sealed_file); !s) {
        std::fprintf(stderr, "mimic-store-bench: %s\n", s.error().message.c_str());
        return 1;
    }
    Run plain;
    Run sealed;
    for (int round = 0; round < 3; ++round) {
        store::setDatabaseKey(nullptr);
        const Run plain_now = measureAll(compact_file, scale);
        store::setDatabaseKey(key);
        const Run sealed_now = measureAll(sealed_file, scale);
        plain = round == 0 ? plain_now : bestOf(plain, plain_now);
        sealed = round == 0 ? sealed_now : bestOf(sealed, sealed_now);
    }
    store::setDatabaseKey(nullptr);
    std::printf("\nplain copy (compacted), %.1f MB, best of 3\n",
                static_cast<double>(fs::file_size(compact_file)) / 1e6);
    printRun(plain);
    std::printf("\nsealed copy (encrypted at rest), %.1f MB, best of 3\n",
                static_cast<double>(fs::file_size(sealed_file)) / 1e6);
    printRun(sealed);

    std::printf("\nload average (1 min) on %u cores: %s before, %s after measuring\n",
                std::thread::hardware_concurrency(), load_before.c_str(), loadAverage().c_str());
    const double limit = 1.2;
    const bool within = compare(plain, sealed, limit);
    std::printf("library queries on the sealed database, p50 within %.1fx of the plain: %s\n",
                limit, within ? "PASS" : "FAIL");
    if (own_dir) fs::remove_all(dir);
    return within ? 0 : 1;
}
