/* stats_bench.c - benchmark helper for the bureau tool.
 *
 *   stats_bench gen DIR N_BUNDLES PER_BUNDLE [V]  write valid signed bundles fast in format V
 *                                                 (1 to 3; by default the kiosk's, 3)
 *   stats_bench register FILE N_SCHOOLS           write a school register
 *   stats_bench parse DIR                         anchor (a): cJSON alone parses every bundle
 *   stats_bench read DIR                          bundle_read alone (parse + verify), for attribution
 *   stats_bench worker DIR                        the merge worker's work alone (read, hash, parse, verify)
 *   stats_bench sha DIR                           SHA-256 of every file (the re-merge floor)
 *   stats_bench ndjson DIR OUT                    every response as one NDJSON line (school added)
 *   stats_bench run LABEL CMD...                  run CMD, print wall time and peak RSS
 *
 * Bundles are written without the store's per-answer transactions but with
 * the same canonical texts and hashes: store_record_canonical and
 * store_chain_hash for the responses, the manifest in bundle.c's key order
 * (docs/bundle-format.md), signed with a per-kiosk Ed25519 key derived from
 * the bundle number.  Bundle i comes from kiosk K-B<i> at school B<i>;
 * answers follow the bundled questionnaires (show_if honoured). */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <fcntl.h>
#include <malloc.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bundle.h"
#include "store.h"
#include "survey.h"

static uint64_t rng = 88172645463325252ull;

static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 16);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_s(const struct rusage *ru)
{
    return (double)ru->ru_utime.tv_sec + (double)ru->ru_utime.tv_usec / 1e6 + (double)ru->ru_stime.tv_sec +
           (double)ru->ru_stime.tv_usec / 1e6;
}

static double self_cpu_s(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return cpu_s(&ru);
}

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* Appends "key":value pieces of the canonical manifest. */
static void put_key(jh_buf_t *b, const char *k, bool first)
{
    if (!first) jh_buf_puts(b, ",");
    store_json_put_string(b, k);
    jh_buf_puts(b, ":");
}

static void put_str(jh_buf_t *b, const char *k, const char *v, bool first)
{
    put_key(b, k, first);
    store_json_put_string(b, v);
}

static void put_int(jh_buf_t *b, const char *k, long long v, bool first)
{
    put_key(b, k, first);
    jh_buf_printf(b, "%lld", v);
}

