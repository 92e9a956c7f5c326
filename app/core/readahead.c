/* A read-ahead SQLite VFS (readahead.h): windows of the main database file
 * read with one pread each, for one-pass scans. */
#include "readahead.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

/* ---- types -------------------------------------------------------------------- */

/* The bytes read at once.  A scan of the responses table meets its leaf
 * pages nearly in the file's order (a merge appends them): 92 % of the
 * benchmark county's 18,770 leaves follow the one before, all within 16
 * pages.  16 pages of 16 KiB a pread instead of one: the 20,000 preads of
 * a scan of the 332 MB county become about 1,300, and the kernel's
 * per-call work with them (issue 20). */
#define READAHEAD_WINDOW ((int)256 * 1024)

/* Two windows, the one used least recently refilled: a scan reads the
 * table's leaves in one stream and now and then an interior page of the
 * tree elsewhere in the file (where the merge wrote it), which would
 * otherwise move the only window away from the leaves. */
enum { READAHEAD_N = 2 };

typedef struct {
    unsigned char *p;      /* READAHEAD_WINDOW bytes (owned; NULL until needed) */
    sqlite3_int64 off;     /* the file offset of p[0] */
    int len;               /* valid bytes in p; 0: none */
    unsigned used;         /* when last read from (ra_file_t.clock) */
} ra_window_t;

typedef struct {
    sqlite3_file base;     /* pMethods: ra_methods */
    sqlite3_file *real;    /* the default VFS's file, right after this struct */
    int is_main;           /* the main database file (the others are passed through) */
    ra_window_t w[READAHEAD_N];
    unsigned clock;        /* reads served */
} ra_file_t;

/* ---- state -------------------------------------------------------------------- */

static sqlite3_vfs *ra_base;           /* the default VFS */
static sqlite3_vfs ra_vfs;             /* a copy of it with ra_open */
static int ra_registered;
static pthread_once_t ra_once = PTHREAD_ONCE_INIT;

/* ---- file methods ------------------------------------------------------------- */

#define REAL(f) (((ra_file_t *)(f))->real)

static void ra_drop(sqlite3_file *f)
{
    ra_file_t *p = (ra_file_t *)f;
    for (int i = 0; i < READAHEAD_N; i++) p->w[i].len = 0;
}

static int ra_close(sqlite3_file *f)
{
    ra_file_t *p = (ra_file_t *)f;
    for (int i = 0; i < READAHEAD_N; i++) {
        free(p->w[i].p);
        p->w[i] = (ra_window_t){0};
    }
    return p->real->pMethods->xClose(p->real);
}

static int ra_read(sqlite3_file *f, void *buf, int amt, sqlite3_int64 off)
{
    ra_file_t *p = (ra_file_t *)f;
    sqlite3_file *r = p->real;
    if (!p->is_main || amt <= 0 || amt > READAHEAD_WINDOW) return r->pMethods->xRead(r, buf, amt, off);
    p->clock++;
    ra_window_t *w = &p->w[0];
    for (int i = 0; i < READAHEAD_N; i++) {
        ra_window_t *x = &p->w[i];
        if (x->len && off >= x->off && off + amt <= x->off + x->len) {
            memcpy(buf, x->p + (off - x->off), (size_t)amt);
            x->used = p->clock;
            return SQLITE_OK;
        }
        if (x->used < w->used) w = x;
    }
    /* the window used least recently, refilled from off */
    sqlite3_int64 size;
    w->len = 0;
    if (!w->p && !(w->p = malloc(READAHEAD_WINDOW))) return r->pMethods->xRead(r, buf, amt, off);
    if (r->pMethods->xFileSize(r, &size) != SQLITE_OK || size - off < amt) return r->pMethods->xRead(r, buf, amt, off);
    int n = size - off < READAHEAD_WINDOW ? (int)(size - off) : READAHEAD_WINDOW;
    /* a short read (the file shrank meanwhile) or an error: the page alone,
     * as without the window */
    if (r->pMethods->xRead(r, w->p, n, off) != SQLITE_OK) return r->pMethods->xRead(r, buf, amt, off);
    w->off = off;
    w->len = n;
    w->used = p->clock;
    memcpy(buf, w->p, (size_t)amt);
    return SQLITE_OK;
}

/* Everything else goes to the default VFS's file; whatever may change what
 * the file holds, or begin another transaction, drops the window first. */
static int ra_write(sqlite3_file *f, const void *buf, int amt, sqlite3_int64 off)
{
    ra_drop(f);
    return REAL(f)->pMethods->xWrite(REAL(f), buf, amt, off);
}

static int ra_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    ra_drop(f);
    return REAL(f)->pMethods->xTruncate(REAL(f), size);
}

static int ra_sync(sqlite3_file *f, int flags)
{
    ra_drop(f);
    return REAL(f)->pMethods->xSync(REAL(f), flags);
}

