// Inside the review window (review_window.h): the screen it draws, in three files by job:
// review_screen.cpp opens trials and handles keys and coding (through review::EventEditor),
// review_screen_draw.cpp draws the trial list, the two panes, the transport and the side
// panel, and review_strip.cpp draws the timeline strip and handles the mouse on it.
// Not part of the ui module's interface.
//
// Threads: the UI thread only.
#pragma once

#include <SDL.h>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "media/media_info.h"
#include "media/picture_description.h"
#include "media/video_frame.h"
#include "render/video_renderer.h"
#include "review/event_editor.h"
#include "review/observers.h"
#include "ui/layout.h"
#include "ui/picture_view.h"
#include "ui/review_transport.h"
#include "ui/review_window.h"
#include "ui/theme.h"

namespace mimic::ui::review_screen {

inline constexpr float kListWidth = 300.0f;
inline constexpr float kSideWidth = 280.0f;   // the codes and the outcome, right of the strip
inline constexpr float kLabelWidth = 100.0f;  // the strip's row names
inline constexpr float kFileRow = 14.0f;      // the model's and the recording's rows
inline constexpr float kCoderRow = 20.0f;     // one per coder
inline constexpr float kRowGap = 8.0f;
inline constexpr float kEdgeGrab = 5.0f;   // pixels either side of a state's edge that resize it
inline constexpr float kPointGrab = 5.0f;  // half the width of a point's grab area
inline constexpr int kIdleWaitMs = 250;
inline constexpr int kFramesAfterEvent = 2;
inline constexpr std::array<double, 4> kRates{0.25, 0.5, 0.75, 1.0};
inline const std::vector<std::string> kOutcomes{"", "independent", "prompted", "incorrect",
                                                "no-response"};

// The colours of the strip: the model blue, the recording green (as in the still), one per
// coder, the playhead a warm yellow.
inline constexpr Colour kModelColour{0.33f, 0.55f, 0.90f};
inline constexpr Colour kPracticeColour{0.38f, 0.70f, 0.43f};
inline constexpr Colour kTrack{0.87f, 0.86f, 0.83f};
inline constexpr Colour kPlayhead{0.90f, 0.62f, 0.10f};
inline constexpr Colour kLoopShade{0.90f, 0.80f, 0.45f, 0.35f};
inline constexpr Colour kKeptColour{0.16f, 0.42f, 0.24f};  // kept for a self-modelling clip
inline constexpr std::array<Colour, 4> kCoderColours{
    Colour{0.85f, 0.45f, 0.30f}, Colour{0.60f, 0.42f, 0.80f}, Colour{0.25f, 0.62f, 0.66f},
    Colour{0.72f, 0.60f, 0.20f}};

// "m:ss.ss" of a time in microseconds.
std::string clockText(std::int64_t us);

// One pane's picture: the renderer and its texture at the pane's size.
class PanePicture {
  public:
    // Uploads `frame` (of a file with `stream`); an error names why.
    Status show(media::VideoFrame frame, const media::VideoStreamInfo& stream) {
        auto drawable = media::toDrawable(std::move(frame));
        if (!drawable) return drawable.error();
        if (!renderer_) {
            auto created = render::VideoRenderer::create();
            if (!created) return created.error();
            renderer_.emplace(std::move(*created));
        }
        auto view = frameView(*drawable, stream);
        if (!view) return view.error();
        if (Status uploaded = renderer_->upload(*view); !uploaded) return uploaded;
        has_picture_ = true;
        stale_ = true;
        return {};
    }
    void clear() { has_picture_ = false; }
    std::optional<render::Size> size() const {
        if (!has_picture_ || !renderer_) return std::nullopt;
        return renderer_->displaySize();
    }
    std::optional<unsigned int> texture(render::Size size) {
        if (!has_picture_ || !renderer_ || size.width <= 0 || size.height <= 0) return std::nullopt;
        if (texture_ && !stale_ && size == texture_size_) return texture_;
        auto drawn = renderer_->renderToTexture(size);
        if (!drawn) return std::nullopt;
        texture_ = *drawn;
        texture_size_ = size;
        stale_ = false;
        return texture_;
    }

