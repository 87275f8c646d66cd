#include "arena.h"

#include "platform/platform.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct arena_block {
    struct arena_block *next;
    size_t used;
    size_t cap;
    max_align_t data[];
};

#define ARENA_BLOCK_MIN ((size_t)64 * 1024)
/* Blocks from this size on are announced as large buffers (platform.h). */
#define ARENA_HINT_LARGE ((size_t)4 * 1024 * 1024)

void *arena_alloc_uninit(struct arena *a, size_t size)
{
    const size_t align = sizeof(max_align_t);
    /* No single allocation of ours comes near 4 GiB; refuse absurd sizes
     * instead of handing them to malloc. */
    if (size > ((size_t)1 << 32))
        return NULL;
    size = (size + align - 1) / align * align;
    if (size == 0)
        size = align;
    struct arena_block *b = a->head;
    if (!b || b->cap - b->used < size) {
        /* A large piece gets a block of its own, of its size, behind the
         * current one, which goes on serving small pieces. */
        bool own = size > ARENA_BLOCK_MIN / 4;
        size_t cap = own ? size : ARENA_BLOCK_MIN;
        if (cap > SIZE_MAX - sizeof(*b))
            return NULL;
        b = malloc(sizeof(*b) + cap);
        if (!b)
            return NULL;
        b->used = 0;
        b->cap = cap;
        if (cap >= ARENA_HINT_LARGE)
            platform_hint_large(b->data, cap);
        if (own && a->head) {
            b->next = a->head->next;
            a->head->next = b;
        } else {
            b->next = a->head;
            a->head = b;
        }
    }
    void *p = (unsigned char *)b->data + b->used;
    b->used += size;
    return p;
}

void *arena_alloc(struct arena *a, size_t size)
{
    void *p = arena_alloc_uninit(a, size);
    if (p)
        memset(p, 0, size);
    return p;
}

void *arena_calloc(struct arena *a, size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    return arena_alloc(a, n * size);
}

char *arena_strndup(struct arena *a, const char *s, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    char *p = arena_alloc_uninit(a, len + 1);
    if (p) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

const char *arena_fmt(struct arena *a, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *buf = n < 0 ? NULL : arena_alloc(a, (size_t)n + 1);
    if (buf)
        vsnprintf(buf, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return buf;
}

const char *arena_list_append(struct arena *a, const char *list, const char *item)
{
    const char *s = list ? arena_fmt(a, "%s, %s", list, item) : arena_strdup(a, item);
    return s ? s : list;
}

void arena_free(struct arena *a)
{
    struct arena_block *b = a->head;
    while (b) {
        struct arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
}
