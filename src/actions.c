#include "actions.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

static const struct action_def actions[] = {
    {"pulse", ACTION_COMMAND, false, false},
    {"loglevel.raise", ACTION_COMMAND, false, true},
    {"loglevel.restore", ACTION_COMMAND, false, true},
    {"enroll.manual", ACTION_COMMAND, true, true},
    {"gpupdate", ACTION_COMMAND, false, false},
    {"events.export", ACTION_INTERNAL, false, false},
    {"ca.ping", ACTION_INTERNAL, false, false},
};

const struct action_def *action_find(const char *id)
{
    for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
        if (strcmp(actions[i].id, id) == 0)
            return &actions[i];
    return NULL;
}

const struct action_def *action_all(size_t *n)
{
    *n = sizeof(actions) / sizeof(actions[0]);
    return actions;
}

bool action_template_name_ok(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > 64 || name[0] == '-' || name[0] == '/')
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c < 0x20 || c == 0x7F || strchr("\"'`%!$", c))
            return false;
    }
    return true;
}

static void add(struct action_cmd *c, const char *arg)
{
    if (c->argc < ACTION_MAX_ARGS)
        snprintf(c->argv[c->argc++], ACTION_ARG_LEN, "%s", arg);
}

int action_command(const struct action_def *a, enum ctx ctx, const char *tmpl,
                   const char *prev_loglevel, struct action_cmd *out)
{
    memset(out, 0, sizeof(*out));
    bool machine = ctx == CTX_MACHINE;
    if (!a || a->kind != ACTION_COMMAND)
        return -1;
    if (strcmp(a->id, "pulse") == 0) {
        add(out, "certutil");
        add(out, "-pulse");
        if (!machine)
            add(out, "-user");
    } else if (strcmp(a->id, "loglevel.raise") == 0) {
        add(out, "certutil");
        add(out, "-setreg");
        add(out, "Enroll\\LogLevel");
        add(out, "4");
    } else if (strcmp(a->id, "loglevel.restore") == 0) {
        add(out, "certutil");
        if (prev_loglevel) {
            add(out, "-setreg");
            add(out, "Enroll\\LogLevel");
            add(out, prev_loglevel);
        } else {
            add(out, "-delreg");
            add(out, "Enroll\\LogLevel");
        }
    } else if (strcmp(a->id, "enroll.manual") == 0) {
        if (!action_template_name_ok(tmpl))
            return -1;
        add(out, "certreq");
        add(out, "-q");
        if (machine)
            add(out, "-machine");
        add(out, "-enroll");
        add(out, tmpl);
    } else if (strcmp(a->id, "gpupdate") == 0) {
        add(out, "gpupdate");
        add(out, "/force");
        add(out, machine ? "/target:computer" : "/target:user");
    } else {
        return -1;
    }
    return 0;
}

/* Whether ARG may stand bare on a cmd.exe or PowerShell line. */
static bool bare(const char *arg)
{
    if (!*arg)
        return false;
    for (const char *p = arg; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
              strchr("._:\\/-", *p)))
            return false;
    return true;
}

/* Whether ARG can be quoted for both shells (nothing they expand or end a
 * quote with inside double quotes). */
static bool quotable(const char *arg)
{
    for (const unsigned char *p = (const unsigned char *)arg; *p; p++)
        if (*p < 0x20 || *p == 0x7F || strchr("\"`%!$", *p))
            return false;
    return true;
}

void action_cmdline(const struct action_cmd *c, char *buf, size_t size)
{
    size_t used = 0;
    if (size == 0)
        return;
    buf[0] = '\0';
    for (size_t i = 0; i < c->argc; i++) {
        const char *arg = c->argv[i];
        if (!quotable(arg)) {
            buf[0] = '\0';
            return;
        }
        bool quote = !bare(arg);
        size_t n = strlen(arg), trail = 0;
        while (quote && trail < n && arg[n - 1 - trail] == '\\')
            trail++;
        /* " ", the quote, the argument, its trailing backslashes again, the quote */
        if (used + (i ? 1 : 0) + (quote ? 2 : 0) + n + trail >= size)
            break;
        if (i)
            buf[used++] = ' ';
        if (quote)
            buf[used++] = '"';
        memcpy(buf + used, arg, n);
        used += n;
        if (quote) {
            memset(buf + used, '\\', trail);
            used += trail;
            buf[used++] = '"';
        }
        buf[used] = '\0';
    }
}

/* The first HRESULT of the failure kind ("0x8..." with eight hex digits)
 * in TEXT, or 0. */
static uint32_t first_hresult(const char *text)
{
    for (const char *p = strstr(text, "0x"); p; p = strstr(p + 2, "0x")) {
        uint32_t v = 0;
        int k = 0;
        for (; k < 8; k++) {
            int d = hex_digit((unsigned char)p[2 + k]);
            if (d < 0)
                break;
            v = v << 4 | (uint32_t)d;
        }
        if (k == 8 && hex_digit((unsigned char)p[10]) < 0 && (v & 0x80000000u))
            return v;
    }
    return 0;
}

/* The number after the first "id:" (any case; "RequestId: 12",
 * "Anforderungs-ID: 12", quotes allowed), or 0. */
static int64_t request_id(const char *text)
{
    for (const char *p = text; *p; p++) {
        if (!((p[0] | 0x20) == 'i' && (p[1] | 0x20) == 'd' && p[2] == ':'))
            continue;
        const char *q = p + 3;
        while (*q == ' ' || *q == '"' || *q == '\t')
            q++;
        int64_t v = 0;
        int n = 0;
        for (; *q >= '0' && *q <= '9' && n < 12; q++, n++)
            v = v * 10 + (*q - '0');
        if (n > 0)
            return v;
    }
    return 0;
}

void action_certreq_outcome(int exit_code, const char *output, struct certreq_outcome *out)
{
    static const char *const pending[] = {"pending", "Taken Under Submission", "ausstehend",
                                          "Zur Bearbeitung"};
    memset(out, 0, sizeof(*out));
    out->code = first_hresult(output);
    if (!out->code && exit_code != 0)
        out->code = (uint32_t)exit_code;
    out->request_id = request_id(output);
    bool waits = false;
    for (size_t i = 0; i < sizeof(pending) / sizeof(pending[0]); i++)
        waits = waits || strstr(output, pending[i]) != NULL;
    if (out->code && (out->code & 0xFFFFF000u) == 0x80094000u)
        out->status = CERTREQ_DENIED;
    else if (out->code)
        out->status = CERTREQ_FAILED;
    else
        out->status = waits ? CERTREQ_PENDING : CERTREQ_ISSUED;
}
