// The child's screen run for real: SDL's offscreen video driver (GL on llvmpipe), the dummy
// audio driver (real-time consumption), espeak-ng speaking the cue, keys injected into SDL's
// event queue, pictures read back from the framebuffer. Screenshots of the cue, practice and
// reward go to <build>/tests/ui/child_screen_*.png to be looked at.
#include "ui/child_screen.h"

#include <SDL.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <random>

#include "capture/preview.h"
#include "temp_dir.h"
#include "test_clips.h"
#include "ui/screen_lock.h"
#include "ui/therapist_console.h"

namespace mimic::ui {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr int kWidth = 480;
constexpr int kHeight = 270;
const std::filesystem::path kShots = MIMIC_UI_TEST_OUTPUT_DIR;

// As library_window_test.cpp: the GL driver stays loaded for the whole program.
class KeepGlDriverLoaded : public ::testing::Environment {
  public:
    void SetUp() override {
        ASSERT_EQ(SDL_InitSubSystem(SDL_INIT_VIDEO), 0) << SDL_GetError();
        ASSERT_EQ(SDL_GL_LoadLibrary(nullptr), 0) << SDL_GetError();
    }
};
const ::testing::Environment* const kKeepDriver =
    ::testing::AddGlobalTestEnvironment(new KeepGlDriverLoaded);  // NOLINT: gtest owns it

// A key as a keyboard gives it (ImGui 1.86, in the console's fields, reads the scancode).
void pushKey(SDL_Keycode key, Uint16 mod = KMOD_NONE) {
    SDL_Event event{};
    event.type = SDL_KEYDOWN;
    event.key.keysym.sym = key;
    event.key.keysym.scancode = SDL_GetScancodeFromKey(key);
    event.key.keysym.mod = mod;
    event.key.state = SDL_PRESSED;
    SDL_PushEvent(&event);
    event.type = SDL_KEYUP;
    event.key.state = SDL_RELEASED;
    SDL_PushEvent(&event);
}

void pushText(const char* text) {
    SDL_Event event{};
    event.type = SDL_TEXTINPUT;
    std::strncpy(event.text.text, text, sizeof event.text.text - 1);
    SDL_PushEvent(&event);
}

void pushClick(int x, int y) {
    SDL_Event event{};
    event.type = SDL_MOUSEBUTTONDOWN;
    event.button.button = SDL_BUTTON_LEFT;
    event.button.x = x;
    event.button.y = y;
    SDL_PushEvent(&event);
    event.type = SDL_MOUSEBUTTONUP;
    SDL_PushEvent(&event);
}

struct Pixel {
    int r, g, b;
};
Pixel pixelAt(const RgbaImage& image, int x, int y) {
    const std::size_t i = (static_cast<std::size_t>(y) * image.width + x) * 4;
    return {image.pixels[i], image.pixels[i + 1], image.pixels[i + 2]};
}

class ChildScreenTest : public ::testing::Test {
  protected:
    void SetUp() override { open(ChildScreenOptions{}); }

    void open(ChildScreenOptions options) {
        screen_.reset();
        options.title = "mimic child screen test";
        options.fullscreen = false;
        options.width = kWidth;
        options.height = kHeight;
        if (!options.pin_check) {
            options.pin_check = [](std::string_view pin) { return pin == "2468"; };
        }
        auto opened = ChildScreen::open(options);
        ASSERT_TRUE(opened.ok()) << opened.error().message;
        screen_ = std::move(*opened);
        StripInfo strip;
        strip.trial = 2;
        strip.trials = 6;
        strip.target = "greeting";
        strip.elapsed = seconds(192);
        strip.mic_level = 0.6f;
        strip.recording = true;
        strip.prompt_levels = {"full physical", "partial physical", "model", "verbal", "gestural"};
        strip.next_level_down = "model";
        screen_->setStrip(strip);
    }

