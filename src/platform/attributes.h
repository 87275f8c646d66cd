/* attributes.h: compiler attributes, picked per toolchain. mingw checks
 * printf formats against msvcrt's unless told gnu_printf (the build uses
 * __USE_MINGW_ANSI_STDIO, so %zu and friends are right there too). */
#ifndef ENROLLDOC_ATTRIBUTES_H
#define ENROLLDOC_ATTRIBUTES_H

#if defined(__MINGW32__)
#define ENROLLDOC_PRINTF(f, a) __attribute__((format(gnu_printf, f, a)))
#elif defined(__GNUC__) || defined(__clang__)
#define ENROLLDOC_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define ENROLLDOC_PRINTF(f, a)
#endif

#endif
