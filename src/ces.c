#include "ces.h"

#include <string.h>

#include "util.h"

static const char CERTENROLL[] = "Microsoft-Windows-CertificateServicesClient-CertEnroll";

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 0x20;
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static bool word_char(int c)
{
    return hexval(c) >= 0 || (c | 0x20) == 'x' || c == '_';
}

size_t ces_codes(const char *text, uint32_t *out, size_t max)
{
    size_t n = 0;
    if (!text)
        return 0;
    for (const char *p = text; *p && n < max; p++) {
        if (p[0] != '0' || (p[1] | 0x20) != 'x' || (p > text && word_char((unsigned char)p[-1])))
            continue;
        uint32_t v = 0;
        int k = 0;
        for (; k < 8 && hexval((unsigned char)p[2 + k]) >= 0; k++)
            v = v << 4 | (uint32_t)hexval((unsigned char)p[2 + k]);
        if (k != 8 || word_char((unsigned char)p[10]) || !(v & 0x80000000u))
            continue;
        bool dup = false;
        for (size_t i = 0; i < n; i++)
            dup = dup || out[i] == v;
        if (!dup)
            out[n++] = v;
        p += 9;
    }
    return n;
}

bool ces_fault_parse(const char *text, uint32_t *inner)
{
    uint32_t codes[16];
    size_t n = ces_codes(text, codes, sizeof(codes) / sizeof(codes[0]));
    bool fault = false;
    *inner = 0;
    for (size_t i = 0; i < n; i++) {
        if (codes[i] == CES_FAULT_RECEIVED)
            fault = true;
        else if (!*inner)
            *inner = codes[i];
    }
    if (!fault)
        *inner = 0;
    return fault;
}

const char *ces_policy_url(const struct facts *f, enum ctx ctx)
{
    if (f->policy_servers_st != F_SET)
        return NULL;
    const char *any = NULL;
    for (size_t i = 0; i < f->npolicy_servers; i++) {
        const struct policy_server *ps = &f->policy_servers[i];
        if (ps->url.st != F_SET || ascii_casecmp(ps->url.v, "LDAP:") == 0)
            continue;
        if (ctx != CTX_NONE && ps->ctx_st == F_SET && ps->ctx != ctx)
            continue;
        if (ps->is_default.st == F_SET && ps->is_default.v)
            return ps->url.v;
        if (!any)
            any = ps->url.v;
    }
    return any;
}

const char *ces_transport(const struct facts *f, enum ctx ctx)
{
    if (f->policy_servers_st != F_SET)
        return NULL;
    bool ldap = false, cep = false;
    for (size_t i = 0; i < f->npolicy_servers; i++) {
        const struct policy_server *ps = &f->policy_servers[i];
        if (ps->url.st != F_SET)
            continue;
        if (ctx != CTX_NONE && ps->ctx_st == F_SET && ps->ctx != ctx)
            continue;
        bool is_ldap = ascii_casecmp(ps->url.v, "LDAP:") == 0;
        if (ps->is_default.st == F_SET && ps->is_default.v)
            return is_ldap ? "rpc" : "ces";
        ldap = ldap || is_ldap;
        cep = cep || !is_ldap;
    }
    if (ldap)
        return "rpc";
    return cep ? "ces" : NULL;
}

int ces_url_host(const char *url, char *out, size_t n)
{
    if (!url || n == 0)
        return -1;
    const char *p = strstr(url, "://");
    p = p ? p + 3 : url;
    const char *at = NULL;
    for (const char *q = p; *q && *q != '/' && *q != '?' && *q != '#'; q++)
        if (*q == '@')
            at = q;
    if (at)
        p = at + 1;
    size_t len = 0;
    if (*p == '[') {
        const char *close = strchr(p, ']');
        if (!close)
            return -1;
        p++;
        len = (size_t)(close - p);
    } else {
        while (p[len] && p[len] != ':' && p[len] != '/' && p[len] != '?' && p[len] != '#')
            len++;
    }
    if (len == 0 || len >= n)
        return -1;
    memcpy(out, p, len);
    out[len] = '\0';
    return 0;
}

