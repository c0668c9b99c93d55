#include "ui/snapshot.h"

#include <SDL.h>

#include <memory>
#include <string>

#include "media/picture_description.h"
#include "media/player.h"
#include "render/video_renderer.h"
#include "ui/gl_window.h"
#include "ui/picture_view.h"

namespace mimic::ui {
namespace {

struct WindowDeleter {
    void operator()(SDL_Window* window) const { SDL_DestroyWindow(window); }
};
struct ContextDeleter {
    void operator()(void* context) const { SDL_GL_DeleteContext(context); }
};

// A hidden window with a current GL 3.3 core context, and SDL's video subsystem held for
// as long as it lives. Members go in reverse order: context, window, subsystem.
class OffscreenContext {
  public:
    static Result<std::unique_ptr<OffscreenContext>> create() {
        auto made = std::make_unique<OffscreenContext>();
        if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
            return Error{std::string("cannot render offscreen: SDL video (") + SDL_GetError() +
                         ")"};
        }
        made->video_ = true;
        keepGraphicsDriverLoaded();
        SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
        SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
        SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
        made->window_.reset(SDL_CreateWindow("mimic snapshot", 0, 0, 64, 64,
                                             SDL_WINDOW_OPENGL | SDL_WINDOW_HIDDEN));
        if (!made->window_) {
            return Error{std::string("cannot render offscreen: ") + SDL_GetError()};
        }
        made->context_.reset(SDL_GL_CreateContext(made->window_.get()));
        if (!made->context_) {
            return Error{std::string("cannot render offscreen: no OpenGL 3.3 core context (") +
                         SDL_GetError() + ")"};
        }
        SDL_GL_MakeCurrent(made->window_.get(), made->context_.get());
        return made;
    }
    ~OffscreenContext() {
        context_.reset();
        window_.reset();
        if (video_) SDL_QuitSubSystem(SDL_INIT_VIDEO);
    }
    OffscreenContext() = default;
    OffscreenContext(const OffscreenContext&) = delete;
    OffscreenContext& operator=(const OffscreenContext&) = delete;

  private:
    bool video_ = false;
    std::unique_ptr<SDL_Window, WindowDeleter> window_;
    std::unique_ptr<void, ContextDeleter> context_;
};

std::string seconds(std::int64_t us) {
    return std::to_string(static_cast<double>(us) / 1e6).substr(0, 8);
}

}  // namespace

namespace {

// The frame on screen at `at_us`, drawn by the renderer into an image of `sizeOf(display
// size)` (letterboxed when the shapes differ).
template <typename SizeOf>
Result<render::RgbImage> renderFrameAt(const std::filesystem::path& clip, std::int64_t at_us,
                                       SizeOf sizeOf) {
    media::PlayerOptions options;
    options.decode_audio = false;
    auto player = media::Player::open(clip, options);
    if (!player) return player.error();
    player->seek(at_us, media::SeekMode::kExact);
    auto decoded = player->nextFrame();
    if (!decoded) {
        return Error{"cannot take a snapshot of '" + clip.string() + "' at " + seconds(at_us) +
                     " s: no picture there (the clip lasts " + seconds(player->info().duration_us) +
                     " s)"};
    }
    auto drawable = media::toDrawable(std::move(*decoded));
    if (!drawable) return drawable.error();
    auto view = frameView(*drawable, player->info().video);
    if (!view) return view.error();

    auto context = OffscreenContext::create();
    if (!context) return context.error();
    // The renderer goes before the context (declared after it).
    auto renderer = render::VideoRenderer::create();
    if (!renderer) return renderer.error();
    if (Status uploaded = renderer->upload(*view); !uploaded) return uploaded.error();
    auto image = renderer->renderToImage(sizeOf(renderer->displaySize()));
    if (!image) return image.error();
    if (Status errors = renderer->takeGlErrors(); !errors) return errors.error();
    return image;
}

}  // namespace

Result<render::RgbImage> renderSnapshot(const std::filesystem::path& clip, std::int64_t at_us,
                                        int width) {
    return renderFrameAt(clip, at_us, [width](render::Size size) {
        return width > 0 ? render::scaledToWidth(size, width) : size;
    });
}

Result<render::RgbImage> renderSnapshotInto(const std::filesystem::path& clip, std::int64_t at_us,
                                            render::Size box) {
    return renderFrameAt(clip, at_us, [box](render::Size) { return box; });
}

}  // namespace mimic::ui
