/*
 * unsubscribe: remove a contact from a JustClick group (API method DeleteSubscribe).
 *
 * This is the job of JustClick's PHP example: sign the request with
 * md5(query::login::secret), POST it, and check the response's signature before
 * trusting it. libjustclick does all three, and it verifies every response: a forged
 * or tampered answer comes back as JC_STATUS_BAD_SIGNATURE, never as a success.
 *
 * Build against an installed libjustclick (see `make install` in the repository):
 *
 *     make release && make install PREFIX=$HOME/.local
 *     export PKG_CONFIG_PATH=$HOME/.local/lib/pkgconfig
 *     cc -std=c11 -o unsubscribe examples/c/unsubscribe.c \
 *         $(pkg-config --cflags --libs justclick)
 *
 * (or link statically: `cc -static ... $(pkg-config --cflags --libs --static justclick)`
 * for a fully static binary, or `-l:libjustclick.a` in place of `-ljustclick` for
 * libjustclick alone.)
 *
 * Run (the secret comes from the environment, never from the command line):
 *
 *     export JUSTCLICK_LOGIN=yourlogin JUSTCLICK_SECRET=your-api-key
 *     LD_LIBRARY_PATH=$HOME/.local/lib ./unsubscribe user@example.com super
 *
 * JUSTCLICK_BASE_URL overrides https://LOGIN.justclick.ru/api/, e.g. the URL that
 * `justclick sandbox` prints for the local sandbox (plain http is accepted only for
 * loopback hosts).
 *
 * Exit status: 0 unsubscribed; 1 JustClick refused (800 no such group, 801 no such
 * contact); 2 anything else (usage, network, signature).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <justclick.h>

/* Appends `s` to `buf` as a JSON string literal; 0 if it does not fit. */
static int append_json_string(char *buf, size_t cap, const char *s) {
    size_t n = strlen(buf);
    if (n + 1 >= cap) {
        return 0;
    }
    buf[n++] = '"';
    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        int written;
        if (c == '"' || c == '\\') {
            written = snprintf(buf + n, cap - n, "\\%c", c);
        } else if (c < 0x20) {
            written = snprintf(buf + n, cap - n, "\\u%04x", c);
        } else {
            written = snprintf(buf + n, cap - n, "%c", c);
        }
        if (written < 0 || (size_t)written >= cap - n) {
            return 0;
        }
        n += (size_t)written;
    }
    if (n + 2 > cap) {
        return 0;
    }
    buf[n++] = '"';
    buf[n] = '\0';
    return 1;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s EMAIL GROUP\n"
                        "  with JUSTCLICK_LOGIN, JUSTCLICK_SECRET [, JUSTCLICK_BASE_URL]\n",
                argv[0]);
        return 2;
    }
    const char *email = argv[1], *group = argv[2];
    const char *login = getenv("JUSTCLICK_LOGIN");
    const char *secret = getenv("JUSTCLICK_SECRET");
    const char *base_url = getenv("JUSTCLICK_BASE_URL");
    if (login == NULL || secret == NULL) {
        fprintf(stderr, "unsubscribe: set JUSTCLICK_LOGIN and JUSTCLICK_SECRET\n");
        return 2;
    }

    /* Client options are a JSON object; NULL means all defaults. */
    char options[1024] = "";
    if (base_url != NULL) {
        strcpy(options, "{\"base_url\":");
        if (!append_json_string(options, sizeof options - 1, base_url)) {
            fprintf(stderr, "unsubscribe: JUSTCLICK_BASE_URL is too long\n");
            return 2;
        }
        strcat(options, "}");
    }

    /* One error slot, reused by every call; it owns the messages we print. */
    jc_error *err = jc_error_new();
    jc_client *client = NULL;
    int exit_code = 2;
    jc_status status = jc_client_new(login, strlen(login), secret, strlen(secret),
                                     base_url ? options : NULL, strlen(options), &client, err);
    if (status != JC_STATUS_OK) {
        fprintf(stderr, "unsubscribe: %s: %s\n", jc_status_str(status), jc_error_message(err));
        goto done;
    }

    status = jc_delete_subscribe(client, email, strlen(email), group, strlen(group), err);
    switch (status) {
    case JC_STATUS_OK:
        /* error_code 0, and the response's hash proved it came from JustClick. */
        printf("%s unsubscribed from %s\n", email, group);
        exit_code = 0;
        break;
    case JC_STATUS_API_ERROR:
        /* A genuine refusal: the code and JustClick's own text. */
        fprintf(stderr, "unsubscribe: JustClick error %lld: %s\n",
                (long long)jc_error_api_code(err), jc_error_message(err));
        exit_code = 1;
        break;
    case JC_STATUS_BAD_SIGNATURE:
        /* Forged or tampered, or the secret is wrong: nothing in the answer is trusted. */
        fprintf(stderr, "unsubscribe: the response signature is wrong: %s\n",
                jc_error_message(err));
        break;
    default:
        fprintf(stderr, "unsubscribe: %s: %s\n", jc_status_str(status), jc_error_message(err));
        break;
    }

done:
    jc_client_free(client);
    jc_error_free(err);
    return exit_code;
}