/* Whether event A comes after event B in the log. */
static bool event_later(const struct event *a, const struct event *b)
{
    if (a->time.st == F_SET && b->time.st == F_SET && a->time.v != b->time.v)
        return a->time.v > b->time.v;
    return a->order > b->order;
}

static bool fault_from_enroll(const struct facts *f, enum ctx ctx, struct ces_fault *out)
{
    if (f->enroll_st != F_SET)
        return false;
    for (size_t i = f->nenroll; i-- > 0;) {
        const struct enroll_result *er = &f->enroll[i];
        if (er->via.st != F_SET || strcmp(er->via.v, "ces") != 0)
            continue;
        if (ctx != CTX_NONE && er->ctx_st == F_SET && er->ctx != ctx)
            continue;
        uint32_t inner = 0;
        bool in_output = er->output.st == F_SET && ces_fault_parse(er->output.v, &inner);
        if (!in_output && !(er->error.st == F_SET && er->error.v == CES_FAULT_RECEIVED))
            continue;
        out->error.st = F_SET;
        out->error.v = CES_FAULT_RECEIVED;
        out->inner.st = er->output.st == F_SET ? (inner ? F_SET : F_NULL) : F_ABSENT;
        out->inner.v = inner;
        out->source = "enroll";
        return true;
    }
    return false;
}

static bool fault_from_events(const struct facts *f, struct ces_fault *out)
{
    if (f->events.st != F_SET)
        return false;
    const struct event *best = NULL;
    uint32_t best_inner = 0;
    for (size_t i = 0; i < f->events.n; i++) {
        const struct event *e = &f->events.v[i];
        uint32_t inner = 0;
        if (e->provider.st != F_SET || ascii_casecmp(e->provider.v, CERTENROLL) != 0 ||
            e->message.st != F_SET || !ces_fault_parse(e->message.v, &inner))
            continue;
        if (!best || event_later(e, best)) {
            best = e;
            best_inner = inner;
        }
    }
    if (!best)
        return false;
    out->error.st = F_SET;
    out->error.v = CES_FAULT_RECEIVED;
    out->inner.st = best_inner ? F_SET : F_NULL;
    out->inner.v = best_inner;
    out->source = "event";
    out->event = best;
    return true;
}

bool ces_fault_find(const struct facts *f, enum ctx ctx, struct ces_fault *out)
{
    memset(out, 0, sizeof(*out));
    out->url = f->ces.st == F_SET && f->ces.url.st == F_SET ? f->ces.url.v : ces_policy_url(f, ctx);
    if (f->ces.st == F_SET && f->ces.error.st != F_ABSENT) {
        out->error = f->ces.error;
        out->inner = f->ces.inner_error;
        out->source = "ces";
        return true;
    }
    if (fault_from_enroll(f, ctx, out) || fault_from_events(f, out))
        return true;
    if (f->ces.st == F_SET) {
        out->source = "ces";
        return true;
    }
    return false;
}

bool ces_url_is_service(const char *url)
{
    if (!url || ascii_ncasecmp(url, "https://", 8) != 0)
        return false;
    size_t n = strlen(url);
    if (n >= 4 && ascii_casecmp(url + n - 4, "/CES") == 0)
        return true;
    for (const char *p = url; *p; p++)
        if (ascii_ncasecmp(p, "_CES_", 5) == 0)
            return true;
    return false;
}

/* The first CES URL in TEXT (up to white space, a quote or '<') into OUT. */
static bool url_in_text(const char *text, char *out, size_t n)
{
    for (const char *p = text ? text : ""; (p = strstr(p, "https://")) != NULL; p += 8) {
        size_t len = strcspn(p, " \t\r\n\"'<>");
        if (len >= n)
            continue;
        memcpy(out, p, len);
        out[len] = '\0';
        while (len > 0 && (out[len - 1] == '.' || out[len - 1] == ',' || out[len - 1] == ')'))
            out[--len] = '\0';
        if (ces_url_is_service(out))
            return true;
    }
    return false;
}

