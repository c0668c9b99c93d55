// mimic export boris, import boris and agreement boris (issue 13, parts 2 and 3) through the
// real binary on a real data folder: a round trip export -> import keeps every code to the
// millisecond, bad input is one line with nothing written, no file is replaced without
// --force, and each export and import is in the audit log.
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "records_fixture.h"
#include "store/audit_log.h"

namespace mimic {
namespace {

using nlohmann::json;

class BorisCommandTest : public RecordsTest {
  protected:
    // A trial of `greeting` for `demo` with a scheme (look: state, wave: point, with a
    // modifier) and coder A's events.
    void codedTrial() {
        install();
        auto practised = session("demo", "greeting");
        ASSERT_EQ(practised.exit_code, 0) << practised.err;
        for (const std::string args :
             {"code scheme add greeting look --type state --key l",
              "code scheme add greeting wave --type point --key w --modifier left --modifier right",
              "code add --trial 1 --coder A --behaviour look --at 0.125 --to 1.001",
              "code add --trial 1 --coder A --behaviour look --at 1.001 --to 2.5",
              "code add --trial 1 --coder A --behaviour wave --at 0.7 --modifier left"}) {
            auto done = mimic(args);
            ASSERT_EQ(done.exit_code, 0) << args << ": " << done.err;
        }
    }
    json codesOf(const std::string& coder) {
        auto listed = mimic("code list --trial 1 --json");
        EXPECT_EQ(listed.exit_code, 0) << listed.err;
        json mine = json::array();
        for (json event : json::parse(listed.out)) {
            if (event["coder"] != coder) continue;
            event.erase("id");
            event.erase("coder");
            mine.push_back(event);
        }
        return mine;
    }
    std::string refused(const std::string& args, int code = 1) {
        auto result = mimic(args);
        EXPECT_EQ(result.exit_code, code) << args << ": " << result.out;
        EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
        return result.err;
    }
    static std::string text(const fs::path& file) {
        std::ifstream in(file);
        std::stringstream all;
        all << in.rdbuf();
        return all.str();
    }
};

TEST_F(BorisCommandTest, ExportThenImportIsLosslessAndAudited) {
    codedTrial();
    const fs::path project = scratch_ / "trial.boris";
    auto exported = mimic("export boris --trial 1 --out " + shellQuoted(project));
    ASSERT_EQ(exported.exit_code, 0) << exported.err;
    const json boris = json::parse(text(project));
    EXPECT_EQ(boris["project_format_version"], "7.0");
    EXPECT_EQ(boris["behaviors_conf"]["0"]["code"], "look");
    EXPECT_EQ(boris["behaviors_conf"]["0"]["type"], "State event");
    EXPECT_EQ(boris["behaviors_conf"]["1"]["type"], "Point event");
    EXPECT_EQ(boris["subjects_conf"]["0"]["name"], "demo");
    const json& observation = boris["observations"]["trial-1-A"];
    ASSERT_TRUE(observation.is_object()) << boris["observations"].dump();
    EXPECT_EQ(observation["file"]["1"].size(), 1u);
    EXPECT_EQ(observation["file"]["2"].size(), 1u);
    EXPECT_TRUE(observation["media_info"]["offset"].contains("2"));
    EXPECT_EQ(observation["events"].size(), 5u);  // two states (start, stop) and a point
    EXPECT_EQ(observation["events"][0][0], 0.125);
    EXPECT_EQ(observation["events"][0][1], "demo");

    auto imported = mimic("import boris " + shellQuoted(project) +
                          " --observation trial-1-A --trial 1 --coder 'B. Two'");
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    EXPECT_EQ(codesOf("B. Two"), codesOf("A"));
    EXPECT_EQ(codesOf("A").size(), 3u);

    // Agreement of A with itself on the project: kappa 1.
    auto kappa = mimic("agreement boris " + shellQuoted(project) +
                       " --observations trial-1-A trial-1-A --json");
    ASSERT_EQ(kappa.exit_code, 0) << kappa.err;
    const json result = json::parse(kappa.out);
    EXPECT_EQ(result["kappa"], 1.0);
    EXPECT_EQ(result["percent"], 100.0);
    EXPECT_EQ(result["slices"], 3);  // 0.125, 1.125, 2.125

    auto database = db();
    auto entries = store::AuditLog(database).entries("trial", 1);
    ASSERT_TRUE(entries.ok());
    int exports = 0;
    int imports = 0;
    for (const store::AuditEntry& entry : *entries) {
        exports += entry.action == "export";
        imports += entry.action == "import";
    }
    EXPECT_EQ(exports, 1);
    EXPECT_EQ(imports, 1);
}

TEST_F(BorisCommandTest, BadInputIsOneLineAndWritesNothing) {
    codedTrial();
    const fs::path project = scratch_ / "trial.boris";
    ASSERT_EQ(mimic("export boris --trial 1 --out " + shellQuoted(project)).exit_code, 0);
    const std::string before = text(project);
    EXPECT_NE(refused("export boris --trial 1 --out " + shellQuoted(project)).find("--force"),
              std::string::npos);
    EXPECT_EQ(text(project), before);
    ASSERT_EQ(mimic("export boris --session 1 --force --out " + shellQuoted(project)).exit_code, 0);
    refused("export boris --trial 1 --session 1 --out " + shellQuoted(scratch_ / "x.boris"));
    EXPECT_FALSE(fs::exists(scratch_ / "x.boris"));
    refused("export boris --trial 99 --out " + shellQuoted(scratch_ / "x.boris"));
    EXPECT_FALSE(fs::exists(scratch_ / "x.boris"));
    refused("export boris --trial 1", 2);

    // A code the scheme lacks, an unpaired state, an unknown observation: nothing imported.
    json boris = json::parse(before);
    boris["observations"]["trial-1-A"]["events"].push_back({3.0, "demo", "jump", "", ""});
    std::ofstream(scratch_ / "jump.boris") << boris.dump();
    boris = json::parse(before);
    boris["observations"]["trial-1-A"]["events"].push_back({3.0, "demo", "look", "", ""});
    std::ofstream(scratch_ / "open.boris") << boris.dump();
    std::ofstream(scratch_ / "junk.boris") << "{not json";
    const std::string on = " --trial 1 --coder C";
    for (const auto& [args, says] :
         {std::pair{"import boris " + shellQuoted(scratch_ / "jump.boris") +
                        " --observation trial-1-A" + on,
                    std::string("\"jump\"")},
          {"import boris " + shellQuoted(scratch_ / "open.boris") + " --observation trial-1-A" + on,
           "never stopped"},
          {"import boris " + shellQuoted(project) + " --observation nope" + on, "\"nope\""},
          {"import boris " + shellQuoted(scratch_ / "junk.boris") + " --observation x" + on,
           "not JSON"},
          {"import boris " + shellQuoted(project) + " --observation trial-1-A --trial 1 --coder A",
           "already"},
          {"agreement boris " + shellQuoted(project) + " --observations trial-1-A nope",
           "\"nope\""},
          {"agreement boris " + shellQuoted(project) +
               " --observations trial-1-A trial-1-A "
               "--interval 0",
           "--interval"}}) {
        const std::string why = refused(args);
        EXPECT_NE(why.find(says), std::string::npos) << args << ": " << why;
    }
    EXPECT_TRUE(codesOf("C").empty());
    EXPECT_EQ(codesOf("A").size(), 3u);
    refused("import boris " + shellQuoted(project) + " --trial 1 --coder C", 2);
    refused("agreement boris " + shellQuoted(project) + " --observations trial-1-A", 2);
    // The trial's own agreement still needs its options.
    refused("agreement --coders A B", 2);
}

// An observation without events is refused with a message, not a number.
TEST_F(BorisCommandTest, AgreementRefusesAnObservationWithoutEvents) {
    const fs::path project = scratch_ / "empty.boris";
    std::ofstream(project) << R"({"project_format_version": "7.0",
        "behaviors_conf": {"0": {"type": "Point event", "key": "w", "code": "wave"}},
        "subjects_conf": {}, "observations": {
          "A": {"type": "MEDIA", "file": {}, "events": [[1.0, "", "wave", "", ""]]},
          "B": {"type": "MEDIA", "file": {}, "events": []}}})";
    const std::string why =
        refused("agreement boris " + shellQuoted(project) + " --observations A B");
    EXPECT_NE(why.find("B"), std::string::npos) << why;
}

}  // namespace
}  // namespace mimic
