/* county_codes.h - a response's answers packed per its questionnaire's item
 * order (schema 5 of the county database, issue 20): one byte per item,
 * 0 = not answered, k = the k-th value of the item's dictionary (its
 * options in order; a rating's "0".."10"), and every answer that is no such
 * value (free text, several choices, a value not among the options, an item
 * the questionnaire does not have) kept verbatim in a JSON object.  The
 * dictionary is stored per questionnaire hash in survey_codes.  Not for
 * modules other than the county database's and the statistics'. */
#ifndef JH_COUNTY_CODES_H
#define JH_COUNTY_CODES_H

#include <stdint.h>

#include "jh.h"
#include "survey.h"

struct sqlite3;

/* The largest code (a byte; values after the 255th of an item stay verbatim). */
#define COUNTY_CODES_MAX 255

typedef struct county_codes county_codes_t;

/* The dictionary of questionnaire s (which it does not keep: every string
 * is copied).  Free with county_codes_free. */
county_codes_t *county_codes_build(const survey_t *s);
void county_codes_free(county_codes_t *k);

/* Number of items (the length of a packed row). */
int county_codes_n_items(const county_codes_t *k);

/* Packs one answer: sets codes[item] (codes has n_items bytes, zeroed by the
 * caller) when the item is known, not yet coded and value is in its
 * dictionary; otherwise appends "item":"value" to extra (a JSON object
 * under construction: the caller adds "{" before the first and "}" after
 * the last; *n_extra counts the pairs).  *last is the item index of the
 * previous answer (-1 at first): answers usually come in item order. */
void county_codes_pack(const county_codes_t *k, const char *item, const char *value, uint8_t *codes,
                       int *last, jh_buf_t *extra, int *n_extra);

/* What county_codes_pack_at remembers for one bundle and one dictionary:
 * per item, the item id met at it and the codes of the values met (by the
 * strings' addresses, valid while the bundle's strings live).  Create one
 * per dictionary per bundle; free with county_codes_cache_free. */
typedef struct county_codes_cache county_codes_cache_t;
county_codes_cache_t *county_codes_cache_new(const county_codes_t *k);
void county_codes_cache_free(county_codes_cache_t *cc);

/* county_codes_pack where the item's index in the questionnaire k was
 * built from is known (bundle_answer_t.item_index, which the bundle reader
 * found): the same result, through cc (made for k).  An index that does
 * not name item in k falls back to county_codes_pack. */
void county_codes_pack_at(const county_codes_t *k, county_codes_cache_t *cc, int idx, const char *item,
                          const char *value, uint8_t *codes, int *last, jh_buf_t *extra, int *n_extra);

/* Appends s as a JSON string. */
void county_codes_json_str(jh_buf_t *b, const char *s);

/* Stores the dictionary under hash in survey_codes unless it is there
 * already (inside the caller's transaction).  *get and *ins are the
 * statements it uses, prepared on db when NULL and kept for the next call
 * (the caller finalizes them).  JH_ERR_IO (err filled with SQLite's
 * message) on failure. */
struct sqlite3_stmt;
jh_status_t county_codes_store(struct sqlite3 *db, struct sqlite3_stmt **get, struct sqlite3_stmt **ins,
                               const char *hash, const county_codes_t *k, jh_err_t *err);

/* The 256-byte blob literal X'000102..FF' the answers view uses to turn a
 * packed byte into its code with instr() (pure SQL). */
#define COUNTY_CODES_BYTES_SQL                                                                           \
    "X'000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F202122232425262728292A2B2C2D2E2F" \
    "303132333435363738393A3B3C3D3E3F404142434445464748494A4B4C4D4E4F505152535455565758595A5B5C5D5E5F"   \
    "606162636465666768696A6B6C6D6E6F707172737475767778797A7B7C7D7E7F808182838485868788898A8B8C8D8E8F"   \
    "909192939495969798999A9B9C9D9E9FA0A1A2A3A4A5A6A7A8A9AAABACADAEAFB0B1B2B3B4B5B6B7B8B9BABBBCBDBEBF"   \
    "C0C1C2C3C4C5C6C7C8C9CACBCCCDCECFD0D1D2D3D4D5D6D7D8D9DADBDCDDDEDFE0E1E2E3E4E5E6E7E8E9EAEBECEDEEEF"   \
    "F0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF'"

/* The answers view (response_id, item_id, value): the packed bytes looked
 * up in survey_codes, then the verbatim answers. */
#define COUNTY_ANSWERS_VIEW_SQL                                                                  \
    "CREATE VIEW answers AS"                                                                     \
    "  SELECT r.id AS response_id, c.item_id AS item_id, c.value AS value"                       \
    "  FROM responses r JOIN survey_codes c ON c.survey_hash = r.survey_hash"                    \
    "   AND c.code = instr(" COUNTY_CODES_BYTES_SQL ", substr(r.codes, c.item_index + 1, 1)) - 1" \
    "  UNION ALL"                                                                                \
    "  SELECT r.id, j.key, j.value FROM responses r, json_each(r.extra) j WHERE r.extra IS NOT NULL;"

#endif
