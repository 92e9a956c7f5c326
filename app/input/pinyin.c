/* pinyin.c - pinyin input through librime; see pinyin.h. */
#include "pinyin.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <openssl/evp.h>
#include <poll.h>
#include <rime_api.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* X11 keysyms librime understands for the keys the panel has. */
enum { KEY_BACKSPACE = 0xff08, KEY_ESCAPE = 0xff1b, KEY_PAGE_UP = 0xff55, KEY_PAGE_DOWN = 0xff56 };

struct pinyin {
    RimeApi *api;
    RimeSessionId session;
    RimeContext ctx;     /* the last context read, freed before the next */
    bool have_ctx;
    char *out;           /* the last text returned */
};

/* librime is one engine per process, set up once (its logging cannot be
 * set up twice) and kept until the process ends. */
static bool engine_up;
/* The last failed open was a load that took too long or a child that could
 * not be started: worth trying again later (see pinyin_retry_later). */
static bool retry_later;

/* How long the first load may take in the child (it takes well under a
 * second on the kiosk's hardware). */
#define PROBE_TIMEOUT_MS 10000

/* The compiled files the schema maps (its translator's dictionary
 * luna_pinyin and prism luna_pinyin_simp; its reverse lookup's stroke),
 * each with the first bytes librime writes into it.  librime throws C++
 * exceptions through its C API at a file it cannot read (a 0-byte table:
 * boost::interprocess; a cut one: marisa), which end the process. */
static const struct {
    const char *name, *magic;
    bool required;
} compiled[] = {
    {"luna_pinyin.table.bin", "Rime::Table/", true},
    {PINYIN_SCHEMA ".prism.bin", "Rime::Prism/", true},
    {"luna_pinyin.reverse.bin", "Rime::Reverse/", true},
    {"stroke.table.bin", "Rime::Table/", false},
    {"stroke.prism.bin", "Rime::Prism/", false},
    {"stroke.reverse.bin", "Rime::Reverse/", false},
};

static void engine_down(void)
{
    rime_get_api()->finalize();
}

/* Writes path with text unless it already holds exactly that (so the
 * schema is not deployed again at every start). */
static jh_status_t write_if_changed(const char *path, const char *text, jh_err_t *err)
{
    char *old = NULL;
    size_t len = 0;
    jh_err_t ignore;
    if (jh_read_file(path, &old, &len, &ignore) == JH_OK && len == strlen(text) && !memcmp(old, text, len)) {
        free(old);
        return JH_OK;
    }
    free(old);
    FILE *f = fopen(path, "w");
    if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
        if (f) fclose(f);
        return jh_err_set(err, JH_ERR_IO, "%s: cannot write the pinyin engine's settings (%s)", path,
                          strerror(errno));
    }
    return JH_OK;
}

static void free_ctx(pinyin_t *p)
{
    if (p->have_ctx) p->api->free_context(&p->ctx);
    p->have_ctx = false;
}

static const char *set_out(pinyin_t *p, const char *s)
{
    free(p->out);
    p->out = s ? jh_strdup(s) : NULL;
    return p->out;
}

/* Whether each compiled file the schema needs is there and starts as
 * librime's files do; librime looks in user_dir/build first, then in the
 * shared data's build/. */
static jh_status_t check_compiled(const char *shared_dir, const char *user_dir, jh_err_t *err)
{
    char path[8192];
    for (size_t i = 0; i < sizeof compiled / sizeof *compiled; i++) {
        snprintf(path, sizeof path, "%s/build/%s", user_dir, compiled[i].name);
        if (access(path, F_OK) != 0) snprintf(path, sizeof path, "%s/build/%s", shared_dir, compiled[i].name);
        int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK); /* a FIFO must not hang the kiosk */
        if (fd < 0) {
            if (!compiled[i].required && errno == ENOENT) continue;
            return jh_err_set(err, errno == ENOENT ? JH_ERR_NOTFOUND : JH_ERR_IO,
                              "%s: the compiled pinyin dictionary is %s (Debian package rime-data-luna-pinyin)",
                              path, errno == ENOENT ? "missing" : strerror(errno));
        }
        char head[32] = {0};
        size_t want = strlen(compiled[i].magic);
        struct stat sb;
        bool regular = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode);
        ssize_t got = regular ? read(fd, head, want) : -1;
        bool ok = regular && got == (ssize_t)want && !memcmp(head, compiled[i].magic, want) && sb.st_size >= 64;
        close(fd);
        char real[PATH_MAX]; /* the file itself, when path is a link to it (pinyin_check) */
        if (!ok && realpath(path, real)) snprintf(path, sizeof path, "%s", real);
        if (!ok)
            return jh_err_set(err, JH_ERR_CORRUPT,
                              "%s: the compiled pinyin dictionary is damaged (%s; expected a file starting "
                              "with %s)",
                              path, !regular ? "not a regular file" : got <= 0 ? "empty" : "not librime's format",
                              compiled[i].magic);
    }
    return JH_OK;
}