static int gen(const char *dir, int n_bundles, int per, int version)
{
    if (version < 1 || version > BUNDLE_FORMAT_VERSION) {
        fprintf(stderr, "stats_bench: gen writes formats 1 to %d, not %d\n", BUNDLE_FORMAT_VERSION, version);
        return 2;
    }
    /* JH_BENCH_SEED: another stream of answers and UUIDs (two runs of the
     * same stream with other sizes fall into step: the same UUIDs under
     * other kiosk ids, which the merge refuses as copies) */
    const char *seed_env = getenv("JH_BENCH_SEED");
    if (seed_env && *seed_env) rng ^= (uint64_t)strtoull(seed_env, NULL, 10) * 0x9E3779B97F4A7C15ull;
    /* Formats 1 and 2 carry responses_sha256; a format 3 full bundle does
     * not (the chain up to the signed last_chain covers the texts).  The
     * responses are the same bytes in every version (the millisecond
     * times, which formats 2 and 3 still read). */
    bool all_texts = version < 3;
    survey_t *sv[2];
    jh_err_t err;
    const char *files[2] = {JH_SOURCE_DIR "/tests/fixtures/surveys-1.0/parent.json",
                             JH_SOURCE_DIR "/tests/fixtures/surveys-1.0/teacher.json"};
    for (int i = 0; i < 2; i++)
        if (survey_load_file(files[i], NULL, &sv[i], NULL, &err) != JH_OK) {
            fprintf(stderr, "stats_bench: %s\n", err.msg);
            return 1;
        }
    jh_mkdir_p(dir, &err);
    const char *locs[3] = {"urban", "town", "rural"};
    int64_t t0 = 1790000000000LL;
    jh_buf_t file = {0}, resp = {0}, man = {0};
    char **vals[2];
    for (int k = 0; k < 2; k++) vals[k] = calloc((size_t)sv[k]->n_items, sizeof(char *));
    store_answer_ref_t *ans = calloc(64, sizeof *ans);
    double t_start = now_s();
    long long total = 0;
    for (int bi = 0; bi < n_bundles; bi++) {
        char kiosk[32], school[32], seedtxt[32];
        snprintf(kiosk, sizeof kiosk, "K-B%05d", bi + 1);
        snprintf(school, sizeof school, "B%06d", bi + 1);
        snprintf(seedtxt, sizeof seedtxt, "bench-%d", bi);
        unsigned char seed[32], pk[32], sk[64];
        crypto_hash_sha256(seed, (const unsigned char *)seedtxt, strlen(seedtxt));
        crypto_sign_seed_keypair(pk, sk, seed);
        int bias = 60 + (int)(rnd() % 35);
        char prev[65] = "", chain[65] = "";
        crypto_hash_sha256_state hs;
        crypto_hash_sha256_init(&hs);
        int64_t t = t0 + (int64_t)bi * 1000;
        long long submitted = 0, abandoned = 0, flagged = 0;
        resp.len = 0;
        for (int r = 0; r < per; r++) {
            int which = rnd() % 5 == 0; /* one in five a teacher */
            const survey_t *s = sv[which];
            char **v = vals[which];
            bool abandon = rnd() % 25 == 0, fast = !abandon && rnd() % 20 == 0;
            int n_ans = 0;
            for (int i = 0; i < s->n_items; i++) {
                free(v[i]);
                v[i] = NULL;
            }
            for (int i = 0; i < s->n_items; i++) {
                if (abandon && i > s->n_items / 2) break;
                survey_answers_t a = {(const char *const *)v, s->n_items};
                if (!survey_item_visible(s, i, &a)) continue;
                const survey_item_t *it = &s->items[i];
                int n;
                const survey_option_t *o = survey_item_options(it, &n);
                char buf[8];
                const char *val = NULL;
                switch (it->type) {
                case SURVEY_ITEM_SCALE: {
                    int p = (int)(rnd() % 100);
                    int k = p < bias ? (int)(rnd() % 2) : p < bias + 15 ? 2 : p < 96 ? 3 : 4;
                    val = o[k < n ? k : n - 1].code;
                    break;
                }
                case SURVEY_ITEM_CHOICE:
                case SURVEY_ITEM_YESNO:
                case SURVEY_ITEM_MULTI: val = o[rnd() % (uint32_t)n].code; break;
                case SURVEY_ITEM_RATING:
                    snprintf(buf, sizeof buf, "%u", (unsigned)(rnd() % 100 < (uint32_t)bias ? 7 + rnd() % 4 : rnd() % 7));
                    val = buf;
                    break;
                default: break;
                }
                if (!val) continue;
                v[i] = jh_strdup(val);
                ans[n_ans].item_id = it->id;
                ans[n_ans].value = v[i];
                n_ans++;
            }
            char uuid[37];
            snprintf(uuid, sizeof uuid, "%08x-%04x-4%03x-8%03x-%08x%04x", rnd(), rnd() & 0xffff, rnd() & 0xfff,
                     rnd() & 0xfff, rnd(), rnd() & 0xffff);
            int64_t dur = fast ? 3000 : 60000 + (int64_t)(rnd() % 240000);
            t += 300000;
            store_record_t rec = {kiosk, r + 1, uuid, s->id, s->hash, which ? "teacher" : "parent", "zh-CN",
                                  t, t + dur, dur, abandon ? "abandoned" : "submitted",
                                  fast ? STORE_FLAG_TOO_FAST : "", ans, n_ans, NULL, 0};
            char *canon = store_record_canonical(&rec);
            store_chain_hash(prev, canon, chain);
            memcpy(prev, chain, sizeof chain);
            size_t cl = strlen(canon);
            if (all_texts) {
                crypto_hash_sha256_update(&hs, (const unsigned char *)canon, cl);
                crypto_hash_sha256_update(&hs, (const unsigned char *)"\n", 1);
            }
            jh_buf_append(&resp, canon, cl - 1);
            jh_buf_printf(&resp, ",\"chain\":\"%s\"}%s\n", chain, r + 1 < per ? "," : "");
            free(canon);
            submitted += !abandon;
            abandoned += abandon;
            flagged += fast;
        }
        unsigned char rh[32];
        crypto_hash_sha256_final(&hs, rh);
        char rhex[65], pkhex[65], fp[64], iso[32];
        jh_hex(rh, 32, rhex);
        jh_hex(pk, 32, pkhex);
        store_fingerprint_of(pk, fp);
        int64_t exported = t + 60000;
        jh_format_time(exported, iso);
        man.len = 0;
        jh_buf_puts(&man, "{");
        put_int(&man, "format_version", version, true);
        put_str(&man, "kind", "full", false);
        put_str(&man, "kiosk_id", kiosk, false);
        put_key(&man, "school", false);
        jh_buf_puts(&man, "{");
        put_str(&man, "code", school, true);
        put_str(&man, "name", school, false);
        put_str(&man, "level", bi % 3 == 1 ? "junior" : "primary", false);
        put_str(&man, "locality", locs[bi % 3], false);
        put_str(&man, "county_code", "360701", false);
        jh_buf_puts(&man, "}");
        put_key(&man, "kiosk", false);
        jh_buf_puts(&man, "{");
        put_str(&man, "idle_seconds", "", true);
        put_str(&man, "active_surveys", "", false);
        jh_buf_puts(&man, "}");
        put_int(&man, "exported_ms", exported, false);
        put_str(&man, "exported_at", iso, false);
        put_int(&man, "first_seq", 1, false);
        put_int(&man, "last_seq", per, false);
        put_int(&man, "n_responses", per, false);
        put_key(&man, "counts", false);
        jh_buf_puts(&man, "{");
        put_int(&man, "submitted", submitted, true);
        put_int(&man, "abandoned", abandoned, false);
        put_int(&man, "flagged", flagged, false);
        jh_buf_puts(&man, "}");
        put_str(&man, "prev_chain", "", false);
        put_str(&man, "last_chain", chain, false);
        if (all_texts) put_str(&man, "responses_sha256", rhex, false);
        put_key(&man, "surveys", false);
        jh_buf_puts(&man, "[");
        for (int k = 0; k < 2; k++) { /* ordered by id as bundle.c does */
            jh_buf_puts(&man, k ? ",{" : "{");
            put_str(&man, "id", sv[k]->id, true);
            put_str(&man, "version", sv[k]->version, false);
            put_str(&man, "hash", sv[k]->hash, false);
            put_str(&man, "definition", sv[k]->source_json, false);
            jh_buf_puts(&man, "}");
        }
        jh_buf_puts(&man, "]");
        put_str(&man, "public_key", pkhex, false);
        put_str(&man, "fingerprint", fp, false);
        jh_buf_puts(&man, "}");
        unsigned char sig[64];
        crypto_sign_detached(sig, NULL, (const unsigned char *)man.data, man.len, sk);
        char sighex[129];
        jh_hex(sig, 64, sighex);
        file.len = 0;
        jh_buf_puts(&file, "{\"format\":\"junheng-bundle\",\n\"manifest\":");
        jh_buf_append(&file, man.data, man.len);
        jh_buf_printf(&file, ",\n\"signature\":\"%s\",\n\"responses\":[\n", sighex);
        jh_buf_append(&file, resp.data, resp.len);
        jh_buf_puts(&file, "]}\n");
        char path[1024];
        snprintf(path, sizeof path, "%s/junheng-%s-full-1-%d.json", dir, kiosk, per);
        FILE *f = fopen(path, "wb");
        if (!f || fwrite(file.data, 1, file.len, f) != file.len || fclose(f) != 0) {
            fprintf(stderr, "stats_bench: cannot write %s\n", path);
            return 1;
        }
        total += file.len;
    }
    printf("generated %d bundles, %lld responses, %.1f MB in %.1f s\n", n_bundles, (long long)n_bundles * per,
           (double)total / 1e6, now_s() - t_start);
    for (int k = 0; k < 2; k++) {
        for (int i = 0; i < sv[k]->n_items; i++) free(vals[k][i]);
        free(vals[k]);
        survey_free(sv[k]);
    }
    free(ans);
    jh_buf_free(&file);
    jh_buf_free(&resp);
    jh_buf_free(&man);
    return 0;
}

