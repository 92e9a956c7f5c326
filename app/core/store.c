/* store.c - the kiosk's SQLite store: schema and migrations, settings,
 * responses written answer by answer and finalised into a hash chain, the
 * administrator PIN and the kiosk's Ed25519 signing key. */
#include "store.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <libgen.h>
#include <pwd.h>
#include <limits.h>
#include <math.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "county.h" /* COUNTY_APPLICATION_ID: a county database given to the kiosk */

/* ---- types ---------------------------------------------------------------- */

struct store {
    sqlite3 *db;              /* the connection (owned) */
    char *path;               /* database path (owned) */
    unsigned char sk[crypto_sign_SECRETKEYBYTES]; /* Ed25519 secret key (seed + pk) */
    unsigned char pk[crypto_sign_PUBLICKEYBYTES]; /* Ed25519 public key */
    int pin_failures;         /* in-memory mirror, used when the DB cannot record */
    int64_t pin_locked_until; /* in-memory mirror of the lock */
    int64_t seq_reserved;     /* identity file: no seq above this was ever used */
    int64_t seq_committed;    /* identity file: highest seq ever finalised (a database
                                 restored from an older copy is below it) */
    int64_t seq_exported;     /* identity file: highest seq ever exported (the bureau has every
                                 finished one up to it: not lost with the database) */
    bool identity_off;        /* the identity file cannot be written here (read-only) */
    bool identity_missing;    /* store_open found no identity file (a first start, or one lost with
                               * its database: then the seqs used before are unknown) */
    int64_t opened_ms;        /* store_open's time (the clock-derived seq floor) */
    char **known_surveys;     /* installed questionnaire ids (owned), NULL = not checked */
    char *conf_school;        /* the config file's school_code, not stored: the kiosk's answers lock another
                               * (owned; NULL when none) */
    char *conf_ignored;       /* the config file's optional lines not taken, one message a line (owned; NULL
                               * when none) */
    char *conf_kiosk_id;      /* the config file's kiosk_id line (owned; NULL when none) */
    bool conf_renaming;       /* store_load_config validates a new kiosk_id it will rename the kiosk to */
    int n_known_surveys;
    int64_t seq_restored_from; /* store_open: highest seq of a database older than the identity */
    int lock_fd;              /* PATH.lock, flock()ed while this store owns the database; -1 = not held */
    bool keep_key_note;       /* store_key_note_keep */
    int lock_errno;           /* the last open of PATH.lock failed with this (0 = it opened) */
};

typedef bool (*setting_check_fn)(const char *value);

typedef struct {
    const char *key;
    setting_check_fn check;
    const char *expected;     /* what a valid value looks like, for messages */
} setting_def_t;

/* ---- static prototypes ---------------------------------------------------- */

static jh_status_t sql_fail(store_t *st, int rc, const char *what, jh_err_t *err);
static jh_status_t exec_sql(store_t *st, const char *sql, const char *what, jh_err_t *err);
static jh_status_t begin_tx(store_t *st, const char *what, jh_err_t *err);
static jh_status_t commit_tx(store_t *st, const char *what, jh_err_t *err);
static void rollback_tx(store_t *st);
static const setting_def_t *setting_find(const char *key);
static bool pin_row(store_t *st, char **hash, int *failures, int64_t *locked);
static jh_status_t setting_validate(store_t *st, const char *key, const char *value, jh_err_t *err);
static jh_status_t finalise_row(store_t *st, int64_t seq, store_status_t status, int64_t ended_ms,
                                const char *flags, const char *what, jh_err_t *err);
static jh_status_t identity_save(store_t *st, jh_err_t *err);
static int64_t db_seq_exported(store_t *st);
static jh_status_t identity_restore(store_t *st, bool fresh, jh_err_t *err);
static jh_status_t setting_write(store_t *st, const char *key, const char *value, jh_err_t *err);
static jh_status_t compute_flags(store_t *st, const store_draft_t *d, int64_t seq, int64_t now_ms, char *out,
                                 size_t n, jh_err_t *err);
static bool owner_lock_try(store_t *st);
static int lock_holder_pid(store_t *st);
static int64_t db_seq_max(store_t *st);
static int64_t db_int(store_t *st, const char *sql);
static jh_status_t seq_jump_unknown(store_t *st, const char *why_zh, const char *why_en, bool quiet, bool kept,
                                    jh_err_t *err);
static bool identity_moved_aside(const char *db_path);

/* ---- state ---------------------------------------------------------------- */

#define STORE_SEQ_MARGIN 1000
/* A kiosk that recorded answers before but whose identity file is gone
 * (its disk died; a database put back without it) cannot know the seqs it
 * used: it continues at STORE_SEQ_UNKNOWN_BASE + the seconds since
 * STORE_SEQ_EPOCH_MS (seq_floor_unknown), above any seq it can have used. */
#define STORE_SEQ_UNKNOWN_BASE 1000000
/* Sequence numbers are reserved in blocks in the identity file, so it is
 * written once per block, not once per questionnaire. */
#define STORE_SEQ_BLOCK 100
#define PIN_MAX_FAILURES 5
#define PIN_LOCK_MS (5 * 60 * 1000)
/* Each further lock doubles, up to a day: 5, 10, 20, 40 min, ... 24 h.  At
 * the cap five guesses a day try all 10,000 four-digit PINs in about five
 * years; a technician can always set a new PIN in kiosk.conf
 * (docs/kiosk.md, "PIN"). */
#define PIN_LOCK_MAX_MS (24LL * 60 * 60 * 1000)
#define PIN_OPSLIMIT 4
#define PIN_MEMLIMIT (8u * 1024u * 1024u)

/* Migration i brings the schema from version i to i + 1.  Never edit a
 * released entry: add a new one. */
static const char *const migrations[] = {
    /* 0 -> 1 */
    "CREATE TABLE settings(\n"
    "  key TEXT PRIMARY KEY,\n"
    "  value TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE surveys(\n"
    "  hash TEXT PRIMARY KEY,\n"
    "  id TEXT NOT NULL,\n"
    "  version TEXT NOT NULL,\n"
    "  source_json TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE responses(\n"
    "  seq INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "  uuid TEXT NOT NULL UNIQUE,\n"
    "  survey_id TEXT NOT NULL,\n"
    "  survey_hash TEXT NOT NULL REFERENCES surveys(hash),\n"
    "  role TEXT NOT NULL,\n"
    "  lang TEXT NOT NULL,\n"
    "  started_ms INTEGER NOT NULL,\n"
    "  updated_ms INTEGER NOT NULL,\n"
    "  ended_ms INTEGER,\n"
    "  status INTEGER NOT NULL DEFAULT 0 CHECK(status IN (0, 1, 2)),\n"
    "  flags TEXT NOT NULL DEFAULT '',\n"
    "  canonical TEXT,\n"
    "  chain TEXT,\n"
    "  CHECK((status = 0) = (chain IS NULL))\n"
    ");\n"
    "CREATE INDEX responses_status ON responses(status);\n"
    "CREATE TABLE answers(\n"
    "  seq INTEGER NOT NULL REFERENCES responses(seq),\n"
    "  ord INTEGER NOT NULL,\n"
    "  item_id TEXT NOT NULL,\n"
    "  value TEXT NOT NULL,\n"
    "  answered_ms INTEGER NOT NULL,\n"
    "  PRIMARY KEY(seq, item_id)\n"
    ");\n"
    "CREATE TABLE pin(\n"
    "  id INTEGER PRIMARY KEY CHECK(id = 1),\n"
    "  hash TEXT,\n"
    "  failures INTEGER NOT NULL DEFAULT 0,\n"
    "  locked_until_ms INTEGER NOT NULL DEFAULT 0\n"
    ");\n"
    "INSERT INTO pin(id) VALUES (1);\n"
    "CREATE TABLE exports(\n"
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "  exported_ms INTEGER NOT NULL,\n"
    "  kind TEXT NOT NULL,\n"
    "  path TEXT NOT NULL,\n"
    "  backup_path TEXT NOT NULL,\n"
    "  first_seq INTEGER NOT NULL,\n"
    "  last_seq INTEGER NOT NULL,\n"
    "  n_responses INTEGER NOT NULL,\n"
    "  last_chain TEXT NOT NULL,\n"
    "  file_sha256 TEXT NOT NULL\n"
    ");\n",
    /* 1 -> 2: complete questionnaires left at the summary (submitted by
     * timeout) are status 1 with timed_out = 1. */
    "ALTER TABLE responses ADD COLUMN timed_out INTEGER NOT NULL DEFAULT 0 CHECK(timed_out IN (0, 1));\n",
};

static bool check_code(const char *v)
{
    size_t n = strlen(v);
    if (n < 1 || n > 32) return false;
    for (const char *p = v; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_' ||
              *p == '-'))
            return false;
    return true;
}

/* A school's name: the kiosk's own bundle reader refuses in a name what
 * jh_first_control finds (C0 and C1 controls, direction overrides and
 * isolates), so the kiosk refuses the same (review rattack5 finding 1: a
 * name with U+202E made every export of that kiosk fail). */
static bool check_name(const char *v)
{
    size_t n = strlen(v);
    if (n == 0 || !store_utf8_valid(v, n) || jh_first_control(v, NULL)) return false;
    size_t chars = 0;
    for (const unsigned char *p = (const unsigned char *)v; *p; p++)
        if ((*p & 0xc0) != 0x80) chars++;
    return chars <= 100;
}

static bool check_one_of(const char *v, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(v, *list)) return true;
    return false;
}

static bool check_level(const char *v)
{
    static const char *const l[] = {"primary", "junior", "nine_year", "complete_middle", "twelve_year", NULL};
    return check_one_of(v, l);
}

static bool check_locality(const char *v)
{
    static const char *const l[] = {"urban", "town", "rural", NULL};
    return check_one_of(v, l);
}

static bool check_county(const char *v)
{
    if (strlen(v) != 6) return false;
    for (const char *p = v; *p; p++)
        if (*p < '0' || *p > '9') return false;
    return true;
}

static bool check_idle(const char *v)
{
    if (!*v || strlen(v) > 4) return false;
    for (const char *p = v; *p; p++)
        if (*p < '0' || *p > '9') return false;
    long n = strtol(v, NULL, 10);
    return n >= 15 && n <= 3600;
}

static bool check_survey_list(const char *v)
{
    /* Comma-separated ids of [A-Za-z0-9_.-]; spaces after commas allowed. */
    const char *p = v;
    if (!*p) return true; /* none active */
    for (;;) {
        while (*p == ' ') p++;
        const char *start = p;
        while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_' ||
               *p == '-' || *p == '.')
            p++;
        if (p == start) return false;
        while (*p == ' ') p++;
        if (!*p) return true;
        if (*p != ',') return false;
        p++;
    }
}

static bool check_theme(const char *v)
{
    return !strcmp(v, "default") || !strcmp(v, "high_contrast");
}

static bool check_on_off(const char *v)
{
    return !strcmp(v, "on") || !strcmp(v, "off");
}

static bool check_percent(const char *v)
{
    if (!*v || strlen(v) > 3) return false;
    for (const char *p = v; *p; p++)
        if (*p < '0' || *p > '9') return false;
    return strtol(v, NULL, 10) <= 100;
}

static bool check_voice_source(const char *v)
{
    return !strcmp(v, "recorded") || !strcmp(v, "synthesised");
}

static bool check_hex32(const char *v)
{
    unsigned char b[32];
    return strlen(v) == 64 && jh_unhex(v, b, sizeof b);
}

/* screen_inches: the screen's diagonal, 3 to 110 inches (7, 10.1, 21.5). */
static bool check_inches(const char *v)
{
    if (!*v || strlen(v) > 6 || *v < '0' || *v > '9') return false;
    char *end;
    double d = strtod(v, &end);
    return !*end && d >= 3 && d <= 110;
}

static bool check_target(const char *v)
{
    if (!*v || strlen(v) > 6 || *v == '0') return false;
    for (const char *p = v; *p; p++)
        if (*p < '0' || *p > '9') return false;
    return strtol(v, NULL, 10) <= 100000;
}

static const setting_def_t settings[] = {
    {"school_code", check_code, N_("1 to 32 letters, digits, '_' or '-'")},
    {"school_name", check_name, N_("1 to 100 characters, no invisible control or direction characters")},
    {"school_level", check_level, N_("one of: primary, junior, nine_year, complete_middle, twelve_year")},
    {"locality", check_locality, N_("one of: urban, town, rural")},
    {"county_code", check_county, N_("6 digits (the county's administrative division code)")},
    {"kiosk_id", check_code, N_("1 to 32 letters, digits, '_' or '-'")},
    {"idle_seconds", check_idle, N_("a whole number of seconds from 15 to 3600")},
    {"active_surveys", check_survey_list, N_("questionnaire ids separated by commas")},
    /* issue 14: accessibility, set on the admin screen */
    {"theme", check_theme, N_("default or high_contrast")},
    {"voice", check_on_off, N_("on or off (read-aloud offered)")},
    {"voice_volume", check_percent, N_("a whole number from 0 to 100 (per cent)")},
    {"voice_source", check_voice_source, N_("recorded (county recordings where present) or synthesised")},
    {"bureau_key", check_hex32, N_("the bureau's public key, 64 hex digits")},
    /* issue 18: the school's target sample (overrides the county pack's) */
    {"sample_target", check_target, N_("a whole number of questionnaires from 1 to 100000")},
    /* the screen's size: buttons at least 9 mm on it (review rscreen7 item 1) */
    {"screen_inches", check_inches, N_("the screen's diagonal in inches, from 3 to 110 (such as 7 or 10.1)")},
    {NULL, NULL, NULL},
};

#define SETTING_KEYS_TEXT                                                                          \
    "school_code, school_name, school_level, locality, county_code, kiosk_id, idle_seconds, "     \
    "active_surveys, theme, voice, voice_volume, voice_source, sample_target, screen_inches, admin_pin"

/* What kiosk.conf takes: the settings and the technician's line. */
#define SETTING_CONF_KEYS_TEXT SETTING_KEYS_TEXT ", forget_bureau_key"
/* The messages of a config file's mistakes fit jh_err_t's (the rest are counted). */
#define CONF_ERRORS_MAX 900

/* ---- public functions: open and close --------------------------------------- */

static void path_sibling(char *out, size_t n, const char *path, const char *suffix)
{
    snprintf(out, n, "%s%s", path, suffix);
}

static bool file_exists(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0;
}

