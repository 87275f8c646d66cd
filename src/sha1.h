/* sha1.h: SHA-1 (FIPS 180-4), for certificate thumbprints: Windows names a
 * certificate by the SHA-1 of its DER ("Cert Hash(sha1)"), and a
 * certificate file read on Linux must get the same name as the store probe
 * gives it on Windows. Only a fingerprint, never a security decision: the
 * weakness of SHA-1 against collisions does not matter here.
 *
 * Our own small implementation rather than a library: both builds (Linux
 * and the mingw-w64 exe) need it, the Windows exe links no crypto library
 * of its own (the probe asks CryptoAPI), and Debian's candidates (nettle,
 * libgcrypt, OpenSSL) would add a dependency to both packages for 100
 * lines. Tested against the FIPS 180 example vectors (tests/unit/test_sha1.c). */
#ifndef ENROLLDOC_SHA1_H
#define ENROLLDOC_SHA1_H

#include <stddef.h>
#include <stdint.h>

struct sha1 {
    uint32_t h[5];
    uint64_t bytes;              /* message length so far */
    unsigned char buf[64];
    size_t nbuf;
};

void sha1_init(struct sha1 *s);
void sha1_update(struct sha1 *s, const void *data, size_t n);
void sha1_final(struct sha1 *s, unsigned char out[20]);

/* The SHA-1 of P[0..N) as 40 upper-case hex digits and a NUL (as Windows
 * writes thumbprints), into HEX. */
void sha1_hex(const void *p, size_t n, char hex[41]);

#endif
