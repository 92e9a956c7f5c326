/* fault_preload.c - an LD_PRELOAD library that makes chosen system calls
 * fail, so tests can show what the programs do when the disk lies or fills.
 *
 * Controlled by environment variables, read once:
 *   JH_FAULT_FSYNC=N      the N-th and later fsync/fdatasync calls fail (EIO)
 *   JH_FAULT_WRITE=N      the N-th and later write/pwrite calls fail (ENOSPC)
 *   JH_FAULT_RENAME=N     the N-th and later rename calls fail (EIO)
 *   JH_FAULT_PATH=SUBSTR  only calls on file descriptors whose path contains
 *                         SUBSTR count and fail (default: all); for rename,
 *                         the new path; a SUBSTR ending in '$' matches at the
 *                         end of the path only (a directory, not its files)
 *   JH_FAULT_TIMES=K      only K calls fail, later ones succeed again (a
 *                         transient fault: the retry must then succeed)
 *   JH_FAULT_PULL=N       at the N-th write/pwrite on a file under DIR, detach
 *   JH_FAULT_PULL_DIR=DIR the mount at DIR (umount2 MNT_DETACH) and remove the
 *                         mount point before the write goes ahead: a USB stick
 *                         pulled out in the middle of an export (the target
 *                         directory disappears; open files still take writes)
 *   JH_FAULT_SLOW_FSYNC_MS=N  every fsync/fdatasync on a matching descriptor
 *                         first sleeps N ms (a slow disk: a merge's commits
 *                         then take long enough for readers to meet them)
 *   JH_FAULT_SLOW_FLAG=FILE  with JH_FAULT_SLOW_FSYNC_MS: slow only while FILE
 *                         exists (a test sets up quickly, then makes the disk slow)
 *   JH_FAULT_GETRANDOM=1  getrandom as before the kernel's entropy pool is
 *                         initialised (a cold boot on an older kernel): with
 *                         GRND_NONBLOCK it fails (EAGAIN); without, it would
 *                         block: counted (jh_fault_getrandom_blocking) and
 *                         then served, so a test shows it instead of hanging
 *   JH_FAULT_OPENDIR=SUBSTR  opendir of a folder whose path path_has-matches
 *                         SUBSTR (as JH_FAULT_PATH, '$' included) fails
 *   JH_FAULT_READDIR=SUBSTR  readdir of such a folder fails (its first
 *                         entry is returned, every later call fails): a
 *                         stick that fails in the middle of a listing
 *   JH_FAULT_OPEN=SUBSTR  open of a file whose path path_has-matches SUBSTR
 *                         fails (a file of a stick that fails while listed)
 *   JH_FAULT_DIR_ERRNO=N  the errno of those three (default EIO=5; EACCES=13)
 *   JH_FAULT_MKDTEMP=SUBSTR  mkdtemp of a template that path_has-matches
 *                         SUBSTR fails with ENOSPC (a disk with no inode
 *                         left, or filled since a check of its room)
 *   JH_FAULT_LOG=1        print each injected failure to stderr
 * Counting starts at 1.  Unset variables inject nothing.
 *
 * A test that preloads this library into its own process can change the
 * settings between steps through jh_fault_set() (look it up with dlsym):
 * it resets the counters, so "fail from the next fsync on" is
 * jh_fault_set(1, 0, 0, path) and "no faults" is jh_fault_set(0, 0, 0, NULL). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <unistd.h>

static long fsync_after = -1, write_after = -1, times = -1, pull_after = -1, rename_after = -1;
static long fsync_count, write_count, fsync_failed, write_failed, pull_count, rename_count, rename_failed;
static const char *path_filter;
static char path_buf[4096], pull_dir[4096];
static int log_faults;
static long slow_fsync_ms;
static const char *slow_flag;
static int inited;
static const char *opendir_filter, *readdir_filter, *mkdtemp_filter, *open_filter;
static int dir_errno = EIO;
static DIR *readdir_last; /* the folder readdir_fails counts the calls of */
static int getrandom_unready;
static long getrandom_blocking, getrandom_eagain;

/* Totals of injected failures, for the tests' figures. */
long jh_fault_injected(void)
{
    return fsync_failed + write_failed + rename_failed;
}

static void init(void)
{
    if (inited) return;
    inited = 1;
    const char *v;
    if ((v = getenv("JH_FAULT_FSYNC"))) fsync_after = atol(v);
    if ((v = getenv("JH_FAULT_WRITE"))) write_after = atol(v);
    if ((v = getenv("JH_FAULT_RENAME"))) rename_after = atol(v);
    if ((v = getenv("JH_FAULT_TIMES"))) times = atol(v);
    if ((v = getenv("JH_FAULT_PULL"))) pull_after = atol(v);
    if ((v = getenv("JH_FAULT_PULL_DIR"))) snprintf(pull_dir, sizeof pull_dir, "%s", v);
    path_filter = getenv("JH_FAULT_PATH");
    log_faults = getenv("JH_FAULT_LOG") != NULL;
    if ((v = getenv("JH_FAULT_SLOW_FSYNC_MS"))) slow_fsync_ms = atol(v);
    slow_flag = getenv("JH_FAULT_SLOW_FLAG");
    if ((v = getenv("JH_FAULT_GETRANDOM"))) getrandom_unready = atoi(v) > 0;
    opendir_filter = getenv("JH_FAULT_OPENDIR");
    open_filter = getenv("JH_FAULT_OPEN");
    mkdtemp_filter = getenv("JH_FAULT_MKDTEMP");
    readdir_filter = getenv("JH_FAULT_READDIR");
    if ((v = getenv("JH_FAULT_DIR_ERRNO")) && atoi(v) > 0) dir_errno = atoi(v);
}

