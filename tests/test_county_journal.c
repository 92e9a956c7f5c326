/* test_county_journal.c - what junheng sets up in SQLite (county_open's
 * process-wide configuration) leaves large statements in WAL mode working:
 * a statement inside a transaction whose statement journal passes 8 MB (an
 * UPDATE of 30 MB of rows, a DROP TABLE deleting securely) commits.  With
 * SQLITE_CONFIG_STMTJRNL_SPILL at 8 MB, as junheng set it before, Debian's
 * SQLite 3.40.1 failed both with SQLITE_FULL ("database or disk is full")
 * once the journal left memory; the county database is in WAL mode
 * between merges (registers, rounds, migrations). */
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "county.h"

static int exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) fprintf(stderr, "%s: %s\n", sql, msg ? msg : "?");
    sqlite3_free(msg);
    return rc;
}

static void test_large_statements_in_wal(void)
{
    char dir[] = "/tmp/jh-journal.XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char *cpath = jh_sprintf("%s/county.db", dir), *tpath = jh_sprintf("%s/t.db", dir);
    /* the county's open sets SQLite up for the whole process */
    county_t *c = NULL;
    jh_err_t err = {0};
    CHECK_INT(JH_OK, county_open(cpath, &c, &err));
    county_close(c);
    sqlite3 *db = NULL;
    CHECK_INT(SQLITE_OK, sqlite3_open(tpath, &db));
    CHECK_INT(SQLITE_OK, exec(db, "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; CREATE TABLE t(x);"
                                  "BEGIN; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                                  "WHERE i < 100000) INSERT INTO t SELECT randomblob(300) FROM n; COMMIT"));
    /* every page of t is in the UPDATE's statement journal (30 MB) */
    CHECK_INT(SQLITE_OK, exec(db, "BEGIN; CREATE TABLE u(y); UPDATE t SET x = randomblob(300); COMMIT"));
    /* and in the DROP's, which overwrites every freed page */
    CHECK_INT(SQLITE_OK, exec(db, "PRAGMA secure_delete=ON; BEGIN; CREATE TABLE v(z); DROP TABLE t; COMMIT"));
    sqlite3_stmt *q = NULL;
    CHECK_INT(SQLITE_OK, sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_schema WHERE name IN ('u', 'v')", -1,
                                            &q, NULL));
    CHECK(sqlite3_step(q) == SQLITE_ROW);
    CHECK_INT(2, sqlite3_column_int(q, 0));
    sqlite3_finalize(q);
    sqlite3_close(db);
    char *cmd = jh_sprintf("rm -rf '%s'", dir);
    CHECK_INT(0, system(cmd));
    free(cmd);
    free(cpath);
    free(tpath);
}

/* COUNTY_SCHEMA_VERSION is the schema a new county database gets (review
 * rmigrate, item 7: it said 2 while the code wrote 8). */
static void test_schema_version(void)
{
    char dir[] = "/tmp/jh-schema.XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char *cpath = jh_sprintf("%s/county.db", dir);
    county_t *c = NULL;
    jh_err_t err = {0};
    CHECK_INT(JH_OK, county_open(cpath, &c, &err));
    if (c) {
        sqlite3_stmt *q = NULL;
        CHECK_INT(SQLITE_OK, sqlite3_prepare_v2(county_db(c), "PRAGMA user_version", -1, &q, NULL));
        CHECK(sqlite3_step(q) == SQLITE_ROW);
        CHECK_INT(COUNTY_SCHEMA_VERSION, sqlite3_column_int(q, 0));
        sqlite3_finalize(q);
        county_close(c);
    }
    char *cmd = jh_sprintf("rm -rf '%s'", dir);
    CHECK_INT(0, system(cmd));
    free(cmd);
    free(cpath);
}

int main(void)
{
    RUN(test_schema_version);
    RUN(test_large_statements_in_wal);
    CHECK_DONE();
}
