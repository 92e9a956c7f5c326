/* jh.c - status names, error buffers, allocation, buffers, files, hashing. */
#include "jh.h"
#include "i18n.h"

#include <errno.h>
#include <dirent.h>
#include <ftw.h>
#include <fcntl.h>
#include <float.h>
#include <libgen.h>
#ifdef __GLIBC__
#include <malloc.h>
#include <math.h>
#endif
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* The end of s[0..len) cut back to a whole UTF-8 character. */
static size_t utf8_whole(const char *s, size_t len)
{
    size_t i = len;
    while (i > 0 && (s[i - 1] & 0xC0) == 0x80) i--; /* continuation bytes */
    if (i == 0) return len;
    unsigned char lead = (unsigned char)s[i - 1];
    size_t need = lead < 0x80 ? 1 : (lead >> 5) == 6 ? 2 : (lead >> 4) == 14 ? 3 : (lead >> 3) == 30 ? 4 : 1;
    return len - (i - 1) >= need ? len : i - 1;
}

/* src (len bytes) into dst[cap]: whole when it fits, else its beginning
 * and its end around "…", each cut at a character boundary: a message
 * "PATH: reason" too long loses the middle of the path, never the reason
 * or half a Chinese character. */
static void fit_msg(char *dst, size_t cap, const char *src, size_t len)
{
    len = utf8_whole(src, len);
    if (len < cap) {
        memcpy(dst, src, len);
        dst[len] = 0;
        return;
    }
    size_t head = utf8_whole(src, cap / 3), tail = cap - 1 - head - strlen("…");
    size_t from = len - tail;
    while (from < len && (src[from] & 0xC0) == 0x80) from++;
    memcpy(dst, src, head);
    memcpy(dst + head, "…", strlen("…"));
    memcpy(dst + head + strlen("…"), src + from, len - from);
    dst[head + strlen("…") + len - from] = 0;
}

jh_status_t jh_err_set(jh_err_t *err, jh_status_t status, const char *fmt, ...)
{
    if (err) {
        char tmp[4096]; /* (on the stack: this runs on out-of-memory paths too) */
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
        va_end(ap);
        size_t len = n < 0 ? 0 : (size_t)n >= sizeof tmp ? sizeof tmp - 1 : (size_t)n;
        fit_msg(err->msg, sizeof err->msg, tmp, len);
        err->status = status;
    }
    return status;
}

void jh_err_prefix(jh_err_t *err, const char *fmt, ...)
{
    if (!err) return;
    char prefix[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    /* TRANSLATORS: between a file name (or what was being done) and the error */
    const char *sep = _(": ");
    char whole[sizeof prefix + 16 + sizeof err->msg];
    size_t n = utf8_whole(prefix, strlen(prefix)), sl = strlen(sep), m = strnlen(err->msg, sizeof err->msg - 1);
    memcpy(whole, prefix, n);
    memcpy(whole + n, sep, sl);
    memcpy(whole + n + sl, err->msg, m);
    fit_msg(err->msg, sizeof err->msg, whole, n + sl + m);
}

jh_status_t jh_db_path_check(const char *path, jh_err_t *err)
{
    size_t len = strlen(path);
    if (path[0] != '/') {
        char cwd[4096];
        if (getcwd(cwd, sizeof cwd)) len += strlen(cwd) + 1;
    }
    if (len <= JH_DB_PATH_MAX) return JH_OK;
    /* the folder part shortened: the name and the reason are what a person reads */
    const char *tail = strlen(path) > 120 ? path + strlen(path) - 120 : path;
    while (*tail && (*tail & 0xC0) == 0x80) tail++;
    return jh_err_set(err, JH_ERR_INVALID,
                      _("%s%s: the database's path is too long (数据库路径过长: %zu bytes with its folders; SQLite "
                        "opens at most %d): move it to a folder with a shorter path, or give a shorter name"),
                      tail == path ? "" : "…", tail, len, JH_DB_PATH_MAX);
}

const char *jh_status_name(jh_status_t status)
{
    switch (status) {
    case JH_OK: return "ok";
    case JH_ERR_INVALID: return "invalid input";
    case JH_ERR_IO: return "I/O error";
    case JH_ERR_FULL: return "disk full";
    case JH_ERR_READONLY: return "read-only";
    case JH_ERR_CORRUPT: return "corrupt data";
    case JH_ERR_FORGED: return "verification failed";
    case JH_ERR_NOTFOUND: return "not found";
    case JH_ERR_CONFLICT: return "conflict";
    case JH_ERR_NOMEM: return "out of memory";
    }
    return "unknown status";
}

_Noreturn void jh_expect_fail(const char *file, int line, const char *what)
{
    fprintf(stderr, "%s:%d: internal error: expected %s\n", file, line, what);
    abort();
}

void *jh_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) jh_expect_fail(__FILE__, __LINE__, "memory");
    return p;
}

void *jh_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) jh_expect_fail(__FILE__, __LINE__, "memory");
    return p;
}

void *jh_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) jh_expect_fail(__FILE__, __LINE__, "memory");
    return q;
}