/* In-process switch of JH_FAULT_GETRANDOM (resets its counters). */
void jh_fault_set_getrandom(int unready)
{
    init();
    getrandom_unready = unready;
    getrandom_blocking = getrandom_eagain = 0;
}

/* Calls since jh_fault_set_getrandom that would have blocked (no
 * GRND_NONBLOCK while the pool is "not initialised"). */
long jh_fault_getrandom_blocking(void)
{
    return getrandom_blocking;
}

/* Calls since jh_fault_set_getrandom failed with EAGAIN. */
long jh_fault_getrandom_eagain(void)
{
    return getrandom_eagain;
}


/* Changes the settings in-process (0 or negative: off) and resets the
 * counters; path NULL matches every file descriptor. */
void jh_fault_set(long fsync_n, long write_n, long times_k, const char *path)
{
    init();
    fsync_after = fsync_n;
    write_after = write_n;
    times = times_k > 0 ? times_k : -1;
    fsync_count = write_count = 0;
    if (path) snprintf(path_buf, sizeof path_buf, "%s", path);
    path_filter = path ? path_buf : NULL;
}

/* Arms the pull-out: at the n-th write on a matching descriptor, dir is
 * detached (n <= 0: off). */
void jh_fault_set_pull(long n, const char *dir)
{
    init();
    pull_after = n;
    pull_count = 0;
    snprintf(pull_dir, sizeof pull_dir, "%s", dir ? dir : "");
}

/* Whether path contains filter (NULL or "": all; "...$": ends with it). */
static int path_has(const char *path, const char *filter)
{
    if (!filter || !*filter) return 1;
    size_t n = strlen(filter), len = strlen(path);
    if (filter[n - 1] != '$') return strstr(path, filter) != NULL;
    return len >= n - 1 && !strncmp(path + len - (n - 1), filter, n - 1);
}

/* Whether the file behind fd has a path path_has matches. */
static int fd_path_has(int fd, const char *filter)
{
    if (!filter || !*filter) return 1;
    char link[64], target[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, target, sizeof target - 1);
    if (n < 0) return 0;
    target[n] = '\0';
    return path_has(target, filter);
}

static int fd_matches(int fd)
{
    return fd_path_has(fd, path_filter);
}

static void maybe_slow(int fd)
{
    init();
    if (slow_fsync_ms > 0 && fd_matches(fd) && (!slow_flag || access(slow_flag, F_OK) == 0))
        usleep((useconds_t)slow_fsync_ms * 1000);
}

static int should_fail(long *count, const long *after_p, long *failed, int fd, const char *what)
{
    init();
    long after = *after_p;
    if (after <= 0 || !fd_matches(fd)) return 0;
    if (++*count < after) return 0;
    if (times > 0 && *count >= after + times) return 0;
    ++*failed;
    if (log_faults) fprintf(stderr, "fault_preload: failing %s #%ld on fd %d\n", what, *count, fd);
    return 1;
}

static void maybe_pull(int fd)
{
    init();
    if (pull_after <= 0 || !pull_dir[0] || !fd_path_has(fd, pull_dir)) return;
    if (++pull_count != pull_after) return;
    /* As udisks does when a stick goes: the mount goes, then its mount point. */
    int r = umount2(pull_dir, MNT_DETACH);
    if (r == 0) rmdir(pull_dir);
    if (log_faults || r != 0)
        fprintf(stderr, "fault_preload: pulled out %s at write #%ld%s\n", pull_dir, pull_count,
                r != 0 ? " (umount failed)" : "");
}

int fsync(int fd)
{
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    maybe_slow(fd);
    if (should_fail(&fsync_count, &fsync_after, &fsync_failed, fd, "fsync")) {
        errno = EIO;
        return -1;
    }
    return real(fd);
}

int fdatasync(int fd)
{
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
    maybe_slow(fd);
    if (should_fail(&fsync_count, &fsync_after, &fsync_failed, fd, "fdatasync")) {
        errno = EIO;
        return -1;
    }
    return real(fd);
}

