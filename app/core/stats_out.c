/* stats_out.c - writing the statistics: stats_json_print(), the text
 * cJSON_Print() gives for a document, byte for byte and several times faster
 * (issue 20: printing the ~23 MB statistics of a 2,000-school county
 * through cJSON_Print cost a seventh of `junheng stats`), and
 * stats_write_out(), stats.json and the CSV files on two threads. */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <float.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "stats.h"

typedef struct {
    char *p;      /* the text so far, or since the last flush (owned) */
    size_t len;   /* bytes used */
    size_t cap;   /* bytes allocated */
    char dp;      /* the locale's decimal point, written as '.' (as cJSON does) */
    int fd;       /* >= 0: flushed to this file when full, else kept whole */
    int werr;     /* errno of a failed write (0: none) */
    off_t written; /* bytes flushed to fd so far */
} out_t;

/* Writes out what o holds to its file, and has the kernel start writing
 * that piece to the disk now (the fsync at the end then waits for less:
 * the disk writes while the rest is printed). */
static void flush(out_t *o)
{
    off_t from = o->written;
    if (!o->werr) {
        if (jh_write_all(o->fd, o->p, o->len))
            o->written += (off_t)o->len;
        else
            o->werr = errno;
    }
#ifdef SYNC_FILE_RANGE_WRITE
    if (!o->werr && o->written > from) sync_file_range(o->fd, from, o->written - from, SYNC_FILE_RANGE_WRITE);
#endif
    o->len = 0;
}

/* Room for n more bytes and the final NUL. */
static inline char *room(out_t *o, size_t n)
{
    if (o->len + n + 1 > o->cap) {
        if (o->fd >= 0) flush(o);
        size_t cap = o->cap ? o->cap : 1 << 16;
        while (o->len + n + 1 > cap) cap *= 2;
        if (cap != o->cap) {
            o->p = jh_xrealloc(o->p, cap);
            o->cap = cap;
        }
    }
    return o->p + o->len;
}

static inline void put(out_t *o, const char *s, size_t n)
{
    memcpy(room(o, n), s, n);
    o->len += n;
}

static inline void put_c(out_t *o, char c)
{
    *room(o, 1) = c;
    o->len++;
}

static void tabs(out_t *o, size_t n)
{
    memset(room(o, n), '\t', n);
    o->len += n;
}

/* print_string_ptr of cJSON: '"', '\\' and bytes below 32 escaped (the
 * usual short forms, else \u00xx in lowercase hex); every other byte, UTF-8
 * included, as it is; NULL as "". */
static void put_string(out_t *o, const char *str)
{
    put_c(o, '"');
    if (str) {
        const unsigned char *s = (const unsigned char *)str, *run = s;
        for (;; s++) {
            unsigned char c = *s;
            if (c > 31 && c != '"' && c != '\\') continue;
            if (s > run) put(o, (const char *)run, (size_t)(s - run));
            run = s + 1;
            if (!c) break;
            char e[8];
            size_t n = 2;
            e[0] = '\\';
            switch (c) {
            case '\\': e[1] = '\\'; break;
            case '"': e[1] = '"'; break;
            case '\b': e[1] = 'b'; break;
            case '\f': e[1] = 'f'; break;
            case '\n': e[1] = 'n'; break;
            case '\r': e[1] = 'r'; break;
            case '\t': e[1] = 't'; break;
            default:
                n = (size_t)snprintf(e, sizeof e, "\\u%04x", c);
                break;
            }
            put(o, e, n);
        }
    }
    put_c(o, '"');
}

/* print_number of cJSON 1.7.15: NaN and infinities as null; otherwise 15
 * significant digits ("%1.15g") when they give the value back (within
 * DBL_EPSILON relative), else 17.  Whole numbers below 10^15 come out of
 * "%1.15g" as their digits ("-0" for minus zero): written here without
 * printf, the hot case (counts). */
static void put_number(out_t *o, const cJSON *item)
{
    double d = item->valuedouble;
    if (isnan(d) || isinf(d)) {
        put(o, "null", 4);
        return;
    }
    if (fabs(d) < 1e15 && d == trunc(d)) {
        char b[24], *e = b + sizeof b, *q = e;
        uint64_t u = (uint64_t)fabs(d);
        do *--q = (char)('0' + u % 10);
        while (u /= 10);
        if (signbit(d)) *--q = '-';
        put(o, q, (size_t)(e - q));
        return;
    }
    char b[32];
    double test = 0;
    int n;
    if (o->dp == '.' && (n = jh_fmt_g(b, d, 15)) > 0) {
        /* the same test without printf and scanf (strtod is what %lg reads with) */
        test = strtod(b, NULL);
        if (!(fabs(test - d) <= fmax(fabs(test), fabs(d)) * DBL_EPSILON) && !(n = jh_fmt_g(b, d, 17)))
            n = snprintf(b, sizeof b, "%1.17g", d);
    } else {
        n = snprintf(b, sizeof b, "%1.15g", d);
        if (sscanf(b, "%lg", &test) != 1 || !(fabs(test - d) <= fmax(fabs(test), fabs(d)) * DBL_EPSILON))
            n = snprintf(b, sizeof b, "%1.17g", d);
    }
    if (n < 0 || (size_t)n >= sizeof b) n = 0;
    for (int i = 0; i < n; i++)
        if (b[i] == o->dp) b[i] = '.';
    put(o, b, (size_t)n);
}