/* Renames the database and its -wal/-shm aside, never overwriting anything. */
static jh_status_t move_aside(const char *path, int64_t now_ms, char *moved_to, size_t n, jh_err_t *err)
{
    char stamp[32];
    time_t t = (time_t)(now_ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
    char target[1200];
    for (int i = 0; i < 1000; i++) {
        if (i == 0) snprintf(target, sizeof target, "%s.corrupt-%s", path, stamp);
        else snprintf(target, sizeof target, "%s.corrupt-%s-%d", path, stamp, i);
        char wal[1300], shm[1300];
        snprintf(wal, sizeof wal, "%s-wal", target);
        snprintf(shm, sizeof shm, "%s-shm", target);
        if (!file_exists(target) && !file_exists(wal) && !file_exists(shm)) break;
    }
    if (rename(path, target) != 0)
        return jh_err_set(err, jh_status_from_errno(errno),
                          "%s: the database is damaged and could not be moved aside to %s: %s", path, target,
                          strerror(errno));
    static const char *const sides[] = {"-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof sides / sizeof *sides; i++) {
        char from[1200], to[1300];
        path_sibling(from, sizeof from, path, sides[i]);
        snprintf(to, sizeof to, "%s%s", target, sides[i]);
        if (file_exists(from) && rename(from, to) != 0)
            return jh_err_set(err, jh_status_from_errno(errno), "%s: could not move %s aside to %s: %s", path,
                              from, to, strerror(errno));
    }
    /* Make the renames durable. */
    char *copy = jh_strdup(path);
    int dfd = open(dirname(copy), O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    free(copy);
    size_t tl = strnlen(target, n - 1);
    memcpy(moved_to, target, tl);
    moved_to[tl] = '\0';
    return JH_OK;
}

static jh_status_t key_write_new(const char *kpath, unsigned char sk[64], unsigned char pk[32], jh_err_t *err)
{
    crypto_sign_keypair(pk, sk);
    int fd = open(kpath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return jh_err_set(err, jh_status_from_errno(errno), "%s: cannot create the signing key: %s", kpath,
                          strerror(errno));
    jh_status_t s = JH_OK;
    if (!jh_write_all(fd, sk, 64)) {
        s = jh_err_set(err, jh_status_from_errno(errno), "%s: cannot write the signing key: %s", kpath,
                       strerror(errno));
        goto fail;
    }
    if (fsync(fd) != 0) {
        s = jh_err_set(err, jh_status_from_errno(errno), "%s: cannot flush the signing key: %s", kpath,
                       strerror(errno));
        goto fail;
    }
    close(fd);
    fd = -1;
    char *copy = jh_strdup(kpath);
    int dfd = open(dirname(copy), O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    free(copy);
    return JH_OK;
fail:
    if (fd >= 0) close(fd);
    unlink(kpath);
    sodium_memzero(sk, 64);
    return s;
}

/* Loads PATH.key, or makes a new key when there is none (*made_new set:
 * store_open then checks whether the kiosk had answers before, see
 * key_replaced_check). */
static jh_status_t key_load(store_t *st, bool *made_new, jh_err_t *err)
{
    char kpath[1200];
    path_sibling(kpath, sizeof kpath, st->path, ".key");
    *made_new = false;
    int fd = open(kpath, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno != ENOENT)
            return jh_err_set(err, jh_status_from_errno(errno), "%s: cannot open the signing key: %s", kpath,
                              strerror(errno));
        jh_status_t s = key_write_new(kpath, st->sk, st->pk, err);
        *made_new = s == JH_OK;
        return s;
    }
    unsigned char buf[65];
    ssize_t got = 0;
    for (;;) {
        ssize_t r = read(fd, buf + got, sizeof buf - (size_t)got);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        got += r;
        if (got == (ssize_t)sizeof buf) break;
    }
    close(fd);
    unsigned char pk[32], sk[64];
    if (got == 64) {
        crypto_sign_seed_keypair(pk, sk, buf);
        if (sodium_memcmp(sk, buf, 64) == 0) {
            memcpy(st->sk, sk, 64);
            memcpy(st->pk, pk, 32);
            sodium_memzero(sk, sizeof sk);
            sodium_memzero(buf, sizeof buf);
            return JH_OK;
        }
    }
    sodium_memzero(sk, sizeof sk);
    sodium_memzero(buf, sizeof buf);
    char why[80];
    if (got == 64) snprintf(why, sizeof why, "its public half does not match its secret seed");
    else snprintf(why, sizeof why, "%zd bytes, expected a 64-byte Ed25519 key", got);
    /* Moving it away makes the kiosk a new key, which the bureau refuses
     * for this kiosk id until it accepts it deliberately (review rseason). */
    return jh_err_set(err, JH_ERR_CORRUPT,
                      "%s: the signing key file is damaged (%s); put back a good copy of it if there is one; "
                      "otherwise move it away (keep it) and the kiosk makes a new key, but the bureau then "
                      "rejects every later bundle of this kiosk until it accepts the new key (junheng merge "
                      "--keys FILE --replace-key KIOSK_ID): tell the bureau the kiosk id and the new key's "
                      "fingerprint (admin screen)",
                      kpath, why);
}

/* After a new key was made for a kiosk that had answers or exports before
 * (the key file lost, the database or the identity file kept): its kiosk id
 * stays (its answers carry it), so the bureau, which pinned the old key to
 * that id, rejects every later bundle until it accepts the new key (junheng
 * merge --replace-key).  Says so on stderr and records the setting
 * key_replaced (the day, for the admin screen). */
static jh_status_t key_replaced_check(store_t *st, int64_t now_ms, bool *replaced, jh_err_t *err)
{
    *replaced = false;
    sqlite3_stmt *q = NULL;
    int64_t n = 0;
    if (sqlite3_prepare_v2(st->db, "SELECT (SELECT count(*) FROM responses) + (SELECT count(*) FROM exports)", -1,
                           &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        n = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    if (n == 0 && st->seq_reserved == 0) return JH_OK;
    char *kiosk = store_setting_get(st, "kiosk_id");
    if (!kiosk) return JH_OK; /* no id yet: the new key makes it (nothing was exported) */
    char fp[64], day[16];
    store_key_fingerprint(st, fp);
    store_day_of(now_ms, day);
    fprintf(stderr,
            "junheng-kiosk: 本机的签名密钥文件 %s.key 不见了，已生成新密钥（指纹 %s）。答题机 %s 以前已有答卷或导出过，"
            "教育局接受新密钥之前会拒收它以后导出的答卷：请告诉教育局“答题机 %s 换了新密钥，新指纹 %s”"
            "（教育局用 junheng merge --keys 文件 --replace-key %s 接受）/ the signing key %s.key was missing and "
            "a new key was made (fingerprint %s); kiosk %s has answers or exports from before, and the bureau "
            "rejects its later bundles until it accepts the new key: tell the bureau the kiosk id %s and the "
            "new fingerprint %s (junheng merge --keys FILE --replace-key %s)\n",
            st->path, fp, kiosk, kiosk, fp, kiosk, st->path, fp, kiosk, kiosk, fp, kiosk);
    free(kiosk);
    *replaced = true;
    jh_status_t s = begin_tx(st, "record the new signing key", err);
    if (s == JH_OK) s = setting_write(st, "key_replaced", day, err);
    /* the key the note is about (key_note_check) */
    if (s == JH_OK) s = setting_write(st, "key_replaced_fp", fp, err);
    if (s == JH_OK) s = setting_write(st, "key_replaced_day", day, err);
    if (s == JH_OK) s = commit_tx(st, "record the new signing key", err);
    if (s != JH_OK) rollback_tx(st);
    return s;
}

/* key_replaced_fp is the key made on key_replaced_day after a key was
 * lost; both stay after the admin screen's note (key_replaced) went with
 * the first export signed with it (bundle.c).  When the key in use is
 * another (the old key file was found and put back over the new one), the
 * bureau may have accepted the other one and then refuses this kiosk's
 * bundles: the note comes back, about the key in use, today, and stderr
 * says what to tell the bureau (accept this key again, --replace-key). */
static jh_status_t key_note_check(store_t *st, int64_t now_ms, jh_err_t *err)
{
    char *day = store_setting_get(st, "key_replaced_day");
    if (!day || !*day) {
        free(day);
        day = store_setting_get(st, "key_replaced"); /* recorded before key_replaced_day */
    }
    if (!day || !*day) {
        free(day);
        day = jh_strdup("?");
    }
    char *noted = store_setting_get(st, "key_replaced_fp");
    char fp[64];
    store_key_fingerprint(st, fp);
    jh_status_t s = JH_OK;
    if (noted && *noted && strcmp(noted, fp)) {
        char *kiosk = store_setting_get(st, "kiosk_id");
        fprintf(stderr,
                "junheng-kiosk: 本机现在用的签名密钥（指纹 %s）不是 %s 生成的那个（指纹 %s），另一份密钥文件（旧的或后来的）被放回来了？"
                "县教育局如果已经接受了 %s，会拒收本机以后的答卷：请告诉教育局“答题机 %s 的指纹是 %s”（教育局用 "
                "junheng merge --keys 文件 --replace-key %s 重新接受）/ the signing key in use (fingerprint %s) is "
                "not the one made on %s (%s): was another key file (an older or a later one) put back? If the bureau accepted %s it rejects "
                "this kiosk's later bundles: tell it kiosk %s signs with %s (junheng merge --keys FILE "
                "--replace-key %s)\n",
                fp, day, noted, noted, kiosk ? kiosk : "?", fp, kiosk ? kiosk : "?", fp, day, noted, noted,
                kiosk ? kiosk : "?", fp, kiosk ? kiosk : "?");
        free(kiosk);
        char today[16];
        store_day_of(now_ms, today);
        s = begin_tx(st, "record the signing key in use", err);
        if (s == JH_OK) s = setting_write(st, "key_replaced", today, err);
        if (s == JH_OK) s = setting_write(st, "key_replaced_fp", fp, err);
        if (s == JH_OK) s = setting_write(st, "key_replaced_day", today, err);
        if (s == JH_OK) s = commit_tx(st, "record the signing key in use", err);
        if (s != JH_OK) rollback_tx(st);
    }
    free(day);
    free(noted);
    return s;
}

_Static_assert(sizeof migrations / sizeof *migrations == STORE_SCHEMA_VERSION,
               "STORE_SCHEMA_VERSION (store.h) is the number of migrations");

/* The refusal of a database written by a newer junheng-kiosk (schema
 * version v): Chinese first, the file named and left as it was. */
static jh_status_t newer_fail(const char *path, int v, jh_err_t *err)
{
    return jh_err_set(err, JH_ERR_INVALID,
                      "%s: 这个数据库是更新版本的答题机程序写的（数据库结构版本 %d，本程序只认识到 %d）：请安装新版的 "
                      "junheng-kiosk，文件没有改动 / the database has schema version %d, newer than this program "
                      "knows (%d); install a newer junheng-kiosk (the file was left untouched)",
                      path, v, STORE_SCHEMA_VERSION, v, STORE_SCHEMA_VERSION);
}

/* The refusal of the bureau's county database given as the kiosk's. */
static jh_status_t county_fail(const char *path, jh_err_t *err)
{
    return jh_err_set(err, JH_ERR_INVALID,
                      "%s: 这是教育局的区县数据库，不是答题机的数据库 / this is a county database of the "
                      "bureau tool (junheng), not a kiosk database; give the kiosk its own file, e.g. "
                      "--db ~/.local/share/junheng/kiosk.db (the file was left untouched)",
                      path);
}

static jh_status_t migrate(store_t *st, int *from, int *to, int *newer, jh_err_t *err)
{
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &q, NULL);
    if (rc != SQLITE_OK) return sql_fail(st, rc, "read the schema version", err);
    rc = sqlite3_step(q);
    int v = rc == SQLITE_ROW ? sqlite3_column_int(q, 0) : -1;
    sqlite3_finalize(q);
    if (v < 0) return sql_fail(st, rc, "read the schema version", err);
    *from = v;
    int latest = STORE_SCHEMA_VERSION;
    if (v > latest) {
        *newer = v;
        return newer_fail(st->path, v, err);
    }
    /* tests (test_store): a pause here, where another process (a headless
     * export beside the kiosk) may upgrade the file between this read and
     * the write lock */
    if (v < latest) jh_test_pause("JH_STORE_TEST_MIGRATE_PAUSE_MS");
    for (; v < latest; v++) {
        jh_status_t s = begin_tx(st, "upgrade the database", err);
        if (s != JH_OK) return s;
        /* Read again under the write lock: another process may have
         * upgraded the file since; a migration must never run twice
         * ("duplicate column name"). */
        int now = -1;
        if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &q, NULL) == SQLITE_OK &&
            sqlite3_step(q) == SQLITE_ROW)
            now = sqlite3_column_int(q, 0);
        sqlite3_finalize(q);
        if (now < 0) {
            s = sql_fail(st, sqlite3_errcode(st->db), "read the schema version", err);
            rollback_tx(st);
            return s;
        }
        if (now > latest) {
            rollback_tx(st);
            *newer = now;
            return newer_fail(st->path, now, err);
        }
        if (now > v) {
            rollback_tx(st); /* upgraded by the other: nothing to write */
            if (v == *from) *from = now; /* (this process has changed nothing) */
            v = now - 1;
            continue;
        }
        char *sql = jh_sprintf("%sPRAGMA user_version = %d;", migrations[v], v + 1);
        s = exec_sql(st, sql, "upgrade the database", err);
        free(sql);
        if (s == JH_OK) s = commit_tx(st, "upgrade the database", err);
        if (s != JH_OK) {
            rollback_tx(st);
            return s;
        }
    }
    *to = v;
    return JH_OK;
}

/* The setting that records the response a person left complete at the
 * summary (store_draft_t.counts_if_left): "SEQ<TAB>FLAGS<TAB>HIDDEN", HIDDEN
 * the item ids hidden by show_if, comma-separated.  Absent when none. */
#define LEFT_COMPLETE_KEY "left_complete"

static jh_status_t left_complete_clear(store_t *st, const char *what, jh_err_t *err)
{
    return exec_sql(st, "DELETE FROM settings WHERE key = '" LEFT_COMPLETE_KEY "'", what, err);
}

/* Finalises a response recorded by left_complete as submitted by timeout:
 * its hidden answers go first (as ui_app_finish prunes them). */
static jh_status_t left_complete_finish(store_t *st, int64_t seq, int64_t ended_ms, const char *rec,
                                        const char *what, jh_err_t *err)
{
    const char *tab1 = strchr(rec, '\t');
    const char *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
    char flags[64] = "";
    if (tab1 && tab2 && (size_t)(tab2 - tab1 - 1) < sizeof flags) memcpy(flags, tab1 + 1, (size_t)(tab2 - tab1 - 1));
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(st->db, "DELETE FROM answers WHERE seq = ? AND item_id = ?", -1, &q, NULL);
    if (rc != SQLITE_OK) return sql_fail(st, rc, what, err);
    rc = SQLITE_DONE; /* none hidden: nothing to delete */
    for (const char *p = tab2 ? tab2 + 1 : ""; *p;) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        sqlite3_reset(q);
        sqlite3_bind_int64(q, 1, seq);
        sqlite3_bind_text(q, 2, p, (int)n, SQLITE_STATIC);
        if ((rc = sqlite3_step(q)) != SQLITE_DONE) break;
        p += n + (e != NULL);
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) return sql_fail(st, rc, what, err);
    return finalise_row(st, seq, STORE_SUBMITTED_TIMEOUT, ended_ms, flags, what, err);
}

/* Closes unfinished response seq (last saved at ended_ms): submitted by
 * timeout when it is the one rec (the left_complete setting, may be NULL)
 * records as left complete on its summary, else abandoned.  *counted says
 * which (may be NULL). */
static jh_status_t close_unfinished(store_t *st, int64_t seq, int64_t ended_ms, const char *rec, bool *counted,
                                    const char *what, jh_err_t *err)
{
    bool left = rec && strtoll(rec, NULL, 10) == seq;
    if (counted) *counted = left;
    return left ? left_complete_finish(st, seq, ended_ms, rec, what, err)
                : finalise_row(st, seq, STORE_ABANDONED, ended_ms, "", what, err);
}

/* Marks rows left in progress by an earlier run abandoned, in seq order;
 * the one recorded as left complete at the summary (left_complete) counts
 * as submitted by timeout instead. */
static jh_status_t abandon_stale(store_t *st, int *count, int *counted, jh_err_t *err)
{
    *count = *counted = 0;
    const char *what = "close unfinished responses";
    jh_status_t s = begin_tx(st, what, err);
    if (s != JH_OK) return s;
    char *rec = store_setting_get(st, LEFT_COMPLETE_KEY);
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(st->db, "SELECT seq, updated_ms FROM responses WHERE status = 0 ORDER BY seq",
                                -1, &q, NULL);
    if (rc != SQLITE_OK) {
        s = sql_fail(st, rc, what, err);
        goto fail;
    }
    int64_t *seqs = NULL, *ends = NULL;
    int n = 0, cap = 0, n_counted = 0;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            seqs = jh_xrealloc(seqs, (size_t)cap * sizeof *seqs);
            ends = jh_xrealloc(ends, (size_t)cap * sizeof *ends);
        }
        seqs[n] = sqlite3_column_int64(q, 0);
        ends[n] = sqlite3_column_int64(q, 1);
        n++;
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) s = sql_fail(st, rc, what, err);
    for (int i = 0; s == JH_OK && i < n; i++) {
        bool counted = false;
        s = close_unfinished(st, seqs[i], ends[i], rec, &counted, what, err);
        n_counted += counted;
    }
    free(seqs);
    free(ends);
    if (s == JH_OK && rec) s = left_complete_clear(st, what, err);
    if (s != JH_OK) goto fail;
    if ((s = commit_tx(st, what, err)) != JH_OK) goto fail;
    free(rec);
    *count = n - n_counted;
    *counted = n_counted;
    return JH_OK;
fail:
    free(rec);
    rollback_tx(st);
    return s;
}

/* The highest response seq recorded in databases moved aside from path
 * (PATH.corrupt-*), read without touching them (immutable); 0 when none
 * can be read.  A fresh database continues above it, so (kiosk, seq) stays
 * unique at the bureau even after a database was lost. */
static int64_t seq_floor_from_moved_aside(const char *path)
{
    char *copy = jh_strdup(path), *copy2 = jh_strdup(path);
    const char *d = dirname(copy), *base = basename(copy2);
    char *prefix = jh_sprintf("%s.corrupt-", base);
    int64_t best = 0;
    DIR *dir = opendir(d);
    struct dirent *e;
    while (dir && (e = readdir(dir)) != NULL) {
        size_t n = strlen(e->d_name);
        if (strncmp(e->d_name, prefix, strlen(prefix)) != 0) continue;
        if ((n > 4 && (!strcmp(e->d_name + n - 4, "-wal") || !strcmp(e->d_name + n - 4, "-shm"))) ||
            (n > 8 && !strcmp(e->d_name + n - 8, "-journal")))
            continue;
        /* file: URI with the path percent-encoded. */
        jh_buf_t uri = {0};
        jh_buf_puts(&uri, "file:");
        char *full = jh_sprintf("%s/%s", d, e->d_name);
        for (const unsigned char *p = (const unsigned char *)full; *p; p++) {
            if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '/' ||
                *p == '.' || *p == '-' || *p == '_')
                jh_buf_append(&uri, p, 1);
            else
                jh_buf_printf(&uri, "%%%02X", *p);
        }
        jh_buf_puts(&uri, "?immutable=1");
        free(full);
        sqlite3 *db = NULL;
        if (sqlite3_open_v2(uri.data, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) == SQLITE_OK) {
            sqlite3_stmt *q = NULL;
            if (sqlite3_prepare_v2(db, "SELECT max(coalesce((SELECT max(seq) FROM responses), 0), "
                                       "coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'responses'), 0))",
                                   -1, &q, NULL) == SQLITE_OK &&
                sqlite3_step(q) == SQLITE_ROW) {
                int64_t v = sqlite3_column_int64(q, 0);
                if (v > best) best = v;
            }
            sqlite3_finalize(q);
        }
        sqlite3_close(db);
        jh_buf_free(&uri);
    }
    if (dir) closedir(dir);
    free(prefix);
    free(copy);
    free(copy2);
    return best;
}

/* The big-endian 32-bit number at offset at of the file's SQLite header,
 * or -1 (unreadable, no SQLite database). */
static int64_t header_u32(const char *path, int at)
{
    unsigned char h[100];
    if (!county_file_header(path, h)) return -1; /* (SQLite's file layer: county_file_header) */
    return (int64_t)((uint32_t)h[at] << 24 | (uint32_t)h[at + 1] << 16 | (uint32_t)h[at + 2] << 8 | (uint32_t)h[at + 3]);
}

int store_file_schema_version(const char *path)
{
    int64_t v = header_u32(path, 60);
    return v > INT32_MAX ? INT32_MAX : (int)v;
}

int64_t store_file_application_id(const char *path)
{
    return header_u32(path, 68);
}

static bool is_corruption(int rc)
{
    rc &= 0xff;
    return rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB;
}

