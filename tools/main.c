/* main.c - entry point of `junheng`, the bureau's command-line tool: parses
 * the subcommand and dispatches to it. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "jh.h"

/* Subcommands, in the order `--help` lists them; NULL-terminated. */
static const cli_command_t commands[] = {
    {"check", cmd_check, "check questionnaire definitions (JSON) for every error"},
    {"merge", cmd_merge, "merge kiosk export bundles into the county database"},
    {"surveys", cmd_surveys, "pin the official questionnaires (JSON) in the county database"},
    {"schools", cmd_schools, "load the school register (CSV) into the county database"},
    {"county", cmd_county, "load the county facts sheet (CSV) of the evaluation"},
    {"round", cmd_round, "list the evaluation rounds, or open the next one (freezing the last)"},
    {"rectify", cmd_rectify, "write the rectification plan, load it back, show its status"},
    {"province", cmd_province, "gather counties' summaries and compare them side by side"},
    {"template", cmd_template, "print an empty school register or county facts template"},
    {"stats", cmd_stats, "compute satisfaction and balance statistics (CSV + JSON)"},
    {"kiosk-pack", cmd_kiosk_pack, "write the county pack that sets up kiosks (register, questionnaires, key)"},
    {"unseal", cmd_unseal, "decrypt a kiosk's database backup sealed to the bureau key"},
    {"report", cmd_report, "write the county report: report.html, report.xlsx (and report.pdf)"},
    {NULL, NULL, NULL},
};

static void usage(FILE *f)
{
    fprintf(f,
            "junheng %s - merge kiosk exports and compute balance-development statistics\n"
            "\n"
            "Usage: junheng COMMAND [OPTIONS...]\n"
            "\n"
            "Commands:\n",
            JH_VERSION);
    for (const cli_command_t *c = commands; c->name; c++) fprintf(f, "  %-10s %s\n", c->name, c->summary);
    fprintf(f,
            "\n"
            "Run `junheng COMMAND --help` for the options of one command.\n"
            "Exit status: 0 success, 1 input rejected, 2 usage error, 3 I/O or database error.\n");
}

int main(int argc, char **argv)
{
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
            fprintf(stderr, "junheng: unknown command '%s' (see junheng --help)\n", name);
            return CLI_USAGE;
        }
        if (!jh_crypto_init()) {
            fprintf(stderr, "junheng: cannot initialise libsodium\n");
            return CLI_FAILED;
        }
        rc = c->run(argc - 1, argv + 1);
    }
    if (fclose(stdout) != 0) {
        perror("junheng: writing output");
        return CLI_FAILED;
    }
    return rc;
}
