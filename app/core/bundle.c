/* bundle.c - export bundles: writing one on the kiosk (signed manifest,
 * chained responses, atomic file, SQLite backup) and reading and verifying
 * one at the bureau.  The format is described in docs/bundle-format.md. */
#include "bundle.h"
#include "json_locate.h"
#include "i18n.h"
#include "json_arena.h"
#include "seal.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* ---- types ---------------------------------------------------------------- */

/* One finished response as read from the store for export. */
typedef struct {
    int64_t seq;
    int status;
    char *canonical;
    char chain[65];
    bool flagged;
    char *survey_hash;
} row_t;

/* Reader state: the file name for messages and where errors go. */
typedef struct {
    const char *name;
    jh_err_t *err;
    int format_version;       /* the manifest's, once read */
    int64_t n_declared;       /* the manifest's n_responses, once read */
} rd_t;

/* Bump allocator for what a bundle holds per response (strings, answer
 * arrays, canonical texts) and for the parse tree while reading: a million
 * responses would otherwise cost ~150 million malloc/free pairs. */
typedef struct arena_blk {
    struct arena_blk *next;
    size_t used, cap;
    max_align_t data[];
} arena_blk_t;

/* One interned string: its hash, length and (up to 16 bytes) its bytes as
 * two words (short_words), compared before the string itself is read. */
struct intern_ent {
    const char *s;            /* NULL: free */
    uint64_t w0, w1;
    uint32_t hash;
    uint32_t len;
};

typedef struct bundle_arena {
    arena_blk_t *head;
    /* Short strings met again and again (item ids, answer codes, roles,
     * questionnaire hashes) are stored once: open addressing, NULL = free. */
    struct intern_ent *interned;
    size_t n_interned, intern_cap;
} arena_t;

/* Validated questionnaires by hash (bundle.h).  Bundles read on several
 * threads share one cache: lookups and additions hold its lock. */
#define CACHE_MAX 32
struct bundle_cache {
    pthread_mutex_t lock;
    survey_t *surveys[CACHE_MAX]; /* owned */
    int n;
};

/* Sorted item ids of one questionnaire, built once per bundle. */
typedef struct {
    const char *id;
    int index;
} item_key_t;

/* ---- static prototypes ---------------------------------------------------- */

static bool canon_put(jh_buf_t *b, const cJSON *it);
static jh_status_t salvage_export(store_t *st, sqlite3 *rec, const char *rec_name, const char *dir, int64_t now_ms,
                                  bool strict, bundle_target_check_fn target_ok, void *ctx,
                                  bundle_salvage_info_t *info, jh_err_t *err);
static jh_status_t read_text(const char *name, char **textp, size_t len, const char *sha256,
                             struct bundle_cache *cache, bundle_t **out, jh_err_t *err);
static jh_status_t rd_fail(rd_t *r, jh_status_t st, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static jh_status_t clock_beyond(int64_t now_ms, jh_err_t *err);

/* ---- state ---------------------------------------------------------------- */

#define BUNDLE_FORMAT_NAME "junheng-bundle"
#define MAX_RESPONSES 5000000
#define MAX_ANSWERS 2000
#define MAX_SURVEYS 64
#define ARENA_BLOCK (256 * 1024)

/* The arena cJSON allocates from while this thread parses a bundle (NULL
 * otherwise: cJSON then allocates with json_arena_malloc, which is malloc
 * unless the thread builds a document in a json_arena).  The hooks
 * themselves are installed once for the process (bundle_reader_init) and
 * never changed again, so bundles can be parsed on several threads. */
static _Thread_local arena_t *parse_arena;

/* ---- writing ---------------------------------------------------------------- */

static void rows_free(row_t *rows, int n)
{
    for (int i = 0; i < n; i++) {
        free(rows[i].canonical);
        free(rows[i].survey_hash);
    }
    free(rows);
}

static jh_status_t db_fail(sqlite3 *db, const char *path, const char *what, int rc, jh_err_t *err)
{
    int base = rc & 0xff;
    jh_status_t code = JH_ERR_IO;
    if (base == SQLITE_FULL) code = JH_ERR_FULL;
    else if (base == SQLITE_READONLY || base == SQLITE_PERM) code = JH_ERR_READONLY;
    else if (base == SQLITE_CORRUPT || base == SQLITE_NOTADB) code = JH_ERR_CORRUPT;
    else if (base == SQLITE_CANTOPEN || base == SQLITE_IOERR) {
        int e = db ? sqlite3_system_errno(db) : 0;
        if (e) code = jh_status_from_errno(e);
        if (code == JH_ERR_NOTFOUND) code = JH_ERR_IO;
    }
    return jh_err_set(err, code, _("%s: cannot %s: %s"), path, _(what), db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
}

static char *setting_or_empty(store_t *st, const char *key)
{
    char *v = store_setting_get(st, key);
    return v ? v : jh_strdup("");
}

/* Appends a copy of one response read from the store to rows[0..*n)
 * (capacity *cap), growing it as needed. */
static void rows_push(row_t **rows, int *n, int *cap, int64_t seq, int status, const char *canonical,
                      const char *chain, bool flagged, const char *survey_hash)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        *rows = jh_xrealloc(*rows, (size_t)*cap * sizeof **rows);
    }
    row_t *r = &(*rows)[(*n)++];
    r->seq = seq;
    r->status = status;
    r->canonical = jh_strdup(canonical);
    memcpy(r->chain, chain, 65);
    r->flagged = flagged;
    r->survey_hash = jh_strdup(survey_hash);
}

/* Reads the finished responses from seq `from` on, stopping at the first
 * one still in progress. */
static jh_status_t rows_load(store_t *st, int64_t from, row_t **out, int *n_out, jh_err_t *err)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *q = NULL;
    row_t *rows = NULL;
    int n = 0, cap = 0;
    int rc = sqlite3_prepare_v2(db, "SELECT seq, status, canonical, chain, flags != '', survey_hash FROM responses "
                                    "WHERE seq >= ? ORDER BY seq",
                                -1, &q, NULL);
    if (rc != SQLITE_OK) return db_fail(db, store_path(st), N_("read the responses"), rc, err);
    sqlite3_bind_int64(q, 1, from);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        int status = sqlite3_column_int(q, 1);
        int64_t seq = sqlite3_column_int64(q, 0);
        if (status == STORE_IN_PROGRESS) break;
        /* Seqs may jump (a database put back from an older copy continues
         * above every seq used): the chain links each row to the one
         * before, and the reader accepts the gap. */
        const char *canon = (const char *)sqlite3_column_text(q, 2);
        const char *chain = (const char *)sqlite3_column_text(q, 3);
        if (!canon || !chain || strlen(chain) != 64) {
            sqlite3_finalize(q);
            rows_free(rows, n);
            return jh_err_set(err, JH_ERR_CORRUPT, _("%s: response seq %lld has no chain hash"), store_path(st),
                              (long long)seq);
        }
        rows_push(&rows, &n, &cap, seq, status, canon, chain, sqlite3_column_int(q, 4) != 0,
                  (const char *)sqlite3_column_text(q, 5));
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        rows_free(rows, n);
        return db_fail(db, store_path(st), N_("read the responses"), rc, err);
    }
    *out = rows;
    *n_out = n;
    return JH_OK;
}

static jh_status_t query_text1(store_t *st, const char *sql, int64_t arg, char **out, jh_err_t *err)
{
    sqlite3_stmt *q = NULL;
    *out = NULL;
    int rc = sqlite3_prepare_v2(store_db(st), sql, -1, &q, NULL);
    if (rc == SQLITE_OK) {
        if (sqlite3_bind_parameter_count(q) > 0) sqlite3_bind_int64(q, 1, arg);
        rc = sqlite3_step(q);
        if (rc == SQLITE_ROW) {
            if (sqlite3_column_type(q, 0) != SQLITE_NULL) *out = jh_strdup((const char *)sqlite3_column_text(q, 0));
            rc = SQLITE_DONE;
        }
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) return db_fail(store_db(st), store_path(st), N_("read the store"), rc, err);
    return JH_OK;
}

/* Adds the definitions of the questionnaires the rows use, sorted by id. */
static bool table_exists(sqlite3 *db, const char *name)
{
    sqlite3_stmt *q = NULL;
    bool yes = false;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", -1, &q, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
        yes = sqlite3_step(q) == SQLITE_ROW;
    }
    sqlite3_finalize(q);
    return yes;
}

/* The definition with this hash in db's surveys table, when its text
 * really hashes to it (a copy from another database is trusted only that
 * far); heap copies of id, version and text, or false. */
static bool survey_def_lookup(sqlite3 *db, const char *hash, char **id, char **version, char **def)
{
    sqlite3_stmt *q = NULL;
    bool found = false;
    *id = *version = *def = NULL;
    if (!db || !hash) return false;
    if (sqlite3_prepare_v2(db, "SELECT id, version, source_json FROM surveys WHERE hash = ?", -1, &q, NULL) !=
        SQLITE_OK)
        return false;
    sqlite3_bind_text(q, 1, hash, -1, SQLITE_STATIC);
    while (!found && sqlite3_step(q) == SQLITE_ROW) {
        const char *i = (const char *)sqlite3_column_text(q, 0), *v = (const char *)sqlite3_column_text(q, 1),
                   *d = (const char *)sqlite3_column_text(q, 2);
        if (!i || !v || !d) continue;
        char got[65];
        jh_sha256_hex(d, strlen(d), got);
        if (strcmp(got, hash) != 0) continue;
        *id = jh_strdup(i);
        *version = jh_strdup(v);
        *def = jh_strdup(d);
        found = true;
    }
    sqlite3_finalize(q);
    return found;
}

/* Adds to arr the definition of every questionnaire the rows answered, from
 * db; one that db lacks (a salvaged copy whose surveys table was lost) is
 * taken from fallback (the live store; may be NULL) when its text hashes
 * to the response's survey_hash. */
static jh_status_t surveys_add(sqlite3 *db, const char *path, sqlite3 *fallback, const row_t *rows, int n,
                               cJSON *arr, jh_err_t *err)
{
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_exec(db, "CREATE TEMP TABLE IF NOT EXISTS export_hashes(hash TEXT PRIMARY KEY); "
                              "DELETE FROM export_hashes;",
                          NULL, NULL, NULL);
    if (rc != SQLITE_OK) return db_fail(db, path, N_("list the questionnaires"), rc, err);
    rc = sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO export_hashes(hash) VALUES (?)", -1, &q, NULL);
    if (rc != SQLITE_OK) return db_fail(db, path, N_("list the questionnaires"), rc, err);
    for (int i = 0; i < n; i++) {
        sqlite3_reset(q);
        sqlite3_bind_text(q, 1, rows[i].survey_hash, -1, SQLITE_STATIC);
        rc = sqlite3_step(q);
        if (rc != SQLITE_DONE) break;
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE && n > 0) return db_fail(db, path, N_("list the questionnaires"), rc, err);
    /* Each definition is taken only when its text hashes to the hash the
     * responses name: from db, else (a recovered copy whose surveys table
     * or the text in it was damaged) from fallback. */
    rc = sqlite3_prepare_v2(db,
                            table_exists(db, "surveys")
                                ? "SELECT e.hash FROM export_hashes e LEFT JOIN surveys s ON e.hash = s.hash "
                                  "GROUP BY e.hash ORDER BY s.id IS NULL, s.id, e.hash"
                                : "SELECT hash FROM export_hashes ORDER BY hash",
                            -1, &q, NULL);
    if (rc != SQLITE_OK) return db_fail(db, path, N_("list the questionnaires"), rc, err);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *hash = (const char *)sqlite3_column_text(q, 0);
        char *id, *version, *def;
        if (!survey_def_lookup(db, hash, &id, &version, &def) &&
            !survey_def_lookup(fallback, hash, &id, &version, &def))
            continue;
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", id);
        cJSON_AddStringToObject(o, "version", version);
        cJSON_AddStringToObject(o, "hash", hash);
        cJSON_AddStringToObject(o, "definition", def);
        cJSON_AddItemToArray(arr, o);
        free(id);
        free(version);
        free(def);
    }
    sqlite3_finalize(q);
    sqlite3_exec(db, "DELETE FROM export_hashes", NULL, NULL, NULL);
    if (rc != SQLITE_DONE) return db_fail(db, path, N_("list the questionnaires"), rc, err);
    return JH_OK;
}

static void fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

/* The private folder for the plain copy of the database: beside the
 * database, on the kiosk's own disk (PREFIX + random, mode 0700). */
#define BACKUP_TMP_PREFIX ".junheng-export-"

/* Removes a private backup folder and what an export puts in it. */
static void backup_tmp_remove(const char *tmpdir)
{
    static const char *const names[] = {"backup.db", "backup.db-journal", "backup.db-wal", "backup.db-shm"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char *p = jh_sprintf("%s/%s", tmpdir, names[i]);
        unlink(p);
        free(p);
    }
    rmdir(tmpdir);
}

/* Removes what an export stopped half-way (power cut, killed) left in the
 * database's folder: private backup folders and their plain copies, once
 * untouched for 15 minutes (an export running at the same time, a
 * headless one beside the kiosk's, keeps its own). */
static void backup_tmp_sweep(const char *folder)
{
    DIR *d = opendir(folder);
    struct dirent *e;
    time_t now = time(NULL);
    while (d && (e = readdir(d))) {
        if (strncmp(e->d_name, BACKUP_TMP_PREFIX, strlen(BACKUP_TMP_PREFIX)) != 0) continue;
        char *p = jh_sprintf("%s/%s", folder, e->d_name);
        struct stat sb, fb;
        char *f = jh_sprintf("%s/backup.db", p);
        bool dir = lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
        time_t touched = dir ? sb.st_mtime : now;
        if (dir && lstat(f, &fb) == 0 && fb.st_mtime > touched) touched = fb.st_mtime;
        free(f);
        if (dir && now - touched > 15 * 60) backup_tmp_remove(p);
        free(p);
    }
    if (d) closedir(d);
}

/* Removes what an export of this kiosk stopped half-way (killed, the
 * power cut while sealing a large backup) left on the stick: its
 * junheng-KIOSK-...(.json|.db.sealed).tmp.XXXXXXXXXXXX files, once
 * untouched for 15 minutes (they take the stick's room, and the next
 * export then leaves its backup out). */
static void stick_tmp_sweep(const char *dir, const char *kiosk)
{
    if (!kiosk || !*kiosk) return;
    char *prefix = jh_sprintf("junheng-%s-", kiosk);
    jh_sweep_durable_tmp(dir, prefix, 15 * 60);
    free(prefix);
}

/* Bytes free to this process on the file system holding path, or -1. */
static int64_t avail_bytes(const char *path)
{
    struct statvfs vs;
    if (statvfs(path, &vs) != 0) return -1;
    return (int64_t)vs.f_bavail * (int64_t)vs.f_frsize;
}

/* Room asked for beyond the sealed file on the stick (a FAT stick's
 * clusters and folder entries), and kept free on the kiosk's own disk
 * beyond the plain copy (answers keep coming while the kiosk runs). */
#define BACKUP_STICK_SLACK ((int64_t)128 << 10)
#define BACKUP_KIOSK_KEEP ((int64_t)64 << 20)

/* The backup cannot be written for want of room: where 1 the stick, 2 the
 * kiosk's own disk; need and avail in bytes.  Fills room (may be NULL) and
 * err; JH_ERR_FULL. */
static jh_status_t backup_no_room(bundle_export_info_t *room, int where, int64_t need, int64_t avail,
                                  const char *path, jh_err_t *err)
{
    if (!room) /* (bundle_export_intact: the export fails whole) */
        return jh_err_set(err, JH_ERR_FULL,
                          _("%s: no room for the database backup: %s has %.1f MB free, the backup needs about %.1f "
                            "MB (free some space or use another drive)"),
                          path, where == 1 ? _("the export drive") : _("the kiosk's own disk"),
                          (double)avail / 1048576.0, (double)need / 1048576.0);
    room->backup_left_out = where;
    room->backup_need_bytes = need;
    room->backup_free_bytes = avail;
    if (where == 1)
        return jh_err_set(err, JH_ERR_FULL,
                          _("%s: the database backup was left out: the export drive has %.1f MB free, the backup "
                            "needs about %.1f MB (the answers themselves were exported; for a backup, use a drive "
                            "with more room and export again)"),
                          path, (double)avail / 1048576.0, (double)need / 1048576.0);
    return jh_err_set(err, JH_ERR_FULL,
                      _("%s: the database backup was left out: the kiosk's own disk has %.1f MB free, the "
                        "temporary copy the backup is made from needs about %.1f MB with room kept for answers (the "
                        "answers themselves were exported; free space on the kiosk's disk)"),
                      path, (double)avail / 1048576.0, (double)need / 1048576.0);
}

/* The database backup leaves the kiosk only encrypted to the bureau's
 * public key (the key came with the county pack; seal.h): copied with the
 * SQLite backup API into a file in a private folder (mode 0700, the file
 * 0600) beside the database on the kiosk's own disk, the PIN hash removed
 * there (secure_delete), switched to rollback-journal mode, then sealed a
 * chunk at a time into PATH (NAME.db.sealed) on the stick and read back in
 * chunks; the plain copy is removed whatever happens.  Memory stays a few
 * chunks and SQLite's page cache whatever the database's size (review
 * rsoak: the copy in memory, its serialisation and the sealed bytes were
 * five times the database, and a kiosk with 10^5 answers aborted).  The
 * copy is never put in $TMPDIR (review 12: readable by other users, and a
 * full /tmp was reported as a full USB drive).  Without a bureau key there
 * is no backup (path emptied): the answers with the time of each would let
 * whoever holds the stick match answers to who stood at the kiosk when
 * (issue 19.7).  On failure nothing of it is left on the stick. */
