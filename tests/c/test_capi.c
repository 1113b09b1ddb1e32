/* C tests for libjustclick (C11, -Wall -Wextra -Wpedantic -Werror).
 *
 *   test_capi VECTORS.jsonl
 *
 * Offline tests always run. Online tests need a sandbox described by the environment
 * (tests/c/with-sandbox sets JC_SANDBOX_*); without one they are skipped, and the
 * caller decides whether that is acceptable. The last line is "N passed, N failed". */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cancel_tests.h"
#include "check.h"
#include "justclick.h"
#include "params_tests.h"
#include "sandbox.h"
#include "vectors.h"

#ifndef JC_EXPECTED_VERSION
#error "build with -DJC_EXPECTED_VERSION='\"x.y.z\"' (the Makefile does)"
#endif

static const char *vectors_path;
static jc_sandbox sandbox;
static int have_sandbox;

/* Shorthand for a NUL-terminated string argument: pointer and length. */
#define S(str) (str), strlen(str)

/* ---- offline ---------------------------------------------------------------------- */

static int test_version_and_status_names(void) {
    CHECK(strcmp(jc_version(), JC_EXPECTED_VERSION) == 0);
    /* The header's version macros name the library they belong to. */
    CHECK(strcmp(JC_VERSION_STRING, jc_version()) == 0);
    {
        char from_parts[32];
        snprintf(from_parts, sizeof from_parts, "%d.%d.%d", JC_VERSION_MAJOR, JC_VERSION_MINOR,
                 JC_VERSION_PATCH);
        CHECK(strcmp(from_parts, jc_version()) == 0);
        CHECK(JC_VERSION_NUMBER ==
              JC_VERSION_MAJOR * 10000 + JC_VERSION_MINOR * 100 + JC_VERSION_PATCH);
    }
    CHECK(strcmp(jc_status_str(JC_STATUS_OK), "JC_STATUS_OK") == 0);
    CHECK(strcmp(jc_status_str(JC_STATUS_NULL_ARGUMENT), "JC_STATUS_NULL_ARGUMENT") == 0);
    CHECK(strcmp(jc_status_str(JC_STATUS_INVALID_ARGUMENT), "JC_STATUS_INVALID_ARGUMENT") == 0);
    CHECK(strcmp(jc_status_str(JC_STATUS_API_ERROR), "JC_STATUS_API_ERROR") == 0);
    CHECK(strcmp(jc_status_str(JC_STATUS_BAD_SIGNATURE), "JC_STATUS_BAD_SIGNATURE") == 0);
    CHECK(strcmp(jc_status_str(JC_STATUS_BAD_RESPONSE), "JC_STATUS_BAD_RESPONSE") == 0);
    CHECK(strcmp(jc_status_str(JC_STATUS_TRANSPORT), "JC_STATUS_TRANSPORT") == 0);
    CHECK(strcmp(jc_status_str(JC_STATUS_TIMEOUT), "JC_STATUS_TIMEOUT") == 0);
    CHECK(strcmp(jc_status_str(JC_STATUS_TLS), "JC_STATUS_TLS") == 0);
    CHECK(strcmp(jc_status_str(JC_STATUS_PANIC), "JC_STATUS_PANIC") == 0);
    CHECK(strcmp(jc_status_str(JC_STATUS_INTERNAL), "JC_STATUS_INTERNAL") == 0);
    /* Values a caller can pass that are not statuses. */
    CHECK(strcmp(jc_status_str((jc_status)12345), "JC_STATUS_UNKNOWN") == 0);
    CHECK(strcmp(jc_status_str((jc_status)-1), "JC_STATUS_UNKNOWN") == 0);
    CHECK(JC_STATUS_OK == 0);
    return PASS;
}

/* One request vector: query, hash, and that the hash changes with the secret. */
static int check_request_vector(jv_span line, const char *name, jc_error *err) {
    jv_span params;
    size_t login_len, secret_len, query_len, hash_len;
    char *login = jv_string_field(line, "login", &login_len);
    char *secret = jv_string_field(line, "secret", &secret_len);
    char *want_query = jv_string_field(line, "query", &query_len);
    char *want_hash = jv_string_field(line, "hash", &hash_len);
    int ok = jv_field(line, "params", &params) && login && secret && want_query && want_hash;
    if (!ok) {
        fprintf(stderr, "    vector %s: malformed line\n", name);
    }
    char *query = NULL;
    size_t len = 0;
    if (ok && (jc_build_query(params.ptr, params.len, &query, &len, err) != JC_STATUS_OK ||
               len != query_len || memcmp(query, want_query, len) != 0 ||
               query[len] != '\0')) {
        fprintf(stderr, "    vector %s: query %s\n      expected %s (%s)\n", name,
                query ? query : "(none)", want_query, jc_error_message(err));
        ok = 0;
    }
    jc_string_free(query);
    char hash[33];
    if (ok && (jc_get_hash(params.ptr, params.len, login, login_len, secret, secret_len, hash,
                           err) != JC_STATUS_OK ||
               strcmp(hash, want_hash) != 0)) {
        fprintf(stderr, "    vector %s: hash %.33s, expected %s (%s)\n", name, hash, want_hash,
                jc_error_message(err));
        ok = 0;
    }
    if (ok && (jc_get_hash(params.ptr, params.len, login, login_len, S("other secret"), hash,
                           err) != JC_STATUS_OK ||
               strcmp(hash, want_hash) == 0)) {
        fprintf(stderr, "    vector %s: the hash ignores the secret\n", name);
        ok = 0;
    }
    free(login);
    free(secret);
    free(want_query);
    free(want_hash);
    return ok;
}

