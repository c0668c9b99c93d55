// Move-only owners of OpenGL object names (textures, buffers, vertex arrays, framebuffers,
// shaders, programs), and the loading of shader programs.
//
// Threads: the GL thread only, with the context that created the object current; an object
// must be destroyed (or reset) before its context is. Ownership: each owner deletes its name.
// The header keeps GL's headers out of its users (names are `unsigned int`, i.e. GLuint).
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "common/result.h"

namespace mimic::render {

enum class GlObjectKind { kTexture, kBuffer, kVertexArray, kFramebuffer, kShader, kProgram };

namespace detail {
void deleteGlObject(GlObjectKind kind, unsigned int name);
}  // namespace detail

template <GlObjectKind Kind>
class GlObject {
  public:
    GlObject() = default;
    // Takes ownership of `name` (0 for none).
    explicit GlObject(unsigned int name) : name_(name) {}
    GlObject(GlObject&& other) noexcept : name_(std::exchange(other.name_, 0)) {}
    GlObject& operator=(GlObject&& other) noexcept {
        if (this != &other) {
            reset();
            name_ = std::exchange(other.name_, 0);
        }
        return *this;
    }
    GlObject(const GlObject&) = delete;
    GlObject& operator=(const GlObject&) = delete;
    ~GlObject() { reset(); }

    unsigned int get() const { return name_; }
    explicit operator bool() const { return name_ != 0; }
    void reset() {
        if (name_ != 0) detail::deleteGlObject(Kind, name_);
        name_ = 0;
    }

  private:
    unsigned int name_ = 0;
};

using GlTexture = GlObject<GlObjectKind::kTexture>;
using GlBuffer = GlObject<GlObjectKind::kBuffer>;
using GlVertexArray = GlObject<GlObjectKind::kVertexArray>;
using GlFramebuffer = GlObject<GlObjectKind::kFramebuffer>;
using GlShader = GlObject<GlObjectKind::kShader>;
using GlProgram = GlObject<GlObjectKind::kProgram>;

// New, empty objects (glGen* / glCreate*).
GlTexture makeTexture();
GlVertexArray makeVertexArray();
GlFramebuffer makeFramebuffer();

// The text of an embedded shader file of shaders/ ("video.frag"); empty if there is none.
std::string_view shaderSource(std::string_view file_name);

// Compiles and links the embedded shaders `vertex_file` and `fragment_file`. The error names
// the file and carries the driver's log on one line.
Result<GlProgram> buildProgram(std::string_view vertex_file, std::string_view fragment_file);

// The context's version as major * 10 + minor (33 for 3.3), 0 without a current context.
int glVersion();

}  // namespace mimic::render
