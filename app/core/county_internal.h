/* county_internal.h - what county.c shares with county_merge.c: the
 * connection with its prepared statements and the error helpers.  Not for
 * other modules. */
#ifndef JH_COUNTY_INTERNAL_H
#define JH_COUNTY_INTERNAL_H

#include <sqlite3.h>

#include "county.h"

struct county {
    sqlite3 *db;
    char *path;
    /* merge statements, prepared once */
    sqlite3_stmt *ins_resp, *get_resp, *ins_quar, *ins_survey, *get_kiosk, *get_key,
        *ins_kiosk, *ins_import;
    sqlite3_stmt *merged_before; /* the re-merge lookup by hash, prepared when first needed */
    struct bundle_cache *surveys; /* questionnaires met in earlier bundles (owned) */
    struct county_dict {
        char hash[65];
        struct county_codes *k;   /* owned */
    } *dicts;                     /* packing dictionaries of the questionnaires met (schema 5) */
    int n_dicts;
    sqlite3_stmt *get_codes, *ins_code; /* survey_codes statements, prepared when first needed */
    bool dry_run;                 /* county_dry_run: one outer transaction, rolled back at close */
};

/* One step's transaction: BEGIN IMMEDIATE / COMMIT / ROLLBACK, or in a dry
 * run a savepoint inside the outer transaction. */
jh_status_t county_begin(county_t *c, jh_err_t *err);
jh_status_t county_commit(county_t *c, jh_err_t *err);
void county_rollback(county_t *c);

/* Fills err from the connection's last error (JH_ERR_FULL, _READONLY,
 * _CORRUPT or _IO) prefixed with the path and what was being done. */
jh_status_t county_db_fail(county_t *c, jh_err_t *err, const char *what);
/* Runs sql; on failure fills err as county_db_fail. */
jh_status_t county_exec(county_t *c, const char *sql, jh_err_t *err);

#endif
