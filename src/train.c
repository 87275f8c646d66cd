/* train.c: the training engine (see train.h). It drives a walk (src/walk.c)
 * on the scenario's facts and, before each step's real result is shown,
 * builds the decision the trainee has to take from the tree and the check
 * registry. */
#include "train.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "import.h"
#include "platform/platform.h"
#include "report.h"
#include "term.h"
#include "util.h"

#define NONE ((size_t)-1)

/* The generated table (cmake/embed_dir.cmake from checks/training/). */
extern const struct train_builtin train_builtin_table[];
extern const size_t train_builtin_count;

struct train {
    struct arena arena;
    const struct tree *t;
    struct facts *f;
    bool own;
    const char *id;
    const char *name;             /* shown when the scenario has no title: its file's name */
    struct session s;
    bool walking;
    struct diagnosis *d;
    size_t ndec, capdec;
    struct train_decision *dec;
    size_t cur;                   /* index into dec of the current step's decision, or NONE */
    enum train_phase phase;
};

/* ---- the built-in scenarios ---- */

const struct train_builtin *train_builtins(size_t *n)
{
    *n = train_builtin_count;
    return train_builtin_table;
}

const struct train_builtin *train_builtin_find(const char *id)
{
    for (size_t i = 0; id && i < train_builtin_count; i++)
        if (strcmp(train_builtin_table[i].id, id) == 0)
            return &train_builtin_table[i];
    return NULL;
}

/* ---- helpers ---- */

