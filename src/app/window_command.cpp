// mimic with no subcommand: the application window over the data directory's library and
// clinical record; a session started in it runs, then the window opens again.
#include <algorithm>
#include <cstdio>
#include <memory>

#include "app/child_prefs.h"
#include "app/cli.h"
#include "app/clinical_actions.h"
#include "app/data_context.h"
#include "app/library_window_run.h"
#include "app/retention.h"
#include "app/review_views.h"
#include "app/review_window_run.h"
#include "app/sign_in.h"
#include "app/window.h"
#include "app/window_lock.h"
#include "capture/camera_source.h"
#include "common/clock.h"
#include "common/names.h"
#include "common/paths.h"
#include "store/clinical_repository.h"
#include "store/library_repository.h"
#include "ui/library_window.h"
#include "ui/player_window.h"
#include "ui/sign_in_window.h"

namespace mimic::app {

namespace fs = std::filesystem;

namespace {

ui::ProgramSettings programSettings(const store::ProgramRecord& p) {
    ui::ProgramSettings s;
    s.phase = store::programPhaseName(p.phase);
    s.prompt_hierarchy = p.prompt_hierarchy;
    s.accuracy_pct = p.mastery.accuracy_pct;
    s.consecutive_sessions = p.mastery.consecutive_sessions;
    s.min_trials = p.mastery.min_trials;
    s.cold_probe_only = p.mastery.cold_probe_only;
    s.min_therapists = p.mastery.min_therapists;
    s.reinforcement = store::reinforcementScheduleName(p.reinforcement);
    s.ratio = p.reinforcement_ratio;
    s.chosen_clip_id = p.chosen_clip_id.value_or(0);
    s.model_kind = store::modelKindName(p.chosen_model_kind);
    s.video_prompting = p.video_prompting;
    s.fading = store::fadingKindName(p.fading);
    s.fading_steps = p.fading_steps;
    s.fading_trim_ms = p.fading_trim_ms;
    s.model_views = p.model_views;
    return s;
}

// The form's checked values as the change `mimic program add|set` would make with every
// option given.
ProgramChange programChange(const std::string& child, const ui::CheckedProgram& checked) {
    const ui::ProgramSettings& s = checked.settings;
    ProgramChange c;
    c.child = child;
    c.behaviour = checked.behaviour;
    c.phase = s.phase;
    c.prompt_hierarchy = s.prompt_hierarchy;
    c.accuracy_pct = s.accuracy_pct;
    c.sessions = s.consecutive_sessions;
    c.min_trials = s.min_trials;
    c.cold_probe = s.cold_probe_only;
    c.therapists = s.min_therapists;
    c.reinforcement = s.reinforcement;
    c.ratio = s.ratio;
    c.chosen_clip_id = s.chosen_clip_id;
    c.model_kind = s.model_kind;
    c.video_prompting = s.video_prompting;
    c.fading = s.fading;
    c.fading_steps = s.fading_steps;
    c.fading_trim_ms = s.fading_trim_ms;
    c.model_views = s.model_views;
    if (!checked.therapist.empty()) c.therapist = checked.therapist;
    c.reason = checked.reason;
    return c;
}

// Whether a session the window asks for can start: the same consent rule `mimic session`
// applies, and a camera that opens (it is closed again: the session opens its own).
Status checkSession(store::Database& db, const SessionDevices& devices,
                    const ui::SessionRequest& request) {
    store::ClinicalRepository clinical(db);
    auto child = clinical.findChild(request.child);
    if (!child) return child.error();
    if (!*child) return Error{"no child with code " + quotedPrintable(request.child)};
    auto consent =
        clinical.hasCurrentConsent((*child)->id, store::ConsentScope::kRecord, utcNowIso8601());
    if (!consent) return consent.error();
    if (!*consent) {
        return Error{request.child + " has no current consent to be recorded: grant one first"};
    }
    auto camera = capture::CameraSource::open(capture::parseCameraSpec(devices.camera));
    if (!camera) {
        return Error{camera.error().message + " (mimic --camera chooses another)"};
    }
    return {};
}

ui::ClinicalCallbacks clinicalCallbacks(DataContext& data, const SessionDevices& devices) {
    store::Database& db = data.db;
    ui::ClinicalCallbacks callbacks;
    callbacks.load = [&db] { return loadClinicalRecords(db); };
    callbacks.load_progress = [&db](const std::string& child, const std::string& behaviour) {
        return loadProgressGraph(db, child, behaviour);
    };
    callbacks.load_ioa =
        [&db](const std::string& child) -> Result<std::vector<review::ProgramIoa>> {
        auto found = store::ClinicalRepository(db).findChild(child);
        if (!found) return found.error();
        if (!*found) return Error{"no child with code " + quotedPrintable(child)};
        return loadChildIoa(db, (*found)->id);
    };
    // The forms that change the record need a therapist (or an admin) in an encrypted folder;
    // an observer's window shows the record and refuses them in one line, as the commands do.
    callbacks.add_child = [&db](const std::string& code) -> Status {
        if (Status may = requireRole(crypto::Role::kTherapist, "add a child"); !may) return may;
        // As `mimic child add`: the repository writes the audit entry with the child.
        auto id = store::ClinicalRepository(db).addChild(code, std::nullopt);
        if (!id) return id.error();
        return {};
    };
    callbacks.add_therapist = [&db](const std::string& name) -> Status {
        if (Status may = requireRole(crypto::Role::kTherapist, "add a therapist"); !may) return may;
        auto id = addTherapist(db, name);
        if (!id) return id.error();
        return {};
    };
    callbacks.grant_consent = [&db](const std::string& child,
                                    const ui::NewConsent& consent) -> Status {
        if (Status may = requireRole(crypto::Role::kTherapist, "grant a consent"); !may) return may;
        auto granted = grantConsent(db, child, consent.scope, consent.granted_by, consent.expires);
        if (!granted) return granted.error();
        return {};
    };
    callbacks.revoke_consent = [&db](const ui::RevokeForm& revoke) -> Status {
        if (Status may = requireRole(crypto::Role::kTherapist, "revoke a consent"); !may) {
            return may;
        }
        return revokeConsent(db, revoke.consent_id, revoke.revoked_by);
    };
    callbacks.save_program = [&db](const std::string& child,
                                   const ui::CheckedProgram& program) -> Status {
        if (Status may = requireRole(crypto::Role::kTherapist, "change a program"); !may) {
            return may;
        }
        auto saved = saveProgram(db, programChange(child, program),
                                 program.adding ? ProgramSave::kAdd : ProgramSave::kChange);
        if (!saved) return saved.error();
        return {};
    };
    callbacks.save_screen_prefs = [&data](const std::string& child,
                                          const ui::CheckedScreenPrefs& prefs) -> Status {
        if (Status may = requireRole(crypto::Role::kTherapist, "change a child's screen"); !may) {
            return may;
        }
        // As `mimic child prefs` with every choice the form shows.
        ScreenPrefsChange change;
        change.child = child;
        change.reward = prefs.reward;
        if (prefs.reward_file) change.reward_file = *prefs.reward_file;
        if (prefs.cue_voice) change.cue_voice = *prefs.cue_voice;
        change.cue_voice_default = prefs.cue_voice_default;
        auto saved = changeScreenPrefs(data.dir, data.db, change);
        if (!saved) return saved.error();
        return {};
    };
    callbacks.check_session = [&db, devices](const ui::SessionRequest& request) -> Status {
        if (Status may = requireRole(crypto::Role::kTherapist, "start a session"); !may) {
            return may;
        }
        return checkSession(db, devices, request);
    };
    return callbacks;
}

struct WindowCommandOptions {
    fs::path data_dir;
    SessionDevices devices;
    double lock_after_minutes = 10.0;  // --lock-after; 0: only Ctrl+L locks
};

// In an encrypted folder whose user and passphrase were not given on the command line, the
// sign-in form; false when the person closed it.
Result<bool> signInInWindow(const fs::path& data_dir) {
    const fs::path root = fs::absolute(data_dir);
    if (!crypto::KeyFile::existsIn(root) || signedIn() != nullptr || signInGivenOutsideWindow()) {
        return true;
    }
    ui::SignInWindowOptions form;
    form.folder = root.string();
    form.user = userAskedFor();
    form.sign_in = [&root](const std::string& user, const std::string& passphrase) {
        return signInWith(root, user, passphrase);
    };
    return ui::runSignInWindow(form);
}

// For now a session started in the window runs the `mimic session` command as if typed,
// once per target and trial, and ignores the therapist and setting (that command takes
// neither yet). When the session runner lands, point this one function at it.
Status runRequestedSession(const WindowCommandOptions& options, const ui::SessionRequest& request) {
    // One session with every target, as `mimic session` runs it from the command line.
    std::vector<std::string> args{"session",
                                  "--data-dir",
                                  options.data_dir.string(),
                                  "--child",
                                  request.child,
                                  "--trials",
                                  std::to_string(request.trials_per_target),
                                  "--camera",
                                  options.devices.camera,
                                  "--mic",
                                  options.devices.mic};
    for (const std::string& behaviour : request.behaviours) {
        args.push_back("--behaviour");
        args.push_back(behaviour);
    }
    if (!request.therapist.empty()) {
        args.push_back("--therapist");
        args.push_back(request.therapist);
    }
    if (!request.setting.empty()) {
        args.push_back("--setting");
        args.push_back(request.setting);
    }
    if (request.child_display) {
        args.push_back("--child-display");
        args.push_back(std::to_string(*request.child_display));
    }
    Cli cli;
    addSessionCommand(cli);
    std::reverse(args.begin(), args.end());  // CLI11 takes a vector last-first
    try {
        cli.app.parse(args);
    } catch (const CLI::ParseError& e) {
        return Error{std::string("the session could not start: ") + e.what()};
    }
    return cli.status;
}

Status runWindow(const WindowCommandOptions& options) {
    if (!ui::displayAvailable()) {
        return Error{"no display to open the window on; try `mimic session --headless`"};
    }
    auto signed_in = signInInWindow(options.data_dir);
    if (!signed_in) return signed_in.error();
    if (!*signed_in) return {};  // the sign-in form was closed: nothing opened
    setLockIdle(std::chrono::milliseconds(
        static_cast<std::int64_t>(options.lock_after_minutes * 60'000.0)));
    ui::WindowOptions window;
    std::string last_coder;  // the review window's coder, while mimic runs
    bool retention_applied = false;
    while (true) {
        std::optional<ui::SessionRequest> request;
        {
            // Observers too: they review and code; the forms check the role of what they change.
            auto data =
                openDataContext(options.data_dir, IfMissing::kCreate, crypto::Role::kObserver);
            if (!data) return data.error();
            const LockAuditTo audit_lock(data->db);
            window.lock = windowLock();  // signed in by now (form, stdin or environment)
            if (!retention_applied) {
                applyRetentionAtStart(*data);
                retention_applied = true;
            }
            auto shown = runLibraryWindowOver(*data, options.devices, window);
            if (!shown) return shown.error();
            request = shown->session_request;
            if (shown->review_request) {
                // The review window, then back to the child's page.
                ui::ReviewWindowOptions review;
                const ui::ReviewRequest& asked = *shown->review_request;
                review.title = "mimic: review of " + asked.child;
                review.coder = last_coder;
                review.open_trial = asked.trial;
                auto reviewed = runReviewWindowOver(*data, asked.child, review);
                window = ui::WindowOptions{};
                window.start_in_children = true;
                window.children_selected = asked.child;
                if (!reviewed) {
                    window.children_problem = reviewed.error().message;
                } else {
                    last_coder = reviewed->coder;
                }
                continue;
            }
        }  // the window's database connection closes before the session opens its own
        if (!request) return {};
        // Back to the window, on the child's page, saying how the session went.
        window = ui::WindowOptions{};
        window.start_in_children = true;
        window.children_selected = request->child;
        if (Status ran = runRequestedSession(options, *request); ran) {
            window.children_notice = "The session with " + request->child + " is stored.";
        } else {
            window.children_problem = ran.error().message;
        }
    }
}

}  // namespace

Result<ui::ClinicalRecords> loadClinicalRecords(store::Database& db) {
    store::ClinicalRepository clinical(db);
    const std::string now = utcNowIso8601();
    ui::ClinicalRecords records;
    auto children = clinical.listChildren();
    if (!children) return children.error();
    for (const store::Child& child : *children) {
        ui::ChildEntry entry;
        entry.code = child.code;
        auto consents = clinical.listConsents(child.id);
        if (!consents) return consents.error();
        for (const store::Consent& c : *consents) {
            entry.consents.push_back({c.id, std::string(store::consentScopeName(c.scope)),
                                      c.granted_by, c.granted_at, c.expires_at, c.revoked_at,
                                      store::consentInForce(c, now)});
        }
        entry.may_record = store::consentStateAt(*consents, store::ConsentScope::kRecord, now) ==
                           store::ConsentState::kCurrent;
        auto programs = clinical.listPrograms(child.id);
        if (!programs) return programs.error();
        for (const store::Program& p : *programs) {
            entry.programs.push_back({p.behaviour_name, programSettings(p.record)});
        }
        auto screen = clinical.screenPrefs(child.id);
        if (!screen) return screen.error();
        entry.screen = {std::string(store::rewardKindName(screen->reward)), screen->reward_file,
                        screen->cue_voice};
        records.children.push_back(std::move(entry));
    }
    auto therapists = clinical.listTherapists();
    if (!therapists) return therapists.error();
    for (const store::Therapist& t : *therapists)
        records.therapists.push_back(t.name);
    return records;
}

Result<ui::WindowReport> runLibraryWindowOver(DataContext& data, const SessionDevices& devices,
                                              const ui::WindowOptions& options) {
    auto library = loadLibrary(data.dir, data.db);
    if (!library) return library.error();
    ui::WindowOptions curated = options;
    if (!curated.curation.reload) curated.curation = curationCallbacks(data);
    return ui::runLibraryWindow(*library, clinicalCallbacks(data, devices), curated);
}

bool displayAvailable() {
    return ui::displayAvailable();
}

void addWindowCommand(Cli& cli) {
    auto options = std::make_shared<WindowCommandOptions>();
    cli.app
        .add_option("--camera", options->devices.camera,
                    "Camera for sessions started in the window: a device index, a video file "
                    "or FIFO path, or 'synthetic'")
        ->capture_default_str();
    cli.app
        .add_option("--lock-after", options->lock_after_minutes,
                    "Encrypted data folders: minutes without keyboard or mouse before the window "
                    "locks (0: only Ctrl+L locks it)")
        ->check(CLI::Range(0.0, 24.0 * 60.0))
        ->capture_default_str();
    cli.app
        .add_option("--mic", options->devices.mic,
                    "Microphone for sessions started in the window: 'default', a device name, "
                    "or 'none'")
        ->capture_default_str();
    // Runs after parsing; only without a subcommand is the window wanted.
    cli.app.callback([&cli, options] {
        if (!cli.app.get_subcommands().empty()) return;
        options->data_dir = cli.dataDir();
        cli.status = runWindow(*options);
    });
}

Status showClipInWindow(const fs::path& clip, const std::string& title,
                        std::optional<std::int64_t> start_us, std::optional<std::int64_t> end_us) {
    // The child sees the clip in the child view: full screen, nothing but the picture; the
    // therapist's keys still work (Space pauses, Esc ends the watching early).
    ui::PlayerWindowOptions window;
    window.title = "mimic: " + title;
    window.child_view = true;
    window.close_at_end = true;
    window.start_us = start_us;
    window.end_us = end_us;
    auto shown = ui::runPlayerWindow(clip, window);
    if (!shown) return shown.error();
    return {};
}

}  // namespace mimic::app
