/* probe_der.h: a small, strict DER reader for the two certificate template
 * extensions, used when CryptDecodeObjectEx cannot decode them (Wine has no
 * X509_CERTIFICATE_TEMPLATE decoder). Pure C without any Windows header, so
 * that tests/unit/test_der.c runs it on Linux as well.
 *
 *   1.3.6.1.4.1.311.21.7  CertificateTemplate ::= SEQUENCE {
 *                             templateID           OBJECT IDENTIFIER,
 *                             templateMajorVersion INTEGER (0..4294967295),
 *                             templateMinorVersion INTEGER (0..4294967295) OPTIONAL }
 *   1.3.6.1.4.1.311.20.2  the V1 template name, a BMPString (also accepted:
 *                             UTF8String, PrintableString, IA5String) */
#ifndef ENROLLDOC_WIN32_PROBE_DER_H
#define ENROLLDOC_WIN32_PROBE_DER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct der_template {
    char oid[256];               /* dotted, NUL-terminated */
    uint32_t major;
    bool has_minor;
    uint32_t minor;
};

/* Decodes the DER OBJECT IDENTIFIER contents P[0..N) (without tag and
 * length) as dotted text into BUF. Returns 0, or -1 when malformed (empty,
 * an arc not terminated, a non-minimal arc, an arc above 2^64-1) or when BUF
 * is too small. */
int der_oid_text(const unsigned char *p, size_t n, char *buf, size_t size);

/* Decodes the whole extension value P[0..N) as a CertificateTemplate into
 * *OUT. Returns 0, or -1 when it is not exactly one well-formed SEQUENCE of
 * that shape (indefinite or overlong lengths, negative or oversized
 * versions, trailing bytes are rejected). */
int der_template_decode(const unsigned char *p, size_t n, struct der_template *out);

/* Decodes the extension value P[0..N), a single string (BMPString,
 * UTF8String, PrintableString or IA5String), as UTF-8 into BUF.
 * Returns 0, or -1 when malformed, not one of those, or BUF is too small.
 * Unpaired UTF-16 surrogates and NUL characters are rejected. */
int der_string_utf8(const unsigned char *p, size_t n, char *buf, size_t size);

#endif
