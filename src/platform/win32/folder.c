/* folder.c (Windows): the entries of a folder and what a name is, for walking
 * folders of inputs (fleet). A reparse point (a symbolic link, a junction)
 * counts as a link; whether it is a folder is what its attributes say. */
#include "w32util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "../platform.h"

static enum file_kind attrs_kind(DWORD attrs)
{
    if (attrs & FILE_ATTRIBUTE_DIRECTORY)
        return FILE_FOLDER;
    if (attrs & FILE_ATTRIBUTE_DEVICE)
        return FILE_DEVICE;
    return FILE_REGULAR;
}

int platform_path_kind(const char *path, enum file_kind *kind, bool *link)
{
    wchar_t *wp = w32_widen(path);
    if (!wp) {
        errno = ENOMEM;
        return -1;
    }
    DWORD attrs = GetFileAttributesW(wp);
    free(wp);
    if (attrs == INVALID_FILE_ATTRIBUTES) {
        errno = ENOENT;
        return -1;
    }
    *link = (attrs & FILE_ATTRIBUTE_REPARSE_POINT) != 0;
    *kind = attrs_kind(attrs);
    return 0;
}

void platform_folder_free(struct folder_entry *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i].name);
    free(v);
}

/* Adds the entry FD to *V (N entries, room for *CAP). -1 when out of memory. */
static int add_entry(const WIN32_FIND_DATAW *fd, struct folder_entry **v, size_t *n, size_t *cap)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 32;
        struct folder_entry *nv = realloc(*v, c * sizeof(*nv));
        if (!nv)
            return -1;
        *v = nv;
        *cap = c;
    }
    char *name = w32_narrow(fd->cFileName);
    if (!name)
        return -1;
    struct folder_entry *d = &(*v)[(*n)++];
    d->name = name;
    d->link = (fd->dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) != 0;
    d->kind = attrs_kind(fd->dwFileAttributes);
    return 0;
}

int platform_read_folder(const char *path, struct folder_entry **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    enum file_kind kind;
    bool link;
    if (platform_path_kind(path, &kind, &link) != 0)
        return -1;
    if (kind != FILE_FOLDER) {
        errno = ENOTDIR;
        return -1;
    }
    size_t len = strlen(path);
    char *pattern = malloc(len + 3);
    if (!pattern) {
        errno = ENOMEM;
        return -1;
    }
    memcpy(pattern, path, len);
    memcpy(pattern + len, "\\*", 3);
    wchar_t *wp = w32_widen(pattern);
    free(pattern);
    if (!wp) {
        errno = ENOMEM;
        return -1;
    }
    WIN32_FIND_DATAW fd;
    HANDLE h = FindFirstFileExW(wp, FindExInfoBasic, &fd, FindExSearchNameMatch, NULL, 0);
    free(wp);
    if (h == INVALID_HANDLE_VALUE) {
        DWORD code = GetLastError();
        if (code == ERROR_FILE_NOT_FOUND)
            return 0; /* an empty folder (a drive root has no "." either) */
        errno = code == ERROR_ACCESS_DENIED ? EACCES : ENOENT;
        return -1;
    }
    struct folder_entry *v = NULL;
    size_t cap = 0;
    int rc = 0;
    do {
        if (wcscmp(fd.cFileName, L".") == 0 || wcscmp(fd.cFileName, L"..") == 0)
            continue;
        if (add_entry(&fd, &v, n, &cap) != 0) {
            errno = ENOMEM;
            rc = -1;
            break;
        }
    } while (FindNextFileW(h, &fd));
    if (rc == 0 && GetLastError() != ERROR_NO_MORE_FILES) {
        errno = EIO;
        rc = -1;
    }
    FindClose(h);
    if (rc != 0) {
        platform_folder_free(v, *n);
        *n = 0;
        return -1;
    }
    *out = v;
    return 0;
}