static jh_status_t backup_sealed(store_t *st, const char *dir, char *path, bundle_export_info_t *room, jh_err_t *err)
{
    char *bureau = store_setting_get(st, "bureau_key");
    unsigned char ed[32], x[32];
    if (!bureau || strlen(bureau) != 64 || !jh_unhex(bureau, ed, 32) ||
        crypto_sign_ed25519_pk_to_curve25519(x, ed) != 0) {
        free(bureau);
        path[0] = '\0';
        return JH_OK;
    }
    free(bureau);
    jh_status_t s = JH_OK;
    sqlite3 *dst = NULL;
    char *folder = jh_strdup(store_path(st)), *slash = strrchr(folder, '/');
    if (slash) *slash = '\0';
    else snprintf(folder, strlen(folder) + 1, ".");
    if (!folder[0]) snprintf(folder, 2, "/");
    backup_tmp_sweep(folder);
    char *tmpdir = NULL, *plain = NULL;
    /* Room first (docs/bundle-format.md): on the stick for the sealed file,
     * on the kiosk's disk for the plain copy with room kept for answers.
     * Without it the backup is left out before anything is written
     * (JH_ERR_FULL, room filled in); a write that still meets a full stick
     * ends the same way below. */
    int64_t db_bytes = 0;
    {
        char *pc = NULL, *ps = NULL;
        jh_err_t ignored;
        if (query_text1(st, "PRAGMA page_count", 0, &pc, &ignored) == JH_OK &&
            query_text1(st, "PRAGMA page_size", 0, &ps, &ignored) == JH_OK && pc && ps)
            db_bytes = strtoll(pc, NULL, 10) * strtoll(ps, NULL, 10);
        free(pc);
        free(ps);
    }
    int64_t need_stick = (int64_t)seal_sealed_size((uint64_t)db_bytes) + BACKUP_STICK_SLACK;
    int64_t avail = avail_bytes(dir);
    if (avail >= 0 && avail < need_stick) {
        s = backup_no_room(room, 1, need_stick, avail, path, err);
        goto out;
    }
    avail = avail_bytes(folder);
    if (avail >= 0 && avail < db_bytes + BACKUP_KIOSK_KEEP) {
        s = backup_no_room(room, 2, db_bytes + BACKUP_KIOSK_KEEP, avail, path, err);
        goto out;
    }
    tmpdir = jh_sprintf("%s/" BACKUP_TMP_PREFIX "XXXXXX", folder);
    if (!mkdtemp(tmpdir)) {
        int e = errno;
        free(tmpdir);
        tmpdir = NULL;
        if (e == ENOSPC || e == EDQUOT) { /* (no inode, or filled since the check) */
            int64_t now_avail = avail_bytes(folder);
            s = backup_no_room(room, 2, db_bytes + BACKUP_KIOSK_KEEP, now_avail < 0 ? 0 : now_avail, path, err);
            goto out;
        }
        s = jh_err_set(err, jh_status_from_errno(e),
                       _("%s: cannot make a private folder for the database backup on the kiosk's disk: %s"), folder,
                       strerror(e));
        goto out;
    }
    plain = jh_sprintf("%s/backup.db", tmpdir);
    int fd = open(plain, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0 || close(fd) != 0) {
        int e = errno;
        if (e == ENOSPC || e == EDQUOT) {
            backup_tmp_remove(tmpdir);
            int64_t now_avail = avail_bytes(folder);
            s = backup_no_room(room, 2, db_bytes + BACKUP_KIOSK_KEEP, now_avail < 0 ? 0 : now_avail, path, err);
            goto out;
        }
        s = jh_err_set(err, jh_status_from_errno(e), _("%s: cannot create: %s"), plain, strerror(e));
        goto out;
    }
    int rc = sqlite3_open_v2(plain, &dst, SQLITE_OPEN_READWRITE, NULL);
    if (rc != SQLITE_OK) goto dbfail;
    sqlite3_backup *bk = sqlite3_backup_init(dst, "main", store_db(st), "main");
    if (!bk) {
        rc = sqlite3_errcode(dst);
        goto dbfail;
    }
    rc = sqlite3_backup_step(bk, -1);
    sqlite3_backup_finish(bk);
    if (rc != SQLITE_DONE) goto dbfail;
    /* A rollback-journal file (header bytes 18 and 19 = 1), so it opens on
     * read-only media too (a WAL database needs its -shm beside it); and no
     * PIN hash in it: the backup leaves the kiosk (secure_delete wipes the
     * old bytes from the page). */
    rc = sqlite3_exec(dst,
                      "PRAGMA journal_mode = DELETE; PRAGMA secure_delete = ON; "
                      "UPDATE pin SET hash = NULL, failures = 0, locked_until_ms = 0;",
                      NULL, NULL, NULL);
    if (rc != SQLITE_OK) goto dbfail;
    rc = sqlite3_close(dst);
    dst = NULL;
    if (rc != SQLITE_OK) goto dbfail;
    {
        /* (checked, not assumed: the sealed file must open read-only) */
        unsigned char hdr[20] = {0};
        int hfd = open(plain, O_RDONLY | O_CLOEXEC);
        bool rollback = hfd >= 0 && pread(hfd, hdr, sizeof hdr, 0) == (ssize_t)sizeof hdr && hdr[18] == 1 &&
                        hdr[19] == 1;
        if (hfd >= 0) close(hfd);
        if (!rollback) {
            s = jh_err_set(err, JH_ERR_IO, _("%s: cannot copy the database for its backup: %s"), path,
                           "not in rollback-journal mode");
            goto out;
        }
    }
    s = seal_file_write(plain, path, x, err);
    if (s == JH_ERR_FULL) {
        /* (the file written so far was removed: what is free now is what
         * the stick offers) */
        int64_t now_avail = avail_bytes(dir);
        s = backup_no_room(room, 1, need_stick, now_avail < 0 ? 0 : now_avail, path, err);
    } else if (s == JH_ERR_NOMEM)
        s = jh_err_set(err, JH_ERR_NOMEM,
                       _("%s: not enough memory on the kiosk to make the database backup (restart the kiosk and "
                         "export again)"),
                       path);
    goto out;
dbfail:
    if ((rc & 0xff) == SQLITE_NOMEM) {
        s = jh_err_set(err, JH_ERR_NOMEM,
                       _("%s: not enough memory on the kiosk to make the database backup (restart the kiosk and "
                         "export again)"),
                       path);
    } else if ((rc & 0xff) == SQLITE_FULL) {
        if (dst) sqlite3_close(dst);
        dst = NULL;
        backup_tmp_remove(tmpdir);
        int64_t now_avail = avail_bytes(folder);
        s = backup_no_room(room, 2, db_bytes + BACKUP_KIOSK_KEEP, now_avail < 0 ? 0 : now_avail, path, err);
    } else {
        s = jh_err_set(err, JH_ERR_IO, _("%s: cannot copy the database for its backup: %s"), path,
                       dst ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
    }
out:
    if (dst) sqlite3_close(dst);
    if (tmpdir) backup_tmp_remove(tmpdir);
    free(plain);
    free(tmpdir);
    free(folder);
    return s;
}

static jh_status_t export_record(store_t *st, const bundle_export_info_t *info, const char *kind, int64_t now_ms,
                                 const char *last_chain, jh_err_t *err)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc != SQLITE_OK) return db_fail(db, store_path(st), N_("record the export"), rc, err);
    rc = sqlite3_prepare_v2(db, "INSERT INTO exports(exported_ms, kind, path, backup_path, first_seq, last_seq, "
                                "n_responses, last_chain, file_sha256) VALUES (?,?,?,?,?,?,?,?,?)",
                            -1, &q, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(q, 1, now_ms);
        sqlite3_bind_text(q, 2, kind, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 3, info->path, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 4, info->backup_path, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 5, info->first_seq);
        sqlite3_bind_int64(q, 6, info->last_seq);
        sqlite3_bind_int64(q, 7, info->n_responses);
        sqlite3_bind_text(q, 8, last_chain, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 9, info->file_sha256, -1, SQLITE_STATIC);
        rc = sqlite3_step(q);
        if (rc == SQLITE_DONE) rc = SQLITE_OK;
    }
    sqlite3_finalize(q);
    /* The admin screen's note on a replaced signing key (store.h
     * key_replaced) goes with the first export after it: that bundle is
     * signed with the new key, so it carries the key to the bureau, whose
     * merge refuses it until --replace-key accepts it; the kiosk id and the
     * key's fingerprint stay on the admin screen for the phone check.
     * key_replaced_fp/_day stay: the old key put back later brings the
     * note back (store.c key_note_check). */
    if (rc == SQLITE_OK && !store_key_note_kept(st))
        rc = sqlite3_exec(db, "DELETE FROM settings WHERE key = 'key_replaced'", NULL, NULL, NULL);
    /* The note on a new kiosk id (store.c kiosk_rename) goes with the
     * first full export after it: that bundle brings every answer under
     * the new id. */
    if (rc == SQLITE_OK && !strcmp(kind, "full"))
        rc = sqlite3_exec(db, "DELETE FROM settings WHERE key = 'kiosk_renamed_from'", NULL, NULL, NULL);
    if (rc == SQLITE_OK) {
        /* The identity file learns the last seq exported: a database lost
         * later does not count these as lost (review rrepair5, item 1).
         * Not written: the export stands, a later loss names more. */
        jh_err_t ierr;
        if (store_identity_sync(st, &ierr) != JH_OK)
            fprintf(stderr, "junheng-kiosk: 导出已记录，身份文件没有更新 / the export is recorded; the identity file was "
                            "not updated: %s\n",
                    ierr.msg);
    }
    if (rc == SQLITE_OK) rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        jh_status_t s = db_fail(db, store_path(st), N_("record the export"), rc, err);
        if (!sqlite3_get_autocommit(db)) sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        return s;
    }
    return JH_OK;
}

/* Builds the bundle file for rows (finished responses, consecutive seqs
 * except in a salvaged bundle) into file: manifest from st's settings and
 * key, questionnaire definitions from sdb, signature; picks the file names
 * in dir (never an existing one) into info. */
/* Checks rows[] (in seq order, following the response whose chain hash is
 * prev) against their chain hashes: each must be the hash of the one
 * before and its own text.  A row changed inside (text or chain) fails;
 * the row after it is checked against both the stored and the recomputed
 * chain of the one before, so one change names one row.  Fills bad (up to
 * max) and returns how many failed. */
static int chain_check(const char *prev, const row_t *rows, int n, int64_t *bad, int max)
{
    char stored[65], expected[65];
    snprintf(stored, sizeof stored, "%s", prev);
    snprintf(expected, sizeof expected, "%s", prev);
    int nbad = 0;
    for (int i = 0; i < n; i++) {
        char e1[65], e2[65];
        store_chain_hash(stored, rows[i].canonical, e1);
        store_chain_hash(expected, rows[i].canonical, e2);
        if (strcmp(e1, rows[i].chain) != 0 && strcmp(e2, rows[i].chain) != 0) {
            if (nbad < max) bad[nbad] = rows[i].seq;
            nbad++;
        }
        memcpy(stored, rows[i].chain, 65);
        memcpy(expected, e1, 65);
    }
    return nbad;
}

static jh_status_t bundle_compose(store_t *st, sqlite3 *sdb, const char *sdb_path, const char *dir, const char *kind,
                                  const char *kiosk, const row_t *rows, int n, const char *prev, int64_t now_ms,
                                  bundle_export_info_t *info, jh_buf_t *file, jh_err_t *err)
{
    jh_status_t s = JH_OK;
    info->first_seq = rows[0].seq;
    info->last_seq = rows[n - 1].seq;
    info->n_responses = n;
    /* Responses: canonical text + chain.  Format 3: only a salvaged bundle,
     * whose chain has gaps, carries the hash over all canonical texts; in a
     * full or incremental one the chain from prev_chain to the signed
     * last_chain covers every text already (docs/bundle-format.md). */
    bool salvaged = !strcmp(kind, "salvaged");
    crypto_hash_sha256_state hs;
    crypto_hash_sha256_init(&hs);
    int64_t submitted = 0, abandoned = 0, flagged = 0;
    jh_buf_t resp = {0};
    for (int i = 0; i < n; i++) {
        const char *c = rows[i].canonical;
        size_t cl = strlen(c);
        if (salvaged) {
            crypto_hash_sha256_update(&hs, (const unsigned char *)c, cl);
            crypto_hash_sha256_update(&hs, (const unsigned char *)"\n", 1);
        }
        jh_buf_append(&resp, c, cl - 1); /* without the closing brace */
        jh_buf_printf(&resp, ",\"chain\":\"%s\"}%s\n", rows[i].chain, i + 1 < n ? "," : "");
        if (rows[i].status == STORE_SUBMITTED) submitted++;
        else abandoned++;
        if (rows[i].flagged) flagged++;
    }
    unsigned char rh[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&hs, rh);
    char responses_sha[65];
    jh_hex(rh, sizeof rh, responses_sha);

    /* Manifest. */
    cJSON *manifest = cJSON_CreateObject();
    cJSON_AddNumberToObject(manifest, "format_version", BUNDLE_FORMAT_VERSION);
    cJSON_AddStringToObject(manifest, "kind", kind);
    cJSON_AddStringToObject(manifest, "kiosk_id", kiosk);
    cJSON *school = cJSON_AddObjectToObject(manifest, "school");
    static const char *const school_keys[][2] = {{"code", "school_code"},     {"name", "school_name"},
                                                 {"level", "school_level"},   {"locality", "locality"},
                                                 {"county_code", "county_code"}};
    for (size_t i = 0; i < sizeof school_keys / sizeof *school_keys; i++) {
        char *v = setting_or_empty(st, school_keys[i][1]);
        if (jh_has_controls(v)) {
            /* A name an older kiosk took (U+202E from a county pack) that the
             * bundle reader refuses: written without those characters, so
             * that a kiosk with answers (its school locked) can still
             * export (review rattack5 finding 1). */
            char *clean = jh_without_controls(v);
            free(v);
            v = clean;
        }
        cJSON_AddStringToObject(school, school_keys[i][0], v);
        free(v);
    }
    cJSON *ks = cJSON_AddObjectToObject(manifest, "kiosk");
    char *v = setting_or_empty(st, "idle_seconds");
    cJSON_AddStringToObject(ks, "idle_seconds", v);
    free(v);
    v = setting_or_empty(st, "active_surveys");
    cJSON_AddStringToObject(ks, "active_surveys", v);
    free(v);
    char iso[32];
    jh_format_time(now_ms, iso);
    cJSON_AddNumberToObject(manifest, "exported_ms", (double)now_ms);
    cJSON_AddStringToObject(manifest, "exported_at", iso);
    cJSON_AddNumberToObject(manifest, "first_seq", (double)info->first_seq);
    cJSON_AddNumberToObject(manifest, "last_seq", (double)info->last_seq);
    cJSON_AddNumberToObject(manifest, "n_responses", (double)n);
    cJSON *counts = cJSON_AddObjectToObject(manifest, "counts");
    cJSON_AddNumberToObject(counts, "submitted", (double)submitted);
    cJSON_AddNumberToObject(counts, "abandoned", (double)abandoned);
    cJSON_AddNumberToObject(counts, "flagged", (double)flagged);
    cJSON_AddStringToObject(manifest, "prev_chain", prev);
    cJSON_AddStringToObject(manifest, "last_chain", rows[n - 1].chain);
    if (salvaged) cJSON_AddStringToObject(manifest, "responses_sha256", responses_sha);
    cJSON *surveys = cJSON_AddArrayToObject(manifest, "surveys");
    if ((s = surveys_add(sdb, sdb_path, sdb != store_db(st) ? store_db(st) : NULL, rows, n, surveys, err)) !=
        JH_OK) {
        jh_buf_free(&resp);
        goto out;
    }
    unsigned char pk[32];
    store_public_key(st, pk);
    char pkhex[65], fp[64];
    jh_hex(pk, 32, pkhex);
    store_key_fingerprint(st, fp);
    cJSON_AddStringToObject(manifest, "public_key", pkhex);
    cJSON_AddStringToObject(manifest, "fingerprint", fp);

    jh_buf_t cb = {0};
    JH_EXPECT(canon_put(&cb, manifest));
    char *manifest_canon = jh_buf_take(&cb);
    unsigned char sig[64];
    store_sign(st, manifest_canon, strlen(manifest_canon), sig);
    char sighex[129];
    jh_hex(sig, 64, sighex);
    char *manifest_text = cJSON_Print(manifest);

    jh_buf_puts(file, "{\"format\":\"" BUNDLE_FORMAT_NAME "\",\n\"manifest\":");
    jh_buf_puts(file, manifest_text);
    jh_buf_printf(file, ",\n\"signature\":\"%s\",\n\"responses\":[\n", sighex);
    jh_buf_append(file, resp.data, resp.len);
    jh_buf_puts(file, "]}\n");
    jh_buf_free(&resp);
    free(manifest_text);
    free(manifest_canon);

    /* File names: kiosk, time, kind and range; never replace an earlier export. */
    char stamp[32];
    time_t t = (time_t)(now_ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
    for (int k = 0; k < 100; k++) {
        char suffix[8] = "";
        if (k) snprintf(suffix, sizeof suffix, "-%d", k);
        snprintf(info->path, sizeof info->path, "%s/junheng-%s-%s-%s-%lld-%lld%s.json", dir, kiosk, stamp,
                 kind, (long long)info->first_seq, (long long)info->last_seq, suffix);
        snprintf(info->backup_path, sizeof info->backup_path, "%.*s.db.sealed", (int)(strlen(info->path) - 5),
                 info->path);
        if (access(info->path, F_OK) != 0 && access(info->backup_path, F_OK) != 0) break;
    }
    jh_sha256_hex(file->data, file->len, info->file_sha256);
out:
    cJSON_Delete(manifest);
    return s;
}

/* An export refused: the kiosk's clock is at or after the latest time a
 * bundle can carry. */
static jh_status_t clock_beyond(int64_t now_ms, jh_err_t *err)
{
    char day[16];
    jh_format_day(now_ms, day);
    return jh_err_set(err, JH_ERR_INVALID,
                      _("cannot export: the kiosk's clock reads %s, at or after 2100-01-01 08:00 (Beijing time), the "
                        "latest time an export can carry: the clock is wrong, not the answers. Set the date and time (the admin screen and "
                        "--self-check say so), then export again; nothing was written"),
                      day);
}

/* The bundle written at path is (still) in dir: on dir's device, where a
 * stick pulled out and mounted again elsewhere, or an empty folder left in
 * its place, would not have it. */
static bool written_into(const char *dir, const char *path)
{
    struct stat d, f;
    return stat(dir, &d) == 0 && stat(path, &f) == 0 && d.st_dev == f.st_dev;
}

/* The export drive gone (pulled out) after writing began: err says so
 * first. */
/* Whether the export folder went away (or, asked through target_ok, is no
 * longer the USB drive) after a write into it failed. */
static bool target_gone(const char *dir, bundle_target_check_fn target_ok, void *ctx)
{
    jh_err_t gone;
    return access(dir, F_OK) != 0 || (target_ok && target_ok(dir, ctx, &gone) != JH_OK);
}

static jh_status_t target_went(jh_err_t *err)
{
    jh_err_prefix(err, "%s",
                  _("the export folder disappeared during the export (was the USB drive removed? plug it in, look "
                    "for USB drives again and export again; nothing was recorded as exported)"));
    return err ? (err->status = JH_ERR_NOTFOUND) : JH_ERR_NOTFOUND;
}

jh_status_t bundle_export(store_t *st, const char *dir, bool full, int64_t now_ms, bundle_export_info_t *info,
                          jh_err_t *err)
{
    return bundle_export_checked(st, dir, full, now_ms, NULL, NULL, info, err);
}

jh_status_t bundle_export_checked(store_t *st, const char *dir, bool full, int64_t now_ms,
                                  bundle_target_check_fn target_ok, void *ctx, bundle_export_info_t *info, jh_err_t *err)
{
    bundle_export_info_t dummy;
    if (!info) info = &dummy;
    memset(info, 0, sizeof *info);
    info->full = full;
    /* (the manifest's exported_ms could not be read back: the clock is
     * wrong, not the data) */
    if (now_ms >= JH_TIME_MAX_MS) return clock_beyond(now_ms, err);
    jh_status_t s = JH_OK;
    row_t *rows = NULL;
    int n = 0;
    char *kiosk = NULL, *school_code = NULL, *prev = NULL;
    jh_buf_t file = {0};
    bundle_t *check = NULL;
    bool wrote_bundle = false, wrote_backup = false;

    /* Still the USB drive the admin screen found (review rusb4, item 1): a
     * stick pulled out since leaves an empty folder on the kiosk's own disk
     * (or none), and nothing of the export may go there. */
    if (target_ok && (s = target_ok(dir, ctx, err)) != JH_OK) {
        info->target_lost = 1;
        return s;
    }
    struct stat sb;
    if (stat(dir, &sb) == 0 && !S_ISDIR(sb.st_mode))
        return jh_err_set(err, JH_ERR_INVALID, _("%s: is a file, not a folder (choose the USB drive's folder)"), dir);
    if (stat(dir, &sb) != 0)
        return jh_err_set(err, JH_ERR_NOTFOUND,
                          _("%s: the export folder does not exist (is the USB drive plugged in and mounted?)"), dir);
    kiosk = store_setting_get(st, "kiosk_id");
    stick_tmp_sweep(dir, kiosk);
    school_code = store_setting_get(st, "school_code");
    if (!school_code || !*school_code) {
        s = jh_err_set(err, JH_ERR_INVALID,
                       _("cannot export: the school code is not set (set school_code in the config file or on the "
                       "admin screen)"));
        goto out;
    }

    /* A read transaction: the rows, the settings and the backup agree. */
    sqlite3 *db = store_db(st);
    int rc = sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        s = db_fail(db, store_path(st), N_("read the responses"), rc, err);
        goto out;
    }
    int64_t last_exported = 0;
    char *le = NULL;
    if ((s = query_text1(st, "SELECT coalesce(max(last_seq), 0) FROM exports", 0, &le, err)) != JH_OK)
        goto out_tx;
    last_exported = le ? strtoll(le, NULL, 10) : 0;
    free(le);
    int64_t from = full ? 1 : last_exported + 1;
    if ((s = rows_load(st, from, &rows, &n, err)) != JH_OK) goto out_tx;
    if (n == 0) {
        info->first_seq = from;
        info->last_seq = from - 1;
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
        goto out;
    }
    if (!kiosk) {
        s = jh_err_set(err, JH_ERR_CORRUPT, _("%s: responses exist but the kiosk id is not set"), store_path(st));
        goto out_tx;
    }
    info->first_seq = rows[0].seq;
    info->last_seq = rows[n - 1].seq;
    info->n_responses = n;
    /* The response before: the previous row, which is not seq - 1 after a
     * gap (a database put back from an older copy continues above). */
    if ((s = query_text1(st, "SELECT chain FROM responses WHERE seq < ? ORDER BY seq DESC LIMIT 1", rows[0].seq,
                         &prev, err)) != JH_OK)
        goto out_tx;
    /* That row is known intact when it ended a recorded export and still
     * carries the chain hash recorded then. */
    bool prev_known = !prev;
    if (prev) {
        sqlite3_stmt *pq = NULL;
        if (sqlite3_prepare_v2(db,
                               "SELECT 1 FROM exports WHERE last_chain = ?1 AND last_seq = (SELECT max(seq) FROM "
                               "responses WHERE seq < ?2)",
                               -1, &pq, NULL) == SQLITE_OK) {
            sqlite3_bind_text(pq, 1, prev, -1, SQLITE_STATIC);
            sqlite3_bind_int64(pq, 2, rows[0].seq);
            prev_known = sqlite3_step(pq) == SQLITE_ROW;
        }
        sqlite3_finalize(pq);
    }
    if (!prev) prev = jh_strdup("");
    /* Nothing altered leaves the kiosk: check before anything is written
     * (the reader would refuse the bundle after the fact, and the clerk was
     * told to try another USB stick).  When anything fails, or the row
     * before is not known intact, the whole chain is checked from seq 1 as
     * bundle_export_intact checks it, and the rows it leaves out are the
     * ones named (the range's first row could fail only because the row
     * before it was changed). */
    info->n_altered = chain_check(prev, rows, n, info->altered_seq, 8);
    if (info->n_altered > 0 || !prev_known) {
        bundle_salvage_info_t scan;
        jh_err_t serr;
        if (salvage_export(st, db, store_path(st), NULL, now_ms, true, NULL, NULL, &scan, &serr) == JH_OK &&
            scan.n_damaged > 0) {
            info->n_altered = (int)scan.n_damaged;
            memcpy(info->altered_seq, scan.left_out_seq, sizeof info->altered_seq);
        }
    }
    if (info->n_altered > 0) {
        jh_buf_t list = {0};
        for (int i = 0; i < info->n_altered && i < 8; i++)
            jh_buf_printf(&list, "%s%lld", i ? ", " : "", (long long)info->altered_seq[i]);
        if (info->n_altered > 8) jh_buf_puts(&list, ", ...");
        s = jh_err_set(err, JH_ERR_CORRUPT,
                       P_("%s: %d response (seq %s) was changed in the database after it was recorded "
                          "(the text no longer gives the chain hash): it is never exported; the other answers "
                          "can be exported without it (a salvaged bundle), and the bureau should be told",
                          "%s: %d responses (seq %s) were changed in the database after they were recorded "
                          "(the text no longer gives the chain hash): they are never exported; the other answers "
                          "can be exported without them (a salvaged bundle), and the bureau should be told",
                          info->n_altered),
                       store_path(st), info->n_altered, list.data);
        jh_buf_free(&list);
        goto out_tx;
    }

    if ((s = bundle_compose(st, db, store_path(st), dir, full ? "full" : "incremental", kiosk, rows, n, prev, now_ms,
                            info, &file, err)) != JH_OK)
        goto out_tx;

    /* Composing took a while: once more, just before the write. */
    if (target_ok && (s = target_ok(dir, ctx, err)) != JH_OK) {
        info->target_lost = 1;
        goto out_tx;
    }
    if ((s = jh_write_file_atomic(info->path, file.data, file.len, err)) != JH_OK) goto out_tx;
    wrote_bundle = true;
    /* Verify what is on the drive with the reader the bureau uses. */
    jh_err_t verr;
    if (bundle_read(info->path, &check, &verr) != JH_OK) {
        s = jh_err_set(err, JH_ERR_IO, _("the bundle written does not verify: %s"), verr.msg);
        goto out_tx;
    }
    /* The bundle is what the county needs: a stick (or a kiosk disk) without
     * room for the backup still gets the bundle, and the export is recorded;
     * the backup is left out and the clerk told why (review rsoak, item 2:
     * every incremental export carries the whole database's backup, and 10
     * new answers could not be exported to a small stick).  Any other
     * failure of the backup removes the bundle too. */
    jh_err_t berr;
    jh_status_t bs = backup_sealed(st, dir, info->backup_path, info, &berr);
    if (bs == JH_ERR_FULL && info->backup_left_out) {
        info->backup_path[0] = '\0';
        snprintf(info->backup_note, sizeof info->backup_note, "%s", berr.msg);
    } else if (bs != JH_OK) {
        if (err) *err = berr;
        s = bs;
        goto out_tx;
    }
    wrote_backup = info->backup_path[0] != '\0';
    /* Recorded only when the files are still on that drive: not when it
     * went away while they were written (review rusb4, item 1). */
    if (target_ok && ((s = target_ok(dir, ctx, err)) != JH_OK || !written_into(dir, info->path))) {
        if (s == JH_OK)
            jh_err_set(err, JH_ERR_NOTFOUND, _("%s: the bundle written is no longer in the export folder"),
                       info->path);
        s = target_went(err);
        info->target_lost = 2;
        goto out_tx;
    }
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);

    jh_err_t rerr;
    if (export_record(st, info, full ? "full" : "incremental", now_ms, rows[n - 1].chain, &rerr) == JH_OK) {
        info->recorded = true;
    } else {
        snprintf(info->warning, sizeof info->warning,
                 "the export was written but could not be recorded on the kiosk (%.400s); the next export "
                 "will include these responses again",
                 rerr.msg);
    }
    goto out;