/* One response vector: jc_check_hash agrees with PHP's verdict. */
static int check_response_vector(jv_span line, const char *name, jc_error *err) {
    size_t body_len, secret_len;
    jv_span valid;
    char *body = jv_string_field(line, "body", &body_len);
    char *secret = jv_string_field(line, "secret", &secret_len);
    int ok = body && secret && jv_field(line, "valid", &valid);
    if (!ok) {
        fprintf(stderr, "    vector %s: malformed line\n", name);
    } else {
        int want_valid = valid.len == 4 && memcmp(valid.ptr, "true", 4) == 0;
        jc_status want = want_valid ? JC_STATUS_OK : JC_STATUS_BAD_SIGNATURE;
        jc_status got = jc_check_hash(body, body_len, secret, secret_len, err);
        if (got != want || jc_error_status(err) != want) {
            fprintf(stderr, "    vector %s: %s, expected %s (%s)\n", name, jc_status_str(got),
                    jc_status_str(want), jc_error_message(err));
            ok = 0;
        }
        if (ok && want_valid &&
            jc_check_hash(body, body_len, S("wrong secret"), err) != JC_STATUS_BAD_SIGNATURE) {
            fprintf(stderr, "    vector %s: genuine with the wrong secret\n", name);
            ok = 0;
        }
    }
    free(body);
    free(secret);
    return ok;
}

static int test_golden_vectors(void) {
    size_t len;
    char *text = jv_read_file(vectors_path, &len);
    if (text == NULL) {
        fprintf(stderr, "    cannot read %s\n", vectors_path);
        return FAIL;
    }
    jc_error *err = jc_error_new();
    int lines = 0, requests = 0, responses = 0, failures = 0;
    for (char *p = text; *p != '\0';) {
        char *nl = strchr(p, '\n');
        size_t line_len = nl ? (size_t)(nl - p) : strlen(p);
        jv_span line = {p, line_len};
        p = nl ? nl + 1 : p + line_len;
        if (line_len == 0) {
            continue;
        }
        lines++;
        size_t n;
        char *kind = jv_string_field(line, "kind", &n);
        char *name = jv_string_field(line, "name", &n);
        const char *label = name ? name : "(unnamed)";
        if (kind != NULL && strcmp(kind, "request") == 0) {
            requests++;
            failures += !check_request_vector(line, label, err);
        } else if (kind != NULL && strcmp(kind, "response") == 0) {
            responses++;
            failures += !check_response_vector(line, label, err);
        } else {
            fprintf(stderr, "    line %d: unknown kind\n", lines);
            failures++;
        }
        free(kind);
        free(name);
    }
    jc_error_free(err);
    free(text);
    printf("    %d vectors (%d requests, %d responses), %d failed\n", lines, requests,
           responses, failures);
    CHECK(failures == 0);
    CHECK(requests + responses == lines);
    CHECK(requests >= 13 && responses >= 6);
    return PASS;
}

static int test_outputs_written_only_on_success(void) {
    jc_error *err = jc_error_new();
    char *query = (char *)"untouched";
    size_t len = 777;
    CHECK_STATUS(jc_build_query(S("{\"a\":"), &query, &len, err), JC_STATUS_INVALID_ARGUMENT,
                 err);
    CHECK(strcmp(query, "untouched") == 0 && len == 777);
    CHECK(CONTAINS(jc_error_message(err), "params_json"));
    char hash[33];
    memset(hash, 'x', sizeof hash);
    CHECK_STATUS(jc_get_hash(S("{\"a.b\":1}"), S("l"), S("s"), hash, err),
                 JC_STATUS_INVALID_ARGUMENT, err);
    CHECK(hash[0] == 'x' && hash[32] == 'x');
    jc_client *client = (jc_client *)&len; /* any non-NULL sentinel */
    CHECK_STATUS(jc_client_new(S("shop"), S("secret"), S("{\"nope\":1}"), &client, err),
                 JC_STATUS_INVALID_ARGUMENT, err);
    CHECK(client == (jc_client *)&len);
    jc_error_free(err);
    return PASS;
}

static int test_refused_key_shapes(void) {
    jc_error *err = jc_error_new();
    char *query = NULL;
    size_t len = 0;
    /* PHP would turn "a.b" into "a_b" and "a[" into "a_": signing them would fail. */
    CHECK_STATUS(jc_build_query(S("{\"a.b\":1}"), &query, &len, err),
                 JC_STATUS_INVALID_ARGUMENT, err);
    CHECK(CONTAINS(jc_error_message(err), "a.b"));
    CHECK_STATUS(jc_build_query(S("{\"\":1}"), &query, &len, err), JC_STATUS_INVALID_ARGUMENT,
                 err);
    CHECK_STATUS(jc_build_query(S("\"just a string\""), &query, &len, err),
                 JC_STATUS_INVALID_ARGUMENT, err);
    CHECK(query == NULL);
    jc_error_free(err);
    return PASS;
}

static int test_empty_params_forms(void) {
    /* NULL/0, "", "[]", "{}", "null" are all the empty parameter set. */
    const char *forms[] = {"", "[]", "{}", "null", "  "};
    jc_error *err = jc_error_new();
    char hash[33];
    CHECK_STATUS(jc_get_hash(NULL, 0, S("username"), S("XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"),
                             hash, err),
                 JC_STATUS_OK, err);
    /* From the golden vectors: "empty params". */
    CHECK(strcmp(hash, "53de7e1144de71c41d1cb06887f4b179") == 0);
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        char *query = NULL;
        size_t len = 99;
        CHECK_STATUS(jc_build_query(S(forms[i]), &query, &len, err), JC_STATUS_OK, err);
        CHECK(query != NULL && len == 0 && query[0] == '\0');
        jc_string_free(query);
    }
    jc_error_free(err);
    return PASS;
}

