// The library window's Children tab run for real: SDL's offscreen GL driver, a real data
// folder (SQLite), and the app's callbacks. Each test fills and submits forms through the
// functions the window's buttons call (WindowOptions::drive_children), one step per frame
// while the window runs, then reads back through the store what was written.
#include <SDL.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "app/clinical_actions.h"
#include "app/library_window_run.h"
#include "app/sign_in.h"
#include "crypto/key_file.h"
#include "store/audit_log.h"
#include "store/clinical_repository.h"
#include "store/library_repository.h"
#include "store/observer_repository.h"
#include "store/session_repository.h"
#include "temp_dir.h"
#include "test_clips.h"

namespace mimic::app {
namespace {

namespace fs = std::filesystem;
using ui::ChildrenPanel;
using Step = std::function<void(ChildrenPanel&)>;

// Keeps SDL's video subsystem and the GL driver loaded for the whole test program (as the
// ui suite does): LeakSanitizer would otherwise report Mesa's process-lifetime allocations
// once a window unloads it.
class KeepGlDriverLoaded : public ::testing::Environment {
  public:
    void SetUp() override {
        ASSERT_EQ(SDL_InitSubSystem(SDL_INIT_VIDEO), 0) << SDL_GetError();
        ASSERT_EQ(SDL_GL_LoadLibrary(nullptr), 0) << SDL_GetError();
    }
};
const ::testing::Environment* const kKeepGlDriverLoaded =
    ::testing::AddGlobalTestEnvironment(new KeepGlDriverLoaded);  // NOLINT: gtest owns it

class WindowFormsTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto data = openDataContext(dir_.path() / "data", IfMissing::kCreate);
        ASSERT_TRUE(data.ok()) << data.error().message;
        data_.emplace(std::move(data).value());
        store::LibraryRepository library(db());
        for (const char* name : {"greeting", "turn-taking"}) {
            ASSERT_TRUE(library.upsertBehaviour(name, "social communication", "x").ok());
        }
    }

    store::Database& db() { return data_->db; }
    store::ClinicalRepository clinical() { return store::ClinicalRepository(db()); }

    std::int64_t addChild(const std::string& code) {
        auto id = clinical().addChild(code);
        EXPECT_TRUE(id.ok()) << id.error().message;
        return id.ok() ? *id : 0;
    }

    // Runs the window over the data folder, doing one step per frame, then closing it the
    // way a person does. Returns the report; `panel_after` sees the panel after the last step.
    ui::WindowReport run(std::vector<Step> steps, const Step& panel_after = {}) {
        ui::WindowOptions options;
        options.width = 960;
        options.height = 640;
        options.start_in_children = true;
        options.quit_after_seconds = 30.0;  // a safety net, never reached when it works
        std::size_t next = 0;
        bool quit_sent = false;
        options.drive_children = [&](double, ChildrenPanel& panel) {
            if (next < steps.size()) {
                steps[next++](panel);
                return;
            }
            if (!quit_sent) {
                if (panel_after) panel_after(panel);
                SDL_Event quit{};
                quit.type = SDL_QUIT;
                SDL_PushEvent(&quit);
                quit_sent = true;
            }
        };
        auto report = runLibraryWindowOver(*data_, devices_, options);
        EXPECT_TRUE(report.ok()) << report.error().message;
        EXPECT_EQ(next, steps.size()) << "the window closed before every step ran";
        return report.ok() ? *report : ui::WindowReport{};
    }

    testing::TempDir dir_{"window-forms"};
    std::optional<DataContext> data_;
    SessionDevices devices_{"synthetic", "none"};
};

// One line, and it holds `words`.
::testing::AssertionResult oneLineSaying(const std::string& line, const std::string& words) {
    if (line.empty()) return ::testing::AssertionFailure() << "no message";
    if (line.find('\n') != std::string::npos) {
        return ::testing::AssertionFailure() << "more than one line: " << line;
    }
    if (line.find(words) == std::string::npos) {
        return ::testing::AssertionFailure() << "'" << line << "' does not say '" << words << "'";
    }
    return ::testing::AssertionSuccess();
}

TEST_F(WindowFormsTest, AddingAChildIsStoredAndAudited) {
    bool saved = false;
    run({[](ChildrenPanel& p) { p.openAddChild(); },
         [](ChildrenPanel& p) { p.childForm().code = "c-101"; },
         [&](ChildrenPanel& p) { saved = p.submit(); }},
        [](ChildrenPanel& p) {
            // The list shows the child at once, selected.
            ASSERT_NE(p.selectedChild(), nullptr);
            EXPECT_EQ(p.selectedChild()->code, "c-101");
            EXPECT_FALSE(p.selectedChild()->may_record);
        });
    EXPECT_TRUE(saved);
    auto child = clinical().findChild("c-101");
    ASSERT_TRUE(child.ok());
    ASSERT_TRUE(child->has_value());
    auto audit = store::AuditLog(db()).entriesAboutChild((*child)->id);
    ASSERT_TRUE(audit.ok());
    ASSERT_EQ(audit->size(), 1u);
    EXPECT_EQ(audit->front().action, "add");
    EXPECT_EQ(audit->front().record_kind, "child");
}