jh_status_t store_open(const char *path, int64_t now_ms, store_t **out, store_open_info_t *info, jh_err_t *err)
{
    *out = NULL;
    store_open_info_t dummy;
    if (!info) info = &dummy;
    memset(info, 0, sizeof *info);
    if (!jh_crypto_init()) return jh_err_set(err, JH_ERR_IO, "cannot initialise libsodium (no entropy source?)");

    store_t *st = jh_xcalloc(1, sizeof *st);
    st->path = jh_strdup(path);
    st->lock_fd = -1;
    jh_status_t s = JH_OK;
    bool corrupt = false;
    char why[256] = "";

    /* A newer kiosk's database, from its header alone: before SQLite
     * parses a schema it may not understand (taken for damage and moved
     * aside) or switches it to WAL (rewriting the header). */
    /* A county database (its application id), whatever its version: a
     * newer junheng's schema may not parse here, and must not be taken for
     * damage and moved aside (review r2mig, item 2). */
    if (store_file_application_id(path) == COUNTY_APPLICATION_ID) {
        s = county_fail(path, err);
        goto fail;
    }
    int header_version = store_file_schema_version(path);
    if (header_version > STORE_SCHEMA_VERSION) {
        info->newer_schema = header_version;
        s = newer_fail(path, header_version, err);
        goto fail;
    }

    /* A new database is made 0600 whatever the umask: it holds the answers
     * and comments (SQLite makes its -wal and -shm with the same mode).  An
     * empty file is a new database to SQLite; where it cannot be made,
     * SQLite's own open below says why. */
    if (!file_exists(path)) {
        int nfd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (nfd >= 0) close(nfd);
    }
    int rc = sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        int e = st->db ? sqlite3_system_errno(st->db) : 0;
        jh_status_t code = e ? jh_status_from_errno(e) : JH_ERR_IO;
        /* SQLite retries read-only after a failed create, so errno may be a
         * later ENOENT: look at the directory itself. */
        char *copy = jh_strdup(path);
        const char *d = dirname(copy);
        struct stat sb;
        bool dir_ok = stat(d, &sb) == 0 && S_ISDIR(sb.st_mode);
        bool dir_writable = dir_ok && access(d, W_OK) == 0;
        int werr = errno;
        free(copy);
        if (!dir_ok)
            s = jh_err_set(err, JH_ERR_NOTFOUND, "%s: cannot open the database: the directory does not exist", path);
        else if (!dir_writable && !file_exists(path))
            s = jh_err_set(err, JH_ERR_READONLY,
                           "%s: cannot open the database: its directory cannot be written (%s)", path,
                           strerror(werr));
        else
            s = jh_err_set(err, code, "%s: cannot open the database: %s%s%s", path,
                           st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc), e ? ": " : "",
                           e ? strerror(e) : "");
        goto fail;
    }
    sqlite3_extended_result_codes(st->db, 1);
    /* A damaged database must stay exactly as it was: no checkpoint on close. */
    sqlite3_db_config(st->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
    sqlite3_busy_timeout(st->db, 5000);
    if (sqlite3_db_readonly(st->db, "main") == 1) {
        s = jh_err_set(err, JH_ERR_READONLY,
                       "%s: the database can only be read (read-only file or disk); the kiosk cannot record "
                       "answers until it is writable",
                       path);
        goto fail;
    }

    /* The application id and version again as SQLite reads them (a WAL
     * may hold a newer first page than the file's header); these PRAGMAs
     * need no schema. */
    sqlite3_stmt *q = NULL;
    int sql_version = 0;
    int64_t app_id = 0;
    if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
        sql_version = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    q = NULL;
    if (sqlite3_prepare_v2(st->db, "PRAGMA application_id", -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
        app_id = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    q = NULL;
    if (app_id == COUNTY_APPLICATION_ID) {
        s = county_fail(path, err);
        goto fail;
    }
    if (sql_version > STORE_SCHEMA_VERSION) {
        info->newer_schema = sql_version;
        s = newer_fail(path, sql_version, err);
        goto fail;
    }
    /* Integrity first, before anything writes to the file. */
    rc = sqlite3_prepare_v2(st->db, "PRAGMA quick_check", -1, &q, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(q);
        if (rc == SQLITE_ROW) {
            const char *r = (const char *)sqlite3_column_text(q, 0);
            if (!r || strcmp(r, "ok") != 0) {
                corrupt = true;
                snprintf(why, sizeof why, "integrity check: %s", r ? r : "(no result)");
            }
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_OK && rc != SQLITE_DONE) {
        if (is_corruption(rc)) {
            corrupt = true;
            snprintf(why, sizeof why, "%s", sqlite3_errstr(rc));
        } else {
            s = sql_fail(st, rc, "check the database", err);
            goto fail;
        }
    }
    if (corrupt) goto corrupt;
    /* Another program's database (the bureau's county database, above all)
     * is refused before anything writes to it. */
    {
        int county = 0, tables = 0, pin = 0, version = 0;
        rc = sqlite3_prepare_v2(st->db,
                                "SELECT count(*) FILTER (WHERE name IN ('kiosks', 'imports', 'quarantine')), "
                                "count(*), count(*) FILTER (WHERE name = 'pin'), "
                                "(SELECT user_version FROM pragma_user_version) FROM sqlite_master "
                                "WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
                                -1, &q, NULL);
        if (rc == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW) {
            county = sqlite3_column_int(q, 0);
            tables = sqlite3_column_int(q, 1);
            pin = sqlite3_column_int(q, 2);
            version = sqlite3_column_int(q, 3);
        }
        sqlite3_finalize(q);
        if (county > 0) {
            s = county_fail(path, err);
            goto fail;
        }
        if (tables > 0 && pin == 0 && version == 0) {
            s = jh_err_set(err, JH_ERR_INVALID,
                           "%s: 这不是答题机的数据库 / this is not a kiosk database (it holds other tables); "
                           "give the kiosk its own file, e.g. --db ~/.local/share/junheng/kiosk.db (the file "
                           "was left untouched)",
                           path);
            goto fail;
        }
    }
    /* Healthy: checkpoint on close again, so the -wal file does not linger. */
    sqlite3_db_config(st->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, NULL);

    /* Durable settings.  journal_mode reports the mode actually in effect. */
    rc = sqlite3_prepare_v2(st->db, "PRAGMA journal_mode = WAL", -1, &q, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(q);
        if (rc == SQLITE_ROW) {
            const char *m = (const char *)sqlite3_column_text(q, 0);
            rc = m && !strcmp(m, "wal") ? SQLITE_OK : SQLITE_CANTOPEN;
        }
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_OK) {
        if (is_corruption(rc)) {
            corrupt = true;
            snprintf(why, sizeof why, "%s", sqlite3_errstr(rc));
            goto corrupt;
        }
        s = sql_fail(st, rc, "switch the database to write-ahead logging", err);
        goto fail;
    }
    if ((s = exec_sql(st, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;", "configure the database", err)) !=
        JH_OK)
        goto fail;
    if ((s = migrate(st, &info->schema_from, &info->schema_to, &info->newer_schema, err)) != JH_OK) goto fail;
    if (info->schema_from == 0) {
        int64_t floor_seq = seq_floor_from_moved_aside(path);
        if (floor_seq > 0) {
            /* Rows of the lost database that were only in its WAL are not
             * visible read-only: leave a wide margin. */
            char *sql = jh_sprintf("INSERT INTO sqlite_sequence(name, seq) VALUES ('responses', %lld)",
                                   (long long)(floor_seq + STORE_SEQ_MARGIN));
            s = exec_sql(st, sql, "continue the sequence of the database moved aside", err);
            free(sql);
            if (s != JH_OK) goto fail;
            info->seq_continued_from = floor_seq;
        }
    }
    /* Unfinished responses belong to the process that holds the owner lock
     * (the running kiosk): only the owner may close them as abandoned. */
    if (owner_lock_try(st)) {
        if ((s = abandon_stale(st, &info->abandoned_on_start, &info->counted_on_start, err)) != JH_OK)
            goto fail;
    } else if (st->lock_errno) {
        /* The lock file cannot be opened at all (not another kiosk). */
        store_lock_problem(path, info->lock_problem, sizeof info->lock_problem);
    } else {
        info->other_owner = true;
        info->other_owner_pid = lock_holder_pid(st);
    }
    bool key_new = false;
    if ((s = key_load(st, &key_new, err)) != JH_OK) goto fail;
    if ((s = identity_restore(st, info->schema_from == 0, err)) != JH_OK) goto fail;
    st->opened_ms = now_ms;
    if (st->identity_missing) {
        /* No identity file, yet this kiosk lived before: a new database
         * beside the key it kept (its disk died, the key put back), or a
         * database with answers beside a new key (an old backup put back
         * without key and identity file; with the key kept, a copy of
         * database and key looks the same as a cloned kiosk, whose fork
         * the bureau must see).  The seqs it used since are unknown:
         * continuing from this database would reuse seqs the bureau holds
         * (quarantined, every later export refused as a chain break). */
        bool history = false;
        sqlite3_stmt *hq = NULL;
        if (sqlite3_prepare_v2(st->db, "SELECT EXISTS (SELECT 1 FROM responses) OR EXISTS (SELECT 1 FROM exports)",
                               -1, &hq, NULL) == SQLITE_OK &&
            sqlite3_step(hq) == SQLITE_ROW)
            history = sqlite3_column_int(hq, 0) != 0;
        sqlite3_finalize(hq);
        if (info->schema_from == 0 && !key_new)
            s = seq_jump_unknown(st, "新数据库，旧的签名密钥", "a new database beside a signing key kept from before",
                                 false, false, err);
        else if (key_new && history)
            s = seq_jump_unknown(st, "数据库里有以前的答卷，签名密钥是新的", "a database with answers from before beside "
                                 "a new signing key", false, false, err);
        else if (history && identity_moved_aside(path))
            /* the technician's way on from a damaged identity file (the
             * start-up screen's advice): the seqs it reserved are unknown,
             * so above them all (review rsite9, item 3) */
            s = seq_jump_unknown(st, "身份文件损坏后被移开（.identity.damaged）",
                                 "a damaged identity file moved aside (.identity.damaged)", false, true, err);
        if (s != JH_OK) goto fail;
    }
    if (key_new && (s = key_replaced_check(st, now_ms, &info->key_replaced, err)) != JH_OK) goto fail;
    if (!key_new && (s = key_note_check(st, now_ms, err)) != JH_OK) goto fail;
    info->seq_restored_from = st->seq_restored_from;
    *out = st;
    return JH_OK;

corrupt:
    sqlite3_close_v2(st->db);
    st->db = NULL;
    s = move_aside(path, now_ms, info->moved_to, sizeof info->moved_to, err);
    if (s == JH_OK) {
        info->moved_aside = true;
        s = jh_err_set(err, JH_ERR_CORRUPT,
                       "%s: 数据库已损坏（%s），已原样改名保存为 %s，将新建一个数据库 / the database is damaged (%s); "
                       "it was moved aside intact to %s, and a new database will be started in its place",
                       path, why, info->moved_to, why, info->moved_to);
    }
fail:
    store_close(st);
    return s;
}

void store_set_known_surveys(store_t *st, const char *const *ids, int n)
{
    for (int i = 0; i < st->n_known_surveys; i++) free(st->known_surveys[i]);
    free(st->known_surveys);
    st->known_surveys = jh_xcalloc((size_t)n + 1, sizeof *st->known_surveys);
    for (int i = 0; i < n; i++) st->known_surveys[i] = jh_strdup(ids[i]);
    st->n_known_surveys = n;
}

void store_close(store_t *st)
{
    if (!st) return;
    for (int i = 0; i < st->n_known_surveys; i++) free(st->known_surveys[i]);
    free(st->known_surveys);
    free(st->conf_school);
    free(st->conf_ignored);
    free(st->conf_kiosk_id);
    if (st->db) sqlite3_close_v2(st->db);
    if (st->lock_fd >= 0) close(st->lock_fd); /* releases the flock */
    sodium_memzero(st->sk, sizeof st->sk);
    free(st->path);
    free(st);
}

const char *store_path(const store_t *st)
{
    return st->path;
}

bool store_is_owner(store_t *st)
{
    return owner_lock_try(st);
}

static bool ranges_parse(const char *list, int64_t (**out)[2], size_t *n);

int store_lost_ranges(store_t *st, int64_t *from, int64_t *to, int max)
{
    char *v = store_setting_get(st, "lost_seqs");
    size_t n = 0;
    int64_t(*r)[2] = NULL;
    ranges_parse(v, &r, &n); /* nothing when it is not a range list */
    for (size_t i = 0; i < n && i < (size_t)max; i++) {
        from[i] = r[i][0];
        to[i] = r[i][1];
    }
    free(r);
    free(v);
    return (int)n;
}

int64_t store_lost_text(store_t *st, char *buf, size_t n)
{
    char *v = store_setting_get(st, "lost_seqs");
    size_t nr = 0, m = 0;
    int64_t(*r)[2] = NULL, total = 0;
    ranges_parse(v, &r, &nr);
    if (n) buf[0] = '\0';
    for (size_t i = 0; i < nr; i++) {
        total += r[i][1] - r[i][0] + 1;
        if (m >= n) continue;
        if (i == 8) m += (size_t)snprintf(buf + m, n - m, ", …");
        else if (i > 8) continue;
        else if (r[i][0] == r[i][1])
            m += (size_t)snprintf(buf + m, n - m, "%s%lld", i ? ", " : "", (long long)r[i][0]);
        else
            m += (size_t)snprintf(buf + m, n - m, "%s%lld-%lld", i ? ", " : "", (long long)r[i][0],
                                  (long long)r[i][1]);
    }
    free(r);
    free(v);
    return total;
}

static char *ranges_minus(const char *list, const int64_t (*cut)[2], size_t ncut);

store_lost_cause_t store_lost_cause(store_t *st)
{
    char *v = store_setting_get(st, "lost_cause");
    store_lost_cause_t c = !v                        ? STORE_LOST_OLDER
                           : !strcmp(v, "damaged")   ? STORE_LOST_DAMAGED
                           : !strcmp(v, "missing")   ? STORE_LOST_MISSING
                                                     : STORE_LOST_OLDER;
    free(v);
    return c;
}

static int seq_cmp(const void *x, const void *y)
{
    const int64_t *a = x, *b = y;
    return *a < *b ? -1 : *a > *b;
}

jh_status_t store_lost_recovered(store_t *st, const int64_t *seqs, size_t n, jh_err_t *err)
{
    char *lost = store_setting_get(st, "lost_seqs");
    if (!lost || !*lost || n == 0) {
        free(lost);
        return JH_OK;
    }
    int64_t *sorted = jh_xcalloc(n, sizeof *sorted);
    memcpy(sorted, seqs, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, seq_cmp);
    int64_t(*cut)[2] = jh_xcalloc(n, sizeof *cut);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (k && sorted[i] <= cut[k - 1][1] + 1) {
            if (sorted[i] > cut[k - 1][1]) cut[k - 1][1] = sorted[i];
            continue;
        }
        cut[k][0] = cut[k][1] = sorted[i];
        k++;
    }
    free(sorted);
    char *left = ranges_minus(lost, (const int64_t(*)[2])cut, k);
    free(cut);
    jh_status_t s = JH_OK;
    if (strcmp(left, lost) != 0) {
        s = begin_tx(st, "record the answers salvaged", err);
        if (s == JH_OK)
            s = *left ? setting_write(st, "lost_seqs", left, err)
                      : exec_sql(st, "DELETE FROM settings WHERE key IN ('lost_seqs', 'lost_cause')",
                                 "record the answers salvaged", err);
        if (s == JH_OK) s = identity_save(st, err);
        if (s == JH_OK) s = commit_tx(st, "record the answers salvaged", err);
        if (s != JH_OK) rollback_tx(st);
    }
    free(left);
    free(lost);
    return s;
}

void store_key_note_keep(store_t *st, bool keep)
{
    st->keep_key_note = keep;
}

bool store_key_note_kept(const store_t *st)
{
    return st->keep_key_note;
}

jh_status_t store_identity_sync(store_t *st, jh_err_t *err)
{
    return identity_save(st, err);
}

/* Takes (or keeps) the owner lock: flock(LOCK_EX | LOCK_NB) on PATH.lock,
 * held until store_close.  false when another live process holds it (the
 * kernel drops a dead process's lock, so a crash never leaves it stale), or
 * when the lock file cannot be opened (st->lock_errno says why: a lock file
 * another user made, a read-only directory; that is not another kiosk).
 * Run as root (a technician's headless export), a lock file is given to the
 * database file's owner, as SQLite does for -wal/-shm, so the kiosk's
 * service user can still open it. */
static bool owner_lock_try(store_t *st)
{
    if (st->lock_fd >= 0) return true;
    char lpath[1200];
    path_sibling(lpath, sizeof lpath, st->path, ".lock");
    int fd = open(lpath, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        st->lock_errno = errno ? errno : EIO;
        return false;
    }
    st->lock_errno = 0;
    struct stat db, lk;
    if (geteuid() == 0 && stat(st->path, &db) == 0 && fstat(fd, &lk) == 0 && lk.st_uid != db.st_uid &&
        fchown(fd, db.st_uid, db.st_gid) != 0) {
        /* best effort: the service user may then not open it (said at its start) */
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        close(fd);
        return false;
    }
    st->lock_fd = fd;
    /* Who holds it, for the message of a second kiosk (best effort). */
    char pid[32];
    int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(fd, 0) == 0 && pwrite(fd, pid, (size_t)n, 0) != n) {
        /* only the message loses the pid */
    }
    return true;
}

static const char *user_name(uid_t uid, char *buf, size_t n)
{
    struct passwd *pw = getpwuid(uid);
    if (pw && pw->pw_name) snprintf(buf, n, "%s", pw->pw_name);
    else snprintf(buf, n, "%ld", (long)uid);
    return buf;
}

bool store_lock_problem(const char *db_path, char *msg, size_t n)
{
    char lpath[1200];
    path_sibling(lpath, sizeof lpath, db_path, ".lock");
    int fd = open(lpath, O_RDWR | O_CLOEXEC);
    if (fd >= 0) {
        close(fd);
        return false;
    }
    int e = errno;
    if (e == ENOENT) return false; /* made at the next start (a read-only directory is said elsewhere) */
    char me[64], owner[64];
    struct stat lk;
    user_name(geteuid(), me, sizeof me);
    if (stat(lpath, &lk) == 0)
        user_name(lk.st_uid, owner, sizeof owner);
    else
        snprintf(owner, sizeof owner, "?");
    snprintf(msg, n,
             "答题机（用户 %s）打不开锁文件 %s（属于 %s：%s）。答题照常进行，但无法确认有没有另一个答题机程序在用这些数据；"
             "请技术人员把它交给答题机的用户（chown %s %s）或删除它 / the kiosk (user %s) cannot open the lock file "
             "%s (owned by %s: %s); answering goes on, but the kiosk cannot tell whether another kiosk program uses "
             "this database: have a technician give the file to the kiosk's user (chown %s %s) or delete it",
             me, lpath, owner, strerror(e), me, lpath, me, lpath, owner, strerror(e), me, lpath);
    return true;
}

/* The process id the owner wrote into PATH.lock; 0 when unknown. */
static int lock_holder_pid(store_t *st)
{
    char lpath[1200], buf[32];
    path_sibling(lpath, sizeof lpath, st->path, ".lock");
    int fd = open(lpath, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    close(fd);
    if (n <= 0) return 0;
    buf[n] = '\0';
    long v = strtol(buf, NULL, 10);
    return v > 0 && v < INT_MAX ? (int)v : 0;
}

struct sqlite3 *store_db(store_t *st)
{
    return st->db;
}

/* ---- public functions: settings --------------------------------------------- */

char *store_setting_get(store_t *st, const char *key)
{
    sqlite3_stmt *q = NULL;
    char *v = NULL;
    if (sqlite3_prepare_v2(st->db, "SELECT value FROM settings WHERE key = ?", -1, &q, NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(q) == SQLITE_ROW) v = jh_strdup((const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    return v;
}

static jh_status_t setting_write(store_t *st, const char *key, const char *value, jh_err_t *err)
{
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(st->db, "INSERT INTO settings(key, value) VALUES (?, ?) "
                                        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                                -1, &q, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 2, value, -1, SQLITE_STATIC);
        rc = sqlite3_step(q);
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) return sql_fail(st, rc, "save the setting", err);
    return JH_OK;
}

bool store_setting_valid(const char *key, const char *value, const char **expected)
{
    for (const setting_def_t *d = settings; d->key; d++)
        if (!strcmp(d->key, key)) {
            if (expected) *expected = d->expected;
            return d->check(value);
        }
    if (expected) *expected = "a known setting";
    return false;
}

/* Inside a transaction that sets bureau_key: records the last export made
 * so far (bureau_key_exports, not a user setting), so that
 * store_bureau_key_forgettable knows whether anything was exported (and
 * its database backup sealed to this key) since the key was trusted. */
static jh_status_t bureau_key_mark(store_t *st, jh_err_t *err)
{
    int rc = sqlite3_exec(st->db,
                          "INSERT INTO settings(key, value) SELECT 'bureau_key_exports', ifnull(max(id), 0) FROM exports "
                          "WHERE true ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                          NULL, NULL, NULL);
    return rc == SQLITE_OK ? JH_OK : sql_fail(st, rc, "save the setting", err);
}

bool store_bureau_key_forgettable(store_t *st)
{
    char *mark = store_setting_get(st, "bureau_key_exports");
    sqlite3_stmt *q = NULL;
    int64_t last = -1;
    if (sqlite3_prepare_v2(st->db, "SELECT ifnull(max(id), 0) FROM exports", -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        last = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    /* No mark (a key trusted before marks were kept): only a kiosk that
     * never exported. */
    bool ok = last >= 0 && last == (mark ? strtoll(mark, NULL, 10) : 0);
    free(mark);
    return ok;
}

jh_status_t store_setting_set(store_t *st, const char *key, const char *value, jh_err_t *err)
{
    jh_status_t s = setting_validate(st, key, value, err);
    if (s != JH_OK) return s;
    if ((s = begin_tx(st, "save the setting", err)) != JH_OK) return s;
    if ((s = setting_write(st, key, value, err)) != JH_OK) goto fail;
    if (!strcmp(key, "bureau_key") && (s = bureau_key_mark(st, err)) != JH_OK) goto fail;
    if ((s = identity_save(st, err)) != JH_OK) goto fail;
    if ((s = commit_tx(st, "save the setting", err)) != JH_OK) goto fail;
    return JH_OK;
fail:
    rollback_tx(st);
    return s;
}

jh_status_t store_settings_set(store_t *st, const char *const *keys, const char *const *values, int n,
                               jh_err_t *err)
{
    jh_status_t s = JH_OK;
    for (int i = 0; i < n; i++)
        if ((s = setting_validate(st, keys[i], values[i], err)) != JH_OK) return s;
    if ((s = begin_tx(st, "save the settings", err)) != JH_OK) return s;
    for (int i = 0; i < n; i++) {
        if ((s = setting_write(st, keys[i], values[i], err)) != JH_OK) goto fail;
        if (!strcmp(keys[i], "bureau_key") && (s = bureau_key_mark(st, err)) != JH_OK) goto fail;
    }
    if ((s = identity_save(st, err)) != JH_OK) goto fail;
    if ((s = commit_tx(st, "save the settings", err)) != JH_OK) goto fail;
    return JH_OK;
fail:
    rollback_tx(st);
    return s;
}

jh_status_t store_setting_clear(store_t *st, const char *key, jh_err_t *err)
{
    jh_status_t s;
    if ((s = begin_tx(st, "remove the setting", err)) != JH_OK) return s;
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(st->db, "DELETE FROM settings WHERE key = ?", -1, &q, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(q, 1, key, -1, SQLITE_TRANSIENT);
        rc = sqlite3_step(q);
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) {
        s = sql_fail(st, rc, "remove the setting", err);
        goto fail;
    }
    if ((s = identity_save(st, err)) != JH_OK) goto fail;
    if ((s = commit_tx(st, "remove the setting", err)) != JH_OK) goto fail;
    return JH_OK;
fail:
    rollback_tx(st);
    return s;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) s[--n] = '\0';
    return s;
}

/* A full-width digit ０-９ (U+FF10..FF19), as a Chinese input method types
 * it: named in the message, as the value looks right to whoever wrote it
 * (review r2admin4 item 3). */
static bool has_fullwidth_digit(const char *v)
{
    for (const unsigned char *p = (const unsigned char *)v; p[0]; p++)
        if (p[0] == 0xef && p[1] == 0xbc && p[2] >= 0x90 && p[2] <= 0x99) return true;
    return false;
}

static bool pin_valid(const char *pin)
{
    size_t n = strlen(pin);
    if (n < 4 || n > 8) return false;
    for (const char *p = pin; *p; p++)
        if (*p < '0' || *p > '9') return false;
    return true;
}

/* Stores pin's hash (failures and lock cleared); hash_out, when given
 * (crypto_pwhash_STRBYTES), receives the hash stored. */
static jh_status_t pin_write(store_t *st, const char *pin, char *hash_out, jh_err_t *err)
{
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, pin, strlen(pin), PIN_OPSLIMIT, PIN_MEMLIMIT) != 0)
        return jh_err_set(err, JH_ERR_NOMEM, "cannot hash the PIN (not enough memory)");
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(st->db, "UPDATE pin SET hash = ?, failures = 0, locked_until_ms = 0 WHERE id = 1",
                                -1, &q, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(q, 1, hash, -1, SQLITE_TRANSIENT);
        rc = sqlite3_step(q);
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) return sql_fail(st, rc, "save the PIN", err);
    if (hash_out) memcpy(hash_out, hash, sizeof hash);
    st->pin_failures = 0;
    st->pin_locked_until = 0;
    return JH_OK;
}

const char *store_config_school_ignored(const store_t *st)
{
    return st->conf_school;
}

const char *store_config_ignored(const store_t *st)
{
    return st->conf_ignored;
}

const char *store_config_kiosk_id(const store_t *st)
{
    return st->conf_kiosk_id;
}

/* The settings a kiosk runs without (review rsite9, item 4): a mistake in
 * one of them keeps the value it had (or the default) and is told, rather
 * than taking the kiosk out of service; the school, the kiosk's id and
 * the PIN still stop it. */
static bool conf_optional(const char *key)
{
    /* Not active_surveys: it decides who is surveyed, and ignored the kiosk
     * offered every questionnaire (review r2kiosk9, F5); its unknown ids
     * are left out instead (conf_known_surveys). */
    static const char *const l[] = {"idle_seconds", "theme",        "voice",         "voice_volume",
                                    "voice_source", "sample_target", "screen_inches", NULL};
    return check_one_of(key, l);
}

/* The Chinese words the messages give beside the values (以下之一：
 * primary（小学）…, urban（城区）…): written instead of the value, they
 * mean it (review rsite9, item 4).  NULL when value is none of them. */
static const char *conf_value_alias(const char *key, const char *value)
{
    static const char *const level[][2] = {{"小学", "primary"},
                                           {"初中", "junior"},
                                           {"九年一贯制", "nine_year"},
                                           {"完全中学", "complete_middle"},
                                           {"十二年一贯制", "twelve_year"}};
    static const char *const locality[][2] = {{"城区", "urban"}, {"镇区", "town"}, {"乡村", "rural"}};
    static const char *const theme[][2] = {{"高对比度", "high_contrast"}};
    const char *const(*l)[2] = NULL;
    size_t n = 0;
    if (!strcmp(key, "school_level")) l = level, n = sizeof level / sizeof *level;
    else if (!strcmp(key, "locality")) l = locality, n = sizeof locality / sizeof *locality;
    else if (!strcmp(key, "theme")) l = theme, n = sizeof theme / sizeof *theme;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(value, l[i][0])) return l[i][1];
    return NULL;
}

/* Gives the kiosk another id, inside the caller's transaction (review
 * rsite9, item 1: two kiosks set up with one kiosk_id line; the bureau
 * refuses the second one's bundles, and the id is in every finished
 * answer's canonical text).  Every finished answer's text is rewritten
 * with the new id and the chain hashed again from the first; the answers,
 * UUIDs and seqs stay.  Each stored hash is checked against its text
 * first: a damaged chain is refused, nothing changed.  The records of
 * past exports keep their seqs with the new hashes (the bureau refused
 * them: 导出全部 sends everything again under the new id). */
static jh_status_t kiosk_rename(store_t *st, const char *old, const char *neu, jh_err_t *err)
{
    char *from = jh_sprintf("{\"kiosk\":\"%s\",\"seq\":", old);
    char *to = jh_sprintf("{\"kiosk\":\"%s\",\"seq\":", neu);
    size_t fn = strlen(from);
    sqlite3_stmt *q = NULL, *u = NULL;
    jh_status_t s = JH_OK;
    char prev_old[65] = "", prev_new[65] = "";
    int rc = sqlite3_prepare_v2(st->db, "SELECT seq, status, canonical, chain FROM responses ORDER BY seq", -1, &q,
                                NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(st->db, "UPDATE responses SET canonical = ?1, chain = ?2 WHERE seq = ?3", -1, &u,
                                NULL);
    if (rc != SQLITE_OK) {
        s = sql_fail(st, rc, "read the answers to give the kiosk its new id", err);
        goto out;
    }
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        int64_t seq = sqlite3_column_int64(q, 0);
        const char *canon = (const char *)sqlite3_column_text(q, 2), *chain = (const char *)sqlite3_column_text(q, 3);
        if (sqlite3_column_int(q, 1) == 0) {
            s = jh_err_set(err, JH_ERR_CONFLICT,
                           "kiosk_id：本机有没答完的答卷（编号 %lld），现在不能改本机编号；请重新启动答题机后再试 / "
                           "kiosk_id: cannot change from '%s' to '%s' while answer seq %lld is unfinished; restart "
                           "the kiosk and try again",
                           (long long)seq, old, neu, (long long)seq);
            goto out;
        }
        char check[65];
        if (canon) store_chain_hash(prev_old, canon, check);
        if (!canon || !chain || strncmp(canon, from, fn) != 0 || strcmp(check, chain) != 0) {
            s = jh_err_set(err, JH_ERR_CORRUPT,
                           "kiosk_id：编号 %lld 的答卷和它的校验值对不上（数据库可能损坏），本机编号没有改，什么都没有改动；"
                           "请技术人员先做自检（junheng-kiosk --self-check） / kiosk_id: cannot change from '%s' to "
                           "'%s': answer seq %lld does not match its chain hash (a damaged database?); nothing changed",
                           (long long)seq, old, neu, (long long)seq);
            goto out;
        }
        memcpy(prev_old, chain, 65);
        char *text = jh_sprintf("%s%s", to, canon + fn);
        store_chain_hash(prev_new, text, prev_new);
        sqlite3_bind_text(u, 1, text, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(u, 2, prev_new, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(u, 3, seq);
        free(text);
        rc = sqlite3_step(u);
        sqlite3_reset(u);
        if (rc != SQLITE_DONE) {
            s = sql_fail(st, rc, "give the kiosk its new id", err);
            goto out;
        }
    }
    if (rc != SQLITE_DONE) {
        s = sql_fail(st, rc, "read the answers to give the kiosk its new id", err);
        goto out;
    }
    s = exec_sql(st,
                 "UPDATE exports SET last_chain = (SELECT chain FROM responses WHERE seq = exports.last_seq) "
                 "WHERE EXISTS (SELECT 1 FROM responses WHERE seq = exports.last_seq)",
                 "give the kiosk its new id", err);
    if (s == JH_OK) s = setting_write(st, "kiosk_renamed_from", old, err);
out:
    sqlite3_finalize(q);
    sqlite3_finalize(u);
    free(from);
    free(to);
    return s;
}

/* Whether the n bytes at id name an installed questionnaire. */
static bool survey_installed(const store_t *st, const char *id, size_t n)
{
    for (int i = 0; i < st->n_known_surveys; i++)
        if (strlen(st->known_surveys[i]) == n && !strncmp(st->known_surveys[i], id, n)) return true;
    return false;
}

/* A config's active_surveys line with the ids that name no installed
 * questionnaire left out (review r2kiosk9, F5: "parent-2026, teachr-2026"
 * offered every questionnaire).  NULL when every id is known, none is, or
 * the installed ones are not known; else the ids kept (the caller frees)
 * and the ones left out in *unknown (the caller frees). */
static char *conf_known_surveys(const store_t *st, const char *value, char **unknown)
{
    *unknown = NULL;
    if (!st->known_surveys || !check_survey_list(value)) return NULL;
    jh_buf_t kept = {0}, left = {0};
    const char *p = value;
    while (*p) {
        while (*p == ' ' || *p == ',') p++;
        const char *start = p;
        while (*p && *p != ',' && *p != ' ') p++;
        if (p == start) break;
        jh_buf_t *to = survey_installed(st, start, (size_t)(p - start)) ? &kept : &left;
        jh_buf_printf(to, "%s%.*s", to->len ? ", " : "", (int)(p - start), start);
    }
    if (!kept.len || !left.len) {
        jh_buf_free(&kept);
        jh_buf_free(&left);
        return NULL;
    }
    *unknown = jh_buf_take(&left);
    return jh_buf_take(&kept);
}

jh_status_t store_load_config(store_t *st, const char *path, int64_t now_ms, jh_err_t *err)
{
    free(st->conf_school);
    st->conf_school = NULL;
    free(st->conf_ignored);
    st->conf_ignored = NULL;
    free(st->conf_kiosk_id);
    st->conf_kiosk_id = NULL;
    char *text = NULL;
    size_t len = 0;
    jh_status_t s = jh_read_file(path, &text, &len, err);
    if (s != JH_OK) return s;
    enum { MAX_LINES = 64 };
    struct {
        char *key;
        const char *value;
        int line;
    } kv[MAX_LINES];
    int n = 0, n_bad = 0, n_untold = 0;
    jh_buf_t bad = {0}, ignored = {0};
    char *surveys_kept = NULL; /* active_surveys without its unknown ids */
    jh_err_t lerr;
    jh_status_t bad_status = JH_ERR_INVALID;
    if (memchr(text, '\0', len) || !store_utf8_valid(text, len)) {
        s = jh_err_set(err, JH_ERR_INVALID, _("%s: not a UTF-8 text file"), path);
        goto fail;
    }
    char *p = text;
    if (!strncmp(p, "\xef\xbb\xbf", 3)) p += 3; /* byte-order mark from Windows editors */
    for (int line = 1; p && *p; line++) {
        char *nl = strchr(p, '\n');
        if (nl) *nl = '\0';
        char *l = trim(p);
        p = nl ? nl + 1 : NULL;
        if (!*l || *l == '#') continue;
        char *eq = strchr(l, '=');
        if (!eq) {
            /* A Chinese input method types the full-width ＝ (U+FF1D) or a
             * colon; named, since the two '=' look alike (review rusb4
             * item 6).  Not accepted: one way to write a line. */
            if (strstr(l, "\xef\xbc\x9d"))
                s = jh_err_set(&lerr, JH_ERR_INVALID,
                               _("%s:%d: the full-width '\xef\xbc\x9d' is not '=': write 'key = value' with the "
                                 "half-width '=' (got '%.60s')"),
                               path, line, l);
            else if (strchr(l, ':') || strstr(l, "\xef\xbc\x9a"))
                s = jh_err_set(&lerr, JH_ERR_INVALID,
                               _("%s:%d: a setting is written 'key = value' with the half-width '=', not a colon "
                                 "(':' or '\xef\xbc\x9a') (got '%.60s')"),
                               path, line, l);
            else
                s = jh_err_set(&lerr, JH_ERR_INVALID, _("%s:%d: expected 'key = value', got '%.60s'"), path, line, l);
            goto bad_line;
        }
        *eq = '\0';
        char *key = trim(l), *raw = trim(eq + 1);
        size_t vn = strlen(raw);
        if (vn >= 2 && raw[0] == '"' && raw[vn - 1] == '"') {
            raw[vn - 1] = '\0';
            raw++;
        }
        const char *value = conf_value_alias(key, raw);
        if (!value) value = raw;
        if (!*key) {
            s = jh_err_set(&lerr, JH_ERR_INVALID, _("%s:%d: a setting name is missing before '='"), path, line);
            goto bad_line;
        }
        if (strcmp(key, "admin_pin") != 0 && strcmp(key, "forget_bureau_key") != 0 &&
            (!setting_find(key) || !strcmp(key, "bureau_key"))) {
            s = jh_err_set(&lerr, JH_ERR_INVALID, _("%s:%d: unknown setting '%.60s' (expected one of: %s)"), path,
                           line, key, SETTING_CONF_KEYS_TEXT);
            goto bad_line;
        }
        for (int i = 0; i < n; i++)
            if (!strcmp(kv[i].key, key)) {
                s = jh_err_set(&lerr, JH_ERR_INVALID, _("%s:%d: %s is already set on line %d"), path, line, key,
                               kv[i].line);
                goto bad_line;
            }
        if (!strcmp(key, "forget_bureau_key")) {
            if (strncmp(value, "SHA256:", 7) != 0 || strlen(value) > 63) {
                s = jh_err_set(&lerr, JH_ERR_INVALID,
                               _("%s:%d: forget_bureau_key: '%.70s' is not valid (expected the trusted key's "
                                 "fingerprint, SHA256:..., as the admin screen shows it)"),
                               path, line, value);
                goto bad_line;
            }
        } else if (!strcmp(key, "admin_pin")) {
            if (!pin_valid(value) && has_fullwidth_digit(value)) {
                s = jh_err_set(&lerr, JH_ERR_INVALID,
                               _("%s:%d: admin_pin: the PIN is typed in full-width digits (\xef\xbc\x90-\xef\xbc\x99): "
                                 "type it again in half-width digits 0-9"),
                               path, line);
                goto bad_line;
            }
            if (!pin_valid(value)) {
                s = jh_err_set(&lerr, JH_ERR_INVALID, _("%s:%d: admin_pin: the PIN must be 4 to 8 digits"), path,
                               line);
                goto bad_line;
            }
        } else {
            jh_err_t e;
            int64_t na = 0, nu = 0;
            if (!strcmp(key, "school_code") && store_setting_valid("school_code", value, NULL) &&
                store_school_locked(st, value, &na, &nu)) {
                /* The school was set on the admin screen before any answer
                 * (allowed), then answers came: they belong to that school,
                 * which stays; refusing to start would stop the kiosk at a
                 * message staff cannot act on (review r2kiosk). */
                free(st->conf_school);
                st->conf_school = jh_strdup(value);
                continue;
            }
            char *unknown = NULL, *kept = NULL;
            if (!strcmp(key, "active_surveys") && !surveys_kept && (kept = conf_known_surveys(st, value, &unknown))) {
                /* the questionnaires named that are installed, the others
                 * told on stderr and the admin screen */
                jh_buf_printf(&ignored, "%s", ignored.len ? "\n" : "");
                jh_buf_printf(&ignored,
                              _("%s:%d: active_surveys: '%.200s' is not an installed questionnaire: left out, the "
                                "kiosk offers only %.200s"),
                              path, line, unknown, kept);
                free(unknown);
                surveys_kept = kept;
                value = kept;
            }
            /* A new kiosk_id renames a kiosk that has answers (kiosk_rename). */
            st->conf_renaming = !strcmp(key, "kiosk_id");
            jh_status_t vs = setting_validate(st, key, value, &e);
            st->conf_renaming = false;
            if (vs != JH_OK && conf_optional(key) && ignored.len < CONF_ERRORS_MAX) {
                /* kept as it was (or the default), told on stderr and the
                 * admin screen (store_config_ignored) */
                jh_buf_printf(&ignored, "%s", ignored.len ? "\n" : "");
                jh_buf_printf(&ignored, _("%s:%d: %s"), path, line, e.msg);
                continue;
            }
            if (vs != JH_OK) {
                s = jh_err_set(&lerr, e.status, _("%s:%d: %s"), path, line, e.msg);
                goto bad_line;
            }
        }
        if (n == MAX_LINES) {
            s = jh_err_set(&lerr, JH_ERR_INVALID, _("%s:%d: too many settings (at most 64 lines)"), path, line);
            goto bad_line;
        }
        kv[n].key = key;
        kv[n].value = value;
        kv[n].line = line;
        n++;
        continue;
    bad_line:
        /* Every mistake of the file at once (review rrepair5, item 5: one a
         * restart); the first line's status. */
        if (n_bad++ == 0) bad_status = s;
        if (bad.len + strlen(lerr.msg) < CONF_ERRORS_MAX)
            jh_buf_printf(&bad, "%s%s", bad.len ? "\n" : "", lerr.msg);
        else
            n_untold++;
    }
    if (n_bad > 0) {
        if (n_untold > 0) {
            jh_buf_puts(&bad, "\n");
            jh_buf_printf(&bad, P_("... and %d more error in this file", "... and %d more errors in this file",
                                   n_untold),
                          n_untold);
        }
        s = jh_err_set(err, bad_status, "%s", bad.data);
        jh_buf_free(&bad);
        goto fail;
    }
    /* Everything is valid: store it all in one transaction. */
    if ((s = begin_tx(st, "save the settings", err)) != JH_OK) goto fail;
    bool pin_line = false;
    for (int i = 0; i < n && s == JH_OK; i++) {
        if (!strcmp(kv[i].key, "admin_pin")) {
            /* The config is read at every start: its PIN applies only when
             * the line is new or changed since the last start (remembered
             * as the hash of the PIN applied, pin_conf_hash).  A PIN chosen
             * on 修改密码 then stays while the line does (it was put back
             * at every restart, review rusb4 item 3), and a restart does
             * not undo a lockout; a new or changed line (even the PIN the
             * office knows, written to end a lock) sets the PIN and clears
             * the count and the lock (item 7). */
            pin_line = true;
            char *applied = store_setting_get(st, "pin_conf_hash");
            bool same = applied && crypto_pwhash_str_verify(applied, kv[i].value, strlen(kv[i].value)) == 0;
            free(applied);
            if (!same) {
                char hash[crypto_pwhash_STRBYTES];
                s = pin_write(st, kv[i].value, hash, err);
                if (s == JH_OK) s = setting_write(st, "pin_conf_hash", hash, err);
                sodium_memzero(hash, sizeof hash);
            }
        } else if (!strcmp(kv[i].key, "forget_bureau_key")) {
            /* A technician forgets the trusted bureau key (the admin screen
             * may not once something was exported): only the key with this
             * fingerprint, so the line left in place does not forget the
             * next key trusted. */
            char *trusted = store_setting_get(st, "bureau_key");
            unsigned char pk[32];
            char fp[64];
            if (trusted && strlen(trusted) == 64 && jh_unhex(trusted, pk, sizeof pk)) {
                store_fingerprint_of(pk, fp);
                if (!strcmp(fp, kv[i].value))
                    s = exec_sql(st, "DELETE FROM settings WHERE key IN ('bureau_key', 'bureau_key_exports')",
                                 "forget the trusted bureau key", err);
            }
            free(trusted);
        } else if (st->conf_school &&
                   (!strcmp(kv[i].key, "school_name") || !strcmp(kv[i].key, "school_level") ||
                    !strcmp(kv[i].key, "locality") || !strcmp(kv[i].key, "county_code"))) {
            /* the config's school's name, level, locality and county, not
             * the kept school's (its answers' bundles carry them) */
        } else {
            if (!strcmp(kv[i].key, "kiosk_id")) {
                /* An id given by the config to a database that has no
                 * answer and no seq yet (a first start, or a reinstall
                 * after the disk died with the old kiosk.conf put back):
                 * the bureau may hold this id's seqs from before, which
                 * this database does not know (docs/kiosk.md, "The disk
                 * died"). */
                char *old = store_setting_get(st, "kiosk_id");
                if ((!old || strcmp(old, kv[i].value)) && db_seq_max(st) == 0 && st->seq_reserved == 0)
                    s = seq_jump_unknown(st, NULL, NULL, true, false, err);
                else if (old && strcmp(old, kv[i].value))
                    s = kiosk_rename(st, old, kv[i].value, err);
                free(old);
            }
            if (s == JH_OK) s = setting_write(st, kv[i].key, kv[i].value, err);
        }
    }
    if (s == JH_OK && !pin_line) {
        /* No line: the next line written is new, whatever PIN it names. */
        char *applied = store_setting_get(st, "pin_conf_hash");
        if (applied)
            s = exec_sql(st, "DELETE FROM settings WHERE key = 'pin_conf_hash'", "forget the config's PIN", err);
        free(applied);
    }
    /* The identity file after the commit (review r2kiosk9, F7): written
     * before it, a commit that failed (a full disk) left the new kiosk_id
     * in the file while the database kept the old one.  The file being
     * written then fails too, it stays behind (said on stderr): the next
     * identity_save brings it up to date. */
    if (s == JH_OK) s = commit_tx(st, "save the settings", err);
    if (s != JH_OK) {
        rollback_tx(st);
        jh_err_prefix(err, "%s", path);
    } else {
        jh_err_t ie;
        jh_status_t is = begin_tx(st, "record the settings in the identity file", &ie);
        if (is == JH_OK) is = identity_save(st, &ie);
        if (is == JH_OK) is = commit_tx(st, "record the settings in the identity file", &ie);
        if (is != JH_OK) {
            rollback_tx(st);
            fprintf(stderr, "junheng-kiosk: the settings are stored; the identity file was not updated: %s\n",
                    ie.msg);
        }
        if (ignored.len) st->conf_ignored = jh_buf_take(&ignored);
        for (int i = 0; i < n; i++)
            if (!strcmp(kv[i].key, "kiosk_id")) st->conf_kiosk_id = jh_strdup(kv[i].value);
    }
fail:
    jh_buf_free(&ignored);
    free(surveys_kept);
    if (text) sodium_memzero(text, len); /* it may hold the PIN */
    free(text);
    return s;
}

/* Gives the kiosk its id when it has none yet: "K-" + the first 12 hex
 * digits of SHA-256 of its public key, so two kiosks cannot share one by
 * construction (a copied config cannot copy the key).  Runs inside the
 * caller's transaction; records it in the identity file. */
static jh_status_t kiosk_id_ensure(store_t *st, jh_err_t *err)
{
    char *kiosk = store_setting_get(st, "kiosk_id");
    jh_status_t s = JH_OK;
    if (!kiosk) {
        char id[32];
        store_kiosk_id_of(st->pk, id);
        s = setting_write(st, "kiosk_id", id, err);
        if (s == JH_OK) s = identity_save(st, err);
    }
    free(kiosk);
    return s;
}

bool store_school_locked(store_t *st, const char *code, int64_t *n_answers, int64_t *n_unexported)
{
    *n_answers = *n_unexported = 0;
    char *old = store_setting_get(st, "school_code");
    bool changed = old && code && strcmp(old, code) != 0;
    free(old);
    if (!changed) return false;
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(st->db,
                           "SELECT count(*), count(*) FILTER (WHERE status != 0 AND seq > "
                           "coalesce((SELECT max(last_seq) FROM exports), 0)) FROM responses",
                           -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW) {
        *n_answers = sqlite3_column_int64(q, 0);
        *n_unexported = sqlite3_column_int64(q, 1);
    }
    sqlite3_finalize(q);
    /* No answers here, but the identity file says the kiosk recorded some
     * (its database lost since): the bureau knows it as this school. */
    return *n_answers > 0 || st->seq_reserved > 0;
}

int64_t store_last_answer_ms(store_t *st)
{
    return st && st->db ? db_int(st, "SELECT coalesce(max(updated_ms), 0) FROM responses") : 0;
}

bool store_has_answers(store_t *st)
{
    if (st->seq_reserved > 0) return true;
    sqlite3_stmt *q = NULL;
    bool any = true;
    if (sqlite3_prepare_v2(st->db, "SELECT EXISTS(SELECT 1 FROM responses)", -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        any = sqlite3_column_int(q, 0) != 0;
    sqlite3_finalize(q);
    return any;
}

bool store_ever_exported(store_t *st)
{
    if (st->seq_exported > 0) return true;
    sqlite3_stmt *q = NULL;
    bool any = true; /* unreadable: as exported (fail closed) */
    if (sqlite3_prepare_v2(st->db, "SELECT EXISTS(SELECT 1 FROM exports)", -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        any = sqlite3_column_int(q, 0) != 0;
    sqlite3_finalize(q);
    return any;
}

void store_kiosk_id_of(const unsigned char pk[32], char out[32])
{
    char hex[65];
    jh_sha256_hex(pk, 32, hex);
    snprintf(out, 32, "K-%.12s", hex);
}

jh_status_t store_ensure_defaults(store_t *st, jh_err_t *err)
{
    jh_status_t s = begin_tx(st, "save the default settings", err);
    if (s != JH_OK) return s;
    s = kiosk_id_ensure(st, err);
    char *idle = store_setting_get(st, "idle_seconds");
    if (!idle && s == JH_OK) s = setting_write(st, "idle_seconds", "120", err);
    free(idle);
    if (s == JH_OK) s = identity_save(st, err);
    if (s == JH_OK) s = commit_tx(st, "save the default settings", err);
    if (s != JH_OK) rollback_tx(st);
    return s;
}

/* ---- public functions: questionnaire definitions ----------------------------- */

static jh_status_t survey_insert(store_t *st, const survey_t *s, jh_err_t *err)
{
    JH_EXPECT(s && s->id && s->source_json);
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(st->db, "INSERT OR IGNORE INTO surveys(hash, id, version, source_json) "
                                        "VALUES (?, ?, ?, ?)",
                                -1, &q, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(q, 1, s->hash, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 2, s->id, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 3, s->version ? s->version : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 4, s->source_json, -1, SQLITE_STATIC);
        rc = sqlite3_step(q);
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) return sql_fail(st, rc, "record the questionnaire", err);
    return JH_OK;
}

jh_status_t store_survey_register(store_t *st, const survey_t *s, jh_err_t *err)
{
    jh_status_t r = begin_tx(st, "record the questionnaire", err);
    if (r != JH_OK) return r;
    if ((r = survey_insert(st, s, err)) == JH_OK) r = commit_tx(st, "record the questionnaire", err);
    if (r != JH_OK) rollback_tx(st);
    return r;
}

bool store_survey_version_clash(store_t *st, const survey_t *s, char other[65])
{
    JH_EXPECT(st);
    return store_db_survey_version_clash(st->db, s, other);
}

bool store_db_survey_version_clash(sqlite3 *db, const survey_t *s, char other[65])
{
    JH_EXPECT(db && s && s->id);
    sqlite3_stmt *q = NULL;
    bool clash = false;
    if (sqlite3_prepare_v2(db,
                           "SELECT s.hash FROM surveys s WHERE s.id = ? AND s.version = ? AND s.hash <> ? "
                           "AND EXISTS (SELECT 1 FROM responses r WHERE r.survey_hash = s.hash) "
                           "AND NOT EXISTS (SELECT 1 FROM responses r WHERE r.survey_hash = ?3) LIMIT 1",
                           -1, &q, NULL) == SQLITE_OK) {
        sqlite3_bind_text(q, 1, s->id, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 2, s->version ? s->version : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 3, s->hash, -1, SQLITE_STATIC);
        if (sqlite3_step(q) == SQLITE_ROW) {
            clash = true;
            const char *h = (const char *)sqlite3_column_text(q, 0);
            if (other) snprintf(other, 65, "%s", h ? h : "");
        }
    }
    sqlite3_finalize(q);
    return clash;
}

/* A random (version 4) UUID as text into out. */
static void new_uuid(char out[37])
{
    unsigned char u[16];
    randombytes_buf(u, sizeof u);
    u[6] = (unsigned char)((u[6] & 0x0f) | 0x40); /* version 4 */
    u[8] = (unsigned char)((u[8] & 0x3f) | 0x80); /* RFC 4122 variant */
    char hex[33];
    jh_hex(u, sizeof u, hex);
    snprintf(out, 37, "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16, hex + 20);
}

/* ---- public functions: drafts ----------------------------------------------- */

void store_draft_init(store_draft_t *d, const survey_t *s, const char *role, const char *lang, int64_t now_ms)
{
    JH_EXPECT(d && s && s->n_items >= 0);
    memset(d, 0, sizeof *d);
    jh_crypto_init();
    new_uuid(d->uuid);
    d->survey = s;
    snprintf(d->role, sizeof d->role, "%s", role ? role : "");
    snprintf(d->lang, sizeof d->lang, "%s", lang ? lang : "zh-CN");
    d->started_ms = now_ms;
    d->values = jh_xcalloc((size_t)s->n_items + 1, sizeof *d->values);
    d->answered_ms = jh_xcalloc((size_t)s->n_items + 1, sizeof *d->answered_ms);
    d->status = STORE_IN_PROGRESS;
}

void store_draft_retarget(store_draft_t *d, const survey_t *s, const char *role, const char *lang, int64_t now_ms)
{
    JH_EXPECT(d && d->status == STORE_IN_PROGRESS);
    char uuid[sizeof d->uuid];
    memcpy(uuid, d->uuid, sizeof uuid);
    int64_t seq = d->seq;
    store_draft_free(d);
    store_draft_init(d, s, role, lang, now_ms);
    memcpy(d->uuid, uuid, sizeof uuid);
    d->seq = seq;
}

void store_draft_detach(store_draft_t *d)
{
    JH_EXPECT(d && d->status == STORE_IN_PROGRESS);
    new_uuid(d->uuid);
    d->seq = 0;
}

void store_draft_free(store_draft_t *d)
{
    if (!d) return;
    if (d->values && d->survey)
        for (int i = 0; i < d->survey->n_items; i++) free(d->values[i]);
    free(d->values);
    free(d->answered_ms);
    d->values = NULL;
    d->answered_ms = NULL;
}

void store_draft_set(store_draft_t *d, int item_index, const char *value, int64_t now_ms)
{
    JH_EXPECT(d && d->values && item_index >= 0 && item_index < d->survey->n_items);
    free(d->values[item_index]);
    d->values[item_index] = jh_strdup(value);
    d->answered_ms[item_index] = value ? now_ms : 0;
}

survey_answers_t store_draft_answers(const store_draft_t *d)
{
    survey_answers_t a = {(const char *const *)d->values, d->survey->n_items};
    return a;
}

/* Writes the draft's row and answers inside an open transaction; *seq is
 * the row's sequence number. */
static jh_status_t draft_write(store_t *st, const store_draft_t *d, int64_t now_ms, int64_t *seq, jh_err_t *err)
{
    const char *what = "save the answers";
    sqlite3_stmt *q = NULL;
    jh_status_t s = survey_insert(st, d->survey, err);
    if (s != JH_OK) return s;
    /* The kiosk id is part of the response's identity: make sure it exists. */
    s = kiosk_id_ensure(st, err);
    if (s != JH_OK) return s;

    int64_t row = d->seq;
    int rc;
    /* A kiosk that started while an export held the lock takes it now, so
     * a later export leaves this response alone. */
    owner_lock_try(st);
    if (row == 0) {
        /* A commit that reported failure may still have landed: look first. */
        rc = sqlite3_prepare_v2(st->db, "SELECT seq FROM responses WHERE uuid = ?", -1, &q, NULL);
        if (rc != SQLITE_OK) return sql_fail(st, rc, what, err);
        sqlite3_bind_text(q, 1, d->uuid, -1, SQLITE_STATIC);
        rc = sqlite3_step(q);
        if (rc == SQLITE_ROW) row = sqlite3_column_int64(q, 0);
        sqlite3_finalize(q);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) return sql_fail(st, rc, what, err);
    }
    if (row == 0) {
        rc = sqlite3_prepare_v2(st->db,
                                "INSERT INTO responses(uuid, survey_id, survey_hash, role, lang, started_ms, "
                                "updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                -1, &q, NULL);
        if (rc != SQLITE_OK) return sql_fail(st, rc, what, err);
        sqlite3_bind_text(q, 1, d->uuid, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 2, d->survey->id, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 3, d->survey->hash, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 4, d->role, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 5, d->lang, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 6, d->started_ms);
        sqlite3_bind_int64(q, 7, now_ms);
        rc = sqlite3_step(q);
        sqlite3_finalize(q);
        if (rc != SQLITE_DONE) return sql_fail(st, rc, what, err);
        row = sqlite3_last_insert_rowid(st->db);
        if (row > st->seq_reserved) {
            /* Reserve the next block in the identity file before this seq
             * can commit: a kiosk that loses its database continues above. */
            int64_t old = st->seq_reserved;
            st->seq_reserved = row + STORE_SEQ_BLOCK;
            if ((s = identity_save(st, err)) != JH_OK) {
                st->seq_reserved = old;
                return s;
            }
        }
    } else {
        /* the questionnaire and role too: a draft moved to another
         * questionnaire (store_draft_retarget) keeps its row */
        rc = sqlite3_prepare_v2(st->db,
                                "UPDATE responses SET updated_ms = ?, survey_id = ?, survey_hash = ?, role = ?, lang = ?, "
                                "started_ms = ? WHERE seq = ? AND status = 0",
                                -1, &q, NULL);
        if (rc != SQLITE_OK) return sql_fail(st, rc, what, err);
        sqlite3_bind_int64(q, 1, now_ms);
        sqlite3_bind_text(q, 2, d->survey->id, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 3, d->survey->hash, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 4, d->role, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 5, d->lang, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 6, d->started_ms);
        sqlite3_bind_int64(q, 7, row);
        rc = sqlite3_step(q);
        sqlite3_finalize(q);
        if (rc != SQLITE_DONE) return sql_fail(st, rc, what, err);
        if (sqlite3_changes(st->db) == 0)
            return jh_err_set(err, JH_ERR_CONFLICT,
                              "%s: response seq %lld was already closed (a newer questionnaire was finished "
                              "first); its answers cannot change any more",
                              st->path, (long long)row);
    }
    rc = sqlite3_prepare_v2(st->db, "DELETE FROM answers WHERE seq = ?", -1, &q, NULL);
    if (rc != SQLITE_OK) return sql_fail(st, rc, what, err);
    sqlite3_bind_int64(q, 1, row);
    rc = sqlite3_step(q);
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) return sql_fail(st, rc, what, err);
    rc = sqlite3_prepare_v2(st->db, "INSERT INTO answers(seq, ord, item_id, value, answered_ms) VALUES (?,?,?,?,?)",
                            -1, &q, NULL);
    if (rc != SQLITE_OK) return sql_fail(st, rc, what, err);
    for (int i = 0; i < d->survey->n_items; i++) {
        if (!d->values[i]) continue;
        sqlite3_reset(q);
        sqlite3_bind_int64(q, 1, row);
        sqlite3_bind_int(q, 2, i);
        sqlite3_bind_text(q, 3, d->survey->items[i].id, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 4, d->values[i], -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 5, d->answered_ms[i]);
        rc = sqlite3_step(q);
        if (rc != SQLITE_DONE) {
            sqlite3_finalize(q);
            return sql_fail(st, rc, what, err);
        }
    }
    sqlite3_finalize(q);
    *seq = row;
    return JH_OK;
}

/* Records (d->counts_if_left) or forgets that the person left draft seq
 * complete at the summary, inside the save's transaction: the flags it
 * would get if it ended now and the answers show_if hides (pruned as
 * ui_app_finish prunes them), for abandon_stale after a power cut. */
static jh_status_t left_complete_record(store_t *st, const store_draft_t *d, int64_t seq, int64_t now_ms,
                                        jh_err_t *err)
{
    const char *what = "save the answers";
    if (!d->counts_if_left) return left_complete_clear(st, what, err);
    int n = d->survey->n_items;
    char **v = jh_xcalloc((size_t)n + 1, sizeof *v);
    for (int i = 0; i < n; i++) v[i] = d->values[i];
    survey_answers_t a = {(const char *const *)v, n};
    for (int i = 0; i < n; i++)
        if (v[i] && !survey_item_visible(d->survey, i, &a)) {
            v[i] = NULL; /* hiding one item can hide later ones: start again */
            i = -1;
        }
    /* the flags of the answers that count, as store_draft_finish after the prune */
    store_draft_t pruned = *d;
    pruned.values = v;
    char flags[64];
    jh_status_t s = compute_flags(st, &pruned, seq, now_ms, flags, sizeof flags, err);
    if (s != JH_OK) {
        free(v);
        return s;
    }
    jh_buf_t b = {0};
    jh_buf_printf(&b, "%lld\t%s\t", (long long)seq, flags);
    bool first = true;
    for (int i = 0; i < n; i++)
        if (d->values[i] && !v[i]) {
            jh_buf_printf(&b, "%s%s", first ? "" : ",", d->survey->items[i].id);
            first = false;
        }
    s = setting_write(st, LEFT_COMPLETE_KEY, b.data, err);
    jh_buf_free(&b);
    free(v);
    return s;
}

jh_status_t store_draft_save(store_t *st, store_draft_t *d, int64_t now_ms, jh_err_t *err)
{
    if (d->status != STORE_IN_PROGRESS) return JH_OK;
    int64_t seq = 0;
    jh_status_t s = begin_tx(st, "save the answers", err);
    if (s != JH_OK) return s;
    if ((s = draft_write(st, d, now_ms, &seq, err)) != JH_OK) goto fail;
    if ((s = left_complete_record(st, d, seq, now_ms, err)) != JH_OK) goto fail;
    if ((s = commit_tx(st, "save the answers", err)) != JH_OK) goto fail;
    d->seq = seq;
    return JH_OK;
fail:
    rollback_tx(st);
    return s;
}

/* Whether an item counts for straight-lining: a rated item answered on a
 * scale.  Ratings (0-10) and yes/no answers are not comparable with scale
 * codes, so they neither make nor break a straight line. */
static bool item_is_rated(const survey_item_t *it)
{
    return survey_item_rated(it) && it->type == SURVEY_ITEM_SCALE;
}

static jh_status_t compute_flags(store_t *st, const store_draft_t *d, int64_t seq, int64_t now_ms, char *out,
                                 size_t n, jh_err_t *err)
{
    out[0] = '\0';
    int answered = 0, rated = 0;
    bool same = true;
    const char *first = NULL;
    for (int i = 0; i < d->survey->n_items; i++) {
        if (!d->values[i]) continue;
        answered++;
        if (!item_is_rated(&d->survey->items[i])) continue;
        rated++;
        if (!first) first = d->values[i];
        else if (strcmp(first, d->values[i]) != 0) same = false;
    }
    int64_t duration = now_ms - d->started_ms;
    jh_buf_t b = {0};
    if (answered > 0 && duration < (int64_t)answered * STORE_TOO_FAST_MS_PER_ITEM) jh_buf_puts(&b, STORE_FLAG_TOO_FAST);
    if (rated >= STORE_STRAIGHT_MIN_ITEMS && same) {
        if (b.len) jh_buf_puts(&b, ",");
        jh_buf_puts(&b, STORE_FLAG_STRAIGHT);
    }
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(st->db,
                                "SELECT ended_ms FROM responses WHERE status = 1 AND seq < ? ORDER BY seq DESC LIMIT 1",
                                -1, &q, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(q, 1, seq);
        rc = sqlite3_step(q);
        if (rc == SQLITE_ROW) {
            int64_t prev = sqlite3_column_int64(q, 0);
            if (now_ms - prev >= 0 && now_ms - prev < STORE_BURST_MS) {
                if (b.len) jh_buf_puts(&b, ",");
                jh_buf_puts(&b, STORE_FLAG_BURST);
            }
            rc = SQLITE_DONE;
        }
    }
    sqlite3_finalize(q);
    if (b.data) snprintf(out, n, "%s", b.data);
    jh_buf_free(&b);
    if (rc != SQLITE_DONE) return sql_fail(st, rc, "compute quality flags", err);
    return JH_OK;
}

jh_status_t store_draft_finish(store_t *st, store_draft_t *d, store_status_t status, int64_t now_ms, jh_err_t *err)
{
    JH_EXPECT(status == STORE_SUBMITTED || status == STORE_ABANDONED || status == STORE_SUBMITTED_TIMEOUT);
    if (d->status != STORE_IN_PROGRESS) return JH_OK;
    bool submitted = status != STORE_ABANDONED;
    const char *what = submitted ? "submit the questionnaire" : "close the questionnaire";
    int64_t seq = 0;
    char flags[64] = "";
    jh_status_t s = begin_tx(st, what, err);
    if (s != JH_OK) return s;
    if ((s = draft_write(st, d, now_ms, &seq, err)) != JH_OK) goto fail;

    /* Finalise older unfinished rows first, so the chain follows seq order;
     * one recorded as left complete on its summary counts (submitted by
     * timeout) as at the next start (a finish of it that failed, a disk
     * full, must not let the next person's finish abandon it). */
    char *rec = store_setting_get(st, LEFT_COMPLETE_KEY);
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(st->db, "SELECT seq, updated_ms FROM responses WHERE status = 0 AND seq < ? "
                                        "ORDER BY seq LIMIT 1",
                                -1, &q, NULL);
    if (rc != SQLITE_OK) {
        free(rec);
        s = sql_fail(st, rc, what, err);
        goto fail;
    }
    for (;;) {
        sqlite3_reset(q);
        sqlite3_bind_int64(q, 1, seq);
        rc = sqlite3_step(q);
        if (rc != SQLITE_ROW) break;
        int64_t old = sqlite3_column_int64(q, 0), upd = sqlite3_column_int64(q, 1);
        sqlite3_reset(q);
        if ((s = close_unfinished(st, old, upd, rec, NULL, what, err)) != JH_OK) break;
    }
    sqlite3_finalize(q);
    free(rec);
    if (s != JH_OK) goto fail;
    if (rc != SQLITE_DONE) {
        s = sql_fail(st, rc, what, err);
        goto fail;
    }
    if (submitted && (s = compute_flags(st, d, seq, now_ms, flags, sizeof flags, err)) != JH_OK)
        goto fail;
    if ((s = finalise_row(st, seq, status, now_ms, flags, what, err)) != JH_OK) goto fail;
    if ((s = left_complete_clear(st, what, err)) != JH_OK) goto fail;
    if ((s = commit_tx(st, what, err)) != JH_OK) goto fail;
    /* The identity file remembers the highest finished seq, so a database
     * put back from an older copy (a school's restore card) is noticed at
     * the next start and never reuses a seq (identity_restore).  One small
     * durable write per finished questionnaire, after the commit: written
     * before it, a commit that then failed (or a power cut between the two)
     * left the file ahead of the database, and the next start took that for
     * a restore (a warning, seqs skipped).  Behind by one after a power cut
     * here is harmless: the next start takes the database's highest seq. */
    if (seq > st->seq_committed) {
        st->seq_committed = seq;
        /* Under the write lock (identity_save reads the file, then writes
         * it): an empty IMMEDIATE transaction writes nothing to the database. */
        jh_err_t ie;
        jh_status_t is = begin_tx(st, "record the finished questionnaire in the identity file", &ie);
        if (is == JH_OK) is = identity_save(st, &ie);
        if (is == JH_OK) is = commit_tx(st, "record the finished questionnaire in the identity file", &ie);
        if (is != JH_OK) {
            rollback_tx(st);
            fprintf(stderr, "junheng-kiosk: the questionnaire is stored; the identity file was not updated: %s\n",
                    ie.msg);
        }
    }
    d->seq = seq;
    d->status = status;
    snprintf(d->flags, sizeof d->flags, "%s", flags);
    return JH_OK;
fail:
    rollback_tx(st);
    return s;
}

/* ---- public functions: counts ------------------------------------------------ */

/* Midnight, Beijing time (UTC+8, as jh_format_day), of the day of now_ms:
 * the kiosk's day does not depend on the system's time zone, which nothing
 * sets on a kiosk. */
static int64_t local_midnight_ms(int64_t now_ms)
{
    const int64_t day = 86400000, off = 8 * 3600000;
    int64_t t = now_ms + off;
    int64_t d = t / day - (t % day < 0);
    return d * day - off;
}

jh_status_t store_counts(store_t *st, int64_t now_ms, store_counts_t *out, jh_err_t *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(
        st->db,
        "SELECT (SELECT count(*) FROM responses WHERE status != 0),"
        " (SELECT count(*) FROM responses WHERE status = 1),"
        " (SELECT count(*) FROM responses WHERE status = 2),"
        " (SELECT count(*) FROM responses WHERE status = 1 AND ended_ms >= ?1 AND ended_ms < ?2),"
        " (SELECT count(*) FROM responses WHERE status != 0 AND flags != ''),"
        " (SELECT count(*) FROM responses WHERE status = 0),"
        " (SELECT coalesce(max(last_seq), 0) FROM exports)",
        -1, &q, NULL);
    if (rc == SQLITE_OK) {
        /* Bounded above too: answers dated after today (a clock set ahead,
         * then put right) are not today's, not every day until then. */
        int64_t midnight = local_midnight_ms(now_ms);
        sqlite3_bind_int64(q, 1, midnight);
        sqlite3_bind_int64(q, 2, midnight + 86400000);
        rc = sqlite3_step(q);
        if (rc == SQLITE_ROW) {
            out->total = sqlite3_column_int64(q, 0);
            out->submitted = sqlite3_column_int64(q, 1);
            out->abandoned = sqlite3_column_int64(q, 2);
            out->today = sqlite3_column_int64(q, 3);
            out->flagged = sqlite3_column_int64(q, 4);
            out->in_progress = sqlite3_column_int64(q, 5);
            out->exported_up_to = sqlite3_column_int64(q, 6);
            rc = SQLITE_DONE;
        }
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) return sql_fail(st, rc, "count the responses", err);
    rc = sqlite3_prepare_v2(st->db,
                            "SELECT role, count(*) FROM responses WHERE status = 1 GROUP BY role ORDER BY role", -1,
                            &q, NULL);
    if (rc != SQLITE_OK) return sql_fail(st, rc, "count the responses", err);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (out->n_roles == (int)(sizeof out->by_role / sizeof *out->by_role)) continue;
        snprintf(out->by_role[out->n_roles].role, sizeof out->by_role[0].role, "%s",
                 (const char *)sqlite3_column_text(q, 0));
        out->by_role[out->n_roles].n = sqlite3_column_int64(q, 1);
        out->n_roles++;
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) return sql_fail(st, rc, "count the responses", err);
    return JH_OK;
}

/* ---- public functions: the sample (issue 18) ----------------------------------- */

const char *store_loc_code(store_loc_t l)
{
    static const char *const c[] = {"urban", "town", "rural", "unknown"};
    return l >= 0 && l < STORE_LOC_COUNT ? c[l] : "unknown";
}

/* The role's slot in out->by_role, added in sorted order; -1 when full. */
static int sample_role(store_sample_t *out, const char *role)
{
    int i = 0;
    while (i < out->n_roles && strcmp(out->by_role[i].role, role) < 0) i++;
    if (i < out->n_roles && !strcmp(out->by_role[i].role, role)) return i;
    if (out->n_roles == STORE_SAMPLE_ROLES) return -1;
    memmove(&out->by_role[i + 1], &out->by_role[i], (size_t)(out->n_roles - i) * sizeof out->by_role[0]);
    memset(&out->by_role[i], 0, sizeof out->by_role[0]);
    snprintf(out->by_role[i].role, sizeof out->by_role[i].role, "%s", role);
    out->n_roles++;
    return i;
}

jh_status_t store_sample(store_t *st, store_sample_t *out, jh_err_t *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(st->db,
                                "SELECT role, status, count(*) FROM responses WHERE status IN (1, 2) "
                                "GROUP BY role, status ORDER BY role",
                                -1, &q, NULL);
    if (rc != SQLITE_OK) return sql_fail(st, rc, "count the sample", err);
    /* submitted ones count as not valid until an answer makes them valid (below) */
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *role = (const char *)sqlite3_column_text(q, 0);
        int status = sqlite3_column_int(q, 1);
        int64_t n = sqlite3_column_int64(q, 2);
        int i = sample_role(out, role ? role : "");
        if (status == STORE_SUBMITTED) {
            out->not_valid += n;
            if (i >= 0) out->by_role[i].not_valid += n;
        } else {
            out->abandoned += n;
            if (i >= 0) out->by_role[i].abandoned += n;
        }
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) return sql_fail(st, rc, "count the sample", err);
    /* Each submitted questionnaire through the definition stored with it
     * (so answers given to an older definition count too): valid with an
     * answer that makes it valid (survey_value_makes_valid, the rule of the
     * bureau's statistics: one answered 不了解 throughout is collected but
     * not valid), and the respondent's locality from its locality item.
     * One of a definition not stored stays not valid, as in the statistics. */
    rc = sqlite3_prepare_v2(st->db, "SELECT hash, source_json FROM surveys", -1, &q, NULL);
    if (rc != SQLITE_OK) return sql_fail(st, rc, "count the sample", err);
    sqlite3_stmt *a = NULL;
    rc = sqlite3_prepare_v2(st->db,
                            "SELECT r.seq, r.role, a.item_id, a.value FROM responses r LEFT JOIN answers a ON a.seq = "
                            "r.seq WHERE r.status = 1 AND r.survey_hash = ? ORDER BY r.seq",
                            -1, &a, NULL);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(q);
        return sql_fail(st, rc, "count the sample", err);
    }
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *hash = (const char *)sqlite3_column_text(q, 0);
        const char *json = (const char *)sqlite3_column_text(q, 1);
        survey_t *sv = NULL;
        jh_err_t e;
        if (!json || survey_load_text("stored", json, strlen(json), NULL, &sv, NULL, &e) != JH_OK) continue;
        int li = -1;
        for (int i = 0; i < sv->n_items && li < 0; i++)
            if (sv->items[i].locality) li = i;
        sqlite3_reset(a);
        sqlite3_bind_text(a, 1, hash, -1, SQLITE_TRANSIENT);
        int rc2;
        int64_t seq = -1;
        bool valid = false;
        int loc = STORE_LOC_UNKNOWN;
        char role[32] = "";
        for (;;) {
            rc2 = sqlite3_step(a);
            int64_t s2 = rc2 == SQLITE_ROW ? sqlite3_column_int64(a, 0) : -1;
            if (seq >= 0 && s2 != seq && valid) { /* the previous questionnaire, done */
                int r = sample_role(out, role);
                out->valid++;
                out->not_valid--;
                if (r >= 0) {
                    out->by_role[r].valid++;
                    out->by_role[r].not_valid--;
                }
                out->by_locality[loc]++;
            }
            if (rc2 != SQLITE_ROW) break;
            if (s2 != seq) {
                seq = s2;
                valid = false;
                loc = STORE_LOC_UNKNOWN;
                const char *ro = (const char *)sqlite3_column_text(a, 1);
                snprintf(role, sizeof role, "%s", ro ? ro : "");
            }
            const char *id = (const char *)sqlite3_column_text(a, 2);
            const char *v = (const char *)sqlite3_column_text(a, 3);
            int idx = id ? survey_item_index(sv, id) : -1;
            if (idx < 0) continue;
            if (survey_value_makes_valid(&sv->items[idx], v)) valid = true;
            if (idx == li)
                for (int l = STORE_LOC_URBAN; l <= STORE_LOC_RURAL; l++)
                    if (v && !strcmp(v, store_loc_code((store_loc_t)l))) loc = l;
        }
        if (rc2 != SQLITE_DONE) rc = rc2;
        survey_free(sv);
        if (rc != SQLITE_ROW) break;
    }
    sqlite3_finalize(a);
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) return sql_fail(st, rc, "count the sample", err);
    return JH_OK;
}

store_sample_check_t store_sample_check(const store_sample_t *s, const store_sample_goal_t *g)
{
    store_sample_check_t c;
    memset(&c, 0, sizeof c);
    /* the school's own groups: the public's questionnaires taken at this
     * kiosk count for the county, not for the school's sample (the
     * bureau's sample.by_school, review fstats9 item 3) */
    int64_t valid = s->valid, not_valid = s->not_valid, abandoned = s->abandoned;
    for (int i = 0; i < s->n_roles; i++) {
        if (!strcmp(s->by_role[i].role, "parent")) c.parents = s->by_role[i].valid;
        if (!strcmp(s->by_role[i].role, "public")) {
            valid -= s->by_role[i].valid;
            not_valid -= s->by_role[i].not_valid;
            abandoned -= s->by_role[i].abandoned;
        }
    }
    c.own_valid = valid;
    c.own_not_valid = not_valid;
    c.own_abandoned = abandoned;
    c.parent_share = valid ? (double)c.parents / (double)valid : NAN;
    /* at least as many parents as everyone else together (≥ 50 %) */
    int64_t need = valid - 2 * c.parents;
    if (g && g->target > 0) {
        int64_t half = (g->target + 1) / 2;
        if (half - c.parents > need) need = half - c.parents;
    }
    c.parents_needed = need > 0 ? need : 0;
    c.parents_ok = c.parents_needed == 0 && valid > 0;
    int64_t started = valid + not_valid + abandoned;
    c.valid_share = started ? (double)valid / (double)started : NAN;
    c.valid_ok = started && c.valid_share >= STORE_SAMPLE_VALID_MIN;
    c.total_needed = g && g->target > 0 ? (g->target > valid ? g->target - valid : 0) : -1;
    for (int l = STORE_LOC_URBAN; l <= STORE_LOC_RURAL; l++) c.locality_known += s->by_locality[l];
    for (int l = STORE_LOC_URBAN; l <= STORE_LOC_RURAL; l++)
        c.locality_share[l] = c.locality_known ? (double)s->by_locality[l] / (double)c.locality_known : NAN;
    return c;
}

/* ---- public functions: PIN ---------------------------------------------------- */

jh_status_t store_pin_set(store_t *st, const char *pin, jh_err_t *err)
{
    if (!pin || !pin_valid(pin)) return jh_err_set(err, JH_ERR_INVALID, "the PIN must be 4 to 8 digits");
    jh_status_t s = begin_tx(st, "save the PIN", err);
    if (s != JH_OK) return s;
    if ((s = pin_write(st, pin, NULL, err)) == JH_OK && (s = identity_save(st, err)) == JH_OK)
        s = commit_tx(st, "save the PIN", err);
    if (s != JH_OK) rollback_tx(st);
    return s;
}

static bool pin_row(store_t *st, char **hash, int *failures, int64_t *locked)
{
    sqlite3_stmt *q = NULL;
    bool ok = false;
    *hash = NULL;
    *failures = 0;
    *locked = 0;
    if (sqlite3_prepare_v2(st->db, "SELECT hash, failures, locked_until_ms FROM pin WHERE id = 1", -1, &q, NULL) ==
        SQLITE_OK) {
        if (sqlite3_step(q) == SQLITE_ROW) {
            *hash = jh_strdup((const char *)sqlite3_column_text(q, 0));
            *failures = sqlite3_column_int(q, 1);
            *locked = sqlite3_column_int64(q, 2);
            ok = true;
        }
    }
    sqlite3_finalize(q);
    return ok;
}

bool store_pin_is_set(store_t *st)
{
    char *hash;
    int f;
    int64_t l;
    /* Fail closed: a PIN row that cannot be read is no "PIN not set" (the
     * pad would offer to set a new one to whoever stands there). */
    bool set = !pin_row(st, &hash, &f, &l) || hash;
    free(hash);
    return set;
}

/* How long the lock after failures wrong PINs lasts (failures >= 5). */
static int64_t pin_lock_ms(int failures)
{
    int64_t ms = PIN_LOCK_MS;
    for (int k = failures / PIN_MAX_FAILURES; k > 1 && ms < PIN_LOCK_MAX_MS; k--) ms *= 2;
    return ms < PIN_LOCK_MAX_MS ? ms : PIN_LOCK_MAX_MS;
}

static void pin_record(store_t *st, int failures, int64_t locked)
{
    /* Best effort: the in-memory mirror keeps the lock if the disk refuses. */
    st->pin_failures = failures;
    st->pin_locked_until = locked;
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(st->db, "UPDATE pin SET failures = ?, locked_until_ms = ? WHERE id = 1", -1, &q,
                           NULL) == SQLITE_OK) {
        sqlite3_bind_int(q, 1, failures);
        sqlite3_bind_int64(q, 2, locked);
        sqlite3_step(q);
    }
    sqlite3_finalize(q);
}

store_pin_result_t store_pin_check(store_t *st, const char *pin, int64_t now_ms, int *attempts_left,
                                   int64_t *locked_until_ms)
{
    int left_dummy;
    int64_t until_dummy;
    if (!attempts_left) attempts_left = &left_dummy;
    if (!locked_until_ms) locked_until_ms = &until_dummy;
    *locked_until_ms = 0;
    char *hash = NULL;
    int failures = 0;
    int64_t locked = 0;
    bool readable = pin_row(st, &hash, &failures, &locked);
    if (st->pin_failures > failures) failures = st->pin_failures;
    if (st->pin_locked_until > locked) locked = st->pin_locked_until;
    store_pin_result_t r;
    if (!readable) {
        /* Fail closed: a database that cannot be read is no "PIN not set". */
        *attempts_left = failures < PIN_MAX_FAILURES ? PIN_MAX_FAILURES - failures : 0;
        r = STORE_PIN_UNREADABLE;
        goto done;
    }
    if (!hash) {
        *attempts_left = PIN_MAX_FAILURES;
        r = STORE_PIN_OK;
        goto done;
    }
    /* A lock never lasts longer than it was given for, however far the
     * clock went back (RTC reset, NTP): the end is at most now plus the
     * lock's length. */
    int64_t longest = failures >= PIN_MAX_FAILURES ? pin_lock_ms(failures) : PIN_LOCK_MAX_MS;
    if (locked > now_ms + longest) {
        locked = now_ms + longest;
        pin_record(st, failures, locked); /* from now on the lock counts from here */
    }
    if (locked > now_ms) {
        *attempts_left = 0;
        *locked_until_ms = locked;
        r = STORE_PIN_LOCKED;
        goto done;
    }
    if (pin && crypto_pwhash_str_verify(hash, pin, strlen(pin)) == 0) {
        if (failures != 0 || locked != 0) pin_record(st, 0, 0);
        *attempts_left = PIN_MAX_FAILURES;
        r = STORE_PIN_OK;
        goto done;
    }
    /* The count goes on after a lock has expired (five more attempts, then
     * a lock twice as long); only the right PIN resets it. */
    failures++;
    if (failures % PIN_MAX_FAILURES == 0) {
        int64_t until = now_ms + pin_lock_ms(failures);
        pin_record(st, failures, until);
        *attempts_left = 0;
        *locked_until_ms = until;
        r = STORE_PIN_LOCKED;
    } else {
        pin_record(st, failures, 0);
        *attempts_left = PIN_MAX_FAILURES - failures % PIN_MAX_FAILURES;
        r = STORE_PIN_WRONG;
    }
done:
    free(hash);
    return r;
}

/* ---- public functions: signing key ------------------------------------------- */

void store_public_key(const store_t *st, unsigned char pk[32])
{
    memcpy(pk, st->pk, 32);
}

void store_key_fingerprint(const store_t *st, char out[64])
{
    store_fingerprint_of(st->pk, out);
}

void store_fingerprint_of(const unsigned char pk[32], char out[64])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, pk, 32);
    char hex[65];
    jh_hex(h, sizeof h, hex);
    snprintf(out, 64, "SHA256:%.4s-%.4s-%.4s-%.4s", hex, hex + 4, hex + 8, hex + 12);
}

void store_sign(const store_t *st, const void *msg, size_t len, unsigned char sig[64])
{
    crypto_sign_detached(sig, NULL, msg, len, st->sk);
}

/* ---- public functions: masking ----------------------------------------------- */

/* The code point of the UTF-8 character at s (len bytes left) and its byte
 * length in *n; a stray byte is itself (length 1). */
static uint32_t mask_char(const unsigned char *s, size_t len, int *n)
{
    if (s[0] < 0x80 || len < 2) return *n = 1, s[0];
    if ((s[0] & 0xE0) == 0xC0 && (s[1] & 0xC0) == 0x80) return *n = 2, (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
    if ((s[0] & 0xF0) == 0xE0 && len >= 3 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80)
        return *n = 3, (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
    return *n = 1, s[0];
}

/* The value (0-9) of c as a digit of a phone or ID number, or -1: ASCII or
 * full-width digits, and the Chinese numerals as a number is read out or
 * written digit by digit (〇一二三四五六七八九, 零, and 幺 for 一 in phone
 * numbers). */
static int mask_numeral(uint32_t c)
{
    if (c >= '0' && c <= '9') return (int)(c - '0');
    if (c >= 0xFF10 && c <= 0xFF19) return (int)(c - 0xFF10);
    switch (c) {
    case 0x3007: /* 〇 */
    case 0x96F6: /* 零 */
        return 0;
    case 0x4E00: /* 一 */
    case 0x5E7A: /* 幺 */
        return 1;
    case 0x4E8C: return 2; /* 二 */
    case 0x4E09: return 3; /* 三 */
    case 0x56DB: return 4; /* 四 */
    case 0x4E94: return 5; /* 五 */
    case 0x516D: return 6; /* 六 */
    case 0x4E03: return 7; /* 七 */
    case 0x516B: return 8; /* 八 */
    case 0x4E5D: return 9; /* 九 */
    }
    return -1;
}

static bool mask_cjk_numeral(uint32_t c)
{
    return c > 0x7F && c < 0xFF10 && mask_numeral(c) >= 0;
}

/* The value of the character at s + i (len bytes in all; prev is the
 * character before it, 0 at the start) as a digit, or -1; its length in *n.
 * 一 directly followed by another CJK character that is no numeral is the
 * word 一 (一次, 一个, 一样), not a digit - unless a Chinese numeral comes
 * right before it (…七一号). */
static int mask_digit_at(const unsigned char *s, size_t i, size_t len, uint32_t prev, int *n)
{
    uint32_t c = mask_char(s + i, len - i, n);
    int v = mask_numeral(c);
    if (c == 0x4E00 && !mask_cjk_numeral(prev) && i + (size_t)*n < len) {
        int m;
        uint32_t next = mask_char(s + i + (size_t)*n, len - i - (size_t)*n, &m);
        bool cjk = (next >= 0x3400 && next <= 0x4DBF) || (next >= 0x4E00 && next <= 0x9FFF) ||
                   (next >= 0xF900 && next <= 0xFAFF);
        if (cjk && mask_numeral(next) < 0) return -1;
    }
    return v;
}

/* How a separator character may join the digit groups of one number. */
typedef enum {
    MASK_SEP_NONE,  /* not a separator: ends the number */
    MASK_SEP_BLANK, /* blanks and hyphens/dashes: "138 1234-5678" */
    MASK_SEP_PAREN, /* brackets: "(0791)88123456", "138（1234）5678" */
    MASK_SEP_MARK,  /* dots, commas, 、 。, colons, slashes, _ ~ ·: "138.1234.5678" */
} mask_sep_t;

/* The kind of separator c is: blanks (ASCII, no-break, ideographic,
 * zero-width), hyphens and dashes (ASCII, full-width, U+2010..2015, minus),
 * brackets, and marks (dots, commas, the enumeration comma 、, the full stop
 * 。, colons, slashes, underscores, tildes, middle dots), ASCII or full-width. */
static mask_sep_t mask_sep(uint32_t c)
{
    switch (c) {
    case ' ': case '\t': case '-': case 0x00A0: case 0x2060: case 0x2212: case 0x3000: case 0xFE58: case 0xFE63:
    case 0xFEFF: case 0xFF0D:
        return MASK_SEP_BLANK;
    case '(': case ')': case 0xFF08: case 0xFF09:
        return MASK_SEP_PAREN;
    case '.': case ',': case '/': case '_': case '~': case ':': case 0x00B7: case 0x2027: case 0x3001: case 0x3002:
    case 0x30FB: case 0xFF0C: case 0xFF0E: case 0xFF0F: case 0xFF1A: case 0xFF3F: case 0xFF5E: case 0xFF61:
    case 0xFF64: case 0xFF65:
        return MASK_SEP_MARK;
    }
    if ((c >= 0x2010 && c <= 0x2015) || (c >= 0x200B && c <= 0x200D)) return MASK_SEP_BLANK;
    return MASK_SEP_NONE;
}

/* At most this many separator characters between two digit groups of one
 * number ("138 - 1234", two spaces); a longer run ends the number. */
#define MASK_MAX_SEP 3
/* The longest number a shape has (an ID); longer digit groups are masked
 * whole. */
#define MASK_MAX_DIGITS 18

/* One group of digits with no separator inside ("138", "一二三四"). */
typedef struct {
    size_t start, end;            /* its bytes in the text */
    int n;                        /* its digits */
    char v[MASK_MAX_DIGITS];      /* the values of its first digits */
    mask_sep_t join;              /* how it is joined to the group before (NONE: the first) */
    bool x;                       /* an X (ASCII or full-width) right after it */
    bool masked;                  /* part of a phone or ID number */
    bool masked_x;                /* and the X after it is that ID's 18th digit */
} mask_group_t;

/* Scans the digit group at s + i (its first character a digit; prev the
 * character before it) into *g; returns the character after it in *last. */
static void mask_scan_group(const unsigned char *s, size_t i, size_t len, uint32_t prev, mask_group_t *g,
                            uint32_t *last)
{
    int n, v;
    g->start = i;
    g->n = 0;
    while (i < len && (v = mask_digit_at(s, i, len, prev, &n)) >= 0) {
        if (g->n < MASK_MAX_DIGITS) g->v[g->n] = (char)v;
        g->n++;
        prev = mask_char(s + i, len - i, &n);
        i += (size_t)n;
    }
    g->end = i;
    *last = prev;
    g->x = false;
    if (i < len) {
        uint32_t c = mask_char(s + i, len - i, &n);
        g->x = c == 'X' || c == 'x' || c == 0xFF38 || c == 0xFF58;
    }
}

/* Whether group g could be a year, 19xx or 20xx (two of them joined are a
 * range of years, "2025-2026学年", no phone number). */
static bool mask_year(const mask_group_t *g)
{
    return g->n == 4 && ((g->v[0] == 1 && g->v[1] == 9) || (g->v[0] == 2 && g->v[1] == 0));
}

/* Marks in g[0..n-1] (one number's groups) every stretch of whole groups
 * that has the shape of a phone or ID number (store.h). */
static void mask_shapes(mask_group_t *g, size_t n)
{
    for (size_t a = 0; a < n; a++) {
        if (g[a].n >= 7) g[a].masked = true; /* an unbroken run of 7 or more digits */
        char d[MASK_MAX_DIGITS];
        int len = 0;
        bool blank = true, paren = true, wide = true; /* joiners so far; every group >= 3 digits */
        for (size_t b = a; b < n; b++) {
            if (len + g[b].n > MASK_MAX_DIGITS) break;
            if (b > a) {
                blank = blank && g[b].join == MASK_SEP_BLANK;
                paren = paren && g[b].join != MASK_SEP_MARK;
            }
            wide = wide && g[b].n >= 3;
            memcpy(d + len, g[b].v, (size_t)g[b].n);
            len += g[b].n;
            bool x = len == 17 && g[b].x;
            bool mobile = len == 11 && d[0] == 1 && d[1] >= 3;
            bool landline = len >= 10 && len <= 12 && d[0] == 0 && d[1] != 0 && paren;
            bool local = len >= 7 && len <= 8 && b > a && blank && wide &&
                         !(b == a + 1 && mask_year(&g[a]) && mask_year(&g[b]));
            bool id = (len == 15 || len == 18 || x) && d[0] != 0 && blank;
            if (mobile || landline || local || id) {
                for (size_t k = a; k <= b; k++) g[k].masked = true;
                if (x) g[b].masked_x = true;
            }
        }
    }
}

char *store_mask_personal(const char *text)
{
    if (!text) return NULL;
    size_t len = strlen(text);
    char *out = jh_xmalloc(len + 1);
    size_t o = 0;
    const unsigned char *s = (const unsigned char *)text;
    mask_group_t *g = NULL;
    size_t cap = 0;
    uint32_t prev = 0;
    for (size_t i = 0; i < len;) {
        int n;
        if (mask_digit_at(s, i, len, prev, &n) < 0) {
            prev = mask_char(s + i, len - i, &n);
            memcpy(out + o, s + i, (size_t)n);
            o += (size_t)n;
            i += (size_t)n;
            continue;
        }
        /* One number: digit groups joined by short runs of separators.  A
         * mark or bracket joins only a group of 3 or more digits: before 1-2
         * digits it is a decimal point, a time's colon or a list ("7.30",
         * "8:00", "五一、六一"). */
        size_t ng = 0, j = i;
        mask_sep_t join = MASK_SEP_NONE;
        for (;;) {
            if (ng == cap) {
                cap = cap ? 2 * cap : 16;
                g = jh_xrealloc(g, cap * sizeof *g);
            }
            mask_scan_group(s, j, len, prev, &g[ng], &prev);
            g[ng].join = join;
            g[ng].masked = g[ng].masked_x = false;
            j = g[ng++].end;
            size_t k = j;
            int seps = 0;
            uint32_t c, sep = 0; /* the last separator */
            join = MASK_SEP_BLANK;
            mask_sep_t t;
            while (k < len && seps < MASK_MAX_SEP &&
                   (t = mask_sep(c = mask_char(s + k, len - k, &n))) != MASK_SEP_NONE) {
                if (t > join) join = t;
                sep = c;
                k += (size_t)n;
                seps++;
            }
            if (seps == 0 || k >= len || mask_digit_at(s, k, len, sep, &n) < 0) break;
            if (join != MASK_SEP_BLANK) {
                mask_group_t next;
                uint32_t ignored;
                mask_scan_group(s, k, len, sep, &next, &ignored);
                if (next.n < 3) break;
            }
            j = k;
            prev = sep;
        }
        mask_shapes(g, ng);
        /* every digit of a masked group (and an ID's X) becomes one '*';
         * the separators stay */
        for (size_t a = 0; a < ng; a++) {
            if (a > 0) {
                memcpy(out + o, s + g[a - 1].end, g[a].start - g[a - 1].end);
                o += g[a].start - g[a - 1].end;
            }
            if (!g[a].masked) {
                memcpy(out + o, s + g[a].start, g[a].end - g[a].start);
                o += g[a].end - g[a].start;
                continue;
            }
            for (int k = 0; k < g[a].n; k++) out[o++] = '*';
        }
        i = g[ng - 1].end;
        if (g[ng - 1].masked_x) {
            prev = mask_char(s + i, len - i, &n);
            out[o++] = '*';
            i += (size_t)n;
        }
    }
    free(g);
    out[o] = 0;
    return out;
}

/* ---- public functions: canonical text ---------------------------------------- */

const char *store_status_name(store_status_t s)
{
    switch (s) {
    case STORE_IN_PROGRESS: return "in_progress";
    case STORE_SUBMITTED: return "submitted";
    case STORE_ABANDONED: return "abandoned";
    case STORE_SUBMITTED_TIMEOUT: return "submitted_timeout";
    }
    return "unknown";
}

void store_json_put_string(jh_buf_t *b, const char *s)
{
    jh_buf_append(b, "\"", 1);
    const char *run = s;
    for (const char *p = s;; p++) {
        unsigned char c = (unsigned char)*p;
        if (c != 0 && c != '"' && c != '\\' && c >= 0x20) continue;
        jh_buf_append(b, run, (size_t)(p - run));
        run = p + 1;
        if (c == 0) break;
        switch (c) {
        case '"': jh_buf_puts(b, "\\\""); break;
        case '\\': jh_buf_puts(b, "\\\\"); break;
        case '\n': jh_buf_puts(b, "\\n"); break;
        case '\r': jh_buf_puts(b, "\\r"); break;
        case '\t': jh_buf_puts(b, "\\t"); break;
        case '\b': jh_buf_puts(b, "\\b"); break;
        case '\f': jh_buf_puts(b, "\\f"); break;
        default: jh_buf_printf(b, "\\u%04x", c); break;
        }
    }
    jh_buf_append(b, "\"", 1);
}

bool store_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    while (p < end) {
        /* Eight ASCII bytes, none zero, at a time (bundles are mostly ASCII). */
        while (end - p >= 8) {
            uint64_t w;
            memcpy(&w, p, 8);
            if ((w & 0x8080808080808080ull) || ((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull)) break;
            p += 8;
        }
        if (p >= end) break;
        unsigned c = *p;
        if (c == 0) return false;
        if (c < 0x80) {
            p++;
            continue;
        }
        /* One sequence of 2, 3 or 4 bytes, straight through (Chinese text
         * is mostly 3): no overlong form, no surrogate, nothing past
         * U+10FFFF. */
        if (c < 0xc2) return false; /* a continuation byte, or an overlong 2-byte lead */
        if (c < 0xe0) {
            if (end - p < 2 || (p[1] & 0xc0) != 0x80) return false;
            p += 2;
        } else if (c < 0xf0) {
            if (end - p < 3 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80) return false;
            unsigned cp = (c & 0x0fu) << 12 | (p[1] & 0x3fu) << 6 | (p[2] & 0x3fu);
            if (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)) return false;
            p += 3;
        } else if (c < 0xf8) {
            if (end - p < 4 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 || (p[3] & 0xc0) != 0x80) return false;
            unsigned cp = (c & 0x07u) << 18 | (p[1] & 0x3fu) << 12 | (p[2] & 0x3fu) << 6 | (p[3] & 0x3fu);
            if (cp < 0x10000 || cp > 0x10ffff) return false;
            p += 4;
        } else {
            return false;
        }
    }
    return true;
}

/* Writes the decimal digits of v at p (what "%lld" prints); returns the end. */
static char *put_i64(char *p, int64_t v)
{
    char tmp[24], *q = tmp + sizeof tmp;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do {
        *--q = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) *--q = '-';
    size_t n = (size_t)(tmp + sizeof tmp - q);
    memcpy(p, q, n);
    return p + n;
}

/* Writes s as a JSON string at p exactly as store_json_put_string does;
 * returns the end.  At most 6 bytes per byte of s plus 2 are written. */
static char *put_json_string(char *p, const char *s)
{
    *p++ = '"';
    for (;;) {
        const char *run = s;
        while ((unsigned char)*s >= 0x20 && *s != '"' && *s != '\\') s++;
        memcpy(p, run, (size_t)(s - run));
        p += s - run;
        unsigned char c = (unsigned char)*s;
        if (c == 0) break;
        s++;
        *p++ = '\\';
        switch (c) {
        case '"': *p++ = '"'; break;
        case '\\': *p++ = '\\'; break;
        case '\n': *p++ = 'n'; break;
        case '\r': *p++ = 'r'; break;
        case '\t': *p++ = 't'; break;
        case '\b': *p++ = 'b'; break;
        case '\f': *p++ = 'f'; break;
        default: p += sprintf(p, "u%04x", c); break;
        }
    }
    *p++ = '"';
    return p;
}

#define PUT_LIT(p, lit) (memcpy((p), (lit), sizeof(lit) - 1), (p) + sizeof(lit) - 1)

/* The canonical text is built with one size check: the bureau builds a
 * million of them per merge, and appending piece by piece cost more than
 * hashing them. */
void store_record_canonical_put(jh_buf_t *b, const store_record_t *r)
{
    const char *strs[] = {r->kiosk_id, r->uuid, r->survey_id, r->survey_hash, r->role, r->lang, r->status, r->flags};
    size_t need = 512; /* keys and punctuation (139 bytes), four numbers */
    for (size_t i = 0; i < sizeof strs / sizeof *strs; i++) need += 6 * strlen(strs[i]) + 2;
    for (int i = 0; i < r->n_answers; i++)
        need += 6 * (strlen(r->answers[i].item_id) + strlen(r->answers[i].value)) + 6;
    if (b->len + need + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + need + 1) cap *= 2;
        b->data = jh_xrealloc(b->data, cap);
        b->cap = cap;
    }
    char *p = b->data + b->len;
    p = PUT_LIT(p, "{\"kiosk\":");
    p = put_json_string(p, r->kiosk_id);
    p = PUT_LIT(p, ",\"seq\":");
    p = put_i64(p, r->seq);
    p = PUT_LIT(p, ",\"uuid\":");
    p = put_json_string(p, r->uuid);
    p = PUT_LIT(p, ",\"survey\":");
    p = put_json_string(p, r->survey_id);
    p = PUT_LIT(p, ",\"survey_hash\":");
    p = put_json_string(p, r->survey_hash);
    p = PUT_LIT(p, ",\"role\":");
    p = put_json_string(p, r->role);
    p = PUT_LIT(p, ",\"lang\":");
    p = put_json_string(p, r->lang);
    if (r->day) {
        p = PUT_LIT(p, ",\"day\":");
        p = put_json_string(p, r->day);
        p = PUT_LIT(p, ",\"duration_min\":");
        p = put_i64(p, r->duration_min);
    } else {
        p = PUT_LIT(p, ",\"started_ms\":");
        p = put_i64(p, r->started_ms);
        p = PUT_LIT(p, ",\"ended_ms\":");
        p = put_i64(p, r->ended_ms);
        p = PUT_LIT(p, ",\"duration_ms\":");
        p = put_i64(p, r->duration_ms);
    }
    p = PUT_LIT(p, ",\"status\":");
    p = put_json_string(p, r->status);
    p = PUT_LIT(p, ",\"flags\":");
    p = put_json_string(p, r->flags);
    p = PUT_LIT(p, ",\"answers\":{");
    for (int i = 0; i < r->n_answers; i++) {
        if (i) *p++ = ',';
        p = put_json_string(p, r->answers[i].item_id);
        *p++ = ':';
        p = put_json_string(p, r->answers[i].value);
    }
    p = PUT_LIT(p, "}}");
    *p = '\0';
    b->len = (size_t)(p - b->data);
}

void store_day_of(int64_t ms, char out[16])
{
    jh_format_day(ms, out); /* Beijing time, as merge, stats and the clock checks */
}

char *store_record_canonical(const store_record_t *r)
{
    jh_buf_t b = {0};
    store_record_canonical_put(&b, r);
    return jh_buf_take(&b);
}

void store_chain_hash(const char *prev_chain, const char *canonical, char out[65])
{
    store_chain_hash_len(prev_chain, canonical, strlen(canonical), out);
}

void store_chain_hash_len(const char *prev_chain, const char *canonical, size_t len, char out[65])
{
    jh_sha256_t h;
    unsigned char d[32];
    jh_sha256_init(&h);
    jh_sha256_update(&h, prev_chain, strlen(prev_chain));
    jh_sha256_update(&h, canonical, len);
    jh_sha256_final(&h, d);
    jh_hex(d, sizeof d, out);
}

/* ---- static functions ---------------------------------------------------------- */

static jh_status_t sql_fail(store_t *st, int rc, const char *what, jh_err_t *err)
{
    int base = rc & 0xff;
    jh_status_t code;
    const char *hint = "";
    switch (base) {
    case SQLITE_FULL:
        code = JH_ERR_FULL;
        hint = " (the kiosk's disk is full: free some space; nothing already saved is lost)";
        break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
        code = JH_ERR_READONLY;
        hint = " (the database or its directory cannot be written)";
        break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: code = JH_ERR_CORRUPT; break;
    case SQLITE_NOMEM: code = JH_ERR_NOMEM; break;
    case SQLITE_CONSTRAINT: code = JH_ERR_CONFLICT; break;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR: {
        int e = sqlite3_system_errno(st->db);
        code = e ? jh_status_from_errno(e) : JH_ERR_IO;
        if (code == JH_ERR_NOTFOUND) code = JH_ERR_IO;
        if (code == JH_ERR_FULL) hint = " (the kiosk's disk is full: free some space; nothing already saved is lost)";
        if (code == JH_ERR_READONLY) hint = " (the database or its directory cannot be written)";
        break;
    }
    default: code = JH_ERR_IO; break;
    }
    return jh_err_set(err, code, "%s: cannot %s: %s%s", st->path, what, sqlite3_errmsg(st->db), hint);
}

static jh_status_t exec_sql(store_t *st, const char *sql, const char *what, jh_err_t *err)
{
    int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK) return sql_fail(st, rc, what, err);
    return JH_OK;
}

static jh_status_t begin_tx(store_t *st, const char *what, jh_err_t *err)
{
    return exec_sql(st, "BEGIN IMMEDIATE", what, err);
}

static jh_status_t commit_tx(store_t *st, const char *what, jh_err_t *err)
{
    return exec_sql(st, "COMMIT", what, err);
}

static void rollback_tx(store_t *st)
{
    if (!sqlite3_get_autocommit(st->db)) sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

static const setting_def_t *setting_find(const char *key)
{
    for (const setting_def_t *d = settings; d->key; d++)
        if (!strcmp(d->key, key)) return d;
    return NULL;
}

static jh_status_t setting_validate(store_t *st, const char *key, const char *value, jh_err_t *err)
{
    const setting_def_t *d = setting_find(key);
    if (!d)
        return jh_err_set(err, JH_ERR_INVALID, _("unknown setting '%.60s' (expected one of: %s)"), key,
                          SETTING_KEYS_TEXT);
    if (!value || !d->check(value)) {
        /* At most 100 bytes of the value, cut at a character boundary. */
        const char *v = value ? value : "";
        size_t n = strlen(v);
        if (n > 100) {
            n = 100;
            while (n > 0 && ((unsigned char)v[n] & 0xC0) == 0x80) n--;
        }
        uint32_t cp;
        const char *bad = jh_first_control(v, &cp);
        if (bad) {
            /* shown escaped: raw, U+202E would reorder the message itself */
            char *cut = jh_strndup(v, n);
            jh_buf_t shown = {0};
            jh_buf_puts(&shown, "");
            jh_buf_put_escaped(&shown, cut);
            jh_err_set(err, JH_ERR_INVALID, _("%s: '%s%s' holds an invisible control or direction character (U+%04X, character "
                         "%zu; 不可见的控制字符或文字方向字符): it can reverse the text after it, and the "
                         "kiosk's exports would be refused. Type the value again by hand instead of pasting it"),
                       key, shown.data, v[n] ? "..." : "", (unsigned)cp,
                       jh_char_number(v, bad));
            jh_buf_free(&shown);
            free(cut);
            return JH_ERR_INVALID;
        }
        if (has_fullwidth_digit(v))
            return jh_err_set(err, JH_ERR_INVALID,
                              _("%s: '%.*s%s' is typed in full-width digits (\xef\xbc\x90-\xef\xbc\x99): type it "
                                "again in half-width digits 0-9"),
                              key, (int)n, v, v[n] ? "..." : "");
        return jh_err_set(err, JH_ERR_INVALID, _("%s: '%.*s%s' is not valid (expected %s)"), key, (int)n, v,
                          v[n] ? "..." : "", _(d->expected));
    }
    if (!strcmp(key, "active_surveys") && st->known_surveys) {
        /* Each id must be an installed questionnaire: a typo would leave
         * parents with "no questionnaire installed". */
        const char *p = value;
        while (*p) {
            while (*p == ' ' || *p == ',') p++;
            const char *start = p;
            while (*p && *p != ',' && *p != ' ') p++;
            if (p == start) break;
            if (!survey_installed(st, start, (size_t)(p - start))) {
                jh_buf_t b = {0};
                for (int i = 0; i < st->n_known_surveys; i++)
                    jh_buf_printf(&b, "%s%s", i ? ", " : "", st->known_surveys[i]);
                jh_status_t s = jh_err_set(err, JH_ERR_INVALID,
                                           _("active_surveys: '%.*s' is not an installed questionnaire (installed: "
                                             "%s)"),
                                           (int)(p - start > 64 ? 64 : p - start), start,
                                           b.data ? b.data : _("none"));
                jh_buf_free(&b);
                return s;
            }
        }
    }
    if (!strcmp(key, "school_code")) {
        /* Responses do not carry the school: a new school_code would
         * re-label every answer in the database, and the bureau, which
         * pinned this kiosk to its school, rejects every later bundle
         * (review rseason). */
        int64_t n = 0, unexported = 0;
        if (store_school_locked(st, value, &n, &unexported)) {
            char *old = store_setting_get(st, "school_code");
            jh_status_t s;
            if (n > 0)
                s = jh_err_set(err, JH_ERR_CONFLICT,
                               "学校代码不能从 %s 改成 %.40s：本机已有 %lld 份答卷记在学校 %s 名下（%lld 份还没有导出），"
                               "改了就会算到新学校，县教育局也会拒收本机以后的答卷；学校确实设错了的话，先“导出全部”"
                               "交给教育局，再请技术人员把本机作为新答题机重新设置 / school_code: cannot change from "
                               "'%s' to '%.40s': %lld responses were recorded as school %s (%lld not exported yet) "
                               "and do not carry the school",
                               old, value, (long long)n, old, (long long)unexported, old, value, (long long)n, old,
                               (long long)unexported);
            else
                s = jh_err_set(err, JH_ERR_CONFLICT,
                               "学校代码不能从 %s 改成 %.40s：本机以前以学校 %s 的名义记录过答卷（见 %s.identity），"
                               "县教育局会拒收本机以后的答卷；学校确实设错了的话，请技术人员把本机作为新答题机重新设置 "
                               "/ school_code: cannot change from '%s' to '%.40s': this kiosk recorded answers as "
                               "school %s before (see %s.identity)",
                               old, value, old, st->path, old, value, old, st->path);
            free(old);
            return s;
        }
    }
    if (!strcmp(key, "kiosk_id")) {
        char *old = store_setting_get(st, "kiosk_id");
        bool changed = old && strcmp(old, value) != 0 && !st->conf_renaming;
        if (changed) {
            sqlite3_stmt *q = NULL;
            int64_t n = 0;
            if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM responses", -1, &q, NULL) == SQLITE_OK &&
                sqlite3_step(q) == SQLITE_ROW)
                n = sqlite3_column_int64(q, 0);
            sqlite3_finalize(q);
            if (n > 0) {
                jh_status_t s = jh_err_set(err, JH_ERR_CONFLICT,
                                           "kiosk_id: cannot change from '%s' to '%.40s': %lld responses already "
                                           "carry it (it is part of every response's identity)",
                                           old, value, (long long)n);
                free(old);
                return s;
            }
            if (st->seq_reserved > 0) {
                /* The database is new but this kiosk (its key) recorded
                 * answers as old before: they must stay one kiosk. */
                jh_status_t s = jh_err_set(err, JH_ERR_CONFLICT,
                                           "kiosk_id: cannot change from '%s' to '%.40s': this kiosk recorded "
                                           "answers as %s before (see %s.identity); remove the kiosk_id line "
                                           "from the config",
                                           old, value, old, st->path);
                free(old);
                return s;
            }
        }
        free(old);
    }
    return JH_OK;
}

/* Closes response seq as submitted or abandoned inside an open transaction:
 * builds its canonical text and chains it to the response before it. */
static jh_status_t finalise_row(store_t *st, int64_t seq, store_status_t status, int64_t ended_ms,
                                const char *flags, const char *what, jh_err_t *err)
{
    sqlite3_stmt *q = NULL;
    jh_status_t s = JH_OK;
    char *uuid = NULL, *survey_id = NULL, *survey_hash = NULL, *role = NULL, *lang = NULL, *prev = NULL;
    char *kiosk = NULL, *canonical = NULL;
    int64_t started = 0;
    store_answer_ref_t *answers = NULL;
    char **owned = NULL;
    int n_answers = 0;

    int rc = sqlite3_prepare_v2(st->db, "SELECT uuid, survey_id, survey_hash, role, lang, started_ms FROM responses "
                                        "WHERE seq = ? AND status = 0",
                                -1, &q, NULL);
    if (rc != SQLITE_OK) goto sqlfail;
    sqlite3_bind_int64(q, 1, seq);
    rc = sqlite3_step(q);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(q);
        if (rc == SQLITE_DONE) {
            s = jh_err_set(err, JH_ERR_CONFLICT, "%s: response seq %lld is not in progress", st->path, (long long)seq);
            goto out;
        }
        goto sqlfail;
    }
    uuid = jh_strdup((const char *)sqlite3_column_text(q, 0));
    survey_id = jh_strdup((const char *)sqlite3_column_text(q, 1));
    survey_hash = jh_strdup((const char *)sqlite3_column_text(q, 2));
    role = jh_strdup((const char *)sqlite3_column_text(q, 3));
    lang = jh_strdup((const char *)sqlite3_column_text(q, 4));
    started = sqlite3_column_int64(q, 5);
    sqlite3_finalize(q);

    rc = sqlite3_prepare_v2(st->db, "SELECT item_id, value FROM answers WHERE seq = ? ORDER BY ord", -1, &q, NULL);
    if (rc != SQLITE_OK) goto sqlfail;
    sqlite3_bind_int64(q, 1, seq);
    int cap = 0;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (n_answers == cap) {
            cap = cap ? cap * 2 : 16;
            answers = jh_xrealloc(answers, (size_t)cap * sizeof *answers);
            owned = jh_xrealloc(owned, (size_t)cap * 2 * sizeof *owned);
        }
        owned[2 * n_answers] = jh_strdup((const char *)sqlite3_column_text(q, 0));
        /* Phone and ID numbers never leave the kiosk: the canonical text
         * (what an export carries) has them masked. */
        owned[2 * n_answers + 1] = store_mask_personal((const char *)sqlite3_column_text(q, 1));
        answers[n_answers].item_id = owned[2 * n_answers];
        answers[n_answers].value = owned[2 * n_answers + 1];
        n_answers++;
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) goto sqlfail;

    rc = sqlite3_prepare_v2(st->db, "SELECT chain, status FROM responses WHERE seq < ? ORDER BY seq DESC LIMIT 1", -1,
                            &q, NULL);
    if (rc != SQLITE_OK) goto sqlfail;
    sqlite3_bind_int64(q, 1, seq);
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        if (sqlite3_column_type(q, 0) == SQLITE_NULL) {
            sqlite3_finalize(q);
            s = jh_err_set(err, JH_ERR_CORRUPT, "%s: response before seq %lld is not closed", st->path,
                           (long long)seq);
            goto out;
        }
        prev = jh_strdup((const char *)sqlite3_column_text(q, 0));
        rc = SQLITE_DONE;
    } else {
        prev = jh_strdup("");
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) goto sqlfail;

    kiosk = store_setting_get(st, "kiosk_id");
    if (!kiosk) kiosk = jh_strdup("");
    /* What leaves the kiosk (issue 19.7): the day and the duration in
     * whole minutes, never the times to the millisecond. */
    char day[16];
    store_day_of(ended_ms, day);
    int64_t dur = ended_ms - started;
    store_record_t r = {
        .day = day,
        .duration_min = dur > 0 ? (dur + 30000) / 60000 : 0,
        .kiosk_id = kiosk,
        .seq = seq,
        .uuid = uuid,
        .survey_id = survey_id,
        .survey_hash = survey_hash,
        .role = role,
        .lang = lang,
        .started_ms = started,
        .ended_ms = ended_ms,
        .duration_ms = ended_ms - started,
        .status = store_status_name(status),
        .flags = flags,
        .answers = answers,
        .n_answers = n_answers,
    };
    canonical = store_record_canonical(&r);
    char chain[65];
    store_chain_hash(prev, canonical, chain);
    rc = sqlite3_prepare_v2(st->db, "UPDATE responses SET status = ?, ended_ms = ?, flags = ?, canonical = ?, "
                                    "chain = ?, timed_out = ? WHERE seq = ? AND status = 0",
                            -1, &q, NULL);
    if (rc != SQLITE_OK) goto sqlfail;
    /* Submitted by timeout is a submission (status 1) marked timed_out. */
    sqlite3_bind_int(q, 1, status == STORE_SUBMITTED_TIMEOUT ? (int)STORE_SUBMITTED : (int)status);
    sqlite3_bind_int64(q, 2, ended_ms);
    sqlite3_bind_text(q, 3, flags, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 4, canonical, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 5, chain, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 6, status == STORE_SUBMITTED_TIMEOUT);
    sqlite3_bind_int64(q, 7, seq);
    rc = sqlite3_step(q);
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) goto sqlfail;
    goto out;

