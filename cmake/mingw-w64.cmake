# Toolchain file: cross-compiling enrolldoc for 64-bit Windows with Debian's
# mingw-w64 (gcc-mingw-w64-x86-64), against the static ncursesw and cJSON that
# tests/windows/build-deps.sh builds into ENROLLDOC_MINGW_PREFIX.
#   cmake -S . -B build-win -DCMAKE_TOOLCHAIN_FILE=cmake/mingw-w64.cmake \
#         -DENROLLDOC_MINGW_PREFIX=$HOME/.cache/enrolldoc-mingw
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(_triple x86_64-w64-mingw32)

find_program(CMAKE_C_COMPILER NAMES ${_triple}-gcc-win32 ${_triple}-gcc REQUIRED)
find_program(CMAKE_RC_COMPILER NAMES ${_triple}-windres)
find_program(CMAKE_AR NAMES ${_triple}-ar REQUIRED)
find_program(CMAKE_RANLIB NAMES ${_triple}-ranlib REQUIRED)

if(NOT ENROLLDOC_MINGW_PREFIX)
  if(DEFINED ENV{ENROLLDOC_MINGW_PREFIX})
    set(ENROLLDOC_MINGW_PREFIX "$ENV{ENROLLDOC_MINGW_PREFIX}")
  elseif(DEFINED ENV{XDG_CACHE_HOME})
    set(ENROLLDOC_MINGW_PREFIX "$ENV{XDG_CACHE_HOME}/enrolldoc-mingw")
  else()
    set(ENROLLDOC_MINGW_PREFIX "$ENV{HOME}/.cache/enrolldoc-mingw")
  endif()
endif()
set(ENROLLDOC_MINGW_PREFIX "${ENROLLDOC_MINGW_PREFIX}" CACHE PATH "Where build-deps.sh put ncursesw and cJSON")
# try_compile projects see the toolchain file again: pass the prefix on
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES ENROLLDOC_MINGW_PREFIX)

set(CMAKE_FIND_ROOT_PATH /usr/${_triple} ${ENROLLDOC_MINGW_PREFIX})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# One self-contained .exe: libgcc, winpthread and the libraries linked in.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")

# The curses and cJSON the project's CMakeLists.txt takes instead of
# searching (see the ENROLLDOC_CURSES_* and ENROLLDOC_CJSON_* branches).
set(ENROLLDOC_CURSES_LIBRARIES "${ENROLLDOC_MINGW_PREFIX}/lib/libncursesw.a" CACHE STRING "")
set(ENROLLDOC_CURSES_INCLUDE_DIR "${ENROLLDOC_MINGW_PREFIX}/include" CACHE PATH "")
set(ENROLLDOC_CURSES_DEFINITIONS "NCURSES_STATIC;ENROLLDOC_NCURSESW_DIR" CACHE STRING "")
set(ENROLLDOC_CJSON_LIBRARIES "${ENROLLDOC_MINGW_PREFIX}/lib/libcjson.a" CACHE STRING "")
set(ENROLLDOC_CJSON_INCLUDE_DIR "${ENROLLDOC_MINGW_PREFIX}/include/cjson" CACHE PATH "")
set(ENROLLDOC_EXPAT_LIBRARIES "${ENROLLDOC_MINGW_PREFIX}/lib/libexpat.a" CACHE STRING "")
set(ENROLLDOC_EXPAT_INCLUDE_DIR "${ENROLLDOC_MINGW_PREFIX}/include" CACHE PATH "")