static int reg(const char *path, int n)
{
    FILE *f = fopen(path, "w");
    if (!f) return 1;
    fprintf(f, "code,name,level,locality,enrolment,teachers,teachers_above_qualification,"
               "teachers_intermediate_title,backbone_teachers,pe_art_teachers,floor_area,sports_area,"
               "equipment_value,multimedia_classrooms,computers,books\n");
    const char *locs[3] = {"urban", "town", "rural"};
    for (int i = 0; i < n; i++) {
        int e = 124 + (int)(rnd() % 2200);
        fprintf(f, "B%06d,学校%d,%s,%s,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d\n", i + 1, i + 1,
                i % 3 == 1 ? "junior" : "primary", locs[i % 3], e, e / 18 + 3, e / 22, e / 40, e / 90,
                e / 100 + (int)(rnd() % 3), e * (4 + (int)(rnd() % 3)), e * (6 + (int)(rnd() % 6)),
                e * (1700 + (int)(rnd() % 1200)), e / 45 + 1, e / 8, e * (18 + (int)(rnd() % 20)));
    }
    return fclose(f) != 0;
}

/* Reads every *.json file of DIR into one buffer that is reused (grown,
 * never freed between files): the way a careful reader would, so that the
 * anchors below measure parsing and hashing, not the allocator or the
 * kernel's page zeroing.  Calls fn on each file; returns the file count or
 * -1.  Files are visited in name order, as junheng merge does. */