void jh_heap_prefer_huge_pages(size_t reserve)
{
#if defined(__GLIBC__) && defined(MADV_HUGEPAGE) && defined(M_ARENA_MAX)
    const size_t huge = (size_t)2 << 20;
    if (reserve < huge || reserve > (size_t)1 << 30) return;
    /* one heap for every thread: the other arenas are mapped apart */
    mallopt(M_ARENA_MAX, 1);
    /* grow by `reserve` whenever the heap grows, and never give it back
     * while it is being used (free trims only what is above top_pad) */
    mallopt(M_TOP_PAD, (int)reserve);
    /* blocks up to 32 MiB (glibc's largest mmap threshold) on the heap too */
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    /* grow it now: a block larger than the free top of the heap and than
     * any free block (none is this large at the start), given back at once */
    const size_t grow = (size_t)16 << 20;
    if (mallinfo2().keepcost < grow) {
        void *volatile block = malloc(grow); /* volatile: not a pair the compiler may drop */
        free(block);
    }
    /* the free top of the heap, now at least `reserve`: huge pages there */
    char *end = sbrk(0);
    size_t top = mallinfo2().keepcost;
    if (end == (char *)-1 || top < huge) return;
    uintptr_t lo = ((uintptr_t)(end - top) + huge - 1) & ~(uintptr_t)(huge - 1);
    if (lo < (uintptr_t)end) madvise((void *)lo, (uintptr_t)end - lo, MADV_HUGEPAGE);
#else
    (void)reserve;
#endif
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

void jh_rm_tree(const char *dir)
{
    nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

char *jh_strdup(const char *s)
{
    return s ? jh_strndup(s, strlen(s)) : NULL;
}

char *jh_strndup(const char *s, size_t n)
{
    if (!s) return NULL;
    char *p = jh_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *jh_sprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    JH_EXPECT(n >= 0);
    char *p = jh_xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void jh_buf_append(jh_buf_t *b, const void *data, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1) cap *= 2;
        b->data = jh_xrealloc(b->data, cap);
        b->cap = cap;
    }
    if (n) memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void jh_buf_puts(jh_buf_t *b, const char *s)
{
    jh_buf_append(b, s, strlen(s));
}

void jh_buf_printf(jh_buf_t *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    JH_EXPECT(n >= 0);
    jh_buf_append(b, "", 0);
    if (b->len + (size_t)n + 1 > b->cap) {
        size_t cap = b->cap;
        while (cap < b->len + (size_t)n + 1) cap *= 2;
        b->data = jh_xrealloc(b->data, cap);
        b->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

char *jh_buf_take(jh_buf_t *b)
{
    if (!b->data) jh_buf_append(b, "", 0);
    char *p = b->data;
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

void jh_buf_free(jh_buf_t *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

jh_status_t jh_status_from_errno(int e)
{
    switch (e) {
    case ENOSPC:
#ifdef EDQUOT
    case EDQUOT:
#endif
    case EFBIG: return JH_ERR_FULL;
    case EROFS:
    case EACCES:
    case EPERM: return JH_ERR_READONLY;
    case ENOENT:
    case ENOTDIR: return JH_ERR_NOTFOUND;
    case ENOMEM: return JH_ERR_NOMEM;
    default: return JH_ERR_IO;
    }
}

jh_status_t jh_read_file(const char *path, char **out, size_t *len, jh_err_t *err)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) return jh_err_set(err, jh_status_from_errno(errno), _("%s: cannot open: %s"), path, strerror(errno));
    jh_buf_t b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) jh_buf_append(&b, chunk, n);
    int bad = ferror(f);
    int e = errno;
    fclose(f);
    if (bad) {
        jh_buf_free(&b);
        return jh_err_set(err, JH_ERR_IO, _("%s: cannot read: %s"), path, strerror(e));
    }
    if (len) *len = b.len;
    *out = jh_buf_take(&b);
    return JH_OK;
}

const char *jh_file_kind(unsigned int mode)
{
    if (S_ISREG(mode)) return NULL;
    if (S_ISDIR(mode)) return _("a directory");
    if (S_ISFIFO(mode)) return _("a pipe (FIFO)");
    if (S_ISCHR(mode) || S_ISBLK(mode)) return _("a device");
    if (S_ISSOCK(mode)) return _("a socket");
    return _("not a regular file");
}

static jh_status_t read_file_max(const char *path, size_t max, bool nofollow, char **out, size_t *len,
                                 jh_err_t *err)
{
    *out = NULL;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer; the descriptor
     * is checked before anything is read. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0));
    if (fd < 0 && nofollow && errno == ELOOP)
        return jh_err_set(err, JH_ERR_INVALID,
                          _("%s: is a symbolic link, not a file: this file is read only as itself, never where a "
                            "link points"),
                          path);
    if (fd < 0) return jh_err_set(err, jh_status_from_errno(errno), _("%s: cannot open: %s"), path, strerror(errno));
    struct stat sb;
    jh_status_t st = JH_OK;
    jh_buf_t b = {0};
    if (fstat(fd, &sb) != 0) {
        st = jh_err_set(err, JH_ERR_IO, _("%s: cannot read: %s"), path, strerror(errno));
        goto out;
    }
    const char *kind = jh_file_kind(sb.st_mode);
    if (kind) {
        st = jh_err_set(err, JH_ERR_INVALID, _("%s: is %s, not a file: only regular files are read"), path, kind);
        goto out;
    }
    if ((uint64_t)sb.st_size > (uint64_t)max) {
        st = jh_err_set(err, JH_ERR_INVALID, _("%s: too large (%lld bytes; the limit is %zu bytes)"), path,
                        (long long)sb.st_size, max);
        goto out;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0) fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    /* Room for one byte more than the file holds: a file that grows while
     * being read is noticed, and never read past the limit + 1. */
    b.cap = (size_t)sb.st_size + 2;
    /* (no memory is an error of the call, not an abort: a merge lists the
     * file as unread and goes on, docs/bureau.md) */
    b.data = malloc(b.cap);
    if (!b.data) {
        st = jh_err_set(err, JH_ERR_NOMEM, _("%s: not enough memory to read it (%zu bytes)"), path, b.cap);
        goto out;
    }
    for (;;) {
        if (b.len > max) {
            st = jh_err_set(err, JH_ERR_INVALID, _("%s: too large (over the limit of %zu bytes)"), path, max);
            goto out;
        }
        if (b.len + 1 == b.cap) {
            size_t cap = b.cap * 2 < max + 2 ? b.cap * 2 : max + 2;
            char *more = realloc(b.data, cap);
            if (!more) {
                st = jh_err_set(err, JH_ERR_NOMEM, _("%s: not enough memory to read it (%zu bytes)"), path, cap);
                goto out;
            }
            b.data = more;
            b.cap = cap;
        }
        ssize_t n = read(fd, b.data + b.len, b.cap - 1 - b.len);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            st = jh_err_set(err, JH_ERR_IO, _("%s: cannot read: %s"), path, strerror(errno));
            goto out;
        }
        if (n == 0) break;
        b.len += (size_t)n;
    }
    b.data[b.len] = '\0';
    if (len) *len = b.len;
    *out = jh_buf_take(&b);
out:
    close(fd);
    jh_buf_free(&b);
    return st;
}

