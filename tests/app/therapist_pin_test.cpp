// `mimic therapist pin --name T` against the real binary and a real SQLite file: the PIN
// comes from stdin, only its hash is stored, bad PINs and unknown therapists are refused
// without writing, and the change is audited.
#include <gtest/gtest.h>

#include <filesystem>

#include "command_runner.h"
#include "store/clinical_repository.h"
#include "store/database.h"
#include "store/therapist_pin.h"

namespace mimic {
namespace {

namespace fs = std::filesystem;
using testing::runCommand;
using testing::shellQuoted;

const std::string kMimic = MIMIC_EXE;

class TherapistPinCommand : public ::testing::Test {
  protected:
    void SetUp() override {
        scratch_ = testing::makeScratch(
            "mimic-pin", ::testing::UnitTest::GetInstance()->current_test_info()->name());
        data_ = scratch_ / "data";
        ASSERT_EQ(mimic("therapist add 'T. One'").exit_code, 0);
    }
    void TearDown() override { fs::remove_all(scratch_); }

    testing::CommandResult mimic(const std::string& args, const std::string& stdin_text = "") {
        return runCommand("printf '%s' " + shellQuoted(stdin_text) + " | " + kMimic +
                              " --data-dir " + shellQuoted(data_) + " " + args,
                          scratch_);
    }
    std::optional<std::string> storedHash() {
        auto db = store::Database::open(data_ / "mimic.db");
        EXPECT_TRUE(db.ok()) << db.error().message;
        store::ClinicalRepository repository(*db);
        auto therapist = repository.findTherapist("T. One");
        EXPECT_TRUE(therapist.ok() && therapist->has_value());
        auto hash = repository.therapistPinHash((*therapist)->id);
        EXPECT_TRUE(hash.ok());
        return *hash;
    }

    fs::path scratch_;
    fs::path data_;
};

TEST_F(TherapistPinCommand, SetsAHashedPinFromStdin) {
    auto set = mimic("therapist pin --name 'T. One'", "4321\n");
    ASSERT_EQ(set.exit_code, 0) << set.err;
    EXPECT_EQ(set.out, "therapist 1: PIN set\n");
    const auto hash = storedHash();
    ASSERT_TRUE(hash.has_value());
    EXPECT_EQ(hash->find("4321"), std::string::npos);
    EXPECT_TRUE(store::pinMatches(*hash, "4321"));
    EXPECT_FALSE(store::pinMatches(*hash, "1234"));

    // A new PIN replaces the old one.
    ASSERT_EQ(mimic("therapist pin --name 'T. One'", "98765432").exit_code, 0);
    EXPECT_TRUE(store::pinMatches(*storedHash(), "98765432"));
    EXPECT_FALSE(store::pinMatches(*storedHash(), "4321"));

    auto audit = mimic("audit list --json");
    EXPECT_NE(audit.out.find("set-pin"), std::string::npos) << audit.out << audit.err;
}

TEST_F(TherapistPinCommand, RefusesBadPinsAndUnknownTherapistsWithoutWriting) {
    for (const char* bad : {"", "12\n", "123456789\n", "12a4\n", "stop\n"}) {
        auto refused = mimic("therapist pin --name 'T. One'", bad);
        EXPECT_NE(refused.exit_code, 0) << bad;
        EXPECT_NE(refused.err.find("PIN"), std::string::npos) << refused.err;
    }
    EXPECT_FALSE(storedHash().has_value());
    auto unknown = mimic("therapist pin --name Nobody", "1234\n");
    EXPECT_NE(unknown.exit_code, 0);
    EXPECT_NE(unknown.err.find("no therapist named 'Nobody'"), std::string::npos) << unknown.err;
}

}  // namespace
}  // namespace mimic
