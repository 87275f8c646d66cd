/* arena.h: a bump allocator for data that lives and dies together
 * (one bundle's facts, one diagnosis). Freeing the arena frees everything
 * allocated from it; single allocations are never freed on their own. */
#ifndef ENROLLDOC_ARENA_H
#define ENROLLDOC_ARENA_H

#include "platform/attributes.h"

#include <stddef.h>

struct arena_block;

struct arena {
    struct arena_block *head;
};

/* Zeroed memory of SIZE bytes, aligned for any type; NULL when out of
 * memory. Owned by the arena. */
void *arena_alloc(struct arena *a, size_t size);
/* As arena_alloc(), but the memory is not zeroed: for buffers the caller
 * fills completely (large ones are then only touched where written). */
void *arena_alloc_uninit(struct arena *a, size_t size);
/* Zeroed array of N elements of SIZE bytes; NULL on overflow or out of memory. */
void *arena_calloc(struct arena *a, size_t n, size_t size);
/* Copy of the first LEN bytes of S plus a NUL; owned by the arena. */
char *arena_strndup(struct arena *a, const char *s, size_t len);
/* Copy of the NUL-terminated S; owned by the arena. */
char *arena_strdup(struct arena *a, const char *s);
/* A printf-formatted string; owned by the arena. NULL when out of memory. */
const char *arena_fmt(struct arena *a, const char *fmt, ...) ENROLLDOC_PRINTF(2, 3);
/* "LIST, ITEM" (a copy of ITEM when LIST is NULL), for evidence that names
 * several things under one key; owned by the arena. When out of memory,
 * LIST unchanged. */
const char *arena_list_append(struct arena *a, const char *list, const char *item);
/* Frees every block; the arena may be used again afterwards. */
void arena_free(struct arena *a);

#endif
