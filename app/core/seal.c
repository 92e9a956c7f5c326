/* seal.c - files sealed to the bureau's public key, written and opened a
 * chunk at a time (seal.h; the form in docs/bundle-format.md). */
#include "seal.h"
#include "i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- types ------------------------------------------------------------------ */

#define SS_KEYBYTES crypto_secretstream_xchacha20poly1305_KEYBYTES
#define SS_HEADERBYTES crypto_secretstream_xchacha20poly1305_HEADERBYTES
#define SS_ABYTES crypto_secretstream_xchacha20poly1305_ABYTES
#define SEAL_KEYBOX (SS_KEYBYTES + crypto_box_SEALBYTES)
#define SEAL_HEAD (SEAL_MAGIC_LEN + SEAL_KEYBOX + SS_HEADERBYTES)
#define SEAL_CCHUNK (SEAL_CHUNK + SS_ABYTES)

/* What the writer's emitter needs and what it found. */
typedef struct {
    int src;                          /* the plain file */
    const unsigned char *xpk;         /* the bureau's X25519 public key */
    crypto_generichash_state hash;    /* over every byte written */
    uint64_t n_written;
    int src_errno;                    /* a read of src failed with this */
    bool nomem;
} wctx_t;

/* What the opener's emitter needs and what it found. */
typedef struct {
    int in;                           /* the sealed file, after its head */
    crypto_secretstream_xchacha20poly1305_state st;
    int in_errno;                     /* a read of the sealed file failed */
    bool bad;                         /* a chunk did not open, or the end was missing */
    bool nomem;
} octx_t;

/* ---- static functions --------------------------------------------------------- */

