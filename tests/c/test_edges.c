/* The hard edges of the C boundary, as an embedder (a server module, a fiber runtime)
 * meets them:
 *
 *   test_edges memory        every entry point, with inputs far over its documented
 *                            cap, under an address-space limit (setrlimit RLIMIT_AS,
 *                            what `ulimit -v` sets): each returns a status naming the
 *                            limit instead of aborting the process.
 *   test_edges stack [KIB]   every entry point with its worst input (the deepest
 *                            nesting allowed, nesting bombs, the largest inputs) on a
 *                            thread with a KIB KiB stack (default 64), then the stack
 *                            each one needed, measured on a painted stack.
 *   test_edges tls           two calls over HTTPS (JC_SANDBOX_TLS=1), for valgrind.
 *   test_edges threads       16 threads x 8 calls on one client (HTTPS with
 *                            JC_SANDBOX_TLS=1), for ThreadSanitizer.
 *   test_edges fork          a client used, then fork() x 4: the parent and every
 *                            child complete their next calls promptly (a child never
 *                            reuses a connection of the parent's pool).
 *
 * Online parts use the sandbox from tests/c/with-sandbox (JC_SANDBOX_*); without one
 * they call a closed loopback port instead (and say so). Exit status 0 = all passed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "justclick.h"
#include "sandbox.h"

#define MIB ((size_t)1 << 20)

static int failures;

#define EXPECT(cond, ...)                                             \
    do {                                                              \
        if (!(cond)) {                                                \
            fprintf(stderr, "  FAIL %s:%d: %s: ", __FILE__, __LINE__, \
                    #cond);                                           \
            fprintf(stderr, __VA_ARGS__);                             \
            fprintf(stderr, "\n");                                    \
            failures++;                                               \
        }                                                             \
    } while (0)

/* ---- inputs ------------------------------------------------------------------- */

/* `prefix` + n copies of `fill` + `suffix`, NUL-terminated (malloc'd). */
static char *repeat(const char *prefix, const char *fill, size_t n, const char *suffix,
                    size_t *len_out) {
    size_t p = strlen(prefix), f = strlen(fill), s = strlen(suffix);
    size_t len = p + f * n + s;
    char *out = malloc(len + 1);
    if (!out) {
        perror("malloc");
        exit(2);
    }
    memcpy(out, prefix, p);
    for (size_t i = 0; i < n; i++) memcpy(out + p + i * f, fill, f);
    memcpy(out + p + f * n, suffix, s);
    out[len] = 0;
    if (len_out) *len_out = len;
    return out;
}

/* `{"a":` + depth `[` + `"x"` + depth `]` + `}`: a parameter `depth` levels deep. */
static char *nested_params(size_t depth, size_t *len) {
    char *open = repeat("{\"a\":", "[", depth, "\"x\"", NULL);
    char *all = repeat(open, "]", depth, "}", len);
    free(open);
    return all;
}

/* A client whose calls go to the sandbox, or to a closed port without one. */
static jc_client *make_client(const jc_sandbox *sb, int online) {
    char options[1024];
    const char *login = online ? sb->login : "shop";
    const char *secret = online ? sb->secret : "secret";
    const char *ca = getenv("JC_SANDBOX_CA_FILE");
    if (online && ca && *ca) {
        snprintf(options, sizeof options,
                 "{\"base_url\":\"%s\",\"max_retries\":0,\"ca_file\":\"%s\"}",
                 sb->base_url, ca);
    } else if (online) {
        snprintf(options, sizeof options, "{\"base_url\":\"%s\",\"max_retries\":0}",
                 sb->base_url);
    } else {
        snprintf(options, sizeof options,
                 "{\"base_url\":\"http://127.0.0.1:%d/api/\",\"max_retries\":0}",
                 sandbox_closed_port());
    }
    jc_client *client = NULL;
    jc_error *err = jc_error_new();
    jc_status s = jc_client_new(login, strlen(login), secret, strlen(secret), options,
                                strlen(options), &client, err);
    if (s != JC_STATUS_OK) {
        fprintf(stderr, "jc_client_new: %s\n", jc_error_message(err));
        exit(2);
    }
    jc_error_free(err);
    return client;
}

/* ---- memory ------------------------------------------------------------------- */

