/* test_suppress_alg.c - white-box tests of the relations solved together in
 * the small-cell suppression (app/core/stats_compute.c, included here: its
 * functions are static).  alg_fixed, the sparse solve, against a dense
 * reduced echelon form written out here (the method it replaced) on random
 * systems; together_candidate when the relations holding the figure that
 * follows have nothing published (review of session 15). */
#include "../app/core/stats_compute.c"

#include "check.h"

/* the dense reference: fixed[c] when a row of the reduced echelon form
 * holds c alone */
static void dense_fixed(int nr, int nc, const int *a, bool *fixed)
{
    uint32_t *m = jh_xcalloc((size_t)nr * (size_t)nc + 1, sizeof *m);
    for (int i = 0; i < nr * nc; i++) m[i] = (uint32_t)(((int64_t)a[i] % ALG_P + ALG_P) % ALG_P);
    int rank = 0;
    for (int cc = 0; cc < nc && rank < nr; cc++) {
        int p = rank;
        while (p < nr && !m[(size_t)p * nc + cc]) p++;
        if (p == nr) continue;
        for (int j = 0; j < nc; j++) {
            uint32_t t = m[(size_t)p * nc + j];
            m[(size_t)p * nc + j] = m[(size_t)rank * nc + j];
            m[(size_t)rank * nc + j] = t;
        }
        uint32_t *pr = &m[(size_t)rank * nc], inv = alg_inv(pr[cc]);
        for (int j = 0; j < nc; j++) pr[j] = alg_mul(pr[j], inv);
        for (int i = 0; i < nr; i++) {
            uint32_t *ri = &m[(size_t)i * nc], f = ri[cc];
            if (i == rank || !f) continue;
            for (int j = 0; j < nc; j++) ri[j] = (uint32_t)(((uint64_t)ri[j] + ALG_P - alg_mul(f, pr[j])) % ALG_P);
        }
        rank++;
    }
    for (int c = 0; c < nc; c++) fixed[c] = false;
    for (int i = 0; i < rank; i++) {
        int only = -1, nz = 0;
        for (int j = 0; j < nc; j++)
            if (m[(size_t)i * nc + j]) {
                nz++;
                only = j;
            }
        if (nz == 1) fixed[only] = true;
    }
    free(m);
}

static void sparse_fixed(int nr, int nc, const int *a, bool *fixed)
{
    alg_row_t *rows = jh_xcalloc((size_t)nr + 1, sizeof *rows);
    for (int i = 0; i < nr; i++)
        for (int j = 0; j < nc; j++)
            if (a[i * nc + j])
                alg_row_push(&rows[i], j, (uint32_t)(((int64_t)a[i * nc + j] % ALG_P + ALG_P) % ALG_P));
    uint64_t seed = 12345;
    alg_fixed(rows, nr, nc, fixed, &seed);
    free(rows);
}

/* School A = its roles a1 + a2 + a3, B = b1 + b2, role 1 = a1 + b1, role 2 =
 * a2 + b2, with the five cells unknown: a3 = A − (1 + 2 − B) follows; none
 * of the rectangle does. */
static void test_rectangle(void)
{
    enum { A1, A2, A3, B1, B2, NC };
    int a[4 * NC] = {0};
    a[0 * NC + A1] = a[0 * NC + A2] = a[0 * NC + A3] = -1;
    a[1 * NC + B1] = a[1 * NC + B2] = -1;
    a[2 * NC + A1] = a[2 * NC + B1] = -1;
    a[3 * NC + A2] = a[3 * NC + B2] = -1;
    bool f[NC];
    sparse_fixed(4, NC, a, f);
    CHECK(!f[A1] && !f[A2] && !f[B1] && !f[B2]);
    CHECK(f[A3]);
}