static bool put_value(out_t *o, const cJSON *item, size_t depth)
{
    switch (item->type & 0xFF) {
    case cJSON_NULL:
        put(o, "null", 4);
        return true;
    case cJSON_False:
        put(o, "false", 5);
        return true;
    case cJSON_True:
        put(o, "true", 4);
        return true;
    case cJSON_Number:
        put_number(o, item);
        return true;
    case cJSON_Raw:
        if (!item->valuestring) return false;
        put(o, item->valuestring, strlen(item->valuestring));
        return true;
    case cJSON_String:
        put_string(o, item->valuestring);
        return true;
    case cJSON_Array:
        /* formatted arrays stay on one line: "[a, b]" */
        put_c(o, '[');
        for (const cJSON *e = item->child; e; e = e->next) {
            if (!put_value(o, e, depth + 1)) return false;
            if (e->next) put(o, ", ", 2);
        }
        put_c(o, ']');
        return true;
    case cJSON_Object:
        put(o, "{\n", 2);
        for (const cJSON *e = item->child; e; e = e->next) {
            tabs(o, depth + 1);
            put_string(o, e->string);
            put(o, ":\t", 2);
            if (!put_value(o, e, depth + 1)) return false;
            if (e->next) put_c(o, ',');
            put_c(o, '\n');
        }
        tabs(o, depth);
        put_c(o, '}');
        return true;
    default:
        return false;
    }
}

char *stats_json_print(const cJSON *doc, size_t *len)
{
    out_t o = {.fd = -1};
    struct lconv *lc = localeconv();
    o.dp = lc && lc->decimal_point ? lc->decimal_point[0] : '.';
    if (!doc || !put_value(&o, doc, 0)) {
        free(o.p);
        return NULL;
    }
    room(&o, 0)[0] = '\0';
    if (len) *len = o.len;
    return o.p;
}

/* stats_json_as_printed with the locale's decimal point dp. */
static void as_printed(cJSON *item, char dp)
{
    for (; item; item = item->next) {
        if (cJSON_IsTrue(item)) item->valueint = 1; /* as the parser makes "true" */
        if (cJSON_IsNumber(item)) {
            double d = item->valuedouble;
            if (isnan(d) || isinf(d)) {
                /* "null": a null item (the flags on its name kept) */
                item->type = (item->type & (cJSON_IsReference | cJSON_StringIsConst)) | cJSON_NULL;
                item->valuedouble = 0;
                item->valueint = 0;
            } else if (fabs(d) < 1e15 && d == trunc(d)) {
                cJSON_SetNumberValue(item, d); /* its digits, which read back as d ("-0" as -0) */
            } else {
                char b[32];
                if (dp != '.' || !jh_fmt_g(b, d, 15)) snprintf(b, sizeof b, "%1.15g", d);
                double test = strtod(b, NULL);
                /* 17 digits read back as d itself */
                cJSON_SetNumberValue(item, fabs(test - d) <= fmax(fabs(test), fabs(d)) * DBL_EPSILON ? test : d);
            }
        }
        if (item->child) as_printed(item->child, dp);
    }
}

void stats_json_as_printed(cJSON *doc)
{
    struct lconv *lc = localeconv();
    as_printed(doc, lc && lc->decimal_point ? lc->decimal_point[0] : '.');
}

typedef struct {
    const cJSON *doc;
    bool printed;     /* false: doc holds an item cJSON could not print either */
} json_job_t;

/* Prints the document to fd in pieces of a megabyte: an emitter of
 * jh_write_file_durable_with. */
static bool emit_json(void *ctx, int fd)
{
    json_job_t *j = ctx;
    out_t o = {.fd = fd, .cap = 1 << 20};
    struct lconv *lc = localeconv();
    o.dp = lc && lc->decimal_point ? lc->decimal_point[0] : '.';
    o.p = jh_xmalloc(o.cap);
    j->printed = put_value(&o, j->doc, 0);
    flush(&o);
    free(o.p);
    if (!j->printed && !o.werr) o.werr = EINVAL;
    errno = o.werr;
    return o.werr == 0;
}