/* Expects `status` to be `want` and the message to contain `needle`. */
static void expect_refused(const char *what, jc_status got, jc_status want, jc_error *err,
                           const char *needle) {
    EXPECT(got == want, "%s returned %s (want %s): %s", what, jc_status_str(got),
           jc_status_str(want), jc_error_message(err));
    EXPECT(needle == NULL || CONTAINS(jc_error_message(err), needle),
           "%s: message does not name the limit %s: %s", what, needle,
           jc_error_message(err));
}

static size_t vm_bytes(void) {
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long pages = 0;
    if (f) {
        if (fscanf(f, "%lu", &pages) != 1) pages = 0;
        fclose(f);
    }
    return (size_t)pages * (size_t)sysconf(_SC_PAGESIZE);
}

static int run_memory(void) {
    jc_sandbox sb;
    int online = sandbox_from_env(&sb);
    jc_client *client = make_client(&sb, online);
    jc_error *err = jc_error_new();
    char *out = NULL;
    size_t out_len = 0;
    char hash[33];

    /* 50 MB of '~' (each one becomes 3 bytes of query): the reproduction. */
    size_t big_len, huge_len, bomb_len, form_len, under_len;
    char *big = repeat("{\"a\":\"", "~", 50 * MIB, "\"}", &big_len);
    char *huge = repeat("{\"error_code\":0,\"error_text\":\"", "~", 70 * MIB, "\"}", &huge_len);
    char *bomb = repeat("", "[", 10 * MIB, "", &bomb_len);
    char *form = repeat("a=", "~", 20 * MIB, "", &form_len);
    /* Just under the input cap but 3x over the body cap once percent-encoded. */
    char *under = repeat("{\"a\":\"", "~", 8 * MIB - 64, "\"}", &under_len);

    /* Leave 160 MiB of address space above what is mapped now: enough for any input
     * within the caps, far too little for what uncapped inputs used to need. */
    struct rlimit lim;
    lim.rlim_cur = lim.rlim_max = vm_bytes() + 160 * MIB;
    if (setrlimit(RLIMIT_AS, &lim) != 0) {
        perror("setrlimit");
        return 2;
    }
    printf("address space limited to %zu MiB (%zu MiB mapped)\n", (size_t)lim.rlim_cur / MIB,
           vm_bytes() / MIB);

    expect_refused("jc_build_query(50 MB)",
                   jc_build_query(big, big_len, &out, &out_len, err),
                   JC_STATUS_INVALID_ARGUMENT, err, "MAX_INPUT_BYTES");
    expect_refused("jc_build_query(8 MB of ~)",
                   jc_build_query(under, under_len, &out, &out_len, err),
                   JC_STATUS_INVALID_ARGUMENT, err, "MAX_REQUEST_BODY");
    expect_refused("jc_build_query(bomb)", jc_build_query(bomb, bomb_len, &out, &out_len, err),
                   JC_STATUS_INVALID_ARGUMENT, err, "MAX_INPUT_BYTES");
    expect_refused("jc_build_query(1 MB bomb)", jc_build_query(bomb, MIB, &out, &out_len, err),
                   JC_STATUS_INVALID_ARGUMENT, err, "64");
    expect_refused("jc_get_hash(50 MB)",
                   jc_get_hash(big, big_len, "l", 1, "s", 1, hash, err),
                   JC_STATUS_INVALID_ARGUMENT, err, "MAX_INPUT_BYTES");
    expect_refused("jc_get_hash(8 MB of ~)",
                   jc_get_hash(under, under_len, "l", 1, "s", 1, hash, err),
                   JC_STATUS_INVALID_ARGUMENT, err, "MAX_REQUEST_BODY");
    expect_refused("jc_check_hash(70 MB)", jc_check_hash(huge, huge_len, "s", 1, err),
                   JC_STATUS_BAD_SIGNATURE, err, "MAX_CHECK_HASH_BYTES");
    expect_refused("jc_check_hash(bomb)", jc_check_hash(bomb, bomb_len, "s", 1, err),
                   JC_STATUS_BAD_SIGNATURE, err, "32 levels");
    expect_refused("jc_verify_notification(20 MB)",
                   jc_verify_notification(form, form_len, "s", 1, &out, &out_len, err),
                   JC_STATUS_INVALID_ARGUMENT, err, "MAX_INPUT_BYTES");
    jc_client *c2 = NULL;
    expect_refused("jc_client_new(options 50 MB)",
                   jc_client_new("l", 1, "s", 1, big, big_len, &c2, err),
                   JC_STATUS_INVALID_ARGUMENT, err, "MAX_INPUT_BYTES");
    expect_refused("jc_client_new(login 50 MB)",
                   jc_client_new(big, big_len, "s", 1, NULL, 0, &c2, err),
                   JC_STATUS_INVALID_ARGUMENT, err, "MAX_LOGIN_BYTES");
    expect_refused("jc_call(50 MB)",
                   jc_call(client, "GetAllGroups", 12, big, big_len, &out, &out_len, err),
                   JC_STATUS_INVALID_ARGUMENT, err, "MAX_INPUT_BYTES");
    expect_refused("jc_call(method 50 MB)",
                   jc_call(client, big, big_len, NULL, 0, &out, &out_len, err),
                   JC_STATUS_INVALID_ARGUMENT, err, "MAX_METHOD_BYTES");
    expect_refused("jc_call_v2(50 MB)",
                   jc_call_v2(client, "getgroups", 9, big, big_len, &out, &out_len, err),
                   JC_STATUS_INVALID_ARGUMENT, err, "MAX_INPUT_BYTES");
    expect_refused("jc_invoke(50 MB)",
                   jc_invoke(client, "GetAllGroups", 12, big, big_len, &out, &out_len, err),
                   JC_STATUS_INVALID_ARGUMENT, err, "MAX_INPUT_BYTES");
    expect_refused("jc_invoke(8 MB of ~)",
                   jc_invoke(client, "AddLeadToGroup", 14, under, under_len, &out, &out_len,
                             err),
                   JC_STATUS_INVALID_ARGUMENT, err, NULL);
    expect_refused("jc_delete_subscribe(50 MB e-mail)",
                   jc_delete_subscribe(client, big, big_len, "super", 5, err),
                   JC_STATUS_INVALID_ARGUMENT, err, "MAX_REQUEST_BODY");
    expect_refused("jc_add_lead_to_group(fields 50 MB)",
                   jc_add_lead_to_group(client, "super", 5, "a@b.c", 5, big, big_len, err),
                   JC_STATUS_INVALID_ARGUMENT, err, "MAX_INPUT_BYTES");
    expect_refused("jc_add_lead_to_group(rid 50 MB)",
                   jc_add_lead_to_group(client, big, big_len, "a@b.c", 5, NULL, 0, err),
                   JC_STATUS_INVALID_ARGUMENT, err, "MAX_REQUEST_BODY");
    expect_refused("jc_get_lead_group_statuses(50 MB)",
                   jc_get_lead_group_statuses(client, big, big_len, &out, &out_len, err),
                   JC_STATUS_INVALID_ARGUMENT, err, "MAX_REQUEST_BODY");

    jc_params *p = jc_params_new();
    EXPECT(p != NULL, "jc_params_new");
    expect_refused("jc_params_add_str(50 MB)",
                   jc_params_add_str(p, "a", 1, big, big_len, err), JC_STATUS_INVALID_ARGUMENT,
                   err, "MAX_REQUEST_BODY");
    expect_refused("jc_params_add_str(50 MB key)",
                   jc_params_add_str(p, big + 7, big_len - 9, "x", 1, err),
                   JC_STATUS_INVALID_ARGUMENT, err, NULL);
    jc_params_free(p);

    /* Within the caps everything still works under the same limit. */
    size_t ok_len;
    char *ok = repeat("{\"a\":\"", "a", 4 * MIB, "\"}", &ok_len);
    jc_status s = jc_build_query(ok, ok_len, &out, &out_len, err);
    EXPECT(s == JC_STATUS_OK && out_len == 4 * MIB + 2, "4 MiB query: %s",
           jc_error_message(err));
    if (s == JC_STATUS_OK) jc_string_free(out);
    s = jc_get_hash(ok, ok_len, "l", 1, "s", 1, hash, err);
    EXPECT(s == JC_STATUS_OK, "4 MiB hash: %s", jc_error_message(err));

    free(ok);
    free(big);
    free(huge);
    free(bomb);
    free(form);
    free(under);
    jc_error_free(err);
    jc_client_free(client);
    printf("memory: every entry point returned a status (%s)\n",
           online ? "sandbox" : "offline: closed port");
    return failures == 0 ? 0 : 1;
}

