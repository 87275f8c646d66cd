/* facts.h: the one model of what is known about a Windows client, whatever
 * the source (live probes, a bundle file, a training scenario).
 *
 * Every field keeps "absent" (not collected: checks say unknown) apart from
 * "null" (collected, the thing does not exist) and a value. All memory hangs
 * off facts->arena and is released by facts_free(). See spec/bundle-v1.md. */
#ifndef ENROLLDOC_FACTS_H
#define ENROLLDOC_FACTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

enum fstate { F_ABSENT = 0, F_NULL, F_SET };

struct opt_int  { enum fstate st; int64_t v; };
struct opt_bool { enum fstate st; bool v; };
struct opt_str  { enum fstate st; const char *v; };
/* A 32-bit HRESULT / Win32 code, normalised: Win32 codes below 0x10000 are
 * stored in their HRESULT form (1722 -> 0x800706BA). */
struct opt_code { enum fstate st; uint32_t v; };
/* Seconds since 1970-01-01T00:00:00Z. */
struct opt_time { enum fstate st; int64_t v; };

struct str_list {
    enum fstate st;
    size_t n;
    const char **v;
};

enum ctx { CTX_USER = 0, CTX_MACHINE = 1, CTX_COUNT = 2, CTX_NONE = -1 };

struct cert {
    struct opt_str thumbprint, subject, issuer;
    struct opt_time not_before, not_after;
    struct opt_str template_name, template_oid;
    struct opt_bool archived, has_private_key;
};

struct cert_list {
    enum fstate st;
    size_t n;
    struct cert *v;
};

enum task_state { TASK_READY, TASK_RUNNING, TASK_QUEUED, TASK_DISABLED, TASK_UNKNOWN };

struct task {
    enum fstate st;              /* the task object itself */
    struct opt_bool exists, enabled;
    enum fstate state_st;
    enum task_state state;
    struct opt_time last_run;    /* F_NULL = never ran */
    struct opt_code last_result;
    struct opt_time running_since;
};

/* One group SID and a time: when the membership through which the
 * account holds that group was added. */
struct sid_time {
    const char *sid;
    int64_t t;                   /* seconds since 1970 (struct opt_time's unit) */
};

struct sid_times {
    enum fstate st;
    size_t n;
    struct sid_time *v;
};

/* Where a time of membership_added comes from (membership_source): the
 * value metadata of the group's member attribute (when the link was
 * added), or the group's whenChanged (its last change: a time no earlier
 * than the add, so the membership may be older). */
enum member_source { MSRC_VALUE_METADATA = 0, MSRC_WHEN_CHANGED };

struct sid_source {
    const char *sid;
    enum member_source src;
};

struct sid_sources {
    enum fstate st;
    size_t n;
    struct sid_source *v;
};

struct identity {
    enum fstate st;
    struct opt_str name, sid;
    struct str_list token_groups, directory_groups;
    struct opt_bool not_delegated;
    struct opt_str mail;         /* F_NULL = the account has no e-mail address */
    struct sid_times membership_added; /* the directory's: group SID -> when added */
    struct sid_sources membership_source; /* group SID -> where that time comes from */
    struct opt_time logon_time;  /* user identity only: when the logon session began */
};

struct logon_session {
    enum fstate st;
    struct opt_bool elevated, system, domain_joined, dc_reachable, runas;
    struct opt_bool remote;      /* a remote shell without a console (second hop) */
    struct opt_time boot_time;   /* the last start of the computer */
};

struct sddl;                     /* sddl.h */

struct tmpl {
    struct opt_str name, display_name, oid;
    struct opt_int schema_version;
    struct opt_str sddl;
    const struct sddl *sd;       /* parsed sddl, NULL unless sddl is F_SET */
    struct opt_bool requires_email, autoenroll_flag;
    struct str_list issuance_policies, valid_issuance_policies;
    struct str_list providers;   /* pKIDefaultCSPs, in priority order; empty = none named */
    struct opt_int private_key_flags; /* msPKI-Private-Key-Flag */
};

struct ca {
    struct opt_str name, host, config;
    struct str_list templates;
    struct opt_str sddl;
    const struct sddl *sd;
    struct opt_bool renew_on_behalf_of;
    struct str_list ces_urls;    /* the CES URLs registered at the CA (msPKI-Enrollment-Servers),
                                  * in priority order; empty = none */
};

struct ksp_test {
    struct opt_str provider;
    struct opt_bool ok;
    struct opt_code error;
    enum fstate ctx_st;          /* the key store the test used */
    enum ctx ctx;
};

struct ca_ping {
    struct opt_str config;
    struct opt_bool ok;
    struct opt_code error;
    struct opt_str ca_name;
    struct opt_str account;      /* who pinged: DOMAIN\\name or NT AUTHORITY\\SYSTEM */
};