TEST_F(WindowFormsTest, ABadChildCodeShowsItsLineKeepsTheTextAndStoresNothing) {
    bool saved = true;
    ui::WindowReport report = run({[](ChildrenPanel& p) { p.openAddChild(); },
                                   [](ChildrenPanel& p) { p.childForm().code = "Anna Smith"; },
                                   [&](ChildrenPanel& p) { saved = p.submit(); }},
                                  [](ChildrenPanel& p) {
                                      EXPECT_EQ(p.openForm(), ChildrenPanel::Form::kAddChild);
                                      EXPECT_EQ(p.childForm().code, "Anna Smith");
                                      EXPECT_TRUE(oneLineSaying(p.message(), "pseudonym"));
                                  });
    EXPECT_FALSE(saved);
    EXPECT_TRUE(oneLineSaying(report.message, "pseudonym"));
    auto children = clinical().listChildren();
    ASSERT_TRUE(children.ok());
    EXPECT_TRUE(children->empty());
}

TEST_F(WindowFormsTest, AddingATherapistIsStoredAuditedAndOfferedForSessions) {
    addChild("c-017");
    run({[](ChildrenPanel& p) { p.openAddTherapist(); },
         [](ChildrenPanel& p) { p.therapistForm().name = "A. Jones"; },
         [](ChildrenPanel& p) { ASSERT_TRUE(p.submit()) << p.message(); },
         [](ChildrenPanel& p) { p.openAddTherapist(); },
         [](ChildrenPanel& p) { p.therapistForm().name = "A. Jones"; },
         [](ChildrenPanel& p) { EXPECT_FALSE(p.submit()); }},
        [](ChildrenPanel& p) {
            EXPECT_EQ(p.records().therapists, (std::vector<std::string>{"A. Jones"}));
            EXPECT_TRUE(oneLineSaying(p.message(), "already exists"));
            EXPECT_EQ(p.therapistForm().name, "A. Jones");
        });
    auto therapist = clinical().findTherapist("A. Jones");
    ASSERT_TRUE(therapist.ok() && therapist->has_value());
    auto audit = store::AuditLog(db()).entries(std::string("therapist"));
    ASSERT_TRUE(audit.ok());
    EXPECT_EQ(audit->size(), 1u);
}

TEST_F(WindowFormsTest, GrantingThenRevokingAConsentAsksFirstAndIsStored) {
    const std::int64_t child = addChild("c-017");
    std::int64_t consent_id = 0;
    bool revoked_before_confirming = true;
    run({[](ChildrenPanel& p) { ASSERT_TRUE(p.selectChild("c-017")); },
         [](ChildrenPanel& p) { p.openGrantConsent(); },
         [](ChildrenPanel& p) {
             p.consentForm().scope = 0;  // record
             p.consentForm().granted_by = "parent: A. Smith";
             p.consentForm().expires = "2099-06-30";
         },
         [](ChildrenPanel& p) { ASSERT_TRUE(p.submit()) << p.message(); },
         [&](ChildrenPanel& p) {
             ASSERT_TRUE(p.selectedChild()->may_record);
             ASSERT_EQ(p.selectedChild()->consents.size(), 1u);
             consent_id = p.selectedChild()->consents.front().id;
             p.askRevoke(consent_id);
         },
         [&](ChildrenPanel& p) {
             // Asking is not revoking: the consent is untouched until confirmed.
             EXPECT_EQ(p.openForm(), ChildrenPanel::Form::kRevokeConsent);
             auto stored = clinical().findConsent(consent_id);
             revoked_before_confirming = !stored.ok() || !*stored || (*stored)->revoked_at;
             p.revokeForm().revoked_by = "parent: A. Smith";
         },
         [](ChildrenPanel& p) { ASSERT_TRUE(p.submit()) << p.message(); }},
        [](ChildrenPanel& p) { EXPECT_FALSE(p.selectedChild()->may_record); });

    EXPECT_FALSE(revoked_before_confirming);
    auto consents = clinical().listConsents(child);
    ASSERT_TRUE(consents.ok());
    ASSERT_EQ(consents->size(), 1u);
    const store::Consent& c = consents->front();
    EXPECT_EQ(c.scope, store::ConsentScope::kRecord);
    EXPECT_EQ(c.granted_by, "parent: A. Smith");
    EXPECT_EQ(c.expires_at, "2099-06-30T00:00:00Z");
    ASSERT_TRUE(c.revoked_at.has_value());
    EXPECT_EQ(c.revoked_by, "parent: A. Smith");
    auto audit = store::AuditLog(db()).entries(std::string("consent"));
    ASSERT_TRUE(audit.ok());
    EXPECT_EQ(audit->size(), 2u);  // the grant and the revocation
}

