/* survey.c - questionnaire definitions: the JSON loader and validator, the
 * canonical content hash, and the answer helpers (visibility, value checks,
 * satisfied / excluded).  The format is in docs/questionnaire-format.md.
 *
 * The loader walks the parsed cJSON tree once, in a fixed order, and records
 * every problem it finds (up to max_errors) instead of stopping at the first:
 * a bureau editing a questionnaire wants all of its mistakes in one run. */
#include "survey.h"
#include "json_locate.h"
#include "i18n.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* ---- types ----------------------------------------------------------------- */

#define SV_PATH 320          /* longest error path kept ("items[3].options[1].score") */
#define SV_MAX_OPTIONS 16    /* more options than this do not fit on one kiosk screen */
#define SV_MAX_ITEMS 200
#define SV_MAX_LOCALES 8
#define SV_GLYPHS_LISTED 6   /* missing characters named in one message */

/* State of one load: where errors go and what the texts are checked against. */
typedef struct {
    const char *name;            /* file name used in messages */
    jh_buf_t *out;               /* error lines */
    int n_errors;                /* all errors found, including those not recorded */
    int max_errors;              /* errors recorded before the rest are only counted */
    survey_glyph_fn has_glyph;   /* NULL = no font check */
    void *glyph_ctx;
    survey_t *s;                 /* the survey being built (owned by the caller) */
    char locales_list[128];      /* "zh-CN, en" for messages */
    const char *text;            /* the JSON text, to locate problems (json_locate.h) */
    size_t text_len;
} load_t;

/* Item fields and the item types each applies to. */
#define T(x) (1u << (x))
#define T_ALL 0x3fu
static const struct {
    const char *name;
    unsigned types;
} item_fields[] = {
    {"id", T_ALL},
    {"type", T_ALL},
    {"text", T_ALL},
    {"help", T_ALL},
    {"required", T_ALL},
    {"show_if", T_ALL},
    {"topic", T(SURVEY_ITEM_SCALE) | T(SURVEY_ITEM_CHOICE) | T(SURVEY_ITEM_RATING) | T(SURVEY_ITEM_YESNO)},
    {"overall", T(SURVEY_ITEM_SCALE) | T(SURVEY_ITEM_CHOICE) | T(SURVEY_ITEM_RATING) | T(SURVEY_ITEM_YESNO)},
    {"background", T(SURVEY_ITEM_CHOICE) | T(SURVEY_ITEM_MULTI)},
    {"locality", T(SURVEY_ITEM_CHOICE)},
    {"scale", T(SURVEY_ITEM_SCALE)},
    {"options", T(SURVEY_ITEM_CHOICE) | T(SURVEY_ITEM_MULTI)},
    {"max_choices", T(SURVEY_ITEM_MULTI)},
    {"satisfied_min", T(SURVEY_ITEM_RATING)},
    {"max_length", T(SURVEY_ITEM_TEXT)},
    {"phrases", T(SURVEY_ITEM_TEXT)},
    {"satisfied", T(SURVEY_ITEM_YESNO)},
    {"yes_label", T(SURVEY_ITEM_YESNO)},
    {"no_label", T(SURVEY_ITEM_YESNO)},
};
#define N_ITEM_FIELDS ((int)(sizeof item_fields / sizeof item_fields[0]))

static const char *const type_names[] = {"scale", "choice", "multi", "rating", "yesno", "text"};

static const char *const top_fields[] = {"id", "version", "audience", "audience_label", "locales",
                                         "title", "intro", "closing", "method", "topics",
                                         "scales", "items", NULL};
static const char *const topic_fields[] = {"id", "label", NULL};
static const char *const scale_fields[] = {"id", "kind", "options", "pictures", NULL};
static const char *const option_fields[] = {"code", "label", "score", "satisfied", "excluded", NULL};
static const char *const cond_fields[] = {"item", "in", "not_in", NULL};

/* What a field should hold, used in "missing" and "wrong type" messages. */
#define EXP_STRING N_("a string")
#define EXP_BOOL N_("true or false")
#define EXP_NUMBER N_("a number")
#define EXP_TEXT N_("a text object such as {\"zh-CN\": \"...\", \"en\": \"...\"}")
#define EXP_IDENT N_("an identifier (a-z, 0-9 and _, starting with a letter, at most 32 characters)")
#define EXP_CODE N_("a code (1-32 characters from A-Z a-z 0-9 _ -)")
#define EXP_SURVEY_ID N_("an id (1-64 characters from A-Z a-z 0-9 _ . -, like \"parent-2026\")")
#define EXP_TYPE N_("one of scale, choice, multi, rating, yesno, text")
#define EXP_METHOD N_("\"answers\" or \"questionnaires\"")

/* ---- static prototypes ----------------------------------------------------- */

static void add_error(load_t *L, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void load_survey(load_t *L, const cJSON *root);
static void syntax_error(load_t *L, const char *copy, size_t parse_len, size_t pos, bool at_nul);
static void free_text(survey_text_t *t);
static bool text_value(load_t *L, const cJSON *v, const char *p, survey_text_t *out);
static void free_options(survey_option_t *o, int n);
static int utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);

/* ---- public functions ------------------------------------------------------ */

jh_status_t survey_load_text(const char *name, const char *json, size_t len,
                             const survey_check_opts_t *opts, survey_t **out,
                             jh_buf_t *errors, jh_err_t *err)
{
    JH_EXPECT(out != NULL && (json != NULL || len == 0));
    *out = NULL;
    jh_buf_t own = {0};
    load_t L = {0};
    L.name = name ? name : "questionnaire";
    L.out = errors ? errors : &own;
    L.max_errors = opts && opts->max_errors > 0 ? opts->max_errors : 100;
    L.has_glyph = opts ? opts->has_glyph : NULL;
    L.glyph_ctx = opts ? opts->glyph_ctx : NULL;
    size_t start_len = L.out->len;
    survey_t *s = NULL;
    cJSON *root = NULL;
    char *copy = NULL;

    /* A byte-order mark (Windows Notepad writes one) is not part of the text. */
    if (len >= 3 && !memcmp(json, "\xEF\xBB\xBF", 3)) {
        json += 3;
        len -= 3;
    }
    const char *nul = memchr(json, '\0', len);
    /* cJSON needs the terminating NUL inside the length it is given to
     * accept require_null_terminated, so parse a terminated copy. */
    size_t parse_len = nul ? (size_t)(nul - json) : len;
    copy = jh_xmalloc(parse_len + 1);
    memcpy(copy, json, parse_len);
    copy[parse_len] = '\0';
    const char *end = NULL;
    root = cJSON_ParseWithLengthOpts(copy, parse_len + 1, &end, 1);
    if (!root || nul) {
        size_t pos = root ? parse_len : (end ? (size_t)(end - copy) : 0);
        syntax_error(&L, copy, parse_len, pos, root != NULL);
        goto fail;
    }

    s = jh_xcalloc(1, sizeof *s);
    L.s = s;
    L.text = copy;
    L.text_len = parse_len;
    load_survey(&L, root);
    if (L.n_errors > 0) goto fail;

    /* Canonical form: keys sorted at every level, no whitespace. */
    survey_canonicalize(root);
    char *canon = cJSON_PrintUnformatted(root);
    if (!canon) {
        L.n_errors++;
        jh_buf_printf(L.out, _("%s: out of memory printing the canonical form\n"), L.name);
        goto fail;
    }
    s->source_json = jh_strdup(canon);
    cJSON_free(canon);
    if (opts && opts->keep_text) {
        s->text = copy;
        copy = NULL;
    }
    jh_sha256_hex(s->source_json, strlen(s->source_json), s->hash);
    cJSON_Delete(root);
    free(copy);
    jh_buf_free(&own);
    *out = s;
    return JH_OK;

fail:
    if (L.n_errors > L.max_errors)
        jh_buf_printf(L.out,
                      P_("%s: %d more error not shown\n", "%s: %d more errors not shown\n",
                         L.n_errors - L.max_errors),
                      L.name, L.n_errors - L.max_errors);
    if (err) {
        const char *first = L.out->data ? L.out->data + start_len : "";
        const char *nl = strchr(first, '\n');
        int n = nl ? (int)(nl - first) : (int)strlen(first);
        jh_err_set(err, JH_ERR_INVALID, "%.*s", n, first);
    }
    cJSON_Delete(root);
    free(copy);
    survey_free(s);
    jh_buf_free(&own);
    return JH_ERR_INVALID;
}

jh_status_t survey_load_file(const char *path, const survey_check_opts_t *opts,
                             survey_t **out, jh_buf_t *errors, jh_err_t *err)
{
    char *data = NULL;
    size_t len = 0;
    jh_err_t e = {0};
    *out = NULL;
    jh_status_t st = jh_read_file_max(path, JH_INPUT_MAX_BYTES, &data, &len, &e);
    if (st != JH_OK) {
        if (errors) jh_buf_printf(errors, "%s\n", e.msg);
        if (err) *err = e;
        return st;
    }
    st = survey_load_text(path, data, len, opts, out, errors, err);
    free(data);
    return st;
}

void survey_free(survey_t *s)
{
    if (!s) return;
    free(s->id);
    free(s->version);
    free(s->audience);
    free_text(&s->audience_label);
    free_text(&s->title);
    free_text(&s->intro);
    free_text(&s->closing);
    free(s->method);
    free(s->text);
    for (int i = 0; i < s->n_locales; i++) free(s->locales[i]);
    free(s->locales);
    for (int i = 0; i < s->n_topics; i++) {
        free(s->topics[i].id);
        free_text(&s->topics[i].label);
    }
    free(s->topics);
    for (int i = 0; i < s->n_scales; i++) {
        free(s->scales[i].id);
        free_options(s->scales[i].options, s->scales[i].n_options);
    }
    free(s->scales);
    for (int i = 0; i < s->n_items; i++) {
        survey_item_t *it = &s->items[i];
        free(it->id);
        free_text(&it->text);
        free_text(&it->help);
        for (int k = 0; k < it->n_phrases; k++) free_text(&it->phrases[k]);
        free(it->phrases);
        free(it->topic);
        free_options(it->options, it->n_options);
        for (int k = 0; k < it->show_if.n_codes; k++) free(it->show_if.codes[k]);
        free(it->show_if.codes);
    }
    free(s->items);
    free(s->source_json);
    free(s);
}

const char *survey_text_get(const survey_text_t *t, const char *locale)
{
    if (!t || t->n == 0) return "";
    if (locale)
        for (int i = 0; i < t->n; i++)
            if (!strcmp(t->tr[i].locale, locale)) return t->tr[i].text;
    return t->tr[0].text;
}

int survey_item_index(const survey_t *s, const char *item_id)
{
    if (!s || !item_id) return -1;
    for (int i = 0; i < s->n_items; i++)
        if (s->items[i].id && !strcmp(s->items[i].id, item_id)) return i;
    return -1;
}

const survey_topic_t *survey_topic_find(const survey_t *s, const char *topic_id)
{
    if (!s || !topic_id) return NULL;
    for (int i = 0; i < s->n_topics; i++)
        if (!strcmp(s->topics[i].id, topic_id)) return &s->topics[i];
    return NULL;
}

