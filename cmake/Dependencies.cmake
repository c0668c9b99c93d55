# What the application and its tests need; every dependency comes from Debian 12 packages
# (see tools/packages.txt). The tools' own (Google Benchmark, OpenCV's imgcodecs) are looked
# for in tools/CMakeLists.txt, so the application builds without them.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
pkg_check_modules(FFMPEG REQUIRED IMPORTED_TARGET
  libavformat libavcodec libavutil libswscale libswresample libavfilter)
find_package(SDL2 REQUIRED)
find_package(OpenCV REQUIRED COMPONENTS core imgproc videoio objdetect)
find_package(SQLite3 REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(OpenGL REQUIRED COMPONENTS OpenGL)
pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET imgui stb)
pkg_check_modules(ALSA REQUIRED IMPORTED_TARGET alsa)
# SHA-256 for the audit log's hash chain (src/store/audit_log.cpp).
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
# Speech: the child's screen speaks its "your turn" cue (src/audio/narrator.h).
pkg_check_modules(ESPEAK_NG REQUIRED IMPORTED_TARGET espeak-ng)
# XML for ELAN's EAF files, written and read (src/exchange/eaf.h).
find_package(LibXml2 REQUIRED)
if(MIMIC_BUILD_TESTS)
  find_package(GTest REQUIRED)
  include(GoogleTest)
endif()