/* ---- stack -------------------------------------------------------------------- */

typedef struct {
    jc_client *client;
    jc_sandbox sb;
    int online;
    char *deep64, *deep65, *bomb, *resp31, *resp33, *notif64, *notif65, *tilde;
    size_t deep64_len, deep65_len, bomb_len, resp31_len, resp33_len, notif64_len,
        notif65_len, tilde_len;
} inputs;

static void e_noop(const inputs *in) { (void)in; }

static void e_build_query(const inputs *in) {
    jc_error *err = jc_error_new();
    char *out = NULL;
    size_t len = 0;
    jc_status s = jc_build_query(in->deep64, in->deep64_len, &out, &len, err);
    EXPECT(s == JC_STATUS_OK, "64 levels: %s", jc_error_message(err));
    if (s == JC_STATUS_OK) jc_string_free(out);
    s = jc_build_query(in->deep65, in->deep65_len, &out, &len, err);
    EXPECT(s == JC_STATUS_INVALID_ARGUMENT && CONTAINS(jc_error_message(err), "64"),
           "65 levels: %s", jc_error_message(err));
    s = jc_build_query(in->bomb, in->bomb_len, &out, &len, err);
    EXPECT(s == JC_STATUS_INVALID_ARGUMENT, "bomb: %s", jc_error_message(err));
    s = jc_build_query(in->tilde, in->tilde_len, &out, &len, err);
    EXPECT(s == JC_STATUS_OK, "1 MiB of ~: %s", jc_error_message(err));
    if (s == JC_STATUS_OK) jc_string_free(out);
    jc_error_free(err);
}