const survey_option_t *survey_item_options(const survey_item_t *it, int *n)
{
    if (it->type == SURVEY_ITEM_SCALE && it->scale) {
        *n = it->scale->n_options;
        return it->scale->options;
    }
    *n = it->n_options;
    return it->options;
}

const survey_option_t *survey_item_option(const survey_item_t *it, const char *code)
{
    int n;
    const survey_option_t *o = survey_item_options(it, &n);
    if (!code) return NULL;
    for (int i = 0; i < n; i++)
        if (o[i].code && !strcmp(o[i].code, code)) return &o[i]; /* code is NULL only while loading a bad file */
    return NULL;
}

/* Whether the comma-separated list holds code. */
static bool list_has(const char *list, const char *code)
{
    size_t n = strlen(code);
    for (const char *p = list; p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == n && !memcmp(p, code, n)) return true;
        p = comma ? comma + 1 : NULL;
    }
    return false;
}

bool survey_item_visible(const survey_t *s, int i, const survey_answers_t *answers)
{
    JH_EXPECT(s && i >= 0 && i < s->n_items);
    const survey_cond_t *c = &s->items[i].show_if;
    if (c->item_index < 0) return true;
    JH_EXPECT(c->item_index < i); /* the loader allows only earlier items */
    const char *v = NULL;
    /* The answer of a hidden item does not count, whatever is stored. */
    if (answers && c->item_index < answers->n && survey_item_visible(s, c->item_index, answers))
        v = answers->values[c->item_index];
    bool match = false;
    if (v) {
        bool multi = s->items[c->item_index].type == SURVEY_ITEM_MULTI;
        for (int k = 0; k < c->n_codes && !match; k++)
            match = multi ? list_has(v, c->codes[k]) : !strcmp(v, c->codes[k]);
    }
    return c->negate ? !match : match;
}

/* Parses a rating "0".."10"; -1 when it is not one. */
static int parse_rating(const char *v)
{
    if (!v || !*v || strlen(v) > 2) return -1;
    if (v[0] == '0' && v[1]) return -1; /* no leading zeros */
    int r = 0;
    for (const char *p = v; *p; p++) {
        if (*p < '0' || *p > '9') return -1;
        r = r * 10 + (*p - '0');
    }
    return r <= 10 ? r : -1;
}

/* Number of characters of valid UTF-8 text, or -1. */
static long utf8_length(const char *v)
{
    long n = 0;
    size_t len = strlen(v);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        int k = utf8_decode((const unsigned char *)v + i, len - i, &cp);
        if (k <= 0) return -1;
        i += (size_t)k;
        n++;
    }
    return n;
}

jh_status_t survey_value_check(const survey_item_t *it, const char *value, jh_err_t *err)
{
    JH_EXPECT(it != NULL);
    if (!value) return jh_err_set(err, JH_ERR_INVALID, _("item '%s': no answer given"), it->id);
    switch (it->type) {
    case SURVEY_ITEM_SCALE:
    case SURVEY_ITEM_CHOICE:
    case SURVEY_ITEM_YESNO:
        if (!survey_item_option(it, value))
            return jh_err_set(err, JH_ERR_INVALID, _("item '%s': '%.64s' is not one of its answer codes"),
                              it->id, value);
        return JH_OK;
    case SURVEY_ITEM_MULTI: {
        int count = 0;
        bool any_excluded = false;
        for (const char *p = value;;) {
            const char *comma = strchr(p, ',');
            size_t len = comma ? (size_t)(comma - p) : strlen(p);
            char code[40];
            if (len == 0 || len >= sizeof code)
                return jh_err_set(err, JH_ERR_INVALID,
                                  _("item '%s': '%.64s' is not a comma-separated list of answer codes"),
                                  it->id, value);
            memcpy(code, p, len);
            code[len] = '\0';
            const survey_option_t *o = survey_item_option(it, code);
            if (!o)
                return jh_err_set(err, JH_ERR_INVALID, _("item '%s': '%s' is not one of its answer codes"),
                                  it->id, code);
            /* An earlier occurrence of the same code: look before p. */
            for (const char *q = value; q < p;) {
                const char *qc = strchr(q, ',');
                if ((size_t)(qc - q) == len && !memcmp(q, code, len))
                    return jh_err_set(err, JH_ERR_INVALID, _("item '%s': '%s' is chosen twice"), it->id, code);
                q = qc + 1;
            }
            any_excluded |= o->excluded;
            count++;
            if (!comma) break;
            p = comma + 1;
        }
        if (count > it->max_choices)
            return jh_err_set(err, JH_ERR_INVALID, _("item '%s': %d answers chosen, at most %d allowed"),
                              it->id, count, it->max_choices);
        if (any_excluded && count > 1)
            return jh_err_set(err, JH_ERR_INVALID,
                              _("item '%s': an answer like \"prefer not to say\" cannot be combined with others"),
                              it->id);
        return JH_OK;
    }
    case SURVEY_ITEM_RATING:
        if (parse_rating(value) < 0)
            return jh_err_set(err, JH_ERR_INVALID, _("item '%s': '%.64s' is not a rating from 0 to 10"),
                              it->id, value);
        return JH_OK;
    case SURVEY_ITEM_TEXT: {
        long n = utf8_length(value);
        if (n < 0) return jh_err_set(err, JH_ERR_INVALID, _("item '%s': the text is not valid UTF-8"), it->id);
        if (n > it->max_length)
            return jh_err_set(err, JH_ERR_INVALID, _("item '%s': the text has %ld characters, at most %d allowed"),
                              it->id, n, it->max_length);
        return JH_OK;
    }
    }
    return jh_err_set(err, JH_ERR_INVALID, _("item '%s': unknown item type"), it->id);
}

bool survey_item_rated(const survey_item_t *it)
{
    return it->topic != NULL;
}

bool survey_value_makes_valid(const survey_item_t *it, const char *value)
{
    return value && value[0] && survey_item_rated(it) && !survey_value_excluded(it, value);
}

bool survey_value_satisfied(const survey_item_t *it, const char *value)
{
    if (!value || !survey_item_rated(it)) return false;
    if (it->type == SURVEY_ITEM_RATING) {
        int r = parse_rating(value);
        return r >= 0 && r >= it->satisfied_min;
    }
    if (it->type == SURVEY_ITEM_MULTI || it->type == SURVEY_ITEM_TEXT) return false;
    const survey_option_t *o = survey_item_option(it, value);
    return o && o->satisfied;
}

bool survey_value_excluded(const survey_item_t *it, const char *value)
{
    if (!value) return false;
    switch (it->type) {
    case SURVEY_ITEM_SCALE:
    case SURVEY_ITEM_CHOICE:
    case SURVEY_ITEM_YESNO: {
        const survey_option_t *o = survey_item_option(it, value);
        return o && o->excluded;
    }
    case SURVEY_ITEM_MULTI: {
        /* Excluded when every chosen answer is (in practice: the one
         * "prefer not to say", which cannot be combined). */
        bool any = false;
        for (const char *p = value; p;) {
            const char *comma = strchr(p, ',');
            size_t len = comma ? (size_t)(comma - p) : strlen(p);
            char code[40];
            if (len == 0 || len >= sizeof code) return false;
            memcpy(code, p, len);
            code[len] = '\0';
            const survey_option_t *o = survey_item_option(it, code);
            if (!o || !o->excluded) return false;
            any = true;
            p = comma ? comma + 1 : NULL;
        }
        return any;
    }
    default:
        return false;
    }
}

/* Sorts the keys of every object (byte order), recursively. */
static int cmp_keys(const void *a, const void *b)
{
    const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
    return strcmp(x->string ? x->string : "", y->string ? y->string : "");
}

void survey_canonicalize(cJSON *node)
{
    if (!node) return;
    int n = 0;
    for (cJSON *c = node->child; c; c = c->next) {
        survey_canonicalize(c);
        n++;
    }
    if (!cJSON_IsObject(node) || n < 2) return;
    cJSON **v = jh_xmalloc((size_t)n * sizeof *v);
    int i = 0;
    for (cJSON *c = node->child; c; c = c->next) v[i++] = c;
    /* qsort is not stable, but duplicate keys never reach here (the
     * validator rejects them). */
    qsort(v, (size_t)n, sizeof *v, cmp_keys);
    for (i = 0; i < n; i++) {
        v[i]->prev = i > 0 ? v[i - 1] : v[n - 1]; /* cJSON: the head's prev is the tail */
        v[i]->next = i + 1 < n ? v[i + 1] : NULL;
    }
    node->child = v[0];
    free(v);
}

/* Reports a JSON syntax error at byte pos of copy (at_nul: the text parsed,
 * but a NUL byte follows it) as NAME:LINE:COL with a hint at the cause. */