TEST_F(WindowFormsTest, KeepingTheConsentRevokesNothing) {
    const std::int64_t child = addChild("c-017");
    auto granted = clinical().grantConsent(child, store::ConsentScope::kRecord, "parent", {});
    ASSERT_TRUE(granted.ok());
    run({[](ChildrenPanel& p) { ASSERT_TRUE(p.selectChild("c-017")); },
         [&](ChildrenPanel& p) { p.askRevoke(*granted); }, [](ChildrenPanel& p) { p.cancel(); }});
    auto consent = clinical().findConsent(*granted);
    ASSERT_TRUE(consent.ok() && consent->has_value());
    EXPECT_FALSE((*consent)->revoked_at.has_value());
}

TEST_F(WindowFormsTest, APastExpiryShowsItsLineAndStoresNothing) {
    const std::int64_t child = addChild("c-017");
    run({[](ChildrenPanel& p) { ASSERT_TRUE(p.selectChild("c-017")); },
         [](ChildrenPanel& p) { p.openGrantConsent(); },
         [](ChildrenPanel& p) {
             p.consentForm().granted_by = "parent: A. Smith";
             p.consentForm().expires = "2020-01-01";
         },
         [](ChildrenPanel& p) { EXPECT_FALSE(p.submit()); }},
        [](ChildrenPanel& p) {
            EXPECT_EQ(p.openForm(), ChildrenPanel::Form::kGrantConsent);
            EXPECT_EQ(p.consentForm().granted_by, "parent: A. Smith");
            EXPECT_EQ(p.consentForm().expires, "2020-01-01");
            EXPECT_TRUE(oneLineSaying(p.message(), "2020-01-01"));
        });
    auto consents = clinical().listConsents(child);
    ASSERT_TRUE(consents.ok());
    EXPECT_TRUE(consents->empty());
}

TEST_F(WindowFormsTest, AddingAndChangingAProgramStoresEverySettingAndThePhaseHistory) {
    const std::int64_t child = addChild("c-017");
    ASSERT_TRUE(addTherapist(db(), "A. Jones").ok());
    run({[](ChildrenPanel& p) { ASSERT_TRUE(p.selectChild("c-017")); },
         [](ChildrenPanel& p) { p.openAddProgram(); },
         [](ChildrenPanel& p) {
             ui::ProgramForm& f = p.programForm();
             EXPECT_EQ(f.behaviour, "greeting");  // the first behaviour without a program
             f.phase = 1;                         // intervention
             f.prompts = {"model", "verbal", "gestural"};
             f.accuracy_pct = "90";
             f.consecutive_sessions = "2";
             f.min_trials = "4";
             f.cold_probe_only = true;
             f.schedule = 1;  // fixed ratio
             f.ratio = "3";
             f.model_kind = 1;  // peer
             f.video_prompting = true;
             f.fading = 2;  // stop earlier
             f.fading_trim_seconds = "2";
             f.model_views = "2";
         },
         [](ChildrenPanel& p) { ASSERT_TRUE(p.submit()) << p.message(); },
         [](ChildrenPanel& p) { p.openChangeProgram("greeting"); },
         [](ChildrenPanel& p) {
             ui::ProgramForm& f = p.programForm();
             EXPECT_FALSE(f.adding);
             EXPECT_EQ(f.ratio, "3");  // filled from the store
             f.prompts.push_back("touch cue");
             std::swap(f.prompts[0], f.prompts[1]);
             f.phase = 2;  // maintenance
             f.phase_reason = "90 % in 2 sessions";
             f.phase_therapist = 0;
             f.schedule = 2;  // variable ratio
             f.ratio = "4";
         },
         [](ChildrenPanel& p) { ASSERT_TRUE(p.submit()) << p.message(); }});

    auto behaviour = store::LibraryRepository(db()).findBehaviour("greeting");
    ASSERT_TRUE(behaviour.ok() && behaviour->has_value());
    auto program = clinical().findProgram(child, (*behaviour)->id);
    ASSERT_TRUE(program.ok() && program->has_value());
    const store::ProgramRecord& r = (*program)->record;
    EXPECT_EQ(r.phase, store::ProgramPhase::kMaintenance);
    EXPECT_EQ(r.prompt_hierarchy,
              (std::vector<std::string>{"verbal", "model", "gestural", "touch cue"}));
    EXPECT_EQ(r.mastery.accuracy_pct, 90);
    EXPECT_EQ(r.mastery.consecutive_sessions, 2);
    EXPECT_EQ(r.mastery.min_trials, 4);
    EXPECT_TRUE(r.mastery.cold_probe_only);
    EXPECT_EQ(r.reinforcement, store::ReinforcementSchedule::kVariableRatio);
    EXPECT_EQ(r.reinforcement_ratio, 4);
    EXPECT_EQ(r.chosen_model_kind, store::ModelKind::kPeer);
    EXPECT_TRUE(r.video_prompting);
    EXPECT_EQ(r.fading, store::FadingKind::kStopEarlier);
    EXPECT_EQ(r.fading_trim_ms, 2000);
    EXPECT_EQ(r.model_views, 2);

    auto history = store::SessionRepository(db()).phaseHistory((*program)->id);
    ASSERT_TRUE(history.ok());
    ASSERT_EQ(history->size(), 2u);
    EXPECT_EQ((*history)[0].record.to, store::ProgramPhase::kIntervention);
    EXPECT_EQ((*history)[1].record.from, store::ProgramPhase::kIntervention);
    EXPECT_EQ((*history)[1].record.to, store::ProgramPhase::kMaintenance);
    EXPECT_EQ((*history)[1].record.reason, "90 % in 2 sessions");
    EXPECT_EQ((*history)[1].therapist, "A. Jones");
    auto audit = store::AuditLog(db()).entries(std::string("program"));
    ASSERT_TRUE(audit.ok());
    ASSERT_EQ(audit->size(), 2u);
    EXPECT_EQ((*audit)[0].action, "add");
    EXPECT_EQ((*audit)[1].action, "change");
}

