# Installation and packages (included from CMakeLists.txt).
#
#   cmake --install BUILD --prefix /usr    Debian's places: /usr/bin/enrolldoc,
#                                          /usr/share/man/man1/enrolldoc.1.gz,
#                                          /usr/share/doc/enrolldoc/copyright,
#                                          .../bundle-format.md, .../findings.md
#   cpack -G DEB  (in a Linux build dir)   enrolldoc_VERSION_ARCH.deb, dependencies
#                                          computed by dpkg-shlibdeps
#   cpack -G ZIP  (in a Windows build dir) enrolldoc-VERSION-win64.zip holding
#                                          enrolldoc.exe, README.md and LICENSE
#
# tests/release/check-packages.sh builds both and checks what they contain.

include(GNUInstallDirs)

set(ENROLLDOC_SUMMARY
  "troubleshoot Windows certificate autoenrollment and CES enrollment")
set(ENROLLDOC_MAINTAINER "the enrolldoc authors <enrolldoc@example.org>"
  CACHE STRING "Maintainer field of the .deb (name <address>)")

if(WIN32)
  # Everything at the top of the zip: one folder to copy onto a client.
  install(TARGETS enrolldoc RUNTIME DESTINATION .)
  install(FILES ${CMAKE_SOURCE_DIR}/README.md ${CMAKE_SOURCE_DIR}/LICENSE DESTINATION .)
  # the README links to these: the same relative place in the zip
  install(FILES ${CMAKE_SOURCE_DIR}/doc/bundle-format.md ${CMAKE_SOURCE_DIR}/doc/findings.md
          DESTINATION doc)
else()
  install(TARGETS enrolldoc RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

  # The manual page: the version filled in, compressed as Debian wants it
  # (gzip -9n: best compression, no name or time stamp in the header, so
  # that the build is reproducible).
  set(_man_in ${CMAKE_SOURCE_DIR}/doc/enrolldoc.1)
  set(_man ${CMAKE_BINARY_DIR}/doc/enrolldoc.1)
  configure_file(${_man_in} ${_man} @ONLY)
  find_program(ENROLLDOC_GZIP gzip)
  if(ENROLLDOC_GZIP)
    set(_man_gz ${CMAKE_BINARY_DIR}/doc/man1/enrolldoc.1.gz)
    add_custom_command(OUTPUT ${_man_gz}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/doc/man1
      COMMAND ${CMAKE_COMMAND} -E copy ${_man} ${CMAKE_BINARY_DIR}/doc/man1/enrolldoc.1
      COMMAND ${ENROLLDOC_GZIP} -9nf ${CMAKE_BINARY_DIR}/doc/man1/enrolldoc.1
      DEPENDS ${_man}
      COMMENT "Compressing the manual page"
      VERBATIM)
    add_custom_target(manpage ALL DEPENDS ${_man_gz})
    install(FILES ${_man_gz} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
  else()
    message(STATUS "gzip not found: the manual page is installed uncompressed")
    install(FILES ${_man} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
  endif()

  # debian/copyright in the machine-readable format (DEP-5), the license text
  # taken from LICENSE: every line indented by one space, empty lines as " .".
  file(READ ${CMAKE_SOURCE_DIR}/LICENSE _license)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/LICENSE)
  string(FIND "${_license}" "Permission is hereby granted" _at)
  if(_at LESS 0)
    message(FATAL_ERROR "LICENSE is not the MIT (Expat) license this file expects")
  endif()
  string(SUBSTRING "${_license}" ${_at} -1 _terms)
  string(REGEX REPLACE "\n+$" "" _terms "${_terms}")
  string(REPLACE "\n" "\n " _terms "${_terms}")
  string(REPLACE "\n \n" "\n .\n" _terms "${_terms}")
  file(WRITE ${CMAKE_BINARY_DIR}/doc/copyright
"Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: enrolldoc
Upstream-Contact: ${ENROLLDOC_MAINTAINER}

Files: *
Copyright: 2026 the enrolldoc authors
License: Expat

License: Expat
 ${_terms}
")
  install(FILES ${CMAKE_BINARY_DIR}/doc/copyright
          DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/enrolldoc)
  # The bundle format and the finding ids, which the manual page refers to.
  install(FILES ${CMAKE_SOURCE_DIR}/doc/bundle-format.md ${CMAKE_SOURCE_DIR}/doc/findings.md
          DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/enrolldoc)
endif()

# ---- CPack ----
set(CPACK_PACKAGE_NAME enrolldoc)
set(CPACK_PACKAGE_VENDOR "the enrolldoc authors")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${ENROLLDOC_SUMMARY}")
set(CPACK_PACKAGE_CONTACT "${ENROLLDOC_MAINTAINER}")
set(CPACK_STRIP_FILES ON)
set(CPACK_SOURCE_GENERATOR "")

if(WIN32)
  set(CPACK_GENERATOR ZIP)
  set(CPACK_SYSTEM_NAME win64)
  set(CPACK_INCLUDE_TOPLEVEL_DIRECTORY OFF)
  set(CPACK_PACKAGE_FILE_NAME "enrolldoc-${PROJECT_VERSION}-win64")
else()
  set(CPACK_GENERATOR DEB)
  set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
  set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
  set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${ENROLLDOC_MAINTAINER}")
  set(CPACK_DEBIAN_PACKAGE_SECTION admin)
  set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
  # The libraries' packages and versions, from the binary (dpkg-shlibdeps).
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
  # The long description; CPack puts the summary above it and indents it as
  # Debian's Description field wants (an empty line becomes " .").
  set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
"enrolldoc helps PKI administrators find out why Windows clients do not get
their certificates, through autoenrollment over RPC/DCOM or through the
Certificate Enrollment Web Service (CES). A terminal wizard walks the
troubleshooting step by step (policy, scheduled tasks, template and CA
permissions, key creation, CA reachability, event log) and explains every
result in English or German; diagnose, explain and events serve scripts and
fleet tools with JSON output.

On Linux it works on bundles of facts collected on a client with
enrolldoc.exe collect, on training scenarios and on event log exports, and it
reads certificate templates, CAs and accounts from Active Directory over LDAP.")
endif()

include(CPack)