static void engine_start(const char *shared_dir, const char *user_dir)
{
    RimeApi *api = rime_get_api();
    RIME_STRUCT(RimeTraits, traits);
    traits.shared_data_dir = shared_dir;
    traits.user_data_dir = user_dir;
    traits.distribution_name = "Junheng";
    traits.distribution_code_name = "junheng";
    traits.distribution_version = JH_VERSION;
    traits.app_name = "rime.junheng";
    traits.min_log_level = 3; /* fatal only: the kiosk has no use for librime's notes */
    api->setup(&traits);
    api->initialize(&traits);
}

/* Whether a session gives candidates for word: a dictionary librime could
 * not open (missing, or one it read as empty) gives letters and never a
 * candidate.  Leaves nothing composed. */
static bool gives_candidates(RimeApi *api, RimeSessionId session, const char *word)
{
    bool ok = true;
    /* the candidates read after each letter, as the panel does */
    for (const char *c = word; ok && *c; c++) {
        ok = api->process_key(session, *c, 0);
        RIME_STRUCT(RimeContext, ctx);
        ok = ok && api->get_context(session, &ctx);
        if (ok) {
            ok = ctx.menu.num_candidates > 0;
            api->free_context(&ctx);
        }
    }
    api->clear_composition(session);
    return ok;
}

/* The Debian md5sums files that list the rime data (rime-data-luna-pinyin,
 * rime-data-stroke, and librime-data's on older releases). */
static const char *const dpkg_md5sums[] = {
    "/var/lib/dpkg/info/rime-data-luna-pinyin.md5sums",
    "/var/lib/dpkg/info/rime-data-stroke.md5sums",
    "/var/lib/dpkg/info/librime-data.md5sums",
    "/var/lib/dpkg/info/librime-data-luna-pinyin.md5sums",
    "/var/lib/dpkg/info/librime-data-stroke.md5sums",
};

/* The MD5 a md5sums file lists for shared_dir's build/name ("md5  path",
 * the path ending in "build/name"), into want (33 bytes); false when no
 * line names it. */
static bool listed_md5(const char *md5sums, const char *name, char want[33])
{
    FILE *f = fopen(md5sums, "re");
    if (!f) return false;
    char line[1024], tail[512];
    snprintf(tail, sizeof tail, "build/%s", name);
    size_t tl = strlen(tail);
    bool found = false;
    while (!found && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = 0;
        size_t n = strlen(line);
        if (n < 34 + tl || strspn(line, "0123456789abcdefABCDEF") != 32 || line[32] != ' ') continue;
        const char *path = line + 33 + strspn(line + 33, " *");
        size_t pl = strlen(path);
        if (pl < tl || strcmp(path + pl - tl, tail) != 0 || (pl > tl && path[pl - tl - 1] != '/')) continue;
        for (int i = 0; i < 32; i++) want[i] = (char)tolower((unsigned char)line[i]);
        want[32] = 0;
        found = true;
    }
    fclose(f);
    return found;
}

/* MD5 of a regular file as lowercase hex; false when it cannot be read. */
static bool file_md5(const char *path, char hex[33])
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return false;
    struct stat sb;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    bool ok = ctx && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && EVP_DigestInit_ex(ctx, EVP_md5(), NULL) == 1;
    static unsigned char buf[1 << 16];
    ssize_t k;
    while (ok && (k = read(fd, buf, sizeof buf)) != 0) {
        if (k < 0) {
            if (errno == EINTR) continue;
            ok = false;
        } else {
            ok = EVP_DigestUpdate(ctx, buf, (size_t)k) == 1;
        }
    }
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    ok = ok && EVP_DigestFinal_ex(ctx, md, &mdlen) == 1 && mdlen == 16;
    for (unsigned i = 0; ok && i < 16; i++) snprintf(hex + 2 * i, 3, "%02x", md[i]);
    EVP_MD_CTX_free(ctx);
    close(fd);
    return ok;
}

