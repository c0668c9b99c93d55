#include "render/video_renderer.h"

#include <epoxy/gl.h>

#include <array>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "common/log.h"
#include "render/colour_maths.h"
#include "render/gl_objects.h"

namespace mimic::render {
namespace {

constexpr int kMinGlVersion = 33;
constexpr int kMaxPlanes = 3;

// How one plane goes into a texture.
struct PlaneFormat {
    GLint internal_format = 0;
    GLenum format = 0;
    GLenum type = 0;
    int bytes_per_pixel = 0;
    int width = 0;
    int height = 0;
    friend bool operator==(const PlaneFormat&, const PlaneFormat&) = default;
};

PlaneFormat planeFormat(const FrameView& frame, int plane) {
    const bool wide =
        frame.layout == PixelLayout::kP010 || (isYuv(frame.layout) && frame.bit_depth > 8);
    const auto [shift_x, shift_y] = chromaShift(frame.layout);
    PlaneFormat f;
    f.width = frame.width;
    f.height = frame.height;
    if (plane > 0) {  // chroma planes are rounded up, as FFmpeg allocates them
        f.width = (frame.width + (1 << shift_x) - 1) >> shift_x;
        f.height = (frame.height + (1 << shift_y) - 1) >> shift_y;
    }
    const bool interleaved_chroma =
        plane == 1 && (frame.layout == PixelLayout::kNv12 || frame.layout == PixelLayout::kP010);
    if (frame.layout == PixelLayout::kRgb24) {
        f = {GL_RGB8, GL_RGB, GL_UNSIGNED_BYTE, 3, f.width, f.height};
    } else if (frame.layout == PixelLayout::kRgba) {
        f = {GL_RGBA8, GL_RGBA, GL_UNSIGNED_BYTE, 4, f.width, f.height};
    } else if (interleaved_chroma) {
        f = wide ? PlaneFormat{GL_RG16, GL_RG, GL_UNSIGNED_SHORT, 4, f.width, f.height}
                 : PlaneFormat{GL_RG8, GL_RG, GL_UNSIGNED_BYTE, 2, f.width, f.height};
    } else {
        f = wide ? PlaneFormat{GL_R16, GL_RED, GL_UNSIGNED_SHORT, 2, f.width, f.height}
                 : PlaneFormat{GL_R8, GL_RED, GL_UNSIGNED_BYTE, 1, f.width, f.height};
    }
    return f;
}

const char* layoutName(PixelLayout layout) {
    switch (layout) {
        case PixelLayout::kYuv420p:
            return "yuv420p";
        case PixelLayout::kYuv422p:
            return "yuv422p";
        case PixelLayout::kYuv444p:
            return "yuv444p";
        case PixelLayout::kNv12:
            return "nv12";
        case PixelLayout::kP010:
            return "p010";
        case PixelLayout::kRgb24:
            return "rgb24";
        case PixelLayout::kRgba:
            return "rgba";
        case PixelLayout::kNone:
            break;
    }
    return "none";
}

// One line saying why `frame` cannot be uploaded, or ok.
Status checkFrame(const FrameView& frame) {
    const std::string what = std::string("cannot show the picture (") + layoutName(frame.layout) +
                             " " + std::to_string(frame.width) + "x" +
                             std::to_string(frame.height) + "): ";
    const int planes = planeCount(frame.layout);
    if (planes == 0) return Error{what + "no pixel layout given"};
    if (frame.width <= 0 || frame.height <= 0) return Error{what + "empty picture"};
    bool depth_ok = frame.bit_depth == 8;
    if (frame.layout == PixelLayout::kP010) depth_ok = frame.bit_depth == 10;
    if (frame.layout == PixelLayout::kYuv420p || frame.layout == PixelLayout::kYuv422p ||
        frame.layout == PixelLayout::kYuv444p) {
        depth_ok = frame.bit_depth >= 8 && frame.bit_depth <= 16;
    }
    if (!depth_ok) {
        return Error{what + std::to_string(frame.bit_depth) + "-bit samples do not fit the layout"};
    }
    for (int i = 0; i < planes; ++i) {
        const Plane& plane = frame.planes[static_cast<std::size_t>(i)];
        const PlaneFormat f = planeFormat(frame, i);
        if (plane.data == nullptr) {
            return Error{what + "plane " + std::to_string(i) + " is missing"};
        }
        if (plane.stride_bytes < f.width * f.bytes_per_pixel) {
            return Error{what + "plane " + std::to_string(i) + " stride of " +
                         std::to_string(plane.stride_bytes) + " bytes is shorter than a row"};
        }
    }
    return okStatus();
}

std::string glErrorName(GLenum code) {
    switch (code) {
        case GL_INVALID_ENUM:
            return "GL_INVALID_ENUM";
        case GL_INVALID_VALUE:
            return "GL_INVALID_VALUE";
        case GL_INVALID_OPERATION:
            return "GL_INVALID_OPERATION";
        case GL_INVALID_FRAMEBUFFER_OPERATION:
            return "GL_INVALID_FRAMEBUFFER_OPERATION";
        case GL_OUT_OF_MEMORY:
            return "GL_OUT_OF_MEMORY";
        default:
            break;
    }
    return "GL error " + std::to_string(code);
}

// Row-major 3x3: output position (0..1, top-left origin) to stored picture position.
using Mat3 = std::array<float, 9>;

Mat3 sourceFromOutput(int rotation_degrees, bool hflip) {
    const int quarter_turns = ((rotation_degrees % 360 + 360) % 360 + 45) / 90 % 4;
    Mat3 m{};
    switch (quarter_turns) {
        case 1:
            m = {0, 1, 0, -1, 0, 1, 0, 0, 1};
            break;  // x = v, y = 1 - u
        case 2:
            m = {-1, 0, 1, 0, -1, 1, 0, 0, 1};
            break;  // x = 1 - u, y = 1 - v
        case 3:
            m = {0, -1, 1, 1, 0, 0, 0, 0, 1};
            break;  // x = 1 - v, y = u
        default:
            m = {1, 0, 0, 0, 1, 0, 0, 0, 1};
            break;
    }
    if (hflip) {  // mirror the stored picture: x -> 1 - x
        m[0] = -m[0];
        m[1] = -m[1];
        m[2] = 1.0f - m[2];
    }
    return m;
}

}  // namespace

struct VideoRenderer::Impl {
    GlProgram program;
    GlVertexArray vertex_array;  // empty: the vertex shader makes the quad from gl_VertexID
    std::array<GlTexture, kMaxPlanes> textures;
    std::array<PlaneFormat, kMaxPlanes> allocated{};
    GlFramebuffer framebuffer;
    GlTexture framebuffer_texture;
    Size framebuffer_size;