static void syntax_error(load_t *L, const char *copy, size_t parse_len, size_t pos, bool at_nul)
{
    if (pos > parse_len) pos = parse_len;
    /* cJSON reports a bad object key one character past it (its string
     * parser has already stepped over the opening character): step back
     * when the character before is where a key should have started. */
    bool at_key = false;
    if (!at_nul && pos > 0 && pos <= parse_len && !strchr(" \t\r\n\"", copy[pos - 1])) {
        size_t b = pos - 1;
        while (b > 0 && strchr(" \t\r\n", copy[b - 1])) b--;
        if (b > 0 && (copy[b - 1] == ',' || copy[b - 1] == '{')) {
            pos--;
            at_key = true;
        }
    }
    char near[160];
    /* how deep the brackets are open at pos (outside strings): cJSON stops
     * at CJSON_NESTING_LIMIT */
    int depth = jh_json_depth_at(copy, parse_len, pos);
    const unsigned char *u = (const unsigned char *)copy;
    if (parse_len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        /* Notepad's "Unicode": a UTF-16 byte order mark */
        pos = 0;
        snprintf(near, sizeof near, _("the file is UTF-16 (it starts with the bytes 0x%02X 0x%02X); save it as UTF-8"),
                 u[0], u[1]);
    } else if (at_nul) {
        snprintf(near, sizeof near, _("a NUL byte; a questionnaire is UTF-8 text"));
    } else if (depth >= CJSON_NESTING_LIMIT && pos < parse_len && (copy[pos] == '[' || copy[pos] == '{')) {
        snprintf(near, sizeof near, _("brackets nested more than %d deep (a questionnaire needs fewer than 10)"),
                 CJSON_NESTING_LIMIT);
    } else if (pos >= parse_len) {
        snprintf(near, sizeof near, _("unexpected end of file (a missing } ] or \")"));
    } else {
        /* Name the offending character and, for the usual hand-editing
         * mistakes, the likely cause. */
        size_t p = pos;
        while (p > 0 && strchr(" \t\r\n", copy[p - 1])) p--;
        char prev = p > 0 ? copy[p - 1] : 0;
        char cur = copy[pos];
        uint32_t cp = 0;
        int n = utf8_decode((const unsigned char *)copy + pos, parse_len - pos, &cp);
        if (n <= 0 || (unsigned char)cur < 0x20) n = 0;
        /* Chinese input methods type full-width punctuation. */
        bool wide = n > 0 && (cp == 0xFF1A || cp == 0xFF0C || cp == 0x201C || cp == 0x201D || cp == 0x2018 ||
                              cp == 0x2019 || cp == 0xFF02 || cp == 0x3001 || cp == 0xFF5B || cp == 0xFF5D ||
                              cp == 0x3010 || cp == 0x3011);
        /* Characters that look like nothing, or like a space (review
         * rquest3 item 5: shown in quotes they were an empty quote). */
        static const struct {
            uint32_t cp;
            bool space; /* replaced by a space, else deleted */
            const char *what;
        } invisible[] = {
            {0x3000, true, N_("full-width space")},   {0x00A0, true, N_("no-break space")},
            {0x2002, true, N_("en space")},           {0x2003, true, N_("em space")},
            {0x2009, true, N_("thin space")},         {0x202F, true, N_("narrow no-break space")},
            {0x200B, false, N_("zero-width space")},  {0x200C, false, N_("zero-width non-joiner")},
            {0x200D, false, N_("zero-width joiner")}, {0x2060, false, N_("word joiner")},
            {0xFEFF, false, N_("byte order mark")},   {0x00AD, false, N_("soft hyphen")},
        };
        int inv = -1;
        for (size_t k = 0; n > 0 && k < sizeof invisible / sizeof *invisible; k++)
            if (invisible[k].cp == cp) inv = (int)k;
        /* Inside a string?  (cJSON stops at a bad escape, or just after
         * the opening quote of a string that is never closed.) */
        bool in_str = false;
        for (size_t i = 0; i < pos; i++) {
            if (copy[i] == '"') in_str = !in_str;
            else if (copy[i] == '\\' && in_str && i + 1 < pos) i++;
        }
        bool closed = false;
        for (size_t i = pos; i < parse_len && in_str && !closed; i++) {
            if (copy[i] == '\\') i++;
            else closed = copy[i] == '"';
        }
        if (in_str && cur == '\\' && pos + 1 < parse_len && copy[pos + 1] == 'u')
            snprintf(near, sizeof near, _("invalid escape (\\u needs 4 hex digits, like \\u4e2d)"));
        else if (in_str && cur == '\\' && pos + 1 < parse_len && copy[pos + 1] > ' ' && copy[pos + 1] < 0x7F)
            snprintf(near, sizeof near, _("invalid escape '\\%c' (write \\\\ for a backslash)"), copy[pos + 1]);
        else if (in_str && cur == '\\')
            snprintf(near, sizeof near, _("invalid escape"));
        else if (in_str && !closed) {
            snprintf(near, sizeof near, _("a string is not closed (a missing \")"));
            if (pos > 0 && copy[pos - 1] == '"') pos--; /* point at its opening quote */
        }
        else if (prev == ',' && (cur == '}' || cur == ']'))
            snprintf(near, sizeof near, _("'%c' after a comma (remove the last comma)"), cur);
        else if ((cur == '"' || cur == '{' || cur == '[') &&
                 (prev == '"' || prev == '}' || prev == ']' || (prev >= '0' && prev <= '9') ||
                  prev == 'e' || prev == 'l'))
            snprintf(near, sizeof near, _("'%c' (a comma is missing before it)"), cur);
        else if (wide)
            snprintf(near, sizeof near, _("unexpected full-width '%.*s' (use ASCII : , \" { } [ ])"), n, copy + pos);
        else if (inv >= 0 && invisible[inv].space)
            snprintf(near, sizeof near, _("unexpected U+%04X %s (invisible; replace it with an ordinary space)"),
                     (unsigned)cp, _(invisible[inv].what));
        else if (inv >= 0)
            snprintf(near, sizeof near, _("unexpected U+%04X %s (invisible; delete it)"), (unsigned)cp,
                     _(invisible[inv].what));
        else if (cur == '/' && pos + 1 < parse_len && (copy[pos + 1] == '/' || copy[pos + 1] == '*'))
            snprintf(near, sizeof near, _("unexpected '/': JSON allows no comments (delete the // or /* */ comment)"));
        else if (at_key && ((cur >= 'a' && cur <= 'z') || (cur >= 'A' && cur <= 'Z') || cur == '_'))
            snprintf(near, sizeof near, _("unexpected '%c' (field names need double quotes)"), cur);
        else if (n > 0)
            snprintf(near, sizeof near, _("unexpected '%.*s'"), n, copy + pos);
        else
            snprintf(near, sizeof near, _("unexpected byte 0x%02X"), (unsigned char)cur);
    }
    int line = 1, col = 1;
    for (size_t i = 0; i < pos; i++) {
        unsigned char ch = (unsigned char)copy[i];
        if (ch == '\n') {
            line++;
            col = 1;
        } else if ((ch & 0xC0) != 0x80) {
            col++; /* count characters, not UTF-8 bytes */
        }
    }
    L->n_errors++;
    jh_buf_printf(L->out, _("%s:%d:%d: JSON syntax error: %s\n"), L->name, line, col, near);
}

/* ---- static functions: errors and small checks ---------------------------- */

static void add_error(load_t *L, const char *path, const char *fmt, ...)
{
    L->n_errors++;
    if (L->n_errors > L->max_errors) return;
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (path && *path && L->text) {
        int line, col;
        jh_json_locate(L->text, L->text_len, path, &line, &col);
        jh_buf_printf(L->out, "%s:%d:%d: %s: %s\n", L->name, line, col, path, msg);
    } else if (path && *path)
        jh_buf_printf(L->out, "%s: %s: %s\n", L->name, path, msg);
    else
        jh_buf_printf(L->out, "%s: %s\n", L->name, msg);
}

/* Decodes one UTF-8 sequence (strict: no overlongs, surrogates or values
 * above U+10FFFF).  Returns its length, or -1 when invalid. */
static int utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
    if (len == 0) return -1;
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    int n;
    uint32_t v, min;
    if ((c & 0xE0) == 0xC0) {
        n = 2, v = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        n = 3, v = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        n = 4, v = c & 0x07, min = 0x10000;
    } else {
        return -1;
    }
    if ((size_t)n > len) return -1;
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) return -1;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return -1;
    *cp = v;
    return n;
}

/* Copies a user-supplied string for a message: invalid UTF-8 and control
 * characters become '?', long strings are cut with "...". */
static const char *quote(char *out, size_t cap, const char *s)
{
    size_t o = 0, len = strlen(s);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        int k = utf8_decode((const unsigned char *)s + i, len - i, &cp);
        if (o + 8 >= cap || o >= 48) {
            memcpy(out + o, "...", 3);
            o += 3;
            break;
        }
        if (k <= 0 || cp < 0x20 || cp == 0x7F) {
            out[o++] = '?';
            i += k > 0 ? (size_t)k : 1;
        } else {
            memcpy(out + o, s + i, (size_t)k);
            o += (size_t)k;
            i += (size_t)k;
        }
    }
    out[o] = '\0';
    return out;
}

static bool is_ident(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 32 || s[0] < 'a' || s[0] > 'z') return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_')) return false;
    return true;
}

static bool is_code_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static bool is_code(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 32) return false;
    for (size_t i = 0; i < n; i++)
        if (!is_code_char(s[i])) return false;
    return true;
}

static bool is_survey_id(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 64) return false;
    for (size_t i = 0; i < n; i++)
        if (!is_code_char(s[i]) && s[i] != '.') return false;
    return true;
}

/* A BCP 47-like tag: "zh-CN", "en", "ug", "zh-Hant-TW". */
static bool is_locale(const char *s)
{
    size_t n = strlen(s), i = 0;
    if (n == 0 || n > 15) return false;
    while (i < n && s[i] >= 'a' && s[i] <= 'z') i++;
    if (i < 2 || i > 3) return false;
    while (i < n) {
        if (s[i] != '-') return false;
        size_t j = ++i;
        while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
                         (s[i] >= '0' && s[i] <= '9')))
            i++;
        if (i - j < 2 || i - j > 8) return false;
    }
    return true;
}

static const char *json_kind(const cJSON *v)
{
    if (cJSON_IsString(v)) return _("a string");
    if (cJSON_IsNumber(v)) return _("a number");
    if (cJSON_IsTrue(v)) return _("true");
    if (cJSON_IsFalse(v)) return _("false");
    if (cJSON_IsNull(v)) return _("null");
    if (cJSON_IsArray(v)) return _("an array");
    if (cJSON_IsObject(v)) return _("an object");
    return _("an invalid value");
}

static void path_key(char *out, const char *base, const char *key)
{
    char q[64];
    /* Paths are at most SV_PATH long; a longer one is cut, which still
     * points to the right place for any real questionnaire. */
    if (snprintf(out, SV_PATH, "%s%s%s", base, *base ? "." : "", quote(q, sizeof q, key)) >= SV_PATH)
        memcpy(out + SV_PATH - 4, "...", 4);
}

static void path_index(char *out, const char *base, int i)
{
    if (snprintf(out, SV_PATH, "%s[%d]", base, i) >= SV_PATH) memcpy(out + SV_PATH - 4, "...", 4);
}

static void wrong_type(load_t *L, const char *path, const char *expect, const cJSON *v)
{
    add_error(L, path, _("expected %s, got %s"), _(expect), json_kind(v));
}

/* Reports fields not in allowed (NULL-terminated) and repeated fields. */
static void check_fields(load_t *L, const cJSON *obj, const char *path, const char *const *allowed,
                         const char *what)
{
    int i = 0;
    for (const cJSON *c = obj->child; c; c = c->next, i++) {
        const char *key = c->string ? c->string : "";
        char p[SV_PATH];
        path_key(p, path, key);
        /* Repeated keys: cJSON keeps both and lookups see the first, so a
         * second "text" would silently be ignored. */
        if (i < 64) {
            bool dup = false;
            for (const cJSON *d = obj->child; d != c && !dup; d = d->next)
                dup = d->string && !strcmp(d->string, key);
            if (dup) {
                add_error(L, p, _("field given twice (remove one)"));
                continue;
            }
        }
        bool known = false;
        for (int k = 0; allowed[k] && !known; k++) known = !strcmp(allowed[k], key);
        if (known) continue;
        char list[512] = "";
        for (int k = 0; allowed[k]; k++) {
            strcat(list, k ? ", " : "");
            strcat(list, allowed[k]);
        }
        add_error(L, p, _("unknown field (%s has: %s)"), _(what), list);
    }
}

/* Field lookup: NULL when absent (reporting it when required). */
static const cJSON *field(load_t *L, const cJSON *obj, const char *path, const char *key, bool required,
                          const char *expect)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v && required) add_error(L, path, _("missing field '%s'; expected %s"), key, _(expect));
    return v;
}

/* A string field; *out borrowed from the tree, NULL when absent or wrong. */
static bool get_string(load_t *L, const cJSON *obj, const char *path, const char *key, bool required,
                       const char *expect, const char **out)
{
    *out = NULL;
    const cJSON *v = field(L, obj, path, key, required, expect);
    if (!v) return !required;
    char p[SV_PATH];
    path_key(p, path, key);
    if (!cJSON_IsString(v) || !v->valuestring) {
        wrong_type(L, p, expect, v);
        return false;
    }
    *out = v->valuestring;
    return true;
}

