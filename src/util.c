#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/platform.h"

static int lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

/* A SID string "S-1-<authority>-<sub>...". */
bool sid_string_valid(const char *s)
{
    if (!(s[0] == 'S' || s[0] == 's') || s[1] != '-' || s[2] != '1')
        return false;
    const char *p = s + 3;
    int parts = 0;
    while (*p == '-') {
        p++;
        /* an identifier authority of 2^32 or more is written in hex, as
         * ConvertSidToStringSid writes it: 0x and twelve digits */
        if (parts == 0 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
            size_t nh = 0;
            for (p += 2; hex_digit(*p) >= 0; p++)
                nh++;
            if (nh != 12)
                return false;
            parts++;
            continue;
        }
        if (*p < '0' || *p > '9')
            return false;
        size_t nd = 0;
        while (*p >= '0' && *p <= '9') {
            p++;
            if (++nd > 20)
                return false;
        }
        parts++;
    }
    return *p == '\0' && parts >= 1;
}

char *str_dup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

int ascii_casecmp(const char *a, const char *b)
{
    for (;; a++, b++) {
        if (*a == *b) {
            if (*a == '\0')
                return 0;
            continue;
        }
        int x = lower((unsigned char)*a), y = lower((unsigned char)*b);
        if (x != y || x == 0)
            return x - y;
    }
}

int ascii_ncasecmp(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (a[i] == b[i]) {
            if (a[i] == '\0')
                return 0;
            continue;
        }
        int x = lower((unsigned char)a[i]), y = lower((unsigned char)b[i]);
        if (x != y || x == 0)
            return x - y;
    }
    return 0;
}

bool ascii_startswith_ci(const char *s, const char *prefix)
{
    return ascii_ncasecmp(s, prefix, strlen(prefix)) == 0;
}

size_t utf8_seq_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t len;
    unsigned min, cp;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2; cp = c & 0x1Fu; min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3; cp = c & 0x0Fu; min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4; cp = c & 0x07u; min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

int hex_digit(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;
    const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static bool is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned month_days(int64_t y, unsigned m)
{
    static const unsigned md[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : md[m - 1];
}

static int digits(const char **p, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        char c = (*p)[i];
        if (c < '0' || c > '9')
            return -1;
        v = v * 10 + (c - '0');
    }
    *p += n;
    *out = v;
    return 0;
}

int time_parse_iso(const char *s, int64_t *out)
{
    const char *p = s;
    int y, mo, d, h, mi, se = 0;
    if (digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &mo) || *p++ != '-' ||
        digits(&p, 2, &d))
        return -1;
    if (*p != 'T' && *p != 't' && *p != ' ')
        return -1;
    p++;
    if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi))
        return -1;
    if (*p == ':') {
        p++;
        if (digits(&p, 2, &se))
            return -1;
        if (*p == '.' || *p == ',') {
            p++;
            if (*p < '0' || *p > '9')
                return -1;
            while (*p >= '0' && *p <= '9')
                p++;
        }
    }
    if (mo < 1 || mo > 12 || d < 1 || (unsigned)d > month_days(y, (unsigned)mo) || h > 23 ||
        mi > 59 || se > 60)
        return -1;
    int offset = 0;
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int sign = *p == '-' ? -1 : 1, oh, om = 0;
        p++;
        if (digits(&p, 2, &oh))
            return -1;
        if (*p == ':') {
            p++;
            if (digits(&p, 2, &om))
                return -1;
        } else if (*p != '\0' && digits(&p, 2, &om)) {
            return -1;
        }
        if (oh > 23 || om > 59)
            return -1;
        offset = sign * (oh * 3600 + om * 60);
    } else {
        return -1; /* a zone is required */
    }
    if (*p != '\0')
        return -1;
    if (se == 60)
        se = 59; /* a leap second is as good as the second before */
    int64_t days = days_from_civil(y, (unsigned)mo, (unsigned)d);
    *out = days * 86400 + h * 3600 + mi * 60 + se - offset;
    return 0;
}