jh_status_t jh_read_file_max(const char *path, size_t max, char **out, size_t *len, jh_err_t *err)
{
    return read_file_max(path, max, false, out, len, err);
}

jh_status_t jh_read_file_max_nofollow(const char *path, size_t max, char **out, size_t *len, jh_err_t *err)
{
    return read_file_max(path, max, true, out, len, err);
}

/* Length of the character at p (1-4 bytes; 1 for a byte that is not
 * UTF-8); *esc tells whether it must be escaped. */
static size_t char_at(const unsigned char *p, bool *esc)
{
    *esc = true;
    if (*p < 0x80) {
        *esc = *p < 0x20 || *p == 0x7f;
        return 1;
    }
    size_t n = (*p & 0xe0) == 0xc0 ? 2 : (*p & 0xf0) == 0xe0 ? 3 : (*p & 0xf8) == 0xf0 ? 4 : 0;
    if (!n) return 1;
    for (size_t i = 1; i < n; i++)
        if ((p[i] & 0xc0) != 0x80) return 1;
    uint32_t cp = n == 2 ? (uint32_t)(p[0] & 0x1f) << 6 | (p[1] & 0x3f)
                : n == 3 ? (uint32_t)(p[0] & 0x0f) << 12 | (uint32_t)(p[1] & 0x3f) << 6 | (p[2] & 0x3f)
                         : (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3f) << 12 |
                               (uint32_t)(p[2] & 0x3f) << 6 | (p[3] & 0x3f);
    /* Overlong forms, surrogates and code points past U+10FFFF are not UTF-8. */
    if ((n == 2 && cp < 0x80) || (n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
        (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
        return 1;
    *esc = (cp >= 0x80 && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
    return n;
}

bool jh_has_controls(const char *s)
{
    return jh_first_control(s, NULL) != NULL;
}

const char *jh_first_control(const char *s, uint32_t *cp)
{
    if (!s) return NULL;
    bool esc;
    for (const unsigned char *p = (const unsigned char *)s; *p; p += char_at(p, &esc)) {
        size_t n = char_at(p, &esc);
        if (!esc) continue;
        if (cp)
            *cp = n == 1 ? *p : n == 2 ? (uint32_t)(p[0] & 0x1f) << 6 | (p[1] & 0x3f)
                                       : (uint32_t)(p[0] & 0x0f) << 12 | (uint32_t)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);
        return (const char *)p;
    }
    return NULL;
}

void jh_buf_put_without_controls(jh_buf_t *b, const char *s)
{
    if (!s) return;
    const unsigned char *p = (const unsigned char *)s, *run = p;
    while (*p) {
        bool esc;
        size_t n = char_at(p, &esc);
        if (esc && *p != '\t' && *p != '\n' && *p != '\r') {
            jh_buf_append(b, run, (size_t)(p - run));
            run = p + n;
        }
        p += n;
    }
    jh_buf_append(b, run, (size_t)(p - run));
}

size_t jh_char_number(const char *s, const char *at)
{
    size_t n = 1;
    for (const unsigned char *p = (const unsigned char *)s; p < (const unsigned char *)at; p++)
        n += (*p & 0xc0) != 0x80;
    return n;
}

char *jh_without_controls(const char *s)
{
    jh_buf_t b = {0};
    jh_buf_puts(&b, "");
    jh_buf_put_without_controls(&b, s);
    return jh_buf_take(&b);
}

void jh_buf_put_escaped(jh_buf_t *b, const char *s)
{
    if (!s) return;
    const unsigned char *p = (const unsigned char *)s, *run = p;
    while (*p) {
        bool esc;
        size_t n = char_at(p, &esc);
        if (!esc) {
            p += n;
            continue;
        }
        jh_buf_append(b, run, (size_t)(p - run));
        if (n == 1) {
            jh_buf_printf(b, "\\x%02x", *p);
        } else {
            uint32_t cp = n == 2 ? (uint32_t)(p[0] & 0x1f) << 6 | (p[1] & 0x3f)
                                 : (uint32_t)(p[0] & 0x0f) << 12 | (uint32_t)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);
            jh_buf_printf(b, "\\u{%04x}", (unsigned)cp);
        }
        p += n;
        run = p;
    }
    jh_buf_append(b, run, (size_t)(p - run));
}

static int place_set(const char *dir, const char *tmp, jh_placed_t *f, int n, jh_err_t *err);

static jh_status_t fail_errno(jh_err_t *err, const char *what, const char *path, int e)
{
    jh_status_t st = jh_status_from_errno(e);
    if (st == JH_ERR_NOTFOUND) st = JH_ERR_IO; /* target vanished (e.g. USB stick pulled) */
    const char *hint = "";
    if (st == JH_ERR_FULL) hint = _(" (the target is full: free some space or use another drive)");
    else if (st == JH_ERR_READONLY) hint = _(" (the target is read-only or not writable)");
    return jh_err_set(err, st, _("%s: cannot %s: %s%s"), path, _(what), strerror(e), hint);
}

static jh_status_t fsync_dir_of(const char *path, jh_err_t *err)
{
    char *copy = jh_strdup(path);
    const char *dir = dirname(copy);
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0) {
        jh_status_t st = fail_errno(err, N_("open directory"), dir, errno);
        free(copy);
        return st;
    }
    jh_status_t st = JH_OK;
    if (fsync(fd) != 0 && errno != EINVAL) st = fail_errno(err, N_("flush directory"), dir, errno);
    close(fd);
    free(copy);
    return st;
}

jh_status_t jh_fsync_path(const char *path, jh_err_t *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return fail_errno(err, N_("open to flush to disk"), path, errno);
    jh_status_t st = JH_OK;
    if (fsync(fd) != 0 && errno != EINVAL) st = fail_errno(err, N_("flush to disk"), path, errno);
    close(fd);
    return st;
}

int jh_place_set(const char *dir, const char *tmp, jh_placed_t *f, int n, jh_err_t *err)
{
    /* One run at a time places a set in dir: two runs at once (two
     * `report --out DIR`) would each move the other's files aside and leave
     * a mixed set, and one failing would put back over the other's.  The
     * lock is on the folder itself (flock on its descriptor, nothing left
     * behind), taken for the moves only (they take milliseconds) and
     * released when the descriptor is closed, or the process ends. */
    int lock = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    while (lock >= 0 && flock(lock, LOCK_EX) != 0 && errno == EINTR) {
    }
    int rc = place_set(dir, tmp, f, n, err);
    if (lock >= 0) close(lock);
    return rc;
}

void jh_err_show_target(jh_err_t *err, const char *tmp, const char *dir)
{
    if (!err || !tmp || !dir) return;
    char *from = jh_sprintf("%s/", tmp), *to = jh_sprintf("%s/", dir);
    jh_buf_t b = {0};
    const char *p = err->msg, *hit;
    while ((hit = strstr(p, from))) {
        jh_buf_append(&b, p, (size_t)(hit - p));
        jh_buf_puts(&b, to);
        p = hit + strlen(from);
    }
    jh_buf_puts(&b, p);
    snprintf(err->msg, sizeof err->msg, "%s", b.data ? b.data : "");
    jh_buf_free(&b);
    free(from);
    free(to);
}

static int place_set(const char *dir, const char *tmp, jh_placed_t *f, int n, jh_err_t *err)
{
    for (int i = 0; i < n; i++) {
        f[i].aside = f[i].placed = false;
        char *p = jh_sprintf("%s/%s", dir, f[i].name);
        struct stat sb;
        bool in_way = lstat(p, &sb) == 0 && !S_ISREG(sb.st_mode) && !S_ISLNK(sb.st_mode);
        if (in_way) {
            if (S_ISDIR(sb.st_mode))
                jh_err_set(err, JH_ERR_IO, _("%s: is a folder, not a file of an earlier report: move it away and "
                                             "run again"), p);
            else
                jh_err_set(err, JH_ERR_IO, _("%s: is not a regular file: move it away and run again"), p);
        }
        free(p);
        if (in_way) return -1;
    }
    char *old = jh_sprintf("%s/old", tmp);
    if (mkdir(old, 0700) != 0) {
        jh_err_set(err, JH_ERR_IO, _("%s: cannot create a temporary folder: %s"), old, strerror(errno));
        free(old);
        return -1;
    }
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        char *from = jh_sprintf("%s/%s", dir, f[i].name), *to = jh_sprintf("%s/%s", old, f[i].name);
        if (rename(from, to) == 0) f[i].aside = true;
        else if (errno != ENOENT) {
            jh_err_set(err, JH_ERR_IO, _("%s: cannot move the earlier file aside: %s"), from, strerror(errno));
            rc = -1;
        }
        free(from);
        free(to);
    }
    int n_placed = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        if (!f[i].made) continue;
        char *from = jh_sprintf("%s/%s", tmp, f[i].name), *to = jh_sprintf("%s/%s", dir, f[i].name);
        if (rename(from, to) == 0) {
            /* (tests: another run meanwhile, once the first file is in) */
            if (!n_placed++) jh_test_pause("JH_PLACE_TEST_PAUSE_MS");
            f[i].placed = true;
        } else {
            jh_err_set(err, JH_ERR_IO, _("%s: cannot move into place: %s"), to, strerror(errno));
            rc = -1;
        }
        free(from);
        free(to);
    }
    /* the renames on disk before the run says it is done */
    if (rc == 0 && jh_fsync_path(dir, err) != JH_OK) rc = -1;
    if (rc != 0) {
        jh_buf_t lost = {0};
        for (int i = 0; i < n; i++) {
            char *here = jh_sprintf("%s/%s", dir, f[i].name), *away = jh_sprintf("%s/%s", old, f[i].name);
            if (f[i].placed) unlink(here);
            if (f[i].aside && rename(away, here) != 0) jh_buf_printf(&lost, "%s%s", lost.len ? ", " : "", f[i].name);
            free(here);
            free(away);
        }
        jh_err_t ignored;
        jh_fsync_path(dir, &ignored);
        if (lost.len) {
            char msg[sizeof err->msg];
            snprintf(msg, sizeof msg, "%s", err->msg);
            jh_err_set(err, JH_ERR_IO, _("%s; the earlier %s could not be put back: they are in %s"), msg, lost.data,
                       old);
            rc = -2;
        }
        jh_buf_free(&lost);
    }
    free(old);
    return rc;
}

