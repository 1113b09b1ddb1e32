/* Minimal test harness for the C tests: each test_* returns PASS, FAIL or SKIP. */
#ifndef JC_TEST_CHECK_H
#define JC_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

#include "justclick.h"

enum { FAIL = 0, PASS = 1, SKIP = 2 };

/* Fails the current test (returns FAIL) when cond is false. */
#define CHECK(cond)                                                               \
    do {                                                                          \
        if (!(cond)) {                                                            \
            fprintf(stderr, "    %s:%d: check failed: %s\n", __FILE__, __LINE__, \
                    #cond);                                                       \
            return FAIL;                                                          \
        }                                                                         \
    } while (0)

/* Fails the current test unless `call` returns status `want`; prints the error slot. */
#define CHECK_STATUS(call, want, err)                                               \
    do {                                                                            \
        jc_status got_ = (call);                                                    \
        if (got_ != (want)) {                                                       \
            fprintf(stderr, "    %s:%d: %s\n      returned %s, expected %s: %s\n", \
                    __FILE__, __LINE__, #call, jc_status_str(got_),                 \
                    jc_status_str(want), jc_error_message(err));                    \
            return FAIL;                                                            \
        }                                                                           \
    } while (0)

/* True when NUL-terminated `haystack` contains `needle`. */
#define CONTAINS(haystack, needle) (strstr((haystack), (needle)) != NULL)

#endif