void time_format_iso(int64_t t, char *buf, size_t size)
{
    int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    int64_t secs = t - days * 86400;
    /* civil_from_days */
    int64_t z = days + 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int64_t doe = z - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    const int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const int64_t m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    if (y >= 0 && y <= 9999 && size >= 21) {
        /* the usual case, without the cost of a formatted print */
        const int64_t v[6] = {y, m, d, secs / 3600, secs / 60 % 60, secs % 60};
        static const char seps[6] = {'-', '-', 'T', ':', ':', 'Z'};
        char *o = buf;
        for (int i = 0; i < 6; i++) {
            if (i == 0) {
                *o++ = (char)('0' + v[0] / 1000);
                *o++ = (char)('0' + v[0] / 100 % 10);
            }
            *o++ = (char)('0' + v[i] / 10 % 10);
            *o++ = (char)('0' + v[i] % 10);
            *o++ = seps[i];
        }
        *o = '\0';
        return;
    }
    snprintf(buf, size, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ", (long long)y, (long long)m,
             (long long)d, (long long)(secs / 3600), (long long)(secs / 60 % 60),
             (long long)(secs % 60));
}

/* The reason for a failed read, as a catalog key where there is one. */
static int errno_reason(struct err *e, int code)
{
    switch (code) {
    case ENOENT: return err_arg(e, "reason", "@error.reason.not-found");
    case EACCES: return err_arg(e, "reason", "@error.reason.access");
    case EISDIR: return err_arg(e, "reason", "@error.reason.is-dir");
    default: return err_arg(e, "reason", "%s", strerror(code));
    }
}

/* The reason why the input PATH of kind K could not be opened (errno
 * CODE), into E. Returns -1. */
static int input_error(struct err *e, const char *path, enum file_kind k, int code)
{
    static const char *const kinds[] = {
        [FILE_FOLDER] = "@error.reason.is-dir", [FILE_FIFO] = "@error.reason.fifo",
        [FILE_DEVICE] = "@error.reason.device", [FILE_SOCKET] = "@error.reason.socket",
        [FILE_OTHER] = "@error.reason.special",
    };
    err_set(e, "error.file.read");
    err_arg(e, "file", "%s", path);
    if (k != FILE_REGULAR)
        return err_arg(e, "reason", "%s", kinds[k]);
    return errno_reason(e, code);
}

static int too_large(struct err *e, const char *path)
{
    err_set(e, "error.file.read");
    err_arg(e, "file", "%s", path);
    return err_arg(e, "reason", "@error.reason.too-large");
}

/* Opens the input PATH ("-": standard input, *SIZE 0 = unknown): a regular
 * file of at most INPUT_MAX bytes, or a stream. Returns the stream, or NULL
 * with E set. */
static FILE *input_open(const char *path, uint64_t *size, struct err *e)
{
    if (strcmp(path, "-") == 0) {
        uint64_t known;
        enum file_kind k = platform_stdin_kind(&known);
        *size = 0;
        if (k != FILE_REGULAR && k != FILE_FIFO) {
            input_error(e, path, k, 0);
            return NULL;
        }
        if (known > INPUT_MAX) {
            too_large(e, path);
            return NULL;
        }
        return stdin;
    }
    enum file_kind k;
    FILE *fp = platform_open_input(path, size, &k);
    if (!fp) {
        input_error(e, path, k, errno);
        return NULL;
    }
    if (*size > INPUT_MAX) {
        fclose(fp);
        too_large(e, path);
        return NULL;
    }
    return fp;
}

