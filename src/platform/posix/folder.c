#define _POSIX_C_SOURCE 200809L
/* folder.c (POSIX): the entries of a folder and what a name is, for walking
 * folders of inputs (fleet). */
#include "../platform.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void platform_folder_free(struct folder_entry *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i].name);
    free(v);
}

/* Adds NAME in folder PATH to *V (N entries, room for *CAP). -1 when out of memory. */
static int add_entry(const char *path, const char *name, struct folder_entry **v, size_t *n, size_t *cap)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 32;
        struct folder_entry *nv = realloc(*v, c * sizeof(*nv));
        if (!nv)
            return -1;
        *v = nv;
        *cap = c;
    }
    size_t lp = strlen(path), ln = strlen(name);
    char *full = malloc(lp + ln + 2);
    char *copy = malloc(ln + 1);
    if (!full || !copy) {
        free(full);
        free(copy);
        return -1;
    }
    memcpy(full, path, lp);
    full[lp] = '/';
    memcpy(full + lp + 1, name, ln + 1);
    memcpy(copy, name, ln + 1);
    struct folder_entry *d = &(*v)[(*n)++];
    d->name = copy;
    d->link = false;
    if (platform_path_kind(full, &d->kind, &d->link) != 0)
        d->kind = FILE_OTHER; /* gone since it was listed */
    free(full);
    return 0;
}

int platform_read_folder(const char *path, struct folder_entry **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    DIR *dir = opendir(path);
    if (!dir)
        return -1;
    struct folder_entry *v = NULL;
    size_t cap = 0;
    struct dirent *de;
    errno = 0;
    while ((de = readdir(dir)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        if (add_entry(path, de->d_name, &v, n, &cap) != 0) {
            closedir(dir);
            platform_folder_free(v, *n);
            *n = 0;
            errno = ENOMEM;
            return -1;
        }
        errno = 0;
    }
    int saved = errno;
    closedir(dir);
    if (saved != 0) {
        platform_folder_free(v, *n);
        *n = 0;
        errno = saved;
        return -1;
    }
    *out = v;
    return 0;
}
