/* C tests for jc_params, parameters without JSON (C11, -Wall -Wextra -Wpedantic -Werror).
 *
 * Linked into test_capi (see tests/c/params_tests.h): every golden request vector is
 * rebuilt key by key through jc_params by a small JSON walker and must give PHP's query
 * and hash; every misuse gives its status; 8 threads with one jc_params each share one
 * client against the sandbox. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "justclick.h"
#include "params_tests.h"
#include "sandbox.h"
#include "vectors.h"

const char *params_vectors_path = "tests/vectors/php-golden.jsonl";

#define S(str) (str), strlen(str)

/* ---- a JSON walker that feeds a jc_params --------------------------------------------- */

typedef struct {
    const char *p;
    const char *end;
    jc_params *params;
    jc_error *err;
    int failed; /* set on a malformed text or a failing jc_params call */
} walker;

static void skip_ws(walker *w) {
    while (w->p < w->end && (*w->p == ' ' || *w->p == '\t' || *w->p == '\n' || *w->p == '\r')) {
        w->p++;
    }
}

/* The raw text of the JSON string at w->p (quotes included); advances past it. */
static jv_span raw_string(walker *w) {
    jv_span s = {w->p, 0};
    if (w->p >= w->end || *w->p != '"') {
        w->failed = 1;
        return s;
    }
    w->p++;
    while (w->p < w->end && *w->p != '"') {
        w->p += *w->p == '\\' ? 2 : 1;
    }
    w->p++;
    s.len = (size_t)(w->p - s.ptr);
    return s;
}

static int check_call(walker *w, jc_status s, const char *what) {
    if (s != JC_STATUS_OK) {
        fprintf(stderr, "    %s: %s: %s\n", what, jc_status_str(s), jc_error_message(w->err));
        w->failed = 1;
    }
    return s == JC_STATUS_OK;
}

static void walk_value(walker *w, const char *key, size_t key_len);

/* Walks the members of an object or items of an array (w->p after the opening bracket). */
static void walk_members(walker *w, int is_object) {
    char index[24];
    long n = 0;
    skip_ws(w);
    if (w->p < w->end && *w->p == (is_object ? '}' : ']')) {
        w->p++;
        return;
    }
    while (!w->failed) {
        skip_ws(w);
        char *key = NULL;
        size_t key_len;
        if (is_object) {
            jv_span raw = raw_string(w);
            key = w->failed ? NULL : jv_string(raw, &key_len);
            skip_ws(w);
            if (key == NULL || w->p >= w->end || *w->p != ':') {
                free(key);
                w->failed = 1;
                return;
            }
            w->p++;
        } else {
            key_len = (size_t)snprintf(index, sizeof index, "%ld", n++);
        }
        walk_value(w, is_object ? key : index, key_len);
        free(key);
        skip_ws(w);
        if (w->p < w->end && *w->p == ',') {
            w->p++;
        } else if (w->p < w->end && *w->p == (is_object ? '}' : ']')) {
            w->p++;
            return;
        } else {
            w->failed = 1;
        }
    }
}

static void walk_value(walker *w, const char *key, size_t key_len) {
    skip_ws(w);
    if (w->p >= w->end) {
        w->failed = 1;
        return;
    }
    char c = *w->p;
    if (c == '{' || c == '[') {
        w->p++;
        if (check_call(w, jc_params_begin(w->params, key, key_len, w->err), "begin")) {
            walk_members(w, c == '{');
            check_call(w, jc_params_end(w->params, w->err), "end");
        }
    } else if (c == '"') {
        size_t len;
        char *value = jv_string(raw_string(w), &len);
        if (value == NULL) {
            w->failed = 1;
            return;
        }
        check_call(w, jc_params_add_str(w->params, key, key_len, value, len, w->err), "add_str");
        free(value);
    } else if (strncmp(w->p, "true", 4) == 0 || strncmp(w->p, "false", 5) == 0) {
        w->p += c == 't' ? 4 : 5;
        check_call(w, jc_params_add_bool(w->params, key, key_len, c == 't', w->err), "add_bool");
    } else if (strncmp(w->p, "null", 4) == 0) {
        w->p += 4;
        check_call(w, jc_params_add_null(w->params, key, key_len, w->err), "add_null");
    } else {
        /* A number: an integer when it has no fraction or exponent and fits int64_t
         * (as PHP's json_decode reads it), else a float. */
        const char *start = w->p;
        int is_float = 0;
        while (w->p < w->end && strchr("+-0123456789.eE", *w->p) != NULL) {
            is_float |= *w->p == '.' || *w->p == 'e' || *w->p == 'E';
            w->p++;
        }
        char num[64];
        size_t len = (size_t)(w->p - start);
        if (len == 0 || len >= sizeof num) {
            w->failed = 1;
            return;
        }
        memcpy(num, start, len);
        num[len] = '\0';
        char *stop;
        if (!is_float) {
            errno = 0;
            long long v = strtoll(num, &stop, 10);
            if (errno == 0 && *stop == '\0') {
                check_call(w, jc_params_add_int(w->params, key, key_len, (int64_t)v, w->err),
                           "add_int");
                return;
            }
        }
        double d = strtod(num, &stop);
        check_call(w, jc_params_add_float(w->params, key, key_len, d, w->err), "add_float");
    }
}

