/* test_sha256x.c - the two-message SHA-256 (app/core/sha256x.c) against
 * libcrypto's one-shot SHA-256: every length around the block and padding
 * boundaries, every buffered fill of the running hash, both backends. */
#include "check.h"
#include "jh.h"
#include "sha256x.h"

#include <openssl/sha.h>

static unsigned char data[5000];

static void fill_data(void)
{
    uint32_t x = 12345;
    for (size_t i = 0; i < sizeof data; i++) {
        x = x * 1103515245u + 12345u;
        data[i] = (unsigned char)(x >> 16);
    }
}

static bool same(const unsigned char a[32], const unsigned char b[32])
{
    return !memcmp(a, b, 32);
}

/* Known answers: "", "abc" and the two-block FIPS 180-2 message. */
static void test_vectors(void)
{
    static const struct {
        const char *msg, *hex;
    } v[] = {
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        sha256x_t c;
        unsigned char d[32];
        char hex[65];
        sha256x_init(&c);
        sha256x_update(&c, v[i].msg, strlen(v[i].msg));
        sha256x_final(&c, d);
        jh_hex(d, 32, hex);
        CHECK_STR(v[i].hex, hex);
    }
}

/* Every length 0..1100 in one update, and split at every third point. */
static void test_update_lengths(void)
{
    for (size_t n = 0; n <= 1100; n++) {
        unsigned char want[32], got[32];
        SHA256(data, n, want);
        sha256x_t c;
        sha256x_init(&c);
        sha256x_update(&c, data, n);
        sha256x_final(&c, got);
        if (!same(want, got)) {
            CHECK_INT(0, (long long)n); /* names the failing length */
            return;
        }
        for (size_t cut = 0; cut <= n; cut += 3) {
            sha256x_init(&c);
            sha256x_update(&c, data, cut);
            sha256x_update(&c, data + cut, n - cut);
            sha256x_final(&c, got);
            if (!same(want, got)) {
                CHECK_INT((long long)n * 10000, (long long)(n * 10000 + cut));
                return;
            }
        }
    }
}

/* sha256x_pair_step: the pair hash equals SHA-256(head || body), and the
 * running hash, whatever it held before (every fill 0..63), equals the
 * one-shot hash of everything appended, body and tail byte included. */
static void test_pair_step(void)
{
    static unsigned char all[3 * sizeof data];
    int bad = 0;
    for (size_t pre = 0; pre < 64 && !bad; pre++) {
        for (size_t n = 0; n <= 700 && !bad; n += (n < 200 ? 1 : 37)) {
            const unsigned char *head = data + 4000 + pre, *body = data + 1 + pre;
            sha256x_t s;
            sha256x_init(&s);
            sha256x_update(&s, data + 2000, pre);
            unsigned char out[32], want[32];
            sha256x_pair_step(&s, head, body, n, '\n', out);
            /* a second step after the first, as responses follow each other */
            unsigned char out2[32];
            sha256x_pair_step(&s, body, head, 64 + pre, '\n', out2);
            memcpy(all, head, 64);
            memcpy(all + 64, body, n);
            SHA256(all, 64 + n, want);
            if (!same(want, out)) bad = 1;
            memcpy(all, body, 64);
            memcpy(all + 64, head, 64 + pre);
            SHA256(all, 128 + pre, want);
            if (!same(want, out2)) bad = 2;
            size_t k = 0;
            memcpy(all + k, data + 2000, pre), k += pre;
            memcpy(all + k, body, n), k += n;
            all[k++] = '\n';
            memcpy(all + k, head, 64 + pre), k += 64 + pre;
            all[k++] = '\n';
            SHA256(all, k, want);
            sha256x_final(&s, out);
            if (!same(want, out)) bad = 3;
            if (bad) fprintf(stderr, "pair step: prefix %zu, body %zu: mismatch %d\n", pre, n, bad);
        }
    }
    CHECK_INT(0, bad);
}

/* sha256x_pair: both digests equal the one-shot ones, for every pair of
 * lengths around the block boundaries and for very different lengths. */
static void test_pair(void)
{
    int bad = 0;
    for (size_t la = 0; la <= 200 && !bad; la++) {
        for (size_t lb = 0; lb <= 200 && !bad; lb += 7) {
            unsigned char oa[32], ob[32], wa[32], wb[32];
            sha256x_pair(data + 3, la, data + 500, lb, oa, ob);
            SHA256(data + 3, la, wa);
            SHA256(data + 500, lb, wb);
            if (!same(oa, wa) || !same(ob, wb)) {
                fprintf(stderr, "pair: lengths %zu and %zu: mismatch\n", la, lb);
                bad = 1;
            }
        }
    }
    unsigned char oa[32], ob[32], wa[32], wb[32];
    sha256x_pair(data, sizeof data, data + 1, 77, oa, ob);
    SHA256(data, sizeof data, wa);
    SHA256(data + 1, 77, wb);
    CHECK(same(oa, wa) && same(ob, wb));
    sha256x_pair(data + 1, 77, data, sizeof data, ob, oa);
    CHECK(same(oa, wa) && same(ob, wb));
    CHECK_INT(0, bad);
}

int main(void)
{
    fill_data();
    printf("backend: %s\n", sha256x_backend());
    RUN(test_vectors);
    RUN(test_update_lengths);
    RUN(test_pair_step);
    RUN(test_pair);
    /* the same through libcrypto, one block at a time */
    sha256x_set_portable(true);
    CHECK_STR("libcrypto", sha256x_backend());
    RUN(test_vectors);
    RUN(test_update_lengths);
    RUN(test_pair_step);
    RUN(test_pair);
    sha256x_set_portable(false);
    CHECK_DONE();
}
