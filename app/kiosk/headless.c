/* headless.c - the kiosk's exports without a window: open the store, write a
 * bundle and its database backup (or salvage a damaged database), report
 * what happened, Chinese first.  No SDL here. */
#include "headless.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "bundle.h"
#include "jh.h"
#include "salvage.h"
#include "store.h"

#include <sqlite3.h>

enum { HEADLESS_OK = 0, HEADLESS_FAILED = 3 };

/* What to do about a failed export to dir, in Chinese (the English detail
 * follows); lost: bundle_export_info_t's target_lost. */
static const char *export_advice(jh_status_t s, const char *dir, int lost)
{
    struct statvfs vs;
    if (lost == 2) return "U 盘在导出时被拔出了：请插好 U 盘再导出，没有记为已导出";
    switch (s) {
    case JH_ERR_NOTFOUND: return "找不到导出文件夹：请插好 U 盘再试";
    case JH_ERR_FULL: return "U 盘已满：请删掉一些文件或换一个 U 盘";
    case JH_ERR_READONLY:
        /* EACCES/EPERM, not EROFS: a folder this user may not write */
        if (statvfs(dir, &vs) == 0 && !(vs.f_flag & ST_RDONLY))
            return "没有权限写入这个文件夹（不是写保护）：请换一个文件夹或 U 盘，或以有权限的用户运行";
        return "U 盘不能写入（只读）：请换一个 U 盘";
    case JH_ERR_INVALID: return "学校还没有设置：请先在管理界面设置学校";
    case JH_ERR_NOMEM: return "本机内存不够，U 盘上没有留下这次的文件：请重新启动答题机后再导出";
    default: return "导出没有成功：请换一个 U 盘再试，仍不行请联系教育局";
    }
}

/* Opens the store at db_path, which must exist unless create is set. */
static store_t *open_store(const char *db_path, bool create, int64_t now_ms, bool *other_owner)
{
    if (other_owner) *other_owner = false;
    struct stat sb;
    if (!create && (stat(db_path, &sb) != 0 || !S_ISREG(sb.st_mode))) {
        /* Opening would create an empty database: say what is wrong instead. */
        fprintf(stderr, "junheng-kiosk: %s: 没有这个数据库，请检查 --db 路径 / no such database (check the --db path)\n",
                db_path);
        return NULL;
    }
    store_t *st = NULL;
    store_open_info_t info;
    jh_err_t err;
    jh_status_t s = store_open(db_path, now_ms, &st, &info, &err);
    if (s == JH_ERR_CORRUPT && info.moved_aside) {
        fprintf(stderr, "junheng-kiosk: 数据库已损坏，已移到一边 / %s\n", err.msg);
        fprintf(stderr, "junheng-kiosk: 可用 --salvage %s --export 文件夹 取回其中还能读出的答卷 / run --salvage %s "
                        "--export DIR to export what can still be read\n",
                info.moved_to, info.moved_to);
        return NULL;
    }
    if (s != JH_OK) {
        fprintf(stderr, "junheng-kiosk: 打不开数据库 / %s\n", err.msg);
        return NULL;
    }
    if (other_owner) *other_owner = info.other_owner;
    if (info.lock_problem[0]) fprintf(stderr, "junheng-kiosk: %s\n", info.lock_problem);
    if (info.abandoned_on_start)
        fprintf(stderr, "junheng-kiosk: %d unfinished questionnaire(s) from the last run kept as abandoned\n",
                info.abandoned_on_start);
    if (info.counted_on_start)
        fprintf(stderr, "junheng-kiosk: 上次停机前答完全部必答题的问卷 %d 份，按超时提交计入 / %d questionnaire(s) with every required question answered before the last stop counted as submitted (by timeout)\n",
                info.counted_on_start,
                info.counted_on_start);
    return st;
}

/* What to tell the bureau of a new key with the first export under it
 * (the admin screen's export says it too: UI_S_ADMIN_EXPORT_NEW_KEY). */
static void say_new_key(store_t *st)
{
    char fp[64];
    store_key_fingerprint(st, fp);
    char *kiosk = store_setting_get(st, "kiosk_id");
    printf("junheng-kiosk: 交 U 盘时请告诉县教育局：答题机 %s 换了新密钥，新指纹 %s（教育局用 junheng merge --replace-key "
           "接受；接受之前会拒收这些答卷） / tell the county bureau with the stick: kiosk %s has a new key, fingerprint %s "
           "(the bureau accepts it with junheng merge --replace-key; until then it rejects these answers)\n",
           kiosk ? kiosk : "?", fp, kiosk ? kiosk : "?", fp);
    free(kiosk);
}