sqlfail:
    s = sql_fail(st, rc, what, err);
out:
    for (int i = 0; i < 2 * n_answers; i++) free(owned[i]);
    free(owned);
    free(answers);
    free(uuid);
    free(survey_id);
    free(survey_hash);
    free(role);
    free(lang);
    free(prev);
    free(kiosk);
    free(canonical);
    return s;
}

/* ---- static functions: the identity file ------------------------------------ */
/* PATH.identity, beside the signing key: what makes this kiosk itself and
 * must survive the loss of its database (docs/kiosk.md, "Identity"): the
 * kiosk id, the highest seq that may have been used (reserved in blocks),
 * the PIN hash, the school settings and the trusted bureau key.  Written
 * whole and atomically (temporary file, fsync, rename, directory fsync),
 * mode 0600 (it holds the PIN hash), inside the transaction that changes
 * what it mirrors, so the file is never behind a committed change. */

#define IDENTITY_FORMAT "junheng-kiosk-identity 1"

static jh_status_t write_private_atomic(const char *path, const char *data, size_t len, jh_err_t *err)
{
    char *tmp = jh_sprintf("%s.tmp", path);
    jh_status_t s = JH_OK;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        s = jh_err_set(err, jh_status_from_errno(errno), "%s: cannot write the kiosk identity: %s", tmp,
                       strerror(errno));
        free(tmp);
        return s;
    }
    {
        /* Written by root (junheng-kiosk --export from a recovery shell):
         * the file stays the folder owner's, the kiosk's user, who must
         * read it at its next start (review rsite9, item 3). */
        char *dcopy = jh_strdup(path);
        struct stat ds;
        if (geteuid() == 0 && stat(dirname(dcopy), &ds) == 0 && ds.st_uid != 0 &&
            fchown(fd, ds.st_uid, ds.st_gid) != 0) {
            free(dcopy);
            goto io_fail;
        }
        free(dcopy);
    }
    if (!jh_write_all(fd, data, len)) goto io_fail;
    if (fsync(fd) != 0) goto io_fail;
    if (close(fd) != 0) {
        fd = -1;
        goto io_fail;
    }
    fd = -1;
    if (rename(tmp, path) != 0) goto io_fail;
    char *copy = jh_strdup(path);
    int dfd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    free(copy);
    if (dfd >= 0) {
        int r = fsync(dfd);
        close(dfd);
        if (r != 0) {
            s = jh_err_set(err, jh_status_from_errno(errno), "%s: cannot flush the directory: %s", path,
                           strerror(errno));
            free(tmp);
            return s;
        }
    }
    free(tmp);
    return JH_OK;
