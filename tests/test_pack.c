/* test_pack.c - the county pack: written and read back; a changed byte, a
 * school with a level the kiosk does not know, an invalid questionnaire
 * and a pack signed with another key than the trusted one are refused;
 * installing writes the questionnaires and the register and trusts the key. */
#include <sodium.h>
#include <sys/stat.h>

#include "check.h"
#include "pack.h"
#include "store.h"
#include "test_store_util.h"

#define T0 1795000000000LL

static char dir[512];

static char *survey_text(void)
{
    size_t len = 0;
    return tu_read_source("tests/store/mini-survey.json", &len);
}

static void test_roundtrip_and_tamper(void)
{
    unsigned char sk[64], pk[32];
    crypto_sign_keypair(pk, sk);
    pack_school_t schools[2] = {{"3607020003", "石桥九年一贯制学校", "nine_year", "town", 0},
                                {"3607010001", "青山县城关第一小学", "primary", "urban", 0}};
    char *sv = survey_text();
    char *texts[1] = {sv};
    char path[700];
    snprintf(path, sizeof path, "%s/%s", dir, PACK_FILE_NAME);
    jh_err_t err = {0};
    CHECK_INT(JH_OK, pack_write(path, sk, "360702", schools, 2, NULL, texts, 1, T0, &err));
    pack_t *p = NULL;
    CHECK_INT(JH_OK, pack_read(path, &p, &err));
    if (p) {
        CHECK_STR("360702", p->county_code);
        CHECK_INT(2, p->n_schools);
        CHECK_STR("3607010001", p->schools[0].code); /* sorted by code */
        CHECK_STR("石桥九年一贯制学校", p->schools[1].name);
        CHECK_INT(1, p->n_surveys);
        CHECK_STR("parent-mini", p->survey_ids[0]);
        char fp[64];
        store_fingerprint_of(pk, fp);
        CHECK_STR(fp, p->fingerprint);
    }
    pack_free(p);
    /* One character of a school name changed after signing. */
    char *text = NULL;
    size_t len = 0;
    CHECK_INT(JH_OK, jh_read_file(path, &text, &len, &err));
    char *at = text ? strstr(text, "石桥") : NULL;
    CHECK(at != NULL);
    if (at) {
        at[0] = (char)0xE7; /* 石 -> another character with the same lead byte pattern */
        at[2] = (char)(at[2] ^ 1);
        CHECK_INT(JH_OK, jh_write_file_atomic(path, text, len, &err));
        p = NULL;
        CHECK_INT(JH_ERR_FORGED, pack_read(path, &p, &err));
        CHECK_CONTAINS("the signature does not verify", err.msg);
        CHECK(p == NULL);
    }
    free(text);
    /* A level the kiosk does not know (signed, so it is the content that is refused). */
    pack_school_t bad[1] = {{"1", "某校", "senior", "urban", 0}};
    CHECK_INT(JH_OK, pack_write(path, sk, "360702", bad, 1, NULL, texts, 1, T0, &err));
    CHECK_INT(JH_ERR_INVALID, pack_read(path, &p, &err));
    CHECK_CONTAINS("school 1: expected code", err.msg);
    /* An invalid questionnaire is refused when writing. */
    char *broken[1] = {"{\"id\":\"x\"}"};
    CHECK_INT(JH_ERR_INVALID, pack_write(path, sk, "360702", schools, 2, NULL, broken, 1, T0, &err));
    free(sv);
}