struct enroll_result {
    struct opt_str tmpl;
    enum fstate ctx_st;
    enum ctx ctx;
    struct opt_bool ok;
    struct opt_code error;
    struct opt_time time;
    struct opt_str via;          /* "rpc" or "ces": the path the request took */
    struct opt_str output;       /* what certreq printed, as captured */
    struct opt_str status;       /* "issued", "pending", "denied", "failed" */
    struct opt_int request_id;   /* the CA's request ID; F_NULL = none given */
};

enum ev_level { EV_ERROR, EV_WARNING, EV_INFORMATION, EV_OTHER };

struct event {
    struct opt_time time;
    struct opt_str provider;
    struct opt_int id;
    enum fstate level_st;
    enum ev_level level;
    struct opt_str message;
    struct opt_str sid;          /* extension: the event's UserID, when known */
    size_t order;                /* position in the source, for stable sorting */
};

struct event_list {
    enum fstate st;
    size_t n;
    struct event *v;
};

enum delegation { DELEG_NONE, DELEG_CONSTRAINED, DELEG_UNCONSTRAINED };

struct ces {
    enum fstate st;
    struct opt_str url;
    struct opt_code error, inner_error;
    struct opt_bool key_based_renewal;
    struct event_list events;
    enum fstate server_st;
    struct opt_str server_host;  /* the CES server's DNS name (the host of its URL) */
    struct opt_str server_account; /* DOMAIN\\name of the account holding HTTP/<host>: the one
                                  * Kerberos delegates from (a computer or a pool account) */
    enum fstate delegation_st;
    enum delegation delegation;
    struct str_list delegate_to;
    struct str_list rbcd_hosts;  /* the CA hosts whose computer account admits the server's
                                  * account (msDS-AllowedToActOnBehalfOfOtherIdentity) */
    struct opt_bool impersonate_privilege, credential_guard;
};

/* An enrollment policy server configured for a context (registry
 * PolicyServers, from Group Policy or local). URL "LDAP:" is the Active
 * Directory policy (RPC/DCOM); a CEP has its https URL. */
struct policy_server {
    struct opt_str url, id, name;
    enum fstate ctx_st;
    enum ctx ctx;
    struct opt_str source;       /* "policy" (Group Policy) or "local" */
    struct opt_str auth;         /* "kerberos", "username", "certificate", "anonymous" */
    struct opt_int cost, flags;
    struct opt_bool is_default;  /* the server the client uses first in its context */
};

struct answer {
    const char *question;
    const char *choice;
};

struct meta {
    struct opt_str host, os, tool, lang;
    /* A scenario's title and description: TITLE is the English text, or the
     * one text for both languages (a plain string in the bundle); TITLE_DE
     * is set only when the bundle gives a German text of its own
     * ({"en": ..., "de": ...}). Likewise DESCRIPTION. See bundle_meta_text(). */
    struct opt_str title, title_de, description, description_de;
    struct opt_time collected_at;
};

struct facts {
    struct arena arena;
    struct meta meta;
    enum fstate ctx_st;
    enum ctx ctx;
    struct opt_str tmpl;         /* the template of interest; absent = any */

    struct opt_int aepolicy[CTX_COUNT];
    struct opt_int loglevel;
    struct cert_list certs[CTX_COUNT];
    struct task tasks[CTX_COUNT];
    struct identity identity[CTX_COUNT];
    struct logon_session session;

    enum fstate templates_st;
    size_t ntemplates;
    struct tmpl *templates;

    enum fstate cas_st;
    size_t ncas;
    struct ca *cas;

    enum fstate ksp_st;
    size_t nksp;
    struct ksp_test *ksp;

    enum fstate ca_ping_st;
    size_t nca_ping;
    struct ca_ping *ca_ping;

    enum fstate enroll_st;
    size_t nenroll;
    struct enroll_result *enroll;

    struct event_list events;
    struct event_list ca_events;
    struct ces ces;

    enum fstate policy_servers_st;
    size_t npolicy_servers;
    struct policy_server *policy_servers;

    size_t nanswers;
    struct answer *answers;
};

/* The groups of facts (spec/bundle-v1.md): what a check declares it reads
 * (struct check's .needs, a bit set of FACTS_BIT(group)), what a live probe
 * fills, what an action makes stale. The first eleven are filled by probes on
 * a live client (platform.h's enum probe_group has the same numbers); the
 * last three never are: they come from an action's outcome or from what the
 * operator brings along (a bundle, an import).
 *
 * identity is shared: the account itself (identity.<ctx> as an object, its
 * name and SID) is filled by the identity probe and by the directory alike;
 * the token's groups and logon_time belong to FACTS_IDENTITY, the
 * directory's groups, not_delegated, mail, membership_added and
 * membership_source to
 * FACTS_DIRECTORY. */
