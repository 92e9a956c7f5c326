/* test_reliab_faults.c - I/O faults the disk throws at the kiosk, injected
 * with tests/faults/fault_preload.c (this test runs with it in LD_PRELOAD
 * and switches faults on and off between steps through jh_fault_set):
 *   - fsync failing (EIO) while answers are saved and while a questionnaire
 *     is submitted: a clear error, the draft keeps everything, nothing
 *     stored changes, and the retry succeeds once the disk behaves;
 *   - fsync failing on submit and then the power goes: after the restart the
 *     questionnaire is there exactly once (submitted or abandoned);
 *   - the same through the kiosk's state machine: the out-of-service screen,
 *     automatic retries, and the person continues where they were;
 *   - exports whose fsync or write fails, and a USB stick pulled out at every
 *     possible write of an export (the target directory disappears): each
 *     ends in a clear message, nothing half-written is left behind, the
 *     kiosk database is unchanged (exports are not recorded) and the next
 *     export onto a new stick holds everything.
 * Full and read-only disks are covered by test_store and test_bundle
 * (real tmpfs); this file adds what needs the injector. */
#include <dirent.h>
#include <sodium.h>
#include <dlfcn.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include "bundle.h"
#include "check.h"
#include "pack.h"
#include "screens.h"

#include "store.h"
#include "test_store_util.h"
#include "test_ui_util.h"
#include "ui_app.h"
#include "ui_replay.h"
#include "ui_text.h"

#define T0 1795395600000LL

static char dir[512];
static void (*fault_set)(long fsync_n, long write_n, long times, const char *path);
static void (*fault_set_pull)(long n, const char *dir);
static long (*fault_injected)(void);
static void (*fault_set_getrandom)(int unready);
static long (*fault_getrandom_blocking)(void), (*fault_getrandom_eagain)(void);
static long n_pulls;

/* Every table of a database as text (a fresh connection, like a restart). */
static char *dump_db(const char *path)
{
    sqlite3 *db = NULL;
    jh_buf_t b = {0};
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        jh_buf_printf(&b, "cannot open: %s", sqlite3_errmsg(db));
        sqlite3_close(db);
        return jh_buf_take(&b);
    }
    sqlite3_stmt *t = NULL;
    sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", -1, &t, NULL);
    while (sqlite3_step(t) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(t, 0);
        jh_buf_printf(&b, "[%s]\n", name);
        char *sql = jh_sprintf("SELECT * FROM \"%s\" ORDER BY rowid", name);
        sqlite3_stmt *q = NULL;
        if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK) {
            sqlite3_finalize(q);
            free(sql);
            sql = jh_sprintf("SELECT * FROM \"%s\"", name);
            sqlite3_prepare_v2(db, sql, -1, &q, NULL);
        }
        while (q && sqlite3_step(q) == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(q); c++) {
                const unsigned char *v = sqlite3_column_text(q, c);
                jh_buf_printf(&b, "%s|", v ? (const char *)v : "NULL");
            }
            jh_buf_puts(&b, "\n");
        }
        sqlite3_finalize(q);
        free(sql);
    }
    sqlite3_finalize(t);
    sqlite3_stmt *q = NULL;
    sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &q, NULL);
    if (sqlite3_step(q) == SQLITE_ROW) jh_buf_printf(&b, "integrity %s\n", sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    sqlite3_close(db);
    return jh_buf_take(&b);
}

static int64_t query_int(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    int64_t v = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_stmt *q = NULL;
        if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
            v = sqlite3_column_int64(q, 0);
        sqlite3_finalize(q);
    }
    sqlite3_close(db);
    return v;
}

static survey_t *load_survey(const char *rel)
{
    size_t len = 0;
    char *text = tu_read_source(rel, &len);
    jh_err_t err = {0};
    jh_buf_t errors = {0};
    survey_t *s = NULL;
    if (survey_load_text(rel, text, len, NULL, &s, &errors, &err) != JH_OK) {
        fprintf(stderr, "%s: %s\n%s\n", rel, err.msg, errors.data ? errors.data : "");
        exit(2);
    }
    jh_buf_free(&errors);
    free(text);
    return s;
}

static store_t *open_store(const char *path)
{
    store_t *st = NULL;
    jh_err_t err = {0};
    if (store_open(path, T0, &st, NULL, &err) != JH_OK) {
        fprintf(stderr, "store_open: %s\n", err.msg);
        exit(2);
    }
    store_setting_set(st, "kiosk_id", "K-FAULT", &err);
    store_setting_set(st, "school_code", "3607010001", &err);
    return st;
}

