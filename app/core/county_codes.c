/* county_codes.c - packing a response's answers per item order and the
 * questionnaire dictionary behind it (county database schema 5). */
#include "county_codes.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *id;       /* item id (owned) */
    char **values;  /* values[k - 1] is code k (owned) */
    int n_values;
} codes_item_t;

struct county_codes {
    codes_item_t *items;
    int n_items;
};

county_codes_t *county_codes_build(const survey_t *s)
{
    county_codes_t *k = jh_xcalloc(1, sizeof *k);
    k->n_items = s->n_items;
    k->items = jh_xcalloc((size_t)s->n_items + 1, sizeof *k->items);
    for (int i = 0; i < s->n_items; i++) {
        const survey_item_t *it = &s->items[i];
        codes_item_t *ci = &k->items[i];
        ci->id = jh_strdup(it->id);
        if (it->type == SURVEY_ITEM_RATING) {
            ci->n_values = 11;
            ci->values = jh_xcalloc(11, sizeof *ci->values);
            for (int v = 0; v <= 10; v++) ci->values[v] = jh_sprintf("%d", v);
        } else if (it->type != SURVEY_ITEM_TEXT) {
            int n = 0;
            const survey_option_t *o = survey_item_options(it, &n);
            if (n > COUNTY_CODES_MAX) n = COUNTY_CODES_MAX;
            ci->n_values = n;
            ci->values = jh_xcalloc((size_t)n + 1, sizeof *ci->values);
            for (int v = 0; v < n; v++) ci->values[v] = jh_strdup(o[v].code);
        }
    }
    return k;
}

void county_codes_free(county_codes_t *k)
{
    if (!k) return;
    for (int i = 0; i < k->n_items; i++) {
        for (int v = 0; v < k->items[i].n_values; v++) free(k->items[i].values[v]);
        free(k->items[i].values);
        free(k->items[i].id);
    }
    free(k->items);
    free(k);
}

int county_codes_n_items(const county_codes_t *k)
{
    return k->n_items;
}

void county_codes_json_str(jh_buf_t *b, const char *s)
{
    jh_buf_append(b, "\"", 1);
    const char *run = s, *p = s;
    for (; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        if (ch >= 0x20 && ch != '"' && ch != '\\') continue;
        jh_buf_append(b, run, (size_t)(p - run));
        if (ch == '"' || ch == '\\')
            jh_buf_printf(b, "\\%c", ch);
        else if (ch == '\n')
            jh_buf_puts(b, "\\n");
        else
            jh_buf_printf(b, "\\u%04x", ch);
        run = p + 1;
    }
    jh_buf_append(b, run, (size_t)(p - run));
    jh_buf_append(b, "\"", 1);
}

/* The item index of item (-1: not an item of k) and the code of value in
 * its dictionary (0: none). */
static void resolve(const county_codes_t *k, const char *item, const char *value, int last, int *idx, int *code)
{
    *idx = -1;
    *code = 0;
    if (!k) return;
    const char *next = last + 1 < k->n_items ? k->items[last + 1].id : NULL;
    if (next && next[0] == item[0] && !strcmp(next, item))
        *idx = last + 1;
    else
        for (int i = 0; i < k->n_items && *idx < 0; i++)
            if (!strcmp(k->items[i].id, item)) *idx = i;
    if (*idx < 0) return;
    const codes_item_t *ci = &k->items[*idx];
    for (int v = 0; v < ci->n_values; v++)
        /* the first byte tells most options apart without a call */
        if (ci->values[v][0] == value[0] && !strcmp(ci->values[v], value)) {
            *code = v + 1;
            return;
        }
}

static void apply(const char *item, const char *value, int idx, int code, uint8_t *codes, int *last,
                  jh_buf_t *extra, int *n_extra)
{
    if (idx >= 0) *last = idx;
    if (idx >= 0 && code && !codes[idx]) {
        codes[idx] = (uint8_t)code;
        return;
    }
    /* not a value of the dictionary (or a second answer to the item): verbatim */
    if (*n_extra) jh_buf_append(extra, ",", 1);
    county_codes_json_str(extra, item);
    jh_buf_append(extra, ":", 1);
    county_codes_json_str(extra, value);
    (*n_extra)++;
}

