// ChildScreen: what the child sees during a practice session, and the therapist's keys on it.
// Full screen, calm, the cursor hidden, nothing on it but the current thing:
//   - the model clip, letterboxed, with its sound (ClipPlayer: the player engine with its
//     sound as the master clock), whole or one step segment;
//   - the "your turn" cue: a large friendly picture (a smiling child waving, a speech
//     bubble) and the cue words spoken (a recorded WAV voice if given, else espeak-ng);
//   - practice: the camera's live picture, large and mirrored (the PreviewSlot mirrors), with
//     a small, still, soft red dot and "recording" in a corner while the recording runs;
//   - awaiting the score: the same calm picture without the camera;
//   - the reward: stars or confetti (reward_animation.h: no flash more than 3 times a
//     second), a favourite clip or sound, or a quiet, still "well done";
//   - the end: a calm "all done" picture.
// At the bottom edge a small, low-contrast strip for the therapist (StripInfo), and, only
// while the therapist types, the note field or the PIN prompt.
//
// Two displays or more: the child's screen fills one of them (by default the second, which is
// not the primary) and the therapist's console (therapist_console.h) opens on another (the
// primary, unless the child's screen is there): it shows where the session is, the prompt
// hierarchy and what the keys wait for, and has a button for each key. The strip and the
// prompts then leave the child's screen. Keys act in either window; a button feeds the same
// keys (session::consoleKeys), so end early still asks for the PIN. The cursor shows only over
// the console. With one display nothing changes.
//
// Keys are read by session::TherapistKeys (therapist_keys.h says what each does): only the
// therapist's keys act, mouse clicks and every other key do nothing, and leaving needs
// Esc then the therapist's PIN (or, with no PIN set, the word "stop") and Enter. Closing the
// window (a window manager's close) opens the same PIN prompt.
//
// The screen never drives the session: the owner (src/app's window stage) calls show*()
// for each session::Directive and feeds the ScreenEvents that poll() returns back into the
// session::Session. Score keys act only in showPractice() and showAwaitScore().
//
// Threads: everything on the thread that opened it (the UI/GL thread, which keeps the GL
// context current); the player engine's threads, SDL's audio threads and the camera's thread
// (through the PreviewSlot) run beside it and never call into it. One ChildScreen (one
// GlWindow, and its console) per process at a time; it owns its windows, player, sounds and
// textures.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "session/clinical.h"
#include "session/console_view.h"
#include "ui/window_image.h"

namespace mimic::capture {
class PreviewSlot;
}

namespace mimic::ui {

class ScreenLock;

enum class RewardStyle {
    kStars = 0,
    kConfetti,
    kFavouriteClip,   // `reward_file`: a short video clip (with its sound)
    kFavouriteSound,  // `reward_file`: a WAV file, with the stars
    kQuiet,           // a still "well done" picture, no sound, no movement
};

struct ChildScreenOptions {
    std::string title = "mimic";
    bool fullscreen = true;  // false in tests: a window of width x height
    // The display the child's screen fills, counted as people do (1 = the primary). Empty:
    // the second when there are two or more, else the only one.
    std::optional<int> child_display;
    std::string console_title = "mimic: therapist";
    // Tests: the console opens even with one display (beside the child's window).
    bool force_console = false;
    int width = 1280;
    int height = 720;
    std::string cue_words = "Your turn!";
    // A recorded voice saying the cue (WAV, read by SDL); empty: espeak-ng speaks cue_words.
    std::filesystem::path cue_voice;
    RewardStyle reward = RewardStyle::kStars;
    std::filesystem::path reward_file;  // with kFavouriteClip or kFavouriteSound
    // Checks the therapist's PIN (store/therapist_pin.h pinVerifier). Empty: no PIN is set,
    // and the prompt says to type "stop".
    std::function<bool(std::string_view)> pin_check;
    // Prints one line per event on stdout as poll() returns it: "screen <kind> [detail]".
    bool trace_keys = false;
    // The seed of the reward's animation (reproducible screenshots).
    std::uint32_t reward_seed = 1;
    // In an encrypted data folder: the lock of the therapist's windows (screen_lock.h). With a
    // console, the console locks (its buttons and the therapist's keys do nothing until the
    // passphrase is typed into it); the child's screen goes on as it was.
    ScreenLock* lock = nullptr;
};

// The therapist's strip (and console). Times are the owner's; the strip formats them.
using StripInfo = session::SessionStatus;

// Where a session's windows go among SDL's displays (indices from 0, the primary first).
struct SessionDisplays {
    int child = 0;
    std::optional<int> console;  // empty: one display, no console
};
// With `count` displays and the child's display as people count it (ChildScreenOptions::
// child_display): the child's screen on it (default the second of two or more), the console
// on the first display that is not the child's. Refused in one line for a display that is not
// there. Plain: no SDL.
Result<SessionDisplays> chooseSessionDisplays(int count, std::optional<int> child_display);

enum class ScreenEventKind {
    kNone = 0,
    kModelEnded,   // the model clip (or its segment) played to its end, or failed (message)
    kCueEnded,     // the cue was shown at least kMinCueTime and its words were spoken
    kRewardEnded,  // the reward finished
    kGoOn,         // Space
    kReplay,       // R
    kScore,        // 1, 2 then 1..n or Enter, 3, 4 (during practice or awaiting the score)
    kNote,         // N, text, Enter
    kPause,        // P (toggles; `paused` says which way)
    kEnd,          // Esc, the right PIN (or "stop"), Enter
};
std::string_view screenEventName(ScreenEventKind kind);  // "model-ended", ... "end"

struct ScreenEvent {
    ScreenEventKind kind = ScreenEventKind::kNone;
    Clock::time_point at;  // when it happened (for keys: when poll() read the key)
    // kScore: the outcome; with kPrompted exactly one of `level_number` (1 = the most
    // intrusive level of StripInfo::prompt_levels) and `next_level_down` is set.
    session::Outcome outcome = session::Outcome::kNone;
    std::optional<int> level_number;
    bool next_level_down = false;
    std::string note;     // kNote
    bool paused = false;  // kPause: paused after the toggle
    std::string message;  // kModelEnded after a failure: why (one line)
};

class ChildScreen {
  public:
    // The cue stays at least this long, so a child has time to see it.
    static constexpr std::chrono::milliseconds kMinCueTime{1500};
    // The quiet reward's still picture stays this long.
    static constexpr std::chrono::milliseconds kQuietRewardTime{2000};

