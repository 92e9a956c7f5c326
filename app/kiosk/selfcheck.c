/* selfcheck.c - `junheng-kiosk --self-check` (see selfcheck.h): version,
 * settings file, database and key and their health, free disk space,
 * screen, touch devices, font, questionnaires, sound, autostart.  Reads the
 * machine through /sys and /proc, the database read-only; changes nothing. */
#include "selfcheck.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <glob.h>
#include <grp.h>
#include <libgen.h>
#include <pwd.h>
#include <signal.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "handwriting.h"
#include "jh.h"
#include "pack.h"
#include "pinyin.h"
#include "tts.h"
#include "plat.h"
#include "bundle.h"
#include "county.h"
#include "i18n.h"
#include "store.h"
#include "survey.h"
#include "ui_text.h"
/* The USB line uses the kiosk's own discovery (app/core/usb_targets.h) when
 * the tree has it (CMake defines JH_HAVE_USB_TARGETS); else it is left out. */
#ifdef JH_HAVE_USB_TARGETS
#include "usb_targets.h"
#endif

/* ---- types ------------------------------------------------------------------ */

typedef enum { SC_OK, SC_WARN, SC_FAIL } sc_level_t;

typedef struct {
    FILE *out;
    const char *locale_dir; /* selfcheck_opts_t's */
    int n_warn, n_fail;
    char svc[64]; /* the kiosk service's user (junheng when unknown) */
} sc_t;

/* Free space below these is a warning / a failure (bytes). */
#define SC_DISK_WARN (200LL << 20)
#define SC_DISK_FAIL (20LL << 20)
/* Characters every screen needs: the font must draw them. */
static const char SC_FONT_SAMPLE[] = "均衡满意度调查家长教师您好谢谢开始答题提交";

