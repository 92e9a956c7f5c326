/* stats_gen.c - test helper: plays a kiosk with the store API and exports a
 * bundle, deterministically from a seed (answers, times, flags), so merge
 * and stats tests have real signed bundles without the SDL kiosk.
 *
 *   stats_gen DB KIOSK_ID SCHOOL LEVEL LOCALITY N_PARENTS N_TEACHERS SEED OUTDIR full|incremental
 *             [N_STUDENTS N_PUBLIC]
 *   stats_gen --fingerprint DB     (prints the kiosk key's fingerprint, as its admin screen)
 *   stats_gen --sample DB          (prints the kiosk's own sample, store_sample, as its admin screen)
 *
 * Writes N_PARENTS + N_TEACHERS (+ N_STUDENTS + N_PUBLIC) questionnaires
 * (about one in twelve abandoned halfway, about one in ten answered too
 * fast), exports, and prints the bundle's path.  Running it again on the
 * same DB adds more responses; "incremental" then exports only those.
 * The respondent's locality item, where a questionnaire has one, is
 * answered with the school's locality seven times in ten.
 *
 * Environment (first run on a DB): JH_GEN_COUNTY (county code, default
 * 360701), JH_GEN_SCHOOL_NAME (default: the school code), JH_GEN_SURVEYS (a
 * folder with parent.json and teacher.json, and student.json and
 * public.json when those groups are asked for; default
 * tests/fixtures/surveys-1.0, the frozen 1.0 questionnaires, which have no
 * student or public questionnaire: give data/surveys for those).
 * Hand-checkable runs (issue 18): JH_GEN_SCALE=K answers every scale item
 * with its option K, nobody is too fast and nobody abandons at random;
 * JH_GEN_LOCALITY=CODE answers the locality item with CODE;
 * JH_GEN_ABANDON=N adds N parents who leave after the first question;
 * JH_GEN_CHOICE=ITEM=CODE[,ITEM=CODE…] answers those choice items with CODE
 * (review rgroups7: the public's identity, the parents' family), and CODE
 * "-" leaves the item unanswered.
 * Comments (review rprivacy): JH_GEN_COMMENT=WORD answers every free-text
 * item with "WORD ROLE KKK #NN" (NN: the how-manieth comment of the run, KKK
 * a scramble of it, so text order is not arrival order), and the
 * JH_GEN_ABANDON parents write "WORD abandoned #NN" before they leave. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "store.h"
#include "survey.h"

static uint64_t rng_state;
static const char *gen_locality = "urban"; /* the school's */

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