static void submit(store_t *st, const survey_t *s, int k, int64_t t)
{
    store_draft_t d;
    jh_err_t err = {0};
    store_draft_init(&d, s, "parent", "zh-CN", t);
    store_draft_set(&d, 0, k % 2 ? "urban" : "rural", t + 5000);
    store_draft_set(&d, 1, "satisfied", t + 9000);
    CHECK_INT(JH_OK, store_draft_save(st, &d, t + 9000, &err));
    CHECK_INT(JH_OK, store_draft_finish(st, &d, STORE_SUBMITTED, t + 60000, &err));
    store_draft_free(&d);
}

/* fsync fails while a person answers and submits; the draft survives and
 * both the save and the submit succeed when tried again. */
static void test_store_fsync(void)
{
    char path[700];
    snprintf(path, sizeof path, "%s/fsync.db", dir);
    survey_t *s = load_survey("tests/store/mini-survey.json");
    store_t *st = open_store(path);
    for (int k = 0; k < 2; k++) submit(st, s, k, T0 + k * 100000);
    store_draft_t d;
    jh_err_t err = {0};
    store_draft_init(&d, s, "parent", "zh-CN", T0 + 500000);
    store_draft_set(&d, 0, "town", T0 + 505000);
    CHECK_INT(JH_OK, store_draft_save(st, &d, T0 + 505000, &err));
    char *before = dump_db(path);

    fault_set(1, 0, 0, dir); /* every fsync in the directory fails from now on */
    store_draft_set(&d, 1, "fairly", T0 + 510000);
    jh_status_t r = store_draft_save(st, &d, T0 + 510000, &err);
    CHECK(r == JH_ERR_IO);
    CHECK_CONTAINS("cannot save the answers", err.msg);
    CHECK_CONTAINS(path, err.msg);
    printf("  fsync failing, save: %s\n", err.msg);
    CHECK_STR("fairly", d.values[1]);
    r = store_draft_finish(st, &d, STORE_SUBMITTED, T0 + 560000, &err);
    CHECK(r == JH_ERR_IO);
    CHECK_CONTAINS("cannot submit the questionnaire", err.msg);
    printf("  fsync failing, submit: %s\n", err.msg);
    CHECK_INT(STORE_IN_PROGRESS, d.status);
    fault_set(0, 0, 0, NULL);
    char *during = dump_db(path);
    CHECK_STR(before, during);

    /* A transient fault: one fsync fails, the retry succeeds. */
    fault_set(1, 0, 1, dir);
    CHECK(store_draft_save(st, &d, T0 + 570000, &err) != JH_OK);
    CHECK_INT(JH_OK, store_draft_save(st, &d, T0 + 570000, &err));
    fault_set(0, 0, 0, NULL);
    CHECK_INT(JH_OK, store_draft_finish(st, &d, STORE_SUBMITTED, T0 + 580000, &err));
    CHECK_INT(3, query_int(path, "SELECT count(*) FROM responses WHERE status = 1"));
    CHECK_INT(2, query_int(path, "SELECT count(*) FROM answers a JOIN responses r USING (seq) WHERE r.seq = 3 "
                                 "AND ((item_id = 'residence' AND value = 'town') OR value = 'fairly')"));
    /* The two earlier questionnaires are exactly as before. */
    char *after = dump_db(path);
    char *b2 = strstr(before, "[responses]"), *a2 = strstr(after, "[responses]");
    CHECK(b2 && a2 && !strncmp(b2, a2, (size_t)(strchr(strchr(b2, '\n') + 1, '\n') - b2)));
    CHECK_CONTAINS("integrity ok", after);
    store_draft_free(&d);
    store_close(st);
    free(before);
    free(during);
    free(after);
    survey_free(s);
}

/* fsync fails on submit and then the power goes: after the restart the
 * questionnaire is there exactly once, never twice and never lost. */
