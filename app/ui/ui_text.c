/* ui_text.c - UTF-8 helpers and line breaking with kinsoku rules for
 * Chinese text (see ui_text.h). */
#include "ui_text.h"

#include <stdlib.h>
#include <string.h>

#include "jh.h"

/* ---- UTF-8 --------------------------------------------------------------- */

uint32_t ui_utf8_decode(const char *s, size_t n, int *adv)
{
    const unsigned char *u = (const unsigned char *)s;
    *adv = 1;
    if (n == 0) return 0;
    unsigned c = u[0];
    if (c < 0x80) return c;
    int len = (c >= 0xF0 && c < 0xF8) ? 4 : (c >= 0xE0) ? 3 : (c >= 0xC2 && c < 0xE0) ? 2 : 0;
    if (len == 0 || (size_t)len > n) return 0xFFFD;
    uint32_t cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
    for (int i = 1; i < len; i++) {
        if ((u[i] & 0xC0) != 0x80) return 0xFFFD;
        cp = (cp << 6) | (u[i] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0xFFFD;
    *adv = len;
    return cp;
}

int ui_utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t ui_utf8_count(const char *s)
{
    size_t n = 0, len = strlen(s);
    for (size_t i = 0; i < len;) {
        int adv;
        ui_utf8_decode(s + i, len - i, &adv);
        i += (size_t)adv;
        n++;
    }
    return n;
}

size_t ui_utf8_drop_last(const char *s)
{
    size_t len = strlen(s);
    if (len == 0) return 0;
    size_t i = len - 1;
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80) i--;
    return i;
}

/* ---- character classes ---------------------------------------------------- */

bool ui_cp_is_cjk(uint32_t cp)
{
    return (cp >= 0x2E80 && cp <= 0x9FFF) ||   /* radicals, CJK symbols, kana, ideographs */
           (cp >= 0xAC00 && cp <= 0xD7AF) ||   /* hangul */
           (cp >= 0xF900 && cp <= 0xFAFF) ||   /* compatibility ideographs */
           (cp >= 0xFE30 && cp <= 0xFE4F) ||   /* CJK compatibility forms */
           (cp >= 0xFF00 && cp <= 0xFFEF) ||   /* full-width forms */
           (cp >= 0x20000 && cp <= 0x3FFFF);   /* extension B.. */
}

bool ui_cp_no_line_start(uint32_t cp)
{
    /* A switch: these run for every character of every layout. */
    switch (cp) {
    case 0xFF0C: case 0x3002: case 0xFF01: case 0xFF1F: case 0xFF1B: case 0xFF1A: /* ，。！？；： */
    case 0x3001: case 0xFF09: case 0x300B: case 0x300D: case 0x300F: case 0x3011: /* 、）》」』】 */
    case 0x3015: case 0x3009: case 0x3017: case 0xFF3D: case 0xFF5D: case 0x201D: /* 〕〉〗］｝” */
    case 0x2019: case 0x2026: case 0x2014: case 0xFF0E: case 0x00B7: case 0x30FB: /* ’…—．·・ */
    case 0x3003: case 0x301E: case 0xFF05:                                         /* 〃〞％ */
    case ',': case '.': case '!': case '?': case ';': case ':': case ')': case ']': case '}': case '%':
        return true;
    default:
        return false;
    }
}

bool ui_cp_no_line_end(uint32_t cp)
{
    switch (cp) {
    case 0xFF08: case 0x300A: case 0x300C: case 0x300E: case 0x3010: case 0x3014: /* （《「『【〔 */
    case 0x3008: case 0x3016: case 0xFF3B: case 0xFF5B: case 0x201C: case 0x2018: /* 〈〖［｛“‘ */
    case 0x301D: case '(': case '[': case '{':
        return true;
    default:
        return false;
    }
}

int ui_line_height(int size)
{
    return size + (size * 2 + 4) / 5; /* 1.4 x size */
}

/* ---- line breaking ---------------------------------------------------------- */

/* Whether a line may break between code points a and b; before is the code
 * point before a (0 at a unit's start). */
static bool may_break3(uint32_t before, uint32_t a, uint32_t b)
{
    if (b == ' ') return false;            /* spaces stay on the line they end */
    if (a == 0xA0 || b == 0xA0) return false; /* a no-break space joins its neighbours */
    if (ui_cp_no_line_start(b)) return false;
    if (ui_cp_no_line_end(a)) return false;
    /* a number keeps its unit across one space too ("合计 1 份" broke as
     * "合计 1 / 份" at 1024x768) */
    if (a == ' ' && before >= '0' && before <= '9' && ui_cp_is_cjk(b)) return false;
    /* 第 keeps its number, across one space too ("第 2.1 版" broke as "第 /
     * 2.1 版", review rscreen7 item 6); "2.1 版" is the number and its unit */
    if (a == 0x7B2C && ((b >= '0' && b <= '9') || b == ' ')) return false;
    if (a == ' ' && before == 0x7B2C && b >= '0' && b <= '9') return false;
    if (a == ' ') return true;
    /* a number and the unit written right after it (10分, 3项, 200字) stay together */
    if (a >= '0' && a <= '9' && ui_cp_is_cjk(b)) return false;
    return ui_cp_is_cjk(a) || ui_cp_is_cjk(b);
}

/* Words a line does not break inside (review: 划片 as 划 / 片 and 托关系 as
 * 托 / 关系 made a question hard to read for a weak reader): a small
 * lexicon of the words of the shipped questionnaires (data/surveys) and the
 * kiosk's own texts, two to four characters.  A paragraph is cut into words
 * by forward maximum matching (at each character the longest word of the
 * lexicon that starts there); a line breaks between two words or two
 * characters that are no word, never inside one.  A word wider than the
 * line is still cut by characters (the unit rule below). */
static const char *const ui_words[] = {
    "划片", "托关系", "就近", "入学", "择校", "花钱", "乱收费", "收费", "补课", "补习班", "补助", "资助", "营养餐", "学校", "本校",
    "外校", "中小学", "小学", "初中", "学段", "年级", "班额", "大班额", "超标", "重点班", "快慢班", "老师", "教师", "校长", "孩子",
    "家长", "学生", "同学", "爸妈", "居民", "社会人士", "人大代表", "政协委员", "公务员", "个人", "人士", "满意", "满意度", "不满意",
    "问卷", "同意", "不同意", "了解", "不了解", "知道", "不知道", "清楚", "比较", "基本", "合适", "情况", "真实", "城区", "镇区",
    "乡村", "县城", "市区", "乡镇", "村里", "城乡", "本县", "县里", "县政府", "政府", "外地", "本地", "公办", "宿舍", "饭菜", "住校",
    "住宿", "周转房", "办公室", "办公", "条件", "电脑", "大屏幕", "设备", "多媒体", "校舍", "图书", "体育", "音乐", "美术", "艺术",
    "课程", "课后服务", "作业", "作业量", "课业", "负担", "考试", "分数", "评价", "语文", "数学", "英语", "义务教育", "教育", "质量",
    "努力", "投入", "支持", "工资", "待遇", "平均", "表彰", "奖励", "培训", "交流", "职称", "名额", "机会", "杂事", "填表", "迎检",
    "残疾", "随班就读", "送教上门", "留守", "随迁", "困难", "关心", "安全", "管理", "德育", "做人", "道理", "规矩", "身心健康", "欺负",
    "烦恼", "帮忙", "打工", "单程", "小时", "分钟", "时间", "差距", "资源", "优质", "名师", "教研", "网上", "现象", "据您所知",
    "发展", "身份", "其他", "自愿", "参加", "活动", "看管", "主动", "态度", "教学", "上课", "普遍", "实践", "减少", "增加", "提高",
    "缩小", "沟通", "公平", "政策", "绩效", "考核", "补齐", "规范", "办学", "素质教育", "立德树人", "记名", "统计", "追查", "信息",
    "姓名", "电话", "名字", "建议", "意见", "谢谢", "感谢", "完成", "回答", "选择", "应有",
};

/* The length in bytes of the longest word of ui_words at the start of s (n
 * bytes), or 0. */
static size_t word_at(const char *s, size_t n)
{
    size_t best = 0;
    for (size_t k = 0; k < sizeof ui_words / sizeof ui_words[0]; k++) {
        size_t wl = strlen(ui_words[k]);
        if (wl > best && wl <= n && s[0] == ui_words[k][0] && !memcmp(s, ui_words[k], wl)) best = wl;
    }
    return best;
}

/* inword[i] for i in [0, len]: whether a break before byte i of p would
 * fall inside a word of ui_words. */
static void mark_words(const char *p, size_t len, unsigned char *inword)
{
    memset(inword, 0, len + 1);
    for (size_t i = 0; i < len;) {
        int adv;
        uint32_t cp = ui_utf8_decode(p + i, len - i, &adv);
        size_t wl = ui_cp_is_cjk(cp) ? word_at(p + i, len - i) : 0;
        if (wl) {
            for (size_t j = i + 1; j < i + wl; j++) inword[j] = 1;
            i += wl;
        } else {
            i += (size_t)adv;
        }
    }
}

bool ui_text_breaks_inside_word(const char *s, size_t len, size_t at)
{
    if (at == 0 || at >= len) return false;
    unsigned char small[256], *inword = len < sizeof small ? small : jh_xmalloc(len + 1);
    mark_words(s, len, inword);
    bool r = inword[at] != 0;
    if (inword != small) free(inword);
    return r;
}

static bool may_break(uint32_t a, uint32_t b)
{
    return may_break3(0, a, b);
}

static int measure(const ui_measure_t *m, const char *s, size_t len, int size)
{
    return len ? m->width(m->ctx, s, len, size) : 0;
}

static size_t trim_spaces(const char *s, size_t len)
{
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\r')) len--;
    return len;
}

static void push_line(const ui_measure_t *m, ui_lines_t *out, const char *s, size_t len,
                      int size)
{
    if (out->n >= UI_MAX_LINES) {
        out->truncated = true;
        return;
    }
    len = trim_spaces(s, len);
    out->line[out->n].s = s;
    out->line[out->n].len = len;
    out->line[out->n].w = measure(m, s, len, size);
    out->n++;
}

/* Whether a break between prev and s (n bytes) would split a label bound
 * by a no-break space: prev and one to three characters from s on are CJK
 * (no punctuation), then U+00A0 ("区县 360721" written with U+00A0 stays on
 * one line; the break before 区 stays allowed). */
static bool inside_nbsp_label(uint32_t prev, const char *s, size_t n)
{
    if (!ui_cp_is_cjk(prev) || ui_cp_no_line_start(prev) || ui_cp_no_line_end(prev)) return false;
    size_t i = 0;
    for (int k = 0; k <= 3 && i < n; k++) {
        int adv;
        uint32_t cp = ui_utf8_decode(s + i, n - i, &adv);
        if (cp == 0xA0) return k > 0;
        if (!ui_cp_is_cjk(cp) || ui_cp_no_line_start(cp) || ui_cp_no_line_end(cp)) return false;
        i += (size_t)adv;
    }
    return false;
}

/* A paragraph's last line of one CJK character and its closing marks
 * ("员。", rlook's review, item 6) takes the character before it down too,
 * where the line may break there and the new last line fits; the number of
 * lines stays the same.  The last two lines of out are the paragraph's. */
static void widow(const ui_measure_t *m, int size, int max_w, bool nbsp, const char *p,
                  const unsigned char *inword, ui_lines_t *out)
{
    int ia = out->n - 2, ib = out->n - 1;
    const char *as = out->line[ia].s, *bs = out->line[ib].s;
    size_t alen = out->line[ia].len, blen = out->line[ib].len;
    if (out->truncated || as + alen != bs || blen == 0) return; /* a space or a cut between them */
    int adv;
    uint32_t c = ui_utf8_decode(bs, blen, &adv);
    if (!ui_cp_is_cjk(c) || ui_cp_no_line_start(c) || ui_cp_no_line_end(c)) return;
    for (size_t i = (size_t)adv; i < blen;) {
        int k;
        if (!ui_cp_no_line_start(ui_utf8_decode(bs + i, blen - i, &k))) return;
        i += (size_t)k;
    }
    /* the last two code points of the line before; the last is the last
     * word's first when it ends in a word of ui_words ("满意" goes down
     * whole with "吗？", not "意") */
    size_t l1 = alen;
    do l1--; while (l1 > 0 && ((unsigned char)as[l1] & 0xC0) == 0x80);
    uint32_t xl = ui_utf8_decode(as + l1, alen - l1, &adv); /* the line's last code point */
    while (l1 > 0 && inword[as + l1 - p]) {
        do l1--; while (l1 > 0 && ((unsigned char)as[l1] & 0xC0) == 0x80);
    }
    if (l1 == 0) return; /* it would be empty */
    size_t l0 = l1;
    do l0--; while (l0 > 0 && ((unsigned char)as[l0] & 0xC0) == 0x80);
    uint32_t xb = 0; /* the code point before x0: a digit before a space keeps its unit */
    if (l0 > 0) {
        size_t lb = l0;
        do lb--; while (lb > 0 && ((unsigned char)as[lb] & 0xC0) == 0x80);
        xb = ui_utf8_decode(as + lb, l0 - lb, &adv);
    }
    uint32_t x0 = ui_utf8_decode(as + l0, l1 - l0, &adv), x1 = ui_utf8_decode(as + l1, alen - l1, &adv);
    if (!ui_cp_is_cjk(x1) || !may_break3(xb, x0, x1) || !may_break(xl, c)) return;
    if (inword[as + l1 - p]) return; /* not inside a word (ui_words) */
    size_t nb = (size_t)(bs + blen - (as + l1));
    if (nbsp && inside_nbsp_label(x0, as + l1, nb)) return;
    int w = measure(m, as + l1, nb, size);
    if (w > max_w) return;
    out->line[ib].s = as + l1;
    out->line[ib].len = nb;
    out->line[ib].w = w;
    out->line[ia].len = trim_spaces(as, l1);
    out->line[ia].w = measure(m, as, out->line[ia].len, size);
}

/* Breaks one paragraph (no '\n') of len bytes. */
static void break_paragraph(const ui_measure_t *m, const char *p, size_t len, int size,
                            int max_w, ui_lines_t *out)
{
    size_t line = 0;     /* start of the current line */
    size_t pos = 0;      /* start of the next unit */
    int acc = 0;         /* width of [line, pos) including trailing spaces */
    bool nbsp = memmem(p, len, "\xC2\xA0", 2) != NULL; /* labels bound by a no-break space */
    int first = out->n; /* the paragraph's first line */
    unsigned char small[512], *inword = len < sizeof small ? small : jh_xmalloc(len + 1);
    mark_words(p, len, inword);
    while (pos < len) {
        /* Find the end of the unit starting at pos. */
        size_t end = pos;
        uint32_t prev = 0, before = 0;
        bool first = true;
        while (end < len) {
            int adv;
            uint32_t cp = ui_utf8_decode(p + end, len - end, &adv);
            if (!first && may_break3(before, prev, cp) && !inword[end] &&
                !(nbsp && inside_nbsp_label(prev, p + end, len - end)))
                break;
            before = prev;
            prev = cp;
            first = false;
            end += (size_t)adv;
        }
        size_t trimmed = trim_spaces(p + pos, end - pos);
        int w_trim = measure(m, p + pos, trimmed, size);
        int w_full = trimmed == end - pos ? w_trim : measure(m, p + pos, end - pos, size);
        if (acc + w_trim <= max_w) {
            acc += w_full;
            pos = end;
            continue;
        }
        if (pos > line) {
            /* The unit does not fit: break before it. */
            push_line(m, out, p + line, pos - line, size);
            line = pos;
            acc = 0;
            continue;
        }
        /* A single unit wider than the line: cut it by code points. */
        size_t cut = pos;
        int wc = 0;
        while (cut < end) {
            int adv;
            ui_utf8_decode(p + cut, end - cut, &adv);
            int w = measure(m, p + pos, cut + (size_t)adv - pos, size);
            if (w > max_w && cut > pos) break;
            cut += (size_t)adv;
            wc = w;
        }
        (void)wc;
        /* Not before a closing mark (a long digit run then 。): the last
         * code point that fitted goes down with it, unless it is the
         * line's only one. */
        while (cut < end && cut > pos) {
            int adv;
            if (!ui_cp_no_line_start(ui_utf8_decode(p + cut, end - cut, &adv))) break;
            size_t back = cut - 1;
            while (back > pos && ((unsigned char)p[back] & 0xC0) == 0x80) back--;
            if (back == pos) break;
            cut = back;
        }
        if (cut >= end) {
            acc = w_full;
            pos = end;
            continue;
        }
        push_line(m, out, p + line, cut - line, size);
        line = pos = cut;
        acc = 0;
    }
    if (pos > line || out->n == 0 || len == 0) push_line(m, out, p + line, pos - line, size);
    if (out->n - first >= 2) widow(m, size, max_w, nbsp, p, inword, out);
    if (inword != small) free(inword);
}

void ui_text_break(const ui_measure_t *m, const char *text, int size, int max_w,
                   ui_lines_t *out)
{
    memset(out, 0, sizeof *out);
    if (!text || !*text) return;
    const char *p = text;
    for (;;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        break_paragraph(m, p, len, size, max_w, out);
        if (!nl || !nl[1]) break; /* a final newline adds no empty line */
        p = nl + 1;
    }
}
