# Warnings and sanitizers as INTERFACE targets that every project target links.
add_library(mimic_warnings INTERFACE)
target_compile_options(mimic_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow
  -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Wunused -Woverloaded-virtual
  -Wimplicit-fallthrough)
# Not -Wnull-dereference: with optimisation GCC 12 reports it inside libstdc++ and CLI11.
if(MIMIC_WARNINGS_AS_ERRORS)
  target_compile_options(mimic_warnings INTERFACE -Werror)
endif()
add_library(mimic::warnings ALIAS mimic_warnings)

add_library(mimic_sanitizers INTERFACE)
if(MIMIC_SANITIZE STREQUAL "address")
  target_compile_options(mimic_sanitizers INTERFACE -fsanitize=address,undefined
    -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  # Executables are linked at a fixed address (not PIE): UBSan's check descriptors, each
  # with ASan's redzones, make ~2.5 MB of pointer data per command file, ~5 million
  # relocations that a PIE binary applies at every start. Fixed, `mimic --version` starts in
  # 0.55 s instead of 1.0 s, and the suite starts thousands of processes.
  target_link_options(mimic_sanitizers INTERFACE -fsanitize=address,undefined
    $<$<STREQUAL:$<TARGET_PROPERTY:TYPE>,EXECUTABLE>:-no-pie>)
elseif(MIMIC_SANITIZE STREQUAL "thread")
  target_compile_options(mimic_sanitizers INTERFACE -fsanitize=thread -fno-omit-frame-pointer)
  target_link_options(mimic_sanitizers INTERFACE -fsanitize=thread)
endif()
add_library(mimic::sanitizers ALIAS mimic_sanitizers)

# mimic_module(NAME SOURCES... [DEPS ...]) declares one library target per src/ folder.
function(mimic_module name)
  cmake_parse_arguments(M "" "" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(mimic_${name} STATIC ${M_SOURCES})
  add_library(mimic::${name} ALIAS mimic_${name})
  target_include_directories(mimic_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(mimic_${name} PUBLIC ${M_PUBLIC_DEPS} mimic::sanitizers
    PRIVATE ${M_PRIVATE_DEPS} mimic::warnings)
endfunction()
