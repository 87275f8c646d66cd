/* tree.h: the documents' decision tree, as data (checks/tree.json, embedded
 * at build time; --tree FILE loads another).
 *
 * File format "enrolldoc-tree/1":
 *   {"format": "enrolldoc-tree/1", "start": "<node id>", "nodes": [NODE, ...]}
 *   NODE kinds:
 *     {"id", "kind": "info",       "branch", "next": ID, "actions"?: [...]}
 *     {"id", "kind": "question",   "branch", "question": QID,
 *                                  "choices": [{"id": CID, "next": ID}, ...]}
 *     {"id", "kind": "check",      "branch", "check": CHECK_ID,
 *                                  "on": {"ok": ID, "warn": ID, "fail": ID, "unknown": ID},
 *                                  "on_finding"?: {FINDING_ID: ID, ...}, "actions"?: [...]}
 *     {"id", "kind": "conclusion", "branch", "actions"?: [...]}
 *   "branch" is one of "-", "A", "B", "C", "CES", "LOG".
 * Texts come from the catalogs: node.<id>.title, node.<id>.body,
 * question.<qid>.text, question.<qid>.<cid>. */
#ifndef ENROLLDOC_TREE_H
#define ENROLLDOC_TREE_H

#include <stddef.h>

#include "arena.h"
#include "check.h"
#include "err.h"
#include "lang.h"

enum node_kind { NODE_INFO, NODE_QUESTION, NODE_CHECK, NODE_CONCLUSION };

#define NODE_MAX_ACTIONS 4

struct choice {
    const char *id;
    const char *next_id;
    size_t next;                       /* index into tree->nodes */
};

struct fbranch {
    const char *finding;
    const char *next_id;
    size_t next;
};

struct node {
    const char *id;
    enum node_kind kind;
    const char *branch;
    const char *next_id;               /* info */
    size_t next;
    const char *question;              /* question */
    size_t nchoices;
    struct choice *choices;
    const struct check *check;         /* check */
    const char *on_id[4];              /* indexed by enum status */
    size_t on[4];
    size_t nfbranches;
    struct fbranch *fbranches;
    size_t nactions;
    const char *actions[NODE_MAX_ACTIONS];
};

/* One entry of a tree's id index. */
struct tree_key {
    const char *id;                    /* the node's id, owned by the tree's arena */
    size_t node;                       /* index into tree->nodes */
};

struct tree {
    struct arena arena;
    size_t start;
    size_t n;
    struct node *nodes;
    struct tree_key *byid;             /* n entries sorted by id, in the arena; what
                                          tree_find searches */
};

/* Parses and validates tree TEXT (LEN bytes) named NAME. Validation: node
 * kinds and fields, unique ids, known checks, findings and actions, every
 * target exists (no dangling edge), every node reachable from the start, no
 * cycle, and — when L is not NULL — every text key present in both
 * catalogs. Returns a new tree (free with tree_free) or NULL with E set. */
struct tree *tree_parse(const char *name, const char *text, size_t len,
                        const struct locale *l, struct err *e);
/* The embedded tree (PATH == NULL) or the file PATH. */
struct tree *tree_load(const char *path, const struct locale *l, struct err *e);
void tree_free(struct tree *t);

/* The index of node ID, or (size_t)-1 (also for a tree without its index,
 * one that tree_parse did not make). O(log n). */
size_t tree_find(const struct tree *t, const char *id);
/* The next node after a check node given the check's result. */
size_t tree_next_after_check(const struct tree *t, const struct node *n,
                             const struct check_result *r);
/* The next node after choosing CHOICE at a question node; (size_t)-1 when
 * CHOICE is not one of its choices. */
size_t tree_next_after_choice(const struct tree *t, const struct node *n, const char *choice);

/* The finding that decided the branch taken after check node N: the one
 * named by an on_finding branch, else the most severe; NULL when none. */
const struct finding *tree_deciding_finding(const struct node *n, const struct check_result *r);

const char *node_kind_name(enum node_kind k);

#endif
