/* Cancellation, per-call options and the submit-and-callback form (tests/c/
 * test_cancel.c), run by test_capi's runner. */
#ifndef JC_TEST_CANCEL_H
#define JC_TEST_CANCEL_H

int test_cancel_misuse(void);
int test_cancel_in_flight_returns_within_50ms(void);
int test_submit_callbacks_fire_exactly_once(void);
int test_cancelled_queued_calls_are_never_sent(void);
int test_callbacks_may_submit_and_clients_may_go(void);

#endif
