/* test_textdec.c: text decoded into UTF-8 (src/textdec.c): the encodings
 * Windows tools write, told from the bytes; pieces give what the whole
 * gives. */
#include "testutil.h"

#include "textdec.h"

static char *dec(const void *in, size_t n, enum text_enc *enc, bool *bom)
{
    char *out = NULL;
    size_t len = 0;
    struct err e;
    err_clear(&e);
    assert_int_equal(text_decode("t.txt", in, n, &out, &len, enc, bom, &e), 0);
    assert_int_equal(strlen(out), len);
    return out;
}

static void encodings(void **state)
{
    (void)state;
    enum text_enc enc;
    bool bom;
    /* UTF-16 LE with a mark, as reg export writes: "Zertifikat ä" */
    static const unsigned char le[] = {0xFF, 0xFE, 'Z', 0, 'e', 0, 'r', 0, 't', 0, ' ', 0, 0xE4, 0};
    char *s = dec(le, sizeof(le), &enc, &bom);
    assert_string_equal(s, "Zert \xC3\xA4");
    assert_int_equal(enc, TEXT_UTF16LE);
    assert_true(bom);
    free(s);
    /* UTF-16 BE without a mark (told from the zero bytes), a surrogate
     * pair (U+1F600) */
    static const unsigned char be[] = {0, 'a', 0, 'b', 0, 'c', 0, 'd', 0xD8, 0x3D,
                                       0xDE, 0x00, 0, 'e', 0, 'f', 0, 'g', 0, 'h'};
    s = dec(be, sizeof(be), &enc, &bom);
    assert_string_equal(s, "abcd\xF0\x9F\x98\x80" "efgh");
    assert_int_equal(enc, TEXT_UTF16BE);
    assert_false(bom);
    free(s);
    /* a lone low surrogate becomes U+FFFD */
    static const unsigned char lone[] = {0xFF, 0xFE, 'a', 0, 0x00, 0xDC, 'b', 0};
    s = dec(lone, sizeof(lone), NULL, NULL);
    assert_string_equal(s, "a\xEF\xBF\xBD" "b");
    free(s);
    /* UTF-8 with a mark; then Latin-1 from the first byte that is not UTF-8 */
    s = dec("\xEF\xBB\xBFgr\xC3\xBC\xC3\x9F", 9, &enc, &bom);
    assert_string_equal(s, "gr\xC3\xBC\xC3\x9F");
    assert_int_equal(enc, TEXT_UTF8);
    assert_true(bom);
    free(s);
    s = dec("Stra\xDF" "e", 6, &enc, &bom);
    assert_string_equal(s, "Stra\xC3\x9F" "e");
    assert_int_equal(enc, TEXT_LATIN1);
    free(s);
}

static void not_text(void **state)
{
    (void)state;
    char *out = (char *)1;
    size_t len = 9;
    struct err e;
    err_clear(&e);
    /* a NUL in UTF-8 text, and a UTF-16 NUL unit */
    assert_int_equal(text_decode("b.bin", "abcdefgh\0ijklmnop", 17, &out, &len, NULL, NULL, &e), -1);
    assert_string_equal(e.key, "error.import.binary");
    assert_string_equal(e.args[0].value, "b.bin");
    assert_null(out);
    static const unsigned char nul16[] = {0xFF, 0xFE, 'a', 0, 0, 0, 'b', 0};
    assert_int_equal(text_decode("c.bin", nul16, sizeof(nul16), &out, &len, NULL, NULL, &e), -1);
    assert_string_equal(e.key, "error.import.binary");
    /* empty input is empty text */
    out = dec("", 0, NULL, NULL);
    assert_string_equal(out, "");
    free(out);
}

/* Decoding in pieces of every size gives the whole's result. */
static void pieces(void **state)
{
    (void)state;
    static const unsigned char in[] = {0xFF, 0xFE, 'a', 0, 0xE4, 0, 0x3D, 0xD8, 0x00, 0xDE, 'z', 0, '\n', 0};
    char *whole = dec(in, sizeof(in), NULL, NULL);
    for (size_t piece = 1; piece <= sizeof(in); piece++) {
        unsigned char out[64];
        struct textdec d;
        memset(&d, 0, sizeof(d));
        d.out = out;
        d.cap = sizeof(out);
        bool bom;
        size_t skip = textdec_start(&d, in, sizeof(in), &bom);
        unsigned char carry[8];
        size_t nc = 0, pos = skip;
        while (pos < sizeof(in) || nc > 0) {
            unsigned char buf[80];
            memcpy(buf, carry, nc);
            size_t take = sizeof(in) - pos < piece ? sizeof(in) - pos : piece;
            memcpy(buf + nc, in + pos, take);
            pos += take;
            size_t have = nc + take;
            bool last = pos == sizeof(in);
            size_t used = textdec_piece(&d, buf, have, last);
            nc = have - used;
            assert_true(nc < 4);
            memcpy(carry, buf + used, nc);
            if (last)
                break;
        }
        assert_false(d.failed);
        assert_int_equal(d.len, strlen(whole));
        assert_memory_equal(d.out, whole, d.len);
    }
    free(whole);
}

/* The start that says UTF-16: a mark, or one zero byte of the first two. */
static void starts_utf16(void **state)
{
    (void)state;
    assert_true(text_starts_utf16("\xFF\xFE", 2));
    assert_true(text_starts_utf16("\xFE\xFF", 2));
    assert_true(text_starts_utf16("{\0", 2));
    assert_true(text_starts_utf16("\0{", 2));
    assert_false(text_starts_utf16("{\"", 2));
    assert_false(text_starts_utf16("\0\0", 2));   /* UTF-32, or no text */
    assert_false(text_starts_utf16("\xEF\xBB\xBF{", 4));
    assert_false(text_starts_utf16("{", 1));
    assert_false(text_starts_utf16("", 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(encodings),
        cmocka_unit_test(not_text),
        cmocka_unit_test(pieces),
        cmocka_unit_test(starts_utf16),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