static void e_get_hash(const inputs *in) {
    jc_error *err = jc_error_new();
    char hash[33];
    jc_status s = jc_get_hash(in->deep64, in->deep64_len, "l", 1, "s", 1, hash, err);
    EXPECT(s == JC_STATUS_OK, "64 levels: %s", jc_error_message(err));
    s = jc_get_hash(in->deep65, in->deep65_len, "l", 1, "s", 1, hash, err);
    EXPECT(s == JC_STATUS_INVALID_ARGUMENT, "65 levels: %s", jc_error_message(err));
    s = jc_get_hash(in->bomb, in->bomb_len, "l", 1, "s", 1, hash, err);
    EXPECT(s == JC_STATUS_INVALID_ARGUMENT, "bomb: %s", jc_error_message(err));
    jc_error_free(err);
}

static void e_check_hash(const inputs *in) {
    jc_error *err = jc_error_new();
    /* Parsed in full (32 levels are allowed), then the hash does not match. */
    jc_status s = jc_check_hash(in->resp31, in->resp31_len, "s", 1, err);
    EXPECT(s == JC_STATUS_BAD_SIGNATURE && CONTAINS(jc_error_message(err), "does not match"),
           "32 levels: %s", jc_error_message(err));
    s = jc_check_hash(in->resp33, in->resp33_len, "s", 1, err);
    EXPECT(s == JC_STATUS_BAD_SIGNATURE && CONTAINS(jc_error_message(err), "32 levels"),
           "33 levels: %s", jc_error_message(err));
    s = jc_check_hash(in->bomb, in->bomb_len, "s", 1, err);
    EXPECT(s == JC_STATUS_BAD_SIGNATURE, "bomb: %s", jc_error_message(err));
    jc_error_free(err);
}

static void e_verify_notification(const inputs *in) {
    jc_error *err = jc_error_new();
    char *out = NULL;
    size_t len = 0;
    jc_status s = jc_verify_notification(in->notif64, in->notif64_len, "s", 1, &out, &len, err);
    EXPECT(s == JC_STATUS_BAD_SIGNATURE, "64 levels: %s", jc_error_message(err));
    s = jc_verify_notification(in->notif65, in->notif65_len, "s", 1, &out, &len, err);
    EXPECT(s == JC_STATUS_BAD_SIGNATURE, "65 levels: %s", jc_error_message(err));
    jc_error_free(err);
}

