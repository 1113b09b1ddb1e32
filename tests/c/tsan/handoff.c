/* handoff MODE: one thread parks a buffer in handoff.rs's std::sync::Mutex slot, another
 * takes it (spinning until it is there), 50 times. MODE "rust": only the Rust Mutex
 * orders the two; MODE "pthread": the C side also holds a pthread mutex around each
 * call, a lock TSan sees. Built with -fsanitize=thread; tests/c/run expects reports
 * for "rust" and none for "pthread". */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <sched.h>
#include <stdbool.h>

void handoff_put(unsigned char byte);
bool handoff_is_empty(void);
int handoff_take(void);

enum { ROUNDS = 50 };
static int visible;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void put(unsigned char b) {
    if (visible) pthread_mutex_lock(&lock);
    handoff_put(b);
    if (visible) pthread_mutex_unlock(&lock);
}

static int take(void) {
    if (visible) pthread_mutex_lock(&lock);
    int r = handoff_take();
    if (visible) pthread_mutex_unlock(&lock);
    return r;
}

static int is_empty(void) {
    if (visible) pthread_mutex_lock(&lock);
    int r = handoff_is_empty();
    if (visible) pthread_mutex_unlock(&lock);
    return r;
}

static void *producer(void *arg) {
    (void)arg;
    for (int i = 0; i < ROUNDS; i++) {
        put((unsigned char)(i + 1));
        while (!is_empty()) sched_yield(); /* each buffer crosses to the consumer */
    }
    return NULL;
}

int main(int argc, char **argv) {
    visible = argc > 1 && strcmp(argv[1], "pthread") == 0;
    pthread_t t;
    pthread_create(&t, NULL, producer, NULL);
    int got = 0;
    while (got < ROUNDS) {
        if (take() >= 0) got++;
    }
    pthread_join(t, NULL);
    printf("handoff (%s): %d buffers moved between threads\n", visible ? "pthread" : "rust", got);
    return 0;
}
