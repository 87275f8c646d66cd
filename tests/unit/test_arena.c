/* test_arena.c: src/arena.c: alignment, zeroing, large allocations, string
 * copies, overflow, freeing and reuse. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"

static void assert_aligned(const void *p)
{
    assert_non_null(p);
    if ((uintptr_t)p % _Alignof(max_align_t) != 0)
        fail_msg("%p is not aligned to %zu", p, (size_t)_Alignof(max_align_t));
}

static void assert_zero(const void *p, size_t n)
{
    const unsigned char *u = p;
    for (size_t i = 0; i < n; i++)
        if (u[i] != 0)
            fail_msg("byte %zu of %zu is 0x%02X, not zero", i, n, u[i]);
}

static void test_alignment(void **state)
{
    (void)state;
    struct arena a = {0};
    /* every size from 0 to 200, in order, so that odd sizes follow each other */
    for (size_t n = 0; n <= 200; n++) {
        void *p = arena_alloc(&a, n);
        assert_aligned(p);
    }
    /* strings of odd length must not spoil the alignment of what follows */
    for (size_t n = 0; n < 50; n++) {
        assert_aligned(arena_strndup(&a, "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz", n));
        long double *ld = arena_alloc(&a, sizeof(long double));
        assert_aligned(ld);
        *ld = 1.5L; /* a misaligned long double would trap under UBSan */
        assert_true(*ld == 1.5L);
    }
    /* also across block boundaries and after a large allocation */
    for (int i = 0; i < 3000; i++)
        assert_aligned(arena_alloc(&a, (size_t)(i % 97) + 1));
    assert_aligned(arena_alloc(&a, 1000 * 1000 + 3));
    assert_aligned(arena_alloc(&a, 3));
    assert_aligned(arena_calloc(&a, 7, 3));
    arena_free(&a);
}

static void test_zeroing(void **state)
{
    (void)state;
    struct arena a = {0};
    /* Dirty the heap: fill allocations, free the arena, allocate again. The
     * new memory may well be the old one; it must come back zeroed. */
    for (int round = 0; round < 3; round++) {
        for (size_t n = 1; n < 5000; n += 37) {
            unsigned char *p = arena_alloc(&a, n);
            assert_non_null(p);
            assert_zero(p, n);
            memset(p, 0xAA, n);
        }
        unsigned char *big = arena_alloc(&a, 200 * 1024);
        assert_non_null(big);
        assert_zero(big, 200 * 1024);
        memset(big, 0x55, 200 * 1024);
        unsigned char *c = arena_calloc(&a, 1000, 8);
        assert_non_null(c);
        assert_zero(c, 8000);
        memset(c, 0xCC, 8000);
        arena_free(&a);
        assert_null(a.head);
    }
}

static void test_large_and_disjoint(void **state)
{
    (void)state;
    struct arena a = {0};
    enum { N = 400 };
    unsigned char *p[N];
    size_t sz[N];
    for (size_t i = 0; i < N; i++) {
        /* a mix of small ones and ones larger than a block (64 KiB) */
        sz[i] = i % 50 == 0 ? 70 * 1024 + i : (i * 7919) % 3000 + 1;
        p[i] = arena_alloc(&a, sz[i]);
        assert_non_null(p[i]);
        memset(p[i], (int)(i & 0xFF), sz[i]);
    }
    /* nothing overwrote anything else */
    for (size_t i = 0; i < N; i++)
        for (size_t k = 0; k < sz[i]; k++)
            if (p[i][k] != (unsigned char)(i & 0xFF))
                fail_msg("allocation %zu byte %zu was overwritten", i, k);
    /* one allocation far beyond the block size, usable end to end */
    size_t huge = 5u * 1024 * 1024 + 1;
    unsigned char *h = arena_alloc(&a, huge);
    assert_non_null(h);
    assert_zero(h, huge);
    h[0] = 1;
    h[huge - 1] = 2;
    /* small allocations still work afterwards and do not land inside it */
    unsigned char *s = arena_alloc(&a, 16);
    assert_non_null(s);
    assert_true(s + 16 <= h || s >= h + huge);
    arena_free(&a);
}

/* A piece too large for the current block does not end that block, which
 * goes on serving the small ones; pieces
 * from arena_alloc_uninit() are usable and disjoint from the others. */