static bool get_bool(load_t *L, const cJSON *obj, const char *path, const char *key, bool *out)
{
    *out = false;
    const cJSON *v = field(L, obj, path, key, false, EXP_BOOL);
    if (!v) return true;
    if (!cJSON_IsBool(v)) {
        char p[SV_PATH];
        path_key(p, path, key);
        wrong_type(L, p, EXP_BOOL, v);
        return false;
    }
    *out = cJSON_IsTrue(v);
    return true;
}

/* An integer field in [min, max]; *out = dflt when absent. */
static bool get_int(load_t *L, const cJSON *obj, const char *path, const char *key, bool required, int min,
                    int max, int dflt, const char *why, int *out)
{
    *out = dflt;
    char expect[160];
    snprintf(expect, sizeof expect, _("an integer from %d to %d%s"), min, max, _(why));
    const cJSON *v = field(L, obj, path, key, required, expect);
    if (!v) return !required;
    char p[SV_PATH];
    path_key(p, path, key);
    if (!cJSON_IsNumber(v)) {
        wrong_type(L, p, expect, v);
        return false;
    }
    double d = v->valuedouble;
    if (!(d >= min && d <= max && d == floor(d))) {
        add_error(L, p, _("expected %s, got %.15g"), _(expect), d);
        return false;
    }
    *out = (int)d;
    return true;
}

/* ---- static functions: texts ------------------------------------------------ */

static void free_text(survey_text_t *t)
{
    for (int i = 0; i < t->n; i++) {
        free(t->tr[i].locale);
        free(t->tr[i].text);
    }
    free(t->tr);
    t->tr = NULL;
    t->n = 0;
}

/* Checks one translation: UTF-8, no control characters but newlines, not
 * empty, and every character drawable by the font. */
static bool check_string(load_t *L, const char *path, const char *v)
{
    size_t len = strlen(v);
    uint32_t missing[SV_GLYPHS_LISTED];
    int n_missing = 0, more = 0;
    bool blank = true;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        int k = utf8_decode((const unsigned char *)v + i, len - i, &cp);
        if (k <= 0) {
            add_error(L, path, _("invalid UTF-8 at byte %zu (save the file as UTF-8)"), i);
            return false;
        }
        if ((cp < 0x20 && cp != '\n') || cp == 0x7F) {
            add_error(L, path, _("control character U+%04X (only \\n is allowed)"), (unsigned)cp);
            return false;
        }
        if (cp != ' ' && cp != '\n' && cp != 0x3000) blank = false;
        if (cp != '\n' && L->has_glyph && !L->has_glyph(L->glyph_ctx, cp)) {
            bool seen = false;
            for (int m = 0; m < n_missing; m++) seen |= missing[m] == cp;
            if (!seen) {
                if (n_missing < SV_GLYPHS_LISTED)
                    missing[n_missing++] = cp;
                else
                    more++;
            }
        }
        i += (size_t)k;
    }
    if (blank) {
        add_error(L, path, _("empty text"));
        return false;
    }
    if (n_missing > 0) {
        char list[512] = "";
        size_t o = 0;
        for (int m = 0; m < n_missing; m++) {
            char ch[8] = "";
            unsigned c = missing[m];
            /* Echo the character itself (re-encoded) so it can be found. */
            if (c < 0x80) snprintf(ch, sizeof ch, "%c", (char)c);
            else if (c < 0x800) snprintf(ch, sizeof ch, "%c%c", 0xC0 | (c >> 6), 0x80 | (c & 0x3F));
            else if (c < 0x10000)
                snprintf(ch, sizeof ch, "%c%c%c", 0xE0 | (c >> 12), 0x80 | ((c >> 6) & 0x3F), 0x80 | (c & 0x3F));
            else
                snprintf(ch, sizeof ch, "%c%c%c%c", 0xF0 | (c >> 18), 0x80 | ((c >> 12) & 0x3F),
                         0x80 | ((c >> 6) & 0x3F), 0x80 | (c & 0x3F));
            o += (size_t)snprintf(list + o, sizeof list - o, "%sU+%04X '%s'", m ? ", " : "", c, ch);
        }
        if (more) snprintf(list + o, sizeof list - o, " and %d more", more);
        add_error(L, path, _("the font cannot draw %s (use other characters)"), list);
        return false;
    }
    return true;
}

/* A text object {"zh-CN": "...", "en": "..."} checked against the declared
 * locales.  out->tr[0] is zh-CN, the others follow in declared order. */
static bool get_text(load_t *L, const cJSON *obj, const char *path, const char *key, bool required,
                     survey_text_t *out)
{
    const cJSON *v = field(L, obj, path, key, required, EXP_TEXT);
    if (!v) return !required;
    char p[SV_PATH];
    path_key(p, path, key);
    return text_value(L, v, p, out);
}

/* The text object v found at path p (see get_text). */
static bool text_value(load_t *L, const cJSON *v, const char *p, survey_text_t *out)
{
    if (!cJSON_IsObject(v)) {
        wrong_type(L, p, EXP_TEXT, v);
        return false;
    }
    survey_t *s = L->s;
    bool ok = true;
    int i = 0;
    for (const cJSON *c = v->child; c; c = c->next, i++) {
        const char *loc = c->string ? c->string : "";
        char pl[SV_PATH], q[64];
        path_key(pl, p, loc);
        bool dup = false;
        for (const cJSON *d = v->child; d != c && !dup && i < 64; d = d->next)
            dup = d->string && !strcmp(d->string, loc);
        if (dup) {
            add_error(L, pl, _("translation given twice (remove one)"));
            ok = false;
            continue;
        }
        bool declared = false;
        for (int k = 0; k < s->n_locales && !declared; k++) declared = !strcmp(s->locales[k], loc);
        if (!declared) {
            if (is_locale(loc))
                add_error(L, pl, _("locale '%s' is not declared in \"locales\" (declared: %s)"), loc,
                          L->locales_list);
            else
                add_error(L, pl, _("'%s' is not a locale (expected a declared locale: %s)"), quote(q, sizeof q, loc),
                          L->locales_list);
            ok = false;
            continue;
        }
        if (!cJSON_IsString(c) || !c->valuestring) {
            wrong_type(L, pl, EXP_STRING, c);
            ok = false;
            continue;
        }
        ok &= check_string(L, pl, c->valuestring);
    }
    for (int k = 0; k < s->n_locales; k++) {
        if (cJSON_GetObjectItemCaseSensitive(v, s->locales[k])) continue;
        if (!strcmp(s->locales[k], "zh-CN"))
            add_error(L, p, _("missing the zh-CN text (every text needs one)"));
        else
            add_error(L, p, _("missing the '%s' translation (\"locales\" declares %s)"), s->locales[k],
                      L->locales_list);
        ok = false;
    }
    if (!ok) return false;
    free_text(out);
    out->tr = jh_xcalloc((size_t)s->n_locales, sizeof *out->tr);
    for (int k = 0; k < s->n_locales; k++) {
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(v, s->locales[k]);
        out->tr[k].locale = jh_strdup(s->locales[k]);
        out->tr[k].text = jh_strdup(t->valuestring);
        out->n++;
    }
    return true;
}

/* "phrases": the ready phrases of a free-text item, an array of 1..SURVEY_MAX_PHRASES
 * text objects, each no longer than the item's max_length. */
static void parse_phrases(load_t *L, const cJSON *item, const char *path, survey_item_t *it)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(item, "phrases");
    if (!arr) return;
    char p[SV_PATH];
    path_key(p, path, "phrases");
    int n = cJSON_IsArray(arr) ? cJSON_GetArraySize(arr) : 0;
    if (!cJSON_IsArray(arr) || n < 1 || n > SURVEY_MAX_PHRASES) {
        add_error(L, p, "expected a list of 1 to %d phrases, each {\"zh-CN\": \"...\"}", SURVEY_MAX_PHRASES);
        return;
    }
    it->phrases = jh_xcalloc((size_t)n, sizeof *it->phrases);
    int i = 0;
    for (const cJSON *e = arr->child; e; e = e->next, i++) {
        char pe[SV_PATH];
        path_index(pe, p, i);
        if (!text_value(L, e, pe, &it->phrases[it->n_phrases])) continue;
        survey_text_t *t = &it->phrases[it->n_phrases++];
        for (int k = 0; k < t->n; k++) {
            size_t len = 0;
            for (const unsigned char *c = (const unsigned char *)t->tr[k].text; *c; c++) len += (*c & 0xC0) != 0x80;
            if (it->max_length > 0 && len > (size_t)it->max_length)
                add_error(L, pe, "the %s phrase has %zu characters, more than max_length %d", t->tr[k].locale, len,
                          it->max_length);
        }
    }
}

/* ---- static functions: options, scales, topics ------------------------------ */

static void free_options(survey_option_t *o, int n)
{
    for (int i = 0; i < n; i++) {
        free(o[i].code);
        free_text(&o[i].label);
    }
    free(o);
}

typedef enum { OPTS_SCALE, OPTS_CHOICE, OPTS_MULTI } opts_kind_t;

/* Parses an option list into *out / *n (allocated even when some options
 * are bad, so the caller frees it the same way). */
static bool parse_options(load_t *L, const cJSON *arr, const char *path, opts_kind_t kind,
                          survey_option_t **out, int *n_out)
{
    *out = NULL;
    *n_out = 0;
    if (!cJSON_IsArray(arr)) {
        wrong_type(L, path, _("an array of options"), arr);
        return false;
    }
    int n = cJSON_GetArraySize(arr);
    if (n == 0) {
        add_error(L, path, _("the option list is empty (expected 2 to %d options)"), SV_MAX_OPTIONS);
        return false;
    }
    if (n < 2 || n > SV_MAX_OPTIONS) {
        add_error(L, path, P_("%d option (expected 2 to %d options)", "%d options (expected 2 to %d options)", n), n,
                  SV_MAX_OPTIONS);
        return false;
    }
    bool ok = true;
    survey_option_t *opts = jh_xcalloc((size_t)n, sizeof *opts);
    *out = opts;
    *n_out = n;
    int i = 0;
    for (const cJSON *o = arr->child; o; o = o->next, i++) {
        char p[SV_PATH], pf[SV_PATH], q[64];
        path_index(p, path, i);
        if (!cJSON_IsObject(o)) {
            wrong_type(L, p, _("an option object {\"code\": ..., \"label\": ...}"), o);
            ok = false;
            continue;
        }
        check_fields(L, o, p, option_fields, N_("an option"));
        const char *code;
        if (get_string(L, o, p, "code", true, EXP_CODE, &code) && code) {
            path_key(pf, p, "code");
            if (!is_code(code)) {
                add_error(L, pf, _("'%s' is not a valid code (expected 1-32 characters from A-Z a-z 0-9 _ -)"),
                          quote(q, sizeof q, code));
                ok = false;
            } else {
                for (int k = 0; k < i; k++)
                    if (opts[k].code && !strcmp(opts[k].code, code)) {
                        add_error(L, pf, _("duplicate code '%s' (already used by %s[%d])"), code, path, k);
                        ok = false;
                        break;
                    }
                opts[i].code = jh_strdup(code);
            }
        } else {
            ok = false;
        }
        ok &= get_text(L, o, p, "label", true, &opts[i].label);
        const cJSON *score = field(L, o, p, "score", false, EXP_NUMBER);
        if (score) {
            path_key(pf, p, "score");
            if (!cJSON_IsNumber(score) || !isfinite(score->valuedouble)) {
                wrong_type(L, pf, EXP_NUMBER, score);
                ok = false;
            } else {
                opts[i].score = score->valuedouble;
            }
        }
        ok &= get_bool(L, o, p, "satisfied", &opts[i].satisfied);
        ok &= get_bool(L, o, p, "excluded", &opts[i].excluded);
        if (opts[i].satisfied && opts[i].excluded) {
            add_error(L, p, _("an option cannot be both \"satisfied\" and \"excluded\""));
            ok = false;
        }
        if (kind == OPTS_MULTI && opts[i].satisfied) {
            path_key(pf, p, "satisfied");
            add_error(L, pf, _("a multi item does not count in satisfaction (remove \"satisfied\")"));
            ok = false;
        }
    }
    if (kind == OPTS_SCALE && ok) {
        bool any = false;
        for (int k = 0; k < n; k++) any |= opts[k].satisfied;
        if (!any) {
            add_error(L, path, _("no option is marked \"satisfied\": true (a scale needs at least one)"));
            ok = false;
        }
    }
    return ok;
}