/* ---- static prototypes ---------------------------------------------------------- */
static void say(sc_t *c, sc_level_t lv, const char *what, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void detail(sc_t *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* espeak-ng writes its own complaints to stderr ("Can't read dictionary
 * file" dozens of times without en_dict, review r2speech4 item 6): they are
 * kept out of the report, which says what is wrong in its own words.
 * stderr_off returns the saved descriptor for stderr_on (-1: nothing done). */
static int stderr_off(void)
{
    fflush(stderr);
    int saved = dup(2), null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (saved >= 0 && null_fd >= 0 && dup2(null_fd, 2) < 0) {
        close(saved);
        saved = -1;
    }
    if (saved >= 0 && null_fd < 0) {
        close(saved);
        saved = -1;
    }
    if (null_fd >= 0) close(null_fd);
    return saved;
}

static void stderr_on(int saved)
{
    if (saved < 0) return;
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
}
static void say_unseen(sc_t *c, const char *what, const char *path, int e);
static bool service_account(const selfcheck_opts_t *o, struct passwd *out, char *name, size_t name_len,
                            const char **from);
static void check_config(sc_t *c, const char *path, const char *db);
static void check_db(sc_t *c, const char *path);
static int64_t count_of(sqlite3 *db, const char *sql);
static void check_key(sc_t *c, const char *db, char fp_out[64]);
static void check_identity(sc_t *c, const char *db, const char *key_fp);
static void check_db_access(sc_t *c, const char *path);
static void check_owners(sc_t *c, const selfcheck_opts_t *o);
static bool others_can_enter(const char *dir);
static void check_disk(sc_t *c, const char *db);
static void check_screen(sc_t *c);
static void check_touch(sc_t *c);
static void *check_font(sc_t *c, const char *font);
static void check_surveys(sc_t *c, const char *dir, const char *db_path, void *fc);
static void check_usb(sc_t *c);
static void check_audio(sc_t *c);
static void check_input(sc_t *c, const selfcheck_opts_t *o);
static void check_autostart(sc_t *c, const selfcheck_opts_t *o);
static char *read_small(const char *path);
static void check_clock(sc_t *c, const char *db, int64_t now_ms);

/* Whether path is there but no regular file: a symbolic link, a FIFO, a
 * device.  The kiosk's user owns the database's folder and can put such a
 * thing in place of any of its files (kiosk.db.key -> /etc/shadow): the
 * check, often run as root, opens none of them (a FIFO would hang it) and
 * advises no chown for them (review r2pack3, item 2). */
static bool odd_file(const char *path)
{
    struct stat sb;
    return lstat(path, &sb) == 0 && !S_ISREG(sb.st_mode);
}

static bool odd_sibling(const char *db, const char *suffix)
{
    char *path = jh_sprintf("%s%s", db, suffix);
    bool odd = odd_file(path);
    free(path);
    return odd;
}

/* SQLite's read-only open of a WAL database makes DB-wal and DB-shm when
 * they are missing, owned by whoever runs the check: run as root they
 * would be root's and the kiosk could not open its database.  Those the
 * check made are given to the database's owner. */
static void give_back_wal(const char *db, const bool existed[2])
{
    static const char *const suffix[2] = {"-wal", "-shm"};
    struct stat dsb;
    if (geteuid() != 0 || lstat(db, &dsb) != 0 || !S_ISREG(dsb.st_mode)) return;
    for (int i = 0; i < 2; i++) {
        if (existed[i]) continue;
        char *path = jh_sprintf("%s%s", db, suffix[i]);
        /* (through a descriptor opened without following a link: what is
         * given is the regular file the check made, nothing put in its place) */
        int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        struct stat sb;
        if (fd >= 0 && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_nlink == 1 && sb.st_uid == 0 &&
            sb.st_uid != dsb.st_uid)
            (void)!fchown(fd, dsb.st_uid, dsb.st_gid);
        if (fd >= 0) close(fd);
        free(path);
    }
}

/* Opens the kiosk database read-only without making a file beside it
 * (review rrepair5, item 2: SQLite's read-only open of a WAL database makes
 * DB-wal and DB-shm when they are missing, and docs/kiosk.md says the
 * check changes nothing).  Without a -wal (a kiosk stopped cleanly, a
 * damaged file) there is nothing but the file to read: it is opened
 * immutable (no locks, no -shm).  With a -wal and its -shm (the kiosk
 * running, or a power cut) a read-only open reads both and makes nothing.
 * Only a -wal left without its -shm still gets one (give_back_wal). */
static int sc_db_open(const char *path, sqlite3 **db)
{
    char *wal = jh_sprintf("%s-wal", path), *shm = jh_sprintf("%s-shm", path);
    struct stat sb;
    bool has_wal = lstat(wal, &sb) == 0, wal_empty = has_wal && sb.st_size == 0;
    bool has_shm = lstat(shm, &sb) == 0;
    free(wal);
    free(shm);
    if (has_wal && !(wal_empty && !has_shm))
        return sqlite3_open_v2(path, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW, NULL);
    jh_buf_t uri = {0};
    jh_buf_puts(&uri, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '/' ||
            *p == '.' || *p == '-' || *p == '_')
            jh_buf_append(&uri, p, 1);
        else
            jh_buf_printf(&uri, "%%%02X", *p);
    }
    jh_buf_puts(&uri, "?immutable=1");
    int rc = sqlite3_open_v2(uri.data, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOFOLLOW, NULL);
    jh_buf_free(&uri);
    return rc;
}

/* ---- public functions ------------------------------------------------------------ */

int kiosk_self_check(const selfcheck_opts_t *o, FILE *out)
{
    sc_t c = {out, o->locale_dir, 0, 0, "junheng"};
    {
        struct passwd spw;
        char name[64];
        const char *from;
        if (service_account(o, &spw, name, sizeof name, &from)) snprintf(c.svc, sizeof c.svc, "%s", name);
    }
    char libs[160];
    plat_versions(libs, sizeof libs);
    fprintf(out, "均衡答题机自检 / Junheng kiosk self-check\n");
    say(&c, SC_OK, "版本 Version", "junheng-kiosk %s (%s, SQLite %s)", JH_VERSION, libs, sqlite3_libversion());
    struct passwd *pw = getpwuid(geteuid());
    detail(&c, "以用户 %s 运行 / running as %s", pw ? pw->pw_name : "?", pw ? pw->pw_name : "?");
    bool wal_existed[2];
    for (int i = 0; i < 2; i++) {
        char *path = jh_sprintf("%s%s", o->db, i ? "-shm" : "-wal");
        struct stat sb;
        wal_existed[i] = lstat(path, &sb) == 0;
        free(path);
    }
    check_config(&c, o->config, o->db);
    check_db(&c, o->db);
    give_back_wal(o->db, wal_existed);
    check_db_access(&c, o->db);
    check_owners(&c, o);
    char key_fp[64] = "";
    check_key(&c, o->db, key_fp);
    check_identity(&c, o->db, key_fp);
    check_disk(&c, o->db);
    check_clock(&c, o->db, o->now_ms);
    check_screen(&c);
    check_touch(&c);
    void *fc = check_font(&c, o->font);
    check_surveys(&c, o->surveys, o->db, fc);
    plat_fontcheck_close(fc);
    check_usb(&c);
    check_audio(&c);
    check_input(&c, o);
    check_autostart(&c, o);
    give_back_wal(o->db, wal_existed);
    if (c.n_fail)
        fprintf(out, "结果：%d 项错误，%d 项需要注意 / Result: %d failed, %d warnings\n", c.n_fail, c.n_warn, c.n_fail,
                c.n_warn);
    else if (c.n_warn)
        fprintf(out, "结果：没有错误，%d 项需要注意 / Result: no failures, %d warnings\n", c.n_warn, c.n_warn);
    else
        fprintf(out, "结果：全部正常 / Result: everything is fine\n");
    if (fflush(out) != 0) return 1;
    return c.n_fail ? 1 : 0;
}

/* ---- static functions -------------------------------------------------------------- */

/* The clock against this version's date and the installed pack's (a flat
 * RTC battery): answers dated before the bureau's round are left out of it. */
static void check_clock(sc_t *c, const char *db, int64_t now_ms)
{
    const char *what = "时钟 Clock";
    char *path = jh_sprintf("%s.pack.json", db);
    pack_t *p = NULL;
    jh_err_t err;
    struct stat psb;
    int64_t made = lstat(path, &psb) == 0 && S_ISREG(psb.st_mode) && pack_read_installed(path, &p, &err) == JH_OK
                       ? p->created_ms
                       : 0;
    pack_free(p);
    free(path);
    /* (a pack dated in the future: its date is wrong, not the clock --
     * unless the clock is before this version's release: then the clock is
     * wrong, and the pack says nothing) */
    int64_t created = pack_created_believable_ms(made, now_ms);
    int64_t floor = jh_clock_floor_ms(created);
    char now_day[16], floor_day[16], stamp[32], made_day[16];
    jh_format_day(now_ms, now_day);
    jh_format_day(floor, floor_day);
    jh_format_time(now_ms, stamp);
    jh_format_day(made, made_day);
    /* A clock not plainly wrong, still in doubt against the answers or the
     * pack (review rfield6, items 2 and 7: a slow clock was called fine and
     * the pack blamed; one a year ahead passed). */
    int64_t last = 0, ref = 0;
    {
        sqlite3 *h = NULL;
        struct stat dsb;
        if (!odd_file(db) && stat(db, &dsb) == 0 && sc_db_open(db, &h) == SQLITE_OK)
            last = count_of(h, "SELECT coalesce(max(updated_ms), 0) FROM responses");
        sqlite3_close(h);
        if (last < 0) last = 0;
    }
    jh_clock_doubt_t doubt = jh_clock_doubt(now_ms, made, last, &ref);
    char ref_day[16];
    jh_format_day(ref, ref_day);
    int days = (int)((now_ms + 28800000) / 86400000 - (ref + 28800000) / 86400000); /* (Beijing days) */
    if (doubt == JH_CLOCK_BEFORE_ANSWERS)
        say(c, SC_WARN, what,
            "本机时钟显示 %s；本机已有答卷的日期是 %s，晚于本机时钟：本机时钟现在慢了，或者当时快了。请先看今天的实际日期："
            "不是 %s 就校正本机的日期和时间（见 docs/kiosk.md“Setting the date and time”）；是的话那些答卷的日期不对，请告诉"
            "县教育局 / the clock reads %s; this kiosk holds answers dated %s, after the clock: it is slow now, or was "
            "fast then. Check today's date first: set the clock if it is not %s (docs/kiosk.md, \"Setting the date "
            "and time\"); if it is, those answers carry a wrong date: tell the bureau",
            now_day, ref_day, now_day, stamp, ref_day, now_day);
    else if (doubt == JH_CLOCK_BEFORE_PACK)
        say(c, SC_WARN, what,
            "本机时钟显示 %s；已安装的名册包写着 %s 制作，晚于本机时钟：可能是本机时钟慢了，也可能是制作名册包的电脑日期"
            "设错了。请先看今天的实际日期：不是 %s 就校正本机的日期和时间（见 docs/kiosk.md“Setting the date and time”）；"
            "是的话请向县教育局要一个新的名册包 / the clock reads %s; the installed county pack says it was made on "
            "%s, after the clock: this clock may be slow, or the computer that made the pack had a wrong date. Check "
            "today's date first: set the clock if it is not %s (docs/kiosk.md, \"Setting the date and time\"); if it "
            "is, ask the bureau for a new county pack",
            now_day, made_day, now_day, stamp, made_day, now_day);
    else if (doubt == JH_CLOCK_FAR_AHEAD)
        say(c, SC_WARN, what,
            "本机时钟显示 %s，比本机最近的记录（%s）晚了 %d 天。请先看今天的实际日期：不是 %s 就校正本机的日期和时间"
            "（见 docs/kiosk.md“Setting the date and time”），否则新答卷的日期不对；是的话这一轮请用县教育局新的名册包 / "
            "the clock reads %s, %d days after this kiosk's latest record (%s). Check today's date first: set the "
            "clock if it is not %s (docs/kiosk.md, \"Setting the date and time\"), or new answers are dated wrongly; "
            "if it is, use the bureau's new county pack for this round",
            now_day, ref_day, days, now_day, stamp, days, ref_day, now_day);
    if (now_ms >= JH_TIME_MAX_MS)
        say(c, SC_WARN, what,
            "本机时钟显示 %s，已到或晚于 2100-01-01 08:00（北京时间），时钟不对：请校正日期和时间，否则无法导出答卷"
            "（导出文件只能写这一刻之前的时间） / the clock reads %s, at or after 2100-01-01 08:00 (Beijing time): set "
            "the date and time, or answers cannot be exported (an export carries no time from then on)",
            now_day, stamp);
    else if (now_ms < floor)
        say(c, SC_WARN, what,
            "本机时钟显示 %s，早于 %s（%s），时钟不对：请校正日期和时间（常见原因：主板电池没电），否则答卷的日期不对，"
            "县教育局统计本轮时会漏掉它们 / the clock reads %s, before %s (%s): set the date and time (often a flat "
            "mainboard battery), or answers are dated outside the bureau's round",
            now_day, floor_day, created ? "名册包制作前 30 天" : "本程序的发布日期", stamp, floor_day,
            created ? "30 days before the county pack was made" : "this version's release");
    else if (doubt == JH_CLOCK_NO_DOUBT)
        say(c, SC_OK, what, "北京时间 %s / %s（请确认这是今天的日期 / check that this is today's date）", now_day, stamp);
}

static void say(sc_t *c, sc_level_t lv, const char *what, const char *fmt, ...)
{
    static const char *const tag[] = {"[正常 OK  ]", "[注意 WARN]", "[错误 FAIL]"};
    if (lv == SC_WARN) c->n_warn++;
    if (lv == SC_FAIL) c->n_fail++;
    fprintf(c->out, "%s %s: ", tag[lv], what);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(c->out, fmt, ap);
    va_end(ap);
    fputc('\n', c->out);
}

/* A file of the kiosk's that this user cannot look at (its 0700 folder,
 * run as neither root nor the kiosk's user): not "missing" (review
 * r2pack3, item 3). */
static void say_unseen(sc_t *c, const char *what, const char *path, int e)
{
    struct passwd *pw = getpwuid(geteuid());
    const char *me = pw ? pw->pw_name : "?";
    say(c, SC_FAIL, what,
        "%s 以用户 %s 看不到（%s）：请用答题机的用户 %s 运行自检：runuser -u %s -- junheng-kiosk --self-check / "
        "cannot be looked at as %s (%s): run the check as the kiosk's user %s: runuser -u %s -- junheng-kiosk "
        "--self-check",
        path, me, e == EACCES ? "没有权限" : strerror(e), c->svc, c->svc, me, strerror(e), c->svc, c->svc);
}

static void detail(sc_t *c, const char *fmt, ...)
{
    fputs("            ", c->out);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(c->out, fmt, ap);
    va_end(ap);
    fputc('\n', c->out);
}

/* What the config's admin_pin line does at the next start (review r2admin4
 * item 1): it applies only when new or changed since the last start
 * (store_load_config: the hash of the PIN last taken from the file,
 * pin_conf_hash), so a PIN changed on 修改密码 since stays. */
typedef enum { PIN_LINE_UNKNOWN, PIN_LINE_APPLIES, PIN_LINE_IN_FORCE, PIN_LINE_NOT_IN_FORCE } pin_line_t;

static pin_line_t pin_line_state(const char *db_path, const char *pin)
{
    struct stat sb;
    if (!db_path) return PIN_LINE_UNKNOWN;
    if (stat(db_path, &sb) != 0) return errno == ENOENT ? PIN_LINE_APPLIES : PIN_LINE_UNKNOWN;
    sqlite3 *db = NULL;
    if (sc_db_open(db_path, &db) != SQLITE_OK) {
        sqlite3_close(db);
        return PIN_LINE_UNKNOWN;
    }
    char *applied = NULL, *now = NULL;
    sqlite3_stmt *q = NULL;
    bool read = false;
    if (sqlite3_prepare_v2(db, "SELECT (SELECT value FROM settings WHERE key = 'pin_conf_hash'), "
                               "(SELECT hash FROM pin WHERE id = 1)",
                           -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW) {
        read = true;
        if (sqlite3_column_text(q, 0)) applied = jh_strdup((const char *)sqlite3_column_text(q, 0));
        if (sqlite3_column_text(q, 1)) now = jh_strdup((const char *)sqlite3_column_text(q, 1));
    }
    sqlite3_finalize(q);
    sqlite3_close(db);
    pin_line_t r = PIN_LINE_UNKNOWN;
    if (read) {
        size_t n = strlen(pin);
        if (!applied || crypto_pwhash_str_verify(applied, pin, n) != 0) r = PIN_LINE_APPLIES;
        else if (now && crypto_pwhash_str_verify(now, pin, n) == 0) r = PIN_LINE_IN_FORCE;
        else r = PIN_LINE_NOT_IN_FORCE;
    }
    free(applied);
    free(now);
    return r;
}

/* Each line of text as a detail line. */
static void detail_lines(sc_t *c, const char *text)
{
    for (const char *p = text; p && *p;) {
        const char *nl = strchr(p, '\n');
        int n = nl ? (int)(nl - p) : (int)strlen(p);
        detail(c, "%.*s", n, p);
        p = nl ? nl + 1 : NULL;
    }
}

/* The settings file's errors in Chinese (the catalog the kiosk binds at
 * start), loaded again into the scratch store st; the language is English
 * again afterwards (the rest of the report writes both itself).  false
 * without a catalog. */
extern int _nl_msg_cat_cntr; /* glibc: gettext's cache, invalidated on a language change */
static bool config_error_zh(sc_t *c, store_t *st, const char *path, char *out, size_t n)
{
    struct stat sb;
    if (!c->locale_dir || stat(c->locale_dir, &sb) != 0) return false;
    jh_i18n_bind(false, c->locale_dir);
    ++_nl_msg_cat_cntr;
    jh_err_t err;
    bool got = store_load_config(st, path, jh_now_ms(), &err) != JH_OK;
    if (got) snprintf(out, n, "%s", err.msg);
    else if (store_config_ignored(st)) {
        /* (the lines not taken, review rsite9 item 4) */
        snprintf(out, n, "%s", store_config_ignored(st));
        got = true;
    }
    setenv("LANGUAGE", "en", 1);
    ++_nl_msg_cat_cntr;
    return got;
}

/* The settings file is checked by loading it into a scratch database in a
 * temporary directory: the same parser and checks as a start, nothing of the
 * kiosk's own database touched. */
static void check_config(sc_t *c, const char *path, const char *db_path)
{
    const char *what = "配置 Settings";
    if (!path) {
        say(c, SC_OK, what, "没有配置文件，设置在管理界面 / no settings file: the admin screen sets everything");
        return;
    }
    char *text = read_small(path);
    if (!text) {
        say(c, SC_FAIL, what, "%s: 无法读取 / cannot read: %s", path, strerror(errno));
        return;
    }
    int n = 0;
    bool pin = false, forget = false;
    char pin_value[16] = "";
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        while (isspace((unsigned char)*line)) line++;
        if (!*line || *line == '#') continue;
        n++;
        if (!strncmp(line, "admin_pin", 9)) {
            pin = true;
            /* the value (checked below by the same parser as a start) */
            const char *v = strchr(line, '=');
            v = v ? v + 1 : "";
            while (*v == ' ' || *v == '\t') v++;
            size_t k = 0;
            while (v[k] >= '0' && v[k] <= '9' && k < sizeof pin_value - 1) k++;
            memcpy(pin_value, v, k);
            pin_value[k] = '\0';
        }
        if (!strncmp(line, "forget_bureau_key", 17)) forget = true;
    }
    free(text);
    char tmpl[] = "/tmp/junheng-selfcheck-XXXXXX";
    const char *tmpdir = mkdtemp(tmpl);
    if (!tmpdir) {
        say(c, SC_WARN, what, "%s: 无法检查（临时目录 /tmp 不可写）/ not checked: cannot create a directory in /tmp: %s",
            path, strerror(errno));
        return;
    }
    char *db = jh_sprintf("%s/check.db", tmpdir);
    store_t *st = NULL;
    jh_err_t err;
    if (store_open(db, jh_now_ms(), &st, NULL, &err) != JH_OK) {
        say(c, SC_WARN, what, "%s: 无法检查 / not checked: %s", path, err.msg);
    } else if (store_load_config(st, path, jh_now_ms(), &err) != JH_OK) {
        say(c, SC_FAIL, what, "%s 有错误，答题机无法启动 / has an error, the kiosk will not start:", path);
        /* Chinese first, as the kiosk's stderr and start screen say it
         * (review rrepair5, item 5: English only here), then English. */
        char zh[sizeof err.msg];
        if (config_error_zh(c, st, path, zh, sizeof zh) && strcmp(zh, err.msg) != 0) detail_lines(c, zh);
        detail_lines(c, err.msg);
    } else {
        if (store_config_ignored(st)) {
            /* A mistake in an optional setting: not taken, the kiosk starts
             * (review rsite9, item 4). */
            char ign[1024];
            snprintf(ign, sizeof ign, "%s", store_config_ignored(st));
            say(c, SC_WARN, what,
                "%s 里有写错的设置，答题机不采用（仍用原来的值或默认值），照常启动；请改正 / has settings with "
                "mistakes, which the kiosk does not take (their earlier or default values stay); it starts:",
                path);
            char zh[1024];
            if (config_error_zh(c, st, path, zh, sizeof zh) && strcmp(zh, ign) != 0) detail_lines(c, zh);
            detail_lines(c, ign);
        }
        say(c, SC_OK, what,
            "%s: 有效，%d 项设置（每次启动时生效；admin_pin 只在这一行新写或改过时生效）/ valid, %d setting(s) "
            "(applied at every start; admin_pin only when its line is new or changed)",
            path, n, n);
        switch (pin ? pin_line_state(db_path, pin_value) : PIN_LINE_UNKNOWN) {
        case PIN_LINE_APPLIES:
            say(c, SC_OK, "管理密码 Admin PIN",
                "%s 中的 admin_pin 一行是新写或改过的：下次启动时生效，并解除锁定 / the admin_pin line is new or "
                "changed: it applies at the next start and ends a lock",
                path);
            break;
        case PIN_LINE_IN_FORCE:
            say(c, SC_OK, "管理密码 Admin PIN",
                "%s 中 admin_pin 一行的密码就是现在的密码 / the admin_pin line's PIN is the PIN in force", path);
            break;
        case PIN_LINE_NOT_IN_FORCE:
            say(c, SC_WARN, "管理密码 Admin PIN",
                "%s 中 admin_pin 一行的密码不是现在有效的密码（后来在管理界面“修改密码”改过）；这一行没有改动，重启不会"
                "让它生效。要用它重设密码：把这一行改成另一个 4 到 8 位数字的密码，再重启本机 / the admin_pin line's "
                "PIN is not the PIN in force (it was changed on 修改密码 since); the line is unchanged, so a restart "
                "does not apply it. To reset the PIN: write another PIN (4 to 8 digits) on the line, then restart "
                "the kiosk",
                path);
            break;
        case PIN_LINE_UNKNOWN:
            break;
        }
        if (pin)
            say(c, SC_WARN, "管理密码 Admin PIN",
                "%s 中仍有 admin_pin：第一次启动后请删除这一行 / still holds admin_pin: remove the line after the first "
                "start",
                path);
        if (forget)
            say(c, SC_WARN, "教育局密钥 Bureau key",
                "%s 中仍有 forget_bureau_key：新名册包安装好之后请删除这一行 / still holds forget_bureau_key: remove the "
                "line once the new county pack is installed",
                path);
    }
    store_close(st);
    char *side[] = {jh_sprintf("%s.key", db),      jh_sprintf("%s-wal", db),  jh_sprintf("%s-shm", db),
                    jh_sprintf("%s.identity", db), jh_sprintf("%s.lock", db), db};
    for (size_t i = 0; i < sizeof side / sizeof side[0]; i++) {
        unlink(side[i]);
        free(side[i]);
    }
    rmdir(tmpdir);
}

static int64_t count_of(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *q = NULL;
    int64_t v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
        v = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return v;
}

static char *text_of(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *q = NULL;
    char *v = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW &&
        sqlite3_column_text(q, 0))
        v = jh_strdup((const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    return v;
}

static void check_db(sc_t *c, const char *path)
{
    const char *what = "数据库 Database";
    struct stat sb;
    if (odd_file(path) || odd_sibling(path, "-wal") || odd_sibling(path, "-shm")) {
        say(c, SC_FAIL, what,
            "%s 没有打开：它或它的 -wal、-shm 不是普通文件（符号链接？），见“文件所有者”一行 / not opened: it or its "
            "-wal or -shm is not a regular file (a symbolic link?), see the File owners line",
            path);
        return;
    }
    char *copy = jh_strdup(path);
    const char *dir = dirname(copy);
    if (stat(path, &sb) != 0) {
        struct stat db;
        if (errno == EACCES)
            say_unseen(c, what, path, errno);
        else if (stat(dir, &db) != 0 && errno == ENOENT)
            say(c, SC_FAIL, what,
                "目录 %s 不存在：请重新安装 junheng-kiosk（它会建立 /var/lib/junheng），或建立这个目录并交给答题机的用户 / "
                "the directory %s does not exist: reinstall junheng-kiosk (it creates /var/lib/junheng), or create "
                "it owned by the kiosk's user",
                dir, dir);
        else if (access(dir, W_OK | X_OK) != 0 && errno == EROFS)
            say(c, SC_FAIL, what,
                "%s 不存在，目录 %s 所在的磁盘是只读挂载的（常见于磁盘出错之后）：请检查磁盘（dmesg、fsck）后以读写方式重新挂载 / "
                "does not exist and %s is on a file system mounted read-only (often after a disk error): check the "
                "disk (dmesg, fsck) and mount it read-write",
                path, dir, dir);
        else if (access(dir, W_OK | X_OK) != 0)
            say(c, SC_FAIL, what, "%s 不存在，目录 %s 不可写 / does not exist and %s is not writable: %s", path, dir, dir,
                strerror(errno));
        else
            say(c, SC_WARN, what, "%s 还没有，答题机第一次启动时创建 / not created yet: the kiosk creates it at first start",
                path);
        free(copy);
        return;
    }
    struct passwd *pw = getpwuid(sb.st_uid);
    char owner[64];
    snprintf(owner, sizeof owner, "%s", pw ? pw->pw_name : "?");
    if (access(path, R_OK | W_OK) != 0 || access(dir, W_OK | X_OK) != 0) {
        if (errno == EROFS)
            say(c, SC_FAIL, what,
                "%s 所在的磁盘是只读挂载的（常见于磁盘出错之后），答卷不能保存：请检查磁盘（dmesg、fsck）后以读写方式重新挂载 / "
                "is on a file system mounted read-only (often after a disk error), answers cannot be saved: check "
                "the disk (dmesg, fsck) and mount it read-write",
                path);
        else
            say(c, SC_FAIL, what,
                "%s（属于 %s）当前用户不能写：请用答题机的用户运行（runuser -u junheng -- junheng-kiosk --self-check）；"
                "仍不能写时请把所有者改回（sudo chown -R junheng:junheng %s） / owned by %s, not writable by this "
                "user: run as the kiosk's user (runuser -u junheng -- junheng-kiosk --self-check) or fix the owner",
                path, owner, dir, owner);
        free(copy);
        return;
    }
    free(copy);
    /* The version first, from the header (as the kiosk reads it) or SQLite
     * (a WAL's newer first page; needs no schema): a newer kiosk's schema
     * may use SQL this SQLite cannot parse, which is no damage.  The header
     * is read before SQLite opens the file: closing another descriptor of
     * it would drop the POSIX locks SQLite holds on it (county_open_as). */
    int64_t ver = store_file_schema_version(path);
    bool county_id = store_file_application_id(path) == COUNTY_APPLICATION_ID;
    sqlite3 *db = NULL;
    int rc = sc_db_open(path, &db);
    if (ver <= STORE_SCHEMA_VERSION && rc == SQLITE_OK) ver = count_of(db, "PRAGMA user_version");
    if (county_id ||
        (rc == SQLITE_OK && count_of(db, "PRAGMA application_id") == COUNTY_APPLICATION_ID)) {
        say(c, SC_FAIL, what,
            "%s 是教育局的区县数据库，不是答题机的数据库，答题机不能启动：请给答题机一个自己的数据库文件 / is a county "
            "database of the bureau tool (junheng), not a kiosk database: give the kiosk its own file",
            path);
        sqlite3_close(db);
        return;
    }
    if (ver > STORE_SCHEMA_VERSION) {
        say(c, SC_FAIL, what,
            "%s 是更新版本的答题机程序写的（数据库结构版本 %lld，本程序只认识到 %d），答题机不能启动：请安装新版的 "
            "junheng-kiosk；不要删除或替换这个数据库（里面的答卷可能还没有导出） / was written by a newer "
            "junheng-kiosk (schema %lld, this one knows up to %d), the kiosk will not start: install the newer "
            "junheng-kiosk; do not delete or replace the database (its answers may not be exported yet)",
            path, (long long)ver, STORE_SCHEMA_VERSION, (long long)ver, STORE_SCHEMA_VERSION);
        sqlite3_close(db);
        return;
    }
    char *check = rc == SQLITE_OK ? text_of(db, "PRAGMA quick_check") : NULL;
    if (!check || strcmp(check, "ok") != 0) {
        say(c, SC_FAIL, what, "%s 已损坏 / is damaged: %s", path,
            check ? check : db ? sqlite3_errmsg(db) : "cannot open");
        detail(c, "答题机下次启动时会把它改名保存并新建一个 / the kiosk moves it aside (kept) and starts a new one at its "
                  "next start");
        free(check);
        sqlite3_close(db);
        return;
    }
    free(check);
    int64_t total = count_of(db, "SELECT count(*) FROM responses");
    int64_t sub = count_of(db, "SELECT count(*) FROM responses WHERE status = 1");
    int64_t ab = count_of(db, "SELECT count(*) FROM responses WHERE status = 2");
    int64_t prog = count_of(db, "SELECT count(*) FROM responses WHERE status = 0");
    /* Finished answers above the last export (store_school_locked's mark):
     * what deleting the database would lose for good. */
    int64_t unexp = count_of(db, "SELECT count(*) FROM responses WHERE status != 0 AND seq > "
                                 "coalesce((SELECT max(last_seq) FROM exports), 0)");
    char *kiosk = text_of(db, "SELECT value FROM settings WHERE key = 'kiosk_id'");
    char *school = text_of(db, "SELECT value FROM settings WHERE key = 'school_code'");
    char *lost = text_of(db, "SELECT value FROM settings WHERE key = 'lost_seqs'");
    /* The export's own chain check (review rrepair5, item 4: an answer
     * changed inside the file passed as healthy; only the export found it). */
    bundle_salvage_info_t chain;
    bundle_check_db(db, &chain);
    sqlite3_close(db);
    if (chain.n_damaged > 0) {
        char seqs[200] = "";
        size_t m = 0;
        int named = chain.n_damaged < 8 ? (int)chain.n_damaged : 8;
        for (int i = 0; i < named && m < sizeof seqs; i++)
            m += (size_t)snprintf(seqs + m, sizeof seqs - m, "%s%lld", i ? ", " : "", (long long)chain.left_out_seq[i]);
        if (chain.n_damaged > named && m < sizeof seqs) snprintf(seqs + m, sizeof seqs - m, ", ...");
        say(c, SC_FAIL, what,
            "%s: 有 %lld 份答卷（编号 %s）保存后在本机被改动过：导出时不会带上它们，其余的写成“取回”包；请把这件事告诉县"
            "教育局 / %lld answer(s) (seq %s) were changed on this kiosk after they were saved: the export leaves "
            "them out and writes the others as a salvaged bundle; tell the county bureau",
            path, (long long)chain.n_damaged, seqs, (long long)chain.n_damaged, seqs);
    } else {
        say(c, SC_OK, what, "%s: 完好 / healthy (%.1f MB, schema %lld, owner %s, mode %04o)", path,
            (double)sb.st_size / 1048576.0, (long long)ver, owner, (unsigned)(sb.st_mode & 07777));
    }
    detail(c, "答卷 %lld 份：已提交 %lld，中途放弃 %lld，正在作答 %lld / responses %lld: submitted %lld, abandoned %lld, "
              "in progress %lld",
           (long long)total, (long long)sub, (long long)ab, (long long)prog, (long long)total, (long long)sub,
           (long long)ab, (long long)prog);
    if (unexp > 0)
        say(c, SC_WARN, "未导出 Not exported",
            "%lld 份答卷还没有导出过：删除或重装前请先在管理界面导出到 U 盘 / %lld answers were never exported: "
            "export them on the admin screen before deleting or reinstalling anything",
            (long long)unexp, (long long)unexp);
    else if (unexp == 0 && lost && *lost) /* (review rfield6, item 3) */
        detail(c, "这个数据库里的答卷都已导出；编号 %s 的答卷不在里面，见“丢失的答卷” / every answer in this database has "
                  "been exported; answers seq %s are not in it: see Lost answers",
               lost, lost);
    else if (unexp == 0)
        detail(c, "答卷都已导出 / every answer has been exported");
    free(lost);
    detail(c, "答题机编号 kiosk id: %s", kiosk ? kiosk : "（第一次启动时生成 / made at first start）");
    if (school)
        say(c, SC_OK, "学校 School", "%s", school);
    else
        say(c, SC_WARN, "学校 School", "学校代码未设，导出前请在管理界面设置 / school code unset: set it on the admin "
            "screen (or in the settings file) before exporting");
    free(kiosk);
    free(school);
    char lock[1024];
    if (!odd_sibling(path, ".lock") && store_lock_problem(path, lock, sizeof lock)) say(c, SC_WARN, "锁文件 Lock file", "%s", lock);
}

/* Whether every folder from / down to dir lets other users through
 * (search permission for others): then what in dir is readable by others
 * is readable by anyone on the machine. */
static bool others_can_enter(const char *dir)
{
    char *real = realpath(dir, NULL);
    if (!real) return false;
    bool open = true;
    size_t n = strlen(real);
    for (size_t i = 1; i <= n && open; i++) {
        if (real[i] != '/' && real[i] != '\0') continue;
        char ch = real[i];
        real[i] = '\0';
        struct stat sb;
        /* (a component it cannot stat: not known to be open) */
        open = stat(real, &sb) == 0 && (sb.st_mode & S_IXOTH);
        real[i] = ch;
    }
    struct stat root;
    if (open) open = stat("/", &root) == 0 && (root.st_mode & S_IXOTH);
    free(real);
    return open;
}

/* Who else can read the answers (review rprivacy): the database (every
 * answer, comments as typed, with the times of day) readable by other users
 * of the machine is a failure; its folder open to them (listing, the other
 * files the kiosk keeps beside it), a warning.  The .key is checked on its
 * own (check_key).  Nothing to say while the database does not exist. */
static void check_db_access(sc_t *c, const char *path)
{
    const char *what = "数据库权限 Database access";
    struct stat sb, dsb;
    char *copy = jh_strdup(path);
    const char *dir = dirname(copy);
    if (stat(path, &sb) != 0 || stat(dir, &dsb) != 0) {
        free(copy);
        return;
    }
    bool reach = others_can_enter(dir);
    unsigned fm = (unsigned)(sb.st_mode & 07777), dm = (unsigned)(dsb.st_mode & 07777);
    if (reach && (sb.st_mode & S_IROTH))
        say(c, SC_FAIL, what,
            "%s 的权限是 %04o，目录 %s 是 %04o：这台机器上的其他用户都能读到全部答卷；请执行 chmod 0600 %s 和 chmod 0700 "
            "%s / has mode %04o in %s (mode %04o): every other user of this machine can read all the answers; run "
            "chmod 0600 %s and chmod 0700 %s",
            path, fm, dir, dm, path, dir, fm, dir, dm, path, dir);
    else if (reach && (dsb.st_mode & (S_IROTH | S_IWOTH)))
        say(c, SC_WARN, what,
            "目录 %s 的权限是 %04o，其他用户能查看或改动里面的文件；请执行 chmod 0700 %s / the folder %s has mode %04o: "
            "other users can list or change the files in it; run chmod 0700 %s",
            dir, dm, dir, dir, dm, dir);
    else
        say(c, SC_OK, what, "其他用户读不到 / not readable by other users (%s %04o, %s %04o)", path, fm, dir, dm);
    free(copy);
}

/* The user the kiosk service runs as: User= of the installed unit
 * (packaging/junheng-kiosk.service), else the owner of the database's
 * folder (a developer's kiosk).  false when neither is known. */
static bool service_account(const selfcheck_opts_t *o, struct passwd *out, char *name, size_t name_len,
                            const char **from)
{
    name[0] = '\0';
    char *unit = o->unit_dir ? jh_sprintf("%s/junheng-kiosk.service", o->unit_dir) : NULL;
    char *text = unit ? read_small(unit) : NULL;
    for (char *l = text ? strtok(text, "\n") : NULL; l; l = strtok(NULL, "\n")) {
        if (!strncmp(l, "User=", 5)) snprintf(name, name_len, "%.*s", (int)strcspn(l + 5, " \t\r"), l + 5);
    }
    free(text);
    free(unit);
    struct passwd *pw = NULL;
    if (name[0]) {
        pw = getpwnam(name);
        *from = "junheng-kiosk.service";
    } else {
        char *copy = jh_strdup(o->db);
        struct stat sb;
        if (stat(dirname(copy), &sb) == 0) pw = getpwuid(sb.st_uid);
        free(copy);
        *from = "目录所有者 folder owner";
    }
    if (!pw) return false;
    *out = *pw;
    snprintf(name, name_len, "%s", pw->pw_name);
    return true;
}

/* Every file of the kiosk's beside the database must be its service user's
 * (review rpack3: the kept key copied back as root, root:root 0600, and the
 * self-check run as root said "healthy"): checked whoever runs it. */
static void check_owners(sc_t *c, const selfcheck_opts_t *o)
{
    const char *what = "文件所有者 File owners";
    struct passwd pw;
    char user[64];
    const char *from = "";
    if (!service_account(o, &pw, user, sizeof user, &from)) return;
    struct group *gr = getgrgid(pw.pw_gid);
    char group[64];
    snprintf(group, sizeof group, "%s", gr ? gr->gr_name : user);
    static const char *const suffix[] = {"", "-wal", "-shm", ".lock", ".key", ".identity"};
    int n_files = 0, n_bad = 0, n_odd = 0;
    for (size_t i = 0; i < sizeof suffix / sizeof *suffix; i++) {
        char *path = jh_sprintf("%s%s", o->db, suffix[i]);
        struct stat sb;
        if (lstat(path, &sb) != 0) {
            int e = errno;
            if (e == EACCES) {
                /* (the others in the same folder cannot be seen either) */
                say_unseen(c, what, path, e);
                free(path);
                return;
            }
            free(path);
            continue;
        }
        n_files++;
        /* the key is only read; the others are written too */
        mode_t need = i == 4 ? S_IRUSR : S_IRUSR | S_IWUSR;
        if (!S_ISREG(sb.st_mode)) {
            /* (a chown of it would follow the link: never advised) */
            char to[512] = "";
            ssize_t k = S_ISLNK(sb.st_mode) ? readlink(path, to, sizeof to - 1) : -1;
            if (k >= 0) to[k] = '\0';
            if (S_ISLNK(sb.st_mode))
                say(c, SC_FAIL, what,
                    "%s 不是普通文件（符号链接，指向 %s）：请删除它（rm %s，只删除链接本身）。它指向的是答题机真正的文件时，"
                    "把那个文件移到这里代替链接；否则答题机启动时重新建立（密钥、身份文件请放回保存的副本） / is not a "
                    "regular file (a symbolic link to %s): remove it (rm %s removes the link only); if it points to "
                    "the kiosk's real file, move that file here in its place; else the kiosk makes it again at start "
                    "(put back the kept copy of the key or identity file)",
                    path, to, path, to, path);
            else
                say(c, SC_FAIL, what,
                    "%s 不是普通文件（是目录、FIFO 或设备文件）：请删除它，答题机启动时重新建立（密钥、身份文件请放回保存"
                    "的副本） / is not a regular file (a directory, FIFO or device): remove it; the kiosk makes it "
                    "again at start (put back the kept copy of the key or identity file)",
                    path);
            n_odd++;
        } else if (sb.st_uid != pw.pw_uid || (sb.st_mode & need) != need) {
            struct passwd *opw = getpwuid(sb.st_uid);
            struct group *ogr = getgrgid(sb.st_gid);
            char owner[64], ogroup[64];
            snprintf(owner, sizeof owner, "%s", opw ? opw->pw_name : "?");
            snprintf(ogroup, sizeof ogroup, "%s", ogr ? ogr->gr_name : "?");
            unsigned m = (unsigned)(sb.st_mode & 07777);
            say(c, SC_FAIL, what,
                "%s 属于 %s:%s（权限 %04o），答题机的用户 %s 读写不了，答题机不能启动：请执行 chown -h %s:%s %s%s / is "
                "owned by %s:%s (mode %04o): the kiosk's user %s cannot use it and the kiosk will not start: run "
                "chown -h %s:%s %s%s",
                path, owner, ogroup, m, user, user, group, path, (sb.st_mode & need) != need ? "（并 chmod 0600）" : "",
                owner, ogroup, m, user, user, group, path, (sb.st_mode & need) != need ? " (and chmod 0600)" : "");
            n_bad++;
        }
        free(path);
    }
    char *copy = jh_strdup(o->db);
    const char *dir = dirname(copy);
    /* (chown -R does not follow links below its folder, but with a link
     * there the one-line form is not given: remove it first) */
    if (n_bad > 1 && !n_odd)
        detail(c, "一次改好 / all at once: chown -R %s:%s %s", user, group, dir);
    else if (n_files && !n_bad && !n_odd)
        say(c, SC_OK, what, "都属于答题机的用户 %s / all owned by the kiosk's user %s (%s)", user, user, from);
    free(copy);
}

/* Whether a damaged database was moved aside beside db (DB.corrupt-*,
 * store.c move_aside): the kiosk made a new one after it. */
static bool moved_aside_beside(const char *db)
{
    char *pattern = jh_sprintf("%s.corrupt-*", db);
    glob_t gl;
    bool found = false;
    if (glob(pattern, 0, NULL, &gl) == 0) {
        for (size_t i = 0; i < gl.gl_pathc && !found; i++) {
            size_t n = strlen(gl.gl_pathv[i]);
            found = !(n > 4 && (!strcmp(gl.gl_pathv[i] + n - 4, "-wal") || !strcmp(gl.gl_pathv[i] + n - 4, "-shm"))) &&
                    !(n > 8 && !strcmp(gl.gl_pathv[i] + n - 8, "-journal"));
        }
        globfree(&gl);
    }
    free(pattern);
    return found;
}

/* What a kiosk database records of its past (read-only; zeros and NULLs
 * when it cannot be read). */
typedef struct {
    int64_t n_history;   /* responses + exports */
    int64_t max_done;    /* highest finished seq */
    bool readable;       /* opened and its quick_check passed: the numbers above mean something */
    char *kiosk;         /* settings (owned; NULL = none) */
    char *lost;
    char *lost_cause;    /* "damaged", "missing", "older" (NULL: none recorded) */
    char *replaced;
    char *replaced_fp;
} db_past_t;

static void db_past(const char *path, db_past_t *p)
{
    memset(p, 0, sizeof *p);
    sqlite3 *db = NULL;
    if (!odd_file(path) && !odd_sibling(path, "-wal") && !odd_sibling(path, "-shm") &&
        sc_db_open(path, &db) == SQLITE_OK) {
        char *qc = text_of(db, "PRAGMA quick_check");
        p->readable = qc && !strcmp(qc, "ok");
        free(qc);
        p->n_history = count_of(db, "SELECT (SELECT count(*) FROM responses) + (SELECT count(*) FROM exports)");
        p->max_done = count_of(db, "SELECT coalesce(max(seq), 0) FROM responses WHERE status != 0");
        p->kiosk = text_of(db, "SELECT value FROM settings WHERE key = 'kiosk_id'");
        p->lost = text_of(db, "SELECT value FROM settings WHERE key = 'lost_seqs'");
        p->lost_cause = text_of(db, "SELECT value FROM settings WHERE key = 'lost_cause'");
        p->replaced = text_of(db, "SELECT value FROM settings WHERE key = 'key_replaced'");
        p->replaced_fp = text_of(db, "SELECT value FROM settings WHERE key = 'key_replaced_fp'");
    }
    sqlite3_close(db);
    if (p->n_history < 0) p->n_history = 0;
    if (p->max_done < 0) p->max_done = 0;
}

static void db_past_free(db_past_t *p)
{
    free(p->kiosk);
    free(p->lost);
    free(p->lost_cause);
    free(p->replaced);
    free(p->replaced_fp);
}

static void check_key(sc_t *c, const char *db, char fp_out[64])
{
    const char *what = "签名密钥 Signing key";
    char *path = jh_sprintf("%s.key", db);
    struct stat sb, dsb;
    bool db_exists = stat(db, &dsb) == 0;
    if (odd_file(path)) {
        say(c, SC_FAIL, what, "%s 不是普通文件（符号链接？），没有读取，见“文件所有者”一行 / is not a regular file (a "
            "symbolic link?), not read: see the File owners line", path);
        free(path);
        return;
    }
    if (stat(path, &sb) != 0 && errno == EACCES) {
        say_unseen(c, what, path, errno);
        free(path);
        return;
    }
    if (stat(path, &sb) != 0) {
        db_past_t past = {0};
        if (db_exists) db_past(db, &past);
        if (db_exists && past.n_history > 0)
            /* Started now, it makes a new key: the bureau rejects every
             * later export until it accepts it on purpose (review rrepair). */
            say(c, SC_FAIL, what,
                "%s 不存在，但数据库里已有答卷或导出：现在启动，答题机会新建密钥，县教育局在接受新密钥之前会拒收它以后的"
                "答卷。启动前请把保存的 kiosk.db.key（和 kiosk.db.identity）放回 %s；确实找不到了才启动，并把新指纹告诉"
                "教育局 / missing while the database holds answers or exports: started now, the kiosk makes a new key "
                "and the bureau rejects its later exports until it accepts it; put the kept kiosk.db.key (and "
                "kiosk.db.identity) back before starting; only if it is lost for good, start and tell the bureau the "
                "new fingerprint",
                path, db);
        else if (db_exists)
            say(c, SC_WARN, what, "%s 不存在：答题机会新建密钥，局里会看到新的指纹 / missing: the kiosk will make a new "
                "key and the bureau will see a new fingerprint",
                path);
        else
            say(c, SC_WARN, what, "%s 还没有，答题机第一次启动时创建 / not created yet: made at first start", path);
        db_past_free(&past);
        free(path);
        return;
    }
    if (sb.st_mode & 077) {
        say(c, SC_FAIL, what, "%s 的权限是 %04o，别人也能读 / has mode %04o, others can read it: chmod 0600 %s", path,
            (unsigned)(sb.st_mode & 07777), (unsigned)(sb.st_mode & 07777), path);
        free(path);
        return;
    }
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        /* (the owner is told by check_owners, with its chown) */
        if (e == EACCES)
            say(c, SC_FAIL, what,
                "%s 无法读取：%s。答题机的用户必须是它的所有者（见“文件所有者”一行的 chown）；以别的用户运行自检时请用 runuser "
                "-u junheng -- junheng-kiosk --self-check / cannot read: %s. The kiosk's user must own it (the chown "
                "on the File owners line); as another user run runuser -u junheng -- junheng-kiosk --self-check",
                path, strerror(e), strerror(e));
        else
            say(c, SC_FAIL, what, "%s 无法读取 / cannot read: %s", path, strerror(e));
        free(path);
        return;
    }
    unsigned char buf[65], pk[32], sk[64];
    ssize_t got = read(fd, buf, sizeof buf);
    close(fd);
    bool ok = got == 64;
    if (ok) {
        crypto_sign_seed_keypair(pk, sk, buf);
        ok = sodium_memcmp(sk, buf, 64) == 0;
    }
    sodium_memzero(sk, sizeof sk);
    sodium_memzero(buf, sizeof buf);
    if (!ok) {
        say(c, SC_FAIL, what, "%s 已损坏 / is damaged (%zd bytes, expected a 64-byte Ed25519 key); the kiosk will not "
            "start until it is moved away",
            path, got);
    } else {
        char fp[64];
        store_fingerprint_of(pk, fp);
        snprintf(fp_out, 64, "%s", fp);
        say(c, SC_OK, what, "%s: 完好 / healthy, mode %04o, 指纹 fingerprint %s", path, (unsigned)(sb.st_mode & 07777),
            fp);
    }
    free(path);
}

/* The identity file beside the key (docs/kiosk.md, "Identity that
 * survives the database"): missing, behind or ahead of the database; and
 * what the database notes for the bureau (lost_seqs, key_replaced). */
static void check_identity(sc_t *c, const char *db, const char *key_fp)
{
    const char *what = "身份文件 Identity";
    char *path = jh_sprintf("%s.identity", db);
    struct stat sb;
    bool db_exists = stat(db, &sb) == 0, key_exists = key_fp[0] != '\0';
    db_past_t past;
    memset(&past, 0, sizeof past);
    if (db_exists) db_past(db, &past);
    bool odd = odd_file(path);
    char *text = odd ? NULL : read_small(path);
    if (odd) {
        say(c, SC_FAIL, what, "%s 不是普通文件（符号链接？），没有读取，见“文件所有者”一行 / is not a regular file (a "
            "symbolic link?), not read: see the File owners line", path);
    } else if (!text && errno == EACCES) {
        say_unseen(c, what, path, errno);
    } else if (!text && errno != ENOENT) {
        say(c, SC_FAIL, what, "%s 无法读取 / cannot read: %s (run as the kiosk's user)", path, strerror(errno));
    } else if (!text) {
        if (past.n_history > 0 && key_exists)
            say(c, SC_WARN, what,
                "%s 不存在：答题机启动时按数据库重新写出。如果数据库是从上次导出之前的旧备份放回来的，新答卷会重复使用县"
                "教育局已有的编号，合并不进去：有保存的 kiosk.db.identity 就在启动前放回，否则把本机作为新答题机重新设置"
                "（见 docs/kiosk.md“The disk died”）/ missing: the kiosk writes it from the database at start; if the "
                "database was put back from a backup older than its last export, its new answers reuse seqs the "
                "bureau holds and will not merge: put a kept kiosk.db.identity back before starting, or set the "
                "kiosk up as a new kiosk (docs/kiosk.md, \"The disk died\")",
                path);
        else if (past.n_history > 0 || (!db_exists && key_exists))
            say(c, SC_WARN, what,
                "%s 不存在：答题机不知道以前用到了哪个编号，启动后编号从一个很大的数接着用（县教育局按“新数据库”合并），"
                "以前没有导出的答卷不在这里。有保存的 kiosk.db.identity 就在启动前放回（见 docs/kiosk.md“The disk "
                "died”）/ missing: the kiosk cannot know the seqs it used and continues them far above (the bureau "
                "merges that as a new database); answers never exported are not here; put a kept kiosk.db.identity "
                "back before starting (docs/kiosk.md, \"The disk died\")",
                path);
        else if (db_exists)
            say(c, SC_WARN, what, "%s 不存在：答题机启动时按数据库重新写出 / missing: the kiosk writes it from the "
                "database at start", path);
    } else {
        int64_t committed = 0, exported = -1; /* -1: an identity file from before seq_exported */
        char kiosk[64] = "";
        for (char *l = strtok(text, "\n"); l; l = strtok(NULL, "\n")) {
            long long v;
            if (sscanf(l, "seq_committed = %lld", &v) == 1) committed = v;
            if (sscanf(l, "seq_exported = %lld", &v) == 1) exported = v;
            sscanf(l, "kiosk_id = %63s", kiosk);
        }
        if (db_exists && !past.readable) {
            /* A damaged database (the Database line says so) tells nothing
             * of its seqs: no comparison (review rrepair5, item 2: it was
             * called "put back from an older copy"). */
            if (exported < 0 && committed > 0)
                say(c, SC_WARN, what,
                    "%s: 完好；数据库已损坏，没有拿来比较。编号 %lld 以内没有导出过的答卷只在损坏的数据库里：答题机启动后，"
                    "请插上 U 盘，在管理界面用“取回损坏数据库里的答卷”取回 / healthy; the database is damaged and was "
                    "not compared. Answers up to seq %lld not yet exported are only in the damaged database: after the "
                    "kiosk starts, plug in a USB stick and use 取回损坏数据库里的答卷 on the admin screen",
                    path, (long long)committed, (long long)committed);
            else if (exported >= 0 && committed > exported)
                say(c, SC_WARN, what,
                    "%s: 完好；数据库已损坏，没有拿来比较。编号 %lld 到 %lld 的答卷没有导出过，只在损坏的数据库里：答题机"
                    "启动后，请插上 U 盘，在管理界面用“取回损坏数据库里的答卷”取回 / healthy; the database is damaged "
                    "and was not compared. Answers seq %lld to %lld were never exported and are only in the damaged "
                    "database: after the kiosk starts, plug in a USB stick and use 取回损坏数据库里的答卷 on the "
                    "admin screen",
                    path, (long long)exported + 1, (long long)committed, (long long)exported + 1,
                    (long long)committed);
            else
                say(c, SC_OK, what,
                    "%s: 完好；数据库已损坏，没有拿来比较（编号记到 %lld，都已导出）/ healthy; the database is damaged "
                    "and was not compared (finished seqs up to %lld, all exported)",
                    path, (long long)committed, (long long)committed);
        } else if (db_exists && past.kiosk && kiosk[0] && strcmp(past.kiosk, kiosk))
            say(c, SC_FAIL, what,
                "%s 是答题机 %s 的，数据库是答题机 %s 的：两者不是同一台答题机的，请放回这台答题机自己的身份文件 / belongs "
                "to kiosk %s, the database to kiosk %s: put back this kiosk's own identity file",
                path, kiosk, past.kiosk, kiosk, past.kiosk);
        else if (db_exists && committed < past.max_done - 1)
            /* (one behind is a power cut between the answer's commit and
             * the file's update, store.c: harmless, the start updates it) */
            say(c, SC_WARN, what,
                "%s 比数据库旧（记到编号 %lld，数据库里有 %lld）：它是从旧备份放回来的吗？答题机启动时按数据库更新它 / is "
                "older than the database (finished seqs up to %lld, the database has %lld): was it put back from a "
                "backup? The kiosk brings it up to date at start",
                path, (long long)committed, (long long)past.max_done, (long long)committed, (long long)past.max_done);
        else if (db_exists && committed > past.max_done &&
                 (past.lost_cause ? strcmp(past.lost_cause, "older") != 0 : moved_aside_beside(db)))
            /* A database made again after the old one was damaged (moved
             * aside beside it) or gone: not an older copy put back (review
             * rfield6, item 3) */
            say(c, SC_WARN, what,
                past.lost_cause && !strcmp(past.lost_cause, "missing")
                    ? "%s 记到编号 %lld，数据库里只到 %lld：原来的数据库不见了，答题机新建了一个，编号从更大的数接着用；"
                      "没有导出过的答卷见“丢失的答卷” / records finished seqs up to %lld, the database only up to "
                      "%lld: the database was gone and the kiosk made a new one, continuing above; for answers never "
                      "exported see Lost answers"
                    : "%s 记到编号 %lld，数据库里只到 %lld：原来的数据库损坏了，已原样改名保存在它旁边，答题机新建了一个，"
                      "编号从更大的数接着用；没有导出过的答卷见“丢失的答卷” / records finished seqs up to %lld, the "
                      "database only up to %lld: the database was damaged, kept renamed beside it, and the kiosk made "
                      "a new one, continuing above; for answers never exported see Lost answers",
                path, (long long)committed, (long long)past.max_done, (long long)committed,
                (long long)past.max_done);
        else if (db_exists && committed > past.max_done)
            say(c, SC_WARN, what,
                "%s 记到编号 %lld，数据库里只到 %lld：数据库是从旧的副本放回来的，编号 %lld 之后的答卷不在里面；答题机"
                "启动时编号从更大的数接着用，请把这件事告诉县教育局 / records finished seqs up to %lld, the database "
                "only up to %lld: the database was put back from an older copy and the answers after seq %lld are "
                "not in it; the kiosk continues above; tell the bureau",
                path, (long long)committed, (long long)past.max_done, (long long)past.max_done, (long long)committed,
                (long long)past.max_done, (long long)past.max_done);
        else
            say(c, SC_OK, what, "%s: 完好 / healthy (编号记到 finished seqs up to %lld)", path, (long long)committed);
    }
    if (past.lost && *past.lost && past.lost_cause && !strcmp(past.lost_cause, "damaged"))
        say(c, SC_WARN, "丢失的答卷 Lost answers",
            "编号 %s 的答卷曾在本机保存过，还没有导出，只在损坏后改名保存的数据库里：请插上 U 盘，在管理界面用“取回损坏"
            "数据库里的答卷”取回还能读出的，取不回的请告诉县教育局 / answers seq %s were saved on this kiosk and never "
            "exported; they are only in the damaged database kept beside it: plug in a USB stick and use "
            "取回损坏数据库里的答卷 on the admin screen to save what can be read, and tell the bureau about the rest",
            past.lost, past.lost);
    else if (past.lost && *past.lost)
        say(c, SC_WARN, "丢失的答卷 Lost answers",
            "编号 %s 的答卷曾在本机保存过，但已不在数据库里：请告诉县教育局 / answers seq %s were saved on this kiosk "
            "but are no longer in its database: tell the bureau",
            past.lost, past.lost);
    if (past.replaced && *past.replaced) {
        const char *fp = past.replaced_fp ? past.replaced_fp : key_fp;
        say(c, SC_WARN, "新密钥 New key",
            "本机的签名密钥在 %s 换成了新密钥（指纹 %s）：县教育局接受之前会拒收本机的答卷，请告诉教育局“答题机 %s 换了新"
            "密钥，新指纹 %s” / the signing key was replaced on %s (fingerprint %s): the bureau rejects this kiosk's "
            "exports until it accepts it (junheng merge --keys FILE --replace-key %s)",
            past.replaced, fp, past.kiosk ? past.kiosk : "?", fp, past.replaced, fp, past.kiosk ? past.kiosk : "?");
        if (past.replaced_fp && key_exists && strcmp(past.replaced_fp, key_fp))
            detail(c, "现在的密钥文件是另一个（指纹 %s），旧密钥被放回来了？答题机启动时会说明 / the key file now is another "
                      "(fingerprint %s): the old key put back? The kiosk says what to tell the bureau at start",
                   key_fp, key_fp);
    }
    free(text);
    db_past_free(&past);
    free(path);
}

static void check_disk(sc_t *c, const char *db)
{
    const char *what = "磁盘空间 Free disk";
    char *copy = jh_strdup(db);
    const char *dir = dirname(copy);
    struct statvfs vs;
    if (statvfs(dir, &vs) != 0) {
        say(c, SC_WARN, what, "%s: 无法查看 / cannot tell: %s", dir, strerror(errno));
    } else {
        long long avail = (long long)vs.f_bavail * (long long)vs.f_frsize;
        sc_level_t lv = avail < SC_DISK_FAIL ? SC_FAIL : avail < SC_DISK_WARN ? SC_WARN : SC_OK;
        say(c, lv, what, "%s 还有 %.0f MB / %.0f MB free%s", dir, (double)avail / 1048576.0, (double)avail / 1048576.0,
            lv == SC_OK ? "" : "（空间不足时答题机暂停服务 / the kiosk stops taking answers when the disk is full）");
    }
    free(copy);
}

/* Connected displays from the kernel's DRM connectors: works without
 * access to the display (the running kiosk holds it). */
static void check_screen(sc_t *c)
{
    const char *what = "屏幕 Screen";
    glob_t gl;
    int n = 0;
    if (glob("/sys/class/drm/card*-*/status", 0, NULL, &gl) == 0) {
        for (size_t i = 0; i < gl.gl_pathc; i++) {
            char *st = read_small(gl.gl_pathv[i]);
            if (st && !strncmp(st, "connected", 9)) {
                char *dir = jh_strdup(gl.gl_pathv[i]);
                *strrchr(dir, '/') = '\0';
                char *mpath = jh_sprintf("%s/modes", dir);
                char *modes = read_small(mpath);
                if (modes) modes[strcspn(modes, "\n")] = '\0';
                say(c, SC_OK, what, "%s: %s", strrchr(dir, '/') + 1,
                    modes && *modes ? modes : "分辨率未知 / size unknown");
                n++;
                free(modes);
                free(mpath);
                free(dir);
            }
            free(st);
        }
        globfree(&gl);
    }
    if (!n) say(c, SC_WARN, what, "没有发现接好的显示器 / no connected display found (/sys/class/drm)");
}

/* ABS_MT_POSITION_X (0x35) in a device's ABS bitmap: a touch screen. */
static bool abs_has_mt(const char *bits)
{
    const char *last = strrchr(bits, ' ');
    unsigned long long low = strtoull(last ? last + 1 : bits, NULL, 16);
    return (low >> 0x35) & 1ULL;
}

static void check_touch(sc_t *c)
{
    const char *what = "触摸屏 Touch";
    char *text = read_small("/proc/bus/input/devices");
    int n = 0;
    char name[200] = "";
    for (char *line = text ? strtok(text, "\n") : NULL; line; line = strtok(NULL, "\n")) {
        if (!strncmp(line, "N: Name=", 8)) {
            snprintf(name, sizeof name, "%s", line + 8);
        } else if (!strncmp(line, "B: ABS=", 7) && abs_has_mt(line + 7)) {
            say(c, SC_OK, what, "%s", name);
            n++;
        }
    }
    free(text);
    if (!n) say(c, SC_WARN, what, "没有发现触摸设备（也可以用鼠标）/ no touch device found (a mouse works too)");
}

static void *check_font(sc_t *c, const char *font)
{
    const char *what = "字体 Font";
    char *path = font ? jh_strdup(font) : plat_find_font();
    char *real = path && !font ? realpath(path, NULL) : NULL;
    if (real) { /* /usr/share/junheng/fonts/… rather than /usr/bin/../share/… */
        free(path);
        path = real;
    }
    if (!path) {
        say(c, SC_FAIL, what, "找不到 NotoSansSC-Junheng.otf / not found: reinstall junheng-kiosk or pass --font FILE");
        return NULL;
    }
    plat_fontcheck_t *fc = NULL;
    jh_err_t err;
    if (plat_fontcheck_open(path, &fc, &err) != JH_OK) {
        say(c, SC_FAIL, what, "%s", err.msg);
        free(path);
        return NULL;
    }
    int missing = 0;
    for (const char *p = SC_FONT_SAMPLE; *p;) {
        int k = 0;
        uint32_t cp = ui_utf8_decode(p, strlen(p), &k);
        if (k <= 0) break;
        if (!plat_fontcheck_has(fc, cp)) missing++;
        p += k;
    }
    if (missing)
        say(c, SC_FAIL, what, "%s (%s) 缺少 %d 个常用汉字 / lacks %d common characters", path,
            plat_fontcheck_family(fc), missing, missing);
    else
        say(c, SC_OK, what, "%s (%s)", path, plat_fontcheck_family(fc));
    free(path);
    return fc;
}

/* store_db_survey_version_clash as survey_folder_load's callback. */
static bool sc_clash(void *ctx, const survey_t *s)
{
    return store_db_survey_version_clash(ctx, s, NULL);
}

/* The questionnaires as the kiosk will load them: the same decision
 * (survey_folder_load) against the kiosk's database, read only (review
 * r2quest3 item 3: each file alone was 正常 OK though the kiosk refused it). */
static void check_surveys(sc_t *c, const char *dir, const char *db_path, void *fc)
{
    const char *what = "问卷 Questionnaires";
    char **names = NULL;
    int n = 0;
    jh_err_t lerr;
    if (survey_list_dir(dir, &names, &n, &lerr) != JH_OK) {
        say(c, SC_FAIL, what, "%s: 无法打开 / cannot open (%s)", dir, lerr.msg);
        return;
    }
    if (!n) say(c, SC_FAIL, what, "%s 里没有问卷 (*.json) / holds no questionnaire (*.json)", dir);
    sqlite3 *db = NULL;
    /* (not a FIFO or link in the database's place: the checks above named
     * it; opening it would hang or follow it; review rfinal18, item 1) */
    if (db_path && !odd_file(db_path) && !odd_sibling(db_path, "-wal") && !odd_sibling(db_path, "-shm") &&
        sc_db_open(db_path, &db) != SQLITE_OK) {
        sqlite3_close(db);
        db = NULL;
    }
    survey_check_opts_t opts = {.has_glyph = fc ? plat_fontcheck_has : NULL, .glyph_ctx = fc, .max_errors = 10};
    survey_t **offered = NULL;
    char **files = NULL;
    int n_offered = 0, n_problems = 0;
    jh_buf_t problems = {0};
    if (survey_folder_load(dir, &opts, db ? sc_clash : NULL, db,
                           "%1$s：问卷 %2$s 第 %3$s 版的内容与本机已有答卷所答的内容不同 / %1$s: questionnaire %2$s "
                           "version %3$s differs from the content this kiosk's answers under that version were given "
                           "to (put back the file those answers used, or give it a new version number)",
                           &offered, &files, &n_offered, &problems, &n_problems, &lerr) != JH_OK) {
        say(c, SC_FAIL, what, "%s: 无法打开 / cannot open (%s)", dir, lerr.msg);
        n_offered = 0;
    }
    sqlite3_close(db);
    for (int i = 0; i < n; i++) {
        int k = 0;
        while (k < n_offered && strcmp(files[k], names[i])) k++;
        if (k < n_offered)
            say(c, SC_OK, what, "%s/%s: %s, %d 题 / %d items", dir, names[i], offered[k]->id, offered[k]->n_items,
                offered[k]->n_items);
        else
            say(c, SC_FAIL, what, "%s/%s 有错误，答题机不会显示它 / has errors, the kiosk will not offer it", dir,
                names[i]);
        free(names[i]);
    }
    free(names);
    if (n_problems) {
        say(c, SC_FAIL, what, "%s：答题机不会启用的文件及原因 / the files the kiosk will not offer, and why:", dir);
        for (const char *p = problems.data; p && *p;) {
            size_t k = strcspn(p, "\n");
            detail(c, "%.*s", (int)k, p);
            p += k;
            if (*p) p++;
        }
    }
    jh_buf_free(&problems);
    survey_folder_free(offered, files, n_offered);
}

/* Sticks where the admin screen finds them (the same discovery). */
static void check_usb(sc_t *c)
{
#ifdef JH_HAVE_USB_TARGETS
    const char *what = "U 盘 USB";
    usb_target_t t[16];
    int n = usb_targets_list(NULL, NULL, NULL, t, 16);
    for (int i = 0; i < n; i++) {
        if (t[i].writable)
            say(c, SC_OK, what, "%s 可以导出 / can take exports", t[i].path);
        else
            say(c, SC_WARN, what, "%s 只读或不能写 / read-only or not writable by this user", t[i].path);
    }
    if (!n)
        say(c, SC_WARN, what, "没有插 U 盘（插上后出现在 /media/junheng/ 下）/ no USB stick mounted (one plugged in "
            "appears under /media/junheng/)");
#else
    (void)c;
#endif
}

static void check_audio(sc_t *c)
{
    const char *what = "声音 Audio";
    char *text = read_small("/proc/asound/cards");
    int n = 0;
    /* " 0 [PCH            ]: HDA-Intel - HDA Intel PCH" */
    for (char *line = text ? strtok(text, "\n") : NULL; line; line = strtok(NULL, "\n")) {
        char *colon = strstr(line, "]: ");
        if (!colon || !isdigit((unsigned char)line[strspn(line, " ")])) continue;
        say(c, SC_OK, what, "%s", colon + 3);
        n++;
    }
    free(text);
    if (!n) say(c, SC_WARN, what, "没有声卡（答题机不需要声音也能用）/ no sound card (the kiosk works without sound)");
}

/* An engine that does not open: a warning when its data is missing (the
 * panel's other modes still work, the voice is only a help), a failure
 * when it is there but damaged (a broken install to repair). */
static void engine_off(sc_t *c, const char *what, jh_status_t st, const char *pkg, const char *why)
{
    if (st == JH_ERR_NOTFOUND)
        say(c, SC_WARN, what, "缺少数据，请安装 %s / its data is missing: install %s", pkg, pkg);
    else if (st == JH_ERR_CORRUPT)
        say(c, SC_FAIL, what, "数据已损坏，请重新安装 %s / its data is damaged: reinstall %s", pkg, pkg);
    else
        say(c, SC_FAIL, what, "打不开数据，请检查或重新安装 %s / its data cannot be opened: check or reinstall %s",
            pkg, pkg);
    detail(c, "%s", why);
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    remove(path);
    return 0;
}

static bool count_samples(void *ctx, const int16_t *samples, size_t n)
{
    (void)samples;
    *(size_t *)ctx += n;
    return true;
}

/* Removes the scratch folders (jh-selfcheck-rime-PID-XXXXXX) in tmp of
 * this user's self-checks that are no longer running. */
static void sweep_rime_scratch(const char *tmp)
{
    DIR *d = opendir(tmp);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        long pid = 0;
        char rest[16];
        if (sscanf(e->d_name, "jh-selfcheck-rime-%ld-%15s", &pid, rest) != 2 || pid <= 0 || strlen(rest) != 6)
            continue;
        if (pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH) continue;
        char *path = jh_sprintf("%s/%s", tmp, e->d_name);
        struct stat sb;
        if (lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode) && sb.st_uid == getuid())
            nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
        free(path);
    }
    if (d) closedir(d);
}

