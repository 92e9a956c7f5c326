/* sha256x.c - SHA-256 of two messages at once (see sha256x.h). */
#include "sha256x.h"

#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>
#include <pthread.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <immintrin.h>
#define SHA256X_NI 1
#endif

/* ---- types ---------------------------------------------------------------- */

/* What hashes blocks: the state is kept in the backend's own layout from
 * init to final (SHA-NI wants the words as ABEF and CDGH). */
typedef struct {
    const char *name;
    void (*from_std)(uint32_t s[8], const uint32_t h[8]);
    void (*to_std)(uint32_t h[8], const uint32_t s[8]);
    void (*blocks1)(uint32_t s[8], const unsigned char *p, size_t n);
    void (*blocks2)(uint32_t sa[8], const unsigned char *pa, uint32_t sb[8], const unsigned char *pb);
} backend_t;

/* The blocks of H(head || body), padding included, one at a time (head:
 * one block, or NULL for none). */
typedef struct {
    const unsigned char *head, *body;
    size_t len, off;
    int phase;
    unsigned ntail, itail;
    unsigned char tail[128];
} msg_it_t;

/* The blocks that appending the segments to a running hash completes; what
 * is left over stays in the hash's buffer. */
typedef struct {
    sha256x_t *c;
    const unsigned char *seg[2];
    size_t n[2], pos;
    int k;
} app_it_t;

/* ---- state ---------------------------------------------------------------- */

static const uint32_t IV[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                               0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

static const backend_t *backend;
static pthread_once_t backend_once = PTHREAD_ONCE_INIT;

/* ---- libcrypto backend ------------------------------------------------------ */

static void std_copy(uint32_t d[8], const uint32_t s[8])
{
    memcpy(d, s, 32);
}

/* SHA256_Update on a context with nothing buffered hashes whole blocks in
 * place with libcrypto's best code for the CPU, leaving the state in h. */
static void ossl_blocks1(uint32_t s[8], const unsigned char *p, size_t n)
{
    SHA256_CTX c;
    SHA256_Init(&c);
    memcpy(c.h, s, 32);
    SHA256_Update(&c, p, 64 * n);
    memcpy(s, c.h, 32);
}

static void ossl_blocks2(uint32_t sa[8], const unsigned char *pa, uint32_t sb[8], const unsigned char *pb)
{
    ossl_blocks1(sa, pa, 1);
    ossl_blocks1(sb, pb, 1);
}

static const backend_t ossl_backend = {"libcrypto", std_copy, std_copy, ossl_blocks1, ossl_blocks2};

/* ---- SHA-NI backend ------------------------------------------------------------ */

#ifdef SHA256X_NI
#define NI __attribute__((target("sha,sse4.1,ssse3")))
#define NI_INLINE static inline __attribute__((always_inline, target("sha,sse4.1,ssse3")))

static const uint32_t K[64] __attribute__((aligned(16))) = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

/* h0..h7 (DCBA, HGFE in the vectors) as ABEF and CDGH, and back. */
NI static void ni_from_std(uint32_t s[8], const uint32_t h[8])
{
    __m128i t = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)h), 0xB1);        /* CDAB */
    __m128i u = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)(h + 4)), 0x1B);  /* EFGH */
    _mm_storeu_si128((__m128i *)s, _mm_alignr_epi8(t, u, 8));                          /* ABEF */
    _mm_storeu_si128((__m128i *)(s + 4), _mm_blend_epi16(u, t, 0xF0));                /* CDGH */
}

NI static void ni_to_std(uint32_t h[8], const uint32_t s[8])
{
    __m128i t = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)s), 0x1B);        /* FEBA */
    __m128i u = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)(s + 4)), 0xB1);  /* DCHG */
    _mm_storeu_si128((__m128i *)h, _mm_blend_epi16(t, u, 0xF0));                       /* DCBA */
    _mm_storeu_si128((__m128i *)(h + 4), _mm_alignr_epi8(u, t, 8));                    /* HGFE */
}

/* The 64 rounds of one block on state (abef, cdgh). */
NI_INLINE void ni_block(__m128i *abef, __m128i *cdgh, const unsigned char *p)
{
    const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i a0 = *abef, c0 = *cdgh, w[16];
#pragma GCC unroll 16
    for (int i = 0; i < 16; i++) {
        if (i < 4)
            w[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * i)), bswap);
        else
            w[i] = _mm_sha256msg2_epu32(
                _mm_add_epi32(_mm_sha256msg1_epu32(w[i - 4], w[i - 3]), _mm_alignr_epi8(w[i - 1], w[i - 2], 4)),
                w[i - 1]);
        __m128i m = _mm_add_epi32(w[i], _mm_load_si128((const __m128i *)(K + 4 * i)));
        *cdgh = _mm_sha256rnds2_epu32(*cdgh, *abef, m);
        *abef = _mm_sha256rnds2_epu32(*abef, *cdgh, _mm_shuffle_epi32(m, 0x0E));
    }
    *abef = _mm_add_epi32(*abef, a0);
    *cdgh = _mm_add_epi32(*cdgh, c0);
}