static void e_client_new(const inputs *in) {
    jc_error *err = jc_error_new();
    jc_client *c = NULL;
    jc_status s = jc_client_new("l", 1, "s", 1, in->bomb, in->bomb_len, &c, err);
    EXPECT(s == JC_STATUS_INVALID_ARGUMENT, "bomb: %s", jc_error_message(err));
    s = jc_client_new("shop", 4, "s", 1, "{\"timeout_ms\":1000}", 19, &c, err);
    EXPECT(s == JC_STATUS_OK, "plain: %s", jc_error_message(err));
    if (s == JC_STATUS_OK) jc_client_free(c);
    jc_error_free(err);
}

/* A network call: OK/API error from the sandbox, a transport error from a closed port. */
static int call_status_ok(const inputs *in, jc_status s) {
    return in->online ? (s == JC_STATUS_OK || s == JC_STATUS_API_ERROR)
                      : s == JC_STATUS_TRANSPORT;
}

static void e_call(const inputs *in) {
    jc_error *err = jc_error_new();
    char *out = NULL;
    size_t len = 0;
    /* A fresh client: its first call connects (and over HTTPS, handshakes). */
    jc_client *fresh = make_client(&in->sb, in->online);
    jc_status s = jc_call(fresh, "GetAllGroups", 12, NULL, 0, &out, &len, err);
    jc_client_free(fresh);
    EXPECT(call_status_ok(in, s), "GetAllGroups: %s %s", jc_status_str(s),
           jc_error_message(err));
    if (s == JC_STATUS_OK) jc_string_free(out);
    s = jc_call(in->client, "GetLeadGroupStatuses", 20, in->deep64, in->deep64_len, &out, &len,
                err);
    EXPECT(call_status_ok(in, s) || s == JC_STATUS_BAD_RESPONSE, "64 levels: %s %s",
           jc_status_str(s), jc_error_message(err));
    if (s == JC_STATUS_OK) jc_string_free(out);
    s = jc_call(in->client, "GetAllGroups", 12, in->bomb, in->bomb_len, &out, &len, err);
    EXPECT(s == JC_STATUS_INVALID_ARGUMENT, "bomb: %s", jc_error_message(err));
    jc_error_free(err);
}

static void e_call_v2(const inputs *in) {
    jc_error *err = jc_error_new();
    char *out = NULL;
    size_t len = 0;
    jc_status s = jc_call_v2(in->client, "getgroups", 9, in->deep64, in->deep64_len, &out, &len,
                             err);
    EXPECT(call_status_ok(in, s) || s == JC_STATUS_BAD_RESPONSE, "64 levels: %s %s",
           jc_status_str(s), jc_error_message(err));
    if (s == JC_STATUS_OK) jc_string_free(out);
    jc_error_free(err);
}

static void e_invoke(const inputs *in) {
    jc_error *err = jc_error_new();
    char *out = NULL;
    size_t len = 0;
    jc_status s = jc_invoke(in->client, "GetAllGroups", 12, NULL, 0, &out, &len, err);
    EXPECT(call_status_ok(in, s), "GetAllGroups: %s %s", jc_status_str(s),
           jc_error_message(err));
    if (s == JC_STATUS_OK) jc_string_free(out);
    s = jc_invoke(in->client, "GetAllGroups", 12, in->bomb, in->bomb_len, &out, &len, err);
    EXPECT(s == JC_STATUS_INVALID_ARGUMENT, "bomb: %s", jc_error_message(err));
    jc_error_free(err);
}

static void e_contacts(const inputs *in) {
    jc_error *err = jc_error_new();
    char *out = NULL;
    size_t len = 0;
    jc_status s = jc_add_lead_to_group(in->client, "super", 5, "edge@example.com", 16,
                                       in->deep64, in->deep64_len, err);
    EXPECT(call_status_ok(in, s) || s == JC_STATUS_BAD_RESPONSE, "add, 64 levels: %s %s",
           jc_status_str(s), jc_error_message(err));
    s = jc_get_lead_group_statuses(in->client, "edge@example.com", 16, &out, &len, err);
    EXPECT(call_status_ok(in, s), "statuses: %s %s", jc_status_str(s), jc_error_message(err));
    if (s == JC_STATUS_OK) jc_string_free(out);
    s = jc_get_all_groups(in->client, &out, &len, err);
    EXPECT(call_status_ok(in, s), "groups: %s %s", jc_status_str(s), jc_error_message(err));
    if (s == JC_STATUS_OK) jc_string_free(out);
    s = jc_delete_subscribe(in->client, "edge@example.com", 16, "super", 5, err);
    EXPECT(call_status_ok(in, s), "delete: %s %s", jc_status_str(s), jc_error_message(err));
    jc_error_free(err);
}