/* The md5sums files that apply to shared_dir: JH_RIME_MD5SUMS when set (a
 * copy of the data with its own list, for tests), Debian's when shared_dir
 * is Debian's folder, else shared_dir/md5sums.  n of them into out. */
static size_t md5sums_for(const char *shared_dir, char out[][PATH_MAX], size_t max)
{
    const char *env = getenv("JH_RIME_MD5SUMS");
    if (env && *env) {
        snprintf(out[0], PATH_MAX, "%s", env);
        return 1;
    }
    char a[PATH_MAX], b[PATH_MAX];
    if (realpath(shared_dir, a) && realpath(PINYIN_SHARED_DIR, b) && !strcmp(a, b)) {
        size_t n = 0;
        for (size_t i = 0; i < sizeof dpkg_md5sums / sizeof *dpkg_md5sums && n < max; i++)
            snprintf(out[n++], PATH_MAX, "%s", dpkg_md5sums[i]);
        return n;
    }
    snprintf(out[0], PATH_MAX, "%s/md5sums", shared_dir);
    return 1;
}

/* Compares the compiled files librime will read from shared_dir/build
 * with the MD5 sums their package lists (a file in user_dir/build comes
 * first and has none).  A file no list names is not checked.  Writes what
 * differs into why. */
static bool sums_match(const char *shared_dir, const char *user_dir, char *why, size_t whylen)
{
    char lists[8][PATH_MAX];
    size_t nl = md5sums_for(shared_dir, lists, 8);
    char path[PATH_MAX];
    for (size_t i = 0; i < sizeof compiled / sizeof *compiled; i++) {
        snprintf(path, sizeof path, "%s/build/%s", user_dir, compiled[i].name);
        if (access(path, F_OK) == 0) continue;
        snprintf(path, sizeof path, "%s/build/%s", shared_dir, compiled[i].name);
        char want[33], got[33];
        bool listed = false;
        for (size_t k = 0; k < nl && !listed; k++) listed = listed_md5(lists[k], compiled[i].name, want);
        if (!listed || access(path, F_OK) != 0) continue;
        if (!file_md5(path, got)) {
            snprintf(why, whylen, "%s: cannot be read to compare it with its package's MD5 sum", path);
            return false;
        }
        if (strcmp(got, want) != 0) {
            snprintf(why, whylen, "%s: differs from the file its package installed (MD5 %s, expected %s)", path,
                     got, want);
            return false;
        }
    }
    return true;
}

/* The words the child types: each must give candidates (a partly damaged
 * table can still give "ni" its candidates). */
static const char *const probe_words[] = {"ni", "laoshi", "xuexiao", "women", "zuoye"};

/* In the child, right after fork: none of the kiosk's blocked signals or
 * handlers (so SIGTERM ends it), none of its files (the database, its
 * lock, the display and audio sockets) but the result pipe as fd 3, and
 * /dev/null as 0-2 (librime's "terminate called ..."). */
static void child_clean(int rfd, int wfd)
{
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    for (int sig = 1; sig < NSIG; sig++)
        if (sig != SIGKILL && sig != SIGSTOP) signal(sig, SIG_DFL);
    close(rfd);
    if (wfd != 3) {
        dup2(wfd, 3);
        close(wfd);
    }
    int devnull = open("/dev/null", O_RDWR);
    for (int fd = 0; fd < 3; fd++)
        if (devnull >= 0 && devnull != fd) dup2(devnull, fd);
    if (close_range(4, ~0U, 0) != 0) {
        long max = sysconf(_SC_OPEN_MAX);
        for (long fd = 4; fd < (max > 0 && max < 65536 ? max : 65536); fd++) close((int)fd);
    }
}

static void child_say(const char *msg)
{
    size_t n = strlen(msg), off = 0;
    while (off < n) {
        ssize_t k = write(3, msg + off, n - off);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) break;
        off += (size_t)k;
    }
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Loads the data in a child process first: librime cannot tell a C caller
 * that a file is unreadable (it throws through its C API and the process
 * aborts), so the child takes the blow and its exit status tells.  The
 * child compares the compiled files with their package's MD5 sums, starts
 * its own engine, selects the schema and types a few words.  It gets
 * PROBE_TIMEOUT_MS; one that takes longer is killed and the open may be
 * tried again later (pinyin_retry_later), as after a fork that failed. */