out_tx:
    if (!sqlite3_get_autocommit(db)) sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    if (wrote_bundle) {
        /* All or nothing: a bundle without its backup is not an export. */
        unlink(info->path);
        if (wrote_backup) unlink(info->backup_path);
        fsync_dir(dir);
    }
    info->path[0] = info->backup_path[0] = '\0';
    info->n_responses = 0;
    if (s != JH_OK && !info->target_lost && s != JH_ERR_CORRUPT && s != JH_ERR_INVALID && s != JH_ERR_NOMEM) {
        /* A write that failed because the drive went away says so, in its
         * own words (review rusb4, item 5): not "try another stick". */
        if (target_gone(dir, target_ok, ctx)) {
            s = target_went(err);
            info->target_lost = 2;
        }
    }
out:
    bundle_free(check);
    jh_buf_free(&file);
    free(prev);
    free(kiosk);
    free(school_code);
    rows_free(rows, n);
    return s;
}

jh_status_t bundle_salvage_export(store_t *st, sqlite3 *rec, const char *rec_name, const char *dir, int64_t now_ms,
                                  bundle_salvage_info_t *info, jh_err_t *err)
{
    return salvage_export(st, rec, rec_name, dir, now_ms, false, NULL, NULL, info, err);
}

jh_status_t bundle_export_intact(store_t *st, const char *dir, int64_t now_ms, bundle_salvage_info_t *info,
                                 jh_err_t *err)
{
    return salvage_export(st, store_db(st), store_path(st), dir, now_ms, true, NULL, NULL, info, err);
}

jh_status_t bundle_export_intact_checked(store_t *st, const char *dir, int64_t now_ms,
                                         bundle_target_check_fn target_ok, void *ctx, bundle_salvage_info_t *info,
                                         jh_err_t *err)
{
    return salvage_export(st, store_db(st), store_path(st), dir, now_ms, true, target_ok, ctx, info, err);
}

void bundle_check_db(sqlite3 *db, bundle_salvage_info_t *info)
{
    jh_err_t err;
    salvage_export(NULL, db, "", NULL, 0, true, NULL, NULL, info, &err);
}

/* A row not exported: counted, and the first few named. */
static void left_out(bundle_salvage_info_t *info, int64_t seq)
{
    if (info->n_damaged < (int64_t)(sizeof info->left_out_seq / sizeof *info->left_out_seq))
        info->left_out_seq[info->n_damaged] = seq;
    info->n_damaged++;
}

/* The recorded exports' (last_seq, last_chain), in seq order. */
typedef struct {
    int64_t seq;
    char chain[65];
} export_end_t;

static int export_ends_load(sqlite3 *db, export_end_t **out)
{
    *out = NULL;
    int n = 0, cap = 0;
    sqlite3_stmt *q = NULL;
    if (!table_exists(db, "exports") ||
        sqlite3_prepare_v2(db, "SELECT last_seq, last_chain FROM exports WHERE n_responses > 0 ORDER BY last_seq, id",
                           -1, &q, NULL) != SQLITE_OK)
        return 0;
    while (sqlite3_step(q) == SQLITE_ROW) {
        const char *c = (const char *)sqlite3_column_text(q, 1);
        if (!c || strlen(c) != 64) continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 16;
            *out = jh_xrealloc(*out, (size_t)cap * sizeof **out);
        }
        (*out)[n].seq = sqlite3_column_int64(q, 0);
        memcpy((*out)[n].chain, c, 65);
        n++;
    }
    sqlite3_finalize(q);
    return n;
}

/* bundle_salvage_export, and with strict (st's own database) every row is
 * checked against the one before it, the first against "" too (a salvaged
 * copy may have lost rows, so there only neighbours read are checked), and
 * a row that ended a recorded export must still carry the chain hash
 * recorded then (a row whose text and hash were both rewritten to agree
 * is caught there).  dir NULL: only counts and names (info->left_out_seq)
 * what would be left out; nothing is written. */
static jh_status_t salvage_export(store_t *st, sqlite3 *rec, const char *rec_name, const char *dir, int64_t now_ms,
                                  bool strict, bundle_target_check_fn target_ok, void *ctx,
                                  bundle_salvage_info_t *info, jh_err_t *err)
{
    bundle_salvage_info_t dummy;
    if (!info) info = &dummy;
    memset(info, 0, sizeof *info);
    if (now_ms >= JH_TIME_MAX_MS) return clock_beyond(now_ms, err);
    export_end_t *ends = NULL;
    jh_status_t s = JH_OK;
    row_t *rows = NULL;
    int n = 0, cap = 0;
    char *kiosk = NULL;
    jh_buf_t file = {0};
    bundle_t *check = NULL;
    sqlite3_stmt *q = NULL;

    struct stat sb;
    if (dir && (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)))
        return jh_err_set(err, JH_ERR_NOTFOUND, _("%s: not a folder (is the USB drive plugged in and mounted?)"), dir);
    /* (no store: bundle_check_db, which exports nothing) */
    char *school_code = st ? store_setting_get(st, "school_code") : NULL;
    bool school_ok = !st || (school_code && *school_code);
    free(school_code);
    if (!school_ok)
        return jh_err_set(err, JH_ERR_INVALID,
                          _("cannot export: the school code is not set (set it on the admin screen first)"));
    /* The highest seq the damaged database knew of: everything in 1..max
     * that is not read below could not be read. */
    int64_t max_seq = 0;
    if (sqlite3_prepare_v2(rec, "SELECT max(coalesce((SELECT max(seq) FROM responses), 0), "
                                "coalesce((SELECT max(seq) FROM sqlite_sequence WHERE name = 'responses'), 0))",
                           -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        max_seq = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    q = NULL;
    int rc = sqlite3_prepare_v2(rec,
                                "SELECT r.seq, r.status, r.canonical, r.chain, r.flags != '', r.survey_hash "
                                "FROM responses r ORDER BY r.seq",
                                -1, &q, NULL);
    if (rc != SQLITE_OK) {
        /* Nothing of the responses table could be recovered. */
        info->n_unreadable = max_seq;
        info->max_seq = max_seq;
        goto out;
    }
    int64_t prev_seq = -1;
    char prev_chain[65] = "", def_hash[65] = "";
    bool def_ok = false;
    char strict_stored[65] = "", strict_expected[65] = ""; /* strict: the row before, as chain_check */
    int n_ends = strict ? export_ends_load(rec, &ends) : 0, i_end = 0;
    int64_t rec_seq = 0;
    char rec_chain[65] = "";
    bool rec_stop = false;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        int64_t seq = sqlite3_column_int64(q, 0);
        int status = sqlite3_column_int(q, 1);
        const char *canon = (const char *)sqlite3_column_text(q, 2);
        const char *chain = (const char *)sqlite3_column_text(q, 3);
        const char *hash = (const char *)sqlite3_column_text(q, 5);
        if (seq < 1 || seq == prev_seq) continue; /* recovered twice (an old copy of a page) */
        /* The questionnaire's text must hash to the response's survey_hash:
         * from rec, else (its surveys table or the text in it damaged) the
         * same definition in the live store.  Rows mostly share a few. */
        if (hash && strcmp(hash, def_hash) != 0) {
            char *i, *v, *d;
            def_ok = survey_def_lookup(rec, hash, &i, &v, &d);
            free(i);
            free(v);
            free(d);
            if (!def_ok && st) {
                def_ok = survey_def_lookup(store_db(st), hash, &i, &v, &d);
                free(i);
                free(v);
                free(d);
            }
            snprintf(def_hash, sizeof def_hash, "%s", hash);
        }
        bool has_def = hash && def_ok;
        if (status == STORE_IN_PROGRESS) {
            info->n_unfinished++;
            rec_stop = true;
            continue;
        }
        if (!rec_stop && chain && strlen(chain) == 64) {
            /* strict: the export is recorded up to here, the last finished
             * row before any still being answered (as bundle_export's run),
             * exported or left out. */
            rec_seq = seq;
            memcpy(rec_chain, chain, 65);
        }
        if ((status != STORE_SUBMITTED && status != STORE_ABANDONED) || !canon || !chain || strlen(chain) != 64 ||
            !hash || !has_def) {
            left_out(info, seq);
            continue;
        }
        if (strict && canon && chain && strlen(chain) == 64) {
            char e1[65], e2[65];
            store_chain_hash(strict_stored, canon, e1);
            store_chain_hash(strict_expected, canon, e2);
            bool ok = !strcmp(e1, chain) || !strcmp(e2, chain);
            memcpy(strict_stored, chain, 65);
            memcpy(strict_expected, e1, 65);
            while (i_end < n_ends && ends[i_end].seq < seq) i_end++;
            for (int k = i_end; k < n_ends && ends[k].seq == seq; k++) {
                if (strcmp(ends[k].chain, chain) != 0) {
                    /* Changed since that export: what follows continues
                     * from the hash recorded then. */
                    ok = false;
                    memcpy(strict_expected, ends[i_end].chain, 65);
                }
            }
            if (!ok) {
                left_out(info, seq);
                continue;
            }
        }
        /* Where the response before it was read too, its hash must follow
         * from that one's: a response damaged inside is not exported. */
        if (seq == prev_seq + 1 && prev_chain[0]) {
            char want[65];
            store_chain_hash(prev_chain, canon, want);
            if (strcmp(want, chain) != 0) {
                left_out(info, seq);
                continue;
            }
        }
        cJSON *parsed = cJSON_Parse(canon);
        const cJSON *k = parsed ? cJSON_GetObjectItemCaseSensitive(parsed, "kiosk") : NULL;
        const cJSON *ks = parsed ? cJSON_GetObjectItemCaseSensitive(parsed, "seq") : NULL;
        bool ok = cJSON_IsString(k) && cJSON_IsNumber(ks) && (int64_t)ks->valuedouble == seq &&
                  (!kiosk || !strcmp(kiosk, k->valuestring));
        if (ok && !kiosk) kiosk = jh_strdup(k->valuestring);
        cJSON_Delete(parsed);
        if (!ok) {
            left_out(info, seq);
            continue;
        }
        rows_push(&rows, &n, &cap, seq, status, canon, chain, sqlite3_column_int(q, 4) != 0, hash);
        prev_seq = seq;
        memcpy(prev_chain, chain, 65);
    }
    sqlite3_finalize(q);
    q = NULL;
    if (max_seq < (n ? rows[n - 1].seq : 0)) max_seq = rows[n - 1].seq;
    info->max_seq = max_seq;
    info->n_responses = n;
    info->n_unreadable = max_seq - n - info->n_unfinished;
    if (info->n_unreadable < 0) info->n_unreadable = 0;
    if (n == 0 || !dir) goto out;
    {
        /* Another kiosk's database (an old disk's, put in a reinstalled
         * kiosk that has a new key and id): signed with this kiosk's key
         * under the other id, the bureau, which pinned that id to its own
         * key, could never take it. */
        char *own = store_setting_get(st, "kiosk_id");
        bool other = own && strcmp(own, kiosk) != 0;
        if (other) {
            char fp[64];
            store_key_fingerprint(st, fp);
            s = jh_err_set(err, JH_ERR_CONFLICT,
                           "%s: 这是另一台答题机（%s）的数据库，本机是 %s：用本机的密钥签名的取回文件县教育局不会接受，"
                           "所以没有写出任何文件。请把它连同那台答题机原来的 kiosk.db.key 交给县教育局技术人员，或把那个密钥"
                           "和身份文件（kiosk.db.key、kiosk.db.identity）放回原来的答题机后再取回 / this database is "
                           "kiosk %s's, not this kiosk's (%s, key %s): signed with this kiosk's key the bureau would "
                           "never accept it, so nothing was written; give it with that kiosk's own kiosk.db.key to "
                           "the bureau's technician, or salvage it on a kiosk that has that key and identity file "
                           "(kiosk.db.key, kiosk.db.identity) back",
                           rec_name, kiosk, own, kiosk, own, fp);
            free(own);
            goto out;
        }
        free(own);
    }
    bundle_export_info_t ex;
    memset(&ex, 0, sizeof ex);
    if ((s = bundle_compose(st, rec, rec_name, dir, "salvaged", kiosk, rows, n, "", now_ms, &ex, &file, err)) !=
        JH_OK)
        goto out;
    /* (still the USB drive: as bundle_export_checked) */
    if (target_ok && (s = target_ok(dir, ctx, err)) != JH_OK) goto out;
    if ((s = jh_write_file_atomic(ex.path, file.data, file.len, err)) != JH_OK) {
        if (target_gone(dir, target_ok, ctx)) s = target_went(err);
        goto out;
    }
    jh_err_t verr;
    if (bundle_read(ex.path, &check, &verr) != JH_OK) {
        unlink(ex.path);
        fsync_dir(dir);
        s = jh_err_set(err, JH_ERR_IO, _("the salvaged bundle written does not verify: %s"), verr.msg);
        goto out;
    }
    if (strict) {
        /* The way forward for a kiosk with altered answers: the export is
         * recorded (the next one continues after it) with its sealed
         * backup, which holds the altered rows for the bureau to examine. */
        if ((s = backup_sealed(st, dir, ex.backup_path, NULL, err)) != JH_OK) {
            unlink(ex.path);
            fsync_dir(dir);
            if (target_gone(dir, target_ok, ctx)) s = target_went(err);
            goto out;
        }
        if (target_ok && ((s = target_ok(dir, ctx, err)) != JH_OK || !written_into(dir, ex.path))) {
            if (s == JH_OK)
                jh_err_set(err, JH_ERR_NOTFOUND, _("%s: the bundle written is no longer in the export folder"),
                           ex.path);
            unlink(ex.path);
            if (ex.backup_path[0]) unlink(ex.backup_path);
            fsync_dir(dir);
            s = target_went(err);
            goto out;
        }
        /* Recorded up to the last finished row before any still being
         * answered (that one goes into a later export, with what follows
         * it again), an altered last row included (the next export does
         * not start at it again). */
        jh_err_t rerr;
        bundle_export_info_t recd = ex;
        recd.last_seq = rec_seq;
        if (rec_seq < 1)
            snprintf(info->warning, sizeof info->warning,
                     "nothing was recorded as exported: the first response is still being answered");
        else if (export_record(st, &recd, "salvaged", now_ms, rec_chain, &rerr) == JH_OK)
            info->recorded = true;
        else
            snprintf(info->warning, sizeof info->warning,
                     "the export was written but could not be recorded on the kiosk (%.400s); the next export "
                     "will include these responses again",
                     rerr.msg);
        snprintf(info->backup_path, sizeof info->backup_path, "%s", ex.backup_path);
    } else {
        /* This kiosk's answers salvaged from its damaged database: no
         * longer lost (the admin screen's note, review rrepair5 item 1). */
        int64_t *seqs = jh_xcalloc((size_t)n, sizeof *seqs);
        for (int i = 0; i < n; i++) seqs[i] = rows[i].seq;
        jh_err_t lerr;
        if (store_lost_recovered(st, seqs, (size_t)n, &lerr) != JH_OK)
            snprintf(info->warning, sizeof info->warning, "%.900s", lerr.msg);
        free(seqs);
    }
    snprintf(info->path, sizeof info->path, "%s", ex.path);
    info->first_seq = ex.first_seq;
    info->last_seq = ex.last_seq;
out:
    free(ends);
    bundle_free(check);
    jh_buf_free(&file);
    free(kiosk);
    rows_free(rows, n);
    return s;
}

/* ---- canonical JSON ----------------------------------------------------------- */

/* Compact JSON in document order; numbers must be integers within 2^53.
 * Returns false for anything else (floats, invalid UTF-8). */
static bool canon_put(jh_buf_t *b, const cJSON *it)
{
    if (cJSON_IsNull(it)) {
        jh_buf_puts(b, "null");
    } else if (cJSON_IsTrue(it)) {
        jh_buf_puts(b, "true");
    } else if (cJSON_IsFalse(it)) {
        jh_buf_puts(b, "false");
    } else if (cJSON_IsNumber(it)) {
        double d = it->valuedouble;
        if (!isfinite(d) || d != floor(d) || fabs(d) > 9007199254740992.0) return false;
        jh_buf_printf(b, "%lld", (long long)d);
    } else if (cJSON_IsString(it)) {
        if (!it->valuestring || !store_utf8_valid(it->valuestring, strlen(it->valuestring))) return false;
        store_json_put_string(b, it->valuestring);
    } else if (cJSON_IsArray(it) || cJSON_IsObject(it)) {
        bool obj = cJSON_IsObject(it);
        jh_buf_puts(b, obj ? "{" : "[");
        for (const cJSON *c = it->child; c; c = c->next) {
            if (c != it->child) jh_buf_puts(b, ",");
            if (obj) {
                if (!c->string || !store_utf8_valid(c->string, strlen(c->string))) return false;
                store_json_put_string(b, c->string);
                jh_buf_puts(b, ":");
            }
            if (!canon_put(b, c)) return false;
        }
        jh_buf_puts(b, obj ? "}" : "]");
    } else {
        return false;
    }
    return true;
}

bool bundle_canonical_json(jh_buf_t *b, const cJSON *it)
{
    return canon_put(b, it);
}

/* ---- canonical JSON recognised in place ------------------------------------ */

/* A manifest as the kiosk writes it (cJSON_Print: its tokens as canon_put
 * writes them, white space between them) gives its canonical text by
 * dropping that white space, without a parse tree.  Each function below
 * returns the end of the value at p when every token of it is exactly what
 * canon_put writes for what cJSON parses it to, else NULL ("not known to
 * be"): strings escaped as store_json_put_string escapes (only \" \\ \n
 * \r \t \b \f, and \u00xx in lowercase for the other control characters
 * but NUL), whole numbers of at most 15 digits as %lld writes them, the
 * three literals; between tokens only space, tab, CR and LF. */
/* White space from p on: the text before it goes to out (o->run..p) and
 * the run starts again after it. */
typedef struct {
    jh_buf_t *out;
    const char *run; /* the bytes from here to the cursor are not yet in out */
} canon_out_t;

static const char *canon_slice_ws(canon_out_t *o, const char *p, const char *e)
{
    if (p >= e || (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')) return p;
    jh_buf_append(o->out, o->run, (size_t)(p - o->run));
    while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
    o->run = p;
    return p;
}

static const char *canon_slice_string(const char *p, const char *e)
{
    if (p >= e || *p != '"') return NULL;
    p++;
    for (;;) {
#ifdef __SSE2__
        /* 16 bytes at a time to the first quote, backslash or control
         * character (signed compares: bytes >= 0x80 are below 0x20 there,
         * hence the flip) */
        const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'), flip = _mm_set1_epi8((char)0x80);
        const __m128i ctl = _mm_set1_epi8((char)(0x20 ^ 0x80));
        while (e - p >= 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)p);
            unsigned stop = (unsigned)_mm_movemask_epi8(_mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)),
                _mm_cmplt_epi8(_mm_xor_si128(v, flip), ctl)));
            if (stop) {
                p += __builtin_ctz(stop);
                break;
            }
            p += 16;
        }
#endif
        while (p < e && (unsigned char)*p >= 0x20 && *p != '"' && *p != '\\') p++;
        if (p >= e || (unsigned char)*p < 0x20) return NULL;
        if (*p == '"') return p + 1;
        if (e - p < 2) return NULL;
        char c = p[1];
        if (c == '"' || c == '\\' || c == 'n' || c == 'r' || c == 't' || c == 'b' || c == 'f') {
            p += 2;
            continue;
        }
        if (c != 'u' || e - p < 6 || p[2] != '0' || p[3] != '0' || (p[4] != '0' && p[4] != '1')) return NULL;
        int lo = p[5] >= '0' && p[5] <= '9' ? p[5] - '0' : p[5] >= 'a' && p[5] <= 'f' ? p[5] - 'a' + 10 : -1;
        int v = (p[4] - '0') << 4 | lo;
        if (lo < 0 || v == 0 || v == '\b' || v == '\t' || v == '\n' || v == '\f' || v == '\r') return NULL;
        p += 6;
    }
}

static const char *canon_slice_value(canon_out_t *o, const char *p, const char *e, int depth)
{
    if (p >= e) return NULL;
    switch (*p) {
    case '"': return canon_slice_string(p, e);
    case 'n': return e - p >= 4 && !memcmp(p, "null", 4) ? p + 4 : NULL;
    case 't': return e - p >= 4 && !memcmp(p, "true", 4) ? p + 4 : NULL;
    case 'f': return e - p >= 5 && !memcmp(p, "false", 5) ? p + 5 : NULL;
    case '[':
    case '{': {
        if (depth >= 64) return NULL;
        bool obj = *p == '{';
        char close = obj ? '}' : ']';
        p = canon_slice_ws(o, p + 1, e);
        if (p < e && *p == close) return p + 1;
        for (;;) {
            if (obj) {
                p = canon_slice_string(p, e);
                if (!p || (p = canon_slice_ws(o, p, e)) >= e || *p != ':') return NULL;
                p = canon_slice_ws(o, p + 1, e);
            }
            p = canon_slice_value(o, p, e, depth + 1);
            if (!p || (p = canon_slice_ws(o, p, e)) >= e) return NULL;
            if (*p == close) return p + 1;
            if (*p != ',') return NULL;
            p = canon_slice_ws(o, p + 1, e);
        }
    }
    default: {
        const char *d = p + (*p == '-'), *q = d;
        while (q < e && *q >= '0' && *q <= '9') q++;
        size_t nd = (size_t)(q - d);
        if (nd == 0 || nd > 15 || (nd > 1 && *d == '0') || (d > p && *d == '0')) return NULL;
        if (q < e && (*q == '.' || *q == 'e' || *q == 'E')) return NULL;
        return q;
    }
    }
}