    // The uploaded picture's description (no plane pointers are kept).
    bool has_picture = false;
    FrameView picture;
    ColourSpace colour;

    GLint u_layout_kind = -1, u_plane[kMaxPlanes] = {-1, -1, -1}, u_chroma_scale = -1,
          u_chroma_offset = -1, u_yuv_to_rgb = -1, u_rgb_offset = -1, u_source_from_output = -1;

    bool debug_callback = false;
    std::vector<std::string> debug_errors;  // filled by the debug callback (same thread)

    ~Impl() {
        if (!debug_callback) return;
        // Only remove the callback if it is still ours (another renderer may have taken it).
        void* user = nullptr;
        glGetPointerv(GL_DEBUG_CALLBACK_USER_PARAM, &user);
        if (user == this) glDebugMessageCallback(nullptr, nullptr);
    }

    static void GLAPIENTRY onDebugMessage(GLenum /*source*/, GLenum type, GLuint /*id*/,
                                          GLenum severity, GLsizei /*length*/,
                                          const GLchar* message, const void* user) {
        // The user pointer is the Impl that installed the callback (a const void* by GL's
        // signature; the Impl is ours and alive while installed).
        auto* self = static_cast<Impl*>(const_cast<void*>(user));
        if (type == GL_DEBUG_TYPE_ERROR || severity == GL_DEBUG_SEVERITY_HIGH) {
            self->debug_errors.emplace_back(message);
        } else {
            log::debug(std::string("GL: ") + message);
        }
    }

    void installDebugCallback() {
        if (epoxy_gl_version() < 43 && !epoxy_has_gl_extension("GL_KHR_debug")) return;
        glEnable(GL_DEBUG_OUTPUT);
        // Messages arrive inside the failing call, so they are attributed to this thread.
        glEnable(GL_DEBUG_OUTPUT_SYNCHRONOUS);
        glDebugMessageCallback(&Impl::onDebugMessage, this);
        debug_callback = true;
    }

