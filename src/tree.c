/* tree.c: loading and validating the decision tree. */
#include "tree.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "jsonutil.h"
#include "util.h"

#define TREE_FORMAT "enrolldoc-tree/1"
#define NONE ((size_t)-1)

extern const unsigned char tree_json[];
extern const size_t tree_json_len;

static const char *const kinds[] = {"info", "question", "check", "conclusion"};
static const char *const branches[] = {"-", "A", "B", "C", "CES", "LOG"};

struct tl {
    const char *file;
    struct tree *t;
    struct err *e;
    struct jpath path;
};

static int terr(struct tl *L, const char *reason, const char *value)
{
    err_set(L->e, "error.tree");
    err_arg(L->e, "file", "%s", L->file);
    err_arg(L->e, "path", "%s", jpath_str(&L->path));
    err_arg(L->e, "reason", "@%s", reason);
    return err_arg(L->e, "value", "%.120s", value ? value : "");
}

static const char *get_str(struct tl *L, const cJSON *o, const char *key, bool required,
                           int *rc)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v) {
        if (required) {
            size_t old = jpath_key(&L->path, key);
            *rc = terr(L, "tree.reason.missing", key);
            (void)old;
        }
        return NULL;
    }
    if (!cJSON_IsString(v) || v->valuestring[0] == '\0') {
        jpath_key(&L->path, key);
        *rc = terr(L, "tree.reason.string", json_type_name(v));
        return NULL;
    }
    const char *s = arena_strdup(&L->t->arena, v->valuestring);
    if (!s) {
        err_set(L->e, "error.memory");
        *rc = err_arg(L->e, "file", "%s", L->file);
    }
    return s;
}

static int one_of(const char *s, const char *const *set, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, set[i]) == 0)
            return (int)i;
    return -1;
}

static int rd_actions(struct tl *L, const cJSON *o, struct node *nd)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, "actions");
    if (!a)
        return 0;
    size_t old = jpath_key(&L->path, "actions");
    if (!cJSON_IsArray(a))
        return terr(L, "tree.reason.array", json_type_name(a));
    const cJSON *it;
    size_t i = 0, base = L->path.len;
    cJSON_ArrayForEach(it, a)
    {
        jpath_index(&L->path, i++);
        if (!cJSON_IsString(it))
            return terr(L, "tree.reason.string", json_type_name(it));
        const struct action_def *ad = action_find(it->valuestring);
        if (!ad)
            return terr(L, "tree.reason.unknown-action", it->valuestring);
        if (nd->nactions >= NODE_MAX_ACTIONS)
            return terr(L, "tree.reason.too-many", it->valuestring);
        nd->actions[nd->nactions++] = ad->id;
        jpath_pop(&L->path, base);
    }
    jpath_pop(&L->path, old);
    return 0;
}

