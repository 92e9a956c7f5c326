/* salvage.h - recovering what is still readable in a damaged kiosk
 * database with SQLite's own tools (the sqlite3 shell's .recover, or its
 * .dump, which reads past damaged pages, where this sqlite3 was built
 * without .recover's page reader), never with a hand-made file reader.
 *
 * The damaged file is never changed: it is copied (with its -wal) to a
 * temporary folder and the shell reads the copy. */
#ifndef JH_SALVAGE_H
#define JH_SALVAGE_H

#include "jh.h"

struct sqlite3;

/* Recovers damaged into a new database in a temporary folder of its own
 * (under $TMPDIR or /tmp, made by mkdtemp: mode 0700, a name nobody can
 * guess); *out_path receives its path (heap), which the caller hands to
 * salvage_discard when done with it, whatever happened.  On failure
 * *out_path is NULL and nothing is left behind.  method receives "recover"
 * or "dump" (what worked).  JH_ERR_NOTFOUND when
 * damaged does not exist or the sqlite3 program is missing (Debian package
 * sqlite3); JH_ERR_CORRUPT when nothing at all could be read.  The shell is
 * $JH_SQLITE3 when set, else sqlite3 from PATH. */
jh_status_t salvage_recover(const char *damaged, char **out_path, char method[16], jh_err_t *err);

/* Removes the recovered database at path (salvage_recover's), its journal
 * files and its folder, and frees path.  NULL: nothing. */
void salvage_discard(char *path);

#endif
