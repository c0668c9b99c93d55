// The child's screen choices (schema 8: the reward and the cue's voice): the part of
// ClinicalRepository that stores them.
#include "common/clock.h"
#include "store/clinical_repository.h"
#include "store/query.h"

namespace mimic::store {

namespace {

constexpr EnumNames<RewardKind, 5> kRewardKindNames{{
    {RewardKind::kStars, "stars"},
    {RewardKind::kConfetti, "confetti"},
    {RewardKind::kClip, "clip"},
    {RewardKind::kSound, "sound"},
    {RewardKind::kQuiet, "quiet"},
}};

// The audit entry's words: what the child's screen will do, by the names mimic gave the files.
std::string describe(const ChildScreenPrefs& prefs) {
    std::string detail = "screen: reward " + std::string(rewardKindName(prefs.reward));
    if (prefs.reward_file) detail += " " + *prefs.reward_file;
    detail += prefs.cue_voice ? ", cue voice " + *prefs.cue_voice : ", cue spoken by espeak-ng";
    return detail;
}

}  // namespace

std::string_view rewardKindName(RewardKind kind) {
    return enumName(kRewardKindNames, kind);
}

RewardKind parseRewardKind(std::string_view name) {
    return enumFromName(kRewardKindNames, name);
}

bool rewardHasFile(RewardKind kind) {
    return kind == RewardKind::kClip || kind == RewardKind::kSound;
}

Result<ChildScreenPrefs> ClinicalRepository::screenPrefs(std::int64_t child_id) {
    auto child = findChild(child_id);
    if (!child) return child.error();
    if (!*child) return Error{"no child with id " + std::to_string(child_id)};
    auto statement = db_->connection().prepare(
        "SELECT reward_kind, reward_file, cue_voice FROM child_screen_prefs WHERE child_id = ?1");
    if (!statement) return statement.error();
    statement->bind(1, child_id);
    auto stored = optionalRow(*statement, [](const Statement& row) {
        ChildScreenPrefs prefs;
        prefs.reward = parseRewardKind(row.columnText(0));
        prefs.reward_file = row.columnOptionalText(1);
        prefs.cue_voice = row.columnOptionalText(2);
        return prefs;
    });
    if (!stored) return stored.error();
    return stored->value_or(ChildScreenPrefs{});
}

Status ClinicalRepository::setScreenPrefs(std::int64_t child_id, const ChildScreenPrefs& prefs) {
    const std::string what = "cannot store the screen choices of child " + std::to_string(child_id);
    if (prefs.reward == RewardKind::kNone) return Error{what + ": no reward given"};
    if (rewardHasFile(prefs.reward) != prefs.reward_file.has_value()) {
        return Error{what + ": a favourite clip or sound has a file, and no other reward has one"};
    }
    Connection& conn = db_->connection();
    auto tx = Transaction::begin(conn);
    if (!tx) return Error{what + ": " + tx.error().message};
    auto child = findChild(child_id);
    if (!child) return child.error();
    if (!*child) return Error{what + ": no such child"};
    auto upsert = conn.prepare(
        "INSERT INTO child_screen_prefs (child_id, reward_kind, reward_file, cue_voice, "
        "changed_at) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (child_id) DO UPDATE SET "
        "reward_kind = excluded.reward_kind, reward_file = excluded.reward_file, "
        "cue_voice = excluded.cue_voice, changed_at = excluded.changed_at");
    if (!upsert) return upsert.error();
    upsert->bind(1, child_id)
        .bind(2, rewardKindName(prefs.reward))
        .bind(3, prefs.reward_file)
        .bind(4, prefs.cue_voice)
        .bind(5, utcNowIso8601());
    if (Status s = upsert->run(); !s) return Error{what + ": " + s.error().message};
    if (Status s = audit("change", "child", child_id, child_id, describe(prefs)); !s) return s;
    return tx->commit();
}

Result<std::vector<std::string>> ClinicalRepository::screenPrefsFiles() {
    auto statement = db_->connection().prepare(
        "SELECT reward_file FROM child_screen_prefs WHERE reward_file IS NOT NULL UNION "
        "SELECT cue_voice FROM child_screen_prefs WHERE cue_voice IS NOT NULL ORDER BY 1");
    if (!statement) return statement.error();
    return allRows(*statement, [](const Statement& row) { return row.columnText(0); });
}

}  // namespace mimic::store