typedef int (*file_fn)(const char *name, const char *text, size_t len, void *ctx);

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of dir's *.json files in name order (the caller frees each and
 * the array), *n their count; NULL with *n = 0 when dir cannot be read. */
static char **json_names(const char *dir, size_t *n_out)
{
    *n_out = 0;
    DIR *d = opendir(dir);
    if (!d) return NULL;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 5, ".json")) continue;
        if (n == cap) names = jh_xrealloc(names, (cap = cap ? cap * 2 : 256) * sizeof *names);
        names[n++] = jh_strdup(e->d_name);
    }
    closedir(d);
    if (n) qsort(names, n, sizeof *names, name_cmp);
    *n_out = n;
    return names ? names : jh_xcalloc(1, sizeof *names);
}

static long each_file(const char *dir, file_fn fn, void *ctx)
{
    size_t n;
    char **names = json_names(dir, &n);
    if (!names) return -1;
    static char *buf;
    static size_t bufcap;
    long files = 0;
    for (size_t i = 0; i < n; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        int fd = open(path, O_RDONLY);
        struct stat st;
        if (fd < 0 || fstat(fd, &st) != 0) {
            fprintf(stderr, "stats_bench: cannot read %s\n", path);
            files = -1;
            if (fd >= 0) close(fd);
            break;
        }
        size_t len = (size_t)st.st_size;
        if (len + 1 > bufcap) {
            bufcap = (len + 1) * 5 / 4;
            free(buf);
            buf = jh_xmalloc(bufcap);
        }
        size_t got = 0;
        while (got < len) {
            ssize_t r = read(fd, buf + got, len - got);
            if (r <= 0) break;
            got += (size_t)r;
        }
        close(fd);
        buf[got] = '\0';
        if (fn(names[i], buf, got, ctx) != 0) {
            files = -1;
            break;
        }
        files++;
    }
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    return files;
}

