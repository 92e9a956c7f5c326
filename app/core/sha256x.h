/* sha256x.h - SHA-256 of two messages at once, for the bundle reader.
 *
 * One SHA-256 is a chain of dependent rounds: a core's SHA unit (SHA-NI)
 * waits on each round's result.  Two independent messages interleaved keep
 * it busy: on the bureau's 2-core machines 2.46 GB/s against 1.68 GB/s for
 * one message (issue 20).  The reader hashes each response twice (its chain
 * hash and its part of responses_sha256), so it hashes the two together.
 * Without SHA-NI (or with sha256x_set_portable) the blocks go through
 * libcrypto one at a time: the same digests, at libcrypto's speed. */
#ifndef JH_SHA256X_H
#define JH_SHA256X_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A running hash (a plain value: nothing to free). */
typedef struct {
    uint32_t s[8];       /* the state, in the backend's own layout */
    uint64_t len;        /* bytes taken so far */
    unsigned char buf[64];
    size_t fill;         /* bytes waiting in buf (< 64) */
} sha256x_t;

void sha256x_init(sha256x_t *c);
void sha256x_update(sha256x_t *c, const void *data, size_t len);
void sha256x_final(sha256x_t *c, unsigned char out[32]);

/* out = SHA-256(head[0..64) || body[0..len)), while body and then the byte
 * tail are appended to the running hash stream: the two hashes advance
 * together, a block of each at a time. */
void sha256x_pair_step(sha256x_t *stream, const void *head64, const void *body, size_t len, unsigned char tail,
                       unsigned char out[32]);

/* oa = SHA-256(a[0..la)) and ob = SHA-256(b[0..lb)), a block of each at a
 * time (e.g. two files: 1.5 times the speed of one after the other). */
void sha256x_pair(const void *a, size_t la, const void *b, size_t lb, unsigned char oa[32], unsigned char ob[32]);

/* "sha-ni" or "libcrypto": what hashes the blocks. */
const char *sha256x_backend(void);

/* Tests: force the libcrypto backend (true) or let the CPU decide (false).
 * Not thread-safe; call before any hashing. */
void sha256x_set_portable(bool on);

#endif
