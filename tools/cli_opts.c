/* cli_opts.c - what the subcommands share: the statistics options of
 * `junheng stats` and `junheng report` (parsed in one place so the two take
 * the same ones) and the escaping of text that came from a file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"

static bool parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < lo || v > hi) return false;
    *out = v;
    return true;
}

int cli_stats_option(const char *cmd, const char *name, const char *value, stats_opts_t *o)
{
    long v;
    if (!strcmp(name, "--min-group")) {
        if (!value || !parse_long(value, 1, 1000, &v)) {
            fprintf(stderr, _("junheng %s: --min-group expects a whole number 1..1000, got '%s'\n"), cmd,
                    value ? value : "");
            return CLI_USAGE;
        }
        o->min_group = (int)v;
    } else if (!strcmp(name, "--population")) {
        if (!value || !parse_long(value, 1, 2000000000, &v)) {
            fprintf(stderr, _("junheng %s: --population expects a whole number of people, got '%s'\n"), cmd,
                    value ? value : "");
            return CLI_USAGE;
        }
        o->population = v;
    } else if (!strcmp(name, "--min-teaching-point")) {
        if (!value || !parse_long(value, 0, 100000, &v)) {
            fprintf(stderr, _("junheng %s: --min-teaching-point expects a whole number of students 0..100000, got "
                              "'%s'\n"),
                    cmd, value ? value : "");
            return CLI_USAGE;
        }
        o->rules.min_teaching_point = (int)v;
    } else if (!strcmp(name, "--threshold")) {
        char *end;
        double t = value ? strtod(value, &end) : 0;
        if (!value || *end || !(t > 0 && t <= 1)) {
            fprintf(stderr, _("junheng %s: --threshold expects a rate between 0 and 1, got '%s'\n"), cmd,
                    value ? value : "");
            return CLI_USAGE;
        }
        o->threshold = t;
    } else if (!strcmp(name, "--qualification")) {
        char p[32], j[32];
        if (!value || sscanf(value, "%31[^,],%31s", p, j) != 2 || !stats_degree_parse(p, &o->rules.qual_primary) ||
            !stats_degree_parse(j, &o->rules.qual_junior)) {
            fprintf(stderr, _("junheng %s: --qualification expects PRIMARY,JUNIOR from college, "
                              "bachelor, postgrad (e.g. college,bachelor), got '%s'\n"), cmd, value ? value : "");
            return CLI_USAGE;
        }
    } else {
        return -1;
    }
    return CLI_OK;
}

const char *cli_esc(const char *s)
{
    static jh_buf_t ring[8];
    static int next;
    jh_buf_t *b = &ring[next++ % 8];
    b->len = 0;
    jh_buf_puts(b, "");
    jh_buf_put_escaped(b, s ? s : "");
    return b->data;
}

void cli_put_lines(FILE *f, const char *text)
{
    if (!text) return;
    jh_buf_t b = {0};
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        char *line = jh_strndup(p, n);
        b.len = 0;
        jh_buf_puts(&b, "");
        jh_buf_put_escaped(&b, line);
        fprintf(f, "%s\n", b.data);
        free(line);
        p += n + (nl ? 1 : 0);
    }
    jh_buf_free(&b);
}
