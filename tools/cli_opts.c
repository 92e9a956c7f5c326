/* cli_opts.c - what the subcommands share: the option loop (cli_parse), the
 * statistics options of `junheng stats`, `report`, `round` and `province`
 * (parsed in one place so they all take the same ones) and the escaping of
 * text that came from a file. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"

bool cli_parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (!*s || *end || errno || v < lo || v > hi) return false;
    *out = v;
    return true;
}

int cli_stats_option(const char *cmd, const char *name, const char *value, stats_opts_t *o, const char **given)
{
    static const char *const names[] = {"--min-group", "--population", "--min-teaching-point",
                                        "--basic-teaching-points", "--threshold", "--qualification", NULL};
    _Static_assert(sizeof names / sizeof names[0] == CLI_N_STATS_OPTS + 1, "one slot of given per option");
    int k = 0;
    while (names[k] && strcmp(name, names[k])) k++;
    if (!names[k]) return -1;
    /* "--min-group --db x": the value is missing, not '--db' */
    if (!cli_value_ok(cmd, name, value, given[k])) return CLI_USAGE;
    given[k] = value;
    long v;
    if (!strcmp(name, "--min-group")) {
        if (!value || !cli_parse_long(value, 1, 1000, &v)) {
            fprintf(stderr, _("junheng %s: --min-group expects a whole number 1..1000, got '%s'\n"), cmd,
                    value ? value : "");
            return CLI_USAGE;
        }
        o->min_group = (int)v;
    } else if (!strcmp(name, "--population")) {
        if (!value || !cli_parse_long(value, 1, 2000000000, &v)) {
            fprintf(stderr, _("junheng %s: --population expects a whole number of people, got '%s'\n"), cmd,
                    value ? value : "");
            return CLI_USAGE;
        }
        o->population = v;
    } else if (!strcmp(name, "--min-teaching-point")) {
        if (!value || !cli_parse_long(value, 0, 100000, &v)) {
            fprintf(stderr, _("junheng %s: --min-teaching-point expects a whole number of students 0..100000, got "
                              "'%s'\n"),
                    cmd, value ? value : "");
            return CLI_USAGE;
        }
        o->rules.min_teaching_point = (int)v;
    } else if (!strcmp(name, "--basic-teaching-points")) {
        if (!value || !stats_basic_tp_parse(value, &o->rules.basic_teaching_points)) {
            fprintf(stderr, _("junheng %s: --basic-teaching-points expects all (the 2012 basic-balance rules: "
                              "every primary teaching point left out) or threshold (those below "
                              "--min-teaching-point, as the quality figures), got '%s'\n"),
                    cmd, value ? value : "");
            return CLI_USAGE;
        }
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

/* What an option's value is, for "--db 后面缺少数据库文件名". */
static const char *value_noun(const char *opt)
{
    static const struct {
        const char *opt, *noun;
    } nouns[] = {
        {"--db", N_("the database file name")},
        {"--out", N_("the output folder")},
        {"--keys", N_("the kiosk keys file")},
        {"--key", N_("the bureau's key file")},
        {"--county", N_("the county's 6-digit code")},
        {"--schools", N_("the register file")},
        {"--max-size", N_("the size in megabytes")},
        {"--replace-key", N_("a kiosk id")},
        {"--population", N_("the number of people")},
        {"--round", N_("the round's name")},
        {"--open", N_("the round's name")},
        {"--previous", N_("the round's name")},
        {"--since", N_("the date")},
        {"--load", N_("the plan file")},
        {"--stats-json", N_("the stats.json file")},
        {"--font", N_("the font file")},
    };
    for (size_t i = 0; i < sizeof nouns / sizeof nouns[0]; i++)
        if (!strcmp(opt, nouns[i].opt)) return _(nouns[i].noun);
    return _("its value");
}

bool cli_value_ok(const char *cmd, const char *opt, const char *value, const char *before)
{
    if (!value) {
        fprintf(stderr, _("junheng %s: %s needs %s after it\n"), cmd, opt, value_noun(opt));
        return false;
    }
    /* (--x, or a short option such as -n: `merge --db -n stick` would
     * otherwise merge for real into a database named -n; a file of that
     * name is given as ./-n) */
    if (!strncmp(value, "--", 2) || (value[0] == '-' && isalpha((unsigned char)value[1]) && !value[2])) {
        fprintf(stderr, _("junheng %s: %s is missing %s (the next argument '%s' is an option)\n"), cmd, opt,
                value_noun(opt), cli_esc(value));
        return false;
    }
    return cli_value_once(cmd, opt, value, before);
}

bool cli_value_once(const char *cmd, const char *opt, const char *value, const char *before)
{
    if (before) {
        fprintf(stderr, _("junheng %s: %s is given twice ('%s' and '%s'): give it once\n"), cmd, opt, cli_esc(before),
                cli_esc(value));
        return false;
    }
    return true;
}

bool cli_take_value(const char *cmd, int argc, char **argv, int *i, const char **slot)
{
    const char *value = *i + 1 < argc ? argv[*i + 1] : NULL;
    if (!cli_value_ok(cmd, argv[*i], value, *slot)) return false;
    *slot = value;
    (*i)++;
    return true;
}

bool cli_parse(const char *cmd, int argc, char **argv, const cli_opt_t *opts, stats_opts_t *so,
               void (*usage)(FILE *f), int *rc)
{
    const char *stats_given[CLI_N_STATS_OPTS] = {NULL};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            *rc = CLI_OK;
            return false;
        }
        if (!strcmp(a, "--")) {
            /* the end of the options: these commands take no other argument */
            if (i + 1 < argc) {
                fprintf(stderr, _("junheng %s: unexpected argument '%s'\n"), cmd, cli_esc(argv[i + 1]));
                usage(stderr);
                *rc = CLI_USAGE;
                return false;
            }
            break;
        }
        const cli_opt_t *opt = opts;
        while (opt && opt->name && strcmp(a, opt->name)) opt++;
        if (opt && opt->name) {
            if (!cli_take_value(cmd, argc, argv, &i, opt->value)) {
                *rc = CLI_USAGE;
                return false;
            }
            continue;
        }

        int orc = so ? cli_stats_option(cmd, a, next, so, stats_given) : -1;
        if (orc == CLI_OK) {
            i++;
            continue;
        }
        if (orc < 0) {
            fprintf(stderr, _("junheng %s: unknown or incomplete option '%s'\n"), cmd, cli_esc(a));
            usage(stderr);
        }
        *rc = orc < 0 ? CLI_USAGE : orc;
        return false;
    }
    return true;
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

#if defined(__SANITIZE_ADDRESS__)
#define CLI_FREE_DOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CLI_FREE_DOC 1
#endif
#endif
#ifndef CLI_FREE_DOC
#define CLI_FREE_DOC 0
#endif

void cli_doc_done(cJSON *doc)
{
    static cJSON *kept; /* reachable to the end (leak checkers count it as in use) */
    if (CLI_FREE_DOC || getenv("JH_FREE_AT_EXIT")) {
        cJSON_Delete(doc);
        return;
    }
    cJSON_Delete(kept); /* (a second document in one process: the first goes) */
    kept = doc;
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
