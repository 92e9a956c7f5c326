/* rounds.c - evaluation rounds in one county database, frozen statistics of
 * the closed rounds and the trend (see rounds.h). */
#include "rounds.h"
#include "stats.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "county.h"
#include "i18n.h"
#include "json_cs.h" /* after every header: constant keys */

static const char rounds_schema[] =
    "CREATE TABLE IF NOT EXISTS county_rounds("
    "  name TEXT PRIMARY KEY,"
    "  since_ms INTEGER NOT NULL,"
    "  opened_ms INTEGER NOT NULL,"
    "  closed_ms INTEGER,"          /* NULL while open */
    "  stats TEXT);";               /* the frozen stats.json of a closed round */

static jh_status_t db_fail(sqlite3 *db, jh_err_t *err, const char *what)
{
    return jh_err_set(err, JH_ERR_IO, _("county database: %s: %s"), _(what), sqlite3_errmsg(db));
}

static bool no_table(sqlite3 *db)
{
    return strstr(sqlite3_errmsg(db), "no such table") != NULL;
}

jh_status_t rounds_list(struct county *c, round_t **out, int *n, jh_err_t *err)
{
    sqlite3 *db = county_db(c);
    sqlite3_stmt *q = NULL;
    *out = NULL;
    *n = 0;
    if (sqlite3_prepare_v2(db,
                           "SELECT name, since_ms, opened_ms, coalesce(closed_ms, 0) FROM county_rounds "
                           "ORDER BY since_ms, opened_ms",
                           -1, &q, NULL) != SQLITE_OK)
        return no_table(db) ? JH_OK : db_fail(db, err, N_("reading the rounds"));
    round_t *r = NULL;
    int k = 0, cap = 0, rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (k == cap) {
            cap = cap ? cap * 2 : 8;
            r = jh_xrealloc(r, (size_t)cap * sizeof *r);
        }
        memset(&r[k], 0, sizeof r[k]);
        snprintf(r[k].name, sizeof r[k].name, "%s", (const char *)sqlite3_column_text(q, 0));
        r[k].since_ms = sqlite3_column_int64(q, 1);
        r[k].opened_ms = sqlite3_column_int64(q, 2);
        r[k].closed_ms = sqlite3_column_int64(q, 3);
        k++;
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) {
        free(r);
        return db_fail(db, err, N_("reading the rounds"));
    }
    *out = r;
    *n = k;
    return JH_OK;
}

jh_status_t rounds_current(struct county *c, round_t *out, bool *have, jh_err_t *err)
{
    round_t *r = NULL;
    int n = 0;
    memset(out, 0, sizeof *out);
    *have = false;
    jh_status_t st = rounds_list(c, &r, &n, err);
    if (st != JH_OK) return st;
    for (int i = 0; i < n; i++)
        if (r[i].closed_ms == 0) {
            *out = r[i];
            *have = true;
        }
    free(r);
    return JH_OK;
}

