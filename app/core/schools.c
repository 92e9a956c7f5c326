/* schools.c - reader of the school register CSV: RFC 4180 quoting, BOM,
 * Chinese or English headers, every bad cell reported with line and column. */
#include "schools.h"
#include "i18n.h"
#include "store.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef enum {
    COL_CODE, COL_NAME, COL_LEVEL, COL_LOCALITY, COL_KIND, COL_NUMBER, COL_REPORTED, COL_EXTRA
} col_type_t;

typedef struct {
    col_type_t type;
    stats_field_t field;    /* COL_NUMBER; COL_REPORTED: index of the reported indicator */
    int part;               /* -1 whole school, else stats_part_t */
    char key[48];           /* English name */
    char zh[64];            /* Chinese name */
    bool whole_number;
} col_t;

typedef struct {
    const char *key, *zh, *alias_zh;
    bool whole_number;
} field_name_t;

static const field_name_t field_names[STATS_F_COUNT] = {
    [STATS_F_ENROLMENT] = {"enrolment", "在校生数", "学生数", true},
    [STATS_F_TEACHERS] = {"teachers", "专任教师数", "教师数", true},
    [STATS_F_ABOVE_QUAL] = {"teachers_above_qualification", "高于规定学历教师数", NULL, true},
    [STATS_F_DEG_COLLEGE] = {"teachers_college", "大专学历教师数", "专科学历教师数", true},
    [STATS_F_DEG_BACHELOR] = {"teachers_bachelor", "本科学历教师数", NULL, true},
    [STATS_F_DEG_POSTGRAD] = {"teachers_postgraduate", "研究生学历教师数", NULL, true},
    [STATS_F_SENIOR_TITLE] = {"teachers_intermediate_title", "中级及以上职称教师数",
                              "中级及以上专业技术职务教师数", true},
    [STATS_F_BACKBONE] = {"backbone_teachers", "县级以上骨干教师数", "骨干教师数", true},
    [STATS_F_PE_ART] = {"pe_art_teachers", "体育艺术专任教师数", "体育、艺术专任教师数", true},
    [STATS_F_FLOOR] = {"floor_area", "教学及辅助用房面积", NULL, false},
    [STATS_F_SPORTS] = {"sports_area", "体育运动场馆面积", NULL, false},
    [STATS_F_EQUIPMENT] = {"equipment_value", "教学仪器设备值", NULL, false},
    [STATS_F_MULTIMEDIA] = {"multimedia_classrooms", "网络多媒体教室数", NULL, true},
    [STATS_F_COMPUTERS] = {"computers", "计算机台数", NULL, true},
    [STATS_F_BOOKS] = {"books", "图书册数", NULL, true},
};

/* The evaluation inputs (§3a), optional columns.  max: the largest
 * plausible value for one school; yes_no: 是/否 columns. */
typedef enum { X_WHOLE, X_NUMBER, X_YES_NO } extra_kind_t;

static const struct {
    const char *key, *zh;
    extra_kind_t kind;
    double max;
} extra_names[STATS_X_COUNT] = {
    [STATS_X_CLASSES_PRIMARY] = {"classes_primary", "小学班级数", X_WHOLE, 1000},
    [STATS_X_CLASSES_JUNIOR] = {"classes_junior", "初中班级数", X_WHOLE, 1000},
    [STATS_X_MAXCLASS_PRIMARY] = {"max_class_primary", "小学最大班额", X_WHOLE, 200},
    [STATS_X_MAXCLASS_JUNIOR] = {"max_class_junior", "初中最大班额", X_WHOLE, 200},
    [STATS_X_MUSIC_ROOMS] = {"music_rooms", "音乐专用教室数", X_WHOLE, 200},
    [STATS_X_MUSIC_AREA] = {"music_room_area", "最小音乐专用教室面积", X_NUMBER, 5000},
    [STATS_X_ART_ROOMS] = {"art_rooms", "美术专用教室数", X_WHOLE, 200},
    [STATS_X_ART_AREA] = {"art_room_area", "最小美术专用教室面积", X_NUMBER, 5000},
    [STATS_X_CERTIFIED] = {"certified_teachers", "持教师资格证专任教师数", X_WHOLE, 10000},
    [STATS_X_TRAINED] = {"trained_teachers", "完成五年360学时培训教师数", X_WHOLE, 10000},
    [STATS_X_TRAINING_FUNDS] = {"training_funds", "教师培训经费", X_NUMBER, 1e9},
    [STATS_X_PUBLIC_FUNDS] = {"public_funds", "年度公用经费", X_NUMBER, 1e10},
    [STATS_X_CHARTER] = {"charter", "有学校章程", X_YES_NO, 1},
    [STATS_X_IT_MANAGEMENT] = {"it_management", "管理与教学信息化", X_YES_NO, 1},
    [STATS_X_IT_TEACHING] = {"it_teaching", "教师运用信息技术教学", X_YES_NO, 1},
    [STATS_X_MORAL_GOOD] = {"moral_education_good", "德育与校园文化良好", X_YES_NO, 1},
    [STATS_X_FULL_CURRICULUM] = {"full_curriculum", "开齐开足课程", X_YES_NO, 1},
    [STATS_X_NO_BURDEN] = {"no_excess_burden", "无过重课业负担", X_YES_NO, 1},
};

bool schools_parse_yes_no(const char *s, double *out)
{
    static const char *yes[] = {"是", "有", "yes", "y", "1", "√", "✓", "达标", "true"};
    static const char *no[] = {"否", "无", "no", "n", "0", "×", "✗", "未达标", "不达标", "false"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (!strcasecmp(s, yes[i])) {
            *out = 1;
            return true;
        }
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (!strcasecmp(s, no[i])) {
            *out = 0;
            return true;
        }
    return false;
}

const char *schools_extra_key(stats_extra_t x)
{
    return extra_names[x].key;
}

const char *schools_extra_zh(stats_extra_t x)
{
    return extra_names[x].zh;
}

bool schools_extra_yes_no(stats_extra_t x)
{
    return extra_names[x].kind == X_YES_NO;
}

/* Fixed (non-count) columns. */
static const struct {
    col_type_t type;
    const char *key, *zh, *alias_zh;
} fixed_cols[] = {
    {COL_CODE, "code", "学校代码", "学校标识码"},
    {COL_NAME, "name", "学校名称", "校名"},
    {COL_LEVEL, "level", "学段", "学校类别"},
    {COL_LOCALITY, "locality", "城乡类别", "城乡分类"},
    {COL_KIND, "kind", "办学类型", "学校性质"},
};
#define N_FIXED (int)(sizeof fixed_cols / sizeof fixed_cols[0])

/* Counts every included school must give (whole or per level). */
static bool field_required(stats_field_t f)
{
    return f != STATS_F_ABOVE_QUAL && f != STATS_F_DEG_COLLEGE && f != STATS_F_DEG_BACHELOR &&
           f != STATS_F_DEG_POSTGRAD;
}

#define MAX_ERRORS 100

typedef struct {
    const char *name;
    jh_buf_t *errors, *warnings;
    jh_err_t *err;
    int n_errors;
} ctx_t;

static void report(ctx_t *c, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void report(ctx_t *c, int line, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (c->n_errors == 0) {
        if (line > 0)
            jh_err_set(c->err, JH_ERR_INVALID, "%s:%d: %s", c->name, line, msg);
        else
            jh_err_set(c->err, JH_ERR_INVALID, "%s: %s", c->name, msg);
    }
    c->n_errors++;
    if (c->errors && c->n_errors <= MAX_ERRORS) {
        if (line > 0)
            jh_buf_printf(c->errors, "%s:%d: %s\n", c->name, line, msg);
        else
            jh_buf_printf(c->errors, "%s: %s\n", c->name, msg);
        if (c->n_errors == MAX_ERRORS)
            jh_buf_printf(c->errors, _("%s: too many errors, stopped listing\n"), c->name);
    }
}

/* ---- CSV tokenising ------------------------------------------------------ */

typedef struct {
    char **cells;    /* trimmed (codes, keys, numbers, headers) */
    char **raw;      /* as typed (free text) */
    int n, cap;
    int line;        /* line where the row starts */
} row_t;

typedef struct {
    const char *p, *end;
    int line;
    char sep;        /* ',' or, in Excel's "Unicode text", '\t' */
} lexer_t;

static void row_clear(row_t *r)
{
    for (int i = 0; i < r->n; i++) {
        free(r->cells[i]);
        free(r->raw[i]);
    }
    r->n = 0;
}

/* The length of the blank at s (space, tab, U+00A0 no-break space,
 * U+3000 ideographic space), 0 when none. */
static size_t blank_len(const char *s)
{
    if (s[0] == ' ' || s[0] == '\t') return 1;
    if (!strncmp(s, "\xC2\xA0", 2)) return 2;
    if (!strncmp(s, "\xE3\x80\x80", 3)) return 3;
    return 0;
}

/* Whether s[0..len) ends in a blank; its length in *n. */
static bool ends_blank(const char *s, size_t len, size_t *n)
{
    *n = len >= 1 && (s[len - 1] == ' ' || s[len - 1] == '\t')             ? 1
         : len >= 2 && !memcmp(s + len - 2, "\xC2\xA0", 2)                ? 2
         : len >= 3 && !memcmp(s + len - 3, "\xE3\x80\x80", 3)            ? 3
                                                                           : 0;
    return *n > 0;
}

void schools_trim_span(const char *s, size_t *start, size_t *len)
{
    size_t n = strlen(s), a = 0, k;
    while (a < n && (k = blank_len(s + a)) > 0) a += k;
    while (n > a && ends_blank(s + a, n - a, &k)) n -= k;
    *start = a;
    *len = n - a;
}

static void row_push(row_t *r, jh_buf_t *cell)
{
    char *s = jh_buf_take(cell);
    char *raw = jh_strdup(s);
    /* Trim blanks around every cell, quoted or not: Excel/WPS users type
     * "A01　" (an ideographic space from a Chinese input method), paste
     * no-break spaces from web pages, and quote "A01 "; each must be the
     * same code as A01.  Free text (names, measures) is read from `raw`,
     * exactly as typed: a measure's "　　" indent is the bureau's. */
    size_t a, len;
    schools_trim_span(s, &a, &len);
    memmove(s, s + a, len);
    s[len] = 0;
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 32;
        r->cells = jh_xrealloc(r->cells, (size_t)r->cap * sizeof *r->cells);
        r->raw = jh_xrealloc(r->raw, (size_t)r->cap * sizeof *r->raw);
    }
    r->raw[r->n] = raw;
    r->cells[r->n++] = s;
}

/* Reads the next row; returns false at end of input.  *bad_quote is set
 * when a quoted field never closes. */
static bool next_row(lexer_t *lx, row_t *r, bool *bad_quote)
{
    row_clear(r);
    *bad_quote = false;
    if (lx->p >= lx->end) return false;
    r->line = lx->line;
    jh_buf_t cell = {0};
    bool quoted = false;
    for (;;) {
        if (lx->p >= lx->end) {
            row_push(r, &cell);
            break;
        }
        char ch = *lx->p;
        if (ch == '"' && cell.len == 0 && !quoted) {
            quoted = true;
            lx->p++;
            for (;;) {
                if (lx->p >= lx->end) {
                    *bad_quote = true;
                    break;
                }
                char q = *lx->p++;
                if (q == '"') {
                    if (lx->p < lx->end && *lx->p == '"') {
                        jh_buf_append(&cell, "\"", 1);
                        lx->p++;
                        continue;
                    }
                    break;
                }
                if (q == '\n') lx->line++;
                jh_buf_append(&cell, &q, 1);
            }
            continue;
        }
        lx->p++;
        if (ch == lx->sep) {
            row_push(r, &cell);
            quoted = false;
        } else if (ch == '\r' || ch == '\n') {
            if (ch == '\r' && lx->p < lx->end && *lx->p == '\n') lx->p++;
            lx->line++;
            row_push(r, &cell);
            break;
        } else {
            jh_buf_append(&cell, &ch, 1);
        }
    }
    jh_buf_free(&cell);
    return true;
}

static bool row_empty(const row_t *r)
{
    for (int i = 0; i < r->n; i++)
        if (r->cells[i][0]) return false;
    return true;
}

static bool utf8_valid(const unsigned char *s, size_t n, size_t *bad_at)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c == 0) goto bad; /* no text holds a zero byte: UTF-16, or no text at all */
        int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (len == 0 || i + (size_t)len > n) goto bad;
        for (int k = 1; k < len; k++)
            if ((s[i + k] & 0xC0) != 0x80) goto bad;
        if (len == 2 && c < 0xC2) goto bad;
        i += (size_t)len;
    }
    return true;
bad:
    *bad_at = i;
    return false;
}

/* Why a file is not UTF-8 text, for a person, into out[0..n): UTF-16
 * (Excel's "Unicode text", with its byte-order mark or the zero bytes of
 * ASCII letters), a zero byte in text (a damaged file, or the zero padding
 * an interrupted copy leaves at the end), a program's file, or else most
 * likely GBK/ANSI.  bad_at: the first byte that is not UTF-8; *line: its
 * line. */
