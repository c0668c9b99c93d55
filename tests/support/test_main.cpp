// The main() of every test program: headless SDL defaults, then GoogleTest.
// Tests run without a display or sound card (docs/architecture.md, "Testing without
// hardware"): SDL's offscreen video driver gives a real GL context, the dummy audio driver
// consumes sound in real time. A variable already set (e.g. SDL_AUDIODRIVER=disk by a test)
// wins.
#include <gtest/gtest.h>

#include <cstdlib>

int main(int argc, char** argv) {
    ::setenv("SDL_AUDIODRIVER", "dummy", /*overwrite=*/0);
    ::setenv("SDL_VIDEODRIVER", "offscreen", /*overwrite=*/0);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
