/* json_locate.c - see json_locate.h. */
#include "json_locate.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *s;
    size_t len, i;
} scan_t;

static void skip_ws(scan_t *c)
{
    while (c->i < c->len && strchr(" \t\r\n", c->s[c->i]) && c->s[c->i]) c->i++;
}

/* Steps over a string starting at its opening quote. */
static bool skip_string(scan_t *c)
{
    if (c->i >= c->len || c->s[c->i] != '"') return false;
    for (c->i++; c->i < c->len; c->i++) {
        if (c->s[c->i] == '\\') c->i++;
        else if (c->s[c->i] == '"') {
            c->i++;
            return true;
        }
    }
    return false;
}

/* Steps over one value (any kind). */
static bool skip_value(scan_t *c)
{
    skip_ws(c);
    if (c->i >= c->len) return false;
    char ch = c->s[c->i];
    if (ch == '"') return skip_string(c);
    if (ch == '{' || ch == '[') {
        int depth = 0;
        while (c->i < c->len) {
            ch = c->s[c->i];
            if (ch == '"') {
                if (!skip_string(c)) return false;
                continue;
            }
            if (ch == '{' || ch == '[') depth++;
            else if ((ch == '}' || ch == ']') && --depth == 0) {
                c->i++;
                return true;
            }
            c->i++;
        }
        return false;
    }
    /* a number, true, false or null */
    while (c->i < c->len && !strchr(",]} \t\r\n", c->s[c->i]) && c->s[c->i]) c->i++;
    return true;
}

/* Moves to the value of member key (klen bytes) of the object at c->i. */
static bool find_member(scan_t *c, const char *key, size_t klen)
{
    skip_ws(c);
    if (c->i >= c->len || c->s[c->i] != '{') return false;
    c->i++;
    for (;;) {
        skip_ws(c);
        if (c->i >= c->len || c->s[c->i] != '"') return false;
        size_t k0 = c->i + 1;
        if (!skip_string(c)) return false;
        size_t k1 = c->i - 1;
        skip_ws(c);
        if (c->i >= c->len || c->s[c->i] != ':') return false;
        c->i++;
        skip_ws(c);
        if (k1 - k0 == klen && !memcmp(c->s + k0, key, klen)) return true;
        if (!skip_value(c)) return false;
        skip_ws(c);
        if (c->i >= c->len || c->s[c->i] != ',') return false;
        c->i++;
    }
}

/* Moves to element n of the array at c->i. */
static bool find_element(scan_t *c, long n)
{
    skip_ws(c);
    if (c->i >= c->len || c->s[c->i] != '[') return false;
    c->i++;
    for (long k = 0;; k++) {
        skip_ws(c);
        if (c->i >= c->len || c->s[c->i] == ']') return false;
        if (k == n) return true;
        if (!skip_value(c)) return false;
        skip_ws(c);
        if (c->i >= c->len || c->s[c->i] != ',') return false;
        c->i++;
    }
}

int jh_json_locate(const char *text, size_t len, const char *path, int *line, int *col)
{
    size_t base = len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3) ? 3 : 0;
    scan_t c = {text, len, base};
    skip_ws(&c);
    size_t at = c.i;
    int found = 0;
    const char *p = path ? path : "";
    while (*p) {
        scan_t t = c;
        bool ok;
        if (*p == '[') {
            char *end;
            long n = strtol(p + 1, &end, 10);
            ok = *end == ']' && n >= 0 && find_element(&t, n);
            p = *end == ']' ? end + 1 : p + strlen(p);
        } else {
            if (*p == '.') p++;
            size_t k = strcspn(p, ".[");
            ok = k > 0 && find_member(&t, p, k);
            p += k;
        }
        if (!ok) break;
        c = t;
        skip_ws(&c);
        at = c.i;
        found++;
    }
    int l = 1, k = 1;
    for (size_t i = base; i < at; i++) {
        unsigned char ch = (unsigned char)text[i];
        if (ch == '\n') {
            l++;
            k = 1;
        } else if ((ch & 0xC0) != 0x80) {
            k++;
        }
    }
    *line = l;
    *col = k;
    return found;
}

int jh_json_depth_at(const char *text, size_t len, size_t pos)
{
    int depth = 0;
    for (size_t i = 0, in = 0; i < pos && i < len; i++) {
        if (in) {
            if (text[i] == '\\') i++;
            else if (text[i] == '"') in = 0;
        } else if (text[i] == '"') {
            in = 1;
        } else if (text[i] == '{' || text[i] == '[') {
            depth++;
        } else if (text[i] == '}' || text[i] == ']') {
            depth--;
        }
    }
    return depth;
}