    Status takeErrors() {
        std::vector<std::string> errors = std::move(debug_errors);
        debug_errors.clear();
        // glGetError keeps one flag per kind of error; a handful of calls empties it.
        for (int i = 0; i < 8; ++i) {
            const GLenum code = glGetError();
            if (code == GL_NO_ERROR) break;
            errors.push_back(glErrorName(code));
        }
        if (errors.empty()) return okStatus();
        std::string line = "OpenGL reported an error: " + errors.front();
        for (std::size_t i = 1; i < errors.size(); ++i)
            line += "; " + errors[i];
        return Error{line};
    }

    void uploadPlane(int index, const Plane& plane, const PlaneFormat& f) {
        GlTexture& texture = textures[static_cast<std::size_t>(index)];
        if (!texture) texture = makeTexture();
        glBindTexture(GL_TEXTURE_2D, texture.get());
        glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
        const bool whole_rows = plane.stride_bytes % f.bytes_per_pixel == 0;
        glPixelStorei(GL_UNPACK_ROW_LENGTH,
                      whole_rows ? plane.stride_bytes / f.bytes_per_pixel : 0);
        PlaneFormat& current = allocated[static_cast<std::size_t>(index)];
        if (!(current == f)) {
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
            glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
            glTexImage2D(GL_TEXTURE_2D, 0, f.internal_format, f.width, f.height, 0, f.format,
                         f.type, nullptr);
            current = f;
        }
        const auto* bytes = static_cast<const unsigned char*>(plane.data);
        if (whole_rows) {
            glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, f.width, f.height, f.format, f.type, bytes);
        } else {
            // A stride that is not a whole number of pixels (e.g. rgb24 rows padded to 32
            // bytes) cannot be described to GL: one row at a time.
            for (int row = 0; row < f.height; ++row) {
                glTexSubImage2D(GL_TEXTURE_2D, 0, 0, row, f.width, 1, f.format, f.type,
                                bytes + static_cast<std::ptrdiff_t>(row) * plane.stride_bytes);
            }
        }
        // Back to GL's defaults for whoever uploads next (ImGui's font, for one).
        glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
        glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
        glBindTexture(GL_TEXTURE_2D, 0);
    }

    void setUniforms() {
        const int kind = !isYuv(picture.layout) ? 2 : planeCount(picture.layout) == 2 ? 1 : 0;
        glUniform1i(u_layout_kind, kind);
        for (int i = 0; i < kMaxPlanes; ++i)
            glUniform1i(u_plane[i], i);

        const Mat3 m = sourceFromOutput(picture.rotation_degrees, picture.hflip);
        glUniformMatrix3fv(u_source_from_output, 1, GL_TRUE, m.data());

        if (kind == 2) return;
        const YuvToRgb c =
            yuvToRgbMatrix(colour.matrix, colour.range, picture.bit_depth, sampleStorage(picture));
        Mat3 rows{};
        for (int r = 0; r < 3; ++r) {
            for (int k = 0; k < 3; ++k) {
                rows[static_cast<std::size_t>(r * 3 + k)] =
                    c.matrix[static_cast<std::size_t>(r)][static_cast<std::size_t>(k)];
            }
        }
        glUniformMatrix3fv(u_yuv_to_rgb, 1, GL_TRUE, rows.data());
        glUniform3f(u_rgb_offset, c.offset[0], c.offset[1], c.offset[2]);

        // Chroma texel coordinate for a luma coordinate L (in texels): L / 2^shift for samples
        // centred between luma samples, (L - 0.5) / 2^shift + 0.5 for co-sited ones.
        const auto [shift_x, shift_y] = chromaShift(picture.layout);
        const PlaneFormat chroma = planeFormat(picture, 1);
        const bool cosited_x = colour.chroma_siting == ChromaSiting::kLeft ||
                               colour.chroma_siting == ChromaSiting::kTopLeft;
        const bool cosited_y = colour.chroma_siting == ChromaSiting::kTopLeft;
        const float sub_x = static_cast<float>(1 << shift_x);
        const float sub_y = static_cast<float>(1 << shift_y);
        const float width = static_cast<float>(chroma.width);
        const float height = static_cast<float>(chroma.height);
        glUniform2f(u_chroma_scale, static_cast<float>(picture.width) / sub_x / width,
                    static_cast<float>(picture.height) / sub_y / height);
        glUniform2f(u_chroma_offset, cosited_x ? (0.5f - 0.5f / sub_x) / width : 0.0f,
                    cosited_y ? (0.5f - 0.5f / sub_y) / height : 0.0f);
    }
};

