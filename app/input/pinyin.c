/* pinyin.c - pinyin input through librime; see pinyin.h. */
#include "pinyin.h"

#include <errno.h>
#include <fcntl.h>
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
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            if (!compiled[i].required && errno == ENOENT) continue;
            return jh_err_set(err, errno == ENOENT ? JH_ERR_NOTFOUND : JH_ERR_IO,
                              "%s: the compiled pinyin dictionary is %s (Debian package rime-data-luna-pinyin)",
                              path, errno == ENOENT ? "missing" : strerror(errno));
        }
        char head[32] = {0};
        size_t want = strlen(compiled[i].magic);
        ssize_t got = read(fd, head, want);
        struct stat sb;
        bool ok = got == (ssize_t)want && !memcmp(head, compiled[i].magic, want) && fstat(fd, &sb) == 0 &&
                  sb.st_size >= 64;
        close(fd);
        if (!ok)
            return jh_err_set(err, JH_ERR_CORRUPT,
                              "%s: the compiled pinyin dictionary is damaged (%s; expected a file starting "
                              "with %s)",
                              path, got <= 0 ? "empty" : "not librime's format", compiled[i].magic);
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

/* Whether a session gives candidates for a known key: a dictionary librime
 * could not open (missing, or one it read as empty) gives letters and never
 * a candidate.  Leaves nothing composed. */
static bool gives_candidates(RimeApi *api, RimeSessionId session)
{
    bool ok = false;
    if (api->process_key(session, 'n', 0) && api->process_key(session, 'i', 0)) {
        RIME_STRUCT(RimeContext, ctx);
        if (api->get_context(session, &ctx)) {
            ok = ctx.menu.num_candidates > 0;
            api->free_context(&ctx);
        }
    }
    api->clear_composition(session);
    return ok;
}

/* Loads the data in a child process first: librime cannot tell a C caller
 * that a file is unreadable (it throws through its C API and the process
 * aborts), so the child takes the blow and its exit status tells.  The
 * child starts its own engine, selects the schema and types "ni". */
static jh_status_t probe_in_child(const char *shared_dir, const char *user_dir, jh_err_t *err)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return jh_err_set(err, JH_ERR_IO, "cannot start a process to try the pinyin data (%s)", strerror(errno));
    if (pid == 0) {
        int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
        if (devnull >= 0) dup2(devnull, 2); /* librime's "terminate called …" */
        engine_start(shared_dir, user_dir);
        RimeApi *api = rime_get_api();
        RimeSessionId s = api->create_session();
        if (!s || !api->select_schema(s, PINYIN_SCHEMA)) _exit(2);
        _exit(gives_candidates(api, s) ? 0 : 3);
    }
    int status = 0;
    /* 60 s: loading takes well under a second; a child that hangs is a
     * failure too */
    for (int waited = 0;; waited += 20) {
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid) break;
        if (r < 0 && errno != EINTR)
            return jh_err_set(err, JH_ERR_IO, "cannot learn how trying the pinyin data went (%s)", strerror(errno));
        if (waited >= 60000) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            return jh_err_set(err, JH_ERR_CORRUPT, "%s: loading the pinyin data did not finish in 60 s", shared_dir);
        }
        nanosleep(&(struct timespec){0, 20 * 1000 * 1000}, NULL);
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return JH_OK;
    if (WIFSIGNALED(status))
        return jh_err_set(err, JH_ERR_CORRUPT,
                          "%s: librime crashed loading the pinyin data (signal %d): a compiled file in build/ is "
                          "damaged",
                          shared_dir, WTERMSIG(status));
    if (WIFEXITED(status) && WEXITSTATUS(status) == 3)
        return jh_err_set(err, JH_ERR_CORRUPT, "%s: the pinyin data gives no candidates (\"ni\" typed)", shared_dir);
    return jh_err_set(err, JH_ERR_CORRUPT, "%s: the pinyin engine could not load the schema %s", shared_dir,
                      PINYIN_SCHEMA);
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

jh_status_t pinyin_check(const char *shared_dir, const char *user_dir, jh_err_t *err)
{
    if (!shared_dir) shared_dir = PINYIN_SHARED_DIR;
    jh_status_t st = prepare(shared_dir, user_dir, 6, err);
    if (st == JH_OK) st = check_compiled(shared_dir, user_dir, err);
    if (st == JH_OK) st = probe_in_child(shared_dir, user_dir, err);
    return st;
}

jh_status_t pinyin_open(const char *shared_dir, const char *user_dir, int page_size, pinyin_t **out,
                        jh_err_t *err)
{
    *out = NULL;
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
    if (!gives_candidates(api, p->session)) {
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
