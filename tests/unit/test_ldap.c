/* test_ldap.c: the LDAP client's deadlines (src/platform/ldap_common.c with
 * posix/ldap.c) against servers on the loopback that answer late or never:
 * a listener that never accepts, and one that answers the bind and then
 * nothing. The connection's overall budget must end every step: a test
 * that ignored it would wait for the per-operation timeout of a minute and
 * be stopped by CTest's limit, which fails it. No timing is asserted here;
 * tests/directory/test-directory.sh measures the times. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "platform/ldap.h"

/* A listening socket on 127.0.0.1 (any port); its URI in URI. */
static int listener(char *uri, size_t n)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(s >= 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof(a)), 0);
    assert_int_equal(listen(s, 4), 0);
    socklen_t len = sizeof(a);
    assert_int_equal(getsockname(s, (struct sockaddr *)&a, &len), 0);
    snprintf(uri, n, "ldap://127.0.0.1:%u", (unsigned)ntohs(a.sin_port));
    return s;
}

static const char *arg(const struct err *e, const char *name)
{
    for (int i = 0; i < e->nargs; i++)
        if (strcmp(e->args[i].name, name) == 0)
            return e->args[i].value;
    return NULL;
}

/* The connection is taken by the kernel's backlog and never answered: the
 * bind ends when the budget does, not after the minute each operation may
 * take. */
static void bind_ends_with_the_budget(void **state)
{
    (void)state;
    char uri[64];
    int s = listener(uri, sizeof(uri));
    struct dir_open o = {uri, DIR_BIND_SIMPLE, "cn=x", "pw", 60000, 400};
    struct dir_conn *c = NULL;
    struct err e;
    err_clear(&e);
    assert_int_equal(dirldap_open(&o, &c, &e), -1);
    assert_null(c);
    assert_string_equal(e.key, "error.ldap.timeout");
    assert_string_equal(arg(&e, "server"), uri);
    close(s);
}

/* A server that accepts, answers the bind with success, and then reads
 * requests without answering them (until killed). */
static pid_t bind_only_server(int s)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid > 0)
        return pid;
    int c = accept(s, NULL, NULL);
    if (c < 0)
        _exit(1);
    unsigned char buf[512];
    if (read(c, buf, sizeof(buf)) <= 0)
        _exit(1);
    /* BindResponse, message 1: resultCode success, no DN, no message */
    static const unsigned char ok[] = {0x30, 0x0c, 0x02, 0x01, 0x01, 0x61, 0x07, 0x0a,
                                       0x01, 0x00, 0x04, 0x00, 0x04, 0x00};
    if (write(c, ok, sizeof(ok)) != (ssize_t)sizeof(ok))
        _exit(1);
    while (read(c, buf, sizeof(buf)) > 0)
        ;
    _exit(0);
}

/* The first search runs with what is left and times out; the next one
 * does not begin at all: the budget is spent (error.ldap.deadline, with
 * the seconds it was and the search's base). */
static void searches_share_the_budget(void **state)
{
    (void)state;
    char uri[64];
    int s = listener(uri, sizeof(uri));
    pid_t pid = bind_only_server(s);
    struct dir_open o = {uri, DIR_BIND_SIMPLE, "cn=x", "pw", 60000, 600};
    struct dir_conn *c = NULL;
    struct err e;
    err_clear(&e);
    assert_int_equal(dirldap_open(&o, &c, &e), 0);
    assert_non_null(c);
    static const char *const attrs[] = {"cn", NULL};
    struct dir_query q = {"DC=corp,DC=example,DC=test", DIR_SCOPE_SUB, "(objectClass=user)", attrs, 0};
    struct dir_entries r;
    assert_int_equal(dirldap_search(c, &q, &r, &e), -1);
    assert_string_equal(e.key, "error.ldap.timeout");
    assert_int_equal(r.n, 0);
    err_clear(&e);
    assert_int_equal(dirldap_search(c, &q, &r, &e), -1);
    assert_string_equal(e.key, "error.ldap.deadline");
    assert_string_equal(arg(&e, "seconds"), "1");
    assert_string_equal(arg(&e, "base"), q.base);
    assert_string_equal(arg(&e, "server"), uri);
    dirldap_close(c);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    close(s);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bind_ends_with_the_budget),
        cmocka_unit_test(searches_share_the_budget),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
