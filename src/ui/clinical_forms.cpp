#include "ui/clinical_forms.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstddef>

#include "common/names.h"

namespace mimic::ui {

namespace {

// The longest file path a form takes (Linux's PATH_MAX).
constexpr std::size_t kMaxPathBytes = 4096;

std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos) return {};
    const auto last = text.find_last_not_of(" \t");
    return text.substr(first, last - first + 1);
}

// A whole number typed into a field named `what`, from `min` to `max`.
Result<std::int64_t> wholeNumber(const std::string& typed, const std::string& what,
                                 std::int64_t min, std::int64_t max) {
    const std::string text = trimmed(typed);
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    const std::string range = std::to_string(min) + " to " + std::to_string(max);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
        return Error{what + " must be a whole number, " + range};
    }
    if (value < min || value > max) return Error{what + " must be " + range};
    return value;
}

Result<int> smallNumber(const std::string& typed, const std::string& what, int min, int max) {
    auto value = wholeNumber(typed, what, min, max);
    if (!value) return value.error();
    return static_cast<int>(*value);
}

// An index into one of the fixed lists of words.
Result<std::string> picked(const std::vector<std::string>& words, int index,
                           const std::string& what) {
    if (index < 0 || static_cast<std::size_t>(index) >= words.size()) {
        return Error{"choose " + what};
    }
    return words[static_cast<std::size_t>(index)];
}

Result<std::string> pickedTherapist(const std::vector<std::string>& therapists, int index) {
    if (index < 0) return std::string();
    return picked(therapists, index, "a therapist from the list");
}

// The same words the store uses for outcomes, which are not prompt levels.
bool isOutcomeWord(const std::string& level) {
    for (const char* outcome : {"independent", "no response", "no-response", "incorrect"}) {
        std::string lower = level;
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (lower == outcome) return true;
    }
    return false;
}

Result<std::vector<std::string>> checkedPrompts(const std::vector<std::string>& typed) {
    std::vector<std::string> levels;
    for (std::size_t i = 0; i < typed.size(); ++i) {
        const std::string level = trimmed(typed[i]);
        const std::string which = "prompt level " + std::to_string(i + 1);
        if (level.empty()) return Error{which + " has no name (remove it or name it)"};
        if (Status s = checkName(which, level); !s) return s.error();
        if (isOutcomeWord(level)) {
            return Error{"'" + level + "' is an outcome, not a prompt level"};
        }
        if (std::find(levels.begin(), levels.end(), level) != levels.end()) {
            return Error{"prompt level '" + level + "' is listed twice"};
        }
        levels.push_back(level);
    }
    if (levels.empty()) return Error{"the prompt hierarchy needs at least one level"};
    return levels;
}

}  // namespace

Result<std::string> validateChildForm(const ChildForm& form) {
    const std::string code = trimmed(form.code);
    if (Status s = checkChildCode(code); !s) return s.error();
    return code;
}

Result<std::string> validateTherapistForm(const TherapistForm& form) {
    const std::string name = trimmed(form.name);
    if (name.empty()) return Error{"give the therapist's name"};
    if (Status s = checkName("a therapist's name", name); !s) return s.error();
    return name;
}

Result<NewConsent> validateConsentForm(const ConsentForm& form, UtcSeconds now) {
    NewConsent consent;
    auto scope = picked(kConsentScopes, form.scope, "what the consent allows");
    if (!scope) return scope.error();
    consent.scope = *scope;
    consent.granted_by = trimmed(form.granted_by);
    if (consent.granted_by.empty()) {
        return Error{"say who granted it, e.g. 'parent: A. Smith'"};
    }
    if (Status s = checkName("who granted it", consent.granted_by); !s) return s.error();
    const std::string expires = trimmed(form.expires);
    if (!expires.empty()) {
        auto checked = parseFutureExpiry(expires, now);
        if (!checked) return checked.error();
        consent.expires = expires;
    }
    return consent;
}