    // Opens the window (full screen unless told otherwise), hides the cursor and prepares
    // the cue's voice: speech that cannot be made or played is one warning, and the cue
    // then shows without it. Fails only when the window or its GL context cannot be made.
    static Result<std::unique_ptr<ChildScreen>> open(const ChildScreenOptions& options);

    ChildScreen(const ChildScreen&) = delete;
    ChildScreen& operator=(const ChildScreen&) = delete;
    ~ChildScreen();

    // Plays [in_ms, out_ms) of `clip` (out_ms <= in_ms: to the end). Fails when the clip
    // cannot be opened (the screen stays calm and empty).
    Status playModel(const std::filesystem::path& clip, std::int64_t in_ms, std::int64_t out_ms);
    void showTurnCue();
    // `preview` is polled on every frame until the next show*(); it must outlive that.
    void showPractice(capture::PreviewSlot* preview, bool recording);
    void showAwaitScore();
    void showReward();
    void showEnd();
    // Holds the model, the cue's voice and timer and the reward; P's toggle is reported as a
    // kPause event and the owner confirms it here.
    void setPaused(bool paused);
    void setStrip(const StripInfo& info);

    // Draws what changed, reads the keys and waits at most `max_wait` for something to do.
    // Returns what happened, in order. Drawing problems are logged as warnings (the screen
    // stays calm) and do not fail the call; the Result leaves room for a lost window.
    Result<std::vector<ScreenEvent>> poll(std::chrono::milliseconds max_wait);

    // Draws the screen now and returns it as drawn (tests, screenshots).
    RgbaImage capture();

    // The therapist's console, when there is one (two displays, or force_console).
    bool hasConsole() const;
    // What the console shows now (also without a console: what it would show).
    session::ConsoleView consoleView() const;
    // What clicking a console button does: its keys go to the therapist's keys as if typed, and
    // what they complete is returned by the next poll(). Ignored when the button is disabled.
    void pressConsoleButton(const session::ConsoleButton& button);
    // Draws the console now and returns it as drawn; empty without a console.
    RgbaImage captureConsole();

    // Of the model playing or last played: pictures shown and dropped as late.
    std::int64_t modelPicturesShown() const;
    std::int64_t modelPicturesDropped() const;
    // Frames this screen has drawn (swaps).
    std::int64_t framesDrawn() const;
    // Whether the cue's words can be heard (a voice was made and an audio device opened).
    bool cueVoiceAvailable() const;

  private:
    struct Impl;
    explicit ChildScreen(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace mimic::ui