TEST_F(WindowFormsTest, ABadProgramFieldShowsItsLineKeepsTheFormAndStoresNothing) {
    const std::int64_t child = addChild("c-017");
    run({[](ChildrenPanel& p) { ASSERT_TRUE(p.selectChild("c-017")); },
         [](ChildrenPanel& p) { p.openAddProgram(); },
         [](ChildrenPanel& p) {
             p.programForm().accuracy_pct = "eighty";
             p.programForm().prompts = {"model", "verbal"};
         },
         [](ChildrenPanel& p) { EXPECT_FALSE(p.submit()); }},
        [](ChildrenPanel& p) {
            EXPECT_EQ(p.openForm(), ChildrenPanel::Form::kProgram);
            EXPECT_EQ(p.programForm().accuracy_pct, "eighty");
            EXPECT_EQ(p.programForm().prompts, (std::vector<std::string>{"model", "verbal"}));
            EXPECT_TRUE(oneLineSaying(p.message(), "accuracy"));
        });
    auto programs = clinical().listPrograms(child);
    ASSERT_TRUE(programs.ok());
    EXPECT_TRUE(programs->empty());
}

// The index of `word` in the reward kinds the form offers.
int rewardIndex(const std::string& word) {
    const auto at = std::find(ui::kRewardKinds.begin(), ui::kRewardKinds.end(), word);
    EXPECT_NE(at, ui::kRewardKinds.end()) << word;
    return static_cast<int>(at - ui::kRewardKinds.begin());
}