Result<CheckedProgram> validateProgramForm(const ProgramForm& form,
                                           const std::vector<std::string>& therapists) {
    CheckedProgram out;
    out.adding = form.adding;
    out.behaviour = form.behaviour;
    if (out.behaviour.empty()) return Error{"choose the behaviour the program targets"};
    ProgramSettings& s = out.settings;
    auto phase = picked(kPhases, form.phase, "a phase");
    if (!phase) return phase.error();
    s.phase = *phase;
    auto prompts = checkedPrompts(form.prompts);
    if (!prompts) return prompts.error();
    s.prompt_hierarchy = *prompts;

    auto accuracy = smallNumber(form.accuracy_pct, "mastery accuracy (%)", 1, 100);
    if (!accuracy) return accuracy.error();
    s.accuracy_pct = *accuracy;
    auto sessions = smallNumber(form.consecutive_sessions, "consecutive sessions", 1, 100);
    if (!sessions) return sessions.error();
    s.consecutive_sessions = *sessions;
    auto trials = smallNumber(form.min_trials, "minimum trials per session", 1, 1000);
    if (!trials) return trials.error();
    s.min_trials = *trials;
    s.cold_probe_only = form.cold_probe_only;
    auto different = smallNumber(form.min_therapists, "different therapists", 1, 100);
    if (!different) return different.error();
    s.min_therapists = *different;

    auto schedule = picked(kSchedules, form.schedule, "a reinforcement schedule");
    if (!schedule) return schedule.error();
    s.reinforcement = *schedule;
    if (s.reinforcement == "continuous") {
        s.ratio = 1;  // every correct response: no ratio to keep
    } else {
        // A ratio of 1 is continuous reinforcement: thinning starts at every 2nd response.
        auto ratio = smallNumber(form.ratio, "the ratio N", 2, 100);
        if (!ratio) return ratio.error();
        s.ratio = *ratio;
    }

    s.chosen_clip_id = form.chosen_clip_id;
    auto kind = picked(kModelKinds, form.model_kind, "a model kind");
    if (!kind) return kind.error();
    s.model_kind = *kind;
    s.video_prompting = form.video_prompting;
    auto fading = picked(kFadings, form.fading, "a kind of fading");
    if (!fading) return fading.error();
    s.fading = *fading;
    if (s.fading == "start-later" || s.fading == "stop-earlier") {
        auto steps = smallNumber(form.fading_steps, "fading steps", 0, 100);
        if (!steps) return steps.error();
        s.fading_steps = *steps;
        auto trim = wholeNumber(form.fading_trim_seconds, "fading trim (seconds)", 0, 600);
        if (!trim) return trim.error();
        s.fading_trim_ms = *trim * 1000;
        if (s.fading_steps == 0 && s.fading_trim_ms == 0) {
            return Error{"fading needs steps or seconds to leave out"};
        }
    }
    auto views = smallNumber(form.model_views, "times the model plays", 1, 10);
    if (!views) return views.error();
    s.model_views = *views;

    out.reason = trimmed(form.phase_reason);
    if (!out.reason.empty()) {
        if (Status st = checkName("the reason", out.reason); !st) return st.error();
    }
    auto therapist = pickedTherapist(therapists, form.phase_therapist);
    if (!therapist) return therapist.error();
    out.therapist = *therapist;
    return out;
}

Result<SessionRequest> validateSessionForm(const SessionForm& form,
                                           const std::vector<std::string>& therapists) {
    SessionRequest request;
    request.child = form.child;
    if (request.child.empty()) return Error{"choose a child"};
    for (std::size_t i = 0; i < form.behaviours.size() && i < form.chosen.size(); ++i) {
        if (form.chosen[i]) request.behaviours.push_back(form.behaviours[i]);
    }
    if (request.behaviours.empty()) return Error{"choose at least one target behaviour"};
    auto therapist = pickedTherapist(therapists, form.therapist);
    if (!therapist) return therapist.error();
    request.therapist = *therapist;
    auto setting = picked(kSettings, form.setting, "where the session takes place");
    if (!setting) return setting.error();
    request.setting = *setting;
    auto trials = smallNumber(form.trials_per_target, "trials per target", 1, kMaxTrialsPerTarget);
    if (!trials) return trials.error();
    request.trials_per_target = *trials;
    return request;
}

namespace {

int indexOf(const std::vector<std::string>& words, const std::string& word) {
    const auto found = std::find(words.begin(), words.end(), word);
    return found == words.end() ? 0 : static_cast<int>(found - words.begin());
}

}  // namespace