static void test_store_fsync_then_power_cut(void)
{
    char path[700];
    snprintf(path, sizeof path, "%s/fsynccut.db", dir);
    survey_t *s = load_survey("tests/store/mini-survey.json");
    store_t *st = open_store(path);
    submit(st, s, 0, T0);
    store_close(st);
    int fds[2];
    CHECK(pipe(fds) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        store_t *c = open_store(path);
        store_draft_t d;
        jh_err_t err = {0};
        store_draft_init(&d, s, "parent", "en", T0 + 200000);
        store_draft_set(&d, 0, "urban", T0 + 205000);
        store_draft_set(&d, 1, "basic", T0 + 206000);
        if (store_draft_save(c, &d, T0 + 206000, &err) != JH_OK) _exit(3);
        fault_set(1, 0, 0, NULL);
        jh_status_t r = store_draft_finish(c, &d, STORE_SUBMITTED, T0 + 260000, &err);
        dprintf(fds[1], "%d %s\n", (int)r, d.uuid);
        raise(SIGKILL);
        _exit(4);
    }
    close(fds[1]);
    char line[128] = "";
    ssize_t n = read(fds[0], line, sizeof line - 1);
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    CHECK(WIFSIGNALED(status));
    int r = -1;
    char uuid[64] = "";
    CHECK(n > 0 && sscanf(line, "%d %63s", &r, uuid) == 2);
    CHECK(r != JH_OK);
    st = open_store(path);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM responses WHERE uuid = '%s'", uuid);
    CHECK_INT(1, query_int(path, sql));
    snprintf(sql, sizeof sql, "SELECT status FROM responses WHERE uuid = '%s'", uuid);
    int64_t stv = query_int(path, sql);
    CHECK(stv == STORE_SUBMITTED || stv == STORE_ABANDONED);
    printf("  submit failed (fsync), then a power cut: after the restart the questionnaire is %s, once\n",
           stv == STORE_SUBMITTED ? "submitted (the data reached the disk)" : "abandoned");
    char *d = dump_db(path);
    CHECK_CONTAINS("integrity ok", d);
    free(d);
    store_close(st);
    survey_free(s);
}

/* The kiosk itself: the disk fails while a person answers.  The kiosk shows
 * "temporarily out of service", keeps the answers in memory, retries every
 * two seconds and lets the person go on once the disk works again. */
static void test_kiosk_out_of_service(void)
{
    char path[700];
    snprintf(path, sizeof path, "%s/kiosk.db", dir);
    store_t *st = open_store(path);
    jh_err_t err;
    store_ensure_defaults(st, &err);
    char *surveys = ut_surveys_dir();
    ui_app_config_t cfg = {.store = st, .surveys_dir = surveys, .now_ms = T0, .width = 1920, .height = 1080,
                           .measure = {ut_fake_width, NULL}, .idle_seconds = 120};
    ui_app_t *app = ui_app_create(&cfg);
    CHECK_INT(0, ut_run(app, "tap-text 开始答题\nwait 500\ntap-text 家长\nwait 500\ntap-text 我知道了，开始\nwait 500\n"
                             "expect-text 第 1 / 23 题\ntap-text 四到六年级\nwait 600\nexpect-text 第 2 / 23 题\n"));
    fault_set(1, 0, 0, dir);
    CHECK_INT(0, ut_run(app, "wait 500\ntap-text 乡村\nexpect-screen unavailable\nexpect-text 暂停服务\nwait 10000\n"
                             "expect-screen unavailable\n"));
    CHECK(app->n_store_failures >= 1);
    CHECK(app->has_draft && app->draft.values[1] && !strcmp(app->draft.values[1], "rural"));
    fault_set(0, 0, 0, NULL);
    CHECK_INT(0, ut_run(app, "wait 2100\nexpect-screen question\n"));
    CHECK_INT(1, query_int(path, "SELECT count(*) FROM answers WHERE item_id = 'residence' AND value = 'rural'"));
    /* The submit fails too: the thank-you screen comes once it worked. */
    fault_set(1, 0, 0, dir);
    ui_app_finish(app, STORE_SUBMITTED);
    CHECK_STR("unavailable", ui_app_screen_name(app));
    CHECK_INT(0, query_int(path, "SELECT count(*) FROM responses WHERE status = 1"));
    fault_set(0, 0, 0, NULL);
    CHECK_INT(0, ut_run(app, "wait 2100\nexpect-screen thanks\n"));
    CHECK_INT(1, query_int(path, "SELECT count(*) FROM responses WHERE status = 1"));
    CHECK_INT(2, query_int(path, "SELECT count(*) FROM answers"));
    CHECK_INT(1, app->n_submitted);
    ui_app_destroy(app);
    store_close(st);
    free(surveys);
}

static char *list_dir(const char *d)
{
    jh_buf_t b = {0};
    DIR *dd = opendir(d);
    struct dirent *e;
    char *names[64];
    int n = 0;
    while (dd && (e = readdir(dd)) && n < 64)
        if (e->d_name[0] != '.') names[n++] = jh_strdup(e->d_name);
    if (dd) closedir(dd);
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            if (strcmp(names[i], names[j]) > 0) {
                char *t = names[i];
                names[i] = names[j];
                names[j] = t;
            }
    for (int i = 0; i < n; i++) {
        jh_buf_printf(&b, "%s\n", names[i]);
        free(names[i]);
    }
    return jh_buf_take(&b);
}