NI static void ni_blocks1(uint32_t s[8], const unsigned char *p, size_t n)
{
    __m128i abef = _mm_loadu_si128((const __m128i *)s), cdgh = _mm_loadu_si128((const __m128i *)(s + 4));
    for (; n; n--, p += 64) ni_block(&abef, &cdgh, p);
    _mm_storeu_si128((__m128i *)s, abef);
    _mm_storeu_si128((__m128i *)(s + 4), cdgh);
}

/* Two blocks of two messages, round by round: each waits on its own
 * previous round while the other's runs. */
NI static void ni_blocks2(uint32_t sa[8], const unsigned char *pa, uint32_t sb[8], const unsigned char *pb)
{
    const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i s0 = _mm_loadu_si128((const __m128i *)sa), s1 = _mm_loadu_si128((const __m128i *)(sa + 4));
    __m128i t0 = _mm_loadu_si128((const __m128i *)sb), t1 = _mm_loadu_si128((const __m128i *)(sb + 4));
    __m128i a0 = s0, a1 = s1, b0 = t0, b1 = t1, w[16], v[16];
#pragma GCC unroll 16
    for (int i = 0; i < 16; i++) {
        if (i < 4) {
            w[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(pa + 16 * i)), bswap);
            v[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(pb + 16 * i)), bswap);
        } else {
            w[i] = _mm_sha256msg2_epu32(
                _mm_add_epi32(_mm_sha256msg1_epu32(w[i - 4], w[i - 3]), _mm_alignr_epi8(w[i - 1], w[i - 2], 4)),
                w[i - 1]);
            v[i] = _mm_sha256msg2_epu32(
                _mm_add_epi32(_mm_sha256msg1_epu32(v[i - 4], v[i - 3]), _mm_alignr_epi8(v[i - 1], v[i - 2], 4)),
                v[i - 1]);
        }
        __m128i k = _mm_load_si128((const __m128i *)(K + 4 * i));
        __m128i m = _mm_add_epi32(w[i], k), q = _mm_add_epi32(v[i], k);
        s1 = _mm_sha256rnds2_epu32(s1, s0, m);
        t1 = _mm_sha256rnds2_epu32(t1, t0, q);
        s0 = _mm_sha256rnds2_epu32(s0, s1, _mm_shuffle_epi32(m, 0x0E));
        t0 = _mm_sha256rnds2_epu32(t0, t1, _mm_shuffle_epi32(q, 0x0E));
    }
    _mm_storeu_si128((__m128i *)sa, _mm_add_epi32(s0, a0));
    _mm_storeu_si128((__m128i *)(sa + 4), _mm_add_epi32(s1, a1));
    _mm_storeu_si128((__m128i *)sb, _mm_add_epi32(t0, b0));
    _mm_storeu_si128((__m128i *)(sb + 4), _mm_add_epi32(t1, b1));
}

static const backend_t ni_backend = {"sha-ni", ni_from_std, ni_to_std, ni_blocks1, ni_blocks2};

/* SHA extensions (CPUID 7.EBX bit 29) with SSSE3 and SSE4.1 (1.ECX bits 9, 19). */
static bool cpu_has_sha_ni(void)
{
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 9)) || !(c & (1u << 19))) return false;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return false;
    return (b >> 29) & 1;
}
#endif

static void backend_pick(void)
{
#ifdef SHA256X_NI
    if (!backend && cpu_has_sha_ni()) backend = &ni_backend;
#endif
    if (!backend) backend = &ossl_backend;
}

static const backend_t *be(void)
{
    pthread_once(&backend_once, backend_pick);
    return backend;
}

/* ---- block iterators ------------------------------------------------------------- */

static void put_be64(unsigned char *p, uint64_t v)
{
    for (int i = 7; i >= 0; i--, v >>= 8) p[i] = (unsigned char)v;
}

static const unsigned char *msg_next(msg_it_t *m)
{
    if (m->phase == 0) {
        m->phase = 1;
        if (m->head) return m->head;
    }
    if (m->phase == 1) {
        if (m->len - m->off >= 64) {
            const unsigned char *p = m->body + m->off;
            m->off += 64;
            return p;
        }
        size_t t = m->len - m->off, nb = t + 9 <= 64 ? 1 : 2;
        if (t) memcpy(m->tail, m->body + m->off, t);
        m->tail[t] = 0x80;
        memset(m->tail + t + 1, 0, nb * 64 - t - 1 - 8);
        put_be64(m->tail + nb * 64 - 8, ((uint64_t)m->len + (m->head ? 64 : 0)) * 8);
        m->ntail = (unsigned)nb;
        m->itail = 0;
        m->phase = 2;
    }
    return m->itail < m->ntail ? m->tail + 64 * m->itail++ : NULL;
}

