/* test_ui_store.c - the kiosk when the database cannot be written: the
 * person sees "暂停服务", their answers stay in memory, saving is retried,
 * and they continue where they were once the disk works again.  Uses a small
 * tmpfs that is filled up with a ballast file (a remount read-only is
 * refused while the database is open); needs root and mount, skipped
 * otherwise. */
#include <dirent.h>
#include <grp.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "check.h"
#include "i18n.h"
#include "screens.h"
#include "test_ui_util.h"
#include "ui_app.h"
#include "ui_replay.h"
#include "ui_text.h"

static char dir[256];

static int sh(const char *fmt, const char *arg)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, fmt, arg);
    return system(cmd);
}

/* Fills the tmpfs to the last byte (full) or frees the ballast again. */
static int fill(bool full)
{
    if (!full) return sh("rm -f '%s/ballast'", dir);
    return sh("dd if=/dev/zero of='%s/ballast' bs=4k 2>/dev/null; sync; true", dir);
}

/* The start of every case: a kiosk of the bundled questionnaires on
 * DIR/NAME.db at t0, with the idle timeout given; admin: a school chosen and
 * the PIN 2468 set (for the admin screen).  *st and the app are the
 * caller's, freed by close_kiosk. */
static const int64_t t0 = 1795395600000LL;

/* The USB stick open_kiosk offers for exports (NULL: none). */
static const char *stick;

static ui_app_t *open_kiosk(const char *name, int idle_seconds, bool admin, store_t **st)
{
    char *db = jh_sprintf("%s/%s.db", dir, name);
    jh_err_t err;
    CHECK_INT(JH_OK, store_open(db, t0, st, NULL, &err));
    store_ensure_defaults(*st, &err);
    if (admin) {
        CHECK_INT(JH_OK, store_setting_set(*st, "school_code", "3607010001", &err));
        CHECK_INT(JH_OK, store_pin_set(*st, "2468", &err));
    }
    char *surveys = ut_surveys_dir();
    ui_app_config_t cfg = {.store = *st, .surveys_dir = surveys, .now_ms = t0, .width = 1920, .height = 1080,
                           .measure = {ut_fake_width, NULL}, .idle_seconds = idle_seconds};
    const char *const globs[] = {stick, NULL};
    if (stick) cfg.media_globs = globs;
    ui_app_t *app = ui_app_create(&cfg);
    free(surveys);
    free(db);
    return app;
}

static void close_kiosk(ui_app_t *app, store_t *st)
{
    ui_app_destroy(app);
    store_close(st);
}

/* Answers every question left (satisfied, 9, or 跳过 where allowed) up to
 * the summary.  kept: a question whose answer is already in the draft
 * (kept through a failure) shows this text and is passed with 下一题; NULL
 * when there is none. */
static void answer_rest(ui_app_t *app, const char *kept)
{
    for (int guard = 0; guard < 40 && !strcmp(ui_app_screen_name(app), "question"); guard++) {
        const survey_item_t *it = &app->survey->items[app->item];
        int bad;
        if (kept && app->draft.values[app->item]) { /* kept through the failure: still selected */
            char *cmd = jh_sprintf("wait 500\nexpect-text %s\ntap-text 下一题\n", kept);
            bad = ut_run(app, cmd);
            free(cmd);
        } else if (it->type == SURVEY_ITEM_TEXT || it->type == SURVEY_ITEM_MULTI || !it->required) {
            bad = ut_run(app, "wait 500\ntap-text 跳过\n");
        } else if (it->type == SURVEY_ITEM_RATING) {
            bad = ut_run(app, "wait 500\ntap-text 9\nwait 800\n");
        } else {
            bad = ut_run(app, "wait 500\ntap-text 满意\nwait 800\n");
        }
        CHECK_INT(0, bad);
        if (bad) break;
    }
    CHECK_STR("summary", ui_app_screen_name(app));
}

