/* ui_i18n.c - the kiosk's strings: short, plain words first in 简体中文,
 * then English (see ui_i18n.h). */
#include "ui_i18n.h"

#include <string.h>

typedef struct {
    const char *zh, *en;
} pair_t;

static const pair_t strings[UI_S_COUNT_] = {
    [UI_S_WELCOME_TITLE] = {"家长、教师满意度调查", "Parent and teacher satisfaction survey"},
    [UI_S_WELCOME_SUB] = {"不记名，大约 5 分钟。您的意见能帮助学校做得更好。",
                          "Anonymous, about 5 minutes. Your opinion helps the school improve."},
    [UI_S_START] = {"开始答题", "Start"},
    [UI_S_START_HINT] = {"用一根手指轻轻点一下蓝色按钮", "Touch the blue button gently with one finger"},
    [UI_S_LANG_ZH] = {"简体中文", "简体中文"},
    [UI_S_LANG_EN] = {"English", "English"},
    [UI_S_LARGE_TEXT] = {"大字模式", "Large text"},
    [UI_S_ROLE_TITLE] = {"请问您是：", "Are you a:"},
    [UI_S_BACK] = {"返回", "Back"},
    [UI_S_PREV] = {"上一题", "Previous"},
    [UI_S_NEXT] = {"下一题", "Next"},
    [UI_S_SKIP] = {"跳过", "Skip"},
    [UI_S_CONFIRM] = {"确定", "Confirm"},
    [UI_S_NOTICE_TITLE] = {"答题前请看", "Before you begin"},
    [UI_S_NOTICE_BODY] = {"本问卷不记名：不问您的姓名和电话，也不记录孩子的任何信息。"
                          "请按您的真实感受回答，没有对错。每屏一道题，点一下您的答案即可。",
                          "This questionnaire is anonymous: we do not ask your name or phone "
                          "number, nor anything about your child. Answer as you really feel; "
                          "there are no wrong answers. One question per screen: just touch your answer."},
    [UI_S_NOTICE_START] = {"我知道了，开始", "OK, begin"},
    [UI_S_PROGRESS] = {"第 %d / %d 题", "Question %d of %d"},
    [UI_S_REQUIRED_MARK] = {"（必答）", "(required)"},
    [UI_S_REQUIRED_HINT] = {"这道题要先回答，才能继续。", "Please answer this question first."},
    [UI_S_MULTI_HINT] = {"可以选多项，最多 %d 项。选好后点“确定”。",
                         "Choose up to %d, then touch Confirm."},
    [UI_S_MULTI_MAX] = {"最多只能选 %d 项。", "You can choose at most %d."},
    [UI_S_RATING_HINT] = {"0 表示非常不满意，10 表示非常满意。",
                          "0 means very dissatisfied, 10 very satisfied."},
    [UI_S_TEXT_HINT] = {"这道题可以不填，点“跳过”即可。有键盘时可以直接打字。",
                        "You may leave this empty and touch Skip. Type if a keyboard is connected."},
    [UI_S_SUMMARY_TITLE] = {"就要完成了", "Almost done"},
    [UI_S_SUMMARY_SKIPPED] = {"下面几道题您没有回答（可以不答）。想回答的话点一下题目：",
                              "You skipped these optional questions. Touch one to answer it:"},
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
    [UI_S_PIN_LOCKED] = {"错误次数太多，已锁定。请 %d 分钟后再试。",
                         "Too many wrong PINs. Locked; try again in %d minutes."},
    [UI_S_PIN_MISMATCH] = {"两次输入不一样，请重新设置。", "The two PINs differ. Please start again."},
    [UI_S_PIN_SHORT] = {"密码要 4 到 8 位数字。", "The PIN must have 4 to 8 digits."},
    [UI_S_PIN_SAVE_FAILED] = {"密码没有保存成功：%s", "The PIN was not saved: %s"},
    [UI_S_DELETE] = {"删除", "Delete"},
    [UI_S_OK] = {"确定", "OK"},
    [UI_S_CANCEL] = {"取消", "Cancel"},
    [UI_S_ADMIN_TITLE] = {"管理员", "Administrator"},
    [UI_S_ADMIN_COUNTS] = {"今天提交 %lld 份　累计提交 %lld 份　中途放弃 %lld 份　合计 %lld 份",
                           "Today %lld · submitted %lld · abandoned %lld · total %lld"},
    [UI_S_ADMIN_BY_ROLE] = {"按身份：", "By role:"},
    [UI_S_ADMIN_KIOSK] = {"本机编号 %s　密钥指纹 %s", "Kiosk %s · key %s"},
    [UI_S_ADMIN_SCHOOL] = {"学校：%s（代码 %s，%s，%s，区县 %s）",
                           "School: %s (code %s, %s, %s, county %s)"},
    [UI_S_ADMIN_SURVEYS] = {"启用的问卷（点一下切换）：", "Active questionnaires (touch to switch):"},
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
    [UI_S_PAGE_PREV] = {"\xE2\x96\xB2 上一页", "\xE2\x96\xB2 Back a page"},
    [UI_S_PAGE_MORE] = {"还有 %d 项，点这里 \xE2\x96\xBC", "%d more, touch here \xE2\x96\xBC"},
    [UI_S_PAGE_NEXT] = {"下一页，点这里 \xE2\x96\xBC", "Next page, touch here \xE2\x96\xBC"},
    [UI_S_PAGE_OF] = {"第 %d / %d 页", "Page %d of %d"},
    [UI_S_TEXT_COUNT] = {"已输入 %d / %d 字", "%d / %d characters"},
    [UI_S_TEXT_FULL] = {"最多只能写 %d 个字，后面的没有输入。", "At most %d characters; the rest was not taken."},
    [UI_S_TEXT_GLYPH] = {"有的字符（如表情符号）无法显示，没有输入。",
                         "Some characters (such as emoji) cannot be shown and were not taken."},
};

const char *ui_str(const char *lang, ui_str_id_t id)
{
    if (id < 0 || id >= UI_S_COUNT_) return "";
    const pair_t *p = &strings[id];
    if (lang && !strcmp(lang, "en") && p->en) return p->en;
    return p->zh ? p->zh : "";
}