/* bundle_canonical_slice; utf8_known: s is valid UTF-8 already (read_text
 * checked the whole file's text, the manifest's included). */
static bool canonical_slice(const char *s, size_t len, jh_buf_t *out, bool utf8_known)
{
    size_t was = out->len;
    canon_out_t o = {out, s};
    if (canon_slice_value(&o, s, s + len, 0) != s + len || (!utf8_known && !store_utf8_valid(s, len))) {
        out->len = was;
        if (out->data) out->data[was] = '\0';
        return false;
    }
    jh_buf_append(out, o.run, (size_t)(s + len - o.run));
    return true;
}

bool bundle_canonical_slice(const char *s, size_t len, jh_buf_t *out)
{
    return canonical_slice(s, len, out, false);
}

void bundle_fingerprint(const unsigned char pk[32], char out[64])
{
    store_fingerprint_of(pk, out);
}

/* ---- reading ------------------------------------------------------------------- */

static void *arena_alloc_aligned(arena_t *a, size_t n, size_t align)
{
    arena_blk_t *b = a->head;
    if (b) b->used = (b->used + align - 1) & ~(align - 1);
    if (!b || b->used > b->cap || b->cap - b->used < n) {
        size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;
        b = jh_xmalloc(sizeof *b + cap);
        b->used = 0;
        b->cap = cap;
        b->next = a->head;
        a->head = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    return p;
}

static void *arena_alloc(arena_t *a, size_t n)
{
    return arena_alloc_aligned(a, (n + 15) & ~(size_t)15, 16);
}

static char *arena_strndup(arena_t *a, const char *s, size_t n)
{
    char *p = arena_alloc_aligned(a, n + 1, 1); /* strings need no alignment */
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

#define INTERN_MAX_LEN 64
#define INTERN_MAX_COUNT 65536

/* Short strings (item ids, answer codes, roles) compared and hashed a word
 * at a time instead of through memcmp and a byte loop. */
static inline uint64_t load_u64(const char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static inline uint32_t load_u32(const char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

/* Two words holding every byte of s[0..n) for n <= 16 (overlapping loads
 * that never read outside s[0..n)): for strings of one length, equal words
 * mean equal bytes. */
static inline void short_words(const char *s, size_t n, uint64_t *a, uint64_t *b)
{
    if (n >= 8) {
        *a = load_u64(s);
        *b = load_u64(s + n - 8);
    } else if (n >= 4) {
        *a = load_u32(s);
        *b = load_u32(s + n - 4);
    } else {
        *a = n ? (uint64_t)(unsigned char)s[0] | (uint64_t)(unsigned char)s[n / 2] << 8 |
                     (uint64_t)(unsigned char)s[n - 1] << 16
               : 0;
        *b = 0;
    }
}

/* memcmp(x, y, n) == 0 */
static inline bool bytes_eq(const char *x, const char *y, size_t n)
{
    if (n > 16) return !memcmp(x, y, n);
    uint64_t a, b, c, d;
    short_words(x, n, &a, &b);
    short_words(y, n, &c, &d);
    return a == c && b == d;
}

static inline uint32_t bytes_hash(const char *s, size_t n)
{
    if (n > 16) {
        uint32_t h = 2166136261u; /* FNV-1a */
        for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
        return h;
    }
    uint64_t a, b;
    short_words(s, n, &a, &b);
    uint64_t h = a * 0x9e3779b97f4a7c15ull ^ (b + n) * 0xc2b2ae3d27d4eb4full;
    return (uint32_t)(h >> 32) ^ (uint32_t)(h >> 7);
}

/* arena_strndup, storing each distinct short string once (the table stops
 * growing at INTERN_MAX_COUNT: free text then takes plain copies). */
static char *arena_intern(arena_t *a, const char *s, size_t n)
{
    if (n > INTERN_MAX_LEN) return arena_strndup(a, s, n);
    if (a->n_interned * 2 >= a->intern_cap) {
        if (a->n_interned >= INTERN_MAX_COUNT) goto search_only;
        size_t cap = a->intern_cap ? a->intern_cap * 2 : 1024;
        struct intern_ent *t = jh_xcalloc(cap, sizeof *t);
        for (size_t i = 0; i < a->intern_cap; i++) {
            if (!a->interned[i].s) continue;
            size_t k = a->interned[i].hash & (cap - 1);
            while (t[k].s) k = (k + 1) & (cap - 1);
            t[k] = a->interned[i];
        }
        free(a->interned);
        a->interned = t;
        a->intern_cap = cap;
    }
search_only:;
    uint32_t h = bytes_hash(s, n);
    uint64_t w0 = 0, w1 = 0;
    if (n <= 16) short_words(s, n, &w0, &w1);
    size_t k = h & (a->intern_cap - 1);
    for (struct intern_ent *e; (e = &a->interned[k])->s; k = (k + 1) & (a->intern_cap - 1))
        if (e->hash == h && e->len == n && e->w0 == w0 && e->w1 == w1 && (n <= 16 || !memcmp(e->s, s, n)))
            return (char *)e->s;
    char *p = arena_strndup(a, s, n);
    if (a->n_interned * 2 < a->intern_cap) {
        a->interned[k] = (struct intern_ent){p, w0, w1, h, (uint32_t)n};
        a->n_interned++;
    }
    return p;
}

static void arena_free(arena_t *a)
{
    if (!a) return;
    for (arena_blk_t *b = a->head, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    a->head = NULL;
    free(a->interned);
    a->interned = NULL;
    a->n_interned = a->intern_cap = 0;
}

static void *parse_alloc(size_t n)
{
    return parse_arena ? arena_alloc(parse_arena, n) : json_arena_malloc(n);
}

static void parse_release(void *p)
{
    /* In an arena the whole arena goes at once.  A tree is always freed on
     * the thread and in the state (arena or not) it was made in: the
     * arena is only set inside parse_in_arena and parse_top. */
    if (!parse_arena) json_arena_free(p);
}

static pthread_once_t hooks_once = PTHREAD_ONCE_INIT;

static void hooks_install(void)
{
    cJSON_Hooks hooks = {parse_alloc, parse_release};
    cJSON_InitHooks(&hooks);
}

void bundle_reader_init(void)
{
    pthread_once(&hooks_once, hooks_install);
}

/* Whether the parse stopped at pos because the brackets open there reach
 * cJSON's nesting limit, not because of a syntax error. */
static bool json_too_deep_at(const char *text, size_t len, size_t pos)
{
    return pos < len && (text[pos] == '[' || text[pos] == '{') &&
           jh_json_depth_at(text, len, pos) >= CJSON_NESTING_LIMIT;
}

/* cJSON with its allocations in arena a (returns NULL as cJSON does). */
static cJSON *parse_in_arena(arena_t *a, const char *text, size_t len, const char **end)
{
    parse_arena = a;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, end, false);
    parse_arena = NULL;
    return root;
}

static jh_status_t rd_fail(rd_t *r, jh_status_t st, const char *fmt, ...)
{
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* Messages quote what the file holds: nothing in them may reach a
     * terminal or the import log as a control sequence. */
    jh_buf_t b = {0};
    jh_buf_put_escaped(&b, r->name);
    jh_buf_puts(&b, _(": "));
    jh_buf_put_escaped(&b, msg);
    jh_status_t ret = jh_err_set(r->err, st, "%s", b.data);
    jh_buf_free(&b);
    return ret;
}

/* Line and column (in characters) of byte offset pos. */
static void line_col(const char *text, size_t pos, long long *line, long long *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < pos; i++) {
        if (text[i] == '\n') {
            (*line)++;
            *col = 1;
        } else if (((unsigned char)text[i] & 0xc0) != 0x80) {
            (*col)++;
        }
    }
}

/* What to do about a bundle file that was not written to its end (the USB
 * drive pulled during the export, or while copying it): an incremental
 * export cannot be made again - Export new answers writes nothing the
 * kiosk recorded as exported - so the advice works for both kinds. */
const char *bundle_copy_again_advice(void)
{
    return _("copy the file again from the kiosk's USB drive, or export again at the kiosk with Export all "
             "(导出全部): Export new answers writes nothing that was exported before");
}

/* Whether text holds a zero byte, which no bundle does: a file whose
 * blocks never reached the USB drive (an unsafe eject on FAT leaves the
 * file's length and zeros; review rmerge4, item 2); then *st is the
 * rejection, naming where the zeros start and what to do. */
static bool zero_damage(rd_t *r, const char *text, size_t len, jh_status_t *st)
{
    const char *z = memchr(text, 0, len);
    if (!z) return false;
    size_t at = (size_t)(z - text), nz = 0;
    while (nz < len && !text[nz]) nz++;
    if (nz == len) {
        *st = rd_fail(r, JH_ERR_INVALID,
                      _("damaged: the file holds nothing but zero bytes (%zu bytes; the USB drive was removed before "
                        "the export reached it?): %s"),
                      len, bundle_copy_again_advice());
    } else {
        long long line, col;
        line_col(text, at, &line, &col);
        *st = rd_fail(r, JH_ERR_INVALID,
                      _("damaged: zero bytes from line %lld column %lld on (the USB drive was removed before the "
                        "whole file reached it?): %s"),
                      line, col, bundle_copy_again_advice());
    }
    return true;
}

/* Whether text ends inside a string or an open object/array. */
static bool json_truncated(const char *text, size_t len)
{
    int depth = 0;
    bool in_str = false, esc = false, any = false;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (in_str) {
            if (esc) esc = false;
            else if (c == '\\') esc = true;
            else if (c == '"') in_str = false;
            continue;
        }
        if (c == '"') in_str = true;
        else if (c == '{' || c == '[') depth++, any = true;
        else if (c == '}' || c == ']') {
            if (--depth < 0) return false;
        }
    }
    return in_str || depth > 0 || !any;
}

static const char *type_name(const cJSON *it)
{
    if (!it) return _("nothing");
    if (cJSON_IsString(it)) return _("a string");
    if (cJSON_IsNumber(it)) return _("a number");
    if (cJSON_IsBool(it)) return _("true/false");
    if (cJSON_IsNull(it)) return _("null");
    if (cJSON_IsArray(it)) return _("an array");
    if (cJSON_IsObject(it)) return _("an object");
    return _("something else");
}

/* Checks that obj has exactly the keys listed (each once); returns false
 * and sets the error naming where.  With slots, slots[i] receives the
 * member named keys[i].  One pass: writers emit the keys in the listed
 * order, so the key after the last one found is tried first. */
static bool keys_take(rd_t *r, const cJSON *obj, const char *where, const char *const *keys, int n,
                      const cJSON **slots)
{
    const cJSON *local[32];
    JH_EXPECT(n <= 32);
    if (!slots) slots = local;
    for (int i = 0; i < n; i++) slots[i] = NULL;
    int hint = 0;
    for (const cJSON *c = obj->child; c; c = c->next) {
        int k = -1;
        if (c->string) {
            if (hint < n && !strcmp(c->string, keys[hint])) k = hint;
            for (int i = 0; k < 0 && i < n; i++)
                if (!strcmp(c->string, keys[i])) k = i;
        }
        if (k < 0) {
            char list[400] = "";
            size_t used = 0;
            for (int i = 0; i < n && used < sizeof list - 40; i++)
                used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", keys[i]);
            rd_fail(r, JH_ERR_INVALID, _("%s: unknown key '%.60s' (expected %s)"), where, c->string ? c->string : "",
                    list);
            return false;
        }
        if (slots[k]) {
            rd_fail(r, JH_ERR_INVALID, _("%s: key '%s' appears twice"), where, c->string);
            return false;
        }
        slots[k] = c;
        hint = k + 1;
    }
    for (int i = 0; i < n; i++)
        if (!slots[i]) {
            rd_fail(r, JH_ERR_INVALID, _("%s: missing key '%s'"), where, keys[i]);
            return false;
        }
    return true;
}

static bool keys_check(rd_t *r, const cJSON *obj, const char *where, const char *const *keys, int n)
{
    return keys_take(r, obj, where, keys, n, NULL);
}

/* The string member it (named key, for messages), checked; borrowed. */
static const char *val_str(rd_t *r, const cJSON *it, const char *where, const char *key, size_t max, size_t *len)
{
    if (!cJSON_IsString(it) || !it->valuestring) {
        rd_fail(r, JH_ERR_INVALID, _("%s.%s: expected a string, found %s"), where, key, type_name(it));
        return NULL;
    }
    size_t n = strlen(it->valuestring);
    if (n > max) {
        rd_fail(r, JH_ERR_INVALID, _("%s.%s: too long (%zu bytes, at most %zu)"), where, key, n, max);
        return NULL;
    }
    if (!store_utf8_valid(it->valuestring, n)) {
        rd_fail(r, JH_ERR_INVALID, _("%s.%s: not valid UTF-8"), where, key);
        return NULL;
    }
    /* No identifier or setting the kiosk writes holds a control character
     * (the kiosk refuses them); a questionnaire's definition is JSON text
     * checked by the questionnaire loader. */
    if (strcmp(key, "definition") != 0 && jh_has_controls(it->valuestring)) {
        rd_fail(r, JH_ERR_INVALID, _("%s.%s: contains a control character ('%.60s'); a kiosk never writes one"),
                where, key, it->valuestring);
        return NULL;
    }
    *len = n;
    return it->valuestring;
}

static bool arena_str(rd_t *r, arena_t *a, const cJSON *it, const char *where, const char *key, size_t max,
                      char **out)
{
    size_t n;
    const char *v = val_str(r, it, where, key, max, &n);
    if (!v) return false;
    /* Everything but the uuid repeats from response to response. */
    *out = strcmp(key, "uuid") ? arena_intern(a, v, n) : arena_strndup(a, v, n);
    return true;
}

static bool get_str(rd_t *r, const cJSON *obj, const char *where, const char *key, size_t max, char **out)
{
    size_t n;
    const char *v = val_str(r, cJSON_GetObjectItemCaseSensitive(obj, key), where, key, max, &n);
    if (!v) return false;
    *out = jh_strdup(v);
    return true;
}

static bool val_hex(rd_t *r, const cJSON *it, const char *where, const char *key, size_t len, bool allow_empty,
                    char *out)
{
    if (!cJSON_IsString(it) || !it->valuestring) {
        rd_fail(r, JH_ERR_INVALID, _("%s.%s: expected a string, found %s"), where, key, type_name(it));
        return false;
    }
    const char *s = it->valuestring;
    size_t n = strlen(s);
    bool ok = n == len || (allow_empty && n == 0);
    for (size_t i = 0; ok && i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) ok = false;
    if (!ok) {
        rd_fail(r, JH_ERR_INVALID, _("%s.%s: expected %zu lowercase hexadecimal digits%s"), where, key, len,
                allow_empty ? _(" or \"\"") : "");
        return false;
    }
    memcpy(out, s, n + 1);
    return true;
}

static bool get_hex(rd_t *r, const cJSON *obj, const char *where, const char *key, size_t len, bool allow_empty,
                    char *out)
{
    return val_hex(r, cJSON_GetObjectItemCaseSensitive(obj, key), where, key, len, allow_empty, out);
}

static bool val_int(rd_t *r, const cJSON *it, const char *where, const char *key, int64_t min, int64_t max,
                    int64_t *out)
{
    if (!cJSON_IsNumber(it)) {
        rd_fail(r, JH_ERR_INVALID, _("%s.%s: expected a whole number, found %s"), where, key, type_name(it));
        return false;
    }
    double d = it->valuedouble;
    if (!isfinite(d) || d != floor(d) || d < (double)min || d > (double)max) {
        rd_fail(r, JH_ERR_INVALID, _("%s.%s: expected a whole number from %lld to %lld"), where, key, (long long)min,
                (long long)max);
        return false;
    }
    *out = (int64_t)d;
    return true;
}

static bool get_int(rd_t *r, const cJSON *obj, const char *where, const char *key, int64_t min, int64_t max,
                    int64_t *out)
{
    return val_int(r, cJSON_GetObjectItemCaseSensitive(obj, key), where, key, min, max, out);
}

static bool get_obj(rd_t *r, const cJSON *obj, const char *where, const char *key, const cJSON **out)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!cJSON_IsObject(it)) {
        rd_fail(r, JH_ERR_INVALID, _("%s.%s: expected an object, found %s"), where, key, type_name(it));
        return false;
    }
    *out = it;
    return true;
}

#define TIME_MAX JH_TIME_MAX_MS /* 2100-01-01 */

/* A bundle of a newer format (a newer junheng-kiosk wrote it): the one
 * thing to say about it, whatever else in it is new to this program. */
static jh_status_t newer_fail(rd_t *r, double version)
{
    return rd_fail(r, JH_ERR_INVALID,
                   _("format version %.0f is newer than this program reads (versions %d to %d): a newer "
                     "junheng-kiosk wrote it; use a newer junheng"),
                   version, BUNDLE_FORMAT_VERSION_MIN, BUNDLE_FORMAT_VERSION);
}

/* Whether manifest m (any JSON) says a format newer than this program
 * reads: a whole number above BUNDLE_FORMAT_VERSION, however large.  Read
 * before anything else is checked (an unknown key is what a newer format
 * adds: review rmigrate, item 5). */
static bool format_is_newer(const cJSON *m, double *version)
{
    const cJSON *v = cJSON_IsObject(m) ? cJSON_GetObjectItemCaseSensitive(m, "format_version") : NULL;
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble != floor(v->valuedouble) ||
        v->valuedouble <= BUNDLE_FORMAT_VERSION || v->valuedouble >= 1e18)
        return false;
    *version = v->valuedouble;
    return true;
}

