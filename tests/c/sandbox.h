/* The sandbox the online tests talk to: its address comes from the environment that
 * tests/c/with-sandbox sets up, and its control endpoints (/_sandbox/...) are driven
 * with a tiny HTTP/1.1 client over a loopback socket. */
#ifndef JC_TEST_SANDBOX_H
#define JC_TEST_SANDBOX_H

typedef struct {
    const char *base_url; /* JC_SANDBOX_BASE_URL, e.g. http://127.0.0.1:PORT/api/ */
    const char *origin;   /* JC_SANDBOX_ORIGIN, e.g. http://127.0.0.1:PORT */
    const char *login;    /* JC_SANDBOX_LOGIN */
    const char *secret;   /* JC_SANDBOX_SECRET */
} jc_sandbox;

/* Fills *sb from the environment: 1 when a sandbox is available, else 0. */
int sandbox_from_env(jc_sandbox *sb);

/* POSTs a form body to `path` on the sandbox origin; returns the HTTP status, or -1
 * when the request could not be made. */
int sandbox_post(const jc_sandbox *sb, const char *path, const char *form_body);

/* GETs `path` on the sandbox origin; returns the body of a 200 answer as a string the
 * caller frees with free(), or NULL. */
char *sandbox_get(const jc_sandbox *sb, const char *path);

/* A loopback TCP port nothing listens on (bound, then closed); 0 on failure. */
int sandbox_closed_port(void);

#endif
