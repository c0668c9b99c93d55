// Records you can trust (issue 10): each test is the reproduction of a finding, run against
// the real `mimic` binary, a real SQLite file and real recordings.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "command_runner.h"
#include "store/clinical_repository.h"

namespace mimic {
namespace {

namespace fs = std::filesystem;
using testing::quote;
using testing::runCommand;

const std::string kMimic = MIMIC_EXE;

// Every test has its own scratch folder holding the data folder and a one-clip library whose
// behaviour is named `behaviour_` (a name, sometimes shaped like a path).
class RecordsTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        clips_ = fs::temp_directory_path() / ("mimic-records-clips-" + std::to_string(::getpid()));
        fs::create_directories(clips_);
        ASSERT_EQ(testing::makeTestClip("testsrc2", "160x120", 30, 1, clips_ / "hello.mp4"), 0);
    }
    static void TearDownTestSuite() { fs::remove_all(clips_); }

    void SetUp() override {
        scratch_ = testing::makeScratch(
            "mimic-records", ::testing::UnitTest::GetInstance()->current_test_info()->name());
        data_ = scratch_ / "data";
    }
    void TearDown() override { fs::remove_all(scratch_); }

    testing::CommandResult mimic(const std::string& args) {
        return runCommand(
            "SDL_AUDIODRIVER=dummy " + kMimic + " --data-dir " + quote(data_) + " " + args,
            scratch_);
    }
    // The library with one clip of the behaviour `name`, and the demo child with consent.
    void install(const std::string& name = "greeting") {
        const fs::path manifest = scratch_ / "manifest.json";
        std::ofstream(manifest) << R"({"version": 1, "clips": [
          {"file": ")" << (clips_ / "hello.mp4").string()
                                << R"(", "title": "Hello", "model_kind": "peer",
           "behaviour": {"name": ")"
                                << name << R"(", "domain": "d", "definition": "x"}}]})";
        auto result = mimic("demo install --manifest " + quote(manifest));
        ASSERT_EQ(result.exit_code, 0) << result.err;
    }
    void addChildWithConsent(const std::string& code) {
        auto added = mimic("child add " + code);
        ASSERT_EQ(added.exit_code, 0) << added.err;
        auto granted = mimic("consent grant " + code + " --scope record --by parent");
        ASSERT_EQ(granted.exit_code, 0) << granted.err;
    }
    testing::CommandResult session(const std::string& child, const std::string& behaviour,
                                   int seconds = 1) {
        return mimic("session --headless --camera synthetic --mic none --practice-seconds " +
                     std::to_string(seconds) + " --child " + quote(child) + " --behaviour " +
                     quote(behaviour));
    }
    store::Database db() {
        auto opened = store::Database::open(data_ / "mimic.db");
        EXPECT_TRUE(opened.ok()) << opened.error().message;
        return std::move(opened).value();
    }
    std::optional<store::TrialView> trial(std::int64_t id) {
        auto database = db();
        auto found = store::ClinicalRepository(database).findTrial(id);
        EXPECT_TRUE(found.ok());
        return found ? *found : std::nullopt;
    }
    // Every regular file under `root`, relative, sorted.
    static std::set<std::string> files(const fs::path& root) {
        std::set<std::string> found;
        if (!fs::is_directory(root)) return found;
        for (const auto& entry : fs::recursive_directory_iterator(root)) {
            if (entry.is_regular_file()) found.insert(fs::relative(entry.path(), root).string());
        }
        return found;
    }
    static std::string md5(const fs::path& file) {
        return runCommand("md5sum " + quote(file) + " | cut -c1-32", fs::temp_directory_path()).out;
    }

    static inline fs::path clips_;
    fs::path scratch_;
    fs::path data_;
};

// D1: `mimic child add -- ../../../escape` was accepted and its session wrote three levels up.
TEST_F(RecordsTest, ChildCodeThatIsAPathIsRefused) {
    install();
    for (const std::string code : {"../../../escape", "/tmp/abs-escape", "x/y"}) {
        auto result = mimic("child add -- " + quote(code));
        EXPECT_EQ(result.exit_code, 1) << code;
        ASSERT_EQ(result.errLines().size(), 1u) << result.err;
        EXPECT_NE(result.err.find("pseudonym"), std::string::npos) << result.err;
    }
    auto listed = mimic("child list");
    EXPECT_EQ(listed.out, "demo  \n");
}