static int test_null_arguments(void) {
    jc_error *err = jc_error_new();
    char *out = NULL;
    size_t len = 0;
    char hash[33];
    jc_client *client = NULL;
    /* NULL string with a length: NULL_ARGUMENT naming the parameter. */
    CHECK_STATUS(jc_build_query(NULL, 5, &out, &len, err), JC_STATUS_NULL_ARGUMENT, err);
    CHECK(CONTAINS(jc_error_message(err), "params_json"));
    CHECK(jc_error_status(err) == JC_STATUS_NULL_ARGUMENT);
    /* NULL outputs. */
    CHECK_STATUS(jc_build_query(S("{}"), NULL, &len, err), JC_STATUS_NULL_ARGUMENT, err);
    CHECK(CONTAINS(jc_error_message(err), "query_out"));
    CHECK_STATUS(jc_build_query(S("{}"), &out, NULL, err), JC_STATUS_NULL_ARGUMENT, err);
    CHECK(CONTAINS(jc_error_message(err), "query_len_out"));
    CHECK_STATUS(jc_get_hash(S("{}"), S("l"), S("s"), NULL, err), JC_STATUS_NULL_ARGUMENT, err);
    CHECK_STATUS(jc_get_hash(S("{}"), NULL, 3, S("s"), hash, err), JC_STATUS_NULL_ARGUMENT, err);
    CHECK(CONTAINS(jc_error_message(err), "login"));
    CHECK_STATUS(jc_check_hash(NULL, 10, S("s"), err), JC_STATUS_NULL_ARGUMENT, err);
    CHECK_STATUS(jc_check_hash(NULL, 0, S("s"), err), JC_STATUS_BAD_SIGNATURE, err);
    CHECK_STATUS(jc_client_new(S("shop"), S("secret"), NULL, 0, NULL, err),
                 JC_STATUS_NULL_ARGUMENT, err);
    CHECK(CONTAINS(jc_error_message(err), "client_out"));
    CHECK_STATUS(jc_client_new(NULL, 4, S("secret"), NULL, 0, &client, err),
                 JC_STATUS_NULL_ARGUMENT, err);
    /* NULL with length 0 is the empty string: an empty login is refused by name. */
    CHECK_STATUS(jc_client_new(NULL, 0, S("secret"), NULL, 0, &client, err),
                 JC_STATUS_INVALID_ARGUMENT, err);
    CHECK(CONTAINS(jc_error_message(err), "login"));
    CHECK(client == NULL);
    /* A NULL client, before any network traffic. */
    CHECK_STATUS(jc_call(NULL, S("GetAllGroups"), NULL, 0, &out, &len, err),
                 JC_STATUS_NULL_ARGUMENT, err);
    CHECK(CONTAINS(jc_error_message(err), "client"));
    CHECK_STATUS(jc_call_v2(NULL, S("getalllists"), NULL, 0, &out, &len, err),
                 JC_STATUS_NULL_ARGUMENT, err);
    CHECK_STATUS(jc_invoke(NULL, S("GetAllGroups"), NULL, 0, &out, &len, err),
                 JC_STATUS_NULL_ARGUMENT, err);
    CHECK_STATUS(jc_delete_subscribe(NULL, S("a@b.c"), S("super"), err),
                 JC_STATUS_NULL_ARGUMENT, err);
    CHECK_STATUS(jc_add_lead_to_group(NULL, S("super"), S("a@b.c"), NULL, 0, err),
                 JC_STATUS_NULL_ARGUMENT, err);
    CHECK_STATUS(jc_get_all_groups(NULL, &out, &len, err), JC_STATUS_NULL_ARGUMENT, err);
    CHECK_STATUS(jc_get_lead_group_statuses(NULL, S("a@b.c"), &out, &len, err),
                 JC_STATUS_NULL_ARGUMENT, err);
    CHECK(out == NULL);
    /* NULL err: the status alone still tells what happened. */
    CHECK(jc_build_query(NULL, 1, &out, &len, NULL) == JC_STATUS_NULL_ARGUMENT);
    CHECK(jc_call(NULL, NULL, 0, NULL, 0, NULL, NULL, NULL) == JC_STATUS_NULL_ARGUMENT);
    /* Accessors and free functions on NULL. */
    CHECK(jc_error_status(NULL) == JC_STATUS_NULL_ARGUMENT);
    CHECK(jc_error_api_code(NULL) == -1);
    CHECK(jc_error_http_status(NULL) == -1);
    CHECK(jc_error_message(NULL) != NULL && jc_error_message(NULL)[0] == '\0');
    CHECK(jc_error_method(NULL) != NULL && jc_error_method(NULL)[0] == '\0');
    CHECK(jc_client_clone(NULL) == NULL);
    jc_client_free(NULL);
    jc_error_free(NULL);
    jc_string_free(NULL);
    jc_error_free(err);
    return PASS;
}

