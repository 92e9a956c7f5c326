/* cmd_template.c - `junheng template schools|county`: prints the empty school
 * register with both header languages, or the county facts sheet. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "eval.h"
#include "schools.h"
#include "i18n.h"

int cmd_template(int argc, char **argv)
{
    if (argc == 2 && !strcmp(argv[1], "schools")) {
        jh_buf_t b = {0};
        cli_output_is_product();
        schools_template(&b, true);
        fwrite(b.data, 1, b.len, stdout);
        jh_buf_free(&b);
        return CLI_OK;
    }
    if (argc == 2 && !strcmp(argv[1], "county")) {
        jh_buf_t b = {0};
        cli_output_is_product();
        eval_facts_template(&b);
        fwrite(b.data, 1, b.len, stdout);
        jh_buf_free(&b);
        return CLI_OK;
    }
    FILE *f = argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) ? stdout : stderr;
    if (argc > 2 && (!strcmp(argv[1], "schools") || !strcmp(argv[1], "county")))
        fprintf(stderr, _("junheng template: unexpected argument '%s' (one template at a time)\n"), cli_esc(argv[2]));
    else if (argc == 2 && f == stderr)
        fprintf(stderr, _("junheng template: unknown template '%s' (schools or county)\n"), cli_esc(argv[1]));
    fprintf(f, _("Usage: junheng template schools > schools.csv\n"
               "       junheng template county > county.csv\n"
               "\n"
               "county: the county facts sheet of the evaluation, one row per item\n"
               "(代码, 项目, 值, 依据), thresholds filled with the national defaults.\n"
               "schools:\n"
               "Prints an empty school register (UTF-8 with a BOM, so Excel and WPS show\n"
               "the Chinese headers) whose header cells carry both names, e.g.\n"
               "\"学校代码 (code)\".  Either name alone is accepted as well.\n"));
    return f == stdout ? CLI_OK : CLI_USAGE;
}