const char *ces_service_url(const struct facts *f, enum ctx ctx, char *buf, size_t n)
{
    if (f->ces.st == F_SET && f->ces.url.st == F_SET && ces_url_is_service(f->ces.url.v))
        return f->ces.url.v;
    for (size_t i = f->enroll_st == F_SET ? f->nenroll : 0; i-- > 0;) {
        const struct enroll_result *er = &f->enroll[i];
        if (er->via.st != F_SET || strcmp(er->via.v, "ces") != 0 || er->output.st != F_SET)
            continue;
        if (ctx != CTX_NONE && er->ctx_st == F_SET && er->ctx != ctx)
            continue;
        if (url_in_text(er->output.v, buf, n))
            return buf;
    }
    const struct event *best = NULL;
    for (size_t i = 0; f->events.st == F_SET && i < f->events.n; i++) {
        const struct event *e = &f->events.v[i];
        if (e->provider.st != F_SET || ascii_casecmp(e->provider.v, CERTENROLL) != 0 ||
            e->message.st != F_SET || !url_in_text(e->message.v, buf, n))
            continue;
        if (!best || event_later(e, best))
            best = e;
    }
    return best && url_in_text(best->message.v, buf, n) ? buf : NULL;
}

bool ces_client_uses_ces(const struct facts *f, enum ctx ctx)
{
    const char *t = ces_transport(f, ctx);
    struct ces_fault cf;
    return (t && strcmp(t, "ces") == 0) || ces_fault_find(f, ctx, &cf);
}

bool ces_spn_reaches(const char *spn, const char *host)
{
    const char *slash = spn ? strchr(spn, '/') : NULL;
    if (!slash || !host || !*host)
        return false;
    size_t svc = (size_t)(slash - spn);
    if (!((svc == 4 && ascii_ncasecmp(spn, "HOST", 4) == 0) ||
          (svc == 5 && ascii_ncasecmp(spn, "RPCSS", 5) == 0)))
        return false;
    const char *h = slash + 1;
    size_t hl = strcspn(h, ":/");
    size_t full = strlen(host), shortl = strcspn(host, ".");
    return (hl == full && ascii_ncasecmp(h, host, hl) == 0) ||
           (hl == shortl && ascii_ncasecmp(h, host, hl) == 0);
}

const char *ces_server_host(const struct facts *f, char *buf, size_t n)
{
    if (f->ces.server_st == F_SET && f->ces.server_host.st == F_SET && f->ces.server_host.v[0])
        return f->ces.server_host.v;
    if (f->ces.st == F_SET && f->ces.url.st == F_SET && ces_url_host(f->ces.url.v, buf, n) == 0)
        return buf;
    return NULL;
}

static bool ca_registers(const struct ca *ca, const char *host)
{
    char h[256];
    for (size_t i = 0; ca->ces_urls.st == F_SET && i < ca->ces_urls.n; i++)
        if (ces_url_host(ca->ces_urls.v[i], h, sizeof(h)) == 0 && ascii_casecmp(h, host) == 0)
            return true;
    return false;
}

static bool ca_publishes(const struct ca *ca, const char *tmpl)
{
    for (size_t i = 0; ca->templates.st == F_SET && i < ca->templates.n; i++)
        if (ascii_casecmp(ca->templates.v[i], tmpl) == 0)
            return true;
    return false;
}

size_t ces_target_cas(const struct facts *f, const char *host, const char *tmpl, const struct ca **out,
                      size_t max)
{
    size_t n = 0;
    for (int pass = 0; pass < 3 && n == 0; pass++) {
        for (size_t i = 0; f->cas_st == F_SET && i < f->ncas && n < max; i++) {
            const struct ca *ca = &f->cas[i];
            if (ca->host.st != F_SET || !ca->host.v[0])
                continue;
            if ((pass == 0 && host && ca_registers(ca, host)) || (pass == 1 && tmpl && ca_publishes(ca, tmpl)) ||
                pass == 2)
                out[n++] = ca;
        }
    }
    return n;
}