void county_codes_pack(const county_codes_t *k, const char *item, const char *value, uint8_t *codes,
                       int *last, jh_buf_t *extra, int *n_extra)
{
    int idx, code;
    resolve(k, item, value, *last, &idx, &code);
    apply(item, value, idx, code, codes, last, extra, n_extra);
}

/* Per item: the item id verified at it, and a direct-mapped table of the
 * values met (by address) with their codes. */
enum { CC_WAYS = 16 };
struct county_codes_cache {
    int n_items;
    struct cc_item {
        const char *item;
        const char *value[CC_WAYS];
        uint8_t code[CC_WAYS];
    } items[];
};

county_codes_cache_t *county_codes_cache_new(const county_codes_t *k)
{
    county_codes_cache_t *cc = jh_xcalloc(1, sizeof *cc + (size_t)k->n_items * sizeof cc->items[0]);
    cc->n_items = k->n_items;
    return cc;
}

void county_codes_cache_free(county_codes_cache_t *cc)
{
    free(cc);
}

void county_codes_pack_at(const county_codes_t *k, county_codes_cache_t *cc, int idx, const char *item,
                          const char *value, uint8_t *codes, int *last, jh_buf_t *extra, int *n_extra)
{
    if (!k || !cc || idx < 0 || idx >= k->n_items || idx >= cc->n_items) {
        county_codes_pack(k, item, value, codes, last, extra, n_extra);
        return;
    }
    struct cc_item *ci = &cc->items[idx];
    if (ci->item != item) {
        if (!k->items[idx].id || strcmp(k->items[idx].id, item) != 0) {
            county_codes_pack(k, item, value, codes, last, extra, n_extra);
            return;
        }
        ci->item = item;
    }
    size_t w = (size_t)(((uint64_t)(uintptr_t)value * 0x9E3779B97F4A7C15u) >> 60) & (CC_WAYS - 1);
    int code;
    if (ci->value[w] == value) {
        code = ci->code[w];
    } else {
        /* the first byte tells most options apart without a call */
        const codes_item_t *ki = &k->items[idx];
        code = 0;
        for (int v = 0; v < ki->n_values && !code; v++)
            if (ki->values[v][0] == value[0] && !strcmp(ki->values[v], value)) code = v + 1;
        ci->value[w] = value;
        ci->code[w] = (uint8_t)code;
    }
    apply(item, value, idx, code, codes, last, extra, n_extra);
}

jh_status_t county_codes_store(sqlite3 *db, sqlite3_stmt **get, sqlite3_stmt **ins, const char *hash,
                               const county_codes_t *k, jh_err_t *err)
{
    if ((!*get && sqlite3_prepare_v2(db, "SELECT 1 FROM survey_codes WHERE survey_hash = ? LIMIT 1", -1, get,
                                     NULL) != SQLITE_OK) ||
        (!*ins && sqlite3_prepare_v2(db,
                                     "INSERT OR IGNORE INTO survey_codes(survey_hash, item_index, item_id, code, "
                                     "value) VALUES (?,?,?,?,?)",
                                     -1, ins, NULL) != SQLITE_OK))
        goto fail;
    sqlite3_bind_text(*get, 1, hash, -1, SQLITE_STATIC);
    int rc = sqlite3_step(*get);
    sqlite3_reset(*get);
    if (rc == SQLITE_ROW) return JH_OK; /* stored by an earlier merge */
    if (rc != SQLITE_DONE) goto fail;
    for (int i = 0; i < k->n_items; i++)
        for (int v = 0; v < k->items[i].n_values; v++) {
            sqlite3_bind_text(*ins, 1, hash, -1, SQLITE_STATIC);
            sqlite3_bind_int(*ins, 2, i);
            sqlite3_bind_text(*ins, 3, k->items[i].id, -1, SQLITE_STATIC);
            sqlite3_bind_int(*ins, 4, v + 1);
            sqlite3_bind_text(*ins, 5, k->items[i].values[v], -1, SQLITE_STATIC);
            rc = sqlite3_step(*ins);
            sqlite3_reset(*ins);
            if (rc != SQLITE_DONE) goto fail;
        }
    return JH_OK;
fail:
    return jh_err_set(err, JH_ERR_IO, "%s", sqlite3_errmsg(db));
}
