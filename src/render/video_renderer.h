// VideoRenderer: draws decoded pictures (FrameView) with OpenGL 3.3 core. The planes are
// uploaded as they are (8-bit or 16-bit textures); the shaders in shaders/ apply the colour
// matrix of colour_maths.h, the chroma siting, the rotation and mirror, and the picture is
// letterboxed into the target. The same renderer draws into an offscreen framebuffer and
// reads it back for snapshots and tests.
//
// Threads: the GL thread only, with a GL 3.3 core (or later) context current for the whole
// life of the renderer, including its destruction. Ownership: owns its GL objects; keeps no
// pointer into the frames it is given. Move-only; a moved-from renderer may only be destroyed
// or assigned to.
//
// GL errors: the renderer installs a KHR_debug callback when the context has one (the last
// renderer created in a context receives its messages) and also polls glGetError; every
// call that touches GL returns the errors it saw as a failed Status.
#pragma once

#include <memory>

#include "common/result.h"
#include "render/frame_view.h"
#include "render/geometry.h"
#include "render/image.h"

namespace mimic::render {

class VideoRenderer {
  public:
    // Builds the shaders. Fails with one line if there is no current context, the context is
    // older than 3.3, or a shader does not build.
    static Result<VideoRenderer> create();

    VideoRenderer(VideoRenderer&&) noexcept;
    VideoRenderer& operator=(VideoRenderer&&) noexcept;
    VideoRenderer(const VideoRenderer&) = delete;
    VideoRenderer& operator=(const VideoRenderer&) = delete;
    ~VideoRenderer();

    // Copies `frame`'s planes into textures (re-allocating them only when the layout or size
    // changes) and keeps its colour description and geometry for the next draws. Fails for a
    // frame that is not well-formed (unknown layout, missing plane, short stride, bit depth
    // the layout cannot hold) or on a GL error; the previous picture is then kept.
    Status upload(const FrameView& frame);

    bool hasPicture() const;
    // The uploaded picture's size on screen (sample aspect ratio and rotation applied).
    Size displaySize() const;

    // Clears the bound framebuffer (of size `target`) to black and draws the picture into the
    // largest centred rectangle of its display shape. With no picture, only clears.
    Status draw(Size target);

    // Draws the picture into an offscreen framebuffer of `size` (letterboxed if the shape
    // differs) and reads it back. Leaves the previously bound framebuffer and viewport bound.
    Result<RgbImage> renderToImage(Size size);
    // The same drawing, kept on the GPU: returns the GL name of the framebuffer's colour
    // texture (RGBA8, linear filtering, bottom row first as GL keeps it), for drawing the
    // picture inside another interface (ImGui). The texture belongs to the renderer and holds
    // this picture until the next renderToTexture or renderToImage call.
    Result<unsigned int> renderToTexture(Size size);

    // GL errors seen since the last call (debug messages of type error, glGetError codes), as
    // one failed Status naming them; ok if there were none.
    Status takeGlErrors();

  private:
    struct Impl;
    explicit VideoRenderer(std::unique_ptr<Impl> impl);
    // Binds the offscreen framebuffer (sized to `size`) and draws into it; the caller saves
    // and restores the bindings.
    Status drawOffscreen(Size size);
    std::unique_ptr<Impl> impl_;
};

// Uploads `frame` and renders it offscreen at its display size (or at `width` pixels wide
// keeping the display shape when `width` > 0). Needs a current context, as above.
Result<RgbImage> renderFrame(const FrameView& frame, int width = 0);

}  // namespace mimic::render