io_fail:
    s = jh_err_set(err, jh_status_from_errno(errno), "%s: cannot write the kiosk identity: %s", path,
                   strerror(errno));
    if (fd >= 0) close(fd);
    unlink(tmp);
    free(tmp);
    return s;
}

/* The sequence numbers an identity file's text records (0 when absent). */
static void identity_seqs_parse(const char *text, size_t len, int64_t *reserved, int64_t *committed,
                                int64_t *exported)
{
    *reserved = *committed = *exported = 0;
    const char *p = text, *end = text + len;
    while (p && p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        int64_t *dst = NULL;
        size_t klen = 0;
        if ((size_t)(le - p) > 12 && !strncmp(p, "seq_reserved", 12)) dst = reserved, klen = 12;
        if ((size_t)(le - p) > 13 && !strncmp(p, "seq_committed", 13)) dst = committed, klen = 13;
        if ((size_t)(le - p) > 12 && !strncmp(p, "seq_exported", 12)) dst = exported, klen = 12;
        if (dst) {
            const char *v = p + klen;
            while (v < le && (*v == ' ' || *v == '\t')) v++;
            if (v < le && *v == '=') {
                char num[32];
                size_t n = (size_t)(le - v - 1) < sizeof num - 1 ? (size_t)(le - v - 1) : sizeof num - 1;
                memcpy(num, v + 1, n);
                num[n] = '\0';
                long long x = strtoll(num, NULL, 10);
                if (x > *dst) *dst = x;
            }
        }
        p = nl ? nl + 1 : NULL;
    }
}

