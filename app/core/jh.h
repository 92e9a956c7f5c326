/* jh.h - shared basics of the Junheng core: status codes, error buffers,
 * programmer-misuse checks and small string helpers.
 *
 * Ownership: functions here never take ownership of their arguments;
 * returned heap strings (jh_strdup, jh_read_file, jh_sprintf) belong to the
 * caller and are released with free(). */
#ifndef JH_H
#define JH_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define JH_VERSION "0.1.0"

/* Status of a core operation.  Every fallible core function returns one of
 * these and, when it is not JH_OK, fills a jh_err_t with a sentence a person
 * can act on. */
typedef enum {
    JH_OK = 0,
    JH_ERR_INVALID,   /* input does not follow the format (file, line, field) */
    JH_ERR_IO,        /* the operating system refused (open, write, fsync...) */
    JH_ERR_FULL,      /* no space left on the target */
    JH_ERR_READONLY,  /* target or database cannot be written */
    JH_ERR_CORRUPT,   /* stored data failed an integrity check */
    JH_ERR_FORGED,    /* a signature, hash or chain does not verify */
    JH_ERR_NOTFOUND,  /* a referenced thing does not exist */
    JH_ERR_CONFLICT,  /* the same id arrived with different content */
    JH_ERR_NOMEM,     /* allocation failed */
} jh_status_t;

/* Human-readable error message.  Fixed size so it can live on the stack and
 * be filled on out-of-memory paths. */
typedef struct {
    jh_status_t status;  /* the status that was set with the message */
    char msg[1024];      /* "file:line:col: what is wrong; what was expected"; a longer
                          * message loses its middle, never half a character */
} jh_err_t;

/* Sets err (may be NULL) to status and a printf-style message; returns status
 * so callers can write `return jh_err_set(err, JH_ERR_IO, "...")`. */
