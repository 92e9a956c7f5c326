/* county.h - the bureau's county database: every response merged from kiosk
 * bundles, the questionnaire definitions they were given against (by hash),
 * pinned kiosk keys, the import log, quarantined conflicts and the school
 * register.  Schema and trust model: docs/bureau.md.
 *
 * Durability: WAL, synchronous=FULL, foreign keys on; each bundle is merged
 * in one transaction, so a rejected or failed bundle leaves the data as it
 * was (only the import log records the attempt).
 *
 * Ownership: county_open returns a county_t the caller closes with
 * county_close().  Schools loaded with county_schools_load are a heap array
 * the caller frees with free(). */
#ifndef JH_COUNTY_H
#define JH_COUNTY_H

#include "jh.h"
#include "stats.h"
#include "survey.h"

typedef struct county county_t;
struct sqlite3;

/* The schema version (user_version) this program writes: the number of
 * migrations in county.c (checked there at compile time); a database of a
 * higher one was written by a newer junheng and is refused. */
#define COUNTY_SCHEMA_VERSION 10
/* The application id (PRAGMA application_id) of a county database; a
 * kiosk's has none. */
#define COUNTY_APPLICATION_ID 1246249806 /* 0x4A48434E, "JHCN" */
/* The meta rows "new_database:SEQ:KIOSK_ID" (value ''): kiosk KIOSK_ID
 * started a new database at SEQ (its bundle's prev_chain was "": the old
 * database was lost and the sequence continued above every seq it used).
 * The seqs just below SEQ that the county does not hold were never used:
 * the statistics' coverage leaves them out (not missing). */
#define COUNTY_NEW_DB_KEY "new_database:"

/* Opens or creates the database at path and migrates it to the current
 * schema.  A file from a newer version of Junheng is refused. */
jh_status_t county_open(const char *path, county_t **out, jh_err_t *err);
void county_close(county_t *c);

/* A database opened read-only on a read-only file system is read without
 * locks (SQLite's immutable mode): JH_ERR_CONFLICT, naming the file, when
 * it changed since it was opened (another computer writing it through a
 * writable path), so figures read from it may not agree; JH_OK otherwise
 * and for every other database. */
jh_status_t county_check_unchanged(const county_t *c, jh_err_t *err);

/* county_open for commands that only read (stats, report): a path where no
 * file exists is JH_ERR_NOTFOUND ("no county database by this name"), and
 * nothing is created.  A file that cannot be written (a read-only disk or
 * file) is opened read-only, as immutable on a read-only file system; a
 * migration it needs, or a WAL or journal file with content beside it on
 * such a disk, is then JH_ERR_READONLY with a message saying to copy it to
 * a writable place. */
jh_status_t county_open_existing(const char *path, county_t **out, jh_err_t *err);

/* A county database another office sent (the province's input): opened
 * read-only whatever its permissions, as immutable when nothing is writing
 * it (no -wal, -shm or -journal beside it), never created, switched to WAL
 * nor migrated; with a -wal, -shm or -journal beside it, a private copy of
 * it and its -wal or -journal (under $TMPDIR) is read instead, so nothing
 * is ever written in its folder and the answers committed in its -wal are
 * read (the copy is removed by county_close).  An empty, missing or foreign file, a damaged one or one of
 * an older or newer junheng is refused with a message for the person who
 * received it (ask that county to send its database again, check the file
 * name, the junheng it needs). */
jh_status_t county_open_input(const char *path, county_t **out, jh_err_t *err);

/* Turns everything that follows into a rehearsal: it runs inside one
 * transaction that county_close rolls back, so the database is left exactly
 * as it was (merge --dry-run). */
jh_status_t county_dry_run(county_t *c, jh_err_t *err);

/* The county's administrative code (6 digits) the database is for, and how
 * it was set ("option" for --county, "first_bundle"); "" when not set yet. */
jh_status_t county_code_get(county_t *c, char code[16], char source[32]);
jh_status_t county_code_set(county_t *c, const char *code, const char *source, jh_err_t *err);
/* Review rattack7, item 4: how many answers (stored or in quarantine) were
 * merged since the county code was set; -1 when not known (a database
 * whose mark was written after its code was set: review r2bureau9, item 1).
 * None, and a code set by the first bundle may be put right with --county. */