/* Writes the identity file from the database as it is inside the current
 * transaction (or now).  The caller holds the database's write lock (BEGIN
 * IMMEDIATE), so no other process writes the file between the read and
 * the write here.  The sequence numbers written are the highest of this
 * process's and the file's: another process on the same database (a
 * headless export, an old second kiosk) may have recorded a higher one,
 * and the file must never go backwards (a restore of an older copy would
 * then go unnoticed and reuse a seq). */
static jh_status_t identity_save(store_t *st, jh_err_t *err)
{
    if (st->identity_off) return JH_OK;
    char ipath[1200];
    path_sibling(ipath, sizeof ipath, st->path, ".identity");
    char *old = NULL;
    size_t old_len = 0;
    jh_err_t e;
    bool have_old = jh_read_file(ipath, &old, &old_len, &e) == JH_OK;
    if (!have_old && e.status != JH_ERR_NOTFOUND)
        /* never written over unread: its reserved seqs would go (review
         * rsite9, item 3: seq_reserved 101 became 5) */
        return jh_err_set(err, e.status, "%s", e.msg);
    int64_t file_reserved = 0, file_committed = 0, file_exported = 0;
    if (have_old) identity_seqs_parse(old, old_len, &file_reserved, &file_committed, &file_exported);
    int64_t reserved = st->seq_reserved > file_reserved ? st->seq_reserved : file_reserved;
    int64_t committed = st->seq_committed > file_committed ? st->seq_committed : file_committed;
    int64_t exported = st->seq_exported > file_exported ? st->seq_exported : file_exported;
    int64_t db_exported = db_seq_exported(st);
    if (db_exported > exported) exported = db_exported;
    jh_buf_t b = {0};
    jh_buf_puts(&b, "# This kiosk's identity, kept beside its key so that it survives the loss of\n"
                    "# the database.  Written by junheng-kiosk: do not edit or copy to another kiosk.\n");
    jh_buf_printf(&b, "format = %s\n", IDENTITY_FORMAT);
    jh_buf_printf(&b, "seq_reserved = %lld\n", (long long)reserved);
    jh_buf_printf(&b, "seq_committed = %lld\n", (long long)committed);
    if (exported > 0) jh_buf_printf(&b, "seq_exported = %lld\n", (long long)exported);
    for (const setting_def_t *d = settings; d->key; d++) {
        char *v = store_setting_get(st, d->key);
        if (v) jh_buf_printf(&b, "%s = %s\n", d->key, v);
        free(v);
    }
    char *hash;
    int f;
    int64_t l;
    if (pin_row(st, &hash, &f, &l) && hash) jh_buf_printf(&b, "pin_hash = %s\n", hash);
    free(hash);
    /* the config's PIN applied last: a lost database does not take the
     * line for new (and put a PIN changed since back) */
    char *pin_conf = store_setting_get(st, "pin_conf_hash");
    if (pin_conf && *pin_conf) jh_buf_printf(&b, "pin_conf_hash = %s\n", pin_conf);
    free(pin_conf);
    /* The answers once saved but lost stay known after the database itself
     * is lost (the admin screen names them). */
    char *lost = store_setting_get(st, "lost_seqs");
    if (lost && *lost) jh_buf_printf(&b, "lost_seqs = %s\n", lost);
    free(lost);
    char *cause = store_setting_get(st, "lost_cause");
    if (cause && *cause) jh_buf_printf(&b, "lost_cause = %s\n", cause);
    free(cause);
    char *jump = store_setting_get(st, "seq_jump_base");
    if (jump && *jump) jh_buf_printf(&b, "seq_jump_base = %s\n", jump);
    free(jump);
    char *held = store_setting_get(st, "seq_held");
    if (held && *held) jh_buf_printf(&b, "seq_held = %s\n", held);
    free(held);
    /* Unchanged (a config read again at start): no write, no fsync. */
    bool same = have_old && old_len == b.len && !memcmp(old, b.data, b.len);
    if (old) sodium_memzero(old, old_len);
    free(old);
    jh_status_t s = same ? JH_OK : write_private_atomic(ipath, b.data, b.len, err);
    sodium_memzero(b.data, b.len);
    jh_buf_free(&b);
    if (s == JH_OK) {
        st->seq_reserved = reserved;
        st->seq_committed = committed;
        st->seq_exported = exported;
    }
    return s;
}

