#include "render/gl_objects.h"

#include <epoxy/gl.h>

#include <algorithm>
#include <vector>

// Generated from shaders/ by mimic_embed_files (cmake/EmbedFiles.cmake).
namespace mimic::embedded {
const std::vector<std::pair<std::string_view, std::string_view>>& render_shaders();
}  // namespace mimic::embedded

namespace mimic::render {

void detail::deleteGlObject(GlObjectKind kind, unsigned int name) {
    switch (kind) {
        case GlObjectKind::kTexture:
            glDeleteTextures(1, &name);
            break;
        case GlObjectKind::kBuffer:
            glDeleteBuffers(1, &name);
            break;
        case GlObjectKind::kVertexArray:
            glDeleteVertexArrays(1, &name);
            break;
        case GlObjectKind::kFramebuffer:
            glDeleteFramebuffers(1, &name);
            break;
        case GlObjectKind::kShader:
            glDeleteShader(name);
            break;
        case GlObjectKind::kProgram:
            glDeleteProgram(name);
            break;
    }
}

GlTexture makeTexture() {
    GLuint name = 0;
    glGenTextures(1, &name);
    return GlTexture(name);
}

GlVertexArray makeVertexArray() {
    GLuint name = 0;
    glGenVertexArrays(1, &name);
    return GlVertexArray(name);
}

GlFramebuffer makeFramebuffer() {
    GLuint name = 0;
    glGenFramebuffers(1, &name);
    return GlFramebuffer(name);
}

std::string_view shaderSource(std::string_view file_name) {
    for (const auto& [name, text] : embedded::render_shaders()) {
        if (name == file_name) return text;
    }
    return {};
}

namespace {

// A driver's info log on one line (logs span several lines).
std::string oneLine(std::string text) {
    std::replace(text.begin(), text.end(), '\n', ' ');
    while (!text.empty() && (text.back() == ' ' || text.back() == '\0'))
        text.pop_back();
    return text;
}

Result<GlShader> compileShader(GLenum stage, std::string_view file_name) {
    const std::string_view source = shaderSource(file_name);
    if (source.empty()) {
        return Error{"cannot build the video shader: " + std::string(file_name) +
                     " is not among the embedded shaders"};
    }
    GlShader shader(glCreateShader(stage));
    const GLchar* text = source.data();
    const auto length = static_cast<GLint>(source.size());
    glShaderSource(shader.get(), 1, &text, &length);
    glCompileShader(shader.get());
    GLint ok = GL_FALSE;
    glGetShaderiv(shader.get(), GL_COMPILE_STATUS, &ok);
    if (ok != GL_TRUE) {
        GLint log_length = 0;
        glGetShaderiv(shader.get(), GL_INFO_LOG_LENGTH, &log_length);
        std::string log(static_cast<std::size_t>(std::max(log_length, 1)), '\0');
        glGetShaderInfoLog(shader.get(), log_length, nullptr, log.data());
        return Error{"cannot compile shader " + std::string(file_name) + ": " + oneLine(log)};
    }
    return shader;
}

}  // namespace

Result<GlProgram> buildProgram(std::string_view vertex_file, std::string_view fragment_file) {
    auto vertex = compileShader(GL_VERTEX_SHADER, vertex_file);
    if (!vertex) return vertex.error();
    auto fragment = compileShader(GL_FRAGMENT_SHADER, fragment_file);
    if (!fragment) return fragment.error();
    GlProgram program(glCreateProgram());
    glAttachShader(program.get(), vertex->get());
    glAttachShader(program.get(), fragment->get());
    glLinkProgram(program.get());
    // The program keeps the compiled stages; the shader objects can go.
    glDetachShader(program.get(), vertex->get());
    glDetachShader(program.get(), fragment->get());
    GLint ok = GL_FALSE;
    glGetProgramiv(program.get(), GL_LINK_STATUS, &ok);
    if (ok != GL_TRUE) {
        GLint log_length = 0;
        glGetProgramiv(program.get(), GL_INFO_LOG_LENGTH, &log_length);
        std::string log(static_cast<std::size_t>(std::max(log_length, 1)), '\0');
        glGetProgramInfoLog(program.get(), log_length, nullptr, log.data());
        return Error{"cannot link shaders " + std::string(vertex_file) + " and " +
                     std::string(fragment_file) + ": " + oneLine(log)};
    }
    return program;
}

int glVersion() {
    // epoxy asks the current context; without one there is nothing to ask.
    GLint major = 0, minor = 0;
    glGetIntegerv(GL_MAJOR_VERSION, &major);
    glGetIntegerv(GL_MINOR_VERSION, &minor);
    return major * 10 + minor;
}

}  // namespace mimic::render