static void not_utf8_msg(const char *text, size_t len, size_t bad_at, int *line, char *out, size_t n)
{
    const unsigned char *u = (const unsigned char *)text;
    *line = 1;
    for (size_t i = 0; i < bad_at; i++)
        if (text[i] == '\n') (*line)++;
    bool utf16 = len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF));
    /* the zero bytes of ASCII letters in UTF-16 fall on even or on odd
     * places; a character such as 一 (U+4E00) puts one on the other */
    int zeros[2] = {0, 0};
    for (size_t i = 0; i < len && i < 64; i++) zeros[i % 2] += u[i] == 0;
    utf16 = utf16 || (zeros[1] >= 4 && zeros[1] >= 3 * zeros[0]) || (zeros[0] >= 4 && zeros[0] >= 3 * zeros[1]);
    if (utf16) {
        snprintf(out, n, "%s",
                 _("UTF-16 text (Excel's \"Unicode text\") that cannot be read (cut short or damaged?): open it "
                   "in Notepad (记事本), choose 另存为 (Save As), set 编码 (Encoding) to UTF-8 and save; or copy the "
                   "file again from the computer where it was saved"));
        return;
    }
    if (u[bad_at] == 0) {
        size_t k = bad_at;
        while (k < len && u[k] == 0) k++;
        if (k == len) {
            snprintf(out, n,
                     _("only zero bytes from line %d to the end of the file (%zu bytes: the padding an "
                       "interrupted copy leaves?): copy the file again from the computer where it was saved"),
                     *line, len - bad_at);
            return;
        }
        if (zeros[0] + zeros[1] < 4) { /* (a program's file holds many) */
            snprintf(out, n,
                     _("a zero byte at line %d (the file is incomplete or damaged?): open it in Excel/WPS, "
                       "check that line and save it again as \"CSV UTF-8\""),
                     *line);
            return;
        }
    }
    if (zeros[0] + zeros[1] > 0) {
        snprintf(out, n, "%s",
                 _("not a text file (it holds zero bytes: a program's or a workbook's file?); give the CSV file "
                   "saved as \"CSV UTF-8\""));
        return;
    }
    snprintf(out, n, "%s",
             _("not UTF-8 text, and not GBK or UTF-16 text that could be read (another encoding, or damaged "
               "here?): open it in Notepad (记事本), choose 另存为 (Save As), set 编码 (Encoding) to UTF-8 and "
               "save; then give that file"));
}

/* ---- other encodings (review rreg4 item 4) ------------------------------ */

/* text[0..len) in encoding `from` as UTF-8 (malloc'd, NUL-terminated, its
 * length in *out_len); NULL when it is not valid text in that encoding. */
static char *iconv_utf8(const char *from, const char *text, size_t len, size_t *out_len)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1) return NULL;
    size_t cap = len * 2 + 16; /* (UTF-16: 2 bytes give at most 3; GB18030: 2 give 3, 4 give 4) */
    char *out = jh_xmalloc(cap + 1), *in = (char *)text, *o = out;
    size_t il = len, ol = cap;
    bool ok = iconv(cd, &in, &il, &o, &ol) != (size_t)-1 && iconv(cd, NULL, NULL, &o, &ol) != (size_t)-1;
    iconv_close(cd);
    if (!ok) {
        free(out);
        return NULL;
    }
    *o = 0;
    *out_len = (size_t)(o - out);
    return out;
}

/* A file Excel, WPS or Notepad saved in another encoding than UTF-8,
 * decoded into UTF-8 (malloc'd, *out_len bytes), its encoding in *enc:
 * UTF-16 with a byte-order mark, or without one when the zero bytes of
 * ASCII letters tell its byte order (Excel's "Unicode text"), and
 * GBK/GB18030 (Excel's "CSV (逗号分隔)" on a Chinese Windows) when the file is
 * not UTF-8, holds no zero byte, decodes as GB18030 and has more bytes
 * that are not UTF-8 than UTF-8 characters of three bytes or more (else it
 * is UTF-8 damaged in places, which is refused naming the line).  NULL when it is none of them
 * (UTF-8 included). */
static char *decode_other(const char *text, size_t len, size_t *out_len, const char **enc)
{
    const unsigned char *u = (const unsigned char *)text;
    *enc = NULL;
    int zeros[2] = {0, 0};
    for (size_t i = 0; i < len && i < 64; i++) zeros[i % 2] += u[i] == 0;
    const char *from = NULL;
    if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE)
        from = "UTF-16LE";
    else if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF)
        from = "UTF-16BE";
    else if (zeros[1] >= 4 && zeros[1] >= 3 * zeros[0])
        from = "UTF-16LE";
    else if (zeros[0] >= 4 && zeros[0] >= 3 * zeros[1])
        from = "UTF-16BE";
    if (from) {
        char *out = iconv_utf8(from, text, len, out_len);
        if (out) *enc = from;
        return out;
    }
    if (memchr(text, 0, len)) return NULL;
    size_t good = 0, bad = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = u[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        int n = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        bool valid = n > 0 && i + (size_t)n <= len && !(n == 2 && c < 0xC2);
        for (int k = 1; valid && k < n; k++) valid = (u[i + k] & 0xC0) == 0x80;
        if (valid) {
            good += n >= 3; /* (Chinese in UTF-8; a GBK pair is often a valid 2-byte sequence) */
            i += (size_t)n;
        } else {
            bad++;
            i++;
        }
    }
    if (bad == 0 || good >= bad) return NULL;
    char *out = iconv_utf8("GB18030", text, len, out_len);
    if (out) *enc = "GB18030";
    return out;
}

/* How the encoding read is named to a person. */
static const char *enc_desc(const char *enc)
{
    return !strcmp(enc, "GB18030") ? _("GBK/GB18030 text (a Chinese Windows' ANSI)")
           : !strcmp(enc, "UTF-16LE") ? _("UTF-16LE text (Excel's \"Unicode text\")")
                                      : _("UTF-16BE text (\"Unicode big endian\")");
}

/* The cell separator: a tab when the first line with a tab or a comma
 * (a title row above the header holds neither, or only separators) has
 * more tabs than commas (Excel's "Unicode text", "Text (Tab delimited)"),
 * else a comma. */
static char sep_of(const char *text, size_t len)
{
    const char *p = text, *end = text + len;
    while (p < end) {
        int tabs = 0, commas = 0;
        while (p < end && *p != '\n') {
            tabs += *p == '\t';
            commas += *p == ',';
            p++;
        }
        if (tabs || commas) return tabs > commas ? '\t' : ',';
        p++;
    }
    return ',';
}

/* Appends to notes what was read other than comma-separated UTF-8. */
static void read_notes(jh_buf_t *notes, const char *name, const char *enc, char sep)
{
    if (!notes) return;
    if (enc)
        jh_buf_printf(notes, _("%s: note: read as %s, not UTF-8\n"), name, enc_desc(enc));
    if (sep == '\t')
        jh_buf_printf(notes, _("%s: note: the cells are separated by tabs, not commas: read as tab-separated text\n"),
                      name);
}

/* What a file given as CSV is when it is another kind of file Excel or
 * junheng makes (a workbook not saved as CSV, a database given where the
 * CSV goes), by its first bytes; NULL when none of them. */