static void test_full_disk(void)
{
    store_t *st;
    jh_err_t err;
    ui_app_t *app = open_kiosk("kiosk", 600, false, &st);
    CHECK_INT(0, ut_run(app, "tap-text 开始答题\nwait 500\ntap-text 家长\nwait 500\ntap-text 我知道了，开始\nwait 500\n"
                             "tap-text 初中\nwait 500\n"));
    /* The disk becomes read-only: the next answer cannot be written. */
    CHECK_INT(0, fill(true));
    CHECK_INT(0, ut_run(app, "wait 500\ntap-text 乡村\nexpect-screen unavailable\nexpect-text 暂停服务\n"
                             "wait 4100\nexpect-screen unavailable\n"));
    /* what happened and what to do, in Chinese for the staff, before the
     * store's English (SQLite's) message for the technician */
    CHECK_INT(0, ut_run(app, "expect-text 给学校工作人员：答题机的磁盘满了\nexpect-text 请联系教育局技术人员腾出磁盘空间\n"
                             "expect-text 技术信息：cannot\n"));
    /* ... and for a visitor reading English too: the staff's sentence is
     * the Chinese one, as its label's first part (review r2repair, item 5:
     * it was English) */
    snprintf(app->lang, sizeof app->lang, "en");
    app->dirty = true;
    CHECK_INT(0, ut_run(app, "wait 100\nexpect-text for the school's staff: 答题机的磁盘满了\n"
                             "expect-no-text the disk is full\n"));
    snprintf(app->lang, sizeof app->lang, "zh-CN");
    app->dirty = true;
    CHECK(app->draft.values[1] && !strcmp(app->draft.values[1], "rural")); /* kept in memory */
    CHECK(app->n_store_failures >= 1);
    CHECK_INT(0, fill(false));
    CHECK_INT(0, ut_run(app, "wait 2100\nexpect-screen question\nexpect-text 您家住在城里\n"));
    /* answer everything else; the disk fails again right at submit */
    answer_rest(app, "您家住在城里");
    CHECK_INT(0, fill(true));
    CHECK_INT(0, ut_run(app, "wait 500\ntap-text 提交\nexpect-screen unavailable\nwait 2100\nexpect-screen unavailable\n"));
    CHECK_INT(0, fill(false));
    CHECK_INT(0, ut_run(app, "wait 2100\nexpect-screen thanks\n"));
    store_counts_t c;
    CHECK_INT(JH_OK, store_counts(st, t0 + 3600000, &c, &err));
    CHECK_INT(1, c.submitted);
    close_kiosk(app, st);
    char *db = jh_sprintf("%s/kiosk.db", dir);
    /* What was stored survives a reopen. */
    CHECK_INT(JH_OK, store_open(db, t0 + 7200000, &st, NULL, &err));
    CHECK_INT(JH_OK, store_counts(st, t0 + 7200000, &c, &err));
    CHECK_INT(1, c.submitted);
    CHECK_INT(0, c.abandoned);
    store_close(st);
    free(db);
}

/* The stored rows of db as "status|timed_out|item=value;..." per response. */
static char *stored_rows(const char *db)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *q = NULL;
    jh_buf_t b = {0};
    jh_buf_puts(&b, "");
    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(h,
                           "SELECT r.status, r.timed_out, coalesce((SELECT group_concat(a.item_id || '=' || a.value, "
                           "';') FROM answers a WHERE a.seq = r.seq), '') FROM responses r ORDER BY r.seq",
                           -1, &q, NULL) == SQLITE_OK)
        while (sqlite3_step(q) == SQLITE_ROW)
            jh_buf_printf(&b, "%d|%d|%s\n", sqlite3_column_int(q, 0), sqlite3_column_int(q, 1),
                          (const char *)sqlite3_column_text(q, 2));
    sqlite3_finalize(q);
    sqlite3_close(h);
    return b.data;
}

/* rparent's review: a parent answers in large text, the disk fails
 * (暂停服务) and they leave; 8 minutes later the disk works again.  The
 * next person must find the welcome screen in Chinese, normal text, never
 * the parent's question with their answer selected; the parent's answers
 * (the one stored before the outage and the one kept in memory) are stored
 * as abandoned, as the idle screen's countdown stores them.  A touch during
 * the outage means someone is there: the countdown starts again. */
static void test_gone_during_outage(void)
{
    store_t *st;
    ui_app_t *app = open_kiosk("gone", 120, false, &st);
    CHECK_INT(0, ut_run(app, "tap-text 大字模式\nwait 500\ntap-text 开始答题\nwait 500\ntap-text 家长\nwait 500\n"
                             "tap-text 我知道了，开始\nwait 500\ntap-text 初中\nwait 500\n"));
    CHECK(app->large_text);
    CHECK_INT(0, fill(true));
    /* 119 s after the failed save: still the plain out-of-service screen */
    CHECK_INT(0, ut_run(app, "wait 500\ntap-text 乡村\nexpect-screen unavailable\nwait 119000\n"
                             "expect-screen unavailable\nexpect-no-text 您还在吗\n"));
    /* then the idle screen's question and countdown; a touch answers it */
    CHECK_INT(0, ut_run(app, "wait 2000\nexpect-text 您还在吗\nexpect-text 29 秒后\ntap 960 1000\nwait 500\n"
                             "expect-screen unavailable\nexpect-no-text 您还在吗\nwait 110000\n"
                             "expect-no-text 您还在吗\nwait 10000\nexpect-text 您还在吗\n"));
    CHECK(app->has_draft && app->large_text); /* still the parent's, until the countdown ends */
    /* nobody touches: the parent has gone; the disk is still full */
    CHECK_INT(0, ut_run(app, "wait 30100\nexpect-screen unavailable\nexpect-no-text 您还在吗\nwait 300000\n"
                             "expect-screen unavailable\n"));
    CHECK(!app->large_text);
    CHECK_STR("zh-CN", app->lang);
    CHECK_INT(0, fill(false));
    CHECK_INT(0, ut_run(app, "wait 2100\nexpect-screen welcome\nexpect-text 开始答题\n"));
    CHECK(!app->has_draft && !app->large_text && !app->person_gone);
    CHECK_STR("zh-CN", app->lang);
    /* the next person starts afresh: a new questionnaire from the first question */
    CHECK_INT(0, ut_run(app, "wait 500\ntap-text 开始答题\nwait 500\ntap-text 家长\nwait 500\n"
                             "tap-text 我知道了，开始\nwait 500\nexpect-text 孩子现在上几年级\n"));
    CHECK(app->draft.values[0] == NULL);
    close_kiosk(app, st);
    char *db = jh_sprintf("%s/gone.db", dir);
    char *rows = stored_rows(db);
    CHECK_STR("2|0|grade=junior;residence=rural\n", rows); /* 2 = abandoned, both answers */
    free(rows);
    free(db);
}