/* Fills `params` from the JSON text `json` (an object, an array, or `[]`). */
static int fill_from_json(jc_params *params, jv_span json, jc_error *err) {
    walker w = {json.ptr, json.ptr + json.len, params, err, 0};
    skip_ws(&w);
    if (w.p < w.end && (*w.p == '{' || *w.p == '[')) {
        char c = *w.p++;
        walk_members(&w, c == '{');
    } else {
        w.failed = 1;
    }
    return !w.failed;
}

/* ---- golden vectors ---------------------------------------------------------------- */

static int check_vector(jc_params *params, jv_span line, const char *name, jc_error *err) {
    jv_span json;
    size_t login_len, secret_len, query_len, hash_len;
    char *login = jv_string_field(line, "login", &login_len);
    char *secret = jv_string_field(line, "secret", &secret_len);
    char *want_query = jv_string_field(line, "query", &query_len);
    char *want_hash = jv_string_field(line, "hash", &hash_len);
    int ok = jv_field(line, "params", &json) && login && secret && want_query && want_hash;
    jc_params_clear(params);
    if (ok && !fill_from_json(params, json, err)) {
        fprintf(stderr, "    vector %s: could not feed the params\n", name);
        ok = 0;
    }
    char *query = NULL;
    size_t len = 0;
    if (ok && (jc_params_build_query(params, &query, &len, err) != JC_STATUS_OK ||
               len != query_len || memcmp(query, want_query, len) != 0 || query[len] != '\0')) {
        fprintf(stderr, "    vector %s: query %s\n      expected %s (%s)\n", name,
                query ? query : "(none)", want_query, jc_error_message(err));
        ok = 0;
    }
    jc_string_free(query);
    char hash[33];
    if (ok && (jc_params_get_hash(params, login, login_len, secret, secret_len, hash, err) !=
                   JC_STATUS_OK ||
               strcmp(hash, want_hash) != 0)) {
        fprintf(stderr, "    vector %s: hash %.33s, expected %s (%s)\n", name, hash, want_hash,
                jc_error_message(err));
        ok = 0;
    }
    free(login);
    free(secret);
    free(want_query);
    free(want_hash);
    return ok;
}

int test_params_golden_vectors(void) {
    size_t len;
    char *text = jv_read_file(params_vectors_path, &len);
    if (text == NULL) {
        fprintf(stderr, "    cannot read %s\n", params_vectors_path);
        return FAIL;
    }
    jc_error *err = jc_error_new();
    /* One jc_params for every vector: clear must leave nothing behind. */
    jc_params *params = jc_params_new();
    CHECK(params != NULL);
    int requests = 0, failures = 0;
    for (char *p = text; *p != '\0';) {
        char *nl = strchr(p, '\n');
        size_t line_len = nl ? (size_t)(nl - p) : strlen(p);
        jv_span line = {p, line_len};
        p = nl ? nl + 1 : p + line_len;
        size_t n;
        char *kind = line_len ? jv_string_field(line, "kind", &n) : NULL;
        if (kind != NULL && strcmp(kind, "request") == 0) {
            char *name = jv_string_field(line, "name", &n);
            requests++;
            failures += !check_vector(params, line, name ? name : "(unnamed)", err);
            free(name);
        }
        free(kind);
    }
    jc_params_free(params);
    jc_error_free(err);
    free(text);
    printf("    %d request vectors rebuilt through jc_params, %d failed\n", requests, failures);
    CHECK(failures == 0);
    CHECK(requests >= 13);
    return PASS;
}