jh_status_t rounds_open(struct county *c, const char *name, int64_t since_ms, const char *previous,
                        const cJSON *frozen, int64_t now_ms, jh_err_t *err)
{
    sqlite3 *db = county_db(c);
    if (!name[0] || strlen(name) >= sizeof((round_t *)0)->name)
        return jh_err_set(err, JH_ERR_INVALID, _("a round needs a name of 1 to 63 bytes (e.g. 2026)"));
    /* (inside the caller's write transaction, that of the closing round's
     * statistics: a savepoint of it) */
    bool nested = !sqlite3_get_autocommit(db);
    const char *undo = nested ? "ROLLBACK TO rounds_open; RELEASE rounds_open" : "ROLLBACK";
    if (sqlite3_exec(db, nested ? "SAVEPOINT rounds_open" : "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(db, rounds_schema, NULL, NULL, NULL) != SQLITE_OK) {
        jh_status_t st = db_fail(db, err, N_("opening a round"));
        sqlite3_exec(db, undo, NULL, NULL, NULL);
        return st;
    }
    jh_status_t st = JH_OK;
    sqlite3_stmt *q = NULL;
    round_t cur;
    bool have;
    char *json = NULL;
    if ((st = rounds_current(c, &cur, &have, err)) != JH_OK) goto out;
    round_t *all = NULL;
    int n_all = 0;
    if ((st = rounds_list(c, &all, &n_all, err)) != JH_OK) goto out;
    for (int i = 0; i < n_all; i++)
        if (!strcmp(all[i].name, name) || (previous && !strcmp(all[i].name, previous))) {
            st = jh_err_set(err, JH_ERR_INVALID, _("round '%s' already exists; choose another name"),
                            all[i].name);
            free(all);
            goto out;
        }
    free(all);
    if (have && since_ms <= cur.since_ms) {
        char d[16] = "";
        time_t t = (time_t)(cur.since_ms / 1000 + 8 * 3600); /* Beijing time */
        struct tm tm;
        if (gmtime_r(&t, &tm)) strftime(d, sizeof d, "%Y-%m-%d", &tm);
        st = jh_err_set(err, JH_ERR_INVALID,
                        _("round '%s' must start after the open round '%s', which starts %s: give a later --since"),
                        name, cur.name, cur.since_ms ? d : _("at the beginning"));
        goto out;
    }
    if ((have || previous) && !frozen) {
        st = jh_err_set(err, JH_ERR_INVALID, _("closing a round needs its statistics"));
        goto out;
    }
    if (frozen) json = cJSON_PrintUnformatted(frozen);
    if (have) {
        if (sqlite3_prepare_v2(db, "UPDATE county_rounds SET closed_ms = ?, stats = ? WHERE name = ?",
                               -1, &q, NULL) != SQLITE_OK)
            goto dbfail;
        sqlite3_bind_int64(q, 1, now_ms);
        sqlite3_bind_text(q, 2, json, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 3, cur.name, -1, SQLITE_STATIC);
        if (sqlite3_step(q) != SQLITE_DONE) goto dbfail;
        sqlite3_finalize(q);
        q = NULL;
    } else if (previous) {
        /* the data before the first round becomes a closed round of its own,
         * with the rectification plan loaded for it (round "") */
        if (sqlite3_prepare_v2(db, "UPDATE rectify_items SET round = ? WHERE round = ''", -1, &q, NULL) ==
            SQLITE_OK) {
            sqlite3_bind_text(q, 1, previous, -1, SQLITE_STATIC);
            if (sqlite3_step(q) != SQLITE_DONE) goto dbfail;
            sqlite3_finalize(q);
            q = NULL;
        }

        if (sqlite3_prepare_v2(db,
                               "INSERT INTO county_rounds(name, since_ms, opened_ms, closed_ms, stats) "
                               "VALUES (?, 0, ?, ?, ?)",
                               -1, &q, NULL) != SQLITE_OK)
            goto dbfail;
        sqlite3_bind_text(q, 1, previous, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 2, now_ms);
        sqlite3_bind_int64(q, 3, now_ms);
        sqlite3_bind_text(q, 4, json, -1, SQLITE_STATIC);
        if (sqlite3_step(q) != SQLITE_DONE) goto dbfail;
        sqlite3_finalize(q);
        q = NULL;
    }
    if (sqlite3_prepare_v2(db, "INSERT INTO county_rounds(name, since_ms, opened_ms) VALUES (?,?,?)",
                           -1, &q, NULL) != SQLITE_OK)
        goto dbfail;
    sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, since_ms);
    sqlite3_bind_int64(q, 3, now_ms);
    if (sqlite3_step(q) != SQLITE_DONE) goto dbfail;
    sqlite3_finalize(q);
    q = NULL;
    if (sqlite3_exec(db, nested ? "RELEASE rounds_open" : "COMMIT", NULL, NULL, NULL) != SQLITE_OK) goto dbfail;
    cJSON_free(json);
    return JH_OK;
dbfail:
    st = db_fail(db, err, N_("opening a round"));
out:
    sqlite3_finalize(q);
    cJSON_free(json);
    sqlite3_exec(db, undo, NULL, NULL, NULL);
    return st;
}

jh_status_t rounds_unrounded(struct county *c, char *name, size_t n, jh_err_t *err)
{
    round_t *r = NULL;
    int nr = 0, found = 0;
    name[0] = 0;
    jh_status_t st = rounds_list(c, &r, &nr, err);
    if (st != JH_OK) return st;
    /* (--previous inserts its round with since_ms 0; --since is a day of
     * 2000 or later, so no other round starts at 0) */
    for (int i = 0; i < nr; i++)
        if (r[i].since_ms == 0 && r[i].closed_ms != 0 && found++ == 0) snprintf(name, n, "%s", r[i].name);
    if (found != 1) name[0] = 0;
    free(r);
    return JH_OK;
}

/* A frozen document was written while its round was open: its "round"
 * gets how it ended (review rclerk6 item 5), from the rounds table, not
 * stored: closed true, closed_ms (when the next round was opened),
 * next_round and until_ms (the last moment before the next round's start
 * date: the survey period ends the day before). */