static jh_status_t probe_in_child(const char *shared_dir, const char *user_dir, jh_err_t *err)
{
    int pfd[2];
    if (pipe2(pfd, O_CLOEXEC) != 0) {
        retry_later = true;
        return jh_err_set(err, JH_ERR_IO, "cannot start a process to try the pinyin data (%s)", strerror(errno));
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(pfd[0]);
        close(pfd[1]);
        retry_later = true;
        return jh_err_set(err, JH_ERR_IO, "cannot start a process to try the pinyin data (%s)", strerror(e));
    }
    if (pid == 0) {
        child_clean(pfd[0], pfd[1]);
        char why[PATH_MAX + 200];
        if (!sums_match(shared_dir, user_dir, why, sizeof why)) {
            child_say(why);
            _exit(4);
        }
        engine_start(shared_dir, user_dir);
        RimeApi *api = rime_get_api();
        RimeSessionId s = api->create_session();
        if (!s || !api->select_schema(s, PINYIN_SCHEMA)) _exit(2);
        for (size_t i = 0; i < sizeof probe_words / sizeof *probe_words; i++)
            if (!gives_candidates(api, s, probe_words[i])) {
                child_say(probe_words[i]);
                _exit(3);
            }
        _exit(0);
    }
    close(pfd[1]);
    char said[PATH_MAX + 200];
    size_t nsaid = 0;
    long long deadline = now_ms() + PROBE_TIMEOUT_MS;
    bool timed_out = false;
    for (;;) {
        long long left = deadline - now_ms();
        if (left <= 0) {
            timed_out = true;
            break;
        }
        struct pollfd pf = {.fd = pfd[0], .events = POLLIN};
        int r = poll(&pf, 1, (int)left);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) continue; /* timed out: the loop's check ends it */
        ssize_t k = read(pfd[0], said + nsaid, sizeof said - 1 - nsaid);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) break; /* the child is gone (or said all it can) */
        nsaid += (size_t)k;
        if (nsaid == sizeof said - 1) break;
    }
    close(pfd[0]);
    said[nsaid] = 0;
    int status = 0;
    if (timed_out) kill(pid, SIGKILL);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (timed_out) {
        retry_later = true;
        return jh_err_set(err, JH_ERR_IO,
                          "%s: loading the pinyin data took longer than %d s (a slow or busy disk?); it will be "
                          "tried again",
                          shared_dir, PROBE_TIMEOUT_MS / 1000);
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return JH_OK;
    if (WIFSIGNALED(status))
        return jh_err_set(err, JH_ERR_CORRUPT,
                          "%s: librime crashed loading the pinyin data (signal %d): a compiled file in build/ is "
                          "damaged",
                          shared_dir, WTERMSIG(status));
    if (WIFEXITED(status) && WEXITSTATUS(status) == 4)
        return jh_err_set(err, JH_ERR_CORRUPT, "%s", said);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 3)
        return jh_err_set(err, JH_ERR_CORRUPT, "%s: the pinyin data gives no candidates (\"%s\" typed)", shared_dir,
                          said);
    return jh_err_set(err, JH_ERR_CORRUPT, "%s: the pinyin engine could not load the schema %s", shared_dir,
                      PINYIN_SCHEMA);
}

bool pinyin_retry_later(void)
{
    return retry_later;
}