VideoRenderer::VideoRenderer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
VideoRenderer::VideoRenderer(VideoRenderer&&) noexcept = default;
VideoRenderer& VideoRenderer::operator=(VideoRenderer&&) noexcept = default;
VideoRenderer::~VideoRenderer() = default;

Result<VideoRenderer> VideoRenderer::create() {
    const int version = glVersion();
    if (version == 0) return Error{"cannot start the video renderer: no current OpenGL context"};
    if (version < kMinGlVersion) {
        return Error{"cannot start the video renderer: OpenGL " + std::to_string(version / 10) +
                     "." + std::to_string(version % 10) + " is older than the 3.3 it needs"};
    }
    auto impl = std::make_unique<Impl>();
    impl->installDebugCallback();
    auto program = buildProgram("video.vert", "video.frag");
    if (!program) return program.error();
    impl->program = std::move(*program);
    impl->vertex_array = makeVertexArray();

    const GLuint p = impl->program.get();
    impl->u_layout_kind = glGetUniformLocation(p, "u_layout_kind");
    impl->u_plane[0] = glGetUniformLocation(p, "u_plane0");
    impl->u_plane[1] = glGetUniformLocation(p, "u_plane1");
    impl->u_plane[2] = glGetUniformLocation(p, "u_plane2");
    impl->u_chroma_scale = glGetUniformLocation(p, "u_chroma_scale");
    impl->u_chroma_offset = glGetUniformLocation(p, "u_chroma_offset");
    impl->u_yuv_to_rgb = glGetUniformLocation(p, "u_yuv_to_rgb");
    impl->u_rgb_offset = glGetUniformLocation(p, "u_rgb_offset");
    impl->u_source_from_output = glGetUniformLocation(p, "u_source_from_output");

    if (Status status = impl->takeErrors(); !status) return status.error();
    return VideoRenderer(std::move(impl));
}

Status VideoRenderer::upload(const FrameView& frame) {
    if (Status valid = checkFrame(frame); !valid) return valid;
    Impl& impl = *impl_;
    for (int i = 0; i < planeCount(frame.layout); ++i) {
        impl.uploadPlane(i, frame.planes[static_cast<std::size_t>(i)], planeFormat(frame, i));
    }
    impl.picture = frame;
    impl.picture.planes = {};  // borrowed only for this call
    impl.colour = resolveColourSpace(frame);
    impl.has_picture = true;
    return impl.takeErrors();
}

bool VideoRenderer::hasPicture() const {
    return impl_->has_picture;
}

Size VideoRenderer::displaySize() const {
    return impl_->has_picture ? render::displaySize(impl_->picture) : Size{};
}

Status VideoRenderer::draw(Size target) {
    Impl& impl = *impl_;
    glDisable(GL_BLEND);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_SCISSOR_TEST);
    glDisable(GL_CULL_FACE);
    glViewport(0, 0, target.width, target.height);
    glClearColor(0.0f, 0.0f, 0.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    if (impl.has_picture) {
        const Rect rect = fitRect(displaySize(), target);
        // GL's viewport counts rows from the bottom.
        glViewport(rect.x, target.height - rect.y - rect.height, rect.width, rect.height);
        glUseProgram(impl.program.get());
        for (int i = 0; i < kMaxPlanes; ++i) {
            glActiveTexture(GL_TEXTURE0 + static_cast<GLenum>(i));
            glBindTexture(GL_TEXTURE_2D, impl.textures[static_cast<std::size_t>(i)].get());
        }
        impl.setUniforms();
        glBindVertexArray(impl.vertex_array.get());
        glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
        glBindVertexArray(0);
        glUseProgram(0);
        for (int i = kMaxPlanes - 1; i >= 0; --i) {
            glActiveTexture(GL_TEXTURE0 + static_cast<GLenum>(i));
            glBindTexture(GL_TEXTURE_2D, 0);
        }
        glViewport(0, 0, target.width, target.height);
    }
    return impl.takeErrors();
}

