/* ces.h: the Certificate Enrollment Web Service path as the client's own
 * records show it: which transport the configured policy servers choose,
 * and the fault WS_E_ENDPOINT_FAULT_RECEIVED (0x803D0013) with the code of
 * the failed CA request inside it, found in the ces facts, in a manual
 * enrollment through the CES (certreq's output) or in a CertEnroll event.
 * Pure functions of their arguments: no probing, no allocation. */
#ifndef ENROLLDOC_CES_H
#define ENROLLDOC_CES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "facts.h"

#define CES_FAULT_RECEIVED 0x803D0013u

/* The distinct HRESULTs of the failure kind ("0x8" and seven more hex
 * digits, any case, not part of a longer number) in TEXT, in order of
 * appearance, at most MAX of them into OUT. Decimal forms
 * ("-2143485933") are not read: Windows prints them beside the hex form.
 * Returns how many were stored. TEXT may be NULL. */
size_t ces_codes(const char *text, uint32_t *out, size_t max);

/* Whether TEXT (a message in any language: the codes are never
 * localized) carries the fault 0x803D0013. When it does, *INNER is the
 * first other failure code in it (the CA's answer), or 0 when none. */
bool ces_fault_parse(const char *text, uint32_t *inner);

/* The fault the client got on the CES path. */
struct ces_fault {
    struct opt_code error;       /* absent: unknown; null: no fault recorded */
    struct opt_code inner;       /* the failed CA request's code; absent: unknown */
    const char *source;          /* "ces", "enroll" or "event" (borrowed, static) */
    const struct event *event;   /* the event it came from, or NULL (borrowed from F) */
    const char *url;             /* the CES / CEP URL when known, or NULL (borrowed from F) */
};

/* Finds the CES fault in F for context CTX (CTX_NONE: any): the ces
 * object's error when it has one; else the latest manual enrollment via
 * "ces" that failed with 0x803D0013 (the inner code from its output);
 * else the latest CertEnroll event whose message carries 0x803D0013.
 * Returns false when F knows nothing about the CES path (no ces object and
 * no such enrollment or event). */
bool ces_fault_find(const struct facts *f, enum ctx ctx, struct ces_fault *out);

/* The transport the configured policy servers of context CTX (CTX_NONE:
 * any) choose: "ces" when the default server is a CEP URL, or when every
 * server is one; "rpc" when the default is "LDAP:" or any server is;
 * NULL when policy_servers is not collected or names no server. */
const char *ces_transport(const struct facts *f, enum ctx ctx);

/* The host of URL ("https://ces.contoso.com:443/path" -> "ces.contoso.com")
 * into OUT (size N). Returns 0, or -1 when URL has no host or it does not
 * fit. */
int ces_url_host(const char *url, char *out, size_t n);

/* The URL of the default CEP of context CTX (CTX_NONE: any), or NULL. */
const char *ces_policy_url(const struct facts *f, enum ctx ctx);

/* Whether URL is a CES endpoint as the CES registers it: https, with
 * "_CES_" in its path or ending in "/CES" (any case). A CEP URL is not. */
bool ces_url_is_service(const char *url);

/* The CES URL the client used, as its records show it: ces.url when it is a
 * CES endpoint; else the first CES URL in the output of the latest manual
 * enrollment via "ces" of context CTX (CTX_NONE: any); else in the message
 * of the latest CertEnroll event that names one. Borrowed from F, or
 * copied into BUF (size N); NULL when none is known. */
const char *ces_service_url(const struct facts *f, enum ctx ctx, char *buf, size_t n);

/* Whether the client of context CTX enrolls through CES: its policy
 * servers choose "ces" (ces_transport), or its records know the CES path
 * (ces_fault_find). */
bool ces_client_uses_ces(const struct facts *f, enum ctx ctx);

/* Whether SPN names the service the CES must delegate to in order to reach
 * the CA on HOST over DCOM: "HOST/..." or "RPCSS/..." with HOST's DNS name
 * or its first label (a ":port" is ignored; any case). */
bool ces_spn_reaches(const char *spn, const char *host);

/* The CES server's DNS name: ces.server.host, else the host of ces.url
 * (copied into BUF, size N); NULL when neither is known. */
const char *ces_server_host(const struct facts *f, char *buf, size_t n);

/* The CAs with a host that the CES on HOST hands requests to, at most MAX
 * into OUT: those whose ces_urls name HOST; when none does (or HOST is
 * NULL), those that publish template TMPL (NULL: skip this); when none
 * does, every CA. Returns how many were stored. */
size_t ces_target_cas(const struct facts *f, const char *host, const char *tmpl, const struct ca **out,
                      size_t max);

#endif