typedef struct {
    const char *name;
    void (*fn)(const inputs *);
} entry;

static const entry ENTRIES[] = {
    {"(thread baseline)", e_noop},
    {"jc_build_query", e_build_query},
    {"jc_get_hash", e_get_hash},
    {"jc_check_hash", e_check_hash},
    {"jc_verify_notification", e_verify_notification},
    {"jc_client_new", e_client_new},
    {"jc_call", e_call},
    {"jc_call_v2", e_call_v2},
    {"jc_invoke", e_invoke},
    {"jc_add_lead/statuses/groups/delete", e_contacts},
};

typedef struct {
    const entry *e;
    const inputs *in;
} job;

static void *run_job(void *arg) {
    const job *j = arg;
    j->e->fn(j->in);
    return NULL;
}

/* Runs `j` on a new thread: with a stack of `size` bytes (glibc adds a guard page, so
 * an overflow is a crash), or on `painted` memory of `size` bytes when not NULL. */
static int on_thread(job *j, size_t size, void *painted) {
    pthread_attr_t attr;
    pthread_t t;
    pthread_attr_init(&attr);
    int rc = painted ? pthread_attr_setstack(&attr, painted, size)
                     : pthread_attr_setstacksize(&attr, size);
    if (rc == 0) rc = pthread_create(&t, &attr, run_job, j);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        fprintf(stderr, "pthread: %s\n", strerror(rc));
        return -1;
    }
    pthread_join(t, NULL);
    return 0;
}

static int run_stack(size_t kib) {
    inputs in;
    in.online = sandbox_from_env(&in.sb);
    in.client = make_client(&in.sb, in.online);
    in.deep64 = nested_params(64, &in.deep64_len);
    in.deep65 = nested_params(65, &in.deep65_len);
    in.bomb = repeat("", "[", 1000000, "", &in.bomb_len);
    in.tilde = repeat("{\"a\":\"", "~", MIB, "\"}", &in.tilde_len);
    char *r = repeat("{\"error_code\":0,\"error_text\":\"\",\"result\":", "[", 31, "1", NULL);
    in.resp31 = repeat(r, "]", 31, ",\"hash\":\"00000000000000000000000000000000\"}",
                       &in.resp31_len);
    free(r);
    r = repeat("{\"error_code\":0,\"error_text\":\"\",\"result\":", "[", 32, "1", NULL);
    in.resp33 = repeat(r, "]", 32, ",\"hash\":\"00000000000000000000000000000000\"}",
                       &in.resp33_len);
    free(r);
    r = repeat("id=1&email=x&paid=1&hash=00000000000000000000000000000000&a", "[x]", 64,
               "=1", NULL);
    in.notif64 = repeat(r, "", 0, "", &in.notif64_len);
    free(r);
    r = repeat("id=1&email=x&paid=1&hash=00000000000000000000000000000000&a", "[x]", 65,
               "=1", NULL);
    in.notif65 = repeat(r, "", 0, "", &in.notif65_len);
    free(r);

    size_t n = sizeof ENTRIES / sizeof ENTRIES[0];
    const char *ca = getenv("JC_SANDBOX_CA_FILE");
    printf("every entry point on a %zu KiB thread stack (%s):\n", kib,
           !in.online ? "offline: calls to a closed port"
           : ca && *ca ? "calls to the sandbox over HTTPS"
                       : "calls to the sandbox over HTTP");
    for (size_t i = 0; i < n; i++) {
        job j = {&ENTRIES[i], &in};
        int before = failures;
        if (on_thread(&j, kib * 1024, NULL) != 0) return 2;
        printf("  %-36s %s\n", ENTRIES[i].name, failures == before ? "ok" : "FAILED");
    }

    /* Measure: run each on a painted 4 MiB stack and find the deepest byte written. */
    const size_t size = 4 * MIB;
    unsigned char *mem = NULL;
    if (posix_memalign((void **)&mem, 4096, size) != 0) return 2;
    printf("stack used (high-water mark on a painted stack, thread setup included):\n");
    for (size_t i = 0; i < n; i++) {
        memset(mem, 0xA5, size);
        job j = {&ENTRIES[i], &in};
        if (on_thread(&j, size, mem) != 0) return 2;
        size_t untouched = 0;
        while (untouched < size && mem[untouched] == 0xA5) untouched++;
        printf("  %-36s %4zu KiB\n", ENTRIES[i].name, (size - untouched + 1023) / 1024);
    }
    free(mem);
    jc_client_free(in.client);
    free(in.deep64);
    free(in.deep65);
    free(in.bomb);
    free(in.tilde);
    free(in.resp31);
    free(in.resp33);
    free(in.notif64);
    free(in.notif65);
    return failures == 0 ? 0 : 1;
}