/* ---- building by hand ----------------------------------------------------------------- */

/* The query of `params` equals `want`. */
static int query_is(jc_params *params, const char *want, jc_error *err) {
    char *query = NULL;
    size_t len = 0;
    jc_status s = jc_params_build_query(params, &query, &len, err);
    int ok = s == JC_STATUS_OK && len == strlen(want) && strcmp(query, want) == 0;
    if (!ok) {
        fprintf(stderr, "    query %s (%s), expected %s\n", query ? query : "(none)",
                jc_status_str(s), want);
    }
    jc_string_free(query);
    return ok;
}

int test_params_types_and_replacement(void) {
    jc_error *err = jc_error_new();
    jc_params *p = jc_params_new();
    CHECK(p != NULL);
    CHECK(query_is(p, "", err));
    CHECK_STATUS(jc_params_add_str(p, S("lead_email"), S("a b+c@d.e"), err), JC_STATUS_OK, err);
    CHECK_STATUS(jc_params_add_int(p, S("n"), INT64_MIN, err), JC_STATUS_OK, err);
    CHECK_STATUS(jc_params_add_float(p, S("f"), 0.1 + 0.2, err), JC_STATUS_OK, err);
    CHECK_STATUS(jc_params_add_float(p, S("g"), 1e20, err), JC_STATUS_OK, err);
    CHECK_STATUS(jc_params_add_bool(p, S("t"), true, err), JC_STATUS_OK, err);
    CHECK_STATUS(jc_params_add_bool(p, S("u"), false, err), JC_STATUS_OK, err);
    CHECK_STATUS(jc_params_add_null(p, S("z"), err), JC_STATUS_OK, err);
    CHECK_STATUS(jc_params_begin(p, S("rid"), err), JC_STATUS_OK, err);
    CHECK_STATUS(jc_params_add_str(p, S("0"), S("super"), err), JC_STATUS_OK, err);
    CHECK_STATUS(jc_params_begin(p, S("1"), err), JC_STATUS_OK, err);
    CHECK_STATUS(jc_params_add_str(p, S("k.b"), S("\xd0\xaf"), err), JC_STATUS_OK, err);
    CHECK_STATUS(jc_params_end(p, err), JC_STATUS_OK, err);
    CHECK_STATUS(jc_params_end(p, err), JC_STATUS_OK, err);
    CHECK(query_is(p,
                   "lead_email=a+b%2Bc%40d.e&n=-9223372036854775808&f=0.3&g=1.0E%2B20&t=1&u=0"
                   "&rid%5B0%5D=super&rid%5B1%5D%5Bk.b%5D=%D0%AF",
                   err));
    /* A repeated key replaces the value in its original position, as in PHP. */
    CHECK_STATUS(jc_params_add_int(p, S("lead_email"), 7, err), JC_STATUS_OK, err);
    CHECK_STATUS(jc_params_add_str(p, S("z"), S("now"), err), JC_STATUS_OK, err);
    CHECK_STATUS(jc_params_add_null(p, S("rid"), err), JC_STATUS_OK, err);
    CHECK(query_is(p, "lead_email=7&n=-9223372036854775808&f=0.3&g=1.0E%2B20&t=1&u=0&z=now",
                   err));
    char hash[33];
    CHECK_STATUS(jc_params_get_hash(p, S("login"), S("secret"), hash, err), JC_STATUS_OK, err);
    char json_hash[33];
    const char *json =
        "{\"lead_email\":7,\"n\":-9223372036854775808,\"f\":0.3,\"g\":1e20,\"t\":true,"
        "\"u\":false,\"z\":\"now\"}";
    CHECK_STATUS(jc_get_hash(S(json), S("login"), S("secret"), json_hash, err), JC_STATUS_OK,
                 err);
    CHECK(strcmp(hash, json_hash) == 0);
    /* clear empties it; the same object serves the next request. */
    jc_params_clear(p);
    CHECK(query_is(p, "", err));
    CHECK_STATUS(jc_params_add_str(p, S("lead_email"), S("x@y.z"), err), JC_STATUS_OK, err);
    CHECK(query_is(p, "lead_email=x%40y.z", err));
    jc_params_clear(NULL);
    jc_params_free(p);
    jc_params_free(NULL);
    jc_error_free(err);
    return PASS;
}