static jh_status_t frozen_round_end(struct county *c, const char *name, cJSON *doc, jh_err_t *err)
{
    round_t *r = NULL;
    int n = 0;
    jh_status_t st = rounds_list(c, &r, &n, err);
    if (st != JH_OK) return st;
    cJSON *rd = cJSON_GetObjectItemCaseSensitive(doc, "round");
    if (!cJSON_IsObject(rd)) rd = (cJSON_AddObjectToObject)(doc, "round");
    for (int i = 0; rd && i < n; i++) {
        if (strcmp(r[i].name, name) || !r[i].closed_ms) continue;
        static const char *const keys[] = {"closed", "closed_ms", "next_round", "until_ms"};
        for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) cJSON_DeleteItemFromObjectCaseSensitive(rd, keys[k]);
        /* the data of a database without rounds, frozen as round `previous`:
         * computed without a name, it is that round's */
        const cJSON *nm = cJSON_GetObjectItemCaseSensitive(rd, "name");
        if (!cJSON_IsString(nm) || !nm->valuestring[0]) {
            cJSON_DeleteItemFromObjectCaseSensitive(rd, "name");
            cJSON_AddStringToObject(rd, "name", r[i].name);
        }
        cJSON_AddBoolToObject(rd, "closed", true);
        cJSON_AddNumberToObject(rd, "closed_ms", (double)r[i].closed_ms);
        if (i + 1 < n) {
            cJSON_AddStringToObject(rd, "next_round", r[i + 1].name);
            /* the period ends when the next round starts or when this one
             * was frozen, whichever is earlier: answers dated after the
             * freeze and before a later --since count in no round (review
             * r2clerk item 1) */
            int64_t until = r[i + 1].since_ms - 1;
            if (r[i].closed_ms < until) until = r[i].closed_ms;
            cJSON_AddNumberToObject(rd, "until_ms", (double)until);
        } else {
            cJSON_AddNullToObject(rd, "next_round");
            cJSON_AddNullToObject(rd, "until_ms");
        }
        break;
    }
    free(r);
    return JH_OK;
}

jh_status_t rounds_frozen(struct county *c, const char *name, cJSON **out, jh_err_t *err)
{
    sqlite3 *db = county_db(c);
    sqlite3_stmt *q = NULL;
    *out = NULL;
    if (sqlite3_prepare_v2(db, "SELECT stats FROM county_rounds WHERE name = ? AND stats IS NOT NULL",
                           -1, &q, NULL) != SQLITE_OK)
        return no_table(db) ? JH_OK : db_fail(db, err, N_("reading a round"));
    sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
    jh_status_t st = JH_OK;
    if (sqlite3_step(q) == SQLITE_ROW) {
        *out = cJSON_Parse((const char *)sqlite3_column_text(q, 0));
        if (!*out)
            st = jh_err_set(err, JH_ERR_CORRUPT, _("%s: the frozen statistics of round '%s' cannot be read"),
                            county_path(c), name);
    }
    sqlite3_finalize(q);
    if (st == JH_OK && *out) st = frozen_round_end(c, name, *out, err);
    return st;
}

/* Each caught kiosk's responses counted in a closed round's frozen figures:
 * moved to quarantine by a catch after the round closed, brought by an
 * import before.  Rows: round, kiosk, other kiosk, school, count. */
static const char copies_frozen_sql[] =
    "SELECT r.name, c.kiosk_id, c.other_kiosk, c.school_code, count(*) FROM county_rounds r "
    "JOIN copied_kiosks c ON c.caught_ms > r.closed_ms JOIN quarantine q ON q.kiosk_id = c.kiosk_id "
    "JOIN imports i ON i.id = q.import_id AND i.imported_ms <= r.closed_ms "
    "WHERE r.closed_ms IS NOT NULL AND r.stats IS NOT NULL AND q.stored_uuid IS NULL AND (?1 IS NULL OR r.name = ?1) "
    "AND (?2 IS NULL OR c.kiosk_id = ?2) "
    "GROUP BY r.name, c.kiosk_id ORDER BY r.closed_ms, c.kiosk_id";

void rounds_copy_warnings(struct county *c, const char *name, cJSON *doc)
{
    sqlite3 *db = county_db(c);
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(db, copies_frozen_sql, -1, &q, NULL) != SQLITE_OK) {
        sqlite3_finalize(q); /* (an older schema, read-only: no caught kiosks) */
        return;
    }
    if (name) sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
    cJSON *en = cJSON_GetObjectItem(doc, "warnings"), *zh = cJSON_GetObjectItem(doc, "warnings_zh");
    while (sqlite3_step(q) == SQLITE_ROW) {
        if (!en) en = cJSON_AddArrayToObject(doc, "warnings");
        if (!zh) zh = cJSON_AddArrayToObject(doc, "warnings_zh");
        const char *r = (const char *)sqlite3_column_text(q, 0), *k = (const char *)sqlite3_column_text(q, 1),
                   *o = (const char *)sqlite3_column_text(q, 2);
        long long n = sqlite3_column_int64(q, 4);
        char *e = jh_sprintf("round %s was closed before kiosk %s was caught holding kiosk %s's answers (a copy: the "
                             "same response UUIDs): the frozen figures of round %s (junheng stats --round %s, and "
                             "the trend) count %lld responses of kiosk %s that are copies, now in quarantine. Frozen "
                             "figures are not changed afterwards: to correct them, make the county database again "
                             "from the bundles without kiosk %s's files and close round %s again (docs/bureau.md, "
                             "\"Copied answers\")",
                             r, k, o, r, r, n, k, k, r);
        char *z = jh_sprintf("轮次“%s”结束之后，才查出答题机 %s 持有答题机 %s 的答卷（副本：答卷编号 UUID 相同）："
                             "轮次“%s”冻结的统计数字（junheng stats --round %s 以及趋势）计入了答题机 %s 的 %lld "
                             "份副本答卷，现已隔离。冻结的数字以后不会改变：要更正，请不用答题机 %s 的文件，从导出"
                             "文件重新建立县级数据库，并重新结束轮次“%s”（见 docs/bureau.md）",
                             r, k, o, r, r, k, n, k, r);
        cJSON_AddItemToArray(en, cJSON_CreateString(e));
        cJSON_AddItemToArray(zh, cJSON_CreateString(z));
        free(e);
        free(z);
    }
    sqlite3_finalize(q);
}

