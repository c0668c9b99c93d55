#version 330 core
// One quad covering the viewport, made from gl_VertexID (drawn as a 4-vertex triangle strip
// with an empty vertex array). u_source_from_output maps the output position (0..1, top-left
// origin) to the position in the stored picture (0..1, top-left origin, first row at v = 0):
// rotation and mirroring live in that matrix, computed on the CPU.

uniform mat3 u_source_from_output;

out vec2 v_source_uv;

void main() {
    vec2 corner = vec2(float(gl_VertexID & 1), float((gl_VertexID >> 1) & 1));
    vec2 output_uv = vec2(corner.x, 1.0 - corner.y);
    v_source_uv = (u_source_from_output * vec3(output_uv, 1.0)).xy;
    gl_Position = vec4(corner * 2.0 - 1.0, 0.0, 1.0);
}