static const char *other_file_msg(const char *text, size_t len)
{
    /* an OpenDocument file starts with its stored "mimetype" member (offset 30) */
    static const char ods[] = "mimetypeapplication/vnd.oasis.opendocument.spreadsheet";
    if (len >= 30 + sizeof ods - 1 && !memcmp(text, "PK\x03\x04", 4) && !memcmp(text + 30, ods, sizeof ods - 1))
        return _("this is an OpenDocument spreadsheet (.ods, 这是 OpenDocument/WPS 表格), not CSV text: open it in "
                 "WPS or LibreOffice and save it as \"CSV UTF-8 (逗号分隔)\" (另存为 CSV UTF-8)");
    if (len >= 4 && !memcmp(text, "PK\x03\x04", 4))
        return _("this is an Excel workbook (.xlsx, 这是 Excel 工作簿), not CSV text: open it in Excel/WPS and save it "
                 "as \"CSV UTF-8 (逗号分隔)\" (另存为 CSV UTF-8)");
    if (len >= 8 && !memcmp(text, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
        return _("this is an old Excel workbook (.xls, 这是 Excel 97-2003 工作簿), not CSV text: open it in Excel/WPS "
                 "and save it as \"CSV UTF-8 (逗号分隔)\" (另存为 CSV UTF-8)");
    if (len >= 16 && !memcmp(text, "SQLite format 3", 16))
        return _("this is an SQLite database (数据库文件), not CSV text: were the arguments swapped? the database "
                 "goes after --db and the CSV file on its own");
    return NULL;
}

jh_status_t schools_csv_rows(const char *name, const char *text, size_t len,
                             schools_row_t **rows, int *n_rows, jh_err_t *err)
{
    return schools_csv_rows_noted(name, text, len, rows, n_rows, NULL, err);
}

jh_status_t schools_csv_rows_noted(const char *name, const char *text, size_t len, schools_row_t **rows,
                                   int *n_rows, jh_buf_t *notes, jh_err_t *err)
{
    *rows = NULL;
    *n_rows = 0;
    const char *other = other_file_msg(text, len);
    if (other) return jh_err_set(err, JH_ERR_INVALID, "%s: %s", name, other);
    const char *enc;
    size_t dlen;
    char *decoded = decode_other(text, len, &dlen, &enc);
    if (decoded) {
        text = decoded;
        len = dlen;
    }
    while (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) { /* (two BOMs: saved with one by two programs) */
        text += 3;
        len -= 3;
    }
    size_t bad_at;
    if (!utf8_valid((const unsigned char *)text, len, &bad_at)) {
        int line;
        char why[512];
        not_utf8_msg(text, len, bad_at, &line, why, sizeof why);
        free(decoded);
        return jh_err_set(err, JH_ERR_INVALID, "%s:%d: %s", name, line, why);
    }
    lexer_t lx = {text, text + len, 1, sep_of(text, len)};
    read_notes(notes, name, enc, lx.sep);
    row_t row = {0};
    bool bad_quote;
    schools_row_t *out = NULL;
    int n = 0, cap = 0;
    jh_status_t st = JH_OK;
    while (next_row(&lx, &row, &bad_quote)) {
        if (bad_quote) {
            st = jh_err_set(err, JH_ERR_INVALID, "%s:%d: %s", name, row.line,
                            _("a quoted cell never ends (missing '\"')"));
            break;
        }
        if (row_empty(&row)) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            out = jh_xrealloc(out, (size_t)cap * sizeof *out);
        }
        out[n].cells = row.cells;
        out[n].raw = row.raw;
        out[n].n = row.n;
        out[n].line = row.line;
        n++;
        row.cells = row.raw = NULL;
        row.n = row.cap = 0;
    }
    row_clear(&row);
    free(row.cells);
    free(row.raw);
    free(decoded);
    if (st != JH_OK) {
        schools_csv_free(out, n);
        return st;
    }
    *rows = out;
    *n_rows = n;
    return JH_OK;
}

void schools_csv_free(schools_row_t *rows, int n)
{
    for (int i = 0; i < n; i++) {
        for (int k = 0; k < rows[i].n; k++) {
            free(rows[i].cells[k]);
            free(rows[i].raw[k]);
        }
        free(rows[i].cells);
        free(rows[i].raw);
    }
    free(rows);
}

/* ---- header ------------------------------------------------------------- */

static void col_describe(const col_t *c, char *out, size_t n)
{
    snprintf(out, n, _("column '%s' (%s)"), c->key, c->zh);
}

/* The full table of columns the reader knows. */
static int known_columns(col_t *out)
{
    int n = 0;
    for (int i = 0; i < N_FIXED; i++) {
        col_t *c = &out[n++];
        memset(c, 0, sizeof *c);
        c->type = fixed_cols[i].type;
        c->part = -1;
        snprintf(c->key, sizeof c->key, "%s", fixed_cols[i].key);
        snprintf(c->zh, sizeof c->zh, "%s", fixed_cols[i].zh);
    }
    for (int f = 0; f < STATS_F_COUNT; f++) {
        for (int p = -1; p < STATS_PART_COUNT; p++) {
            col_t *c = &out[n++];
            memset(c, 0, sizeof *c);
            c->type = COL_NUMBER;
            c->field = (stats_field_t)f;
            c->part = p;
            c->whole_number = field_names[f].whole_number;
            if (p < 0) {
                snprintf(c->key, sizeof c->key, "%s", field_names[f].key);
                snprintf(c->zh, sizeof c->zh, "%s", field_names[f].zh);
            } else {
                snprintf(c->key, sizeof c->key, "%s_%s", field_names[f].key,
                         stats_part_code((stats_part_t)p));
                snprintf(c->zh, sizeof c->zh, "%s%s", stats_part_zh((stats_part_t)p),
                         field_names[f].zh);
            }
        }
    }
    for (int r = 0; r < STATS_N_REPORTED; r++) {
        col_t *c = &out[n++];
        memset(c, 0, sizeof *c);
        c->type = COL_REPORTED;
        c->field = (stats_field_t)r;
        c->part = -1;
        snprintf(c->key, sizeof c->key, "reported_%s", stats_reported_indicator(r)->code);
        snprintf(c->zh, sizeof c->zh, "%s报告值", stats_reported_indicator(r)->code);
    }
    for (int x = 0; x < STATS_X_COUNT; x++) {
        col_t *c = &out[n++];
        memset(c, 0, sizeof *c);
        c->type = COL_EXTRA;
        c->field = (stats_field_t)x;
        c->part = -1;
        c->whole_number = extra_names[x].kind != X_NUMBER;
        snprintf(c->key, sizeof c->key, "%s", extra_names[x].key);
        snprintf(c->zh, sizeof c->zh, "%s", extra_names[x].zh);
    }
    return n;
}

#define N_KNOWN (N_FIXED + STATS_F_COUNT * (STATS_PART_COUNT + 1) + STATS_N_REPORTED + STATS_X_COUNT)

static const char *alias_zh_of(const col_t *c, char *buf, size_t n)
{
    const char *a = NULL;
    if (c->type == COL_REPORTED || c->type == COL_EXTRA) return NULL;
    if (c->type == COL_NUMBER)
        a = field_names[c->field].alias_zh;
    else
        for (int i = 0; i < N_FIXED; i++)
            if (fixed_cols[i].type == c->type) a = fixed_cols[i].alias_zh;
    if (!a) return NULL;
    if (c->part < 0) return a;
    snprintf(buf, n, "%s%s", stats_part_zh((stats_part_t)c->part), a);
    return buf;
}

static const col_t *match_name(const col_t *known, const char *s)
{
    char alias[96];
    for (int i = 0; i < N_KNOWN; i++) {
        const col_t *c = &known[i];
        if (!strcasecmp(s, c->key) || !strcmp(s, c->zh)) return c;
        const char *a = alias_zh_of(c, alias, sizeof alias);
        if (a && !strcmp(s, a)) return c;
    }
    return NULL;
}

/* Whether s starts with a blank or a line break (Alt+Enter in a header
 * cell); its length in *n. */
static bool head_blank(const char *s, size_t *n)
{
    *n = *s == '\r' || *s == '\n' ? 1 : blank_len(s);
    return *n > 0;
}

/* s[0..len) without blanks and line breaks at either edge, into out. */
static void head_trim(const char *s, size_t len, char *out, size_t n)
{
    size_t k;
    while (len > 0 && head_blank(s, &k)) {
        s += k;
        len -= k;
    }
    for (;;) {
        if (len > 0 && (s[len - 1] == '\r' || s[len - 1] == '\n')) {
            len--;
            continue;
        }
        if (ends_blank(s, len, &k)) {
            len -= k;
            continue;
        }
        break;
    }
    if (len >= n) len = n - 1;
    memcpy(out, s, len);
    out[len] = 0;
}

/* The first opening bracket, half- or full-width, at or after p; its
 * length in *len; NULL when none. */
static const char *bracket_open(const char *p, size_t *len)
{
    const char *open = strstr(p, "("), *wide = strstr(p, "（");
    *len = 1;
    if (!open || (wide && wide < open)) {
        open = wide;
        *len = strlen("（");
    }
    return open;
}

const char *schools_header_bracket(const char *p, char *inside, size_t inside_n)
{
    size_t open_len;
    const char *open = bracket_open(p, &open_len);
    if (!open) return NULL;
    const char *in = open + open_len;
    const char *close = strstr(in, ")"), *wclose = strstr(in, "）");
    size_t close_len = 1;
    if (!close || (wclose && wclose < close)) {
        close = wclose;
        close_len = strlen("）");
    }
    head_trim(in, close ? (size_t)(close - in) : strlen(in), inside, inside_n);
    return close ? close + close_len : in + strlen(in);
}

bool schools_header_split(const char *cell, char *name, size_t name_n, char *inside, size_t inside_n)
{
    size_t open_len;
    const char *open = bracket_open(cell, &open_len);
    if (!open) {
        head_trim(cell, strlen(cell), name, name_n);
        inside[0] = 0;
        return false;
    }
    head_trim(cell, (size_t)(open - cell), name, name_n);
    schools_header_bracket(open, inside, inside_n);
    return true;
}

/* The units a count's header may name in brackets ("图书册数（册）"): the
 * column's own, which the register documents (docs/bureau.md), in Chinese
 * or English; NULL for columns that take none (ratios, yes/no, text).  The
 * first is the one shown. */
static const char *const area_units[] = {"平方米", "m²", "m2", "m^2", "㎡", "平米", "sqm", "sq.m", "square",
                                         "metres", "meters", "metre", "meter", NULL};
static const char *const yuan_units[] = {"元", "yuan", "rmb", "cny", NULL};

static const char *const *col_units(const col_t *c)
{
    static const char *const people[] = {"人", "名", "人数", "位", "persons", "person", "students", "student",
                                         "people", "teachers", "pupils", NULL};
    static const char *const yuan_year[] = {"元", "元每年", "yuan", "rmb", "cny", NULL};
    static const char *const rooms[] = {"间", "个", "室", "rooms", "room", NULL};
    static const char *const machines[] = {"台", "套", "sets", "set", "units", "computers", NULL};
    static const char *const books[] = {"册", "本", "volumes", "volume", "books", NULL};
    static const char *const classes[] = {"个", "班", "classes", NULL};
    if (c->type == COL_NUMBER) {
        switch (c->field) {
        case STATS_F_FLOOR:
        case STATS_F_SPORTS: return area_units;
        case STATS_F_EQUIPMENT: return yuan_units;
        case STATS_F_MULTIMEDIA: return rooms;
        case STATS_F_COMPUTERS: return machines;
        case STATS_F_BOOKS: return books;
        default: return people; /* students and teachers */
        }
    }
    if (c->type != COL_EXTRA) return NULL;
    switch ((stats_extra_t)c->field) {
    case STATS_X_CLASSES_PRIMARY:
    case STATS_X_CLASSES_JUNIOR: return classes;
    case STATS_X_MUSIC_ROOMS:
    case STATS_X_ART_ROOMS: return rooms;
    case STATS_X_MUSIC_AREA:
    case STATS_X_ART_AREA: return area_units;
    case STATS_X_TRAINING_FUNDS:
    case STATS_X_PUBLIC_FUNDS: return yuan_year;
    default: return extra_names[c->field].kind == X_YES_NO ? NULL : people;
    }
}

static bool in_list(const char *const *l, const char *s, size_t n)
{
    for (int i = 0; l && l[i]; i++)
        if (strlen(l[i]) == n && !strncasecmp(s, l[i], n)) return true;
    return false;
}

/* Units no count of the register is read in: another scale of area,
 * length, a share. */
static const char *const foreign_units[] = {"公顷", "亩", "km", "km2", "km²", "平方公里", "平方千米", "公里", "千米",
                                            "米", "ha", "hectare", "hectares", "mu", "%", "％", "‰", "百分比",
                                            "百分数", "percent", "pct", NULL};
static const char *const scale_words[] = {"k", "10k", "thousand", "thousands", "million", "millions", "wan", NULL};

/* Whether a token s[0..n) of bracket text names a scale: 万, 千元, 万平方米,
 * 10k, thousand, 10000元 (a scale, or digits, before a unit). */
static bool token_scaled(const char *s, size_t n, const char *const *own)
{
    static const char *const cjk[] = {"十", "百", "千", "万", "亿", NULL};
    if (in_list(scale_words, s, n) && !in_list(own, s, n)) return true;
    size_t k = 0;
    bool cjk_scale = false;
    for (;;) {
        if (k < n && isdigit((unsigned char)s[k])) {
            k++;
            continue;
        }
        bool hit = false;
        for (int i = 0; cjk[i]; i++) {
            size_t l = strlen(cjk[i]);
            if (k + l <= n && !memcmp(s + k, cjk[i], l)) {
                k += l;
                hit = cjk_scale = true;
                break;
            }
        }
        if (!hit) break;
    }
    if (k == 0) return false;
    if (k == n) return cjk_scale; /* "万" yes, "2025" a note */
    const char *r = s + k;
    size_t rn = n - k;
    while (rn > 0 && *r == ' ') r++, rn--;
    return in_list(own, r, rn) || in_list(area_units, r, rn) || in_list(yuan_units, r, rn) ||
           in_list(foreign_units, r, rn) || in_list(scale_words, r, rn) || (rn == 3 && !memcmp(r, "人", 3)) ||
           (rn == 3 && !memcmp(r, "册", 3));
}

/* Whether bracket text on a count, amount or area column names a scale or
 * a unit other than the column's own ("万元", "亩", "%", "10k yuan"): only
 * those are refused.  The column's own unit, alone or in a compound form
 * ("人/班", "平方米/㎡", "单位: 人"), and any other note ("含附设班",
 * "2025年") are accepted. */
static bool bracket_names_other_unit(const col_t *c, const char *inside)
{
    const char *const *own = col_units(c);
    if (!own) return false; /* ratios (any note, % too), yes/no columns: a note */
    const char *text = inside;
    static const char *const prefix[] = {"单位：", "单位:", "单位", "unit:", "units:", "unit", NULL};
    for (int i = 0; prefix[i]; i++)
        if (!strncasecmp(text, prefix[i], strlen(prefix[i]))) {
            text += strlen(prefix[i]);
            break;
        }
    bool has_own = false, has_foreign = false, power_of_ten = false;
    const char *p = text;
    while (*p) {
        /* tokens between separators: / ／ 、 , ， ; ； blanks */
        static const char *const sep[] = {"/", "／", "、", ",", "，", ";", "；", " ", "\t", "　", "\xC2\xA0", NULL};
        size_t sl = 0;
        for (int i = 0; sep[i] && !sl; i++)
            if (!strncmp(p, sep[i], strlen(sep[i]))) sl = strlen(sep[i]);
        if (sl) {
            p += sl;
            continue;
        }
        const char *t = p;
        for (;;) {
            bool at_sep = !*p;
            for (int i = 0; sep[i] && !at_sep; i++)
                if (!strncmp(p, sep[i], strlen(sep[i]))) at_sep = true;
            if (at_sep) break;
            p++;
        }
        size_t n = (size_t)(p - t);
        if (token_scaled(t, n, own)) return true;
        /* "10,000 yuan", "1000 元": a power of ten before a unit (not "2025") */
        size_t z = 1;
        while (z < n && t[z] == '0') z++;
        if (n >= 2 && z == n && (t[0] == '1' || t[0] == '0')) power_of_ten = true;
        if (in_list(own, t, n))
            has_own = true;
        else if (in_list(foreign_units, t, n) || in_list(area_units, t, n) || in_list(yuan_units, t, n))
            has_foreign = true;
    }
    return (has_foreign && !has_own) || (power_of_ten && (has_own || has_foreign));
}

/* Matches a header cell: "code", "学校代码", "学校代码 (code)",
 * "学校代码（code）", a line break (Alt+Enter) or blanks before the
 * bracket too; a count's header may name its own unit in brackets
 * ("图书册数（册）", "小学最大班额（人/班）") or a note ("在校生数（含附设班）").
 * Bracket text on a count that names another scale or unit
 * ("教学仪器设备值（万元）": 520 万元 would be read as 520 元) sets
 * *bad_unit to that text and returns the column; NULL when no column
 * matches. */
static const col_t *match_header(const col_t *known, const char *cell, char *bad_unit, size_t bad_n)
{
    bad_unit[0] = 0;
    const col_t *c = match_name(known, cell);
    if (c) return c;
    char before[256], inside[256];
    if (!schools_header_split(cell, before, sizeof before, inside, sizeof inside)) {
        return before[0] ? match_name(known, before) : NULL;
    }
    /* every bracket is looked at (review rreg4 item 1): "教学仪器设备值
     * (equipment_value)（万元）" and "教学仪器设备值（截至2025年底）（万元）"
     * name 万元 in their second bracket.  First the column, by its name
     * and the brackets that name a column ... */
    const col_t *a = match_name(known, before);
    const char *p = cell;
    while ((p = schools_header_bracket(p, inside, sizeof inside))) {
        const col_t *b = inside[0] ? match_name(known, inside) : NULL;
        if (!b) continue;
        if (a && a != b) return NULL;
        a = b;
    }
    if (!a) return NULL;
    /* ... then the other brackets: a unit, or a note */
    p = cell;
    while ((p = schools_header_bracket(p, inside, sizeof inside)))
        if (inside[0] && !match_name(known, inside) && bracket_names_other_unit(a, inside)) {
            snprintf(bad_unit, bad_n, "%s", inside);
            break;
        }
    return a;
}

/* ---- values ------------------------------------------------------------- */

/* How a register cell failed to parse. */
typedef enum { NUM_OK, NUM_BAD, NUM_COMMA } num_status_t;

/* Parses a count or amount; a whole number may have an all-zero fraction
 * (60.00, "1,000.00": Excel's 数值 format with two decimals, review rexcel7
 * item 4).  A comma is accepted only as a thousands
 * separator in correct groups of three ("10,400.5", "1,240"): "10400,5",
 * "1,86" and ",90" are NUM_COMMA, never read as another number (issue 19
 * item 8). */
static num_status_t parse_number(const char *s, bool whole, double *out)
{
    size_t len = strlen(s), int_end = strcspn(s, ".");
    if (len == 0 || len >= 64) return NUM_BAD;
    bool comma = memchr(s, ',', len) != NULL;
    /* the integer part: digits, or 1-3 digits then ",ddd" groups */
    char buf[64];
    size_t k = 0;
    if (int_end == 0) return comma ? NUM_COMMA : NUM_BAD;
    for (size_t i = 0; i < int_end; i++) {
        char ch = s[i];
        if (ch == ',') {
            /* a comma after 1-3 digits (first group) or exactly 3, followed by 3 digits */
            size_t group = 0;
            for (size_t j = i; j > 0 && s[j - 1] != ','; j--) group++;
            bool first = memchr(s, ',', i) == NULL;
            if (group == 0 || group > 3 || (!first && group != 3) || i + 4 > int_end ||
                !isdigit((unsigned char)s[i + 1]) || !isdigit((unsigned char)s[i + 2]) ||
                !isdigit((unsigned char)s[i + 3]) || (i + 4 < int_end && s[i + 4] != ','))
                return NUM_COMMA;
            continue;
        }
        if (!isdigit((unsigned char)ch)) return NUM_BAD;
        buf[k++] = ch;
    }
    if (int_end < len && whole) { /* "60.00": a cell formatted as Excel's 数值 with decimals */
        if (int_end + 1 == len) return NUM_BAD;
        for (size_t i = int_end + 1; i < len; i++)
            if (s[i] != '0') return s[i] == ',' ? NUM_COMMA : NUM_BAD;
        len = int_end;
    }
    if (int_end < len) { /* the fraction: a point and digits only */
        if (int_end + 1 == len) return NUM_BAD;
        buf[k++] = '.';
        for (size_t i = int_end + 1; i < len; i++) {
            if (s[i] == ',') return NUM_COMMA;
            if (!isdigit((unsigned char)s[i])) return NUM_BAD;
            buf[k++] = s[i];
        }
    }
    buf[k] = 0;
    errno = 0;
    char *end;
    double v = strtod(buf, &end);
    if (*end || errno || !isfinite(v)) return NUM_BAD;
    *out = v;
    return NUM_OK;
}

int schools_parse_number(const char *s, bool whole, double *out)
{
    return (int)parse_number(s, whole, out);
}

/* The largest plausible value of a register count for one school (or one
 * level of it): anything above is a typing error, not a school (issue 19
 * item 8).  Documented in docs/bureau.md. */
static double field_max(stats_field_t f)
{
    switch (f) {
    case STATS_F_ENROLMENT: return 50000;
    case STATS_F_FLOOR: return 1000000;          /* m² */
    case STATS_F_SPORTS: return 2000000;         /* m² */
    case STATS_F_EQUIPMENT: return 5000000000.0; /* yuan */
    case STATS_F_MULTIMEDIA: return 5000;
    case STATS_F_COMPUTERS: return 100000;
    case STATS_F_BOOKS: return 20000000;
    default: return 5000;                        /* teachers of every kind */
    }
}

/* The largest plausible ratio stated in the register (yuan per student is
 * the largest kind). */
#define REPORTED_MAX 1000000

void schools_init(stats_school_t *s, int line)
{
    memset(s, 0, sizeof *s);
    s->line = line;
    s->kind = STATS_KIND_PUBLIC;
    for (int r = 0; r < STATS_N_REPORTED; r++) s->reported[r] = NAN;
    for (int f = 0; f < STATS_F_COUNT; f++) {
        s->whole[f] = NAN;
        for (int p = 0; p < STATS_PART_COUNT; p++) s->part[p][f] = NAN;
    }
    for (int x = 0; x < STATS_X_COUNT; x++) s->extra[x] = NAN;
}

double schools_total(const stats_school_t *s, stats_field_t f)
{
    unsigned parts = stats_level_parts(s->level);
    double sum = 0;
    for (int p = 0; p < STATS_PART_COUNT; p++) {
        if (!(parts & (1u << p))) continue;
        if (isnan(s->part[p][f])) return s->whole[f];
        sum += s->part[p][f];
    }
    return sum;
}

/* Cross-checks of the evaluation inputs (§3a) of a school: a level's class
 * columns only where the school has that level, counts of teachers not above
 * the teachers, a largest class not below the average class. */
static void extras_check(ctx_t *c, const stats_school_t *s, const col_t *known)
{
    unsigned parts = stats_level_parts(s->level);
    const col_t *xc = &known[N_FIXED + STATS_F_COUNT * (STATS_PART_COUNT + 1) + STATS_N_REPORTED];
    char desc[160];
    static const struct {
        stats_extra_t classes, max;
        stats_part_t part;
    } lv[2] = {{STATS_X_CLASSES_PRIMARY, STATS_X_MAXCLASS_PRIMARY, STATS_PART_PRIMARY},
               {STATS_X_CLASSES_JUNIOR, STATS_X_MAXCLASS_JUNIOR, STATS_PART_JUNIOR}};
    for (int k = 0; k < 2; k++) {
        bool has = (parts & (1u << lv[k].part)) != 0;
        stats_extra_t cols[2] = {lv[k].classes, lv[k].max};
        for (int j = 0; j < 2; j++) {
            if (has || isnan(s->extra[cols[j]])) continue;
            col_describe(&xc[cols[j]], desc, sizeof desc);
            report(c, s->line, _("%s: a %s school (%s) has no %s part (%s)"), desc,
                   stats_level_code(s->level), stats_level_zh(s->level),
                   stats_part_code(lv[k].part), stats_part_zh(lv[k].part));
        }
        if (!has) continue;
        double classes = s->extra[lv[k].classes], mx = s->extra[lv[k].max];
        double e = !isnan(s->part[lv[k].part][STATS_F_ENROLMENT])
                       ? s->part[lv[k].part][STATS_F_ENROLMENT]
                   : (parts & (parts - 1)) == 0 ? s->whole[STATS_F_ENROLMENT]
                                                : NAN;
        if (!isnan(classes) && classes == 0 && !isnan(e) && e > 0) {
            col_describe(&xc[lv[k].classes], desc, sizeof desc);
            report(c, s->line, _("%s: 0 classes for %.0f students; give the number of classes"), desc, e);
        } else if (!isnan(classes) && classes > 0 && !isnan(mx) && !isnan(e) &&
                   mx * classes < e) { /* 1,000 in 22 classes: some class has 46, a largest of 45 cannot be */
            col_describe(&xc[lv[k].max], desc, sizeof desc);
            /* the average with the decimals that show it over the largest
             * (991 / 22 = 45.05, not "45.0" against 45: review r2clerk item 4) */
            report(c, s->line,
                   _("%s: the largest class (%.0f) is smaller than the average class "
                     "(%.0f students / %.0f classes = %.*f); check both cells"),
                   desc, mx, e, classes, stats_apart_decimals(e / classes, mx, 1), e / classes);
        }
    }
    double teachers = schools_total(s, STATS_F_TEACHERS);
    stats_extra_t tc[2] = {STATS_X_CERTIFIED, STATS_X_TRAINED};
    for (int j = 0; j < 2; j++)
        if (!isnan(s->extra[tc[j]]) && !isnan(teachers) && s->extra[tc[j]] > teachers) {
            col_describe(&xc[tc[j]], desc, sizeof desc);
            report(c, s->line, _("%s: %.0f is more than the school's %.0f full-time teachers (专任教师数)"),
                   desc, s->extra[tc[j]], teachers);
        }
    if (!isnan(s->extra[STATS_X_TRAINING_FUNDS]) && !isnan(s->extra[STATS_X_PUBLIC_FUNDS]) &&
        s->extra[STATS_X_TRAINING_FUNDS] > s->extra[STATS_X_PUBLIC_FUNDS]) {
        col_describe(&xc[STATS_X_TRAINING_FUNDS], desc, sizeof desc);
        report(c, s->line,
               _("%s: more than the school's whole public funds (年度公用经费); both are yuan a year"),
               desc);
    }
    stats_extra_t rooms[2][2] = {{STATS_X_MUSIC_ROOMS, STATS_X_MUSIC_AREA},
                                 {STATS_X_ART_ROOMS, STATS_X_ART_AREA}};
    for (int j = 0; j < 2; j++)
        if (s->extra[rooms[j][0]] == 0 && !isnan(s->extra[rooms[j][1]]) && s->extra[rooms[j][1]] > 0) {
            col_describe(&xc[rooms[j][1]], desc, sizeof desc);
            report(c, s->line, _("%s: an area is given but %s is 0"), desc, extra_names[rooms[j][0]].zh);
        }
}

/* Checks a school once its row is read: enrolments, required counts. */
/* x (> 0) to two significant digits without an exponent: 0.25, 0.000026,
 * 5.5, 123 (%.2g wrote 2.6e-05: review r2excel item 9b) */
static void small_amount(double x, char *out, size_t size)
{
    int d = 1 - (int)floor(log10(x));
    if (d < 0) d = 0;
    if (d > 12) d = 12;
    snprintf(out, size, "%.*f", d, x);
    if (strchr(out, '.')) {
        size_t n = strlen(out);
        while (n > 0 && out[n - 1] == '0') out[--n] = 0;
        if (n > 0 && out[n - 1] == '.') out[--n] = 0;
    }
}

static void unit_found(schools_unit_t *u, bool extra, int k, int part, double v, double e, const char *unit,
                       const char *scaled)
{
    memset(u, 0, sizeof *u);
    u->extra = extra;
    if (extra)
        u->x = (stats_extra_t)k;
    else
        u->f = (stats_field_t)k;
    u->part = part;
    u->value = v;
    u->students = e;
    small_amount(v / e, u->per, sizeof u->per);
    u->unit = unit;
    u->scaled = scaled;
}

int schools_unit_checks(const stats_school_t *s, const bool *bad, schools_unit_t *out, int max)
{
    /* Review rexcel7 item 3 (250 for 2,500,000 元 of equipment), review
     * r2excel item 5 (the public and the training funds: Q4 divides one by
     * the other).  Only warned: a figure per student this small is never
     * real, but the clerk knows the school. */
    static const struct {
        bool extra;
        int k;      /* a stats_field_t or a stats_extra_t */
        double min; /* a student */
        const char *unit, *scaled;
    } low[] = {{false, STATS_F_EQUIPMENT, 10, "元", "万元"},
               {false, STATS_F_FLOOR, 0.1, "平方米", "万平方米"},
               {false, STATS_F_SPORTS, 0.1, "平方米", "万平方米"},
               {false, STATS_F_BOOKS, 1, "册", "万册"},
               {true, STATS_X_PUBLIC_FUNDS, 10, "元/年", "万元"},
               {true, STATS_X_TRAINING_FUNDS, 1, "元/年", "万元"}};
    _Static_assert(sizeof low / sizeof *low == 6 && 4 * STATS_PART_COUNT + 2 <= SCHOOLS_UNIT_MAX,
                   "SCHOOLS_UNIT_MAX counts the checks");
    int n = 0;
    double e = schools_total(s, STATS_F_ENROLMENT);
    if (isnan(e) || e <= 0) return 0;
    unsigned parts = stats_level_parts(s->level);
    bool single = parts && (parts & (parts - 1)) == 0;
    for (size_t j = 0; j < sizeof low / sizeof *low && n < max; j++) {
        if (!low[j].extra && bad && bad[low[j].k]) continue;
        /* A level's amount against the level's students (130 元 of
         * 小学教学仪器设备值 for 620 pupils, review r2bureau9 item 3), then
         * the whole school's when no level's is warned: a whole that sums
         * the levels would hide a level typed in 万元. */
        bool part_warned = false;
        for (int p = 0; !low[j].extra && p < STATS_PART_COUNT && n < max; p++) {
            double v = s->part[p][low[j].k], ep = s->part[p][STATS_F_ENROLMENT];
            if (isnan(ep) && single && (parts & (1u << p))) ep = e;
            if (isnan(v) || v <= 0 || isnan(ep) || ep <= 0 || v / ep >= low[j].min) continue;
            unit_found(&out[n++], low[j].extra, low[j].k, p, v, ep, low[j].unit, low[j].scaled);
            part_warned = true;
        }
        if (part_warned || n >= max) continue;
        double v = low[j].extra ? s->extra[low[j].k] : schools_total(s, (stats_field_t)low[j].k);
        if (isnan(v) || v <= 0 || v / e >= low[j].min) continue;
        unit_found(&out[n++], low[j].extra, low[j].k, -1, v, e, low[j].unit, low[j].scaled);
    }
    return n;
}

static void school_check(ctx_t *c, stats_school_t *s, const col_t *known, bool level_ok,
                         const bool *bad)
{
    if (!level_ok) return;
    unsigned parts = stats_level_parts(s->level);
    bool combined = (parts & (parts - 1)) != 0;
    char desc[160];
    /* Counts given for a level the school does not have. */
    for (int p = 0; p < STATS_PART_COUNT; p++) {
        if (parts & (1u << p)) continue;
        for (int f = 0; f < STATS_F_COUNT; f++) {
            if (isnan(s->part[p][f])) continue;
            const col_t *col = &known[N_FIXED + f * (STATS_PART_COUNT + 1) + 1 + p];
            col_describe(col, desc, sizeof desc);
            report(c, s->line, _("%s: a %s school (%s) has no %s part (%s)"), desc,
                   stats_level_code(s->level), stats_level_zh(s->level),
                   stats_part_code((stats_part_t)p), stats_part_zh((stats_part_t)p));
        }
    }
    if (combined) {
        double sum = 0;
        bool all = true;
        for (int p = 0; p < STATS_PART_COUNT; p++) {
            if (!(parts & (1u << p))) continue;
            if (isnan(s->part[p][STATS_F_ENROLMENT])) {
                all = false;
                if (bad[STATS_F_ENROLMENT]) continue;
                const col_t *col = &known[N_FIXED + STATS_F_ENROLMENT * (STATS_PART_COUNT + 1) + 1 + p];
                col_describe(col, desc, sizeof desc);
                /* the column may be missing from the file altogether: say to add
                 * it, by a header the reader knows (review rclerk6 item 7) */
                report(c, s->line,
                       _("%s: a %s school needs the enrolment of each level: fill in this column (if the "
                         "file has none, add a column headed %s)"),
                       desc, stats_level_zh(s->level), col->zh);
                all = false;
            } else {
                sum += s->part[p][STATS_F_ENROLMENT];
            }
        }
        if (all && !isnan(s->whole[STATS_F_ENROLMENT]) && s->whole[STATS_F_ENROLMENT] != sum &&
            c->warnings)
            jh_buf_printf(c->warnings,
                          _("%s:%d: school %s: enrolment %.0f differs from the sum of its levels "
                            "%.0f (数据打架); the levels are used\n"),
                          c->name, s->line, s->code, s->whole[STATS_F_ENROLMENT], sum);
        /* Every other count given for the whole and for levels: the
         * levels must not give more than the whole (the statistics share
         * the rest among the levels without a value of their own), nor,
         * all given, add up to another figure. */
        for (int f = 1; f < STATS_F_COUNT && c->warnings; f++) {
            if (isnan(s->whole[f]) || bad[f]) continue;
            double given = 0;
            int n_given = 0, n_levels = 0;
            for (int p = 0; p < STATS_PART_COUNT; p++) {
                if (!(parts & (1u << p))) continue;
                n_levels++;
                if (!isnan(s->part[p][f])) {
                    given += s->part[p][f];
                    n_given++;
                }
            }
            if (n_given == 0) continue;
            double tol = 1e-9 * fabs(s->whole[f]);
            col_describe(&known[N_FIXED + f * (STATS_PART_COUNT + 1)], desc, sizeof desc);
            if (n_given == n_levels && fabs(given - s->whole[f]) > tol)
                jh_buf_printf(c->warnings,
                              _("%s:%d: school %s: %s %.10g differs from the sum of its levels "
                                "%.10g (数据打架); the levels are used\n"),
                              c->name, s->line, s->code, desc, s->whole[f], given);
            else if (n_given < n_levels && given > s->whole[f] + tol)
                jh_buf_printf(c->warnings,
                              _("%s:%d: school %s: %s %.10g is less than the levels given "
                                "(%.10g in all) (数据打架); the levels without a value of their "
                                "own have no data\n"),
                              c->name, s->line, s->code, desc, s->whole[f], given);
        }
    } else {
        int p = __builtin_ctz(parts);
        if (isnan(s->whole[STATS_F_ENROLMENT]) && isnan(s->part[p][STATS_F_ENROLMENT]) &&
            !bad[STATS_F_ENROLMENT]) {
            col_describe(&known[N_FIXED], desc, sizeof desc);
            report(c, s->line, _("%s: value missing"), desc);
        }
        /* A single-level school giving a count twice (在校生数 1000 and
         * 小学在校生数 900): the level's is used, as for a combined school. */
        for (int f = 0; f < STATS_F_COUNT && c->warnings; f++) {
            double w = s->whole[f], v = s->part[p][f];
            if (isnan(w) || isnan(v) || bad[f] || fabs(w - v) <= 1e-9 * fabs(w)) continue;
            char desc2[160];
            col_describe(&known[N_FIXED + f * (STATS_PART_COUNT + 1)], desc, sizeof desc);
            col_describe(&known[N_FIXED + f * (STATS_PART_COUNT + 1) + 1 + p], desc2, sizeof desc2);
            jh_buf_printf(c->warnings,
                          _("%s:%d: school %s: %s %.10g differs from %s %.10g (数据打架); the "
                            "level's value is used\n"),
                          c->name, s->line, s->code, desc, w, desc2, v);
        }
    }
    /* No students: the school (or the part) is left out of the statistics
     * with a stated reason (issue 19 item 9); say so now. */
    if (c->warnings) {
        double total = 0;
        bool known = false;
        for (int p = 0; p < STATS_PART_COUNT; p++) {
            if (!(parts & (1u << p))) continue;
            double e = !isnan(s->part[p][STATS_F_ENROLMENT]) ? s->part[p][STATS_F_ENROLMENT]
                       : combined                          ? NAN
                                                           : s->whole[STATS_F_ENROLMENT];
            if (isnan(e)) continue;
            known = true;
            total += e;
            if (combined && e == 0 && p != STATS_PART_SENIOR)
                jh_buf_printf(c->warnings,
                              _("%s:%d: school %s: its %s part has no students (%s在校生数为 0): it "
                                "is not counted as a %s school\n"),
                              c->name, s->line, s->code, stats_part_code((stats_part_t)p),
                              stats_part_zh((stats_part_t)p), stats_part_code((stats_part_t)p));
        }
        if (known && total == 0)
            jh_buf_printf(c->warnings,
                          _("%s:%d: school %s has no students (在校生数为 0): it is left out of "
                            "every CV and of compliance\n"),
                          c->name, s->line, s->code);
    }
    /* Amounts far below any real school for its students: typed in 万元,
     * 万平方米 or 万册 (schools_unit_checks). */
    if (c->warnings) {
        schools_unit_t u[SCHOOLS_UNIT_MAX];
        int n_u = schools_unit_checks(s, bad, u, SCHOOLS_UNIT_MAX);
        const col_t *xc = &known[N_FIXED + STATS_F_COUNT * (STATS_PART_COUNT + 1) + STATS_N_REPORTED];
        for (int j = 0; j < n_u; j++) {
            col_describe(u[j].extra ? &xc[u[j].x] : &known[N_FIXED + u[j].f * (STATS_PART_COUNT + 1) + 1 + u[j].part],
                         desc, sizeof desc);
            jh_buf_printf(c->warnings,
                          _("%s:%d: warning: school %s: %s %.10g for %.0f students is %s %s a student, far "
                            "below any real school: was it typed in %s? The column is read in %s\n"),
                          c->name, s->line, s->code, desc, u[j].value, u[j].students, u[j].per, u[j].unit,
                          u[j].scaled, u[j].unit);
        }
    }
    /* A count of some of the teachers (above the required degree, by
     * degree, with a title, backbone, PE/art) above the full-time teachers
     * of the school, or of a level when both are given per level: a typing
     * error that would push up L1-L3, B7 and B8 (review rexcel7 item 1). */
    if (!bad[STATS_F_TEACHERS]) {
        static const stats_field_t sub[] = {STATS_F_ABOVE_QUAL,   STATS_F_DEG_COLLEGE, STATS_F_DEG_BACHELOR,
                                            STATS_F_DEG_POSTGRAD, STATS_F_SENIOR_TITLE, STATS_F_BACKBONE,
                                            STATS_F_PE_ART};
        /* (the level named in the message's language: review r2excel item 9a) */
        static const char *const part_label[STATS_PART_COUNT] = {N_("primary"), N_("junior"), N_("senior")};
        double teachers = schools_total(s, STATS_F_TEACHERS);
        for (size_t j = 0; j < sizeof sub / sizeof *sub; j++) {
            stats_field_t f = sub[j];
            if (bad[f]) continue;
            bool said = false;
            for (int p = 0; p < STATS_PART_COUNT; p++) {
                double v = s->part[p][f], t = s->part[p][STATS_F_TEACHERS];
                if (!(parts & (1u << p)) || isnan(v) || isnan(t) || v <= t) continue;
                col_describe(&known[N_FIXED + f * (STATS_PART_COUNT + 1) + 1 + p], desc, sizeof desc);
                report(c, s->line,
                       _("%s: %.0f is more than the %s part's %.0f full-time teachers (%s专任教师数); a count "
                         "of some of the teachers cannot be larger"),
                       desc, v, _(part_label[p]), t, stats_part_zh((stats_part_t)p));
                said = true;
            }
            double v = schools_total(s, f);
            if (said || isnan(v) || isnan(teachers) || v <= teachers) continue;
            col_describe(&known[N_FIXED + f * (STATS_PART_COUNT + 1)], desc, sizeof desc);
            report(c, s->line,
                   _("%s: %.0f is more than the school's %.0f full-time teachers (专任教师数); a count of some "
                     "of the teachers cannot be larger"),
                   desc, v, teachers);
        }
        /* Each teacher is counted under one highest degree: the degree
         * counts (which the rule adds up for the teachers above the required
         * degree, L1) cannot add up to more than the full-time teachers
         * either (review r2excel item 1). A count above them on its own is
         * reported above. */
        if (!bad[STATS_F_DEG_COLLEGE] && !bad[STATS_F_DEG_BACHELOR] && !bad[STATS_F_DEG_POSTGRAD]) {
            bool said = false;
            for (int p = 0; p < STATS_PART_COUNT; p++) {
                double t = s->part[p][STATS_F_TEACHERS], sum = 0;
                bool alone = false;
                int n = 0;
                if (!(parts & (1u << p)) || isnan(t)) continue;
                for (int g = STATS_F_DEG_COLLEGE; g <= STATS_F_DEG_POSTGRAD; g++) {
                    double v = s->part[p][g];
                    if (isnan(v)) continue;
                    sum += v, n++;
                    alone |= v > t;
                }
                if (n < 2 || alone || sum <= t) continue;
                report(c, s->line,
                       _("the degree counts (大专/本科/研究生学历教师数) of the %s part add up to %.0f, more "
                         "than its %.0f full-time teachers (%s专任教师数); each teacher is counted under one "
                         "highest degree"),
                       _(part_label[p]), sum, t, stats_part_zh((stats_part_t)p));
                said = true;
            }
            double sum = 0;
            bool alone = false;
            int n = 0;
            for (int g = STATS_F_DEG_COLLEGE; g <= STATS_F_DEG_POSTGRAD; g++) {
                double v = schools_total(s, (stats_field_t)g);
                if (isnan(v)) continue;
                sum += v, n++;
                alone |= v > teachers;
            }
            if (!said && !isnan(teachers) && n >= 2 && !alone && sum > teachers)
                report(c, s->line,
                       _("the degree counts (大专/本科/研究生学历教师数) add up to %.0f, more than the school's "
                         "%.0f full-time teachers (专任教师数); each teacher is counted under one highest "
                         "degree"),
                       sum, teachers);
        }
    }
    /* Private, special and vocational schools are left out of the
     * calculation, so their counts may be blank. */
    if (s->kind == STATS_KIND_PRIVATE || s->kind == STATS_KIND_SPECIAL ||
        s->kind == STATS_KIND_VOCATIONAL)
        return;
    for (int f = 1; f < STATS_F_COUNT; f++) {
        bool given = !isnan(s->whole[f]);
        if (!given) {
            given = true;
            for (int p = 0; p < STATS_PART_COUNT; p++)
                if ((parts & (1u << p)) && isnan(s->part[p][f])) given = false;
        }
        if (bad[f]) continue; /* already reported */
        if (f == STATS_F_ABOVE_QUAL && !given) {
            /* Either the count or the full degree breakdown. */
            bool deg = true;
            for (int g = STATS_F_DEG_COLLEGE; g <= STATS_F_DEG_POSTGRAD; g++) {
                bool gg = !isnan(s->whole[g]);
                if (!gg) {
                    gg = true;
                    for (int p = 0; p < STATS_PART_COUNT; p++)
                        if ((parts & (1u << p)) && isnan(s->part[p][g])) gg = false;
                }
                deg = deg && gg;
            }
            if (!deg) {
                col_describe(&known[N_FIXED + f * (STATS_PART_COUNT + 1)], desc, sizeof desc);
                report(c, s->line,
                       _("%s: value missing (give it, or the teachers by degree: "
                       "teachers_college, teachers_bachelor, teachers_postgraduate)"),
                       desc);
            }
            continue;
        }
        if (!field_required((stats_field_t)f) || given) continue;
        col_describe(&known[N_FIXED + f * (STATS_PART_COUNT + 1)], desc, sizeof desc);
        report(c, s->line, _("%s: value missing"), desc);
    }
}

/* Whether s has a full-width digit, point or comma (０-９, ．, ，): typed
 * with a Chinese input method in full-width mode. */
bool schools_has_fullwidth_digit(const char *s)
{
    for (const unsigned char *u = (const unsigned char *)s; *u; u++)
        if (u[0] == 0xEF && u[1] == 0xBC && ((u[2] >= 0x90 && u[2] <= 0x99) || u[2] == 0x8E || u[2] == 0x8C))
            return true;
    return false;
}

#define FULLWIDTH_MSG                                                                          \
    N_("%s: '%s' has full-width digits (全角数字, e.g. １８６０): type the number with the input method in " \
       "half-width mode (半角)")

#define COMMA_MSG                                                                              \
    N_("column %d, %s: '%s' has a comma that is not a thousands separator (逗号只能用作千位分隔符, " \
       "e.g. 10,400.5 or 10400.5; use a point for decimals)")
#define RANGE_MSG                                                                              \
    N_("column %d, %s: '%s' is not plausible for one school (超出合理范围, at most %s); check the cell")

#define SIGNOFF_MSG                                                                            \
    N_("the row starting '%s' is a sign-off or note below the table (填表人、审核人、填报日期 …), not data: "  \
       "delete these rows or move them to another sheet")
#define MONEY_MSG                                                                              \
    N_("column %d, %s: '%s' is a cell in Excel's Currency or Accounting format (货币/会计专用格式, a ¥ " \
       "sign): select the column, set its format to General (常规), type the numbers without ¥ and save as " \
       "CSV UTF-8 again")
/* A lone - is what a clerk types for "none" or "does not apply" as often as
 * what the Accounting format writes for 0: 0 in a level the school does not
 * have is refused, so the cell is to be left empty there (review r2excel
 * item 4). */
#define DASH_MSG                                                                               \
    N_("column %d, %s: '%s' is not a number: leave the cell empty where the item does not apply to the " \
       "school, type 0 only where the count or amount really is 0")

/* Whether v is what Excel's 货币 or 会计专用 format writes into a CSV: a ¥
 * (U+00A5) or ￥ (U+FFE5) before the number, or a lone - for 0. */
static bool excel_money(const char *v)
{
    if (*v == '-') v++;
    if (!*v) return true;
    return !strncmp(v, "\xC2\xA5", 2) || !strncmp(v, "\xEF\xBF\xA5", 3);
}

/* The message for a cell excel_money() matches: a lone - told apart. */
static const char *money_msg(const char *v)
{
    return v[0] == '-' && !v[1] ? DASH_MSG : MONEY_MSG;
}

const char *schools_money_msg(const char *v)
{
    return v[0] && excel_money(v) ? money_msg(v) : NULL;
}

/* Whether v looks like Excel's scientific notation of a number
 * ("1.2E+11", "3.60102E+11", "1E+11"): what Excel makes of a long code
 * typed into a General cell. */
static bool sci_notation(const char *v)
{
    const char *p = v;
    if (!isdigit((unsigned char)*p)) return false;
    while (isdigit((unsigned char)*p)) p++;
    if (*p == '.') {
        p++;
        if (!isdigit((unsigned char)*p)) return false;
        while (isdigit((unsigned char)*p)) p++;
    }
    if (*p != 'E' && *p != 'e') return false;
    p++;
    if (*p == '+' || *p == '-') p++;
    if (!isdigit((unsigned char)*p)) return false;
    while (isdigit((unsigned char)*p)) p++;
    return *p == 0;
}

/* A name no kiosk can hold (store.c's rule, which the kiosk's own bundle
 * reader applies to its exports: review rattack5 finding 1): said with the
 * file's line and column, and the character's place in the name. */
static bool name_problem(ctx_t *c, int line, int col, const char *desc, const char *v)
{
    if (store_setting_valid("school_name", v, NULL)) return false;
    jh_buf_t shown = {0};
    jh_buf_puts(&shown, "");
    jh_buf_put_escaped(&shown, v);
    uint32_t cp;
    const char *bad = jh_first_control(v, &cp);
    if (bad && (cp == '\n' || cp == '\r'))
        report(c, line,
               _("column %d, %s: the name '%s' has a line break inside (换行, in Excel typed with Alt+Enter), "
                 "which a kiosk cannot hold: delete the line break in the cell, then save as CSV UTF-8 again"),
               col + 1, desc, shown.data);
    else if (bad)
        report(c, line,
               _("column %d, %s: the name '%s' holds an invisible control or direction character (U+%04X, character "
                 "%zu of the name; 不可见的控制字符或文字方向字符, often pasted from a web page or another file): it "
                 "can reverse or hide the text after it in the report, and a kiosk's exports would be refused for it. Type "
                 "the name into the cell again by hand, then save as CSV UTF-8 again"),
               col + 1, desc, shown.data, (unsigned)cp, jh_char_number(v, bad));
    else
        report(c, line, _("column %d, %s: the name '%s' has more than 100 characters, more than a kiosk can hold"),
               col + 1, desc, shown.data);
    jh_buf_free(&shown);
    return true;
}

bool schools_code_problem(const char *v, char *why, size_t n)
{
    if (store_setting_valid("school_code", v, NULL)) return false;
    const unsigned char *u = (const unsigned char *)v;
    size_t chars = 0;
    for (const unsigned char *p = u; *p; p++) chars += (*p & 0xC0) != 0x80;
    for (size_t i = 0; u[i]; i++) {
        /* U+FF10-FF19 digits, U+FF21-FF3A / U+FF41-FF5A letters: EF BC 90..99, A1..BA; EF BD 81..9A */
        if (u[i] == 0xEF && ((u[i + 1] == 0xBC && ((u[i + 2] >= 0x90 && u[i + 2] <= 0x99) ||
                                                     (u[i + 2] >= 0xA1 && u[i + 2] <= 0xBA))) ||
                             (u[i + 1] == 0xBD && u[i + 2] >= 0x81 && u[i + 2] <= 0x9A))) {
            snprintf(why, n, "%s",
                     _("it has full-width digits or letters (全角字符, e.g. ３ for 3): retype it with the input "
                       "method in half-width mode (半角)"));
            return true;
        }
        /* U+200B-200D zero-width (non-)joiners and space, U+2060 word joiner, U+FEFF */
        if ((u[i] == 0xE2 && u[i + 1] == 0x80 && u[i + 2] >= 0x8B && u[i + 2] <= 0x8D) ||
            (u[i] == 0xE2 && u[i + 1] == 0x81 && u[i + 2] == 0xA0) ||
            (u[i] == 0xEF && u[i + 1] == 0xBB && u[i + 2] == 0xBF)) {
            snprintf(why, n, _("it has an invisible zero-width character (零宽字符 U+%04X, pasted from a web page or "
                               "a chat): delete the cell and type the code again"),
                     u[i] == 0xEF ? 0xFEFFu : u[i + 1] == 0x81 ? 0x2060u : 0x2000u + (u[i + 2] - 0x80u));
            return true;
        }
        if (u[i] == '\n' || u[i] == '\r') {
            snprintf(why, n, "%s", _("it has a line break inside (Alt+Enter in the cell): delete it"));
            return true;
        }
    }
    if (chars > 32) {
        snprintf(why, n, _("it is %zu characters long"), chars);
        return true;
    }
    size_t bad = 0;
    while (u[bad] && u[bad] < 0x80 && (isalnum(u[bad]) || u[bad] == '_' || u[bad] == '-')) bad++;
    size_t blen = (u[bad] & 0xE0) == 0xC0 ? 2 : (u[bad] & 0xF0) == 0xE0 ? 3 : (u[bad] & 0xF8) == 0xF0 ? 4 : 1;
    jh_buf_t shown = {0};
    char *one = jh_strndup(v + bad, blen);
    jh_buf_puts(&shown, "");
    jh_buf_put_escaped(&shown, one);
    snprintf(why, n, u[bad] == ' ' ? _("it has a space inside") : _("it has '%s' in it"), shown.data);
    free(one);
    jh_buf_free(&shown);
    return true;
}

/* ---- a sheet's first row (review rreg4 item 6) ------------------------------ */

/* How many cells of r name a register column. */
static int header_known(const col_t *known, const row_t *r)
{
    int n = 0;
    char bad[256];
    for (int i = 0; i < r->n; i++)
        if (r->cells[i][0] && match_header(known, r->cells[i], bad, sizeof bad)) n++;
    return n;
}

/* How many cells of r name a column of the county facts sheet (代码 (key),
 * 项目 (item), 值 (value), 依据 (evidence)). */
static int facts_heads(const row_t *r)
{
    static const char *const heads[] = {"代码", "项目", "值", "依据", "key", "item", "value", "evidence", NULL};
    int n = 0;
    for (int i = 0; i < r->n; i++) {
        char name[64], inside[64];
        schools_header_split(r->cells[i], name, sizeof name, inside, sizeof inside);
        for (int h = 0; heads[h]; h++)
            if (!strcasecmp(name, heads[h])) {
                n++;
                break;
            }
    }
    return n;
}

int schools_header_columns(const schools_row_t *r)
{
    col_t known[N_KNOWN];
    known_columns(known);
    row_t row = {.cells = r->cells, .raw = r->raw, .n = r->n, .line = r->line};
    return header_known(known, &row);
}

/* ---- one school twice ------------------------------------------------------ */

typedef struct {
    const char *name; /* without the blanks at its edges: name[0..len) */
    size_t len;
    int line, ix;
} name_key_t;

/* by name, then by line */
static int name_key_cmp(const void *pa, const void *pb)
{
    const name_key_t *x = pa, *y = pb;
    int r = memcmp(x->name, y->name, x->len < y->len ? x->len : y->len);
    if (!r) r = (x->len > y->len) - (x->len < y->len);
    return r ? r : (x->line > y->line) - (x->line < y->line);
}

/* by the first int */
static int int_cmp(const void *a, const void *b)
{
    const int *x = a, *y = b;
    return (x[0] > y[0]) - (x[0] < y[0]);
}

static bool same_doubles(const double *x, const double *y, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!(x[i] == y[i] || (isnan(x[i]) && isnan(y[i])))) return false;
    return true;
}

