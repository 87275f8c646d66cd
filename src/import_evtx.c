/* import_evtx.c: an .evtx file read into events. The file header is checked
 * here (portable); the records come from the system's reader
 * (platform/evtx.h) as event XML, read by import_evxml.c. Only the wanted
 * providers' records are rendered and kept (import_evxml.h). */
#include "import_evtx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_evxml.h"
#include "import_formats.h"
#include "platform/evtx.h"

#define EVTX_HEADER 4096u
#define EVTX_CHUNK 65536u

static int damaged(struct err *e, const char *name, uint64_t offset)
{
    err_set(e, "error.events.evtx");
    err_arg(e, "file", "%s", name);
    return err_arg(e, "offset", "%llu", (unsigned long long)offset);
}

static unsigned le16(const unsigned char *p)
{
    return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

bool evtx_magic(const unsigned char *raw, size_t n)
{
    return n >= 8 && memcmp(raw, "ElfFile", 8) == 0;
}

int evtx_check_header(const unsigned char *h, size_t n, uint64_t size, const char *name, struct err *e)
{
    if (!evtx_magic(h, n))
        return damaged(e, name, 0);
    if (n < 128)
        return damaged(e, name, n);
    if (le32(h + 32) != 128)
        return damaged(e, name, 32);
    if (le16(h + 38) != 3)
        return damaged(e, name, 38);
    if (le16(h + 40) != EVTX_HEADER)
        return damaged(e, name, 40);
    uint64_t chunks = le16(h + 42);
    if (size < EVTX_HEADER || size < EVTX_HEADER + chunks * EVTX_CHUNK)
        return damaged(e, name, size);   /* truncated: where it ends */
    return 0;
}

/* Every chunk the header counts begins with its signature. */
static int check_chunks(const unsigned char *raw, size_t n, const char *name, struct err *e)
{
    size_t chunks = le16(raw + 42);
    for (size_t i = 0; i < chunks; i++) {
        size_t at = EVTX_HEADER + i * EVTX_CHUNK;
        if (at + 8 > n || memcmp(raw + at, "ElfChnk", 8) != 0)
            return damaged(e, name, at);
    }
    return 0;
}

static int take_record(void *ud, const char *xml, size_t len, uint64_t offset, struct err *e)
{
    struct evxml_sink *s = ud;
    return evxml_read_record(s, s->name, xml, len, offset, e);
}

/* Reads through the platform into a new facts: FROM_BYTES or by PATH. */
static int read_evtx(const char *path, const unsigned char *raw, size_t n, const char *name,
                     struct facts **out, struct err *e)
{
    struct facts *f = facts_new();
    if (!f) {
        err_set(e, "error.memory");
        return err_arg(e, "file", "%s", name);
    }
    struct evxml_sink s = {.f = f, .name = name};
    size_t np;
    const char *const *prov = evxml_providers(&np);
    struct evtx_visit v = {prov, np, take_record, &s};
    int rc = raw ? platform_evtx_read_bytes(raw, n, name, &v, e) : platform_evtx_read(path, name, &v, e);
    if (rc != 0) {
        evxml_sink_discard(&s);
        facts_free(f);
        return -1;
    }
    if (evxml_sink_finish(&s, name, e) != 0) {
        facts_free(f);
        return -1;
    }
    *out = f;
    return 0;
}

int evtx_import_path(const char *path, const unsigned char *head, size_t nhead, uint64_t size,
                     struct facts **out, struct err *e)
{
    if (evtx_check_header(head, nhead, size, path, e) != 0)
        return -1;
    return read_evtx(path, NULL, 0, path, out, e);
}

int evtx_import_bytes(const char *name, const unsigned char *raw, size_t n, struct facts **out,
                      struct err *e)
{
    if (evtx_check_header(raw, n, n, name, e) != 0 || check_chunks(raw, n, name, e) != 0)
        return -1;
    return read_evtx(NULL, raw, n, name, out, e);
}

int import_read_evtx(const struct import_file *in, struct facts **out, struct err *e)
{
    err_clear(e);
    return evtx_import_bytes(in->name, in->raw, in->n, out, e);
}