static void test_install(void)
{
    unsigned char sk[64], pk[32], sk2[64], pk2[32];
    crypto_sign_keypair(pk, sk);
    crypto_sign_keypair(pk2, sk2);
    pack_school_t schools[1] = {{"3607020003", "石桥九年一贯制学校", "nine_year", "town", 0}};
    char *sv = survey_text();
    char *texts[1] = {sv};
    char path[700], path2[700], db[700], sdir[800];
    snprintf(path, sizeof path, "%s/good.json", dir);
    snprintf(path2, sizeof path2, "%s/other.json", dir);
    snprintf(db, sizeof db, "%s/kiosk.db", dir);
    snprintf(sdir, sizeof sdir, "%s.surveys", db);
    jh_err_t err = {0};
    CHECK_INT(JH_OK, pack_write(path, sk, "360702", schools, 1, NULL, texts, 1, T0, &err));
    CHECK_INT(JH_OK, pack_write(path2, sk2, "360702", schools, 1, NULL, texts, 1, T0, &err));
    store_t *st = NULL;
    CHECK_INT(JH_OK, store_open(db, T0, &st, NULL, &err));
    pack_t *p = NULL, *p2 = NULL;
    CHECK_INT(JH_OK, pack_read(path, &p, &err));
    CHECK_INT(JH_OK, pack_read(path2, &p2, &err));
    if (st && p && p2) {
        CHECK_INT(JH_OK, pack_install(st, path, p, sdir, &err));
        char *key = store_setting_get(st, "bureau_key"), *county = store_setting_get(st, "county_code"),
             *active = store_setting_get(st, "active_surveys");
        CHECK_STR(p->bureau_key_hex, key);
        CHECK_STR("360702", county);
        CHECK_STR("parent-mini", active);
        free(key);
        free(county);
        free(active);
        char f[900];
        snprintf(f, sizeof f, "%s/parent-mini.json", sdir);
        struct stat sb;
        CHECK(stat(f, &sb) == 0);
        snprintf(f, sizeof f, "%s.pack.json", db);
        CHECK(stat(f, &sb) == 0);
        /* Another bureau key: refused, nothing changed. */
        CHECK_INT(JH_ERR_FORGED, pack_install(st, path2, p2, sdir, &err));
        CHECK_CONTAINS("not with the bureau key this kiosk trusts", err.msg);
        key = store_setting_get(st, "bureau_key");
        CHECK_STR(p->bureau_key_hex, key);
        free(key);
        /* The config cannot set the trusted key. */
        char conf[800];
        snprintf(conf, sizeof conf, "%s/k.conf", dir);
        FILE *cf = fopen(conf, "w");
        fprintf(cf, "bureau_key = %s\n", p2->bureau_key_hex);
        fclose(cf);
        CHECK_INT(JH_ERR_INVALID, store_load_config(st, conf, T0, &err));
        CHECK_CONTAINS("unknown setting 'bureau_key'", err.msg);
    }
    pack_free(p);
    pack_free(p2);
    store_close(st);
    free(sv);
}

/* Review: reinstalling a pack kept nothing of the administrator's switches
 * (teacher switched off came back on).  A questionnaire installed before
 * and still in the pack keeps its switch; one new in the pack comes on. */
static void test_reinstall_keeps_switches(void)
{
    unsigned char sk[64], pk[32];
    crypto_sign_keypair(pk, sk);
    pack_school_t schools[1] = {{"3607020003", "石桥九年一贯制学校", "nine_year", "town", 0}};
    size_t len = 0;
    char *parent = tu_read_source("tests/fixtures/surveys-1.0/parent.json", &len),
         *teacher = tu_read_source("tests/fixtures/surveys-1.0/teacher.json", &len),
         *student = tu_read_source("data/surveys/student.json", &len);
    char *two[2] = {parent, teacher}, *three[3] = {parent, teacher, student};
    char path[700], path2[700], db[700], sdir[800];
    snprintf(path, sizeof path, "%s/sw1.json", dir);
    snprintf(path2, sizeof path2, "%s/sw2.json", dir);
    snprintf(db, sizeof db, "%s/switches.db", dir);
    snprintf(sdir, sizeof sdir, "%s.surveys", db);
    jh_err_t err = {0};
    CHECK_INT(JH_OK, pack_write(path, sk, "360702", schools, 1, NULL, two, 2, T0, &err));
    CHECK_INT(JH_OK, pack_write(path2, sk, "360702", schools, 1, NULL, three, 3, T0, &err));
    store_t *st = NULL;
    CHECK_INT(JH_OK, store_open(db, T0, &st, NULL, &err));
    pack_t *p = NULL, *p2 = NULL;
    CHECK_INT(JH_OK, pack_read(path, &p, &err));
    CHECK_INT(JH_OK, pack_read(path2, &p2, &err));
    if (st && p && p2) {
        CHECK_INT(JH_OK, pack_install(st, path, p, sdir, &err));
        char *active = store_setting_get(st, "active_surveys");
        CHECK_STR("parent-2026,teacher-2026", active);
        free(active);
        CHECK_INT(JH_OK, store_setting_set(st, "active_surveys", "parent-2026", &err)); /* teacher off */
        CHECK_INT(JH_OK, pack_install(st, path, p, sdir, &err));
        active = store_setting_get(st, "active_surveys");
        CHECK_STR("parent-2026", active);
        free(active);
        /* A new questionnaire in the next pack comes on; teacher stays off. */
        CHECK_INT(JH_OK, pack_install(st, path2, p2, sdir, &err));
        active = store_setting_get(st, "active_surveys");
        CHECK_STR("parent-2026,student-2026", active);
        free(active);
    }
    pack_free(p);
    pack_free(p2);
    store_close(st);
    free(parent);
    free(teacher);
    free(student);
}