/* ---- fork --------------------------------------------------------------------- */

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Two calls on `client`; 0 when both succeed within `limit` seconds each. */
static int two_calls_within(jc_client *client, const char *who, double limit) {
    jc_error *err = jc_error_new();
    int rc = 0;
    for (int i = 0; i < 2 && rc == 0; i++) {
        char *out = NULL;
        size_t len = 0;
        double t0 = now_s();
        jc_status s = jc_call(client, "GetAllGroups", 12, NULL, 0, &out, &len, err);
        double took = now_s() - t0;
        if (s == JC_STATUS_OK) jc_string_free(out);
        if (s != JC_STATUS_OK || took > limit) {
            fprintf(stderr, "  FAIL %s call %d: %s after %.2f s: %s\n", who, i + 1,
                    jc_status_str(s), took, jc_error_message(err));
            rc = 1;
        }
    }
    jc_error_free(err);
    return rc;
}

/* Two calls on `client`; 0 when both succeed promptly. */
static int two_prompt_calls(jc_client *client, const char *who) {
    return two_calls_within(client, who, 2.0);
}

static int run_fork(void) {
    jc_sandbox sb;
    if (!sandbox_from_env(&sb)) {
        const char *req = getenv("JC_REQUIRE_SANDBOX");
        fprintf(stderr, "fork: SKIPPED, no sandbox\n");
        return req && strcmp(req, "1") == 0 ? 1 : 0;
    }
    char options[512];
    snprintf(options, sizeof options,
             "{\"base_url\":\"%s\",\"max_retries\":0,\"timeout_ms\":5000}", sb.base_url);
    jc_client *client = NULL;
    jc_error *err = jc_error_new();
    if (jc_client_new(sb.login, strlen(sb.login), sb.secret, strlen(sb.secret), options,
                      strlen(options), &client, err) != JC_STATUS_OK) {
        fprintf(stderr, "jc_client_new: %s\n", jc_error_message(err));
        return 2;
    }
    jc_error_free(err);
    /* The pool now holds a keep-alive connection the children inherit. */
    if (two_prompt_calls(client, "parent before fork")) return 1;
    fflush(NULL);
    pid_t kids[4];
    for (int i = 0; i < 4; i++) {
        kids[i] = fork();
        if (kids[i] < 0) {
            perror("fork");
            return 2;
        }
        if (kids[i] == 0) {
            char who[32];
            snprintf(who, sizeof who, "child %d", i + 1);
            int rc = two_prompt_calls(client, who);
            jc_client_free(client);
            _exit(rc);
        }
    }
    int failed = two_prompt_calls(client, "parent after fork");
    for (int i = 0; i < 4; i++) {
        int status = 0;
        if (waitpid(kids[i], &status, 0) != kids[i] || !WIFEXITED(status) ||
            WEXITSTATUS(status) != 0) {
            fprintf(stderr, "  FAIL child %d did not complete its calls\n", i + 1);
            failed = 1;
        }
    }
    jc_client_free(client);
    if (!failed) printf("fork: the parent and 4 children each completed 2 calls promptly\n");
    return failed;
}

/* ---- tls ---------------------------------------------------------------------- */