static int test_invalid_utf8(void) {
    jc_error *err = jc_error_new();
    const char bad_json[] = "{\"lead_name\":\"\xff\xfe\"}";
    const char bad[] = "a\xc3(b"; /* a truncated two-byte sequence */
    char *out = NULL;
    size_t len = 0;
    char hash[33];
    jc_client *client = NULL;
    CHECK_STATUS(jc_build_query(S(bad_json), &out, &len, err), JC_STATUS_INVALID_ARGUMENT, err);
    CHECK(CONTAINS(jc_error_message(err), "UTF-8"));
    CHECK_STATUS(jc_get_hash(S("{}"), S(bad), S("s"), hash, err), JC_STATUS_INVALID_ARGUMENT,
                 err);
    CHECK(CONTAINS(jc_error_message(err), "login"));
    CHECK_STATUS(jc_get_hash(S("{}"), S("l"), S(bad), hash, err), JC_STATUS_INVALID_ARGUMENT,
                 err);
    CHECK(CONTAINS(jc_error_message(err), "secret"));
    CHECK_STATUS(jc_check_hash(S(bad), S("s"), err), JC_STATUS_INVALID_ARGUMENT, err);
    CHECK_STATUS(jc_client_new(S(bad), S("s"), NULL, 0, &client, err),
                 JC_STATUS_INVALID_ARGUMENT, err);
    CHECK_STATUS(jc_client_new(S("shop"), S("s"), S("{\"base_url\":\"\xff\"}"), &client, err),
                 JC_STATUS_INVALID_ARGUMENT, err);
    CHECK(client == NULL);
    CHECK_STATUS(jc_client_new(S("shop"), S("s"), NULL, 0, &client, err), JC_STATUS_OK, err);
    CHECK_STATUS(jc_call(client, S(bad), NULL, 0, &out, &len, err), JC_STATUS_INVALID_ARGUMENT,
                 err);
    CHECK(CONTAINS(jc_error_message(err), "method"));
    CHECK_STATUS(jc_delete_subscribe(client, S(bad), S("super"), err),
                 JC_STATUS_INVALID_ARGUMENT, err);
    CHECK(CONTAINS(jc_error_message(err), "lead_email"));
    CHECK(out == NULL);
    jc_client_free(client);
    jc_error_free(err);
    return PASS;
}

static int test_error_slot_reuse(void) {
    jc_error *err = jc_error_new();
    CHECK(jc_error_status(err) == JC_STATUS_OK);
    CHECK(jc_error_message(err)[0] == '\0');
    char *out = NULL;
    size_t len = 0;
    CHECK_STATUS(jc_build_query(S("[1"), &out, &len, err), JC_STATUS_INVALID_ARGUMENT, err);
    CHECK(jc_error_message(err)[0] != '\0');
    /* The slot's own message as an input to a call that overwrites the slot: the
     * input is read before the slot is rewritten (ASan/valgrind would catch it). */
    const char *msg = jc_error_message(err);
    CHECK_STATUS(jc_build_query(msg, strlen(msg), &out, &len, err), JC_STATUS_INVALID_ARGUMENT,
                 err);
    /* A success clears the slot. */
    CHECK_STATUS(jc_build_query(S("{\"a\":1}"), &out, &len, err), JC_STATUS_OK, err);
    CHECK(strcmp(out, "a=1") == 0 && len == 3);
    jc_string_free(out);
    CHECK(jc_error_status(err) == JC_STATUS_OK);
    CHECK(jc_error_message(err)[0] == '\0');
    CHECK(jc_error_api_code(err) == -1);
    CHECK(jc_error_http_status(err) == -1);
    jc_error_free(err);
    return PASS;
}