/* Writes the kiosk's schema into user_dir/build (see pinyin_open). */
static jh_status_t prepare(const char *shared_dir, const char *user_dir, int page_size, jh_err_t *err)
{
    char path[8192];
    snprintf(path, sizeof path, "%s/%s.schema.yaml", shared_dir, PINYIN_SCHEMA);
    if (access(path, R_OK) != 0)
        return jh_err_set(err, JH_ERR_NOTFOUND,
                          "%s: the pinyin data is not installed (Debian package rime-data-luna-pinyin)", path);
    jh_err_t merr;
    char build[4096];
    snprintf(build, sizeof build, "%s/build", user_dir);
    if (jh_mkdir_p(build, &merr) != JH_OK)
        return jh_err_set(err, JH_ERR_IO, "%s: cannot create the pinyin engine's folder: %s", build, merr.msg);
    /* The schema as Debian compiled it (with its word frequencies), changed
     * in two places, is put where librime looks first: no learning from what
     * people type (translator/enable_user_dict), and the page size.  The
     * engine is never asked to deploy, so it never recompiles the
     * dictionary without the frequencies. */
    char *schema = NULL;
    size_t len = 0;
    snprintf(path, sizeof path, "%s/build/%s.schema.yaml", shared_dir, PINYIN_SCHEMA);
    if (jh_read_file(path, &schema, &len, &merr) != JH_OK)
        return jh_err_set(err, JH_ERR_NOTFOUND, "%s: the compiled pinyin schema is not installed (%s)", path, merr.msg);
    char *menu = strstr(schema, "\nmenu:\n  page_size: ");
    char *tr = strstr(schema, "\ntranslator:\n");
    if (!menu || !tr) {
        free(schema);
        return jh_err_set(err, JH_ERR_CORRUPT, "%s: not the Luna Pinyin schema this kiosk knows", path);
    }
    jh_buf_t b = {0};
    size_t at = (size_t)(menu - schema) + strlen("\nmenu:\n  page_size: ");
    jh_buf_append(&b, schema, at);
    jh_buf_printf(&b, "%d", page_size);
    size_t digits = strspn(schema + at, "0123456789");
    size_t tr_at = (size_t)(tr - schema) + strlen("\ntranslator:\n");
    JH_EXPECT(tr_at > at);
    jh_buf_append(&b, schema + at + digits, tr_at - at - digits);
    jh_buf_puts(&b, "  enable_user_dict: false\n");
    jh_buf_append(&b, schema + tr_at, len - tr_at);
    jh_buf_append(&b, "", 1);
    free(schema);
    snprintf(path, sizeof path, "%s/%s.schema.yaml", build, PINYIN_SCHEMA);
    jh_status_t st = write_if_changed(path, b.data, err);
    jh_buf_free(&b);
    return st;
}

jh_status_t pinyin_check(const char *shared_dir, const char *kiosk_dir, const char *user_dir, jh_err_t *err)
{
    if (!shared_dir) shared_dir = PINYIN_SHARED_DIR;
    retry_later = false;
    /* the kiosk's own compiled files, which librime would read first:
     * linked into the scratch folder to be checked and loaded the same way */
    for (size_t i = 0; kiosk_dir && i < sizeof compiled / sizeof *compiled; i++) {
        char from[4096], to[4096];
        snprintf(from, sizeof from, "%s/build/%s", kiosk_dir, compiled[i].name);
        if (access(from, F_OK) != 0) continue;
        snprintf(to, sizeof to, "%s/build", user_dir);
        jh_err_t merr;
        if (jh_mkdir_p(to, &merr) != JH_OK)
            return jh_err_set(err, JH_ERR_IO, "%s: cannot create the pinyin engine's folder: %s", to, merr.msg);
        snprintf(to, sizeof to, "%s/build/%s", user_dir, compiled[i].name);
        unlink(to);
        if (symlink(from, to) != 0)
            return jh_err_set(err, JH_ERR_IO, "%s: cannot link it to try it (%s)", to, strerror(errno));
    }
    jh_status_t st = prepare(shared_dir, user_dir, 6, err);
    if (st == JH_OK) st = check_compiled(shared_dir, user_dir, err);
    if (st == JH_OK) st = probe_in_child(shared_dir, user_dir, err);
    return st;
}