/* The free-text answer "WORD ROLE KKK #NN" (JH_GEN_COMMENT), or NULL. */
static const char *gen_comment(const char *role)
{
    static char buf[256];
    static int n;
    const char *word = getenv("JH_GEN_COMMENT");
    if (!word) return NULL;
    n++;
    if (role) snprintf(buf, sizeof buf, "%s %s %03d #%02d", word, role, (n * 389 + 17) % 1000, n);
    else snprintf(buf, sizeof buf, "%s abandoned #%02d", word, n);
    return buf;
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
        const char *fixed_loc = getenv("JH_GEN_LOCALITY"), *fixed_scale = getenv("JH_GEN_SCALE");
        if (it->locality) {
            /* the respondent's locality: mostly the school's (issue 18) */
            v = fixed_loc ? fixed_loc : pick(10) < 7 ? gen_locality : opts[pick(n)].code;
            goto answered;
        }
        const char *fixed_choice = getenv("JH_GEN_CHOICE");
        if (fixed_choice && it->type == SURVEY_ITEM_CHOICE) {
            /* "ITEM=CODE" in the comma-separated list */
            size_t il = strlen(it->id);
            const char *p = fixed_choice;
            bool hit = false;
            while (p && *p) {
                if (!strncmp(p, it->id, il) && p[il] == '=') {
                    static char code[64];
                    const char *c = p + il + 1;
                    size_t cl = strcspn(c, ",");
                    if (cl >= sizeof code) cl = sizeof code - 1;
                    memcpy(code, c, cl);
                    code[cl] = 0;
                    v = strcmp(code, "-") ? code : NULL;
                    hit = true;
                    break;
                }
                p = strchr(p, ',');
                if (p) p++;
            }
            if (hit) goto answered;
        }
        if (fixed_scale && it->type == SURVEY_ITEM_SCALE) {
            int k = atoi(fixed_scale);
            v = opts[k >= 0 && k < n ? k : n - 1].code;
            goto answered;
        }
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
        case SURVEY_ITEM_TEXT: v = gen_comment(role); break;
        }
    answered:
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
    if (argc == 3 && !strcmp(argv[1], "--sample")) {
        /* The kiosk's own sample (its admin screen's 样本情况, store_sample). */
        jh_crypto_init();
        jh_err_t err = {0};
        store_t *st = NULL;
        if (store_open(argv[2], 1790000000000LL, &st, NULL, &err) != JH_OK) return fail("open", &err);
        store_sample_t sm;
        if (store_sample(st, &sm, &err) != JH_OK) {
            store_close(st);
            return fail("sample", &err);
        }
        printf("valid %lld not_valid %lld abandoned %lld\n", (long long)sm.valid, (long long)sm.not_valid,
               (long long)sm.abandoned);
        for (int i = 0; i < sm.n_roles; i++)
            printf("%s valid %lld not_valid %lld\n", sm.by_role[i].role, (long long)sm.by_role[i].valid,
                   (long long)sm.by_role[i].not_valid);
        store_close(st);
        return 0;
    }
    if (argc != 11 && argc != 13) {
        fprintf(stderr, "usage: stats_gen DB KIOSK_ID SCHOOL LEVEL LOCALITY N_PARENTS N_TEACHERS SEED "
                        "OUTDIR full|incremental [N_STUDENTS N_PUBLIC]\n");
        return 2;
    }
    int n_students = argc == 13 ? atoi(argv[11]) : 0, n_public = argc == 13 ? atoi(argv[12]) : 0;
    bool fixed = getenv("JH_GEN_SCALE") != NULL;
    int n_abandon = getenv("JH_GEN_ABANDON") ? atoi(getenv("JH_GEN_ABANDON")) : 0;
    gen_locality = argv[5];
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
    /* parent, teacher, student, public: the last two only when asked for */
    static const char *const roles[4] = {"parent", "teacher", "student", "public"};
    int counts_by_role[4] = {n_parents, n_teachers, n_students, n_public};
    survey_t *sv[4] = {NULL, NULL, NULL, NULL};
    const char *dir = getenv("JH_GEN_SURVEYS") ? getenv("JH_GEN_SURVEYS") : JH_SOURCE_DIR "/tests/fixtures/surveys-1.0";
    for (int i = 0; i < 4; i++) {
        if (i >= 2 && counts_by_role[i] == 0) continue;
        char file[1024];
        snprintf(file, sizeof file, "%s/%s.json", dir, roles[i]);
        if (survey_load_file(file, NULL, &sv[i], NULL, &err) != JH_OK) return fail(file, &err);
        if (store_survey_register(st, sv[i], &err) != JH_OK) return fail("register", &err);
    }
    int bias = 55 + (int)(rnd() % 35); /* the school's "quality" */
    for (int i = 0; i < n_parents + n_teachers; i++) {
        bool parent = i < n_parents;
        bool abandon = pick(12) == 0, fast = !abandon && pick(10) == 0;
        if (fixed) abandon = fast = false;
        t += 300000 + pick(60000);
        if (answer(st, parent ? sv[0] : sv[1], parent ? "parent" : "teacher", &t, bias, abandon, fast, &err))
            return fail("answer", &err);
    }
    for (int r = 2; r < 4; r++)
        for (int i = 0; i < counts_by_role[r]; i++) {
            bool abandon = pick(12) == 0, fast = !abandon && pick(10) == 0;
            if (fixed) abandon = fast = false;
            t += 300000 + pick(60000);
            if (answer(st, sv[r], roles[r], &t, bias, abandon, fast, &err)) return fail("answer", &err);
        }
    for (int i = 0; i < n_abandon; i++) {
        t += 300000 + pick(60000);
        store_draft_t d;
        store_draft_init(&d, sv[0], "parent", "zh-CN", t);
        t += 5000;
        store_draft_set(&d, 0, survey_item_options(&sv[0]->items[0], &(int){0})[0].code, t);
        const char *cm = gen_comment(NULL);
        for (int k = 0; cm && k < sv[0]->n_items; k++)
            if (sv[0]->items[k].type == SURVEY_ITEM_TEXT) store_draft_set(&d, k, cm, t);
        if (store_draft_save(st, &d, t, &err) != JH_OK ||
            store_draft_finish(st, &d, STORE_ABANDONED, t + 1000, &err) != JH_OK)
            return fail("abandon", &err);
        store_draft_free(&d);
    }
    bundle_export_info_t info;
    t += 60000;
    if (bundle_export(st, outdir, full, t, &info, &err) != JH_OK) return fail("export", &err);
    printf("%s\n", info.path);
    for (int i = 0; i < 4; i++) survey_free(sv[i]);
    store_close(st);
    return 0;
}