    // Polls until an event of `kind` (returned with everything before it), or `limit`.
    std::vector<ScreenEvent> pollUntil(ScreenEventKind kind, seconds limit = seconds(30)) {
        std::vector<ScreenEvent> all;
        const auto deadline = Clock::now() + limit;
        while (Clock::now() < deadline) {
            auto events = screen_->poll(milliseconds(20));
            EXPECT_TRUE(events.ok());
            if (!events.ok()) break;
            for (auto& e : *events) {
                all.push_back(e);
                if (e.kind == kind) return all;
            }
        }
        ADD_FAILURE() << "no " << screenEventName(kind) << " event within " << limit.count()
                      << " s";
        return all;
    }
    // Polls for a while (a few frames) and returns every event.
    std::vector<ScreenEvent> pollFor(milliseconds span) {
        std::vector<ScreenEvent> all;
        const auto deadline = Clock::now() + span;
        do {
            auto events = screen_->poll(milliseconds(10));
            EXPECT_TRUE(events.ok());
            if (events.ok()) all.insert(all.end(), events->begin(), events->end());
        } while (Clock::now() < deadline);
        return all;
    }
    void save(const RgbaImage& image, const std::string& name) {
        std::filesystem::create_directories(kShots);
        ASSERT_TRUE(writePng(image, kShots / name).ok());
    }

