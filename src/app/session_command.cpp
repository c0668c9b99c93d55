// mimic session: the practice session from the command line. This file parses, plans from the
// store, opens the devices and prints; app/session_runner.h runs the session and stores it.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <random>

#include "app/child_prefs.h"
#include "app/cli.h"
#include "app/data_context.h"
#include "app/headless_stage.h"
#include "app/microphone.h"
#include "app/recovery.h"
#include "app/retention.h"
#include "app/session_driver.h"
#include "app/session_mapping.h"
#include "app/session_runner.h"
#include "app/window.h"
#include "app/window_lock.h"
#include "app/window_stage.h"
#include "capture/camera_source.h"
#include "common/names.h"
#include "common/paths.h"
#include "session/plan.h"
#include "store/clinical_repository.h"
#include "store/library_repository.h"
#include "store/session_repository.h"
#include "store/therapist_pin.h"
#include "ui/child_screen.h"

namespace mimic::app {

namespace fs = std::filesystem;

namespace {

using nlohmann::json;

struct SessionOptions {
    std::filesystem::path data_dir;
    std::string child;
    std::vector<std::string> behaviours;
    // Three tries per target: enough for a session's accuracy to mean something, short enough
    // for a young child's attention (a session of two targets is six trials).
    int trials = 3;
    std::optional<std::string> therapist;
    std::optional<std::string> setting;
    std::string camera;
    std::string mic = "default";
    int practice_seconds = 10;
    std::optional<int> child_display;
    bool headless = false;
    std::vector<std::string> scores;
    bool trace = false;
    bool no_analysis = false;
    bool json = false;
};

// What the session needs from the store, found before anything is played or recorded, so that
// bad input is refused without leaving a row or a file.
struct PlannedSession {
    session::SessionPlan plan;
    std::map<std::int64_t, fs::path> clip_files;
    std::map<std::int64_t, std::string> clip_titles;
};

Result<session::BehaviourClips> behaviourClips(store::LibraryRepository& library,
                                               store::SessionRepository& sessions,
                                               std::int64_t child_id,
                                               const store::Behaviour& behaviour,
                                               PlannedSession& planned, const DataDir& dir) {
    session::BehaviourClips out;
    out.behaviour_id = behaviour.id;
    out.name = behaviour.name;
    // Another child's self-modelling clips are that child's record: never shown here, whatever
    // that child's consents (shown, a clip would be in this child's trials and reviews too, and
    // the other child's erasure could not take it whole). Training-use consent lets it out in
    // exports for staff training, not into other children's sessions.
    auto clips = library.clipsForBehaviour(behaviour.id, child_id);
    if (!clips) return clips.error();
    for (const store::Clip& clip : *clips) {
        session::ClipInfo info;
        info.id = clip.id;
        info.model_kind = toSession(clip.record.model_kind);
        info.duration_ms = clip.record.duration_ms;
        info.archived = clip.archived_at.has_value();
        auto segments = library.segmentsForClip(clip.id);
        if (!segments) return segments.error();
        for (const store::Segment& segment : *segments) {
            if (!segment.record.step || segment.record.behaviour_id != behaviour.id) continue;
            info.steps.push_back({segment.id, *segment.record.step, segment.record.in_ms,
                                  segment.record.out_ms, segment.record.label});
        }
        out.clips.push_back(std::move(info));
        planned.clip_files[clip.id] = dir.absolute(clip.record.path);
        planned.clip_titles[clip.id] = clip.record.title;
    }
    // Clip rotation goes on from the child's earlier trials of the behaviour.
    auto earlier = sessions.behaviourSessions(child_id, behaviour.id);
    if (!earlier) return earlier.error();
    for (const auto& s : *earlier)
        out.trials_so_far += static_cast<int>(s.outcomes.size());
    return out;
}

Result<PlannedSession> planSession(const SessionOptions& options, store::Database& db,
                                   const DataDir& dir) {
    PlannedSession planned;
    store::ClinicalRepository clinical(db);
    store::LibraryRepository library(db);
    store::SessionRepository sessions(db);
    auto child = clinical.findChild(options.child);
    if (!child) return child.error();
    if (!*child)
        return Error{"no child with code '" + printable(options.child) + "' in " +
                     dir.root.string()};
    session::PlanRequest request;
    request.child_id = (*child)->id;
    auto consent =
        clinical.hasCurrentConsent(request.child_id, store::ConsentScope::kRecord, utcNowIso8601());
    if (!consent) return consent.error();
    if (!*consent) {
        return Error{"child '" + printable(options.child) +
                     "' has no current consent to be recorded; nothing was recorded"};
    }
    if (options.therapist) {
        auto therapist = clinical.findTherapist(*options.therapist);
        if (!therapist) return therapist.error();
        if (!*therapist) {
            return Error{"no therapist '" + printable(*options.therapist) +
                         "' (add them with `mimic therapist add`)"};
        }
        request.therapist_id = (*therapist)->id;
    }
    if (options.setting) {
        request.setting = toSession(store::parseSessionSetting(*options.setting));
    }

    auto programs = clinical.listPrograms(request.child_id);
    if (!programs) return programs.error();
    for (const store::Program& program : *programs)
        request.programs.push_back(toProgramInfo(program));

    // The behaviours that may be targets: those named, else those of the child's programs.
    std::vector<store::Behaviour> candidates;
    for (const std::string& name : options.behaviours) {
        auto behaviour = library.findBehaviour(name);
        if (!behaviour) return behaviour.error();
        if (!*behaviour) {
            std::string known;
            if (auto all = library.listBehaviours()) {
                for (const auto& b : *all)
                    known += (known.empty() ? "" : ", ") + b.name;
            }
            return Error{"no behaviour '" + printable(name) + "' in the library" +
                         (known.empty() ? std::string() : " (known: " + known + ")")};
        }
        request.named_behaviour_ids.push_back((*behaviour)->id);
        candidates.push_back(**behaviour);
    }
    if (options.behaviours.empty()) {
        auto all = library.listBehaviours();
        if (!all) return all.error();
        for (const store::Program& program : *programs) {
            for (const store::Behaviour& b : *all)
                if (b.id == program.record.behaviour_id) candidates.push_back(b);
        }
    }
    for (const store::Behaviour& behaviour : candidates) {
        auto clips = behaviourClips(library, sessions, request.child_id, behaviour, planned, dir);
        if (!clips) return clips.error();
        request.behaviours.push_back(std::move(*clips));
    }
    request.trials_per_target = options.trials;
    // Kept with the session (sessions.reinforcement_seed): a session can be replayed.
    request.seed = std::random_device{}();
    auto plan = session::buildPlan(request);
    if (!plan) return plan.error();
    for (const session::PlannedTrial& trial : plan->trials) {
        const fs::path& file = planned.clip_files.at(trial.clip_id);
        if (!fs::exists(file))
            return Error{"the clip file " + file.string() + " is missing from the library"};
    }
    planned.plan = std::move(*plan);
    return planned;
}

// What leaving the child's screen asks for: the session's therapist's PIN, checked against its
// stored hash; empty (the word "stop") without a therapist or a PIN.
Result<std::function<bool(std::string_view)>> therapistPinCheck(
    store::Database& db, std::optional<std::int64_t> therapist_id) {
    if (!therapist_id) return std::function<bool(std::string_view)>();
    auto hash = store::ClinicalRepository(db).therapistPinHash(*therapist_id);
    if (!hash) return hash.error();
    if (!*hash) return std::function<bool(std::string_view)>();
    return store::pinVerifier(std::move(**hash));
}

json nullable(const auto& value) {
    return value ? json(*value) : json(nullptr);
}

void printJson(const SessionRunReport& report, const std::vector<TargetMastery>& mastery) {
    json trials = json::array();
    for (const RunTrial& t : report.trials) {
        const std::string_view outcome = session::outcomeName(t.outcome);
        trials.push_back({{"trial", t.trial_id},
                          {"program", nullable(t.program_id)},
                          {"clip", t.clip_id},
                          {"step", nullable(t.step)},
                          {"outcome", outcome.empty() ? json(nullptr) : json(outcome)},
                          {"prompt_level", nullable(t.prompt_level)},
                          {"latency_ms", nullable(t.latency_ms)},
                          {"reinforced", nullable(t.reinforced)},
                          {"recording", nullable(t.recording)},
                          {"analysed", t.analysed},
                          {"auto_latency_ms", nullable(t.auto_latency_ms)}});
    }
    json programs = json::array();
    for (const TargetMastery& m : mastery) {
        programs.push_back(
            {{"behaviour", m.behaviour},
             {"met", m.result.met},
             {"proposed_phase",
              m.result.proposed ? json(session::phaseName(*m.result.proposed)) : json(nullptr)},
             {"reason", m.result.reason}});
    }
    const json out = {{"session", report.session_id}, {"trials", trials}, {"mastery", programs}};
    std::printf("%s\n", out.dump(2).c_str());
}

void printSummary(const SessionOptions& options, const SessionRunReport& report,
                  const std::vector<TargetMastery>& mastery) {
    for (const RunTrial& t : report.trials) {
        std::string line = "trial " + std::to_string(t.trial_id) + ": ";
        if (t.recording) {
            char figures[96];
            std::snprintf(figures, sizeof figures, ", %lld frames written (%.1f s of practice)",
                          static_cast<long long>(t.frames),
                          static_cast<double>(t.recording_us) / 1e6);
            line += "recording " + *t.recording + figures;
        } else {
            line += "no recording";
        }
        line += ", " + printable(t.behaviour);
        if (t.step) line += " step " + std::to_string(*t.step);
        if (t.outcome == session::Outcome::kNone) {
            line += ", unscored";
        } else {
            line += ", " + std::string(session::outcomeName(t.outcome));
            if (t.prompt_level) line += " (" + *t.prompt_level + ")";
            if (t.reinforced && *t.reinforced) line += ", reinforced";
        }
        if (t.analysed) {
            char latency[64] = "no response found";
            if (t.auto_latency_ms) {
                std::snprintf(latency, sizeof latency, "response after %.2f s",
                              static_cast<double>(*t.auto_latency_ms) / 1000.0);
            }
            line += std::string(", analysed: ") + latency;
        }
        std::printf("%s\n", line.c_str());
    }
    for (const TargetMastery& m : mastery) {
        std::printf("%s: %s%s\n", printable(m.behaviour).c_str(), m.result.met ? "met. " : "",
                    m.result.reason.c_str());
        if (m.result.proposed) {
            std::printf("  to confirm: mimic program set %s %s --phase %s\n",
                        quotedPrintable(options.child).c_str(),
                        quotedPrintable(m.behaviour).c_str(),
                        std::string(session::phaseName(*m.result.proposed)).c_str());
        }
    }
    std::printf("session %lld: %zu trial%s\n", static_cast<long long>(report.session_id),
                report.trials.size(), report.trials.size() == 1 ? "" : "s");
}

Status runSession(const SessionOptions& options) {
    // Bad --score and --setting values are refused before anything is opened.
    std::vector<ScriptedScore> scores;
    for (const std::string& text : options.scores) {
        auto score = parseScore(text);
        if (!score) return score.error();
        scores.push_back(*score);
    }
    if (!scores.empty() && !options.headless) {
        return Error{
            "--score is for --headless sessions; with the child's window the therapist "
            "scores with the keys (1-4)"};
    }
    if (options.child_display && options.headless) {
        return Error{"--child-display places the child's window; --headless has none"};
    }
    if (options.setting &&
        store::parseSessionSetting(*options.setting) == store::SessionSetting::kNone) {
        return Error{"--setting '" + printable(*options.setting) +
                     "' is not a setting (use clinic, home or school)"};
    }
    // Nothing is created for a data directory that does not hold a library yet.
    auto data = openDataContext(options.data_dir, IfMissing::kRefuse);
    if (!data) return data.error();
    const DataDir& dir = data->dir;
    store::Database& db = data->db;
    // A practice interrupted by a crash or power cut is kept before anything new is recorded.
    reportRecovery(recoverInterruptedRecordings(dir, db));
    applyRetentionAtStart(*data);
    auto planned = planSession(options, db, dir);
    if (!planned) return planned.error();
    auto score_inputs = scoresForPlan(scores, planned->plan);
    if (!score_inputs) return score_inputs.error();
    // The child's own cue voice and reward, on the child's screen and in a headless run's
    // timing alike.
    auto screen_prefs = sessionScreenPrefs(db, dir, planned->plan.child_id);
    if (!screen_prefs) return screen_prefs.error();

    if (!options.headless && !displayAvailable()) {
        return Error{"no display to show the clip on; add --headless to play it without a window"};
    }
    capture::CameraSpec camera_spec = capture::parseCameraSpec(options.camera);
    camera_spec.stall_timeout = capture::kPracticeStallTimeout;
    auto camera = capture::CameraSource::open(camera_spec);
    if (!camera) return camera.error();
    auto mic = openMicrophone(options.mic);
    if (!mic) return mic.error();

    // The child's screen (declared before the stage that uses it, so it goes after it).
    std::unique_ptr<ui::ChildScreen> screen;
    std::unique_ptr<SessionStage> stage;
    if (options.headless) {
        ::setenv("SDL_AUDIODRIVER", "dummy", /*overwrite=*/0);
        HeadlessStage::Options stage_options;
        stage_options.practice = std::chrono::seconds(options.practice_seconds);
        stage_options.scores = std::move(*score_inputs);
        applyScreenPrefs(*screen_prefs, stage_options);
        stage = std::make_unique<HeadlessStage>(std::move(stage_options));
    } else {
        auto pin_check = therapistPinCheck(db, planned->plan.therapist_id);
        if (!pin_check) return pin_check.error();
        ui::ChildScreenOptions screen_options;
        screen_options.title = "mimic: practice";
        screen_options.pin_check = std::move(*pin_check);
        applyScreenPrefs(*screen_prefs, screen_options);
        screen_options.child_display = options.child_display;
        screen_options.lock = windowLock();
        auto opened = ui::ChildScreen::open(screen_options);
        if (!opened) return opened.error();
        screen = std::move(*opened);
        WindowStage::Options stage_options;
        stage_options.practice = std::chrono::seconds(options.practice_seconds);
        stage = std::make_unique<WindowStage>(*screen, stage_options);
    }

    const LockAuditTo audit_lock(db);  // the console's lock, if it locks, writes here
    SessionRunContext context;
    context.dir = &dir;
    context.db = &db;
    context.camera = camera->get();
    context.microphone = mic->get();
    context.child_code = options.child;
    context.clip_files = planned->clip_files;
    context.analyse = !options.no_analysis;
    if (options.trace) {
        context.trace = [](const std::string& line) {
            std::printf("%s\n", line.c_str());
            std::fflush(stdout);
        };
    }
    auto report = runPracticeSession(context, planned->plan, *stage);
    if (!report) return report.error();
    auto mastery = concludePrograms(db, planned->plan, report->records);
    if (!mastery) {
        if (!report->stopped) report->stopped = mastery.error();
        mastery = std::vector<TargetMastery>{};
    }
    if (options.json) {
        printJson(*report, *mastery);
    } else {
        printSummary(options, *report, *mastery);
    }
    std::fflush(stdout);
    if (report->stopped) return *report->stopped;
    return {};
}

}  // namespace

void addSessionCommand(Cli& cli) {
    auto options = std::make_shared<SessionOptions>();
    CLI::App* command = cli.app.add_subcommand(
        "session",
        "A practice session: per trial the model clip, the child's turn recorded from the "
        "camera, a score and a reward; then the programs' mastery");
    cli.addDataDirOption(command);
    command->add_option("--child", options->child, "Child's pseudonymous code")->required();
    command->add_option("--behaviour", options->behaviours,
                        "A target behaviour (repeat for several; none: the child's programs in "
                        "intervention or maintenance)");
    command->add_option("--trials", options->trials, "Trials per target")
        ->check(CLI::Range(1, session::kMaxTrialsPerTarget))
        ->capture_default_str();
    command->add_option("--therapist", options->therapist, "Who runs the session");
    command->add_option("--setting", options->setting, "clinic, home or school");
    command
        ->add_option("--camera", options->camera,
                     "Camera: a device index, a video file or FIFO path, or 'synthetic'")
        ->required();
    command
        ->add_option("--mic", options->mic,
                     "Microphone: 'default', a device name, or 'none' (a missing default "
                     "microphone gives a warning and a video-only recording)")
        ->capture_default_str();
    command
        ->add_option("--practice-seconds", options->practice_seconds,
                     "How long each practice lasts (a score key ends it sooner)")
        ->check(CLI::Range(1, 3600))
        ->capture_default_str();
    command
        ->add_option("--child-display", options->child_display,
                     "With two or more displays, the one the child's screen fills (1 is the "
                     "primary; default 2); the therapist's console opens on another")
        ->check(CLI::Range(1, 16));
    command->add_flag("--headless", options->headless,
                      "No window: play the model in real time without showing it");
    command->add_option("--score", options->scores,
                        "Headless: the score of the next trial after its practice, in order: "
                        "independent, prompted:LEVEL (name or number), incorrect, no-response; "
                        "trials after the last score stay unscored");
    command->add_flag("--trace", options->trace,
                      "Print '<seconds> <state> trial=<n>' as each state is entered");
    command->add_flag("--no-analysis", options->no_analysis,
                      "Do not analyse each recording after its trial (faces, movement, voice, "
                      "latency as the coder \"auto\"; `mimic analyse --trial N` does it later)");
    command->add_flag("--json", options->json, "Print the session's trials and mastery as JSON");
    command->callback([&cli, options] {
        options->data_dir = cli.dataDir();
        cli.status = runSession(*options);
    });
}

}  // namespace mimic::app
