/* county_internal.h - what county.c shares with county_merge.c: the
 * connection with its prepared statements and the error helpers.  Not for
 * other modules. */
#ifndef JH_COUNTY_INTERNAL_H
#define JH_COUNTY_INTERNAL_H

#include <sqlite3.h>
#include <sys/stat.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "county.h"

#define COUNTY_CACHED_MAX 48 /* (about 30 statements in use: room to spare) */

struct county {
    sqlite3 *db;
    char *path;
    /* merge statements, prepared once */
    sqlite3_stmt *ins_resp, *get_resp, *ins_quar, *ins_survey, *get_kiosk, *get_key,
        *ins_kiosk, *ins_import;
    sqlite3_stmt *merged_before; /* the re-merge lookup by hash, prepared when first needed */
    sqlite3_stmt *ins_rows[2];   /* the merge's insert of new responses, 16 rows (ROWS_BATCH)
                                  * and one row (county_merge.c), prepared when first needed */
    struct bundle_cache *surveys; /* questionnaires met in earlier bundles (owned) */
    struct county_dict {
        char hash[65];
        struct county_codes *k;   /* owned */
    } *dicts;                     /* packing dictionaries of the questionnaires met (schema 5) */
    int n_dicts;
    sqlite3_stmt *get_codes, *ins_code; /* survey_codes statements, prepared when first needed */
    struct county_cached {
        const char *sql;          /* a string literal: looked up by address */
        sqlite3_stmt *stmt;
    } cached[COUNTY_CACHED_MAX];  /* county_stmt's statements */
    int n_cached;
    bool dry_run;                 /* county_dry_run: one outer transaction, rolled back at close */
    bool grouped;                 /* county_merge_files' group commit: an outer transaction is open */
    int64_t quarantine_added;     /* rows the current file added to quarantine (an arrival kept before adds none) */
    bool code_marked;             /* the meta row COUNTY_CODE_SINCE_KEY is known to be there */
    bool read_only;               /* opened read-only (county_open_existing of a file that cannot be written) */
    bool input;                   /* another office's database, only read (county_open_input): never written */
    char *uri;                    /* read_only: the URI it was opened with (county_uri) */
    bool immutable;               /* read_only on a read-only file system: SQLite takes no locks */
    struct stat ro_stat;          /* immutable: the file as it was opened (county_check_unchanged) */
    char *copy_dir;               /* input: the private folder of the copy read (open_input_copy), removed at close */
    unsigned char mark_key[16];   /* the secret of the uuid marks (schema 9: meta COUNTY_MARK_KEY) */
    bool has_mark_key;            /* read at open (a database of schema 9 has one) */
    int64_t run_import_floor;     /* the import log's last id before this merge run (review rattack7, item 1) */
};

/* Schema 9: the uuid marks (review rattack5, item 3).  A bundle's marks are
 * the COUNTY_MARKS smallest keyed hashes (libsodium's crypto_shorthash,
 * SipHash-2-4, with the county's secret) of its responses' UUIDs; the
 * table uuid_marks holds every merged bundle's with the kiosk id that
 * brought them.  A bottom-k sketch: the marks of a copy of a bundle, of a
 * part of one or of several combined are among the stored ones with high
 * probability (a copy of a fraction f of a bundle misses all of the
 * bundle's marks with probability about (1 - f)^16), and without the
 * secret nobody can tell which UUIDs give them.  A mark is 8 bytes
 * (compared and stored big-endian); `county_marks_t` keeps them sorted. */
#define COUNTY_MARKS 16
#define COUNTY_MARK_KEY "uuid_mark_key"
typedef struct {
    uint64_t v[COUNTY_MARKS]; /* ascending */
    int idx[COUNTY_MARKS];    /* the bundle's response that gave each (-1: not known) */
    int n;
    /* Review rattack7, item 3: two responses of the bundle with one UUID
     * (indexes; -1: none), found by the merge's worker */
    int dup_a, dup_b;
} county_marks_t;
/* Adds the mark of one UUID: of its text (36 lowercase characters from a
 * bundle; a stored row's uuid as the responses view gives it back). */
void county_marks_add(county_marks_t *m, const unsigned char key[16], const char *uuid, size_t n);
/* The mark of one UUID, and adding it (of the bundle's response idx). */
uint64_t county_mark_of(const unsigned char key[16], const char *uuid, size_t n);
void county_marks_put(county_marks_t *m, uint64_t v, int idx);
/* The 8 bytes stored of mark v. */
void county_mark_bytes(uint64_t v, unsigned char out[8]);

