/* report_json.c - typed member access and O(1) in-order array walking over
 * the statistics document, shared by the HTML report and the workbook. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "report_json.h"

#include "jh.h"

#define CURSORS 8 /* arrays walked at once (loops nest: schools, units, indicators) */

/* ---- static prototypes ---------------------------------------------------- */

static void trace_init(void);

/* ---- static state --------------------------------------------------------- */

/* Per thread: `junheng report` writes the workbook on a second thread
 * while the HTML documents are built. */
static _Thread_local struct {
    const cJSON *arr;  /* borrowed: the array walked */
    const cJSON *node; /* borrowed: its element i */
    int i;
    unsigned long used; /* when last used (clock below) */
} cur[CURSORS];
/* Counts the uses: a new array takes the cursor used longest ago, so the
 * outer loops' arrays (2,000 schools) keep theirs while inner loops walk a
 * new short array for every school (round robin took the schools' cursor
 * away every few schools, and each step back was a walk from the start). */
static _Thread_local unsigned long clock_uses;
/* JH_REPORT_TRACE (rjson_trace) */
static pthread_once_t trace_once = PTHREAD_ONCE_INIT;
static bool trace_on;
static struct timespec trace_t0; /* the first call's monotonic time */

/* ---- public functions ----------------------------------------------------- */

const cJSON *rjson_at(const cJSON *arr, int i)
{
    if (!arr) return NULL;
    clock_uses++;
    for (int k = 0; k < CURSORS; k++) {
        if (cur[k].arr != arr || !cur[k].node) continue;
        cur[k].used = clock_uses;
        if (i == cur[k].i) return cur[k].node;
        if (i == cur[k].i + 1) {
            cur[k].node = cur[k].node->next;
            cur[k].i = i;
            return cur[k].node;
        }
        if (i == 0) break;
    }
    const cJSON *node = cJSON_GetArrayItem(arr, i);
    int k = 0;
    while (k < CURSORS && cur[k].arr != arr) k++;
    if (k == CURSORS) {
        k = 0;
        for (int m = 1; m < CURSORS; m++)
            if (cur[m].used < cur[k].used) k = m;
    }
    cur[k].arr = arr;
    cur[k].node = node;
    cur[k].i = i;
    cur[k].used = clock_uses;
    return node;
}

void rjson_reset(void)
{
    memset(cur, 0, sizeof cur);
}

const cJSON *rjson_get(const cJSON *o, const char *key)
{
    return o ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
}

