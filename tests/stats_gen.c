/* stats_gen.c - test helper: plays a kiosk with the store API and exports a
 * bundle, deterministically from a seed (answers, times, flags), so merge
 * and stats tests have real signed bundles without the SDL kiosk.
 *
 *   stats_gen DB KIOSK_ID SCHOOL LEVEL LOCALITY N_PARENTS N_TEACHERS SEED OUTDIR full|incremental
 *   stats_gen --fingerprint DB     (prints the kiosk key's fingerprint, as its admin screen)
 *
 * Writes N_PARENTS + N_TEACHERS questionnaires (about one in twelve
 * abandoned halfway, about one in ten answered too fast), exports, and
 * prints the bundle's path.  Running it again on the same DB adds more
 * responses; "incremental" then exports only those.
 *
 * Environment (first run on a DB): JH_GEN_COUNTY (county code, default
 * 360701), JH_GEN_SCHOOL_NAME (default: the school code), JH_GEN_SURVEYS (a
 * folder with parent.json and teacher.json; default tests/fixtures/surveys-1.0,
 * the frozen 1.0 questionnaires). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "store.h"
#include "survey.h"

static uint64_t rng_state;

static uint32_t rnd(void)
{
    /* xorshift64*: the same sequence on every machine */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (uint32_t)((rng_state * 2685821657736338717ull) >> 32);
}

static int pick(int n)
{
    return (int)(rnd() % (uint32_t)n);
}

static int fail(const char *what, const jh_err_t *err)
{
    fprintf(stderr, "stats_gen: %s: %s\n", what, err->msg);
    return 1;
}

