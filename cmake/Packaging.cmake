# What `cmake --install` lays out besides the programs (src/app and src/capture install those,
# tools/make-demo-library the demo clips): a desktop entry, an icon and a man page; and the
# Debian package `cpack -G DEB` makes of it all (tools/package-check builds and tries one).
install(FILES ${PROJECT_SOURCE_DIR}/packaging/mimic.desktop
  DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/mimic.svg
  DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)

# The man page, made from `mimic --help` by help2man and gzipped as Debian keeps man pages.
find_program(MIMIC_HELP2MAN help2man)
find_program(MIMIC_GZIP gzip)
if(MIMIC_HELP2MAN AND MIMIC_GZIP)
  set(man_page ${PROJECT_BINARY_DIR}/man/mimic.1)
  add_custom_command(OUTPUT ${man_page}.gz
    COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/man
    COMMAND ${MIMIC_HELP2MAN} --no-info --section 1
            --name "video-modelling therapy: watch a model clip, practise it, record the try"
            --output ${man_page} $<TARGET_FILE:mimic>
    COMMAND ${MIMIC_GZIP} --best --no-name --force ${man_page}
    DEPENDS mimic
    COMMENT "Making the man page mimic.1 with help2man"
    VERBATIM)
  add_custom_target(mimic_man_page ALL DEPENDS ${man_page}.gz)
  install(FILES ${man_page}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
  message(STATUS "help2man not found: no man page (install help2man, see tools/packages.txt)")
endif()

if(MIMIC_BUILD_TESTS)
  find_program(MIMIC_DESKTOP_FILE_VALIDATE desktop-file-validate)
  if(MIMIC_DESKTOP_FILE_VALIDATE)
    add_test(NAME package_desktop_entry_validates COMMAND ${MIMIC_DESKTOP_FILE_VALIDATE}
      ${PROJECT_SOURCE_DIR}/packaging/mimic.desktop)
    # desktop-file-validate prints hints and warnings but exits 0 for them: fail on any.
    set_tests_properties(package_desktop_entry_validates PROPERTIES FAIL_REGULAR_EXPRESSION ".")
  endif()
  # `cmake --install` into a scratch prefix: the installed mimic finds its plugin and its
  # demo library there, not in the build tree.
  add_test(NAME package_installed_layout
    COMMAND ${PROJECT_SOURCE_DIR}/packaging/check-installed-layout ${PROJECT_BINARY_DIR}
            ${PROJECT_BINARY_DIR}/install-check)
  set_tests_properties(package_installed_layout PROPERTIES TIMEOUT 120)
endif()

set(CPACK_PACKAGE_NAME mimic)
set(CPACK_PACKAGE_VENDOR "mimic")
set(CPACK_PACKAGE_CONTACT "mimic developers <mimic@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "practice room for video-modelling therapy")
set(CPACK_PACKAGE_DESCRIPTION "\
A child watches a short clip of a target social behaviour (greeting a friend, taking
turns, asking for help) and then practises it while the webcam records. Every practice
is kept as a trial beside the model clip, so therapists can score it and see progress.
Runs offline; clips, recordings and records stay in one data folder.")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Depends computed by dpkg-shlibdeps from the libraries the programs link, and the GL that
# SDL and libepoxy load at run time (which it cannot see): GLX and EGL with Mesa's drivers; and
# the face cascade `mimic analyse` reads (opencv-data).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libgl1, libegl1, libgl1-mesa-dri, opencv-data")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
