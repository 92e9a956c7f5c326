/* test_store_util.h - helpers shared by the store and bundle tests: temporary
 * directories, tmpfs mounts and a small questionnaire built in memory. */
#ifndef TEST_STORE_UTIL_H
#define TEST_STORE_UTIL_H

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jh.h"
#include "survey.h"

/* A fresh directory under $TMPDIR (or /tmp); out holds its path. */
__attribute__((unused)) static void tu_tempdir(char out[512], const char *tag)
{
    const char *base = getenv("TMPDIR");
    snprintf(out, 512, "%s/jh-%s-XXXXXX", base && *base ? base : "/tmp", tag);
    if (!mkdtemp(out)) {
        perror("mkdtemp");
        exit(2);
    }
}

__attribute__((unused)) static int tu_rm_cb(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    remove(p);
    return 0;
}

__attribute__((unused)) static void tu_rmtree(const char *dir)
{
    nftw(dir, tu_rm_cb, 16, FTW_DEPTH | FTW_PHYS);
}

/* Mounts a tmpfs of size bytes at dir (which must exist); false when this
 * environment does not allow mounting (the caller skips with a message). */
__attribute__((unused)) static bool tu_mount_tmpfs(const char *dir, long size)
{
    char opts[64];
    snprintf(opts, sizeof opts, "size=%ld,mode=0755", size);
    return mount("tmpfs", dir, "tmpfs", 0, opts) == 0;
}

__attribute__((unused)) static bool tu_remount(const char *dir, bool readonly, long size)
{
    char opts[64];
    snprintf(opts, sizeof opts, "size=%ld,mode=0755", size);
    return mount("tmpfs", dir, "tmpfs", MS_REMOUNT | (readonly ? MS_RDONLY : 0), opts) == 0;
}

__attribute__((unused)) static void tu_umount(const char *dir)
{
    if (umount2(dir, MNT_DETACH) != 0) perror("umount");
}

/* Writes data to path (test setup; exits on failure). */
__attribute__((unused)) static void tu_write(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        perror(path);
        exit(2);
    }
}

__attribute__((unused)) static bool tu_exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

/* Reads a file from the source tree (tests/store/NAME). */
__attribute__((unused)) static char *tu_read_source(const char *rel, size_t *len)
{
    const char *src = getenv("JH_SOURCE_DIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", src ? src : JH_SOURCE_DIR, rel);
    char *text = NULL;
    jh_err_t err;
    if (jh_read_file(path, &text, len, &err) != JH_OK) {
        fprintf(stderr, "%s\n", err.msg);
        exit(2);
    }
    return text;
}

/* A small questionnaire built in memory: six rated scale items (q1..q6,
 * topic "teaching"), one background choice (grade) and one free text
 * (comment).  Free with tu_survey_free. */
__attribute__((unused)) static survey_t *tu_survey_new(const char *id)
{
    survey_t *s = jh_xcalloc(1, sizeof *s);
    s->id = jh_strdup(id);
    s->version = jh_strdup("1.0");
    s->audience = jh_strdup("parent");
    s->source_json = jh_sprintf("{\"id\":\"%s\",\"version\":\"1.0\",\"items\":8}", id);
    jh_sha256_hex(s->source_json, strlen(s->source_json), s->hash);
    s->n_items = 8;
    s->items = jh_xcalloc(8, sizeof *s->items);
    for (int i = 0; i < 6; i++) {
        s->items[i].id = jh_sprintf("q%d", i + 1);
        s->items[i].type = SURVEY_ITEM_SCALE;
        s->items[i].topic = jh_strdup("teaching");
        s->items[i].show_if.item_index = -1;
    }
    s->items[6].id = jh_strdup("grade");
    s->items[6].type = SURVEY_ITEM_CHOICE;
    s->items[6].background = true;
    s->items[6].show_if.item_index = -1;
    s->items[7].id = jh_strdup("comment");
    s->items[7].type = SURVEY_ITEM_TEXT;
    s->items[7].show_if.item_index = -1;
    return s;
}

__attribute__((unused)) static void tu_survey_free(survey_t *s)
{
    if (!s) return;
    for (int i = 0; i < s->n_items; i++) {
        free(s->items[i].id);
        free(s->items[i].topic);
    }
    free(s->items);
    free(s->id);
    free(s->version);
    free(s->audience);
    free(s->source_json);
    free(s);
}

#endif
