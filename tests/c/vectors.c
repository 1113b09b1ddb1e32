/* Minimal JSON reader for the golden vectors; see vectors.h. */
#include "vectors.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *jv_read_file(const char *path, size_t *len_out) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap + 1);
    while (buf != NULL) {
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (len < cap) {
            break;
        }
        char *bigger = realloc(buf, 2 * cap + 1);
        if (bigger == NULL) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    int failed = ferror(f);
    fclose(f);
    if (buf == NULL || failed) {
        free(buf);
        return NULL;
    }
    buf[len] = '\0';
    *len_out = len;
    return buf;
}

typedef struct {
    const char *p;
    const char *end;
} cursor;

static void skip_ws(cursor *c) {
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r')) {
        c->p++;
    }
}

static int skip_value(cursor *c, int depth);

static int skip_string(cursor *c) {
    if (c->p >= c->end || *c->p != '"') {
        return 0;
    }
    for (c->p++; c->p < c->end; c->p++) {
        if (*c->p == '\\') {
            c->p++;
        } else if (*c->p == '"') {
            c->p++;
            return 1;
        }
    }
    return 0;
}

/* Skips `{...}` or `[...]`, whose opening byte is at c->p. */
static int skip_container(cursor *c, int depth) {
    char close = *c->p == '{' ? '}' : ']';
    int is_object = close == '}';
    c->p++;
    skip_ws(c);
    if (c->p < c->end && *c->p == close) {
        c->p++;
        return 1;
    }
    for (;;) {
        if (is_object) {
            skip_ws(c);
            if (!skip_string(c)) {
                return 0;
            }
            skip_ws(c);
            if (c->p >= c->end || *c->p != ':') {
                return 0;
            }
            c->p++;
        }
        if (!skip_value(c, depth + 1)) {
            return 0;
        }
        skip_ws(c);
        if (c->p >= c->end) {
            return 0;
        }
        if (*c->p == close) {
            c->p++;
            return 1;
        }
        if (*c->p != ',') {
            return 0;
        }
        c->p++;
    }
}

static int skip_value(cursor *c, int depth) {
    skip_ws(c);
    if (c->p >= c->end || depth > 100) {
        return 0;
    }
    switch (*c->p) {
    case '"':
        return skip_string(c);
    case '{':
    case '[':
        return skip_container(c, depth);
    default: {
        /* number, true, false, null */
        const char *start = c->p;
        while (c->p < c->end && strchr(",]} \t\r\n", *c->p) == NULL) {
            c->p++;
        }
        return c->p > start;
    }
    }
}

int jv_field(jv_span obj, const char *key, jv_span *out) {
    cursor c = {obj.ptr, obj.ptr + obj.len};
    size_t key_len = strlen(key);
    skip_ws(&c);
    if (c.p >= c.end || *c.p != '{') {
        return 0;
    }
    c.p++;
    for (;;) {
        skip_ws(&c);
        const char *k = c.p;
        if (!skip_string(&c)) {
            return 0;
        }
        /* Keys in the vectors are plain ASCII: compare the raw text between quotes. */
        int match = (size_t)(c.p - k) == key_len + 2 && memcmp(k + 1, key, key_len) == 0;
        skip_ws(&c);
        if (c.p >= c.end || *c.p != ':') {
            return 0;
        }
        c.p++;
        skip_ws(&c);
        const char *v = c.p;
        if (!skip_value(&c, 1)) {
            return 0;
        }
        if (match) {
            out->ptr = v;
            out->len = (size_t)(c.p - v);
            return 1;
        }
        skip_ws(&c);
        if (c.p >= c.end || *c.p != ',') {
            return 0;
        }
        c.p++;
    }
}

static int hex4(const char *p, unsigned long *out) {
    unsigned long v = 0;
    for (int i = 0; i < 4; i++) {
        char ch = p[i];
        v <<= 4;
        if (ch >= '0' && ch <= '9') {
            v |= (unsigned long)(ch - '0');
        } else if (ch >= 'a' && ch <= 'f') {
            v |= (unsigned long)(ch - 'a' + 10);
        } else if (ch >= 'A' && ch <= 'F') {
            v |= (unsigned long)(ch - 'A' + 10);
        } else {
            return 0;
        }
    }
    *out = v;
    return 1;
}

static size_t put_utf8(char *dst, unsigned long cp) {
    if (cp < 0x80) {
        dst[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        dst[0] = (char)(0xC0 | (cp >> 6));
        dst[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        dst[0] = (char)(0xE0 | (cp >> 12));
        dst[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        dst[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    dst[0] = (char)(0xF0 | (cp >> 18));
    dst[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    dst[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    dst[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

char *jv_string(jv_span raw, size_t *len_out) {
    if (raw.len < 2 || raw.ptr[0] != '"' || raw.ptr[raw.len - 1] != '"') {
        return NULL;
    }
    /* Decoded text is never longer than the escaped text. */
    char *out = malloc(raw.len + 1);
    if (out == NULL) {
        return NULL;
    }
    const char *p = raw.ptr + 1, *end = raw.ptr + raw.len - 1;
    size_t n = 0;
    while (p < end) {
        if (*p != '\\') {
            out[n++] = *p++;
            continue;
        }
        if (++p >= end) {
            goto bad;
        }
        char esc = *p++;
        switch (esc) {
        case '"': out[n++] = '"'; break;
        case '\\': out[n++] = '\\'; break;
        case '/': out[n++] = '/'; break;
        case 'b': out[n++] = '\b'; break;
        case 'f': out[n++] = '\f'; break;
        case 'n': out[n++] = '\n'; break;
        case 'r': out[n++] = '\r'; break;
        case 't': out[n++] = '\t'; break;
        case 'u': {
            unsigned long cp, low;
            if (end - p < 4 || !hex4(p, &cp)) {
                goto bad;
            }
            p += 4;
            if (cp >= 0xD800 && cp < 0xDC00) {
                /* A high surrogate must be followed by \uDC00..\uDFFF. */
                if (end - p < 6 || p[0] != '\\' || p[1] != 'u' || !hex4(p + 2, &low) ||
                    low < 0xDC00 || low > 0xDFFF) {
                    goto bad;
                }
                p += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            } else if (cp >= 0xDC00 && cp < 0xE000) {
                goto bad;
            }
            n += put_utf8(out + n, cp);
            break;
        }
        default:
            goto bad;
        }
    }
    out[n] = '\0';
    *len_out = n;
    return out;
bad:
    free(out);
    return NULL;
}

char *jv_string_field(jv_span obj, const char *key, size_t *len_out) {
    jv_span raw;
    if (!jv_field(obj, key, &raw)) {
        return NULL;
    }
    return jv_string(raw, len_out);
}