/* Exports whose fsync or write fails on the target. */
static void test_export_faults(void)
{
    char path[700], usb[700];
    snprintf(path, sizeof path, "%s/export.db", dir);
    snprintf(usb, sizeof usb, "%s/usb", dir);
    mkdir(usb, 0755);
    survey_t *s = load_survey("tests/store/mini-survey.json");
    store_t *st = open_store(path);
    for (int k = 0; k < 3; k++) submit(st, s, k, T0 + k * 100000);
    jh_err_t err = {0};
    /* A bureau key (as from a county pack): the export then also writes the
     * sealed database backup, and the faults below reach its writes too. */
    unsigned char bpk[32], bsk[64];
    crypto_sign_keypair(bpk, bsk);
    char bhex[65];
    jh_hex(bpk, 32, bhex);
    CHECK_INT(JH_OK, store_setting_set(st, "bureau_key", bhex, &err));
    bundle_export_info_t first, info;
    CHECK_INT(JH_OK, bundle_export(st, usb, false, T0 + 1000000, &first, &err));
    for (int k = 3; k < 6; k++) submit(st, s, k, T0 + 1000000 + k * 100000);
    char *files = list_dir(usb), *db = dump_db(path);
    char sha[65];
    char *text = NULL;
    size_t len = 0;
    CHECK_INT(JH_OK, jh_read_file(first.path, &text, &len, &err));
    jh_sha256_hex(text, len, sha);
    free(text);

    static const struct {
        long fsync_n, write_n;
        const char *what;
    } faults[] = {{1, 0, "the first fsync"}, {2, 0, "the second fsync"}, {3, 0, "the third fsync"},
                  {0, 1, "the first write"}};
    /* (the second write, the sealed backup's, meeting a full stick: the
     * bundle is kept and recorded without it, test_export_backup_no_room) */
    for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++) {
        fault_set(faults[i].fsync_n, faults[i].write_n, 0, usb);
        jh_status_t r = bundle_export(st, usb, false, T0 + 3000000 + (int64_t)i * 1000, &info, &err);
        fault_set(0, 0, 0, NULL);
        if (r == JH_OK) {
            fprintf(stderr, "export succeeded although %s on the target failed\n", faults[i].what);
            CHECK(false);
            continue;
        }
        CHECK(faults[i].write_n ? r == JH_ERR_FULL : r == JH_ERR_IO);
        CHECK_CONTAINS(usb, err.msg);
        printf("  export, %s fails: %s\n", faults[i].what, err.msg);
        char *now_files = list_dir(usb), *now_db = dump_db(path);
        CHECK_STR(files, now_files);
        CHECK_STR(db, now_db);
        free(now_files);
        free(now_db);
    }
    CHECK_INT(JH_OK, jh_read_file(first.path, &text, &len, &err));
    char sha2[65];
    jh_sha256_hex(text, len, sha2);
    free(text);
    CHECK_STR(sha, sha2);
    /* The disk behaves again: the next export holds everything new. */
    CHECK_INT(JH_OK, bundle_export(st, usb, false, T0 + 4000000, &info, &err));
    CHECK_INT(4, info.first_seq);
    CHECK_INT(6, info.last_seq);
    free(files);
    free(db);
    store_close(st);
    survey_free(s);
}

/* Review rsoak, item 2: a stick with room for the bundle but not for the
 * sealed database backup (every export carries the whole database's
 * backup: 10 new answers could not go to a 64 MB stick).  The bundle is
 * written, verified and recorded without the backup, the backup's partial
 * file is removed, and the export says why (room needed, room there).
 * Failed before: JH_ERR_FULL, the bundle removed, nothing recorded. */
