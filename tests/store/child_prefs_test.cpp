// The child's screen choices (schema 8): the defaults, a round trip with the audit entry, the
// rule that a favourite clip or sound has its file and nothing else does (in the repository
// and in the schema itself), and an upgrade from schema 7 that keeps the children.
#include <gtest/gtest.h>

#include <algorithm>

#include "store/audit_log.h"
#include "store/clinical_repository.h"
#include "store/migrations.h"
#include "store_test_util.h"

namespace mimic::store {
namespace {

using testing::textOf;

class ChildPrefsTest : public testing::FreshDatabaseTest {
  protected:
    void SetUp() override {
        FreshDatabaseTest::SetUp();
        auto id = ClinicalRepository(*db_).addChild("c-017");
        ASSERT_TRUE(id.ok()) << id.error().message;
        child_ = *id;
    }
    std::int64_t child_ = 0;
};

TEST(RewardKindNames, EveryKindRoundTripsAndOnlyClipAndSoundHaveFiles) {
    for (RewardKind kind : {RewardKind::kStars, RewardKind::kConfetti, RewardKind::kClip,
                            RewardKind::kSound, RewardKind::kQuiet}) {
        EXPECT_FALSE(rewardKindName(kind).empty());
        EXPECT_EQ(parseRewardKind(rewardKindName(kind)), kind) << rewardKindName(kind);
    }
    EXPECT_EQ(rewardKindName(RewardKind::kClip), "clip");
    EXPECT_EQ(parseRewardKind("Stars"), RewardKind::kNone);
    EXPECT_EQ(parseRewardKind(""), RewardKind::kNone);
    EXPECT_TRUE(rewardHasFile(RewardKind::kClip));
    EXPECT_TRUE(rewardHasFile(RewardKind::kSound));
    EXPECT_FALSE(rewardHasFile(RewardKind::kStars));
    EXPECT_FALSE(rewardHasFile(RewardKind::kQuiet));
}

TEST_F(ChildPrefsTest, AChildWithoutChoicesHasStarsAndTheSpokenCue) {
    auto prefs = ClinicalRepository(*db_).screenPrefs(child_);
    ASSERT_TRUE(prefs.ok()) << prefs.error().message;
    EXPECT_EQ(prefs->reward, RewardKind::kStars);
    EXPECT_FALSE(prefs->reward_file);
    EXPECT_FALSE(prefs->cue_voice);
    EXPECT_EQ(countRows("child_screen_prefs"), 0);

    auto unknown = ClinicalRepository(*db_).screenPrefs(999);
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().message, "no child with id 999");
}

TEST_F(ChildPrefsTest, ChoicesRoundTripReplaceAndAreAudited) {
    ClinicalRepository clinical(*db_);
    ChildScreenPrefs sound;
    sound.reward = RewardKind::kSound;
    sound.reward_file = "child-media/reward-0123456789abcdef.wav";
    sound.cue_voice = "child-media/voice-fedcba9876543210.wav";
    ASSERT_TRUE(clinical.setScreenPrefs(child_, sound).ok());
    auto stored = clinical.screenPrefs(child_);
    ASSERT_TRUE(stored.ok()) << stored.error().message;
    EXPECT_EQ(stored->reward, RewardKind::kSound);
    EXPECT_EQ(stored->reward_file, sound.reward_file);
    EXPECT_EQ(stored->cue_voice, sound.cue_voice);
    auto files = clinical.screenPrefsFiles();
    ASSERT_TRUE(files.ok());
    EXPECT_EQ(*files, (std::vector<std::string>{"child-media/reward-0123456789abcdef.wav",
                                                "child-media/voice-fedcba9876543210.wav"}));

    // Replaced as a whole: quiet, and the spoken cue again.
    ChildScreenPrefs quiet;
    quiet.reward = RewardKind::kQuiet;
    ASSERT_TRUE(clinical.setScreenPrefs(child_, quiet).ok());
    stored = clinical.screenPrefs(child_);
    ASSERT_TRUE(stored.ok());
    EXPECT_EQ(stored->reward, RewardKind::kQuiet);
    EXPECT_FALSE(stored->reward_file);
    EXPECT_FALSE(stored->cue_voice);
    EXPECT_EQ(countRows("child_screen_prefs"), 1);
    EXPECT_TRUE(clinical.screenPrefsFiles()->empty());

    auto audit = AuditLog(*db_).entriesAboutChild(child_);
    ASSERT_TRUE(audit.ok());
    std::vector<std::string> details;
    for (const AuditEntry& entry : *audit) {
        if (entry.action != "change") continue;
        EXPECT_EQ(entry.record_kind, "child");
        EXPECT_EQ(entry.record_id, child_);
        details.push_back(entry.detail);
    }
    EXPECT_EQ(details, (std::vector<std::string>{
                           "screen: reward sound child-media/reward-0123456789abcdef.wav, cue "
                           "voice child-media/voice-fedcba9876543210.wav",
                           "screen: reward quiet, cue spoken by espeak-ng"}));
    EXPECT_TRUE(AuditLog(*db_).verify()->intact);
}

TEST_F(ChildPrefsTest, AFileGoesWithAFavouriteClipOrSoundOnly) {
    ClinicalRepository clinical(*db_);
    ChildScreenPrefs clip_without_file;
    clip_without_file.reward = RewardKind::kClip;
    ChildScreenPrefs stars_with_file;
    stars_with_file.reward_file = "child-media/reward-0123456789abcdef.mp4";
    ChildScreenPrefs none;
    none.reward = RewardKind::kNone;
    for (const ChildScreenPrefs& bad : {clip_without_file, stars_with_file, none}) {
        EXPECT_FALSE(clinical.setScreenPrefs(child_, bad).ok());
    }
    EXPECT_FALSE(clinical.setScreenPrefs(999, ChildScreenPrefs{}).ok());
    EXPECT_EQ(countRows("child_screen_prefs"), 0);
    EXPECT_TRUE(AuditLog(*db_).entriesAboutChild(child_)->size() == 1u) << "only the child's add";

    // The schema holds the same rule, and keeps paths relative, whoever writes the row.
    Connection& conn = db_->connection();
    for (const std::string values : {"'clip', NULL, NULL", "'stars', 'child-media/x.wav', NULL",
                                     "'sparkles', NULL, NULL", "'sound', '/home/x/a.wav', NULL",
                                     "'stars', NULL, '/tmp/voice.wav'", "'stars', NULL, ''"}) {
        EXPECT_FALSE(conn.exec("INSERT INTO child_screen_prefs (child_id, reward_kind, "
                               "reward_file, cue_voice, changed_at) VALUES (" +
                               std::to_string(child_) + ", " + values + ", 'x')")
                         .ok())
            << values;
    }
    EXPECT_EQ(countRows("child_screen_prefs"), 0);
}

TEST_F(ChildPrefsTest, EachChildHasTheirOwnChoices) {
    ChildScreenPrefs confetti;
    confetti.reward = RewardKind::kConfetti;
    ASSERT_TRUE(ClinicalRepository(*db_).setScreenPrefs(child_, confetti).ok());
    auto other = ClinicalRepository(*db_).addChild("c-018");
    ASSERT_TRUE(other.ok());
    EXPECT_EQ(ClinicalRepository(*db_).screenPrefs(*other)->reward, RewardKind::kStars);
    EXPECT_EQ(ClinicalRepository(*db_).screenPrefs(child_)->reward, RewardKind::kConfetti);
}

// A schema-7 database with children upgrades: they keep their rows and have the defaults.
TEST(ChildPrefsMigration, Schema7ChildrenKeepTheirRowsAndHaveTheDefaults) {
    testing::TempDir dir;
    const auto& all = embeddedMigrations();
    const auto eight = std::find_if(all.begin(), all.end(), [](const MigrationStep& step) {
        return step.name == "0008_child_screen_prefs.sql";
    });
    ASSERT_NE(eight, all.end());
    EXPECT_EQ(eight->version, 8);
    {
        auto old =
            Database::openWithSteps(dir.db(), std::vector<MigrationStep>(all.begin(), eight));
        ASSERT_TRUE(old.ok()) << old.error().message;
        ASSERT_TRUE(old->connection()
                        .exec("INSERT INTO children (code, created_at) VALUES ('c-1', 'x');"
                              "INSERT INTO children (code, created_at) VALUES ('c-2', 'x');")
                        .ok());
    }
    auto latest = Database::open(dir.db());
    ASSERT_TRUE(latest.ok()) << latest.error().message;
    EXPECT_GE(latest->userVersion().value(), 8);
    ASSERT_TRUE(latest->backupPath().has_value()) << "a backup is taken before upgrading";
    ClinicalRepository clinical(*latest);
    auto children = clinical.listChildren();
    ASSERT_TRUE(children.ok());
    ASSERT_EQ(children->size(), 2u);
    for (const Child& child : *children) {
        auto prefs = clinical.screenPrefs(child.id);
        ASSERT_TRUE(prefs.ok()) << prefs.error().message;
        EXPECT_EQ(prefs->reward, RewardKind::kStars);
        EXPECT_FALSE(prefs->cue_voice);
    }
    ChildScreenPrefs voice;
    voice.cue_voice = "child-media/voice-0123456789abcdef.wav";
    ASSERT_TRUE(clinical.setScreenPrefs(children->front().id, voice).ok());
    EXPECT_EQ(textOf(latest->connection(), "PRAGMA integrity_check"), "ok");
    auto violation = latest->connection().queryText("PRAGMA foreign_key_check");
    ASSERT_TRUE(violation.ok());
    EXPECT_FALSE(violation->has_value());
}

}  // namespace
}  // namespace mimic::store