jh_status_t pinyin_open(const char *shared_dir, const char *user_dir, int page_size, pinyin_t **out,
                        jh_err_t *err)
{
    *out = NULL;
    retry_later = false;
    if (!shared_dir) shared_dir = PINYIN_SHARED_DIR;
    if (page_size < 1 || page_size > PINYIN_MAX_CANDIDATES) page_size = 6;
    jh_status_t st = prepare(shared_dir, user_dir, page_size, err);
    if (st != JH_OK) return st;
    /* The files checked on every open (cheap); the first load tried in a
     * child before this process risks it (later sessions reuse what the
     * engine loaded then). */
    st = check_compiled(shared_dir, user_dir, err);
    if (st == JH_OK && !engine_up) st = probe_in_child(shared_dir, user_dir, err);
    if (st != JH_OK) return st;

    RimeApi *api = rime_get_api();
    if (!engine_up) {
        engine_up = true;
        engine_start(shared_dir, user_dir);
        atexit(engine_down);
    }
    pinyin_t *p = jh_xcalloc(1, sizeof *p);
    p->api = api;
    p->session = api->create_session();
    if (!p->session || !api->select_schema(p->session, PINYIN_SCHEMA)) {
        pinyin_close(p);
        return jh_err_set(err, JH_ERR_CORRUPT, "%s: the pinyin engine could not load the schema %s", shared_dir,
                          PINYIN_SCHEMA);
    }
    if (!gives_candidates(api, p->session, "ni")) {
        pinyin_close(p);
        return jh_err_set(err, JH_ERR_CORRUPT, "%s: the pinyin data gives no candidates (\"ni\" typed)", shared_dir);
    }
    *out = p;
    return JH_OK;
}

void pinyin_close(pinyin_t *p)
{
    if (!p) return;
    free_ctx(p);
    if (p->session) p->api->destroy_session(p->session);
    free(p->out);
    free(p);
}

static bool key(pinyin_t *p, int code)
{
    return p->api->process_key(p->session, code, 0) != 0;
}

bool pinyin_key(pinyin_t *p, int ch)
{
    if (ch >= 'A' && ch <= 'Z') ch += 'a' - 'A';
    if (!((ch >= 'a' && ch <= 'z') || ch == '\'')) return false;
    return key(p, ch);
}

static bool composing(pinyin_t *p)
{
    return p->api->get_input(p->session) && *p->api->get_input(p->session);
}

bool pinyin_backspace(pinyin_t *p)
{
    return composing(p) && key(p, KEY_BACKSPACE);
}

bool pinyin_page(pinyin_t *p, int dir)
{
    if (!composing(p)) return false;
    pinyin_state_t s;
    pinyin_state(p, &s);
    if ((dir > 0 && s.last_page) || (dir < 0 && s.page == 0)) return false;
    return key(p, dir > 0 ? KEY_PAGE_DOWN : KEY_PAGE_UP);
}

static const char *take_commit(pinyin_t *p)
{
    RIME_STRUCT(RimeCommit, commit);
    if (!p->api->get_commit(p->session, &commit)) return NULL;
    const char *r = set_out(p, commit.text);
    p->api->free_commit(&commit);
    return r;
}

const char *pinyin_select(pinyin_t *p, int index)
{
    if (!p->api->select_candidate_on_current_page(p->session, (size_t)index)) return NULL;
    return take_commit(p);
}

const char *pinyin_commit_shown(pinyin_t *p)
{
    if (!composing(p)) return NULL;
    /* librime commits the composition as its preedit shows it: the
     * candidates chosen, the highlighted one of the segment being
     * converted, and the letters after them as typed (fcitx5-rime does
     * the same when the input context loses focus). */
    const char *r = p->api->commit_composition(p->session) ? take_commit(p) : NULL;
    if (!r) {
        /* nothing converted at all: the letters as typed */
        r = set_out(p, p->api->get_input(p->session));
    }
    p->api->clear_composition(p->session);
    return r;
}

void pinyin_clear(pinyin_t *p)
{
    p->api->clear_composition(p->session);
}

const char *pinyin_input(pinyin_t *p)
{
    const char *in = p->api->get_input ? p->api->get_input(p->session) : NULL;
    return in ? in : "";
}

void pinyin_state(pinyin_t *p, pinyin_state_t *out)
{
    memset(out, 0, sizeof *out);
    out->preedit = "";
    free_ctx(p);
    RIME_STRUCT_INIT(RimeContext, p->ctx);
    if (!p->api->get_context(p->session, &p->ctx)) return;
    p->have_ctx = true;
    if (p->ctx.composition.preedit) out->preedit = p->ctx.composition.preedit;
    int n = p->ctx.menu.num_candidates;
    if (n > PINYIN_MAX_CANDIDATES) n = PINYIN_MAX_CANDIDATES;
    for (int i = 0; i < n; i++) out->text[i] = p->ctx.menu.candidates[i].text;
    out->n = n;
    out->page = p->ctx.menu.page_no;
    out->last_page = p->ctx.menu.is_last_page != 0;
}
