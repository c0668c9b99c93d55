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
// Usage: mimic-store-bench [DIR]   (default: a temp dir, removed afterwards; with DIR the
// database DIR/mimic.db is kept)
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
    }
    std::printf("file size: %.1f MB\n", static_cast<double>(fs::file_size(file)) / 1e6);

    const std::string load_before = loadAverage();
    const Figures open = measure(50, [&](int) { must(store::Database::open(file)); });
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

    const Figures reference =
        measure(2000, [&](int) { must(library.findClip(pick(scale.clips))); });
    std::size_t rows = 0;
    const Figures by_behaviour = measure(
        500, [&](int) { rows += must(library.clipsForBehaviour(pick(scale.behaviours))).size(); });
    const std::size_t clips_per_behaviour = rows / 500;
    const Figures listing =
        measure(500, [&](int) { must(library.listLibrary(pick(scale.behaviours))); });
    const auto search = [&](const std::vector<MakeText>& texts, std::size_t& found) {
        return measure(600, [&](int i) {
            const std::string text = texts[static_cast<std::size_t>(i) % texts.size()]();
            found += must(library.searchClips(text, 50)).size();
        });
    };
    std::size_t common_found = 0;
    std::size_t rare_found = 0;
    const Figures search_common = search(common_texts, common_found);
    const Figures search_rare = search(rare_texts, rare_found);
    rows = 0;
    const Figures history = measure(
        500, [&](int) { rows += must(clinical.trialHistory(pick(scale.children))).size(); });
    const std::size_t trials_per_child = rows / 500;

    std::printf("load average (1 min) on %u cores: %s before, %s after measuring\n",
                std::thread::hardware_concurrency(), load_before.c_str(), loadAverage().c_str());
    std::printf("reference: one clip by primary key   p50 %7.3f ms  p99 %7.3f ms\n",
                reference.p50_ms, reference.p99_ms);
    report("open (migrated, WAL)", open, 100.0, reference);
    std::printf("clips for one behaviour: %zu rows each\n", clips_per_behaviour);
    report("clips for one behaviour", by_behaviour, 5.0, reference);
    report("library list --behaviour (tags)", listing, 5.0, reference);
    std::printf("full-text search, 50 best: common words %.1f, rare %.1f results each\n",
                static_cast<double>(common_found) / 600.0, static_cast<double>(rare_found) / 600.0);
    report("full-text search (common words)", search_common, 5.0, reference);
    report("full-text search (rare words)", search_rare, 5.0, reference);
    std::printf("child's history: %zu trials each\n", trials_per_child);
    report("one child's whole trial history", history, 20.0, reference);
    if (own_dir) fs::remove_all(dir);
    return 0;
}
