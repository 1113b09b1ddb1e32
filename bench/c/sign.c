/* Signing through the C ABI, timed in rounds like the Rust (examples/sign_loop.rs),
 * Python and PHP loops of bench/run. Two modes:
 *   json    jc_get_hash on the parameter set given as JSON text;
 *   params  what a C program without JSON does: one jc_params, and per call
 *           jc_params_clear, the jc_params_add_* / begin / end calls for the set (read
 *           from the JSON file once, before timing), then jc_params_get_hash.
 *
 * usage: sign PARAMS_JSON_FILE ITERATIONS ROUNDS [json|params]
 * prints: the nanoseconds per call of each round, space-separated, on one line. */
#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "justclick.h"

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) { free(buf); buf = NULL; }
    fclose(f);
    if (!buf) return NULL;
    /* The trailing newline of the file is not part of the JSON document's value. */
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r')) n--;
    buf[n] = '\0';
    *len = (size_t)n;
    return buf;
}


/* ---- params mode: the set as a list of jc_params calls ------------------------------ */

typedef enum { OP_STR, OP_INT, OP_FLOAT, OP_TRUE, OP_FALSE, OP_NULL, OP_BEGIN, OP_END } op_kind;

typedef struct {
    op_kind kind;
    char key[64];
    size_t key_len;
    char *str; /* OP_STR: decoded value */
    size_t str_len;
    int64_t i;
    double f;
} op;

static op ops[4096];
static size_t n_ops;
static const char *jp;

static void ws(void) { while (*jp == ' ' || *jp == '\n' || *jp == '\t' || *jp == '\r') jp++; }

/* Decodes the JSON string at jp (ASCII escapes and \uXXXX below 0x800 are enough for
 * bench/params); returns a new buffer. */
static char *jstr(size_t *len) {
    char *out = malloc(strlen(jp) + 1);
    size_t n = 0;
    jp++;
    while (*jp && *jp != '"') {
        if (*jp == '\\') {
            jp++;
            char c = *jp++;
            if (c == 'u') {
                unsigned v = (unsigned)strtoul((char[5]){jp[0], jp[1], jp[2], jp[3], 0}, NULL, 16);
                jp += 4;
                if (v < 0x80) out[n++] = (char)v;
                else { out[n++] = (char)(0xc0 | (v >> 6)); out[n++] = (char)(0x80 | (v & 0x3f)); }
            } else {
                out[n++] = c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c;
            }
        } else {
            out[n++] = *jp++;
        }
    }
    jp++;
    out[n] = '\0';
    *len = n;
    return out;
}

static void value(const char *key, size_t key_len);

static void members(int obj) {
    long idx = 0;
    ws();
    if (*jp == (obj ? '}' : ']')) { jp++; return; }
    for (;;) {
        ws();
        char key[64];
        size_t key_len;
        if (obj) {
            char *k = jstr(&key_len);
            memcpy(key, k, key_len < 63 ? key_len : 63);
            free(k);
            ws();
            jp++; /* ':' */
        } else {
            key_len = (size_t)snprintf(key, sizeof key, "%ld", idx++);
        }
        value(key, key_len);
        ws();
        if (*jp++ != ',') return; /* '}' or ']' */
    }
}

static op *push(op_kind kind, const char *key, size_t key_len) {
    op *o = &ops[n_ops++];
    o->kind = kind;
    memcpy(o->key, key, key_len);
    o->key_len = key_len;
    return o;
}

static void value(const char *key, size_t key_len) {
    ws();
    if (*jp == '{' || *jp == '[') {
        int obj = *jp++ == '{';
        push(OP_BEGIN, key, key_len);
        members(obj);
        push(OP_END, "", 0);
    } else if (*jp == '"') {
        op *o = push(OP_STR, key, key_len);
        o->str = jstr(&o->str_len);
    } else if (!strncmp(jp, "true", 4)) {
        push(OP_TRUE, key, key_len); jp += 4;
    } else if (!strncmp(jp, "false", 5)) {
        push(OP_FALSE, key, key_len); jp += 5;
    } else if (!strncmp(jp, "null", 4)) {
        push(OP_NULL, key, key_len); jp += 4;
    } else {
        char *end;
        size_t n = strspn(jp, "+-0123456789.eE");
        if (memchr(jp, '.', n) || memchr(jp, 'e', n) || memchr(jp, 'E', n)) {
            push(OP_FLOAT, key, key_len)->f = strtod(jp, &end);
        } else {
            push(OP_INT, key, key_len)->i = strtoll(jp, &end, 10);
        }
        jp = end;
    }
}