/* field by field: a memcmp of the struct's bytes read its padding and
 * told two NaNs of other bits apart */
bool schools_ignored_column(const char *cell)
{
    static const char *const names[] = {"序号", "编号", "备注", "说明", "附注", "no", "no.", "#", "serial",
                                        "remark", "remarks", "note", "notes", "comment", "comments", NULL};
    char name[64], inside[64];
    if (!cell[0]) return false;
    schools_header_split(cell, name, sizeof name, inside, sizeof inside);
    /* 序 号, 序　号, 备  注: spaces typed to widen the header (review
     * r2excel item 7) */
    size_t k = 0;
    for (const char *p = name; *p; p++) {
        if (*p == ' ') continue;
        if (!strncmp(p, "\xE3\x80\x80", 3)) { /* U+3000 */
            p += 2;
            continue;
        }
        name[k++] = *p;
    }
    name[k] = 0;
    for (int i = 0; names[i]; i++)
        if (!strcasecmp(name, names[i])) return true;
    return false;
}

void schools_ignored_note(jh_buf_t *notes, const char *name, int line, const jh_buf_t *list, int n)
{
    if (!notes || !n) return;
    jh_buf_printf(notes, _("%s:%d: note: not read: %s (序号, 备注 and 说明 columns are ignored)\n"), name, line,
                  list->data);
}

