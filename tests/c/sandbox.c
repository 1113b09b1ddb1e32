/* See sandbox.h. POSIX sockets; loopback only. */
#define _POSIX_C_SOURCE 200809L

#include "sandbox.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

int sandbox_from_env(jc_sandbox *sb) {
    sb->base_url = getenv("JC_SANDBOX_BASE_URL");
    sb->origin = getenv("JC_SANDBOX_ORIGIN");
    sb->login = getenv("JC_SANDBOX_LOGIN");
    sb->secret = getenv("JC_SANDBOX_SECRET");
    return sb->base_url != NULL && sb->origin != NULL && sb->login != NULL &&
           sb->secret != NULL && *sb->base_url != '\0';
}

/* Splits "http://HOST:PORT" into host and port strings. */
static int split_origin(const char *origin, char *host, size_t host_cap, char *port,
                        size_t port_cap) {
    const char *prefix = "http://";
    if (strncmp(origin, prefix, strlen(prefix)) != 0) {
        return 0;
    }
    const char *h = origin + strlen(prefix);
    const char *colon = strrchr(h, ':');
    if (colon == NULL || (size_t)(colon - h) >= host_cap || strlen(colon + 1) >= port_cap) {
        return 0;
    }
    memcpy(host, h, (size_t)(colon - h));
    host[colon - h] = '\0';
    strcpy(port, colon + 1);
    char *slash = strchr(port, '/');
    if (slash != NULL) {
        *slash = '\0';
    }
    return 1;
}

static int connect_to(const char *host, const char *port) {
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host, port, &hints, &res) != 0) {
        return -1;
    }
    int fd = -1;
    for (struct addrinfo *ai = res; ai != NULL; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (fd < 0) {
            continue;
        }
        struct timeval tv = {10, 0};
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
            break;
        }
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    return fd;
}

int sandbox_post(const jc_sandbox *sb, const char *path, const char *form_body) {
    char host[256], port[16];
    if (!split_origin(sb->origin, host, sizeof host, port, sizeof port)) {
        return -1;
    }
    int fd = connect_to(host, port);
    if (fd < 0) {
        return -1;
    }
    char request[2048];
    int n = snprintf(request, sizeof request,
                     "POST %s HTTP/1.1\r\nHost: %s:%s\r\n"
                     "Content-Type: application/x-www-form-urlencoded\r\n"
                     "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
                     path, host, port, strlen(form_body), form_body);
    int status = -1;
    if (n > 0 && (size_t)n < sizeof request && write(fd, request, (size_t)n) == n) {
        char reply[512];
        size_t got = 0;
        ssize_t r;
        while (got < sizeof reply - 1 && (r = read(fd, reply + got, sizeof reply - 1 - got)) > 0) {
            got += (size_t)r;
        }
        reply[got] = '\0';
        int code;
        if (sscanf(reply, "HTTP/1.%*d %d", &code) == 1) {
            status = code;
        }
    }
    close(fd);
    return status;
}

char *sandbox_get(const jc_sandbox *sb, const char *path) {
    char host[256], port[16];
    if (!split_origin(sb->origin, host, sizeof host, port, sizeof port)) {
        return NULL;
    }
    int fd = connect_to(host, port);
    if (fd < 0) {
        return NULL;
    }
    char request[1024];
    int n = snprintf(request, sizeof request,
                     "GET %s HTTP/1.1\r\nHost: %s:%s\r\nConnection: close\r\n\r\n", path,
                     host, port);
    char *reply = NULL;
    size_t got = 0, cap = 0;
    if (n > 0 && (size_t)n < sizeof request && write(fd, request, (size_t)n) == n) {
        for (;;) {
            if (cap - got < 4096) {
                char *bigger = realloc(reply, cap * 2 + 8192);
                if (bigger == NULL) {
                    break;
                }
                reply = bigger;
                cap = cap * 2 + 8192;
            }
            ssize_t r = read(fd, reply + got, cap - got - 1);
            if (r <= 0) {
                break;
            }
            got += (size_t)r;
        }
    }
    close(fd);
    if (reply == NULL) {
        return NULL;
    }
    reply[got] = '\0';
    int code = 0;
    char *body = strstr(reply, "\r\n\r\n");
    if (sscanf(reply, "HTTP/1.%*d %d", &code) != 1 || code != 200 || body == NULL) {
        free(reply);
        return NULL;
    }
    memmove(reply, body + 4, strlen(body + 4) + 1);
    return reply;
}

int sandbox_closed_port(void) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        return 0;
    }
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    int port = 0;
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) == 0 &&
        getsockname(fd, (struct sockaddr *)&addr, &len) == 0) {
        port = ntohs(addr.sin_port);
    }
    close(fd);
    return port;
}