TEST_F(WindowFormsTest, TheScreenChoicesAreCopiedInStoredAndShown) {
    const std::int64_t child = addChild("c-017");
    const auto voice = dir_.path() / "my voice.wav";
    const auto chime = dir_.path() / "chime.wav";
    ASSERT_TRUE(testing::ffmpegMake(voice, "-f lavfi -i sine=f=300:d=2 -ar 22050"));
    ASSERT_TRUE(testing::ffmpegMake(chime, "-f lavfi -i sine=f=880:d=1"));
    bool saved = false;
    run({[](ChildrenPanel& p) { ASSERT_TRUE(p.selectChild("c-017")); },
         [](ChildrenPanel& p) { p.openScreenPrefs(); },
         [&](ChildrenPanel& p) {
             ui::ScreenPrefsForm& f = p.screenPrefsForm();
             EXPECT_EQ(f.reward, rewardIndex("stars"));
             EXPECT_FALSE(f.recorded_voice);
             f.reward = rewardIndex("sound");
             f.reward_file = chime.string();
             f.recorded_voice = true;
             f.cue_voice = voice.string();
         },
         [&](ChildrenPanel& p) { saved = p.submit(); }},
        [](ChildrenPanel& p) {
            ASSERT_NE(p.selectedChild(), nullptr);
            EXPECT_EQ(p.selectedChild()->screen.reward, "sound");
            EXPECT_TRUE(p.selectedChild()->screen.cue_voice.has_value());
            EXPECT_EQ(p.openForm(), ChildrenPanel::Form::kNone);
        });
    EXPECT_TRUE(saved);
    auto prefs = clinical().screenPrefs(child);
    ASSERT_TRUE(prefs.ok()) << prefs.error().message;
    EXPECT_EQ(prefs->reward, store::RewardKind::kSound);
    ASSERT_TRUE(prefs->reward_file && prefs->cue_voice);
    EXPECT_EQ(prefs->cue_voice->rfind("child-media/voice-", 0), 0u) << *prefs->cue_voice;
    for (const std::string& file : {*prefs->reward_file, *prefs->cue_voice}) {
        EXPECT_TRUE(fs::is_regular_file(data_->dir.absolute(file))) << file;
    }
    auto audit = store::AuditLog(db()).entriesAboutChild(child);
    ASSERT_TRUE(audit.ok());
    EXPECT_EQ(audit->back().action, "change");
    EXPECT_EQ(audit->back().record_kind, "child");

    // Opened again: the stored choices, and empty file fields that keep them.
    run({[](ChildrenPanel& p) { ASSERT_TRUE(p.selectChild("c-017")); },
         [](ChildrenPanel& p) { p.openScreenPrefs(); },
         [&](ChildrenPanel& p) {
             EXPECT_EQ(p.screenPrefsForm().reward, rewardIndex("sound"));
             EXPECT_TRUE(p.screenPrefsForm().recorded_voice);
             EXPECT_TRUE(p.screenPrefsForm().cue_voice.empty());
             p.screenPrefsForm().reward = rewardIndex("confetti");
         },
         [&](ChildrenPanel& p) { EXPECT_TRUE(p.submit()) << p.message(); }});
    auto after = clinical().screenPrefs(child);
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(after->reward, store::RewardKind::kConfetti);
    EXPECT_EQ(after->cue_voice, prefs->cue_voice);
    EXPECT_FALSE(after->reward_file);
    EXPECT_FALSE(fs::exists(data_->dir.absolute(*prefs->reward_file))) << "no longer used";
}

TEST_F(WindowFormsTest, AVoiceThatIsNotAWavShowsItsLineKeepsTheFormAndStoresNothing) {
    const std::int64_t child = addChild("c-017");
    const auto notes = dir_.path() / "notes.wav";
    std::ofstream(notes) << "not a sound\n";
    run({[](ChildrenPanel& p) { ASSERT_TRUE(p.selectChild("c-017")); },
         [](ChildrenPanel& p) { p.openScreenPrefs(); },
         [&](ChildrenPanel& p) {
             p.screenPrefsForm().recorded_voice = true;
             p.screenPrefsForm().cue_voice = notes.string();
         },
         [](ChildrenPanel& p) { EXPECT_FALSE(p.submit()); }},
        [&](ChildrenPanel& p) {
            EXPECT_EQ(p.openForm(), ChildrenPanel::Form::kScreenPrefs);
            EXPECT_EQ(p.screenPrefsForm().cue_voice, notes.string());
            EXPECT_TRUE(oneLineSaying(p.message(), "not a WAV file"));
        });
    auto prefs = clinical().screenPrefs(child);
    ASSERT_TRUE(prefs.ok());
    EXPECT_FALSE(prefs->cue_voice);
    EXPECT_FALSE(fs::exists(data_->dir.childMedia()) && !fs::is_empty(data_->dir.childMedia()));
}

TEST_F(WindowFormsTest, StartingASessionEndsTheRunWithTheRequest) {
    const std::int64_t child = addChild("c-017");
    ASSERT_TRUE(clinical().grantConsent(child, store::ConsentScope::kRecord, "parent", {}).ok());
    ProgramChange change;
    change.child = "c-017";
    change.behaviour = "turn-taking";
    change.phase = "intervention";
    ASSERT_TRUE(saveProgram(db(), change, ProgramSave::kAdd).ok());

    ui::WindowOptions options;
    options.start_in_children = true;
    options.quit_after_seconds = 30.0;
    int frame = 0;
    options.drive_children = [&](double, ChildrenPanel& p) {
        if (frame++ == 0) {
            ASSERT_TRUE(p.selectChild("c-017"));
            p.openStartSession();
            // The child's program in intervention is the default target.
            EXPECT_EQ(p.sessionForm().chosen, (std::vector<bool>{false, true}));
            p.sessionForm().setting = 1;  // home
            p.sessionForm().trials_per_target = "2";
            p.submit();
        }
    };
    auto report = runLibraryWindowOver(*data_, devices_, options);
    ASSERT_TRUE(report.ok()) << report.error().message;
    ASSERT_TRUE(report->session_request.has_value()) << report->message;
    EXPECT_EQ(report->session_request->child, "c-017");
    EXPECT_EQ(report->session_request->behaviours, (std::vector<std::string>{"turn-taking"}));
    EXPECT_EQ(report->session_request->setting, "home");
    EXPECT_EQ(report->session_request->trials_per_target, 2);
}

