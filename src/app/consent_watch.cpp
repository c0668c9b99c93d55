#include "app/consent_watch.h"

#include <condition_variable>
#include <mutex>

#include "common/log.h"

namespace mimic::app {

Result<std::unique_ptr<ConsentWatch>> ConsentWatch::start(const std::filesystem::path& database,
                                                          std::int64_t child_id, NowFn now,
                                                          std::chrono::milliseconds interval) {
    auto db = store::Database::openReadOnly(database);
    if (!db) return Error{"cannot watch the consent to be recorded: " + db.error().message};
    auto watch =
        std::make_unique<ConsentWatch>(Key{}, std::move(db).value(), child_id, std::move(now));
    watch->check();
    if (watch->state() == store::ConsentState::kNone) {
        return Error{"cannot check the consent to be recorded in " + database.string()};
    }
    if (watch->state() == store::ConsentState::kCurrent) {
        watch->thread_ = std::jthread([w = watch.get(), interval](std::stop_token stop) {
            w->run(std::move(stop), interval);
        });
    }
    return watch;
}

ConsentWatch::ConsentWatch(Key, store::Database db, std::int64_t child_id, NowFn now)
    : db_(std::move(db)), child_id_(child_id), now_(std::move(now)) {}

ConsentWatch::~ConsentWatch() = default;

store::ConsentState ConsentWatch::finish() {
    thread_ = std::jthread();  // requests stop and joins
    if (state() == store::ConsentState::kCurrent) check();
    return state();
}

void ConsentWatch::check() {
    auto state = store::ClinicalRepository(db_).consentState(child_id_,
                                                             store::ConsentScope::kRecord, now_());
    if (!state) {
        if (!warned_) log::warning(state.error().message + " (checking again)");
        warned_ = true;
        return;
    }
    state_ = *state;
    if (*state != store::ConsentState::kCurrent) ended_.request_stop();
}

void ConsentWatch::run(std::stop_token stop, std::chrono::milliseconds interval) {
    std::mutex mutex;
    std::condition_variable_any wake;
    std::unique_lock lock(mutex);
    // Waits `interval`, or less when the owner stops the watch (then the wait returns true).
    while (!wake.wait_for(lock, stop, interval, [&stop] { return stop.stop_requested(); })) {
        check();
        if (state() != store::ConsentState::kCurrent) return;
    }
}

}  // namespace mimic::app
