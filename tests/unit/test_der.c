/* test_der.c: src/der.c, the portable DER decoder that the Windows store
 * probe and the certificate import share. The template extensions: the encodings openssl writes, edge values, and hostile inputs (truncated,
 * overlong, indefinite lengths, negative versions, trailing bytes, every
 * truncation and every single-byte corruption of a valid value). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "der.h"

/* `openssl asn1parse -genconf` of the V2 extension in shared/WINE.md 2:
 * OID 1.3.6.1.4.1.311.21.8.1111111.2222222.3333333.4444444.5555555.66.7777777.8888888,
 * major 100, minor 5 */
static const unsigned char V2[] = {
    0x30, 0x2d, 0x06, 0x25, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x15, 0x08, 0xc3, 0xe8, 0x47,
    0x81, 0x87, 0xd1, 0x0e, 0x81, 0xcb, 0xb9, 0x55, 0x82, 0x8f, 0xa2, 0x1c, 0x82, 0xd3, 0x8a, 0x63,
    0x42, 0x83, 0xda, 0xdb, 0x71, 0x84, 0x9e, 0xc4, 0x38, 0x02, 0x01, 0x64, 0x02, 0x01, 0x05};
static const char V2_OID[] =
    "1.3.6.1.4.1.311.21.8.1111111.2222222.3333333.4444444.5555555.66.7777777.8888888";

/* BMPSTRING:User */
static const unsigned char V1[] = {0x1e, 0x08, 0x00, 0x55, 0x00, 0x73, 0x00, 0x65, 0x00, 0x72};

static void test_v2_openssl(void **state)
{
    (void)state;
    struct der_template t;
    assert_int_equal(der_template_decode(V2, sizeof(V2), &t), 0);
    assert_string_equal(t.oid, V2_OID);
    assert_int_equal(t.major, 100);
    assert_true(t.has_minor);
    assert_int_equal(t.minor, 5);
}

static void test_v2_without_minor(void **state)
{
    (void)state;
    /* SEQUENCE { OID 1.2.840.113549, INTEGER 4294967295 } */
    static const unsigned char d[] = {0x30, 0x0f, 0x06, 0x06, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d,
                                      0x02, 0x05, 0x00, 0xff, 0xff, 0xff, 0xff};
    struct der_template t;
    assert_int_equal(der_template_decode(d, sizeof(d), &t), 0);
    assert_string_equal(t.oid, "1.2.840.113549");
    assert_int_equal(t.major, 4294967295u);
    assert_false(t.has_minor);
}

static void test_v2_long_length(void **state)
{
    (void)state;
    /* the same content with the SEQUENCE length in long form is not DER */
    unsigned char d[sizeof(V2) + 1];
    d[0] = 0x30;
    d[1] = 0x81;
    d[2] = 0x2d;
    memcpy(d + 3, V2 + 2, sizeof(V2) - 2);
    struct der_template t;
    assert_int_equal(der_template_decode(d, sizeof(d), &t), -1);
    assert_string_equal(t.oid, "");
}