/* The durable part of jh_write_file_atomic; *existed: whether path was
 * there before (a read-back failure must not leave a new file behind). */
typedef struct {
    const char *p;
    size_t len;
} bytes_t;

bool jh_write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        p += w;
        len -= (size_t)w;
    }
    return true;
}

/* Writes all of a bytes_t (ctx) to fd: an emitter of write_durable. */
static bool emit_bytes(void *ctx, int fd)
{
    const bytes_t *b = ctx;
    return jh_write_all(fd, b->p, b->len);
}

static jh_status_t write_durable(const char *path, bool (*emit)(void *ctx, int fd), void *ctx, mode_t mode,
                                 bool *existed, jh_err_t *err)
{
    /* (Messages name path, the file the caller asked for, not the
     * temporary one: review r-pack2, item 5.)
     * The temporary file is a new one, never something already there: on a
     * USB stick made by someone else a symlink at a predictable temporary
     * name (PATH.tmp.PID) would have sent the bytes into the file it points
     * at, the kiosk's own database (review 14).  So: an unpredictable name,
     * created exclusively (O_EXCL fails on any existing name, a symlink
     * included, wherever it points; O_NOFOLLOW says so twice), a new name
     * tried when one is taken.  rename() then replaces a symlink at PATH
     * itself, never what it points at. */
    char *tmp = NULL;
    jh_status_t st = JH_OK;
    int fd = -1;
    for (int attempt = 0; attempt < 100 && fd < 0; attempt++) {
        unsigned char rnd[6];
        /* GRND_NONBLOCK: without it getrandom blocks until the kernel's
         * entropy pool is initialised, which on an older kernel can take
         * long after a cold boot (a kiosk writing its first answer froze).
         * EAGAIN then (ENOSYS before Linux 3.17): the fallback below, still
         * no fixed name, and O_EXCL keeps it safe. */
        if (getrandom(rnd, sizeof rnd, GRND_NONBLOCK) != (ssize_t)sizeof rnd) {
            uint64_t v = (uint64_t)getpid() * 2654435761u ^ (uint64_t)jh_now_ms() ^ (uint64_t)attempt << 40;
            memcpy(rnd, &v, sizeof rnd);
        }
        char suffix[13];
        jh_hex(rnd, sizeof rnd, suffix);
        free(tmp);
        tmp = jh_sprintf("%s.tmp.%s", path, suffix);
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
        if (fd < 0 && errno != EEXIST) break;
    }
    if (fd < 0) {
        st = fail_errno(err, N_("create"), path, errno);
        free(tmp);
        return st;
    }
    if (!emit(ctx, fd)) {
        st = fail_errno(err, N_("write"), path, errno);
        goto fail;
    }
    if (fsync(fd) != 0) {
        st = fail_errno(err, N_("flush to disk"), path, errno);
        goto fail;
    }
    if (close(fd) != 0) {
        fd = -1;
        st = fail_errno(err, N_("close"), path, errno);
        goto fail;
    }
    fd = -1;
    struct stat sb;
    *existed = stat(path, &sb) == 0;
    if (rename(tmp, path) != 0) {
        st = fail_errno(err, N_("rename into place"), path, errno);
        goto fail;
    }
    free(tmp);
    tmp = NULL;
    if ((st = fsync_dir_of(path, err)) != JH_OK) {
        /* A failure reported must not leave a new file behind that looks done. */
        if (!*existed) unlink(path);
    }
    return st;
fail:
    if (fd >= 0) close(fd);
    if (tmp) unlink(tmp);
    free(tmp);
    return st;
}

