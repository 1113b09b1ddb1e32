/* Signing through the C ABI: jc_get_hash on a parameter set given as JSON, timed in
 * rounds like the Rust (examples/sign_loop.rs), Python and PHP loops of bench/run.
 *
 * usage: sign PARAMS_JSON_FILE ITERATIONS ROUNDS
 * prints: the nanoseconds per call of each round, space-separated, on one line. */
#define _POSIX_C_SOURCE 199309L
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

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s PARAMS_JSON_FILE ITERATIONS ROUNDS\n", argv[0]);
        return 2;
    }
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
    for (long r = 0; r < rounds; r++) {
        double t = now_ns();
        for (long i = 0; i < iters; i++) {
            jc_get_hash(json, len, login, strlen(login), secret, strlen(secret), hash, NULL);
            sink ^= hash[0];
        }
        printf("%s%.1f", r ? " " : "", (now_ns() - t) / (double)iters);
    }
    printf("\n");
    fprintf(stderr, "c sign hash %s\n", hash);
    jc_error_free(err);
    free(json);
    return sink == 127 ? 3 : 0;
}
