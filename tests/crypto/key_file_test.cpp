// The users of an encrypted data folder and its data key (issue 14, builds 1 and 2): the key
// is wrapped for each user with their passphrase, wrong passphrases change nothing, and the
// file cannot be edited into a new user or role.
#include "crypto/key_file.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "temp_dir.h"

namespace mimic::crypto {
namespace {

namespace fs = std::filesystem;

std::vector<std::uint8_t> bytesOf(const SecretKey& key) {
    return {key.bytes().begin(), key.bytes().end()};
}

std::string fileText(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class KeyFileTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto made = KeyFile::create(path_, "Ada Admin", "correct horse battery");
        ASSERT_TRUE(made.ok()) << made.error().message;
        key_ = bytesOf(made->data_key);
        admin_.emplace(std::move(*made));
    }
    KeyFile load() { return KeyFile::load(path_).value(); }

    mimic::testing::TempDir dir_{"keys"};
    fs::path path_ = KeyFile::pathIn(dir_.path());
    std::vector<std::uint8_t> key_;
    std::optional<Unlocked> admin_;
};

TEST_F(KeyFileTest, TheRightPassphraseUnlocksTheDataKeyAndNothingElseDoes) {
    EXPECT_TRUE(KeyFile::existsIn(dir_.path()));
    const KeyFile file = load();
    auto unlocked = file.unlock("Ada Admin", "correct horse battery");
    ASSERT_TRUE(unlocked.ok()) << unlocked.error().message;
    EXPECT_EQ(bytesOf(unlocked->data_key), key_);
    EXPECT_EQ(unlocked->role, Role::kAdmin);
    EXPECT_EQ(file.unlock("Ada Admin", "correct horse batterY").error().message,
              "wrong passphrase for 'Ada Admin'");
    EXPECT_EQ(file.unlock("Eve", "correct horse battery").error().message,
              "no user 'Eve' in this data folder");
    // The key is never in the file.
    const std::string text = fileText(path_);
    std::string hex;
    for (const auto b : key_) {
        static const char* digits = "0123456789abcdef";
        hex += digits[b >> 4];
        hex += digits[b & 15];
    }
    EXPECT_EQ(text.find(hex), std::string::npos);
    EXPECT_EQ(fs::status(path_).permissions() & (fs::perms::group_all | fs::perms::others_all),
              fs::perms::none);
    EXPECT_FALSE(KeyFile::create(path_, "Other", "another long one").ok());  // never replaced
}

TEST_F(KeyFileTest, UsersAreAddedChangedAndRemoved) {
    KeyFile file = load();
    ASSERT_TRUE(
        file.addUser(*admin_, "Theo Therapist", Role::kTherapist, "sunny morning walk").ok());
    EXPECT_FALSE(file.addUser(*admin_, "Theo Therapist", Role::kObserver, "another long one").ok());
    EXPECT_EQ(file.addUser(*admin_, "Short", Role::kObserver, "short").error().message,
              "a passphrase is at least 8 characters (a short sentence is easy to remember and "
              "hard to guess)");
    EXPECT_FALSE(file.addUser(*admin_, "bad\nname", Role::kObserver, "long enough one").ok());
    auto theo = load().unlock("Theo Therapist", "sunny morning walk");
    ASSERT_TRUE(theo.ok()) << theo.error().message;
    EXPECT_EQ(theo->role, Role::kTherapist);
    EXPECT_EQ(bytesOf(theo->data_key), key_);

    ASSERT_TRUE(file.changePassphrase(*admin_, "Theo Therapist", "rainy evening tea").ok());
    EXPECT_FALSE(load().unlock("Theo Therapist", "sunny morning walk").ok());
    EXPECT_TRUE(load().unlock("Theo Therapist", "rainy evening tea").ok());

    EXPECT_EQ(file.removeUser(*admin_, "Ada Admin").error().message,
              "cannot remove 'Ada Admin': the data folder needs at least one admin");
    ASSERT_TRUE(file.removeUser(*admin_, "Theo Therapist").ok());
    EXPECT_EQ(load().unlock("Theo Therapist", "rainy evening tea").error().message,
              "no user 'Theo Therapist' in this data folder");
}

TEST_F(KeyFileTest, AFileEditedIntoAnotherRoleOrUserIsRefused) {
    KeyFile file = load();
    ASSERT_TRUE(
        file.addUser(*admin_, "Olga Observer", Role::kObserver, "quiet library hours").ok());
    const std::string original = fileText(path_);
    const auto write = [&](const nlohmann::json& json) {
        std::ofstream(path_, std::ios::trunc) << json.dump();
    };
    // Promoted by hand: her key no longer opens (the role is bound to it).
    auto json = nlohmann::json::parse(original);
    json["users"][1]["role"] = "admin";
    write(json);
    EXPECT_FALSE(load().unlock("Olga Observer", "quiet library hours").ok());
    // Her entry copied under a new name: refused the same way.
    json = nlohmann::json::parse(original);
    auto copy = json["users"][1];
    copy["name"] = "Mallory";
    json["users"].push_back(copy);
    write(json);
    EXPECT_FALSE(load().unlock("Mallory", "quiet library hours").ok());
    // Anything else changed: the list no longer matches its authenticator.
    EXPECT_NE(load()
                  .unlock("Ada Admin", "correct horse battery")
                  .error()
                  .message.find("was changed outside mimic"),
              std::string::npos);
    json = nlohmann::json::parse(original);
    json["users"].erase(1);
    write(json);
    EXPECT_FALSE(load().unlock("Ada Admin", "correct horse battery").ok());
    // Not JSON, or not ours.
    std::ofstream(path_, std::ios::trunc) << "{ nope";
    EXPECT_NE(KeyFile::load(path_).error().message.find("is damaged"), std::string::npos);
    std::ofstream(path_, std::ios::trunc) << original;
    EXPECT_TRUE(load().unlock("Olga Observer", "quiet library hours").ok());
}

TEST(Roles, NamesRoundTrip) {
    for (const Role role : {Role::kObserver, Role::kTherapist, Role::kAdmin}) {
        EXPECT_EQ(parseRole(roleName(role)), role);
    }
    EXPECT_FALSE(parseRole("root").has_value());
}

}  // namespace
}  // namespace mimic::crypto