static void load_locales(load_t *L, const cJSON *root)
{
    survey_t *s = L->s;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "locales");
    bool have_zh = false;
    if (v && !cJSON_IsArray(v)) {
        wrong_type(L, "locales", _("an array of locales such as [\"zh-CN\", \"en\"]"), v);
    } else if (v) {
        int n = cJSON_GetArraySize(v);
        if (n > SV_MAX_LOCALES) {
            add_error(L, "locales", _("%d locales (at most %d)"), n, SV_MAX_LOCALES);
            n = SV_MAX_LOCALES;
        }
        s->locales = jh_xcalloc((size_t)n + 1, sizeof *s->locales);
        int i = 0;
        for (const cJSON *c = v->child; c && i < n; c = c->next, i++) {
            char p[SV_PATH], q[64];
            path_index(p, "locales", i);
            if (!cJSON_IsString(c) || !c->valuestring) {
                wrong_type(L, p, _("a locale such as \"en\""), c);
                continue;
            }
            if (!is_locale(c->valuestring)) {
                add_error(L, p, _("'%s' is not a locale (expected a tag such as \"zh-CN\" or \"en\")"),
                          quote(q, sizeof q, c->valuestring));
                continue;
            }
            bool dup = false;
            for (int k = 0; k < s->n_locales; k++) dup |= !strcmp(s->locales[k], c->valuestring);
            if (dup) {
                add_error(L, p, _("locale '%s' is listed twice"), c->valuestring);
                continue;
            }
            if (!strcmp(c->valuestring, "zh-CN")) have_zh = true;
            s->locales[s->n_locales++] = jh_strdup(c->valuestring);
        }
        if (!have_zh) add_error(L, "locales", _("must include \"zh-CN\" (every text needs a zh-CN version)"));
    }
    if (!have_zh) {
        /* Default (and fallback after an error): zh-CN only. */
        if (!s->locales) s->locales = jh_xcalloc(1, sizeof *s->locales);
        for (int k = s->n_locales; k > 0; k--) s->locales[k] = s->locales[k - 1];
        s->locales[0] = jh_strdup("zh-CN");
        s->n_locales++;
    } else {
        /* zh-CN first: tr[0] is always zh-CN. */
        for (int k = 0; k < s->n_locales; k++)
            if (!strcmp(s->locales[k], "zh-CN")) {
                char *zh = s->locales[k];
                memmove(s->locales + 1, s->locales, (size_t)k * sizeof *s->locales);
                s->locales[0] = zh;
            }
    }
    size_t o = 0;
    for (int k = 0; k < s->n_locales; k++)
        o += (size_t)snprintf(L->locales_list + o, sizeof L->locales_list - o, "%s%s", k ? ", " : "",
                              s->locales[k]);
}

/* The optional list root.key ("topics", "scales"): NULL when absent, or
 * after an error when it is not an array (expect says what it should be). */
static const cJSON *optional_list(load_t *L, const cJSON *root, const char *key, const char *expect)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, key);
    if (v && !cJSON_IsArray(v)) {
        wrong_type(L, key, expect, v);
        return NULL;
    }
    return v;
}

/* Entry c, number i of the list key: sets p (SV_PATH chars) to its path
 * ("scales[2]") and checks its fields against allowed (what names it in
 * messages).  False, after an error, when it is not an object (expect says
 * what it should be). */
static bool list_entry(load_t *L, const cJSON *c, const char *key, int i, const char *expect,
                       const char *const *allowed, const char *what, char *p)
{
    path_index(p, key, i);
    if (!cJSON_IsObject(c)) {
        wrong_type(L, p, expect, c);
        return false;
    }
    check_fields(L, c, p, allowed, what);
    return true;
}

/* The required "id" of the object c at path p: true with *id set (borrowed
 * from c) when it is an identifier, false after an error when it is missing
 * or not one.  Sets pf (SV_PATH chars) to the id's path, for later messages. */
static bool entry_id(load_t *L, const cJSON *c, const char *p, const char **id, char *pf)
{
    char q[64];
    bool ok = get_string(L, c, p, "id", true, EXP_IDENT, id) && *id;
    path_key(pf, p, "id");
    if (ok && !is_ident(*id)) {
        add_error(L, pf, _("'%s' is not an identifier (expected a-z, 0-9 and _, starting with a letter)"),
                  quote(q, sizeof q, *id));
        ok = false;
    }
    return ok;
}

static void load_topics(load_t *L, const cJSON *root)
{
    survey_t *s = L->s;
    const cJSON *v = optional_list(L, root, "topics", N_("an array of topics {\"id\": ..., \"label\": ...}"));
    if (!v) return;
    int n = cJSON_GetArraySize(v);
    s->topics = jh_xcalloc((size_t)n + 1, sizeof *s->topics);
    int i = 0;
    for (const cJSON *c = v->child; c; c = c->next, i++) {
        char p[SV_PATH], pf[SV_PATH];
        if (!list_entry(L, c, "topics", i, N_("a topic object {\"id\": ..., \"label\": ...}"), topic_fields, N_("a topic"), p)) continue;
        const char *id;
        survey_text_t label = {0};
        bool ok = entry_id(L, c, p, &id, pf);
        if (ok) {
            for (int k = 0; k < s->n_topics; k++)
                if (!strcmp(s->topics[k].id, id)) {
                    add_error(L, pf, _("duplicate topic id '%s'"), id);
                    ok = false;
                    break;
                }
        }
        get_text(L, c, p, "label", true, &label);
        if (!ok) {
            free_text(&label);
            continue;
        }
        /* Kept even when its label is bad, so items naming it do not get a
         * second, misleading "unknown topic" error. */
        s->topics[s->n_topics].id = jh_strdup(id);
        s->topics[s->n_topics].label = label;
        s->n_topics++;
    }
}

static void load_scales(load_t *L, const cJSON *root)
{
    survey_t *s = L->s;
    const cJSON *v = optional_list(L, root, "scales", N_("an array of scales {\"id\": ..., \"options\": [...]}"));
    if (!v) return;
    int n = cJSON_GetArraySize(v);
    s->scales = jh_xcalloc((size_t)n + 1, sizeof *s->scales);
    int i = 0;
    for (const cJSON *c = v->child; c; c = c->next, i++) {
        char p[SV_PATH], pf[SV_PATH];
        if (!list_entry(L, c, "scales", i, N_("a scale object {\"id\": ..., \"options\": [...]}"), scale_fields, N_("a scale"), p)) continue;
        const char *id;
        bool ok = entry_id(L, c, p, &id, pf);
        if (ok) {
            for (int k = 0; k < s->n_scales; k++)
                if (!strcmp(s->scales[k].id, id)) {
                    add_error(L, pf, _("duplicate scale id '%s'"), id);
                    ok = false;
                    break;
                }
        }
        const cJSON *opts = field(L, c, p, "options", true, N_("an array of options"));
        survey_option_t *o = NULL;
        int no = 0;
        if (opts) {
            path_key(pf, p, "options");
            parse_options(L, opts, pf, OPTS_SCALE, &o, &no);
        }
        /* "pictures": "faces" or "colours" beside the words (optional). */
        const char *pic;
        survey_pictures_t pictures = SURVEY_PICTURES_NONE;
        if (get_string(L, c, p, "pictures", false, "\"faces\" or \"colours\"", &pic) && pic) {
            if (!strcmp(pic, "faces")) {
                pictures = SURVEY_PICTURES_FACES;
            } else if (!strcmp(pic, "colours") || !strcmp(pic, "colors")) {
                pictures = SURVEY_PICTURES_COLOURS;
            } else {
                char q[80];
                path_key(pf, p, "pictures");
                add_error(L, pf, "unknown pictures '%s' (expected \"faces\" or \"colours\")", quote(q, sizeof q, pic));
            }
        }
        /* "kind": what the scale measures (optional, default satisfaction). */
        const char *kind;
        survey_scale_kind_t k = SURVEY_KIND_SATISFACTION;
        if (get_string(L, c, p, "kind", false, N_("\"satisfaction\", \"agreement\" or \"frequency\""), &kind) && kind) {
            if (!strcmp(kind, "satisfaction")) {
                k = SURVEY_KIND_SATISFACTION;
            } else if (!strcmp(kind, "agreement")) {
                k = SURVEY_KIND_AGREEMENT;
            } else if (!strcmp(kind, "frequency")) {
                k = SURVEY_KIND_FREQUENCY;
            } else {
                char q[80];
                path_key(pf, p, "kind");
                add_error(L, pf, _("unknown scale kind '%s' (expected \"satisfaction\", \"agreement\" or \"frequency\")"),
                          quote(q, sizeof q, kind));
            }
        }
        /* Kept even when its options are bad (see load_topics). */
        if (!ok) {
            free_options(o, no);
            continue;
        }
        survey_scale_t *sc = &s->scales[s->n_scales++];
        sc->kind = k;
        sc->id = jh_strdup(id);
        sc->options = o;
        sc->n_options = no;
        sc->pictures = pictures;
    }
}

/* ---- static functions: items -------------------------------------------------- */

/* "scale, choice" - the item types a field applies to. */
static void types_of(unsigned mask, char *out, size_t cap)
{
    size_t o = 0;
    out[0] = '\0';
    for (int t = 0; t < 6; t++)
        if (mask & T(t)) o += (size_t)snprintf(out + o, cap - o, "%s%s", o ? ", " : "", type_names[t]);
}