bool jh_durable_tmp_name(const char *name, const char *prefix)
{
    size_t np = strlen(prefix), n = strlen(name);
    if (n < np + 1 + 17 || strncmp(name, prefix, np) != 0) return false; /* (PATH itself not empty) */
    const char *t = name + n - 17;
    if (strncmp(t, ".tmp.", 5) != 0) return false;
    for (int i = 5; i < 17; i++)
        if (!((t[i] >= '0' && t[i] <= '9') || (t[i] >= 'a' && t[i] <= 'f'))) return false;
    return true;
}

int jh_sweep_tmp_of(const char *path)
{
    char *copy = jh_strdup(path), *slash = strrchr(copy, '/');
    const char *folder = ".", *name = copy;
    if (slash) {
        *slash = '\0';
        folder = copy[0] ? copy : "/";
        name = slash + 1;
    }
    int removed = 0;
    size_t n = strlen(name);
    DIR *d = n ? opendir(folder) : NULL;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        /* exactly NAME.tmp.XXXXXXXXXXXX: jh_durable_tmp_name's pattern */
        if (strlen(e->d_name) != n + 17 || strncmp(e->d_name, name, n) != 0 || !jh_durable_tmp_name(e->d_name, ""))
            continue;
        char *p = jh_sprintf("%s/%s", folder, e->d_name);
        struct stat sb;
        if (lstat(p, &sb) == 0 && S_ISREG(sb.st_mode) && unlink(p) == 0) removed++;
        free(p);
    }
    if (d) closedir(d);
    free(copy);
    return removed;
}

