/* json_locate.h - where a value named by a path ("items[3].options[1].code")
 * stands in a JSON text, as LINE:COLUMN for messages a person can act on.
 *
 * cJSON keeps no positions, so the text is scanned again: objects are
 * walked member by member (the first member of a name, as
 * cJSON_GetObjectItemCaseSensitive finds it), arrays element by element.
 * A step the text does not have stops the walk at the deepest value found
 * (a missing field is reported at the object that lacks it).  The text
 * need not be valid past what the walk reads; it is never written. */
#ifndef JH_JSON_LOCATE_H
#define JH_JSON_LOCATE_H

#include <stddef.h>

/* Sets *line and *col (1-based; a column counts characters, not UTF-8
 * bytes) to the start of the value at path in the len bytes of text (a
 * UTF-8 byte-order mark is skipped).  An empty path is the top value.
 * Returns how many steps of path were found: all of them, or fewer when
 * the walk stopped early (then line:col is the deepest value found). */
int jh_json_locate(const char *text, size_t len, const char *path, int *line, int *col);

/* How deep the brackets are open at byte pos of text (outside strings):
 * a parse that stopped at a '[' or '{' with this at cJSON's
 * CJSON_NESTING_LIMIT stopped for the nesting, not for a syntax error. */
int jh_json_depth_at(const char *text, size_t len, size_t pos);

#endif
