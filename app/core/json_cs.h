/* json_cs.h - cJSON_Add*ToObject with constant keys, for the files that build
 * the statistics document (~800,000 items for a 2,000-school county).
 *
 * cJSON copies every key it is given (a malloc and a copy per item); these
 * macros, included after <cjson/cJSON.h>, make the usual calls add the item
 * under the key as it is instead (cJSON_AddItemToObjectCS), which requires
 * the key to outlive the item: a string literal.  A call with any other key
 * does not compile ("" k "" is only valid for a literal); call the function
 * itself there, in parentheses: (cJSON_AddNumberToObject)(o, name, v).
 * What is printed is the same: only where the key is stored differs.
 *
 * Ownership as in cJSON: each call returns the item added (borrowed from o)
 * or NULL, when the item is freed. */
#ifndef JH_JSON_CS_H
#define JH_JSON_CS_H

#include <cjson/cJSON.h>

static inline cJSON *json_cs_add(cJSON *o, const char *key, cJSON *item)
{
    if (!item) return NULL;
    if (!cJSON_AddItemToObjectCS(o, key, item)) {
        cJSON_Delete(item);
        return NULL;
    }
    return item;
}

/* cJSON_AddItemToObject's result is a cJSON_bool */
static inline cJSON_bool json_cs_add_item(cJSON *o, const char *key, cJSON *item)
{
    return json_cs_add(o, key, item) != NULL;
}

#define JSON_CS_KEY(k) ("" k "")
#define cJSON_AddNullToObject(o, k) json_cs_add((o), JSON_CS_KEY(k), cJSON_CreateNull())
#define cJSON_AddTrueToObject(o, k) json_cs_add((o), JSON_CS_KEY(k), cJSON_CreateTrue())
#define cJSON_AddFalseToObject(o, k) json_cs_add((o), JSON_CS_KEY(k), cJSON_CreateFalse())
#define cJSON_AddBoolToObject(o, k, b) json_cs_add((o), JSON_CS_KEY(k), cJSON_CreateBool(b))
#define cJSON_AddNumberToObject(o, k, n) json_cs_add((o), JSON_CS_KEY(k), cJSON_CreateNumber(n))
#define cJSON_AddStringToObject(o, k, s) json_cs_add((o), JSON_CS_KEY(k), cJSON_CreateString(s))
#define cJSON_AddObjectToObject(o, k) json_cs_add((o), JSON_CS_KEY(k), cJSON_CreateObject())
#define cJSON_AddArrayToObject(o, k) json_cs_add((o), JSON_CS_KEY(k), cJSON_CreateArray())
#define cJSON_AddItemToObject(o, k, item) json_cs_add_item((o), JSON_CS_KEY(k), (item))

#endif