static const unsigned char *app_next(app_it_t *a)
{
    sha256x_t *c = a->c;
    while (a->k < 2) {
        size_t rest = a->n[a->k] - a->pos;
        if (c->fill == 0 && rest >= 64) { /* a whole block in place */
            const unsigned char *p = a->seg[a->k] + a->pos;
            a->pos += 64;
            c->len += 64;
            return p;
        }
        if (rest == 0) {
            a->k++;
            a->pos = 0;
            continue;
        }
        size_t take = 64 - c->fill < rest ? 64 - c->fill : rest;
        memcpy(c->buf + c->fill, a->seg[a->k] + a->pos, take);
        c->fill += take;
        a->pos += take;
        c->len += take;
        if (c->fill == 64) {
            /* hashed by the caller before the next call refills buf */
            c->fill = 0;
            return c->buf;
        }
    }
    return NULL;
}

static void digest(const backend_t *b, const uint32_t s[8], unsigned char out[32])
{
    uint32_t h[8];
    b->to_std(h, s);
    for (int i = 0; i < 8; i++) {
        out[4 * i] = (unsigned char)(h[i] >> 24);
        out[4 * i + 1] = (unsigned char)(h[i] >> 16);
        out[4 * i + 2] = (unsigned char)(h[i] >> 8);
        out[4 * i + 3] = (unsigned char)h[i];
    }
}

/* ---- public ---------------------------------------------------------------------- */

void sha256x_init(sha256x_t *c)
{
    memset(c, 0, sizeof *c);
    be()->from_std(c->s, IV);
}

void sha256x_update(sha256x_t *c, const void *data, size_t len)
{
    const backend_t *b = be();
    app_it_t a = {c, {data, NULL}, {len, 0}, 0, 0};
    for (const unsigned char *p; (p = app_next(&a));) {
        /* runs of whole blocks in one call */
        size_t n = 1;
        if (p != c->buf)
            while (a.n[0] - a.pos >= 64 && p + 64 * n == a.seg[0] + a.pos) a.pos += 64, c->len += 64, n++;
        b->blocks1(c->s, p, n);
    }
}

void sha256x_final(sha256x_t *c, unsigned char out[32])
{
    const backend_t *b = be();
    uint64_t bits = c->len * 8;
    c->buf[c->fill++] = 0x80;
    if (c->fill > 56) {
        memset(c->buf + c->fill, 0, 64 - c->fill);
        b->blocks1(c->s, c->buf, 1);
        c->fill = 0;
    }
    memset(c->buf + c->fill, 0, 56 - c->fill);
    put_be64(c->buf + 56, bits);
    b->blocks1(c->s, c->buf, 1);
    digest(b, c->s, out);
    memset(c, 0, sizeof *c);
}

void sha256x_pair_step(sha256x_t *stream, const void *head64, const void *body, size_t len, unsigned char tail,
                       unsigned char out[32])
{
    const backend_t *b = be();
    uint32_t s[8];
    b->from_std(s, IV);
    msg_it_t m = {.head = head64, .body = body, .len = len};
    app_it_t a = {stream, {body, &tail}, {len, 1}, 0, 0};
    const unsigned char *p = msg_next(&m), *q = app_next(&a);
    for (; p && q; p = msg_next(&m), q = app_next(&a)) b->blocks2(s, p, stream->s, q);
    for (; p; p = msg_next(&m)) b->blocks1(s, p, 1);
    for (; q; q = app_next(&a)) b->blocks1(stream->s, q, 1);
    digest(b, s, out);
}

void sha256x_pair(const void *a, size_t la, const void *b, size_t lb, unsigned char oa[32], unsigned char ob[32])
{
    const backend_t *be_ = be();
    uint32_t sa[8], sb[8];
    be_->from_std(sa, IV);
    be_->from_std(sb, IV);
    msg_it_t ma = {.body = a, .len = la}, mb = {.body = b, .len = lb};
    const unsigned char *p = msg_next(&ma), *q = msg_next(&mb);
    for (; p && q; p = msg_next(&ma), q = msg_next(&mb)) be_->blocks2(sa, p, sb, q);
    for (; p; p = msg_next(&ma)) be_->blocks1(sa, p, 1);
    for (; q; q = msg_next(&mb)) be_->blocks1(sb, q, 1);
    digest(be_, sa, oa);
    digest(be_, sb, ob);
}

const char *sha256x_backend(void)
{
    return be()->name;
}

void sha256x_set_portable(bool on)
{
    pthread_once(&backend_once, backend_pick);
    backend = on ? &ossl_backend : NULL;
    if (!on) backend_pick();
}