int64_t rounds_copies_frozen(struct county *c, const char *kiosk, char *round, size_t n)
{
    sqlite3 *db = county_db(c);
    sqlite3_stmt *q = NULL;
    int64_t total = 0;
    if (n) round[0] = 0;
    if (sqlite3_prepare_v2(db, copies_frozen_sql, -1, &q, NULL) == SQLITE_OK &&
        sqlite3_bind_text(q, 2, kiosk, -1, SQLITE_STATIC) == SQLITE_OK)
        while (sqlite3_step(q) == SQLITE_ROW) {
            total += sqlite3_column_int64(q, 4);
            if (n) snprintf(round, n, "%s", (const char *)sqlite3_column_text(q, 0));
        }
    sqlite3_finalize(q);
    return total;
}

/* ---- trend ---------------------------------------------------------------- */

static cJSON *dup(const cJSON *o)
{
    return o ? cJSON_Duplicate(o, true) : cJSON_CreateNull();
}

static const char *str_or(const cJSON *o, const char *path, const char *def)
{
    const cJSON *v = stats_json_path(o, path);
    return cJSON_IsString(v) ? v->valuestring : def;
}

/* The schools of a trend entry by code: what cJSON_GetObjectItemCaseSensitive
 * finds in the entry's "schools" (the first member of that name), looked up
 * in a hash table instead of along the 2,000 members for every satisfaction
 * rate and every failed indicator of a school (issue 20: this made the trend
 * quadratic in the schools). */
typedef struct {
    const char **key;     /* borrowed from the members' names; NULL: empty */
    cJSON **o;
    size_t n_slots;       /* a power of two, more than twice the members */
} school_index_t;

static void school_index_make(school_index_t *x, cJSON *schools)
{
    size_t n = (size_t)cJSON_GetArraySize(schools), ns = 16;
    while (ns < 2 * n + 2) ns *= 2;
    x->n_slots = ns;
    x->key = jh_xcalloc(ns, sizeof *x->key);
    x->o = jh_xcalloc(ns, sizeof *x->o);
    for (cJSON *e = schools->child; e; e = e->next) {
        if (!e->string) continue;
        size_t sl = jh_str_hash(e->string) & (ns - 1);
        while (x->key[sl] && strcmp(x->key[sl], e->string)) sl = (sl + 1) & (ns - 1);
        if (x->key[sl]) continue; /* a second member of that name: the first is found */
        x->key[sl] = e->string;
        x->o[sl] = e;
    }
}

static cJSON *school_index_get(const school_index_t *x, const char *code)
{
    size_t sl = jh_str_hash(code) & (x->n_slots - 1);
    while (x->key[sl]) {
        if (!strcmp(x->key[sl], code)) return x->o[sl];
        sl = (sl + 1) & (x->n_slots - 1);
    }
    return NULL;
}

