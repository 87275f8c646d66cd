/* sd_binary.h: a binary self-relative SECURITY_DESCRIPTOR (MS-DTYP 2.4.6, as
 * Active Directory returns nTSecurityDescriptor through the SD-flags control)
 * converted into SDDL text the way
 * ConvertSecurityDescriptorToStringSecurityDescriptor writes it, so that
 * sddl_parse() (src/sddl.h) reads it back.
 *
 * Output: "O:" owner, "G:" group, "D:" DACL, "S:" SACL, in that order; absent
 * parts are left out. ACL flags in the order P, AR, AI. ACE flags in the
 * order OI CI NP IO ID CR SA FA. Rights as the directory-service two-letter
 * codes in bit order (CC DC LC SW RP WP DT LO CR SD RC WD WO GA GX GW GR; a
 * mandatory-label ACE uses NW NR NX) when every set bit has a code, else a
 * lower-case hex mask "0x..." as Windows writes it. GUIDs lower case. SIDs as
 * the SDDL aliases sddl.c knows (well-known ones always; domain-relative ones
 * such as DA, DU, EA only when DOMAIN_SID is given and the SID is that domain
 * plus the alias's RID), other SIDs as "S-1-..." text (an authority of 2^32
 * or more as "0x" and twelve upper-case hex digits).
 *
 * Accepted: revision 1 with SE_SELF_RELATIVE; ACL revision 2 or 4; in the
 * DACL the ACE types allowed, denied, allowed-object and denied-object; in
 * the SACL audit, alarm, audit-object, alarm-object, mandatory-label,
 * scoped-policy and trust-label ACEs. Every other ACE type (callback,
 * conditional, resource-attribute, ...) is rejected, as sddl_parse() would
 * reject it or could not evaluate it.
 *
 * Decisions:
 * - A descriptor without a DACL (SE_DACL_PRESENT clear; e.g. the SD-flags
 *   control did not ask for it) is rejected with reason
 *   "sdbin.reason.no-dacl": it says nothing about access, and SDDL without
 *   "D:" is malformed for sddl_parse(). SE_DACL_PRESENT with a zero DACL
 *   offset is a NULL DACL and becomes "D:NO_ACCESS_CONTROL" (everyone has
 *   every right, as on Windows). The same for the SACL, where a clear
 *   SE_SACL_PRESENT just leaves "S:" out.
 * - Offsets pointing into the 20-byte header, parts running past LEN, and
 *   parts (owner, group, SACL, DACL) overlapping each other are malformed.
 * - Free space after an ACL's last ACE and bytes after an ACE's SID (within
 *   its size) are allowed, as Windows allows them.
 * - An unparsable DOMAIN_SID counts as none (as in sddl_extended_right()).
 */
#ifndef ENROLLDOC_SD_BINARY_H
#define ENROLLDOC_SD_BINARY_H

#include <stddef.h>

#include "err.h"

/* Converts the LEN bytes at DATA into SDDL. DOMAIN_SID ("S-1-5-21-a-b-c" or
 * NULL) selects which SIDs are written as domain aliases; evaluate the result
 * with sddl_extended_right() under the same domain SID. On success returns 0
 * and stores a malloc'd NUL-terminated string in *OUT (caller frees; OUT may
 * be NULL to only validate). On failure returns -1, sets *OUT to NULL and
 * sets E: for malformed data to key "error.sdbin" with args "offset" (0-based
 * byte position in DATA; LEN when the data ended there) and "reason" ("@"
 * followed by a catalog key under "sdbin.reason.", e.g.
 * "@sdbin.reason.ace-size"; the "@" marks a catalog key for rendering); when
 * out of memory to key "error.memory" (arg "file" = "nTSecurityDescriptor").
 * Reads nothing outside DATA[0..LEN). */
int sd_binary_to_sddl(const unsigned char *data, size_t len, const char *domain_sid,
                      char **out, struct err *e);

#endif
