/* permtest.h: the facts the permission checks' tests share
 * (test_check_perm_template.c, test_check_perm_ca.c, test_check_token.c):
 * Alice of CONTOSO with or without the PKI group in her token, the
 * ContosoUser template with a given security descriptor, enterprise CAs,
 * and the SDDL strings the tests grant and deny with. Header-only, like
 * checktest.h, which it needs. */
#ifndef ENROLLDOC_PERMTEST_H
#define ENROLLDOC_PERMTEST_H

#include <stdbool.h>
#include <stdio.h>

#include "checktest.h"

#define USER_TOP "'context':'user','template':'ContosoUser',"

#define DOM "S-1-5-21-1004336348-1177238915-682003330"
#define ENROLL "0e10c968-78fb-11d2-90d4-00c04f79dc55"
#define AUTOENROLL "a05b8cc2-17bc-4802-a710-e7c15ab866a2"
#define PKI_GROUP DOM "-1201"

/* Alice: Domain Users in both views; the PKI group only in the directory's
 * view when NEWGROUP (added after her logon). */
static inline const char *ident(bool newgroup)
{
    return newgroup
        ? "'identity':{'user':{'name':'CONTOSO\\\\alice','sid':'" DOM "-1104',"
          "'token_groups':['" DOM "-513','S-1-5-11','S-1-1-0'],"
          "'directory_groups':['" DOM "-513','" PKI_GROUP "']}}"
        : "'identity':{'user':{'name':'CONTOSO\\\\alice','sid':'" DOM "-1104',"
          "'token_groups':['" DOM "-513','S-1-5-11','S-1-1-0'],"
          "'directory_groups':['" DOM "-513']}}";
}

/* Builds facts: the identity, one template ContosoUser with SDDL TSDDL (NULL:
 * no sddl member), and CAS (a JSON array, or NULL for none). */
static inline void run_perm(struct tc *t, const struct check *c, bool newgroup, const char *tsddl,
                     const char *cas)
{
    char facts[4096];
    char tmpl[1024];
    if (tsddl)
        snprintf(tmpl, sizeof(tmpl), "{'name':'ContosoUser','sddl':'%s'}", tsddl);
    else
        snprintf(tmpl, sizeof(tmpl), "{'name':'ContosoUser'}");
    snprintf(facts, sizeof(facts), "%s,'templates':[%s]%s%s", ident(newgroup), tmpl,
             cas ? ",'cas':" : "", cas ? cas : "");
    tc_run(t, c, USER_TOP, facts);
}

#define T_BOTH_DU "D:PAI(OA;;CR;" ENROLL ";;DU)(OA;;CR;" AUTOENROLL ";;DU)(A;;LCRPLORC;;;AU)"
#define T_ENROLL_DU "D:PAI(OA;;CR;" ENROLL ";;DU)(A;;LCRPLORC;;;AU)"
#define T_NONE "D:PAI(A;;CCDCLCSWRPWPDTLOSDRCWDWO;;;DA)(A;;LCRPLORC;;;AU)"
#define T_PKI "D:PAI(OA;;CR;" ENROLL ";;" PKI_GROUP ")(OA;;CR;" AUTOENROLL ";;" PKI_GROUP ")(A;;LCRPLORC;;;AU)"
#define CA_AU "D:PAI(OA;;CR;" ENROLL ";;AU)(A;;LCRPLORC;;;AU)"
#define CA_NONE "D:PAI(A;;CCDCLCSWRPWPDTLOSDRCWDWO;;;DA)(A;;LCRPLORC;;;AU)"
#define CA_PKI "D:PAI(OA;;CR;" ENROLL ";;" PKI_GROUP ")(A;;LCRPLORC;;;AU)"
#define CA_DENY_DU "D:PAI(OD;;CR;" ENROLL ";;DU)(OA;;CR;" ENROLL ";;AU)"

#define CA(name, tmpls, sddl) "{'name':'" name "','templates':[" tmpls "],'sddl':'" sddl "'}"

#endif
