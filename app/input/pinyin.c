/* pinyin.c - pinyin input through librime; see pinyin.h. */
#include "pinyin.h"

#include <errno.h>
#include <rime_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

jh_status_t pinyin_open(const char *shared_dir, const char *user_dir, int page_size, pinyin_t **out,
                        jh_err_t *err)
{
    *out = NULL;
    if (!shared_dir) shared_dir = PINYIN_SHARED_DIR;
    if (page_size < 1 || page_size > PINYIN_MAX_CANDIDATES) page_size = 6;
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
    if (st != JH_OK) return st;

    RimeApi *api = rime_get_api();
    if (!engine_up) {
        engine_up = true;
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
