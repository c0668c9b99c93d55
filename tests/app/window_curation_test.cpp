// Curation in the library window (issue 16) run for real: SDL's offscreen GL driver, a real
// data folder and the app's callbacks (app::importClip, the store, the audit log). Events are
// pushed as SDL would deliver them (a dropped file, key presses) from the window's test hook,
// one step per frame; then the store is read back.
#include <SDL.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "app/library_import.h"
#include "app/library_window_run.h"
#include "media/frame_times.h"
#include "review/clip_steps.h"
#include "store/audit_log.h"
#include "store/library_repository.h"
#include "temp_dir.h"
#include "test_clips.h"

namespace mimic::app {
namespace {

namespace fs = std::filesystem;
using ui::CurationPanel;
// A step of the test: returns true when done (else it is tried again next frame).
using Step = std::function<bool(CurationPanel&)>;

void pushDrop(const fs::path& file) {
    SDL_Event drop{};
    drop.type = SDL_DROPFILE;
    drop.drop.file = SDL_strdup(file.c_str());  // the window frees it, as SDL's own
    SDL_PushEvent(&drop);
}

void pushKey(SDL_Keycode key, Uint16 mod = KMOD_NONE) {
    SDL_Event event{};
    event.type = SDL_KEYDOWN;
    event.key.state = SDL_PRESSED;
    event.key.keysym.sym = key;
    event.key.keysym.scancode = SDL_GetScancodeFromKey(key);
    event.key.keysym.mod = mod;
    SDL_PushEvent(&event);
    event.type = SDL_KEYUP;
    event.key.state = SDL_RELEASED;
    SDL_PushEvent(&event);
}

class WindowCurationTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto data = openDataContext(dir_.path() / "data", IfMissing::kCreate);
        ASSERT_TRUE(data.ok()) << data.error().message;
        data_.emplace(std::move(data).value());
        ASSERT_TRUE(library().upsertBehaviour("greeting", "social communication", "waves").ok());
        // 30000/1001 fps: frame times that are not whole milliseconds.
        clip_ = dir_.path() / "wave hello.mp4";
        ASSERT_TRUE(testing::ffmpegMake(
            clip_,
            "-f lavfi -i testsrc2=s=320x180:r=30000/1001 -t 3 -c:v libx264 -g 30 "
            "-pix_fmt yuv420p"));
    }

    store::LibraryRepository library() { return store::LibraryRepository(data_->db); }