int64_t county_code_rows_since(county_t *c);
/* How many answers the database holds, stored or in quarantine (-1: the
 * database could not be read); none, and any code may be put right. */
int64_t county_code_rows_held(county_t *c);

/* Number of schools in the register (0 when none is loaded). */
int county_schools_count(county_t *c);

/* The connection, for read-only queries by the stats module (borrowed). */
struct sqlite3 *county_db(county_t *c);
/* BEGIN IMMEDIATE on the county's connection; when another program holds
 * the write lock past the usual wait (5 s), says so on stderr and waits up
 * to 10 minutes more (a merge, a round --open computing statistics). */
jh_status_t county_begin_write(county_t *c, jh_err_t *err);

/* The first 100 bytes of an SQLite database file (h; false when it is none
 * or cannot be read), read through SQLite's file layer: safe while this
 * process has the file open in SQLite (a plain close() would drop its
 * locks). */
bool county_file_header(const char *path, unsigned char h[100]);
const char *county_path(const county_t *c);
/* What opens the same database again (sqlite3_open_v2 with SQLITE_OPEN_URI):
 * the path, or for a read-only county the URI it was opened with. */
const char *county_uri(const county_t *c);

/* ---- school register ------------------------------------------------------ */

/* Replaces the whole register with schools[0..n) in one transaction and
 * records source (file name) and its SHA-256. */
jh_status_t county_schools_replace(county_t *c, const stats_school_t *schools, int n,
                                   const char *source, const char *sha256, int64_t now_ms,
                                   jh_err_t *err);

/* Loads the register (in code order); *n = 0 when none is loaded. */
jh_status_t county_schools_load(county_t *c, stats_school_t **out, int *n, jh_err_t *err);

/* ---- kiosk keys ----------------------------------------------------------- */

/* Pre-registers kiosk keys from a file of lines
 *   KIOSK_ID  SCHOOL_CODE  KEY
 * where KEY is the 64-hex public key or its fingerprint as the admin screen
 * shows it ("SHA256:xxxx-xxxx-xxxx-xxxx"); # starts a comment.  A kiosk
 * already pinned with a different key or school is an error naming the
 * line, unless its id is one of replace[0..n_replace): then the line's key
 * replaces the pinned one (the kiosk's key file was lost and it made a new
 * key; its school must stay the one pinned), the old key is kept in
 * kiosk_old_keys and bundles signed with either key merge.  Each id of
 * replace must have a line in the file and be pinned already.  *added
 * counts new pins, *replaced replaced keys (each may be NULL); log (may be
 * NULL) gains one line for each replaced key, translated.  All or nothing:
 * on an error nothing is pinned or replaced. */
jh_status_t county_keys_load(county_t *c, const char *path, const char *const *replace, int n_replace,
                             int64_t now_ms, int *added, int *replaced, jh_buf_t *log, jh_err_t *err);

/* ---- questionnaire pins ------------------------------------------------- */

typedef enum {
    COUNTY_PIN_NEW = 0,    /* pinned now */
    COUNTY_PIN_SAME,       /* already pinned to this very definition */
    COUNTY_PIN_DIFFERENT,  /* another definition is pinned for this id and version */
    COUNTY_PIN_REPLACED,   /* another was pinned; replaced (replace = true) */
} county_pin_status_t;

typedef struct {
    county_pin_status_t status;
    char fingerprint[64];  /* of the definition given: "SHA256:xxxx-xxxx-xxxx-xxxx" */
    char pinned_hash[65];  /* the definition pinned before ("" when none) */
    char pinned_fingerprint[64];
    char pinned_source[16]; /* "official" / "first_use" */
} county_pin_t;

/* Pins survey s (by its id and version) as the county's definition; source
 * is "official" (junheng surveys) or "first_use" (merge), file the file it
 * came from (may be NULL).  Another definition already pinned for the same
 * id and version is left alone (COUNTY_PIN_DIFFERENT) unless replace. */
jh_status_t county_survey_pin(county_t *c, const survey_t *s, const char *source, const char *file, bool replace,
                              int64_t now_ms, county_pin_t *res, jh_err_t *err);