// D1: a code that names a person was accepted; the refusal says a code is a pseudonym.
TEST_F(RecordsTest, IdentifyingChildCodeIsRefusedAsNotAPseudonym) {
    install();
    auto result = mimic("child add 'Jane Smith DOB 2019-03-04'");
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_NE(result.err.find("a child's code is a pseudonym such as c-017, never a name or a "
                              "date of birth"),
              std::string::npos)
        << result.err;
}

// D1, the general case: a database that already holds a code shaped like a path (made by an
// older mimic) still never makes it a path.
TEST_F(RecordsTest, ExistingChildCodeThatIsAPathNeverBecomesAPath) {
    install();
    for (const std::string code : {"../../../escape", "/tmp/mimic-records-abs"}) {
        {
            auto database = db();
            auto insert = database.connection().prepare(
                "INSERT INTO children (code, created_at) VALUES (?1, '2026-01-01T00:00:00Z')");
            ASSERT_TRUE(insert.ok());
            insert->bind(1, code);
            ASSERT_TRUE(insert->run().ok());
            auto id = database.connection().lastInsertId();
            ASSERT_TRUE(store::ClinicalRepository(database)
                            .grantConsent(id, store::ConsentScope::kRecord, "parent", std::nullopt)
                            .ok());
        }
        auto result = session(code, "greeting");
        ASSERT_EQ(result.exit_code, 0) << result.err;
        EXPECT_EQ(result.out.rfind("trial ", 0), 0u) << result.out;
        EXPECT_EQ(result.out.find("escape"), std::string::npos) << result.out;
        const fs::path escaped = (data_ / "recordings" / code).lexically_normal();
        EXPECT_FALSE(fs::exists(escaped)) << escaped;
        std::error_code ignored;
        fs::remove_all(escaped, ignored);  // what the code before issue 10 wrote
    }
    for (const auto& file : files(data_ / "recordings")) {
        EXPECT_EQ(fs::path(file).parent_path(), fs::path()) << file;  // flat, named by mimic
        EXPECT_EQ(file.find("escape"), std::string::npos) << file;
    }
    EXPECT_EQ(files(data_ / "recordings").size(), 2u);
}

// D1: a behaviour named x/../../y made recordings/y.mkv, and a second child's session with
// the same behaviour overwrote the first child's recording.
TEST_F(RecordsTest, TwoChildrenSameBehaviourKeepTheirOwnRecordings) {
    install("x/../../y");
    addChildWithConsent("c-1");
    addChildWithConsent("c-2");
    auto first = session("c-1", "x/../../y");
    ASSERT_EQ(first.exit_code, 0) << first.err;
    auto first_trial = trial(1);
    ASSERT_TRUE(first_trial && first_trial->recording_path);
    const fs::path first_file = data_ / *first_trial->recording_path;
    const std::string first_md5 = md5(first_file);
    auto second = session("c-2", "x/../../y");
    ASSERT_EQ(second.exit_code, 0) << second.err;
    auto second_trial = trial(2);
    ASSERT_TRUE(second_trial && second_trial->recording_path);
    EXPECT_NE(*first_trial->recording_path, *second_trial->recording_path);
    EXPECT_EQ(md5(first_file), first_md5) << "the first child's recording was overwritten";
    for (const auto& view : {*first_trial, *second_trial}) {
        const fs::path path = *view.recording_path;
        EXPECT_EQ(path.parent_path(), fs::path("recordings")) << path;
        EXPECT_EQ(path.string().find(".."), std::string::npos) << path;
        EXPECT_EQ(path.string().find(view.child_code), std::string::npos) << path;
        EXPECT_TRUE(fs::exists(data_ / path));
    }
    EXPECT_FALSE(fs::exists(data_ / "y.mkv"));
    EXPECT_FALSE(fs::exists(data_.parent_path() / "y"));
}