static int rd_node(struct tl *L, const cJSON *o, struct node *nd)
{
    int rc = 0;
    if (!cJSON_IsObject(o))
        return terr(L, "tree.reason.object", json_type_name(o));
    nd->id = get_str(L, o, "id", true, &rc);
    if (rc)
        return rc;
    const char *kind = get_str(L, o, "kind", true, &rc);
    if (rc)
        return rc;
    int k = one_of(kind, kinds, 4);
    if (k < 0) {
        jpath_key(&L->path, "kind");
        return terr(L, "tree.reason.kind", kind);
    }
    nd->kind = (enum node_kind)k;
    nd->branch = get_str(L, o, "branch", true, &rc);
    if (rc)
        return rc;
    if (one_of(nd->branch, branches, 6) < 0) {
        jpath_key(&L->path, "branch");
        return terr(L, "tree.reason.branch", nd->branch);
    }
    nd->next = NONE;
    for (int s = 0; s < 4; s++)
        nd->on[s] = NONE;
    switch (nd->kind) {
    case NODE_INFO:
        nd->next_id = get_str(L, o, "next", true, &rc);
        break;
    case NODE_CONCLUSION:
        break;
    case NODE_QUESTION: {
        nd->question = get_str(L, o, "question", true, &rc);
        if (rc)
            return rc;
        const cJSON *ch = cJSON_GetObjectItemCaseSensitive(o, "choices");
        size_t old = jpath_key(&L->path, "choices");
        if (!cJSON_IsArray(ch) || cJSON_GetArraySize(ch) < 1)
            return terr(L, "tree.reason.choices", json_type_name(ch));
        nd->nchoices = (size_t)cJSON_GetArraySize(ch);
        if (nd->nchoices > 32)
            return terr(L, "tree.reason.too-many", "choices");
        nd->choices = arena_calloc(&L->t->arena, nd->nchoices, sizeof(*nd->choices));
        if (!nd->choices)
            return terr(L, "tree.reason.memory", "");
        const cJSON *it;
        size_t i = 0;
        cJSON_ArrayForEach(it, ch)
        {
            size_t o2 = jpath_index(&L->path, i);
            if (!cJSON_IsObject(it))
                return terr(L, "tree.reason.object", json_type_name(it));
            nd->choices[i].id = get_str(L, it, "id", true, &rc);
            if (rc)
                return rc;
            nd->choices[i].next_id = get_str(L, it, "next", true, &rc);
            if (rc)
                return rc;
            for (size_t j = 0; j < i; j++)
                if (strcmp(nd->choices[j].id, nd->choices[i].id) == 0)
                    return terr(L, "tree.reason.duplicate", nd->choices[i].id);
            jpath_pop(&L->path, o2);
            i++;
        }
        jpath_pop(&L->path, old);
        break;
    }
    case NODE_CHECK: {
        const char *cid = get_str(L, o, "check", true, &rc);
        if (rc)
            return rc;
        nd->check = check_find(cid);
        if (!nd->check) {
            jpath_key(&L->path, "check");
            return terr(L, "tree.reason.unknown-check", cid);
        }
        const cJSON *on = cJSON_GetObjectItemCaseSensitive(o, "on");
        size_t old = jpath_key(&L->path, "on");
        if (!cJSON_IsObject(on))
            return terr(L, "tree.reason.object", json_type_name(on));
        for (int s = 0; s < 4; s++) {
            nd->on_id[s] = get_str(L, on, status_name((enum status)s), true, &rc);
            if (rc)
                return rc;
        }
        static const char *const statuses[] = {"ok", "warn", "fail", "unknown"};
        const cJSON *it;
        cJSON_ArrayForEach(it, on)
        {
            if (one_of(it->string, statuses, 4) < 0)
                return terr(L, "tree.reason.status", it->string);
        }
        jpath_pop(&L->path, old);
        const cJSON *fb = cJSON_GetObjectItemCaseSensitive(o, "on_finding");
        if (fb) {
            old = jpath_key(&L->path, "on_finding");
            if (!cJSON_IsObject(fb))
                return terr(L, "tree.reason.object", json_type_name(fb));
            nd->nfbranches = (size_t)cJSON_GetArraySize(fb);
            if (nd->nfbranches > 32)
                return terr(L, "tree.reason.too-many", "on_finding");
            nd->fbranches = arena_calloc(&L->t->arena, nd->nfbranches ? nd->nfbranches : 1,
                                         sizeof(*nd->fbranches));
            if (!nd->fbranches)
                return terr(L, "tree.reason.memory", "");
            size_t i = 0;
            cJSON_ArrayForEach(it, fb)
            {
                size_t o2 = jpath_key(&L->path, it->string);
                bool own = false;
                for (size_t d = 0; d < nd->check->ndefs; d++)
                    if (strcmp(nd->check->defs[d].id, it->string) == 0)
                        own = true;
                if (!own)
                    return terr(L, "tree.reason.unknown-finding", it->string);
                if (!cJSON_IsString(it))
                    return terr(L, "tree.reason.string", json_type_name(it));
                nd->fbranches[i].finding = arena_strdup(&L->t->arena, it->string);
                nd->fbranches[i].next_id = arena_strdup(&L->t->arena, it->valuestring);
                if (!nd->fbranches[i].finding || !nd->fbranches[i].next_id)
                    return terr(L, "tree.reason.memory", "");
                jpath_pop(&L->path, o2);
                i++;
            }
            jpath_pop(&L->path, old);
        }
        break;
    }
    }
    if (rc)
        return rc;
    return rd_actions(L, o, nd);
}