/* Lists the declared topic ids for messages. */
static void topic_list(const survey_t *s, char *out, size_t cap)
{
    size_t o = 0;
    out[0] = '\0';
    for (int k = 0; k < s->n_topics && o + 40 < cap; k++)
        o += (size_t)snprintf(out + o, cap - o, "%s%s", k ? ", " : "", s->topics[k].id);
    if (s->n_topics == 0) snprintf(out, cap, "%s", _("none; add them to \"topics\""));
}

/* The answer codes of an item for show_if checks, as a list for messages. */
static void answer_list(const survey_item_t *it, char *out, size_t cap)
{
    int n;
    const survey_option_t *o = survey_item_options(it, &n);
    size_t w = 0;
    out[0] = '\0';
    if (it->type == SURVEY_ITEM_RATING) {
        snprintf(out, cap, "0 to 10");
        return;
    }
    for (int k = 0; k < n && w + 40 < cap; k++)
        w += (size_t)snprintf(out + w, cap - w, "%s%s", k ? ", " : "", o[k].code ? o[k].code : "?");
}

static void load_cond(load_t *L, const cJSON *v, const char *path, int i, const char *const *ids,
                      const bool *typed, const bool *usable)
{
    survey_t *s = L->s;
    survey_item_t *it = &s->items[i];
    char q[64];
    if (!cJSON_IsObject(v)) {
        wrong_type(L, path, _("a condition {\"item\": \"...\", \"in\": [...]}"), v);
        return;
    }
    check_fields(L, v, path, cond_fields, N_("a show_if condition"));
    const char *ref;
    char pi[SV_PATH];
    path_key(pi, path, "item");
    int j = -1;
    if (get_string(L, v, path, "item", true, N_("the id of an earlier item"), &ref) && ref) {
        for (int k = 0; k < s->n_items && j < 0; k++)
            if (ids[k] && !strcmp(ids[k], ref)) j = k;
        if (j < 0)
            add_error(L, pi, _("unknown item '%s' (show_if must name an earlier item)"), quote(q, sizeof q, ref));
        else if (j == i)
            add_error(L, pi, _("item '%s' refers to itself (show_if may only name an earlier item, "
                             "so cycles cannot occur)"), ref);
        else if (j > i)
            add_error(L, pi, _("item '%s' comes later (items[%d]); show_if may only name an earlier item, "
                             "so cycles cannot occur"), ref, j);
        else if (typed[j] && s->items[j].type == SURVEY_ITEM_TEXT) {
            add_error(L, pi, _("item '%s' is a free-text item (show_if needs an item with answer codes)"), ref);
            j = -1;
        }
        if (j >= i) j = -1;
    }
    const cJSON *in = cJSON_GetObjectItemCaseSensitive(v, "in");
    const cJSON *not_in = cJSON_GetObjectItemCaseSensitive(v, "not_in");
    if (in && not_in) {
        add_error(L, path, _("give either \"in\" or \"not_in\", not both"));
        return;
    }
    if (!in && !not_in) {
        add_error(L, path, _("missing field 'in' or 'not_in'; expected a list of answer codes of item '%s'"),
                  ref ? quote(q, sizeof q, ref) : "?");
        return;
    }
    const cJSON *list = in ? in : not_in;
    char pl[SV_PATH];
    path_key(pl, path, in ? "in" : "not_in");
    int n = cJSON_IsArray(list) ? cJSON_GetArraySize(list) : 0;
    if (!cJSON_IsArray(list) || n == 0 || n > SV_MAX_OPTIONS) {
        if (cJSON_IsArray(list))
            add_error(L, pl, _("expected 1 to %d answer codes, got %d"), SV_MAX_OPTIONS, n);
        else
            wrong_type(L, pl, _("an array of answer codes"), list);
        return;
    }
    it->show_if.codes = jh_xcalloc((size_t)n, sizeof *it->show_if.codes);
    it->show_if.negate = not_in != NULL;
    int k = 0;
    bool ok = j >= 0;
    for (const cJSON *c = list->child; c; c = c->next, k++) {
        char pc[SV_PATH];
        path_index(pc, pl, k);
        if (!cJSON_IsString(c) || !c->valuestring) {
            wrong_type(L, pc, _("an answer code (a string)"), c);
            ok = false;
            continue;
        }
        if (j >= 0 && usable[j]) {
            const survey_item_t *r = &s->items[j];
            bool valid = r->type == SURVEY_ITEM_RATING ? parse_rating(c->valuestring) >= 0
                                                       : survey_item_option(r, c->valuestring) != NULL;
            if (!valid) {
                char list_s[512];
                answer_list(r, list_s, sizeof list_s);
                add_error(L, pc, _("'%s' is not an answer of item '%s' (expected one of: %s)"),
                          quote(q, sizeof q, c->valuestring), r->id, list_s);
                ok = false;
                continue;
            }
        }
        it->show_if.codes[it->show_if.n_codes++] = jh_strdup(c->valuestring);
    }
    if (ok) it->show_if.item_index = j;
}

/* The two options of a yes/no item; labels moved from yes_no[] when given
 * (n > 0), else 是 / 不是. */
static void make_yesno(survey_item_t *it, const char *satisfied, survey_text_t yes_no[2])
{
    static const char *const codes[2] = {"yes", "no"};
    static const char *const zh[2] = {"是", "不是"};
    static const char *const en[2] = {"Yes", "No"};
    it->options = jh_xcalloc(2, sizeof *it->options);
    it->n_options = 2;
    for (int k = 0; k < 2; k++) {
        survey_option_t *o = &it->options[k];
        o->code = jh_strdup(codes[k]);
        o->satisfied = satisfied && !strcmp(satisfied, codes[k]);
        o->score = k == 0 ? 1 : 0;
        if (yes_no[k].n > 0) {
            o->label = yes_no[k];
            yes_no[k] = (survey_text_t){0};
            continue;
        }
        o->label.tr = jh_xcalloc(2, sizeof *o->label.tr);
        o->label.tr[0].locale = jh_strdup("zh-CN");
        o->label.tr[0].text = jh_strdup(zh[k]);
        o->label.tr[1].locale = jh_strdup("en");
        o->label.tr[1].text = jh_strdup(en[k]);
        o->label.n = 2;
    }
}

