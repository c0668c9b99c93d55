// An audit log that holds (issue 10, build point 6, and D7): each test is the reproduction of a
// finding, run against the real `mimic` binary, a real SQLite file and real recordings.
#include <pwd.h>
#include <nlohmann/json.hpp>

#include <utility>
#include <vector>

#include "records_fixture.h"
#include "store/audit_log.h"

namespace mimic {
namespace {

using nlohmann::json;

// The account this test runs under, as the operating system knows it.
std::string operatingSystemAccount() {
    const passwd* entry = ::getpwuid(::getuid());
    return entry != nullptr ? std::string(entry->pw_name) : "uid " + std::to_string(::getuid());
}

class AuditTest : public RecordsTest {
  protected:
    // mimic with USER and LOGNAME naming somebody else than the account that runs it.
    testing::CommandResult asMallory(const std::string& args) {
        return runCommand("USER=mallory LOGNAME=mallory SDL_AUDIODRIVER=dummy " + kMimic +
                              " --data-dir " + shellQuoted(data_) + " " + args,
                          scratch_);
    }
    // `mimic audit list --json ARGS`, parsed (an empty array with a test failure when it fails).
    json auditList(const std::string& args = "") {
        auto listed = mimic("audit list --json " + args);
        EXPECT_EQ(listed.exit_code, 0) << listed.err;
        json parsed = json::parse(listed.out, nullptr, /*allow_exceptions=*/false);
        EXPECT_TRUE(parsed.is_array()) << listed.out;
        return parsed.is_array() ? parsed : json::array();
    }
    // The entries with that action and record kind.
    static std::vector<json> find(const json& entries, const std::string& action,
                                  const std::string& kind) {
        std::vector<json> found;
        for (const auto& entry : entries) {
            if (entry.value("action", "") == action && entry.value("record_kind", "") == kind) {
                found.push_back(entry);
            }
        }
        return found;
    }
    // Runs `sql` (without single quotes) on the data folder's database with the sqlite3
    // command-line shell, as somebody with write access to the file and no regard for mimic
    // would.
    void tamper(const fs::path& data, const std::string& sql) {
        auto result = runCommand(
            "sqlite3 " + shellQuoted(data / "mimic.db") + " " + shellQuoted(sql), scratch_);
        ASSERT_EQ(result.exit_code, 0) << result.err;
    }
    testing::CommandResult verify(const fs::path& data) {
        return runCommand(kMimic + " --data-dir " + shellQuoted(data) + " audit verify", scratch_);
    }
};

// Privacy basics: the actor was $USER (anyone can set it). It is the operating-system account,
// for every kind of entry, whatever USER and LOGNAME say.
TEST_F(AuditTest, ActorIsTheOperatingSystemAccountNotUser) {
    install();
    ASSERT_EQ(asMallory("child add c-1").exit_code, 0);
    ASSERT_EQ(asMallory("consent grant c-1 --scope record --by parent").exit_code, 0);
    auto practised = asMallory(
        "session --headless --camera synthetic --mic none --practice-seconds 1 --child c-1 "
        "--behaviour greeting");
    ASSERT_EQ(practised.exit_code, 0) << practised.err;
    ASSERT_EQ(asMallory("consent revoke 2 --by parent").exit_code, 0);

    auto database = db();
    auto entries = store::AuditLog(database).entries();
    ASSERT_TRUE(entries.ok()) << entries.error().message;
    std::set<std::string> kinds;
    for (const auto& entry : *entries) {
        EXPECT_EQ(entry.actor, operatingSystemAccount())
            << entry.action << " " << entry.record_kind << " " << entry.detail;
        kinds.insert(entry.record_kind);
    }
    for (const std::string kind : {"child", "consent", "session", "recording", "trial"}) {
        EXPECT_TRUE(kinds.contains(kind)) << "no audit entry about a " << kind;
    }
}

// Privacy basics: sessions, trials and recordings were not audited. Each create and change is,
// with the child it concerns, and `audit list --child` shows that child's entries only.
TEST_F(AuditTest, PracticeIsAuditedAndListedByChild) {
    install();
    addChildWithConsent("c-2");
    auto practised = session("demo", "greeting");
    ASSERT_EQ(practised.exit_code, 0) << practised.err;

    const json demo = auditList("--child demo");
    for (const auto& [action, kind] :
         std::vector<std::pair<std::string, std::string>>{{"add", "child"},
                                                          {"grant", "consent"},
                                                          {"add", "session"},
                                                          {"add", "recording"},
                                                          {"add", "trial"},
                                                          {"finish", "recording"},
                                                          {"end", "session"}}) {
        EXPECT_EQ(find(demo, action, kind).size(), 1u) << action << " " << kind << "\n"
                                                       << demo.dump(1);
    }
    for (const auto& entry : demo) {
        for (const char* key :
             {"id", "at", "actor", "action", "record_kind", "record_id", "child", "detail"}) {
            EXPECT_TRUE(entry.contains(key)) << key << " missing in " << entry.dump();
        }
        EXPECT_EQ(entry.value("child", ""), "demo") << entry.dump();
    }
    const auto trial_entries = find(demo, "add", "trial");
    ASSERT_EQ(trial_entries.size(), 1u);
    EXPECT_EQ(trial_entries[0]["record_id"], 1);

    const json other = auditList("--child c-2");
    EXPECT_EQ(find(other, "add", "child").size(), 1u) << other.dump(1);
    EXPECT_EQ(find(other, "grant", "consent").size(), 1u) << other.dump(1);
    EXPECT_TRUE(find(other, "add", "session").empty()) << other.dump(1);

    const json everything = auditList();
    EXPECT_GT(everything.size(), demo.size() + other.size());  // the library's entries too

    auto text = mimic("audit list --child demo");
    EXPECT_EQ(text.exit_code, 0) << text.err;
    EXPECT_NE(text.out.find("add trial 1"), std::string::npos) << text.out;
    auto unknown = mimic("audit list --child c-404");
    EXPECT_EQ(unknown.exit_code, 1);
    EXPECT_NE(unknown.err.find("c-404"), std::string::npos) << unknown.err;
}

// Privacy basics: recovery was not audited. Finishing a recording a killed session left is.
TEST_F(AuditTest, RecoveryIsAudited) {
    install();
    const pid_t pid = startSession("demo", 30);
    const fs::path live = waitForLiveRecording();
    ASSERT_FALSE(live.empty());
    // Killed once the file holds pictures, so recovery keeps it as an interrupted recording.
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    std::error_code ec;
    while (fs::file_size(live, ec) < 32 * 1024 && std::chrono::steady_clock::now() < give_up)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ::kill(pid, SIGKILL);
    waitExit(pid);
    auto recovered = mimic("recover");
    ASSERT_EQ(recovered.exit_code, 0) << recovered.err;

    const json demo = auditList("--child demo");
    const auto recover = find(demo, "recover", "recording");
    ASSERT_EQ(recover.size(), 1u) << demo.dump(1);
    EXPECT_EQ(recover[0]["record_id"], 1);
    EXPECT_EQ(recover[0].value("actor", ""), operatingSystemAccount());
    const auto finished = find(demo, "finish", "recording");
    ASSERT_EQ(finished.size(), 1u) << demo.dump(1);
    EXPECT_NE(finished[0].value("detail", "").find("interrupted"), std::string::npos);
}

// Privacy basics: reads were not audited. Opening a recording of this data folder to watch it
// is; playing a library clip is not a read of a child's record.
TEST_F(AuditTest, WatchingARecordingIsAudited) {
    install();
    auto practised = session("demo", "greeting");
    ASSERT_EQ(practised.exit_code, 0) << practised.err;
    auto practice = trial(1);
    ASSERT_TRUE(practice && practice->recording_path);
    const std::size_t before = auditList().size();

    auto clip = mimic("play " + shellQuoted(data_ / practice->clip_path) + " --headless --for 0.2");
    ASSERT_EQ(clip.exit_code, 0) << clip.err;
    EXPECT_EQ(auditList().size(), before);

    const std::string recording = shellQuoted(data_ / *practice->recording_path);
    auto watched = mimic("play " + recording + " --headless --for 0.2");
    ASSERT_EQ(watched.exit_code, 0) << watched.err;
    auto still =
        mimic("snapshot " + recording + " --at 0.1 --out " + shellQuoted(scratch_ / "still.png"));
    ASSERT_EQ(still.exit_code, 0) << still.err;
    auto hashed = mimic("frames " + recording + " --count 1");
    ASSERT_EQ(hashed.exit_code, 0) << hashed.err;
    const auto views = find(auditList("--child demo"), "view", "recording");
    ASSERT_EQ(views.size(), 3u);
    const std::vector<std::string> how{"play ", "snapshot ", "frames "};
    for (std::size_t i = 0; i < views.size(); ++i) {
        EXPECT_EQ(views[i]["record_id"], 1);
        EXPECT_EQ(views[i].value("actor", ""), operatingSystemAccount());
        EXPECT_EQ(views[i].value("detail", ""), how[i] + *practice->recording_path);
    }
}

// Privacy basics: UPDATE and DELETE on audit_log succeeded unnoticed. The database refuses
// them.
TEST_F(AuditTest, AuditLogRefusesUpdateAndDelete) {
    install();
    auto database = db();
    for (const std::string sql :
         {"UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log"}) {
        Status changed = database.connection().exec(sql);
        ASSERT_FALSE(changed.ok()) << sql;
        EXPECT_NE(changed.error().message.find("the audit log is append-only"), std::string::npos)
            << changed.error().message;
    }
    auto count = database.connection().queryText("SELECT count(*) FROM audit_log");
    ASSERT_TRUE(count.ok());
    EXPECT_NE(count->value_or("0"), "0");
}

// Build point 6: with the triggers dropped, a changed or removed row is found by `audit
// verify`, which names the first bad row.
TEST_F(AuditTest, VerifyNamesTheFirstChangedOrRemovedEntry) {
    install();
    addChildWithConsent("c-1");
    auto intact = verify(data_);
    EXPECT_EQ(intact.exit_code, 0) << intact.err;
    auto count = db().connection().queryText("SELECT count(*) FROM audit_log");
    ASSERT_TRUE(count.ok() && count->has_value());
    ASSERT_GE(std::stoi(**count), 4);
    EXPECT_EQ(intact.out, "audit log intact: " + **count + " entries\n");

    const std::string untriggered =
        "DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete; ";
    const fs::path removed = scratch_ / "removed";
    const fs::path last_removed = scratch_ / "last-removed";
    fs::copy(data_, removed, fs::copy_options::recursive);
    fs::copy(data_, last_removed, fs::copy_options::recursive);

    tamper(data_, untriggered + "UPDATE audit_log SET actor = upper(actor) || 2 WHERE id = 3;");
    auto changed = verify(data_);
    EXPECT_EQ(changed.exit_code, 1);
    ASSERT_EQ(changed.errLines().size(), 1u) << changed.err;
    EXPECT_NE(changed.err.find("entry 3 was changed"), std::string::npos) << changed.err;

    tamper(removed, untriggered + "DELETE FROM audit_log WHERE id = 2;");
    auto gap = verify(removed);
    EXPECT_EQ(gap.exit_code, 1);
    ASSERT_EQ(gap.errLines().size(), 1u) << gap.err;
    EXPECT_NE(gap.err.find("entry 2 was removed"), std::string::npos) << gap.err;

    tamper(last_removed, untriggered + "DELETE FROM audit_log WHERE id = " + **count + ";");
    auto tail = verify(last_removed);
    EXPECT_EQ(tail.exit_code, 1);
    ASSERT_EQ(tail.errLines().size(), 1u) << tail.err;
    EXPECT_NE(tail.err.find("entry " + **count + " was removed"), std::string::npos) << tail.err;
}

// D7: `mimic demo install` granted a revoked consent of `demo` again, unaudited. It never
// changes an existing child's consents.
TEST_F(AuditTest, DemoInstallNeverGrantsARevokedConsentAgain) {
    install();
    auto revoked = mimic("consent revoke 1 --by parent");
    ASSERT_EQ(revoked.exit_code, 0) << revoked.err;
    install();

    auto database = db();
    store::ClinicalRepository clinical(database);
    auto child = clinical.findChild("demo");
    ASSERT_TRUE(child.ok() && child->has_value());
    auto consents = clinical.listConsents((*child)->id);
    ASSERT_TRUE(consents.ok());
    ASSERT_EQ(consents->size(), 1u);
    EXPECT_TRUE(consents->front().revoked_at.has_value());
    auto refused = session("demo", "greeting");
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_NE(refused.err.find("no current consent"), std::string::npos) << refused.err;
    auto grants = store::AuditLog(database).entries("consent");
    ASSERT_TRUE(grants.ok());
    std::size_t granted = 0;
    for (const auto& entry : *grants)
        granted += entry.action == "grant" ? 1 : 0;
    EXPECT_EQ(granted, 1u);  // the first install's, audited
}

}  // namespace
}  // namespace mimic
