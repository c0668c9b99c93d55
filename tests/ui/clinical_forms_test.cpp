// The forms' rules as plain C++: what each form accepts, the one line it gives otherwise,
// and the forms filled from what is stored.
#include "ui/clinical_forms.h"

#include <gtest/gtest.h>

#include <string>

namespace mimic::ui {
namespace {

// A fixed "now" for the consent expiry rule: 2026-12-02T08:00:00Z.
UtcSeconds now() {
    auto parsed = parseUtc("2026-12-02T08:00:00Z");
    EXPECT_TRUE(parsed.ok());
    return *parsed;
}

// Refused with one line that holds `words`.
template <typename T>
bool says(const Result<T>& result, const std::string& words) {
    return !result.ok() && result.error().message.find(words) != std::string::npos &&
           result.error().message.find('\n') == std::string::npos;
}

TEST(ChildForm, TakesAPseudonymTrimmed) {
    auto code = validateChildForm({"  c-017 "});
    ASSERT_TRUE(code.ok()) << code.error().message;
    EXPECT_EQ(*code, "c-017");
}

TEST(ChildForm, RefusesEmptyNamesAndSpaces) {
    EXPECT_FALSE(validateChildForm({""}).ok());
    EXPECT_FALSE(validateChildForm({"Anna Smith"}).ok());
    EXPECT_FALSE(validateChildForm({"-017"}).ok());
    EXPECT_FALSE(validateChildForm({std::string(33, 'a')}).ok());
}

TEST(TherapistForm, TakesANameTrimmedAndRefusesEmptyOrControlCharacters) {
    auto name = validateTherapistForm({" A. Jones "});
    ASSERT_TRUE(name.ok()) << name.error().message;
    EXPECT_EQ(*name, "A. Jones");
    EXPECT_TRUE(says(validateTherapistForm({"   "}), "therapist's name"));
    EXPECT_TRUE(says(validateTherapistForm({"A.\tJones"}), "therapist's name"));
}

TEST(ConsentForm, TakesScopeByAndAFutureExpiry) {
    ConsentForm form{2, " parent: A. Smith ", "2027-06-30"};
    auto consent = validateConsentForm(form, now());
    ASSERT_TRUE(consent.ok()) << consent.error().message;
    EXPECT_EQ(consent->scope, "training-use");
    EXPECT_EQ(consent->granted_by, "parent: A. Smith");
    EXPECT_EQ(consent->expires, "2027-06-30");
}

TEST(ConsentForm, WithoutExpiryHasNoEnd) {
    auto consent = validateConsentForm({0, "parent", ""}, now());
    ASSERT_TRUE(consent.ok()) << consent.error().message;
    EXPECT_EQ(consent->scope, "record");
    EXPECT_FALSE(consent->expires.has_value());
}

TEST(ConsentForm, RefusesWhatCannotBeStored) {
    EXPECT_TRUE(says(validateConsentForm({0, "   ", ""}, now()), "who granted it"));
    EXPECT_TRUE(says(validateConsentForm({0, "a\nb", ""}, now()), "who granted it"));
    EXPECT_TRUE(says(validateConsentForm({3, "parent", ""}, now()), "choose"));
    EXPECT_TRUE(says(validateConsentForm({-1, "parent", ""}, now()), "choose"));
    EXPECT_FALSE(validateConsentForm({0, "parent", "2026-12-01"}, now()).ok());  // past
    EXPECT_FALSE(validateConsentForm({0, "parent", "2027-02-29"}, now()).ok());  // no such day
    EXPECT_FALSE(validateConsentForm({0, "parent", "next june"}, now()).ok());
}

ProgramForm goodProgram() {
    ProgramForm form;
    form.behaviour = "greeting";
    return form;
}

TEST(ProgramForm, DefaultsAreAValidProgram) {
    auto program = validateProgramForm(goodProgram(), {});
    ASSERT_TRUE(program.ok()) << program.error().message;
    const ProgramSettings& s = program->settings;
    EXPECT_EQ(s.phase, "baseline");
    EXPECT_EQ(s.prompt_hierarchy, kDefaultPrompts);
    EXPECT_EQ(s.accuracy_pct, 80);
    EXPECT_EQ(s.consecutive_sessions, 3);
    EXPECT_EQ(s.min_trials, 1);
    EXPECT_EQ(s.min_therapists, 1);
    EXPECT_EQ(s.reinforcement, "continuous");
    EXPECT_EQ(s.ratio, 1);
    EXPECT_EQ(s.fading, "");
    EXPECT_EQ(s.model_views, 1);
}

TEST(ProgramForm, ReadsEverySetting) {
    ProgramForm form = goodProgram();
    form.phase = 1;
    form.prompts = {" model ", "gestural"};
    form.accuracy_pct = "90";
    form.consecutive_sessions = "2";
    form.min_trials = "5";
    form.cold_probe_only = true;
    form.min_therapists = "2";
    form.schedule = 2;
    form.ratio = "3";
    form.chosen_clip_id = 7;
    form.model_kind = 4;
    form.video_prompting = true;
    form.fading = 1;
    form.fading_steps = "0";
    form.fading_trim_seconds = "2";
    form.model_views = "2";
    form.phase_reason = "baseline stable";
    form.phase_therapist = 1;
    auto program = validateProgramForm(form, {"A. Jones", "B. Lee"});
    ASSERT_TRUE(program.ok()) << program.error().message;
    const ProgramSettings& s = program->settings;
    EXPECT_EQ(s.phase, "intervention");
    EXPECT_EQ(s.prompt_hierarchy, (std::vector<std::string>{"model", "gestural"}));
    EXPECT_EQ(s.accuracy_pct, 90);
    EXPECT_EQ(s.consecutive_sessions, 2);
    EXPECT_EQ(s.min_trials, 5);
    EXPECT_TRUE(s.cold_probe_only);
    EXPECT_EQ(s.min_therapists, 2);
    EXPECT_EQ(s.reinforcement, "variable-ratio");
    EXPECT_EQ(s.ratio, 3);
    EXPECT_EQ(s.chosen_clip_id, 7);
    EXPECT_EQ(s.model_kind, "point-of-view");
    EXPECT_TRUE(s.video_prompting);
    EXPECT_EQ(s.fading, "start-later");
    EXPECT_EQ(s.fading_trim_ms, 2000);
    EXPECT_EQ(s.model_views, 2);
    EXPECT_EQ(program->reason, "baseline stable");
    EXPECT_EQ(program->therapist, "B. Lee");
}

TEST(ProgramForm, ContinuousKeepsNoRatio) {
    ProgramForm form = goodProgram();
    form.ratio = "not a number";  // hidden while continuous: not held against the form
    auto program = validateProgramForm(form, {});
    ASSERT_TRUE(program.ok()) << program.error().message;
    EXPECT_EQ(program->settings.ratio, 1);
}

// One bad field at a time: each gives its own line naming the field.
TEST(ProgramForm, EachBadFieldSaysWhichAndWhy) {
    struct Case {
        const char* name;
        void (*spoil)(ProgramForm&);
        const char* words;
    };
    const Case cases[] = {
        {"no behaviour", [](ProgramForm& f) { f.behaviour.clear(); }, "behaviour"},
        {"accuracy 0", [](ProgramForm& f) { f.accuracy_pct.assign(1, '0'); }, "accuracy"},
        {"accuracy 101", [](ProgramForm& f) { f.accuracy_pct = "101"; }, "1 to 100"},
        {"accuracy text", [](ProgramForm& f) { f.accuracy_pct = "8o"; }, "whole number"},
        {"accuracy decimal", [](ProgramForm& f) { f.accuracy_pct = "80.5"; }, "whole number"},
        {"sessions empty", [](ProgramForm& f) { f.consecutive_sessions = ""; }, "sessions"},
        {"min trials 0", [](ProgramForm& f) { f.min_trials.assign(1, '0'); }, "minimum trials"},
        {"therapists -1", [](ProgramForm& f) { f.min_therapists = "-1"; }, "therapists"},
        {"fixed ratio 1",
         [](ProgramForm& f) {
             f.schedule = 1;
             f.ratio.assign(1, '1');
         },
         "ratio N"},
        {"variable ratio text",
         [](ProgramForm& f) {
             f.schedule = 2;
             f.ratio = "";
         },
         "ratio N"},
        {"no prompt levels", [](ProgramForm& f) { f.prompts.clear(); }, "at least one level"},
        {"an empty level", [](ProgramForm& f) { f.prompts[2] = "  "; }, "prompt level 3"},
        {"an outcome as level", [](ProgramForm& f) { f.prompts[0] = "Independent"; }, "outcome"},
        {"a level twice", [](ProgramForm& f) { f.prompts[1] = f.prompts[0]; }, "twice"},
        {"fading without amount",
         [](ProgramForm& f) {
             f.fading = 2;
             f.fading_steps.assign(1, '0');
             f.fading_trim_seconds.assign(1, '0');
         },
         "fading needs"},
        {"fading trim text",
         [](ProgramForm& f) {
             f.fading = 1;
             f.fading_trim_seconds = "a bit";
         },
         "fading trim"},
        {"model views 0", [](ProgramForm& f) { f.model_views.assign(1, '0'); }, "times the model"},
        {"phase out of range", [](ProgramForm& f) { f.phase = 9; }, "phase"},
        {"therapist out of range", [](ProgramForm& f) { f.phase_therapist = 3; }, "therapist"},
    };
    for (const Case& c : cases) {
        ProgramForm form = goodProgram();
        c.spoil(form);
        const ProgramForm typed = form;
        auto program = validateProgramForm(form, {"A. Jones"});
        EXPECT_TRUE(says(program, c.words))
            << c.name << ": " << (program.ok() ? "accepted" : program.error().message);
        EXPECT_EQ(form.accuracy_pct, typed.accuracy_pct) << c.name;  // nothing typed is lost
        EXPECT_EQ(form.prompts, typed.prompts) << c.name;
    }
}

TEST(ProgramForm, FilledFromAStoredProgramGivesItBack) {
    ProgramEntry stored;
    stored.behaviour = "turn-taking";
    stored.settings.phase = "maintenance";
    stored.settings.prompt_hierarchy = {"model", "verbal"};
    stored.settings.accuracy_pct = 90;
    stored.settings.reinforcement = "fixed-ratio";
    stored.settings.ratio = 4;
    stored.settings.fading = "stop-earlier";
    stored.settings.fading_steps = 1;
    stored.settings.model_kind = "self";
    stored.settings.chosen_clip_id = 3;
    const ProgramForm form = programFormFor(stored);
    EXPECT_FALSE(form.adding);
    EXPECT_EQ(form.initial_phase, 2);
    auto back = validateProgramForm(form, {});
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->behaviour, "turn-taking");
    const ProgramSettings& s = back->settings;
    EXPECT_EQ(s.phase, "maintenance");
    EXPECT_EQ(s.prompt_hierarchy, stored.settings.prompt_hierarchy);
    EXPECT_EQ(s.accuracy_pct, 90);
    EXPECT_EQ(s.reinforcement, "fixed-ratio");
    EXPECT_EQ(s.ratio, 4);
    EXPECT_EQ(s.fading, "stop-earlier");
    EXPECT_EQ(s.fading_steps, 1);
    EXPECT_EQ(s.model_kind, "self");
    EXPECT_EQ(s.chosen_clip_id, 3);
}

TEST(SessionForm, ChoosesProgramsInInterventionAndMaintenance) {
    ChildEntry child;
    child.code = "c-017";
    child.programs = {{"greeting", {}}, {"sharing", {}}, {"waving", {}}};
    child.programs[0].settings.phase = "intervention";
    child.programs[1].settings.phase = "baseline";
    child.programs[2].settings.phase = "maintenance";
    const SessionForm form = sessionFormFor(child, {"asking", "greeting", "sharing", "waving"});
    EXPECT_EQ(form.chosen, (std::vector<bool>{false, true, false, true}));
    auto request = validateSessionForm(form, {"A. Jones"});
    ASSERT_TRUE(request.ok()) << request.error().message;
    EXPECT_EQ(request->child, "c-017");
    EXPECT_EQ(request->behaviours, (std::vector<std::string>{"greeting", "waving"}));
    EXPECT_EQ(request->therapist, "");
    EXPECT_EQ(request->setting, "clinic");
    EXPECT_EQ(request->trials_per_target, 3);
}

TEST(SessionForm, RefusesNoTargetsAndBadTrialCounts) {
    SessionForm form;
    form.child = "c-017";
    form.behaviours = {"greeting"};
    form.chosen = {false};
    EXPECT_TRUE(says(validateSessionForm(form, {}), "at least one target"));
    form.chosen = {true};
    form.trials_per_target = "0";
    EXPECT_TRUE(says(validateSessionForm(form, {}), "trials per target"));
    form.trials_per_target = "21";
    EXPECT_TRUE(says(validateSessionForm(form, {}), "1 to 20"));
    form.trials_per_target = "5";
    form.therapist = 0;
    form.setting = 1;
    auto request = validateSessionForm(form, {"A. Jones"});
    ASSERT_TRUE(request.ok()) << request.error().message;
    EXPECT_EQ(request->therapist, "A. Jones");
    EXPECT_EQ(request->setting, "home");
    EXPECT_EQ(request->trials_per_target, 5);
}

// Index of `word` in kRewardKinds.
int rewardIndex(const std::string& word) {
    for (std::size_t i = 0; i < kRewardKinds.size(); ++i)
        if (kRewardKinds[i] == word) return static_cast<int>(i);
    ADD_FAILURE() << word << " is not offered";
    return -1;
}

TEST(ScreenPrefsForm, DefaultsAreStarsAndTheSpokenCue) {
    const ScreenPrefsEntry stored;
    const ScreenPrefsForm form = screenPrefsFormFor(stored);
    auto checked = validateScreenPrefsForm(form, stored);
    ASSERT_TRUE(checked.ok()) << checked.error().message;
    EXPECT_EQ(checked->reward, "stars");
    EXPECT_FALSE(checked->reward_file);
    EXPECT_FALSE(checked->cue_voice);
    EXPECT_TRUE(checked->cue_voice_default);
}

TEST(ScreenPrefsForm, ReadsTheRewardItsFileAndTheVoiceTrimmed) {
    ScreenPrefsForm form;
    form.reward = rewardIndex("sound");
    form.reward_file = "  /home/t/chime.wav ";
    form.recorded_voice = true;
    form.cue_voice = "/home/t/your turn.wav";
    auto checked = validateScreenPrefsForm(form, ScreenPrefsEntry{});
    ASSERT_TRUE(checked.ok()) << checked.error().message;
    EXPECT_EQ(checked->reward, "sound");
    EXPECT_EQ(checked->reward_file, "/home/t/chime.wav");
    EXPECT_EQ(checked->cue_voice, "/home/t/your turn.wav");
    EXPECT_FALSE(checked->cue_voice_default);

    // A file typed for a clip, then stars chosen: the file is not sent.
    form.reward = rewardIndex("stars");
    checked = validateScreenPrefsForm(form, ScreenPrefsEntry{});
    ASSERT_TRUE(checked.ok());
    EXPECT_FALSE(checked->reward_file);
}

TEST(ScreenPrefsForm, EmptyFieldsKeepWhatIsStored) {
    ScreenPrefsEntry stored;
    stored.reward = "clip";
    stored.reward_file = "child-media/reward-0123456789abcdef.mp4";
    stored.cue_voice = "child-media/voice-0123456789abcdef.wav";
    const ScreenPrefsForm form = screenPrefsFormFor(stored);
    EXPECT_EQ(form.reward, rewardIndex("clip"));
    EXPECT_TRUE(form.recorded_voice);
    EXPECT_TRUE(form.reward_file.empty()) << "the field is for a new file";
    auto checked = validateScreenPrefsForm(form, stored);
    ASSERT_TRUE(checked.ok()) << checked.error().message;
    EXPECT_EQ(checked->reward, "clip");
    EXPECT_FALSE(checked->reward_file);
    EXPECT_FALSE(checked->cue_voice);
    EXPECT_FALSE(checked->cue_voice_default);
}

TEST(ScreenPrefsForm, RefusesARecordedVoiceWithoutFileAndBadPaths) {
    ScreenPrefsForm form;
    form.recorded_voice = true;
    EXPECT_TRUE(says(validateScreenPrefsForm(form, ScreenPrefsEntry{}), "WAV file"));
    form.cue_voice = "/tmp/a\nb.wav";
    EXPECT_TRUE(says(validateScreenPrefsForm(form, ScreenPrefsEntry{}), "voice file's path"));
    form.cue_voice = "/tmp/voice.wav";
    form.reward = rewardIndex("clip");
    form.reward_file = std::string("/tmp/\x1b[31m.mp4");
    EXPECT_TRUE(says(validateScreenPrefsForm(form, ScreenPrefsEntry{}), "reward file's path"));
    form.reward = 99;
    EXPECT_TRUE(says(validateScreenPrefsForm(form, ScreenPrefsEntry{}), "choose a reward"));
}

TEST(SessionForm, AsksForTheChildsDisplayOnlyWithTwo) {
    SessionForm form;
    form.child = "c-017";
    form.behaviours = {"greeting"};
    form.chosen = {true};
    auto one = validateSessionForm(form, {});
    ASSERT_TRUE(one.ok()) << one.error().message;
    EXPECT_FALSE(one->child_display) << "one display: nothing to choose";
    form.displays = 2;
    auto two = validateSessionForm(form, {});
    ASSERT_TRUE(two.ok()) << two.error().message;
    EXPECT_EQ(two->child_display, 2) << "by default the display that is not the primary";
    form.child_display = 1;
    EXPECT_EQ(validateSessionForm(form, {})->child_display, 1);
    form.child_display = 3;
    EXPECT_TRUE(says(validateSessionForm(form, {}), "the display the child looks at"));
}

TEST(Summaries, ReadAsAPersonWouldSayThem) {
    ProgramSettings s;
    EXPECT_EQ(masterySummary(s), "80 % in 3 sessions, at least 1 trial");
    s.min_trials = 5;
    s.cold_probe_only = true;
    s.min_therapists = 2;
    EXPECT_EQ(masterySummary(s), "80 % in 3 sessions, at least 5 trials, cold probe, 2 therapists");
    EXPECT_EQ(scheduleSummary(s), "continuous");
    s.reinforcement = "fixed-ratio";
    s.ratio = 3;
    EXPECT_EQ(scheduleSummary(s), "fixed ratio 3");
    EXPECT_EQ(dayOf("2027-09-01T00:00:00Z"), "2027-09-01");
    ConsentEntry consent;
    EXPECT_EQ(consentState(consent), "expired");
    consent.revoked_at = "2026-12-01T10:00:00Z";
    EXPECT_EQ(consentState(consent), "revoked");
    consent.current = true;
    EXPECT_EQ(consentState(consent), "current");
    ScreenPrefsEntry screen;
    EXPECT_EQ(screenPrefsSummary(screen), "stars; the cue spoken by the computer");
    screen.reward = "sound";
    screen.cue_voice = "child-media/voice-0123456789abcdef.wav";
    EXPECT_EQ(screenPrefsSummary(screen), "a favourite sound; the cue in a recorded voice");
}

}  // namespace
}  // namespace mimic::ui