/* ---- misuse ---------------------------------------------------------------------------- */

int test_params_misuse(void) {
    jc_error *err = jc_error_new();
    jc_params *p = jc_params_new();
    CHECK(p != NULL);
    char *query = (char *)"untouched";
    size_t len = 777;
    char hash[33] = "untouched";

    /* Refused keys fail at the call that adds them, naming the key path. */
    const char *bad_top[] = {"lead.name", "lead name", "rid[0]", "", "hash"};
    for (size_t i = 0; i < sizeof bad_top / sizeof bad_top[0]; i++) {
        CHECK_STATUS(jc_params_add_str(p, S(bad_top[i]), S("x"), err),
                     JC_STATUS_INVALID_ARGUMENT, err);
        CHECK_STATUS(jc_params_begin(p, S(bad_top[i]), err), JC_STATUS_INVALID_ARGUMENT, err);
    }
    CHECK_STATUS(jc_params_begin(p, S("utm"), err), JC_STATUS_OK, err);
    CHECK_STATUS(jc_params_add_int(p, S("a]b"), 1, err), JC_STATUS_INVALID_ARGUMENT, err);
    CHECK(CONTAINS(jc_error_message(err), "utm[a]b]"));
    CHECK_STATUS(jc_params_add_int(p, S(""), 1, err), JC_STATUS_INVALID_ARGUMENT, err);
    CHECK(CONTAINS(jc_error_message(err), "utm[]"));

    /* Building with an array still open. */
    CHECK_STATUS(jc_params_build_query(p, &query, &len, err), JC_STATUS_INVALID_ARGUMENT, err);
    CHECK(CONTAINS(jc_error_message(err), "utm"));
    CHECK_STATUS(jc_params_get_hash(p, S("l"), S("s"), hash, err), JC_STATUS_INVALID_ARGUMENT,
                 err);
    CHECK(strcmp(query, "untouched") == 0 && len == 777 && strcmp(hash, "untouched") == 0);
    CHECK_STATUS(jc_params_end(p, err), JC_STATUS_OK, err);
    /* end without begin. */
    CHECK_STATUS(jc_params_end(p, err), JC_STATUS_INVALID_ARGUMENT, err);
    CHECK(CONTAINS(jc_error_message(err), "begin"));

    /* Invalid UTF-8 in a key or a value. */
    CHECK_STATUS(jc_params_add_str(p, "a\xff", 2, S("x"), err), JC_STATUS_INVALID_ARGUMENT, err);
    CHECK_STATUS(jc_params_add_str(p, S("a"), "\xc3", 1, err), JC_STATUS_INVALID_ARGUMENT, err);
    CHECK(CONTAINS(jc_error_message(err), "parameter 'a' is not UTF-8 text (bad byte at offset 0"));
    CHECK_STATUS(jc_params_begin(p, "\xe2\x82", 2, err), JC_STATUS_INVALID_ARGUMENT, err);
    /* A value inside arrays is named by its key path. */
    CHECK_STATUS(jc_params_begin(p, S("utm"), err), JC_STATUS_OK, err);
    CHECK_STATUS(jc_params_add_str(p, S("utm_source"), "ok\xcf\xf0", 4, err),
                 JC_STATUS_INVALID_ARGUMENT, err);
    CHECK(CONTAINS(jc_error_message(err),
                   "parameter 'utm[utm_source]' is not UTF-8 text (bad byte at offset 2"));
    CHECK_STATUS(jc_params_end(p, err), JC_STATUS_OK, err);

    /* NULL everywhere. */
    CHECK_STATUS(jc_params_add_str(NULL, S("a"), S("x"), err), JC_STATUS_NULL_ARGUMENT, err);
    CHECK_STATUS(jc_params_add_int(NULL, S("a"), 1, err), JC_STATUS_NULL_ARGUMENT, err);
    CHECK_STATUS(jc_params_add_float(NULL, S("a"), 1.5, err), JC_STATUS_NULL_ARGUMENT, err);
    CHECK_STATUS(jc_params_add_bool(NULL, S("a"), true, err), JC_STATUS_NULL_ARGUMENT, err);
    CHECK_STATUS(jc_params_add_null(NULL, S("a"), err), JC_STATUS_NULL_ARGUMENT, err);
    CHECK_STATUS(jc_params_begin(NULL, S("a"), err), JC_STATUS_NULL_ARGUMENT, err);
    CHECK_STATUS(jc_params_end(NULL, err), JC_STATUS_NULL_ARGUMENT, err);
    CHECK_STATUS(jc_params_add_str(p, NULL, 3, S("x"), err), JC_STATUS_NULL_ARGUMENT, err);
    CHECK_STATUS(jc_params_add_str(p, S("a"), NULL, 3, err), JC_STATUS_NULL_ARGUMENT, err);
    CHECK_STATUS(jc_params_build_query(NULL, &query, &len, err), JC_STATUS_NULL_ARGUMENT, err);
    CHECK_STATUS(jc_params_build_query(p, NULL, &len, err), JC_STATUS_NULL_ARGUMENT, err);
    CHECK_STATUS(jc_params_build_query(p, &query, NULL, err), JC_STATUS_NULL_ARGUMENT, err);
    CHECK_STATUS(jc_params_get_hash(NULL, S("l"), S("s"), hash, err), JC_STATUS_NULL_ARGUMENT,
                 err);
    CHECK_STATUS(jc_params_get_hash(p, S("l"), S("s"), NULL, err), JC_STATUS_NULL_ARGUMENT, err);
    char *out = NULL;
    size_t out_len = 0;
    CHECK_STATUS(jc_invoke_params(NULL, S("GetAllGroups"), p, &out, &out_len, err),
                 JC_STATUS_NULL_ARGUMENT, err);
    CHECK_STATUS(jc_call_params(NULL, S("GetAllGroups"), p, &out, &out_len, err),
                 JC_STATUS_NULL_ARGUMENT, err);
    CHECK_STATUS(jc_call_v2_params(NULL, S("getalllists"), p, &out, &out_len, err),
                 JC_STATUS_NULL_ARGUMENT, err);
    /* A NULL err is allowed. */
    CHECK(jc_params_end(p, NULL) == JC_STATUS_INVALID_ARGUMENT);
    /* None of the refused calls changed the set. */
    CHECK(query_is(p, "", err));

    /* 65 levels: the 65th array's key has 64 brackets (allowed), anything in it 65. */
    jc_params_clear(p);
    for (int i = 0; i < 65; i++) {
        CHECK_STATUS(jc_params_begin(p, S("0"), err), JC_STATUS_OK, err);
    }
    CHECK_STATUS(jc_params_add_str(p, S("0"), S("x"), err), JC_STATUS_INVALID_ARGUMENT, err);
    CHECK(CONTAINS(jc_error_message(err), "65"));
    CHECK_STATUS(jc_params_begin(p, S("0"), err), JC_STATUS_INVALID_ARGUMENT, err);
    for (int i = 0; i < 65; i++) {
        CHECK_STATUS(jc_params_end(p, err), JC_STATUS_OK, err);
    }
    CHECK(query_is(p, "", err));

    /* max_input_vars: 999 fields, the hash is the 1000th. */
    jc_params_clear(p);
    char key[16];
    for (int i = 0; i < 999; i++) {
        snprintf(key, sizeof key, "k%d", i);
        CHECK_STATUS(jc_params_add_int(p, S(key), i, err), JC_STATUS_OK, err);
    }
    CHECK_STATUS(jc_params_add_int(p, S("k999"), 1, err), JC_STATUS_INVALID_ARGUMENT, err);
    CHECK(CONTAINS(jc_error_message(err), "max_input_vars"));
    CHECK_STATUS(jc_params_add_int(p, S("k0"), 5, err), JC_STATUS_OK, err);

    jc_params_free(p);
    jc_error_free(err);
    return PASS;
}