/* Issue 18: the sample the bureau asks of each school and the county's
 * locality shares travel in the pack. */
static void test_sample_targets(void)
{
    /* 1.5 ‰ rounded up, at least 600 under 400,000. */
    CHECK_INT(600, pack_sample_required(350000));   /* 525 -> 600 */
    CHECK_INT(600, pack_sample_required(399999));
    CHECK_INT(600, pack_sample_required(400000));   /* exactly 1.5 ‰ */
    CHECK_INT(751, pack_sample_required(500001));   /* 750.0015 -> 751 */
    CHECK_INT(0, pack_sample_required(0));
    /* 600 shared by enrolment 1000 : 200 : 300 (: 0) -> 400, 80, 120, 0 */
    double enrol[4] = {1000, 200, 300, 0};
    int t[4];
    pack_sample_targets(350000, enrol, 4, t);
    CHECK_INT(400, t[0]);
    CHECK_INT(80, t[1]);
    CHECK_INT(120, t[2]);
    CHECK_INT(0, t[3]);
    /* shares that do not divide evenly round up: 600 · 1/3 = 200, 600 · 1/7 = 85.7 -> 86 */
    double e2[2] = {1, 6};
    pack_sample_targets(100000, e2, 2, t);
    CHECK_INT(86, t[0]);
    CHECK_INT(515, t[1]); /* 514.3 -> 515 */

    unsigned char sk[64], pk[32];
    crypto_sign_keypair(pk, sk);
    pack_school_t schools[2] = {{"3607020003", "石桥九年一贯制学校", "nine_year", "town", 86},
                                {"3607010001", "青山县城关第一小学", "primary", "urban", 0}};
    int permille[3] = {350, 250, 400};
    char *sv = survey_text();
    char *texts[1] = {sv};
    char path[700];
    snprintf(path, sizeof path, "%s/sample-%s", dir, PACK_FILE_NAME);
    jh_err_t err = {0};
    CHECK_INT(JH_OK, pack_write(path, sk, "360702", schools, 2, permille, texts, 1, T0, &err));
    pack_t *p = NULL;
    CHECK_INT(JH_OK, pack_read(path, &p, &err));
    if (p) {
        const pack_school_t *a = pack_school_find(p, "3607020003"), *b = pack_school_find(p, "3607010001");
        CHECK(a && b);
        if (a) CHECK_INT(86, a->sample_target);
        if (b) CHECK_INT(0, b->sample_target);
        CHECK(pack_school_find(p, "nope") == NULL);
        CHECK_INT(350, p->locality_permille[0]);
        CHECK_INT(250, p->locality_permille[1]);
        CHECK_INT(400, p->locality_permille[2]);
    }
    pack_free(p);
    /* shares that do not add up to 1000 ‰ are refused */
    int bad[3] = {350, 250, 300};
    CHECK_INT(JH_OK, pack_write(path, sk, "360702", schools, 2, bad, texts, 1, T0, &err));
    p = NULL;
    CHECK_INT(JH_ERR_INVALID, pack_read(path, &p, &err));
    CHECK_CONTAINS("locality_permille: the three shares add up to 900 ‰, expected 1000", err.msg);
    pack_free(p);
    free(sv);
}

int main(void)
{
    if (!jh_crypto_init()) return 2;
    tu_tempdir(dir, "pack");
    RUN(test_roundtrip_and_tamper);
    RUN(test_install);
    RUN(test_reinstall_keeps_switches);
    RUN(test_sample_targets);
    tu_rmtree(dir);
    CHECK_DONE();
}
