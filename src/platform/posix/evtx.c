#define _POSIX_C_SOURCE 200809L
/* evtx.c (POSIX): the records of an .evtx file through libevtx (Debian
 * libevtx-dev; bytes in memory through libbfio's memory range, libbfio-dev);
 * see platform/evtx.h. The provider of each record is read first (its
 * source name); only a wanted record is rendered as XML. */
#include "../evtx.h"

#include <libbfio.h>
#include <libevtx.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static int damaged(struct err *e, const char *name, uint64_t offset)
{
    err_set(e, "error.events.evtx");
    err_arg(e, "file", "%s", name);
    return err_arg(e, "offset", "%llu", (unsigned long long)offset);
}

static bool wanted(const struct evtx_visit *v, const char *provider)
{
    for (size_t i = 0; i < v->nproviders; i++)
        if (ascii_casecmp(provider, v->providers[i]) == 0)
            return true;
    return false;
}

/* One record: 0 skipped or taken, -1 with E set. *END: where it ends. */
static int one_record(libevtx_record_t *rec, const char *name, const struct evtx_visit *v,
                      char **xml, size_t *xcap, uint64_t *end, struct err *e)
{
    libevtx_error_t *le = NULL;
    off64_t off = 0;
    if (libevtx_record_get_offset(rec, &off, &le) != 1) {
        libevtx_error_free(&le);
        off = 0;
    }
    char prov[256];
    size_t psize = 0;
    if (libevtx_record_get_utf8_source_name_size(rec, &psize, &le) != 1 || psize == 0 ||
        psize > sizeof(prov) || libevtx_record_get_utf8_source_name(rec, (uint8_t *)prov, psize, &le) != 1) {
        /* no provider name: not one of ours */
        libevtx_error_free(&le);
        return 0;
    }
    *end = (uint64_t)off;
    if (!wanted(v, prov))
        return 0;
    size_t need = 0;
    if (libevtx_record_get_utf8_xml_string_size(rec, &need, &le) != 1 || need == 0) {
        libevtx_error_free(&le);
        return damaged(e, name, (uint64_t)off);
    }
    if (need > *xcap) {
        char *p = realloc(*xml, need);
        if (!p) {
            err_set(e, "error.memory");
            return err_arg(e, "file", "%s", name);
        }
        *xml = p;
        *xcap = need;
    }
    if (libevtx_record_get_utf8_xml_string(rec, (uint8_t *)*xml, need, &le) != 1) {
        libevtx_error_free(&le);
        return damaged(e, name, (uint64_t)off);
    }
    size_t len = strnlen(*xml, need);
    return v->record(v->ud, *xml, len, (uint64_t)off, e);
}

/* Reads the records of FILE (open) and closes it. */
static int read_open(libevtx_file_t *file, const char *name, const struct evtx_visit *v, struct err *e)
{
    libevtx_error_t *le = NULL;
    int rc = 0, count = 0;
    if (libevtx_file_get_number_of_records(file, &count, &le) != 1) {
        libevtx_error_free(&le);
        rc = damaged(e, name, 0);
    }
    char *xml = NULL;
    size_t xcap = 0;
    uint64_t end = 4096;   /* where the last record read begins: the place of a later damage */
    for (int i = 0; rc == 0 && i < count; i++) {
        libevtx_record_t *rec = NULL;
        if (libevtx_file_get_record_by_index(file, i, &rec, &le) != 1) {
            libevtx_error_free(&le);
            rc = damaged(e, name, end);
            break;
        }
        rc = one_record(rec, name, v, &xml, &xcap, &end, e);
        libevtx_record_free(&rec, NULL);
    }
    free(xml);
    libevtx_file_close(file, NULL);
    return rc;
}

static int no_memory(struct err *e, const char *name)
{
    err_set(e, "error.memory");
    return err_arg(e, "file", "%s", name);
}

int platform_evtx_read(const char *path, const char *name, const struct evtx_visit *v, struct err *e)
{
    libevtx_file_t *file = NULL;
    libevtx_error_t *le = NULL;
    if (libevtx_file_initialize(&file, &le) != 1) {
        libevtx_error_free(&le);
        return no_memory(e, name);
    }
    int rc;
    if (libevtx_file_open(file, path, libevtx_get_access_flags_read(), &le) != 1) {
        libevtx_error_free(&le);
        rc = damaged(e, name, 0);
    } else {
        rc = read_open(file, name, v, e);
    }
    libevtx_file_free(&file, NULL);
    return rc;
}

int platform_evtx_read_bytes(const unsigned char *raw, size_t n, const char *name,
                             const struct evtx_visit *v, struct err *e)
{
    /* read where the bytes lie: a memory range as libbfio's file handle */
    libbfio_handle_t *io = NULL;
    libbfio_error_t *be = NULL;
    if (libbfio_memory_range_initialize(&io, &be) != 1 ||
        libbfio_memory_range_set(io, (uint8_t *)(uintptr_t)raw, n, &be) != 1) {
        libbfio_error_free(&be);
        if (io)
            libbfio_handle_free(&io, NULL);
        return no_memory(e, name);
    }
    libevtx_file_t *file = NULL;
    libevtx_error_t *le = NULL;
    int rc;
    if (libevtx_file_initialize(&file, &le) != 1) {
        libevtx_error_free(&le);
        rc = no_memory(e, name);
    } else if (libevtx_file_open_file_io_handle(file, io, libevtx_get_access_flags_read(), &le) != 1) {
        libevtx_error_free(&le);
        rc = damaged(e, name, 0);
    } else {
        rc = read_open(file, name, v, e);
    }
    if (file)
        libevtx_file_free(&file, NULL);
    libbfio_handle_free(&io, NULL);
    return rc;
}