int read_file(const char *path, char **out, size_t *len, struct err *e)
{
    uint64_t size;
    FILE *fp = input_open(path, &size, e);
    if (!fp)
        return -1;
    /* a regular file: read it in one go into a buffer of its size */
    size_t cap = size > 0 ? (size_t)size + 2 : 64 * 1024, n = 0;
    char *buf = malloc(cap);
    bool big = false;
    while (buf) {
        if (cap - n < 2) {
            if (n > INPUT_MAX) {
                big = true;
                break;
            }
            /* never more room than the bound and the byte that crosses it */
            size_t grow = cap * 2 < INPUT_MAX + 2 ? cap * 2 : (size_t)INPUT_MAX + 2;
            char *nb = realloc(buf, grow);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap = grow;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, fp);
        n += got;
        if (got == 0)
            break;
    }
    int oom = !buf;
    int failed = oom || big || ferror(fp) || n > INPUT_MAX;
    int saved = errno;
    if (fp != stdin)
        fclose(fp);
    if (failed) {
        free(buf);
        if (big || (!oom && n > INPUT_MAX))
            return too_large(e, path);
        err_set(e, "error.file.read");
        err_arg(e, "file", "%s", path);
        return oom ? err_arg(e, "reason", "@error.reason.memory") : errno_reason(e, saved);
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return 0;
}

bool file_exists(const char *path)
{
    return platform_name_taken(path);
}

FILE *file_create(const char *path, const char *key, struct err *e)
{
    FILE *fp = platform_create_new(path);
    if (fp)
        return fp;
    int code = errno;
    err_set(e, key);
    err_arg(e, "file", "%s", path);
    if (code == EEXIST)
        err_arg(e, "reason", "@error.reason.exists");
    else
        errno_reason(e, code);
    return NULL;
}

FILE *file_create_unique(char *path, size_t size, const char *key, struct err *e)
{
    size_t len = strlen(path);
    const char *dot = strrchr(path, '.');
    const char *sep = strrchr(path, platform_dir_sep());
    size_t base = dot && (!sep || dot > sep) ? (size_t)(dot - path) : len;
    char ext[32];
    snprintf(ext, sizeof(ext), "%s", path + base);
    for (int i = 1; i < 1000; i++) {
        if (i > 1) {
            int w = snprintf(path + base, size - base, "-%d%s", i, ext);
            if (w < 0 || (size_t)w >= size - base)
                break;
        }
        FILE *fp = platform_create_new(path);
        if (fp)
            return fp;
        if (errno != EEXIST)
            break;
    }
    return file_create(path, key, e); /* says why, in E */
}

int file_close_created(FILE *fp, const char *path, int rc, bool sync)
{
    int saved = 0;
    if (fflush(fp) != 0 || (sync && platform_sync(fp) != 0))
        saved = errno ? errno : EIO;
    if (fclose(fp) != 0 && !saved)
        saved = errno ? errno : EIO;
    if (rc == 0 && saved == 0)
        return 0;
    remove(path);
    errno = saved;
    return -1;
}

int file_pieces_open(struct file_pieces *fpc, const char *path, struct err *e)
{
    memset(fpc, 0, sizeof(*fpc));
    if (strcmp(path, "-") == 0)
        return 0;
    uint64_t size;
    FILE *fp = input_open(path, &size, e);
    if (!fp)
        return -1;
    if (size == 0) {
        fclose(fp);
        return 0;
    }
    fpc->fp = fp;
    fpc->path = path;
    fpc->size = (size_t)size;
    return 1;
}

long file_pieces_read(struct file_pieces *fpc, void *buf, size_t n, struct err *e)
{
    if (n > (size_t)1 << 30)
        n = (size_t)1 << 30;
    size_t got = fread(buf, 1, n, fpc->fp);
    if (got == 0 && ferror(fpc->fp)) {
        int saved = errno;
        err_set(e, "error.file.read");
        err_arg(e, "file", "%s", fpc->path);
        return errno_reason(e, saved);
    }
    fpc->done += got;
    if (fpc->done > fpc->size) {
        err_set(e, "error.file.changed");
        err_arg(e, "file", "%s", fpc->path);
        return -1;
    }
    return (long)got;
}

void file_pieces_close(struct file_pieces *fpc)
{
    if (fpc->fp)
        fclose(fpc->fp);
    fpc->fp = NULL;
}

void text_line_col(const char *text, size_t off, size_t *line, size_t *col)
{
    size_t l = 1, c = 1;
    for (size_t i = 0; i < off && text[i]; i++) {
        if (text[i] == '\n') {
            l++;
            c = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            c++; /* columns count characters, not the bytes of one */
        }
    }
    *line = l;
    *col = c;
}