/* The one integer a query gives (0 when it gives none or fails). */
static int64_t db_int(store_t *st, const char *sql)
{
    sqlite3_stmt *q = NULL;
    int64_t v = 0;
    if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
        v = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return v;
}

/* The highest seq this database's exports recorded (each export takes
 * every finished response after the one before, so the bureau holds all
 * of them up to it). */
static int64_t db_seq_exported(store_t *st)
{
    return db_int(st, "SELECT coalesce(max(last_seq), 0) FROM exports");
}

/* The highest seq in this database (rows and the AUTOINCREMENT counter). */
static int64_t db_seq_max(store_t *st)
{
    return db_int(st, "SELECT max(coalesce((SELECT max(seq) FROM responses), 0), "
                      "coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'responses'), 0))");
}

/* The highest finished seq in this database. */
static int64_t db_seq_committed(store_t *st)
{
    return db_int(st, "SELECT coalesce(max(seq), 0) FROM responses WHERE status != 0");
}

/* The highest seq of a response row in this database (not the counter). */
static int64_t db_rows_seq_max(store_t *st)
{
    return db_int(st, "SELECT coalesce(max(seq), 0) FROM responses");
}

static int64_t setting_int(store_t *st, const char *key)
{
    char *v = store_setting_get(st, key);
    int64_t n = v ? strtoll(v, NULL, 10) : 0;
    free(v);
    return n > 0 ? n : 0;
}