/* The disk fails at 提交 and the person leaves: what they submitted is
 * stored as submitted once the disk works, and the kiosk shows the welcome
 * screen (reset), not 谢谢 to whoever stands there later. */
static void test_gone_after_submit(void)
{
    store_t *st;
    jh_err_t err;
    ui_app_t *app = open_kiosk("gone2", 120, false, &st);
    CHECK_INT(0, ut_run(app, "tap-text 大字模式\nwait 500\ntap-text 开始答题\nwait 500\ntap-text 家长\nwait 500\n"
                             "tap-text 我知道了，开始\nwait 500\n"));
    answer_rest(app, NULL);
    CHECK_INT(0, fill(true));
    CHECK_INT(0, ut_run(app, "wait 500\ntap-text 提交\nexpect-screen unavailable\nwait 150100\n"));
    CHECK(!app->large_text);
    CHECK_INT(0, fill(false));
    CHECK_INT(0, ut_run(app, "wait 2100\nexpect-screen welcome\n"));
    CHECK(!app->has_draft && !app->person_gone);
    store_counts_t c;
    CHECK_INT(JH_OK, store_counts(st, t0 + 3600000, &c, &err));
    CHECK_INT(1, c.submitted);
    CHECK_INT(0, c.abandoned);
    close_kiosk(app, st);
}

/* The questionnaire at 提交, for the tests below. */
static void to_summary(ui_app_t *app)
{
    CHECK_INT(0, ut_run(app, "tap-text 开始答题\nwait 500\ntap-text 家长\nwait 500\ntap-text 我知道了，开始\nwait 500\n"));
    answer_rest(app, NULL);
}

/* Review rkiosk5 item 5 during an outage: a parent with every question
 * answered reaches the summary, goes back (返回修改, 上一题) to pick what
 * the school should improve, the disk fails and they leave.  The
 * questionnaire reached the summary complete: it is stored as submitted by
 * timeout (the pick too), as
 * the idle screen's countdown stores it; it was abandoned. */
static void test_gone_back_from_summary(void)
{
    store_t *st;
    ui_app_t *app = open_kiosk("gone3", 120, false, &st);
    to_summary(app);
    CHECK_INT(0, ut_run(app, "wait 500\ntap-text 返回修改\nexpect-screen question\nwait 500\ntap-text 上一题\n"
                             "expect-text 最多选3项\n"));
    CHECK_INT(0, fill(true));
    CHECK_INT(0, ut_run(app, "wait 500\ntap-text 饭菜\nexpect-screen unavailable\nwait 150100\n"));
    CHECK_INT(0, fill(false));
    CHECK_INT(0, ut_run(app, "wait 2100\nexpect-screen welcome\n"));
    CHECK(!app->has_draft && !app->person_gone);
    close_kiosk(app, st);
    char *db = jh_sprintf("%s/gone3.db", dir);
    char *rows = stored_rows(db);
    CHECK(!strncmp(rows, "1|1|", 4)); /* submitted, timed out */
    CHECK(strstr(rows, "=meals") != NULL);
    if (strncmp(rows, "1|1|", 4)) fprintf(stderr, "stored: %s", rows);
    free(rows);
    free(db);
}

/* Review rseason: the school changed on a kiosk that holds answers.  Staff
 * are told how many answers belong to the school, how many are not
 * exported and what to do; the school stays (the answers carry no school). */