// The Children tab's review views over a real data folder: the chosen program's progress
// graph (a point's session lists its trials) and the IOA view, as the store has them. A
// screenshot of the tab is kept in the build folder (children-progress.png) to be looked at.
TEST_F(WindowFormsTest, TheChildrenTabShowsTheProgressGraphAndTheSecondObservers) {
    const std::int64_t child = addChild("c-1");
    ProgramChange change;
    change.child = "c-1";
    change.behaviour = "greeting";
    change.phase = "baseline";
    change.accuracy_pct = 80;
    ASSERT_TRUE(saveProgram(db(), change, ProgramSave::kAdd).ok());
    store::SessionRepository sessions(db());
    ASSERT_TRUE(db().connection().exec("DELETE FROM program_phase_changes").ok());
    ASSERT_TRUE(sessions
                    .addPhaseChange({1, store::ProgramPhase::kNone, store::ProgramPhase::kBaseline,
                                     "2026-11-01T09:00:00Z", std::nullopt, "added"})
                    .ok());
    ASSERT_TRUE(
        sessions
            .addPhaseChange({1, store::ProgramPhase::kBaseline, store::ProgramPhase::kIntervention,
                             "2026-11-05T09:00:00Z", std::nullopt, "stable"})
            .ok());
    store::LibraryRepository library(db());
    const std::int64_t greeting = library.findBehaviour("greeting").value()->id;
    store::ClipRecord clip;
    clip.path = "library/greeting.mp4";
    clip.sha256 = "ab";
    clip.duration_ms = 1000;
    clip.model_kind = store::ModelKind::kPeer;
    const std::int64_t clip_id = library.addClip(clip).value();
    // Eight sessions, three trials each: independent in 0..3 of them, rising after the change.
    const int independent[] = {0, 1, 0, 1, 2, 2, 3, 3};
    std::vector<std::int64_t> first_trials;
    for (int day = 0; day < 8; ++day) {
        const std::string at = "2026-11-0" + std::to_string(day + 1) + "T10:00:00Z";
        const std::int64_t session =
            clinical()
                .addSession(child, at, std::nullopt, std::nullopt, store::SessionSetting::kClinic)
                .value();
        for (int t = 0; t < 3; ++t) {
            store::RecordingRecord recording;
            recording.path =
                "recordings/s" + std::to_string(day) + "-" + std::to_string(t) + ".mkv";
            recording.started_at = at;
            recording.status = store::RecordingStatus::kComplete;
            const std::int64_t recording_id = clinical().addRecording(recording).value();
            const std::int64_t trial =
                clinical().addTrial(session, greeting, clip_id, recording_id, 1).value();
            if (t == 0) first_trials.push_back(trial);
            store::TrialScore score;
            score.outcome = t < independent[day] ? store::TrialOutcome::kIndependent
                                                 : store::TrialOutcome::kPrompted;
            if (score.outcome == store::TrialOutcome::kPrompted) score.prompt_level = "verbal";
            ASSERT_TRUE(clinical().scoreTrial(trial, score).ok());
        }
    }
    ASSERT_TRUE(store::ObserverRepository(db()).assign(first_trials[5], "B. Smith").ok());

    ui::WindowOptions options;
    options.width = 1100;
    options.height = 1400;  // tall enough to show both views without scrolling
    options.start_in_children = true;
    options.quit_after_seconds = 30.0;
    options.snapshot_png = fs::path(MIMIC_WINDOW_SHOTS_DIR) / "children-progress.png";
    options.snapshot_after_seconds = 1.0;
    fs::remove(options.snapshot_png);
    bool started = false;
    bool quit_sent = false;
    options.drive_children = [&](double seconds, ChildrenPanel& p) {
        if (!started) {
            started = true;
            // The first program's graph is shown without asking.
            EXPECT_EQ(p.progressBehaviour(), "greeting");
            ASSERT_TRUE(p.selectChild("c-1"));
            p.showProgress("greeting");
            ASSERT_TRUE(p.progressGraph().selectPoint(5));
            return;
        }
        if (seconds < 2.0 || quit_sent) return;
        const ui::ProgressGraphData& data = p.progressGraph().data();
        ASSERT_EQ(data.series.points.size(), 8u);
        EXPECT_EQ(data.series.goal_pct, 80);
        ASSERT_EQ(data.series.phase_lines.size(), 1u);
        EXPECT_EQ(data.series.phase_lines[0].before_point, 4u);
        EXPECT_DOUBLE_EQ(*data.series.points[6].accuracy_pct, 100.0);
        const auto& trials = p.progressGraph().selectedTrials();
        ASSERT_EQ(trials.size(), 3u);
        EXPECT_EQ(trials[0].trial_id, first_trials[5]);
        EXPECT_EQ(trials[0].outcome, "independent");
        EXPECT_EQ(trials[0].second_observer, "B. Smith");
        EXPECT_EQ(trials[2].prompt_level, "verbal");
        // IOA: baseline 0 of 4 sessions (1 needed), intervention 1 of 4 (met).
        ASSERT_EQ(p.ioaView().data().size(), 1u);
        const auto& phases = p.ioaView().data()[0].phases;
        ASSERT_EQ(phases.size(), 2u);
        EXPECT_EQ(phases[0].phase, store::ProgramPhase::kBaseline);
        EXPECT_EQ(phases[0].needed, 1);
        ASSERT_EQ(phases[0].picks.size(), 1u);
        EXPECT_EQ(phases[0].picks[0].trial_id, first_trials[2]);
        EXPECT_TRUE(phases[1].met);
        // A trial chosen under the graph closes the window for its review.
        EXPECT_TRUE(p.progressGraph().openTrial(trials[1].trial_id));
        quit_sent = true;
    };
    auto report = runLibraryWindowOver(*data_, devices_, options);
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_TRUE(quit_sent) << "the window closed before the views were checked";
    ASSERT_TRUE(report->review_request.has_value()) << "no review was asked for";
    EXPECT_EQ(report->review_request->child, "c-1");
    EXPECT_EQ(report->review_request->trial, first_trials[5] + 1);
    EXPECT_TRUE(fs::exists(options.snapshot_png));
}