/* Schema 10 (review r2copy): the copies among the stored responses are
 * moved to quarantine.  At a catch of kiosk `only` (its kiosk_refs id),
 * its rows whose UUID another kiosk holds, whichever came first (review
 * r3copy, item 1: the kiosk caught is the copy, never the other one); with
 * 0 (every stored row, a sort of all UUIDs: the migration), the rows that
 * repeat the UUID of another kiosk's response brought in an earlier
 * import (the first imported wins).  They are moved to quarantine
 * (not counted, listed; the import log's n_quarantined counts them) and
 * each kiosk holding some is remembered in copied_kiosks (another catch
 * adds to its number).  *n_only: the rows moved of kiosk `only` (of all
 * kiosks when 0); *n_all: of all kiosks.  The import log's rows of the
 * imports that brought them say so (reason).  Inside the caller's
 * transaction; only when a copy is caught, never on the merge's normal
 * path. */
jh_status_t county_catch_copies(county_t *c, int64_t only, int64_t now_ms, int64_t *n_only, int64_t *n_all,
                                jh_err_t *err);

/* The meta key whose value is the last import-log id written before the
 * county code was set: rows after it were merged knowing the county code
 * (a bundle without one then warned), the re-merge fast path's condition. */
#define COUNTY_CODE_SINCE_KEY "county_code_since_import"
/* "1" when COUNTY_CODE_SINCE_KEY was written as the code was set
 * (county_code_set), not later on a database from before the mark. */
#define COUNTY_CODE_SINCE_SET_KEY "county_code_since_set"

/* Writes COUNTY_CODE_SINCE_KEY (the import log's last id now) when now, or
 * when it is missing (a database whose code was set before the key existed:
 * only its later rows are known to have been merged with the code). */
jh_status_t county_code_mark(county_t *c, bool now, jh_err_t *err);

/* One step's transaction: BEGIN IMMEDIATE / COMMIT / ROLLBACK, or in a dry
 * run or a group commit a savepoint inside the outer transaction. */
jh_status_t county_begin(county_t *c, jh_err_t *err);
jh_status_t county_commit(county_t *c, jh_err_t *err);
void county_rollback(county_t *c);

/* The statement for sql, a string literal (looked up by its address),
 * prepared on first use and kept until county_close: the merge runs the
 * same few statements for every bundle, and preparing them each time cost
 * about 3 % of its writer.  The caller binds, steps and then resets it
 * (county_stmt_done) so that no statement holds a read open.  NULL when it
 * cannot be prepared (the connection's error says why). */
sqlite3_stmt *county_stmt(county_t *c, const char *sql);
/* sqlite3_reset and sqlite3_clear_bindings of a county_stmt statement. */
void county_stmt_done(sqlite3_stmt *s);

/* Schema 6: SQL of a stored uuid, chain or day (a column or expression u)
 * as the text schema 5 stored: the responses view's columns. */
#define COUNTY_UUID_TEXT_SQL(u)                                                                                        \
    "CASE WHEN typeof(" u ") = 'blob' AND length(" u ") = 16 THEN lower(substr(hex(" u "), 1, 8) || '-' || "    \
    "substr(hex(" u "), 9, 4) || '-' || substr(hex(" u "), 13, 4) || '-' || substr(hex(" u "), 17, 4) || '-' || " \
    "substr(hex(" u "), 21)) ELSE " u " END"
#define COUNTY_CHAIN_TEXT_SQL(h) "CASE WHEN typeof(" h ") = 'blob' AND length(" h ") = 32 THEN lower(hex(" h ")) ELSE " h " END"
#define COUNTY_DAY_TEXT_SQL(d)                                                                                          \
    "CASE WHEN typeof(" d ") = 'integer' THEN printf('%04d-%02d-%02d', " d " / 10000, " d " / 100 % 100, " d \
    " % 100) ELSE " d " END"

/* Schema 6: how a response row stores its uuid, chain and day (county.c).
 * county_uuid_blob: the 16 bytes of a canonical uuid (36 characters,
 * lowercase hex 8-4-4-4-12, nothing after them); county_chain_blob: the 32
 * bytes of 64 lowercase hex digits (s holds at least 64 bytes or a NUL
 * before); county_day_int: YYYYMMDD of a text of exactly ten characters
 * "DDDD-DD-DD" (digits; not checked as a date: the text comes back as it
 * was), -1 otherwise.  Anything else is stored as the text it is, so the
 * `responses` view gives back every value as it came. */
bool county_uuid_blob(const char *s, size_t n, uint8_t out[16]);
bool county_chain_blob(const char *s, size_t n, uint8_t out[32]);
int64_t county_day_int(const char *s, size_t n);

/* Fills err from the connection's last error (JH_ERR_FULL, _READONLY,
 * _CORRUPT or _IO) prefixed with the path and what was being done. */
jh_status_t county_db_fail(county_t *c, jh_err_t *err, const char *what);
/* Runs sql; on failure fills err as county_db_fail. */
jh_status_t county_exec(county_t *c, const char *sql, jh_err_t *err);

#endif