int jh_sweep_durable_tmp(const char *folder, const char *prefix, int min_age_s)
{
    int removed = 0;
    DIR *d = opendir(folder);
    struct dirent *e;
    time_t now = time(NULL);
    while (d && (e = readdir(d))) {
        if (!jh_durable_tmp_name(e->d_name, prefix)) continue;
        char *path = jh_sprintf("%s/%s", folder, e->d_name);
        struct stat sb;
        if (lstat(path, &sb) == 0 && S_ISREG(sb.st_mode) && now - sb.st_mtime >= min_age_s && unlink(path) == 0)
            removed++;
        free(path);
    }
    if (d) closedir(d);
    return removed;
}

jh_status_t jh_write_file_durable(const char *path, const void *data, size_t len, jh_err_t *err)
{
    bool existed;
    bytes_t b = {data, len};
    return write_durable(path, emit_bytes, &b, 0644, &existed, err);
}

jh_status_t jh_write_file_durable_with(const char *path, bool (*emit)(void *ctx, int fd), void *ctx, jh_err_t *err)
{
    bool existed;
    return write_durable(path, emit, ctx, 0644, &existed, err);
}

jh_status_t jh_write_file_durable_with_mode(const char *path, bool (*emit)(void *ctx, int fd), void *ctx, mode_t mode,
                                            jh_err_t *err)
{
    bool existed;
    return write_durable(path, emit, ctx, mode, &existed, err);
}

jh_status_t jh_write_file_atomic(const char *path, const void *data, size_t len, jh_err_t *err)
{
    return jh_write_file_atomic_mode(path, data, len, 0644, err);
}

jh_status_t jh_write_file_atomic_mode(const char *path, const void *data, size_t len, mode_t mode, jh_err_t *err)
{
    bool existed = false;
    bytes_t b = {data, len};
    jh_status_t st = write_durable(path, emit_bytes, &b, mode, &existed, err);
    if (st != JH_OK) return st;

    /* Read back and compare: a USB stick may accept writes it never stores.
     * The file was flushed (fsync), so its pages in the page cache are
     * clean: drop them first (POSIX_FADV_DONTNEED), so the bytes compared
     * come from the device, not from the cache (review 12).  On a file
     * system without a device (tmpfs) the advice does nothing. */
    int dfd = open(path, O_RDONLY | O_CLOEXEC);
    if (dfd < 0) {
        st = fail_errno(err, N_("read back"), path, errno);
        goto placed_fail;
    }
    (void)posix_fadvise(dfd, 0, 0, POSIX_FADV_DONTNEED);
    /* Compared a fixed-size chunk at a time: the file is not read into
     * memory whole (a bundle of 10^5 answers is tens of MB). */
    char chunk[65536];
    size_t off = 0;
    bool same = true;
    for (;;) {
        ssize_t r = read(dfd, chunk, sizeof chunk);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            int e = errno;
            close(dfd);
            st = fail_errno(err, N_("read back"), path, e);
            goto placed_fail;
        }
        if (r == 0) break;
        if ((size_t)r > len - off || memcmp(chunk, (const char *)data + off, (size_t)r) != 0) {
            same = false;
            break;
        }
        off += (size_t)r;
    }
    close(dfd);
    if (off != len) same = false;
    if (!same) {
        st = jh_err_set(err, JH_ERR_IO, _("%s: read-back after writing differs from what was written"), path);
        goto placed_fail;
    }
    return JH_OK;

placed_fail:
    /* A failure reported must not leave a new file behind that looks done. */
    if (!existed) unlink(path);
    return st;
}

jh_status_t jh_mkdir_p(const char *path, jh_err_t *err)
{
    char *p = jh_strdup(path);
    size_t n = strlen(p);
    for (size_t i = 1; i <= n; i++) {
        if (p[i] == '/' || p[i] == '\0') {
            char c = p[i];
            p[i] = '\0';
            if (mkdir(p, 0755) != 0 && errno != EEXIST) {
                jh_status_t st = fail_errno(err, N_("create directory"), p, errno);
                free(p);
                return st;
            }
            p[i] = c;
        }
    }
    free(p);
    return JH_OK;
}

bool jh_crypto_init(void)
{
    return sodium_init() >= 0;
}