/* Two calls over HTTPS (a handshake, then a pooled connection): run under valgrind
 * with share/justclick/justclick.supp by `make ctest-tls-valgrind`. */
static int run_tls(void) {
    jc_sandbox sb;
    const char *ca = getenv("JC_SANDBOX_CA_FILE");
    if (!sandbox_from_env(&sb) || !ca || !*ca) {
        fprintf(stderr, "tls: SKIPPED, no HTTPS sandbox (JC_SANDBOX_TLS=1)\n");
        const char *req = getenv("JC_REQUIRE_SANDBOX");
        return req && strcmp(req, "1") == 0 ? 1 : 0;
    }
    jc_client *client = make_client(&sb, 1);
    int rc = two_calls_within(client, "HTTPS", 120.0);
    jc_client_free(client);
    if (rc == 0) printf("tls: 2 calls over HTTPS\n");
    return rc;
}

/* ---- threads ------------------------------------------------------------------ */

/* 16 threads on one client, HTTP or HTTPS (JC_SANDBOX_TLS=1): more threads than the
 * calls need, so pooled connections (and their buffers) move between threads. Run
 * under ThreadSanitizer by `make ctest-tsan` with share/justclick/justclick-tsan.supp. */
enum { TSAN_THREADS = 16, TSAN_CALLS = 8 };

typedef struct {
    const jc_client *client;
    int failed;
} thread_job;

static void *thread_calls(void *arg) {
    thread_job *job = arg;
    jc_error *err = jc_error_new();
    for (int i = 0; i < TSAN_CALLS; i++) {
        char *out = NULL;
        size_t len = 0;
        jc_status s = jc_get_all_groups(job->client, &out, &len, err);
        if (s != JC_STATUS_OK || len == 0 || out[0] != '[') {
            fprintf(stderr, "threads: call %d: %s: %s\n", i, jc_status_str(s),
                    jc_error_message(err));
            job->failed++;
        }
        jc_string_free(out);
    }
    jc_error_free(err);
    return NULL;
}

static int run_threads(void) {
    jc_sandbox sb;
    if (!sandbox_from_env(&sb)) {
        fprintf(stderr, "threads: SKIPPED, no sandbox\n");
        const char *req = getenv("JC_REQUIRE_SANDBOX");
        return req && strcmp(req, "1") == 0 ? 1 : 0;
    }
    const char *ca = getenv("JC_SANDBOX_CA_FILE");
    jc_client *client = make_client(&sb, 1);
    pthread_t threads[TSAN_THREADS];
    thread_job jobs[TSAN_THREADS];
    for (int i = 0; i < TSAN_THREADS; i++) {
        jobs[i] = (thread_job){client, 0};
        EXPECT(pthread_create(&threads[i], NULL, thread_calls, &jobs[i]) == 0, "thread %d", i);
    }
    int failed = 0;
    for (int i = 0; i < TSAN_THREADS; i++) {
        pthread_join(threads[i], NULL);
        failed += jobs[i].failed;
    }
    jc_client_free(client);
    EXPECT(failed == 0, "%d of %d calls failed", failed, TSAN_THREADS * TSAN_CALLS);
    if (!failed && !failures)
        printf("threads: %d threads x %d calls on one client over %s\n", TSAN_THREADS,
               TSAN_CALLS, ca && *ca ? "HTTPS" : "HTTP");
    return failed || failures;
}

/* ---- main --------------------------------------------------------------------- */

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "";
    int rc;
    if (strcmp(mode, "memory") == 0) {
        rc = run_memory();
    } else if (strcmp(mode, "tls") == 0) {
        rc = run_tls();
    } else if (strcmp(mode, "threads") == 0) {
        rc = run_threads();
    } else if (strcmp(mode, "fork") == 0) {
        rc = run_fork();
    } else if (strcmp(mode, "stack") == 0) {
        rc = run_stack(argc > 2 ? (size_t)strtoul(argv[2], NULL, 10) : 64);
    } else {
        fprintf(stderr, "usage: test_edges memory|stack [KIB]|fork|tls|threads\n");
        return 2;
    }
    if (failures) fprintf(stderr, "test_edges %s: %d check(s) failed\n", mode, failures);
    return rc;
}