    std::unique_ptr<ChildScreen> screen_;
};

TEST_F(ChildScreenTest, CueEndsOnceItsWordsAreSpokenAndShowsAFriendlyPicture) {
    const auto shown = Clock::now();
    screen_->showTurnCue();
    pollFor(milliseconds(300));
    const RgbaImage cue = screen_->capture();
    save(cue, "child_screen_cue.png");
    const auto events = pollUntil(ScreenEventKind::kCueEnded);
    ASSERT_FALSE(events.empty());
    EXPECT_GE(events.back().at - shown, ChildScreen::kMinCueTime);
    EXPECT_TRUE(screen_->cueVoiceAvailable()) << "espeak-ng made no voice";

    // The picture: the waving child's sunny face left of centre, the white speech bubble
    // right of centre, on the calm background.
    ASSERT_EQ(cue.width, kWidth);
    int face = 0;
    int bubble = 0;
    for (int y = 0; y < kHeight; ++y) {
        for (int x = 0; x < kWidth; ++x) {
            const Pixel p = pixelAt(cue, x, y);
            if (x < kWidth / 2 && p.r > 230 && p.g > 195 && p.g < 230 && p.b < 180) ++face;
            if (x > kWidth / 2 && p.r > 250 && p.g > 250 && p.b > 250) ++bubble;
        }
    }
    EXPECT_GT(face, kWidth * kHeight / 50) << "no big face on the cue";
    EXPECT_GT(bubble, kWidth * kHeight / 25) << "no speech bubble on the cue";
}

TEST_F(ChildScreenTest, PracticeShowsTheCameraMirroredWithARecordingMark) {
    // The camera sees red on its left and blue on its right; a mirror shows blue on the left.
    capture::PreviewSlot slot;
    capture::CameraFrame frame;
    frame.width = 320;
    frame.height = 240;
    frame.bgr.resize(320 * 240 * 3);
    for (int y = 0; y < 240; ++y) {
        for (int x = 0; x < 320; ++x) {
            std::uint8_t* px = &frame.bgr[(static_cast<std::size_t>(y) * 320 + x) * 3];
            if (x < 160) {
                px[0] = 30, px[1] = 40, px[2] = 220;  // BGR: red
            } else {
                px[0] = 220, px[1] = 60, px[2] = 30;  // BGR: blue
            }
        }
    }
    slot.offer(frame);
    screen_->showPractice(&slot, /*recording=*/true);
    pollFor(milliseconds(300));
    const RgbaImage practice = screen_->capture();
    save(practice, "child_screen_practice.png");
    // The 4:3 picture is pillarboxed in the 16:9 window: sample inside it, mid-height.
    const Pixel left = pixelAt(practice, kWidth / 2 - 60, kHeight / 2);
    const Pixel right = pixelAt(practice, kWidth / 2 + 60, kHeight / 2);
    EXPECT_GT(left.b, 180) << left.r << "," << left.g << "," << left.b;
    EXPECT_LT(left.r, 60);
    EXPECT_GT(right.r, 180) << right.r << "," << right.g << "," << right.b;
    EXPECT_LT(right.b, 60);
    // The recording mark: a soft red dot near the top-right corner.
    int dot = 0;
    for (int y = 0; y < kHeight / 4; ++y) {
        for (int x = kWidth * 3 / 4; x < kWidth; ++x) {
            const Pixel p = pixelAt(practice, x, y);
            if (p.r > 150 && p.g < 120 && p.b < 120) ++dot;
        }
    }
    EXPECT_GT(dot, 10);
}

TEST_F(ChildScreenTest, TherapistKeysGiveTheirEvents) {
    capture::PreviewSlot slot;
    screen_->showPractice(&slot, true);
    pushKey(SDLK_1);
    pushKey(SDLK_2);
    pushKey(SDLK_3);
    pushKey(SDLK_2);
    pushKey(SDLK_RETURN);
    pushKey(SDLK_3);
    pushKey(SDLK_4);
    pushKey(SDLK_n);
    pushText("n");
    pushText("smiled");
    pushKey(SDLK_RETURN);
    pushKey(SDLK_SPACE);
    pushKey(SDLK_r);
    pushKey(SDLK_p);
    const auto events = pollUntil(ScreenEventKind::kPause);
    std::vector<std::string> got;
    for (const ScreenEvent& e : events) {
        std::string s(screenEventName(e.kind));
        if (e.kind == ScreenEventKind::kScore) {
            s += ":" + std::string(session::outcomeName(e.outcome));
            if (e.level_number) s += ":" + std::to_string(*e.level_number);
            if (e.next_level_down) s += ":down";
        }
        if (e.kind == ScreenEventKind::kNote) s += ":" + e.note;
        if (e.kind == ScreenEventKind::kPause) s += e.paused ? ":on" : ":off";
        got.push_back(s);
    }
    EXPECT_EQ(got,
              (std::vector<std::string>{
                  "score:independent", "score:prompted:3", "score:prompted:down", "score:incorrect",
                  "score:no-response", "note:smiled", "go-on", "replay", "pause:on"}));
}

TEST_F(ChildScreenTest, MashingKeysAndClickingDoesNothing) {
    std::mt19937 random(5);
    const std::string letters = "abcdefghijklmoqstuvwxyz";  // not n, p, r
    const std::vector<SDL_Keycode> others = {SDLK_F1,        SDLK_LEFT,   SDLK_TAB,   SDLK_LSHIFT,
                                             SDLK_BACKSPACE, SDLK_RETURN, SDLK_DELETE};
    // Digits do nothing outside practice and scoring; on the end screen nothing acts.
    screen_->showEnd();
    for (int i = 0; i < 300; ++i) {
        switch (random() % 4) {
            case 0:
                pushKey(SDLK_a +
                        static_cast<SDL_Keycode>(letters[random() % letters.size()] - 'a'));
                break;
            case 1:
                pushKey(SDLK_0 + static_cast<SDL_Keycode>(random() % 10));
                break;
            case 2:
                pushKey(others[random() % others.size()]);
                break;
            default:
                pushClick(static_cast<int>(random() % kWidth),
                          static_cast<int>(random() % kHeight));
                break;
        }
        if (i % 50 == 49) {
            EXPECT_TRUE(pollFor(milliseconds(20)).empty()) << "after " << i + 1 << " presses";
        }
    }
    EXPECT_TRUE(pollFor(milliseconds(100)).empty());
}

TEST_F(ChildScreenTest, EscWithAWrongPinStaysAndWithTheRightPinEnds) {
    screen_->showAwaitScore();
    pushKey(SDLK_ESCAPE);
    EXPECT_TRUE(pollFor(milliseconds(100)).empty());  // Esc alone never leaves
    const RgbaImage prompt = screen_->capture();
    save(prompt, "child_screen_pin_prompt.png");
    for (SDL_Keycode k : {SDLK_1, SDLK_1, SDLK_1, SDLK_1, SDLK_RETURN})
        pushKey(k);
    EXPECT_TRUE(pollFor(milliseconds(200)).empty());
    // Still the child's screen: a score key acts again.
    pushKey(SDLK_1);
    const auto scored = pollUntil(ScreenEventKind::kScore);
    ASSERT_EQ(scored.size(), 1U);
    // A window manager's close asks for the PIN too, and does not end.
    SDL_Event quit{};
    quit.type = SDL_QUIT;
    SDL_PushEvent(&quit);
    EXPECT_TRUE(pollFor(milliseconds(100)).empty());
    for (SDL_Keycode k : {SDLK_2, SDLK_4, SDLK_6, SDLK_8, SDLK_RETURN})
        pushKey(k);
    const auto ended = pollUntil(ScreenEventKind::kEnd);
    ASSERT_EQ(ended.size(), 1U);
    EXPECT_EQ(ended[0].kind, ScreenEventKind::kEnd);
}

TEST_F(ChildScreenTest, WithoutAPinTheWordStopEnds) {
    screen_.reset();
    {
        ChildScreenOptions no_pin;
        no_pin.title = "mimic child screen test";
        no_pin.fullscreen = false;
        no_pin.width = kWidth;
        no_pin.height = kHeight;
        auto opened = ChildScreen::open(no_pin);
        ASSERT_TRUE(opened.ok()) << opened.error().message;
        screen_ = std::move(*opened);
    }
    screen_->showEnd();
    pushKey(SDLK_ESCAPE);
    pollFor(milliseconds(100));
    save(screen_->capture(), "child_screen_stop_prompt.png");
    for (SDL_Keycode k : {SDLK_s, SDLK_t, SDLK_o, SDLK_p, SDLK_RETURN})
        pushKey(k);
    const auto ended = pollUntil(ScreenEventKind::kEnd);
    ASSERT_EQ(ended.size(), 1U);
}

TEST_F(ChildScreenTest, RewardAnimatesThenEnds) {
    const auto shown = Clock::now();
    screen_->showReward();
    pollFor(milliseconds(900));
    save(screen_->capture(), "child_screen_reward.png");
    const auto events = pollUntil(ScreenEventKind::kRewardEnded);
    ASSERT_FALSE(events.empty());
    EXPECT_GE(events.back().at - shown, milliseconds(2000));

    ChildScreenOptions quiet;
    quiet.reward = RewardStyle::kQuiet;
    open(quiet);
    screen_->showReward();
    pollFor(milliseconds(200));
    save(screen_->capture(), "child_screen_reward_quiet.png");
    ASSERT_FALSE(pollUntil(ScreenEventKind::kRewardEnded).empty());
}

TEST_F(ChildScreenTest, ModelPlaysItsSegmentThenEnds) {
    const mimic::testing::TempDir dir("child-screen");
    const auto clip = dir.path() / "model.mp4";
    ASSERT_TRUE(mimic::testing::ffmpegMake(clip,
                                           "-f lavfi -i testsrc2=s=320x240:r=25:d=2 "
                                           "-f lavfi -i sine=f=440:r=48000:d=2 "
                                           "-c:v libx264 -preset ultrafast -pix_fmt yuv420p "
                                           "-c:a aac -shortest"));
    ASSERT_TRUE(screen_->playModel(clip, 500, 1500).ok());
    const auto started = Clock::now();
    const auto events = pollUntil(ScreenEventKind::kModelEnded);
    ASSERT_FALSE(events.empty());
    EXPECT_TRUE(events.back().message.empty()) << events.back().message;
    // One second of a 25 fps clip: about 25 pictures, none of the rest of the clip.
    EXPECT_GE(screen_->modelPicturesShown() + screen_->modelPicturesDropped(), 20);
    EXPECT_LE(screen_->modelPicturesShown() + screen_->modelPicturesDropped(), 30);
    EXPECT_GE(events.back().at - started, milliseconds(800));

    EXPECT_FALSE(screen_->playModel(dir.path() / "missing.mp4", 0, 0).ok());
}

}  // namespace
}  // namespace mimic::ui