/* Adds to each entry of a stats document's "surveys" array (objects with
 * "hash", "id", "version") which definition it is: "fingerprint",
 * "pinned" (whether it is the county's pinned one for its id and version),
 * "pin_source" ("official", "first_use" or null) and "n_responses" stored
 * with it; a definition that is not pinned adds a line to warnings and the
 * same in Chinese to warnings_zh (may be NULL) (cJSON arrays, borrowed).
 * counts (n_counts entries, borrowed) gives the responses per hash when the
 * caller has counted them (a hash not listed has none); NULL: counted here
 * (a scan of the responses per questionnaire). */
struct cJSON;
typedef struct {
    const char *hash;  /* a questionnaire hash (borrowed) */
    int64_t n;         /* responses stored with it; < 0: hidden (stats: its role or
                        * version is suppressed), n_responses null and no count in the warning */
} county_survey_count_t;
jh_status_t county_surveys_annotate(county_t *c, struct cJSON *surveys, const county_survey_count_t *counts,
                                    int n_counts, struct cJSON *warnings, struct cJSON *warnings_zh, jh_err_t *err);

/* The fingerprint of a questionnaire definition's hash, shaped like a
 * kiosk key's: "SHA256:" and its first 16 hex digits in groups of four. */
void county_survey_fingerprint(const char *hash, char out[64]);

/* ---- merge ---------------------------------------------------------------- */

typedef enum {
    COUNTY_IMPORTED = 0,   /* new responses stored */
    COUNTY_UNCHANGED,      /* everything was already there */
    COUNTY_CONFLICTS,      /* stored what was new; some ids arrived with other content */
    COUNTY_REJECTED,       /* nothing stored: see reason */
} county_verdict_t;

#define COUNTY_GROUP_FILES 64  /* group commit: files per commit at most ... */
#define COUNTY_GROUP_MS 500    /* ... and milliseconds from its first file */

typedef struct {
    bool strict_keys;      /* reject kiosks not pinned beforehand (county_keys_load) */
    size_t max_bytes;      /* largest bundle file read; 0: BUNDLE_MAX_BYTES */
    bool group_commit;     /* county_merge_files: one commit for several files (see there) */
} county_merge_opts_t;

typedef struct {
    county_verdict_t verdict;
    char file_sha256[65];
    char kiosk_id[64];
    char school_code[64];
    char kind[16];          /* "full" / "incremental" */
    int64_t first_seq, last_seq;
    int64_t n_responses;    /* in the bundle */
    int64_t n_new;          /* stored now */
    int64_t n_duplicate;    /* already stored with the same content */
    int64_t n_quarantined;  /* same id, other content: kept aside */
    int64_t n_moved;        /* rejected as a copy: the responses merged before by earlier imports
                             * moved to quarantine by this catch (not in n_quarantined); merged,
                             * catching a newcomer as the copy of it (review rattack7, item 1):
                             * the newcomer's responses moved */
    bool copy_caught;       /* rejected as a copy of another kiosk's answers (the uuid marks), or
                             * merged and caught a newcomer holding its answers as the copy */
    bool new_kiosk;         /* the key was pinned by this bundle (trust on first use) */
    char fingerprint[64];   /* the bundle's key, "SHA256:xxxx-xxxx-xxxx-xxxx" ("" when unread) */
    char reason[4096];      /* why rejected; for accepted bundles warnings ("" when none) */
    char county_code[16];   /* the bundle's county ("" when the kiosk has none) */
    bool foreign;           /* rejected: the bundle is from another county */
    bool no_county;         /* rejected: the database has no county code yet (the bureau gives it:
                             * merge --county), and the bundle carries one (county_code) */
    bool unregistered;      /* imported, but its school is not in the loaded register */
    bool definition_differs;/* quarantined: a questionnaire differs from the county's pinned one */
    bool repeat;            /* the same file with the same outcome was logged before: no new log row */
    char new_surveys[512];  /* questionnaires pinned by this bundle: "parent-2026 1.0 SHA256:..." lines */
    char min_day[16], max_day[16]; /* the days of its responses ("YYYY-MM-DD"; "" when none is dated) */
    bool days_unknown;      /* some response has an end time but no day (format 1) */
    bool unread;            /* rejected because the file could not be read (an I/O error: the drive
                             * removed, too many open files, out of memory...): reason says why;
                             * nothing stored and nothing logged, as the file was never seen */
} county_import_t;

