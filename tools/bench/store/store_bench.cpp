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
// Then the same calls with the same random choices on a plain and a sealed copy of the
// database made alike, open side by side, each call on both in turn (issue 14: every page encrypted
// at rest, store/sealed_vfs.h), and each figure of the sealed database as a ratio to the plain
// one's. Target: within 1.2x.
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
#include <memory>
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

// The median and 99th percentile of `ms`.
Figures percentiles(std::vector<double> ms) {
    std::sort(ms.begin(), ms.end());
    const auto at = [&](double q) {
        return ms[std::min(ms.size() - 1,
                           static_cast<std::size_t>(q * static_cast<double>(ms.size())))];
    };
    return {at(0.50), at(0.99)};
}

// Runs `once` `runs` times (each run given its index) and returns the percentiles.
Figures measure(int runs, const std::function<void(int)>& once) {
    std::vector<double> ms;
    ms.reserve(static_cast<std::size_t>(runs));
    for (int i = 0; i < runs; ++i) {
        const auto start = Clock::now();
        once(i);
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    }
    return percentiles(std::move(ms));
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

// One open database and the repositories over it.
struct Side {
    explicit Side(store::Database opened) : db(std::move(opened)), library(db), clinical(db) {}
    store::Database db;
    store::LibraryRepository library;
    store::ClinicalRepository clinical;
};

// Times `call(i, side)` for i in [0, runs) on every side: each i on all sides in turn (which
// goes first alternates), so load that comes and goes falls on every side alike.
std::vector<Figures> measureSides(int runs, std::size_t sides,
                                  const std::function<void(int, std::size_t)>& call) {
    std::vector<std::vector<double>> ms(sides);
    for (int i = 0; i < runs; ++i) {
        for (std::size_t k = 0; k < sides; ++k) {
            const std::size_t side = (k + static_cast<std::size_t>(i)) % sides;
            const auto start = Clock::now();
            call(i, side);
            ms[side].push_back(
                std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        }
    }
    std::vector<Figures> figures;
    for (auto& times : ms)
        figures.push_back(percentiles(std::move(times)));
    return figures;
}

// Every call of the benchmark, the same calls with the same random choices (seed 6) on each
// of `sides`; each Run's `open` is left for the caller.
std::vector<Run> measureAll(std::vector<std::unique_ptr<Side>>& sides,
                            const store::SyntheticScale& scale) {
    std::vector<Run> runs(sides.size());
    std::mt19937 random(6);
    const auto pick = [&](std::int64_t n) {
        return std::uniform_int_distribution<std::int64_t>(1, n)(random);
    };
    const auto picks = [&](int n, std::int64_t range) {
        std::vector<std::int64_t> ids(static_cast<std::size_t>(n));
        for (auto& id : ids)
            id = pick(range);
        return ids;
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
    const auto each = [&](Figures Run::*figure, const std::vector<Figures>& measured) {
        for (std::size_t k = 0; k < runs.size(); ++k)
            runs[k].*figure = measured[k];
    };
    const std::size_t n = sides.size();
    const auto clip_ids = picks(2000, scale.clips);
    each(&Run::reference, measureSides(2000, n, [&](int i, std::size_t k) {
        must(sides[k]->library.findClip(clip_ids[static_cast<std::size_t>(i)]));
    }));
    std::vector<std::size_t> rows(n);
    const auto behaviour_ids = picks(500, scale.behaviours);
    each(&Run::by_behaviour, measureSides(500, n, [&](int i, std::size_t k) {
        rows[k] +=
            must(sides[k]->library.clipsForBehaviour(behaviour_ids[static_cast<std::size_t>(i)]))
                .size();
    }));
    for (std::size_t k = 0; k < n; ++k)
        runs[k].clips_per_behaviour = rows[k] / 500;
    each(&Run::listing, measureSides(500, n, [&](int i, std::size_t k) {
        must(sides[k]->library.listLibrary(behaviour_ids[static_cast<std::size_t>(i)]));
    }));
    const auto search = [&](const std::vector<MakeText>& makers, std::size_t Run::*found) {
        std::vector<std::string> texts;
        for (int i = 0; i < 600; ++i)
            texts.push_back(makers[static_cast<std::size_t>(i) % makers.size()]());
        return measureSides(600, n, [&](int i, std::size_t k) {
            runs[k].*found +=
                must(sides[k]->library.searchClips(texts[static_cast<std::size_t>(i)], 50)).size();
        });
    };
    each(&Run::search_common, search(common_texts, &Run::common_found));
    each(&Run::search_rare, search(rare_texts, &Run::rare_found));
    std::fill(rows.begin(), rows.end(), 0);
    const auto child_ids = picks(500, scale.children);
    each(&Run::history, measureSides(500, n, [&](int i, std::size_t k) {
        rows[k] +=
            must(sides[k]->clinical.trialHistory(child_ids[static_cast<std::size_t>(i)])).size();
    }));
    for (std::size_t k = 0; k < n; ++k)
        runs[k].trials_per_child = rows[k] / 500;
    return runs;
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
    {
        std::vector<std::unique_ptr<Side>> sides;
        sides.push_back(std::make_unique<Side>(must(store::Database::open(file))));
        Run run = measureAll(sides, scale)[0];
        run.open = measure(50, [&](int) { must(store::Database::open(file)); });
        printRun(run);
    }

    // Sealed against plain: two copies of the filled database made alike (VACUUM INTO, so
    // both are compact and in the same page order), one plain and one sealed, open side by
    // side; every call runs on both in turn. (A connection keeps the file system it was
    // opened with: the plain one opens before the key is set.)
    const fs::path compact_file = dir / "compact.db";
    fs::remove(compact_file);
    {
        auto db = must(store::Database::open(file));
        if (Status s = db.connection().exec("VACUUM INTO '" + compact_file.string() + "'"); !s) {
            std::fprintf(stderr, "mimic-store-bench: %s\n", s.error().message.c_str());
            return 1;
        }
    }
    const Figures plain_open = measure(50, [&](int) { must(store::Database::open(compact_file)); });
    std::vector<std::unique_ptr<Side>> sides;
    sides.push_back(std::make_unique<Side>(must(store::Database::open(compact_file))));
    store::setDatabaseKey(
        std::make_shared<const crypto::SecretKey>(must(crypto::SecretKey::random())));
    if (Status s = store::sealDatabaseCopy(file, sealed_file); !s) {
        std::fprintf(stderr, "mimic-store-bench: %s\n", s.error().message.c_str());
        return 1;
    }
    const Figures sealed_open = measure(50, [&](int) { must(store::Database::open(sealed_file)); });
    sides.push_back(std::make_unique<Side>(must(store::Database::open(sealed_file))));
    std::vector<Run> both = measureAll(sides, scale);
    sides.clear();
    store::setDatabaseKey(nullptr);
    Run& plain = both[0];
    Run& sealed = both[1];
    plain.open = plain_open;
    sealed.open = sealed_open;
    std::printf("\nplain copy (compacted), %.1f MB\n",
                static_cast<double>(fs::file_size(compact_file)) / 1e6);
    printRun(plain);
    std::printf("\nsealed copy (encrypted at rest), %.1f MB\n",
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