static jh_status_t read_manifest(rd_t *r, const cJSON *m, bundle_t *b)
{
    static const char *const keys[] = {
        "format_version", "kind",        "kiosk_id",   "school",           "kiosk",   "exported_ms",
        "exported_at",    "first_seq",   "last_seq",   "n_responses",      "counts",  "prev_chain",
        "last_chain",     "responses_sha256", "surveys", "public_key", "fingerprint",
    };
    const char *w = "manifest";
    /* The version first, so a newer format gets a clear message. */
    int64_t version = 0;
    if (!get_int(r, m, w, "format_version", 1, 1000000, &version)) return r->err->status;
    if (version > BUNDLE_FORMAT_VERSION) return newer_fail(r, (double)version);
    if (version < BUNDLE_FORMAT_VERSION_MIN)
        return rd_fail(r, JH_ERR_INVALID, _("format version %lld is not supported (this program reads versions %d to %d)"),
                       (long long)version, BUNDLE_FORMAT_VERSION_MIN, BUNDLE_FORMAT_VERSION);
    b->format_version = (int)version;
    r->format_version = (int)version;
    /* Format 3: responses_sha256 only in a salvaged bundle (its chain has
     * gaps); in a full or incremental one the verified chain up to the
     * signed last_chain covers every text, and a second hash there is not
     * what a kiosk writes. */
    const cJSON *rsha = cJSON_GetObjectItemCaseSensitive(m, "responses_sha256");
    bool want_rsha = true;
    if (version >= 3) {
        const cJSON *kind = cJSON_GetObjectItemCaseSensitive(m, "kind");
        if (cJSON_IsString(kind) && kind->valuestring) {
            want_rsha = !strcmp(kind->valuestring, "salvaged");
            if (!want_rsha && rsha)
                return rd_fail(r, JH_ERR_INVALID,
                               _("manifest.responses_sha256: not expected in a format %d %.20s bundle (expected no "
                                 "such key: the chain up to last_chain covers every response; only a salvaged bundle "
                                 "carries it)"),
                               (int)version, kind->valuestring);
            if (want_rsha && !rsha)
                return rd_fail(r, JH_ERR_INVALID,
                               _("manifest: missing key 'responses_sha256' (a salvaged bundle must carry it: its "
                                 "sequence may have gaps)"));
        } else {
            want_rsha = rsha != NULL; /* the kind's own check below says what is wrong */
        }
    }
    if (want_rsha) {
        if (!keys_check(r, m, w, keys, (int)(sizeof keys / sizeof *keys))) return r->err->status;
    } else {
        static const char *const keys3[] = {
            "format_version", "kind",      "kiosk_id",   "school",  "kiosk",      "exported_ms",
            "exported_at",    "first_seq", "last_seq",   "n_responses", "counts", "prev_chain",
            "last_chain",     "surveys",   "public_key", "fingerprint",
        };
        if (!keys_check(r, m, w, keys3, (int)(sizeof keys3 / sizeof *keys3))) return r->err->status;
    }
    if (!get_str(r, m, w, "kind", 16, &b->kind)) return r->err->status;
    if (strcmp(b->kind, "full") != 0 && strcmp(b->kind, "incremental") != 0 && strcmp(b->kind, "salvaged") != 0)
        return rd_fail(r, JH_ERR_INVALID,
                       _("manifest.kind: expected \"full\", \"incremental\" or \"salvaged\", found \"%.20s\""),
                       b->kind);
    bool salvaged = !strcmp(b->kind, "salvaged");
    if (!get_str(r, m, w, "kiosk_id", 64, &b->kiosk_id)) return r->err->status;
    if (!*b->kiosk_id) return rd_fail(r, JH_ERR_INVALID, _("manifest.kiosk_id: must not be empty"));
    const cJSON *school = NULL, *kiosk = NULL, *counts = NULL;
    if (!get_obj(r, m, w, "school", &school)) return r->err->status;
    static const char *const skeys[] = {"code", "name", "level", "locality", "county_code"};
    if (!keys_check(r, school, "manifest.school", skeys, 5)) return r->err->status;
    if (!get_str(r, school, "manifest.school", "code", 64, &b->school_code) ||
        !get_str(r, school, "manifest.school", "name", 400, &b->school_name) ||
        !get_str(r, school, "manifest.school", "level", 64, &b->school_level) ||
        !get_str(r, school, "manifest.school", "locality", 64, &b->locality) ||
        !get_str(r, school, "manifest.school", "county_code", 64, &b->county_code))
        return r->err->status;
    if (!*b->school_code) return rd_fail(r, JH_ERR_INVALID, _("manifest.school.code: must not be empty"));
    /* Every setting by the kiosk's own rules (store_setting_set); those a
     * kiosk may leave unset can be "". */
    const struct {
        const char *where, *key, *value;
        bool may_be_empty;
    } settings[] = {
        {"manifest.kiosk_id", "kiosk_id", b->kiosk_id, false},
        {"manifest.school.code", "school_code", b->school_code, false},
        {"manifest.school.name", "school_name", b->school_name, true},
        {"manifest.school.level", "school_level", b->school_level, true},
        {"manifest.school.locality", "locality", b->locality, true},
        {"manifest.school.county_code", "county_code", b->county_code, true},
    };
    for (size_t i = 0; i < sizeof settings / sizeof *settings; i++) {
        const char *expected;
        if ((settings[i].may_be_empty && !settings[i].value[0]) ||
            store_setting_valid(settings[i].key, settings[i].value, &expected))
            continue;
        return rd_fail(r, JH_ERR_INVALID, _("%s: '%.60s' is not valid (expected %s)"), settings[i].where,
                       settings[i].value, expected);
    }
    if (!get_obj(r, m, w, "kiosk", &kiosk)) return r->err->status;
    static const char *const kkeys[] = {"idle_seconds", "active_surveys"};
    if (!keys_check(r, kiosk, "manifest.kiosk", kkeys, 2)) return r->err->status;
    if (!get_str(r, kiosk, "manifest.kiosk", "idle_seconds", 16, &b->idle_seconds) ||
        !get_str(r, kiosk, "manifest.kiosk", "active_surveys", 2000, &b->active_surveys))
        return r->err->status;
    const char *expected;
    if (*b->idle_seconds && !store_setting_valid("idle_seconds", b->idle_seconds, &expected))
        return rd_fail(r, JH_ERR_INVALID, _("manifest.kiosk.idle_seconds: '%.20s' is not valid (expected %s)"),
                       b->idle_seconds, expected);
    if (!store_setting_valid("active_surveys", b->active_surveys, &expected))
        return rd_fail(r, JH_ERR_INVALID, _("manifest.kiosk.active_surveys: '%.60s' is not valid (expected %s)"),
                       b->active_surveys, expected);
    char *at = NULL;
    if (!get_str(r, m, w, "exported_at", 32, &at)) return r->err->status;
    free(at);
    int64_t n_resp = 0;
    if (!get_int(r, m, w, "exported_ms", 0, TIME_MAX, &b->exported_ms) ||
        !get_int(r, m, w, "first_seq", 1, INT64_C(1) << 50, &b->first_seq) ||
        !get_int(r, m, w, "last_seq", 1, INT64_C(1) << 50, &b->last_seq) ||
        !get_int(r, m, w, "n_responses", 1, MAX_RESPONSES, &n_resp))
        return r->err->status;
    /* A salvaged bundle holds what could be read of a damaged database:
     * its sequence may have gaps. */
    /* A format 3 full or incremental bundle may skip seqs too, when the
     * kiosk's database was put back from an older copy and its sequence
     * continued above every seq used (review 12): the chain still links
     * each response to the one before it in the bundle. */
    if (b->last_seq < b->first_seq || ((salvaged || b->format_version >= 3)
                                           ? b->last_seq - b->first_seq + 1 < n_resp
                                           : b->last_seq - b->first_seq + 1 != n_resp))
        return rd_fail(r, JH_ERR_INVALID,
                       _("manifest: seq range %lld to %lld does not hold n_responses = %lld responses"),
                       (long long)b->first_seq, (long long)b->last_seq, (long long)n_resp);
    r->n_declared = n_resp;
    if (!get_obj(r, m, w, "counts", &counts)) return r->err->status;
    static const char *const ckeys[] = {"submitted", "abandoned", "flagged"};
    if (!keys_check(r, counts, "manifest.counts", ckeys, 3)) return r->err->status;
    if (!get_int(r, counts, "manifest.counts", "submitted", 0, MAX_RESPONSES, &b->n_submitted) ||
        !get_int(r, counts, "manifest.counts", "abandoned", 0, MAX_RESPONSES, &b->n_abandoned) ||
        !get_int(r, counts, "manifest.counts", "flagged", 0, MAX_RESPONSES, &b->n_flagged))
        return r->err->status;
    if (!get_hex(r, m, w, "prev_chain", 64, true, b->prev_chain) ||
        !get_hex(r, m, w, "last_chain", 64, false, b->last_chain) ||
        (want_rsha && !get_hex(r, m, w, "responses_sha256", 64, false, b->responses_sha256)) ||
        !get_hex(r, m, w, "public_key", 64, false, b->public_key))
        return r->err->status;
    char *fp = NULL;
    if (!get_str(r, m, w, "fingerprint", 63, &fp)) return r->err->status;
    snprintf(b->fingerprint, sizeof b->fingerprint, "%s", fp);
    free(fp);
    return JH_OK;
}

static jh_status_t read_surveys(rd_t *r, const cJSON *m, bundle_t *b, bundle_cache_t *cache)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(m, "surveys");
    if (!cJSON_IsArray(arr))
        return rd_fail(r, JH_ERR_INVALID, _("manifest.surveys: expected an array, found %s"), type_name(arr));
    int n = cJSON_GetArraySize(arr);
    if (n < 1 || n > MAX_SURVEYS)
        return rd_fail(r, JH_ERR_INVALID, _("manifest.surveys: expected 1 to %d questionnaires, found %d"), MAX_SURVEYS,
                       n);
    b->surveys = jh_xcalloc((size_t)n, sizeof *b->surveys);
    int i = 0;
    for (const cJSON *it = arr->child; it; it = it->next, i++) {
        char where[64];
        snprintf(where, sizeof where, "manifest.surveys[%d]", i);
        if (!cJSON_IsObject(it))
            return rd_fail(r, JH_ERR_INVALID, _("%s: expected an object, found %s"), where, type_name(it));
        static const char *const keys[] = {"id", "version", "hash", "definition"};
        if (!keys_check(r, it, where, keys, 4)) return r->err->status;
        char *id = NULL, *version = NULL, *def = NULL;
        char hash[65];
        jh_status_t s = JH_OK;
        if (!get_str(r, it, where, "id", 64, &id) || !get_str(r, it, where, "version", 64, &version) ||
            !get_hex(r, it, where, "hash", 64, false, hash) ||
            !get_str(r, it, where, "definition", 4 * 1024 * 1024, &def)) {
            s = r->err->status;
            goto next;
        }
        /* A text the cache holds has the hash it was loaded with (its own
         * SHA-256, checked against the hash of the bundle that brought it):
         * the same bytes are not hashed again for every bundle. */
        char actual[65] = "";
        if (cache) {
            pthread_mutex_lock(&cache->lock);
            for (int k = 0; k < cache->n && !actual[0]; k++)
                if (!strcmp(cache->surveys[k]->source_json, def)) memcpy(actual, cache->surveys[k]->hash, sizeof actual);
            pthread_mutex_unlock(&cache->lock);
        }
        if (!actual[0]) jh_sha256_hex(def, strlen(def), actual);
        if (strcmp(actual, hash) != 0) {
            s = rd_fail(r, JH_ERR_FORGED, _("questionnaire %s: hash mismatch"), id);
            goto next;
        }
        for (int k = 0; k < b->n_surveys; k++)
            if (!strcmp(b->surveys[k]->hash, hash)) {
                s = rd_fail(r, JH_ERR_INVALID, _("questionnaire %s is listed twice"), id);
                goto next;
            }
        /* A text with this hash was loaded before (its SHA-256 was just
         * checked against the hash): the same text, so the same survey. */
        /* The lock is held while a new text is loaded too (a merge meets a
         * handful): a second thread waits for it rather than loading it twice. */
        survey_t *sv = NULL;
        if (cache) pthread_mutex_lock(&cache->lock);
        for (int k = 0; cache && k < cache->n && !sv; k++)
            if (!strcmp(cache->surveys[k]->hash, hash) && !strcmp(cache->surveys[k]->source_json, def))
                sv = cache->surveys[k];
        if (sv) {
            b->surveys_shared |= UINT64_C(1) << b->n_surveys;
        } else {
            char *label = jh_sprintf("%s: questionnaire %s", r->name, id);
            jh_err_t e;
            if (survey_load_text(label, def, strlen(def), NULL, &sv, NULL, &e) != JH_OK) {
                if (cache) pthread_mutex_unlock(&cache->lock);
                free(label);
                s = jh_err_set(r->err, JH_ERR_INVALID, "%s", e.msg);
                goto next;
            }
            free(label);
            if (cache && cache->n < CACHE_MAX && !strcmp(sv->id, id) && !strcmp(sv->hash, hash)) {
                cache->surveys[cache->n++] = sv;
                b->surveys_shared |= UINT64_C(1) << b->n_surveys;
            }
        }
        if (cache) pthread_mutex_unlock(&cache->lock);
        b->surveys[b->n_surveys++] = sv;
        if (strcmp(sv->id, id) != 0 || strcmp(sv->hash, hash) != 0) {
            s = rd_fail(r, JH_ERR_FORGED, _("questionnaire %s: hash mismatch (the definition does not reproduce it)"),
                        id);
            goto next;
        }
        if (strcmp(sv->version, version) != 0) {
            s = rd_fail(r, JH_ERR_INVALID,
                        _("questionnaire %s: the manifest says version '%.40s' but its definition is version '%s'"), id,
                        version, sv->version);
            goto next;
        }
    next:
        free(id);
        free(version);
        free(def);
        if (s != JH_OK) return s;
    }
    return JH_OK;
}

/* Reads the fields of one response (types only; the chain comes later),
 * naming it `where` in messages. */
static jh_status_t read_response_as(rd_t *r, arena_t *ar, const cJSON *it, const char *where, bundle_response_t *out)
{
    enum { K_KIOSK, K_SEQ, K_UUID, K_SURVEY, K_HASH, K_ROLE, K_LANG, K_STARTED, K_ENDED, K_DURATION, K_STATUS,
           K_FLAGS, K_ANSWERS, K_CHAIN, K_N };
    static const char *const keys[K_N] = {"kiosk",      "seq",      "uuid",        "survey", "survey_hash",
                                          "role",       "lang",     "started_ms",  "ended_ms", "duration_ms",
                                          "status",     "flags",    "answers",     "chain"};
    /* Since format 2 (issue 19.7) a response carries the day and the
     * duration in minutes instead of three times in milliseconds. */
    static const char *const keys2[K_N] = {"kiosk",      "seq",    "uuid",       "survey", "survey_hash",
                                           "role",       "lang",   "day",        "duration_min", "",
                                           "status",     "flags",  "answers",    "chain"};
    if (!cJSON_IsObject(it)) return rd_fail(r, JH_ERR_INVALID, _("%s: expected an object, found %s"), where, type_name(it));
    const cJSON *v[K_N];
    /* The responses are parsed before the manifest is checked: the format
     * of each is told by its keys, and a format 1 bundle holding format 2
     * responses is refused once the manifest is known (read_responses). */
    bool v2 = cJSON_GetObjectItemCaseSensitive(it, "day") != NULL;
    if (v2) {
        /* keys2 without its empty slot */
        static const char *const k2[K_N - 1] = {"kiosk", "seq",    "uuid",   "survey",  "survey_hash",
                                                "role",  "lang",   "day",    "duration_min", "status",
                                                "flags", "answers", "chain"};
        const cJSON *t[K_N - 1];
        if (!keys_take(r, it, where, k2, K_N - 1, t)) return r->err->status;
        for (int i = 0, j = 0; i < K_N; i++) v[i] = keys2[i][0] ? t[j++] : NULL;
    } else if (!keys_take(r, it, where, keys, K_N, v)) {
        return r->err->status;
    }
    char hash[65];
    if (!arena_str(r, ar, v[K_KIOSK], where, "kiosk", 64, &out->kiosk_id) ||
        !val_int(r, v[K_SEQ], where, "seq", 1, INT64_C(1) << 50, &out->seq) ||
        !arena_str(r, ar, v[K_UUID], where, "uuid", 64, &out->uuid) ||
        !arena_str(r, ar, v[K_SURVEY], where, "survey", 64, &out->survey_id) ||
        !val_hex(r, v[K_HASH], where, "survey_hash", 64, false, hash) ||
        !arena_str(r, ar, v[K_ROLE], where, "role", 64, &out->role) ||
        !arena_str(r, ar, v[K_LANG], where, "lang", 32, &out->lang) ||
        (!v2 && (!val_int(r, v[K_STARTED], where, "started_ms", 0, TIME_MAX, &out->started_ms) ||
                 !val_int(r, v[K_ENDED], where, "ended_ms", 0, TIME_MAX, &out->ended_ms) ||
                 !val_int(r, v[K_DURATION], where, "duration_ms", -TIME_MAX, TIME_MAX, &out->duration_ms))) ||
        (v2 && (!arena_str(r, ar, v[K_STARTED], where, "day", 10, &out->day) ||
                !val_int(r, v[K_ENDED], where, "duration_min", 0, 100000000, &out->duration_min))) ||
        !arena_str(r, ar, v[K_STATUS], where, "status", 24, &out->status) ||
        !arena_str(r, ar, v[K_FLAGS], where, "flags", 200, &out->flags) ||
        !val_hex(r, v[K_CHAIN], where, "chain", 64, false, out->chain))
        return r->err->status;
    out->survey_hash = arena_intern(ar, hash, 64);
    const cJSON *ans = v[K_ANSWERS];
    if (!cJSON_IsObject(ans))
        return rd_fail(r, JH_ERR_INVALID, _("%s.answers: expected an object, found %s"), where, type_name(ans));
    int n = cJSON_GetArraySize(ans);
    if (n > MAX_ANSWERS) return rd_fail(r, JH_ERR_INVALID, _("%s.answers: too many answers (%d)"), where, n);
    out->answers = arena_alloc(ar, ((size_t)n + 1) * sizeof *out->answers);
    out->n_answers = 0;
    /* Duplicate item ids through a small open-addressing table of indexes
     * into out->answers (0 = empty), instead of comparing every pair. */
    uint16_t small[128], *seen = small;
    size_t cap = 128;
    while (cap < 2 * (size_t)n) cap *= 2;
    if (cap > 128) seen = arena_alloc(ar, cap * sizeof *seen);
    memset(seen, 0, cap * sizeof *seen);
    for (const cJSON *a = ans->child; a; a = a->next) {
        size_t kl = a->string ? strlen(a->string) : 0;
        if (!kl || kl > 64 || !store_utf8_valid(a->string, kl))
            return rd_fail(r, JH_ERR_INVALID, _("%s.answers: an item id is empty, too long or not UTF-8"), where);
        size_t slot = jh_str_hash(a->string) & (cap - 1);
        for (; seen[slot]; slot = (slot + 1) & (cap - 1))
            if (!strcmp(out->answers[seen[slot] - 1].item_id, a->string))
                return rd_fail(r, JH_ERR_INVALID, _("%s.answers: item '%s' appears twice"), where, a->string);
        if (!cJSON_IsString(a) || !a->valuestring)
            return rd_fail(r, JH_ERR_INVALID, _("%s.answers.%s: expected a string, found %s"), where, a->string,
                           type_name(a));
        size_t vl = strlen(a->valuestring);
        if (vl > 8000 || !store_utf8_valid(a->valuestring, vl))
            return rd_fail(r, JH_ERR_INVALID, _("%s.answers.%s: too long or not UTF-8"), where, a->string);
        out->answers[out->n_answers].item_id = arena_intern(ar, a->string, kl);
        out->answers[out->n_answers].value = arena_intern(ar, a->valuestring, vl);
        out->answers[out->n_answers].item_index = -1;
        out->n_answers++;
        seen[slot] = (uint16_t)out->n_answers;
    }
    return JH_OK;
}

/* ---- responses in canonical form, read without a parse tree ------------ */

/* Whether parse_top may try read_response_fast first (bundle_set_fast_path). */
static bool fast_path = true;

void bundle_set_fast_path(bool on)
{
    fast_path = on;
}

/* A cursor over the text of one response. */
typedef struct {
    const char *p, *end;
} cur_t;

/* The reader's small hot helpers are inlined by force where the compiler
 * optimises: their literal arguments then fold to constants.  Not at -O0
 * (a Debug build): there gcc 12 keeps the branches a constant would have
 * removed and reports false overflows in them (-Wstringop-overflow, as
 * errors under -Werror), and nothing is folded anyway. */
#ifdef __OPTIMIZE__
#define HOT_INLINE __attribute__((always_inline))
#else
#define HOT_INLINE
#endif

/* The literal lit (n bytes) at c->p.  Inlined where lit is a constant of
 * at most 16 bytes, it is compared as one or two masked words (the
 * literal's words fold to constants); near the text's end through memcmp. */
static inline HOT_INLINE bool fp_lit(cur_t *c, const char *lit, size_t n)
{
    if (n == 1) {
        if (c->p >= c->end || *c->p != *lit) return false;
        c->p++;
        return true;
    }
    if (n <= 16 && c->end - c->p >= 16) {
        uint64_t a = 0, b = 0;
        memcpy(&a, lit, n < 8 ? n : 8);
        if (n > 8) memcpy(&b, lit + 8, n - 8);
        uint64_t ma = n >= 8 ? ~0ull : (1ull << (8 * n)) - 1, mb = n >= 16 ? ~0ull : n > 8 ? (1ull << (8 * (n - 8))) - 1 : 0;
        if (((load_u64(c->p) & ma) ^ a) | ((n > 8 ? load_u64(c->p + 8) & mb : 0) ^ b)) return false;
        c->p += n;
        return true;
    }
    if ((size_t)(c->end - c->p) < n || memcmp(c->p, lit, n) != 0) return false;
    c->p += n;
    return true;
}
#define FP_LIT(c, lit) fp_lit((c), (lit), sizeof(lit) - 1)

/* A JSON string at c->p holding no escape and no control character (so its
 * bytes are its value, and store_json_put_string writes them back as they
 * are): its bytes s[0..n); *high tells whether any byte is >= 0x7f. */
static inline HOT_INLINE bool fp_str(cur_t *c, const char **s, size_t *n, bool *high)
{
    if (c->p >= c->end || *c->p != '"') return false;
    const unsigned char *q = (const unsigned char *)c->p + 1, *e = (const unsigned char *)c->end;
    bool hi = false;
#ifdef __SSE2__
    /* 16 bytes at a time while 16 remain: the first quote, backslash or
     * control character, and whether a byte >= 0x7f comes before it. */
    const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'), flip = _mm_set1_epi8((char)0x80);
    const __m128i ctl = _mm_set1_epi8((char)(0x20 ^ 0x80)), del = _mm_set1_epi8((char)(0x7e ^ 0x80));
    while (e - q >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)q), f = _mm_xor_si128(v, flip);
        unsigned stop = (unsigned)_mm_movemask_epi8(
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)), _mm_cmplt_epi8(f, ctl)));
        unsigned high = (unsigned)_mm_movemask_epi8(_mm_cmpgt_epi8(f, del));
        if (stop) {
            unsigned at = (unsigned)__builtin_ctz(stop);
            hi |= (high & ((1u << at) - 1)) != 0;
            q += at;
            goto scanned;
        }
        hi |= high != 0;
        q += 16;
    }
#endif
    for (; q < e && *q >= 0x20 && *q != '"' && *q != '\\'; q++) hi |= *q >= 0x7f;
#ifdef __SSE2__
scanned:
#endif
    if (q >= e || *q != '"') return false;
    *s = c->p + 1;
    *n = (size_t)((const char *)q - *s);
    *high = hi;
    c->p = (const char *)q + 1;
    return true;
}

/* The value of the k decimal digits at d (1 <= k <= 8; d[0..8) readable):
 * the word shifted so that the digits fill its top k bytes (the bytes
 * below, zero, are leading zeros; the borrows of the bytes after the
 * digits only reach bytes that are shifted out), then pairs, quadruples
 * and the whole (the first digit in the lowest byte). */
static inline uint32_t digits8(const char *d, size_t k)
{
    uint64_t w = (load_u64(d) - 0x3030303030303030ull) << (8 * (8 - k));
    w = w * 10 + (w >> 8);
    w = ((w & 0x000000ff000000ffull) * (100 + (1000000ull << 32)) +
         ((w >> 16) & 0x000000ff000000ffull) * (1 + (10000ull << 32))) >> 32;
    return (uint32_t)w;
}

/* A whole number as put_i64 writes it (no '+', no leading zero, no "-0",
 * at most 15 digits so that cJSON's double holds it exactly), in
 * [min, max] as val_int checks it. */
static inline HOT_INLINE bool fp_int(cur_t *c, int64_t min, int64_t max, int64_t *out)
{
    const char *q = c->p;
    bool neg = q < c->end && *q == '-';
    if (neg) q++;
    const char *d = q;
    size_t nd = 0;
    int64_t v = 0;
#ifdef __SSE2__
    if (c->end - q >= 16) {
        /* the digits among the next 16 bytes at once (signed compares: a
         * byte >= 0x80 is below '0') */
        __m128i x = _mm_loadu_si128((const __m128i *)q);
        __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('0' - 1)), _mm_cmplt_epi8(x, _mm_set1_epi8('9' + 1)));
        nd = (size_t)__builtin_ctz(~(unsigned)_mm_movemask_epi8(digit));
        if (nd == 0 || nd > 15 || (nd > 1 && *d == '0')) return false;
        v = nd > 8 ? (int64_t)digits8(d, nd - 8) * 100000000 + digits8(d + nd - 8, 8) : digits8(d, nd);
    } else
#endif
    {
        while (q + nd < c->end && q[nd] >= '0' && q[nd] <= '9' && nd < 16) nd++;
        if (nd == 0 || nd > 15 || (nd > 1 && *d == '0')) return false;
        for (size_t i = 0; i < nd; i++) v = v * 10 + (d[i] - '0');
    }
    q = d + nd;
    if (neg && v == 0) return false;
    if (q < c->end && (*q == '.' || *q == 'e' || *q == 'E' || (*q >= '0' && *q <= '9'))) return false;
    if (neg) v = -v;
    if (v < min || v > max) return false;
    *out = v;
    c->p = q;
    return true;
}

