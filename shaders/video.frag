#version 330 core
// Turns the uploaded planes into RGB. The colour matrix and offset come from the CPU
// (src/render/colour_maths.h): this shader only applies them.
//
// u_layout_kind: 0 = three planes (Y, Cb, Cr in .r), 1 = Y plane and interleaved CbCr plane
// (.rg, NV12 / P010), 2 = one RGB(A) plane shown as it is.

uniform int u_layout_kind;
uniform sampler2D u_plane0;
uniform sampler2D u_plane1;
uniform sampler2D u_plane2;
// Chroma position = luma position * u_chroma_scale + u_chroma_offset (chroma siting, and
// chroma planes whose size is rounded up for odd luma sizes).
uniform vec2 u_chroma_scale;
uniform vec2 u_chroma_offset;
uniform mat3 u_yuv_to_rgb;
uniform vec3 u_rgb_offset;

in vec2 v_source_uv;
out vec4 frag_colour;

void main() {
    if (u_layout_kind == 2) {
        frag_colour = vec4(texture(u_plane0, v_source_uv).rgb, 1.0);
        return;
    }
    float luma = texture(u_plane0, v_source_uv).r;
    vec2 chroma_uv = v_source_uv * u_chroma_scale + u_chroma_offset;
    vec2 chroma = u_layout_kind == 0
        ? vec2(texture(u_plane1, chroma_uv).r, texture(u_plane2, chroma_uv).r)
        : texture(u_plane1, chroma_uv).rg;
    vec3 rgb = u_yuv_to_rgb * vec3(luma, chroma) + u_rgb_offset;
    frag_colour = vec4(clamp(rgb, 0.0, 1.0), 1.0);
}