static void report(const char *key, const char *label, double t0, double cpu0, long files, long long items)
{
    /* "BENCH key wall cpu rss" lines are read back by bench.sh for the ratios. */
    printf("BENCH %s: %ld files, %lld %s in %.2f s (CPU %.2f s), peak RSS %.1f MB\n", label, files, items,
           strcmp(key, "sha") ? "responses" : "bytes", now_s() - t0, self_cpu_s() - cpu0, peak_rss_kb() / 1024.0);
    printf("FIGURE %s %.3f %.3f %.1f\n", key, now_s() - t0, self_cpu_s() - cpu0, peak_rss_kb() / 1024.0);
}

static int parse_one(const char *name, const char *text, size_t len, void *ctx)
{
    cJSON *j = cJSON_ParseWithLength(text, len);
    if (!j) {
        fprintf(stderr, "stats_bench: %s is not valid JSON\n", name);
        return 1;
    }
    *(long long *)ctx += cJSON_GetArraySize(cJSON_GetObjectItem(j, "responses"));
    cJSON_Delete(j);
    return 0;
}

static int read_one(const char *name, const char *text, size_t len, void *ctx)
{
    bundle_t *bd = NULL;
    jh_err_t err;
    if (bundle_read_text(name, text, len, &bd, &err) != JH_OK) {
        fprintf(stderr, "stats_bench: %s\n", err.msg);
        return 1;
    }
    *(long long *)ctx += bd->n_responses;
    bundle_free(bd);
    return 0;
}

static int sha_one(const char *name, const char *text, size_t len, void *ctx)
{
    (void)name;
    char hex[65];
    jh_sha256_hex(text, len, hex);
    *(long long *)ctx += (long long)len;
    return 0;
}

/* parse DIR: (a) the parse floor, cJSON over every bundle, one reused buffer.
 * read DIR:  bundle_read alone (parse + verify), for attribution.
 * sha DIR:   SHA-256 over every file: what a re-merge of unchanged files
 *            must at least cost. */
static int anchor(const char *mode, const char *dir)
{
    if (!strcmp(mode, "read")) { /* as junheng merge does (tools/cmd_merge.c) */
        mallopt(M_MMAP_THRESHOLD, 64 * 1024 * 1024);
        mallopt(M_TRIM_THRESHOLD, 128 * 1024 * 1024);
    }
    file_fn fn = !strcmp(mode, "parse") ? parse_one : !strcmp(mode, "read") ? read_one : sha_one;
    const char *label = !strcmp(mode, "parse")  ? "(a) parse floor: cJSON alone, one reused buffer"
                        : !strcmp(mode, "read") ? "bundle_read alone (parse + verify, no database)"
                                                : "SHA-256 of every file, one reused buffer";
    long long items = 0;
    double t0 = now_s(), c0 = self_cpu_s();
    long files = each_file(dir, fn, &items);
    if (files < 0) return 1;
    report(mode, label, t0, c0, files, items);
    return 0;
}

/* worker DIR: what junheng merge's worker thread does with each file
 * (county_merge.c prepare_file, no database): read it into a fresh buffer,
 * SHA-256 it, parse and verify it with one questionnaire cache. */
static int worker(const char *dir)
{
    mallopt(M_MMAP_THRESHOLD, 64 * 1024 * 1024); /* as tools/cmd_merge.c */
    mallopt(M_TRIM_THRESHOLD, 128 * 1024 * 1024);
    size_t n;
    char **names = json_names(dir, &n);
    if (!names) return 1;
    bundle_cache_t *cache = bundle_cache_create();
    long long items = 0;
    long files = 0;
    double t0 = now_s(), c0 = self_cpu_s();
    for (size_t i = 0; i < n && files >= 0; i++) {
        char path[1024], sha[65];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        char *text = NULL;
        size_t len = 0;
        bundle_t *b = NULL;
        jh_err_t err;
        if (jh_read_file_max(path, BUNDLE_MAX_BYTES, &text, &len, &err) != JH_OK) {
            fprintf(stderr, "stats_bench: %s\n", err.msg);
            files = -1;
            break;
        }
        jh_sha256_hex(text, len, sha);
        if (bundle_read_owned(names[i], &text, len, sha, cache, &b, &err) != JH_OK) {
            fprintf(stderr, "stats_bench: %s\n", err.msg);
            files = -1;
        } else {
            items += b->n_responses;
            files++;
        }
        bundle_free(b);
    }
    bundle_cache_destroy(cache);
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    if (files < 0) return 1;
    report("worker", "merge worker's work alone (read, hash, parse, verify; no database)", t0, c0, files, items);
    return 0;
}