static int cmp_id(const void *a, const void *b)
{
    return strcmp(((const struct tree_key *)a)->id, ((const struct tree_key *)b)->id);
}

/* By id, then by node index: equal ids stay in file order. */
static int cmp_key(const void *a, const void *b)
{
    int c = cmp_id(a, b);
    if (c != 0)
        return c;
    size_t x = ((const struct tree_key *)a)->node, y = ((const struct tree_key *)b)->node;
    return x < y ? -1 : (x > y ? 1 : 0);
}

/* Fills t->byid with the ids of the first M nodes, sorted. Returns the
 * lowest index of a node whose id an earlier node already has, or NONE. */
static size_t index_ids(struct tree *t, size_t m)
{
    for (size_t i = 0; i < m; i++) {
        t->byid[i].id = t->nodes[i].id;
        t->byid[i].node = i;
    }
    qsort(t->byid, m, sizeof(*t->byid), cmp_key);
    size_t dup = NONE;
    for (size_t i = 1; i < m; i++)
        if (strcmp(t->byid[i - 1].id, t->byid[i].id) == 0 && t->byid[i].node < dup)
            dup = t->byid[i].node;
    return dup;
}

static int resolve(struct tl *L, const char *id, size_t *out)
{
    size_t i = tree_find(L->t, id);
    if (i == NONE)
        return terr(L, "tree.reason.dangling", id);
    *out = i;
    return 0;
}

/* Successors of node I, for reachability and cycle search. */
static size_t successors(const struct node *nd, size_t *out, size_t max)
{
    size_t k = 0;
    switch (nd->kind) {
    case NODE_INFO:
        out[k++] = nd->next;
        break;
    case NODE_QUESTION:
        for (size_t c = 0; c < nd->nchoices && k < max; c++)
            out[k++] = nd->choices[c].next;
        break;
    case NODE_CHECK:
        for (int s = 0; s < 4; s++)
            out[k++] = nd->on[s];
        for (size_t f = 0; f < nd->nfbranches && k < max; f++)
            out[k++] = nd->fbranches[f].next;
        break;
    case NODE_CONCLUSION:
        break;
    }
    return k;
}

/* Iterative DFS from the start: marks reachable nodes and finds a cycle. */
static int walk_graph(struct tl *L)
{
    struct tree *t = L->t;
    unsigned char *color = calloc(t->n, 1);          /* 0 white, 1 grey, 2 black */
    size_t *stack = calloc(t->n + 1, sizeof(*stack));
    size_t *iter = calloc(t->n, sizeof(*iter));
    int rc = 0;
    if (!color || !stack || !iter) {
        rc = terr(L, "tree.reason.memory", "");
        goto out;
    }
    size_t sp = 0;
    stack[sp++] = t->start;
    color[t->start] = 1;
    while (sp > 0 && rc == 0) {
        size_t u = stack[sp - 1];
        size_t succ[64];
        size_t ns = successors(&t->nodes[u], succ, 64);
        if (iter[u] < ns) {
            size_t v = succ[iter[u]++];
            if (color[v] == 1) {
                L->path.len = 0;
                L->path.buf[0] = '\0';
                rc = terr(L, "tree.reason.cycle", t->nodes[v].id);
            } else if (color[v] == 0) {
                color[v] = 1;
                stack[sp++] = v;
            }
        } else {
            color[u] = 2;
            sp--;
        }
    }
    for (size_t i = 0; i < t->n && rc == 0; i++) {
        if (color[i] == 0) {
            L->path.len = 0;
            L->path.buf[0] = '\0';
            rc = terr(L, "tree.reason.unreachable", t->nodes[i].id);
        }
    }
out:
    free(color);
    free(stack);
    free(iter);
    return rc;
}

