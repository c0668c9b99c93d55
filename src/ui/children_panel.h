// The library window's "Children" view: the children by pseudonymous code; for the one
// selected, its consents, programs and screen choices (reward, cue voice); and the forms that
// add a child, grant or revoke a consent, add or change a program, change the screen choices,
// and start a session.
//
// Every button calls one of the public functions below, and tests call the same functions
// (through WindowOptions::drive_children) to fill and submit a form without a mouse: the
// form structs are what the fields edit, as typed. Saving validates the form
// (clinical_forms.h), then calls the app's callback; on bad input or a failed write the form
// stays open with every value and message() holds one line saying why.
//
// Threads: the UI thread only (it owns the callbacks' calls too).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"
#include "review/ioa.h"
#include "ui/clinical_forms.h"
#include "ui/ioa_view.h"
#include "ui/progress_graph.h"

namespace mimic::ui {

// Filled by the app; each write makes the same store calls (and audit entries) as the
// command line. After every successful write the panel calls `load` again.
struct ClinicalCallbacks {
    std::function<Result<ClinicalRecords>()> load;
    std::function<Status(const std::string& code)> add_child;
    std::function<Status(const std::string& name)> add_therapist;
    std::function<Status(const std::string& child, const NewConsent& consent)> grant_consent;
    std::function<Status(const RevokeForm& revoke)> revoke_consent;
    std::function<Status(const std::string& child, const CheckedProgram& program)> save_program;
    std::function<Status(const std::string& child, const CheckedScreenPrefs& prefs)>
        save_screen_prefs;
    // Whether the session can start (e.g. the camera opens); its error is shown on the form.
    std::function<Status(const SessionRequest& request)> check_session;
    // The review views of the selected child (app/review_views.h); each may be left empty.
    std::function<Result<std::vector<review::ProgramIoa>>(const std::string& child)> load_ioa;
    std::function<Result<ProgressGraphData>(const std::string& child, const std::string& behaviour)>
        load_progress;
};

// The review the therapist asked for: a child's (its code), on one trial or the first.
struct ReviewRequest {
    std::string child;
    std::optional<std::int64_t> trial;
};

class ChildrenPanel {
  public:
    enum class Form {
        kNone = 0,
        kAddChild,
        kAddTherapist,
        kGrantConsent,
        kRevokeConsent,
        kProgram,
        kScreenPrefs,
        kSession
    };

    ChildrenPanel(std::vector<BehaviourChoice> behaviours, ClinicalCallbacks callbacks);
    // Its graph and IOA view call back into it.
    ChildrenPanel(const ChildrenPanel&) = delete;
    ChildrenPanel& operator=(const ChildrenPanel&) = delete;

    // Reads the records again through `load`; keeps the selected child when it is still there.
    Status reload();
    const ClinicalRecords& records() const { return records_; }

    bool selectChild(const std::string& code);
    const ChildEntry* selectedChild() const;

    // What the buttons do. Opening a form closes the one open and clears the message.
    void openAddChild();
    void openAddTherapist();
    void openGrantConsent();  // for the selected child
    void askRevoke(std::int64_t consent_id);
    void openAddProgram();  // for the selected child
    void openChangeProgram(const std::string& behaviour);
    void openScreenPrefs();   // for the selected child
    void openStartSession();  // for the selected child
    // How many displays are connected: with two or more, Start a session asks which one the
    // child looks at.
    void setDisplayCount(int displays) { displays_ = displays; }
    void cancel();
    // The open form's Save (Revoke, Start) button: true when it was saved and closed.
    bool submit();

    Form openForm() const { return form_; }
    ChildForm& childForm() { return child_form_; }
    TherapistForm& therapistForm() { return therapist_form_; }
    ConsentForm& consentForm() { return consent_form_; }
    RevokeForm& revokeForm() { return revoke_form_; }
    ProgramForm& programForm() { return program_form_; }
    ScreenPrefsForm& screenPrefsForm() { return screen_form_; }
    SessionForm& sessionForm() { return session_form_; }

    const std::string& message() const { return message_; }  // the problem line, or empty
    const std::string& notice() const { return notice_; }    // what the last save did
    // Shows these lines until the next form opens or saves.
    void setLines(std::string notice, std::string problem) {
        notice_ = std::move(notice);
        message_ = std::move(problem);
    }
    // The session the therapist started (once).
    std::optional<SessionRequest> takeSessionRequest();
    // "Review recordings...", or a trial chosen under the progress graph or in the IOA view:
    // the review window of the selected child is asked for, on `trial` (at its practice
    // start) when given; the window closes for it and the caller opens the review (once).
    void openReview(std::optional<std::int64_t> trial = std::nullopt);
    std::optional<ReviewRequest> takeReviewRequest();

    // The selected child's review views: one program's progress graph (the first program's
    // until another is shown) and the IOA view. Both are read again with the records. The
    // panel sets their OpenTrial callbacks to openReview.
    void showProgress(const std::string& behaviour);
    const std::string& progressBehaviour() const { return progress_behaviour_; }
    ProgressGraph& progressGraph() { return progress_; }
    IoaView& ioaView() { return ioa_; }

    // Draws the view into the current ImGui window; `list_width` is the children list's.
    void draw(float list_width);
    // Counts what changed the view (a form opened, closed or saved, a child selected): a
    // change made while drawing shows in the next frame, which the window then draws.
    std::uint64_t changes() const { return changes_; }

  private:
    Status saveOpenForm();
    std::vector<std::string> behaviourNames() const;
    std::vector<std::string> behavioursWithoutProgram() const;
    const BehaviourChoice* behaviour(const std::string& name) const;
    void drawList();
    void drawChild(const ChildEntry& child);
    void drawConsents(const ChildEntry& child);
    void drawPrograms(const ChildEntry& child);
    void drawScreenPrefs(const ChildEntry& child);
    void loadReviewViews();
    void drawProgress(const ChildEntry& child);
    void drawIoa();
    void drawForm();
    void drawChildForm();
    void drawTherapistForm();
    void drawConsentForm();
    void drawRevokeForm();
    void drawProgramForm();
    void drawScreenPrefsForm();
    void drawSessionForm();

    std::vector<BehaviourChoice> behaviours_;
    ClinicalCallbacks callbacks_;
    ClinicalRecords records_;
    std::string selected_;  // the selected child's code
    Form form_ = Form::kNone;
    ChildForm child_form_;
    TherapistForm therapist_form_;
    ConsentForm consent_form_;
    RevokeForm revoke_form_;
    ProgramForm program_form_;
    ScreenPrefsForm screen_form_;
    SessionForm session_form_;
    int displays_ = 1;
    std::string message_;
    std::string notice_;
    std::optional<SessionRequest> session_request_;
    std::string progress_behaviour_;  // the program whose graph is shown; "" none
    ProgressGraph progress_;
    IoaView ioa_;
    std::string review_problem_;  // why a review view could not be read, or empty
    std::optional<ReviewRequest> review_request_;
    std::uint64_t changes_ = 0;
};

}  // namespace mimic::ui