int kiosk_headless_export(const char *db_path, const char *dir, bool full, int64_t now_ms)
{
    struct stat sb;
    if (stat(dir, &sb) == 0 && !S_ISDIR(sb.st_mode)) {
        fprintf(stderr, "junheng-kiosk: 导出失败：%s 不是文件夹，请给出 U 盘上的文件夹 / export failed: %s is a file, "
                        "not a folder (give the USB drive's folder)\n",
                dir, dir);
        return HEADLESS_FAILED;
    }
    bool running = false;
    store_t *st = open_store(db_path, false, now_ms, &running);
    if (!st) return HEADLESS_FAILED;
    bundle_export_info_t ex;
    jh_err_t err;
    int rc = HEADLESS_OK;
    if (running)
        printf("junheng-kiosk: 答题机正在运行：只导出已经完成的答卷，正在作答的留给答题机 / the kiosk is running "
               "(%s.lock is held): exporting finished responses only; the questionnaire in progress stays open "
               "and goes into a later export\n",
               db_path);
    /* A new key not yet accepted by the bureau (store.h key_replaced): said
     * below with the export, and the admin screen's note stays for the
     * school (review rrepair5, item 3). */
    char *replaced = store_setting_get(st, "key_replaced");
    store_key_note_keep(st, true);
    jh_status_t s = bundle_export(st, dir, full, now_ms, &ex, &err);
    if (s == JH_ERR_CORRUPT && ex.n_altered > 0) {
        /* Nothing altered leaves the kiosk; the rest goes in a salvaged
         * bundle.  Exit 3 all the same: someone must tell the bureau. */
        fprintf(stderr, "junheng-kiosk: 有 %d 份答卷保存后在本机被改动过，没有导出，请告知县教育局 / %s\n", ex.n_altered,
                err.msg);
        bundle_salvage_info_t sv;
        jh_err_t e2;
        memset(&sv, 0, sizeof sv);
        jh_status_t s2 = bundle_export_intact(st, dir, now_ms, &sv, &e2);
        if (s2 != JH_OK)
            fprintf(stderr, "junheng-kiosk: 其余答卷也没能导出：%s / the other responses could not be exported either: %s\n",
                    export_advice(s2, dir, 0), e2.msg);
        else if (sv.n_responses > 0) {
            printf("junheng-kiosk: 其余 %lld 份答卷已导出（取回格式），可以拔出 U 盘了 / the other %lld response(s) "
                   "(seq %lld to %lld, without the changed ones) were exported as a salvaged bundle\n  bundle:  %s\n",
                   (long long)sv.n_responses, (long long)sv.n_responses, (long long)sv.first_seq,
                   (long long)sv.last_seq, sv.path);
            if (sv.backup_path[0]) printf("  backup:  %s\n", sv.backup_path);
            if (replaced && *replaced) say_new_key(st);
            if (!sv.recorded)
                fprintf(stderr, "junheng-kiosk: 注意：导出没能记在本机上，下次导出会重复这些答卷 / warning: %s\n",
                        sv.warning);
        } else {
            fprintf(stderr, "junheng-kiosk: 本机没有别的答卷可导出 / there are no other responses to export\n");
        }
        rc = HEADLESS_FAILED;
    } else if (s != JH_OK && now_ms >= JH_TIME_MAX_MS) {
        /* (refused for the clock: bundle_export) */
        char day[16];
        jh_format_day(now_ms, day);
        fprintf(stderr,
                "junheng-kiosk: 导出失败：本机时钟显示 %s，已到或晚于 2100-01-01 08:00（北京时间），是时钟不对，不是答卷有问题：请校正日期和时间后再导出，"
                "没有写出任何文件 / export failed: %s\n",
                day, err.msg);
        rc = HEADLESS_FAILED;
    } else if (s != JH_OK) {
        fprintf(stderr, "junheng-kiosk: 导出失败：%s / export failed: %s\n", export_advice(s, dir, ex.target_lost),
                err.msg);
        rc = HEADLESS_FAILED;
    } else if (ex.n_responses == 0) {
        if (full)
            printf("junheng-kiosk: 还没有答卷 / nothing to export: no finished responses yet\n");
        else
            printf("junheng-kiosk: 没有新答卷 / nothing new to export: every finished response (up to seq %lld) "
                   "was exported before; use --full to export everything again\n",
                   (long long)ex.last_seq);
    } else {
        char fp[64];
        store_key_fingerprint(st, fp);
        char *kiosk = store_setting_get(st, "kiosk_id");
        printf("junheng-kiosk: 已导出 %lld 份，可以拔出 U 盘了 / exported %lld response(s), seq %lld to %lld (%s)\n",
               (long long)ex.n_responses, (long long)ex.n_responses, (long long)ex.first_seq,
               (long long)ex.last_seq, ex.full ? "full" : "incremental");
        printf("  bundle:  %s\n", ex.path);
        if (ex.backup_path[0]) printf("  backup:  %s\n", ex.backup_path);
        printf("  kiosk:   %s, key fingerprint %s\n", kiosk ? kiosk : "?", fp);
        free(kiosk);
        if (replaced && *replaced) say_new_key(st);
        if (ex.backup_left_out)
            fprintf(stderr,
                    "junheng-kiosk: 注意：没有写入数据库备份（.db.sealed）：%s只剩 %.1f MB，备份需要约 %.1f MB；答卷已经导出并记下 / "
                    "note: %s\n",
                    ex.backup_left_out == 1 ? "U 盘" : "本机磁盘", (double)ex.backup_free_bytes / 1048576.0,
                    (double)ex.backup_need_bytes / 1048576.0, ex.backup_note);
        if (!ex.recorded) fprintf(stderr, "junheng-kiosk: warning: %s\n", ex.warning);
    }
    free(replaced);
    store_close(st);
    if (fflush(stdout) != 0) {
        perror("junheng-kiosk: writing output");
        rc = HEADLESS_FAILED;
    }
    return rc;
}

