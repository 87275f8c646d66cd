/* strmap.c: strings with an int each, hashed (strmap.h). */
#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static uint64_t fnv(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

void strmap_free(struct strmap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->keys[i]);
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof(*m));
}

/* The slot of KEY in M (empty: not there). */
static size_t strmap_slot(const struct strmap *m, const char *key)
{
    size_t i = (size_t)(fnv(key) & (m->cap - 1));
    while (m->keys[i] && strcmp(m->keys[i], key) != 0)
        i = (i + 1) & (m->cap - 1);
    return i;
}

static int strmap_grow(struct strmap *m)
{
    struct strmap g = {NULL, NULL, m->cap ? m->cap * 2 : 64, 0};
    g.keys = calloc(g.cap, sizeof(*g.keys));
    g.vals = calloc(g.cap, sizeof(*g.vals));
    if (!g.keys || !g.vals) {
        free(g.keys);
        free(g.vals);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++)
        if (m->keys[i]) {
            size_t s = strmap_slot(&g, m->keys[i]);
            g.keys[s] = m->keys[i];
            g.vals[s] = m->vals[i];
            g.n++;
        }
    free(m->keys);
    free(m->vals);
    *m = g;
    return 0;
}

/* *VAL of KEY, or -1 when KEY is not in M. */
int strmap_get(const struct strmap *m, const char *key)
{
    if (m->n == 0)
        return -1;
    size_t s = strmap_slot(m, key);
    return m->keys[s] ? m->vals[s] : -1;
}

/* Puts KEY with VAL (replacing). Returns 0, or -1 when out of memory. */
int strmap_put(struct strmap *m, const char *key, int val)
{
    if ((m->n + 1) * 2 > m->cap && strmap_grow(m) != 0)
        return -1;
    size_t s = strmap_slot(m, key);
    if (!m->keys[s]) {
        if (!(m->keys[s] = str_dup(key)))
            return -1;
        m->n++;
    }
    m->vals[s] = val;
    return 0;
}
