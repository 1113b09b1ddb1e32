/* jc_params tests (tests/c/test_params.c), run by test_capi's runner. */
#ifndef JC_TEST_PARAMS_H
#define JC_TEST_PARAMS_H

/* The golden vectors file; test_capi sets it from its argument. */
extern const char *params_vectors_path;

int test_params_golden_vectors(void);
int test_params_types_and_replacement(void);
int test_params_misuse(void);
int test_params_threads_share_one_client(void);

#endif
