/* token.c: is a right granted only through a group the account's logon
 * token does not hold yet? The autoenrollment client judges its rights from
 * the directory (directory_groups), the CA from the Kerberos ticket
 * (token_groups). A group added after the logon (user) or the boot
 * (computer) makes the client request and the CA deny with
 * CERTSRV_E_TEMPLATE_DENIED (event 53) until the account logs on again.
 *
 * Where token_groups is absent (the computer account's groups are not in
 * the SYSTEM token; a bundle collected elsewhere), the token's view is the
 * directory's groups without those whose membership_added is later than
 * session.boot_time (computer) or the user's logon_time. A group without a
 * known time counts as held: no conclusion rests on a time not known.
 *
 * A time whose membership_source is "when-changed" is the group's last
 * change (whenChanged), only an upper bound of the add: any later change
 * to the group (another member joining) moves it. Such a group later than
 * the boot or logon makes no error on its own: where the right is missing
 * only when it counts as not held, perm.token-maybe-stale (a warning) says
 * so and how to confirm. A time from value metadata, or one whose source
 * is not stated (a bundle written by hand or by an older enrolldoc), is the
 * add itself. */
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "sddl.h"
#include "util.h"

static const struct finding_def defs[] = {
    {"perm.token-stale", SEV_ERROR, {NULL}},
    {"perm.token-maybe-stale", SEV_WARNING, {NULL}},
};

struct views {
    const char **dir, **tok;
    size_t ndir, ntok;
    const char *domain;
    const char **tok_sorted;   /* the token's SIDs sorted for in_token, in the result's arena */
    size_t ntok_sorted;
    enum access *each;         /* ndir answers, scratch for mark_groups, in the arena */
};

static int cmp_sid_text(const void *a, const void *b)
{
    return ascii_casecmp(*(const char *const *)a, *(const char *const *)b);
}

/* Whether SID is one of the token's SIDs (ignoring case). O(log ntok). */
static bool in_token(const struct views *v, const char *sid)
{
    return sid && bsearch(&sid, v->tok_sorted, v->ntok_sorted, sizeof(*v->tok_sorted),
                          cmp_sid_text) != NULL;
}

/* Fills the scratch parts of V from the result's arena; -1 without memory. */
static int views_index(struct views *v, struct arena *a)
{
    v->tok_sorted = arena_calloc(a, v->ntok, sizeof(*v->tok_sorted));
    v->each = arena_calloc(a, v->ndir, sizeof(*v->each));
    if (!v->tok_sorted || !v->each)
        return -1;
    v->ntok_sorted = 0;
    for (size_t i = 0; i < v->ntok; i++)
        if (v->tok[i])
            v->tok_sorted[v->ntok_sorted++] = v->tok[i];
    qsort(v->tok_sorted, v->ntok_sorted, sizeof(*v->tok_sorted), cmp_sid_text);
    return 0;
}

static enum access right(const struct sddl *sd, const char *guid, const char *const *sids,
                         size_t n, const char *domain)
{
    return sddl_extended_right(sd, guid, sids, n, domain, NULL);
}

/* Granted with the directory's groups, not with the token's. */
static bool stale(const struct sddl *sd, const char *guid, const struct views *v)
{
    return right(sd, guid, v->dir, v->ndir, v->domain) == ACCESS_ALLOWED &&
           right(sd, guid, v->tok, v->ntok, v->domain) != ACCESS_ALLOWED;
}

/* Marks in GRANTS[i] the new groups (directory, not token) that, added to
 * the token's groups, grant the right on SD. Called when the token's groups
 * alone are not granted it: then one more group grants it exactly when the
 * token's groups meet no deny and that group alone is granted. */
static void mark_groups(const struct sddl *sd, const char *guid, const struct views *v,
                        bool *grants)
{
    if (right(sd, guid, v->tok, v->ntok, v->domain) == ACCESS_DENIED)
        return;
    sddl_extended_right_each(sd, guid, v->dir, v->ndir, v->domain, v->each);
    for (size_t i = 0; i < v->ndir; i++)
        if (v->each[i] == ACCESS_ALLOWED && !in_token(v, v->dir[i]))
            grants[i] = true;
}

/* The moment the token's groups date from: the user's logon, the
 * computer's boot. NULL when not known (each missing fact named in R). */