// D10: newlines and terminal escapes in names were stored and printed raw.
TEST_F(RecordsTest, ControlCharactersInNamesAreRefusedAndEscapedWhenPrinted) {
    install();
    for (const std::string args :
         {"behaviour add $'two\\nlines'", "behaviour add $'\\e[2Jclear'",
          "therapist add $'A. \\e]0;x\\a'", "child add demo2 --details $'born\\n2019'"}) {
        auto result = runCommand(
            "bash -c \"" + kMimic + " " + args + " --data-dir " + quote(data_) + "\"", scratch_);
        EXPECT_EQ(result.exit_code, 1) << args << ": " << result.out;
        ASSERT_EQ(result.errLines().size(), 1u) << args << ": " << result.err;
        EXPECT_NE(result.err.find("control character"), std::string::npos) << result.err;
        EXPECT_EQ(result.err.find('\x1b'), std::string::npos) << args;
    }
    // A name an older mimic stored is escaped when listed.
    {
        auto database = db();
        ASSERT_TRUE(database.connection()
                        .exec("INSERT INTO behaviours (name) VALUES ('evil' || char(27) || "
                              "'[2J' || char(10) || 'line')")
                        .ok());
    }
    auto listed = mimic("behaviour list");
    EXPECT_EQ(listed.out.find('\x1b'), std::string::npos) << listed.out;
    EXPECT_NE(listed.out.find("evil\\x1b[2J\\nline"), std::string::npos) << listed.out;
}

// D10: a duplicate child showed SQLite's text with the database path.
TEST_F(RecordsTest, DuplicateChildIsSaidPlainly) {
    install();
    auto result = mimic("child add demo");
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_EQ(result.err, "mimic: a child with code 'demo' already exists\n");
}

// Privacy: under the usual umask 022 the data folder was 0755 and mimic.db and recordings
// 0644, readable by any local account.
TEST_F(RecordsTest, DataFolderIsPrivateWhateverTheUmask) {
    const auto run = [&](const std::string& args) {
        return runCommand("umask 022; SDL_AUDIODRIVER=dummy " + kMimic + " " + args +
                              " --data-dir " + quote(data_),
                          scratch_);
    };
    const fs::path manifest = scratch_ / "manifest.json";
    std::ofstream(manifest) << R"({"version": 1, "clips": [{"file": ")"
                            << (clips_ / "hello.mp4").string()
                            << R"(", "title": "Hello", "model_kind": "peer",
        "behaviour": {"name": "greeting", "domain": "d", "definition": "x"}}]})";
    ASSERT_EQ(run("demo install --manifest " + quote(manifest)).exit_code, 0);
    auto practised =
        run("session --headless --camera synthetic --mic none "
            "--practice-seconds 1 --child demo --behaviour greeting");
    ASSERT_EQ(practised.exit_code, 0) << practised.err;
    const auto mode = [](const fs::path& p) {
        struct stat st {};
        EXPECT_EQ(::lstat(p.c_str(), &st), 0) << p;
        return st.st_mode & 07777;
    };
    EXPECT_EQ(mode(data_), 0700u);
    std::size_t checked = 0;
    for (const auto& entry : fs::recursive_directory_iterator(data_)) {
        EXPECT_EQ(mode(entry.path()), entry.is_directory() ? 0700u : 0600u) << entry.path();
        ++checked;
    }
    EXPECT_GE(checked, 6u);  // mimic.db, library/, a clip, thumbs/, recordings/, a recording
    auto check = run("library check");
    EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
}

// Privacy: `library check` reports a data folder other accounts can read; --repair fixes it.
TEST_F(RecordsTest, LibraryCheckReportsAndRepairsAFolderOthersCanRead) {
    install();
    fs::permissions(data_, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                               fs::perms::others_read | fs::perms::others_exec);
    fs::permissions(data_ / "mimic.db", fs::perms::others_read, fs::perm_options::add);
    auto check = mimic("library check");
    EXPECT_EQ(check.exit_code, 1);
    EXPECT_NE(check.out.find("readable by other accounts: " + data_.string() + "\n"),
              std::string::npos)
        << check.out;
    EXPECT_NE(check.out.find("readable by other accounts: " + (data_ / "mimic.db").string()),
              std::string::npos)
        << check.out;
    EXPECT_NE(check.err.find("other accounts can read"), std::string::npos) << check.err;
    auto repaired = mimic("library check --repair");
    EXPECT_EQ(repaired.exit_code, 0) << repaired.err;
    EXPECT_NE(repaired.out.find("made private: " + data_.string()), std::string::npos);
    EXPECT_EQ(mimic("library check").exit_code, 0);
    EXPECT_EQ(fs::status(data_).permissions(), fs::perms::owner_all);
}

}  // namespace
}  // namespace mimic