/* Reads up to n bytes (fewer only at the end of the file); -1 with errno. */
static ssize_t read_full(int fd, unsigned char *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, buf + got, n - got);
        if (r < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        if (r == 0) break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

static bool put(int fd, wctx_t *w, const unsigned char *p, size_t n)
{
    crypto_generichash_update(&w->hash, p, n);
    w->n_written += n;
    return jh_write_all(fd, p, n);
}

/* The emitter of seal_file_write: the head, then each chunk as it is read. */
static bool emit_sealed(void *ctx, int fd)
{
    wctx_t *w = ctx;
    unsigned char key[SS_KEYBYTES], keybox[SEAL_KEYBOX], header[SS_HEADERBYTES];
    crypto_secretstream_xchacha20poly1305_state st;
    unsigned char *in = malloc(SEAL_CHUNK), *out = malloc(SEAL_CCHUNK);
    bool ok = false;
    if (!in || !out) {
        w->nomem = true;
        errno = ENOMEM;
        goto done;
    }
    crypto_secretstream_xchacha20poly1305_keygen(key);
    if (crypto_box_seal(keybox, key, sizeof key, w->xpk) != 0 ||
        crypto_secretstream_xchacha20poly1305_init_push(&st, header, key) != 0) {
        errno = EINVAL;
        goto done;
    }
    if (!put(fd, w, (const unsigned char *)SEAL_MAGIC, SEAL_MAGIC_LEN) || !put(fd, w, keybox, sizeof keybox) ||
        !put(fd, w, header, sizeof header))
        goto done;
    for (;;) {
        ssize_t got = read_full(w->src, in, SEAL_CHUNK);
        if (got < 0) {
            w->src_errno = errno ? errno : EIO;
            goto done;
        }
        /* The last chunk is the one shorter than SEAL_CHUNK (empty when the
         * file's size is a multiple of it). */
        unsigned char tag = got < SEAL_CHUNK ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0;
        unsigned long long clen = 0;
        crypto_secretstream_xchacha20poly1305_push(&st, out, &clen, in, (unsigned long long)got, NULL, 0, tag);
        if (!put(fd, w, out, (size_t)clen)) goto done;
        if (tag) break;
    }
    ok = true;
done:
    sodium_memzero(key, sizeof key);
    sodium_memzero(&st, sizeof st);
    if (in) sodium_memzero(in, SEAL_CHUNK);
    free(in);
    free(out);
    return ok;
}

/* The emitter of seal_file_open (form 2): each chunk opened and written. */
static bool emit_opened(void *ctx, int fd)
{
    octx_t *o = ctx;
    unsigned char *in = malloc(SEAL_CCHUNK), *out = malloc(SEAL_CHUNK);
    bool ok = false;
    if (!in || !out) {
        o->nomem = true;
        errno = ENOMEM;
        goto done;
    }
    for (;;) {
        ssize_t got = read_full(o->in, in, SEAL_CCHUNK);
        if (got < 0) {
            o->in_errno = errno ? errno : EIO;
            goto done;
        }
        unsigned long long mlen = 0;
        unsigned char tag = 0;
        if (got < (ssize_t)SS_ABYTES ||
            crypto_secretstream_xchacha20poly1305_pull(&o->st, out, &mlen, &tag, in, (unsigned long long)got, NULL,
                                                       0) != 0) {
            o->bad = true; /* cut short (no FINAL chunk) or changed */
            errno = EBADMSG;
            goto done;
        }
        bool final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
        unsigned char extra;
        /* A full-size chunk is never the last; the last is followed by nothing. */
        if ((!final && got < (ssize_t)SEAL_CCHUNK) || (final && read_full(o->in, &extra, 1) != 0)) {
            o->bad = true;
            errno = EBADMSG;
            goto done;
        }
        if (!jh_write_all(fd, out, (size_t)mlen)) goto done;
        if (final) break;
    }
    ok = true;
done:
    if (out) sodium_memzero(out, SEAL_CHUNK);
    free(in);
    free(out);
    return ok;
}

/* Reads path back from the device in chunks: its hash and size must be what
 * was written. */
static bool read_back_same(const char *path, const unsigned char want[32], uint64_t want_len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    /* (the pages were flushed by fsync, so they are clean and can be
     * dropped: the bytes compared then come from the device) */
    (void)posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    unsigned char *buf = malloc(SEAL_CCHUNK), got[32];
    crypto_generichash_state h;
    crypto_generichash_init(&h, NULL, 0, sizeof got);
    uint64_t n = 0;
    bool ok = buf != NULL;
    while (ok) {
        ssize_t r = read_full(fd, buf, SEAL_CCHUNK);
        if (r < 0) ok = false;
        else if (r == 0) break;
        else {
            crypto_generichash_update(&h, buf, (size_t)r);
            n += (uint64_t)r;
        }
    }
    close(fd);
    free(buf);
    crypto_generichash_final(&h, got, sizeof got);
    return ok && n == want_len && sodium_memcmp(got, want, sizeof got) == 0;
}

/* ---- public functions --------------------------------------------------------- */

uint64_t seal_sealed_size(uint64_t n)
{
    return SEAL_HEAD + (n / SEAL_CHUNK + 1) * SS_ABYTES + n;
}

jh_status_t seal_file_write(const char *src, const char *path, const unsigned char xpk[32], jh_err_t *err)
{
    wctx_t w = {.src = open(src, O_RDONLY | O_CLOEXEC), .xpk = xpk};
    if (w.src < 0)
        return jh_err_set(err, JH_ERR_IO, _("%s: cannot read the database copy to seal it: %s"), src,
                          strerror(errno));
    crypto_generichash_init(&w.hash, NULL, 0, 32);
    jh_status_t s = jh_write_file_durable_with(path, emit_sealed, &w, err);
    close(w.src);
    unsigned char sum[32];
    crypto_generichash_final(&w.hash, sum, sizeof sum);
    if (s != JH_OK && w.nomem)
        return jh_err_set(err, JH_ERR_NOMEM, _("%s: not enough memory to seal the database backup"), path);
    if (s != JH_OK && w.src_errno)
        return jh_err_set(err, JH_ERR_IO, _("%s: cannot read the database copy to seal it: %s"), src,
                          strerror(w.src_errno));
    if (s != JH_OK) return s;
    if (!read_back_same(path, sum, w.n_written)) {
        unlink(path);
        return jh_err_set(err, JH_ERR_IO, _("%s: read-back after writing differs from what was written"), path);
    }
    return JH_OK;
}

jh_status_t seal_file_open(const char *path, const char *out, const unsigned char xpk[32],
                           const unsigned char xsk[32], jh_err_t *err)
{
    struct stat sb;
    unsigned char head[SEAL_HEAD];
    int fd = -1;
    ssize_t got = -1;
    /* Only a regular file is opened here (never a pipe that would be
     * waited on): anything else goes to jh_read_file_max, which says what
     * it is. */
    if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && (fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0)
        got = read_full(fd, head, sizeof head);
    if (got >= SEAL_MAGIC_LEN && memcmp(head, SEAL_MAGIC, SEAL_MAGIC_LEN) == 0) {
        octx_t o = {.in = fd};
        unsigned char key[SS_KEYBYTES];
        jh_status_t s = JH_OK;
        if (got < (ssize_t)SEAL_HEAD ||
            crypto_box_seal_open(key, head + SEAL_MAGIC_LEN, SEAL_KEYBOX, xpk, xsk) != 0 ||
            crypto_secretstream_xchacha20poly1305_init_pull(&o.st, head + SEAL_MAGIC_LEN + SEAL_KEYBOX, key) != 0) {
            s = jh_err_set(err, JH_ERR_FORGED,
                           _("%s: does not open with this key (sealed for another bureau key, or damaged)"), path);
        } else {
            s = jh_write_file_durable_with_mode(out, emit_opened, &o, 0600, err);
            if (s != JH_OK && o.bad)
                s = jh_err_set(err, JH_ERR_FORGED,
                               _("%s: damaged or cut short (a part does not open; copy it from the stick again)"),
                               path);
            else if (s != JH_OK && o.nomem)
                s = jh_err_set(err, JH_ERR_NOMEM, _("%s: not enough memory to open it"), path);
            else if (s != JH_OK && o.in_errno)
                s = jh_err_set(err, JH_ERR_IO, _("%s: cannot read: %s"), path, strerror(o.in_errno));
        }
        sodium_memzero(key, sizeof key);
        sodium_memzero(&o.st, sizeof o.st);
        close(fd);
        return s;
    }
    if (fd >= 0) close(fd);

    /* Form 1: one sealed box, opened whole. */
    char *data = NULL;
    size_t len = 0;
    jh_status_t s = jh_read_file_max(path, (size_t)4 << 30, &data, &len, err);
    if (s != JH_OK) return s;
    if (len < crypto_box_SEALBYTES) {
        free(data);
        return jh_err_set(err, JH_ERR_FORGED, _("%s: too short to be a sealed backup"), path);
    }
    unsigned char *plain = malloc(len - crypto_box_SEALBYTES + 1);
    if (!plain) {
        s = jh_err_set(err, JH_ERR_NOMEM, _("%s: not enough memory to open it (%zu bytes)"), path,
                       len - crypto_box_SEALBYTES + 1);
    } else if (crypto_box_seal_open(plain, (const unsigned char *)data, len, xpk, xsk) != 0) {
        s = jh_err_set(err, JH_ERR_FORGED,
                       _("%s: does not open with this key (sealed for another bureau key, or damaged)"), path);
    } else {
        s = jh_write_file_atomic_mode(out, plain, len - crypto_box_SEALBYTES, 0600, err);
        sodium_memzero(plain, len - crypto_box_SEALBYTES);
    }
    free(plain);
    free(data);
    return s;
}
