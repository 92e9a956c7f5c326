/* json_arena.h - a cJSON document's items in large blocks (issue 20).
 *
 * The statistics document of a 2,000-school county is ~850,000 cJSON items
 * and ~350,000 strings, made on four threads: one malloc each (80 bytes for
 * a 64-byte item, 32 for a short string) from a heap every thread shares.
 * While a thread is inside an arena, cJSON allocates from 1 MiB blocks of
 * it instead (a bump of a pointer, 8-byte aligned); freeing one of its items
 * does nothing, and the whole arena goes at once when cJSON frees the
 * document's root (cJSON_Delete frees a tree's root last).
 *
 * The arena works through cJSON's hooks, which are process-wide: they are
 * the bundle reader's (bundle_reader_init), which hand what is not the
 * reader's own to json_arena_malloc and json_arena_free.  An item made
 * outside the arena (another thread, another library) may be added to the
 * document and an arena item may be freed any time: only the root's free
 * releases the blocks, so nothing of the arena may be kept past it.
 * Allocations over 32 KiB (printed text) are malloc's even inside an arena.
 *
 * Use: a = json_arena_new(); s = json_arena_enter(a); doc = cJSON_Create...;
 * json_arena_own(a, doc); ... json_arena_leave(&s) on every thread that
 * entered it (before the document can be freed). */
#ifndef JH_JSON_ARENA_H
#define JH_JSON_ARENA_H

#include <stddef.h>

typedef struct json_arena json_arena_t;

/* What json_arena_enter replaced on this thread (restored by leave). */
typedef struct {
    json_arena_t *a;
    char *cur, *end;
} json_arena_scope_t;

/* A new arena with no blocks yet; installs cJSON's hooks (once). */
json_arena_t *json_arena_new(void);
/* From now on this thread's cJSON allocations come from a (NULL: from
 * malloc again, e.g. for a tree parsed and freed while a document is made). */
json_arena_scope_t json_arena_enter(json_arena_t *a);
/* Back to what the thread used before json_arena_enter. */
void json_arena_leave(const json_arena_scope_t *s);
/* The arena is released (all its blocks freed) when cJSON frees root,
 * which must be an item made in it. */
void json_arena_own(json_arena_t *a, const void *root);
/* Bytes taken from the heap by live arenas (blocks of 1 MiB; tests). */
size_t json_arena_bytes(void);

/* cJSON's allocation and free outside the bundle reader's own arena. */
void *json_arena_malloc(size_t n);
void json_arena_free(void *p);

#endif