void schools_ignored_add(jh_buf_t *list, int *n, int col, const char *cell)
{
    jh_buf_t shown = {0};
    jh_buf_puts(&shown, "");
    jh_buf_put_escaped(&shown, cell);
    jh_buf_printf(list, _("%scolumn %d '%s'"), (*n)++ ? ", " : "", col + 1, shown.data);
    jh_buf_free(&shown);
}

bool schools_reads_as_note(const char *s)
{
    /* notes and the sign-off under a Chinese form: 填表人：张三, 审核人：李四,
     * 填报日期：2026年9月1日, 单位负责人, 联系电话 (review rexcel7 item 5) */
    static const char *const starts[] = {"注", "说明", "填表人", "备注", "制表", "审核", "复核", "填报",
                                         "负责人", "单位负责人", "主管", "分管", "联系电话", "联系人", "电话",
                                         "日期", "签字", "签名", "盖章", "校长", "统计人",
                                         /* review r2excel item 3 */
                                         "填表", "报送", "经办人", "统计员", "单位（盖章）", "单位(盖章)",
                                         "学校（盖章）", "学校(盖章)"};
    for (size_t i = 0; i < sizeof starts / sizeof *starts; i++)
        if (!strncmp(s, starts[i], strlen(starts[i]))) return true;
    return false;
}