cJSON *rounds_trend_entry(const cJSON *doc, const char *name, int64_t since_ms, bool frozen)
{
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "round", name);
    cJSON_AddNumberToObject(e, "since_ms", (double)since_ms);
    cJSON_AddBoolToObject(e, "frozen", frozen);
    /* when a closed round's statistics were computed (the open round's time
     * is the document's own generated_at) */
    if (frozen) cJSON_AddItemToObject(e, "generated_at", dup(stats_json_path(doc, "generated_at")));
    /* the rules its basic figures were computed under: a document from
     * before the setting used the quality minimum for both sets */
    const char *btp = cJSON_GetStringValue(stats_json_path(doc, "options.basic_teaching_points"));
    cJSON_AddStringToObject(e, "basic_teaching_points", btp ? btp : "threshold");
    cJSON_AddItemToObject(e, "min_teaching_point", dup(stats_json_path(doc, "options.min_teaching_point")));
    cJSON *sr = cJSON_AddObjectToObject(e, "social_recognition");
    cJSON_AddItemToObject(sr, "rate", dup(stats_json_path(doc, "verdicts.social_recognition.rate")));
    cJSON_AddItemToObject(sr, "pass", dup(stats_json_path(doc, "verdicts.social_recognition.pass")));
    /* the questionnaires the rate was computed on: not those held out of it
     * (schools not in the register); a document from before the count
     * was kept: the valid ones less those held out */
    const cJSON *nq = stats_json_path(doc, "satisfaction.county.n_questionnaires");
    const cJSON *valid = stats_json_path(doc, "responses.valid");
    const cJSON *held = stats_json_path(doc, "responses.held_out_unregistered");
    if (cJSON_IsNumber(nq))
        cJSON_AddNumberToObject(e, "questionnaires", nq->valuedouble);
    else if (cJSON_IsNumber(valid) && cJSON_IsNumber(held))
        cJSON_AddNumberToObject(e, "questionnaires", valid->valuedouble - held->valuedouble);
    else
        cJSON_AddItemToObject(e, "questionnaires", dup(valid));
    cJSON *cv = cJSON_AddObjectToObject(e, "cv");
    for (int l = 0; l < 2; l++) {
        const char *lv = l ? "junior" : "primary";
        char path[64];
        snprintf(path, sizeof path, "balance.%s", lv);
        const cJSON *b = stats_json_path(doc, path);
        cJSON *o = (cJSON_AddObjectToObject)(cv, lv);
        const cJSON *q;
        cJSON_ArrayForEach(q, stats_json_path(b, "quality"))
            (cJSON_AddItemToObject)(o, str_or(q, "code", "?"), dup(stats_json_path(q, "cv")));
        cJSON_AddItemToObject(o, "basic_composite", dup(stats_json_path(b, "basic_composite.cv")));
        cJSON_AddItemToObject(o, "schools_compliant", dup(stats_json_path(b, "schools_compliant")));
        cJSON_AddItemToObject(o, "n_schools", dup(stats_json_path(b, "n_schools")));
    }
    /* each school: compliance (all its parts), satisfaction, failed evaluation indicators */
    cJSON *schools = cJSON_AddObjectToObject(e, "schools");
    const cJSON *s;
    cJSON_ArrayForEach(s, stats_json_path(doc, "schools"))
    {
        if (cJSON_IsTrue(stats_json_path(s, "excluded"))) continue;
        cJSON *o = (cJSON_AddObjectToObject)(schools, str_or(s, "code", "?"));
        cJSON_AddStringToObject(o, "name", str_or(s, "name", ""));
        int parts = 0, pass = 0, unknown = 0;
        const cJSON *p;
        cJSON_ArrayForEach(p, stats_json_path(s, "parts"))
        {
            parts++;
            const cJSON *v = stats_json_path(p, "compliance.pass");
            if (cJSON_IsTrue(v)) pass++;
            else if (!cJSON_IsFalse(v)) unknown++;
        }
        if (parts == 0 || unknown)
            cJSON_AddNullToObject(o, "compliant");
        else
            cJSON_AddBoolToObject(o, "compliant", pass == parts);
        cJSON_AddNullToObject(o, "satisfaction");
        cJSON_AddArrayToObject(o, "eval_fail");
    }
    school_index_t index;
    school_index_make(&index, schools);
    cJSON_ArrayForEach(s, stats_json_path(doc, "satisfaction.by_school"))
    {
        cJSON *o = school_index_get(&index, str_or(s, "school_code", "?"));
        if (!o) continue;
        const cJSON *r = stats_json_path(s, "answers.rate");
        if (cJSON_IsNumber(r) && !cJSON_IsTrue(stats_json_path(s, "suppressed")))
            cJSON_ReplaceItemInObject(o, "satisfaction", cJSON_CreateNumber(r->valuedouble));
    }
    cJSON *ev = cJSON_AddObjectToObject(e, "evaluation");
    cJSON_AddItemToObject(ev, "overall", dup(stats_json_path(doc, "evaluation.overall.verdict")));
    cJSON_AddItemToObject(ev, "reason_zh", dup(stats_json_path(doc, "evaluation.overall.reason_zh")));
    cJSON_AddItemToObject(ev, "veto", dup(stats_json_path(doc, "evaluation.veto.verdict")));
    const cJSON *part, *ind, *sc;
    cJSON *pv = cJSON_AddObjectToObject(ev, "parts");
    cJSON *iv = cJSON_AddObjectToObject(ev, "indicators");
    cJSON_ArrayForEach(part, stats_json_path(doc, "evaluation.parts"))
    {
        (cJSON_AddItemToObject)(pv, str_or(part, "code", "?"), dup(stats_json_path(part, "verdict")));
        cJSON_ArrayForEach(ind, stats_json_path(part, "indicators"))
        {
            (cJSON_AddItemToObject)(iv, str_or(ind, "code", "?"), dup(stats_json_path(ind, "verdict")));
            cJSON_ArrayForEach(sc, stats_json_path(ind, "schools"))
            {
                if (strcmp(str_or(sc, "verdict", ""), "fail")) continue;
                cJSON *o = school_index_get(&index, str_or(sc, "code", "?"));
                cJSON *list = o ? cJSON_GetObjectItem(o, "eval_fail") : NULL;
                if (!list) continue;
                const char *code = str_or(ind, "code", "?");
                bool seen = false;
                const cJSON *x;
                cJSON_ArrayForEach(x, list) seen = seen || !strcmp(x->valuestring, code);
                if (!seen) cJSON_AddItemToArray(list, cJSON_CreateString(code));
            }
        }
    }
    free(index.key);
    free(index.o);
    return e;
}