static void test_large_keeps_block(void **state)
{
    (void)state;
    struct arena a = {0};
    unsigned char *s1 = arena_alloc(&a, 32);
    unsigned char *big = arena_alloc_uninit(&a, 70 * 1024);
    unsigned char *s2 = arena_alloc(&a, 32);
    assert_non_null(s1);
    assert_non_null(big);
    assert_non_null(s2);
    memset(big, 0xAB, 70 * 1024);
    assert_zero(s1, 32);
    assert_zero(s2, 32);
    /* the second small piece follows the first in the same block */
    assert_true(s2 > s1 && s2 - s1 < 1024);
    assert_true(s2 + 32 <= big || s2 >= big + 70 * 1024);
    /* the first piece of an empty arena may be a large one */
    struct arena b = {0};
    char *l = arena_alloc_uninit(&b, 100 * 1024);
    char *t = arena_strdup(&b, "tail");
    assert_non_null(l);
    assert_string_equal(t, "tail");
    arena_free(&b);
    arena_free(&a);
}

static void test_zero_size(void **state)
{
    (void)state;
    struct arena a = {0};
    void *x = arena_alloc(&a, 0);
    void *y = arena_alloc(&a, 0);
    assert_non_null(x);
    assert_non_null(y);
    assert_ptr_not_equal(x, y);
    assert_non_null(arena_calloc(&a, 0, 16));
    assert_non_null(arena_calloc(&a, 16, 0));
    arena_free(&a);
}

static void test_strings(void **state)
{
    (void)state;
    struct arena a = {0};
    char *s = arena_strdup(&a, "Contoso User");
    assert_non_null(s);
    assert_string_equal(s, "Contoso User");
    const char src[] = "hello world";
    char *n = arena_strndup(&a, src, 5);
    assert_string_equal(n, "hello");
    assert_ptr_not_equal(n, src);
    char *e = arena_strndup(&a, src, 0);
    assert_non_null(e);
    assert_string_equal(e, "");
    char *u = arena_strdup(&a, "Gr\xC3\xBC\xC3\x9F" "e");
    assert_string_equal(u, "Gr\xC3\xBC\xC3\x9F" "e");
    /* the copy is independent of the source */
    char buf[16] = "mutable";
    char *m = arena_strdup(&a, buf);
    buf[0] = 'X';
    assert_string_equal(m, "mutable");
    /* a long string, larger than a block */
    size_t len = 100 * 1024;
    char *big = malloc(len + 1);
    assert_non_null(big);
    memset(big, 'q', len);
    big[len] = '\0';
    char *bc = arena_strdup(&a, big);
    assert_non_null(bc);
    assert_int_equal(strlen(bc), len);
    assert_memory_equal(bc, big, len);
    free(big);
    /* impossible length */
    assert_null(arena_strndup(&a, "x", SIZE_MAX));
    arena_free(&a);
}

static void test_overflow(void **state)
{
    (void)state;
    struct arena a = {0};
    assert_null(arena_calloc(&a, SIZE_MAX / 2 + 1, 2));
    assert_null(arena_calloc(&a, SIZE_MAX, SIZE_MAX));
    assert_null(arena_calloc(&a, (SIZE_MAX >> 4) + 1, 16));
    assert_null(arena_alloc(&a, SIZE_MAX));
    assert_null(arena_alloc(&a, SIZE_MAX - 1));
    /* (sizes that pass these guards are left to malloc, which may refuse
     * them or, under AddressSanitizer, abort: not tested here) */
    /* the arena is still usable after refusals */
    int *ok = arena_calloc(&a, 4, sizeof(int));
    assert_non_null(ok);
    assert_zero(ok, 4 * sizeof(int));
    arena_free(&a);
}

static void test_free_reuse(void **state)
{
    (void)state;
    struct arena a = {0};
    arena_free(&a); /* freeing an unused arena is fine */
    assert_null(a.head);
    for (int round = 0; round < 5; round++) {
        for (int i = 0; i < 1000; i++) {
            char *s = arena_strdup(&a, "reuse");
            assert_non_null(s);
            assert_string_equal(s, "reuse");
        }
        assert_non_null(a.head);
        arena_free(&a);
        assert_null(a.head);
    }
    arena_free(&a); /* twice is fine */
    assert_null(a.head);
    assert_non_null(arena_alloc(&a, 10));
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alignment),
        cmocka_unit_test(test_zeroing),
        cmocka_unit_test(test_large_and_disjoint),
        cmocka_unit_test(test_large_keeps_block),
        cmocka_unit_test(test_zero_size),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_overflow),
        cmocka_unit_test(test_free_reuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
