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

enum { CLI_OK = 0, CLI_REJECTED = 1, CLI_USAGE = 2, CLI_FAILED = 3 };

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;  /* one line for `junheng --help` */
} cli_command_t;

int cmd_check(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_schools(int argc, char **argv);
int cmd_template(int argc, char **argv);
int cmd_county(int argc, char **argv);
int cmd_round(int argc, char **argv);
int cmd_rectify(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_report(int argc, char **argv);

#endif
