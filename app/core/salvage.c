/* salvage.c - runs the sqlite3 shell's recovery over a copy of a damaged
 * kiosk database and loads what it printed into a new database (see
 * salvage.h). */
#include "salvage.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- static functions ------------------------------------------------------ */

static jh_status_t copy_file(const char *from, const char *to, jh_err_t *err)
{
    char *data = NULL;
    size_t len = 0;
    jh_status_t s = jh_read_file(from, &data, &len, err);
    if (s != JH_OK) return s;
    FILE *f = fopen(to, "wb");
    if (!f || fwrite(data, 1, len, f) != len) s = jh_err_set(err, JH_ERR_IO, "%s: cannot copy: %s", to, strerror(errno));
    if (f && fclose(f) != 0 && s == JH_OK) s = jh_err_set(err, JH_ERR_IO, "%s: cannot copy: %s", to, strerror(errno));
    free(data);
    return s;
}

/* Runs `SHELL -batch FILE COMMAND`, collecting its standard output; the
 * exit status goes to *status (-1 when it could not run). */
static void run_shell(const char *file, const char *command, jh_buf_t *out, int *status)
{
    const char *shell = getenv("JH_SQLITE3");
    if (!shell || !*shell) shell = "sqlite3";
    *status = -1;
    int p[2];
    if (pipe(p) != 0) return;
    pid_t pid = fork();
    if (pid < 0) {
        close(p[0]);
        close(p[1]);
        return;
    }
    if (pid == 0) {
        dup2(p[1], 1);
        int dn = open("/dev/null", O_WRONLY);
        if (dn >= 0) dup2(dn, 2);
        close(p[0]);
        close(p[1]);
        execlp(shell, shell, "-batch", file, command, (char *)NULL);
        _exit(127);
    }
    close(p[1]);
    char buf[65536];
    for (;;) {
        ssize_t r = read(p[0], buf, sizeof buf);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        jh_buf_append(out, buf, (size_t)r);
    }
    close(p[0]);
    int ws = 0;
    while (waitpid(pid, &ws, 0) < 0 && errno == EINTR) {
    }
    *status = WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
}

/* Executes every statement of sql in db, going on past the ones that fail
 * (a dump of a damaged file may hold broken statements); returns how many
 * INSERTs succeeded. */
static int64_t exec_all(sqlite3 *db, const char *sql)
{
    int64_t inserted = 0;
    const char *p = sql;
    while (p && *p) {
        sqlite3_stmt *q = NULL;
        const char *tail = NULL;
        int rc = sqlite3_prepare_v2(db, p, -1, &q, &tail);
        if (rc != SQLITE_OK) {
            /* Skip to the end of this statement. */
            const char *semi = strstr(p, ";\n");
            p = semi ? semi + 2 : NULL;
            continue;
        }
        if (q) {
            const char *text = sqlite3_sql(q);
            while (*text == ' ' || *text == '\n' || *text == '\r' || *text == '\t') text++;
            bool ins = !strncmp(text, "INSERT", 6);
            if (!strncmp(text, "ROLLBACK", 8)) {
                /* A dump that met damage ends in ROLLBACK: keep what it read. */
                sqlite3_finalize(q);
                p = tail;
                continue;
            }
            while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
            }
            if (rc == SQLITE_DONE && ins) inserted++;
            sqlite3_finalize(q);
        }
        if (!tail || tail == p) break;
        p = tail;
    }
    return inserted;
}

/* ---- public functions ------------------------------------------------------ */