    // Runs the window, doing the steps in turn (each until it says it is done), then closes
    // it. A step that never finishes fails the test at the safety net.
    ui::WindowReport run(std::vector<Step> steps, bool autoplay = false) {
        ui::WindowOptions options;
        options.width = 1280;
        options.height = 720;
        options.autoplay_first_clip = autoplay;
        options.quit_after_seconds = 90.0;  // a safety net, never reached when it works
        std::size_t next = 0;
        bool quit_sent = false;
        options.drive_curation = [&](double, CurationPanel& panel) {
            if (next < steps.size()) {
                if (steps[next](panel)) ++next;
                return;
            }
            if (!quit_sent) {
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

    std::vector<std::string> auditActions() {
        auto entries = store::AuditLog(data_->db).entries();
        EXPECT_TRUE(entries.ok());
        std::vector<std::string> actions;
        if (entries.ok()) {
            for (const store::AuditEntry& e : *entries)
                actions.push_back(e.action);
        }
        return actions;
    }

    testing::TempDir dir_{"window-curation"};
    std::optional<DataContext> data_;
    SessionDevices devices_{"synthetic", "none"};
    fs::path clip_;
};

TEST_F(WindowCurationTest, DroppedFilesAreImportedWithThumbnailsOrRefusedInOneLine) {
    const fs::path broken = dir_.path() / "broken.mp4";
    std::ofstream(broken) << "not a video";
    std::vector<std::string> refusals;
    run({[&](CurationPanel&) {
             pushDrop(broken);
             pushDrop(clip_);
             return true;
         },
         [&](CurationPanel& p) {
             refusals = p.refusals();
             return p.imported() + refusals.size() == 2 && !p.importing();
         },
         // The list shows the new clip with its thumbnail.
         [](CurationPanel& p) { return p.thumbnailsShown() == 1; }});

    // The broken file: one line naming it, nothing written.
    ASSERT_EQ(refusals.size(), 1u);
    EXPECT_NE(refusals[0].find("broken.mp4"), std::string::npos) << refusals[0];
    EXPECT_EQ(refusals[0].find('\n'), std::string::npos) << refusals[0];
    auto listed = library().listLibrary(std::nullopt);
    ASSERT_TRUE(listed.ok());
    ASSERT_EQ(listed->size(), 1u);
    const store::LibraryEntry& entry = listed->front();
    EXPECT_EQ(entry.clip.record.original_name, "wave hello.mp4");
    // Tagged with the behaviour selected in the list (the first).
    EXPECT_EQ(entry.behaviours, std::vector<std::string>{"greeting"});
    ASSERT_TRUE(entry.clip.record.thumbnail_path.has_value());
    EXPECT_TRUE(fs::exists(data_->dir.absolute(*entry.clip.record.thumbnail_path)));
    EXPECT_EQ(auditActions(), std::vector<std::string>{"import"});
}

TEST_F(WindowCurationTest, AStepMarkedByKeysIsFrameExactAndUndone) {
    ClipImport request;
    request.source = clip_;
    request.model_kind = store::ModelKind::kPeer;
    request.behaviour = "greeting";
    request.actor = "test";
    auto imported = importClip(data_->dir, data_->db, request);
    ASSERT_TRUE(imported.ok()) << imported.error().message;
    auto frames = media::videoFrameTimes(data_->dir.absolute(imported->path));
    ASSERT_TRUE(frames.ok()) << frames.error().message;
    ASSERT_GT(frames->size(), 20u);

    std::vector<review::StepSegment> kept;
    bool undone = false;
    run({// The first clip plays; its editor is open.
         [&](CurationPanel& p) { return p.stepsClipId() == imported->clip_id; },
         [&](CurationPanel&) {
             pushKey(SDLK_HOME);
             for (int i = 0; i < 5; ++i)
                 pushKey(SDLK_RIGHT);
             pushKey(SDLK_i);
             for (int i = 0; i < 10; ++i)
                 pushKey(SDLK_RIGHT);
             pushKey(SDLK_o);
             pushKey(SDLK_RETURN);
             return true;
         },
         [&](CurationPanel& p) {
             kept = p.steps();
             return !kept.empty();
         },
         [&](CurationPanel&) {
             pushKey(SDLK_z, KMOD_LCTRL);
             return true;
         },
         [&](CurationPanel& p) {
             undone = p.steps().empty();
             return undone;
         }},
        /*autoplay=*/true);

    ASSERT_EQ(kept.size(), 1u);
    EXPECT_EQ(kept[0].step, 1);
    EXPECT_EQ(kept[0].in_ms, review::storedMsOfFrame((*frames)[5]));
    EXPECT_EQ(kept[0].out_ms, review::storedMsOfFrame((*frames)[15]));
    // Seeking to the stored times shows those frames.
    const review::FrameTimes times(*frames);
    EXPECT_EQ(review::frameOfStoredMs(times, kept[0].in_ms), (*frames)[5]);
    EXPECT_EQ(review::frameOfStoredMs(times, kept[0].out_ms), (*frames)[15]);
    EXPECT_TRUE(undone);
    auto segments = library().segmentsForClip(imported->clip_id);
    ASSERT_TRUE(segments.ok());
    EXPECT_TRUE(segments->empty());
    EXPECT_EQ(auditActions(),
              (std::vector<std::string>{"import", "add segment", "delete segment"}));
}

}  // namespace
}  // namespace mimic::app