static void test_school_change_refused(void)
{
    store_t *st;
    ui_app_t *app = open_kiosk("school", 120, true, &st);
    to_summary(app);
    CHECK_INT(0, ut_run(app, "wait 500\ntap-text 提交\nwait 10000\nexpect-screen welcome\n"));
    const char *admin = "tap 10 10\nwait 100\ntap 10 10\nwait 100\ntap 10 10\nwait 100\ntap 10 10\nwait 100\n"
                        "tap 10 10\nexpect-screen pin\ntext 2468\nkey enter\nexpect-screen admin\nwait 500\n";
    CHECK_INT(0, ut_run(app, admin));
    CHECK_INT(0, ut_run(app, "tap-text 设置学校\nwait 500\nexpect-screen setup\ntap-text 修改学校代码\nwait 500\n"
                             "tap-text 9\nwait 300\ntap-text 确定\nwait 300\n"
                             "expect-text 不能改学校：本机已有 1 份答卷记在学校 3607010001 名下（其中 1 份还没有导出）\n"
                             "expect-text 先在管理界面点“导出全部”\nexpect-no-text 已保存\n"
                             "expect-screen setup\nexpect-layout\n"));
    /* The smallest screen too: the message of several lines keeps 完成 on it. */
    ui_app_resize(app, 800, 480);
    CHECK_INT(0, ut_run(app, "wait 100\nexpect-text 不能改学校\nexpect-text 完成\nexpect-layout\n"));
    ui_app_resize(app, 1080, 1920);
    CHECK_INT(0, ut_run(app, "wait 100\nexpect-text 不能改学校\nexpect-layout\n"));
    char *code = store_setting_get(st, "school_code");
    CHECK_STR("3607010001", code ? code : "(none)");
    free(code);
    close_kiosk(app, st);
}

/* Session 17: the note on a replaced signing key stayed on the admin
 * screen for ever.  It goes with the first export after it (signed with
 * the new key: the bundle carries it to the bureau), and that export's
 * message says what to tell the bureau as the stick leaves the kiosk. */
static void test_admin_key_replaced_export(void)
{
    store_t *st;
    jh_err_t err;
    char *usb = jh_sprintf("%s/keyusb", dir);
    CHECK_INT(JH_OK, jh_mkdir_p(usb, &err));
    stick = usb;
    const char *admin = "tap 10 10\nwait 100\ntap 10 10\nwait 100\ntap 10 10\nwait 100\ntap 10 10\nwait 100\n"
                        "tap 10 10\nexpect-screen pin\ntext 2468\nkey enter\nexpect-screen admin\nwait 500\n";
    ui_app_t *app = open_kiosk("keyexp", 120, true, &st);
    to_summary(app);
    CHECK_INT(0, ut_run(app, "wait 500\ntap-text 提交\nwait 10000\nexpect-screen welcome\n"));
    CHECK_INT(0, ut_run(app, admin));
    CHECK_INT(0, ut_run(app, "tap-text 导出新答卷\nwait 500\nexpect-text 已导出 1 份\nexpect-no-text 换了新密钥\n"));
    close_kiosk(app, st);
    char *key = jh_sprintf("%s/keyexp.db.key", dir);
    CHECK_INT(0, unlink(key));
    free(key);
    app = open_kiosk("keyexp", 120, true, &st);
    char *kid = store_setting_get(st, "kiosk_id"), fp[64];
    store_key_fingerprint(st, fp);
    to_summary(app);
    CHECK_INT(0, ut_run(app, "wait 500\ntap-text 提交\nwait 10000\nexpect-screen welcome\n"));
    CHECK_INT(0, ut_run(app, admin));
    CHECK_INT(0, ut_run(app, "expect-text 本机已换成新密钥\n"));
    char *want = jh_sprintf("tap-text 导出新答卷\nwait 500\nexpect-text 已导出 1 份\n"
                            "expect-text 交 U 盘时请告诉县教育局\nexpect-text 答题机 %s 换了新密钥，新指纹 %s\n"
                            "expect-no-text 本机已换成新密钥\nexpect-layout\n",
                            kid ? kid : "?", fp);
    CHECK_INT(0, ut_run(app, want));
    free(want);
    close_kiosk(app, st);
    /* the next visit: no note, nothing said of the key */
    app = open_kiosk("keyexp", 120, true, &st);
    CHECK_INT(0, ut_run(app, admin));
    CHECK_INT(0, ut_run(app, "expect-no-text 本机已换成新密钥\nexpect-no-text 换了新密钥\n"));
    char *v = store_setting_get(st, "key_replaced");
    CHECK(v == NULL);
    free(v);
    close_kiosk(app, st);
    stick = NULL;
    free(kid);
    free(usb);
}

/* Bundles (*.json) in folder d. */
static int bundles_in(const char *d)
{
    int n = 0;
    DIR *dd = opendir(d);
    struct dirent *e;
    while (dd && (e = readdir(dd)))
        if (strlen(e->d_name) > 5 && !strcmp(e->d_name + strlen(e->d_name) - 5, ".json")) n++;
    if (dd) closedir(dd);
    return n;
}