/* After a merge run in which a copy was caught (county_import_t.copy_caught;
 * review r3copy, item 3): every stored UUID is looked at (a sort of them
 * all: only then, never on a merge's normal path or for the statistics),
 * and where two kiosks hold the same UUID the row of the kiosk whose import
 * came later is a copy (the first imported wins): moved to quarantine as a
 * catch moves them, its kiosk remembered as caught (copied_kiosks: every
 * later bundle of it refused).  A copy split over many new kiosk ids is
 * found so, the ids the uuid marks did not catch too.  *n_kiosks: the
 * kiosks caught so (their ids, comma-separated, in kiosks: the first 20);
 * *n_moved: the responses moved.  Its own transaction (in a dry run a savepoint of
 * the dry run's, rolled back with the rest). */
/* Whether a look at every stored uuid (county_scan_copies) is owed: a catch
 * whose merge stopped before its scan, or (imported: the run stored new
 * answers) a caught kiosk that still holds counted rows. */
bool county_copy_scan_due(county_t *c, bool imported);
jh_status_t county_scan_copies(county_t *c, int64_t now_ms, jh_buf_t *kiosks, int64_t *n_kiosks, int64_t *n_moved,
                               jh_err_t *err);

/* Reads, verifies and merges one bundle file (see the trust model in
 * docs/bureau.md).  A bad or untrusted bundle is not an error of the call:
 * it returns JH_OK with verdict COUNTY_REJECTED and the reason, logged in
 * the import log.  A file that cannot be read (a USB stick pulled, EIO,
 * EMFILE...) is COUNTY_REJECTED with res->unread set and is not logged:
 * the caller reports it as an I/O error (a later merge reads it again).  Errors (JH_ERR_IO, JH_ERR_FULL ...) mean the database
 * itself failed; nothing of the bundle is stored then. */
jh_status_t county_merge_file(county_t *c, const char *path, const county_merge_opts_t *opts,
                              int64_t now_ms, county_import_t *res, jh_err_t *err);

/* county_merge_file of each of the n files in order, with each(ctx, i, r)
 * called after file i is merged (returning false stops).  Worker threads
 * (one per core but this thread's; JH_MERGE_WORKERS=N sets how many, 0 none) read, hash,
 * parse and verify the next files while this thread writes the current
 * one, no more of them at once than there are cores beside this thread
 * while it runs, one more while it waits for a commit's fsync; results and the import log are those of calling county_merge_file
 * in order.  Returns the first error of the database (the files after it
 * are not merged).
 *
 * With opts->group_commit, files are merged as savepoints of one
 * transaction that is committed (and fsynced) after COUNTY_GROUP_FILES
 * files (JH_MERGE_GROUP=N sets another number, for tests), the last file, an error that stops the merge, or once
 * COUNTY_GROUP_MS have passed since the group's first file; each is
 * then called for the files of the group, so a file reported is on disk
 * and each file is stored whole or not at all.  With workers the COMMIT
 * runs on a thread of its own while this thread prepares the next files
 * (JH_MERGE_COMMITTER=0: this thread commits); it stores the next group
 * only once the commit has returned.  A database error loses
 * the files of its group not reported yet (each is not called for them);
 * each returning false stops after the group, whose later files stay
 * stored (use it where each never stops: the command line). */
jh_status_t county_merge_files(county_t *c, const char *const *paths, int n, const county_merge_opts_t *opts,
                               bool (*each)(void *ctx, int i, const county_import_t *r), void *ctx,
                               jh_err_t *err);

const char *county_verdict_name(county_verdict_t v);  /* "imported", "unchanged", ... */

/* JH_MERGE_TRACE (measuring): whether it is set, and a line "merge trace:
 * +T ms WHO: WHAT" on stderr, T the wall time since the process started. */
bool county_trace_on(void);
void county_trace(const char *who, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