/* ndjson DIR OUT: every response of every bundle as one line of OUT, the
 * school code added ({"school":"…", …the response…}): the input the SQL
 * engines import.  Written once, not timed. */
static int ndjson_one(const char *name, const char *text, size_t len, void *ctx)
{
    cJSON *j = cJSON_ParseWithLength(text, len);
    const char *school = cJSON_GetStringValue(
        cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "manifest"), "school"), "code"));
    if (!school) {
        fprintf(stderr, "stats_bench: %s has no manifest.school.code\n", name);
        cJSON_Delete(j);
        return 1;
    }
    cJSON *r;
    cJSON_ArrayForEach(r, cJSON_GetObjectItem(j, "responses"))
    {
        cJSON_DeleteItemFromObject(r, "chain");
        cJSON_InsertItemInArray(r, 0, cJSON_CreateString(school)); /* keeps it first */
        cJSON *first = r->child;
        first->string = jh_strdup("school");
        char *line = cJSON_PrintUnformatted(r);
        fputs(line, (FILE *)ctx);
        fputc('\n', (FILE *)ctx);
        cJSON_free(line);
    }
    cJSON_Delete(j);
    return 0;
}

static int ndjson(const char *dir, const char *out)
{
    FILE *f = fopen(out, "w");
    if (!f) return 1;
    long files = each_file(dir, ndjson_one, f);
    return (fclose(f) != 0 || files < 0) ? 1 : 0;
}

static int run(const char *label, char **argv)
{
    double t = now_s();
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", 1);
        if (null >= 0) dup2(null, 1);
        execvp(argv[0], argv);
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0) return 1;
    printf("BENCH %s: %.2f s (CPU %.2f s), peak RSS %.1f MB, exit %d\n", label, now_s() - t, cpu_s(&ru),
           ru.ru_maxrss / 1024.0, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    /* the label's first word is the key bench.sh reads back */
    char key[64];
    snprintf(key, sizeof key, "%s", label);
    key[strcspn(key, " ")] = '\0';
    printf("FIGURE %s %.3f %.3f %.1f\n", key, now_s() - t, cpu_s(&ru), ru.ru_maxrss / 1024.0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    jh_crypto_init();
    if ((argc == 5 || argc == 6) && !strcmp(argv[1], "gen"))
        return gen(argv[2], atoi(argv[3]), atoi(argv[4]), argc == 6 ? atoi(argv[5]) : BUNDLE_FORMAT_VERSION);
    if (argc == 4 && !strcmp(argv[1], "register")) return reg(argv[2], atoi(argv[3]));
    if (argc == 3 && (!strcmp(argv[1], "parse") || !strcmp(argv[1], "read") || !strcmp(argv[1], "sha")))
        return anchor(argv[1], argv[2]);
    if (argc == 3 && !strcmp(argv[1], "worker")) return worker(argv[2]);
    if (argc == 4 && !strcmp(argv[1], "ndjson")) return ndjson(argv[2], argv[3]);
    if (argc >= 4 && !strcmp(argv[1], "run")) return run(argv[2], argv + 3);
    fprintf(stderr, "usage: stats_bench gen DIR N PER [VERSION] | register FILE N | parse|read|sha|worker DIR | ndjson DIR OUT | run LABEL CMD...\n");
    return 2;
}