bool schools_reads_as_total(const char *s)
{
    /* 合计, 总计, 小计, 全县合计, "合  计" (spaces typed to widen it), Total */
    char t[64];
    size_t k = 0;
    for (const char *p = s; *p && k + 1 < sizeof t; p++) {
        if (*p == ' ') continue;
        if (!strncmp(p, "\xE3\x80\x80", 3)) { /* U+3000 */
            p += 2;
            continue;
        }
        t[k++] = *p;
    }
    t[k] = 0;
    if (strstr(t, "合计") || strstr(t, "总计") || strstr(t, "小计")) return true;
    return !strcasecmp(t, "total") || !strcasecmp(t, "sum") || !strcasecmp(t, "subtotal");
}

bool schools_same_values(const stats_school_t *a, const stats_school_t *b)
{
    bool same = a->level == b->level && a->locality == b->locality && a->kind == b->kind &&
                same_doubles(a->whole, b->whole, STATS_F_COUNT) &&
                same_doubles(a->reported, b->reported, STATS_N_REPORTED) &&
                same_doubles(a->extra, b->extra, STATS_X_COUNT);
    for (int p = 0; p < STATS_PART_COUNT && same; p++) same = same_doubles(a->part[p], b->part[p], STATS_F_COUNT);
    return same;
}

