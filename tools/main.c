/* main.c - entry point of `junheng`, the bureau's command-line tool: picks
 * the language (Chinese unless English is asked for), parses the subcommand
 * and dispatches to it. */
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"
#include "jh.h"

bool cli_chinese = true;

/* Subcommands, in the order `--help` lists them; NULL-terminated. */
static const cli_command_t commands[] = {
    {"check", cmd_check, N_("check questionnaire definitions (JSON) for every error")},
    {"merge", cmd_merge, N_("merge kiosk export bundles into the county database")},
    {"surveys", cmd_surveys, N_("pin the official questionnaires (JSON) in the county database")},
    {"schools", cmd_schools, N_("load the school register (CSV) into the county database")},
    {"county", cmd_county, N_("load the county facts sheet (CSV) of the evaluation")},
    {"round", cmd_round, N_("list the evaluation rounds, or open the next one (freezing the last)")},
    {"rectify", cmd_rectify, N_("write the rectification plan, load it back, show its status")},
    {"province", cmd_province, N_("gather counties' summaries and compare them side by side")},
    {"template", cmd_template, N_("print an empty school register or county facts template")},
    {"stats", cmd_stats, N_("compute satisfaction and balance statistics (CSV + JSON)")},
    {"kiosk-pack", cmd_kiosk_pack, N_("write the county pack that sets up kiosks (register, questionnaires, key)")},
    {"unseal", cmd_unseal, N_("decrypt a kiosk's database backup sealed to the bureau key")},
    {"report", cmd_report, N_("write the county report: report.html, report.xlsx (and report.pdf)")},
    {NULL, NULL, NULL},
};

static void usage(FILE *f)
{
    fprintf(f, _("junheng %s - merge kiosk exports and compute balance-development statistics\n"
                 "\n"
                 "Usage: junheng COMMAND [OPTIONS...] [--lang zh|en]\n"
                 "\n"
                 "Commands:\n"),
            JH_VERSION);
    for (const cli_command_t *c = commands; c->name; c++) fprintf(f, "  %-10s %s\n", c->name, _(c->summary));
    fprintf(f, _("\n"
                 "Run `junheng COMMAND --help` for the options of one command.\n"
                 "Messages are in Chinese; `--lang en` (anywhere on the line) or an English\n"
                 "locale (LANGUAGE, LC_ALL, LC_MESSAGES or LANG starting with \"en\") gives English.\n"
                 "Exit status: 0 success, 1 input rejected, 2 usage error, 3 I/O or database error.\n"));
}

/* The language asked for by the environment, the way gettext reads it:
 * LANGUAGE first, then LC_ALL, LC_MESSAGES, LANG.  Only English and Chinese
 * exist; anything else (C, POSIX, C.UTF-8, unset) means Chinese. */
static bool env_wants_english(void)
{
    static const char *const vars[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v) return !strncmp(v, "en", 2);
    }
    return false;
}

/* Removes every `--lang X` / `--lang=X` from argv and sets up gettext.
 * Chinese comes from the catalog through LANGUAGE=zh_CN, which gettext
 * honours under any locale but "C": the message locale falls back to
 * C.UTF-8 (built into glibc), so no zh_CN locale needs to be generated.
 * Only LC_MESSAGES and LC_CTYPE are set: numbers in CSV and JSON keep their
 * decimal point whatever the locale. */
static int i18n_init(int argc, char **argv)
{
    const char *lang = NULL;
    int out = 1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--")) {
            while (i < argc) argv[out++] = argv[i++];
            break;
        }
        if (!strcmp(argv[i], "--lang") && i + 1 < argc) {
            lang = argv[++i];
            continue;
        }
        if (!strncmp(argv[i], "--lang=", 7)) {
            lang = argv[i] + 7;
            continue;
        }
        argv[out++] = argv[i];
    }
    argv[out] = NULL;
    bool english = lang ? !strncmp(lang, "en", 2) : env_wants_english();
    cli_chinese = !english;
    char *dir = jh_i18n_locale_dir("../share/locale", JH_INSTALL_LOCALEDIR);
    jh_i18n_bind(english, dir);
    free(dir);
    if (lang && strncmp(lang, "en", 2) && strncmp(lang, "zh", 2)) {
        fprintf(stderr, _("junheng: --lang expects zh (Chinese) or en (English), got '%s'\n"), lang);
        return -1;
    }
    return out;
}