/* Answers one questionnaire.  bias (0..99) raises the chance of satisfied answers. */
static int answer(store_t *st, const survey_t *s, const char *role, int64_t *t, int bias,
                  bool abandon, bool fast, jh_err_t *err)
{
    store_draft_t d;
    store_draft_init(&d, s, role, "zh-CN", *t);
    int step = fast ? 150 : 4000 + pick(3000);
    for (int i = 0; i < s->n_items; i++) {
        if (abandon && i > s->n_items / 2) break;
        survey_answers_t a = store_draft_answers(&d);
        if (!survey_item_visible(s, i, &a)) continue;
        const survey_item_t *it = &s->items[i];
        char buf[16];
        const char *v = NULL;
        int n;
        const survey_option_t *opts = survey_item_options(it, &n);
        switch (it->type) {
        case SURVEY_ITEM_SCALE: {
            /* 0..4 = satisfied, fairly, basic, dissatisfied, don't know */
            int r = pick(100);
            int k = r < bias ? pick(2) : r < bias + 15 ? 2 : r < 95 ? 3 : 4;
            v = opts[k < n ? k : n - 1].code;
            break;
        }
        case SURVEY_ITEM_CHOICE:
        case SURVEY_ITEM_YESNO:
        case SURVEY_ITEM_MULTI: v = opts[pick(n)].code; break;
        case SURVEY_ITEM_RATING:
            snprintf(buf, sizeof buf, "%d", pick(100) < bias ? 7 + pick(4) : pick(7));
            v = buf;
            break;
        case SURVEY_ITEM_TEXT: v = NULL; break;
        }
        if (!v) continue;
        *t += step;
        store_draft_set(&d, i, v, *t);
        if (store_draft_save(st, &d, *t, err) != JH_OK) {
            store_draft_free(&d);
            return 1;
        }
    }
    *t += step;
    jh_status_t rc = store_draft_finish(st, &d, abandon ? STORE_ABANDONED : STORE_SUBMITTED, *t, err);
    store_draft_free(&d);
    return rc != JH_OK;
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "--fingerprint")) {
        /* The key fingerprint the kiosk's admin screen shows. */
        jh_crypto_init();
        jh_err_t err = {0};
        store_t *st = NULL;
        if (store_open(argv[2], 1790000000000LL, &st, NULL, &err) != JH_OK) return fail("open", &err);
        char fp[64];
        store_key_fingerprint(st, fp);
        printf("%s\n", fp);
        store_close(st);
        return 0;
    }
    if (argc != 11) {
        fprintf(stderr, "usage: stats_gen DB KIOSK_ID SCHOOL LEVEL LOCALITY N_PARENTS N_TEACHERS SEED "
                        "OUTDIR full|incremental\n");
        return 2;
    }
    const char *db = argv[1], *kiosk = argv[2], *school = argv[3], *level = argv[4],
               *locality = argv[5], *outdir = argv[9];
    int n_parents = atoi(argv[6]), n_teachers = atoi(argv[7]);
    rng_state = 0x9E3779B97F4A7C15ull ^ (uint64_t)strtoull(argv[8], NULL, 10) * 7919u;
    bool full = !strcmp(argv[10], "full");
    jh_crypto_init();
    jh_err_t err = {0};
    store_t *st = NULL;
    /* Times from a fixed day plus the seed; later runs on the same DB start
     * after what is stored (the store's burst flag compares with the previous). */
    /* STATS_GEN_T0 (ms) moves the day, for tests of several rounds */
    const char *t0 = getenv("STATS_GEN_T0");
    int64_t t = (t0 ? strtoll(t0, NULL, 10) : 1790000000000LL) + (int64_t)(rnd() % 1000) * 60000;
    if (store_open(db, t, &st, NULL, &err) != JH_OK) return fail("open", &err);
    char *have = store_setting_get(st, "school_code");
    if (!have) {
        const char *county = getenv("JH_GEN_COUNTY"), *name = getenv("JH_GEN_SCHOOL_NAME");
        const char *kv[][2] = {{"school_code", school},   {"school_name", name ? name : school},
                               {"school_level", level},   {"locality", locality},
                               {"county_code", county ? county : "360701"}, {"kiosk_id", kiosk}};
        for (int i = 0; i < 6; i++)
            if (store_setting_set(st, kv[i][0], kv[i][1], &err) != JH_OK) return fail(kv[i][0], &err);
    }
    free(have);
    store_counts_t counts;
    if (store_counts(st, t, &counts, &err) != JH_OK) return fail("counts", &err);
    t += (counts.total + 1) * 400000LL; /* after earlier runs */
    survey_t *sv[2] = {NULL, NULL};
    const char *dir = getenv("JH_GEN_SURVEYS") ? getenv("JH_GEN_SURVEYS") : JH_SOURCE_DIR "/tests/fixtures/surveys-1.0";
    char parent_file[1024], teacher_file[1024];
    snprintf(parent_file, sizeof parent_file, "%s/parent.json", dir);
    snprintf(teacher_file, sizeof teacher_file, "%s/teacher.json", dir);
    const char *files[2] = {parent_file, teacher_file};
    for (int i = 0; i < 2; i++) {
        if (survey_load_file(files[i], NULL, &sv[i], NULL, &err) != JH_OK) return fail(files[i], &err);
        if (store_survey_register(st, sv[i], &err) != JH_OK) return fail("register", &err);
    }
    int bias = 55 + (int)(rnd() % 35); /* the school's "quality" */
    for (int i = 0; i < n_parents + n_teachers; i++) {
        bool parent = i < n_parents;
        bool abandon = pick(12) == 0, fast = !abandon && pick(10) == 0;
        t += 300000 + pick(60000);
        if (answer(st, parent ? sv[0] : sv[1], parent ? "parent" : "teacher", &t, bias, abandon, fast, &err))
            return fail("answer", &err);
    }
    bundle_export_info_t info;
    t += 60000;
    if (bundle_export(st, outdir, full, t, &info, &err) != JH_OK) return fail("export", &err);
    printf("%s\n", info.path);
    survey_free(sv[0]);
    survey_free(sv[1]);
    store_close(st);
    return 0;
}
