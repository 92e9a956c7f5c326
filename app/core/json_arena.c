/* json_arena.c - a cJSON document's items in large blocks (json_arena.h).
 *
 * Blocks are 1 MiB-aligned heap blocks of 1 MiB less a page (so that the
 * next block's chunk fits below the next boundary: no gap of a MiB between
 * two), taken from the heap so that memory freed before (the census's rows
 * in `junheng stats`) serves again instead of fresh pages.  Every live block
 * is in a hash table by its base address: a pointer belongs to an arena
 * when the table holds its base rounded down to 1 MiB and it lies in that
 * block's used part; no other allocation can lie there. */
#include "json_arena.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

#include "bundle.h"
#include "jh.h"

#define BLK_SHIFT 20
#define BLK ((uintptr_t)1 << BLK_SHIFT)
#define BLK_USE (BLK - 4096)
#define BIG ((size_t)32 << 10)

struct json_arena {
    char **blk;       /* its blocks (owned) */
    int n, cap;
    const void *root; /* released when cJSON frees this */
};

typedef struct {
    uintptr_t base;   /* 0: empty */
    json_arena_t *a;
} slot_t;

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER; /* the table, every arena's block list and root */
static slot_t *table;
static size_t table_cap, table_n;
static atomic_size_t n_blocks; /* blocks of live arenas: 0, and a free is free() */

static _Thread_local json_arena_t *tl_a;
static _Thread_local char *tl_cur, *tl_end;

static size_t slot_start(uintptr_t base)
{
    return (size_t)(((uint64_t)(base >> BLK_SHIFT) * 0x9e3779b97f4a7c15ull) >> 32) & (table_cap - 1);
}

static void table_put(uintptr_t base, json_arena_t *a)
{
    if ((table_n + 1) * 2 > table_cap) {
        size_t old_cap = table_cap;
        slot_t *old = table;
        table_cap = table_cap ? table_cap * 2 : 256;
        table = jh_xcalloc(table_cap, sizeof *table);
        table_n = 0;
        for (size_t i = 0; i < old_cap; i++)
            if (old[i].base) table_put(old[i].base, old[i].a);
        free(old);
    }
    size_t k = slot_start(base);
    while (table[k].base) k = (k + 1) & (table_cap - 1);
    table[k] = (slot_t){base, a};
    table_n++;
}

static json_arena_t *table_get(uintptr_t base)
{
    if (!table_cap) return NULL;
    for (size_t k = slot_start(base); table[k].base; k = (k + 1) & (table_cap - 1))
        if (table[k].base == base) return table[k].a;
    return NULL;
}

/* Every slot of a out of the table (the others put back in order). */
static void table_drop(const json_arena_t *a)
{
    size_t cap = table_cap;
    slot_t *old = table;
    table = jh_xcalloc(cap, sizeof *table);
    table_n = 0;
    for (size_t i = 0; i < cap; i++)
        if (old[i].base && old[i].a != a) table_put(old[i].base, old[i].a);
    free(old);
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
    return atomic_load(&n_blocks) * (size_t)BLK_USE;
}

/* A new block for this thread's arena. */
static void refill(json_arena_t *a)
{
    void *p = NULL;
    if (posix_memalign(&p, BLK, BLK_USE) != 0 || !p) jh_expect_fail(__FILE__, __LINE__, "memory");
    pthread_mutex_lock(&mu);
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 64;
        a->blk = jh_xrealloc(a->blk, (size_t)a->cap * sizeof *a->blk);
    }
    a->blk[a->n++] = p;
    table_put((uintptr_t)p, a);
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
    uintptr_t u = (uintptr_t)p, base = u & ~(BLK - 1);
    pthread_mutex_lock(&mu);
    json_arena_t *a = table_get(base);
    if (a && u - base >= BLK_USE) a = NULL; /* past the block: the heap's */
    if (!a || p != a->root) {
        pthread_mutex_unlock(&mu);
        if (!a) free(p);
        return;
    }
    /* the root, freed last by cJSON_Delete: the whole arena */
    table_drop(a);
    atomic_fetch_sub(&n_blocks, (size_t)a->n);
    pthread_mutex_unlock(&mu);
    for (int i = 0; i < a->n; i++) free(a->blk[i]);
    free(a->blk);
    free(a);
}