static void test_v2_hostile(void **state)
{
    (void)state;
    struct der_template t;
    static const unsigned char indefinite[] = {0x30, 0x80, 0x06, 0x01, 0x2a, 0x02, 0x01, 0x01, 0x00, 0x00};
    static const unsigned char negative[] = {0x30, 0x06, 0x06, 0x01, 0x2a, 0x02, 0x01, 0xff};
    static const unsigned char padded[] = {0x30, 0x07, 0x06, 0x01, 0x2a, 0x02, 0x02, 0x00, 0x05};
    static const unsigned char too_big[] = {0x30, 0x0a, 0x06, 0x01, 0x2a, 0x02, 0x05,
                                            0x01, 0x00, 0x00, 0x00, 0x00};
    static const unsigned char trailing[] = {0x30, 0x06, 0x06, 0x01, 0x2a, 0x02, 0x01, 0x05, 0x00};
    static const unsigned char extra_elem[] = {0x30, 0x0c, 0x06, 0x01, 0x2a, 0x02, 0x01, 0x05,
                                               0x02, 0x01, 0x01, 0x02, 0x01, 0x01};
    static const unsigned char no_major[] = {0x30, 0x03, 0x06, 0x01, 0x2a};
    static const unsigned char wrong_order[] = {0x30, 0x06, 0x02, 0x01, 0x05, 0x06, 0x01, 0x2a};
    static const unsigned char len_past_end[] = {0x30, 0x7f, 0x06, 0x01, 0x2a};
    static const unsigned char huge_len[] = {0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x06};
    static const unsigned char five_len_bytes[] = {0x30, 0x85, 0x00, 0x00, 0x00, 0x00, 0x03};
    static const unsigned char empty_oid[] = {0x30, 0x05, 0x06, 0x00, 0x02, 0x01, 0x05};
    static const unsigned char open_arc[] = {0x30, 0x06, 0x06, 0x01, 0xaa, 0x02, 0x01, 0x05};
    static const unsigned char overlong_arc[] = {0x30, 0x07, 0x06, 0x02, 0x80, 0x2a, 0x02, 0x01, 0x05};
    static const unsigned char multi_tag[] = {0x3f, 0x01, 0x00};
    static const unsigned char not_seq[] = {0x31, 0x06, 0x06, 0x01, 0x2a, 0x02, 0x01, 0x05};
    const struct {
        const unsigned char *d;
        size_t n;
        const char *what;
    } bad[] = {
        {indefinite, sizeof(indefinite), "indefinite length"},
        {negative, sizeof(negative), "negative version"},
        {padded, sizeof(padded), "non-minimal integer"},
        {too_big, sizeof(too_big), "version above 2^32-1"},
        {trailing, sizeof(trailing), "trailing byte"},
        {extra_elem, sizeof(extra_elem), "fourth element"},
        {no_major, sizeof(no_major), "major version missing"},
        {wrong_order, sizeof(wrong_order), "integer before OID"},
        {len_past_end, sizeof(len_past_end), "length past the end"},
        {huge_len, sizeof(huge_len), "4 GiB length"},
        {five_len_bytes, sizeof(five_len_bytes), "five length bytes"},
        {empty_oid, sizeof(empty_oid), "empty OID"},
        {open_arc, sizeof(open_arc), "unterminated arc"},
        {overlong_arc, sizeof(overlong_arc), "arc with leading 0x80"},
        {multi_tag, sizeof(multi_tag), "multi-byte tag"},
        {not_seq, sizeof(not_seq), "SET instead of SEQUENCE"},
        {V2, 0, "empty input"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (der_template_decode(bad[i].d, bad[i].n, &t) != -1)
            fail_msg("accepted: %s", bad[i].what);
    assert_int_equal(der_template_decode(NULL, 5, &t), -1);
}

static void test_v2_every_truncation_and_flip(void **state)
{
    (void)state;
    struct der_template t;
    for (size_t n = 0; n < sizeof(V2); n++)
        if (der_template_decode(V2, n, &t) != -1)
            fail_msg("accepted the first %zu of %zu bytes", n, sizeof(V2));
    /* corrupting any byte must either be rejected or decode to something
     * that is still NUL-terminated and within bounds (never a crash) */
    unsigned char d[sizeof(V2)];
    size_t rejected = 0;
    for (size_t i = 0; i < sizeof(V2); i++) {
        for (unsigned v = 0; v < 256; v += 17) {
            memcpy(d, V2, sizeof(V2));
            d[i] = (unsigned char)v;
            if (der_template_decode(d, sizeof(d), &t) != 0)
                rejected++;
            else
                assert_true(memchr(t.oid, '\0', sizeof(t.oid)) != NULL);
        }
    }
    assert_true(rejected > 0);
}

static void test_oid_text(void **state)
{
    (void)state;
    char buf[64];
    static const unsigned char rsa[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01};
    assert_int_equal(der_oid_text(rsa, sizeof(rsa), buf, sizeof(buf)), 0);
    assert_string_equal(buf, "1.2.840.113549.1.1.1");
    static const unsigned char joint[] = {0x88, 0x37, 0x03}; /* 2.999.3 */
    assert_int_equal(der_oid_text(joint, sizeof(joint), buf, sizeof(buf)), 0);
    assert_string_equal(buf, "2.999.3");
    static const unsigned char zero[] = {0x00};
    assert_int_equal(der_oid_text(zero, sizeof(zero), buf, sizeof(buf)), 0);
    assert_string_equal(buf, "0.0");
    /* an arc of 2^64-1 is the largest: 0xFFFFFFFFFFFFFFFF in 10 septets */
    static const unsigned char max64[] = {0x2a, 0x81, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f};
    assert_int_equal(der_oid_text(max64, sizeof(max64), buf, sizeof(buf)), 0);
    assert_string_equal(buf, "1.2.18446744073709551615");
    static const unsigned char over64[] = {0x2a, 0x82, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f};
    assert_int_equal(der_oid_text(over64, sizeof(over64), buf, sizeof(buf)), -1);
    /* too small a buffer: refused, never overrun */
    char tiny[6];
    assert_int_equal(der_oid_text(rsa, sizeof(rsa), tiny, sizeof(tiny)), -1);
    assert_string_equal(tiny, "");
}

static void test_string(void **state)
{
    (void)state;
    char buf[64];
    assert_int_equal(der_string_utf8(V1, sizeof(V1), buf, sizeof(buf)), 0);
    assert_string_equal(buf, "User");
    /* BMPString "Bü€" and one astral character as a surrogate pair */
    static const unsigned char bmp[] = {0x1e, 0x0a, 0x00, 0x42, 0x00, 0xfc, 0x20, 0xac, 0xd8, 0x3d, 0xde, 0x00};
    assert_int_equal(der_string_utf8(bmp, sizeof(bmp), buf, sizeof(buf)), 0);
    assert_string_equal(buf, "B\xc3\xbc\xe2\x82\xac\xf0\x9f\x98\x80");
    static const unsigned char utf8[] = {0x0c, 0x06, 'W', 'e', 'b', 0xc3, 0xa4, 'x'};
    assert_int_equal(der_string_utf8(utf8, sizeof(utf8), buf, sizeof(buf)), 0);
    assert_string_equal(buf, "Web\xc3\xa4x");
    static const unsigned char ia5[] = {0x16, 0x03, 'a', 'b', 'c'};
    assert_int_equal(der_string_utf8(ia5, sizeof(ia5), buf, sizeof(buf)), 0);
    assert_string_equal(buf, "abc");

    static const unsigned char odd[] = {0x1e, 0x03, 0x00, 0x41, 0x00};
    static const unsigned char lone_hi[] = {0x1e, 0x02, 0xd8, 0x3d};
    static const unsigned char lone_lo[] = {0x1e, 0x02, 0xde, 0x00};
    static const unsigned char nul[] = {0x1e, 0x02, 0x00, 0x00};
    static const unsigned char bad_utf8[] = {0x0c, 0x02, 0xc0, 0xaf};
    static const unsigned char surrogate_utf8[] = {0x0c, 0x03, 0xed, 0xa0, 0x80};
    static const unsigned char high_ia5[] = {0x16, 0x01, 0xe4};
    static const unsigned char octets[] = {0x04, 0x01, 0x41};
    static const unsigned char trail[] = {0x16, 0x01, 0x41, 0x00};
    const unsigned char *bad[] = {odd, lone_hi, lone_lo, nul, bad_utf8, surrogate_utf8, high_ia5, octets, trail};
    const size_t len[] = {sizeof(odd), sizeof(lone_hi), sizeof(lone_lo), sizeof(nul), sizeof(bad_utf8),
                          sizeof(surrogate_utf8), sizeof(high_ia5), sizeof(octets), sizeof(trail)};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (der_string_utf8(bad[i], len[i], buf, sizeof(buf)) != -1)
            fail_msg("bad string %zu accepted as '%s'", i, buf);
    /* too small a buffer */
    char tiny[4];
    assert_int_equal(der_string_utf8(V1, sizeof(V1), tiny, sizeof(tiny)), -1);
    assert_int_equal(der_string_utf8(ia5, sizeof(ia5), tiny, 3), -1);
    for (size_t n = 0; n < sizeof(V1); n++)
        assert_int_equal(der_string_utf8(V1, n, buf, sizeof(buf)), -1);
}

static void test_time(void **state)
{
    (void)state;
    struct der_tlv t = {0x17, (const unsigned char *)"261203125538Z", 13};
    int64_t v;
    assert_int_equal(der_time(&t, &v), 0);
    assert_int_equal(v, 1796302538);
    t.v = (const unsigned char *)"500101000000Z"; /* 1950 */
    assert_int_equal(der_time(&t, &v), 0);
    assert_int_equal(v, -631152000);
    struct der_tlv g = {0x18, (const unsigned char *)"20500101000000Z", 15};
    assert_int_equal(der_time(&g, &v), 0);
    assert_int_equal(v, 2524608000);
    const char *bad[] = {"261303125538Z", "260230125538Z", "261203245538Z", "26120312553 Z", "261203125538+"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        t.v = (const unsigned char *)bad[i];
        assert_int_equal(der_time(&t, &v), -1);
    }
    t.len = 12;
    assert_int_equal(der_time(&t, &v), -1);
}

/* Name: C=DE, O="a,b", CN=x + SN=y (a two-valued RDN), 1.2.3=z (unknown) */
static void test_name(void **state)
{
    (void)state;
    static const unsigned char name[] = {
        0x30, 0x3d,
        0x31, 0x0b, 0x30, 0x09, 0x06, 0x03, 0x55, 0x04, 0x06, 0x13, 0x02, 'D', 'E',
        0x31, 0x0c, 0x30, 0x0a, 0x06, 0x03, 0x55, 0x04, 0x0a, 0x0c, 0x03, 'a', ',', 'b',
        0x31, 0x15, 0x30, 0x08, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x01, 'x',
                    0x30, 0x09, 0x06, 0x03, 0x55, 0x04, 0x04, 0x1e, 0x02, 0x00, 'y',
        0x31, 0x09, 0x30, 0x07, 0x06, 0x02, 0x2a, 0x03, 0x16, 0x01, '"'};
    char buf[128];
    assert_int_equal(der_name_text(name, sizeof(name), buf, sizeof(buf)), 0);
    assert_string_equal(buf, "OID.1.2.3=\"\"\"\", CN=x + SN=y, O=\"a,b\", C=DE");
    /* too small a buffer, any truncation */
    assert_int_equal(der_name_text(name, sizeof(name), buf, 20), -1);
    for (size_t k = 0; k < sizeof(name); k++)
        assert_int_equal(der_name_text(name, k, buf, sizeof(buf)), -1);
    static const unsigned char empty[] = {0x30, 0x00};
    assert_int_equal(der_name_text(empty, sizeof(empty), buf, sizeof(buf)), 0);
    assert_string_equal(buf, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_v2_openssl),
        cmocka_unit_test(test_v2_without_minor),
        cmocka_unit_test(test_v2_long_length),
        cmocka_unit_test(test_v2_hostile),
        cmocka_unit_test(test_v2_every_truncation_and_flip),
        cmocka_unit_test(test_oid_text),
        cmocka_unit_test(test_string),
        cmocka_unit_test(test_time),
        cmocka_unit_test(test_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