static void test_export_backup_no_room(void)
{
    char path[700], usb[700];
    snprintf(path, sizeof path, "%s/noroom.db", dir);
    snprintf(usb, sizeof usb, "%s/noroom-usb", dir);
    mkdir(usb, 0755);
    survey_t *s = load_survey("tests/store/mini-survey.json");
    store_t *st = open_store(path);
    for (int k = 0; k < 3; k++) submit(st, s, k, T0 + k * 100000);
    jh_err_t err = {0};
    unsigned char bpk[32], bsk[64];
    crypto_sign_keypair(bpk, bsk);
    char bhex[65];
    jh_hex(bpk, 32, bhex);
    CHECK_INT(JH_OK, store_setting_set(st, "bureau_key", bhex, &err));
    bundle_export_info_t info;
    /* every write to the sealed backup on the stick: no space left */
    fault_set(0, 1, 0, ".db.sealed");
    jh_status_t r = bundle_export(st, usb, false, T0 + 1000000, &info, &err);
    fault_set(0, 0, 0, NULL);
    if (r != JH_OK) fprintf(stderr, "export without room for the backup: %s\n", err.msg);
    CHECK_INT(JH_OK, r);
    CHECK(info.recorded);
    CHECK_INT(3, info.n_responses);
    CHECK_INT(1, info.backup_left_out);
    CHECK_STR("", info.backup_path);
    CHECK(info.backup_need_bytes > 0 && info.backup_free_bytes >= 0);
    CHECK_CONTAINS("the database backup was left out: the export drive has", info.backup_note);
    printf("  no room for the backup: %s\n", info.backup_note);
    bundle_t *b = NULL;
    CHECK_INT(JH_OK, bundle_read(info.path, &b, &err));
    if (b) CHECK_INT(3, b->n_responses);
    bundle_free(b);
    char *files = list_dir(usb);
    CHECK(files && strstr(files, ".json\n") && !strstr(files, ".db.sealed")); /* no partial backup */
    free(files);
    CHECK_INT(3, query_int(path, "SELECT max(last_seq) FROM exports"));
    CHECK_INT(1, query_int(path, "SELECT count(*) FROM exports WHERE backup_path = ''"));
    /* with room again, the next export carries the backup */
    for (int k = 3; k < 5; k++) submit(st, s, k, T0 + 1000000 + k * 100000);
    CHECK_INT(JH_OK, bundle_export(st, usb, false, T0 + 2000000, &info, &err));
    CHECK_INT(0, info.backup_left_out);
    CHECK(info.backup_path[0] && access(info.backup_path, F_OK) == 0);
    CHECK_INT(4, info.first_seq);
    store_close(st);
    survey_free(s);
}

/* The USB stick is pulled out at each write of an export in turn: the
 * directory disappears (lazy unmount, then the mount point goes, as udisks
 * does).  Each attempt ends in a clear message and records nothing; the
 * next stick gets everything. */
static void test_export_stick_pulled(void)
{
    char path[700], usb[700];
    snprintf(path, sizeof path, "%s/pulled.db", dir);
    snprintf(usb, sizeof usb, "%s/stick", dir);
    survey_t *s = load_survey("tests/store/mini-survey.json");
    store_t *st = open_store(path);
    for (int k = 0; k < 8; k++) submit(st, s, k, T0 + k * 100000);
    jh_err_t err = {0};
    /* With a bureau key the sealed backup is the export's second write. */
    unsigned char bpk[32], bsk[64];
    crypto_sign_keypair(bpk, bsk);
    char bhex[65];
    jh_hex(bpk, 32, bhex);
    CHECK_INT(JH_OK, store_setting_set(st, "bureau_key", bhex, &err));
    char *db = dump_db(path);
    bundle_export_info_t info;
    int n;
    for (n = 1; n < 1000; n++) {
        mkdir(usb, 0755);
        if (!tu_mount_tmpfs(usb, 4 * 1024 * 1024)) {
            CHECK_SKIP("test_export_stick_pulled: cannot mount a tmpfs here (%s)", strerror(errno));
            rmdir(usb);
            break;
        }
        fault_set_pull(n, usb);
        jh_status_t r = bundle_export(st, usb, true, T0 + 5000000 + n, &info, &err);
        fault_set_pull(0, NULL);
        bool pulled = access(usb, F_OK) != 0;
        if (!pulled) {
            /* The export finished before its n-th write: every earlier write
             * had its pull-out.  This stick is the retry: it gets everything. */
            CHECK_INT(JH_OK, r);
            CHECK_INT(1, info.first_seq);
            CHECK_INT(8, info.last_seq);
            bundle_t *b = NULL;
            CHECK_INT(JH_OK, bundle_read(info.path, &b, &err));
            if (b) CHECK_INT(8, b->n_responses);
            bundle_free(b);
            CHECK_INT(8, query_int(path, "SELECT max(last_seq) FROM exports"));
            tu_umount(usb);
            rmdir(usb);
            break;
        }
        n_pulls++;
        CHECK(r != JH_OK);
        if (r == JH_OK) fprintf(stderr, "pulled at write %d but the export reported success\n", n);
        else if (n <= 3 || n % 10 == 0) printf("  stick pulled at write %d: %s\n", n, err.msg);
        CHECK_CONTAINS("the export folder disappeared during the export (was the USB drive removed?", err.msg);
        /* its own case (review rusb4, item 5): not a general I/O error,
         * which the admin screen tells as "try another stick" */
        CHECK_INT(JH_ERR_NOTFOUND, r);
        char *now_db = dump_db(path);
        CHECK_STR(db, now_db);
        free(now_db);
    }
    CHECK(n > 2 || n_pulls == 0);
    printf("  the stick was pulled out at each of %ld writes of an export\n", n_pulls);
    free(db);
    store_close(st);
    survey_free(s);
}

