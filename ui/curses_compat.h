/* curses_compat.h: the one place that picks the curses library (htop's
 * ProvideCurses.h). ncursesw on POSIX and in the mingw cross build (built
 * with the win32 console driver); PDCurses on a native Windows build
 * (ENROLLDOC_PDCURSES, set by CMake). Only calls that both provide are used
 * in ui/: the wide-character output calls (addnwstr), wget_wch, mousemask and
 * getmouse, resize_term/KEY_RESIZE, use_default_colors is guarded. */
#ifndef ENROLLDOC_CURSES_COMPAT_H
#define ENROLLDOC_CURSES_COMPAT_H

#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#if defined(ENROLLDOC_PDCURSES)
#define PDC_WIDE 1
#define PDC_NCMOUSE 1
#include <curses.h>
#elif defined(ENROLLDOC_NCURSESW_DIR)
#include <ncursesw/curses.h>
#else
#include <curses.h>
#endif

#endif