/* A seq range list ("a-b,c", as lost_seqs) with A-B appended; a new string. */
static char *ranges_append(const char *list, int64_t a, int64_t b)
{
    const char *sep = list && *list ? "," : "";
    return jh_sprintf("%s%s%lld-%lld", list ? list : "", sep, (long long)a, (long long)b);
}

static int range_cmp(const void *x, const void *y)
{
    const int64_t *a = x, *b = y;
    return a[0] < b[0] ? -1 : a[0] > b[0];
}

/* The largest seq a range list may name: far above any kiosk's (a seq a
 * second for 30,000 years), far below INT64_MAX, so that B + 1 and a
 * range's length never overflow. */
#define RANGE_SEQ_MAX 1000000000000000LL

/* Parses a seq range list ("1-2,103", as lost_seqs: ranges A-B or single
 * seqs, 1 <= A <= B <= RANGE_SEQ_MAX, separated by commas and blanks).
 * false for anything else (a hand-edited or damaged identity file): the
 * value is then ignored whole.  The ranges into *out (the caller frees;
 * NULL for a check only), their number into *n. */
static bool ranges_parse(const char *list, int64_t (**out)[2], size_t *n)
{
    size_t k = 0, cap = 0;
    int64_t(*r)[2] = NULL;
    const char *p = list ? list : "";
    bool ok = true;
    while (ok) {
        while (*p == ',' || *p == ' ') p++;
        if (!*p) break;
        int64_t ab[2] = {0, 0};
        for (int side = 0; side < 2 && ok; side++) {
            if (*p < '0' || *p > '9') {
                ok = false;
                break;
            }
            int64_t v = 0;
            for (; *p >= '0' && *p <= '9'; p++) {
                v = v * 10 + (*p - '0');
                if (v > RANGE_SEQ_MAX) ok = false;
                if (!ok) break;
            }
            ab[side] = v;
            if (side == 0) {
                ab[1] = v;
                if (*p != '-') break;
                p++;
            }
        }
        if (!ok) break;
        if (ab[0] < 1 || ab[1] < ab[0] || (*p && *p != ',' && *p != ' ')) {
            ok = false;
            break;
        }
        if (out) {
            if (k == cap) {
                cap = cap ? 2 * cap : 8;
                r = jh_xrealloc(r, cap * sizeof *r);
            }
            r[k][0] = ab[0];
            r[k][1] = ab[1];
        }
        k++;
    }
    if (!ok || k == 0) {
        free(r);
        r = NULL;
        k = 0;
        ok = false;
    }
    if (out) *out = r;
    if (n) *n = k;
    return ok;
}

/* LIST's ranges sorted, with overlapping and adjacent ones joined
 * ("2-2,1-1,103-103" is "1-2,103-103"); "" when LIST is not a valid list
 * (ranges_parse); a new string. */
static char *ranges_normalise(const char *list)
{
    size_t n = 0;
    int64_t(*r)[2] = NULL;
    ranges_parse(list, &r, &n);
    if (n) qsort(r, n, sizeof *r, range_cmp);
    char *out = jh_strdup("");
    for (size_t i = 0; i < n;) {
        int64_t a = r[i][0], b = r[i][1];
        for (i++; i < n && r[i][0] <= b + 1; i++)
            if (r[i][1] > b) b = r[i][1];
        char *w = ranges_append(out, a, b);
        free(out);
        out = w;
    }
    free(r);
    return out;
}

static bool ranges_valid(const char *v)
{
    return ranges_parse(v, NULL, NULL);
}

/* LIST (a range list, or NULL) without the seqs of the n sorted ranges
 * CUT (cut[i][0]..cut[i][1]), sorted and joined; a new string ("" when
 * nothing is left). */
static char *ranges_minus(const char *list, const int64_t (*cut)[2], size_t ncut)
{
    char *norm = ranges_normalise(list ? list : "");
    size_t n = 0;
    int64_t(*r)[2] = NULL;
    ranges_parse(norm, &r, &n);
    free(norm);
    char *out = jh_strdup("");
    for (size_t i = 0; i < n; i++) {
        int64_t a = r[i][0], b = r[i][1];
        for (size_t k = 0; k < ncut && a <= b; k++) {
            if (cut[k][1] < a || cut[k][0] > b) continue;
            if (cut[k][0] > a) {
                char *w = ranges_append(out, a, cut[k][0] - 1);
                free(out);
                out = w;
            }
            a = cut[k][1] + 1;
        }
        if (a <= b) {
            char *w = ranges_append(out, a, b);
            free(out);
            out = w;
        }
    }
    free(r);
    return out;
}

/* LIST without the seqs up to FLOOR (exported: the bureau has them). */
static char *ranges_above(const char *list, int64_t floor_seq)
{
    const int64_t cut[1][2] = {{1, floor_seq}};
    return ranges_minus(list, cut, floor_seq >= 1 ? 1 : 0);
}

/* Whether a database moved aside as damaged (PATH.corrupt-*) lies beside path. */
static bool moved_aside_exists(const char *path)
{
    char *pattern = jh_sprintf("%s.corrupt-*", path);
    glob_t gl;
    bool found = false;
    if (glob(pattern, GLOB_NOESCAPE, NULL, &gl) == 0) {
        for (size_t i = 0; i < gl.gl_pathc && !found; i++) {
            size_t n = strlen(gl.gl_pathv[i]);
            const char *p = gl.gl_pathv[i];
            found = !((n > 4 && (!strcmp(p + n - 4, "-wal") || !strcmp(p + n - 4, "-shm"))) ||
                      (n > 8 && !strcmp(p + n - 8, "-journal")));
        }
        globfree(&gl);
    }
    free(pattern);
    return found;
}

/* Writes lost_seqs: the range lists A and B (either NULL) and FROM-TO (when
 * TO >= FROM), sorted and joined. */
static jh_status_t lost_write(store_t *st, const char *a, const char *b, int64_t from, int64_t to, jh_err_t *err)
{
    char *v = jh_sprintf("%s,%s", a ? a : "", b ? b : "");
    if (to >= from) {
        char *w = ranges_append(v, from, to);
        free(v);
        v = w;
    }
    char *w = ranges_normalise(v);
    free(v);
    jh_status_t s = setting_write(st, "lost_seqs", w, err);
    free(w);
    return s;
}

/* The sequence moves up to BASE (the counter's new value: the next seq is
 * BASE + 1, the ones below it this database never used).  The seqs this
 * database holds above the previous such base stay its own until it is
 * lost; they go into seq_held, which the identity file keeps, so that a
 * later loss of this database names them as lost too (review rfinal17b,
 * items 2 and 3: a jump over a database holding answers, then its loss,
 * named only the seqs above the jump; a third loss listed a range twice). */
static jh_status_t seq_base_move(store_t *st, int64_t base, jh_err_t *err)
{
    int64_t prev = setting_int(st, "seq_jump_base"), rows = db_rows_seq_max(st);
    jh_status_t s = JH_OK;
    if (rows > prev && rows < base) {
        char *held = store_setting_get(st, "seq_held");
        char *v = ranges_append(held && ranges_valid(held) ? held : "", prev + 1, rows);
        free(held);
        s = setting_write(st, "seq_held", v, err);
        free(v);
    }
    char b[24];
    snprintf(b, sizeof b, "%lld", (long long)base);
    if (s == JH_OK) s = setting_write(st, "seq_jump_base", b, err);
    return s;
}

/* Whether a damaged identity file was moved aside beside db_path as the
 * start-up screen says (PATH.identity.damaged). */
static bool identity_moved_aside(const char *db_path)
{
    char *p = jh_sprintf("%s.identity.damaged", db_path);
    bool there = access(p, F_OK) == 0;
    free(p);
    return there;
}

/* Whether an identity file's text is whole: it ends its last line, and has
 * the format line and seq_reserved, which identity_save always writes
 * (seq_committed came later: a file from before has none). */
static bool identity_whole(const char *text, size_t len)
{
    if (len == 0 || text[len - 1] != '\n' || memchr(text, '\0', len)) return false;
    int found = 0;
    for (const char *p = text; p < text + len;) {
        const char *nl = memchr(p, '\n', (size_t)(text + len - p));
        size_t n = (size_t)(nl - p);
        if (n == strlen("format = " IDENTITY_FORMAT) && !memcmp(p, "format = " IDENTITY_FORMAT, n)) found |= 1;
        else if (n > 15 && !memcmp(p, "seq_reserved = ", 15)) found |= 2;
        p = nl + 1;
    }
    return found == 3;
}

/* Reads the identity file (when there is one) and, for a database that was
 * just created (fresh: the old one was lost or damaged), restores from it
 * the kiosk id, the school settings, the PIN and the sequence, which then
 * continues above every seq ever used.  Then writes the file again from
 * the database, so a kiosk from before the identity file gets one. */
static jh_status_t identity_restore(store_t *st, bool fresh, jh_err_t *err)
{
    char ipath[1200];
    path_sibling(ipath, sizeof ipath, st->path, ".identity");
    char *text = NULL;
    size_t len = 0;
    jh_err_t e;
    jh_status_t s = JH_OK;
    int64_t reserved = 0, committed = 0, exported = 0, info_restored = 0, jump_base = 0;
    char *held = NULL, *file_lost = NULL;
    bool have = jh_read_file(ipath, &text, &len, &e) == JH_OK;
    st->identity_missing = !have;
    if (!have && e.status != JH_ERR_NOTFOUND) {
        /* Unreadable (root's after an export run as root, an I/O error):
         * the kiosk stops and says so; rebuilt from the database it would
         * lose the seqs reserved above it (review rsite9, item 3).  The
         * message names the file first (the start-up screen's cause). */
        s = jh_err_set(err, e.status, "%s", e.msg);
        goto out;
    }
    if (have && !identity_whole(text, len)) {
        /* Cut short or not an identity file: the same (a truncated file
         * was silently rewritten). */
        s = jh_err_set(err, JH_ERR_CORRUPT,
                       "%s: damaged (cut short, or not written by junheng-kiosk): the kiosk does not start on it, "
                       "since rebuilt from the database it could give again numbers already used; rename it to "
                       "%s.damaged (keep it) and start again: the kiosk then continues above every number it may "
                       "have used (docs/kiosk.md, \"Identity that survives the database\")",
                       ipath, ipath);
        goto out;
    }
    if ((s = begin_tx(st, "restore the kiosk identity", err)) != JH_OK) goto out;
    for (char *p = have ? text : NULL; p && *p;) {
        char *nl = strchr(p, '\n');
        if (nl) *nl = '\0';
        char *l = trim(p);
        p = nl ? nl + 1 : NULL;
        char *eq = strchr(l, '=');
        if (!*l || *l == '#' || !eq) continue;
        *eq = '\0';
        char *key = trim(l), *value = trim(eq + 1);
        if (!strcmp(key, "seq_reserved")) {
            reserved = strtoll(value, NULL, 10);
        } else if (!strcmp(key, "seq_committed")) {
            committed = strtoll(value, NULL, 10);
        } else if (!strcmp(key, "seq_exported")) {
            exported = strtoll(value, NULL, 10);
        } else if (!strcmp(key, "seq_jump_base")) {
            jump_base = strtoll(value, NULL, 10);
            if (fresh && jump_base > 0) s = setting_write(st, key, value, err);
        } else if (!fresh) {
            /* a healthy database is the reference for everything else; an
             * older copy put back keeps the losses recorded since (below) */
            if (!strcmp(key, "lost_seqs") && ranges_valid(value)) {
                free(file_lost);
                file_lost = jh_strdup(value);
            }
            continue;
        } else if (!strcmp(key, "lost_seqs")) {
            if (ranges_valid(value)) s = setting_write(st, key, value, err);
        } else if (!strcmp(key, "lost_cause")) {
            if (!strcmp(value, "older") || !strcmp(value, "damaged") || !strcmp(value, "missing"))
                s = setting_write(st, key, value, err);
        } else if (!strcmp(key, "seq_held")) {
            /* the lost database's own seqs below its last jump: lost now */
            if (ranges_valid(value)) {
                free(held);
                held = jh_strdup(value);
            }
        } else if (!strcmp(key, "pin_hash")) {
            sqlite3_stmt *q = NULL;
            if (sqlite3_prepare_v2(st->db, "UPDATE pin SET hash = ? WHERE id = 1", -1, &q, NULL) == SQLITE_OK) {
                sqlite3_bind_text(q, 1, value, -1, SQLITE_STATIC);
                if (sqlite3_step(q) != SQLITE_DONE) s = sql_fail(st, sqlite3_errcode(st->db), "restore the PIN", err);
            }
            sqlite3_finalize(q);
        } else if (!strcmp(key, "pin_conf_hash")) {
            s = setting_write(st, key, value, err);
        } else {
            const setting_def_t *d = setting_find(key);
            if (d && d->check(value)) s = setting_write(st, key, value, err);
        }
        if (s != JH_OK) break;
    }
    if (s != JH_OK) goto fail;
    if (reserved < 0) reserved = 0;
    if (committed < 0) committed = 0;
    if (exported < 0) exported = 0;
    int64_t db_exported = db_seq_exported(st);
    if (db_exported > exported) exported = db_exported;
    int64_t have_max = db_seq_max(st);
    /* below the last jump's floor: seqs that database never used (and the
     * seqs the database before it used, unknown since); up to the last
     * seq exported: at the bureau, not lost (review rrepair5, item 1).  A
     * database just made holds no answer: its counter may already stand
     * above a damaged file's highest seq (moved aside, still readable) but
     * none of those seqs is here (review rfield6, item 3: they were not
     * recorded as lost). */
    int64_t have_rows = fresh ? db_rows_seq_max(st) : have_max;
    int64_t lost_from = (have_rows > jump_base ? have_rows : jump_base) + 1;
    if (exported >= lost_from) lost_from = exported + 1;
    if (held) {
        char *w = ranges_above(held, exported);
        free(held);
        held = *w ? w : NULL;
        if (!held) free(w);
    }
    if (!fresh && committed > have_max) {
        /* An older copy of the database was put back (a restore card, a
         * backup): responses up to `committed` were recorded (and perhaps
         * exported) but are not in it.  Continue above every seq that may
         * have been used; the next response chains from the last one here
         * and the bureau accepts the gap (docs/bundle-format.md). */
        fprintf(stderr,
                "junheng-kiosk: 数据库比本机记录的旧（被还原过？），编号从 %lld 之后继续 / %s is older than this "
                "kiosk's identity (highest seq here %lld, recorded before %lld; was it restored from an older "
                "copy?): the sequence continues above %lld; keep restore software away from /var/lib/junheng\n",
                (long long)(reserved > committed ? reserved : committed), st->path, (long long)have_max,
                (long long)committed, (long long)(reserved > committed ? reserved : committed));
        info_restored = have_max;
        /* Kept for the admin screen: after this start the sequence is
         * above the gap and nothing would show it any more. */
        /* Joined with the losses the identity file recorded since that
         * copy was made (a copy put back twice: its own list knows nothing
         * of them; review r2pack3, item 1). */
        char *old = store_setting_get(st, "lost_seqs");
        s = lost_write(st, old && ranges_valid(old) ? old : NULL, file_lost, lost_from, committed, err);
        free(old);
        if (s == JH_OK && committed >= lost_from) s = setting_write(st, "lost_cause", "older", err);
        if (s != JH_OK) goto fail;
    }
    if (fresh && (committed >= lost_from || held)) {
        /* The database was lost and made again: every answer the kiosk
         * finalised (up to committed) is gone from it: the seqs above the
         * last base (a jump or a continuation) and the ones it held below
         * it (seq_held).  Without a base the range holds every one recorded
         * before. */
        char *old = store_setting_get(st, "lost_seqs");
        s = lost_write(st, old && ranges_valid(old) ? old : NULL, held, lost_from, committed, err);
        free(old);
        /* The cause the admin screen names: the file damaged (moved aside
         * beside it: a salvage may recover them), or gone. */
        if (s == JH_OK)
            s = setting_write(st, "lost_cause", moved_aside_exists(st->path) ? "damaged" : "missing", err);
        if (s != JH_OK) goto fail;
    }
    if (committed > reserved) reserved = committed;
    if ((fresh || committed > have_max) && reserved > 0 && reserved >= have_max) {
        /* Continue at reserved + 2: seq `reserved` itself may have been
         * used (the last seq of a block) and exported, and a response at
         * reserved + 1 would claim to follow it with another chain, which
         * the bureau rejects as a chain break.  With one seq left unused
         * the bureau sees a jump, which it accepts
         * (docs/bundle-format.md, "Sequence jumps"). */
        char *sql = jh_sprintf("INSERT OR REPLACE INTO sqlite_sequence(rowid, name, seq) VALUES ("
                               "(SELECT rowid FROM sqlite_sequence WHERE name = 'responses'), 'responses', %lld)",
                               (long long)reserved + 1);
        s = exec_sql(st, sql, "continue the sequence of the kiosk", err);
        free(sql);
        /* (seq reserved + 1 is never used: a later loss of this database
         * counts from reserved + 2, and keeps what it holds below) */
        if (s == JH_OK) s = seq_base_move(st, reserved + 1, err);
        if (s != JH_OK) goto fail;
        have_max = reserved + 1;
    }
    st->seq_reserved = reserved > have_max ? reserved : have_max;
    int64_t db_committed = db_seq_committed(st);
    st->seq_committed = committed > db_committed ? committed : db_committed;
    st->seq_exported = exported;
    st->seq_restored_from = info_restored;
    if ((s = identity_save(st, err)) != JH_OK) goto fail;
    s = commit_tx(st, "restore the kiosk identity", err);
    if (s != JH_OK) goto fail;
    goto out;
fail:
    rollback_tx(st);
out:
    if (text) sodium_memzero(text, len);
    free(text);
    free(held);
    free(file_lost);
    return s;
}

/* The first seq a kiosk that lost its identity file may use:
 * STORE_SEQ_UNKNOWN_BASE (above what a kiosk records in its life: a
 * million questionnaires) + one per second since STORE_SEQ_EPOCH_MS (no
 * kiosk finishes one a second for long), so a second such loss later
 * continues above the first one's seqs, in every version (the epoch stays
 * when JH_RELEASE_MS moves).  A clock before this version's release (a
 * flat battery, not set yet) tells nothing: two such reinstalls would both
 * start at the same seq (review r2repair, item 2), so it starts at a
 * random seq in [2^32, 2^32 + 2^40) instead, above every clock-derived one
 * for a century and within the bundle's limit (seq < 10^15,
 * docs/bundle-format.md); two such starts overlap only when they fall
 * within a kiosk's life's answers of each other (about 10^-6). */
#define STORE_SEQ_EPOCH_MS 1793462400000LL /* JH_RELEASE_MS of the first version that jumped: never moves */
static int64_t seq_floor_unknown(int64_t now_ms)
{
    if (now_ms < JH_RELEASE_MS) {
        uint64_t r = (uint64_t)randombytes_uniform(1u << 20) << 20 | randombytes_uniform(1u << 20);
        return (INT64_C(1) << 32) + (int64_t)r;
    }
    return STORE_SEQ_UNKNOWN_BASE + (now_ms - STORE_SEQ_EPOCH_MS) / 1000;
}

/* Continues the sequence above seq_floor_unknown, inside the caller's
 * transaction when there is one (the caller then saves the identity
 * file), else in its own; says so on stderr (why_zh / why_en) unless
 * quiet (a config's kiosk_id on a new database: a first start looks the
 * same).  kept: the database is the kiosk's own, its answers all there
 * (only the identity file was lost), so the line does not say that
 * answers never exported are missing (review r2kiosk9, F8b).  Nothing when
 * the database is above it already. */
static jh_status_t seq_jump_unknown(store_t *st, const char *why_zh, const char *why_en, bool quiet, bool kept,
                                    jh_err_t *err)
{
    int64_t floor_seq = seq_floor_unknown(st->opened_ms);
    int64_t have = db_seq_max(st);
    if (have >= floor_seq) return JH_OK;
    bool own_tx = sqlite3_get_autocommit(st->db) != 0;
    jh_status_t s = own_tx ? begin_tx(st, "continue the sequence of the kiosk", err) : JH_OK;
    if (s != JH_OK) return s;
    char *sql = jh_sprintf("INSERT OR REPLACE INTO sqlite_sequence(rowid, name, seq) VALUES ("
                           "(SELECT rowid FROM sqlite_sequence WHERE name = 'responses'), 'responses', %lld)",
                           (long long)floor_seq);
    s = exec_sql(st, sql, "continue the sequence of the kiosk", err);
    free(sql);
    /* The seqs up to the floor that this database skipped were never used
     * by it: a later loss of it does not count them as lost (review
     * r2repair, item 1; identity_restore); the ones it holds below the
     * floor are (seq_base_move). */
    if (s == JH_OK) s = seq_base_move(st, floor_seq, err);
    /* (seq_reserved stays: it says the kiosk recorded answers, which locks
     * its school and id; the first answer reserves its block above the
     * floor, and a database lost before any answer used no seq) */
    if (s == JH_OK && own_tx) s = identity_save(st, err);
    if (s == JH_OK && own_tx) s = commit_tx(st, "continue the sequence of the kiosk", err);
    if (s != JH_OK) {
        if (own_tx) rollback_tx(st);
        return s;
    }
    if (quiet) return JH_OK;
    fprintf(stderr,
            "junheng-kiosk: 没有找到本机的身份文件 %s.identity，但本机以前用过（%s）：不知道以前用到了哪个编号，"
            "新答卷的编号从 %lld 之后继续，县教育局按“新数据库”合并；%s / no identity file "
            "%s.identity, but this kiosk was used before (%s): the seqs it used are unknown, so the sequence "
            "continues above %lld and the bureau merges it as a new database; %s\n",
            st->path, why_zh, (long long)floor_seq,
            kept ? "本数据库里的答卷都还在" : "以前没有导出的答卷不在这里", st->path, why_en, (long long)floor_seq,
            kept ? "the answers in this database are all still here" : "answers never exported before are not here");
    return JH_OK;
}