static void load_items(load_t *L, const cJSON *root)
{
    survey_t *s = L->s;
    const cJSON *v = field(L, root, "", "items", true, N_("an array of items"));
    if (!v) return;
    if (!cJSON_IsArray(v)) {
        wrong_type(L, "items", _("an array of items"), v);
        return;
    }
    int n = cJSON_GetArraySize(v);
    if (n == 0 || n > SV_MAX_ITEMS) {
        add_error(L, "items", _("expected 1 to %d items, got %d"), SV_MAX_ITEMS, n);
        return;
    }
    s->items = jh_xcalloc((size_t)n, sizeof *s->items);
    s->n_items = n;
    const char **ids = jh_xcalloc((size_t)n, sizeof *ids);
    bool *usable = jh_xcalloc((size_t)n, sizeof *usable); /* options parsed: show_if codes checkable */
    bool *typed = jh_xcalloc((size_t)n, sizeof *typed);   /* the item has a known type */
    const cJSON **nodes = jh_xcalloc((size_t)n, sizeof *nodes);
    int i = 0;
    /* First pass: ids, so show_if can tell "later" from "unknown". */
    for (const cJSON *c = v->child; c; c = c->next, i++) {
        nodes[i] = c;
        s->items[i].show_if.item_index = -1;
        const cJSON *id = cJSON_IsObject(c) ? cJSON_GetObjectItemCaseSensitive(c, "id") : NULL;
        if (cJSON_IsString(id) && id->valuestring && is_ident(id->valuestring)) ids[i] = id->valuestring;
    }
    int overall = -1, locality = -1;
    unsigned topic_types = 0;
    for (int m = 0; m < N_ITEM_FIELDS; m++)
        if (!strcmp(item_fields[m].name, "topic")) topic_types = item_fields[m].types;
    for (i = 0; i < n; i++) {
        const cJSON *c = nodes[i];
        survey_item_t *it = &s->items[i];
        char p[SV_PATH], pf[SV_PATH], q[64];
        path_index(p, "items", i);
        if (!cJSON_IsObject(c)) {
            wrong_type(L, p, _("an item object {\"id\": ..., \"type\": ..., \"text\": ...}"), c);
            continue;
        }
        /* Type first: which fields are allowed depends on it. */
        const char *type;
        int t = -1;
        if (get_string(L, c, p, "type", true, EXP_TYPE, &type) && type) {
            for (int k = 0; k < 6 && t < 0; k++)
                if (!strcmp(type_names[k], type)) t = k;
            if (t < 0) {
                path_key(pf, p, "type");
                add_error(L, pf, _("unknown type '%s' (expected %s)"), quote(q, sizeof q, type), _(EXP_TYPE));
            }
        }
        int k = 0;
        for (const cJSON *f = c->child; f; f = f->next, k++) {
            const char *key = f->string ? f->string : "";
            path_key(pf, p, key);
            bool dup = false;
            for (const cJSON *d = c->child; d != f && !dup && k < 64; d = d->next)
                dup = d->string && !strcmp(d->string, key);
            if (dup) {
                add_error(L, pf, _("field given twice (remove one)"));
                continue;
            }
            int fi = 0;
            while (fi < N_ITEM_FIELDS && strcmp(item_fields[fi].name, key)) fi++;
            if (fi == N_ITEM_FIELDS) {
                char list[512] = "";
                for (int m = 0; m < N_ITEM_FIELDS; m++) {
                    strcat(list, m ? ", " : "");
                    strcat(list, item_fields[m].name);
                }
                add_error(L, pf, _("unknown field (an item has: %s)"), list);
            } else if (t >= 0 && !(item_fields[fi].types & T(t))) {
                char tl[128];
                types_of(item_fields[fi].types, tl, sizeof tl);
                add_error(L, pf, _("not used by a '%s' item (only by: %s)"), type_names[t], tl);
            }
        }
        it->type = t >= 0 ? (survey_item_type_t)t : SURVEY_ITEM_TEXT;
        typed[i] = t >= 0;

        const char *id;
        if (entry_id(L, c, p, &id, pf)) {
            for (int m = 0; m < i; m++)
                if (ids[m] && !strcmp(ids[m], id)) {
                    add_error(L, pf, _("duplicate item id '%s' (already used by items[%d])"), id, m);
                    break;
                }
            it->id = jh_strdup(id);
        }
        get_text(L, c, p, "text", true, &it->text);
        get_text(L, c, p, "help", false, &it->help);
        get_bool(L, c, p, "required", &it->required);
        get_bool(L, c, p, "overall", &it->overall);
        get_bool(L, c, p, "background", &it->background);
        get_bool(L, c, p, "locality", &it->locality);
        if (t < 0) continue; /* nothing more can be checked sensibly */

        bool rated = false;
        bool opts_ok = true;
        switch (it->type) {
        case SURVEY_ITEM_SCALE: {
            const char *sid;
            rated = true;
            if (get_string(L, c, p, "scale", true, N_("the id of a scale declared in \"scales\""), &sid) && sid) {
                for (int m = 0; m < s->n_scales && !it->scale; m++)
                    if (!strcmp(s->scales[m].id, sid)) it->scale = &s->scales[m];
                if (!it->scale) {
                    char list[256] = "";
                    size_t o = 0;
                    for (int m = 0; m < s->n_scales && o + 40 < sizeof list; m++)
                        o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", m ? ", " : "", s->scales[m].id);
                    path_key(pf, p, "scale");
                    add_error(L, pf, _("unknown scale '%s' (declared scales: %s)"), quote(q, sizeof q, sid),
                              s->n_scales ? list : _("none; add them to \"scales\""));
                }
            }
            opts_ok = it->scale != NULL;
            break;
        }
        case SURVEY_ITEM_CHOICE:
        case SURVEY_ITEM_MULTI: {
            const cJSON *o = field(L, c, p, "options", true, N_("an array of options"));
            if (o) {
                path_key(pf, p, "options");
                opts_ok = parse_options(L, o, pf, t == SURVEY_ITEM_CHOICE ? OPTS_CHOICE : OPTS_MULTI,
                                        &it->options, &it->n_options);
            } else {
                opts_ok = false;
            }
            for (int m = 0; m < it->n_options; m++) rated |= it->options[m].satisfied;
            if (t == SURVEY_ITEM_MULTI) {
                int hi = it->n_options >= 1 ? it->n_options : SV_MAX_OPTIONS;
                char why[48];
                snprintf(why, sizeof why, _(" (the item has %d options)"), hi);
                get_int(L, c, p, "max_choices", true, 1, hi, 1, why, &it->max_choices);
            }
            break;
        }
        case SURVEY_ITEM_RATING:
            rated = true;
            get_int(L, c, p, "satisfied_min", false, 1, 10, 7, N_(" (the lowest rating that counts as satisfied)"),
                    &it->satisfied_min);
            break;
        case SURVEY_ITEM_YESNO: {
            const char *sat;
            path_key(pf, p, "satisfied");
            if (get_string(L, c, p, "satisfied", false, N_("\"yes\" or \"no\""), &sat) && sat &&
                strcmp(sat, "yes") && strcmp(sat, "no")) {
                add_error(L, pf, _("expected \"yes\" or \"no\", got '%s'"), quote(q, sizeof q, sat));
                sat = NULL;
            }
            rated = sat != NULL;
            survey_text_t labels[2] = {{0}, {0}};
            get_text(L, c, p, "yes_label", false, &labels[0]);
            get_text(L, c, p, "no_label", false, &labels[1]);
            make_yesno(it, sat, labels);
            free_text(&labels[0]);
            free_text(&labels[1]);
            break;
        }
        case SURVEY_ITEM_TEXT:
            opts_ok = false;
            get_int(L, c, p, "max_length", false, 1, 2000, 200, "", &it->max_length);
            parse_phrases(L, c, p, it);
            if (it->required) {
                path_key(pf, p, "required");
                add_error(L, pf, _("a free-text item is always optional (remove \"required\")"));
            }
            break;
        }
        usable[i] = opts_ok;

        /* Topic: exactly the rated items have one. */
        const char *topic;
        if (topic_types & T(t)) {
            path_key(pf, p, "topic");
            if (get_string(L, c, p, "topic", false, N_("a topic id declared in \"topics\""), &topic) && topic) {
                if (!survey_topic_find(s, topic)) {
                    char list[512];
                    topic_list(s, list, sizeof list);
                    add_error(L, pf, _("unknown topic '%s' (declared topics: %s)"), quote(q, sizeof q, topic), list);
                } else if (!rated) {
                    add_error(L, pf, "%s",
                              t == SURVEY_ITEM_YESNO
                                  ? _("only rated items have a topic (add \"satisfied\": \"yes\" or remove the topic)")
                                  : _("only rated items have a topic (mark satisfied options or remove the topic)"));
                } else {
                    it->topic = jh_strdup(topic);
                }
            } else if (rated && !cJSON_GetObjectItemCaseSensitive(c, "topic")) {
                char list[512];
                topic_list(s, list, sizeof list);
                add_error(L, p, _("a rated item needs a \"topic\" (declared topics: %s)"), list);
            }
        }
        if (it->overall) {
            path_key(pf, p, "overall");
            if (!rated)
                add_error(L, pf, _("the overall item must be rated (a scale or rating item, or one with satisfied answers)"));
            else if (overall >= 0)
                add_error(L, pf, _("more than one overall item (items[%d] is already the overall item)"), overall);
            else
                overall = i;
        }
        if (it->background && opts_ok) {
            bool excl = false;
            for (int m = 0; m < it->n_options; m++) excl |= it->options[m].excluded;
            path_key(pf, p, "background");
            if (rated)
                add_error(L, pf, _("a background item does not count in satisfaction (remove \"satisfied\" from its options)"));
            else if (!excl)
                add_error(L, pf, _("a background item must offer an excluded answer such as "
                                 "\"不愿回答 / prefer not to say\""));
        }
        if (it->locality && opts_ok) {
            path_key(pf, p, "locality");
            if (!it->background) {
                add_error(L, pf, _("the locality item must also be a background item (\"background\": true)"));
            } else if (locality >= 0) {
                add_error(L, pf, _("more than one locality item (items[%d] is already the locality item)"), locality);
            } else {
                locality = i;
                for (int m = 0; m < it->n_options; m++) {
                    const char *oc = it->options[m].code;
                    if (!it->options[m].excluded && strcmp(oc, "urban") && strcmp(oc, "town") && strcmp(oc, "rural"))
                        add_error(L, pf,
                                  _("option '%s' of the locality item is not a locality (expected the codes "
                                    "\"urban\", \"town\" and \"rural\", plus excluded answers)"),
                                  oc);
                }
            }
        }
        const cJSON *cond = cJSON_GetObjectItemCaseSensitive(c, "show_if");
        if (cond) {
            path_key(pf, p, "show_if");
            load_cond(L, cond, pf, i, ids, typed, usable);
        }
    }
    free(ids);
    free(usable);
    free(typed);
    free(nodes);
}

static void load_survey(load_t *L, const cJSON *root)
{
    survey_t *s = L->s;
    char q[64];
    if (!cJSON_IsObject(root)) {
        add_error(L, NULL, _("expected a JSON object {...} at the top level, got %s"), json_kind(root));
        return;
    }
    check_fields(L, root, "", top_fields, N_("a questionnaire"));
    load_locales(L, root);

    const char *str;
    if (get_string(L, root, "", "id", true, EXP_SURVEY_ID, &str) && str) {
        if (!is_survey_id(str))
            add_error(L, "id", _("'%s' is not a valid id (expected 1-64 characters from A-Z a-z 0-9 _ . -)"),
                      quote(q, sizeof q, str));
        else
            s->id = jh_strdup(str);
    }
    if (get_string(L, root, "", "version", true, N_("a version string such as \"1.0\""), &str) && str) {
        if (!is_survey_id(str))
            add_error(L, "version", _("'%s' is not a valid version (expected 1-64 characters from A-Z a-z 0-9 _ . -)"),
                      quote(q, sizeof q, str));
        else
            s->version = jh_strdup(str);
    }
    if (get_string(L, root, "", "audience", true, N_("an identifier such as \"parent\""), &str) && str) {
        if (!is_ident(str))
            add_error(L, "audience",
                      _("'%s' is not an identifier (expected a-z, 0-9 and _, starting with a letter, like \"parent\")"),
                      quote(q, sizeof q, str));
        else
            s->audience = jh_strdup(str);
    }
    get_text(L, root, "", "audience_label", true, &s->audience_label);
    get_text(L, root, "", "title", true, &s->title);
    get_text(L, root, "", "intro", false, &s->intro);
    get_text(L, root, "", "closing", false, &s->closing);
    if (get_string(L, root, "", "method", true, EXP_METHOD, &str) && str) {
        if (strcmp(str, "answers") && strcmp(str, "questionnaires"))
            add_error(L, "method", _("expected %s, got '%s'"), _(EXP_METHOD), quote(q, sizeof q, str));
        else
            s->method = jh_strdup(str);
    }
    load_topics(L, root);
    load_scales(L, root);
    load_items(L, root);
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

jh_status_t survey_list_dir(const char *dir, char ***names, int *n, jh_err_t *err)
{
    *names = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return jh_err_set(err, JH_ERR_IO, _("%s: cannot open the questionnaire folder: %s"), dir, strerror(errno));
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".json") != 0 || e->d_name[0] == '.') continue;
        *names = jh_xrealloc(*names, (size_t)(*n + 1) * sizeof **names);
        (*names)[(*n)++] = jh_strdup(e->d_name);
    }
    closedir(d);
    if (*n > 1) qsort(*names, (size_t)*n, sizeof **names, cmp_name);
    return JH_OK;
}

/* The ".json" of name (in any case, at the end or followed by another
 * extension): its offset, 0 when none. */
static size_t json_stem(const char *name)
{
    size_t len = strlen(name), stem = 0;
    for (size_t i = 1; i + 5 <= len; i++)
        if (!strncasecmp(name + i, ".json", 5) && (i + 5 == len || name[i + 5] == '.')) stem = i;
    return stem;
}

int survey_name_problem(const char *dir, const char *name, jh_buf_t *problems, jh_buf_t *notes)
{
    size_t len = strlen(name);
    if (len >= 6 && !strcmp(name + len - 5, ".json")) return 0; /* a questionnaire's name */
    size_t stem = json_stem(name);
    if (!stem) return 0;
    /* the name the kiosk would load: there already? */
    char *target = jh_sprintf("%s/%.*s.json", dir && *dir ? dir : ".", (int)stem, name);
    struct stat sb;
    bool taken = stat(target, &sb) == 0;
    free(target);
    const char *ext = name + stem + 5;
    if (taken && (!strcasecmp(ext, ".bak") || !strcasecmp(ext, ".orig") || !strcasecmp(ext, ".old"))) {
        /* a backup beside the file it was made of: nothing wrong */
        if (notes)
            jh_buf_printf(notes, _("%s: note: not used, a backup copy beside %.*s.json (nothing to do)\n"), name,
                          (int)stem, name);
        return 0;
    }
    if (!problems) return 1;
    if (taken)
        jh_buf_printf(problems,
                      stem + 5 == len
                          ? _("%s: not used: a questionnaire's file name must end in .json, in small letters, and "
                              "%.*s.json is there already (move this file away if it is a copy)\n")
                          : _("%s: not used: a questionnaire's file name must end in .json, and %.*s.json is there "
                              "already (move this file away if it is a copy)\n"),
                      name, (int)stem, name);
    else if (stem + 5 == len)
        jh_buf_printf(problems,
                      _("%s: not used: a questionnaire's file name must end in .json, in small letters "
                        "(rename it %.*s.json)\n"),
                      name, (int)stem, name);
    else
        jh_buf_printf(problems,
                      _("%s: not used: a questionnaire's file name must end in .json (rename it %.*s.json; "
                        "Notepad may have added %s)\n"),
                      name, (int)stem, name, ext);
    return 1;
}