/* Review rusb4, item 5: the stick pulled out during an export from the
 * admin screen.  The headline said 请换一个 U 盘再试 and the real reason
 * was English only; now the pulled stick is told in Chinese first: plug it
 * in, 重新查找 U 盘, export again; nothing recorded. */
static void test_admin_stick_pulled(void)
{
    char path[700], usb[700];
    snprintf(path, sizeof path, "%s/adminpull.db", dir);
    snprintf(usb, sizeof usb, "%s/adminstick", dir);
    survey_t *s = load_survey("tests/store/mini-survey.json");
    store_t *st = open_store(path);
    jh_err_t err;
    CHECK_INT(JH_OK, store_ensure_defaults(st, &err));
    for (int k = 0; k < 3; k++) submit(st, s, k, T0 + k * 100000);
    CHECK_INT(JH_OK, store_pin_set(st, "2468", &err));
    mkdir(usb, 0755);
    if (!tu_mount_tmpfs(usb, 4 * 1024 * 1024)) {
        CHECK_SKIP("test_admin_stick_pulled: cannot mount a tmpfs here (%s)", strerror(errno));
        rmdir(usb);
        store_close(st);
        survey_free(s);
        return;
    }
    char *surveys = ut_surveys_dir();
    const char *const globs[] = {usb, NULL};
    ui_app_config_t cfg = {.store = st, .surveys_dir = surveys, .now_ms = T0 + 3600000, .width = 1920,
                           .height = 1080, .measure = {ut_fake_width, NULL}, .idle_seconds = 120,
                           .media_globs = globs};
    ui_app_t *app = ui_app_create(&cfg);
    CHECK_INT(0, ut_run(app, "tap 10 10\nwait 100\ntap 10 10\nwait 100\ntap 10 10\nwait 100\ntap 10 10\nwait 100\n"
                             "tap 10 10\nexpect-screen pin\ntext 2468\nkey enter\nexpect-screen admin\nwait 500\n"));
    char *db = dump_db(path);
    fault_set_pull(1, usb);
    CHECK_INT(0, ut_run(app, "tap-text 导出新答卷\nwait 500\nexpect-text U 盘在导出时被拔出了：请插好 U 盘，点“重新查找 U 盘”\n"
                             "expect-no-text 换一个 U 盘\nexpect-no-text 已导出 3 份\n"));
    fault_set_pull(0, NULL);
    CHECK(access(usb, F_OK) != 0); /* (really pulled) */
    char *now_db = dump_db(path);
    CHECK_STR(db, now_db); /* nothing recorded */
    free(now_db);
    free(db);
    ui_app_destroy(app);
    store_close(st);
    free(surveys);
    survey_free(s);
}

/* Review 13 (ronsite), item 5: a school picked from the register was saved
 * in five transactions, each with its own identity file write; with the
 * identity file's second write failing the kiosk kept the new code
 * (3607030001 柳林乡中心小学) with the old school's name, level and
 * locality, and the bundle's manifest.school carried the mix.  Now all or
 * nothing, with the identity file matching the database. */
static void school_expect(store_t *st, const char *code, const char *name, const char *level, const char *loc)
{
    const char *keys[] = {"school_code", "school_name", "school_level", "locality"};
    const char *want[] = {code, name, level, loc};
    char ipath[800];
    snprintf(ipath, sizeof ipath, "%s.identity", store_path(st));
    char *ident = NULL;
    size_t len = 0;
    jh_err_t err;
    CHECK_INT(JH_OK, jh_read_file(ipath, &ident, &len, &err));
    for (int i = 0; i < 4; i++) {
        char *v = store_setting_get(st, keys[i]);
        CHECK_STR(want[i], v);
        char line[300];
        snprintf(line, sizeof line, "%s = %s\n", keys[i], want[i]);
        if (!ident || !strstr(ident, line)) fprintf(stderr, "expected '%s' in the identity file\n", line);
        CHECK(ident && strstr(ident, line));
        free(v);
    }
    free(ident);
}

