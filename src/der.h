/* der.h: a small, strict DER reader, portable C: the two certificate
 * template extensions (used by the Windows store probe when
 * CryptDecodeObjectEx cannot decode them, since Wine has no
 * X509_CERTIFICATE_TEMPLATE decoder, and by the certificate file import),
 * and the parts of an X.509 certificate the facts need (der_cert_decode).
 *
 *   1.3.6.1.4.1.311.21.7  CertificateTemplate ::= SEQUENCE {
 *                             templateID           OBJECT IDENTIFIER,
 *                             templateMajorVersion INTEGER (0..4294967295),
 *                             templateMinorVersion INTEGER (0..4294967295) OPTIONAL }
 *   1.3.6.1.4.1.311.20.2  the V1 template name, a BMPString (also accepted:
 *                             UTF8String, PrintableString, IA5String) */
#ifndef ENROLLDOC_DER_H
#define ENROLLDOC_DER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One TLV: a single-byte tag, definite minimal length. */
struct der_tlv {
    unsigned tag;
    const unsigned char *v;      /* the contents */
    size_t len;
};

/* Reads one TLV at P[*OFF..N) (a single-byte tag and a definite, minimal
 * length of at most 4 bytes) and advances *OFF past it. Returns 0, or -1
 * when malformed or truncated (*OFF unchanged). */
int der_next(const unsigned char *p, size_t n, size_t *off, struct der_tlv *t);

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

/* The parts of an X.509 certificate (RFC 5280) that make a cert fact. The
 * pointers point into the buffer given to der_cert_decode. */
struct der_cert {
    size_t len;                  /* bytes of the outer SEQUENCE (what the thumbprint hashes) */
    const unsigned char *issuer, *subject;   /* the Name SEQUENCEs, tag and length included */
    size_t issuer_len, subject_len;
    int64_t not_before, not_after;           /* seconds since 1970, UTC */
    const unsigned char *v1;     /* value of 1.3.6.1.4.1.311.20.2 (the OCTET STRING's contents), or NULL */
    size_t v1_len;
    const unsigned char *v2;     /* value of 1.3.6.1.4.1.311.21.7, or NULL */
    size_t v2_len;
};

/* Decodes the certificate at P[0..N) (its outer SEQUENCE must begin at 0;
 * bytes after it are the caller's business: OUT->len says where it ends).
 * Returns 0, or -1 with *WHERE set to the byte offset of the element that
 * is malformed. The signature is not verified: the facts are what the
 * certificate says, whoever signed it. */
int der_cert_decode(const unsigned char *p, size_t n, struct der_cert *out, size_t *where);

/* A UTCTime (0x17, YYMMDDHHMMSSZ; 19YY for YY >= 50) or GeneralizedTime
 * (0x18, YYYYMMDDHHMMSSZ) as seconds since 1970. Returns 0 or -1. */
int der_time(const struct der_tlv *t, int64_t *out);

/* The Name (a SEQUENCE of RDNs, tag and length included) at P[0..N) as
 * Windows writes it with CertNameToStr(CERT_X500_NAME_STR |
 * CERT_NAME_STR_REVERSE_FLAG), the form the store probe keeps: the most
 * specific part first, "CN=Alice, OU=Staff, DC=corp, DC=example", the
 * parts of a multi-valued RDN joined by " + ", a value with , + = " < > # ;
 * a line break or blanks at either end in double quotes (a quote inside
 * doubled). Known attributes by Windows' short names (CN, SN,
 * SERIALNUMBER, C, L, S, STREET, O, OU, T, G, I, E, DC, PostalCode,
 * Description), any other as "OID.<dotted>". Strings: UTF8String,
 * PrintableString, IA5String, BMPString, TeletexString (read as Latin-1),
 * UniversalString. Returns 0, or -1 when malformed or BUF is too small. */
int der_name_text(const unsigned char *p, size_t n, char *buf, size_t size);

#endif
