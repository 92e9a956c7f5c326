/* county.c - the county database: schema and migrations, the school
 * register, kiosk key pinning and the bundle-by-bundle merge. */
#include "county.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <pwd.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "bundle.h"
#include "county_codes.h"
#include "i18n.h"
#include "county_internal.h"
#include "schools.h"
#include "i18n.h"


/* ---- schema --------------------------------------------------------------- */

static jh_status_t county_open_as(const char *path, bool read_only, bool input, county_t **out, jh_err_t *err);
static bool folder_unwritable(const char *path);
static jh_status_t folder_fail(const char *path, jh_err_t *err);
static jh_status_t cantopen_fail(const char *path, const char *what, const char *sqlite_msg, jh_err_t *err);
static jh_status_t fds_fail(const char *path, const char *what, int e, jh_err_t *err);
static jh_status_t migrate_9(county_t *c, jh_err_t *err);
static jh_status_t migrate_10(county_t *c, jh_err_t *err);

/* Migration i brings user_version from i to i + 1 (county_open runs every
 * pending one in one transaction). */
static const char *migrations[] = {
    "PRAGMA application_id = 1246249806;" /* 'JHCN' */
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE kiosks("
    "  kiosk_id TEXT PRIMARY KEY,"
    "  public_key TEXT,"                 /* hex; NULL when pinned by fingerprint only */
    "  fingerprint TEXT NOT NULL,"
    "  school_code TEXT NOT NULL,"
    "  source TEXT NOT NULL,"            /* 'first_use' or 'keys_file' */
    "  pinned_ms INTEGER NOT NULL);"
    "CREATE INDEX kiosks_fingerprint ON kiosks(fingerprint);"
    "CREATE TABLE surveys("
    "  hash TEXT PRIMARY KEY,"
    "  survey_id TEXT NOT NULL, version TEXT, audience TEXT, method TEXT,"
    "  definition TEXT NOT NULL);"       /* canonical JSON the hash covers */
    "CREATE TABLE imports("
    "  id INTEGER PRIMARY KEY,"
    "  file TEXT NOT NULL, file_sha256 TEXT NOT NULL,"
    "  kiosk_id TEXT, school_code TEXT, kind TEXT, first_seq INTEGER, last_seq INTEGER,"
    "  n_responses INTEGER NOT NULL DEFAULT 0, n_new INTEGER NOT NULL DEFAULT 0,"
    "  n_duplicate INTEGER NOT NULL DEFAULT 0, n_quarantined INTEGER NOT NULL DEFAULT 0,"
    "  verdict TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '', imported_ms INTEGER NOT NULL);"
    "CREATE TABLE responses("
    "  id INTEGER PRIMARY KEY,"
    "  kiosk_id TEXT NOT NULL, seq INTEGER NOT NULL, uuid TEXT NOT NULL,"
    "  school_code TEXT NOT NULL, school_level TEXT, locality TEXT,"
    "  survey_id TEXT NOT NULL, survey_hash TEXT NOT NULL REFERENCES surveys(hash),"
    "  role TEXT NOT NULL, lang TEXT, started_ms INTEGER, ended_ms INTEGER, duration_ms INTEGER,"
    "  status TEXT NOT NULL, flags TEXT NOT NULL DEFAULT '', chain TEXT NOT NULL,"
    "  answers TEXT NOT NULL,"           /* JSON object item id -> value */
    "  import_id INTEGER NOT NULL REFERENCES imports(id),"
    "  UNIQUE(kiosk_id, seq));"
    "CREATE TABLE quarantine("
    "  id INTEGER PRIMARY KEY,"
    "  import_id INTEGER NOT NULL REFERENCES imports(id),"
    "  kiosk_id TEXT NOT NULL, seq INTEGER NOT NULL, uuid TEXT NOT NULL, chain TEXT NOT NULL,"
    "  stored_uuid TEXT, stored_chain TEXT, canonical TEXT, reason TEXT NOT NULL,"
    "  UNIQUE(kiosk_id, seq, uuid, chain));"
    "CREATE VIEW answers AS SELECT r.id AS response_id, j.key AS item_id, j.value AS value"
    "  FROM responses r, json_each(r.answers) j;"
    "CREATE TABLE schools("
    "  code TEXT PRIMARY KEY, name TEXT NOT NULL, level TEXT NOT NULL, locality TEXT NOT NULL,"
    "  kind TEXT NOT NULL, line INTEGER);"
    "CREATE TABLE school_values("
    "  code TEXT NOT NULL REFERENCES schools(code) ON DELETE CASCADE,"
    "  field TEXT NOT NULL, part TEXT NOT NULL, value REAL NOT NULL,"
    "  PRIMARY KEY(code, field, part)) WITHOUT ROWID;",
    /* 2: the questionnaire definitions the county accepts, one per id and
     * version ('official' from `junheng surveys`, or 'first_use': the
     * first one merged; existing databases pin what they met first). */
    "CREATE TABLE pinned_surveys("
    "  survey_id TEXT NOT NULL, version TEXT NOT NULL, hash TEXT NOT NULL,"
    "  source TEXT NOT NULL, file TEXT, pinned_ms INTEGER NOT NULL,"
    "  PRIMARY KEY(survey_id, version));"
    "INSERT OR IGNORE INTO pinned_surveys(survey_id, version, hash, source, pinned_ms)"
    "  SELECT survey_id, coalesce(version, ''), hash, 'first_use', 0 FROM surveys ORDER BY rowid;",
    /* 3: a re-merge looks a file up by its SHA-256 before reading it. */
    "CREATE INDEX imports_file_sha256 ON imports(file_sha256);",
    /* 4: the day a questionnaire ended (the kiosk's date, YYYY-MM-DD), so
     * an answer belongs to the round whose dates hold it; NULL for answers
     * merged before (their merge time decides then). */
    "ALTER TABLE responses ADD COLUMN day TEXT;",
    /* 5: the answers packed per item (issue 20): migrate_5 below. */
    NULL,
    /* 6: a narrow response row (issue 20): migrate_6 below. */
    NULL,
    /* 7: the responses that keep answers verbatim (free text: the report's
     * comments), found without reading every row: the comments were a scan
     * of all 10^6 rows, through the (kiosk, seq) index, for a report of 10^6
     * responses (130 ms CPU beside the statistics; issue 20).  Partial: no
     * entry for a response whose every answer is an option code. */
    "CREATE INDEX response_rows_extra ON response_rows(id) WHERE extra IS NOT NULL;",
    /* 8: the keys a kiosk had before the bureau accepted a new one (its key
     * file lost; `junheng merge --keys FILE --replace-key KIOSK`): bundles
     * signed with them merge up to up_to_seq, the kiosk's highest seq merged
     * when the key was replaced (reviews rseason, r2kiosk).  IF NOT EXISTS: the
     * tests make older schemas from a new database by lowering user_version. */
    "CREATE TABLE IF NOT EXISTS kiosk_old_keys("
    "  kiosk_id TEXT NOT NULL,"
    "  public_key TEXT,"                 /* hex; NULL when pinned by fingerprint only */
    "  fingerprint TEXT NOT NULL,"
    "  source TEXT NOT NULL,"            /* how it had been pinned */
    "  pinned_ms INTEGER NOT NULL,"
    "  replaced_ms INTEGER NOT NULL,"    /* when the new key replaced it */
    "  up_to_seq INTEGER NOT NULL DEFAULT 0," /* the kiosk's highest seq merged then: the old key signs no more */
    "  PRIMARY KEY(kiosk_id, fingerprint));"
    "CREATE INDEX IF NOT EXISTS kiosk_old_keys_fingerprint ON kiosk_old_keys(fingerprint);",
    /* 9: the uuid marks (county_internal.h; review rattack5, item 3): a
     * secret and each import's marks, back-filled: migrate_9 below. */
    NULL,
    /* 10: the kiosks caught holding another kiosk's answers (review r2copy,
     * items 1 and 2): migrate_10 below. */
    NULL,
};
#define N_MIGRATIONS (int)(sizeof migrations / sizeof migrations[0])
_Static_assert(sizeof migrations / sizeof migrations[0] == COUNTY_SCHEMA_VERSION,
               "COUNTY_SCHEMA_VERSION (county.h) is the number of migrations");

/* Schema 5: a response holds its answers as one byte per item of its
 * questionnaire (`codes`, the dictionary in survey_codes) and the answers
 * that are no option code verbatim (`extra`, a JSON object; NULL when
 * none), instead of the JSON text of every answer (730 -> ~300 bytes a
 * response, and the statistics read bytes, not JSON).  The responses table
 * is rebuilt with every row repacked, inside the caller's transaction: the
 * answers view gives the same (response_id, item_id, value) before and
 * after.  A questionnaire whose definition is missing or unreadable keeps
 * its responses' answers verbatim (codes NULL). */
static jh_status_t migrate_5(county_t *c, jh_err_t *err)
{
    typedef struct {
        char *hash;
        county_codes_t *k;
    } dict_t;
    dict_t *dicts = NULL;
    int n_dicts = 0;
    sqlite3_stmt *q = NULL, *ins = NULL, *get_codes = NULL, *ins_code = NULL;
    jh_buf_t extra = {0};
    uint8_t *codes = NULL;
    int codes_cap = 0;
    jh_status_t st = county_exec(
        c,
        "CREATE TABLE survey_codes("
        "  survey_hash TEXT NOT NULL, item_index INTEGER NOT NULL, item_id TEXT NOT NULL,"
        "  code INTEGER NOT NULL, value TEXT NOT NULL,"
        "  PRIMARY KEY(survey_hash, item_index, code)) WITHOUT ROWID;"
        "CREATE TABLE responses_5("
        "  id INTEGER PRIMARY KEY,"
        "  kiosk_id TEXT NOT NULL, seq INTEGER NOT NULL, uuid TEXT NOT NULL,"
        "  school_code TEXT NOT NULL, school_level TEXT, locality TEXT,"
        "  survey_id TEXT NOT NULL, survey_hash TEXT NOT NULL REFERENCES surveys(hash),"
        "  role TEXT NOT NULL, lang TEXT, started_ms INTEGER, ended_ms INTEGER, duration_ms INTEGER,"
        "  status TEXT NOT NULL, flags TEXT NOT NULL DEFAULT '', chain TEXT NOT NULL,"
        "  codes BLOB,"                      /* one byte per item: 0 unanswered, k = survey_codes.code */
        "  extra TEXT,"                      /* JSON object of the answers kept verbatim; NULL: none */
        "  import_id INTEGER NOT NULL REFERENCES imports(id),"
        "  day TEXT,"
        "  UNIQUE(kiosk_id, seq));",
        err);
    if (st != JH_OK) goto out;
    if (sqlite3_prepare_v2(c->db, "SELECT hash, definition FROM surveys", -1, &q, NULL) != SQLITE_OK) goto db_fail;
    while (sqlite3_step(q) == SQLITE_ROW) {
        const char *hash = (const char *)sqlite3_column_text(q, 0);
        const char *def = (const char *)sqlite3_column_text(q, 1);
        survey_t *s = NULL;
        jh_err_t e = {0};
        if (!hash || !def || survey_load_text(hash, def, strlen(def), NULL, &s, NULL, &e) != JH_OK) continue;
        dicts = jh_xrealloc(dicts, (size_t)(n_dicts + 1) * sizeof *dicts);
        dicts[n_dicts].hash = jh_strdup(hash);
        dicts[n_dicts].k = county_codes_build(s);
        survey_free(s);
        if ((st = county_codes_store(c->db, &get_codes, &ins_code, hash, dicts[n_dicts++].k, err)) != JH_OK)
            goto db_fail;
    }
    sqlite3_finalize(q);
    q = NULL;
    if (sqlite3_prepare_v2(c->db,
                           "SELECT id, kiosk_id, seq, uuid, school_code, school_level, locality, survey_id, "
                           "survey_hash, role, lang, started_ms, ended_ms, duration_ms, status, flags, chain, "
                           "import_id, day, answers FROM responses ORDER BY id",
                           -1, &q, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(c->db,
                           "INSERT INTO responses_5(id, kiosk_id, seq, uuid, school_code, school_level, "
                           "locality, survey_id, survey_hash, role, lang, started_ms, ended_ms, duration_ms, "
                           "status, flags, chain, import_id, day, codes, extra) "
                           "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                           -1, &ins, NULL) != SQLITE_OK)
        goto db_fail;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        for (int i = 0; i < 19; i++) sqlite3_bind_value(ins, i + 1, sqlite3_column_value(q, i));
        const char *hash = (const char *)sqlite3_column_text(q, 8);
        const char *answers = (const char *)sqlite3_column_text(q, 19);
        const county_codes_t *k = NULL;
        for (int d = 0; d < n_dicts && !k; d++)
            if (hash && !strcmp(dicts[d].hash, hash)) k = dicts[d].k;
        cJSON *obj = k && answers ? cJSON_Parse(answers) : NULL;
        if (!cJSON_IsObject(obj)) {
            /* no dictionary, or not an object of answers: all of it verbatim */
            sqlite3_bind_null(ins, 20);
            sqlite3_bind_value(ins, 21, sqlite3_column_value(q, 19));
        } else {
            int n = county_codes_n_items(k), n_extra = 0, last = -1;
            if (n > codes_cap) {
                codes_cap = n;
                codes = jh_xrealloc(codes, (size_t)codes_cap);
            }
            memset(codes, 0, (size_t)n);
            extra.len = 0;
            jh_buf_append(&extra, "{", 1);
            for (cJSON *a = obj->child; a; a = a->next) {
                if (cJSON_IsString(a)) {
                    county_codes_pack(k, a->string, a->valuestring, codes, &last, &extra, &n_extra);
                    continue;
                }
                /* a number, object ... kept as the JSON it was */
                char *v = cJSON_PrintUnformatted(a);
                if (n_extra++) jh_buf_append(&extra, ",", 1);
                county_codes_json_str(&extra, a->string);
                jh_buf_append(&extra, ":", 1);
                jh_buf_puts(&extra, v ? v : "null");
                free(v);
            }
            jh_buf_append(&extra, "}", 1);
            sqlite3_bind_blob(ins, 20, codes, n, SQLITE_STATIC);
            if (n_extra)
                sqlite3_bind_text(ins, 21, extra.data, (int)extra.len, SQLITE_STATIC);
            else
                sqlite3_bind_null(ins, 21);
        }
        rc = sqlite3_step(ins);
        sqlite3_reset(ins);
        cJSON_Delete(obj);
        if (rc != SQLITE_DONE) goto db_fail;
    }
    if (rc != SQLITE_DONE) goto db_fail;
    sqlite3_finalize(q);
    sqlite3_finalize(ins);
    q = ins = NULL;
    st = county_exec(c,
                     "DROP VIEW answers; DROP TABLE responses;"
                     "ALTER TABLE responses_5 RENAME TO responses;" COUNTY_ANSWERS_VIEW_SQL,
                     err);
    goto out;
db_fail:
    st = county_db_fail(c, err, N_("repacking the answers"));
out:
    sqlite3_finalize(q);
    sqlite3_finalize(ins);
    sqlite3_finalize(get_codes);
    sqlite3_finalize(ins_code);
    for (int d = 0; d < n_dicts; d++) {
        free(dicts[d].hash);
        county_codes_free(dicts[d].k);
    }
    free(dicts);
    free(codes);
    jh_buf_free(&extra);
    return st;
}

/* ---- schema 6: the narrow response row ----------------------------------- */

/* A value stored in place of the import's or the questionnaire's (schema
 * 6): NULL when the row's own value is that one, X'' for a NULL that is not. */
#define OVERRIDE_SQL(col, base) \
    "CASE WHEN " col " IS " base " THEN NULL WHEN " col " IS NULL THEN x'' ELSE " col " END"
/* ... and back: the row's value, or the base it left out. */
#define PICK_SQL(col, base) "CASE WHEN " col " IS NULL THEN " base " WHEN " col " = x'' THEN NULL ELSE " col " END"
/* Schema 6's tables (created by migrate_6). */
#define ROWS_SQL                                                                                              \
    "CREATE TABLE kiosk_refs(id INTEGER PRIMARY KEY, kiosk_id TEXT NOT NULL UNIQUE);"                         \
    "CREATE TABLE survey_refs(id INTEGER PRIMARY KEY, hash TEXT NOT NULL UNIQUE REFERENCES surveys(hash));"   \
    "CREATE TABLE response_rows("                                                                             \
    "  id INTEGER PRIMARY KEY,"                                                                               \
    "  kiosk INTEGER NOT NULL REFERENCES kiosk_refs(id), seq INTEGER NOT NULL,"                               \
    "  uuid NOT NULL,"                    /* 16 bytes; the text when not a canonical uuid */                  \
    "  survey INTEGER NOT NULL REFERENCES survey_refs(id),"                                                   \
    "  lang TEXT, started_ms INTEGER, ended_ms INTEGER, duration_ms INTEGER,"                                  \
    "  status TEXT NOT NULL, flags TEXT NOT NULL DEFAULT '',"                                                 \
    "  chain NOT NULL,"                   /* 32 bytes; the text when not 64 lowercase hex digits */           \
    "  codes BLOB, extra TEXT,"                                                                               \
    "  import_id INTEGER NOT NULL REFERENCES imports(id),"                                                    \
    "  day,"                              /* YYYYMMDD; the text when not DDDD-DD-DD; NULL */                  \
    "  school_code TEXT, school_level TEXT, locality TEXT," /* NULL: the import's; x'': NULL */               \
    "  survey_id TEXT, role TEXT,"        /* NULL: the questionnaire's id and audience; x'': NULL */          \
    "  UNIQUE(kiosk, seq));"

/* The responses view: schema 5's table, column for column, value for value. */
#define RESPONSES_VIEW_SQL                                                                                     \
    "CREATE VIEW responses AS SELECT r.id AS id, k.kiosk_id AS kiosk_id, r.seq AS seq, "                        \
    COUNTY_UUID_TEXT_SQL("r.uuid") " AS uuid, "                                                                      \
    PICK_SQL("r.school_code", "i.school_code") " AS school_code, "                                            \
    PICK_SQL("r.school_level", "i.school_level") " AS school_level, "                                         \
    PICK_SQL("r.locality", "i.locality") " AS locality, "                                                     \
    PICK_SQL("r.survey_id", "s.survey_id") " AS survey_id, sr.hash AS survey_hash, "                          \
    PICK_SQL("r.role", "s.audience") " AS role, "                                                             \
    "r.lang AS lang, r.started_ms AS started_ms, r.ended_ms AS ended_ms, r.duration_ms AS duration_ms, "        \
    "r.status AS status, r.flags AS flags, " COUNTY_CHAIN_TEXT_SQL("r.chain") " AS chain, r.codes AS codes, "         \
    "r.extra AS extra, r.import_id AS import_id, " COUNTY_DAY_TEXT_SQL("r.day") " AS day "                           \
    "FROM response_rows r LEFT JOIN kiosk_refs k ON k.id = r.kiosk LEFT JOIN survey_refs sr ON sr.id = r.survey " \
    "LEFT JOIN imports i ON i.id = r.import_id LEFT JOIN surveys s ON s.hash = sr.hash;"

/* One more than the value of each lowercase hex digit; 0 for any other byte. */
static const uint8_t hex_value1[256] = {
    ['0'] = 1,  ['1'] = 2,  ['2'] = 3,  ['3'] = 4,  ['4'] = 5,  ['5'] = 6,  ['6'] = 7,  ['7'] = 8,
    ['8'] = 9,  ['9'] = 10, ['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
};

/* The n bytes of the 2n lowercase hex digits at s; false at another byte. */
static bool hex_bytes(const char *s, int n, uint8_t *out)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned bad = 0;
    int i = 0;
#ifdef __SSE2__
    /* 16 digits at a time (the merge's workers convert two hashes a
     * response: ~1,200 instructions one by one) */
    for (; i + 8 <= n; i += 8) {
        __m128i v = _mm_loadu_si128((const __m128i *)(u + 2 * i));
        __m128i d = _mm_sub_epi8(v, _mm_set1_epi8('0')), a = _mm_sub_epi8(v, _mm_set1_epi8('a'));
        __m128i is_d = _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d);  /* d <= 9, unsigned */
        __m128i is_a = _mm_cmpeq_epi8(_mm_min_epu8(a, _mm_set1_epi8(5)), a);  /* a <= 5 */
        if (_mm_movemask_epi8(_mm_or_si128(is_d, is_a)) != 0xffff) return false;
        __m128i x = _mm_or_si128(_mm_and_si128(is_d, d), _mm_and_si128(is_a, _mm_add_epi8(a, _mm_set1_epi8(10))));
        /* each 16-bit lane h | l << 8 (h, l < 16): (h << 4 | l) in its low byte */
        x = _mm_and_si128(_mm_or_si128(_mm_slli_epi16(x, 4), _mm_srli_epi16(x, 8)), _mm_set1_epi16(0xff));
        _mm_storel_epi64((__m128i *)(out + i), _mm_packus_epi16(x, x));
    }
#endif
    for (; i < n; i++) {
        unsigned h = hex_value1[u[2 * i]] - 1u, l = hex_value1[u[2 * i + 1]] - 1u; /* (a non-digit: UINT_MAX) */
        bad |= h | l;
        out[i] = (uint8_t)(h << 4 | (l & 15));
    }
    return bad < 16;
}

bool county_uuid_blob(const char *s, size_t n, uint8_t out[16])
{
    return n == 36 && s[8] == '-' && s[13] == '-' && s[18] == '-' && s[23] == '-' && hex_bytes(s, 4, out) &&
           hex_bytes(s + 9, 2, out + 4) && hex_bytes(s + 14, 2, out + 6) && hex_bytes(s + 19, 2, out + 8) &&
           hex_bytes(s + 24, 6, out + 10);
}

bool county_chain_blob(const char *s, size_t n, uint8_t out[32])
{
    return n == 64 && hex_bytes(s, 32, out);
}

int64_t county_day_int(const char *s, size_t n)
{
    if (n != 10) return -1;
    int64_t v = 0;
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7) {
            if (s[i] != '-') return -1;
            continue;
        }
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* ---- schema 9: the uuid marks -------------------------------------------- */

void county_mark_bytes(uint64_t v, unsigned char out[8])
{
    for (int i = 7; i >= 0; i--, v >>= 8) out[i] = (unsigned char)(v & 0xff);
}

void county_marks_put(county_marks_t *m, uint64_t v, int idx)
{
    if (m->n == COUNTY_MARKS && v >= m->v[COUNTY_MARKS - 1]) return; /* (nearly always) */
    for (int i = 0; i < m->n; i++)
        if (m->v[i] == v) return; /* the same uuid twice */
    int j = m->n < COUNTY_MARKS ? m->n++ : COUNTY_MARKS - 1;
    for (; j > 0 && m->v[j - 1] > v; j--) {
        m->v[j] = m->v[j - 1];
        m->idx[j] = m->idx[j - 1];
    }
    m->v[j] = v;
    m->idx[j] = idx;
}

uint64_t county_mark_of(const unsigned char key[16], const char *uuid, size_t n)
{
    unsigned char h[crypto_shorthash_BYTES];
    crypto_shorthash(h, (const unsigned char *)uuid, n, key);
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) v = v << 8 | h[i];
    return v;
}

void county_marks_add(county_marks_t *m, const unsigned char key[16], const char *uuid, size_t n)
{
    county_marks_put(m, county_mark_of(key, uuid, n), -1);
}

/* Stores marks m of kiosk (its id) brought by import_id, keeping a mark
 * stored before (the first kiosk that brought it). */
static jh_status_t marks_store(county_t *c, sqlite3_stmt *ins, const county_marks_t *m, const char *kiosk,
                               int64_t import_id, jh_err_t *err)
{
    for (int i = 0; i < m->n; i++) {
        unsigned char b[8];
        county_mark_bytes(m->v[i], b);
        sqlite3_bind_blob(ins, 1, b, sizeof b, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 2, kiosk, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(ins, 3, import_id);
        int rc = sqlite3_step(ins);
        sqlite3_reset(ins);
        if (rc != SQLITE_DONE) return county_db_fail(c, err, N_("storing the uuid marks"));
    }
    return JH_OK;
}

/* Schema 9: the table of marks and the county's secret (random, never
 * shown), and the marks of every import stored: per import (and kiosk),
 * the smallest keyed hashes of its stored UUIDs, in the order the rows
 * were stored (a mark two kiosks share stays the first one's, as when
 * merged).  Rows of one import stored apart (never by the merge) give
 * marks of each part: more marks, each still the import's.  Inside the
 * caller's transaction. */
static jh_status_t migrate_9(county_t *c, jh_err_t *err)
{
    /* (DROP: the tests make older schemas from a new database by lowering
     * user_version; marks of another secret would never match) */
    jh_status_t st = county_exec(c,
                                 "DROP TABLE IF EXISTS uuid_marks;"
                                 "CREATE TABLE uuid_marks(mark BLOB PRIMARY KEY, kiosk_id TEXT NOT NULL, "
                                 "import_id INTEGER NOT NULL) WITHOUT ROWID",
                                 err);
    if (st != JH_OK) return st;
    if (!jh_crypto_init()) return jh_err_set(err, JH_ERR_IO, "%s", _("libsodium could not be initialised"));
    unsigned char key[16];
    char hex[33];
    randombytes_buf(key, sizeof key);
    jh_hex(key, sizeof key, hex);
    sqlite3_stmt *q = NULL, *ins = NULL, *kq = NULL;
    if (sqlite3_prepare_v2(c->db, "INSERT OR REPLACE INTO meta(key, value) VALUES ('" COUNTY_MARK_KEY "', ?)", -1,
                           &q, NULL) != SQLITE_OK)
        return county_db_fail(c, err, N_("storing the uuid marks"));
    sqlite3_bind_text(q, 1, hex, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    q = NULL;
    if (rc != SQLITE_DONE) return county_db_fail(c, err, N_("storing the uuid marks"));
    if (sqlite3_prepare_v2(c->db, "SELECT import_id, kiosk, " COUNTY_UUID_TEXT_SQL("uuid") " FROM response_rows ORDER BY id",
                           -1, &q, NULL) !=
            SQLITE_OK ||
        sqlite3_prepare_v2(c->db, "INSERT OR IGNORE INTO uuid_marks(mark, kiosk_id, import_id) VALUES (?,?,?)", -1,
                           &ins, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(c->db, "SELECT kiosk_id FROM kiosk_refs WHERE id = ?", -1, &kq, NULL) != SQLITE_OK) {
        st = county_db_fail(c, err, N_("storing the uuid marks"));
        goto out;
    }
    county_marks_t m = {.n = 0};
    int64_t imp = 0, kiosk = 0;
    bool any = false;
    for (;;) {
        rc = sqlite3_step(q);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
            st = county_db_fail(c, err, N_("storing the uuid marks"));
            goto out;
        }
        int64_t i = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
        int64_t k = rc == SQLITE_ROW ? sqlite3_column_int64(q, 1) : 0;
        if (any && (rc == SQLITE_DONE || i != imp || k != kiosk)) {
            sqlite3_bind_int64(kq, 1, kiosk);
            char *id = sqlite3_step(kq) == SQLITE_ROW ? jh_strdup((const char *)sqlite3_column_text(kq, 0)) : NULL;
            sqlite3_reset(kq);
            st = id ? marks_store(c, ins, &m, id, imp, err) : JH_OK; /* (a row of no kiosk: no mark) */
            free(id);
            if (st != JH_OK) goto out;
            m.n = 0;
        }
        if (rc == SQLITE_DONE) break;
        imp = i;
        kiosk = k;
        any = true;
        county_marks_add(&m, key, (const char *)sqlite3_column_text(q, 2), (size_t)sqlite3_column_bytes(q, 2));
    }
out:
    sqlite3_finalize(q);
    sqlite3_finalize(ins);
    sqlite3_finalize(kq);
    sodium_memzero(key, sizeof key);
    return st;
}

/* ---- schema 10: the kiosks caught holding another kiosk's answers ------- */

/* The uuid marks of the rows in jh_copies stored for their (copying)
 * kiosk: a split copy that passed the marks stored its own for the genuine
 * kiosk's UUIDs, and the genuine kiosk's next full export would then be
 * taken for a copy of the copy.  Each moved row's mark is computed again
 * (the secret from meta: the migration runs before county_open reads it)
 * and deleted where its kiosk is the copy's. */
static jh_status_t unmark_copies(county_t *c, jh_err_t *err)
{
    unsigned char key[16];
    bool have = false;
    sqlite3_stmt *q = NULL, *del = NULL;
    if (sqlite3_prepare_v2(c->db, "SELECT value FROM meta WHERE key = '" COUNTY_MARK_KEY "'", -1, &q, NULL) ==
            SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW) {
        const char *hex = (const char *)sqlite3_column_text(q, 0);
        have = hex && strlen(hex) == 32 && jh_unhex(hex, key, sizeof key);
    }
    sqlite3_finalize(q);
    q = NULL;
    jh_status_t st = JH_OK;
    if (!have) return JH_OK; /* (no marks) */
    if (sqlite3_prepare_v2(c->db,
                           "SELECT kr.kiosk_id, " COUNTY_UUID_TEXT_SQL("r.uuid") " FROM jh_copies cp "
                           "JOIN response_rows r ON r.id = cp.id JOIN kiosk_refs kr ON kr.id = r.kiosk",
                           -1, &q, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(c->db, "DELETE FROM uuid_marks WHERE mark = ? AND kiosk_id = ?", -1, &del, NULL) !=
            SQLITE_OK) {
        st = county_db_fail(c, err, N_("moving copied answers to quarantine"));
        goto out;
    }
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        county_marks_t m = {.n = 0};
        county_marks_add(&m, key, (const char *)sqlite3_column_text(q, 1), (size_t)sqlite3_column_bytes(q, 1));
        unsigned char b[8];
        county_mark_bytes(m.v[0], b);
        sqlite3_bind_blob(del, 1, b, sizeof b, SQLITE_TRANSIENT);
        sqlite3_bind_value(del, 2, sqlite3_column_value(q, 0));
        int drc = sqlite3_step(del);
        sqlite3_reset(del);
        if (drc != SQLITE_DONE) {
            rc = drc;
            break;
        }
    }
    if (rc != SQLITE_DONE) st = county_db_fail(c, err, N_("moving copied answers to quarantine"));
out:
    sqlite3_finalize(q);
    sqlite3_finalize(del);
    sodium_memzero(key, sizeof key);
    return st;
}

jh_status_t county_catch_copies(county_t *c, int64_t only, int64_t now_ms, int64_t *n_only, int64_t *n_all,
                                jh_err_t *err)
{
    *n_only = 0;
    *n_all = 0;
    if (only <= 0) {
        /* (the migration: nothing more when no uuid is held by two kiosks,
         * so a new or honest database gets no temporary table) */
        sqlite3_stmt *p = NULL;
        int prc = sqlite3_prepare_v2(c->db, "SELECT 1 FROM response_rows GROUP BY uuid HAVING min(kiosk) <> max(kiosk) "
                                            "LIMIT 1", -1, &p, NULL);
        if (prc == SQLITE_OK) prc = sqlite3_step(p);
        sqlite3_finalize(p);
        if (prc == SQLITE_DONE) return JH_OK;
        if (prc != SQLITE_ROW) return county_db_fail(c, err, N_("moving copied answers to quarantine"));
    }
    char *dup = only > 0 ? sqlite3_mprintf(
                               /* the uuids of kiosk `only` another kiosk holds too: an
                                * index of its uuids, one pass over the others' rows */
                               "INSERT OR IGNORE INTO jh_dup SELECT o.uuid FROM response_rows o WHERE o.kiosk <> %lld "
                               "AND o.uuid IN (SELECT uuid FROM response_rows WHERE kiosk = %lld)",
                               (long long)only, (long long)only)
                         : sqlite3_mprintf("INSERT OR IGNORE INTO jh_dup SELECT uuid FROM response_rows GROUP BY uuid "
                                           "HAVING min(kiosk) <> max(kiosk)");
    /* (the reason of each row moved: SQLite's printf of kiosk, seq, the earlier kiosk) */
    char *reason = sqlite3_mprintf(
        "%Q", _("kiosk %s seq %lld repeats the UUID of a response kiosk %s brought in an earlier import (a copy "
                "of its answers): moved out of the counted responses"));
    /* Which rows are copies.  At a catch of kiosk `only`: its rows whose
     * uuid another kiosk holds, whenever they came (review r3copy, item 1:
     * the copy's bundles may have merged before the genuine kiosk's; the
     * genuine kiosk's rows are never moved, nor is it condemned).  Else
     * (the migration's scan): a row is a copy when another kiosk's row of
     * its uuid came in an earlier import (the first imported wins). */
    char *which = only > 0 ? sqlite3_mprintf("a.kiosk = %lld AND EXISTS (SELECT 1 FROM jh_duprows b WHERE b.uuid = "
                                             "a.uuid AND b.kiosk <> a.kiosk)",
                                             (long long)only)
                           /* A kiosk a caught copy repeats (copied_kiosks.other_kiosk, itself
                            * not caught) is the genuine one: it keeps its rows whatever came
                            * first, and whoever shares its uuids is the copy (review r3copy
                            * follow-up: copy pieces under other new ids merged before the
                            * genuine bundle made the genuine kiosk the later one). */
                           : sqlite3_mprintf("EXISTS (SELECT 1 FROM jh_duprows b WHERE b.uuid = a.uuid AND "
                                             "b.kiosk <> a.kiosk AND CASE WHEN (b.kiosk IN (SELECT id FROM "
                                             "jh_victims)) <> (a.kiosk IN (SELECT id FROM jh_victims)) THEN b.kiosk "
                                             "IN (SELECT id FROM jh_victims) ELSE b.import_id < a.import_id OR "
                                             "(b.import_id = a.import_id AND b.id < a.id) END)");
    char *moved = sqlite3_mprintf(
        "%Q", _("%lld of its answers were moved to quarantine later, not counted: kiosk %s was caught holding kiosk "
                "%s's answers (the same UUIDs)"));
    char *sep = sqlite3_mprintf("%Q", _("; ")); /* (between two warnings of an import) */
    char *sql = dup && reason && which && moved && sep ? sqlite3_mprintf(
        "DROP TABLE IF EXISTS temp.jh_dup; DROP TABLE IF EXISTS temp.jh_duprows; DROP TABLE IF EXISTS temp.jh_copies;"
        "DROP TABLE IF EXISTS temp.jh_moved;"
        "CREATE TEMP TABLE jh_dup(uuid PRIMARY KEY) WITHOUT ROWID;"
        "%s;"
        "CREATE TEMP TABLE jh_duprows AS SELECT id, kiosk, import_id, uuid FROM response_rows "
        "  WHERE uuid IN (SELECT uuid FROM jh_dup);"
        "CREATE INDEX temp.jh_duprows_uuid ON jh_duprows(uuid, import_id, id);"
        "DROP TABLE IF EXISTS temp.jh_victims;"
        "CREATE TEMP TABLE jh_victims AS SELECT kr.id AS id FROM kiosk_refs kr WHERE kr.kiosk_id IN "
        "  (SELECT other_kiosk FROM copied_kiosks) AND kr.kiosk_id NOT IN (SELECT kiosk_id FROM copied_kiosks);"
        "CREATE TEMP TABLE jh_copies AS SELECT a.id AS id, a.kiosk AS kiosk, "
        "  (SELECT b.kiosk FROM jh_duprows b WHERE b.uuid = a.uuid AND b.kiosk <> a.kiosk "
        "   ORDER BY b.kiosk IN (SELECT id FROM jh_victims) DESC, b.import_id, b.id LIMIT 1) AS other "
        "  FROM jh_duprows a WHERE %s;"
        /* each kiosk holding some: remembered, naming the kiosk it repeats most */
        "INSERT INTO copied_kiosks(kiosk_id, other_kiosk, school_code, fingerprint, n_repeats, caught_ms) "
        "  SELECT kr.kiosk_id, coalesce((SELECT ko.kiosk_id FROM kiosk_refs ko WHERE ko.id = "
        "    (SELECT x.other FROM jh_copies x WHERE x.kiosk = cp.kiosk GROUP BY x.other "
        "     ORDER BY count(*) DESC, x.other LIMIT 1)), ''), "
        "    coalesce(k.school_code, ''), coalesce(k.fingerprint, ''), count(*), %lld "
        "  FROM jh_copies cp JOIN kiosk_refs kr ON kr.id = cp.kiosk LEFT JOIN kiosks k ON k.kiosk_id = kr.kiosk_id "
        "  WHERE true GROUP BY cp.kiosk "
        "  ON CONFLICT(kiosk_id) DO UPDATE SET n_repeats = n_repeats + excluded.n_repeats;"
        /* moved to quarantine (listed, not counted), as the merge keeps a conflict */
        "INSERT OR IGNORE INTO quarantine(import_id, kiosk_id, seq, uuid, chain, stored_uuid, stored_chain, "
        "  canonical, reason) "
        "  SELECT r.import_id, kr.kiosk_id, r.seq, " COUNTY_UUID_TEXT_SQL("r.uuid") ", "
        COUNTY_CHAIN_TEXT_SQL("r.chain") ", NULL, NULL, '', printf(%s, kr.kiosk_id, r.seq, ko.kiosk_id) "
        "  FROM jh_copies cp JOIN response_rows r ON r.id = cp.id JOIN kiosk_refs kr ON kr.id = r.kiosk "
        "  JOIN kiosk_refs ko ON ko.id = cp.other ORDER BY r.id;"
        /* the import log says so on the rows of the imports that brought them
         * (review r3copy, item 4): how many, and why */
        "CREATE TEMP TABLE jh_moved AS SELECT r.import_id AS import_id, count(*) AS n, "
        "  min(cp.kiosk) AS kiosk, min(cp.other) AS other "
        "  FROM jh_copies cp JOIN response_rows r ON r.id = cp.id GROUP BY r.import_id;"
        "UPDATE imports SET n_quarantined = n_quarantined + m.n, "
        "  reason = CASE WHEN reason = '' THEN '' ELSE reason || %s END || "
        "    printf(%s, m.n, (SELECT kiosk_id FROM kiosk_refs WHERE id = m.kiosk), "
        "      (SELECT kiosk_id FROM kiosk_refs WHERE id = m.other)) "
        "  FROM jh_moved m WHERE imports.id = m.import_id;",
        dup, which, (long long)now_ms, reason, sep, moved) : NULL;
    sqlite3_free(moved);
    sqlite3_free(sep);
    sqlite3_free(which);
    sqlite3_free(dup);
    sqlite3_free(reason);
    if (!sql) return jh_err_set(err, JH_ERR_NOMEM, "%s", _("out of memory"));
    jh_status_t st = county_exec(c, sql, err);
    sqlite3_free(sql);
    if (st == JH_OK) st = unmark_copies(c, err);
    if (st == JH_OK) st = county_exec(c, "DELETE FROM response_rows WHERE id IN (SELECT id FROM jh_copies)", err);
    if (st == JH_OK) {
        sqlite3_stmt *q = NULL;
        char *cnt = sqlite3_mprintf("SELECT count(*) FILTER (WHERE kiosk = %lld OR %lld <= 0), count(*) FROM "
                                    "jh_copies",
                                    (long long)only, (long long)only);
        if (cnt && sqlite3_prepare_v2(c->db, cnt, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW) {
            *n_only = sqlite3_column_int64(q, 0);
            *n_all = sqlite3_column_int64(q, 1);
        } else
            st = county_db_fail(c, err, N_("moving copied answers to quarantine"));
        sqlite3_finalize(q);
        sqlite3_free(cnt);
    }
    sqlite3_exec(c->db, "DROP TABLE IF EXISTS temp.jh_dup; DROP TABLE IF EXISTS temp.jh_duprows; "
                        "DROP TABLE IF EXISTS temp.jh_copies; DROP TABLE IF EXISTS temp.jh_moved; "
                        "DROP TABLE IF EXISTS temp.jh_victims",
                 NULL, NULL, NULL);
    return st;
}

bool county_copy_scan_due(county_t *c, bool imported)
{
    sqlite3_stmt *q = NULL;
    bool due = false;
    /* owed by a catch whose merge stopped before the scan; or a caught
     * kiosk still holding rows while new answers came in (the genuine
     * kiosk's own export of answers a copy brought first, review r4copy
     * item 3): one index probe per caught kiosk, none in a county without */
    if (sqlite3_prepare_v2(c->db,
                           "SELECT EXISTS (SELECT 1 FROM meta WHERE key = 'copy_scan_pending') OR (?1 AND EXISTS "
                           "(SELECT 1 FROM copied_kiosks ck JOIN kiosk_refs kr ON kr.kiosk_id = ck.kiosk_id "
                           "WHERE EXISTS (SELECT 1 FROM response_rows r WHERE r.kiosk = kr.id)))",
                           -1, &q, NULL) == SQLITE_OK) {
        sqlite3_bind_int(q, 1, imported);
        due = sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int(q, 0);
    }
    sqlite3_finalize(q);
    return due;
}

jh_status_t county_scan_copies(county_t *c, int64_t now_ms, jh_buf_t *kiosks, int64_t *n_kiosks, int64_t *n_moved,
                               jh_err_t *err)
{
    *n_kiosks = 0;
    *n_moved = 0;
    jh_status_t st = county_begin(c, err); /* (a dry run's: a savepoint in its transaction) */
    if (st != JH_OK) return st;
    int64_t n_only = 0;
    st = county_catch_copies(c, 0, now_ms, &n_only, n_moved, err);
    if (st == JH_OK) st = county_exec(c, "DELETE FROM meta WHERE key = 'copy_scan_pending'", err);
    sqlite3_stmt *q = NULL;
    if (st == JH_OK && *n_moved > 0) {
        /* the kiosks this scan caught (remember_copy names the file it caught) */
        if (sqlite3_prepare_v2(c->db,
                               "SELECT kiosk_id FROM copied_kiosks WHERE caught_ms = ? AND file = '' ORDER BY kiosk_id",
                               -1, &q, NULL) != SQLITE_OK)
            st = county_db_fail(c, err, N_("moving copied answers to quarantine"));
        else {
            sqlite3_bind_int64(q, 1, now_ms);
            while (sqlite3_step(q) == SQLITE_ROW) {
                if ((*n_kiosks)++ < 20) {
                    if (kiosks->len) jh_buf_puts(kiosks, ", ");
                    jh_buf_puts(kiosks, (const char *)sqlite3_column_text(q, 0));
                } else if (*n_kiosks == 21)
                    jh_buf_puts(kiosks, ", ...");
            }
        }
        sqlite3_finalize(q);
    }
    if (st == JH_OK) st = county_commit(c, err);
    if (st != JH_OK) {
        county_rollback(c);
        *n_kiosks = *n_moved = 0;
    }
    return st;
}

/* Schema 10 (review r2copy, items 1 and 2): the kiosks caught holding
 * another kiosk's answers, remembered (every later bundle of such a kiosk
 * id is refused), and the answers they hold already moved to quarantine.
 * A database merged before (with schema 9's marks, which miss a copy split
 * into small bundles, or before them) may hold copies: every stored UUID
 * is looked at once (a sort of them all, here only) and the copies found
 * are treated as a catch at a merge would (county_catch_copies).  IF NOT
 * EXISTS: the tests make older schemas from a new database by lowering
 * user_version.  Inside the caller's transaction. */
static jh_status_t migrate_10(county_t *c, jh_err_t *err)
{
    jh_status_t st = county_exec(c,
                                 "CREATE TABLE IF NOT EXISTS copied_kiosks("
                                 "  kiosk_id TEXT PRIMARY KEY,"      /* the kiosk id caught */
                                 "  other_kiosk TEXT NOT NULL,"      /* whose answers it held */
                                 "  other_file TEXT NOT NULL DEFAULT '',"  /* the file that brought them first */
                                 "  school_code TEXT NOT NULL DEFAULT '',"  /* the school the copy claims */
                                 "  fingerprint TEXT NOT NULL DEFAULT '',"  /* and its key's fingerprint */
                                 "  file TEXT NOT NULL DEFAULT '',"  /* the file caught ('': by the migration) */
                                 "  n_repeats INTEGER NOT NULL DEFAULT 0," /* its stored rows moved to quarantine */
                                 "  caught_ms INTEGER NOT NULL)",
                                 err);
    int64_t n = 0, n_all = 0;
    if (st == JH_OK) st = county_catch_copies(c, 0, jh_now_ms(), &n, &n_all, err);
    return st;
}

/* jh6_uuid(x), jh6_chain(x), jh6_day(x): a schema-5 value as schema 6
 * stores it (the migration's SQL functions, on its connection only). */
static void sql_narrow(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    int kind = *(const int *)sqlite3_user_data(ctx);
    sqlite3_value *v = argv[0];
    if (sqlite3_value_type(v) == SQLITE_TEXT) {
        const char *t = (const char *)sqlite3_value_text(v);
        size_t n = (size_t)sqlite3_value_bytes(v);
        uint8_t b[32];
        if (kind == 0 && county_uuid_blob(t, n, b)) return sqlite3_result_blob(ctx, b, 16, SQLITE_TRANSIENT);
        if (kind == 1 && county_chain_blob(t, n, b)) return sqlite3_result_blob(ctx, b, 32, SQLITE_TRANSIENT);
        int64_t d = kind == 2 ? county_day_int(t, n) : -1;
        if (d >= 0) return sqlite3_result_int64(ctx, d);
    }
    sqlite3_result_value(ctx, v);
}

/* Schema 6 (issue 20): a response row without what its import and its
 * questionnaire say for every row.  The kiosk and the questionnaire hash
 * are integer references (kiosk_refs, survey_refs), the uuid and the chain
 * bytes instead of hex text, the day an integer; school code, level and
 * locality are the import's (imports gains school_level and locality),
 * questionnaire id and role the questionnaire's (surveys.survey_id and
 * audience).  A row whose value is not the import's or the
 * questionnaire's keeps its own in a column the merge's insert leaves
 * NULL.  The table is response_rows; a view named responses gives schema
 * 5's columns and values exactly.  Inside the caller's transaction. */
static jh_status_t migrate_6(county_t *c, jh_err_t *err)
{
    static const int kinds[3] = {0, 1, 2};
    static const char *const names[3] = {"jh6_uuid", "jh6_chain", "jh6_day"};
    for (int i = 0; i < 3; i++)
        if (sqlite3_create_function(c->db, names[i], 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY,
                                    (void *)&kinds[i], sql_narrow, NULL, NULL) != SQLITE_OK)
            return county_db_fail(c, err, N_("rebuilding the responses table"));
    jh_status_t st = county_exec(
        c,
        "ALTER TABLE imports ADD COLUMN school_level TEXT;"
        "ALTER TABLE imports ADD COLUMN locality TEXT;"
        ROWS_SQL
        /* an import's level and locality: its first response's */
        "UPDATE imports SET school_level = f.l, locality = f.c FROM "
        "  (SELECT import_id, min(id), school_level AS l, locality AS c FROM responses GROUP BY import_id) AS f "
        "  WHERE imports.id = f.import_id;"
        "INSERT INTO kiosk_refs(kiosk_id) SELECT DISTINCT kiosk_id FROM responses ORDER BY kiosk_id;"
        "INSERT INTO survey_refs(hash) SELECT DISTINCT survey_hash FROM responses ORDER BY survey_hash;"
        "INSERT INTO response_rows(id, kiosk, seq, uuid, survey, lang, started_ms, ended_ms, duration_ms, status, "
        "  flags, chain, codes, extra, import_id, day, school_code, school_level, locality, survey_id, role) "
        "SELECT r.id, k.id, r.seq, jh6_uuid(r.uuid), sr.id, r.lang, r.started_ms, r.ended_ms, r.duration_ms, "
        "  r.status, r.flags, jh6_chain(r.chain), r.codes, r.extra, r.import_id, jh6_day(r.day), "
        OVERRIDE_SQL("r.school_code", "i.school_code") ", " OVERRIDE_SQL("r.school_level", "i.school_level") ", "
        OVERRIDE_SQL("r.locality", "i.locality") ", " OVERRIDE_SQL("r.survey_id", "s.survey_id") ", "
        OVERRIDE_SQL("r.role", "s.audience") " "
        "FROM responses r JOIN kiosk_refs k ON k.kiosk_id = r.kiosk_id JOIN survey_refs sr ON sr.hash = r.survey_hash "
        "LEFT JOIN imports i ON i.id = r.import_id LEFT JOIN surveys s ON s.hash = r.survey_hash ORDER BY r.id;",
        err);
    if (st == JH_OK)
        st = county_exec(c, "DROP VIEW answers; DROP TABLE responses;" RESPONSES_VIEW_SQL COUNTY_ANSWERS_VIEW_SQL,
                         err);
    for (int i = 0; i < 3; i++)
        sqlite3_create_function(c->db, names[i], 1, SQLITE_UTF8, NULL, NULL, NULL, NULL);
    return st;
}

jh_status_t county_db_fail(county_t *c, jh_err_t *err, const char *what)
{
    int code = sqlite3_errcode(c->db);
    jh_status_t st = code == SQLITE_FULL       ? JH_ERR_FULL
                     : code == SQLITE_READONLY ? JH_ERR_READONLY
                     : code == SQLITE_CORRUPT || code == SQLITE_NOTADB ? JH_ERR_CORRUPT
                                                                       : JH_ERR_IO;
    /* SQLite reports a full disk met while writing its WAL or shared memory
     * as a plain I/O error: the operating system's reason says more. */
    int e = sqlite3_system_errno(c->db);
    if (st == JH_ERR_IO && e && jh_status_from_errno(e) != JH_ERR_NOTFOUND) st = jh_status_from_errno(e);
    /* On read-only media SQLite's last attempt (a read-only open of the WAL)
     * leaves ENOENT behind: ask the file system directly. */
    if (st == JH_ERR_IO && access(c->path, W_OK) != 0 && (errno == EROFS || errno == EACCES)) st = JH_ERR_READONLY;
    if (c->input && (st == JH_ERR_CORRUPT || code == SQLITE_NOTADB))
        return jh_err_set(err, JH_ERR_CORRUPT,
                          _("%s: the county database is damaged (%s: %s): ask that county to send its database "
                            "again (nothing of the province was changed by it)"),
                          c->path, _(what), sqlite3_errmsg(c->db));
    const char *hint = st == JH_ERR_FULL ? _(" (the disk is full: free some space and run the command again; "
                                             "nothing stored so far has changed)")
                       : st == JH_ERR_READONLY ? _(" (the county database cannot be written: read-only disk or file)")
                       : st == JH_ERR_CORRUPT
                           ? _(" (the county database is damaged: keep this file aside for the technicians, then "
                               "restore the last good copy of it, or start a new database and merge every "
                               "kiosk's bundles into it again from the USB sticks, then load the register, the "
                               "questionnaires and the county facts again: docs/bureau.md, \"A damaged county "
                               "database\")")
                       : code == SQLITE_IOERR
                           ? _(" (the disk could not be read or written: check the disk and its cable (the system "
                               "log, dmesg, says which), copy the database to a good disk, then run the command "
                               "again)")
                           : "";
    if (e == EMFILE || e == ENFILE) return fds_fail(c->path, what, e, err);
    if (code == SQLITE_NOTADB)
        return jh_err_set(err, st, _("%s: not a county database (not even an SQLite file); give the county "
                          "database, or a new file name to start one"), c->path);
    /* a -wal, -shm or -journal beside it this user may not write (another
     * user's connection left it): name it, not "read-only disk or file" */
    if ((st == JH_ERR_READONLY || st == JH_ERR_IO || code == SQLITE_CANTOPEN) && !c->read_only &&
        access(c->path, W_OK) == 0)
        for (int i = 0; i < 3; i++) {
            static const char *const suffix[] = {"-wal", "-shm", "-journal"};
            char *name = jh_sprintf("%s%s", c->path, suffix[i]);
            struct stat sb;
            if (lstat(name, &sb) == 0 && access(name, W_OK) != 0 && (errno == EACCES || errno == EPERM)) {
                struct passwd *pw = getpwuid(sb.st_uid);
                char owner[64];
                if (pw)
                    snprintf(owner, sizeof owner, "%s", pw->pw_name);
                else
                    snprintf(owner, sizeof owner, "uid %u", (unsigned)sb.st_uid);
                jh_err_set(err, JH_ERR_READONLY,
                           _("%s: this user may not write %s, the file SQLite keeps beside the county database "
                             "(owned by %s: another user's connection left it, e.g. a read of an older version): "
                             "once no program uses the database, ask that user or an administrator to remove it "
                             "(a -shm file, or an empty -wal or -journal) or to let this user write it, then run "
                             "again"),
                           c->path, name, owner);
                free(name);
                return JH_ERR_READONLY;
            }
            free(name);
        }
    /* a file this user may write in a folder it may not: no -wal or -shm */
    if ((st == JH_ERR_READONLY || code == SQLITE_CANTOPEN) && !c->read_only && access(c->path, W_OK) == 0 &&
        folder_unwritable(c->path))
        return folder_fail(c->path, err);
    if (code == SQLITE_CANTOPEN && st == JH_ERR_IO) return cantopen_fail(c->path, what, sqlite3_errmsg(c->db), err);
    return jh_err_set(err, st, _("%s: %s: %s%s"), c->path, _(what), sqlite3_errmsg(c->db), hint);
}

jh_status_t county_exec(county_t *c, const char *sql, jh_err_t *err)
{
    char *msg = NULL;
    if (sqlite3_exec(c->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        jh_status_t st = county_db_fail(c, err, N_("database"));
        sqlite3_free(msg);
        return st;
    }
    return JH_OK;
}

sqlite3_stmt *county_stmt(county_t *c, const char *sql)
{
    for (int i = 0; i < c->n_cached; i++)
        if (c->cached[i].sql == sql) return c->cached[i].stmt;
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
        sqlite3_finalize(s);
        return NULL;
    }
    JH_EXPECT(c->n_cached < COUNTY_CACHED_MAX); /* the callers' statements are a fixed few */
    c->cached[c->n_cached++] = (struct county_cached){sql, s};
    return s;
}

void county_stmt_done(sqlite3_stmt *s)
{
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
}

/* Runs the single statement sql through county_stmt. */
static jh_status_t run_cached(county_t *c, const char *sql, jh_err_t *err)
{
    sqlite3_stmt *s = county_stmt(c, sql);
    if (!s) return county_db_fail(c, err, N_("database"));
    int rc = sqlite3_step(s);
    jh_status_t st = rc == SQLITE_DONE || rc == SQLITE_ROW ? JH_OK : county_db_fail(c, err, N_("database"));
    sqlite3_reset(s);
    return st;
}

jh_status_t county_begin(county_t *c, jh_err_t *err)
{
    if (c->dry_run || c->grouped) return run_cached(c, "SAVEPOINT county_step", err);
    return county_begin_write(c, err); /* (waits for a round --open, a merge) */
}

jh_status_t county_commit(county_t *c, jh_err_t *err)
{
    return run_cached(c, c->dry_run || c->grouped ? "RELEASE county_step" : "COMMIT", err);
}

void county_rollback(county_t *c)
{
    sqlite3_exec(c->db, c->dry_run || c->grouped ? "ROLLBACK TO county_step; RELEASE county_step" : "ROLLBACK", NULL,
                 NULL, NULL);
}

jh_status_t county_dry_run(county_t *c, jh_err_t *err)
{
    if (c->dry_run) return JH_OK;
    jh_status_t st = county_begin_write(c, err); /* (waits for a round --open, a merge) */
    if (st == JH_OK) c->dry_run = true;
    return st;
}

jh_status_t county_begin_write(county_t *c, jh_err_t *err)
{
    int brc = sqlite3_exec(c->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (brc == SQLITE_BUSY) {
        /* as county_open does when it upgrades: after the usual wait, say
         * so and wait as long as a merge or a round --open may take */
        int busy_ms = 5000;
        sqlite3_stmt *q = NULL;
        if (sqlite3_prepare_v2(c->db, "PRAGMA busy_timeout", -1, &q, NULL) == SQLITE_OK &&
            sqlite3_step(q) == SQLITE_ROW)
            busy_ms = sqlite3_column_int(q, 0);
        sqlite3_finalize(q);
        fprintf(stderr, _("junheng: %s: the database is being upgraded or written: please wait (at most 10 "
                          "minutes)\n"),
                c->path);
        sqlite3_busy_timeout(c->db, 10 * 60 * 1000);
        brc = sqlite3_exec(c->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
        sqlite3_busy_timeout(c->db, busy_ms);
        if (brc == SQLITE_BUSY)
            return jh_err_set(err, JH_ERR_IO,
                              _("%s: the database stayed locked for 10 minutes (another junheng still "
                                "upgrading or merging it?); run this again once it has finished"),
                              c->path);
    }
    if (brc != SQLITE_OK) return county_db_fail(c, err, N_("database"));
    return JH_OK;
}

jh_status_t county_open_existing(const char *path, county_t **out, jh_err_t *err)
{
    *out = NULL;
    struct stat sb;
    if (stat(path, &sb) != 0)
        return jh_err_set(err, JH_ERR_NOTFOUND,
                          _("%s: there is no county database by this name; check the name (`junheng merge --db "
                            "FILE ...` creates one)"),
                          path);
    if (!S_ISREG(sb.st_mode))
        return jh_err_set(err, JH_ERR_INVALID, _("%s: is %s, not a county database"), path,
                          jh_file_kind(sb.st_mode));
    /* A database on a read-only disk, or a file this user may not write:
     * read without writing anything (no WAL switch, no migration). */
    if (access(path, W_OK) != 0 && (errno == EROFS || errno == EACCES)) return county_open_as(path, true, false, out, err);
    return county_open(path, out, err);
}

static bool input_has_sidecar(const char *path);
static jh_status_t open_input_copy(const char *path, county_t **out, jh_err_t *err);

jh_status_t county_open_input(const char *path, county_t **out, jh_err_t *err)
{
    *out = NULL;
    struct stat sb;
    if (stat(path, &sb) != 0)
        return jh_err_set(err, JH_ERR_NOTFOUND,
                          _("%s: there is no such file; check the file name (the county database that county "
                            "sent)"),
                          path);
    if (!S_ISREG(sb.st_mode))
        return jh_err_set(err, JH_ERR_INVALID, _("%s: is %s, not a county database; check the file name"), path,
                          jh_file_kind(sb.st_mode));
    if (sb.st_size == 0)
        return jh_err_set(err, JH_ERR_INVALID,
                          _("%s is an empty file (0 bytes), not a county database: ask that county to send its "
                            "database again (nothing was read from it or written to it)"),
                          path);
    unsigned char h[100];
    if (!county_file_header(path, h))
        return jh_err_set(err, JH_ERR_INVALID,
                          _("%s: not a county database (not an SQLite database: a damaged or incomplete copy, or "
                            "another file); check the file name, or ask that county to send its database again"),
                          path);
    if (!input_has_sidecar(path)) return county_open_as(path, true, true, out, err);
    return open_input_copy(path, out, err);
}

/* Sidecar file path + suffix exists and is not empty. */
static bool sidecar_used(const char *path, const char *suffix)
{
    char *name = jh_sprintf("%s%s", path, suffix);
    struct stat sb;
    bool yes = stat(name, &sb) == 0 && sb.st_size > 0;
    free(name);
    return yes;
}

/* Sidecar file path + suffix exists (even empty). */
static bool sidecar_exists(const char *path, const char *suffix)
{
    char *name = jh_sprintf("%s%s", path, suffix);
    struct stat sb;
    bool yes = lstat(name, &sb) == 0;
    free(name);
    return yes;
}

/* The folder of path (malloc'd): "." for a bare name, "/" for /c.db. */
static char *folder_of(const char *path)
{
    char *dir = jh_strdup(path);
    char *slash = strrchr(dir, '/');
    if (!slash) {
        free(dir);
        return jh_strdup(".");
    }
    slash[slash == dir] = 0;
    return dir;
}

/* This user cannot create a file in path's folder. */
static bool folder_unwritable(const char *path)
{
    char *dir = folder_of(path);
    bool no = access(dir, W_OK) != 0 && (errno == EACCES || errno == EROFS || errno == EPERM);
    free(dir);
    return no;
}

/* The message when this user cannot write the folder of a county database
 * it should create or write (SQLite keeps its -wal and -shm files there). */
static jh_status_t folder_fail(const char *path, jh_err_t *err)
{
    char *dir = folder_of(path);
    jh_err_set(err, JH_ERR_READONLY,
               _("%s: this user may not write the folder %s (permission denied), where the county database and "
                 "its -wal and -shm files are kept: choose a folder this user can write, or ask the folder's owner "
                 "to allow it"),
               path, dir);
    free(dir);
    return JH_ERR_READONLY;
}

/* The message when SQLite could not open the database, its -wal, -shm or
 * -journal because this process (EMFILE) or the system (ENFILE) has too
 * many files open: not "check that it exists" (it does), what to do.  The
 * transaction under way is rolled back: nothing of it is stored. */
static jh_status_t fds_fail(const char *path, const char *what, int e, jh_err_t *err)
{
    struct rlimit rl;
    if (e == EMFILE && getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
        return jh_err_set(err, JH_ERR_IO,
                          _("%s: %s: too many open files (this program may have %llu files open at once; 'ulimit "
                            "-n' shows and raises the limit): the step was not stored; raise the limit or close "
                            "other programs, then run the same command again"),
                          path, _(what), (unsigned long long)rl.rlim_cur);
    return jh_err_set(err, JH_ERR_IO,
                      _("%s: %s: too many open files (%s): the step was not stored; close other programs, then "
                        "run the same command again"),
                      path, _(what), strerror(e));
}

/* The message when SQLite cannot open the database file (or its -wal or
 * -journal) at all: the folder missing or one this user may not enter is
 * named; what (an N_() string) is the step. */
static jh_status_t cantopen_fail(const char *path, const char *what, const char *sqlite_msg, jh_err_t *err)
{
    char *dir = folder_of(path);
    struct stat sb;
    jh_status_t st = JH_ERR_IO;
    if (stat(dir, &sb) != 0 && errno == ENOENT) {
        st = jh_err_set(err, JH_ERR_IO,
                        _("%s: %s: the folder %s does not exist: correct the path, or create the folder first"),
                        path, _(what), dir);
    } else if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        st = jh_err_set(err, JH_ERR_IO, _("%s: %s: %s is not a folder that can be opened: correct the path"), path,
                        _(what), dir);
    } else {
        st = jh_err_set(err, JH_ERR_IO,
                        _("%s: %s: %s (the file or the folder %s cannot be opened: check that it exists, that this "
                          "user may read and enter it, and that the disk is mounted)"),
                        path, _(what), sqlite_msg, dir);
    }
    free(dir);
    return st;
}

/* The URI that opens path read-only: on a read-only file system, where
 * nothing can change it, as immutable (SQLite then needs no -shm file for a
 * WAL database, which it could not create there); NULL when that cannot be
 * done safely (a WAL or journal file with content beside it, which an
 * immutable open would ignore).  Immutable too when this user cannot write
 * the folder (another user's county database, docs/bureau.md) and nothing
 * beside the file says a connection has it open: every connection to a WAL
 * database keeps its -shm file there (the first creates it, the last one
 * to close removes it) and a writer in rollback mode its -journal, so with
 * none of -wal, -shm, -journal nobody is reading or writing it now; SQLite
 * could not create the -shm a read-only WAL connection needs.  A writer
 * that starts meanwhile (the owner's merge) changes the file when it
 * checkpoints or commits: county_check_unchanged compares, as on a
 * read-only mount.  The same for a file this user may not write in a folder
 * it may (a shared folder): a read-only WAL connection would create -wal
 * and -shm files owned by this user there and leave them (SQLite keeps a
 * -wal it cannot checkpoint), which the owner's next merge cannot write. */
static char *readonly_uri(const char *path, bool input, bool *immutable)
{
    struct statvfs vs;
    bool ro_fs = statvfs(path, &vs) == 0 && (vs.f_flag & ST_RDONLY);
    /* (another office's database, only read: nothing is left beside it) */
    bool idle = !ro_fs && (input || folder_unwritable(path) || access(path, W_OK) != 0) &&
                !sidecar_exists(path, "-wal") && !sidecar_exists(path, "-shm") && !sidecar_exists(path, "-journal");
    *immutable = ro_fs || idle;
    jh_buf_t u = {0};
    jh_buf_append(&u, "file:", 5);
    for (const char *p = path; *p; p++) {
        if (*p == '%' || *p == '?' || *p == '#') {
            char hex[4];
            snprintf(hex, sizeof hex, "%%%02x", (unsigned char)*p);
            jh_buf_append(&u, hex, 3);
        } else {
            jh_buf_append(&u, p, 1);
        }
    }
    if (ro_fs && (sidecar_used(path, "-wal") || sidecar_used(path, "-journal"))) {
        jh_buf_free(&u);
        return NULL;
    }
    const char *q = *immutable ? "?mode=ro&immutable=1" : "?mode=ro";
    jh_buf_append(&u, q, strlen(q) + 1);
    return u.data;
}

static jh_status_t meta_get(county_t *c, const char *key, char *out, size_t n)
{
    sqlite3_stmt *q = county_stmt(c, "SELECT value FROM meta WHERE key = ?");
    out[0] = 0;
    if (!q) return JH_ERR_IO;
    sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(q) == SQLITE_ROW) snprintf(out, n, "%s", (const char *)sqlite3_column_text(q, 0));
    county_stmt_done(q);
    return JH_OK;
}

static jh_status_t meta_set(county_t *c, const char *key, const char *value, jh_err_t *err)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(c->db, "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", -1, &q, NULL) != SQLITE_OK)
        return county_db_fail(c, err, N_("storing a setting"));
    sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, value, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? JH_OK : county_db_fail(c, err, N_("storing a setting"));
}

jh_status_t county_code_get(county_t *c, char code[16], char source[32])
{
    meta_get(c, "county_code_source", source, 32);
    return meta_get(c, "county_code", code, 16);
}

jh_status_t county_code_set(county_t *c, const char *code, const char *source, jh_err_t *err)
{
    jh_status_t st = meta_set(c, "county_code", code, err);
    if (st == JH_OK) st = meta_set(c, "county_code_source", source, err);
    if (st == JH_OK) st = county_code_mark(c, true, err);
    if (st == JH_OK) st = meta_set(c, COUNTY_CODE_SINCE_SET_KEY, "1", err);
    return st;
}

int64_t county_code_rows_held(county_t *c)
{
    sqlite3_stmt *q = county_stmt(c, "SELECT (SELECT count(*) FROM response_rows) + (SELECT count(*) FROM quarantine)");
    int64_t n = -1;
    if (!q) return -1;
    if (sqlite3_step(q) == SQLITE_ROW) n = sqlite3_column_int64(q, 0);
    county_stmt_done(q);
    return n;
}

int64_t county_code_rows_since(county_t *c)
{
    char v[32];
    /* Only a mark written when the code was set tells which answers came
     * after it; one written later (a database from before the mark, on its
     * next merge) has every answer before it, merged under the code or not
     * (review r2bureau9, item 1). */
    if (meta_get(c, COUNTY_CODE_SINCE_SET_KEY, v, sizeof v) != JH_OK || strcmp(v, "1")) return -1;
    if (meta_get(c, COUNTY_CODE_SINCE_KEY, v, sizeof v) != JH_OK || !v[0]) return -1;
    sqlite3_stmt *q = NULL;
    int64_t n = -1;
    if (sqlite3_prepare_v2(c->db,
                           "SELECT (SELECT count(*) FROM response_rows WHERE import_id > ?1) + "
                           "(SELECT count(*) FROM quarantine WHERE import_id > ?1)",
                           -1, &q, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(q, 1, strtoll(v, NULL, 10));
        if (sqlite3_step(q) == SQLITE_ROW) n = sqlite3_column_int64(q, 0);
    }
    sqlite3_finalize(q);
    return n;
}

jh_status_t county_code_mark(county_t *c, bool now, jh_err_t *err)
{
    char v[32];
    if (!now && (c->code_marked || (meta_get(c, COUNTY_CODE_SINCE_KEY, v, sizeof v) == JH_OK && v[0]))) {
        c->code_marked = true;
        return JH_OK;
    }
    sqlite3_stmt *q = county_stmt(c, "SELECT coalesce(max(id), 0) FROM imports");
    if (!q) return county_db_fail(c, err, N_("storing a setting"));
    long long last = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : -1;
    county_stmt_done(q);
    if (last < 0) return county_db_fail(c, err, N_("storing a setting"));
    snprintf(v, sizeof v, "%lld", last);
    jh_status_t st = meta_set(c, COUNTY_CODE_SINCE_KEY, v, err);
    c->code_marked = st == JH_OK;
    return st;
}

int county_schools_count(county_t *c)
{
    sqlite3_stmt *q = NULL;
    int n = 0;
    if (sqlite3_prepare_v2(c->db, "SELECT count(*) FROM schools", -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        n = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    return n;
}


static jh_status_t prepare(county_t *c, sqlite3_stmt **st, const char *sql, jh_err_t *err)
{
    if (sqlite3_prepare_v2(c->db, sql, -1, st, NULL) != SQLITE_OK)
        return county_db_fail(c, err, N_("preparing a statement"));
    return JH_OK;
}

/* SQLite counts every allocation under a global mutex (its memory
 * status), which nothing here reads: 4-5 % of the merge's writer went to
 * those locks (issue 20).  Only possible before SQLite initialises, which
 * the first open does: junheng opens the county database first.
 *
 * The statement journal keeps SQLite's default spill (64 KB in memory,
 * then a temporary file).  A larger one (SQLITE_CONFIG_STMTJRNL_SPILL, 8 MB
 * from session 5 on, for the merge's per-file savepoints) makes every
 * statement of a transaction in WAL mode fail with SQLITE_FULL once its
 * journal passes the bound (SQLite 3.40.1 as Debian ships it: an UPDATE
 * of 30 MB of rows, a 1M-row DROP TABLE; the rollback journal modes are
 * not affected; test_county_journal).  The merge keeps its savepoints'
 * journals in memory by temp_store=MEMORY while it runs in the rollback
 * journal mode (county_merge.c, bulk_journal_begin). */
static void sqlite_setup(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

jh_status_t county_open(const char *path, county_t **out, jh_err_t *err)
{
    return county_open_as(path, false, false, out, err);
}

/* The header county_open checks: schema version, application id, objects. */
#define HEADER_SQL                                                                                                     \
    "SELECT (SELECT user_version FROM pragma_user_version), (SELECT application_id FROM pragma_application_id), "     \
    "(SELECT count(*) FROM sqlite_master)"

/* Never turn another database (a kiosk's, say) into a county database:
 * one with objects but no schema version, or another application's. */
static jh_status_t county_guard(const char *path, int version, int app_id, int objects, jh_err_t *err)
{
    if ((version == 0 && objects > 0) || (version > 0 && app_id != COUNTY_APPLICATION_ID))
        return jh_err_set(err, JH_ERR_INVALID,
                          _("%s: not a county database (a kiosk database or another SQLite file?); give the "
                            "county database, or a new file name to start one"),
                          path);
    return JH_OK;
}

/* What the file's own first 100 bytes say, before SQLite is asked to
 * change anything: another application's database (its id, or objects
 * but no schema version: the schema cookie counts changes to the schema).
 * Only a hint — the header SQLite reads (a WAL may hold a newer page 1)
 * decides in county_guard; a file that looks foreign here is just not
 * switched to WAL (which rewrites its header and adds -wal and -shm files
 * beside it) until that guard has let it pass. */
bool county_file_header(const char *path, unsigned char h[100])
{
    /* Through SQLite's own file layer, not open()/close(): a close() of
     * another descriptor of the file drops every POSIX lock this process
     * holds on it, the SHARED lock a WAL connection keeps too (another
     * process's connection then took itself for the last one, checkpointed
     * and deleted the WAL under this one: two round --open both
     * "succeeded", one's work lost; eval/rounds_clock.sh).  SQLite's unix
     * layer keeps such a descriptor open until the locks are released. */
    sqlite3_vfs *vfs = sqlite3_vfs_find(NULL);
    if (!vfs) return false;
    sqlite3_file *f = jh_xcalloc(1, (size_t)vfs->szOsFile);
    /* the name as SQLite gives a VFS: full, ending in two NULs */
    char *full = jh_xcalloc(1, (size_t)vfs->mxPathname + 2);
    int flags = 0;
    bool ok = false;
    if (vfs->xFullPathname(vfs, path, vfs->mxPathname + 1, full) == SQLITE_OK &&
        vfs->xOpen(vfs, full, f, SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_READONLY, &flags) == SQLITE_OK)
        ok = f->pMethods->xRead(f, h, 100, 0) == SQLITE_OK && memcmp(h, "SQLite format 3", 16) == 0;
    if (f->pMethods) f->pMethods->xClose(f); /* (set even when xOpen failed, SQLite's rule) */
    free(f);
    free(full);
    return ok;
}

static bool header_read(const char *path, uint32_t *cookie, uint32_t *version, uint32_t *app_id)
{
    unsigned char h[100];
    if (!county_file_header(path, h)) return false;
#define BE32(p) ((uint32_t)(p)[0] << 24 | (uint32_t)(p)[1] << 16 | (uint32_t)(p)[2] << 8 | (uint32_t)(p)[3])
    *cookie = BE32(h + 40);
    *version = BE32(h + 60);
    *app_id = BE32(h + 68);
#undef BE32
    return true;
}

static bool header_looks_foreign(const char *path)
{
    uint32_t cookie, version, app_id;
    if (!header_read(path, &cookie, &version, &app_id)) return false;
    return (version == 0 && cookie > 0) || (version > 0 && app_id != (uint32_t)COUNTY_APPLICATION_ID);
}

/* The refusal of a county database of a newer junheng (schema version). */
static jh_status_t newer_fail(const char *path, int version, jh_err_t *err)
{
    return jh_err_set(err, JH_ERR_INVALID,
                      _("%s: database schema version %d is newer than this junheng supports (%d); use a newer "
                        "junheng (the file was left untouched)"),
                      path, version, N_MIGRATIONS);
}

/* The same as SQLite reads it (a WAL's first page too), without parsing
 * the schema: the version when it is a newer county database, else 0. */
static int newer_by_pragma(sqlite3 *db)
{
    int v = 0, id = 0;
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
        v = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    q = NULL;
    if (v > N_MIGRATIONS && sqlite3_prepare_v2(db, "PRAGMA application_id", -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        id = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    return v > N_MIGRATIONS && id == COUNTY_APPLICATION_ID ? v : 0;
}

/* A county database of a newer junheng, from the header alone (review
 * rmigrate, item 4): refused before SQLite switches it to WAL (which
 * rewrites its header) or parses a schema that may use SQL this SQLite
 * does not know ("malformed database schema").  0 = not (or cannot tell:
 * a WAL's newer first page is checked once SQLite reads it). */
static int header_newer_version(const char *path)
{
    uint32_t cookie, version, app_id;
    if (!header_read(path, &cookie, &version, &app_id)) return 0;
    if (app_id != (uint32_t)COUNTY_APPLICATION_ID || version <= (uint32_t)N_MIGRATIONS) return 0;
    return version > INT32_MAX ? INT32_MAX : (int)version;
}

/* The message when a database that cannot be written cannot be read as it is. */
static jh_status_t readonly_fail(const char *path, jh_err_t *err, const char *why)
{
    return jh_err_set(err, JH_ERR_READONLY,
                      _("%s: the county database cannot be written here (read-only disk or file) and %s: copy it "
                        "(with any file beside it whose name begins with it) to a writable place and run the "
                        "command on the copy"),
                      path, why);
}

/* The message when another office's database cannot be read as it is
 * (county_open_input): a copy taken while it was being written. */
static jh_status_t input_fail(const char *path, jh_err_t *err)
{
    return jh_err_set(err, JH_ERR_INVALID,
                      _("%s: this county database cannot be read as it is (a copy taken while junheng was "
                        "writing it, without the -wal file beside it?): ask that county to close junheng and "
                        "send its database again (nothing was written to it)"),
                      path);
}

/* The county's journal mode (see county_open_as).  A merge writing the
 * file makes the switch fail with SQLITE_BUSY: the connection then waits
 * as long as a merge may take. */
static jh_status_t switch_to_wal(county_t *c, int *busy_ms, jh_err_t *err)
{
    if (sqlite3_exec(c->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL) == SQLITE_OK) return JH_OK;
    if (sqlite3_errcode(c->db) != SQLITE_BUSY) return county_db_fail(c, err, N_("database"));
    /* A merge is writing it: its group commits follow one another
     * closely and a reader may get in only once it ends, so this
     * connection waits as long as a merge may take (10 min) rather than
     * failing after 5 s, and says why it waits. */
    *busy_ms = 10 * 60 * 1000;
    sqlite3_busy_timeout(c->db, *busy_ms);
    fprintf(stderr, _("junheng: %s: a merge is writing this database: waiting for it to finish\n"), c->path);
    return JH_OK;
}

static jh_status_t county_open_as(const char *path, bool read_only, bool input, county_t **out, jh_err_t *err)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, sqlite_setup);
    *out = NULL;
    jh_status_t pst = jh_db_path_check(path, err); /* (SQLite would say "unable to open database file") */
    if (pst != JH_OK) return pst;
    county_t *c = jh_xcalloc(1, sizeof *c);
    c->path = jh_strdup(path);
    c->read_only = read_only;
    c->input = input;
    jh_status_t st;
    if (read_only && !(c->uri = readonly_uri(path, input, &c->immutable))) {
        st = input ? input_fail(path, err)
                   : readonly_fail(path, err,
                                   _("it was left in the middle of a write (its -wal or -journal file holds data)"));
        goto fail;
    }
    /* Immutable, SQLite neither locks the file nor looks for changes: a
     * read-only mount is not proof that nobody writes it (a read-only bind
     * mount or share of a folder another computer merges into), so what it
     * was at the open is kept and county_check_unchanged compares. */
    if (c->immutable && stat(path, &c->ro_stat) != 0) c->immutable = false;
    /* The header, before SQLite opens the file (county_file_header reads
     * it through SQLite's file layer, which keeps this process's locks). */
    int newer = header_newer_version(path);
    bool foreign = !read_only && header_looks_foreign(path);
    /* One thread uses a connection at a time (the merge's reader thread
     * has its own): SQLite's per-call mutexes cost 4 % of a merge. */
    if (sqlite3_open_v2(read_only ? c->uri : path, &c->db,
                        read_only ? SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX
                                  : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK) {
        int e = c->db ? sqlite3_system_errno(c->db) : 0;
        if (!read_only && access(path, F_OK) != 0 && folder_unwritable(path))
            st = folder_fail(path, err); /* a new database in another user's folder */
        else if (e == EMFILE || e == ENFILE)
            st = fds_fail(path, N_("opening the county database"), e, err);
        else if (c->db && sqlite3_errcode(c->db) == SQLITE_CANTOPEN)
            st = cantopen_fail(path, N_("opening the county database"), sqlite3_errmsg(c->db), err);
        else
            st = jh_err_set(err, JH_ERR_IO, _("%s: cannot open the county database: %s"), path,
                            c->db ? sqlite3_errmsg(c->db) : "out of memory");
        goto fail;
    }
    int busy_ms = 5000; /* (how long a statement waits for a lock) */
    sqlite3_busy_timeout(c->db, busy_ms);
    /* Until the schema version has passed, closing the connection must not
     * checkpoint a WAL into the file (a newer junheng's first page may be
     * only there: review r2mig, item 1); as store_open does. */
    sqlite3_db_config(c->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
    /* A newer junheng's database is refused before anything below touches
     * it, from its header, then as SQLite reads it (a WAL's newer first
     * page) with the plain PRAGMAs, which parse no schema: before
     * journal_mode and the other settings, which parse it (a newer schema
     * may use SQL this SQLite does not know). */
    if (!newer) newer = newer_by_pragma(c->db);
    if (newer) {
        st = newer_fail(path, newer, err);
        goto fail;
    }
    /* A new database gets 16 KB pages (set before anything is written;
     * SQLite ignores it for an existing file): a bundle's responses take a
     * quarter of the WAL frames and of the system calls that write and
     * checkpoint them.  A 2 MB page cache: the merge appends (a bundle's
     * rows and index entries land on a few pages) and the statistics scan
     * once, so a larger cache only costs its allocation and page faults
     * (32 MB made a merge of 10^6 responses 12 % and the statistics 25 %
     * slower, issue 20).  A grouped merge raises it to 8 MB while it runs
     * (county_merge_files: a group's pages then fit). */
    if (!read_only && (st = county_exec(c, "PRAGMA page_size=16384", err)) != JH_OK) goto fail;
    /* A merge of several files runs in rollback-journal mode and returns
     * to WAL at its end (bulk_journal_begin in county_merge.c); while it
     * runs, the switch back cannot be made (SQLITE_BUSY): this connection
     * then reads in the merge's mode, as SQLite's readers of a rollback
     * journal do (waiting out the merge's commits, busy timeout).  A
     * file left in that mode by a killed merge returns to WAL here. */
    bool wal_later = foreign; /* (read above, before SQLite held any lock) */
    if (!read_only && !wal_later && (st = switch_to_wal(c, &busy_ms, err)) != JH_OK) goto fail;
    if ((st = county_exec(c, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-2000;", err)) !=
        JH_OK)
        goto fail;
    sqlite3_stmt *q;
    if ((st = prepare(c, &q, HEADER_SQL, err)) != JH_OK) goto fail;
    int version = 0, app_id = 0, objects = 0;
    int hrc = sqlite3_step(q);
    if (hrc == SQLITE_ROW) {
        version = sqlite3_column_int(q, 0);
        app_id = sqlite3_column_int(q, 1);
        objects = sqlite3_column_int(q, 2);
    }
    sqlite3_finalize(q);
    if (read_only && hrc != SQLITE_ROW && input && sqlite3_errcode(c->db) != SQLITE_NOTADB &&
        sqlite3_errcode(c->db) != SQLITE_CORRUPT) {
        st = input_fail(path, err);
        goto fail;
    }
    if (read_only && hrc != SQLITE_ROW && !input) {
        st = readonly_fail(path, err, _("cannot be read without writing (a WAL database needs its -shm file)"));
        goto fail;
    }
    /* A header that could not be read (locked past the wait, an I/O
     * error) is no empty file: it must not pass the guard below.  A newer
     * junheng's schema this SQLite cannot parse (its first page in a WAL)
     * is said as such: the plain PRAGMAs read no schema. */
    if (hrc != SQLITE_ROW && (newer = newer_by_pragma(c->db)) != 0) {
        st = newer_fail(path, newer, err);
        goto fail;
    }
    if (hrc != SQLITE_ROW) {
        st = county_db_fail(c, err, N_("reading the database's header"));
        goto fail;
    }
    /* Never turn another database (a kiosk's, say) into a county database. */
    if (input && ((version == 0 && objects > 0) || (version > 0 && app_id != COUNTY_APPLICATION_ID))) {
        st = jh_err_set(err, JH_ERR_INVALID,
                        _("%s: an SQLite database, but not a county database (a kiosk's or a province "
                          "database?); check the file name: give the county database that county sent"),
                        path);
        goto fail;
    }
    if (input && version == 0) {
        st = jh_err_set(err, JH_ERR_INVALID,
                        _("%s: an empty database (no tables), not a county database: ask that county to send its "
                          "database again"),
                        path);
        goto fail;
    }
    if ((st = county_guard(path, version, app_id, objects, err)) != JH_OK) goto fail;
    if (version > N_MIGRATIONS) {
        st = newer_fail(path, version, err);
        goto fail;
    }
    if (wal_later && (st = switch_to_wal(c, &busy_ms, err)) != JH_OK) goto fail;
    /* Every pending migration in one transaction: a failure or a kill leaves
     * the database at the version it had (and a new database writes its
     * pages once).  Foreign keys are not enforced while migrating (SQLite's
     * procedure for rebuilding a table): the rows are carried over as they
     * were stored, and schema 5 rebuilds the responses table. */
    if (version < N_MIGRATIONS && input) {
        st = jh_err_set(err, JH_ERR_INVALID,
                        _("%s: a county database of an older junheng (schema %d; this junheng reads schema %d). "
                          "The province reads county databases without changing them, so it does not upgrade "
                          "it (nothing was written to it): ask that county to run any junheng command of this "
                          "version on its database once (e.g. `junheng stats --db FILE`, which upgrades it; an "
                          "older junheng cannot read it after that) and send it again; or upgrade a copy "
                          "yourself (`cp FILE COPY.db; junheng stats --db COPY.db`) and give the copy"),
                        path, version, N_MIGRATIONS);
        goto fail;
    }
    if (version < N_MIGRATIONS && read_only) {
        st = jh_err_set(err, JH_ERR_READONLY,
                        _("%s: this county database is of schema %d and must be upgraded to schema %d before it "
                          "can be read, but it cannot be written here (read-only disk or file): copy it to a "
                          "writable place and run the command on the copy (which upgrades it)"),
                        path, version, N_MIGRATIONS);
        goto fail;
    }
    if (version < N_MIGRATIONS) {
        /* The tables a migration rebuilds are dropped without their pages
         * being overwritten first (Debian's SQLite deletes securely by
         * default: 332 MB of zeros for the old responses of 10^6, written
         * and journaled); their content is in the new tables anyway.  The
         * connection's setting is restored after. */
        int secure = 1;
        sqlite3_stmt *sq = NULL;
        if (sqlite3_prepare_v2(c->db, "PRAGMA secure_delete", -1, &sq, NULL) == SQLITE_OK &&
            sqlite3_step(sq) == SQLITE_ROW)
            secure = sqlite3_column_int(sq, 0);
        sqlite3_finalize(sq);
        if ((st = county_exec(c, "PRAGMA foreign_keys=OFF; PRAGMA secure_delete=FAST", err)) != JH_OK)
            goto fail;
        /* Another connection may be migrating the file now (a report opens
         * it twice at once; a schema-5 county of 10^6 responses takes 8 s)
         * or writing it: after the usual wait, say so and wait as for a
         * merge.  Then the version is read again, below. */
        /* tests (stats/merge_safety.sh): a pause here, where another program
         * may write the file between the header's read and the write lock */
        jh_test_pause("JH_COUNTY_TEST_OPEN_PAUSE_MS");
        int brc = sqlite3_exec(c->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
        if (brc == SQLITE_BUSY) {
            fprintf(stderr, _("junheng: %s: the database is being upgraded or written: please wait (at most 10 "
                              "minutes)\n"),
                    path);
            sqlite3_busy_timeout(c->db, 10 * 60 * 1000);
            brc = sqlite3_exec(c->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
            sqlite3_busy_timeout(c->db, busy_ms);
            if (brc == SQLITE_BUSY) {
                st = jh_err_set(err, JH_ERR_IO,
                                _("%s: the database stayed locked for 10 minutes (another junheng still "
                                  "upgrading or merging it?); run this again once it has finished"),
                                path);
                goto fail;
            }
        }
        if (brc != SQLITE_OK) {
            st = county_db_fail(c, err, N_("database"));
            goto fail;
        }
        /* Read again under the write lock: another connection may have
         * migrated the file while this one waited for it (the report's
         * comments thread and its statistics open the same database at
         * once), and a migration must never run twice; or made it another
         * database meanwhile (an empty file a kiosk has begun to use): the
         * guard again, on what is there now. */
        int v = -1;
        sqlite3_stmt *vq = NULL;
        if (sqlite3_prepare_v2(c->db, HEADER_SQL, -1, &vq, NULL) == SQLITE_OK && sqlite3_step(vq) == SQLITE_ROW) {
            v = sqlite3_column_int(vq, 0);
            app_id = sqlite3_column_int(vq, 1);
            objects = sqlite3_column_int(vq, 2);
        }
        sqlite3_finalize(vq);
        if (v < 0) {
            st = county_db_fail(c, err, N_("reading the database's header"));
            sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
            goto fail;
        }
        if ((st = county_guard(path, v, app_id, objects, err)) != JH_OK) {
            sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
            goto fail;
        }
        if (v > N_MIGRATIONS) {
            sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
            st = newer_fail(path, v, err);
            goto fail;
        }
        bool done = v == N_MIGRATIONS;
        for (; v < N_MIGRATIONS; v++)
            if ((st = migrations[v] ? county_exec(c, migrations[v], err)
                                    : v == 4 ? migrate_5(c, err)
                                    : v == 5 ? migrate_6(c, err)
                                    : v == 8 ? migrate_9(c, err)
                                             : migrate_10(c, err)) != JH_OK)
                break;
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", N_MIGRATIONS);
        if (done) {
            sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL); /* migrated by the other: nothing to write */
        } else if (st == JH_OK && (st = county_exec(c, pragma, err)) == JH_OK &&
                   (st = county_exec(c, "COMMIT", err)) == JH_OK) {
            v = N_MIGRATIONS;
        }
        if (st != JH_OK) sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
        sqlite3_exec(c->db, secure == 2 ? "PRAGMA secure_delete=FAST" : secure ? "PRAGMA secure_delete=ON"
                                                                               : "PRAGMA secure_delete=OFF",
                     NULL, NULL, NULL);
        if (st != JH_OK) {
            jh_err_prefix(err, _("migrating to schema %d"), v < N_MIGRATIONS ? v + 1 : N_MIGRATIONS);
            goto fail;
        }
    }
    /* The version passed: a close checkpoints again (no -wal lingers). */
    sqlite3_db_config(c->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, NULL);
    if ((st = county_exec(c, "PRAGMA foreign_keys=ON", err)) != JH_OK) goto fail;
    {
        /* the uuid marks' secret (schema 9) */
        sqlite3_stmt *kq = NULL;
        if (sqlite3_prepare_v2(c->db, "SELECT value FROM meta WHERE key = '" COUNTY_MARK_KEY "'", -1, &kq, NULL) ==
                SQLITE_OK &&
            sqlite3_step(kq) == SQLITE_ROW) {
            const char *hex = (const char *)sqlite3_column_text(kq, 0);
            c->has_mark_key = hex && strlen(hex) == 32 && jh_unhex(hex, c->mark_key, sizeof c->mark_key);
        }
        sqlite3_finalize(kq);
    }
    if ((st = prepare(c, &c->ins_resp,
                      "INSERT INTO response_rows(kiosk, seq, uuid, survey, lang, started_ms, ended_ms, "
                      "duration_ms, status, flags, chain, codes, extra, day, import_id, school_code, survey_id, "
                      "role) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(kiosk, seq) DO NOTHING",
                      err)) != JH_OK ||
        (st = prepare(c, &c->get_resp,
                      "SELECT " COUNTY_UUID_TEXT_SQL("uuid") ", " COUNTY_CHAIN_TEXT_SQL("chain") " FROM response_rows "
                      "WHERE kiosk = (SELECT id FROM kiosk_refs WHERE kiosk_id = ?1) AND seq = ?2",
                      err)) != JH_OK ||
        (st = prepare(c, &c->ins_quar,
                      "INSERT OR IGNORE INTO quarantine(import_id, kiosk_id, seq, uuid, chain, "
                      "stored_uuid, stored_chain, canonical, reason) VALUES (?,?,?,?,?,?,?,?,?)",
                      err)) != JH_OK ||
        (st = prepare(c, &c->ins_survey,
                      "INSERT OR IGNORE INTO surveys(hash, survey_id, version, audience, method, "
                      "definition) VALUES (?,?,?,?,?,?)",
                      err)) != JH_OK ||
        (st = prepare(c, &c->get_kiosk,
                      "SELECT public_key, fingerprint, school_code FROM kiosks WHERE kiosk_id = ?",
                      err)) != JH_OK ||
        (st = prepare(c, &c->get_key,
                      "SELECT kiosk_id, school_code FROM kiosks WHERE fingerprint = ?1 AND "
                      "kiosk_id <> ?2 UNION ALL SELECT o.kiosk_id, k.school_code FROM kiosk_old_keys o "
                      "JOIN kiosks k ON k.kiosk_id = o.kiosk_id WHERE o.fingerprint = ?1 AND o.kiosk_id <> ?2",
                      err)) != JH_OK ||
        (st = prepare(c, &c->ins_kiosk,
                      "INSERT INTO kiosks(kiosk_id, public_key, fingerprint, school_code, source, "
                      "pinned_ms) VALUES (?,?,?,?,?,?)",
                      err)) != JH_OK ||
        (st = prepare(c, &c->ins_import,
                      "INSERT INTO imports(file, file_sha256, kiosk_id, school_code, kind, "
                      "first_seq, last_seq, n_responses, n_new, n_duplicate, n_quarantined, "
                      "verdict, reason, imported_ms, school_level, locality) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                      err)) != JH_OK)
        goto fail;
    *out = c;
    return JH_OK;
fail:
    county_close(c);
    return st;
}

/* Whether a -wal, -shm or -journal file is beside an input database. */
static bool input_has_sidecar(const char *path)
{
    return sidecar_exists(path, "-wal") || sidecar_exists(path, "-shm") || sidecar_exists(path, "-journal");
}

/* Copies from into to (a new file, mode 0600), a block at a time. */
static bool copy_into(const char *from, const char *to, int *e)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    int out = in < 0 ? -1 : open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    bool ok = in >= 0 && out >= 0;
    char *buf = ok ? jh_xmalloc(1 << 20) : NULL;
    *e = ok ? 0 : errno;
    while (ok) {
        ssize_t r = read(in, buf, 1 << 20);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) {
            ok = r == 0;
            if (!ok) *e = errno;
            break;
        }
        for (ssize_t w = 0; ok && w < r;) {
            ssize_t k = write(out, buf + w, (size_t)(r - w));
            if (k < 0 && errno == EINTR) continue;
            if (k <= 0) {
                ok = false;
                *e = k < 0 ? errno : ENOSPC;
            } else {
                w += k;
            }
        }
    }
    if (out >= 0 && close(out) != 0 && ok) {
        ok = false;
        *e = errno;
    }
    if (in >= 0) close(in);
    free(buf);
    return ok;
}

/* The stat of path + suffix, zeroed when there is none. */
static void sidecar_stat(const char *path, const char *suffix, struct stat *sb)
{
    char *name = jh_sprintf("%s%s", path, suffix);
    if (stat(name, sb) != 0) memset(sb, 0, sizeof *sb);
    free(name);
}

static bool same_stat(const struct stat *a, const struct stat *b)
{
    return a->st_ino == b->st_ino && a->st_dev == b->st_dev && a->st_size == b->st_size &&
           a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* An input database sent with its -wal (or -journal, or -shm) file: even a
 * read-only connection creates or writes the -shm beside it (the province
 * must never write into a county's folder), and an immutable open would
 * ignore the answers committed in the -wal (or read a half-written file
 * beside a hot -journal).  The database and its -wal and -journal are
 * copied into a private folder (mkdtemp under $TMPDIR or /tmp, mode 0700;
 * a -shm is never copied: SQLite rebuilds it from the -wal), SQLite
 * applies the -wal (or rolls back the -journal) there, and the copy is
 * read as immutable; the folder is removed at county_close.  A file that
 * changed while it was copied (a county's junheng still writing it) is
 * refused.  The county is still named by the path given. */
static jh_status_t open_input_copy(const char *path, county_t **out, jh_err_t *err)
{
    static const char *const sfx[3] = {"", "-wal", "-journal"};
    struct stat was[3], now[3];
    for (int i = 0; i < 3; i++) sidecar_stat(path, sfx[i], &was[i]);
    const char *base = getenv("TMPDIR");
    char *dir = jh_sprintf("%s/jh-county-input-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(dir)) {
        int e = errno;
        jh_status_t st = jh_err_set(err, JH_ERR_IO,
                                    _("%s: a -wal, -shm or -journal file is beside it, so it is read from a private "
                                      "copy (nothing is written beside it), but no folder for the copy can be "
                                      "created in %s: %s; set TMPDIR to a folder with room, or ask that county to "
                                      "close junheng and send its database again"),
                                    path, base && *base ? base : "/tmp", strerror(e));
        free(dir);
        return st;
    }
    char *copy = jh_sprintf("%s/county.db", dir);
    jh_status_t st = JH_OK;
    for (int i = 0; i < 3 && st == JH_OK; i++) {
        if (i > 0 && was[i].st_size == 0) continue; /* (none, or empty: nothing in it) */
        char *from = jh_sprintf("%s%s", path, sfx[i]), *to = jh_sprintf("%s%s", copy, sfx[i]);
        int e = 0;
        if (!copy_into(from, to, &e))
            st = jh_err_set(err, e == ENOSPC ? JH_ERR_FULL : JH_ERR_IO,
                            _("%s: a -wal, -shm or -journal file is beside it, so it is read from a private copy "
                              "(nothing is written beside it), but %s could not be copied into %s: %s; set TMPDIR "
                              "to a folder with room, or ask that county to close junheng and send its database "
                              "again"),
                            path, from, dir, strerror(e));
        free(from);
        free(to);
    }
    for (int i = 0; i < 3 && st == JH_OK; i++) {
        sidecar_stat(path, sfx[i], &now[i]);
        if (!same_stat(&was[i], &now[i]))
            st = jh_err_set(err, JH_ERR_CONFLICT,
                            _("%s: the county database changed while it was copied to be read (a program, e.g. "
                              "junheng merge, is writing it): run again once that has ended"),
                            path);
    }
    if (st == JH_OK) {
        /* The -wal applied to the copy (or its -journal rolled back) and
         * written into it: the copy is then read like any file without
         * one (immutable).  A failure here is left to county_open_as,
         * which says what cannot be read. */
        sqlite3 *db = NULL;
        if (sqlite3_open_v2(copy, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK)
            sqlite3_exec(db, "SELECT count(*) FROM sqlite_master; PRAGMA wal_checkpoint(TRUNCATE);", NULL, NULL,
                         NULL);
        sqlite3_close(db);
        st = county_open_as(copy, true, true, out, err);
        if (st != JH_OK) {
            /* (the messages name the file given, not the copy) */
            char msg[sizeof err->msg];
            snprintf(msg, sizeof msg, "%s", err->msg);
            char *at = strstr(msg, copy);
            if (at) {
                *at = 0;
                jh_err_set(err, st, "%s%s%s", msg, path, at + strlen(copy));
            }
        }
    }
    if (st == JH_OK) {
        free((*out)->path);
        (*out)->path = jh_strdup(path);
        (*out)->copy_dir = dir;
        dir = NULL;
    }
    if (dir) jh_rm_tree(dir);
    free(dir);
    free(copy);
    return st;
}

jh_status_t county_check_unchanged(const county_t *c, jh_err_t *err)
{
    /* (a private copy: checked as it was copied, and nothing writes it) */
    if (!c->immutable || c->copy_dir) return JH_OK;
    struct stat now;
    const struct stat *was = &c->ro_stat;
    if (stat(c->path, &now) == 0 && now.st_ino == was->st_ino && now.st_dev == was->st_dev &&
        now.st_size == was->st_size && now.st_mtim.tv_sec == was->st_mtim.tv_sec &&
        now.st_mtim.tv_nsec == was->st_mtim.tv_nsec)
        return JH_OK;
    return jh_err_set(err, JH_ERR_CONFLICT,
                      _("%s: the county database changed while it was read (read-only here, but another computer "
                        "or program writes it, e.g. a merge): run again once that has ended, or copy the file to a "
                        "writable place"),
                      c->path);
}

void county_close(county_t *c)
{
    if (!c) return;
    if (c->dry_run) sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL); /* nothing of a dry run stays */
    sqlite3_stmt *sts[] = {c->ins_resp, c->get_resp, c->ins_quar, c->ins_survey,
                           c->get_kiosk, c->get_key, c->ins_kiosk, c->ins_import, c->merged_before,
                           c->get_codes, c->ins_code, c->ins_rows[0], c->ins_rows[1]};
    for (size_t i = 0; i < sizeof sts / sizeof sts[0]; i++) sqlite3_finalize(sts[i]);
    for (int i = 0; i < c->n_cached; i++) sqlite3_finalize(c->cached[i].stmt);
    sqlite3_close(c->db);
    if (c->copy_dir) jh_rm_tree(c->copy_dir); /* (an input's private copy: open_input_copy) */
    free(c->copy_dir);
    free(c->uri);
    bundle_cache_destroy(c->surveys);
    for (int i = 0; i < c->n_dicts; i++) county_codes_free(c->dicts[i].k);
    free(c->dicts);
    free(c->path);
    free(c);
}

struct sqlite3 *county_db(county_t *c)
{
    return c->db;
}

const char *county_path(const county_t *c)
{
    return c->path;
}

const char *county_uri(const county_t *c)
{
    return c->uri ? c->uri : c->path;
}

/* ---- school register ------------------------------------------------------ */

static const char *part_name(int p)
{
    return p < 0 ? "" : stats_part_code((stats_part_t)p);
}

jh_status_t county_schools_replace(county_t *c, const stats_school_t *schools, int n,
                                   const char *source, const char *sha256, int64_t now_ms,
                                   jh_err_t *err)
{
    sqlite3_stmt *ins = NULL, *val = NULL, *meta = NULL;
    jh_status_t st;
    if ((st = county_begin_write(c, err)) != JH_OK) return st; /* (waits for a round --open, a merge) */
    if ((st = county_exec(c, "DELETE FROM school_values; DELETE FROM schools;", err)) != JH_OK) goto fail;
    if ((st = prepare(c, &ins,
                      "INSERT INTO schools(code, name, level, locality, kind, line) "
                      "VALUES (?,?,?,?,?,?)",
                      err)) != JH_OK ||
        (st = prepare(c, &val,
                      "INSERT INTO school_values(code, field, part, value) VALUES (?,?,?,?)",
                      err)) != JH_OK ||
        (st = prepare(c, &meta, "INSERT OR REPLACE INTO meta(key, value) VALUES (?,?)", err)) !=
            JH_OK)
        goto fail;
    for (int i = 0; i < n; i++) {
        const stats_school_t *s = &schools[i];
        sqlite3_bind_text(ins, 1, s->code, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 2, s->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 3, stats_level_code(s->level), -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 4, stats_locality_code(s->locality), -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 5, stats_kind_code(s->kind), -1, SQLITE_STATIC);
        sqlite3_bind_int(ins, 6, s->line);
        if (sqlite3_step(ins) != SQLITE_DONE) {
            st = county_db_fail(c, err, N_("storing the school register"));
            goto fail;
        }
        sqlite3_reset(ins);
        for (int p = -1; p < STATS_PART_COUNT; p++)
            for (int f = 0; f < STATS_F_COUNT; f++) {
                double v = p < 0 ? s->whole[f] : s->part[p][f];
                if (isnan(v)) continue;
                sqlite3_bind_text(val, 1, s->code, -1, SQLITE_STATIC);
                sqlite3_bind_text(val, 2, schools_field_key((stats_field_t)f), -1, SQLITE_STATIC);
                sqlite3_bind_text(val, 3, part_name(p), -1, SQLITE_STATIC);
                sqlite3_bind_double(val, 4, v);
                if (sqlite3_step(val) != SQLITE_DONE) {
                    st = county_db_fail(c, err, N_("storing the school register"));
                    goto fail;
                }
                sqlite3_reset(val);
            }
        for (int e = 0; e < STATS_X_COUNT; e++) {
            if (isnan(s->extra[e])) continue;
            sqlite3_bind_text(val, 1, s->code, -1, SQLITE_STATIC);
            sqlite3_bind_text(val, 2, schools_extra_key((stats_extra_t)e), -1, SQLITE_STATIC);
            sqlite3_bind_text(val, 3, "", -1, SQLITE_STATIC);
            sqlite3_bind_double(val, 4, s->extra[e]);
            if (sqlite3_step(val) != SQLITE_DONE) {
                st = county_db_fail(c, err, N_("storing the school register"));
                goto fail;
            }
            sqlite3_reset(val);
        }
        for (int r = 0; r < STATS_N_REPORTED; r++) {
            if (isnan(s->reported[r])) continue;
            char key[32];
            snprintf(key, sizeof key, "reported_%s", stats_reported_indicator(r)->code);
            sqlite3_bind_text(val, 1, s->code, -1, SQLITE_STATIC);
            sqlite3_bind_text(val, 2, key, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(val, 3, "", -1, SQLITE_STATIC);
            sqlite3_bind_double(val, 4, s->reported[r]);
            if (sqlite3_step(val) != SQLITE_DONE) {
                st = county_db_fail(c, err, N_("storing the school register"));
                goto fail;
            }
            sqlite3_reset(val);
        }
    }
    char when[32];
    jh_format_time_ms(now_ms, when); /* compared with a round's opening (stats) */
    const char *kv[][2] = {{"register_file", source}, {"register_sha256", sha256},
                           {"register_loaded", when}};
    for (int i = 0; i < 3; i++) {
        sqlite3_bind_text(meta, 1, kv[i][0], -1, SQLITE_STATIC);
        sqlite3_bind_text(meta, 2, kv[i][1] ? kv[i][1] : "", -1, SQLITE_STATIC);
        if (sqlite3_step(meta) != SQLITE_DONE) {
            st = county_db_fail(c, err, N_("storing the school register"));
            goto fail;
        }
        sqlite3_reset(meta);
    }
    sqlite3_finalize(ins);
    sqlite3_finalize(val);
    sqlite3_finalize(meta);
    return county_exec(c, "COMMIT", err);
fail:
    sqlite3_finalize(ins);
    sqlite3_finalize(val);
    sqlite3_finalize(meta);
    sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
    return st;
}

static int field_by_key(const char *key)
{
    for (int f = 0; f < STATS_F_COUNT; f++)
        if (!strcmp(key, schools_field_key((stats_field_t)f))) return f;
    return -1;
}

jh_status_t county_schools_load(county_t *c, stats_school_t **out, int *n, jh_err_t *err)
{
    sqlite3_stmt *q = NULL, *v = NULL;
    stats_school_t *s = NULL;
    int count = 0, cap = 0;
    jh_status_t st;
    *out = NULL;
    *n = 0;
    if ((st = prepare(c, &q, "SELECT code, name, level, locality, kind, line FROM schools ORDER BY code",
                      err)) != JH_OK ||
        (st = prepare(c, &v, "SELECT field, part, value FROM school_values WHERE code = ?", err)) !=
            JH_OK)
        goto fail;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (count == cap) {
            cap = cap ? cap * 2 : 64;
            s = jh_xrealloc(s, (size_t)cap * sizeof *s);
        }
        stats_school_t *x = &s[count++];
        schools_init(x, 0);
        snprintf(x->code, sizeof x->code, "%s", (const char *)sqlite3_column_text(q, 0));
        snprintf(x->name, sizeof x->name, "%s", (const char *)sqlite3_column_text(q, 1));
        if (!stats_level_parse((const char *)sqlite3_column_text(q, 2), &x->level) ||
            !stats_locality_parse((const char *)sqlite3_column_text(q, 3), &x->locality) ||
            !stats_kind_parse((const char *)sqlite3_column_text(q, 4), &x->kind)) {
            st = jh_err_set(err, JH_ERR_CORRUPT, _("%s: school %s has an unknown level, locality or kind"),
                            c->path, x->code);
            goto fail;
        }
        x->line = sqlite3_column_int(q, 5);
        sqlite3_bind_text(v, 1, x->code, -1, SQLITE_TRANSIENT);
        while (sqlite3_step(v) == SQLITE_ROW) {
            const char *key = (const char *)sqlite3_column_text(v, 0);
            int f = field_by_key(key);
            const char *part = (const char *)sqlite3_column_text(v, 1);
            double val = sqlite3_column_double(v, 2);
            if (!strncmp(key, "reported_", 9))
                for (int r = 0; r < STATS_N_REPORTED; r++)
                    if (!strcmp(key + 9, stats_reported_indicator(r)->code)) x->reported[r] = val;
            for (int e = 0; e < STATS_X_COUNT; e++)
                if (!strcmp(key, schools_extra_key((stats_extra_t)e)) && !part[0]) x->extra[e] = val;
            if (f < 0) continue;
            if (!part[0]) {
                x->whole[f] = val;
                continue;
            }
            for (int p = 0; p < STATS_PART_COUNT; p++)
                if (!strcmp(part, stats_part_code((stats_part_t)p))) x->part[p][f] = val;
        }
        sqlite3_reset(v);
    }
    if (rc != SQLITE_DONE) {
        st = county_db_fail(c, err, N_("reading the school register"));
        goto fail;
    }
    sqlite3_finalize(q);
    sqlite3_finalize(v);
    *out = s;
    *n = count;
    return JH_OK;
fail:
    sqlite3_finalize(q);
    sqlite3_finalize(v);
    free(s);
    return st;
}

