/* main.c - entry point of junheng-kiosk: parses options, opens the store,
 * the platform layer and the UI, then runs the event loop (or a replay
 * script, or a headless export).  The only place that reads the clock. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <dirent.h>

#include "headless.h"
#include "i18n.h"
#include "jh.h"
#include "pack.h"
#include "plat.h"
#include "selfcheck.h"
#include "store.h"
#include "screens.h"
#include "ui_app.h"
#include "ui_image.h"
#include "ui_replay.h"
#include "voice.h"


/* Replays start at a fixed time so they give the same result every run:
 * 2026-11-23T09:00:00+08:00. */
#define REPLAY_EPOCH_MS 1795395600000LL

/* Golden comparison: a pixel differs when a channel differs by more than
 * GOLDEN_THRESHOLD; a shot fails when more than GOLDEN_MAX_PERMILLE per mille
 * of its pixels differ. */
#define GOLDEN_THRESHOLD 40
#define GOLDEN_MAX_PERMILLE 3

/* The service's paths (packaging/junheng-kiosk.service): --self-check's
 * defaults, so that a technician needs no options. */
#define SERVICE_DB "/var/lib/junheng/kiosk.db"
#define SERVICE_CONFIG "/etc/junheng/kiosk.conf"

typedef struct {
    const char *db, *surveys, *config, *replay, *shot_dir, *golden_dir, *export_dir, *font;
    const char *export_now;   /* --export DIR: headless export */
    const char *salvage;      /* --salvage DAMAGED: export what is readable in it */
    const char *commit_log;   /* --commit-log FILE: one line per committed submission */
    bool full, fullscreen, accelerated;
    bool replay_then_run;     /* --replay-then-run: the event loop after the replay */
    bool self_check;          /* --self-check: print the installation's health and exit */
    bool first_frame_exit;    /* benchmarks: exit once the first frame is shown */
    int voice;                /* read-aloud: 1 --voice, -1 --no-voice, 0 default (on, off in replays) */
    int width, height;
    int idle_seconds;
} opts_t;

typedef struct {
    plat_t *plat;
    ui_app_t *app;
    const opts_t *o;
    bool closed;              /* a replay's `platform` event closed the window */
    bool terminated;          /* SIGTERM, SIGINT or SIGHUP arrived during the replay */
} shot_ctx_t;

/* Chinese first, English second, like everything a technician reads
 * (review rpack3, item 4); the font is the one this program would use. */
static void usage(FILE *f)
{
    char *font = plat_find_font();
    char *real = font ? realpath(font, NULL) : NULL;
    const char *shown = real ? real : font ? font : "NotoSansSC-Junheng.otf";
    fprintf(f,
            "junheng-kiosk %s - 匿名满意度问卷触摸答题机 / touch kiosk for anonymous satisfaction questionnaires\n"
            "\n"
            "用法 / Usage: junheng-kiosk --db FILE [--surveys DIR] [OPTIONS]\n"
            "       junheng-kiosk --db FILE --export DIR [--full]\n"
            "       junheng-kiosk [--db FILE] --salvage DAMAGED.db --export DIR\n"
            "       junheng-kiosk --self-check [--db FILE] [--config FILE] [--surveys DIR]\n"
            "\n"
            "选项 / Options:\n"
            "  --db FILE            答题机的 SQLite 数据库（没有就新建）\n"
            "                       the kiosk's SQLite database (created when missing)\n"
            "  --surveys DIR        提供的问卷 (*.json)（默认：随程序安装的）\n"
            "                       questionnaires (*.json) to offer (default: the bundled ones)\n"
            "  --config FILE        设置文件（键 = 值；admin_pin 设管理密码）\n"
            "                       settings file (key = value; admin_pin sets the PIN)\n"
            "  --fullscreen         答题机模式：全屏，没有管理密码出不去\n"
            "                       kiosk mode: full screen, no way out without the admin PIN\n"
            "  --size WxH           窗口大小 / window size (default 1280x800; replays 1920x1080)\n"
            "  --export-dir DIR     管理界面在 U 盘之外提供的导出位置\n"
            "                       export target offered on the admin screen besides USB sticks\n"
            "  --export DIR         不开窗口导出（新答卷；--full：全部）后退出\n"
            "                       export without a window (new responses; --full: all) and exit\n"
            "  --salvage DAMAGED    与 --export 一起：把损坏数据库 (kiosk.db.corrupt-...) 里还读得出的答卷取回成一个包\n"
            "                       with --export: recover every answer still readable in a damaged\n"
            "                       database (kiosk.db.corrupt-...) into a salvaged bundle\n"
            "  --font FILE          字体 / font to draw with (default %s)\n"
            "  --self-check         检查安装情况并中英文列出结果（默认检查 / defaults: " SERVICE_DB ", " SERVICE_CONFIG ")\n"
            "                       check the installation and print what was found; as root:\n"
            "                       runuser -u junheng -- junheng-kiosk --self-check\n"
            "  --software           用软件渲染（默认：界面很少重画，GL 驱动会多占三倍内存）\n"
            "                       draw with the software renderer (the default: the UI redraws\n"
            "                       rarely, and GL drivers would triple the memory used)\n"
            "  --accelerated        有 GPU 时用 GPU 渲染 / draw with the GPU renderer when there is one\n"
            "  --first-frame-exit   显示第一帧后退出（性能测试）/ exit once the first frame is shown (benchmarks)\n"
            "  --voice, --no-voice  朗读题目（默认开，回放时关）/ read-aloud (default: on, off in replays)\n"
            "  --idle-seconds N     N 秒没有操作就问“您还在吗？” / ask \"are you still there?\" after N s idle\n"
            "  --replay FILE        运行回放脚本而不等触摸 / run a replay script instead of waiting for input\n"
            "  --replay-then-run    回放后照常等待触摸（测试、演示）/ after the replay, wait for input as usual\n"
            "  --screenshot-dir DIR `shot NAME` 把截图写成 DIR/NAME.png / where `shot NAME` writes NAME.png\n"
            "  --golden-dir DIR     每张截图与 DIR/NAME.png 比较 / compare every shot with DIR/NAME.png\n"
            "                       (JH_UPDATE_GOLDEN=1 rewrites)\n"
            "  --commit-log FILE    每份答卷提交后追加 \"submitted seq N\"（断电测试）\n"
            "                       append \"submitted seq N\" after each committed questionnaire\n"
            "                       (power-cut tests check these are stored exactly once)\n"
            "  --help, --version\n"
            "\n"
            "管理员在三秒内连续点左上角五次并输入管理密码，打开管理界面。\n"
            "The administrator opens the admin screen by tapping the top-left corner five\n"
            "times within three seconds and entering the PIN.\n"
            "退出码 / Exit status: 0 成功 success, 1 回放检查或自检失败 a replay expectation or the self-check\n"
            "failed, 2 用法错误 usage error, 3 数据库、字体或显示打不开 the database, font or display could\n"
            "not be opened.\n",
            JH_VERSION, shown);
    free(real);
    free(font);
}

