/* A read-ahead SQLite VFS for one-pass scans of a database file (the
 * statistics' census, issue 20): the main database file is read in windows
 * of several pages, one pread each, instead of a pread per page. */
#ifndef JH_READAHEAD_H
#define JH_READAHEAD_H

/* The name of the VFS (registered on first use, not as the default; NULL
 * when it could not be registered).  It wraps the default VFS: every file
 * but the main database file, and every call but xRead on it, go to the
 * default VFS unchanged.  A window holds what the file held during one read
 * transaction: it is dropped on every lock, shared-memory lock, write,
 * truncation and sync of the file, so a connection opened with it for one
 * statement (or several) reads what it would have read without it.  Meant
 * for read-only connections that scan; a window costs
 * READAHEAD_WINDOW bytes per open main database file. */
const char *readahead_vfs(void);

#endif