static void test_school_pick_atomic(void)
{
    char path[700];
    snprintf(path, sizeof path, "%s/school.db", dir);
    store_t *st = open_store(path);
    jh_err_t err;
    CHECK_INT(JH_OK, store_ensure_defaults(st, &err));
    const char *keys[] = {"school_code", "school_name", "school_level", "locality", "county_code"};
    const char *old[] = {"3607020003", "石桥九年一贯制学校", "nine_year", "town", "360702"};
    CHECK_INT(JH_OK, store_settings_set(st, keys, old, 5, &err));
    char *surveys = ut_surveys_dir();
    ui_app_config_t cfg = {.store = st, .surveys_dir = surveys, .now_ms = T0, .width = 1920, .height = 1080,
                           .measure = {ut_fake_width, NULL}, .idle_seconds = 120};
    ui_app_t *app = ui_app_create(&cfg);
    pack_t *p = jh_xcalloc(1, sizeof *p);
    snprintf(p->county_code, sizeof p->county_code, "360703");
    p->n_schools = 1;
    p->schools = jh_xcalloc(1, sizeof *p->schools);
    snprintf(p->schools[0].code, sizeof p->schools[0].code, "3607030001");
    snprintf(p->schools[0].name, sizeof p->schools[0].name, "柳林乡中心小学");
    snprintf(p->schools[0].level, sizeof p->schools[0].level, "primary");
    snprintf(p->schools[0].locality, sizeof p->schools[0].locality, "rural");
    app->pack = p; /* owned by the app now */
    /* The identity file's second write fails (the first one in the old
     * code went through: the code alone was saved). */
    for (int first_failing = 2; first_failing >= 1; first_failing--) {
        ui_app_goto(app, &screen_school);
        fault_set(0, first_failing, 0, ".identity");
        CHECK_INT(0, ut_run(app, "wait 500\ntap-text 3607030001 柳林乡中心小学（小学，乡村）\nexpect-screen setup\n"));
        fault_set(0, 0, 0, NULL);
        if (first_failing == 2) {
            /* One write now: it goes through, and with it the whole school. */
            school_expect(st, "3607030001", "柳林乡中心小学", "primary", "rural");
            CHECK_INT(JH_OK, store_settings_set(st, keys, old, 5, &err));
        } else {
            /* It fails: the school stays as it was, in the database and the file. */
            CHECK(strstr(app->setup_msg, "identity") != NULL);
            school_expect(st, "3607020003", "石桥九年一贯制学校", "nine_year", "town");
        }
    }
    ui_app_destroy(app);
    store_close(st);
    free(surveys);
}

/* A first county pack install (no questionnaire folder DIR before) whose
 * marker DIR.old/.no-pack-before could not be made durable (its fsync
 * fails: the disk, or a power cut between the folder and the marker with
 * a failure on the resume): the undo took the empty DIR.old for the old
 * pack and made it DIR, an empty questionnaire folder the kiosk preferred
 * to its bundled questionnaires.  Now DIR.old is made under a temporary
 * name with its marker, then renamed: no DIR is left, at once, after a
 * start, and after an install cut short at its journal whose resume meets
 * the same fault; an install without the fault then succeeds.  Failed
 * before: DIR left, empty. */