/* random 0/±1 systems, sparse and dense, some with repeated cells */
static void test_random_systems(void)
{
    uint64_t s = 88172645463325252ULL;
    int agree = 0, some_fixed = 0, some_free = 0;
    for (int t = 0; t < 3000; t++) {
        s ^= s << 13, s ^= s >> 7, s ^= s << 17;
        int nr = 1 + (int)(s % 9), nc = 1 + (int)((s >> 8) % 10);
        int *a = jh_xcalloc((size_t)(nr * nc), sizeof *a);
        for (int i = 0; i < nr; i++) {
            int k = 1 + (int)((s >> 16) % 4);
            for (int e = 0; e < k; e++) {
                s ^= s << 13, s ^= s >> 7, s ^= s << 17;
                a[i * nc + (int)(s % (uint64_t)nc)] += (s >> 20) % 3 == 0 ? 1 : -1;
            }
        }
        bool fs[16], fd[16];
        sparse_fixed(nr, nc, a, fs);
        dense_fixed(nr, nc, a, fd);
        bool same = true;
        for (int c = 0; c < nc; c++) {
            same = same && fs[c] == fd[c];
            if (fd[c]) some_fixed++;
            else some_free++;
        }
        if (same) agree++;
        else fprintf(stderr, "system %d (%d x %d): sparse and dense disagree\n", t, nr, nc);
        free(a);
    }
    CHECK_INT(3000, agree);
    CHECK(some_fixed > 100 && some_free > 100);
}

static int add_group(groups_t *gs, gkind_t kind, int64_t n, bool hidden)
{
    if (gs->n == gs->cap) {
        gs->cap = gs->cap ? gs->cap * 2 : 16;
        gs->g = jh_xrealloc(gs->g, (size_t)gs->cap * sizeof *gs->g);
    }
    group_t *g = &gs->g[gs->n];
    memset(g, 0, sizeof *g);
    g->kind = kind;
    g->n = n;
    g->hidden = hidden;
    return gs->n++;
}

/* x, a protected version part of a hidden school x role cell: the
 * relations holding x (the cell = its parts, the role on that version =
 * its schools' parts) have nothing published, so the published figure to
 * hide is found further in x's connected unknowns (the school holding the
 * cell), never the role of a set x is not connected to; with only the
 * county published there, none (the caller warns). */
static void test_candidate_beyond_x(void)
{
    groups_t gs = {0};
    int county = add_group(&gs, G_COUNTY, 100, false);
    int school = add_group(&gs, G_SCHOOL, 20, false);
    int sr = add_group(&gs, G_SCHOOL_ROLE, 4, true);
    int sr2 = add_group(&gs, G_SCHOOL_ROLE, 7, true);
    int sr3 = add_group(&gs, G_SCHOOL_ROLE, 9, false);
    int role1 = add_group(&gs, G_ROLE, 3, true), role2 = add_group(&gs, G_ROLE, 97, false);
    int small_sr = add_group(&gs, G_SCHOOL_ROLE, 5, false); /* not connected to x */
    relations_t rs = {0};
    int x = rel_virtual(&rs, &gs, 2, true), w = rel_virtual(&rs, &gs, 2, true), rv = rel_virtual(&rs, &gs, 2, true);
    int r = rel_new(&rs, sr); /* the cell = its parts */
    rel_add(&rs, r, x);
    rel_add(&rs, r, w);
    r = rel_new(&rs, rv); /* the role on a version = its schools' parts */
    rel_add(&rs, r, x);
    r = rel_new(&rs, school); /* the school = its roles */
    rel_add(&rs, r, sr);
    rel_add(&rs, r, sr2);
    rel_add(&rs, r, sr3);
    r = rel_new(&rs, county); /* roles, apart from x's unknowns */
    rel_add(&rs, r, role1);
    rel_add(&rs, r, role2);
    r = rel_new(&rs, role1);
    rel_add(&rs, r, small_sr);
    /* sr3 (a school x role cell, the least important kind) over the school */
    CHECK_INT(sr3, together_candidate(&rs, &gs, x, county));
    gs.g[sr3].hidden = true;
    CHECK_INT(school, together_candidate(&rs, &gs, x, county));
    /* with the school hidden too, x's connected relations hold nothing
     * published but the county: no candidate */
    gs.g[school].hidden = true;
    r = rel_new(&rs, county);
    rel_add(&rs, r, school);
    CHECK_INT(-1, together_candidate(&rs, &gs, x, county));
    relations_free(&rs);
    free(gs.g);
}

int main(void)
{
    RUN(test_rectangle);
    RUN(test_random_systems);
    RUN(test_candidate_beyond_x);
    CHECK_DONE();
}
