/* Just enough JSON to read tests/vectors/php-golden.jsonl in C: find a top-level field
 * of an object and decode JSON strings. Values that are not strings (the `params`) are
 * returned as raw JSON text, which is exactly what the jc_* functions take. */
#ifndef JC_TEST_VECTORS_H
#define JC_TEST_VECTORS_H

#include <stddef.h>

/* A slice of the input text. */
typedef struct {
    const char *ptr;
    size_t len;
} jv_span;

/* Reads a whole file into a new NUL-terminated buffer (free() it); NULL on error. */
char *jv_read_file(const char *path, size_t *len_out);

/* Finds the value of top-level key `key` in the JSON object `obj`: 1 and its raw
 * text in *out, or 0 if absent or the text is not a well-formed object. */
int jv_field(jv_span obj, const char *key, jv_span *out);

/* Decodes a raw JSON string value (quotes included) into a new NUL-terminated UTF-8
 * buffer (free() it) and its length; NULL if `raw` is not a valid JSON string. */
char *jv_string(jv_span raw, size_t *len_out);

/* Like jv_field + jv_string; NULL when absent or not a string. */
char *jv_string_field(jv_span obj, const char *key, size_t *len_out);

#endif