void jh_hex(const unsigned char *bytes, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    size_t i = 0;
#ifdef __SSE2__
    /* 16 bytes at a time (every response's chain hash is printed): each
     * nibble x becomes '0' + x, and 'a' - '0' - 10 more when above 9 */
    for (; i + 16 <= n; i += 16) {
        const __m128i low = _mm_set1_epi8(0x0f), nine = _mm_set1_epi8(9), zero = _mm_set1_epi8('0');
        const __m128i gap = _mm_set1_epi8('a' - '0' - 10);
        __m128i v = _mm_loadu_si128((const __m128i *)(bytes + i));
        __m128i lo = _mm_and_si128(v, low), hi = _mm_and_si128(_mm_srli_epi16(v, 4), low);
        __m128i a = _mm_unpacklo_epi8(hi, lo), b = _mm_unpackhi_epi8(hi, lo);
        a = _mm_add_epi8(_mm_add_epi8(a, zero), _mm_and_si128(_mm_cmpgt_epi8(a, nine), gap));
        b = _mm_add_epi8(_mm_add_epi8(b, zero), _mm_and_si128(_mm_cmpgt_epi8(b, nine), gap));
        _mm_storeu_si128((__m128i *)(out + 2 * i), a);
        _mm_storeu_si128((__m128i *)(out + 2 * i + 16), b);
    }
#endif
    char *o = out + 2 * i;
    for (; i < n; i++, o += 2) {
        o[0] = digits[bytes[i] >> 4];
        o[1] = digits[bytes[i] & 15];
    }
    *o = '\0';
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool jh_unhex(const char *hex, unsigned char *bytes, size_t n)
{
    if (!hex || strlen(hex) != 2 * n) return false;
    for (size_t i = 0; i < n; i++) {
        int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) return false;
        bytes[i] = (unsigned char)(hi << 4 | lo);
    }
    return true;
}

/* 10^0 .. 10^27: each exact in a long double (5^27 < 2^64). */
static const long double p10[28] = {1e0L,  1e1L,  1e2L,  1e3L,  1e4L,  1e5L,  1e6L,  1e7L,  1e8L,  1e9L,
                                    1e10L, 1e11L, 1e12L, 1e13L, 1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L,
                                    1e20L, 1e21L, 1e22L, 1e23L, 1e24L, 1e25L, 1e26L, 1e27L};

/* Whether long double arithmetic keeps 64 bits here (checked once: 1 + 2^-63
 * is not 1; threads that check at once compute the same answer). */
static bool long_double_wide(void)
{
    static _Atomic int wide = -1;
    if (wide < 0) {
        volatile long double one = 1.0L, tiny = 0x1p-63L;
        volatile long double sum = one + tiny;
        wide = sum != one;
    }
    return wide == 1;
}

/* (jh.h) The p digits are |d| * 10^k rounded, the product taken in a long
 * double (one rounding: 2^-64 relative, under 0.004 of the last digit for
 * 17 digits); when it falls within 0.01 of a tie or of a power of ten, or
 * the exponent needs an 'e', it returns 0.  test_json_print compares the
 * result with printf's on many thousand values. */
int jh_fmt_g(char *b, double d, int p)
{
    /* the guard of 0.01 needs a long double of 64 bits or more (x86-64, arm64's
     * 113) that computes as one: where it is a double, or where the machine
     * rounds it as one (Valgrind emulates x87 arithmetic in 64-bit doubles),
     * printf does it */
    if (LDBL_MANT_DIG < 64 || !long_double_wide() || !isfinite(d) || d == 0) return 0;
    long double a = fabsl((long double)d);
    int x = (int)floor(log10(fabs(d))); /* the decimal exponent, or one off */
    long double m = 0;
    for (int tries = 0;; tries++) {
        int k = p - 1 - x;
        if (tries > 2 || k < 0 || k > 27) return 0;
        m = a * p10[k];
        if (m < p10[p - 1]) {
            x--;
        } else if (m >= p10[p]) {
            x++;
        } else {
            break;
        }
    }
    if (m - p10[p - 1] < 0.01L || p10[p] - m < 0.01L) return 0; /* next to a power of ten */
    long double fl = floorl(m), frac = m - fl;
    if (fabsl(frac - 0.5L) < 0.01L) return 0; /* next to a tie */
    uint64_t r = (uint64_t)fl + (frac > 0.5L);
    if (r == (uint64_t)p10[p]) { /* rounded up to the next power of ten: 99.99... as 100.0 */
        r = (uint64_t)p10[p - 1];
        x++;
    }
    if (x < -4 || x >= p) return 0; /* printf writes an exponent */
    char dg[20];
    for (int i = p - 1; i >= 0; i--, r /= 10) dg[i] = (char)('0' + r % 10);
    int nd = p; /* the digits without trailing zeros */
    while (nd > 1 && dg[nd - 1] == '0') nd--;
    int n = 0;
    if (d < 0) b[n++] = '-';
    if (x >= 0) {
        memcpy(b + n, dg, (size_t)x + 1);
        n += x + 1;
        if (nd > x + 1) {
            b[n++] = '.';
            memcpy(b + n, dg + x + 1, (size_t)(nd - x - 1));
            n += nd - x - 1;
        }
    } else {
        b[n++] = '0';
        b[n++] = '.';
        for (int i = 0; i < -x - 1; i++) b[n++] = '0';
        memcpy(b + n, dg, (size_t)nd);
        n += nd;
    }
    b[n] = '\0';
    return n;
}

void jh_sha256_hex(const void *data, size_t len, char out[65])
{
    /* Not SHA256(): in OpenSSL 3 it goes through EVP, whose first use sets
     * up the default provider's whole algorithm table (1.8 MB more of
     * libcrypto resident in the kiosk; issue 20). */
    unsigned char h[32];
    SHA256_CTX c;
    SHA256_Init(&c);
    SHA256_Update(&c, data, len);
    SHA256_Final(h, &c);
    jh_hex(h, sizeof h, out);
}

/* The low-level SHA256_* calls are deprecated in OpenSSL 3 in favour of EVP,
 * whose per-digest context allocation and method fetch cost more than
 * hashing one ~800-byte response; they remain supported in 3.x. */
_Static_assert(sizeof(jh_sha256_t) == sizeof(SHA256_CTX), "jh_sha256_t must mirror SHA256_CTX");