/* ---- threads: one jc_params each, one shared client ----------------------------------- */

enum { PARAMS_THREADS = 8, PARAMS_CALLS = 10 };

typedef struct {
    jc_client *client;
    int index;
    int failures;
} params_worker;

static void *params_work(void *arg) {
    params_worker *w = arg;
    jc_error *err = jc_error_new();
    jc_params *p = jc_params_new();
    for (int i = 0; i < PARAMS_CALLS; i++) {
        char email[128];
        snprintf(email, sizeof email, "p-thread%d-%d-%ld@example.com", w->index, i,
                 (long)getpid());
        char *out = NULL;
        size_t len = 0;
        jc_params_clear(p);
        jc_status s;
        if (i % 2 == 0) {
            jc_params_add_str(p, S("email"), S("user@example.com"), err);
            s = jc_invoke_params(w->client, S("GetLeadGroupStatuses"), p, &out, &len, err);
            if (s != JC_STATUS_OK || out[0] != '[') {
                w->failures++;
            }
        } else {
            /* Signed by jc_params: a wrong hash would be API error 4, not 801. */
            jc_params_add_str(p, S("lead_email"), S(email), err);
            jc_params_add_str(p, S("rass_name"), S("super"), err);
            s = jc_call_params(w->client, S("DeleteSubscribe"), p, &out, &len, err);
            if (s != JC_STATUS_API_ERROR || jc_error_api_code(err) != 801) {
                w->failures++;
            }
        }
        if (w->failures > 0 && s != JC_STATUS_OK) {
            fprintf(stderr, "    thread %d call %d: %s: %s\n", w->index, i, jc_status_str(s),
                    jc_error_message(err));
        }
        jc_string_free(out);
    }
    jc_params_free(p);
    jc_error_free(err);
    return NULL;
}