namespace mimic::ui {
namespace {

TEST(SessionDisplays, TheChildsScreenOnTheSecondAndTheConsoleOnTheFirst) {
    struct Row {
        int count;
        std::optional<int> asked;
        int child;
        std::optional<int> console;
    };
    const std::vector<Row> rows{
        {1, std::nullopt, 0, std::nullopt},  // one display: nothing changes
        {1, 1, 0, std::nullopt},
        {0, std::nullopt, 0, std::nullopt},  // SDL could not count: as one
        {2, std::nullopt, 1, 0},             // the child's on the second, the console the primary
        {2, 1, 0, 1},                        // asked for the primary: the console on the second
        {2, 2, 1, 0},
        {3, 3, 2, 0},
    };
    for (const Row& r : rows) {
        auto chosen = chooseSessionDisplays(r.count, r.asked);
        ASSERT_TRUE(chosen.ok()) << r.count << " " << r.asked.value_or(-1);
        EXPECT_EQ(chosen->child, r.child) << r.count << " " << r.asked.value_or(-1);
        EXPECT_EQ(chosen->console, r.console) << r.count << " " << r.asked.value_or(-1);
    }
    auto missing = chooseSessionDisplays(1, 2);
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().message,
              "there is no display 2 for the child's screen (1 display is connected)");
    EXPECT_FALSE(chooseSessionDisplays(2, 3).ok());
    EXPECT_FALSE(chooseSessionDisplays(2, 0).ok());
}

TEST_F(ChildScreenTest, CursorStaysHiddenOverTheChildsScreen) {
    // ImGui's SDL backend shows the cursor on every frame unless told not to.
    screen_->showAwaitScore();
    pollFor(milliseconds(100));
    EXPECT_EQ(SDL_ShowCursor(SDL_QUERY), SDL_DISABLE);
}

class ConsoleTest : public ChildScreenTest {
  protected:
    void SetUp() override {
        ChildScreenOptions options;
        options.force_console = true;  // the offscreen driver has one display
        open(options);
        StripInfo strip;
        strip.child = "c-017";
        strip.trial = 1;
        strip.trials = 3;
        strip.target = "greeting";
        strip.state = session::State::kPractice;
        strip.elapsed = seconds(42);
        strip.microphone = true;
        strip.mic_level = 0.6f;
        strip.recording = true;
        strip.prompt_levels = {"full physical", "gestural", "verbal"};
        strip.next_level_down = "gestural";
        screen_->setStrip(strip);
    }
    static session::ConsoleButton button(session::ConsoleAction action, int level = 0) {
        session::ConsoleButton b;
        b.action = action;
        b.level = level;
        return b;
    }
};

TEST_F(ConsoleTest, ButtonsGiveTheEventsOfTheirKeys) {
    ASSERT_TRUE(screen_->hasConsole());
    screen_->showPractice(nullptr, /*recording=*/true);
    pollFor(milliseconds(100));
    const RgbaImage console = screen_->captureConsole();
    save(console, "therapist_console_practice.png");
    EXPECT_EQ(console.width, TherapistConsole::kWidth);
    save(screen_->capture(), "child_screen_with_console.png");

    screen_->pressConsoleButton(button(session::ConsoleAction::kIndependent));
    auto scored = pollUntil(ScreenEventKind::kScore);
    ASSERT_EQ(scored.size(), 1u);
    EXPECT_EQ(scored[0].outcome, session::Outcome::kIndependent);

    screen_->pressConsoleButton(button(session::ConsoleAction::kPrompted, 3));
    scored = pollUntil(ScreenEventKind::kScore);
    ASSERT_EQ(scored.size(), 1u);
    EXPECT_EQ(scored[0].outcome, session::Outcome::kPrompted);
    EXPECT_EQ(scored[0].level_number, 3);

    // End early asks for the PIN, on the console; the PIN typed (in either window) ends.
    screen_->pressConsoleButton(button(session::ConsoleAction::kEnd));
    EXPECT_TRUE(pollFor(milliseconds(100)).empty());
    EXPECT_NE(screen_->consoleView().prompt.find("PIN"), std::string::npos);
    save(screen_->captureConsole(), "therapist_console_pin.png");
    for (SDL_Keycode k : {SDLK_2, SDLK_4, SDLK_6, SDLK_8, SDLK_RETURN})
        pushKey(k);
    const auto ended = pollUntil(ScreenEventKind::kEnd);
    ASSERT_EQ(ended.size(), 1u);
}

TEST_F(ConsoleTest, DisabledButtonsDoNothing) {
    // During the model nothing can be scored; paused, nothing goes on.
    StripInfo strip;
    strip.state = session::State::kModel;
    screen_->setStrip(strip);
    screen_->showAwaitScore();  // the keys' scoring is open, the session's state is not
    screen_->pressConsoleButton(button(session::ConsoleAction::kIndependent));
    EXPECT_TRUE(pollFor(milliseconds(100)).empty());
    screen_->setPaused(true);
    screen_->pressConsoleButton(button(session::ConsoleAction::kGoOn));
    EXPECT_TRUE(pollFor(milliseconds(100)).empty());
    screen_->pressConsoleButton(button(session::ConsoleAction::kPause));
    const auto resumed = pollUntil(ScreenEventKind::kPause);
    ASSERT_EQ(resumed.size(), 1u);
}

TEST_F(ConsoleTest, TheChildsScreenLosesTheStripAndThePrompts) {
    // With a console the strip and the PIN prompt are the therapist's, not the child's: the
    // bottom edge of the child's screen is the calm picture, like the rest of it.
    screen_->showAwaitScore();
    pushKey(SDLK_ESCAPE);
    EXPECT_TRUE(pollFor(milliseconds(100)).empty());
    const RgbaImage shown = screen_->capture();
    const Pixel corner = pixelAt(shown, 5, 5);
    int differing = 0;
    for (int y = kHeight - 30; y < kHeight; ++y) {
        for (int x = 0; x < kWidth; ++x) {
            const Pixel p = pixelAt(shown, x, y);
            if (std::abs(p.r - corner.r) + std::abs(p.g - corner.g) + std::abs(p.b - corner.b) > 30)
                ++differing;
        }
    }
    EXPECT_EQ(differing, 0) << "something is drawn at the child's screen's bottom edge";
    EXPECT_NE(screen_->consoleView().prompt.find("PIN"), std::string::npos);
}

}  // namespace
}  // namespace mimic::ui