static int test_client_options(void) {
    jc_error *err = jc_error_new();
    jc_client *client = NULL;
    const char *good[] = {
        "",
        "[]",
        "{}",
        "null",
        "{\"base_url\":\"http://127.0.0.1:1/api/\",\"timeout_ms\":1500,"
        "\"connect_timeout_ms\":500,\"max_retries\":0,\"api_key\":\"k\","
        "\"user_agent\":\"test\",\"max_response_bytes\":1024,\"verify_v2\":false,"
        "\"domain\":null,\"retry_base_delay_ms\":0,\"max_idle_connections\":8}",
        "{\"max_idle_connections\":0}",
        "{\"domain\":\"justclick.io\"}",
        "{\"base_url\":\"http://10.0.0.1/api/\",\"allow_insecure_http\":true}",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        CHECK_STATUS(jc_client_new(S("shop"), S("secret"), S(good[i]), &client, err),
                     JC_STATUS_OK, err);
        CHECK(client != NULL);
        jc_client_free(client);
        client = NULL;
    }
    struct {
        const char *options, *named;
    } bad[] = {
        {"{\"base_uri\":\"x\"}", "base_uri"},
        {"{\"timeout_ms\":\"5\"}", "timeout_ms"},
        {"{\"timeout_ms\":0}", "timeout_ms"},
        {"{\"max_retries\":-1}", "max_retries"},
        {"{\"verify_v2\":1}", "verify_v2"},
        {"{\"max_idle_connections\":4097}", "max_idle_connections"},
        {"{\"max_idle_connections\":-1}", "max_idle_connections"},
        {"{\"base_url\":\"http://example.com/api/\"}", "http"},
        {"{\"ca_file\":\"/nonexistent/ca.pem\"}", "CA file"},
        {"[1,2]", "object"},
        {"{", "JSON"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_STATUS(jc_client_new(S("shop"), S("secret"), S(bad[i].options), &client, err),
                     JC_STATUS_INVALID_ARGUMENT, err);
        if (!CONTAINS(jc_error_message(err), bad[i].named)) {
            fprintf(stderr, "    options %s: message \"%s\" does not name %s\n", bad[i].options,
                    jc_error_message(err), bad[i].named);
            return FAIL;
        }
        CHECK(client == NULL);
    }
    /* The secret never shows up in messages. */
    CHECK_STATUS(jc_client_new(S("bad login!"), S("top-secret-42"), NULL, 0, &client, err),
                 JC_STATUS_INVALID_ARGUMENT, err);
    CHECK(!CONTAINS(jc_error_message(err), "top-secret-42"));
    jc_error_free(err);
    return PASS;
}

static int test_check_hash_refusals(void) {
    jc_error *err = jc_error_new();
    /* PHP's loose == accepts "hash": true for any secret; this library never does. */
    CHECK_STATUS(jc_check_hash(S("{\"error_code\":0,\"error_text\":\"OK\",\"hash\":true}"),
                               S("secret"), err),
                 JC_STATUS_BAD_SIGNATURE, err);
    CHECK(CONTAINS(jc_error_message(err), "not a string"));
    CHECK_STATUS(jc_check_hash(S("{\"error_code\":0,\"error_text\":\"OK\"}"), S("secret"), err),
                 JC_STATUS_BAD_SIGNATURE, err);
    CHECK(CONTAINS(jc_error_message(err), "no hash"));
    CHECK_STATUS(jc_check_hash(S("<html>502 Bad Gateway</html>"), S("secret"), err),
                 JC_STATUS_BAD_SIGNATURE, err);
    CHECK(jc_error_api_code(err) == -1);
    jc_error_free(err);
    return PASS;
}

static int test_client_clone(void) {
    jc_error *err = jc_error_new();
    jc_client *client = NULL;
    CHECK_STATUS(jc_client_new(S("shop"), S("secret"), NULL, 0, &client, err), JC_STATUS_OK,
                 err);
    jc_client *second = jc_client_clone(client);
    CHECK(second == client);
    jc_client_free(client);
    /* Still alive through the second reference: a call fails on arguments, not memory. */
    char *out = NULL;
    size_t len = 0;
    CHECK_STATUS(jc_call(second, S("Get/../x"), NULL, 0, &out, &len, err),
                 JC_STATUS_INVALID_ARGUMENT, err);
    jc_client_free(second);
    jc_error_free(err);
    return PASS;
}

/* Returned strings are the caller's: modifying all len + 1 bytes (the terminator too,
 * as in-place parsers may) does not change what jc_string_free frees. */
static int test_returned_strings_are_modifiable(void) {
    jc_error *err = jc_error_new();
    char *q = NULL;
    size_t len = 0;
    CHECK_STATUS(jc_build_query(S("{\"a\":\"b\",\"c\":\"d\"}"), &q, &len, err), JC_STATUS_OK,
                 err);
    CHECK(len == 7);
    memset(q, 'x', len + 1);
    jc_string_free(q);
    jc_error_free(err);
    return PASS;
}

/* A client whose base_url is a loopback port nobody listens on, without retries: every
 * request fails to connect; NULL (the reason in err) if the client cannot be made. */
static jc_client *client_on_closed_port(jc_error *err) {
    int port = sandbox_closed_port();
    if (port <= 0) {
        return NULL;
    }
    char options[200];
    snprintf(options, sizeof options,
             "{\"base_url\":\"http://127.0.0.1:%d/api/\",\"max_retries\":0}", port);
    jc_client *client = NULL;
    jc_client_new(S("shop"), S("secret"), S(options), &client, err);
    return client;
}

/* Refused locally, nothing sent: an empty rid, fields that are not an object; the
 * method is named in the error slot even then. */
static int test_local_refusals_name_the_method(void) {
    jc_error *err = jc_error_new();
    jc_client *client = client_on_closed_port(err);
    CHECK(client != NULL);
    CHECK_STATUS(jc_add_lead_to_group(client, S(""), S("a@b.c"), NULL, 0, err),
                 JC_STATUS_INVALID_ARGUMENT, err);
    CHECK(CONTAINS(jc_error_message(err), "rid"));
    CHECK(strcmp(jc_error_method(err), "AddLeadToGroup") == 0);
    CHECK_STATUS(jc_add_lead_to_group(client, S("super"), S(""), NULL, 0, err),
                 JC_STATUS_INVALID_ARGUMENT, err);
    CHECK_STATUS(jc_add_lead_to_group(client, S("super"), S("a@b.c"), S("[1,2]"), err),
                 JC_STATUS_INVALID_ARGUMENT, err);
    CHECK(CONTAINS(jc_error_message(err), "object"));
    CHECK(strcmp(jc_error_method(err), "AddLeadToGroup") == 0);
    char *out = NULL;
    size_t len = 0;
    CHECK_STATUS(jc_invoke(client, S("AddLeadToGroup"), S("{\"lead_email\":\"a@b.c\"}"), &out,
                           &len, err),
                 JC_STATUS_INVALID_ARGUMENT, err);
    CHECK(strcmp(jc_error_method(err), "AddLeadToGroup") == 0);
    CHECK_STATUS(jc_invoke(client, S("DeleteSubscribe"), S("{\"a\":"), &out, &len, err),
                 JC_STATUS_INVALID_ARGUMENT, err);
    CHECK(strcmp(jc_error_method(err), "DeleteSubscribe") == 0);
    jc_client_free(client);
    jc_error_free(err);
    return PASS;
}

static int test_connection_refused_is_transport(void) {
    jc_error *err = jc_error_new();
    jc_client *client = client_on_closed_port(err);
    CHECK(client != NULL);
    CHECK_STATUS(jc_delete_subscribe(client, S("a@b.c"), S("super"), err), JC_STATUS_TRANSPORT,
                 err);
    CHECK(strcmp(jc_error_method(err), "DeleteSubscribe") == 0);
    CHECK(jc_error_api_code(err) == -1);
    jc_client_free(client);
    jc_error_free(err);
    return PASS;
}

/* ---- online (sandbox) ---------------------------------------------------------------- */

/* A client for the sandbox account; `extra` is appended inside the options object. */
static jc_client *sandbox_client(const char *secret, const char *extra, jc_error *err) {
    char options[512];
    snprintf(options, sizeof options, "{\"base_url\":\"%s\",\"max_retries\":0%s%s}",
             sandbox.base_url, extra ? "," : "", extra ? extra : "");
    jc_client *client = NULL;
    if (jc_client_new(S(sandbox.login), S(secret), S(options), &client, err) != JC_STATUS_OK) {
        fprintf(stderr, "    jc_client_new: %s\n", jc_error_message(err));
        return NULL;
    }
    return client;
}

/* "c-<what>-<pid>@example.com": unique per run, so reruns against one sandbox work. */
static void unique_email(char *buf, size_t cap, const char *what) {
    snprintf(buf, cap, "c-%s-%ld@example.com", what, (long)getpid());
}

static int test_delete_subscribe_round_trip(void) {
    if (!have_sandbox) {
        return SKIP;
    }
    jc_error *err = jc_error_new();
    jc_client *client = sandbox_client(sandbox.secret, NULL, err);
    CHECK(client != NULL);
    char email[128];
    unique_email(email, sizeof email, "roundtrip");
    char *groups = NULL, *after = NULL;
    size_t len = 0;
    CHECK_STATUS(jc_add_lead_to_group(client, S("super"), S(email), S("{\"lead_name\":\"C Test\"}"),
                                      err),
                 JC_STATUS_OK, err);
    CHECK_STATUS(jc_get_lead_group_statuses(client, S(email), &groups, &len, err), JC_STATUS_OK,
                 err);
    CHECK(len == strlen(groups) && CONTAINS(groups, "\"rass_name\":\"super\""));
    CHECK(CONTAINS(groups, "\"rass_status\":\"STATUS_SUBSCRIBE\""));
    CHECK_STATUS(jc_delete_subscribe(client, S(email), S("super"), err), JC_STATUS_OK, err);
    CHECK(jc_error_status(err) == JC_STATUS_OK);
    CHECK_STATUS(jc_get_lead_group_statuses(client, S(email), &after, &len, err), JC_STATUS_OK,
                 err);
    /* The contact is still known, now unsubscribed from "super". */
    CHECK(CONTAINS(after, "\"rass_status\":\"STATUS_UNSUBSCRIBE\""));
    /* A second unsubscribe finds no subscription: 801. */
    CHECK_STATUS(jc_delete_subscribe(client, S(email), S("super"), err), JC_STATUS_API_ERROR, err);
    CHECK(jc_error_api_code(err) == 801);
    jc_string_free(groups);
    jc_string_free(after);
    jc_client_free(client);
    jc_error_free(err);
    return PASS;
}

static int test_api_errors_carry_code_and_text(void) {
    if (!have_sandbox) {
        return SKIP;
    }
    jc_error *err = jc_error_new();
    jc_client *client = sandbox_client(sandbox.secret, NULL, err);
    CHECK(client != NULL);
    char email[128];
    unique_email(email, sizeof email, "nobody");
    CHECK_STATUS(jc_delete_subscribe(client, S(email), S("super"), err), JC_STATUS_API_ERROR,
                 err);
    CHECK(jc_error_api_code(err) == 801);
    /* One request, answered: one attempt, a plausible duration. */
    CHECK(jc_error_attempts(err) == 1);
    CHECK(jc_error_elapsed_ms(err) < 60000);
    CHECK(jc_error_attempts(NULL) == 0 && jc_error_elapsed_ms(NULL) == 0);
    CHECK(strcmp(jc_error_message(err), "Subscriber with such address is not found") == 0);
    CHECK(strcmp(jc_error_method(err), "DeleteSubscribe") == 0);
    CHECK(jc_error_status(err) == JC_STATUS_API_ERROR);
    CHECK_STATUS(jc_delete_subscribe(client, S("user@example.com"), S("no-such-group"), err),
                 JC_STATUS_API_ERROR, err);
    CHECK(jc_error_api_code(err) == 800);
    CHECK(strcmp(jc_error_message(err), "Group subscribers is not found") == 0);
    /* AddLeadToGroup answers code 0 for "already registered"; jc_* report it as 102. */
    CHECK_STATUS(jc_add_lead_to_group(client, S("super"), S("user@example.com"), NULL, 0, err),
                 JC_STATUS_API_ERROR, err);
    CHECK(jc_error_api_code(err) == 102);
    CHECK(strcmp(jc_error_message(err), "The subscriber is already registered") == 0);
    /* Through the generic call as well. */
    char *out = NULL;
    size_t len = 0;
    CHECK_STATUS(jc_call(client, S("DeleteSubscribe"),
                         S("{\"lead_email\":\"user@example.com\",\"rass_name\":\"no-such-group\"}"),
                         &out, &len, err),
                 JC_STATUS_API_ERROR, err);
    CHECK(jc_error_api_code(err) == 800 && out == NULL);
    /* jc_invoke checks required fields before sending anything. */
    CHECK_STATUS(jc_invoke(client, S("AddLeadToGroup"), S("{\"rid\":\"super\"}"), &out, &len, err),
                 JC_STATUS_INVALID_ARGUMENT, err);
    CHECK(CONTAINS(jc_error_message(err), "lead_email"));
    CHECK_STATUS(jc_invoke(client, S("NoSuchMethod"), NULL, 0, &out, &len, err),
                 JC_STATUS_INVALID_ARGUMENT, err);
    CHECK(out == NULL);
    /* jc_invoke_typed also refuses a mapping where the field holds one value. */
    CHECK_STATUS(jc_invoke_typed(client, S("AddLeadToGroup"),
                                 S("{\"rid\":\"super\",\"lead_email\":\"a@b.c\","
                                   "\"lead_name\":{\"first\":\"x\"}}"),
                                 &out, &len, err),
                 JC_STATUS_INVALID_ARGUMENT, err);
    CHECK(CONTAINS(jc_error_message(err), "lead_name holds one value"));
    CHECK(out == NULL);
    /* Dates in the other calendar spelling are refused or converted before sending. */
    CHECK_STATUS(jc_invoke(client, S("getOrdersWithGoods"), S("{\"begin_date\":\"2023/11/01\"}"),
                           &out, &len, err),
                 JC_STATUS_INVALID_ARGUMENT, err);
    CHECK(CONTAINS(jc_error_message(err), "begin_date must be a date in the dd.mm.yyyy format"));
    jc_client_free(client);
    jc_error_free(err);
    return PASS;
}

static int test_wrong_secret_is_bad_signature(void) {
    if (!have_sandbox) {
        return SKIP;
    }
    /* The server refuses the request (code 4) and signs that answer with the real
     * secret, which the client cannot verify: nothing in it may be trusted. */
    jc_error *err = jc_error_new();
    jc_client *client = sandbox_client("not-the-secret", NULL, err);
    CHECK(client != NULL);
    char *out = NULL;
    size_t len = 0;
    CHECK_STATUS(jc_call(client, S("GetAllGroups"), NULL, 0, &out, &len, err),
                 JC_STATUS_BAD_SIGNATURE, err);
    CHECK(out == NULL && jc_error_api_code(err) == -1);
    jc_client_free(client);
    jc_error_free(err);
    return PASS;
}

static int test_forged_response_is_bad_signature(void) {
    if (!have_sandbox) {
        return SKIP;
    }
    jc_error *err = jc_error_new();
    jc_client *client = sandbox_client(sandbox.secret, NULL, err);
    CHECK(client != NULL);
    char *out = NULL;
    size_t len = 0;
    CHECK(sandbox_post(&sandbox, "/_sandbox/fault", "mode=forged_hash&count=1") == 200);
    CHECK_STATUS(jc_get_all_groups(client, &out, &len, err), JC_STATUS_BAD_SIGNATURE, err);
    CHECK(out == NULL);
    CHECK(strcmp(jc_error_method(err), "GetAllGroups") == 0);
    CHECK(sandbox_post(&sandbox, "/_sandbox/fault", "mode=hash_true&count=1") == 200);
    CHECK_STATUS(jc_delete_subscribe(client, S("user@example.com"), S("mega"), err),
                 JC_STATUS_BAD_SIGNATURE, err);
    /* The faults are used up: the next answer is genuine. */
    CHECK_STATUS(jc_get_all_groups(client, &out, &len, err), JC_STATUS_OK, err);
    CHECK(out != NULL && CONTAINS(out, "super"));
    jc_string_free(out);
    jc_client_free(client);
    jc_error_free(err);
    return PASS;
}

static int test_bad_responses(void) {
    if (!have_sandbox) {
        return SKIP;
    }
    jc_error *err = jc_error_new();
    jc_client *client = sandbox_client(sandbox.secret, NULL, err);
    /* Generous margins: valgrind on a busy machine is slow, the sandbox's delay is not. */
    jc_client *impatient = sandbox_client(sandbox.secret, "\"timeout_ms\":1000", err);
    CHECK(client != NULL && impatient != NULL);
    char *out = NULL;
    size_t len = 0;
    CHECK(sandbox_post(&sandbox, "/_sandbox/fault", "mode=html_502&count=1") == 200);
    CHECK_STATUS(jc_get_all_groups(client, &out, &len, err), JC_STATUS_BAD_RESPONSE, err);
    CHECK(jc_error_http_status(err) == 502);
    CHECK(CONTAINS(jc_error_message(err), "502"));
    CHECK(sandbox_post(&sandbox, "/_sandbox/fault", "mode=truncated_json&count=1") == 200);
    CHECK_STATUS(jc_get_all_groups(client, &out, &len, err), JC_STATUS_BAD_RESPONSE, err);
    CHECK(sandbox_post(&sandbox, "/_sandbox/fault", "mode=slow&count=1&delay_ms=4000") == 200);
    CHECK_STATUS(jc_get_all_groups(impatient, &out, &len, err), JC_STATUS_TIMEOUT, err);
    CHECK(out == NULL);
    jc_client_free(impatient);
    jc_client_free(client);
    jc_error_free(err);
    return PASS;
}

static int test_call_v2_and_invoke(void) {
    if (!have_sandbox) {
        return SKIP;
    }
    jc_error *err = jc_error_new();
    jc_client *client = sandbox_client(sandbox.secret, NULL, err);
    CHECK(client != NULL);
    char *out = NULL;
    size_t len = 0;
    CHECK_STATUS(jc_call_v2(client, S("getalllists"), NULL, 0, &out, &len, err), JC_STATUS_OK,
                 err);
    CHECK(out != NULL && len == strlen(out) && out[0] == '[');
    jc_string_free(out);
    out = NULL;
    CHECK_STATUS(jc_invoke(client, S("get_all_groups"), S("[]"), &out, &len, err), JC_STATUS_OK,
                 err);
    CHECK(out != NULL && CONTAINS(out, "\"rass_name\":\"super\""));
    jc_string_free(out);
    out = NULL;
    CHECK_STATUS(jc_call(client, S("GetAllGroups"), NULL, 0, &out, &len, err), JC_STATUS_OK, err);
    CHECK(out != NULL && CONTAINS(out, "mega"));
    jc_string_free(out);
    jc_client_free(client);
    jc_error_free(err);
    return PASS;
}

enum { THREADS = 8, CALLS_PER_THREAD = 12 };

typedef struct {
    const jc_client *client;
    int index;
    int failures;
} worker;

static void *work(void *arg) {
    worker *w = arg;
    jc_error *err = jc_error_new();
    for (int i = 0; i < CALLS_PER_THREAD; i++) {
        char *out = NULL;
        size_t len = 0;
        jc_status s;
        switch ((w->index + i) % 3) {
        case 0:
            s = jc_get_all_groups(w->client, &out, &len, err);
            if (s != JC_STATUS_OK || !CONTAINS(out, "super")) {
                w->failures++;
            }
            break;
        case 1:
            s = jc_get_lead_group_statuses(w->client, S("user@example.com"), &out, &len, err);
            if (s != JC_STATUS_OK || out[0] != '[') {
                w->failures++;
            }
            break;
        default: {
            char email[128];
            snprintf(email, sizeof email, "c-thread%d-%d-%ld@example.com", w->index, i,
                     (long)getpid());
            s = jc_delete_subscribe(w->client, S(email), S("super"), err);
            if (s != JC_STATUS_API_ERROR || jc_error_api_code(err) != 801) {
                w->failures++;
            }
            break;
        }
        }
        if (w->failures > 0 && s != JC_STATUS_OK && s != JC_STATUS_API_ERROR) {
            fprintf(stderr, "    thread %d call %d: %s: %s\n", w->index, i, jc_status_str(s),
                    jc_error_message(err));
        }
        jc_string_free(out);
    }
    jc_error_free(err);
    return NULL;
}

static int test_threads_share_one_client(void) {
    if (!have_sandbox) {
        return SKIP;
    }
    jc_error *err = jc_error_new();
    jc_client *client = sandbox_client(sandbox.secret, NULL, err);
    CHECK(client != NULL);
    pthread_t threads[THREADS];
    worker workers[THREADS];
    for (int i = 0; i < THREADS; i++) {
        workers[i] = (worker){client, i, 0};
        CHECK(pthread_create(&threads[i], NULL, work, &workers[i]) == 0);
    }
    int failures = 0;
    for (int i = 0; i < THREADS; i++) {
        CHECK(pthread_join(threads[i], NULL) == 0);
        failures += workers[i].failures;
    }
    printf("    %d threads x %d calls, %d failed\n", THREADS, CALLS_PER_THREAD, failures);
    CHECK(failures == 0);
    jc_client_free(client);
    jc_error_free(err);
    return PASS;
}

/* ---- runner -------------------------------------------------------------------------- */

typedef struct {
    const char *name;
    int (*run)(void);
} test_case;

#define TEST(fn) {#fn, fn}

static const test_case tests[] = {
    TEST(test_version_and_status_names),
    TEST(test_golden_vectors),
    TEST(test_outputs_written_only_on_success),
    TEST(test_refused_key_shapes),
    TEST(test_empty_params_forms),
    TEST(test_null_arguments),
    TEST(test_invalid_utf8),
    TEST(test_error_slot_reuse),
    TEST(test_client_options),
    TEST(test_check_hash_refusals),
    TEST(test_returned_strings_are_modifiable),
    TEST(test_local_refusals_name_the_method),
    TEST(test_client_clone),
    TEST(test_connection_refused_is_transport),
    TEST(test_delete_subscribe_round_trip),
    TEST(test_api_errors_carry_code_and_text),
    TEST(test_wrong_secret_is_bad_signature),
    TEST(test_forged_response_is_bad_signature),
    TEST(test_bad_responses),
    TEST(test_call_v2_and_invoke),
    TEST(test_threads_share_one_client),
    TEST(test_params_golden_vectors),
    TEST(test_params_types_and_replacement),
    TEST(test_params_misuse),
    TEST(test_params_threads_share_one_client),
    TEST(test_cancel_misuse),
    TEST(test_cancel_in_flight_returns_within_50ms),
    TEST(test_submit_callbacks_fire_exactly_once),
    TEST(test_cancelled_queued_calls_are_never_sent),
    TEST(test_callbacks_may_submit_and_clients_may_go),
};

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IONBF, 0);
    vectors_path = argc > 1 ? argv[1] : "tests/vectors/php-golden.jsonl";
    params_vectors_path = vectors_path;
    have_sandbox = sandbox_from_env(&sandbox);
    printf("libjustclick %s C tests; sandbox: %s\n", jc_version(),
           have_sandbox ? sandbox.base_url : "none (online tests skipped)");
    int passed = 0, failed = 0, skipped = 0;
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        int r = tests[i].run();
        const char *verdict = r == PASS ? "ok" : r == SKIP ? "skipped" : "FAILED";
        printf("  %-45s %s\n", tests[i].name, verdict);
        passed += r == PASS;
        failed += r == FAIL;
        skipped += r == SKIP;
    }
    if (skipped > 0) {
        printf("%d skipped (no sandbox)\n", skipped);
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