int survey_list_misnamed(const char *dir, jh_buf_t *problems, jh_buf_t *notes)
{
    DIR *d = opendir(dir);
    if (!d) return 0;
    char **names = NULL;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        const char *name = e->d_name;
        size_t len = strlen(name);
        if (name[0] == '.') continue;
        if (len >= 6 && !strcmp(name + len - 5, ".json")) continue; /* a questionnaire's name */
        if (!json_stem(name)) continue;
        names = jh_xrealloc(names, (size_t)(n + 1) * sizeof *names);
        names[n++] = jh_strdup(name);
    }
    closedir(d);
    if (n > 1) qsort(names, (size_t)n, sizeof *names, cmp_name);
    int out = 0;
    for (int k = 0; k < n; k++) {
        out += survey_name_problem(dir, names[k], problems, notes);
        free(names[k]);
    }
    free(names);
    return out;
}

int survey_version_cmp(const char *a, const char *b)
{
    /* "v2" is version 2 */
    if ((*a == 'v' || *a == 'V') && isdigit((unsigned char)a[1])) a++;
    if ((*b == 'v' || *b == 'V') && isdigit((unsigned char)b[1])) b++;
    while (*a && *b) {
        if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
            while (*a == '0' && isdigit((unsigned char)a[1])) a++;
            while (*b == '0' && isdigit((unsigned char)b[1])) b++;
            size_t la = 0, lb = 0;
            while (isdigit((unsigned char)a[la])) la++;
            while (isdigit((unsigned char)b[lb])) lb++;
            if (la != lb) return la < lb ? -1 : 1;
            int c = strncmp(a, b, la);
            if (c) return c < 0 ? -1 : 1;
            a += la;
            b += lb;
        } else {
            /* letters and marks: the same (in any case) or no order at all
             * (2026-spring and 2026-autumn: which came first is not in
             * the letters) */
            if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return SURVEY_VERSION_UNORDERED;
            a++;
            b++;
        }
    }
    /* 2 before 2.1; 2 and 2a cannot be ordered */
    const char *rest = *a ? a : b;
    if (!*rest) return 0;
    if (*rest == '.' && isdigit((unsigned char)rest[1])) return *a ? 1 : -1;
    return SURVEY_VERSION_UNORDERED;
}

/* Whether version x of a questionnaire is below version y (decided). */
static bool version_below(const char *x, const char *y)
{
    return survey_version_cmp(x, y) == -1;
}

int survey_pick_unique(survey_t *const *s, const char *const *names, int n, bool *use, jh_buf_t *problems)
{
    int out = 0;
    for (int i = 0; i < n; i++) use[i] = true;
    bool *done = jh_xcalloc((size_t)n + 1, sizeof *done);
    int *g = jh_xcalloc((size_t)n + 1, sizeof *g);    /* the files of one id, in name order */
    bool *top = jh_xcalloc((size_t)n + 1, sizeof *top); /* below none of the others */
    for (int i = 0; i < n; i++) {
        if (done[i]) continue;
        int m = 0;
        for (int j = i; j < n; j++)
            if (!done[j] && !strcmp(s[i]->id, s[j]->id)) {
                g[m++] = j;
                done[j] = true;
            }
        if (m < 2) continue;
        /* the candidates: files no other file of the id is newer than */
        for (int a = 0; a < m; a++) {
            top[a] = true;
            for (int b = 0; b < m && top[a]; b++)
                if (version_below(s[g[a]]->version, s[g[b]]->version)) top[a] = false;
        }
        /* of the candidates: one version (the same text) and one content,
         * or the kiosk cannot know which is meant */
        int first = -1;
        bool same_version = true, same_content = true, one_number = true;
        for (int a = 0; a < m; a++) {
            if (!top[a]) continue;
            if (first < 0) {
                first = a;
                continue;
            }
            if (strcmp(s[g[a]]->version, s[g[first]]->version)) same_version = false;
            else if (strcmp(s[g[a]]->hash, s[g[first]]->hash)) same_content = false;
            /* "2" and "v2": one number written two ways (rfinal18: said
             * to be versions whose order cannot be told) */
            if (survey_version_cmp(s[g[a]]->version, s[g[first]]->version) != 0) one_number = false;
        }
        int winner = same_version && same_content ? g[first] : -1;
        if (winner < 0 && problems) {
            jh_buf_t files = {0}, versions = {0};
            for (int a = 0; a < m; a++)
                if (top[a]) {
                    jh_buf_printf(&files, "%s%s", files.len ? ", " : "", names[g[a]]);
                    bool seen = false;
                    for (int b = 0; b < a; b++)
                        if (top[b] && !strcmp(s[g[a]]->version, s[g[b]]->version)) seen = true;
                    if (!seen) jh_buf_printf(&versions, "%s%s", versions.len ? ", " : "", s[g[a]]->version);
                }
            if (!same_version && one_number)
                jh_buf_printf(problems,
                              _("%s: all hold questionnaire %s, in versions %s: the same version number written "
                                "differently (keep one file, or give the newer questionnaire a higher number such "
                                "as 2.1); none of them is used\n"),
                              files.data, s[g[first]]->id, versions.data);
            else if (!same_version)
                jh_buf_printf(problems,
                              _("%s: all hold questionnaire %s, in versions %s whose order cannot be told (use "
                                "numbers such as 2.1, or move away the files not wanted); none of them is used\n"),
                              files.data, s[g[first]]->id, versions.data);
            else
                jh_buf_printf(problems,
                              _("%s: all hold questionnaire %s version %s but their content differs (a changed "
                                "questionnaire needs a new version number); none of them is used\n"),
                              files.data, s[g[first]]->id, s[g[first]]->version);
            jh_buf_free(&files);
            jh_buf_free(&versions);
        }
        for (int a = 0; a < m; a++) {
            int k = g[a];
            if (k == winner) continue;
            use[k] = false;
            out++;
            if (!problems || (top[a] && winner < 0)) continue; /* (named above) */
            if (top[a]) {
                jh_buf_printf(problems,
                              _("%s: not used; %s is used instead: both hold questionnaire %s version %s "
                                "with the same content (move one of them away)\n"),
                              names[k], names[winner], s[k]->id, s[k]->version);
                continue;
            }
            /* a newer one: the winner, or the first candidate above it */
            int hi = winner;
            for (int b = 0; hi < 0 && b < m; b++)
                if (top[b] && version_below(s[k]->version, s[g[b]]->version)) hi = g[b];
            if (hi < 0) /* (below some file that is itself below: the first of them) */
                for (int b = 0; hi < 0 && b < m; b++)
                    if (version_below(s[k]->version, s[g[b]]->version)) hi = g[b];
            if (hi == winner)
                jh_buf_printf(problems,
                              _("%s: not used; %s is used instead: both hold questionnaire %s, and its "
                                "version %s is newer than this file's %s (move away the file not wanted)\n"),
                              names[k], names[hi], s[k]->id, s[hi]->version, s[k]->version);
            else
                jh_buf_printf(problems,
                              _("%s: not used: %s holds questionnaire %s in version %s, newer than this file's %s "
                                "(move away the file not wanted)\n"),
                              names[k], names[hi], s[k]->id, s[hi]->version, s[k]->version);
        }
    }
    free(done);
    free(g);
    free(top);
    return out;
}

/* Appends a problem block (one or more lines) to problems. */
static void folder_problem(jh_buf_t *problems, int *n_problems, const char *lines)
{
    size_t ml = strlen(lines);
    while (ml && lines[ml - 1] == '\n') ml--;
    if (!ml) return;
    jh_buf_printf(problems, "%.*s\n", (int)ml, lines);
    (*n_problems)++;
}

jh_status_t survey_folder_load(const char *dir, const survey_check_opts_t *opts, survey_clash_fn clash, void *ctx,
                               const char *clash_fmt, survey_t ***out, char ***files, int *n, jh_buf_t *problems,
                               int *n_problems, jh_err_t *err)
{
    *out = NULL;
    *files = NULL;
    *n = 0;
    char **names = NULL;
    int n_names = 0;
    jh_status_t r = survey_list_dir(dir, &names, &n_names, err);
    if (r != JH_OK) return r;
    jh_buf_t misnamed = {0};
    int n_misnamed = survey_list_misnamed(dir, &misnamed, NULL);
    if (n_misnamed) {
        folder_problem(problems, n_problems, misnamed.data);
        *n_problems += n_misnamed - 1;
    }
    jh_buf_free(&misnamed);
    survey_t **loaded = jh_xcalloc((size_t)n_names + 1, sizeof *loaded);
    const char **loaded_names = jh_xcalloc((size_t)n_names + 1, sizeof *loaded_names);
    int n_loaded = 0;
    for (int i = 0; i < n_names; i++) {
        char *path = jh_sprintf("%s/%s", dir, names[i]);
        survey_t *s = NULL;
        jh_buf_t errors = {0};
        jh_err_t lerr;
        char *text = NULL;
        size_t len = 0;
        /* Messages name the file only: the directory is the same for all. */
        jh_status_t st = jh_read_file(path, &text, &len, &lerr);
        if (st == JH_OK) st = survey_load_text(names[i], text, len, opts, &s, &errors, &lerr);
        free(text);
        free(path);
        if (st != JH_OK) {
            folder_problem(problems, n_problems, errors.len ? errors.data : lerr.msg);
        } else if (clash && clash(ctx, s)) {
            /* answers under this id and version were given against other
             * questions, none against these: more under it could not be
             * told apart */
            char *m = jh_sprintf(clash_fmt, names[i], s->id, s->version);
            folder_problem(problems, n_problems, m);
            free(m);
            survey_free(s);
        } else {
            loaded[n_loaded] = s;
            loaded_names[n_loaded++] = names[i];
        }
        jh_buf_free(&errors);
    }
    /* Several files of one id: the kiosk offers one of them. */
    bool *use = jh_xcalloc((size_t)n_loaded + 1, sizeof *use);
    jh_buf_t dup = {0};
    int n_dup = survey_pick_unique(loaded, loaded_names, n_loaded, use, &dup);
    if (n_dup) {
        folder_problem(problems, n_problems, dup.data);
        *n_problems += n_dup - 1;
    }
    jh_buf_free(&dup);
    *out = jh_xcalloc((size_t)n_loaded + 1, sizeof **out);
    *files = jh_xcalloc((size_t)n_loaded + 1, sizeof **files);
    for (int i = 0; i < n_loaded; i++) {
        if (!use[i]) {
            survey_free(loaded[i]);
            continue;
        }
        (*out)[*n] = loaded[i];
        (*files)[(*n)++] = jh_strdup(loaded_names[i]);
    }
    for (int i = 0; i < n_names; i++) free(names[i]);
    free(names);
    free(use);
    free(loaded);
    free(loaded_names);
    return JH_OK;
}

void survey_folder_free(survey_t **s, char **files, int n)
{
    for (int i = 0; i < n; i++) {
        survey_free(s ? s[i] : NULL);
        free(files ? files[i] : NULL);
    }
    free(s);
    free(files);
}