jh_status_t jh_err_set(jh_err_t *err, jh_status_t status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The longest path (made absolute) SQLite opens: its unix file layer takes
 * 512 bytes, less 8 for a "-journal" beside the database. */
#define JH_DB_PATH_MAX 504

/* JH_OK when the database path (relative to the working folder or
 * absolute) is short enough for SQLite; else JH_ERR_INVALID with a message
 * saying so (SQLite says only "unable to open database file"). */
jh_status_t jh_db_path_check(const char *path, jh_err_t *err);

/* Prepends "prefix: " to the message already in err. */
void jh_err_prefix(jh_err_t *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Short English name of a status ("invalid input", "I/O error", ...). */
const char *jh_status_name(jh_status_t status);

/* Aborts with file and line when a programmer contract is broken.  Never used
 * for bad input: bad input is an error value. */
#define JH_EXPECT(cond)                                                        \
    do {                                                                       \
        if (!(cond)) jh_expect_fail(__FILE__, __LINE__, #cond);                \
    } while (0)
_Noreturn void jh_expect_fail(const char *file, int line, const char *what);

/* Allocation that aborts on failure (a kiosk that cannot allocate a few bytes
 * cannot show an error screen either). */
void *jh_xmalloc(size_t n);
void *jh_xcalloc(size_t n, size_t size);
void *jh_xrealloc(void *p, size_t n);
/* Removes dir and everything under it (symbolic links are removed, not
 * followed); what cannot be removed stays, silently. */
void jh_rm_tree(const char *dir);

char *jh_strdup(const char *s);          /* NULL stays NULL */

/* For tests: sleeps as many milliseconds as the environment variable env
 * says (nothing when it is unset or empty), where a test makes another
 * program act in between (a merge during a read, two loads at once).
 * When JH_TEST_PAUSE_MARK names a file, it is created as the pause begins
 * (the test waits for it rather than guessing); when JH_TEST_PAUSE_UNTIL
 * names a file, the pause ends as soon as that file exists (at most the
 * milliseconds). */
void jh_test_pause(const char *env);

/* Makes the next `reserve` bytes of heap (about) come on transparent huge
 * pages: every thread then allocates from the main heap (blocks up to 32 MiB
 * too), which is grown by `reserve` at once and advised MADV_HUGEPAGE.  For a command that builds
 * a large tree of small allocations (stats, report): a 4 KiB page fault per
 * 4 KiB of fresh heap was a third of `junheng stats` on virtual machines
 * (issue 20).  Process-wide; advice only (nothing happens without glibc or
 * THP, or under a sanitizer's allocator).  Call once, early. */
void jh_heap_prefer_huge_pages(size_t reserve);
char *jh_strndup(const char *s, size_t n);
char *jh_sprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Growable byte/string buffer; data is always NUL-terminated. */
typedef struct {
    char *data;  /* owned; NULL until the first append */
    size_t len;  /* bytes used, excluding the terminating NUL */
    size_t cap;  /* bytes allocated */
} jh_buf_t;

void jh_buf_append(jh_buf_t *b, const void *data, size_t n);
void jh_buf_puts(jh_buf_t *b, const char *s);
void jh_buf_printf(jh_buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *jh_buf_take(jh_buf_t *b); /* returns data (never NULL), resets b */
void jh_buf_free(jh_buf_t *b);

/* Reads a whole file.  On success *out is a NUL-terminated heap buffer owned
 * by the caller and *len its length (len may be NULL). */
jh_status_t jh_read_file(const char *path, char **out, size_t *len, jh_err_t *err);

/* jh_read_file for input that may be anything a user points at: only a
 * regular file is read (a directory, pipe or device is refused at once,
 * never read or waited on: JH_ERR_INVALID saying what it is), and one
 * larger than max bytes is refused before reading (JH_ERR_INVALID with its
 * size and the limit).  Memory is bounded by max. */
jh_status_t jh_read_file_max(const char *path, size_t max, char **out, size_t *len, jh_err_t *err);
/* The limit for a text file a person names (a register, the county's facts,
 * a keys file, a questionnaire, a rectification plan): far above any real
 * one, so that /dev/zero or a wrong file is refused, never read whole. */
#define JH_INPUT_MAX_BYTES ((size_t)64 * 1024 * 1024)
/* jh_read_file_max that does not follow a symbolic link at path (refused,
 * JH_ERR_INVALID saying so): for files on a USB stick someone else made. */
jh_status_t jh_read_file_max_nofollow(const char *path, size_t max, char **out, size_t *len, jh_err_t *err);

/* What a path is when it is not a regular file ("a directory", "a pipe
 * (FIFO)", "a device", ...), or NULL for a regular file; st_mode from stat. */
const char *jh_file_kind(unsigned int st_mode);

/* Appends s to b with everything a terminal or spreadsheet could act on made
 * visible: control characters (C0, DEL, C1 U+0080-U+009F), bidirectional
 * overrides (U+202A-U+202E, U+2066-U+2069) and bytes that are not UTF-8
 * become \xNN or \u{NNNN}.  Printable text, Chinese included, is kept. */
void jh_buf_put_escaped(jh_buf_t *b, const char *s);

/* Whether s holds anything jh_buf_put_escaped would escape. */
bool jh_has_controls(const char *s);

/* The first character of s that jh_buf_put_escaped would escape (an
 * invisible control or direction character, or a byte that is not UTF-8),
 * or NULL; *cp (may be NULL) its code point (the byte for one that is not
 * UTF-8).  The one rule for a school name, a code or any text a kiosk
 * writes (store.c, pack.c, schools.c and the bundle reader use it). */
const char *jh_first_control(const char *s, uint32_t *cp);

/* Which character of s (1 for the first) starts at at, a pointer into s. */
size_t jh_char_number(const char *s, const char *at);

/* Appends s without the characters jh_first_control finds, but for tab and
 * line breaks: for names an older version let in, written where they could
 * reorder the text after them (a report) or make a kiosk's own export
 * unreadable. */
void jh_buf_put_without_controls(jh_buf_t *b, const char *s);

/* The same as a new string (never NULL; s NULL gives ""). */
char *jh_without_controls(const char *s);

/* Writes data to path atomically and durably: a temporary file in the same
 * directory, write, fsync, rename over path, fsync the directory, then read
 * back and compare (the file's cached pages dropped first, so the read comes
 * from the device).  On any failure the temporary file is removed, an
 * existing file at path is left as it was, and err says why (JH_ERR_FULL for
 * ENOSPC/EDQUOT, JH_ERR_READONLY for EROFS/EACCES). */
jh_status_t jh_write_file_atomic(const char *path, const void *data, size_t len, jh_err_t *err);
/* The same with the file created with mode (less the umask) instead of 0644:
 * 0600 for what only its owner may read (a decrypted database).  The mode is
 * the new file's from its creation (the temporary file is made with it), so
 * nobody else can open it even while it is written. */
jh_status_t jh_write_file_atomic_mode(const char *path, const void *data, size_t len, mode_t mode, jh_err_t *err);

/* jh_write_file_atomic without the read-back: for files the bureau writes on
 * its own disk (statistics), where reading back after fsync only reads the
 * page cache and verifies nothing.  Removable media keep the read-back. */
jh_status_t jh_write_file_durable(const char *path, const void *data, size_t len, jh_err_t *err);
/* The same with the bytes written to fd by emit(ctx, fd) as they are made
 * (a large file never held in memory whole); emit returns false with errno
 * set when a write fails. */
jh_status_t jh_write_file_durable_with(const char *path, bool (*emit)(void *ctx, int fd), void *ctx, jh_err_t *err);
/* The same with the file created with mode (less the umask) instead of
 * 0644 (0600: a decrypted database, jh_write_file_atomic_mode). */
jh_status_t jh_write_file_durable_with_mode(const char *path, bool (*emit)(void *ctx, int fd), void *ctx, mode_t mode,
                                            jh_err_t *err);

/* Whether name is PATH.tmp.XXXXXXXXXXXX (12 lowercase hex digits) with
 * PATH starting with prefix: a temporary file of the writes above (their
 * exact naming), left by a writer killed or cut off before its rename. */
bool jh_durable_tmp_name(const char *name, const char *prefix);
/* Removes from folder the regular files whose names jh_durable_tmp_name
 * accepts with prefix (never folders or symlinks, never other names); for
 * the kiosk's own folders at its start, while it holds its database (a
 * live writer's temporary would go too), or with min_age_s (untouched for
 * that long: an export's leftovers on a USB stick, where another writer
 * may be at work) > 0.  Returns how many were removed. */
int jh_sweep_durable_tmp(const char *folder, const char *prefix, int min_age_s);
/* Removes the temporary files of path's writes (path.tmp.XXXXXXXXXXXX,
 * regular files only) that a run stopped by Ctrl-C left: for a command's
 * own output file, before it writes it again.  Returns how many. */
int jh_sweep_tmp_of(const char *path);
/* Flushes the file or directory at path to disk (fsync): a file's bytes
 * before it is renamed into place, a directory's entries after renames into
 * it.  A file system that cannot flush a directory (EINVAL) is no failure.
 * err says why otherwise (JH_ERR_IO, JH_ERR_FULL, ...). */
jh_status_t jh_fsync_path(const char *path, jh_err_t *err);
/* A file of a set moved into a folder together (jh_place_set). */
typedef struct {
    const char *name; /* its name in both folders (borrowed) */
    bool made;        /* written into the temporary folder; else an older file of this name is removed */
    bool aside;       /* (jh_place_set) the older file was moved aside */
    bool placed;      /* (jh_place_set) the new file is in place */
} jh_placed_t;

/* Moves a run's finished files (f[i].made) from tmp into dir as one set:
 * first every older file of these names (made or not) goes aside into
 * tmp/old, then the new files are renamed in, then dir is flushed to disk.
 * Anything in the way that is not a file (a folder named report.xlsx) stops
 * it before anything moves.  On a failure the new files are taken out and
 * the older ones put back.  Returns 0 (placed), -1 (nothing in dir changed;
 * err says why) or -2 (some older files could not be put back: err names
 * them, and they are still in tmp/old: tmp must be kept).  Runs placing
 * into the same dir at once take turns (flock on dir): each set is placed
 * whole, the later over the earlier. */
int jh_place_set(const char *dir, const char *tmp, jh_placed_t *f, int n, jh_err_t *err);
/* Names in err's message the file as the person knows it: every "TMP/" (a
 * run's temporary folder, which is removed) becomes "DIR/" (where the file
 * was going), so a full disk says DIR/report.html, not
 * DIR/.junheng-report-x1Y2z3/report.html. */
void jh_err_show_target(jh_err_t *err, const char *tmp, const char *dir);

/* A run's temporary folder beside its output (mkdtemp's PREFIXxxxxxx:
 * `junheng stats --out`, `junheng report`, the report's Chromium folders)
 * is marked as a run's right after mkdtemp (jh_run_dir_mark) and locked
 * while the run uses it (jh_dir_lock); a later run sweeps what killed runs
 * left (jh_run_dir_sweep). */
#define JH_RUN_MARKER ".junheng-run"
/* Writes the marker JH_RUN_MARKER into dir (a folder this run just made):
 * jh_run_dir_sweep removes only folders that hold it, so a person's own
 * folder whose name happens to match is never touched.  0, or -1 (errno). */
int jh_run_dir_mark(const char *dir);
/* Opens dir and takes an exclusive lock on it (flock), held until the
 * descriptor is closed (or the process ends): the folder is in use.
 * Returns the descriptor, or -1 when dir cannot be opened or another
 * process holds the lock. */
int jh_dir_lock(const char *dir);
/* Removes the folders dir/PREFIXxxxxxx (prefix and six characters) left by
 * runs that ended without removing them (killed): those that hold the run
 * marker (a regular file), were modified before the time before, that no
 * process holds a lock on (jh_dir_lock) and that hold no earlier files a
 * failed run could not put back (a non-empty old/, jh_place_set's -2).
 * Returns how many it removed. */
int jh_run_dir_sweep(const char *dir, const char *prefix, long long before);

/* Writes all len bytes of p to fd (again after a short write or EINTR);
 * false with errno set when a write fails. */
bool jh_write_all(int fd, const void *p, size_t len);

/* FNV-1a of the NUL-terminated string s: the hash of the open-addressing
 * tables keyed by short strings (kiosk ids, interned values). */
static inline uint32_t jh_str_hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* Creates a directory and its parents (like mkdir -p). */
jh_status_t jh_mkdir_p(const char *path, jh_err_t *err);

/* Maps an errno value from a failed write-side call to a status. */
jh_status_t jh_status_from_errno(int e);

/* SHA-256 of data as 64 lowercase hex characters plus NUL (out[65]). */
void jh_sha256_hex(const void *data, size_t len, char out[65]);

/* Incremental SHA-256 (a plain value: no allocation, nothing to free).
 * Backed by libcrypto, whose SHA-NI/AVX code is several times faster than
 * libsodium's; the bureau hashes every byte of every bundle three times. */
typedef struct {
    uint32_t h[8];
    uint32_t nl, nh;
    uint32_t data[16];
    unsigned int num, md_len;
} jh_sha256_t; /* layout of OpenSSL's SHA256_CTX (checked in jh.c) */
void jh_sha256_init(jh_sha256_t *h);
void jh_sha256_update(jh_sha256_t *h, const void *data, size_t len);
void jh_sha256_final(jh_sha256_t *h, unsigned char out[32]);

/* Lowercase hex encoding of n bytes into out (2n+1 bytes). */
void jh_hex(const unsigned char *bytes, size_t n, char *out);
/* "%1.<p>g" of d (p = 15 or 17) with '.' for the decimal point, without
 * printf, where it can be sure to write the same text (no exponent, not
 * next to a rounding tie): the length written into b (at least 32 bytes),
 * or 0 when the caller must ask snprintf.  Several times faster than
 * printf (issue 20: the statistics document and the report's data-v). */
int jh_fmt_g(char *b, double d, int p);
/* Decodes exactly n bytes of hex; returns false on a bad digit or length. */
bool jh_unhex(const char *hex, unsigned char *bytes, size_t n);

/* Initialises libsodium once; safe to call many times.  Returns false when
 * the library cannot initialise (no entropy source). */
bool jh_crypto_init(void);

/* Wall-clock time in milliseconds since the epoch.  Only the programs' main
 * functions call this: the core and UI receive time as a parameter. */
int64_t jh_now_ms(void);

/* The earliest time a kiosk's clock can plausibly read: the day this
 * version was made (JH_RELEASE_MS, 2026-11-01 00:00 Beijing time; move it
 * with JH_VERSION), or 30 days before the county pack it installed was made
 * (pack_created_ms; 0 = none).  A clock before it is wrong (a flat RTC
 * battery sets it back years) and would date every answer outside the
 * bureau's round; the margin keeps a clock a few days slow from alarming
 * anyone. */
#define JH_RELEASE_MS 1793462400000LL
int64_t jh_clock_floor_ms(int64_t pack_created_ms);

/* The latest time a bundle can carry (2100-01-01 00:00 UTC, the format's
 * bound on every time): a kiosk's clock at or after it is wrong, and its
 * exports are refused. */
#define JH_TIME_MAX_MS 4102444800000LL

/* What a clock that is not plainly wrong (at or after jh_clock_floor_ms(0),
 * before JH_TIME_MAX_MS) may still be doubted for, against what the kiosk
 * holds (review rfield6, items 2 and 7): answers dated more than a day
 * after it (the clock slow now, or fast then), the installed pack made
 * more than a day after it (this clock slow, or the pack's computer's date
 * wrong), or it more than JH_CLOCK_AHEAD_DAYS after the later of the two (a
 * clock far ahead, or a kiosk unused since last year's round).  Neither is
 * certain: the kiosk asks to check the date first, never says it is fine.
 * pack_made_ms, last_answer_ms: 0 = none; *ref_ms (may be NULL) receives
 * the time the clock is doubted against. */
typedef enum { JH_CLOCK_NO_DOUBT, JH_CLOCK_BEFORE_ANSWERS, JH_CLOCK_BEFORE_PACK, JH_CLOCK_FAR_AHEAD } jh_clock_doubt_t;
#define JH_CLOCK_AHEAD_DAYS 300
jh_clock_doubt_t jh_clock_doubt(int64_t now_ms, int64_t pack_made_ms, int64_t last_answer_ms, int64_t *ref_ms);

/* The Beijing-time day of a millisecond epoch timestamp ("2026-11-23"). */
void jh_format_day(int64_t ms, char out[16]);

struct tm;
/* An ISO 8601 UTC time ("2026-12-02T03:42:40.225Z") in Beijing time, into
 * *out (its fields as gmtime_r gives them); false when iso is not one. */
bool jh_iso_beijing(const char *iso, struct tm *out);

/* The folder of this program's executable (/proc/self/exe), malloc'd;
 * NULL when it cannot be read.  Owned by the caller. */
char *jh_exe_dir(void);

/* Formats a millisecond epoch timestamp as ISO 8601 UTC ("2026-11-23T08:15:02Z"). */
void jh_format_time(int64_t ms, char out[32]);

/* The same with milliseconds ("2026-11-23T08:15:02.417Z"), for times that are
 * compared with each other (a register loaded before a round was opened).
 * Texts of either form compare as their times do, but for the same second:
 * there the form without milliseconds sorts last. */
void jh_format_time_ms(int64_t ms, char out[32]);

#endif