/* The ids of the valid questionnaires in dir, for checking active_surveys. */
static void note_installed_surveys(store_t *st, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return;
    char **ids = NULL;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".json") != 0 || e->d_name[0] == '.') continue;
        char *path = jh_sprintf("%s/%s", dir, e->d_name);
        survey_t *s = NULL;
        jh_err_t err;
        if (survey_load_file(path, NULL, &s, NULL, &err) == JH_OK) {
            ids = jh_xrealloc(ids, (size_t)(n + 1) * sizeof *ids);
            ids[n++] = jh_strdup(s->id);
            survey_free(s);
        }
        free(path);
    }
    closedir(d);
    store_set_known_surveys(st, (const char *const *)ids, n);
    for (int i = 0; i < n; i++) free(ids[i]);
    free(ids);
}

static int parse_size(const char *s, int *w, int *h)
{
    char x;
    return sscanf(s, "%d%c%d", w, &x, h) == 3 && (x == 'x' || x == 'X') && *w >= 320 && *h >= 320 &&
           *w <= 16384 && *h <= 16384;
}

static int parse_args(int argc, char **argv, opts_t *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **target = NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        }
        if (!strcmp(a, "--version")) {
            printf("junheng-kiosk %s\n", JH_VERSION);
            return 0;
        }
        if (!strcmp(a, "--fullscreen")) { o->fullscreen = true; continue; }
        if (!strcmp(a, "--full")) { o->full = true; continue; }
        if (!strcmp(a, "--software")) { o->accelerated = false; continue; }
        if (!strcmp(a, "--accelerated")) { o->accelerated = true; continue; }
        if (!strcmp(a, "--first-frame-exit")) { o->first_frame_exit = true; continue; }
        if (!strcmp(a, "--voice")) { o->voice = 1; continue; }
        if (!strcmp(a, "--no-voice")) { o->voice = -1; continue; }
        if (!strcmp(a, "--replay-then-run")) { o->replay_then_run = true; continue; }
        if (!strcmp(a, "--self-check")) { o->self_check = true; continue; }
        if (!strcmp(a, "--db")) target = &o->db;
        else if (!strcmp(a, "--surveys")) target = &o->surveys;
        else if (!strcmp(a, "--config")) target = &o->config;
        else if (!strcmp(a, "--replay")) target = &o->replay;
        else if (!strcmp(a, "--screenshot-dir")) target = &o->shot_dir;
        else if (!strcmp(a, "--golden-dir")) target = &o->golden_dir;
        else if (!strcmp(a, "--export-dir")) target = &o->export_dir;
        else if (!strcmp(a, "--export")) target = &o->export_now;
        else if (!strcmp(a, "--salvage")) target = &o->salvage;
        else if (!strcmp(a, "--commit-log")) target = &o->commit_log;
        else if (!strcmp(a, "--font")) target = &o->font;
        else if (!strcmp(a, "--size") || !strcmp(a, "--idle-seconds")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "junheng-kiosk: %s 后面缺少值 / %s needs a value (see --help)\n", a, a);
                return 2;
            }
            const char *v = argv[++i];
            if (!strcmp(a, "--size")) {
                if (!parse_size(v, &o->width, &o->height)) {
                    fprintf(stderr, "junheng-kiosk: --size 应为 宽x高，例如 1920x1080 / --size: expected WIDTHxHEIGHT such as 1920x1080, got '%s'\n", v);
                    return 2;
                }
            } else {
                char *end;
                long n = strtol(v, &end, 10);
                if (*end || n < 5 || n > 86400) {
                    fprintf(stderr, "junheng-kiosk: --idle-seconds 应为 5 到 86400 / --idle-seconds: expected 5..86400, got '%s'\n", v);
                    return 2;
                }
                o->idle_seconds = (int)n;
            }
            continue;
        } else {
            fprintf(stderr, "junheng-kiosk: 不认识的选项 / unknown option '%s' (see --help)\n", a);
            return 2;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "junheng-kiosk: %s 后面缺少值 / %s needs a value (see --help)\n", a, a);
            return 2;
        }
        *target = argv[++i];
    }
    if (o->salvage && !o->export_now) {
        fprintf(stderr, "junheng-kiosk: --salvage 需要 --export 文件夹 / --salvage needs --export DIR (where the salvaged bundle goes)\n");
        return 2;
    }
    if (o->self_check) {
        if (!o->db) o->db = SERVICE_DB;
        if (!o->config && access(SERVICE_CONFIG, F_OK) == 0) o->config = SERVICE_CONFIG;
    }
    if (!o->db && !o->salvage) {
        fprintf(stderr, "junheng-kiosk: 需要 --db 数据库文件 / --db FILE is required (see --help)\n");
        return 2;
    }
    return -1;
}

