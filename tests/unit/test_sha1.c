/* test_sha1.c: src/sha1.c against the FIPS 180 example vectors (one block,
 * two blocks, a million 'a'), the empty message, every length around the
 * padding boundary fed at once and in pieces alike. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "sha1.h"

static void test_vectors(void **state)
{
    (void)state;
    char hex[41];
    sha1_hex("abc", 3, hex);
    assert_string_equal(hex, "A9993E364706816ABA3E25717850C26C9CD0D89D");
    sha1_hex("", 0, hex);
    assert_string_equal(hex, "DA39A3EE5E6B4B0D3255BFEF95601890AFD80709");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    sha1_hex(two, strlen(two), hex);
    assert_string_equal(hex, "84983E441C3BD26EBAAE4AA1F95129E5E54670F1");
    sha1_hex("The quick brown fox jumps over the lazy dog", 43, hex);
    assert_string_equal(hex, "2FD4E1C67A2D28FCED849EE1BB76E7391B93EB12");
}

static void test_million_a(void **state)
{
    (void)state;
    struct sha1 s;
    sha1_init(&s);
    char a[1000];
    memset(a, 'a', sizeof(a));
    for (int i = 0; i < 1000; i++)
        sha1_update(&s, a, sizeof(a));
    unsigned char d[20];
    sha1_final(&s, d);
    static const unsigned char want[20] = {0x34, 0xaa, 0x97, 0x3c, 0xd4, 0xc4, 0xda, 0xa4, 0xf6, 0x1e,
                                           0xeb, 0x2b, 0xdb, 0xad, 0x27, 0x31, 0x65, 0x34, 0x01, 0x6f};
    assert_memory_equal(d, want, 20);
}

static void test_pieces(void **state)
{
    (void)state;
    unsigned char m[200];
    for (size_t i = 0; i < sizeof(m); i++)
        m[i] = (unsigned char)(i * 7 + 3);
    for (size_t n = 50; n < 140; n++) {
        char whole[41];
        sha1_hex(m, n, whole);
        for (size_t piece = 1; piece < 70; piece += 13) {
            struct sha1 s;
            sha1_init(&s);
            for (size_t off = 0; off < n; off += piece)
                sha1_update(&s, m + off, off + piece <= n ? piece : n - off);
            unsigned char d[20];
            sha1_final(&s, d);
            char hex[41];
            for (unsigned i = 0; i < 20; i++)
                snprintf(hex + 2 * i, 3, "%02X", d[i]);
            assert_string_equal(hex, whole);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vectors),
        cmocka_unit_test(test_million_a),
        cmocka_unit_test(test_pieces),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