enum facts_group {
    FACTS_AEPOLICY,   /* aepolicy.user, aepolicy.machine */
    FACTS_LOGLEVEL,   /* loglevel */
    FACTS_CERTS,      /* certificates.user, certificates.machine */
    FACTS_TASKS,      /* tasks.user, tasks.machine */
    FACTS_IDENTITY,   /* identity.<ctx>: the account, its token_groups, logon_time */
    FACTS_SESSION,    /* session */
    FACTS_KSP,        /* ksp */
    FACTS_CA_PING,    /* ca_ping */
    FACTS_EVENTS,     /* events (the client's log) */
    FACTS_DIRECTORY,  /* templates, cas, identity.<ctx>: the account, directory_groups,
                         not_delegated, mail, membership_added, membership_source;
                         on a CES client also
                         ces.server's host, account, delegation, delegate_to and
                         rbcd_hosts (directory.h) */
    FACTS_POLICY_SERVERS, /* policy_servers */
    FACTS_ENROLL,     /* enroll: manual enrollment results, from the enroll.manual
                         action (certreq's outcome) or a bundle; never probed */
    FACTS_CES,        /* ces: the CES client's error and the server's side, from a
                         bundle; never probed as a group. The directory probe fills
                         the part of ces.server the directory holds when the client
                         enrolls through CES (directory.h) */
    FACTS_CA_EVENTS,  /* ca_events: the CA's own log, imported; never probed */
    FACTS_GROUP_COUNT
};
/* The bit of group G in a set of groups (unsigned). */
#define FACTS_BIT(g) (1u << (unsigned)(g))
/* Every group. */
#define FACTS_ALL (FACTS_BIT(FACTS_GROUP_COUNT) - 1u)

/* Stable names: "aepolicy", "loglevel", "certificates", "tasks", "identity",
 * "session", "ksp", "ca_ping", "events", "directory", "policy_servers",
 * "enroll", "ces", "ca_events"; "?" for anything else. */
const char *facts_group_name(enum facts_group g);
/* Makes the facts of group G in F absent (so that they are collected again).
 * The account of identity (the object, name, SID), which two groups fill,
 * stays: only FACTS_IDENTITY's token_groups and logon_time or
 * FACTS_DIRECTORY's own fields go. */
void facts_forget(struct facts *f, enum facts_group g);
/* Makes every group not in MASK absent in F, the account of identity too
 * when neither FACTS_IDENTITY nor FACTS_DIRECTORY is in MASK: F then holds
 * what a source asked for exactly MASK would give. The context, the template
 * of interest, meta and the answers stay. */
void facts_restrict(struct facts *f, unsigned mask);

/* A new, empty facts object (every field absent); NULL when out of memory.
 * The caller owns it and releases it with facts_free(). */
struct facts *facts_new(void);
/* Frees F and everything it holds; F may be NULL. */
void facts_free(struct facts *f);

/* Stable names: "user"/"machine". */
const char *ctx_name(enum ctx c);
/* CTX_USER / CTX_MACHINE for "user" / "machine", else CTX_NONE. */
enum ctx ctx_parse(const char *s);
/* Whether any per-context fact exists for C (aepolicy, certificates, task,
 * identity, an enroll result in that context). */
bool facts_has_context(const struct facts *f, enum ctx c);
/* The answer to question QID from the bundle's answers, or NULL. */
const char *facts_answer(const struct facts *f, const char *qid);
/* The template named NAME (case-insensitive, as Windows compares), or NULL. */
const struct tmpl *facts_template(const struct facts *f, const char *name);
/* The time in M for group SID (case-insensitive), or NULL when M holds none. */
const struct sid_time *facts_membership_added(const struct sid_times *m, const char *sid);
/* Where the time of group SID comes from (case-insensitive), or NULL when M
 * does not say. */
const struct sid_source *facts_membership_source(const struct sid_sources *m, const char *sid);
/* "value-metadata" / "when-changed". */
const char *member_source_name(enum member_source s);
/* The latest event in L with ID (by time when both have one, else by
 * position in the source), or NULL; the number of such events in *COUNT
 * (when not NULL). Borrowed from L. */
const struct event *facts_events_latest(const struct event_list *l, int64_t id, size_t *count);

/* Two facts that cannot both be true: the record is damaged or was edited
 * by hand, and no verdict may rest on either. KIND names what is wrong
 * ("task-missing-runs", "cert-dates", "dc-without-domain"); A and B are the
 * JSON paths of the two facts ("facts.tasks.user.exists"). */
struct contradiction {
    const char *kind;
    char a[96], b[96];
};
/* Finds up to MAX contradictions in F into OUT, in a fixed order. Returns
 * how many there are in all (more than MAX when OUT was too short). */
size_t facts_contradictions(const struct facts *f, struct contradiction *out, size_t max);

const char *task_state_name(enum task_state s);
const char *ev_level_name(enum ev_level l);
const char *delegation_name(enum delegation d);

#endif
