/* dirmember.h: when the account's group memberships were added
 * (identity.<ctx>.membership_added, spec/bundle-v1.md), from what the
 * directory says about the groups of directory_groups.
 *
 * Active Directory keeps, for each value of a linked attribute such as a
 * group's `member`, replication metadata: the constructed attribute
 * `msDS-ReplValueMetaData`, one XML text per value
 *   <DS_REPL_VALUE_META_DATA><pszAttributeName>member</pszAttributeName>
 *   <pszObjectDn>CN=alice,...</pszObjectDn>...<ftimeDeleted>1601-01-01T00:00:00Z
 *   </ftimeDeleted><ftimeCreated>...</ftimeCreated><dwVersion>1</dwVersion>
 *   <ftimeLastOriginatingChange>...</ftimeLastOriginatingChange>...
 *   </DS_REPL_VALUE_META_DATA>
 * A link that is there now was added at its ftimeLastOriginatingChange (a
 * link removed and added again changes then; one never changed has it equal
 * to ftimeCreated); one whose ftimeDeleted is set is no membership. Where a
 * group has no such metadata for the link (Samba 4.17 does not construct
 * the attribute; a large group's values come in ranges), the group's
 * whenChanged stands in: a time no earlier than the add, so the membership
 * is at least that old at most (the caller says so in a note).
 *
 * The path: the account is a direct member of the groups in its memberOf;
 * a group of the set is a member of the groups in its own memberOf. For a
 * nested group the membership exists since the latest link on the path; of
 * several paths, the one complete first counts. The primary group
 * (primaryGroupID) has no link and gets no time. */
#ifndef ENROLLDOC_DIRMEMBER_H
#define ENROLLDOC_DIRMEMBER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "facts.h"

/* One value's metadata, as parsed from its XML. */
struct dir_value_meta {
    const char *attr;            /* pszAttributeName, in the caller's arena */
    const char *dn;              /* pszObjectDn, XML entities decoded */
    int64_t added;               /* ftimeLastOriginatingChange, else ftimeCreated */
    bool deleted;                /* ftimeDeleted later than 1601: the link is gone */
};

/* Parses one msDS-ReplValueMetaData value (XML text of LEN bytes) into
 * OUT, strings allocated from A. Returns 0; 1 when it is not such a text
 * (no DS_REPL_VALUE_META_DATA element, no attribute name or DN, no time);
 * -1 when out of memory. */
int dirmember_parse_meta(struct arena *a, const char *xml, size_t len, struct dir_value_meta *out);

/* An LDAP GeneralizedTime ("20261203122621.0Z", "20261203122621Z") into
 * seconds since 1970. Returns 0, or -1 when malformed or not UTC. */
int dirmember_generalized_time(const char *s, int64_t *out);

/* A group of directory_groups as the directory describes it. */
struct dir_group {
    const char *sid;             /* "S-1-5-21-..." */
    const char *dn;
    const char *const *member_of;   /* the DNs of the groups it is a direct member of */
    size_t nmember_of;
    const struct dir_value_meta *meta;   /* its member values' metadata (may be none) */
    size_t nmeta;
    bool has_changed;            /* WHEN_CHANGED is known */
    int64_t when_changed;
};

/* Computes membership_added for the account whose DN is ACCOUNT_DN and
 * whose direct groups are ACCOUNT_OF (NACCOUNT_OF DNs) from the N groups
 * G: OUT (F_SET, sorted by SID, from A) holds each group reached by a path
 * of links. SRC (when not NULL; F_SET, sorted by SID, from A) gets the
 * same groups with where each time comes from: MSRC_WHEN_CHANGED when it
 * rests on a whenChanged (of the last link that decides it), else
 * MSRC_VALUE_METADATA. *FALLBACK (when not NULL) gets the index+1 in G of
 * the first group whose time rests on a whenChanged (0 = none), *NFALLBACK
 * how many. Returns 0, or -1 when out of memory. */
int dirmember_times(struct arena *a, const char *account_dn, const char *const *account_of,
                    size_t naccount_of, const struct dir_group *g, size_t n, struct sid_times *out,
                    struct sid_sources *src, size_t *fallback, size_t *nfallback);

#endif