namespace mimic::ui {
namespace {

// The console of a session in an encrypted folder locks (issue 14, 1): Ctrl+L (or the idle
// time) locks it; then neither its buttons nor the therapist's keys do anything, the child's
// screen goes on, a wrong passphrase typed into the console leaves it locked and the right one
// opens it.
class LockedConsoleTest : public ChildScreenTest {
  protected:
    void SetUp() override {
        ScreenLockCallbacks callbacks;
        callbacks.user = "Theo";
        callbacks.role = "therapist";
        callbacks.check = [](const std::string& passphrase) { return passphrase == "open sesame"; };
        callbacks.record = [this](std::string_view what) { recorded_.emplace_back(what); };
        lock_ = std::make_unique<ScreenLock>(idle_, std::move(callbacks));
        ChildScreenOptions options;
        options.force_console = with_console_;  // the offscreen driver has one display
        options.lock = lock_.get();
        open(options);
        StripInfo strip;
        strip.state = session::State::kPractice;
        strip.prompt_levels = {"full physical", "gestural", "verbal"};
        screen_->setStrip(strip);
    }
    void TearDown() override {
        screen_.reset();  // before the lock it holds
        lock_.reset();
    }
    static session::ConsoleButton independent() {
        session::ConsoleButton b;
        b.action = session::ConsoleAction::kIndependent;
        return b;
    }
    // Types `text` into the console's focused field and presses Enter, a few frames apart.
    void typeAndEnter(const char* text) {
        pollFor(milliseconds(50));
        pushText(text);
        pollFor(milliseconds(50));
        pushKey(SDLK_RETURN);
        pollFor(milliseconds(100));
    }