void jh_sha256_init(jh_sha256_t *h)
{
    SHA256_Init((SHA256_CTX *)h);
}

void jh_sha256_update(jh_sha256_t *h, const void *data, size_t len)
{
    SHA256_Update((SHA256_CTX *)h, data, len);
}

void jh_sha256_final(jh_sha256_t *h, unsigned char out[32])
{
    SHA256_Final(out, (SHA256_CTX *)h);
}

int64_t jh_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t jh_clock_floor_ms(int64_t pack_created_ms)
{
    int64_t floor = JH_RELEASE_MS, margin = 30LL * 86400000;
    if (pack_created_ms - margin > floor) floor = pack_created_ms - margin;
    return floor;
}

jh_clock_doubt_t jh_clock_doubt(int64_t now_ms, int64_t pack_made_ms, int64_t last_answer_ms, int64_t *ref_ms)
{
    const int64_t day = 86400000;
    if (ref_ms) *ref_ms = 0;
    if (now_ms < jh_clock_floor_ms(0) || now_ms >= JH_TIME_MAX_MS) return JH_CLOCK_NO_DOUBT; /* plainly wrong */
    if (last_answer_ms > now_ms + day) {
        if (ref_ms) *ref_ms = last_answer_ms;
        return JH_CLOCK_BEFORE_ANSWERS;
    }
    if (pack_made_ms > now_ms + day) {
        if (ref_ms) *ref_ms = pack_made_ms;
        return JH_CLOCK_BEFORE_PACK;
    }
    int64_t latest = last_answer_ms > pack_made_ms ? last_answer_ms : pack_made_ms;
    if (latest > 0 && now_ms > latest + JH_CLOCK_AHEAD_DAYS * day) {
        if (ref_ms) *ref_ms = latest;
        return JH_CLOCK_FAR_AHEAD;
    }
    return JH_CLOCK_NO_DOUBT;
}

void jh_format_day(int64_t ms, char out[16])
{
    time_t t = (time_t)(ms / 1000) + 8 * 3600;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 16, "%Y-%m-%d", &tm);
}

bool jh_iso_beijing(const char *iso, struct tm *out)
{
    struct tm tm = {0};
    if (sscanf(iso, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
               &tm.tm_sec) != 6)
        return false;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    time_t t = timegm(&tm) + 8 * 3600;
    return gmtime_r(&t, out) != NULL;
}

char *jh_exe_dir(void)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return NULL;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash) return NULL;
    *slash = '\0';
    return jh_strdup(exe);
}

void jh_format_time_ms(int64_t ms, char out[32])
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    size_t n = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out + n, 32 - n, ".%03dZ", (int)(ms % 1000 + 1000) % 1000);
}

void jh_format_time(int64_t ms, char out[32])
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Whether dir is a folder with anything in it. */
static bool holds_files(const char *dir)
{
    DIR *dh = opendir(dir);
    if (!dh) return false;
    bool any = false;
    for (struct dirent *de; !any && (de = readdir(dh));) any = strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
    closedir(dh);
    return any;
}

int jh_dir_lock(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) != 0) {
        close(fd);
        fd = -1;
    }
    return fd;
}

int jh_run_dir_mark(const char *dir)
{
    char *path = jh_sprintf("%s/%s", dir, JH_RUN_MARKER);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    free(path);
    if (fd < 0) return -1;
    return close(fd);
}

int jh_run_dir_sweep(const char *dir, const char *prefix, long long before)
{
    DIR *dh = opendir(dir);
    if (!dh) return 0;
    size_t pl = strlen(prefix);
    int n = 0;
    for (struct dirent *de; (de = readdir(dh));) {
        if (strncmp(de->d_name, prefix, pl) != 0 || strlen(de->d_name) != pl + 6) continue;
        char *path = jh_sprintf("%s/%s", dir, de->d_name), *old = jh_sprintf("%s/old", path);
        char *mark = jh_sprintf("%s/%s", path, JH_RUN_MARKER);
        struct stat sb, mb;
        /* a folder a run made (its marker: a person's own folder named
         * alike, such as .junheng-report-photos, is not one), older than the
         * run, no run's lock on it, and no earlier files in old/ that a
         * failed run could not put back (its message named them: they stay) */
        if (lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode) && (long long)sb.st_mtime < before && lstat(mark, &mb) == 0 &&
            S_ISREG(mb.st_mode)) {
            int lock = jh_dir_lock(path);
            if (lock >= 0 && !holds_files(old)) {
                jh_rm_tree(path);
                n++;
            }
            if (lock >= 0) close(lock);
        }
        free(path);
        free(old);
        free(mark);
    }
    closedir(dh);
    return n;
}

void jh_test_pause(const char *env)
{
    const char *v = getenv(env);
    if (!v || !v[0]) return;
    long ms = strtol(v, NULL, 10);
    if (ms <= 0) return;
    const char *mark = getenv("JH_TEST_PAUSE_MARK"), *until = getenv("JH_TEST_PAUSE_UNTIL");
    if (mark && mark[0]) { /* "paused here" for the test that waits for it */
        int fd = open(mark, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
        if (fd >= 0) close(fd);
    }
    if (until && until[0]) { /* until the test says go, at most ms */
        for (long waited = 0; waited < ms && access(until, F_OK) != 0; waited += 10) {
            struct timespec tick = {0, 10 * 1000000L};
            while (nanosleep(&tick, &tick) != 0 && errno == EINTR) {
            }
        }
        return;
    }
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}