/* The bundled questionnaires: ../share/junheng/surveys beside the program
 * when installed (/usr/bin -> /usr/share/junheng/surveys), else the source
 * tree's data/surveys.  Owned by the caller. */
static char *default_surveys_dir(void)
{
    char *exe = jh_exe_dir();
    if (exe) {
        char *dir = jh_sprintf("%s/../share/junheng/surveys", exe);
        free(exe);
        char *real = realpath(dir, NULL); /* /usr/share/junheng/surveys in messages */
        free(dir);
        struct stat sb;
        if (real && stat(real, &sb) == 0 && S_ISDIR(sb.st_mode)) return real;
        free(real);
    }
    return jh_sprintf("%s/data/surveys", JH_SOURCE_DIR);
}

/* The questionnaires the kiosk offers: --surveys when given, else those
 * installed from a county pack (DB.surveys/), else the bundled ones.  The
 * service gives no --surveys, so a pack installed on the admin screen is
 * still used after a restart.  An installed folder without a questionnaire
 * (left empty by a failure) is not used: the bundled ones are.  Returned
 * string owned by the caller. */
static char *kiosk_surveys_dir(const char *db, const char *given)
{
    char *installed = jh_sprintf("%s.surveys", db);
    bool has_pack = pack_dir_has_surveys(installed);
    if (given) {
        if (has_pack)
            fprintf(stderr,
                    "junheng-kiosk: --surveys %s is used; the county pack's questionnaires in %s are not "
                    "(leave out --surveys to use them)\n",
                    given, installed);
        free(installed);
        return jh_strdup(given);
    }
    if (has_pack) return installed;
    free(installed);
    return default_surveys_dir(); /* installed, else the source tree's */
}

/* Removes the temporary files of interrupted writes (jh_sweep_durable_tmp)
 * from the county pack's questionnaire folder and, for the database's own
 * files (DB.*), from the database folder. */
static void kiosk_sweep_tmp(const char *db, const char *installed)
{
    char *dbdir = jh_strdup(db);
    char *slash = strrchr(dbdir, '/');
    const char *base = slash ? slash + 1 : db;
    char *prefix = jh_sprintf("%s.", base);
    if (!slash) snprintf(dbdir, strlen(dbdir) + 1, ".");
    else if (slash == dbdir) slash[1] = '\0';
    else *slash = '\0';
    int n = jh_sweep_durable_tmp(installed, "", 0) + jh_sweep_durable_tmp(dbdir, prefix, 0);
    if (n) fprintf(stderr, "junheng-kiosk: removed %d temporary file(s) of writes interrupted earlier\n", n);
    free(prefix);
    free(dbdir);
}

/* The kiosk's clock at start: the system's (a replay's fixed epoch), or
 * JH_KIOSK_NOW_MS when set (tests: a kiosk whose clock is wrong). */
static int64_t kiosk_now_ms(const opts_t *o)
{
    const char *env = getenv("JH_KIOSK_NOW_MS");
    if (env && *env) return strtoll(env, NULL, 10);
    return o->replay ? REPLAY_EPOCH_MS : jh_now_ms();
}

/* The input engines' data when not Debian's (NULL): JH_RIME_DATA (a
 * folder like /usr/share/rime-data) and JH_HANDWRITING_MODEL (a zinnia
 * model file), for tests and for a technician trying a copy. */