  private:
    std::optional<render::VideoRenderer> renderer_;
    bool has_picture_ = false;
    bool stale_ = true;
    std::optional<unsigned int> texture_;
    render::Size texture_size_;
};

// A drag on the strip: seeking, or moving/resizing one event.
enum class DragKind { kNone, kSeek, kMove, kStart, kStop };

struct Drag {
    DragKind kind = DragKind::kNone;
    std::int64_t event_id = 0;
    std::int64_t grab_ms = 0;  // the time under the pointer when the drag began
    review::EventDraft original;
    review::EventDraft now;
};

class ReviewScreen {
  public:
    ReviewScreen(const ReviewCallbacks& callbacks, const ReviewWindowOptions& options);

    Status loadTrials();
    void openTrial(std::int64_t trial_id);
    bool hasTrial() const { return transport_ != nullptr; }
    ReviewTransport* transport() { return transport_.get(); }

    // Keys while no field has the keyboard; true when handled.
    bool key(const SDL_KeyboardEvent& key);
    bool text(const char* text);
    // Takes the pictures due now; true when something changed on screen.
    bool update();
    int millisecondsUntilDue() const;
    void draw();

    const std::string& message() const { return message_; }
    std::string coder() const { return coder_; }
    std::int64_t eventsAdded() const {
        return events_added_ + (editor_ ? editor_->eventsAdded() : 0);
    }
    std::string traceLine() const;
    void finishOpenStates();

  private:
    // review_screen.cpp
    void reloadEvents();
    void reloadObservers();
    // What the coder now typed in may see of the open trial (the blind rules).
    review::CoderView view() const;
    // The events shown: the ones the coder may see, open states reaching the playhead.
    std::vector<store::CodedEvent> shownEvents() const;
    void codeKey(const store::Code& code, std::int64_t now_ms);
    void undo();
    void deleteSelected();
    void finishCoding();
    void saveScore();
    void nudge(std::int64_t by_us);
    void loopIn();
    void loopOut();
    void clearLoop();
    // The self-modelling clip: the loop kept, the clip made of the ranges kept.
    void keepLoop();
    void makeClip();
    // Plays the stretches kept one after another (the clip to be, without its crossfades);
    // again stops it.
    void togglePreview();
    void followPreview();
    std::int64_t playheadMs() const;
    void fail(const std::string& line);
    // review_screen_draw.cpp
    void drawList();
    void drawPanes(float height);
    void drawPane(PanePicture& picture, const Rect& area, const std::string& caption,
                  const std::string& problem, const Colour& colour);
    void drawTransport();
    void drawSide();
    void drawCoding();
    void drawScore();
    void drawAgreement();
    void drawSelfClip();
    // review_strip.cpp
    void drawStrip();
    void finishDrag();

    const ReviewCallbacks& callbacks_;
    const ReviewWindowOptions& options_;
    std::vector<ReviewTrialEntry> trials_;
    std::optional<std::size_t> selected_trial_;
    std::optional<ReviewTrialOpen> open_;
    std::unique_ptr<ReviewTransport> transport_;
    PanePicture model_picture_;
    PanePicture practice_picture_;
    std::optional<review::EventEditor> editor_;  // the open trial's events
    std::int64_t events_added_ = 0;              // by editors of trials opened before
    std::optional<std::int64_t> selected_event_;
    Drag drag_;
    std::optional<std::int64_t> loop_in_;
    std::optional<review::LoopRange> loop_;  // the loop playing, if any
    std::vector<review::LoopRange> keeps_;   // for a self-modelling clip, in time order
    char clip_title_[128] = {};
    std::optional<std::size_t> previewing_;  // the kept stretch the preview plays
    char coder_[128] = {};
    char notes_[2048] = {};
    int outcome_index_ = 0;
    int prompt_index_ = 0;
    std::string message_;
    std::string notice_;
    std::optional<std::int64_t> handled_ms_;  // the playhead when the last code key was handled
};

}  // namespace mimic::ui::review_screen