jh_status_t stats_write_json(const cJSON *doc, const char *path, jh_err_t *err)
{
    json_job_t jj = {.doc = doc, .printed = true};
    jh_status_t st = jh_write_file_durable_with(path, emit_json, &jj, err);
    if (!jj.printed)
        st = jh_err_set(err, JH_ERR_IO, _("%s: the statistics could not be printed as JSON"), path);
    return st;
}

typedef struct {
    const cJSON *doc;
    const char *dir;
    int part;         /* stats_write_csv_part's */
    jh_err_t err;
    jh_status_t st;
} csv_job_t;

static void *csv_thread(void *arg)
{
    csv_job_t *j = arg;
    j->st = stats_write_csv_part(j->doc, j->dir, j->part, &j->err);
    return NULL;
}

jh_status_t stats_write_out(const cJSON *doc, const char *dir, jh_err_t *err)
{
    jh_status_t st = jh_mkdir_p(dir, err);
    if (st != JH_OK) return st;
    /* Everything into a temporary folder in dir first, then moved into place
     * as one set (jh_place_set): a full disk half-way leaves the older set
     * whole, never new CSV files beside an older stats.json. */
    /* (first what killed runs left here: a folder no run holds any more) */
    jh_run_dir_sweep(dir, ".junheng-stats-", (long long)time(NULL));
    char *tmp = jh_sprintf("%s/.junheng-stats-XXXXXX", dir);
    if (!mkdtemp(tmp)) {
        st = jh_err_set(err, jh_status_from_errno(errno), _("%s: cannot create a temporary folder: %s"), dir,
                        strerror(errno));
        free(tmp);
        return st;
    }
    jh_run_dir_mark(tmp);          /* a run's: a later run's sweep may remove it once left */
    int tmp_lock = jh_dir_lock(tmp); /* in use: another run's sweep leaves it */
    /* The CSV files only read doc, as the printer does: they are made and
     * written beside it, in two parts on two threads (the JSON alone took
     * as long as either part: three threads keep both cores busy to the
     * end, and one's fsync overlaps the others' work); without threads,
     * one after the other. */
    csv_job_t job[2];
    pthread_t th[2];
    bool threaded[2];
    for (int i = 0; i < 2; i++) {
        job[i] = (csv_job_t){.doc = doc, .dir = tmp, .part = i, .st = JH_OK};
        threaded[i] = pthread_create(&th[i], NULL, csv_thread, &job[i]) == 0;
    }
    char *path = jh_sprintf("%s/stats.json", tmp);
    st = stats_write_json(doc, path, err);
    free(path);
    for (int i = 0; i < 2; i++) {
        if (threaded[i])
            pthread_join(th[i], NULL);
        else
            csv_thread(&job[i]);
        if (st == JH_OK && job[i].st != JH_OK) {
            *err = job[i].err;
            st = job[i].st;
        }
    }
    if (st != JH_OK) jh_err_show_target(err, tmp, dir); /* (a file as it would be named in dir) */
    /* the set: every file written (stats.json and the CSV files) */
    char **names = NULL;
    jh_placed_t *set = NULL;
    int n = 0, placed = -1;
    DIR *dh = st == JH_OK ? opendir(tmp) : NULL;
    if (st == JH_OK && !dh)
        st = jh_err_set(err, JH_ERR_IO, _("%s: cannot create a temporary folder: %s"), tmp, strerror(errno));
    for (struct dirent *de; dh && (de = readdir(dh));) {
        if (de->d_name[0] == '.') continue;
        names = jh_xrealloc(names, (size_t)(n + 1) * sizeof *names);
        names[n++] = jh_strdup(de->d_name);
    }
    if (dh) closedir(dh);
    if (st == JH_OK) {
        set = jh_xcalloc((size_t)(n ? n : 1), sizeof *set);
        for (int i = 0; i < n; i++) set[i] = (jh_placed_t){.name = names[i], .made = true};
        placed = jh_place_set(dir, tmp, set, n, err);
        if (placed != 0) st = err->status != JH_OK ? err->status : JH_ERR_IO;
    }
    if (st != JH_OK && placed != -2) {
        char msg[sizeof err->msg];
        snprintf(msg, sizeof msg, "%s", err->msg);
        jh_err_set(err, st, _("%s (nothing in %s was changed)"), msg, dir);
    }
    /* (kept when it holds older files that could not be put back: err says so) */
    if (placed != -2) jh_rm_tree(tmp);
    if (tmp_lock >= 0) close(tmp_lock);
    for (int i = 0; i < n; i++) free(names[i]);
    free(names);
    free(set);
    free(tmp);
    return st;
}
