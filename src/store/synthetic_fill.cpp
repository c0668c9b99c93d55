#include "store/synthetic_fill.h"

#include <array>
#include <string>

namespace mimic::store {

namespace {

constexpr std::array<std::string_view, 8> kWords{"wave",  "queue", "share", "greet",
                                                 "point", "turn",  "smile", "help"};

std::string word(std::int64_t n) {
    return std::string(kWords[static_cast<std::size_t>(n) % kWords.size()]);
}

}  // namespace

std::span<const std::string_view> syntheticWords() {
    return kWords;
}

Status fillSynthetic(Database& db, const SyntheticScale& scale) {
    Connection& conn = db.connection();
    auto tx = Transaction::begin(conn);
    if (!tx) return tx.error();
    auto behaviour = conn.prepare(
        "INSERT INTO behaviours (id, name, domain, definition) VALUES (?1, ?2, ?3, ?4)");
    auto clip = conn.prepare(
        "INSERT INTO clips (id, path, title, sha256, source_sha256, duration_ms, width, height, "
        "model_kind, added_at, original_name, video_codec, audio_codec, notes) VALUES "
        "(?1, ?2, ?3, ?4, ?4, 30000, 1280, 720, 'peer', '2026-01-01T00:00:00Z', ?5, 'h264', "
        "'aac', ?6)");
    auto tag = conn.prepare("INSERT INTO clip_behaviours (clip_id, behaviour_id) VALUES (?1, ?2)");
    auto child = conn.prepare(
        "INSERT INTO children (id, code, created_at) VALUES (?1, ?2, '2026-01-01T00:00:00Z')");
    auto session = conn.prepare(
        "INSERT INTO sessions (id, child_id, started_at, setting) VALUES (?1, ?2, ?3, 'clinic')");
    auto trial = conn.prepare(
        "INSERT INTO trials (session_id, behaviour_id, clip_id, clip_views, created_at, outcome, "
        "latency_ms, reinforced, notes) VALUES (?1, ?2, ?3, 1, ?4, 'independent', 900, 1, ?5)");
    for (auto* s : {&behaviour, &clip, &tag, &child, &session, &trial}) {
        if (!*s) return s->error();
    }
    for (std::int64_t b = 1; b <= scale.behaviours; ++b) {
        behaviour->bind(1, b)
            .bind(2, "behaviour-" + std::to_string(b))
            .bind(3, "domain-" + std::to_string(b % 5))
            .bind(4, "Child can " + word(b) + " on request");
        if (Status s = behaviour->run(); !s) return s;
    }
    for (std::int64_t c = 1; c <= scale.clips; ++c) {
        const std::string sha = std::to_string(1'000'000'000 + c);
        clip->bind(1, c)
            .bind(2, "library/" + sha + ".mp4")
            .bind(3, word(c) + " " + word(c / 8) + " clip " + std::to_string(c))
            .bind(4, sha)
            .bind(5, "IMG_" + std::to_string(c) + ".mov")
            .bind(6, c % 10 == 0 ? "filmed at " + word(c / 3) + " time" : std::string());
        if (Status s = clip->run(); !s) return s;
    }
    // Tags: pair k goes to clip (k % clips) and a behaviour chosen so that pairs never repeat.
    const std::int64_t per_clip = (scale.tags + scale.clips - 1) / scale.clips;
    for (std::int64_t k = 0; k < scale.tags; ++k) {
        const std::int64_t c = k % scale.clips + 1;
        const std::int64_t round = k / scale.clips;
        const std::int64_t b =
            (c * 7 + round * (scale.behaviours / per_clip)) % scale.behaviours + 1;
        tag->bind(1, c).bind(2, b);
        if (Status s = tag->run(); !s) return s;
    }
    for (std::int64_t ch = 1; ch <= scale.children; ++ch) {
        child->bind(1, ch).bind(2, "C-" + std::to_string(ch));
        if (Status s = child->run(); !s) return s;
    }
    const std::int64_t sessions = scale.trials / scale.trials_per_session;
    for (std::int64_t se = 1; se <= sessions; ++se) {
        const std::int64_t ch = se % scale.children + 1;
        // Days after 2020-01-01, as text that sorts like the dates it stands for.
        const std::int64_t day = se / scale.children;
        char started[32];
        std::snprintf(started, sizeof started, "2020-%02lld-%02lldT10:00:00Z",
                      static_cast<long long>(day / 28 % 12 + 1),
                      static_cast<long long>(day % 28 + 1));
        session->bind(1, se).bind(2, ch).bind(3, std::string(started));
        if (Status s = session->run(); !s) return s;
        for (std::int64_t t = 0; t < scale.trials_per_session; ++t) {
            const std::int64_t n = se * scale.trials_per_session + t;
            trial->bind(1, se)
                .bind(2, n % scale.behaviours + 1)
                .bind(3, n % scale.clips + 1)
                .bind(4, std::string(started))
                .bind(5, n % 20 == 0 ? "looked at the " + word(n) + " first" : std::string());
            if (Status s = trial->run(); !s) return s;
        }
    }
    if (Status s = tx->commit(); !s) return s;
    // Statistics for the planner, as a library that has been in use for a while has them, and
    // the rows moved from the WAL into the file so the benchmark reads the file alone.
    return conn.exec("ANALYZE; PRAGMA wal_checkpoint(TRUNCATE)");
}

}  // namespace mimic::store