/* The input panel's engines and the voice that reads questions aloud,
 * opened and tried as the kiosk uses them: a file that is there may still
 * be damaged.  Pinyin is tried with a scratch folder for librime's
 * compiled schema (the kiosk's DB.rime/ is left alone, but the compiled
 * files in its build/ are tried, as the kiosk would read them first) and
 * its load in a child process (librime aborts on a damaged dictionary). */
static void check_input(sc_t *c, const selfcheck_opts_t *o)
{
    jh_err_t err;
    const char *what = "手写 Handwriting";
    const char *model = o->zinnia_model ? o->zinnia_model : HANDWRITING_MODEL;
    handwriting_t *h = NULL;
    jh_status_t st = handwriting_open(model, &h, &err);
    if (st == JH_OK) {
        int n = handwriting_model_chars(h, NULL);
        say(c, SC_OK, what, "%s: 认识 %d 个常用汉字 / knows %d common characters", model, n, n);
        handwriting_close(h);
    } else {
        engine_off(c, what, st, "tegaki-zinnia-simplified-chinese", err.msg);
    }

    what = "拼音 Pinyin";
    const char *shared = o->rime_shared ? o->rime_shared : PINYIN_SHARED_DIR;
    const char *tmp = getenv("TMPDIR");
    tmp = tmp && *tmp ? tmp : "/tmp";
    sweep_rime_scratch(tmp);
    /* the pid in the name: a folder left by a self-check that was killed
     * is swept by the next one */
    char *dir = jh_sprintf("%s/jh-selfcheck-rime-%ld-XXXXXX", tmp, (long)getpid());
    char *kiosk_dir = o->db ? jh_sprintf("%s.rime", o->db) : NULL;
    if (!mkdtemp(dir)) {
        say(c, SC_WARN, what, "无法建立临时文件夹，没有检查 / not checked: cannot make a scratch folder %s (%s)", dir,
            strerror(errno));
    } else {
        st = pinyin_check(shared, kiosk_dir, dir, &err);
        if (st == JH_OK) {
            say(c, SC_OK, what, "%s: 输入 ni 有候选字 / typing ni gives candidates", shared);
        } else if (pinyin_retry_later()) {
            say(c, SC_WARN, what,
                "拼音数据加载太慢或无法试用，请稍后再试 / loading the pinyin data took too long or could not be "
                "tried: try again later");
            detail(c, "%s", err.msg);
        } else {
            engine_off(c, what, st, "rime-data-luna-pinyin", err.msg);
        }
        nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    }
    free(kiosk_dir);
    free(dir);

    what = "读题声音 Voice";
    tts_t *t = NULL;
    int quiet = stderr_off();
    st = tts_open(NULL, &t, &err);
    size_t samples = 0;
    if (st == JH_OK) st = tts_speak(t, "你好", count_samples, &samples, NULL, &err);
    stderr_on(quiet);
    if (st == JH_OK && samples == 0)
        st = jh_err_set(&err, JH_ERR_CORRUPT, "espeak-ng 读“你好”没有声音 / espeak-ng made no sound for 你好");
    if (st == JH_OK) {
        say(c, SC_OK, what, "普通话 espeak-ng %s / Mandarin", tts_voice(t));
    } else if (st == JH_ERR_CORRUPT) {
        /* A voice with no Mandarin (no cmn_dict) played silence or English
         * while 读题 was offered (review rspeech4 item 2). */
        say(c, SC_FAIL, what,
            "普通话声音不能用，读题和听读按钮不显示；请重新安装 espeak-ng-data / the Mandarin voice gives no "
            "Mandarin, the read-aloud buttons are hidden: reinstall espeak-ng-data");
        detail(c, "%s", err.msg);
    } else {
        engine_off(c, what, st, "espeak-ng-data", err.msg);
    }
    tts_close(t);
    if (st != JH_OK) return;
    /* English mode reads with an English voice (review rspeech4 item 3);
     * without one the kiosk offers no read-aloud in English (the Mandarin
     * voice spelled English as pinyin, review r2speech4 item 6). */
    quiet = stderr_off();
    st = tts_open_lang("en", &t, &err);
    stderr_on(quiet);
    if (st == JH_OK)
        say(c, SC_OK, what, "英语 espeak-ng %s / English", tts_voice(t));
    else
        say(c, SC_WARN, what,
            "英语声音不能用，English 界面不提供读题和听读；请重新安装 espeak-ng-data / the English voice does not "
            "work, read-aloud is hidden in English: reinstall espeak-ng-data");
    if (st != JH_OK) detail(c, "%s", err.msg);
    tts_close(t);
}