/* Two rows with the same school name under two codes and the same values
 * (a row copied, the code retyped: review rreg4 item 2) count one school
 * twice in every CV and compliance rate: refused naming both lines, in
 * line order.  Two rows of one name whose values differ may be two
 * schools of one name (the rounds keep such registers): a warning naming
 * both lines.  (Same codes: refused apart.) */
static void same_names(ctx_t *c, const stats_school_t *s, int n)
{
    if (n < 2) return;
    name_key_t *k = jh_xcalloc((size_t)n, sizeof *k);
    int *later = jh_xcalloc((size_t)n * 2, sizeof *later), np = 0; /* (line, index of the first) */
    for (int i = 0; i < n; i++) {
        size_t a;
        schools_trim_span(s[i].name, &a, &k[i].len);
        k[i].name = s[i].name + a;
        k[i].line = s[i].line;
        k[i].ix = i;
    }
    qsort(k, (size_t)n, sizeof *k, name_key_cmp);
    for (int i = 1, first = 0; i < n; i++) {
        const name_key_t *a = &k[first], *b = &k[i];
        if (a->len != b->len || memcmp(a->name, b->name, a->len)) {
            first = i;
            continue;
        }
        const char *ca = s[a->ix].code, *cb = s[b->ix].code;
        if (!b->len || !ca[0] || !cb[0] || !strcmp(ca, cb)) continue;
        later[2 * np] = b->ix;
        later[2 * np + 1] = a->ix;
        np++;
    }
    /* rows are in line order: sorting by the later row's index sorts by line */
    qsort(later, (size_t)np, 2 * sizeof *later, int_cmp);
    for (int p = 0; p < np; p++) {
        const stats_school_t *b = &s[later[2 * p]], *a = &s[later[2 * p + 1]];
        jh_buf_t shown = {0};
        jh_buf_puts(&shown, "");
        jh_buf_put_escaped(&shown, b->name);
        if (schools_same_values(a, b))
            report(c, b->line,
                   _("column 'name' (学校名称): '%s' (code %s) already appears on line %d (code %s) with the same "
                     "values: one school twice under two codes (同一所学校出现两次): delete the repeated row"),
                   shown.data, b->code, a->line, a->code);
        else if (c->warnings)
            jh_buf_printf(c->warnings,
                          _("%s:%d: warning: school name '%s' (code %s) also on line %d (code %s): if it is one "
                            "school twice, delete one row (it would count twice); two schools of one name are best "
                            "told apart in the name (e.g. the township's: 青山镇中心小学)\n"),
                          c->name, b->line, shown.data, b->code, a->line, a->code);
        jh_buf_free(&shown);
    }
    free(later);
    free(k);
}