namespace {

// The framebuffer bindings and viewport in force, put back when it goes.
class SavedTarget {
  public:
    SavedTarget() {
        glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &draw_);
        glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &read_);
        glGetIntegerv(GL_VIEWPORT, viewport_);
    }
    ~SavedTarget() {
        glBindFramebuffer(GL_DRAW_FRAMEBUFFER, static_cast<GLuint>(draw_));
        glBindFramebuffer(GL_READ_FRAMEBUFFER, static_cast<GLuint>(read_));
        glViewport(viewport_[0], viewport_[1], viewport_[2], viewport_[3]);
    }
    SavedTarget(const SavedTarget&) = delete;
    SavedTarget& operator=(const SavedTarget&) = delete;

  private:
    GLint draw_ = 0;
    GLint read_ = 0;
    GLint viewport_[4] = {};
};

Error emptyOffscreenSize(Size size) {
    return Error{"cannot render the picture offscreen: empty size " + std::to_string(size.width) +
                 "x" + std::to_string(size.height)};
}

}  // namespace

Status VideoRenderer::drawOffscreen(Size size) {
    Impl& impl = *impl_;
    if (!impl.framebuffer) impl.framebuffer = makeFramebuffer();
    glBindFramebuffer(GL_FRAMEBUFFER, impl.framebuffer.get());
    if (!(impl.framebuffer_size == size)) {
        impl.framebuffer_texture = makeTexture();
        glBindTexture(GL_TEXTURE_2D, impl.framebuffer_texture.get());
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, size.width, size.height, 0, GL_RGBA,
                     GL_UNSIGNED_BYTE, nullptr);
        // Sampled by other drawing (renderToTexture): no mipmaps, edges clamped.
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        glBindTexture(GL_TEXTURE_2D, 0);
        glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D,
                               impl.framebuffer_texture.get(), 0);
        impl.framebuffer_size = size;
    }
    if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
        impl.framebuffer_size = {};
        return Error{"cannot render the picture offscreen: the " + std::to_string(size.width) +
                     "x" + std::to_string(size.height) + " framebuffer is incomplete"};
    }
    return draw(size);
}

Result<unsigned int> VideoRenderer::renderToTexture(Size size) {
    if (size.width <= 0 || size.height <= 0) return emptyOffscreenSize(size);
    Status drawn;
    {
        const SavedTarget saved;
        drawn = drawOffscreen(size);
    }
    if (Status errors = impl_->takeErrors(); !errors) return errors.error();
    if (!drawn) return drawn.error();
    return static_cast<unsigned int>(impl_->framebuffer_texture.get());
}

Result<RgbImage> VideoRenderer::renderToImage(Size size) {
    if (size.width <= 0 || size.height <= 0) return emptyOffscreenSize(size);
    Result<RgbImage> result = Error{""};
    {
        const SavedTarget saved;
        if (Status drawn = drawOffscreen(size); !drawn) {
            result = drawn.error();
        } else {
            const std::size_t row_bytes = static_cast<std::size_t>(size.width) * 3;
            std::vector<std::uint8_t> bottom_up(row_bytes * static_cast<std::size_t>(size.height));
            glPixelStorei(GL_PACK_ALIGNMENT, 1);
            glReadPixels(0, 0, size.width, size.height, GL_RGB, GL_UNSIGNED_BYTE, bottom_up.data());
            glPixelStorei(GL_PACK_ALIGNMENT, 4);
            RgbImage image{size.width, size.height, std::vector<std::uint8_t>(bottom_up.size())};
            // GL's first row is the bottom one; images run top to bottom.
            for (int row = 0; row < size.height; ++row) {
                std::memcpy(
                    image.pixels.data() + static_cast<std::size_t>(row) * row_bytes,
                    bottom_up.data() + static_cast<std::size_t>(size.height - 1 - row) * row_bytes,
                    row_bytes);
            }
            result = std::move(image);
        }
    }
    if (Status errors = impl_->takeErrors(); !errors) return errors.error();
    return result;
}

Status VideoRenderer::takeGlErrors() {
    return impl_->takeErrors();
}

Result<RgbImage> renderFrame(const FrameView& frame, int width) {
    auto renderer = VideoRenderer::create();
    if (!renderer) return renderer.error();
    if (Status uploaded = renderer->upload(frame); !uploaded) return uploaded.error();
    Size size = renderer->displaySize();
    if (width > 0) size = scaledToWidth(size, width);
    return renderer->renderToImage(size);
}

}  // namespace mimic::render