ProgramForm programFormFor(const ProgramEntry& program) {
    const ProgramSettings& s = program.settings;
    ProgramForm form;
    form.adding = false;
    form.behaviour = program.behaviour;
    form.phase = indexOf(kPhases, s.phase);
    form.initial_phase = form.phase;
    form.prompts = s.prompt_hierarchy;
    form.accuracy_pct = std::to_string(s.accuracy_pct);
    form.consecutive_sessions = std::to_string(s.consecutive_sessions);
    form.min_trials = std::to_string(s.min_trials);
    form.cold_probe_only = s.cold_probe_only;
    form.min_therapists = std::to_string(s.min_therapists);
    form.schedule = indexOf(kSchedules, s.reinforcement);
    form.ratio = std::to_string(s.ratio);
    form.chosen_clip_id = s.chosen_clip_id;
    form.model_kind = indexOf(kModelKinds, s.model_kind);
    form.video_prompting = s.video_prompting;
    form.fading = indexOf(kFadings, s.fading);
    form.fading_steps = std::to_string(s.fading_steps);
    form.fading_trim_seconds = std::to_string(s.fading_trim_ms / 1000);
    form.model_views = std::to_string(s.model_views);
    return form;
}

SessionForm sessionFormFor(const ChildEntry& child, const std::vector<std::string>& behaviours) {
    SessionForm form;
    form.child = child.code;
    form.behaviours = behaviours;
    form.chosen.assign(behaviours.size(), false);
    for (const ProgramEntry& program : child.programs) {
        const std::string& phase = program.settings.phase;
        if (phase != "intervention" && phase != "maintenance") continue;
        for (std::size_t i = 0; i < behaviours.size(); ++i) {
            if (behaviours[i] == program.behaviour) form.chosen[i] = true;
        }
    }
    return form;
}

Result<CheckedScreenPrefs> validateScreenPrefsForm(const ScreenPrefsForm& form,
                                                   const ScreenPrefsEntry& stored) {
    CheckedScreenPrefs checked;
    auto reward = picked(kRewardKinds, form.reward, "a reward");
    if (!reward) return reward.error();
    checked.reward = *reward;
    // A path as typed: one line of text (the app says when there is no such file).
    const auto path = [](const std::string& typed,
                         const std::string& what) -> Result<std::optional<std::string>> {
        const std::string text = trimmed(typed);
        if (text.empty()) return std::optional<std::string>();
        if (Status s = checkName(what, text, kMaxPathBytes); !s) return s.error();
        return std::optional(text);
    };
    if (checked.reward == "clip" || checked.reward == "sound") {
        auto file = path(form.reward_file, "the reward file's path");
        if (!file) return file.error();
        checked.reward_file = *file;
    }
    if (!form.recorded_voice) {
        checked.cue_voice_default = true;
        return checked;
    }
    auto voice = path(form.cue_voice, "the voice file's path");
    if (!voice) return voice.error();
    if (!*voice && !stored.cue_voice) {
        return Error{"give the WAV file of the recorded voice, or choose the spoken cue"};
    }
    checked.cue_voice = *voice;
    return checked;
}

ScreenPrefsForm screenPrefsFormFor(const ScreenPrefsEntry& stored) {
    ScreenPrefsForm form;
    const auto at = std::find(kRewardKinds.begin(), kRewardKinds.end(), stored.reward);
    form.reward = at == kRewardKinds.end() ? 0 : static_cast<int>(at - kRewardKinds.begin());
    form.recorded_voice = stored.cue_voice.has_value();
    return form;
}

std::string screenPrefsSummary(const ScreenPrefsEntry& prefs) {
    std::string text;
    if (prefs.reward == "clip") {
        text = "a favourite clip";
    } else if (prefs.reward == "sound") {
        text = "a favourite sound";
    } else if (prefs.reward == "quiet") {
        text = "quiet (a still \"well done\")";
    } else {
        text = prefs.reward;
    }
    return text +
           (prefs.cue_voice ? "; the cue in a recorded voice" : "; the cue spoken by the computer");
}

std::string masterySummary(const ProgramSettings& s) {
    std::string text = std::to_string(s.accuracy_pct) + " % in " +
                       std::to_string(s.consecutive_sessions) + " sessions, at least " +
                       std::to_string(s.min_trials) + (s.min_trials == 1 ? " trial" : " trials");
    if (s.cold_probe_only) text += ", cold probe";
    if (s.min_therapists > 1) text += ", " + std::to_string(s.min_therapists) + " therapists";
    return text;
}

std::string scheduleSummary(const ProgramSettings& s) {
    if (s.reinforcement == "fixed-ratio") return "fixed ratio " + std::to_string(s.ratio);
    if (s.reinforcement == "variable-ratio") return "variable ratio " + std::to_string(s.ratio);
    return s.reinforcement;
}

std::string consentState(const ConsentEntry& consent) {
    if (consent.current) return "current";
    return consent.revoked_at ? "revoked" : "expired";
}

std::string dayOf(const std::string& iso) {
    return iso.substr(0, iso.find('T'));
}

}  // namespace mimic::ui