int test_params_threads_share_one_client(void) {
    jc_sandbox sb;
    if (!sandbox_from_env(&sb)) {
        return SKIP;
    }
    jc_error *err = jc_error_new();
    char options[512];
    snprintf(options, sizeof options, "{\"base_url\":\"%s\",\"max_retries\":0}", sb.base_url);
    jc_client *client = NULL;
    CHECK_STATUS(jc_client_new(S(sb.login), S(sb.secret), S(options), &client, err),
                 JC_STATUS_OK, err);
    pthread_t threads[PARAMS_THREADS];
    params_worker workers[PARAMS_THREADS];
    for (int i = 0; i < PARAMS_THREADS; i++) {
        workers[i] = (params_worker){client, i, 0};
        CHECK(pthread_create(&threads[i], NULL, params_work, &workers[i]) == 0);
    }
    int failures = 0;
    for (int i = 0; i < PARAMS_THREADS; i++) {
        CHECK(pthread_join(threads[i], NULL) == 0);
        failures += workers[i].failures;
    }
    printf("    %d threads x %d calls with jc_params, %d failed\n", PARAMS_THREADS, PARAMS_CALLS,
           failures);
    CHECK(failures == 0);

    /* jc_invoke_typed_params refuses a mapping where the field holds one value, naming
     * the field; jc_invoke_params sends the same set as lead_name[first]=x. */
    jc_params *p = jc_params_new();
    CHECK(p != NULL);
    CHECK_STATUS(jc_params_add_str(p, S("rid"), S("super"), err), JC_STATUS_OK, err);
    CHECK_STATUS(jc_params_add_str(p, S("lead_email"), S("typed@example.com"), err),
                 JC_STATUS_OK, err);
    CHECK_STATUS(jc_params_begin(p, S("lead_name"), err), JC_STATUS_OK, err);
    CHECK_STATUS(jc_params_add_str(p, S("first"), S("x"), err), JC_STATUS_OK, err);
    CHECK_STATUS(jc_params_end(p, err), JC_STATUS_OK, err);
    char *out = NULL;
    size_t len = 0;
    CHECK_STATUS(jc_invoke_typed_params(client, S("AddLeadToGroup"), p, &out, &len, err),
                 JC_STATUS_INVALID_ARGUMENT, err);
    CHECK(CONTAINS(jc_error_message(err), "lead_name holds one value"));
    CHECK(strcmp(jc_error_method(err), "AddLeadToGroup") == 0);
    CHECK(out == NULL);
    CHECK_STATUS(jc_invoke_typed_params(NULL, S("AddLeadToGroup"), p, &out, &len, err),
                 JC_STATUS_NULL_ARGUMENT, err);
    CHECK_STATUS(jc_invoke_params(client, S("AddLeadToGroup"), p, &out, &len, err), JC_STATUS_OK,
                 err);
    CHECK(out != NULL);
    jc_string_free(out);
    jc_params_free(p);

    jc_client_free(client);
    jc_error_free(err);
    return PASS;
}