jh_status_t schools_read_text(const char *name, const char *text, size_t len,
                              stats_school_t **out, int *n_out, jh_buf_t *errors,
                              jh_buf_t *warnings, jh_err_t *err)
{
    ctx_t c = {name, errors, warnings, err, 0};
    col_t known[N_KNOWN];
    known_columns(known);
    row_t row = {0};
    const col_t **cols = NULL;
    bool *ignored = NULL; /* columns read by nobody (序号, 备注) */
    stats_school_t *schools = NULL;
    int n = 0, cap = 0, ncols = 0;
    bool bad_quote;
    char *decoded = NULL; /* the text decoded into UTF-8 (GBK, UTF-16) */
    *out = NULL;
    *n_out = 0;

    while (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) { /* (two BOMs: saved with one by two programs) */
        text += 3;
        len -= 3;
    }
    const char *other = other_file_msg(text, len);
    if (other) {
        report(&c, 0, "%s", other);
        goto done;
    }
    const char *enc;
    size_t dlen;
    decoded = decode_other(text, len, &dlen, &enc);
    if (decoded) {
        text = decoded;
        len = dlen;
        while (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) { /* (UTF-16's byte-order mark) */
            text += 3;
            len -= 3;
        }
    }
    size_t bad_at;
    if (!utf8_valid((const unsigned char *)text, len, &bad_at)) {
        int line;
        char why[512];
        not_utf8_msg(text, len, bad_at, &line, why, sizeof why);
        report(&c, line, "%s", why);
        goto done;
    }
    lexer_t lx = {text, text + len, 1, sep_of(text, len)};
    read_notes(warnings, name, enc, lx.sep);
    do {
        if (!next_row(&lx, &row, &bad_quote)) {
            report(&c, 0, _("the file is empty: expected a header row (see `junheng template schools`)"));
            goto done;
        }
    } while (row_empty(&row));
    if (bad_quote) report(&c, row.line, _("a quoted header cell never ends (missing '\"')"));
    /* the wrong sheet, or a title above the header: one line saying what
     * to do instead of a line per column (review rreg4 item 6) */
    if (!c.n_errors && header_known(known, &row) < 2) {
        if (facts_heads(&row) >= 2) {
            report(&c, row.line, "%s",
                   _("this is the county facts sheet (县级指标表: 代码, 项目, 值, 依据), not the school register: "
                     "load it with junheng county --db COUNTY.db FILE"));
            goto done;
        }
        lexer_t ahead = lx;
        row_t next = {0};
        bool q;
        for (int k = 0; k < 5 && next_row(&ahead, &next, &q); k++) {
            if (row_empty(&next) || header_known(known, &next) < 3) continue;
            jh_buf_t shown = {0};
            jh_buf_puts(&shown, "");
            for (int i = 0; i < row.n; i++)
                if (row.cells[i][0]) {
                    jh_buf_put_escaped(&shown, row.cells[i]);
                    break;
                }
            report(&c, row.line,
                   _("'%s' is not the header row: it looks like a title above the table; the header (学校代码, "
                     "学校名称 …) must be the first row: delete the rows above line %d (表头必须在第一行)"),
                   shown.data, next.line);
            jh_buf_free(&shown);
            break;
        }
        row_clear(&next);
        free(next.cells);
        free(next.raw);
        if (c.n_errors) goto done;
    }
    ncols = row.n;
    cols = jh_xcalloc((size_t)ncols, sizeof *cols);
    ignored = jh_xcalloc((size_t)ncols, sizeof *ignored);
    jh_buf_t ign_list = {0};
    int n_ign = 0;
    jh_buf_puts(&ign_list, "");
    for (int i = 0; i < ncols; i++) {
        if (!row.cells[i][0]) continue; /* blank columns are ignored */
        char bad_unit[256];
        jh_buf_t shown = {0}; /* (an Alt+Enter line break or a control character made visible) */
        jh_buf_puts(&shown, "");
        jh_buf_put_escaped(&shown, row.cells[i]);
        cols[i] = match_header(known, row.cells[i], bad_unit, sizeof bad_unit);
        /* 序号, 备注, 说明: on almost every Chinese form, read by nobody
         * (review rexcel7 item 6) */
        if (!cols[i] && schools_ignored_column(row.cells[i])) {
            ignored[i] = true;
            schools_ignored_add(&ign_list, &n_ign, i, row.cells[i]);
            jh_buf_free(&shown);
            continue;
        }
        if (!cols[i]) {
            report(&c, row.line, _("column %d: unknown column name '%s' (see `junheng template schools`)"),
                   i + 1, shown.data);
            jh_buf_free(&shown);
            continue;
        }
        if (bad_unit[0]) {
            char desc[160];
            col_describe(cols[i], desc, sizeof desc);
            const char *const *u = col_units(cols[i]); /* (set only on a column with a unit) */
            report(&c, row.line,
                   _("column %d, %s: '%s' names '%s' in brackets, which is not the column's unit: the "
                     "register reads this column in %s (看单位: 520 万元 would be read as 520 元); give the "
                     "values in %s and name the column %s or %s（%s）"),
                   i + 1, desc, shown.data, bad_unit, u[0], u[0], cols[i]->zh, cols[i]->zh, u[0]);
        }
        for (int j = 0; j < i; j++)
            if (cols[j] == cols[i])
                report(&c, row.line, _("column %d: '%s' repeats column %d"), i + 1, shown.data, j + 1);
        jh_buf_free(&shown);
    }
    if (!c.n_errors) schools_ignored_note(warnings, name, row.line, &ign_list, n_ign);
    jh_buf_free(&ign_list);
    for (int k = 0; k < N_FIXED; k++) {
        if (fixed_cols[k].type == COL_KIND) continue; /* optional: public by default */
        bool found = false;
        for (int i = 0; i < ncols; i++) found = found || (cols[i] && cols[i] == &known[k]);
        int numbered = -1; /* a 编号 column (ignored) holding the codes? (review r2excel item 9d) */
        for (int i = 0; i < ncols && fixed_cols[k].type == COL_CODE && numbered < 0; i++)
            if (ignored[i] && strstr(row.cells[i], "编号")) numbered = i;
        if (!found && numbered >= 0) {
            jh_buf_t shown = {0};
            jh_buf_puts(&shown, "");
            jh_buf_put_escaped(&shown, row.cells[numbered]);
            report(&c, row.line,
                   _("missing column '%s' (%s): column %d '%s' is read as a row number and ignored; if it "
                     "holds the school codes, name it %s"),
                   known[k].key, known[k].zh, numbered + 1, shown.data, known[k].zh);
            jh_buf_free(&shown);
        } else if (!found)
            report(&c, row.line, _("missing column '%s' (%s)"), known[k].key, known[k].zh);
    }
    if (c.n_errors) goto done;

    while (next_row(&lx, &row, &bad_quote)) {
        if (row_empty(&row)) continue;
        { /* a row with text in ignored columns only (序号 numbered ahead) is blank */
            bool only = true;
            for (int i = 0; i < row.n && only; i++)
                only = !row.cells[i][0] || (i < ncols && ignored[i]);
            if (only) continue;
        }
        if (bad_quote) {
            report(&c, row.line, _("a quoted cell never ends (missing '\"')"));
            break;
        }
        /* a note below the table (注：…, 填表人：…): one line saying so, not
         * one per column (review rreg4 item 6); a row of a code alone is a
         * school with its values missing */
        {
            int filled = 0, at = -1, first = -1;
            char why[256] = "";
            for (int i = 0; i < row.n; i++)
                if (row.cells[i][0] && !(i < ncols && ignored[i])) {
                    filled++, at = i;
                    if (first < 0) first = i;
                }
            /* a total row (合计) or a sign-off row with a cell or more
             * filled (填表人：… 审核人：… 联系电话：…): one line saying what
             * the row is, not an error per column (review rexcel7 item 5) */
            /* the label in an ignored column (合计 or 填表人：… under 序号, the
             * usual layout) counts too (review r2excel item 2) */
            int label = first;
            for (int i = 0; i < row.n; i++)
                if (row.cells[i][0]) {
                    if (i < ncols && ignored[i] &&
                        (schools_reads_as_total(row.cells[i]) || schools_reads_as_note(row.cells[i])))
                        label = i, filled++;
                    break;
                }
            if (label >= 0 && (schools_reads_as_total(row.cells[label]) ||
                               (filled > 1 && schools_reads_as_note(row.cells[label])))) {
                jh_buf_t shown = {0};
                jh_buf_puts(&shown, "");
                jh_buf_put_escaped(&shown, row.raw[label]);
                if (schools_reads_as_total(row.cells[label]))
                    report(&c, row.line,
                           _("the row starting '%s' is a total row (合计行: 请删除): the register holds one school "
                             "per row and every total is computed from them: delete the row"),
                           shown.data);
                else
                    report(&c, row.line, _(SIGNOFF_MSG), shown.data);
                jh_buf_free(&shown);
                continue;
            }
            if (filled == 1 && (at >= ncols || !cols[at] || cols[at]->type != COL_CODE ||
                                schools_code_problem(row.cells[at], why, sizeof why))) {
                jh_buf_t shown = {0};
                jh_buf_puts(&shown, "");
                jh_buf_put_escaped(&shown, row.raw[at]);
                /* text in a register column (a school's name typed alone)
                 * is a school with its code and values missing, not a
                 * note to delete: the note message only for text in no
                 * column or that reads as a note */
                if (at >= ncols || !cols[at] || schools_reads_as_note(row.cells[at]))
                    report(&c, row.line,
                           _("the row holds only '%s' (a note below the table?): the register holds one school per "
                             "row; delete the note rows (注、填表人 …) or move them to another sheet"),
                           shown.data);
                else if (cols[at]->type == COL_CODE)
                    report(&c, row.line,
                           _("the row holds only '%s' in column '%s' (%s), which is not a school code (%s), and the "
                             "school's values are missing"),
                           shown.data, cols[at]->key, cols[at]->zh, why);
                else
                    report(&c, row.line,
                           _("the row holds only '%s' in column '%s' (%s): the school's code (学校代码) and its "
                             "values are missing: give them, or delete the row if it is no school"),
                           shown.data, cols[at]->key, cols[at]->zh);
                jh_buf_free(&shown);
                continue;
            }
        }
        if (row.n != ncols) {
            bool extra_blank = row.n > ncols;
            for (int i = ncols; i < row.n; i++) extra_blank = extra_blank && !row.cells[i][0];
            if (!extra_blank) {
                report(&c, row.line, _("expected %d cells as in the header, got %d"), ncols, row.n);
                continue;
            }
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            schools = jh_xrealloc(schools, (size_t)cap * sizeof *schools);
        }
        stats_school_t *s = &schools[n];
        schools_init(s, row.line);
        bool level_ok = false, bad[STATS_F_COUNT] = {false};
        for (int i = 0; i < ncols; i++) {
            const col_t *col = cols[i];
            if (!col) continue;
            const char *v = row.cells[i];
            char desc[160], why[256];
            col_describe(col, desc, sizeof desc);
            switch (col->type) {
            case COL_CODE:
                if (!v[0])
                    report(&c, row.line, _("%s: not filled in (未填写)"), desc);
                else if (sci_notation(v))
                    report(&c, row.line,
                           _("column %d, %s: '%s' is a number Excel turned into scientific notation (科学计数法): "
                             "the code's digits are lost. Set the column's format to Text (文本) before typing "
                             "or pasting the codes (or type a ' before each), correct them and save as CSV UTF-8 "
                             "again"),
                           i + 1, desc, v);
                else if (schools_code_problem(v, why, sizeof why)) {
                    /* a code no kiosk can hold (store.c's rule) matches no answer and
                     * makes a county pack every kiosk refuses (review rcli finding 2) */
                    jh_buf_t shown = {0};
                    jh_buf_puts(&shown, "");
                    jh_buf_put_escaped(&shown, v);
                    report(&c, row.line,
                           _("column %d, %s: '%s' is not a school code a kiosk can hold: %s (学校代码只能由 1–32 个"
                             "半角字母、数字、_ 或 - 组成)"),
                           i + 1, desc, shown.data, why);
                    jh_buf_free(&shown);
                } else
                    snprintf(s->code, sizeof s->code, "%s", v);
                break;
            case COL_NAME:
                if (!v[0])
                    report(&c, row.line, _("%s: not filled in (未填写)"), desc);
                else if (strlen(row.raw[i]) >= sizeof s->name)
                    report(&c, row.line, _("%s: longer than %zu bytes"), desc, sizeof s->name - 1);
                else if (name_problem(&c, row.line, i, desc, row.raw[i]))
                    ;
                else /* free text: as typed */
                    snprintf(s->name, sizeof s->name, "%s", row.raw[i]);
                break;
            case COL_LEVEL:
                level_ok = stats_level_parse(v, &s->level);
                if (!level_ok && !v[0])
                    report(&c, row.line,
                           _("%s: not filled in (未填写); expected primary/小学, junior/初中, nine_year/九年一贯制, "
                             "complete_middle/完全中学 or twelve_year/十二年一贯制"),
                           desc);
                else if (!level_ok)
                    report(&c, row.line,
                           _("%s: expected primary/小学, junior/初中, nine_year/九年一贯制, "
                           "complete_middle/完全中学 or twelve_year/十二年一贯制, got '%s'"),
                           desc, v);
                break;
            case COL_LOCALITY:
                if (!v[0])
                    report(&c, row.line, _("%s: not filled in (未填写); expected urban/城区, town/镇区 or rural/乡村"),
                           desc);
                else if (!stats_locality_parse(v, &s->locality))
                    report(&c, row.line, _("%s: expected urban/城区, town/镇区 or rural/乡村, got '%s'"),
                           desc, v);
                break;
            case COL_KIND:
                if (v[0] && !stats_kind_parse(v, &s->kind))
                    report(&c, row.line,
                           _("%s: expected public/公办, private/民办, special/特殊教育学校, "
                           "vocational/职业学校, teaching_point/教学点 or non_county/非县属学校, got '%s'"),
                           desc, v);
                break;
            case COL_REPORTED: {
                double x = 0;
                if (!v[0]) break;
                num_status_t ns = parse_number(v, false, &x);
                if (ns == NUM_COMMA)
                    report(&c, row.line, _(COMMA_MSG), i + 1, desc, v);
                else if (ns != NUM_OK && schools_has_fullwidth_digit(v))
                    report(&c, row.line, _(FULLWIDTH_MSG), desc, v);
                else if (ns != NUM_OK && excel_money(v))
                    report(&c, row.line, _(money_msg(v)), i + 1, desc, v);
                else if (ns != NUM_OK)
                    report(&c, row.line, _("%s: expected a number ≥ 0, got '%s'"), desc, v);
                else if (x > REPORTED_MAX)
                    report(&c, row.line, _(RANGE_MSG), i + 1, desc, v, "1,000,000");
                else
                    s->reported[col->field] = x;
                break;
            }
            case COL_EXTRA: {
                if (!v[0]) break;
                double x = 0;
                if (extra_names[col->field].kind == X_YES_NO) {
                    /* 无 under 无过重课业负担 says "no burden" to one clerk and "no"
                     * to the reader: 有/无 is refused on a column whose name is
                     * itself a negation (review rreg4 item 5) */
                    if ((stats_extra_t)col->field == STATS_X_NO_BURDEN && (!strcmp(v, "无") || !strcmp(v, "有")))
                        report(&c, row.line,
                               _("%s: '%s' is ambiguous under a column whose name is a negation (无 may mean "
                                 "\"no excess burden\" or \"no\"): type 是 (yes, there is no excess burden) or 否 "
                                 "(no, there is)"),
                               desc, v);
                    else if (!schools_parse_yes_no(v, &x))
                        report(&c, row.line, _("%s: expected 是/否 (yes/no), got '%s'"), desc, v);
                    else
                        s->extra[col->field] = x;
                    break;
                }
                num_status_t ns = parse_number(v, col->whole_number, &x);
                if (ns == NUM_COMMA) {
                    report(&c, row.line, _(COMMA_MSG), i + 1, desc, v);
                } else if (ns != NUM_OK && schools_has_fullwidth_digit(v)) {
                    report(&c, row.line, _(FULLWIDTH_MSG), desc, v);
                } else if (ns != NUM_OK && excel_money(v)) {
                    report(&c, row.line, _(money_msg(v)), i + 1, desc, v);
                } else if (ns != NUM_OK) {
                    report(&c, row.line,
                           col->whole_number ? _("%s: expected a whole number ≥ 0, got '%s'")
                                             : _("%s: expected a number ≥ 0, got '%s'"),
                           desc, v);
                } else if (x > extra_names[col->field].max) {
                    char max[64];
                    stats_format_amount(extra_names[col->field].max, 0, max, sizeof max);
                    report(&c, row.line, _(RANGE_MSG), i + 1, desc, v, max);
                } else {
                    s->extra[col->field] = x;
                }
                break;
            }
            case COL_NUMBER: {
                if (!v[0]) break;
                double x = 0;
                num_status_t ns = parse_number(v, col->whole_number, &x);
                if (ns != NUM_OK || x > field_max(col->field)) {
                    char max[64];
                    stats_format_amount(field_max(col->field), 0, max, sizeof max);
                    if (ns == NUM_COMMA)
                        report(&c, row.line, _(COMMA_MSG), i + 1, desc, v);
                    else if (ns != NUM_OK && schools_has_fullwidth_digit(v))
                        report(&c, row.line, _(FULLWIDTH_MSG), desc, v);
                    else if (ns != NUM_OK && excel_money(v))
                        report(&c, row.line, _(money_msg(v)), i + 1, desc, v);
                    else if (ns == NUM_OK)
                        report(&c, row.line, _(RANGE_MSG), i + 1, desc, v, max);
                    else if (col->whole_number)
                        report(&c, row.line, _("%s: expected a whole number ≥ 0, got '%s'"), desc, v);
                    else
                        report(&c, row.line, _("%s: expected a number ≥ 0, got '%s'"), desc, v);
                    bad[col->field] = true;
                    break;
                }
                if (col->part < 0)
                    s->whole[col->field] = x;
                else
                    s->part[col->part][col->field] = x;
                break;
            }
            }
        }
        school_check(&c, s, known, level_ok, bad);
        if (level_ok) extras_check(&c, s, known);
        if (s->code[0])
            for (int j = 0; j < n; j++)
                if (!strcmp(schools[j].code, s->code)) {
                    report(&c, row.line, _("column 'code' (学校代码): school code '%s' already appears on line %d"),
                           s->code, schools[j].line);
                    break;
                }
        n++;
    }
    same_names(&c, schools, n);
    if (n == 0 && c.n_errors == 0) report(&c, 0, _("no schools: the file has a header row only"));

done:
    row_clear(&row);
    free(row.cells);
    free(row.raw);
    free(cols);
    free(ignored);
    free(decoded);
    if (c.n_errors) {
        free(schools);
        return JH_ERR_INVALID;
    }
    *out = schools;
    *n_out = n;
    return JH_OK;
}

jh_status_t schools_read_file(const char *path, stats_school_t **out, int *n, jh_buf_t *errors,
                              jh_buf_t *warnings, jh_err_t *err)
{
    char *text = NULL;
    size_t len = 0;
    *out = NULL;
    *n = 0;
    jh_status_t st = jh_read_file_max(path, JH_INPUT_MAX_BYTES, &text, &len, err);
    if (st != JH_OK) {
        if (errors) jh_buf_printf(errors, "%s\n", err ? err->msg : path);
        return st;
    }
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    st = schools_read_text(base, text, len, out, n, errors, warnings, err);
    free(text);
    return st;
}

void schools_template(jh_buf_t *out, bool extras)
{
    col_t known[N_KNOWN];
    known_columns(known);
    jh_buf_puts(out, "\xEF\xBB\xBF");
    bool first = true;
    for (int i = 0; i < N_KNOWN; i++) {
        const col_t *c = &known[i];
        /* Per-level columns only for the enrolment: other counts of combined
         * schools are divided by weighted enrolment unless given per level. */
        if (c->type == COL_NUMBER && c->part >= 0 && c->field != STATS_F_ENROLMENT) continue;
        if (c->type == COL_REPORTED) continue;
        if (c->type == COL_EXTRA && !extras) continue;
        if (c->type == COL_NUMBER && c->part < 0 && c->field >= STATS_F_DEG_COLLEGE &&
            c->field <= STATS_F_DEG_POSTGRAD)
            continue;
        /* the unit the column is read in (review rexcel7 item 3): 教学仪器设备值（元） */
        const char *const *u = c->type == COL_NUMBER || c->type == COL_EXTRA ? col_units(c) : NULL;
        const char *unit = !u ? NULL
                           : c->type == COL_EXTRA && ((stats_extra_t)c->field == STATS_X_TRAINING_FUNDS ||
                                                      (stats_extra_t)c->field == STATS_X_PUBLIC_FUNDS)
                               ? "元/年"
                               : u[0];
        if (unit)
            jh_buf_printf(out, "%s%s（%s） (%s)", first ? "" : ",", c->zh, unit, c->key);
        else
            jh_buf_printf(out, "%s%s (%s)", first ? "" : ",", c->zh, c->key);
        first = false;
    }
    jh_buf_puts(out, "\r\n");
}

const char *schools_field_key(stats_field_t f)
{
    return field_names[f].key;
}

const char *schools_field_zh(stats_field_t f)
{
    return field_names[f].zh;
}