double rjson_num(const cJSON *o, const char *key)
{
    const cJSON *v = rjson_get(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

const char *rjson_str(const cJSON *o, const char *key)
{
    const cJSON *v = rjson_get(o, key);
    return cJSON_IsString(v) && v->valuestring ? v->valuestring : "";
}

bool rjson_bool(const cJSON *o, const char *key)
{
    return cJSON_IsTrue(rjson_get(o, key));
}

const char *rjson_role_zh(const char *role)
{
    if (!strcmp(role, "parent")) return "家长";
    if (!strcmp(role, "teacher")) return "教师";
    if (!strcmp(role, "student")) return "学生";
    if (!strcmp(role, "principal")) return "校长";
    if (!strcmp(role, "public")) return "社会公众";
    return role;
}

const char *rjson_round_zh(const char *round, char *out, size_t n)
{
    if (!round) round = "";
    bool year = strlen(round) == 4;
    for (int i = 0; year && i < 4; i++) year = round[i] >= '0' && round[i] <= '9';
    snprintf(out, n, year ? "%s年" : "%s", round);
    return out;
}

const char *rjson_rate_name_zh(const cJSON *root, const cJSON *e)
{
    if (cJSON_IsString(rjson_get(e, "rate_name_zh"))) return rjson_str(e, "rate_name_zh");
    if (!rjson_get(e, "topic_zh") || rjson_get(e, "text_zh")) return "满意率";
    /* a topic of an older document: the names of its items (by_item),
     * those of its role's questionnaires and of its version */
    const char *name = NULL;
    const cJSON *it, *sv;
    cJSON_ArrayForEach(it, rjson_get(rjson_get(root, "satisfaction"), "by_item"))
    {
        if (strcmp(rjson_str(it, "topic"), rjson_str(e, "topic"))) continue;
        if (cJSON_IsString(rjson_get(e, "version")) != cJSON_IsString(rjson_get(it, "version")) ||
            (cJSON_IsString(rjson_get(e, "version")) &&
             (strcmp(rjson_str(e, "version"), rjson_str(it, "version")) ||
              strcmp(rjson_str(e, "survey_id"), rjson_str(it, "survey_id")))))
            continue;
        if (cJSON_IsString(rjson_get(e, "role"))) {
            const char *aud = NULL;
            cJSON_ArrayForEach(sv, rjson_get(root, "surveys"))
                if (!strcmp(rjson_str(sv, "id"), rjson_str(it, "survey_id"))) aud = rjson_str(sv, "audience");
            if (!aud || strcmp(aud, rjson_str(e, "role"))) continue;
        }
        /* (an item without a name: a document written before items were
         * named, when every rate was a satisfaction rate) */
        const char *its = rjson_rate_name_zh(root, it);
        if (!name)
            name = its;
        else if (strcmp(name, its))
            return "满意答案比例";
    }
    return name ? name : "满意答案比例";
}

const char *rjson_group_count_key(const cJSON *group)
{
    if (rjson_get(group, "n_questionnaires")) return "n_questionnaires";
    if (rjson_get(group, "n_answers")) return "n_answers";
    return "n_answers_max_item";
}

bool rjson_hidden_complementary(const cJSON *group)
{
    return !strcmp(rjson_str(group, "suppressed_reason"), "complementary");
}

/* A Chinese (CJK) character at p, which is the start of a UTF-8 sequence. */
static bool is_cjk(const unsigned char *p)
{
    if ((p[0] & 0xF0) != 0xE0 || !p[1] || !p[2]) return false;
    unsigned cp = ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF);
}

/* The pieces of a bilingual text that hold a Chinese character (zh) or
 * none (!zh); see rjson_zh_text. */
static char *lang_pieces(const char *text, bool zh)
{
    jh_buf_t out = {0};
    const char *p = text ? text : "";
    jh_buf_puts(&out, "");
    while (*p) {
        /* one piece: up to and including its end mark */
        const char *q = p;
        bool cjk = false;
        while (*q) {
            if (is_cjk((const unsigned char *)q)) cjk = true;
            if (!strncmp(q, "。", 3)) {
                q += 3;
                break;
            }
            if ((*q == '.' || *q == ';') && (q[1] == ' ' || !q[1])) {
                q++;
                break;
            }
            q++;
        }
        if (cjk == zh) {
            /* (Chinese pieces join without a space; English ones keep the
             * space between them, only the first one's is dropped) */
            const char *a = p;
            while (*a == ' ' && (zh || !out.len)) a++;
            jh_buf_append(&out, a, (size_t)(q - a));
        }
        p = q;
    }
    /* no trailing space */
    while (out.len > 0 && out.data[out.len - 1] == ' ') out.data[--out.len] = '\0';
    return jh_buf_take(&out);
}

char *rjson_zh_text(const char *text)
{
    return lang_pieces(text, true);
}

char *rjson_en_text(const char *text)
{
    char *en = lang_pieces(text, false);
    if (en[0] || !text) return en;
    free(en);
    return jh_strdup(text);
}

/* An ISO time "2026-11-30T02:24:20Z" as the date and time in Beijing
 * (UTC+8 all year; no time zone database needed): "2026年11月30日",
 * "10:24".  The text as it is when it cannot be read. */
void rjson_beijing_time(const char *iso, char *date, size_t dsize, char *time, size_t tsize)
{
    struct tm tm;
    snprintf(date, dsize, "%s", iso);
    snprintf(time, tsize, "%s", "");
    if (!jh_iso_beijing(iso, &tm)) return;
    snprintf(date, dsize, "%d年%d月%d日", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    snprintf(time, tsize, "%02d:%02d", tm.tm_hour, tm.tm_min);
}


void rjson_trace(const char *what)
{
    pthread_once(&trace_once, trace_init);
    if (!trace_on) return;
    struct timespec w, c, p;
    clock_gettime(CLOCK_MONOTONIC, &w);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &p);
    double wall = (double)(w.tv_sec - trace_t0.tv_sec) * 1e3 + (double)(w.tv_nsec - trace_t0.tv_nsec) / 1e6;
    fprintf(stderr, "report trace: %8.1f ms wall, CPU %8.1f ms (this thread %8.1f ms): %s\n", wall,
            (double)p.tv_sec * 1e3 + (double)p.tv_nsec / 1e6, (double)c.tv_sec * 1e3 + (double)c.tv_nsec / 1e6,
            what);
}

/* ---- static functions ----------------------------------------------------- */

static void trace_init(void)
{
    trace_on = getenv("JH_REPORT_TRACE") != NULL;
    clock_gettime(CLOCK_MONOTONIC, &trace_t0);
}