static bool has_code(const cJSON *list, const char *code)
{
    const cJSON *x;
    cJSON_ArrayForEach(x, list) if (cJSON_IsString(x) && !strcmp(x->valuestring, code)) return true;
    return false;
}

/* The entry of `code` in a statistics document's "schools" (NULL when the
 * register has no such school). */
static const cJSON *doc_school(const cJSON *doc, const char *code)
{
    const cJSON *s;
    cJSON_ArrayForEach(s, stats_json_path(doc, "schools")) if (!strcmp(str_or(s, "code", ""), code)) return s;
    return NULL;
}

/* What changed for each school of `cur` (the trend entry of `doc`, this
 * round's document) since `prev`, then each school of `prev` that is no
 * longer in cur: left the register (closed, merged, its code corrected:
 * the code a school of the same name has now, if any) or the figures
 * (excluded now: a small teaching point, a private school …). */
static cJSON *changes(const cJSON *prev, const cJSON *cur, const cJSON *doc)
{
    cJSON *out = cJSON_CreateArray();
    const cJSON *s;
    cJSON_ArrayForEach(s, stats_json_path(cur, "schools"))
    {
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(stats_json_path(prev, "schools"), s->string);
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "code", s->string);
        cJSON_AddStringToObject(o, "name", str_or(s, "name", ""));
        cJSON_AddBoolToObject(o, "new_school", p == NULL);
        const cJSON *a = p ? stats_json_path(p, "compliant") : NULL, *b = stats_json_path(s, "compliant");
        const char *comp = !p                                  ? "new"
                           : cJSON_IsBool(a) && cJSON_IsBool(b) ? (cJSON_IsTrue(a) == cJSON_IsTrue(b)
                                                                      ? (cJSON_IsTrue(b) ? "still_compliant"
                                                                                         : "still_not_compliant")
                                                                  : cJSON_IsTrue(b) ? "now_compliant"
                                                                                    : "no_longer_compliant")
                                                                : "unknown";
        cJSON_AddStringToObject(o, "compliance", comp);
        static const struct {
            const char *code, *zh;
        } zh[] = {{"new", "新增学校"},
                  {"still_compliant", "保持达标"},
                  {"still_not_compliant", "仍未达标"},
                  {"now_compliant", "新达标"},
                  {"no_longer_compliant", "不再达标"},
                  {"unknown", "无法比较"}};
        for (size_t i = 0; i < sizeof zh / sizeof zh[0]; i++)
            if (!strcmp(zh[i].code, comp)) cJSON_AddStringToObject(o, "compliance_zh", zh[i].zh);
        const cJSON *ra = p ? stats_json_path(p, "satisfaction") : NULL, *rb = stats_json_path(s, "satisfaction");
        cJSON_AddItemToObject(o, "satisfaction_before", dup(ra));
        cJSON_AddItemToObject(o, "satisfaction_now", dup(rb));
        if (cJSON_IsNumber(ra) && cJSON_IsNumber(rb))
            cJSON_AddNumberToObject(o, "satisfaction_change", rb->valuedouble - ra->valuedouble);
        else
            cJSON_AddNullToObject(o, "satisfaction_change");
        cJSON *fixed = cJSON_AddArrayToObject(o, "indicators_now_met");
        cJSON *broke = cJSON_AddArrayToObject(o, "indicators_now_failed");
        const cJSON *x;
        if (p) {
            cJSON_ArrayForEach(x, stats_json_path(p, "eval_fail")) if (!has_code(stats_json_path(s, "eval_fail"), x->valuestring))
                cJSON_AddItemToArray(fixed, cJSON_CreateString(x->valuestring));
            cJSON_ArrayForEach(x, stats_json_path(s, "eval_fail")) if (!has_code(stats_json_path(p, "eval_fail"), x->valuestring))
                cJSON_AddItemToArray(broke, cJSON_CreateString(x->valuestring));
        }
        cJSON_AddItemToArray(out, o);
    }
    const cJSON *now = stats_json_path(cur, "schools");
    cJSON_ArrayForEach(s, stats_json_path(prev, "schools"))
    {
        if (cJSON_GetObjectItemCaseSensitive(now, s->string)) continue;
        const cJSON *d = doc_school(doc, s->string);
        const char *name = str_or(s, "name", "");
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "code", s->string);
        cJSON_AddStringToObject(o, "name", name);
        cJSON_AddBoolToObject(o, "new_school", false);
        if (d) {
            const char *why = str_or(d, "exclusion_reason_zh", "");
            cJSON_AddStringToObject(o, "compliance", "left_figures");
            char *zh = jh_sprintf("不再参评（%s）", why[0] ? why : "本轮不参与计算");
            cJSON_AddStringToObject(o, "compliance_zh", zh);
            free(zh);
        } else {
            /* a school new this round (its code not in prev) of the same
             * name is most likely the same school, its code corrected;
             * named only when it is the only one (two schools may share a
             * name all along) */
            const cJSON *x, *other = NULL;
            int n_other = 0;
            const cJSON *before = stats_json_path(prev, "schools");
            cJSON_ArrayForEach(x, now) if (name[0] && !strcmp(str_or(x, "name", ""), name) &&
                                           !cJSON_GetObjectItemCaseSensitive(before, x->string))
            {
                other = x;
                n_other++;
            }
            if (n_other != 1) other = NULL;
            cJSON_AddStringToObject(o, "compliance", "left_register");
            char *zh = other ? jh_sprintf("不在本轮名册（同名学校现在的代码为 %s）", other->string)
                             : jh_sprintf("不在本轮名册（停办、合并或学校代码更正）");
            cJSON_AddStringToObject(o, "compliance_zh", zh);
            free(zh);
            if (other) cJSON_AddStringToObject(o, "code_now", other->string);
        }
        cJSON_AddItemToObject(o, "satisfaction_before", dup(stats_json_path(s, "satisfaction")));
        cJSON_AddNullToObject(o, "satisfaction_now");
        cJSON_AddNullToObject(o, "satisfaction_change");
        cJSON_AddArrayToObject(o, "indicators_now_met");
        cJSON_AddArrayToObject(o, "indicators_now_failed");
        cJSON_AddItemToArray(out, o);
    }
    return out;
}