/* Set by cli_output_is_product: lost output fails the command. */
static bool output_is_product;

void cli_output_is_product(void)
{
    output_is_product = true;
}

/* Whether stdout is a pipe (or socket) whose reader has gone: `junheng
 * merge ... | head` once head has exited (poll says POLLERR then). */
static bool stdout_reader_gone(void)
{
    struct stat sb;
    if (fstat(STDOUT_FILENO, &sb) != 0 || !(S_ISFIFO(sb.st_mode) || S_ISSOCK(sb.st_mode))) return false;
    struct pollfd p = {.fd = STDOUT_FILENO, .events = POLLOUT};
    return poll(&p, 1, 0) == 1 && (p.revents & (POLLERR | POLLHUP));
}

int main(int argc, char **argv)
{
    /* A reader that goes away (`junheng merge ... | head`) must not kill a
     * command half-way (a merge with its bundles not merged): writes to it
     * fail with EPIPE instead, the command does its work, and the end below
     * says so.  (Children put SIGPIPE and SIGXFSZ back: report_pdf.c.) */
    signal(SIGPIPE, SIG_IGN);
    /* Past a file size limit (ulimit -f) a write fails with EFBIG, which
     * says "the target is full", instead of the process being killed
     * silently (exit 153). */
    signal(SIGXFSZ, SIG_IGN);
    argc = i18n_init(argc, argv);
    if (argc < 0) return CLI_USAGE;
    if (argc < 2) {
        usage(stderr);
        return CLI_USAGE;
    }
    const char *name = argv[1];
    int rc;
    if (!strcmp(name, "--help") || !strcmp(name, "-h") || !strcmp(name, "help")) {
        usage(stdout);
        rc = CLI_OK;
    } else if (!strcmp(name, "--version")) {
        printf("junheng %s\n", JH_VERSION);
        rc = CLI_OK;
    } else {
        const cli_command_t *c = commands;
        while (c->name && strcmp(c->name, name) != 0) c++;
        if (!c->name) {
            fprintf(stderr, _("junheng: unknown command '%s' (see junheng --help)\n"), name);
            return CLI_USAGE;
        }
        if (!jh_crypto_init()) {
            fprintf(stderr, _("junheng: cannot initialise libsodium\n"));
            return CLI_FAILED;
        }
        rc = c->run(argc - 1, argv + 1);
    }
    bool failed = ferror(stdout);
    errno = 0;
    if (fflush(stdout) != 0) failed = true;
    int e = errno;
    if (failed && output_is_product && (e == EPIPE || stdout_reader_gone())) {
        fclose(stdout);
        fprintf(stderr, _("junheng: the program reading the output closed it early: the output is incomplete "
                          "(exit status 3); run the command again into a file (> FILE)\n"));
        return CLI_FAILED;
    }
    if (failed && (e == EPIPE || stdout_reader_gone())) {
        /* the output was cut short on purpose (head, less quit early): the
         * command's work is done and its status stands */
        fclose(stdout);
        fprintf(stderr,
                _("junheng: the program reading the output (head, less...) closed it early: the rest was not shown; "
                  "the command itself ran to its end (exit status %d)\n"),
                rc);
        return rc;
    }
    if (fclose(stdout) != 0 || failed) {
        if (!e) e = errno ? errno : EIO;
        errno = e;
        perror(_("junheng: writing output"));
        return CLI_FAILED;
    }
    return rc;
}