jh_status_t salvage_recover(const char *damaged, char **out_path, char method[16], jh_err_t *err)
{
    method[0] = '\0';
    *out_path = NULL;
    struct stat sb;
    if (stat(damaged, &sb) != 0 || !S_ISREG(sb.st_mode))
        return jh_err_set(err, JH_ERR_NOTFOUND, "%s: no such database file", damaged);
    const char *base = getenv("TMPDIR");
    char *tmpl = jh_sprintf("%s/jh-salvage-XXXXXX", base && *base ? base : "/tmp");
    jh_status_t s = JH_OK;
    jh_buf_t sql = {0};
    sqlite3 *db = NULL;
    char *copy = NULL, *copy_wal = NULL, *wal = NULL, *rec = NULL;
    if (!mkdtemp(tmpl)) {
        s = jh_err_set(err, JH_ERR_IO, "cannot create a temporary folder: %s", strerror(errno));
        free(tmpl);
        return s;
    }
    copy = jh_sprintf("%s/damaged.db", tmpl);
    /* The recovered copy in the same folder (mkdtemp: 0700, a new name no
     * one else can have made or can open): it holds every answer readable
     * with the times of day (review rprivacy: it was $TMPDIR/jh-recovered-PID.db,
     * a predictable name opened without O_EXCL, readable by others). */
    rec = jh_sprintf("%s/recovered.db", tmpl);
    copy_wal = jh_sprintf("%s/damaged.db-wal", tmpl);
    wal = jh_sprintf("%s-wal", damaged);
    if ((s = copy_file(damaged, copy, err)) != JH_OK) goto out;
    /* Answers committed but not yet checkpointed are only in the WAL. */
    if (stat(wal, &sb) == 0 && (s = copy_file(wal, copy_wal, err)) != JH_OK) goto out;

    int status = -1;
    run_shell(copy, ".recover", &sql, &status);
    if (status == 127 || status == -1) {
        s = jh_err_set(err, JH_ERR_NOTFOUND,
                       "cannot run the sqlite3 program to recover the database (install the Debian package "
                       "sqlite3)");
        goto out;
    }
    if (status == 0 && sql.len > 0) {
        snprintf(method, 16, "recover");
    } else {
        /* This sqlite3 cannot .recover (Debian builds it without the page
         * reader it needs): .dump, which also reads past damaged pages. */
        sql.len = 0;
        run_shell(copy, ".dump", &sql, &status);
        snprintf(method, 16, "dump");
    }
    jh_buf_append(&sql, "", 1);
    if (sqlite3_open_v2(rec, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        s = jh_err_set(err, JH_ERR_IO, "%s: cannot create the recovered database: %s", rec,
                       db ? sqlite3_errmsg(db) : "out of memory");
        goto out;
    }
    sqlite3_exec(db, "PRAGMA synchronous = OFF; PRAGMA journal_mode = MEMORY;", NULL, NULL, NULL);
    int64_t n = exec_all(db, sql.data);
    /* A dump ends in COMMIT; a broken one may leave a transaction open. */
    if (!sqlite3_get_autocommit(db)) sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    if (n == 0)
        s = jh_err_set(err, JH_ERR_CORRUPT, "%s: nothing could be read from the damaged database (sqlite3 %s)",
                       damaged, method);
out:
    if (db) sqlite3_close(db);
    unlink(copy);
    unlink(copy_wal);
    char *shm = jh_sprintf("%s/damaged.db-shm", tmpl);
    unlink(shm);
    free(shm);
    if (s == JH_OK) {
        *out_path = rec; /* the folder stays for it: salvage_discard */
        rec = NULL;
    } else {
        salvage_discard(rec);
        rec = NULL;
    }
    rmdir(tmpl); /* (when empty: after a failure) */
    free(tmpl);
    free(copy);
    free(copy_wal);
    free(wal);
    jh_buf_free(&sql);
    return s;
}

void salvage_discard(char *path)
{
    if (!path) return;
    static const char *const ext[] = {"", "-journal", "-wal", "-shm"};
    for (int i = 0; i < 4; i++) {
        char *f = jh_sprintf("%s%s", path, ext[i]);
        unlink(f);
        free(f);
    }
    char *slash = strrchr(path, '/');
    if (slash) {
        *slash = '\0';
        rmdir(path);
    }
    free(path);
}
