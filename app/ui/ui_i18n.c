/* ui_i18n.c - the kiosk's strings: short, plain words first in 简体中文,
 * then English (see ui_i18n.h). */
#include "ui_i18n.h"

#include <string.h>

typedef struct {
    const char *zh, *en;
} pair_t;

static const pair_t strings[UI_S_COUNT_] = {
    [UI_S_WELCOME_TITLE] = {"教育满意度调查", "Education satisfaction survey"},
    [UI_S_WELCOME_SUB] = {"不记名，大约 5 分钟。您的意见能帮助学校做得更好。",
                          "Anonymous, about 5 minutes. Your opinion helps the school improve."},
    [UI_S_START] = {"开始答题", "Start"},
    [UI_S_START_HINT] = {"用一根手指轻轻点一下蓝色按钮", "Touch the blue button gently with one finger"},
    [UI_S_LANG_ZH] = {"简体中文", "简体中文"},
    [UI_S_LANG_EN] = {"English", "English"},
    [UI_S_LARGE_TEXT] = {"大字模式", "Large text"},
    [UI_S_READ_ALOUD] = {"读题", "Listen"},
    [UI_S_READING] = {"停止", "Stop"},
    [UI_S_LISTEN_MODE] = {"听读", "Listen"},
    [UI_S_ACCESS_BUTTON] = {"无障碍与读题", "Accessibility and read-aloud"},
    [UI_S_ACCESS_TITLE] = {"无障碍与读题", "Accessibility and read-aloud"},
    [UI_S_ACCESS_READY] = {"读题可用：题目页有“读题”按钮，首页有“听读”。",
                           "Read-aloud works: 读题 on every question, 听读 on the start screen."},
    [UI_S_ACCESS_NO_AUDIO] = {"没有声音：读题按钮已隐藏。原因：%s", "No sound: read-aloud is hidden. Why: %s"},
    [UI_S_THEME_DEFAULT] = {"标准颜色", "Standard colours"},
    [UI_S_THEME_HC] = {"高对比度", "High contrast"},
    [UI_S_VOICE_ON] = {"读题：开", "Read-aloud: on"},
    [UI_S_VOICE_OFF] = {"读题：关", "Read-aloud: off"},
    [UI_S_VOLUME] = {"音量 %d%%", "Volume %d%%"},
    [UI_S_VOICE_RECORDED] = {"有录音用录音", "Recordings first"},
    [UI_S_VOICE_SYNTH] = {"只用合成语音", "Synthesised only"},
    [UI_S_VOICE_TEST] = {"试听", "Test the voice"},
    [UI_S_START_HINT_HC] = {"用一根手指轻轻点一下黄色按钮", "Touch the yellow button gently with one finger"},
    [UI_S_ROLE_TITLE] = {"请问您是：", "Are you a:"},
    [UI_S_BACK] = {"返回", "Back"},
    [UI_S_PREV] = {"上一题", "Previous"},
    [UI_S_NEXT] = {"下一题", "Next"},
    [UI_S_SKIP] = {"跳过", "Skip"},
    [UI_S_CONFIRM] = {"确定", "Confirm"},
    [UI_S_NOTICE_TITLE] = {"答题前请看", "Before you begin"},
    /* For every group (students, parents, teachers, the public): no promise
     * about children's data, which the parents' questionnaire does ask
     * (grade band, family situation) without identifying anyone. */
    [UI_S_NOTICE_BODY] = {"本问卷不记名，不问姓名、电话等能认出您的信息。"
                          "请按真实感受回答，没有对错。每屏一道题，点一下答案即可。",
                          "This questionnaire is anonymous: it asks nothing that identifies you, such as "
                          "your name or phone number. Answer as you really feel; there are no wrong "
                          "answers. One question per screen: just touch your answer."},
    [UI_S_NOTICE_START] = {"我知道了，开始", "OK, begin"},
    [UI_S_PROGRESS] = {"第 %d / %d 题", "Question %d of %d"},
    [UI_S_REQUIRED_MARK] = {"（必答）", "(required)"},
    [UI_S_REQUIRED_HINT] = {"这道题要先回答，才能继续。", "Please answer this question first."},
    [UI_S_MULTI_HINT] = {"可以选多项，最多 %d 项。选好后点“确定”。",
                         "Choose up to %d, then touch Confirm."},
    [UI_S_MULTI_MAX] = {"最多只能选 %d 项。", "You can choose at most %d."},
    /* Neutral about what is rated: the questionnaires' marks say "0分最差，
     * 10分最好" themselves, and a hint of 非常不满意 … 非常满意 under such a
     * question gave the ends two meanings (review relder6 item 4). */
    [UI_S_RATING_HINT] = {"0 分最低，10 分最高。", "0 is the lowest, 10 the highest."},
    [UI_S_TEXT_HINT] = {"这道题可以不填，点“跳过”即可。想写的话点一下方框：可以手写、拼音或选常用语。",
                        "You may leave this empty and touch Skip. To write, touch the box: handwriting, "
                        "pinyin, letters or ready phrases."},
    [UI_S_SUMMARY_TITLE] = {"就要完成了", "Almost done"},
    [UI_S_SUMMARY_SKIPPED] = {"下面几道题您没有回答（可以不答）。想回答的话点一下题目：",
                              "You skipped these optional questions. Touch one to answer it:"},
    [UI_S_SUMMARY_SKIPPED_ONE] = {"下面这道题您没有回答（可以不答）。想回答的话点一下题目：",
                                  "You skipped this optional question. Touch it to answer it:"},
    [UI_S_SUMMARY_NONE] = {"所有题目都已回答。", "You have answered every question."},
    [UI_S_SUBMIT] = {"提交", "Submit"},
    [UI_S_SUMMARY_BACK] = {"返回修改", "Go back"},
    [UI_S_THANKS_TITLE] = {"谢谢您！", "Thank you!"},
    [UI_S_THANKS_BODY] = {"您的回答已经保存。", "Your answers have been saved."},
    [UI_S_THANKS_RETURN] = {"%d 秒后回到首页", "Back to the start in %d s"},
    [UI_S_DONE] = {"完成", "Done"},
    [UI_S_IDLE_TITLE] = {"您还在吗？", "Are you still there?"},
    [UI_S_IDLE_BODY] = {"如果没有操作，%d 秒后本次答卷将结束。",
                        "Without a touch, this questionnaire ends in %d seconds."},
    [UI_S_IDLE_CONTINUE] = {"我还在，继续答题", "I am here, continue"},
    [UI_S_PIN_ENTER] = {"请输入管理员密码", "Enter the administrator PIN"},
    [UI_S_PIN_SET] = {"请设置管理员密码（4 到 8 位数字）", "Set an administrator PIN (4 to 8 digits)"},
    [UI_S_PIN_CONFIRM] = {"请再输入一次新密码", "Enter the new PIN again"},
    [UI_S_PIN_WRONG] = {"密码错误，还可以试 %d 次。", "Wrong PIN, %d attempts left."},
    /* the way out for every lock length (review rusb4 item 7): a new or
     * changed admin_pin line clears the lock at the next start */
    [UI_S_PIN_LOCKED] = {"错误次数太多，已锁定。请 %d 分钟后再试，或请技术人员在 kiosk.conf 中新写或改写 admin_pin 一行，再重启本机。",
                         "Too many wrong PINs. Locked; try again in %d minutes, or have a technician add or "
                         "change the admin_pin line in kiosk.conf and restart the kiosk."},
    [UI_S_PIN_LOCKED_HOURS] = {"错误次数太多，已锁定。请 %d 小时后再试，或请技术人员在 kiosk.conf 中新写或改写 admin_pin 一行，再重启本机。",
                               "Too many wrong PINs. Locked; try again in %d hours, or have a technician add or "
                               "change the admin_pin line in kiosk.conf and restart the kiosk."},
    [UI_S_PIN_UNREADABLE] = {"读不出管理员密码（本机数据读取出错），请重启本机后再试；仍不行请联系县教育局。",
                             "The administrator PIN cannot be read (a read error on this kiosk's data): restart "
                             "the kiosk and try again; if it persists, call the county education bureau."},
    [UI_S_PIN_MISMATCH] = {"两次输入不一样，请重新设置。", "The two PINs differ. Please start again."},
    [UI_S_PIN_SHORT] = {"密码要 4 到 8 位数字。", "The PIN must have 4 to 8 digits."},
    [UI_S_PIN_SAVE_FAILED] = {"密码没有保存成功：%s", "The PIN was not saved: %s"},
    [UI_S_DELETE] = {"删除", "Delete"},
    [UI_S_OK] = {"确定", "OK"},
    [UI_S_CANCEL] = {"取消", "Cancel"},
    /* (the PIN pad is Chinese; its way back also in English when the
     * person who opened it chose English, review rkiosk5 item 6) */
    [UI_S_PIN_CANCEL] = {"取消", "取消 Cancel"},
    [UI_S_ADMIN_TITLE] = {"管理员", "Administrator"},
    [UI_S_ADMIN_NOTES] = {"全部提示", "All notes"},
    [UI_S_ADMIN_NOTES_TITLE] = {"全部提示（完整内容）", "All notes, in full"},
    [UI_S_ADMIN_COUNTS] = {"今天提交 %lld 份　累计提交 %lld 份　中途放弃 %lld 份　合计 %lld 份",
                           "Today %lld · submitted %lld · abandoned %lld · total %lld"},
    [UI_S_ADMIN_BY_ROLE] = {"按身份：", "By role:"},
    [UI_S_ROLE_CODE_STUDENT] = {"学生", "students"},
    [UI_S_ROLE_CODE_PARENT] = {"家长", "parents"},
    [UI_S_ROLE_CODE_TEACHER] = {"教师", "teachers"},
    [UI_S_ROLE_CODE_PUBLIC] = {"社会公众", "the public"},
    [UI_S_ADMIN_KIOSK] = {"本机编号 %s　密钥指纹 %s", "Kiosk %s · key %s"},
    /* U+00A0 (no-break space): a label stays with its code (区县 / 360721 was
     * broken apart) */
    [UI_S_ADMIN_SCHOOL] = {"学校：%s（代码\u00A0%s，%s，%s，区县\u00A0%s）",
                           "School: %s (code %s, %s, %s, county %s)"},
    [UI_S_ADMIN_SURVEYS] = {"启用的问卷（点一下切换）：", "Active questionnaires (touch to switch):"},
    [UI_S_ADMIN_SURVEY_VERSION] = {"%s（第 %s 版）", "%s (version %s)"},
    [UI_S_SURVEY_CLASH] = {("%s：问卷 %s 第\u00A0%s\u00A0版的内容与本机已有答卷所答的内容不同："
                            "请放回那些答卷所用的问卷文件，或给这份问卷定一个新版本号；这个文件没有启用\n"),
                           ("%s: questionnaire %s version %s differs from the content this kiosk's answers under that "
                            "version were given to (put back the file those answers used, or give this questionnaire "
                            "a new version number); this file is not used\n")},
    [UI_S_SURVEY_NOT_RECORDED] = {"%s：问卷没能记入本机数据库：%s\n",
                                  "%s: cannot record the questionnaire in the kiosk's database: %s\n"},
    [UI_S_ADMIN_EXPORT] = {"导出到：", "Export to:"},
    [UI_S_ADMIN_EXPORT_FULL] = {"导出全部", "Export all"},
    [UI_S_ADMIN_EXPORT_OK] = {"已导出 %lld 份到 %s", "Exported %lld responses to %s"},
    [UI_S_ADMIN_EXPORT_FAIL] = {"导出失败：%s", "Export failed: %s"},
    [UI_S_ADMIN_NO_TARGET] = {"没有找到 U 盘，也没有设置导出目录。", "No USB stick or export directory found."},
    [UI_S_ADMIN_RESCAN] = {"重新查找 U 盘", "Look for USB sticks again"},
    [UI_S_ADMIN_PROBLEMS] = {"有问题的问卷文件：", "Questionnaire files with problems:"},
    [UI_S_ADMIN_CLOSE] = {"回到首页", "Back to start"},
    [UI_S_QUIT] = {"退出程序", "Quit"},
    [UI_S_ERR_NO_SURVEY] = {"暂时没有问卷", "No questionnaire installed"},
    [UI_S_ERR_NO_SURVEY_BODY] = {"请学校管理员安装问卷。", "Please ask the school administrator to install one."},
    [UI_S_ERR_INVALID] = {"问卷有错误，暂时不能使用", "The questionnaire has errors"},
    [UI_S_ERR_INVALID_BODY] = {"请管理员修正以下问题：", "For the administrator, please fix:"},
    [UI_S_UNAVAILABLE_TITLE] = {"暂停服务", "Temporarily out of service"},
    [UI_S_UNAVAILABLE_BODY] = {"本机暂时无法保存。您已经填写的回答还在，恢复后会自动保存。请稍等，或告诉学校工作人员。",
                               "This kiosk cannot save right now. Your answers are kept and will be "
                               "saved as soon as possible. Please wait or tell a member of staff."},
    [UI_S_CHOSEN_AFTER] = {"另有 %d 项已选在后面的页", "%d more chosen on a later page"},
    [UI_S_CHOSEN_BEFORE] = {"另有 %d 项已选在前面的页", "%d more chosen on an earlier page"},
    [UI_S_PAGER_CHOSEN_AFTER] = {"另有 %d 项已选在后面", "%d more chosen later"},
    [UI_S_PAGER_CHOSEN_BEFORE] = {"另有 %d 项已选在前面", "%d more chosen before"},
    [UI_S_CHOSEN_OTHER] = {"另有 %d 项已选在别的页", "%d more chosen on other pages"},
    [UI_S_MULTI_MAX_ELSEWHERE] = {"最多只能选 %d 项。%s。", "You can choose at most %d. %s."},
    /* (English mode: the labels for the staff stay Chinese first, review
     * rlang finding 11) */
    [UI_S_UNAVAILABLE_DETAIL] = {"（给学校工作人员：%s\n技术信息：%s）",
                                 "（给学校工作人员 / for the school's staff: %s\n技术信息 / details: %s）"},
    [UI_S_UNAVAILABLE_IDLE] = {"您还在吗？请轻触屏幕。如果没有操作，%d 秒后本次答卷将结束，已填写的回答会保存。",
                               "Are you still there? Touch the screen. Otherwise this survey ends in %d seconds; "
                               "your answers so far are kept."},
    [UI_S_UNAVAILABLE_SUBMITTED] = {"本机暂时无法保存。您提交的答卷留在本机，恢复后会自动保存，不需要再填写。请告诉学校工作人员。",
                                    "This kiosk cannot save right now. The answers you submitted are kept and will "
                                    "be saved as soon as possible; you need not fill them in again. Please tell a "
                                    "member of staff."},
    [UI_S_UNAVAILABLE_ENDED] = {"本机暂时无法保存。上一份答卷已经结束，它的回答留在本机，恢复后会自动保存。请稍等，或告诉学校工作人员。",
                                "This kiosk cannot save right now. The previous survey has ended; its answers are "
                                "kept and will be saved as soon as possible. Please wait or tell a member of staff."},
    [UI_S_ADMIN_EXPORT_NEW] = {"导出新答卷",
        "Export new answers"},
    [UI_S_ADMIN_EXPORT_DONE] = {"已导出 %lld 份，可以拔出 U 盘了",
        "Exported %lld; you can remove the USB stick"},
    [UI_S_ADMIN_EXPORT_NONE] = {"没有新答卷",
        "No new answers"},
    [UI_S_ADMIN_EXPORT_EMPTY] = {"还没有答卷",
        "No answers yet"},
    [UI_S_ADMIN_EXPORT_WHERE] = {"文件在：%s",
        "Files in: %s"},
    [UI_S_ADMIN_TARGET_PICK] = {"选一个 U 盘：",
        "Choose a USB stick:"},
    [UI_S_ADMIN_SETUP] = {"设置学校",
        "School settings"},
    [UI_S_ADMIN_PIN_CHANGE] = {"修改密码",
        "Change PIN"},
    [UI_S_ADMIN_UNSET] = {"学校还没有设置：请点“设置学校”",
        "The school is not set: touch School settings"},
    [UI_S_ADMIN_QUIT_ASK] = {"确定要退出程序吗？退出后答题机不能再答题，要重新打开程序。",
        "Quit the program? The kiosk stops taking answers until it is started again."},
    [UI_S_ADMIN_QUIT_YES] = {"确定退出",
        "Quit"},
    [UI_S_ERR_NOT_FOUND] = {"找不到 U 盘上的文件夹：请把 U 盘插好，再点“重新查找 U 盘”。",
        "The USB folder is gone: plug the stick in and look again."},
    [UI_S_ERR_NOT_DIR] = {"这不是文件夹：请选择 U 盘。",
        "That is not a folder: choose a USB stick."},
    [UI_S_ERR_FULL] = {"U 盘已满：请删掉一些文件，或换一个 U 盘。",
        "The USB stick is full: free some space or use another one."},
    [UI_S_ERR_READONLY] = {"U 盘不能写入：请换一个 U 盘（或拨开 U 盘的写保护开关）。",
        "The USB stick cannot be written: use another one."},
    [UI_S_ERR_STICK_GONE] = {"找不到 U 盘（已拔出，或换了位置）：请把 U 盘插好，再点“重新查找 U 盘”，然后再导出。"
        "这次什么也没有写入，也没有记为已导出。",
        "The USB stick is gone (pulled out, or mounted elsewhere): plug it in, touch \"Look for USB sticks again\", "
        "then export. Nothing was written or recorded as exported."},
    [UI_S_ERR_STICK_PULLED] = {"U 盘在导出时被拔出了：请插好 U 盘，点“重新查找 U 盘”，再导出。没有记为已导出。",
        "The USB stick was pulled out during the export: plug it in, touch \"Look for USB sticks again\", then "
        "export again. Nothing was recorded as exported."},
    [UI_S_ERR_NO_PERMISSION] = {"答题机没有权限写入 U 盘上的这个文件夹（不是写保护）：请换一个 U 盘再试；仍不行请联系技术人员。",
        "The kiosk may not write to this folder on the stick (permissions, not write protection): use another "
        "stick, or call a technician."},
    [UI_S_ERR_NO_SCHOOL] = {"学校还没有设置，不能导出：请先点“设置学校”。",
        "The school is not set: set it first."},
    [UI_S_ERR_EXPORT_IO] = {"导出没有成功：请换一个 U 盘再试；仍不行请联系教育局。",
        "The export failed: try another USB stick, then call the bureau."},
    [UI_S_ERR_EXPORT_NOMEM] = {"导出没有成功：本机内存不够。U 盘上没有留下这次的文件。请重新启动答题机后再导出；仍不行请联系教育局。",
        "The export failed: the kiosk ran out of memory. Nothing of it was left on the stick. Restart the kiosk and "
        "export again, then call the bureau."},
    [UI_S_ADMIN_EXPORT_NO_BACKUP_STICK] = {"注意：这次没有写入数据库备份（.db.sealed）：U 盘只剩 %s，备份需要约 %s。"
        "答卷已经导出并记下，县里汇总用的就是答卷文件；要备份时请换一个空间更大的 U 盘，再点“导出全部”。",
        "Note: the database backup (.db.sealed) was left out: the stick has %s free, the backup needs about %s. The "
        "answers were exported and recorded; for a backup, use a larger stick and touch \"Export all\"."},
    [UI_S_ADMIN_DISK_LOW] = {"注意：本机磁盘只剩 %s（不到 200 MB）。磁盘满了就不能再保存答卷：请先导出答卷，并请技术人员清理本机磁盘。",
        "Note: the kiosk's disk has only %s free (under 200 MB). When it is full no more answers can be saved: "
        "export the answers, and ask a technician to free space on the kiosk."},
    [UI_S_ADMIN_EXPORT_NO_BACKUP_KIOSK] = {"注意：这次没有写入数据库备份（.db.sealed）：本机磁盘只剩 %s，做备份需要约 %s。"
        "答卷已经导出并记下；请联系技术人员清理本机磁盘。",
        "Note: the database backup (.db.sealed) was left out: the kiosk's own disk has %s free, the backup needs "
        "about %s. The answers were exported and recorded; ask a technician to free space on the kiosk."},
    [UI_S_ERR_DETAIL] = {"（技术信息：%s）",
        "(details: %s)"},
    [UI_S_PACK_TITLE] = {"县教育局名册包",
        "County pack"},
    [UI_S_PACK_NEW] = {"第一次使用名册包。请打电话与县教育局核对公钥指纹：%s。一致时再点“指纹一致，信任并安装”。",
        "First county pack: check the key fingerprint %s with the bureau by phone before trusting it."},
    [UI_S_PACK_TRUST] = {"指纹一致，信任并安装",
        "Fingerprint matches: trust and install"},
    [UI_S_PACK_WHICH] = {"名册包文件：%s，区县代码 %s。",
        "Pack file: %s, county code %s."},
    [UI_S_PACK_SEVERAL_NAMED] = {"注意：U 盘上有 %d 个名册包，这里用的是名字正好是 %s 的那个。"
        "不是要装的县的，请把其他的从 U 盘上移开再插上。",
        "Note: %d county packs are on the stick; this is the one named exactly %s. If it is not the "
        "county's, move the others off the stick and plug it in again."},
    [UI_S_PACK_SEVERAL_NEWEST] = {"注意：U 盘上有 %d 个名册包，这里用的是文件时间最新的 %s。"
        "不是要装的县的，请把其他的从 U 盘上移开再插上。",
        "Note: %d county packs are on the stick; this is the newest file, %s. If it is not the "
        "county's, move the others off the stick and plug it in again."},
    [UI_S_PACK_READY] = {"U 盘上有名册包：%d 所学校，%d 份问卷。",
        "County pack on the stick: %d schools, %d questionnaires."},
    [UI_S_PACK_INSTALLED] = {"已安装这个名册包（%s 制作），不用再安装。",
        "This county pack (made %s) is installed already."},
    [UI_S_PACK_INSTALL] = {"安装名册包和问卷",
        "Install the pack and questionnaires"},
    [UI_S_PACK_OTHER_KEY] = {"这个名册包不是本机信任的教育局签发的（它的指纹 %s，本机信任 %s），没有安装。"
        "请打电话向县教育局核对。如果本机当初信任错了（装过别的区县的名册包），可以忘掉原来的密钥，再核对指纹安装。",
        "This pack is not signed by the bureau this kiosk trusts: its fingerprint is %s, the trusted one %s; not "
        "installed. Check both with the bureau by phone. If the kiosk trusted the wrong bureau (another county's "
        "pack), forget the trusted key, then check the fingerprint and install as the first time."},
    [UI_S_PACK_BAD] = {"名册包已损坏或被改动过，没有安装。请向县教育局重新要一份。",
        "The county pack is damaged or was changed; not installed. Ask the bureau for a new copy."},
    /* (Read before its signature, which a newer format may compute
     * otherwise: whether the pack is intact is not known here.) */
    [UI_S_PACK_NEWER] = {"U 盘上的名册包是更新版本的教育局程序做的，本机的答题机程序读不了，没有安装。"
        "请技术人员先把答题机程序（软件包 junheng-kiosk）升级到新版，再安装这个名册包。",
        "The county pack on the stick was made by a newer version of the bureau's program, which this kiosk "
        "program cannot read; not installed. Ask a technician to update the kiosk program (package "
        "junheng-kiosk) first, then install this pack."},
    [UI_S_PACK_DONE] = {"已安装：%d 所学校的名册，%d 份问卷。",
        "Installed: register of %d schools, %d questionnaires."},
    [UI_S_PACK_FAILED] = {"名册包没有安装成功：%s\n（技术信息：%s）",
        "The pack was not installed: %s\n(details: %s)"},
    [UI_S_PACK_FORGET] = {"忘掉本机信任的教育局密钥",
        "Forget the trusted bureau key"},
    [UI_S_PACK_FORGET_ASK] = {"确定要忘掉本机信任的教育局密钥（指纹 %s）吗？本机的 %lld 份答卷不受影响。"
        "忘掉以后，名册包都要再核对一次指纹才能安装。",
        "Forget the trusted bureau key (fingerprint %s)? The kiosk's %lld answers stay and can still be exported. "
        "Afterwards any pack needs its fingerprint checked by phone again before it is installed."},
    [UI_S_PACK_FORGET_YES] = {"确认忘掉",
        "Forget it"},
    [UI_S_PACK_FORGET_NO] = {"不忘掉",
        "Keep it"},
    [UI_S_PACK_FORGOTTEN] = {"已忘掉原来信任的教育局密钥。请打电话核对新名册包的指纹，一致时再安装。",
        "The trusted bureau key is forgotten. Check the new pack's fingerprint by phone before installing it."},
    [UI_S_PACK_OLDER] = {"U 盘上的名册包（%s 制作）比本机已安装的（%s 制作，北京时间）旧，没有安装：旧包会换回过时的问卷。"
        "请向县教育局要最新的名册包。",
        "The county pack on the stick (made %s) is older than the one installed (made %s, Beijing time); not "
        "installed: it would bring back outdated questionnaires. Ask the bureau for its newest pack."},
    [UI_S_PACK_OTHER_KEY_TECH] = {"这个名册包不是本机信任的教育局签发的（它的指纹 %s，本机信任 %s），没有安装。请打电话向县教育局核对。"
        "本机信任这把密钥之后已经导出过答卷（数据库备份用它加密），不能在这里忘掉它：请技术人员在 kiosk.conf 中加一行 "
        "forget_bureau_key\u00A0=\u00A0%s，重启答题机后再安装新名册包（见 docs/kiosk.md）。",
        "This pack is not signed by the bureau this kiosk trusts: its fingerprint is %s, the trusted one %s; not "
        "installed. Check both with the bureau by phone. Answers were exported under the trusted key "
        "(the database backups are sealed to it): it cannot be forgotten here. A technician adds the line "
        "forget_bureau_key\u00A0=\u00A0%s to kiosk.conf and restarts the kiosk, then the new pack can be installed (see "
        "docs/kiosk.md)."},
    [UI_S_SETUP_TITLE] = {"设置学校",
        "School settings"},
    [UI_S_SETUP_PICK] = {"从名册选择学校",
        "Pick the school from the register"},
    [UI_S_SETUP_NO_REGISTER] = {"没有名册：可以插入县教育局的名册包 U 盘（在管理界面安装），或逐项设置。",
        "No register: install the county pack from a USB stick, or set each field."},
    [UI_S_SETUP_CODE] = {"学校代码",
        "School code"},
    [UI_S_SETUP_NAME] = {"学校名称",
        "School name"},
    [UI_S_SETUP_LEVEL] = {"学段",
        "Level"},
    [UI_S_SETUP_LOCALITY] = {"城乡",
        "Locality"},
    [UI_S_SETUP_COUNTY] = {"区县代码",
        "County code"},
    [UI_S_SETUP_CHANGE] = {"修改",
        "Change"},
    [UI_S_SETUP_DONE] = {"完成",
        "Done"},
    [UI_S_SETUP_UNSET_VALUE] = {"未设置",
        "(not set)"},
    [UI_S_SETUP_ENTER_CODE] = {"输入学校代码（数字）",
        "Enter the school code (digits)"},
    [UI_S_SETUP_ENTER_COUNTY] = {"输入区县代码（6 位数字）",
        "Enter the county code (6 digits)"},
    [UI_S_SETUP_ENTER_NAME] = {"输入学校名称（手写、拼音或键盘）",
        "Write the school name (handwriting, pinyin or a keyboard)"},
    [UI_S_SETUP_BAD_CODE] = {"学校代码要 1 到 32 位数字。",
        "The school code must be 1 to 32 digits."},
    [UI_S_SETUP_BAD_COUNTY] = {"区县代码要正好 6 位数字。",
        "The county code must be exactly 6 digits."},
    [UI_S_SETUP_BAD_NAME] = {"学校名称不能为空，最多 100 个字。",
        "The name must not be empty (at most 100 characters)."},
    [UI_S_SETUP_SAVED] = {"已保存。",
        "Saved."},
    [UI_S_SETUP_SAVE_FAILED] = {"没有保存成功：%s",
        "Not saved: %s"},
    [UI_S_SETUP_FIRST] = {"这台答题机还没有设置学校，请先设置。",
        "This kiosk has no school yet: please set it first."},
    [UI_S_PICK_TITLE] = {"选择学校",
        "Choose the school"},
    [UI_S_PICK_FILTER] = {"学校代码含：%s",
        "Code contains: %s"},
    [UI_S_PICK_FILTER_HINT] = {"输入学校代码中的几位数字查找，或翻页找到本校后点一下。",
        "Type a few digits of the code, or page through the list and touch your school."},
    [UI_S_PICK_COUNT] = {"共 %d 所，第 %d / %d 页",
        "%d schools, page %d of %d"},
    [UI_S_PICK_NONE] = {"没有代码含这些数字的学校。",
        "No school code contains these digits."},
    [UI_S_PICK_PREV] = {"上一页",
        "Previous page"},
    [UI_S_PICK_NEXT] = {"下一页",
        "Next page"},
    [UI_S_PICK_CLEAR] = {"清空",
        "Clear"},
    /* a kiosk with answers does not invite whoever reads it to the admin
     * gesture (review rusb4 item 2) */
    [UI_S_PACK_OTHER_COUNTY] = {"这是区县 %s 的名册包，本机的学校 %s 已有答卷，属于区县 %s：没有安装，什么都没有改。请用区县 %s 教育局的名册包。",
                                "This pack is county %s's; this kiosk's school %s holds answers and is in county "
                                "%s: nothing was installed or changed. Use the pack of county %s's bureau."},
    [UI_S_PACK_SCHOOL_MISSING] = {"\n注意：本机的学校 %s 不在这个名册包的名册里（区县 %s）：请和县教育局核对学校代码和名册包。",
                                  "\nNote: this kiosk's school %s is not in this pack's register (county %s): check "
                                  "the school code and the pack with the county bureau."},
    [UI_S_PACK_SCHOOL_REFUSED] = {"本机的学校 %s 已有答卷，但不在这个名册包（区县 %s）的名册里：没有安装，什么都没有改。请和县教育局核对学校代码和名册包。",
                                  "This kiosk's school %s holds answers but is not in this pack's register (county "
                                  "%s): nothing was installed or changed. Check the school code and the pack with "
                                  "the county bureau."},
    [UI_S_PACK_SURVEY_REFUSED] = {"这个名册包里的问卷 %s 第\u00A0%s\u00A0版，内容和本机已有答卷所答的不一样（改了题却没有改版本号）：没有安装，什么都没有改，本机的问卷照常可以答。请县教育局把这份问卷定一个新版本号，再做一个名册包。",
                                  ("This pack's questionnaire %s version %s differs from the one this kiosk's "
                                   "answers were given to (changed without a new version number): nothing was "
                                   "installed or changed; this kiosk's questionnaires can still be answered. Ask the "
                                   "county bureau to give this questionnaire a new version number and make the pack "
                                   "again.")},
    [UI_S_WELCOME_UNSET_PLAIN] = {"本机未设置学校", "This kiosk's school is not set"},
    [UI_S_PIN_NONE_TITLE] = {"本机还没有管理员密码", "This kiosk has no administrator PIN"},
    [UI_S_PIN_NONE_BODY] = {"本机的答卷已经导出过，不能在这里设置密码。请技术人员在 kiosk.conf 中写入 admin_pin 一行（4 到 8 位数字），再重启本机。",
                            "This kiosk's answers were exported before, so a PIN cannot be chosen here. Have a technician "
                            "add an admin_pin line (4 to 8 digits) to kiosk.conf and restart the kiosk."},
    [UI_S_WELCOME_UNSET] = {"本机未设置学校（管理员：点左上角五下）",
        "Kiosk not set up (administrator: tap the top-left corner five times)"},
    [UI_S_LEVEL_PRIMARY] = {"小学",
        "Primary"},
    [UI_S_LEVEL_JUNIOR] = {"初中",
        "Junior secondary"},
    [UI_S_LEVEL_NINE_YEAR] = {"九年一贯制",
        "Nine-year"},
    [UI_S_LEVEL_COMPLETE_MIDDLE] = {"完全中学",
        "Complete secondary"},
    [UI_S_LEVEL_TWELVE_YEAR] = {"十二年一贯制",
        "Twelve-year"},
    [UI_S_LOC_URBAN] = {"城区",
        "Urban"},
    [UI_S_LOC_TOWN] = {"镇区",
        "Town"},
    [UI_S_LOC_RURAL] = {"乡村",
        "Rural"},
    [UI_S_STARTUP_TITLE] = {"答题机没能启动",
        "The kiosk could not start"},
    [UI_S_STARTUP_DB] = {"数据库不能写入：存放答卷的磁盘是只读的，或答题机用户没有写入权限。请技术人员运行 "
        "runuser -u junheng -- junheng-kiosk --self-check 查看原因并改正，然后点“重试”。",
        "The database cannot be written: the disk is read-only or the kiosk's user may not write there. Ask a "
        "technician to run runuser -u junheng -- junheng-kiosk --self-check and fix what it finds, then touch Try again."},
    [UI_S_STARTUP_CONFIG] = {"设置文件有错误：请技术人员按下面的说明改正设置文件，然后重新启动答题机。",
        "The settings file has an error: have a technician correct it as described below, then restart."},
    [UI_S_STARTUP_OTHER_DB] = {"给答题机的不是答题机的数据库（可能是教育局的区县数据库）：请给答题机一个自己的数据库文件，然后重新启动。",
        "The database given is not a kiosk database: give the kiosk its own file, then restart."},
    [UI_S_STARTUP_FONT] = {"找不到答题机的字体文件：请重新安装答题机程序（软件包 junheng-kiosk），然后重新启动。",
        "The kiosk's font file is missing: reinstall the kiosk program, then restart."},
    [UI_S_STARTUP_NO_DIR] = {"存放答卷的文件夹不存在（位置见下面的技术信息）：请技术人员重新安装答题机程序"
        "（软件包 junheng-kiosk 会建立 /var/lib/junheng），然后点“重试”。",
        "The folder for the answers does not exist (see the details below): ask a technician to reinstall the "
        "kiosk package (junheng-kiosk creates /var/lib/junheng), then touch Try again."},
    [UI_S_STARTUP_FULL] = {"存放答卷的磁盘已满：请技术人员删除不需要的文件、腾出空间（/var/lib/junheng 里的文件不要删），"
        "然后点“重试”。",
        "The disk for the answers is full: ask a technician to free some space (keep every file in "
        "/var/lib/junheng), then touch Try again."},
    [UI_S_STARTUP_KEY] = {"答题机的签名密钥文件（kiosk.db.key）已损坏，答题机不能为答卷签名。答卷没有受影响。"
        "有完好的备份就请技术人员把它放回原处；没有的话，把这个文件移到别处保存（不要删除），然后点“重试”：答题机会生成新的密钥，"
        "但县教育局接受新密钥之前会拒收本机以后导出的答卷，所以要把管理员界面上的答题机编号和新密钥指纹告诉教育局。",
        "The kiosk's signing key file (kiosk.db.key) is damaged: the kiosk cannot sign answers. The answers are "
        "not affected. Ask a technician to put back a good copy if there is one; otherwise to move the file "
        "elsewhere (do not delete it), then touch Try again: the kiosk makes a new key, but the bureau rejects "
        "this kiosk's later exports until it accepts the new key, so tell the bureau the kiosk id and the new "
        "key's fingerprint from the admin screen."},
    [UI_S_STARTUP_IDENTITY] = {"答题机的身份文件（kiosk.db.identity）读不出或不完整。答卷没有受影响。请不要删除任何文件，"
        "把下面的技术信息告诉县教育局或技术人员：技术人员在 /var/lib/junheng 里运行 "
        "sudo mv kiosk.db.identity kiosk.db.identity.damaged（改名保留，不要删除），再点“重试”，本机会从更高的编号接着记录，"
        "不会和以前的答卷重号。",
        "The kiosk's identity file (kiosk.db.identity) cannot be read or is incomplete. The answers are not "
        "affected. Do not delete any file; tell the bureau or a technician what the details below say: a "
        "technician runs sudo mv kiosk.db.identity kiosk.db.identity.damaged in /var/lib/junheng (renamed, "
        "kept), then taps Try again; the kiosk continues at higher numbers, never giving one already used."},
    [UI_S_STARTUP_ACCESS] = {"答题机的用户读写不了自己的文件（哪个文件、什么原因见下面的技术信息），常见于用 root 身份把备份的 "
        "kiosk.db.key、kiosk.db.identity 拷回之后。答卷没有受影响，不要删除任何文件。请技术人员运行 "
        "chown -R junheng:junheng /var/lib/junheng，然后点“重试”。",
        "The kiosk's user may not read or write its own files (which file and why: see the details below), as "
        "after kept kiosk.db.key or kiosk.db.identity files were copied back as root. The answers are not "
        "affected; do not delete any file. Ask a technician to run chown -R junheng:junheng /var/lib/junheng, "
        "then touch Try again."},
    [UI_S_STARTUP_OPEN] = {"数据库打不开（原因见下面的技术信息）：请技术人员运行 runuser -u junheng -- junheng-kiosk "
        "--self-check 查看原因，然后点“重试”。如仍不行，请联系县教育局。",
        "The database cannot be opened (see the details below): ask a technician to run runuser -u junheng -- "
        "junheng-kiosk --self-check, then touch Try again; if that does not help, call the bureau."},
    [UI_S_STARTUP_NEWER_DB] = {"这个数据库是更新版本的答题机程序写的，本程序读不了：请技术人员安装新版的答题机程序"
        "（软件包 junheng-kiosk），然后重新启动。数据库没有改动，里面的答卷都还在：不要删除或替换它。",
        "The database was written by a newer version of the kiosk program, which this one cannot read: ask a "
        "technician to install the newer kiosk package (junheng-kiosk), then restart. The database was not "
        "changed and every answer is still in it: do not delete or replace it."},
    [UI_S_CAUSE_FULL] = {"磁盘已满。请技术人员删除不需要的文件、腾出空间（/var/lib/junheng 里的文件不要删），再试一次。",
        "the disk is full. Ask a technician to free some space (keep every file in /var/lib/junheng), then try again."},
    [UI_S_CAUSE_READONLY] = {"磁盘只读或没有写入权限。请技术人员运行 runuser -u junheng -- junheng-kiosk --self-check "
        "查看并改正，再试一次。",
        "the disk is read-only or may not be written. Ask a technician to run runuser -u junheng -- junheng-kiosk "
        "--self-check and fix what it finds, then try again."},
    [UI_S_CAUSE_IO] = {"磁盘读写出错。请再试一次；仍不行请技术人员运行 runuser -u junheng -- junheng-kiosk --self-check。",
        "the disk could not be read or written. Try again; if it fails again, ask a technician to run "
        "runuser -u junheng -- junheng-kiosk --self-check."},
    [UI_S_SAVE_FAILED_CAUSE] = {"没有保存成功：%s\n（技术信息：%s）",
        "Not saved: %s\n(details: %s)"},
    [UI_S_SETUP_SCHOOL_LOCKED] = {"不能改学校：本机已有 %lld 份答卷记在学校 %s 名下（其中 %lld 份还没有导出）。答卷上不记学校，"
        "改了就会算到新学校，县教育局也会拒收本机以后的答卷。学校确实设错了的话：先在管理界面点“导出全部”，把 U 盘交给县教育局并说明，"
        "再请技术人员把本机作为新答题机重新设置。",
        "The school cannot be changed: %lld answers on this kiosk were recorded as school %s (%lld of them not "
        "exported yet). Answers do not carry the school: a change would count them for the new school, and the "
        "county bureau would reject this kiosk's later exports. If the school is wrong: export everything "
        "(导出全部) on the admin screen, hand the stick to the bureau and explain, then ask a technician to set "
        "this kiosk up as a new kiosk."},
    [UI_S_SETUP_SCHOOL_LOCKED_BEFORE] = {"不能改学校：本机以前以学校 %s 的名义记录过答卷，县教育局会拒收本机以后的答卷。"
        "学校确实设错了的话，请技术人员把本机作为新答题机重新设置，并告诉县教育局。",
        "The school cannot be changed: this kiosk recorded answers as school %s before, and the county bureau "
        "would reject its later exports. If the school is wrong, ask a technician to set this kiosk up as a new "
        "kiosk, and tell the bureau."},
    [UI_S_STARTUP_RETRY] = {"重试",
        "Try again"},
    [UI_S_SALVAGE_FOUND] = {"发现 %d 个损坏后移到一边的数据库：可以把其中还能读出的答卷取回到 U 盘。",
        "%d damaged database(s) were moved aside: the answers still readable in them can be saved to the USB stick."},
    [UI_S_SALVAGE_NEED_STICK] = {"发现 %d 个损坏后移到一边的数据库：请插上 U 盘，就可以在这里把其中还能读出的答卷取回到 U 盘。",
        "%d damaged database(s) were moved aside: plug in a USB stick to save the answers still readable in them."},
    [UI_S_SALVAGE_BUTTON] = {"取回损坏数据库里的答卷",
        "Save the answers of the damaged database"},
    [UI_S_SALVAGE_DONE] = {"已取回 %lld 份答卷，%lld 份读不出，可以拔出 U 盘了",
        "Saved %lld answers, %lld unreadable; you can remove the USB stick"},
    [UI_S_SALVAGE_NONE] = {"损坏的数据库里没有能读出的答卷（%lld 份读不出）。",
        "Nothing could be read from the damaged database (%lld unreadable)."},
    [UI_S_SALVAGE_DONE_PLAIN] = {"已取回 %lld 份答卷，可以拔出 U 盘了。",
        "Saved %lld answers; you can remove the USB stick."},
    [UI_S_SALVAGE_NONE_PLAIN] = {"损坏的数据库里没有能读出的答卷。",
        "Nothing could be read from the damaged database."},
    [UI_S_SALVAGE_LOST] = {"编号 %s 的 %lld 份答卷读不出，取不回了。请告诉县教育局：答题机 %s 编号 %s 的答卷"
        "因数据库损坏丢失，县教育局的数据里会缺这些编号。",
        "Answers number %s (%lld) could not be read and are lost. Tell the county bureau: kiosk %s lost its "
        "answers number %s when its database was damaged; the bureau's data will miss those numbers."},
    [UI_S_SALVAGE_FAILED] = {"取回没有成功：请换一个 U 盘再试；仍不行请把答题机交给县教育局。",
        "The answers could not be saved: try another USB stick, then call the bureau."},
    [UI_S_CLOCK_WRONG] = {"本机时钟显示 %s，早于 %s，时钟不对（常见原因：主板电池没电）。现在记下的答卷日期都不对，"
        "县教育局统计本轮时会漏掉它们。请先让技术人员校正日期和时间（方法见“全部提示”），再让大家答题。",
        "The kiosk's clock reads %s, before %s: it is wrong (often a flat mainboard battery). Answers given now "
        "carry a wrong date and the bureau's round will leave them out. Have a technician set the date and "
        "time (the steps are under \"全部提示\") before anyone answers."},
    [UI_S_PACK_DATE_WRONG] = {"已安装的名册包写着 %s 制作，晚于本机时钟（%s）：可能是本机时钟慢了，也可能是制作名册包的电脑日期设错了。"
        "请先看今天的实际日期：如果今天不是 %s，请校正本机的日期和时间（请技术人员来做，方法见管理页面的“全部提示”）；"
        "如果是，请向县教育局要一个新的名册包。",
        ("The installed county pack says it was made on %s, after the kiosk's clock (%s): this clock may be slow, or "
         "the computer that made the pack had a wrong date. Check today's date first: if it is not %s, set this "
         "kiosk's date and time "
         "(a technician's job: the steps are under \"全部提示\" on the admin screen); if it is, ask the bureau for a new "
         "county pack.")},
    [UI_S_CLOCK_BEFORE_ANSWERS] = {"本机已有答卷的日期是 %s，晚于本机时钟（%s）：本机时钟现在慢了，或者当时快了。"
        "请先看今天的实际日期：如果今天不是 %s，请校正本机的日期和时间（请技术人员来做，方法见管理页面的“全部提示”）；"
        "如果是，那些答卷的日期不对，请告诉县教育局。",
        ("This kiosk holds answers dated %s, after its clock (%s): the clock is slow now, or was fast then. Check "
         "today's date first: if it is not %s, set this kiosk's date and time (a technician's job: the steps are "
         "under \"全部提示\" on the admin screen); if it is, those answers carry a wrong date: tell the county bureau.")},
    [UI_S_CLOCK_FAR_AHEAD] = {"本机时钟显示 %s，比本机最近的记录（%s）晚了 %d 天。请先看今天的实际日期：如果今天不是 %s，"
        "请校正本机的日期和时间（请技术人员来做，方法见管理页面的“全部提示”），否则新答卷的日期不对，县教育局统计时会漏掉它们；"
        "如果是，这一轮请用县教育局新的名册包。",
        ("The kiosk's clock reads %s, later than its latest record (%s) by %d days. Check today's date first: if it "
         "is not %s, set this kiosk's date and time "
         "(a technician's job: the steps are under \"全部提示\" on the admin screen), or new answers are "
         "dated wrongly and the bureau's round leaves them out; if it is, use the bureau's new county pack for this "
         "round.")},
    [UI_S_CLOCK_AHEAD] = {"本机时钟显示 %s，已到或晚于 2100-01-01 08:00（北京时间），时钟不对。这样无法导出答卷"
        "（导出文件只能写这一刻之前的时间）。请先让技术人员校正日期和时间（方法见“全部提示”），再导出。",
        "The kiosk's clock reads %s, at or after 2100-01-01 08:00 (Beijing time): it is wrong. Answers cannot be "
        "exported so (an export carries no time from then on). Have a technician set the date and time (the "
        "steps are under \"全部提示\"), then export."},
    [UI_S_CLOCK_HOWTO] = {"校正日期和时间的方法（请技术人员来做，要接一个键盘，用本机管理员账号）：\n"
        "1. 重启本机（按电源键关机再开机）；出现开机菜单（GRUB）时按 e，在以 linux 开头的那一行末尾加上一个空格和 "
        "systemd.unit=multi-user.target，按 Ctrl+X。这次开机不进答题界面，停在文字登录界面。"
        "\n2. 用本机的管理员账号登录，依次运行：sudo timedatectl set-timezone Asia/Shanghai；"
        "sudo timedatectl set-time '2026-12-03 09:30'（换成现在的北京日期和时间）；"
        "没有 timedatectl 时改用 sudo date -s '2026-12-03 09:30'。"
        "\n3. 运行 sudo hwclock --systohc（把时间存进主板），再运行 sudo reboot：本机重新进入答题界面。"
        "\n断电后时钟又不对，就是主板电池（CR2032 纽扣电池）没电了，请更换。",
        "How to set the date and time (a technician's job, with a keyboard and this machine's administrator "
        "account):\n1. Restart the kiosk (power button off and on); at the boot menu (GRUB) press e, add a space "
        "and systemd.unit=multi-user.target at the end of the line that starts with linux, press Ctrl+X. This "
        "boot stops at the text login, without the kiosk.\n2. Log in with the administrator account and run: "
        "sudo timedatectl set-timezone Asia/Shanghai; sudo timedatectl set-time '2026-12-03 09:30' (today's "
        "date and time in Beijing); without timedatectl: sudo date -s '2026-12-03 09:30'.\n3. Run sudo hwclock "
        "--systohc (keeps it in the mainboard), then sudo reboot: the kiosk comes back.\nIf the clock is wrong "
        "again after a power cut, the mainboard battery (a CR2032 coin cell) is flat: have it replaced."},
    [UI_S_CLOCK_HOWTO_BUTTON] = {"校正日期和时间的方法", "How to set the date and time"},
    [UI_S_WELCOME_CLOCK] = {"本机时钟不对（显示 %s），现在答卷的日期会出错：请管理员处理",
        "This kiosk's clock is wrong (it reads %s): answers get a wrong date; administrator, please fix it"},
    [UI_S_ERR_CLOCK_AHEAD] = {"导出没有成功：本机时钟显示 %s，已到或晚于 2100-01-01 08:00（北京时间），是时钟不对，不是答卷有问题。"
        "请先让技术人员校正日期和时间（方法见“全部提示”），再导出。没有写出任何文件。",
        "Not exported: the kiosk's clock reads %s, at or after 2100-01-01 08:00 (Beijing time); the clock is "
        "wrong, not the answers. Have a technician set the date and time (the steps are under \"全部提示\"), "
        "then export. Nothing was written."},
    [UI_S_SALVAGE_NO_PROGRAM] = {"取回没有成功：答题机上缺少 sqlite3 程序（软件没有装完整），不是 U 盘的问题。"
        "损坏的数据库原样保留着。请技术人员运行 sudo apt-get install sqlite3（或重新安装 junheng-kiosk），再点一次取回。",
        "The answers could not be saved: the sqlite3 program is missing on this kiosk (the software is not "
        "completely installed); the USB stick is fine. The damaged database is kept as it was. Ask a technician "
        "to run sudo apt-get install sqlite3 (or reinstall junheng-kiosk), then try again."},
    [UI_S_PAGE_PREV] = {"\xE2\x96\xB2 上一页", "\xE2\x96\xB2 Back a page"},
    [UI_S_PAGE_MORE] = {"还有 %d 项，点这里 \xE2\x96\xBC", "%d more, touch here \xE2\x96\xBC"},
    [UI_S_PAGE_NEXT] = {"下一页，点这里 \xE2\x96\xBC", "Next page, touch here \xE2\x96\xBC"},
    [UI_S_PAGE_OF] = {"第 %d / %d 页", "Page %d of %d"},
    [UI_S_TEXT_COUNT] = {"已输入 %d / %d 字", "%d / %d characters"},
    [UI_S_TEXT_FULL] = {"最多只能写 %d 个字，刚才的字放不下，没有加上。",
                        "At most %d characters: that did not fit and was not added."},
    [UI_S_TEXT_TAP] = {"点这里写字", "Touch here to write"},
    [UI_S_TEXT_WORD_LONG] = {"这个词有 %d 个字，只能再写 %d 个字。请选短一点的词，或删掉字母。",
                             "That word has %d characters; only %d more fit. Choose a shorter word or delete letters."},
    [UI_S_HAND_UNSURE] = {"没认准您写的是哪个字。请在上面一排点您写的字；没有就点“重写”，再写一遍。",
                          "Not sure which character you wrote. Tap it in the row above; if it is not there, "
                          "tap Clear and write it again."},
    [UI_S_TEXT_GLYPH] = {"有的字符（如表情符号）无法显示，没有输入。",
                         "Some characters (such as emoji) cannot be shown and were not taken."},
    [UI_S_SAMPLE_TITLE] = {"样本情况（抽样要求）", "The sample (sampling rules)"},
    [UI_S_SAMPLE_NONE] = {"还没有答卷。", "No questionnaires yet."},
    [UI_S_SAMPLE_NO_VALID] = {"还没有有效答卷（只有中途放弃的）。", "No complete questionnaires yet (only abandoned ones)."},
    [UI_S_SAMPLE_PARENTS_OK] = {"家长 %lld 份，占 %d%%，已达到一半以上 \xE2\x9C\x93",
                                "Parents: %lld, %d%% of the sample, at least half \xE2\x9C\x93"},
    [UI_S_SAMPLE_PARENTS_NEED] = {"家长已 %lld 份，还差 %lld 份", "Parents: %lld so far, %lld more needed"},
    [UI_S_SAMPLE_PARENTS_RULE] = {"（家长应占样本一半以上）", " (parents must be at least half)"},
    [UI_S_SAMPLE_TARGET_NEED] = {"全校目标 %lld 份：本机已有效 %lld 份，只算本机还差 %lld 份",
                                 "School target %lld: %lld valid on this kiosk, %lld more counting this kiosk only"},
    [UI_S_SAMPLE_TARGET_MET] = {"全校目标 %lld 份：本机已有效 %lld 份，已达到 \xE2\x9C\x93",
                                "School target %lld: %lld valid on this kiosk, reached \xE2\x9C\x93"},
    [UI_S_SAMPLE_NO_TARGET] = {"本机有效问卷 %lld 份（未设定目标样本量）",
                               "%lld valid questionnaires on this kiosk (no target set)"},
    [UI_S_SAMPLE_LOCALITY] = {"答题人住地：", "Respondents live in: "},
    [UI_S_SAMPLE_LOC_ITEM] = {"%s %lld 份", "%s %lld"},
    [UI_S_SAMPLE_SHARES] = {"占比：", "Shares: "},
    [UI_S_SAMPLE_LOC_UNKNOWN] = {"未说明 %lld 份", "not stated %lld"},
    [UI_S_SAMPLE_POPULATION] = {"全县人口：", "County population: "},
    [UI_S_SAMPLE_POP_ITEM] = {"%s %d%%", "%s %d%%"},
    [UI_S_SAMPLE_VALID] = {"有效 %lld 份，中途放弃 %lld 份，有效率 %d%%（应不少于 70%%）",
                           "Valid %lld, abandoned %lld: %d%% valid (at least 70%% needed)"},
    [UI_S_SAMPLE_PUBLIC] = {"社会公众 %lld 份：计入全县，不计入本校样本",
                            "Public %lld: for the county, not in this school's sample"},
    [UI_S_SAMPLE_VALID_NOT] = {"有效 %lld 份，无效 %lld 份（评价题都答“不了解”或没答），中途放弃 %lld 份，有效率 %d%%（应不少于 70%%）",
                               "Valid %lld, not valid %lld (no rated question answered but 'don't know'), abandoned %lld: %d%% valid "
                               "(at least 70%% needed)"},
    [UI_S_ADMIN_TARGET_FIRST] = {"插着几个 U 盘：请先点一下要导出到哪一个，再点导出。",
                                 "Several USB sticks: touch the one to export to first, then export."},
    [UI_S_ADMIN_EXPORTING] = {"正在导出，请不要拔出 U 盘……", "Exporting: do not remove the USB stick…"},
    [UI_S_ADMIN_EXPORT_UNRECORDED] = {"但本机没能记下这次导出（本机磁盘可能已满）：下次“导出新答卷”会再次包含这些答卷，"
                                      "教育局合并时会自动去掉重复的。",
                                      "But the kiosk could not record this export (its own disk may be full): the "
                                      "next \"Export new answers\" includes these answers again; the bureau's merge "
                                      "drops the repeats."},
    [UI_S_STARTUP_RUNNING] = {"另一个答题机程序正在使用这些数据（可能开了两个答题机窗口）：请关掉另一个，然后点“重试”。",
                              "Another kiosk program is using this data (two kiosk windows?): close the other one, "
                              "then try again."},
    [UI_S_ADMIN_EXPORT_ALTERED] = {"有 %d 份答卷（编号 %s）保存后在本机被改动过，没有导出。其余 %lld 份答卷已导出到 U "
                                   "盘（“取回”格式），可以拔出 U 盘了。请把这件事告诉县教育局。",
                                   "%d answer(s) (number %s) were changed on this kiosk after they were saved and "
                                   "were not exported. The other %lld answers were exported to the USB stick (as a "
                                   "salvaged file): it can be pulled out. Please tell the county bureau."},
    [UI_S_ADMIN_EXPORT_ALTERED_ONLY] = {"有 %d 份答卷（编号 %s）保存后在本机被改动过，不能导出；其余答卷没能导出"
                                        "（见下面的说明）。请把这件事告诉县教育局。",
                                        "%d answer(s) (number %s) were changed on this kiosk after they were saved "
                                        "and cannot be exported; the other answers could not be exported either "
                                        "(see below). Please tell the county bureau."},
    [UI_S_ADMIN_EXPORT_ALTERED_ALL] = {"有 %d 份答卷（编号 %s）保存后在本机被改动过，不能导出；本机没有别的答卷可导出。"
                                       "请把这件事告诉县教育局。",
                                       "%d answer(s) (number %s) were changed on this kiosk after they were saved "
                                       "and cannot be exported; there are no other answers to export. Please tell "
                                       "the county bureau."},
    [UI_S_ADMIN_LOST] = {"注意：编号 %s 的答卷曾在本机保存过，但已不在数据库里（数据库被换成了旧的副本，或断电后它的 "
                         "-wal 文件被删除了）。请把这件事告诉县教育局。",
                         "Note: answers number %s were saved on this kiosk but are no longer in its database (an "
                         "older copy was put back, or its -wal file was deleted after a power cut). Please tell the "
                         "county bureau."},
    [UI_S_ADMIN_LOST_DAMAGED] = {"注意：编号 %s 的答卷曾在本机保存过，还没有导出，但不在现在的数据库里：原来的数据库文件损坏了，"
                                 "已原样改名保存在它旁边。请插上 U 盘，用“取回损坏数据库里的答卷”把其中还能读出的答卷取回，"
                                 "交给县教育局；取不回的请告诉县教育局。",
                                 "Note: answers number %s were saved on this kiosk and not yet exported, but are not "
                                 "in its current database: the database file was damaged and was kept, renamed, beside "
                                 "it. Plug in a USB stick and use 取回损坏数据库里的答卷 (save the answers of the damaged "
                                 "database) to save what can still be read for the county bureau; tell the bureau about any that "
                                 "cannot be saved."},
    [UI_S_ADMIN_LOST_MISSING] = {"注意：编号 %s 的答卷曾在本机保存过，还没有导出，但数据库文件不见了（被删掉了，或换了硬盘），"
                                 "本机新建了数据库。请把这件事告诉县教育局。",
                                 "Note: answers number %s were saved on this kiosk and not yet exported, but the "
                                 "database file was gone (deleted, or a new disk) and the kiosk started a new one. "
                                 "Please tell the county bureau."},
    [UI_S_ADMIN_KEY_REPLACED] = {"注意：本机的签名密钥文件在 %s 不见了，本机已换成新密钥。县教育局接受新密钥之前，会拒收本机导出的答卷。"
                                 "请告诉教育局：答题机 %s 换了新密钥，新指纹 %s（教育局用 junheng merge --replace-key 接受）。",
                                 "Note: this kiosk's signing key file was missing on %s and the kiosk made a new key. "
                                 "The county bureau rejects this kiosk's exports until it accepts the new key. Tell "
                                 "the bureau: kiosk %s has a new key, fingerprint %s (it accepts it with junheng merge "
                                 "--replace-key)."},
    [UI_S_ADMIN_CONF_SCHOOL] = {"注意：kiosk.conf 写的学校代码是 %s，但本机的答卷属于学校 %s，本机按 %s 继续使用。"
                                "请技术人员改正 kiosk.conf 里的 school_code。",
                                "Note: kiosk.conf names school %s but this kiosk's answers belong to school %s; the "
                                "kiosk keeps %s. A technician should correct school_code in kiosk.conf."},
    [UI_S_PACK_NONE_ON_STICK] = {"U 盘上没有找到县级配置包：应为文件 junheng-county-pack.json（放在 U 盘最上层或一个文件夹里）。",
                                 "No county pack on the stick: expected the file junheng-county-pack.json (at the top "
                                 "of the stick or in a folder there)."},
    [UI_S_ADMIN_CONF_IGNORED] = {"注意：kiosk.conf 里有写错的设置，本机没有采用（仍用原来的值或默认值），照常答题。"
                                 "请技术人员改正：\n%s",
                                 "Note: kiosk.conf has settings with mistakes; the kiosk did not take them (it keeps "
                                 "their earlier or default values) and takes answers as usual. A technician should "
                                 "correct:\n%s"},
    [UI_S_ADMIN_CONF_KIOSK_ID] = {"注意：kiosk.conf 里写了本机编号（kiosk_id = %s）。这个文件复制到别的答题机，两台就同号，"
                                  "县教育局会拒收后一台的答卷；不要复制这一行，每台答题机的编号都要不同。",
                                  "Note: kiosk.conf sets this kiosk's id (kiosk_id = %s). Copied to another kiosk, "
                                  "the file gives two kiosks one id and the bureau refuses the second one's answers: "
                                  "do not copy this line; every kiosk needs an id of its own."},
    [UI_S_ADMIN_RENAMED] = {"本机编号已从 %s 改为 %s（kiosk.conf 的 kiosk_id 一行）：请点“导出全部”，把全部答卷用新编号"
                            "重新导出，交给县教育局。",
                            "This kiosk's id was changed from %s to %s (kiosk.conf's kiosk_id line): press Export "
                            "all to export every answer again under the new id for the bureau."},
    [UI_S_UNAVAILABLE_STAFF_FULL] = {"答题机的磁盘满了，答卷暂时存不进去。请联系教育局技术人员腾出磁盘空间"
        "（/var/lib/junheng 里的文件不要删）；腾出后本机自动继续，不要关机。",
        "the disk is full. Ask the bureau's technician to free space (keep /var/lib/junheng); the kiosk then "
        "goes on. Do not switch it off."},
    [UI_S_UNAVAILABLE_STAFF_READONLY] = {"答题机的磁盘不能写入（只读或没有写入权限），答卷暂时存不进去。请联系教育局技术人员"
        "运行 runuser -u junheng -- junheng-kiosk --self-check 查看并改正；改好后本机自动继续，不要关机。",
        "the disk cannot be written. Ask the bureau's technician to run runuser -u junheng -- junheng-kiosk "
        "--self-check; the kiosk then goes on. Do not switch it off."},
    [UI_S_UNAVAILABLE_STAFF_IO] = {"答题机的磁盘读写出错，答卷暂时存不进去，本机每 2 秒自动重试。几分钟后仍是这个画面，"
        "请不要关机，联系教育局技术人员运行 runuser -u junheng -- junheng-kiosk --self-check。",
        "a disk error; retried every 2 s. If this stays, do not switch off: ask the bureau's technician to run "
        "runuser -u junheng -- junheng-kiosk --self-check."},
    [UI_S_PACK_FAILED_OTHER] = {"请先检查U盘上的名册包（可以从教育局重新拷一份到U盘），再安装一次；"
        "仍不行，请联系教育局技术人员，把下面的技术信息告诉他们（里面写明了问题和做法）。",
        "check the pack on the USB stick (copy it again from the bureau) and install again; if it still fails, "
        "call the bureau's technician and tell them the details below (they say what is wrong and what to do)."},
    [UI_S_ADMIN_EXPORT_NEW_KEY] = {"交 U 盘时请告诉县教育局：答题机 %s 换了新密钥，新指纹 %s。",
        "Tell the county bureau with the stick: kiosk %s has a new key, fingerprint %s."},
    [UI_S_MULTI_CHOSEN] = {"已选：%s。", "Chosen: %s."},
    [UI_S_MULTI_NONE] = {"还没有选。", "Nothing chosen yet."},
    [UI_S_IDLE_SAY_CONTINUE] = {"还要答题的话，请点屏幕下面的“我还在，继续答题”。",
                                "To go on, touch \"I am here, continue\" at the bottom of the screen."},
    [UI_S_SUMMARY_SAY_SUBMIT] = {"答完了就点右下角的“提交”。", "When you are done, touch Submit at the bottom right."},
    [UI_S_SUMMARY_SAY_MORE] = {"还有 %d 道题在下一页，要看就点右下方的“还有 %d 项，点这里”。",
                               "%d more on the next pages: touch \"%d more, touch here\" at the bottom right."},
    [UI_S_NOTICE_SAY_START] = {"看完了就点“我知道了，开始”。", "Then touch \"OK, begin\"."},
    [UI_S_LISTEN_ON_SAY] = {"听读已打开，每一页都会读给您听。", "Listen is on: every page will be read to you."},
    [UI_S_WELCOME_SAY] = {"要开始，请点屏幕中间的“%s”。", "To begin, touch \"%s\" in the middle of the screen."},
    [UI_S_TO_SUBMIT] = {"去提交", "Finish"},
    [UI_S_IDLE_NEW_PERSON] = {"换一个人，重新开始", "I am someone new"},
    [UI_S_IDLE_SAY_NEW] = {"如果您是刚来的，请点“换一个人，重新开始”。",
                           "If you have just come, touch \"I am someone new\"."},
};

const char *ui_str(const char *lang, ui_str_id_t id)
{
    if (id < 0 || id >= UI_S_COUNT_) return "";
    const pair_t *p = &strings[id];
    if (lang && !strcmp(lang, "en") && p->en) return p->en;
    return p->zh ? p->zh : "";
}