/* The last few distinct strings a field (or answer position) held in the
 * responses read before: a string equal to one of them is that one again,
 * found without arena_intern (consecutive responses of a bundle mostly
 * repeat their ids, roles and statuses, and each answer position sees a
 * few item ids of a few questionnaires and a few answer codes). */
enum { WAYS = 4 };
typedef struct {
    uint64_t w0[WAYS], w1[WAYS]; /* short_words of each (n <= 16) */
    uint64_t n1[WAYS];        /* its length + 1; 0: unused way */
    const char *s[WAYS];      /* interned */
    /* For a string of at most 15 bytes: its bytes and its closing quote as
     * two masked words, p0/p1 under m0/m1 (fp_field compares the bytes
     * after an opening quote with them); plen n + 1, 0 for longer strings. */
    uint64_t p0[WAYS], p1[WAYS], m0[WAYS], m1[WAYS], plen[WAYS];
    unsigned next;            /* the way replaced next */
    unsigned mru;             /* the way found or filled last (intern_last with repeats) */
} last_t;

/* padded_words near the end of the text: through a copy. */
static __attribute__((noinline)) void padded_words_copy(const char *s, size_t n, uint64_t *w0, uint64_t *w1)
{
    char b[16] = {0};
    memcpy(b, s, n);
    *w0 = load_u64(b);
    *w1 = load_u64(b + 8);
}

/* The bytes of s[0..n), n <= 16, zero-padded to two words; s[0..16) may
 * be read when 16 <= end - s (a string inside a response, not its last
 * bytes: one load and a mask, whatever the length). */
static inline void padded_words(const char *s, size_t n, const char *end, uint64_t *w0, uint64_t *w1)
{
    static const uint64_t lo[17] = {0, 0xff, 0xffff, 0xffffff, 0xffffffff, 0xffffffffffull, 0xffffffffffffull,
                                    0xffffffffffffffull, ~0ull, ~0ull, ~0ull, ~0ull, ~0ull, ~0ull, ~0ull, ~0ull, ~0ull};
    static const uint64_t hi[17] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xffff, 0xffffff, 0xffffffff, 0xffffffffffull,
                                    0xffffffffffffull, 0xffffffffffffffull, ~0ull};
    if (end - s >= 16) {
        *w0 = load_u64(s) & lo[n];
        *w1 = load_u64(s + 8) & hi[n];
    } else {
        padded_words_copy(s, n, w0, w1);
    }
}

/* arena_intern(a, s, n) through l; end: as padded_words.  repeats: s is
 * mostly what l held last time (an item id at its answer position, the
 * kiosk, the status), so that way is compared first, a branch that is
 * predicted right; the answers' values, which change unpredictably among a
 * few codes, are compared with every way at once (repeats false). */
static inline HOT_INLINE char *intern_last(arena_t *a, last_t *l, const char *s, size_t n,
                                                               const char *end, bool repeats)
{
    uint64_t w0 = 0, w1 = 0;
    if (n <= 16) {
        padded_words(s, n, end, &w0, &w1);
        if (repeats) {
            unsigned m = l->mru;
            if ((l->n1[m] == n + 1) & (l->w0[m] == w0) & (l->w1[m] == w1)) return (char *)l->s[m];
        }
        /* all ways compared at once: which one matches is unpredictable */
        unsigned hit = 0;
        for (int i = 0; i < WAYS; i++)
            hit |= (unsigned)((l->n1[i] == n + 1) & (l->w0[i] == w0) & (l->w1[i] == w1)) << i;
        if (hit) {
            unsigned w = (unsigned)__builtin_ctz(hit);
            if (repeats) l->mru = w;
            return (char *)l->s[w];
        }
    } else {
        if (repeats && l->n1[l->mru] == n + 1 && !memcmp(l->s[l->mru], s, n)) return (char *)l->s[l->mru];
        for (int i = 0; i < WAYS; i++)
            if (l->n1[i] == n + 1 && !memcmp(l->s[i], s, n)) {
                if (repeats) l->mru = (unsigned)i;
                return (char *)l->s[i];
            }
    }
    char *p = arena_intern(a, s, n);
    unsigned w = l->next++ % WAYS;
    l->s[w] = p;
    l->w0[w] = w0;
    l->w1[w] = w1;
    l->n1[w] = n + 1;
    l->plen[w] = 0;
    if (n <= 15) {
        char b[16] = {0};
        memcpy(b, s, n);
        b[n] = '"';
        l->p0[w] = load_u64(b);
        l->p1[w] = load_u64(b + 8);
        l->m0[w] = n + 1 >= 8 ? ~0ull : (1ull << (8 * (n + 1))) - 1;
        l->m1[w] = n + 1 >= 16 ? ~0ull : n + 1 > 8 ? (1ull << (8 * (n + 1 - 8))) - 1 : 0;
        l->plen[w] = n + 1;
    }
    if (repeats) l->mru = w;
    return p;
}

/* One answer met before, as its bytes from the item id's opening quote to
 * the value's closing one ("\"item\":\"value\"", at most PAIR_MAX bytes):
 * the interned item id and value it gave.  Neither string holds a quote,
 * so equal bytes of equal length are the same item id and the same value,
 * which passed read_response_fast's checks when the entry was made. */
enum { PAIR_MAX = 32, PAIR_BITS = 11 };
typedef struct {
    uint64_t w[4];            /* its bytes, zero-padded */
    uint32_t n;               /* length; 0: unused */
    uint32_t kl;              /* the item id's length */
    const char *key, *value;  /* interned */
    uint32_t id;              /* this bundle's number for the pair (one per entry made) */
} pair_ent_t;

/* What read_response_fast remembers of the responses read before it. */
enum { FP_MAX = 256, FP_KEYSETS = 4 };
enum { L_KIOSK, L_SURVEY, L_HASH, L_ROLE, L_LANG, L_DAY, L_STATUS, L_FLAGS, L_FIELDS };
typedef struct {
    last_t field[L_FIELDS];
    pair_ent_t pair[1 << PAIR_BITS]; /* the answers met, direct-mapped (pair_find) */
    struct {
        const char *survey;   /* interned questionnaire id (NULL: unused) */
        const char *key[FP_MAX]; /* [0..n): item ids of a response to it, all different */
        int n;
    } keys[FP_KEYSETS];       /* by questionnaire: bundles interleave a few */
    unsigned keys_next;       /* the set replaced next */
    uint32_t next_id;         /* pair_ent_t.id of the next entry made */
} fp_last_t;

static inline uint64_t pair_hash(const uint64_t w[4], size_t n)
{
    uint64_t h = (w[0] * 0x9e3779b97f4a7c15ull) ^ (w[1] * 0xc2b2ae3d27d4eb4full) ^ (w[2] * 0x165667b19e3779f9ull) ^
                 ((w[3] + n) * 0xd6e8feb86659fd93ull);
    return (h ^ h >> 29) * 0xbf58476d1ce4e5b9ull;
}

/* The pair of interned strings for the answer at s[0..n) (n <= PAIR_MAX,
 * the item id's opening quote to the value's closing one; item id
 * ks[0..kl), value vs[0..vl) inside it), through last->pair: the
 * bytes, zero-padded to PAIR_MAX, pick a slot and are compared with what it
 * holds; a miss interns both and takes the slot.  s[0..PAIR_MAX) may be
 * read when PAIR_MAX <= end - s. */
static inline pair_ent_t *pair_find(arena_t *a, pair_ent_t *tab, uint32_t *next_id, const char *s, size_t n,
                                    const char *end, const char *ks, size_t kl, const char *vs, size_t vl)
{
    uint64_t w[4];
#ifdef __SSE2__
    /* mask[32 - n + i] is 0xff for i < n */
    static const unsigned char mask[64] = {
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    __m128i v0, v1;
    if (end - s >= PAIR_MAX) {
        v0 = _mm_and_si128(_mm_loadu_si128((const __m128i *)s), _mm_loadu_si128((const __m128i *)(mask + 32 - n)));
        v1 = _mm_and_si128(_mm_loadu_si128((const __m128i *)(s + 16)),
                           _mm_loadu_si128((const __m128i *)(mask + 48 - n)));
    } else {
        char b[PAIR_MAX] = {0};
        memcpy(b, s, n);
        v0 = _mm_loadu_si128((const __m128i *)b);
        v1 = _mm_loadu_si128((const __m128i *)(b + 16));
    }
    _mm_storeu_si128((__m128i *)w, v0);
    _mm_storeu_si128((__m128i *)(w + 2), v1);
#else
    char b[PAIR_MAX] = {0};
    memcpy(b, s, n);
    for (int i = 0; i < 4; i++) w[i] = load_u64(b + 8 * i);
#endif
    pair_ent_t *e = &tab[pair_hash(w, n) >> (64 - PAIR_BITS)];
#ifdef __SSE2__
    __m128i eq = _mm_and_si128(_mm_cmpeq_epi8(v0, _mm_loadu_si128((const __m128i *)e->w)),
                               _mm_cmpeq_epi8(v1, _mm_loadu_si128((const __m128i *)(e->w + 2))));
    bool hit = (_mm_movemask_epi8(eq) == 0xffff) & (e->n == n);
#else
    bool hit = (e->n == n) & (e->w[0] == w[0]) & (e->w[1] == w[1]) & (e->w[2] == w[2]) & (e->w[3] == w[3]);
#endif
    if (!hit) {
        e->key = arena_intern(a, ks, kl);
        e->value = arena_intern(a, vs, vl);
        memcpy(e->w, w, sizeof e->w);
        e->n = (uint32_t)n;
        e->kl = (uint32_t)kl;
        e->id = (*next_id)++;
    }
    return e;
}

#ifdef __SSE2__
/* The entry of last->pair holding the answer at c->p when it was met
 * before (c then moved past it); NULL (c unchanged) otherwise.  The answer
 * is taken to end at the fourth quote in the 32 bytes at c->p: the entry's
 * bytes, equal to those up to it, are an answer that passed the checks. */
static inline HOT_INLINE const pair_ent_t *pair_known(pair_ent_t *tab, cur_t *c)
{
    if (c->end - c->p < PAIR_MAX) return NULL;
    const char *p = c->p;
    const __m128i quote = _mm_set1_epi8('"');
    __m128i x0 = _mm_loadu_si128((const __m128i *)p), x1 = _mm_loadu_si128((const __m128i *)(p + 16));
    uint32_t q = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x0, quote)) |
                 (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x1, quote)) << 16;
    uint32_t q4 = q & (q - 1);
    q4 &= q4 - 1;
    q4 &= q4 - 1;
    if (!(q & 1) || !q4) return NULL;
    size_t n = (size_t)__builtin_ctz(q4) + 1;
    /* mask[32 - n + i] is 0xff for i < n */
    static const unsigned char mask[64] = {
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    __m128i v0 = _mm_and_si128(x0, _mm_loadu_si128((const __m128i *)(mask + 32 - n)));
    __m128i v1 = _mm_and_si128(x1, _mm_loadu_si128((const __m128i *)(mask + 48 - n)));
    uint64_t w[4];
    _mm_storeu_si128((__m128i *)w, v0);
    _mm_storeu_si128((__m128i *)(w + 2), v1);
    pair_ent_t *e = &tab[pair_hash(w, n) >> (64 - PAIR_BITS)];
    __m128i eq = _mm_and_si128(_mm_cmpeq_epi8(v0, _mm_loadu_si128((const __m128i *)e->w)),
                               _mm_cmpeq_epi8(v1, _mm_loadu_si128((const __m128i *)(e->w + 2))));
    if (_mm_movemask_epi8(eq) != 0xffff || e->n != n) return NULL;
    c->p = p + n;
    return e;
}

/* An answer "item":"value" whose both strings and the colon lie in the 32
 * bytes at c->p, with no escape or control character: what fp_str, ":"
 * and fp_str read there, found with one pass over the 32 bytes.  false
 * (c unchanged) for anything else, which the caller then reads the
 * general way. */
static inline HOT_INLINE bool fp_answer32(cur_t *c, const char **k, size_t *kl, bool *kh,
                                                              const char **v, size_t *vl, bool *vh)
{
    if (c->end - c->p < 32) return false;
    const char *p = c->p;
    const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'), flip = _mm_set1_epi8((char)0x80);
    const __m128i ctl = _mm_set1_epi8((char)(0x20 ^ 0x80)), del = _mm_set1_epi8((char)(0x7e ^ 0x80));
    uint32_t q = 0, stop = 0, high = 0;
    for (int i = 0; i < 2; i++) {
        __m128i x = _mm_loadu_si128((const __m128i *)(p + 16 * i)), f = _mm_xor_si128(x, flip);
        q |= (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x, quote)) << 16 * i;
        stop |= (uint32_t)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(x, bslash), _mm_cmplt_epi8(f, ctl))) << 16 * i;
        high |= (uint32_t)_mm_movemask_epi8(_mm_cmpgt_epi8(f, del)) << 16 * i;
    }
    if (!(q & 1) || !(q & ~1u)) return false;
    unsigned ke = (unsigned)__builtin_ctz(q & ~1u); /* the item id's closing quote */
    if (ke + 2 > 30 || p[ke + 1] != ':' || !(q >> (ke + 2) & 1)) return false;
    uint32_t after = q & ~((2u << (ke + 2)) - 1); /* quotes after the value's opening one */
    if (!after) return false;
    unsigned ve = (unsigned)__builtin_ctz(after); /* the value's closing quote */
    uint32_t before = (1u << ve) - 1;
    if (stop & before) return false;
    *kh = (high & ((1u << ke) - 1)) != 0;
    *vh = (high & before & ~((1u << (ke + 3)) - 1)) != 0;
    *k = p + 1;
    *kl = ke - 1;
    *v = p + ke + 3;
    *vl = ve - (ke + 3);
    c->p = p + ve + 1;
    return true;
}
#endif

/* A string field as arena_str reads it (at most max bytes; NULL last:
 * copied, as the uuid, else interned); anything but plain ASCII without
 * DEL is left to the slow path, which checks UTF-8 and control characters. */
static __attribute__((noinline)) bool fp_field_read(cur_t *c, arena_t *a, size_t max, last_t *last, char **out)
{
    const char *s;
    size_t n;
    bool high;
    if (!fp_str(c, &s, &n, &high) || high || n > max) return false;
    *out = last ? intern_last(a, last, s, n, c->end, true) : arena_strndup(a, s, n);
    return true;
}

static inline HOT_INLINE bool fp_field(cur_t *c, arena_t *a, size_t max, last_t *last, char **out)
{
    if (last && c->end - c->p >= 17 && *c->p == '"') {
        /* a string met before at this field (it passed these checks then):
         * its bytes and closing quote compared as two words, with the way
         * found last first */
        uint64_t x0 = load_u64(c->p + 1), x1 = load_u64(c->p + 9);
        unsigned m = last->mru;
        if ((((x0 & last->m0[m]) ^ last->p0[m]) | ((x1 & last->m1[m]) ^ last->p1[m])) == 0 && last->plen[m]) {
            c->p += 1 + last->plen[m];
            *out = (char *)last->s[m];
            return true;
        }
        unsigned hit = 0;
        for (int i = 0; i < WAYS; i++)
            hit |= (unsigned)((((x0 & last->m0[i]) ^ last->p0[i]) | ((x1 & last->m1[i]) ^ last->p1[i])) == 0 &&
                              last->plen[i] != 0)
                   << i;
        if (hit) {
            unsigned w = (unsigned)__builtin_ctz(hit);
            last->mru = w;
            c->p += 1 + last->plen[w];
            *out = (char *)last->s[w];
            return true;
        }
    }
    return fp_field_read(c, a, max, last, out);
}

static bool fp_hex(cur_t *c, char *out)
{
    /* A quote, 64 lowercase hex digits and a quote: what fp_str then
     * accepts with n == 64 and no high byte (a hex digit is no quote,
     * backslash or control character), checked in one pass. */
    if (c->end - c->p < 66 || c->p[0] != '"' || c->p[65] != '"') return false;
    const char *s = c->p + 1;
#ifdef __SSE2__
    /* signed compares: a byte >= 0x80 is below '0' */
    __m128i all = _mm_set1_epi8(-1);
    for (int i = 0; i < 4; i++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(s + 16 * i));
        __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)), _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
        __m128i lower = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('a' - 1)), _mm_cmplt_epi8(v, _mm_set1_epi8('f' + 1)));
        all = _mm_and_si128(all, _mm_or_si128(digit, lower));
    }
    if (_mm_movemask_epi8(all) != 0xffff) return false;
#else
    unsigned bad = 0;
    for (size_t i = 0; i < 64; i++) {
        unsigned ch = (unsigned char)s[i];
        bad |= (ch - '0' > 9u) & (ch - 'a' > 5u);
    }
    if (bad) return false;
#endif
    c->p += 66;
    memcpy(out, s, 64);
    out[64] = '\0';
    return true;
}

/* A questionnaire hash (fp_hex), interned through l: one of the few met
 * before (they passed fp_hex) is compared with the bytes at once. */
static inline HOT_INLINE bool fp_hash(cur_t *c, arena_t *a, last_t *l, char **out)
{
    if (c->end - c->p >= 66 && c->p[0] == '"' && c->p[65] == '"') {
        for (int k = 0; k < WAYS; k++) {
            unsigned w = (l->mru + (unsigned)k) % WAYS;
            if (l->n1[w] != 65) continue;
#ifdef __SSE2__
            __m128i eq = _mm_set1_epi8(-1);
            for (int i = 0; i < 4; i++)
                eq = _mm_and_si128(eq, _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(c->p + 1 + 16 * i)),
                                                      _mm_loadu_si128((const __m128i *)(l->s[w] + 16 * i))));
            bool same = _mm_movemask_epi8(eq) == 0xffff;
#else
            bool same = !memcmp(c->p + 1, l->s[w], 64);
#endif
            if (same) {
                l->mru = w;
                c->p += 66;
                *out = (char *)l->s[w];
                return true;
            }
        }
    }
    char hash[65];
    if (!fp_hex(c, hash)) return false;
    *out = intern_last(a, l, hash, 64, hash + sizeof hash, true);
    return true;
}

/* Reads the response at text[0..len) when it is written exactly in the
 * canonical form (store_record_canonical_put's keys, order and spelling,
 * with "chain" last) and read_response_as would accept it: fills out (its
 * canonical text included, which is then the response's own bytes without
 * the chain) and returns where the object ends.  Anything else returns
 * NULL and the caller parses the response with cJSON: both paths give the
 * same bundle, and every message comes from the slow one.  Strings with an
 * escape or a byte outside printable ASCII (answers excepted) are left to
 * the slow path. */
static const char *read_response_fast(arena_t *ar, fp_last_t *last, const char *text, size_t len,
                                      bundle_response_t *out)
{
    cur_t c = {text, text + len};
    last_t *f = last->field;
    if (!FP_LIT(&c, "{\"kiosk\":") || !fp_field(&c, ar, 64, &f[L_KIOSK], &out->kiosk_id) ||
        !FP_LIT(&c, ",\"seq\":") || !fp_int(&c, 1, INT64_C(1) << 50, &out->seq) || !FP_LIT(&c, ",\"uuid\":") ||
        !fp_field(&c, ar, 64, NULL, &out->uuid) || !FP_LIT(&c, ",\"survey\":") ||
        !fp_field(&c, ar, 64, &f[L_SURVEY], &out->survey_id) || !FP_LIT(&c, ",\"survey_hash\":") ||
        !fp_hash(&c, ar, &f[L_HASH], &out->survey_hash) || !FP_LIT(&c, ",\"role\":") ||
        !fp_field(&c, ar, 64, &f[L_ROLE], &out->role) ||
        !FP_LIT(&c, ",\"lang\":") || !fp_field(&c, ar, 32, &f[L_LANG], &out->lang))
        return NULL;
    if (FP_LIT(&c, ",\"day\":")) {
        if (!fp_field(&c, ar, 10, &f[L_DAY], &out->day) || !FP_LIT(&c, ",\"duration_min\":") ||
            !fp_int(&c, 0, 100000000, &out->duration_min))
            return NULL;
    } else if (!FP_LIT(&c, ",\"started_ms\":") || !fp_int(&c, 0, TIME_MAX, &out->started_ms) ||
               !FP_LIT(&c, ",\"ended_ms\":") || !fp_int(&c, 0, TIME_MAX, &out->ended_ms) ||
               !FP_LIT(&c, ",\"duration_ms\":") || !fp_int(&c, -TIME_MAX, TIME_MAX, &out->duration_ms)) {
        return NULL;
    }
    if (!FP_LIT(&c, ",\"status\":") || !fp_field(&c, ar, 24, &f[L_STATUS], &out->status) ||
        !FP_LIT(&c, ",\"flags\":") || !fp_field(&c, ar, 200, &f[L_FLAGS], &out->flags) ||
        !FP_LIT(&c, ",\"answers\":{"))
        return NULL;
    /* The item ids of the last response to this questionnaire read here. */
    int ks_at = 0;
    while (ks_at < FP_KEYSETS && last->keys[ks_at].survey != out->survey_id) ks_at++;
    if (ks_at == FP_KEYSETS) {
        ks_at = (int)(last->keys_next++ % FP_KEYSETS);
        last->keys[ks_at].survey = out->survey_id;
        last->keys[ks_at].n = 0;
    }
    const char **known = last->keys[ks_at].key;
    int n_known = last->keys[ks_at].n, at = 0;
    /* The answers, checked and interned as they are read: most were met
     * before in this bundle, and one lookup of their bytes in last->pair
     * gives both interned strings (arena_intern's, or the copy it made once
     * its table was full) without scanning them again. */
    bundle_answer_t ans[FP_MAX];
    const char *ks[FP_MAX]; /* the item ids' bytes (the duplicate check) */
    uint32_t kl[FP_MAX];
    bool sub = true;        /* the item ids so far are known[] in order, some left out */
    int n = 0;
    if (!FP_LIT(&c, "}")) {
        for (;;) {
            if (n == FP_MAX) return NULL;
            const pair_ent_t *e = NULL;
#ifdef __SSE2__
            e = pair_known(last->pair, &c);
            if (e) {
                ks[n] = c.p - e->n + 1;
                kl[n] = e->kl;
            }
#endif
            if (!e) {
                const char *k, *v;
                size_t kn, vn;
                bool kh, vh;
#ifdef __SSE2__
                if (!fp_answer32(&c, &k, &kn, &kh, &v, &vn, &vh))
#endif
                    if (!fp_str(&c, &k, &kn, &kh) || !FP_LIT(&c, ":") || !fp_str(&c, &v, &vn, &vh)) return NULL;
                if (!kn || kn > 64 || (kh && !store_utf8_valid(k, kn))) return NULL;
                if (vn > 8000 || (vh && !store_utf8_valid(v, vn))) return NULL;
                ks[n] = k;
                kl[n] = (uint32_t)kn;
                size_t pn = (size_t)(v + vn + 1 - (k - 1)); /* v == k + kn + 3: "\":\"" */
                if (pn <= PAIR_MAX) {
                    e = pair_find(ar, last->pair, &last->next_id, k - 1, pn, c.end, k, kn, v, vn);
                } else {
                    ans[n].item_id = arena_intern(ar, k, kn);
                    ans[n].value = arena_intern(ar, v, vn);
                    ans[n].item_index = -1;
                }
            }
            if (e) {
                ans[n].item_id = (char *)e->key;
                ans[n].value = (char *)e->value;
                /* until response_semantics sets it: the pair's number, for
                 * its memo */
                ans[n].item_index = -2 - (int)e->id;
            }
            if (sub) {
                while (at < n_known && known[at] != ans[n].item_id) at++;
                sub = at < n_known;
                at++;
            }
            n++;
            if (FP_LIT(&c, "}")) break;
            if (!FP_LIT(&c, ",")) return NULL;
        }
    }
    const char *canon_end = c.p; /* the answers' closing brace is the text's last but one */
    if (!FP_LIT(&c, ",\"chain\":") || !fp_hex(&c, out->chain) || !FP_LIT(&c, "}")) return NULL;
    out->answers = arena_alloc(ar, ((size_t)n + 1) * sizeof *out->answers);
    memcpy(out->answers, ans, (size_t)n * sizeof *ans);
    /* Duplicate item ids (as read_response_as, through a small table),
     * unless they are, in order, some of the item ids known[] of an earlier
     * response to the same questionnaire (at different places there, so
     * different strings: the same address is the same bytes).  Otherwise
     * this response's item ids, all different, are known[] from now on. */
    if (!sub) {
        uint16_t seen[2 * FP_MAX] = {0};
        for (int i = 0; i < n; i++) {
            size_t slot = bytes_hash(ks[i], kl[i]) & (2 * FP_MAX - 1);
            for (; seen[slot]; slot = (slot + 1) & (2 * FP_MAX - 1)) {
                int j = seen[slot] - 1;
                if (kl[j] == kl[i] && bytes_eq(ks[j], ks[i], kl[i])) return NULL;
            }
            seen[slot] = (uint16_t)(i + 1);
        }
        for (int i = 0; i < n; i++) known[i] = ans[i].item_id;
        last->keys[ks_at].n = n;
    }
    out->n_answers = n;
    /* The canonical text: these bytes up to the chain, closed.  They stay
     * in the file's text, closed there by read_responses once the text's
     * checks are done (the comma after the answers becomes '}' and the
     * quote of "chain" the terminating NUL): no copy of every response. */
    out->canonical = (char *)text;
    out->canonical_len = (size_t)(canon_end - text) + 1;
    out->canonical_in_text = true;
    return c.p;
}