static int ra_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
    return REAL(f)->pMethods->xFileSize(REAL(f), size);
}

static int ra_lock(sqlite3_file *f, int lock)
{
    ra_drop(f);
    return REAL(f)->pMethods->xLock(REAL(f), lock);
}

static int ra_unlock(sqlite3_file *f, int lock)
{
    ra_drop(f);
    return REAL(f)->pMethods->xUnlock(REAL(f), lock);
}

static int ra_check_reserved(sqlite3_file *f, int *out)
{
    return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}

static int ra_file_control(sqlite3_file *f, int op, void *arg)
{
    return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}

static int ra_sector_size(sqlite3_file *f)
{
    return REAL(f)->pMethods->xSectorSize(REAL(f));
}

static int ra_device_characteristics(sqlite3_file *f)
{
    return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}

static int ra_shm_map(sqlite3_file *f, int pg, int pgsz, int extend, void volatile **pp)
{
    const sqlite3_io_methods *m = REAL(f)->pMethods;
    return m->iVersion >= 2 && m->xShmMap ? m->xShmMap(REAL(f), pg, pgsz, extend, pp) : SQLITE_IOERR_SHMMAP;
}

/* A WAL read transaction begins and ends with a lock of the shared memory:
 * the window never outlives one. */
static int ra_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
    ra_drop(f);
    const sqlite3_io_methods *m = REAL(f)->pMethods;
    return m->iVersion >= 2 && m->xShmLock ? m->xShmLock(REAL(f), offset, n, flags) : SQLITE_IOERR_SHMLOCK;
}

static void ra_shm_barrier(sqlite3_file *f)
{
    const sqlite3_io_methods *m = REAL(f)->pMethods;
    if (m->iVersion >= 2 && m->xShmBarrier) m->xShmBarrier(REAL(f));
}

static int ra_shm_unmap(sqlite3_file *f, int del)
{
    ra_drop(f);
    const sqlite3_io_methods *m = REAL(f)->pMethods;
    return m->iVersion >= 2 && m->xShmUnmap ? m->xShmUnmap(REAL(f), del) : SQLITE_OK;
}

/* No memory mapping through this VFS: every page is read (SQLite falls back
 * to xRead when xFetch gives no pointer). */
static int ra_fetch(sqlite3_file *f, sqlite3_int64 off, int amt, void **pp)
{
    (void)f;
    (void)off;
    (void)amt;
    *pp = NULL;
    return SQLITE_OK;
}

static int ra_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
    (void)f;
    (void)off;
    (void)p;
    return SQLITE_OK;
}

static const sqlite3_io_methods ra_methods = {
    3,
    ra_close,
    ra_read,
    ra_write,
    ra_truncate,
    ra_sync,
    ra_file_size,
    ra_lock,
    ra_unlock,
    ra_check_reserved,
    ra_file_control,
    ra_sector_size,
    ra_device_characteristics,
    ra_shm_map,
    ra_shm_lock,
    ra_shm_barrier,
    ra_shm_unmap,
    ra_fetch,
    ra_unfetch,
};

/* ---- the VFS ------------------------------------------------------------------ */

static size_t ra_real_offset(void)
{
    return (sizeof(ra_file_t) + 15) / 16 * 16;
}

static int ra_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out_flags)
{
    (void)vfs;
    ra_file_t *p = (ra_file_t *)f;
    memset(p, 0, sizeof *p);
    p->real = (sqlite3_file *)(void *)((char *)f + ra_real_offset());
    memset(p->real, 0, (size_t)ra_base->szOsFile);
    int rc = ra_base->xOpen(ra_base, name, p->real, flags, out_flags);
    if (rc != SQLITE_OK) {
        if (p->real->pMethods) p->real->pMethods->xClose(p->real);
        p->base.pMethods = NULL;
        return rc;
    }
    p->is_main = (flags & SQLITE_OPEN_MAIN_DB) != 0;
    p->base.pMethods = &ra_methods;
    return SQLITE_OK;
}

static void ra_register(void)
{
    ra_base = sqlite3_vfs_find(NULL);
    /* the wrapper speaks version 3 of the file methods; a default VFS
     * without them is left alone */
    if (!ra_base || ra_base->iVersion < 1) return;
    ra_vfs = *ra_base; /* every VFS method but xOpen as the default's (pAppData included) */
    ra_vfs.pNext = NULL;
    ra_vfs.zName = "jh_readahead";
    ra_vfs.szOsFile = (int)(ra_real_offset() + (size_t)ra_base->szOsFile);
    ra_vfs.xOpen = ra_open;
    ra_registered = sqlite3_vfs_register(&ra_vfs, 0) == SQLITE_OK;
}

const char *readahead_vfs(void)
{
    pthread_once(&ra_once, ra_register);
    return ra_registered ? ra_vfs.zName : NULL;
}