static int need_key(struct tl *L, const struct locale *l, const char *key)
{
    for (int i = 0; i < LANG_COUNT; i++)
        if (!catalog_get(l->cat[i], key))
            return terr(L, "tree.reason.text", key);
    return 0;
}

static int check_texts(struct tl *L, const struct locale *l)
{
    char key[256];
    for (size_t i = 0; i < L->t->n; i++) {
        const struct node *nd = &L->t->nodes[i];
        L->path.len = 0;
        jpath_key(&L->path, "nodes");
        jpath_index(&L->path, i);
        snprintf(key, sizeof(key), "node.%s.title", nd->id);
        if (need_key(L, l, key))
            return -1;
        snprintf(key, sizeof(key), "node.%s.body", nd->id);
        if (need_key(L, l, key))
            return -1;
        if (nd->kind == NODE_QUESTION) {
            snprintf(key, sizeof(key), "question.%s.text", nd->question);
            if (need_key(L, l, key))
                return -1;
            for (size_t c = 0; c < nd->nchoices; c++) {
                snprintf(key, sizeof(key), "question.%s.%s", nd->question, nd->choices[c].id);
                if (need_key(L, l, key))
                    return -1;
            }
        }
        if (nd->kind == NODE_CHECK) {
            snprintf(key, sizeof(key), "check.%s.title", nd->check->id);
            if (need_key(L, l, key))
                return -1;
        }
    }
    return 0;
}

/* Reads the nodes in file order. A node whose id an earlier node has is
 * refused at that node, and before the error of any later node, as if each
 * node were compared with those before it. */
static int read_nodes(struct tl *L, const cJSON *nodes)
{
    struct tree *t = L->t;
    size_t base = L->path.len, i = 0;
    int rc = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, nodes)
    {
        jpath_index(&L->path, i);
        rc = rd_node(L, it, &t->nodes[i]);
        if (rc != 0)
            break;
        jpath_pop(&L->path, base);
        i++;
    }
    size_t dup = index_ids(t, i);
    if (dup == NONE)
        return rc != 0 ? -1 : 0;
    jpath_pop(&L->path, base);
    jpath_index(&L->path, dup);
    jpath_key(&L->path, "id");
    return terr(L, "tree.reason.duplicate", t->nodes[dup].id);
}

/* Every edge's target id to its node index (the path at "nodes"). */
static int resolve_edges(struct tl *L)
{
    size_t base = L->path.len;
    for (size_t i = 0; i < L->t->n; i++) {
        struct node *nd = &L->t->nodes[i];
        jpath_index(&L->path, i);
        if (nd->kind == NODE_INFO && resolve(L, nd->next_id, &nd->next))
            return -1;
        for (size_t c = 0; c < nd->nchoices; c++)
            if (resolve(L, nd->choices[c].next_id, &nd->choices[c].next))
                return -1;
        if (nd->kind == NODE_CHECK)
            for (int s = 0; s < 4; s++)
                if (resolve(L, nd->on_id[s], &nd->on[s]))
                    return -1;
        for (size_t f = 0; f < nd->nfbranches; f++)
            if (resolve(L, nd->fbranches[f].next_id, &nd->fbranches[f].next))
                return -1;
        jpath_pop(&L->path, base);
    }
    return 0;
}