TEST_F(WindowFormsTest, ACameraThatCannotOpenShowsItsLineAndTheWindowStays) {
    const std::int64_t child = addChild("c-017");
    ASSERT_TRUE(clinical().grantConsent(child, store::ConsentScope::kRecord, "parent", {}).ok());
    devices_.camera = (dir_.path() / "no-such-camera.mkv").string();
    ui::WindowReport report =
        run({[](ChildrenPanel& p) { ASSERT_TRUE(p.selectChild("c-017")); },
             [](ChildrenPanel& p) { p.openStartSession(); },
             [](ChildrenPanel& p) {
                 p.sessionForm().chosen = {true, false};
                 EXPECT_FALSE(p.submit());
             }},
            [](ChildrenPanel& p) {
                EXPECT_EQ(p.openForm(), ChildrenPanel::Form::kSession);
                EXPECT_EQ(p.sessionForm().chosen, (std::vector<bool>{true, false}));
            });
    EXPECT_FALSE(report.session_request.has_value());
    EXPECT_TRUE(oneLineSaying(report.message, "no-such-camera.mkv"));
    EXPECT_TRUE(oneLineSaying(report.message, "cannot be opened"));
}

TEST_F(WindowFormsTest, AChildWithoutRecordingConsentCannotStartASession) {
    addChild("c-017");
    ui::WindowReport report = run({[](ChildrenPanel& p) { ASSERT_TRUE(p.selectChild("c-017")); },
                                   [](ChildrenPanel& p) { p.openStartSession(); },
                                   [](ChildrenPanel& p) {
                                       p.sessionForm().chosen = {true, true};
                                       EXPECT_FALSE(p.submit());
                                   }});
    EXPECT_FALSE(report.session_request.has_value());
    EXPECT_TRUE(oneLineSaying(report.message, "no current consent to be recorded"));
}

}  // namespace
}  // namespace mimic::app