ssize_t write(int fd, const void *buf, size_t n)
{
    static ssize_t (*real)(int, const void *, size_t);
    if (!real) real = (ssize_t(*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
    if (fd > 2) maybe_pull(fd);
    if (fd > 2 && should_fail(&write_count, &write_after, &write_failed, fd, "write")) {
        errno = ENOSPC;
        return -1;
    }
    return real(fd, buf, n);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
    static ssize_t (*real)(int, const void *, size_t, off_t);
    if (!real) real = (ssize_t(*)(int, const void *, size_t, off_t))dlsym(RTLD_NEXT, "pwrite");
    if (fd > 2) maybe_pull(fd);
    if (fd > 2 && should_fail(&write_count, &write_after, &write_failed, fd, "pwrite")) {
        errno = ENOSPC;
        return -1;
    }
    return real(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off)
{
    return pwrite(fd, buf, n, off);
}

ssize_t getrandom(void *buf, size_t n, unsigned int flags)
{
    init();
    if (getrandom_unready && !(flags & GRND_RANDOM)) {
        if (flags & GRND_NONBLOCK) {
            ++getrandom_eagain;
            if (log_faults) fprintf(stderr, "fault_preload: getrandom: EAGAIN (pool not initialised)\n");
            errno = EAGAIN;
            return -1;
        }
        ++getrandom_blocking;
        if (log_faults) fprintf(stderr, "fault_preload: getrandom would block (pool not initialised)\n");
    }
    return syscall(SYS_getrandom, buf, n, flags);
}

int rename(const char *from, const char *to)
{
    static int (*real)(const char *, const char *);
    if (!real) real = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
    init();
    if (rename_after > 0 && path_has(to, path_filter) && ++rename_count >= rename_after &&
        !(times > 0 && rename_count >= rename_after + times)) {
        ++rename_failed;
        if (log_faults) fprintf(stderr, "fault_preload: failing rename #%ld to %s\n", rename_count, to);
        errno = EIO;
        return -1;
    }
    return real(from, to);
}

char *mkdtemp(char *tmpl)
{
    static char *(*real)(char *);
    if (!real) real = (char *(*)(char *))dlsym(RTLD_NEXT, "mkdtemp");
    init();
    if (mkdtemp_filter && *mkdtemp_filter && path_has(tmpl, mkdtemp_filter)) {
        if (log_faults) fprintf(stderr, "fault_preload: failing mkdtemp %s\n", tmpl);
        errno = ENOSPC;
        return NULL;
    }
    return real(tmpl);
}

static int open_with(const char *sym, const char *path, int flags, mode_t mode)
{
    init();
    if (open_filter && *open_filter && path_has(path, open_filter)) {
        if (log_faults) fprintf(stderr, "fault_preload: failing open %s\n", path);
        errno = dir_errno;
        return -1;
    }
    static int (*real_open)(const char *, int, ...), (*real_open64)(const char *, int, ...);
    int (**real)(const char *, int, ...) = sym[4] ? &real_open64 : &real_open;
    if (!*real) *real = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, sym);
    return (*real)(path, flags, mode);
}

int open(const char *path, int flags, ...)
{
    mode_t mode = 0;
    if (flags & (O_CREAT | O_TMPFILE)) {
        va_list ap;
        va_start(ap, flags);
        mode = (mode_t)va_arg(ap, int);
        va_end(ap);
    }
    return open_with("open", path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
    mode_t mode = 0;
    if (flags & (O_CREAT | O_TMPFILE)) {
        va_list ap;
        va_start(ap, flags);
        mode = (mode_t)va_arg(ap, int);
        va_end(ap);
    }
    return open_with("open64", path, flags, mode);
}

DIR *opendir(const char *path)
{
    static DIR *(*real)(const char *);
    if (!real) real = (DIR * (*)(const char *)) dlsym(RTLD_NEXT, "opendir");
    init();
    if (opendir_filter && *opendir_filter && path_has(path, opendir_filter)) {
        if (log_faults) fprintf(stderr, "fault_preload: failing opendir %s\n", path);
        errno = dir_errno;
        return NULL;
    }
    readdir_last = NULL; /* a new DIR may reuse a closed one's address */
    return real(path);
}

/* Whether this readdir call on d fails: not the first on a matching folder
 * (one DIR at a time is tracked: enough for a listing that reads each
 * folder to its end before the next). */
static int readdir_fails(DIR *d)
{
    static long calls;
    init();
    if (!readdir_filter || !*readdir_filter || !fd_path_has(dirfd(d), readdir_filter)) return 0;
    if (d != readdir_last) {
        readdir_last = d;
        calls = 0;
    }
    if (++calls == 1) return 0;
    if (log_faults) fprintf(stderr, "fault_preload: failing readdir #%ld\n", calls);
    errno = dir_errno;
    return 1;
}

struct dirent *readdir(DIR *d)
{
    static struct dirent *(*real)(DIR *);
    if (!real) real = (struct dirent * (*)(DIR *)) dlsym(RTLD_NEXT, "readdir");
    return readdir_fails(d) ? NULL : real(d);
}

struct dirent64 *readdir64(DIR *d)
{
    static struct dirent64 *(*real)(DIR *);
    if (!real) real = (struct dirent64 * (*)(DIR *)) dlsym(RTLD_NEXT, "readdir64");
    return readdir_fails(d) ? NULL : real(d);
}