static void check_autostart(sc_t *c, const selfcheck_opts_t *o)
{
    const char *what = "开机启动 Autostart";
    if (!o->unit_dir || !o->wants_dir) return;
    char *unit = jh_sprintf("%s/junheng-kiosk.service", o->unit_dir);
    char *link = jh_sprintf("%s/junheng-kiosk.service", o->wants_dir);
    if (access(unit, R_OK) != 0) {
        /* Not installed from the package (a developer build): nothing to say. */
    } else if (access(link, F_OK) == 0) {
        say(c, SC_OK, what, "junheng-kiosk.service 已启用 / enabled (journalctl -u junheng-kiosk: its log)");
    } else {
        say(c, SC_WARN, what, "junheng-kiosk.service 未启用 / not enabled: sudo systemctl enable --now junheng-kiosk");
    }
    free(unit);
    free(link);
}

/* Reads a small text file (/proc, /sys, a settings file) whole; NULL on error. */
static char *read_small(const char *path)
{
    FILE *f = fopen(path, "re");
    if (!f) return NULL;
    jh_buf_t b = {0};
    char chunk[4096];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len < (1u << 20)) jh_buf_append(&b, chunk, k);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        jh_buf_free(&b);
        errno = EIO;
        return NULL;
    }
    return jh_buf_take(&b);
}
