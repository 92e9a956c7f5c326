/* usb_targets.h - where USB sticks are mounted: the mount points the
 * kernel lists in mountinfo under /media and /run/media (udisks2 mounts a
 * stick at /media/USER/LABEL or /run/media/USER/LABEL, some systems at
 * /media/LABEL), plus directories matching extra glob patterns (tests and
 * unusual systems).  No SDL: the kiosk's admin screen and the packaging
 * self-check use it.
 *
 * Ownership: results are copied into the caller's array. */
#ifndef JH_USB_TARGETS_H
#define JH_USB_TARGETS_H

#include <stdbool.h>

#include "jh.h"

#define USB_TARGET_PATH_MAX 512

typedef struct {
    char path[USB_TARGET_PATH_MAX]; /* the mount point (or the matching directory) */
    bool writable;                  /* mounted read-write and access(W_OK) allows writing */
} usb_target_t;

/* Lists at most max targets into out and returns how many.  mountinfo: the
 * file to read (NULL: /proc/self/mountinfo; a missing file lists nothing);
 * prefixes: the mount point prefixes that mean removable media (NULL:
 * "/media/" and "/run/media/"); globs: NULL-terminated extra patterns of
 * directories (may be NULL).  Mount points are decoded (\040 is a space),
 * sorted, without duplicates, and only directories that exist; mount points
 * whose last name starts with a dot are skipped (so are such folders for a
 * glob's '*').  Read from the kernel's own list (mountinfo NULL), a mount
 * point counts only when its path leads to that mount: a folder itself
 * (not a symbolic link) on another device than the folder above it. */
int usb_targets_list(const char *mountinfo, const char *const *prefixes, const char *const *globs,
                     usb_target_t *out, int max);

/* usb_targets_list without the mount points on the device that holds the
 * folder of db_path (the kiosk's own disk: its EFI partition mounted under
 * /media, say): an export there would stay on the kiosk.  Directories from
 * globs are not checked (tests put them beside the database).  db_path NULL:
 * as usb_targets_list. */
int usb_targets_list_except(const char *mountinfo, const char *const *prefixes, const char *const *globs,
                            const char *db_path, usb_target_t *out, int max);

/* As many targets as usb_target_check compares (more sticks than any
 * kiosk has ports). */
#define USB_TARGETS_CHECK_MAX 64

/* Whether path is still a target usb_targets_list_except lists with the
 * same arguments (the scan's decision, made again just before an export
 * writes and before it is recorded, review rusb4 item 1): JH_OK; else, a
 * stick pulled out (the empty folder left on the kiosk's own disk, or no
 * folder), mounted at another place, or its folder replaced by another
 * folder or a symbolic link: JH_ERR_NOTFOUND with a message saying so.
 * From the kernel's list (mountinfo NULL) a mount point counts only when
 * reached as a mount: a folder itself, not a symbolic link, on another
 * device than the folder above it (a mount covered by a later one is
 * not). */
jh_status_t usb_target_check(const char *mountinfo, const char *const *prefixes, const char *const *globs,
                             const char *db_path, const char *path, jh_err_t *err);

#endif
