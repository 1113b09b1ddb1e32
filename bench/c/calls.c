/* Sequential DeleteSubscribe calls through the C ABI (one jc_client, reused).
 *
 * usage: calls BASE_URL CA_FILE|- LOGIN SECRET_ENV GROUP EMAIL_FORMAT FIRST COUNT WARMUP
 *   EMAIL_FORMAT is a printf format with one %d, e.g. "c-http-%d@bench.example";
 *   addresses FIRST .. FIRST+WARMUP+COUNT-1 must be subscribed to GROUP.
 *   The secret is read from the environment variable SECRET_ENV (never argv).
 * prints: the nanoseconds of each timed call, space-separated, on one line. */
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

int main(int argc, char **argv) {
    if (argc != 10) {
        fprintf(stderr, "usage: %s BASE_URL CA_FILE|- LOGIN SECRET_ENV GROUP EMAIL_FORMAT FIRST COUNT WARMUP\n", argv[0]);
        return 2;
    }
    const char *base = argv[1], *ca = argv[2], *login = argv[3], *group = argv[5], *fmt = argv[6];
    const char *secret = getenv(argv[4]);
    long first = atol(argv[7]), count = atol(argv[8]), warmup = atol(argv[9]);
    if (!secret) { fprintf(stderr, "%s is not set\n", argv[4]); return 2; }
    char opts[4096];
    if (strcmp(ca, "-") == 0)
        snprintf(opts, sizeof opts, "{\"base_url\":\"%s\"}", base);
    else
        snprintf(opts, sizeof opts, "{\"base_url\":\"%s\",\"ca_file\":\"%s\"}", base, ca);
    jc_error *err = jc_error_new();
    jc_client *client = NULL;
    if (jc_client_new(login, strlen(login), secret, strlen(secret), opts, strlen(opts), &client, err) != JC_STATUS_OK) {
        fprintf(stderr, "jc_client_new: %s\n", jc_error_message(err));
        return 1;
    }
    double *samples = calloc((size_t)count, sizeof *samples);
    char email[256];
    for (long i = 0; i < warmup + count; i++) {
        snprintf(email, sizeof email, fmt, (int)(first + i));
        double t = now_ns();
        jc_status s = jc_delete_subscribe(client, email, strlen(email), group, strlen(group), err);
        double dt = now_ns() - t;
        if (s != JC_STATUS_OK) {
            fprintf(stderr, "jc_delete_subscribe(%s): %s: %s\n", email, jc_status_str(s), jc_error_message(err));
            return 1;
        }
        if (i >= warmup) samples[i - warmup] = dt;
    }
    for (long i = 0; i < count; i++) printf("%s%.0f", i ? " " : "", samples[i]);
    printf("\n");
    free(samples);
    jc_client_free(client);
    jc_error_free(err);
    return 0;
}
