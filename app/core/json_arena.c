/* json_arena.c - a cJSON document's items in large blocks (json_arena.h).
 *
 * Blocks are heap blocks of 1 MiB (less a chunk header), taken from the
 * heap so that memory freed before (the census's rows of `junheng stats`,
 * 4 MiB blocks) serves again instead of fresh pages, which cost more than
 * anything else the document does on this VM.  Every live block is in an
 * array sorted by address: a pointer belongs to an arena when it lies in
 * one of them (no other allocation can lie there). */
#include "json_arena.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "jh.h"

#define BLK_USE (((size_t)1 << 20) - 64)
#define BIG ((size_t)32 << 10)

struct json_arena {
    char **blk;       /* its blocks (owned) */
    int n, cap;
    const void *root; /* released when cJSON frees this */
};

typedef struct {
    uintptr_t start;
    json_arena_t *a;
} block_t;

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER; /* the blocks, every arena's list and root */
static block_t *blocks;        /* of every live arena, by address */
static size_t n_live, cap_live;
static atomic_size_t n_blocks; /* n_live, read without the lock: 0, and a free is free() */

static _Thread_local json_arena_t *tl_a;
static _Thread_local char *tl_cur, *tl_end;

/* The index of the last block starting at or before u, or -1. */
static ptrdiff_t block_at(uintptr_t u)
{
    size_t lo = 0, hi = n_live;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (blocks[mid].start <= u)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (ptrdiff_t)lo - 1;
}

static void block_put(uintptr_t start, json_arena_t *a)
{
    if (n_live == cap_live) {
        cap_live = cap_live ? cap_live * 2 : 256;
        blocks = jh_xrealloc(blocks, cap_live * sizeof *blocks);
    }
    size_t k = (size_t)(block_at(start) + 1);
    memmove(&blocks[k + 1], &blocks[k], (n_live - k) * sizeof *blocks);
    blocks[k] = (block_t){start, a};
    n_live++;
}

/* Every block of a out of the array. */
static void blocks_drop(const json_arena_t *a)
{
    size_t k = 0;
    for (size_t i = 0; i < n_live; i++)
        if (blocks[i].a != a) blocks[k++] = blocks[i];
    n_live = k;
}

json_arena_t *json_arena_new(void)
{
    bundle_reader_init(); /* cJSON's hooks, which call json_arena_malloc and _free */
    return jh_xcalloc(1, sizeof(json_arena_t));
}

json_arena_scope_t json_arena_enter(json_arena_t *a)
{
    json_arena_scope_t s = {tl_a, tl_cur, tl_end};
    tl_a = a;
    tl_cur = tl_end = NULL;
    return s;
}

void json_arena_leave(const json_arena_scope_t *s)
{
    tl_a = s->a;
    tl_cur = s->cur;
    tl_end = s->end;
}

void json_arena_own(json_arena_t *a, const void *root)
{
    pthread_mutex_lock(&mu);
    a->root = root;
    pthread_mutex_unlock(&mu);
}

size_t json_arena_bytes(void)
{
    return atomic_load(&n_blocks) * BLK_USE;
}

/* A new block for this thread's arena. */
static void refill(json_arena_t *a)
{
    char *p = jh_xmalloc(BLK_USE);
    pthread_mutex_lock(&mu);
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 64;
        a->blk = jh_xrealloc(a->blk, (size_t)a->cap * sizeof *a->blk);
    }
    a->blk[a->n++] = p;
    block_put((uintptr_t)p, a);
    atomic_fetch_add(&n_blocks, 1);
    pthread_mutex_unlock(&mu);
    tl_cur = p;
    tl_end = tl_cur + BLK_USE;
}

void *json_arena_malloc(size_t n)
{
    json_arena_t *a = tl_a;
    if (!a || n > BIG) return malloc(n);
    n = n ? (n + 7) & ~(size_t)7 : 8; /* an item's pointers and double: 8-byte aligned */
    if (!tl_cur || (size_t)(tl_end - tl_cur) < n) refill(a);
    void *p = tl_cur;
    tl_cur += n;
    return p;
}

void json_arena_free(void *p)
{
    if (!p) return;
    if (atomic_load(&n_blocks) == 0) {
        free(p);
        return;
    }
    uintptr_t u = (uintptr_t)p;
    pthread_mutex_lock(&mu);
    ptrdiff_t k = block_at(u);
    json_arena_t *a = k >= 0 && u - blocks[k].start < BLK_USE ? blocks[k].a : NULL;
    if (!a || p != a->root) {
        pthread_mutex_unlock(&mu);
        if (!a) free(p);
        return;
    }
    /* the root, freed last by cJSON_Delete: the whole arena */
    blocks_drop(a);
    atomic_fetch_sub(&n_blocks, (size_t)a->n);
    pthread_mutex_unlock(&mu);
    for (int i = 0; i < a->n; i++) free(a->blk[i]);
    free(a->blk);
    free(a);
}