static int exports_recorded(store_t *st)
{
    sqlite3_stmt *q = NULL;
    int n = -1;
    if (sqlite3_prepare_v2(store_db(st), "SELECT count(*) FROM exports", -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        n = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    return n;
}

/* test_admin_stick_gone's cases, in a mount namespace of its own (the
 * child's exit status: 77 cannot mount here, else its failures). */
static int stick_gone_cases(void)
{
    /* /media: a folder of the kiosk's own disk (the database's tmpfs), as
     * on a kiosk, where systemd-mount leaves the empty mount point there */
    char *root = jh_sprintf("%s/mediaroot", dir), *under = jh_sprintf("%s/office/STICK", root);
    char *elsewhere = jh_sprintf("%s/kioskfolder", dir);
    const char *office = "/media/office", *usb = "/media/office/STICK", *usb2 = "/media/office/STICK2";
    jh_err_t err;
    if (jh_mkdir_p(under, &err) != JH_OK || jh_mkdir_p(elsewhere, &err) != JH_OK ||
        mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 || mount(root, "/media", NULL, MS_BIND, NULL) != 0 ||
        mount("tmpfs", usb, "tmpfs", 0, "size=2m") != 0)
        return 77;
    store_t *st;
    ui_app_t *app = open_kiosk("usbgone", 120, true, &st); /* (no glob: the stick from mountinfo) */
    to_summary(app);
    CHECK_INT(0, ut_run(app, "wait 500\ntap-text 提交\nwait 10000\nexpect-screen welcome\n"));
    const char *admin = "tap 10 10\nwait 100\ntap 10 10\nwait 100\ntap 10 10\nwait 100\ntap 10 10\nwait 100\n"
                        "tap 10 10\nexpect-screen pin\ntext 2468\nkey enter\nexpect-screen admin\nwait 500\n";
    CHECK_INT(0, ut_run(app, admin));
    CHECK_INT(1, app->n_export_targets);
    CHECK_STR(usb, app->n_export_targets > 0 ? app->export_targets[0] : "");
    /* Between the scan (the admin screen opened, or 重新查找 U 盘) and
     * 导出新答卷 the target stops being the stick, four ways: nothing is
     * written anywhere, nothing recorded, and the screen says to plug it
     * in and look again.  Failed before: written onto the kiosk's disk (or
     * the covering mount), "已导出 1 份", recorded. */
    const char *how[] = {"unmounted (an empty folder left on the kiosk's disk)", "mounted at another place",
                         "gone, its folder replaced by a symbolic link to a folder of the kiosk's disk",
                         "covered by a later mount over the folder above it"};
    for (int way = 0; way < 4; way++) {
        printf("  after the scan the stick is %s\n", how[way]);
        if (way > 0) {
            CHECK_INT(0, mount("tmpfs", usb, "tmpfs", 0, "size=2m"));
            CHECK_INT(0, ut_run(app, "tap-text 重新查找 U 盘\nwait 500\n"));
            CHECK_INT(1, app->n_export_targets);
        }
        const char *left = usb; /* where an export would have gone */
        if (way < 3) CHECK_INT(0, umount2(usb, MNT_DETACH));
        if (way == 1) {
            CHECK_INT(0, mkdir(usb2, 0755));
            CHECK_INT(0, mount("tmpfs", usb2, "tmpfs", 0, "size=2m"));
        } else if (way == 2) {
            CHECK_INT(0, rmdir(usb));
            CHECK_INT(0, symlink(elsewhere, usb));
            left = elsewhere;
        } else if (way == 3) {
            CHECK_INT(0, mount("tmpfs", office, "tmpfs", 0, "size=2m")); /* another device than the database */
            CHECK_INT(0, mkdir(usb, 0755));
        }
        CHECK_INT(0, ut_run(app, "tap-text 导出新答卷\nwait 500\nexpect-text 找不到 U 盘（已拔出，或换了位置）\n"
                                 "expect-text 重新查找 U 盘\nexpect-no-text 已导出 1 份\nexpect-layout\n"));
        CHECK_INT(0, bundles_in(left));
        CHECK_INT(0, bundles_in(under));
        if (way == 1) CHECK_INT(0, bundles_in(usb2));
        CHECK_INT(0, exports_recorded(st));
        if (way == 1) {
            CHECK_INT(0, umount2(usb2, MNT_DETACH));
            CHECK_INT(0, rmdir(usb2));
        } else if (way == 2) {
            CHECK_INT(0, unlink(usb));
            CHECK_INT(0, mkdir(usb, 0755));
        } else if (way == 3) {
            CHECK_INT(0, umount2(office, MNT_DETACH)); /* the stick under it again */
            CHECK_INT(0, umount2(usb, MNT_DETACH));
        }
    }
    /* 重新查找 U 盘 with no stick: none listed; plugged in again: exported. */
    CHECK_INT(0, ut_run(app, "tap-text 重新查找 U 盘\nwait 500\n"));
    CHECK_INT(0, app->n_export_targets);
    CHECK_INT(0, mount("tmpfs", usb, "tmpfs", 0, "size=2m"));
    CHECK_INT(0, ut_run(app, "tap-text 重新查找 U 盘\nwait 500\ntap-text 导出新答卷\nwait 500\nexpect-text 已导出 1 份\n"));
    CHECK_INT(1, bundles_in(usb));
    CHECK_INT(1, exports_recorded(st));
    close_kiosk(app, st);
    umount2(usb, MNT_DETACH);
    free(root);
    free(under);
    free(elsewhere);
    return check_failures_ ? 1 : 0;
}

/* Review rusb4, item 1 (serious): the stick pulled after the admin screen
 * opened; 导出新答卷 wrote the answers into the empty mount point left on
 * the kiosk's own disk, said 已导出, and marked them exported.  Needs a
 * mount namespace (root) and /media. */
static void test_admin_stick_gone(void)
{
    struct stat sb;
    if (stat("/media", &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        CHECK_SKIP("test_admin_stick_gone: no /media folder here");
        return;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        int r = unshare(CLONE_NEWNS) != 0 ? 77 : stick_gone_cases();
        fflush(NULL);
        _exit(r);
    }
    int ws = 0;
    CHECK(pid > 0 && waitpid(pid, &ws, 0) == pid);
    if (WIFEXITED(ws) && WEXITSTATUS(ws) == 77) CHECK_SKIP("test_admin_stick_gone: no mount namespace here");
    else CHECK(WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
}

/* test_admin_export_not_writable's cases, in a mount namespace of its own
 * (the child's exit status: 77 cannot mount or change user here). */
static int not_writable_cases(void)
{
    const char *admin = "tap 10 10\nwait 100\ntap 10 10\nwait 100\ntap 10 10\nwait 100\ntap 10 10\nwait 100\n"
                        "tap 10 10\nexpect-screen pin\ntext 2468\nkey enter\nexpect-screen admin\nwait 500\n";
    char *ro = jh_sprintf("%s/rostick", dir), *perm = jh_sprintf("%s/permstick", dir);
    char *home = jh_sprintf("%s/nobody", dir);
    if (mkdir(ro, 0755) != 0 || mkdir(perm, 0755) != 0 || mkdir(home, 0755) != 0 || chown(home, 65534, 65534) != 0 ||
        mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 || mount("tmpfs", ro, "tmpfs", MS_RDONLY, "size=1m") != 0)
        return 77;
    /* A stick mounted read-only (its write-protect switch): as before. */
    store_t *st;
    stick = ro;
    ui_app_t *app = open_kiosk("rostick", 120, true, &st);
    to_summary(app);
    CHECK_INT(0, ut_run(app, "wait 500\ntap-text 提交\nwait 10000\nexpect-screen welcome\n"));
    CHECK_INT(0, ut_run(app, admin));
    CHECK_INT(0, ut_run(app, "tap-text 导出新答卷\nwait 500\nexpect-text U 盘不能写入：请换一个 U 盘（或拨开 U 盘的写保护开关）\n"
                             "expect-no-text 没有权限\n"));
    close_kiosk(app, st);
    /* A folder the kiosk's user may not write (EACCES) on a stick that is
     * not write-protected: said so, not "write protection".  The kiosk runs
     * as nobody here (root may write anywhere). */
    stick = perm;
    if (setgroups(0, NULL) != 0 || setgid(65534) != 0 || setuid(65534) != 0) return 77;
    app = open_kiosk("nobody/kiosk", 120, true, &st);
    to_summary(app);
    CHECK_INT(0, ut_run(app, "wait 500\ntap-text 提交\nwait 10000\nexpect-screen welcome\n"));
    CHECK_INT(0, ut_run(app, admin));
    CHECK_INT(0, ut_run(app, "tap-text 导出新答卷\nwait 500\nexpect-text 答题机没有权限写入 U 盘上的这个文件夹（不是写保护）\n"
                             "expect-no-text 写保护开关\nexpect-layout\n"));
    CHECK_INT(0, exports_recorded(st));
    close_kiosk(app, st);
    stick = NULL;
    free(ro);
    free(perm);
    free(home);
    return check_failures_ ? 1 : 0;
}

/* Review rusb4, item 8: a stick's folder the kiosk's user may not write
 * (EACCES) was told as write protection (拨开写保护开关), as EROFS. */
static void test_admin_export_not_writable(void)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        int r = unshare(CLONE_NEWNS) != 0 ? 77 : not_writable_cases();
        fflush(NULL);
        _exit(r);
    }
    int ws = 0;
    CHECK(pid > 0 && waitpid(pid, &ws, 0) == pid);
    if (WIFEXITED(ws) && WEXITSTATUS(ws) == 77) CHECK_SKIP("test_admin_export_not_writable: cannot mount or be nobody");
    else CHECK(WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
}

/* The export's target replaced by a file after the admin screen listed it
 * (a stick pulled and a file of that name made): "这不是文件夹", not "学校还没有
 *设置" - with the catalog bound, as the kiosk binds it, the message the
 * screen once matched an English phrase in is Chinese (review rfinal17 2). */
static void test_admin_export_not_dir(void)
{
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    CHECK(n > 0);
    self[n > 0 ? n : 0] = '\0';
    char *slash = strrchr(self, '/');
    if (slash) *slash = '\0';
    char *loc = jh_sprintf("%s/../locale", self);
    jh_i18n_bind(false, loc);
    free(loc);
    /* (the catalog really bound: else the old English match would pass) */
    CHECK(strcmp(_("unread"), "unread") != 0);
    store_t *st;
    jh_err_t err;
    char *usb = jh_sprintf("%s/notdirusb", dir);
    CHECK_INT(JH_OK, jh_mkdir_p(usb, &err));
    stick = usb;
    const char *admin = "tap 10 10\nwait 100\ntap 10 10\nwait 100\ntap 10 10\nwait 100\ntap 10 10\nwait 100\n"
                        "tap 10 10\nexpect-screen pin\ntext 2468\nkey enter\nexpect-screen admin\nwait 500\n";
    ui_app_t *app = open_kiosk("notdir", 120, true, &st);
    to_summary(app);
    CHECK_INT(0, ut_run(app, "wait 500\ntap-text 提交\nwait 10000\nexpect-screen welcome\n"));
    CHECK_INT(0, ut_run(app, admin));
    CHECK_INT(0, rmdir(usb));
    FILE *f = fopen(usb, "w");
    CHECK(f != NULL);
    if (f) fclose(f);
    /* (since review rusb4, item 1: a stick no longer there is told as that,
     * before anything else: the glob lists no folder there now) */
    CHECK_INT(0, ut_run(app, "tap-text 导出新答卷\nwait 500\nexpect-text 找不到 U 盘\nexpect-no-text 学校还没有设置\n"));
    close_kiosk(app, st);
    unlink(usb);
    stick = NULL;
    free(usb);
}

/* Settings staff change on the admin screens (the questionnaires offered,
 * the accessibility screen's) that the store cannot save: the message was
 * the store's English only; now what happened and what to do in Chinese
 * first, the technical line after it. */
static void test_admin_save_failed(void)
{
    store_t *st;
    ui_app_t *app = open_kiosk("adminsave", 120, true, &st);
    const char *admin = "tap 10 10\nwait 100\ntap 10 10\nwait 100\ntap 10 10\nwait 100\ntap 10 10\nwait 100\n"
                        "tap 10 10\nexpect-screen pin\ntext 2468\nkey enter\nexpect-screen admin\nwait 500\n";
    CHECK_INT(0, ut_run(app, admin));
    CHECK_INT(0, fill(true));
    app->active[0] = !app->active[0];
    app->admin_msg[0] = '\0';
    ui_app_save_active(app);
    CHECK_CONTAINS("没有保存成功：磁盘已满。请技术人员", app->admin_msg);
    CHECK_CONTAINS("（技术信息：", app->admin_msg);
    CHECK_INT(0, ut_run(app, "tap-text 无障碍与读题\nwait 500\nexpect-screen access\n"));
    app->admin_msg[0] = '\0';
    CHECK_INT(0, ut_run(app, "tap-text 高对比度\nwait 100\n"));
    CHECK_CONTAINS("没有保存成功：磁盘已满。请技术人员", app->admin_msg);
    CHECK_CONTAINS("（技术信息：", app->admin_msg);
    CHECK_INT(0, fill(false));
    close_kiosk(app, st);
}

/* Review rseason: the signing key file lost while the database (which has
 * exported) stays.  The admin screen says in red that the kiosk made a new
 * key and what to tell the bureau: the kiosk id and the new fingerprint. */
static void test_admin_key_replaced(void)
{
    store_t *st;
    jh_err_t err;
    ui_app_t *app = open_kiosk("keylost", 120, true, &st);
    const char *admin = "tap 10 10\nwait 100\ntap 10 10\nwait 100\ntap 10 10\nwait 100\ntap 10 10\nwait 100\n"
                        "tap 10 10\nexpect-screen pin\ntext 2468\nkey enter\nexpect-screen admin\nwait 500\n";
    CHECK_INT(0, ut_run(app, admin));
    CHECK_INT(0, ut_run(app, "expect-no-text 换成新密钥\n"));
    /* an export recorded (what bundle_export records) */
    CHECK_INT(SQLITE_OK, sqlite3_exec(store_db(st),
                                      "INSERT INTO exports(exported_ms, kind, path, backup_path, first_seq, last_seq, "
                                      "n_responses, last_chain, file_sha256) VALUES (1795395600000, 'full', 'x.json', "
                                      "'', 1, 1, 1, '', '')",
                                      NULL, NULL, NULL));
    char *kid = store_setting_get(st, "kiosk_id");
    close_kiosk(app, st);
    char *key = jh_sprintf("%s/keylost.db.key", dir);
    CHECK_INT(0, unlink(key));
    free(key);
    app = open_kiosk("keylost", 120, true, &st);
    char fp[64];
    store_key_fingerprint(st, fp);
    char *want = jh_sprintf("expect-text 签名密钥文件在 2026-11-23 不见了，本机已换成新密钥\nexpect-text 答题机 %s 换了新密钥，新指纹 %s\n",
                            kid ? kid : "?", fp);
    CHECK_INT(0, ut_run(app, admin));
    CHECK_INT(0, ut_run(app, want));
    free(want);
    free(kid);
    (void)err;
    close_kiosk(app, st);
}

/* Review rkiosk2, items 1 and 2: 提交 fails; staff open the admin screen
 * and close it (回到首页, then the admin screen's 5-minute timeout) while
 * the disk is still full.  The waiting 提交 stays a 提交 (it was stored as
 * abandoned), the kiosk goes back to 暂停服务, and that screen never asks
 * "您还在吗？" about a questionnaire that has already ended. */
static void test_admin_after_submit(void)
{
    store_t *st;
    jh_err_t err;
    ui_app_t *app = open_kiosk("admin", 120, true, &st);
    to_summary(app);
    CHECK_INT(0, fill(true));
    CHECK_INT(0, ut_run(app, "wait 500\ntap-text 提交\nexpect-screen unavailable\nexpect-text 您提交的答卷留在本机\n"
                             "wait 121000\nexpect-no-text 您还在吗\nexpect-text 您提交的答卷留在本机\n"));
    CHECK(app->finish_pending && app->finish_status == STORE_SUBMITTED);
    const char *admin = "tap 10 10\nwait 100\ntap 10 10\nwait 100\ntap 10 10\nwait 100\ntap 10 10\nwait 100\n"
                        "tap 10 10\nexpect-screen pin\ntext 2468\nkey enter\nexpect-screen admin\nwait 500\n";
    for (int way = 0; way < 2; way++) {
        CHECK_INT(0, ut_run(app, admin));
        CHECK_INT(0, ut_run(app, way == 0 ? "tap-text 回到首页\nwait 500\n" : "wait 300100\n"));
        CHECK_STR("unavailable", ui_app_screen_name(app));
        CHECK(app->finish_pending && app->finish_status == STORE_SUBMITTED);
        CHECK_INT(0, ut_run(app, "expect-no-text 您还在吗\nwait 125000\nexpect-no-text 您还在吗\n"));
    }
    /* nobody there any more: the person has gone; then the disk works */
    CHECK_INT(0, ut_run(app, "wait 30000\nexpect-text 上一份答卷已经结束\n"));
    CHECK(app->finish_pending && app->finish_status == STORE_SUBMITTED);
    CHECK_INT(0, fill(false));
    CHECK_INT(0, ut_run(app, "wait 2100\nexpect-screen welcome\n"));
    CHECK(!app->has_draft && !app->finish_pending);
    store_counts_t c;
    CHECK_INT(JH_OK, store_counts(st, t0 + 3600000, &c, &err));
    CHECK_INT(1, c.submitted);
    CHECK_INT(0, c.abandoned);
    close_kiosk(app, st);
}

/* The idle screen's countdown ends and its finish fails: 暂停服务 says the
 * questionnaire has ended and never counts down to end it again; staff
 * closing the admin screen leave it abandoned (not something else). */
static void test_idle_then_outage(void)
{
    store_t *st;
    ui_app_t *app = open_kiosk("idle", 120, false, &st);
    CHECK_INT(0, ut_run(app, "tap-text 开始答题\nwait 500\ntap-text 家长\nwait 500\ntap-text 我知道了，开始\nwait 500\n"
                             "tap-text 初中\nwait 500\n"));
    CHECK_INT(0, fill(true));
    CHECK_INT(0, ut_run(app, "wait 120100\nexpect-screen idle\nwait 30100\nexpect-screen unavailable\n"
                             "expect-text 上一份答卷已经结束\n"));
    CHECK(app->finish_pending && app->finish_status == STORE_ABANDONED);
    CHECK_INT(0, ut_run(app, "wait 121000\nexpect-no-text 您还在吗\nexpect-text 上一份答卷已经结束\n"));
    CHECK_INT(0, fill(false));
    CHECK_INT(0, ut_run(app, "wait 2100\nexpect-screen welcome\n"));
    close_kiosk(app, st);
    char *db = jh_sprintf("%s/idle.db", dir);
    char *rows = stored_rows(db);
    CHECK_STR("2|0|grade=junior\n", rows);
    free(rows);
    free(db);
}

int main(void)
{
    snprintf(dir, sizeof dir, "%s/jh-ui-ro-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(dir)) return 2;
    jh_crypto_init();
    if (sh("mount -t tmpfs -o size=16m tmpfs '%s' 2>/dev/null", dir) != 0) {
        printf("SKIP test_full_disk: cannot mount a tmpfs here (needs root)\n");
        rmdir(dir);
        return 0;
    }
    RUN(test_full_disk);
    RUN(test_gone_during_outage);
    RUN(test_gone_after_submit);
    RUN(test_gone_back_from_summary);
    RUN(test_admin_after_submit);
    RUN(test_admin_key_replaced);
    RUN(test_admin_save_failed);
    RUN(test_admin_key_replaced_export);
    RUN(test_school_change_refused);
    RUN(test_idle_then_outage);
    RUN(test_admin_stick_gone);
    RUN(test_admin_export_not_writable);
    RUN(test_admin_export_not_dir); /* (last: it binds the Chinese catalog) */
    sh("umount '%s'", dir);
    rmdir(dir);
    CHECK_DONE();
}