static const char *input_data_env(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

/* The system clock for the running app (ui_app_config_t.wall_clock). */
static int64_t system_clock_ms(void *ctx)
{
    (void)ctx;
    return jh_now_ms();
}

/* The wall clock the app reads again at safe points: the system's, except
 * in a replay or with JH_KIOSK_NOW_MS, whose fixed clock only advances
 * with the app's updates (the results stay the same every run). */
static ui_wall_clock_fn kiosk_wall_clock(const opts_t *o)
{
    const char *env = getenv("JH_KIOSK_NOW_MS");
    if ((env && *env) || o->replay) return NULL;
    return system_clock_ms;
}

/* Whether the kiosk's user is refused path (EACCES: another owner, a
 * restored file copied back as root), not a read-only disk. */
static bool access_denied(const char *path, int mode)
{
    return access(path, mode) != 0 && (errno == EACCES || errno == EPERM);
}

/* What the start-up screen says when the database cannot be opened: the
 * real cause, in the words the clerk can act on.  The store names the file
 * at fault first in its message (DB.key, DB.identity). */
static ui_str_id_t startup_cause(const char *db, jh_status_t s, const char *msg, const store_open_info_t *info)
{
    /* A newer kiosk's database is this kiosk's own data: never advise
     * giving it another file (its answers may not be exported yet). */
    if (info->newer_schema) return UI_S_STARTUP_NEWER_DB;
    char *key = jh_sprintf("%s.key:", db), *identity = jh_sprintf("%s.identity", db);
    char *key_path = jh_sprintf("%s.key", db);
    ui_str_id_t what;
    if (!strncmp(msg, key, strlen(key)) && s == JH_ERR_CORRUPT) what = UI_S_STARTUP_KEY;
    else if (!strncmp(msg, identity, strlen(identity)) && (s == JH_ERR_CORRUPT || s == JH_ERR_INVALID))
        what = UI_S_STARTUP_IDENTITY;
    else if (s == JH_ERR_INVALID) what = UI_S_STARTUP_OTHER_DB;
    else if (s == JH_ERR_NOTFOUND) what = UI_S_STARTUP_NO_DIR;
    else if (s == JH_ERR_FULL) what = UI_S_STARTUP_FULL;
    /* A key, identity or database the kiosk's user may not read or write
     * (review rpack3: the kept key put back as root showed the read-only
     * disk text); a read-only disk stays UI_S_STARTUP_DB. */
    else if (s == JH_ERR_READONLY && !strncmp(msg, key, strlen(key)) && access_denied(key_path, R_OK))
        what = UI_S_STARTUP_ACCESS;
    else if (s == JH_ERR_READONLY && !strncmp(msg, identity, strlen(identity)) &&
             access_denied(identity, R_OK | W_OK))
        what = UI_S_STARTUP_ACCESS;
    else if (s == JH_ERR_READONLY && access(db, F_OK) == 0 && access_denied(db, R_OK | W_OK))
        what = UI_S_STARTUP_ACCESS;
    else if (s == JH_ERR_READONLY) what = UI_S_STARTUP_DB;
    else what = UI_S_STARTUP_OPEN;
    free(key);
    free(key_path);
    free(identity);
    return what;
}

static bool take_shot(void *ctx, const char *name, char *msg, size_t msg_len)
{
    shot_ctx_t *s = ctx;
    const opts_t *o = s->o;
    if (!o->shot_dir && !o->golden_dir) return true;
    const ui_frame_t *f = ui_app_frame(s->app);
    unsigned char *px = NULL, *gold = NULL, *diff = NULL;
    char *path = NULL;
    int w, h, gw, gh;
    bool ok = false;
    jh_err_t err;
    if (plat_read_pixels(s->plat, &f->dl, &px, &w, &h, &err) != JH_OK) {
        snprintf(msg, msg_len, "%s", err.msg);
        goto out;
    }
    const char *dir = o->shot_dir ? o->shot_dir : ".";
    if (jh_mkdir_p(dir, &err) != JH_OK) {
        snprintf(msg, msg_len, "%s", err.msg);
        goto out;
    }
    if (!o->golden_dir) {
        /* Plain screenshots; with a golden directory only mismatches are written. */
        path = jh_sprintf("%s/%s.png", dir, name);
        ok = plat_save_png(path, px, w, h, &err) == JH_OK;
        if (!ok) snprintf(msg, msg_len, "%s", err.msg);
        goto out;
    }
    ok = true;
    path = jh_sprintf("%s/%s.png", o->golden_dir, name);
    const char *update = getenv("JH_UPDATE_GOLDEN");
    if (update && !strcmp(update, "1")) {
        ok = plat_save_png(path, px, w, h, &err) == JH_OK;
        if (!ok) snprintf(msg, msg_len, "%s", err.msg);
        else fprintf(stderr, "junheng-kiosk: golden %s rewritten\n", path);
        goto out;
    }
    if (plat_load_png(path, &gold, &gw, &gh, &err) != JH_OK) {
        snprintf(msg, msg_len, "golden %s: %s (JH_UPDATE_GOLDEN=1 creates it)", name, err.msg);
        ok = false;
        goto out;
    }
    if (gw != w || gh != h) {
        snprintf(msg, msg_len, "golden %s is %dx%d, the screen is %dx%d", name, gw, gh, w, h);
        ok = false;
        goto out;
    }
    size_t n = ui_image_compare(gold, px, w, h, GOLDEN_THRESHOLD, NULL);
    if (n * 1000 > (size_t)w * (size_t)h * GOLDEN_MAX_PERMILLE) {
        diff = jh_xmalloc((size_t)w * (size_t)h * 4);
        ui_image_compare(gold, px, w, h, GOLDEN_THRESHOLD, diff);
        char *a = jh_sprintf("%s/%s_actual.png", dir, name), *d = jh_sprintf("%s/%s_diff.png", dir, name);
        plat_save_png(a, px, w, h, NULL);
        plat_save_png(d, diff, w, h, NULL);
        snprintf(msg, msg_len, "golden %s: %zu of %d pixels differ (more than %d per mille); see %s and %s",
                 name, n, w * h, GOLDEN_MAX_PERMILLE, a, d);
        free(a);
        free(d);
        ok = false;
    }
out:
    free(px);
    free(gold);
    free(diff);
    free(path);
    return ok;
}

/* The commit log: after a questionnaire is committed, one line written with
 * a single write() (it survives SIGKILL of this process, which is what the
 * power-cut test does).  A line appears only after the transaction
 * committed, so every logged seq must be in the database. */
static int commit_fd = -1;
static int commit_seen;

static void note_commits(const ui_app_t *app)
{
    if (commit_fd < 0 || app->n_submitted == commit_seen) return;
    commit_seen = app->n_submitted;
    char line[64];
    int n = snprintf(line, sizeof line, "submitted seq %lld\n", (long long)app->last_submitted_seq);
    if (write(commit_fd, line, (size_t)n) != n) perror("junheng-kiosk: --commit-log");
}

/* Whether a close request from the window system (PLAT_QUIT) ends the
 * program: never in full-screen kiosk mode, where only the admin quits.
 * Shared by the event loop and replays. */
static bool close_request_ends(int flags, const opts_t *o, const char *what)
{
    if (!(flags & PLAT_QUIT)) return false;
    if (!o->fullscreen) return true;
    fprintf(stderr, "junheng-kiosk: kiosk mode: ignored a request to close the window (%s)\n", what);
    return false;
}

/* `platform NAME` in a replay: inject the events, then deliver them as the
 * event loop does (input to the app; a close request ends the program
 * unless it runs full-screen in kiosk mode). */
static bool inject_event(void *ctx, const char *name, char *msg, size_t msg_len)
{
    shot_ctx_t *s = ctx;
    jh_err_t err;
    if (plat_inject(s->plat, name, &err) != JH_OK) {
        snprintf(msg, msg_len, "%s", err.msg);
        return false;
    }
    ui_input_t in[16];
    int flags = 0;
    int n = plat_wait(s->plat, 0, in, 16, &flags);
    for (int i = 0; i < n; i++) {
        in[i].t_ms = s->app->mono_ms;
        ui_app_input(s->app, &in[i]);
    }
    if (flags & PLAT_TERM) s->terminated = true;
    if (close_request_ends(flags, s->o, name)) s->closed = true;
    return true;
}

/* Read-aloud (voice.h); NULL when off or no audio device. */
static voice_t *voice;

static void pump_voice(ui_app_t *app)
{
    if (voice) voice_pump(voice, app);
}

/* The --replay script, kept across a restart from the start-up screen (重试,
 * or its own retry): the script goes on where it was, with the kiosk
 * started again, as a person's next touches would.  (The script used to
 * end at 重试 and report "0 failed" for commands never run: review rsoak,
 * item 4.) */
static ui_replay_t replay_script;
static bool replay_loaded;

/* Runs the replay (or the rest of it) against app.  -2: the start-up
 * screen asked to try again (the script is kept for what follows). */
static int run_replay(plat_t *plat, ui_app_t *app, const opts_t *o)
{
    jh_err_t err;
    if (!replay_loaded) {
        if (ui_replay_load(o->replay, &replay_script, &err) != JH_OK) {
            fprintf(stderr, "junheng-kiosk: %s\n", err.msg);
            return 2;
        }
        replay_loaded = true;
    }
    ui_replay_t *rp = &replay_script;
#define r (*rp)
    shot_ctx_t ctx = {plat, app, o, false, false};
    r.platform = inject_event;
    r.platform_ctx = &ctx;
    bool more = r.pc < r.n;
    while (more) {
        ui_input_t in[16];
        int flags;
        plat_wait(plat, 0, in, 16, &flags); /* keep the window responsive; input ignored */
        if (flags & PLAT_TERM) ctx.terminated = true;
        if (ctx.terminated) break;
        more = ui_replay_step(&r, app, take_shot, &ctx, stderr);
        pump_voice(app);
        note_commits(app);
        /* Frames are laid out after every command (that is what replays
         * check) but rendered only for shots and at the end: fast tests. */
        if (ui_app_quit_requested(app)) break;
        if (ctx.closed) {
            fprintf(stderr, "junheng-kiosk: the window was closed\n");
            break;
        }
        if (ctx.terminated) break;
    }
    plat_render(plat, &ui_app_frame(app)->dl);
    if (app->startup_retry && !ctx.terminated && !ctx.closed) {
        fprintf(stderr, "junheng-kiosk: replay %s: the start-up screen tries again (line %d)\n", o->replay,
                r.pc > 0 && r.pc <= r.n ? r.cmds[r.pc - 1].line : 0);
        return -2;
    }
    int failures = r.failures;
    fprintf(stderr, "junheng-kiosk: replay %s: %d commands, %d failed\n", o->replay, r.n, failures);
    ui_replay_free(&r);
    replay_loaded = false;
#undef r
    if (failures) return 1;
    if (o->replay_then_run && !ctx.terminated && !ctx.closed && !ui_app_quit_requested(app)) {
        plat_show(plat); /* hidden for the replay; input now comes from a person */
        fprintf(stderr, "junheng-kiosk: replay done, waiting for input\n");
        return -1; /* the caller continues with the event loop */
    }
    return 0;
}

/* The app clock (mono_ms) at platform tick t, given that tick `last` is the
 * app's mono_ms now. */
static int64_t app_time(const ui_app_t *app, uint64_t last, uint64_t t)
{
    return app->mono_ms + ((int64_t)t - (int64_t)last);
}

static int run_loop(plat_t *plat, ui_app_t *app, const opts_t *o)
{
    uint64_t last = plat_ticks_ms(), last_hash = 0; /* last: the tick of app->mono_ms */
    bool force = true;
    int store_failures_seen = 0;
    bool warmed = false;
    for (;;) {
        const ui_frame_t *f = ui_app_frame(app);
        uint64_t h = ui_draw_list_hash(&f->dl);
        if (force || h != last_hash) {
            plat_render(plat, &f->dl); /* redraw only when the draw list changed */
            plat_after_frame(plat);
            last_hash = h;
            force = false;
            if (o->first_frame_exit) return 0;
        }
        /* The frame is on the glass: a new screen's input guard starts now,
         * after whatever saving and drawing took (taps made meanwhile were
         * meant for the screen before). */
        ui_app_presented(app, app_time(app, last, plat_ticks_ms()));
        if (!warmed) {
            /* once, right after the first frame: the first frames of the
             * other screens then find the fonts and memory ready (issue 20) */
            plat_prewarm(plat, ui_app_prewarm_list(app));
            warmed = true;
        }
        if (app->n_store_failures != store_failures_seen) {
            /* For whoever reads the logs: the screen shows 暂停服务. */
            store_failures_seen = app->n_store_failures;
            fprintf(stderr, "junheng-kiosk: %s: %s (out of service until it can be written)\n",
                    store_path(app->store), app->store_error);
        }
        plat_text_input(plat, ui_app_wants_text(app));
        if (ui_app_quit_requested(app)) return 0;
        int64_t t = ui_app_next_timer(app);
        if (t >= 0) {
            /* the app's clock stands at `last`: handling and drawing have
             * taken some of the time to the timer since */
            int64_t lag = app_time(app, last, plat_ticks_ms()) - app->mono_ms;
            t = t > lag ? t - lag : 0;
        }
        if (app->speaking && (t < 0 || t > 30)) t = 30; /* follow the voice: the option read is ringed */
        ui_input_t in[64];
        int flags;
        int n = plat_wait(plat, t < 0 ? -1 : t > INT_MAX ? INT_MAX : (int)t, in, 64, &flags);
        uint64_t now = plat_ticks_ms();
        if (flags & PLAT_RESIZED) {
            int w, hh;
            plat_output_size(plat, &w, &hh);
            ui_app_resize(app, w, hh);
        }
        if (flags & PLAT_EXPOSED) force = true;
        /* Each input at the time it happened, in order with the timers (a
         * tap just before the answer's confirmation ends still corrects
         * the answer); its time also tells the input guard whether it
         * began before the screen on show was presented. */
        for (int i = 0; i < n; i++) {
            uint64_t ticks = (uint64_t)in[i].t_ms; /* plat_wait: the plat_ticks_ms clock */
            in[i].t_ms = app_time(app, last, ticks < now ? ticks : now);
        }
        ui_app_deliver(app, in, n, app_time(app, last, now));
        last = now;
        /* Taps made while the inputs were handled (a slow save) are dated
         * when that ended, not when the loop next waits (after drawing). */
        plat_pump(plat);
        pump_voice(app);
        note_commits(app);
        /* A termination signal ends the program in every mode, after the
         * inputs that came before it (a 提交 tapped just before `systemctl
         * stop` is submitted); what was answered is stored as abandoned
         * when the app is destroyed. */
        if (flags & PLAT_TERM) return 0;
        /* In kiosk mode closing the window does nothing: only the admin quits. */
        if (close_request_ends(flags, o, "window system")) return 0;
    }
}

/* The start-up screen's window, kept while the start is tried again. */
static plat_t *startup_plat;

static void startup_plat_release(void)
{
    plat_destroy(startup_plat);
    startup_plat = NULL;
}

/* The kiosk cannot start: a screen says what happened and what to do (in
 * Chinese), with 重试.  Returns -1 when 重试 was touched, else the exit
 * status: 3 (1 when a replay's expectation failed).  When the font is what is
 * missing, the system's CJK font draws the screen; without any font only
 * stderr is left. */
static int show_startup_failure(const opts_t *o, const plat_opts_t *po, ui_str_id_t what, const char *detail,
                                int64_t now)
{
    /* (the window is kept while the start is tried again, every few
     * seconds: startup_plat_release closes it) */
    plat_t *plat = startup_plat;
    jh_err_t err;
    plat_opts_t p2 = *po;
    if (!plat && plat_create(&p2, &plat, &err) != JH_OK) {
        p2.font_path = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
        if (plat_create(&p2, &plat, &err) != JH_OK) return 3;
    }
    startup_plat = plat;
    ui_app_config_t cfg = {.now_ms = now, .measure = plat_measure(plat), .idle_seconds = o->idle_seconds};
    plat_output_size(plat, &cfg.width, &cfg.height);
    ui_app_t *app = ui_app_create(&cfg);
    app->startup_what = what;
    snprintf(app->startup_detail, sizeof app->startup_detail, "%s", detail);
    ui_app_goto(app, &screen_startup);
    int rc = o->replay ? run_replay(plat, app, o) : run_loop(plat, app, o);
    bool retry = app->startup_retry && (!o->replay || rc == -2);
    ui_app_destroy(app);
    if (retry) return -1;
    startup_plat_release();
    return rc == 1 ? 1 : 3; /* a replay's failed expectation, else "could not start" */
}

int main(int argc, char **argv)
{
    opts_t o;
    memset(&o, 0, sizeof o);
    int rc = parse_args(argc, argv, &o);
    if (rc >= 0) return rc;
    if (!jh_crypto_init()) {
        fprintf(stderr, "junheng-kiosk: cannot initialise libsodium\n");
        return 3;
    }
    if (o.salvage) return kiosk_headless_salvage(o.db, o.salvage, o.export_now, jh_now_ms());
    if (o.self_check) {
        char *dir = kiosk_surveys_dir(o.db, o.surveys);
        selfcheck_opts_t so = {.db = o.db, .config = o.config, .surveys = dir, .font = o.font, .now_ms = kiosk_now_ms(&o),
                               /* (JH_SELFCHECK_UNIT_DIR: the tests' stand-in unit) */
                               .unit_dir = getenv("JH_SELFCHECK_UNIT_DIR") ? getenv("JH_SELFCHECK_UNIT_DIR")
                                                                            : "/lib/systemd/system",
                               .wants_dir = "/etc/systemd/system/graphical.target.wants",
                               .rime_shared = input_data_env("JH_RIME_DATA"),
                               .zinnia_model = input_data_env("JH_HANDWRITING_MODEL")};
        char *ldir = jh_i18n_locale_dir("../share/junheng/locale", JH_INSTALL_KIOSK_LOCALEDIR);
        so.locale_dir = ldir;
        rc = kiosk_self_check(&so, stdout);
        free(ldir);
        free(dir);
        return rc;
    }
    if (o.export_now) {
        return kiosk_headless_export(o.db, o.export_now, o.full, kiosk_now_ms(&o));
    }
    if (o.replay && !o.width) o.width = 1920, o.height = 1080;
    /* The core's messages the screens show for the school's staff (an
     * invalid questionnaire's, a county pack's, the store's) in Chinese,
     * whatever the visitor's language or the environment's: the kiosk's
     * own words come in both languages from ui_i18n.c. */
    {
        char *dir = jh_i18n_locale_dir("../share/junheng/locale", JH_INSTALL_KIOSK_LOCALEDIR);
        jh_i18n_bind(false, dir);
        free(dir);
    }
    int64_t now = kiosk_now_ms(&o);
    store_t *st = NULL;
    plat_t *plat = NULL;
    char *surveys = NULL;
    jh_err_t err;
    plat_opts_t po = {.width = o.width, .height = o.height, .fullscreen = o.fullscreen && !o.replay,
                      .hidden = o.replay != NULL, .software = !o.accelerated || o.replay != NULL,
                      .font_path = o.font};
    for (;;) {
        /* What stops the start is shown on a Chinese screen (with 重试),
         * not only on stderr. */
        ui_str_id_t what = UI_S_STARTUP_DB;
        store_open_info_t info;
        memset(&info, 0, sizeof info);
        jh_status_t s = store_open(o.db, now, &st, &info, &err);
        if (s != JH_OK && !st) {
            if (s == JH_ERR_CORRUPT) fprintf(stderr, "junheng-kiosk: %s\n", err.msg);
            s = store_open(o.db, now, &st, &info, &err);
        }
        if (!st) {
            fprintf(stderr, "junheng-kiosk: %s\n", err.msg);
            what = startup_cause(o.db, s, err.msg, &info);
            goto startup_failed;
        }
        if (s != JH_OK) fprintf(stderr, "junheng-kiosk: %s\n", err.msg);
        /* A lock file it cannot open is not another kiosk: run as a
         * non-owner and say what to do (--self-check says it too). */
        if (info.lock_problem[0]) fprintf(stderr, "junheng-kiosk: %s\n", info.lock_problem);
        if (info.other_owner) {
            /* Another kiosk window (or a headless export) on the same data:
             * two kiosks would each keep their own open answers and
             * sequence.  A short export ends soon: wait a little for it. */
            for (int i = 0; i < 30 && !store_is_owner(st); i++) usleep(100 * 1000);
            if (!store_is_owner(st)) {
                char pid[32] = "";
                if (info.other_owner_pid > 0) snprintf(pid, sizeof pid, " %d", info.other_owner_pid);
                jh_err_set(&err, JH_ERR_CONFLICT,
                           "另一个答题机程序（进程%s）正在使用这些数据，本程序不再启动 / another junheng-kiosk "
                           "process%s is running on %s (it holds %s.lock); only one kiosk program may use a "
                           "database: close the other one (or wait for its export to end), then restart",
                           pid[0] ? pid : " ?", pid, o.db, o.db);
                fprintf(stderr, "junheng-kiosk: %s\n", err.msg);
                what = UI_S_STARTUP_RUNNING;
                goto startup_failed;
            }
        }
        if (info.abandoned_on_start)
            fprintf(stderr, "junheng-kiosk: %d unfinished questionnaire(s) from the last run kept as abandoned\n",
                    info.abandoned_on_start);
        if (info.counted_on_start)
            fprintf(stderr, "junheng-kiosk: 上次停机前答完全部必答题的问卷 %d 份，按超时提交计入 / %d questionnaire(s) with every required question answered before the last stop counted as submitted (by timeout)\n",
                    info.counted_on_start,
                    info.counted_on_start);
        /* Questionnaires: --surveys, else those installed from a county
         * pack (DB.surveys), else the bundled ones. */
        {
            /* A county pack install cut short by a power cut is finished
             * first (pack.h): the kiosk then has the new pack whole. */
            char *installed = jh_sprintf("%s.surveys", o.db);
            bool resumed = false;
            if (pack_install_resume(st, installed, &resumed, &err) != JH_OK)
                fprintf(stderr, "junheng-kiosk: the county pack install interrupted earlier was not finished: %s\n",
                        err.msg);
            else if (resumed)
                fprintf(stderr, "junheng-kiosk: finished the county pack install interrupted earlier\n");
            /* Temporary files of writes a kill or power cut cut short
             * (ID.json.tmp.XXXXXXXXXXXX, DB.*.tmp.XXXXXXXXXXXX) in the
             * kiosk's own folders: this kiosk holds the database now, so no
             * writer of them is alive.  Never a --surveys folder or a stick. */
            kiosk_sweep_tmp(o.db, installed);
            free(installed);
        }
        free(surveys);
        surveys = kiosk_surveys_dir(o.db, o.surveys);
        if (o.config) note_installed_surveys(st, surveys); /* active_surveys is checked against them */
        if (o.config && store_load_config(st, o.config, now, &err) != JH_OK) {
            fprintf(stderr, "junheng-kiosk: %s\n", err.msg);
            what = UI_S_STARTUP_CONFIG;
            goto startup_failed;
        }
        if (o.config && store_config_school_ignored(st)) {
            /* The admin screen says so too (review r2kiosk). */
            char *kept = store_setting_get(st, "school_code");
            fprintf(stderr,
                    "junheng-kiosk: 注意：%s 写的学校代码是 %s，但本机的答卷属于学校 %s，本机按 %s 继续使用；请技术人员改正 "
                    "%s 里的 school_code / %s names school %s but this kiosk's answers belong to school %s, which it "
                    "keeps; a technician should correct school_code in %s\n",
                    o.config, store_config_school_ignored(st), kept ? kept : "", kept ? kept : "", o.config, o.config,
                    store_config_school_ignored(st), kept ? kept : "", o.config);
            free(kept);
        }
        if (o.config && store_config_ignored(st))
            fprintf(stderr,
                    "junheng-kiosk: 注意：%s 里有写错的设置，本机没有采用（仍用原来的值或默认值），照常答题；请技术人员改正 / "
                    "%s has settings with mistakes, not taken (their earlier or default values stay):\n%s\n",
                    o.config, o.config, store_config_ignored(st));
        if (store_ensure_defaults(st, &err) != JH_OK) fprintf(stderr, "junheng-kiosk: %s\n", err.msg);
        startup_plat_release(); /* (the start-up screen's window, when the start was tried again) */
        if (plat_create(&po, &plat, &err) != JH_OK) {
            fprintf(stderr, "junheng-kiosk: %s\n", err.msg);
            what = UI_S_STARTUP_FONT;
            goto startup_failed;
        }
        break;
    startup_failed:
        store_close(st);
        st = NULL;
        rc = show_startup_failure(&o, &po, what, err.msg, now);
        if (rc >= 0) {
            free(surveys);
            return rc;
        }
        /* 重试 */
    }
    /* The input panel's pinyin data beside the database (DB.rime/). */
    char *rime_dir = jh_sprintf("%s.rime", o.db);
    ui_app_config_t cfg = {.store = st, .surveys_dir = surveys, .export_dir = o.export_dir, .now_ms = now,
                           .wall_clock = kiosk_wall_clock(&o),
                           .measure = plat_measure(plat), .has_glyph = plat_has_glyph, .glyph_ctx = plat,
                           .idle_seconds = o.idle_seconds, .input_dir = rime_dir,
                           .rime_shared_dir = input_data_env("JH_RIME_DATA"),
                           .zinnia_model = input_data_env("JH_HANDWRITING_MODEL")};
    plat_output_size(plat, &cfg.width, &cfg.height);
    /* the real screen's size for 9 mm buttons; a replay draws a screen of
     * --size, which the display it runs on says nothing about */
    if (!o.replay) cfg.display_dpi = plat_display_dpi(plat);
    ui_app_t *app = ui_app_create(&cfg);
    if (o.commit_log) {
        commit_fd = open(o.commit_log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
        if (commit_fd < 0) {
            fprintf(stderr, "junheng-kiosk: --commit-log %s: %s\n", o.commit_log, strerror(errno));
            ui_app_destroy(app);
            plat_destroy(plat);
            store_close(st);
            free(surveys);
            free(rime_dir);
            return 2;
        }
    }
    char now_day[16], floor_day[16];
    if (ui_app_clock_wrong(app, now_day, floor_day))
        fprintf(stderr,
                "junheng-kiosk: 本机时钟显示 %s，早于 %s，时钟不对：请校正日期和时间（常见原因：主板电池没电） / the clock "
                "reads %s, before %s: set the date and time (often a flat mainboard battery); answers given now are "
                "dated wrongly and fall outside the bureau's round\n",
                now_day, floor_day, now_day, floor_day);
    {
        /* a clock not plainly wrong, still in doubt (review rfield6, items 2
         * and 7): the admin screen's line, Chinese first */
        char zh[1024], en[1024];
        ui_app_clock_doubt_text(app, "zh-CN", zh, sizeof zh);
        ui_app_clock_doubt_text(app, "en", en, sizeof en);
        if (zh[0]) fprintf(stderr, "junheng-kiosk: %s / %s\n", zh, en);
    }
    if (ui_app_clock_ahead(app, now_day))
        fprintf(stderr,
                "junheng-kiosk: 本机时钟显示 %s，已到或晚于 2100-01-01 08:00（北京时间），时钟不对：请校正日期和时间，否则"
                "无法导出答卷 / the clock reads %s, at or after 2100-01-01 08:00 (Beijing time): set the date and time, "
                "or answers cannot be exported\n",
                now_day, now_day);
    if (app->problems.len) fprintf(stderr, "junheng-kiosk: questionnaire problems:\n%s", app->problems.data);
    if (o.voice > 0 || (o.voice == 0 && !o.replay && !o.first_frame_exit)) {
        /* No audio device or no voice: read-aloud hidden, the reason on the
         * admin screen; never fatal. */
        if (voice_open(&voice, &err) == JH_OK) {
            ui_app_set_speech(app, true);
            app->speech_no_english = !voice_has_english(voice);
        } else {
            fprintf(stderr, "junheng-kiosk: %s\n", err.msg);
            snprintf(app->speech_note, sizeof app->speech_note, "%s", err.msg);
        }
    } else {
        snprintf(app->speech_note, sizeof app->speech_note, "%s",
                 o.voice < 0 ? "junheng-kiosk --no-voice" : "replay without --voice");
    }
    rc = o.replay ? run_replay(plat, app, &o) : -1;
    if (rc < 0) rc = run_loop(plat, app, &o);
    voice_close(voice);
    ui_app_destroy(app);
    plat_destroy(plat);
    store_close(st);
    free(surveys);
    free(rime_dir);
    if (commit_fd >= 0) close(commit_fd);
    return rc;
}