/* After a salvage: the answers saved once, never exported and not read
 * back (the lost ranges left), by seq, and what to tell the bureau (review
 * rsite9, item 2: "0 unreadable" while two were lost). */
static void salvage_lost(store_t *st)
{
    char seqs[300];
    int64_t n = store_lost_text(st, seqs, sizeof seqs);
    if (n <= 0) return;
    char *kid = store_setting_get(st, "kiosk_id");
    printf("junheng-kiosk: 编号 %s 的 %lld 份答卷读不出，取不回了。请告诉县教育局：答题机 %s 编号 %s 的答卷因数据库损坏丢失，"
           "县教育局的数据里会缺这些编号 / answers seq %s (%lld) could not be read and are lost; tell the county "
           "bureau: kiosk %s lost its answers seq %s when its database was damaged\n",
           seqs, (long long)n, kid ? kid : "", seqs, seqs, (long long)n, kid ? kid : "", seqs);
    free(kid);
}

int kiosk_headless_salvage(const char *db_path, const char *damaged, const char *dir, int64_t now_ms)
{
    struct stat sb;
    if (stat(damaged, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        fprintf(stderr, "junheng-kiosk: %s: 没有这个文件 / no such file (give the damaged database, e.g. "
                        "kiosk.db.corrupt-…)\n",
                damaged);
        return HEADLESS_FAILED;
    }
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        bool exists = stat(dir, &sb) == 0;
        fprintf(stderr, "junheng-kiosk: %s: %s / %s\n", dir, exists ? "不是文件夹" : "找不到这个文件夹",
                exists ? "not a folder" : "no such folder (is the USB drive plugged in?)");
        return HEADLESS_FAILED;
    }
    /* The key, the id and the school: the kiosk's own (its identity file
     * survives the damage).  Without --db: the damaged file's original
     * name, kiosk.db for kiosk.db.corrupt-…. */
    char *db = NULL;
    if (db_path) {
        db = jh_strdup(db_path);
    } else {
        const char *c = strstr(damaged, ".corrupt-");
        if (!c) {
            fprintf(stderr, "junheng-kiosk: 请用 --db 指明这台答题机的数据库 / give this kiosk's database with --db "
                            "(its key signs the salvaged answers)\n");
            return HEADLESS_FAILED;
        }
        db = jh_strndup(damaged, (size_t)(c - damaged));
    }
    store_t *st = open_store(db, true, now_ms, NULL);
    if (!st) {
        free(db);
        return HEADLESS_FAILED;
    }
    char *rec_path = NULL; /* in salvage's own 0700 folder; salvage_discard */
    char method[16];
    jh_err_t err;
    int rc = HEADLESS_OK;
    jh_status_t s = salvage_recover(damaged, &rec_path, method, &err);
    sqlite3 *rec = NULL;
    bundle_salvage_info_t info;
    memset(&info, 0, sizeof info);
    if (s == JH_ERR_CORRUPT) {
        printf("junheng-kiosk: 损坏的数据库里没有能读出的答卷 / nothing could be read from %s\n", damaged);
        salvage_lost(st);
        goto out;
    }
    if (s == JH_ERR_NOTFOUND && access(damaged, F_OK) == 0) {
        fprintf(stderr, "junheng-kiosk: 取回失败：缺少 sqlite3 程序，请运行 sudo apt-get install sqlite3 后再试 / "
                        "salvage failed: %s\n", err.msg);
        rc = HEADLESS_FAILED;
        goto out;
    }
    if (s != JH_OK) {
        fprintf(stderr, "junheng-kiosk: 取回失败 / salvage failed: %s\n", err.msg);
        rc = HEADLESS_FAILED;
        goto out;
    }
    if (sqlite3_open_v2(rec_path, &rec, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        fprintf(stderr, "junheng-kiosk: 取回失败 / salvage failed: %s: cannot open the recovered copy\n", rec_path);
        rc = HEADLESS_FAILED;
        goto out;
    }
    s = bundle_salvage_export(st, rec, damaged, dir, now_ms, &info, &err);
    if (s == JH_ERR_CONFLICT) { /* another kiosk's database: the message says what to do */
        fprintf(stderr, "junheng-kiosk: 取回失败 / salvage refused: %s\n", err.msg);
        rc = HEADLESS_FAILED;
        goto out;
    }
    if (s != JH_OK) {
        fprintf(stderr, "junheng-kiosk: 导出失败：%s / salvage export failed: %s\n", export_advice(s, dir, 0), err.msg);
        rc = HEADLESS_FAILED;
        goto out;
    }
    /* the answers lost for good, named by seq however little the damaged
     * file still knew of them (a truncated file: no seq at all) */
    char seqs[300];
    int64_t lost = store_lost_text(st, seqs, sizeof seqs);
    if (info.n_responses == 0) {
        if (lost > 0)
            printf("junheng-kiosk: 损坏的数据库里没有能读出的已完成答卷 / no finished response could be read from %s\n",
                   damaged);
        else
            printf("junheng-kiosk: 损坏的数据库里没有能读出的已完成答卷 / no finished response could be read from %s "
                   "(%lld unreadable)\n",
                   damaged, (long long)info.n_unreadable);
        salvage_lost(st);
        goto out;
    }
    if (lost > 0) {
        printf("junheng-kiosk: 已取回 %lld 份答卷，可以拔出 U 盘了 / salvaged %lld response(s) (seq %lld to %lld) with "
               "sqlite3 .%s\n  bundle:  %s\n",
               (long long)info.n_responses, (long long)info.n_responses, (long long)info.first_seq,
               (long long)info.last_seq, method, info.path);
        salvage_lost(st);
        goto out;
    }
    printf("junheng-kiosk: 已取回 %lld 份答卷，%lld 份读不出，可以拔出 U 盘了 / salvaged %lld response(s) "
           "(seq %lld to %lld) with sqlite3 .%s; %lld of seq 1 to %lld could not be read (%lld damaged, %lld "
           "unfinished)\n",
           (long long)info.n_responses, (long long)info.n_unreadable, (long long)info.n_responses,
           (long long)info.first_seq, (long long)info.last_seq, method, (long long)info.n_unreadable,
           (long long)info.max_seq, (long long)info.n_damaged, (long long)info.n_unfinished);
    printf("  bundle:  %s\n", info.path);
    salvage_lost(st);
out:
    if (rec) sqlite3_close(rec);
    salvage_discard(rec_path);
    store_close(st);
    free(db);
    if (fflush(stdout) != 0) {
        perror("junheng-kiosk: writing output");
        rc = HEADLESS_FAILED;
    }
    return rc;
}