/* read_response_as with the position (and seq, when readable) in messages.
 * The name is only formatted when something is wrong: the checks run again
 * with it, and fail the same way. */
static jh_status_t read_response(rd_t *r, arena_t *ar, const cJSON *it, int pos, bundle_response_t *out)
{
    if (read_response_as(r, ar, it, "response", out) == JH_OK) return JH_OK;
    char where[64];
    snprintf(where, sizeof where, "response %d", pos);
    /* Name the seq in messages when it can be read. */
    const cJSON *sq = cJSON_IsObject(it) ? cJSON_GetObjectItemCaseSensitive(it, "seq") : NULL;
    if (cJSON_IsNumber(sq) && sq->valuedouble >= 1 && sq->valuedouble < 1e15 && sq->valuedouble == floor(sq->valuedouble))
        snprintf(where, sizeof where, "response %d (seq %lld)", pos, (long long)sq->valuedouble);
    memset(out, 0, sizeof *out);
    jh_status_t s = read_response_as(r, ar, it, where, out);
    JH_EXPECT(s != JH_OK);
    return s;
}

static void response_canonical_put(jh_buf_t *b, const bundle_response_t *x, store_answer_ref_t *refs)
{
    for (int i = 0; i < x->n_answers; i++) {
        refs[i].item_id = x->answers[i].item_id;
        refs[i].value = x->answers[i].value;
    }
    store_record_t rec = {
        .kiosk_id = x->kiosk_id,
        .seq = x->seq,
        .uuid = x->uuid,
        .survey_id = x->survey_id,
        .survey_hash = x->survey_hash,
        .role = x->role,
        .lang = x->lang,
        .started_ms = x->started_ms,
        .ended_ms = x->ended_ms,
        .duration_ms = x->duration_ms,
        .status = x->status,
        .flags = x->flags,
        .answers = refs,
        .n_answers = x->n_answers,
        .day = x->day,
        .duration_min = x->duration_min,
    };
    store_record_canonical_put(b, &rec);
}

static int item_key_cmp(const void *a, const void *b)
{
    return strcmp(((const item_key_t *)a)->id, ((const item_key_t *)b)->id);
}

/* Item ids of s sorted for bsearch (in arena ar). */
static item_key_t *item_keys_build(arena_t *ar, const survey_t *s)
{
    item_key_t *k = arena_alloc(ar, ((size_t)s->n_items + 1) * sizeof *k);
    int n = 0;
    for (int i = 0; i < s->n_items; i++)
        if (s->items[i].id) k[n++] = (item_key_t){s->items[i].id, i};
    qsort(k, (size_t)n, sizeof *k, item_key_cmp);
    return k;
}

/* Index of item id in s through its sorted keys (as survey_item_index). */
static int item_find(const survey_t *s, const item_key_t *keys, int n_keys, const char *id)
{
    (void)s;
    int lo = 0, hi = n_keys - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2, c = strcmp(keys[mid].id, id);
        if (!c) {
            /* survey_item_index returns the first of equal ids; the
             * survey loader rejects duplicates, so there is one. */
            return keys[mid].index;
        }
        if (c < 0) lo = mid + 1;
        else hi = mid - 1;
    }
    return -1;
}

/* Whether s is a UUID as the kiosk writes it (8-4-4-4-12 lowercase hex). */
static bool uuid_valid(const char *s)
{
    if (strlen(s) != 36) return false;
#ifdef __SSE2__
    /* bytes 0-15, 16-31 and 20-35: each a lowercase hex digit, or a dash
     * where the dashes go (8, 13 | 18, 23 | 23) */
    static const int at[3] = {0, 16, 20};
    static const unsigned dash_at[3] = {1u << 8 | 1u << 13, 1u << 2 | 1u << 7, 1u << 3};
    unsigned bad = 0;
    for (int k = 0; k < 3; k++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(s + at[k]));
        __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)), _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
        __m128i lower = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('a' - 1)), _mm_cmplt_epi8(v, _mm_set1_epi8('f' + 1)));
        unsigned hex = (unsigned)_mm_movemask_epi8(_mm_or_si128(digit, lower));
        unsigned dash = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('-')));
        bad |= ((hex & ~dash_at[k]) | (dash & dash_at[k])) ^ 0xffffu;
    }
    return !bad;
#else
    for (int i = 0; i < 36; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return false;
    }
    return true;
#endif
}

/* Whether s ("" allowed) holds only ASCII letters, digits and the
 * characters in extra. */
static bool word_list_valid(const char *s, const char *extra)
{
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || strchr(extra, *s)))
            return false;
    return true;
}

/* Answers found valid so far in this bundle, by questionnaire and by the
 * interned item id and value (the same strings are the same pointers):
 * most answers repeat, and are then checked by one lookup instead of an
 * item search and survey_value_check.  Fixed size; when full, answers are
 * checked in full. */
#define MEMO_CAP 2048
typedef struct {
    const survey_t *s;
    const char *item, *value;
    int idx;
} memo_ent_t;

/* What response_semantics knows for the whole bundle: each questionnaire's
 * sorted item ids, the answers found valid, and the last header fields that
 * passed (a field at the same address holds the same bytes: the arena never
 * changes a string once written, and repeated ones are interned). */
#define SEM_SURVEYS 8
typedef struct {
    item_key_t *keys[MAX_SURVEYS];
    int n_keys[MAX_SURVEYS];
    memo_ent_t *memo;
    size_t n_memo;
    /* by_id[si][id]: the item index of the answer read fast as pair number
     * id (bundle_answer_t.item_index -2 - id), found valid for questionnaire
     * si; -1: not yet checked.  by_id_n[si] entries. */
    int16_t *by_id[MAX_SURVEYS];
    uint32_t by_id_n[MAX_SURVEYS];
    const char *kiosk, *status, *lang, *flags, *day;
    struct {
        const char *hash, *id, *role;
        int si;
    } survey[SEM_SURVEYS];
    int n_survey;
} sem_t;

static size_t memo_slot(const survey_t *s, const char *item, const char *value)
{
    uint64_t h = (uint64_t)(uintptr_t)item * 0x9e3779b97f4a7c15ull ^ (uint64_t)(uintptr_t)value * 0xc2b2ae3d27d4eb4full ^
                 (uint64_t)(uintptr_t)s;
    return (size_t)(h >> 40) & (MEMO_CAP - 1);
}

/* Whether d is a day of the calendar, YYYY-MM-DD, year 1970 to 9999 (a
 * kiosk's clock starts at 1970 at the earliest). */
static bool day_valid(const char *d)
{
    for (int i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? d[i] != '-' : (d[i] < '0' || d[i] > '9')) return false;
    if (d[10]) return false;
    int y = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
    int m = (d[5] - '0') * 10 + (d[6] - '0'), day = (d[8] - '0') * 10 + (d[9] - '0');
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1970 || m < 1 || m > 12 || day < 1) return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return day <= days[m - 1] + (m == 2 && leap);
}

/* Checks what the chain cannot: the response's meaning against the manifest
 * and its questionnaire (a bundle re-signed by someone else, or a bug). */
static jh_status_t response_semantics(rd_t *r, const bundle_t *b, sem_t *sem, bundle_response_t *x, int pos)
{
    /* The response's name in messages, formatted only when one is written
     * (a merge checks a million responses). */
    char where[64];
#define WHERE (snprintf(where, sizeof where, "response %d (seq %lld)", pos, (long long)x->seq), where)
    /* Each check is skipped for a field at the address of one that passed
     * it before: the checks run in the same order, so a failing response
     * gets the same first message. */
    if (x->kiosk_id != sem->kiosk) {
        if (strcmp(x->kiosk_id, b->kiosk_id) != 0)
            return rd_fail(r, JH_ERR_INVALID, _("%s: recorded by kiosk '%s', but the bundle is from kiosk '%s'"), WHERE,
                           x->kiosk_id, b->kiosk_id);
        sem->kiosk = x->kiosk_id;
    }
    if (x->status != sem->status) {
        if (strcmp(x->status, "submitted") != 0 && strcmp(x->status, "submitted_timeout") != 0 &&
            strcmp(x->status, "abandoned") != 0)
            return rd_fail(r, JH_ERR_INVALID,
                           _("%s.status: expected \"submitted\", \"submitted_timeout\" or \"abandoned\", found \"%.20s\""),
                           WHERE, x->status);
        sem->status = x->status;
    }
    /* ended < started is kept: a kiosk clock set back mid-questionnaire
     * (no network, a flat clock battery) must not make the bundle unreadable. */
    if (x->duration_ms != x->ended_ms - x->started_ms)
        return rd_fail(r, JH_ERR_INVALID, _("%s: times do not add up (started %lld, ended %lld, duration %lld)"), WHERE,
                       (long long)x->started_ms, (long long)x->ended_ms, (long long)x->duration_ms);
    int si = -1;
    for (int i = 0; i < sem->n_survey && si < 0; i++)
        if (sem->survey[i].hash == x->survey_hash && sem->survey[i].id == x->survey_id && sem->survey[i].role == x->role)
            si = sem->survey[i].si;
    if (si < 0) {
        for (int i = 0; i < b->n_surveys && si < 0; i++)
            if (!strcmp(b->surveys[i]->hash, x->survey_hash)) si = i;
        if (si < 0)
            return rd_fail(r, JH_ERR_INVALID, _("%s: questionnaire %s (hash %.12s...) is not in the manifest"), WHERE,
                           x->survey_id, x->survey_hash);
        const survey_t *s = b->surveys[si];
        if (strcmp(s->id, x->survey_id) != 0)
            return rd_fail(r, JH_ERR_INVALID, _("%s: questionnaire id '%s' does not match its hash (which is '%s')"),
                           WHERE, x->survey_id, s->id);
        /* The kiosk records the questionnaire's audience as the role. */
        if (strcmp(x->role, s->audience) != 0)
            return rd_fail(r, JH_ERR_INVALID,
                           _("%s.role: '%.40s' is not the audience of questionnaire %s (expected '%s')"), WHERE, x->role,
                           s->id, s->audience);
        if (sem->n_survey < SEM_SURVEYS) {
            sem->survey[sem->n_survey].hash = x->survey_hash;
            sem->survey[sem->n_survey].id = x->survey_id;
            sem->survey[sem->n_survey].role = x->role;
            sem->survey[sem->n_survey++].si = si;
        }
    }
    const survey_t *s = b->surveys[si];
    if (!uuid_valid(x->uuid))
        return rd_fail(r, JH_ERR_INVALID, _("%s.uuid: '%.40s' is not a UUID (expected 8-4-4-4-12 lowercase hex digits)"),
                       WHERE, x->uuid);
    if (x->day && x->day != sem->day) {
        /* (a kiosk's clock gives no other; checked once per run of one day,
         * read fast: the same bytes are interned at one address) */
        if (!day_valid(x->day))
            return rd_fail(r, JH_ERR_INVALID,
                           _("%s.day: '%.20s' is not a calendar date (expected YYYY-MM-DD, a day that exists, from "
                             "1970)"),
                           WHERE, x->day);
        sem->day = x->day;
    }
    if (x->lang != sem->lang) {
        if (!word_list_valid(x->lang, "-") || strlen(x->lang) > 16)
            return rd_fail(r, JH_ERR_INVALID, _("%s.lang: '%.20s' is not a language tag (expected e.g. zh-CN or en)"),
                           WHERE, x->lang);
        sem->lang = x->lang;
    }
    if (x->flags != sem->flags) {
        if (!word_list_valid(x->flags, "_,"))
            return rd_fail(r, JH_ERR_INVALID, _("%s.flags: '%.40s' is not a list of quality flags (expected words of "
                           "letters and '_' separated by commas)"), WHERE, x->flags);
        sem->flags = x->flags;
    }
    int n_keys = sem->n_keys[si];
    memo_ent_t *memo = sem->memo;
    int last = -1;
    int16_t *by_id = sem->by_id[si];
    uint32_t by_id_n = sem->by_id_n[si];
    bundle_answer_t *ans = x->answers;
    for (int i = 0; i < x->n_answers; i++) {
        /* Read fast, an answer carries its pair's number (-2 - number; any
         * other index is no number below by_id_n): checked for this
         * questionnaire before? */
        uint32_t pid = (uint32_t)(-2 - (int64_t)ans[i].item_index);
        if (pid < by_id_n && by_id[pid] >= 0) {
            last = ans[i].item_index = by_id[pid];
            continue;
        }
        /* Answers come in item order: the item after the last one is tried
         * first (ids are unique in a questionnaire, so this finds what
         * item_find finds). */
        const char *id = ans[i].item_id, *value = ans[i].value;
        size_t slot = memo_slot(s, id, value);
        int idx = -1;
        for (; memo[slot].s; slot = (slot + 1) & (MEMO_CAP - 1))
            if (memo[slot].s == s && memo[slot].item == id && memo[slot].value == value) break;
        if (memo[slot].s) {
            idx = memo[slot].idx;
        } else {
            idx = last + 1 < s->n_items && s->items[last + 1].id && !strcmp(s->items[last + 1].id, id)
                      ? last + 1
                      : item_find(s, sem->keys[si], n_keys, id);
            if (idx < 0)
                return rd_fail(r, JH_ERR_INVALID, _("%s: answer to unknown item '%s' of questionnaire %s"), WHERE,
                               x->answers[i].item_id, s->id);
            jh_err_t e;
            if (survey_value_check(&s->items[idx], x->answers[i].value, &e) != JH_OK)
                return rd_fail(r, JH_ERR_INVALID, _("%s: answer to '%s' is not valid: %s"), WHERE,
                               x->answers[i].item_id, e.msg);
            if (sem->n_memo * 2 < MEMO_CAP) {
                memo[slot] = (memo_ent_t){s, id, value, idx};
                sem->n_memo++;
            }
        }
        bool numbered = ans[i].item_index <= -2 && idx <= INT16_MAX;
        last = ans[i].item_index = idx;
        if (numbered) {
            if (pid >= by_id_n) {
                uint32_t n = by_id_n ? by_id_n : 256;
                while (n <= pid) n *= 2;
                by_id = sem->by_id[si] = jh_xrealloc(by_id, n * sizeof *by_id);
                memset(by_id + by_id_n, 0xff, (n - by_id_n) * sizeof *by_id);
                by_id_n = sem->by_id_n[si] = n;
            }
            by_id[pid] = (int16_t)idx;
        }
    }
    return JH_OK;
#undef WHERE
}

/* Checks the responses parse_top read into b: order, gaps, the chain and
 * the manifest's hashes and counts. */
static jh_status_t read_responses(rd_t *r, bundle_t *b)
{
    int n = b->n_responses;
    /* Order first (a swap is "out of order", not "missing"), then gaps. */
    for (int i = 1; i < n; i++) {
        int64_t a = b->responses[i - 1].seq, c = b->responses[i].seq;
        if (c == a) return rd_fail(r, JH_ERR_FORGED, _("response seq %lld appears twice (positions %d and %d)"), (long long)c, i, i + 1);
        if (c < a)
            return rd_fail(r, JH_ERR_FORGED, _("responses out of order at position %d: seq %lld follows seq %lld"), i + 1,
                           (long long)c, (long long)a);
    }
    if (n == 0)
        return rd_fail(r, JH_ERR_FORGED, _("response seq %lld is missing (the bundle has no responses; the manifest lists "
                                         "seq %lld to %lld)"),
                       (long long)b->first_seq, (long long)b->first_seq, (long long)b->last_seq);
    if (b->responses[0].seq != b->first_seq) {
        if (b->responses[0].seq > b->first_seq)
            return rd_fail(r, JH_ERR_FORGED,
                           _("response seq %lld is missing (the manifest starts at seq %lld, the first response is seq "
                           "%lld)"),
                           (long long)b->first_seq, (long long)b->first_seq, (long long)b->responses[0].seq);
        return rd_fail(r, JH_ERR_FORGED, _("response seq %lld is not in the manifest (which lists seq %lld to %lld)"),
                       (long long)b->responses[0].seq, (long long)b->first_seq, (long long)b->last_seq);
    }
    bool salvaged = !strcmp(b->kind, "salvaged");
    if (salvaged && b->prev_chain[0])
        return rd_fail(r, JH_ERR_INVALID, _("manifest.prev_chain: must be \"\" in a salvaged bundle"));
    /* Gaps only where the manifest says so (fewer responses than its seq
     * range); the chain check below covers the responses either way. */
    bool gapped = r->n_declared > 0 && b->last_seq - b->first_seq + 1 != r->n_declared;
    if (gapped && !salvaged && n != r->n_declared)
        return rd_fail(r, JH_ERR_FORGED,
                       P_("the bundle holds %d response, its manifest lists n_responses = %lld",
                          "the bundle holds %d responses, its manifest lists n_responses = %lld", n),
                       n,
                       (long long)r->n_declared);
    for (int i = 1; i < n && !salvaged && !gapped; i++) {
        int64_t a = b->responses[i - 1].seq, c = b->responses[i].seq;
        if (c != a + 1)
            return rd_fail(r, JH_ERR_FORGED, _("response seq %lld is missing (sequence jumps from %lld to %lld)"),
                           (long long)(a + 1), (long long)a, (long long)c);
    }
    int64_t last = b->responses[n - 1].seq;
    if (last < b->last_seq)
        return rd_fail(r, JH_ERR_FORGED,
                       _("response seq %lld is missing (the manifest lists seq %lld to %lld, the bundle ends at seq "
                       "%lld)"),
                       (long long)(last + 1), (long long)b->first_seq, (long long)b->last_seq, (long long)last);
    if (last > b->last_seq)
        return rd_fail(r, JH_ERR_FORGED, _("response seq %lld is not in the manifest (which lists seq %lld to %lld)"),
                       (long long)(b->last_seq + 1), (long long)b->first_seq, (long long)b->last_seq);

    /* The chain: each response's hash covers the one before it.  Where the
     * manifest carries responses_sha256 (format 1 and 2, and salvaged
     * bundles) the hash over all canonical texts is checked too. */
    const char *prev = b->prev_chain;
    bool all_texts = b->responses_sha256[0] != '\0';
    jh_sha256_t hs;
    jh_sha256_init(&hs);
    int64_t submitted = 0, abandoned = 0, flagged = 0;
    jh_buf_t cb = {0};
    store_answer_ref_t *refs = jh_xcalloc(MAX_ANSWERS + 1, sizeof *refs);
    jh_status_t st = JH_OK;
    for (int i = 0; i < n; i++) {
        bundle_response_t *x = &b->responses[i];
        /* Read in canonical form, a response holds its canonical text
         * already (read_response_fast); else it is built here. */
        const char *ct;
        size_t cl;
        if (x->canonical_in_text) {
            x->canonical[x->canonical_len - 1] = '}';
            x->canonical[x->canonical_len] = '\0';
            x->canonical_in_text = false;
        }
        if (x->canonical) {
            ct = x->canonical;
            cl = x->canonical_len ? x->canonical_len : strlen(ct);
        } else {
            cb.len = 0;
            response_canonical_put(&cb, x, refs);
            ct = cb.data;
            cl = cb.len;
        }
        char chain[65];
        store_chain_hash_len(prev, ct, cl, chain);
        /* Salvaged: after a gap (and at the start) the response before is
         * unknown, so the hash is taken as given; the signature over
         * responses_sha256 still covers every canonical text. */
        bool link = !salvaged || (i > 0 && x->seq == b->responses[i - 1].seq + 1);
        if (x->day && b->format_version < 2) {
            st = rd_fail(r, JH_ERR_INVALID, _("response %d (seq %lld): 'day' and 'duration_min' need format version 2"),
                         i + 1, (long long)x->seq);
            break;
        }
        if (link && memcmp(chain, x->chain, 65) != 0) {
            st = rd_fail(r, JH_ERR_FORGED, _("response %d (seq %lld) was edited: its hash does not match"), i + 1,
                         (long long)x->seq);
            break;
        }
        if (!x->canonical) {
            x->canonical = arena_strndup(b->arena, cb.data, cb.len);
            x->canonical_len = cb.len;
        }
        if (all_texts) {
            jh_sha256_update(&hs, ct, cl);
            jh_sha256_update(&hs, "\n", 1);
        }
        prev = x->chain;
        /* counts.submitted includes the submitted by timeout */
        if (!strcmp(x->status, "submitted") || !strcmp(x->status, "submitted_timeout")) submitted++;
        else if (!strcmp(x->status, "abandoned")) abandoned++;
        if (*x->flags) flagged++;
    }
    jh_buf_free(&cb);
    free(refs);
    if (st != JH_OK) return st;
    if (strcmp(prev, b->last_chain) != 0)
        return rd_fail(r, JH_ERR_FORGED,
                       _("the responses do not match the manifest: the last chain hash differs (responses were "
                       "changed, or the manifest belongs to another export)"));
    unsigned char rh[32];
    jh_sha256_final(&hs, rh);
    char rhex[65];
    jh_hex(rh, sizeof rh, rhex);
    if (all_texts && strcmp(rhex, b->responses_sha256) != 0)
        return rd_fail(r, JH_ERR_FORGED, _("the responses do not match the manifest: responses_sha256 differs"));
    if (submitted != b->n_submitted || abandoned != b->n_abandoned || flagged != b->n_flagged)
        return rd_fail(r, JH_ERR_FORGED,
                       _("the manifest counts (%lld submitted, %lld abandoned, %lld flagged) do not match the responses "
                       "(%lld, %lld, %lld)"),
                       (long long)b->n_submitted, (long long)b->n_abandoned, (long long)b->n_flagged,
                       (long long)submitted, (long long)abandoned, (long long)flagged);
    return JH_OK;
}

