/* fault_preload.c - an LD_PRELOAD library that makes chosen system calls
 * fail, so tests can show what the programs do when the disk lies or fills.
 *
 * Controlled by environment variables, read once:
 *   JH_FAULT_FSYNC=N      the N-th and later fsync/fdatasync calls fail (EIO)
 *   JH_FAULT_WRITE=N      the N-th and later write/pwrite calls fail (ENOSPC)
 *   JH_FAULT_PATH=SUBSTR  only calls on file descriptors whose path contains
 *                         SUBSTR count and fail (default: all)
 *   JH_FAULT_LOG=1        print each injected failure to stderr
 * Counting starts at 1.  Unset variables inject nothing. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static long fsync_after = -1, write_after = -1;
static long fsync_count, write_count;
static const char *path_filter;
static int log_faults;
static int inited;

static void init(void)
{
    if (inited) return;
    inited = 1;
    const char *v;
    if ((v = getenv("JH_FAULT_FSYNC"))) fsync_after = atol(v);
    if ((v = getenv("JH_FAULT_WRITE"))) write_after = atol(v);
    path_filter = getenv("JH_FAULT_PATH");
    log_faults = getenv("JH_FAULT_LOG") != NULL;
}

static int fd_matches(int fd)
{
    if (!path_filter || !*path_filter) return 1;
    char link[64], target[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, target, sizeof target - 1);
    if (n < 0) return 0;
    target[n] = '\0';
    return strstr(target, path_filter) != NULL;
}

static int should_fail(long *count, const long *after_p, int fd, const char *what)
{
    init();
    long after = *after_p;
    if (after <= 0 || !fd_matches(fd)) return 0;
    if (++*count < after) return 0;
    if (log_faults) fprintf(stderr, "fault_preload: failing %s #%ld on fd %d\n", what, *count, fd);
    return 1;
}

int fsync(int fd)
{
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    if (should_fail(&fsync_count, &fsync_after, fd, "fsync")) {
        errno = EIO;
        return -1;
    }
    return real(fd);
}

int fdatasync(int fd)
{
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
    if (should_fail(&fsync_count, &fsync_after, fd, "fdatasync")) {
        errno = EIO;
        return -1;
    }
    return real(fd);
}

ssize_t write(int fd, const void *buf, size_t n)
{
    static ssize_t (*real)(int, const void *, size_t);
    if (!real) real = (ssize_t(*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
    if (fd > 2 && should_fail(&write_count, &write_after, fd, "write")) {
        errno = ENOSPC;
        return -1;
    }
    return real(fd, buf, n);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
    static ssize_t (*real)(int, const void *, size_t, off_t);
    if (!real) real = (ssize_t(*)(int, const void *, size_t, off_t))dlsym(RTLD_NEXT, "pwrite");
    if (fd > 2 && should_fail(&write_count, &write_after, fd, "pwrite")) {
        errno = ENOSPC;
        return -1;
    }
    return real(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off)
{
    return pwrite(fd, buf, n, off);
}