static const struct opt_time *token_since(const struct eval *ev, const struct identity *id,
                                          struct check_result *r)
{
    const struct opt_time *since =
        ev->ctx == CTX_MACHINE ? &ev->f->session.boot_time : &id->logon_time;
    const char *p = arena_fmt(r->arena, "facts.identity.%s.token_groups", ctx_name(ev->ctx));
    if (id->membership_added.st != F_SET || since->st != F_SET)
        result_missing(r, p ? p : "facts.identity");
    if (id->membership_added.st != F_SET) {
        p = arena_fmt(r->arena, "facts.identity.%s.membership_added", ctx_name(ev->ctx));
        result_missing(r, p ? p : "facts.identity");
    }
    if (since->st != F_SET)
        result_missing(r, ev->ctx == CTX_MACHINE ? "facts.session.boot_time"
                                                 : "facts.identity.user.logon_time");
    return id->membership_added.st == F_SET && since->st == F_SET ? since : NULL;
}

/* Whether the time of group SID is a whenChanged stand-in. */
static bool when_changed(const struct identity *id, const char *sid)
{
    const struct sid_source *s = facts_membership_source(&id->membership_source, sid);
    return s && s->src == MSRC_WHEN_CHANGED;
}

/* The token's view from times: V's directory SIDs without the groups added
 * after SINCE; with LENIENT, a group whose later time is only a whenChanged
 * counts as held. *NMAYBE (when not NULL) gets how many such groups are
 * later than SINCE. */
static int token_from_times(const struct identity *id, int64_t since, bool lenient, struct views *v,
                            struct arena *a, size_t *nmaybe)
{
    v->tok = arena_calloc(a, v->ndir ? v->ndir : 1, sizeof(*v->tok));
    if (!v->tok)
        return -1;
    v->ntok = 0;
    if (nmaybe)
        *nmaybe = 0;
    for (size_t i = 0; i < v->ndir; i++) {
        const struct sid_time *st = facts_membership_added(&id->membership_added, v->dir[i]);
        bool later = st && st->t > since;
        bool maybe = later && when_changed(id, v->dir[i]);
        if (maybe && nmaybe)
            (*nmaybe)++;
        if (!later || (lenient && maybe))
            v->tok[v->ntok++] = v->dir[i];
    }
    return 0;
}

/* Evidence of the times: when each of GROUPS (", "-separated) was added
 * (membership_added), or last changed where that is all that is known
 * (group_changed), and the logon or boot it is later than. */
static void time_evidence(const struct eval *ev, const struct identity *id, const struct opt_time *since,
                          const char *groups, struct check_result *r, struct finding *fd)
{
    const char *added = NULL, *changed = NULL;
    char buf[40];
    for (const char *g = groups; g && *g;) {
        size_t n = strcspn(g, ",");
        const char *sid = arena_strndup(r->arena, g, n);
        const struct sid_time *st = sid ? facts_membership_added(&id->membership_added, sid) : NULL;
        if (st) {
            time_format_iso(st->t, buf, sizeof(buf));
            if (when_changed(id, sid))
                changed = arena_list_append(r->arena, changed, buf);
            else
                added = arena_list_append(r->arena, added, buf);
        }
        g += n;
        while (*g == ',' || *g == ' ')
            g++;
    }
    if (added)
        finding_evidence(r, fd, "membership_added", "%s", added);
    if (changed)
        finding_evidence(r, fd, "group_changed", "%s", changed);
    time_format_iso(since->v, buf, sizeof(buf));
    finding_evidence(r, fd, ev->ctx == CTX_MACHINE ? "boot_time" : "logon_time", "%s", buf);
}

/* What a token's view lacks (", "-separated lists, NULL = none). */
struct lack {
    const char *rights, *cas, *groups;
};

/* What the token's view V lacks into OUT: the template's rights and the
 * CAs not granted with it that the directory's view would grant, and the
 * groups that make the difference. MISSING: record absent facts in R (the
 * first judgement only). Returns whether anything is lacking. */
static bool judge(const struct eval *ev, const struct tmpl *t, struct views *v, bool missing,
                  struct check_result *r, struct lack *out)
{
    const struct facts *f = ev->f;
    memset(out, 0, sizeof(*out));
    if (v->ndir == 0 || v->ntok == 0)
        return false;
    bool *grants = arena_calloc(r->arena, v->ndir, sizeof(*grants));
    if (!grants || views_index(v, r->arena) != 0)
        return false;

    /* The template's rights. */
    if (t->sd) {
        if (stale(t->sd, GUID_ENROLL, v)) {
            out->rights = arena_list_append(r->arena, out->rights, "Enroll");
            mark_groups(t->sd, GUID_ENROLL, v, grants);
        }
        if (stale(t->sd, GUID_AUTOENROLL, v)) {
            out->rights = arena_list_append(r->arena, out->rights, "AutoEnroll");
            mark_groups(t->sd, GUID_AUTOENROLL, v, grants);
        }
    } else if (missing) {
        const char *p = arena_fmt(r->arena, "facts.templates[name=%s].sddl", ev->tmpl);
        result_missing(r, p ? p : "facts.templates");
    }