/* The rules of a round's statistics that its figures and verdicts depend
 * on beyond the teaching points: social recognition's threshold (0.85 for
 * a document from before it was recorded) and method (answers or
 * questionnaires), and the qualification baseline of L1 — null when no
 * school of the register gives its teachers by degree (the register's own
 * count of teachers above the qualification was used, whatever the
 * baseline). */
static cJSON *rules_of(const cJSON *doc)
{
    cJSON *o = cJSON_CreateObject();
    const cJSON *thr = stats_json_path(doc, "verdicts.social_recognition.threshold");
    cJSON_AddNumberToObject(o, "threshold", cJSON_IsNumber(thr) ? thr->valuedouble : 0.85);
    cJSON_AddStringToObject(o, "recognition_method", str_or(doc, "verdicts.social_recognition.method", "answers"));
    bool by_degree = false;
    const cJSON *s;
    cJSON_ArrayForEach(s, stats_json_path(doc, "schools"))
    {
        static const char *const k[] = {"raw.teachers_college", "raw.teachers_bachelor", "raw.teachers_postgraduate"};
        for (int i = 0; i < 3; i++) by_degree = by_degree || cJSON_IsNumber(stats_json_path(s, k[i]));
        if (by_degree) break;
    }
    const cJSON *qb = stats_json_path(doc, "options.qualification_baseline");
    if (by_degree && cJSON_IsObject(qb))
        cJSON_AddItemToObject(o, "qualification_baseline", cJSON_Duplicate(qb, true));
    else
        cJSON_AddNullToObject(o, "qualification_baseline");
    /* The survey rules a round frozen before them lacks (review fstats9
     * item 2): the public's answers counted for the county only
     * (methods.public_scope, session 23; before, also for the school whose
     * kiosk took them) and a questionnaire answered 不了解 throughout not
     * valid (responses.no_rated_answer; before, valid). */
    rounds_survey_rules(doc, o);
    return o;
}

void rounds_survey_rules(const cJSON *doc, cJSON *into)
{
    cJSON_AddStringToObject(into, "public_scope", stats_json_path(doc, "methods.public_scope") ? "county" : "school");
    cJSON_AddStringToObject(into, "dont_know_questionnaires",
                            stats_json_path(doc, "responses.no_rated_answer") ? "not_valid" : "valid");
}

/* What of the rules of trend entry e differs from those of cur (the
 * current round's entry): "teaching_points", "threshold",
 * "recognition_method", "qualification_baseline" (both rounds with a
 * baseline in use, and different ones), "public_scope",
 * "dont_know_questionnaires" (a round frozen under the earlier survey
 * rules). */