    std::chrono::milliseconds idle_{0};
    bool with_console_ = true;
    std::unique_ptr<ScreenLock> lock_;
    std::vector<std::string> recorded_;
};

TEST_F(LockedConsoleTest, LockedItTakesNoScoreUntilThePassphrase) {
    ASSERT_TRUE(screen_->hasConsole());
    screen_->showPractice(nullptr, /*recording=*/true);
    pollFor(milliseconds(50));
    pushKey(SDLK_l, KMOD_LCTRL);
    EXPECT_TRUE(pollFor(milliseconds(100)).empty());
    ASSERT_TRUE(lock_->locked());
    save(screen_->captureConsole(), "therapist_console_locked.png");

    // Neither a key nor a button scores; Esc asks for no PIN.
    pushKey(SDLK_1);
    pushKey(SDLK_ESCAPE);
    screen_->pressConsoleButton(independent());
    EXPECT_TRUE(pollFor(milliseconds(150)).empty());
    EXPECT_EQ(screen_->consoleView().prompt.find("PIN"), std::string::npos);

    typeAndEnter("not it");
    EXPECT_TRUE(lock_->locked());
    typeAndEnter("open sesame");
    ASSERT_FALSE(lock_->locked());
    EXPECT_EQ(recorded_, (std::vector<std::string>{"lock (asked)", "unlock refused", "unlock"}));

    screen_->pressConsoleButton(independent());
    const auto scored = pollUntil(ScreenEventKind::kScore);
    ASSERT_EQ(scored.size(), 1u);
    EXPECT_EQ(scored[0].outcome, session::Outcome::kIndependent);
}

class IdleConsoleTest : public LockedConsoleTest {
  protected:
    void SetUp() override {
        idle_ = milliseconds(50);
        LockedConsoleTest::SetUp();
    }
};

TEST_F(IdleConsoleTest, WithoutInputItLocksByItselfAndTheChildsScreenGoesOn) {
    screen_->showTurnCue();
    // Only a lower bound on time is relied on: after 200 ms without input it is locked.
    pollFor(milliseconds(200));
    ASSERT_TRUE(lock_->locked());
    EXPECT_EQ(recorded_, (std::vector<std::string>{"lock (idle)"}));
    // The child's screen still draws and still ends its cue.
    const std::int64_t drawn = screen_->framesDrawn();
    pollUntil(ScreenEventKind::kCueEnded);
    EXPECT_GT(screen_->framesDrawn(), drawn);
}

// With one display there is no console: the therapist's keys lock, the passphrase is typed
// blind (a mark per character over the strip) and Enter checks it.
class LockedKeysTest : public LockedConsoleTest {
  protected:
    void SetUp() override {
        with_console_ = false;
        LockedConsoleTest::SetUp();
    }
};

TEST_F(LockedKeysTest, LockedTheKeysScoreNothingUntilThePassphrase) {
    ASSERT_FALSE(screen_->hasConsole());
    screen_->showAwaitScore();
    pollFor(milliseconds(50));
    pushKey(SDLK_l, KMOD_LCTRL);
    EXPECT_TRUE(pollFor(milliseconds(100)).empty());
    ASSERT_TRUE(lock_->locked());
    // "1" scores independent when open; locked it is a character of the passphrase.
    pushKey(SDLK_1);
    pushText("1");
    pushKey(SDLK_ESCAPE);  // drops what was typed; asks for no PIN
    EXPECT_TRUE(pollFor(milliseconds(100)).empty());
    pushText("not it");
    pushKey(SDLK_RETURN);
    EXPECT_TRUE(pollFor(milliseconds(100)).empty());
    EXPECT_TRUE(lock_->locked());
    EXPECT_NE(lock_->problem().find("not Theo's"), std::string::npos) << lock_->problem();
    pushText("open sesamX");
    pushKey(SDLK_BACKSPACE);
    pushText("e");
    pollFor(milliseconds(50));
    save(screen_->capture(), "child_screen_locked_keys.png");
    pushKey(SDLK_RETURN);
    EXPECT_TRUE(pollFor(milliseconds(100)).empty());
    ASSERT_FALSE(lock_->locked());
    EXPECT_EQ(recorded_, (std::vector<std::string>{"lock (asked)", "unlock refused", "unlock"}));
    pushKey(SDLK_1);
    const auto scored = pollUntil(ScreenEventKind::kScore);
    ASSERT_EQ(scored.size(), 1u);
    EXPECT_EQ(scored[0].outcome, session::Outcome::kIndependent);
}

}  // namespace
}  // namespace mimic::ui
