/* strmap.h: a set of strings with an int each (open addressing, FNV-1a;
 * the keys are copied). Lookups and insertions take constant time on
 * average; it grows by doubling at half load. */
#ifndef ENROLLDOC_STRMAP_H
#define ENROLLDOC_STRMAP_H

#include <stddef.h>

struct strmap {
    char **keys;
    int *vals;
    size_t cap, n;
};

/* The value of KEY, or -1 when KEY is not in M (an empty, zeroed map too). */
int strmap_get(const struct strmap *m, const char *key);
/* Puts KEY with VAL (replacing). Returns 0, or -1 when out of memory. */
int strmap_put(struct strmap *m, const char *key, int val);
/* Frees M's keys and tables; M is empty (zeroed) again. */
void strmap_free(struct strmap *m);

#endif