/* Feeds the recorded calls into `p`; returns the first failing status. */
static jc_status feed(jc_params *p, jc_error *err) {
    jc_status s = JC_STATUS_OK;
    for (size_t i = 0; i < n_ops && s == JC_STATUS_OK; i++) {
        const op *o = &ops[i];
        switch (o->kind) {
        case OP_STR: s = jc_params_add_str(p, o->key, o->key_len, o->str, o->str_len, err); break;
        case OP_INT: s = jc_params_add_int(p, o->key, o->key_len, o->i, err); break;
        case OP_FLOAT: s = jc_params_add_float(p, o->key, o->key_len, o->f, err); break;
        case OP_TRUE: s = jc_params_add_bool(p, o->key, o->key_len, true, err); break;
        case OP_FALSE: s = jc_params_add_bool(p, o->key, o->key_len, false, err); break;
        case OP_NULL: s = jc_params_add_null(p, o->key, o->key_len, err); break;
        case OP_BEGIN: s = jc_params_begin(p, o->key, o->key_len, err); break;
        case OP_END: s = jc_params_end(p, err); break;
        }
    }
    return s;
}

int main(int argc, char **argv) {
    if (argc != 4 && argc != 5) {
        fprintf(stderr, "usage: %s PARAMS_JSON_FILE ITERATIONS ROUNDS [json|params]\n", argv[0]);
        return 2;
    }
    int params_mode = argc == 5 && strcmp(argv[4], "params") == 0;
    size_t len = 0;
    char *json = read_file(argv[1], &len);
    if (!json) { perror(argv[1]); return 1; }
    long iters = atol(argv[2]), rounds = atol(argv[3]);
    const char *login = "username", *secret = "0123456789abcdef0123456789abcdef01234567";
    char hash[33];
    jc_error *err = jc_error_new();
    if (jc_get_hash(json, len, login, strlen(login), secret, strlen(secret), hash, err) != JC_STATUS_OK) {
        fprintf(stderr, "jc_get_hash: %s\n", jc_error_message(err));
        return 1;
    }
    volatile char sink = 0;
    jc_params *p = NULL;
    if (params_mode) {
        jp = json;
        ws();
        int obj = *jp++ == '{';
        members(obj);
        p = jc_params_new();
        char check[33];
        if (feed(p, err) != JC_STATUS_OK ||
            jc_params_get_hash(p, login, strlen(login), secret, strlen(secret), check, err) !=
                JC_STATUS_OK) {
            fprintf(stderr, "jc_params: %s\n", jc_error_message(err));
            return 1;
        }
        if (strcmp(check, hash) != 0) {
            fprintf(stderr, "jc_params hash %s differs from jc_get_hash %s\n", check, hash);
            return 1;
        }
    }
    for (long r = 0; r < rounds; r++) {
        double t = now_ns();
        if (params_mode) {
            for (long i = 0; i < iters; i++) {
                jc_params_clear(p);
                feed(p, NULL);
                jc_params_get_hash(p, login, strlen(login), secret, strlen(secret), hash, NULL);
                sink ^= hash[0];
            }
        } else {
            for (long i = 0; i < iters; i++) {
                jc_get_hash(json, len, login, strlen(login), secret, strlen(secret), hash, NULL);
                sink ^= hash[0];
            }
        }
        printf("%s%.1f", r ? " " : "", (now_ns() - t) / (double)iters);
    }
    jc_params_free(p);
    printf("\n");
    fprintf(stderr, "c sign (%s) hash %s\n", params_mode ? "jc_params" : "json", hash);
    jc_error_free(err);
    free(json);
    return sink == 127 ? 3 : 0;
}