    /* Request Certificates on the CAs that offer the template: stale when
     * none of them takes the token, and some would take the directory's view. */
    if (f->cas_st == F_SET) {
        bool token_ok = false;
        for (size_t i = 0; i < f->ncas && !token_ok; i++) {
            const struct ca *ca = &f->cas[i];
            if (ca->sd && ca_publishes(ca, ev->tmpl) &&
                right(ca->sd, GUID_ENROLL, v->tok, v->ntok, v->domain) == ACCESS_ALLOWED)
                token_ok = true;
        }
        for (size_t i = 0; i < f->ncas && !token_ok; i++) {
            const struct ca *ca = &f->cas[i];
            if (!ca->sd || !ca_publishes(ca, ev->tmpl) || !stale(ca->sd, GUID_ENROLL, v))
                continue;
            out->cas = arena_list_append(r->arena, out->cas, ca->name.st == F_SET ? ca->name.v : "?");
            mark_groups(ca->sd, GUID_ENROLL, v, grants);
        }
    } else if (f->cas_st == F_ABSENT && missing) {
        result_missing(r, "facts.cas");
    }

    if (!out->rights && !out->cas)
        return false;
    /* The groups that make the difference; when no single one does, every
     * group the token lacks. */
    for (size_t i = 0; i < v->ndir; i++)
        if (grants[i])
            out->groups = arena_list_append(r->arena, out->groups, v->dir[i]);
    for (size_t i = 0; !out->groups && i < v->ndir; i++)
        if (!in_token(v, v->dir[i]))
            out->groups = arena_list_append(r->arena, out->groups, v->dir[i]);
    return true;
}

static void run(const struct eval *ev, struct check_result *r)
{
    if (ev->ctx != CTX_USER && ev->ctx != CTX_MACHINE) {
        result_missing(r, "context");
        return;
    }
    const struct identity *id = eval_identity(ev);
    if (!id) {
        result_missing_ctx(r, "facts.identity", ev->ctx);
        return;
    }
    /* Comparing needs both views of the account's groups: the token's, or
     * the times that tell which groups the token cannot hold yet. */
    if (id->directory_groups.st != F_SET) {
        const char *p = arena_fmt(r->arena, "facts.identity.%s.directory_groups", ctx_name(ev->ctx));
        result_missing(r, p ? p : "facts.identity");
        return;
    }
    const struct opt_time *since = NULL;
    if (id->token_groups.st != F_SET && !(since = token_since(ev, id, r)))
        return;
    const struct tmpl *t = eval_named_template(ev, r);
    if (!t)
        return;

    struct views v;
    memset(&v, 0, sizeof(v));
    v.ndir = eval_account_sids(ev, r, false, &v.dir, &v.domain);
    size_t nmaybe = 0;
    if (since) {
        /* first with the groups whose time is only a whenChanged held */
        if (v.ndir == 0 || token_from_times(id, since->v, true, &v, r->arena, &nmaybe) != 0)
            return;
    } else {
        v.ntok = eval_account_sids(ev, r, true, &v.tok, &v.domain);
    }
    struct lack lk;
    const struct finding_def *def = &defs[0];
    if (!judge(ev, t, &v, true, r, &lk)) {
        /* then without them: lacking only so, the token may hold them */
        if (!since || nmaybe == 0)
            return;
        struct views w = v;
        if (token_from_times(id, since->v, false, &w, r->arena, NULL) != 0 ||
            !judge(ev, t, &w, false, r, &lk))
            return;
        def = &defs[1];
    }

    struct finding *fd = result_add(r, ev, def);
    finding_evidence(r, fd, "account", "%s", eval_account_label(ev));
    if (lk.rights) {
        finding_evidence(r, fd, "template", "%s", t->name.v);
        finding_evidence_rights(r, fd, "right", lk.rights);
    }
    if (lk.cas)
        finding_evidence(r, fd, "ca", "%s", lk.cas);
    if (lk.groups)
        finding_evidence(r, fd, "group", "%s", lk.groups);
    if (since)
        time_evidence(ev, id, since, lk.groups, r, fd);
    if (def == &defs[1])
        finding_evidence(r, fd, "confirm", "%s",
                         ev->ctx == CTX_MACHINE ? "gpresult /R /Scope:Computer" : "whoami /groups");
}

const struct check check_token = {
    .id = "token",
    .defs = defs,
    .ndefs = sizeof(defs) / sizeof(defs[0]),
    .run = run,
    .needs = FACTS_BIT(FACTS_IDENTITY) | FACTS_BIT(FACTS_DIRECTORY) | FACTS_BIT(FACTS_SESSION),
};
