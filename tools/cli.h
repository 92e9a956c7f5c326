/* cli.h - subcommands of the bureau tool `junheng`.
 *
 * Each subcommand is a function taking (argc, argv) where argv[0] is the
 * subcommand name, returning the process exit status:
 *   0  success
 *   1  the input had problems (rejected bundles, invalid files); details printed
 *   2  usage error (bad arguments)
 *   3  an I/O or database error stopped the command */
#ifndef JH_CLI_H
#define JH_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "i18n.h"
#include "stats.h"

enum { CLI_OK = 0, CLI_REJECTED = 1, CLI_USAGE = 2, CLI_FAILED = 3 };

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;  /* one line for `junheng --help` */
} cli_command_t;

/* The language of the messages (set once at startup by main): true for
 * Chinese, false for English. */
extern bool cli_chinese;
/* The statistics options stats and report share (--min-group, --population,
 * --min-teaching-point, --basic-teaching-points, --threshold, --qualification): applies option name
 * with its value (NULL when missing) to o.  given: CLI_N_STATS_OPTS values
 * given so far, all NULL before the first option (the caller's, one per
 * command line): each option is taken once, a repeat refused as
 * cli_value_ok does.  Returns CLI_OK, CLI_USAGE after printing why (cmd
 * names the command), or -1 when name is not one of them. */
#define CLI_N_STATS_OPTS 6
int cli_stats_option(const char *cmd, const char *name, const char *value, stats_opts_t *o, const char **given);

/* One option of a subcommand that takes a value: "--db FILE" sets *value
 * to FILE (borrowed from argv).  A table of them ends with {NULL, NULL}. */
typedef struct {
    const char *name;    /* "--db" */
    const char **value;  /* where the value goes */
} cli_opt_t;

/* Parses the options of subcommand cmd (argv[0] is its name, argv[1..] its
 * options): -h/--help prints usage to stdout; each option of opts takes the
 * next argument as its value (cli_take_value: a value missing, starting
 * with "--" or given twice is refused); with so, the statistics options
 * (cli_stats_option) are taken too; "--" ends the options (nothing may
 * follow it: these commands take no other argument).  Anything else prints
 * "junheng CMD: unknown or incomplete option" and the usage to stderr.  Returns true when the command goes on; false when it
 * is done, with its exit status in *rc (CLI_OK after --help, CLI_USAGE after
 * a bad option). */
bool cli_parse(const char *cmd, int argc, char **argv, const cli_opt_t *opts, stats_opts_t *so,
               void (*usage)(FILE *f), int *rc);

/* Whether value can be the value of option opt of command cmd: false,
 * after printing why to stderr (the caller exits 2), when it is NULL
 * (nothing follows the option), starts with "--" (`--db --dry-run`: the
 * value is missing, not "--dry-run"), or before is not NULL (the option,
 * which takes one value, was given already with before). */
bool cli_value_ok(const char *cmd, const char *opt, const char *value, const char *before);

/* The last check of cli_value_ok alone, for a value typed after '='
 * (--out=--x: a value, even one starting with "--"): false, after printing
 * why, when before is not NULL (the option was given already). */
bool cli_value_once(const char *cmd, const char *opt, const char *value, const char *before);

/* Takes the value of option argv[*i] into *slot: argv[*i + 1], and *i
 * moves past it; false (after printing why, as cli_value_ok with *slot as
 * the value given before) otherwise.  For an option that may be given
 * several times pass a slot that is NULL every time. */
bool cli_take_value(const char *cmd, int argc, char **argv, int *i, const char **slot);

/* s as a whole decimal number lo..hi in *out: true; false for anything
 * else (empty, trailing characters, out of range, overflow), *out unchanged. */
bool cli_parse_long(const char *s, long lo, long hi, long *out);

/* s with its control characters made visible (jh_buf_put_escaped), for
 * printing anything that came from a file or a file name; the result lives
 * until the eighth call after. */
const char *cli_esc(const char *s);

/* Frees the statistics document a command built, just before the command
 * returns and the process ends; or, in a build without AddressSanitizer,
 * keeps it (reachable from a static pointer) for the end of the process to
 * release: the document of a 2,000-school county is ~870,000 cJSON items,
 * and freeing them one by one (with the heap consolidation it sets off in
 * sqlite3_close) was a tenth of `junheng stats` (issue 20); `junheng
 * report` leaves its document the same way.  Sanitizer builds free it, so
 * that their leak check still sees every other allocation; so does
 * JH_FREE_AT_EXIT=1 in the environment (for other leak checkers).  Takes
 * doc (NULL is fine). */
struct cJSON;
void cli_doc_done(struct cJSON *doc);

/* Says that the running command's product is its standard output (a
 * template, a listing, a status, a summary without --out, check's verdict):
 * when that output is lost - its reader gone (EPIPE), the disk full - the
 * command exits 3 with a message, whatever closed it, instead of keeping
 * its status as when the output is only a commentary on work done (a merge
 * piped into head).  A command calls it once it knows its mode (main checks
 * the output at the end). */
void cli_output_is_product(void);

/* Prints text line by line to f, each line escaped as cli_esc. */
void cli_put_lines(FILE *f, const char *text);

/* Help text lines of those options. */
#define CLI_STATS_OPTIONS_HELP                                                                    \
    N_("  --min-group N            suppress groups under N questionnaires (5)\n"                  \
       "  --threshold R            social recognition pass mark (0.85)\n"                         \
       "  --population N           resident population, for the sample-size rule\n"               \
       "  --min-teaching-point N   leave out teaching points under N students (50)\n"             \
       "  --basic-teaching-points all|threshold\n"                                                  \
       "                           basic-balance figures: leave out every primary\n"              \
       "                           teaching point (all, the 2012 rules) or those under\n"         \
       "                           --min-teaching-point (threshold)\n"                            \
       "  --qualification P,J      required-qualification baseline for primary and\n"             \
       "                           junior: college, bachelor or postgrad (college,bachelor)\n")

int cmd_check(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_surveys(int argc, char **argv);
int cmd_schools(int argc, char **argv);
int cmd_template(int argc, char **argv);
int cmd_county(int argc, char **argv);
int cmd_round(int argc, char **argv);
int cmd_rectify(int argc, char **argv);
int cmd_province(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_kiosk_pack(int argc, char **argv);
int cmd_unseal(int argc, char **argv);

#endif