static void test_pack_first_install_marker(void)
{
    unsigned char sk[64], pk[32];
    crypto_sign_keypair(pk, sk);
    pack_school_t schools[1] = {{"3607020003", "石桥九年一贯制学校", "nine_year", "town", 0}};
    size_t len = 0;
    char *sv = tu_read_source("tests/store/mini-survey.json", &len);
    char *texts[1] = {sv};
    char *path = jh_sprintf("%s/%s", dir, PACK_FILE_NAME);
    jh_err_t err = {0};
    pack_t *p = NULL;
    CHECK_INT(JH_OK, pack_write(path, sk, "360702", schools, 1, NULL, texts, 1, T0, &err));
    CHECK_INT(JH_OK, pack_read(path, &p, &err));
    for (int cut = 0; p && cut < 2; cut++) {
        char *db = jh_sprintf("%s/first%d.db", dir, cut), *sdir = jh_sprintf("%s.surveys", db),
             *old = jh_sprintf("%s.old", sdir), *old_tmp = jh_sprintf("%s.old.tmp", sdir);
        store_t *st = NULL;
        CHECK_INT(JH_OK, store_open(db, T0, &st, NULL, &err));
        if (cut) { /* the install cut short right after its journal */
            fflush(NULL);
            pid_t pid = fork();
            if (pid == 0) {
                pack_test_cut_after(3);
                _exit(pack_install(st, path, p, sdir, &err) == JH_OK ? 0 : 4);
            }
            int ws = 0;
            CHECK(pid > 0 && waitpid(pid, &ws, 0) == pid && WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
            CHECK(access(sdir, F_OK) != 0);
        }
        fault_set(1, 0, 0, ".no-pack-before");
        jh_status_t s = cut ? pack_install_resume(st, sdir, NULL, &err) : pack_install(st, path, p, sdir, &err);
        fault_set(0, 0, 0, NULL);
        CHECK(s != JH_OK);
        CHECK_CONTAINS("the install was undone: no county pack is installed", err.msg);
        CHECK(access(sdir, F_OK) != 0);
        CHECK(access(old, F_OK) != 0);
        CHECK(access(old_tmp, F_OK) != 0);
        store_close(st);
        /* a start: nothing to finish, still no DIR; then the install again */
        CHECK_INT(JH_OK, store_open(db, T0, &st, NULL, &err));
        CHECK_INT(JH_OK, pack_install_resume(st, sdir, NULL, &err));
        CHECK(access(sdir, F_OK) != 0);
        CHECK_INT(JH_OK, pack_install(st, path, p, sdir, &err));
        char *installed = jh_sprintf("%s/parent-mini.json", sdir);
        CHECK(access(installed, F_OK) == 0);
        CHECK(access(old, F_OK) != 0);
        free(installed);
        store_close(st);
        free(db);
        free(sdir);
        free(old);
        free(old_tmp);
    }
    pack_free(p);
    free(path);
    free(sv);
}

/* A write right after a cold boot on an older kernel, the entropy pool not
 * yet initialised: write_durable's getrandom(..., 0) for the temporary
 * file's name blocked until it was (the kiosk froze on its first answer).
 * Now it asks with GRND_NONBLOCK and, on EAGAIN, takes the fallback name
 * (still created with O_EXCL): the write goes through at once, the file
 * whole, no temporary left.  Failed before: a blocking call. */
static void test_write_entropy_not_ready(void)
{
    char *d = jh_sprintf("%s/entropy", dir), *path = jh_sprintf("%s/answer.json", d);
    jh_err_t err = {0};
    CHECK_INT(JH_OK, jh_mkdir_p(d, &err));
    for (int round = 0; round < 2; round++) { /* a new file, then one replaced */
        const char *text = round ? "{\"round\":2}" : "{\"round\":1}";
        fault_set_getrandom(1);
        jh_status_t s = jh_write_file_atomic(path, text, strlen(text), &err);
        long blocking = fault_getrandom_blocking(), eagain = fault_getrandom_eagain();
        fault_set_getrandom(0);
        CHECK_INT(JH_OK, s);
        if (blocking != 0) fprintf(stderr, "expected no blocking getrandom call, got %ld\n", blocking);
        CHECK(blocking == 0);
        CHECK(eagain >= 1); /* the fallback was taken */
        char *back = NULL;
        size_t len = 0;
        CHECK_INT(JH_OK, jh_read_file(path, &back, &len, &err));
        CHECK(back && len == strlen(text) && !memcmp(back, text, len));
        free(back);
    }
    DIR *dd = opendir(d);
    struct dirent *e;
    int n = 0;
    while (dd && (e = readdir(dd)))
        if (e->d_name[0] != '.') n++;
    if (dd) closedir(dd);
    CHECK_INT(1, n); /* answer.json alone: no temporary left */
    free(path);
    free(d);
}

int main(void)
{
    fault_set = (void (*)(long, long, long, const char *))dlsym(RTLD_DEFAULT, "jh_fault_set");
    fault_set_pull = (void (*)(long, const char *))dlsym(RTLD_DEFAULT, "jh_fault_set_pull");
    fault_injected = (long (*)(void))dlsym(RTLD_DEFAULT, "jh_fault_injected");
    fault_set_getrandom = (void (*)(int))dlsym(RTLD_DEFAULT, "jh_fault_set_getrandom");
    fault_getrandom_blocking = (long (*)(void))dlsym(RTLD_DEFAULT, "jh_fault_getrandom_blocking");
    fault_getrandom_eagain = (long (*)(void))dlsym(RTLD_DEFAULT, "jh_fault_getrandom_eagain");
    if (!fault_set || !fault_set_pull || !fault_injected || !fault_set_getrandom || !fault_getrandom_blocking ||
        !fault_getrandom_eagain) {
        fprintf(stderr, "run with LD_PRELOAD=libfault_preload.so (ctest does)\n");
        return 1;
    }
    tu_tempdir(dir, "faults");
    RUN(test_store_fsync);
    RUN(test_store_fsync_then_power_cut);
    RUN(test_kiosk_out_of_service);
    RUN(test_export_faults);
    RUN(test_export_backup_no_room);
    RUN(test_export_stick_pulled);
    RUN(test_admin_stick_pulled);
    RUN(test_school_pick_atomic);
    RUN(test_pack_first_install_marker);
    RUN(test_write_entropy_not_ready);
    printf("faults injected: %ld failed fsync/write calls, %ld sticks pulled out\n", fault_injected(), n_pulls);
    tu_rmtree(dir);
    CHECK_DONE();
}
