/* polsrv.c: the meaning of enrollment policy server entries (polsrv.h). */
#include "polsrv.h"

const char *polsrv_auth(int64_t flags)
{
    if (flags & 2)
        return "kerberos";
    if (flags & 4)
        return "username";
    if (flags & 8)
        return "certificate";
    if (flags & 1)
        return "anonymous";
    return NULL;
}

void polsrv_mark_defaults(struct policy_server *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        v[i].is_default.st = F_SET;
        v[i].is_default.v = false;
    }
    for (int c = 0; c < CTX_COUNT; c++) {
        size_t best = n;
        for (size_t i = 0; i < n; i++) {
            if (v[i].ctx_st != F_SET || v[i].ctx != (enum ctx)c)
                continue;
            int64_t cost = v[i].cost.st == F_SET ? v[i].cost.v : INT64_MAX;
            int64_t bcost = best < n && v[best].cost.st == F_SET ? v[best].cost.v : INT64_MAX;
            if (best == n || cost < bcost)
                best = i;
        }
        if (best < n)
            v[best].is_default.v = true;
    }
}