/* Frees every block of a but the newest, which is kept for reuse. */
static void arena_reset(arena_t *a)
{
    if (!a->head) return;
    arena_t rest = {.head = a->head->next};
    arena_free(&rest);
    a->head->next = NULL;
    a->head->used = 0;
}

static size_t skip_ws(const char *text, size_t len, size_t pos)
{
    while (pos < len && (text[pos] == ' ' || text[pos] == '\n' || text[pos] == '\r' || text[pos] == '\t')) pos++;
    return pos;
}

/* After an array element ending before *pos: skips to the next element
 * (1, ',' read), past the array's end (0, ']' read) or to the offending
 * byte (-1). */
static int list_next(const char *text, size_t len, size_t *pos)
{
    size_t p = skip_ws(text, len, *pos);
    int more = p < len && text[p] == ',' ? 1 : p < len && text[p] == ']' ? 0 : -1;
    *pos = more > 0 ? skip_ws(text, len, p + 1) : more == 0 ? p + 1 : p;
    return more;
}

/* Byte ranges of the text read by read_response_fast (runs of responses
 * in canonical form and the separators between them): every byte there is
 * checked already (ASCII literals, digits, hex, strings without control
 * characters whose bytes >= 0x7f passed store_utf8_valid), so the whole
 * file's UTF-8 check skips them. */
typedef struct {
    size_t *at;               /* [2i] start, [2i + 1] end of run i */
    int n, cap;
} spans_t;

static void spans_add(spans_t *sp, size_t start, size_t end)
{
    if (sp->n && sp->at[2 * sp->n - 1] == start) { /* continues the last run */
        sp->at[2 * sp->n - 1] = end;
        return;
    }
    if (sp->n == sp->cap) {
        sp->cap = sp->cap ? sp->cap * 2 : 16;
        sp->at = jh_xrealloc(sp->at, (size_t)sp->cap * 2 * sizeof *sp->at);
    }
    sp->at[2 * sp->n] = start;
    sp->at[2 * sp->n + 1] = end;
    sp->n++;
}

/* store_utf8_valid over text[0..len) but the ranges in sp. */
static bool utf8_valid_outside(const char *text, size_t len, const spans_t *sp)
{
    size_t from = 0;
    for (int i = 0; i < sp->n; i++) {
        if (!store_utf8_valid(text + from, sp->at[2 * i] - from)) return false;
        from = sp->at[2 * i + 1];
    }
    return store_utf8_valid(text + from, len - from);
}

/* What the streaming parse found wrong with a response, kept until the
 * checks that come before the responses have run (so a bundle gets the
 * same first message as when it was parsed as a whole). */
typedef struct {
    jh_status_t status;
    char msg[sizeof(((jh_err_t *)0)->msg)];
} pending_t;

/* Parses the bundle's top-level object into tree, except the elements of
 * its "responses" array: each of those is parsed alone into a scratch
 * arena, read into b->responses and dropped, so the parse tree never holds
 * more than one response (memory stays near the file's size, not ten times
 * it).  Returns the root object, or NULL with *err_pos at the first syntax
 * error (or len when the text ends early).  *pending receives the first
 * response that cannot be read (status JH_OK when none). */
static cJSON *parse_top(rd_t *r, arena_t *tree, const char *text, size_t len, bundle_t *b, size_t *err_pos,
                        pending_t *pending, spans_t *fast, size_t manifest[2])
{
    arena_t elem = {0};
    fp_last_t *last = fast_path ? jh_xcalloc(1, sizeof *last) : NULL;
    parse_arena = tree;
    cJSON *root = cJSON_CreateObject(), *ret = NULL;
    int cap = 0;
    bool streamed = false;
    size_t pos = 0;
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) pos = 3;
    pos = skip_ws(text, len, pos);
    if (pos >= len || text[pos] != '{') goto syntax;
    pos = skip_ws(text, len, pos + 1);
    if (pos < len && text[pos] == '}') {
        pos++;
        goto done;
    }
    for (;;) {
        const char *end = NULL;
        if (pos >= len || text[pos] != '"') goto syntax;
        cJSON *key = cJSON_ParseWithLengthOpts(text + pos, len - pos, &end, false);
        if (!key || !cJSON_IsString(key)) {
            pos = key ? pos : (size_t)(end - text);
            goto syntax;
        }
        pos = skip_ws(text, len, (size_t)(end - text));
        if (pos >= len || text[pos] != ':') goto syntax;
        pos = skip_ws(text, len, pos + 1);
        if (!strcmp(key->valuestring, "responses") && !streamed && pos < len && text[pos] == '[') {
            /* The responses, one at a time. */
            streamed = true;
            cJSON_AddItemToObjectCS(root, key->valuestring, cJSON_CreateArray());
            pos = skip_ws(text, len, pos + 1);
            if (pos < len && text[pos] == ']') {
                pos++;
            } else {
                for (int n = 0;; n++) {
                    if (fast_path && pending->status == JH_OK && n < MAX_RESPONSES) {
                        if (b->n_responses == cap) {
                            cap = cap ? cap * 2 : 1024;
                            b->responses = jh_xrealloc(b->responses, ((size_t)cap + 1) * sizeof *b->responses);
                        }
                        bundle_response_t *x = &b->responses[b->n_responses];
                        memset(x, 0, sizeof *x);
                        const char *fend = read_response_fast(b->arena, last, text + pos, len - pos, x);
                        if (fend) {
                            b->n_responses++;
                            b->n_fast++;
                            size_t start = pos;
                            pos = (size_t)(fend - text);
                            int more = list_next(text, len, &pos);
                            /* the separator after it (white space and a
                             * comma, or the closing bracket) too */
                            spans_add(fast, start, more >= 0 ? pos : (size_t)(fend - text));
                            if (more > 0) continue;
                            if (more == 0) break;
                            goto syntax;
                        }
                        memset(x, 0, sizeof *x); /* the slow path reads it again */
                    }
                    parse_arena = &elem;
                    arena_reset(&elem);
                    cJSON *it = cJSON_ParseWithLengthOpts(text + pos, len - pos, &end, false);
                    parse_arena = tree;
                    if (!it) {
                        pos = (size_t)(end - text);
                        goto syntax;
                    }
                    pos = (size_t)(end - text);
                    if (pending->status == JH_OK && n >= MAX_RESPONSES) {
                        pending->status = JH_ERR_INVALID;
                        jh_err_t e;
                        rd_t rr = {r->name, &e, r->format_version, r->n_declared};
                        rd_fail(&rr, JH_ERR_INVALID, _("responses: too many (more than %d)"), MAX_RESPONSES);
                        memcpy(pending->msg, e.msg, sizeof pending->msg);
                    }
                    if (pending->status == JH_OK) {
                        if (b->n_responses == cap) {
                            cap = cap ? cap * 2 : 1024;
                            b->responses = jh_xrealloc(b->responses, ((size_t)cap + 1) * sizeof *b->responses);
                        }
                        bundle_response_t *x = &b->responses[b->n_responses];
                        memset(x, 0, sizeof *x);
                        jh_err_t e;
                        rd_t rr = {r->name, &e, r->format_version, r->n_declared};
                        jh_status_t st = read_response(&rr, b->arena, it, n + 1, x);
                        b->n_responses++; /* owned by b from here, even half-filled */
                        if (st != JH_OK) {
                            pending->status = st;
                            memcpy(pending->msg, e.msg, sizeof pending->msg);
                        }
                    }
                    int more = list_next(text, len, &pos);
                    if (more > 0) continue;
                    if (more == 0) break;
                    goto syntax;
                }
            }
        } else {
            cJSON *v = cJSON_ParseWithLengthOpts(text + pos, len - pos, &end, false);
            if (!v) {
                pos = (size_t)(end - text);
                goto syntax;
            }
            cJSON_AddItemToObjectCS(root, key->valuestring, v);
            if (!manifest[1] && !strcmp(key->valuestring, "manifest")) {
                manifest[0] = pos;
                manifest[1] = (size_t)(end - text);
            }
            pos = (size_t)(end - text);
        }
        pos = skip_ws(text, len, pos);
        if (pos < len && text[pos] == ',') {
            pos = skip_ws(text, len, pos + 1);
            continue;
        }
        if (pos < len && text[pos] == '}') {
            pos++;
            break;
        }
        goto syntax;
    }
done:
    *err_pos = pos; /* where the object ended */
    ret = root;
    goto out;
syntax:
    *err_pos = pos > len ? len : pos;
out:
    parse_arena = NULL;
    free(last);
    arena_free(&elem);
    return ret;
}

jh_status_t bundle_read_text(const char *name, const char *text, size_t len, bundle_t **out, jh_err_t *err)
{
    return bundle_read_text_cached(name, text, len, NULL, out, err);
}

bundle_cache_t *bundle_cache_create(void)
{
    bundle_cache_t *c = jh_xcalloc(1, sizeof(bundle_cache_t));
    pthread_mutex_init(&c->lock, NULL);
    return c;
}

void bundle_cache_destroy(bundle_cache_t *c)
{
    if (!c) return;
    for (int i = 0; i < c->n; i++) survey_free(c->surveys[i]);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

jh_status_t bundle_read_text_cached(const char *name, const char *text, size_t len, bundle_cache_t *cache,
                                    bundle_t **out, jh_err_t *err)
{
    /* A private NUL-terminated copy: callers (and the fuzzer) may pass
     * bytes that are not terminated. */
    char *copy = jh_xmalloc(len + 1);
    if (len) memcpy(copy, text, len);
    copy[len] = '\0';
    jh_status_t s = read_text(name, &copy, len, NULL, cache, out, err);
    free(copy);
    return s;
}

jh_status_t bundle_read_file(const char *path, const char *name, size_t max, bundle_cache_t *cache, bundle_t **out,
                             char sha256[65], jh_err_t *err)
{
    *out = NULL;
    sha256[0] = '\0';
    char *text = NULL;
    size_t len = 0;
    jh_status_t s = jh_read_file_max(path, max, &text, &len, err);
    if (s != JH_OK) return s;
    jh_sha256_hex(text, len, sha256);
    s = read_text(name, &text, len, sha256, cache, out, err);
    free(text);
    return s;
}

jh_status_t bundle_read_owned(const char *name, char **textp, size_t len, const char sha256[65], bundle_cache_t *cache,
                              bundle_t **out, jh_err_t *err)
{
    jh_status_t s = read_text(name, textp, len, sha256, cache, out, err);
    free(*textp);
    *textp = NULL;
    return s;
}

/* Reads the bundle in *textp (len bytes, NUL-terminated, owned by the
 * caller): parsed, the text is freed (*textp = NULL) before the chain is
 * checked, so the file and the responses' canonical texts are never in
 * memory together. */
static jh_status_t read_text(const char *name, char **textp, size_t len, const char *sha256, bundle_cache_t *cache,
                             bundle_t **out, jh_err_t *err)
{
    *out = NULL;
    const char *text = *textp;
    rd_t rd = {name, err, 0, 0};
    jh_err_t local;
    if (!err) rd.err = &local;
    rd_t *r = &rd;
    jh_crypto_init();
    bundle_reader_init();
    bundle_t *b = jh_xcalloc(1, sizeof *b);
    b->path = jh_strdup(name);
    b->arena = jh_xcalloc(1, sizeof *b->arena);
    if (sha256) /* computed by the caller from the same bytes */
        memcpy(b->file_sha256, sha256, sizeof b->file_sha256);
    else
        jh_sha256_hex(text, len, b->file_sha256);
    jh_status_t s = JH_OK;
    cJSON *root = NULL;
    arena_t tree = {0}; /* the parse tree's memory */
    char *canon = NULL;
    pending_t pending = {JH_OK, ""};
    spans_t fast = {0};
    size_t manifest[2] = {0, 0}; /* the manifest's bytes in text (parse_top) */

    size_t start = 0;
    while (start < len && (text[start] == ' ' || text[start] == '\n' || text[start] == '\r' || text[start] == '\t'))
        start++;
    if (start == len) {
        s = rd_fail(r, JH_ERR_INVALID, _("the file is empty (expected a Junheng export bundle)"));
        goto fail;
    }
    size_t pos = 0;
    /* Whatever is not an object is parsed whole, for its message. */
    if (text[start] == '{' || (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))) {
        root = parse_top(r, &tree, text, len, b, &pos, &pending, &fast, manifest);
    } else {
        const char *end = NULL;
        root = parse_in_arena(&tree, text, len, &end);
        pos = end && end >= text && end <= text + len ? (size_t)(end - text) : root ? len : 0;
    }
    if (!root) {
        long long line, col;
        if (zero_damage(r, text, len, &s)) {
            /* (said) */
        } else if (json_truncated(text, len)) {
            line_col(text, len, &line, &col);
            s = rd_fail(r, JH_ERR_INVALID, _("truncated: JSON ends at line %lld column %lld: %s"), line, col,
                        bundle_copy_again_advice());
        } else if (json_too_deep_at(text, len, pos)) {
            /* cJSON stops at its nesting limit: not a syntax error (review 14) */
            line_col(text, pos, &line, &col);
            s = rd_fail(r, JH_ERR_INVALID,
                        _("line %lld column %lld: brackets nested more than %d deep (a bundle needs fewer than 10)"),
                        line, col, CJSON_NESTING_LIMIT);
        } else {
            line_col(text, pos, &line, &col);
            s = rd_fail(r, JH_ERR_INVALID, _("line %lld column %lld: not valid JSON"), line, col);
        }
        goto fail;
    }
    pos = skip_ws(text, len, pos);
    if (pos < len && zero_damage(r, text, len, &s)) goto fail;
    if (pos < len) {
        long long line, col;
        line_col(text, pos, &line, &col);
        s = rd_fail(r, JH_ERR_INVALID, _("line %lld column %lld: unexpected text after the end of the bundle"), line, col);
        goto fail;
    }
    if (!utf8_valid_outside(text, len, &fast)) {
        s = rd_fail(r, JH_ERR_INVALID, _("the file is not valid UTF-8 text (or contains a zero byte)"));
        goto fail;
    }
    if (!cJSON_IsObject(root)) {
        s = rd_fail(r, JH_ERR_INVALID, _("not a Junheng export bundle (the file holds %s, not an object)"), type_name(root));
        goto fail;
    }
    const cJSON *format = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (!cJSON_IsString(format) || strcmp(format->valuestring, BUNDLE_FORMAT_NAME) != 0) {
        s = rd_fail(r, JH_ERR_INVALID, _("not a Junheng export bundle (\"format\" is not \"%s\")"), BUNDLE_FORMAT_NAME);
        goto fail;
    }
    double newer = 0;
    if (format_is_newer(cJSON_GetObjectItemCaseSensitive(root, "manifest"), &newer)) {
        s = newer_fail(r, newer);
        goto fail;
    }
    static const char *const top[] = {"format", "manifest", "signature", "responses"};
    if (!keys_check(r, root, "bundle", top, 4)) {
        s = r->err->status;
        goto fail;
    }
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(root, "manifest");
    if (!cJSON_IsObject(m)) {
        s = rd_fail(r, JH_ERR_INVALID, _("manifest: expected an object, found %s"), type_name(m));
        goto fail;
    }
    if ((s = read_manifest(r, m, b)) != JH_OK) goto fail;
    char sighex[129];
    if (!get_hex(r, root, "bundle", "signature", 128, false, sighex)) {
        s = r->err->status;
        goto fail;
    }
    if ((s = read_surveys(r, m, b, cache)) != JH_OK) goto fail;
    const cJSON *resp = cJSON_GetObjectItemCaseSensitive(root, "responses");
    if (!cJSON_IsArray(resp)) {
        s = rd_fail(r, JH_ERR_INVALID, _("responses: expected an array, found %s"), type_name(resp));
        goto fail;
    }
    if (pending.status != JH_OK) {
        s = jh_err_set(r->err, pending.status, "%s", pending.msg);
        goto fail;
    }
    /* The manifest's own bytes, when its tokens are written canonically
     * (as a kiosk writes them), give the canonical text the signature
     * covers with the white space between them dropped, rather than
     * rebuilt from the parse tree (25 KB a bundle, most of it the
     * questionnaires' escaped definitions). */
    if (manifest[1] > manifest[0]) {
        jh_buf_t cb = {0};
        if (canonical_slice(text + manifest[0], manifest[1] - manifest[0], &cb, true))
            canon = jh_buf_take(&cb);
        jh_buf_free(&cb);
    }
    /* Everything else needed is copied out of the text.  Responses read
     * in canonical form keep their canonical texts in it: the bundle takes
     * it over.  Without any, let it go before the chain's canonical texts
     * are built. */
    if (text == *textp) {
        if (b->n_fast)
            b->text = *textp;
        else
            free(*textp);
        *textp = NULL;
        text = NULL;
    }
    if ((s = read_responses(r, b)) != JH_OK) goto fail;

    /* The signature over the canonical manifest, with the key it carries. */
    unsigned char pk[32], sig[64];
    bool canon_ok = true;
    if (!canon) {
        jh_buf_t cb = {0};
        canon_ok = canon_put(&cb, m);
        canon = jh_buf_take(&cb);
    }
    if (!canon_ok || !jh_unhex(b->public_key, pk, 32) || !jh_unhex(sighex, sig, 64) ||
        crypto_sign_verify_detached(sig, (const unsigned char *)canon, strlen(canon), pk) != 0) {
        s = rd_fail(r, JH_ERR_FORGED, _("signature does not verify with the key in the manifest"));
        goto fail;
    }
    char fp[64];
    bundle_fingerprint(pk, fp);
    if (strcmp(fp, b->fingerprint) != 0) {
        s = rd_fail(r, JH_ERR_FORGED, _("the manifest's fingerprint %s does not belong to its public key (%s)"),
                    b->fingerprint, fp);
        goto fail;
    }
    {
        sem_t *sem = jh_xcalloc(1, sizeof *sem);
        for (int i = 0; i < b->n_surveys; i++) {
            const survey_t *sv = b->surveys[i];
            sem->keys[i] = item_keys_build(&tree, sv);
            for (int k = 0; k < sv->n_items; k++) sem->n_keys[i] += sv->items[k].id != NULL;
        }
        sem->memo = jh_xcalloc(MEMO_CAP, sizeof *sem->memo);
        for (int i = 0; i < b->n_responses && s == JH_OK; i++)
            s = response_semantics(r, b, sem, &b->responses[i], i + 1);
        free(sem->memo);
        for (int i = 0; i < MAX_SURVEYS; i++) free(sem->by_id[i]);
        free(sem);
        if (s != JH_OK) goto fail;
    }
    free(canon);
    free(fast.at);
    arena_free(&tree);
    *out = b;
    return JH_OK;
fail:
    free(canon);
    free(fast.at);
    arena_free(&tree);
    bundle_free(b);
    return s;
}

jh_status_t bundle_read(const char *path, bundle_t **out, jh_err_t *err)
{
    *out = NULL;
    char *text = NULL;
    size_t len = 0;
    jh_status_t s = jh_read_file(path, &text, &len, err);
    if (s != JH_OK) return s;
    s = read_text(path, &text, len, NULL, NULL, out, err);
    free(text);
    return s;
}

void bundle_free(bundle_t *b)
{
    if (!b) return;
    /* The responses' strings, answers and canonical texts are in the arena. */
    arena_free(b->arena);
    free(b->arena);
    free(b->responses);
    free(b->text);
    for (int i = 0; i < b->n_surveys; i++)
        if (!(b->surveys_shared >> i & 1)) survey_free(b->surveys[i]);
    free(b->surveys);
    free(b->path);
    free(b->kind);
    free(b->kiosk_id);
    free(b->school_code);
    free(b->school_name);
    free(b->school_level);
    free(b->locality);
    free(b->county_code);
    free(b->idle_seconds);
    free(b->active_surveys);
    free(b);
}