/* FNV-1a over A and B: a stable shuffle key. */
static uint32_t hash2(const char *a, const char *b)
{
    uint32_t h = 2166136261u;
    for (const char *p = a; p && *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    h = (h ^ 0x1fu) * 16777619u;
    for (const char *p = b; p && *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    return h;
}

static bool check_reported(const struct check_result *r, const char *fid)
{
    for (size_t i = 0; r && i < r->nfindings; i++)
        if (strcmp(r->findings[i].def->id, fid) == 0)
            return true;
    return false;
}

static bool has_choice(const struct train_decision *d, const char *id)
{
    for (size_t i = 0; i < d->nchoices; i++)
        if (strcmp(d->choices[i].id, id) == 0)
            return true;
    return false;
}

static void add_choice(struct train_decision *d, const char *id, bool right)
{
    if (d->nchoices >= TRAIN_MAX_CHOICES || has_choice(d, id))
        return;
    d->choices[d->nchoices].id = id;
    d->choices[d->nchoices].node = NULL;
    d->choices[d->nchoices].right = right;
    d->choices[d->nchoices].tried = false;
    d->nchoices++;
}

/* Orders the choices by a stable hash of the node and the choice, so that
 * the answer is not always first, and sets d->answer. */
static void shuffle(struct train_decision *d, const char *answer_id)
{
    for (size_t i = 1; i < d->nchoices; i++)
        for (size_t j = i; j > 0; j--) {
            uint32_t a = hash2(d->node->id, d->choices[j - 1].id);
            uint32_t b = hash2(d->node->id, d->choices[j].id);
            if (a <= b)
                break;
            struct train_choice tmp = d->choices[j - 1];
            d->choices[j - 1] = d->choices[j];
            d->choices[j] = tmp;
        }
    d->answer = 0;
    for (size_t i = 0; i < d->nchoices; i++)
        if (strcmp(d->choices[i].id, answer_id) == 0)
            d->answer = i;
}

/* ---- building decisions ---- */

/* TRAIN_OUTCOME at check node N with result R. */
static void build_outcome(const struct train *t, struct train_decision *d, const struct node *n,
                          const struct session_step *st)
{
    const struct check_result *r = st->result;
    const struct check *c = n->check;
    const char *answer;
    if (st->status == STEP_UNKNOWN)
        answer = "unknown";
    else if (st->finding)
        answer = st->finding->def->id;
    else if (r && r->nfindings)
        answer = r->findings[0].def->id;
    else
        answer = "ok";
    add_choice(d, answer, true);
    /* Plausible others: a finding of the same check that it did not report,
       OK (when the answer is not OK), more of the same check, then findings
       of the other checks of the same branch. */
    const char *pool[64];
    size_t np = 0;
    size_t start = c->ndefs ? hash2(n->id, "defs") % c->ndefs : 0;
    const char *same[16];
    size_t nsame = 0;
    for (size_t k = 0; k < c->ndefs && nsame < 16; k++) {
        const char *fid = c->defs[(start + k) % c->ndefs].id;
        if (!check_reported(r, fid) && strcmp(fid, answer) != 0)
            same[nsame++] = fid;
    }
    if (nsame)
        pool[np++] = same[0];
    if (strcmp(answer, "ok") != 0)
        pool[np++] = "ok";
    for (size_t k = 1; k < nsame && np < 64; k++)
        pool[np++] = same[k];
    size_t tstart = hash2(n->id, "branch") % (t->t->n ? t->t->n : 1);
    for (size_t k = 0; k < t->t->n && np < 64; k++) {
        const struct node *o = &t->t->nodes[(tstart + k) % t->t->n];
        if (o->kind != NODE_CHECK || o->check == c || strcmp(o->branch, n->branch) != 0)
            continue;
        for (size_t j = 0; j < o->check->ndefs && np < 64; j++)
            pool[np++] = o->check->defs[j].id;
    }
    for (size_t k = 0; k < np && d->nchoices < 3; k++)
        if (!check_reported(r, pool[k]))
            add_choice(d, pool[k], false);
    /* every finding the check reported counts as right */
    for (size_t i = 0; i < d->nchoices; i++)
        if (check_reported(r, d->choices[i].id))
            d->choices[i].right = true;
    shuffle(d, answer);
}

/* The first check node reached from info node N through info nodes, or NULL. */
static const struct node *next_check(const struct tree *t, const struct node *n)
{
    for (size_t guard = 0; n && n->kind == NODE_INFO && guard < t->n; guard++)
        n = n->next < t->n ? &t->nodes[n->next] : NULL;
    return n && n->kind == NODE_CHECK ? n : NULL;
}

/* Whether node N lies on diagnose's walk after its step index FROM. */
static bool on_path_after(const struct diagnosis *d, const struct node *n, const struct node *from)
{
    bool seen = false;
    for (size_t i = 0; d && i < d->nsteps; i++) {
        if (d->steps[i].node == from)
            seen = true;
        else if (seen && d->steps[i].node == n)
            return true;
    }
    return false;
}

static bool same_check_choice(const struct tree *t, const struct train_decision *d,
                              const struct node *o)
{
    for (size_t i = 0; i < d->nchoices; i++) {
        size_t k = tree_find(t, d->choices[i].id);
        if (k != NONE && t->nodes[k].check == o->check)
            return true;
    }
    return false;
}

/* TRAIN_NEXT at info node N, whose walk goes on to TARGET. */
static void build_next(const struct train *t, struct train_decision *d, const struct node *n,
                       const struct node *target)
{
    const struct tree *tr = t->t;
    d->target = target;
    add_choice(d, target->id, true);
    /* 1: the check that follows the target when it is fine (it comes later) */
    size_t later = target->on[ST_OK];
    if (later < tr->n && tr->nodes[later].kind == NODE_CHECK &&
        !same_check_choice(tr, d, &tr->nodes[later]))
        add_choice(d, tr->nodes[later].id, false);
    /* 2: the first check of another part of the walk */
    size_t start = hash2(n->id, "next") % tr->n;
    for (size_t k = 0; k < tr->n && d->nchoices < 3; k++) {
        const struct node *o = &tr->nodes[(start + k) % tr->n];
        if (o->kind != NODE_CHECK || strcmp(o->branch, target->branch) == 0 ||
            same_check_choice(tr, d, o))
            continue;
        /* only the first check of its branch: the one an info node leads to */
        bool first = false;
        for (size_t j = 0; j < tr->n && !first; j++)
            first = tr->nodes[j].kind == NODE_INFO && next_check(tr, &tr->nodes[j]) == o;
        if (first)
            add_choice(d, o->id, false);
    }
    /* 3: any other check, should the tree be small */
    for (size_t k = 0; k < tr->n && d->nchoices < 3; k++) {
        const struct node *o = &tr->nodes[(start + k) % tr->n];
        if (o->kind == NODE_CHECK && !same_check_choice(tr, d, o))
            add_choice(d, o->id, false);
    }
    for (size_t i = 0; i < d->nchoices; i++) {
        size_t k = tree_find(tr, d->choices[i].id);
        d->choices[i].node = k != NONE ? &tr->nodes[k] : NULL;
    }
    shuffle(d, target->id);
}

/* TRAIN_QUESTION at question node N. */
static void build_question(const struct train *t, struct train_decision *d, const struct node *n)
{
    const char *right = session_default_choice(&t->s, n);
    for (size_t c = 0; c < n->nchoices; c++)
        add_choice(d, n->choices[c].id, !right || strcmp(n->choices[c].id, right) == 0);
    d->answer = 0;
    for (size_t i = 0; i < d->nchoices; i++)
        if (d->choices[i].right) {
            d->answer = i;
            break;
        }
}

static struct train_decision *new_decision(struct train *t)
{
    if (t->ndec == t->capdec) {
        size_t cap = t->capdec ? t->capdec * 2 : 32;
        struct train_decision *nd = arena_calloc(&t->arena, cap, sizeof(*nd));
        if (!nd)
            return NULL;
        if (t->ndec)
            memcpy(nd, t->dec, t->ndec * sizeof(*nd));
        t->dec = nd;
        t->capdec = cap;
    }
    struct train_decision *d = &t->dec[t->ndec];
    memset(d, 0, sizeof(*d));
    return d;
}

/* Sets up the current step: its decision, or the phase without one. */
static int enter_step(struct train *t)
{
    const struct session_step *st = session_current(&t->s);
    const struct node *n = session_node(&t->s, st);
    t->cur = NONE;
    if (n->kind == NODE_CONCLUSION) {
        t->phase = TRAIN_END;
        return 1;
    }
    const struct node *target = n->kind == NODE_INFO ? next_check(t->t, n) : NULL;
    if (n->kind == NODE_INFO && !target) {
        t->phase = TRAIN_SHOW;
        return 0;
    }
    struct train_decision *d = new_decision(t);
    if (!d)
        return -1;
    d->node = n;
    d->step = t->s.nsteps;
    switch (n->kind) {
    case NODE_CHECK:
        d->kind = TRAIN_OUTCOME;
        build_outcome(t, d, n, st);
        break;
    case NODE_INFO:
        d->kind = TRAIN_NEXT;
        build_next(t, d, n, target);
        break;
    case NODE_QUESTION:
        d->kind = TRAIN_QUESTION;
        build_question(t, d, n);
        break;
    case NODE_CONCLUSION:
        break;
    }
    size_t nright = 0;
    for (size_t i = 0; i < d->nchoices; i++)
        nright += d->choices[i].right;
    d->scored = nright < d->nchoices;
    t->cur = t->ndec++;
    t->phase = TRAIN_DECIDE;
    return 0;
}

/* ---- lifecycle ---- */

int train_begin(struct train **out, const struct tree *tr, struct facts *f, bool own,
                const char *id, const char *name, int64_t now, struct err *e)
{
    *out = NULL;
    struct train *t = calloc(1, sizeof(*t));
    if (!t) {
        if (own)
            facts_free(f);
        err_set(e, "error.memory");
        return err_arg(e, "file", "%s", "-");
    }
    t->t = tr;
    t->f = f;
    t->own = own;
    t->cur = NONE;
    if ((id && !(t->id = arena_strdup(&t->arena, id))) ||
        (name && !(t->name = arena_strdup(&t->arena, name))))
        goto oom;
    /* the shortest path: the walk diagnose takes on these facts */
    if (session_diagnose_facts(f, tr, CTX_NONE, NULL, now, &t->d, e) != 0) {
        train_free(t);
        return -1;
    }
    struct session_start so = {.t = tr, .f = f, .now = now, .source = id ? id : "training"};
    if (session_begin(&t->s, &so, e) != 0) {
        train_free(t);
        return -1;
    }
    t->walking = true;
    if (enter_step(t) < 0)
        goto oom;
    *out = t;
    return 0;
oom:
    train_free(t);
    err_set(e, "error.memory");
    return err_arg(e, "file", "%s", "-");
}

int train_begin_builtin(struct train **out, const struct tree *t, const char *id, int64_t now,
                        struct err *e)
{
    *out = NULL;
    const struct train_builtin *b = train_builtin_find(id);
    if (!b) {
        err_set(e, "error.train.unknown");
        return err_arg(e, "id", "%s", id ? id : "");
    }
    struct facts *f = NULL;
    if (bundle_parse(b->id, (const char *)b->data, b->len, &f, e) != 0)
        return -1;
    return train_begin(out, t, f, true, b->id, b->id, now, e);
}

int train_begin_facts(struct train **out, const struct tree *t, struct facts *f, bool own,
                      const char *path, int64_t now, struct err *e)
{
    /* the file's name, without its folders */
    const char *name = path ? path : "";
    for (const char *p = name; *p; p++)
        if (*p == '/' || *p == '\\')
            name = p + 1;
    return train_begin(out, t, f, own, NULL, name, now, e);
}

int train_begin_file(struct train **out, const struct tree *t, const char *path, int64_t now,
                     struct err *e)
{
    *out = NULL;
    /* a trainer's bundle, or any file `import` reads */
    struct import_result r;
    if (import_files(&path, 1, NULL, LANG_EN, &r, e) != 0)
        return -1;
    struct facts *f = r.f;
    r.f = NULL;
    import_result_free(&r);
    return train_begin_facts(out, t, f, true, path, now, e);
}

void train_free(struct train *t)
{
    if (!t)
        return;
    if (t->walking)
        session_free(&t->s);
    diagnosis_free(t->d);
    if (t->own)
        facts_free(t->f);
    arena_free(&t->arena);
    free(t);
}

/* ---- state ---- */

const char *train_title(const struct train *t, const struct locale *l)
{
    const char *s = bundle_meta_text(&t->f->meta.title, &t->f->meta.title_de, l->lang);
    return s && s[0] ? s : t->name ? t->name : "";
}

const char *train_story(const struct train *t, const struct locale *l)
{
    const char *s = bundle_meta_text(&t->f->meta.description, &t->f->meta.description_de, l->lang);
    return s ? s : "";
}

const char *train_builtin_text(const struct train_builtin *b, enum lang lang, bool story, char *buf,
                               size_t size)
{
    struct facts *f = NULL;
    struct err e;
    const char *s = NULL;
    if (bundle_parse(b->id, (const char *)b->data, b->len, &f, &e) == 0)
        s = story ? bundle_meta_text(&f->meta.description, &f->meta.description_de, lang)
                  : bundle_meta_text(&f->meta.title, &f->meta.title_de, lang);
    snprintf(buf, size, "%s", s && s[0] ? s : story ? "" : b->id);
    facts_free(f);
    return buf;
}

const char *train_id(const struct train *t)
{
    return t->id;
}

struct facts *train_facts(struct train *t)
{
    return t->f;
}

enum train_phase train_phase(const struct train *t)
{
    return t->phase;
}

const struct session *train_walk(const struct train *t)
{
    return &t->s;
}

const struct session_step *train_step(const struct train *t)
{
    return session_current(&t->s);
}

const struct node *train_node(const struct train *t)
{
    return session_node(&t->s, session_current(&t->s));
}

const struct train_decision *train_current(const struct train *t)
{
    return t->cur == NONE ? NULL : &t->dec[t->cur];
}

size_t train_ndecisions(const struct train *t)
{
    return t->ndec;
}

const struct train_decision *train_decision_at(const struct train *t, size_t i)
{
    return i < t->ndec ? &t->dec[i] : NULL;
}

const struct diagnosis *train_diagnosis(const struct train *t)
{
    return t->d;
}

/* ---- moving ---- */

/* The decision is resolved: a check shows its result; the others move on. */
static int resolved(struct train *t, struct train_decision *d, size_t i)
{
    d->resolved = true;
    if (d->kind == TRAIN_OUTCOME) {
        t->phase = TRAIN_RESULT;
        return 0;
    }
    int rc = session_advance(&t->s, d->kind == TRAIN_QUESTION ? d->choices[i].id : NULL);
    if (rc < 0)
        return -1;
    return enter_step(t) < 0 ? -1 : 0;
}

int train_choose(struct train *t, size_t i)
{
    if (t->phase != TRAIN_DECIDE || t->cur == NONE)
        return -1;
    struct train_decision *d = &t->dec[t->cur];
    if (i >= d->nchoices || d->choices[i].tried || d->resolved)
        return -1;
    if (!d->choices[i].right) {
        d->choices[i].tried = true;
        if (d->wrong < TRAIN_MAX_CHOICES)
            d->order[d->wrong] = i;
        d->wrong++;
        return 0;
    }
    return resolved(t, d, i) < 0 ? -1 : 1;
}

int train_reveal(struct train *t)
{
    if (t->phase != TRAIN_DECIDE || t->cur == NONE)
        return -1;
    struct train_decision *d = &t->dec[t->cur];
    d->revealed = true;
    return resolved(t, d, d->answer);
}

int train_continue(struct train *t)
{
    if (t->phase != TRAIN_SHOW && t->phase != TRAIN_RESULT)
        return -1;
    if (session_advance(&t->s, NULL) != 0)
        return -1;
    return enter_step(t);
}

int train_back(struct train *t)
{
    size_t here = t->cur != NONE ? t->cur : t->ndec;
    if (here == 0)
        return 1;
    size_t k = here - 1;
    struct train_decision *d = &t->dec[k];
    while (t->s.nsteps > d->step && session_back(&t->s) == 0)
        ;
    t->ndec = k + 1;
    t->cur = k;
    if (d->kind == TRAIN_OUTCOME) {
        t->phase = TRAIN_RESULT;
    } else {
        d->resolved = false;
        t->phase = TRAIN_DECIDE;
    }
    return 0;
}

void train_score(const struct train *t, struct train_score *s)
{
    memset(s, 0, sizeof(*s));
    for (size_t i = 0; i < t->ndec; i++) {
        const struct train_decision *d = &t->dec[i];
        s->wrong += d->wrong;
        if (!d->scored || !(d->resolved || d->wrong))
            continue;
        s->decisions++;
        if (d->resolved && d->wrong == 0 && !d->revealed)
            s->first_try++;
        if (d->revealed)
            s->revealed++;
    }
    for (size_t i = 0; t->d && i < t->d->nsteps; i++)
        if (t->d->steps[i].node->kind == NODE_CHECK)
            s->shortest++;
    for (size_t i = 0; i < t->s.nsteps; i++)
        if (t->t->nodes[t->s.steps[i].node].kind == NODE_CHECK)
            s->walked++;
    s->taken = s->walked + s->wrong;
    s->percent = s->decisions ? (unsigned)((s->first_try * 100 + s->decisions / 2) / s->decisions)
                              : 100u;
}

/* ---- texts ---- */

const char *train_prompt(const struct train_decision *d, const struct locale *l)
{
    char key[160];
    switch (d->kind) {
    case TRAIN_OUTCOME: return tr(l, "train.ui.ask.outcome");
    case TRAIN_NEXT: return tr(l, "train.ui.ask.next");
    case TRAIN_QUESTION: return trf(l, key, sizeof(key), "question.%s.text", d->node->question);
    }
    return "";
}

const char *train_choice_label(const struct train_decision *d, size_t i, const struct locale *l)
{
    char key[200];
    const char *id = d->choices[i].id;
    switch (d->kind) {
    case TRAIN_OUTCOME:
        if (strcmp(id, "ok") == 0)
            return tr(l, "train.ui.choice.ok");
        if (strcmp(id, "unknown") == 0)
            return tr(l, "train.ui.choice.unknown");
        return trf(l, key, sizeof(key), "finding.%s.title", id);
    case TRAIN_NEXT:
        return trf(l, key, sizeof(key), "node.%s.title", id);
    case TRAIN_QUESTION:
        return trf(l, key, sizeof(key), "question.%s.%s", d->node->question, id);
    }
    return id;
}

const char *train_choice_meaning(const struct train_decision *d, size_t i, const struct locale *l)
{
    char key[200];
    const char *id = d->choices[i].id;
    switch (d->kind) {
    case TRAIN_OUTCOME:
        if (strcmp(id, "ok") == 0)
            return trf(l, key, sizeof(key), "check.%s.ok", d->node->check->id);
        if (strcmp(id, "unknown") == 0)
            return trf(l, key, sizeof(key), "check.%s.unknown", d->node->check->id);
        return trf(l, key, sizeof(key), "finding.%s.meaning", id);
    case TRAIN_NEXT:
        return d->choices[i].node
                   ? trf(l, key, sizeof(key), "check.%s.why", d->choices[i].node->check->id)
                   : NULL;
    case TRAIN_QUESTION:
        return NULL;
    }
    return NULL;
}

const char *train_choice_relation(const struct train *t, const struct train_decision *d, size_t i,
                                  const struct locale *l, char *buf, size_t size)
{
    if (d->choices[i].right)
        return NULL;
    switch (d->kind) {
    case TRAIN_OUTCOME:
        return NULL;
    case TRAIN_QUESTION:
        return tr(l, "train.ui.question.wrong");
    case TRAIN_NEXT: {
        size_t k = tree_find(t->t, d->choices[i].id);
        if (k == NONE)
            return NULL;
        const struct node *o = &t->t->nodes[k];
        const char *rel;
        const char *names[] = {"branch"};
        const char *values[1] = {NULL};
        if (on_path_after(t->d, o, d->target))
            rel = tr(l, "train.ui.next.later");
        else if (strcmp(o->branch, d->node->branch) != 0) {
            char bkey[64];
            values[0] = trf(l, bkey, sizeof(bkey), "branch.%s", o->branch);
            rel = tr(l, "train.ui.next.branch");
        } else
            rel = tr(l, "train.ui.next.elsewhere");
        if (!values[0])
            values[0] = "";
        return fill(buf, size, rel, names, values, 1);
    }
    }
    return NULL;
}

/* ---- the debrief as Markdown ---- */

/* Writes TEXT with Markdown's special characters at line starts defused. */
static void md_text(FILE *out, const char *s)
{
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if ((c < 0x20 && c != '\n' && c != '\t') || c >= 0x7F) {
            /* a character a terminal might obey shown escaped (its
             * backslash escaped for Markdown), any other one as it is */
            size_t len = utf8_seq_len((const unsigned char *)p, strlen(p));
            char e[16];
            term_escape(e, sizeof(e), p, len ? len : 1, 0);
            if (e[0] == '\\')
                fputc('\\', out);
            fputs(e, out);
            p += (len ? len : 1) - 1;
            continue;
        }
        if (*p == '*' || *p == '_' || *p == '`' || *p == '[' || *p == ']' || *p == '<' ||
            *p == '>' || *p == '#' || *p == '|' || *p == '\\')
            fputc('\\', out);
        fputc(*p, out);
    }
}

static void md_line(FILE *out, const char *prefix, const char *s)
{
    fputs(prefix, out);
    md_text(out, s);
    fputc('\n', out);
}

static const char *num(char *buf, size_t size, size_t v)
{
    snprintf(buf, size, "%zu", v);
    return buf;
}

int train_write_markdown(const struct train *t, const struct locale *l, int64_t now,
                         const char *user, FILE *out)
{
    char buf[2048], key[200], n1[24], n2[24], n3[24];
    struct train_score s;
    train_score(t, &s);
    fprintf(out, "# ");
    md_text(out, tr(l, "train.ui.debrief.title"));
    fprintf(out, ": ");
    md_text(out, train_title(t, l));
    fprintf(out, "\n\n");
    const char *story = train_story(t, l);
    if (story[0]) {
        md_line(out, "> ", story);
        fputc('\n', out);
    }
    {
        const char *names[] = {"right", "total", "percent"};
        char pc[16];
        snprintf(pc, sizeof(pc), "%u", s.percent);
        const char *values[] = {num(n1, sizeof(n1), s.first_try), num(n2, sizeof(n2), s.decisions), pc};
        md_line(out, "- ", fill(buf, sizeof(buf), tr(l, "train.ui.debrief.score"), names, values, 3));
    }
    {
        const char *names[] = {"taken", "shortest", "wrong"};
        const char *values[] = {num(n1, sizeof(n1), s.taken), num(n2, sizeof(n2), s.shortest),
                                num(n3, sizeof(n3), s.wrong)};
        md_line(out, "- ", fill(buf, sizeof(buf), tr(l, "train.ui.debrief.path"), names, values, 3));
    }
    fputc('\n', out);
    fprintf(out, "## ");
    md_text(out, tr(l, "train.ui.debrief.decisions"));
    fprintf(out, "\n\n");
    size_t k = 0;
    for (size_t i = 0; i < t->ndec; i++) {
        const struct train_decision *d = &t->dec[i];
        if (!d->scored || !(d->resolved || d->wrong))
            continue;
        k++;
        const char *mark = d->resolved && !d->wrong && !d->revealed ? "✓" : "✗";
        fprintf(out, "%zu. %s ", k, mark);
        const char *where = d->kind == TRAIN_QUESTION ? train_prompt(d, l)
                                                      : trf(l, key, sizeof(key), "node.%s.title",
                                                            d->kind == TRAIN_NEXT ? d->target->id
                                                                                  : d->node->id);
        if (d->kind == TRAIN_NEXT)
            md_text(out, tr(l, "train.ui.ask.next"));
        else
            md_text(out, where);
        fprintf(out, " → **");
        md_text(out, train_choice_label(d, d->answer, l));
        fprintf(out, "**\n");
        for (unsigned w = 0; w < d->wrong && w < TRAIN_MAX_CHOICES; w++) {
            size_t ci = d->order[w];
            fprintf(out, "   - ");
            md_text(out, tr(l, "train.ui.debrief.chosen"));
            fprintf(out, " ");
            md_text(out, train_choice_label(d, ci, l));
            const char *m = train_choice_meaning(d, ci, l);
            const char *rel = train_choice_relation(t, d, ci, l, buf, sizeof(buf));
            if (m) {
                fprintf(out, ": ");
                md_text(out, m);
            }
            if (rel) {
                fprintf(out, " ");
                md_text(out, rel);
            }
            fputc('\n', out);
        }
        if (d->revealed) {
            fprintf(out, "   - ");
            md_text(out, tr(l, "train.ui.debrief.revealed"));
            fputc('\n', out);
        }
    }
    if (k == 0)
        md_line(out, "", tr(l, "train.ui.debrief.none"));
    fputc('\n', out);
    fprintf(out, "## ");
    md_text(out, tr(l, "train.ui.debrief.shortest"));
    fprintf(out, "\n\n");
    k = 0;
    for (size_t i = 0; t->d && i < t->d->nsteps; i++) {
        const struct diag_step *ds = &t->d->steps[i];
        if (ds->node->kind != NODE_CHECK && ds->node->kind != NODE_CONCLUSION)
            continue;
        fprintf(out, "%zu. ", ++k);
        md_text(out, trf(l, key, sizeof(key), "node.%s.title", ds->node->id));
        if (ds->node->kind == NODE_CHECK) {
            fprintf(out, " (");
            md_text(out, trf(l, key, sizeof(key), "status.%s", step_status_name(ds->status)));
            if (ds->finding) {
                fprintf(out, ": ");
                md_text(out, trf(l, key, sizeof(key), "finding.%s.title", ds->finding->def->id));
            }
            fputc(')', out);
        }
        fputc('\n', out);
    }
    fputc('\n', out);
    /* the report of the walk: findings with their explanations */
    struct diagnosis *d = NULL;
    struct err e;
    if (session_diagnose(&t->s, &d, &e) != 0)
        return -1;
    struct report_origin o = {.bundle = t->id ? t->id : "training", .generated_at = now,
                              .user = user, .host = NULL};
    struct report *r = NULL;
    int rc = -1;
    if (report_from_walk(&t->s, d, &o, &r, &e) == 0) {
        r->title = train_title(t, l);
        rc = report_write_markdown(r, l, out);
    }
    report_free(r);
    diagnosis_free(d);
    if (ferror(out))
        rc = -1;
    return rc;
}

int train_save(const struct train *t, const struct locale *l, const char *dir, int64_t now,
               const char *user, char *path, size_t size, struct err *e)
{
    char stamp[40], name[96];
    time_format_iso(now, stamp, sizeof(stamp));
    size_t k = 0;
    const char *id = t->id ? t->id : "file";
    for (const char *p = id; *p && k + 1 < sizeof(name); p++)
        name[k++] = ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                     (*p >= '0' && *p <= '9') || *p == '-' || *p == '_')
                        ? *p
                        : '_';
    name[k] = '\0';
    platform_mkdirs(dir);
    snprintf(path, size, "%s%ctraining_%s_%.4s%.2s%.2s-%.2s%.2s%.2s.md", dir, platform_dir_sep(),
             name, stamp, stamp + 5, stamp + 8, stamp + 11, stamp + 14, stamp + 17);
    FILE *out = file_create_unique(path, size, "error.report.write", e);
    if (!out)
        return -1;
    int rc = train_write_markdown(t, l, now, user, out);
    if (file_close_created(out, path, rc, true) != 0) {
        err_set(e, "error.report.write");
        err_arg(e, "file", "%s", path);
        return err_arg(e, "reason", "%s", "@report.error.incomplete");
    }
    return 0;
}