namespace mimic::app {
namespace {

// The ui cannot see the store, so it keeps its own lists of the words the store takes; they
// must stay the same words, and a new form must start from the store's own defaults.
TEST(FormWords, EveryWordTheFormsOfferIsOneTheStoreTakes) {
    for (const std::string& word : ui::kPhases) {
        EXPECT_EQ(store::programPhaseName(store::parseProgramPhase(word)), word);
    }
    for (const std::string& word : ui::kSchedules) {
        EXPECT_EQ(store::reinforcementScheduleName(store::parseReinforcementSchedule(word)), word);
    }
    for (const std::string& word : ui::kConsentScopes) {
        EXPECT_EQ(store::consentScopeName(store::parseConsentScope(word)), word);
    }
    for (const std::string& word : ui::kSettings) {
        EXPECT_EQ(store::sessionSettingName(store::parseSessionSetting(word)), word);
    }
    for (const std::string& word : ui::kModelKinds) {
        EXPECT_EQ(store::modelKindName(store::parseModelKind(word)), word);
    }
    for (const std::string& word : ui::kFadings) {
        EXPECT_EQ(store::fadingKindName(store::parseFadingKind(word)), word);
    }
    for (const std::string& word : ui::kRewardKinds) {
        EXPECT_EQ(store::rewardKindName(store::parseRewardKind(word)), word);
    }
    EXPECT_EQ(ui::ScreenPrefsEntry{}.reward,
              store::rewardKindName(store::ChildScreenPrefs{}.reward));
    EXPECT_EQ(ui::kDefaultPrompts, store::kDefaultPromptHierarchy);
    const ui::ProgramSettings form;
    const store::ProgramRecord stored;
    EXPECT_EQ(form.phase, store::programPhaseName(stored.phase));
    EXPECT_EQ(form.accuracy_pct, stored.mastery.accuracy_pct);
    EXPECT_EQ(form.consecutive_sessions, stored.mastery.consecutive_sessions);
    EXPECT_EQ(form.min_trials, stored.mastery.min_trials);
    EXPECT_EQ(form.cold_probe_only, stored.mastery.cold_probe_only);
    EXPECT_EQ(form.min_therapists, stored.mastery.min_therapists);
    EXPECT_EQ(form.reinforcement, store::reinforcementScheduleName(stored.reinforcement));
    EXPECT_EQ(form.ratio, stored.reinforcement_ratio);
    EXPECT_EQ(form.model_views, stored.model_views);
}

}  // namespace
}  // namespace mimic::app

namespace mimic::app {
namespace {

// In an encrypted folder an observer may open the window (to review and code) and sees the
// record, but every form that changes it is refused in one line, as the commands refuse it
// (issue 14, acceptance 4: roles in the window too).
class ObserverWindowTest : public WindowFormsTest {
  protected:
    void SetUp() override {
        const fs::path root = dir_.path() / "sealed";
        fs::create_directories(root);
        auto admin =
            crypto::KeyFile::create(crypto::KeyFile::pathIn(root), "Ada", "admin phrase 1");
        ASSERT_TRUE(admin.ok()) << admin.error().message;
        auto keys = crypto::KeyFile::load(crypto::KeyFile::pathIn(root));
        ASSERT_TRUE(keys.ok()) << keys.error().message;
        ASSERT_TRUE(keys->addUser(*admin, "Olga", crypto::Role::kObserver, "observer phrase").ok());
        const Status signed_in = signInWith(root, "Olga", "observer phrase");
        ASSERT_TRUE(signed_in.ok()) << signed_in.error().message;
        auto data = openDataContext(root, IfMissing::kCreate, crypto::Role::kObserver);
        ASSERT_TRUE(data.ok()) << data.error().message;
        data_.emplace(std::move(data).value());
        ASSERT_TRUE(clinical().addChild("c-1").ok());
    }
};

TEST_F(ObserverWindowTest, AnObserverSeesTheRecordButItsFormsAreRefused) {
    bool child_saved = true;
    bool consent_saved = true;
    run({[](ChildrenPanel& p) { p.openAddChild(); },
         [](ChildrenPanel& p) { p.childForm().code = "c-2"; },
         [&](ChildrenPanel& p) {
             child_saved = p.submit();
             EXPECT_TRUE(
                 oneLineSaying(p.message(), "only a therapist or an admin may add a child"));
         },
         [](ChildrenPanel& p) { p.cancel(); },
         [](ChildrenPanel& p) { ASSERT_TRUE(p.selectChild("c-1")); },
         [](ChildrenPanel& p) { p.openGrantConsent(); },
         [](ChildrenPanel& p) {
             p.consentForm().scope = 0;  // record
             p.consentForm().granted_by = "parent: A. Smith";
             p.consentForm().expires = "2099-06-30";
         },
         [&](ChildrenPanel& p) { consent_saved = p.submit(); }},
        [](ChildrenPanel& p) {
            EXPECT_TRUE(oneLineSaying(p.message(), "may grant a consent"));
            ASSERT_EQ(p.records().children.size(), 1u);  // the record is shown
            EXPECT_EQ(p.records().children.front().code, "c-1");
        });
    EXPECT_FALSE(child_saved);
    EXPECT_FALSE(consent_saved);
    auto children = clinical().listChildren();
    ASSERT_TRUE(children.ok());
    ASSERT_EQ(children->size(), 1u);
    auto consents = clinical().listConsents(children->front().id);
    ASSERT_TRUE(consents.ok());
    EXPECT_TRUE(consents->empty());
}

}  // namespace
}  // namespace mimic::app