static cJSON *rules_differ(const cJSON *e, const cJSON *cur)
{
    cJSON *d = cJSON_CreateArray();
    if (strcmp(str_or(e, "basic_teaching_points", ""), str_or(cur, "basic_teaching_points", "")) ||
        !cJSON_Compare(stats_json_path(e, "min_teaching_point"), stats_json_path(cur, "min_teaching_point"), true))
        cJSON_AddItemToArray(d, cJSON_CreateString("teaching_points"));
    const cJSON *a = stats_json_path(e, "rules.threshold"), *b = stats_json_path(cur, "rules.threshold");
    if (cJSON_IsNumber(a) && cJSON_IsNumber(b) && fabs(a->valuedouble - b->valuedouble) > 1e-9)
        cJSON_AddItemToArray(d, cJSON_CreateString("threshold"));
    if (strcmp(str_or(e, "rules.recognition_method", ""), str_or(cur, "rules.recognition_method", "")))
        cJSON_AddItemToArray(d, cJSON_CreateString("recognition_method"));
    a = stats_json_path(e, "rules.qualification_baseline");
    b = stats_json_path(cur, "rules.qualification_baseline");
    if (cJSON_IsObject(a) && cJSON_IsObject(b) && !cJSON_Compare(a, b, true))
        cJSON_AddItemToArray(d, cJSON_CreateString("qualification_baseline"));
    static const char *const survey_rules[] = {"public_scope", "dont_know_questionnaires"};
    for (int k = 0; k < 2; k++) {
        char path[64];
        snprintf(path, sizeof path, "rules.%s", survey_rules[k]);
        if (strcmp(str_or(e, path, ""), str_or(cur, path, "")))
            cJSON_AddItemToArray(d, cJSON_CreateString(survey_rules[k]));
    }
    return d;
}

jh_status_t rounds_trend(struct county *c, const cJSON *current, cJSON **out, jh_err_t *err)
{
    *out = NULL;
    round_t *r = NULL;
    int n = 0;
    jh_status_t st = rounds_list(c, &r, &n, err);
    if (st != JH_OK) return st;
    cJSON *t = cJSON_CreateObject();
    cJSON *list = cJSON_AddArrayToObject(t, "rounds");
    const char *cur_name = "";
    int64_t cur_since = 0;
    for (int i = 0; i < n; i++) {
        if (r[i].closed_ms == 0) {
            cur_name = r[i].name;
            cur_since = r[i].since_ms;
            continue;
        }
        cJSON *doc = NULL;
        if ((st = rounds_frozen(c, r[i].name, &doc, err)) != JH_OK) {
            cJSON_Delete(t);
            free(r);
            return st;
        }
        if (doc) {
            cJSON *e = rounds_trend_entry(doc, r[i].name, r[i].since_ms, true);
            cJSON_AddItemToObject(e, "rules", rules_of(doc));
            cJSON_AddItemToArray(list, e);
        }
        cJSON_Delete(doc);
    }
    cJSON *cur = rounds_trend_entry(current, cur_name, cur_since, false);
    cJSON_AddItemToArray(list, cur);
    int k = cJSON_GetArraySize(list);
    /* (a trend of one round compares nothing: its entry stays as it was, so
     * that the statistics of a county without rounds do not change) */
    if (k >= 2) cJSON_AddItemToObject(cur, "rules", rules_of(current));
    /* rounds whose rules differ from this round's: their figures (the basic
     * composite, L1) or verdicts (social recognition) do not compare with
     * it; each entry says what differs (rules.differs) */
    cJSON *differ = cJSON_AddArrayToObject(t, "rules_differ");
    cJSON *e;
    cJSON_ArrayForEach(e, list)
    {
        if (e == cur) {
            if (k >= 2) cJSON_AddArrayToObject(cJSON_GetObjectItem(e, "rules"), "differs");
            continue;
        }
        cJSON *d = rules_differ(e, cur);
        if (cJSON_GetArraySize(d) > 0) cJSON_AddItemToArray(differ, cJSON_CreateString(str_or(e, "round", "")));
        cJSON_AddItemToObject(cJSON_GetObjectItem(e, "rules"), "differs", d);
    }
    if (k >= 2) {
        const cJSON *prev = cJSON_GetArrayItem(list, k - 2);
        cJSON_AddStringToObject(t, "previous_round", str_or(prev, "round", ""));
        cJSON_AddItemToObject(t, "changes", changes(prev, cJSON_GetArrayItem(list, k - 1), current));
    } else {
        cJSON_AddNullToObject(t, "previous_round");
        cJSON_AddArrayToObject(t, "changes");
    }
    free(r);
    *out = t;
    return JH_OK;
}

bool rounds_parse_date(const char *s, int64_t *ms)
{
    int y, m, d;
    char tail;
    if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || y < 2000 || y > 2200 || m < 1 ||
        m > 12 || d < 1)
        return false;
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d > mdays[m - 1] + (m == 2 && leap)) return false;
    /* days since 1970-01-01 (civil from days, Howard Hinnant's algorithm) */
    int yy = y - (m <= 2);
    int era = yy / 400;
    int yoe = yy - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    int64_t days = (int64_t)era * 146097 + doe - 719468;
    *ms = (days * 86400 - 8 * 3600) * 1000; /* 00:00 Beijing time */
    return true;
}