static int load(struct tl *L, const cJSON *root, const struct locale *l)
{
    struct tree *t = L->t;
    int rc = 0;
    if (!cJSON_IsObject(root))
        return terr(L, "tree.reason.object", json_type_name(root));
    const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (!cJSON_IsString(fmt) || strcmp(fmt->valuestring, TREE_FORMAT) != 0) {
        jpath_key(&L->path, "format");
        return terr(L, "tree.reason.format", cJSON_IsString(fmt) ? fmt->valuestring : "");
    }
    const char *start = get_str(L, root, "start", true, &rc);
    if (rc)
        return rc;
    const cJSON *nodes = cJSON_GetObjectItemCaseSensitive(root, "nodes");
    if (!cJSON_IsArray(nodes) || cJSON_GetArraySize(nodes) < 1) {
        jpath_key(&L->path, "nodes");
        return terr(L, "tree.reason.array", json_type_name(nodes));
    }
    t->n = (size_t)cJSON_GetArraySize(nodes);
    t->nodes = arena_calloc(&t->arena, t->n, sizeof(*t->nodes));
    if (!t->nodes)
        return terr(L, "tree.reason.memory", "");
    t->byid = arena_calloc(&t->arena, t->n, sizeof(*t->byid));
    if (!t->byid)
        return terr(L, "tree.reason.memory", "");
    size_t old = jpath_key(&L->path, "nodes");
    if (read_nodes(L, nodes) != 0)
        return -1;
    if (resolve_edges(L) != 0)
        return -1;
    jpath_pop(&L->path, old);
    t->start = tree_find(t, start);
    if (t->start == NONE) {
        jpath_key(&L->path, "start");
        return terr(L, "tree.reason.dangling", start);
    }
    if (walk_graph(L) != 0)
        return -1;
    if (l && check_texts(L, l) != 0)
        return -1;
    return 0;
}

struct tree *tree_parse(const char *name, const char *text, size_t len,
                        const struct locale *l, struct err *e)
{
    cJSON *root = NULL;
    if (json_parse_text(name, text, len, &root, e) != 0)
        return NULL;
    struct tree *t = calloc(1, sizeof(*t));
    if (!t) {
        cJSON_Delete(root);
        err_set(e, "error.memory");
        err_arg(e, "file", "%s", name);
        return NULL;
    }
    struct tl L = {.file = name, .t = t, .e = e};
    int rc = load(&L, root, l);
    cJSON_Delete(root);
    if (rc != 0) {
        tree_free(t);
        return NULL;
    }
    return t;
}

struct tree *tree_load(const char *path, const struct locale *l, struct err *e)
{
    if (!path)
        return tree_parse("checks/tree.json", (const char *)tree_json, tree_json_len, l, e);
    char *text = NULL;
    size_t len = 0;
    if (read_file(path, &text, &len, e) != 0)
        return NULL;
    struct tree *t = tree_parse(path, text, len, l, e);
    free(text);
    return t;
}

void tree_free(struct tree *t)
{
    if (!t)
        return;
    arena_free(&t->arena);
    free(t);
}

size_t tree_find(const struct tree *t, const char *id)
{
    if (!t->byid || !id)
        return NONE;
    struct tree_key k = {id, 0};
    const struct tree_key *hit = bsearch(&k, t->byid, t->n, sizeof(*t->byid), cmp_id);
    return hit ? hit->node : NONE;
}

size_t tree_next_after_check(const struct tree *t, const struct node *n,
                             const struct check_result *r)
{
    (void)t;
    for (size_t f = 0; f < n->nfbranches; f++)
        for (size_t i = 0; i < r->nfindings; i++)
            if (strcmp(r->findings[i].def->id, n->fbranches[f].finding) == 0)
                return n->fbranches[f].next;
    return n->on[r->status];
}

size_t tree_next_after_choice(const struct tree *t, const struct node *n, const char *choice)
{
    (void)t;
    for (size_t c = 0; c < n->nchoices; c++)
        if (strcmp(n->choices[c].id, choice) == 0)
            return n->choices[c].next;
    return NONE;
}

const char *node_kind_name(enum node_kind k)
{
    return kinds[k];
}

const struct finding *tree_deciding_finding(const struct node *n, const struct check_result *r)
{
    for (size_t f = 0; f < n->nfbranches; f++)
        for (size_t i = 0; i < r->nfindings; i++)
            if (strcmp(r->findings[i].def->id, n->fbranches[f].finding) == 0)
                return &r->findings[i];
    const struct finding *best = NULL;
    for (size_t i = 0; i < r->nfindings; i++)
        if (!best || r->findings[i].def->sev > best->def->sev)
            best = &r->findings[i];
    return best;
}
